"""Headless state of the apps: the space being edited, a run in the background, its outputs.

The widgets in :mod:`hptlearn.widgets` only build controls, lay them out and render; what
they show is computed here, by objects that work (and are tested) without any widget:

* :class:`SpaceEditor` turns the hyperparameter rows a learner types (a name, a mode, a
  text) into a checked search space, with the number of candidates and fits, an estimate of
  the run time, and an error per row;
* :class:`BackgroundRun` runs a callable in a thread, with its latest progress, a stop, its
  error (and traceback) and the warnings raised in that thread;
  :class:`SearchRun` and :class:`ComparisonRun` run a live search and a strategy comparison;
* :func:`score_on_test` and :func:`export_results`: the held-out score of a search and a CSV
  of its results.

Warnings of a background run. ``warnings.catch_warnings`` swaps process-wide state (before
Python 3.14), so in a thread it would also swallow, or restore over, what the notebook's
own cells do at the same time. A run therefore never uses it: :func:`install_warning_dispatcher`
replaces ``warnings.showwarning`` once with a dispatcher that sends a warning raised in a
registered run's thread to that run's record, and every other warning to the handler it
replaced. :func:`record_warnings` (a :class:`WarningRecord`) gives the same routing to any
block of code, for the warnings of one fit, say. The filters are left alone: Python's default
filters show a given warning once per place in the code, so a record holds each distinct
warning; what a learner must see (failed candidates, say) is read from the results, not from
the warnings.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from sklearn.base import is_classifier

from hptlearn.catalog import split_dataset
from hptlearn.compare import Comparison
from hptlearn.distributions import DISTRIBUTIONS, make_distribution
from hptlearn.results import results_frame
from hptlearn.search import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.spaces import (
    UnknownHyperparameterError,
    count_candidates,
    count_fits,
    validate_space,
)
from hptlearn.syntax import parse_values

__all__ = [
    "BackgroundRun",
    "ComparisonRun",
    "SearchRun",
    "SpaceCheck",
    "SpaceEditor",
    "SpaceRow",
    "TestScore",
    "WarningRecord",
    "describe_warning",
    "export_results",
    "install_warning_dispatcher",
    "record_warnings",
    "score_on_test",
    "split_data",
    "time_left",
]


# --------------------------------------------------------------------------------------
# The space being edited
# --------------------------------------------------------------------------------------

#: The mode of a row whose text lists the values to try (a grid).
LIST = "list"


@dataclass
class SpaceRow:
    """One hyperparameter row as typed: a name, a mode and a text.

    ``mode`` is ``"list"`` (the text lists values, :func:`hptlearn.parse_values`) or a kind
    of :data:`hptlearn.distributions.DISTRIBUTIONS` (the text is its range or categories).
    ``error`` is set by :meth:`SpaceEditor.parse`: what is wrong with this row, or None.
    """

    name: str = ""
    mode: str = LIST
    text: str = ""
    error: str | None = field(default=None, compare=False)


class SpaceCheck(NamedTuple):
    """What :meth:`SpaceEditor.check` finds: the space and its counts, or an error."""

    space: dict | None
    n_candidates: int | None = None
    n_splits: int | None = None
    n_fits: int | None = None
    #: When every value is a list: the number of distinct candidates (the grid's size).
    n_distinct: int | None = None
    error: str | None = None


class SpaceEditor:
    """The hyperparameter rows a learner edits, read into a checked search space.

    Parameters
    ----------
    make_estimator : callable
        Returns a new, unfitted estimator (names are checked against it).
    rows : iterable of SpaceRow
    strategy : {"grid", "random"}, default="grid"
    n_iter : int, default=10
        Candidates a random search samples.
    cv, n_jobs : int
        Folds and workers of the search.
    X, y : array-like, optional
        The training data: for counting splits and timing a probe fit.

    Examples
    --------
    >>> from sklearn.svm import SVC
    >>> editor = SpaceEditor(SVC, [SpaceRow("C", "list", "0.1, 1, 10")], cv=3)
    >>> check = editor.check()
    >>> check.space, check.n_candidates, check.n_fits
    ({'C': [0.1, 1, 10]}, 3, 9)
    >>> editor.rows[0].text = "0.1, 1, 10 ]"
    >>> print(editor.check().error)  # doctest: +ELLIPSIS
    Values of C: ...
    >>> editor.rows[0].error is not None
    True
    """

    #: Seconds added to every fit for dispatching it to a worker and collecting its scores,
    #: and once for starting the workers (measured on a 2-core machine).
    DISPATCH_SECONDS = 0.03
    START_SECONDS = 1.0

    def __init__(
        self,
        make_estimator,
        rows=(),
        *,
        strategy="grid",
        n_iter=10,
        cv=5,
        n_jobs=1,
        X=None,
        y=None,
    ):
        self.make_estimator = make_estimator
        self.rows = list(rows)
        self.strategy = strategy
        self.n_iter, self.cv, self.n_jobs = n_iter, cv, n_jobs
        self.X, self.y = X, y
        self._probe_seconds: dict = {}

    def set_data(self, X, y=None):
        """Use other training data (forgets the timed probe fits)."""
        self.X, self.y = X, y
        self._probe_seconds.clear()

    # -- reading ---------------------------------------------------------------------------
    def parse(self) -> dict:
        """The space the rows describe, ``{name: list or distribution}``; names unchecked.

        Sets each row's ``error``. Raises ``ValueError`` naming the first wrong row.
        """
        space, first_error = {}, None
        for row in self.rows:
            row.error = None
            try:
                name, values = self._read_row(row, space)
            except ValueError as exc:
                row.error = str(exc)
                first_error = first_error or exc
                continue
            if name:
                space[name] = values
        if first_error is not None:
            raise first_error
        if not space:
            raise ValueError("No hyperparameter to search: add one with 'Add hyperparameter'.")
        return space

    def _read_row(self, row, space):
        name = row.name.strip()
        if not name:
            if row.text.strip():
                raise ValueError(
                    f"A hyperparameter row has {'values' if row.mode == LIST else 'a range'} "
                    "but no name: type its name, e.g. svc__C, or remove the row."
                )
            return "", None
        if name in space:
            raise ValueError(f"{name!r} appears in two rows: remove one of them.")
        try:
            if row.mode == LIST:
                return name, parse_values(row.text)
            if row.mode not in DISTRIBUTIONS:
                raise ValueError(
                    f"unknown mode {row.mode!r}; choose 'list' or one of {list(DISTRIBUTIONS)}"
                )
            return name, make_distribution(row.mode, row.text)
        except ValueError as exc:
            what = "Values" if row.mode == LIST else "Range"
            raise ValueError(f"{what} of {name}: {exc}") from exc

    def space(self) -> dict:
        """:meth:`parse`, then check every name against the estimator (an unknown name
        is the error of its row, with the closest valid names)."""
        space = self.parse()
        try:
            validate_space(self.make_estimator(), space)
        except UnknownHyperparameterError as exc:
            for row in self.rows:
                if row.name.strip() == exc.name:
                    row.error = str(exc)
            raise
        return space

    # -- counting --------------------------------------------------------------------------
    @property
    def _n_iter(self):
        return None if self.strategy == "grid" else self.n_iter

    def n_candidates(self, space=None) -> int:
        """Candidates the search evaluates (:func:`hptlearn.spaces.count_candidates`)."""
        space = self.space() if space is None else space
        return count_candidates(space, n_iter=self._n_iter)

    def n_fits(self, space=None) -> int:
        """Fits of the cross-validation (:func:`hptlearn.spaces.count_fits`), without the
        refit of the best candidate."""
        space = self.space() if space is None else space
        return count_fits(space, cv=self.cv, n_iter=self._n_iter, X=self.X, y=self.y)

    def check(self) -> SpaceCheck:
        """The space and its counts, or the error that stops it (never raises)."""
        try:
            space = self.space()
            n = self.n_candidates(space)
            fits = self.n_fits(space)
        except (ValueError, TypeError) as exc:
            return SpaceCheck(None, error=str(exc))
        lists = all(isinstance(v, list) for v in space.values())
        distinct = count_candidates(space) if lists else None
        return SpaceCheck(space, n, fits // n, fits, distinct)

    # -- timing ----------------------------------------------------------------------------
    def probe_seconds(self) -> float:
        """Seconds to fit the estimator (default values) on one CV training fold and score
        it on the rest: one fit of the search. Timed once per estimator, data and ``cv``.

        Warnings of the probe fit (it uses the defaults) are not shown.
        """
        if self.X is None:
            raise ValueError("The editor has no data to time a fit on: call set_data(X, y).")
        estimator = self.make_estimator()
        key = (repr(estimator), self.cv)
        if key not in self._probe_seconds:
            n = int(len(self.X) * (self.cv - 1) / self.cv)
            with record_warnings():
                start = time.perf_counter()
                estimator.fit(self.X[:n], self.y[:n])
                estimator.score(self.X[n:], self.y[n:])
                self._probe_seconds[key] = time.perf_counter() - start
        return self._probe_seconds[key]

    def estimate_seconds(self, n_fits: int) -> float:
        """A rough run time, before running: every fit is assumed to take as long as the
        probe fit (:meth:`probe_seconds`) plus dispatch; the workers share the fits; the
        best candidate is refitted at the end. Real fits vary with the hyperparameters
        (an SVC with a large C can be ten times slower): the progress view then shows the
        time left as measured."""
        workers = max(1, min(self.n_jobs, n_fits))
        probe = self.probe_seconds()
        return self.START_SECONDS + n_fits / workers * (probe + self.DISPATCH_SECONDS) + probe

    # -- the search ------------------------------------------------------------------------
    def build_search(self, random_state=None, **kwargs):
        """The live search of the rows (checked, not run); ``kwargs`` go to the search."""
        space = self.space()
        common = dict(cv=self.cv, n_jobs=self.n_jobs, **kwargs)
        if self.strategy == "grid":
            return LiveGridSearchCV(self.make_estimator(), space, **common)
        return LiveRandomizedSearchCV(
            self.make_estimator(), space, n_iter=self.n_iter, random_state=random_state, **common
        )


# --------------------------------------------------------------------------------------
# Warnings of background runs
# --------------------------------------------------------------------------------------

_routes: dict[int, list] = {}  # thread id -> the record of the run in that thread
_replaced = None  # the showwarning the dispatcher replaced
_install_lock = threading.Lock()
_inside = threading.local()


def _dispatch(message, category, filename, lineno, file=None, line=None):
    record = _routes.get(threading.get_ident())
    if record is not None:
        record.append(warnings.WarningMessage(message, category, filename, lineno, file, line))
        return
    if getattr(_inside, "active", False):  # a handler that calls back into this one
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))
        return
    _inside.active = True
    try:
        (_replaced or warnings.showwarning)(message, category, filename, lineno, file, line)
    finally:
        _inside.active = False


def install_warning_dispatcher():
    """Make ``warnings.showwarning`` the dispatcher of background runs (idempotent).

    A warning raised in the thread of a running :class:`BackgroundRun` goes to that run's
    ``warnings``; any other warning goes to the handler that was there before. Installed
    again by each run if something (``warnings.catch_warnings``, say) put another back.
    """
    global _replaced
    with _install_lock:
        if warnings.showwarning is not _dispatch:
            _replaced = warnings.showwarning
            warnings.showwarning = _dispatch


class WarningRecord:
    """Route the warnings shown in this thread, while in the block, to ``self.warnings``.

    A context manager, and what :func:`record_warnings` returns. Unlike
    ``warnings.catch_warnings`` it changes no process-wide state but ``warnings.showwarning``
    (once, by :func:`install_warning_dispatcher`): a warning raised in another thread
    meanwhile is not recorded here and reaches its usual handler, and the filters are left
    alone. So the record holds what the filters let through: Python's default filters show
    a given warning once per place in the code (scikit-learn's input checks reset that
    memory on every fit, so each fit's warnings are shown again); a warning the filters
    ignore is not recorded, and one they turn into an error is raised.

    Records nest: the inner one holds the warnings of its block, the outer one the rest.

    Examples
    --------
    >>> import warnings
    >>> with record_warnings() as record:
    ...     warnings.warn("not printed", UserWarning)
    >>> record.texts()
    ['UserWarning: not printed']
    """

    def __init__(self):
        self.warnings: list[warnings.WarningMessage] = []

    def __enter__(self):
        install_warning_dispatcher()
        self._ident = threading.get_ident()
        self._previous = _routes.get(self._ident)
        _routes[self._ident] = self.warnings
        return self

    def __exit__(self, *exc):
        if self._previous is None:
            _routes.pop(self._ident, None)
        else:
            _routes[self._ident] = self._previous
        return False

    def of(self, category: type[Warning]) -> list[warnings.WarningMessage]:
        """The recorded warnings of ``category`` (or of its subclasses)."""
        return [w for w in self.warnings if issubclass(w.category, category)]

    def texts(self) -> list[str]:
        """The recorded warnings as ``"Category: message"``."""
        return [describe_warning(w) for w in self.warnings]


def record_warnings() -> WarningRecord:
    """A :class:`WarningRecord`: ``with record_warnings() as record:`` keeps the warnings
    raised in this thread inside the block, and only those, in ``record.warnings``."""
    return WarningRecord()


def describe_warning(w: warnings.WarningMessage) -> str:
    """``"Category: message"``, on one line per line of the message."""
    return f"{w.category.__name__}: {str(w.message).strip()}"


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
    """``(candidates, splits, fits)`` of a live search on this data, without the refit
    (counted by :func:`hptlearn.spaces.count_fits`)."""
    _check_live(search)
    random = hasattr(search, "param_distributions")
    space = search.param_distributions if random else search.param_grid
    n_iter = search.n_iter if random else None
    n_fits = count_fits(space, cv=search.cv, n_iter=n_iter, X=X, y=y)
    n_candidates = count_candidates(space, n_iter=n_iter)
    return n_candidates, n_fits // n_candidates, n_fits


class SearchRun(BackgroundRun):
    """A live search's ``fit`` in the background.

    The search's own ``on_progress`` is chained (called after this run's) and put back at
    the end. ``stop()`` is the search's: a stop that arrives before ``fit`` begins is kept
    by the search and honoured after its first batch, so a run always has results.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> run = SearchRun(LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=3), X, y)
    >>> run.start(background=False).n_done, run.n_total, run.n_fits, run.stopped
    (3, 3, 9, False)
    """

    def __init__(self, search, X, y=None, *, on_progress=None, on_end=None, **fit_params):
        _check_live(search)
        self.search, self.X, self.y, self.fit_params = search, X, y, fit_params
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
        driver = self.driver
        if frame is None:
            frame = pd.concat(driver.frames, ignore_index=True) if driver.frames else None
        if frame is None or not len(frame):
            return None
        params = [c for c in frame.columns if c in driver.space]
        return Comparison(
            frame,
            driver.grid,
            driver.grid_description,
            driver.budget,
            params,
            list(driver.searches),
            stopped,
        )

    @property
    def finished_runs(self) -> int:
        """Runs that evaluated all their candidates."""
        return sum(1 for _, _, s in self.driver.searches if not getattr(s, "stopped_", False))

    @property
    def stopped_runs(self) -> int:
        """Runs ended early by Stop (their candidates so far are kept)."""
        return len(self.driver.searches) - self.finished_runs


# --------------------------------------------------------------------------------------
# Outputs of a search
# --------------------------------------------------------------------------------------


class TestScore(NamedTuple):
    """The held-out score of a search's refitted best model."""

    value: float
    metric: str  # "accuracy", "R²", or the name of the search's scoring

    __test__ = False  # not a test class, despite its name


def score_on_test(search, X_test, y_test) -> TestScore | None:
    """Score the refitted best model of a fitted search on held-out data.

    None when the search has no refitted model (``refit=False``, or no results).
    """
    if not hasattr(search, "best_estimator_"):
        return None
    scoring = search.scoring
    if scoring is None:
        metric = "accuracy" if is_classifier(search.estimator) else "R²"
    elif isinstance(scoring, str):
        metric = scoring
    elif isinstance(search.refit, str):
        metric = search.refit
    else:
        metric = "score"
    return TestScore(float(search.score(X_test, y_test)), metric)


def export_results(frame, path, *, context=None, test_score=None) -> Path:
    """Write a results table to CSV, with what produced it.

    ``context`` (e.g. ``{"dataset": ..., "model": ..., "strategy": ...}``) becomes the
    first columns; ``test_score`` a last column ``test_score_of_best``.
    """
    if frame is None:
        raise ValueError("There are no results to export yet: run a search first.")
    frame = frame.copy()
    for i, (name, value) in enumerate((context or {}).items()):
        frame.insert(i, name, value)
    frame["test_score_of_best"] = test_score
    path = Path(path)
    frame.to_csv(path, index=False)
    return path


def split_data(data, test_size=0.25, random_state=0):
    """``(X_train, X_test, y_train, y_test)`` of a :class:`hptlearn.catalog.Dataset`, the
    test set never seen by a search: :func:`hptlearn.catalog.split_dataset`, stratified by
    class for a classification task (by the data set's task: a regression target with
    whole numbers is not split by value)."""
    return split_dataset(data, test_size, random_state=random_state)
