"""Figures of the search strategies beyond grid and random: the iterations of successive
halving, the history of a sequential search (where a sampler explores and where it
exploits), the points each strategy sampled in the plane of two hyperparameters, and a
teaching reconstruction of the two densities of the Tree-structured Parzen Estimator (TPE).

Each figure is a ``*_data(...)`` step that returns a ``NamedTuple`` and draws nothing,
plus a ``plot_*(data, *, ax=None)`` step that draws it (see :mod:`hptlearn.plots`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize

from hptlearn.plots._common import (
    check_param,
    frame_of,
    is_log_spaced,
    is_missing,
    is_numeric,
    new_axes,
    panel_axes,
    same,
    sorted_values,
)
from hptlearn.results import format_params, param_columns, rank_metric, score_column
from hptlearn.style import (
    BEST_COLOR,
    FAILED_COLOR,
    INK,
    MUTED_COLOR,
    REFERENCE_COLOR,
    SCORE_CMAP,
    VALIDATION_COLOR,
    color,
    format_score,
    format_value,
    marker,
    score_label,
    strategy_style,
)

__all__ = [
    "HalvingIterationsData",
    "OptimizationHistoryData",
    "SampledPoints",
    "SampledPointsData",
    "ScoreSurfaceData",
    "TPEDensitiesData",
    "halving_iterations_data",
    "optimization_history_data",
    "plot_halving_iterations",
    "plot_optimization_history",
    "plot_sampled_points",
    "plot_tpe_densities",
    "sampled_points_data",
    "score_surface_data",
    "tpe_densities_data",
]


def _stacked_axes(ax, n, what, figsize):
    """Axes of ``n`` panels stacked in one column (sharing x) or the ``n`` given ones."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, grid = plt.subplots(n, 1, squeeze=False, sharex=True, figsize=figsize)
        return grid[:, 0]
    return panel_axes(ax, n, what)


def _mark_best(ax, x, y, label="best"):
    ax.plot(
        x,
        y,
        linestyle="none",
        marker="*",
        markersize=15,
        color=BEST_COLOR,
        markeredgecolor=INK,
        zorder=5,
        label=label,
    )


# --------------------------------------------------------------------------------------
# Successive halving: the candidates and resources of every iteration
# --------------------------------------------------------------------------------------


class HalvingIterationsData(NamedTuple):
    """What :func:`plot_halving_iterations` draws.

    Per iteration (arrays of length ``n_iterations``): its number, the resource each
    candidate got (``n_resources``) and the number of candidates evaluated
    (``n_candidates``, as the search's ``n_candidates_``). Per distinct candidate (lists in
    the order the candidates were first evaluated): its hyperparameters, the iterations it
    was evaluated in and its mean CV score in each.
    """

    iterations: np.ndarray
    n_resources: np.ndarray
    n_candidates: np.ndarray
    resource: str  # "n_samples", or the hyperparameter used as the resource
    candidates: list  # params dict of each distinct candidate, the resource left out
    candidate_iterations: list  # per candidate: np.ndarray of the iterations it ran in
    candidate_scores: list  # per candidate: np.ndarray of its mean CV score there
    best: int  # index in candidates of the search's best candidate
    score: str  # the score key of cv_results_


def _halving_results(search):
    if isinstance(search, pd.DataFrame):
        cv_results = {c: search[c].to_numpy() for c in search.columns}
    elif isinstance(search, dict):
        cv_results = search
    else:
        cv_results = getattr(search, "cv_results_", None)
        if cv_results is None:
            raise TypeError(
                "halving_iterations_data needs a fitted HalvingGridSearchCV or "
                "HalvingRandomSearchCV (or its cv_results_); got "
                f"{type(search).__name__}. If it is a search, call .fit(X, y) first."
            )
    if "iter" not in cv_results or "n_resources" not in cv_results:
        hint = (
            " A results frame (hptlearn.results_frame) does not keep the iterations: pass "
            "the fitted search itself."
            if isinstance(search, pd.DataFrame) and "order" in search.columns
            else ""
        )
        raise ValueError(
            "These results have no 'iter' and 'n_resources' entries, so they do not come "
            "from a successive-halving search. Fit a HalvingGridSearchCV or "
            "HalvingRandomSearchCV (from sklearn.experimental import enable_halving_search_cv)"
            " and pass it here." + hint
        )
    return cv_results


def _resource_name(search, params, n_resources):
    """The resource: the search's ``resource``, or the hyperparameter that always equals
    ``n_resources`` (scikit-learn writes it into each candidate), else ``n_samples``."""
    resource = getattr(search, "resource", None)
    if isinstance(resource, str):
        return resource
    names = set.intersection(*(set(p) for p in params)) if len(params) else set()
    for name in sorted(names):
        if all(same(p[name], r) for p, r in zip(params, n_resources, strict=True)):
            return name
    return "n_samples"


def _candidate_key(params, resource):
    return tuple(sorted((k, repr(v)) for k, v in params.items() if k != resource))


def halving_iterations_data(search) -> HalvingIterationsData:
    """The candidates and resources of every iteration of a successive-halving search.

    Parameters
    ----------
    search : fitted HalvingGridSearchCV or HalvingRandomSearchCV
        Or its ``cv_results_`` (a dict, or ``pandas.DataFrame(search.cv_results_)``),
        which has the ``iter`` and ``n_resources`` entries that scikit-learn's halving
        searches add.

    Returns
    -------
    HalvingIterationsData

    Notes
    -----
    A candidate is identified by its hyperparameters (the resource left out, when the
    resource is a hyperparameter such as ``n_estimators``): the same hyperparameters in
    two iterations are the same candidate, which survived. A random search may draw the
    same hyperparameters twice in one iteration; as in scikit-learn's example "Successive
    Halving Iterations", such a repeat is counted in ``n_candidates`` but only its first
    row is drawn. The best candidate is the search's: the best score of the last
    iteration (``best_index_``).
    """
    cv_results = _halving_results(search)
    iters = np.asarray(cv_results["iter"], dtype=int)
    resources = np.asarray(cv_results["n_resources"])
    params = list(cv_results["params"])
    score = "mean_test_score"
    if score not in cv_results:
        score = f"mean_test_{rank_metric(cv_results, getattr(search, 'refit', None))}"
    scores = np.asarray(cv_results[score], dtype=float)

    iterations = np.unique(iters)
    n_resources = np.array([int(resources[iters == i][0]) for i in iterations])
    n_candidates = np.array([int((iters == i).sum()) for i in iterations])
    resource = _resource_name(search, params, resources)

    index, candidates, cand_iters, cand_scores = {}, [], [], []
    for p, it, s in zip(params, iters, scores, strict=True):
        key = _candidate_key(p, resource)
        if key not in index:
            index[key] = len(candidates)
            candidates.append({k: v for k, v in p.items() if k != resource})
            cand_iters.append([])
            cand_scores.append([])
        k = index[key]
        if cand_iters[k] and cand_iters[k][-1] == it:
            continue  # the same hyperparameters drawn twice in one iteration
        cand_iters[k].append(int(it))
        cand_scores[k].append(float(s))

    last = np.flatnonzero(iters == iters.max())
    last_scores = scores[last]
    best_row = last[0] if np.isnan(last_scores).all() else last[np.nanargmax(last_scores)]
    best = index[_candidate_key(params[best_row], resource)]
    return HalvingIterationsData(
        iterations,
        n_resources,
        n_candidates,
        resource,
        candidates,
        [np.array(i, dtype=int) for i in cand_iters],
        [np.array(s, dtype=float) for s in cand_scores],
        best,
        score,
    )


def plot_halving_iterations(data, *, ax=None):
    """Mean CV score of every candidate at each iteration of successive halving.

    One line per candidate, across the iterations it survived: all the candidates start
    on a small resource (few samples), only the best fraction goes on to the next
    iteration with more of it. A candidate's line ends where it was eliminated (a grey
    cross). The best candidate (best score at the last iteration, the one the search
    refits) is drawn thick in yellow. Each tick says the iteration, the resource each
    candidate got and how many candidates were evaluated; scores at small resources are
    noisier and often lower, which is why only comparisons within an iteration count.
    ``data`` may be a fitted halving search or a :class:`HalvingIterationsData`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    d = data if isinstance(data, HalvingIterationsData) else halving_iterations_data(data)
    ax = new_axes(ax, (1.8 * len(d.iterations) + 3, 4.5))
    last = d.iterations.max()
    for k, (its, scores) in enumerate(zip(d.candidate_iterations, d.candidate_scores, strict=True)):
        if k == d.best:
            continue
        ax.plot(
            its, scores, color=VALIDATION_COLOR, alpha=0.45, linewidth=1, marker="o", markersize=3
        )
        if its[-1] != last:
            ax.plot(its[-1], scores[-1], linestyle="none", marker="x", color=MUTED_COLOR)
    its, scores = d.candidate_iterations[d.best], d.candidate_scores[d.best]
    ax.plot(its, scores, color=INK, linewidth=4, solid_capstyle="round")
    ax.plot(
        its,
        scores,
        color=BEST_COLOR,
        linewidth=2.2,
        marker="*",
        markersize=12,
        markeredgecolor=INK,
        label="best: " + (format_params(d.candidates[d.best]) or "(no hyperparameters)"),
    )
    ax.plot([], [], color=VALIDATION_COLOR, alpha=0.45, marker="o", markersize=3, label="others")
    ax.plot([], [], linestyle="none", marker="x", color=MUTED_COLOR, label="eliminated")
    labels = [
        f"iter {i}\n{d.resource}={r}\nn_candidates={c}"
        for i, r, c in zip(d.iterations, d.n_resources, d.n_candidates, strict=True)
    ]
    ax.set_xticks(d.iterations, labels, fontsize=8)
    ax.set_xlabel("iteration")
    ax.set_ylabel(score_label(d.score))
    ax.set_title(
        f"Successive halving: {len(d.candidates)} candidates over {len(d.iterations)} iterations",
        fontsize=10,
    )
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


# --------------------------------------------------------------------------------------
# Optimization history: score and one hyperparameter against trial order
# --------------------------------------------------------------------------------------


class OptimizationHistoryData(NamedTuple):
    """What :func:`plot_optimization_history` draws; one entry per trial, in evaluation
    order (the row order of ``cv_results_``)."""

    trial: np.ndarray  # 1, 2, ..., n
    scores: np.ndarray  # mean CV score; NaN for failed trials
    best_so_far: np.ndarray  # best score up to and including each trial (NaN before any)
    failed: np.ndarray  # bool
    best: int  # index of the best trial (the first, on ties); -1 when all failed
    score: str  # the score column
    param: str | None  # the hyperparameter of the second panel, or None (one panel)
    values: np.ndarray | None  # its value per trial (a category's position); NaN if absent
    categories: list | None  # for a categorical param: the categories, sorted
    log: bool  # the param's values are positive and span two decades or more


def _most_varied_numeric(frame, params):
    best, best_count = None, 0
    for p in params:
        present = [v for v in frame[p] if not is_missing(v)]
        distinct = sorted_values(present)
        if is_numeric(distinct) and len(distinct) > max(best_count, 1):
            best, best_count = p, len(distinct)
    return best


def optimization_history_data(search, param=None, *, score=None) -> OptimizationHistoryData:
    """Each trial's score, the best so far, and one hyperparameter, in evaluation order.

    Parameters
    ----------
    search : fitted search or results frame
        Any search; its trials are the rows of ``cv_results_`` in order (for a sequential
        sampler such as Optuna's TPE, the order in which it proposed them).
    param : str, optional
        The hyperparameter of the second panel. By default the numeric hyperparameter
        with the most distinct values (the first in column order on ties); no second
        panel when there is none.
    score : str, optional
        The score column, by default the one that ranks the candidates.
    """
    frame = frame_of(search)
    score = score or score_column(frame)
    failed = (frame["status"] == "failed").to_numpy()
    scores = frame[score].to_numpy(dtype=float).copy()
    scores[failed] = np.nan
    best_so_far = np.fmax.accumulate(scores) if len(scores) else scores
    best = int(np.nanargmax(scores)) if np.isfinite(scores).any() else -1
    if param is None:
        param = _most_varied_numeric(frame, param_columns(frame))
    else:
        check_param(frame, param, "param")
    values, categories, log = None, None, False
    if param is not None:
        column = list(frame[param])
        distinct = sorted_values(column)
        if is_numeric(distinct):
            values = np.array([np.nan if is_missing(v) else float(v) for v in column])
            log = is_log_spaced(distinct)
        else:
            categories = distinct
            values = np.array(
                [next((k for k, c in enumerate(categories) if same(v, c)), np.nan) for v in column],
                dtype=float,
            )
    trial = np.arange(1, len(frame) + 1)
    return OptimizationHistoryData(
        trial, scores, best_so_far, failed, best, score, param, values, categories, log
    )


def plot_optimization_history(data, *, ax=None):
    """A search's trials in the order they were evaluated: where it explores, where it
    exploits.

    Top panel: the score of each trial and the best score so far. Bottom panel (when the
    search has a numeric hyperparameter, or ``param`` names one): the value of that
    hyperparameter at each trial, coloured by the trial's score (log axis when the values
    span two decades or more). A random or quasi-random search keeps spreading its trials
    over the whole range; a sequential sampler such as TPE spreads them first (exploring),
    then concentrates them near the best value found (exploiting), drawn as a dotted line.
    Failed trials are red crosses. ``data`` may be a fitted search, a results frame or an
    :class:`OptimizationHistoryData`; ``ax`` is None or one Axes per panel.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One or two panels.
    """
    d = data if isinstance(data, OptimizationHistoryData) else optimization_history_data(data)
    n = 1 if d.param is None else 2
    axes = _stacked_axes(ax, n, "panel of the history", (7, 3.2 * n))
    ok = ~d.failed
    top = axes[0]
    top.plot(
        d.trial[ok],
        d.scores[ok],
        linestyle="none",
        marker="o",
        color=VALIDATION_COLOR,
        alpha=0.7,
        label="trial",
    )
    top.plot(d.trial, d.best_so_far, color=INK, drawstyle="steps-post", label="best so far")
    bottom = np.nanmin(d.scores) if np.isfinite(d.scores).any() else 0.0
    if d.failed.any():
        top.plot(
            d.trial[d.failed],
            np.full(d.failed.sum(), bottom),
            linestyle="none",
            marker="x",
            color=FAILED_COLOR,
            label="failed",
        )
    if d.best >= 0:
        _mark_best(top, d.trial[d.best], d.scores[d.best])
    top.set_ylabel(score_label(d.score))
    top.set_title(f"Optimization history: {len(d.trial)} trials", fontsize=10)
    top.legend(fontsize=8)
    top.grid(alpha=0.3)
    if n == 2:
        a = axes[1]
        finite = d.scores[np.isfinite(d.scores)]
        lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
        norm = Normalize(lo, hi if hi > lo else lo + 1e-9)
        points = a.scatter(
            d.trial[ok],
            d.values[ok],
            c=d.scores[ok],
            cmap=SCORE_CMAP,
            norm=norm,
            edgecolor=INK,
            linewidth=0.4,
            s=30,
        )
        if d.failed.any():
            a.scatter(d.trial[d.failed], d.values[d.failed], marker="x", color=FAILED_COLOR)
        if d.best >= 0 and np.isfinite(d.values[d.best]):
            a.axhline(d.values[d.best], color=REFERENCE_COLOR, linestyle=":", zorder=0)
            _mark_best(a, d.trial[d.best], d.values[d.best])
        if d.log:
            a.set_yscale("log")
        if d.categories is not None:
            a.set_yticks(range(len(d.categories)), [format_value(c) for c in d.categories])
        a.set_ylabel(d.param + (" (log scale)" if d.log else ""))
        a.figure.colorbar(points, ax=a, label=score_label(d.score))
        a.grid(alpha=0.3)
    axes[-1].set_xlabel("trial (evaluation order)")
    return axes


# --------------------------------------------------------------------------------------
# Sampled points in the plane of two hyperparameters, over a score surface
# --------------------------------------------------------------------------------------


class ScoreSurfaceData(NamedTuple):
    """The mean CV score on a grid of two hyperparameters (see :func:`score_surface_data`)."""

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    scores: np.ndarray  # shape (len(y_values), len(x_values)); NaN where the fits failed
    score: str  # the cv_results_ key of the score


def score_surface_data(
    estimator, X, y, x_name, x_values, y_name, y_values, *, cv, scoring=None
) -> ScoreSurfaceData:
    """Mean CV score of ``estimator`` on the full grid of ``x_values`` × ``y_values``.

    Runs scikit-learn's ``GridSearchCV`` (without refit) over the grid, so the surface
    under :func:`plot_sampled_points` is the same for every strategy. Its cost is
    ``len(x_values) * len(y_values)`` candidates times the folds of ``cv``.

    Parameters
    ----------
    estimator : estimator
    X, y : array-like
        The training data.
    x_name, y_name : str
        The two hyperparameters (names ``set_params`` accepts, ``svc__C`` in a pipeline).
    x_values, y_values : sequence of numbers
        Their values, e.g. ``np.logspace(-2, 3, 11)``.
    cv : int or cross-validation splitter
    scoring : str or callable, optional
        As for ``GridSearchCV``; with several metrics, the first.

    Returns
    -------
    ScoreSurfaceData
        ``scores[i, j]`` is the score at ``y_values[i]`` and ``x_values[j]``.
    """
    from sklearn.model_selection import GridSearchCV

    if x_name == y_name:
        raise ValueError("x_name and y_name must be two different hyperparameters.")
    xs, ys = np.asarray(x_values).tolist(), np.asarray(y_values).tolist()
    if not xs or not ys:
        raise ValueError("x_values and y_values must each hold at least one value.")
    grid = [{x_name: [xv], y_name: [yv]} for yv in ys for xv in xs]
    search = GridSearchCV(estimator, grid, cv=cv, scoring=scoring, refit=False).fit(X, y)
    key = f"mean_test_{rank_metric(search.cv_results_, False)}"
    scores = np.asarray(search.cv_results_[key], dtype=float).reshape(len(ys), len(xs))
    return ScoreSurfaceData(
        x_name, y_name, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), scores, key
    )


class SampledPoints(NamedTuple):
    """The candidates of one strategy in the plane of two hyperparameters."""

    x: np.ndarray  # NaN where a candidate has no such hyperparameter
    y: np.ndarray
    scores: np.ndarray  # mean CV score; NaN for failed candidates
    failed: np.ndarray  # bool
    best: int  # index of the best candidate (the first, on ties); -1 when all failed


class SampledPointsData(NamedTuple):
    """What :func:`plot_sampled_points` draws. ``d["TPE"]`` is ``d.strategies["TPE"]``."""

    x: str
    y: str
    strategies: dict  # name -> SampledPoints, in the order given
    surface: ScoreSurfaceData | None
    x_log: bool  # all the values (points and surface) are positive, spanning >= 2 decades
    y_log: bool

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.strategies[key]
        return tuple.__getitem__(self, key)


def _numeric_column(frame, name, strategy):
    check_param(frame, name, f"{name!r} of strategy {strategy!r}: x or y")
    column = list(frame[name])
    present = [v for v in column if not is_missing(v)]
    if not is_numeric(present):
        raise ValueError(
            f"plot_sampled_points draws numeric hyperparameters; {name!r} of strategy "
            f"{strategy!r} has non-numeric values ({format_value(present[0])!r}). Use "
            "plot_slices or plot_parallel_coordinates for categories."
        )
    return np.array([np.nan if is_missing(v) else float(v) for v in column])


def _log_axis(values):
    distinct = sorted(set(float(v) for v in values if np.isfinite(v)))
    return is_log_spaced(distinct)


def sampled_points_data(searches, x, y, surface=None) -> SampledPointsData:
    """The points each strategy sampled in the plane of hyperparameters ``x`` and ``y``.

    Parameters
    ----------
    searches : dict of str to fitted search or results frame
        One entry per strategy, e.g. ``{"random": ..., "quasi-random": ..., "TPE": ...}``.
    x, y : str
        Two numeric hyperparameters every search has.
    surface : ScoreSurfaceData, optional
        From :func:`score_surface_data`, over the same ``x`` and ``y``.
    """
    if not isinstance(searches, dict) or not searches:
        raise TypeError(
            "searches must be a non-empty dict of strategy name -> fitted search (or its "
            f"results frame); got {type(searches).__name__}."
        )
    if x == y:
        raise ValueError("x and y must be two different hyperparameters.")
    if surface is not None and (surface.x, surface.y) != (x, y):
        raise ValueError(
            f"The surface is over ({surface.x}, {surface.y}) but the points over ({x}, {y}); "
            "compute the surface with x_name=x and y_name=y."
        )
    strategies = {}
    for name, search in searches.items():
        frame = frame_of(search)
        score = score_column(frame)
        failed = (frame["status"] == "failed").to_numpy()
        scores = frame[score].to_numpy(dtype=float).copy()
        scores[failed] = np.nan
        best = int(np.nanargmax(scores)) if np.isfinite(scores).any() else -1
        strategies[name] = SampledPoints(
            _numeric_column(frame, x, name), _numeric_column(frame, y, name), scores, failed, best
        )
    xs = np.concatenate([p.x for p in strategies.values()])
    ys = np.concatenate([p.y for p in strategies.values()])
    if surface is not None:
        xs = np.concatenate([xs, surface.x_values])
        ys = np.concatenate([ys, surface.y_values])
    return SampledPointsData(x, y, strategies, surface, _log_axis(xs), _log_axis(ys))


def plot_sampled_points(data, *, ax=None):
    """Where each strategy sampled, one panel per strategy, side by side.

    Each point is a candidate in the plane of two hyperparameters; a black ring marks each
    strategy's best. Over the score surface of a full grid (from
    :func:`score_surface_data`, the same under every panel) you see which strategy put
    its budget where the scores are high: random points clump and leave gaps,
    quasi-random (Sobol) points fill the plane evenly, and TPE gathers its later points
    in the good region. Without a surface the points are coloured by their own score.
    Axes are logarithmic when the values span two decades or more. ``data`` may be a
    :class:`SampledPointsData`; ``ax`` is None or one Axes per strategy.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    if not isinstance(data, SampledPointsData):
        raise TypeError(
            "plot_sampled_points draws a SampledPointsData: call "
            "sampled_points_data(searches, x, y, surface) first."
        )
    d = data
    n = len(d.strategies)
    axes = panel_axes(ax, n, "strategy", figsize=(4.2 * n + 1, 4), sharex=True, sharey=True)
    values = [p.scores for p in d.strategies.values()]
    if d.surface is not None:
        values.append(d.surface.scores.ravel())
    finite = np.concatenate(values)
    finite = finite[np.isfinite(finite)]
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
    norm = Normalize(lo, hi if hi > lo else lo + 1e-9)
    mappable = ScalarMappable(norm=norm, cmap=colormaps[SCORE_CMAP])
    for i, (a, (name, p)) in enumerate(zip(axes, d.strategies.items(), strict=True)):
        style = strategy_style(name, i)
        if d.surface is not None:
            s = d.surface
            a.contourf(
                s.x_values,
                s.y_values,
                np.ma.masked_invalid(s.scores),
                levels=np.linspace(norm.vmin, norm.vmax, 12),
                cmap=SCORE_CMAP,
                norm=norm,
            )
            a.scatter(
                p.x[~p.failed],
                p.y[~p.failed],
                color=style["color"],
                marker=style["marker"],
                edgecolor=INK,
                linewidth=0.6,
                s=30,
                zorder=3,
            )
        else:
            a.scatter(
                p.x[~p.failed],
                p.y[~p.failed],
                c=p.scores[~p.failed],
                cmap=SCORE_CMAP,
                norm=norm,
                marker=style["marker"],
                edgecolor=INK,
                linewidth=0.6,
                s=30,
                zorder=3,
            )
        if p.failed.any():
            a.scatter(p.x[p.failed], p.y[p.failed], marker="x", color=FAILED_COLOR, zorder=3)
        title = f"{name}: {len(p.x)} candidates"
        if p.best >= 0:  # a ring, readable over any colour of the surface
            a.plot(
                p.x[p.best],
                p.y[p.best],
                linestyle="none",
                marker="o",
                markersize=16,
                markerfacecolor="none",
                markeredgecolor=INK,
                markeredgewidth=2,
                zorder=4,
            )
            title += f"\nbest {format_score(p.scores[p.best])} (ringed)"
        a.set_title(title, fontsize=10)
        if d.x_log:
            a.set_xscale("log")
        if d.y_log:
            a.set_yscale("log")
        a.set_xlabel(d.x + (" (log scale)" if d.x_log else ""))
    axes[0].set_ylabel(d.y + (" (log scale)" if d.y_log else ""))
    label = score_label(d.surface.score if d.surface is not None else "mean_test_score")
    axes[-1].figure.colorbar(mappable, ax=list(axes), label=label, shrink=0.9)
    return axes


# --------------------------------------------------------------------------------------
# TPE, reconstructed for teaching: the densities of good and bad trials
# --------------------------------------------------------------------------------------


class TPEDensitiesData(NamedTuple):
    """What :func:`plot_tpe_densities` draws.

    The densities are on the scale the kernels are fitted on: per unit of ``log10(x)``
    when ``log`` is true (per decade), per unit of ``x`` otherwise; each integrates to 1
    between the bounds on that scale.
    """

    values: np.ndarray  # the trials' values (failed trials, with a NaN score, left out)
    scores: np.ndarray
    good: np.ndarray  # bool: the trial is among the best n_good
    n_good: int
    gamma: float
    grid: np.ndarray  # values of x between the bounds (log-spaced when log)
    good_density: np.ndarray  # l(x): density of the good trials on the grid
    bad_density: np.ndarray  # g(x): density of the other trials
    ratio: np.ndarray  # l(x) / g(x)
    next_value: float  # the grid value where the ratio is highest
    bounds: tuple
    log: bool
    name: str  # the hyperparameter's name (of a named Series of values), else "x"


def _kde_on(points, t_grid, t_lo, t_hi, group):
    from scipy.stats import gaussian_kde

    try:
        kde = gaussian_kde(points)
    except (ValueError, np.linalg.LinAlgError) as error:
        raise ValueError(
            f"Cannot fit a Parzen density to the {group} trials ({len(points)} of them, "
            f"values {np.unique(points).round(6).tolist()}): it needs at least two "
            "different values. Add trials or change gamma."
        ) from error
    return kde(t_grid) / kde.integrate_box_1d(t_lo, t_hi)


def tpe_densities_data(
    values, scores, *, gamma=0.25, bounds, log=True, grid_size=200
) -> TPEDensitiesData:
    """A teaching reconstruction of TPE on one hyperparameter: l(x), g(x) and l(x)/g(x).

    The Tree-structured Parzen Estimator (Bergstra et al., 2011, "Algorithms for
    Hyper-Parameter Optimization") does not model the score as a function of ``x``. It
    splits the trials so far into the good ones (the best fraction ``gamma``) and the
    rest, fits a density to each, l(x) to the good ones and g(x) to the others, and tries
    next where l(x)/g(x) is highest: where good trials are dense and bad ones sparse.

    This is a simplified reconstruction of that idea, not Optuna's exact estimator. Here
    the ``n_good = max(2, ceil(gamma * n))`` best trials are good (at most ``n - 2``, so
    that each group has two trials), each density is ``scipy.stats.gaussian_kde`` (one
    bandwidth for all points, Scott's rule) on the ``log10`` scale when ``log``,
    renormalised to integrate to 1 between the bounds, and the next value is the grid
    point of highest ratio. Optuna's ``TPESampler`` (``optuna/samplers/_tpe/``) gives each
    observation its own bandwidth (the distance to its neighbours, clipped), adds a wide
    prior kernel at the centre of the range, truncates every kernel to the bounds, chooses
    ``min(ceil(0.1 n), 25)`` good trials by default and picks the best of 24 points drawn
    from l(x), not the maximum over a grid; it also starts with 10 random trials.

    Parameters
    ----------
    values : array-like of float
        The hyperparameter's value at each trial, e.g. ``frame["C"]`` (a named Series
        also gives the figure its axis label).
    scores : array-like of float
        The trials' scores, higher is better, e.g. ``frame["mean_test_score"]``. Trials
        with a NaN score (failed) are left out, as Optuna leaves failed trials out.
    gamma : float, default=0.25
        The fraction of trials counted as good, in (0, 1).
    bounds : (float, float)
        The range of the hyperparameter; every value must lie in it.
    log : bool, default=True
        Fit the densities on ``log10(x)`` (for a hyperparameter searched on a log scale).
    grid_size : int, default=200
        Number of grid points between the bounds.

    Returns
    -------
    TPEDensitiesData
    """
    name = getattr(values, "name", None)
    name = name if isinstance(name, str) and name else "x"
    values = np.asarray(values, dtype=float).ravel()
    scores = np.asarray(scores, dtype=float).ravel()
    if values.shape != scores.shape:
        raise ValueError(
            f"values and scores must have one entry per trial; got {len(values)} values "
            f"and {len(scores)} scores."
        )
    if not 0 < gamma < 1:
        raise ValueError(f"gamma is the fraction of good trials, in (0, 1); got {gamma!r}.")
    lo, hi = (float(b) for b in bounds)
    if not lo < hi:
        raise ValueError(f"bounds must be (low, high) with low < high; got {bounds!r}.")
    if log and lo <= 0:
        raise ValueError(
            f"log=True needs positive bounds; got {bounds!r}. Use log=False for a "
            "hyperparameter searched on a linear scale."
        )
    if int(grid_size) < 2:
        raise ValueError(f"grid_size must be at least 2; got {grid_size!r}.")
    keep = ~np.isnan(scores)
    values, scores = values[keep], scores[keep]
    outside = values[(values < lo) | (values > hi) | ~np.isfinite(values)]
    if len(outside):
        raise ValueError(
            f"Every value must lie within bounds {bounds!r}; these do not: {outside[:5].tolist()}."
        )
    n = len(values)
    if n < 4:
        raise ValueError(
            f"TPE's two densities need at least 4 trials with a score (two good, two bad); got {n}."
        )
    n_good = min(max(2, math.ceil(gamma * n)), n - 2)
    order = np.argsort(-scores, kind="stable")  # best first; ties: the earlier trial
    good = np.zeros(n, dtype=bool)
    good[order[:n_good]] = True

    to_t = np.log10 if log else (lambda a: np.asarray(a, dtype=float))
    t_lo, t_hi = float(to_t(lo)), float(to_t(hi))
    t_grid = np.linspace(t_lo, t_hi, int(grid_size))
    grid = 10.0**t_grid if log else t_grid
    if log:  # exact bounds, not 10**log10(bound)
        grid[0], grid[-1] = lo, hi
    t_values = to_t(values)
    good_density = _kde_on(t_values[good], t_grid, t_lo, t_hi, "good")
    bad_density = _kde_on(t_values[~good], t_grid, t_lo, t_hi, "bad")
    ratio = good_density / np.maximum(bad_density, 1e-12)
    next_value = float(grid[np.argmax(ratio)])
    return TPEDensitiesData(
        values,
        scores,
        good,
        n_good,
        float(gamma),
        grid,
        good_density,
        bad_density,
        ratio,
        next_value,
        (lo, hi),
        bool(log),
        name,
    )


def plot_tpe_densities(data, *, ax=None):
    """What TPE looks at on one hyperparameter: l(x), g(x) and their ratio.

    Top panel: the density l(x) of the good trials (the best fraction gamma) and g(x) of
    the others, with the trials as ticks along the bottom. Bottom panel: l(x)/g(x); its
    maximum (the star and the dotted line) is where this reconstruction of TPE would try
    next: where good trials are dense and bad ones are rare. ``data`` is a
    :class:`TPEDensitiesData` (from :func:`tpe_densities_data`); ``ax`` is None or two
    Axes.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The densities, then the ratio.
    """
    if not isinstance(data, TPEDensitiesData):
        raise TypeError(
            "plot_tpe_densities draws a TPEDensitiesData: call "
            "tpe_densities_data(values, scores, bounds=...) first."
        )
    d = data
    top, bottom = _stacked_axes(ax, 2, "panel (densities, ratio)", (6.5, 6))
    good_style = dict(color=color(0), marker=marker(0))
    bad_style = dict(color=color(1), marker=marker(1))
    top.plot(d.grid, d.good_density, color=good_style["color"], label=f"l(x): best {d.n_good}")
    top.plot(
        d.grid,
        d.bad_density,
        color=bad_style["color"],
        linestyle="--",
        label=f"g(x): other {len(d.values) - d.n_good}",
    )
    height = max(d.good_density.max(), d.bad_density.max())
    rugs = ((d.good, good_style, "good", -0.05), (~d.good, bad_style, "bad", -0.1))
    for mask, style, name, level in rugs:
        top.plot(
            d.values[mask],
            np.full(mask.sum(), level * height),
            linestyle="none",
            markeredgecolor=INK,
            markeredgewidth=0.5,
            label=f"{name} trials",
            **style,
        )
    top.set_ylabel("density per decade" if d.log else "density")
    top.set_title(
        f"TPE (reconstruction): {len(d.values)} trials, the best {d.n_good} are good",
        fontsize=10,
    )
    top.legend(fontsize=8)
    top.grid(alpha=0.3)
    bottom.plot(d.grid, d.ratio, color=INK, label="l(x) / g(x)")
    k = int(np.argmax(d.ratio))
    _mark_best(bottom, d.grid[k], d.ratio[k], label=f"next: x = {format_value(d.next_value)}")
    for a in (top, bottom):
        a.axvline(d.next_value, color=REFERENCE_COLOR, linestyle=":")
        if d.log:
            a.set_xscale("log")
    bottom.set_ylabel("l(x) / g(x)")
    bottom.set_xlabel(d.name + (" (log scale)" if d.log else ""))
    bottom.legend(fontsize=8)
    bottom.grid(alpha=0.3)
    return np.array([top, bottom], dtype=object)
