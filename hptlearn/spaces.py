"""Search spaces: what to try, how many fits that costs, and whether the names are right.

A *search space* tells a search which values to try for each hyperparameter. In
scikit-learn it is a dict that maps a hyperparameter's name to a list of values
(or, for a random search, to a distribution from ``scipy.stats``), or a list of
such dicts::

    {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}

- :func:`count_candidates` and :func:`count_fits` say how many candidates a
  search evaluates and how many models it trains, before you start it.
- :func:`validate_space` checks every name in a space against the estimator, and
  suggests the right name for a typo (``gama`` -> ``gamma``).

Reading typed values is :mod:`hptlearn.syntax`; building distributions from typed
ranges is :mod:`hptlearn.distributions`.
"""

from __future__ import annotations

import difflib
import numbers
import textwrap
from collections.abc import Sequence

import numpy as np

__all__ = [
    "InvalidSpaceError",
    "UnknownHyperparameterError",
    "count_candidates",
    "count_fits",
    "validate_space",
]


class InvalidSpaceError(TypeError, ValueError):
    """Raised when a search space is not shaped the way scikit-learn expects.

    For example a single string instead of a list (``{"kernel": "rbf"}``), an
    empty list, or a distribution in a grid search. It is both a ``TypeError``
    (like scikit-learn's own error for the same mistake) and a ``ValueError``, so
    ``except ValueError`` catches it too.
    """


class UnknownHyperparameterError(ValueError):
    """Raised by :func:`validate_space` for a name the estimator does not have.

    Attributes
    ----------
    name : str
        The name that is not a hyperparameter of the estimator.
    suggestions : list of str
        The closest valid names, best first (may be empty).
    valid_names : list of str
        Every name the estimator accepts, sorted.
    """

    def __init__(self, message, name="", suggestions=(), valid_names=()):
        super().__init__(message)
        self.name = name
        self.suggestions = list(suggestions)
        self.valid_names = list(valid_names)


# ---------------------------------------------------------------------------
# Checking the shape of a space, counting candidates and fits
# ---------------------------------------------------------------------------

_SPACE_EXAMPLE = "{'C': [0.1, 1, 10], 'kernel': ['rbf', 'linear']}"


def _is_distribution(values):
    """Distributions are sampled by a random search; scipy.stats ones have ``rvs``."""
    return hasattr(values, "rvs")


def _as_list_of_dicts(space):
    """Return the space as a list of dicts, or explain what to write instead."""
    if isinstance(space, dict):
        return [space]
    if isinstance(space, (list, tuple)):
        if not space:
            raise InvalidSpaceError(
                "the search space is an empty list: give at least one dict, "
                f"e.g. [{_SPACE_EXAMPLE}]"
            )
        for position, grid in enumerate(space):
            if not isinstance(grid, dict):
                raise InvalidSpaceError(
                    f"item {position} of the search space is a {type(grid).__name__} "
                    f"({grid!r}), not a dict: write each part as a dict, e.g. {_SPACE_EXAMPLE}"
                )
        return list(space)
    raise InvalidSpaceError(
        f"a search space is a dict that maps names to lists of values, e.g. {_SPACE_EXAMPLE}, "
        f"or a list of such dicts; got a {type(space).__name__} ({space!r})"
    )


def _check_values(name, values, allow_distributions):
    """Check one entry of a space: a non-empty list/tuple/1-D array, or a distribution."""
    if not isinstance(name, str):
        raise InvalidSpaceError(
            f"hyperparameter names are text, e.g. 'C'; got {name!r} ({type(name).__name__})"
        )
    if _is_distribution(values):
        if not allow_distributions:
            raise InvalidSpaceError(
                f"{name!r} is a distribution ({type(values).__name__}), which a grid search "
                f"cannot list: a grid needs a list of values, e.g. {name!r}: [0.1, 1, 10]. "
                "To sample from a distribution use a random search: give n_iter, e.g. "
                "count_candidates(space, n_iter=20)"
            )
        return
    if isinstance(values, str) or not isinstance(values, (Sequence, np.ndarray)):
        if isinstance(values, (str, numbers.Number)) or values is None:
            hint = f"put it in a list: {name!r}: [{values!r}]"
        else:
            hint = f"write a list of values, e.g. {name!r}: [0.1, 1, 10]"
        raise InvalidSpaceError(
            f"the values for {name!r} must be a list (or a distribution for a random search), "
            f"not a {type(values).__name__} ({values!r}); {hint}"
        )
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise InvalidSpaceError(
            f"the array for {name!r} must be one-dimensional, got shape {values.shape}"
        )
    if len(values) == 0:
        raise InvalidSpaceError(
            f"the list for {name!r} is empty: give at least one value, e.g. {name!r}: [1]; "
            "to keep the default, leave the name out"
        )


def count_candidates(space, n_iter=None) -> int:
    """Count the candidates (combinations of values) a search will evaluate.

    Parameters
    ----------
    space : dict or list of dicts
        Maps each hyperparameter name to a list of values (or, for a random
        search, a distribution such as ``scipy.stats.loguniform(1e-3, 1e3)``).
        A list of dicts is searched one dict after the other, as in
        scikit-learn.
    n_iter : int or None, default=None
        ``None`` for a grid search (``GridSearchCV``): every combination. An int
        for a random search (``RandomizedSearchCV(n_iter=...)``).

    Returns
    -------
    n_candidates : int
        For a grid, the product of the list lengths of each dict, summed over
        the dicts (an empty dict ``{}`` is one candidate: the defaults). This is
        ``len(ParameterGrid(space))``. For a random search, ``n_iter``; but when
        every value is a list and the grid has fewer than ``n_iter``
        combinations, scikit-learn samples without repeats and stops at the grid
        size. This is ``len(ParameterSampler(space, n_iter))``.

    Raises
    ------
    InvalidSpaceError
        If the space is not a dict or list of dicts, a value is not a list
        (e.g. ``"rbf"`` instead of ``["rbf"]``), a list is empty, or a grid
        (``n_iter=None``) contains a distribution.

    Examples
    --------
    >>> count_candidates({"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]})
    6
    >>> count_candidates([{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": [1, 10]}])
    3
    >>> count_candidates({"C": [0.1, 1, 10]}, n_iter=20)
    3
    """
    grids = _as_list_of_dicts(space)
    grid_size = 0
    has_distribution = False
    for grid in grids:
        size = 1
        for name, values in grid.items():
            _check_values(name, values, allow_distributions=n_iter is not None)
            if _is_distribution(values):
                has_distribution = True
            else:
                size *= len(values)
        grid_size += size

    if n_iter is None:
        return grid_size
    if not isinstance(n_iter, numbers.Integral) or isinstance(n_iter, bool) or n_iter < 1:
        raise ValueError(f"n_iter must be a whole number of at least 1, got {n_iter!r}")
    if has_distribution:
        return int(n_iter)
    return min(int(n_iter), grid_size)


def _count_splits(cv, X=None, y=None, groups=None):
    """The number of train/test splits ``cv`` makes, as scikit-learn would use it."""
    if cv is None:
        return 5  # scikit-learn's default: 5-fold cross-validation
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if cv < 2:
            raise ValueError(
                f"cv={cv} is not enough: cross-validation needs at least 2 folds (cv=5 is usual)"
            )
        return int(cv)
    if hasattr(cv, "get_n_splits"):
        try:
            return int(cv.get_n_splits(X, y, groups))
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"{type(cv).__name__} needs the data to know how many splits it makes: "
                f"pass it, e.g. count_fits(space, cv, X=X, y=y, groups=groups) ({error})"
            ) from error
    if isinstance(cv, (list, tuple)):
        return len(cv)  # a list of (train_indices, test_indices) pairs
    raise TypeError(
        "cv must be an int (the number of folds), None (5 folds), a splitter such as "
        f"KFold(5), or a list of (train, test) index pairs; got {type(cv).__name__}"
    )


def count_fits(space, cv=5, n_iter=None, *, refit=False, X=None, y=None, groups=None) -> int:
    """Count the models a search trains: candidates times cross-validation splits.

    Parameters
    ----------
    space : dict or list of dicts
        The search space, as for :func:`count_candidates`.
    cv : int, None, splitter or list of (train, test) pairs, default=5
        As for ``GridSearchCV(cv=...)``: an int is the number of folds, ``None``
        means scikit-learn's default of 5 folds, and a splitter
        (``KFold``, ``StratifiedKFold``, ``ShuffleSplit``, ...) says itself how
        many splits it makes (``get_n_splits``).
    n_iter : int or None, default=None
        ``None`` for a grid search, an int for a random search.
    refit : bool, default=False
        After the search, ``GridSearchCV`` and ``RandomizedSearchCV`` train the
        best candidate once more on all the data (their own ``refit=True``,
        the default). Pass ``refit=True`` to count that last fit too.
    X, y, groups : optional
        Only needed by splitters whose number of splits depends on the data,
        such as ``LeaveOneOut`` (one split per sample) or ``LeaveOneGroupOut``.

    Returns
    -------
    n_fits : int
        ``count_candidates(space, n_iter) * n_splits`` (+ 1 with ``refit=True``).

    Examples
    --------
    >>> space = {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}
    >>> count_fits(space, cv=5)
    30
    >>> count_fits(space, cv=5, refit=True)
    31
    """
    n_fits = count_candidates(space, n_iter=n_iter) * _count_splits(cv, X, y, groups)
    return n_fits + 1 if refit else n_fits


# ---------------------------------------------------------------------------
# Checking names against the estimator: validate_space
# ---------------------------------------------------------------------------


def _last_part(name):
    """``"svc__C"`` -> ``"C"``: the hyperparameter without its pipeline step."""
    return name.rsplit("__", 1)[-1]


def _close_names(name, candidates):
    """Close matches, ignoring upper/lower case, returned with their original spelling."""
    by_lower = {}
    for candidate in candidates:
        by_lower.setdefault(candidate.lower(), []).append(candidate)
    matches = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
    return [original for match in matches for original in by_lower[match]]


def _suggest_names(name, valid_names):
    """The valid names a learner most likely meant by ``name``, best first.

    Tried in order, the first that finds something wins:

    1. the same name in other letter case (``svc__c`` -> ``svc__C``);
    2. the same hyperparameter in a pipeline step (``C`` or ``model__C`` -> ``svc__C``);
    3. a close spelling of the whole name (``gama`` -> ``gamma``, ``Cc`` -> ``C``);
    4. a close spelling of the part after the step (``gama`` -> ``svc__gamma``).
    """
    same_case = [valid for valid in valid_names if valid.lower() == name.lower()]
    if same_case:
        return same_case

    last = _last_part(name).lower()
    same_last_part = [
        valid for valid in valid_names if "__" in valid and _last_part(valid).lower() == last
    ]
    if same_last_part:
        return same_last_part[:3]

    close = _close_names(name, valid_names)
    if close:
        return close[:3]

    by_last_part = {}
    for valid in valid_names:
        if "__" in valid:
            by_last_part.setdefault(_last_part(valid), []).append(valid)
    close_last = _close_names(_last_part(name), list(by_last_part))
    return [valid for part in close_last for valid in by_last_part[part]][:3]


def _unknown_name_error(estimator, name, valid_names):
    estimator_name = type(estimator).__name__
    suggestions = _suggest_names(name, valid_names)
    message = f"{estimator_name} has no hyperparameter {name!r}."
    if suggestions:
        message += " Did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    nested_names = [valid for valid in valid_names if "__" in valid]
    if nested_names:
        example = next((found for found in suggestions if "__" in found), nested_names[0])
        step, part = example.rsplit("__", 1)
        message += (
            "\nA hyperparameter of a pipeline step (or of a nested estimator) is named "
            f"step__name: {example} is the {part} of {step}."
        )
    listing = textwrap.fill(
        ", ".join(valid_names), width=88, initial_indent="  ", subsequent_indent="  "
    )
    message += f"\nValid names for {estimator_name}:\n{listing}"
    return UnknownHyperparameterError(
        message, name=name, suggestions=suggestions, valid_names=valid_names
    )


def validate_space(estimator, space):
    """Check a search space against an estimator before searching.

    Every name must be a hyperparameter of ``estimator``, that is a key of
    ``estimator.get_params(deep=True)``. For a pipeline this means the
    ``step__name`` form (``svc__C``), and the same holds for estimators nested
    in others (``estimator__C``). Every value must be a non-empty list, tuple or
    1-D array, or a distribution with an ``rvs`` method.

    Parameters
    ----------
    estimator : estimator object
        The (unfitted) estimator or pipeline the space is for, e.g. ``SVC()``.
    space : dict or list of dicts
        The search space.

    Returns
    -------
    space : dict or list of dicts
        The same object, unchanged, so that the call can be chained:
        ``GridSearchCV(model, validate_space(model, space))``.

    Raises
    ------
    UnknownHyperparameterError
        For a name the estimator does not have. The message names it, suggests
        the closest valid names (``gama`` -> ``gamma``; in a pipeline ``C`` ->
        ``svc__C``) and lists every valid name.
    InvalidSpaceError
        For a value that is not a list (``"rbf"`` instead of ``["rbf"]``), an
        empty list, or a space that is not a dict or a list of dicts.

    Examples
    --------
    >>> from sklearn.svm import SVC
    >>> validate_space(SVC(), {"C": [0.1, 1, 10], "kernel": ["rbf"]})
    {'C': [0.1, 1, 10], 'kernel': ['rbf']}
    """
    if isinstance(estimator, type):
        raise TypeError(
            f"pass an estimator object, {estimator.__name__}(), not the class {estimator.__name__}"
        )
    if not hasattr(estimator, "get_params"):
        raise TypeError(
            f"{type(estimator).__name__} is not a scikit-learn estimator (it has no get_params)"
        )
    valid_names = sorted(estimator.get_params(deep=True))
    for grid in _as_list_of_dicts(space):
        for name, values in grid.items():
            if isinstance(name, str) and name not in valid_names:
                raise _unknown_name_error(estimator, name, valid_names)
            _check_values(name, values, allow_distributions=True)
    return space
