"""Asynchronous successive halving (ASHA): promote as soon as a result allows, never wait.

Successive halving evaluates many configurations on a small *resource* (training samples,
boosting rounds, epochs), keeps the best ``1/factor`` of them for ``factor`` times more
resource, and so on. Run synchronously, each *rung* waits for its slowest evaluation
before any configuration is promoted: with several workers, the fast ones sit idle at
every rung's end. ASHA (Li et al., "A System for Massively Parallel Hyperparameter
Tuning", MLSys 2020, Algorithm 2) removes that barrier. Whenever a worker is free:

1. look at the rungs from the highest down; in a rung holding ``n`` results, the top
   ``floor(n / factor)`` are *promotable*; the first of them (best first) not yet
   promoted is evaluated on the next rung's resource;
2. if no configuration is promotable, a new configuration (the next draw from
   ``param_distributions``) starts on the bottom rung.

Nothing ever waits for a rung to fill, so every worker stays busy. The price: a
configuration is promoted on the results that have arrived, so a few may be promoted that
synchronous halving would have stopped ("mispromotions", which the paper bounds).

The rungs are those of the most exploratory bracket of Hyperband
(:func:`hptlearn.hyperband.hyperband_brackets` with the same ``max_resources``,
``factor`` and ``min_resources``): from ``max_resources * factor**-s_max`` up to
``max_resources``. The budget is a number of configurations, by default as many as that
bracket starts. With a finite budget the rule alone may leave the top rung empty (a rung
of 2 results promotes nothing when ``factor=3``): once every configuration has started,
nothing runs and nothing is promotable, the best configuration of the highest rung
reached goes on, as synchronous halving keeps at least one, until the top rung has a
result.

:class:`LiveASHASearchCV` is a scikit-learn search (``cv_results_`` in scikit-learn's
layout with one row per (configuration, rung) evaluation and the ``iter`` and
``n_resources`` entries of scikit-learn's halving searches, ``best_params_``, refit,
``error_score``, several metrics) that reports progress and stops like every live search
(:mod:`hptlearn.search`). Its fits go to joblib as a stream of small tasks (one fold of
one evaluation, or all its folds when its rung's fits are short) that joblib reads as
workers free up, with the results read as they finish
(``Parallel(return_as="generator_unordered")``): the promotion rule runs when the next
task is handed out. :class:`ASHAScheduler` is the rule alone (no fitting), for reading and for
tests.
"""

from __future__ import annotations

import copy
import threading
import time
import warnings
from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor
from numbers import Integral, Real

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.model_selection import ParameterGrid, ParameterSampler, check_cv
from sklearn.utils import check_random_state, indexable
from sklearn.utils.parallel import Parallel, delayed

from hptlearn import _sklearn_compat as _sk
from hptlearn.halving import HalvingSchedule
from hptlearn.hyperband import hyperband_brackets
from hptlearn.plan import SearchPlan, all_lists
from hptlearn.resources import SubsampledSplits, planned_taken_back, resource_range
from hptlearn.resume import resumption, warn_refitted_after_reuse
from hptlearn.search import (
    _CHECKPOINT_CONSTRAINT,
    _CHECKPOINT_DOC,
    _LIVE_PARAMETERS_DOC,
    _known_keys,
    _LiveSearchMixin,
    _snapshot,
    _splits_hash,
)
from hptlearn.spaces import check_candidates

__all__ = ["ASHAPlan", "ASHAScheduler", "LiveASHASearchCV", "asha_rungs"]

#: how long an idle worker waits before asking again for work, in seconds (only at the
#: end of a search: every configuration has started and none is promotable yet)
_POLL_SECONDS = 0.01

#: folds expected to take less than this (seconds, from the fits already done on the
#: same rung) go to a worker together, in one task, so that the cost of handing out a
#: task (sending the data, the estimator, the result) stays small beside the fits
_TASK_SECONDS = 0.2


def asha_rungs(max_resources, factor=3, min_resources=1) -> list[int]:
    """The resources of ASHA's rungs: those of Hyperband's most exploratory bracket
    (:func:`hptlearn.hyperband.hyperband_brackets`).

    ``s_max`` is the largest ``s`` with ``min_resources * factor**s <= max_resources``;
    rung ``k`` (from 0 to ``s_max``) has ``floor(max_resources * factor**(k - s_max))``.

    >>> asha_rungs(81, 3, 1)
    [1, 3, 9, 27, 81]
    >>> asha_rungs(150, 3, 30)
    [50, 150]
    """
    return list(hyperband_brackets(max_resources, factor, min_resources)[0].n_resources)


def _synchronous_counts(n_configurations, n_rungs, factor) -> list[int]:
    """Evaluations per rung of synchronous halving (the best ``floor(n / factor)``, at
    least one, go on), as in Hyperband's bracket."""
    counts = [int(n_configurations)]
    for _ in range(n_rungs - 1):
        counts.append(max(1, floor(Fraction(counts[-1]) / Fraction(factor))))
    return counts


def _upper_counts(n_configurations, n_rungs, factor) -> list[int]:
    """The most evaluations ASHA can make on each rung.

    A result that arrives in a rung adds at most one configuration to the union of that
    rung's top ``floor(n / factor)`` over time, and the first enters when the rung holds
    ``ceil(factor)`` results: at most ``n - ceil(factor) + 1`` of ``n`` are promoted (when
    the results arrive in increasing order, each new one is the best and is promoted),
    and at least one at the end of the budget.
    """
    counts = [int(n_configurations)]
    for _ in range(n_rungs - 1):
        counts.append(max(1, counts[-1] - ceil(factor) + 1))
    return counts


class ASHAScheduler:
    """ASHA's promotion rule (Li et al., MLSys 2020, Algorithm 2), without any fitting.

    Parameters
    ----------
    n_rungs : int
        Number of rungs (rung 0 has the smallest resource).
    factor : float
        A rung's top ``floor(n / factor)`` of its ``n`` results are promotable.
    n_configurations : int
        How many configurations may start on the bottom rung (the budget).

    Examples
    --------
    >>> s = ASHAScheduler(n_rungs=2, factor=3, n_configurations=4)
    >>> [s.next_job() for _ in range(3)]  # nothing to promote: three new configurations
    [(0, 0), (1, 0), (2, 0)]
    >>> s.record(0, 0, 0.5); s.record(1, 0, 0.9)
    >>> s.next_job()  # two results: floor(2 / 3) = 0 promotable, so a new configuration
    (3, 0)
    >>> s.record(2, 0, 0.7); s.next_job()  # three: the best, configuration 1, goes on
    (1, 1)
    >>> s.next_job() is None  # the budget is spent and nothing else is promotable
    True
    """

    def __init__(self, n_rungs, factor, n_configurations):
        self.n_rungs = int(n_rungs)
        self.factor = Fraction(factor)
        self.n_configurations = int(n_configurations)
        #: per rung, the (configuration, score) results in the order they arrived
        self.results = [[] for _ in range(self.n_rungs)]
        #: per rung, the configurations promoted from it
        self.promoted = [set() for _ in range(self.n_rungs)]
        self.n_started = 0

    def record(self, configuration, rung, score) -> None:
        """Add the result (mean test score; NaN ranks last) of a configuration on a rung."""
        self.results[rung].append((configuration, float(score)))

    def ranked(self, rung) -> list:
        """The configurations of a rung, best first (ties: the earlier result first;
        NaN last)."""
        entries = self.results[rung]
        order = sorted(
            range(len(entries)),
            key=lambda i: (np.isnan(entries[i][1]), -np.nan_to_num(entries[i][1]), i),
        )
        return [entries[i][0] for i in order]

    def top(self, rung) -> list:
        """The promotable configurations of a rung: its top ``floor(n / factor)``."""
        return self.ranked(rung)[: floor(len(self.results[rung]) / self.factor)]

    def promotion(self):
        """``(configuration, rung)`` of the next promotion (recorded as done), or None."""
        for rung in reversed(range(self.n_rungs - 1)):
            for configuration in self.top(rung):
                if configuration not in self.promoted[rung]:
                    self.promoted[rung].add(configuration)
                    return configuration, rung + 1
        return None

    def next_job(self):
        """``(configuration, rung)`` of the next evaluation: the next promotion, else a new
        configuration on rung 0 (numbered in the order they start), else None (the
        budget is spent and nothing is promotable now)."""
        job = self.promotion()
        if job is None and self.n_started < self.n_configurations:
            job = (self.n_started, 0)
            self.n_started += 1
        return job

    def final_promotion(self):
        """At the end of the budget (nothing runs, nothing promotable): the best
        configuration of the highest rung reached, when it is below the top rung and
        none of its configurations went on; else None."""
        reached = [k for k in range(self.n_rungs) if self.results[k]]
        if not reached or reached[-1] == self.n_rungs - 1:
            return None
        rung = reached[-1]
        for configuration in self.ranked(rung):
            if configuration not in self.promoted[rung]:
                self.promoted[rung].add(configuration)
                return configuration, rung + 1
        return None


@dataclass(frozen=True)
class ASHAPlan(SearchPlan):
    """What ASHA may fit: a :class:`hptlearn.plan.SearchPlan` of upper bounds.

    The asynchronous schedule depends on the scores and on the order in which fits end,
    so it cannot be known before the search runs: ``n_candidates``, ``n_fits``,
    ``full_fit_equivalents`` and ``schedule`` are the most ASHA can do (a rung of ``n``
    results promotes at most ``n - ceil(factor) + 1``, when every new result is the best
    so far). Besides them:

    Attributes
    ----------
    expected : HalvingSchedule or None
        The rungs as synchronous halving fills them (``floor(n / factor)`` of ``n`` go
        on): what ASHA does when the scores do not improve in the order they arrive, and
        about what it does otherwise.
    note : str
        The above in one sentence, for a reader.
    """

    expected: HalvingSchedule | None = None
    note: str = ""

    def describe(self) -> str:
        """The plan in one line: the upper bounds and the expected schedule."""
        text = "at most " + super().describe()
        if self.expected is not None:
            text += f"; expected about {self.expected.total_candidates} evaluations"
        return text


def _fit_folds(index, X, y, folds, kwargs):
    """Folds of one evaluation, in a worker, one after the other:
    ``(index, [(fold, _fit_and_score's result), ...])``."""
    return index, [
        (
            fold,
            _sk.fit_and_score(
                estimator,
                X,
                y,
                train=train,
                test=test,
                parameters=parameters,
                split_progress=(fold, n_splits),
                **kwargs,
            ),
        )
        for fold, n_splits, estimator, train, test, parameters in folds
    ]


def _wait(seconds):
    """What an idle worker does while the results that decide its next fit arrive."""
    time.sleep(seconds)


_WAIT = object()


class _Evaluation:
    """One configuration on one rung: the results of its folds as they arrive."""

    def __init__(self, configuration, rung, parameters, n_splits, resumed):
        self.configuration, self.rung, self.parameters = configuration, rung, parameters
        self.outs = [None] * n_splits
        self.resumed = resumed  # per fold: the kept estimator and its resource, or None
        self.n_done = 0
        self.record = None  # (key, occurrence) in a checkpoint file
        self.warm_key = None  # its key among the previous fit's results (warm_start)


class _AsyncHalving:
    """One fit of :class:`LiveASHASearchCV`: the stream of fits and the promotions.

    Runs inside the live search's ``fit`` (its ``_run_search``) with its ``_Run``: the
    data, the scorers, ``fit_and_score``'s arguments, the results so far and the progress
    reports are the ones every live search uses. Two threads share the state: joblib's
    dispatching thread asks :meth:`_tasks` for the next fit, the search's thread records
    the results (:meth:`_record`); a lock keeps them apart. With ``n_jobs=1`` joblib asks
    for the next fit in the search's thread, after the previous result is recorded.
    """

    def __init__(self, search, run, splits):
        self.search, self.run = search, run
        self.n_splits = len(splits)
        self.rungs = search._rungs()
        self.n_configurations = search._n_configurations(self.rungs)
        self.configurations = list(
            ParameterSampler(
                search.param_distributions,
                self.n_configurations,
                random_state=search._draw_state,
            )
        )
        self.n_configurations = len(self.configurations)
        check_candidates(search.estimator, self.configurations[:1])
        if search.resource == "n_samples":
            # as Hyperband subsamples (each rung's subsample drawn once per fit)
            self.splits = [
                list(
                    SubsampledSplits(splits, r / search._n_samples, search._subsample_state).split()
                )
                for r in self.rungs
            ]
        else:
            self.splits = [splits] * len(self.rungs)
        # warm_start and checkpoint: the fingerprint of this fit (checked against the
        # previous fit's) and the checkpoint file, opened; an evaluation is found among
        # the known ones by its values and the splits of its rung
        run.open_known(splits)
        self.contexts = [_splits_hash(rung_splits) for rung_splits in self.splits]
        self.taken_back = set()  # configurations whose last evaluation was taken back
        self.refitted_after_reuse = 0  # their fold fits on a higher rung, from scratch
        self.how = search._resumption()
        self.kept = {}  # (configuration, fold) -> (resource, fitted estimator)
        self.peak_kept = 0
        self.scheduler = ASHAScheduler(len(self.rungs), search.factor, self.n_configurations)
        self.lock = threading.Lock()
        self.pending = deque()  # (evaluation index, folds), handed out next
        self.fold_seconds = [[0, 0.0] for _ in self.rungs]  # per rung: folds done, seconds
        self.evaluations = []
        self.n_open = 0  # evaluations started and not complete
        self.n_fits_done = 0
        self.metric = None
        self.highest_rung = 0

    # -- joblib's dispatching thread --------------------------------------------------
    def _tasks(self):
        """The tasks (folds of one evaluation), decided when joblib asks for the next."""
        run, base = self.run, self.run.base_estimator
        kwargs = dict(run.kwargs, return_estimator=self.how.resumes)
        while True:
            with self.lock:
                task = self._next_task()
                if task is None:
                    return
                if task is not _WAIT:
                    index, group = task
                    evaluation = self.evaluations[index]
                    folds = []
                    for fold in group:
                        train, test = self.splits[evaluation.rung][fold]
                        estimator, parameters = clone(base), evaluation.parameters
                        kept = evaluation.resumed[fold]
                        if kept is not None:  # continue from the previous rung's fit
                            previous, estimator = kept
                            evaluation.resumed[fold] = None
                            parameters = self.how.continued(
                                parameters,
                                self.search.resource,
                                previous,
                                self.rungs[evaluation.rung],
                            )
                        folds.append((fold, self.n_splits, estimator, train, test, parameters))
            if task is _WAIT:
                yield delayed(_wait)(_POLL_SECONDS)
                continue
            yield delayed(_fit_folds)(
                index,
                run.X,
                run.y,
                folds,
                dict(kwargs, candidate_progress=(index, len(self.evaluations))),
            )

    def _group_size(self, rung) -> int:
        """How many folds of an evaluation on ``rung`` go to a worker in one task: one
        unless its folds are expected to be short (see ``_TASK_SECONDS``)."""
        seconds = None
        for k in range(rung, -1, -1):  # the fits of this rung, else of the one below
            done, total = self.fold_seconds[k]
            if done:
                seconds = total / done * self.rungs[rung] / self.rungs[k]
                break
        if seconds is None:
            return 1
        return max(1, min(self.n_splits, floor(_TASK_SECONDS / max(seconds, 1e-6))))

    def _next_task(self):
        while True:
            if self.pending:
                return self.pending.popleft()
            if self.evaluations:
                ending = self.run._ending()
                if ending:
                    self.search.stopped_ = ending
                    return None
            job = self.scheduler.next_job()
            if job is None and not self.n_open:
                job = self.scheduler.final_promotion()
            if job is None:
                return _WAIT if self.n_open else None
            configuration, rung = job
            parameters = dict(self.configurations[configuration])
            if self.search.resource != "n_samples":
                parameters[self.search.resource] = self.rungs[rung]
            resumed = [self.kept.pop((configuration, fold), None) for fold in range(self.n_splits)]
            evaluation = _Evaluation(configuration, rung, parameters, self.n_splits, resumed)
            known = self._known(evaluation)
            self.evaluations.append(evaluation)
            self.n_open += 1
            self.highest_rung = max(self.highest_rung, rung)
            self.run.iteration = self.highest_rung
            self.run.n_planned = len(self.evaluations)
            self.search.n_candidates_planned_ = len(self.evaluations)
            index = len(self.evaluations) - 1
            if known is not None:
                # taken back (warm_start, checkpoint): its results at once, nothing is
                # fitted, and the scheduler decides the next job as after a fit
                self.taken_back.add(configuration)
                self.run.n_reused += 1
                for fold, result in enumerate(known):
                    self._record_locked(index, fold, dict(result))
                continue
            if configuration in self.taken_back:
                self.taken_back.discard(configuration)
                if self.how.resumes:  # nothing kept to continue from
                    self.refitted_after_reuse += self.n_splits
            size = self._group_size(rung)
            self.pending.extend(
                (index, tuple(range(start, min(start + size, self.n_splits))))
                for start in range(0, self.n_splits, size)
            )
            if self.search.verbose > 0:
                print(
                    f"Configuration {configuration} on rung {rung} "
                    f"({self.rungs[rung]} {self.search.resource}): {self.n_splits} fits"
                )
            return self.pending.popleft()

    def _known(self, evaluation):
        """The fold results of ``evaluation`` when the previous fit (``warm_start``) or
        the checkpoint file holds them, else None; gives it its keys."""
        run = self.run
        evaluation.warm_key, evaluation.record = _known_keys(
            evaluation.parameters, self.contexts[evaluation.rung], run.record_seen
        )
        known = run.cache.get(evaluation.warm_key)
        if known is None and run.checkpoint is not None:
            known = run.checkpoint.records.get(evaluation.record)
        return known

    # -- the search's thread ------------------------------------------------------------
    def run_all(self):
        search, run = self.search, self.run
        if run.last_report is None:
            run._report(0, 0, None)
        parallel = Parallel(
            n_jobs=search.n_jobs,
            pre_dispatch=search.pre_dispatch,
            batch_size=1,
            return_as="generator_unordered",
        )
        for item in parallel(self._tasks()):
            if item is None:  # an idle worker's wait: the time goes on all the same
                self._maybe_report()
                continue
            index, results = item
            for fold, result in results:
                self._record(index, fold, result)
        self.kept.clear()
        warn_refitted_after_reuse(self.refitted_after_reuse, self.how, "configurations")
        self._finish()

    def _record(self, index, fold, result):
        with self.lock:
            self._record_locked(index, fold, result)
        self._maybe_report()

    def _record_locked(self, index, fold, result):
        """Record one fold's result (the lock held): kept for resuming, counted, and once
        the evaluation's folds are all in, a row of ``cv_results_``, a line of the
        checkpoint file and the scheduler told."""
        run = self.run
        evaluation = self.evaluations[index]
        estimator = result.pop("estimator", None)
        if (
            self.how.resumes
            and estimator is not None
            and not result.get("fit_error")
            and evaluation.rung + 1 < len(self.rungs)
        ):
            key = (evaluation.configuration, fold)
            self.kept[key] = (self.rungs[evaluation.rung], estimator)
            self.peak_kept = max(self.peak_kept, len(self.kept))
        evaluation.outs[fold] = result
        evaluation.n_done += 1
        seconds = self.fold_seconds[evaluation.rung]
        seconds[0] += 1
        seconds[1] += result["fit_time"] + result["score_time"]
        self.n_fits_done += 1
        if evaluation.n_done < self.n_splits:
            return
        # the rows of cv_results_: the evaluations in the order they complete
        run.all_candidate_params.append(evaluation.parameters)
        run.all_out.extend(evaluation.outs)
        run.all_warm_keys.append(evaluation.warm_key)
        more = run.all_more_results
        more["iter"].append(evaluation.rung)
        more["n_resources"].append(self.rungs[evaluation.rung])
        more["configuration"].append(evaluation.configuration)
        if run.checkpoint is not None:  # on disk before the next decision
            row = {name: [values[-1]] for name, values in more.items()}
            run._record(evaluation.record, evaluation.parameters, evaluation.outs, row, 0)
        self.search.fit_errors_.append(
            next((r["fit_error"] for r in evaluation.outs if r["fit_error"]), None)
        )
        self.scheduler.record(
            evaluation.configuration, evaluation.rung, self._score(evaluation.outs)
        )
        evaluation.outs = None
        self.n_open -= 1

    def _score(self, outs) -> float:
        """The mean test score that ranks an evaluation in its rung (NaN: failed)."""
        if self.metric is None:
            first = next(
                (r["test_scores"] for r in outs if isinstance(r["test_scores"], dict)), None
            )
            refit = self.search.refit
            if first is None:
                self.metric = "score"
            elif isinstance(refit, str) and refit in first:
                self.metric = refit
            else:
                raise ValueError(
                    "ASHA promotes configurations by one metric: with several metrics in "
                    f"scoring ({', '.join(map(repr, first))}), set refit to the name of "
                    f"the metric that decides, not {refit!r}."
                )
        values = [
            r["test_scores"][self.metric]
            if isinstance(r["test_scores"], dict)
            else r["test_scores"]
            for r in outs
        ]
        return float(np.mean(np.asarray(values, dtype=float)))

    def _snapshot(self):
        run = self.run
        results = _snapshot(
            run.all_candidate_params, run.all_out, self.n_splits, self.search.return_train_score
        )
        for key in ("iter", "n_resources", "configuration"):
            results[key] = np.asarray(run.all_more_results[key], dtype=int)
        return results

    def _maybe_report(self):
        search, run = self.search, self.run
        if search.on_progress is None:
            return
        n_done = len(run.all_candidate_params)
        last_time, last_done = run.last_report
        if search.batch_size == "auto":
            due = time.perf_counter() - last_time >= search.target_batch_seconds
        else:
            due = n_done - last_done >= search.batch_size
        if due:
            run._report(n_done, self.n_fits_done, self._snapshot() if n_done else None)

    def _finish(self):
        search, run = self.search, self.run
        if not run.all_out:
            raise ValueError(
                "No fits were performed. Was the CV iterator empty? Were there no candidates?"
            )
        if callable(search.scoring):
            # a callable scorer's failed fits get error scores of the right shape
            _sk.insert_error_scores(run.all_out, search.error_score)
        run.results = _sk.format_results(
            search, run.all_candidate_params, self.n_splits, run.all_out, run.all_more_results
        )
        iterations = np.asarray(run.all_more_results["iter"])
        reached = int(iterations.max()) + 1
        search.n_resources_ = list(self.rungs[:reached])
        search.n_candidates_ = [int((iterations == k).sum()) for k in range(reached)]
        search.n_iterations_ = reached
        search.n_configurations_ = self.scheduler.n_started
        search.resumes_ = self.how.resumes
        search.n_kept_estimators_ = self.peak_kept
        run._report(len(run.all_candidate_params), self.n_fits_done, run.results)


class LiveASHASearchCV(_LiveSearchMixin, _sk.BaseSearchCV):
    """Asynchronous successive halving (ASHA) over random draws, live.

    Configurations are drawn from ``param_distributions`` as
    :class:`~sklearn.model_selection.ParameterSampler` draws them (with ``random_state``:
    the same configurations in the same order) and evaluated on growing resources, rung
    after rung, with ASHA's rule: whenever a worker is free, the best not-yet-promoted
    configuration among the top ``1/factor`` of the highest rung that has one goes on to
    the next rung, else the next configuration starts on the bottom rung (see
    :mod:`hptlearn.asha`). No rung is waited for.

    Parameters
    ----------
    estimator : estimator object
        Cloned for every fit.
    param_distributions : dict or list of dicts
        Names to lists or scipy distributions, as for ``RandomizedSearchCV``; it must not
        hold the resource.
    n_candidates : "auto" or int, default="auto"
        The budget: how many configurations start on the bottom rung. ``"auto"``: as many
        as the most exploratory bracket of Hyperband with the same resources starts,
        ``ceil(factor**s_max)`` (81 for resources 1 to 81 and ``factor=3``), or every
        candidate of a space of value lists when it has fewer. The search ends when every
        configuration has started and no result can promote one any more (see
        :mod:`hptlearn.asha` for the end of the budget).
    factor : float > 1, default=3
        The top ``1/factor`` of a rung's results are promotable, and each rung has
        ``factor`` times the resource of the one below.
    resource : "n_samples" or str, default="n_samples"
        What grows from rung to rung: the number of samples of the training and test folds
        (subsampled as scikit-learn's halving searches do, with ``random_state``; the same
        subsample for every configuration of a rung), or an integer parameter of the
        estimator (``"n_estimators"``, ``"max_iter"``, ``"clf__n_estimators"`` in a
        pipeline), set on each configuration for its rung.
    max_resources : int or "auto", default="auto"
        The resource of the top rung. ``"auto"``: all the samples for ``"n_samples"``,
        else the estimator's own value of the resource parameter.
    min_resources : int or "smallest", default="smallest"
        The smallest resource the bottom rung may have (the rungs are those of
        :func:`asha_rungs`). ``"smallest"``: as scikit-learn's halving searches
        (``2 * n_splits``, times the number of classes for a classifier) for
        ``"n_samples"``, else 1.
    resume : "auto" or bool, default="auto"
        Whether a promoted configuration continues training from its fitted state of the
        previous rung, fold by fold, instead of being refitted (an integer resource and
        an estimator with ``warm_start`` only), as for
        :class:`hptlearn.hyperband.LiveHyperbandSearchCV`. As any configuration may still
        be promoted while results arrive, the fitted fold estimators of every
        configuration below the top rung are kept until the search ends
        (``n_kept_estimators_`` says how many at most).
    scoring, n_jobs, refit, cv, verbose, error_score, return_train_score
        As for :class:`~sklearn.model_selection.RandomizedSearchCV` (``cv=5`` and
        ``return_train_score=True`` by default, as scikit-learn's halving searches).
        With several metrics, ``refit`` names the one that ranks the rungs. The splits
        are made once per ``fit`` and every rung uses them.
    pre_dispatch : str or int, default="2*n_jobs"
        How many tasks joblib hands out ahead, as for the other searches: a worker that
        ends a task finds the next one waiting. Each decision is taken when its task is
        handed out, so it does not see the results of the tasks ahead of it; ``"n_jobs"``
        decides latest, at the cost of a wait between tasks.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of the configurations and the subsamples.
    warm_start : bool, default=False
        When set to True, the next ``fit`` reuses the results of the previous call to
        ``fit`` (whatever its own ``warm_start``): it runs ASHA with its new settings (more
        ``n_candidates``, another ``max_resources``) from the start, and every
        *(configuration, rung)* evaluation the earlier fits made on the same splits is
        taken back at once instead of fitted again; the scheduler decides as after a fit.
        With ``n_jobs=1`` the results are those of one fresh fit with the final settings
        (times aside); with several workers, as any run of ASHA, the order of the results
        varies (see Notes). The configurations and the subsamples of
        ``resource="n_samples"`` are drawn with ``random_state``: give an int, or little is
        reused. The data, the splits, the scoring and the estimator must be those of the
        previous fit; if one changed, ``fit`` raises a ``ValueError`` that names it. A
        configuration taken back on a rung and promoted is fitted from scratch on the next
        (nothing was kept to continue from): where continuing would give another model
        than a fresh fit (``resume=True`` on an MLP or SGD), ``fit`` warns.
    {checkpoint}
    {live}
    Attributes
    ----------
    cv_results_ : dict
        One row per (configuration, rung) evaluation, in the order the evaluations
        completed, in scikit-learn's layout; ``iter`` is the rung (from 0),
        ``n_resources`` its resource (with a parameter as resource, ``params`` holds it
        too) and ``configuration`` the configuration's number (in the order they were
        drawn and started), the same on every rung it reaches.
    best_index_, best_params_, best_score_, best_estimator_
        The best evaluation (mean test score of the ``refit`` metric) of the highest rung
        reached, scikit-learn's rule for its halving searches: a configuration that
        reached a higher rung was evaluated with more resource, and the top rung holds
        the configurations that kept winning. With a callable ``refit``, the row it
        returns. ``best_estimator_`` is refitted on all the data (with a parameter as
        resource, with that rung's value).
    n_resources_ : list of int
        The resource of each rung reached.
    n_candidates_ : list of int
        Evaluations on each rung reached.
    n_iterations_ : int
        Rungs reached.
    n_configurations_ : int
        Configurations started on the bottom rung.
    min_resources_, max_resources_ : int
        The smallest and largest resource, as checked on the data.
    resumes_ : bool
        Whether promoted configurations continued training (see ``resume``).
    n_kept_estimators_ : int
        With resumed training, the most fitted fold estimators kept at once (each waits
        for its configuration's promotion); 0 otherwise.

    Notes
    -----
    *Reproducibility.* With ``n_jobs=1`` the fits run one after the other and each
    decision sees every result before it: for a fixed ``random_state`` and a
    deterministic estimator, two fits give the same ``cv_results_``, times aside. With
    several workers the order in which fits end varies from run to run, and so do the
    promotions and the order of the rows. What does not vary: the configurations are the
    first draws of the same sequence; an evaluation of a configuration on a rung has the
    scores it has with ``n_jobs=1`` (without ``resume``); every promotion was in the top
    ``1/factor`` of its rung's results when it was decided; and a search run to its end
    started every configuration and promoted the top ``floor(n / factor)`` of every
    rung's ``n`` results. A decision is taken when joblib takes its task, ahead of time
    (``pre_dispatch``), so it may miss the results of the tasks still running.

    *Taken back.* With ``checkpoint`` or ``warm_start``, an evaluation the file or the
    previous fit holds is recorded the moment the scheduler asks for it. With ``n_jobs=1``
    the decisions are then those of the uninterrupted run, and so are the results. With
    several workers the known results arrive sooner than they did, so the scheduler may
    decide otherwise: every evaluation it asks for that is known is still taken back, and
    the others are fitted (seen here: a run resumed from a complete file of 30
    evaluations fitted 2 more).

    Examples
    --------
    >>> from scipy.stats import loguniform
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import SGDClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveASHASearchCV(
    ...     SGDClassifier(tol=None, random_state=0), {{"alpha": loguniform(1e-5, 1e-1)}},
    ...     resource="max_iter", max_resources=9, cv=3, random_state=0,
    ... ).fit(X, y)
    >>> search.n_resources_, search.n_candidates_
    ([1, 3, 9], [9, 3, 1])
    >>> search.best_params_["max_iter"]
    9
    """

    _parameter_constraints = {
        **_sk.parameter_constraints(
            _sk.BaseSearchCV,
            param_distributions=[dict, list],
            random_state=["random_state"],
            resource=[str],
            resume=["boolean", _sk.StrOptions({"auto"})] if _sk.StrOptions else [object],
            warm_start=["boolean"],
            checkpoint=_CHECKPOINT_CONSTRAINT,
        ),
        **(
            {
                "n_candidates": [
                    _sk.Interval(Integral, 1, None, closed="left"),
                    _sk.StrOptions({"auto"}),
                ],
                "factor": [_sk.Interval(Real, 1, None, closed="neither")],
                "max_resources": [
                    _sk.Interval(Integral, 0, None, closed="neither"),
                    _sk.StrOptions({"auto"}),
                ],
                "min_resources": [
                    _sk.Interval(Integral, 0, None, closed="neither"),
                    _sk.StrOptions({"smallest"}),
                ],
            }
            if _sk.Interval is not None
            else {}
        ),
    }

    # the failed fits are checked once, at the end (one warning, or "all fits failed")
    _check_fit_failures_per_call = False

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_candidates="auto",
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        resume="auto",
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=5,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=True,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.param_distributions = param_distributions
        self.n_candidates = n_candidates
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.resume = resume
        self.random_state = random_state
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    # -- resources ----------------------------------------------------------------------
    def _check_input_parameters(self, X, y, split_params):
        # the checks of the resource and its range (scikit-learn's halving searches'
        # checks, as Hyperband's), which set min_resources_ and max_resources_
        self.min_resources_, self.max_resources_ = resource_range(
            self, X, y, split_params, self._checked_cv_orig
        )
        self._n_samples = self._n_samples_orig = _sk.num_samples(X)
        # the splits are made once, in _run_search, from these (dropped after the fit)
        self.__dict__["_asha_data"] = (X, y, split_params)

    def _rungs(self) -> list[int]:
        return asha_rungs(self.max_resources_, self.factor, self.min_resources_)

    def _n_configurations(self, rungs) -> int:
        if self.n_candidates != "auto":
            return int(self.n_candidates)
        space = self.param_distributions
        bottom = hyperband_brackets(
            self.max_resources_,
            self.factor,
            self.min_resources_,
            max_candidates=len(ParameterGrid(space)) if all_lists(space) else None,
        )[0]
        return int(bottom.n_candidates[0])

    def _resumption(self):
        return resumption(self.estimator, self.resource, self.resume)

    @property
    def _draw_state(self):
        return self.__dict__.get("_asha_rng", self.random_state)

    @property
    def _subsample_state(self):
        return self.__dict__.get("_asha_rng", self.random_state)

    # -- the search -----------------------------------------------------------------------
    def _candidates(self):
        n = 10 if self.n_candidates == "auto" else self.n_candidates
        return ParameterSampler(self.param_distributions, n, random_state=self.random_state)

    def _fit(self, X, y=None, **params):
        # one generator for the draws and the subsamples when random_state is a
        # RandomState instance or None (as scikit-learn's halving searches use it)
        if not isinstance(self.random_state, Integral):
            self.__dict__["_asha_rng"] = check_random_state(self.random_state)
        try:
            return super()._fit(X, y, **params)
        finally:
            for key in ("_asha_data", "_asha_rng", "_asha_schedule"):
                self.__dict__.pop(key, None)

    def _run_search(self, evaluate_candidates):
        # The live search's run (data, scorers, results, reports) is the object whose
        # evaluate_candidates this is: ASHA hands its fits to joblib itself, as one
        # stream for the whole search, instead of evaluating batches (each of which
        # would wait for its last fit).
        run = evaluate_candidates.__self__
        X, y, split_params = self.__dict__.pop("_asha_data")
        splits = list(self._checked_cv_orig.split(X, y, **split_params))
        if len(splits) != self.n_splits_:
            raise ValueError(
                "cv.split and cv.get_n_splits return inconsistent results. "
                f"Expected {self.n_splits_} splits, got {len(splits)}"
            )
        stream = _AsyncHalving(self, run, splits)
        if self.resume is True and not stream.how.resumes:
            warnings.warn(f"resume=True, but {stream.how.reason}", UserWarning, stacklevel=2)
        self.__dict__["_asha_schedule"] = list(
            zip(
                _synchronous_counts(stream.n_configurations, len(stream.rungs), self.factor),
                stream.rungs,
                strict=True,
            )
        )
        stream.run_all()

    def _live_schedule(self):
        # for progress: the evaluations of synchronous halving on each rung (ASHA makes
        # about as many; a report never counts fewer than those started)
        return self.__dict__.get("_asha_schedule")

    def _best_index(self, refit_metric, results) -> int:
        """The best evaluation of the highest rung reached (a callable ``refit`` chooses
        among all rows itself)."""
        if callable(self.refit):
            return super()._best_index(refit_metric, results)
        iterations = np.asarray(results["iter"])
        rows = np.flatnonzero(iterations == iterations.max())
        scores = np.asarray(results[f"mean_test_{refit_metric}"], dtype=float)[rows]
        if np.isnan(scores).all():
            return int(rows[0])
        return int(rows[np.nanargmax(scores)])

    # -- plan -------------------------------------------------------------------------------
    def _checked_probe(self, X, y=None, groups=None):
        """A shallow copy checked on ``X, y`` as ``fit`` checks it, and its splits."""
        probe = copy.copy(self)
        X, y, groups = indexable(X, y, groups)
        cv = check_cv(probe.cv, y, classifier=is_classifier(probe.estimator))
        split_params = {} if groups is None else {"groups": groups}
        n_splits = _sk.check_search_input(probe, cv, X, y, split_params)
        probe.__dict__.pop("_asha_data", None)
        return probe, n_splits

    def plan(self, X, y=None, **fit_params) -> ASHAPlan:
        """The most ``fit(X, y, **fit_params)`` can fit, counted without fitting anything.

        An :class:`ASHAPlan`: upper bounds (the asynchronous schedule depends on the
        scores and on the order in which fits end), the schedule synchronous halving
        would follow (``expected``), and whether promoted configurations resume
        training (``resumes``, ``resume_reason``; ``full_fit_equivalents`` then counts
        the training each promotion adds).
        """
        groups = fit_params.get("groups")
        probe, n_splits = self._checked_probe(X, y, groups)
        rungs = probe._rungs()
        n = probe._n_configurations(rungs)
        how = probe._resumption()
        upper = HalvingSchedule(
            _upper_counts(n, len(rungs), self.factor), rungs, probe.max_resources_, n_splits
        )
        expected = HalvingSchedule(
            _synchronous_counts(n, len(rungs), self.factor), rungs, probe.max_resources_, n_splits
        )
        full = upper.full_fit_equivalents
        if how.resumes:  # each promotion adds the difference of the resources
            added = [r - (rungs[k - 1] if k else 0) for k, r in enumerate(rungs)]
            full = (
                sum(c * a for c, a in zip(upper.n_candidates, added, strict=True))
                * n_splits
                / probe.max_resources_
            )
        draws = ParameterSampler(self.param_distributions, n, random_state=self.random_state)
        X, y, groups = indexable(X, y, groups)
        # the bottom rung's evaluations a fit takes back (warm_start, checkpoint)
        reused = planned_taken_back(self, probe, [(draws, rungs[0])], X, y, groups)
        full -= reused.training * n_splits / probe.max_resources_
        return ASHAPlan(
            n_candidates=upper.total_candidates,
            n_splits=n_splits,
            n_fits=upper.n_fits - reused.n * n_splits,
            refit_fits=1 if self.refit else 0,
            full_fit_equivalents=float(full),
            distinct_values=self._planned_distinct(draws),
            reused_candidates=reused.n,
            schedule=upper,
            resumes=how.resumes,
            resume_reason=how.reason,
            expected=expected,
            note=(
                f"ASHA decides its promotions as results arrive, so its schedule is not "
                f"known in advance: {n} configurations start on {rungs[0]} "
                f"{self.resource}; at most {upper.total_candidates} evaluations "
                f"({upper.n_fits} fits), and {expected.total_candidates} when the rungs "
                "fill as in synchronous halving."
            ),
        )

    def __getstate__(self):
        state = super().__getstate__()
        for key in ("_asha_data", "_asha_rng", "_asha_schedule"):
            state.pop(key, None)  # the data and the run's state: never sent to the workers
        return state


LiveASHASearchCV.__doc__ = LiveASHASearchCV.__doc__.format(
    live=_LIVE_PARAMETERS_DOC, checkpoint=_CHECKPOINT_DOC.strip()
)
