"""The one place where hptlearn's colours, markers, colour maps and number formats live.

Figures and apps import from here; nothing else defines a colour.

* Figures use the Okabe-Ito palette (:data:`OKABE_ITO`), which stays distinguishable for
  the common forms of colour blindness; series also differ by marker and line style, so
  they read in grey.
* App messages use :data:`ERROR_COLOR`, :data:`WARNING_COLOR` and :data:`OK_COLOR`: dark
  tones chosen for text on a white background (contrast ratio above 5:1, WCAG AA).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "format_duration",
    "format_table_number",
    "AXIS_COLOR",
    "BEST_COLOR",
    "BEST_ROW_COLOR",
    "ERROR_COLOR",
    "FAILED_COLOR",
    "MARKERS",
    "LINE_STYLES",
    "MUTED_COLOR",
    "OKABE_ITO",
    "OK_COLOR",
    "INK",
    "PAPER",
    "REFERENCE_COLOR",
    "SCORE_CMAP",
    "STRATEGY_STYLE",
    "EXTRA_COLORS",
    "TRAIN_COLOR",
    "VALIDATION_COLOR",
    "WARNING_COLOR",
    "WEIGHT_CMAP",
    "color",
    "format_score",
    "format_setting",
    "format_value",
    "marker",
    "score_label",
    "strategy_style",
]

#: Okabe-Ito colours: blue, orange, bluish green, vermillion, reddish purple, sky blue,
#: yellow, black.
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
#: Two colours beyond the eight of Okabe-Ito, for the strategies that the palette cannot
#: cover once vermillion and yellow keep their own meaning: Paul Tol's "muted" wine and
#: olive (also chosen to stay apart for the common forms of colour blindness).
EXTRA_COLORS = ("#882255", "#999933")
#: Marker shapes, one per series, in the order of :data:`OKABE_ITO`.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Line styles, for series that must also differ in grey.
LINE_STYLES = ("-", "--", ":", "-.")

#: Validation (cross-validated) scores, and training scores, in every figure.
VALIDATION_COLOR = OKABE_ITO[0]
TRAIN_COLOR = OKABE_ITO[1]
#: Marks of failed candidates in figures (vermillion).
FAILED_COLOR = OKABE_ITO[3]
#: The mark of the best candidate or trial (yellow, with a black edge).
BEST_COLOR = OKABE_ITO[6]
#: The background of the best row of a table (a light tint of :data:`BEST_COLOR`; black
#: text on it keeps a contrast ratio above 15:1).
BEST_ROW_COLOR = "#fbf7cf"
#: Secondary text and lines in figures, and the descriptions under the apps' figures (grey,
#: written in hex so that HTML reads it too; 5.7:1 contrast on white).
MUTED_COLOR = "#666666"
#: Reference lines (zero lines) and the lines of failed candidates (light grey).
REFERENCE_COLOR = "0.6"
#: Axis lines drawn inside a figure (dark grey).
AXIS_COLOR = "0.3"
#: Outlines, boundaries and text on light backgrounds; and the light background itself.
INK = "black"
PAPER = "white"

#: Colour map of scores (sequential, perceptually uniform, readable in grey).
SCORE_CMAP = "viridis"
#: Colour map of learned weights: diverging, negative blue, zero white, positive red.
WEIGHT_CMAP = "RdBu_r"

#: Message colours of the apps (text on white): error, warning, success.
ERROR_COLOR = "#b2182b"
WARNING_COLOR = "#8c510a"
OK_COLOR = "#1b7837"

#: How each search strategy is drawn in every figure: a colour, a marker and a line style,
#: fixed per strategy so that a strategy looks the same in every figure. Vermillion
#: (failed candidates) and yellow (the best one) are kept for their own meaning.
STRATEGY_STYLE = {
    "grid": dict(color=OKABE_ITO[0], marker="s", linestyle="-"),
    "random": dict(color=OKABE_ITO[1], marker="^", linestyle="--"),
    "quasi-random": dict(color=OKABE_ITO[2], marker="D", linestyle=":"),
    "halving-grid": dict(color=OKABE_ITO[4], marker="v", linestyle="-."),
    "halving-random": dict(color=OKABE_ITO[5], marker="P", linestyle="-."),
    "bayes": dict(color=OKABE_ITO[7], marker="X", linestyle="-"),
    "hyperband": dict(color=EXTRA_COLORS[0], marker="h", linestyle="--"),
    "asha": dict(color=EXTRA_COLORS[1], marker="*", linestyle=":"),
}


def color(i: int) -> str:
    """The ``i``-th colour of the palette (cycling)."""
    return OKABE_ITO[i % len(OKABE_ITO)]


def marker(i: int) -> str:
    """The ``i``-th marker shape (cycling)."""
    return MARKERS[i % len(MARKERS)]


def strategy_style(strategy: str, i: int) -> dict:
    """Colour, marker and line style of a strategy; ``i`` its position, for unknown ones.

    >>> strategy_style("grid", 0)["marker"]
    's'
    >>> strategy_style("bayes", 0)["color"] == OKABE_ITO[7]
    True
    >>> strategy_style("a strategy of one's own", 0)["color"] == OKABE_ITO[2]
    True
    """
    return STRATEGY_STYLE.get(strategy, dict(color=color(i + 2), marker="o", linestyle=":"))


def format_duration(seconds: float) -> str:
    """A duration as a person says it.

    >>> format_duration(0.4), format_duration(42), format_duration(600), format_duration(9000)
    ('under a second', '42 s', '10 min', '2.5 h')
    """
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def format_table_number(value: float) -> str:
    """A number in a results table: 4 significant digits.

    >>> format_table_number(0.987654), format_table_number(12345.6)
    ('0.9877', '1.235e+04')
    """
    return f"{value:.4g}"


def format_value(value) -> str:
    """A hyperparameter value as a short label, in figures, messages and tables: floats
    in ``%g`` (6 significant digits), the rest as ``str``.

    >>> format_value(0.001), format_value(10.0), format_value("rbf"), format_value(3)
    ('0.001', '10', 'rbf', '3')
    >>> format_value(0.123456789), format_value(True), format_value(None)
    ('0.123457', 'True', 'None')
    """
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def format_setting(values: dict) -> str:
    """Hyperparameter values as ``name=value`` pairs (:func:`format_value`).

    >>> format_setting({"C": 10.0, "gamma": 0.01})
    'C=10, gamma=0.01'
    """
    return ", ".join(f"{name}={format_value(value)}" for name, value in values.items())


def format_score(score: float) -> str:
    """A score as written in figures: three decimals.

    >>> format_score(0.97333)
    '0.973'
    """
    return f"{score:.3f}"


def score_label(column: str) -> str:
    """The axis label of a score column.

    >>> score_label("mean_test_score"), score_label("mean_test_recall_macro")
    ('mean CV score', 'mean CV recall_macro')
    """
    name = column.removeprefix("mean_test_")
    return "mean CV score" if name == "score" else f"mean CV {name}"
