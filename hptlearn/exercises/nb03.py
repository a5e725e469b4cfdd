"""Self-checks of notebook 03: manual tuning, validation and test sets."""

from __future__ import annotations

import numpy as np

from hptlearn.exercises._feedback import (
    Feedback,
    _answers,
    _check,
    _given,
    _is_placeholder,
    _letter,
    _positive_number,
    _reminder,
    _Stop,
    _word,
)

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
