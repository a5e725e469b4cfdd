"""The one owner of threads: a run in the background (:class:`BackgroundRun`), and the runs
of a live search (:class:`SearchRun`) and of a strategy comparison (:class:`ComparisonRun`).

Warnings of a background run. ``warnings.catch_warnings`` swaps process-wide state (before
Python 3.14), so in a thread it would also swallow, or restore over, what the notebook's
own cells do at the same time. A run therefore never uses it: the warnings raised in its
thread go to its own record through :func:`hptlearn.recording.install_warning_dispatcher`.
"""

from __future__ import annotations

import threading
import time
import traceback
import warnings

import pandas as pd

from hptlearn.cluster import backend_context
from hptlearn.recording import describe_warning, install_warning_dispatcher, record_warnings
from hptlearn.results import results_frame

__all__ = [
    "BackgroundRun",
    "ComparisonRun",
    "SearchRun",
    "check_live",
    "time_left",
]


# --------------------------------------------------------------------------------------
# A run in the background
# --------------------------------------------------------------------------------------


def time_left(elapsed: float, done: int, total: int) -> float | None:
    """Seconds left if the rest goes at the pace so far (None before the first unit).

    >>> time_left(10.0, 2, 6)
    20.0
    """
    if done <= 0 or done >= total:
        return None if done <= 0 else 0.0
    return elapsed / done * (total - done)


class BackgroundRun:
    """Run ``work()`` in a ``threading.Thread``, with progress, a stop and its outcome.

    A widget's callback must return at once (while it runs, the kernel handles no other
    message from the page, so a Stop click would wait): the work runs in a thread, and the
    views follow it as its listeners (:attr:`listeners`, :attr:`end_listeners`; called in
    that thread: set widget values there, never write into an ``Output``). The run is the
    only object that owns a thread: views and sessions subscribe to it, they attach nothing
    to the work itself.

    Parameters
    ----------
    work : callable
        Called without arguments in the thread; what it returns is :attr:`result`. It
        reports progress by calling :meth:`report`.
    stop : callable, optional
        What :meth:`stop` calls, once, from any thread (``search.stop`` for a live search).
    on_progress : callable, optional
        The first of :attr:`listeners`.
    on_end : callable, optional
        The first of :attr:`end_listeners`.

    Attributes
    ----------
    listeners : list of callable
        Each is called as ``listener(info)`` after each :meth:`report`, in the run's
        thread, in the order of the list.
    end_listeners : list of callable
        Each is called as ``listener(run)`` in the run's thread once the work has ended
        (done, stopped or failed), in the order of the list; :attr:`running` is True until
        the last returns. One that raises does not keep the others from being called; the
        first such error becomes :attr:`error` if the work itself did not fail.
    progress : object
        The latest info reported (None before the first report).
    result : object
        What ``work()`` returned.
    error : Exception or None
        What ended the work, if it failed; ``traceback`` holds its text.
    warnings : list of warnings.WarningMessage
        The warnings raised in the run's thread (each distinct warning once, see the
        module's documentation); ``warning_texts()`` gives them as text.
    stop_requested : bool
        True once :meth:`stop` was called.
    """

    def __init__(self, work, *, stop=None, on_progress=None, on_end=None, name="hptlearn-run"):
        self._work, self._stop, self.name = work, stop, name
        self.listeners: list = [] if on_progress is None else [on_progress]
        self.end_listeners: list = [] if on_end is None else [on_end]
        self.progress = None
        self.result = None
        self.error: Exception | None = None
        self.traceback = ""
        self.warnings: list[warnings.WarningMessage] = []
        self.stop_requested = False
        self.thread: threading.Thread | None = None
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._start_lock = threading.Lock()

    # -- control ---------------------------------------------------------------------------
    def start(self, background: bool = True):
        """Start the work in its thread (once); with ``background=False``, wait for its end."""
        with self._start_lock:
            if self.thread is not None:
                raise RuntimeError("This run has already started: make a new one to run again.")
            install_warning_dispatcher()
            self.started_at = time.perf_counter()
            self.thread = threading.Thread(target=self._main, name=self.name, daemon=True)
            self.thread.start()
        if not background:
            self.wait()
        return self

    def stop(self):
        """Ask the work to end early (a live search ends at its next candidate)."""
        if self.stop_requested or not self.running and self.thread is not None:
            return self
        self.stop_requested = True
        if self._stop is not None:
            self._stop()
        return self

    def wait(self, timeout: float | None = None):
        """Block until the run has ended (or ``timeout`` seconds); return :attr:`result`."""
        if self.thread is not None:
            self.thread.join(timeout)
        return self.result

    def report(self, info):
        """Publish progress (called by the work, in the run's thread)."""
        self.progress = info
        for listener in list(self.listeners):
            listener(info)

    # -- state -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    @property
    def elapsed(self) -> float:
        """Seconds since the start (until the end, once ended)."""
        if self.started_at is None:
            return 0.0
        return (self.ended_at or time.perf_counter()) - self.started_at

    def warning_texts(self) -> list[str]:
        """The warnings as ``"Category: message"``."""
        return [describe_warning(w) for w in self.warnings]

    # -- the thread ------------------------------------------------------------------------
    def _main(self):
        with record_warnings() as record:
            self.warnings = record.warnings
            try:
                self.result = self._work()
            except Exception as exc:  # kept for display: a thread's error has nowhere to go
                self.error, self.traceback = exc, traceback.format_exc()
            self.ended_at = time.perf_counter()
            for listener in list(self.end_listeners):
                try:
                    listener(self)
                except Exception as exc:
                    if self.error is None:
                        self.error, self.traceback = exc, traceback.format_exc()


# -- a live search -----------------------------------------------------------------------


def check_live(search):
    """Raise a ``TypeError`` with a hint unless ``search`` is a live search (it reports
    progress, can stop and plans)."""
    if not all(hasattr(search, name) for name in ("stop", "on_progress", "plan")):
        raise TypeError(
            f"A run needs a live search that reports progress and can stop "
            f"(hptlearn.LiveGridSearchCV or hptlearn.LiveRandomizedSearchCV); got "
            f"{type(search).__name__}. Wrap your grid as LiveGridSearchCV(estimator, grid, "
            "...) with the same arguments."
        )


class SearchRun(BackgroundRun):
    """A live search's ``fit`` in the background, with its plan.

    The run is where the search's progress enters: during ``fit`` the search's
    ``on_progress`` is the run's :meth:`report`, which calls the run's :attr:`listeners`
    and then the search's own ``on_progress`` (put back at the end). With ``workers`` (a
    started :class:`hptlearn.cluster.DaskWorkers`) the fits run on its Dask workers, with
    the same progress and Stop. ``stop()`` is the search's: a stop that arrives before
    ``fit`` begins is kept by the search and honoured after its first candidate, so a run
    always has results.

    Parameters
    ----------
    search : a live search
    X, y : array-like
        The data of ``search.fit``.
    plan : hptlearn.plan.SearchPlan, optional
        What the search will fit (``search.plan(X, y, **fit_params)``), when the caller
        has it already; planned here otherwise. It travels with the run: :attr:`plan`.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from hptlearn.search import LiveGridSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> run = SearchRun(LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=3), X, y)
    >>> run.start(background=False).n_done, run.n_total, run.n_fits, run.stopped
    (3, 3, 9, False)
    """

    def __init__(
        self,
        search,
        X,
        y=None,
        *,
        plan=None,
        on_progress=None,
        on_end=None,
        workers=None,
        **fit_params,
    ):
        check_live(search)
        self.search, self.X, self.y, self.fit_params = search, X, y, fit_params
        # a hptlearn.cluster.DaskWorkers: the fits then run on its Dask workers
        self.workers = workers
        self.plan = search.plan(X, y, **fit_params) if plan is None else plan
        super().__init__(
            self._fit,
            stop=search.stop,
            on_progress=on_progress,
            on_end=on_end,
            name="hptlearn-search",
        )

    @property
    def n_total(self) -> int:
        """Candidate evaluations planned (:attr:`plan`)."""
        return self.plan.n_candidates

    @property
    def n_splits(self) -> int:
        return self.plan.n_splits

    @property
    def n_fits(self) -> int:
        """Fits of the cross-validation planned, without the refit."""
        return self.plan.n_fits

    def _fit(self):
        own = self.search.on_progress

        def report(info):
            self.report(info)
            if own is not None:
                own(info)

        self.search.on_progress = report
        try:
            # joblib's backend belongs to the thread that sets it: set here, in the run's thread
            with backend_context(self.workers):
                return self.search.fit(self.X, self.y, **self.fit_params)
        finally:
            self.search.on_progress = own

    @property
    def n_done(self) -> int:
        """Candidates evaluated so far."""
        return self.progress.n_done if self.progress is not None else 0

    @property
    def time_left(self) -> float | None:
        return time_left(self.elapsed, self.n_done, self.n_total)

    @property
    def stopped(self) -> bool:
        """True when the search ended early (it was stopped)."""
        return self.error is None and bool(getattr(self.search, "stopped_", False))

    @property
    def stop_reason(self) -> str | None:
        """Why the search ended early: ``"time_budget"`` (its time limit passed),
        ``"stop"`` (``stop()`` was called), or None when it ran to its end or failed."""
        if not self.stopped:
            return None
        return "time_budget" if self.search.stopped_ == "time_budget" else "stop"

    @property
    def n_evaluated(self) -> int:
        """Candidates in the search's results (those of a continued search's previous fit
        included)."""
        results = getattr(self.search, "cv_results_", None)
        return 0 if results is None else len(results["params"])

    @property
    def n_reused(self) -> int:
        """Candidates a continued search (``warm_start``) took from its previous fit
        without fitting them (:attr:`plan`'s ``reused_candidates``); 0 otherwise."""
        return self.plan.reused_candidates

    @property
    def n_new(self) -> int:
        """Candidates this run fitted: those evaluated, less the reused ones."""
        return max(self.n_evaluated - self.n_reused, 0) if self.error is None else 0

    @property
    def n_failed(self) -> int:
        """Evaluated candidates whose fits failed."""
        return sum(e is not None for e in getattr(self.search, "fit_errors_", []))

    @property
    def results(self) -> pd.DataFrame | None:
        """The results table (:func:`hptlearn.results_frame`), or None before results."""
        if not hasattr(self.search, "cv_results_"):
            return None
        return results_frame(self.search)


# -- a comparison --------------------------------------------------------------------------


class ComparisonRun(BackgroundRun):
    """A :class:`hptlearn.compare.StrategyComparison` run in the background.

    :attr:`comparison` is the :class:`~hptlearn.compare.Comparison` of the runs finished so
    far while it goes on (updated when a run finishes), then the result; if it fails, what
    was evaluated before (marked stopped).
    """

    def __init__(self, driver, *, on_progress=None, on_end=None):
        self.driver = driver
        self.total = driver.candidates_total
        self.comparison = None
        self._runs_seen = 0
        driver.on_progress = self.report
        super().__init__(
            self._compare,
            stop=driver.stop,
            on_progress=on_progress,
            on_end=on_end,
            name="hptlearn-comparison",
        )

    def _compare(self):
        try:
            self.comparison = self.driver.run()
        except Exception:
            self.comparison = self.partial(stopped=True)
            raise
        return self.comparison

    def report(self, info):
        if info.runs_done > self._runs_seen and len(info.frame):
            self._runs_seen = info.runs_done
            self.comparison = self.partial(info.frame)
        super().report(info)

    def partial(self, frame=None, stopped=False):
        """The comparison of ``frame`` (default: the finished runs), or None if empty."""
        return self.driver.partial(frame, stopped)

    @property
    def finished_runs(self) -> int:
        """Runs that evaluated all their candidates."""
        return sum(1 for _, _, s in self.driver.searches if not getattr(s, "stopped_", False))

    @property
    def stopped_runs(self) -> int:
        """Runs ended early by Stop (their candidates so far are kept)."""
        return len(self.driver.searches) - self.finished_runs
