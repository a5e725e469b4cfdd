"""Hyperband: the cost of being live, the training saved by resuming, the memory it keeps.

Prints, for LiveHyperbandSearchCV on gradient boosting (resource ``n_estimators``):

1. **live over plain**: the live search against a plain loop that runs the same brackets
   with the same fits (scikit-learn's ``cross_validate`` per candidate and rung, on the
   same splits), both refitting every rung, both with ``n_jobs=1``; the median of the
   ratios of alternating pairs (live first, then plain first), and the longest gap
   between two progress reports of the live search;
2. **training saved by resuming**: the same search with ``resume="auto"`` (promoted
   candidates continue with ``warm_start``) against ``resume=False``: the training done
   (trees grown, from the plans), and the medians over alternating pairs of the ratios of
   summed fit time and of wall time; the scores must be equal (checked);
3. **memory of the kept fold estimators**: the most fold estimators kept at once, their
   pickled size (an upper bound: each at the largest resource), and the peak of Python
   allocations (tracemalloc) with and without resuming.

Run: ``.venv/bin/python benchmarks/multifidelity.py [--pairs 3]``. Timings on a shared
machine are inflated by other work; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time
import tracemalloc

import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import KFold, ParameterSampler, cross_validate
from sklearn.utils import check_random_state

from hptlearn import LiveHyperbandSearchCV

X, Y = load_breast_cancer(return_X_y=True)
SPACE = {"learning_rate": [0.03, 0.1, 0.3, 1.0], "max_depth": [1, 2, 3], "subsample": [0.5, 1.0]}
CV = KFold(3, shuffle=True, random_state=0)
COMMON = dict(
    resource="n_estimators",
    max_resources=27,
    factor=3,
    min_resources=1,
    cv=CV,
    return_train_score=False,  # as the plain loop
)


def _estimator():
    return GradientBoostingClassifier(random_state=0)


def live(resume=False, on_progress=None):
    search = LiveHyperbandSearchCV(
        _estimator(), SPACE, resume=resume, random_state=0, on_progress=on_progress, **COMMON
    )
    return search.fit(X, Y)


def plain_loop():
    """The same brackets, candidates and fits, without a search object: the reference."""
    probe = LiveHyperbandSearchCV(_estimator(), SPACE, resume=False, random_state=0, **COMMON)
    plan = probe.plan(X, Y)
    splits = list(CV.split(X, Y))
    rng = check_random_state(0)
    best = (-np.inf, None)
    for bracket in plan.brackets:
        candidates = list(ParameterSampler(SPACE, bracket.n_candidates[0], random_state=rng))
        for i, (n, r) in enumerate(zip(bracket.n_candidates, bracket.n_resources, strict=True)):
            scores = []
            for c in candidates[:n]:
                est = clone(_estimator()).set_params(**c, n_estimators=r)
                scores.append(cross_validate(est, X, Y, cv=splits)["test_score"].mean())
            order = np.argsort(-np.asarray(scores), kind="stable")
            if i == len(bracket.n_candidates) - 1:
                for k in order[:1]:
                    best = max(best, (scores[k], repr(candidates[k])), key=lambda t: t[0])
            candidates = [candidates[k] for k in order]
    winner = clone(_estimator()).set_params(n_estimators=27).fit(X, Y)  # as the refit
    return best, winner


def overhead(pairs):
    ratios, gaps = [], []
    for p in range(pairs):
        times = {}
        for name in ("live", "plain") if p % 2 == 0 else ("plain", "live"):
            reports = []
            start = time.perf_counter()
            if name == "live":
                live(on_progress=lambda info, seen=reports: seen.append(time.perf_counter()))
            else:
                plain_loop()
            times[name] = time.perf_counter() - start
            if reports:
                gaps.append(max(np.diff([start, *reports])))
        ratios.append(times["live"] / times["plain"])
        print(f"  pair {p + 1}: live {times['live']:.2f} s, plain {times['plain']:.2f} s")
    print(
        f"live over plain (median of {pairs} alternating pairs): {statistics.median(ratios):.3f}; "
        f"longest gap between progress reports {max(gaps):.2f} s"
    )


def resuming(pairs):
    """resume="auto" against resume=False, in alternating pairs (fit time and wall time
    ratios: their medians), with the trees grown (from the plans) and equal scores."""
    fit_ratios, wall_ratios = [], []
    for p in range(pairs):
        results = {}
        for resume in (False, "auto") if p % 2 == 0 else ("auto", False):
            start = time.perf_counter()
            search = live(resume=resume)
            wall = time.perf_counter() - start
            fit_time = float(np.sum(search.cv_results_["mean_fit_time"]) * search.n_splits_)
            results[resume] = (search, search.plan(X, Y), wall, fit_time)
        (refit, p0, w0, f0), (resumed, p1, w1, f1) = results[False], results["auto"]
        fit_ratios.append(f1 / f0)
        wall_ratios.append(w1 / w0)
        print(
            f"  pair {p + 1}: fit time {f1:.2f} s resumed, {f0:.2f} s refitted; "
            f"wall {w1:.2f} s, {w0:.2f} s"
        )
    same = all(
        np.array_equal(refit.cv_results_[k], resumed.cv_results_[k])
        for k in ("split0_test_score", "split1_test_score", "split2_test_score")
    )
    trees0, trees1 = p0.full_fit_equivalents * 27, p1.full_fit_equivalents * 27
    print(
        f"training saved by resuming: {trees1:.0f} trees grown against {trees0:.0f} "
        f"({1 - trees1 / trees0:.0%} fewer); fit time ratio {statistics.median(fit_ratios):.3f}, "
        f"wall time ratio {statistics.median(wall_ratios):.3f} (medians of {pairs} alternating "
        f"pairs); same scores: {same}"
    )
    return resumed


def memory(resumed):
    peak = resumed.resumed_folds_peak_
    one = clone(_estimator()).set_params(n_estimators=27).fit(X, Y)
    size = len(pickle.dumps(one))
    print(
        f"fold estimators kept at once: at most {peak}; pickled, at most "
        f"{peak * size / 1e6:.2f} MB ({size / 1e3:.0f} kB each at 27 trees)"
    )
    for resume in (False, "auto"):
        tracemalloc.start()
        live(resume=resume)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python allocations, resume={resume!s:5}: {top / 1e6:.1f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    plan = LiveHyperbandSearchCV(_estimator(), SPACE, random_state=0, **COMMON).plan(X, Y)
    print(plan.describe())
    print(
        "brackets:", [list(zip(b.n_candidates, b.n_resources, strict=True)) for b in plan.brackets]
    )
    overhead(args.pairs)
    memory(resuming(args.pairs))
