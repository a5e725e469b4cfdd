"""What do the strategies beyond grid and random cost on top of their fits?

1. Live successive halving against scikit-learn's plain halving searches (grid and random),
   on the same data, candidates, cv, n_jobs and random_state: after a warm-up (which starts
   the worker processes), runs alternate plain/live and the median of the per-pair ratios
   live / plain is printed (target: <= 1.05 with n_jobs=2).
2. LiveBayesSearchCV: the time spent asking and telling Optuna's TPE sampler
   (``sampler_seconds_``) as a share of the search's wall time, on searches the size of the
   notebooks' (target: <= 5 %).
3. ``plan()`` of every registered strategy's search (what the apps ask at every Run press):
   the median time of one call on digits (target: a few milliseconds; nothing is fitted).

    python benchmarks/strategies_overhead.py [--repeats 9] [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

from scipy.stats import loguniform
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hptlearn import (
    STRATEGIES,
    LiveBayesSearchCV,
    LiveHalvingGridSearchCV,
    LiveHalvingRandomSearchCV,
)


def timed(make, X, y):
    start = time.perf_counter()
    search = make().fit(X, y)
    return time.perf_counter() - start, search


def halving_ratios(X, y, repeats, n_jobs):
    grid = {"C": [0.1, 1, 10, 100, 1000], "gamma": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]}
    dists = {"C": loguniform(1e-1, 1e3), "gamma": loguniform(1e-4, 3e-2)}
    common = dict(cv=5, n_jobs=n_jobs, factor=3, random_state=0)
    pairs = {
        "halving grid (30 candidates)": (
            lambda: HalvingGridSearchCV(SVC(), grid, **common),
            lambda: LiveHalvingGridSearchCV(SVC(), grid, on_progress=lambda info: None, **common),
        ),
        "halving random (60 candidates)": (
            lambda: HalvingRandomSearchCV(SVC(), dists, n_candidates=60, **common),
            lambda: LiveHalvingRandomSearchCV(
                SVC(), dists, n_candidates=60, on_progress=lambda info: None, **common
            ),
        ),
    }
    for name, (plain, live) in pairs.items():
        timed(plain, X, y), timed(live, X, y)  # warm-up
        ratios, plain_times, live_times = [], [], []
        for i in range(repeats):
            order = (plain, live) if i % 2 == 0 else (live, plain)
            times = {id(f): timed(f, X, y)[0] for f in order}
            plain_times.append(times[id(plain)])
            live_times.append(times[id(live)])
            ratios.append(live_times[-1] / plain_times[-1])
        print(
            f"{name}: plain median {statistics.median(plain_times):.2f} s, live median "
            f"{statistics.median(live_times):.2f} s, median ratio live/plain "
            f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})"
        )


def sampler_share(n_jobs):
    X, y = load_digits(return_X_y=True)
    Xb, yb = load_breast_cancer(return_X_y=True)
    searches = {
        "SVC on digits, C and gamma, 30 candidates x 5 folds": (
            lambda: LiveBayesSearchCV(
                SVC(),
                {"C": loguniform(1e-2, 1e3), "gamma": loguniform(1e-5, 1e-1)},
                n_iter=30,
                cv=5,
                n_jobs=n_jobs,
                random_state=0,
            ),
            X[:800],
            y[:800],
        ),
        "logistic regression on breast cancer, C, 20 candidates x 5 folds": (
            lambda: LiveBayesSearchCV(
                make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                {"logisticregression__C": loguniform(1e-4, 1e4)},
                n_iter=20,
                cv=5,
                n_jobs=n_jobs,
                random_state=0,
            ),
            Xb,
            yb,
        ),
    }
    for name, (make, X_, y_) in searches.items():
        timed(make, X_, y_)  # warm-up
        wall, search = timed(make, X_, y_)
        print(
            f"Bayesian (TPE), {name}: sampler {search.sampler_seconds_:.3f} s of "
            f"{wall:.2f} s wall = {100 * search.sampler_seconds_ / wall:.1f} %"
        )


def plan_times(X, y, repeats):
    spaces = {
        "lists": {"C": [0.1, 1, 10, 100, 1000], "gamma": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]},
        "distributions": {"C": loguniform(1e-1, 1e3), "gamma": loguniform(1e-4, 3e-2)},
    }
    budget = {"n_iter": 60, "n_candidates": 60}
    for name, strategy in STRATEGIES.items():
        search = strategy.make_search(
            SVC(),
            spaces[strategy.reads],
            random_state=0,
            cv=5,
            **{k: v for k, v in budget.items() if k in strategy.budget_args},
        )
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            plan = search.plan(X, y)
            times.append(time.perf_counter() - start)
        print(
            f"plan() of {name}: median {1000 * statistics.median(times):.1f} ms "
            f"({plan.n_candidates} candidates, {plan.n_fits} fits)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    X, y = load_digits(return_X_y=True)
    print(f"n_jobs={args.n_jobs}, {args.repeats} alternating pairs after one warm-up pair")
    halving_ratios(X[:1200], y[:1200], args.repeats, args.n_jobs)
    sampler_share(args.n_jobs)
    plan_times(X, y, 10 * args.repeats)


if __name__ == "__main__":
    main()
