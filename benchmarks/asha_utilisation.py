"""Worker utilisation of ASHA against synchronous successive halving, with two workers.

utilisation = summed time of the cross-validation's fits (fit and score times, as
``cv_results_`` reports them) / (wall time of the search x workers)

Both searches have the same budget: the same number of configurations on the same rungs
(resources 1, 3, 9, 27, 81 of an integer parameter, ``factor=3``), ``n_jobs=2``,
``refit=False``. Synchronous halving is hptlearn's ``LiveHalvingRandomSearchCV``: each
iteration waits for its slowest fit before the next starts. ASHA
(``LiveASHASearchCV``) promotes as results arrive.

Two estimators:

* a *sleeping* classifier whose fit sleeps in proportion to its resource, with
  log-normal noise (so fit times vary as real ones do) and a score set by its
  hyperparameter; it uses no CPU, so the figures measure the scheduling alone;
* a real one: ``MLPClassifier`` on the (standardised) digits, the resource ``max_iter``
  (epochs; the convergence warnings of the short fits are silenced).

Each pair of searches runs ``--repeats`` times, alternating, and the medians are printed.

Run: ``.venv/bin/python benchmarks/asha_utilisation.py [--repeats N] [--quick]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
from scipy.stats import loguniform, uniform
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hptlearn.asha import LiveASHASearchCV  # noqa: E402
from hptlearn.halving import LiveHalvingRandomSearchCV  # noqa: E402

WORKERS = 2

# the short fits of the MLP do not converge: silence that here and in the workers (which
# inherit the environment when joblib starts them)
os.environ.setdefault("PYTHONWARNINGS", "ignore")
warnings.simplefilter("ignore")


class SleepingClassifier(ClassifierMixin, BaseEstimator):
    """Sleeps ``unit * budget * exp(noise * z)`` seconds per fit (``z`` standard normal,
    drawn from the hyperparameters and the fold); scores ``quality`` rising with the
    budget."""

    def __init__(self, quality=0.5, budget=1, unit=0.01, noise=1.0):
        self.quality = quality
        self.budget = budget
        self.unit = unit
        self.noise = noise

    def fit(self, X, y):
        seed = zlib.crc32(repr((round(self.quality, 12), self.budget, len(X))).encode())
        z = np.random.RandomState(seed).standard_normal()
        time.sleep(self.unit * self.budget * float(np.exp(self.noise * z)))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self.quality * (1 - np.exp(-self.budget / 10))


def measure(search, X, y):
    """(utilisation, wall seconds, busy seconds, evaluations) of one fit."""
    start = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - start
    r = search.cv_results_
    n_splits = search.n_splits_
    busy = float(np.sum((r["mean_fit_time"] + r["mean_score_time"]) * n_splits))
    return busy / (wall * WORKERS), wall, busy, len(r["params"])


def race(title, searches, X, y, repeats):
    # an untimed fit of each first: joblib starts (or restarts) its workers for a
    # search's settings, seconds that belong to neither
    for make in searches.values():
        make().fit(X, y)
    rows = {name: [] for name in searches}
    for _ in range(repeats):
        for name, make in searches.items():  # alternating, so that load hits both
            rows[name].append(measure(make(), X, y))
    print(f"\n{title}")
    print(f"{'search':<28}{'utilisation':>12}{'wall s':>9}{'fit s':>9}{'evaluations':>13}")
    for name, measured in rows.items():
        util, wall, busy, n = (statistics.median(m[i] for m in measured) for i in range(4))
        spread = ", ".join(f"{m[0]:.0%}" for m in measured)
        print(f"{name:<28}{util:>12.1%}{wall:>9.2f}{busy:>9.2f}{n:>13.0f}   ({spread})")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer configurations")
    args = parser.parse_args(argv)
    n_configs = 27 if args.quick else 81
    cv = 4

    X = np.zeros((200, 2))
    y = np.arange(200) % 2
    space = {"quality": uniform(0, 1)}
    common = dict(
        resource="budget", factor=3, min_resources=1, max_resources=81, cv=cv, refit=False,
        n_jobs=WORKERS, random_state=0,
    )  # fmt: skip
    race(
        f"Sleeping classifier (fit time ~ resource, log-normal noise): {n_configs} "
        f"configurations, resources 1..81, cv={cv}, n_jobs={WORKERS}",
        {
            "ASHA": lambda: LiveASHASearchCV(
                SleepingClassifier(), space, n_candidates=n_configs, **common
            ),
            "synchronous halving": lambda: LiveHalvingRandomSearchCV(
                SleepingClassifier(), space, n_candidates=n_configs, **common
            ),
        },
        X,
        y,
        args.repeats,
    )

    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    space = {"alpha": loguniform(1e-6, 1e-1), "learning_rate_init": loguniform(1e-4, 1e-1)}
    estimator = MLPClassifier(hidden_layer_sizes=(32,), random_state=0)
    common = dict(
        resource="max_iter", factor=3, min_resources=1, max_resources=81, cv=cv, refit=False,
        n_jobs=WORKERS, random_state=0,
    )  # fmt: skip
    race(
        f"MLPClassifier on the digits (epochs: max_iter 1..81): {n_configs} configurations, "
        f"cv={cv}, n_jobs={WORKERS}",
        {
            "ASHA": lambda: LiveASHASearchCV(estimator, space, n_candidates=n_configs, **common),
            "synchronous halving": lambda: LiveHalvingRandomSearchCV(
                estimator, space, n_candidates=n_configs, **common
            ),
        },
        X,
        y,
        args.repeats,
    )


if __name__ == "__main__":
    main()
