"""Self-checks of notebook 13: grouped and time-ordered data, and how many folds."""

from __future__ import annotations

import numbers

import numpy as np

from hptlearn.evaluation import GROUP_SPLITTERS
from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop

# --------------------------------------------------------------------------------------
# Notebook 13: grouped and time-ordered data
# --------------------------------------------------------------------------------------


def _set_up(X, y, groups):
    X = np.asarray(X)
    y = np.asarray(y)
    groups = np.asarray(groups)
    if X.ndim != 2 or len(X) != len(y) or len(y) != len(groups):
        raise ValueError("X (2-D), y and groups must have one row (one label) per sample.")
    return X, y, groups


@_check
def check_grouped_search(search, *, X, y, groups) -> Feedback:
    """Check a fitted search over grouped data (several rows per patient).

    Right: its ``cv`` keeps every group on one side of each split (``GroupKFold``,
    ``StratifiedGroupKFold``, ...) and it was fitted on ``X, y`` with ``groups=groups``:
    the check repeats the splits with these groups and re-scores the best candidate on
    them, which must give the search's own score. A splitter that shuffles needs an int
    ``random_state`` so that the splits can be repeated.
    """
    from sklearn.base import clone
    from sklearn.model_selection import check_cv, cross_val_score

    _given(search, "your fitted search (a GridSearchCV or RandomizedSearchCV)")
    X, y, groups = _set_up(X, y, groups)
    if not hasattr(search, "estimator") or not hasattr(search, "get_params"):
        raise _Stop(f"Give the search object itself (a GridSearchCV), not {search!r}.")
    if not hasattr(search, "cv_results_"):
        raise _Stop("The search is not fitted yet: call search.fit(X, y, groups=groups) first.")
    name = type(search.cv).__name__
    if (
        search.cv is None
        or isinstance(search.cv, numbers.Integral)
        or not hasattr(search.cv, "split")
    ):
        return Feedback(
            False,
            f"Not yet: cv={search.cv!r} makes stratified folds of rows, so rows of one "
            "patient land on both sides of a split.",
            "Give cv a splitter that keeps each patient's rows together, and pass the "
            "patients to fit.",
        )
    if name not in GROUP_SPLITTERS:
        return Feedback(
            False,
            f"Not yet: {name} splits rows, not patients; it ignores groups even when they "
            "are passed, so rows of one patient land on both sides of a split.",
            "Use a splitter that keeps each patient's visits together (section 1 used one "
            "whose name says so), and pass the patients to fit.",
        )
    if getattr(search.cv, "shuffle", False) and not isinstance(
        getattr(search.cv, "random_state", None), numbers.Integral
    ):
        raise _Stop(
            f"Give {name} an int random_state (e.g. random_state=0), so that the check can "
            "repeat its splits."
        )
    if getattr(search, "n_features_in_", X.shape[1]) != X.shape[1]:
        raise _Stop("The search was fitted on other data: fit it on the X given to the check.")
    splits = list(check_cv(search.cv, y, classifier=True).split(X, y, groups))
    if getattr(search, "n_splits_", len(splits)) != len(splits):
        return Feedback(
            False,
            "Not quite: the search did not make these splits.",
            "Fit the search on X, y with groups=groups (one patient number per row).",
        )
    best = search.best_index_
    estimator = clone(search.estimator).set_params(**search.cv_results_["params"][best])
    again = cross_val_score(estimator, X, y, cv=splits, scoring=search.scoring)
    done = np.array([search.cv_results_[f"split{k}_test_score"][best] for k in range(len(splits))])
    if not np.allclose(again, done, atol=1e-12):
        return Feedback(
            False,
            "Not quite: the search's scores do not come from splits of these patients.",
            "Pass groups=groups to fit: the patient number of each row, the same X and y.",
        )
    leaks = sum(bool(set(groups[train]) & set(groups[test])) for train, test in splits)
    if leaks:  # a group splitter never does this; kept as a guard
        return Feedback(False, "Not quite: some patients are on both sides.", "Check groups.")
    setting = ", ".join(f"{k}={v!r}" for k, v in search.best_params_.items())
    return Feedback(
        True,
        f"Correct! {len(splits)} splits, no patient on both sides of any of them; the search "
        f"chose {setting} with a mean validation score of {done.mean():.4f} on patients it "
        "had not trained on.",
    )
