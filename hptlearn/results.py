"""``cv_results_`` as a tidy pandas DataFrame: one row per candidate.

scikit-learn's ``cv_results_`` is a dict of arrays with one entry per candidate; its
hyperparameter columns are masked arrays named ``param_<name>``. A learner reads it
better as a table with a column per hyperparameter, the scores, the times, the rank, the
order in which the candidates were evaluated and whether their fits failed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["format_params", "param_columns", "rank_metric", "results_frame", "score_column"]

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


def results_frame(data, *, sort: bool = False) -> pd.DataFrame:
    """One row per candidate of a search, in the order they were evaluated.

    Parameters
    ----------
    data : fitted search or dict
        A fitted ``GridSearchCV``/``RandomizedSearchCV`` (or live variant), or its
        ``cv_results_``.
    sort : bool, default=False
        Sort by rank (best first) instead of evaluation order.

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
    """
    cv_results, fit_errors = _cv_results(data)
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

    score_keys = [
        k
        for k in cv_results
        if k.startswith(("mean_test_", "std_test_", "rank_test_", "mean_train_", "std_train_"))
    ]
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

    if sort:
        rank = score_column(frame, prefix="rank_test_")
        frame = frame.sort_values([rank, "order"], kind="stable").reset_index(drop=True)
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


def param_columns(frame: pd.DataFrame) -> list[str]:
    """The hyperparameter columns of a results frame, in order."""
    known = {"order", "status", "error", *_TIME_COLUMNS}
    return [
        c
        for c in frame.columns
        if c not in known
        and not c.startswith(("mean_test_", "std_test_", "rank_test_", "mean_train_", "std_train_"))
    ]


def score_column(frame: pd.DataFrame, prefix: str = "mean_test_") -> str:
    """The main score column: ``mean_test_score``, or the first metric's for several."""
    if f"{prefix}score" in frame.columns:
        return f"{prefix}score"
    candidates = [c for c in frame.columns if c.startswith(prefix)]
    if not candidates:
        raise ValueError(f"No column starting with {prefix!r} in this results frame.")
    return candidates[0]


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
