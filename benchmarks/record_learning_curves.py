"""Record the learning curves that hptlearn's race lab replays (run once, a few minutes).

A small neural network (scikit-learn's ``MLPClassifier``, Adam, mini-batches of 32) is
trained on the digits data set one epoch at a time (``partial_fit``), for every
configuration of a grid of

* ``learning_rate_init``: 9 values, 1e-4 to 1 (half decades),
* ``alpha`` (L2 penalty): 8 values, 1e-6 to 10 (decades),
* ``width`` (hidden units of its one hidden layer): 8, 32 or 128,

216 configurations in all, on each of 3 fixed cross-validation folds of a development set
(1347 of the 1797 digits; the other 450 are a test set no search ever sees), for 27 epochs.
After every epoch it records the validation accuracy (as the count of correct
predictions, so that the score is exact: count / validation size) and the cumulative CPU
time spent in ``partial_fit``; after the last epoch, the accuracy of each fold's model on
the test set.

It writes two files of package data, read by :mod:`hptlearn.replay`:

``hptlearn/data/learning_curves.json``
    How the recording was made: the grid, the resource (epochs, 1 to 27), the fold of every
    development row, the labels, the sizes of the validation and test sets, the versions.
``hptlearn/data/learning_curves.csv``
    One row per configuration and fold: ``config, learning_rate_init, alpha, width, fold``,
    ``correct_1 ... correct_27`` (validation predictions correct after each epoch),
    ``ms_1 ... ms_27`` (cumulative fit time in milliseconds, CPU time of one core) and
    ``test_correct`` (test predictions correct after the last epoch).

Run from the repository root (nice, one BLAS thread)::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \\
        benchmarks/record_learning_curves.py

Measured on a shared 2-core machine: 169 s of CPU (13 minutes of wall time while other work ran).
"""

from __future__ import annotations

import csv
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neural_network import MLPClassifier

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "hptlearn" / "data"

EPOCHS = 27
N_SPLITS = 3
SEED = 0
LEARNING_RATES = [float(f"{v:.6g}") for v in np.logspace(-4, 0, 9)]
ALPHAS = [float(f"{v:.6g}") for v in np.logspace(-6, 1, 8)]
WIDTHS = [8, 32, 128]


def main() -> None:
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    rows = np.arange(len(y))
    dev, test = train_test_split(rows, test_size=450, stratify=y, random_state=SEED)
    dev = np.sort(dev)
    test = np.sort(test)
    X_dev, y_dev, X_test, y_test = X[dev], y[dev], X[test], y[test]
    folds = np.empty(len(dev), dtype=int)
    splitter = StratifiedKFold(N_SPLITS, shuffle=True, random_state=SEED)
    for k, (_, val) in enumerate(splitter.split(X_dev, y_dev)):
        folds[val] = k
    classes = np.unique(y)

    configs = [(lr, alpha, width) for width in WIDTHS for alpha in ALPHAS for lr in LEARNING_RATES]
    header = ["config", "learning_rate_init", "alpha", "width", "fold"]
    header += [f"correct_{e}" for e in range(1, EPOCHS + 1)]
    header += [f"ms_{e}" for e in range(1, EPOCHS + 1)]
    header += ["test_correct"]
    out_rows = []
    start = time.process_time()
    for c, (lr, alpha, width) in enumerate(configs):
        for k in range(N_SPLITS):
            train, val = folds != k, folds == k
            model = MLPClassifier(
                hidden_layer_sizes=(width,),
                learning_rate_init=lr,
                alpha=alpha,
                batch_size=32,
                random_state=SEED,
            )
            correct, ms, spent = [], [], 0.0
            for _ in range(EPOCHS):
                t0 = time.process_time()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # overflow at the largest rates
                    model.partial_fit(X_dev[train], y_dev[train], classes=classes)
                spent += time.process_time() - t0
                pred = model.predict(X_dev[val])
                correct.append(int((pred == y_dev[val]).sum()))
                ms.append(f"{1000 * spent:.1f}")
            test_correct = int((model.predict(X_test) == y_test).sum())
            out_rows.append([c, lr, alpha, width, k, *correct, *ms, test_correct])
        if c % 20 == 0:
            print(f"config {c + 1}/{len(configs)}: {time.process_time() - start:.0f} s CPU")
            sys.stdout.flush()

    with open(DATA / "learning_curves.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(out_rows)
    meta = {
        "description": (
            "Learning curves of MLPClassifier (one hidden layer of `width` units, Adam, "
            "batch_size=32, random_state=0) on scikit-learn's digits (pixels / 16), trained "
            "one epoch at a time with partial_fit: validation predictions correct after "
            "every epoch and cumulative CPU fit time (ms, one core), on fixed stratified "
            "folds of a development set; test predictions correct after the last epoch. "
            "Written by benchmarks/record_learning_curves.py."
        ),
        "estimator": "MLPClassifier",
        "data": "load_digits",
        "resource": "epochs",
        "max_resources": EPOCHS,
        "space": {
            "learning_rate_init": LEARNING_RATES,
            "alpha": ALPHAS,
            "width": WIDTHS,
        },
        "log_scale": ["learning_rate_init", "alpha"],
        "n_splits": N_SPLITS,
        "folds": folds.tolist(),
        "y": y_dev.tolist(),
        "n_test": len(test),
        "seed": SEED,
        "cpu_seconds": round(time.process_time() - start, 1),
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
        },
    }
    (DATA / "learning_curves.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {len(out_rows)} rows in {meta['cpu_seconds']} s CPU")


if __name__ == "__main__":
    main()
