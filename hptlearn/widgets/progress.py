"""A progress bar with a Stop button for a live search.

The search runs in a background thread. This is what lets Stop work: while a notebook
cell (or a widget callback) runs, the kernel handles no other message from the page, so
a click would wait until the search is over. With the search in a thread, the cell
returns at once, the kernel stays free to receive the click, and the thread updates the
widgets (setting ``.value`` on a widget is safe from any thread).
"""

from __future__ import annotations

import html
import threading
import time
import warnings

import ipywidgets as widgets
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv

from hptlearn.results import format_params, results_frame
from hptlearn.search import SearchProgressInfo

__all__ = ["SearchProgress"]


class SearchProgress(widgets.VBox):
    """Run a live search with a progress bar, the elapsed time, and Run/Stop buttons.

    Parameters
    ----------
    search : LiveGridSearchCV or LiveRandomizedSearchCV
        The search to run. Its ``on_progress`` is chained, not replaced.
    X, y : array-like
        The data passed to ``search.fit(X, y)``.
    on_end : callable, optional
        Called as ``on_end(progress)`` in the search's thread once the search has ended
        (finished, stopped or failed), after the buttons are reset.
    **fit_params
        Passed on to ``search.fit``.

    Examples
    --------
    In a notebook::

        progress = SearchProgress(search, X_train, y_train)
        progress.run()      # starts the search in the background and returns at once
        progress            # shows the bar; Stop ends the search after its current batch

    and in a later cell ``progress.wait()`` waits for the end; ``progress.results`` is then
    the results table (``hptlearn.results_frame``). Without a browser,
    ``progress.run(background=False)`` runs the search to the end before returning.
    """

    def __init__(self, search, X, y=None, *, on_end=None, **fit_params):
        self.error = None  # the exception of the last run, if it failed
        self.warnings = []  # warnings raised by the last run (failed fits, ...)
        self.last_info: SearchProgressInfo | None = None
        self.on_end = on_end  # called (in the search's thread) with this widget at the end
        self._thread: threading.Thread | None = None
        self._start_time = None
        self._stop_clicked = False
        self._attach(search, X, y, fit_params)

        self.bar = widgets.IntProgress(
            value=0,
            min=0,
            max=self.n_total,
            description="Candidates",
            bar_style="info",
            layout=widgets.Layout(width="60%"),
        )
        self.status = widgets.HTML(value=self._idle_text())
        self.status.add_class("hptlearn-status")
        self.run_button = widgets.Button(
            description="Run", icon="play", button_style="primary", tooltip="Start the search"
        )
        self.stop_button = widgets.Button(
            description="Stop",
            icon="stop",
            disabled=True,
            tooltip="End the search after the current batch; the results so far are kept",
        )
        self.run_button.on_click(lambda _: self.run())
        self.stop_button.on_click(lambda _: self.stop())
        super().__init__(
            children=[
                widgets.HBox([self.bar, self.run_button, self.stop_button]),
                self.status,
            ]
        )
        self.add_class("hptlearn-search-progress")

    def _attach(self, search, X, y, fit_params):
        if not hasattr(search, "stop") or not hasattr(search, "on_progress"):
            raise TypeError(
                f"SearchProgress needs a live search that reports progress and can stop "
                f"(hptlearn.LiveGridSearchCV or hptlearn.LiveRandomizedSearchCV); got "
                f"{type(search).__name__}. Wrap your grid as LiveGridSearchCV(estimator, grid, "
                "...) with the same arguments."
            )
        self.search = search
        self.X, self.y, self.fit_params = X, y, fit_params
        self.n_splits = check_cv(
            search.cv, y, classifier=is_classifier(search.estimator)
        ).get_n_splits(X, y)
        self.n_total = search.n_candidates()
        self._user_callback = search.on_progress

    def attach(self, search, X, y=None, **fit_params):
        """Show another search (and data) in this widget; it starts with ``run()``."""
        if self.running:
            raise RuntimeError("A search is running: stop it or wait for it before attaching.")
        self._attach(search, X, y, fit_params)
        self.bar.max = self.n_total
        self.bar.value = 0
        self.bar.bar_style = "info"
        self.status.value = self._idle_text()
        return self

    # -- plain-Python equivalents of the buttons ----------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run(self, background: bool = True):
        """Start the search (what the Run button does). Does nothing if one is running."""
        if self.running:
            return self
        self.run_button.disabled = True
        self.stop_button.disabled = False
        self.error = None
        self.warnings = []
        self._stop_clicked = False
        self.bar.value = 0
        self.bar.bar_style = "info"
        self._start_time = time.perf_counter()
        self.status.value = self._running_text(0, 0.0)
        self.search.on_progress = self._on_progress
        self._thread = threading.Thread(target=self._fit, name="hptlearn-search", daemon=True)
        self._thread.start()
        if not background:
            self.wait()
        return self

    def stop(self):
        """Ask the search to end after its current batch (what the Stop button does)."""
        if self.running:
            self._stop_clicked = True
            self.search.stop()
            self.stop_button.disabled = True
            self.status.value = self._html("Stopping after the current batch…")
        return self

    def wait(self, timeout: float | None = None):
        """Block until the search has ended; return the search."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.search

    @property
    def results(self):
        """The results table of the last run (a DataFrame), or None before any run."""
        if not hasattr(self.search, "cv_results_"):
            return None
        return results_frame(self.search)

    # -- the thread -----------------------------------------------------------------------
    def _fit(self):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.search.fit(self.X, self.y, **self.fit_params)
            self.warnings = [str(w.message) for w in caught]
        except Exception as exc:  # shown in the widget: a callback's error has nowhere to go
            self.error = exc
            self.bar.bar_style = "danger"
            self.status.value = self._html(f"Failed: {type(exc).__name__}: {exc}", color="#b2182b")
        else:
            self._show_end()
        finally:
            self.search.on_progress = self._user_callback
            self.run_button.disabled = False
            self.stop_button.disabled = True
            if self.on_end is not None:
                self.on_end(self)

    def _on_progress(self, info: SearchProgressInfo):
        self.last_info = info
        if self._stop_clicked and not self.search.stop_requested:
            # Stop was pressed before fit() began (fit clears earlier requests): repeat it
            self.search.stop()
        self.bar.max = info.n_total
        self.bar.value = info.n_done
        if not self.search.stop_requested:
            self.status.value = self._running_text(info.n_done, info.elapsed, info)
        if self._user_callback is not None:
            self._user_callback(info)

    # -- texts ----------------------------------------------------------------------------
    @staticmethod
    def _html(text, color=None):
        style = f' style="color:{color}"' if color else ""
        return f"<span{style}>{html.escape(text)}</span>"

    def _idle_text(self):
        return self._html(
            f"Ready: {self.n_total} candidates × {self.n_splits} folds = "
            f"{self.n_total * self.n_splits} fits. Press Run."
        )

    def _running_text(self, done, elapsed, info=None):
        text = (
            f"Running: {done} of {self.n_total} candidates ({done * self.n_splits} of "
            f"{self.n_total * self.n_splits} fits), {elapsed:.1f} s elapsed"
        )
        if info is not None and 0 < done < self.n_total:
            left = elapsed / done * (self.n_total - done)
            text += f", about {left:.0f} s left"
        if info is not None and info.best_params is not None:
            text += f"; best so far {info.best_score:.3f} with {format_params(info.best_params)}"
        return self._html(text)

    def _show_end(self):
        info = self.last_info
        done = info.n_done if info else 0
        elapsed = time.perf_counter() - self._start_time
        counts = f"{done} of {self.n_total} candidates ({done * self.n_splits} fits)"
        if getattr(self.search, "stopped_", False):
            head = f"Stopped after {counts} in {elapsed:.1f} s"
            self.bar.bar_style = "warning"
        else:
            head = f"Done: {counts} in {elapsed:.1f} s"
            self.bar.bar_style = "success"
        parts = [head]
        if hasattr(self.search, "best_params_"):
            parts.append(
                f"best score {self.search.best_score_:.3f} with "
                f"{format_params(self.search.best_params_)}"
            )
        n_failed = sum(e is not None for e in getattr(self.search, "fit_errors_", []))
        if n_failed:
            parts.append(f"{n_failed} candidate(s) failed to fit (status 'failed' in the results)")
        self.status.value = self._html("; ".join(parts) + ".")

    def __repr__(self):
        return (
            f"SearchProgress({type(self.search).__name__}, {self.n_total} candidates × "
            f"{self.n_splits} folds)"
        )
