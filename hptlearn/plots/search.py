"""Figures of one search: a heatmap over two hyperparameters, the score against one,
parallel coordinates over all of them, and how the fits of a grid grow."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.ticker import MaxNLocator
from sklearn.base import is_classifier

from hptlearn.plots._common import (
    check_param,
    fixed_others,
    frame_of,
    is_log_spaced,
    is_missing,
    is_numeric,
    new_axes,
    same,
    sorted_values,
)
from hptlearn.results import format_params, param_columns, score_column
from hptlearn.strategies import LISTS
from hptlearn.strategies import strategy as _strategy
from hptlearn.style import (
    AXIS_COLOR,
    FAILED_COLOR,
    INK,
    PAPER,
    REFERENCE_COLOR,
    SCORE_CMAP,
    TRAIN_COLOR,
    VALIDATION_COLOR,
    color,
    format_score,
    format_value,
    marker,
    score_label,
)

__all__ = [
    "FitCountGrowth",
    "HeatmapData",
    "ParallelCoordinatesData",
    "ScoresVsValueData",
    "describe_results_figure",
    "fit_count_growth_data",
    "heatmap_data",
    "parallel_coordinates_data",
    "plot_fit_count_growth",
    "plot_heatmap",
    "plot_parallel_coordinates",
    "plot_scores_vs_value",
    "results_figure_kind",
    "score_name",
    "scores_vs_value_data",
]


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
    x_log: bool  # the x values are spaced by factors (evenly spaced cells read as a log axis)
    y_log: bool


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
    frame = frame_of(data)
    check_param(frame, x, "x")
    check_param(frame, y, "y")
    if x == y:
        raise ValueError("x and y must be two different hyperparameters.")
    score = score or score_column(frame)
    frame, note = fixed_others(frame, [x, y], score, others)

    x_values = sorted_values(frame[x])
    y_values = sorted_values(frame[y])
    scores = np.full((len(y_values), len(x_values)), np.nan)
    failed = np.zeros_like(scores, dtype=bool)
    for i, yv in enumerate(y_values):
        for j, xv in enumerate(x_values):
            cell = frame[
                frame[x].apply(lambda v, t=xv: same(v, t))
                & frame[y].apply(lambda v, t=yv: same(v, t))
            ]
            if len(cell):
                failed[i, j] = bool((cell["status"] == "failed").any())
                ok_scores = cell.loc[cell["status"] == "ok", score].astype(float)
                if len(ok_scores):
                    scores[i, j] = ok_scores.mean()
    return HeatmapData(
        x,
        y,
        x_values,
        y_values,
        scores,
        failed,
        note,
        score,
        is_log_spaced(x_values),
        is_log_spaced(y_values),
    )


def _required(name, value, figure):
    if value is None:
        raise TypeError(
            f"{figure} needs {name} (a hyperparameter name) unless data is its data step's result."
        )
    return value


def plot_heatmap(
    data, x=None, y=None, *, others="best", score=None, annotate=True, cmap=SCORE_CMAP, ax=None
):
    """Heatmap of the mean CV score over two hyperparameters.

    One cell per pair of values tried; its colour and number give the mean
    cross-validation score. Cells are evenly spaced, so values spaced by factors of 10
    (``0.01, 0.1, 1``) appear on a log scale, as the axis label says. Failed
    candidates are crossed out; cells never tried stay blank. With more than two
    hyperparameters, the others are fixed at their best values or averaged
    (``others``), as the title says. ``data`` may also be a :class:`HeatmapData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(data, HeatmapData):
        d = data
    else:
        x, y = _required("x", x, "plot_heatmap"), _required("y", y, "plot_heatmap")
        d = heatmap_data(data, x, y, others=others, score=score)
    ax = new_axes(ax, (1.1 * len(d.x_values) + 2.5, 0.7 * len(d.y_values) + 1.8))
    masked = np.ma.masked_invalid(d.scores)
    image = ax.imshow(masked, cmap=cmap, aspect="auto", origin="lower")
    ax.figure.colorbar(image, ax=ax, label=score_label(d.score))
    ax.set_xticks(range(len(d.x_values)), [format_value(v) for v in d.x_values])
    ax.set_yticks(range(len(d.y_values)), [format_value(v) for v in d.y_values])
    ax.set_xlabel(d.x + (" (log scale)" if d.x_log else ""))
    ax.set_ylabel(d.y + (" (log scale)" if d.y_log else ""))
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
                        format_score(s),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color=INK if s > mid else PAPER,
                    )
    for i, j in np.argwhere(d.failed):
        ax.plot(j, i, marker="x", color=FAILED_COLOR, markersize=14, markeredgewidth=2)
        if not np.isfinite(d.scores[i, j]):
            ax.text(j, i + 0.3, "failed", ha="center", va="center", fontsize=7, color=FAILED_COLOR)
    title = f"Mean CV score by {d.x} and {d.y}"
    if d.others:
        title += f"\n({d.others})"
    ax.set_title(title, fontsize=10)
    return ax


# --------------------------------------------------------------------------------------
# Score against the values of one hyperparameter
# --------------------------------------------------------------------------------------


class ScoresVsValueData(NamedTuple):
    """What :func:`plot_scores_vs_value` draws."""

    param: str
    values: list  # sorted values tried (numbers or categories)
    mean: np.ndarray  # mean CV score per value (NaN where every candidate failed)
    std: np.ndarray  # std over the CV folds of that candidate
    train_mean: np.ndarray | None  # mean train score, when the search kept it
    failed: np.ndarray  # bool per value
    numeric: bool  # values are numbers (drawn on a numeric axis)
    log: bool  # values span two decades or more (drawn on a log axis)
    others: str
    score: str
    connect: bool  # draw a line through the points: a slice of a grid, not scattered draws


def scores_vs_value_data(data, param, *, others="best", score=None) -> ScoresVsValueData:
    """Mean CV score (and its spread over folds) for each value of one hyperparameter.

    With several hyperparameters, ``others="best"`` keeps the candidates whose other
    hyperparameters equal the best candidate's; ``others="mean"`` averages over them (the
    std is then the mean of the candidates' fold std).
    """
    frame = frame_of(data)
    check_param(frame, param, "param")
    score = score or score_column(frame)
    std_col = score.replace("mean_", "std_", 1)
    train_col = score.replace("mean_test_", "mean_train_", 1)
    rest = [p for p in param_columns(frame) if p != param and frame[p].nunique(dropna=False) > 1]
    frame, note = fixed_others(frame, [param], score, others)
    values = sorted_values(frame[param])
    # Over a grid, each value has the same set of other values (averaged, or fixed at the
    # best), so the points form a curve. Over random draws each value usually appears once,
    # with its own values of the others: the points are separate candidates, not a curve.
    repeated = len(values) < len(frame)
    connect = not rest or others == "best" or repeated
    if rest and others == "mean" and not repeated:
        note = "one candidate per point, each with its own " + ", ".join(rest)
    mean = np.full(len(values), np.nan)
    std = np.full(len(values), np.nan)
    train = np.full(len(values), np.nan) if train_col in frame else None
    failed = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        rows = frame[frame[param].apply(lambda x, t=v: same(x, t))]
        failed[i] = bool((rows["status"] == "failed").any())
        ok = rows[rows["status"] == "ok"]
        if len(ok):
            mean[i] = ok[score].astype(float).mean()
            std[i] = ok[std_col].astype(float).mean()
            if train is not None:
                train[i] = ok[train_col].astype(float).mean()
    numeric = is_numeric(values)
    log = numeric and is_log_spaced(values)
    return ScoresVsValueData(
        param, values, mean, std, train, failed, numeric, log, note, score, connect
    )


def plot_scores_vs_value(data, param=None, *, others="best", score=None, ax=None):
    """Mean CV score against the values of one hyperparameter, with a ±1 std band.

    Over a grid the points are joined into a curve. Over the scattered draws of a random
    search (each value tried once, with other values of the other hyperparameters), the
    candidates are drawn as separate points with error bars.

    The band is the standard deviation of the score over the CV folds: how much the
    estimate moves with the split. Train scores are drawn dashed when the search kept
    them (``return_train_score=True``); the gap between the two curves shows
    over-fitting. Values whose candidates failed are marked with a cross. ``data`` may
    also be a :class:`ScoresVsValueData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(data, ScoresVsValueData):
        d = data
    else:
        param = _required("param", param, "plot_scores_vs_value")
        d = scores_vs_value_data(data, param, others=others, score=score)
    ax = new_axes(ax, (6, 4))
    x = np.asarray(d.values, dtype=float) if d.numeric else np.arange(len(d.values))
    if d.connect:
        ax.plot(x, d.mean, marker="o", color=VALIDATION_COLOR, label="validation (mean CV)")
        ax.fill_between(
            x,
            d.mean - d.std,
            d.mean + d.std,
            color=VALIDATION_COLOR,
            alpha=0.2,
            label="±1 std over folds",
        )
    else:
        ax.errorbar(
            x,
            d.mean,
            yerr=d.std,
            fmt="o",
            color=VALIDATION_COLOR,
            alpha=0.8,
            capsize=2,
            label="validation (mean CV ± 1 std over folds)",
        )
    if d.train_mean is not None:
        ax.plot(
            x,
            d.train_mean,
            marker="s",
            linestyle="--" if d.connect else "none",
            color=TRAIN_COLOR,
            label="training",
        )
    if d.failed.any():
        bottom = np.nanmin(d.mean) if np.isfinite(d.mean).any() else 0.0
        ax.plot(
            x[d.failed],
            np.full(d.failed.sum(), bottom),
            linestyle="none",
            marker="x",
            color=FAILED_COLOR,
            markersize=10,
            markeredgewidth=2,
            label="failed",
        )
    if d.log:
        ax.set_xscale("log")
    if not d.numeric:
        ax.set_xticks(x, [format_value(v) for v in d.values])
    ax.set_xlabel(d.param + (" (log scale)" if d.log else ""))
    ax.set_ylabel(score_label(d.score))
    title = f"{score_label(d.score)} by {d.param}"
    ax.set_title(title + (f"\n({d.others})" if d.others else ""), fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


# --------------------------------------------------------------------------------------
# Parallel coordinates: any number of hyperparameters
# --------------------------------------------------------------------------------------


class ParallelCoordinatesData(NamedTuple):
    """What :func:`plot_parallel_coordinates` draws.

    ``positions`` has one row per candidate and one column per axis (the
    hyperparameters, then the score), each scaled to [0, 1]. ``ticks`` gives, per axis,
    the positions and labels to write on it.
    """

    axes: list  # axis names: the hyperparameters, then the score
    positions: np.ndarray  # (n_candidates, n_axes), NaN where a candidate lacks a param
    scores: np.ndarray  # (n_candidates,), NaN for failed candidates
    failed: np.ndarray  # bool (n_candidates,)
    ticks: list  # per axis: list of (position, label)
    log_axes: list  # names of the axes drawn on a log scale


def _scale_axis(values):
    """Map one column to [0, 1]; return positions, ticks and whether the axis is log."""
    present = [v for v in values if not is_missing(v)]
    pos = np.full(len(values), np.nan)
    distinct = sorted_values(present)
    if is_numeric(distinct) and len(distinct) > 1:
        log = is_log_spaced(distinct) and min(distinct) > 0
        f = np.log10 if log else (lambda a: a)
        lo, hi = f(float(min(distinct))), f(float(max(distinct)))
        for i, v in enumerate(values):
            if not is_missing(v):
                pos[i] = (f(float(v)) - lo) / (hi - lo)
        if len(distinct) <= 8:
            ticks = [((f(float(v)) - lo) / (hi - lo), format_value(v)) for v in distinct]
        else:
            ticks = _readable_ticks(min(distinct), max(distinct), log)
        return pos, ticks, log
    # categories (or a single value): evenly spaced
    n = len(distinct)
    where = {i: (i / (n - 1) if n > 1 else 0.5) for i in range(n)}
    for i, v in enumerate(values):
        for k, d in enumerate(distinct):
            if not is_missing(v) and same(v, d):
                pos[i] = where[k]
                break
    return pos, [(where[k], format_value(d)) for k, d in enumerate(distinct)], False


def _readable_ticks(low, high, log):
    """Ticks of an axis from ``low`` to ``high`` (positions in [0, 1], labels): the powers
    of ten inside a log axis, or a few round numbers inside a linear one, so that a value
    can be read off the axis anywhere, plus both ends (to 3 significant digits) where they
    do not crowd a tick.

    >>> [label for _, label in _readable_ticks(0.0124151, 874.72, True)]
    ['0.0124', '0.1', '1', '10', '100', '875']
    >>> [label for _, label in _readable_ticks(0.0, 1.0, False)]
    ['0', '0.2', '0.4', '0.6', '0.8', '1']
    """
    if log:
        lo, hi = math.log10(low), math.log10(high)
        inside = [10.0**k for k in range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)]
        where = [(math.log10(v) - lo) / (hi - lo) for v in inside]
    else:
        lo, hi = float(low), float(high)
        inside = [v for v in MaxNLocator(5).tick_values(lo, hi) if lo - 1e-12 <= v <= hi + 1e-12]
        where = [(v - lo) / (hi - lo) for v in inside]
    labels = [format_value(int(v) if float(v).is_integer() else v) for v in inside]
    ticks = list(zip(where, labels, strict=True))
    for end, value in ((0.0, low), (1.0, high)):  # the ends, to 3 significant digits
        if all(abs(end - w) > 0.06 for w, _ in ticks):
            ticks.append((end, f"{value:.3g}"))
    return sorted(ticks)


def parallel_coordinates_data(data, params=None, *, score=None) -> ParallelCoordinatesData:
    """Scale every hyperparameter (and the score) of every candidate to [0, 1]."""
    frame = frame_of(data)
    all_params = param_columns(frame)
    params = list(all_params if params is None else params)
    for p in params:
        check_param(frame, p, "params")
    if not params:
        raise ValueError("parallel coordinates need at least one hyperparameter.")
    score = score or score_column(frame)
    failed = (frame["status"] == "failed").to_numpy()
    scores = frame[score].astype(float).to_numpy().copy()
    scores[failed] = np.nan
    columns, ticks, log_axes = [], [], []
    for p in params:
        pos, t, log = _scale_axis(list(frame[p]))
        columns.append(pos)
        ticks.append(t)
        if log:
            log_axes.append(p)
    finite = scores[np.isfinite(scores)]
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
    span = hi - lo if hi > lo else 1.0
    columns.append((scores - lo) / span)
    ticks.append([(0.0, format_score(lo)), (1.0, format_score(hi))])
    positions = np.column_stack(columns)
    return ParallelCoordinatesData(params + [score], positions, scores, failed, ticks, log_axes)


def plot_parallel_coordinates(data, params=None, *, score=None, cmap=SCORE_CMAP, ax=None):
    """Every candidate as a line across one vertical axis per hyperparameter.

    The last axis is the score, and each line is coloured by it, so the good
    candidates stand out and you can follow them back to the values they used.
    Numeric axes spanning two decades or more are on a log scale (said in the label);
    categories are evenly spaced. Failed candidates are grey dashed lines. ``data`` may
    also be a :class:`ParallelCoordinatesData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(data, ParallelCoordinatesData):
        d = data
    else:
        d = parallel_coordinates_data(data, params, score=score)
    n_axes = len(d.axes)
    ax = new_axes(ax, (max(5.0, 1.6 * n_axes + 1.5), 4.5))
    colormap = colormaps[cmap] if isinstance(cmap, str) else cmap
    finite = d.scores[np.isfinite(d.scores)]
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
    norm = Normalize(lo, hi if hi > lo else lo + 1e-9)
    xs = np.arange(n_axes)
    order = np.argsort(np.nan_to_num(d.scores, nan=-np.inf))  # best drawn last, on top
    for i in order:
        row = d.positions[i]
        if d.failed[i]:
            ax.plot(
                xs[:-1], row[:-1], color=REFERENCE_COLOR, linestyle="--", linewidth=1, alpha=0.8
            )
        else:
            ax.plot(xs, row, color=colormap(norm(d.scores[i])), linewidth=1.4, alpha=0.85)
    for k in range(n_axes):
        ax.axvline(k, color=AXIS_COLOR, linewidth=0.8)
        for position, label in d.ticks[k]:
            ax.text(
                k + 0.04,
                position,
                label,
                fontsize=7,
                va="center",
                ha="left",
                bbox=dict(boxstyle="round,pad=0.1", facecolor=PAPER, alpha=0.7, linewidth=0),
            )
    labels = [a + (" (log)" if a in d.log_axes else "") for a in d.axes[:-1]]
    labels.append(score_label(d.axes[-1]))
    ax.set_xticks(xs, labels, rotation=15)
    ax.set_yticks([])
    ax.set_xlim(-0.2, n_axes - 0.6)
    ax.set_ylim(-0.05, 1.05)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.figure.colorbar(
        ScalarMappable(norm=norm, cmap=colormap), ax=ax, label=score_label(d.axes[-1])
    )
    n_failed = int(d.failed.sum())
    title = f"{len(d.scores)} candidates"
    ax.set_title(title + (f" ({n_failed} failed, grey dashed)" if n_failed else ""), fontsize=10)
    return ax


# --------------------------------------------------------------------------------------
# How the number of fits grows with the grid
# --------------------------------------------------------------------------------------


class FitCountGrowth(NamedTuple):
    """Fits of a full grid: ``fits[i, j]`` for ``n_params[j]`` hyperparameters with
    ``values_per_param[i]`` values each, times ``cv`` folds."""

    n_params: np.ndarray
    values_per_param: tuple
    cv: int
    fits: np.ndarray


def fit_count_growth_data(max_params=6, values_per_param=(2, 3, 5, 10), cv=5) -> FitCountGrowth:
    """Number of fits of a grid search: ``values ** n_params * cv``."""
    if int(max_params) < 1:
        raise ValueError("max_params must be at least 1.")
    n_params = np.arange(1, int(max_params) + 1)
    values_per_param = tuple(int(v) for v in values_per_param)
    fits = np.array([[v**p * cv for p in n_params] for v in values_per_param], dtype=float)
    return FitCountGrowth(n_params, values_per_param, int(cv), fits)


def plot_fit_count_growth(
    max_params=6, values_per_param=(2, 3, 5, 10), cv=5, *, log_y=True, seconds_per_fit=None, ax=None
):
    """Fits of a full grid search as hyperparameters are added: the combinatorial explosion.

    One line per number of values tried for each hyperparameter. On a linear y axis
    (``log_y=False``) the largest grid crushes every other line to the floor; on a log
    axis the lines are straight: the count grows *exponentially* with the number of
    hyperparameters. With ``seconds_per_fit``, a second axis on the right reads the
    fits as hours of computing on one core. The first argument may also be a
    :class:`FitCountGrowth` (from :func:`fit_count_growth_data`).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(max_params, FitCountGrowth):
        d = max_params
    else:
        d = fit_count_growth_data(max_params, values_per_param, cv)
    ax = new_axes(ax, (6, 4))
    for i, v in enumerate(d.values_per_param):
        ax.plot(
            d.n_params,
            d.fits[i],
            marker=marker(i),
            color=color(i),
            label=f"{v} values each",
        )
    ax.set_xticks(d.n_params)
    ax.set_xlabel("number of hyperparameters in the grid")
    ax.set_ylabel(f"fits ({d.cv}-fold CV)" + (", log scale" if log_y else ""))
    if log_y:
        ax.set_yscale("log")
    ax.set_title("Fits of a full grid search", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both" if log_y else "major")
    if seconds_per_fit:
        hours = ax.secondary_yaxis(
            "right",
            functions=(lambda f: f * seconds_per_fit / 3600, lambda h: h * 3600 / seconds_per_fit),
        )
        hours.set_ylabel(f"hours on one core at {seconds_per_fit:g} s per fit")
    return ax


# --------------------------------------------------------------------------------------
# The figure of a search's results, in words
# --------------------------------------------------------------------------------------


def results_figure_kind(frame, params, strategy, *, halving=False) -> str:
    """Which figure of a search's results frame shows it best (what the search app draws).

    ``params`` are the hyperparameters that vary in ``frame``; ``strategy`` is the
    search's strategy (a name, a live search or a record of :mod:`hptlearn.strategies`);
    ``halving`` is True at the end of a successive-halving search. Returns ``"failed"``
    (no candidate has a score), ``"value"`` (the score against one hyperparameter),
    ``"iterations"`` (every candidate across the iterations of successive halving),
    ``"heatmap"`` (two hyperparameters of a grid that every candidate fills in full),
    ``"parallel"`` (parallel coordinates) or ``"single"`` (one candidate).
    """
    if not (frame["status"] == "ok").any():
        return "failed"
    if len(params) == 1:
        return "value"
    if halving:
        return "iterations"
    record = _strategy(strategy)
    if len(params) == 2 and record.reads == LISTS and not record.halving:
        return "heatmap"
    return "parallel" if params else "single"


def describe_results_figure(
    kind, frame, params, *, metric="score", so_far=None, stopped=False, iterations=None
) -> str:
    """The figure of a search's results in words (its text description): what is
    plotted, how many candidates and the best of them, with its setting. It takes the data
    the figure is drawn from, and is what the search app shows under its figure.

    Parameters
    ----------
    kind : str
        What :func:`results_figure_kind` returns.
    frame : pandas.DataFrame
        The results the figure was drawn from (:func:`hptlearn.results_frame`).
    params : list of str
        The hyperparameters that vary in ``frame``, as the figure shows them.
    metric : str
        The name of the score (``"accuracy"``, ``"R²"``, ...).
    so_far : (int, int), optional
        ``(done, planned)`` candidates: while the search runs, or when it was stopped.
    stopped : bool
        The search was stopped after ``so_far[0]`` candidates.
    iterations : HalvingIterationsData, optional
        The data of the halving figure (``kind="iterations"``).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"order": [0, 1, 2], "knn__n_neighbors": [1, 5, 15],
    ...     "mean_test_score": [0.9, 0.95, 0.93], "status": ["ok"] * 3})
    >>> text = describe_results_figure("value", frame, ["knn__n_neighbors"], metric="accuracy")
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    Mean CV accuracy of 3 candidates against knn__n_neighbors, from 1 to 15;
    the best, 0.9500, at knn__n_neighbors=5.
    >>> text = describe_results_figure("value", frame, ["knn__n_neighbors"], so_far=(3, 8))
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    Mean CV score of the candidates so far (3 of 8 candidates) against knn__n_neighbors,
    from 1 to 15; the best, 0.9500, at knn__n_neighbors=5.
    """
    n = len(frame)
    counted, tail = f"{n} candidate{'' if n == 1 else 's'}", ""
    if so_far is not None:
        done, planned = so_far
        if stopped:
            tail = f" (stopped after {done} of {planned} candidates)"
        else:
            counted, tail = "the candidates", f" so far ({done} of {planned} candidates)"
    if kind == "failed":
        return f"Every one of the {n} candidates{tail} failed to fit: there is no score to plot."
    best_score, best_params = _best_of(kind, frame, iterations)
    best = f"the best, {best_score:.4f}, at {format_params(best_params)}."
    score = f"mean CV {metric}"
    if kind == "value":
        (param,) = params
        return (
            f"Mean CV {metric} of {counted}{tail} against {param}, {_spread(frame[param])}; {best}"
        )
    if kind == "heatmap":
        y, x = params
        return (
            f"Heatmap of the {score} of {counted}{tail} over {y} ({frame[y].nunique()} values, "
            f"rows) and {x} ({frame[x].nunique()} values, columns); {best}"
        )
    if kind == "parallel":
        across = ", ".join(params)
        return (
            f"Parallel coordinates of {counted}{tail}, one line each across {across} and the "
            f"{score}; {best}"
        )
    if kind == "iterations":
        d = iterations
        unit = "samples" if d.resource == "n_samples" else d.resource
        return (
            f"The {score} of each candidate at each of the {len(d.iterations)} iterations of "
            f"successive halving, from {d.n_candidates[0]} candidates on {d.n_resources[0]} "
            f"{unit} to {d.n_candidates[-1]} on {d.n_resources[-1]}{tail}; {best}"
        )
    return f"One candidate{tail}: {score} {best_score:.4f} at {format_params(best_params)}."


def _best_of(kind, frame, iterations):
    """The best score and its setting: the search's best candidate (the halving search's
    best at its last iteration; else the highest score, the first evaluated on a tie)."""
    if kind == "iterations":
        d = iterations
        return float(d.candidate_scores[d.best][-1]), d.candidates[d.best]
    score = score_column(frame)
    ok = frame[frame["status"] == "ok"]
    row = ok.sort_values([score, "order"], ascending=[False, True], kind="stable").iloc[0]
    setting = {p: row[p] for p in param_columns(frame) if not is_missing(row[p])}
    return float(row[score]), setting


def _spread(column) -> str:
    """The values of one hyperparameter in words: ``from 1 to 15``, or the categories."""
    values = [v for v in column.drop_duplicates() if not is_missing(v)]
    if is_numeric(values):
        return f"from {format_value(min(values))} to {format_value(max(values))}"
    return "values " + ", ".join(format_value(v) for v in values)


def score_name(estimator, frame) -> str:
    """The name of the score of a search's results frame: its metric, or for the
    estimator's default ``score`` method accuracy (classifiers) or R² (regressors).

    >>> import pandas as pd
    >>> from sklearn.svm import SVC
    >>> score_name(SVC(), pd.DataFrame({"mean_test_score": [0.9]}))
    'accuracy'
    >>> score_name(SVC(), pd.DataFrame({"mean_test_f1": [0.9], "rank_test_f1": [1]}))
    'f1'
    """
    metric = score_column(frame).removeprefix("mean_test_")
    if metric != "score":
        return metric
    return "accuracy" if is_classifier(estimator) else "R²"
