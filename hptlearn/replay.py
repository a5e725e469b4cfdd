"""Recorded learning curves, replayed: a benchmark every search strategy can race on in seconds.

Training a neural network for 27 epochs on each of three folds takes about a second; a
race of eight strategies over twenty seeds would take an hour. So the training was done
once (``benchmarks/record_learning_curves.py``) for every configuration of a grid, and
its results ship with hptlearn (:mod:`hptlearn.data`): after every epoch, on every fold,
the validation accuracy and the CPU time spent so far; after the last epoch, the accuracy
of each fold's model on a test set no search ever sees.

:class:`Recording`
    The table: :func:`load_recording` reads the shipped one (``"learning_curves"``:
    ``MLPClassifier`` on digits, 216 configurations of ``learning_rate_init`` x ``alpha``
    x ``width``, 3 folds, ``epochs`` 1 to 27). It gives the searches what they need:
    ``X`` (the row numbers of the development set), ``y``, ``cv`` (the recorded splits),
    the recorded ``grid()`` and its ``distributions()``; and the answers: ``scores``
    (configuration x fold x epoch), ``true_scores`` (test accuracy at the full budget).
:class:`ReplayEstimator`
    A scikit-learn classifier whose hyperparameters are the recording's (and its
    resource, ``epochs``). ``fit(X, y)`` reads *which rows* it is given (``X`` holds row
    numbers), finds the recorded fold whose training rows they are, and looks its
    configuration up; ``score`` on that fold's validation rows returns the recorded
    accuracy. Nothing is trained and nothing sleeps: the recorded fit time is kept in
    ``simulated_fit_time_`` (seconds), and a race adds those up into a simulated clock.

**Which configuration.** The values of a search's candidate are *snapped* to the recorded
grid: a categorical value must be one of the recorded ones; a number is replaced by the
nearest recorded value (on a log scale for the parameters recorded on one, such as the
learning rate); a number outside the recorded range is an error. So grid searches use
``grid()`` (the recorded values themselves), and searches that sample use
``distributions()`` (log-uniform over the recorded range for log-scale numbers, the
recorded list otherwise): their draws land on the nearest recorded configuration, as if
the tuning grid were finer than the recording. ``snapped_params`` tells which recorded
configuration a candidate stands for.

**Which fold.** The training rows must be exactly the training rows of one recorded fold
(give the searches ``cv=recording.cv``); a search that subsamples rows (successive halving
with its default ``resource="n_samples"``) is told to spend ``epochs`` instead. A model
fitted on all the development rows (a search's refit) has no recorded validation score;
its ``score`` on ``recording.X_test`` returns the configuration's true score (the mean
test accuracy of the three fold models after the last epoch), and its simulated fit time
is the folds' mean scaled by the number of rows.

>>> rec = load_recording()
>>> rec.resource, rec.max_resources, rec.n_configs, rec.n_splits
('epochs', 27, 216, 3)
>>> from sklearn.model_selection import GridSearchCV
>>> grid = {"learning_rate_init": [0.001, 0.01], "alpha": [0.0001], "width": [32], "epochs": [27]}
>>> search = GridSearchCV(ReplayEstimator(), grid, cv=rec.cv).fit(rec.X, rec.y)
>>> bool(search.cv_results_["mean_test_score"][1] == rec.mean_score(search.best_params_))
True
"""

from __future__ import annotations

import json
import math
from functools import cache
from numbers import Real

import numpy as np
import pandas as pd
from scipy.stats import loguniform
from sklearn.base import BaseEstimator, ClassifierMixin

from hptlearn.data import recorded

__all__ = ["Recording", "ReplayEstimator", "load_recording", "RECORDINGS"]

#: The shipped recordings: name -> (metadata file, table file) in :mod:`hptlearn.data`.
RECORDINGS = {"learning_curves": ("learning_curves.json", "learning_curves.csv")}


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


class Recording:
    """Learning curves recorded once: configuration x fold x resource step.

    Parameters
    ----------
    space : dict
        Name -> the recorded values (a list), in the order of ``configs``' columns.
    configs : array-like of shape (n_configs, n_params)
        The values of each configuration (row ``c`` is configuration ``c``).
    correct : array of int, shape (n_configs, n_splits, n_steps)
        Validation predictions correct at each resource step.
    fit_ms : array of float, shape (n_configs, n_splits, n_steps)
        Cumulative fit time (milliseconds) at each resource step.
    test_correct : array of int, shape (n_configs, n_splits)
        Test predictions correct at the last resource step, by each fold's model.
    folds : array of int, shape (n_rows,)
        The fold of every development row (the row is in that fold's validation set).
    y : array, shape (n_rows,)
        The labels of the development rows.
    n_test : int
        The size of the test set.
    resource : str, default="epochs"
        The name of the resource parameter.
    steps : sequence of int, optional
        The recorded resource values (default 1, 2, ..., n_steps).
    log_scale : sequence of str, default=()
        The numeric parameters whose nearest value is found on a log scale.
    name, description : str
    defaults : dict, optional
        The value of each parameter a :class:`ReplayEstimator` starts with (default: the
        middle recorded value; the resource: its largest value).

    A recording never changes: copies (``copy.deepcopy``, made by ``clone``) are itself.
    """

    def __init__(
        self,
        space,
        configs,
        correct,
        fit_ms,
        test_correct,
        folds,
        y,
        n_test,
        *,
        resource="epochs",
        steps=None,
        log_scale=(),
        name="recording",
        description="",
        defaults=None,
    ):
        self.space = {k: list(v) for k, v in space.items()}
        self.params = list(self.space)
        self.correct = np.asarray(correct, dtype=np.int64)
        self.fit_ms = np.asarray(fit_ms, dtype=float)
        self.test_correct = np.asarray(test_correct, dtype=np.int64)
        self.folds = np.asarray(folds, dtype=np.int64)
        self.y = np.asarray(y)
        self.n_test = int(n_test)
        self.resource = resource
        n_configs, n_splits, n_steps = self.correct.shape
        self.steps = list(range(1, n_steps + 1)) if steps is None else [int(s) for s in steps]
        self.log_scale = tuple(log_scale)
        self.name, self.description = name, description
        configs = list(map(tuple, configs))
        if len(configs) != n_configs or self.fit_ms.shape != self.correct.shape:
            raise ValueError("configs, correct and fit_ms must describe the same configurations.")
        if self.test_correct.shape != (n_configs, n_splits) or len(self.steps) != n_steps:
            raise ValueError("test_correct and steps must match correct's shape.")
        self.configs = pd.DataFrame(configs, columns=self.params)
        self._config_values = configs
        self._index = {c: i for i, c in enumerate(configs)}
        if len(self._index) != n_configs:
            raise ValueError("Each configuration must be recorded once.")
        self.n_val = np.bincount(self.folds, minlength=n_splits)
        self._train_sizes = len(self.folds) - self.n_val
        self._step_index = {s: i for i, s in enumerate(self.steps)}
        middle = {k: v[len(v) // 2] for k, v in self.space.items()}
        self.defaults = {**middle, **(defaults or {}), resource: self.steps[-1]}
        self._numeric = {
            k: np.array(v, dtype=float) for k, v in self.space.items() if all(map(_is_number, v))
        }
        rows = np.arange(len(self.folds))
        self._train = [rows[self.folds != k] for k in range(n_splits)]
        self._val = [rows[self.folds == k] for k in range(n_splits)]
        self._configs_seen = {}  # the values of a candidate -> its configuration

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        return (
            f"Recording({self.name!r}: {self.n_configs} configurations x {self.n_splits} "
            f"folds x {self.resource} {self.steps[0]}..{self.steps[-1]})"
        )

    # -- sizes ---------------------------------------------------------------------------
    @property
    def n_configs(self) -> int:
        return self.correct.shape[0]

    @property
    def n_splits(self) -> int:
        return self.correct.shape[1]

    @property
    def max_resources(self) -> int:
        return self.steps[-1]

    @property
    def n_rows(self) -> int:
        return len(self.folds)

    # -- what a search is given ------------------------------------------------------------
    @property
    def X(self) -> np.ndarray:
        """The development rows as a column of row numbers, shape (n_rows, 1)."""
        return np.arange(self.n_rows).reshape(-1, 1)

    @property
    def X_test(self) -> np.ndarray:
        """The test rows, numbered after the development rows, shape (n_test, 1)."""
        return np.arange(self.n_rows, self.n_rows + self.n_test).reshape(-1, 1)

    @property
    def cv(self) -> list:
        """The recorded splits: ``[(train_rows, validation_rows), ...]``, one per fold."""
        return [(t.copy(), v.copy()) for t, v in zip(self._train, self._val, strict=True)]

    def grid(self, resource=None) -> dict:
        """The recorded values, name -> list (a grid search's space); with ``resource``,
        the resource parameter set to it too."""
        grid = {k: list(v) for k, v in self.space.items()}
        if resource is not None:
            grid[self.resource] = [resource]
        return grid

    def distributions(self) -> dict:
        """A sampled search's space: log-uniform over the recorded range for the log-scale
        parameters, the recorded list for the others (draws are snapped to the grid)."""
        return {
            k: loguniform(min(v), max(v)) if k in self.log_scale else list(v)
            for k, v in self.space.items()
        }

    # -- looking up ------------------------------------------------------------------------
    def snap(self, name, value):
        """The recorded value of ``name`` that ``value`` stands for (see the module
        docstring); ``ValueError`` if none."""
        values = self.space[name]
        if name in self._numeric and _is_number(value):
            grid = self._numeric[name]
            v = float(value)
            lo, hi = grid.min(), grid.max()
            tol = 1e-9 * max(abs(lo), abs(hi), 1e-300)
            if not (lo - tol <= v <= hi + tol) or math.isnan(v):
                raise ValueError(
                    f"{name}={value!r} is outside the recorded range [{lo:g}, {hi:g}]: the "
                    f"recording {self.name!r} holds {name} in {values}."
                )
            if name in self.log_scale:
                i = int(np.argmin(np.abs(np.log(grid) - math.log(v))))
            else:
                i = int(np.argmin(np.abs(grid - v)))
            return values[i]
        for recorded_value in values:
            if recorded_value == value and type(recorded_value) is type(value):
                return recorded_value
        for recorded_value in values:
            if recorded_value == value:
                return recorded_value
        raise ValueError(
            f"{name}={value!r} was not recorded: the recording {self.name!r} holds {name} in "
            f"{values}."
        )

    def config(self, params) -> int:
        """The configuration number of ``params`` (a dict; snapped, the resource ignored)."""
        missing = [k for k in self.params if k not in params]
        if missing:
            raise ValueError(f"Missing recorded hyperparameters {missing} in {params}.")
        raw = tuple((type(params[k]), params[k]) for k in self.params)
        try:
            found = self._configs_seen.get(raw)
        except TypeError:  # an unhashable value
            raw, found = None, None
        if found is None:
            found = self._index[tuple(self.snap(k, params[k]) for k in self.params)]
            if raw is not None and len(self._configs_seen) < 100_000:
                self._configs_seen[raw] = found
        return found

    def snapped_params(self, params) -> dict:
        """The recorded configuration ``params`` stands for, as a dict."""
        return dict(zip(self.params, self._config_values[self.config(params)], strict=True))

    def step(self, resource) -> int:
        """The index of a recorded resource value; ``ValueError`` for another value."""
        if isinstance(resource, Real) and not isinstance(resource, bool):
            index = self._step_index.get(resource)
            if index is not None and float(resource).is_integer():
                return index
        raise ValueError(
            f"{self.resource}={resource!r} was not recorded: the recording {self.name!r} "
            f"holds {self.resource} = {self.steps[0]}..{self.steps[-1]} "
            f"({len(self.steps)} values)."
        )

    def fold_of(self, rows) -> int | None:
        """The fold whose training rows are exactly ``rows`` (None for all the rows)."""
        rows = np.asarray(rows).ravel()
        n = len(rows)
        for k, train in enumerate(self._train):  # the splits' own order: a quick check
            if n == len(train) and np.array_equal(rows, train):
                return k
        if n == self.n_rows and np.array_equal(np.sort(rows), np.arange(self.n_rows)):
            return None
        counts = (
            np.bincount(self.folds[rows], minlength=self.n_splits)
            if n and rows.min() >= 0 and rows.max() < self.n_rows
            else None
        )
        if counts is not None:
            for k in range(self.n_splits):
                if n == self._train_sizes[k] and counts[k] == 0:
                    if len(np.unique(rows)) == n:
                        return k
        raise ValueError(
            f"The {n} training rows given are not the training rows of a recorded fold of "
            f"{self.name!r}: pass X=recording.X and cv=recording.cv to the search. A search "
            f"that trains on a part of the rows (successive halving's default "
            f"resource='n_samples') cannot be replayed: spend resource={self.resource!r} "
            f"instead."
        )

    # -- the answers -----------------------------------------------------------------------
    @property
    def scores(self) -> np.ndarray:
        """Validation accuracy, shape (n_configs, n_splits, n_steps)."""
        return self.correct / self.n_val[None, :, None]

    @property
    def mean_scores(self) -> np.ndarray:
        """Mean validation accuracy over the folds, shape (n_configs, n_steps): what a
        search reports as ``mean_test_score``."""
        return self.scores.mean(axis=1)

    @property
    def true_scores(self) -> np.ndarray:
        """The truth about each configuration, shape (n_configs,): the mean, over the fold
        models trained to the full budget, of their accuracy on the test set no search
        sees."""
        return (self.test_correct / self.n_test).mean(axis=1)

    @property
    def full_budget_cv(self) -> np.ndarray:
        """Mean validation accuracy at the full budget, shape (n_configs,)."""
        return self.mean_scores[:, -1]

    def mean_score(self, params, resource=None) -> float:
        """The mean CV score a search reports for ``params`` (at ``resource``, default the
        one in ``params`` or the full budget)."""
        if resource is None:
            resource = params.get(self.resource, self.max_resources)
        return float(self.mean_scores[self.config(params), self.step(resource)])

    def true_score(self, params) -> float:
        """The true score (:attr:`true_scores`) of the configuration of ``params``."""
        return float(self.true_scores[self.config(params)])

    def fit_seconds(self, params, resource=None) -> float:
        """Simulated seconds of fitting ``params`` at ``resource`` on every fold (summed)."""
        if resource is None:
            resource = params.get(self.resource, self.max_resources)
        c = self.config(params)
        return float(self.fit_ms[c, :, self.step(resource)].sum() / 1000.0)

    def frame(self) -> pd.DataFrame:
        """The recording as a long frame: one row per configuration, fold and step, with
        columns ``config``, the hyperparameters, ``fold``, the resource, ``score`` and
        ``fit_time`` (cumulative seconds)."""
        n_c, n_s, n_r = self.correct.shape
        c, k, r = np.meshgrid(np.arange(n_c), np.arange(n_s), np.arange(n_r), indexing="ij")
        out = pd.DataFrame({"config": c.ravel()})
        for name in self.params:
            out[name] = self.configs[name].to_numpy()[out["config"].to_numpy()]
        out["fold"] = k.ravel()
        out[self.resource] = np.asarray(self.steps)[r.ravel()]
        out["score"] = self.scores.ravel()
        out["fit_time"] = self.fit_ms.ravel() / 1000.0
        return out


def _read(name: str) -> Recording:
    meta_file, table_file = RECORDINGS[name]
    meta = json.loads(recorded(meta_file).read_text())
    table = pd.read_csv(recorded(table_file))
    space = meta["space"]
    params = list(space)
    table = table.sort_values(["config", "fold"])
    n_configs = int(table["config"].nunique())
    n_splits = int(meta["n_splits"])
    steps = list(range(1, int(meta["max_resources"]) + 1))
    correct = table[[f"correct_{s}" for s in steps]].to_numpy().reshape(n_configs, n_splits, -1)
    fit_ms = table[[f"ms_{s}" for s in steps]].to_numpy().reshape(n_configs, n_splits, -1)
    test_correct = table["test_correct"].to_numpy().reshape(n_configs, n_splits)
    first = table[table["fold"] == 0]
    configs = [
        tuple(_like(space[p], v) for p, v in zip(params, row, strict=True))
        for row in first[params].itertuples(index=False)
    ]
    return Recording(
        space,
        configs,
        correct,
        fit_ms,
        test_correct,
        meta["folds"],
        meta["y"],
        meta["n_test"],
        resource=meta["resource"],
        steps=steps,
        log_scale=meta.get("log_scale", ()),
        name=name,
        description=meta.get("description", ""),
        defaults=meta.get("defaults"),
    )


def _like(values, v):
    """``v`` as the recorded value it equals (an int stays an int)."""
    for value in values:
        if value == v:
            return value
    return v


@cache
def _load(name: str) -> Recording:
    return _read(name)


def load_recording(name: str = "learning_curves") -> Recording:
    """The shipped recording ``name`` (read once, then kept).

    ``"learning_curves"``: ``MLPClassifier`` on digits (see
    ``benchmarks/record_learning_curves.py``).
    """
    if isinstance(name, Recording):
        return name
    if name not in RECORDINGS:
        raise ValueError(
            f"No recording named {name!r}: the recordings are {', '.join(map(repr, RECORDINGS))}."
        )
    return _load(name)


class ReplayEstimator(ClassifierMixin, BaseEstimator):
    """A classifier that replays a :class:`Recording` instead of training.

    Parameters
    ----------
    recording : str or Recording, default="learning_curves"
        The recording to replay (a name of :data:`RECORDINGS`, or a :class:`Recording`).
    **params
        The recording's hyperparameters and its resource (``learning_rate_init``,
        ``alpha``, ``width`` and ``epochs`` for ``"learning_curves"``); each defaults to
        :attr:`Recording.defaults`. ``get_params`` lists them all, so searches, ``clone``
        and ``set_params`` treat them as any estimator's hyperparameters.

    Attributes
    ----------
    config_ : int
        The recorded configuration the fitted hyperparameters stand for.
    fold_ : int or None
        The recorded fold of the training rows (None: all the development rows).
    simulated_fit_time_ : float
        The recorded fit time, in seconds, of this configuration on this fold at this
        resource (nothing waits: add these up for a simulated clock).
    classes_ : ndarray

    Examples
    --------
    >>> rec = load_recording()
    >>> est = ReplayEstimator(learning_rate_init=0.01, alpha=1e-4, width=32, epochs=9)
    >>> train, val = rec.cv[0]
    >>> score = est.fit(rec.X[train], rec.y[train]).score(rec.X[val], rec.y[val])
    >>> bool(score == rec.scores[est.config_, 0, 8])
    True
    """

    def __init__(self, recording="learning_curves", **params):
        self.recording = recording
        for name, value in params.items():
            setattr(self, name, value)

    def _recording(self) -> Recording:
        return load_recording(self.recording)

    def _names(self) -> list[str]:
        rec = self._recording()
        return [*rec.params, rec.resource]

    def get_params(self, deep=True):
        rec = self._recording()
        out = {"recording": self.recording}
        for name in self._names():
            out[name] = getattr(self, name, rec.defaults[name])
        return out

    def set_params(self, **params):
        names = set(self._names())
        if "recording" in params:
            self.recording = params.pop("recording")
            names = set(self._names())
        for name, value in params.items():
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self.__class__.__name__}. "
                    f"Valid parameters are: {['recording', *sorted(names)]!r}."
                )
            setattr(self, name, value)
        return self

    def _params(self) -> dict:
        params = self.get_params()
        params.pop("recording")
        return params

    def fit(self, X, y=None):
        """Look the configuration and the fold up; nothing is trained."""
        rec = self._recording()
        params = self._params()
        self.config_ = rec.config(params)
        self.step_ = rec.step(params[rec.resource])
        self.fold_ = rec.fold_of(_rows(X))
        if self.fold_ is None:
            # a refit on all the rows: the folds' mean time, scaled by the rows
            ms = rec.fit_ms[self.config_, :, self.step_] * (rec.n_rows / rec._train_sizes)
            self.simulated_fit_time_ = float(ms.mean() / 1000.0)
        else:
            self.simulated_fit_time_ = (
                float(rec.fit_ms[self.config_, self.fold_, self.step_]) / 1000
            )
        self.classes_ = np.unique(rec.y)
        return self

    def score(self, X, y=None, sample_weight=None):
        """The recorded accuracy on ``X``: a fold's validation rows, or the test rows."""
        rec = self._recording()
        if not hasattr(self, "config_"):
            raise AttributeError("This ReplayEstimator is not fitted yet: call fit first.")
        if sample_weight is not None:
            raise ValueError("A replayed score cannot weigh samples: pass sample_weight=None.")
        rows = _rows(X)
        if len(rows) == rec.n_test and np.array_equal(np.sort(rows), rec.X_test.ravel()):
            if self.step_ != len(rec.steps) - 1:
                raise ValueError(
                    f"Test scores are recorded at the full budget only: fit with "
                    f"{rec.resource}={rec.max_resources}."
                )
            correct = rec.test_correct[self.config_]
            if self.fold_ is None:
                return float((correct / rec.n_test).mean())
            return float(correct[self.fold_] / rec.n_test)
        if self.fold_ is not None and len(rows) == rec.n_val[self.fold_]:
            val = rec._val[self.fold_]
            if np.array_equal(rows, val) or np.array_equal(np.sort(rows), val):
                return float(rec.correct[self.config_, self.fold_, self.step_] / len(val))
        raise ValueError(
            "Only validation scores (the rows of the fitted fold's validation set) and test "
            "scores (recording.X_test) are recorded: pass cv=recording.cv, "
            "return_train_score=False and the default scoring."
        )

    def predict(self, X):
        raise NotImplementedError(
            "A ReplayEstimator replays recorded scores and has no predictions: use the "
            "default scoring (its score method)."
        )


def _rows(X) -> np.ndarray:
    rows = np.asarray(X)
    if rows.ndim == 2 and rows.shape[1] == 1:
        rows = rows[:, 0]
    if rows.ndim != 1 or (rows.size and not np.issubdtype(rows.dtype, np.integer)):
        raise ValueError(
            "A ReplayEstimator's X holds row numbers (recording.X, shape (n, 1)), got an "
            f"array of shape {np.shape(X)} and dtype {rows.dtype}."
        )
    return rows
