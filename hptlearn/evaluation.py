"""Honest evaluation of a tuned model: edges, the one-standard-error rule, a corrected
t-test between two candidates, and nested cross-validation.

A search's ``best_score_`` answers "which candidate scored best on these folds?", not
"how good is the tuned model?" nor "is the best candidate really better than the next?".
This module answers the questions a careful reader asks next:

* :func:`edge_report` -- did the best value land on the edge of the searched range? Then
  the range was too narrow: extend it (:func:`extend_space`) before trusting the result;
  :func:`refine_space` then searches finer around the best value.
* :func:`one_standard_error_rule` -- a ``refit=`` callable that picks the simplest
  candidate whose mean score is within one standard error of the best.
* :func:`compare_candidates` -- the corrected repeated k-fold t-test of Nadeau and Bengio
  (2003) between two candidates of one search, as in scikit-learn's example
  ``plot_grid_search_stats``.
* :func:`nested_cv` -- an outer cross-validation around the whole search: the estimate of
  how well *tuning plus fitting* generalizes, and how optimistic ``best_score_`` was.

Two simulations measure, on data whose truth is known (a generator of new samples), what
the tools above guard against: :func:`simulate_choosing_on_test` (choosing on the test set
makes its score optimistic) and :func:`simulate_winners_curse` (the best of more candidates
looks better than it is).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from numbers import Integral, Real
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from hptlearn.results import rank_metric

__all__ = [
    "CandidateComparison",
    "ChoosingOnTestResult",
    "EdgeFinding",
    "EdgeReport",
    "NestedCVResult",
    "OneStandardErrorChoice",
    "OneStandardErrorRule",
    "WinnersCurseResult",
    "compare_candidates",
    "edge_report",
    "extend_space",
    "nested_cv",
    "one_standard_error_rule",
    "refine_space",
    "simulate_choosing_on_test",
    "simulate_winners_curse",
]


# ---------------------------------------------------------------------------
# small helpers


def _fmt(value) -> str:
    """A value in ``%g`` (6 significant digits); integers and text as they are."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Integral, np.integer)):
        return str(int(value))
    if isinstance(value, (Real, np.floating)):
        return f"{float(value):g}"
    return repr(value) if isinstance(value, str) else str(value)


def _setting(params: Mapping) -> str:
    return ", ".join(f"{name}={_fmt(value)}" for name, value in params.items())


def _is_number(value) -> bool:
    return isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))


def _is_int(value) -> bool:
    return isinstance(value, (Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_distribution(values) -> bool:
    return hasattr(values, "rvs")


def _cv_results_of(search, function: str) -> dict:
    if isinstance(search, Mapping):
        return search
    cv_results = getattr(search, "cv_results_", None)
    if cv_results is None:
        raise TypeError(
            f"{function} needs a fitted search (GridSearchCV, RandomizedSearchCV, "
            f"LiveGridSearchCV, ...) with cv_results_; got {type(search).__name__}. "
            "If it is a search, call .fit(X, y) first."
        )
    return cv_results


def _metric_of(search, cv_results, metric) -> str:
    """The metric to use: the one given, else the one that ranks the candidates."""
    metrics = [k[len("mean_test_") :] for k in cv_results if k.startswith("mean_test_")]
    if metric is None:
        return rank_metric(cv_results, getattr(search, "refit", None))
    if metric not in metrics:
        raise ValueError(
            f"no metric {metric!r} in these results; their metrics are {metrics} "
            f"(a single metric is called 'score')"
        )
    return metric


def _best_index(search, cv_results, metric) -> int:
    index = getattr(search, "best_index_", None)
    if index is not None:
        return int(index)
    means = np.asarray(cv_results[f"mean_test_{metric}"], dtype=float)
    if np.all(np.isnan(means)):
        raise ValueError("every candidate failed (all mean test scores are NaN)")
    return int(np.nanargmax(means))


def _split_scores(cv_results, metric) -> np.ndarray:
    """The per-fold test scores, shape (n_candidates, n_splits), from ``split<i>_test_``."""
    columns = []
    i = 0
    while f"split{i}_test_{metric}" in cv_results:
        columns.append(np.asarray(cv_results[f"split{i}_test_{metric}"], dtype=float))
        i += 1
    if not columns:
        raise ValueError(
            f"these results have no split0_test_{metric} column: the per-fold scores are "
            "needed (scikit-learn's searches always record them)"
        )
    return np.column_stack(columns)


# ---------------------------------------------------------------------------
# 1. edges of the searched range


class EdgeFinding(NamedTuple):
    """Where the best value of one numeric hyperparameter sits in its searched range.

    ``edge`` is ``"lower"``, ``"upper"`` or ``None`` (inside); ``source`` is ``"grid"``
    (a list of values), ``"distribution"`` or ``"observed"`` (the values the search
    evaluated, when its space is unknown or a distribution is unbounded). ``suggestion``
    is the extended list for a grid, the new ``(low, high)`` for a distribution, or
    ``None`` when nothing is suggested.
    """

    name: str
    best: Any
    low: float
    high: float
    edge: str | None
    scale: str  # "log" or "linear"
    source: str  # "grid", "distribution" or "observed"
    suggestion: Any
    message: str


class EdgeReport(NamedTuple):
    """For each numeric hyperparameter of a search, whether its best value is on an edge.

    ``str(report)`` (or :meth:`describe`) reads as sentences, one per hyperparameter.
    """

    findings: tuple  # of EdgeFinding, one per numeric hyperparameter
    skipped: tuple  # names of the categorical hyperparameters (no edges)

    @property
    def at_edge(self) -> list[str]:
        """The names whose best value is on an edge of the searched range."""
        return [f.name for f in self.findings if f.edge is not None]

    def __getitem__(self, key):
        if isinstance(key, str):
            for finding in self.findings:
                if finding.name == key:
                    return finding
            raise KeyError(f"no numeric hyperparameter {key!r}; there are {self.names}")
        return tuple.__getitem__(self, key)

    @property
    def names(self) -> list[str]:
        """The numeric hyperparameters reported on."""
        return [f.name for f in self.findings]

    def describe(self) -> str:
        """One sentence per hyperparameter."""
        lines = [f.message for f in self.findings]
        if self.skipped:
            lines.append("Not checked (categorical, no edges): " + ", ".join(self.skipped) + ".")
        if not lines:
            lines.append("No hyperparameter was searched.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()


def _space_of(search):
    for attr in ("param_grid", "param_distributions"):
        space = getattr(search, attr, None)
        if space is not None:
            return [space] if isinstance(space, Mapping) else list(space)
    return None


def _dist_family(dist) -> str | None:
    """``"loguniform"``, ``"uniform"``, ``"randint"``, ``"logint"`` or ``None``."""
    from hptlearn.distributions import LogUniformInt

    if isinstance(dist, LogUniformInt):
        return "logint"
    name = getattr(getattr(dist, "dist", None), "name", None)
    if name in ("loguniform", "reciprocal"):
        return "loguniform"
    if name in ("uniform", "randint"):
        return name
    return None


def _is_log_spaced(values) -> bool:
    """Values look log-spaced: all positive, and equal ratios (3+ values) or a ratio of
    at least 10 (2 values)."""
    values = np.unique(np.asarray(values, dtype=float))
    if len(values) < 2 or values[0] <= 0:
        return False
    if len(values) == 2:
        return values[1] / values[0] >= 10
    log_steps = np.diff(np.log(values))
    steps = np.diff(values)
    equal_ratios = np.allclose(log_steps, log_steps[0], rtol=0.1)
    equal_steps = np.allclose(steps, steps[0], rtol=0.1)
    return bool(equal_ratios and not equal_steps)


def _beyond(low, high, edge, step, scale, integer, positive, n_new):
    """``n_new`` values beyond ``edge`` at the given step (a ratio on a log scale)."""
    new = []
    for i in range(1, n_new + 1):
        if scale == "log":
            value = high * step**i if edge == "upper" else low / step**i
        else:
            value = high + step * i if edge == "upper" else low - step * i
        if integer:
            value = int(round(value))
        else:
            value = float(f"{value:.12g}")
        if positive and value <= 0:
            break
        if value not in new and value not in (low, high):
            new.append(value)
    return new


def _grid_finding(name, best, values, n_new):
    values = sorted(set(values))
    low, high = values[0], values[-1]
    integer = all(_is_int(v) for v in values)
    scale = "log" if _is_log_spaced(values) else "linear"
    edge = "lower" if best == low else "upper" if best == high else None
    if len(values) == 1:
        message = f"{name} = {_fmt(best)} is the only value searched: there is no range to judge."
        return EdgeFinding(name, best, low, high, None, scale, "grid", None, message)
    if edge is None:
        message = (
            f"{name} = {_fmt(best)} is inside the values searched "
            f"({_fmt(low)} to {_fmt(high)}): no need to extend."
        )
        return EdgeFinding(name, best, low, high, None, scale, "grid", None, message)
    array = np.asarray(values, dtype=float)
    if scale == "log":
        step = float(np.exp(np.median(np.diff(np.log(array)))))
    else:
        step = float(np.median(np.diff(array)))
        step = int(round(step)) if integer else step
    positive = low > 0
    new = _beyond(low, high, edge, step, scale, integer, positive, n_new)
    return _edge_message(name, best, low, high, edge, scale, "grid", new, values)


def _edge_message(name, best, low, high, edge, scale, source, new, values=None):
    word = "smallest" if edge == "lower" else "largest"
    where = "downwards" if edge == "lower" else "upwards"
    what = "value searched" if source == "grid" else "end of the searched range"
    if source == "observed":
        what = "value evaluated"
    if not new:
        message = (
            f"{name} = {_fmt(best)} is the {word} {what}, but no {'positive ' if low > 0 else ''}"
            f"value lies beyond it on this spacing: the edge may be a true limit of {name}."
        )
        return EdgeFinding(name, best, low, high, edge, scale, source, None, message)
    target = new[-1]
    if source == "grid":
        suggestion = sorted(set(values) | set(new))
    else:
        suggestion = (target, high) if edge == "lower" else (low, target)
    spaced = " (log-spaced)" if scale == "log" and source == "grid" else ""
    shown = (
        "[" + ", ".join(_fmt(v) for v in suggestion) + "]"
        if source == "grid"
        else f"{_fmt(suggestion[0])}..{_fmt(suggestion[1])}"
    )
    message = (
        f"{name} = {_fmt(best)} is the {word} {what}: extend the range {where}, "
        f"e.g. to {_fmt(target)}; suggested{spaced}: {shown}."
    )
    return EdgeFinding(name, best, low, high, edge, scale, source, suggestion, message)


def _range_finding(name, best, low, high, scale, source, integer, margin, n_new):
    """A finding for a continuous range (a distribution, or the values evaluated)."""
    if low == high:
        message = f"{name} = {_fmt(best)} is the only value searched: there is no range to judge."
        return EdgeFinding(name, best, low, high, None, scale, source, None, message)
    if scale == "log":
        position = (math.log(best) - math.log(low)) / (math.log(high) - math.log(low))
    else:
        position = (best - low) / (high - low)
    edge = "lower" if position <= margin else "upper" if position >= 1 - margin else None
    if edge is None:
        message = (
            f"{name} = {_fmt(best)} is inside the searched range "
            f"({_fmt(low)} to {_fmt(high)}): no need to extend."
        )
        return EdgeFinding(name, best, low, high, None, scale, source, None, message)
    if scale == "log":
        step = 10.0
    else:
        step = (high - low) / 2
        step = max(1, int(round(step))) if integer else step
    new = _beyond(low, high, edge, step, scale, integer, low > 0, 1)
    return _edge_message(name, best, low, high, edge, scale, source, new)


def edge_report(search, *, margin: float = 0.1, n_new: int = 2) -> EdgeReport:
    """Tell, for each numeric hyperparameter, whether the best value is on an edge.

    When the best value is the smallest or largest value searched, the best may lie
    beyond: the search did not bracket it. Extend the range in that direction and search
    again (:func:`extend_space`) before trusting the result.

    Parameters
    ----------
    search : fitted search
        ``GridSearchCV``, ``RandomizedSearchCV`` or any search with ``cv_results_`` and
        ``best_index_`` (with several metrics, the candidate ``refit`` chose). The searched
        space is read from ``param_grid`` or ``param_distributions`` when the search has
        one; otherwise from the values it evaluated.
    margin : float, default=0.1
        For a distribution (or the values evaluated), the best value is on an edge when it
        lies in the outer ``margin`` of the range (on a log scale for log-uniform
        distributions): a sampled value never equals the end of a continuous range.
        A grid's edges are its smallest and largest values, exactly.
    n_new : int, default=2
        How many values a grid's suggestion adds beyond the edge, at the grid's own
        spacing (equal ratios when the values are log-spaced, equal steps otherwise).

    Returns
    -------
    EdgeReport
        One :class:`EdgeFinding` per numeric hyperparameter; categorical ones are listed
        in ``skipped``. ``str(report)`` reads as sentences.

    Notes
    -----
    The range of a grid is the smallest and largest number in its list; of a
    distribution, its support (``dist.support()``), or the smallest and largest values
    evaluated when the support is unbounded. Suggestions do not know the estimator's own
    limits (a probability cannot exceed 1): scikit-learn rejects such values when the
    search runs, and an edge at such a limit is a real optimum. With a list of grids, the
    values of every grid that has the hyperparameter count.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = GridSearchCV(
    ...     LogisticRegression(max_iter=1000), {"C": [0.001, 0.01, 0.1]}, cv=3
    ... ).fit(X, y)
    >>> print(edge_report(search))
    C = 0.1 is the largest value searched: extend the range upwards, e.g. to 10; \
suggested (log-spaced): [0.001, 0.01, 0.1, 1, 10].
    >>> edge_report(search).at_edge
    ['C']
    """
    cv_results = _cv_results_of(search, "edge_report")
    metric = _metric_of(search, cv_results, None)
    best_params = cv_results["params"][_best_index(search, cv_results, metric)]
    space = _space_of(search)
    findings, skipped = [], []
    for name, best in best_params.items():
        if not _is_number(best):
            skipped.append(name)
            continue
        observed = [p[name] for p in cv_results["params"] if name in p and _is_number(p.get(name))]
        entries = [sub[name] for sub in space or () if name in sub]
        dists = [e for e in entries if _is_distribution(e)]
        lists = [v for e in entries if not _is_distribution(e) for v in e]
        numbers = [v for v in lists if _is_number(v)]
        if dists:
            findings.append(_distribution_finding(name, best, dists, observed, margin))
        elif numbers:
            findings.append(_grid_finding(name, best, numbers, n_new))
        else:
            integer = all(_is_int(v) for v in observed)
            low, high = min(observed), max(observed)
            scale = "log" if _is_log_spaced(observed) else "linear"
            if space is None and len(set(observed)) <= 20:
                findings.append(_grid_finding(name, best, observed, n_new))
            else:
                findings.append(
                    _range_finding(name, best, low, high, scale, "observed", integer, margin, n_new)
                )
    return EdgeReport(tuple(findings), tuple(skipped))


def _distribution_finding(name, best, dists, observed, margin):
    lows, highs, families = [], [], []
    for dist in dists:
        low, high = (float(v) for v in dist.support())
        lows.append(low if np.isfinite(low) else min(observed))
        highs.append(high if np.isfinite(high) else max(observed))
        families.append(_dist_family(dist) if np.isfinite([low, high]).all() else None)
    low, high = min(lows), max(highs)
    log = all(f in ("loguniform", "logint") for f in families)
    integer = all(f in ("randint", "logint") for f in families) or all(_is_int(v) for v in observed)
    if integer:
        low, high = int(low), int(high)
    known = all(f is not None for f in families)
    source = "distribution" if known else "observed"
    scale = "log" if log else "linear"
    finding = _range_finding(name, best, low, high, scale, source, integer, margin, 1)
    if finding.edge is not None and len(set(families)) == 1 and known:
        return finding
    return finding._replace(suggestion=None) if finding.edge is not None else finding


def _widen(dist, low, high):
    """The same kind of distribution over ``low..high``."""
    from scipy import stats

    from hptlearn.distributions import LogUniformInt

    family = _dist_family(dist)
    if family == "logint":
        return LogUniformInt(int(low), int(high))
    if family == "loguniform":
        return stats.loguniform(low, high)
    if family == "uniform":
        return stats.uniform(low, high - low)
    if family == "randint":
        return stats.randint(int(low), int(high) + 1)
    return dist


def extend_space(space, report: EdgeReport):
    """A new space where every hyperparameter on an edge is extended beyond it.

    Parameters
    ----------
    space : dict or list of dicts
        The space that was searched (``param_grid`` or ``param_distributions``).
    report : EdgeReport
        From :func:`edge_report` on the search over ``space``.

    Returns
    -------
    dict or list of dicts
        A copy of ``space``: a list on an edge gets the finding's new values beyond the
        edge, at the same spacing (with a list of grids, only the grids that hold the best
        value); a uniform,
        log-uniform or integer distribution is widened past the edge (log-uniform ranges
        by a factor of 10, others by half their width). Other hyperparameters are
        unchanged. Search it, and when the best value is inside the range, search finer
        around it with :func:`refine_space`: coarse to fine.

    Examples
    --------
    >>> report = EdgeReport(
    ...     (EdgeFinding("C", 100, 1, 100, "upper", "log", "grid", [1, 10, 100, 1000], ""),),
    ...     (),
    ... )
    >>> extend_space({"C": [1, 10, 100], "kernel": ["rbf"]}, report)
    {'C': [1, 10, 100, 1000], 'kernel': ['rbf']}
    """
    changes = {f.name: f for f in report.findings if f.edge is not None and f.suggestion}
    subs = [space] if isinstance(space, Mapping) else list(space)
    new_subs = []
    for sub in subs:
        new = dict(sub)
        for name, finding in changes.items():
            if name not in sub:
                continue
            if _is_distribution(sub[name]):
                if isinstance(finding.suggestion, tuple):
                    new[name] = _widen(sub[name], *finding.suggestion)
            elif isinstance(finding.suggestion, list) and finding.best in list(sub[name]):
                # only the grid(s) whose edge the best value is on; only values beyond it
                extra = [v for v in finding.suggestion if v < finding.low or v > finding.high]
                values = list(sub[name]) + extra
                numbers = sorted(v for v in values if _is_number(v))
                others = [v for v in values if not _is_number(v)]
                new[name] = others + numbers
        new_subs.append(new)
    return new_subs[0] if isinstance(space, Mapping) else new_subs


def refine_space(search, n_values: int = 5) -> dict:
    """A finer grid between the neighbours of the best value: the fine step of coarse to
    fine.

    Parameters
    ----------
    search : fitted search
        With ``cv_results_`` and ``best_index_``.
    n_values : int, default=5
        Values per numeric hyperparameter, from the best value's smaller neighbour to its
        larger neighbour among the values evaluated (both included), log-spaced when the
        values evaluated are; whole numbers stay whole (duplicates dropped).

    Returns
    -------
    dict
        A grid: every numeric hyperparameter refined around its best value, every other
        fixed at its best value. A best value on an edge has one neighbour: the grid
        then spans from it to the best value; check :func:`edge_report` first, as the
        best may lie beyond.

    Examples
    --------
    >>> cv_results = {
    ...     "params": [{"C": 0.1}, {"C": 1.0}, {"C": 10.0}, {"C": 100.0}],
    ...     "mean_test_score": [0.5, 0.7, 0.8, 0.6],
    ... }
    >>> refine_space(cv_results, n_values=5)
    {'C': [1.0, 3.16228, 10.0, 31.6228, 100.0]}
    """
    if n_values < 2:
        raise ValueError(f"n_values must be at least 2, got {n_values}")
    cv_results = _cv_results_of(search, "refine_space")
    metric = _metric_of(search, cv_results, None)
    best_params = cv_results["params"][_best_index(search, cv_results, metric)]
    grid = {}
    for name, best in best_params.items():
        if not _is_number(best):
            grid[name] = [best]
            continue
        values = sorted(
            {p[name] for p in cv_results["params"] if name in p and _is_number(p[name])}
        )
        below = [v for v in values if v < best]
        above = [v for v in values if v > best]
        low = below[-1] if below else best
        high = above[0] if above else best
        if low == high:
            grid[name] = [best]
            continue
        if _is_log_spaced(values):
            points = np.geomspace(low, high, n_values)
        else:
            points = np.linspace(low, high, n_values)
        if all(_is_int(v) for v in values):
            refined = sorted({int(round(p)) for p in points})
        else:
            refined = [float(f"{p:.6g}") for p in points]
        grid[name] = refined
    return grid


# ---------------------------------------------------------------------------
# 2. the one-standard-error rule


class OneStandardErrorChoice(NamedTuple):
    """How the one-standard-error rule chose a candidate."""

    best_index: int  # the candidate with the highest mean test score
    best_score: float
    spread: float  # the standard error (or std) of the best candidate
    threshold: float  # best_score - spread
    within: list  # the candidates whose mean score is at least the threshold
    index: int  # the simplest of them: the one refit uses

    def __str__(self) -> str:
        return (
            f"Best mean score {self.best_score:.4g} (candidate {self.best_index}); "
            f"{len(self.within)} candidate(s) score at least {self.threshold:.4g} "
            f"(best - {self.spread:.4g}); the simplest of them is candidate {self.index}."
        )


class OneStandardErrorRule:
    """A ``refit=`` callable: the simplest candidate within one standard error of the best.

    Made by :func:`one_standard_error_rule`, which documents it. ``rule(cv_results)``
    returns the index of the chosen candidate; :meth:`explain` returns how it was chosen.
    It is a plain object (not a closure) so that a search that holds it can be pickled for
    ``n_jobs > 1``.
    """

    def __init__(self, simplicity, metric="score", spread="standard_error"):
        self.simplicity = simplicity
        self.metric = metric
        self.spread = spread

    def __repr__(self):
        return (
            f"one_standard_error_rule({self.simplicity!r}, metric={self.metric!r}, "
            f"spread={self.spread!r})"
        )

    def _key(self, params: Mapping, index: int):
        if callable(self.simplicity):
            return self.simplicity(params)
        key = []
        for name, direction in self.simplicity.items():
            if name not in params:
                raise ValueError(
                    f"candidate {index} ({_setting(params)}) has no {name!r}, which "
                    f"simplicity names; give simplicity as a function of the params dict "
                    f"to rank such candidates"
                )
            value = params[name]
            key.append(value if direction == "lower" else _Reversed(value))
        return tuple(key)

    def explain(self, cv_results: Mapping) -> OneStandardErrorChoice:
        """The best candidate, the threshold, the candidates within it and the choice."""
        mean_key = f"mean_test_{self.metric}"
        if mean_key not in cv_results:
            metrics = [k[len("mean_test_") :] for k in cv_results if k.startswith("mean_test_")]
            raise ValueError(
                f"no {mean_key} in cv_results: with several metrics, name the one to use, "
                f"e.g. one_standard_error_rule(..., metric={metrics[0]!r}) "
                f"(the metrics are {metrics})"
                if metrics
                else f"no {mean_key} in cv_results"
            )
        means = np.asarray(cv_results[mean_key], dtype=float)
        if np.all(np.isnan(means)):
            raise ValueError("every candidate failed (all mean test scores are NaN)")
        best = int(np.nanargmax(means))
        if self.spread == "std":
            spread = float(np.asarray(cv_results[f"std_test_{self.metric}"], dtype=float)[best])
        else:
            folds = _split_scores(cv_results, self.metric)[best]
            k = len(folds)
            if k < 2:
                raise ValueError("a standard error needs at least 2 folds")
            spread = float(np.std(folds, ddof=1) / math.sqrt(k))
        threshold = means[best] - spread
        within = [i for i in range(len(means)) if means[i] >= threshold]
        params = cv_results["params"]
        chosen = min(within, key=lambda i: (self._key(params[i], i), -means[i], i))
        return OneStandardErrorChoice(
            best, float(means[best]), spread, float(threshold), within, int(chosen)
        )

    def __call__(self, cv_results: Mapping) -> int:
        return self.explain(cv_results).index


class _Reversed:
    """Sorts in the opposite order of the value it wraps ("higher is simpler")."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


def one_standard_error_rule(
    simplicity: Mapping | Callable | None = None,
    *,
    metric: str = "score",
    spread: str = "standard_error",
) -> OneStandardErrorRule:
    """A ``refit=`` callable: the simplest candidate within one standard error of the best.

    Scores measured by cross-validation are noisy: a candidate a little below the best
    is often not really worse. The one-standard-error rule (Hastie, Tibshirani and
    Friedman, *The Elements of Statistical Learning*, section 7.10) therefore prefers the
    simplest model whose mean score is within one standard error of the best: usually
    as good, and less likely to have won by chance.

    Parameters
    ----------
    simplicity : dict or callable
        What makes a model simpler. A dict ``{name: "lower" | "higher"}`` says in which
        direction a hyperparameter simplifies the model: ``{"C": "lower"}`` (a smaller
        ``C`` regularizes more), ``{"n_neighbors": "higher"}`` (more neighbours, smoother
        decision), ``{"max_depth": "lower"}``; several names are compared in order. Or a
        function ``params -> key``: the lower the key, the simpler. Ties in simplicity go
        to the higher mean score, then to the earlier candidate. Required: no rule can
        guess which direction is simpler for an arbitrary hyperparameter.
    metric : str, default="score"
        The metric, with several metrics (as in ``mean_test_<metric>``).
    spread : {"standard_error", "std"}, default="standard_error"
        The width of the band below the best mean score.

        * ``"standard_error"``: the standard error of the best candidate's mean over the
          ``k`` folds, ``std(fold scores, ddof=1) / sqrt(k)``, the sample standard
          deviation as in ESL 7.10, computed from the ``split<i>_test_<metric>``
          columns.
        * ``"std"``: the best candidate's ``std_test_<metric>``, scikit-learn's population
          standard deviation over the folds (``ddof=0``), not divided by ``sqrt(k)``, as in
          scikit-learn's example ``plot_grid_search_refit_callable``. This band is about
          ``sqrt(k - 1)`` times wider (twice as wide with 5 folds) and admits
          more, simpler candidates.

    Returns
    -------
    OneStandardErrorRule
        Callable ``rule(cv_results) -> int`` for ``GridSearchCV(..., refit=rule)``;
        ``rule.explain(search.cv_results_)`` shows the threshold and the candidates
        within it. With a callable ``refit`` scikit-learn sets no ``best_score_``: read
        ``cv_results_["mean_test_score"][best_index_]``.

    Notes
    -----
    The standard error treats the fold scores as independent, which they are not (the
    training sets overlap), so the band is a rule of thumb, not a test; see
    :func:`compare_candidates` for a corrected test between two candidates. Candidates
    whose fits failed (a NaN mean score) are never chosen.

    Examples
    --------
    >>> cv_results = {
    ...     "params": [{"C": 0.1}, {"C": 1}, {"C": 10}],
    ...     "mean_test_score": [0.80, 0.88, 0.90],
    ...     "std_test_score": [0.02, 0.02, 0.04],
    ...     "split0_test_score": [0.78, 0.86, 0.86],
    ...     "split1_test_score": [0.80, 0.88, 0.90],
    ...     "split2_test_score": [0.82, 0.90, 0.94],
    ... }
    >>> rule = one_standard_error_rule({"C": "lower"})
    >>> rule(cv_results)  # SE = 0.04 / sqrt(3) = 0.023: C=1 (0.88) is within 0.90 - 0.023
    1
    """
    if simplicity is None:
        raise TypeError(
            "one_standard_error_rule needs simplicity: which hyperparameter makes a model "
            "simpler, and in which direction, e.g. {'C': 'lower'} (smaller C, more "
            "regularization) or {'n_neighbors': 'higher'}, or a function params -> key "
            "(lower key = simpler). The rule picks the simplest candidate close to the "
            "best, and 'simplest' depends on the model."
        )
    if not callable(simplicity):
        if not isinstance(simplicity, Mapping) or not simplicity:
            raise TypeError(
                "simplicity must be a dict {name: 'lower' or 'higher'} or a function "
                f"params -> key; got {simplicity!r}"
            )
        for name, direction in simplicity.items():
            if direction not in ("lower", "higher"):
                raise ValueError(
                    f"simplicity[{name!r}] must be 'lower' (smaller values are simpler) or "
                    f"'higher' (larger values are simpler); got {direction!r}"
                )
    if spread not in ("standard_error", "std"):
        raise ValueError(f"spread must be 'standard_error' or 'std'; got {spread!r}")
    return OneStandardErrorRule(simplicity, metric, spread)


# ---------------------------------------------------------------------------
# 3. corrected t-test between two candidates


class CandidateComparison(NamedTuple):
    """The corrected repeated k-fold t-test between two candidates of one search."""

    a: int
    b: int
    mean_difference: float  # mean over the folds of score(a) - score(b)
    t: float
    p_value: float
    df: int
    n_train: int
    n_test: int
    alternative: str
    alpha: float
    sentence: str

    def __str__(self) -> str:
        return self.sentence


def _candidate(spec, cv_results, metric, best_index, what) -> int:
    n = len(cv_results["params"])
    if isinstance(spec, str):
        text = spec.strip().lower()
        if text == "best":
            return best_index
        if text.startswith("rank"):
            try:
                rank = int(text[4:].strip(" :#="))
            except ValueError:
                rank = None
            if rank is not None:
                ranks = np.asarray(cv_results[f"rank_test_{metric}"])
                found = np.flatnonzero(ranks == rank)
                if len(found) == 0:
                    raise ValueError(
                        f"{what}: no candidate has rank {rank} (ranks tie; the ranks are "
                        f"{sorted(set(int(r) for r in ranks))})"
                    )
                return int(found[0])
        raise ValueError(f"{what} must be a candidate index, 'best' or 'rank N'; got {spec!r}")
    if not _is_int(spec) or not -n <= int(spec) < n:
        raise ValueError(f"{what} must be a candidate index from 0 to {n - 1}; got {spec!r}")
    return int(spec) % n


def _sizes_from_cv(search, n_samples):
    """``(n_train, n_test)`` of the first fold of a k-fold of ``n_samples``."""
    cv = getattr(search, "cv", None)
    if cv is None or _is_int(cv):
        k = 5 if cv is None else int(cv)
    elif hasattr(cv, "n_repeats") and hasattr(cv, "cvargs"):
        k = int(cv.cvargs.get("n_splits", 5))
    elif hasattr(cv, "n_splits") and not hasattr(cv, "test_size"):
        k = int(cv.n_splits)
    else:
        raise ValueError(
            f"cannot tell the train and test sizes of {cv!r} from n_samples: give "
            "n_train and n_test (the sizes of one split's training and test sets)"
        )
    n_test = -(-n_samples // k)  # KFold's first fold: ceil(n_samples / k)
    return n_samples - n_test, n_test


def compare_candidates(
    search,
    a="best",
    b="rank 2",
    *,
    metric: str | None = None,
    n_train: int | None = None,
    n_test: int | None = None,
    n_samples: int | None = None,
    alternative: str = "two-sided",
    alpha: float = 0.05,
) -> CandidateComparison:
    """Is candidate ``a`` really better than candidate ``b``? The corrected t-test.

    The fold scores of two candidates are paired (same folds), but not independent: the
    training sets of k-fold cross-validation overlap, so a plain paired t-test
    underestimates the variance and finds differences too often. Nadeau and Bengio
    (2003) correct the variance; scikit-learn's example ``plot_grid_search_stats`` uses
    this test, and this function follows its ``corrected_std`` and
    ``compute_corrected_ttest``:

    * ``d`` = the fold scores of ``a`` minus those of ``b``, over all ``n`` splits
      (folds times repeats with ``RepeatedKFold``);
    * corrected variance = ``var(d, ddof=1) * (1 / n + n_test / n_train)``;
    * ``t = mean(d) / sqrt(corrected variance)`` with ``df = n - 1``.

    Parameters
    ----------
    search : fitted search or dict
        With ``cv_results_`` (or the dict itself).
    a, b : int or str, default="best" and "rank 2"
        Candidate indices (rows of ``cv_results_``), ``"best"`` (``best_index_``, else
        the highest mean score) or ``"rank N"`` (the first candidate of rank ``N``).
    metric : str, optional
        The metric; by default the one that ranks the candidates.
    n_train, n_test : int, optional
        The sizes of one split's training and test sets: the correction needs them.
    n_samples : int, optional
        Instead of ``n_train``/``n_test``: the number of samples the search was fitted on.
        The sizes are then those of the first fold of a k-fold of ``n_samples`` (``n_test =
        ceil(n_samples / k)``), with ``k`` from the search's ``cv`` (an int, ``KFold``,
        ``StratifiedKFold``, ``Repeated(Stratified)KFold``, ...); other splitters need
        ``n_train`` and ``n_test``.
    alternative : {"two-sided", "greater", "less"}, default="two-sided"
        ``"two-sided"``: do ``a`` and ``b`` differ? ``"greater"``: does ``a`` score higher
        than ``b``? (the example's right-tailed test, whose ``t.sf(abs(t), df)`` equals
        this p-value when ``t > 0``). ``"less"``: does ``a`` score lower?
    alpha : float, default=0.05
        The significance level the sentence uses.

    Returns
    -------
    CandidateComparison
        ``t``, ``p_value``, ``df``, ``mean_difference``, the sizes used, and ``sentence``
        (also ``str(result)``). A p-value above ``alpha`` is *no evidence of a
        difference*, never evidence that the candidates are equally good.

    Notes
    -----
    The correction was derived for repeated random train/test splits and is an
    approximation for k-fold; the example uses 10 times repeated 10-fold
    cross-validation, and with few folds the test has little power. Testing many pairs
    needs a multiple-comparison correction (e.g. Bonferroni: multiply each p-value by the
    number of pairs).

    Examples
    --------
    >>> cv_results = {
    ...     "params": [{"C": 1}, {"C": 10}],
    ...     "mean_test_score": [0.80, 0.83],
    ...     "rank_test_score": [2, 1],
    ...     "split0_test_score": [0.78, 0.82],
    ...     "split1_test_score": [0.80, 0.82],
    ...     "split2_test_score": [0.82, 0.85],
    ... }
    >>> result = compare_candidates(cv_results, "best", 0, n_train=100, n_test=50)
    >>> print(result)
    Candidate 1 (C=10) scores 0.03 higher on average than candidate 0 (C=1), but there \
is no evidence of a difference at the 5 % level (corrected t = 3.29, df = 2, p = 0.081). \
This does not show that they are equally good.
    """
    from scipy import stats

    cv_results = _cv_results_of(search, "compare_candidates")
    metric = _metric_of(None if isinstance(search, Mapping) else search, cv_results, metric)
    best = _best_index(None if isinstance(search, Mapping) else search, cv_results, metric)
    ia = _candidate(a, cv_results, metric, best, "a")
    ib = _candidate(b, cv_results, metric, best, "b")
    if ia == ib:
        raise ValueError(f"a and b are the same candidate ({ia}): compare two different ones")
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(
            f"alternative must be 'two-sided', 'greater' or 'less'; got {alternative!r}"
        )
    if n_train is None or n_test is None:
        if n_train is not None or n_test is not None:
            raise ValueError("give both n_train and n_test, or n_samples")
        if n_samples is None:
            raise ValueError(
                "the corrected t-test needs the sizes of a split's training and test sets: "
                "give n_train and n_test, or n_samples (the samples the search was fitted "
                "on) to derive them from the search's k-fold cv"
            )
        n_train, n_test = _sizes_from_cv(search, int(n_samples))
    if n_train <= 0 or n_test <= 0:
        raise ValueError(f"n_train and n_test must be positive; got {n_train} and {n_test}")
    scores = _split_scores(cv_results, metric)
    d = scores[ia] - scores[ib]
    if np.isnan(d).any():
        raise ValueError(
            "a fold score is NaN (a failed fit): the candidates cannot be compared fold by fold"
        )
    n = len(d)
    if n < 2:
        raise ValueError("the t-test needs at least 2 splits")
    df = n - 1
    mean = float(np.mean(d))
    corrected_var = float(np.var(d, ddof=1)) * (1 / n + n_test / n_train)
    if corrected_var > 0:
        t = mean / math.sqrt(corrected_var)
    else:  # every fold differs by the same amount
        t = 0.0 if mean == 0 else math.copysign(math.inf, mean)
    if alternative == "two-sided":
        p = float(2 * stats.t.sf(abs(t), df))
    elif alternative == "greater":
        p = float(stats.t.sf(t, df))
    else:
        p = float(stats.t.cdf(t, df))
    p = min(p, 1.0)
    sentence = _comparison_sentence(cv_results, ia, ib, mean, t, p, df, alternative, alpha)
    return CandidateComparison(
        ia, ib, mean, float(t), p, df, int(n_train), int(n_test), alternative, alpha, sentence
    )


def _comparison_sentence(cv_results, ia, ib, mean, t, p, df, alternative, alpha) -> str:
    params = cv_results["params"]
    name_a = f"candidate {ia} ({_setting(params[ia])})"
    name_b = f"candidate {ib} ({_setting(params[ib])})"
    level = f"{alpha * 100:g} %"
    stats_text = f"(corrected t = {t:.3g}, df = {df}, p = {p:.2g})"
    if mean > 0:
        direction = f"scores {_fmt(round(mean, 4))} higher on average than"
    elif mean < 0:
        direction = f"scores {_fmt(round(-mean, 4))} lower on average than"
    else:
        direction = "scores the same on average as"
    first = f"{name_a[0].upper()}{name_a[1:]} {direction} {name_b}"
    claim = {
        "two-sided": "a difference",
        "greater": f"candidate {ia} scoring higher",
        "less": f"candidate {ia} scoring lower",
    }[alternative]
    if p < alpha:
        return f"{first}; there is evidence of {claim} at the {level} level {stats_text}."
    return (
        f"{first}, but there is no evidence of {claim} at the {level} level {stats_text}. "
        "This does not show that they are equally good."
    )


# ---------------------------------------------------------------------------
# 4. nested cross-validation


class NestedCVResult(NamedTuple):
    """Nested cross-validation of a search: the outer scores and what each fold chose."""

    outer_scores: np.ndarray  # the tuned model's score on each outer test fold
    mean: float  # their mean: the estimate of tuning plus fitting on new data
    std: float  # their standard deviation (ddof=0, as scikit-learn's std_test_score)
    best_params: list  # best_params_ of the search in each outer fold
    inner_best_scores: np.ndarray  # each inner search's best mean CV score
    optimism: float  # mean inner best score - mean outer score
    searches: list  # the fitted searches, one per outer fold

    def frame(self) -> pd.DataFrame:
        """One row per outer fold: the scores, their gap and the chosen hyperparameters."""
        frame = pd.DataFrame(
            {
                "fold": np.arange(len(self.outer_scores)),
                "inner_best_score": self.inner_best_scores,
                "outer_score": self.outer_scores,
            }
        )
        frame["gap"] = frame["inner_best_score"] - frame["outer_score"]
        names = []
        for params in self.best_params:
            names += [n for n in params if n not in names]
        for name in names:
            frame[name] = [params.get(name) for params in self.best_params]
        return frame

    def describe(self) -> str:
        """The estimate, the optimism of the inner scores, and how stable the choice was."""
        k = len(self.outer_scores)
        inner = float(np.mean(self.inner_best_scores))
        lines = [
            f"Nested CV over {k} outer folds: {self.mean:.3f} ± {self.std:.3f} "
            "(mean ± std of the outer scores).",
            f"The inner searches' best scores averaged {inner:.3f}: an optimism of "
            f"{self.optimism:+.3f} (inner - outer)"
            + (
                "; negative here: the outer folds happened to score higher, noise at this "
                "sample size."
                if self.optimism < 0
                else "."
            ),
        ]
        settings = [_setting(p) for p in self.best_params]
        distinct = list(dict.fromkeys(settings))
        if len(distinct) == 1:
            lines.append(f"Every outer fold chose {distinct[0]}.")
        else:
            lines.append(
                f"The outer folds chose {len(distinct)} different settings: "
                + "; ".join(distinct)
                + "."
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()


def _inner_best_score(search) -> float:
    score = getattr(search, "best_score_", None)
    if score is not None:
        return float(score)
    metric = rank_metric(search.cv_results_, search.refit)
    return float(search.cv_results_[f"mean_test_{metric}"][search.best_index_])


#: scikit-learn's splitters that need groups (they keep each group on one side of a split)
GROUP_SPLITTERS = (
    "GroupKFold",
    "StratifiedGroupKFold",
    "LeaveOneGroupOut",
    "LeavePGroupsOut",
    "GroupShuffleSplit",
)


def nested_cv(
    search,
    X,
    y=None,
    *,
    cv=5,
    scoring=None,
    n_jobs=None,
    random_state=0,
    groups=None,
) -> NestedCVResult:
    """Estimate how well the tuned model generalizes: a cross-validation around the search.

    ``best_score_`` is the best of many noisy estimates on the same folds, so it is
    optimistic: the candidates were chosen *because* they scored well there. Nested
    cross-validation repeats the whole search on each outer training set and scores the
    refitted best model on the outer test fold, which the search never saw.

    Parameters
    ----------
    search : unfitted search
        ``GridSearchCV``, ``RandomizedSearchCV`` (or a live variant) with ``refit``; it
        is cloned for each outer fold and fitted with its own inner ``cv``.
    X, y : array-like
        All the data used for tuning.
    cv : int or cross-validation splitter, default=5
        The outer splits. An int makes a shuffled ``StratifiedKFold`` (classifier) or
        ``KFold`` (otherwise) seeded by ``random_state``; a splitter is used as it is.
    scoring : str or callable, optional
        The outer score; by default the search's own ``score`` (its refit metric), so the
        outer and inner scores measure the same thing. With another metric the optimism
        compares different metrics and is NaN.
    n_jobs : int, optional
        Outer folds run in parallel (the search keeps its own ``n_jobs``).
    random_state : int, default=0
        Seeds the outer shuffle when ``cv`` is an int.
    groups : array-like, optional
        One group label per sample (a patient, a site, ...). Passed to the outer splitter
        *and*, restricted to each outer training set, to the inner search's ``fit``, so a
        group-aware inner ``cv`` (``GroupKFold``, ``StratifiedGroupKFold``) keeps the groups
        whole at both levels; a splitter that ignores groups ignores them. Without groups
        at the inner level, rows of one group would sit on both sides of an inner split.

    Returns
    -------
    NestedCVResult
        Built on ``sklearn.model_selection.cross_validate(search, X, y, cv=outer,
        return_estimator=True)``: ``outer_scores``, their ``mean`` and ``std``, the
        ``best_params`` and ``inner_best_scores`` of each outer fold's search,
        ``optimism`` (mean inner best score minus mean outer score), the fitted
        ``searches``; ``.frame()`` has one row per outer fold and ``str(result)`` reads
        as a summary.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 15]}, cv=3)
    >>> result = nested_cv(search, X, y, cv=3)
    >>> len(result.outer_scores), len(result.best_params)
    (3, 3)
    >>> bool(abs(result.optimism - (result.inner_best_scores.mean() - result.mean)) < 1e-12)
    True
    """
    from sklearn.base import clone, is_classifier
    from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
    from sklearn.utils.multiclass import type_of_target

    if not hasattr(search, "fit") or not hasattr(search, "estimator"):
        raise TypeError(
            f"nested_cv needs a search (GridSearchCV, RandomizedSearchCV, ...); got "
            f"{type(search).__name__}"
        )
    if getattr(search, "refit", True) is False:
        raise ValueError(
            "nested_cv scores each outer fold with the refitted best model: make the "
            "search with refit=True (or a metric name, or a callable)"
        )
    if scoring is not None and not (isinstance(scoring, str) or callable(scoring)):
        raise TypeError("scoring must be one metric (a name or a scorer) for nested_cv")
    inner_cv = type(getattr(search, "cv", None)).__name__
    if groups is None and inner_cv in GROUP_SPLITTERS:
        raise ValueError(
            f"The search's cv ({inner_cv}) splits by group: pass groups= to nested_cv, which "
            "gives them to the outer splitter and to each inner search."
        )
    if _is_int(cv):
        classes = y is not None and type_of_target(y) in ("binary", "multiclass")
        splitter = StratifiedKFold if is_classifier(search.estimator) and classes else KFold
        outer = splitter(n_splits=int(cv), shuffle=True, random_state=random_state)
    else:
        outer = cv
    out = cross_validate(
        clone(search),
        X,
        y,
        groups=groups,
        cv=outer,
        scoring=scoring,
        n_jobs=n_jobs,
        return_estimator=True,
        # each inner search gets the groups of its outer training set (indexed like X)
        params=None if groups is None else {"groups": groups},
    )
    outer_scores = np.asarray(out["test_score"], dtype=float)
    searches = list(out["estimator"])
    inner = np.array([_inner_best_score(s) for s in searches])
    mean = float(np.mean(outer_scores))
    same_metric = scoring is None or (
        isinstance(scoring, str) and scoring == getattr(search, "scoring", None)
    )
    optimism = float(np.mean(inner) - mean) if same_metric else math.nan
    return NestedCVResult(
        outer_scores,
        mean,
        float(np.std(outer_scores)),
        [dict(s.best_params_) for s in searches],
        inner,
        optimism,
        searches,
    )


# ---------------------------------------------------------------------------
# 5. simulations on data whose truth is known


def _settings_list(settings) -> list[dict]:
    from sklearn.model_selection import ParameterGrid

    if isinstance(settings, Mapping):
        settings = ParameterGrid(settings)
    settings = [dict(s) for s in settings]
    if not settings:
        raise ValueError("No settings to compare: give at least one dict of hyperparameters.")
    return settings


def _rows(data, rows):
    return data.iloc[rows] if hasattr(data, "iloc") else data[rows]


class ChoosingOnTestResult(NamedTuple):
    """Teams that chose on their test set or on their validation set, against the truth."""

    frame: pd.DataFrame  # one row per team and way of choosing: chosen_on, params, reported, true
    n_settings: int  # how many settings each team compared

    def summary(self) -> pd.DataFrame:
        """Means over the teams, one row per way of choosing ("test", "validation").

        ``optimism`` is the mean of reported - true; ``too_high`` counts the teams whose
        report exceeds the truth.
        """
        frame = self.frame.assign(
            optimism=self.frame["reported"] - self.frame["true"],
            too_high=self.frame["reported"] > self.frame["true"],
        )
        grouped = frame.groupby("chosen_on", sort=False)
        summary = grouped[["reported", "true", "optimism"]].mean()
        summary["too_high"] = grouped["too_high"].sum().astype(int)
        summary["teams"] = grouped.size()
        return summary

    def describe(self) -> str:
        """The summary as a table to print."""
        summary = self.summary()
        n_teams = int(summary["teams"].iloc[0])
        lines = [
            f"{self.n_settings} settings, {n_teams} teams; means over the teams:",
            "",
            "chosen on the    reported (test)   true (new data)   reported - true   too high for",
        ]
        for choice, row in summary.iterrows():
            lines.append(
                f"{choice + ' set':<16} {row['reported']:>15.3f} {row['true']:>17.3f} "
                f"{row['optimism']:>+17.3f} {int(row['too_high']):>9} of {n_teams} teams"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()


def simulate_choosing_on_test(
    estimator,
    settings,
    make_data: Callable,
    *,
    n_teams: int = 30,
    validation_size=60,
    test_size=60,
    new_seeds=range(1000, 1010),
    scoring=None,
    random_state=0,
) -> ChoosingOnTestResult:
    """Why choosing on the test set is cheating, measured on data whose truth is known.

    Each of ``n_teams`` imaginary teams draws its own data set, ``make_data(team)`` for
    ``team`` = 1 .. ``n_teams``, and splits it into training, validation and test parts
    (stratified for a classifier). It fits every setting on its training part, then
    chooses twice:

    * **on the test set**: the setting with the best test score, reporting that score;
    * **on the validation set**: the setting with the best validation score, reporting its
      test score.

    Each chosen model is also scored on a large sample of new data, the draws
    ``make_data(seed)`` for ``seed`` in ``new_seeds`` stacked together: its true score, up to
    a small error. Ties go to the first of the tied settings, as with ``np.argmax``.

    Parameters
    ----------
    estimator : estimator
        Cloned, and given each setting with ``set_params``.
    settings : list of dict, or a dict of lists
        The settings every team compares (``ParameterGrid(...)``, or a dict of lists that
        becomes one).
    make_data : callable
        ``make_data(seed)`` returns one data set ``(X, y)`` (anything that unpacks into two,
        such as :func:`hptlearn.load_dataset`'s result), a different one for each seed.
    n_teams : int, default=30
    validation_size, test_size : int or float, default=60
        The sizes of the validation and test parts (``train_test_split``'s ``test_size``):
        the test part is split off first, then the validation part from the rest.
    new_seeds : iterable of int, default=range(1000, 1010)
        The seeds of the new data; none may be a team's seed.
    scoring : str or callable, optional
        The score; by default the estimator's ``score`` (accuracy for a classifier).
    random_state : int, default=0
        Seeds the two splits of every team.

    Returns
    -------
    ChoosingOnTestResult
        ``frame`` has one row per team and way of choosing (``chosen_on`` is ``"test"`` or
        ``"validation"``), with the chosen ``params``, the ``reported`` test score and the
        ``true`` score on the new data; ``summary()`` averages over the teams and
        ``str(result)`` prints it as a table.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> moons = lambda seed: make_moons(120, noise=0.3, random_state=seed)
    >>> result = simulate_choosing_on_test(
    ...     KNeighborsClassifier(), {"n_neighbors": [1, 5, 25]}, moons, n_teams=3,
    ...     validation_size=30, test_size=30, new_seeds=[100])
    >>> len(result.frame), list(result.summary().index)
    (6, ['test', 'validation'])
    >>> tested = result.frame[result.frame["chosen_on"] == "test"]
    >>> bool((tested["reported"] >= 0).all() and (tested["true"] <= 1).all())
    True
    """
    from sklearn.base import clone, is_classifier
    from sklearn.metrics import check_scoring
    from sklearn.model_selection import train_test_split

    settings = _settings_list(settings)
    if not _is_int(n_teams) or n_teams < 1:
        raise ValueError(f"n_teams must be a whole number of at least 1; got {n_teams!r}")
    new_seeds = list(new_seeds)
    teams = range(1, int(n_teams) + 1)
    shared = sorted(set(new_seeds) & set(teams))
    if not new_seeds or shared:
        raise ValueError(
            "new_seeds must hold at least one seed and none of the teams' seeds (1 .. "
            f"{n_teams}), or the 'new' data would be a team's own data; shared: {shared}"
        )
    new = [tuple(make_data(seed)) for seed in new_seeds]
    X_new = np.concatenate([np.asarray(d[0]) for d in new])
    y_new = np.concatenate([np.asarray(d[1]) for d in new])
    scorer = check_scoring(estimator, scoring=scoring)
    stratified = is_classifier(estimator)

    rows = []
    for team in teams:
        X, y = make_data(team)
        X_rest, X_te, y_rest, y_te = train_test_split(
            X,
            y,
            test_size=test_size,
            stratify=y if stratified else None,
            random_state=random_state,
        )
        X_tr, X_va, y_tr, y_va = train_test_split(
            X_rest,
            y_rest,
            test_size=validation_size,
            stratify=y_rest if stratified else None,
            random_state=random_state,
        )
        models = [clone(estimator).set_params(**s).fit(X_tr, y_tr) for s in settings]
        test_scores = [scorer(model, X_te, y_te) for model in models]
        valid_scores = [scorer(model, X_va, y_va) for model in models]
        for chosen_on, scores in (("test", test_scores), ("validation", valid_scores)):
            best = int(np.argmax(scores))
            rows.append(
                {
                    "team": team,
                    "chosen_on": chosen_on,
                    "params": settings[best],
                    "reported": float(test_scores[best]),
                    "true": float(scorer(models[best], X_new, y_new)),
                }
            )
    return ChoosingOnTestResult(pd.DataFrame(rows), len(settings))


class WinnersCurseResult(NamedTuple):
    """The best CV score of a search against its winner's true score, by search size."""

    sizes: np.ndarray  # the numbers of candidates compared (the first m of the list)
    best_scores: np.ndarray  # (repeats, len(sizes)): the winner's mean CV score (best_score_)
    true_scores: np.ndarray  # (repeats, len(sizes)): the refitted winner on the fresh sample
    winners: np.ndarray  # (repeats, len(sizes)): the index of each winner among the candidates
    score_name: str  # what the scores measure ("accuracy", or the scoring's name)

    @property
    def optimism(self) -> np.ndarray:
        """best_scores - true_scores, per training sample and search size."""
        return self.best_scores - self.true_scores

    def frame(self) -> pd.DataFrame:
        """One row per search size: the means over the training samples, and the optimism's
        standard error (sample standard deviation over the square root of the repeats)."""
        repeats = len(self.best_scores)
        se = self.optimism.std(axis=0, ddof=1) / np.sqrt(repeats) if repeats > 1 else np.nan
        return pd.DataFrame(
            {
                "candidates": self.sizes,
                "best_score": self.best_scores.mean(axis=0),
                "true_score": self.true_scores.mean(axis=0),
                "optimism": self.optimism.mean(axis=0),
                "optimism_se": se,
            }
        )

    def describe(self) -> str:
        """The table by search size, and how much of the apparent gain is real."""
        frame = self.frame()
        true_header = f"mean true {self.score_name}"
        lines = [
            f"candidates  mean best_score_  {true_header:>18}  mean optimism  (standard error)"
        ]
        for row in frame.itertuples(index=False):
            lines.append(
                f"{row.candidates:>10}  {row.best_score:16.4f}  {row.true_score:18.4f}  "
                f"{row.optimism:+13.4f}  ({row.optimism_se:.4f})"
            )
        if len(frame) > 1:
            first, last = frame.iloc[0], frame.iloc[-1]
            apparent = last["best_score"] - first["best_score"]
            real = last["true_score"] - first["true_score"]
            share = f", {real / apparent:.0%} of the apparent gain is real" if apparent > 0 else ""
            lines.append(
                f"from {int(first['candidates'])} to {int(last['candidates'])} candidates: "
                f"apparent gain {apparent:+.4f}, real gain {real:+.4f}{share}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()


def simulate_winners_curse(
    estimator,
    candidates,
    X,
    y,
    *,
    n_fresh: int,
    n_train: int,
    repeats: int,
    sizes=None,
    n_splits: int = 5,
    scoring=None,
) -> WinnersCurseResult:
    """The winner's curse measured: how optimistic is ``best_score_``, by search size?

    The rows of ``X, y`` are a large sample from one distribution (a generator such as
    ``make_classification``): the first ``n_fresh`` rows are the **fresh sample**, which no
    model is trained on and whose score stands in for the true score on all future data;
    the next ``repeats`` blocks of ``n_train`` rows are the training samples. On each
    training sample, one ``GridSearchCV(estimator, candidates, cv=k folds, refit=False)``
    scores every candidate (shuffled, stratified for a classifier, seeded by the repeat's
    number). For each size m in ``sizes``, the winner among the *first m* candidates is
    exactly what a search of m candidates would choose; it is refitted on the training
    sample and scored on the fresh sample. ``best_score_ - true score`` is the optimism.

    Parameters
    ----------
    estimator : estimator
    candidates : dict or list of dicts
        A grid (``GridSearchCV``'s ``param_grid``); its candidates, in ``ParameterGrid``
        order, are compared first to last.
    X, y : array-like
        At least ``n_fresh + repeats * n_train`` rows.
    n_fresh, n_train, repeats : int
        The size of the fresh sample, of each training sample, and how many training samples.
    sizes : list of int, optional
        The search sizes to compare; by default 1, 2, 4, ... up to the number of candidates.
    n_splits : int, default=5
        The folds of each search.
    scoring : str or callable, optional
        One metric for the search and the fresh sample; by default the estimator's ``score``.

    Returns
    -------
    WinnersCurseResult
        ``best_scores`` and ``true_scores`` (one row per training sample, one column per
        size), ``winners``, ``optimism``; ``frame()`` averages them by size and
        ``str(result)`` prints the table.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X, y = make_classification(600, random_state=0)
    >>> tree = DecisionTreeClassifier(max_depth=2, max_features="sqrt")
    >>> curse = simulate_winners_curse(tree, {"random_state": [0, 1, 2, 3]}, X, y,
    ...                                n_fresh=400, n_train=50, repeats=4, n_splits=3)
    >>> curse.best_scores.shape, [int(m) for m in curse.sizes]
    ((4, 3), [1, 2, 4])
    >>> bool((np.diff(curse.best_scores, axis=1) >= 0).all())  # the best of more is higher
    True
    """
    from sklearn.base import clone, is_classifier
    from sklearn.metrics import check_scoring
    from sklearn.model_selection import GridSearchCV, KFold, ParameterGrid, StratifiedKFold

    params = list(ParameterGrid(candidates))
    for name, value in (("n_fresh", n_fresh), ("n_train", n_train), ("repeats", repeats)):
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1; got {value!r}")
    needed = n_fresh + repeats * n_train
    if len(X) < needed:
        raise ValueError(
            f"X has {len(X)} rows; n_fresh + repeats * n_train = {n_fresh} + {repeats} * "
            f"{n_train} = {needed} are needed. Draw more samples, or lower one of them."
        )
    if sizes is None:
        sizes = [2**i for i in range(int(math.log2(len(params))) + 1)]
    sizes = np.asarray(sizes, dtype=int)
    if sizes.ndim != 1 or not len(sizes) or sizes.min() < 1 or sizes.max() > len(params):
        raise ValueError(
            f"sizes must be numbers of candidates from 1 to {len(params)} (the grid's size); "
            f"got {sizes.tolist()}"
        )
    classifier = is_classifier(estimator)
    splitter = StratifiedKFold if classifier else KFold
    scorer = check_scoring(estimator, scoring=scoring)
    if isinstance(scoring, str):
        score_name = scoring
    else:
        score_name = "accuracy" if classifier and scoring is None else "score"
    X_fresh, y_fresh = _rows(X, slice(0, n_fresh)), _rows(y, slice(0, n_fresh))

    best = np.zeros((repeats, len(sizes)))
    true = np.zeros((repeats, len(sizes)))
    winners = np.zeros((repeats, len(sizes)), dtype=int)
    for r in range(repeats):
        rows = slice(n_fresh + r * n_train, n_fresh + (r + 1) * n_train)  # a new sample
        X_r, y_r = _rows(X, rows), _rows(y, rows)
        folds = splitter(n_splits, shuffle=True, random_state=r)
        search = GridSearchCV(estimator, candidates, cv=folds, scoring=scoring, refit=False)
        means = search.fit(X_r, y_r).cv_results_["mean_test_score"]
        for j, m in enumerate(sizes):
            winner = int(np.argmax(means[:m]))  # a search of the first m candidates
            model = clone(estimator).set_params(**params[winner]).fit(X_r, y_r)
            winners[r, j], best[r, j] = winner, means[winner]
            true[r, j] = scorer(model, X_fresh, y_fresh)
    return WinnersCurseResult(sizes, best, true, winners, score_name)
