"""Figures of the race lab (:mod:`hptlearn.compare.lab`) and of recorded learning curves.

* :func:`learning_curves_data` / :func:`plot_learning_curves`: the validation score of
  some configurations of a recording (:mod:`hptlearn.replay`) after every epoch, against
  the epochs or the simulated time (as Dive into Deep Learning, ch. 19, plots each trial);
* :func:`anytime_data` / :func:`plot_anytime`: for each strategy, the true score of the
  configuration it would choose so far, against simulated time, mean over seeds with a
  bootstrap interval;
* :func:`winners_curse_data` / :func:`plot_winners_curse`: the best score each strategy
  reported beside the true score of what it chose;
* :func:`fairness_dial_data` / :func:`plot_fairness_dial`: the probability that an adaptive
  strategy at budget ``n`` beats random search at ``k x n``.

Each figure has a data step (a NamedTuple), a ``plot_*(data, ax=None) -> Axes`` and a
``describe_*`` sentence.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from hptlearn.compare.lab import bootstrap_interval
from hptlearn.plots._common import new_axes
from hptlearn.replay import load_recording
from hptlearn.strategies import STRATEGIES
from hptlearn.style import (
    MARKERS,
    MUTED_COLOR,
    REFERENCE_COLOR,
    color,
    format_setting,
    strategy_style,
)

__all__ = [
    "AnytimeData",
    "FairnessDialData",
    "LearningCurvesData",
    "TrialCurvesData",
    "WinnersCurseData",
    "anytime_data",
    "describe_anytime",
    "describe_fairness_dial",
    "describe_learning_curves",
    "describe_trial_curves",
    "describe_winners_curse",
    "fairness_dial_data",
    "learning_curves_data",
    "trial_curves_data",
    "plot_anytime",
    "plot_fairness_dial",
    "plot_learning_curves",
    "plot_trial_curves",
    "plot_winners_curse",
    "winners_curse_data",
]


def _label(name: str) -> str:
    record = STRATEGIES.get(name)
    return record.label if record is not None else str(name)


def _style(name: str, i: int) -> dict:
    return strategy_style(name, i)


# --------------------------------------------------------------------------------------
# Learning curves of a recording
# --------------------------------------------------------------------------------------


class LearningCurvesData(NamedTuple):
    """Mean validation score (over the folds) of some configurations after every step.

    ``x[i]`` and ``y[i]`` are the curve of configuration ``configs[i]`` (``labels[i]`` its
    values); ``x`` is the resource or the simulated seconds (mean over the folds of the
    cumulative fit time); ``true`` the true scores; ``crossings`` the pairs of
    configurations whose order at the first step differs from their order at the last.
    """

    configs: list
    labels: list
    x: list
    y: list
    true: list
    against: str
    resource: str
    crossings: list


def learning_curves_data(recording="learning_curves", configs=None, *, against="epochs"):
    """The learning curves of ``configs`` (configuration numbers, or dicts of values;
    default: 8 configurations spread over the recording's final scores).

    >>> data = learning_curves_data(configs=[0, 1])
    >>> len(data.x[0]) == len(data.y[0]) == 27
    True
    """
    rec = load_recording(recording)
    if against not in ("epochs", "time", rec.resource):
        raise ValueError(f"against must be {rec.resource!r} or 'time', got {against!r}.")
    if configs is None:
        order = np.argsort(rec.full_budget_cv, kind="stable")
        configs = [int(order[i]) for i in np.linspace(0, len(order) - 1, 8).round().astype(int)]
    configs = [c if isinstance(c, (int, np.integer)) else rec.config(c) for c in configs]
    configs = [int(c) for c in configs]
    xs, ys = [], []
    for c in configs:
        ys.append(rec.mean_scores[c])
        if against == "time":
            xs.append(rec.fit_ms[c].mean(axis=0) / 1000.0)
        else:
            xs.append(np.asarray(rec.steps, dtype=float))
    labels = [
        format_setting(dict(zip(rec.params, rec._config_values[c], strict=True))) for c in configs
    ]
    crossings = [
        (a, b)
        for i, a in enumerate(configs)
        for b in configs[i + 1 :]
        if (rec.mean_scores[a, 0] - rec.mean_scores[b, 0])
        * (rec.mean_scores[a, -1] - rec.mean_scores[b, -1])
        < 0
    ]
    return LearningCurvesData(
        configs,
        labels,
        xs,
        ys,
        [float(rec.true_scores[c]) for c in configs],
        "time" if against == "time" else "epochs",
        rec.resource,
        crossings,
    )


def plot_learning_curves(data: LearningCurvesData, *, ax=None):
    """One line per configuration: its mean validation score after every step."""
    ax = new_axes(ax, (6.4, 4.0))
    for i, (x, y, label) in enumerate(zip(data.x, data.y, data.labels, strict=True)):
        ax.plot(x, y, color=color(i), marker=None, linewidth=1.4, label=label)
    ax.set_xlabel(
        "simulated training time (s, one core)" if data.against == "time" else data.resource
    )
    ax.set_ylabel("mean validation accuracy")
    if len(data.labels) <= 10:
        ax.legend(fontsize="x-small", loc="lower right")
    return ax


def describe_learning_curves(data: LearningCurvesData) -> str:
    """The curves in one sentence: how many, and how many pairs cross."""
    n = len(data.configs)
    return (
        f"{n} learning curves; {len(data.crossings)} of {n * (n - 1) // 2} pairs change order "
        f"between the first {data.resource[:-1] if data.resource.endswith('s') else data.resource} "
        "and the last: stopping a curve early can drop what would have won."
    )


# --------------------------------------------------------------------------------------
# Every trial of one run, against simulated time
# --------------------------------------------------------------------------------------


class TrialCurvesData(NamedTuple):
    """The learning curve of every evaluation of one run, placed on the run's simulated
    clock: evaluation ``i`` starts when the previous one ended, and reaches epoch ``e``
    after the recorded time of its folds up to ``e`` (summed over the folds).
    ``resources[i]`` is the resource it was trained to, ``configs[i]`` its configuration.
    """

    x: list
    y: list
    resources: list
    configs: list
    strategy: str
    seed: object
    resource: str


def trial_curves_data(lab, strategy, seed=None) -> TrialCurvesData:
    """The trials of run ``seed`` (default: the first) of ``strategy`` in a race lab."""
    rec = lab.recording
    trials = lab.trials[lab.trials["strategy"] == strategy]
    if not len(trials):
        raise ValueError(f"No run of {strategy!r} in this race lab: {lab.strategies}.")
    if seed is None:
        seed = trials["seed"].iat[0]
    once = seed is None or (isinstance(seed, float) and np.isnan(seed))  # the grid's one run
    run = trials[trials["seed"].isna()] if once else trials[trials["seed"] == seed]
    xs, ys = [], []
    end = 0.0
    for config, r in zip(run["config"], run[rec.resource], strict=True):
        n = rec.step(int(r)) + 1
        seconds = rec.fit_ms[config, :, :n].sum(axis=0) / 1000.0
        xs.append(end + seconds)
        ys.append(rec.mean_scores[config, :n])
        end += float(seconds[-1])
    return TrialCurvesData(
        xs,
        ys,
        [int(r) for r in run[rec.resource]],
        [int(c) for c in run["config"]],
        strategy,
        seed,
        rec.resource,
    )


def plot_trial_curves(data: TrialCurvesData, *, ax=None):
    """Every trial's learning curve against the simulated clock, coloured by the
    resource it reached (as Dive into Deep Learning, ch. 19, draws a scheduler's trials)."""
    ax = new_axes(ax, (7.0, 4.0))
    levels = sorted(set(data.resources))
    seen = set()
    for x, y, r in zip(data.x, data.y, data.resources, strict=True):
        i = levels.index(r)
        label = None if r in seen else f"trained to {r} {data.resource}"
        seen.add(r)
        ax.plot(x, y, color=color(i), linewidth=1.0, label=label)
        ax.plot(x[-1], y[-1], marker=MARKERS[i % len(MARKERS)], color=color(i), markersize=3)
    ax.set_xlabel("simulated time (s, one core)")
    ax.set_ylabel("mean validation accuracy")
    ax.legend(fontsize="x-small", loc="lower right")
    ax.set_title(f"{_label(data.strategy)}: every trial", fontsize="small")
    return ax


def describe_trial_curves(data: TrialCurvesData) -> str:
    """How many trials reached each resource, and the simulated time in all."""
    levels = sorted(set(data.resources))
    counts = ", ".join(f"{data.resources.count(r)} to {r}" for r in levels)
    total = float(data.x[-1][-1]) if data.x else 0.0
    return (
        f"{_label(data.strategy)}: {len(data.resources)} trials ({counts} {data.resource}) "
        f"in {total:.0f} simulated seconds."
    )


# --------------------------------------------------------------------------------------
# Any-time curves
# --------------------------------------------------------------------------------------


class AnytimeData(NamedTuple):
    """Mean over seeds (with an interval) of each strategy's incumbent, against time.

    ``mean[s]``, ``low[s]``, ``high[s]`` are arrays over ``times``: NaN where fewer than
    half of the seeds had evaluated anything yet.
    """

    times: np.ndarray
    strategies: list
    mean: dict
    low: dict
    high: dict
    column: str
    level: float


def anytime_data(lab, times=None, *, column="incumbent_true", level=0.95, n_boot=500):
    """The any-time curves of a :class:`hptlearn.compare.lab.RaceLab`."""
    frame = lab.anytime(times, column=column)
    times = np.unique(frame["time"].to_numpy())
    mean, low, high = {}, {}, {}
    for name, sub in frame.groupby("strategy", sort=False):
        table = sub.pivot_table(index="time", columns="seed", values="value", dropna=False)
        table = table.reindex(times)
        values = table.to_numpy()
        m = np.full(len(times), np.nan)
        lo, hi = m.copy(), m.copy()
        for i, row in enumerate(values):
            row = row[~np.isnan(row)]
            if len(row) * 2 >= values.shape[1] and len(row):
                m[i] = row.mean()
                lo[i], hi[i] = bootstrap_interval(row, n_boot=n_boot, level=level)
        mean[name], low[name], high[name] = m, lo, hi
    return AnytimeData(times, list(mean), mean, low, high, column, level)


def plot_anytime(data: AnytimeData, *, ax=None):
    """Each strategy's mean incumbent against simulated time, with its interval."""
    ax = new_axes(ax, (6.4, 4.0))
    for i, name in enumerate(data.strategies):
        style = _style(name, i)
        ax.plot(
            data.times,
            data.mean[name],
            color=style["color"],
            linestyle=style["linestyle"],
            label=_label(name),
        )
        ax.fill_between(
            data.times, data.low[name], data.high[name], color=style["color"], alpha=0.15
        )
    ax.set_xscale("log")
    ax.set_xlabel("simulated time (s, one core)")
    ax.set_ylabel(
        "true score of the choice so far"
        if data.column == "incumbent_true"
        else "best CV score so far"
    )
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def describe_anytime(data: AnytimeData) -> str:
    """Which strategy leads at the end, and each final mean."""
    final = {
        s: float(data.mean[s][~np.isnan(data.mean[s])][-1])
        for s in data.strategies
        if np.any(~np.isnan(data.mean[s]))
    }
    if not final:
        return "No strategy has evaluated anything."
    order = sorted(final, key=final.get, reverse=True)
    parts = ", ".join(f"{_label(s)} {final[s]:.3f}" for s in order)
    return f"At the end of its budget (mean over seeds, {data.level:.0%} bootstrap band): {parts}."


# --------------------------------------------------------------------------------------
# The winner's curse
# --------------------------------------------------------------------------------------


class WinnersCurseData(NamedTuple):
    """Per strategy: mean reported and true scores, and the curse with its interval."""

    strategies: list
    reported: np.ndarray
    true: np.ndarray
    curse: np.ndarray
    curse_low: np.ndarray
    curse_high: np.ndarray
    seeds: np.ndarray


def winners_curse_data(lab, *, n_boot=1000, level=0.95, random_state=0) -> WinnersCurseData:
    """From :meth:`RaceLab.summary`: the reported and true means of each strategy."""
    s = lab.summary(n_boot=n_boot, level=level, random_state=random_state)
    return WinnersCurseData(
        list(s["strategy"]),
        s["reported"].to_numpy(),
        s["true"].to_numpy(),
        s["curse"].to_numpy(),
        s["curse_low"].to_numpy(),
        s["curse_high"].to_numpy(),
        s["seeds"].to_numpy(),
    )


def plot_winners_curse(data: WinnersCurseData, *, ax=None):
    """For each strategy, the reported score (hollow) and the true score (filled) of
    its choice, joined by a line: the winner's curse."""
    ax = new_axes(ax, (6.4, 0.5 + 0.45 * len(data.strategies)))
    for i, name in enumerate(data.strategies):
        style = _style(name, i)
        ax.plot([data.true[i], data.reported[i]], [i, i], color=style["color"], linewidth=2)
        ax.plot(
            data.reported[i],
            i,
            marker=style["marker"],
            color=style["color"],
            markerfacecolor="white",
            linestyle="none",
        )
        ax.plot(data.true[i], i, marker=style["marker"], color=style["color"], linestyle="none")
    ax.set_yticks(range(len(data.strategies)), [_label(s) for s in data.strategies])
    ax.invert_yaxis()
    ax.set_xlabel("accuracy: reported (hollow) and true (filled), mean over seeds")
    return ax


def describe_winners_curse(data: WinnersCurseData) -> str:
    """The curse of each strategy, in points of accuracy, with its interval."""
    parts = "; ".join(
        f"{_label(s)} {100 * c:+.1f} ({100 * lo:+.1f} to {100 * hi:+.1f})"
        for s, c, lo, hi in zip(
            data.strategies, data.curse, data.curse_low, data.curse_high, strict=True
        )
    )
    return f"Reported minus true, in points of accuracy (bootstrap interval over seeds): {parts}."


# --------------------------------------------------------------------------------------
# The fairness dial
# --------------------------------------------------------------------------------------


class FairnessDialData(NamedTuple):
    """The dial's frame (:func:`hptlearn.compare.lab.fairness_dial`), one panel's worth:
    for each (adaptive, baseline) pair, ``k`` against ``p_adaptive`` and its interval."""

    pairs: list
    ks: dict
    p: dict
    low: dict
    high: dict
    p_baseline: dict


def fairness_dial_data(dial: pd.DataFrame, *, baseline=None) -> FairnessDialData:
    """The curves of a fairness dial (optionally of one baseline only)."""
    if baseline is not None:
        dial = dial[dial["baseline"] == baseline]
    pairs, ks, p, low, high, pb = [], {}, {}, {}, {}, {}
    for (a, b), sub in dial.groupby(["adaptive", "baseline"], sort=False):
        sub = sub.sort_values("k")
        pairs.append((a, b))
        ks[(a, b)] = sub["k"].to_numpy()
        p[(a, b)] = sub["p_adaptive"].to_numpy()
        low[(a, b)] = sub["low"].to_numpy()
        high[(a, b)] = sub["high"].to_numpy()
        pb[(a, b)] = sub["p_baseline"].to_numpy()
    return FairnessDialData(pairs, ks, p, low, high, pb)


def plot_fairness_dial(data: FairnessDialData, *, ax=None):
    """P(adaptive's choice truly better) against the baseline's budget multiple ``k``."""
    ax = new_axes(ax, (6.4, 4.0))
    for i, (a, b) in enumerate(data.pairs):
        style = _style(a, i)
        linestyle = "-" if b == "random" else "--"
        ax.errorbar(
            data.ks[(a, b)] + 0.04 * (i - len(data.pairs) / 2),
            data.p[(a, b)],
            yerr=[data.p[(a, b)] - data.low[(a, b)], data.high[(a, b)] - data.p[(a, b)]],
            color=style["color"],
            marker=style["marker"],
            linestyle=linestyle,
            capsize=3,
            label=f"{_label(a)} vs {_label(b)}",
        )
    ax.axhline(0.5, color=REFERENCE_COLOR, linewidth=1)
    ax.set_ylim(0, 1)
    ks = sorted({int(k) for v in data.ks.values() for k in v})
    ax.set_xticks(ks, [f"{k}x" for k in ks])
    ax.set_xlabel("baseline's budget, in multiples of the adaptive strategy's")
    ax.set_ylabel("P(adaptive's choice truly better)")
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.tick_params(colors=MUTED_COLOR, which="both", labelcolor="black")
    return ax


def describe_fairness_dial(data: FairnessDialData) -> str:
    """For each pair, the ``k`` at which the adaptive strategy stops winning more often
    than it loses."""
    lines = []
    for a, b in data.pairs:
        ks, p, pb = data.ks[(a, b)], data.p[(a, b)], data.p_baseline[(a, b)]
        ahead = [f"{int(k)}x" for k, x, y in zip(ks, p, pb, strict=True) if x > y]
        probs = ", ".join(f"{int(k)}x: {x:.2f}" for k, x in zip(ks, p, strict=True))
        verdict = f"ahead at {', '.join(ahead)}" if ahead else "never ahead"
        lines.append(f"{_label(a)} vs {_label(b)}: P(better) {probs} ({verdict}).")
    return " ".join(lines)
