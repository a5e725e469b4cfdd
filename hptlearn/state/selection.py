"""A selection of candidates by ranges of their hyperparameters (and score), headless.

A *selection* is a dict from an axis name (a hyperparameter, or the score column such as
``mean_test_score``) to either ``[low, high]`` (a closed interval in the axis's own units,
for a numeric axis) or a list of values (for a categorical axis: ``["rbf", "linear"]``).
Several axes combine: a candidate is selected when it is inside every one of them. An
empty selection selects every candidate.

This is what the brushes of :class:`hptlearn.widgets.ParallelCoordinates` hold, but it is
plain data, so everything here works (and is tested) without a browser:

* :func:`check_selection` reads a selection against a results frame (clear errors);
* :func:`selection_mask` / :func:`selected_indices`: which candidates fall inside it;
* :func:`describe_selection`: the sentence a screen reader announces
  ("12 of 60 candidates: C between 0.1 and 10, kernel rbf; scores 0.910 to 0.970");
* :func:`space_from_selection`: the search space narrowed to the selection (lists filtered,
  ranges and distributions narrowed to the selected interval, log-uniform kept log-uniform),
  ready for the next search.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from hptlearn.distributions import LogUniformInt
from hptlearn.results import param_columns, results_frame, score_column
from hptlearn.style import format_score, format_value

__all__ = [
    "axis_kind",
    "check_selection",
    "describe_selection",
    "space_from_selection",
    "selected_indices",
    "selection_mask",
]

#: Relative slack at the ends of an interval, so that a value sitting on a brush's end (read
#: back from pixels, or typed) counts as inside.
_SLACK = 1e-9


def _frame(data) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else results_frame(data)


def _missing(v) -> bool:
    return v is None or (isinstance(v, (float, np.floating)) and np.isnan(v))


def _number(v) -> bool:
    return isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))


def _same(a, b) -> bool:
    if _missing(a) and _missing(b):
        return True
    if isinstance(b, str) and not isinstance(a, str) and format_value(a) == b:
        return True  # a value that JSON cannot carry, named by its label
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def axis_kind(frame: pd.DataFrame, name: str) -> str:
    """``"range"`` for an axis of numbers taking several values, else ``"categories"``.

    >>> frame = pd.DataFrame({"C": [0.1, 1.0, 10.0], "kernel": ["rbf", "rbf", "linear"]})
    >>> axis_kind(frame, "C"), axis_kind(frame, "kernel")
    ('range', 'categories')
    """
    present = [v for v in frame[name] if not _missing(v)]
    numeric = bool(present) and all(_number(v) for v in present)
    return "range" if numeric and len(set(map(float, present))) > 1 else "categories"


def _axes(frame) -> list[str]:
    return [*param_columns(frame), *(c for c in frame.columns if c.startswith("mean_test_"))]


def check_selection(data, selection) -> dict:
    """``selection`` checked against the candidates of ``data``, in a normal form.

    Ranges become ``[low, high]`` floats (ends swapped if given high first); categories a
    list. Raises ``ValueError`` naming the axis and what it expects.

    >>> frame = pd.DataFrame({"C": [0.1, 1.0, 10.0], "mean_test_score": [0.8, 0.9, 0.7],
    ...                       "status": ["ok"] * 3})
    >>> check_selection(frame, {"C": (10, 0.5)})
    {'C': [0.5, 10.0]}
    """
    frame = _frame(data)
    if selection is None:
        return {}
    if not isinstance(selection, Mapping):
        raise ValueError(
            "A selection is a dict from an axis name to [low, high] or a list of values, "
            f"e.g. {{'C': [0.1, 10], 'kernel': ['rbf']}}; got {type(selection).__name__}."
        )
    axes = _axes(frame)
    checked = {}
    for name, value in selection.items():
        if name not in axes:
            raise ValueError(
                f"{name!r} is not an axis of these results; the axes are: {', '.join(axes)}."
            )
        if axis_kind(frame, name) == "range":
            if (
                isinstance(value, (str, bytes))
                or not isinstance(value, Sequence | np.ndarray)
                or len(value) != 2
                or not all(_number(v) and math.isfinite(v) for v in value)
            ):
                raise ValueError(
                    f"{name!r} is a numeric axis: select it with [low, high] "
                    f"(two finite numbers, e.g. [0.1, 10]); got {value!r}."
                )
            low, high = sorted(float(v) for v in value)
            checked[name] = [low, high]
        else:
            values = list(value) if isinstance(value, Sequence | np.ndarray) else None
            if values is None or isinstance(value, (str, bytes)):
                raise ValueError(
                    f"{name!r} is a categorical axis: select it with a list of its values "
                    f"(e.g. [{format_value(frame[name].iloc[0])!r}]); got {value!r}."
                )
            checked[name] = values
    return checked


def _inside(value, low, high) -> bool:
    if _missing(value) or not _number(value):
        return False
    slack = _SLACK * max(1.0, abs(low), abs(high))
    return low - slack <= float(value) <= high + slack


def selection_mask(data, selection) -> np.ndarray:
    """A boolean array, one entry per candidate (row of the results frame): selected or not.

    A candidate without a value on a selected axis (its sub-space lacks that hyperparameter,
    or it failed and has no score) is outside.
    """
    frame = _frame(data)
    selection = check_selection(frame, selection)
    mask = np.ones(len(frame), dtype=bool)
    for name, value in selection.items():
        column = list(frame[name])
        if axis_kind(frame, name) == "range":
            low, high = value
            keep = [_inside(v, low, high) for v in column]
        else:
            keep = [not _missing(v) and any(_same(v, c) for c in value) for v in column]
        mask &= np.asarray(keep, dtype=bool)
    return mask


def selected_indices(data, selection) -> list[int]:
    """The indices of the selected candidates (their place in ``cv_results_``, the frame's
    ``order`` column)."""
    frame = _frame(data)
    mask = selection_mask(frame, selection)
    order = frame["order"] if "order" in frame.columns else pd.Series(range(len(frame)))
    return [int(i) for i in np.asarray(order)[mask]]


def _round(value: float) -> str:
    """An interval end as read off an axis: two significant digits."""
    if value == 0:
        return "0"
    digits = 2 - int(math.floor(math.log10(abs(value)))) - 1
    return format_value(round(float(value), digits))


def describe_selection(data, selection, *, score=None) -> str:
    """The selection in one sentence: how many candidates, which ranges, which scores.

    >>> frame = pd.DataFrame({"C": [0.1, 1.0, 10.0, 100.0], "kernel": ["rbf", "rbf",
    ...     "linear", "rbf"], "mean_test_score": [0.81, 0.93, 0.9, 0.88],
    ...     "status": ["ok"] * 4})
    >>> describe_selection(frame, {"C": [0.5, 120], "kernel": ["rbf"]})
    '2 of 4 candidates: C between 0.5 and 120, kernel rbf; scores 0.880 to 0.930'
    >>> describe_selection(frame, {})
    '4 of 4 candidates (no range selected); scores 0.810 to 0.930'
    """
    frame = _frame(data)
    selection = check_selection(frame, selection)
    score = score or score_column(frame)
    mask = selection_mask(frame, selection)
    n, total = int(mask.sum()), len(frame)
    parts = []
    for name, value in selection.items():
        label = "score" if name == score else name
        if axis_kind(frame, name) == "range":
            low, high = value
            if name == score:
                parts.append(f"{label} between {format_score(low)} and {format_score(high)}")
            else:
                parts.append(f"{label} between {_round(low)} and {_round(high)}")
        elif value:
            parts.append(f"{label} " + " or ".join(format_value(v) for v in value))
        else:
            parts.append(f"{label} (no value)")
    text = f"{n} of {total} candidates"
    text += ": " + ", ".join(parts) if parts else " (no range selected)"
    chosen = frame.loc[mask]
    scores = chosen[score].astype(float)
    failed = (chosen["status"] == "failed") if "status" in chosen.columns else scores.isna()
    finite = scores[~failed.to_numpy() & np.isfinite(scores.to_numpy())]
    if len(finite):
        low, high = finite.min(), finite.max()
        text += f"; scores {format_score(low)} to {format_score(high)}"
    elif n:
        text += "; no score"
    if failed.any():
        text += f"; {int(failed.sum())} failed"
    return text


# --------------------------------------------------------------------------------------
# Refining a space
# --------------------------------------------------------------------------------------


def _is_score(name: str) -> bool:
    return name.startswith(("mean_test_", "mean_train_"))


def _narrow(name, values, chosen):
    """One entry of a space narrowed to ``chosen`` ([low, high] or a list); None when
    nothing of it is left."""
    is_range = (
        len(chosen) == 2
        and all(_number(v) for v in chosen)
        and not (isinstance(values, Sequence) and not any(_number(v) for v in values))
    )
    if isinstance(values, Sequence) and not isinstance(values, str):
        if is_range:
            low, high = sorted(float(v) for v in chosen)
            kept = [v for v in values if _inside(v, low, high)]
        else:
            kept = [v for v in values if any(_same(v, c) for c in chosen)]
        return kept or None
    if isinstance(values, np.ndarray):
        return _narrow(name, list(values), chosen)
    if not hasattr(values, "rvs"):
        raise ValueError(f"{name!r}: cannot refine {values!r} (a list or a distribution).")
    if not is_range:
        raise ValueError(f"{name!r} is a distribution: select it with [low, high], not {chosen!r}.")
    low, high = sorted(float(v) for v in chosen)
    if isinstance(values, LogUniformInt):
        a, b = max(values.low, math.ceil(low)), min(values.high, math.floor(high))
        return LogUniformInt(a, b) if a <= b else None
    from scipy import stats

    kind = getattr(getattr(values, "dist", None), "name", None)
    a, b = (float(v) for v in values.support())
    if kind in ("loguniform", "reciprocal"):
        a, b = max(a, low), min(b, high)
        return stats.loguniform(a, b) if 0 < a < b else None
    if kind == "uniform":
        a, b = max(a, low), min(b, high)
        return stats.uniform(a, b - a) if a < b else None
    if kind == "randint":
        a, b = max(int(a), math.ceil(low)), min(int(b), math.floor(high))
        return stats.randint(a, b + 1) if a <= b else None
    raise ValueError(
        f"{name!r}: cannot narrow a {kind or type(values).__name__} distribution to an "
        "interval; use a list, scipy.stats.uniform, loguniform or randint, or LogUniformInt."
    )


def space_from_selection(selection_or_widget, space):
    """The search space narrowed to a selection, for the next search.

    Parameters
    ----------
    selection_or_widget : dict or object with a ``selection`` attribute
        A selection (see the module's docstring), or a widget holding one
        (:class:`hptlearn.widgets.ParallelCoordinates`).
    space : dict or list of dicts
        A ``param_grid`` or ``param_distributions``.

    Returns
    -------
    dict or list of dicts
        A new space of the same shape: lists keep only the selected values; a
        distribution is narrowed to the selected interval (``loguniform`` stays
        ``loguniform``, ``randint`` and :class:`~hptlearn.distributions.LogUniformInt`
        keep whole numbers). Axes of the score are ignored. In a list of dicts, a dict
        that lacks a selected hyperparameter, or keeps none of its values, is dropped.

    Raises
    ------
    ValueError
        When a selected hyperparameter is in no part of the space, or nothing is left.

    Examples
    --------
    >>> space_from_selection({"C": [0.5, 20], "kernel": ["rbf"]},
    ...              {"C": [0.1, 1, 10, 100], "kernel": ["rbf", "linear"]})
    {'C': [1, 10], 'kernel': ['rbf']}
    """
    selection = getattr(selection_or_widget, "selection", selection_or_widget)
    if selection is None:
        selection = {}
    if not isinstance(selection, Mapping):
        raise ValueError(
            f"space_from_selection needs a selection dict or a widget; got {selection!r}."
        )
    single = isinstance(space, Mapping)
    parts = [space] if single else list(space)
    if not parts or not all(isinstance(p, Mapping) for p in parts):
        raise ValueError("space must be a dict or a list of dicts (a param_grid or distributions).")
    chosen = {k: v for k, v in selection.items() if not _is_score(k)}
    for name in chosen:
        if not any(name in part for part in parts):
            raise ValueError(
                f"{name!r} is selected but is not in the space; the space has: "
                f"{', '.join(dict.fromkeys(k for p in parts for k in p))}."
            )
    refined = []
    for part in parts:
        if not all(name in part for name in chosen):
            continue
        new = {k: copy.deepcopy(v) for k, v in part.items()}
        for name, value in chosen.items():
            narrowed = _narrow(name, part[name], list(value))
            if narrowed is None:
                new = None
                break
            new[name] = narrowed
        if new is not None:
            refined.append(new)
    if not refined:
        raise ValueError(
            "Nothing of the space is left in this selection ("
            + ", ".join(f"{k} {v}" for k, v in chosen.items())
            + "): widen it."
        )
    return refined[0] if single else refined
