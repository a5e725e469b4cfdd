"""Running a comparison: every strategy (and repeat) in turn, with progress and Stop.

:class:`StrategyComparison` sizes each strategy to the budget
(:func:`hptlearn.compare.budget.plan_strategy`), makes each run's live search from the
strategy's record (:mod:`hptlearn.strategies`), fits it, and turns its results into
comparison rows (:mod:`hptlearn.compare.frame`); :func:`compare_strategies` is the
one-call version.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier
from sklearn.model_selection import check_cv

from hptlearn.compare.budget import plan_strategy
from hptlearn.compare.frame import STRATEGIES, _combine, _layout, _run_frame, comparison_params
from hptlearn.compare.result import Comparison
from hptlearn.spaces import validate_space
from hptlearn.strategies import strategy as _strategy

__all__ = ["ComparisonProgress", "StrategyComparison", "compare_strategies"]


@dataclass(frozen=True)
class ComparisonProgress:
    """What a comparison's ``on_progress`` receives."""

    runs_done: int
    runs_total: int
    candidates_done: int
    candidates_total: int
    strategy: str  # of the run in progress (or the last one)
    repeat: int
    frame: pd.DataFrame  # every candidate evaluated so far, finished runs and current one
    fits_done: float = 0.0  # full-data fit equivalents spent so far, over all runs
    fits_total: float = 0.0  # ... planned


def _check_strategies(strategies) -> tuple:
    if isinstance(strategies, str):
        strategies = (strategies,)
    strategies = tuple(dict.fromkeys(strategies))
    for name in strategies:
        _strategy(name)  # an unknown name: one error that lists the known ones
    if not strategies:
        raise ValueError(f"Choose at least one strategy among {', '.join(map(repr, STRATEGIES))}.")
    return strategies


class StrategyComparison:
    """Runs a comparison step by step, with progress reports and a ``stop()``.

    :func:`compare_strategies` is the one-call version; the comparison app uses this
    class to run in a background thread. Parameters are those of
    :func:`compare_strategies`.

    Attributes
    ----------
    plans : dict
        strategy -> :class:`StrategyPlan`, computed when the comparison is made.
    runs : list of (strategy, repeat)
        In the order they run.
    n_splits : int
    budget_fits : float
        The budget per run in full-data fit equivalents.
    frames, searches : list
        The frames and ``(strategy, repeat, search)`` of the runs finished so far.
    """

    def __init__(
        self,
        estimator,
        space,
        X,
        y,
        *,
        budget,
        strategies=("grid", "random"),
        repeats=5,
        cv=5,
        random_state=0,
        grid=None,
        scoring=None,
        n_jobs=None,
        on_progress=None,
        factor=3,
    ):
        strategies = _check_strategies(strategies)
        if not isinstance(budget, Integral) or budget < 1:
            raise ValueError(f"budget must be a whole number of candidates >= 1, got {budget!r}.")
        if not isinstance(repeats, Integral) or repeats < 1:
            raise ValueError(f"repeats must be a whole number >= 1, got {repeats!r}.")
        validate_space(estimator, space)
        if grid is not None:
            validate_space(estimator, grid)
        self.estimator, self.space, self.X, self.y = estimator, space, X, y
        self.budget, self.strategies, self.repeats = int(budget), strategies, int(repeats)
        self.cv, self.random_state, self.factor = cv, random_state, factor
        self.scoring, self.n_jobs, self.on_progress = scoring, n_jobs, on_progress
        self.n_splits = check_cv(cv, y, classifier=is_classifier(estimator)).get_n_splits(X, y)
        self.budget_fits = float(self.budget * self.n_splits)
        self.plans = {
            s: plan_strategy(
                s,
                estimator,
                space,
                X,
                y,
                budget=self.budget,
                n_splits=self.n_splits,
                cv=cv,
                repeats=self.repeats,
                factor=factor,
                grid=grid,
            )
            for s in self.strategies
        }
        # the grid of the plain grid strategy (successive halving's is in its plan)
        grid_plan = next(
            (p for p in self.plans.values() if p.grid is not None and p.schedule is None), None
        )
        if grid_plan is not None:
            self.grid, self.grid_description = grid_plan.grid, grid_plan.description
        else:
            self.grid, self.grid_description = None, "no grid"
        self.runs = [(s, r) for s in self.strategies for r in range(self.plans[s].runs)]
        self._stop = threading.Event()
        self._current = None
        self.frames: list[pd.DataFrame] = []
        self.searches: list = []

    @property
    def notes(self) -> dict:
        """strategy -> what it runs on the budget, in words."""
        return {s: p.description for s, p in self.plans.items()}

    # -- the runs ------------------------------------------------------------------------
    @property
    def params(self) -> list[str]:
        """The hyperparameter names of the comparison frame, sorted as in ``cv_results_``."""
        names = set(self.space)
        for plan in self.plans.values():
            grids = plan.grid if isinstance(plan.grid, list) else [plan.grid or {}]
            for g in grids:
                names.update(g)
        return sorted(names)

    def seed(self, repeat: int) -> int:
        """The random_state of run ``repeat`` of a strategy (the same for the same seed)."""
        return int(
            np.random.RandomState(self.random_state).randint(0, 2**31 - 1, size=repeat + 1)[-1]
        )

    def make_search(self, strategy, repeat):
        """The live search of run ``repeat`` of ``strategy``, unfitted."""
        plan = self.plans[strategy]
        record = _strategy(strategy)
        if plan.search_params:  # sized by its own plan (Hyperband, ASHA)
            budget = dict(plan.search_params, return_train_score=False)
        elif record.halving:
            budget = dict(
                factor=self.factor,
                min_resources=plan.min_resources,
                max_resources="auto",
                return_train_score=False,
            )
            if "n_candidates" in record.budget_args:
                budget["n_candidates"] = plan.schedule.n_candidates[0]
        else:
            budget = dict.fromkeys(record.budget_args, plan.n_iter)
        return record.make_search(
            clone(self.estimator),
            self.space if plan.grid is None else plan.grid,
            random_state=self.seed(repeat),
            cv=self.cv,
            scoring=self.scoring,
            n_jobs=self.n_jobs,
            **budget,
        )

    @property
    def candidates_total(self) -> int:
        """Candidate evaluations of the whole comparison (halving: over its iterations)."""
        return sum(self.plans[s].candidates for s, _ in self.runs)

    @property
    def fits_total(self) -> float:
        """Full-data fit equivalents of the whole comparison (without refits)."""
        return float(sum(self.plans[s].cost for s, _ in self.runs))

    def _layout(self):
        return _layout(self.params, self.n_splits, self.budget)

    def partial(self, frame=None, stopped=False) -> Comparison | None:
        """The :class:`Comparison` of ``frame`` (default: the runs finished so far), or
        None when nothing was evaluated."""
        if frame is None:
            frame = _combine(self.frames, self.params, self.n_splits, self.budget)
        if frame is None or not len(frame):
            return None
        return self._comparison(frame, stopped)

    def _comparison(self, frame, stopped) -> Comparison:
        return Comparison(
            frame,
            self.grid,
            self.grid_description,
            self.budget,
            comparison_params(frame),
            list(self.searches),
            stopped,
            dict(self.plans),
            self.n_splits,
        )

    def stop(self):
        """End the comparison at the next candidate of the current run.

        The runs (and the candidates of the current run) evaluated so far are kept. Like a
        live search's ``stop()``, it may be called from any thread at any time and always
        means the same: the running comparison, or else the next one, ends at the next
        candidate boundary, after at least one candidate; ``run()`` consumes the request
        when it returns.
        """
        self._stop.set()
        current = self._current
        if current is not None:
            current.stop()

    def run(self) -> Comparison:
        """Run every strategy (and repeat) in turn; return the :class:`Comparison`."""
        try:
            return self._run()
        finally:
            self._current = None
            self._stop.clear()  # the request is consumed by the run that honoured it

    def _run(self) -> Comparison:
        self.frames, self.searches = [], []
        total, fits_total = self.candidates_total, self.fits_total
        done_before, spent_before = 0, 0.0
        stopped = False
        for i, (strategy, repeat) in enumerate(self.runs):
            search = self.make_search(strategy, repeat)
            search.on_progress = self._reporter(
                i, strategy, repeat, done_before, spent_before, total, fits_total
            )
            # current first, then the check: a stop() before the check ends the loop, one
            # after it reaches this search (a search honours a stop asked before its fit)
            self._current = search
            if self._stop.is_set():
                if self.frames:
                    stopped = True
                    break
                search.stop()  # a stop before the first run: it still evaluates a candidate
            search.fit(self.X, self.y)
            self._current = None
            frame = _run_frame(
                search, strategy, repeat, self.n_splits, self.plans[strategy], self._layout()
            )
            done_before += len(frame)
            spent_before += float(frame["cost"].sum())
            if getattr(search, "stopped_", False):
                stopped = True
            # a run ended early by Stop is kept: its candidates were evaluated
            self.frames.append(frame)
            self.searches.append((strategy, repeat, search))
            self._report(
                i + 1, done_before, total, strategy, repeat, None, spent_before, fits_total
            )
            if stopped:
                break
        frame = _combine(self.frames, self.params, self.n_splits, self.budget)
        return self._comparison(frame, stopped)

    def _reporter(self, index, strategy, repeat, done_before, spent_before, total, fits_total):
        plan = self.plans[strategy]

        def report(info):
            if info.cv_results is None:
                return
            partial = _run_frame(
                info.cv_results, strategy, repeat, self.n_splits, plan, self._layout()
            )
            self._report(
                index,
                done_before + len(partial),
                total,
                strategy,
                repeat,
                partial,
                spent_before + float(partial["cost"].sum()),
                fits_total,
            )

        return report

    def _report(self, runs_done, done, total, strategy, repeat, partial, spent, fits_total):
        if self.on_progress is None:
            return
        frames = self.frames + ([partial] if partial is not None else [])
        frame = _combine(frames, self.params, self.n_splits, self.budget)
        self.on_progress(
            ComparisonProgress(
                runs_done, len(self.runs), done, total, strategy, repeat, frame, spent, fits_total
            )
        )


def compare_strategies(
    estimator,
    space,
    X,
    y,
    *,
    budget,
    strategies=("grid", "random"),
    repeats=5,
    cv=5,
    random_state=0,
    grid=None,
    scoring=None,
    n_jobs=None,
    on_progress=None,
    factor=3,
) -> Comparison:
    """Compare search strategies on the same budget, repeated over seeds.

    Parameters
    ----------
    estimator : estimator
    space : dict
        Name -> distribution (``scipy.stats``) or list, as for ``RandomizedSearchCV``.
    X, y : array-like
    budget : int
        Full candidates per run: ``budget x n_splits`` full-data fit equivalents
        (:attr:`Comparison.budget_fits`). A random, quasi-random or Bayesian run evaluates
        ``budget`` candidates; the grid has at most ``budget`` candidates
        (:func:`grid_for_budget`, described in ``Comparison.grid_description``) unless
        ``grid`` is given; a successive-halving run is sized so that its whole schedule
        costs as much as possible without exceeding the budget (:func:`size_halving`);
        Hyperband gets the most brackets whose plan fits the budget, and ASHA is sized on
        the most it can spend (it usually spends less); their scores are counted on all
        the samples (``max_resources``), as successive halving's on its last iteration.
    strategies : tuple of str, default=("grid", "random")
        Any of :data:`STRATEGIES`.
    repeats : int, default=5
        Runs of each strategy, with seeds drawn from ``random_state``; a strategy whose
        record says it runs once (:attr:`hptlearn.strategies.Strategy.runs_once`: the
        grid) runs once.
    cv : int or splitter, default=5
        The same splits for every run (successive halving needs splits that are the same
        at every ``split()`` call: an int, or a splitter with an int ``random_state``).
    random_state : int, default=0
        Seeds the runs: the same value gives the same candidates and scores.
    grid : dict or list of dicts, optional
        The grid to use (for the strategies that read value lists: the grid and the
        halving grid) instead of one sized to the budget.
    scoring, n_jobs :
        As for the scikit-learn searches.
    on_progress : callable, optional
        Called with a :class:`ComparisonProgress` after every batch of every run.
    factor : int, default=3
        The successive-halving factor.

    Returns
    -------
    Comparison
    """
    return StrategyComparison(
        estimator,
        space,
        X,
        y,
        budget=budget,
        strategies=strategies,
        repeats=repeats,
        cv=cv,
        random_state=random_state,
        grid=grid,
        scoring=scoring,
        n_jobs=n_jobs,
        on_progress=on_progress,
        factor=factor,
    ).run()
