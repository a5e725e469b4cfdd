"""hptlearn: learn hyperparameter tuning, hands on, with scikit-learn and Jupyter."""

from hptlearn.asha import LiveASHASearchCV
from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.catalog import load_dataset
from hptlearn.concepts import (
    LearnedParameters,
    describe_hyperparameter,
    hyperparameter_kind,
    hyperparameter_table,
    hyperparameters,
    hyperparameters_by_kind,
    learned_parameters,
)
from hptlearn.evaluation import (
    compare_candidates,
    edge_report,
    extend_space,
    nested_cv,
    one_standard_error_rule,
    refine_space,
)
from hptlearn.halving import LiveHalvingGridSearchCV, LiveHalvingRandomSearchCV, halving_schedule
from hptlearn.hyperband import LiveHyperbandSearchCV, hyperband_brackets
from hptlearn.importance import hyperparameter_importance
from hptlearn.plan import SearchPlan
from hptlearn.results import results_frame
from hptlearn.search import (
    LiveGridSearchCV,
    LiveQuasiRandomSearchCV,
    LiveRandomizedSearchCV,
    SearchProgressInfo,
)
from hptlearn.spaces import count_candidates, count_fits, validate_space
from hptlearn.strategies import STRATEGIES, Strategy, strategy
from hptlearn.syntax import format_values, parse_values

__version__ = "0.1.0"

__all__ = [
    "STRATEGIES",
    "LearnedParameters",
    "LiveASHASearchCV",
    "LiveBayesSearchCV",
    "LiveGridSearchCV",
    "LiveHalvingGridSearchCV",
    "LiveHalvingRandomSearchCV",
    "LiveHyperbandSearchCV",
    "LiveQuasiRandomSearchCV",
    "LiveRandomizedSearchCV",
    "SearchPlan",
    "SearchProgressInfo",
    "Strategy",
    "compare_candidates",
    "count_candidates",
    "count_fits",
    "describe_hyperparameter",
    "edge_report",
    "extend_space",
    "hyperparameter_importance",
    "hyperparameter_kind",
    "hyperparameter_table",
    "hyperparameters",
    "hyperparameters_by_kind",
    "learned_parameters",
    "load_dataset",
    "nested_cv",
    "one_standard_error_rule",
    "format_values",
    "halving_schedule",
    "hyperband_brackets",
    "parse_values",
    "refine_space",
    "results_frame",
    "strategy",
    "validate_space",
]
