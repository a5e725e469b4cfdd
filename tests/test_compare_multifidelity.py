"""Hyperband and ASHA in a comparison: sized on the budget by their own plan, their scores
on the largest resource counted (finite best so far), and within the budget."""

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hptlearn.compare import compare_strategies
from hptlearn.compare.budget import plan_strategy
from hptlearn.strategies import strategy

SPACE = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1e1)}
BUDGET, CV = 6, 3


@pytest.fixture(scope="module")
def data():
    return load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def comparison(data):
    X, y = data
    progress = []
    result = compare_strategies(
        SVC(),
        SPACE,
        X,
        y,
        budget=BUDGET,
        strategies=["hyperband", "asha"],
        repeats=2,
        cv=CV,
        random_state=0,
        on_progress=progress.append,
    )
    return result, progress


def test_counted_scores_are_finite_and_within_the_budget(comparison):
    result, _ = comparison
    frame = result.frame
    assert list(dict.fromkeys(frame["strategy"])) == ["hyperband", "asha"]
    for (name, repeat), run in frame.groupby(["strategy", "repeat"]):
        final = np.isfinite(run["best_so_far"].to_numpy(dtype=float))
        assert final[-1], (name, repeat)
        # the counted scores are those on all the samples
        assert (run.loc[run["resources"] == 1.0, "score"].max()) == run["best_so_far"].iloc[-1]
        assert run["cost"].sum() <= BUDGET * CV + 1e-9, (name, repeat)
        assert run["budget_spent"].iloc[-1] == pytest.approx(run["cost"].sum())
        # some candidates were evaluated on fewer samples: early stopping happened
        assert (run["resources"] < 1).any(), (name, repeat)


def test_progress_frames_count_the_same_scores(comparison):
    result, progress = comparison
    last = progress[-1].frame
    assert len(last) == len(result.frame)
    np.testing.assert_array_equal(last["best_so_far"], result.frame["best_so_far"])


@pytest.mark.parametrize("name", ["hyperband", "asha"])
def test_the_plan_is_what_the_search_plans_and_fits_the_budget(data, name):
    X, y = data
    plan = plan_strategy(name, SVC(), SPACE, X, y, budget=BUDGET, n_splits=CV, cv=CV)
    assert plan.cost <= BUDGET * CV
    assert plan.final_resources == len(y)  # max_resources: all the samples
    search = strategy(name).make_search(SVC(), SPACE, cv=CV, **dict(plan.search_params))
    planned = search.plan(X, y)
    assert planned.full_fit_equivalents == plan.cost
    assert planned.n_candidates == plan.candidates
    assert planned.schedule.n_resources == plan.schedule.n_resources
    # the most the budget allows: a smaller min_resources (or more configurations) costs more
    if name == "hyperband":
        assert len(planned.brackets) >= 2
    else:
        more = dict(plan.search_params, n_candidates=plan.search_params[-1][1] + 1)
        bigger = strategy(name).make_search(SVC(), SPACE, cv=CV, **more).plan(X, y)
        assert bigger.full_fit_equivalents > BUDGET * CV
        assert "the most ASHA can spend" in plan.description


def test_a_larger_budget_buys_more_hyperband_brackets(data):
    X, y = data
    small = plan_strategy("hyperband", SVC(), SPACE, X, y, budget=1, n_splits=CV, cv=CV)
    large = plan_strategy("hyperband", SVC(), SPACE, X, y, budget=BUDGET, n_splits=CV, cv=CV)
    assert small.cost <= CV < large.cost <= BUDGET * CV
