"""A small menu of estimators with search spaces that teach well.

Each :class:`ModelChoice` builds a fresh estimator (a Pipeline with scaling where the
model needs features on comparable scales: SVMs, kNN, logistic regression, ridge) and
proposes a grid (typed text, as :func:`hptlearn.parse_values` reads it) and random-search
distributions for its most important hyperparameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

__all__ = ["MODELS", "ModelChoice", "models_for"]


@dataclass(frozen=True)
class ModelChoice:
    """One entry of the model menu.

    Attributes
    ----------
    label : str
        What the menu shows.
    task : str
        ``"classification"`` or ``"regression"``.
    make : callable
        Returns a new, unfitted estimator.
    grid : dict
        Hyperparameter name -> values as typed text, for a grid search.
    random : dict
        Hyperparameter name -> (distribution kind, text), for a random search (see
        :func:`hptlearn.distributions.make_distribution`).
    """

    label: str
    task: str
    make: Callable
    grid: dict = field(default_factory=dict)
    random: dict = field(default_factory=dict)


def _scaled(name, estimator):
    return lambda: Pipeline([("scale", StandardScaler()), (name, estimator())])


MODELS = {
    "svc": ModelChoice(
        "SVC, RBF kernel (with scaling)",
        "classification",
        _scaled("svc", SVC),
        grid={"svc__C": "1e-2..1e3 log 6", "svc__gamma": "1e-4..1e0 log 5"},
        random={"svc__C": ("log-uniform", "1e-2..1e3"), "svc__gamma": ("log-uniform", "1e-4..1e0")},
    ),
    "knn": ModelChoice(
        "k nearest neighbours (with scaling)",
        "classification",
        _scaled("knn", KNeighborsClassifier),
        grid={"knn__n_neighbors": "1, 3, 5, 9, 15, 25", "knn__weights": "uniform, distance"},
        random={
            "knn__n_neighbors": ("integer", "1..30"),
            "knn__weights": ("categorical", "uniform, distance"),
        },
    ),
    "logreg": ModelChoice(
        "Logistic regression (with scaling)",
        "classification",
        _scaled("logreg", lambda: LogisticRegression(max_iter=2000)),
        grid={"logreg__C": "1e-3..1e3 log 7"},
        random={"logreg__C": ("log-uniform", "1e-3..1e3")},
    ),
    "tree": ModelChoice(
        "Decision tree",
        "classification",
        lambda: DecisionTreeClassifier(random_state=0),
        grid={"max_depth": "1..8", "min_samples_leaf": "1, 5, 20"},
        random={"max_depth": ("integer", "1..12"), "min_samples_leaf": ("integer", "1..30")},
    ),
    "ridge": ModelChoice(
        "Ridge regression (with scaling)",
        "regression",
        _scaled("ridge", Ridge),
        grid={"ridge__alpha": "1e-3..1e3 log 7"},
        random={"ridge__alpha": ("log-uniform", "1e-3..1e3")},
    ),
    "svr": ModelChoice(
        "SVR, RBF kernel (with scaling)",
        "regression",
        _scaled("svr", SVR),
        grid={"svr__C": "1e-1..1e3 log 5", "svr__gamma": "1e-3..1e0 log 4"},
        random={"svr__C": ("log-uniform", "1e-1..1e3"), "svr__gamma": ("log-uniform", "1e-3..1e0")},
    ),
    "knn_regressor": ModelChoice(
        "k nearest neighbours regressor (with scaling)",
        "regression",
        _scaled("knn", KNeighborsRegressor),
        grid={"knn__n_neighbors": "1, 3, 5, 9, 15, 25", "knn__weights": "uniform, distance"},
        random={
            "knn__n_neighbors": ("integer", "1..30"),
            "knn__weights": ("categorical", "uniform, distance"),
        },
    ),
    "tree_regressor": ModelChoice(
        "Decision tree regressor",
        "regression",
        lambda: DecisionTreeRegressor(random_state=0),
        grid={"max_depth": "1..8", "min_samples_leaf": "1, 5, 20"},
        random={"max_depth": ("integer", "1..12"), "min_samples_leaf": ("integer", "1..30")},
    ),
}


def models_for(task: str) -> dict:
    """The entries of :data:`MODELS` for a task ("classification" or "regression")."""
    return {key: m for key, m in MODELS.items() if m.task == task}
