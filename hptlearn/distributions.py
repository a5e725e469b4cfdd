"""Distributions for a random search, from what a learner types, and quasi-random sampling.

:func:`make_distribution` turns a kind (``"log-uniform"``, ...) and a typed range
(``"1e-3..1e3"``) into the ``scipy.stats`` distribution a random search samples from.
:class:`LogUniformInt` is the one distribution scipy lacks: whole numbers spread evenly
over factors of ten (``n_estimators``, ``hidden_layer_sizes``).
:class:`QuasiRandomParameterSampler` draws candidates from the same spaces as scikit-learn's
``ParameterSampler``, but from scrambled Sobol points instead of independent random numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from hptlearn.syntax import SpaceSyntaxError, parse_range, parse_values

__all__ = [
    "DISTRIBUTIONS",
    "LogUniformInt",
    "QuasiRandomParameterSampler",
    "is_integer_distribution",
    "make_distribution",
]

MAX_INTEGER = 2**53
"""The largest end an integer distribution accepts (in absolute value): 2**53 =
9007199254740992, the largest whole number up to which every whole number is a float.
Integer distributions are drawn through float quantiles (``ppf``), and numpy's int64
overflows at 2**63: beyond 2**53 the draws are no longer the whole numbers of the range."""


DISTRIBUTIONS = {
    "uniform": "every value between low and high equally likely, e.g. 0..1",
    "log-uniform": "every factor of ten between low and high equally likely, e.g. 1e-3..1e3",
    "integer": "whole numbers from low to high, each equally likely, e.g. 1..50",
    "log-integer": "whole numbers from low to high, each factor of ten equally likely, "
    "e.g. 1..1000",
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
    kind : {"uniform", "log-uniform", "integer", "log-integer", "categorical"}
        See :data:`DISTRIBUTIONS`.
    text : str
        ``"low..high"`` for the numeric kinds (the integer kinds include both ends), read
        by :func:`hptlearn.syntax.parse_range`, the same grammar as the ranges of
        :func:`hptlearn.syntax.parse_values`; for ``categorical``, values as
        :func:`~hptlearn.syntax.parse_values` reads them.

    Returns
    -------
    scipy.stats frozen distribution, or list
        ``uniform(low, high - low)``, ``loguniform(low, high)``, ``randint(low, high + 1)``,
        ``LogUniformInt(low, high)``, or the list of categories (a random search draws
        from a list uniformly).

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
    if kind in ("log-uniform", "log-integer"):
        if low <= 0:
            raise SpaceSyntaxError(
                f"a {kind} distribution needs low > 0 (the log of {low:g} is undefined), "
                f"e.g. {DISTRIBUTIONS[kind].rsplit('e.g. ', 1)[1]}",
                text,
            )
        if kind == "log-uniform":
            return stats.loguniform(low, high)
    if not (float(low).is_integer() and float(high).is_integer()):
        raise SpaceSyntaxError(
            f"an integer distribution needs whole numbers, e.g. 1..50; got {text.strip()}",
            text,
        )
    if max(abs(low), abs(high)) > MAX_INTEGER:
        raise SpaceSyntaxError(
            f"{_article(kind)} {kind} distribution takes ends between -2**53 and 2**53 "
            f"({MAX_INTEGER:,}), the whole numbers a float holds exactly; got "
            f"{text.strip()}: use a smaller range, or a log-uniform distribution of floats",
            text,
        )
    if kind == "log-integer":
        return LogUniformInt(int(low), int(high))
    return stats.randint(int(low), int(high) + 1)


class LogUniformInt:
    """Whole numbers from ``low`` to ``high`` (both included), log-uniformly spread.

    The integer counterpart of ``scipy.stats.loguniform``: a value is ``floor(x)`` for
    ``x`` log-uniform on ``[low, high + 1)``, so each factor of ten gets about the same
    chance (1..1000: 1-9, 10-99 and 100-999 each about a third). It has what a search
    needs: ``rvs`` (random and Bayesian search), ``ppf`` (quasi-random search) and
    ``support``.

    Examples
    --------
    >>> dist = LogUniformInt(1, 1000)
    >>> dist.support()
    (1, 1000)
    >>> [int(v) for v in dist.ppf([0.0, 0.5, 0.999])]
    [1, 31, 994]
    """

    def __init__(self, low: int, high: int):
        if not (float(low).is_integer() and float(high).is_integer()) or not 0 < low <= high:
            raise ValueError(
                f"LogUniformInt needs whole numbers 0 < low <= high; got low={low!r}, high={high!r}"
            )
        if high > MAX_INTEGER:
            raise ValueError(
                f"LogUniformInt takes high <= 2**53 ({MAX_INTEGER:,}), the whole numbers a "
                f"float holds exactly (its draws go through float quantiles); got high={high!r}"
            )
        self.low, self.high = int(low), int(high)

    def __repr__(self):
        return f"LogUniformInt({self.low}, {self.high})"

    def __eq__(self, other):
        return isinstance(other, LogUniformInt) and self.support() == other.support()

    def __hash__(self):
        return hash((LogUniformInt, self.low, self.high))

    def support(self) -> tuple[int, int]:
        """The smallest and largest value."""
        return self.low, self.high

    def ppf(self, q):
        """The value at quantile ``q`` (between 0 and 1)."""
        q = np.asarray(q, dtype=float)
        log_low, log_high = math.log(self.low), math.log(self.high + 1)
        values = np.floor(np.exp(log_low + q * (log_high - log_low)))
        return np.clip(values, self.low, self.high).astype(np.int64)

    def rvs(self, size=None, random_state=None):
        """Random values, as ``scipy.stats`` distributions draw them."""
        from sklearn.utils import check_random_state

        rng = check_random_state(random_state)
        q = rng.uniform(size=size)
        values = self.ppf(q)
        return int(values) if size is None else values


def is_integer_distribution(dist) -> bool:
    """True when a distribution draws whole numbers (``randint``, :class:`LogUniformInt`)."""
    if isinstance(dist, LogUniformInt):
        return True
    from scipy import stats

    return isinstance(getattr(dist, "dist", None), stats.rv_discrete)


def _is_distribution(values) -> bool:
    return hasattr(values, "rvs")


class QuasiRandomParameterSampler:
    """Candidates from scrambled Sobol points: space-filling without a grid.

    The same spaces as scikit-learn's ``ParameterSampler`` (a dict, or a list of dicts, of
    name -> distribution or list), but the ``n_iter`` points come from a scrambled Sobol
    sequence (``scipy.stats.qmc.Sobol``) in the unit cube, one coordinate per
    hyperparameter, mapped through each distribution's quantiles (``ppf``): a list of
    ``k`` values splits its coordinate into ``k`` equal parts. Where random points clump
    and leave gaps, Sobol points fill the space evenly: with ``n_iter`` a power of two,
    each of the ``n_iter`` equal slices of every coordinate holds exactly one point.

    A list of dicts gets its candidates in turn (candidate ``i`` from dict ``i % k``), each
    dict from its own sequence. When every entry is a list, candidates never repeat, as
    with ``ParameterSampler``: a grid of at most ``n_iter`` candidates is returned whole,
    with ``ParameterSampler``'s warning, and a dict whose candidates are used up gives its
    turn to the next dict. When some dict has a distribution, ``ParameterSampler`` draws
    list values with replacement; here a dict of lists gives each of its candidates once
    before it repeats any.

    Parameters
    ----------
    param_distributions : dict or list of dicts
        Distributions need a ``ppf`` (every ``scipy.stats`` distribution and
        :class:`LogUniformInt` have one).
    n_iter : int
        Number of candidates.
    random_state : int, RandomState instance or None
        Seeds the scrambling: the same int gives the same candidates.

    Examples
    --------
    >>> from scipy.stats import uniform
    >>> points = QuasiRandomParameterSampler({"x": uniform(0, 1)}, 8, random_state=0)
    >>> sorted(int(p["x"] * 8) for p in points)
    [0, 1, 2, 3, 4, 5, 6, 7]
    """

    def __init__(self, param_distributions, n_iter, *, random_state=None):
        if isinstance(param_distributions, Mapping):
            param_distributions = [param_distributions]
        if not isinstance(param_distributions, Sequence) or not param_distributions:
            raise TypeError(
                "param_distributions must be a dict or a non-empty list of dicts; got "
                f"{param_distributions!r}"
            )
        for dist in param_distributions:
            if not isinstance(dist, Mapping):
                raise TypeError(f"Parameter distribution is not a dict ({dist!r})")
            for name, values in dist.items():
                if _is_distribution(values):
                    if not hasattr(values, "ppf"):
                        raise TypeError(
                            f"Quasi-random search maps points through each distribution's "
                            f"quantile function, and the distribution of {name!r} "
                            f"({values!r}) has no ppf method: use a scipy.stats "
                            "distribution, hptlearn.distributions.LogUniformInt or a list."
                        )
                elif isinstance(values, str | bytes) or not isinstance(values, Sequence):
                    raise TypeError(
                        f"Parameter grid for parameter {name!r} needs to be a list or a "
                        f"numpy array, but got {values!r} (of type {type(values).__name__}) "
                        "instead. Single values need to be wrapped in a list with one element."
                    )
                elif len(values) == 0:
                    raise ValueError(
                        f"Parameter grid for parameter {name!r} need to be a non-empty "
                        f"sequence, got: {values!r}"
                    )
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state

    def __len__(self):
        if self._all_lists():
            from sklearn.model_selection import ParameterGrid

            return min(self.n_iter, len(ParameterGrid(self.param_distributions)))
        return self.n_iter

    def _all_lists(self):
        return not any(
            _is_distribution(v) for dist in self.param_distributions for v in dist.values()
        )

    def __iter__(self):
        from scipy.stats import qmc
        from sklearn.model_selection import ParameterGrid, ParameterSampler
        from sklearn.utils import check_random_state

        if self._all_lists():
            grid = ParameterGrid(self.param_distributions)
            if len(grid) <= self.n_iter:
                # every candidate once, with scikit-learn's own warning
                yield from ParameterSampler(
                    self.param_distributions, self.n_iter, random_state=self.random_state
                )
                return
        rng = check_random_state(self.random_state)
        k = len(self.param_distributions)
        # how many distinct candidates each dict can give without repeating one: a dict
        # of lists has its grid's size; a dict with a distribution, no limit
        sizes = [
            len(ParameterGrid(dist)) if _lists_only(dist) else None
            for dist in self.param_distributions
        ]
        if self._all_lists():
            # as ParameterSampler (which draws from the whole grid without replacement):
            # no candidate twice; a dict whose candidates are used up gives its turn to
            # the next one (the grid is larger than n_iter here, so there is always one)
            capacity = list(sizes)
        else:
            # as ParameterSampler, which draws a dict at random, then each of its values
            # with replacement: a dict of lists repeats candidates once all are used
            capacity = [None] * k
        order = _turns(capacity, self.n_iter)
        counts = [order.count(i) for i in range(k)]
        streams = []
        for dist, count, size in zip(self.param_distributions, counts, sizes, strict=True):
            names = sorted(dist)
            seed = int(rng.randint(np.iinfo(np.int32).max))
            sobol = qmc.Sobol(len(names) or 1, seed=seed)
            streams.append(self._points(sobol, dist, names, count, size))
        for i in order:
            yield next(streams[i])

    def _points(self, sobol, dist, names, count, size):
        """``count`` candidates of one dict, from its Sobol points.

        A dict of lists (``size`` candidates) gives distinct candidates while it has
        unused ones, then repeats them; a dict with a distribution never repeats one.
        The number of points drawn is bounded: after ``64 * max(count, size)`` points,
        or once every candidate of the grid is out, repeats are accepted.
        """
        seen = set()
        produced = drawn = 0
        limit = 64 * max(count, size or 0, 1)
        m = max(0, math.ceil(math.log2(max(count, 1))))
        while produced < count:
            for point in sobol.random_base2(m) if drawn == 0 else sobol.random(2**m):
                drawn += 1
                candidate = {
                    name: _quantile(dist[name], u) for name, u in zip(names, point, strict=False)
                }
                if size is not None and len(seen) < size and drawn <= limit:
                    key = repr(sorted(candidate.items(), key=lambda item: item[0]))
                    if key in seen:
                        continue
                    seen.add(key)
                yield candidate
                produced += 1
                if produced == count:
                    return


def _lists_only(dist) -> bool:
    return not any(_is_distribution(v) for v in dist.values())


def _turns(capacity, n_iter) -> list:
    """Which dict gives each of ``n_iter`` candidates: in turn (``i % k``), skipping a
    dict whose ``capacity`` (None: no limit) is used up."""
    k = len(capacity)
    left = [math.inf if c is None else c for c in capacity]
    order = []
    i = 0
    while len(order) < n_iter and any(left):
        if left[i % k] > 0:
            order.append(i % k)
            left[i % k] -= 1
        i += 1
    return order


def _quantile(values, u):
    """The value at quantile ``u`` of a distribution, or of a list (equal parts)."""
    if _is_distribution(values):
        value = values.ppf(u)
        value = value.item() if hasattr(value, "item") else value
        if is_integer_distribution(values):
            return int(value)
        return float(value)
    index = min(int(u * len(values)), len(values) - 1)
    return values[index]
