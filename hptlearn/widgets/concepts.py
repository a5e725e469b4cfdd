"""Apps for parameters vs hyperparameters and the two kinds of hyperparameters.

Each app is an ipywidgets box with a plain-Python equivalent, so that it can be
driven from code (and tested) as well as by hand:

``ParametersExplorerApp``
    pick a model family, set its hyperparameters, press *Fit*, and see the
    parameters that ``fit`` learned (values, shapes and a drawing) next to the
    hyperparameters that produced them. ``app.fit(**values)``, ``app.estimator``,
    ``app.learned``.
``OptimizationDemoApp``
    train a small neural network with plain stochastic gradient descent and
    overlay the training-loss curves of several learning rates, batch sizes and
    numbers of epochs. ``app.train(**values)``, ``app.runs``, ``app.clear()``.
``ModelHyperparametersApp``
    the decision boundary of k-nearest neighbours (k, distance) or of a neural
    network (hidden layers, neurons), with training and validation accuracy.
    ``app.fit(**values)``, ``app.estimator``, ``app.scores``, ``app.history``.

Figures are drawn on a :class:`matplotlib.figure.Figure` (no pyplot state) and
shown as PNG bytes in a fixed-size ``Image``. Errors in a callback are shown in
the app's message area instead of being lost in the log.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import ipywidgets as widgets
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
from hptlearn.plots._style import REFERENCE_COLOR
from hptlearn.plots.concepts import (
    decision_grid,
    learned_parameters_axes,
    plot_decision_boundary,
    plot_learned_parameters,
    plot_loss_curves,
)
from hptlearn.widgets._base import AppBase, figure_image, figure_png, new_figure

__all__ = [
    "MODEL_FAMILIES",
    "ModelHyperparametersApp",
    "OptimizationDemoApp",
    "ParametersExplorerApp",
    "TrainingRun",
    "fit_quietly",
    "parse_layer_sizes",
]

# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


def fit_quietly(estimator, X, y=None):
    """Fit ``estimator`` and return the convergence warnings it raised (as strings).

    The networks here are tiny, so fitting uses one BLAS thread: more threads cost
    more than they save and would make the last digits depend on the machine.
    """
    with warnings.catch_warnings(record=True) as caught, threadpool_limits(1, "blas"):
        warnings.simplefilter("always", ConvergenceWarning)
        estimator.fit(X, y)
    return [str(w.message) for w in caught if issubclass(w.category, ConvergenceWarning)]


def parse_layer_sizes(text) -> tuple[int, ...]:
    """``"10, 5"`` -> ``(10, 5)``: the sizes of the hidden layers of a network.

    Accepts 1 to 4 whole numbers from 1 to 200, separated by commas or spaces.
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


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


def _preview(value, n: int = 6) -> str:
    """First few numbers of a learned value, rounded, for display."""
    if hasattr(value, "node_count"):  # a fitted tree
        return f"{value.node_count} nodes, max depth {value.max_depth}"
    if isinstance(value, list):
        return "; ".join(_preview(v, 3) for v in value)
    flat = np.ravel(np.asarray(value, dtype=float))
    shown = ", ".join(f"{v:.3g}" for v in flat[:n])
    return f"[{shown}{', ...' if flat.size > n else ''}]"


class _App(AppBase):
    """Common parts: the message area of every app and a fixed-size figure."""

    _width, _height = 760, 380  # pixels of the figure

    def __init__(self, css_class: str, **kwargs):
        self.figure = figure_image(self._width, self._height)
        super().__init__(css_class=css_class, **kwargs)

    def _new_figure(self):
        return new_figure(self._width, self._height)

    def _show(self, fig):
        self.figure.value = figure_png(fig)


# --------------------------------------------------------------------------------------
# Parameters vs hyperparameters explorer
# --------------------------------------------------------------------------------------


def _data(name: str):
    """(X, y, axis names) of the data set used by a model family (shared, read-only)."""
    data = demo_data(name)
    return data.X, data.y, data.feature_names


def _log_slider(value, low, high, description, step=0.25):
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        readout_format=".3g",
        style={"description_width": "initial"},
    )


def _int_slider(value, low, high, description, step=1):
    return widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
    )


def _dropdown(options, value, description):
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
    )


def _seed(value=0):
    return widgets.BoundedIntText(
        value=value,
        min=0,
        max=9999,
        description="random_state",
        layout=widgets.Layout(width="180px"),
        style={"description_width": "initial"},
    )


@dataclass(frozen=True)
class _Family:
    label: str
    data: str  # key for _data
    controls: object  # () -> {name: widget}
    build: object  # ({name: value}) -> unfitted estimator
    about: str = ""
    depends: dict = field(default_factory=dict)  # control -> (other control, enabling values)


def _build_svc(v):
    kernel = v["kernel"]
    extra = {}
    if kernel == "rbf":
        extra["gamma"] = v["gamma"]
    if kernel == "poly":
        extra.update(degree=v["degree"], coef0=1.0)
    return SVC(kernel=kernel, C=v["C"], **extra)


_MOONS = "Two interleaving half circles (300 points, 2 features)."


def _linear_family(label, data, estimator, penalty, about):
    """A linear model: one penalty on a log slider (name, start, log10 range) and
    ``fit_intercept``."""
    name, value, low, high = penalty
    return _Family(
        label,
        data,
        lambda: {
            name: _log_slider(value, low, high, name),
            "fit_intercept": widgets.Checkbox(value=True, description="fit_intercept"),
        },
        lambda v: estimator(**{name: v[name], "fit_intercept": v["fit_intercept"]}),
        about,
    )


#: The model families of :class:`ParametersExplorerApp`: key -> label, data and controls.
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
    "svc": _Family(
        "Support vector machine (SVC)",
        "moons",
        lambda: {
            "kernel": _dropdown(["linear", "rbf", "poly"], "rbf", "kernel"),
            "C": _log_slider(1.0, -2, 2, "C"),
            "gamma": _log_slider(1.0, -2, 1, "gamma"),
            "degree": _int_slider(3, 2, 5, "degree"),
        },
        _build_svc,
        _MOONS,
        {"gamma": ("kernel", ("rbf",)), "degree": ("kernel", ("poly",))},
    ),
    "kmeans": _Family(
        "k-means clustering",
        "blobs",
        lambda: {
            "n_clusters": _int_slider(3, 1, 8, "n_clusters"),
            "n_init": _int_slider(1, 1, 10, "n_init"),
            "random_state": _seed(0),
        },
        lambda v: KMeans(
            n_clusters=v["n_clusters"], n_init=v["n_init"], random_state=v["random_state"]
        ),
        "Three Gaussian blobs (300 points, 2 features); the labels are not used.",
    ),
    "mlp": _Family(
        "Neural network (MLPClassifier)",
        "moons",
        lambda: {
            "hidden_layer_sizes": widgets.Text(
                value="5",
                description="hidden_layer_sizes",
                continuous_update=False,
                style={"description_width": "initial"},
            ),
            "activation": _dropdown(["relu", "tanh", "logistic"], "tanh", "activation"),
            "alpha": _log_slider(1e-4, -5, 1, "alpha", step=0.5),
            "random_state": _seed(0),
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
    "decision_tree": _Family(
        "Decision tree",
        "moons",
        lambda: {
            "max_depth": _int_slider(3, 1, 12, "max_depth"),
            "min_samples_leaf": _int_slider(1, 1, 50, "min_samples_leaf"),
            "criterion": _dropdown(["gini", "entropy"], "gini", "criterion"),
        },
        lambda v: DecisionTreeClassifier(
            max_depth=v["max_depth"],
            min_samples_leaf=v["min_samples_leaf"],
            criterion=v["criterion"],
            random_state=0,
        ),
        _MOONS,
    ),
    "knn": _Family(
        "k-nearest neighbours",
        "moons",
        lambda: {
            "n_neighbors": _int_slider(5, 1, 50, "n_neighbors"),
            "metric": _dropdown(["euclidean", "manhattan", "chebyshev"], "euclidean", "metric"),
        },
        lambda v: KNeighborsClassifier(n_neighbors=v["n_neighbors"], metric=v["metric"]),
        _MOONS,
    ),
}


class ParametersExplorerApp(_App):
    """Set hyperparameters, press Fit, see the learned parameters they produced.

    Parameters
    ----------
    model : str
        A key of :data:`MODEL_FAMILIES`: ``"linear_regression"``,
        ``"logistic_regression"``, ``"svc"``, ``"kmeans"``, ``"mlp"``,
        ``"decision_tree"`` or ``"knn"``.

    Plain-Python use::

        app = ParametersExplorerApp(model="svc")
        app.fit(C=10.0, kernel="linear")   # sets the controls, then fits
        app.estimator                       # the fitted SVC
        app.learned                         # learned_parameters(app.estimator)

    Attributes: ``model_dropdown``, ``controls`` (name -> widget of the current
    family), ``fit_button``, ``figure`` (Image), ``hyperparameters_html``,
    ``learned_html``, ``message``; after a fit ``estimator``, ``learned`` and
    ``stale`` (True when a control changed since the last fit).
    """

    def __init__(self, model: str = "linear_regression"):
        if model not in MODEL_FAMILIES:
            raise ValueError(f"Unknown model {model!r}; choose one of {', '.join(MODEL_FAMILIES)}.")
        super().__init__("hptlearn-explorer")
        self.estimator = None
        self.learned = None
        self.stale = False
        self.model_dropdown = widgets.Dropdown(
            options=[(f.label, key) for key, f in MODEL_FAMILIES.items()],
            value=model,
            description="Model",
            layout=widgets.Layout(width="360px"),
        )
        self.model_dropdown.add_class("hptlearn-model-select")
        self.fit_button = widgets.Button(
            description="Fit",
            button_style="primary",
            icon="play",
            tooltip="Learn the parameters from the data",
        )
        self.about = widgets.HTML()
        self.controls_box = widgets.VBox()
        self.hyperparameters_html = widgets.HTML(layout=widgets.Layout(width="50%"))
        self.hyperparameters_html.add_class("hptlearn-hyperparameters")
        self.learned_html = widgets.HTML(layout=widgets.Layout(width="50%"))
        self.learned_html.add_class("hptlearn-learned")
        self.children = [
            widgets.HBox([self.model_dropdown, self.fit_button]),
            self.about,
            self.controls_box,
            self.figure,
            widgets.HBox([self.hyperparameters_html, self.learned_html]),
            self.message,
        ]
        self.controls: dict[str, widgets.Widget] = {}
        self.model_dropdown.observe(self._on_model, names="value")
        self.fit_button.on_click(lambda _: self._safely(self.fit))
        self._set_family(model)
        self._safely(self.fit)

    # -- plain-Python interface -------------------------------------------------------
    @property
    def model(self) -> str:
        return self.model_dropdown.value

    @property
    def X(self):
        return _data(MODEL_FAMILIES[self.model].data)[0]

    @property
    def y(self):
        return _data(MODEL_FAMILIES[self.model].data)[1]

    def values(self) -> dict:
        """The current value of every control."""
        return {name: w.value for name, w in self.controls.items()}

    def make_estimator(self):
        """The unfitted estimator that the current controls describe."""
        return MODEL_FAMILIES[self.model].build(self.values())

    def fit(self, **values):
        """Set the given controls (by hyperparameter name), fit, show; return the learned
        parameters."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                f"{', '.join(sorted(unknown))}: not a control of {self.model}; "
                f"the controls are {', '.join(self.controls)}."
            )
        for name, value in values.items():
            self.controls[name].value = value
        estimator = self.make_estimator()
        X, y, names = _data(MODEL_FAMILIES[self.model].data)
        notes = fit_quietly(estimator, X, y)
        self.estimator = estimator
        self.learned = learned_parameters(estimator)
        self.stale = False
        fig = self._new_figure()
        axes = learned_parameters_axes(estimator, X, fig)
        plot_learned_parameters(estimator, X, y, feature_names=names, ax=axes)
        self._show(fig)
        self._describe()
        if notes:
            self._say(
                "Note: the solver stopped before converging (ConvergenceWarning): "
                + notes[0].split(".")[0]
                + "."
            )
        else:
            self._say(f"Fitted {type(estimator).__name__} on {len(X)} samples.")
        return self.learned

    # -- view ---------------------------------------------------------------------------
    def _set_family(self, model):
        family = MODEL_FAMILIES[model]
        self.controls = family.controls()
        for widget in self.controls.values():
            widget.observe(self._on_control, names="value")
        self.controls_box.children = list(self.controls.values())
        self.about.value = f"<i>Data: {html.escape(family.about)}</i>"
        self._update_enabled()

    def _update_enabled(self):
        for name, (other, enabling) in MODEL_FAMILIES[self.model].depends.items():
            self.controls[name].disabled = self.controls[other].value not in enabling

    def _on_model(self, change):
        self._safely(self._switch, change["new"])

    def _switch(self, model):
        self._set_family(model)
        self.fit()

    def _on_control(self, change):
        self._update_enabled()
        self.stale = True
        self._say("Hyperparameters changed: nothing is learned until you press Fit.")

    def _describe(self):
        est, learned = self.estimator, self.learned
        rows = "".join(
            f"<tr><td><code>{html.escape(name)}</code></td><td>{html.escape(_fmt(value))}</td>"
            f"<td>{hyperparameter_kind(est, name)}</td></tr>"
            for name, value in sorted(est.get_params().items())
            if name in self.controls or name in _shown_fixed(est)
        )
        self.hyperparameters_html.value = (
            "<b>Hyperparameters</b> (set before fit)<br>"
            f"<code>{html.escape(repr(est))}</code>"
            "<table><tr><th>name</th><th>value</th><th>kind</th></tr>"
            f"{rows}</table>"
        )
        if learned:
            body = "".join(
                f"<tr><td><code>{html.escape(name)}</code></td><td>{html.escape(str(shape))}</td>"
                f"<td>{html.escape(_preview(learned[name]))}</td></tr>"
                for name, shape in learned.shapes().items()
            )
            table = f"<table><tr><th>name</th><th>shape</th><th>values</th></tr>{body}</table>"
        else:
            table = "<p>none</p>"
        diagnostics = ", ".join(learned.diagnostics)
        note = f"<p>{html.escape(learned.note)}</p>" if learned.note else ""
        self.learned_html.value = (
            f"<b>Learned parameters</b> (found by fit): {learned.size} numbers{table}{note}"
            f"<small>Diagnostics, not parameters: {html.escape(diagnostics)}</small>"
        )

    def __repr__(self):
        return f"ParametersExplorerApp(model={self.model!r})"


def _shown_fixed(estimator) -> tuple[str, ...]:
    """Fixed hyperparameters worth showing next to the controlled ones."""
    if isinstance(estimator, MLPClassifier):
        return ("solver", "max_iter")
    return ()


# --------------------------------------------------------------------------------------
# Optimization hyperparameters: learning rate, batch size, epochs
# --------------------------------------------------------------------------------------


class TrainingRun(NamedTuple):
    """One training run of :class:`OptimizationDemoApp`."""

    learning_rate: float
    batch_size: int
    epochs: int
    estimator: MLPClassifier
    final_loss: float
    train_accuracy: float
    warnings: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"learning rate {self.learning_rate:g}, batch size {self.batch_size}"


def _sgd_network(learning_rate, batch_size, epochs, random_state=0) -> MLPClassifier:
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


class OptimizationDemoApp(_App):
    """Training-loss curves of a small network for several optimization hyperparameters.

    The model is the same every time — ``MLPClassifier(hidden_layer_sizes=(16,))``
    on the moons data (300 samples) — trained with plain stochastic gradient
    descent (``solver="sgd"``, no momentum, constant learning rate) for exactly
    ``epochs`` passes over the data. Only the learning rate, the batch size and
    the number of epochs change.

    Plain-Python use::

        app = OptimizationDemoApp()
        app.train(learning_rate=0.001)   # sets the controls, trains, adds a curve
        app.train(learning_rate=0.3)
        app.runs                         # list of TrainingRun
        app.clear()

    Controls: ``learning_rate``, ``batch_size``, ``epochs`` (also in
    ``app.controls``), ``train_button``, ``clear_button``.
    """

    def __init__(self):
        super().__init__("hptlearn-optimization-demo")
        self.learning_rate = _log_slider(0.1, -4, 1, "learning_rate_init", step=0.5)
        self.batch_size = _dropdown(
            [("8", 8), ("32", 32), ("128", 128), ("300 (all data)", 300)], 32, "batch_size"
        )
        self.epochs = _int_slider(100, 10, 300, "max_iter (epochs)", step=10)
        self.controls = {
            "learning_rate": self.learning_rate,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
        }
        self.train_button = widgets.Button(
            description="Train and add curve",
            button_style="primary",
            icon="play",
            layout=widgets.Layout(width="200px"),
        )
        self.clear_button = widgets.Button(description="Clear", icon="trash")
        self.runs_html = widgets.HTML()
        self.runs_html.add_class("hptlearn-runs")
        self.runs: list[TrainingRun] = []
        self.children = [
            widgets.HBox([self.learning_rate, self.batch_size]),
            widgets.HBox([self.epochs, self.train_button, self.clear_button]),
            self.figure,
            self.runs_html,
            self.message,
        ]
        self.train_button.on_click(lambda _: self._safely(self.train))
        self.clear_button.on_click(lambda _: self._safely(self.clear))
        self._redraw()
        self._say("Choose a learning rate, a batch size and a number of epochs, then press Train.")

    @property
    def X(self):
        return demo_data("moons").X

    @property
    def y(self):
        return demo_data("moons").y

    def train(self, **values) -> TrainingRun:
        """Set the given controls (``learning_rate``, ``batch_size``, ``epochs``), train,
        and add the run's loss curve."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"Unknown control(s): {', '.join(sorted(unknown))}.")
        for name, value in values.items():
            self.controls[name].value = value
        lr, batch, epochs = self.learning_rate.value, self.batch_size.value, self.epochs.value
        estimator = _sgd_network(lr, batch, epochs)
        notes = fit_quietly(estimator, self.X, self.y)
        curve = np.asarray(estimator.loss_curve_, dtype=float)
        run = TrainingRun(
            lr,
            batch,
            epochs,
            estimator,
            float(curve[-1]),
            float(estimator.score(self.X, self.y)),
            tuple(notes),
        )
        self.runs.append(run)
        self._redraw()
        self._say(
            f"Trained for {epochs} epochs: final training loss {run.final_loss:.3f}, "
            f"training accuracy {run.train_accuracy:.2f}."
        )
        return run

    def clear(self):
        """Forget every run."""
        self.runs = []
        self._redraw()
        self._say("Cleared.")

    def _redraw(self):
        fig = self._new_figure()
        ax = fig.add_subplot(1, 1, 1)
        ax.axhline(
            np.log(2),
            color=REFERENCE_COLOR,
            linestyle=":",
            linewidth=1,
            label="chance level (log 2)",
        )
        if self.runs:
            plot_loss_curves(
                [r.estimator for r in self.runs], labels=[r.label for r in self.runs], ax=ax
            )
            top = max(float(np.nanmax(r.estimator.loss_curve_)) for r in self.runs)
            ax.set_ylim(0, min(max(top * 1.05, 1.0), 3.0))
        else:
            ax.set_xlabel("epoch")
            ax.set_ylabel("training loss (log loss)")
            ax.set_ylim(0, 1.0)
            ax.legend(fontsize="small")
        ax.set_title("Training loss of the same network, trained with different settings")
        self._show(fig)
        rows = "".join(
            f"<tr><td>{r.learning_rate:g}</td><td>{r.batch_size}</td><td>{r.epochs}</td>"
            f"<td>{r.epochs * int(np.ceil(len(self.X) / r.batch_size))}</td>"
            f"<td>{r.final_loss:.3f}</td><td>{r.train_accuracy:.2f}</td></tr>"
            for r in self.runs
        )
        self.runs_html.value = (
            "<table><tr><th>learning rate</th><th>batch size</th><th>epochs</th>"
            "<th>weight updates</th><th>final loss</th><th>training accuracy</th></tr>"
            f"{rows}</table>"
            if self.runs
            else ""
        )

    def __repr__(self):
        return f"OptimizationDemoApp(runs={len(self.runs)})"


# --------------------------------------------------------------------------------------
# Model hyperparameters: kNN (k, distance) and MLP (layers, neurons) decision boundaries
# --------------------------------------------------------------------------------------


class ModelHyperparametersApp(_App):
    """Decision boundaries as model hyperparameters change, with train and validation accuracy.

    ``model="knn"``: ``KNeighborsClassifier(n_neighbors, metric)``;
    ``model="mlp"``: ``MLPClassifier(hidden_layer_sizes=(neurons,) * layers)``
    (``solver="lbfgs"``, ``max_iter=2000``, ``random_state=0``). The moons data are
    split once into 200 training and 100 validation samples (the ``"moons"`` demo split of
    :func:`hptlearn.catalog.demo_split`, which its self-check grades on too). Every
    change of a control refits the model.

    Plain-Python use::

        app = ModelHyperparametersApp("knn")
        app.fit(n_neighbors=1)   # sets the control, fits, redraws
        app.scores               # {"train": 1.0, "validation": 0.92}
        app.history              # one entry per fit

    Controls: ``model_buttons`` and ``controls`` (``n_neighbors``, ``metric`` for
    kNN; ``layers``, ``neurons`` for the network).
    """

    def __init__(self, model: str = "knn"):
        if model not in ("knn", "mlp"):
            raise ValueError("model must be 'knn' or 'mlp'.")
        super().__init__("hptlearn-model-demo")
        self.model_buttons = widgets.ToggleButtons(
            options=[("k-nearest neighbours", "knn"), ("neural network", "mlp")],
            value=model,
        )
        self._all_controls = {
            "knn": {
                "n_neighbors": _int_slider(5, 1, 100, "n_neighbors (k)"),
                "metric": _dropdown(["euclidean", "manhattan", "chebyshev"], "euclidean", "metric"),
            },
            "mlp": {
                "layers": _int_slider(1, 1, 3, "hidden layers"),
                "neurons": _int_slider(5, 1, 50, "neurons per layer"),
            },
        }
        self.controls_box = widgets.HBox()
        self.scores_html = widgets.HTML()
        self.scores_html.add_class("hptlearn-scores")
        self.estimator = None
        self.scores: dict[str, float] = {}
        self.history: list[dict] = []
        self.children = [
            self.model_buttons,
            self.controls_box,
            self.figure,
            self.scores_html,
            self.message,
        ]
        self._setting = False
        for group in self._all_controls.values():
            for widget in group.values():
                widget.observe(self._on_control, names="value")
        self.model_buttons.observe(lambda _: self._safely(self._switch), names="value")
        self._switch()

    @property
    def model(self) -> str:
        return self.model_buttons.value

    @property
    def controls(self) -> dict:
        return self._all_controls[self.model]

    def make_estimator(self):
        v = {name: w.value for name, w in self.controls.items()}
        if self.model == "knn":
            return KNeighborsClassifier(n_neighbors=v["n_neighbors"], metric=v["metric"])
        return MLPClassifier(
            hidden_layer_sizes=(v["neurons"],) * v["layers"],
            solver="lbfgs",
            max_iter=2000,
            random_state=0,
        )

    def _on_control(self, _change):
        if not self._setting:
            self._safely(self.fit)

    def _switch(self):
        self.controls_box.children = list(self.controls.values())
        self.fit()

    def fit(self, **values):
        """Set the given controls, fit on the training split, redraw; return the scores."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"{', '.join(sorted(unknown))}: not a control of {self.model}.")
        self._setting = True  # one fit for all the values, not one per value
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._setting = False
        X_train, X_val, y_train, y_val = demo_split("moons")
        estimator = self.make_estimator()
        notes = fit_quietly(estimator, X_train, y_train)
        self.estimator = estimator
        self.scores = {
            "train": float(estimator.score(X_train, y_train)),
            "validation": float(estimator.score(X_val, y_val)),
        }
        settings = {name: w.value for name, w in self.controls.items()}
        self.history.append({"model": self.model, **settings, **self.scores})
        fig = self._new_figure()
        ax = fig.add_subplot(1, 1, 1)
        grid = decision_grid(estimator, np.vstack([X_train, X_val]), resolution=150)
        plot_decision_boundary(estimator, X_train, y_train, grid=grid, X_validation=X_val, ax=ax)
        ax.set_title(
            f"{_describe_model(estimator)}: train accuracy {self.scores['train']:.2f}, "
            f"validation accuracy {self.scores['validation']:.2f}",
            fontsize="medium",
        )
        self._show(fig)
        self._show_scores()
        if notes:
            self._say("Note: the solver stopped before converging (ConvergenceWarning).")
        else:
            self._say(
                f"Fitted on {len(X_train)} training samples; validated on {len(X_val)} others."
            )
        return self.scores

    def _show_scores(self):
        rows = "".join(
            f"<tr><td>{html.escape(_settings_text(h))}</td><td>{h['train']:.2f}</td>"
            f"<td>{h['validation']:.2f}</td></tr>"
            for h in self.history[-8:][::-1]
        )
        self.scores_html.value = (
            "<b>Recent fits</b> (newest first)<table><tr><th>hyperparameters</th>"
            "<th>train accuracy</th><th>validation accuracy</th></tr>"
            f"{rows}</table>"
        )

    def __repr__(self):
        return f"ModelHyperparametersApp(model={self.model!r})"


def _describe_model(estimator) -> str:
    if isinstance(estimator, KNeighborsClassifier):
        return f"kNN, k={estimator.n_neighbors}, {estimator.metric}"
    return f"MLP, hidden layers {estimator.hidden_layer_sizes}"


def _settings_text(entry: dict) -> str:
    if entry["model"] == "knn":
        return f"kNN: k={entry['n_neighbors']}, metric={entry['metric']}"
    return f"MLP: {entry['layers']} layer(s) of {entry['neurons']} neurons"
