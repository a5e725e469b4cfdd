"""Live successive halving: scikit-learn's halving searches that report progress and stop.

Successive halving spends little on many candidates and much on few. Every candidate is
first evaluated on a small *resource* (by default a subsample of ``min_resources_``
samples); only the best ``1/factor`` of them go on to the next iteration, where each gets
``factor`` times more samples; and so on until few candidates remain or the samples run
out. A candidate that only shows its quality with many samples can be eliminated early:
that is the risk taken for the time saved.

:class:`LiveHalvingGridSearchCV` and :class:`LiveHalvingRandomSearchCV` are subclasses of
scikit-learn's ``HalvingGridSearchCV`` and ``HalvingRandomSearchCV`` (experimental in
scikit-learn 1.9, enabled in :mod:`hptlearn._sklearn_compat`): same arguments, same
candidates, same subsamples, same ``cv_results_`` (with its ``iter`` and ``n_resources``
entries), ``n_resources_``, ``n_candidates_`` and ``best_params_``. They add what every
live search adds (:mod:`hptlearn.search`): ``on_progress``, called within and between
iterations with the iteration running, and ``stop()``. A stopped search keeps what it
evaluated, and ``n_iterations_``, ``n_resources_`` and ``n_candidates_`` describe the
iterations that started. Its ``best_params_`` (and refitted ``best_estimator_``) is the
best candidate of the last iteration that *completed*: scikit-learn hands an iteration's
survivors to the next one worst first, so the few candidates a stop leaves evaluated in
an unfinished iteration are the weakest survivors. A search stopped during its first
iteration, or between two iterations, chooses the best of its last iteration, as
scikit-learn does.

:func:`halving_schedule` tells, before anything runs, how many candidates each iteration
evaluates and on how many samples, with scikit-learn's own arithmetic.
"""

from __future__ import annotations

import copy
from collections import Counter
from math import ceil, floor, log
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import indexable

from hptlearn import _sklearn_compat as _sk
from hptlearn.search import (
    _CHECKPOINT_CONSTRAINT,
    _CHECKPOINT_DOC,
    _LIVE_PARAMETERS_DOC,
    _known_keys,
    _LiveSearchMixin,
    _splits_hash,
)

__all__ = [
    "HalvingSchedule",
    "halving_cost",
    "halving_plan",
    "LiveHalvingGridSearchCV",
    "LiveHalvingRandomSearchCV",
    "halving_schedule",
]

_HalvingGrid = _sk.HalvingGridSearchCV or _sk.BaseSearchCV
_HalvingRandom = _sk.HalvingRandomSearchCV or _sk.BaseSearchCV


class HalvingSchedule(NamedTuple):
    """What a successive-halving search will do, iteration by iteration.

    Attributes
    ----------
    n_candidates : list of int
        Candidates evaluated in each iteration.
    n_resources : list of int
        Resource (samples, by default) given to each candidate in each iteration.
    max_resources : int
        The largest resource (all the samples, by default).
    n_splits : int
        Cross-validation splits: a candidate costs ``n_splits`` fits in each iteration.
    """

    n_candidates: list
    n_resources: list
    max_resources: int
    n_splits: int

    @property
    def n_iterations(self) -> int:
        return len(self.n_candidates)

    @property
    def n_fits(self) -> int:
        """Fits in all: every candidate of every iteration on every split."""
        return sum(self.n_candidates) * self.n_splits

    @property
    def total_candidates(self) -> int:
        """Candidate evaluations over all iterations (the rows of ``cv_results_``)."""
        return int(sum(self.n_candidates))

    @property
    def cost(self) -> float:
        """Same as :attr:`full_fit_equivalents`."""
        return self.full_fit_equivalents

    @property
    def full_fit_equivalents(self) -> float:
        """The cost in fits on the whole resource: a fit on ``r`` of ``max_resources``
        counts ``r / max_resources``."""
        return float(
            sum(
                c * r / self.max_resources
                for c, r in zip(self.n_candidates, self.n_resources, strict=True)
            )
            * self.n_splits
        )

    def summary(self) -> str:
        """The schedule in one line, e.g. ``"27 candidates x 18 samples, then 9 x 54"``."""
        steps = [f"{c} x {r}" for c, r in zip(self.n_candidates, self.n_resources, strict=True)]
        steps[0] = f"{self.n_candidates[0]} candidates x {self.n_resources[0]} samples"
        return ", then ".join(steps)

    def describe(self) -> str:
        """The schedule in words, one line per iteration."""
        lines = [
            f"iteration {i}: {c} candidate{'s' if c != 1 else ''} x {r} samples"
            for i, (c, r) in enumerate(zip(self.n_candidates, self.n_resources, strict=True))
        ]
        lines.append(
            f"{self.n_fits} fits on {self.n_splits} splits, worth "
            f"{self.full_fit_equivalents:.3g} fits on all {self.max_resources} samples"
        )
        return "\n".join(lines)


def _schedule(n_candidates, min_resources_, max_resources_, min_resources, factor, aggressive):
    """BaseSuccessiveHalving._run_search's arithmetic (scikit-learn 1.9), without fitting.

    ``min_resources_`` as checked by the search; ``min_resources`` the argument (with
    ``"exhaust"``, the first iteration's resource is raised so that the last iteration uses
    as many samples as it can).
    """
    n_required_iterations = 1 + floor(log(n_candidates, factor))
    if min_resources == "exhaust":
        last_iteration = n_required_iterations - 1
        min_resources_ = max(min_resources_, max_resources_ // factor**last_iteration)
    n_possible_iterations = 1 + floor(log(max_resources_ // min_resources_, factor))
    if aggressive:
        n_iterations = n_required_iterations
    else:
        n_iterations = min(n_possible_iterations, n_required_iterations)
    counts, resources = [], []
    for itr in range(n_iterations):
        power = itr
        if aggressive:
            power = max(0, itr - n_required_iterations + n_possible_iterations)
        resources.append(min(int(factor**power * min_resources_), max_resources_))
        counts.append(n_candidates)
        n_candidates = ceil(n_candidates / factor)
    return counts, resources


def halving_plan(
    n_candidates, min_resources, max_resources, factor, n_splits, aggressive_elimination=False
) -> HalvingSchedule:
    """The schedule of a successive-halving search, from numbers (``resource="n_samples"``).

    The same arithmetic as ``BaseSuccessiveHalving._run_search`` (scikit-learn 1.9) with a
    whole-number ``min_resources``: as many iterations as needed to leave fewer than
    ``factor`` candidates, but no more than the resources allow (unless
    ``aggressive_elimination``); ``ceil(n / factor)`` candidates go on each time. For the
    schedule of a search object on its data, see :func:`halving_schedule`.

    >>> s = halving_plan(20, 10, 150, 3, 5)
    >>> s.n_candidates, s.n_resources, round(s.cost, 2)
    ([20, 7, 3], [10, 30, 90], 22.67)
    """
    for name, value in (
        ("n_candidates", n_candidates),
        ("min_resources", min_resources),
        ("max_resources", max_resources),
        ("n_splits", n_splits),
    ):
        if not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    if not isinstance(factor, Real) or factor <= 1:
        raise ValueError(f"factor must be a number > 1, got {factor!r}.")
    if min_resources > max_resources:
        raise ValueError(
            f"min_resources={min_resources} is greater than max_resources={max_resources}."
        )
    counts, resources = _schedule(
        int(n_candidates),
        int(min_resources),
        int(max_resources),
        None,
        factor,
        aggressive_elimination,
    )
    return HalvingSchedule(counts, resources, int(max_resources), int(n_splits))


def halving_cost(
    n_candidates, min_resources, max_resources, factor, n_splits, aggressive_elimination=False
) -> float:
    """Full-data fit equivalents of a successive-halving search (see :func:`halving_plan`).

    A fit with ``n_resources`` samples counts ``n_resources / max_resources``.

    >>> round(halving_cost(20, 10, 150, 3, 5), 4)  # 5 folds x (20 x 10 + 7 x 30 + 3 x 90) / 150
    22.6667
    """
    return halving_plan(
        n_candidates, min_resources, max_resources, factor, n_splits, aggressive_elimination
    ).cost


def halving_schedule(search, X, y=None, groups=None) -> HalvingSchedule:
    """The iterations a (live or plain) halving search will run on ``X, y``, before it runs.

    Uses the search's own checks (``min_resources_``, ``max_resources_``) and the same
    arithmetic as scikit-learn's ``_run_search``; nothing is fitted. The search itself is
    not changed (a copy is checked).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> plan = halving_schedule(
    ...     LiveHalvingGridSearchCV(SVC(), {"C": [0.01, 0.1, 1, 10, 100]}, factor=2), X, y
    ... )
    >>> plan.n_candidates, plan.n_resources
    ([5, 3, 2], [37, 74, 148])
    """
    probe, n_splits = _checked_probe(search, X, y, groups)
    # after the checks, as in fit: with n_candidates="exhaust" the number depends on
    # min_resources_ and max_resources_, and a sampler of lists has at most the grid's size
    return _probe_schedule(probe, len(_sk.halving_candidates(probe)), n_splits)


def _checked_probe(search, X, y=None, groups=None):
    """A clone of ``search`` checked on ``X, y`` as ``fit`` checks it (``min_resources_``,
    ``max_resources_``), and the number of splits; nothing is fitted."""
    _sk.require_halving()
    # a shallow copy: the checks only set attributes (min_resources_, max_resources_...)
    # on it, and a clone would deep-copy every distribution of the space (slow)
    probe = copy.copy(search)
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(probe.cv, y, classifier=is_classifier(probe.estimator))
    split_params = {} if groups is None else {"groups": groups}
    return probe, _sk.check_search_input(probe, cv, X, y, split_params)


def _probe_schedule(probe, n_first, n_splits) -> HalvingSchedule:
    counts, resources = _schedule(
        n_first,
        probe.min_resources_,
        probe.max_resources_,
        probe.min_resources,
        probe.factor,
        probe.aggressive_elimination,
    )
    return HalvingSchedule(counts, resources, int(probe.max_resources_), n_splits)


_WARM_START_DOC = """
    warm_start : bool, default=False
        When set to True, the next ``fit`` reuses the results of the previous call to
        ``fit`` (whatever its own ``warm_start``, as with scikit-learn's ensembles):
        it continues this search with its new settings (more
        ``n_candidates``, a larger grid, another ``max_resources``, ``min_resources`` or
        ``factor``). Successive halving cannot simply go on where it ended: with more
        candidates its schedule changes (more iterations, other resources, other
        survivors). So the later ``fit`` runs the new schedule from the start, and every
        *(candidate, resource)* evaluation the earlier fits made is reused instead of
        fitted again: a candidate is refitted only on a resource (the same samples of the
        same splits) it was not evaluated on. The results are those of one fresh fit with
        the final settings, in the same order (times aside). The subsamples of
        ``resource="n_samples"`` are drawn with ``random_state``: give an int, or nothing
        is reused. The data, the splits, the scoring and the estimator must be those of
        the previous fit; if one changed, ``fit`` raises a ``ValueError`` that names it.
"""


class _FirstIteration(Exception):
    """Ends scikit-learn's halving loop at its first evaluation (``plan``)."""


class _LiveHalvingMixin(_LiveSearchMixin):
    """What the two live halving searches share on top of :class:`_LiveSearchMixin`."""

    def n_candidates_first_iteration(self) -> int:
        """Candidates of the first iteration (known before ``fit`` unless 'exhaust')."""
        return len(_sk.halving_candidates(self))

    def _candidates(self):
        return _sk.halving_candidates(self)

    def _live_schedule(self):
        return self.__dict__.get("_live_halving_schedule")

    def _planned(self, X, y, groups):
        probe, n_splits = _checked_probe(self, X, y, groups)
        candidates = _sk.halving_candidates(probe)
        return n_splits, _probe_schedule(probe, len(candidates), n_splits), candidates

    def _planned_reused_first(self, X, y, groups) -> int:
        outs, records = self._known_before_fit()
        if not outs and not records:
            return 0
        if isinstance(self.random_state, np.random.RandomState):
            return 0  # its draws would be consumed, and fit reuses nothing with it
        # the first iteration's candidates and splits, from scikit-learn's own loop,
        # which is interrupted at its first evaluation (nothing is fitted)
        probe, probe.n_splits_ = _checked_probe(self, X, y, groups)
        probe.verbose = 0
        _sk.set_halving_samples(probe, X)
        first = {}

        def evaluate_candidates(candidate_params, cv=None, more_results=None, **kwargs):
            first.update(candidates=list(candidate_params), cv=cv)
            raise _FirstIteration

        root_ctx = _sk.init_callback_context(probe, max_subtasks=1).call_on_fit_task_begin(
            estimator=probe, X=X, y=y
        )
        try:
            _sk.successive_halving_run_search(probe, evaluate_candidates, root_ctx)
        except _FirstIteration:
            pass
        if not first:
            return 0
        candidates, cv = first["candidates"], first["cv"]
        context = ""
        if cv is not None and cv is not _sk.checked_cv(probe):
            split_params = {} if groups is None else {"groups": groups}
            context = _splits_hash(cv.split(X, y, **split_params))
        seen, n = Counter(), 0
        for candidate in candidates:
            warm_key, record = _known_keys(candidate, context, seen)
            n += warm_key in outs or record in records
        return n

    def _fit(self, X, y=None, **params):
        # the steps of BaseSuccessiveHalving.fit (scikit-learn 1.9) around BaseSearchCV's
        _sk.require_halving()
        _sk.set_halving_samples(self, X)
        self.__dict__.pop("_live_halving_schedule", None)
        try:
            super()._fit(X, y, **params)
        finally:
            self.__dict__.pop("_live_halving_schedule", None)
        if self.stopped_:
            # describe the iterations that started, not those planned
            n_started = int(np.max(self.cv_results_["iter"])) + 1
            self.n_resources_ = self.n_resources_[:n_started]
            self.n_candidates_ = self.n_candidates_[:n_started]
            self.n_iterations_ = n_started
        self.best_score_ = self.cv_results_["mean_test_score"][self.best_index_]
        return self

    def _best_index(self, refit_metric, results) -> int:
        # scikit-learn's rule: the best of the last iteration. A stop during an iteration
        # leaves only its first candidates evaluated, and scikit-learn hands the
        # survivors to the next iteration worst first: the best of the last iteration
        # that completed is chosen instead.
        iterations = np.asarray(results["iter"])
        last = int(iterations.max())
        complete = (iterations == last).sum() == self.n_candidates_[last]
        if not self.stopped_ or complete or last == 0:
            return super()._best_index(refit_metric, results)
        masked = {**results, "iter": np.where(iterations == last, -1, iterations)}
        return _sk.select_best_index(self, self.refit, refit_metric, masked)

    def _run_search(self, evaluate_candidates, *, callback_ctx):
        n_first = len(_sk.halving_candidates(self))  # len() samples nothing
        if n_first:
            schedule = _probe_schedule(self, n_first, self.n_splits_)
            self.__dict__["_live_halving_schedule"] = list(
                zip(schedule.n_candidates, schedule.n_resources, strict=True)
            )
        _sk.successive_halving_run_search(self, evaluate_candidates, callback_ctx)

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_live_halving_schedule", None)
        return state


class LiveHalvingGridSearchCV(_LiveHalvingMixin, _HalvingGrid):
    """``HalvingGridSearchCV`` that reports progress, iteration by iteration, and can stop.

    Takes every argument of scikit-learn's ``HalvingGridSearchCV`` and gives the same
    results (same subsamples for the same ``random_state``). After a ``stop()`` during an
    iteration, ``best_params_`` is the best candidate of the last iteration that completed
    (scikit-learn's rule, the best of the last iteration, would pick among the weakest
    survivors, which it evaluates first). Plus:

    Parameters
    ----------
    {warm}{live}{checkpoint}
    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> seen = []
    >>> search = LiveHalvingGridSearchCV(
    ...     SVC(), {{"C": [0.01, 0.1, 1, 10, 100]}}, factor=2, on_progress=seen.append
    ... ).fit(X, y)
    >>> search.n_candidates_, search.n_resources_
    ([5, 3, 2], [37, 74, 148])
    >>> seen[-1].iteration, seen[-1].n_iterations, seen[-1].n_done, seen[-1].n_total
    (2, 3, 10, 10)
    """

    _parameter_constraints = _sk.parameter_constraints(
        _sk.HalvingGridSearchCV, warm_start=["boolean"], checkpoint=_CHECKPOINT_CONSTRAINT
    )

    def __init__(
        self,
        estimator,
        param_grid,
        *,
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="exhaust",
        aggressive_elimination=False,
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator,
            param_grid,
            factor=factor,
            resource=resource,
            max_resources=max_resources,
            min_resources=min_resources,
            aggressive_elimination=aggressive_elimination,
            cv=cv,
            scoring=scoring,
            refit=refit,
            error_score=error_score,
            return_train_score=return_train_score,
            random_state=random_state,
            n_jobs=n_jobs,
            verbose=verbose,
        )
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.warm_start = warm_start
        self.checkpoint = checkpoint


class LiveHalvingRandomSearchCV(_LiveHalvingMixin, _HalvingRandom):
    """``HalvingRandomSearchCV`` that reports progress, iteration by iteration, and can stop.

    Takes every argument of scikit-learn's ``HalvingRandomSearchCV`` and, for the same
    ``random_state``, samples the same candidates and subsamples and gives the same
    results. After a ``stop()`` during an iteration, ``best_params_`` is the best
    candidate of the last iteration that completed (see :class:`LiveHalvingGridSearchCV`).
    Plus:

    Parameters
    ----------
    {warm}{live}{checkpoint}"""

    _parameter_constraints = _sk.parameter_constraints(
        _sk.HalvingRandomSearchCV, warm_start=["boolean"], checkpoint=_CHECKPOINT_CONSTRAINT
    )

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_candidates="exhaust",
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        aggressive_elimination=False,
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator,
            param_distributions,
            n_candidates=n_candidates,
            factor=factor,
            resource=resource,
            max_resources=max_resources,
            min_resources=min_resources,
            aggressive_elimination=aggressive_elimination,
            cv=cv,
            scoring=scoring,
            refit=refit,
            error_score=error_score,
            return_train_score=return_train_score,
            random_state=random_state,
            n_jobs=n_jobs,
            verbose=verbose,
        )
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    def n_candidates_first_iteration(self) -> int:
        """Candidates of the first iteration; with ``n_candidates="exhaust"`` it depends
        on the data: use :func:`halving_schedule`."""
        if self.n_candidates == "exhaust":
            raise ValueError(
                "with n_candidates='exhaust' the number of candidates depends on the data "
                "(max_resources_ // min_resources_): use hptlearn.halving_schedule(search, X, y)"
            )
        return int(self.n_candidates)

    def _candidates(self):
        return range(self.n_candidates_first_iteration())


_DOC = dict(
    warm=_WARM_START_DOC.strip(),
    live=_LIVE_PARAMETERS_DOC,
    checkpoint=_CHECKPOINT_DOC.strip("\n"),
)
LiveHalvingGridSearchCV.__doc__ = LiveHalvingGridSearchCV.__doc__.format(**_DOC)
LiveHalvingRandomSearchCV.__doc__ = LiveHalvingRandomSearchCV.__doc__.format(**_DOC)
