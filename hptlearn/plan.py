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

__all__ = ["LazyCounts", "SearchPlan", "distinct_candidate_values", "distinct_list_values"]


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
        Fits of the cross-validation, ``n_candidates x n_splits`` (without the refit).
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
    """

    n_candidates: int
    n_splits: int
    n_fits: int
    refit_fits: int
    full_fit_equivalents: float
    distinct_values: Mapping = field(default_factory=dict)
    schedule: HalvingSchedule | None = None

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
