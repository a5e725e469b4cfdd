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


#: mean 5-fold CV accuracy that :func:`check_good_svc` asks for, compared at the three
#: decimals the check shows
GOOD_SVC_THRESHOLD = 0.91

#: a gap between the training and validation folds above which notebook 03 speaks of
#: over-fitting (its best gamma has a gap of 0.024, its largest C, "over-fitting begins", 0.049)
_OVERFIT_GAP = 0.04


def _svc_cv(C, gamma, X, y) -> tuple[float, float]:
    """Mean training and validation accuracy of ``SVC(C, gamma)`` over 5 CV folds."""
    from sklearn.model_selection import cross_validate
    from sklearn.svm import SVC

    scores = cross_validate(SVC(C=C, gamma=gamma), X, y, cv=5, return_train_score=True)
    return float(np.mean(scores["train_score"])), float(np.mean(scores["test_score"]))


def _one_at_a_time_note(C, gamma, valid, X, y) -> str:
    """A note when C and gamma, each good alone (the other at 1, as on the notebook's
    validation curves), score less together."""
    if C == 1 or gamma == 1:
        return ""
    alone_C, alone_gamma = _svc_cv(C, 1, X, y)[1], _svc_cv(1, gamma, X, y)[1]
    if round(valid, 3) >= min(round(alone_C, 3), round(alone_gamma, 3)):
        return ""
    return (
        f" Alone, C={C:g} (gamma=1) scores {alone_C:.3f} and gamma={gamma:g} (C=1) "
        f"{alone_gamma:.3f}; together they score less: optima found one hyperparameter at a "
        "time need not combine. A grid search (notebook 04) tunes both together."
    )


def _direction(C, gamma, valid, X, y) -> str:
    """Which one-step move (a factor of about 3 in C or in gamma, the other fixed) raises the
    validation score most: the side of the validation curve the answer is on."""
    step = 10**0.5
    moves = {
        ("gamma", "smaller"): _svc_cv(C, gamma / step, X, y)[1],
        ("gamma", "larger"): _svc_cv(C, gamma * step, X, y)[1],
        ("C", "smaller"): _svc_cv(C / step, gamma, X, y)[1],
        ("C", "larger"): _svc_cv(C * step, gamma, X, y)[1],
    }
    (name, way), best = max(moves.items(), key=lambda move: move[1])
    if round(best, 3) <= round(valid, 3):
        return (
            "No step of a factor of about 3 in C alone or in gamma alone scores higher: "
            "move both together, as a grid search does (notebook 04)."
        )
    other, value = ("C", C) if name == "gamma" else ("gamma", gamma)
    side = "past the peak" if way == "smaller" else "before the peak"
    return (
        f"On the validation curve of {name} (with {other} fixed at {value:g}), your {name} is "
        f"{side}: a {way} {name} scores higher."
    )


@_check
def check_good_svc(C, gamma, X, y) -> Feedback:
    """Check that ``SVC(C=C, gamma=gamma)`` reaches a mean 5-fold cross-validation accuracy
    of at least :data:`GOOD_SVC_THRESHOLD` (at the three decimals shown) on ``X, y`` (the
    development data, never the test set). A wrong answer is diagnosed as notebook 03 does,
    from the training and validation scores, and the hint says which side of the validation
    curve it is on."""
    if _is_placeholder(C) or _is_placeholder(gamma):
        raise _reminder("numbers for C and gamma")
    C, gamma = _positive_number(C, "C"), _positive_number(gamma, "gamma")
    train, valid = _svc_cv(C, gamma, X, y)
    said = (
        f"C={C:g}, gamma={gamma:g}: mean 5-fold CV accuracy {valid:.3f} "
        f"(training folds {train:.3f})."
    )
    if round(valid, 3) >= GOOD_SVC_THRESHOLD:
        return Feedback(True, f"Correct! {said}{_one_at_a_time_note(C, gamma, valid, X, y)}")
    gap = train - valid
    if gap > _OVERFIT_GAP:
        diagnosis = (
            f"The training folds score {gap:.3f} above the validation folds: over-fitting, "
            "the model is too flexible."
        )
    elif round(train, 3) < GOOD_SVC_THRESHOLD:
        diagnosis = (
            f"Even the training folds reach only {train:.3f}, close to validation: "
            "under-fitting, the model is too simple."
        )
    else:
        diagnosis = (
            f"The training folds reach {train:.3f}, only {gap:.3f} above validation: neither a "
            "clear gap (over-fitting) nor a low training score (under-fitting)."
        )
    return Feedback(False, f"Not yet: {said}", f"{diagnosis}\n{_direction(C, gamma, valid, X, y)}")


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
