"""What hyperparameter importance costs, and what a smaller fANOVA forest changes.

For a synthetic random search of four hyperparameters (one dominant, log-uniform; one weak;
one irrelevant; one categorical of three irrelevant choices; score noise sd 0.02) with
100, 200 and 300 candidates, it times one evaluation of

* Optuna's default fANOVA forest (64 trees of depth 64),
* hptlearn's (``hptlearn.importance.FANOVA_TREES`` trees of depth ``FANOVA_DEPTH``),
* PED-ANOVA,

(CPU time of this process, less sensitive than wall time to other programs on the machine),
prints each one's importances, and the time of a whole ``hyperparameter_importance`` call with
``n_bootstrap`` resamples (default 30; the brief's check used 50).

Run: ``.venv/bin/python benchmarks/importance_cost.py [--bootstrap 50]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from hptlearn import importance as imp


def synthetic(n, seed=0):
    rng = np.random.default_rng(seed)
    dominant = 10 ** rng.uniform(-3, 1, n)
    weak, irrelevant = rng.uniform(size=n), rng.uniform(size=n)
    kind = rng.choice(["a", "b", "c"], n)
    score = (np.log10(dominant) + 3) / 4 + 0.25 * weak + 0.02 * rng.normal(size=n)
    params = [
        {"dominant": d, "weak": w, "irrelevant": i, "kind": k}
        for d, w, i, k in zip(dominant, weak, irrelevant, kind, strict=True)
    ]
    return {"params": params, "mean_test_score": score}


def one_evaluation(cv_results, evaluator, trees, depth):
    saved = imp.FANOVA_TREES, imp.FANOVA_DEPTH
    imp.FANOVA_TREES, imp.FANOVA_DEPTH = trees, depth
    try:
        start = time.process_time()
        table = imp.hyperparameter_importance(cv_results, evaluator=evaluator, n_bootstrap=0)
        return time.process_time() - start, table
    finally:
        imp.FANOVA_TREES, imp.FANOVA_DEPTH = saved


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", type=int, default=30)
    args = parser.parse_args()
    one_evaluation(synthetic(20), "fanova", 4, 4)  # imports, warm-up
    settings = [
        ("fANOVA 64 trees, depth 64 (Optuna)", "fanova", 64, 64),
        (
            f"fANOVA {imp.FANOVA_TREES} trees, depth {imp.FANOVA_DEPTH} (hptlearn)",
            "fanova",
            imp.FANOVA_TREES,
            imp.FANOVA_DEPTH,
        ),  # fmt: skip
        ("PED-ANOVA", "ped-anova", imp.FANOVA_TREES, imp.FANOVA_DEPTH),
    ]
    for n in (100, 200, 300):
        cv_results = synthetic(n)
        print(f"\n{n} candidates")
        for label, evaluator, trees, depth in settings:
            seconds, table = one_evaluation(cv_results, evaluator, trees, depth)
            shares = ", ".join(f"{k} {v:.3f}" for k, v in table["importance"].items())
            print(f"  {label:<40} {seconds:6.2f} s CPU   {shares}")
        start, cpu = time.perf_counter(), time.process_time()
        imp.hyperparameter_importance(cv_results, n_bootstrap=args.bootstrap)
        print(
            f"  hyperparameter_importance, n_bootstrap={args.bootstrap}: "
            f"{time.process_time() - cpu:.1f} s CPU, {time.perf_counter() - start:.1f} s wall"
        )


if __name__ == "__main__":
    main()
