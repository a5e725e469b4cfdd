"""Live searches: scikit-learn's search classes that report progress and can be stopped.

:class:`LiveGridSearchCV` and :class:`LiveRandomizedSearchCV` are subclasses of
:class:`~sklearn.model_selection.GridSearchCV` and
:class:`~sklearn.model_selection.RandomizedSearchCV`. They take the same arguments and
produce the same ``cv_results_``, ``best_params_`` and ``best_estimator_``: the
cross-validation, scoring, refit and ``error_score`` handling are scikit-learn's own.

What they add:

* ``on_progress``: a function called with a :class:`SearchProgressInfo` when the search
  starts and after each *batch* of candidates, with the results so far;
* ``stop()``: the search ends after the current batch; ``cv_results_``, ``best_params_``
  and the refitted ``best_estimator_`` then describe the candidates that were evaluated;
* ``fit_errors_``: for each evaluated candidate, ``None`` or the error message of its
  failed fits (scikit-learn only keeps the score, ``error_score``).

How it works. scikit-learn's ``BaseSearchCV.fit`` hands a function
``evaluate_candidates`` to the method ``_run_search``; the plain classes call it once with
every candidate. These classes call it several times, one batch at a time, and report
between batches. Each call evaluates its candidates x folds in parallel, so a batch must
hold enough work to keep ``n_jobs`` workers busy: with ``batch_size="auto"`` the first
batch holds one candidate per worker, and later batches are sized from the time the
previous ones took so that each lasts about ``target_batch_seconds`` (two seconds by
default). Cheap searches therefore run in a few large batches and slow ones in small
batches, so that Stop acts within about that time. Each batch boundary costs a little: the
workers wait for the last fit of the batch before the next batch starts. Measured on 2 cores
(``benchmarks/search_overhead.py``, 30 SVC candidates x 5 folds, about 2.5 s per search), the
live searches took 1.02 to 1.07 times as long as the plain ones with two-second batches, and
1.10 times with one-second batches.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from joblib import effective_n_jobs
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import (
    GridSearchCV,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
)
from sklearn.model_selection import _search as _sk_search
from sklearn.utils._param_validation import Interval, StrOptions

from hptlearn.spaces import validate_space

__all__ = ["LiveGridSearchCV", "LiveRandomizedSearchCV", "SearchProgressInfo"]


@dataclass(frozen=True)
class SearchProgressInfo:
    """What ``on_progress`` receives: the state of a running search.

    Attributes
    ----------
    n_done : int
        Candidates evaluated so far (each on every CV fold).
    n_total : int
        Candidates the search will evaluate if it is not stopped.
    n_splits : int
        Number of cross-validation folds: one candidate costs ``n_splits`` fits.
    elapsed : float
        Seconds since the search started.
    cv_results : dict or None
        ``cv_results_`` of the candidates evaluated so far (``None`` at the start).
    stopping : bool
        True when ``stop()`` was called: no further batch will start.
    """

    n_done: int
    n_total: int
    n_splits: int
    elapsed: float
    cv_results: dict | None = None
    stopping: bool = False

    @property
    def fraction(self) -> float:
        """Fraction of the candidates evaluated, between 0 and 1."""
        return self.n_done / self.n_total if self.n_total else 1.0

    @property
    def best_index(self) -> int | None:
        """Index of the best candidate so far (highest mean test score), or None."""
        if not self.cv_results:
            return None
        scores = _main_test_scores(self.cv_results)
        if scores is None or np.all(np.isnan(scores)):
            return None
        return int(np.nanargmax(scores))

    @property
    def best_score(self) -> float | None:
        """Best mean test score so far, or None."""
        i = self.best_index
        return None if i is None else float(_main_test_scores(self.cv_results)[i])

    @property
    def best_params(self) -> dict | None:
        """Hyperparameters of the best candidate so far, or None."""
        i = self.best_index
        return None if i is None else self.cv_results["params"][i]


def _main_test_scores(cv_results):
    """The mean test scores to rank by: the single metric, or the first of several."""
    if "mean_test_score" in cv_results:
        return np.asarray(cv_results["mean_test_score"], dtype=float)
    keys = sorted(k for k in cv_results if k.startswith("mean_test_"))
    return np.asarray(cv_results[keys[0]], dtype=float) if keys else None


# --- one failing batch must not end the search --------------------------------------
# scikit-learn raises "All the N fits failed" when every fit of one call to
# evaluate_candidates fails. The plain searches make one call, so they raise only when
# the whole search failed. A live search makes one call per batch; to keep the plain
# behaviour, the check is deferred while a live search runs in this thread: a batch whose
# fits all failed gets a FitFailedWarning, and the search raises at the end only if every
# fit of every batch failed.
_sk_warn_or_raise = _sk_search._warn_or_raise_about_fit_failures
_deferred = threading.local()


def _warn_or_raise_about_fit_failures(results, error_score):
    if getattr(_deferred, "active", False):
        errors = [r["fit_error"] for r in results if r["fit_error"] is not None]
        if errors and len(errors) == len(results):
            warnings.warn(
                f"\n{len(errors)} fits failed out of {len(results)} in this batch of the "
                f"search; their score is set to {error_score}. First error:\n{errors[0]}",
                FitFailedWarning,
                stacklevel=2,
            )
            return
    _sk_warn_or_raise(results, error_score)


_sk_search._warn_or_raise_about_fit_failures = _warn_or_raise_about_fit_failures


class _LiveSearchMixin:
    """Batching, progress reports and stopping, shared by the two live searches."""

    _live_parameter_constraints = {
        "on_progress": [callable, None],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "target_batch_seconds": [Interval(Real, 0, None, closed="neither")],
    }

    # -- public ------------------------------------------------------------------------
    def stop(self):
        """Ask a running search to end after its current batch.

        Safe to call from another thread (a widget's Stop button does). The candidates
        evaluated so far stay in ``cv_results_`` and, with ``refit=True``, the best of
        them is refitted as usual. Calling it while no search runs does nothing.
        """
        self._stop_event().set()

    @property
    def stop_requested(self) -> bool:
        """True once ``stop()`` was called during the current (or last) fit."""
        return self._stop_event().is_set()

    def n_candidates(self) -> int:
        """Number of candidates the search evaluates when it runs to the end."""
        return len(self._candidates())

    # -- pickling: UI state never travels to the workers --------------------------------
    def __getstate__(self):
        state = super().__getstate__()
        state = dict(state)
        state.pop("_live_stop_event", None)
        # the callback is usually a bound method of a widget: not picklable, not needed
        # by the workers (scikit-learn sends the search object itself to each of them).
        state["on_progress"] = None
        return state

    def _stop_event(self):
        event = self.__dict__.get("_live_stop_event")
        if event is None:
            event = self.__dict__.setdefault("_live_stop_event", threading.Event())
        return event

    # -- the seam: BaseSearchCV.fit calls _run_search(evaluate_candidates) ---------------
    def fit(self, X, y=None, **params):
        """Run the search, like the scikit-learn class, reporting progress on the way.

        Sets, in addition to the usual fitted attributes, ``stopped_`` (True when
        ``stop()`` ended the search early), ``n_candidates_planned_`` and ``fit_errors_``.

        Raises
        ------
        hptlearn.spaces.UnknownHyperparameterError
            Before any fit, when a name in the grid or distributions is not a
            hyperparameter of the estimator (it lists the valid names and suggests one).
        """
        # a misspelled name fails here, before any fit, with the valid names and a suggestion
        validate_space(self.estimator, self._space())
        self._stop_event().clear()
        self._live_fit_errors = []
        self.stopped_ = False
        was_active = getattr(_deferred, "active", False)
        _deferred.active = True
        try:
            super().fit(X, y, **params)
        finally:
            _deferred.active = was_active
        self.fit_errors_ = list(self._live_fit_errors)
        return self

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        # ``out`` holds one dict per (candidate, fold), candidates in order: record which
        # candidates failed, and why, before scikit-learn reduces it to scores.
        errors = []
        for i in range(len(candidate_params)):
            messages = [
                r["fit_error"] for r in out[i * n_splits : (i + 1) * n_splits] if r["fit_error"]
            ]
            errors.append(messages[0] if messages else None)
        self._live_fit_errors = errors
        return super()._format_results(candidate_params, n_splits, out, more_results)

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        candidates = list(self._candidates())
        n_total = len(candidates)
        self.n_candidates_planned_ = n_total
        start = time.perf_counter()
        search_ctx = None
        if callback_ctx is not None:
            search_ctx = callback_ctx.subcontext(
                task_name="search", max_subtasks=None
            ).call_on_fit_task_begin(estimator=self)

        self._report(0, n_total, start, None)
        n_workers = max(1, effective_n_jobs(self.n_jobs))
        done = 0
        seconds_per_candidate = None
        while done < n_total:
            size = self._next_batch_size(n_workers, seconds_per_candidate)
            batch = candidates[done : done + size]
            batch_ctx = None
            if search_ctx is not None:
                batch_ctx = search_ctx.subcontext(
                    task_name="batch",
                    max_subtasks=len(batch) * self.n_splits_,
                    sequential_subtasks=False,
                ).call_on_fit_task_begin(estimator=self)
            t0 = time.perf_counter()
            results = evaluate_candidates(batch, callback_ctx=batch_ctx)
            elapsed = time.perf_counter() - t0
            if batch_ctx is not None:
                batch_ctx.call_on_fit_task_end(estimator=self)
            done += len(batch)
            seconds_per_candidate = elapsed / len(batch)
            self._report(done, n_total, start, results)
            if done < n_total and self._stop_event().is_set():
                self.stopped_ = True
                break

        if all(error is not None for error in self._live_fit_errors):
            # every fit of every batch failed: raise as the plain search does
            _sk_warn_or_raise(
                [{"fit_error": e} for e in self._live_fit_errors for _ in range(self.n_splits_)],
                self.error_score,
            )
        if search_ctx is not None:
            search_ctx.call_on_fit_task_end(estimator=self)

    def _next_batch_size(self, n_workers, seconds_per_candidate):
        if self.batch_size != "auto":
            return int(self.batch_size)
        if seconds_per_candidate is None:
            # first batch: one candidate per worker, to measure how long one takes
            return n_workers
        # The workers run in parallel: a batch of k candidates lasts about
        # k * seconds_per_candidate (measured wall time per candidate, which already
        # accounts for the parallelism). Round to whole rounds of n_workers candidates.
        k = self.target_batch_seconds / max(seconds_per_candidate, 1e-9)
        return max(n_workers, n_workers * math.floor(k / n_workers))

    def _report(self, done, total, start, results):
        if self.on_progress is None:
            return
        if results is not None:
            # scikit-learn stores its running list of candidates under "params" and keeps
            # extending it: give the callback a snapshot that later batches cannot change
            results = {**results, "params": list(results["params"])}
        self.on_progress(
            SearchProgressInfo(
                n_done=done,
                n_total=total,
                n_splits=self.n_splits_,
                elapsed=time.perf_counter() - start,
                cv_results=results,
                stopping=self._stop_event().is_set(),
            )
        )


class LiveGridSearchCV(_LiveSearchMixin, GridSearchCV):
    """:class:`~sklearn.model_selection.GridSearchCV` that reports progress and can stop.

    Takes every argument of ``GridSearchCV`` and gives the same results, plus:

    Parameters
    ----------
    on_progress : callable or None, default=None
        Called as ``on_progress(info)`` with a :class:`SearchProgressInfo` when the
        search starts and after each batch of candidates. It runs in the thread that
        called ``fit``; keep it quick.
    batch_size : "auto" or int, default="auto"
        Candidates per batch. Progress is reported, and ``stop()`` takes effect, between
        batches. ``"auto"`` sizes batches so each lasts about ``target_batch_seconds``.
    target_batch_seconds : float, default=2.0
        The duration aimed at by ``batch_size="auto"``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> seen = []
    >>> search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, on_progress=seen.append)
    >>> search.fit(X, y).best_params_
    {'C': 1}
    >>> seen[-1].n_done, seen[-1].n_total
    (3, 3)
    """

    _parameter_constraints = {
        **GridSearchCV._parameter_constraints,
        **_LiveSearchMixin._live_parameter_constraints,
    }

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
        target_batch_seconds=2.0,
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

    def _space(self):
        return self.param_grid

    def _candidates(self):
        return ParameterGrid(self.param_grid)


class LiveRandomizedSearchCV(_LiveSearchMixin, RandomizedSearchCV):
    """:class:`~sklearn.model_selection.RandomizedSearchCV` that reports progress and stops.

    Takes every argument of ``RandomizedSearchCV`` and, for the same ``random_state``,
    samples the same candidates and gives the same results. The extra parameters
    ``on_progress``, ``batch_size`` and ``target_batch_seconds`` are those of
    :class:`LiveGridSearchCV`.
    """

    _parameter_constraints = {
        **RandomizedSearchCV._parameter_constraints,
        **_LiveSearchMixin._live_parameter_constraints,
    }

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
        target_batch_seconds=2.0,
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

    def _space(self):
        return self.param_distributions

    def _candidates(self):
        # The same sampler, with the same random_state, as RandomizedSearchCV._run_search,
        # so the candidates (and their order) are the same. Sampling all of them first
        # and then evaluating in batches does not change what is drawn.
        return ParameterSampler(
            self.param_distributions, self.n_iter, random_state=self.random_state
        )
