"""Search strategies raced on one fair budget, repeated over seeds.

:func:`compare_strategies` runs any subset of :data:`STRATEGIES` on the same data,
cross-validation splits and scoring, each sized to the same *budget*:

``"grid"``, ``"random"``, ``"quasi-random"``, ``"bayes"``
    ``budget`` candidates, each fitted on every full training fold: a grid of at most
    ``budget`` candidates (:func:`grid_for_budget`), or ``n_iter=budget`` draws, Sobol
    points or Bayesian (TPE) trials.
``"halving-grid"``, ``"halving-random"``
    Successive halving (scikit-learn's ``HalvingGridSearchCV`` / ``HalvingRandomSearchCV``),
    which fits many candidates on a part of the data and the best few on more. Its first
    iteration's candidates and ``min_resources`` are chosen (:func:`size_halving`) so
    that its whole schedule costs as much as the others, without exceeding it.

**The budget.** ``budget`` is a number of *full candidates*: one candidate evaluated on
every one of the ``n_splits`` cross-validation folds with all of the training data. It is
counted in **full-data fit equivalents** (:attr:`Comparison.budget_fits` = ``budget x
n_splits``): a fit on ``n`` of the ``N`` samples of a training fold counts ``n / N``
(for successive halving, ``n_resources / max_resources``), a fit on all of it counts 1.
Seconds are reported too (``elapsed``), because two fits on the same data may take
very different times.

A grid and a halving grid are deterministic and run once; the other strategies are
repeated ``repeats`` times with seeds drawn from ``random_state`` (:meth:`StrategyComparison.seed`).
Each run is a live search, so a comparison reports progress and can be stopped; what
finished is kept.

The result, a :class:`Comparison`, holds a tidy frame with one row per evaluated candidate
(:data:`FRAME_COLUMNS`):

``strategy``, ``repeat``
    The strategy's name and its run (0, 1, ...).
``order``
    1 for the first candidate evaluated in the run.
``resources``
    The fraction of a full training fold each fit of this candidate used (1.0, or
    ``n_resources / max_resources`` for successive halving).
``cost``
    Its fits in full-data fit equivalents: ``n_splits x resources``.
``budget_spent``
    The cost of the run so far, this candidate included.
``elapsed``
    Seconds of fitting and scoring spent in the run so far (summed over folds: the time
    on one core, whatever the parallelism).
``score``
    Its mean CV score (NaN if it failed).
``best_so_far``
    The best score of the run so far. Successive halving scores its early candidates on a
    part of the data (and of the test folds), which is not comparable: for it only the
    candidates of the last iteration of its schedule count, and the best so far is NaN
    before the first of them (as scikit-learn's own ``best_score_`` counts only them).
``status``
    ``"ok"`` or ``"failed"``.

followed by one column per hyperparameter (:attr:`Comparison.params`, also kept in
``frame.attrs["hptlearn"]``; read it with :func:`comparison_params`). For the same
``random_state`` two comparisons give the same frame, except the measured times.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from math import floor, log
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier
from sklearn.model_selection import ParameterGrid, check_cv

from hptlearn.halving import HalvingSchedule, halving_cost, halving_plan
from hptlearn.results import LAYOUT_KEY, param_columns, results_frame, score_column
from hptlearn.search import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.spaces import validate_space

__all__ = [
    "DETERMINISTIC",
    "FRAME_COLUMNS",
    "HALVING",
    "HELD_OUT_COLUMNS",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "Comparison",
    "ComparisonProgress",
    "HalvingPlan",
    "StrategyComparison",
    "StrategyPlan",
    "best_so_far_curves",
    "comparison_params",
    "compare_strategies",
    "grid_for_budget",
    "halving_cost",
    "held_out_summary",
    "halving_plan",
    "read_comparison",
    "size_halving",
    "strategy_label",
]

#: The strategies a comparison knows, in the order they run.
STRATEGIES = ("grid", "random", "quasi-random", "halving-grid", "halving-random", "bayes")

#: How each strategy is named in figures and apps.
STRATEGY_LABELS = {
    "grid": "Grid",
    "random": "Random",
    "quasi-random": "Quasi-random (Sobol)",
    "halving-grid": "Successive halving (grid)",
    "halving-random": "Successive halving (random)",
    "bayes": "Bayesian (TPE)",
}

#: The strategies that give the same candidates every time: they run once.
DETERMINISTIC = ("grid", "halving-grid")

#: The successive-halving strategies.
HALVING = ("halving-grid", "halving-random")

#: The fixed columns of a comparison frame, in order; one column per hyperparameter follows.
FRAME_COLUMNS = (
    "strategy",
    "repeat",
    "order",
    "resources",
    "cost",
    "budget_spent",
    "elapsed",
    "score",
    "best_so_far",
    "status",
)


def strategy_label(strategy: str) -> str:
    """The readable name of a strategy (the name itself for one not in :data:`STRATEGIES`).

    >>> strategy_label("bayes")
    'Bayesian (TPE)'
    """
    return STRATEGY_LABELS.get(strategy, strategy)


def _layout(params, n_splits=None, budget=None) -> dict:
    layout = {"columns": list(FRAME_COLUMNS), "params": list(params)}
    if n_splits is not None:
        layout["n_splits"] = int(n_splits)
    if budget is not None:
        layout["budget"] = int(budget)
    return layout


def _with_layout(frame: pd.DataFrame, params, n_splits=None, budget=None) -> pd.DataFrame:
    """Store the comparison layout (its hyperparameter columns) with the frame."""
    frame.attrs[LAYOUT_KEY] = _layout(params, n_splits, budget)
    return frame


def _combine(frames, params, n_splits=None, budget=None) -> pd.DataFrame:
    """The frames of several runs as one comparison frame (with every column when empty)."""
    if not frames:
        empty = pd.DataFrame(columns=[*FRAME_COLUMNS, *params])
        return _with_layout(empty, params, n_splits, budget)
    frame = pd.concat(frames, ignore_index=True)
    return _with_layout(frame, [p for p in params if p in frame.columns], n_splits, budget)


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


def _is_number(value):
    return isinstance(value, (Integral, Real, np.number)) and not isinstance(
        value, (bool, np.bool_)
    )


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


def _spread(values, n):
    """``n`` evenly spread values of a sorted list: the values at its quantiles (i + 1/2) / n,
    as for a distribution (all of them when ``n`` is the list's length)."""
    m = len(values)
    return [values[int((i + 0.5) * m / n)] for i in range(n)]


def _unique(values):
    out = []
    for v in values:
        if not any(v is u or (type(v) is type(u) and v == u) for u in out):
            out.append(v)
    return out


def _balance(caps: dict, room: int) -> dict:
    """Counts per name, as equal as possible, each at most its cap (None: no cap), with a
    product at most ``room``: grow the smallest count (first in order on ties) by one
    while the product fits."""
    counts = {k: 1 for k in caps}
    order = list(caps)
    while True:
        open_ = [k for k in order if caps[k] is None or counts[k] < caps[k]]
        if not open_:
            break
        name = min(open_, key=lambda k: (counts[k], order.index(k)))
        trial = math.prod(counts.values()) // counts[name] * (counts[name] + 1)
        if trial > room:
            break
        counts[name] += 1
    return counts


def _split_lists(space):
    """Lists of the space (values once each): the ordered ones (numbers, sorted) and the
    categories (in the order given)."""
    lists = {k: _unique(list(v)) for k, v in space.items() if not _is_distribution(v)}
    for name, values in lists.items():
        if not values:
            raise ValueError(f"The list of values of {name!r} is empty: give at least one.")
    ordered = {k: sorted(v) for k, v in lists.items() if all(_is_number(x) for x in v)}
    categories = {k: v for k, v in lists.items() if k not in ordered}
    return lists, ordered, categories


def _counts(space, budget, categories, ordered):
    """How many values of each category list, and of each other hyperparameter."""
    whole = math.prod(len(v) for v in categories.values()) if categories else 1
    if whole <= budget:
        cat_counts = {k: len(v) for k, v in categories.items()}
    else:  # the categories alone exceed the budget: thin them, one value of the rest
        cat_counts = _balance({k: len(v) for k, v in categories.items()}, budget)
    room = budget // math.prod(cat_counts.values()) if cat_counts else budget
    caps = {k: (len(ordered[k]) if k in ordered else None) for k in space if k not in categories}
    return cat_counts, _balance(caps, room)


def _grid_text(grid) -> str:
    sizes = [len(v) for v in grid.values()]
    return f"grid of {' x '.join(map(str, sizes))} = {math.prod(sizes)} candidates"


def _fmt(value) -> str:
    return (
        f"{value:g}" if _is_number(value) else repr(value) if isinstance(value, str) else str(value)
    )


def grid_for_budget(space: dict, budget: int) -> tuple[dict, str]:
    """A grid with at most ``budget`` candidates that covers ``space``.

    * A distribution gets evenly spread values (its quantiles (i + 1/2) / n).
    * A list of numbers is ordered: it gets evenly spread values of its sorted values (all
      of them when the budget allows), the same way.
    * A list of categories (strings, booleans, None, objects, or a mix) is kept whole as
      long as the categories alone fit the budget; only when they alone exceed it are
      they thinned (the first ones, in the order given, are kept).

    The counts are as equal as the budget allows across hyperparameters (categories
    first). The description says which list values were kept when some were left out.

    Returns
    -------
    grid : dict
        Name -> list of values.
    description : str
        The choice in words, e.g. ``"grid of 2 x 5 x 6 = 60 candidates (budget 60)"``,
        followed by ``"; C: 3 of 5 values kept (0.01, 1, 100)"`` for a thinned list.
    """
    if not isinstance(space, dict) or not space:
        raise ValueError(
            "A comparison needs the space as one non-empty dict of name -> "
            "distribution or list, e.g. {'C': loguniform(1e-2, 1e2)}."
        )
    if not isinstance(budget, Integral) or budget < 1:
        raise ValueError(f"budget must be a whole number of candidates >= 1, got {budget!r}.")
    budget = int(budget)
    lists, ordered, categories = _split_lists(space)

    cat_counts, counts = _counts(space, budget, categories, ordered)
    grid, notes = {}, []
    for name, values in space.items():
        if name in categories:
            kept = categories[name][: cat_counts[name]]
            grid[name] = list(values) if kept == categories[name] else kept
        elif name in ordered:
            if counts[name] == len(ordered[name]):
                grid[name] = list(values) if len(values) == len(ordered[name]) else ordered[name]
                continue
            grid[name] = _spread(ordered[name], counts[name])
        else:
            grid[name] = _grid_points(values, counts[name])
            continue
        n_all = len(lists[name])
        if len(grid[name]) < n_all:
            shown = ", ".join(_fmt(v) for v in grid[name])
            notes.append(f"{name}: {len(grid[name])} of {n_all} values kept ({shown})")
    description = f"{_grid_text(grid)} (budget {budget})"
    if notes:
        description += "; " + "; ".join(notes)
    return grid, description


# --------------------------------------------------------------------------------------
# Successive halving on a budget
# --------------------------------------------------------------------------------------


#: The schedule of a successive-halving search (:class:`hptlearn.halving.HalvingSchedule`).
HalvingPlan = HalvingSchedule


def _n_samples(X) -> int:
    """The number of samples of ``X`` (what ``max_resources="auto"`` uses)."""
    shape = getattr(X, "shape", None)
    return int(shape[0]) if shape is not None else len(X)


def _smallest_resources(estimator, y, n_splits) -> int:
    """scikit-learn's ``min_resources="smallest"``: 2 samples per fold (and per class)."""
    smallest = 2 * n_splits
    if is_classifier(estimator) and y is not None:
        smallest *= len(np.unique(np.asarray(y)))
    return smallest


def _exhaust_resources(n_candidates, smallest, max_resources, factor) -> int:
    """scikit-learn's ``min_resources="exhaust"``: the last iteration uses as many
    samples as it can."""
    last = floor(log(n_candidates, factor))
    return max(smallest, max_resources // factor**last)


def size_halving(budget_fits, sizes, *, smallest, max_resources, factor, n_splits):
    """The successive-halving search that costs the most without exceeding the budget.

    For each possible number ``n`` of first-iteration candidates (``sizes``, in increasing
    order), ``min_resources`` is scikit-learn's ``"exhaust"`` choice (the last iteration
    uses as many samples as it can, never fewer than ``smallest``); the ``n`` whose
    schedule costs most, at most ``budget_fits``, is chosen (ties: more candidates).

    With a small budget and a large ``smallest`` (2 samples per fold and class: 60 on
    digits with 3 folds), the last iteration may stop well short of all the samples
    (540 of 1347 on digits at 60 fits): the halving search's best score is then that of a
    model trained on fewer samples than the other strategies' models, so compare the
    strategies on held-out data too, as notebook 09 does.

    Returns
    -------
    n_candidates, min_resources : int
    schedule : HalvingPlan
    """
    if smallest > max_resources:
        raise ValueError(
            f"Successive halving needs at least {smallest} samples (2 per fold and class), "
            f"more than the {max_resources} of the data: use fewer folds or more data."
        )
    best = None
    for n in sizes:
        if n * n_splits * smallest / max_resources > budget_fits:
            break  # the first iteration alone exceeds the budget, and more so for more
        r = _exhaust_resources(n, smallest, max_resources, factor)
        schedule = halving_plan(n, r, max_resources, factor, n_splits)
        if schedule.cost <= budget_fits + 1e-9 and (best is None or schedule.cost >= best[2].cost):
            best = (n, r, schedule)
    if best is None:
        raise ValueError(
            f"No successive-halving search fits a budget of {budget_fits:g} full-data fits; "
            "raise the budget."
        )
    return best


# --------------------------------------------------------------------------------------
# What each strategy runs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StrategyPlan:
    """What one strategy runs, sized to the budget.

    Attributes
    ----------
    strategy : str
    runs : int
        1 for a deterministic strategy, else ``repeats``.
    candidates : int
        Candidate evaluations per run (for successive halving, over all iterations).
    cost : float
        Full-data fit equivalents per run.
    description : str
        The choice in words (what a grid kept, a halving schedule, ...).
    grid : dict or list of dicts or None
        The grid of a grid or halving-grid strategy.
    n_iter : int or None
        The candidates of a random, quasi-random or Bayesian run.
    schedule : HalvingPlan or None
        The schedule of a successive-halving run.
    """

    strategy: str
    runs: int
    candidates: int
    cost: float
    description: str
    grid: object = None
    n_iter: int | None = None
    schedule: HalvingPlan | None = None

    @property
    def min_resources(self) -> int | None:
        return None if self.schedule is None else self.schedule.n_resources[0]


# --------------------------------------------------------------------------------------
# Best score so far, at given points of the budget
# --------------------------------------------------------------------------------------


def _x_column(x):
    if x not in ("budget_spent", "elapsed", "order"):
        raise ValueError(f"x must be 'budget_spent', 'elapsed' or 'order', got {x!r}.")
    return x


def best_so_far_curves(frame: pd.DataFrame, at, x: str = "budget_spent") -> dict:
    """Each run's best score so far at the points ``at`` of ``x``, per strategy.

    A run's best so far is a step function of ``x``: at a point, the ``best_so_far`` of
    its last candidate with ``x`` at most that point; NaN before its first candidate (a
    run that has not started has no score, which is not a score of 0). After its last
    candidate a run keeps its final best (it spent no more).

    Returns
    -------
    dict
        strategy -> array of shape (runs, len(at)), strategies in the frame's order.
    """
    column = _x_column(x)
    if column not in frame.columns:
        raise ValueError(
            f"This comparison frame has no {column!r} column; compare_strategies makes it."
        )
    at = np.asarray(at, dtype=float)
    out = {}
    for strategy, part in frame.groupby("strategy", sort=False):
        rows = []
        for _, run in part.groupby("repeat", sort=True):
            run = run.sort_values("order", kind="stable")
            xs = run[column].to_numpy(dtype=float)
            best = run["best_so_far"].to_numpy(dtype=float)
            idx = np.searchsorted(xs, at, side="right") - 1
            rows.append(np.where(idx >= 0, best[np.clip(idx, 0, None)], np.nan))
        out[strategy] = np.vstack(rows) if rows else np.empty((0, at.size))
    return out


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------


def _n_splits_of(frame):
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict) and stored.get("n_splits"):
        return int(stored["n_splits"])
    if {"cost", "resources"} <= set(frame.columns) and len(frame):
        ratio = frame["cost"].to_numpy(float) / frame["resources"].to_numpy(float)
        return int(round(float(np.nanmedian(ratio))))
    return None


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
        Full candidates per run (see :attr:`budget_fits` for full-data fit equivalents).
    params : list of str
        The hyperparameter names.
    searches : list
        ``(strategy, repeat, fitted search)`` for every finished run.
    stopped : bool
        True if the comparison was stopped before every run finished.
    plans : dict
        strategy -> :class:`StrategyPlan`: what each strategy ran, sized to the budget.
    n_splits : int or None
        Cross-validation folds.
    """

    frame: pd.DataFrame
    grid: object
    grid_description: str
    budget: int
    params: list
    searches: list = field(default_factory=list, repr=False)
    stopped: bool = False
    plans: dict = field(default_factory=dict, repr=False)
    n_splits: int | None = None

    @property
    def strategies(self) -> list[str]:
        """The strategies compared (planned, else those in the frame), in order."""
        if self.plans:
            return list(self.plans)
        return list(dict.fromkeys(self.frame["strategy"]))

    @property
    def notes(self) -> dict:
        """strategy -> what it ran, in words (e.g. which values the grid kept)."""
        return {s: p.description for s, p in self.plans.items()}

    @property
    def budget_fits(self) -> float | None:
        """The budget per run in full-data fit equivalents: ``budget x n_splits``."""
        n_splits = self.n_splits or _n_splits_of(self.frame)
        return None if n_splits is None else float(self.budget * n_splits)

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
            if "best_so_far" in part.columns:  # halving: only its full-resource candidates
                best = part.groupby("repeat")["best_so_far"].last()
            else:
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

    def spending(self) -> pd.DataFrame:
        """Per strategy: full-data fit equivalents and seconds per run (median over runs),
        and the budget per run in fit equivalents."""
        columns = ["strategy", "runs", "fits per run", "budget (fits)", "seconds per run"]
        if self.frame.empty:
            return pd.DataFrame(columns=columns)
        rows = []
        for strategy, part in self.frame.groupby("strategy", sort=False):
            runs = part.groupby("repeat")
            rows.append(
                {
                    "strategy": strategy,
                    "runs": runs.ngroups,
                    "fits per run": float(runs["budget_spent"].max().median()),
                    "budget (fits)": self.budget_fits,
                    "seconds per run": float(runs["elapsed"].max().median()),
                }
            )
        return pd.DataFrame(rows, columns=columns)

    def budget_table(self, fractions=(0.25, 0.5, 1.0)) -> pd.DataFrame:
        """The best score each strategy had found at fractions of the budget.

        For each strategy and fraction ``f``: each run's best score so far after spending
        ``f x budget_fits`` full-data fit equivalents (:func:`best_so_far_curves`), then
        over the runs that have a score by then: their number, the median, the min and
        the max (one run for a deterministic strategy).

        Returns
        -------
        pandas.DataFrame
            Columns ``strategy``, ``fraction``, ``fits`` (the budget spent, in full-data fit
            equivalents), ``runs`` (with a score by then), ``median``, ``min``, ``max``.
        """
        columns = ["strategy", "fraction", "fits", "runs", "median", "min", "max"]
        budget_fits = self.budget_fits
        if budget_fits is None or self.frame.empty:
            return pd.DataFrame(columns=columns)
        fractions = [float(f) for f in fractions]
        at = np.array(fractions) * budget_fits
        rows = []
        for strategy, curves in best_so_far_curves(self.frame, at).items():
            for j, f in enumerate(fractions):
                values = curves[:, j]
                values = values[np.isfinite(values)]
                stats = (
                    (np.median(values), values.min(), values.max())
                    if values.size
                    else (np.nan, np.nan, np.nan)
                )
                rows.append([strategy, f, at[j], values.size, *map(float, stats)])
        return pd.DataFrame(rows, columns=columns)

    def held_out(self, X_test, y_test) -> pd.DataFrame:
        """Each run's choice, judged on data that no run saw.

        The best CV score favours the strategy that tries more distinct candidates (the
        maximum of more noisy estimates is higher even when the models are no better), so
        compare strategies on held-out data too. For every finished run in
        :attr:`searches` whose best candidate was refitted: its best CV score
        (``best_score_``) and the score of that refitted model on ``X_test, y_test``, with
        the search's own scoring (``search.score``; refit's metric with several).

        Returns
        -------
        pandas.DataFrame
            One row per run: ``strategy``, ``repeat``, ``best CV score``,
            ``held-out score``; empty (with these columns) before any run has finished.
            :func:`held_out_summary` sums it up per strategy.
        """
        rows = [
            {
                "strategy": strategy,
                "repeat": repeat,
                "best CV score": float(search.best_score_),
                "held-out score": float(search.score(X_test, y_test)),
            }
            for strategy, repeat, search in self.searches
            if hasattr(search, "best_estimator_")
        ]
        return pd.DataFrame(rows, columns=list(HELD_OUT_COLUMNS))

    def to_csv(self, path) -> Path:
        """Write the comparison to a CSV file that :func:`read_comparison` reads back.

        The first line is a comment with what the frame alone does not say (the budget,
        the folds, the grid and how it was chosen, whether it was stopped); the frame
        follows, one row per evaluated candidate. The fitted searches are not written.
        """
        path = Path(path)
        meta = {
            "budget": int(self.budget),
            "n_splits": self.n_splits,
            "params": list(self.params),
            "grid_description": self.grid_description,
            "grid": self.grid,
            "stopped": bool(self.stopped),
        }
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(f"{_CSV_HEADER} {json.dumps(meta, default=_json_default)}\n")
            self.frame.to_csv(file, index=False)
        return path

    def plot_best_so_far(self, x="budget_spent", *, ax=None):
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


#: The columns of :meth:`Comparison.held_out`.
HELD_OUT_COLUMNS = ("strategy", "repeat", "best CV score", "held-out score")

_CSV_HEADER = "# hptlearn comparison"


def _json_default(value):
    """What ``json.dumps`` cannot write itself: numpy arrays and scalars as lists and
    numbers, anything else (an estimator in a grid) as its description."""
    return value.tolist() if isinstance(value, np.ndarray | np.generic) else repr(value)


def held_out_summary(held_out: pd.DataFrame) -> pd.DataFrame:
    """Per strategy, the runs of :meth:`Comparison.held_out` summed up: the number of
    runs, the median best CV score, and the median, min and max held-out score.

    >>> runs = pd.DataFrame({"strategy": ["grid", "random", "random", "random"],
    ...                      "repeat": [0, 0, 1, 2],
    ...                      "best CV score": [0.95, 0.97, 0.96, 0.98],
    ...                      "held-out score": [0.93, 0.91, 0.95, 0.94]})
    >>> print(held_out_summary(runs).to_string(index=False))
    strategy  runs  best CV score (median)  held-out (median)  held-out (min)  held-out (max)
        grid     1                    0.95               0.93            0.93            0.93
      random     3                    0.97               0.94            0.91            0.95
    """
    columns = [
        "strategy",
        "runs",
        "best CV score (median)",
        "held-out (median)",
        "held-out (min)",
        "held-out (max)",
    ]
    rows = []
    for strategy, part in held_out.groupby("strategy", sort=False):
        scores = part["held-out score"]
        rows.append(
            [
                strategy,
                len(part),
                float(part["best CV score"].median()),
                float(scores.median()),
                float(scores.min()),
                float(scores.max()),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def read_comparison(path) -> Comparison:
    """A comparison written by :meth:`Comparison.to_csv` (without its fitted searches).

    Everything drawn from the frame works as on the original: :meth:`Comparison.summary`,
    :meth:`Comparison.budget_table` and the figures.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as file:
        first = file.readline()
        if not first.startswith(_CSV_HEADER):
            raise ValueError(
                f"{path} is not a comparison written by Comparison.to_csv: its first line "
                f"should start with {_CSV_HEADER!r}. Read a plain CSV file with pandas.read_csv."
            )
        meta = json.loads(first[len(_CSV_HEADER) :])
        frame = pd.read_csv(file)
    params = [p for p in meta["params"] if p in frame.columns]
    frame = _with_layout(frame, params, meta.get("n_splits"), meta["budget"])
    return Comparison(
        frame=frame,
        grid=meta.get("grid"),
        grid_description=meta.get("grid_description", ""),
        budget=meta["budget"],
        params=params,
        stopped=bool(meta.get("stopped", False)),
        n_splits=meta.get("n_splits"),
    )


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


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def _import(strategy):
    """The live search class of a strategy (imported when a search is made)."""
    where = {
        "grid": ("hptlearn.search", "LiveGridSearchCV"),
        "random": ("hptlearn.search", "LiveRandomizedSearchCV"),
        "quasi-random": ("hptlearn.search", "LiveQuasiRandomSearchCV"),
        "halving-grid": ("hptlearn.halving", "LiveHalvingGridSearchCV"),
        "halving-random": ("hptlearn.halving", "LiveHalvingRandomSearchCV"),
        "bayes": ("hptlearn.bayes", "LiveBayesSearchCV"),
    }
    module_name, name = where[strategy]
    try:
        module = __import__(module_name, fromlist=[name])
        return getattr(module, name)
    except (ImportError, AttributeError) as exc:
        raise ImportError(
            f"The {strategy!r} strategy needs {module_name}.{name}, which this installation "
            f"of hptlearn lacks ({exc}). Leave {strategy!r} out of the strategies."
        ) from exc


def _run_frame(search_results, strategy, repeat, n_splits, plan=None, layout=None):
    """The comparison rows of one run (a fitted search, or the cv_results_ so far)."""
    frame = results_frame(search_results)
    params = param_columns(frame)
    score = score_column(frame)
    cv_results = search_results if isinstance(search_results, dict) else search_results.cv_results_
    n = len(frame)
    scores = frame[score].astype(float).to_numpy()
    schedule = None if plan is None else plan.schedule
    if schedule is not None:
        if "n_resources" in cv_results and len(cv_results["n_resources"]) == n:
            n_resources = np.asarray(cv_results["n_resources"], dtype=float)
        else:  # rows come iteration by iteration, as planned
            n_resources = np.repeat(schedule.n_resources, schedule.n_candidates)[:n]
            n_resources = n_resources.astype(float)
        resources = n_resources / schedule.max_resources
        final = n_resources == schedule.n_resources[-1]
        counted = np.where(final, scores, np.nan)
    else:
        resources = np.ones(n)
        counted = scores
    cost = n_splits * resources
    # seconds spent fitting and scoring this candidate on every fold, summed over the run:
    # the cost of the strategy on one core, independent of batching and parallelism
    seconds = (frame["mean_fit_time"] + frame["mean_score_time"]).to_numpy() * n_splits
    out = pd.DataFrame(
        {
            "strategy": strategy,
            "repeat": repeat,
            "order": frame["order"].to_numpy() + 1,
            "resources": resources,
            "cost": cost,
            "budget_spent": np.cumsum(cost),
            "elapsed": np.cumsum(seconds),
            "score": scores,
            "best_so_far": np.fmax.accumulate(counted) if n else counted,
            "status": frame["status"].to_numpy(),
        }
    )
    for p in params:
        out[p] = frame[p].to_numpy()
    out.attrs[LAYOUT_KEY] = dict(layout) if layout is not None else _layout(params, n_splits)
    return out


def _check_strategies(strategies) -> tuple:
    if isinstance(strategies, str):
        strategies = (strategies,)
    strategies = tuple(dict.fromkeys(strategies))
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise ValueError(
            f"Unknown strategies {unknown}; choose from {', '.join(map(repr, STRATEGIES))}."
        )
    if not strategies:
        raise ValueError(f"Choose at least one strategy among {', '.join(map(repr, STRATEGIES))}.")
    return strategies


def _only_lists(space) -> bool:
    return isinstance(space, dict) and not any(_is_distribution(v) for v in space.values())


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
        self.plans = {s: self._plan(s, grid) for s in self.strategies}
        if "grid" in self.plans:
            self.grid, self.grid_description = (
                self.plans["grid"].grid,
                self.plans["grid"].description,
            )
        else:
            self.grid, self.grid_description = None, "no grid"
        self.runs = [(s, r) for s in self.strategies for r in range(self.plans[s].runs)]
        self._stop = threading.Event()
        self._current = None
        self.frames: list[pd.DataFrame] = []
        self.searches: list = []

    # -- sizing --------------------------------------------------------------------------
    def _plan(self, strategy, given_grid) -> StrategyPlan:
        runs = 1 if strategy in DETERMINISTIC else self.repeats
        full = self.n_splits  # the cost of one full candidate
        if strategy == "grid":
            if given_grid is None:
                grid, description = grid_for_budget(self.space, self.budget)
            else:
                grid = given_grid
                n = len(ParameterGrid(grid))
                description = f"given grid of {n} candidates (budget {self.budget})"
            n = len(ParameterGrid(grid))
            return StrategyPlan(strategy, runs, n, n * full, description, grid=grid)
        if strategy in HALVING:
            return self._plan_halving(strategy, runs, given_grid)
        n_iter = self.budget
        if strategy == "random":
            n = LiveRandomizedSearchCV(self.estimator, self.space, n_iter=n_iter).n_candidates()
        elif _only_lists(self.space):
            n = min(n_iter, len(ParameterGrid(self.space)))
        else:
            n = n_iter
        what = {
            "random": "random draws",
            "quasi-random": "scrambled Sobol points",
            "bayes": "Bayesian (TPE) trials",
        }[strategy]
        description = f"{n} {what} per run"
        if n < n_iter:
            description += f" (only {n} distinct candidates exist)"
        description += f", {runs} run{'s' if runs != 1 else ''}"
        return StrategyPlan(strategy, runs, n, n * full, description, n_iter=n_iter)

    def _plan_halving(self, strategy, runs, given_grid) -> StrategyPlan:
        max_resources = _n_samples(self.X)
        smallest = _smallest_resources(self.estimator, self.y, self.n_splits)
        common = dict(
            smallest=smallest,
            max_resources=max_resources,
            factor=self.factor,
            n_splits=self.n_splits,
        )
        n_cap = max(1, floor(self.budget_fits * max_resources / (self.n_splits * smallest)))
        grid, grid_text = None, ""
        if strategy == "halving-random":
            limit = len(ParameterGrid(self.space)) if _only_lists(self.space) else n_cap
            n, r, schedule = size_halving(
                self.budget_fits, range(1, min(n_cap, limit) + 1), **common
            )
        elif given_grid is not None:
            grid = given_grid
            n = len(ParameterGrid(grid))
            r = _exhaust_resources(n, smallest, max_resources, self.factor)
            schedule = halving_plan(n, r, max_resources, self.factor, self.n_splits)
            grid_text = f"given grid of {n} candidates; "
        else:
            sizes = _grid_sizes(self.space, range(1, n_cap + 1))
            n, r, schedule = size_halving(self.budget_fits, sorted(sizes), **common)
            grid, text = grid_for_budget(self.space, sizes[n])
            grid_text = text.replace(f" (budget {sizes[n]})", "") + "; "
        description = (
            f"{grid_text}{schedule.summary()} (factor {self.factor}, min_resources={r} of "
            f"{max_resources} samples): {schedule.cost:g} of {self.budget_fits:g} full-data "
            f"fits, {runs} run{'s' if runs != 1 else ''}"
        )
        return StrategyPlan(
            strategy,
            runs,
            schedule.total_candidates,
            schedule.cost,
            description,
            grid=grid,
            schedule=schedule,
        )

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
        common = dict(cv=self.cv, scoring=self.scoring, n_jobs=self.n_jobs)
        estimator = clone(self.estimator)
        if strategy == "grid":
            return LiveGridSearchCV(estimator, plan.grid, **common)
        if strategy == "random":
            return LiveRandomizedSearchCV(
                estimator, self.space, n_iter=plan.n_iter, random_state=self.seed(repeat), **common
            )
        cls = _import(strategy)
        seed = self.seed(repeat)
        if strategy in ("quasi-random", "bayes"):
            return cls(estimator, self.space, n_iter=plan.n_iter, random_state=seed, **common)
        halving = dict(
            factor=self.factor,
            min_resources=plan.min_resources,
            max_resources="auto",
            return_train_score=False,
            random_state=seed,
            **common,
        )
        if strategy == "halving-grid":
            return cls(estimator, plan.grid, **halving)
        return cls(estimator, self.space, n_candidates=plan.schedule.n_candidates[0], **halving)

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


def _grid_sizes(space, budget_range):
    """``{size: smallest budget}`` of ``grid_for_budget(space, k)`` for each budget ``k``,
    without building the grids (an integer distribution's values are counted once)."""
    _, ordered, categories = _split_lists(space)
    distinct = {}  # (name, count) -> distinct values of an integer distribution

    def size(name, count):
        values = space[name]
        if not _is_distribution(values):
            return count
        if (name, count) not in distinct:
            distinct[(name, count)] = len(_grid_points(values, count))
        return distinct[(name, count)]

    sizes = {}
    for k in budget_range:
        cat_counts, counts = _counts(space, k, categories, ordered)
        n = math.prod(cat_counts.values()) * math.prod(size(p, c) for p, c in counts.items())
        sizes.setdefault(n, k)
    return sizes


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
        costs as much as possible without exceeding the budget (:func:`size_halving`).
    strategies : tuple of str, default=("grid", "random")
        Any of :data:`STRATEGIES`.
    repeats : int, default=5
        Runs of each strategy that is not deterministic, with seeds drawn from
        ``random_state``. ``"grid"`` and ``"halving-grid"`` run once.
    cv : int or splitter, default=5
        The same splits for every run (successive halving needs splits that are the same
        at every ``split()`` call: an int, or a splitter with an int ``random_state``).
    random_state : int, default=0
        Seeds the runs: the same value gives the same candidates and scores.
    grid : dict or list of dicts, optional
        The grid to use (for ``"grid"`` and ``"halving-grid"``) instead of one sized to
        the budget.
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
