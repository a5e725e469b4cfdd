"""Sizing each strategy to one budget: a grid of at most ``budget`` candidates, ``budget``
sampled candidates, or the successive-halving, Hyperband or ASHA schedule that spends the
most within it.

:func:`plan_strategy` gives a strategy's :class:`StrategyPlan` from its record in the
registry (:mod:`hptlearn.strategies`): whether it reads value lists (a grid sized by
:func:`grid_for_budget`), samples (its budget arguments set to ``budget``) or halves
(:func:`size_halving`; Hyperband and ASHA by their own ``plan``). What a search then
evaluates is counted by the search itself (``search.plan(X, y)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from math import ceil, floor, log
from numbers import Integral, Real

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import ParameterGrid

from hptlearn.halving import HalvingSchedule, halving_cost, halving_plan
from hptlearn.strategies import strategy as _strategy

__all__ = [
    "HalvingPlan",
    "StrategyPlan",
    "grid_for_budget",
    "halving_cost",
    "halving_plan",
    "plan_strategy",
    "size_halving",
]

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
        The schedule of a successive-halving run (Hyperband: every bracket's rungs, one
        after the other; ASHA: the most it can evaluate on each rung).
    search_params : tuple of (name, value)
        The budget arguments the run's search gets (``factor``, ``min_resources``,
        ``n_candidates``, ...), for a strategy sized by its own ``plan`` (Hyperband,
        ASHA); empty otherwise.
    """

    strategy: str
    runs: int
    candidates: int
    cost: float
    description: str
    grid: object = None
    n_iter: int | None = None
    schedule: HalvingPlan | None = None
    search_params: tuple = ()

    @property
    def min_resources(self) -> int | None:
        params = dict(self.search_params)
        if "min_resources" in params:
            return params["min_resources"]
        return None if self.schedule is None else self.schedule.n_resources[0]

    @property
    def final_resources(self) -> int | None:
        """The largest resource the run evaluates candidates on: its scores there are the
        ones it is judged by (successive halving: its last iteration; Hyperband and ASHA:
        ``max_resources``, the last rung of every bracket). None without a schedule."""
        return None if self.schedule is None else max(self.schedule.n_resources)


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


def _only_lists(space) -> bool:
    return isinstance(space, dict) and not any(_is_distribution(v) for v in space.values())


def _plural(n, word="run") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def plan_strategy(
    name, estimator, space, X, y, *, budget, n_splits, cv=5, repeats=1, factor=3, grid=None
) -> StrategyPlan:
    """What strategy ``name`` runs on a budget of ``budget`` full candidates.

    * A strategy that reads value lists and does not halve (the grid) runs
      ``grid`` if given, else :func:`grid_for_budget`'s grid;
    * one that samples sets its budget arguments (``n_iter``) to ``budget``; it may
      evaluate fewer candidates (a random search of lists evaluates each at most once),
      as ``search.plan(X, y)`` counts;
    * successive halving is sized by :func:`size_halving` (or runs the given grid with
      scikit-learn's ``min_resources="exhaust"``);
    * Hyperband (``max_resources`` all the samples) gets the smallest ``min_resources`` (the
      most brackets) whose ``plan(X, y).full_fit_equivalents`` fits the budget;
    * ASHA, whose promotions depend on the order results arrive, is sized on its plan's
      upper bound (the most it can evaluate): for each number ``n`` of configurations,
      ``min_resources`` as successive halving's ``"exhaust"``, the ``n`` whose upper cost
      is the largest within the budget. It usually spends less (about its plan's
      ``expected`` schedule); its description says both.

    ``runs`` is 1 for a strategy that runs once, else ``repeats``.
    """
    record = _strategy(name)
    runs = 1 if record.runs_once else repeats
    if record.name in ("hyperband", "asha"):
        plan = _plan_hyperband if record.name == "hyperband" else _plan_asha
        return plan(record, runs, estimator, space, X, y, budget, n_splits, cv, factor)
    if record.halving:
        return _plan_halving(
            record, runs, estimator, space, X, y, budget, n_splits, cv, factor, grid
        )
    if record.sampled is None:  # a grid
        given = grid is not None
        if not given:
            grid, description = grid_for_budget(space, budget)
        n = record.make_search(estimator, grid, cv=cv).plan(X, y).n_candidates
        if given:
            description = f"given grid of {n} candidates (budget {budget})"
        return StrategyPlan(record.name, runs, n, n * n_splits, description, grid=grid)
    search = record.make_search(
        estimator, space, cv=cv, **dict.fromkeys(record.budget_args, budget)
    )
    n = search.plan(X, y).n_candidates
    description = f"{n} {record.sampled} per run"
    if n < budget:
        description += f" (only {n} distinct candidates exist)"
    description += f", {_plural(runs)}"
    return StrategyPlan(record.name, runs, n, n * n_splits, description, n_iter=budget)


def _plan_halving(record, runs, estimator, space, X, y, budget, n_splits, cv, factor, given_grid):
    max_resources = _n_samples(X)
    smallest = _smallest_resources(estimator, y, n_splits)
    budget_fits = float(budget * n_splits)
    common = dict(smallest=smallest, max_resources=max_resources, factor=factor, n_splits=n_splits)
    n_cap = max(1, floor(budget_fits * max_resources / (n_splits * smallest)))
    grid, grid_text = None, ""
    if record.sampled is not None:  # candidates drawn from the space
        limit = len(ParameterGrid(space)) if _only_lists(space) else n_cap
        n, r, schedule = size_halving(budget_fits, range(1, min(n_cap, limit) + 1), **common)
    elif given_grid is not None:
        grid = given_grid
        search = record.make_search(
            estimator, grid, cv=cv, factor=factor, min_resources="exhaust", max_resources="auto"
        )
        schedule = search.plan(X, y).schedule
        n, r = schedule.n_candidates[0], schedule.n_resources[0]
        grid_text = f"given grid of {n} candidates; "
    else:
        sizes = _grid_sizes(space, range(1, n_cap + 1))
        n, r, schedule = size_halving(budget_fits, sorted(sizes), **common)
        grid, text = grid_for_budget(space, sizes[n])
        grid_text = text.replace(f" (budget {sizes[n]})", "") + "; "
    description = (
        f"{grid_text}{schedule.summary()} (factor {factor}, min_resources={r} of "
        f"{max_resources} samples): {schedule.cost:g} of {budget_fits:g} full-data "
        f"fits, {_plural(runs)}"
    )
    return StrategyPlan(
        record.name,
        runs,
        schedule.total_candidates,
        schedule.cost,
        description,
        grid=grid,
        schedule=schedule,
    )


# --------------------------------------------------------------------------------------
# Hyperband and ASHA, sized by their own plan
# --------------------------------------------------------------------------------------


def _multi_fidelity_start(estimator, y, X, n_splits):
    max_resources = _n_samples(X)
    smallest = _smallest_resources(estimator, y, n_splits)
    if smallest > max_resources:
        raise ValueError(
            f"Hyperband and ASHA need at least {smallest} samples (2 per fold and class), "
            f"more than the {max_resources} of the data: use fewer folds or more data."
        )
    return max_resources, smallest


def _search_plan(record, estimator, space, X, y, cv, params):
    return record.make_search(estimator, space, cv=cv, **params).plan(X, y)


def _rungs_text(schedule) -> str:
    return ", ".join(
        f"{c} x {r}" for c, r in zip(schedule.n_candidates, schedule.n_resources, strict=True)
    )


def _plan_hyperband(record, runs, estimator, space, X, y, budget, n_splits, cv, factor):
    max_resources, smallest = _multi_fidelity_start(estimator, y, X, n_splits)
    budget_fits = float(budget * n_splits)
    # min_resources = max_resources / factor**k: one more bracket for each k
    mins, k = {smallest}, 0
    while max_resources // factor**k >= smallest:
        mins.add(int(max_resources // factor**k))
        k += 1
    best = None
    for r in sorted(mins):  # smallest first: on a tie, the more brackets
        params = dict(factor=factor, min_resources=r, max_resources="auto")
        plan = _search_plan(record, estimator, space, X, y, cv, params)
        cost = plan.full_fit_equivalents
        if cost <= budget_fits + 1e-9 and (best is None or cost > best[1].full_fit_equivalents):
            best = (params, plan)
    params, plan = best  # min_resources = max_resources (one full candidate) always fits
    brackets = "; ".join(_rungs_text(b) for b in plan.brackets)
    n = len(plan.brackets)
    description = (
        f"{_plural(n, 'bracket')} (candidates x samples: {brackets}; factor {factor}, "
        f"min_resources={params['min_resources']} of {max_resources} samples): "
        f"{plan.full_fit_equivalents:g} of {budget_fits:g} full-data fits, {_plural(runs)}"
    )
    return _sized_plan(record, runs, params, plan, description)


def _sized_plan(record, runs, params, plan, description) -> StrategyPlan:
    """The plan of a strategy sized by its search's own ``plan()`` (Hyperband, ASHA):
    ``params`` are the arguments that size its search, ``plan`` what they cost."""
    return StrategyPlan(
        record.name,
        runs,
        plan.n_candidates,
        plan.full_fit_equivalents,
        description,
        schedule=plan.schedule,
        search_params=tuple(params.items()),
    )


def _plan_asha(record, runs, estimator, space, X, y, budget, n_splits, cv, factor):
    max_resources, smallest = _multi_fidelity_start(estimator, y, X, n_splits)
    budget_fits = float(budget * n_splits)
    n_cap = max(1, floor(budget_fits * max_resources / (n_splits * smallest)))

    def sized(n, r):
        params = dict(factor=factor, min_resources=r, max_resources="auto", n_candidates=n)
        return params, _search_plan(record, estimator, space, X, y, cv, params)

    def fits(n, r):
        params, plan = sized(n, r)
        return plan.full_fit_equivalents <= budget_fits + 1e-9

    best, start = None, 1
    while start <= n_cap:  # n from factor**k to factor**(k+1) - 1: the same min_resources
        end = min(n_cap, max(start, ceil(start * factor) - 1))
        r = _exhaust_resources(start, smallest, max_resources, factor)
        if fits(start, r):
            low, high = start, end
            while low < high:  # the most configurations within the budget (cost grows with n)
                mid = (low + high + 1) // 2
                low, high = (mid, high) if fits(mid, r) else (low, mid - 1)
            params, plan = sized(low, r)
            if best is None or plan.full_fit_equivalents >= best[1].full_fit_equivalents:
                best = (params, plan)  # ties: more configurations
        start = end + 1
    if best is None:
        raise ValueError(
            f"No ASHA search fits a budget of {budget_fits:g} full-data fits; raise the budget."
        )
    params, plan = best
    expected = getattr(plan, "expected", None)
    about = (
        ""
        if expected is None
        else f", about {expected.full_fit_equivalents:g} when the rungs fill as in "
        f"synchronous halving ({_rungs_text(expected)})"
    )
    description = (
        f"{params['n_candidates']} configurations, rungs at "
        f"{', '.join(map(str, plan.schedule.n_resources))} samples (factor {factor}), sized on "
        f"the most ASHA can spend (its promotions depend on the order results arrive): at "
        f"most {plan.full_fit_equivalents:g} of {budget_fits:g} full-data fits{about}, "
        f"{_plural(runs)}"
    )
    return _sized_plan(record, runs, params, plan, description)
