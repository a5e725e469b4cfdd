"""Matplotlib figures of searches.

Each ``plot_x(data, ..., ax=None)`` takes a fitted search or a results frame
(:func:`hptlearn.results_frame`) first, draws on ``ax`` (a new figure when None) and
returns the Axes. The numbers behind each figure come from a separate data step
(``*_data`` functions) that tests check exactly.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from hptlearn.results import param_columns, results_frame, score_column

__all__ = ["HeatmapData", "heatmap_data", "plot_heatmap"]


def _frame(data) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else results_frame(data)


def _check_param(frame, name, role):
    params = param_columns(frame)
    if name not in params:
        raise ValueError(
            f"{role}={name!r} is not a hyperparameter of this search; "
            f"its hyperparameters are: {', '.join(params) or '(none)'}."
        )


def _sorted_values(series):
    values = list(dict.fromkeys(v for v in series if not _is_missing(v)))
    try:
        return sorted(values)
    except TypeError:  # mixed types: keep evaluation order
        return values


def _is_missing(v):
    return v is None or (isinstance(v, float) and np.isnan(v))


class HeatmapData(NamedTuple):
    """What :func:`plot_heatmap` draws: a table of scores for two hyperparameters."""

    x: str
    y: str
    x_values: list
    y_values: list
    scores: np.ndarray  # shape (len(y_values), len(x_values)); NaN: failed or not tried
    failed: np.ndarray  # bool, same shape: a failed candidate lies in this cell
    others: str  # how the other hyperparameters were handled, for the title
    score: str  # the score column


def heatmap_data(data, x, y, *, others="best", score=None) -> HeatmapData:
    """Mean CV score for each pair of values of ``x`` and ``y``.

    Parameters
    ----------
    data : fitted search or results frame
    x, y : str
        Hyperparameter names (columns of the results frame).
    others : {"best", "mean"}, default="best"
        When the search has more hyperparameters: ``"best"`` keeps the candidates whose
        other hyperparameters equal those of the best candidate; ``"mean"`` averages
        the scores over the other hyperparameters.
    score : str, optional
        The score column, by default ``mean_test_score`` (or the first metric).
    """
    frame = _frame(data)
    _check_param(frame, x, "x")
    _check_param(frame, y, "y")
    if x == y:
        raise ValueError("x and y must be two different hyperparameters.")
    if others not in ("best", "mean"):
        raise ValueError(f"others must be 'best' or 'mean', got {others!r}.")
    score = score or score_column(frame)
    rest = [p for p in param_columns(frame) if p not in (x, y)]
    note = ""
    if rest and others == "best":
        ok = frame[frame["status"] == "ok"]
        best = ok.loc[ok[score].idxmax()] if len(ok) else frame.iloc[0]
        keep = np.ones(len(frame), dtype=bool)
        for p in rest:
            keep &= frame[p].apply(lambda v, b=best[p]: _same(v, b)).to_numpy()
        frame = frame[keep]
        note = "others at best: " + ", ".join(f"{p}={_fmt(best[p])}" for p in rest)
    elif rest:
        note = "averaged over " + ", ".join(rest)

    x_values = _sorted_values(frame[x])
    y_values = _sorted_values(frame[y])
    scores = np.full((len(y_values), len(x_values)), np.nan)
    failed = np.zeros_like(scores, dtype=bool)
    for i, yv in enumerate(y_values):
        for j, xv in enumerate(x_values):
            cell = frame[
                frame[x].apply(lambda v, t=xv: _same(v, t))
                & frame[y].apply(lambda v, t=yv: _same(v, t))
            ]
            if len(cell):
                failed[i, j] = bool((cell["status"] == "failed").any())
                ok_scores = cell.loc[cell["status"] == "ok", score].astype(float)
                if len(ok_scores):
                    scores[i, j] = ok_scores.mean()
    return HeatmapData(x, y, x_values, y_values, scores, failed, note, score)


def _same(a, b):
    if _is_missing(a) and _is_missing(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def _fmt(v):
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _is_log_spaced(values):
    v = [x for x in values if isinstance(x, (int, float)) and not isinstance(x, bool)]
    if len(v) < 3 or len(v) != len(values) or min(v) <= 0:
        return False
    return max(v) / min(v) >= 100


def plot_heatmap(data, x, y, *, others="best", score=None, annotate=True, cmap="viridis", ax=None):
    """Heatmap of the mean CV score over two hyperparameters.

    One cell per pair of values tried; its colour and number give the mean
    cross-validation score. Cells are evenly spaced, so values spaced by factors of 10
    (``0.01, 0.1, 1``) appear on a log scale, as the axis label says. Failed
    candidates are crossed out; cells never tried stay blank. With more than two
    hyperparameters, the others are fixed at their best values or averaged
    (``others``), as the title says.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = heatmap_data(data, x, y, others=others, score=score)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * len(d.x_values) + 2.5, 0.7 * len(d.y_values) + 1.8))
    masked = np.ma.masked_invalid(d.scores)
    image = ax.imshow(masked, cmap=cmap, aspect="auto", origin="lower")
    ax.figure.colorbar(image, ax=ax, label=_score_label(d.score))
    ax.set_xticks(range(len(d.x_values)), [_fmt(v) for v in d.x_values])
    ax.set_yticks(range(len(d.y_values)), [_fmt(v) for v in d.y_values])
    ax.set_xlabel(d.x + (" (log scale)" if _is_log_spaced(d.x_values) else ""))
    ax.set_ylabel(d.y + (" (log scale)" if _is_log_spaced(d.y_values) else ""))
    if annotate and np.isfinite(d.scores).any():
        lo, hi = np.nanmin(d.scores), np.nanmax(d.scores)
        mid = (lo + hi) / 2
        for i in range(len(d.y_values)):
            for j in range(len(d.x_values)):
                s = d.scores[i, j]
                if np.isfinite(s):
                    ax.text(
                        j,
                        i,
                        f"{s:.3f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="black" if s > mid else "white",
                    )
    for i, j in np.argwhere(d.failed):
        ax.plot(j, i, marker="x", color="#b2182b", markersize=14, markeredgewidth=2)
        if not np.isfinite(d.scores[i, j]):
            ax.text(j, i + 0.3, "failed", ha="center", va="center", fontsize=7, color="#b2182b")
    title = f"Mean CV score by {d.x} and {d.y}"
    if d.others:
        title += f"\n({d.others})"
    ax.set_title(title, fontsize=10)
    return ax


def _score_label(column):
    name = column.removeprefix("mean_test_")
    return "mean CV score" if name == "score" else f"mean CV {name}"
