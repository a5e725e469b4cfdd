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

A strategy whose record says it runs once (:attr:`hptlearn.strategies.Strategy.runs_once`:
the grid) runs once; the others are repeated ``repeats`` times with seeds drawn from
``random_state`` (:meth:`StrategyComparison.seed`).
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

The package along its seams: :mod:`~hptlearn.compare.budget` (sizing each strategy to the
budget), :mod:`~hptlearn.compare.frame` (the frame layout), :mod:`~hptlearn.compare.result`
(:class:`Comparison` and its CSV file) and :mod:`~hptlearn.compare.runner` (running the
strategies). Every name is importable from :mod:`hptlearn.compare`. The figures are in
:mod:`hptlearn.plots.compare` and take the comparison: ``plot_best_so_far(comparison)``.
"""

from hptlearn.compare.budget import (
    HalvingPlan,
    StrategyPlan,
    grid_for_budget,
    halving_cost,
    halving_plan,
    plan_strategy,
    size_halving,
)
from hptlearn.compare.frame import (
    DETERMINISTIC,
    FRAME_COLUMNS,
    HALVING,
    STRATEGIES,
    STRATEGY_LABELS,
    best_so_far_curves,
    comparison_params,
    strategy_label,
)
from hptlearn.compare.lab import RaceLab, fairness_dial, race_lab, win_probability
from hptlearn.compare.result import (
    HELD_OUT_COLUMNS,
    Comparison,
    held_out_summary,
    read_comparison,
)
from hptlearn.compare.runner import ComparisonProgress, StrategyComparison, compare_strategies

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
    "plan_strategy",
    "RaceLab",
    "fairness_dial",
    "race_lab",
    "win_probability",
    "read_comparison",
    "size_halving",
    "strategy_label",
]
