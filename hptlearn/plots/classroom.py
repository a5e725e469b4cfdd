"""The figure of a class's submissions: validation score against score on fresh test data.

:func:`class_scores_data` reads a :class:`hptlearn.classroom.Collected` (or its frame) into
a :class:`ClassScoresData`, which draws nothing; :func:`plot_class_scores` draws one point
per learner, their chosen model's validation score (x) against its test score (y), with
the diagonal y = x. A point below the diagonal is a model that did worse on fresh data than
the validation score it was chosen by promised.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from hptlearn.style import (
    INK,
    MUTED_COLOR,
    PAPER,
    REFERENCE_COLOR,
    VALIDATION_COLOR,
    format_score,
)

__all__ = ["ClassScoresData", "class_scores_data", "plot_class_scores"]


class ClassScoresData(NamedTuple):
    """What the class figure shows: the learners with both scores.

    ``gap`` is ``validation - test`` per learner; ``mean_gap`` its mean; ``n_below`` the
    learners whose test score is lower than their validation score (below the diagonal),
    ``n_above`` higher, ``n_on`` equal. ``n_without_test`` counts the submissions left out
    because they have no test score. ``limits`` is the (low, high) of both axes.
    """

    names: tuple
    validation: np.ndarray
    test: np.ndarray
    gap: np.ndarray
    mean_gap: float
    n_below: int
    n_above: int
    n_on: int
    n_without_test: int
    limits: tuple

    @property
    def n(self) -> int:
        """The learners drawn."""
        return len(self.names)

    def describe(self) -> str:
        """The numbers of the figure in one sentence."""
        return (
            f"{self.n_below} of {self.n} learners are below the diagonal (test score lower "
            f"than validation score); mean gap validation − test = {self.mean_gap:+.3f}."
        )


def class_scores_data(collected) -> ClassScoresData:
    """The data step of :func:`plot_class_scores`.

    Parameters
    ----------
    collected : Collected or pandas.DataFrame
        What :func:`hptlearn.classroom.collect` returned, or its ``frame`` (columns
        ``name``, ``validation_score``, ``test_score``). Rows without a test score are left
        out (and counted in ``n_without_test``).
    """
    frame = getattr(collected, "frame", collected)
    has_test = frame["test_score"].notna()
    kept = frame[has_test]
    if kept.empty:
        raise ValueError(
            "No submission has a test score: the figure compares validation and test scores."
        )
    validation = kept["validation_score"].to_numpy(dtype=float)
    test = kept["test_score"].to_numpy(dtype=float)
    gap = validation - test
    low = float(min(validation.min(), test.min()))
    high = float(max(validation.max(), test.max()))
    margin = max(0.02 * (high - low), 0.01)
    return ClassScoresData(
        names=tuple(kept["name"]),
        validation=validation,
        test=test,
        gap=gap,
        mean_gap=float(gap.mean()),
        n_below=int((gap > 0).sum()),
        n_above=int((gap < 0).sum()),
        n_on=int((gap == 0).sum()),
        n_without_test=int((~has_test).sum()),
        limits=(low - margin, high + margin),
    )


def plot_class_scores(data, *, ax=None, annotate_names=False):
    """Every learner's chosen model: validation score (x) against test score (y).

    Parameters
    ----------
    data : ClassScoresData, Collected or pandas.DataFrame
        The data step, or what it reads.
    ax : matplotlib Axes, optional
    annotate_names : bool, default=False
        Write each learner's name beside their point.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(data, ClassScoresData):
        data = class_scores_data(data)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5.5))
    low, high = data.limits
    ax.fill_between(
        [low, high],
        [low, low],
        [low, high],
        color=REFERENCE_COLOR,
        alpha=0.15,
        linewidth=0,
        label="below: test worse than validation",
    )
    ax.plot([low, high], [low, high], color=MUTED_COLOR, linestyle="--", linewidth=1, label="y = x")
    ax.scatter(
        data.validation,
        data.test,
        s=40,
        color=VALIDATION_COLOR,
        edgecolor=INK,
        linewidth=0.5,
        zorder=3,
        label="a learner's chosen model",
    )
    if annotate_names:
        for name, x, y in zip(data.names, data.validation, data.test, strict=True):
            ax.annotate(
                name,
                (x, y),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=7,
                parse_math=False,
            )  # a nickname is drawn as typed: "$_$" is not mathtext
    ax.text(
        0.97,
        0.03,
        f"below the diagonal: {data.n_below} of {data.n}\n"
        f"mean gap (validation − test): {format_score(data.mean_gap)}",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=9,
        bbox=dict(facecolor=PAPER, edgecolor=REFERENCE_COLOR, boxstyle="round"),
    )
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.set_xlabel("validation score of the chosen setting")
    ax.set_ylabel("score on fresh test data")
    ax.set_title("The class: chosen on validation, scored on test")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    return ax
