"""Grid search against random search, on the same budget, repeated over seeds.

:func:`compare_strategies` runs each strategy with the same number of candidates (the
*budget*) on the same data, cross-validation splits and scoring. A grid is deterministic
and runs once; a random search is repeated with different seeds, because one random run
proves little. Each run is a live search (:mod:`hptlearn.search`), so a comparison reports
progress and can be stopped; what finished is kept.

The result, a :class:`Comparison`, holds a tidy frame with one row per evaluated
candidate — ``strategy``, ``repeat``, ``order`` (1 for the first candidate evaluated),
``elapsed`` (seconds of fitting and scoring spent so far in that run), ``score``,
``best_so_far``, ``status`` (:data:`FRAME_COLUMNS`) and one column per hyperparameter
(:attr:`Comparison.params`, also kept in ``frame.attrs["hptlearn"]``; read it with
:func:`comparison_params`) — and methods that draw it.
For the same ``random_state`` two comparisons give the same frame, except the measured
times.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier
from sklearn.model_selection import ParameterGrid, check_cv

from hptlearn.results import LAYOUT_KEY, param_columns, results_frame, score_column
from hptlearn.search import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.spaces import validate_space

__all__ = [
    "FRAME_COLUMNS",
    "STRATEGIES",
    "Comparison",
    "ComparisonProgress",
    "StrategyComparison",
    "comparison_params",
    "compare_strategies",
    "grid_for_budget",
]

#: The strategies a comparison knows.
STRATEGIES = ("grid", "random")

#: The fixed columns of a comparison frame, in order; one column per hyperparameter follows.
FRAME_COLUMNS = ("strategy", "repeat", "order", "elapsed", "score", "best_so_far", "status")


def _with_layout(frame: pd.DataFrame, params) -> pd.DataFrame:
    """Store the comparison layout (its hyperparameter columns) with the frame."""
    frame.attrs[LAYOUT_KEY] = {"columns": list(FRAME_COLUMNS), "params": list(params)}
    return frame


def _combine(frames, params) -> pd.DataFrame:
    """The frames of several runs as one comparison frame (with every column when empty)."""
    if not frames:
        return _with_layout(pd.DataFrame(columns=[*FRAME_COLUMNS, *params]), params)
    frame = pd.concat(frames, ignore_index=True)
    return _with_layout(frame, [p for p in params if p in frame.columns])


def comparison_params(frame: pd.DataFrame) -> list[str]:
    """The hyperparameter columns of a comparison frame, in order.

    As stored with the frame by :func:`compare_strategies`; for a frame without it (read
    from a file), every column that is not one of :data:`FRAME_COLUMNS`.
    """
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict) and "params" in stored and "columns" in stored:
        return [p for p in stored["params"] if p in frame.columns]
    return [c for c in frame.columns if c not in FRAME_COLUMNS]


# --------------------------------------------------------------------------------------
# Sizing a grid to a budget
# --------------------------------------------------------------------------------------


def _is_distribution(values):
    return hasattr(values, "rvs")


def _grid_points(dist, n):
    """``n`` grid values for a distribution: its quantiles (i + 1/2) / n.

    For a log-uniform distribution they are evenly spaced on a log scale, for a uniform
    one evenly spaced; for an integer one, distinct whole numbers (possibly fewer).
    """
    q = (np.arange(n) + 0.5) / n
    values = dist.ppf(q)
    if np.issubdtype(np.asarray(dist.rvs(size=1, random_state=0)).dtype, np.integer):
        return [int(v) for v in dict.fromkeys(np.rint(values).astype(int))]
    return [float(f"{v:.6g}") for v in values]


def grid_for_budget(space: dict, budget: int) -> tuple[dict, str]:
    """A grid with at most ``budget`` candidates that covers ``space``.

    Lists (categories) are kept whole; every distribution gets a number of evenly spread
    values (its quantiles), as equal as the budget allows across hyperparameters.

    Returns
    -------
    grid : dict
        Name -> list of values.
    description : str
        The choice in words, e.g. ``"grid of 2 x 5 x 6 = 60 candidates (budget 60)"``.
    """
    if not isinstance(space, dict) or not space:
        raise ValueError(
            "A comparison needs the space as one non-empty dict of name -> "
            "distribution or list, e.g. {'C': loguniform(1e-2, 1e2)}."
        )
    budget = int(budget)
    lists = {k: list(v) for k, v in space.items() if not _is_distribution(v)}
    dists = {k: v for k, v in space.items() if _is_distribution(v)}
    fixed = math.prod(len(v) for v in lists.values()) if lists else 1
    if fixed > budget:
        raise ValueError(
            f"The listed values alone make {fixed} combinations, more than the budget of "
            f"{budget}: raise the budget or list fewer values."
        )
    counts = {k: 1 for k in dists}
    room = budget // fixed
    # grow the counts one at a time, smallest first, while the product fits the budget
    while dists:
        name = min(counts, key=lambda k: (counts[k], list(counts).index(k)))
        trial = math.prod(counts.values()) // counts[name] * (counts[name] + 1)
        if trial > room:
            break
        counts[name] += 1
    grid = {}
    for name, values in space.items():
        grid[name] = lists[name] if name in lists else _grid_points(values, counts[name])
    sizes = [len(grid[k]) for k in space]
    n = math.prod(sizes)
    description = f"grid of {' x '.join(map(str, sizes))} = {n} candidates (budget {budget})"
    return grid, description


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """The result of :func:`compare_strategies`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per evaluated candidate (see the module docstring).
    grid : dict or list or None
        The grid the grid strategy used.
    grid_description : str
        How that grid was chosen.
    budget : int
    params : list of str
        The hyperparameter names.
    searches : list
        ``(strategy, repeat, fitted search)`` for every finished run.
    stopped : bool
        True if the comparison was stopped before every run finished.
    """

    frame: pd.DataFrame
    grid: object
    grid_description: str
    budget: int
    params: list
    searches: list = field(default_factory=list, repr=False)
    stopped: bool = False

    def summary(self) -> pd.DataFrame:
        """Per strategy: runs, candidates, best score (median, min, max over runs), and
        distinct values tried of each hyperparameter (median over runs)."""
        rows = []
        if self.frame.empty:
            columns = [
                "strategy",
                "runs",
                "candidates per run",
                "best score (median)",
                "best score (min)",
                "best score (max)",
            ]
            return pd.DataFrame(columns=columns + [f"distinct {p}" for p in self.params])
        for strategy, part in self.frame.groupby("strategy", sort=False):
            best = part.groupby("repeat")["score"].max()
            row = {
                "strategy": strategy,
                "runs": best.size,
                "candidates per run": int(part.groupby("repeat").size().median()),
                "best score (median)": best.median(),
                "best score (min)": best.min(),
                "best score (max)": best.max(),
            }
            for p in self.params:
                row[f"distinct {p}"] = float(part.groupby("repeat")[p].nunique().median())
            rows.append(row)
        return pd.DataFrame(rows)

    def plot_best_so_far(self, x="order", *, ax=None):
        """See :func:`hptlearn.plots.plot_best_so_far`."""
        from hptlearn.plots import plot_best_so_far

        return plot_best_so_far(self, x=x, ax=ax)

    def plot_distinct_values(self, *, ax=None):
        """See :func:`hptlearn.plots.plot_distinct_values`."""
        from hptlearn.plots import plot_distinct_values

        return plot_distinct_values(self, ax=ax)

    def plot_slices(self, *, ax=None):
        """See :func:`hptlearn.plots.plot_slices`."""
        from hptlearn.plots import plot_slices

        return plot_slices(self, ax=ax)

    def plot_score_distribution(self, *, ax=None):
        """See :func:`hptlearn.plots.plot_score_distribution`."""
        from hptlearn.plots import plot_score_distribution

        return plot_score_distribution(self, ax=ax)


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


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def _run_frame(search_results, strategy, repeat, n_splits):
    frame = results_frame(search_results)
    params = param_columns(frame)
    score = score_column(frame)
    scores = frame[score].astype(float).to_numpy()
    # seconds spent fitting and scoring this candidate on every fold, summed over the run:
    # the cost of the strategy on one core, independent of batching and parallelism
    cost = (frame["mean_fit_time"] + frame["mean_score_time"]).to_numpy() * n_splits
    out = pd.DataFrame(
        {
            "strategy": strategy,
            "repeat": repeat,
            "order": frame["order"].to_numpy() + 1,
            "elapsed": np.cumsum(cost),
            "score": scores,
            "best_so_far": np.fmax.accumulate(scores),
            "status": frame["status"].to_numpy(),
        }
    )
    for p in params:
        out[p] = frame[p].to_numpy()
    return _with_layout(out, params)


class StrategyComparison:
    """Runs a comparison step by step, with progress reports and a ``stop()``.

    :func:`compare_strategies` is the one-call version; the comparison app uses this
    class to run in a background thread. Parameters are those of
    :func:`compare_strategies`.
    """

    def __init__(
        self,
        estimator,
        space,
        X,
        y,
        *,
        budget,
        strategies=STRATEGIES,
        repeats=5,
        cv=5,
        random_state=0,
        grid=None,
        scoring=None,
        n_jobs=None,
        on_progress=None,
    ):
        unknown = [s for s in strategies if s not in STRATEGIES]
        if unknown or not strategies:
            raise ValueError(f"Unknown strategies {unknown}; choose from {list(STRATEGIES)}.")
        if not isinstance(budget, Integral) or budget < 1:
            raise ValueError(f"budget must be a whole number of candidates >= 1, got {budget!r}.")
        if not isinstance(repeats, Integral) or repeats < 1:
            raise ValueError(f"repeats must be a whole number >= 1, got {repeats!r}.")
        validate_space(estimator, space)
        if "grid" in strategies:
            if grid is None:
                grid, description = grid_for_budget(space, budget)
            else:
                validate_space(estimator, grid)
                n = len(ParameterGrid(grid))
                description = f"given grid of {n} candidates (budget {budget})"
        else:
            description = "no grid"
        self.estimator, self.space, self.X, self.y = estimator, space, X, y
        self.budget, self.strategies, self.repeats = int(budget), tuple(strategies), repeats
        self.cv, self.random_state, self.grid, self.grid_description = (
            cv,
            random_state,
            grid,
            description,
        )
        self.scoring, self.n_jobs, self.on_progress = scoring, n_jobs, on_progress
        self.n_splits = check_cv(cv, y, classifier=is_classifier(estimator)).get_n_splits(X, y)
        self.runs = [(s, r) for s in self.strategies for r in range(1 if s == "grid" else repeats)]
        self._stop = threading.Event()
        self._current = None
        self.frames: list[pd.DataFrame] = []
        self.searches: list = []

    @property
    def params(self) -> list[str]:
        """The hyperparameter names of the comparison frame, sorted as in ``cv_results_``."""
        names = set(self.space)
        grids = self.grid if isinstance(self.grid, list) else [self.grid or {}]
        for g in grids:
            names.update(g)
        return sorted(names)

    def seed(self, repeat: int) -> int:
        """The random_state of random-search run ``repeat`` (the same for the same seed)."""
        return int(
            np.random.RandomState(self.random_state).randint(0, 2**31 - 1, size=repeat + 1)[-1]
        )

    def make_search(self, strategy, repeat):
        common = dict(cv=self.cv, scoring=self.scoring, n_jobs=self.n_jobs)
        if strategy == "grid":
            return LiveGridSearchCV(clone(self.estimator), self.grid, **common)
        return LiveRandomizedSearchCV(
            clone(self.estimator),
            self.space,
            n_iter=self.budget,
            random_state=self.seed(repeat),
            **common,
        )

    @property
    def candidates_total(self) -> int:
        total = 0
        for strategy, repeat in self.runs:
            total += self.make_search(strategy, repeat).n_candidates()
        return total

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
        total = self.candidates_total
        done_before = 0
        stopped = False
        for i, (strategy, repeat) in enumerate(self.runs):
            search = self.make_search(strategy, repeat)
            search.on_progress = self._reporter(i, strategy, repeat, done_before, total)
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
            frame = _run_frame(search, strategy, repeat, self.n_splits)
            done_before += len(frame)
            if search.stopped_:
                stopped = True
            # a run ended early by Stop is kept: its candidates were evaluated
            self.frames.append(frame)
            self.searches.append((strategy, repeat, search))
            self._report(i + 1, done_before, total, strategy, repeat, None)
            if stopped:
                break
        frame = _combine(self.frames, self.params)
        params = comparison_params(frame)
        return Comparison(
            frame,
            self.grid,
            self.grid_description,
            self.budget,
            params,
            list(self.searches),
            stopped,
        )

    def _reporter(self, index, strategy, repeat, done_before, total):
        def report(info):
            if info.cv_results is None:
                return
            partial = _run_frame(info.cv_results, strategy, repeat, self.n_splits)
            self._report(index, done_before + info.n_done, total, strategy, repeat, partial)

        return report

    def _report(self, runs_done, candidates_done, total, strategy, repeat, partial):
        if self.on_progress is None:
            return
        frame = _combine(self.frames + ([partial] if partial is not None else []), self.params)
        self.on_progress(
            ComparisonProgress(
                runs_done, len(self.runs), candidates_done, total, strategy, repeat, frame
            )
        )


def compare_strategies(
    estimator,
    space,
    X,
    y,
    *,
    budget,
    strategies=STRATEGIES,
    repeats=5,
    cv=5,
    random_state=0,
    grid=None,
    scoring=None,
    n_jobs=None,
    on_progress=None,
) -> Comparison:
    """Compare grid search and random search on the same budget of candidates.

    Parameters
    ----------
    estimator : estimator
    space : dict
        Name -> distribution (``scipy.stats``) or list, as for ``RandomizedSearchCV``.
    X, y : array-like
    budget : int
        Candidates per run. The random search draws ``budget`` candidates; the grid is
        sized to at most ``budget`` candidates by :func:`grid_for_budget` (reported in
        ``Comparison.grid_description``), unless ``grid`` is given.
    strategies : tuple, default=("grid", "random")
    repeats : int, default=5
        Runs of each random strategy, with seeds drawn from ``random_state``.
    cv : int or splitter, default=5
        The same splits for every run.
    random_state : int, default=0
        Seeds the random runs: the same value gives the same candidates and scores.
    grid : dict or list of dicts, optional
        The grid to use instead of one sized to the budget.
    scoring, n_jobs :
        As for the scikit-learn searches.
    on_progress : callable, optional
        Called with a :class:`ComparisonProgress` after every batch of every run.

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
    ).run()
