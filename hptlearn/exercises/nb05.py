"""Self-checks of notebook 05: random search."""

from __future__ import annotations

import math

from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop, _whole_number, _word

# --------------------------------------------------------------------------------------
# Notebook 05: random search
# --------------------------------------------------------------------------------------


@_check
def check_top_fraction_budget(answer, *, fraction=0.05, probability=0.90) -> Feedback:
    """Check the smallest n with ``1 - (1 - fraction)**n >= probability``: how many random
    candidates make it that likely that one of them lands in the top ``fraction``."""
    if not (0 < fraction < 1 and 0 < probability < 1):
        raise ValueError(
            f"fraction and probability must be between 0 and 1; got "
            f"fraction={fraction!r}, probability={probability!r}."
        )
    n = _whole_number(
        _given(answer, "a whole number of candidates"), "The number of candidates", minimum=1
    )
    expected = math.ceil(math.log(1 - probability) / math.log(1 - fraction))
    miss = 1 - fraction
    reached = 1 - miss**n
    if n == expected:
        return Feedback(
            True,
            f"Correct! With n = {n}, 1 - {miss:g}^{n} = {reached:.3f} >= "
            f"{probability:g}, and one fewer falls short.",
        )
    if n > expected:
        return Feedback(
            False, f"Enough ({reached:.3f} >= {probability:g}), but not the smallest.", "Try fewer."
        )
    if n == expected - 1:
        return Feedback(
            False,
            f"Just short: 1 - {miss:g}^{n} = {reached:.4f} < {probability:g}.",
            "Solving with logarithms gives a number with decimals: rounding it down falls short.",
        )
    return Feedback(
        False,
        f"Not enough: 1 - {miss:g}^{n} = {reached:.3f} < {probability:g}.",
        f"Solve 1 - {miss:g}^n >= {probability:g} with logarithms.",
    )


#: other spellings of the kinds of distribution, e.g. scipy's ``loguniform``
_DISTRIBUTION_ALIASES = {
    "loguniform": "log-uniform",
    "log uniform": "log-uniform",
    "reciprocal": "log-uniform",
    "randint": "integer",
    "int": "integer",
    "log integer": "log-integer",
    "loginteger": "log-integer",
    "categorial": "categorical",
}


@_check
def check_distribution_choice(name, *, low, high, answer) -> Feedback:
    """Check the distribution (a key of :data:`hptlearn.distributions.DISTRIBUTIONS`)
    chosen for a real hyperparameter ``name`` searched between ``low`` and ``high``:
    log-uniform when the range spans at least two factors of ten, else uniform."""
    from hptlearn.distributions import DISTRIBUTIONS

    if not 0 < low < high:
        raise ValueError(f"Need 0 < low < high; got low={low!r}, high={high!r}.")
    kinds = ", ".join(repr(k) for k in DISTRIBUTIONS)
    choice = _word(_given(answer, f"one of {kinds}"))
    choice = _DISTRIBUTION_ALIASES.get(choice.replace("_", " ").replace("-", " "), choice)
    if choice not in DISTRIBUTIONS:
        raise _Stop(f"{answer!r} is not one of {kinds}.")
    decades = math.log10(high / low)
    if decades >= 2:
        if choice == "log-uniform":
            return Feedback(
                True,
                f"Correct! {name} spans {decades:g} factors of ten: a "
                "log-uniform distribution gives each the same chance.",
            )
        if choice == "uniform":
            share = (low * 10 - low) / (high - low)
            return Feedback(
                False,
                f"A uniform draw between {low:g} and {high:g} lands below "
                f"{low * 10:g} only {share:.2%} of the time.",
                "The small values would hardly be tried. What matters is the order of magnitude.",
            )
    elif choice == "uniform":
        return Feedback(
            True,
            f"Correct! {name} spans less than two factors of ten: a uniform "
            "distribution covers it evenly.",
        )
    if choice in ("integer", "categorical"):
        return Feedback(
            False, "Not quite.", f"{name} is a real number, not a whole number or a category."
        )
    return Feedback(
        False, "Not quite.", f"How many factors of ten lie between {low:g} and {high:g}?"
    )
