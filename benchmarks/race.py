"""The race of notebook 09: every search strategy on one budget, many seeds, three data sets.

Each data set is split once into a training set (75 %) and a held-out test set (25 %),
stratified, with a fixed seed. On the training set, :func:`hptlearn.compare.compare_strategies`
runs the six strategies (grid, random, quasi-random, successive halving on a grid and on
random draws, Bayesian TPE) on the same budget of ``BUDGET`` full candidates per run
(``BUDGET x CV`` full-data fit equivalents), on the same ``CV``-fold splits. The strategies
that draw or subsample run ``REPEATS`` times with seeds drawn from ``RANDOM_STATE`` (successive
halving on a grid too: its subsamples depend on the seed); only the grid chooses the same
points every time and runs once. Each run's best candidate
(refitted on the whole training set by the search, as scikit-learn does) is then scored once
on the test set.

========================  ==================  ============================================
data set                  model               hyperparameters (distributions)
========================  ==================  ============================================
digits (1797 x 64)        SVC (RBF kernel)    C, gamma: log-uniform
breast_cancer (569 x 30)  DecisionTree        max_depth, min_samples_leaf (log-uniform
                                              integers), max_features (uniform),
                                              criterion (3 categories)
wine (178 x 13)           scaler + logistic   C (log-uniform), class_weight,
                          regression          fit_intercept (2 categories each)
========================  ==================  ============================================

It writes three CSV files (``--out``, default ``hptlearn/data/``):

``race.csv``
    One row per evaluated candidate: ``dataset``, then the comparison frame's columns
    (:data:`hptlearn.compare.FRAME_COLUMNS`), then one column per hyperparameter of any
    of the data sets (empty for the others).
``race_runs.csv``
    One row per run: ``dataset``, ``strategy``, ``repeat``, ``seed``, ``candidates``,
    ``fits`` (full-data fit equivalents spent), ``seconds`` (fitting and scoring, summed
    over folds), ``cv_score`` (the best mean CV score, as the search ranks it),
    ``test_score`` (its best candidate refitted on the training set, scored on the test
    set), ``best_params`` (JSON).
``race_plans.csv``
    One row per data set and strategy: what the strategy runs on the budget, and the
    design (model, sizes of the training and test sets, budget, folds, repeats).

Everything is seeded, and ``n_jobs`` is fixed at ``N_JOBS`` (the Bayesian search asks for
``n_jobs`` candidates at a time, so another value would give other candidates): two runs
give the same files except the measured seconds (the ``elapsed`` column of ``race.csv``
and ``seconds`` of ``race_runs.csv``). Run it from the repository root::

    python benchmarks/race.py            # the full race (see below for its time)
    python benchmarks/race.py --quick    # a smoke run on small data: ~15 s on 2 cores
    python benchmarks/race.py --quick --out /tmp/race

The full race evaluates 25,272 candidates in 303 runs; the SVCs on the digits take most of
the time (the last line it prints is the total: "total N s elapsed"). The committed CSV
files took 2732 s (46 minutes) on a shared 2-core machine whose other jobs kept its load
average between 16 and 18; on two free cores it takes a fraction of that.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import loguniform, uniform
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from hptlearn.compare import FRAME_COLUMNS, compare_strategies
from hptlearn.distributions import LogUniformInt
from hptlearn.strategies import STRATEGIES as REGISTRY

#: The strategies raced, in order (the ones of the recording that notebook 09 reads).
#: Hyperband and ASHA race on epochs in notebook 15's race lab (hptlearn.compare.lab.race_lab),
#: where the resource is what they are built for.
RACED = ("grid", "random", "quasi-random", "halving-grid", "halving-random", "bayes")
BUDGET = 20  # full candidates per run
CV = 3  # folds: the same StratifiedKFold(3) splits for every run
REPEATS = 20  # seeds of each strategy that draws its candidates
RANDOM_STATE = 0  # seeds the runs (compare_strategies draws one seed per repeat)
SPLIT_SEED = 0  # the one train/test split of each data set
TEST_SIZE = 0.25
N_JOBS = 2  # fixed: the Bayesian search's batches depend on it

# --quick: a smoke run, same code path, small everything
QUICK = dict(budget=4, repeats=2, max_train=240)

#: Columns of race_runs.csv, in order.
RUN_COLUMNS = (
    "dataset",
    "strategy",
    "repeat",
    "seed",
    "candidates",
    "fits",
    "seconds",
    "cv_score",
    "test_score",
    "best_params",
)

#: Columns of race_plans.csv, in order.
PLAN_COLUMNS = (
    "dataset",
    "model",
    "n_train",
    "n_test",
    "budget",
    "budget_fits",
    "cv",
    "strategy",
    "runs",
    "candidates",
    "cost",
    "plan",
)

#: The measured columns, which differ from run to run.
MEASURED = {"race.csv": ("elapsed",), "race_runs.csv": ("seconds",)}


def races():
    """data set name -> (loader, model description, estimator, space)."""
    return {
        "digits": (
            load_digits,
            "SVC (RBF kernel)",
            SVC(),
            {"C": loguniform(1e-1, 1e3), "gamma": loguniform(1e-5, 1e-1)},
        ),
        "breast_cancer": (
            load_breast_cancer,
            "decision tree",
            DecisionTreeClassifier(random_state=0),
            {
                "max_depth": LogUniformInt(1, 30),
                "min_samples_leaf": LogUniformInt(1, 60),
                "max_features": uniform(0.1, 0.9),
                "criterion": ["gini", "entropy", "log_loss"],
            },
        ),
        "wine": (
            load_wine,
            "standard scaler + logistic regression",
            Pipeline(
                [("scale", StandardScaler()), ("logistic", LogisticRegression(max_iter=1000))]
            ),
            {
                "logistic__C": loguniform(1e-4, 1e2),
                "logistic__class_weight": [None, "balanced"],
                "logistic__fit_intercept": [True, False],
            },
        ),
    }


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def run_race(name, loader, model, estimator, space, *, budget, repeats, max_train=None):
    """Race every strategy on one data set; return (candidates, runs, plans) frames."""
    X, y = loader(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=SPLIT_SEED
    )
    if max_train is not None and len(y_train) > max_train:  # --quick only
        X_train, _, y_train, _ = train_test_split(
            X_train, y_train, train_size=max_train, stratify=y_train, random_state=SPLIT_SEED
        )
    comparison = compare_strategies(
        estimator,
        space,
        X_train,
        y_train,
        budget=budget,
        strategies=RACED,
        repeats=repeats,
        cv=CV,
        random_state=RANDOM_STATE,
        n_jobs=N_JOBS,
    )
    frame = comparison.frame.copy()
    frame.insert(0, "dataset", name)
    seeds = np.random.RandomState(RANDOM_STATE).randint(0, 2**31 - 1, size=repeats)
    runs = []
    for strategy, repeat, search in comparison.searches:
        part = frame[(frame["strategy"] == strategy) & (frame["repeat"] == repeat)]
        best_params = {k: _plain(v) for k, v in sorted(search.best_params_.items())}
        runs.append(
            {
                "dataset": name,
                "strategy": strategy,
                "repeat": repeat,
                "seed": None if REGISTRY[strategy].runs_once else int(seeds[repeat]),
                "candidates": len(part),
                "fits": float(part["budget_spent"].max()),
                "seconds": float(part["elapsed"].max()),
                "cv_score": float(search.best_score_),
                "test_score": float(search.score(X_test, y_test)),
                "best_params": json.dumps(best_params, sort_keys=True),
            }
        )
    plans = [
        {
            "dataset": name,
            "model": model,
            "n_train": len(y_train),
            "n_test": len(y_test),
            "budget": budget,
            "budget_fits": comparison.budget_fits,
            "cv": CV,
            "strategy": strategy,
            "runs": plan.runs,
            "candidates": plan.candidates,
            "cost": plan.cost,
            "plan": plan.description,
        }
        for strategy, plan in comparison.plans.items()
    ]
    runs = pd.DataFrame(runs, columns=RUN_COLUMNS).astype({"seed": "Int64"})
    return frame, runs, pd.DataFrame(plans, columns=PLAN_COLUMNS)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run on small data")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "hptlearn" / "data",
        help="folder of the CSV files (default: hptlearn/data)",
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else dict(budget=BUDGET, repeats=REPEATS, max_train=None)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    frames, runs, plans = [], [], []
    with warnings.catch_warnings():  # one thread: safe here
        warnings.simplefilter("ignore")
        for name, (loader, model, estimator, space) in races().items():
            began = time.perf_counter()
            frame, run, plan = run_race(name, loader, model, estimator, space, **settings)
            frames.append(frame)
            runs.append(run)
            plans.append(plan)
            print(
                f"{name}: {len(frame)} candidates, {len(run)} runs, "
                f"{time.perf_counter() - began:.1f} s elapsed",
                flush=True,
            )
    frame = pd.concat(frames, ignore_index=True)
    params = [c for c in frame.columns if c not in ("dataset", *FRAME_COLUMNS)]
    frame = frame[["dataset", *FRAME_COLUMNS, *params]]
    frame.to_csv(args.out / "race.csv", index=False)
    pd.concat(runs, ignore_index=True).to_csv(args.out / "race_runs.csv", index=False)
    pd.concat(plans, ignore_index=True).to_csv(args.out / "race_plans.csv", index=False)
    print(f"wrote {args.out}/race.csv, race_runs.csv, race_plans.csv")
    print(f"total {time.perf_counter() - start:.1f} s elapsed")


if __name__ == "__main__":
    main()
