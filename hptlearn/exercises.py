"""Self-checks for the exercises at the end of the notebooks.

Every ``check_*`` function takes the reader's answer and returns a :class:`Feedback`:
``fb.correct`` (also ``bool(fb)``), ``fb.message`` and, for a wrong answer, ``fb.hint``,
which points at the mistake without giving the answer away. An answer left at its
placeholder (``None`` or ``...``) gets a reminder; an answer of the wrong form (a word
where a number is expected, an unknown letter) gets a message saying how to write it.
As the last line of a cell, the feedback shows as plain text (and as HTML in Jupyter).
The set-up arguments of an exercise (the estimator, the data, the budget) are not
answers: wrong ones raise ``ValueError`` or ``TypeError``.

The checks, in the order the notebooks use them:

Notebook 01, parameters vs hyperparameters
    :data:`HYPERPARAMETER_QUIZ` and :func:`check_hyperparameter_quiz`,
    :data:`TRUE_OR_FALSE` and :func:`check_true_or_false`, :func:`check_parameter_count`.
Notebook 02, the two kinds of hyperparameters
    :func:`check_kinds`, :func:`check_weight_updates`, :func:`check_good_k`.
Notebook 03, manual tuning and validation
    :data:`ROLES` and :func:`check_roles`, :data:`DIAGNOSIS_CASES` and
    :func:`check_diagnosis`, :data:`GOOD_SVC_THRESHOLD` and :func:`check_good_svc`,
    :data:`CHEATING_CHOICES` and :func:`check_cheating`.
Notebook 04, grid search
    :func:`check_fit_count`, :func:`check_kernel_grid`.
Notebook 05, random search
    :func:`check_top_fraction_budget`, :func:`check_distribution_choice`.
Notebook 06, grid vs random search
    :func:`check_distinct_values`, :func:`check_strategy_choice`.
Notebook 07, successive halving
    :func:`check_halving_candidates`, :func:`check_full_fit_equivalents`.
Notebook 08, Bayesian optimization and quasi-random search
    :func:`check_model_guided_trials`, :func:`check_expected_slices_hit`,
    :func:`check_tpe_good_trials`.
Notebook 09, the race
    :func:`check_median_difference`, :data:`NOISE_CASES` and :func:`check_noise_verdicts`.
Notebook 10, did we fool ourselves?
    :func:`check_standard_error`, :func:`check_nested_estimate`.
Notebook 11, when one machine is not enough
    :func:`check_projected_wall`, :func:`check_busy_workers`.

>>> fb = check_weight_updates(n_samples=300, batch_size=32, epochs=100, answer=1000)
>>> fb.correct
True
>>> fb
Correct! 10 updates per epoch (one per batch of 32), times 100 epochs.
>>> check_weight_updates(n_samples=300, batch_size=32, epochs=100, answer=None)
No answer yet: replace the placeholder with a whole number.
"""

from __future__ import annotations

import functools
import html
import math
import numbers
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Feedback",
    # Notebook 01
    "HYPERPARAMETER_QUIZ",
    "TRUE_OR_FALSE",
    "check_hyperparameter_quiz",
    "check_true_or_false",
    "check_parameter_count",
    # Notebook 02
    "check_kinds",
    "check_weight_updates",
    "check_good_k",
    # Notebook 03
    "ROLES",
    "DIAGNOSIS_CASES",
    "GOOD_SVC_THRESHOLD",
    "CHEATING_CHOICES",
    "check_roles",
    "check_diagnosis",
    "check_good_svc",
    "check_cheating",
    # Notebook 04
    "check_fit_count",
    "check_kernel_grid",
    # Notebook 05
    "check_top_fraction_budget",
    "check_distribution_choice",
    # Notebook 06
    "check_distinct_values",
    "check_strategy_choice",
    # Notebook 07
    "check_halving_candidates",
    "check_full_fit_equivalents",
    # Notebook 08
    "check_model_guided_trials",
    "check_expected_slices_hit",
    "check_tpe_good_trials",
    # Notebook 09
    "NOISE_CASES",
    "check_median_difference",
    "check_noise_verdicts",
    # Notebook 10
    "check_standard_error",
    "check_nested_estimate",
    # Notebook 11
    "check_projected_wall",
    "check_busy_workers",
]


# --------------------------------------------------------------------------------------
# The feedback object and what every check shares
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Feedback:
    """The outcome of a self-check.

    Attributes
    ----------
    correct : bool
        Whether the answer is right; ``bool(feedback)`` is the same.
    message : str
        What the check found, in one sentence or two.
    hint : str or None
        For a wrong answer, where to look (never the answer). Several hints are
        separate lines. ``None`` for a right answer, a missing one or a malformed one.

    The plain text (``str``, ``repr``, and what a notebook shows) is the message, then
    the hint:

    >>> Feedback(False, "Not yet: 2 of 3 right.", "Look at the gap.")
    Not yet: 2 of 3 right.
    Hint: Look at the gap.
    >>> print(Feedback(False, "Not yet.", "first\\nsecond"))
    Not yet.
    Hints:
      first
      second
    >>> bool(Feedback(True, "Correct!"))
    True
    """

    correct: bool
    message: str
    hint: str | None = None

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        lines = self.hint.splitlines()
        if len(lines) == 1:
            return f"{self.message}\nHint: {self.hint}"
        return "\n".join([self.message, "Hints:", *(f"  {line}" for line in lines)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from hptlearn.plots._style import OK_COLOR, WARNING_COLOR

        color = OK_COLOR if self.correct else WARNING_COLOR
        parts = [f"<div style='color:{color}'>{html.escape(self.message)}</div>"]
        if self.hint:
            lines = self.hint.splitlines()
            if len(lines) == 1:
                parts.append(f"<div><b>Hint:</b> {html.escape(self.hint)}</div>")
            else:
                items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                parts.append(f"<div><b>Hints:</b><ul style='margin:0'>{items}</ul></div>")
        return (
            "<div class='hptlearn-feedback' style='border-left:3px solid "
            f"{color};padding-left:8px'>{''.join(parts)}</div>"
        )


class _Stop(Exception):
    """Ends a check early with a feedback that is not a verdict (missing or malformed)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.feedback = Feedback(False, message)


def _check(func):
    """Turn a :class:`_Stop` raised inside a check into the feedback it carries."""

    @functools.wraps(func)
    def check(*args, **kwargs) -> Feedback:
        try:
            return func(*args, **kwargs)
        except _Stop as stop:
            return stop.feedback

    return check


def _is_placeholder(answer) -> bool:
    return answer is None or answer is Ellipsis


def _reminder(what: str) -> _Stop:
    return _Stop(f"No answer yet: replace the placeholder with {what}.")


def _given(answer, what: str):
    """``answer``, unless it is still the placeholder."""
    if _is_placeholder(answer):
        raise _reminder(what)
    return answer


def _whole_number(answer, what: str = "The answer", *, minimum: int | None = None) -> int:
    """``answer`` as an int: an integer, a float with no fraction, or a string of digits."""
    value = None
    if isinstance(answer, numbers.Integral) and not isinstance(answer, (bool, np.bool_)):
        value = int(answer)
    elif isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
        if math.isfinite(answer) and float(answer).is_integer():
            value = int(answer)
    elif isinstance(answer, str):
        try:
            value = int(answer.strip().replace("_", ""))
        except ValueError:
            value = None
    if value is None:
        raise _Stop(f"{what} must be a whole number such as 12, not {answer!r}.")
    if minimum is not None and value < minimum:
        raise _Stop(f"{what} must be at least {minimum}, not {value}.")
    return value


def _positive_number(answer, name: str) -> float:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"{name} must be a number such as 1.0, not {answer!r}.") from None
    if not (math.isfinite(value) and value > 0):
        raise _Stop(f"{name} must be a positive number, not {answer!r}.")
    return value


def _word(answer) -> str:
    """An answer written as a word or a letter, lower case, without a trailing ``)``."""
    return " ".join(str(answer).strip().lower().rstrip(")").split())


def _answers(answer, keys, example: str, *, prefix: str = "") -> dict:
    """The reader's dict, keyed like ``keys`` (case and spaces ignored), every value given.

    Stops with a reminder if the dict or one of its values is still a placeholder, and
    with a message if it is not a dict of exactly ``keys``.
    """
    _given(answer, f"a dict such as {example}")
    names = ", ".join(repr(k) for k in keys)
    if not isinstance(answer, dict):
        raise _Stop(f"Give a dict with the keys {names}, e.g. {example}; not {answer!r}.")
    by_word = {_word(k): k for k in keys}
    given = {}
    for key, value in answer.items():
        if _word(key) not in by_word:
            raise _Stop(f"Unknown key {key!r}: give a dict with exactly the keys {names}.")
        given[by_word[_word(key)]] = value
    missing = [k for k in keys if k not in given]
    if missing:
        raise _Stop(
            f"Missing key(s) {', '.join(map(repr, missing))}: give a dict with "
            f"exactly the keys {names}."
        )
    todo = [str(k) for k in keys if _is_placeholder(given[k])]
    if todo:
        raise _Stop(f"Still to answer: {prefix}{', '.join(todo)}.")
    return given


def _letter(answer, letters, what: str = "letter") -> str:
    letter = _word(answer)
    if letter not in letters:
        raise _Stop(f"Unknown {what} {answer!r}: use one of {', '.join(letters)}.")
    return letter


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


# --------------------------------------------------------------------------------------
# Notebook 02: the two kinds of hyperparameters
# --------------------------------------------------------------------------------------

_ANSWER_KINDS = ("model", "optimization", "other")

# Borderline settings: either "model" or "optimization" is accepted, with this note.
_EITHER_KIND = {
    "early_stopping": (
        "early_stopping is borderline: it stops the optimization (hence 'optimization' in "
        "hyperparameter_kind), but it is usually taught as a regularizer, and it trains on only "
        "1 - validation_fraction (90 %) of the training data, so it changes the fitted model "
        "('model')."
    ),
    "validation_fraction": (
        "validation_fraction is borderline: it is the share of the training data held out for "
        "early stopping, so it changes which data the model is fitted on ('model'), although "
        "it serves the stopping rule ('optimization')."
    ),
}


@_check
def check_kinds(estimator, answers) -> Feedback:
    """Check ``{hyperparameter name: "model" | "optimization" | "other"}`` for
    ``estimator``, against :func:`hptlearn.concepts.describe_hyperparameter`."""
    from hptlearn.concepts import describe_hyperparameter

    _given(answers, 'a dict like {"alpha": "model", ...}')
    if not isinstance(answers, dict) or not answers:
        raise _Stop(f'Give a dict like {{"alpha": "model", ...}}, not {answers!r}.')
    todo = [name for name, kind in answers.items() if _is_placeholder(kind)]
    if todo:
        raise _Stop(f"Still to answer: {', '.join(map(str, todo))}.")
    kinds, truth = {}, {}
    for name, kind in answers.items():
        if _word(kind) not in _ANSWER_KINDS:
            raise _Stop(f"{name}: {kind!r} is not a kind; use 'model', 'optimization' or 'other'.")
        try:
            truth[name] = describe_hyperparameter(estimator, name)
        except ValueError as exc:
            raise _Stop(str(exc)) from None
        kinds[name] = _word(kind)
    both = [name for name in answers if name in _EITHER_KIND]
    wrong = [
        name
        for name in answers
        if kinds[name] != truth[name][0]
        and not (name in _EITHER_KIND and kinds[name] in ("model", "optimization"))
    ]
    cls = type(estimator).__name__
    if not wrong:
        return Feedback(
            True,
            f"Correct! All {len(answers)} hyperparameters of {cls} classified right."
            + "".join(f" {_EITHER_KIND[name]}" for name in both),
        )
    hints = [
        f"{name} is not {kinds[name]!r}. What it does: {truth[name][1]} Does that "
        "decide what model is fitted, or how its parameters are found?"
        for name in wrong
    ]
    return Feedback(
        False,
        f"Not yet: {len(answers) - len(wrong)} of {len(answers)} classified right.",
        "\n".join(hints),
    )


@_check
def check_weight_updates(n_samples, batch_size, epochs, answer) -> Feedback:
    """Check the number of weight updates of mini-batch SGD: one per batch of
    ``batch_size`` samples (the last batch of an epoch may be smaller), ``epochs`` times
    over ``n_samples`` samples."""
    updates = _whole_number(_given(answer, "a whole number"), "The number of updates", minimum=0)
    per_epoch = math.ceil(n_samples / batch_size)
    expected = epochs * per_epoch
    if updates == expected:
        return Feedback(
            True,
            f"Correct! {per_epoch} updates per epoch (one per batch of "
            f"{batch_size}), times {epochs} epochs.",
        )
    if updates in (epochs * (n_samples // batch_size), epochs * n_samples // batch_size):
        return Feedback(
            False,
            "Almost.",
            "The last batch of an epoch may be smaller, but it "
            "still makes an update: round the number of batches per epoch up.",
        )
    return Feedback(
        False,
        "Not quite.",
        "One epoch is one pass over all the samples, in "
        "batches of batch_size; every batch makes one update of the weights.",
    )


@_check
def check_good_k(k) -> Feedback:
    """Check a k for k-nearest neighbours on the moons split of the model demo.

    The split is ``hptlearn.catalog.demo_split("moons")`` (200 training, 100 validation
    samples), the one the model-hyperparameters app shows. Correct if k gives a validation
    accuracy of at least 0.95 and does not simply memorise the training data (training
    accuracy below 1).
    """
    from sklearn.neighbors import KNeighborsClassifier

    from hptlearn.catalog import demo_split

    k = _whole_number(_given(k, "a whole number of neighbours"), "k")
    X_train, X_val, y_train, y_val = demo_split("moons")
    if not 1 <= k <= len(X_train):
        raise _Stop(
            f"k must be between 1 and {len(X_train)}, the number of training samples, not {k}."
        )
    model = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
    train, val = model.score(X_train, y_train), model.score(X_val, y_val)
    said = f"k={k}: train accuracy {train:.2f}, validation accuracy {val:.2f}."
    if val >= 0.95 and train < 1:
        return Feedback(True, f"Correct! {said}")
    if train == 1:
        return Feedback(
            False,
            f"Not yet: {said}",
            "The model memorises the training data (a very flexible model): try a larger k.",
        )
    if k > 20:
        return Feedback(
            False,
            f"Not yet: {said}",
            "The boundary is too smooth to follow the moons: try a smaller k.",
        )
    return Feedback(False, f"Not yet: {said}", "Close: try a few neighbouring values of k.")


# --------------------------------------------------------------------------------------
# Notebook 03: manual tuning, validation and test sets
# --------------------------------------------------------------------------------------

#: letter -> what a data set is used for, for :func:`check_roles`
ROLES = {
    "a": "estimate, once, how well the final model will do on new data",
    "b": "learn the model's parameters (fit)",
    "c": "compare hyperparameter settings and choose one",
}
_ROLE_ANSWER = {"training": "b", "validation": "c", "test": "a"}
_ROLE_HINTS = {
    "training": "fit learns the parameters from this set, and only from it.",
    "validation": "this is where the settings compete; cross-validation rotates it through "
    "the training data.",
    "test": "used once, at the very end; anything used to choose cannot also judge the "
    "choice fairly.",
}


@_check
def check_roles(answer) -> Feedback:
    """Check a dict ``{"training": letter, "validation": letter, "test": letter}`` of
    :data:`ROLES`."""
    given = _answers(
        answer, list(_ROLE_ANSWER), '{"training": "a", "validation": "b", "test": "c"}'
    )
    letters = {k: _letter(v, ROLES) for k, v in given.items()}
    wrong = [k for k in _ROLE_ANSWER if letters[k] != _ROLE_ANSWER[k]]
    if not wrong:
        return Feedback(
            True,
            "Correct! The training set fits the parameters, the validation "
            "set (or the CV folds) chooses the hyperparameters, and the test set "
            "judges the final model once.",
        )
    return Feedback(
        False,
        f"Not yet: {len(_ROLE_ANSWER) - len(wrong)} of 3 right.",
        "\n".join(f"the {key} set: {_ROLE_HINTS[key]}" for key in wrong),
    )


#: case -> (train accuracy, validation accuracy), for :func:`check_diagnosis`
DIAGNOSIS_CASES = {
    "A": (1.00, 0.74),
    "B": (0.81, 0.80),
    "C": (0.93, 0.92),
    "D": (0.99, 0.86),
}
_DIAGNOSIS_ANSWER = {
    "A": "over-fitting",
    "B": "under-fitting",
    "C": "good fit",
    "D": "over-fitting",
}
_SYNONYMS = {
    "over-fitting": {
        "over-fitting",
        "overfitting",
        "overfit",
        "over-fit",
        "over",
        "overfitted",
        "over-fitted",
    },
    "under-fitting": {
        "under-fitting",
        "underfitting",
        "underfit",
        "under-fit",
        "under",
        "underfitted",
        "under-fitted",
    },
    "good fit": {"good fit", "good", "good-fit", "fine", "ok", "just right", "well fitted"},
}


def _diagnosis(case, text) -> str:
    cleaned = _word(str(text).replace("_", " "))
    for label, words in _SYNONYMS.items():
        if cleaned in words or cleaned.replace(" ", "-") in words:
            return label
    raise _Stop(
        f"Case {case}: answer with 'under-fitting', 'over-fitting' or 'good fit', not {text!r}."
    )


@_check
def check_diagnosis(answer) -> Feedback:
    """Check a dict case -> ``"under-fitting"``, ``"over-fitting"`` or ``"good fit"`` for
    the cases of :data:`DIAGNOSIS_CASES`."""
    given = _answers(answer, list(DIAGNOSIS_CASES), '{"A": "good fit", ...}')
    labels = {k: _diagnosis(k, v) for k, v in given.items()}
    wrong = [k for k in DIAGNOSIS_CASES if labels[k] != _DIAGNOSIS_ANSWER[k]]
    if not wrong:
        return Feedback(
            True,
            "Correct! Under-fitting: both scores low. Over-fitting: "
            "training score high, validation score much lower. A good fit: both "
            "high and close.",
        )
    hints = []
    for key in wrong:
        train, valid = DIAGNOSIS_CASES[key]
        hints.append(
            f"case {key} (train {train:.2f}, validation {valid:.2f}) is not "
            f"{labels[key]}: look at the gap and at how high the scores are."
        )
    n = len(DIAGNOSIS_CASES)
    return Feedback(False, f"Not yet: {n - len(wrong)} of {n} right.", "\n".join(hints))


#: mean 5-fold CV accuracy that :func:`check_good_svc` asks for
GOOD_SVC_THRESHOLD = 0.91


@_check
def check_good_svc(C, gamma, X, y) -> Feedback:
    """Check that ``SVC(C=C, gamma=gamma)`` reaches a mean 5-fold cross-validation accuracy
    of at least :data:`GOOD_SVC_THRESHOLD` on ``X, y`` (the development data, never the
    test set)."""
    from sklearn.model_selection import cross_validate
    from sklearn.svm import SVC

    if _is_placeholder(C) or _is_placeholder(gamma):
        raise _reminder("numbers for C and gamma")
    C, gamma = _positive_number(C, "C"), _positive_number(gamma, "gamma")
    scores = cross_validate(SVC(C=C, gamma=gamma), X, y, cv=5, return_train_score=True)
    train, valid = float(np.mean(scores["train_score"])), float(np.mean(scores["test_score"]))
    said = (
        f"C={C:g}, gamma={gamma:g}: mean 5-fold CV accuracy {valid:.3f} "
        f"(training folds {train:.3f})."
    )
    if valid >= GOOD_SVC_THRESHOLD:
        return Feedback(True, f"Correct! {said}")
    if train - valid > 0.05:
        return Feedback(
            False,
            f"Not yet: {said}",
            "The training score is much higher: over-fitting. Try a smaller gamma or C.",
        )
    return Feedback(
        False, f"Not yet: {said}", "Both scores are low: under-fitting. Try a larger gamma or C."
    )


#: letter -> statement, for :func:`check_cheating`
CHEATING_CHOICES = {
    "a": "Nothing: 0.94 was measured on data that none of the 40 models was trained on.",
    "b": "0.94 is probably too optimistic: the test set chose the winner, so it no longer "
    "judges it fairly. Choose on validation data or by cross-validation, then test once.",
    "c": "0.94 is probably too pessimistic, because the test set is small.",
    "d": "It is fine as long as the winner is refitted on the training and test data.",
}
_CHEATING_HINTS = {
    "a": "each model's test score alone is fair, but the best of 40 is partly the luckiest "
    "of 40. Remember the 30 teams.",
    "c": "a small test set makes the score noisy in both directions; picking the maximum "
    "keeps the lucky draws.",
    "d": "refitting does not undo the choice that the test set made.",
}


@_check
def check_cheating(answer) -> Feedback:
    """Check the letter of :data:`CHEATING_CHOICES` that says what is wrong with reporting
    the best test score of 40 settings."""
    letter = _letter(_given(answer, "a letter, e.g. 'a'"), CHEATING_CHOICES)
    if letter == "b":
        return Feedback(
            True,
            "Correct! The maximum of many noisy scores is biased upwards. "
            "Once the test set has chosen, a fresh test set (or nested "
            "cross-validation) is needed to judge.",
        )
    return Feedback(False, f"Not quite: {letter}) is not it.", _CHEATING_HINTS[letter])


# --------------------------------------------------------------------------------------
# Notebook 04: grid search
# --------------------------------------------------------------------------------------


@_check
def check_fit_count(space, cv, answer, *, refit=True) -> Feedback:
    """Check the number of fits a grid search over ``space`` with ``cv`` folds makes
    (plus one refit of the best candidate if ``refit``)."""
    from hptlearn.spaces import count_candidates, count_fits

    fits = _whole_number(_given(answer, "a whole number of fits"), "The number of fits", minimum=0)
    candidates = count_candidates(space)
    folds = count_fits(space, cv=cv) // candidates
    expected = count_fits(space, cv=cv, refit=refit)
    if fits == expected:
        refit_note = " plus 1 refit of the best candidate" if refit else ""
        return Feedback(
            True, f"Correct! {candidates} candidates x {folds} folds{refit_note} = {expected} fits."
        )
    if refit and fits == expected - 1:
        return Feedback(
            False,
            "Almost.",
            "After the search, the best candidate is refitted "
            "once on the whole training set. Count that fit too.",
        )
    if fits in (candidates, candidates + 1):
        return Feedback(
            False,
            "That is the number of candidates.",
            f"Each candidate is fitted once per fold ({folds} folds).",
        )
    sizes = (
        " x ".join(str(len(v)) for v in space.values())
        if isinstance(space, dict)
        else "each dict's product, added up"
    )
    return Feedback(
        False,
        "Not quite.",
        f"Multiply the numbers of values ({sizes}), then "
        f"the folds{'; then add the refit' if refit else ''}.",
    )


_KERNEL_NAMES = {"svc__kernel", "svc__C", "svc__gamma", "svc__degree"}


@_check
def check_kernel_grid(grid) -> Feedback:
    """Check a list-of-dicts grid: kernels linear, rbf, poly; C in (0.1, 1, 10) for all;
    gamma in (0.01, 0.1) for rbf and poly only; degree in (2, 3) for poly only; names of
    the pipeline's ``svc`` step."""
    from sklearn.model_selection import ParameterGrid

    _given(grid, "a list of dicts, one per kind of kernel")
    if isinstance(grid, dict):
        return Feedback(
            False,
            "A single dict makes every combination.",
            "gamma would be "
            "tried with the linear kernel too. Write a list of dicts, e.g. "
            "[{...linear...}, {...rbf...}, ...].",
        )
    try:
        candidates = list(ParameterGrid(grid))
    except (TypeError, ValueError) as exc:
        raise _Stop(f"This is not a grid scikit-learn can read: {exc}") from None
    unknown = {name for c in candidates for name in c} - _KERNEL_NAMES
    if unknown:
        raise _Stop(
            f"Unexpected names {sorted(unknown)}: in the pipeline, the SVC's "
            "hyperparameters are svc__kernel, svc__C, svc__gamma and svc__degree."
        )
    kernels = {c.get("svc__kernel") for c in candidates}
    if any(
        "svc__gamma" in c or "svc__degree" in c
        for c in candidates
        if c.get("svc__kernel") == "linear"
    ):
        return Feedback(
            False,
            "Not quite: some candidates set a value the kernel ignores.",
            "The linear kernel has no gamma or degree: leave them out of its dict.",
        )
    if any("svc__degree" in c for c in candidates if c.get("svc__kernel") == "rbf"):
        return Feedback(
            False,
            "Not quite: some candidates set a value the kernel ignores.",
            "The rbf kernel has no degree: leave it out of the rbf dict.",
        )
    expected = {
        (k, C, g, d)
        for k in ("linear", "rbf", "poly")
        for C in (0.1, 1, 10)
        for g in ((None,) if k == "linear" else (0.01, 0.1))
        for d in ((2, 3) if k == "poly" else (None,))
    }
    got = [
        (c.get("svc__kernel"), c.get("svc__C"), c.get("svc__gamma"), c.get("svc__degree"))
        for c in candidates
    ]
    if set(got) == expected and len(got) == len(expected):
        return Feedback(
            True,
            f"Correct! {len(got)} candidates: 3 linear, 6 rbf and 12 poly, "
            "with no pointless combination.",
        )
    if len(got) != len(set(got)):
        return Feedback(
            False, "Some candidates appear twice.", "Check that each kernel is in one dict only."
        )
    missing = sorted(expected - set(got), key=str)
    if not kernels <= {"linear", "rbf", "poly"}:
        hint = "Use the kernels 'linear', 'rbf' and 'poly', one dict each."
    elif missing:
        hint = f"Missing e.g. {missing[0]}, as (kernel, C, gamma, degree)."
    else:
        extra = sorted(set(got) - expected, key=str)
        hint = f"Unexpected e.g. {extra[0]}, as (kernel, C, gamma, degree)."
    return Feedback(
        False, f"Not quite: {len(got)} candidates where {len(expected)} were expected.", hint
    )


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
    return Feedback(
        False,
        f"Not enough: 1 - {miss:g}^{n} = {reached:.3f} < {probability:g}.",
        f"Solve 1 - {miss:g}^n >= {probability:g} with logarithms.",
    )


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
            f"Correct! {len(expected)} iterations: {' -> '.join(map(str, expected))}; each "
            f"keeps the best 1/{factor} of the previous one, rounded up, and no further "
            f"iteration runs once fewer than {factor} candidates remain.",
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
            f"After an iteration with at least {factor} candidates, another one runs.",
        )
    if given[: len(expected)] == expected:
        return Feedback(
            False,
            "Right so far, but too many iterations.",
            f"The search stops when fewer than {factor} candidates are left: "
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


# --------------------------------------------------------------------------------------
# Notebook 10: did we fool ourselves?
# --------------------------------------------------------------------------------------


def _fold_scores(values) -> np.ndarray:
    """Set-up fold scores as a float array: at least two, all finite."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"fold_scores must be a list of numbers, not {values!r}.") from None
    if array.size < 2 or not np.isfinite(array).all():
        raise ValueError("fold_scores must hold at least two finite scores, one per fold.")
    return array


@_check
def check_standard_error(answer, *, fold_scores) -> Feedback:
    """Check the standard error of a mean CV score from its ``k`` fold scores:
    ``std(fold_scores, ddof=1) / sqrt(k)``, the spread of the one-standard-error rule."""
    scores = _fold_scores(fold_scores)
    _given(answer, "a number, the standard error of the mean of the fold scores")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a number such as 0.01, not {answer!r}.") from None
    if not math.isfinite(value):
        raise _Stop(f"The answer must be a finite number, not {answer!r}.")
    k = scores.size
    sample_std = float(np.std(scores, ddof=1))
    expected = sample_std / math.sqrt(k)

    def close(x):
        return math.isclose(value, x, rel_tol=1e-3, abs_tol=5e-5)

    if close(expected):
        return Feedback(
            True,
            f"Correct! The sample standard deviation of the {k} fold scores is "
            f"{sample_std:.4f}; divided by sqrt({k}) it is {expected:.4f}.",
        )
    if close(float(np.std(scores)) / math.sqrt(k)):
        return Feedback(
            False,
            "Almost: the standard deviation's divisor.",
            f"Use the sample standard deviation (divide by k - 1 = {k - 1}, ddof=1), as the "
            "one-standard-error rule does; numpy's std divides by k unless told otherwise.",
        )
    if close(sample_std) or close(float(np.std(scores))):
        return Feedback(
            False,
            "That is the spread of one fold's score, not of their mean.",
            "The mean of k scores varies less than one score: divide by sqrt(k).",
        )
    if close(sample_std / k) or close(float(np.std(scores)) / k):
        return Feedback(False, "Not quite: the divisor.", "Divide by the square root of k.")
    return Feedback(
        False,
        "Not quite.",
        "Take the standard deviation of the fold scores (ddof=1), then divide by the square "
        "root of the number of folds.",
    )


def _deterministic(cv, what: str) -> None:
    """A splitter whose splits the check can repeat: no shuffle, or an int random_state."""
    if getattr(cv, "shuffle", False) and not isinstance(
        getattr(cv, "random_state", None), numbers.Integral
    ):
        raise ValueError(
            f"{what} shuffles without a fixed seed, so its folds change every time: give it "
            "an int random_state, e.g. StratifiedKFold(5, shuffle=True, random_state=1)."
        )


def _estimate_of(answer) -> float:
    """The number the reader reports: a number, a nested_cv result (its mean), or the dict
    of ``cross_validate`` (the mean of its ``test_score``)."""
    if hasattr(answer, "outer_scores") and hasattr(answer, "mean"):
        return float(answer.mean)
    if isinstance(answer, dict) and "test_score" in answer:
        return float(np.mean(answer["test_score"]))
    if isinstance(answer, (bool, np.bool_, str)):
        raise _Stop(f"The answer must be a number such as 0.95, not {answer!r}.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(
            "The answer must be the nested estimate: a number, the result of "
            f"hptlearn.nested_cv, or the dict of cross_validate; not {answer!r}."
        ) from None
    if not math.isfinite(value):
        raise _Stop(f"The answer must be a finite number, not {answer!r}.")
    return value


@_check
def check_nested_estimate(answer, *, search, X, y, outer_cv) -> Feedback:
    """Check a nested cross-validation estimate: the mean score, over the folds of
    ``outer_cv``, of ``search`` refitted on each outer training set (its own inner
    ``cv`` splitting only that set) and scored on the outer test fold.

    The check recomputes it with ``cross_val_score(clone(search), X, y, cv=outer_cv)``,
    so both splitters must give the same folds every time (no shuffle, or an int
    ``random_state``). The answer may be the number (to 3 decimals or better), the result
    of ``hptlearn.nested_cv`` or the dict of ``cross_validate``. Two common slips get a
    hint: reporting the search's own ``best_score_`` (the inner estimate, chosen on the
    same folds that scored it), and scoring the hyperparameters chosen on all the data
    with an outer cross-validation (the outer test folds helped choose them).
    """
    from sklearn.base import clone
    from sklearn.model_selection import check_cv, cross_val_score

    _given(answer, "the nested estimate (a number, or the result of hptlearn.nested_cv)")
    for name, value in (("search", search), ("outer_cv", outer_cv)):
        if _is_placeholder(value):
            raise _Stop(f"No {name} yet: replace its placeholder too.")
    if not (hasattr(search, "fit") and hasattr(search, "estimator") and hasattr(search, "cv")):
        raise TypeError(
            "search must be a search (GridSearchCV, RandomizedSearchCV, ...) with its own "
            f"inner cv; got {type(search).__name__}."
        )
    if outer_cv is search.cv:
        raise _Stop(
            "outer_cv is the search's own splitter object: make the outer splitter a "
            "separate object (e.g. another random_state), so that it is clear which loop "
            "is which."
        )
    _deterministic(search.cv, "The search's inner cv")
    _deterministic(outer_cv, "outer_cv")
    value = _estimate_of(answer)
    outer = check_cv(outer_cv, y, classifier=True)
    scores = cross_val_score(clone(search), X, y, cv=outer)
    expected = float(np.mean(scores))

    def close(x):
        return math.isclose(value, x, abs_tol=5e-4 + 1e-9)

    if close(expected):
        return Feedback(
            True,
            f"Correct! Over {len(scores)} outer folds the tuned pipeline scores "
            f"{expected:.4f} on average (fold scores from {scores.min():.4f} to "
            f"{scores.max():.4f}): every outer test fold was unseen by the search that "
            "chose the hyperparameters.",
        )
    fitted = clone(search).fit(X, y)
    inner = float(fitted.cv_results_["mean_test_score"][fitted.best_index_])
    if close(inner):
        return Feedback(
            False,
            "That is the search's own best score on all the data: the inner estimate.",
            "The folds that scored the candidates also chose the best one. Put the whole "
            "search inside an outer cross-validation.",
        )
    fixed = float(np.mean(cross_val_score(fitted.best_estimator_, X, y, cv=outer)))
    if close(fixed):
        return Feedback(
            False,
            "Not nested: the hyperparameters were chosen on all the data first.",
            "Each outer test fold helped choose them. Cross-validate the search itself "
            "(not its best_estimator_), so that it is refitted inside every outer fold.",
        )
    return Feedback(
        False,
        "Not quite.",
        "Give cross_validate (or hptlearn.nested_cv) the search itself, this outer_cv and "
        "all of X and y, and report the mean of the outer test scores.",
    )


# This section lists itself, so that it stays one block at the end of the module.


# --------------------------------------------------------------------------------------
# Notebook 11: when one machine is not enough
# --------------------------------------------------------------------------------------


def _duration(value, name: str, *, zero: bool = False) -> float:
    """A set-up duration in seconds (or a count): a finite number, positive (or >= 0)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {value!r}.")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        raise ValueError(f"{name} must be a {'' if zero else 'positive '}number, not {value!r}.")
    return value


def _number(answer, example: str) -> float:
    """The reader's answer as a finite float, or a message saying how to write it."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        raise _Stop(f"The answer must be a number such as {example}, not {answer!r}.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a number such as {example}, not {answer!r}.") from None
    if not math.isfinite(value):
        raise _Stop(f"The answer must be a finite number, not {answer!r}.")
    return value


def _nearest_slip(value: float, slips, rel_tol: float) -> Feedback | None:
    """The feedback of the slip ``(wrong value, message, hint)`` nearest to ``value``,
    among those within ``rel_tol`` of it (the first listed on a tie), or None."""
    near = [
        (abs(value - wrong), n, message, hint)
        for n, (wrong, message, hint) in enumerate(slips)
        if math.isclose(value, wrong, rel_tol=rel_tol)
    ]
    if not near:
        return None
    _, _, message, hint = min(near)
    return Feedback(False, message, hint)


@_check
def check_projected_wall(answer, *, fits, fit_time, workers, overhead, startup=0.0) -> Feedback:
    """Check the projected wall time, in seconds, of ``fits`` fits of ``fit_time`` seconds
    each on ``workers`` workers, when a scheduler hands out one task after another at
    ``overhead`` seconds per task and the cluster takes ``startup`` seconds to start:
    ``startup + fits * fit_time / workers + fits * overhead`` (the fits are shared by the
    workers; the overhead is paid one task at a time, whatever the number of workers).
    Answers within 1 % are right."""
    fits = _duration(fits, "fits")
    fit_time = _duration(fit_time, "fit_time")
    workers = _duration(workers, "workers")
    overhead = _duration(overhead, "overhead", zero=True)
    startup = _duration(startup, "startup", zero=True)
    value = _number(_given(answer, "a number of seconds"), "120")
    compute, serial = fits * fit_time / workers, fits * overhead
    expected = startup + compute + serial

    def close(x):
        return math.isclose(value, x, rel_tol=0.01)

    if close(expected):
        return Feedback(
            True,
            f"Correct! {startup:g} s to start + {fits:g} x {fit_time:g} / {workers:g} = "
            f"{compute:g} s of fitting shared by the workers + {fits:g} x {overhead:g} = "
            f"{serial:g} s of overhead, one task at a time: about {expected:g} s, against "
            f"{fits * fit_time:g} s for the same fits one after another in one process.",
        )
    slips = [
        (
            startup + fits * (fit_time + overhead) / workers,
            "Not quite: the overhead is not shared.",
            "The scheduler hands out one task after another: the overhead of every task "
            "adds up, whatever the number of workers.",
        ),
        (
            compute + serial,
            "Almost: the start-up.",
            "The cluster has to start (or be reached) before the first fit.",
        ),
        (
            startup + compute,
            "Almost: the overhead per task.",
            "Every fit is one task, and every task costs the scheduler some time.",
        ),
        (
            startup + fits * fit_time + serial,
            "Not quite: the fits are shared.",
            "The workers fit at the same time: divide the fitting time by their number.",
        ),
        (
            startup + max(compute, serial),
            "That is the optimistic version, where dispatching overlaps with fitting.",
            "This exercise asks for the sum of the three terms, the pessimistic model.",
        ),
        (
            fits * fit_time,
            "That is the time of the fits one after another in one process.",
            "Add the start-up, share the fits among the workers, add the overhead per task.",
        ),
    ]
    slip = _nearest_slip(value, slips, rel_tol=0.01)
    if slip is not None:
        return slip
    return Feedback(
        False,
        "Not quite.",
        "Start-up + fits x fit time / workers + fits x overhead, all in seconds.",
    )


@_check
def check_busy_workers(answer, *, fit_time, overhead) -> Feedback:
    """Check how many workers a scheduler that hands out one task every ``overhead``
    seconds can keep busy with fits of ``fit_time`` seconds: ``fit_time / overhead`` (in
    the time one fit takes, it hands out that many tasks). Answers within 1 of it (or 1 %)
    are right, so that rounding either way counts."""
    fit_time = _duration(fit_time, "fit_time")
    overhead = _duration(overhead, "overhead")
    value = _number(_given(answer, "a number of workers"), "25")
    expected = fit_time / overhead

    def close(x):
        return math.isclose(value, x, rel_tol=0.01, abs_tol=1.0)

    if close(expected):
        return Feedback(
            True,
            f"Correct! In one fit of {fit_time:g} s the scheduler hands out "
            f"{fit_time:g} / {overhead:g} = {expected:g} tasks: about {expected:g} workers "
            "stay busy, and more workers than that wait for work.",
        )
    slips = [
        (
            overhead / fit_time,
            "Not quite: upside down.",
            "How many tasks are handed out during one fit?",
        ),
        *(
            (
                expected * factor,
                "Not quite: the units.",
                "Write the fit time and the overhead in the same unit (1 ms = 0.001 s).",
            )
            for factor in (1000, 1 / 1000)
        ),
    ]
    slip = _nearest_slip(value, slips, rel_tol=0.05)
    if slip is not None:
        return slip
    return Feedback(
        False,
        "Not quite.",
        "The scheduler hands out one task every `overhead` seconds; a worker needs a new "
        "one every `fit_time` seconds.",
    )


# This section lists itself, so that it stays one block at the end of the module.
