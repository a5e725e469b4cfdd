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

from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.cluster import backend_context
from hptlearn.halving import LiveHalvingGridSearchCV, LiveHalvingRandomSearchCV, halving_schedule
from hptlearn.recording import describe_warning, install_warning_dispatcher, record_warnings
from hptlearn.results import results_frame
from hptlearn.spaces import count_candidates, count_fits

__all__ = ["BackgroundRun", "ComparisonRun", "SearchRun", "search_counts", "time_left"]


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
    views follow it through ``on_progress`` / ``on_end`` (called in that thread: set widget
    values there, never write into an ``Output``).

    Parameters
    ----------
    work : callable
        Called without arguments in the thread; what it returns is :attr:`result`. It
        reports progress by calling :meth:`report`.
    stop : callable, optional
        What :meth:`stop` calls, once, from any thread (``search.stop`` for a live search).
    on_progress : callable, optional
        ``on_progress(info)``, after each :meth:`report`, in the run's thread.
    on_end : callable, optional
        ``on_end(run)`` in the run's thread once the work has ended (done, stopped or
        failed); :attr:`running` is True until it returns.

    Attributes
    ----------
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
        self.on_progress, self.on_end = on_progress, on_end
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
        if self.on_progress is not None:
            self.on_progress(info)

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
            if self.on_end is not None:
                try:
                    self.on_end(self)
                except Exception as exc:
                    if self.error is None:
                        self.error, self.traceback = exc, traceback.format_exc()


# -- a live search -----------------------------------------------------------------------


def _check_live(search):
    if not hasattr(search, "stop") or not hasattr(search, "on_progress"):
        raise TypeError(
            f"A run needs a live search that reports progress and can stop "
            f"(hptlearn.LiveGridSearchCV or hptlearn.LiveRandomizedSearchCV); got "
            f"{type(search).__name__}. Wrap your grid as LiveGridSearchCV(estimator, grid, "
            "...) with the same arguments."
        )


def search_counts(search, X, y=None) -> tuple[int, int, int]:
    """``(candidates, splits, fits)`` of a live search on this data, without the refit:
    counted by :func:`hptlearn.spaces.count_fits`; for successive halving, over every
    iteration (:func:`hptlearn.halving.halving_schedule`); for a Bayesian search,
    ``n_iter`` candidates."""
    _check_live(search)
    if isinstance(search, LiveHalvingGridSearchCV | LiveHalvingRandomSearchCV):
        # halving_schedule clones the search, and a callback (a widget's method, say)
        # may not be copyable: it is set aside meanwhile
        own, search.on_progress = search.on_progress, None
        try:
            schedule = halving_schedule(search, X, y)
        finally:
            search.on_progress = own
        return sum(schedule.n_candidates), schedule.n_splits, schedule.n_fits
    if isinstance(search, LiveBayesSearchCV):
        n_splits = count_fits({}, cv=search.cv, X=X, y=y)
        return search.n_iter, n_splits, search.n_iter * n_splits
    random = hasattr(search, "param_distributions")
    space = search.param_distributions if random else search.param_grid
    n_iter = search.n_iter if random else None
    n_fits = count_fits(space, cv=search.cv, n_iter=n_iter, X=X, y=y)
    n_candidates = count_candidates(space, n_iter=n_iter)
    return n_candidates, n_fits // n_candidates, n_fits


class SearchRun(BackgroundRun):
    """A live search's ``fit`` in the background.

    The search's own ``on_progress`` is chained (called after this run's) and put back at
    the end. With ``workers`` (a started :class:`hptlearn.cluster.DaskWorkers`) the fits
    run on its Dask workers, with the same progress and Stop. ``stop()`` is the search's:
    a stop that arrives before ``fit`` begins is kept by the search and honoured after its
    first candidate, so a run always has results.

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
        self, search, X, y=None, *, on_progress=None, on_end=None, workers=None, **fit_params
    ):
        _check_live(search)
        self.search, self.X, self.y, self.fit_params = search, X, y, fit_params
        # a hptlearn.cluster.DaskWorkers: the fits then run on its Dask workers
        self.workers = workers
        self.n_total, self.n_splits, self.n_fits = search_counts(search, X, y)
        super().__init__(
            self._fit,
            stop=search.stop,
            on_progress=on_progress,
            on_end=on_end,
            name="hptlearn-search",
        )

    def _fit(self):
        own = self.search.on_progress

        def chained(info):
            self.report(info)
            if own is not None:
                own(info)

        self.search.on_progress = chained
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
