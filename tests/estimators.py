"""Small estimators for the tests (importable by the worker processes of n_jobs=2)."""

import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression


class PickyClassifier(ClassifierMixin, BaseEstimator):
    """A logistic regression that refuses to fit when ``fail`` is true.

    ``sleep`` slows each fit down, to give a test time to press Stop.
    """

    def __init__(self, C=1.0, fail=False, sleep=0.0):
        self.C = C
        self.fail = fail
        self.sleep = sleep

    def fit(self, X, y):
        if self.sleep:
            time.sleep(self.sleep)
        if self.fail:
            raise ValueError("PickyClassifier refuses to fit with fail=True")
        self.model_ = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(X)


class CountingClassifier(ClassifierMixin, BaseEstimator):
    """A nearest-centroid classifier that counts its fits in ``CountingClassifier.fits``.

    The count is a class attribute: the searches fit clones, all of this class, in this
    process with ``n_jobs=1``. ``C`` shrinks the centroids toward their mean (so scores
    differ between candidates), ``n_estimators`` is a resource for successive halving, and
    ``fail`` makes the fit raise.
    """

    fits = 0

    def __init__(self, C=1.0, kind="a", n_estimators=10, fail=False):
        self.C = C
        self.kind = kind
        self.n_estimators = n_estimators
        self.fail = fail

    def fit(self, X, y):
        CountingClassifier.fits += 1
        if self.fail:
            raise ValueError("CountingClassifier refuses to fit with fail=True")
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        self.classes_ = np.unique(y)
        centroids = np.array([X[y == c].mean(axis=0) for c in self.classes_])
        shrink = self.C / (1.0 + self.C)
        self.centroids_ = shrink * centroids + (1 - shrink) * X.mean(axis=0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        distances = ((X[:, None, :] - self.centroids_[None]) ** 2).sum(axis=2)
        return self.classes_[distances.argmin(axis=1)]


class CountingEnsemble(ClassifierMixin, BaseEstimator):
    """An ensemble of shrunken nearest-centroid members that counts the members it trains.

    Member ``i`` is fitted on a bootstrap sample drawn from ``(random_state, i)`` only, so
    growing from ``n`` to ``m`` members with ``warm_start=True`` gives exactly the model of
    a fresh fit with ``m`` (as a random forest's warm start does). ``trained`` (a class
    attribute: the searches fit clones in this process with ``n_jobs=1``) counts the
    members trained, ``fits`` the calls to ``fit``.
    """

    trained = 0
    fits = 0

    def __init__(self, C=1.0, n_estimators=10, warm_start=False, random_state=0):
        self.C = C
        self.n_estimators = n_estimators
        self.warm_start = warm_start
        self.random_state = random_state

    def fit(self, X, y):
        CountingEnsemble.fits += 1
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        if not (self.warm_start and hasattr(self, "members_")):
            self.members_ = []
            self.classes_ = np.unique(y)
        shrink = self.C / (1.0 + self.C)
        for i in range(len(self.members_), self.n_estimators):
            rows = np.random.RandomState([self.random_state, i]).randint(0, len(y), len(y))
            Xi, yi = X[rows], y[rows]
            centroids = np.array(
                [
                    Xi[yi == c].mean(axis=0) if np.any(yi == c) else Xi.mean(axis=0)
                    for c in self.classes_
                ]
            )
            self.members_.append(shrink * centroids + (1 - shrink) * Xi.mean(axis=0))
            CountingEnsemble.trained += 1
        del self.members_[self.n_estimators :]
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        centroids = np.mean(self.members_, axis=0)
        distances = ((X[:, None, :] - centroids[None]) ** 2).sum(axis=2)
        return self.classes_[distances.argmin(axis=1)]


class SleepyCountingClassifier(CountingClassifier):
    """A :class:`CountingClassifier` whose fits sleep ``sleep`` seconds and log their ``C``
    in ``SleepyCountingClassifier.fitted`` (this process's fits only).

    Slow enough for a test to kill the process running a search half-way.
    """

    fitted: list = []

    def __init__(self, C=1.0, kind="a", n_estimators=10, fail=False, sleep=0.0):
        super().__init__(C=C, kind=kind, n_estimators=n_estimators, fail=fail)
        self.sleep = sleep

    def fit(self, X, y):
        SleepyCountingClassifier.fitted.append(self.C)
        if self.sleep:
            time.sleep(self.sleep)
        return super().fit(X, y)
