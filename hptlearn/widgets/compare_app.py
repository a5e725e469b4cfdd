"""The comparison app: search strategies raced on the same budget, from widgets.

Choose a data set, a model and the space to search (a distribution for each
hyperparameter), the strategies to compare (grid and random search by default; also
quasi-random, successive halving on a grid or at random, and Bayesian search), the budget
(full candidates per run, shown in full-data fit equivalents) and the number of repeats.
As you type, the plan says what each strategy runs on that budget (the grid it takes and
which listed values it kept, a halving schedule, ...) and what the whole comparison
costs. Run starts :class:`hptlearn.compare.StrategyComparison` in the background (through
:class:`hptlearn.state.ComparisonRun`), with a progress bar over all the runs. The app is a
view over a :class:`hptlearn.state.ComparisonSession` (the data split, the comparison
built from the rows, its run, the held-out scores). The figures
(best score so far by budget spent and by seconds, distinct values tried, scores of the
candidates), the summary and the budget table are redrawn each time a run finishes.
Stop ends the comparison at the next candidate; what finished is kept and drawn.

The runs search on a training part of the data set; a quarter of it is held out, and
each run's refitted choice is scored on it, once per run
(:meth:`hptlearn.state.ComparisonSession.held_out`): the best CV score favours the
strategy that tries more distinct candidates, the held-out score does not. The figure's
description is :func:`hptlearn.plots.compare.describe_comparison_figure`.

Everything the app does is also available in plain Python: ``app.build_comparison()``,
``app.run()``, ``app.stop()``, ``app.wait()``, ``app.comparison`` (a
:class:`hptlearn.compare.Comparison`), ``app.results`` (its frame) and ``app.held_out``
(each run's best CV score and held-out score).
"""

from __future__ import annotations

import threading
from collections import Counter

import ipywidgets as widgets
import pandas as pd

from hptlearn.catalog import MODELS, load_dataset
from hptlearn.compare import ComparisonProgress, StrategyComparison, held_out_summary
from hptlearn.plots import plot_best_so_far, plot_distinct_values, plot_score_distribution
from hptlearn.plots.compare import describe_comparison_figure
from hptlearn.state import ComparisonSession
from hptlearn.strategies import DISTRIBUTIONS, STRATEGIES, strategy
from hptlearn.style import ERROR_COLOR, WARNING_COLOR
from hptlearn.widgets._base import (
    AppBase,
    SpaceRowsMixin,
    delegate,
    figure_caption,
    figure_image,
    figure_png,
    html_message,
    html_table,
    new_figure,
    placeholder_png,
    show_figure,
)
from hptlearn.widgets.progress import ProgressView, RunControls

__all__ = ["ComparisonApp", "comparison_png"]


#: Size of the figure in pixels (the image keeps this size).
_WIDTH, _HEIGHT = 800, 600
_PLACEHOLDER = "The figures appear here when the first run has finished."

#: The strategies checked at the start.
_DEFAULT_STRATEGIES = ("grid", "random")


def comparison_png(frame: pd.DataFrame, title: str = "") -> bytes:
    """The app's four figures of a comparison frame, as PNG bytes.

    Drawn on a :class:`matplotlib.figure.Figure` made without pyplot, so it is safe
    from any thread: best score so far against the budget spent (full-data fit
    equivalents) and against seconds, distinct values tried of each hyperparameter, and
    the scores of all candidates.
    """
    # fixed margins: a layout engine would double the drawing time, redrawn after every run
    fig = new_figure(_WIDTH, _HEIGHT, dpi=80, layout=None)
    axes = fig.subplots(2, 2)
    plot_best_so_far(frame, x="budget_spent", ax=axes[0, 0])
    axes[0, 0].set_title("Best score so far, by budget spent", fontsize=10)
    plot_best_so_far(frame, x="elapsed", ax=axes[0, 1])
    axes[0, 1].set_title("Best score so far, by seconds spent", fontsize=10)
    plot_distinct_values(frame, ax=axes[1, 0])
    plot_score_distribution(frame, ax=axes[1, 1])
    if title:
        fig.suptitle(title, fontsize=11)
    fig.subplots_adjust(left=0.07, right=0.98, top=0.91, bottom=0.11, hspace=0.42, wspace=0.2)
    return figure_png(fig)


class ComparisonApp(RunControls, SpaceRowsMixin, AppBase):
    """Search strategies on the same budget, repeated over seeds.

    Parameters
    ----------
    dataset : str, default="wine"
        A name from :data:`hptlearn.data.DATASETS`. The runs search on a training part;
        the rest (``test_size``) is held out to score each run's refitted choice.
    model : str, default="svc"
        A key of :data:`hptlearn.models.MODELS` suited to the data set's task; the space
        starts with its random-search distributions.
    budget : int, default=16
        Full candidates per run (each fitted on every fold): what a random search draws,
        the most the grid may have; ``budget x cv`` full-data fit equivalents, which a
        successive-halving run spends on more candidates with fewer samples.
    repeats : int, default=5
        Runs of each strategy that is not deterministic, each with its own seed.
    strategies : tuple of str, default=("grid", "random")
        The strategies checked at the start (any of :data:`hptlearn.compare.STRATEGIES`).
    cv : int, default=3
        Cross-validation folds, the same splits for every run.
    n_jobs : int, default=2
        Worker processes.
    random_state : int, default=0
        Seeds the random runs, the split and the generated data sets.
    test_size : float, default=0.25
        The share of the data set held out (stratified for a classification task).

    Attributes
    ----------
    comparison : Comparison or None
        The result of the last run; while a run goes on, the runs finished so far.
    held_out : pandas.DataFrame or None
        Each finished run's best CV score and the score of its refitted choice on the
        held-out part (:meth:`hptlearn.compare.Comparison.held_out`).
    X, y, X_test, y_test : arrays
        The training part the runs search on, and the held-out part.
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
        strategies=_DEFAULT_STRATEGIES,
        test_size=0.25,
    ):
        super().__init__(css_class="hptlearn-compare-app")
        self._build_menus(dataset)
        self.random_state = random_state
        self.test_size = test_size
        #: what the app shows: the data, the rows, the runs, their held-out scores
        self.session = ComparisonSession(
            lambda: self.make_estimator(), test_size=test_size, random_state=random_state
        )
        self.editor = self.session.editor
        self.held_out = None  # its runs' best CV and held-out scores
        self.last_progress: ComparisonProgress | None = None
        self._start_lock = threading.Lock()
        self._drawn = None  # the comparison the figure shows
        self._notes: list[str] = []
        self._title = ""

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
        unknown = [name for name in strategies if name not in STRATEGIES]
        if unknown:
            raise ValueError(
                f"Unknown strategies {unknown}; choose from {', '.join(map(repr, STRATEGIES))}."
            )
        #: strategy -> its checkbox, in the order of :data:`hptlearn.strategies.STRATEGIES`
        self.strategy_boxes = {
            name: widgets.Checkbox(
                value=name in strategies,
                description=record.label,
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 12px 0 0"),
            )
            for name, record in STRATEGIES.items()
        }
        self.plan = widgets.HTML()
        self.plan.add_class("hptlearn-plan")
        self.progress = ProgressView(
            on_run=self.run,
            on_stop=self.stop,
            on_error=self._show_error,
            run_tooltip="Start the comparison",
            stop_tooltip="End at the next candidate; the finished runs are kept",
            bar_width="50%",
            what="Comparison",
        )
        self.progress.ready(1, "Ready: press Run.")
        self.bar, self.status = self.progress.bar, self.progress.status
        self.run_button, self.stop_button = self.progress.run_button, self.progress.stop_button
        self.figure = figure_image(_WIDTH, _HEIGHT)
        self.figure_description = figure_caption(_WIDTH)
        self._show_placeholder()
        self.summary = widgets.HTML()
        self.summary.add_class("hptlearn-summary")

        self._load_data()
        self._set_model_options(model)

        self.dataset.observe(self._on_dataset, names="value")
        self.model.observe(self._on_model, names="value")
        for control in (self.budget, self.repeats, self.cv, *self.strategy_boxes.values()):
            control.observe(self._callback(self._update_plan), names="value")

        self.children = [
            widgets.HBox([self.dataset, self.model]),
            widgets.HTML(
                "<b>Search space</b> (each hyperparameter: its name, the distribution a "
                "random search draws from, and its range; the grid takes evenly spread "
                "values of the same range)"
            ),
            self.rows_box,
            self.add_button,
            widgets.HTML("<b>Strategies</b>"),
            widgets.HBox(
                list(self.strategy_boxes.values()), layout=widgets.Layout(flex_flow="row wrap")
            ),
            widgets.HBox([self.budget, self.repeats, self.cv, self.n_jobs]),
            self.plan,
            self.progress,
            self.message,
            self.figure,
            self.figure_description,
            self.summary,
        ]
        self._reset_rows()

    # ------------------------------------------------------------------ data and model
    task = delegate("session", "task")
    X, y = delegate("session", "X"), delegate("session", "y")
    X_test, y_test = delegate("session", "X_test"), delegate("session", "y_test")
    background = delegate("session", "run")
    comparison = delegate("session", "comparison")

    def _load_data(self):
        self.session.load(load_dataset(self.dataset.value, random_state=self.random_state))

    # ------------------------------------------------------------------ the space
    def add_row(self, name="", kind="log-uniform", text=""):
        """Add a hyperparameter row (what the "Add hyperparameter" button does)."""
        return self._append_row(self._make_row(name, "", kind, text))

    def _space_changed(self):
        self._update_plan()

    def _reset_rows(self):
        choice = MODELS[self.model.value]
        self._show_row_list(
            self._make_row(name, "", kind, text) for name, (kind, text) in choice.random.items()
        )

    def _strategy(self):
        return DISTRIBUTIONS  # a comparison samples: a distribution and its range per row

    @property
    def strategies(self) -> tuple:
        """The checked strategies, in the order they run."""
        return tuple(name for name, box in self.strategy_boxes.items() if box.value)

    def build_comparison(self) -> StrategyComparison:
        """The comparison the controls describe, checked (names, ranges, budget) but not run.

        Raises a readable ``ValueError`` when the controls describe no valid comparison.
        """
        self._edit()
        try:
            return self.session.build(
                budget=self.budget.value,
                strategies=self.strategies,
                repeats=self.repeats.value,
                cv=self.cv.value,
                n_jobs=self.n_jobs.value,
            )
        finally:
            self._show_row_errors()

    def _update_plan(self):
        try:
            self.plan.value = "".join(
                html_message(line) for line in self._plan_lines(self.build_comparison())
            )
        except Exception as exc:  # shown, not raised: the learner is still typing
            self.plan.value = html_message(str(exc), color=ERROR_COLOR, pre=True)

    @staticmethod
    def _plan_lines(driver: StrategyComparison) -> list[str]:
        """The plan in words: the budget, what each strategy runs on it, the total."""
        lines = [
            f"Budget per run: {driver.budget} candidates × {driver.n_splits} folds = "
            f"{driver.budget_fits:g} full-data fits."
        ]
        lines += [
            f"{strategy(name).label}: {plan.description}." for name, plan in driver.plans.items()
        ]
        lines.append(
            f"In all: {driver.candidates_total} candidates, {driver.fits_total:g} full-data "
            "fits, and one refit of the best candidate per run."
        )
        return lines

    # ------------------------------------------------------------------ running
    @property
    def error(self) -> Exception | None:
        """What ended the last run, if it failed."""
        return None if self.background is None else self.background.error

    @property
    def warnings(self) -> list[str]:
        """The warnings raised during the last run (kept out of the notebook, counted in
        the message area), as ``"Category: message"``."""
        return [] if self.background is None else self.background.warning_texts()

    def run(self, background: bool = True) -> bool:
        """Start the comparison the controls describe (what the Run button does).

        Returns True if it started. While one runs, or when the controls describe no
        valid comparison (the message area says why), nothing starts and the previous
        results stay.
        """
        with self._start_lock:
            if self._still_running():  # the message area keeps the running comparison's notes
                return False
            try:
                driver = self.build_comparison()
            except Exception as exc:
                self._show_message(f"Cannot start the comparison. {exc}", color=ERROR_COLOR)
                return False
            self.last_progress, self.held_out = None, None
            self._drawn, self._notes = None, []
            self._show_message("")
            total = driver.candidates_total
            self.progress.started(
                total,
                f"Running: run 1 of {len(driver.runs)} ({self._run_label(driver.runs[0])}), "
                f"0 of {total} candidates",
            )
            self._show_placeholder()
            self.summary.value = ""
            names = ", ".join(strategy(name).label for name in driver.strategies)
            self._title = (
                f"{self.dataset.value}, {MODELS[self.model.value].label}: {names}; budget "
                f"{driver.budget_fits:g} full-data fits per run"
            )
            self.session.start(driver, listeners=[self._on_progress], end_listeners=[self._on_end])
        if not background:
            self.wait()
        return True

    def _outcome(self):
        return self.comparison

    @property
    def results(self):
        """The frame of :attr:`comparison` (one row per evaluated candidate), or None."""
        return None if self.comparison is None else self.comparison.frame

    # -- in the comparison's thread -------------------------------------------------------
    def _on_progress(self, progress: ComparisonProgress):
        run = self.background
        self.last_progress = progress
        self.progress.update(
            run,
            progress.candidates_done,
            progress.candidates_total,
            self._running_text(run.driver, progress),
        )
        if run.comparison is not None and run.comparison is not self._drawn:
            self._draw(run.comparison)

    def _on_end(self, run):
        try:
            self._show_end(run)
        except Exception as exc:
            self._note(f"Could not show the end of the comparison: {type(exc).__name__}: {exc}")
            self.progress.ended(run, "Ended.", "warning")

    # ------------------------------------------------------------------ display
    @staticmethod
    def _run_label(run):
        name, repeat = run
        return name if strategy(name).runs_once else f"{name}, repeat {repeat + 1}"

    def _running_text(self, driver, progress):
        runs, total = driver.runs, progress.runs_total
        index = runs.index((progress.strategy, progress.repeat))
        if index < progress.runs_done < total:  # this report ends a run: show the next one
            index = progress.runs_done
        return (
            f"Running: run {index + 1} of {total} ({self._run_label(runs[index])}), "
            f"{progress.candidates_done} of {progress.candidates_total} candidates"
        )

    def _show_end(self, run):
        driver, comparison = run.driver, run.comparison
        total_runs, total = len(driver.runs), run.total
        frame = comparison.frame if comparison is not None else None
        done = 0 if frame is None else len(frame)
        finished = run.finished_runs
        say = self.progress.announcer
        if run.error is not None:
            text = f"Failed during run {min(len(driver.searches) + 1, total_runs)} of {total_runs}"
            if finished:
                text += (
                    "; the finished run is kept"
                    if finished == 1
                    else f"; the {finished} finished runs are kept"
                )
            self.progress.ended(
                run,
                text + ".",
                "danger",
                color=ERROR_COLOR,
                announce=say.end(done, total, error=run.error),
            )
            self._note(
                f"The comparison failed: {type(run.error).__name__}: {_readable(run.error)}",
                ERROR_COLOR,
            )
        elif comparison is None or comparison.stopped:
            if not done:
                text = f"Stopped before any candidate was evaluated (0 of {total} candidates)."
            elif run.stopped_runs:
                text = (
                    f"Stopped after {finished} of {total_runs} runs and "
                    f"{_plural(len(driver.frames[-1]), 'candidate')} of run {finished + 1} "
                    f"({done} of {total} candidates); the finished runs and these candidates "
                    "are kept."
                )
            else:
                text = (
                    f"Stopped after {finished} of {total_runs} runs ({done} of {total} "
                    "candidates); the finished runs are kept."
                )
            self.progress.ended(run, text, "warning", announce=say.end(done, total, stopped=True))
        else:
            self.progress.ended(
                run,
                f"Done: {total_runs} runs, {done} candidates",
                "success",
                done=done,
                announce=say.end(done, done),
            )
        warnings = run.warning_texts()
        if warnings:
            kinds = Counter(w.split(":", 1)[0] for w in warnings)
            first = _readable(warnings[0])
            first = first if len(first) <= 300 else first[:297] + "..."
            self._note(
                f"The runs raised {len(warnings)} warning(s), kept out of the notebook "
                f"({', '.join(f'{n} {k}' for k, n in kinds.items())}). The first: {first}",
                WARNING_COLOR,
            )
        if done:
            n_failed = int((frame["status"] != "ok").sum())
            if n_failed:
                self._note(
                    f"{n_failed} candidate(s) failed to fit (status 'failed'); the score "
                    "figures leave them out.",
                    WARNING_COLOR,
                )
        drawn = 0 if self._drawn is None else len(self._drawn.frame)
        if done and done != drawn:
            self._draw(comparison)

    def _show_placeholder(self):
        show_figure(
            self.figure,
            self.figure_description,
            placeholder_png(_PLACEHOLDER, _WIDTH, _HEIGHT),
            "No figure yet: the figures of the comparison appear here when its first run "
            "has finished.",
        )

    def _draw(self, comparison):
        """Redraw the figure, its description and the summary, with the held-out scores
        of the runs finished so far (in the comparison's thread: the warnings module is not
        thread-safe, so the figures are not drawn in a thread of their own)."""
        self._drawn = comparison
        try:
            self.held_out = self.session.held_out(comparison)  # each run scored once
            show_figure(
                self.figure,
                self.figure_description,
                comparison_png(comparison.frame, self._title),
                describe_comparison_figure(comparison),
            )
            driver = None if self.background is None else self.background.driver
            self.summary.value = _summary_html(comparison, driver, self.held_out)
        except Exception as exc:  # a drawing problem must not end the comparison
            self._note(f"Could not draw the runs so far: {type(exc).__name__}: {exc}")

    def _note(self, text, color=WARNING_COLOR):
        """Add a line to the message area (the lines of one run are kept together)."""
        self._notes.append(html_message(text, color=color, pre="\n" in text))
        self.message.value = "".join(self._notes)

    def __repr__(self):
        strategies = self.strategies
        extra = "" if strategies == _DEFAULT_STRATEGIES else f", strategies={strategies!r}"
        return (
            f"ComparisonApp(dataset={self.dataset.value!r}, model={self.model.value!r}, "
            f"budget={self.budget.value}, repeats={self.repeats.value}{extra})"
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


def _summary_html(comparison, driver=None, held_out=None) -> str:
    """The summary, the held-out scores, the budget table and what each strategy ran (as
    the driver planned it, or as the comparison says)."""
    table = comparison.summary()
    runs = int(table["runs"].sum()) if len(table) else 0
    parts = [html_table(table, f"Summary of {runs} run{'s' if runs != 1 else ''}")]
    if held_out is not None and len(held_out):
        parts.append(
            html_table(
                held_out_summary(held_out),
                "Each run's choice on held-out data (refitted on the training part, scored "
                "on data no run saw): the best CV score favours the strategy that tries more "
                "distinct candidates, the held-out score does not",
            )
        )
    budget = comparison.budget_table()
    if len(budget):
        budget = budget.assign(fraction=[f"{f:.0%}" for f in budget["fraction"]])
        budget = budget.rename(
            columns={
                "fraction": "budget",
                "fits": "full-data fits",
                "runs": "runs with a score",
                "median": "best score (median)",
                "min": "best score (min)",
                "max": "best score (max)",
            }
        )
        parts.append(html_table(budget, "Best score so far at 25, 50 and 100 % of the budget"))
    notes = comparison.notes if driver is None else driver.notes
    if notes:
        parts.append(
            "<b>What each strategy ran</b>"
            + "".join(html_message(f"{strategy(s).label}: {text}.") for s, text in notes.items())
        )
    return "".join(parts)
