"""Data sets, demo splits and the model menus: what the notebooks, apps and self-checks use.

* :data:`DATASETS` and :func:`load_dataset`: small data sets, bundled with scikit-learn or
  generated with a fixed ``random_state``; nothing is downloaded.
* :data:`DEMO_SPLITS` and :func:`demo_split`: the named training/validation splits of the
  demos. An app and the self-check that grades a learner's answer about it use the same
  named split, so they see the same samples.
* :data:`MODELS` and :func:`models_for`: the menu of the search and comparison apps. Each
  entry builds a fresh estimator (a Pipeline with scaling where the model needs features on
  comparable scales: SVMs, kNN, logistic regression, ridge) and proposes a grid (typed text,
  as :func:`hptlearn.parse_values` reads it) and random-search distributions.
* :data:`MANUAL_PRESETS`: the menu of the manual tuning app: a model and the one or two
  hyperparameters it puts on sliders (:class:`Slider`: range, start value, scale).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import numpy as np
from sklearn import datasets
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.utils.multiclass import type_of_target

__all__ = [
    "DATASETS",
    "DEMO_SPLITS",
    "MANUAL_PRESETS",
    "MODELS",
    "Dataset",
    "DemoSplit",
    "ManualPreset",
    "ModelChoice",
    "Slider",
    "Split",
    "TASKS",
    "demo_data",
    "demo_split",
    "load_dataset",
    "models_for",
    "split_dataset",
    "train_validation_split",
]


# --------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A named data set: features ``X``, target ``y`` and what the task is."""

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str  # "classification" or "regression"
    description: str
    feature_names: tuple = ()

    def __iter__(self):
        # allows ``X, y = load_dataset("iris")``
        return iter((self.X, self.y))


def _bundled(loader, task, description):
    def load(random_state=0):  # bundled data sets do not depend on the seed
        bunch = loader()
        return bunch.data, bunch.target, task, description, tuple(bunch.feature_names)

    return load


def _moons(random_state=0):
    X, y = datasets.make_moons(n_samples=300, noise=0.3, random_state=random_state)
    return X, y, "classification", "Two interleaving half circles with noise (2-D)", ("x1", "x2")


def _circles(random_state=0):
    X, y = datasets.make_circles(n_samples=300, noise=0.15, factor=0.5, random_state=random_state)
    return X, y, "classification", "A circle inside a circle, with noise (2-D)", ("x1", "x2")


def _blobs(random_state=0):
    X, y = datasets.make_blobs(n_samples=300, centers=3, cluster_std=1.5, random_state=random_state)
    return X, y, "classification", "Three Gaussian blobs (2-D)", ("x1", "x2")


def _classification(random_state=0):
    X, y = datasets.make_classification(
        n_samples=500,
        n_features=20,
        n_informative=5,
        n_redundant=5,
        random_state=random_state,
    )
    names = tuple(f"x{i}" for i in range(X.shape[1]))
    return X, y, "classification", "Synthetic: 500 samples, 20 features, 5 informative", names


def _regression(random_state=0):
    X, y = datasets.make_regression(
        n_samples=300, n_features=10, n_informative=4, noise=10.0, random_state=random_state
    )
    names = tuple(f"x{i}" for i in range(X.shape[1]))
    return X, y, "regression", "Synthetic: 300 samples, 10 features, 4 informative", names


#: Data set name -> loader. Use :func:`load_dataset` to load one.
DATASETS = {
    "iris": _bundled(
        datasets.load_iris, "classification", "Iris flowers: 150 samples, 4 features, 3 classes"
    ),
    "wine": _bundled(
        datasets.load_wine, "classification", "Wines: 178 samples, 13 features, 3 classes"
    ),
    "breast_cancer": _bundled(
        datasets.load_breast_cancer,
        "classification",
        "Breast cancer diagnosis: 569 samples, 30 features, 2 classes",
    ),
    "digits": _bundled(
        datasets.load_digits,
        "classification",
        "Handwritten digits: 1797 images of 8x8 pixels, 10 classes",
    ),
    "diabetes": _bundled(
        datasets.load_diabetes, "regression", "Diabetes progression: 442 samples, 10 features"
    ),
    "moons": _moons,
    "circles": _circles,
    "blobs": _blobs,
    "classification": _classification,
    "regression": _regression,
}


def load_dataset(name: str, *, random_state: int = 0) -> Dataset:
    """Load one of the :data:`DATASETS` by name (a fresh copy on every call).

    >>> X, y = load_dataset("iris")
    >>> X.shape
    (150, 4)
    """
    try:
        loader = DATASETS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown data set {name!r}. Choose one of: {', '.join(sorted(DATASETS))}."
        ) from None
    X, y, task, description, feature_names = loader(random_state=random_state)
    return Dataset(name, X, y, task, description, feature_names)


def _read_only(*arrays):
    for array in arrays:
        array.flags.writeable = False
    return arrays


def _diabetes_bmi():
    ds = load_dataset("diabetes")
    column = list(ds.feature_names).index("bmi")
    return Dataset(
        "diabetes_bmi",
        ds.X[:, [column]],
        ds.y,
        "regression",
        "Disease progression of 442 diabetes patients against their body mass index.",
        ("body mass index (standardized)", "disease progression"),
    )


@cache
def demo_data(name: str) -> Dataset:
    """A data set of the demos, loaded once and shared (its arrays are read-only).

    ``name`` is a key of :data:`DATASETS` (at ``random_state=0``) or ``"diabetes_bmi"``
    (the diabetes target against the one feature "bmi", for a line in a plane).

    >>> demo_data("moons") is demo_data("moons")
    True
    >>> demo_data("diabetes_bmi").X.shape
    (442, 1)
    """
    data = _diabetes_bmi() if name == "diabetes_bmi" else load_dataset(name)
    _read_only(data.X, data.y)
    return data


# --------------------------------------------------------------------------------------
# Demo splits
# --------------------------------------------------------------------------------------


class Split(NamedTuple):
    """A training part and a validation part, in ``train_test_split``'s order:
    ``X_train, X_val, y_train, y_val = split``."""

    X_train: np.ndarray
    X_val: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray


TASKS = ("classification", "regression")


def _stratify_by(y, task):
    """The labels to stratify a split by (None: do not stratify); see
    :func:`train_validation_split`."""
    if task is not None and task not in TASKS:
        raise ValueError(f"task must be 'classification', 'regression' or None, got {task!r}.")
    if task == "regression":
        return None
    kind = type_of_target(y)
    if task is None and kind not in ("binary", "multiclass"):
        return None
    _, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        rare = int(np.sum(counts < 2))
        guess = "" if task else f" (type_of_target reads them as {kind!r})"
        raise ValueError(
            f"Cannot keep the class proportions: {rare} of the {len(counts)} values of y "
            f"occur only once{guess}. If y is a number to predict (the diabetes target has "
            "whole numbers, for one), pass task='regression'; if it holds class labels, "
            "every class needs at least two samples."
        )
    return y


def train_validation_split(X, y, validation_size, *, random_state=0, task=None) -> Split:
    """Split ``X, y`` once into a training and a validation part.

    ``validation_size`` is a fraction (``0.3``) or a number of samples (``100``). A
    classification task is stratified (each part keeps the class proportions); a
    regression task is not. ``task`` is ``"classification"``, ``"regression"`` or None:
    the catalog knows the task of each of its data sets (:func:`split_dataset` passes it);
    for other data, None reads it from ``y`` with scikit-learn's ``type_of_target``
    (class labels: ``"binary"`` or ``"multiclass"``). Whole-number targets look like
    class labels: a regression target with whole numbers needs ``task="regression"``,
    and without it a target with values seen once raises a ``ValueError`` saying so.
    This is the one rule behind every demo split, the test split of the search app and
    the manual tuning app.

    >>> X, y = load_dataset("iris")
    >>> [len(part) for part in train_validation_split(X, y, 30)]
    [120, 30, 120, 30]
    >>> X, y = load_dataset("diabetes")
    >>> len(train_validation_split(X, y, 0.25, task="regression").X_val)
    111
    """
    X, y = np.asarray(X), np.asarray(y)
    return Split(
        *train_test_split(
            X,
            y,
            test_size=validation_size,
            random_state=random_state,
            stratify=_stratify_by(y, task),
        )
    )


def split_dataset(data: Dataset, validation_size, *, random_state=0) -> Split:
    """:func:`train_validation_split` of a :class:`Dataset`, by its own task.

    >>> len(split_dataset(load_dataset("diabetes"), 0.25).X_train)
    331
    """
    return train_validation_split(
        data.X, data.y, validation_size, random_state=random_state, task=data.task
    )


@dataclass(frozen=True)
class DemoSplit:
    """How a named demo split is made: a data set, the validation size and the seed."""

    dataset: str
    validation_size: float | int
    random_state: int = 0
    used_by: str = ""

    def make(self) -> Split:
        return split_dataset(
            demo_data(self.dataset), self.validation_size, random_state=self.random_state
        )


#: The named training/validation splits of the demos (see :func:`demo_split`).
DEMO_SPLITS = {
    "moons": DemoSplit(
        "moons", 100, 0, "ModelHyperparametersApp and hptlearn.exercises.check_good_k"
    ),
    "moons_manual": DemoSplit("moons", 0.3, 0, "ManualTuningApp (by default)"),
}


@cache
def _demo_split(name) -> Split:
    return Split(*_read_only(*DEMO_SPLITS[name].make()))


def demo_split(name: str) -> Split:
    """A named demo split: the same (read-only) arrays on every call.

    ``"moons"``: the 300 moons samples split into 200 training and 100 validation samples
    (the model-hyperparameters demo and its self-check); ``"moons_manual"``: 210 and 90
    (the manual tuning app).

    >>> X_train, X_val, y_train, y_val = demo_split("moons")
    >>> len(X_train), len(X_val)
    (200, 100)
    >>> demo_split("moons").X_val is X_val
    True
    """
    if name not in DEMO_SPLITS:
        raise ValueError(
            f"Unknown demo split {name!r}. Choose one of: {', '.join(sorted(DEMO_SPLITS))}."
        )
    return _demo_split(name)


# --------------------------------------------------------------------------------------
# The model menu of the search and comparison apps
# --------------------------------------------------------------------------------------


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
    dataset : str
        A key of :data:`DATASETS` the entry's spaces are meant for (and tested on).
    """

    label: str
    task: str
    make: Callable
    grid: dict = field(default_factory=dict)
    random: dict = field(default_factory=dict)
    dataset: str = ""


def _scaled(name, estimator):
    return lambda: Pipeline([("scale", StandardScaler()), (name, estimator())])


def _log_scale(**ranges) -> dict:
    """Grid and random-search texts of hyperparameters searched on a log scale, from one
    range each: ``name=(low, high, number of grid values)``.

    >>> _log_scale(C=("1e-2", "1e2", 5))
    {'grid': {'C': '1e-2..1e2 log 5'}, 'random': {'C': ('log-uniform', '1e-2..1e2')}}
    """
    return {
        "grid": {name: f"{lo}..{hi} log {n}" for name, (lo, hi, n) in ranges.items()},
        "random": {name: ("log-uniform", f"{lo}..{hi}") for name, (lo, hi, _) in ranges.items()},
    }


def _knn(prefix) -> dict:
    return {
        "grid": {
            f"{prefix}n_neighbors": "1, 3, 5, 9, 15, 25",
            f"{prefix}weights": "uniform, distance",
        },
        "random": {
            f"{prefix}n_neighbors": ("integer", "1..30"),
            f"{prefix}weights": ("categorical", "uniform, distance"),
        },
    }


def _tree() -> dict:
    return {
        "grid": {"max_depth": "1..8", "min_samples_leaf": "1, 5, 20"},
        "random": {"max_depth": ("integer", "1..12"), "min_samples_leaf": ("integer", "1..30")},
    }


#: Key -> :class:`ModelChoice`: the menu of the search and comparison apps.
MODELS = {
    "svc": ModelChoice(
        "SVC, RBF kernel (with scaling)",
        "classification",
        _scaled("svc", SVC),
        **_log_scale(svc__C=("1e-2", "1e3", 6), svc__gamma=("1e-4", "1e0", 5)),
        dataset="breast_cancer",
    ),
    "knn": ModelChoice(
        "k nearest neighbours (with scaling)",
        "classification",
        _scaled("knn", KNeighborsClassifier),
        **_knn("knn__"),
        dataset="iris",
    ),
    "logreg": ModelChoice(
        "Logistic regression (with scaling)",
        "classification",
        _scaled("logreg", lambda: LogisticRegression(max_iter=2000)),
        **_log_scale(logreg__C=("1e-3", "1e3", 7)),
        dataset="wine",
    ),
    "tree": ModelChoice(
        "Decision tree",
        "classification",
        lambda: DecisionTreeClassifier(random_state=0),
        **_tree(),
        dataset="moons",
    ),
    "ridge": ModelChoice(
        "Ridge regression (with scaling)",
        "regression",
        _scaled("ridge", Ridge),
        **_log_scale(ridge__alpha=("1e-3", "1e3", 7)),
        dataset="diabetes",
    ),
    "svr": ModelChoice(
        "SVR, RBF kernel (with scaling)",
        "regression",
        _scaled("svr", SVR),
        **_log_scale(svr__C=("1e-1", "1e3", 5), svr__gamma=("1e-3", "1e0", 4)),
        dataset="regression",
    ),
    "knn_regressor": ModelChoice(
        "k nearest neighbours regressor (with scaling)",
        "regression",
        _scaled("knn", KNeighborsRegressor),
        **_knn("knn__"),
        dataset="diabetes",
    ),
    "tree_regressor": ModelChoice(
        "Decision tree regressor",
        "regression",
        lambda: DecisionTreeRegressor(random_state=0),
        **_tree(),
        dataset="diabetes",
    ),
}


def models_for(task: str) -> dict:
    """The entries of :data:`MODELS` for a task ("classification" or "regression").

    >>> list(models_for("regression"))
    ['ridge', 'svr', 'knn_regressor', 'tree_regressor']
    """
    if task not in ("classification", "regression"):
        raise ValueError(f"task must be 'classification' or 'regression', got {task!r}.")
    return {key: m for key, m in MODELS.items() if m.task == task}


# --------------------------------------------------------------------------------------
# The model menu of the manual tuning app
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slider:
    """One hyperparameter on a slider: its range, its start value and its scale.

    ``log=True`` is a log-scale slider (equal steps are equal factors: 0.01, 0.1, 1, 10,
    ...); otherwise whole numbers. ``step`` is in decades for a log slider.
    """

    name: str
    value: float
    low: float
    high: float
    log: bool = False
    step: float = 1

    @property
    def integer(self) -> bool:
        return not self.log

    def curve_values(self, high=None) -> np.ndarray:
        """The values a validation curve tries: every half decade (log), or up to 20 whole
        numbers spread over the range.

        >>> Slider("C", 1, 1e-2, 1e2, log=True).curve_values()
        array([1.00000000e-02, 3.16227766e-02, 1.00000000e-01, 3.16227766e-01,
               1.00000000e+00, 3.16227766e+00, 1.00000000e+01, 3.16227766e+01,
               1.00000000e+02])
        >>> Slider("k", 5, 1, 8).curve_values()
        array([1, 2, 3, 4, 5, 6, 7, 8])
        """
        high = self.high if high is None else high
        if self.log:
            lo, hi = np.log10(self.low), np.log10(high)
            return 10.0 ** np.arange(lo, hi + 1e-9, 0.5)
        n = min(20, int(high - self.low) + 1)
        return np.unique(np.linspace(self.low, high, n).round().astype(int))


@dataclass(frozen=True)
class ManualPreset:
    """A model of the manual tuning app: the estimator and its sliders."""

    label: str
    estimator: object  # unfitted scikit-learn classifier; the sliders set its hyperparameters
    sliders: tuple[Slider, ...]
    about: str = ""


#: The models of the manual tuning app, by key.
MANUAL_PRESETS = {
    "svc": ManualPreset(
        "RBF support vector machine (C, gamma)",
        SVC(kernel="rbf"),
        (
            Slider("C", 1.0, 1e-3, 1e3, log=True, step=0.25),
            Slider("gamma", 1.0, 1e-3, 1e3, log=True, step=0.25),
        ),
        "small C: smooth boundary, training errors allowed; large gamma: each training point "
        "only influences its close neighbourhood (a wiggly boundary).",
    ),
    "knn": ManualPreset(
        "k-nearest neighbours (n_neighbors)",
        KNeighborsClassifier(),
        (Slider("n_neighbors", 15, 1, 100),),
        "small k: follows every training point; large k: averages over many (a smooth boundary).",
    ),
    "tree": ManualPreset(
        "decision tree (max_depth, min_samples_leaf)",
        DecisionTreeClassifier(random_state=0),
        (Slider("max_depth", 3, 1, 20), Slider("min_samples_leaf", 1, 1, 50)),
        "deep trees with small leaves can memorise the training data; shallow trees or large "
        "leaves give coarse boxes.",
    ),
}
