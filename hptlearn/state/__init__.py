"""Headless state of the apps: the space being edited, a run in the background, its outputs.

One module per seam: :mod:`hptlearn.state.space` (the space being edited),
:mod:`hptlearn.state.runs` (the one owner of threads: a background run and its listeners),
:mod:`hptlearn.state.search` (the search app's session) and
:mod:`hptlearn.state.comparison` (the comparison app's session). The public names are
importable from here.

The widgets in :mod:`hptlearn.widgets` only build controls, lay them out and render; what
they show is computed here, by objects that work (and are tested) without any widget:

* :class:`SpaceEditor` turns the hyperparameter rows a learner types (a name, a mode, a
  text) into a checked search space for one of the :data:`STRATEGIES`, its live search and
  that search's plan (:class:`SpaceCheck`: the candidates and fits the search's own
  ``plan()`` counts), what the run will cost in words (:meth:`SpaceEditor.cost_text`,
  with an estimate of the run time), and an error per row;
* :class:`BackgroundRun` runs a callable in a thread, with its latest progress, a stop, its
  error (and traceback), the warnings raised in that thread, and its listeners (lists);
  :class:`SearchRun` (which carries the search's plan) and :class:`ComparisonRun` run a
  live search and a strategy comparison;
* :class:`SearchSession` and :class:`ComparisonSession`: what the search and comparison
  apps sequence (the data split, one Run, the held-out scores, the CSV), with the steps
  :func:`split_data`, :func:`score_on_test`, :func:`edge_advice` and :func:`export_results`.

Warnings of a background run. ``warnings.catch_warnings`` swaps process-wide state (before
Python 3.14), so in a thread it would also swallow, or restore over, what the notebook's
own cells do at the same time. A run therefore never uses it: :func:`install_warning_dispatcher`
replaces ``warnings.showwarning`` once with a dispatcher that sends a warning raised in a
registered run's thread to that run's record, and every other warning to the handler it
replaced. :func:`record_warnings` (a :class:`WarningRecord`) gives the same routing to any
block of code, for the warnings of one fit, say. The filters are left alone: Python's default
filters show a given warning once per place in the code, so a record holds each distinct
warning; what a learner must see (failed candidates, say) is read from the results, not from
the warnings.
"""

from hptlearn.recording import (
    WarningRecord,
    describe_warning,
    install_warning_dispatcher,
    record_warnings,
)
from hptlearn.state.comparison import ComparisonSession
from hptlearn.state.concepts import ModelHyperparametersDemo, OptimizationDemo, ParametersExplorer
from hptlearn.state.manual import ManualTuning
from hptlearn.state.runs import BackgroundRun, ComparisonRun, SearchRun, time_left
from hptlearn.state.search import (
    EdgeAdvice,
    SearchSession,
    TestScore,
    edge_advice,
    export_results,
    score_on_test,
    split_data,
)
from hptlearn.state.selection import describe_selection, selected_indices, space_from_selection
from hptlearn.state.space import (
    GRID_STRATEGIES,
    LIST,
    STRATEGIES,
    SpaceCheck,
    SpaceEditor,
    SpaceRow,
    strategy_label,
    tpe_startup_trials,
)

__all__ = [
    "EdgeAdvice",
    "edge_advice",
    "GRID_STRATEGIES",
    "LIST",
    "STRATEGIES",
    "BackgroundRun",
    "ComparisonRun",
    "ComparisonSession",
    "ManualTuning",
    "ModelHyperparametersDemo",
    "OptimizationDemo",
    "ParametersExplorer",
    "SearchRun",
    "SearchSession",
    "SpaceCheck",
    "SpaceEditor",
    "SpaceRow",
    "TestScore",
    "WarningRecord",
    "describe_warning",
    "export_results",
    "install_warning_dispatcher",
    "record_warnings",
    "describe_selection",
    "space_from_selection",
    "selected_indices",
    "score_on_test",
    "split_data",
    "strategy_label",
    "time_left",
    "tpe_startup_trials",
]
