"""Small estimators for the tests (importable by the worker processes of n_jobs=2)."""

import time

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
