"""Self-checks of notebook 09: the race."""

from __future__ import annotations

import math

import numpy as np

from hptlearn.exercises._feedback import Feedback, _answers, _check, _given, _Stop, _word

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
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a number such as 0.01, not {answer!r}.") from None
    if not math.isfinite(value):
        raise _Stop(f"The answer must be a finite number, not {answer!r}.")
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


# This section lists itself, so that it stays one block at the end of the module.
