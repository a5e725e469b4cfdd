"""What does running a live search on Dask cost? joblib's default backend against Dask.

The same live grid search (SVC on 800 digits, 30 candidates x 5 folds = 150 fits) runs on
joblib's default backend (loky, ``n_jobs=2``) and on a two-worker Dask cluster started on
this machine (:class:`hptlearn.cluster.DaskWorkers`, one thread per worker). After a
warm-up of each, runs alternate (the order swaps every round) and the medians of the wall
times and of the per-round ratio Dask / loky are printed.

Then the overhead per task: ``--tasks`` trivial tasks through ``joblib.Parallel`` with
``batch_size=1`` (one task per fit, as for fits longer than joblib's batching threshold) on
each backend; wall time / tasks is the cost of dispatching one task and collecting its
result when the work itself is nothing.

Last, a projection for a large search (``--fits`` fits on ``--workers`` workers), with the
measured mean fit time and the Dask overhead per task:

* overhead shared by the workers: wall ~ fits x (fit time + overhead) / workers;
* overhead serial (the client and the scheduler handle one task after another, which is
  what the trivial tasks measure: with no work, only the dispatching remains):
  wall ~ max(fits x fit time / workers, fits x overhead). This one is the bound to plan
  with when the fits are short.

Figures only, no assertion; they vary with the load of the machine (the load average is
printed).

    python benchmarks/dask_overhead.py [--repeats 3] [--tasks 200] [--fits 10000] [--workers 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import joblib
import numpy as np
from sklearn.datasets import load_digits
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV
from hptlearn.cluster import DaskWorkers

GRID = {"C": [0.1, 1, 10, 100, 1000], "gamma": [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]}


def _nothing(i):
    return i


def run_search(X, y, workers=None):
    """Wall time of one live grid search, and its mean time per fit (fit + score)."""
    search = LiveGridSearchCV(SVC(), GRID, cv=5, n_jobs=2)
    start = time.perf_counter()
    if workers is None:
        search.fit(X, y)
    else:
        with workers.parallel_config():
            search.fit(X, y)
    wall = time.perf_counter() - start
    results = search.cv_results_
    per_fit = float(np.mean(results["mean_fit_time"] + results["mean_score_time"]))
    return wall, per_fit


def per_task(n_tasks, workers=None):
    """Seconds per trivial task through joblib (one task per dispatch)."""
    parallel = joblib.Parallel(n_jobs=2, batch_size=1)
    start = time.perf_counter()
    if workers is None:
        parallel(joblib.delayed(_nothing)(i) for i in range(n_tasks))
    else:
        with workers.parallel_config():
            parallel(joblib.delayed(_nothing)(i) for i in range(n_tasks))
    return (time.perf_counter() - start) / n_tasks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--fits", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=100)
    args = parser.parse_args()

    X, y = load_digits(return_X_y=True)
    X, y = X[:800], y[:800]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)")

    start = time.perf_counter()
    with DaskWorkers(n_workers=2, threads_per_worker=1) as workers:
        print(f"{workers.describe()} (started in {time.perf_counter() - start:.1f} s)")
        run_search(X, y)  # warm-up: starts loky's worker processes
        run_search(X, y, workers)  # warm-up: imports scikit-learn on the Dask workers
        walls = {"loky": [], "dask": []}
        fit_times = []
        for r in range(args.repeats):
            order = ("loky", "dask") if r % 2 == 0 else ("dask", "loky")
            for name in order:
                wall, per_fit = run_search(X, y, workers if name == "dask" else None)
                walls[name].append(wall)
                fit_times.append(per_fit)
        ratios = [d / lo for d, lo in zip(walls["dask"], walls["loky"], strict=True)]
        print(f"\nlive grid search, 150 fits, median of {args.repeats} alternating runs:")
        for name in ("loky", "dask"):
            print(f"  {name:>4}: {statistics.median(walls[name]):6.2f} s  {walls[name]}")
        print(f"  dask / loky: {statistics.median(ratios):.2f}x")

        per_task(20)  # warm-up
        per_task(20, workers)
        loky_task = statistics.median(per_task(args.tasks) for _ in range(args.repeats))
        dask_task = statistics.median(per_task(args.tasks, workers) for _ in range(args.repeats))
    print(f"\noverhead per task ({args.tasks} trivial tasks, batch_size=1, 2 workers):")
    print(f"  loky: {loky_task * 1e3:7.2f} ms")
    print(f"  dask: {dask_task * 1e3:7.2f} ms  ({dask_task / loky_task:.1f}x loky)")

    fit = statistics.median(fit_times)
    fits, n = args.fits, args.workers
    shared = fits * (fit + dask_task) / n
    serial = max(fits * fit / n, fits * dask_task)
    print(f"\n{fits} fits on {n} Dask workers, {fit * 1e3:.0f} ms per fit (measured mean):")
    print(
        "  overhead shared by the workers: "
        f"wall ~ fits x (fit + overhead) / workers = {shared:.1f} s"
    )
    print(
        f"  overhead serial (client and scheduler, one task at a time): "
        f"wall ~ max(fits x fit / workers, fits x overhead) = {serial:.1f} s"
    )
    print(f"  the same fits one after another on one core: {fits * fit:.1f} s")
    print(f"  fits x overhead alone: {fits * dask_task:.1f} s")


if __name__ == "__main__":
    main()
