"""Distributions for a random search, from what a learner types.

:func:`make_distribution` turns a kind (``"log-uniform"``, ...) and a typed range
(``"1e-3..1e3"``) into the ``scipy.stats`` distribution a random search samples from.
"""

from __future__ import annotations

from hptlearn.syntax import SpaceSyntaxError, parse_range, parse_values

__all__ = ["DISTRIBUTIONS", "make_distribution"]


DISTRIBUTIONS = {
    "uniform": "every value between low and high equally likely, e.g. 0..1",
    "log-uniform": "every factor of ten between low and high equally likely, e.g. 1e-3..1e3",
    "integer": "whole numbers from low to high, each equally likely, e.g. 1..50",
    "categorical": "one of the listed values, each equally likely, e.g. rbf, linear",
}
"""The kinds of distribution :func:`make_distribution` builds, with what they mean."""


def _article(word):
    """The article before a kind: "an integer", but "a uniform" and "a log-uniform"."""
    return "an" if word[0] in "aeio" else "a"


def _bounds(kind, text):
    """``low, high`` from ``"low..high"``, read by :func:`hptlearn.syntax.parse_range`."""
    example = DISTRIBUTIONS[kind].rsplit("e.g. ", 1)[1]
    try:
        low, high = parse_range(text)
    except SpaceSyntaxError as error:
        raise SpaceSyntaxError(
            f"{_article(kind).capitalize()} {kind} distribution needs a range low..high, "
            f"e.g. {example}.\n{error}",
            error.text,
            error.position,
        ) from None
    if low > high:
        raise SpaceSyntaxError(
            f"the range {text.strip()} goes downwards: low must be smaller than high, "
            f"write {high}..{low}",
            text,
        )
    if low == high:
        raise SpaceSyntaxError(
            f"the range {text.strip()} is empty: low must be smaller than high, e.g. {example}",
            text,
        )
    return low, high


def make_distribution(kind: str, text: str):
    """Build what a random search samples one hyperparameter from.

    Parameters
    ----------
    kind : {"uniform", "log-uniform", "integer", "categorical"}
        See :data:`DISTRIBUTIONS`.
    text : str
        ``"low..high"`` for the first three kinds (``integer`` includes both ends), read
        by :func:`hptlearn.syntax.parse_range`, the same grammar as the ranges of
        :func:`hptlearn.syntax.parse_values`; for ``categorical``, values as
        :func:`~hptlearn.syntax.parse_values` reads them.

    Returns
    -------
    scipy.stats frozen distribution, or list
        ``uniform(low, high - low)``, ``loguniform(low, high)``, ``randint(low, high + 1)``,
        or the list of categories (a random search draws from a list uniformly).

    Raises
    ------
    hptlearn.syntax.SpaceSyntaxError
        If the text is not a range ``low..high`` of numbers (or, for ``categorical``,
        values :func:`~hptlearn.syntax.parse_values` reads), if low is not below high,
        if a log-uniform range does not lie above 0, or if an integer range has ends
        that are not whole numbers. The message says what to type instead.
    ValueError
        If ``kind`` is not one of :data:`DISTRIBUTIONS`.

    Examples
    --------
    >>> low, high = make_distribution("log-uniform", "1e-3..1e3").support()
    >>> float(low), float(high)
    (0.001, 1000.0)
    >>> make_distribution("integer", "1..50").rvs(size=3, random_state=0).tolist()
    [45, 48, 1]
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
                text,
            )
        return stats.loguniform(low, high)
    if not (float(low).is_integer() and float(high).is_integer()):
        raise SpaceSyntaxError(
            f"an integer distribution needs whole numbers, e.g. 1..50; got {text.strip()}",
            text,
        )
    return stats.randint(int(low), int(high) + 1)
