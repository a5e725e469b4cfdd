"""Self-checks of notebook 06: grid vs random search."""

from __future__ import annotations

from hptlearn.exercises._feedback import (
    Feedback,
    _answers,
    _check,
    _is_placeholder,
    _reminder,
    _Stop,
    _whole_number,
    _word,
)

# --------------------------------------------------------------------------------------
# Notebook 06: grid vs random search
# --------------------------------------------------------------------------------------


@_check
def check_distinct_values(grid_values, random_values, *, budget, n_params) -> Feedback:
    """Check the distinct values per hyperparameter of a grid of ``budget`` candidates
    over ``n_params`` hyperparameters (``budget ** (1 / n_params)``) and of a random
    search over continuous distributions with the same budget (``budget``)."""
    per_axis = round(budget ** (1 / n_params))
    if per_axis**n_params != budget:
        raise ValueError(f"budget={budget} is not a whole number to the power n_params={n_params}.")
    if _is_placeholder(grid_values) or _is_placeholder(random_values):
        raise _reminder(
            "two whole numbers: values per hyperparameter for the grid, and for random search"
        )
    ok_grid = _whole_number(grid_values, "grid_values") == per_axis
    ok_random = _whole_number(random_values, "random_values") == budget
    if ok_grid and ok_random:
        return Feedback(
            True,
            f"Correct! The grid is {' x '.join([str(per_axis)] * n_params)} "
            f"= {budget}: {per_axis} values of each; {budget} random draws from a "
            f"continuous distribution are {budget} different values of each.",
        )
    if not ok_grid:
        return Feedback(
            False,
            "Not quite: the grid.",
            f"Which number, multiplied by itself {n_params} times, makes {budget}?",
        )
    return Feedback(
        False,
        "Not quite: random search.",
        "Two draws from a continuous "
        "distribution (practically) never coincide. How many draws are there?",
    )


_STRATEGY_CASES = {
    "a": (
        "grid",
        "one cheap hyperparameter and a wish for the full curve: a grid draws it "
        "completely (and here a validation curve is the same thing).",
    ),
    "b": (
        "random",
        "many hyperparameters, expensive fits and a fixed budget of 50: a grid "
        "over 6 hyperparameters cannot even give 2 values to each (2^6 = 64 > 50), "
        "while 50 random candidates try 50 values of every one.",
    ),
}
_STRATEGY_HINTS = {
    "a": "How many hyperparameters, and how cheap is a fit?",
    "b": "How many values per hyperparameter can a grid of 50 give 6 of them?",
}


@_check
def check_strategy_choice(answers) -> Feedback:
    """Check ``{"a": "grid" | "random", "b": ...}`` for the two situations of notebook 06.

    A wrong answer is told how many are right, with a question for each situation (not
    which one is wrong: with two choices, that would be the answer).
    """
    given = _answers(answers, list(_STRATEGY_CASES), '{"a": "grid", "b": "random"}')
    choices = {k: _word(v) for k, v in given.items()}
    for key, choice in choices.items():
        if choice not in ("grid", "random"):
            raise _Stop(f"({key}): answer 'grid' or 'random', not {given[key]!r}.")
    right = sum(choices[k] == truth for k, (truth, _) in _STRATEGY_CASES.items())
    if right == len(_STRATEGY_CASES):
        return Feedback(
            True, "Correct! " + " ".join(f"({k}) {why}" for k, (_, why) in _STRATEGY_CASES.items())
        )
    return Feedback(
        False,
        f"Not quite: {right} of {len(_STRATEGY_CASES)} right.",
        "\n".join(f"({k}) {hint}" for k, hint in _STRATEGY_HINTS.items()),
    )
