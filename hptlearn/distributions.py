"""Distributions for a random search, from what a learner types.

:func:`make_distribution` turns a kind (``"log-uniform"``, ...) and a typed range
(``"1e-3..1e3"``) into the ``scipy.stats`` distribution a random search samples from.
"""

from __future__ import annotations

import numbers

from hptlearn.syntax import SpaceSyntaxError, parse_values

__all__ = ["DISTRIBUTIONS", "make_distribution"]


DISTRIBUTIONS = {
    "uniform": "every value between low and high equally likely, e.g. 0..1",
    "log-uniform": "every factor of ten between low and high equally likely, e.g. 1e-3..1e3",
    "integer": "whole numbers from low to high, each equally likely, e.g. 1..50",
    "categorical": "one of the listed values, each equally likely, e.g. rbf, linear",
}
"""The kinds of distribution :func:`make_distribution` builds, with what they mean."""


def _article(word):
    return "an" if word[0] in "aeiou" else "a"


def _bounds(kind, text):
    example = DISTRIBUTIONS[kind].rsplit("e.g. ", 1)[1]
    parts = str(text).split("..")
    if len(parts) != 2:
        raise SpaceSyntaxError(
            f"{_article(kind)} {kind} distribution needs a range low..high, e.g. {example}; "
            f"got {text!r}",
            str(text),
        )
    bounds = []
    for part in parts:
        values = parse_values(part)
        if len(values) != 1 or not isinstance(values[0], numbers.Real) or isinstance(
            values[0], bool
        ):
            raise SpaceSyntaxError(
                f"{part.strip()!r} is not a number: {_article(kind)} {kind} distribution "
                f"needs a range low..high of numbers, e.g. {example}",
                str(text),
            )
        bounds.append(values[0])
    low, high = bounds
    if not low < high:
        raise SpaceSyntaxError(
            f"the range {text.strip()} is empty: low must be smaller than high, e.g. {example}",
            str(text),
        )
    return low, high


def make_distribution(kind: str, text: str):
    """Build what a random search samples one hyperparameter from.

    Parameters
    ----------
    kind : {"uniform", "log-uniform", "integer", "categorical"}
        See :data:`DISTRIBUTIONS`.
    text : str
        ``"low..high"`` for the first three kinds (``integer`` includes both ends);
        for ``categorical``, values as :func:`parse_values` reads them.

    Returns
    -------
    scipy.stats frozen distribution, or list
        ``uniform(low, high - low)``, ``loguniform(low, high)``, ``randint(low, high + 1)``,
        or the list of categories (a random search draws from a list uniformly).

    Examples
    --------
    >>> make_distribution("log-uniform", "1e-3..1e3").support()
    (0.001, 1000.0)
    >>> make_distribution("categorical", "rbf, linear")
    ['rbf', 'linear']
    """
    from scipy import stats

    if kind not in DISTRIBUTIONS:
        raise ValueError(
            f"unknown distribution {kind!r}; choose one of: {', '.join(DISTRIBUTIONS)}"
        )
    if kind == "categorical":
        return parse_values(text)
    low, high = _bounds(kind, text)
    if kind == "uniform":
        return stats.uniform(low, high - low)
    if kind == "log-uniform":
        if low <= 0:
            raise SpaceSyntaxError(
                f"a log-uniform distribution needs low > 0 (the log of {low:g} is undefined), "
                "e.g. 1e-3..1e3",
                str(text),
            )
        return stats.loguniform(low, high)
    if not (float(low).is_integer() and float(high).is_integer()):
        raise SpaceSyntaxError(
            f"an integer distribution needs whole numbers, e.g. 1..50; got {text.strip()}",
            str(text),
        )
    return stats.randint(int(low), int(high) + 1)
