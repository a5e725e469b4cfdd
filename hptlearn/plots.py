"""Matplotlib figures: of searches (defined here) and of fitted models (re-exported
from :mod:`hptlearn._concept_plots`: decision boundaries, learned lines, centroids,
support vectors, network weights, tree splits, loss curves).

Each search figure ``plot_x(data, ..., ax=None)`` takes a fitted search or a results
frame (:func:`hptlearn.results_frame`) first, draws on ``ax`` (a new figure when None)
and returns the Axes. The numbers behind each figure come from a separate data step
(``*_data`` functions) that tests check exactly.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from hptlearn._concept_plots import (
    OKABE_ITO,
    decision_grid,
    layer_weights,
    plot_centroids,
    plot_decision_boundary,
    plot_learned_parameters,
    plot_linear_boundary,
    plot_loss_curves,
    plot_network_weights,
    plot_regression_line,
    plot_support_vectors,
    plot_tree_splits,
    regression_line,
    tree_split_segments,
)
from hptlearn.results import param_columns, results_frame, score_column

__all__ = [
    # figures of a fitted model (what fit learned), from hptlearn._concept_plots
    "decision_grid",
    "layer_weights",
    "plot_centroids",
    "plot_decision_boundary",
    "plot_learned_parameters",
    "plot_linear_boundary",
    "plot_loss_curves",
    "plot_network_weights",
    "plot_regression_line",
    "plot_support_vectors",
    "plot_tree_splits",
    "regression_line",
    "tree_split_segments",
    # figures of a search
    "BestSoFar",
    "best_so_far_data",
    "distinct_values_data",
    "plot_best_so_far",
    "plot_distinct_values",
    "plot_score_distribution",
    "plot_slices",
    "FitCountGrowth",
    "HeatmapData",
    "ParallelCoordinatesData",
    "ScoresVsValueData",
    "fit_count_growth_data",
    "heatmap_data",
    "parallel_coordinates_data",
    "plot_fit_count_growth",
    "plot_heatmap",
    "plot_parallel_coordinates",
    "plot_scores_vs_value",
    "scores_vs_value_data",
]

FAILED_COLOR = "#D55E00"


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
    score = score or score_column(frame)
    frame, note = _fixed_others(frame, [x, y], score, others)

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


def _fixed_others(frame, params, score, others):
    """Rows to draw when other hyperparameters vary, and a note saying so."""
    if others not in ("best", "mean"):
        raise ValueError(f"others must be 'best' or 'mean', got {others!r}.")
    rest = [p for p in param_columns(frame) if p not in params]
    if not rest:
        return frame, ""
    if others == "mean":
        return frame, "averaged over " + ", ".join(rest)
    ok = frame[frame["status"] == "ok"]
    best = ok.loc[ok[score].idxmax()] if len(ok) else frame.iloc[0]
    keep = np.ones(len(frame), dtype=bool)
    for p in rest:
        keep &= frame[p].apply(lambda v, b=best[p]: _same(v, b)).to_numpy()
    return frame[keep], "others at best: " + ", ".join(f"{p}={_fmt(best[p])}" for p in rest)


def _numeric(values):
    return bool(values) and all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
        for v in values
    )


def scores_vs_value_data(data, param, *, others="best", score=None) -> ScoresVsValueData:
    """Mean CV score (and its spread over folds) for each value of one hyperparameter.

    With several hyperparameters, ``others="best"`` keeps the candidates whose other
    hyperparameters equal the best candidate's; ``others="mean"`` averages over them (the
    std is then the mean of the candidates' fold std).
    """
    frame = _frame(data)
    _check_param(frame, param, "param")
    score = score or score_column(frame)
    std_col = score.replace("mean_", "std_", 1)
    train_col = score.replace("mean_test_", "mean_train_", 1)
    rest = [p for p in param_columns(frame) if p != param and frame[p].nunique(dropna=False) > 1]
    frame, note = _fixed_others(frame, [param], score, others)
    values = _sorted_values(frame[param])
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
        rows = frame[frame[param].apply(lambda x, t=v: _same(x, t))]
        failed[i] = bool((rows["status"] == "failed").any())
        ok = rows[rows["status"] == "ok"]
        if len(ok):
            mean[i] = ok[score].astype(float).mean()
            std[i] = ok[std_col].astype(float).mean()
            if train is not None:
                train[i] = ok[train_col].astype(float).mean()
    numeric = _numeric(values)
    log = numeric and _is_log_spaced(values)
    return ScoresVsValueData(
        param, values, mean, std, train, failed, numeric, log, note, score, connect
    )


def plot_scores_vs_value(data, param, *, others="best", score=None, ax=None):
    """Mean CV score against the values of one hyperparameter, with a ±1 std band.

    Over a grid the points are joined into a curve. Over the scattered draws of a random
    search (each value tried once, with other values of the other hyperparameters), the
    candidates are drawn as separate points with error bars.

    The band is the standard deviation of the score over the CV folds: how much the
    estimate moves with the split. Train scores are drawn dashed when the search kept
    them (``return_train_score=True``); the gap between the two curves shows
    over-fitting. Values whose candidates failed are marked with a cross.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = scores_vs_value_data(data, param, others=others, score=score)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    x = np.asarray(d.values, dtype=float) if d.numeric else np.arange(len(d.values))
    if d.connect:
        ax.plot(x, d.mean, marker="o", color=OKABE_ITO[0], label="validation (mean CV)")
        ax.fill_between(
            x,
            d.mean - d.std,
            d.mean + d.std,
            color=OKABE_ITO[0],
            alpha=0.2,
            label="±1 std over folds",
        )
    else:
        ax.errorbar(
            x,
            d.mean,
            yerr=d.std,
            fmt="o",
            color=OKABE_ITO[0],
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
            color=OKABE_ITO[1],
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
        ax.set_xticks(x, [_fmt(v) for v in d.values])
    ax.set_xlabel(d.param + (" (log scale)" if d.log else ""))
    ax.set_ylabel(_score_label(d.score))
    title = f"{_score_label(d.score)} by {d.param}"
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
    present = [v for v in values if not _is_missing(v)]
    pos = np.full(len(values), np.nan)
    distinct = _sorted_values(present)
    if _numeric(distinct) and len(distinct) > 1:
        log = _is_log_spaced(distinct) and min(distinct) > 0
        f = np.log10 if log else (lambda a: a)
        lo, hi = f(float(min(distinct))), f(float(max(distinct)))
        for i, v in enumerate(values):
            if not _is_missing(v):
                pos[i] = (f(float(v)) - lo) / (hi - lo)
        if len(distinct) <= 8:
            ticks = [((f(float(v)) - lo) / (hi - lo), _fmt(v)) for v in distinct]
        else:
            ticks = [(0.0, _fmt(min(distinct))), (1.0, _fmt(max(distinct)))]
        return pos, ticks, log
    # categories (or a single value): evenly spaced
    n = len(distinct)
    where = {i: (i / (n - 1) if n > 1 else 0.5) for i in range(n)}
    for i, v in enumerate(values):
        for k, d in enumerate(distinct):
            if not _is_missing(v) and _same(v, d):
                pos[i] = where[k]
                break
    return pos, [(where[k], _fmt(d)) for k, d in enumerate(distinct)], False


def parallel_coordinates_data(data, params=None, *, score=None) -> ParallelCoordinatesData:
    """Scale every hyperparameter (and the score) of every candidate to [0, 1]."""
    frame = _frame(data)
    all_params = param_columns(frame)
    params = list(all_params if params is None else params)
    for p in params:
        _check_param(frame, p, "params")
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
    ticks.append([(0.0, f"{lo:.3f}"), (1.0, f"{hi:.3f}")])
    positions = np.column_stack(columns)
    return ParallelCoordinatesData(params + [score], positions, scores, failed, ticks, log_axes)


def plot_parallel_coordinates(data, params=None, *, score=None, cmap="viridis", ax=None):
    """Every candidate as a line across one vertical axis per hyperparameter.

    The last axis is the score, and each line is coloured by it, so the good
    candidates stand out and you can follow them back to the values they used.
    Numeric axes spanning two decades or more are on a log scale (said in the label);
    categories are evenly spaced. Failed candidates are grey dashed lines.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = parallel_coordinates_data(data, params, score=score)
    n_axes = len(d.axes)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.0, 1.6 * n_axes + 1.5), 4.5))
    colormap = plt.get_cmap(cmap)
    finite = d.scores[np.isfinite(d.scores)]
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
    norm = plt.Normalize(lo, hi if hi > lo else lo + 1e-9)
    xs = np.arange(n_axes)
    order = np.argsort(np.nan_to_num(d.scores, nan=-np.inf))  # best drawn last, on top
    for i in order:
        row = d.positions[i]
        if d.failed[i]:
            ax.plot(xs[:-1], row[:-1], color="0.6", linestyle="--", linewidth=1, alpha=0.8)
        else:
            ax.plot(xs, row, color=colormap(norm(d.scores[i])), linewidth=1.4, alpha=0.85)
    for k in range(n_axes):
        ax.axvline(k, color="0.3", linewidth=0.8)
        for position, label in d.ticks[k]:
            ax.text(
                k + 0.04,
                position,
                label,
                fontsize=7,
                va="center",
                ha="left",
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", alpha=0.7, linewidth=0),
            )
    labels = [a + (" (log)" if a in d.log_axes else "") for a in d.axes[:-1]]
    labels.append(_score_label(d.axes[-1]))
    ax.set_xticks(xs, labels, rotation=15)
    ax.set_yticks([])
    ax.set_xlim(-0.2, n_axes - 0.6)
    ax.set_ylim(-0.05, 1.05)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.figure.colorbar(
        plt.cm.ScalarMappable(norm=norm, cmap=colormap), ax=ax, label=_score_label(d.axes[-1])
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
    fits as hours of computing on one core.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = fit_count_growth_data(max_params, values_per_param, cv)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    markers = ("o", "s", "^", "D", "v", "P")
    for i, v in enumerate(d.values_per_param):
        ax.plot(
            d.n_params,
            d.fits[i],
            marker=markers[i % len(markers)],
            color=OKABE_ITO[i % len(OKABE_ITO)],
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
# Comparisons of search strategies (hptlearn.compare)
# --------------------------------------------------------------------------------------

#: How each strategy is drawn: a colour, a marker and a line style, so that the figures
#: also read in grey.
STRATEGY_STYLE = {
    "grid": dict(color=OKABE_ITO[0], marker="s", linestyle="-"),
    "random": dict(color=OKABE_ITO[1], marker="^", linestyle="--"),
}


def _style(strategy, i):
    return STRATEGY_STYLE.get(
        strategy, dict(color=OKABE_ITO[(i + 2) % 8], marker="o", linestyle=":")
    )


def _comparison_frame(data) -> pd.DataFrame:
    frame = getattr(data, "frame", data)
    if not isinstance(frame, pd.DataFrame) or not {"strategy", "repeat", "score"} <= set(
        frame.columns
    ):
        raise TypeError(
            "Expected a Comparison (hptlearn.compare.compare_strategies) or its frame, with "
            f"columns strategy, repeat, order, score; got {type(data).__name__}."
        )
    return frame


def _comparison_params(frame):
    known = {"strategy", "repeat", "order", "elapsed", "score", "best_so_far", "status"}
    return [c for c in frame.columns if c not in known]


class BestSoFar(NamedTuple):
    """One strategy's best score so far, over its runs."""

    x: np.ndarray  # candidates evaluated, or seconds
    median: np.ndarray
    low: np.ndarray  # lower quantile over the runs
    high: np.ndarray  # upper quantile
    runs: int


def best_so_far_data(data, x="order", *, quantiles=(0.25, 0.75)) -> dict:
    """Per strategy, the median and inter-quantile band of the best score so far.

    ``x="order"``: against the number of candidates evaluated. ``x="elapsed"``: against
    the seconds of fitting and scoring spent, on a common time axis (each run's best so
    far holds between its candidates, and is NaN before its first one).
    """
    if x not in ("order", "elapsed"):
        raise ValueError(f"x must be 'order' or 'elapsed', got {x!r}.")
    frame = _comparison_frame(data)
    out = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        runs = [r.sort_values("order") for _, r in part.groupby("repeat")]
        if x == "order":
            axis = np.arange(1, max(len(r) for r in runs) + 1, dtype=float)
            curves = [
                np.concatenate(
                    [r["best_so_far"].to_numpy(dtype=float), np.full(len(axis) - len(r), np.nan)]
                )
                for r in runs
            ]
        else:
            end = max(r["elapsed"].max() for r in runs)
            axis = np.linspace(0, end, 200)
            curves = []
            for r in runs:
                t = r["elapsed"].to_numpy(dtype=float)
                b = r["best_so_far"].to_numpy(dtype=float)
                idx = np.searchsorted(t, axis, side="right") - 1
                curve = np.where(idx >= 0, b[np.clip(idx, 0, None)], np.nan)
                curves.append(curve)
        m = np.vstack(curves)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(m, axis=0)
            low = np.nanquantile(m, quantiles[0], axis=0)
            high = np.nanquantile(m, quantiles[1], axis=0)
        out[strategy] = BestSoFar(axis, median, low, high, len(runs))
    return out


def plot_best_so_far(data, x="order", *, quantiles=(0.25, 0.75), ax=None):
    """Best score found so far, as the search goes on, one line per strategy.

    The line is the median over the runs of a strategy (a grid runs once; random searches
    are repeated with different seeds), the band spans the given quantiles of the runs.
    ``x="order"`` counts candidates; ``x="elapsed"`` uses the seconds spent fitting and
    scoring, which is the fairer axis when candidates differ in cost.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = best_so_far_data(data, x, quantiles=quantiles)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for i, (strategy, b) in enumerate(d.items()):
        style = _style(strategy, i)
        label = f"{strategy} ({b.runs} run{'s' if b.runs > 1 else ''})"
        ax.plot(
            b.x,
            b.median,
            color=style["color"],
            linestyle=style["linestyle"],
            drawstyle="steps-post",
            label=label + (", median" if b.runs > 1 else ""),
        )
        if b.runs > 1:
            ax.fill_between(
                b.x,
                b.low,
                b.high,
                step="post",
                color=style["color"],
                alpha=0.2,
                label=f"{strategy}: {quantiles[0]:.0%}–{quantiles[1]:.0%} of runs",
            )
    # Focus on the part worth reading: from a tenth of the way in, where the first poor
    # candidates no longer squash the differences at the top.
    tails = [
        np.concatenate([b.low[len(b.x) // 10 :], b.median[len(b.x) // 10 :]]) for b in d.values()
    ]
    finite = np.concatenate([t[np.isfinite(t)] for t in tails]) if tails else np.array([])
    if finite.size:
        top = max(np.nanmax(b.high) for b in d.values() if np.isfinite(b.high).any())
        low = finite.min()
        margin = max((top - low) * 0.1, 1e-3)
        ax.set_ylim(low - margin, top + margin)
    ax.set_xlabel("candidates evaluated" if x == "order" else "seconds of fitting and scoring")
    ax.set_ylabel("best mean CV score so far")
    ax.set_title("Best score so far", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def distinct_values_data(data) -> pd.DataFrame:
    """Distinct values tried of each hyperparameter: rows strategies, columns the
    hyperparameters, values the median over the runs of a strategy."""
    frame = _comparison_frame(data)
    params = _comparison_params(frame)
    table = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        counts = part.groupby("repeat")[params].nunique()
        table[strategy] = counts.median()
    return pd.DataFrame(table).T[params]


def plot_distinct_values(data, *, ax=None):
    """How many distinct values of each hyperparameter each strategy tried.

    With a budget of B candidates and d hyperparameters, a grid tries about B^(1/d)
    values of each; a random search tries up to B of every continuous one. If only one
    hyperparameter matters, that is the number of values of it that were really tried.

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = distinct_values_data(data)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.5, 1.6 * table.shape[1] + 2), 4))
    n = len(table.index)
    width = 0.8 / max(n, 1)
    x = np.arange(table.shape[1])
    hatches = ("", "//", "..", "xx")
    for i, strategy in enumerate(table.index):
        style = _style(strategy, i)
        bars = ax.bar(
            x + (i - (n - 1) / 2) * width,
            table.loc[strategy].to_numpy(float),
            width,
            color=style["color"],
            edgecolor="black",
            hatch=hatches[i % 4],
            label=strategy,
        )
        ax.bar_label(bars, fmt="%g", fontsize=8)
    ax.set_xticks(x, table.columns)
    ax.margins(y=0.12)  # room for the labels on the tallest bars
    ax.set_ylabel("distinct values tried (median over runs)")
    ax.set_title("Distinct values of each hyperparameter", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_slices(data, *, axes=None):
    """Score against each hyperparameter, one panel each, the candidates of every strategy.

    Each point is one evaluated candidate (its mean CV score), drawn with its strategy's
    colour and marker; failed candidates are crosses along the bottom. Numeric axes
    spanning two decades or more are logarithmic.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    frame = _comparison_frame(data)
    params = _comparison_params(frame)
    if axes is None:
        _, axes = plt.subplots(1, len(params), figsize=(4.2 * len(params), 3.6), squeeze=False)
    axes = np.asarray(axes).ravel()
    if len(axes) < len(params):
        raise ValueError(f"plot_slices needs {len(params)} axes, got {len(axes)}.")
    ok_scores = frame.loc[frame["status"] == "ok", "score"]
    bottom = float(ok_scores.min()) if len(ok_scores) else 0.0
    for ax, p in zip(axes, params, strict=False):
        values = _sorted_values(frame[p])
        numeric = _numeric(values)
        positions = {} if numeric else {_fmt(v): i for i, v in enumerate(values)}
        for i, (strategy, part) in enumerate(frame.groupby("strategy", sort=False)):
            style = _style(strategy, i)
            xs = part[p] if numeric else part[p].map(lambda v, pos=positions: pos[_fmt(v)])
            ok = part["status"] == "ok"
            ax.scatter(
                xs[ok],
                part.loc[ok, "score"],
                color=style["color"],
                marker=style["marker"],
                s=22,
                alpha=0.7,
                edgecolor="black",
                linewidth=0.4,
                label=strategy,
            )
            if (~ok).any():
                ax.scatter(
                    xs[~ok],
                    np.full((~ok).sum(), bottom),
                    color=FAILED_COLOR,
                    marker="x",
                    s=40,
                    label=f"{strategy}: failed",
                )
        if numeric and _is_log_spaced(values):
            ax.set_xscale("log")
            ax.set_xlabel(f"{p} (log scale)")
        else:
            ax.set_xlabel(p)
        if not numeric:
            ax.set_xticks(range(len(values)), [_fmt(v) for v in values])
        ax.set_ylabel("mean CV score")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    return axes[: len(params)]


def plot_score_distribution(data, *, ax=None):
    """The scores of all the candidates each strategy evaluated, as box plots with the
    candidates drawn over them. Failed candidates are left out (their number is in the
    label).

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _comparison_frame(data)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4))
    groups = list(frame.groupby("strategy", sort=False))
    rng = np.random.RandomState(0)  # jitter only; fixed so the figure is reproducible
    labels = []
    for i, (strategy, part) in enumerate(groups):
        style = _style(strategy, i)
        ok = part.loc[part["status"] == "ok", "score"].to_numpy(dtype=float)
        n_failed = int((part["status"] != "ok").sum())
        if len(ok):
            ax.boxplot(
                [ok], positions=[i], widths=0.5, showfliers=False, medianprops=dict(color="black")
            )
            ax.scatter(
                i + rng.uniform(-0.18, 0.18, len(ok)),
                ok,
                color=style["color"],
                marker=style["marker"],
                s=14,
                alpha=0.6,
                edgecolor="black",
                linewidth=0.3,
            )
        labels.append(
            f"{strategy}\n{len(ok)} candidates" + (f"\n{n_failed} failed" if n_failed else "")
        )
    ax.set_xticks(range(len(groups)), labels)
    ax.set_ylabel("mean CV score of a candidate")
    ax.set_title("Scores of the candidates tried", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return ax
