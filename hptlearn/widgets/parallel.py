"""Parallel coordinates you can brush: :class:`ParallelCoordinates`.

An `anywidget <https://anywidget.dev>`_ whose front end is the small ES module
``static/parallel_coordinates.js`` shipped in the package (plain SVG, nothing loaded from
the network). Python computes everything it draws (the data step of
:func:`hptlearn.plots.search.parallel_coordinates_data`, its readable ticks, the colours of
:mod:`hptlearn.style`) and sends it as one ``data`` trait; the front end draws it and sends
the brushes back as the ``selection`` trait. Which candidates a selection holds, its
description and the refined space come from :mod:`hptlearn.state.selection`.
"""

from __future__ import annotations

import math
from pathlib import Path

import anywidget
import numpy as np
import traitlets
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex

from hptlearn.plots._common import frame_of
from hptlearn.plots.search import _readable_ticks, parallel_coordinates_data
from hptlearn.state.selection import (
    axis_kind,
    check_selection,
    describe_selection,
    selected_indices,
    space_from_selection,
)
from hptlearn.style import (
    AXIS_COLOR,
    INK,
    MUTED_COLOR,
    PAPER,
    REFERENCE_COLOR,
    SCORE_CMAP,
    VALIDATION_COLOR,
    format_score,
    format_value,
    score_label,
)

__all__ = ["ParallelCoordinates"]

STATIC = Path(__file__).parent / "static"


def _plain(value):
    """A value JSON carries as itself, or its label."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return format_value(value)


def _is_log(values) -> bool:
    """True for a scipy ``loguniform`` or a :class:`~hptlearn.distributions.LogUniformInt`."""
    name = getattr(getattr(values, "dist", None), "name", None)
    return name in ("loguniform", "reciprocal") or type(values).__name__ == "LogUniformInt"


def _log_in_space(space, name) -> bool:
    parts = [space] if isinstance(space, dict) else list(space or [])
    return any(isinstance(p, dict) and name in p and _is_log(p[name]) for p in parts)


def _search_space(search):
    return getattr(search, "param_distributions", None) or getattr(search, "param_grid", None)


class ParallelCoordinates(anywidget.AnyWidget):
    """Every candidate of a search as a line across one axis per hyperparameter and one
    for the score, coloured by score; drag on any axis to select a range.

    Parameters
    ----------
    search_or_results : fitted search, its ``cv_results_``, or a results frame
    params : list of str, optional
        The hyperparameters to draw (default: all).
    space : dict or list of dicts, optional
        The search space (default: the search's ``param_distributions`` or
        ``param_grid``): a hyperparameter drawn from ``loguniform`` gets a log axis even
        when its sampled values span less than two decades.
    score : str, optional
        The score column (default: the one that ranks the candidates).
    cmap : str, default :data:`hptlearn.style.SCORE_CMAP`
    selection : dict, optional
        A selection to start with (see :mod:`hptlearn.state.selection`).

    Attributes
    ----------
    selection : dict
        Axis name -> ``[low, high]`` (in the axis's units) or a list of categories. Set it
        from Python and the brushes follow.
    selected_indices : list of int
        The selected candidates (their index in ``cv_results_``).
    description : str
        The selection in words, also announced by screen readers.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"order": [0, 1, 2], "C": [0.1, 1.0, 10.0],
    ...     "mean_test_score": [0.8, 0.9, 0.85], "status": ["ok"] * 3})
    >>> widget = ParallelCoordinates(frame)
    >>> widget.selection = {"C": [0.5, 20]}
    >>> widget.selected_indices, widget.description
    ([1, 2], '2 of 3 candidates: C between 0.5 and 20; scores 0.850 to 0.900')
    """

    _esm = STATIC / "parallel_coordinates.js"
    _css = STATIC / "parallel_coordinates.css"

    data = traitlets.Dict().tag(sync=True)
    selection = traitlets.Dict().tag(sync=True)
    selected_indices = traitlets.List(traitlets.Int()).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        search_or_results,
        params=None,
        *,
        space=None,
        score=None,
        cmap=SCORE_CMAP,
        selection=None,
        **kwargs,
    ):
        frame = frame_of(search_or_results).reset_index(drop=True)
        self._frame = frame
        self._space = space if space is not None else _search_space(search_or_results)
        d = parallel_coordinates_data(frame, params, score=score)
        self._score = d.axes[-1]
        super().__init__(data=self._payload(frame, d, cmap), **kwargs)
        self.selection = dict(selection or {})
        self._update()

    # -- the data the front end draws --------------------------------------------------

    def _payload(self, frame, d, cmap) -> dict:
        colormap = colormaps[cmap] if isinstance(cmap, str) else cmap
        finite = d.scores[np.isfinite(d.scores)]
        lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
        norm = Normalize(lo, hi if hi > lo else lo + 1e-9)
        positions = d.positions.copy()
        axes = []
        for k, name in enumerate(d.axes):
            column = list(frame[name])
            present = [v for v in column if v is not None and not _nan(v)]
            is_score = k == len(d.axes) - 1
            numeric = not is_score and axis_kind(frame, name) == "range"
            ticks = [[float(p), str(label)] for p, label in d.ticks[k]]
            axis = {"name": name, "label": name, "kind": "linear", "categories": []}
            if is_score:
                axis.update(label=score_label(name), lo=lo, hi=hi if hi > lo else lo + 1.0)
                ticks = [[float(p), str(t)] for p, t in _readable_ticks(lo, hi, False)]
                if hi <= lo:
                    ticks = [[0.0, format_score(lo)]]
            elif numeric:
                low, high = float(min(present)), float(max(present))
                log = name in d.log_axes
                if not log and low > 0 and _log_in_space(self._space, name):
                    log = True  # the space is log: so is the axis
                    a, b = math.log10(low), math.log10(high)
                    positions[:, k] = [
                        np.nan if v is None or _nan(v) else (math.log10(float(v)) - a) / (b - a)
                        for v in column
                    ]
                    ticks = [[float(p), str(t)] for p, t in _readable_ticks(low, high, True)]
                axis.update(kind="log" if log else "linear", lo=low, hi=high)
            else:
                axis["kind"] = "categorical"
                categories = []
                for p, _ in d.ticks[k]:
                    value = next(
                        v for i, v in enumerate(column) if abs(positions[i, k] - p) < 1e-12
                    )
                    categories.append([float(p), _plain(value), format_value(value)])
                axis["categories"] = categories
            if not is_score and axis["kind"] == "log":
                axis["label"] = f"{name} (log)"
            axis["ticks"] = ticks
            axes.append(axis)
        lines = [[None if _nan(p) else round(float(p), 6) for p in row] for row in positions]
        colors = [
            None if failed or not np.isfinite(s) else to_hex(colormap(norm(s)))
            for s, failed in zip(d.scores, d.failed, strict=True)
        ]
        order = frame["order"] if "order" in frame else range(len(frame))
        n_failed = int(d.failed.sum())
        note = (
            f"{n_failed} failed candidate{'s' if n_failed != 1 else ''}: grey dashed, no score."
            if n_failed
            else ""
        )
        return {
            "axes": axes,
            "lines": lines,
            "colors": colors,
            "failed": [bool(f) for f in d.failed],
            "order": [int(i) for i in order],
            "colormap": [to_hex(colormap(x)) for x in np.linspace(0, 1, 9)],
            "note": note,
            "style": {
                "axis": to_hex(AXIS_COLOR),
                "ink": to_hex(INK),
                "paper": to_hex(PAPER),
                "muted": to_hex(MUTED_COLOR),
                "failed": to_hex(REFERENCE_COLOR),
                "brush": to_hex(VALIDATION_COLOR),
            },
        }

    # -- selection ---------------------------------------------------------------------

    @traitlets.validate("selection")
    def _check_selection(self, proposal):
        try:
            return check_selection(self._frame, proposal["value"])
        except ValueError as error:
            raise traitlets.TraitError(str(error)) from None

    @traitlets.observe("selection")
    def _on_selection(self, change):
        self._update()

    def _update(self):
        self.selected_indices = selected_indices(self._frame, self.selection)
        self.description = describe_selection(self._frame, self.selection, score=self._score)

    @property
    def frame(self):
        """The results frame the widget draws (one row per candidate)."""
        return self._frame

    @property
    def selected(self):
        """The selected candidates, as rows of the results frame."""
        chosen = set(self.selected_indices)
        order = self._frame["order"] if "order" in self._frame else self._frame.index
        return self._frame[[int(i) in chosen for i in order]]

    def refine_space(self, space=None):
        """The search's space narrowed to the selection (see
        :func:`hptlearn.state.selection.space_from_selection`)."""
        space = self._space if space is None else space
        if space is None:
            raise ValueError("No space known: pass the space, refine_space(space).")
        return space_from_selection(self.selection, space)


def _nan(v) -> bool:
    return isinstance(v, (float, np.floating)) and np.isnan(v)
