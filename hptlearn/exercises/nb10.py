"""Self-checks of notebook 10: did we fool ourselves?."""

from __future__ import annotations

import math
import numbers

import numpy as np

from hptlearn.exercises._feedback import (
    Feedback,
    _check,
    _finite_number,
    _given,
    _is_placeholder,
    _Stop,
)

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
    value = _finite_number(answer, "0.01")
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
