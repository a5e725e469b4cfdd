"""The figure of manual tuning: scores against one hyperparameter, and every trial in order.

:func:`manual_tuning_data` reads a :class:`hptlearn.state.manual.ManualTuning` (or the app
over it) into a :class:`ManualTuningData`, which draws nothing. :func:`plot_trials_vs_value`
draws the left panel (the trials against one hyperparameter, over the cross-validated
validation curve when there is one), :func:`plot_trial_sequence` the right one (the scores
trial by trial) and :func:`plot_manual_tuning` both, with one legend under them.
:func:`describe_manual_tuning` says in words what the figure of the same data shows (its
text description, for screen readers and for the line under the app's figure).

An app redraws the same axes after every trial: :func:`manual_tuning_figure` makes the
figure once (a :class:`matplotlib.figure.Figure`, no pyplot) and :func:`clear_drawn` removes
what was drawn but keeps the axes, which is much cheaper than new axes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator, ScalarFormatter
from sklearn.model_selection import ValidationCurveDisplay

from hptlearn.plots._common import new_axes
from hptlearn.style import (
    BEST_COLOR,
    INK,
    TRAIN_COLOR,
    VALIDATION_COLOR,
    format_setting,
    format_value,
)

__all__ = [
    "ManualTuningData",
    "clear_drawn",
    "describe_manual_tuning",
    "manual_tuning_data",
    "manual_tuning_figure",
    "plot_manual_tuning",
    "plot_trial_sequence",
    "plot_trials_vs_value",
]


class ManualTuningData(NamedTuple):
    """What the manual-tuning figure shows.

    ``trials`` is every trial (dicts with ``trial``, one key per hyperparameter,
    ``train_score`` and ``validation_score``), in order; ``same`` are the numbers of the
    trials whose other hyperparameters have their current values (drawn solid against
    ``param``; the others are faded). ``curve`` is the validation curve of ``param``, if
    one is on show. ``x_limits`` is the range of ``param``; ``y_limits`` fits every score.
    """

    param: str
    log: bool
    x_limits: tuple
    y_limits: tuple
    others: dict
    trials: list
    same: tuple
    best: dict | None
    curve: object | None
    score_name: str = "accuracy"


def manual_tuning_data(tuning, param=None) -> ManualTuningData:
    """The data of the manual-tuning figure of ``tuning`` against ``param``.

    ``tuning`` is a :class:`hptlearn.state.manual.ManualTuning` (or anything with its
    ``sliders``, ``limits``, ``values``, ``trials``, ``best`` and ``curve``); ``param`` is
    one of its tuned hyperparameters, the first by default.
    """
    names = [s.name for s in tuning.sliders]
    param = names[0] if param is None else param
    if param not in names:
        raise ValueError(
            f"param={param!r} is not a tuned hyperparameter; choose one of: {', '.join(names)}."
        )
    spec = next(s for s in tuning.sliders if s.name == param)
    others = {k: v for k, v in tuning.values.items() if k != param}
    trials = tuning.trials
    same = tuple(t["trial"] for t in trials if all(t[k] == v for k, v in others.items()))
    curve = tuning.curve if tuning.curve is not None and tuning.curve.param == param else None
    scores = [t[k] for t in trials for k in ("train_score", "validation_score")]
    if tuning.curve is not None:
        v = tuning.curve.validation_scores
        scores.append(float((v.mean(axis=1) - v.std(axis=1)).min()))
    low = min([0.5, *scores])
    y_limits = (float(np.floor(low * 10) / 10 - 0.02), 1.02)
    return ManualTuningData(
        param,
        spec.log,
        tuple(tuning.limits[param]),
        y_limits,
        others,
        trials,
        same,
        tuning.best,
        curve,
    )


#: The keys of a trial that are not hyperparameters.
_TRIAL_KEYS = ("trial", "train_score", "validation_score")


def describe_manual_tuning(data: ManualTuningData) -> str:
    """The manual-tuning figure in words (its text description): the trials so far, the
    best validation score and its setting, and the validation curve when one is on show
    (its range of values and its best mean validation score).

    Examples
    --------
    >>> from hptlearn.state.manual import ManualTuning
    >>> tuning = ManualTuning("knn")
    >>> _ = tuning.trial(n_neighbors=5)
    >>> print(describe_manual_tuning(manual_tuning_data(tuning)))  # doctest: +NORMALIZE_WHITESPACE
    Train and validation accuracy of 2 trials, against n_neighbors (left) and in order
    (right); the best validation accuracy so far, 0.956, at trial 1 (n_neighbors=15).
    """
    score = data.score_name
    if not data.trials:
        return (
            f"No trials yet: the figure will show the train and validation {score} of each "
            "trial once a fit succeeds."
        )
    n, best = len(data.trials), data.best
    setting = {k: v for k, v in best.items() if k not in _TRIAL_KEYS}
    text = (
        f"Train and validation {score} of {n} trial{'' if n == 1 else 's'}, against "
        f"{data.param} (left) and in order (right); the best validation {score} so far, "
        f"{best['validation_score']:.3f}, at trial {best['trial']} ({format_setting(setting)})."
    )
    curve = data.curve
    if curve is not None:
        means = curve.validation_scores.mean(axis=1)
        text += (
            f" The {curve.n_folds}-fold validation curve of {curve.param}, over "
            f"{format_value(min(curve.values))} to {format_value(max(curve.values))} "
            f"({len(curve.values)} values): mean validation {score} from {means.min():.3f} to "
            f"{means.max():.3f}, the best at {curve.param}={format_value(curve.best_value)}."
        )
    return text


def manual_tuning_figure(width: int = 860, height: int = 420):
    """A new :class:`~matplotlib.figure.Figure` of ``width`` x ``height`` pixels with the two
    panels of the manual-tuning figure: ``(figure, (left, right))``. No pyplot."""
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    return fig, _setup_panels(fig)


def _setup_panels(fig):
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.3, 1)})
    fig.subplots_adjust(left=0.065, right=0.99, bottom=0.22, top=0.93, wspace=0.17)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    return np.array([left, right])


def clear_drawn(ax):
    """Remove what was drawn on ``ax`` but keep the axes, their ticks and labels."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)


def _star(ax, x, y, label):
    ax.scatter([x], [y], marker="*", s=220, color=BEST_COLOR, edgecolors=INK, zorder=4, label=label)


def _new_ax(ax):
    return new_axes(ax, (5, 4))


def plot_trials_vs_value(data: ManualTuningData, *, ax=None):
    """Train and validation scores of the trials against ``data.param``, over the
    cross-validated validation curve (mean ± std) when there is one. Trials with other
    settings of the other hyperparameters are faded. Returns the ``Axes``."""
    ax = _new_ax(ax)
    param, curve = data.param, data.curve
    if curve is not None:
        ax.set_prop_cycle(color=[TRAIN_COLOR, VALIDATION_COLOR])
        display = ValidationCurveDisplay(
            param_name=param,
            param_range=curve.values,
            train_scores=curve.train_scores,
            test_scores=curve.validation_scores,
            score_name=data.score_name,
        ).plot(ax=ax, fill_between_kw={"alpha": 0.2})
        display.lines_[0].set_label(f"train, {curve.n_folds}-fold CV (mean ± std)")
        display.lines_[1].set_label(f"validation, {curve.n_folds}-fold CV (mean ± std)")
        ax.get_legend().remove()  # the display's own legend says "Test"
    same = [t for t in data.trials if t["trial"] in data.same]
    faded = [t for t in data.trials if t["trial"] not in data.same]
    for group, labelled in ((same, True), (faded, False)):
        if not group:
            continue
        x = [t[param] for t in group]
        alpha = 1.0 if labelled else 0.25
        ax.scatter(
            x,
            [t["train_score"] for t in group],
            marker="s",
            facecolors="none",
            edgecolors=TRAIN_COLOR,
            alpha=alpha,
            zorder=3,
            label="train, your trials" if labelled else None,
        )
        ax.scatter(
            x,
            [t["validation_score"] for t in group],
            marker="o",
            color=VALIDATION_COLOR,
            alpha=alpha,
            zorder=3,
            label="validation, your trials" if labelled else "other settings (faded)",
        )
    if data.best is not None:
        _star(ax, data.best[param], data.best["validation_score"], "best validation so far")
    low, high = data.x_limits
    if data.log:
        ax.set_xscale("log")  # also after the display, which sets the scale itself
        ax.set_xlim(low / 1.4, high * 1.4)
        ax.xaxis.set_major_locator(LogLocator(numticks=12))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        pad = 0.03 * (high - low) + 0.5
        ax.set_xscale("linear")
        ax.set_xlim(low - pad, high + pad)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.set_ylim(*data.y_limits)
    ax.set_xlabel(param + (" (log scale)" if data.log else ""))
    ax.set_ylabel(data.score_name)
    title = f"Scores against {param}"
    if data.others:
        title += f" (solid: {format_setting(data.others)})"
    ax.set_title(title, fontsize=9, y=1.0)  # a fixed y skips costly automatic placement
    return ax


def plot_trial_sequence(data: ManualTuningData, *, ax=None):
    """Train and validation scores of every trial, in order; the best one starred.
    Returns the ``Axes``."""
    ax = _new_ax(ax)
    trials = data.trials
    if trials:
        n = [t["trial"] for t in trials]
        ax.plot(
            n,
            [t["train_score"] for t in trials],
            marker="s",
            markerfacecolor="none",
            color=TRAIN_COLOR,
            label="train",
        )
        ax.plot(
            n,
            [t["validation_score"] for t in trials],
            marker="o",
            color=VALIDATION_COLOR,
            label="validation",
        )
        _star(ax, data.best["trial"], data.best["validation_score"], None)
    ax.set_xlim(0.5, max(len(trials), 5) + 0.5)
    ax.set_ylim(*data.y_limits)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("trial")
    ax.set_ylabel(data.score_name)
    ax.set_title("Every trial, in order", fontsize=9, y=1.0)
    return ax


def plot_manual_tuning(data: ManualTuningData, *, ax=None):
    """Both panels: :func:`plot_trials_vs_value` and :func:`plot_trial_sequence`, with one
    legend under them (it never hides a point).

    ``ax`` is a pair of ``Axes`` (e.g. from :func:`manual_tuning_figure`) or ``None`` for a
    new pyplot figure. Returns the array of the two ``Axes``.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(8.6, 4.2))
        axes = _setup_panels(fig)
    else:
        axes = np.ravel(np.asarray(ax, dtype=object))
        if len(axes) != 2:
            raise ValueError(f"plot_manual_tuning draws 2 panels; got {len(axes)} Axes.")
    left, right = axes
    plot_trials_vs_value(data, ax=left)
    plot_trial_sequence(data, ax=right)
    fig = left.figure
    for legend in list(fig.legends):
        legend.remove()
    handles, labels = left.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    return axes
