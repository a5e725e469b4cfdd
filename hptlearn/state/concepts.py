"""The concept demos without widgets: what the apps of notebooks 01 and 02 fit and score.

:class:`ParametersExplorer` fits one of the :data:`MODEL_FAMILIES` with the hyperparameters a
learner sets and keeps what ``fit`` learned (:func:`hptlearn.concepts.learned_parameters`);
:class:`OptimizationDemo` trains the same small network (:func:`sgd_network`) with several
learning rates, batch sizes and numbers of epochs; :class:`ModelHyperparametersDemo` fits
k-nearest neighbours or a network on a fixed training/validation split. The apps of
:mod:`hptlearn.widgets.concepts` are views over these objects (they build the controls from
each :class:`Control`, lay them out and render), and :mod:`hptlearn.plots.concepts` draws
and describes their figures. The concepts themselves (learned parameters, the kinds of
hyperparameters) are in :mod:`hptlearn.concepts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from hptlearn.catalog import demo_data, demo_split
from hptlearn.concepts import hyperparameter_kind, learned_parameters
from hptlearn.recording import record_warnings

__all__ = [
    "MODEL_DEMO_CONTROLS",
    "MODEL_FAMILIES",
    "OPTIMIZATION_DEMO_CONTROLS",
    "Control",
    "ModelFamily",
    "ModelHyperparametersDemo",
    "OptimizationDemo",
    "ParametersExplorer",
    "TrainingRun",
    "fit_quietly",
    "parse_layer_sizes",
    "sgd_network",
    "train_network",
]


def fit_quietly(estimator, X, y=None) -> list[str]:
    """Fit ``estimator`` and return the convergence warnings it raised (as strings).

    The warnings of the fit are recorded (:func:`hptlearn.recording.record_warnings`: this
    thread only, no filter changed), not printed; the ``ConvergenceWarning`` ones are
    returned. The networks here are tiny, so fitting uses one BLAS thread: more threads cost
    more than they save and would make the last digits depend on the machine.
    """
    with record_warnings() as record, threadpool_limits(1, "blas"):
        estimator.fit(X, y)
    return [str(w.message) for w in record.of(ConvergenceWarning)]


def parse_layer_sizes(text) -> tuple[int, ...]:
    """``"10, 5"`` -> ``(10, 5)``: the sizes of the hidden layers of a network.

    Accepts 1 to 4 whole numbers from 1 to 200, separated by commas or spaces.

    >>> parse_layer_sizes("10, 5"), parse_layer_sizes(" 3 4 ")
    ((10, 5), (3, 4))
    """
    parts = str(text).replace(",", " ").split()
    if not parts:
        raise ValueError("Give the number of neurons of each hidden layer, e.g. '10' or '10, 5'.")
    sizes = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 200:
            raise ValueError(
                f"{part!r} is not a number of neurons: use whole numbers from 1 to 200, "
                f"e.g. '10, 5'."
            )
        sizes.append(int(part))
    if len(sizes) > 4:
        raise ValueError("Use at most 4 hidden layers here.")
    return tuple(sizes)


def _unknown_names(values, known, what: str):
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(
            f"{', '.join(sorted(unknown))}: not a control of {what}; "
            f"the controls are {', '.join(known)}."
        )


@dataclass(frozen=True)
class Control:
    """A hyperparameter on a control of a concept app: its kind, start value and range.

    ``kind`` is ``"log"`` (a log-scale slider; ``low`` and ``high`` are powers of ten and
    ``step`` is in decades), ``"int"`` (whole numbers from ``low`` to ``high``),
    ``"choice"`` (one of ``options``: values, or ``(label, value)`` pairs), ``"check"``
    (True or False), ``"seed"`` (a ``random_state``, 0 to 9999) or ``"text"``. ``label``
    is what the control says (the hyperparameter's name by default).
    """

    kind: str
    value: object
    low: float = 0
    high: float = 0
    step: float = 1
    options: tuple = ()
    label: str = ""


@dataclass(frozen=True)
class ModelFamily:
    """A model family of the parameters explorer: its data, controls and estimator.

    ``data`` is a name of :func:`hptlearn.catalog.demo_data`; ``controls`` maps each
    hyperparameter the learner sets to its :class:`Control`; ``build(values)`` makes the
    unfitted estimator of those values; ``depends`` maps a control to ``(other control,
    values of the other that enable it)``.
    """

    label: str
    data: str
    controls: dict
    build: Callable
    about: str = ""
    depends: dict = field(default_factory=dict)

    def start_values(self) -> dict:
        """The value of every control before the learner changes one."""
        return {name: control.value for name, control in self.controls.items()}

    def enabled(self, values: dict) -> dict:
        """``{name: bool}``: whether each control has an effect with these values."""
        return {
            name: name not in self.depends or values[self.depends[name][0]] in self.depends[name][1]
            for name in self.controls
        }


def _build_svc(v):
    kernel = v["kernel"]
    extra = {}
    if kernel == "rbf":
        extra["gamma"] = v["gamma"]
    if kernel == "poly":
        extra.update(degree=v["degree"], coef0=1.0)
    return SVC(kernel=kernel, C=v["C"], **extra)


_MOONS = "Two interleaving half circles (300 points, 2 features)."
_METRICS = ("euclidean", "manhattan", "chebyshev")


def _linear_family(label, data, estimator, penalty, about):
    """A linear model: one penalty on a log slider (name, start, log10 range) and
    ``fit_intercept``."""
    name, value, low, high = penalty
    return ModelFamily(
        label,
        data,
        {name: Control("log", value, low, high, 0.25), "fit_intercept": Control("check", True)},
        lambda v: estimator(**{name: v[name], "fit_intercept": v["fit_intercept"]}),
        about,
    )


#: The model families of :class:`ParametersExplorer`: key -> :class:`ModelFamily`.
MODEL_FAMILIES = {
    "linear_regression": _linear_family(
        "Linear regression (Ridge)",
        "diabetes_bmi",
        Ridge,
        ("alpha", 0.1, -3, 2),
        "Disease progression of 442 diabetes patients against their body mass index.",
    ),
    "logistic_regression": _linear_family(
        "Logistic regression", "moons", LogisticRegression, ("C", 1.0, -3, 3), _MOONS
    ),
    "svc": ModelFamily(
        "Support vector machine (SVC)",
        "moons",
        {
            "kernel": Control("choice", "rbf", options=("linear", "rbf", "poly")),
            "C": Control("log", 1.0, -2, 2, 0.25),
            "gamma": Control("log", 1.0, -2, 1, 0.25),
            "degree": Control("int", 3, 2, 5),
        },
        _build_svc,
        _MOONS,
        {"gamma": ("kernel", ("rbf",)), "degree": ("kernel", ("poly",))},
    ),
    "kmeans": ModelFamily(
        "k-means clustering",
        "blobs",
        {
            "n_clusters": Control("int", 3, 1, 8),
            "n_init": Control("int", 1, 1, 10),
            "random_state": Control("seed", 0),
        },
        lambda v: KMeans(
            n_clusters=v["n_clusters"], n_init=v["n_init"], random_state=v["random_state"]
        ),
        "Three Gaussian blobs (300 points, 2 features); the labels are not used.",
    ),
    "mlp": ModelFamily(
        "Neural network (MLPClassifier)",
        "moons",
        {
            "hidden_layer_sizes": Control("text", "5"),
            "activation": Control("choice", "tanh", options=("relu", "tanh", "logistic")),
            "alpha": Control("log", 1e-4, -5, 1, 0.5),
            "random_state": Control("seed", 0),
        },
        lambda v: MLPClassifier(
            hidden_layer_sizes=parse_layer_sizes(v["hidden_layer_sizes"]),
            activation=v["activation"],
            alpha=v["alpha"],
            solver="lbfgs",
            max_iter=1000,
            random_state=v["random_state"],
        ),
        _MOONS,
    ),
    "decision_tree": ModelFamily(
        "Decision tree",
        "moons",
        {
            "max_depth": Control("int", 3, 1, 12),
            "min_samples_leaf": Control("int", 1, 1, 50),
            "criterion": Control("choice", "gini", options=("gini", "entropy")),
        },
        lambda v: DecisionTreeClassifier(
            max_depth=v["max_depth"],
            min_samples_leaf=v["min_samples_leaf"],
            criterion=v["criterion"],
            random_state=0,
        ),
        _MOONS,
    ),
    "knn": ModelFamily(
        "k-nearest neighbours",
        "moons",
        {
            "n_neighbors": Control("int", 5, 1, 50),
            "metric": Control("choice", "euclidean", options=_METRICS),
        },
        lambda v: KNeighborsClassifier(n_neighbors=v["n_neighbors"], metric=v["metric"]),
        _MOONS,
    ),
}


def _shown_fixed(estimator) -> tuple[str, ...]:
    """Fixed hyperparameters worth showing next to the controlled ones."""
    if isinstance(estimator, MLPClassifier):
        return ("solver", "max_iter")
    return ()


class ParametersExplorer:
    """Set hyperparameters, fit, see the learned parameters they produced (no widgets).

    Parameters
    ----------
    model : str, default="linear_regression"
        A key of :data:`MODEL_FAMILIES`.

    Attributes
    ----------
    values : dict
        The value of each control, as last fitted (or the start values).
    estimator, learned : estimator and LearnedParameters, or None
        The last successful fit and what it learned.
    warnings : list of str
        The convergence warnings of the last fit.

    Examples
    --------
    >>> explorer = ParametersExplorer("svc")
    >>> learned = explorer.fit(kernel="linear", C=10.0)
    >>> explorer.estimator
    SVC(C=10.0, kernel='linear')
    >>> sorted(learned)
    ['coef_', 'dual_coef_', 'intercept_', 'support_vectors_']
    """

    def __init__(self, model: str = "linear_regression"):
        self.set_model(model)

    def set_model(self, model: str):
        """Choose a model family: its start values, nothing fitted."""
        if model not in MODEL_FAMILIES:
            raise ValueError(f"Unknown model {model!r}; choose one of {', '.join(MODEL_FAMILIES)}.")
        self.model = model
        self.values = self.family.start_values()
        self.estimator = self.learned = None
        self.warnings: list[str] = []
        return self

    @property
    def family(self) -> ModelFamily:
        return MODEL_FAMILIES[self.model]

    @property
    def data(self):
        """The :class:`hptlearn.catalog.Dataset` of the family (shared, read-only)."""
        return demo_data(self.family.data)

    def make_estimator(self, **values):
        """The unfitted estimator of the current values updated by ``values``."""
        _unknown_names(values, self.family.controls, self.model)
        return self.family.build({**self.values, **values})

    def fit(self, **values):
        """Fit with the current values updated by ``values``; return the learned parameters.

        A value that cannot be read (``hidden_layer_sizes="ten"``) raises ``ValueError``
        and the last fit stays.
        """
        estimator = self.make_estimator(**values)
        data = self.data
        self.warnings = fit_quietly(estimator, data.X, data.y)
        self.values = {**self.values, **values}
        self.estimator, self.learned = estimator, learned_parameters(estimator)
        return self.learned

    def hyperparameter_rows(self) -> list[tuple[str, object, str]]:
        """``(name, value, kind)`` of the fitted estimator's controlled hyperparameters
        (and of fixed ones worth seeing), by name."""
        est = self.estimator
        shown = set(self.family.controls) | set(_shown_fixed(est))
        return [
            (name, value, hyperparameter_kind(est, name))
            for name, value in sorted(est.get_params().items())
            if name in shown
        ]

    def __repr__(self):
        return f"ParametersExplorer(model={self.model!r})"


# -- Optimization hyperparameters: learning rate, batch size, epochs ---------------------


class TrainingRun(NamedTuple):
    """One training run of :class:`OptimizationDemo`."""

    learning_rate: float
    batch_size: int
    epochs: int
    estimator: MLPClassifier
    final_loss: float
    train_accuracy: float
    warnings: tuple[str, ...]
    n_samples: int = 0

    @property
    def label(self) -> str:
        return f"learning rate {self.learning_rate:g}, batch size {self.batch_size}"

    @property
    def weight_updates(self) -> int:
        """Updates of the weights: one per batch, in each epoch."""
        return self.epochs * int(np.ceil(self.n_samples / self.batch_size))


def sgd_network(learning_rate, batch_size, epochs, random_state=0) -> MLPClassifier:
    """The network of :class:`OptimizationDemo`: 16 hidden neurons, plain SGD (no
    momentum, constant learning rate), exactly ``epochs`` passes over the data."""
    return MLPClassifier(
        hidden_layer_sizes=(16,),
        solver="sgd",
        momentum=0.0,
        learning_rate="constant",
        learning_rate_init=learning_rate,
        batch_size=batch_size,
        max_iter=epochs,
        n_iter_no_change=epochs,
        random_state=random_state,
    )


def train_network(learning_rate, batch_size, epochs, X, y, random_state=0) -> TrainingRun:
    """Train :func:`sgd_network` on ``X, y``: its loss, accuracy and warnings."""
    estimator = sgd_network(learning_rate, batch_size, epochs, random_state)
    notes = fit_quietly(estimator, X, y)
    return TrainingRun(
        learning_rate,
        batch_size,
        epochs,
        estimator,
        float(estimator.loss_curve_[-1]),
        float(estimator.score(X, y)),
        tuple(notes),
        len(X),
    )


#: The controls of the optimization demo.
OPTIMIZATION_DEMO_CONTROLS = {
    "learning_rate": Control("log", 0.1, -4, 1, 0.5, label="learning_rate_init"),
    "batch_size": Control(
        "choice", 32, options=(("8", 8), ("32", 32), ("128", 128), ("300 (all data)", 300))
    ),
    "epochs": Control("int", 100, 10, 300, 10, label="max_iter (epochs)"),
}


class OptimizationDemo:
    """The same network trained with several learning rates, batch sizes and epochs.

    ``MLPClassifier(hidden_layer_sizes=(16,))`` on the moons data (300 samples), trained
    with plain stochastic gradient descent for exactly ``epochs`` passes over the data
    (:func:`sgd_network`). Every :meth:`train` adds a :class:`TrainingRun` to :attr:`runs`.

    >>> demo = OptimizationDemo()
    >>> run = demo.train(learning_rate=0.3, epochs=20)
    >>> len(run.estimator.loss_curve_), run.weight_updates, len(demo.runs)
    (20, 200, 1)
    """

    def __init__(self):
        self.runs: list[TrainingRun] = []

    @property
    def data(self):
        return demo_data("moons")

    def train(self, learning_rate=None, batch_size=None, epochs=None) -> TrainingRun:
        """Train once (a value left out is its control's start value); keep the run."""
        start = {name: c.value for name, c in OPTIMIZATION_DEMO_CONTROLS.items()}
        run = train_network(
            start["learning_rate"] if learning_rate is None else learning_rate,
            start["batch_size"] if batch_size is None else batch_size,
            start["epochs"] if epochs is None else epochs,
            self.data.X,
            self.data.y,
        )
        self.runs.append(run)
        return run

    def clear(self):
        """Forget every run."""
        self.runs = []
        return self


# -- Model hyperparameters: kNN (k, distance) and MLP (layers, neurons) -------------------

#: The controls of the model-hyperparameters demo, per model.
MODEL_DEMO_CONTROLS = {
    "knn": {
        "n_neighbors": Control("int", 5, 1, 100, label="n_neighbors (k)"),
        "metric": Control("choice", "euclidean", options=_METRICS),
    },
    "mlp": {
        "layers": Control("int", 1, 1, 3, label="hidden layers"),
        "neurons": Control("int", 5, 1, 50, label="neurons per layer"),
    },
}


class ModelHyperparametersDemo:
    """k-nearest neighbours (k, distance) or a network (layers, neurons) on a fixed split.

    The moons data are split once into 200 training and 100 validation samples (the
    ``"moons"`` split of :func:`hptlearn.catalog.demo_split`, which its self-check grades on
    too). Each :meth:`fit` fits on the training part, scores accuracy on both parts and
    adds an entry to :attr:`history`.

    >>> demo = ModelHyperparametersDemo()
    >>> demo.fit("knn", {"n_neighbors": 1, "metric": "euclidean"})["train"]
    1.0
    >>> ModelHyperparametersDemo.settings_text(demo.history[-1])
    'kNN: k=1, metric=euclidean'
    """

    MODELS = tuple(MODEL_DEMO_CONTROLS)

    def __init__(self):
        self.estimator = None
        self.scores: dict[str, float] = {}
        self.history: list[dict] = []
        self.warnings: list[str] = []

    @property
    def split(self):
        """The fixed training and validation parts (``X_train, X_val, y_train, y_val``)."""
        return demo_split("moons")

    @classmethod
    def check_model(cls, model):
        if model not in cls.MODELS:
            raise ValueError("model must be 'knn' or 'mlp'.")

    @staticmethod
    def make_estimator(model, settings: dict):
        """``KNeighborsClassifier(n_neighbors, metric)``, or ``MLPClassifier`` with
        ``(neurons,) * layers`` hidden layers (``solver="lbfgs"``, ``max_iter=2000``)."""
        ModelHyperparametersDemo.check_model(model)
        if model == "knn":
            return KNeighborsClassifier(
                n_neighbors=settings["n_neighbors"], metric=settings["metric"]
            )
        return MLPClassifier(
            hidden_layer_sizes=(settings["neurons"],) * settings["layers"],
            solver="lbfgs",
            max_iter=2000,
            random_state=0,
        )

    def fit(self, model, settings: dict, estimator=None) -> dict:
        """Fit ``estimator`` (by default :meth:`make_estimator`) on the training part;
        return ``{"train": accuracy, "validation": accuracy}``."""
        _unknown_names(settings, MODEL_DEMO_CONTROLS[model], model)
        if estimator is None:
            estimator = self.make_estimator(model, settings)
        X_train, X_val, y_train, y_val = self.split
        self.warnings = fit_quietly(estimator, X_train, y_train)
        self.estimator = estimator
        self.scores = {
            "train": float(estimator.score(X_train, y_train)),
            "validation": float(estimator.score(X_val, y_val)),
        }
        self.history.append({"model": model, **settings, **self.scores})
        return self.scores

    @staticmethod
    def describe(estimator) -> str:
        """A short title of a fitted model: ``"kNN, k=5, euclidean"``."""
        if isinstance(estimator, KNeighborsClassifier):
            return f"kNN, k={estimator.n_neighbors}, {estimator.metric}"
        return f"MLP, hidden layers {estimator.hidden_layer_sizes}"

    @staticmethod
    def settings_text(entry: dict) -> str:
        """The hyperparameters of an entry of :attr:`history`, in words."""
        if entry["model"] == "knn":
            return f"kNN: k={entry['n_neighbors']}, metric={entry['metric']}"
        return f"MLP: {entry['layers']} layer(s) of {entry['neurons']} neurons"
