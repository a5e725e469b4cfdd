"""The search app: every search strategy, driven from widgets.

Choose a data set, a model and a strategy (grid, random, quasi-random, successive halving
on a grid or on sampled candidates, Bayesian optimization with Optuna's TPE), type the
values to try (grid strategies) or the distributions to sample (the others) for each
hyperparameter, and run. What the run will cost (candidates, fits, the halving schedule,
how TPE spends its budget, and an estimate of the run time) updates as you type; Run
starts a live search in the background with a progress bar and a Stop button; the results
table and the figure of the search update after every batch; at the end the best
hyperparameters and the held-out test score of the refitted best model are shown.

After a run ends (or is stopped), **Continue (+N candidates)** goes on with the same search:
N more candidates (for a grid stopped early, the candidates not yet evaluated), only the new
ones fitted, the earlier ones reused (``warm_start``). The **time limit** field (seconds, 0
for none) ends a search as Stop does once it has passed (``time_budget``). The **checkpoint**
field names a file where every finished candidate is written as it ends (``checkpoint``);
after a crash or a kernel restart, Run with the same file reads them back instead of fitting
them again.

The app is a view over a :class:`hptlearn.state.SearchSession`, which holds everything
a run sequences (the data split; the rows read, checked, built and planned once; the run in
the background; the held-out score; the edges of the best candidate; the CSV). The figure's
description comes from :func:`hptlearn.plots.search.describe_results_figure`. This module
builds the controls, lays them out and renders.

Everything the app does is also available in plain Python: ``app.build_search()``,
``app.run()``, ``app.stop()``, ``app.wait()``, ``app.continue_run(n_more)``,
``app.search``, ``app.results``, ``app.test_score``, ``app.to_csv(path)``.

After a run, **Brush the results** (``app.brush()``) shows every candidate as a line across
one axis per hyperparameter (:class:`hptlearn.widgets.ParallelCoordinates`): drag on an axis,
or Tab to it and use the arrow keys, to keep a range. **Importance** (``app.importance()``)
shows how much each hyperparameter explains of the scores, with a bootstrap interval
(:meth:`hptlearn.state.SearchSession.importance`).

Successive halving, Hyperband and ASHA show what they do only when the data leaves room for
three rungs: choosing one of them on a data set too small for that (iris: two) moves to a
larger one of the same task (digits), keeping the rows, and says so; choosing the first data
set again keeps it.
"""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

import ipywidgets as widgets

from hptlearn.catalog import MODELS, load_dataset
from hptlearn.plots import (
    halving_iterations_data,
    plot_halving_iterations,
    plot_heatmap,
    plot_parallel_coordinates,
    plot_scores_vs_value,
)
from hptlearn.plots.reading import describe_importance, importance_data, plot_importance
from hptlearn.plots.search import (
    describe_results_figure,
    results_figure_kind,
    score_name,
)
from hptlearn.results import format_params, param_columns, results_frame, score_column
from hptlearn.state import SearchSession
from hptlearn.state.search import resumed_candidates
from hptlearn.strategies import LISTS, STRATEGIES
from hptlearn.strategies import strategy as find_strategy
from hptlearn.style import ERROR_COLOR, MUTED_COLOR, WARNING_COLOR
from hptlearn.widgets._base import (
    AppBase,
    SpaceRowsMixin,
    delegate,
    figure_caption,
    figure_image,
    figure_png,
    format_duration,
    html_message,
    html_table,
    new_figure,
    placeholder_png,
    show_figure,
)
from hptlearn.widgets.parallel import ParallelCoordinates
from hptlearn.widgets.progress import RunControls, SearchProgress

__all__ = ["SearchApp"]

#: Size of the figure in pixels.
_WIDTH, _HEIGHT = 576, 396

#: What the placeholder figure says, and its description, before the first run.
_PLACEHOLDER = "The figure of the results appears here"
PLACEHOLDER_TEXT = (
    "No results yet: the figure of the results (each candidate's mean CV score against its "
    "hyperparameters) will appear here after Run."
)


class SearchApp(RunControls, SpaceRowsMixin, AppBase):
    """Any search strategy on a chosen data set and model.

    Parameters
    ----------
    dataset : str, default="breast_cancer"
        A name from :data:`hptlearn.catalog.DATASETS`.
    model : str, default="svc"
        A key of :data:`hptlearn.catalog.MODELS` suited to the data set's task.
    strategy : a name of :data:`hptlearn.strategies.STRATEGIES`, default="grid"
    cv : int, default=5
        Cross-validation folds (stratified for classifiers).
    n_iter : int, default=20
        Candidates a random, quasi-random or Bayesian search evaluates.
    factor : int, default=3
        Successive halving: each iteration keeps the best ``1/factor`` of the candidates
        and gives them ``factor`` times more samples.
    n_jobs : int, default=2
        Worker processes.
    max_fits : int, default=2000
        A run needing more fits than this asks for confirmation first.
    test_size : float, default=0.25
        Share of the data held out as a test set, never seen by the search.
    random_state : int, default=0
        Seed of the train/test split and of the random search.
    """

    def __init__(
        self,
        dataset="breast_cancer",
        model="svc",
        strategy="grid",
        *,
        cv=5,
        n_iter=20,
        factor=3,
        n_jobs=2,
        max_fits=2000,
        test_size=0.25,
        random_state=0,
    ):
        super().__init__(css_class="hptlearn-search-app")
        self._build_menus(dataset)
        self.random_state = random_state
        self.test_size = test_size
        #: what the app shows: the data, the rows, the runs, their outcomes
        self.session = SearchSession(
            lambda: self.make_estimator(), test_size=test_size, random_state=random_state
        )
        self.editor = self.session.editor
        self._confirmed_fits = None
        self._lock = threading.Lock()
        #: the data set a multi-fidelity strategy moved away from (see _roomier_data)
        self._moved_from = None

        name = find_strategy(strategy).name  # an unknown name: one error that lists them
        self.strategy = widgets.Dropdown(
            options=[(s.label, key) for key, s in STRATEGIES.items()],
            value=name,
            description="Strategy",
            layout=widgets.Layout(width="330px"),
        )
        self.n_iter = _whole_number(n_iter, 1, 100_000, "n_iter")
        self.factor = _whole_number(
            factor, 2, 10, "factor", tooltip="Each iteration keeps the best 1/factor"
        )
        self.cv = _whole_number(cv, 2, 50, "CV folds")
        self.n_jobs = _whole_number(n_jobs, 1, 64, "workers")
        self.where = widgets.ToggleButtons(
            options=[("This machine", "local"), ("Dask cluster", "dask")],
            value="local",
            description="Run on",
            tooltips=[
                "Worker processes on this machine (joblib), as many as 'workers'",
                "A Dask cluster: started on this machine, or the scheduler in "
                "HPTLEARN_DASK_SCHEDULER",
            ],
            style={"button_width": "110px"},
        )
        self.cluster_info = widgets.HTML()
        self.cluster_info.add_class("hptlearn-cluster")
        self.workers = None  # a started hptlearn.cluster.DaskWorkers while on Dask
        self.max_fits = widgets.BoundedIntText(
            value=max_fits,
            min=1,
            max=10**9,
            description="confirm above",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="220px"),
        )
        self.time_limit = widgets.BoundedFloatText(
            value=0,
            min=0,
            max=10**7,
            description="time limit (s)",
            tooltip="No candidate starts after this many seconds; 0: no limit",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="190px"),
        )
        self.checkpoint = widgets.Text(
            value="",
            placeholder="none",
            description="checkpoint file",
            tooltip="Every finished candidate is written to this file (JSON lines); Run "
            "with the same file after a crash reads them back. Empty: no file",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="330px"),
        )
        self.counts = widgets.HTML()
        self.counts.add_class("hptlearn-counts")
        # the one progress view, with the one Run button: it starts the app's runs
        self.progress = SearchProgress(on_run=self.run, on_error=self._show_error)
        self.run_button = self.progress.run_button
        self.more = widgets.BoundedIntText(
            value=10,
            min=1,
            max=100_000,
            description="+",
            tooltip="How many new candidates Continue adds",
            style={"description_width": "15px"},
            layout=widgets.Layout(width="110px"),
        )
        self.continue_button = widgets.Button(
            description="Continue (+10 candidates)",
            icon="forward",
            disabled=True,
            layout=widgets.Layout(width="auto"),
        )
        self.continue_button.add_class("hptlearn-continue")
        self.continue_button.on_click(self._callback(self.continue_run))
        self.more.observe(self._callback(self._show_continue), names="value")
        self.table = widgets.HTML(layout=widgets.Layout(min_height="120px"))
        self.table.add_class("hptlearn-results")
        self.figure = figure_image(_WIDTH, _HEIGHT)
        self.figure_description = figure_caption(_WIDTH)
        show_figure(
            self.figure,
            self.figure_description,
            placeholder_png(_PLACEHOLDER, _WIDTH, _HEIGHT),
            PLACEHOLDER_TEXT,
        )
        self._last_drawn = 0.0  # when the figure was last drawn during a run
        self.best = widgets.HTML()
        self.best.add_class("hptlearn-best")
        self.edges = widgets.HTML()
        self.edges.add_class("hptlearn-edges")
        self.extend_button = widgets.Button(
            description="Extend the range",
            icon="arrows-h",
            tooltip="Rewrite the rows of the hyperparameters on an edge with a wider range",
            layout=widgets.Layout(display="none"),
        )
        self.extend_button.on_click(self._callback(self.extend_ranges))
        self._edge_texts = {}
        self.csv_path = widgets.Text(
            value="search_results.csv", description="CSV file", layout=widgets.Layout(width="320px")
        )
        self.export_button = widgets.Button(description="Export CSV", icon="download")
        self.export_button.on_click(self._callback(self.export))
        # reading the results after a run: the brushable plot and the importance
        self.brush_button = widgets.Button(
            description="Brush the results",
            icon="sliders",
            tooltip="Every candidate as a line across one axis per hyperparameter: drag on "
            "an axis (or Tab to it and use the arrow keys) to keep a range",
            disabled=True,
            layout=widgets.Layout(width="auto"),
        )
        self.brush_button.on_click(self._callback(self.brush))
        self.importance_button = widgets.Button(
            description="Importance",
            icon="bar-chart",
            tooltip="How much each hyperparameter explains of the scores, with an interval",
            disabled=True,
            layout=widgets.Layout(width="auto"),
        )
        self.importance_button.on_click(self._callback(self.importance))
        #: the brushable plot of the last run (what "Brush the results" shows), or None
        self.brush_widget = None
        self.brush_box = widgets.VBox(layout=widgets.Layout(display="none"))
        self.brush_box.add_class("hptlearn-brush")
        #: the importance frame of the last run (what "Importance" shows), or None
        self.importance_table = None
        self.importance_figure = figure_image(_WIDTH, _HEIGHT)
        self.importance_description = figure_caption(_WIDTH)
        self.importance_box = widgets.VBox(
            [self.importance_figure, self.importance_description],
            layout=widgets.Layout(display="none"),
        )
        self.importance_box.add_class("hptlearn-importance")

        self._load_data()
        self._set_model_options(model)

        self.dataset.observe(self._on_dataset, names="value")
        # other data: the last search cannot go on (after the data is loaded)
        self.dataset.observe(self._callback(self._show_continue), names="value")
        self.model.observe(self._on_model, names="value")
        for control in (
            self.strategy,
            self.n_iter,
            self.factor,
            self.cv,
            self.n_jobs,
            self.max_fits,
        ):
            control.observe(self._callback(self._update_counts), names="value")
        self.strategy.observe(self._callback(self._show_rows), names="value")
        self.strategy.observe(self._callback(self._roomier_data), names="value")
        self.where.observe(self._callback(self._on_where), names="value")

        self.children = [
            widgets.HBox([self.dataset, self.model]),
            widgets.HBox([self.strategy, self.n_iter, self.factor]),
            widgets.HTML(
                "<b>Hyperparameters</b> (name, then the values to try for a grid or halving "
                "grid, or a distribution and its range for the other strategies)"
            ),
            self.rows_box,
            self.add_button,
            widgets.HBox([self.cv, self.n_jobs, self.max_fits]),
            widgets.HBox([self.where, self.cluster_info]),
            widgets.HBox([self.time_limit, self.checkpoint]),
            self.counts,
            self.progress,
            widgets.HBox([self.continue_button, self.more]),
            self.message,
            # the figure goes under the table when both do not fit side by side: a box
            # that scrolls could not be reached by keyboard (it holds nothing to focus)
            widgets.HBox(
                [
                    self.table,
                    widgets.VBox(
                        [self.figure, self.figure_description],
                        layout=widgets.Layout(flex="0 0 auto"),
                    ),
                ],
                layout=widgets.Layout(flex_flow="row wrap"),
            ),
            self.best,
            widgets.HBox([self.edges, self.extend_button]),
            widgets.HBox([self.brush_button, self.importance_button]),
            self.brush_box,
            self.importance_box,
            widgets.HBox([self.csv_path, self.export_button]),
        ]
        self._reset_rows()
        self._show_continue()
        self._show_reading()

    # ------------------------------------------------------------------ data and model
    task = delegate("session", "task")
    X_train, X_test = delegate("session", "X_train"), delegate("session", "X_test")
    y_train, y_test = delegate("session", "y_train"), delegate("session", "y_test")
    search = delegate("session", "search")

    @property
    def test_score(self) -> float | None:
        """The held-out score of the last run's refitted best model."""
        score = self.session.test_score
        return None if score is None else score.value

    def _load_data(self):
        self.session.load(load_dataset(self.dataset.value, random_state=self.random_state))

    # ------------------------------------------------------------------ rows
    def add_row(self, name="", grid_text="", kind="log-uniform", random_text=""):
        """Add a hyperparameter row (what the "Add hyperparameter" button does)."""
        return self._append_row(self._make_row(name, grid_text, kind, random_text))

    def _space_changed(self):
        self._update_counts()

    def _reset_rows(self):
        choice = MODELS[self.model.value]
        rows = []
        for name, text in choice.grid.items():
            kind, random_text = choice.random.get(name, ("categorical", text))
            rows.append(self._make_row(name, text, kind, random_text))
        self._rows = rows
        self.rows_box.children = tuple(rows)
        self._show_rows()

    def _show_rows(self):
        for row in self._rows:
            row.show(self._strategy())
        budget = self.record.budget_args
        self.n_iter.layout.display = None if "n_iter" in budget else "none"
        self.factor.layout.display = None if "factor" in budget else "none"
        self._update_counts()

    def _roomier_data(self):
        """A multi-fidelity strategy chosen on data too small to show it (fewer than
        :data:`hptlearn.state.space.MIN_RUNGS` rungs, as iris's 112 training samples give
        successive halving): the data set becomes the larger one of
        :meth:`hptlearn.state.SearchSession.roomier_dataset`, the rows stay, and the
        message area says why and how to go back (a data set chosen again after such a
        move is kept)."""
        if self.running or self.dataset.value == self._moved_from:
            return
        session = self.session
        other = session.roomier_dataset()
        if other is None:
            return
        before, n_before, rungs = self.dataset.value, len(session.X_train), session.rungs()
        self._moved_from = before
        self.dataset.unobserve(self._on_dataset, names="value")
        try:
            self.dataset.value = other  # the model and its rows stay: the task is the same
        finally:
            self.dataset.observe(self._on_dataset, names="value")
        self._load_data()
        self._update_counts()
        self._show_continue()  # other data: the last search cannot go on
        self._show_message(
            f"{self.record.label} on {before} ({n_before} training samples) has room for "
            f"{rungs} halving iteration{'s' if rungs != 1 else ''} only, too few to see weak "
            f"candidates dropped and the resource grow: the data set is now {other} "
            f"({len(session.X_train)} training samples), where it plans {session.rungs()}. "
            f"Choose {before} in the Data menu to go back."
        )

    # ------------------------------------------------------------------ the space
    @property
    def record(self):
        """The chosen strategy's record (:func:`hptlearn.strategies.strategy`)."""
        return find_strategy(self.strategy.value)

    def _strategy(self):
        """Which text of a row is read: its values (``"lists"``) or its distribution
        (``"distributions"``), as the strategy's record says."""
        return self.record.reads

    def _edit(self):
        editor = self.editor
        editor.strategy, editor.n_iter = self.strategy.value, self.n_iter.value
        editor.cv = self.cv.value
        # on Dask, the fits that run at once are the cluster's worker threads
        editor.n_jobs = self.workers.n_threads if self.workers is not None else self.n_jobs.value
        editor.factor = self.factor.value
        return super()._edit()

    @property
    def cost_text(self) -> str:
        """What the search the controls describe will cost, in words (what the app shows
        under the rows): :meth:`hptlearn.state.SpaceEditor.cost_text`."""
        return self._counts_text(self._edit().check())

    def n_candidates(self, space=None) -> int:
        """Candidates the search will evaluate."""
        return self._edit().n_candidates(space)

    def build_search(self):
        """The live search the controls describe, checked against the model (not run)."""
        try:
            return self._edit().build_search(random_state=self.random_state)
        finally:
            self._show_row_errors()

    def _update_counts(self):
        check = self._edit().check()
        self._show_row_errors()
        if check.error is not None:  # shown, not raised: the learner is still typing
            self.counts.value = html_message(check.error, color=ERROR_COLOR, pre=True)
        else:
            self.counts.value = html_message(self._counts_text(check))
        if self._confirmed_fits is not None:
            self._confirmed_fits = None
            self.run_button.description = "Run"

    def _counts_text(self, check):
        if check.error is not None:
            return check.error
        text = self.editor.cost_text(check, duration=format_duration)
        if check.n_fits > self.max_fits.value:
            text += f" More than {self.max_fits.value} fits: Run will ask to confirm."
        return text

    # ------------------------------------------------------------------ running
    @property
    def background(self):
        """The current (or last) :class:`hptlearn.state.SearchRun`, or None."""
        return self.session.run

    def run(self, background: bool = True, confirm: bool = False) -> bool:
        """Start the search the controls describe (what the Run button does).

        Returns True if a search started. A bad space, an unknown name or a run larger
        than ``max_fits`` (unless ``confirm`` or a second press of Run) starts nothing
        and says why in ``app.message``; the results of the previous run stay. The rows
        are read and checked, the search built and planned, once
        (:meth:`hptlearn.state.SearchSession.prepare`); the plan travels with the run.
        """
        if self._still_running():
            self._show_message("A search is running: press Stop, or wait for it to end.")
            return False
        self._edit()
        self._search_options()
        check = self.session.prepare()
        self._show_row_errors()
        if check.error is not None:
            self._show_message(f"Cannot start the search. {check.error}", color=ERROR_COLOR)
            return False
        fits = check.n_fits
        if fits > self.max_fits.value and not confirm and self._confirmed_fits != fits:
            self._confirmed_fits = fits
            self.run_button.description = f"Run anyway ({fits} fits)"
            seconds = self.editor.estimate_seconds(fits, check.full_fit_equivalents)
            self._show_message(
                f"This search needs {fits} fits (≈ {format_duration(seconds)}), more than the "
                f"{self.max_fits.value} set in 'confirm above'. Press Run again to start it "
                "anyway, or make the space smaller.",
                color=WARNING_COLOR,
            )
            return False
        self._confirmed_fits = None
        self.run_button.description = "Run"
        if self.editor.too_few_distinct(check):
            self._show_message(
                f"n_iter = {self.n_iter.value} is larger than the {check.n_distinct} distinct "
                "candidates of this space: the search evaluates each of them once.",
                color=WARNING_COLOR,
            )
        else:
            self._show_message("")
        self.best.value = ""
        self.progress.workers = self.workers
        # the app's listeners first: Run is ready again once the app shows the end
        self.session.start(
            check,
            listeners=[self._on_batch],
            end_listeners=[self._on_end],
            workers=self.workers,
            background=background,
            follow=self._follow,
        )
        return True

    def _search_options(self):
        """The time limit and the checkpoint file, from their fields to the session."""
        self.session.time_budget = self.time_limit.value or None
        self.session.checkpoint = self.checkpoint.value.strip() or None

    def _follow(self, run):
        """The progress view follows ``run``; the app's last word comes after its end."""
        self.continue_button.disabled = True
        self._clear_reading()
        self.progress.follow(run)
        run.end_listeners.append(self._after_end)
        if self.session.continued:
            new = run.plan.n_candidates - run.n_reused
            self._show_message(
                f"Continuing the search: {run.n_reused} candidates reused from the previous "
                f"run (not fitted again), {new} new to fit ({run.plan.n_fits} fits)."
            )

    # ------------------------------------------------------------------ continue
    def continue_run(self, n_more=None, background: bool = True) -> bool:
        """Continue the last search with ``n_more`` (default: the "+" box) new candidates
        (what the Continue button does): only they are fitted, the candidates evaluated
        before are reused; for a grid stopped early, the candidates not yet evaluated.

        Returns True if the search continued; otherwise the message area says why (no
        run yet, a run going on, a strategy that cannot continue, a finished grid). The
        time limit applies to the continued run; the figures, the table and the best
        candidate then describe every candidate, the earlier ones included.
        """
        if self._still_running():
            self._show_message("A search is running: press Stop, or wait for it to end.")
            return False
        reason = self.session.continue_reason()
        if reason is not None:
            self._show_message(reason, color=WARNING_COLOR)
            self._show_continue()
            return False
        self._search_options()
        self.best.value = ""
        self.progress.workers = self.workers
        try:
            self.session.continue_search(
                self.more.value if n_more is None else n_more,
                listeners=[self._on_batch],
                end_listeners=[self._on_end],
                workers=self.workers,
                background=background,
                follow=self._follow,
            )
        except ValueError as exc:
            self._show_message(f"Cannot continue the search. {exc}", color=ERROR_COLOR)
            self._show_continue()
            return False
        n_iter = getattr(self.search, "n_iter", None)
        if self.strategy.value == find_strategy(self.search).name and n_iter is not None:
            self.n_iter.value = n_iter  # the budget of the search shown: what Run would draw
        return True

    def _show_continue(self):
        """The Continue button: its label (what it will add) and whether it can run."""
        search = self.search
        record = find_strategy(search) if search is not None else None
        budget = record.budget_args if record is not None else ("n_iter",)
        finish = "n_iter" not in budget and "n_candidates" not in budget
        what = "grid" if record is not None and record.reads == LISTS else "search"
        self.more.layout.display = "none" if finish else None
        self.continue_button.description = (
            f"Continue (finish the {what})"
            if finish
            else f"Continue (+{self.more.value} candidates)"
        )
        reason = self.session.continue_reason()
        self.continue_button.disabled = reason is not None
        self.continue_button.tooltip = reason or (
            f"Evaluate the rest of the {what}; the candidates evaluated are reused"
            if finish
            else f"Evaluate {self.more.value} more candidates; the ones evaluated are reused"
        )

    # ------------------------------------------------------------------ where fits run
    def _on_where(self):
        if self.where.value == "dask":
            self.use_dask()
        else:
            self.use_this_machine()

    def use_dask(self, address=None, **kwargs):
        """Run the fits on a Dask cluster (what choosing "Dask cluster" does).

        Starts :class:`hptlearn.cluster.DaskWorkers` (``address``, else the scheduler in
        ``HPTLEARN_DASK_SCHEDULER``, else two worker processes on this machine) and shows
        where the fits will run, with the link to Dask's dashboard when there is one. A
        scheduler that does not answer is reported in the message area, and the fits stay
        on this machine.
        """
        from hptlearn.cluster import DaskWorkers

        if self.running:
            self._show_message("Wait for the search to end before changing where it runs.")
            self.where.value = "local" if self.workers is None else "dask"
            return None
        if self.workers is None:
            self.cluster_info.value = "Starting a Dask cluster…"
            try:
                workers = DaskWorkers(address, dashboard=True, **kwargs).start()
            except Exception as exc:
                self.cluster_info.value = ""
                self.where.value = "local"
                self._show_message(f"No Dask cluster: {exc}", color=ERROR_COLOR)
                return None
            self.workers = workers
        self.where.value = "dask"
        self.n_jobs.disabled = True
        text = html.escape(self.workers.describe())
        link = self.workers.dashboard_link
        if link:
            text += (
                f' · <a href="{html.escape(link)}" target="_blank" rel="noopener">'
                "Dask dashboard</a>"
            )
        self.cluster_info.value = text
        self._update_counts()
        return self.workers

    def use_this_machine(self):
        """Run the fits on this machine again; a cluster started by the app is closed."""
        if self.running:
            self._show_message("Wait for the search to end before changing where it runs.")
            self.where.value = "dask"
            return
        workers, self.workers = self.workers, None
        if workers is not None:
            workers.close()
        self.where.value = "local"
        self.n_jobs.disabled = False
        self.cluster_info.value = ""
        self._update_counts()

    def close(self):
        """Close the app's widgets, and its Dask cluster if it started one."""
        if self.workers is not None and not self.running:
            self.workers.close()
            self.workers = None
        super().close()

    def _outcome(self):
        return self.search

    @property
    def results(self):
        """The results table of the last run (see :func:`hptlearn.results_frame`)."""
        return self.session.results

    # -- called in the search's thread ---------------------------------------------------
    def _on_batch(self, info):
        if info.cv_results is None:
            return
        try:
            frame = results_frame(info.cv_results)
            # the table at every report; the figure (costly on one CPU) at most every second
            draw = time.monotonic() - self._last_drawn >= _REDRAW_SECONDS
            self._show_results(frame, draw=draw, so_far=(info.n_done, info.n_total))
        except Exception as exc:  # a drawing problem must not end the search
            self._show_message(f"Could not draw the results so far: {exc}", color=WARNING_COLOR)

    def _on_end(self, run):
        # before the progress view's own end listener, which makes Run ready again
        if run.error is not None:
            self._show_error(run.error, note="(the search failed)", details=run.traceback)
            return
        frame = results_frame(run.search)
        self._show_results(frame)
        self._show_best(frame)
        self._show_edges()
        notes = []
        if self.session.continued:
            notes.append(
                f"Continued: {run.n_reused} candidates reused from the previous run, "
                f"{run.n_new} new fitted; {run.n_evaluated} candidates in all."
            )
        resumed = 0 if self.session.continued else resumed_candidates(run.search)
        if resumed:
            notes.append(
                f"Resumed {resumed} finished candidates from {run.search.checkpoint} "
                "(read back from the checkpoint file, not fitted again)."
            )
        if notes:
            self._show_message(" ".join(notes))

    def _after_end(self, run):
        # after the progress view's end listener: its status line, then Continue
        search = run.search
        if run.error is None and run.stop_reason == "time_budget":
            self.progress.say(
                f"Time limit of {search.time_budget:g} s reached: stopped after "
                f"{run.n_evaluated} of {search.n_candidates_planned_} candidates (no "
                "candidate starts after the limit; the best of those evaluated is refitted).",
            )
        elif run.error is None and self.session.continued:
            ended = "Stopped after" if run.stopped else "Done:"
            text = (
                f"{ended} {run.n_evaluated} of {search.n_candidates_planned_} candidates: "
                f"{run.n_new} new ({run.n_new * run.n_splits} fits), {run.n_reused} reused"
            )
            if hasattr(search, "best_params_"):
                text += (
                    f"; best score {search.best_score_:.3f} with "
                    f"{format_params(search.best_params_)}"
                )
            self.progress.say(text + ".")
        self._show_continue()
        self._show_reading()

    # ------------------------------------------------------------------ reading the results
    def _readable(self) -> bool:
        """True when the last run has results to read (it ended, or was stopped)."""
        run, search = self.session.run, self.search
        at_work = run is not None and run.running and run.ended_at is None
        return search is not None and hasattr(search, "cv_results_") and not at_work

    def _show_reading(self):
        """The buttons that read the results: enabled once a run has results."""
        disabled = not self._readable()
        self.brush_button.disabled = self.importance_button.disabled = disabled

    def _clear_reading(self):
        """A new run: the plot and the importance of the last one go, the buttons wait."""
        self.brush_widget, self.importance_table = None, None
        self.brush_box.children = ()
        self.brush_box.layout.display = self.importance_box.layout.display = "none"
        self.brush_button.disabled = self.importance_button.disabled = True

    def brush(self):
        """What "Brush the results" does: every candidate of the last run as a line across
        one axis per hyperparameter and one for the score
        (:class:`hptlearn.widgets.ParallelCoordinates`), shown under the results. Drag on
        an axis to keep a range; the widget's ``selected_indices`` and ``selected`` hold the
        candidates kept. Returns the widget, or None (the message area says why)."""
        if not self._readable():
            self._show_message(
                "Run a search first (or wait for it to end): the plot draws its candidates.",
                color=WARNING_COLOR,
            )
            return None
        try:
            widget = ParallelCoordinates(self.search)
        except (ValueError, TypeError) as exc:
            self._show_message(f"Cannot draw the results to brush: {exc}", color=ERROR_COLOR)
            return None
        self.brush_widget = widget
        self.brush_box.children = (
            widgets.HTML(
                "<b>Brush the results</b>: drag on an axis (or Tab to it and use the arrow "
                "keys) to keep a range; the selection is described under the plot."
            ),
            widget,
        )
        self.brush_box.layout.display = None
        return widget

    def importance(self):
        """What the "Importance" button does: how much each hyperparameter of the last run
        explains of its scores, with a bootstrap interval
        (:meth:`hptlearn.state.SearchSession.importance`), drawn under the results with
        its description. A warning (candidates from an adaptive strategy) goes to the
        message area; so does what prevents it (one hyperparameter, too few candidates),
        in a sentence. Returns the frame, or None."""
        if self._still_running():
            self._show_message(
                "A search is running: wait for it to end (or press Stop).", color=WARNING_COLOR
            )
            return None
        try:
            table = self.session.importance()
        except ValueError as exc:
            self.importance_table = None
            self.importance_box.layout.display = "none"
            self._show_message(f"No importance to show. {exc}", color=ERROR_COLOR)
            return None
        self.importance_table = table
        data = importance_data(table)
        height = min(_HEIGHT, 150 + 45 * len(data.names))
        fig = new_figure(_WIDTH, height, dpi=90)
        plot_importance(data, ax=fig.add_subplot())
        self.importance_figure.layout.height = f"{height}px"
        text = describe_importance(data)
        show_figure(self.importance_figure, self.importance_description, figure_png(fig), text)
        # one line per hyperparameter, as the description writes them
        self.importance_description.value = html_message(text, color=MUTED_COLOR, pre=True)
        self.importance_box.layout.display = None
        warned = self.session.importance_warnings
        if warned:
            self._show_message(" ".join(warned), color=WARNING_COLOR)
        elif self.message.value.startswith(f"<div style='color:{ERROR_COLOR}'>No importance"):
            self._show_message("")
        return table

    # ------------------------------------------------------------------ edges
    def _show_edges(self):
        advice = self.session.edges
        self._edge_texts = dict(advice.texts)
        if not advice:
            self.edges.value = ""
            self.extend_button.layout.display = "none"
            return
        sentences = "<br>".join(html.escape(m) for m in advice.messages)
        self.edges.value = (
            f'<span style="color:{WARNING_COLOR}"><b>On the edge of the range.</b></span> '
            f"{sentences} The best value may lie outside what was searched."
        )
        self.extend_button.layout.display = None if advice.texts else "none"

    def extend_ranges(self) -> dict:
        """What the "Extend the range" button does: rewrite the rows of the
        hyperparameters whose best value was on an edge (the values of a grid, or the range
        of a distribution) as :func:`hptlearn.state.edge_advice` suggests. Returns the new
        texts by name; run again to search the wider range."""
        changed, lists = {}, self.record.reads == LISTS
        for row in self._rows:
            text = self._edge_texts.get(row.name.value.strip())
            if text is None:
                continue
            is_list = text.count("..") == 0
            if is_list and lists:
                row.values.value = text
            elif not is_list and not lists:
                row.range.value = text
            else:
                continue
            changed[row.name.value.strip()] = text
        if changed:
            self._show_message(
                "Extended: "
                + "; ".join(f"{k} = {v}" for k, v in changed.items())
                + ". Press Run to search the wider range."
            )
            self.extend_button.layout.display = "none"
        return changed

    # ------------------------------------------------------------------ display
    def _show_results(self, frame, draw=True, so_far=None):
        """Show the table of ``frame`` and (if ``draw``) its figure and the figure's
        description; ``so_far`` is ``(done, planned)`` candidates while the search runs."""
        with self._lock:
            self.table.value = _results_html(frame)
            if not draw:
                return
            self._last_drawn = time.monotonic()
            params = [p for p in param_columns(frame) if frame[p].nunique(dropna=True) > 1]
            # at the end, a halving search's figure follows every candidate across iterations
            at_end = so_far is None and hasattr(self.search, "cv_results_")
            halving = self.record.halving and at_end
            kind = results_figure_kind(frame, params, self.record, halving=halving)
            iterations = halving_iterations_data(self.search) if kind == "iterations" else None
            fig = new_figure(_WIDTH, _HEIGHT, dpi=90)
            self._draw(kind, frame, params, fig.add_subplot(), iterations)
            stopped = so_far is None and getattr(self.search, "stopped_", False)
            if stopped:
                so_far = (len(frame), self.search.n_candidates_planned_)
            text = describe_results_figure(
                kind,
                frame,
                params,
                metric=score_name(self.search.estimator, frame),
                so_far=so_far,
                stopped=stopped,
                iterations=iterations,
            )
            show_figure(self.figure, self.figure_description, figure_png(fig), text)

    def _draw(self, kind, frame, params, ax, iterations=None):
        if kind == "failed":
            ax.text(0.5, 0.5, "every candidate so far failed", ha="center", va="center")
            ax.set_axis_off()
        elif kind == "value":
            plot_scores_vs_value(frame, params[0], ax=ax)
        elif kind == "iterations":
            # at the end: every candidate across the iterations it survived
            plot_halving_iterations(iterations, ax=ax)
        elif kind == "heatmap":
            plot_heatmap(frame, x=params[1], y=params[0], ax=ax)
        elif kind == "parallel":
            plot_parallel_coordinates(frame, params, ax=ax)
        else:
            ax.text(0.5, 0.5, "only one candidate", ha="center", va="center")
            ax.set_axis_off()

    def _show_best(self, frame):
        search = self.search
        parts = []
        n_failed = int((frame["status"] == "failed").sum())
        if n_failed:
            first = frame.loc[frame["status"] == "failed", "error"].dropna()
            detail = f" First error: {first.iloc[0]}" if len(first) else ""
            self._show_message(
                f"{n_failed} of {len(frame)} candidates failed to fit; they are "
                f"marked 'failed' in the table.{detail}",
                color=WARNING_COLOR,
            )
        if hasattr(search, "best_params_"):
            params = format_params(search.best_params_)
            parts.append(
                f"<b>Best hyperparameters</b>: {html.escape(params)} "
                f"(mean CV score {search.best_score_:.4f})"
            )
            test = self.session.test_score
            if test is not None:
                parts.append(
                    f"<b>Held-out test {html.escape(test.metric)}</b> of the best model, "
                    f"refitted on the whole training set: {test.value:.4f}"
                )
        if getattr(search, "stopped_", False):
            how = (
                f"The time limit ({search.time_budget:g} s) ended the search"
                if search.stopped_ == "time_budget"
                else "The search was stopped"
            )
            parts.append(
                f"{how} after {len(frame)} of {search.n_candidates_planned_} candidates: "
                "these are the best of those evaluated."
            )
        self.best.value = "<br>".join(parts)

    # ------------------------------------------------------------------ export
    def to_csv(self, path) -> Path:
        """Write the results of the last run, with what produced them, to a CSV file."""
        context = {
            "dataset": self.dataset.value,
            "model": self.model.value,
            "strategy": self.strategy.value,
        }
        return self.session.to_csv(path, context=context)

    def export(self):
        """What the Export CSV button does: write ``csv_path`` and say where."""
        try:
            path = self.to_csv(self.csv_path.value.strip() or "search_results.csv")
        except (ValueError, OSError) as exc:
            self._show_message(f"Export failed: {exc}", color=ERROR_COLOR)
            return None
        self._show_message(f"Saved {len(self.results)} rows to {path.resolve()}")
        return path

    def __repr__(self):
        return (
            f"SearchApp(dataset={self.dataset.value!r}, model={self.model.value!r}, "
            f"strategy={self.strategy.value!r})"
        )


#: The shortest time between two drawings of the figure while a search runs (seconds).
_REDRAW_SECONDS = 1.0


def _whole_number(value, low, high, description, **kwargs):
    """A box for a whole number from ``low`` to ``high``, of the width of the app's boxes."""
    return widgets.BoundedIntText(
        value=value,
        min=low,
        max=high,
        description=description,
        layout=widgets.Layout(width="160px"),
        **kwargs,
    )


def _results_html(frame, top=10):
    rank = score_column(frame, prefix="rank_test_")
    score = score_column(frame)
    std = score.replace("mean_", "std_", 1)
    params = param_columns(frame)
    shown = frame.sort_values([rank, "order"], kind="stable").head(top)
    columns = [rank, *params, score, std, "status"]
    table = shown[columns].rename(columns={rank: "rank", score: "mean CV score", std: "std"})
    if len(frame) > top:
        return html_table(table, f"Best {len(shown)} of {len(frame)} candidates")
    return html_table(table, f"All {len(frame)} candidates")
