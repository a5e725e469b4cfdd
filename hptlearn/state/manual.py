"""Manual ("hit and trial") tuning, without widgets: fit, score, remember every trial.

:class:`ManualTuning` holds one model of :data:`hptlearn.catalog.MANUAL_PRESETS`, the values
of its one or two tuned hyperparameters, a fixed training/validation split and the history of
trials. Each :meth:`ManualTuning.trial` fits the model on the training part and scores it
(accuracy) on both parts; :meth:`ManualTuning.validation_curve` computes the cross-validated
curve of one hyperparameter with scikit-learn's ``validation_curve``.
:class:`hptlearn.widgets.ManualTuningApp` is a view over it, and
:mod:`hptlearn.plots.manual` draws it and describes its figure in words.

The split is a *validation* split, for choosing hyperparameters. It is not a test set: give
the tuning only the data you are allowed to choose with, and keep the test set aside to
estimate the final model once, after choosing.

>>> tuning = ManualTuning("knn")
>>> tuning.trial(n_neighbors=5)["trial"]
2
>>> list(tuning.history.columns)
['trial', 'n_neighbors', 'train_score', 'validation_score']
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import validation_curve
from sklearn.utils.multiclass import type_of_target

from hptlearn.catalog import (
    DEMO_SPLITS,
    MANUAL_PRESETS,
    ManualPreset,
    Slider,
    demo_data,
    demo_split,
    train_validation_split,
)
from hptlearn.recording import record_warnings

__all__ = ["ManualTuning", "ValidationCurveData"]

_DEFAULT_SPLIT = "moons_manual"


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


def _plain(value, integer: bool):
    """A value as a plain Python number (int for whole-number hyperparameters)."""
    return int(value) if integer else float(value)


class ManualTuning:
    """Tune one or two hyperparameters by hand: one trial per setting, all remembered.

    The data are split once into a training part and a validation part (by default the
    ``"moons_manual"`` split of :func:`hptlearn.catalog.demo_split`; for data you give,
    :func:`hptlearn.catalog.train_validation_split` with ``validation_size`` and
    ``random_state``). A trial fits the model on the training part and scores it
    (accuracy) on both parts. The validation part is for *choosing* hyperparameters; it is
    not a test set.

    Parameters
    ----------
    model : {"svc", "knn", "tree"}, default="svc"
        A key of :data:`hptlearn.catalog.MANUAL_PRESETS`.
    X, y : array-like, optional
        A classification problem (without its test set). By default the moons data.
    validation_size : float or int, default=0.3
        Fraction (or number) of samples in the validation part.
    random_state : int, default=0
        Seed of the split, so that every trial is judged on the same validation samples.
    cv : int, default=5
        Folds of the cross-validation behind the validation curve.
    first_trial : bool, default=True
        Record the start values as trial 1.

    Attributes
    ----------
    values : dict
        The current value of each tuned hyperparameter.
    limits : dict
        Hyperparameter name -> (low, high): the values :meth:`check_value` accepts.
    estimator : estimator or None
        The model fitted in the last successful trial.
    curve : ValidationCurveData or None
        The last validation curve, while it holds for the current setting.
    dropped_curve : ValidationCurveData or None
        The curve the last trial made stale (its other hyperparameters moved), if any.
    last_warnings : list of str
        The warnings raised by the last trial's fit and scoring.
    X, y, X_train, X_val, y_train, y_val : arrays
        All the data, and its fixed training and validation parts.
    """

    def __init__(
        self,
        model="svc",
        X=None,
        y=None,
        *,
        validation_size=0.3,
        random_state=0,
        cv=5,
        first_trial=True,
    ):
        if model not in MANUAL_PRESETS:
            raise ValueError(
                f"Unknown model {model!r}; choose one of {', '.join(map(repr, MANUAL_PRESETS))}."
            )
        if (X is None) != (y is None):
            raise ValueError("Give both X and y, or neither (to use the moons data).")
        default = DEMO_SPLITS[_DEFAULT_SPLIT]
        use_demo = X is None
        if use_demo:
            data = demo_data(default.dataset)
            X, y = data.X, data.y
            self.data_description = f"the moons data: {data.description}"
        else:
            X, y = np.asarray(X), np.asarray(y)
            self.data_description = f"your data ({X.shape[0]} samples, {X.shape[1]} features)"
        kind = type_of_target(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                f"The models of manual tuning are classifiers; y looks like {kind!r} "
                "targets, not class labels."
            )
        if use_demo and (validation_size, random_state) == (
            default.validation_size,
            default.random_state,
        ):
            split = demo_split(_DEFAULT_SPLIT)
        else:
            split = train_validation_split(
                X, y, validation_size, random_state=random_state, task="classification"
            )
        self.X, self.y = X, y
        self.X_train, self.X_val, self.y_train, self.y_val = split
        self.validation_size = validation_size
        self.random_state = random_state
        self.cv = cv
        self.set_model(model, first_trial=first_trial)

    # -- the model --------------------------------------------------------------------------
    def set_model(self, model, *, first_trial=True):
        """Choose another model: its sliders at their start values, a new history."""
        if model not in MANUAL_PRESETS:
            raise ValueError(
                f"Unknown model {model!r}; choose one of {', '.join(map(repr, MANUAL_PRESETS))}."
            )
        self.model = model
        self.limits = {s.name: (s.low, self._max_for(s, len(self.X_train))) for s in self.sliders}
        self.values = {
            s.name: _plain(min(s.value, self.limits[s.name][1]), s.integer) for s in self.sliders
        }
        self.estimator = None
        self._trials: list[dict] = []
        self.curve: ValidationCurveData | None = None
        self.dropped_curve: ValidationCurveData | None = None
        self.last_warnings: list[str] = []
        if first_trial:
            self.trial()
        return self

    @property
    def preset(self) -> ManualPreset:
        """The :class:`hptlearn.catalog.ManualPreset` of the current model."""
        return MANUAL_PRESETS[self.model]

    @property
    def sliders(self) -> tuple[Slider, ...]:
        """The tuned hyperparameters of the current model (name, range, start, scale)."""
        return self.preset.sliders

    def slider(self, name) -> Slider:
        """The :class:`hptlearn.catalog.Slider` of one tuned hyperparameter."""
        for spec in self.sliders:
            if spec.name == name:
                return spec
        raise ValueError(self._unknown(name))

    def make_estimator(self, **values):
        """The unfitted model with the current values (or the given ones)."""
        return clone(self.preset.estimator).set_params(**{**self.values, **values})

    # -- trials -----------------------------------------------------------------------------
    @property
    def history(self) -> pd.DataFrame:
        """Every trial since the last reset: ``trial`` (1, 2, ...), one column per
        hyperparameter, ``train_score`` and ``validation_score`` (accuracy)."""
        columns = ["trial", *self.values, "train_score", "validation_score"]
        return pd.DataFrame(self._trials, columns=columns)

    @property
    def trials(self) -> list[dict]:
        """Every trial since the last reset, as dicts (copies)."""
        return [dict(t) for t in self._trials]

    @property
    def best(self) -> dict | None:
        """The trial with the best validation score so far (the earliest on a tie)."""
        if not self._trials:
            return None
        return dict(max(self._trials, key=lambda t: (t["validation_score"], -t["trial"])))

    def check_value(self, name, value):
        """Raise ValueError unless ``value`` is a number within ``name``'s limits."""
        spec = self.slider(name)
        low, high = self.limits[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise ValueError(f"{name} must be a number, got {value!r}.")
        if spec.integer and value != int(value):
            raise ValueError(f"{name} must be a whole number, got {value!r}.")
        if not low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
            raise ValueError(f"{name}={value!r} is outside the slider's range {low:g} to {high:g}.")

    def set(self, **values) -> dict:
        """Check the values against :attr:`limits`, then run one trial with them."""
        for name, value in values.items():
            self.check_value(name, value)
        return self.trial(**values)

    def trial(self, **values) -> dict:
        """Fit with the current values updated by ``values``; score; record; return the trial.

        The values are not range-checked (see :meth:`set`); a fit that fails raises and
        records nothing (the current values stay as they were).
        """
        for name in values:
            self.slider(name)  # an unknown name raises
        setting = {
            s.name: _plain(values.get(s.name, self.values[s.name]), s.integer) for s in self.sliders
        }
        estimator = self.make_estimator(**setting)
        with record_warnings() as record:  # this thread only; no filter changes
            estimator.fit(self.X_train, self.y_train)
            train_score = float(estimator.score(self.X_train, self.y_train))
            validation_score = float(estimator.score(self.X_val, self.y_val))
        self.values = setting
        trial = {
            "trial": len(self._trials) + 1,
            **setting,
            "train_score": train_score,
            "validation_score": validation_score,
        }
        self._trials.append(trial)
        self.estimator = estimator
        self.last_warnings = [str(w.message) for w in record.warnings]
        self.dropped_curve = None
        curve = self.curve
        if curve is not None and any(setting[k] != v for k, v in curve.fixed.items()):
            self.dropped_curve, self.curve = curve, None
        return dict(trial)

    def reset(self):
        """Forget every trial and the validation curve, then record the current setting as
        trial 1."""
        self._trials = []
        self.curve = None
        self.trial()
        return self

    # -- the validation curve -----------------------------------------------------------------
    def curve_values(self, param) -> np.ndarray:
        """The values the validation curve of ``param`` tries (see
        :meth:`hptlearn.catalog.Slider.curve_values`), within what a training fold allows."""
        spec = self.slider(param)
        return spec.curve_values(self._max_for(spec, self._cv_train_size()))

    def validation_curve(self, param=None) -> ValidationCurveData:
        """Compute and keep the validation curve of ``param`` (the first tuned one by default).

        ``validation_curve`` runs ``cv``-fold cross-validation on *all* the data (the
        training and validation parts together: each fold takes a turn as validation data),
        trying each value of :meth:`curve_values` with the other hyperparameters at their
        current values.
        """
        param = self.sliders[0].name if param is None else param
        values = self.curve_values(param)
        fixed = {k: v for k, v in self.values.items() if k != param}
        train_scores, valid_scores = validation_curve(
            self.make_estimator(),
            self.X,
            self.y,
            param_name=param,
            param_range=values,
            cv=self.cv,
            error_score="raise",
        )
        self.curve = ValidationCurveData(
            param, values, train_scores, valid_scores, fixed, len(self.X)
        )
        return self.curve

    # -- helpers -----------------------------------------------------------------------------
    def _unknown(self, name):
        return (
            f"{name!r} is not on a slider of the {self.model!r} model; its sliders are: "
            f"{', '.join(s.name for s in self.sliders)}."
        )

    def _cv_train_size(self) -> int:
        return len(self.X) - -(-len(self.X) // self.cv)  # the smallest training fold

    @staticmethod
    def _max_for(spec: Slider, n_samples: int):
        """n_neighbors cannot exceed the number of samples a model is fitted on."""
        if spec.name == "n_neighbors":
            return min(spec.high, n_samples)
        return spec.high

    def __repr__(self):
        return f"ManualTuning(model={self.model!r}, trials={len(self._trials)})"
