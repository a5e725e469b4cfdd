"""Self-checks of notebook 15: Hyperband and ASHA, epochs as the budget."""

from __future__ import annotations

import math

import numpy as np

from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop, _whole_number

# --------------------------------------------------------------------------------------
# Notebook 15: Hyperband and ASHA
# --------------------------------------------------------------------------------------


def bracket_starts(max_resources: int, factor: int, min_resources: int = 1) -> list[int]:
    """The configurations each Hyperband bracket starts with (Li et al. 2018,
    Algorithm 1), most exploratory first: ``s_max = floor(log_factor(R / r_min))``,
    ``n = ceil((s_max + 1) / (s + 1) * factor**s)`` for ``s = s_max, ..., 0``.

    >>> bracket_starts(81, 3)
    [81, 34, 15, 8, 5]
    >>> bracket_starts(27, 3)
    [27, 12, 6, 4]
    """
    for name, value in (("max_resources", max_resources), ("factor", factor)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise ValueError(f"{name} must be a whole number >= 2, got {value!r}.")
    if isinstance(min_resources, bool) or not isinstance(min_resources, int) or min_resources < 1:
        raise ValueError(f"min_resources must be a whole number >= 1, got {min_resources!r}.")
    ratio = max_resources // min_resources
    s_max = 0
    while factor ** (s_max + 1) <= ratio:
        s_max += 1
    return [math.ceil((s_max + 1) / (s + 1) * factor**s) for s in range(s_max, -1, -1)]


def _whole_numbers(answer, example: str) -> list[int]:
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        raise _Stop(
            f"The answer must be a list of whole numbers such as {example}, not {answer!r}."
        )
    return [_whole_number(a, "Each number") for a in answer]


@_check
def check_bracket_starts(answer, *, max_resources=27, factor=3, min_resources=1) -> Feedback:
    """Check the configurations each Hyperband bracket starts with, most exploratory
    bracket first (:func:`bracket_starts`)."""
    expected = bracket_starts(max_resources, factor, min_resources)
    given = _whole_numbers(_given(answer, "a list of whole numbers"), "[27, 12, 6, 4]")
    if given == expected:
        return Feedback(
            True,
            f"Correct! {len(expected)} brackets start {expected} configurations: the first "
            f"starts many at {min_resources} {'epoch' if min_resources == 1 else 'epochs'}, "
            f"the last a few at all {max_resources}, and each costs about the same.",
        )
    s_max = len(expected) - 1
    rungs = [max(1, expected[0] // factor**i) for i in range(s_max + 1)]
    if given == rungs:
        return Feedback(
            False,
            "Not quite: those are the rungs of the first bracket (27, then 9, 3, 1).",
            "Each bracket s starts ceil((s_max + 1) / (s + 1) * factor**s) configurations, "
            "for s = s_max down to 0: later brackets start fewer, on more epochs.",
        )
    if given == expected[::-1]:
        return Feedback(
            False,
            "Not quite: the numbers are right, the order is reversed.",
            "List the most exploratory bracket (the most configurations) first.",
        )
    return Feedback(
        False,
        "Not quite.",
        f"s_max = floor(log_{factor}({max_resources} / {min_resources})) = {s_max}; bracket "
        "s starts ceil((s_max + 1) / (s + 1) * factor**s) configurations, s = s_max ... 0.",
    )


def eliminated_top(recording, *, epochs: int, top: int = 10, factor: int = 3) -> int:
    """How many of the ``top`` truly best configurations of ``recording`` a first rung at
    ``epochs`` epochs, keeping the best ``n // factor`` of all ``n`` by mean validation
    score, eliminates (ties broken by configuration number, as a stable sort does)."""
    n = recording.n_configs
    step = recording.step(epochs)
    kept = np.argsort(-recording.mean_scores[:, step], kind="stable")[: n // factor]
    best = np.argsort(-recording.true_scores, kind="stable")[:top]
    return int(len(set(best.tolist()) - set(kept.tolist())))


@_check
def check_eliminated(answer, recording, *, epochs=1, top=10, factor=3) -> Feedback:
    """Check how many of the ``top`` truly best configurations a rung at ``epochs``
    epochs that keeps the best ``1/factor`` of all the recording's configurations
    eliminates (:func:`eliminated_top`)."""
    expected = eliminated_top(recording, epochs=epochs, top=top, factor=factor)
    given = _whole_number(_given(answer, "a whole number"), "The answer", minimum=0)
    kept = recording.n_configs // factor
    after = f"after {epochs} {'epoch' if epochs == 1 else 'epochs'}"
    if given == expected:
        why = (
            "curves that start slowly are stopped before they cross the others."
            if expected
            else "here the early ranking keeps every one of them."
        )
        return Feedback(
            True,
            f"Correct! {expected} of the {top} truly best configurations are not among the "
            f"{kept} best {after}: {why}",
        )
    if given == top - expected:
        return Feedback(
            False,
            "Not quite: that is how many survive.",
            f"Count the truly best {top} that are not among the kept ones.",
        )
    return Feedback(
        False,
        "Not quite.",
        f"Keep the n_configs // {factor} best by recording.mean_scores[:, {epochs - 1}], take "
        f"the {top} best by recording.true_scores, and count those of the second set not in "
        "the first.",
    )
