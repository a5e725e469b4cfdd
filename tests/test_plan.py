"""plan() of every registered strategy's search equals what fit does, and fits nothing."""

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.datasets import load_iris
from sklearn.model_selection import GroupKFold, KFold

from hptlearn.plan import SearchPlan
from hptlearn.strategies import STRATEGIES
from tests.estimators import CountingClassifier, CountingEnsemble

X, Y = load_iris(return_X_y=True)
GROUPS = np.arange(len(Y)) % 5

LISTS = {"C": [0.01, 0.1, 1, 10], "kind": ["a", "b"]}
SMALL = {"C": [1, 10], "kind": ["a", "b"]}  # fewer candidates than n_iter
DISTRIBUTIONS = {"C": loguniform(1e-2, 1e2), "kind": ["a", "b"]}
DICTS = [{"C": [0.1, 1], "kind": ["a"]}, {"C": [10], "kind": ["b", "c"]}]
FAILING = {"C": [0.1, 1, 10], "fail": [False, True]}

SPACES = {"lists": LISTS, "small": SMALL, "distributions": DISTRIBUTIONS, "dicts": DICTS}
CVS = {
    "3": (3, {}),
    "shuffled": (KFold(4, shuffle=True, random_state=0), {}),
    "groups": (GroupKFold(3), {"groups": GROUPS}),
}


def _budget(strategy, **given):
    budget = {"n_iter": 7, "n_candidates": 6, "factor": 2}
    budget.update(given)
    return {k: v for k, v in budget.items() if k in strategy.budget_args}


def _search(name, space, cv=3, random_state=0, **params):
    s = STRATEGIES[name]
    return s.make_search(
        CountingClassifier(),
        space,
        cv=cv,
        random_state=random_state,
        **{**_budget(s), **params},
    )


def _distinct(params, name):
    values = []
    for p in params:
        if name in p and not any(type(v) is type(p[name]) and v == p[name] for v in values):
            values.append(p[name])
    return len(values)


def _check(search, fit_params=None):
    """Plan, then fit, and compare."""
    fit_params = fit_params or {}
    CountingClassifier.fits = 0
    plan = search.plan(X, Y, **fit_params)
    assert isinstance(plan, SearchPlan)
    assert CountingClassifier.fits == 0  # nothing fitted
    search.fit(X, Y, **fit_params)
    params = search.cv_results_["params"]
    if getattr(plan, "expected", None) is not None:
        return _check_upper_bounds(search, plan)
    assert plan.n_candidates == len(params)
    assert plan.n_splits == search.n_splits_
    assert plan.n_fits == plan.n_candidates * plan.n_splits
    assert plan.n_fits + plan.refit_fits == CountingClassifier.fits
    assert plan.total_fits == CountingClassifier.fits
    if plan.schedule is None:
        assert plan.full_fit_equivalents == plan.n_fits
    else:
        assert plan.schedule.n_candidates == search.n_candidates_
        assert plan.schedule.n_resources == search.n_resources_
        used = np.asarray(search.cv_results_["n_resources"], dtype=float)
        full = used.sum() / search.max_resources_ * plan.n_splits
        if not plan.resumes:
            assert plan.full_fit_equivalents == pytest.approx(full)
        assert plan.n_iterations == search.n_iterations_
    if plan.brackets:  # Hyperband: the rungs of each bracket, one after the other
        bracket = np.asarray(search.cv_results_["bracket"])
        assert [b.total_candidates for b in plan.brackets] == [
            int((bracket == i).sum()) for i in range(len(plan.brackets))
        ]
        assert [c for b in plan.brackets for c in b.n_candidates] == search.n_candidates_
        assert plan.resumes == search.resumes_
    for name, n in plan.distinct_values.items():
        if n is not None:
            assert n == _distinct(params, name), name
    return plan


def _check_upper_bounds(search, plan):
    """ASHA: its schedule depends on the scores and on the order in which fits end, so its
    plan gives upper bounds; fit stays within them, rung by rung."""
    n_rows = len(search.cv_results_["params"])
    assert n_rows <= plan.n_candidates and plan.n_fits == plan.n_candidates * plan.n_splits
    assert plan.n_splits == search.n_splits_
    assert CountingClassifier.fits == n_rows * plan.n_splits + plan.refit_fits
    reached = search.n_iterations_
    assert plan.schedule.n_resources[:reached] == search.n_resources_
    assert all(
        done <= most
        for done, most in zip(search.n_candidates_, plan.schedule.n_candidates, strict=False)
    )
    assert plan.expected.n_resources == plan.schedule.n_resources
    return plan


def _cases():
    for name, s in STRATEGIES.items():
        for space_name in SPACES:
            if s.reads == "lists" and space_name == "distributions":
                continue  # a grid reads value lists
            if name == "bayes" and space_name == "dicts":
                continue  # Bayesian search takes one dict (it says so)
            for cv_name in CVS:
                yield pytest.param(name, space_name, cv_name, id=f"{name}-{space_name}-{cv_name}")


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name, space_name, cv_name", list(_cases()))
def test_plan_equals_what_fit_did(name, space_name, cv_name):
    cv, fit_params = CVS[cv_name]
    _check(_search(name, SPACES[space_name], cv=cv), fit_params)


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", list(STRATEGIES))
def test_failed_fits_and_no_refit_are_counted(name):
    plan = _check(_search(name, FAILING, error_score=np.nan))
    assert plan.refit_fits == 1
    plan = _check(_search(name, LISTS, refit=False))
    assert plan.refit_fits == 0


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize(
    "name, params",
    [
        ("halving-random", {"n_candidates": "exhaust"}),
        ("halving-random", {"n_candidates": 12, "min_resources": "exhaust"}),
        ("halving-grid", {"min_resources": "smallest", "aggressive_elimination": True}),
        ("halving-grid", {"factor": 3, "max_resources": 90}),
    ],
)
def test_halving_plans_with_data_dependent_candidates(name, params):
    space = DISTRIBUTIONS if STRATEGIES[name].reads == "distributions" else LISTS
    plan = _check(_search(name, space, **params))
    assert plan.n_iterations > 1


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", [n for n, s in STRATEGIES.items() if s.halving])
def test_halving_on_another_resource(name):
    space = {"C": [0.01, 0.1, 1, 10, 100, 1000]}
    search = _search(
        name, space, resource="n_estimators", max_resources=40, min_resources=5, factor=2
    )
    plan = _check(search)
    assert plan.schedule.max_resources == 40 and plan.schedule.n_resources[0] == 5
    assert plan.full_fit_equivalents < plan.n_fits


def test_distinct_values_known_only_where_they_can_be():
    grid = _search("grid", DICTS).plan(X, Y)
    assert grid.distinct_values == {"C": 3, "kind": 3}
    seeded = _search("random", DISTRIBUTIONS, n_iter=5).plan(X, Y)
    assert seeded.distinct_values["C"] == 5 and seeded.distinct_values["kind"] in (1, 2)
    unseeded = _search("random", DISTRIBUTIONS, random_state=None).plan(X, Y)
    assert unseeded.distinct_values == {"C": None, "kind": None}
    bayes = _search("bayes", {"C": [1, 10], "kind": ["a"]}).plan(X, Y)
    assert bayes.distinct_values == {"C": None, "kind": 1}
    assert _search("random", SMALL).plan(X, Y).distinct_values == {"C": 2, "kind": 2}


def test_plan_leaves_the_search_unfitted_and_ignores_the_progress_callback():
    seen = []
    search = _search("halving-grid", LISTS, on_progress=seen.append)
    plan = search.plan(X, Y)
    assert not hasattr(search, "n_resources_") and not hasattr(search, "cv_results_")
    assert seen == [] and search.on_progress is not None
    assert plan.describe().startswith(f"{plan.n_candidates} candidates x 3 splits")


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("resume", [True, False])
def test_hyperband_plan_counts_the_training_fit_does(resume):
    """With a counting ensemble: the plan's fits and training equal what fit did, resumed
    (each configuration's largest resource once) or refitted (every rung's)."""
    search = STRATEGIES["hyperband"].make_search(
        CountingEnsemble(),
        {"C": loguniform(1e-2, 1e2)},
        resource="n_estimators",
        max_resources=12,
        min_resources=2,
        factor=2,
        resume=resume,
        cv=3,
        random_state=0,
    )
    CountingEnsemble.trained = CountingEnsemble.fits = 0
    plan = search.plan(X, Y)
    assert CountingEnsemble.fits == 0 and plan.resumes is resume
    search.fit(X, Y)
    assert plan.total_fits == CountingEnsemble.fits
    assert [b.n_resources[-1] for b in plan.brackets] == [12] * len(plan.brackets)
    assert plan.schedule.n_resources == search.n_resources_
    trained = CountingEnsemble.trained - search.best_params_["n_estimators"]  # without the refit
    assert trained == pytest.approx(plan.full_fit_equivalents * search.max_resources_)
    assert ("resuming training" in plan.describe()) is resume
