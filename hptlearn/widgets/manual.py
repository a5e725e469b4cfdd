"""Manual ("hit and trial") tuning: move a slider, see the training and validation scores.

``ManualTuningApp`` fits one model with one or two hyperparameters on sliders. Every change
of a slider fits the model again on the *training* part of a fixed split and scores it on the
*validation* part; every trial is kept in a history (a table and ``app.history``). A button
reveals the validation curve of one hyperparameter, computed properly: cross-validation
with scikit-learn's ``validation_curve`` and drawn by its ``ValidationCurveDisplay``.

The split is a *validation* split, for choosing hyperparameters. It is not a test set: give
the app only the data you are allowed to choose with, and keep the test set aside to estimate
the final model once, after choosing.

The figure is drawn on a :class:`matplotlib.figure.Figure` (no pyplot state) and shown as PNG
bytes in a fixed-size ``Image``, so the app works headless and from any thread. Errors in a
callback are shown in the app's message area instead of being lost in the log.
"""

from __future__ import annotations

import html
import io
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import (
    FuncFormatter,
    LogLocator,
    MaxNLocator,
    NullLocator,
    ScalarFormatter,
)
from sklearn.base import clone
from sklearn.model_selection import ValidationCurveDisplay, train_test_split, validation_curve
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.multiclass import type_of_target

from hptlearn.catalog import load_dataset
from hptlearn.plots import OKABE_ITO

__all__ = ["MANUAL_PRESETS", "ManualPreset", "ManualTuningApp", "Slider", "ValidationCurveData"]

TRAIN_COLOR, VALIDATION_COLOR = OKABE_ITO[1], OKABE_ITO[0]
ERROR_COLOR = OKABE_ITO[3]
BEST_BACKGROUND = "#fdf1d6"


# --------------------------------------------------------------------------------------
# Presets: a model and the hyperparameters on its sliders
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slider:
    """One hyperparameter on a slider: its range, its start value and its scale.

    ``log=True`` makes a ``FloatLogSlider`` (equal steps are equal factors: 0.01, 0.1, 1,
    10, ...); otherwise an ``IntSlider``. ``step`` is in decades for a log slider.
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

    def widget(self, high=None) -> widgets.Widget:
        high = self.high if high is None else high
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="380px")
        if self.log:
            return widgets.FloatLogSlider(
                value=self.value,
                base=10,
                min=np.log10(self.low),
                max=np.log10(high),
                step=self.step,
                description=self.name,
                readout_format=".3g",
                continuous_update=False,
                style=style,
                layout=layout,
            )
        return widgets.IntSlider(
            value=min(int(self.value), int(high)),
            min=int(self.low),
            max=int(high),
            step=int(self.step),
            description=self.name,
            continuous_update=False,
            style=style,
            layout=layout,
        )

    def curve_values(self, high=None) -> np.ndarray:
        """The values a validation curve tries: every half decade (log), or up to 20 whole
        numbers spread over the range."""
        high = self.high if high is None else high
        if self.log:
            lo, hi = np.log10(self.low), np.log10(high)
            return 10.0 ** np.arange(lo, hi + 1e-9, 0.5)
        n = min(20, int(high - self.low) + 1)
        return np.unique(np.linspace(self.low, high, n).round().astype(int))


@dataclass(frozen=True)
class ManualPreset:
    """A model for :class:`ManualTuningApp`: the estimator and its sliders."""

    label: str
    estimator: object  # unfitted scikit-learn classifier; the sliders set its hyperparameters
    sliders: tuple[Slider, ...]
    about: str = ""


#: The models of :class:`ManualTuningApp`, by key.
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


# --------------------------------------------------------------------------------------
# The validation curve
# --------------------------------------------------------------------------------------


class ValidationCurveData(NamedTuple):
    """A validation curve: scores by cross-validation for each value of one hyperparameter.

    ``train_scores`` and ``validation_scores`` have shape ``(len(values), n_folds)``; they
    are the ``train_scores`` and ``test_scores`` returned by scikit-learn's
    ``validation_curve`` (scikit-learn calls the held-out fold of each split its "test"
    fold). ``fixed`` holds the other hyperparameters, at their values when computed.
    """

    param: str
    values: np.ndarray
    train_scores: np.ndarray
    validation_scores: np.ndarray
    fixed: dict
    n_samples: int

    @property
    def n_folds(self) -> int:
        return self.train_scores.shape[1]

    @property
    def best_value(self):
        """The value with the best mean validation score (the first one on a tie)."""
        return self.values[int(np.argmax(self.validation_scores.mean(axis=1)))]

    def to_frame(self) -> pd.DataFrame:
        """One row per value: mean and std over the folds of the train and validation scores."""
        return pd.DataFrame(
            {
                self.param: self.values,
                "train_mean": self.train_scores.mean(axis=1),
                "train_std": self.train_scores.std(axis=1),
                "validation_mean": self.validation_scores.mean(axis=1),
                "validation_std": self.validation_scores.std(axis=1),
            }
        )


# --------------------------------------------------------------------------------------
# Formatting and drawing utilities
# --------------------------------------------------------------------------------------


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return str(value)


def _settings(values: dict) -> str:
    return ", ".join(f"{k}={_fmt(v)}" for k, v in values.items())


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def _clear_data(ax):
    """Remove what was drawn on ``ax`` but keep the axes, their ticks and labels."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)


def _star(ax, x, y, label):
    ax.scatter(
        [x], [y], marker="*", s=220, color=OKABE_ITO[6], edgecolors="black", zorder=4, label=label
    )


def _plain(value):
    """A slider value as a plain Python number (int for whole-number sliders)."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)


# --------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------


class ManualTuningApp(widgets.VBox):
    """Tune one or two hyperparameters by hand and watch training and validation scores.

    The data are split once into a training part and a validation part
    (``train_test_split(X, y, test_size=validation_size, stratify=y,
    random_state=random_state)``). Every change of a slider is a *trial*: the model is
    fitted on the training part with the sliders' values and scored (accuracy) on both
    parts. The validation part is for *choosing* hyperparameters; it is not a test set.
    Give the app only data you may choose with: keep your test set out of it.

    Parameters
    ----------
    model : {"svc", "knn", "tree"}, default="svc"
        A key of :data:`MANUAL_PRESETS`: an RBF support vector machine (``C`` and
        ``gamma`` on log sliders), k-nearest neighbours (``n_neighbors``) or a decision
        tree (``max_depth`` and ``min_samples_leaf``).
    X, y : array-like, optional
        A classification problem (without its test set). By default the moons data of
        :func:`hptlearn.load_dataset` (300 samples, 2 features).
    validation_size : float or int, default=0.3
        Fraction (or number) of samples in the validation part.
    random_state : int, default=0
        Seed of the split, so that every trial is judged on the same validation samples.
    cv : int, default=5
        Folds of the cross-validation behind the validation curve.

    Plain-Python use::

        app = ManualTuningApp()            # the first trial uses the sliders' start values
        app.set(C=10, gamma=0.01)          # moves the sliders; one new trial
        app.history                        # DataFrame: one row per trial
        app.best                           # the trial with the best validation score
        app.show_validation_curve("gamma") # what the "Show validation curve" button does
        app.reset()                        # what the Reset button does
        app.draw()                         # the app's figure as a matplotlib Figure

    The validation curve is computed by ``cv``-fold cross-validation on all the data given
    to the app (training and validation parts together), so it is a steadier estimate than
    the single split of the trials.

    Attributes
    ----------
    sliders : dict
        Hyperparameter name -> slider of the current model.
    model_dropdown, curve_param, curve_button, reset_button, figure, history_html, info, message
        The controls and views (``figure`` is an ``Image`` of PNG bytes).
    estimator : estimator
        The model fitted in the last successful trial.
    curve : ValidationCurveData or None
        The validation curve on show, if any.
    X_train, X_val, y_train, y_val : arrays
        The fixed training and validation parts.
    """

    _width, _height = 860, 420  # pixels of the figure

    def __init__(self, model="svc", X=None, y=None, *, validation_size=0.3, random_state=0, cv=5):
        if model not in MANUAL_PRESETS:
            raise ValueError(
                f"Unknown model {model!r}; choose one of {', '.join(map(repr, MANUAL_PRESETS))}."
            )
        if (X is None) != (y is None):
            raise ValueError("Give both X and y, or neither (to use the moons data).")
        if X is None:
            data = load_dataset("moons")
            X, y = data.X, data.y
            self.data_description = f"the moons data: {data.description}"
        else:
            X, y = np.asarray(X), np.asarray(y)
            self.data_description = f"your data ({X.shape[0]} samples, {X.shape[1]} features)"
        if type_of_target(y) not in ("binary", "multiclass"):
            raise ValueError(
                f"The models of this app are classifiers; y looks like {type_of_target(y)!r} "
                "targets, not class labels."
            )
        self.X, self.y = X, y
        self.validation_size = validation_size
        self.random_state = random_state
        self.cv = cv
        self.X_train, self.X_val, self.y_train, self.y_val = train_test_split(
            X, y, test_size=validation_size, stratify=y, random_state=random_state
        )
        self.estimator = None
        self.curve: ValidationCurveData | None = None
        self.sliders: dict[str, widgets.Widget] = {}
        self._canvas = None  # (Figure, left Axes, right Axes), redrawn in place
        self._trials: list[dict] = []
        self._quiet = False  # True while set() moves several sliders: one trial, not several

        self.model_dropdown = widgets.Dropdown(
            options=[(p.label, key) for key, p in MANUAL_PRESETS.items()],
            value=model,
            description="Model",
            layout=widgets.Layout(width="420px"),
        )
        self.reset_button = widgets.Button(
            description="Reset",
            icon="undo",
            tooltip="Forget every trial and the curve; start again from the current sliders",
        )
        self.sliders_box = widgets.HBox()
        self.info = widgets.HTML()
        self.info.add_class("hptlearn-info")
        self.figure = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width=f"{self._width}px", height=f"{self._height}px", object_fit="contain"
            ),
        )
        self.figure.add_class("hptlearn-figure")
        self.curve_param = widgets.Dropdown(
            description="Curve of", layout=widgets.Layout(width="240px")
        )
        self.curve_button = widgets.Button(
            description="Show validation curve",
            icon="line-chart",
            button_style="info",
            layout=widgets.Layout(width="220px"),
            tooltip="Cross-validated train and validation scores over the slider's range",
        )
        self.history_html = widgets.HTML(layout=widgets.Layout(max_height="220px", overflow="auto"))
        self.history_html.add_class("hptlearn-history")
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.message.add_class("hptlearn-message")
        super().__init__(
            children=[
                widgets.HBox([self.model_dropdown, self.reset_button]),
                self.sliders_box,
                self.info,
                self.figure,
                widgets.HBox([self.curve_param, self.curve_button]),
                self.message,
                self.history_html,
            ]
        )
        self.add_class("hptlearn-app")
        self.add_class("hptlearn-manual-tuning")

        self.model_dropdown.observe(self._on_model, names="value")
        self.reset_button.on_click(lambda _: self._safely(self.reset))
        self.curve_button.on_click(lambda _: self._safely(self.show_validation_curve))
        self.curve_param.observe(self._on_curve_param, names="value")
        self._safely(self._switch, model)

    # -- plain-Python interface -------------------------------------------------------------
    @property
    def model(self) -> str:
        """The key of the current model in :data:`MANUAL_PRESETS`."""
        return self.model_dropdown.value

    @property
    def preset(self) -> ManualPreset:
        return MANUAL_PRESETS[self.model]

    def values(self) -> dict:
        """The current value of every slider, by hyperparameter name."""
        return {name: _plain(w.value) for name, w in self.sliders.items()}

    def make_estimator(self, **values):
        """The unfitted model with the sliders' values (or the given ones)."""
        return clone(self.preset.estimator).set_params(**{**self.values(), **values})

    @property
    def history(self) -> pd.DataFrame:
        """Every trial since the last reset: ``trial`` (1, 2, ...), one column per
        hyperparameter, ``train_score`` and ``validation_score`` (accuracy)."""
        columns = ["trial", *self.sliders, "train_score", "validation_score"]
        return pd.DataFrame(self._trials, columns=columns)

    @property
    def best(self) -> dict | None:
        """The trial with the best validation score so far (the earliest on a tie)."""
        if not self._trials:
            return None
        return dict(max(self._trials, key=lambda t: (t["validation_score"], -t["trial"])))

    def set(self, **values) -> dict:
        """Move the named sliders, then run one trial (as if a person had moved them).

        Returns the new trial (a row of :attr:`history`, as a dict). Raises ValueError for
        an unknown name or a value outside a slider's range; an error of the fit itself is
        shown in the message area and raised.
        """
        for name, value in values.items():
            self._check_value(name, value)
        self._quiet = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._quiet = False
        try:
            return self._trial()
        except Exception as exc:
            self._show_error(exc)
            raise

    def reset(self):
        """Forget every trial and the validation curve, then record the sliders' current
        setting as trial 1 (what the Reset button does)."""
        self._trials = []
        self.curve = None
        self._trial()
        return self

    def show_validation_curve(self, param: str | None = None) -> ValidationCurveData:
        """Compute the validation curve of ``param`` (by default the one chosen under the
        figure) and show it (what the "Show validation curve" button does).

        ``validation_curve`` runs ``cv``-fold cross-validation on *all* the data given to
        the app (its training and validation parts together: each fold takes a turn as
        validation data), trying each value of :meth:`Slider.curve_values` with the other
        hyperparameters at their sliders' values.
        """
        if param is not None:
            if param not in self.sliders:
                raise ValueError(self._unknown(param))
            self._quiet = True  # no redraw for the change of choice: the curve comes next
            try:
                self.curve_param.value = param
            finally:
                self._quiet = False
        param = self.curve_param.value
        spec = self._spec(param)
        values = spec.curve_values(self._max_for(spec, n_samples=self._cv_train_size()))
        fixed = {k: v for k, v in self.values().items() if k != param}
        estimator = self.make_estimator()
        self.curve_button.disabled = True
        self.curve_button.description = "Computing…"
        try:
            train_scores, valid_scores = validation_curve(
                estimator,
                self.X,
                self.y,
                param_name=param,
                param_range=values,
                cv=self.cv,
                error_score="raise",
            )
        finally:
            self.curve_button.disabled = False
            self.curve_button.description = "Show validation curve"
        self.curve = ValidationCurveData(
            param, values, train_scores, valid_scores, fixed, len(self.X)
        )
        self._redraw()
        frame = self.curve.to_frame()
        best = frame.loc[frame["validation_mean"].idxmax()]
        kept = f" with {_settings(fixed)} fixed" if fixed else ""
        self._say(
            f"Validation curve of {param}{kept}: {len(values)} values × {self.curve.n_folds} "
            f"folds = {len(values) * self.curve.n_folds} fits on all {len(self.X)} samples. "
            f"Best mean validation accuracy {best['validation_mean']:.3f} at "
            f"{param}={_fmt(best[param])}."
        )
        return self.curve

    def draw(self) -> Figure:
        """What the app shows, drawn on a new matplotlib Figure (for a static copy)."""
        fig, left, right = self._new_figure()
        self._paint(left, right)
        return fig

    # -- the work behind the controls ---------------------------------------------------------
    def _trial(self) -> dict:
        values = self.values()
        estimator = self.make_estimator()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            estimator.fit(self.X_train, self.y_train)
            train_score = float(estimator.score(self.X_train, self.y_train))
            validation_score = float(estimator.score(self.X_val, self.y_val))
        trial = {
            "trial": len(self._trials) + 1,
            **values,
            "train_score": train_score,
            "validation_score": validation_score,
        }
        self._trials.append(trial)
        self.estimator = estimator
        note = ""
        if self.curve is not None and any(values[k] != v for k, v in self.curve.fixed.items()):
            note = (
                f" The validation curve was for {_settings(self.curve.fixed)}: press the "
                "button again for the new setting."
            )
            self.curve = None
        self._redraw()
        best = self.best
        text = (
            f"Trial {trial['trial']}: {_settings(values)}: train accuracy {train_score:.3f}, "
            f"validation accuracy {validation_score:.3f}. Best so far: trial {best['trial']} "
            f"({best['validation_score']:.3f})." + note
        )
        if caught:
            text += f" Warning: {caught[0].message}"
        self._say(text)
        return dict(trial)

    def _switch(self, model):
        preset = MANUAL_PRESETS[model]
        self.sliders = {}
        for spec in preset.sliders:
            slider = spec.widget(self._max_for(spec, n_samples=len(self.X_train)))
            slider.observe(self._on_slider, names="value")
            self.sliders[spec.name] = slider
        self.sliders_box.children = list(self.sliders.values())
        self._quiet = True
        try:
            self.curve_param.options = list(self.sliders)
            self.curve_param.value = preset.sliders[0].name
        finally:
            self._quiet = False
        self.curve_param.disabled = len(self.sliders) == 1
        self._canvas = None
        n_train, n_val = len(self.X_train), len(self.X_val)
        self.info.value = (
            f"<b>{html.escape(preset.label)}</b>: {html.escape(preset.about)}<br>"
            f"Data: {html.escape(self.data_description)}, split once (random_state="
            f"{self.random_state}) into <b>{n_train} training</b> and <b>{n_val} validation</b> "
            "samples. Each trial fits on the training part and scores accuracy on both. "
            "<i>The validation part is for choosing hyperparameters, not a test set: keep "
            "your test set out of this app.</i>"
        )
        self.reset()

    def _redraw(self):
        # one figure per app, redrawn in place: building new axes and ticks for every
        # trial would cost more than the fit itself
        if self._canvas is None:
            self._canvas = self._new_figure()
        fig, left, right = self._canvas
        for ax in (left, right):
            _clear_data(ax)
        self._paint(left, right)
        self.figure.value = _png(fig)
        self._show_history()

    # -- callbacks ------------------------------------------------------------------------------
    def _on_slider(self, _change):
        if not self._quiet:
            self._safely(self._trial)

    def _on_model(self, change):
        self._safely(self._switch, change["new"])

    def _on_curve_param(self, _change):
        if self._quiet:
            return
        if self.curve is not None:
            self.curve = None
            self._say("Press the button to compute the validation curve of this hyperparameter.")
        self._safely(self._redraw)

    def _safely(self, action, *args):
        """Run a callback's work; show any exception in the message area."""
        try:
            return action(*args)
        except Exception as exc:  # a callback must never raise into the log
            self._show_error(exc)
            return None

    # -- checks ---------------------------------------------------------------------------------
    def _spec(self, name) -> Slider:
        for spec in self.preset.sliders:
            if spec.name == name:
                return spec
        raise ValueError(self._unknown(name))

    def _unknown(self, name):
        return (
            f"{name!r} is not on a slider of the {self.model!r} model; its sliders are: "
            f"{', '.join(self.sliders)}."
        )

    def _check_value(self, name, value):
        if name not in self.sliders:
            raise ValueError(self._unknown(name))
        spec, slider = self._spec(name), self.sliders[name]
        low, high = (10**slider.min, 10**slider.max) if spec.log else (slider.min, slider.max)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise ValueError(f"{name} must be a number, got {value!r}.")
        if spec.integer and value != int(value):
            raise ValueError(f"{name} must be a whole number, got {value!r}.")
        if not low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
            raise ValueError(
                f"{name}={value!r} is outside the slider's range {_fmt(low)} to {_fmt(high)}."
            )

    def _cv_train_size(self) -> int:
        return len(self.X) - -(-len(self.X) // self.cv)  # the smallest training fold

    def _max_for(self, spec: Slider, n_samples: int):
        """n_neighbors cannot exceed the number of samples a model is fitted on."""
        if spec.name == "n_neighbors":
            return min(spec.high, n_samples)
        return spec.high

    # -- views ----------------------------------------------------------------------------------
    def _say(self, text):
        self.message.value = f"<span>{html.escape(text)}</span>"

    def _show_error(self, exc):
        self.message.value = (
            f'<span class="hptlearn-error" style="color:{ERROR_COLOR}">'
            f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))} "
            "(this trial is not recorded)</span>"
        )

    def _show_history(self):
        best = self.best
        names = list(self.sliders)
        pad = ' style="padding:1px 14px 1px 2px;text-align:left"'
        head = "".join(
            f"<th{pad}>{html.escape(c)}</th>" for c in ["trial", *names, "train", "validation"]
        )
        rows = []
        for t in reversed(self._trials):  # newest first
            is_best = best is not None and t["trial"] == best["trial"]
            style = f' style="background:{BEST_BACKGROUND};font-weight:bold"' if is_best else ""
            cells = [f"{t['trial']}{' ★ best' if is_best else ''}"]
            cells += [_fmt(t[n]) for n in names]
            cells += [f"{t['train_score']:.3f}", f"{t['validation_score']:.3f}"]
            rows.append(
                f"<tr{style}>" + "".join(f"<td{pad}>{html.escape(c)}</td>" for c in cells) + "</tr>"
            )
        self.history_html.value = (
            f"<b>Trials</b> ({len(self._trials)}, newest first; accuracy on the training "
            f"and validation parts)<table><tr>{head}</tr>{''.join(rows)}</table>"
        )

    def _new_figure(self):
        fig = Figure(figsize=(self._width / 100, self._height / 100), dpi=100)
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.3, 1)})
        fig.subplots_adjust(left=0.065, right=0.99, bottom=0.22, top=0.93, wspace=0.17)
        for ax in (left, right):
            ax.grid(alpha=0.3)
        right.set_ylabel("accuracy")
        return fig, left, right

    def _paint(self, left, right):
        low, high = self._y_limits()
        self._draw_against_value(left, low, high)
        self._draw_sequence(right, low, high)
        for legend in list(left.figure.legends):
            legend.remove()
        handles, labels = left.get_legend_handles_labels()
        if handles:  # one legend for both panels, under them: it never hides a point
            left.figure.legend(
                handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False
            )

    def _draw_against_value(self, ax, y_low, y_high):
        param = self.curve_param.value
        spec = self._spec(param)
        others = {k: v for k, v in self.values().items() if k != param}
        curve = self.curve if self.curve is not None and self.curve.param == param else None
        if curve is not None:
            ax.set_prop_cycle(color=[TRAIN_COLOR, VALIDATION_COLOR])
            display = ValidationCurveDisplay(
                param_name=param,
                param_range=curve.values,
                train_scores=curve.train_scores,
                test_scores=curve.validation_scores,
                score_name="accuracy",
            ).plot(ax=ax, fill_between_kw={"alpha": 0.2})
            display.lines_[0].set_label(f"train, {curve.n_folds}-fold CV (mean ± std)")
            display.lines_[1].set_label(f"validation, {curve.n_folds}-fold CV (mean ± std)")
            ax.get_legend().remove()  # the display's own legend says "Test": see the figure's
        # trials at the other sliders' current values are drawn solid, the others faded
        same = [t for t in self._trials if all(t[k] == v for k, v in others.items())]
        faded = [t for t in self._trials if t not in same]
        for group, labelled in ((same, True), (faded, False)):
            if not group:
                continue
            x = [t[param] for t in group]
            alpha = 1.0 if labelled else 0.25
            ax.scatter(
                x,
                [t["train_score"] for t in group],
                marker="s",
                facecolors="none",
                edgecolors=TRAIN_COLOR,
                alpha=alpha,
                zorder=3,
                label="train, your trials" if labelled else None,
            )
            ax.scatter(
                x,
                [t["validation_score"] for t in group],
                marker="o",
                color=VALIDATION_COLOR,
                alpha=alpha,
                zorder=3,
                label="validation, your trials" if labelled else "other settings (faded)",
            )
        best = self.best
        if best is not None:
            _star(ax, best[param], best["validation_score"], "best validation so far")
        slider = self.sliders[param]
        if spec.log:
            low, high = 10**slider.min, 10**slider.max
            ax.set_xscale("log")  # also after the display, which sets the scale itself
            ax.set_xlim(low / 1.4, high * 1.4)
            ax.xaxis.set_major_locator(LogLocator(numticks=12))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        else:
            pad = 0.03 * (slider.max - slider.min) + 0.5
            ax.set_xscale("linear")
            ax.set_xlim(slider.min - pad, slider.max + pad)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.set_ylim(y_low, y_high)
        ax.set_xlabel(param + (" (log scale)" if spec.log else ""))
        ax.set_ylabel("accuracy")
        title = f"Scores against {param}"
        if others:
            title += f" (solid: {_settings(others)})"
        ax.set_title(title, fontsize=9, y=1.0)  # a fixed y skips costly automatic placement

    def _draw_sequence(self, ax, y_low, y_high):
        trials = self._trials
        if trials:
            n = [t["trial"] for t in trials]
            ax.plot(
                n,
                [t["train_score"] for t in trials],
                marker="s",
                markerfacecolor="none",
                color=TRAIN_COLOR,
                label="train",
            )
            ax.plot(
                n,
                [t["validation_score"] for t in trials],
                marker="o",
                color=VALIDATION_COLOR,
                label="validation",
            )
            best = self.best
            _star(ax, best["trial"], best["validation_score"], None)
        ax.set_xlim(0.5, max(len(trials), 5) + 0.5)
        ax.set_ylim(y_low, y_high)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("trial")
        ax.set_title("Every trial, in order", fontsize=9, y=1.0)

    def _y_limits(self):
        scores = [t[k] for t in self._trials for k in ("train_score", "validation_score")]
        if self.curve is not None:
            v = self.curve.validation_scores
            scores.append(float((v.mean(axis=1) - v.std(axis=1)).min()))
        low = min([0.5, *scores])
        return np.floor(low * 10) / 10 - 0.02, 1.02

    def __repr__(self):
        return f"ManualTuningApp(model={self.model!r}, trials={len(self._trials)})"
