"""``cv_results_`` as a tidy pandas DataFrame: one row per candidate.

scikit-learn's ``cv_results_`` is a dict of arrays with one entry per candidate; its
hyperparameter columns are masked arrays named ``param_<name>``. A learner reads it
better as a table with a column per hyperparameter, the scores, the times, the rank, the
order in which the candidates were evaluated and whether their fits failed.

The frame carries its layout (:class:`ResultsLayout`: the hyperparameter columns, the
metric that ranks the candidates and its score, std and rank columns) in
``frame.attrs["hptlearn"]``, computed once by :func:`results_frame`;
:func:`param_columns`, :func:`score_column` and the figures read it from there.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "LAYOUT_KEY",
    "ResultsLayout",
    "format_params",
    "frame_layout",
    "param_columns",
    "rank_metric",
    "results_frame",
    "score_column",
]

#: The key of ``DataFrame.attrs`` under which a results frame keeps its layout.
LAYOUT_KEY = "hptlearn"
_SCORE_PREFIXES = ("mean_test_", "std_test_", "rank_test_", "mean_train_", "std_train_")

_TIME_COLUMNS = ("mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time")


def rank_metric(cv_results, refit=None) -> str:
    """The metric that ranks a search's candidates, as a ``cv_results_`` key suffix.

    One rule everywhere (progress reports, results frames, plots): ``"score"`` for a
    single metric; with several metrics, the one ``refit`` names, as scikit-learn uses it to
    choose ``best_params_``; when ``refit`` names none (``False`` or a callable), the first
    metric in the order ``scoring`` gave them (the order of ``cv_results_``'s keys).

    Examples
    --------
    >>> rank_metric({"mean_test_score": [0.5]})
    'score'
    >>> rank_metric({"mean_test_recall": [0.5], "mean_test_accuracy": [0.7]}, refit="accuracy")
    'accuracy'
    >>> rank_metric({"mean_test_recall": [0.5], "mean_test_accuracy": [0.7]}, refit=False)
    'recall'
    """
    if "mean_test_score" in cv_results:
        return "score"
    metrics = [k[len("mean_test_") :] for k in cv_results if k.startswith("mean_test_")]
    if not metrics:
        raise ValueError("these results have no mean_test_<metric> entry")
    if isinstance(refit, str) and refit in metrics:
        return refit
    return metrics[0]


class ResultsLayout(NamedTuple):
    """Which columns of a results frame are what.

    Examples
    --------
    >>> layout = ResultsLayout(params=["C"], metric="accuracy", metrics=["recall", "accuracy"])
    >>> layout.score, layout.std, layout.rank
    ('mean_test_accuracy', 'std_test_accuracy', 'rank_test_accuracy')
    """

    params: list  # the hyperparameter columns, in order
    metric: str  # the metric that ranks the candidates (see rank_metric)
    metrics: list  # every metric, in the order of cv_results_

    @property
    def score(self) -> str:
        """The mean CV score column of the ranking metric."""
        return f"mean_test_{self.metric}"

    @property
    def std(self) -> str:
        """Its standard deviation over the CV folds."""
        return f"std_test_{self.metric}"

    @property
    def rank(self) -> str:
        """Its rank column (1 for the best candidate)."""
        return f"rank_test_{self.metric}"

    @property
    def train(self) -> str:
        """Its mean train score column (present when the search kept train scores)."""
        return f"mean_train_{self.metric}"

    def to_attrs(self) -> dict:
        """The layout as plain data, for ``DataFrame.attrs`` (columns spelled out)."""
        return {
            "params": list(self.params),
            "metric": self.metric,
            "metrics": list(self.metrics),
            "score": self.score,
            "std": self.std,
            "rank": self.rank,
        }


def _cv_results(data):
    if isinstance(data, dict):
        return data, None
    cv_results = getattr(data, "cv_results_", None)
    if cv_results is None:
        raise TypeError(
            f"results_frame needs a fitted search (GridSearchCV, RandomizedSearchCV, "
            f"LiveGridSearchCV, ...) or its cv_results_ dict; got {type(data).__name__}. "
            "If it is a search, call .fit(X, y) first."
        )
    return cv_results, getattr(data, "fit_errors_", None)


def results_frame(data, *, sort: bool = False, refit=None) -> pd.DataFrame:
    """One row per candidate of a search, in the order they were evaluated.

    Parameters
    ----------
    data : fitted search or dict
        A fitted ``GridSearchCV``/``RandomizedSearchCV`` (or live variant), or its
        ``cv_results_``.
    sort : bool, default=False
        Sort by rank (best first) instead of evaluation order.
    refit : str, bool or callable, optional
        With several metrics, the search's ``refit``, which names the metric that ranks
        the candidates (see :func:`rank_metric`). By default the search's own ``refit``;
        give it with a ``cv_results_`` dict.

    Returns
    -------
    pandas.DataFrame
        Columns: ``order`` (0 for the first candidate evaluated), one column per
        hyperparameter under its plain name (``C``, ``svc__gamma``), then for each
        metric ``mean_test_<metric>``, ``std_test_<metric>``, ``rank_test_<metric>``
        (``..._score`` for a single metric), ``mean_train_...`` when the search kept
        train scores, the mean and std of fit and score times, ``status`` (``"ok"`` or
        ``"failed"``) and ``error`` (the fit error message, when known).
        A candidate is ``"failed"`` when at least one of its fits failed: its score
        is then the search's ``error_score`` (NaN by default).
        ``frame.attrs["hptlearn"]`` holds the layout (see :func:`frame_layout`).
    """
    cv_results, fit_errors = _cv_results(data)
    if refit is None:
        refit = getattr(data, "refit", None)
    params = list(cv_results["params"])
    n = len(params)

    names = []
    for candidate in params:
        for name in candidate:
            if name not in names:
                names.append(name)
    # keep scikit-learn's column order (sorted by name) for readability
    names.sort()

    frame = pd.DataFrame({"order": np.arange(n)})
    for name in names:
        values = [candidate.get(name, None) for candidate in params]
        frame[name] = pd.Series(values, dtype=_dtype_for(values))

    score_keys = [k for k in cv_results if k.startswith(_SCORE_PREFIXES)]
    for key in score_keys:
        frame[key] = np.asarray(cv_results[key])
    for key in _TIME_COLUMNS:
        if key in cv_results:
            frame[key] = np.asarray(cv_results[key], dtype=float)

    split_keys = [k for k in cv_results if k.startswith("split") and "_test_" in k]
    if fit_errors is not None and len(fit_errors) == n:
        failed = np.array([e is not None for e in fit_errors], dtype=bool)
        errors = [None if e is None else _short_error(e) for e in fit_errors]
    else:
        split_scores = np.column_stack([np.asarray(cv_results[k], dtype=float) for k in split_keys])
        failed = np.isnan(split_scores).any(axis=1)
        errors = [None] * n
    frame["status"] = np.where(failed, "failed", "ok")
    frame["error"] = pd.Series(errors, dtype=object)

    metrics = [k[len("mean_test_") :] for k in cv_results if k.startswith("mean_test_")]
    layout = ResultsLayout(names, rank_metric(cv_results, refit), metrics)
    if sort:
        frame = frame.sort_values([layout.rank, "order"], kind="stable").reset_index(drop=True)
    frame.attrs[LAYOUT_KEY] = layout.to_attrs()
    return frame


def _dtype_for(values):
    present = [v for v in values if v is not None]
    if present and all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in present
    ):
        if len(present) == len(values) and all(isinstance(v, (int, np.integer)) for v in present):
            return "int64"
        return "float64"
    return object


def _short_error(message: str) -> str:
    """The last non-empty line of a traceback: the exception and its message."""
    lines = [line.strip() for line in str(message).strip().splitlines() if line.strip()]
    return lines[-1] if lines else str(message)


def frame_layout(frame: pd.DataFrame) -> ResultsLayout:
    """The layout of a results frame: what :func:`results_frame` stored with it.

    A frame without it (read back from a CSV file, say) gets a guess: every column that is
    not a score, a time, ``order``, ``status`` or ``error`` is a hyperparameter, and the
    ranking metric is ``score`` or else the first metric of the frame.
    """
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict) and f"mean_test_{stored.get('metric')}" in frame.columns:
        params = [p for p in stored["params"] if p in frame.columns]
        return ResultsLayout(params, stored["metric"], list(stored.get("metrics", [])))
    known = {"order", "status", "error", *_TIME_COLUMNS}
    params = [c for c in frame.columns if c not in known and not c.startswith(_SCORE_PREFIXES)]
    metrics = [c[len("mean_test_") :] for c in frame.columns if c.startswith("mean_test_")]
    if not metrics:
        raise ValueError(
            "This is not a results frame: it has no mean_test_<metric> column. "
            "Make one with hptlearn.results_frame(search)."
        )
    return ResultsLayout(params, rank_metric({f"mean_test_{m}": None for m in metrics}), metrics)


def param_columns(frame: pd.DataFrame) -> list[str]:
    """The hyperparameter columns of a results frame, in order."""
    known = {"order", "status", "error", *_TIME_COLUMNS}
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict):
        return [p for p in stored["params"] if p in frame.columns]
    return [c for c in frame.columns if c not in known and not c.startswith(_SCORE_PREFIXES)]


def score_column(frame: pd.DataFrame, prefix: str = "mean_test_") -> str:
    """The column of the metric that ranks the candidates, e.g. ``mean_test_score``.

    With several metrics, the one the search's ``refit`` names (see :func:`rank_metric`),
    as stored by :func:`results_frame`. ``prefix`` picks the kind of column:
    ``"mean_test_"``, ``"std_test_"``, ``"rank_test_"``, ``"mean_train_"``.
    """
    column = f"{prefix}{frame_layout(frame).metric}"
    if column not in frame.columns:
        raise ValueError(
            f"No column {column!r} in this results frame"
            + (
                "; the search kept no train scores (return_train_score=True keeps them)."
                if prefix.startswith(("mean_train_", "std_train_"))
                else "."
            )
        )
    return column


def format_params(params: dict) -> str:
    """Hyperparameters as short readable text: ``C=10, gamma=0.001, kernel='rbf'``."""

    def one(value):
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, (float, np.floating)):
            return f"{float(value):.4g}"
        if isinstance(value, np.integer):
            return str(int(value))
        return str(value)

    return ", ".join(f"{name}={one(value)}" for name, value in params.items())
