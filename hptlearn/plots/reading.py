"""Figures that read a search over many hyperparameters: importance, and the tuning
playbook's plots.

* :func:`plot_importance` -- how much each hyperparameter matters, with its bootstrap
  interval (:func:`hptlearn.importance.hyperparameter_importance`).
* :func:`plot_axis_plots` -- the score against each hyperparameter's value, one panel per
  hyperparameter (log axis where the space is log), with a warning when the best
  candidates crowd an edge of the searched range (Google's Deep Learning Tuning Playbook
  calls these *axis plots*; the edge check is its *boundary check*).
* :func:`plot_isolation` -- the best score per bucket of one hyperparameter, whatever the
  others are (the playbook's *isolation plot*: each bucket's best is the others "tuned away").
* :func:`plot_sampled_enough` -- "have we sampled enough?": the best score among ``n``
  candidates drawn from the search's own, for ``n`` from 1 to all of them (a bootstrap,
  median and band). When the median best stops rising long before the budget, more
  candidates of the same kind would add little.

Each figure is a data step ``*_data(...)`` returning a ``NamedTuple`` (tested exactly),
``plot_*(data, ..., ax=None)`` returning the ``Axes`` (or an array of them), and
``describe_*(data)``, its content in words with the numbers, for a screen reader or a
figure's caption. ``data`` is a fitted search, its ``cv_results_``, a results frame
(:func:`hptlearn.results_frame`) or the figure's data step.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from hptlearn.plots._common import (
    check_param,
    frame_of,
    is_missing,
    is_numeric,
    new_axes,
    panel_axes,
    sorted_values,
)
from hptlearn.results import param_columns, score_column
from hptlearn.style import (
    BEST_COLOR,
    FAILED_COLOR,
    INK,
    MUTED_COLOR,
    REFERENCE_COLOR,
    VALIDATION_COLOR,
    WARNING_COLOR,
    format_score,
    format_value,
    score_label,
)

__all__ = [
    "AxisPlot",
    "AxisPlotsData",
    "ImportanceData",
    "IsolationData",
    "SampledEnoughData",
    "axis_plots_data",
    "describe_axis_plots",
    "describe_importance",
    "describe_isolation",
    "describe_sampled_enough",
    "importance_data",
    "isolation_data",
    "plot_axis_plots",
    "plot_importance",
    "plot_isolation",
    "plot_sampled_enough",
    "sampled_enough_data",
]


def _num(value) -> str:
    return f"{value:.2f}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------
# Importance
# --------------------------------------------------------------------------------------


class ImportanceData(NamedTuple):
    """What :func:`plot_importance` draws: one bar per hyperparameter, largest first."""

    names: list
    importance: np.ndarray
    low: np.ndarray  # NaN without bootstrap
    high: np.ndarray
    scale: list  # "log", "linear" or "categorical"
    evaluator: str  # "fanova" or "ped-anova"
    meaning: str  # what the importance measures, in words
    level: float  # the interval's coverage (0.9)
    n_candidates: int
    notes: list


def importance_data(data, **importance_kw) -> ImportanceData:
    """The importance of each hyperparameter, ready to draw.

    ``data`` is a frame from :func:`hptlearn.importance.hyperparameter_importance`, or what
    that function takes (a fitted search, ``cv_results_`` or a results frame), then computed
    with ``importance_kw`` (``evaluator``, ``n_bootstrap``, ``random_state``, ``scoring``).
    """
    if isinstance(data, pd.DataFrame) and "importance" in data.columns:
        table = data
        if importance_kw:
            raise TypeError(
                "importance_data got an importance table and options for computing one "
                f"({', '.join(importance_kw)}): pass the search instead, or no options."
            )
    else:
        from hptlearn.importance import hyperparameter_importance

        table = hyperparameter_importance(data, **importance_kw)
    attrs = table.attrs
    return ImportanceData(
        list(table.index),
        table["importance"].to_numpy(dtype=float),
        table["low"].to_numpy(dtype=float),
        table["high"].to_numpy(dtype=float),
        list(table["scale"]) if "scale" in table else ["?"] * len(table),
        attrs.get("evaluator", "fanova"),
        attrs.get("meaning", "importance"),
        float(attrs.get("level", 0.9)),
        int(attrs.get("n_candidates", 0)),
        list(attrs.get("notes", [])),
    )


def plot_importance(data, *, ax=None):
    """Horizontal bars of importance, largest on top, with the bootstrap interval as an
    error bar. ``data``: an :class:`ImportanceData` or what :func:`importance_data` takes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, ImportanceData) else importance_data(data)
    ax = new_axes(ax, (6, 0.5 * len(d.names) + 1.5))
    y = np.arange(len(d.names))[::-1]
    ax.barh(y, d.importance, color=VALIDATION_COLOR, alpha=0.8, label="on all candidates")
    if np.isfinite(d.low).any():
        lower = np.clip(d.importance - d.low, 0, None)
        upper = np.clip(d.high - d.importance, 0, None)
        ax.errorbar(
            d.importance,
            y,
            xerr=[lower, upper],
            fmt="none",
            ecolor=INK,
            capsize=3,
            label=f"{d.level:.0%} bootstrap interval",
        )
    labels = [f"{n} (log)" if s == "log" else n for n, s in zip(d.names, d.scale, strict=True)]
    ax.set_yticks(y, labels)
    ax.set_xlim(left=0)
    what = "share of the score's variance" if d.evaluator == "fanova" else "PED-ANOVA share"
    ax.set_xlabel(f"importance ({what})")
    ax.set_title(f"Hyperparameter importance, {d.n_candidates} candidates", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return ax


def describe_importance(data) -> str:
    """The importance in words, with every number of the figure.

    >>> d = ImportanceData(["a", "b"], np.array([0.8, 0.05]), np.array([0.7, 0.0]),
    ...                    np.array([0.9, 0.1]), ["linear", "log"], "fanova",
    ...                    "fraction of the score's variance explained by the "
    ...                    "hyperparameter alone (fANOVA)", 0.9, 50, [])
    >>> print(describe_importance(d))
    Importance of 2 hyperparameters from 50 candidates: fraction of the score's variance \
explained by the hyperparameter alone (fANOVA), with a 90 % bootstrap interval.
    a: 0.80 (0.70 to 0.90)
    b (log scale): 0.05 (0.00 to 0.10)
    Together 0.85; the other 0.15 of the variance comes from interactions and noise.
    """
    d = data if isinstance(data, ImportanceData) else importance_data(data)
    interval = np.isfinite(d.low).any()
    lines = [
        f"Importance of {len(d.names)} hyperparameters from {d.n_candidates} candidates: "
        f"{d.meaning}"
        + (f", with a {d.level * 100:.0f} % bootstrap interval." if interval else ".")
    ]
    for name, value, low, high, scale in zip(
        d.names, d.importance, d.low, d.high, d.scale, strict=True
    ):
        where = f" ({_num(low)} to {_num(high)})" if interval else ""
        lines.append(f"{name}{' (log scale)' if scale == 'log' else ''}: {_num(value)}{where}")
    if d.evaluator == "fanova":
        total = float(np.sum(d.importance))
        lines.append(
            f"Together {_num(total)}; the other {_num(1 - total)} of the variance comes from "
            "interactions and noise."
        )
    lines += d.notes
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Axis plots and the boundary check
# --------------------------------------------------------------------------------------


class AxisPlot(NamedTuple):
    """One panel of :func:`plot_axis_plots`: the score against one hyperparameter."""

    param: str
    values: list  # the value of each scored candidate (numbers, or labels of categories)
    scores: np.ndarray  # its mean CV score
    best: np.ndarray  # bool: among the best candidates
    numeric: bool
    log: bool  # drawn on a log axis
    low: float | None  # the searched range (numeric only)
    high: float | None
    categories: list  # the categories in axis order (categorical only)
    edge: str | None  # "lower", "upper" or None: the best candidates crowd that edge
    share: float  # the share of the best candidates in the outer margin at that edge
    message: str


class AxisPlotsData(NamedTuple):
    """What :func:`plot_axis_plots` draws."""

    panels: list  # of AxisPlot, one per hyperparameter
    score: str
    n_best: int  # how many candidates count as "the best"
    margin: float  # the outer share of a range that counts as its edge
    n_failed: int  # candidates left out (score NaN)


def _looks_log(values) -> bool:
    """Positive numbers over two decades or more, bunched at the low end (median in the
    lowest quarter of the range), as log-spaced values are."""
    if not is_numeric(values):
        return False
    low, high = float(min(values)), float(max(values))
    if low <= 0 or high / low < 100:
        return False
    return (float(np.median(values)) - low) / (high - low) < 0.25


def _ranges(data, frame):
    """``{name: (low, high, scale)}``: the searched range of each numeric hyperparameter,
    from :func:`hptlearn.evaluation.edge_report` (the space's distributions or lists) when
    ``data`` is a search with a space; empty for a frame or a ``cv_results_`` dict (the
    values evaluated then decide)."""
    if isinstance(data, pd.DataFrame):
        return {}
    from hptlearn.evaluation import edge_report

    if isinstance(data, dict):  # no space: the values evaluated decide (see axis_plots_data)
        return {}
    try:
        report = edge_report(data)
    except (TypeError, ValueError):
        return {}
    return {
        f.name: (float(f.low), float(f.high), f.scale)
        for f in report.findings
        if f.source in ("grid", "distribution")
    }


def axis_plots_data(
    data, params=None, *, score=None, top: float = 0.1, margin: float = 0.1
) -> AxisPlotsData:
    """The score of every candidate against each hyperparameter, and the boundary check.

    Parameters
    ----------
    data : fitted search, ``cv_results_`` or results frame
    params : list of str, optional
        The hyperparameters to draw, by default all that take more than one value.
    score : str, optional
        The score column, by default the one that ranks the candidates.
    top : float, default=0.1
        The share of candidates that count as "the best" (at least 3, and all when there are
        fewer).
    margin : float, default=0.1
        The outer share of a numeric range (on a log scale for log axes) that counts as its
        edge. The best candidates *crowd* an edge when at least half of them lie within it:
        the best region may extend beyond the range searched (the playbook's boundary
        check). Uniformly spread candidates put about ``margin`` of them there.

    Notes
    -----
    The searched range is read from the search's space by
    :func:`hptlearn.evaluation.edge_report` (a distribution's support, a list's smallest
    and largest value) when ``data`` is a search; for a ``cv_results_`` dict or a frame it
    is the smallest and largest value evaluated. An axis is log when that report says so, or,
    without one, when the values are positive, span two decades or more and bunch at the low
    end (median in the lowest quarter of the range).
    """
    if not 0 < top <= 1:
        raise ValueError(f"top must be a share of the candidates in (0, 1], got {top!r}.")
    if not 0 < margin < 0.5:
        raise ValueError(f"margin must be in (0, 0.5), got {margin!r}.")
    frame = frame_of(data)
    score = score or score_column(frame)
    if params is None:
        params = [p for p in param_columns(frame) if frame[p].nunique(dropna=True) > 1]
    for p in params:
        check_param(frame, p, "params")
    scores_all = frame[score].to_numpy(dtype=float)
    ok = np.isfinite(scores_all)
    rows = frame[ok]
    scores = scores_all[ok]
    n_best = min(len(scores), max(3, math.ceil(top * len(scores))))
    best = np.zeros(len(scores), dtype=bool)
    best[np.argsort(-scores, kind="stable")[:n_best]] = True
    ranges = _ranges(data, frame)
    panels = [_axis_panel(p, rows, scores, best, ranges.get(p), margin) for p in params]
    return AxisPlotsData(panels, score, n_best, margin, int((~ok).sum()))


def _axis_panel(param, rows, scores, best, searched, margin):
    present = np.array([not is_missing(v) for v in rows[param]], dtype=bool)
    values = [v for v, keep in zip(rows[param], present, strict=True) if keep]
    s, b = scores[present], best[present]
    n_best = int(b.sum())
    if not is_numeric(values):
        categories = sorted_values(values)
        labels = [format_value(v) for v in values]
        return AxisPlot(param, labels, s, b, False, False, None, None,
                        [format_value(c) for c in categories], None, 0.0,
                        f"{param}: categorical, no edges to check.")  # fmt: skip
    x = np.asarray(values, dtype=float)
    if searched is not None:
        low, high, scale = searched
        low, high = min(low, float(x.min())), max(high, float(x.max()))
        log = scale == "log" and low > 0
    else:
        low, high = float(x.min()), float(x.max())
        log = _looks_log(values)
    if high == low or not n_best:
        return AxisPlot(param, values, s, b, True, log, low, high, [], None, 0.0,
                        f"{param}: one value only, no range to check.")  # fmt: skip
    t = (np.log(x) - math.log(low)) / (math.log(high) - math.log(low)) if log else (
        (x - low) / (high - low)
    )  # fmt: skip
    shares = {"lower": float(np.mean(t[b] <= margin)), "upper": float(np.mean(t[b] >= 1 - margin))}
    edge = max(shares, key=shares.get)
    share = shares[edge]
    span = f"{low:.3g} to {high:.3g}"
    if share >= 0.5:
        word = "smallest" if edge == "lower" else "largest"
        where = "downwards" if edge == "lower" else "upwards"
        message = (
            f"{param}: {share:.0%} of the {n_best} best candidates lie in the {word} "
            f"{margin:.0%} of the searched range ({span}{', log scale' if log else ''}): "
            f"the best values may lie beyond it; extend the range {where}."
        )
    else:
        edge = None
        message = (
            f"{param}: the {n_best} best candidates do not crowd an edge of the searched "
            f"range ({span}{', log scale' if log else ''}); "
            + (
                f"at most {share:.0%} of them lie in its outer {margin:.0%} on one side."
                if share
                else f"none of them lies in its outer {margin:.0%}."
            )
        )
    return AxisPlot(param, values, s, b, True, log, low, high, [], edge, share, message)


def plot_axis_plots(data, params=None, *, score=None, ax=None):
    """One panel per hyperparameter: every candidate's score against its value, the best
    candidates highlighted, and the searched range's edges shaded; a panel whose best
    candidates crowd an edge has its title in the warning colour and "⚠ edge". ``data``:
    an :class:`AxisPlotsData` or what :func:`axis_plots_data` takes.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One per hyperparameter.
    """
    d = data if isinstance(data, AxisPlotsData) else axis_plots_data(data, params, score=score)
    n = len(d.panels)
    axes = panel_axes(ax, n, "hyperparameter", figsize=(3.2 * n, 3.2), sharey=True)
    for i, (a, p) in enumerate(zip(axes, d.panels, strict=True)):
        if p.numeric:
            x = np.asarray(p.values, dtype=float)
            for lo, hi in _edge_spans(p, d.margin):
                a.axvspan(lo, hi, color=REFERENCE_COLOR, alpha=0.2, lw=0)
        else:
            x = np.array([p.categories.index(v) for v in p.values], dtype=float)
            a.set_xticks(range(len(p.categories)), p.categories, rotation=30, fontsize=8)
        a.scatter(x[~p.best], p.scores[~p.best], s=14, color=VALIDATION_COLOR, alpha=0.6,
                  label="candidate")  # fmt: skip
        a.scatter(x[p.best], p.scores[p.best], s=40, color=BEST_COLOR, edgecolor=INK,
                  label=f"best {d.n_best}", zorder=3)  # fmt: skip
        if p.log:
            a.set_xscale("log")
        a.set_xlabel(p.param + (" (log scale)" if p.log else ""))
        title = f"⚠ edge: {p.edge}" if p.edge else ""
        a.set_title(title, fontsize=9, color=WARNING_COLOR)
        a.grid(alpha=0.3)
        if i == 0:
            a.set_ylabel(score_label(d.score))
            a.legend(fontsize=7)
    return axes


def _edge_spans(p, margin):
    if p.low is None or p.high is None or p.high == p.low:
        return []
    if p.log:
        ratio = (p.high / p.low) ** margin
        return [(p.low, p.low * ratio), (p.high / ratio, p.high)]
    width = (p.high - p.low) * margin
    return [(p.low, p.low + width), (p.high - width, p.high)]


def describe_axis_plots(data) -> str:
    """The boundary check in words, one sentence per hyperparameter."""
    d = data if isinstance(data, AxisPlotsData) else axis_plots_data(data)
    crowded = [p.param for p in d.panels if p.edge]
    head = (
        f"{_capital(score_label(d.score))} against each of {len(d.panels)} "
        f"hyperparameters; the best {d.n_best} candidates highlighted. "
        + (
            f"Best candidates crowd an edge for: {', '.join(crowded)}."
            if crowded
            else "No range has its best candidates crowding an edge."
        )
    )
    lines = [head] + [p.message for p in d.panels]
    if d.n_failed:
        lines.append(f"{d.n_failed} failed candidate(s) not drawn.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Isolation plot
# --------------------------------------------------------------------------------------


class IsolationData(NamedTuple):
    """What :func:`plot_isolation` draws: the best score per bucket of one hyperparameter."""

    param: str
    labels: list  # one per bucket: "0.001-0.01" or the category
    centers: np.ndarray  # where each bucket is drawn (numeric: its middle; else 0, 1, ...)
    edges: np.ndarray | None  # bucket edges (numeric), len(labels) + 1
    best: np.ndarray  # the best score in each bucket (NaN when empty)
    counts: np.ndarray  # candidates per bucket
    best_params: list  # the other hyperparameters of each bucket's best (dict or None)
    values: list  # every scored candidate's value (for the faint background)
    scores: np.ndarray
    numeric: bool
    log: bool
    score: str


def isolation_data(data, param, *, bins: int = 5, score=None) -> IsolationData:
    """The best score in each bucket of ``param``'s values, over every value of the others.

    A numeric hyperparameter is cut into ``bins`` buckets of equal width between its
    smallest and largest value evaluated (equal ratios on a log axis; the same axis rule as
    :func:`axis_plots_data`), each bucket holding its left edge and the last its right edge
    too; a hyperparameter with at most ``bins`` distinct values, or a categorical one, gets
    one bucket per value. Comparing bests (not means) per bucket is the playbook's isolation
    plot: each bucket's best stands for "this value, with the others tuned".
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a whole number of at least 1, got {bins!r}.")
    frame = frame_of(data)
    check_param(frame, param, "param")
    score = score or score_column(frame)
    s_all = frame[score].to_numpy(dtype=float)
    keep = np.isfinite(s_all) & np.array([not is_missing(v) for v in frame[param]], dtype=bool)
    rows, scores = frame[keep], s_all[keep]
    values = list(rows[param])
    others = [p for p in param_columns(frame) if p != param]
    distinct = sorted_values(values)
    numeric = is_numeric(values)
    if numeric and len(distinct) > bins:
        searched = _ranges(data, frame).get(param)
        x = np.asarray(values, dtype=float)
        log = searched[2] == "log" if searched else _looks_log(values)
        low, high = float(x.min()), float(x.max())
        edges = np.geomspace(low, high, bins + 1) if log else np.linspace(low, high, bins + 1)
        index = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, bins - 1)
        centers = np.sqrt(edges[:-1] * edges[1:]) if log else (edges[:-1] + edges[1:]) / 2
        labels = _bucket_labels(
            edges, integer=all(isinstance(v, (int, np.integer)) for v in values)
        )
    else:
        log = numeric and _looks_log(distinct)
        edges = None
        index = np.array([distinct.index(v) for v in values])
        centers = (
            np.asarray(distinct, dtype=float) if numeric else np.arange(len(distinct), dtype=float)
        )
        labels = [format_value(v) for v in distinct]
    best = np.full(len(labels), np.nan)
    counts = np.zeros(len(labels), dtype=int)
    best_params = [None] * len(labels)
    for k in range(len(labels)):
        members = np.flatnonzero(index == k)
        counts[k] = len(members)
        if len(members):
            top = members[np.argmax(scores[members])]
            best[k] = scores[top]
            row = rows.iloc[top]
            best_params[k] = {p: row[p] for p in others if not is_missing(row[p])}
    return IsolationData(param, labels, centers, edges, best, counts, best_params, values,
                         scores, numeric, log, score)  # fmt: skip


def _bucket_labels(edges, integer):
    """``"a-b"`` per bucket (3 significant digits); for whole numbers, the whole numbers
    each bucket holds (``"2-3"``, or ``"4"`` alone)."""
    labels = []
    last = len(edges) - 2
    for k, (a, b) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        if integer:
            lo = math.ceil(a - 1e-9)
            hi = math.floor(b + 1e-9) if k == last else math.ceil(b - 1e-9) - 1
            labels.append(str(lo) if lo >= hi else f"{lo}-{hi}")
        else:
            labels.append(f"{format_value(float(f'{a:.3g}'))}-{format_value(float(f'{b:.3g}'))}")
    return labels


def plot_isolation(data, param=None, *, bins: int = 5, score=None, ax=None):
    """The best score per bucket of one hyperparameter (large markers, joined for numbers), over the
    faint scores of every candidate; bucket edges as dotted lines. ``data``: an
    :class:`IsolationData` or what :func:`isolation_data` takes (then ``param`` is needed).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(data, IsolationData):
        d = data
    else:
        if param is None:
            raise TypeError("plot_isolation needs param= (the hyperparameter to isolate).")
        d = isolation_data(data, param, bins=bins, score=score)
    ax = new_axes(ax, (5, 3.5))
    if d.numeric:
        x = np.asarray(d.values, dtype=float)
    else:
        x = np.array([d.labels.index(format_value(v)) for v in d.values], dtype=float)
    ax.scatter(x, d.scores, s=10, color=MUTED_COLOR, alpha=0.4, label="every candidate")
    filled = np.isfinite(d.best)
    ax.plot(d.centers[filled], d.best[filled], marker="o", markersize=8, color=VALIDATION_COLOR,
            markeredgecolor=INK, linestyle="-" if d.numeric else "none",
            label="best in bucket")  # fmt: skip
    if d.edges is not None:
        for e in d.edges:
            ax.axvline(e, color=REFERENCE_COLOR, linestyle=":", lw=1)
    if d.log:
        ax.set_xscale("log")
    if not d.numeric:
        ax.set_xticks(d.centers, d.labels)
    ax.set_xlabel(d.param + (" (log scale)" if d.log else ""))
    ax.set_ylabel(score_label(d.score))
    ax.set_title(f"Best {score_label(d.score)} per bucket of {d.param}", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def describe_isolation(data) -> str:
    """The best score per bucket in words; ``data`` is an :class:`IsolationData` (from
    :func:`isolation_data`, which needs the hyperparameter)."""
    if not isinstance(data, IsolationData):
        raise TypeError(
            "describe_isolation needs the data step: describe_isolation(isolation_data(search, "
            f"param)); got {type(data).__name__}."
        )
    d = data
    parts = [
        f"{label}: {format_score(b)} ({n} candidate{'s' if n != 1 else ''})"
        if np.isfinite(b)
        else f"{label}: no candidate"
        for label, b, n in zip(d.labels, d.best, d.counts, strict=True)
    ]
    filled = d.best[np.isfinite(d.best)]
    spread = float(filled.max() - filled.min()) if len(filled) else float("nan")
    return (
        f"Best {score_label(d.score)} per bucket of {d.param}, whatever the other "
        f"hyperparameters: " + "; ".join(parts) + f". The bests differ by {format_score(spread)}."
    )


# --------------------------------------------------------------------------------------
# Have we sampled enough?
# --------------------------------------------------------------------------------------


class SampledEnoughData(NamedTuple):
    """What :func:`plot_sampled_enough` draws."""

    n: np.ndarray  # 1 .. number of scored candidates
    median: np.ndarray  # the median best of n over the resamples
    low: np.ndarray  # the band: the (1 - level) / 2 and (1 + level) / 2 quantiles
    high: np.ndarray
    best: float  # the best score found
    level: float
    tolerance: float
    plateau: int  # the smallest n whose median best is within tolerance of the best
    n_resamples: int
    score: str


def sampled_enough_data(
    data,
    *,
    n_resamples: int = 1000,
    level: float = 0.9,
    tolerance: float = 0.005,
    random_state: int = 0,
    score=None,
) -> SampledEnoughData:
    """The best score among ``n`` candidates drawn from this search's, for each ``n``.

    Each resample draws as many candidates as were scored, with replacement, from the
    scored candidates; the best of its first ``n`` is "the best of n". Over
    ``n_resamples`` resamples this gives, for each ``n``, the median best and a band of
    ``level`` coverage. ``plateau`` is the smallest ``n`` whose median best is within
    ``tolerance`` of the best score found: past it, the median search of that size already
    finds (nearly) the best, so more candidates of the same kind would add little.
    Failed candidates (score NaN) are left out.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}.")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples!r}.")
    frame = frame_of(data)
    score = score or score_column(frame)
    scores = frame[score].to_numpy(dtype=float)
    scores = scores[np.isfinite(scores)]
    if not len(scores):
        raise ValueError("Every candidate failed: there is no score to resample.")
    rng = np.random.default_rng(random_state)
    draws = scores[rng.integers(0, len(scores), (n_resamples, len(scores)))]
    best_of = np.maximum.accumulate(draws, axis=1)
    tail = (1 - level) / 2
    median = np.median(best_of, axis=0)
    low, high = np.quantile(best_of, [tail, 1 - tail], axis=0)
    best = float(scores.max())
    plateau = int(np.argmax(median >= best - tolerance)) + 1
    return SampledEnoughData(np.arange(1, len(scores) + 1), median, low, high, best, level,
                             tolerance, plateau, n_resamples, score)  # fmt: skip


def plot_sampled_enough(data, *, ax=None):
    """The median best of ``n`` candidates against ``n``, with its band, the best found as a
    reference line and the plateau marked. ``data``: a :class:`SampledEnoughData` or what
    :func:`sampled_enough_data` takes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, SampledEnoughData) else sampled_enough_data(data)
    ax = new_axes(ax, (6, 3.5))
    ax.fill_between(d.n, d.low, d.high, color=VALIDATION_COLOR, alpha=0.2,
                    label=f"{d.level:.0%} of resamples")  # fmt: skip
    ax.plot(d.n, d.median, color=VALIDATION_COLOR, label="median best of n")
    ax.axhline(d.best, color=INK, linestyle="--", lw=1, label=f"best found {format_score(d.best)}")
    ax.axvline(d.plateau, color=FAILED_COLOR, linestyle=":", lw=1.5,
               label=f"within {d.tolerance:g} from n = {d.plateau}")  # fmt: skip
    ax.set_xlabel("n, candidates drawn from this search's")
    ax.set_ylabel(f"best {score_label(d.score)} among n")
    ax.set_title("Have we sampled enough?", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return ax


def describe_sampled_enough(data) -> str:
    """The bootstrap of the best of n in words, with its numbers."""
    d = data if isinstance(data, SampledEnoughData) else sampled_enough_data(data)
    total = len(d.n)
    marks = sorted({1, min(10, total), max(1, total // 2), total})
    parts = [
        f"best of {k}: median {format_score(d.median[k - 1])} "
        f"({format_score(d.low[k - 1])} to {format_score(d.high[k - 1])})"
        for k in marks
    ]
    verdict = (
        f"The median best comes within {d.tolerance:g} of the best found "
        f"({format_score(d.best)}) at n = {d.plateau} of {total}"
    )
    verdict += (
        ": the later candidates added little, and more of the same kind would likely add little."
        if d.plateau <= total / 2
        else ": it was still rising late in the search; more candidates may still help."
    )
    return (
        f"Best {score_label(d.score)} among n candidates drawn from this search's "
        f"({d.n_resamples} resamples, {d.level:.0%} band): " + "; ".join(parts) + ". " + verdict
    )
