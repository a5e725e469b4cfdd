"""Search spaces: what to try, how many fits that costs, and whether the names are right.

A *search space* tells a search which values to try for each hyperparameter. In
scikit-learn it is a dict that maps a hyperparameter's name to a list of values
(or, for a random search, to a distribution from ``scipy.stats``), or a list of
such dicts::

    {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}

- :func:`count_candidates` and :func:`count_fits` say how many candidates a
  search evaluates and how many models it trains, before you start it
  (scikit-learn's ``ParameterGrid``, ``ParameterSampler`` and ``check_cv`` count).
- :func:`validate_space` checks a space against the estimator before searching,
  and :func:`check_candidates` checks the candidates a search is about to
  evaluate. Both refuse exactly what scikit-learn would refuse, but before the
  first fit, and suggest the right name for a typo (``gama`` -> ``gamma``).

Reading typed values is :mod:`hptlearn.syntax`; building distributions from typed
ranges is :mod:`hptlearn.distributions`.
"""

from __future__ import annotations

import difflib
import itertools
import numbers
import re
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid, ParameterSampler, check_cv

__all__ = [
    "InvalidSpaceError",
    "UnknownHyperparameterError",
    "check_candidates",
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
    """Raised for a name that the estimator's ``set_params`` refuses.

    The message starts with scikit-learn's own words (``Invalid parameter 'gama'
    for estimator SVC()``), so code that matches scikit-learn's message still
    matches, then suggests the closest valid names and lists them all.

    Attributes
    ----------
    name : str
        The name that is not a hyperparameter of the estimator.
    suggestions : list of str
        The closest valid names, best first (may be empty).
    valid_names : list of str
        Every name the estimator accepts, sorted (for the estimator as the
        candidate sets it up: with the step a grid swaps in, say).
    candidate : dict
        The candidate (name -> value) whose names were refused.
    """

    def __init__(self, message, name="", suggestions=(), valid_names=(), candidate=None):
        super().__init__(message)
        self.name = name
        self.suggestions = list(suggestions)
        self.valid_names = list(valid_names)
        self.candidate = {} if candidate is None else dict(candidate)


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
            # ParameterGrid([]) has no candidate, and a search with none refuses to fit
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


def _not_a_list(name, values):
    if isinstance(values, (str, numbers.Number)) or values is None:
        hint = f"put it in a list: {name!r}: [{values!r}]"
    else:
        hint = f"write a list of values, e.g. {name!r}: [0.1, 1, 10]"
    return InvalidSpaceError(
        f"the values for {name!r} must be a list (or a distribution for a random search), "
        f"not a {type(values).__name__} ({values!r}); {hint}"
    )


def _check_values(name, values, *, allow_distributions, sampled):
    """Check one entry of a space the way scikit-learn will use it.

    ``sampled`` is True when a random search samples the space one value at a time
    (``ParameterSampler`` with a distribution somewhere in the space); otherwise the
    space is enumerated by ``ParameterGrid`` (a grid search, and a random search over
    lists only), which wants a non-empty list, tuple or 1-D array. A sampler only
    needs something it can index (``values[i]``), and it accepts a 2-D array (it
    draws rows) or even a string (it draws characters).
    """
    if not isinstance(name, str):
        # set_params(**{1: ...}) fails: keywords must be strings
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
    if sampled:
        indexable = isinstance(values, (str, Sequence, np.ndarray)) or (
            hasattr(values, "__getitem__")
            and hasattr(values, "__len__")
            and not isinstance(values, Mapping)
        )
        if not indexable:
            raise _not_a_list(name, values)
        if isinstance(values, str) and values:
            # scikit-learn accepts it, and draws one character at a time: say so
            warnings.warn(
                f"the values for {name!r} are the text {values!r}: a random search draws "
                f"one character of it at a time ({', '.join(repr(c) for c in values[:3])}"
                f"{', ...' if len(values) > 3 else ''}); to try the value {values!r}, "
                f"put it in a list: {name!r}: [{values!r}]",
                UserWarning,
                stacklevel=4,
            )
    else:
        if isinstance(values, str) or not isinstance(values, (Sequence, np.ndarray)):
            raise _not_a_list(name, values)
        if isinstance(values, np.ndarray) and values.ndim != 1:
            raise InvalidSpaceError(
                f"the array for {name!r} must be one-dimensional, got shape {values.shape}"
            )
    if len(values) == 0:
        raise InvalidSpaceError(
            f"the list for {name!r} is empty: give at least one value, e.g. {name!r}: [1]; "
            "to keep the default, leave the name out"
        )


def _check_space(space, *, allow_distributions):
    """The space as a list of dicts, each entry checked; and whether it is sampled."""
    grids = _as_list_of_dicts(space)
    sampled = allow_distributions and any(
        _is_distribution(values) for grid in grids for values in grid.values()
    )
    for grid in grids:
        for name, values in grid.items():
            _check_values(name, values, allow_distributions=allow_distributions, sampled=sampled)
    return grids


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
        (``n_iter=None``) contains a distribution: the spaces scikit-learn
        refuses, with a message that says what to write instead.
    ValueError
        If ``n_iter`` is not a whole number of at least 1.

    Warns
    -----
    UserWarning
        For a text where a random search expects a list (``"kernel": "rbf"`` next
        to a distribution): scikit-learn accepts it and draws one character at a
        time, which is rarely what was meant.

    Examples
    --------
    >>> count_candidates({"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]})
    6
    >>> count_candidates([{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": [1, 10]}])
    3
    >>> count_candidates({"C": [0.1, 1, 10]}, n_iter=20)
    3
    """
    grids = _check_space(space, allow_distributions=n_iter is not None)
    if n_iter is None:
        return len(ParameterGrid(grids))
    if not isinstance(n_iter, numbers.Integral) or isinstance(n_iter, bool) or n_iter < 1:
        raise ValueError(f"n_iter must be a whole number of at least 1, got {n_iter!r}")
    return len(ParameterSampler(grids, int(n_iter)))


def _count_splits(cv, X=None, y=None, groups=None):
    """The number of train/test splits ``cv`` makes, as scikit-learn's ``check_cv`` reads it."""
    if isinstance(cv, bool) or isinstance(cv, str):
        raise TypeError(
            "cv must be an int (the number of folds), None (5 folds), a splitter such as "
            f"KFold(5), or a list of (train, test) index pairs; got {type(cv).__name__}"
        )
    if isinstance(cv, numbers.Integral) and cv < 2:
        raise ValueError(
            f"cv={cv} is not enough: cross-validation needs at least 2 folds (cv=5 is usual)"
        )
    if not (
        cv is None or isinstance(cv, (numbers.Integral, list, tuple)) or hasattr(cv, "get_n_splits")
    ):
        # a generator or another one-time iterable would be used up by counting
        hint = ": pass list(...) of it" if isinstance(cv, Iterable) else ""
        raise TypeError(
            "cv must be an int (the number of folds), None (5 folds), a splitter such as "
            f"KFold(5), or a list of (train, test) index pairs; got {type(cv).__name__}{hint}"
        )
    # An int becomes StratifiedKFold for a classifier with class labels and KFold
    # otherwise: both make that many splits, so the count does not need the estimator.
    splitter = check_cv(cv, y, classifier=True)
    try:
        return int(splitter.get_n_splits(X, y, groups))
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{type(cv).__name__} needs the data to know how many splits it makes: "
            f"pass it, e.g. count_fits(space, cv, X=X, y=y, groups=groups) ({error})"
        ) from error


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
        many splits it makes (``get_n_splits``). Read by scikit-learn's
        ``check_cv``, as the search will read it.
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
# Checking names against the estimator: check_candidates, validate_space
# ---------------------------------------------------------------------------
#
# scikit-learn sets each candidate on a clone of the estimator with
# ``estimator.set_params(**clone(params, safe=False))``, outside any try: a name
# that set_params refuses stops the whole search with "Invalid parameter ...". So a
# name is wrong exactly when set_params refuses it, and that is what is checked, by
# calling set_params. Which names set_params accepts depends on the names and on
# the objects that decide the shape of the estimator: an estimator put in a step
# (``clf=SVC()`` makes ``clf__gamma`` valid), or a placeholder ("passthrough",
# None) in a step that other names reach into. Numbers never change it. So the
# candidates fall into a few *structural signatures*, and one candidate of each is
# checked: a grid of 10,000 candidates over numbers costs one set_params call.

# The start of scikit-learn's message for a name set_params does not know (from
# BaseEstimator.set_params, and Kernel.set_params for the kernel of a Gaussian process).
_INVALID_PARAMETER_RE = re.compile(
    r"Invalid parameter '?(?P<key>[^\s']+)'? for (?:estimator|kernel) "
)


def _is_estimator(value):
    """An object whose parameters can be set, such as ``SVC()`` (not the class ``SVC``)."""
    return (
        hasattr(value, "get_params")
        and hasattr(value, "set_params")
        and not isinstance(value, type)
    )


def _holds_estimators(value):
    """A list such as ``steps=[("scale", StandardScaler()), ("svc", SVC())]``."""
    if not isinstance(value, (list, tuple)):
        return False
    return any(
        _is_estimator(item)
        or (isinstance(item, tuple) and any(_is_estimator(part) for part in item))
        for item in value
    )


# values that are never estimators: checked first, as nearly every value is one of them
_PLAIN = (str, int, float, bool, complex, np.generic, type(None))


class _Signatures:
    """Structural signatures of candidates, remembering each estimator's shape once."""

    def __init__(self):
        self._shapes = {}  # id -> (the object, kept alive so that its id is not reused; shape)
        self._prefixes = {}  # names of a candidate -> the steps they reach into

    def shape(self, estimator):
        """Its class and the names it accepts: two estimators alike here set alike."""
        known = self._shapes.get(id(estimator))
        if known is None:
            try:
                names = tuple(sorted(estimator.get_params(deep=True)))
            except Exception:  # noqa: BLE001 - an estimator that cannot list them: itself alone
                names = ("#", id(estimator))
            known = self._shapes[id(estimator)] = (estimator, (type(estimator), names))
        return known[1]

    def key(self, name, value, prefixes):
        """What of ``value`` can decide which names set_params accepts (None: nothing)."""
        if isinstance(value, _PLAIN):
            if name not in prefixes:
                return None
            if value is None or isinstance(value, str):  # "passthrough", None in a step
                return ("placeholder", value)
            return ("other", type(value).__name__)
        if _is_estimator(value):
            return ("estimator", self.shape(value))
        if _holds_estimators(value):
            shapes = tuple(
                self.shape(part)
                if _is_estimator(part)
                else (part if part is None or isinstance(part, str) else type(part).__name__)
                for item in value
                for part in (item if isinstance(item, tuple) else (item,))
            )
            return ("estimators", shapes)
        if name in prefixes:
            return ("other", type(value).__name__)
        return None

    def prefixes(self, names):
        prefixes = self._prefixes.get(names)
        if prefixes is None:
            prefixes = self._prefixes[names] = _prefixes(n for n in names if isinstance(n, str))
        return prefixes

    def of(self, candidate):
        """The signature of one candidate: its names, each with the key of its value."""
        prefixes = self.prefixes(tuple(candidate))
        return frozenset(
            (name, self.key(name, value, prefixes)) for name, value in candidate.items()
        )


def _prefixes(names):
    """``["svc__C", "a__b__c"]`` -> ``{"svc", "a", "a__b"}``: the steps names reach into."""
    prefixes = set()
    for name in names:
        parts = name.split("__")
        for stop in range(1, len(parts)):
            prefixes.add("__".join(parts[:stop]))
    return prefixes


def _set_params_error(estimator, params):
    """The error scikit-learn would raise for an unknown name in ``params``, or None.

    Only scikit-learn's invalid-parameter ``ValueError`` counts; any other exception
    (a placeholder that has no ``set_params``, an estimator that cannot be cloned)
    is left for scikit-learn to report during the search.
    """
    try:
        clone(estimator).set_params(**clone(params, safe=False))
    except ValueError as error:
        if _INVALID_PARAMETER_RE.match(str(error)):
            return error
    except Exception:  # noqa: BLE001 - not a wrong name: scikit-learn will say what it is
        pass
    return None


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
    3. for a name in a step that exists, a close spelling within that step only
       (``svc__gama`` -> ``svc__gamma``; nothing if the step has no such name);
    4. a close spelling of the whole name (``gama`` -> ``gamma``, ``Cc`` -> ``C``);
    5. a close spelling of the part after the step (``gama`` -> ``svc__gamma``).
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

    if "__" in name:
        step = name.rsplit("__", 1)[0]
        in_step = {
            _last_part(valid): valid
            for valid in valid_names
            if valid.startswith(f"{step}__") and "__" not in valid[len(step) + 2 :]
        }
        if in_step:
            return [in_step[part] for part in _close_names(_last_part(name), in_step)][:3]

    close = _close_names(name, valid_names)
    if close:
        return close[:3]

    by_last_part = {}
    for valid in valid_names:
        if "__" in valid:
            by_last_part.setdefault(_last_part(valid), []).append(valid)
    close_last = _close_names(_last_part(name), list(by_last_part))
    return [valid for part in close_last for valid in by_last_part[part]][:3]


def _find_unknown_name(estimator, candidate, error):
    """Which name of ``candidate`` set_params refuses, and the names set before it.

    The names are set a few more at a time, steps before what is inside them (as
    set_params itself does), until set_params refuses: the last name added is the
    wrong one, and the names before it (a step swapped in, say) tell which names
    would have been valid.
    """
    names = sorted(candidate, key=lambda name: str(name).count("__"))
    for stop in range(len(names)):
        refused = _set_params_error(
            estimator, {name: candidate[name] for name in names[: stop + 1]}
        )
        if refused is not None:
            return names[stop], {name: candidate[name] for name in names[:stop]}, refused
    # set_params only refuses the names together: name the part scikit-learn named
    key = _INVALID_PARAMETER_RE.match(str(error)).group("key")
    name = next((name for name in names if key in str(name).split("__")), key)
    return name, {}, error


def _unknown_name_error(estimator, candidate, error):
    name, settled, error = _find_unknown_name(estimator, candidate, error)
    try:
        configured = clone(estimator).set_params(**clone(settled, safe=False))
        valid_names = sorted(configured.get_params(deep=True))
    except Exception:  # noqa: BLE001 - fall back on the estimator as given
        valid_names = sorted(estimator.get_params(deep=True))
    estimator_name = type(estimator).__name__
    suggestions = _suggest_names(name, valid_names)

    # scikit-learn's own first sentence, so that code matching its message still matches
    first = re.split(r"\s+(?:Valid parameters are|Check the list of available)", str(error))[0]
    message = first.strip() + f" {estimator_name} has no hyperparameter {name!r}"
    steps = [
        f"{step}={value!r}" for step, value in settled.items() if str(name).startswith(f"{step}__")
    ]
    if steps:
        message += f" (with {', '.join(steps)})"
    message += "."
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
        message,
        name=name,
        suggestions=suggestions,
        valid_names=valid_names,
        candidate=candidate,
    )


def _check_estimator(estimator):
    if isinstance(estimator, type):
        raise TypeError(
            f"pass an estimator object, {estimator.__name__}(), not the class {estimator.__name__}"
        )
    if not hasattr(estimator, "get_params") or not hasattr(estimator, "set_params"):
        raise TypeError(
            f"{type(estimator).__name__} is not a scikit-learn estimator (it has no get_params)"
        )


def _plainly_valid(candidate, known_names) -> bool:
    """True when every name of ``candidate`` is one of the estimator's own (deep) names and
    no value replaces a step that another name reaches into: ``set_params`` then accepts
    it for sure, and need not be called (a search's estimator may count its calls)."""
    names = list(candidate)
    if not set(names) <= known_names:
        return False
    return not any(other.startswith(name + "__") for name in names for other in names)


def _check_all(estimator, candidates, signatures=None):
    signatures = _Signatures() if signatures is None else signatures
    seen = set()
    try:
        known_names = set(estimator.get_params(deep=True))
    except Exception:  # noqa: BLE001 - then every signature is checked with set_params
        known_names = set()
    for candidate in candidates:
        if not isinstance(candidate, Mapping):
            raise TypeError(
                "each candidate is a dict that maps names to values, e.g. {'C': 1.0}; "
                f"got a {type(candidate).__name__} ({candidate!r})"
            )
        signature = signatures.of(candidate)
        if signature in seen:
            continue
        seen.add(signature)
        if _plainly_valid(candidate, known_names):
            continue
        error = _set_params_error(estimator, candidate)
        if error is not None:
            raise _unknown_name_error(estimator, dict(candidate), error)


def check_candidates(estimator, candidates) -> None:
    """Check, before any fit, that scikit-learn can set every candidate on the estimator.

    A search sets each candidate on a clone of its estimator with
    ``set_params(**clone(candidate, safe=False))``; a name that ``set_params``
    refuses stops the whole search. This function makes the same call on one
    candidate of each *structural signature* (the names, and which estimator or
    placeholder sits in the steps that names reach into: numbers never change
    which names are valid), so a grid of thousands of candidates costs a handful
    of calls.

    Parameters
    ----------
    estimator : estimator object
        The (unfitted) estimator or pipeline the search is for.
    candidates : iterable of dict
        The candidates the search will evaluate, in order, e.g.
        ``list(ParameterGrid(space))``.

    Returns
    -------
    None

    Raises
    ------
    UnknownHyperparameterError
        For the first candidate with a name that ``set_params`` refuses. The
        message starts with scikit-learn's own (``Invalid parameter 'gama' for
        estimator SVC()``), then suggests the closest valid names and lists them.
        Any other error of ``set_params`` is left for the search to report.
    TypeError
        If ``estimator`` is a class rather than an estimator object, or a
        candidate is not a dict.

    Examples
    --------
    >>> from sklearn.model_selection import ParameterGrid
    >>> from sklearn.svm import SVC
    >>> check_candidates(SVC(), ParameterGrid({"C": [0.1, 1, 10], "gamma": [0.1, 1]}))
    >>> try:
    ...     check_candidates(SVC(), [{"C": 1}, {"gama": 0.1}])
    ... except ValueError as error:
    ...     for sentence in str(error).splitlines()[0].split(". "):
    ...         print(sentence)
    Invalid parameter 'gama' for estimator SVC()
    SVC has no hyperparameter 'gama'
    Did you mean 'gamma'?
    """
    _check_estimator(estimator)
    _check_all(estimator, candidates)


def _representatives(grid, signatures):
    """One candidate of each structural signature that ``grid`` (one dict) can make.

    A list contributes one value per kind of value that matters (each estimator
    shape, each placeholder of a step); a distribution one sample.
    """
    names = sorted(grid)
    prefixes = _prefixes(names)
    choices = []
    for name in names:
        values = grid[name]
        if _is_distribution(values):
            try:
                values = [values.rvs(random_state=0)]
            except Exception:  # noqa: BLE001 - the search will report a distribution that fails
                return
        elif (
            isinstance(values, np.ndarray)
            and values.dtype.kind in "biufc"
            or isinstance(values, range)
        ):
            values = values[:1]  # numbers only: one of them stands for all
        kinds = {}
        for value in values:
            kinds.setdefault(signatures.key(name, value, prefixes), value)
        choices.append(list(kinds.values()))
    for combination in itertools.product(*choices):
        yield dict(zip(names, combination, strict=True))


def validate_space(estimator, space):
    """Check a search space against an estimator before searching.

    Refuses what scikit-learn's search would refuse, before the first fit rather
    than during it, and with a clearer message:

    - a space that is not shaped the way ``ParameterGrid`` (a grid search) or
      ``ParameterSampler`` (a random search with a distribution) reads it;
    - a name that the estimator's ``set_params`` refuses, checked by calling
      ``set_params`` itself, as the search does, on one candidate of each
      structural signature (see :func:`check_candidates`). So whatever
      ``set_params`` accepts is accepted: ``step__name`` in a pipeline (``svc__C``),
      a step swapped for another estimator by the grid together with that
      estimator's own hyperparameters (``{"clf": [SVC()], "clf__gamma": [1]}``),
      ``"passthrough"`` in one dict of a list and the step's hyperparameters in
      another, names of nested estimators (``estimator__C``).

    Every dict of a list is checked, including ones a random search with a small
    ``n_iter`` might never draw. To check exactly the candidates a search will
    evaluate, call :func:`check_candidates` on them.

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
        For a name ``set_params`` refuses. The message starts with scikit-learn's
        (``Invalid parameter 'gama' for estimator SVC()``), suggests the closest
        valid names (``gama`` -> ``gamma``; in a pipeline ``C`` -> ``svc__C``) and
        lists every valid name.
    InvalidSpaceError
        For a value that is not a list (``"rbf"`` instead of ``["rbf"]``), an
        empty list, or a space that is not a dict or a list of dicts.
    TypeError
        If ``estimator`` is a class rather than an estimator object.

    Warns
    -----
    UserWarning
        For a text where a random search expects a list, as :func:`count_candidates`.

    Examples
    --------
    >>> from sklearn.svm import SVC
    >>> validate_space(SVC(), {"C": [0.1, 1, 10], "kernel": ["rbf"]})
    {'C': [0.1, 1, 10], 'kernel': ['rbf']}
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import Pipeline
    >>> pipe = Pipeline([("clf", LogisticRegression())])
    >>> validate_space(pipe, {"clf": [SVC()], "clf__gamma": [0.1, 1]})
    {'clf': [SVC()], 'clf__gamma': [0.1, 1]}
    """
    _check_estimator(estimator)
    grids = _check_space(space, allow_distributions=True)
    signatures = _Signatures()
    representatives = (
        candidate for grid in grids for candidate in _representatives(grid, signatures)
    )
    _check_all(estimator, representatives, signatures)
    return space
