"""Live searches: scikit-learn's search classes that report progress and can be stopped.

:class:`LiveGridSearchCV` and :class:`LiveRandomizedSearchCV` are subclasses of
:class:`~sklearn.model_selection.GridSearchCV` and
:class:`~sklearn.model_selection.RandomizedSearchCV`. They take the same arguments and
produce the same ``cv_results_``, ``best_params_``, ``best_estimator_``, warnings and errors:
the candidates, the splits, the fitting and scoring of each candidate on each split
(``_fit_and_score``), ``error_score``, the handling of failed fits, the ranking and the refit
are scikit-learn's own.

What they add:

* ``on_progress``: a function called with a :class:`SearchProgressInfo` when the search
  starts, as fits complete, and at the end, with the results so far;
* ``stop()``: the search ends at the next candidate boundary; ``cv_results_``,
  ``best_params_`` and the refitted ``best_estimator_`` then describe the candidates that
  were evaluated, and ``stopped_`` is True;
* ``time_budget``: a time limit in seconds; once it has passed, the search ends as after
  ``stop()``, and ``stopped_`` is ``"time_budget"``;
* ``skip_duplicates`` (random, quasi-random and Bayesian search): a candidate drawn again
  is not fitted again; the search draws on until ``n_iter`` distinct candidates;
* ``warm_start``: a later ``fit`` with a larger budget fits only the new candidates (for
  successive halving, the new (candidate, resource) pairs) and gives the results of one
  fresh fit;
* ``checkpoint``: a file to which each finished candidate is appended; after a crash,
  ``fit`` with the same file fits only the candidates it does not hold
  (:mod:`hptlearn.checkpoint`);
* ``fit_errors_``: for each evaluated candidate, ``None`` or the error message of its
  failed fits (scikit-learn only keeps the score, ``error_score``).
* ``plan(X, y)``: what ``fit`` will fit on that data (:class:`hptlearn.plan.SearchPlan`:
  the rows of ``cv_results_``, the fits of the cross-validation and of the refit, the
  iterations of successive halving), counted with the search's own rules, nothing fitted.

How it works. ``fit`` runs the steps of scikit-learn's ``BaseSearchCV.fit`` in the same
order and calls ``_run_search`` as it does, so each search class chooses its candidates
exactly as the plain one. The difference is inside ``evaluate_candidates``: the
(candidate, split) fits are handed to joblib as a *lazy stream*, and their results are read
as they complete (``Parallel(return_as="generator")``). joblib only takes the next fit from
the stream when a worker is about to be free (``pre_dispatch``), so there is no barrier
between groups of candidates, progress is known after every fit, and Stop simply ends the
stream after the candidate being handed out: the fits already started finish, nothing is
cancelled or killed. The splits are made once per call and reused by every candidate; the
failed fits are checked once over the whole call, as in the plain search. With
``warm_start`` or ``checkpoint``, a candidate whose results are known (same values, same
splits) is left out of the stream and its results are put back in its place: the search
class's own loop (its candidates, halving's survivors, the Bayesian study's asks) runs as in
a fresh fit.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import product
from numbers import Integral

import numpy as np
from scipy.stats import rankdata
from sklearn.base import clone, is_classifier
from sklearn.model_selection import (
    GridSearchCV,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
    check_cv,
)
from sklearn.utils import indexable
from sklearn.utils.parallel import Parallel, delayed

from hptlearn import _sklearn_compat as _sk
from hptlearn.checkpoint import Checkpoint, candidate_record_key, stable, stable_hash
from hptlearn.distributions import QuasiRandomParameterSampler
from hptlearn.plan import (
    LazyCounts,
    SearchPlan,
    all_lists,
    candidate_key,
    count_distinct_candidates,
    distinct_candidate_values,
    distinct_candidates,
    distinct_list_values,
)
from hptlearn.results import rank_metric
from hptlearn.spaces import check_candidates

__all__ = [
    "LiveGridSearchCV",
    "LiveQuasiRandomSearchCV",
    "LiveRandomizedSearchCV",
    "SearchProgressInfo",
]


@dataclass(frozen=True)
class SearchProgressInfo:
    """What ``on_progress`` receives: the state of a running search.

    Attributes
    ----------
    n_done : int
        Candidates evaluated so far (each on every CV split).
    n_total : int
        Candidates the search will evaluate if it is not stopped.
    n_splits : int
        Number of cross-validation splits: one candidate costs ``n_splits`` fits.
    elapsed : float
        Seconds since the search started.
    cv_results : dict or None
        The results of the ``n_done`` candidates, in ``cv_results_``'s layout (``None``
        when none is known yet). A continued (``warm_start``) or resumed (``checkpoint``)
        fit counts the candidates it takes back, without fitting them, among the
        ``n_done`` and their rows from its first report on. While the search runs it
        holds ``params`` and the score, rank and time entries; the last report holds the
        search's full ``cv_results_``.
    stopping : bool
        True when ``stop()`` was called or the time limit (``time_budget``) has passed:
        no further candidate will start.
    metric : str
        The metric that ranks the candidates (``"score"`` for a single metric, else the
        ``refit`` metric): :func:`hptlearn.results.rank_metric`.
    n_fits_done : int
        Fits completed so far, including those of candidates not yet complete (and the
        fits a continued or resumed search takes back).
    iteration, n_iterations : int or None
        For successive halving (:mod:`hptlearn.halving`): the iteration running (from 0)
        and the number of iterations planned; ``None`` for a search that runs in one go.
        ``n_total`` then counts the candidates of every iteration (a candidate kept for
        the next iteration counts again: it is evaluated again, on more samples).
    """

    n_done: int
    n_total: int
    n_splits: int
    elapsed: float
    cv_results: dict | None = None
    stopping: bool = False
    metric: str = "score"
    n_fits_done: int = 0
    iteration: int | None = None
    n_iterations: int | None = None

    @property
    def fraction(self) -> float:
        """Fraction of the planned fits completed, between 0 and 1."""
        planned = self.n_total * self.n_splits
        if not planned:
            return 1.0
        return min(1.0, max(self.n_fits_done, self.n_done * self.n_splits) / planned)

    def _scores(self):
        if not self.cv_results:
            return None
        return np.asarray(self.cv_results[f"mean_test_{self.metric}"], dtype=float)

    @property
    def best_index(self) -> int | None:
        """Index of the best candidate so far (highest mean test score), or None."""
        scores = self._scores()
        if scores is None or scores.size == 0 or np.all(np.isnan(scores)):
            return None
        return int(np.nanargmax(scores))

    @property
    def best_score(self) -> float | None:
        """Best mean test score so far (of the ranking metric), or None."""
        i = self.best_index
        return None if i is None else float(self._scores()[i])

    @property
    def best_params(self) -> dict | None:
        """Hyperparameters of the best candidate so far, or None."""
        i = self.best_index
        return None if i is None else self.cv_results["params"][i]


#: the constraint of the ``checkpoint`` parameter
_CHECKPOINT_CONSTRAINT = [None, str, os.PathLike]


def _splits_hash(splits) -> str:
    """A short hash of the indices of ``splits``: which samples each fold trains on and
    is tested on."""
    digest = hashlib.sha256()
    for train, test in splits:
        for indices in (train, test):
            digest.update(np.asarray(indices, dtype=np.int64).tobytes())
            digest.update(b"|")
    return digest.hexdigest()[:20]


def _known_keys(candidate, context, seen) -> tuple:
    """A candidate's key among a previous fit's results (``warm_start``) and its
    ``(record key, occurrence)`` in a checkpoint file, evaluated on the splits ``context``
    names ("" for the search's own); ``seen`` counts the occurrences of each record key."""
    key = candidate_record_key(candidate, context)
    record = (key, seen[key])
    seen[key] += 1
    return ((context, candidate_key(candidate)) if context else candidate_key(candidate)), record


def _hash(value) -> str:
    """``joblib.hash`` of ``value``; for a value that does not pickle (a lambda as the
    scoring), its type and ``id``: the same object again, or not."""
    from joblib import hash as joblib_hash

    try:
        return joblib_hash(value)
    except Exception:
        return f"unpicklable {type(value).__name__} at {id(value):#x}"


def _jsonable(value):
    """A fingerprint entry or a more_results value as JSON holds it."""
    return stable(value)


def _rank(means):
    """scikit-learn's ranking: best first, ties share the lowest rank, NaN ranks last."""
    if np.isnan(means).all():
        return np.ones(len(means), dtype=np.int32)
    filled = np.where(np.isnan(means), np.nanmin(means) - 1, means)
    return rankdata(-filled, method="min").astype(np.int32)


def _snapshot(candidate_params, out, n_splits, return_train_score):
    """The results of the candidates evaluated so far, for a progress report.

    The score, rank and time entries of ``cv_results_`` (same names, same numbers) and
    ``params``, computed without ``_format_results``, which warns about non-finite scores:
    the search warns once, at the end, as the plain search does.
    """
    n = len(candidate_params)
    results = {}
    for key in ("fit_time", "score_time"):
        times = np.asarray([r[key] for r in out], dtype=float).reshape(n, n_splits)
        results[f"mean_{key}"] = times.mean(axis=1)
        results[f"std_{key}"] = times.std(axis=1)
    results["params"] = list(candidate_params)
    first_dict = next((r["test_scores"] for r in out if isinstance(r["test_scores"], dict)), None)
    names = ["score"] if first_dict is None else list(first_dict)
    for kind in ("test", "train") if return_train_score else ("test",):
        for name in names:
            values = [
                r[f"{kind}_scores"][name]
                if isinstance(r[f"{kind}_scores"], dict)
                else r[f"{kind}_scores"]
                for r in out
            ]
            scores = np.asarray(values, dtype=float).reshape(n, n_splits)
            for split in range(n_splits):
                results[f"split{split}_{kind}_{name}"] = scores[:, split]
            results[f"mean_{kind}_{name}"] = scores.mean(axis=1)
            results[f"std_{kind}_{name}"] = scores.std(axis=1)
            if kind == "test":
                results[f"rank_test_{name}"] = _rank(results[f"mean_test_{name}"])
    return results


class _LiveSearchMixin:
    """Progress reports and stopping, shared by the live searches.

    A subclass is a ``BaseSearchCV`` subclass whose ``_run_search`` calls
    ``evaluate_candidates`` (the plain search's own ``_run_search`` does).
    """

    # -- public ------------------------------------------------------------------------
    def stop(self):
        """Ask the search to end at the next candidate boundary.

        Safe to call from any thread, at any time (a widget's Stop button does), and it
        always means the same: the fit that is running, or else the next fit, ends once
        the candidates already handed to the workers are evaluated, and at least one
        candidate is evaluated, so that the search has results. The candidates evaluated
        stay in ``cv_results_``, ``best_params_`` is the best of them and, with ``refit``,
        it is refitted as usual; ``stopped_`` is then True. ``fit`` consumes the request
        when it returns.
        """
        self._stop_event().set()

    @property
    def stop_requested(self) -> bool:
        """True from ``stop()`` until the fit that honours it returns."""
        return self._stop_event().is_set()

    def n_candidates(self) -> int:
        """Number of candidates the search evaluates when it runs to the end."""
        return len(self._candidates())

    def plan(self, X, y=None, **fit_params) -> SearchPlan:
        """What ``fit(X, y, **fit_params)`` will fit, counted without fitting anything.

        The candidates, splits and (for successive halving) iterations are counted with
        the search's own rules, on the same data: see :class:`hptlearn.plan.SearchPlan`.
        ``groups`` among ``fit_params`` reaches the splitter, as in ``fit``. With
        ``warm_start``, the candidates the previous fit evaluated are counted as reused,
        not fitted (assuming the same data, splits, scoring and estimator, which ``fit``
        checks), and so are those found in the ``checkpoint`` file (successive halving
        counts those of its first iteration: its later iterations depend on the scores).
        """
        groups = fit_params.get("groups")
        X, y, groups = indexable(X, y, groups)
        n_splits, schedule, candidates = self._planned(X, y, groups)
        reused = 0
        if schedule is None:
            n_candidates = len(candidates)
            reused = self._planned_reused(candidates)
            n_fits = (n_candidates - reused) * n_splits
            full = float(n_fits)
        else:
            reused = self._planned_reused_first(X, y, groups)
            n_candidates = schedule.total_candidates
            n_fits = schedule.n_fits - reused * n_splits
            full = schedule.full_fit_equivalents - reused * n_splits * (
                schedule.n_resources[0] / schedule.max_resources
            )
        return SearchPlan(
            n_candidates=n_candidates,
            n_splits=n_splits,
            n_fits=n_fits,
            refit_fits=1 if self.refit else 0,
            full_fit_equivalents=full,
            distinct_values=self._planned_distinct(candidates),
            schedule=schedule,
            reused_candidates=reused,
        )

    def _planned_reused(self, candidates) -> int:
        """How many of ``candidates`` a fit takes back without fitting them: from the
        previous fit (``warm_start``) or the ``checkpoint`` file."""
        outs, records = self._known_before_fit()
        if isinstance(candidates, range) or (not outs and not records):
            return 0  # (a range: the candidates are only known as the fit goes)
        seen = Counter()
        return sum(
            warm_key in outs or record in records
            for warm_key, record in (_known_keys(c, "", seen) for c in candidates)
        )

    def _planned_reused_first(self, X, y, groups) -> int:
        """For a search in planned rounds (successive halving): how many evaluations of
        its first round a fit takes back without fitting them."""
        return 0

    def _live_total(self) -> int:
        """Candidates the search evaluates if it runs to its end, when known before they
        are chosen (a search that asks for them as it goes); else 0."""
        return 0

    def _planned(self, X, y, groups):
        """``(n_splits, halving schedule or None, first candidates)`` on this data."""
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        return int(cv.get_n_splits(X, y, groups)), None, self._candidates()

    def _space(self):
        return getattr(self, "param_grid", None) or self.param_distributions

    def _planned_distinct(self, candidates) -> dict:
        """Distinct values per name among the candidates, where known before fitting."""
        space = self._space()
        counts = distinct_list_values(space)
        if isinstance(candidates, ParameterGrid):
            return counts  # every listed value is in some candidate
        if all_lists(space) and len(candidates) == len(ParameterGrid(space)):
            return counts  # a sample of every candidate of the lists
        if isinstance(getattr(self, "random_state", None), Integral) and not isinstance(
            candidates, range
        ):
            # the same draws as fit, drawn when first read
            return LazyCounts(lambda: distinct_candidate_values(candidates, counts))
        return {name: 1 if n == 1 else None for name, n in counts.items()}

    def _warm_fingerprint(self, X, y, splits, fit_params) -> dict:
        """What the results of a fit depend on besides the candidates (``warm_start``)."""
        return {
            "data (X, y or the fit parameters)": _hash((X, y, fit_params)),
            "cross-validation splits": _hash(
                [(np.asarray(train), np.asarray(test)) for train, test in splits]
            ),
            "scoring (scoring, error_score or return_train_score)": _hash(
                (self.scoring, self.error_score, self.return_train_score)
            ),
            "estimator": _hash(clone(self.estimator)),
        }

    def _known_before_fit(self) -> tuple[dict, dict]:
        """What the next ``fit`` may take back, for ``plan``: the previous fit's results by
        key (with ``warm_start``) and the records of the ``checkpoint`` file; each empty
        without one."""
        warm = self.__dict__.get("_live_warm") if getattr(self, "warm_start", False) else None
        path = getattr(self, "checkpoint", None)
        records = {}
        if path is not None and os.path.exists(path):
            records = Checkpoint(path, type(self).__name__, None, read_only=True).records
        return (warm["outs"] if warm is not None else {}), records

    def _checkpoint_fingerprint(self) -> dict:
        """What a checkpoint's header holds besides the ``warm_start`` fingerprint."""
        return {"search space": stable_hash(self._space())}

    def _best_index(self, refit_metric, results) -> int:
        """The row of the best candidate: scikit-learn's rule for the search class."""
        return _sk.select_best_index(self, self.refit, refit_metric, results)

    # scikit-learn checks the failed fits of each evaluate_candidates call (one
    # FitFailedWarning, or "All the N fits failed"); a search that asks for a few
    # candidates at a time sets this to False and has them checked once, at the end
    _check_fit_failures_per_call = True

    def _live_schedule(self):
        """``[(n_candidates, n_resources), ...]`` per iteration, for a search that
        evaluates in several planned rounds (successive halving); else ``None``."""
        return None

    # -- pickling: UI state never travels to the workers --------------------------------
    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("_live_stop_event", None)
        state.pop("_live_fit_start", None)
        state.pop("_live_warm", None)  # warm_start's results: not needed by the workers
        # the callback is usually a bound method of a widget: not picklable, not needed
        # by the workers (scikit-learn sends the search object itself to each of them).
        state["on_progress"] = None
        return state

    def _stop_event(self):
        event = self.__dict__.get("_live_stop_event")
        if event is None:
            event = self.__dict__.setdefault("_live_stop_event", threading.Event())
        return event

    # -- fit -----------------------------------------------------------------------------
    @_sk.fit_context
    def fit(self, X, y=None, **params):
        """Run the search, like the scikit-learn class, reporting progress on the way.

        Sets, in addition to the usual fitted attributes, ``stopped_`` (False when the
        search ran to its end, True when ``stop()`` ended it early, ``"time_budget"`` when
        the time limit did), ``n_candidates_planned_`` and ``fit_errors_``.

        Raises
        ------
        hptlearn.spaces.UnknownHyperparameterError
            Before any fit, when scikit-learn would refuse a name of a candidate (a
            ``ValueError`` whose message starts as scikit-learn's, then suggests a name).
        ImportError
            When the installed scikit-learn lacks a private piece the live searches use
            (see :mod:`hptlearn._sklearn_compat`).
        """
        _sk.require_search_internals()
        self.__dict__["_live_fit_start"] = time.perf_counter()  # for time_budget
        self.stopped_ = False
        self.fit_errors_ = []
        try:
            return self._fit(X, y, **params)
        finally:
            self._stop_event().clear()

    def _fit(self, X, y=None, **params):
        # The steps of BaseSearchCV.fit (scikit-learn 1.9), in its order; only
        # evaluate_candidates differs (see _evaluate).
        scorers, refit_metric = _sk.get_scorers(self)
        X, y = indexable(X, y)
        params = _sk.check_method_params(X, params=params)
        routed_params = _sk.routed_params_for_fit(self, params)
        sample_weight = params.get("sample_weight")
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        root_ctx = _sk.init_callback_context(
            self, max_subtasks=1 + (self.refit is not False)
        ).call_on_fit_task_begin(estimator=self, X=X, y=y, metadata=metadata)

        self.n_splits_ = _sk.check_search_input(
            self,
            check_cv(self.cv, y, classifier=is_classifier(self.estimator)),
            X,
            y,
            routed_params.splitter.split,
        )
        base_estimator = clone(self.estimator)
        parallel = Parallel(
            n_jobs=self.n_jobs, pre_dispatch=self.pre_dispatch, return_as="generator"
        )
        run = _Run(
            search=self,
            X=X,
            y=y,
            split_params=routed_params.splitter.split,
            base_estimator=base_estimator,
            parallel=parallel,
            fit_and_score_kwargs=dict(
                scorer=scorers,
                fit_params=routed_params.estimator.fit,
                score_params=routed_params.scorer.score,
                return_train_score=self.return_train_score,
                return_n_test_samples=True,
                return_times=True,
                return_parameters=False,
                error_score=self.error_score,
                verbose=self.verbose,
            ),
        )
        try:
            with parallel:
                _sk.run_search(self, run.evaluate_candidates, root_ctx)
                if not self._check_fit_failures_per_call and run.all_out:
                    _sk.warn_or_raise_about_fit_failures(run.all_out, self.error_score)
                # multimetric is known here: a callable scorer's return type is only
                # known after calling it
                first_test_score = run.all_out[0]["test_scores"]
                self.multimetric_ = isinstance(first_test_score, dict)
                if callable(self.scoring) and self.multimetric_:
                    _sk.check_refit_for_multimetric(self, first_test_score)
                    refit_metric = self.refit
        finally:
            if run.checkpoint is not None:
                run.checkpoint.close()
                self.checkpoint_written_ = run.checkpoint.n_written
                self.checkpoint_write_seconds_ = run.checkpoint.write_seconds
        results = run.results

        if self.refit or not self.multimetric_:
            self.best_index_ = self._best_index(refit_metric, results)
            if not callable(self.refit):
                self.best_score_ = results[f"mean_test_{refit_metric}"][self.best_index_]
            self.best_params_ = results["params"][self.best_index_]

        if self.refit:
            # the parameters are cloned too: they may be estimators (a pipeline step)
            self.best_estimator_ = clone(base_estimator).set_params(
                **clone(self.best_params_, safe=False)
            )
            refit_ctx = root_ctx.subcontext(task_name="refit-with-best-params")
            with refit_ctx.propagate_callback_context(self.best_estimator_):
                refit_ctx.call_on_fit_task_begin(estimator=self, X=X, y=y, metadata=metadata)
                refit_start = time.time()
                if y is not None:
                    self.best_estimator_.fit(X, y, **routed_params.estimator.fit)
                else:
                    self.best_estimator_.fit(X, **routed_params.estimator.fit)
                self.refit_time_ = time.time() - refit_start
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_
            refit_ctx.call_on_fit_task_end(estimator=self, X=X, y=y, metadata=metadata)

        self.scorer_ = _sk.scorer_of(scorers)
        self.cv_results_ = results
        if run.fingerprint is not None:
            # every fit keeps what a later fit with warm_start=True reuses (as
            # scikit-learn's ensembles keep their trees), whatever its own warm_start
            outs, n = dict(run.cache), self.n_splits_
            for i, key in enumerate(run.all_warm_keys):
                outs[key] = run.all_out[i * n : (i + 1) * n]
            self.__dict__["_live_warm"] = {"fingerprint": run.fingerprint, "outs": outs}
        root_ctx.call_on_fit_task_end(estimator=self, X=X, y=y, metadata=metadata)
        return self


class _Run:
    """One fit of a live search: the state ``evaluate_candidates`` keeps between calls."""

    def __init__(self, search, X, y, split_params, base_estimator, parallel, fit_and_score_kwargs):
        self.search = search
        self.X, self.y, self.split_params = X, y, split_params
        self.base_estimator = base_estimator
        self.parallel = parallel
        self.kwargs = fit_and_score_kwargs
        self.all_candidate_params = []
        self.all_out = []
        self.all_more_results = defaultdict(list)
        self.results = {}
        self.n_planned = 0
        self.start = search.__dict__.get("_live_fit_start") or time.perf_counter()
        self.last_report = None  # (time, candidates done) of the last report
        self.stop_event = search._stop_event()
        self.iteration = None
        self.fingerprint = None  # warm_start: what the results depend on
        self.cache = {}  # warm_start: candidate key -> its results of the previous fit
        self.all_warm_keys = []  # warm_start: the key of each evaluated candidate
        self.checkpoint = None  # checkpoint: the open file (hptlearn.checkpoint)
        self.record_seen = Counter()  # checkpoint: candidates met so far, per record key
        self.n_reused = 0  # candidates taken from the previous fit or the checkpoint
        self.call = None  # the candidates of the running call and their known results
        self._task_wrappers = []  # see wrap_tasks

    def wrap_tasks(self, wrapper) -> None:
        """Route every later call's (candidate, split) fits through ``wrapper``.

        ``wrapper`` takes the stream of joblib tasks ``(func, args, kwargs)`` that a call of
        :meth:`evaluate_candidates` makes, in order, and yields them, changed or not; it runs
        in joblib's dispatching thread. :class:`hptlearn.resume.FoldStates` hands each fit
        the fold estimator it continues this way.
        """
        self._task_wrappers.append(wrapper)

    # -- scikit-learn's evaluate_candidates protocol -----------------------------------
    def evaluate_candidates(self, candidate_params, cv=None, more_results=None, callback_ctx=None):
        """Evaluate candidates on every split; return the results of all calls so far."""
        search = self.search
        cv = cv or _sk.checked_cv(search)
        candidate_params = list(candidate_params)
        n_candidates = len(candidate_params)
        n_splits = search.n_splits_
        ending = self._ending() if self.all_candidate_params else False
        if ending:
            # stopped (or out of time) during or after an earlier call (a search that
            # calls evaluate_candidates several times, such as successive halving): no
            # further candidate starts
            search.stopped_ = ending
            return self.results
        if more_results and "iter" in more_results and more_results["iter"]:
            self.iteration = int(more_results["iter"][0])
        # the splits are made once and reused by every candidate of this call
        splits = list(cv.split(self.X, self.y, **self.split_params))
        if len(splits) != n_splits:
            raise ValueError(
                f"cv.split and cv.get_n_splits return inconsistent results. "
                f"Expected {n_splits} splits, got {len(splits)}"
            )
        # a name scikit-learn would refuse fails here, before any fit, with a suggestion
        check_candidates(search.estimator, candidate_params)
        self.n_planned += n_candidates
        search.n_candidates_planned_ = self.n_planned

        if search.verbose > 0:
            print(
                f"Fitting {n_splits} folds for each of {n_candidates} candidates,"
                f" totalling {n_candidates * n_splits} fits"
            )
        # warm_start and checkpoint: the candidates evaluated by the previous fit, or
        # found in the checkpoint file, are not fitted again
        context = ""
        if cv is not _sk.checked_cv(search):
            context = _splits_hash(splits)
        keys = self._warm_keys(candidate_params, splits, context)
        reuse, records = self._reused(candidate_params, keys, context, more_results)
        todo_index = [i for i, r in enumerate(reuse) if r is None]
        todo = [candidate_params[i] for i in todo_index]
        # progress counts the known candidates from the start: reused, then fitted
        self.call = (candidate_params, reuse)
        if self.last_report is None or 0 < len(todo) < n_candidates:
            # (a call with nothing to fit reports at its end, below)
            self._maybe_report([], force=True)
        contexts = [None] * (len(todo) * n_splits)
        if callback_ctx is not None:
            # made ahead of time, as scikit-learn does: making them while the workers'
            # tasks are being pickled fails
            contexts = [
                callback_ctx.subcontext(task_name="candidate-split-evaluation", task_id=i)
                for i in range(len(todo) * n_splits)
            ]

        tasks = self._tasks(todo, splits, contexts)
        for wrapper in self._task_wrappers:
            tasks = wrapper(tasks)
        fitted = []
        for result in self.parallel(tasks):
            fitted.append(result)
            if self.checkpoint is not None and len(fitted) % n_splits == 0:
                # a candidate is finished: on disk before the next one is read
                i = todo_index[len(fitted) // n_splits - 1]
                self._record(records[i], candidate_params[i], fitted[-n_splits:], more_results, i)
            self._maybe_report(fitted)
        self.call = None
        out = self._merge(reuse, fitted, n_splits)

        if len(out) < 1:
            raise ValueError(
                "No fits were performed. Was the CV iterator empty? Were there no candidates?"
            )
        n_done = len(out) // n_splits
        if search._check_fit_failures_per_call:
            _sk.warn_or_raise_about_fit_failures(out, search.error_score)
        if callable(search.scoring):
            # a callable scorer's failed fits get error scores of the right shape
            _sk.insert_error_scores(out, search.error_score)
        self.all_candidate_params.extend(candidate_params[:n_done])
        self.all_warm_keys.extend(keys[:n_done])
        self.all_out.extend(out)
        for key, value in (more_results or {}).items():
            self.all_more_results[key].extend(value[:n_done])
        search.fit_errors_.extend(
            next(
                (r["fit_error"] for r in out[i * n_splits : (i + 1) * n_splits] if r["fit_error"]),
                None,
            )
            for i in range(n_done)
        )
        self.results = _sk.format_results(
            search, self.all_candidate_params, n_splits, self.all_out, self.all_more_results
        )
        self._report(len(self.all_candidate_params), len(self.all_out), self.results)
        return self.results

    def open_known(self, splits) -> None:
        """Once per fit, before any candidate is looked up: the fingerprint of what the
        results depend on (``splits``: those of the search's own ``cv``), kept by every
        fit; with ``warm_start``, a check that it is the previous fit's, whose results
        then become :attr:`cache`; with ``checkpoint``, the file opened (which checks the
        same). A search that runs its own loop (ASHA) calls it itself."""
        search = self.search
        self.fingerprint = search._warm_fingerprint(
            self.X, self.y, splits, self.kwargs["fit_params"]
        )
        previous = (
            search.__dict__.get("_live_warm") if getattr(search, "warm_start", False) else None
        )
        if previous is not None:
            changed = [
                what
                for what, value in previous["fingerprint"].items()
                if self.fingerprint[what] != value
            ]
            if changed:
                raise ValueError(
                    f"warm_start=True continues the previous search, but the "
                    f"{' and the '.join(changed)} changed since its fit: its results "
                    "do not apply. Fit with warm_start=False to start a new search."
                )
            self.cache = previous["outs"]
        checkpoint = getattr(search, "checkpoint", None)
        if checkpoint is not None:
            self.checkpoint = Checkpoint(
                checkpoint,
                type(search).__name__,
                {
                    **{what: _jsonable(v) for what, v in self.fingerprint.items()},
                    **search._checkpoint_fingerprint(),
                },
            )
            search.checkpoint_read_ = self.checkpoint.n_read

    def _warm_keys(self, candidate_params, splits, context=""):
        """Each candidate's key among the previous fit's results; on the first call,
        :meth:`open_known` with the splits of the search's own ``cv``.

        ``context`` is empty for the splits of the search's own ``cv``, else a hash of
        the splits of this call (successive halving evaluates on subsamples that grow):
        a result is only reused on the splits it was evaluated on."""
        if self.fingerprint is None:
            if context:  # the fingerprint holds the splits of the search's own cv
                cv = _sk.checked_cv(self.search)
                splits = list(cv.split(self.X, self.y, **self.split_params))
            self.open_known(splits)
        if context:
            return [(context, candidate_key(c)) for c in candidate_params]
        return [candidate_key(c) for c in candidate_params]

    def _reused(self, candidate_params, keys, context, more_results):
        """For each candidate, its results when they are known (the previous fit's with
        ``warm_start``, the checkpoint's), else None; and its checkpoint record key."""
        reuse = [self.cache.get(k) if k is not None else None for k in keys]
        records = [None] * len(candidate_params)
        if self.checkpoint is not None:
            for i, candidate in enumerate(candidate_params):
                key = candidate_record_key(candidate, context)
                records[i] = (key, self.record_seen[key])
                self.record_seen[key] += 1
                if reuse[i] is None:
                    reuse[i] = self.checkpoint.records.get(records[i])
                else:  # continued from the previous fit: on disk too
                    self._record(records[i], candidate, reuse[i], more_results, i)
        self.n_reused += sum(r is not None for r in reuse)
        return reuse, records

    def _record(self, record, candidate, out, more_results, index):
        """Append one finished candidate to the checkpoint file."""
        extra = {
            name: _jsonable(values[index])
            for name, values in (more_results or {}).items()
            if index < len(values)
        }
        self.checkpoint.append(*record, candidate, out, **extra)

    @staticmethod
    def _so_far(candidate_params, reuse, fitted, n_splits):
        """The candidates of a call that are known so far, in the call's order: those
        reused, and those fitted (``fitted``: the first ones to fit, complete); with their
        results."""
        params, out, used = [], [], 0
        for candidate, known in zip(candidate_params, reuse, strict=True):
            if known is not None:
                params.append(candidate)
                out.extend(known)
            elif used + n_splits <= len(fitted):
                params.append(candidate)
                out.extend(fitted[used : used + n_splits])
                used += n_splits
        return params, out

    def _merge(self, reuse, fitted, n_splits):
        """The results of the candidates in order: the known ones (``reuse``: from the
        previous fit or the checkpoint), else from ``fitted``; up to the first candidate
        not evaluated (after a stop)."""
        if all(r is None for r in reuse):
            return fitted
        out, used = [], 0
        for known in reuse:
            if known is not None:
                out.extend(dict(r) for r in known)
            elif used + n_splits <= len(fitted):
                out.extend(fitted[used : used + n_splits])
                used += n_splits
            else:
                break
        return out

    def _tasks(self, candidate_params, splits, contexts):
        """The (candidate, split) fits, handed to joblib one at a time as it asks.

        Runs in joblib's dispatching thread. Once a stop is requested the stream ends at a
        candidate boundary: a candidate whose fits have started is always completed, and
        the fit evaluates at least one candidate.
        """
        n_splits = len(splits)
        pairs = product(enumerate(candidate_params), enumerate(splits))
        for task_id, ((cand_idx, parameters), (split_idx, (train, test))) in enumerate(pairs):
            started = len(self.all_candidate_params) + cand_idx
            if split_idx == 0 and started > 0:
                ending = self._ending()
                if ending:
                    self.search.stopped_ = ending
                    return
            yield delayed(_sk.fit_and_score)(
                clone(self.base_estimator),
                self.X,
                self.y,
                train=train,
                test=test,
                parameters=parameters,
                split_progress=(split_idx, n_splits),
                candidate_progress=(cand_idx, len(candidate_params)),
                **self.kwargs,
                caller=self.search,
                callback_ctx=contexts[task_id],
            )

    def _ending(self):
        """Why no further candidate may start: True after ``stop()``, ``"time_budget"``
        once the time limit has passed, else False."""
        if self.stop_event.is_set():
            return True
        budget = self.search.time_budget
        if budget is not None and time.perf_counter() - self.start >= budget:
            return "time_budget"
        return False

    # -- progress ------------------------------------------------------------------------
    def _maybe_report(self, fitted, force=False):
        """Report progress if one is due (``batch_size``), or if ``force``: the
        candidates of earlier calls, and of this call those reused (``warm_start``,
        ``checkpoint``) and those fitted so far (``fitted``), all counted as done."""
        search = self.search
        n_splits = search.n_splits_
        candidate_params, reuse = self.call
        n_known = sum(r is not None for r in reuse)
        n_complete = len(fitted) // n_splits if n_splits else 0
        n_done = len(self.all_candidate_params) + n_known + n_complete
        if not force:
            last_time, last_done = self.last_report
            if search.batch_size == "auto":
                due = time.perf_counter() - last_time >= search.target_batch_seconds
            else:
                due = n_done - last_done >= search.batch_size and len(fitted) % n_splits == 0
            if not due or search.on_progress is None:
                return
        n_fits = len(self.all_out) + n_known * n_splits + len(fitted)
        if search.on_progress is None or not n_done or not n_splits:
            self._report(n_done, n_fits, None)
            return
        params, out = self._so_far(
            candidate_params, reuse, fitted[: n_complete * n_splits], n_splits
        )
        snapshot = _snapshot(
            self.all_candidate_params + params,
            self.all_out + out,
            n_splits,
            search.return_train_score,
        )
        self._report(n_done, n_fits, snapshot)

    def _report(self, n_done, n_fits, results):
        search = self.search
        self.last_report = (time.perf_counter(), n_done)
        if search.on_progress is None:
            return
        if results is not None:
            # scikit-learn keeps extending its list of candidates: give a snapshot
            results = {**results, "params": list(results["params"])}
        schedule = search._live_schedule()
        search.on_progress(
            SearchProgressInfo(
                n_done=n_done,
                n_total=max(
                    self.n_planned, sum(n for n, _ in schedule or ()), search._live_total()
                ),
                n_splits=search.n_splits_,
                elapsed=time.perf_counter() - self.start,
                cv_results=results,
                stopping=bool(self._ending()),
                metric=rank_metric(results, search.refit) if results else "score",
                n_fits_done=n_fits,
                iteration=None if schedule is None else (self.iteration or 0),
                n_iterations=None if schedule is None else len(schedule),
            )
        )


_SKIP_DUPLICATES_DOC = """
    skip_duplicates : bool, default=False
        When True, a candidate equal to one drawn before (same names, same values) is not
        evaluated again: further candidates are drawn (with the same ``random_state``, so
        the first ones are those of ``skip_duplicates=False``) until ``n_iter`` distinct
        candidates are found. ``cv_results_`` then has one row per distinct candidate,
        ``n_iter`` rows, or fewer when the space holds fewer distinct candidates (a
        ``UserWarning`` says so and the search evaluates all of them). A space of lists
        only never repeats a candidate, with or without this option.
"""

_WARM_START_DOC = """
    warm_start : bool, default=False
        When set to True, reuse the results of the previous call to ``fit`` (whatever
        its own ``warm_start``, as with scikit-learn's ensembles) and evaluate only the
        new candidates; otherwise, evaluate every candidate anew. After
        ``search.fit(X, y)`` with ``n_iter=10``, ``search.set_params(n_iter=20,
        warm_start=True)`` and a second ``fit`` evaluate only the 10 new candidates:
        those the previous fit evaluated (same names, same values) keep their fold
        scores (a larger ``n_iter`` or grid). The results are those of one fresh fit
        with the final settings, in the same order (times aside: a reused candidate
        keeps its times). The data, the splits, the scoring and the estimator must be
        those of the previous fit; if one changed, ``fit`` raises a ``ValueError`` that
        names it. With random sampling, the first ``n`` candidates of ``n_iter=2n`` are
        those of ``n_iter=n`` for distributions and an int ``random_state``; a space of
        lists only is sampled without replacement, whose order changes with ``n_iter``,
        but the candidates found again are reused all the same. To allow this, every
        fit keeps its fold results (about 1.5 kB per candidate with 5 folds) and a hash
        of what they depend on (about 1 s per 400 MB of data), neither of which goes
        into the search's clones or pickles (an unpickled search starts anew).
"""

_CHECKPOINT_DOC = """
    checkpoint : str, os.PathLike or None, default=None
        A file that survives a crash. Each candidate is appended to it (one JSON line:
        its values, fold scores, times, failure message) as soon as it is evaluated, and
        handed to the operating system at once (forced to disk at least every second). A
        ``fit`` that finds the file reads the finished candidates back and fits only the
        rest: the results are those of an uninterrupted run (times aside), provided the
        search draws the same candidates (an int ``random_state``).
        A file written by a search on other data, splits, scoring, estimator, search
        class or space is refused with a ``ValueError`` that names what differs (delete
        it or pass another path); an unfinished last line (the crash) is skipped. The
        layout is described in :mod:`hptlearn.checkpoint`. After ``fit``,
        ``checkpoint_read_`` is the number of candidates read back,
        ``checkpoint_written_`` the number written and ``checkpoint_write_seconds_`` the
        time spent writing them. None: no file.
"""

_LIVE_PARAMETERS_DOC = """
    on_progress : callable or None, default=None
        Called as ``on_progress(info)`` with a :class:`SearchProgressInfo` when the
        search starts, as it goes (see ``batch_size``) and when it ends. It runs in the
        thread that called ``fit``; keep it quick.
    batch_size : "auto" or int, default="auto"
        How often progress is reported: after every ``batch_size`` candidates, or with
        ``"auto"`` about every ``target_batch_seconds``. It does not change how the fits
        are run (one stream, no barrier) nor when ``stop()`` acts (at the next candidate).
    target_batch_seconds : float, default=1.0
        The time between two progress reports aimed at by ``batch_size="auto"``.
    time_budget : float or None, default=None
        A time limit in seconds, counted from the start of ``fit``: no candidate is handed
        to the workers once it has passed, as after ``stop()`` (the candidates already
        handed out finish, at least one candidate is evaluated, and the best of those
        evaluated is refitted); ``stopped_`` is then ``"time_budget"``. The limit does not
        include the refit. None: no limit.
"""


class LiveGridSearchCV(_LiveSearchMixin, GridSearchCV):
    """:class:`~sklearn.model_selection.GridSearchCV` that reports progress and can stop.

    Takes every argument of ``GridSearchCV`` and gives the same results, plus:

    Parameters
    ----------
    {warm}{live}{checkpoint}
    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> seen = []
    >>> search = LiveGridSearchCV(SVC(), {{"C": [0.1, 1, 10]}}, on_progress=seen.append)
    >>> search.fit(X, y).best_params_
    {{'C': 10}}
    >>> seen[-1].n_done, seen[-1].n_total
    (3, 3)
    """

    _parameter_constraints = _sk.parameter_constraints(
        GridSearchCV, warm_start=["boolean"], checkpoint=_CHECKPOINT_CONSTRAINT
    )

    def __init__(
        self,
        estimator,
        param_grid,
        *,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        error_score=np.nan,
        return_train_score=False,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator=estimator,
            param_grid=param_grid,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    def _candidates(self):
        return ParameterGrid(self.param_grid)


class LiveRandomizedSearchCV(_LiveSearchMixin, RandomizedSearchCV):
    """:class:`~sklearn.model_selection.RandomizedSearchCV` that reports progress and stops.

    Takes every argument of ``RandomizedSearchCV`` and, for the same ``random_state``,
    samples the same candidates and gives the same results, plus:

    Parameters
    ----------
    {sampled}
    {warm}{live}{checkpoint}"""

    _parameter_constraints = _sk.parameter_constraints(
        RandomizedSearchCV,
        skip_duplicates=["boolean"],
        warm_start=["boolean"],
        checkpoint=_CHECKPOINT_CONSTRAINT,
    )

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_iter=10,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        skip_duplicates=False,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator=estimator,
            param_distributions=param_distributions,
            n_iter=n_iter,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            random_state=random_state,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.skip_duplicates = skip_duplicates
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    def _candidates(self):
        # the sampler RandomizedSearchCV._run_search uses, with the same random_state:
        # the same candidates in the same order
        if self.skip_duplicates and not all_lists(self.param_distributions):
            return _distinct_draws(self, ParameterSampler)
        return ParameterSampler(
            self.param_distributions, self.n_iter, random_state=self.random_state
        )

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        if self.skip_duplicates:
            # RandomizedSearchCV's own steps, with the distinct candidates
            distinct, evaluate = self._candidates(), evaluate_candidates

            def evaluate_candidates(candidate_params, **kwargs):
                return evaluate(distinct, **kwargs)

        return super()._run_search(evaluate_candidates, callback_ctx=callback_ctx)


class LiveQuasiRandomSearchCV(_LiveSearchMixin, _sk.BaseSearchCV):
    """Quasi-random search: ``n_iter`` candidates from scrambled Sobol points, live.

    Takes the arguments of :class:`~sklearn.model_selection.RandomizedSearchCV` and gives
    results in the same layout. The difference is where the candidates come from
    (:class:`hptlearn.distributions.QuasiRandomParameterSampler`): a random search draws
    each coordinate independently, so its points clump and leave gaps; the points of a
    scrambled Sobol sequence, mapped through each distribution's quantiles, fill the space
    evenly (with ``n_iter`` a power of two, each of ``n_iter`` equal slices of every
    hyperparameter's range holds exactly one candidate) and, unlike a grid, never repeat a
    value of any hyperparameter. Every distribution needs a ``ppf`` (all ``scipy.stats``
    distributions have one); lists are split into equal parts.

    Parameters
    ----------
    estimator, param_distributions, n_iter, scoring, n_jobs, refit, cv, verbose, \
pre_dispatch, error_score, return_train_score
        As for :class:`~sklearn.model_selection.RandomizedSearchCV`.
    random_state : int, RandomState instance or None, default=None
        Seeds the scrambling of the Sobol points: the same int gives the same candidates.
    {sampled}
    {warm}{live}{checkpoint}
    Examples
    --------
    >>> from scipy.stats import loguniform
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveQuasiRandomSearchCV(
    ...     SVC(), {{"C": loguniform(1e-2, 1e2)}}, n_iter=4, random_state=0
    ... ).fit(X, y)
    >>> sorted(int(np.log10(c) + 2) for c in search.cv_results_["param_C"])
    [0, 1, 2, 3]
    """

    _parameter_constraints = _sk.parameter_constraints(
        RandomizedSearchCV,
        skip_duplicates=["boolean"],
        warm_start=["boolean"],
        checkpoint=_CHECKPOINT_CONSTRAINT,
    )

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_iter=10,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        skip_duplicates=False,
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
        self.n_iter = n_iter
        self.random_state = random_state
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.skip_duplicates = skip_duplicates
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    def _candidates(self):
        if self.skip_duplicates and not all_lists(self.param_distributions):
            return _distinct_draws(self, QuasiRandomParameterSampler)
        return QuasiRandomParameterSampler(
            self.param_distributions, self.n_iter, random_state=self.random_state
        )

    def _run_search(self, evaluate_candidates):
        evaluate_candidates(self._candidates())


def _distinct_draws(search, sampler_class) -> list:
    """The first ``n_iter`` distinct candidates a sampler draws (``skip_duplicates``)."""
    max_draws = 50 * search.n_iter + 1000
    draws = sampler_class(search.param_distributions, max_draws, random_state=search.random_state)
    return distinct_candidates(
        draws,
        search.n_iter,
        count_distinct_candidates(search.param_distributions),
        max_draws,
        who=type(search).__name__,
    )


#: the parameters documented alike in several searches
_PARAMETERS_DOC = dict(
    sampled=_SKIP_DUPLICATES_DOC.strip(),
    warm=_WARM_START_DOC.strip(),
    live=_LIVE_PARAMETERS_DOC,
    checkpoint=_CHECKPOINT_DOC.strip("\n"),
)
LiveGridSearchCV.__doc__ = LiveGridSearchCV.__doc__.format(**_PARAMETERS_DOC)
LiveQuasiRandomSearchCV.__doc__ = LiveQuasiRandomSearchCV.__doc__.format(**_PARAMETERS_DOC)
LiveRandomizedSearchCV.__doc__ = LiveRandomizedSearchCV.__doc__.format(**_PARAMETERS_DOC)
