"""Small datasets for the notebooks and apps.

Only data that ships inside scikit-learn or is generated on the fly: nothing is
downloaded. Every generated problem takes a fixed ``random_state`` so that the
notebooks print the same numbers on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn import datasets

__all__ = ["Dataset", "DATASETS", "load_dataset"]


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
    """Load one of the :data:`DATASETS` by name.

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
