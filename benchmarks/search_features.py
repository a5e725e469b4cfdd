"""What the opt-in features of the live searches give: the overshoot of a time limit.

A grid search over a slow classifier (each fit sleeps ``--fit-seconds``, then fits a
logistic regression on 120 samples) runs with ``time_budget``, for a few limits, fold
counts and worker counts. The *overshoot* is the time from the limit to the end of the
search's cross-validation (``refit=False``, so no refit is counted): the candidates that
started before the limit finish. With one worker it is at most about one candidate (the
folds of the candidate running); with ``n_jobs`` workers, the fits already handed to joblib
(``pre_dispatch="2*n_jobs"``) finish too. The worker processes are started by a warm-up
search first (otherwise their start-up, during the first candidate, which always runs, is
counted). Each setting runs ``--repeats`` times; the median and the largest overshoot are
printed, in seconds and in candidates, a candidate's time being measured in the same run
(time until the limit / candidates evaluated by then, an estimate).

Figures only, no assertion; timings vary with the load of the machine (the load average
is printed).

    python benchmarks/search_features.py [--fit-seconds 0.1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from hptlearn import LiveGridSearchCV


class SlowClassifier(ClassifierMixin, BaseEstimator):
    """A logistic regression whose fit first sleeps ``sleep`` seconds."""

    def __init__(self, C=1.0, sleep=0.1):
        self.C = C
        self.sleep = sleep

    def fit(self, X, y):
        time.sleep(self.sleep)
        self.model_ = LogisticRegression(C=self.C).fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(X)


def overshoot(budget, cv, n_jobs, fit_seconds, X, y):
    """``(seconds after the limit until fit returned, candidates evaluated)``."""
    grid = {"C": [float(c) for c in np.logspace(-3, 3, 500)]}
    search = LiveGridSearchCV(
        SlowClassifier(sleep=fit_seconds),
        grid,
        cv=cv,
        n_jobs=n_jobs,
        refit=False,
        time_budget=budget,
    )
    start = time.perf_counter()
    search.fit(X, y)
    elapsed = time.perf_counter() - start
    assert search.stopped_ == "time_budget"
    return elapsed - budget, len(search.cv_results_["params"])


def warm_up(n_jobs, X, y):
    """Start joblib's worker processes (they stay up between searches)."""
    grid = {"C": [1.0, 2.0, 3.0, 4.0]}
    LiveGridSearchCV(SlowClassifier(sleep=0.0), grid, cv=2, n_jobs=n_jobs).fit(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit-seconds", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    X, y = make_classification(n_samples=120, n_features=5, random_state=0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"time limit overshoot (fit time {args.fit_seconds:g} s; refit=False)")
    print(
        f"{'limit s':>8} {'folds':>5} {'n_jobs':>6} {'candidates':>10} "
        f"{'median s':>9} {'max s':>7} {'max in candidates':>18}"
    )
    for budget, cv, n_jobs in [(2.0, 3, 1), (2.0, 5, 1), (5.0, 5, 1), (2.0, 5, 2), (5.0, 5, 2)]:
        warm_up(n_jobs, X, y)
        runs = [overshoot(budget, cv, n_jobs, args.fit_seconds, X, y) for _ in range(args.repeats)]
        late = [r[0] for r in runs]
        # a candidate's time in this run: the candidates done (all but about n_jobs of
        # them before the limit) over the time they took
        candidate = statistics.median((budget + r[0]) / r[1] for r in runs)
        done = statistics.median(r[1] for r in runs)
        print(
            f"{budget:>8g} {cv:>5} {n_jobs:>6} {done:>10g} {statistics.median(late):>9.2f} "
            f"{max(late):>7.2f} {max(late) / candidate:>18.2f}"
        )


if __name__ == "__main__":
    main()
