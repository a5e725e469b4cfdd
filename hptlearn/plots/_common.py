"""Helpers shared by the figures of searches and comparisons: reading a results frame,
sorting and comparing hyperparameter values, choosing axis scales. No drawing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hptlearn.results import param_columns, results_frame
from hptlearn.style import format_value


def frame_of(data) -> pd.DataFrame:
    """A results frame of ``data``: a fitted search, its ``cv_results_`` or a frame."""
    return data if isinstance(data, pd.DataFrame) else results_frame(data)


def check_param(frame, name, role):
    params = param_columns(frame)
    if name not in params:
        raise ValueError(
            f"{role}={name!r} is not a hyperparameter of this search; "
            f"its hyperparameters are: {', '.join(params) or '(none)'}."
        )


def sorted_values(series):
    values = list(dict.fromkeys(v for v in series if not is_missing(v)))
    try:
        return sorted(values)
    except TypeError:  # mixed types: keep evaluation order
        return values


def is_missing(v):
    return v is None or (isinstance(v, float) and np.isnan(v))


def same(a, b):
    if is_missing(a) and is_missing(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def is_log_spaced(values):
    v = [x for x in values if isinstance(x, (int, float)) and not isinstance(x, bool)]
    if len(v) < 3 or len(v) != len(values) or min(v) <= 0:
        return False
    return max(v) / min(v) >= 100


def fixed_others(frame, params, score, others):
    """Rows to draw when other hyperparameters vary, and a note saying so."""
    if others not in ("best", "mean"):
        raise ValueError(f"others must be 'best' or 'mean', got {others!r}.")
    rest = [p for p in param_columns(frame) if p not in params]
    if not rest:
        return frame, ""
    if others == "mean":
        return frame, "averaged over " + ", ".join(rest)
    ok = frame[frame["status"] == "ok"]
    best = ok.loc[ok[score].idxmax()] if len(ok) else frame.iloc[0]
    keep = np.ones(len(frame), dtype=bool)
    for p in rest:
        keep &= frame[p].apply(lambda v, b=best[p]: same(v, b)).to_numpy()
    return frame[keep], "others at best: " + ", ".join(f"{p}={format_value(best[p])}" for p in rest)


def is_numeric(values):
    return bool(values) and all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
        for v in values
    )


def new_axes(ax, figsize):
    """``ax``, or the Axes of a new figure of ``figsize`` when ``ax`` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def panel_axes(ax, n, what, **subplots_kw):
    """The Axes of a several-panel figure, as a 1-D object array of length ``n``.

    ``ax`` is None (a new figure with one row of ``n`` panels, ``subplots_kw`` passed to
    ``plt.subplots``) or a sequence of exactly ``n`` Axes (nested sequences, such as a 2-D
    array from ``subplots``, are flattened). ``what`` names a panel, for the error message.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, grid = plt.subplots(1, n, squeeze=False, **subplots_kw)
        return grid[0]
    axes = np.asarray(ax, dtype=object).ravel()
    if len(axes) != n:
        raise ValueError(
            f"This figure draws {n} panels (one per {what}), so ax must be None or a "
            f"sequence of {n} axes; got {len(axes)}."
        )
    return axes
