import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.stats import gaussian_kde, loguniform
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    RandomizedSearchCV,
    cross_val_score,
)
from sklearn.svm import SVC

from hptlearn import results_frame
from hptlearn.distributions import QuasiRandomParameterSampler
from hptlearn.plots import (
    HalvingIterationsData,
    OptimizationHistoryData,
    SampledPointsData,
    TPEDensitiesData,
    halving_iterations_data,
    optimization_history_data,
    plot_halving_iterations,
    plot_optimization_history,
    plot_sampled_points,
    plot_tpe_densities,
    sampled_points_data,
    score_surface_data,
    tpe_densities_data,
)

X, Y = load_iris(return_X_y=True)
SPACE = {"C": loguniform(1e-2, 1e3), "gamma": loguniform(1e-4, 1e1)}


@pytest.fixture(scope="module")
def halving():
    grid = {"C": [0.01, 0.1, 1, 10, 100], "gamma": [0.001, 0.01, 0.1, 1]}
    return HalvingGridSearchCV(SVC(), grid, cv=3, factor=2, random_state=0).fit(X, Y)


@pytest.fixture(scope="module")
def random_search():
    space = {**SPACE, "kernel": ["rbf", "sigmoid"]}
    return RandomizedSearchCV(SVC(), space, n_iter=12, cv=3, random_state=0).fit(X, Y)


@pytest.fixture(scope="module")
def quasi_random_search():
    candidates = QuasiRandomParameterSampler(SPACE, 8, random_state=0)
    grid = [{name: [value] for name, value in c.items()} for c in candidates]
    return GridSearchCV(SVC(), grid, cv=3).fit(X, Y)


# --------------------------------------------------------------------------------------
# Successive halving
# --------------------------------------------------------------------------------------


def test_halving_iterations_data_matches_cv_results(halving):
    d = halving_iterations_data(halving)
    assert isinstance(d, HalvingIterationsData)
    results = pd.DataFrame(halving.cv_results_)
    assert d.iterations.tolist() == list(range(halving.n_iterations_))
    assert d.n_resources.tolist() == list(halving.n_resources_)
    assert d.n_candidates.tolist() == list(halving.n_candidates_)
    assert d.resource == "n_samples"
    # every candidate of the grid, once, in the order of the first iteration
    first = results[results["iter"] == 0]["params"].tolist()
    assert d.candidates == first
    # each candidate's scores are its rows of cv_results_, iteration by iteration
    for params, its, scores in zip(
        d.candidates, d.candidate_iterations, d.candidate_scores, strict=True
    ):
        rows = results[results["params"].apply(lambda p, q=params: p == q)]
        assert its.tolist() == rows["iter"].tolist()
        assert scores.tolist() == rows["mean_test_score"].tolist()
        # a candidate survives from iteration 0 without gaps
        assert its.tolist() == list(range(len(its)))
    assert sum(len(i) for i in d.candidate_iterations) == len(results)
    assert d.candidates[d.best] == halving.best_params_
    assert d.score == "mean_test_score"


def test_halving_iterations_data_with_a_hyperparameter_as_resource():
    search = HalvingGridSearchCV(
        RandomForestClassifier(random_state=0),
        {"max_depth": [1, 2, 3, None]},
        resource="n_estimators",
        max_resources=12,
        factor=2,
        cv=3,
        random_state=0,
    ).fit(X, Y)
    d = halving_iterations_data(search)
    assert d.resource == "n_estimators"
    assert d.n_resources.tolist() == list(search.n_resources_)
    assert d.candidates == [{"max_depth": v} for v in (1, 2, 3, None)]
    best = {k: v for k, v in search.best_params_.items() if k != "n_estimators"}
    assert d.candidates[d.best] == best
    # the same from the cv_results_ dict alone: the resource is found in the params
    from_dict = halving_iterations_data(search.cv_results_)
    assert from_dict.resource == "n_estimators"
    assert from_dict.candidates == d.candidates
    assert [s.tolist() for s in from_dict.candidate_scores] == [
        s.tolist() for s in d.candidate_scores
    ]


def test_halving_iterations_data_draws_a_repeat_within_an_iteration_once():
    cv_results = {
        "iter": np.array([0, 0, 0, 0, 1, 1]),
        "n_resources": np.array([10, 10, 10, 10, 20, 20]),
        "params": [{"C": 1}, {"C": 2}, {"C": 1}, {"C": 3}, {"C": 1}, {"C": 3}],
        "mean_test_score": np.array([0.7, 0.5, 0.7, 0.8, 0.75, 0.72]),
    }
    d = halving_iterations_data(cv_results)
    assert d.n_candidates.tolist() == [4, 2]
    assert d.candidates == [{"C": 1}, {"C": 2}, {"C": 3}]
    assert [i.tolist() for i in d.candidate_iterations] == [[0, 1], [0], [0, 1]]
    assert [s.tolist() for s in d.candidate_scores] == [[0.7, 0.75], [0.5], [0.8, 0.72]]
    assert d.best == 0  # best of the last iteration, not of all iterations


def test_halving_iterations_data_refuses_other_searches(random_search):
    with pytest.raises(ValueError, match="not come from a successive-halving search"):
        halving_iterations_data(random_search)
    with pytest.raises(ValueError, match="pass the fitted search itself"):
        halving_iterations_data(results_frame(random_search))
    with pytest.raises(TypeError, match="call .fit"):
        halving_iterations_data(SVC())


def test_plot_halving_iterations_draws(halving):
    ax = plot_halving_iterations(halving)
    d = halving_iterations_data(halving)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == f"iter 0\nn_samples={d.n_resources[0]}\nn_candidates={d.n_candidates[0]}"
    _, given = plt.subplots()
    assert plot_halving_iterations(d, ax=given) is given
    plt.close("all")


# --------------------------------------------------------------------------------------
# Optimization history
# --------------------------------------------------------------------------------------


def test_optimization_history_data_follows_the_rows(random_search):
    d = optimization_history_data(random_search)
    assert isinstance(d, OptimizationHistoryData)
    scores = np.asarray(random_search.cv_results_["mean_test_score"], dtype=float)
    assert d.trial.tolist() == list(range(1, len(scores) + 1))
    assert d.scores.tolist() == scores.tolist()
    best, expected = -np.inf, []
    for s in scores:
        best = max(best, s)
        expected.append(best)
    assert d.best_so_far.tolist() == expected
    assert d.best == int(np.argmax(scores))
    assert not d.failed.any()
    # C and gamma both have 12 distinct values: the first in column order is chosen
    assert d.param == "C"
    C = [p["C"] for p in random_search.cv_results_["params"]]
    assert d.values.tolist() == C
    assert d.log == (min(C) > 0 and max(C) / min(C) >= 100)
    assert d.categories is None
    # the results frame gives the same
    again = optimization_history_data(results_frame(random_search))
    assert again.scores.tolist() == d.scores.tolist() and again.values.tolist() == C


def test_optimization_history_data_named_and_categorical_params(random_search):
    gamma = optimization_history_data(random_search, "gamma")
    assert gamma.values.tolist() == [p["gamma"] for p in random_search.cv_results_["params"]]
    kernel = optimization_history_data(random_search, "kernel")
    assert kernel.categories == ["rbf", "sigmoid"]
    expected = [["rbf", "sigmoid"].index(p["kernel"]) for p in random_search.cv_results_["params"]]
    assert kernel.values.tolist() == expected
    assert not kernel.log
    with pytest.raises(ValueError, match="hyperparameters are: C, gamma, kernel"):
        optimization_history_data(random_search, "degree")


def test_optimization_history_data_failed_trials():
    search = GridSearchCV(SVC(), {"C": [-1.0, 1.0, 0.01, 10.0]}, cv=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, Y)
    d = optimization_history_data(search)
    assert d.failed.tolist() == [True, False, False, False]
    scores = search.cv_results_["mean_test_score"]
    assert np.isnan(d.scores[0]) and d.scores[1:].tolist() == list(scores[1:])
    assert np.isnan(d.best_so_far[0])
    assert d.best_so_far[1:].tolist() == np.maximum.accumulate(scores[1:]).tolist()
    assert d.best == 1 + int(np.argmax(scores[1:]))


def test_plot_optimization_history_draws(random_search):
    axes = plot_optimization_history(random_search)
    assert len(axes) == 2 and axes[1].get_yscale() == "log"
    frame = results_frame(random_search)[["order", "kernel", "mean_test_score", "status"]]
    one = plot_optimization_history(optimization_history_data(frame, "kernel"))
    assert len(one) == 2
    with pytest.raises(ValueError, match="sequence of 2 axes"):
        plot_optimization_history(random_search, ax=plt.subplots()[1])
    plt.close("all")


# --------------------------------------------------------------------------------------
# Sampled points over a score surface
# --------------------------------------------------------------------------------------


def test_score_surface_data_is_the_cross_validated_grid():
    Cs, gammas = [0.1, 10.0], [0.01, 1.0, 10.0]
    s = score_surface_data(SVC(), X, Y, "C", Cs, "gamma", gammas, cv=3)
    assert s.scores.shape == (3, 2)
    assert s.x_values.tolist() == Cs and s.y_values.tolist() == gammas
    for i, g in enumerate(gammas):
        for j, c in enumerate(Cs):
            expected = cross_val_score(SVC(C=c, gamma=g), X, Y, cv=3).mean()
            assert s.scores[i, j] == pytest.approx(expected, abs=1e-12)
    assert s.score == "mean_test_score"


def test_sampled_points_data_per_strategy(random_search, quasi_random_search):
    surface = score_surface_data(
        SVC(), X, Y, "C", np.logspace(-2, 3, 3), "gamma", np.logspace(-4, 1, 3), cv=3
    )
    searches = {"random": random_search, "quasi-random": results_frame(quasi_random_search)}
    d = sampled_points_data(searches, "C", "gamma", surface)
    assert isinstance(d, SampledPointsData)
    assert list(d.strategies) == ["random", "quasi-random"]
    for name, search in (("random", random_search), ("quasi-random", quasi_random_search)):
        params = search.cv_results_["params"]
        scores = np.asarray(search.cv_results_["mean_test_score"], dtype=float)
        p = d[name]
        assert p.x.tolist() == [c["C"] for c in params]
        assert p.y.tolist() == [c["gamma"] for c in params]
        assert p.scores.tolist() == scores.tolist()
        assert p.best == int(np.argmax(scores))
    assert d.x_log and d.y_log
    assert d.surface is surface


def test_sampled_points_data_refuses_wrong_inputs(random_search):
    with pytest.raises(ValueError, match="non-numeric values"):
        sampled_points_data({"random": random_search}, "C", "kernel")
    with pytest.raises(ValueError, match="hyperparameters are"):
        sampled_points_data({"random": random_search}, "C", "degree")
    with pytest.raises(TypeError, match="non-empty dict"):
        sampled_points_data([random_search], "C", "gamma")
    surface = score_surface_data(SVC(), X, Y, "gamma", [0.1, 1.0], "C", [1.0, 10.0], cv=3)
    with pytest.raises(ValueError, match="surface is over"):
        sampled_points_data({"random": random_search}, "C", "gamma", surface)


def test_plot_sampled_points_draws(random_search, quasi_random_search):
    searches = {"random": random_search, "quasi-random": quasi_random_search}
    surface = score_surface_data(SVC(), X, Y, "C", [0.01, 1.0, 1000.0], "gamma", [1e-4, 10.0], cv=3)
    axes = plot_sampled_points(sampled_points_data(searches, "C", "gamma", surface))
    assert len(axes) == 2 and axes[0].get_xscale() == "log"
    axes = plot_sampled_points(sampled_points_data(searches, "C", "gamma"))
    assert [a.get_title().split(":")[0] for a in axes] == ["random", "quasi-random"]
    with pytest.raises(TypeError, match="sampled_points_data"):
        plot_sampled_points(searches)
    plt.close("all")


# --------------------------------------------------------------------------------------
# TPE densities (teaching reconstruction)
# --------------------------------------------------------------------------------------


def _trials(n, seed=0):
    rng = np.random.RandomState(seed)
    values = 10 ** rng.uniform(-2, 3, n)
    scores = -((np.log10(values) - 1.0) ** 2) + rng.normal(0, 0.1, n)
    return values, scores


@pytest.mark.parametrize("n, gamma", [(12, 0.25), (16, 0.25), (20, 0.1), (5, 0.25), (6, 0.9)])
def test_tpe_densities_data_split(n, gamma):
    values, scores = _trials(n)
    d = tpe_densities_data(values, scores, gamma=gamma, bounds=(1e-2, 1e3))
    assert d.n_good == min(max(2, math.ceil(gamma * n)), n - 2)
    top = np.argsort(-scores, kind="stable")[: d.n_good]
    assert sorted(np.flatnonzero(d.good).tolist()) == sorted(top.tolist())
    assert scores[d.good].min() >= scores[~d.good].max()


def test_tpe_densities_data_densities_and_ratio():
    values, scores = _trials(16)
    d = tpe_densities_data(values, scores, bounds=(1e-2, 1e3), grid_size=400)
    assert isinstance(d, TPEDensitiesData)
    t = np.log10(d.grid)
    assert d.grid[0] == 1e-2 and d.grid[-1] == 1e3 and len(d.grid) == 400
    assert np.trapezoid(d.good_density, t) == pytest.approx(1.0, abs=1e-3)
    assert np.trapezoid(d.bad_density, t) == pytest.approx(1.0, abs=1e-3)
    # independently: scipy's KDE on log10 of each group, renormalised over the bounds
    good = gaussian_kde(np.log10(values[d.good]))
    mass = good.integrate_box_1d(-2, 3)
    assert np.allclose(d.good_density, good(np.linspace(-2, 3, 400)) / mass)
    assert np.allclose(d.ratio, d.good_density / d.bad_density)
    assert d.next_value == d.grid[np.argmax(d.good_density / d.bad_density)]
    # the good trials sit near 10 (log10 = 1): TPE looks there next
    assert 1 <= d.next_value <= 100
    assert d.name == "x" and d.log


def test_tpe_densities_data_linear_scale_and_failed_trials():
    values, scores = _trials(10)
    values = np.log10(values)  # in [-2, 3]
    scores[3] = np.nan
    d = tpe_densities_data(pd.Series(values, name="alpha"), scores, log=False, bounds=(-2, 3))
    assert len(d.values) == 9 and not np.isnan(d.scores).any()
    assert d.name == "alpha" and not d.log
    assert np.trapezoid(d.good_density, d.grid) == pytest.approx(1.0, abs=1e-3)


def test_tpe_densities_data_errors():
    values, scores = _trials(8)
    with pytest.raises(ValueError, match="within bounds"):
        tpe_densities_data(values, scores, bounds=(1e-1, 1e2))
    with pytest.raises(ValueError, match="at least 4 trials"):
        tpe_densities_data(values[:3], scores[:3], bounds=(1e-2, 1e3))
    with pytest.raises(ValueError, match="positive bounds"):
        tpe_densities_data(values, scores, bounds=(0, 1e3))
    with pytest.raises(ValueError, match="gamma"):
        tpe_densities_data(values, scores, gamma=1.5, bounds=(1e-2, 1e3))
    same = np.array([1.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    with pytest.raises(ValueError, match="two different values"):
        tpe_densities_data(same, [9, 8, 1, 2, 3, 4], bounds=(0.5, 10))


def test_plot_tpe_densities_draws():
    values, scores = _trials(16)
    axes = plot_tpe_densities(tpe_densities_data(values, scores, bounds=(1e-2, 1e3)))
    assert len(axes) == 2 and axes[1].get_xscale() == "log"
    with pytest.raises(TypeError, match="tpe_densities_data"):
        plot_tpe_densities(values)
    plt.close("all")
