"""The progress view of a background run: a bar, the time elapsed and left, a status line,
Run and Stop.

The work runs in a :class:`hptlearn.state.BackgroundRun` (a thread). This is what lets
Stop work: while a notebook cell (or a widget callback) runs, the kernel handles no other
message from the page, so a click would wait until the work is over. With the work in a
thread, the cell returns at once, the kernel stays free to receive the click, and the
thread updates the widgets by setting their ``.value`` (safe from any thread; writing into
an ``Output`` is not).

:class:`ProgressView` is the view; :class:`SearchProgress` is that view over a live search.
"""

from __future__ import annotations

import ipywidgets as widgets

from hptlearn.results import format_params, results_frame
from hptlearn.state import SearchRun, time_left
from hptlearn.state.runs import check_live
from hptlearn.style import ERROR_COLOR
from hptlearn.widgets._base import call_safely, format_duration, html_message
from hptlearn.widgets._live import Announcer, LiveRegion

__all__ = ["ProgressView", "SearchProgress"]

# the longest wait, in seconds, for a run that has ended to finish showing its end
_END_DISPLAY_TIMEOUT = 30.0


def _still_running(run) -> bool:
    """Whether a new run must wait for ``run`` (what Run checks before starting one).

    A run whose work has ended may still be showing its end (drawing, scoring the test
    set) for a moment after the Run button looks ready; that moment is waited for, so that
    a press of Run is never lost. A run still at work is not waited for.
    """
    if run is None:
        return False
    if run.running and run.ended_at is not None:
        run.wait(_END_DISPLAY_TIMEOUT)
    return run.running


def _short_names(params: dict) -> dict:
    """Parameters without their pipeline step (``svc__C`` as ``C``), for a sentence read
    aloud; the full names if two would then be the same."""
    short = {name.rsplit("__", 1)[-1]: value for name, value in params.items()}
    return short if len(short) == len(params) else params


class ProgressView(widgets.VBox):
    """A progress bar, the time (elapsed, then left), a status line, Run and Stop buttons,
    and a live region (:attr:`live`) that screen readers announce.

    The owner starts a run and calls :meth:`started`, then (from the run's thread)
    :meth:`update` after each report and :meth:`ended` at the end. The live region says
    that the run started, about every quarter of it, and how it ended
    (:class:`hptlearn.widgets._live.Announcer`), not every report.

    Parameters
    ----------
    on_run, on_stop : callable
        What the Run and Stop buttons do (called without arguments).
    on_error : callable, optional
        ``on_error(exc)`` when a button's action raises; by default the status shows it.
    description : str
        The label of the bar (what it counts).
    what : str
        What runs, as the live region names it ("Search", "Comparison").
    """

    def __init__(
        self,
        *,
        on_run,
        on_stop,
        on_error=None,
        description="Candidates",
        run_tooltip="Start",
        stop_tooltip="End at the next candidate; the results so far are kept",
        bar_width="60%",
        what="Search",
    ):
        self.bar = widgets.IntProgress(
            value=0,
            min=0,
            max=1,
            description=description,
            bar_style="info",
            layout=widgets.Layout(width=bar_width),
        )
        self.clock = widgets.HTML()
        self.clock.add_class("hptlearn-clock")
        self.status = widgets.HTML()
        self.status.add_class("hptlearn-status")
        self.run_button = widgets.Button(
            description="Run", icon="play", button_style="primary", tooltip=run_tooltip
        )
        self.stop_button = widgets.Button(
            description="Stop", icon="stop", disabled=True, tooltip=stop_tooltip
        )
        #: the polite live region, and what it says
        self.live = LiveRegion()
        self.announcer = Announcer(what)
        on_error = on_error or self._show_failure
        self.run_button.on_click(lambda _: call_safely(on_run, on_error))
        self.stop_button.on_click(lambda _: call_safely(on_stop, on_error))
        super().__init__(
            children=[
                widgets.HBox([self.bar, self.run_button, self.stop_button, self.clock]),
                self.status,
                self.live,
            ]
        )

    # -- what the owner calls -------------------------------------------------------------
    def say(self, text, color=None):
        """Show ``text`` in the status line."""
        self.status.value = html_message(text, color=color)

    def announce(self, text):
        """Have screen readers say ``text`` (through the live region); None says nothing."""
        if text:
            self.live.text = text

    def ready(self, total, text):
        """Before a run: an empty bar of ``total`` units."""
        self.bar.max, self.bar.value, self.bar.bar_style = max(total, 1), 0, "info"
        self.clock.value = ""
        self.say(text)

    def started(self, total, text):
        """A run has started: Run is disabled (one run at a time), Stop enabled."""
        self.run_button.disabled = True
        self.stop_button.disabled = False
        self.ready(total, text)
        self.announce(self.announcer.start(total))

    def update(self, run, done, total, text, *, best=None):
        """The run reported ``done`` of ``total`` units (from the run's thread); ``best``
        is the best score so far as text, for the live region."""
        self.bar.max, self.bar.value = max(total, 1), done
        left = time_left(run.elapsed, done, total)
        clock = f"{run.elapsed:.1f} s elapsed"
        if left:
            clock += f", about {format_duration(left)} left"
        self.clock.value = html_message(clock)
        if not run.stop_requested:  # "Stopping…" stays until the end
            self.say(text)
            self.announce(self.announcer.progress(done, total, best))

    def stopping(self):
        """Stop was pressed: the run ends at its next candidate."""
        self.stop_button.disabled = True
        self.say("Stopping at the next candidate…")
        self.announce(self.announcer.stopping())

    def ended(self, run, text, style, *, color=None, done=None, announce=None):
        """The run has ended: ``style`` is the bar's (success, warning or danger);
        ``announce`` is what the live region says (by default ``text``)."""
        if done is not None:
            self.bar.value = done
        self.bar.bar_style = style
        self.clock.value = html_message(f"took {run.elapsed:.1f} s")
        self.say(text, color=color)
        self.announce(announce or text)
        self.run_button.disabled = False
        self.stop_button.disabled = True

    def _show_failure(self, exc):
        self.say(f"{type(exc).__name__}: {exc}", color=ERROR_COLOR)


class SearchProgress(ProgressView):
    """Run a live search with a progress bar, the time elapsed and left, and Run/Stop.

    Parameters
    ----------
    search : a live search, optional
        The search to run (:mod:`hptlearn.search`, :mod:`hptlearn.halving`,
        :mod:`hptlearn.bayes`). Its ``on_progress`` is chained, not replaced. For
        successive halving the bar counts the candidates of every iteration, and the
        status says which iteration runs. Without one, the view shows the runs an owner
        starts and hands to :meth:`follow` (the search app does).
    X, y : array-like
        The data passed to ``search.fit(X, y)``.
    on_end : callable, optional
        Called as ``on_end(progress)`` in the search's thread once the search has ended
        (finished, stopped or failed), after the buttons are reset.
    on_run, on_error : callable, optional
        What the Run button does instead of :meth:`run`, and what a failing button does
        with its exception (an owner's: the search app starts its own runs).
    **fit_params
        Passed on to ``search.fit``.

    Attributes
    ----------
    background : hptlearn.state.SearchRun or None
        The current (or last) run: its progress, error, traceback and warnings.

    Examples
    --------
    In a notebook::

        progress = SearchProgress(search, X_train, y_train)
        progress.run()      # starts the search in the background and returns at once
        progress            # shows the bar; Stop ends the search at its next candidate

    and in a later cell ``progress.wait()`` waits for the end; ``progress.results`` is then
    the results table (``hptlearn.results_frame``). Without a browser,
    ``progress.run(background=False)`` runs the search to the end before returning.
    """

    def __init__(
        self,
        search=None,
        X=None,
        y=None,
        *,
        on_end=None,
        workers=None,
        on_run=None,
        on_error=None,
        **fit_params,
    ):
        self.on_end = on_end
        #: a started hptlearn.cluster.DaskWorkers, or None for this machine's processes
        self.workers = workers
        self.background: SearchRun | None = None
        self.search, self.plan = None, None
        super().__init__(
            on_run=on_run or self.run,
            on_stop=self.stop,
            on_error=on_error,
            run_tooltip="Start the search",
            stop_tooltip="End the search at the next candidate; the results so far are kept",
        )
        self.add_class("hptlearn-search-progress")
        if search is None:
            self.ready(1, "Ready: press Run.")
        else:
            self._attach(search, X, y, fit_params)

    def _attach(self, search, X, y, fit_params):
        check_live(search)
        plan = search.plan(X, y, **fit_params)
        self.search, self.X, self.y, self.fit_params, self.plan = search, X, y, fit_params, plan
        self.ready(
            self.n_total,
            f"Ready: {self.n_total} candidates × {self.n_splits} folds = {self.n_fits} fits. "
            "Press Run.",
        )

    # what the search will fit: its plan
    n_total = property(lambda self: self.plan.n_candidates, doc="Candidate evaluations planned.")
    n_splits = property(lambda self: self.plan.n_splits, doc="Cross-validation splits.")
    n_fits = property(lambda self: self.plan.n_fits, doc="Fits planned, without the refit.")

    def attach(self, search, X, y=None, **fit_params):
        """Show another search (and data) in this widget; it starts with ``run()``."""
        if self.running:
            raise RuntimeError("A search is running: stop it or wait for it before attaching.")
        self._attach(search, X, y, fit_params)
        return self

    # -- the last run ---------------------------------------------------------------------
    @property
    def error(self):
        """The exception of the last run, if it failed."""
        return None if self.background is None else self.background.error

    @property
    def warnings(self) -> list[str]:
        """The warnings raised by the last run (failed fits, ...), as text."""
        return [] if self.background is None else self.background.warning_texts()

    @property
    def last_info(self):
        """The last :class:`hptlearn.SearchProgressInfo` the search reported."""
        return None if self.background is None else self.background.progress

    @property
    def results(self):
        """The results table of the last run (a DataFrame), or None before any run."""
        return results_frame(self.search) if hasattr(self.search, "cv_results_") else None

    # -- plain-Python equivalents of the buttons ----------------------------------------
    @property
    def running(self) -> bool:
        return self.background is not None and self.background.running

    def run(self, background: bool = True):
        """Start the search (what the Run button does). Does nothing if one is running."""
        if _still_running(self.background):
            return self
        run = SearchRun(
            self.search, self.X, self.y, plan=self.plan, workers=self.workers, **self.fit_params
        )
        self.follow(run)
        run.start(background=background)
        return self

    def follow(self, run: SearchRun):
        """Show ``run`` (a :class:`hptlearn.state.SearchRun`, not yet started): its plan,
        its progress and its end, as one of its listeners (added last: the owner's
        listeners, added before, are called first, so that Run is ready again only once the
        owner shows the end)."""
        self.background, self.search, self.plan = run, run.search, run.plan
        self.X, self.y, self.fit_params = run.X, run.y, run.fit_params
        run.listeners.append(self._on_progress)
        run.end_listeners.append(self._on_end)
        self.started(self.n_total, self._running_text(0))
        return run

    def stop(self):
        """Ask the search to end at its next candidate (what the Stop button does)."""
        if self.running:
            self.background.stop()
            self.stopping()
        return self

    def wait(self, timeout: float | None = None):
        """Block until the search has ended; return the search."""
        if self.background is not None:
            self.background.wait(timeout)
        return self.search

    # -- in the search's thread -----------------------------------------------------------
    def _on_progress(self, info):
        best = None if info.best_params is None else f"{info.best_score:.3f}"
        self.update(
            self.background,
            info.n_done,
            info.n_total,
            self._running_text(info.n_done, info),
            best=best,
        )

    def _on_end(self, run):
        try:
            if run.error is not None:
                text = f"Failed: {type(run.error).__name__}: {run.error}"
                self.ended(
                    run, text, "danger", color=ERROR_COLOR, announce=self._end_announcement(run)
                )
            else:
                self.ended(
                    run,
                    self._end_text(run),
                    "warning" if run.stopped else "success",
                    announce=self._end_announcement(run),
                )
        finally:
            if self.on_end is not None:
                self.on_end(self)

    # -- texts ----------------------------------------------------------------------------
    def _running_text(self, done, info=None):
        where = "Running"
        if info is not None and info.iteration is not None and info.n_iterations is not None:
            # successive halving: the candidates of every iteration count
            where = f"Running iteration {info.iteration + 1} of {info.n_iterations}"
        text = (
            f"{where}: {done} of {self.n_total} candidates "
            f"({info.n_fits_done if info else 0} of {self.n_fits} fits)"
        )
        if info is not None and info.best_params is not None:
            text += f"; best so far {info.best_score:.3f} with {format_params(info.best_params)}"
        return text

    def _end_announcement(self, run):
        """How the run ended, in one sentence for the live region."""
        search, best = self.search, None
        if run.error is None and hasattr(search, "best_params_"):
            params = format_params(_short_names(search.best_params_))
            best = f"{search.best_score_:.3f} with {params}"
        return self.announcer.end(
            run.n_done, self.n_total, stopped=run.stopped, error=run.error, best=best
        )

    def _end_text(self, run):
        done = run.n_done
        counts = f"{done} of {self.n_total} candidates ({done * self.n_splits} fits)"
        parts = [f"Stopped after {counts}" if run.stopped else f"Done: {counts}"]
        search = self.search
        if hasattr(search, "best_params_"):
            parts.append(
                f"best score {search.best_score_:.3f} with {format_params(search.best_params_)}"
            )
        if run.n_failed:
            parts.append(
                f"{run.n_failed} candidate(s) failed to fit (status 'failed' in the results)"
            )
        return "; ".join(parts) + "."

    def __repr__(self):
        if self.search is None:
            return "SearchProgress()"
        return (
            f"SearchProgress({type(self.search).__name__}, {self.n_total} candidates × "
            f"{self.n_splits} folds)"
        )


class RunControls:
    """Mixin of an app whose runs show in a :class:`ProgressView` (``self.progress``):
    the plain-Python ``running``, ``stop()`` and ``wait()``.

    The app defines ``background`` (its current or last :class:`hptlearn.state.BackgroundRun`,
    or None) and ``_outcome()`` (what ``wait`` returns).
    """

    @property
    def running(self) -> bool:
        """True from Run until the run has ended and the app shows its end."""
        return self.background is not None and self.background.running

    def _still_running(self) -> bool:
        """Whether Run must start nothing: see :func:`_still_running`."""
        return _still_running(self.background)

    def stop(self):
        """End the run at its next candidate (what the Stop button does); what was
        evaluated so far is kept and shown."""
        if self.running:
            self.background.stop()
            self.progress.stopping()

    def wait(self, timeout=None):
        """Block until the run has ended (or ``timeout`` seconds); return its outcome."""
        if self.background is not None:
            self.background.wait(timeout)
        return self._outcome()
