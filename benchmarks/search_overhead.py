"""How much does live progress cost? Live searches against scikit-learn's plain ones.

Times LiveGridSearchCV against GridSearchCV, and LiveRandomizedSearchCV against
RandomizedSearchCV, on the same data, grid/distributions, cv, n_jobs and random_state.
After a warm-up (which starts the worker processes), runs alternate plain/live so that
drifts of the machine hit both equally, and the median of the per-pair ratios
live / plain is printed (target: <= 1.03 with n_jobs=2), with the number of progress reports
per search and the longest gap between two of them (target: 2 s or less).

Then the stop latency: a live grid search runs in a thread, ``stop()`` is called at a
random moment, and the time from ``stop()`` to ``fit`` returning is measured (median and
max over ``--stops`` trials), at the default settings.

    python benchmarks/search_overhead.py [--repeats 15] [--n-jobs 2] [--batch-size auto]
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from itertools import pairwise

from scipy.stats import loguniform
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--batch-size", default="auto")
    parser.add_argument("--target-seconds", type=float, default=1.0)
    parser.add_argument("--stops", type=int, default=9)
    args = parser.parse_args()
    batch_size = args.batch_size if args.batch_size == "auto" else int(args.batch_size)

    X, y = load_digits(return_X_y=True)
    X, y = X[:800], y[:800]
    grid = {"C": [0.1, 1, 10, 100, 1000], "gamma": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]}
    dists = {"C": loguniform(1e-1, 1e3), "gamma": loguniform(1e-4, 3e-2)}
    common = dict(cv=5, n_jobs=args.n_jobs)
    live = dict(batch_size=batch_size, target_batch_seconds=args.target_seconds)
    n_events = []

    pairs = {
        "grid (30 candidates x 5 folds)": (
            lambda: GridSearchCV(SVC(), grid, **common),
            lambda: LiveGridSearchCV(
                SVC(), grid, on_progress=lambda info: n_events.append(info), **common, **live
            ),
        ),
        "random (30 candidates x 5 folds)": (
            lambda: RandomizedSearchCV(SVC(), dists, n_iter=30, random_state=0, **common),
            lambda: LiveRandomizedSearchCV(
                SVC(),
                dists,
                n_iter=30,
                random_state=0,
                on_progress=lambda info: n_events.append(info),
                **common,
                **live,
            ),
        ),
    }

    def timed(make):
        start = time.perf_counter()
        make().fit(X, y)
        return time.perf_counter() - start

    print(
        f"n_jobs={args.n_jobs}, batch_size={batch_size}, target={args.target_seconds}s, "
        f"{args.repeats} alternating pairs after one warm-up pair"
    )
    for name, (plain, live_search) in pairs.items():
        timed(plain), timed(live_search)  # warm-up: worker processes, caches
        ratios, plain_times, live_times = [], [], []
        n_events.clear()
        for i in range(args.repeats):
            order = (plain, live_search) if i % 2 == 0 else (live_search, plain)
            times = {id(f): timed(f) for f in order}
            plain_times.append(times[id(plain)])
            live_times.append(times[id(live_search)])
            ratios.append(live_times[-1] / plain_times[-1])
        events = len(n_events) / args.repeats
        gaps = []
        for before, after in pairwise(n_events):
            if after.elapsed >= before.elapsed:  # within one search
                gaps.append(after.elapsed - before.elapsed)
        print(
            f"{name}: plain median {statistics.median(plain_times):.2f} s, "
            f"live median {statistics.median(live_times):.2f} s, "
            f"median ratio live/plain {statistics.median(ratios):.3f} "
            f"(min {min(ratios):.3f}, max {max(ratios):.3f}); "
            f"{events:.0f} progress reports per search, longest gap {max(gaps):.2f} s"
        )
    stop_latency(X, y, grid, common, args.stops)


def stop_latency(X, y, grid, common, trials):
    """Time from stop() to fit returning, stop pressed at a random moment of the search."""
    rng = random.Random(0)
    latencies, evaluated = [], []
    for _ in range(trials):
        search = LiveGridSearchCV(SVC(), grid, **common)
        thread = threading.Thread(target=search.fit, args=(X, y))
        thread.start()
        time.sleep(rng.uniform(0.3, 1.5))
        pressed = time.perf_counter()
        search.stop()
        thread.join()
        latencies.append(time.perf_counter() - pressed)
        evaluated.append(len(search.cv_results_["params"]))
    print(
        f"stop latency over {trials} stops at random moments: median "
        f"{statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
        f"(includes the refit of the best candidate); candidates evaluated "
        f"{min(evaluated)}-{max(evaluated)} of 30"
    )


if __name__ == "__main__":
    main()
