"""The layout of a comparison frame: one row per evaluated candidate.

:data:`FRAME_COLUMNS` are the fixed columns, in order, followed by one column per
hyperparameter; the layout is stored with the frame (``frame.attrs["hptlearn"]``) and read
back with :func:`comparison_params`. :func:`best_so_far_curves` reads each run's best
score so far at given points of the budget. The strategies' names and labels come from
the registry (:mod:`hptlearn.strategies`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hptlearn.results import LAYOUT_KEY, param_columns, results_frame, score_column
from hptlearn.strategies import STRATEGIES as _REGISTRY

__all__ = [
    "DETERMINISTIC",
    "FRAME_COLUMNS",
    "HALVING",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "best_so_far_curves",
    "comparison_params",
    "strategy_label",
]

#: The strategies a comparison knows, in the order they run (the names of
#: :data:`hptlearn.strategies.STRATEGIES`).
STRATEGIES = tuple(_REGISTRY)

#: How each strategy is named in figures and apps.
STRATEGY_LABELS = {name: s.label for name, s in _REGISTRY.items()}

#: The strategies that give the same candidates every time: they run once.
DETERMINISTIC = tuple(name for name, s in _REGISTRY.items() if s.runs_once)

#: The successive-halving strategies.
HALVING = tuple(name for name, s in _REGISTRY.items() if s.halving)

#: The fixed columns of a comparison frame, in order; one column per hyperparameter follows.
FRAME_COLUMNS = (
    "strategy",
    "repeat",
    "order",
    "resources",
    "cost",
    "budget_spent",
    "elapsed",
    "score",
    "best_so_far",
    "status",
)


def strategy_label(strategy: str) -> str:
    """The readable name of a strategy (the name itself for one not in :data:`STRATEGIES`).

    >>> strategy_label("bayes")
    'Bayesian (TPE)'
    """
    return STRATEGY_LABELS.get(strategy, strategy)


def _layout(params, n_splits=None, budget=None) -> dict:
    layout = {"columns": list(FRAME_COLUMNS), "params": list(params)}
    if n_splits is not None:
        layout["n_splits"] = int(n_splits)
    if budget is not None:
        layout["budget"] = int(budget)
    return layout


def _with_layout(frame: pd.DataFrame, params, n_splits=None, budget=None) -> pd.DataFrame:
    """Store the comparison layout (its hyperparameter columns) with the frame."""
    frame.attrs[LAYOUT_KEY] = _layout(params, n_splits, budget)
    return frame


def _combine(frames, params, n_splits=None, budget=None) -> pd.DataFrame:
    """The frames of several runs as one comparison frame (with every column when empty)."""
    if not frames:
        empty = pd.DataFrame(columns=[*FRAME_COLUMNS, *params])
        return _with_layout(empty, params, n_splits, budget)
    frame = pd.concat(frames, ignore_index=True)
    return _with_layout(frame, [p for p in params if p in frame.columns], n_splits, budget)


def comparison_params(frame: pd.DataFrame) -> list[str]:
    """The hyperparameter columns of a comparison frame, in order.

    As stored with the frame by :func:`compare_strategies`; for a frame without it (read
    from a file), every column that is not one of :data:`FRAME_COLUMNS`.
    """
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict) and "params" in stored and "columns" in stored:
        return [p for p in stored["params"] if p in frame.columns]
    return [c for c in frame.columns if c not in FRAME_COLUMNS]


# --------------------------------------------------------------------------------------
# Best score so far, at given points of the budget
# --------------------------------------------------------------------------------------


def _x_column(x):
    if x not in ("budget_spent", "elapsed", "order"):
        raise ValueError(f"x must be 'budget_spent', 'elapsed' or 'order', got {x!r}.")
    return x


def best_so_far_curves(frame: pd.DataFrame, at, x: str = "budget_spent") -> dict:
    """Each run's best score so far at the points ``at`` of ``x``, per strategy.

    A run's best so far is a step function of ``x``: at a point, the ``best_so_far`` of
    its last candidate with ``x`` at most that point; NaN before its first candidate (a
    run that has not started has no score, which is not a score of 0). After its last
    candidate a run keeps its final best (it spent no more).

    Returns
    -------
    dict
        strategy -> array of shape (runs, len(at)), strategies in the frame's order.
    """
    column = _x_column(x)
    if column not in frame.columns:
        raise ValueError(
            f"This comparison frame has no {column!r} column; compare_strategies makes it."
        )
    at = np.asarray(at, dtype=float)
    out = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        rows = []
        for _, run in part.groupby("repeat", sort=True):
            run = run.sort_values("order", kind="stable")
            xs = run[column].to_numpy(dtype=float)
            best = run["best_so_far"].to_numpy(dtype=float)
            idx = np.searchsorted(xs, at, side="right") - 1
            rows.append(np.where(idx >= 0, best[np.clip(idx, 0, None)], np.nan))
        out[strategy] = np.vstack(rows) if rows else np.empty((0, at.size))
    return out


def _run_frame(search_results, strategy, repeat, n_splits, plan=None, layout=None):
    """The comparison rows of one run (a fitted search, or the cv_results_ so far)."""
    frame = results_frame(search_results)
    params = param_columns(frame)
    score = score_column(frame)
    cv_results = search_results if isinstance(search_results, dict) else search_results.cv_results_
    n = len(frame)
    scores = frame[score].astype(float).to_numpy()
    schedule = None if plan is None else plan.schedule
    if schedule is not None:
        if "n_resources" in cv_results and len(cv_results["n_resources"]) == n:
            n_resources = np.asarray(cv_results["n_resources"], dtype=float)
        else:  # rows come iteration by iteration, as planned
            n_resources = np.repeat(schedule.n_resources, schedule.n_candidates)[:n]
            n_resources = n_resources.astype(float)
        resources = n_resources / schedule.max_resources
        # counted: the scores on the largest resource the run uses (successive halving:
        # its last iteration; Hyperband and ASHA: max_resources, every bracket's last rung)
        final = n_resources == max(schedule.n_resources)
        counted = np.where(final, scores, np.nan)
    else:
        resources = np.ones(n)
        counted = scores
    cost = n_splits * resources
    # seconds spent fitting and scoring this candidate on every fold, summed over the run:
    # the cost of the strategy on one core, independent of batching and parallelism
    seconds = (frame["mean_fit_time"] + frame["mean_score_time"]).to_numpy() * n_splits
    out = pd.DataFrame(
        {
            "strategy": strategy,
            "repeat": repeat,
            "order": frame["order"].to_numpy() + 1,
            "resources": resources,
            "cost": cost,
            "budget_spent": np.cumsum(cost),
            "elapsed": np.cumsum(seconds),
            "score": scores,
            "best_so_far": np.fmax.accumulate(counted) if n else counted,
            "status": frame["status"].to_numpy(),
        }
    )
    for p in params:
        out[p] = frame[p].to_numpy()
    out.attrs[LAYOUT_KEY] = dict(layout) if layout is not None else _layout(params, n_splits)
    return out
