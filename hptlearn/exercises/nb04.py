"""Self-checks of notebook 04: grid search."""

from __future__ import annotations

import numpy as np

from hptlearn.exercises._feedback import (
    Feedback,
    _check,
    _given,
    _is_placeholder,
    _reminder,
    _Stop,
    _whole_number,
)

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
    if fits == candidates:
        return Feedback(
            False,
            "That is the number of candidates.",
            f"Each candidate is fitted once per fold ({folds} folds).",
        )
    if refit and fits == candidates + 1:
        return Feedback(
            False,
            "That is the number of candidates plus the refit.",
            f"Each candidate is fitted once per fold ({folds} folds), not once.",
        )
    if refit and fits == candidates * (folds + 1):
        return Feedback(
            False,
            "Not quite: that refits every candidate.",
            "Only the best candidate is refitted, once, after the search.",
        )
    return Feedback(False, "Not quite.", _fit_count_slip(space, fits, folds, refit))


def _fit_count_slip(space, fits, folds, refit) -> str:
    """The first hint for a wrong number of fits: the slip it looks like, else a question."""
    import math

    if isinstance(space, dict):
        sizes = [len(v) for v in space.values()]
        extra = (0, 1) if refit else (0,)
        if any(fits == sum(sizes) * folds + e for e in extra):
            return "You added the numbers of values: a grid tries every combination of them."
        partial = {math.prod(sizes[:i] + sizes[i + 1 :]) for i in range(len(sizes))}
        if any(fits == p * folds + e for p in partial for e in extra):
            return "One hyperparameter is missing from your count: every list multiplies it."
    return "How many candidates does the grid hold? Count them first, then the fits of each."


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


#: the grid of :func:`check_pipeline_search`: kNN inside a pipeline with a scaler
PIPELINE_SEARCH_GRID = {"n_neighbors": [1, 5, 11, 21, 41], "weights": ["uniform", "distance"]}


def _fitted_search(search, kind, what: str):
    """The search if it is a fitted ``kind``; else a message that says what is missing."""
    if _is_placeholder(search):
        raise _reminder(what)
    if not isinstance(search, kind):
        raise _Stop(
            f"This is a {type(search).__name__}, not a {kind.__name__}: build one with "
            f"{kind.__name__}(pipeline, ..., cv=5), then call .fit(X_train, y_train)."
        )
    if not hasattr(search, "cv_results_"):
        raise _Stop("The search is not fitted yet: call .fit(X_train, y_train) on it.")
    return search


def _pipeline_steps(search, model_type, model_name: str):
    """Feedback on where the scaler and the model sit, or None when a Pipeline holds a
    StandardScaler before a ``model_type``."""
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    estimator = search.estimator
    if not isinstance(estimator, Pipeline):
        return Feedback(
            False,
            f"Not quite: the search tunes a {type(estimator).__name__}, not a Pipeline.",
            "Put the scaler inside the search: a Pipeline of a StandardScaler and the model, "
            "so that each fold's scaler is fitted on its training folds only.",
        )
    steps = [step for _, step in estimator.steps]
    if not any(isinstance(step, StandardScaler) for step in steps[:-1]):
        return Feedback(
            False,
            "Not quite: the pipeline has no StandardScaler before the model.",
            f"{model_name} measures distances: standardize the features first, as its first step.",
        )
    if not isinstance(steps[-1], model_type):
        return Feedback(
            False,
            f"Not quite: the pipeline's last step is a {type(steps[-1]).__name__}.",
            f"The exercise tunes a {model_type.__name__} as the last step.",
        )
    return None


def _fitted_on(search, X) -> bool:
    """Whether the refitted pipeline's first step saw exactly the rows of ``X``."""
    best = getattr(search, "best_estimator_", None)
    seen = getattr(best.steps[0][1], "n_samples_seen_", None) if best is not None else None
    return seen is None or int(np.max(seen)) == len(X)


@_check
def check_pipeline_search(search, X, y) -> Feedback:
    """Check a fitted ``GridSearchCV`` that tunes :data:`PIPELINE_SEARCH_GRID` of a
    ``KNeighborsClassifier`` inside a ``Pipeline`` after a ``StandardScaler``, with 5-fold
    cross-validation, fitted on ``X, y`` (the training set)."""
    from sklearn.model_selection import GridSearchCV
    from sklearn.neighbors import KNeighborsClassifier

    search = _fitted_search(search, GridSearchCV, "a fitted GridSearchCV")
    wrong = _pipeline_steps(search, KNeighborsClassifier, "kNN")
    if wrong is not None:
        return wrong
    tried = {
        tuple(sorted((name.rsplit("__", 1)[-1], value) for name, value in p.items()))
        for p in search.cv_results_["params"]
    }
    expected = {
        (("n_neighbors", k), ("weights", w))
        for k in PIPELINE_SEARCH_GRID["n_neighbors"]
        for w in PIPELINE_SEARCH_GRID["weights"]
    }
    if tried != expected:
        return Feedback(
            False,
            f"Not quite: the search tried {len(search.cv_results_['params'])} candidates, "
            f"not the {len(expected)} of the grid.",
            "The grid's names are step__param (e.g. knn__n_neighbors), with the values the "
            "exercise lists for n_neighbors and weights.",
        )
    if search.n_splits_ != 5:
        return Feedback(
            False,
            f"Not quite: {search.n_splits_}-fold cross-validation.",
            "The exercise asks for cv=5.",
        )
    if not _fitted_on(search, X):
        return Feedback(
            False,
            "Not quite: the search was not fitted on the training set.",
            "Fit it on X_train, y_train: the test set stays out of every choice.",
        )
    best = {name.rsplit("__", 1)[-1]: v for name, v in search.best_params_.items()}
    return Feedback(
        True,
        f"Correct! {len(expected)} candidates x 5 folds + 1 refit. Best: "
        f"n_neighbors={best['n_neighbors']}, weights={best['weights']!r}, mean CV accuracy "
        f"{search.best_score_:.4f}.",
    )
