"""ipywidgets apps: thin views over hptlearn's concepts, searches, results and plots."""

from hptlearn._extras import require

require("ipywidgets", "lab", "hptlearn's apps")  # without it, say: pip install 'hptlearn[lab]'

from hptlearn.widgets.compare_app import ComparisonApp
from hptlearn.widgets.concepts import (
    ModelHyperparametersApp,
    OptimizationDemoApp,
    ParametersExplorerApp,
)
from hptlearn.widgets.manual import ManualTuningApp
from hptlearn.widgets.parallel import ParallelCoordinates
from hptlearn.widgets.progress import ProgressView, SearchProgress
from hptlearn.widgets.search_app import SearchApp

__all__ = [
    "ComparisonApp",
    "ManualTuningApp",
    "ParallelCoordinates",
    "ModelHyperparametersApp",
    "OptimizationDemoApp",
    "ParametersExplorerApp",
    "ProgressView",
    "SearchApp",
    "SearchProgress",
]
