"""What the opt-in features of the live searches give: a time limit's overshoot, and the
fits ``skip_duplicates`` saves.

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

Then the fits saved by ``skip_duplicates``: random, quasi-random and Bayesian searches
(``n_iter`` candidates, 5 folds, seeds 0 to 4) over spaces of lists and whole-number
ranges. The plain search fits every candidate it draws, repeats included; with
``skip_duplicates=True`` each distinct candidate is fitted once and the budget goes to new
ones. Printed per search: the distinct candidates and fits of each (medians over the
seeds), and the fits the plain search spends on repeats (saved).

Last, the fits saved by continuing a search (``warm_start=True``): a random search over
``loguniform`` C, 5 folds, run with ``n_iter`` 10, then continued to 20, then 40, against
fresh fits of 20 and 40 candidates (fits counted in the process; wall times of this
machine, loaded, in seconds).

Then what ``checkpoint=PATH`` costs and saves, on a random search over ``loguniform`` C
(40 candidates, 5 folds, the fit not slowed): the time of each line written (a JSON line,
flushed; ``os.fsync`` at most every second and at the end), the time of one ``os.fsync``
alone, the file's size per candidate, and the search's time with and without the file;
then a crash is simulated by cutting the file after a quarter, a half and three quarters
of its candidates (and half a line), and the resumed search's fits are counted against a
fresh run's.

Last, what every fit keeps so that a later fit with ``warm_start=True`` can continue it
(section ``keep``): the memory of the fold results of 1000 candidates x 5 folds (measured
with ``tracemalloc`` on an unpickled copy, and pickled), and the time of the fingerprint
(a hash of the data, splits, scoring and estimator) that every fit now computes, for data
of growing size.

Figures only, no assertion; timings vary with the load of the machine (the load average
is printed).

    python benchmarks/search_features.py [--fit-seconds 0.1] [--repeats 3]
        [--sections time duplicates warm checkpoint keep]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

import numpy as np
from scipy.stats import randint
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from hptlearn import (
    LiveGridSearchCV,
    LiveHalvingRandomSearchCV,
    LiveQuasiRandomSearchCV,
    LiveRandomizedSearchCV,
)
from hptlearn.bayes import LiveBayesSearchCV


class SlowClassifier(ClassifierMixin, BaseEstimator):
    """A logistic regression whose fit first sleeps ``sleep`` seconds."""

    def __init__(self, C=1.0, fit_intercept=True, sleep=0.1):
        self.C = C
        self.fit_intercept = fit_intercept
        self.sleep = sleep

    fits = 0  # fits in this process (n_jobs=1)

    def fit(self, X, y):
        SlowClassifier.fits += 1
        time.sleep(self.sleep)
        self.model_ = LogisticRegression(C=self.C, fit_intercept=self.fit_intercept).fit(X, y)
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


def duplicates(search_class, space, n_iter, seed, skip, X, y):
    """``(distinct candidates, fits)`` of one search (5 folds, no refit)."""
    search = search_class(
        SlowClassifier(sleep=0.0),
        space,
        n_iter=n_iter,
        cv=5,
        refit=False,
        random_state=seed,
        skip_duplicates=skip,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "only N distinct candidates"
        search.fit(X, y)
    params = search.cv_results_["params"]
    return len({repr(sorted(p.items())) for p in params}), len(params) * 5


def warm_up(n_jobs, X, y):
    """Start joblib's worker processes (they stay up between searches)."""
    grid = {"C": [1.0, 2.0, 3.0, 4.0]}
    LiveGridSearchCV(SlowClassifier(sleep=0.0), grid, cv=2, n_jobs=n_jobs).fit(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit-seconds", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--sections",
        nargs="+",
        default=["time", "duplicates", "warm", "checkpoint", "keep"],
        choices=["time", "duplicates", "warm", "checkpoint", "keep"],
    )
    args = parser.parse_args()
    X, y = make_classification(n_samples=120, n_features=5, random_state=0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if "time" in args.sections:
        print(f"time limit overshoot (fit time {args.fit_seconds:g} s; refit=False)")
        print(
            f"{'limit s':>8} {'folds':>5} {'n_jobs':>6} {'candidates':>10} "
            f"{'median s':>9} {'max s':>7} {'max in candidates':>18}"
        )
        settings = [(2.0, 3, 1), (2.0, 5, 1), (5.0, 5, 1), (2.0, 5, 2), (5.0, 5, 2)]
        for budget, cv, n_jobs in settings:
            warm_up(n_jobs, X, y)
            seconds = args.fit_seconds
            runs = [overshoot(budget, cv, n_jobs, seconds, X, y) for _ in range(args.repeats)]
            late = [r[0] for r in runs]
            # a candidate's time in this run: the candidates done (all but about n_jobs of
            # them before the limit) over the time they took
            candidate = statistics.median((budget + r[0]) / r[1] for r in runs)
            done = statistics.median(r[1] for r in runs)
            print(
                f"{budget:>8g} {cv:>5} {n_jobs:>6} {done:>10g} {statistics.median(late):>9.2f} "
                f"{max(late):>7.2f} {max(late) / candidate:>18.2f}"
            )

    if "duplicates" in args.sections:
        print("\nskip_duplicates: fits saved (5 folds, medians over seeds 0-4)")
        spaces = {
            "C 1..10 x intercept (20)": {"C": randint(1, 11), "fit_intercept": [True, False]},
            "C 1..50 (50)": {"C": randint(1, 51)},
        }
        print(
            f"{'search':>14} {'space (distinct)':>24} {'n_iter':>6} {'plain distinct':>14} "
            f"{'plain fits':>10} {'skip distinct':>13} {'skip fits':>9} {'fits saved':>10}"
        )
        for name, search_class in [
            ("random", LiveRandomizedSearchCV),
            ("quasi-random", LiveQuasiRandomSearchCV),
            ("bayes", LiveBayesSearchCV),
        ]:
            for label, space in spaces.items():
                for n_iter in (10, 30):
                    args_ = (search_class, space, n_iter)
                    plain = [duplicates(*args_, seed, False, X, y) for seed in range(5)]
                    skip = [duplicates(*args_, seed, True, X, y) for seed in range(5)]
                    saved = statistics.median(p[1] - p[0] * 5 for p in plain)
                    print(
                        f"{name:>14} {label:>24} {n_iter:>6} "
                        f"{statistics.median(p[0] for p in plain):>14g} "
                        f"{statistics.median(p[1] for p in plain):>10g} "
                        f"{statistics.median(k[0] for k in skip):>13g} "
                        f"{statistics.median(k[1] for k in skip):>9g} {saved:>10g}"
                    )

    if "warm" in args.sections:
        print("\nwarm_start: fits of a continued random search against fresh fits (5 folds)")
        from scipy.stats import loguniform

        space = {"C": loguniform(1e-3, 1e3)}
        print(
            f"{'n_iter':>6} {'continued fits':>14} {'fresh fits':>10} {'continued s':>11} "
            f"{'fresh s':>7} {'same results':>12}"
        )
        search = LiveRandomizedSearchCV(
            SlowClassifier(sleep=0.0), space, n_iter=10, cv=5, random_state=0, warm_start=True
        )
        search.fit(X, y)
        for n_iter in (20, 40):
            SlowClassifier.fits = 0
            start = time.perf_counter()
            search.set_params(n_iter=n_iter).fit(X, y)
            continued, continued_s = SlowClassifier.fits, time.perf_counter() - start
            SlowClassifier.fits = 0
            start = time.perf_counter()
            fresh = LiveRandomizedSearchCV(
                SlowClassifier(sleep=0.0), space, n_iter=n_iter, cv=5, random_state=0
            ).fit(X, y)
            fresh_fits, fresh_s = SlowClassifier.fits, time.perf_counter() - start
            same = bool(
                np.array_equal(
                    search.cv_results_["mean_test_score"], fresh.cv_results_["mean_test_score"]
                )
                and search.best_params_ == fresh.best_params_
            )
            print(
                f"{n_iter:>6} {continued:>14} {fresh_fits:>10} {continued_s:>11.2f} "
                f"{fresh_s:>7.2f} {same!s:>12}"
            )

        print("\nwarm_start with successive halving: (candidate, resource) pairs reused")
        print(
            f"{'n_candidates':>12} {'continued fits':>14} {'fresh fits':>10} {'same results':>12}"
        )
        halving = LiveHalvingRandomSearchCV(
            SlowClassifier(sleep=0.0), space, n_candidates=9, cv=5, random_state=0, warm_start=True
        ).fit(X, y)
        for n_candidates in (27, 81):
            SlowClassifier.fits = 0
            halving.set_params(n_candidates=n_candidates).fit(X, y)
            continued = SlowClassifier.fits
            SlowClassifier.fits = 0
            fresh = LiveHalvingRandomSearchCV(
                SlowClassifier(sleep=0.0), space, n_candidates=n_candidates, cv=5, random_state=0
            ).fit(X, y)
            same = bool(
                np.array_equal(
                    halving.cv_results_["mean_test_score"], fresh.cv_results_["mean_test_score"]
                )
                and halving.best_params_ == fresh.best_params_
            )
            print(f"{n_candidates:>12} {continued:>14} {SlowClassifier.fits:>10} {same!s:>12}")

    if "checkpoint" in args.sections:
        checkpoint_section(X, y)
    if "keep" in args.sections:
        keep_section(X, y)


def keep_section(X, y):
    """What every fit keeps for a later ``warm_start=True`` fit, and what it costs."""
    import pickle
    import time
    import tracemalloc

    from sklearn.dummy import DummyClassifier

    from hptlearn import LiveRandomizedSearchCV

    space = {"strategy": ["prior", "stratified", "uniform"], "random_state": list(range(1000))}
    search = LiveRandomizedSearchCV(
        DummyClassifier(), space, n_iter=1000, cv=5, random_state=0
    ).fit(X, y)
    kept = search.__dict__["_live_warm"]
    pickled = pickle.dumps(kept)
    tracemalloc.start()
    copy = pickle.loads(pickled)
    in_memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del copy
    print("\nkept by every fit for warm_start (1000 candidates x 5 folds)")
    print(f"  in memory {in_memory / 1e6:.2f} MB, pickled {len(pickled) / 1e6:.2f} MB")
    print(f"  cv_results_ pickled {len(pickle.dumps(search.cv_results_)) / 1e6:.2f} MB")
    print(f"  fitted search pickled {len(pickle.dumps(search)) / 1e6:.2f} MB (without it)")
    print(f"{'data (rows x 50)':>16} {'MB':>6} {'fingerprint s':>13}")
    rng = np.random.default_rng(0)
    for n in (1_000, 100_000, 1_000_000):
        Xb = rng.normal(size=(n, 50))
        yb = (Xb[:, 0] > 0).astype(int)
        splits = [(np.arange(n // 2), np.arange(n // 2, n))]
        start = time.perf_counter()
        search._warm_fingerprint(Xb, yb, splits, {})
        seconds = time.perf_counter() - start
        print(f"{n:>16} {Xb.nbytes / 1e6:>6.0f} {seconds:>13.3f}")


def checkpoint_section(X, y):
    """The cost of a checkpoint file, and the fits a resumed search saves."""
    import tempfile
    from pathlib import Path

    from scipy.stats import loguniform

    def make(**kwargs):
        return LiveRandomizedSearchCV(
            SlowClassifier(sleep=0.0),
            {"C": loguniform(1e-3, 1e3)},
            n_iter=40,
            cv=5,
            random_state=0,
            **kwargs,
        )

    print("\ncheckpoint: a random search, 40 candidates x 5 folds")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search.jsonl"
        plain_s, with_s, per_line = [], [], []
        for _ in range(3):
            start = time.perf_counter()
            plain = make().fit(X, y)
            plain_s.append(time.perf_counter() - start)
            path.unlink(missing_ok=True)
            start = time.perf_counter()
            search = make(checkpoint=path).fit(X, y)
            with_s.append(time.perf_counter() - start)
            per_line.append(search.checkpoint_write_seconds_ / search.checkpoint_written_)
        fsync = time.perf_counter()
        with open(path, "ab") as file:
            os.fsync(file.fileno())
        fsync = time.perf_counter() - fsync
        lines = path.read_bytes().splitlines(keepends=True)
        n = len(lines) - 1
        print(
            f"time per line written (write, flush; os.fsync at most every second): median "
            f"{statistics.median(per_line) * 1e3:.2f} ms; file {path.stat().st_size} bytes, "
            f"{sum(map(len, lines[1:])) / n:.0f} bytes per candidate, header {len(lines[0])}"
            f"; one os.fsync alone {fsync * 1e3:.2f} ms"
        )
        print(
            f"search time (median of 3): {statistics.median(plain_s):.2f} s without the file, "
            f"{statistics.median(with_s):.2f} s with it"
        )
        print(
            f"{'crash after':>11} {'resumed fits':>12} {'fresh fits':>10} {'saved':>6} {'same':>5}"
        )
        for fraction in (0.25, 0.5, 0.75):
            k = int(fraction * n)
            path.write_bytes(b"".join(lines[: 1 + k]) + lines[1 + k][:40])
            SlowClassifier.fits = 0
            resumed = make(checkpoint=path).fit(X, y)
            resumed_fits = SlowClassifier.fits
            fresh_fits = n * 5 + 1
            same = bool(
                np.array_equal(
                    resumed.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
                )
                and resumed.best_params_ == plain.best_params_
                and len(path.read_bytes().splitlines()) == len(lines)
            )
            print(
                f"{k:>5} cand. {resumed_fits:>12} {fresh_fits:>10} "
                f"{fresh_fits - resumed_fits:>6} {same!s:>5}"
            )


if __name__ == "__main__":
    main()
