"""Self-checks of notebook 08: Bayesian optimization and quasi-random search."""

from __future__ import annotations

import math
import numbers

from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop, _whole_number

# --------------------------------------------------------------------------------------
# Notebook 08: Bayesian optimization and quasi-random search
# --------------------------------------------------------------------------------------


@_check
def check_model_guided_trials(answer, *, n_iter, n_startup_trials=10) -> Feedback:
    """Check how many of the ``n_iter`` candidates of a Bayesian search, run one at a time,
    Optuna's TPE chooses from its densities: every trial after the first
    ``n_startup_trials`` random ones, ``max(0, n_iter - n_startup_trials)``."""
    for name, value in (("n_iter", n_iter), ("n_startup_trials", n_startup_trials)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, not {value!r}.")
    given = _whole_number(
        _given(answer, "a whole number of candidates"), "The number of candidates", minimum=0
    )
    expected = max(0, n_iter - n_startup_trials)
    random = n_iter - expected
    if given == expected:
        return Feedback(
            True,
            f"Correct! The first {random} candidates are drawn at random (TPE has no "
            f"densities to fit yet); only the other {expected} follow l(x) / g(x).",
        )
    if given == n_iter:
        return Feedback(
            False,
            "Not quite: not every candidate.",
            "What does TPESampler do before it has n_startup_trials finished trials?",
        )
    if given == min(n_iter, n_startup_trials):
        return Feedback(
            False,
            "That is the number of random candidates.",
            "The question asks for the others.",
        )
    return Feedback(
        False, "Not quite.", f"TPE starts with {n_startup_trials} random trials; then what?"
    )


@_check
def check_expected_slices_hit(answer, *, n) -> Feedback:
    """Check the expected number of the ``n`` equal slices of [0, 1] that hold at least
    one of ``n`` independent uniform points: ``n * (1 - (1 - 1/n) ** n)`` (each slice is
    missed by all the points with probability ``(1 - 1/n) ** n``)."""
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 2:
        raise ValueError(f"n must be a whole number >= 2, not {n!r}.")
    value = _given(answer, "a number (an expected count, not necessarily whole)")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a number such as 7.5, not {answer!r}.") from None
    miss = (1 - 1 / n) ** n
    expected = n * (1 - miss)
    if math.isclose(value, expected, abs_tol=0.05):
        return Feedback(
            True,
            f"Correct! Each slice is missed by all {n} points with probability "
            f"(1 - 1/{n})^{n} = {miss:.3f}, so about {expected:.2f} of the {n} slices are hit "
            f"on average; Sobol points ({n} a power of two) hit all {n}.",
        )
    if math.isclose(value, n, abs_tol=0.05):
        return Feedback(
            False,
            "That is what quasi-random (Sobol) points achieve, not random ones.",
            "Random points can fall into the same slice. What is the chance that a given "
            "slice gets none of them?",
        )
    if math.isclose(value, n * miss, abs_tol=0.05):
        return Feedback(
            False,
            "That is the expected number of empty slices.",
            "The question asks for the others.",
        )
    return Feedback(
        False,
        "Not quite.",
        "Count by slices: a slice is hit unless every point misses it, and the expected "
        "count is the sum of the slices' probabilities of being hit.",
    )


@_check
def check_tpe_good_trials(answer, *, n_trials) -> Feedback:
    """Check how many of ``n_trials`` finished trials Optuna's TPE (one objective) counts
    as good, by its default rule ``min(ceil(0.1 * n_trials), 25)``."""
    if not isinstance(n_trials, numbers.Integral) or isinstance(n_trials, bool) or n_trials < 1:
        raise ValueError(f"n_trials must be a whole number >= 1, not {n_trials!r}.")
    given = _whole_number(
        _given(answer, "a whole number of trials"), "The number of trials", minimum=0
    )
    expected = min(math.ceil(0.1 * n_trials), 25)
    if given == expected:
        return Feedback(
            True,
            f"Correct! min(ceil(0.1 x {n_trials}), 25) = {expected}: the best {expected} "
            f"trials make l(x), the other {n_trials - expected} make g(x).",
        )
    if given == math.ceil(0.25 * n_trials) or given == math.floor(0.25 * n_trials):
        return Feedback(
            False,
            "That is the figure's fraction (gamma = 0.25), not Optuna's default.",
            "Optuna's default takes a smaller fraction, with a cap.",
        )
    if given == math.ceil(0.1 * n_trials):  # above the cap
        return Feedback(False, "Almost: the cap.", "The good group never exceeds 25 trials.")
    if given == math.floor(0.1 * n_trials):
        return Feedback(False, "Almost: the rounding.", "A fraction of a trial rounds up.")
    return Feedback(
        False, "Not quite.", "The good trials are the best 10 %, rounded up, at most 25."
    )


# The checks of notebook 08 join the module's list and its documentation.


def _range_pair(answer) -> tuple[float, float]:
    """``answer`` as ``(low, high)``: two positive numbers."""
    if isinstance(answer, str | bytes) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise _Stop(
            f"Give the range as two numbers (low, high), such as (0.1, 10), not {answer!r}."
        )
    try:
        low, high = (float(v) for v in answer)
    except (TypeError, ValueError):
        raise _Stop(f"Give the range as two numbers (low, high), not {answer!r}.") from None
    if not all(math.isfinite(v) and v > 0 for v in (low, high)):
        raise _Stop(f"Both ends must be positive numbers (the range is log-uniform): {answer!r}.")
    return low, high


@_check
def check_exploit_range(answer, explored, *, param, threshold, bounds) -> Feedback:
    """Check a range ``(low, high)`` of ``param`` for the exploitation phase, read from an
    exploration's results (``explored``: a frame with a ``param`` column and
    ``mean_test_score``). Right when it holds every explored candidate scoring at least
    ``threshold``, stays within the explored ``bounds``, and is at least ten times narrower
    than them (one decade less on the log scale)."""
    import numpy as np

    lo_bound, hi_bound = (float(v) for v in bounds)
    if not 0 < lo_bound < hi_bound:
        raise ValueError(f"bounds must be (low, high) with 0 < low < high, not {bounds!r}.")
    if param not in explored or "mean_test_score" not in explored:
        raise ValueError(f"explored needs the columns {param!r} and 'mean_test_score'.")
    values = np.asarray(explored[param], dtype=float)
    good = values[np.asarray(explored["mean_test_score"], dtype=float) >= threshold]
    if len(good) == 0:
        raise ValueError(f"no explored candidate scores {threshold} or more.")
    low, high = _range_pair(_given(answer, "a range (low, high)"))
    if low >= high:
        return Feedback(False, f"Not yet: low ({low:g}) must be below high ({high:g}).", None)
    if low < lo_bound * (1 - 1e-9) or high > hi_bound * (1 + 1e-9):
        return Feedback(
            False,
            f"Not yet: ({low:g}, {high:g}) reaches outside the explored range "
            f"({lo_bound:g}, {hi_bound:g}).",
            "Outside the explored range the exploration saw nothing: stay inside it. (Had the "
            "good candidates crowded an edge, the next step would be a wider exploration.)",
        )
    missed = good[(good < low) | (good > high)]
    if len(missed):
        example = missed[0]
        return Feedback(
            False,
            f"Not yet: {len(missed)} of the {len(good)} candidates scoring {threshold} or more "
            f"fall outside ({low:g}, {high:g}), e.g. {param}={example:.3g}.",
            "The range must hold every good candidate; printed numbers are rounded: use the "
            "values in the frame.",
        )
    decades = math.log10(high / low)
    explored_decades = math.log10(hi_bound / lo_bound)
    if decades > explored_decades - 1:
        return Feedback(
            False,
            f"Not yet: ({low:g}, {high:g}) spans {decades:.1f} decades, almost the "
            f"{explored_decades:.0f} of the explored range: exploitation would search nearly "
            "the same space.",
            f"Which values of {param} did the good candidates have? The range only needs to "
            "hold them.",
        )
    return Feedback(
        True,
        f"Correct! ({low:.3g}, {high:.3g}) holds all {len(good)} candidates scoring "
        f"{threshold} or more and spans {decades:.1f} of the {explored_decades:.0f} explored "
        "decades: exploitation can spend its budget there.",
    )
