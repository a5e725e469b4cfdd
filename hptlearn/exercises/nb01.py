"""Self-checks of notebook 01: parameters vs hyperparameters."""

from __future__ import annotations

import numpy as np

from hptlearn.exercises._feedback import (
    Feedback,
    _answers,
    _check,
    _given,
    _Stop,
    _whole_number,
    _word,
)

# --------------------------------------------------------------------------------------
# Notebook 01: parameters vs hyperparameters
# --------------------------------------------------------------------------------------

#: letter -> (item, is it a hyperparameter?)
_QUIZ = {
    "a": ("the weights of a neural network (coefs_)", False),
    "b": ("the number of neurons in a hidden layer", True),
    "c": ("the learning rate of stochastic gradient descent", True),
    "d": ("the intercept of a linear regression (intercept_)", False),
    "e": ("k, the number of neighbours of k-nearest neighbours", True),
    "f": ("the centroids of k-means (cluster_centers_)", False),
    "g": ("the number of clusters of k-means (n_clusters)", True),
    "h": ("C of a support vector machine", True),
    "i": ("the support vectors of a support vector machine", False),
    "j": ("the threshold of the first split of a decision tree", False),
    "k": ("the maximum depth of a decision tree (max_depth)", True),
    "l": ("the number of iterations the solver ran (n_iter_)", False),
}

#: letter -> item, for the quiz "which of these are hyperparameters?"
HYPERPARAMETER_QUIZ = {key: item for key, (item, _) in _QUIZ.items()}


@_check
def check_hyperparameter_quiz(answer) -> Feedback:
    """Check the set of letters of :data:`HYPERPARAMETER_QUIZ` that are hyperparameters.

    ``answer`` is a set (or list) of letters, or a string such as ``"b, c"``. A wrong
    answer is told how many letters are misplaced, and in which direction, not which.
    """
    _given(answer, "a set of letters, e.g. {'b', 'c'}")
    if isinstance(answer, str):
        answer = answer.replace(",", " ").split()
    if isinstance(answer, dict) or not hasattr(answer, "__iter__"):
        raise _Stop(f"Give a set of letters such as {{'b', 'c'}}, not {answer!r}.")
    chosen = {_word(a) for a in answer}
    unknown = sorted(chosen - set(_QUIZ))
    if unknown:
        raise _Stop(f"Unknown letter(s) {', '.join(unknown)}: use letters from a to {max(_QUIZ)}.")
    truth = {key for key, (_, is_hyper) in _QUIZ.items() if is_hyper}
    if chosen == truth:
        return Feedback(
            True,
            "Correct! Hyperparameters are fixed before training; parameters "
            "are what fit learns; and some fitted attributes (like n_iter_) are "
            "only diagnostics.",
        )
    extra, missed = len(chosen - truth), len(truth - chosen)
    hints = []
    if extra:
        hints.append(
            f"{extra} of your letters {'is' if extra == 1 else 'are'} not "
            "hyperparameters: whatever fit finds from the data, or reports after "
            "training, is not set beforehand."
        )
    if missed:
        hints.append(
            f"{missed} hyperparameter{' is' if missed == 1 else 's are'} missing: "
            "ask of each item whether you choose it before calling fit."
        )
    right = len(_QUIZ) - extra - missed
    return Feedback(
        False,
        f"Not yet: {right} of {len(_QUIZ)} letters are classified correctly.",
        "\n".join(hints),
    )


#: key -> (statement, is it true?)
_STATEMENTS = {
    "1": ("Hyperparameters are learned from the training data when fit is called.", False),
    "2": ("The intercept (bias) of a linear model is there to prevent overfitting.", False),
    "3": ("A model's parameters are learned when it makes predictions.", False),
    "4": ("k-nearest neighbours learns no parameters: fit stores the training data.", True),
    "5": (
        "Fitting twice with the same hyperparameters, random_state and data gives the "
        "same learned parameters.",
        True,
    ),
    "6": ("random_state is a hyperparameter worth tuning for the best score.", False),
}

#: key -> statement, for :func:`check_true_or_false`
TRUE_OR_FALSE = {key: text for key, (text, _) in _STATEMENTS.items()}

_TRUTH_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def _truth(key, value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str) and _word(value) in _TRUTH_WORDS:
        return _TRUTH_WORDS[_word(value)]
    raise _Stop(f"Statement {key}: answer True or False, not {value!r}.")


@_check
def check_true_or_false(answers) -> Feedback:
    """Check ``{key: True/False}`` for the statements of :data:`TRUE_OR_FALSE`.

    Keys may be strings or numbers (``{1: False, ...}``). A wrong answer is told how many
    statements are judged right, not which: with two choices, that would be the answer.
    """
    given = _answers(
        answers, list(_STATEMENTS), "{'1': True, '2': False, ...}", prefix="statement(s) "
    )
    right = sum(_truth(k, v) == _STATEMENTS[k][1] for k, v in given.items())
    if right == len(_STATEMENTS):
        return Feedback(True, "Correct! All statements judged right.")
    return Feedback(
        False,
        f"Not yet: {right} of {len(_STATEMENTS)} statements judged right.",
        "Ask of each statement when things happen: what is fixed before fit, what fit "
        "changes, and what predict only uses. You can test one: fit a model twice and "
        "compare get_params() and the fitted attributes.",
    )


@_check
def check_parameter_count(estimator, X, y, answer) -> Feedback:
    """Check how many numbers ``estimator`` learns when fitted on ``X, y``.

    The estimator is cloned and fitted here; the count is
    ``learned_parameters(...).size``.
    """
    from sklearn.base import clone

    from hptlearn.concepts import learned_parameters

    count = _whole_number(_given(answer, "a whole number"), "The count", minimum=0)
    fitted = clone(estimator).fit(X, y)
    learned = learned_parameters(fitted)
    expected = learned.size
    name = type(estimator).__name__
    if count == expected:
        return Feedback(True, f"Correct! {name} learns {expected} numbers here.")
    hint = f"Add up the sizes of everything fit learned: {', '.join(learned)}."
    if hasattr(fitted, "coefs_"):
        hint += " Each layer has a weight for every (input, neuron) pair and one bias per neuron."
    direction = "more" if expected > count else "fewer"
    return Feedback(False, f"Not quite: {name} learns {direction} numbers than {count}.", hint)
