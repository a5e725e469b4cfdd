"""Self-checks of notebook 07: successive halving."""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.stats import kendalltau, pearsonr, spearmanr

from hptlearn.exercises._feedback import (
    Feedback,
    _check,
    _given,
    _positive_number,
    _Stop,
    _whole_number,
)

# --------------------------------------------------------------------------------------
# Notebook 07: successive halving
# --------------------------------------------------------------------------------------


def _halving_counts(n_candidates: int, factor: int) -> list:
    """Candidates per iteration when the samples do not limit the iterations: scikit-learn
    runs ``1 + floor(log_factor(n_candidates))`` iterations and keeps
    ``ceil(candidates / factor)`` of them after each (integer arithmetic, no logarithm)."""
    n_iterations = 1
    while factor**n_iterations <= n_candidates:
        n_iterations += 1
    counts = [n_candidates]
    while len(counts) < n_iterations:
        counts.append(-(-counts[-1] // factor))
    return counts


@_check
def check_halving_candidates(answer, *, n_candidates, factor) -> Feedback:
    """Check the candidates evaluated in each iteration of a halving search over
    ``n_candidates`` candidates with ``factor``, when there are enough samples for every
    iteration (the list scikit-learn stores in ``n_candidates_``)."""
    for name, value in (("n_candidates", n_candidates), ("factor", factor)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise TypeError(f"{name} must be a whole number, not {value!r}.")
    if n_candidates < 1 or factor < 2:
        raise ValueError(
            f"Need n_candidates >= 1 and factor >= 2; got n_candidates={n_candidates!r}, "
            f"factor={factor!r}."
        )
    _given(answer, "a list of whole numbers, one per iteration, such as [20, 7, 3]")
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        raise _Stop(f"Give a list of whole numbers such as [20, 7, 3], not {answer!r}.")
    given = [_whole_number(a, "Each count", minimum=1) for a in answer]
    expected = _halving_counts(n_candidates, factor)
    if given == expected:
        return Feedback(
            True,
            f"Correct! {len(expected)} iterations: {' -> '.join(map(str, expected))}. "
            "scikit-learn fixes the number of iterations before it starts: "
            f"1 + floor(log_{factor}({n_candidates})) = {len(expected)}, the most for which "
            f"{factor}^(iterations - 1) does not exceed {n_candidates}; each iteration keeps "
            f"the best 1/{factor} of the previous one, rounded up, so the last one holds at "
            f"most {factor} candidates.",
        )
    if not given or given[0] != n_candidates:
        return Feedback(False, "Not quite.", "The first iteration evaluates every candidate.")
    floors = [n_candidates]
    while len(floors) < len(given):
        floors.append(max(floors[-1] // factor, 1))
    if given == floors and given != expected[: len(given)]:
        return Feedback(
            False,
            "Not quite: the counts after the first.",
            "A fraction of a candidate still counts as one: round up, not down.",
        )
    if given == expected[: len(given)]:
        return Feedback(
            False,
            "Right so far, but too few iterations.",
            "Count the iterations first: scikit-learn fixes their number before it starts, "
            f"and another one runs as long as {factor}^(iterations so far) does not exceed "
            f"{n_candidates}.",
        )
    if given[: len(expected)] == expected:
        return Feedback(
            False,
            "Right so far, but too many iterations.",
            "scikit-learn fixes the number of iterations before it starts: "
            f"{factor}^(iterations - 1) must not exceed {n_candidates}.",
        )
    return Feedback(
        False,
        "Not quite.",
        f"Each iteration keeps the best 1/{factor} of the previous one, rounded up.",
    )


@_check
def check_full_fit_equivalents(
    answer, *, n_candidates, n_resources, max_resources, n_splits
) -> Feedback:
    """Check the cost of a halving schedule in fits on all ``max_resources`` samples:
    ``n_splits * sum(c * r / max_resources)`` over the iterations, ``c`` candidates each on
    ``r`` samples (what :attr:`hptlearn.HalvingSchedule.full_fit_equivalents` computes)."""
    if len(n_candidates) != len(n_resources) or not len(n_candidates):
        raise ValueError(
            "n_candidates and n_resources need one entry per iteration each; got "
            f"{len(n_candidates)} and {len(n_resources)}."
        )
    if min(*n_candidates, *n_resources, max_resources, n_splits) <= 0:
        raise ValueError("Candidates, resources and n_splits must all be positive.")
    value = _positive_number(_given(answer, "a number of fits"), "The answer")
    fits = sum(n_candidates) * n_splits
    pairs = zip(n_candidates, n_resources, strict=True)
    expected = n_splits * sum(c * r / max_resources for c, r in pairs)
    if math.isclose(value, expected, rel_tol=0.01):
        return Feedback(
            True,
            f"Correct! {fits} fits, worth {expected:g} fits on all {max_resources} samples; "
            f"the full grid would cost {n_candidates[0] * n_splits}.",
        )
    if math.isclose(value, fits, rel_tol=0.01):
        return Feedback(
            False,
            "That is the number of fits, not their cost.",
            f"A fit on r samples counts r / {max_resources} of a fit on all of them.",
        )
    if math.isclose(value, expected / n_splits, rel_tol=0.01):
        return Feedback(
            False, "Not quite: one split only.", f"Each candidate is fitted on {n_splits} splits."
        )
    return Feedback(
        False,
        "Not quite.",
        f"Add up candidates x samples over the iterations, divide by {max_resources}, "
        f"and multiply by the {n_splits} splits.",
    )


def _correlation_inputs(values, name: str):
    array = np.asarray(values, dtype=float).ravel()
    if array.size < 3 or not np.isfinite(array).all():
        raise ValueError(f"{name} must hold at least 3 finite scores, one per candidate.")
    return array


@_check
def check_rank_correlation(answer, *, small, full) -> Feedback:
    """Check Spearman's rank correlation between the candidates' scores on a small budget
    (``small``) and on the full budget (``full``, the same candidates in the same order):
    ``scipy.stats.spearmanr(small, full)``; answers within 0.005 are accepted."""

    a, b = _correlation_inputs(small, "small"), _correlation_inputs(full, "full")
    if a.size != b.size:
        raise ValueError(
            f"small and full need one score per candidate each; got {a.size}, {b.size}."
        )
    _given(answer, "a number between -1 and 1, the rank correlation")
    try:
        value = float(np.asarray(answer, dtype=float).ravel()[0])
    except (TypeError, ValueError, IndexError):
        raise _Stop(f"The answer must be a number between -1 and 1, not {answer!r}.") from None
    if not (math.isfinite(value) and -1 <= value <= 1):
        raise _Stop(f"The answer must be a number between -1 and 1, not {answer!r}.")
    expected = float(spearmanr(a, b)[0])

    def close(x):
        return abs(value - x) <= 0.005

    if close(expected):
        if expected >= 0.7:
            verdict = "the small budget orders the candidates much as the full one does"
        elif expected > 0:
            verdict = "the small budget's order predicts the full one's only loosely"
        else:
            verdict = "the small budget tends to order the candidates the other way round"
        return Feedback(True, f"Correct! Spearman's rank correlation is {expected:.2f}: {verdict}.")
    if close(float(pearsonr(a, b)[0])):
        return Feedback(
            False,
            "That is Pearson's correlation of the scores themselves.",
            "Halving keeps candidates by their order only: correlate the ranks.",
        )
    if close(float(kendalltau(a, b)[0])):
        return Feedback(
            False,
            "That is Kendall's tau: a rank correlation too, but another one.",
            "This exercise asks for Spearman's (scipy.stats.spearmanr).",
        )
    if close(-expected):
        return Feedback(False, "Not quite: the sign.", "Compare the two lists in the same order.")
    if close(1.0):
        return Feedback(
            False,
            "Not quite: 1 is a list's correlation with itself.",
            "Correlate the small budget's scores with the full budget's.",
        )
    return Feedback(
        False,
        "Not quite.",
        "Rank each list of scores (ties share their average rank), then correlate the ranks.",
    )
