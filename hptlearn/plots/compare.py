"""Figures of a comparison of search strategies (:mod:`hptlearn.compare`): the best
score so far, the distinct values tried, slices of the score, and the score distribution.

Each takes a :class:`~hptlearn.compare.Comparison` or its frame. The frame's layout (its
fixed columns and its hyperparameter columns) is the one :mod:`hptlearn.compare` defines
and stores with the frame; nothing here guesses it.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from hptlearn.compare import (
    FRAME_COLUMNS,
    best_so_far_curves,
    comparison_params,
    strategy_label,
)
from hptlearn.plots._common import (
    is_log_spaced,
    is_numeric,
    new_axes,
    panel_axes,
    same,
    sorted_values,
)
from hptlearn.style import FAILED_COLOR, INK, MUTED_COLOR, format_value, strategy_style

__all__ = [
    "BestSoFar",
    "BestSoFarData",
    "DistinctValuesData",
    "ScoreDistributionData",
    "Slice",
    "SlicesData",
    "best_so_far_data",
    "distinct_values_data",
    "plot_best_so_far",
    "plot_distinct_values",
    "plot_score_distribution",
    "plot_slices",
    "score_distribution_data",
    "slices_data",
]

_NEEDED = ("strategy", "repeat", "order", "score", "status")


def _comparison(data) -> tuple[pd.DataFrame, list[str]]:
    """The frame of a Comparison (or the frame itself) and its hyperparameter columns."""
    frame = getattr(data, "frame", data)
    if not isinstance(frame, pd.DataFrame) or not set(_NEEDED) <= set(frame.columns):
        raise TypeError(
            "Expected a Comparison (hptlearn.compare.compare_strategies) or its frame, with "
            f"columns {', '.join(FRAME_COLUMNS)} and one per hyperparameter; "
            f"got {type(data).__name__}."
        )
    params = getattr(data, "params", None)
    if params is None or frame is data:
        params = comparison_params(frame)
    return frame, [p for p in params if p in frame.columns]


# --------------------------------------------------------------------------------------
# Best score so far
# --------------------------------------------------------------------------------------


class BestSoFar(NamedTuple):
    """One strategy's best score so far, over its runs, on a common x grid."""

    x: np.ndarray  # full-data fits spent, seconds, or candidates evaluated
    median: np.ndarray
    low: np.ndarray  # lower quantile over the runs that have started
    high: np.ndarray  # upper quantile
    runs: int
    started: np.ndarray  # runs with a score at each x


class BestSoFarData(NamedTuple):
    """What :func:`plot_best_so_far` draws: ``d.strategies["random"]`` is a :class:`BestSoFar`."""

    x: str  # "budget_spent", "elapsed" or "order"
    quantiles: tuple
    strategies: dict  # strategy -> BestSoFar, in the order of the frame
    ylim: tuple | None  # the informative range of scores, or None when there is none
    budget: float | None = None  # the budget per run on this x axis (fit equivalents), if known


_X_LABELS = {
    "budget_spent": "budget spent (full-data fit equivalents)",
    "elapsed": "seconds of fitting and scoring",
    "order": "candidates evaluated",
}


def best_so_far_data(data, x="budget_spent", *, quantiles=(0.25, 0.75)) -> BestSoFarData:
    """Per strategy, the median and inter-quantile band of the best score so far.

    ``x="budget_spent"``: against the budget spent, in full-data fit equivalents (the fair
    axis across strategies that spend differently). ``x="elapsed"``: against the seconds
    of fitting and scoring. ``x="order"``: against the number of candidates evaluated.

    Each run's best so far is a step function of ``x``; the runs of a strategy are read on
    a common grid (every ``x`` at which one of them evaluated a candidate) with
    :func:`hptlearn.compare.best_so_far_curves`: before its first candidate a run has no
    score (NaN, left out of the median and the band, not counted as 0); after its last
    one it keeps its best.

    ``ylim`` focuses on the part worth reading: from a tenth of the way in, where the
    first poor candidates no longer squash the differences at the top.
    """
    if x not in _X_LABELS:
        raise ValueError(f"x must be 'budget_spent', 'elapsed' or 'order', got {x!r}.")
    frame, _ = _comparison(data)
    if x not in frame.columns:
        raise ValueError(
            f"This comparison frame has no {x!r} column (made by an older hptlearn?): "
            "draw it with x='order', or run the comparison again."
        )
    out = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        axis = np.unique(part[x].to_numpy(dtype=float))
        m = best_so_far_curves(part, axis, x=x)[strategy]
        started = np.isfinite(m).sum(axis=0)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(m, axis=0)
            low = np.nanquantile(m, quantiles[0], axis=0)
            high = np.nanquantile(m, quantiles[1], axis=0)
        out[strategy] = BestSoFar(axis, median, low, high, m.shape[0], started)
    tails = [
        np.concatenate([b.low[len(b.x) // 10 :], b.median[len(b.x) // 10 :]]) for b in out.values()
    ]
    finite = np.concatenate([t[np.isfinite(t)] for t in tails]) if tails else np.array([])
    ylim = None
    if finite.size:
        top = max(np.nanmax(b.high) for b in out.values() if np.isfinite(b.high).any())
        low = finite.min()
        margin = max((top - low) * 0.1, 1e-3)
        ylim = (float(low - margin), float(top + margin))
    budget = getattr(data, "budget_fits", None) if x == "budget_spent" else None
    return BestSoFarData(x, tuple(quantiles), out, ylim, budget)


def plot_best_so_far(data, x="budget_spent", *, quantiles=(0.25, 0.75), ax=None):
    """Best score found so far, as the search goes on, one line per strategy.

    The line is the median over the runs of a strategy (a grid runs once; the others are
    repeated with different seeds), the band spans the given quantiles of the runs.
    ``x="budget_spent"`` counts full-data fit equivalents, the fair axis when strategies
    spend differently (successive halving fits on parts of the data); ``x="elapsed"``
    uses the seconds spent fitting and scoring; ``x="order"`` counts candidates. With
    the budget known, a dotted line marks it. ``data`` may also be a
    :class:`BestSoFarData` (then ``x`` and ``quantiles`` are its own).

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, BestSoFarData) else best_so_far_data(data, x, quantiles=quantiles)
    ax = new_axes(ax, (6, 4))
    q_low, q_high = d.quantiles
    for i, (strategy, b) in enumerate(d.strategies.items()):
        style = strategy_style(strategy, i)
        name = strategy_label(strategy)
        label = f"{name} ({b.runs} run{'s' if b.runs > 1 else ''})"
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
                label=f"{name}: {q_low:.0%}–{q_high:.0%} of runs",
            )
    if d.budget:
        ax.axvline(d.budget, color=MUTED_COLOR, linestyle=":", linewidth=1)
    if d.ylim is not None:
        ax.set_ylim(*d.ylim)
    ax.set_xlabel(_X_LABELS[d.x])
    ax.set_ylabel("best mean CV score so far")
    ax.set_title("Best score so far", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


# --------------------------------------------------------------------------------------
# Distinct values tried
# --------------------------------------------------------------------------------------


class DistinctValuesData(NamedTuple):
    """What :func:`plot_distinct_values` draws. ``d.table.loc["grid"]`` is a strategy's row."""

    params: list  # the hyperparameters, in the frame's order
    table: pd.DataFrame  # rows strategies, columns params: median distinct values per run


def distinct_values_data(data) -> DistinctValuesData:
    """Distinct values tried of each hyperparameter: per strategy, the median over its
    runs of the number of distinct values of each hyperparameter."""
    frame, params = _comparison(data)
    table = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        counts = part.groupby("repeat")[params].nunique()
        table[strategy] = counts.median()
    table = pd.DataFrame(table, index=params).T if table else pd.DataFrame(columns=params)
    return DistinctValuesData(params, table[params].astype(float))


def plot_distinct_values(data, *, ax=None):
    """How many distinct values of each hyperparameter each strategy tried.

    With a budget of B candidates and d hyperparameters, a grid tries about B^(1/d)
    values of each; a random search tries up to B of every continuous one. If only one
    hyperparameter matters, that is the number of values of it that were really tried.
    ``data`` may also be a :class:`DistinctValuesData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, DistinctValuesData) else distinct_values_data(data)
    table = d.table
    ax = new_axes(ax, (max(4.5, 1.6 * table.shape[1] + 2), 4))
    n = len(table.index)
    width = 0.8 / max(n, 1)
    x = np.arange(table.shape[1])
    hatches = ("", "//", "..", "xx")
    for i, strategy in enumerate(table.index):
        style = strategy_style(strategy, i)
        bars = ax.bar(
            x + (i - (n - 1) / 2) * width,
            table.loc[strategy].to_numpy(float),
            width,
            color=style["color"],
            edgecolor=INK,
            hatch=hatches[i % len(hatches)],
            label=strategy_label(strategy),
        )
        ax.bar_label(bars, fmt="%g", fontsize=8)
    ax.set_xticks(x, d.params)
    ax.margins(y=0.12)  # room for the labels on the tallest bars
    ax.set_ylabel("distinct values tried (median over runs)")
    ax.set_title("Distinct values of each hyperparameter", fontsize=10)
    ax.legend(fontsize=8)
    return ax


# --------------------------------------------------------------------------------------
# Slices: score against each hyperparameter
# --------------------------------------------------------------------------------------


class Slice(NamedTuple):
    """One panel of :func:`plot_slices`: the candidates' scores against one hyperparameter.

    Per strategy (in the frame's order), ``x`` is the hyperparameter's value (numbers) or
    the position of its category in ``values``, and ``failed`` marks failed candidates,
    drawn at the height of the lowest score of the comparison (their score is NaN).
    """

    param: str
    values: list  # the distinct values tried, sorted
    numeric: bool
    log: bool  # numbers spanning two decades or more
    x: dict  # strategy -> np.ndarray
    score: dict  # strategy -> np.ndarray
    failed: dict  # strategy -> np.ndarray of bool


class SlicesData(NamedTuple):
    """What :func:`plot_slices` draws: one :class:`Slice` per hyperparameter."""

    strategies: list
    slices: list
    bottom: float  # where failed candidates are drawn: the lowest score of a candidate


def slices_data(data) -> SlicesData:
    """The score of every candidate of every strategy, against each hyperparameter."""
    frame, params = _comparison(data)
    if not params:
        raise ValueError("This comparison has no hyperparameter column to draw slices of.")
    ok_scores = frame.loc[frame["status"] == "ok", "score"].astype(float)
    bottom = float(ok_scores.min()) if len(ok_scores) else 0.0
    groups = list(frame.groupby("strategy", sort=False))
    slices = []
    for p in params:
        values = sorted_values(frame[p])
        numeric = is_numeric(values)
        xs, scores, failed = {}, {}, {}
        for strategy, part in groups:
            if numeric:
                xs[strategy] = part[p].to_numpy(dtype=float)
            else:
                xs[strategy] = np.array(
                    [
                        next((k for k, t in enumerate(values) if same(v, t)), np.nan)
                        for v in part[p]
                    ],
                    dtype=float,
                )
            scores[strategy] = part["score"].to_numpy(dtype=float)
            failed[strategy] = (part["status"] != "ok").to_numpy()
        log = numeric and is_log_spaced(values)
        slices.append(Slice(p, values, numeric, log, xs, scores, failed))
    return SlicesData([s for s, _ in groups], slices, bottom)


def plot_slices(data, *, ax=None):
    """Score against each hyperparameter, one panel each, the candidates of every strategy.

    Each point is one evaluated candidate (its mean CV score), drawn with its strategy's
    colour and marker; failed candidates are crosses along the bottom. Numeric axes
    spanning two decades or more are logarithmic. ``data`` may also be a
    :class:`SlicesData`; ``ax`` is None or a sequence of one Axes per hyperparameter.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    d = data if isinstance(data, SlicesData) else slices_data(data)
    n = len(d.slices)
    axes = panel_axes(ax, n, "hyperparameter", figsize=(4.2 * n, 3.6))
    for a, s in zip(axes, d.slices, strict=True):
        for i, strategy in enumerate(d.strategies):
            style = strategy_style(strategy, i)
            x, score, failed = s.x[strategy], s.score[strategy], s.failed[strategy]
            a.scatter(
                x[~failed],
                score[~failed],
                color=style["color"],
                marker=style["marker"],
                s=22,
                alpha=0.7,
                edgecolor=INK,
                linewidth=0.4,
                label=strategy_label(strategy),
            )
            if failed.any():
                a.scatter(
                    x[failed],
                    np.full(failed.sum(), d.bottom),
                    color=FAILED_COLOR,
                    marker="x",
                    s=40,
                    label=f"{strategy_label(strategy)}: failed",
                )
        if s.log:
            a.set_xscale("log")
            a.set_xlabel(f"{s.param} (log scale)")
        else:
            a.set_xlabel(s.param)
        if not s.numeric:
            a.set_xticks(range(len(s.values)), [format_value(v) for v in s.values])
        a.set_ylabel("mean CV score")
        a.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    return axes


# --------------------------------------------------------------------------------------
# Distribution of the scores
# --------------------------------------------------------------------------------------


class ScoreDistributionData(NamedTuple):
    """What :func:`plot_score_distribution` draws, one entry per strategy."""

    strategies: list
    scores: list  # per strategy: the scores of its candidates that did not fail
    failed: list  # per strategy: the number of failed candidates
    jitter: list  # per strategy: horizontal offsets of its points (fixed seed)


def score_distribution_data(data) -> ScoreDistributionData:
    """The scores of the candidates each strategy evaluated (failed ones counted apart)."""
    frame, _ = _comparison(data)
    rng = np.random.RandomState(0)  # jitter only; fixed so the figure is reproducible
    strategies, scores, failed, jitter = [], [], [], []
    for strategy, part in frame.groupby("strategy", sort=False):
        ok = part.loc[part["status"] == "ok", "score"].to_numpy(dtype=float)
        strategies.append(strategy)
        scores.append(ok)
        failed.append(int((part["status"] != "ok").sum()))
        jitter.append(rng.uniform(-0.18, 0.18, len(ok)))
    return ScoreDistributionData(strategies, scores, failed, jitter)


def plot_score_distribution(data, *, ax=None):
    """The scores of all the candidates each strategy evaluated, as box plots with the
    candidates drawn over them. Failed candidates are left out (their number is in the
    label). ``data`` may also be a :class:`ScoreDistributionData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, ScoreDistributionData) else score_distribution_data(data)
    ax = new_axes(ax, (5.5, 4))
    labels = []
    for i, (strategy, ok, n_failed, jitter) in enumerate(
        zip(d.strategies, d.scores, d.failed, d.jitter, strict=True)
    ):
        style = strategy_style(strategy, i)
        if len(ok):
            ax.boxplot(
                [ok], positions=[i], widths=0.5, showfliers=False, medianprops=dict(color=INK)
            )
            ax.scatter(
                i + jitter,
                ok,
                color=style["color"],
                marker=style["marker"],
                s=14,
                alpha=0.6,
                edgecolor=INK,
                linewidth=0.3,
            )
        labels.append(
            f"{strategy_label(strategy)}\n{len(ok)} candidates"
            + (f"\n{n_failed} failed" if n_failed else "")
        )
    ax.set_xticks(range(len(d.strategies)), labels)
    ax.set_ylabel("mean CV score of a candidate")
    ax.set_title("Scores of the candidates tried", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return ax


# --------------------------------------------------------------------------------------
# The figures of a comparison, in words
# --------------------------------------------------------------------------------------


def describe_comparison_figure(comparison) -> str:
    """The four panels of a comparison (best score so far by budget spent and by seconds,
    distinct values tried, scores of all candidates: what the comparison app draws) in
    words, with their numbers: the runs drawn and each strategy's final best CV score.

    ``comparison`` is the :class:`~hptlearn.compare.Comparison` the panels are drawn from.
    """
    summary = comparison.summary()
    runs = int(summary["runs"].sum()) if len(summary) else 0
    finals = []
    for row in summary.itertuples(index=False):
        name = strategy_label(row.strategy)
        best = row[summary.columns.get_loc("best score (median)")]
        if row.runs == 1:
            finals.append(f"{name} {best:.4f}")
        else:
            low = row[summary.columns.get_loc("best score (min)")]
            high = row[summary.columns.get_loc("best score (max)")]
            finals.append(f"{name} {best:.4f} (median of {row.runs} runs, {low:.4f} to {high:.4f})")
    return (
        f"Four panels over {runs} run{'' if runs == 1 else 's'}: the best CV score so far "
        "against the budget spent and against seconds, the distinct values tried of each "
        "hyperparameter, and the scores of all candidates. Final best CV score: "
        + "; ".join(finals)
        + "."
    )
