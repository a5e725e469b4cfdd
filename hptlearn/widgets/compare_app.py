"""The comparison app: grid search against random search, on the same budget, from widgets.

Choose a data set, a model and the space to search (a distribution for each
hyperparameter), the budget (candidates per run) and the number of random repeats. As you
type, a line shows the grid that the budget buys and how many candidates and fits the
whole comparison costs. Run starts :class:`hptlearn.compare.StrategyComparison` in the
background: one grid run, then the repeated random runs, with a progress bar over all of
them. The figures (best score so far by candidates and by seconds, distinct values tried,
scores of the candidates) and the summary table are redrawn each time a run finishes.
Stop ends the comparison after the current batch; what finished is kept and drawn.

Everything the app does is also available in plain Python: ``app.build_comparison()``,
``app.run()``, ``app.stop()``, ``app.wait()``, ``app.comparison`` (a
:class:`hptlearn.compare.Comparison`) and ``app.results`` (its frame).
"""

from __future__ import annotations

import io
import threading
import warnings
from collections import Counter
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from hptlearn.compare import Comparison, ComparisonProgress, StrategyComparison
from hptlearn.data import DATASETS, load_dataset
from hptlearn.distributions import make_distribution
from hptlearn.models import MODELS
from hptlearn.plots import plot_best_so_far, plot_distinct_values, plot_score_distribution
from hptlearn.widgets._base import ERROR_COLOR as _ERROR
from hptlearn.widgets._base import WARNING_COLOR as _WARN
from hptlearn.widgets._base import AppBase, DataModelMenus, ParamRow, html_message

__all__ = ["ComparisonApp", "comparison_png"]


#: Size of the figure, in inches at :data:`_DPI` dots per inch (the image keeps this size).
_FIGSIZE = (10.0, 7.5)
_DPI = 80


def _to_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _placeholder_png() -> bytes:
    """What the figure shows before the first run of a comparison has finished."""
    fig = Figure(figsize=_FIGSIZE, dpi=_DPI)
    fig.text(
        0.5,
        0.5,
        "The figures appear here when the first run has finished.",
        ha="center",
        va="center",
        color="0.4",
        fontsize=13,
    )
    return _to_png(fig)


def comparison_png(frame: pd.DataFrame, title: str = "") -> bytes:
    """The app's four figures of a comparison frame, as PNG bytes.

    Drawn on a :class:`matplotlib.figure.Figure` made without pyplot, so it is safe
    from any thread: best score so far against candidates and against seconds,
    distinct values tried of each hyperparameter, and the scores of all candidates.
    """
    fig = Figure(figsize=_FIGSIZE, dpi=_DPI)
    axes = fig.subplots(2, 2)
    plot_best_so_far(frame, x="order", ax=axes[0, 0])
    axes[0, 0].set_title("Best score so far, by candidates evaluated", fontsize=10)
    plot_best_so_far(frame, x="elapsed", ax=axes[0, 1])
    axes[0, 1].set_title("Best score so far, by seconds spent", fontsize=10)
    plot_distinct_values(frame, ax=axes[1, 0])
    plot_score_distribution(frame, ax=axes[1, 1])
    if title:
        fig.suptitle(title, fontsize=11)
    # fixed margins: tight_layout would double the drawing time, redrawn after every run
    fig.subplots_adjust(left=0.07, right=0.98, top=0.91, bottom=0.11, hspace=0.42, wspace=0.2)
    return _to_png(fig)


class ComparisonApp(DataModelMenus, AppBase):
    """Grid search against random search on the same budget, repeated over seeds.

    Parameters
    ----------
    dataset : str, default="wine"
        A name from :data:`hptlearn.data.DATASETS`. The whole data set is used: the
        comparison is about how well each strategy searches, judged by the CV score.
    model : str, default="svc"
        A key of :data:`hptlearn.models.MODELS` suited to the data set's task; the space
        starts with its random-search distributions.
    budget : int, default=16
        Candidates per run: what each random search draws, and the most the grid may have.
    repeats : int, default=5
        Random-search runs, each with its own seed.
    cv : int, default=3
        Cross-validation folds, the same splits for every run.
    n_jobs : int, default=2
        Worker processes.
    random_state : int, default=0
        Seeds the random runs (and the generated data sets).

    Attributes
    ----------
    comparison : Comparison or None
        The result of the last run; while a run goes on, the runs finished so far.
    error : Exception or None
        What ended the last run, if it failed.
    warnings : list of str
        The warnings raised during the last run (kept out of the notebook, counted in the
        message area).
    """

    def __init__(
        self,
        dataset="wine",
        model="svc",
        *,
        budget=16,
        repeats=5,
        cv=3,
        n_jobs=2,
        random_state=0,
    ):
        if dataset not in DATASETS:
            raise ValueError(f"Unknown data set {dataset!r}; choose one of {sorted(DATASETS)}.")
        self.random_state = random_state
        self.comparison: Comparison | None = None
        self.error: Exception | None = None
        self.warnings: list[str] = []
        self.last_progress: ComparisonProgress | None = None
        self._driver: StrategyComparison | None = None
        self._thread: threading.Thread | None = None
        self._running = False
        self._stop_requested = False
        self._drawn_runs = 0
        self._notes: list[str] = []
        self._start_lock = threading.Lock()
        self._drawn_rows = 0
        self._rows: list[ParamRow] = []
        self._title = ""
        self._total = 0

        self.dataset = widgets.Dropdown(options=sorted(DATASETS), value=dataset, description="Data")
        self.model = widgets.Dropdown(description="Model", layout=widgets.Layout(width="380px"))
        small = widgets.Layout(width="170px")
        self.budget = widgets.BoundedIntText(
            value=budget, min=1, max=100_000, description="budget", layout=small
        )
        self.repeats = widgets.BoundedIntText(
            value=repeats, min=1, max=1000, description="repeats", layout=small
        )
        self.cv = widgets.BoundedIntText(
            value=cv, min=2, max=50, description="CV folds", layout=small
        )
        self.n_jobs = widgets.BoundedIntText(
            value=n_jobs, min=1, max=64, description="workers", layout=small
        )
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="Add hyperparameter", icon="plus")
        self.add_button.on_click(lambda _: self._safely(self.add_row))
        self.plan = widgets.HTML()
        self.plan.add_class("hptlearn-plan")
        self.run_button = widgets.Button(
            description="Run", icon="play", button_style="primary", tooltip="Start the comparison"
        )
        self.run_button.on_click(lambda _: self._safely(self.run))
        self.stop_button = widgets.Button(
            description="Stop",
            icon="stop",
            disabled=True,
            tooltip="End after the current batch; the finished runs are kept",
        )
        self.stop_button.on_click(lambda _: self._safely(self.stop))
        self.bar = widgets.IntProgress(
            value=0,
            min=0,
            max=1,
            description="Candidates",
            bar_style="info",
            layout=widgets.Layout(width="50%"),
        )
        self.status = widgets.HTML(value=html_message("Ready: press Run."))
        self.status.add_class("hptlearn-status")
        self.message = widgets.HTML()
        self.message.add_class("hptlearn-message")
        width, height = (round(side * _DPI) for side in _FIGSIZE)
        self.figure = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{width}px", height=f"{height}px")
        )
        self.figure.add_class("hptlearn-figure")
        self.figure.value = _placeholder_png()
        self.summary = widgets.HTML()
        self.summary.add_class("hptlearn-summary")

        self._load_data()
        self._set_model_options(model)

        self.dataset.observe(self._on_dataset, names="value")
        self.model.observe(self._on_model, names="value")
        for control in (self.budget, self.repeats, self.cv):
            control.observe(lambda _: self._update_plan(), names="value")

        super().__init__(
            [
                widgets.HBox([self.dataset, self.model]),
                widgets.HTML(
                    "<b>Search space</b> (each hyperparameter: its name, the distribution a "
                    "random search draws from, and its range; the grid takes evenly spread "
                    "values of the same range)"
                ),
                self.rows_box,
                self.add_button,
                widgets.HBox([self.budget, self.repeats, self.cv, self.n_jobs]),
                self.plan,
                widgets.HBox([self.run_button, self.stop_button, self.bar]),
                self.status,
                self.message,
                self.figure,
                self.summary,
            ]
        )
        self.add_class("hptlearn-compare-app")
        self._reset_rows()

    # ------------------------------------------------------------------ data and model
    def _load_data(self):
        data = load_dataset(self.dataset.value, random_state=self.random_state)
        self.X, self.y, self.task = data.X, data.y, data.task

    # ------------------------------------------------------------------ the space
    def add_row(self, name="", kind="log-uniform", text=""):
        """Add a hyperparameter row (what the "Add hyperparameter" button does)."""
        return self._append_row(self._make_row(name, kind, text))

    def _make_row(self, name, kind, text):
        row = ParamRow(name, "", kind, text, on_remove=lambda r: self._safely(self.remove_row, r))
        row.show("random")  # a comparison samples: a distribution and its range per row
        for control in (row.name, row.kind, row.range):
            control.observe(lambda _: self._update_plan(), names="value")
        return row

    def _space_changed(self):
        self._update_plan()

    def _reset_rows(self):
        choice = MODELS[self.model.value]
        self._show_row_list(
            self._make_row(name, kind, text) for name, (kind, text) in choice.random.items()
        )

    @property
    def space(self) -> dict:
        """The space the rows describe: name -> distribution (or list of categories).

        Raises a readable ``ValueError`` when the rows cannot be read.
        """
        space = {}
        for row in self._rows:
            name = row.name.value.strip()
            if not name:
                if row.range.value.strip():
                    raise ValueError(
                        "A hyperparameter row has a range but no name: type its name, "
                        "e.g. svc__C, or remove the row."
                    )
                continue
            if name in space:
                raise ValueError(f"{name!r} appears in two rows: remove one of them.")
            try:
                space[name] = make_distribution(row.kind.value, row.range.value)
            except ValueError as exc:
                raise ValueError(f"Range of {name}: {exc}") from exc
        if not space:
            raise ValueError("No hyperparameter to search: add one with 'Add hyperparameter'.")
        return space

    def build_comparison(self, on_progress=None) -> StrategyComparison:
        """The comparison the controls describe, checked (names, ranges, budget) but not run.

        Raises a readable ``ValueError`` when the controls describe no valid comparison.
        """
        return self._build(on_progress)

    def _build(self, on_progress=None):
        return StrategyComparison(
            self.make_estimator(),
            self.space,
            self.X,
            self.y,
            budget=self.budget.value,
            repeats=self.repeats.value,
            cv=self.cv.value,
            random_state=self.random_state,
            n_jobs=self.n_jobs.value,
            on_progress=on_progress,
        )

    def _update_plan(self):
        try:
            self.plan.value = html_message(self._plan_text(self._build()))
        except Exception as exc:  # shown, not raised: the learner is still typing
            self.plan.value = html_message(str(exc), color=_ERROR, pre=True)

    @staticmethod
    def _plan_text(driver: StrategyComparison) -> str:
        total = driver.candidates_total
        n_random = sum(1 for strategy, _ in driver.runs if strategy == "random")
        per_random = driver.make_search("random", 0).n_candidates()
        runs = f"{n_random} random run{'s' if n_random != 1 else ''}"
        text = (
            f"The {driver.grid_description}; then {runs} of {per_random} candidates each. "
            f"In all: {total} candidates × {driver.n_splits} folds = "
            f"{total * driver.n_splits} fits, and one refit of the best candidate per run."
        )
        if per_random < driver.budget:
            text += (
                f" Only {per_random} distinct candidates exist: each random run evaluates "
                "all of them, in its own order."
            )
        return text

    # ------------------------------------------------------------------ running
    @property
    def running(self) -> bool:
        """True from Run until the comparison has ended and the app shows its end."""
        return self._running

    def run(self, background: bool = True) -> bool:
        """Start the comparison the controls describe (what the Run button does).

        Returns True if it started. While one runs, or when the controls describe no
        valid comparison (the message area says why), nothing starts and the previous
        results stay.
        """
        with self._start_lock:
            if self._running:
                return False
            try:
                driver = self.build_comparison(on_progress=self._on_progress)
                total = driver.candidates_total
            except Exception as exc:
                self._show_message(f"Cannot start the comparison. {exc}", color=_ERROR)
                return False
            self._running = True
        self._driver = driver
        self._total = total
        self._stop_requested = False
        self._drawn_runs = 0
        self._drawn_rows = 0
        self._notes = []
        self.error = None
        self.warnings = []
        self.last_progress = None
        self.comparison = None
        self._show_message("")
        self.run_button.disabled = True
        self.stop_button.disabled = False
        self.bar.max = max(total, 1)
        self.bar.value = 0
        self.bar.bar_style = "info"
        self.status.value = html_message(
            f"Running: run 1 of {len(driver.runs)} ({self._run_label(driver.runs[0])}), "
            f"0 of {total} candidates"
        )
        self.figure.value = _placeholder_png()
        self.summary.value = ""
        self._title = (
            f"{self.dataset.value}, {MODELS[self.model.value].label}: grid and random search, "
            f"budget {driver.budget}"
        )
        self._thread = threading.Thread(
            target=self._work, args=(driver,), name="hptlearn-comparison", daemon=True
        )
        self._thread.start()
        if not background:
            self.wait()
        return True

    def stop(self):
        """End the comparison after the current batch (what the Stop button does).

        The finished runs, and the candidates of the current run evaluated so far, are
        kept and drawn.
        """
        if not self._running or self._driver is None:
            return
        self._stop_requested = True
        self._driver.stop()
        self.stop_button.disabled = True
        self.status.value = html_message("Stopping after the current batch…")

    def wait(self, timeout=None):
        """Block until the comparison has ended; return :attr:`comparison`."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.comparison

    @property
    def results(self):
        """The frame of :attr:`comparison` (one row per evaluated candidate), or None."""
        return None if self.comparison is None else self.comparison.frame

    # -- in the comparison's thread -------------------------------------------------------
    def _work(self, driver):
        comparison = None
        try:
            # warnings of the fits (ConvergenceWarning, ...) would print under whatever
            # cell runs next: keep them, and count them in the message area
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    comparison = driver.run()
                finally:
                    self.warnings = [
                        f"{w.category.__name__}: {str(w.message).strip()}" for w in caught
                    ]
        except Exception as exc:  # shown in the app: a thread's error has nowhere to go
            self.error = exc
            comparison = self._partial(driver, stopped=True)
        try:
            self.comparison = comparison
            self._show_end(driver, comparison)
        except Exception as exc:
            self._note(f"Could not show the end of the comparison: {type(exc).__name__}: {exc}")
        finally:
            self.run_button.disabled = False
            self.stop_button.disabled = True
            self._running = False

    def _on_progress(self, progress: ComparisonProgress):
        driver = self._driver
        self.last_progress = progress
        if self._stop_requested:
            # a Stop that came before the comparison, or this run's fit, had started was
            # cleared by their start: repeat it (it ends the run after this batch)
            driver.stop()
        self.bar.max = max(progress.candidates_total, 1)
        self.bar.value = progress.candidates_done
        if not self._stop_requested:
            self.status.value = html_message(self._running_text(driver, progress))
        if progress.runs_done > self._drawn_runs and len(progress.frame):
            self._drawn_runs = progress.runs_done
            self.comparison = self._partial(driver, frame=progress.frame)
            self._draw(self.comparison)

    def _partial(self, driver, frame=None, stopped=False):
        if frame is None:
            frame = pd.concat(driver.frames, ignore_index=True) if driver.frames else None
        if frame is None or not len(frame):
            return None
        return Comparison(
            frame,
            driver.grid,
            driver.grid_description,
            driver.budget,
            list(driver.space),
            list(driver.searches),
            stopped,
        )

    # ------------------------------------------------------------------ display
    @staticmethod
    def _run_label(run):
        strategy, repeat = run
        return "grid" if strategy == "grid" else f"{strategy}, repeat {repeat + 1}"

    def _running_text(self, driver, progress):
        runs, total = driver.runs, progress.runs_total
        index = runs.index((progress.strategy, progress.repeat))
        if index < progress.runs_done < total:  # this report ends a run: show the next one
            index = progress.runs_done
        return (
            f"Running: run {index + 1} of {total} ({self._run_label(runs[index])}), "
            f"{progress.candidates_done} of {progress.candidates_total} candidates"
        )

    def _show_end(self, driver, comparison):
        total_runs = len(driver.runs)
        total = self._total
        frame = comparison.frame if comparison is not None else None
        done = 0 if frame is None else len(frame)
        finished = [s for _, _, s in driver.searches if not getattr(s, "stopped_", False)]
        partial = len(driver.searches) - len(finished)
        if self.error is not None:
            self.bar.bar_style = "danger"
            text = f"Failed during run {min(len(driver.searches) + 1, total_runs)} of {total_runs}"
            if finished:
                n = len(finished)
                text += (
                    "; the finished run is kept" if n == 1 else f"; the {n} finished runs are kept"
                )
            self.status.value = html_message(text + ".", color=_ERROR)
            self._note(
                f"The comparison failed: {type(self.error).__name__}: {_readable(self.error)}",
                _ERROR,
            )
        elif comparison is None or comparison.stopped:
            self.bar.bar_style = "warning"
            if not done:
                text = f"Stopped before any candidate was evaluated (0 of {total} candidates)."
            elif partial:
                text = (
                    f"Stopped after {len(finished)} of {total_runs} runs and "
                    f"{_plural(len(driver.frames[-1]), 'candidate')} of run {len(finished) + 1} "
                    f"({done} of {total} candidates); the finished runs and these candidates "
                    "are kept."
                )
            else:
                text = (
                    f"Stopped after {len(finished)} of {total_runs} runs ({done} of {total} "
                    "candidates); the finished runs are kept."
                )
            self.status.value = html_message(text)
        else:
            self.bar.bar_style = "success"
            self.bar.value = done
            self.status.value = html_message(f"Done: {total_runs} runs, {done} candidates")
        if self.warnings:
            kinds = Counter(w.split(":", 1)[0] for w in self.warnings)
            first = _readable(self.warnings[0])
            first = first if len(first) <= 300 else first[:297] + "..."
            self._note(
                f"The runs raised {len(self.warnings)} warning(s), kept out of the notebook "
                f"({', '.join(f'{n} {k}' for k, n in kinds.items())}). The first: {first}",
                _WARN,
            )
        if done:
            n_failed = int((frame["status"] != "ok").sum())
            if n_failed:
                self._note(
                    f"{n_failed} candidate(s) failed to fit (status 'failed'); the score "
                    "figures leave them out.",
                    _WARN,
                )
        if done and done != self._drawn_rows:
            self._draw(comparison)

    def _draw(self, comparison):
        """Redraw the figure and the summary (in the comparison's thread: the warnings
        module is not thread-safe, so the figures are not drawn in a thread of their own)."""
        self._drawn_rows = len(comparison.frame)
        try:
            self.figure.value = comparison_png(comparison.frame, self._title)
            self.summary.value = _summary_html(comparison)
        except Exception as exc:  # a drawing problem must not end the comparison
            self._note(f"Could not draw the runs so far: {type(exc).__name__}: {exc}")

    def _note(self, text, color=_WARN):
        """Add a line to the message area (the lines of one run are kept together)."""
        self._notes.append(html_message(text, color=color, pre="\n" in text))
        self.message.value = "".join(self._notes)

    def __repr__(self):
        return (
            f"ComparisonApp(dataset={self.dataset.value!r}, model={self.model.value!r}, "
            f"budget={self.budget.value}, repeats={self.repeats.value})"
        )


def _readable(text) -> str:
    """A message without the tracebacks that scikit-learn puts in some of its messages
    (the line that says what went wrong is kept)."""
    lines = []
    for line in str(text).splitlines():
        stripped = line.strip()
        if (
            not stripped
            or line[:1].isspace()
            or stripped.startswith("Traceback (most recent call last)")
            or set(stripped) <= set("-^~")
        ):
            continue
        lines.append(line)
    return "\n".join(lines)


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary_html(comparison) -> str:
    table = comparison.summary()
    body = table.to_html(
        index=False,
        float_format=lambda v: f"{v:.4g}",
        na_rep="—",
        classes="hptlearn-table",
        border=0,
    )
    runs = int(table["runs"].sum()) if len(table) else 0
    return f"<b>Summary of {runs} run{'s' if runs != 1 else ''}</b>{body}"
