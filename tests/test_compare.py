import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, randint, uniform
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from hptlearn.compare import StrategyComparison, compare_strategies, grid_for_budget
from hptlearn.plots import (
    best_so_far_data,
    distinct_values_data,
    plot_best_so_far,
    plot_distinct_values,
    plot_score_distribution,
    plot_slices,
)
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


def test_grid_for_budget_errors():
    with pytest.raises(ValueError, match="more than the budget of 3"):
        grid_for_budget({"a": [1, 2], "b": [1, 2]}, 3)
    with pytest.raises(ValueError, match="non-empty dict"):
        grid_for_budget([{"C": [1]}], 3)


# -- the comparison ------------------------------------------------------------------------


def test_frame_shape_budget_and_columns(comparison):
    frame = comparison.frame
    assert list(frame.columns[:7]) == [
        "strategy",
        "repeat",
        "order",
        "elapsed",
        "score",
        "best_so_far",
        "status",
    ]
    assert set(frame.columns[7:]) == {"C", "gamma"}
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
    with pytest.raises(ValueError, match="Unknown strategies"):
        compare_strategies(SVC(), SPACE, X, Y, budget=4, strategies=("bayes",))
    with pytest.raises(ValueError, match="budget must be"):
        compare_strategies(SVC(), SPACE, X, Y, budget=0)
    with pytest.raises(ValueError, match="Did you mean 'gamma'"):
        compare_strategies(SVC(), {"gama": loguniform(1e-3, 1)}, X, Y, budget=4)


# -- plots ---------------------------------------------------------------------------------


def test_best_so_far_data_median_and_band(comparison):
    d = best_so_far_data(comparison)
    random_runs = comparison.frame[comparison.frame["strategy"] == "random"]
    curves = np.vstack([r["best_so_far"].to_numpy() for _, r in random_runs.groupby("repeat")])
    np.testing.assert_array_equal(d["random"].median, np.median(curves, axis=0))
    np.testing.assert_array_equal(d["random"].low, np.quantile(curves, 0.25, axis=0))
    assert d["grid"].runs == 1 and d["random"].runs == 3
    assert d["random"].x.tolist() == list(range(1, 10))
    e = best_so_far_data(comparison, "elapsed")
    assert len(e["grid"].x) == 200 and np.isnan(e["grid"].median[0])
    assert np.nanmax(e["random"].median) <= random_runs["score"].max()
    with pytest.raises(ValueError, match="order' or 'elapsed"):
        best_so_far_data(comparison, "time")


def test_distinct_values_data(comparison):
    table = distinct_values_data(comparison)
    assert table.loc["grid"].tolist() == [3, 3]
    assert table.loc["random"].tolist() == [9, 9]


def test_plots_draw_with_labels(comparison):
    ax = plot_best_so_far(comparison)
    assert ax.get_xlabel() == "candidates evaluated"
    assert ax.get_ylabel() == "best mean CV score so far"
    assert any("random (3 runs" in t.get_text() for t in ax.get_legend().get_texts())
    assert plot_best_so_far(comparison.frame, "elapsed").get_xlabel().startswith("seconds")
    ax = plot_distinct_values(comparison)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C", "gamma"]
    axes = plot_slices(comparison)
    assert len(axes) == 2 and axes[0].get_xscale() == "log"
    ax = plot_score_distribution(comparison)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "grid\n9 candidates",
        "random\n27 candidates",
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
    assert np.isfinite(d["grid"].median[-1])
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


def test_a_stop_before_run_is_honoured_after_one_candidate_then_consumed():
    runner = StrategyComparison(SVC(), SPACE, X, Y, budget=6, repeats=2, cv=3)
    runner.stop()
    c = runner.run()
    assert c.stopped and len(c.frame) == 1
    again = runner.run()
    assert not again.stopped and len(again.frame) == 6 + 2 * 6
