"""The race lab: every strategy, many seeds, on recorded learning curves, in seconds.

A race on real training (:func:`hptlearn.compare.compare_strategies`) takes minutes per data
set, so it cannot be repeated over many seeds, and it reports the best CV score each
strategy *found*, not how good the configuration it *chose* really is. The race lab runs
the same live searches, unchanged, on a :class:`hptlearn.replay.ReplayEstimator`: every fit
is a look-up in a recording of learning curves (:mod:`hptlearn.replay`), so twenty seeds of
every strategy take seconds, and every choice can be checked against the truth (the test
accuracy of the chosen configuration at the full budget, which no search sees).

:func:`race_lab` runs the race; its :class:`RaceLab` holds

``runs``
    One row per strategy and seed: ``strategy``, ``seed``, ``budget`` (what the run spent,
    in full-budget evaluations: one configuration trained to the full resource on every
    fold), ``n_evaluations``, ``reported`` (the best mean CV score, ``best_score_``),
    ``true`` (the true score of the configuration it chose), ``curse`` (``reported -
    true``: the winner's curse), ``regret`` (the best true score of the recording minus
    ``true``), ``simulated_seconds`` (the recorded fit times of all its fits: the time the
    run would have taken on one core), ``wall_seconds`` (what the replayed run took) and
    the chosen hyperparameters.
``trials``
    One row per evaluation (a row of ``cv_results_``), in the order evaluated: ``strategy``,
    ``seed``, ``order``, ``config``, the resource, ``score``, ``simulated_elapsed`` (the
    run's simulated seconds so far, this evaluation included), ``incumbent`` (the
    configuration the run would choose now: the best score among the evaluations at the
    largest resource reached so far), ``incumbent_score`` and ``incumbent_true``.

:meth:`RaceLab.summary` gives the means per strategy with bootstrap intervals over seeds,
:meth:`RaceLab.anytime` the best-so-far curves against simulated time.

**The budget.** ``budget`` counts full-budget evaluations: a random, quasi-random or
Bayesian search evaluates ``budget`` configurations to the full resource; the grid has at
most ``budget`` candidates (:func:`hptlearn.compare.grid_for_budget`); a multi-fidelity
search (successive halving on ``epochs``, and any registered strategy whose search takes
``resource``, ``max_resources`` and ``min_resources``) gets the schedule that spends the
most without exceeding it (ASHA, whose promotions depend on the order results arrive: the
schedule its plan expects, calibrated on a pilot run; what each run spent is in
``runs["budget"]``).

**The fairness dial** (:func:`fairness_dial`). An adaptive strategy at budget ``n`` against
random and quasi-random search at ``k x n`` (``k = 1, 2, 3``): the probability that the
adaptive strategy's choice is truly better than the baseline's (over every pair of seeds;
ties, often the same configuration, are reported apart), with a bootstrap interval over
seeds. The tuning playbook's advice that an adaptive method should beat random search
given *twice* its budget is tested, not assumed.
Random and quasi-random draws are prefix-stable (with an int seed, the first ``n`` of
``3n`` draws are the ``n`` draws of a run of ``n``), so each seed is run once at the
largest budget and the smaller budgets are its prefixes.

**Simulated time.** A replayed fit costs its recorded fit time (the cumulative training
time at its resource, on its fold): a search that evaluates a configuration at 3 epochs and
again at 9 pays for 3 + 9 epochs, as scikit-learn's successive halving refits from scratch.
"""

from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hptlearn.compare.budget import _grid_sizes, grid_for_budget, size_halving
from hptlearn.replay import Recording, ReplayEstimator, load_recording
from hptlearn.strategies import DISTRIBUTIONS, STRATEGIES
from hptlearn.strategies import strategy as _strategy

__all__ = [
    "RaceLab",
    "bootstrap_interval",
    "fairness_dial",
    "lab_search",
    "race_lab",
    "win_probability",
]

#: The parameters through which a multi-fidelity search spends a resource other than samples.
_MULTI_FIDELITY = ("resource", "max_resources", "min_resources")


def _accepts(cls, *names) -> bool:
    params = inspect.signature(cls).parameters
    return all(n in params for n in names)


def _multi_fidelity(record) -> bool:
    return _accepts(record.search_class, *_MULTI_FIDELITY)


def _lab_space(rec: Recording, record):
    return rec.distributions() if record.reads == DISTRIBUTIONS else rec.grid()


# --------------------------------------------------------------------------------------
# One search sized to a budget
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabPlan:
    """What one strategy runs in the lab: its space, its search arguments, in words."""

    strategy: str
    space: dict
    kwargs: dict
    description: str


def _common(rec, n_jobs):
    return dict(cv=rec.cv, n_jobs=n_jobs, refit=False, error_score="raise")


def plan_lab_strategy(rec: Recording, name: str, budget: int, *, factor=3, n_jobs=1) -> LabPlan:
    """How strategy ``name`` spends ``budget`` full-budget evaluations on ``rec``."""
    record = _strategy(name)
    R = rec.max_resources
    if _multi_fidelity(record):
        return _plan_multi_fidelity(rec, record, budget, factor, n_jobs)
    space = _lab_space(rec, record)
    if record.sampled is None:  # a grid
        grid, description = grid_for_budget(space, budget)
        return LabPlan(record.name, grid, {}, description)
    kwargs = dict.fromkeys(record.budget_args, budget)
    return LabPlan(record.name, space, kwargs, f"{budget} {record.sampled} at {R} {rec.resource}")


def _plan_multi_fidelity(rec, record, budget, factor, n_jobs):
    R, n_splits = rec.max_resources, rec.n_splits
    base = dict(resource=rec.resource, max_resources=R, factor=factor)
    if "return_train_score" in inspect.signature(record.search_class).parameters:
        base["return_train_score"] = False
    space = _lab_space(rec, record)
    common = dict(smallest=1, max_resources=R, factor=factor, n_splits=n_splits)
    # scikit-learn's successive halving: its schedule is known in closed form
    sklearn_halving = _accepts(record.search_class, "aggressive_elimination")
    if sklearn_halving and record.sampled is None:
        sizes = _grid_sizes(space, range(1, budget * R + 1))
        n, r, schedule = size_halving(float(budget * n_splits), sorted(sizes), **common)
        space, _ = grid_for_budget(space, sizes[n])
        kwargs = {**base, "min_resources": r}
        return LabPlan(record.name, space, kwargs, f"grid of {n}: {_schedule_text(schedule)}")
    if sklearn_halving and "n_candidates" in record.budget_args:
        n, r, schedule = size_halving(float(budget * n_splits), range(1, budget * R + 1), **common)
        kwargs = {**base, "min_resources": r, "n_candidates": n}
        return LabPlan(record.name, space, kwargs, _schedule_text(schedule))
    return _plan_by_search(rec, record, space, base, budget, n_jobs)


def _schedule_text(schedule) -> str:
    steps = ", then ".join(
        f"{c} x {r}" for c, r in zip(schedule.n_candidates, schedule.n_resources, strict=True)
    )
    return f"{steps} epochs ({schedule.cost / schedule.n_splits:.3g} full-budget evaluations)"


def _plan_by_search(rec, record, space, base, budget, n_jobs):
    """Any other multi-fidelity search: the most expensive setting its own ``plan`` says
    fits the budget, over ``min_resources`` (smallest first: on a tie, the more
    exploratory setting; ``min_resources = max_resources``, no early stopping at all, only
    when nothing else fits) and its other whole-number budget arguments.

    A plan that gives an ``expected`` schedule besides its upper bounds (ASHA, whose
    promotions depend on the order results arrive) is sized by the expected cost, then
    calibrated: one pilot run (``random_state=0``) measures what the setting really
    spends, and if that is more than expected the setting is sized again for the budget
    divided by the ratio. The runs' ``budget`` column says what each spent."""
    R, factor = rec.max_resources, base["factor"]
    others = [a for a in record.budget_args if a not in (*_MULTI_FIDELITY, "factor")]
    est = ReplayEstimator(rec)
    mins, r = [], R
    while r > 1:
        mins.append(r)
        r = max(1, r // factor)
    mins = sorted({1, *mins})
    expects = []

    def cost(kwargs):
        search = record.make_search(est, space, random_state=0, **_common(rec, n_jobs), **kwargs)
        try:
            plan = search.plan(rec.X, rec.y)
        except (ValueError, TypeError):
            return math.inf
        expected = getattr(plan, "expected", None)  # ASHA: synchronous halving's cost
        if expected is not None:
            expects.append(True)
            return expected.full_fit_equivalents / rec.n_splits
        return plan.full_fit_equivalents / rec.n_splits

    def best_setting(target):
        best = None
        for m in mins:
            if m == R and best is not None:
                break
            kwargs = {**base, "min_resources": m}
            if others:
                lo, hi = 1, max(1, int(target * R))
                if cost({**kwargs, **dict.fromkeys(others, lo)}) > target:
                    continue
                while lo < hi:  # the largest value within the budget (the cost grows with it)
                    mid = (lo + hi + 1) // 2
                    if cost({**kwargs, **dict.fromkeys(others, mid)}) <= target:
                        lo = mid
                    else:
                        hi = mid - 1
                kwargs.update(dict.fromkeys(others, lo))
            c = cost(kwargs)
            if c <= target and (best is None or c > best[0]):
                best = (c, kwargs)
        if best is None:
            raise ValueError(f"No setting of {record.name!r} fits a budget of {budget}.")
        return best

    c, kwargs = best_setting(budget)
    note = ""
    if expects:
        pilot = LabPlan(record.name, space, kwargs, "")
        spent = _trials(rec, lab_search(rec, pilot, 0, n_jobs=n_jobs).fit(rec.X, rec.y))
        ratio = float(spent[rec.resource].sum()) / R / c
        if ratio > 1:
            c, kwargs = best_setting(budget / ratio)
            note = f"; sized for {budget / ratio:.3g}: a pilot run spent {ratio:.3g} x its plan"
    shown = ", ".join(
        f"{k}={v}" for k, v in kwargs.items() if k not in ("resource", "return_train_score")
    )
    what = "expected" if expects else "full-budget evaluations"
    return LabPlan(record.name, space, kwargs, f"{shown} ({c:.3g} {what}{note})")


def lab_search(rec, plan: LabPlan, seed, *, n_jobs=1):
    """The live search of ``plan`` on the replay estimator, unfitted."""
    record = _strategy(plan.strategy)
    return record.make_search(
        ReplayEstimator(rec),
        plan.space,
        random_state=seed,
        **_common(rec, n_jobs),
        **plan.kwargs,
    )


# --------------------------------------------------------------------------------------
# One run, read
# --------------------------------------------------------------------------------------


def _trials(rec: Recording, search) -> pd.DataFrame:
    results = search.cv_results_
    params = results["params"]
    configs = np.array([rec.config(p) for p in params], dtype=int)
    resources = np.array([p.get(rec.resource, rec.max_resources) for p in params], dtype=int)
    steps = np.array([rec.step(r) for r in resources], dtype=int)
    seconds = rec.fit_ms[configs, :, steps].sum(axis=1) / 1000.0
    scores = np.asarray(results["mean_test_score"], dtype=float)
    truth = rec.true_scores
    # the incumbent: the best score among the evaluations at the largest resource so far
    incumbent = np.empty(len(params), dtype=int)
    best_key, best_i = None, -1
    for i, (r, s) in enumerate(zip(resources, scores, strict=True)):
        key = (r, s)
        if best_key is None or key > best_key:
            best_key, best_i = key, i
        incumbent[i] = best_i
    return pd.DataFrame(
        {
            "order": np.arange(1, len(params) + 1),
            "config": configs,
            rec.resource: resources,
            "score": scores,
            "simulated_elapsed": np.cumsum(seconds),
            "incumbent": configs[incumbent],
            "incumbent_score": scores[incumbent],
            "incumbent_true": truth[configs[incumbent]],
        }
    )


def _chosen(rec, search, trials, prefix=None):
    """The configuration a run chooses (its ``best_index_``; for a prefix of a run, the
    first best score of the prefix, as scikit-learn ranks) and its best score."""
    if prefix is None:
        i = int(search.best_index_)
        return int(trials["config"].iat[i]), float(trials["score"].iat[i])
    scores = trials["score"].to_numpy()[:prefix]
    i = int(np.argmax(np.where(np.isnan(scores), -np.inf, scores)))
    return int(trials["config"].iat[i]), float(scores[i])


def _run_row(rec, strategy, seed, trials, config, reported, wall, n=None):
    sub = trials if n is None else trials.iloc[:n]
    truth = float(rec.true_scores[config])
    full = rec.max_resources
    spent = float((sub[rec.resource].to_numpy(dtype=float) / full).sum())
    row = {
        "strategy": strategy,
        "seed": seed,
        "budget": spent,
        "n_evaluations": len(sub),
        "reported": reported,
        "true": truth,
        "curse": reported - truth,
        "regret": float(rec.true_scores.max()) - truth,
        "simulated_seconds": float(sub["simulated_elapsed"].iat[-1]) if len(sub) else 0.0,
        "wall_seconds": wall,
        "config": config,
    }
    row.update(zip(rec.params, rec._config_values[config], strict=True))
    return row


def _seeds(random_state, n) -> list[int]:
    return [int(s) for s in np.random.RandomState(random_state).randint(0, 2**31 - 1, size=n)]


def _run(rec, plan, seed, n_jobs):
    search = lab_search(rec, plan, seed, n_jobs=n_jobs)
    start = time.perf_counter()
    search.fit(rec.X, rec.y)
    wall = time.perf_counter() - start
    return search, _trials(rec, search), wall


# --------------------------------------------------------------------------------------
# The race
# --------------------------------------------------------------------------------------


@dataclass
class RaceLab:
    """The result of :func:`race_lab` (see the module docstring for the frames)."""

    runs: pd.DataFrame
    trials: pd.DataFrame
    recording: Recording = field(repr=False)
    budget: int
    plans: dict = field(default_factory=dict, repr=False)
    wall_seconds: float = 0.0

    @property
    def strategies(self) -> list[str]:
        return list(dict.fromkeys(self.runs["strategy"]))

    def summary(self, *, n_boot=1000, level=0.95, random_state=0) -> pd.DataFrame:
        """One row per strategy: seeds, mean budget spent, mean reported and true scores
        (with the true score's bootstrap interval over seeds), the winner's curse (mean
        of ``reported - true``) with its interval, the mean regret, the mean simulated
        seconds."""
        rows = []
        for name, runs in self.runs.groupby("strategy", sort=False):
            low, high = bootstrap_interval(
                runs["curse"].to_numpy(), n_boot=n_boot, level=level, random_state=random_state
            )
            t_low, t_high = bootstrap_interval(
                runs["true"].to_numpy(), n_boot=n_boot, level=level, random_state=random_state
            )
            rows.append(
                {
                    "strategy": name,
                    "seeds": len(runs),
                    "budget": runs["budget"].mean(),
                    "reported": runs["reported"].mean(),
                    "true": runs["true"].mean(),
                    "true_low": t_low,
                    "true_high": t_high,
                    "curse": runs["curse"].mean(),
                    "curse_low": low,
                    "curse_high": high,
                    "regret": runs["regret"].mean(),
                    "simulated_seconds": runs["simulated_seconds"].mean(),
                }
            )
        return pd.DataFrame(rows)

    def anytime(self, times=None, *, column="incumbent_true") -> pd.DataFrame:
        """Best-so-far curves: for every strategy, seed and time of ``times`` (simulated
        seconds; default 60 points, log-spaced over the runs' span), the ``column`` of the
        run's incumbent at that time (NaN before its first evaluation). A long frame with
        columns ``strategy``, ``seed``, ``time``, ``value``."""
        if times is None:
            elapsed = self.trials["simulated_elapsed"]
            times = np.geomspace(max(elapsed.min(), 1e-3), elapsed.max(), 60)
        times = np.asarray(times, dtype=float)
        frames = []
        for (name, seed), t in self.trials.groupby(["strategy", "seed"], sort=False, dropna=False):
            at = np.searchsorted(t["simulated_elapsed"].to_numpy(), times, side="right") - 1
            values = t[column].to_numpy()[np.clip(at, 0, None)]
            values = np.where(at >= 0, values, np.nan)
            frames.append(
                pd.DataFrame({"strategy": name, "seed": seed, "time": times, "value": values})
            )
        return pd.concat(frames, ignore_index=True)


def race_lab(
    recording="learning_curves",
    *,
    strategies=None,
    seeds=20,
    budget=9,
    factor=3,
    random_state=0,
    n_jobs=1,
) -> RaceLab:
    """Race every strategy over ``seeds`` seeds on a recording of learning curves.

    Parameters
    ----------
    recording : str or Recording, default="learning_curves"
    strategies : sequence of str, optional
        Default: every registered strategy (:data:`hptlearn.strategies.STRATEGIES`).
    seeds : int, default=20
        Runs of each seeded strategy (a strategy that runs once, the grid, runs once).
        Successive halving on a grid draws nothing and, on a recording, spends epochs, not
        samples, so its seed changes nothing: it runs once, and that run is counted for
        each seed (with ``wall_seconds`` 0 for the copies).
    budget : int, default=9
        Full-budget evaluations per run (see the module docstring).
    factor : int, default=3
        The factor of the multi-fidelity searches.
    random_state : int, default=0
        Seeds the runs.
    n_jobs : int, default=1

    Returns
    -------
    RaceLab
    """
    rec = load_recording(recording)
    names = list(STRATEGIES) if strategies is None else [_strategy(s).name for s in strategies]
    if seeds < 1 or budget < 1:
        raise ValueError(f"seeds and budget must be >= 1, got seeds={seeds}, budget={budget}.")
    start = time.perf_counter()
    plans = {s: plan_lab_strategy(rec, s, budget, factor=factor, n_jobs=n_jobs) for s in names}
    runs, trials = [], []
    for name in names:
        record = _strategy(name)
        # On a recording the resource is never the samples, so a strategy that draws no
        # candidate (successive halving on a grid) ignores its seed: every seed would give
        # the same run, so it runs once and that run is counted for each seed.
        same_for_every_seed = record.sampled is None
        for i, seed in enumerate([None] if record.runs_once else _seeds(random_state, seeds)):
            fresh = i == 0 or not same_for_every_seed
            if fresh:
                search, t, wall = _run(rec, plans[name], seed, n_jobs)
                config, reported = _chosen(rec, search, t)
            spent = wall if fresh else 0.0  # a counted run took no time of its own
            runs.append(_run_row(rec, name, seed, t, config, reported, spent))
            trials.append(t.assign(strategy=name, seed=seed))
    trials = pd.concat(trials, ignore_index=True)
    trials = trials[
        ["strategy", "seed", *[c for c in trials.columns if c not in ("strategy", "seed")]]
    ]
    return RaceLab(pd.DataFrame(runs), trials, rec, budget, plans, time.perf_counter() - start)


# --------------------------------------------------------------------------------------
# Statistics over seeds
# --------------------------------------------------------------------------------------


def bootstrap_interval(values, *, n_boot=1000, level=0.95, random_state=0, statistic=np.mean):
    """A percentile bootstrap interval of ``statistic`` over ``values`` (one per seed).

    >>> bootstrap_interval([1.0, 1.0, 1.0])
    (1.0, 1.0)
    """
    values = np.asarray(values, dtype=float)
    if len(values) < 2:
        v = float(statistic(values)) if len(values) else math.nan
        return v, v
    rng = np.random.default_rng(random_state)
    idx = rng.integers(0, len(values), size=(n_boot, len(values)))
    stats = (
        np.apply_along_axis(statistic, 1, values[idx])
        if statistic is not np.mean
        else values[idx].mean(axis=1)
    )
    alpha = (1 - level) / 2
    return float(np.quantile(stats, alpha)), float(np.quantile(stats, 1 - alpha))


def _p_greater(a, b) -> float:
    """P(A > B) over every pair of one value of ``a`` and one of ``b``."""
    a = np.asarray(a, dtype=float)[:, None]
    b = np.asarray(b, dtype=float)[None, :]
    return float((a > b).mean())


def win_probability(a, b, *, n_boot=1000, level=0.95, random_state=0):
    """The probability that a run of side A ends truly better than a run of side B.

    ``a`` and ``b`` hold the true scores of independent runs (one per seed). The estimate
    compares every run of A with every run of B (a tie is a win of neither side); the
    interval is a percentile bootstrap that resamples the seeds of each side.

    Returns
    -------
    p, low, high : float

    >>> win_probability([0.9, 0.8], [0.85, 0.85])[0]
    0.5
    >>> win_probability([0.9, 0.9], [0.9, 0.8])[0]  # two ties in four pairs
    0.5
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if not len(a) or not len(b):
        raise ValueError("Both sides need at least one run.")
    p = _p_greater(a, b)
    rng = np.random.default_rng(random_state)
    ia = rng.integers(0, len(a), size=(n_boot, len(a)))
    ib = rng.integers(0, len(b), size=(n_boot, len(b)))
    A, B = a[ia], b[ib]  # (n_boot, n_a), (n_boot, n_b)
    boot = (A[:, :, None] > B[:, None, :]).mean(axis=(1, 2))
    alpha = (1 - level) / 2
    return p, float(np.quantile(boot, alpha)), float(np.quantile(boot, 1 - alpha))


def fairness_dial(
    recording="learning_curves",
    *,
    adaptive=None,
    baselines=("random", "quasi-random"),
    budget=9,
    ks=(1, 2, 3),
    seeds=20,
    factor=3,
    random_state=0,
    n_boot=1000,
    level=0.95,
    n_jobs=1,
    lab=None,
) -> pd.DataFrame:
    """Adaptive strategies at ``budget`` against baselines at ``k x budget``.

    Parameters
    ----------
    adaptive : sequence of str, optional
        Default: every registered strategy that is neither a grid nor a baseline.
    baselines : sequence of str, default=("random", "quasi-random")
        Prefix-stable samplers: each seed runs once at ``max(ks) x budget`` and the smaller
        budgets are its first candidates.
    lab : RaceLab, optional
        A race at ``budget`` whose runs of the adaptive strategies are reused.

    Returns
    -------
    pandas.DataFrame
        One row per adaptive strategy, baseline and ``k``: ``adaptive``, ``baseline``,
        ``k``, ``adaptive_budget`` and ``baseline_budget`` (mean full-budget evaluations
        spent), ``adaptive_true`` and ``baseline_true`` (mean true scores), ``p_adaptive``
        (P(adaptive's true score > baseline's), over every pair of seeds) with ``low`` and
        ``high`` (its bootstrap interval), ``p_baseline`` (P(baseline's > adaptive's)) and
        ``p_tie`` (both chose equally good configurations, often the same one).
    """
    rec = load_recording(recording)
    if adaptive is None:
        adaptive = [s for s, r in STRATEGIES.items() if r.sampled is not None or r.halving]
        adaptive = [s for s in adaptive if s not in baselines]
    adaptive = [_strategy(s).name for s in adaptive]
    baselines = [_strategy(s).name for s in baselines]
    seed_list = _seeds(random_state, seeds)
    # the adaptive side, at the budget
    if lab is not None and set(adaptive) <= set(lab.strategies) and lab.budget == budget:
        side = {s: lab.runs[lab.runs["strategy"] == s] for s in adaptive}
    else:
        side = {
            s: race_lab(
                rec,
                strategies=[s],
                seeds=seeds,
                budget=budget,
                factor=factor,
                random_state=random_state,
                n_jobs=n_jobs,
            ).runs
            for s in adaptive
        }
    # the baselines, once per seed at the largest budget, read at each prefix
    base = {}
    k_max = max(ks)
    for name in baselines:
        record = _strategy(name)
        if record.runs_once or record.sampled is None:
            raise ValueError(
                f"A baseline must draw its candidates (random, quasi-random), got {name!r}."
            )
        plan = plan_lab_strategy(rec, name, budget * k_max, factor=factor, n_jobs=n_jobs)
        rows = {k: [] for k in ks}
        for seed in seed_list:
            search, t, wall = _run(rec, plan, seed, n_jobs)
            for k in ks:
                n = k * budget
                config, reported = _chosen(rec, search, t, prefix=n)
                rows[k].append(_run_row(rec, name, seed, t, config, reported, wall, n=n))
        base[name] = {k: pd.DataFrame(v) for k, v in rows.items()}
    out = []
    for a in adaptive:
        a_runs = side[a]
        for b in baselines:
            for k in ks:
                b_runs = base[b][k]
                p, low, high = win_probability(
                    a_runs["true"],
                    b_runs["true"],
                    n_boot=n_boot,
                    level=level,
                    random_state=random_state,
                )
                p_b = _p_greater(b_runs["true"], a_runs["true"])
                out.append(
                    {
                        "adaptive": a,
                        "baseline": b,
                        "k": k,
                        "adaptive_budget": a_runs["budget"].mean(),
                        "baseline_budget": b_runs["budget"].mean(),
                        "adaptive_true": a_runs["true"].mean(),
                        "baseline_true": b_runs["true"].mean(),
                        "p_adaptive": p,
                        "low": low,
                        "high": high,
                        "p_baseline": p_b,
                        "p_tie": max(0.0, 1.0 - p - p_b),
                    }
                )
    return pd.DataFrame(out)
