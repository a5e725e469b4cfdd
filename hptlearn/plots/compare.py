"""Figures of a comparison of search strategies (:mod:`hptlearn.compare`): the best
score so far, the distinct values tried, slices of the score, and the score distribution."""

from __future__ import annotations

import warnings
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from hptlearn.plots._common import is_log_spaced, is_numeric, sorted_values
from hptlearn.plots._style import FAILED_COLOR, format_value, strategy_style

__all__ = [
    "BestSoFar",
    "best_so_far_data",
    "distinct_values_data",
    "plot_best_so_far",
    "plot_distinct_values",
    "plot_score_distribution",
    "plot_slices",
]


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
        style = strategy_style(strategy, i)
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
        style = strategy_style(strategy, i)
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
        values = sorted_values(frame[p])
        numeric = is_numeric(values)
        positions = {} if numeric else {format_value(v): i for i, v in enumerate(values)}
        for i, (strategy, part) in enumerate(frame.groupby("strategy", sort=False)):
            style = strategy_style(strategy, i)
            xs = part[p] if numeric else part[p].map(lambda v, pos=positions: pos[format_value(v)])
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
        if numeric and is_log_spaced(values):
            ax.set_xscale("log")
            ax.set_xlabel(f"{p} (log scale)")
        else:
            ax.set_xlabel(p)
        if not numeric:
            ax.set_xticks(range(len(values)), [format_value(v) for v in values])
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
        style = strategy_style(strategy, i)
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
