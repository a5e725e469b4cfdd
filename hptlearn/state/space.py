"""The space being edited: the hyperparameter rows a learner types, read into a checked
search space with its counts and what the run will cost in words (:class:`SpaceEditor`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple

from hptlearn.compare import strategy_label
from hptlearn.distributions import DISTRIBUTIONS, make_distribution
from hptlearn.halving import HalvingSchedule
from hptlearn.plan import SearchPlan
from hptlearn.recording import record_warnings
from hptlearn.spaces import UnknownHyperparameterError, count_candidates, count_fits, validate_space
from hptlearn.strategies import LISTS, STRATEGIES, Strategy, strategy, tpe_startup_trials
from hptlearn.syntax import parse_values

__all__ = [
    "GRID_STRATEGIES",
    "LIST",
    "MIN_RUNGS",
    "STRATEGIES",
    "SpaceCheck",
    "SpaceEditor",
    "SpaceRow",
    "strategy_label",
    "plan_rungs",
    "tpe_startup_trials",
]

# --------------------------------------------------------------------------------------
# The space being edited
# --------------------------------------------------------------------------------------

#: The fewest rungs (iterations of successive halving) a multi-fidelity plan needs to show
#: what the strategy does: candidates dropped twice, resources grown twice.
MIN_RUNGS = 3


def plan_rungs(plan: SearchPlan) -> int:
    """The most rungs one candidate can climb in a plan: the iterations of successive
    halving, the rungs of ASHA, the rungs of Hyperband's first (longest) bracket; 1 for a
    search that evaluates every candidate on the same resource.

    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from hptlearn.hyperband import LiveHyperbandSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveHyperbandSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=3, random_state=0)
    >>> plan = search.plan(X, y)
    >>> [b.n_iterations for b in plan.brackets], plan.n_iterations, plan_rungs(plan)
    ([2, 1], 3, 2)
    """
    if plan.brackets:
        return max(b.n_iterations for b in plan.brackets)
    return plan.n_iterations


#: The mode of a row whose text lists the values to try (a grid).
LIST = "list"

#: The strategies whose rows list values (a grid); the others sample, and their rows take a
#: distribution (or, as ``categorical``, a list of values). :data:`STRATEGIES` (from
#: :mod:`hptlearn.strategies`) lists them all, in teaching order.
GRID_STRATEGIES = tuple(name for name, s in STRATEGIES.items() if s.reads == LISTS)


@dataclass
class SpaceRow:
    """One hyperparameter row as typed: a name, a mode and a text.

    ``mode`` is ``"list"`` (the text lists values, :func:`hptlearn.parse_values`) or a kind
    of :data:`hptlearn.distributions.DISTRIBUTIONS` (the text is its range or categories).
    ``error`` is set by :meth:`SpaceEditor.parse`: what is wrong with this row, or None.
    """

    name: str = ""
    mode: str = LIST
    text: str = ""
    error: str | None = field(default=None, compare=False)


class SpaceCheck(NamedTuple):
    """What :meth:`SpaceEditor.check` finds: the space, its search and the search's plan,
    or an error.

    ``n_candidates`` counts candidate evaluations (for successive halving, those of every
    iteration: a candidate kept for the next iteration counts again) and ``n_fits`` the
    fits of the cross-validation, without the refit of the best: both from :attr:`plan`.
    """

    space: dict | None
    n_candidates: int | None = None
    n_splits: int | None = None
    n_fits: int | None = None
    #: When every value is a list: the number of distinct candidates (the grid's size).
    n_distinct: int | None = None
    error: str | None = None
    #: Successive halving: the iterations (:class:`hptlearn.halving.HalvingSchedule`).
    schedule: HalvingSchedule | None = None
    #: The cost in fits on all the training samples (``n_fits`` but for halving).
    full_fit_equivalents: float | None = None
    #: What the search will fit (``search.plan(X, y)``), where the counts come from.
    plan: SearchPlan | None = None
    #: The live search of the rows, built once and not run: what Run starts.
    search: object = None


class SpaceEditor:
    """The hyperparameter rows a learner edits, read into a checked search space.

    Parameters
    ----------
    make_estimator : callable
        Returns a new, unfitted estimator (names are checked against it).
    rows : iterable of SpaceRow
    strategy : a name of :data:`hptlearn.strategies.STRATEGIES`, default="grid"
        The strategies whose record reads lists (:data:`GRID_STRATEGIES`) need lists; the
        others also take distributions.
    n_iter : int, default=10
        Candidates a random, quasi-random or Bayesian search evaluates.
    cv, n_jobs : int
        Folds and workers of the search.
    X, y : array-like, optional
        The training data: for counting splits, planning successive halving and timing a
        probe fit.
    factor : int, default=3
        Successive halving: each iteration keeps ``1/factor`` of the candidates and gives
        them ``factor`` times more samples.

    Examples
    --------
    >>> from sklearn.svm import SVC
    >>> editor = SpaceEditor(SVC, [SpaceRow("C", "list", "0.1, 1, 10")], cv=3)
    >>> check = editor.check()
    >>> check.space, check.n_candidates, check.n_fits
    ({'C': [0.1, 1, 10]}, 3, 9)
    >>> editor.rows[0].text = "0.1, 1, 10 ]"
    >>> print(editor.check().error)  # doctest: +ELLIPSIS
    Values of C: ...
    >>> editor.rows[0].error is not None
    True

    Successive halving is planned on the data, before it runs:

    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> editor = SpaceEditor(
    ...     SVC, [SpaceRow("C", "list", "1e-2..1e2 log 9")], strategy="halving-grid", cv=3,
    ...     X=X, y=y,
    ... )
    >>> plan = editor.schedule()
    >>> plan.n_candidates, plan.n_resources
    ([9, 3], [18, 54])
    >>> editor.n_candidates(), editor.n_fits()
    (12, 36)
    """

    #: Seconds added to every fit for dispatching it to a worker and collecting its scores,
    #: and once for starting the workers (measured on a 2-core machine).
    DISPATCH_SECONDS = 0.03
    START_SECONDS = 1.0

    def __init__(
        self,
        make_estimator,
        rows=(),
        *,
        strategy="grid",
        n_iter=10,
        cv=5,
        n_jobs=1,
        X=None,
        y=None,
        factor=3,
    ):
        self.make_estimator = make_estimator
        self.rows = list(rows)
        self.strategy = strategy
        self.n_iter, self.cv, self.n_jobs, self.factor = n_iter, cv, n_jobs, factor
        self.X, self.y = X, y
        self._probe_seconds: dict = {}

    def set_data(self, X, y=None):
        """Use other training data (forgets the timed probe fits)."""
        self.X, self.y = X, y
        self._probe_seconds.clear()

    @property
    def record(self) -> Strategy:
        """The strategy's record (:func:`hptlearn.strategies.strategy`); an unknown name is
        a ``ValueError`` that lists the known ones."""
        return strategy(self.strategy)

    @property
    def needs_lists(self) -> bool:
        """True when the strategy searches a grid: every row must list its values."""
        return self.record.reads == LISTS

    # -- reading ---------------------------------------------------------------------------
    def parse(self) -> dict:
        """The space the rows describe, ``{name: list or distribution}``; names unchecked.

        Sets each row's ``error``. Raises ``ValueError`` naming the first wrong row.
        """
        space, first_error = {}, None
        for row in self.rows:
            row.error = None
            try:
                name, values = self._read_row(row, space)
            except ValueError as exc:
                row.error = str(exc)
                first_error = first_error or exc
                continue
            if name:
                space[name] = values
        if first_error is not None:
            raise first_error
        if not space:
            raise ValueError("No hyperparameter to search: add one with 'Add hyperparameter'.")
        return space

    def _read_row(self, row, space):
        name = row.name.strip()
        if not name:
            if row.text.strip():
                raise ValueError(
                    f"A hyperparameter row has {'values' if row.mode == LIST else 'a range'} "
                    "but no name: type its name, e.g. svc__C, or remove the row."
                )
            return "", None
        if name in space:
            raise ValueError(f"{name!r} appears in two rows: remove one of them.")
        try:
            if row.mode == LIST:
                return name, parse_values(row.text)
            if row.mode not in DISTRIBUTIONS:
                raise ValueError(
                    f"unknown mode {row.mode!r}; choose 'list' or one of {list(DISTRIBUTIONS)}"
                )
            return name, make_distribution(row.mode, row.text)
        except ValueError as exc:
            what = "Values" if row.mode == LIST else "Range"
            raise ValueError(f"{what} of {name}: {exc}") from exc

    def space(self) -> dict:
        """:meth:`parse`, then check every name against the estimator (an unknown name
        is the error of its row, with the closest valid names)."""
        self.record  # noqa: B018 (an unknown strategy is the first error)
        space = self.parse()
        try:
            validate_space(self.make_estimator(), space)
        except UnknownHyperparameterError as exc:
            for row in self.rows:
                if row.name.strip() == exc.name:
                    row.error = str(exc)
            raise
        return space

    # -- counting: the search's own plan ---------------------------------------------------
    def n_splits(self) -> int:
        """Cross-validation splits of the search on the editor's data."""
        return count_fits({}, cv=self.cv, X=self.X, y=self.y)  # one candidate: the defaults

    def plan(self, space=None) -> SearchPlan:
        """What the search of the rows (or of ``space``) will fit on the editor's data:
        its own :meth:`plan` (:class:`hptlearn.plan.SearchPlan`)."""
        space = self.space() if space is None else space
        return self._plan(self._make_search(space))

    def _plan(self, search) -> SearchPlan:
        if self.X is None and self.record.halving:
            raise ValueError(
                "Successive halving is planned on the data: the editor has none, call "
                "set_data(X, y)."
            )
        return search.plan(self.X, self.y)

    def schedule(self, space=None) -> HalvingSchedule | None:
        """Successive halving: the iterations it will run on the editor's data
        (:class:`hptlearn.halving.HalvingSchedule`); None for another strategy."""
        return self.plan(space).schedule if self.record.halving else None

    def n_candidates(self, space=None) -> int:
        """Candidates the search evaluates: a grid's size, ``n_iter`` (a random or
        quasi-random search stops at the grid's size when every value is a list), every
        iteration's candidates for successive halving (a candidate kept for the next
        iteration counts again)."""
        return self.plan(space).n_candidates

    def n_fits(self, space=None) -> int:
        """Fits of the cross-validation, without the refit of the best candidate."""
        return self.plan(space).n_fits

    def check(self, random_state=None, **kwargs) -> SpaceCheck:
        """The space, its live search (``random_state`` and ``kwargs`` go to the search)
        and the search's plan, or the error that stops them (never raises).

        The rows are read and checked once, the search built once and planned once: what
        Run starts is :attr:`SpaceCheck.search`.
        """
        try:
            space = self.space()
            search = self._make_search(space, random_state, **kwargs)
            plan = self._plan(search)
        except (ValueError, TypeError) as exc:
            return SpaceCheck(None, error=str(exc))
        lists = all(isinstance(v, list) for v in space.values())
        distinct = count_candidates(space) if lists else None
        return SpaceCheck(
            space,
            plan.n_candidates,
            plan.n_splits,
            plan.n_fits,
            distinct,
            None,
            plan.schedule,
            plan.full_fit_equivalents,
            plan,
            search,
        )

    # -- timing ----------------------------------------------------------------------------
    def probe_seconds(self) -> float:
        """Seconds to fit the estimator (default values) on one CV training fold and score
        it on the rest: one fit of the search. Timed once per estimator, data and ``cv``.

        Warnings of the probe fit (it uses the defaults) are not shown.
        """
        if self.X is None:
            raise ValueError("The editor has no data to time a fit on: call set_data(X, y).")
        estimator = self.make_estimator()
        key = (repr(estimator), self.cv)
        if key not in self._probe_seconds:
            n = int(len(self.X) * (self.cv - 1) / self.cv)
            with record_warnings():
                start = time.perf_counter()
                estimator.fit(self.X[:n], self.y[:n])
                estimator.score(self.X[n:], self.y[n:])
                self._probe_seconds[key] = time.perf_counter() - start
        return self._probe_seconds[key]

    def estimate_seconds(self, n_fits: int, full_fit_equivalents: float | None = None) -> float:
        """A rough run time, before running: every fit is assumed to take as long as the
        probe fit (:meth:`probe_seconds`) plus dispatch; the workers share the fits; the
        best candidate is refitted at the end. Real fits vary with the hyperparameters
        (an SVC with a large C can be ten times slower): the progress view then shows the
        time left as measured.

        ``full_fit_equivalents`` (successive halving, whose fits on fewer samples are
        shorter): the fitting time scales by it instead of ``n_fits``; every fit still pays
        the dispatch.
        """
        workers = max(1, min(self.n_jobs, n_fits))
        probe = self.probe_seconds()
        fitting = n_fits if full_fit_equivalents is None else full_fit_equivalents
        work = fitting * probe + n_fits * self.DISPATCH_SECONDS
        return self.START_SECONDS + work / workers + probe

    # -- what it will cost, in words -------------------------------------------------------
    def cost_text(self, check: SpaceCheck | None = None, *, duration=None) -> str:
        """What the run will cost, in words, before it runs: candidates, folds and fits,
        how the strategy spends them, and the estimated run time with the workers
        (:meth:`estimate_seconds`).

        ``check`` is :meth:`check`'s (computed if not given); its error is returned as is.
        ``duration(seconds) -> str`` words the estimate (the apps pass
        :func:`hptlearn.style.format_duration`); by default, whole seconds.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.svm import SVC
        >>> X, y = load_iris(return_X_y=True)
        >>> editor = SpaceEditor(SVC, [SpaceRow("C", "list", "0.1, 1, 10")], cv=3, X=X, y=y)
        >>> print(editor.cost_text())  # doctest: +ELLIPSIS
        Grid: 3 candidates × 3 folds = 9 fits (+1 refit of the best); estimated run time ≈ ...
        """
        check = self.check() if check is None else check
        if check.error is not None:
            return check.error
        text = self.record.cost_text(check.search, check.plan)
        text = text[:-1] + f"; estimated run time {self._estimate_text(check, duration)}."
        if self.too_few_distinct(check):
            text += (
                f" Only {check.n_distinct} distinct candidates exist, fewer than n_iter = "
                f"{self.n_iter}: each is evaluated once."
            )
        note = self.record.budget_note(**self._budget())
        return f"{text} {note}" if note else text

    def _estimate_text(self, check, duration=None):
        try:
            seconds = self.estimate_seconds(check.n_fits, check.full_fit_equivalents)
        except Exception as exc:  # the model does not fit with its default values
            return f"unknown (a fit with the default values failed: {exc})"
        words = duration(seconds) if duration is not None else f"{seconds:.0f} s"
        return f"≈ {words} with {self.n_jobs} worker(s)"

    def too_few_distinct(self, check: SpaceCheck) -> bool:
        """True when a search that samples ``n_iter`` candidates will evaluate fewer, as the
        lists of its space hold fewer (it then evaluates each once; its plan says so)."""
        return (
            "n_iter" in self.record.budget_args
            and check.n_distinct is not None
            and check.n_candidates < self.n_iter
        )

    # -- the search ------------------------------------------------------------------------
    def build_search(self, random_state=None, **kwargs):
        """The live search of the rows (checked, not run); ``kwargs`` go to the search."""
        return self._make_search(self.space(), random_state, **kwargs)

    def _budget(self) -> dict:
        """The editor's budget arguments that the strategy takes (``n_iter``, ``factor``)."""
        budget = {"n_iter": self.n_iter, "factor": self.factor}
        return {k: v for k, v in budget.items() if k in self.record.budget_args}

    def _make_search(self, space, random_state=None, **kwargs):
        return self.record.make_search(
            self.make_estimator(),
            space,
            random_state=random_state,
            cv=self.cv,
            n_jobs=self.n_jobs,
            **self._budget(),
            **kwargs,
        )
