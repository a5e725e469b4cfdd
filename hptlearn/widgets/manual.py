"""Manual ("hit and trial") tuning: move a slider, see the training and validation scores.

``ManualTuningApp`` is a view over :class:`hptlearn.state.manual.ManualTuning`, which fits,
scores, keeps the trials and computes the validation curve; the figure is
:func:`hptlearn.plots.manual.plot_manual_tuning`, and its text description
:func:`hptlearn.plots.manual.describe_manual_tuning`. Every change of a slider is one trial; a
button reveals the validation curve of one hyperparameter (cross-validation with
scikit-learn's ``validation_curve``).

The split is a *validation* split, for choosing hyperparameters. It is not a test set: give
the app only the data you are allowed to choose with, and keep the test set aside to estimate
the final model once, after choosing.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from hptlearn.catalog import MANUAL_PRESETS, ManualPreset, Slider
from hptlearn.plots.manual import (
    clear_drawn,
    describe_manual_tuning,
    manual_tuning_data,
    manual_tuning_figure,
    plot_manual_tuning,
)
from hptlearn.state.manual import ManualTuning, ValidationCurveData
from hptlearn.style import BEST_ROW_COLOR, format_setting, format_value
from hptlearn.widgets._base import (
    AppBase,
    delegate,
    figure_caption,
    figure_image,
    figure_png,
    show_figure,
)
from hptlearn.widgets._live import SliderNames

__all__ = ["MANUAL_PRESETS", "ManualPreset", "ManualTuningApp", "Slider", "ValidationCurveData"]

NOT_RECORDED = "(this trial is not recorded)"


def _slider_widget(spec: Slider, value, low, high) -> widgets.Widget:
    """A slider for one hyperparameter: log scale (``FloatLogSlider``) or whole numbers."""
    common = dict(
        value=value,
        description=spec.name,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="380px"),
    )
    if spec.log:
        return widgets.FloatLogSlider(
            base=10,
            min=np.log10(low),
            max=np.log10(high),
            step=spec.step,
            readout_format=".3g",
            **common,
        )
    return widgets.IntSlider(min=int(low), max=int(high), step=int(spec.step), **common)


class ManualTuningApp(AppBase):
    """Tune one or two hyperparameters by hand and watch training and validation scores.

    The data are split once into a training part and a validation part (by default the
    ``"moons_manual"`` demo split of :func:`hptlearn.catalog.demo_split`: 210 training and 90
    validation samples of the moons data; for your data, a stratified
    ``train_test_split(X, y, test_size=validation_size, random_state=random_state)``). Every
    change of a slider is a *trial*: the model is fitted on the training part with the
    sliders' values and scored (accuracy) on both parts. The validation part is for
    *choosing* hyperparameters; it is not a test set. Give the app only data you may choose
    with: keep your test set out of it.

    Parameters
    ----------
    model, X, y, validation_size, random_state, cv
        As for :class:`hptlearn.state.manual.ManualTuning`: a key of :data:`MANUAL_PRESETS`
        (``"svc"``: ``C`` and ``gamma`` on log sliders; ``"knn"``: ``n_neighbors``;
        ``"tree"``: ``max_depth`` and ``min_samples_leaf``), a classification problem
        (the moons data by default), the size of the validation part (0.3), the seed of
        the split (0) and the folds of the validation curve (5).

    Plain-Python use::

        app = ManualTuningApp()            # the first trial uses the sliders' start values
        app.set(C=10, gamma=0.01)          # moves the sliders; one new trial
        app.history                        # DataFrame: one row per trial
        app.best                           # the trial with the best validation score
        app.show_validation_curve("gamma") # what the "Show validation curve" button does
        app.reset()                        # what the Reset button does
        app.draw()                         # the app's figure as a matplotlib Figure
        app.tuning                         # the ManualTuning behind the app

    The validation curve is computed by ``cv``-fold cross-validation on all the data given
    to the app (training and validation parts together), so it is a steadier estimate than
    the single split of the trials.

    Attributes
    ----------
    sliders : dict
        Hyperparameter name -> slider of the current model.
    model_dropdown, curve_param, curve_button, reset_button, figure, history_html, info, message
        The controls and views (``figure`` is an ``Image`` of PNG bytes).
    tuning : ManualTuning
        The state: values, trials, fitted model and validation curve.
    estimator : estimator
        The model fitted in the last successful trial.
    curve : ValidationCurveData or None
        The validation curve on show, if any.
    X, y, X_train, X_val, y_train, y_val : arrays
        All the data, and the fixed training and validation parts.
    """

    _width, _height = 860, 420  # pixels of the figure

    # the data, the split and what was fitted live in the ManualTuning
    X, y = delegate("tuning", "X"), delegate("tuning", "y")
    X_train, X_val = delegate("tuning", "X_train"), delegate("tuning", "X_val")
    y_train, y_val = delegate("tuning", "y_train"), delegate("tuning", "y_val")
    estimator, curve = delegate("tuning", "estimator"), delegate("tuning", "curve")
    data_description = delegate("tuning", "data_description")

    def __init__(self, model="svc", X=None, y=None, *, validation_size=0.3, random_state=0, cv=5):
        self.tuning = ManualTuning(
            model,
            X,
            y,
            validation_size=validation_size,
            random_state=random_state,
            cv=cv,
            first_trial=False,
        )
        self.sliders: dict[str, widgets.Widget] = {}
        self._canvas = None  # (Figure, its two Axes), redrawn in place
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
        self.figure = figure_image(self._width, self._height)
        self.figure_description = figure_caption(self._width)
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
        top = widgets.HBox([self.model_dropdown, self.reset_button])
        curve_row = widgets.HBox([self.curve_param, self.curve_button])
        views = [
            self.info,
            self.figure,
            self.figure_description,
            curve_row,
            self.message,
            self.history_html,
        ]
        #: names the sliders' handles for screen readers (shows nothing)
        self.slider_names = SliderNames()
        super().__init__(
            [top, self.sliders_box, *views, self.slider_names],
            css_class="hptlearn-manual-tuning",
        )
        self.model_dropdown.observe(self._callback(self._switch), names="value")
        self.reset_button.on_click(self._callback(self.reset))
        self.curve_button.on_click(self._callback(self.show_validation_curve))
        self.curve_param.observe(self._on_curve_param, names="value")
        self._safely(self._switch)

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
        return {
            name: int(w.value) if isinstance(w, widgets.IntSlider) else float(w.value)
            for name, w in self.sliders.items()
        }

    def make_estimator(self, **values):
        """The unfitted model with the sliders' values (or the given ones)."""
        return self.tuning.make_estimator(**{**self.values(), **values})

    @property
    def history(self) -> pd.DataFrame:
        """Every trial since the last reset: ``trial`` (1, 2, ...), one column per
        hyperparameter, ``train_score`` and ``validation_score`` (accuracy)."""
        return self.tuning.history

    @property
    def best(self) -> dict | None:
        """The trial with the best validation score so far (the earliest on a tie)."""
        return self.tuning.best

    def set(self, **values) -> dict:
        """Move the named sliders, then run one trial (as if a person had moved them).

        Returns the new trial (a row of :attr:`history`, as a dict). Raises ValueError for
        an unknown name or a value outside a slider's range; an error of the fit itself is
        shown in the message area and raised.
        """
        for name, value in values.items():
            self.tuning.check_value(name, value)
        self._quiet = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._quiet = False
        try:
            return self._trial()
        except Exception as exc:
            self._show_error(exc, NOT_RECORDED)
            raise

    def reset(self):
        """Forget every trial and the validation curve, then record the sliders' current
        setting as trial 1 (what the Reset button does)."""
        self.tuning.reset()  # may fail: the trial is then not recorded
        self._show_trial()
        return self

    def show_validation_curve(self, param: str | None = None) -> ValidationCurveData:
        """Compute the validation curve of ``param`` (by default the one chosen under the
        figure) and show it (what the "Show validation curve" button does).

        See :meth:`hptlearn.state.manual.ManualTuning.validation_curve`: ``cv``-fold
        cross-validation on *all* the data given to the app, with the other
        hyperparameters at their sliders' values.
        """
        if param is not None:
            self.tuning.slider(param)  # an unknown name raises
            self._quiet = True  # no redraw for the change of choice: the curve comes next
            try:
                self.curve_param.value = param
            finally:
                self._quiet = False
        param = self.curve_param.value
        self.curve_button.disabled = True
        self.curve_button.description = "Computing…"
        try:
            curve = self.tuning.validation_curve(param)
        finally:
            self.curve_button.disabled = False
            self.curve_button.description = "Show validation curve"
        self._redraw()
        kept = f" with {format_setting(curve.fixed)} fixed" if curve.fixed else ""
        n_values, n_folds = len(curve.values), curve.n_folds
        self._say(
            f"Validation curve of {param}{kept}: {n_values} values × {n_folds} folds = "
            f"{n_values * n_folds} fits on all {curve.n_samples} samples. Best mean validation "
            f"accuracy {curve.validation_scores.mean(axis=1).max():.3f} at "
            f"{param}={format_value(curve.best_value)}."
        )
        return curve

    def draw(self) -> Figure:
        """What the app shows, drawn on a new matplotlib Figure (for a static copy)."""
        fig, axes = manual_tuning_figure(self._width, self._height)
        plot_manual_tuning(manual_tuning_data(self.tuning, self.curve_param.value), ax=axes)
        return fig

    # -- the work behind the controls ---------------------------------------------------------
    def _trial(self) -> dict:
        trial = self.tuning.trial(**self.values())
        self._show_trial()
        return trial

    def _show_trial(self):
        self._redraw()
        trial, best = self.tuning.trials[-1], self.best
        scores = {k: trial.pop(k) for k in ("trial", "train_score", "validation_score")}
        text = (
            f"Trial {scores['trial']}: {format_setting(trial)}: train accuracy "
            f"{scores['train_score']:.3f}, validation accuracy {scores['validation_score']:.3f}. "
            f"Best so far: trial {best['trial']} ({best['validation_score']:.3f})."
        )
        if self.tuning.dropped_curve is not None:
            text += (
                f" The validation curve was for {format_setting(self.tuning.dropped_curve.fixed)}: "
                "press the button again for the new setting."
            )
        if self.tuning.last_warnings:
            text += f" Warning: {self.tuning.last_warnings[0]}"
        self._say(text)

    def _switch(self):
        tuning = self.tuning
        tuning.set_model(self.model, first_trial=False)
        self.sliders = {}
        for spec in tuning.sliders:
            slider = _slider_widget(spec, tuning.values[spec.name], *tuning.limits[spec.name])
            slider.observe(self._on_slider, names="value")
            slider.observe(self._on_range, names=["min", "max"])
            self.sliders[spec.name] = slider
        self.sliders_box.children = list(self.sliders.values())
        self._quiet = True
        try:
            self.curve_param.options = list(self.sliders)
            self.curve_param.value = tuning.sliders[0].name
        finally:
            self._quiet = False
        self.curve_param.disabled = len(self.sliders) == 1
        self._canvas = None
        preset = self.preset
        self.info.value = (
            f"<b>{html.escape(preset.label)}</b>: {html.escape(preset.about)}<br>"
            f"Data: {html.escape(tuning.data_description)}, split once (random_state="
            f"{tuning.random_state}) into <b>{len(tuning.X_train)} training</b> and "
            f"<b>{len(tuning.X_val)} validation</b> samples. Each trial fits on the training "
            "part and scores accuracy on both. <i>The validation part is for choosing "
            "hyperparameters, not a test set: keep your test set out of this app.</i>"
        )
        self.reset()

    def _redraw(self):
        # one figure per app, redrawn in place: building new axes and ticks for every
        # trial would cost more than the fit itself
        if self._canvas is None:
            self._canvas = manual_tuning_figure(self._width, self._height)
        fig, axes = self._canvas
        for ax in axes:
            clear_drawn(ax)
        data = manual_tuning_data(self.tuning, self.curve_param.value)
        plot_manual_tuning(data, ax=axes)
        show_figure(
            self.figure, self.figure_description, figure_png(fig), describe_manual_tuning(data)
        )
        self._show_history()

    # -- callbacks ------------------------------------------------------------------------------
    def _on_slider(self, _change):
        if self._quiet:
            return
        try:
            self._trial()
        except Exception as exc:  # a callback must never raise into the log only
            self._show_error(exc, NOT_RECORDED)

    def _on_range(self, change):
        """A slider's range is the range :meth:`set` accepts."""
        slider, spec = change["owner"], self.tuning.slider(change["owner"].description)
        low, high = (10**slider.min, 10**slider.max) if spec.log else (slider.min, slider.max)
        self.tuning.limits[spec.name] = (low, high)

    def _on_curve_param(self, _change):
        if self._quiet:
            return
        if self.tuning.curve is not None:
            self.tuning.curve = None
            self._say("Press the button to compute the validation curve of this hyperparameter.")
        self._safely(self._redraw)

    # -- views ----------------------------------------------------------------------------------
    def _show_history(self):
        best = self.best
        names = list(self.sliders)
        pad = ' style="padding:1px 14px 1px 2px;text-align:left"'
        head = "".join(
            f"<th{pad}>{html.escape(c)}</th>" for c in ["trial", *names, "train", "validation"]
        )
        rows = []
        for t in reversed(self.tuning.trials):  # newest first
            is_best = best is not None and t["trial"] == best["trial"]
            style = (
                f' class="hptlearn-best" style="font-weight:bold;background:{BEST_ROW_COLOR}"'
                if is_best
                else ""
            )
            cells = [f"{t['trial']}{' ★ best' if is_best else ''}"]
            cells += [format_value(t[n]) for n in names]
            cells += [f"{t['train_score']:.3f}", f"{t['validation_score']:.3f}"]
            rows.append(
                f"<tr{style}>" + "".join(f"<td{pad}>{html.escape(c)}</td>" for c in cells) + "</tr>"
            )
        self.history_html.value = (
            f"<b>Trials</b> ({len(rows)}, newest first; accuracy on the training "
            f"and validation parts)<table><tr>{head}</tr>{''.join(rows)}</table>"
        )

    def __repr__(self):
        return f"ManualTuningApp(model={self.model!r}, trials={len(self.tuning.trials)})"
