"""scikit-learn's published comparison of randomized and grid search, as notebook 06 shows it.

scikit-learn's example *Comparing randomized search and grid search for hyperparameter
estimation* tunes a linear SVM trained by stochastic gradient descent (``SGDClassifier``
with the hinge loss and an elastic-net penalty) on the digits 0, 1 and 2: random search
draws 15 candidates, the grid has 2 x 10 x 3 = 60. This script runs the same two searches
with :func:`hptlearn.compare.compare_strategies`, the grid once and the random search with
5 seeds, on the same 5-fold splits, and writes the comparison to
``hptlearn/data/sgd_example.csv`` (:meth:`hptlearn.compare.Comparison.to_csv`).

Notebook 06 reads that file (:func:`hptlearn.compare.read_comparison`) instead of running
the 675 fits: many of them run to SGD's iteration limit, and together they take about a
minute on one core, more than the notebook's time on Binder allows. The notebook shows the
same call and can run it instead (``RUN_HERE = True``).

Everything is seeded (``SGDClassifier(random_state=0)``, ``random_state=0`` for the
searches' seeds): running the script again gives the same file except the measured seconds
(the ``elapsed`` column). Run it from the repository root::

    python benchmarks/sgd_example.py             # writes hptlearn/data/sgd_example.csv
    python benchmarks/sgd_example.py --out /tmp  # somewhere else
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import loguniform, uniform
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier

from hptlearn.compare import Comparison, compare_strategies

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "hptlearn" / "data"
FILE_NAME = "sgd_example.csv"

#: The random search's distributions and the grid, as published.
SPACE = {"average": [True, False], "l1_ratio": uniform(0, 1), "alpha": loguniform(1e-2, 1e0)}
PUBLISHED_GRID = {
    "average": [True, False],
    "l1_ratio": np.linspace(0, 1, num=10),
    "alpha": np.power(10, np.arange(-2, 1, dtype=float)),
}
BUDGET, REPEATS, CV, RANDOM_STATE = 15, 5, 5, 0


def data():
    """The digits 0, 1 and 2 (537 images)."""
    return load_digits(return_X_y=True, n_class=3)


def estimator():
    """The published model, with its epoch shuffling seeded."""
    return SGDClassifier(loss="hinge", penalty="elasticnet", fit_intercept=True, random_state=0)


def published_comparison(n_jobs=2) -> Comparison:
    """The grid once and the random search over ``REPEATS`` seeds, on the same splits."""
    X, y = data()
    with warnings.catch_warnings():
        # SGD stops at its iteration limit for some candidates; that is expected here
        warnings.simplefilter("ignore", ConvergenceWarning)
        return compare_strategies(
            estimator(),
            SPACE,
            X,
            y,
            budget=BUDGET,
            grid=PUBLISHED_GRID,
            repeats=REPEATS,
            cv=CV,
            random_state=RANDOM_STATE,
            n_jobs=n_jobs,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder of the CSV file")
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    comparison = published_comparison(n_jobs=args.n_jobs)
    args.out.mkdir(parents=True, exist_ok=True)
    path = comparison.to_csv(args.out / FILE_NAME)
    print(comparison.summary().round(4).to_string(index=False))
    print(f"{len(comparison.frame)} candidates written to {path}")
    print(f"total {time.perf_counter() - start:.1f} s elapsed")


if __name__ == "__main__":
    main()
