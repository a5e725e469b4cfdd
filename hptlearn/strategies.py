"""The search strategies hptlearn knows: one record per strategy, in teaching order.

A *strategy* is a way of choosing the candidates of a search: a grid, random draws,
scrambled Sobol points, successive halving over a grid or over random draws, Bayesian
optimization. Each has one :class:`Strategy` record in :data:`STRATEGIES`, and every
place that needs to know something about a strategy (which class searches, whether its
rows are value lists or distributions, whether repeating it over seeds makes sense, which
arguments set its budget, how it is named in figures) reads it here, instead of
branching on the strategy's name. Adding a strategy is its search module, one record
below and, if it should have a fixed look in figures, one entry in
:data:`hptlearn.style.STRATEGY_STYLE`.

API
---
``STRATEGIES``
    A read-only mapping ``name -> Strategy``, in the order the strategies are taught and
    raced: ``"grid"``, ``"random"``, ``"quasi-random"``, ``"halving-grid"``,
    ``"halving-random"``, ``"bayes"``, ``"hyperband"``, ``"asha"``.
``strategy(name_or_search) -> Strategy``
    The record of a name, of a live search (instance or class, subclasses included) or
    the record itself; one ``ValueError`` that lists the known names (with a suggestion
    for a typo) otherwise.
``LISTS``, ``DISTRIBUTIONS``
    The two values of ``Strategy.reads``: ``"lists"`` and ``"distributions"``.
``Strategy``
    Fields ``name``, ``label``, ``search_class``, ``reads`` (``"lists"`` or
    ``"distributions"``), ``runs_once``, ``budget_args``, ``halving``, ``sampled``,
    ``candidates`` (how the cost in words names them); properties ``style``, ``seeded``,
    ``space_arg``; methods ``make_search(estimator, space, *, random_state=None,
    **params)``, ``cost_text(search, plan)`` (what a search will fit, in one sentence) and
    ``budget_note(**budget)``.

>>> from hptlearn.strategies import STRATEGIES, strategy
>>> list(STRATEGIES)
['grid', 'random', 'quasi-random', 'halving-grid', 'halving-random', 'bayes', 'hyperband', 'asha']
>>> bayes = strategy("bayes")
>>> bayes.label, bayes.reads, bayes.runs_once, bayes.budget_args
('Bayesian (TPE)', 'distributions', False, ('n_iter',))
>>> STRATEGIES["grid"].runs_once, STRATEGIES["random"].runs_once
(True, False)
>>> from sklearn.svm import SVC
>>> search = strategy("random").make_search(SVC(), {"C": [1, 10]}, n_iter=2, random_state=0)
>>> type(search).__name__, search.n_iter, search.random_state
('LiveRandomizedSearchCV', 2, 0)
>>> strategy(search).name
'random'
>>> strategy("halving-gird")
Traceback (most recent call last):
    ...
ValueError: Unknown strategy 'halving-gird' (did you mean 'halving-grid'?); the known \
strategies are 'grid', 'random', 'quasi-random', 'halving-grid', 'halving-random', 'bayes', \
'hyperband', 'asha'.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from hptlearn.asha import LiveASHASearchCV
from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.halving import LiveHalvingGridSearchCV, LiveHalvingRandomSearchCV
from hptlearn.hyperband import LiveHyperbandSearchCV
from hptlearn.search import LiveGridSearchCV, LiveQuasiRandomSearchCV, LiveRandomizedSearchCV
from hptlearn.style import STRATEGY_STYLE

__all__ = ["DISTRIBUTIONS", "LISTS", "STRATEGIES", "Strategy", "strategy", "tpe_startup_trials"]

#: What a strategy's rows hold: value lists (a grid) or distributions (sampled).
LISTS, DISTRIBUTIONS = "lists", "distributions"


def _no_note(**budget) -> str:
    return ""


@dataclass(frozen=True)
class Strategy:
    """One search strategy.

    Attributes
    ----------
    name : str
        Its key in :data:`STRATEGIES` (``"halving-grid"``).
    label : str
        How figures and apps name it (``"Successive halving (grid)"``).
    search_class : type
        The live search class that runs it.
    reads : {"lists", "distributions"}
        Whether its space is value lists (a grid: every row lists its values) or
        distributions to sample from (a row may also be a list, sampled uniformly).
    runs_once : bool
        True when repeating it over seeds gives nothing new (a comparison runs it once).
    budget_args : tuple of str
        The constructor arguments that set how much it spends, besides its space.
    halving : bool
        True for successive halving (candidates evaluated on growing resources,
        iteration by iteration).
    sampled : str or None
        What its candidates are, as a plural noun, when they are drawn rather than
        listed (``"random draws"``); None for a grid.
    """

    name: str
    label: str
    search_class: type
    reads: str
    runs_once: bool
    budget_args: tuple[str, ...]
    halving: bool = False
    sampled: str | None = None
    candidates: str = "candidates"
    _note: Callable[..., str] = field(default=_no_note, repr=False, compare=False)
    _cost: Callable[..., str] = field(default=None, repr=False, compare=False)

    @property
    def style(self) -> dict | None:
        """Its fixed colour, marker and line style in figures
        (:data:`hptlearn.style.STRATEGY_STYLE`), or None when figures pick one by its
        position (:func:`hptlearn.style.strategy_style`)."""
        entry = STRATEGY_STYLE.get(self.name)
        return None if entry is None else dict(entry)

    @property
    def space_arg(self) -> str:
        """The name of the search class's space argument (``"param_grid"`` or
        ``"param_distributions"``)."""
        return list(_parameters(self.search_class))[1]

    @property
    def seeded(self) -> bool:
        """True when its search takes a ``random_state`` (what it draws depends on it)."""
        return "random_state" in _parameters(self.search_class)

    def make_search(self, estimator, space, *, random_state=None, **params):
        """Its live search of ``space``, unfitted.

        ``params`` go to the search class (its ``budget_args``, ``cv``, ``scoring``,
        ``n_jobs``...); ``random_state`` is passed when the class takes one.
        """
        if self.seeded:
            params["random_state"] = random_state
        return self.search_class(estimator, space, **params)

    def cost_text(self, search, plan) -> str:
        """What ``search`` (of this strategy) will fit, in one sentence read from its
        ``plan`` (:meth:`search.plan(X, y) <hptlearn.search.LiveGridSearchCV.plan>`).

        >>> from sklearn.datasets import load_iris
        >>> from sklearn.svm import SVC
        >>> X, y = load_iris(return_X_y=True)
        >>> search = strategy("quasi-random").make_search(
        ...     SVC(), {"C": [0.1, 1, 10], "gamma": [0.1, 1]}, n_iter=4, cv=3, random_state=0)
        >>> strategy(search).cost_text(search, search.plan(X, y))
        'Quasi-random (Sobol): 4 candidates from scrambled Sobol points × 3 folds = 12 fits \
(+1 refit of the best).'
        """
        cost = _counted_cost if self._cost is None else self._cost
        return cost(self, search, plan)

    def budget_note(self, **budget) -> str:
        """Advice on a budget, in one sentence, or ``""``: e.g. Sobol points fill a space
        most evenly when ``n_iter`` is a power of two.

        >>> strategy("quasi-random").budget_note(n_iter=10)
        'Sobol points fill the space most evenly when n_iter is a power of two (8 or 16).'
        >>> strategy("quasi-random").budget_note(n_iter=16)
        ''
        >>> strategy("random").budget_note(n_iter=10)
        ''
        """
        return self._note(**budget)


def _parameters(cls) -> dict:
    return dict(inspect.signature(cls).parameters)


def _sobol_note(n_iter=None, **_) -> str:
    if n_iter is None or n_iter < 1 or not n_iter & (n_iter - 1):
        return ""
    low = 1 << (int(n_iter).bit_length() - 1)
    return (
        "Sobol points fill the space most evenly when n_iter is a power of two "
        f"({low} or {low * 2})."
    )


_REFIT = "(+1 refit of the best)"


def _counted_cost(record, search, plan) -> str:
    return (
        f"{record.label}: {plan.n_candidates} {record.candidates} × {plan.n_splits} folds = "
        f"{plan.n_fits} fits {_REFIT}."
    )


def _halving_cost(record, search, plan) -> str:
    schedule = plan.schedule
    iterations = "; ".join(
        f"{i + 1}: {c} candidate{'s' if c != 1 else ''} × {r} samples"
        for i, (c, r) in enumerate(zip(schedule.n_candidates, schedule.n_resources, strict=True))
    )
    n = schedule.n_iterations
    return (
        f"{record.label}, factor {search.factor}: {n} iteration{'s' if n != 1 else ''} "
        f"({iterations}); each keeps the best 1/{search.factor} for the next. "
        f"{sum(schedule.n_candidates)} candidate evaluations × {schedule.n_splits} folds = "
        f"{schedule.n_fits} fits, worth {schedule.full_fit_equivalents:.3g} fits on all "
        f"{schedule.max_resources} samples {_REFIT}."
    )


@lru_cache(maxsize=1)
def tpe_startup_trials() -> int:
    """The candidates Optuna's TPE draws at random before it models the scores: the default
    of ``optuna.samplers.TPESampler``'s ``n_startup_trials`` (read from its signature)."""
    import optuna

    return int(inspect.signature(optuna.samplers.TPESampler).parameters["n_startup_trials"].default)


def _bayes_cost(record, search, plan) -> str:
    n_iter, startup = search.n_iter, tpe_startup_trials()
    if n_iter <= startup:
        how = (
            f"all {n_iter} are drawn at random (TPE's first {startup} candidates "
            f"are; raise n_iter above {startup} for TPE to use the scores)"
        )
    else:
        how = (
            f"TPE draws the first {startup} at random, then proposes each of the other "
            f"{n_iter - startup} from the scores so far"
        )
    return (
        f"{record.label}: {n_iter} candidates, asked {search.candidates_per_ask()} at a time "
        f"(one per worker); {how}. {n_iter} candidates × {plan.n_splits} folds = "
        f"{plan.n_fits} fits {_REFIT}."
    )


def _full(search, schedule) -> str:
    """What a full fit is: on all the samples, or with the largest resource."""
    if search.resource == "n_samples":
        return f"on all {schedule.max_resources} samples"
    return f"with {search.resource}={schedule.max_resources}"


def _hyperband_cost(record, search, plan) -> str:
    brackets = "; ".join(
        " → ".join(f"{c} × {r}" for c, r in zip(b.n_candidates, b.n_resources, strict=True))
        for b in plan.brackets
    )
    n = len(plan.brackets)
    schedule = plan.schedule
    resource = "samples" if search.resource == "n_samples" else search.resource
    started = sum(b.n_candidates[0] for b in plan.brackets)
    training = "resumed training" if plan.resumes else "every rung refitted"
    return (
        f"{record.label}, factor {search.factor}: {n} bracket{'s' if n != 1 else ''} of "
        f"successive halving (candidates × {resource}: {brackets}); each rung keeps the "
        f"best 1/{search.factor}. {started} candidates, {plan.n_candidates} evaluations × "
        f"{plan.n_splits} folds = {plan.n_fits} fits, worth "
        f"{plan.full_fit_equivalents:.3g} fits {_full(search, schedule)} ({training}) {_REFIT}."
    )


def _asha_cost(record, search, plan) -> str:
    schedule = plan.schedule
    resource = "samples" if search.resource == "n_samples" else search.resource
    rungs = ", ".join(str(r) for r in schedule.n_resources)
    expected = getattr(plan, "expected", None)
    about = (
        "" if expected is None else f" (about {expected.total_candidates} as synchronous halving)"
    )
    training = "resumed training" if plan.resumes else "every promotion refitted"
    return (
        f"{record.label}, factor {search.factor}: {schedule.n_candidates[0]} configurations "
        f"start on {schedule.n_resources[0]} {resource}, rungs at {rungs}; a configuration in "
        f"the top 1/{search.factor} of its rung goes on as soon as the results allow, "
        f"never waiting for the rung to fill. At most {plan.n_candidates} evaluations"
        f"{about} × {plan.n_splits} folds = at most {plan.n_fits} fits ({training}) {_REFIT}."
    )


_HALVING_BUDGET = ("factor", "min_resources", "max_resources")

#: The strategies, name -> :class:`Strategy`, in teaching order.
STRATEGIES = MappingProxyType(
    {
        s.name: s
        for s in (
            Strategy("grid", "Grid", LiveGridSearchCV, LISTS, True, ()),
            Strategy(
                "random",
                "Random",
                LiveRandomizedSearchCV,
                DISTRIBUTIONS,
                False,
                ("n_iter",),
                sampled="random draws",
            ),
            Strategy(
                "quasi-random",
                "Quasi-random (Sobol)",
                LiveQuasiRandomSearchCV,
                DISTRIBUTIONS,
                False,
                ("n_iter",),
                sampled="scrambled Sobol points",
                candidates="candidates from scrambled Sobol points",
                _note=_sobol_note,
            ),
            Strategy(
                "halving-grid",
                "Successive halving (grid)",
                LiveHalvingGridSearchCV,
                LISTS,
                False,
                _HALVING_BUDGET,
                halving=True,
                _cost=_halving_cost,
            ),
            Strategy(
                "halving-random",
                "Successive halving (random)",
                LiveHalvingRandomSearchCV,
                DISTRIBUTIONS,
                False,
                ("n_candidates", *_HALVING_BUDGET),
                halving=True,
                sampled="random draws",
                _cost=_halving_cost,
            ),
            Strategy(
                "bayes",
                "Bayesian (TPE)",
                LiveBayesSearchCV,
                DISTRIBUTIONS,
                False,
                ("n_iter",),
                sampled="Bayesian (TPE) trials",
                _cost=_bayes_cost,
            ),
            Strategy(
                "hyperband",
                "Hyperband",
                LiveHyperbandSearchCV,
                DISTRIBUTIONS,
                False,
                _HALVING_BUDGET,
                halving=True,
                sampled="random draws",
                _cost=_hyperband_cost,
            ),
            Strategy(
                "asha",
                "ASHA",
                LiveASHASearchCV,
                DISTRIBUTIONS,
                False,
                ("n_candidates", *_HALVING_BUDGET),
                halving=True,
                sampled="random draws",
                _cost=_asha_cost,
            ),
        )
    }
)


def strategy(name_or_search) -> Strategy:
    """The :class:`Strategy` of a name, of a live search (instance or class) or itself.

    A subclass of a registered search class belongs to that class's strategy.

    Raises
    ------
    ValueError
        For an unknown name (listing the known ones, with a suggestion for a typo) or a
        search of no registered strategy.
    """
    if isinstance(name_or_search, Strategy):
        return name_or_search
    if isinstance(name_or_search, str):
        found = STRATEGIES.get(name_or_search)
        if found is None:
            raise ValueError(_unknown(name_or_search))
        return found
    cls = name_or_search if isinstance(name_or_search, type) else type(name_or_search)
    by_class = {s.search_class: s for s in STRATEGIES.values()}
    for base in cls.__mro__:
        if base in by_class:
            return by_class[base]
    raise ValueError(
        f"{cls.__name__} is not the search of a registered strategy; the known searches are "
        f"{', '.join(s.search_class.__name__ for s in STRATEGIES.values())}, or give a "
        f"strategy's name: {_known()}."
    )


def _known() -> str:
    return ", ".join(map(repr, STRATEGIES))


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, list(STRATEGIES), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"Unknown strategy {name!r}{hint}; the known strategies are {_known()}."
