"""Self-checks of notebook 16: reading a search over many hyperparameters."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hptlearn.exercises._feedback import (
    Feedback,
    _check,
    _finite_number,
    _given,
    _Stop,
)

# --------------------------------------------------------------------------------------
# Notebook 16: reading a search over many hyperparameters
# --------------------------------------------------------------------------------------


def _importance_table(importance) -> pd.DataFrame:
    if not isinstance(importance, pd.DataFrame) or not {"importance", "low"} <= set(
        importance.columns
    ):
        raise TypeError(
            "importance must be the table of hptlearn.hyperparameter_importance (columns "
            f"importance, low, high), not {type(importance).__name__}."
        )
    if importance["low"].isna().all():
        raise ValueError(
            "This importance table has no interval (n_bootstrap=0): compute it with "
            "n_bootstrap of 10 or more."
        )
    return importance


def _names(answer, known) -> set:
    if isinstance(answer, str):
        answer = [answer]
    try:
        names = set(answer)
    except TypeError:
        raise _Stop(
            "The answer must be a list of hyperparameter names such as "
            f"[{known[0]!r}], not {answer!r}."
        ) from None
    unknown = sorted(str(n) for n in names - set(known))
    if unknown:
        raise _Stop(
            f"{', '.join(map(repr, unknown))} is not a hyperparameter of this table; its "
            f"hyperparameters are {', '.join(map(repr, known))}."
        )
    return names


@_check
def check_clearly_important(answer, *, importance, threshold: float = 0.05) -> Feedback:
    """Check the hyperparameters that clearly matter: those whose whole bootstrap interval
    lies above ``threshold`` (``low > threshold``) in a table from
    :func:`hptlearn.hyperparameter_importance`. The answer is a list (or set) of names;
    ``[]`` when none does.

    >>> table = pd.DataFrame({"importance": [0.5, 0.08, 0.01], "low": [0.4, 0.02, 0.0],
    ...                       "high": [0.6, 0.2, 0.03]}, index=["a", "b", "c"])
    >>> check_clearly_important(["a"], importance=table).correct
    True
    >>> print(check_clearly_important(["a", "b"], importance=table))
    Not quite: 'b' is not clearly above 0.05.
    Hint: Compare the interval's low end, not the estimate: 'b' has 0.08, but its interval \
starts at 0.02.
    """
    table = _importance_table(importance)
    known = [str(n) for n in table.index]
    _given(answer, "a list of hyperparameter names, e.g. ['max_depth']")
    names = _names(answer, known)
    expected = {str(n) for n in table.index[table["low"] > threshold]}
    if names == expected:
        listed = ", ".join(sorted(expected)) or "none"
        return Feedback(
            True,
            f"Correct! Clearly above {threshold:g} (the whole interval): {listed}.",
        )
    extra = sorted(names - expected)
    missing = sorted(expected - names)
    by_estimate = {str(n) for n in table.index[table["importance"] > threshold]}
    if extra:
        name = extra[0]
        row = table.loc[name]
        hint = (
            f"Compare the interval's low end, not the estimate: {name!r} has "
            f"{row['importance']:.2f}, but its interval starts at {row['low']:.2f}."
            if name in by_estimate
            else f"{name!r}'s importance is {row['importance']:.2f}, below {threshold:g}."
        )
        return Feedback(False, f"Not quite: {name!r} is not clearly above {threshold:g}.", hint)
    return Feedback(
        False,
        f"Not quite: {len(missing)} more hyperparameter(s) clearly matter.",
        "Look for every row whose low column is above "
        f"{threshold:g}: table[table['low'] > {threshold:g}].",
    )


@_check
def check_top_chance(answer, *, scores, n: int, tolerance: float = 0.005) -> Feedback:
    """Check the chance that ``n`` candidates drawn at random (with replacement) from a
    search's own include one within ``tolerance`` of its best score: with ``p`` the share of
    scored candidates that are, ``1 - (1 - p) ** n``. Failed candidates (NaN) do not count.

    >>> check_top_chance(1 - 0.9**10, scores=list(range(10)), n=10, tolerance=0.5).correct
    True
    """
    values = np.asarray(scores, dtype=float).ravel()
    values = values[np.isfinite(values)]
    if not len(values):
        raise ValueError("scores must hold at least one finite score.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}.")
    _given(answer, "a probability between 0 and 1")
    value = _finite_number(answer, "0.5")
    k = int(np.sum(values >= values.max() - tolerance))
    p = k / len(values)
    expected = 1 - (1 - p) ** n

    def close(x):
        return math.isclose(value, x, rel_tol=1e-3, abs_tol=2e-3)

    if close(expected):
        return Feedback(
            True,
            f"Correct! {k} of {len(values)} candidates are within {tolerance:g} of the best "
            f"(p = {p:.3f}); the chance that none of {n} draws is one of them is "
            f"(1 - p)^{n} = {(1 - p) ** n:.3f}, so at least one is: {expected:.3f}.",
        )
    if value > 1 or value < 0:
        return Feedback(
            False,
            "A probability lies between 0 and 1.",
            "Adding up p for each draw overcounts: compute the chance that every draw "
            "misses, then take its complement.",
        )
    if close((1 - p) ** n):
        return Feedback(
            False,
            "That is the chance that every draw misses.",
            "The question asks for at least one hit: take the complement, 1 - that.",
        )
    if close(p**n):
        return Feedback(
            False, "That is the chance that every draw hits.", "At least one is enough."
        )
    if close(p):
        return Feedback(
            False,
            "That is the chance for one draw.",
            f"With {n} draws, find the chance that all of them miss first.",
        )
    if close(min(1.0, n * p)):
        return Feedback(
            False,
            "Not quite: adding up the chances overcounts (two draws can both hit).",
            "Compute the chance that every draw misses, then take its complement.",
        )
    return Feedback(
        False,
        "Not quite.",
        f"First count the candidates within {tolerance:g} of the best score (p is their "
        f"share), then the chance that {n} draws all miss them.",
    )
