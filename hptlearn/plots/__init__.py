"""Matplotlib figures of searches, comparisons and fitted models.

One module per family of figures: :mod:`hptlearn.plots.search` (one search: heatmap,
score against a value, parallel coordinates, growth of the fit count),
:mod:`hptlearn.plots.compare` (strategies compared: best so far, distinct values, slices,
score distribution), :mod:`hptlearn.plots.strategies` (successive halving's iterations,
the history of a search, the points each strategy sampled, TPE's densities) and
:mod:`hptlearn.plots.concepts` (what a fitted model learned).
Colours, markers, colour maps and number formats live in :mod:`hptlearn.style`.

Conventions of every figure:

* The numbers come from a data step, ``*_data(...)``, which returns a ``NamedTuple`` and
  draws nothing; tests check it exactly.
* ``plot_*(data, ..., ax=None)`` draws. ``data`` is what the figure is about (a fitted
  search or its results frame, a comparison or its frame, a fitted estimator) or the
  figure's precomputed data step. ``ax`` comes last: ``None`` makes a new figure; for a
  one-panel figure it is an ``Axes``; for a several-panel figure it is a sequence of
  ``Axes`` of the right length (flattened, so a 2-D array from ``subplots`` works). A
  figure drawn on given ``Axes`` uses no pyplot state, so it is safe on a
  ``matplotlib.figure.Figure`` in a thread.
* It returns the ``Axes``, or a 1-D array of ``Axes`` for several panels.
"""

from hptlearn.plots.compare import (
    BestSoFar,
    BestSoFarData,
    DistinctValuesData,
    ScoreDistributionData,
    Slice,
    SlicesData,
    best_so_far_data,
    describe_comparison_figure,
    distinct_values_data,
    plot_best_so_far,
    plot_distinct_values,
    plot_score_distribution,
    plot_slices,
    score_distribution_data,
    slices_data,
)
from hptlearn.plots.concepts import (
    Centroids,
    DecisionGrid,
    LayerWeights,
    LearnedParametersData,
    LossCurves,
    RegressionLine,
    SplitSegment,
    centroids_data,
    decision_grid,
    describe_learned_parameters,
    describe_model_demo,
    describe_training_loss,
    layer_weights,
    learned_parameters_axes,
    learned_parameters_data,
    loss_curves_data,
    plot_centroids,
    plot_decision_boundary,
    plot_learned_parameters,
    plot_linear_boundary,
    plot_loss_curves,
    plot_network_weights,
    plot_regression_line,
    plot_support_vectors,
    plot_tree_splits,
    regression_line,
    tree_split_segments,
)
from hptlearn.plots.manual import describe_manual_tuning
from hptlearn.plots.search import (
    FitCountGrowth,
    HeatmapData,
    ParallelCoordinatesData,
    ScoresVsValueData,
    describe_results_figure,
    fit_count_growth_data,
    heatmap_data,
    parallel_coordinates_data,
    plot_fit_count_growth,
    plot_heatmap,
    plot_parallel_coordinates,
    plot_scores_vs_value,
    scores_vs_value_data,
)
from hptlearn.plots.strategies import (
    HalvingIterationsData,
    OptimizationHistoryData,
    SampledPoints,
    SampledPointsData,
    ScoreSurfaceData,
    TPEDensitiesData,
    halving_iterations_data,
    optimization_history_data,
    plot_halving_iterations,
    plot_optimization_history,
    plot_sampled_points,
    plot_tpe_densities,
    sampled_points_data,
    score_surface_data,
    tpe_densities_data,
)
from hptlearn.style import OKABE_ITO

__all__ = [
    "OKABE_ITO",
    # figures of a fitted model (what fit learned)
    "Centroids",
    "DecisionGrid",
    "LayerWeights",
    "LearnedParametersData",
    "LossCurves",
    "RegressionLine",
    "SplitSegment",
    "centroids_data",
    "decision_grid",
    "describe_learned_parameters",
    "describe_manual_tuning",
    "describe_model_demo",
    "describe_training_loss",
    "layer_weights",
    "learned_parameters_axes",
    "learned_parameters_data",
    "loss_curves_data",
    "plot_centroids",
    "plot_decision_boundary",
    "plot_learned_parameters",
    "plot_linear_boundary",
    "plot_loss_curves",
    "plot_network_weights",
    "plot_regression_line",
    "plot_support_vectors",
    "plot_tree_splits",
    "regression_line",
    "tree_split_segments",
    # figures of a search
    "FitCountGrowth",
    "HeatmapData",
    "ParallelCoordinatesData",
    "ScoresVsValueData",
    "describe_results_figure",
    "fit_count_growth_data",
    "heatmap_data",
    "parallel_coordinates_data",
    "plot_fit_count_growth",
    "plot_heatmap",
    "plot_parallel_coordinates",
    "plot_scores_vs_value",
    "scores_vs_value_data",
    # figures of a comparison of strategies
    "BestSoFar",
    "BestSoFarData",
    "DistinctValuesData",
    "ScoreDistributionData",
    "Slice",
    "SlicesData",
    "best_so_far_data",
    "describe_comparison_figure",
    "distinct_values_data",
    "plot_best_so_far",
    "plot_distinct_values",
    "plot_score_distribution",
    "plot_slices",
    "score_distribution_data",
    "slices_data",
    # figures of the strategies beyond grid and random
    "HalvingIterationsData",
    "OptimizationHistoryData",
    "SampledPoints",
    "SampledPointsData",
    "ScoreSurfaceData",
    "TPEDensitiesData",
    "halving_iterations_data",
    "optimization_history_data",
    "plot_halving_iterations",
    "plot_optimization_history",
    "plot_sampled_points",
    "plot_tpe_densities",
    "sampled_points_data",
    "score_surface_data",
    "tpe_densities_data",
]
