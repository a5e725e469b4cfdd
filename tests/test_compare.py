import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, randint, uniform
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from hptlearn._sklearn_compat import HalvingGridSearchCV, HalvingRandomSearchCV
from hptlearn.compare import (
    FRAME_COLUMNS,
    STRATEGIES,
    Comparison,
    StrategyComparison,
    best_so_far_curves,
    compare_strategies,
    grid_for_budget,
    halving_cost,
    halving_plan,
    held_out_summary,
    read_comparison,
    size_halving,
)
from hptlearn.compare.frame import _run_frame
from hptlearn.plots import (
    best_so_far_data,
    distinct_values_data,
    plot_best_so_far,
    plot_distinct_values,
    plot_score_distribution,
    plot_slices,
)
from hptlearn.strategies import STRATEGIES as REGISTRY
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)
SPACE = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1e1)}


@pytest.fixture(scope="module")
def comparison():
    return compare_strategies(SVC(), SPACE, X, Y, budget=9, repeats=3, cv=3, random_state=0)


# -- sizing a grid to the budget ----------------------------------------------------------


def test_grid_for_budget_balances_counts_and_keeps_categories():
    grid, text = grid_for_budget({"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1e1)}, 16)
    assert [len(v) for v in grid.values()] == [4, 4]
    assert text == "grid of 4 x 4 = 16 candidates (budget 16)"
    # quantile midpoints of a log-uniform distribution: evenly spaced on a log scale
    assert np.allclose(np.diff(np.log10(grid["C"])), 1.0)
    assert grid["C"][0] == pytest.approx(10**-1.5, rel=1e-5)
    grid, text = grid_for_budget(
        {"average": [True, False], "l1_ratio": uniform(0, 1), "alpha": loguniform(1e-2, 1)}, 60
    )
    assert grid["average"] == [True, False]
    assert text == "grid of 2 x 6 x 5 = 60 candidates (budget 60)"
    grid, _ = grid_for_budget({"C": loguniform(1, 10), "g": loguniform(1, 10)}, 10)
    assert np.prod([len(v) for v in grid.values()]) <= 10
    ints, _ = grid_for_budget({"k": randint(1, 31)}, 5)
    assert ints["k"] == [3, 9, 15, 21, 27] and all(isinstance(v, int) for v in ints["k"])


def test_grid_for_budget_thins_lists_larger_than_the_budget():
    # numbers are ordered: evenly spread values, at the quantiles (i + 1/2) / n of the list
    space = {"C": [100, 0.01, 1, 10, 0.1], "kernel": ["rbf", "linear"]}
    grid, text = grid_for_budget(space, 6)
    assert grid == {"C": [0.01, 1, 100], "kernel": ["rbf", "linear"]}
    assert text == "grid of 3 x 2 = 6 candidates (budget 6); C: 3 of 5 values kept (0.01, 1, 100)"
    grid, _ = grid_for_budget(space, 4)  # sorted 0.01 0.1 1 10 100 at indices 1 and 3
    assert grid == {"C": [0.1, 10], "kernel": ["rbf", "linear"]}
    # a list that fits stays as given
    grid, text = grid_for_budget(space, 10)
    assert grid == space and text == "grid of 5 x 2 = 10 candidates (budget 10)"
    # categories alone exceed the budget: the first ones are kept, the numbers get one value
    grid, text = grid_for_budget({"a": ["x", "y", "z"], "b": [None, True], "c": [1, 2, 3]}, 4)
    assert grid == {"a": ["x", "y"], "b": [None, True], "c": [2]}
    assert text == (
        "grid of 2 x 2 x 1 = 4 candidates (budget 4); a: 2 of 3 values kept ('x', 'y'); "
        "c: 1 of 3 values kept (2)"
    )
    # a list and a distribution share the budget evenly; the list is whole when it fits
    grid, _ = grid_for_budget({"k": [1, 3, 5, 7, 9, 11, 13, 15], "C": loguniform(1, 100)}, 16)
    assert grid["k"] == [3, 7, 11, 15] and len(grid["C"]) == 4
    grid, _ = grid_for_budget({"k": [1, 3], "C": loguniform(1, 100)}, 16)
    assert grid["k"] == [1, 3] and len(grid["C"]) == 8


def test_grid_for_budget_errors():
    with pytest.raises(ValueError, match="non-empty dict"):
        grid_for_budget([{"C": [1]}], 3)
    with pytest.raises(ValueError, match="budget must be"):
        grid_for_budget({"C": [1]}, 0)
    with pytest.raises(ValueError, match="list of values of 'C' is empty"):
        grid_for_budget({"C": []}, 3)


# -- successive halving on a budget --------------------------------------------------------


@pytest.mark.parametrize(
    "n_candidates, min_resources, aggressive",
    [(20, 15, False), (27, 6, False), (40, 30, False), (40, 30, True), (7, 50, False)],
)
def test_halving_plan_is_what_scikit_learn_runs(n_candidates, min_resources, aggressive):
    search = HalvingRandomSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": randint(1, 3)},  # few enough for 4 training samples
        n_candidates=n_candidates,
        min_resources=min_resources,
        aggressive_elimination=aggressive,
        factor=3,
        cv=3,
        random_state=0,
    ).fit(X, Y)
    plan = halving_plan(n_candidates, min_resources, len(X), 3, 3, aggressive)
    assert plan.n_candidates == search.n_candidates_
    assert plan.n_resources == search.n_resources_
    # the cost: every fit of every candidate, each n_resources / max_resources of a full fit
    rows = np.asarray(search.cv_results_["n_resources"])
    assert halving_cost(n_candidates, min_resources, len(X), 3, 3, aggressive) == pytest.approx(
        3 * rows.sum() / len(X)
    )
    assert plan.total_candidates == len(rows)


def test_size_halving_spends_the_most_within_the_budget():
    # scikit-learn's "exhaust" min_resources for the chosen number of candidates
    n, r, plan = size_halving(
        45, range(1, 200), smallest=18, max_resources=150, factor=3, n_splits=3
    )
    costs = {}
    for k in range(1, 200):
        last = int(np.floor(np.log(k) / np.log(3) + 1e-12))
        rk = max(18, 150 // 3**last)
        costs[k] = halving_cost(k, rk, 150, 3, 3)
    best = max(c for c in costs.values() if c <= 45)
    assert plan.cost == pytest.approx(best) and plan.cost <= 45
    assert n == max(k for k, c in costs.items() if c == best)
    # the same schedule as scikit-learn's own min_resources="exhaust" for n candidates
    search = HalvingRandomSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": randint(1, 20)},
        n_candidates=n,
        min_resources="exhaust",
        cv=3,
        random_state=0,
    ).fit(X, Y)
    assert (search.min_resources_, search.n_resources_) == (r, plan.n_resources)
    with pytest.raises(ValueError, match="at least 200 samples"):
        size_halving(45, [1], smallest=200, max_resources=150, factor=3, n_splits=3)


def test_halving_rows_count_fractions_and_only_the_last_iteration_is_best_so_far():
    search = HalvingGridSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": list(range(1, 10))},
        min_resources=30,
        cv=3,
        random_state=0,
    ).fit(X, Y)
    runner = StrategyComparison(
        KNeighborsClassifier(),
        {"n_neighbors": list(range(1, 10))},
        X,
        Y,
        budget=6,
        cv=3,
        strategies=("halving-grid",),
    )
    plan = runner.plans["halving-grid"]
    plan = type(plan)("halving-grid", 1, 0, 0.0, "", schedule=halving_plan(9, 30, 150, 3, 3))
    frame = _run_frame(search, "halving-grid", 0, 3, plan)
    n_resources = np.asarray(search.cv_results_["n_resources"])
    np.testing.assert_allclose(frame["resources"], n_resources / 150)
    np.testing.assert_allclose(frame["cost"], 3 * n_resources / 150)
    np.testing.assert_allclose(frame["budget_spent"], np.cumsum(3 * n_resources / 150))
    last = n_resources == n_resources.max()
    scores = search.cv_results_["mean_test_score"]
    expected = np.where(last, scores, np.nan)
    expected = np.fmax.accumulate(expected)
    np.testing.assert_array_equal(frame["best_so_far"], expected)
    assert np.isnan(frame["best_so_far"].iloc[0])
    assert frame["best_so_far"].iloc[-1] == search.best_score_
    # the same rows from the cv_results_ without n_resources (a progress report): from the plan
    partial = {k: v for k, v in search.cv_results_.items() if k not in ("n_resources", "iter")}
    again = _run_frame(partial, "halving-grid", 0, 3, plan)
    np.testing.assert_allclose(again["resources"], frame["resources"])


# -- the comparison ------------------------------------------------------------------------


def test_frame_shape_budget_and_columns(comparison):
    frame = comparison.frame
    assert list(frame.columns[:10]) == [
        "strategy",
        "repeat",
        "order",
        "resources",
        "cost",
        "budget_spent",
        "elapsed",
        "score",
        "best_so_far",
        "status",
    ]
    assert tuple(frame.columns[:10]) == FRAME_COLUMNS
    assert set(frame.columns[10:]) == {"C", "gamma"}
    # a full candidate costs one fit per fold; the budget is 9 candidates = 27 fits
    assert (frame["resources"] == 1.0).all() and (frame["cost"] == 3.0).all()
    np.testing.assert_array_equal(frame["budget_spent"], 3.0 * frame["order"])
    assert comparison.budget == 9 and comparison.budget_fits == 27.0 and comparison.n_splits == 3
    assert comparison.grid_description == "grid of 3 x 3 = 9 candidates (budget 9)"
    sizes = frame.groupby(["strategy", "repeat"]).size()
    assert sizes.to_dict() == {("grid", 0): 9, ("random", 0): 9, ("random", 1): 9, ("random", 2): 9}
    for _, run in frame.groupby(["strategy", "repeat"]):
        assert run["order"].tolist() == list(range(1, 10))
        np.testing.assert_array_equal(run["best_so_far"], np.maximum.accumulate(run["score"]))
        assert (np.diff(run["elapsed"]) > 0).all()
    assert not comparison.stopped


def test_runs_are_the_plain_scikit_learn_searches(comparison):
    grid_run = comparison.frame[comparison.frame["strategy"] == "grid"]
    plain = GridSearchCV(SVC(), comparison.grid, cv=3).fit(X, Y)
    np.testing.assert_array_equal(grid_run["score"], plain.cv_results_["mean_test_score"])
    runner = StrategyComparison(SVC(), SPACE, X, Y, budget=9, repeats=3, cv=3, random_state=0)
    for repeat in range(3):
        run = comparison.frame[
            (comparison.frame["strategy"] == "random") & (comparison.frame["repeat"] == repeat)
        ]
        plain = RandomizedSearchCV(
            SVC(), SPACE, n_iter=9, cv=3, random_state=runner.seed(repeat)
        ).fit(X, Y)
        np.testing.assert_array_equal(run["score"], plain.cv_results_["mean_test_score"])
        assert run["C"].tolist() == [p["C"] for p in plain.cv_results_["params"]]
    seeds = {runner.seed(r) for r in range(3)}
    assert len(seeds) == 3


def test_same_random_state_same_frame_other_seed_other_candidates(comparison):
    again = compare_strategies(SVC(), SPACE, X, Y, budget=9, repeats=3, cv=3, random_state=0)
    columns = [c for c in comparison.frame.columns if c != "elapsed"]
    pd.testing.assert_frame_equal(again.frame[columns], comparison.frame[columns])
    other = compare_strategies(
        SVC(), SPACE, X, Y, budget=9, repeats=3, cv=3, random_state=1, strategies=("random",)
    )
    assert set(other.frame["strategy"]) == {"random"}
    assert not np.allclose(
        other.frame["C"].to_numpy(),
        comparison.frame.loc[comparison.frame["strategy"] == "random", "C"],
    )


def test_given_grid_and_summary():
    grid = {"n_neighbors": [1, 5, 9, 15]}
    c = compare_strategies(
        KNeighborsClassifier(),
        {"n_neighbors": randint(1, 30)},
        X,
        Y,
        budget=4,
        grid=grid,
        repeats=2,
        cv=3,
    )
    assert c.grid_description == "given grid of 4 candidates (budget 4)"
    summary = c.summary().set_index("strategy")
    assert summary.loc["grid", "runs"] == 1 and summary.loc["random", "runs"] == 2
    assert summary.loc["grid", "distinct n_neighbors"] == 4
    best_random = c.frame[c.frame["strategy"] == "random"].groupby("repeat")["score"].max()
    assert summary.loc["random", "best score (median)"] == best_random.median()


def test_progress_reports_and_stop_keep_finished_runs():
    seen = []

    def on_progress(info):
        seen.append(info)
        if info.runs_done >= 2:
            runner.stop()

    runner = StrategyComparison(
        SVC(), SPACE, X, Y, budget=4, repeats=4, cv=3, on_progress=on_progress
    )
    c = runner.run()
    assert c.stopped
    assert sorted(set(zip(c.frame["strategy"], c.frame["repeat"], strict=True))) == [
        ("grid", 0),
        ("random", 0),
    ]
    assert seen[-1].runs_total == 5 and seen[-1].candidates_total == 20
    done = [info.candidates_done for info in seen]
    assert done == sorted(done) and done[-1] == len(c.frame)


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="'bays' \\(did you mean 'bayes'\\?\\).* 'grid', "):
        compare_strategies(SVC(), SPACE, X, Y, budget=4, strategies=("bays",))
    with pytest.raises(ValueError, match="at least one strategy"):
        compare_strategies(SVC(), SPACE, X, Y, budget=4, strategies=())
    with pytest.raises(ValueError, match="budget must be"):
        compare_strategies(SVC(), SPACE, X, Y, budget=0)
    with pytest.raises(ValueError, match="Did you mean 'gamma'"):
        compare_strategies(SVC(), {"gama": loguniform(1e-3, 1)}, X, Y, budget=4)


# -- plots ---------------------------------------------------------------------------------


def test_best_so_far_data_median_and_band(comparison):
    d = best_so_far_data(comparison, "order")
    random_runs = comparison.frame[comparison.frame["strategy"] == "random"]
    curves = np.vstack([r["best_so_far"].to_numpy() for _, r in random_runs.groupby("repeat")])
    np.testing.assert_array_equal(d.strategies["random"].median, np.median(curves, axis=0))
    np.testing.assert_array_equal(d.strategies["random"].low, np.quantile(curves, 0.25, axis=0))
    assert d.strategies["grid"].runs == 1 and d.strategies["random"].runs == 3
    assert d.strategies["random"].x.tolist() == list(range(1, 10))
    e = best_so_far_data(comparison, "elapsed")
    grid_run = comparison.frame[comparison.frame["strategy"] == "grid"]
    np.testing.assert_array_equal(e.strategies["grid"].x, grid_run["elapsed"])
    np.testing.assert_array_equal(e.strategies["grid"].median, grid_run["best_so_far"])
    assert np.nanmax(e.strategies["random"].median) <= random_runs["score"].max()
    with pytest.raises(ValueError, match="'budget_spent', 'elapsed' or 'order'"):
        best_so_far_data(comparison, "time")


def test_distinct_values_data(comparison):
    table = distinct_values_data(comparison).table
    assert table.loc["grid"].tolist() == [3, 3]
    assert table.loc["random"].tolist() == [9, 9]


def test_plots_draw_with_labels(comparison):
    ax = plot_best_so_far(comparison)
    assert ax.get_xlabel() == "budget spent (full-data fit equivalents)"
    assert ax.get_ylabel() == "best mean CV score so far"
    assert any("Random (3 runs" in t.get_text() for t in ax.get_legend().get_texts())
    assert plot_best_so_far(comparison, "order").get_xlabel() == "candidates evaluated"
    assert plot_best_so_far(comparison.frame, "elapsed").get_xlabel().startswith("seconds")
    ax = plot_distinct_values(comparison)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C", "gamma"]
    axes = plot_slices(comparison)
    assert len(axes) == 2 and axes[0].get_xscale() == "log"
    ax = plot_score_distribution(comparison)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Grid\n9 candidates",
        "Random\n27 candidates",
    ]
    with pytest.raises(TypeError, match="Expected a Comparison"):
        plot_best_so_far(pd.DataFrame({"a": [1]}))


def test_plots_handle_failed_candidates_and_categories():
    space = {"fail": [False, True], "C": loguniform(1e-2, 1e2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = compare_strategies(PickyClassifier(), space, X, Y, budget=4, repeats=2, cv=3)
    assert (c.frame["status"] == "failed").any()
    axes = plot_slices(c)
    fail_axis = axes[list(c.params).index("fail")]
    assert [t.get_text() for t in fail_axis.get_xticklabels()] == ["False", "True"]
    labels = [t.get_text() for t in plot_score_distribution(c).get_xticklabels()]
    assert any("failed" in label for label in labels)
    d = best_so_far_data(c)
    assert np.isfinite(d.strategies["grid"].median[-1])
    plot_best_so_far(c)
    plot_distinct_values(c)


def test_stop_while_a_run_starts_is_not_lost_and_rerun_starts_afresh():
    runner = StrategyComparison(SVC(), SPACE, X, Y, budget=6, repeats=2, cv=3)
    original = runner.make_search

    def make_and_stop(strategy, repeat):
        search = original(strategy, repeat)
        runner.stop()  # as if Stop were clicked while this run's fit begins
        return search

    runner.make_search = make_and_stop
    c = runner.run()
    assert c.stopped
    assert len(c.frame) < 6  # the first batch only, not the whole grid run
    runner.make_search = original
    again = runner.run()
    assert not again.stopped and len(again.frame) == 6 + 2 * 6


def test_summary_of_an_empty_comparison():
    c = compare_strategies(SVC(), SPACE, X, Y, budget=4, repeats=1, cv=3)
    empty = type(c)(c.frame.iloc[0:0], c.grid, c.grid_description, 4, c.params)
    summary = empty.summary()
    assert summary.empty and "distinct C" in summary.columns
    assert empty.budget_table().empty and empty.spending().empty


def test_a_stop_before_run_is_honoured_after_one_candidate_then_consumed():
    runner = StrategyComparison(SVC(), SPACE, X, Y, budget=6, repeats=2, cv=3)
    runner.stop()
    c = runner.run()
    assert c.stopped and len(c.frame) == 1
    again = runner.run()
    assert not again.stopped and len(again.frame) == 6 + 2 * 6


# -- any-time performance, on a hand-made frame ---------------------------------------------


def _hand_made():
    """Two strategies: "a" with two runs, "b" (halving-like) with one run that has a
    score only from its third candidate. Budget: 2 candidates x 2 folds = 4 fits."""
    rows = [
        # strategy, repeat, order, cost, seconds, score, best_so_far
        ("a", 0, 1, 2.0, 0.5, 0.6, 0.6),
        ("a", 0, 2, 2.0, 1.0, 0.8, 0.8),
        ("a", 1, 1, 2.0, 0.2, 0.7, 0.7),
        ("a", 1, 2, 2.0, 0.9, 0.5, 0.7),
        ("b", 0, 1, 0.5, 0.1, 0.9, np.nan),
        ("b", 0, 2, 0.5, 0.2, 0.4, np.nan),
        ("b", 0, 3, 2.0, 0.6, 0.75, 0.75),
    ]
    frame = pd.DataFrame(
        rows, columns=["strategy", "repeat", "order", "cost", "seconds", "score", "best_so_far"]
    )
    frame["resources"] = frame["cost"] / 2
    frame["budget_spent"] = frame.groupby(["strategy", "repeat"])["cost"].cumsum()
    frame["elapsed"] = frame.groupby(["strategy", "repeat"])["seconds"].cumsum()
    frame["status"] = "ok"
    frame["C"] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    frame = frame[[*FRAME_COLUMNS, "C"]]
    frame.attrs["hptlearn"] = {"columns": list(FRAME_COLUMNS), "params": ["C"]}
    return Comparison(frame, None, "", 2, ["C"], n_splits=2)


def test_best_so_far_curves_are_step_functions_nan_before_the_start():
    c = _hand_made()
    curves = best_so_far_curves(c.frame, [0, 1, 2, 3, 4, 5])
    # run a0 spends 2 then 4; a1 likewise; b spends 0.5, 1, 3
    np.testing.assert_array_equal(
        curves["a"], [[np.nan, np.nan, 0.6, 0.6, 0.8, 0.8], [np.nan, np.nan, 0.7, 0.7, 0.7, 0.7]]
    )
    np.testing.assert_array_equal(curves["b"], [[np.nan, np.nan, np.nan, 0.75, 0.75, 0.75]])
    by_time = best_so_far_curves(c.frame, [0.5, 1.5], x="elapsed")
    np.testing.assert_array_equal(by_time["a"], [[0.6, 0.8], [0.7, 0.7]])


def test_best_so_far_data_on_a_common_grid():
    c = _hand_made()
    d = best_so_far_data(c)
    assert d.x == "budget_spent" and d.budget == 4.0
    a = d.strategies["a"]
    np.testing.assert_array_equal(a.x, [2.0, 4.0])
    np.testing.assert_allclose(a.median, [0.65, 0.75])
    np.testing.assert_allclose(a.low, [0.625, 0.725])  # 0.25 quantile of two runs
    np.testing.assert_allclose(a.high, [0.675, 0.775])
    assert a.runs == 2 and a.started.tolist() == [2, 2]
    b = d.strategies["b"]
    np.testing.assert_array_equal(b.x, [0.5, 1.0, 3.0])
    np.testing.assert_array_equal(b.median, [np.nan, np.nan, 0.75])  # NaN, not 0
    assert b.started.tolist() == [0, 0, 1]
    e = best_so_far_data(c, "elapsed")
    np.testing.assert_array_equal(e.strategies["a"].x, [0.2, 0.5, 1.1, 1.5])
    np.testing.assert_allclose(e.strategies["a"].median, [0.7, 0.65, 0.65, 0.75])
    ax = plot_best_so_far(d)
    assert ax.get_xlabel() == "budget spent (full-data fit equivalents)"
    plt.close("all")


def test_budget_table_at_fractions_of_the_budget():
    c = _hand_made()
    assert c.budget_fits == 4.0
    table = c.budget_table()
    assert table.columns.tolist() == [
        "strategy",
        "fraction",
        "fits",
        "runs",
        "median",
        "min",
        "max",
    ]
    rows = {(r.strategy, r.fraction): r for r in table.itertuples()}
    # 25 % = 1 fit: no run of "a" has a score; "b" has spent 1 fit, still without a score
    assert rows[("a", 0.25)].runs == 0 and np.isnan(rows[("a", 0.25)].median)
    assert rows[("b", 0.25)].runs == 0
    # 50 % = 2 fits: a0 0.6, a1 0.7
    r = rows[("a", 0.5)]
    assert (r.fits, r.runs, r.median, r.min, r.max) == (2.0, 2, pytest.approx(0.65), 0.6, 0.7)
    # 100 % = 4 fits: a0 0.8, a1 0.7; b 0.75
    r = rows[("a", 1.0)]
    assert (r.runs, r.median, r.min, r.max) == (2, pytest.approx(0.75), 0.7, 0.8)
    r = rows[("b", 1.0)]
    assert (r.runs, r.median, r.min, r.max) == (1, 0.75, 0.75, 0.75)
    assert c.budget_table(fractions=(0.75,))["fits"].tolist() == [3.0, 3.0]


# -- every strategy ---------------------------------------------------------------------------


def test_every_strategy_on_one_budget():
    space = {"n_neighbors": randint(1, 40), "weights": ["uniform", "distance"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = compare_strategies(
            KNeighborsClassifier(), space, X, Y, budget=6, strategies=STRATEGIES, repeats=2, cv=3
        )
    runs = c.frame.groupby(["strategy", "repeat"]).size()
    assert sorted({s for s, _ in runs.index}) == sorted(STRATEGIES)
    for strategy in STRATEGIES:
        n_runs = 1 if REGISTRY[strategy].runs_once else 2
        assert (runs[strategy].size, len(runs[strategy])) == (n_runs, n_runs)
        part = c.frame[c.frame["strategy"] == strategy]
        spent = part.groupby("repeat")["budget_spent"].max()
        assert (spent <= c.budget_fits + 1e-9).all()  # 6 candidates x 3 folds = 18 fits
        sizes = part.groupby("repeat").size()
        if strategy == "asha":  # its plan is an upper bound (promotions depend on arrival order)
            assert (spent <= c.plans[strategy].cost + 1e-9).all()
            assert (sizes <= c.plans[strategy].candidates).all()
        else:
            assert spent.iloc[0] == pytest.approx(c.plans[strategy].cost)
            # the plan counts what each run evaluated (Bayesian runs too, on any space)
            assert (sizes == c.plans[strategy].candidates).all()
        assert np.isfinite(part.groupby("repeat")["best_so_far"].last()).all()
    halving = c.frame[c.frame["strategy"] == "halving-random"]
    assert (halving["resources"] < 1).any()
    assert set(c.notes) == set(STRATEGIES)
    table = c.budget_table()
    assert len(table) == len(STRATEGIES) * 3
    assert (table.loc[table["fraction"] == 1.0, "runs"] > 0).all()


# -- held-out scores and the file of a comparison ------------------------------------------


def test_held_out_scores_each_runs_refitted_choice_on_unseen_data():
    X_train, X_test, y_train, y_test = train_test_split(
        X, Y, test_size=0.3, random_state=0, stratify=Y
    )
    c = compare_strategies(
        SVC(), SPACE, X_train, y_train, budget=6, repeats=2, cv=3, random_state=0
    )
    table = c.held_out(X_test, y_test)
    assert list(table.columns) == ["strategy", "repeat", "best CV score", "held-out score"]
    assert table[["strategy", "repeat"]].values.tolist() == [
        ["grid", 0],
        ["random", 0],
        ["random", 1],
    ]
    for row, (strategy, repeat, search) in zip(
        table.itertuples(index=False), c.searches, strict=True
    ):
        # the run's choice, refitted by hand on the whole training part and scored on the rest
        model = SVC(**search.best_params_).fit(X_train, y_train)
        assert row[3] == pytest.approx(np.mean(model.predict(X_test) == y_test))
        runs = c.frame[(c.frame.strategy == strategy) & (c.frame.repeat == repeat)]
        assert row[2] == pytest.approx(runs["score"].max())
    summary = held_out_summary(table).set_index("strategy")
    random_scores = table.loc[table.strategy == "random", "held-out score"]
    assert summary.loc["random", "runs"] == 2
    assert summary.loc["random", "held-out (median)"] == pytest.approx(random_scores.median())
    assert summary.loc["random", "held-out (min)"] == random_scores.min()
    assert summary.loc["grid", "held-out (max)"] == table.loc[0, "held-out score"]


def test_held_out_before_any_run_and_without_refit_is_empty():
    c = Comparison(pd.DataFrame(columns=list(FRAME_COLUMNS)), None, "", 4, [])
    assert c.held_out(X, Y).empty
    assert held_out_summary(c.held_out(X, Y)).empty
    search = GridSearchCV(SVC(), {"C": [1, 10]}, refit=False, cv=3).fit(X, Y)
    c.searches.append(("grid", 0, search))
    assert c.held_out(X, Y).empty


def test_a_comparison_written_to_csv_reads_back_the_same(tmp_path, comparison):
    grid = {"average": [True, False], "alpha": np.array([0.01, 0.1])}
    c = Comparison(
        comparison.frame,
        grid,
        comparison.grid_description,
        comparison.budget,
        comparison.params,
        comparison.searches,
        False,
        {},
        comparison.n_splits,
    )
    path = c.to_csv(tmp_path / "comparison.csv")
    assert path.read_text().startswith("# hptlearn comparison {")
    back = read_comparison(path)
    pd.testing.assert_frame_equal(back.frame, c.frame, check_dtype=False)
    assert back.params == c.params and back.budget == c.budget and back.n_splits == 3
    assert back.grid == {"average": [True, False], "alpha": [0.01, 0.1]}
    assert back.grid_description == c.grid_description and back.searches == []
    pd.testing.assert_frame_equal(back.summary(), c.summary())
    pd.testing.assert_frame_equal(back.budget_table(), c.budget_table())
    assert back.budget_fits == c.budget_fits


def test_reading_a_plain_csv_as_a_comparison_says_what_to_do(tmp_path):
    path = tmp_path / "plain.csv"
    pd.DataFrame({"a": [1]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="not a comparison written by Comparison.to_csv"):
        read_comparison(path)


def test_a_sampled_space_of_lists_is_planned_as_each_search_counts_it():
    lists = {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}  # 6 distinct candidates
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = compare_strategies(
            SVC(), lists, X, Y, budget=8, strategies=("random", "bayes"), repeats=1, cv=3
        )
    assert c.plans["random"].candidates == 6  # drawn without repeats: each once
    assert "only 6 distinct candidates exist" in c.notes["random"]
    assert c.plans["bayes"].candidates == 8  # TPE may propose a candidate again
    assert c.frame.groupby("strategy", sort=False).size().tolist() == [6, 8]


def test_the_comparison_imports_no_figures_and_plots_take_the_comparison(comparison):
    import subprocess
    import sys

    code = "import sys, hptlearn.compare; print('hptlearn.plots' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert not any(name.startswith("plot_") for name in dir(Comparison))
    plt.close(plot_best_so_far(comparison).figure)
