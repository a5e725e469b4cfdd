"""Opt-in features of every live search: a time limit (``time_budget``)."""

import time

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV

from hptlearn import (
    LiveGridSearchCV,
    LiveHalvingGridSearchCV,
    LiveHalvingRandomSearchCV,
    LiveQuasiRandomSearchCV,
    LiveRandomizedSearchCV,
)
from hptlearn._sklearn_compat import InvalidParameterError
from hptlearn.bayes import LiveBayesSearchCV
from tests.estimators import PickyClassifier

X, y = make_classification(n_samples=120, n_features=5, random_state=0)
C_VALUES = [float(c) for c in np.logspace(-3, 3, 40)]


class TimedClassifier(PickyClassifier):
    """A slow PickyClassifier that records when each of its fits starts (n_jobs=1)."""

    starts: list = []

    def fit(self, X, y):
        TimedClassifier.starts.append(time.perf_counter())
        return super().fit(X, y)


def _searches(**kwargs):
    grid = {"C": C_VALUES}
    dists = {"C": loguniform(1e-3, 1e3)}
    estimator = PickyClassifier(sleep=0.05)
    return [
        LiveGridSearchCV(estimator, grid, cv=2, **kwargs),
        LiveRandomizedSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveQuasiRandomSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveBayesSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveHalvingGridSearchCV(estimator, grid, cv=2, factor=2, **kwargs),
        LiveHalvingRandomSearchCV(
            estimator, dists, n_candidates=40, cv=2, factor=2, random_state=0, **kwargs
        ),
    ]


def test_no_candidate_starts_after_the_time_limit():
    budget, fit_seconds, n_splits = 0.6, 0.1, 3
    TimedClassifier.starts = []
    search = LiveGridSearchCV(
        TimedClassifier(sleep=fit_seconds), {"C": C_VALUES}, cv=n_splits, time_budget=budget
    )
    before = time.perf_counter()
    search.fit(X, y)
    assert search.stopped_ == "time_budget"
    params = search.cv_results_["params"]
    assert 1 <= len(params) < len(C_VALUES)
    # each evaluated candidate's first fit started before the limit (the fits are in
    # order with n_jobs=1; the last start is the refit's)
    firsts = TimedClassifier.starts[:-1][::n_splits]
    assert len(firsts) == len(params)
    assert max(firsts) - before < budget
    # what was evaluated is what GridSearchCV gives for those candidates, best refitted
    plain = GridSearchCV(PickyClassifier(), {"C": [p["C"] for p in params]}, cv=n_splits)
    plain.fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert search.best_params_ == plain.best_params_
    assert search.best_estimator_.C == plain.best_params_["C"]


@pytest.mark.parametrize("search", _searches(time_budget=0.3), ids=lambda s: type(s).__name__)
def test_every_live_search_ends_at_its_time_limit(search):
    search.fit(X, y)
    assert search.stopped_ == "time_budget"
    n = len(search.cv_results_["params"])
    assert 1 <= n < search.plan(X, y).n_candidates
    assert search.best_params_ in search.cv_results_["params"]
    assert clone(search).get_params()["time_budget"] == 0.3


@pytest.mark.parametrize("search", _searches(), ids=lambda s: type(s).__name__)
def test_time_budget_is_a_parameter_and_none_means_no_limit(search):
    assert search.get_params()["time_budget"] is None
    search.set_params(time_budget=60.0, n_jobs=2)
    assert clone(search).time_budget == 60.0
    search.fit(X, y)
    assert search.stopped_ is False
    assert len(search.cv_results_["params"]) == search.plan(X, y).n_candidates
    with pytest.raises(InvalidParameterError, match="time_budget"):
        search.set_params(time_budget=-1).fit(X, y)
