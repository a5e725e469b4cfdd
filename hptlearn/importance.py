"""Which hyperparameters matter: importance with a bootstrap interval.

:func:`hyperparameter_importance` reads the candidates of a search (their hyperparameters and
mean CV scores), builds an Optuna study from them (``optuna.create_study`` and
``optuna.trial.create_trial``, one finished trial per candidate) and asks one of Optuna's
importance evaluators how much each hyperparameter matters; it repeats this on bootstrap
resamples of the candidates to say how sure the answer is.

The two evaluators answer different questions:

``"fanova"`` (the default), :class:`optuna.importance.FanovaImportanceEvaluator`
    fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014) fits a random forest that predicts the
    score from the hyperparameters and splits the variance of its predictions over the
    searched space into parts: the importance of a hyperparameter is the **fraction of the
    score's variance explained by that hyperparameter alone** (its main effect). The
    importances add up to at most 1; the rest is explained by interactions (and the noise
    the forest learned). This is "how much of the score's variation each hyperparameter
    explains".
``"ped-anova"``, :class:`optuna.importance.PedAnovaImportanceEvaluator`
    PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's default) compares, for each
    hyperparameter, the distribution of its values among the top 10 % of candidates with
    its distribution among all of them: the importance is **how much reaching the top
    quantile depends on the hyperparameter**, not a share of the variance. Its values are
    Pearson divergences, with no unit: they are normalized here to add up to 1. It is fast,
    and handles hyperparameters that only some candidates have (Optuna's conditional
    PED-ANOVA).

How the candidates become trials
--------------------------------
* **Log scale.** A numeric hyperparameter is log-scaled when every entry of the searched
  space for it is log: ``scipy.stats.loguniform`` (``reciprocal``),
  :class:`hptlearn.distributions.LogUniformInt`, or a list of positive numbers whose largest
  is at least 100 times its smallest (two decades or more) and whose median lies in the
  lowest quarter of their range (log-spaced values bunch there; ``[1, 50, 100, 150, 200]``
  stays linear). Without a space (a ``cv_results_`` dict or a results frame), the same
  rule is applied to the values evaluated. A log-scaled hyperparameter enters the study as
  ``log10`` of its value, so that both evaluators treat each factor of ten alike (Optuna's
  fANOVA would otherwise weigh ``1e-3..1e3`` by its raw width, where the last decade is
  99.9 % of the range).
* **Numbers** (``int``, ``float``) become ``FloatDistribution`` over the searched range
  (the distribution's support, or the list's smallest and largest value, widened to the
  values evaluated).
* **Everything else** (strings, ``None``, booleans, estimators) is categorical: a
  hyperparameter with at least one such value is a ``CategoricalDistribution`` whose
  choices are the values' ``repr`` (a string stays itself), so that any object works.
* **Hyperparameters that only some candidates have** (a list of dicts: ``gamma`` only with
  the ``rbf`` kernel). PED-ANOVA leaves them out of the trials that lack them (Optuna's
  conditional PED-ANOVA). fANOVA needs a value in every trial: a categorical one gets the
  extra choice ``"(absent)"``; a numeric one the value one tenth of its (log) range below
  its smallest, with the range widened to it, so that the forest can tell "absent" from any
  value. Its importance then includes whether it was set at all.
* **Failed candidates** (a score that is NaN or infinite) are left out; the frame's
  ``attrs["notes"]`` says how many.

Adaptive strategies
-------------------
The evaluators assume candidates spread over the space independently of their scores
(grid, random, quasi-random searches). Bayesian optimization and successive halving choose
later candidates from earlier scores, so their candidates crowd the region they found good
and the importance describes that region, not the whole space (Optuna's documentation warns
about the same bias). :func:`hyperparameter_importance` then raises a ``UserWarning``. For
successive halving (and Hyperband, ASHA: results with an ``iter`` entry), candidates scored
on different resources cannot be compared: only those of the largest resource
(``n_resources``, else the iteration) that still has at least :data:`MIN_CANDIDATES` scored
candidates are used (the smallest when none has).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from hptlearn.distributions import LogUniformInt
from hptlearn.results import frame_layout, param_columns, rank_metric

__all__ = ["EVALUATORS", "LEVEL", "MIN_CANDIDATES", "hyperparameter_importance"]

#: The evaluators :func:`hyperparameter_importance` knows, with what their importance means.
EVALUATORS = {
    "fanova": "fraction of the score's variance explained by the hyperparameter alone (fANOVA)",
    "ped-anova": "share of what it takes to reach the top 10 % of candidates (PED-ANOVA, "
    "normalized to add up to 1)",
}
#: The coverage of the bootstrap interval ``low..high``: 90 %, the 5th to 95th percentile.
LEVEL = 0.9
#: The fewest scored candidates importance is computed from (and the rule that picks the
#: iteration of successive halving).
MIN_CANDIDATES = 8
#: The strategies of :mod:`hptlearn.strategies` whose candidates do not depend on scores.
_NOT_ADAPTIVE = ("grid", "random", "quasi-random")
#: fANOVA's forest: fewer and shallower trees than Optuna's default (64 trees, depth 64),
#: which costs ten times more CPU for 200 candidates (1.7 s against 0.17 s per evaluation,
#: ``benchmarks/importance_cost.py``) for the same importances.
FANOVA_TREES, FANOVA_DEPTH = 16, 6
ABSENT = "(absent)"


def hyperparameter_importance(
    search,
    *,
    scoring=None,
    evaluator: str = "fanova",
    n_bootstrap: int = 30,
    random_state: int = 0,
    space=None,
) -> pd.DataFrame:
    """How much each hyperparameter of a search matters, with a 90 % bootstrap interval.

    Parameters
    ----------
    search : fitted search, ``cv_results_`` dict or results frame
        A fitted ``GridSearchCV``/``RandomizedSearchCV``/hptlearn live search (its space is
        read from ``param_grid`` or ``param_distributions``), its ``cv_results_``, or a frame
        from :func:`hptlearn.results_frame`.
    scoring : str, optional
        With several metrics, which one (the name in ``mean_test_<name>``); by default the
        one that ranks the candidates (:func:`hptlearn.results.rank_metric`).
    evaluator : {"fanova", "ped-anova"}, default="fanova"
        See the module's documentation: fANOVA measures the share of the score's variance
        each hyperparameter explains; PED-ANOVA how much reaching the top 10 % depends on
        it.
    n_bootstrap : int, default=30
        How many bootstrap resamples of the candidates give the interval (0: no interval,
        ``low`` and ``high`` are NaN).
    random_state : int, default=0
        Seeds the resampling and fANOVA's forests.
    space : dict or list of dicts, optional
        The searched space (distributions or value lists), which decides the log scale and
        the ranges. A search's own is read from it; give it with a ``cv_results_`` dict or a
        results frame, which do not keep it (the values evaluated decide otherwise).

    Returns
    -------
    pandas.DataFrame
        Indexed by hyperparameter (``index.name == "hyperparameter"``), sorted by
        importance (largest first), with the columns ``importance`` (computed on all
        candidates), ``low`` and ``high`` (the 5th and 95th percentiles of the importance
        over the bootstrap resamples: a 90 % percentile interval) and ``scale``
        (``"log"``, ``"linear"`` or ``"categorical"``). ``frame.attrs`` holds
        ``evaluator``, ``meaning``, ``level`` (0.9), ``n_candidates``, ``n_bootstrap``,
        ``score`` (the column used) and ``notes`` (a list of sentences: candidates left
        out, the halving iteration used).

    Raises
    ------
    TypeError
        When ``search`` is none of the three.
    ValueError
        For an unknown evaluator or metric, a negative ``n_bootstrap``, or fewer than
        :data:`MIN_CANDIDATES` scored candidates.

    Warns
    -----
    UserWarning
        When the candidates came from an adaptive strategy (Bayesian optimization,
        successive halving), as told by the search's record in :mod:`hptlearn.strategies`
        (any strategy but grid, random and quasi-random) or by an ``iter`` entry in
        ``cv_results_`` (successive halving). A results frame keeps no strategy: no warning.

    Notes
    -----
    The interval resamples the candidates with replacement and recomputes the importance
    (for fANOVA, with a new forest seed each time): it shows how much the answer would move
    with another draw of as many candidates from the same search, not the noise of the CV
    scores themselves. The estimate on all candidates may sit just outside its interval:
    a resample holds about 63 % of the distinct candidates (the rest are repeats), so its
    forest sees fewer points and can credit a weak hyperparameter with less. fANOVA uses
    :data:`FANOVA_TREES` trees of depth at most
    :data:`FANOVA_DEPTH` (Optuna's default is 64 trees of depth 64). Measured by
    ``benchmarks/importance_cost.py`` on four hyperparameters, one evaluation takes 0.12,
    0.17 and 0.18 s of CPU for 100, 200 and 300 candidates (Optuna's default forest: 0.64,
    1.7 and 2.9 s), and the importances agree within 0.005; 50 resamples take 5 to 9 s of
    CPU. An irrelevant hyperparameter gets a small positive fANOVA importance (the forest
    splits on noise too), rarely exactly 0.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.uniform(size=60), rng.uniform(size=60)
    >>> cv_results = {
    ...     "params": [{"a": x, "b": z} for x, z in zip(a, b)],
    ...     "mean_test_score": 3 * a + 0.1 * rng.normal(size=60),
    ... }
    >>> table = hyperparameter_importance(cv_results, n_bootstrap=5)
    >>> list(table.index), bool(table.loc["a", "importance"] > 0.8)
    (['a', 'b'], True)
    """
    if evaluator not in EVALUATORS:
        raise ValueError(
            f"evaluator must be one of {', '.join(map(repr, EVALUATORS))}; got {evaluator!r}."
        )
    if isinstance(n_bootstrap, bool) or not isinstance(n_bootstrap, (int, np.integer)):
        raise TypeError(f"n_bootstrap must be a whole number, got {n_bootstrap!r}.")
    if n_bootstrap < 0:
        raise ValueError(f"n_bootstrap must be 0 or more, got {n_bootstrap}.")
    params, scores, own_space, column, notes = _candidates(search, scoring)
    if space is None:
        space = own_space
    elif isinstance(space, Mapping):
        space = [space]
    else:
        space = list(space)
    _warn_if_adaptive(search, notes)
    keep = np.isfinite(scores)
    if not keep.all():
        notes.append(
            f"{int((~keep).sum())} failed candidate(s) (score NaN) left out; "
            f"{int(keep.sum())} used."
        )
    params = [p for p, k in zip(params, keep, strict=True) if k]
    scores = scores[keep]
    if len(scores) < MIN_CANDIDATES:
        raise ValueError(
            f"Importance needs at least {MIN_CANDIDATES} scored candidates; this search has "
            f"{len(scores)}. Run a longer search (more n_iter, or a finer grid)."
        )
    names = sorted({name for p in params for name in p})
    encodings = {name: _encoding(name, params, space) for name in names}
    trials = _trials(params, scores, encodings, conditional=evaluator == "ped-anova")

    point = _evaluate(trials, names, evaluator, random_state)
    rng = np.random.default_rng(random_state)
    samples = np.full((n_bootstrap, len(names)), np.nan)
    for b in range(n_bootstrap):
        chosen = rng.integers(0, len(trials), len(trials))
        values = _evaluate([trials[i] for i in chosen], names, evaluator, random_state + 1 + b)
        samples[b] = [values[n] for n in names]
    tail = 100 * (1 - LEVEL) / 2
    low, high = (
        np.percentile(samples, [tail, 100 - tail], axis=0)
        if n_bootstrap
        else (np.full(len(names), np.nan),) * 2
    )
    table = pd.DataFrame(
        {
            "importance": [point[n] for n in names],
            "low": low,
            "high": high,
            "scale": [encodings[n].scale for n in names],
        },
        index=pd.Index(names, name="hyperparameter"),
    )
    table = table.sort_values("importance", ascending=False, kind="stable")
    table.attrs.update(
        evaluator=evaluator,
        meaning=EVALUATORS[evaluator],
        level=LEVEL,
        n_candidates=len(scores),
        n_bootstrap=int(n_bootstrap),
        score=column,
        notes=notes,
    )
    return table


# --------------------------------------------------------------------------------------
# reading the candidates


def _candidates(search, scoring):
    """``(params, scores, space, score column, notes)`` of what was given."""
    notes: list[str] = []
    if isinstance(search, pd.DataFrame):
        frame = search
        layout = frame_layout(frame)
        column = _score_key(layout.metrics, layout.metric, scoring, frame.columns)
        names = param_columns(frame)
        params = [
            {n: row[n] for n in names if not _missing(row[n])}
            for row in frame[names].to_dict("records")
        ]
        return params, frame[column].to_numpy(dtype=float), None, column, notes
    if isinstance(search, Mapping):
        cv_results, space = search, None
    elif hasattr(search, "cv_results_"):
        cv_results, space = search.cv_results_, _space_of(search)
    else:
        raise TypeError(
            "hyperparameter_importance needs a fitted search (GridSearchCV, "
            "RandomizedSearchCV, an hptlearn live search), its cv_results_ dict or a frame "
            f"from hptlearn.results_frame; got {type(search).__name__}. If it is a search, "
            "call .fit(X, y) first."
        )
    if "params" not in cv_results:
        raise ValueError("These results have no 'params' entry: pass a search's cv_results_.")
    metrics = [k[len("mean_test_") :] for k in cv_results if k.startswith("mean_test_")]
    if not metrics:
        raise ValueError("These results have no mean_test_<metric> entry.")
    default = rank_metric(cv_results, getattr(search, "refit", None))
    column = _score_key(metrics, default, scoring, cv_results)
    params = [dict(p) for p in cv_results["params"]]
    scores = np.asarray(cv_results[column], dtype=float)
    if "iter" in cv_results:  # successive halving: one resource only
        rows = _halving_rows(cv_results, scores, notes)
        params = [params[i] for i in rows]
        scores = scores[rows]
    return params, scores, space, column, notes


def _score_key(metrics, default, scoring, columns):
    metric = default if scoring is None else scoring
    if metric not in metrics:
        raise ValueError(
            f"scoring={scoring!r} is not a metric of this search; its metrics are: "
            f"{', '.join(map(repr, metrics))}."
        )
    column = f"mean_test_{metric}"
    if column not in columns:
        raise ValueError(f"No column {column!r} in these results.")
    return column


def _halving_rows(cv_results, scores, notes):
    """The rows of one resource: the largest with at least MIN_CANDIDATES scored candidates
    (the smallest when none has). The resource is ``n_resources`` when the results have it
    (Hyperband's brackets give one iteration several resources), else the iteration."""
    if "n_resources" in cv_results:
        levels, what = np.asarray(cv_results["n_resources"]), "resource"
    else:
        levels, what = np.asarray(cv_results["iter"]), "iteration"
    scored = {v: int(np.isfinite(scores[levels == v]).sum()) for v in np.unique(levels)}
    enough = [v for v, n in scored.items() if n >= MIN_CANDIDATES]
    chosen = max(enough) if enough else min(scored)
    rows = np.flatnonzero(levels == chosen)
    where = f"evaluated on {chosen} resources" if what == "resource" else f"of iteration {chosen}"
    notes.append(
        f"Multi-fidelity search: only the {len(rows)} candidates {where} are used (the "
        f"largest {what} with at least {MIN_CANDIDATES} scored candidates): scores on "
        "different resources do not compare."
    )
    return rows


def _space_of(search):
    for attr in ("param_distributions", "param_grid"):
        space = getattr(search, attr, None)
        if space is not None:
            return [space] if isinstance(space, Mapping) else list(space)
    return None


def _warn_if_adaptive(search, notes):
    from hptlearn.strategies import strategy

    label = None
    try:
        record = strategy(search)
    except (ValueError, TypeError):
        record = None
    if record is not None and (record.halving or record.name not in _NOT_ADAPTIVE):
        label = record.label
    elif isinstance(getattr(search, "cv_results_", search), Mapping) and "iter" in getattr(
        search, "cv_results_", search
    ):
        label = "Successive halving"
    if label is None:
        return
    message = (
        f"These candidates came from an adaptive strategy ({label}): it chose later "
        "candidates from the scores of earlier ones, so they crowd the region it found good, "
        "and the importance describes that region rather than the whole space. For the "
        "importance over the whole space, use the candidates of a grid, random or "
        "quasi-random search."
    )
    notes.append(message)
    warnings.warn(message, UserWarning, stacklevel=3)


# --------------------------------------------------------------------------------------
# encoding the hyperparameters as Optuna distributions


class _Encoding:
    """How one hyperparameter enters the study: its scale, distribution and values."""

    def __init__(self, name, scale, low=None, high=None, choices=None, absent=False):
        self.name, self.scale = name, scale
        self.low, self.high, self.choices = low, high, choices
        self.absent = absent  # some candidates lack it

    def distribution(self, conditional):
        from optuna.distributions import CategoricalDistribution, FloatDistribution

        if self.scale == "categorical":
            extra = [ABSENT] if self.absent and not conditional else []
            return CategoricalDistribution(list(self.choices) + extra)
        low = self.low
        if self.absent and not conditional:
            low = self.low - (self.high - self.low) / 10 if self.high > self.low else low - 1
        return FloatDistribution(low, self.high)

    def value(self, candidate, conditional):
        if self.name not in candidate:
            if conditional:
                return None
            return ABSENT if self.scale == "categorical" else self.distribution(False).low
        v = candidate[self.name]
        if self.scale == "categorical":
            return _key(v)
        return math.log10(float(v)) if self.scale == "log" else float(v)


def _key(value):
    return value if isinstance(value, str) else repr(value)


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def _is_number(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_)
    )


def _is_distribution(entry):
    return hasattr(entry, "rvs")


def _log_entry(entry):
    if isinstance(entry, LogUniformInt):
        return True
    if _is_distribution(entry):
        return getattr(getattr(entry, "dist", None), "name", None) in ("loguniform", "reciprocal")
    values = list(entry)
    return _two_decades(values)


def _two_decades(values):
    """Positive numbers spanning two decades or more, bunched at the low end: their median
    lies in the lowest quarter of their range (as log-spaced values do; evenly spread values
    have it near the middle)."""
    if len(values) < 2 or not all(_is_number(v) for v in values):
        return False
    low, high = float(min(values)), float(max(values))
    if low <= 0 or high / low < 100:
        return False
    return (float(np.median(values)) - low) / (high - low) < 0.25


def _encoding(name, params, space):
    values = [p[name] for p in params if name in p]
    absent = len(values) < len(params)
    if not all(_is_number(v) for v in values):
        choices = list(dict.fromkeys(_key(v) for v in values))
        for entry in _entries(name, space):
            if not _is_distribution(entry):
                choices += [k for k in (_key(v) for v in entry) if k not in choices]
        return _Encoding(name, "categorical", choices=choices, absent=absent)
    entries = _entries(name, space)
    log = all(_log_entry(e) for e in entries) if entries else _two_decades(values)
    if log and min(values) <= 0:
        log = False
    lows, highs = [min(values)], [max(values)]
    for entry in entries:
        if _is_distribution(entry):
            low, high = (float(v) for v in entry.support())
        else:
            numbers = [v for v in entry if _is_number(v)]
            low, high = (min(numbers), max(numbers)) if numbers else (np.inf, -np.inf)
        if np.isfinite(low):
            lows.append(low)
        if np.isfinite(high):
            highs.append(high)
    low, high = float(min(lows)), float(max(highs))
    if log:
        low, high = math.log10(low), math.log10(high)
    return _Encoding(name, "log" if log else "linear", low, high, absent=absent)


def _entries(name, space):
    return [sub[name] for sub in space or () if name in sub]


# --------------------------------------------------------------------------------------
# the study and the evaluators


def _trials(params, scores, encodings, conditional):
    import optuna

    trials = []
    for candidate, score in zip(params, scores, strict=True):
        values, dists = {}, {}
        for name, enc in encodings.items():
            value = enc.value(candidate, conditional)
            if value is None:
                continue
            values[name] = value
            dists[name] = enc.distribution(conditional)
        trials.append(
            optuna.trial.create_trial(params=values, distributions=dists, value=float(score))
        )
    return trials


def _evaluate(trials, names, evaluator, seed) -> dict:
    import optuna
    from optuna.importance import FanovaImportanceEvaluator, PedAnovaImportanceEvaluator

    from hptlearn.bayes import _quiet_optuna

    with _quiet_optuna():
        study = optuna.create_study(direction="maximize")
    study.add_trials(trials)
    result = dict.fromkeys(names, 0.0)
    if evaluator == "fanova":
        try:
            values = FanovaImportanceEvaluator(
                n_trees=FANOVA_TREES, max_depth=FANOVA_DEPTH, seed=seed
            ).evaluate(study)
        except RuntimeError:  # every score equal: nothing to explain
            values = {}
        result.update({k: float(v) for k, v in values.items()})
        return result
    values = PedAnovaImportanceEvaluator().evaluate(study)
    total = float(sum(values.values()))
    if total > 0:
        result.update({k: float(v) / total for k, v in values.items()})
    return result
