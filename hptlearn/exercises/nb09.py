"""Self-checks of notebook 09: the race."""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.stats import binomtest, chi2

from hptlearn.exercises._feedback import (
    Feedback,
    _answers,
    _check,
    _finite_number,
    _given,
    _Stop,
    _word,
)

# --------------------------------------------------------------------------------------
# Notebook 09: the race
# --------------------------------------------------------------------------------------


def _scores(values, name: str) -> np.ndarray:
    """Set-up scores (one per run) as a float array, finite and not empty."""
    array = np.asarray(values, dtype=float).ravel()
    if not array.size or not np.isfinite(array).all():
        raise ValueError(f"{name} must be a non-empty list of finite scores, one per run.")
    return array


@_check
def check_median_difference(answer, *, scores, other_scores) -> Feedback:
    """Check the difference of medians ``median(scores) - median(other_scores)``: how far
    one strategy's typical run (over its seeds) is ahead of another's."""
    a, b = _scores(scores, "scores"), _scores(other_scores, "other_scores")
    _given(answer, "a number, the median of the first scores minus the median of the others")
    value = _finite_number(answer, "0.01")
    expected = float(np.median(a) - np.median(b))

    def close(x):
        return math.isclose(value, x, rel_tol=1e-6, abs_tol=1e-9)

    if close(expected):
        return Feedback(
            True,
            f"Correct! {np.median(a):.4f} - {np.median(b):.4f} = {expected:+.4f}: the typical "
            "run of the first strategy against the typical run of the second.",
        )
    if close(-expected):
        return Feedback(False, "Not quite: the sign.", "The first scores come first.")
    if close(float(a.mean() - b.mean())):
        return Feedback(
            False,
            "That is the difference of the means.",
            "The race compares medians: one lucky or unlucky seed moves a mean, not a median.",
        )
    if close(float(a.max() - b.max())):
        return Feedback(
            False,
            "That is the difference of the best runs.",
            "The best of 20 seeds is one lucky run; compare the typical (median) run.",
        )
    return Feedback(False, "Not quite.", "Take the median of each list, then subtract.")


#: letter -> (the situation, the verdict: "noise" or "real", why)
_NOISE_CASES = {
    "a": (
        "Strategy A's median test score is 0.006 above B's; the 95 % bootstrap interval "
        "of the difference of medians is [-0.004, 0.013].",
        "noise",
        "the interval contains 0: resampling the seeds, B comes out ahead often enough.",
    ),
    "b": (
        "Strategy A's median best CV score is 0.021 above B's; the 95 % bootstrap "
        "interval of the difference is [0.009, 0.034].",
        "real",
        "the whole interval lies above 0: over these seeds and these folds, A is ahead.",
    ),
    "c": (
        "A and B have the same median test score; the 95 % bootstrap interval of the "
        "difference is [-0.009, 0.000].",
        "noise",
        "a difference of 0 is no difference at all, whatever the interval.",
    ),
}

#: letter -> situation, for the exercise "within noise or a real difference?"
NOISE_CASES = {key: text for key, (text, _, _) in _NOISE_CASES.items()}


@_check
def check_noise_verdicts(answers) -> Feedback:
    """Check ``{"a": "noise" | "real", ...}`` for the situations of :data:`NOISE_CASES`.

    A wrong answer is told how many are right and the question to ask of each interval.
    """
    given = _answers(answers, list(_NOISE_CASES), '{"a": "noise", "b": "real", "c": "noise"}')
    verdicts = {k: _word(v) for k, v in given.items()}
    for key, verdict in verdicts.items():
        if verdict not in ("noise", "real"):
            raise _Stop(f"({key}): answer 'noise' or 'real', not {given[key]!r}.")
    right = sum(verdicts[k] == truth for k, (_, truth, _) in _NOISE_CASES.items())
    if right == len(_NOISE_CASES):
        return Feedback(
            True, "Correct! " + " ".join(f"({k}) {why}" for k, (*_, why) in _NOISE_CASES.items())
        )
    return Feedback(
        False,
        f"Not quite: {right} of {len(_NOISE_CASES)} right.",
        "Does the interval of the difference contain 0? If it does, the seeds alone could "
        "produce the difference.",
    )


@_check
def check_mcnemar_p(answer, *, only_first, only_second, n_test=None) -> Feedback:
    """Check McNemar's exact two-sided p-value for two models scored on the same test
    samples: ``only_first`` samples are right for the first model only, ``only_second``
    for the second only (the discordant pairs). Under "both models are equally accurate"
    each discordant sample is a fair coin, so the p-value is
    ``scipy.stats.binomtest(only_first, only_first + only_second, 0.5).pvalue``; answers
    within 0.001 are accepted. ``n_test`` (optional) lets the check recognise a test on
    all the test samples instead of the discordant ones."""
    for name, v in (("only_first", only_first), ("only_second", only_second)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
            raise ValueError(f"{name} must be a whole number of test samples >= 0, not {v!r}.")
    b, c = int(only_first), int(only_second)
    if b + c == 0:
        raise ValueError("Need at least one discordant sample (only_first + only_second > 0).")
    _given(answer, "a p-value between 0 and 1")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a p-value between 0 and 1, not {answer!r}.") from None
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise _Stop(f"The answer must be a p-value between 0 and 1, not {answer!r}.")
    n = b + c
    expected = float(binomtest(b, n, 0.5).pvalue)

    def close(x):
        return abs(value - x) <= 0.001

    if close(expected):
        return Feedback(
            True,
            f"Correct! p = {expected:.3f}: of the {n} test samples on which the models "
            f"disagree, {b} favour the first; a fair coin gives a split at least that uneven "
            f"with probability {expected:.3f}. The samples on which they agree"
            f"{'' if n_test is None else f' ({n_test - n} here)'} say nothing about which "
            "is better.",
        )
    one_sided = min(
        float(binomtest(b, n, 0.5, alternative=side).pvalue) for side in ("greater", "less")
    )
    if close(one_sided):
        return Feedback(
            False,
            "That is a one-sided p-value.",
            "Before looking, either model could have come out ahead: count both tails.",
        )
    if n_test is not None and n_test > n and close(float(binomtest(b, n_test, 0.5).pvalue)):
        return Feedback(
            False,
            "Not quite: the number of trials.",
            "Only the samples on which the two models disagree are trials.",
        )
    statistic = (abs(b - c) - 1) ** 2 / n
    for approx in (statistic, (b - c) ** 2 / n):
        if close(float(chi2.sf(approx, 1))):
            return Feedback(
                False,
                "That is the chi-square approximation of McNemar's test.",
                "With this few discordant samples, use the exact binomial test.",
            )
    return Feedback(
        False,
        "Not quite.",
        "Under equal accuracy each discordant sample favours either model with "
        "probability 1/2: a binomial test on the discordant samples only.",
    )


# This section lists itself, so that it stays one block at the end of the module.
