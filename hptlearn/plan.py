"""What a live search will do, before it runs: :class:`SearchPlan`.

Every live search has ``plan(X, y=None, **fit_params) -> SearchPlan``
(:meth:`hptlearn.search._LiveSearchMixin.plan`): the rows its ``cv_results_`` will have,
the fits of its cross-validation and of its refit, the iterations of successive halving,
the cost in fits on all the data and the distinct values of each hyperparameter, counted
with the search's own rules (the same candidates, splits and halving arithmetic as
``fit``) and without fitting anything.

>>> from sklearn.datasets import load_iris
>>> from sklearn.svm import SVC
>>> from hptlearn import LiveGridSearchCV
>>> X, y = load_iris(return_X_y=True)
>>> search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}, cv=3)
>>> plan = search.plan(X, y)
>>> plan.n_candidates, plan.n_splits, plan.n_fits, plan.refit_fits
(6, 3, 18, 1)
>>> plan.distinct_values
{'C': 3, 'kernel': 2}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from hptlearn.halving import HalvingSchedule

__all__ = [
    "LazyCounts",
    "SearchPlan",
    "candidate_key",
    "count_distinct_candidates",
    "distinct_candidate_values",
    "distinct_candidates",
    "distinct_list_values",
    "warn_few_distinct",
]


@dataclass(frozen=True)
class SearchPlan:
    """What a search will fit when it runs to the end.

    Attributes
    ----------
    n_candidates : int
        Candidate evaluations: the rows of ``cv_results_`` (for successive halving, over
        every iteration: a candidate kept for the next iteration counts again).
    n_splits : int
        Cross-validation splits: a candidate evaluation costs ``n_splits`` fits.
    n_fits : int
        Fits of the cross-validation, ``n_candidates x n_splits`` (without the refit;
        without the reused candidates of a continued search).
    refit_fits : int
        1 when the best candidate is refitted on all the data (``refit``), else 0.
    full_fit_equivalents : float
        The cross-validation's fits weighted by the resource each uses: a fit on ``r`` of
        ``max_resources`` counts ``r / max_resources`` (``n_fits`` for a search that
        always fits on every training fold).
    distinct_values : mapping
        Hyperparameter name -> how many distinct values its candidates take, when known
        before fitting (value lists, or candidates drawn with an int ``random_state``);
        None when not (distributions drawn with another ``random_state``, or candidates
        proposed from the scores, as Bayesian optimization's are). Drawn candidates are
        drawn (the same draws as ``fit``) only when this is first read.
    schedule : HalvingSchedule or None
        For successive halving, the candidates and resources of each iteration
        (:class:`hptlearn.halving.HalvingSchedule`); None for a search that evaluates all
        its candidates on the same resource.
    reused_candidates : int
        Candidates a continued search (``warm_start``) takes from its previous fit
        without fitting them: ``n_fits`` counts only the others. 0 otherwise.
    brackets : tuple of HalvingSchedule
        For Hyperband (:mod:`hptlearn.hyperband`), every bracket's rungs (candidates x
        resource), in the order they run; ``schedule`` then holds all the rungs, one
        after the other. Empty for another search.
    resumes : bool or None
        For a search over growing resources that can continue training
        (:mod:`hptlearn.resume`): True when a promoted candidate continues from its
        fitted state of the previous rung (``full_fit_equivalents`` then counts each
        candidate's largest resource once), False when every rung refits; None for a
        search that does not decide it.
    resume_reason : str
        Why it resumes or refits, in one sentence (``""`` when ``resumes`` is None).
    """

    n_candidates: int
    n_splits: int
    n_fits: int
    refit_fits: int
    full_fit_equivalents: float
    distinct_values: Mapping = field(default_factory=dict)
    schedule: HalvingSchedule | None = None
    reused_candidates: int = 0
    brackets: tuple = ()
    resumes: bool | None = None
    resume_reason: str = ""

    @property
    def total_fits(self) -> int:
        """Every fit: the cross-validation's and the refit."""
        return self.n_fits + self.refit_fits

    @property
    def n_iterations(self) -> int:
        """Iterations of successive halving; 1 for a search that runs in one go."""
        return 1 if self.schedule is None else self.schedule.n_iterations

    def describe(self) -> str:
        """The plan in one line.

        >>> SearchPlan(6, 3, 18, 1, 18.0, {"C": 3}).describe()
        '6 candidates x 3 splits = 18 fits (+1 refit)'
        """
        refit = " (+1 refit)" if self.refit_fits else ""
        text = f"{self.n_candidates} candidates x {self.n_splits} splits = {self.n_fits} fits"
        if self.schedule is not None:
            text += f", worth {self.full_fit_equivalents:.3g} fits on all the data"
        if self.brackets:
            text += f" in {len(self.brackets)} brackets"
        if self.resumes:
            text += ", resuming training"
        return text + refit


class LazyCounts(Mapping):
    """A read-only mapping computed on first use (counting the distinct values of drawn
    candidates means drawing them: a plan that is never asked for them does not draw)."""

    def __init__(self, compute):
        self._compute, self._counts = compute, None

    def _data(self) -> dict:
        if self._counts is None:
            self._counts = dict(self._compute())
        return self._counts

    def __getitem__(self, name):
        return self._data()[name]

    def __iter__(self):
        return iter(self._data())

    def __len__(self):
        return len(self._data())

    def __repr__(self):
        return repr(self._data())


def _is_distribution(values) -> bool:
    return hasattr(values, "rvs")


def _dicts(space) -> list:
    return [space] if isinstance(space, Mapping) else list(space)


def _same(a, b) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b)
    except Exception:  # arrays and other values without a plain truth value
        return False


def _count_distinct(values) -> int:
    seen = []
    for v in values:
        if not any(_same(v, u) for u in seen):
            seen.append(v)
    return len(seen)


def distinct_list_values(space) -> dict:
    """Name -> distinct values its lists hold over a dict or list of dicts; None for a
    name with a distribution in any of them.

    >>> from scipy.stats import uniform
    >>> distinct_list_values([{"C": [1, 10], "k": ["a"]}, {"C": [10, 100], "g": uniform()}])
    {'C': 3, 'k': 1, 'g': None}
    """
    values: dict = {}
    for grid in _dicts(space):
        for name, v in grid.items():
            if _is_distribution(v) or values.get(name, []) is None:
                values[name] = None
            elif isinstance(v, Sequence | Mapping) or hasattr(v, "__len__"):
                values.setdefault(name, []).extend(list(v))
    return {name: None if v is None else _count_distinct(v) for name, v in values.items()}


def distinct_candidate_values(candidates, names) -> dict:
    """Name -> distinct values among ``candidates`` (an iterable of dicts)."""
    candidates = list(candidates)
    return {name: _count_distinct([c[name] for c in candidates if name in c]) for name in names}


def all_lists(space) -> bool:
    """True when every hyperparameter of the space is a list of values."""
    return not any(_is_distribution(v) for grid in _dicts(space) for v in grid.values())


def _distinct_values(values) -> int | None:
    """Distinct values a list holds or a whole-number distribution draws; None when
    unbounded or continuous."""
    if not _is_distribution(values):
        if not isinstance(values, Sequence) and not hasattr(values, "__len__"):
            return None  # another kind of distribution (an Optuna one): not counted
        return _count_distinct(list(values))
    from hptlearn.distributions import is_integer_distribution

    if not is_integer_distribution(values):
        return None
    low, high = values.support()
    if not (abs(float(low)) < float("inf") and abs(float(high)) < float("inf")):
        return None
    return int(high) - int(low) + 1


def count_distinct_candidates(space) -> int | None:
    """How many distinct candidates a dict (or list of dicts) can give, at most: the
    product over its names of the distinct values of each list or whole-number
    distribution (summed over the dicts); None when some value is continuous or
    unbounded.

    >>> from scipy.stats import randint, uniform
    >>> count_distinct_candidates([{"k": ["a", "b"], "n": randint(1, 4)}, {"k": ["c"]}])
    7
    >>> count_distinct_candidates({"C": uniform(0, 1)}) is None
    True
    """
    total = 0
    for grid in _dicts(space):
        size = 1
        for values in grid.values():
            n = _distinct_values(values)
            if n is None:
                return None
            size *= n
        total += size
    return total


def candidate_key(candidate) -> str:
    """A candidate's identity: two candidates with the same names and values (as ``repr``
    shows them) have the same key."""
    return repr(sorted(candidate.items(), key=lambda item: item[0]))


def distinct_candidates(draws, n_iter, size=None, max_draws=None, *, who="The search"):
    """The first ``n_iter`` distinct candidates of ``draws`` (an iterable of dicts), in
    the order they are first drawn.

    Ends early, with a ``UserWarning``, once ``size`` distinct candidates are drawn (all
    the space has) or after ``max_draws`` draws; never draws more than ``max_draws``
    (default ``50 * n_iter + 1000``).
    """
    if max_draws is None:
        max_draws = 50 * n_iter + 1000
    out, seen = [], set()
    drawn = 0
    for drawn, candidate in enumerate(draws, 1):
        key = candidate_key(candidate)
        if key not in seen:
            seen.add(key)
            out.append(candidate)
        if len(out) >= n_iter or (size is not None and len(out) >= size) or drawn >= max_draws:
            break
    if len(out) < n_iter:
        warn_few_distinct(who, n_iter, len(out), size, drawn)
    return out


def warn_few_distinct(who, n_iter, n_found, size, drawn) -> None:
    """Say that ``skip_duplicates`` found fewer than ``n_iter`` distinct candidates."""
    import warnings

    if size is not None and n_found >= size:
        reason = f"the space has only {size} distinct candidates"
    else:
        reason = f"{drawn} draws gave only {n_found} distinct candidates"
    warnings.warn(
        f"{who} has skip_duplicates=True and n_iter={n_iter}, but {reason}: it "
        f"evaluates these {n_found}, each once.",
        UserWarning,
        stacklevel=4,
    )
