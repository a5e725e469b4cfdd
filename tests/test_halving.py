"""Live successive halving against scikit-learn's halving searches."""

import pickle

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV
from sklearn.svm import SVC

from hptlearn import (
    LiveHalvingGridSearchCV,
    LiveHalvingRandomSearchCV,
    halving_schedule,
)

X, y = make_classification(n_samples=300, n_features=8, random_state=0)
GRID = {"C": [0.01, 0.1, 1, 10, 100], "gamma": [0.01, 0.1, 1]}
DISTRIBUTIONS = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1)}


def _same_results(live, plain):
    assert live.cv_results_.keys() == plain.cv_results_.keys()
    for key, value in plain.cv_results_.items():
        if "time" in key:
            continue
        if key == "params":
            assert live.cv_results_[key] == value
        else:
            np.testing.assert_array_equal(np.asarray(live.cv_results_[key]), np.asarray(value))
    assert live.best_params_ == plain.best_params_
    assert live.best_score_ == plain.best_score_
    assert live.n_resources_ == plain.n_resources_
    assert live.n_candidates_ == plain.n_candidates_
    assert live.n_iterations_ == plain.n_iterations_


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_live_halving_grid_gives_scikit_learns_results(n_jobs):
    kwargs = dict(factor=2, cv=3, random_state=0, n_jobs=n_jobs)
    live = LiveHalvingGridSearchCV(SVC(), GRID, **kwargs).fit(X, y)
    plain = HalvingGridSearchCV(SVC(), GRID, **kwargs).fit(X, y)
    _same_results(live, plain)
    assert live.stopped_ is False
    assert len(live.fit_errors_) == len(live.cv_results_["params"])


def test_live_halving_random_gives_scikit_learns_results():
    kwargs = dict(n_candidates=12, factor=3, cv=3, random_state=1, min_resources=30)
    live = LiveHalvingRandomSearchCV(SVC(), DISTRIBUTIONS, **kwargs).fit(X, y)
    plain = HalvingRandomSearchCV(SVC(), DISTRIBUTIONS, **kwargs).fit(X, y)
    _same_results(live, plain)


def test_clone_and_get_params_keep_every_argument():
    search = LiveHalvingRandomSearchCV(
        SVC(), DISTRIBUTIONS, n_candidates=7, factor=4, batch_size=2, random_state=3
    )
    params = clone(search).get_params(deep=False)
    assert params["n_candidates"] == 7 and params["factor"] == 4 and params["batch_size"] == 2
    plain_names = set(HalvingRandomSearchCV(SVC(), DISTRIBUTIONS).get_params(deep=False))
    live_names = {"on_progress", "batch_size", "target_batch_seconds", "time_budget"}
    live_names |= {"warm_start", "checkpoint"}
    assert set(params) == plain_names | live_names


def test_schedule_is_known_before_fitting_and_matches_the_fit():
    for search in (
        LiveHalvingGridSearchCV(SVC(), GRID, factor=2, cv=3),
        LiveHalvingGridSearchCV(SVC(), GRID, factor=3, cv=3, aggressive_elimination=True),
        LiveHalvingRandomSearchCV(SVC(), DISTRIBUTIONS, factor=3, cv=3, random_state=0),
        HalvingRandomSearchCV(SVC(), DISTRIBUTIONS, n_candidates=20, min_resources=20, cv=3),
    ):
        plan = halving_schedule(search, X, y)
        assert not hasattr(search, "n_resources_")  # the search itself is untouched
        search.fit(X, y)
        assert plan.n_candidates == search.n_candidates_
        assert plan.n_resources == search.n_resources_
        assert plan.n_fits == len(search.cv_results_["params"]) * 3
        expected = sum(
            c * r / search.max_resources_ * 3
            for c, r in zip(search.n_candidates_, search.n_resources_, strict=True)
        )
        assert plan.full_fit_equivalents == pytest.approx(expected)
        assert plan.describe().count("iteration") == search.n_iterations_


def test_progress_reports_each_iteration_and_the_planned_total():
    seen = []
    search = LiveHalvingGridSearchCV(
        SVC(), GRID, factor=2, cv=3, batch_size=1, on_progress=seen.append
    ).fit(X, y)
    total = sum(search.n_candidates_)
    assert {info.n_total for info in seen} == {total}
    assert {info.n_iterations for info in seen} == {search.n_iterations_}
    assert [info.iteration for info in seen] == sorted(info.iteration for info in seen)
    assert {info.iteration for info in seen} == set(range(search.n_iterations_))
    assert [info.n_done for info in seen] == sorted(info.n_done for info in seen)
    assert seen[-1].n_done == total and seen[-1].fraction == 1.0
    # within an iteration too: a report after each candidate
    first = [info for info in seen if info.iteration == 0 and info.n_done]
    assert len(first) >= search.n_candidates_[0]


def test_stop_during_an_iteration_keeps_what_ran():
    seen = []

    def stop_after_first_iteration(info):
        seen.append(info)
        if info.iteration == 1 and info.n_done > search.n_candidates_[0]:
            search.stop()

    search = LiveHalvingGridSearchCV(
        SVC(), GRID, factor=2, cv=3, batch_size=1, on_progress=stop_after_first_iteration
    )
    search.fit(X, y)
    assert search.stopped_ is True
    iterations = np.asarray(search.cv_results_["iter"])
    assert iterations.max() == 1 and search.n_iterations_ == 2
    assert len(search.n_resources_) == len(search.n_candidates_) == 2
    # part of iteration 1 ran: its survivors come worst first, so the best is the best
    # of iteration 0, the last that completed, and it is refitted
    assert 1 <= (iterations == 1).sum() < search.n_candidates_[1]
    scores = np.asarray(search.cv_results_["mean_test_score"])
    first = np.flatnonzero(iterations == 0)
    assert search.best_index_ == first[np.nanargmax(scores[first])]
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    assert search.best_score_ == scores[search.best_index_]
    assert search.best_estimator_.get_params()["C"] == search.best_params_["C"]
    assert hasattr(search, "best_estimator_")
    assert search.stop_requested is False
    # a later fit runs to the end
    search.set_params(on_progress=None).fit(X, y)
    assert search.stopped_ is False and search.n_iterations_ > 2


def test_pickles_without_its_callback():
    search = LiveHalvingGridSearchCV(SVC(), GRID, factor=2, cv=3, on_progress=lambda info: None)
    search.fit(X, y)
    copy = pickle.loads(pickle.dumps(search))
    assert copy.on_progress is None and copy.best_params_ == search.best_params_


def test_schedule_of_a_search_with_a_callback_and_of_exhausted_lists():
    from sklearn.datasets import load_iris

    Xi, yi = load_iris(return_X_y=True)

    class Widget:  # a callback whose owner cannot be copied
        def __deepcopy__(self, memo):
            raise TypeError("widgets cannot be copied")

        def report(self, info):
            pass

    search = LiveHalvingRandomSearchCV(
        SVC(), {"C": [0.1, 1.0]}, cv=3, random_state=0, on_progress=Widget().report
    )
    plan = halving_schedule(search, Xi, yi)
    search.set_params(on_progress=None).fit(Xi, yi)
    assert plan.n_candidates == search.n_candidates_ and plan.n_candidates[0] == 2
