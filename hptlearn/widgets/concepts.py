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

Each app is a view over a headless object of :mod:`hptlearn.state.concepts`, which fits
and scores (:class:`~hptlearn.state.concepts.ParametersExplorer`,
:class:`~hptlearn.state.concepts.OptimizationDemo`,
:class:`~hptlearn.state.concepts.ModelHyperparametersDemo`): this module only builds the
controls, lays them out and renders. The figures and their text descriptions come from
:mod:`hptlearn.plots.concepts` (``*_data``, ``plot_*``, ``describe_*``); they are drawn on
a :class:`matplotlib.figure.Figure` (no pyplot state) and shown as PNG bytes in a
fixed-size ``Image``. Errors in a callback are shown in the app's message area instead of
being lost in the log.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from hptlearn.plots.concepts import (
    describe_learned_parameters,
    describe_model_demo,
    describe_training_loss,
    learned_parameters_axes,
    model_demo_data,
    plot_learned_parameters,
    plot_model_demo,
    plot_training_loss,
    training_loss_data,
)
from hptlearn.state.concepts import (
    MODEL_DEMO_CONTROLS,
    MODEL_FAMILIES,
    OPTIMIZATION_DEMO_CONTROLS,
    Control,
    ModelHyperparametersDemo,
    OptimizationDemo,
    ParametersExplorer,
    TrainingRun,
    fit_quietly,
    parse_layer_sizes,
)
from hptlearn.style import format_value
from hptlearn.widgets._base import (
    AppBase,
    delegate,
    figure_caption,
    figure_image,
    figure_png,
    new_figure,
    show_figure,
)
from hptlearn.widgets._live import SliderNames

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


def _fmt(value) -> str:
    if isinstance(value, float):
        return format_value(value)
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


_INITIAL = {"description_width": "initial"}


def control_widget(name: str, spec: Control) -> widgets.Widget:
    """The widget of a :class:`hptlearn.state.concepts.Control` (``continuous_update=False``:
    each change refits a model)."""
    label = spec.label or name
    if spec.kind == "log":
        return widgets.FloatLogSlider(
            value=spec.value,
            base=10,
            min=spec.low,
            max=spec.high,
            step=spec.step,
            description=label,
            continuous_update=False,
            readout_format=".3g",
            style=_INITIAL,
        )
    if spec.kind == "int":
        return widgets.IntSlider(
            value=spec.value,
            min=spec.low,
            max=spec.high,
            step=spec.step,
            description=label,
            continuous_update=False,
            style=_INITIAL,
        )
    if spec.kind == "choice":
        return widgets.Dropdown(
            options=list(spec.options), value=spec.value, description=label, style=_INITIAL
        )
    if spec.kind == "check":
        return widgets.Checkbox(value=spec.value, description=label)
    if spec.kind == "seed":
        return widgets.BoundedIntText(
            value=spec.value,
            min=0,
            max=9999,
            description=label,
            layout=widgets.Layout(width="180px"),
            style=_INITIAL,
        )
    if spec.kind == "text":
        return widgets.Text(
            value=spec.value, description=label, continuous_update=False, style=_INITIAL
        )
    raise ValueError(f"Unknown kind of control {spec.kind!r} for {name}.")


def _control_widgets(specs: dict) -> dict:
    return {name: control_widget(name, spec) for name, spec in specs.items()}


def _set_values(controls: dict, values: dict, unknown_message):
    """Set the named controls; an unknown name raises ``ValueError(unknown_message(names))``
    before any is set."""
    unknown = set(values) - set(controls)
    if unknown:
        raise ValueError(unknown_message(", ".join(sorted(unknown))))
    for name, value in values.items():
        controls[name].value = value


class _App(AppBase):
    """Common parts: the message area of every app and a fixed-size figure with its text
    description under it (``figure_description``)."""

    _width, _height = 760, 380  # pixels of the figure

    def __init__(self, css_class: str, **kwargs):
        self.figure = figure_image(self._width, self._height)
        self.figure_description = figure_caption(self._width)
        #: names the sliders' handles for screen readers (shows nothing)
        self.slider_names = SliderNames()
        super().__init__(css_class=css_class, **kwargs)

    def _new_figure(self):
        return new_figure(self._width, self._height)

    def _show(self, fig, text: str):
        """Show ``fig``, described by ``text`` (its tooltip and the line under it)."""
        show_figure(self.figure, self.figure_description, figure_png(fig), text)


# --------------------------------------------------------------------------------------
# Parameters vs hyperparameters explorer
# --------------------------------------------------------------------------------------


class ParametersExplorerApp(_App):
    """Set hyperparameters, press Fit, see the learned parameters they produced.

    A view over :class:`hptlearn.state.concepts.ParametersExplorer` (``app.explorer``).

    Parameters
    ----------
    model : str
        A key of :data:`MODEL_FAMILIES`: ``"linear_regression"``,
        ``"logistic_regression"``, ``"svc"``, ``"kmeans"``, ``"mlp"``,
        ``"decision_tree"`` or ``"knn"``.

    Notes
    -----
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
        self.explorer = ParametersExplorer(model)
        super().__init__("hptlearn-explorer")
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
            self.figure_description,
            widgets.HBox([self.hyperparameters_html, self.learned_html]),
            self.message,
            self.slider_names,
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

    # what was fitted, and on which data, lives in the ParametersExplorer
    estimator, learned = delegate("explorer", "estimator"), delegate("explorer", "learned")
    X, y = delegate("explorer", "data", "X"), delegate("explorer", "data", "y")

    def values(self) -> dict:
        """The current value of every control."""
        return {name: w.value for name, w in self.controls.items()}

    def make_estimator(self):
        """The unfitted estimator that the current controls describe."""
        return self.explorer.make_estimator(**self.values())

    def fit(self, **values):
        """Set the given controls (by hyperparameter name), fit, show; return the learned
        parameters."""
        _set_values(
            self.controls,
            values,
            lambda names: (
                f"{names}: not a control of {self.model}; "
                f"the controls are {', '.join(self.controls)}."
            ),
        )
        explorer = self.explorer
        learned = explorer.fit(**self.values())
        self.stale = False
        data = explorer.data
        fig = self._new_figure()
        axes = learned_parameters_axes(explorer.estimator, data.X, fig)
        plot_learned_parameters(
            explorer.estimator, data.X, data.y, feature_names=data.feature_names, ax=axes
        )
        text = describe_learned_parameters(
            explorer.estimator, data.X, data.y, feature_names=data.feature_names
        )
        self._show(fig, text)
        self._describe()
        if explorer.warnings:
            self._say(
                "Note: the solver stopped before converging (ConvergenceWarning): "
                + explorer.warnings[0].split(".")[0]
                + "."
            )
        else:
            self._say(f"Fitted {type(explorer.estimator).__name__} on {len(data.X)} samples.")
        return learned

    # -- view ---------------------------------------------------------------------------
    def _set_family(self, model):
        self.explorer.set_model(model)
        family = self.explorer.family
        self.controls = _control_widgets(family.controls)
        for widget in self.controls.values():
            widget.observe(self._on_control, names="value")
        self.controls_box.children = list(self.controls.values())
        self.about.value = f"<i>Data: {html.escape(family.about)}</i>"
        self._update_enabled()

    def _update_enabled(self):
        for name, enabled in self.explorer.family.enabled(self.values()).items():
            self.controls[name].disabled = not enabled

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
            f"<td>{kind}</td></tr>"
            for name, value, kind in self.explorer.hyperparameter_rows()
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


# --------------------------------------------------------------------------------------
# Optimization hyperparameters: learning rate, batch size, epochs
# --------------------------------------------------------------------------------------


class OptimizationDemoApp(_App):
    """Training-loss curves of a small network for several optimization hyperparameters.

    A view over :class:`hptlearn.state.concepts.OptimizationDemo` (``app.demo``). The model is
    the same every time — ``MLPClassifier(hidden_layer_sizes=(16,))`` on the moons data
    (300 samples) — trained with plain stochastic gradient descent (``solver="sgd"``, no
    momentum, constant learning rate) for exactly ``epochs`` passes over the data. Only
    the learning rate, the batch size and the number of epochs change.

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
        self.demo = OptimizationDemo()
        self.controls = _control_widgets(OPTIMIZATION_DEMO_CONTROLS)
        self.learning_rate = self.controls["learning_rate"]
        self.batch_size = self.controls["batch_size"]
        self.epochs = self.controls["epochs"]
        self.train_button = widgets.Button(
            description="Train and add curve",
            button_style="primary",
            icon="play",
            layout=widgets.Layout(width="200px"),
        )
        self.clear_button = widgets.Button(description="Clear", icon="trash")
        self.runs_html = widgets.HTML()
        self.runs_html.add_class("hptlearn-runs")
        self.children = [
            widgets.HBox([self.learning_rate, self.batch_size]),
            widgets.HBox([self.epochs, self.train_button, self.clear_button]),
            self.figure,
            self.figure_description,
            self.runs_html,
            self.message,
            self.slider_names,
        ]
        self.train_button.on_click(lambda _: self._safely(self.train))
        self.clear_button.on_click(lambda _: self._safely(self.clear))
        self._redraw()
        self._say("Choose a learning rate, a batch size and a number of epochs, then press Train.")

    # the runs and the data live in the OptimizationDemo
    runs = delegate("demo", "runs")
    X, y = delegate("demo", "data", "X"), delegate("demo", "data", "y")

    def train(self, **values) -> TrainingRun:
        """Set the given controls (``learning_rate``, ``batch_size``, ``epochs``), train,
        and add the run's loss curve."""
        _set_values(self.controls, values, lambda names: f"Unknown control(s): {names}.")
        run = self.demo.train(**{name: w.value for name, w in self.controls.items()})
        self._redraw()
        self._say(
            f"Trained for {run.epochs} epochs: final training loss {run.final_loss:.3f}, "
            f"training accuracy {run.train_accuracy:.2f}."
        )
        return run

    def clear(self):
        """Forget every run."""
        self.demo.clear()
        self._redraw()
        self._say("Cleared.")

    def _redraw(self):
        fig = self._new_figure()
        data = training_loss_data(self.runs)
        plot_training_loss(data, ax=fig.add_subplot(1, 1, 1))
        self._show(fig, describe_training_loss(data))
        rows = "".join(
            f"<tr><td>{r.learning_rate:g}</td><td>{r.batch_size}</td><td>{r.epochs}</td>"
            f"<td>{r.weight_updates}</td>"
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

    A view over :class:`hptlearn.state.concepts.ModelHyperparametersDemo` (``app.demo``).
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
        ModelHyperparametersDemo.check_model(model)
        super().__init__("hptlearn-model-demo")
        self.demo = ModelHyperparametersDemo()
        self.model_buttons = widgets.ToggleButtons(
            options=[("k-nearest neighbours", "knn"), ("neural network", "mlp")],
            value=model,
        )
        self._all_controls = {
            key: _control_widgets(specs) for key, specs in MODEL_DEMO_CONTROLS.items()
        }
        self.controls_box = widgets.HBox()
        self.scores_html = widgets.HTML()
        self.scores_html.add_class("hptlearn-scores")
        self.children = [
            self.model_buttons,
            self.controls_box,
            self.figure,
            self.figure_description,
            self.scores_html,
            self.message,
            self.slider_names,
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

    # what was fitted and scored lives in the ModelHyperparametersDemo
    estimator, scores = delegate("demo", "estimator"), delegate("demo", "scores")
    history = delegate("demo", "history")

    def _settings(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def make_estimator(self):
        """The unfitted estimator that the current controls describe."""
        return self.demo.make_estimator(self.model, self._settings())

    def _on_control(self, _change):
        if not self._setting:
            self._safely(self.fit)

    def _switch(self):
        self.controls_box.children = list(self.controls.values())
        self.fit()

    def fit(self, **values):
        """Set the given controls, fit on the training split, redraw; return the scores."""
        self._setting = True  # one fit for all the values, not one per value
        try:
            _set_values(
                self.controls, values, lambda names: f"{names}: not a control of {self.model}."
            )
        finally:
            self._setting = False
        demo = self.demo
        scores = demo.fit(self.model, self._settings(), self.make_estimator())
        data = model_demo_data(demo)
        fig = self._new_figure()
        plot_model_demo(data, ax=fig.add_subplot(1, 1, 1))
        self._show(fig, describe_model_demo(data))
        self._show_scores()
        if demo.warnings:
            self._say("Note: the solver stopped before converging (ConvergenceWarning).")
        else:
            self._say(
                f"Fitted on {len(data.X_train)} training samples; validated on "
                f"{len(data.X_validation)} others."
            )
        return scores

    def _show_scores(self):
        rows = "".join(
            f"<tr><td>{html.escape(self.demo.settings_text(h))}</td><td>{h['train']:.2f}</td>"
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
