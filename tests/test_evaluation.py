"""Tests of hptlearn.evaluation against hand computations."""

import math
import pickle
import statistics
from types import SimpleNamespace

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import make_classification
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    RepeatedKFold,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.neighbors import KNeighborsClassifier

from hptlearn.distributions import LogUniformInt
from hptlearn.evaluation import (
    compare_candidates,
    edge_report,
    extend_space,
    nested_cv,
    one_standard_error_rule,
    refine_space,
    simulate_choosing_on_test,
    simulate_winners_curse,
)


def fake_search(params, means, space=None, attr="param_grid", best_index=None, **extra):
    """A fitted search as far as these functions read one."""
    cv_results = {"params": params, "mean_test_score": np.asarray(means, dtype=float)}
    cv_results.update(extra)
    best = int(np.argmax(means)) if best_index is None else best_index
    search = SimpleNamespace(cv_results_=cv_results, best_index_=best, refit=True)
    if space is not None:
        setattr(search, attr, space)
    return search


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=60, n_features=4, random_state=0)


# --- edges -----------------------------------------------------------------------


def test_grid_upper_edge_log_spaced():
    space = {"C": [0.01, 0.1, 1.0, 10.0, 100.0], "kernel": ["rbf", "linear"]}
    params = [{"C": c, "kernel": "rbf"} for c in space["C"]]
    report = edge_report(fake_search(params, [0.5, 0.6, 0.7, 0.8, 0.9], space))
    finding = report["C"]
    assert finding.edge == "upper" and finding.scale == "log" and finding.source == "grid"
    assert finding.suggestion == [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
    assert "C = 100 is the largest value searched: extend the range upwards, e.g. to 10000" in (
        finding.message
    )
    assert report.skipped == ("kernel",)
    assert report.at_edge == ["C"]
    assert "Not checked (categorical, no edges): kernel." in str(report)
    new = extend_space(space, report)
    assert new == {
        "C": [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0],
        **{"kernel": ["rbf", "linear"]},
    }
    assert space["C"] == [0.01, 0.1, 1.0, 10.0, 100.0]  # not modified in place


def test_grid_lower_edge_linear_integers_stays_positive():
    space = {"n_neighbors": [3, 5, 7, 9]}
    params = [{"n_neighbors": k} for k in space["n_neighbors"]]
    finding = edge_report(fake_search(params, [0.9, 0.8, 0.7, 0.6], space))["n_neighbors"]
    # step 2 below 3: 1, then -1 is dropped (every value searched is positive)
    assert finding.edge == "lower" and finding.scale == "linear"
    assert finding.suggestion == [1, 3, 5, 7, 9]
    assert "smallest value searched: extend the range downwards, e.g. to 1" in finding.message

    space = {"n_neighbors": [2, 4, 6]}
    params = [{"n_neighbors": k} for k in space["n_neighbors"]]
    finding = edge_report(fake_search(params, [0.9, 0.8, 0.7], space))["n_neighbors"]
    assert finding.edge == "lower" and finding.suggestion is None
    assert "true limit" in finding.message


def test_grid_inside_and_single_value():
    space = {"C": [1, 10, 100], "gamma": [0.5]}
    params = [{"C": c, "gamma": 0.5} for c in space["C"]]
    report = edge_report(fake_search(params, [0.7, 0.9, 0.8], space))
    assert report["C"].edge is None and "inside" in report["C"].message
    assert report["gamma"].edge is None and "only value" in report["gamma"].message
    assert report.at_edge == []
    assert extend_space(space, report) == space


def test_list_of_grids_uses_every_grid_with_the_name():
    space = [{"kernel": ["linear"], "C": [1, 10]}, {"kernel": ["rbf"], "C": [10, 100, 1000]}]
    params = [{"kernel": "linear", "C": 1}, {"kernel": "linear", "C": 10}] + [
        {"kernel": "rbf", "C": c} for c in (10, 100, 1000)
    ]
    report = edge_report(fake_search(params, [0.1, 0.2, 0.3, 0.4, 0.5], space))
    assert report["C"].edge == "upper" and (report["C"].low, report["C"].high) == (1, 1000)
    assert report["C"].suggestion == [1, 10, 100, 1000, 10000, 100000]
    new = extend_space(space, report)
    assert new[0]["C"] == [1, 10] and new[1]["C"] == [10, 100, 1000, 10000, 100000]


def test_multimetric_best_index():
    space = {"C": [1, 10, 100]}
    params = [{"C": c} for c in space["C"]]
    search = SimpleNamespace(
        cv_results_={
            "params": params,
            "mean_test_recall": np.array([0.9, 0.1, 0.2]),
            "mean_test_accuracy": np.array([0.1, 0.2, 0.9]),
        },
        best_index_=0,  # what refit="recall" chose
        refit="recall",
        param_grid=space,
    )
    assert edge_report(search)["C"].edge == "lower"


def test_distribution_edges_and_widening():
    space = {
        "C": stats.loguniform(1e-3, 1e3),
        "k": stats.randint(1, 11),
        "n": LogUniformInt(1, 1000),
        "alpha": stats.uniform(0, 1),
    }
    best = {"C": 500.0, "k": 10, "n": 900, "alpha": 0.5}
    params = [best, {"C": 1.0, "k": 5, "n": 10, "alpha": 0.2}]
    report = edge_report(
        fake_search(params, [0.9, 0.5], space, attr="param_distributions"), margin=0.1
    )
    # log position of 500 in [1e-3, 1e3]: (ln 500 - ln 1e-3) / ln 1e6
    position = (math.log(500) - math.log(1e-3)) / math.log(1e6)
    assert position > 0.9
    assert report["C"].edge == "upper" and report["C"].suggestion == (1e-3, 1e4)
    assert "extend the range upwards, e.g. to 10000" in report["C"].message
    # randint(1, 11) draws 1..10: 10 is the end; step (10 - 1) / 2 rounded is 4
    assert report["k"].edge == "upper" and report["k"].suggestion == (1, 14)
    assert report["n"].edge == "upper" and report["n"].suggestion == (1, 10000)
    assert report["alpha"].edge is None
    new = extend_space(space, report)
    assert new["C"].support() == (1e-3, 1e4)
    assert new["k"].support() == (1, 14)
    assert new["n"] == LogUniformInt(1, 10000)
    assert new["alpha"] is space["alpha"]


def test_unbounded_distribution_uses_observed_range():
    space = {"scale": stats.expon()}
    params = [{"scale": v} for v in (0.5, 1.0, 4.0)]
    finding = edge_report(fake_search(params, [0.1, 0.2, 0.9], space, attr="param_distributions"))[
        "scale"
    ]
    assert (finding.low, finding.high) == (0.0, 4.0)
    assert finding.edge == "upper" and finding.source == "observed" and finding.suggestion is None


def test_edge_report_on_a_real_search(data):
    X, y = data
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 2]}, cv=3).fit(X, y)
    best = search.best_params_["n_neighbors"]
    finding = edge_report(search)["n_neighbors"]
    assert finding.best == best and finding.edge == ("lower" if best == 1 else "upper")


def test_refine_space():
    params = [{"k": k, "weights": "uniform"} for k in (1, 5, 9, 13)]
    grid = refine_space(fake_search(params, [0.1, 0.9, 0.5, 0.2]), n_values=5)
    assert grid == {"k": [1, 3, 5, 7, 9], "weights": ["uniform"]}
    assert grid["k"] == sorted({int(round(v)) for v in np.linspace(1, 9, 5)})
    log = refine_space(
        {"params": [{"C": 0.1}, {"C": 1.0}, {"C": 10.0}], "mean_test_score": [0.5, 0.9, 0.7]},
        n_values=3,
    )
    assert log == {"C": [0.1, 1.0, 10.0]}
    with pytest.raises(ValueError, match="at least 2"):
        refine_space(fake_search(params, [0.1, 0.9, 0.5, 0.2]), n_values=1)


# --- one standard error -------------------------------------------------------------


def se_results():
    # folds of the best (C=10): 0.80, 0.90, 1.00 -> sample std 0.1, SE 0.1 / sqrt(3)
    folds = {
        0.1: [0.65, 0.70, 0.75],
        1.0: [0.78, 0.83, 0.88],
        3.0: [0.81, 0.86, 0.91],
        10.0: [0.80, 0.90, 1.00],
    }
    scores = np.array(list(folds.values()))
    results = {
        "params": [{"C": c} for c in folds],
        "mean_test_score": scores.mean(axis=1),
        "std_test_score": scores.std(axis=1),  # ddof=0, as scikit-learn
    }
    for i in range(3):
        results[f"split{i}_test_score"] = scores[:, i]
    return results


def test_one_standard_error_uses_sample_std_over_sqrt_k():
    results = se_results()
    rule = one_standard_error_rule({"C": "lower"})
    choice = rule.explain(results)
    se = statistics.stdev([0.80, 0.90, 1.00]) / math.sqrt(3)
    assert choice.best_index == 3
    assert choice.spread == pytest.approx(se)
    assert choice.threshold == pytest.approx(0.90 - se)  # 0.842: C=1 (0.83) is out
    assert choice.within == [2, 3]
    assert rule(results) == 2


def test_one_standard_error_std_spread_like_scikit_learn_example():
    results = se_results()
    rule = one_standard_error_rule({"C": "lower"}, spread="std")
    choice = rule.explain(results)
    std = statistics.pstdev([0.80, 0.90, 1.00])  # 0.0816: C=1 (0.83) is within
    assert choice.spread == pytest.approx(std)
    assert choice.within == [1, 2, 3]
    assert rule(results) == 1


def test_simplicity_directions_ties_and_errors():
    results = se_results()
    assert one_standard_error_rule({"C": "higher"})(results) == 3
    # a key that ties every candidate: the higher mean score wins
    assert one_standard_error_rule(lambda params: 0)(results) == 3
    # ties in key and score: the earlier candidate
    results["mean_test_score"] = np.array([0.5, 0.9, 0.9, 0.9])
    assert one_standard_error_rule(lambda params: 0)(results) == 1
    with pytest.raises(TypeError, match="needs simplicity"):
        one_standard_error_rule()
    with pytest.raises(ValueError, match="'lower'"):
        one_standard_error_rule({"C": "smaller"})
    with pytest.raises(ValueError, match="spread"):
        one_standard_error_rule({"C": "lower"}, spread="iqr")
    with pytest.raises(ValueError, match="has no 'gamma'"):
        one_standard_error_rule({"gamma": "lower"})(se_results())
    multi = {k.replace("score", "recall"): v for k, v in se_results().items()}
    with pytest.raises(ValueError, match="metric='recall'"):
        one_standard_error_rule({"C": "lower"})(multi)
    assert one_standard_error_rule({"C": "lower"}, metric="recall")(multi) == 2


def test_failed_candidates_are_never_chosen():
    results = se_results()
    results["mean_test_score"] = np.array([np.nan, 0.83, 0.86, 0.90])
    assert one_standard_error_rule({"C": "lower"})(results) == 2


def test_rule_as_refit_in_grid_search(data):
    X, y = data
    rule = one_standard_error_rule({"n_neighbors": "higher"})
    pickle.loads(pickle.dumps(rule))  # a search holding it can go to parallel workers
    search = GridSearchCV(
        KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=3, refit=rule
    ).fit(X, y)
    assert search.best_index_ == rule(search.cv_results_)
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]


# --- corrected t-test ---------------------------------------------------------------


def ttest_results():
    a = [0.80, 0.85, 0.75, 0.90, 0.70]
    b = [0.78, 0.80, 0.76, 0.84, 0.69]
    results = {
        "params": [{"C": 1}, {"C": 10}],
        "mean_test_score": np.array([np.mean(a), np.mean(b)]),
        "rank_test_score": np.array([1, 2]),
    }
    for i in range(5):
        results[f"split{i}_test_score"] = np.array([a[i], b[i]])
    return results, a, b


def test_corrected_t_statistic_by_hand():
    results, a, b = ttest_results()
    d = [x - y for x, y in zip(a, b, strict=True)]
    n, n_train, n_test = 5, 80, 20
    var = statistics.variance(d) * (1 / n + n_test / n_train)
    t = statistics.mean(d) / math.sqrt(var)
    result = compare_candidates(results, 0, 1, n_train=n_train, n_test=n_test)
    assert result.t == pytest.approx(t)
    assert result.df == 4
    assert result.mean_difference == pytest.approx(statistics.mean(d))
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), 4))
    greater = compare_candidates(results, 0, 1, n_train=80, n_test=20, alternative="greater")
    assert greater.p_value == pytest.approx(stats.t.sf(t, 4))
    less = compare_candidates(results, 0, 1, n_train=80, n_test=20, alternative="less")
    assert less.p_value == pytest.approx(stats.t.cdf(t, 4))
    # swapping the candidates flips t, keeps the two-sided p
    swapped = compare_candidates(results, 1, 0, n_train=80, n_test=20)
    assert swapped.t == pytest.approx(-t) and swapped.p_value == pytest.approx(result.p_value)
    # without the correction term it would be the plain paired t-test
    plain = stats.ttest_rel(a, b)
    assert abs(result.t) < abs(plain.statistic)


def test_sentence_is_statistically_honest():
    results, _, _ = ttest_results()
    result = compare_candidates(results, "best", "rank 2", n_train=80, n_test=20)
    assert result.p_value > 0.05
    assert "no evidence of a difference at the 5 % level" in result.sentence
    assert f"p = {result.p_value:.2g}" in result.sentence
    assert "does not show that they are equally good" in str(result)
    # a clear, consistent difference
    for i in range(5):
        results[f"split{i}_test_score"] = np.array([0.9 + 0.01 * i, 0.7 + 0.012 * i])
    strong = compare_candidates(results, 0, 1, n_train=80, n_test=20, alpha=0.01)
    assert strong.p_value < 0.01
    assert "there is evidence of a difference at the 1 % level" in strong.sentence
    assert "scores 0.196 higher on average" in strong.sentence


def test_sizes_from_the_search_cv():
    results, a, b = ttest_results()
    n_samples = 101
    search = SimpleNamespace(cv_results_=results, best_index_=0, refit=True, cv=5)
    train, test = next(KFold(5).split(np.zeros(n_samples)))
    result = compare_candidates(search, 0, 1, n_samples=n_samples)
    assert (result.n_train, result.n_test) == (len(train), len(test)) == (80, 21)
    search.cv = StratifiedKFold(5)
    assert compare_candidates(search, 0, 1, n_samples=n_samples).n_test == 21
    search.cv = RepeatedKFold(n_splits=5, n_repeats=2, random_state=0)
    assert compare_candidates(search, 0, 1, n_samples=100)[6:8] == (80, 20)
    search.cv = object()
    with pytest.raises(ValueError, match="give n_train and n_test"):
        compare_candidates(search, 0, 1, n_samples=100)
    with pytest.raises(ValueError, match="needs the sizes"):
        compare_candidates(search, 0, 1)


def test_repeated_folds_count_in_df(data):
    X, y = data
    cv = RepeatedKFold(n_splits=3, n_repeats=2, random_state=0)
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 15]}, cv=cv).fit(X, y)
    result = compare_candidates(search, 0, 1, n_samples=len(X))
    assert result.df == 5 and (result.n_train, result.n_test) == (40, 20)
    d = np.array([search.cv_results_[f"split{i}_test_score"] for i in range(6)])
    d = d[:, 0] - d[:, 1]
    t = d.mean() / math.sqrt(np.var(d, ddof=1) * (1 / 6 + 20 / 40))
    assert result.t == pytest.approx(t)


def test_candidate_choice_errors():
    results, _, _ = ttest_results()
    with pytest.raises(ValueError, match="same candidate"):
        compare_candidates(results, "best", 0, n_train=80, n_test=20)
    with pytest.raises(ValueError, match="no candidate has rank 3"):
        compare_candidates(results, 0, "rank 3", n_train=80, n_test=20)
    with pytest.raises(ValueError, match="from 0 to 1"):
        compare_candidates(results, 0, 7, n_train=80, n_test=20)


# --- nested cross-validation ----------------------------------------------------------


def test_nested_cv_matches_cross_val_score(data):
    X, y = data
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=3)
    result = nested_cv(search, X, y, cv=3, random_state=0)
    outer = StratifiedKFold(3, shuffle=True, random_state=0)
    expected = cross_val_score(search, X, y, cv=outer)
    np.testing.assert_allclose(result.outer_scores, expected)
    assert result.mean == pytest.approx(expected.mean())
    assert result.std == pytest.approx(expected.std())
    for (train, _), params, inner in zip(
        outer.split(X, y), result.best_params, result.inner_best_scores, strict=True
    ):
        fitted = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=3).fit(
            X[train], y[train]
        )
        assert params == fitted.best_params_ and inner == pytest.approx(fitted.best_score_)
    assert result.optimism == pytest.approx(result.inner_best_scores.mean() - expected.mean())
    frame = result.frame()
    assert list(frame.columns) == ["fold", "inner_best_score", "outer_score", "gap", "n_neighbors"]
    np.testing.assert_allclose(frame["gap"], result.inner_best_scores - expected)
    assert "Nested CV over 3 outer folds" in str(result)


def test_nested_cv_with_callable_refit_and_other_metric(data):
    X, y = data
    rule = one_standard_error_rule({"n_neighbors": "higher"})
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 15]}, cv=3, refit=rule)
    result = nested_cv(search, X, y, cv=KFold(3), scoring="balanced_accuracy")
    for s, inner in zip(result.searches, result.inner_best_scores, strict=True):
        assert inner == s.cv_results_["mean_test_score"][s.best_index_]
    assert math.isnan(result.optimism)
    with pytest.raises(ValueError, match="refit=True"):
        nested_cv(GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1]}, refit=False), X, y)


def test_nested_cv_keeps_groups_whole_at_both_levels(data):
    # 12 groups of 5 rows: the inner GroupKFold needs the groups of each outer training set
    X, y = data
    groups = np.repeat(np.arange(12), 5)
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=GroupKFold(3))
    outer = GroupKFold(4)
    result = nested_cv(search, X, y, cv=outer, groups=groups)
    expected = []
    for (train, test), fitted in zip(outer.split(X, y, groups), result.searches, strict=True):
        plain = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=GroupKFold(3))
        plain.fit(X[train], y[train], groups=groups[train])
        expected.append(plain.score(X[test], y[test]))
        assert fitted.best_params_ == plain.best_params_
        np.testing.assert_allclose(
            fitted.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
        )
        for inner_train, inner_test in GroupKFold(3).split(X[train], y[train], groups[train]):
            assert not set(groups[train][inner_train]) & set(groups[train][inner_test])
    np.testing.assert_allclose(result.outer_scores, expected)
    with pytest.raises(ValueError, match="pass groups= to nested_cv"):
        nested_cv(search, X, y, cv=outer)


# --- simulations on data whose truth is known ----------------------------------------------


def _moons(seed):
    from sklearn.datasets import make_moons

    return make_moons(80, noise=0.3, random_state=seed)


def test_choosing_on_test_matches_a_loop_by_hand():
    from sklearn.model_selection import train_test_split

    settings = [{"n_neighbors": k} for k in (1, 3, 9, 27)]
    result = simulate_choosing_on_test(
        KNeighborsClassifier(),
        settings,
        _moons,
        n_teams=3,
        validation_size=20,
        test_size=20,
        new_seeds=[50, 51],
    )
    X_new = np.vstack([_moons(50)[0], _moons(51)[0]])
    y_new = np.concatenate([_moons(50)[1], _moons(51)[1]])
    expected = []
    for team in (1, 2, 3):
        X, y = _moons(team)
        X_rest, X_te, y_rest, y_te = train_test_split(
            X, y, test_size=20, stratify=y, random_state=0
        )
        X_tr, X_va, y_tr, y_va = train_test_split(
            X_rest, y_rest, test_size=20, stratify=y_rest, random_state=0
        )
        models = [KNeighborsClassifier(**s).fit(X_tr, y_tr) for s in settings]
        test = [m.score(X_te, y_te) for m in models]
        valid = [m.score(X_va, y_va) for m in models]
        for chosen_on, scores in (("test", test), ("validation", valid)):
            best = int(np.argmax(scores))
            expected.append(
                (team, chosen_on, settings[best], test[best], models[best].score(X_new, y_new))
            )
    got = list(
        result.frame[["team", "chosen_on", "params", "reported", "true"]].itertuples(
            index=False, name=None
        )
    )
    assert got == expected
    # choosing on the test set reports the best test score: never below the other choice's
    frame = result.frame.set_index(["team", "chosen_on"])["reported"].unstack()
    assert (frame["test"] >= frame["validation"]).all()
    summary = result.summary()
    assert list(summary.index) == ["test", "validation"]
    on_test = result.frame[result.frame["chosen_on"] == "test"]
    assert summary.loc["test", "optimism"] == pytest.approx(
        (on_test["reported"] - on_test["true"]).mean()
    )
    assert summary.loc["test", "too_high"] == (on_test["reported"] > on_test["true"]).sum()
    text = str(result)
    assert text.startswith("4 settings, 3 teams")
    assert f"{summary.loc['test', 'reported']:.3f}" in text.splitlines()[3]


def test_choosing_on_test_refuses_new_data_that_a_team_drew():
    with pytest.raises(ValueError, match="none of the teams' seeds"):
        simulate_choosing_on_test(
            KNeighborsClassifier(), {"n_neighbors": [1, 3]}, _moons, n_teams=3, new_seeds=[2, 100]
        )
    with pytest.raises(ValueError, match="at least one dict"):
        simulate_choosing_on_test(KNeighborsClassifier(), [], _moons, n_teams=3)


def test_winners_curse_matches_a_loop_by_hand():
    from sklearn.tree import DecisionTreeClassifier

    X, y = make_classification(360, n_features=8, random_state=0)
    tree = DecisionTreeClassifier(max_depth=2, max_features="sqrt")
    curse = simulate_winners_curse(
        tree,
        {"random_state": list(range(6))},
        X,
        y,
        n_fresh=200,
        n_train=40,
        repeats=4,
        sizes=[1, 3, 6],
        n_splits=3,
    )
    assert curse.best_scores.shape == curse.true_scores.shape == (4, 3)
    for r in range(4):
        rows = slice(200 + 40 * r, 240 + 40 * r)
        folds = StratifiedKFold(3, shuffle=True, random_state=r)
        means = [
            cross_val_score(
                DecisionTreeClassifier(max_depth=2, max_features="sqrt", random_state=s),
                X[rows],
                y[rows],
                cv=folds,
            ).mean()
            for s in range(6)
        ]
        for j, m in enumerate((1, 3, 6)):
            winner = int(np.argmax(means[:m]))
            assert curse.winners[r, j] == winner
            assert curse.best_scores[r, j] == pytest.approx(means[winner])
            refit = DecisionTreeClassifier(
                max_depth=2, max_features="sqrt", random_state=winner
            ).fit(X[rows], y[rows])
            assert curse.true_scores[r, j] == refit.score(X[:200], y[:200])
    # the best of more candidates never scores lower on the folds that chose it
    assert (np.diff(curse.best_scores, axis=1) >= 0).all()
    frame = curse.frame()
    assert frame["optimism"].tolist() == pytest.approx(curse.optimism.mean(axis=0).tolist())
    assert frame["optimism_se"].tolist() == pytest.approx(
        (curse.optimism.std(axis=0, ddof=1) / 2).tolist()
    )
    assert str(curse).splitlines()[0].startswith("candidates  mean best_score_")
    assert "from 1 to 6 candidates" in str(curse)


def test_winners_curse_default_sizes_and_bad_input():
    from sklearn.tree import DecisionTreeClassifier

    X, y = make_classification(120, n_features=5, random_state=0)
    tree = DecisionTreeClassifier(max_depth=1)
    curse = simulate_winners_curse(
        tree, {"random_state": list(range(5))}, X, y, n_fresh=60, n_train=30, repeats=2, n_splits=3
    )
    assert curse.sizes.tolist() == [1, 2, 4]
    with pytest.raises(ValueError, match="X has 120 rows; .* 150 are needed"):
        simulate_winners_curse(
            tree, {"random_state": [0, 1]}, X, y, n_fresh=60, n_train=30, repeats=3
        )
    with pytest.raises(ValueError, match="sizes must be numbers of candidates from 1 to 2"):
        simulate_winners_curse(
            tree, {"random_state": [0, 1]}, X, y, n_fresh=60, n_train=30, repeats=2, sizes=[1, 4]
        )
