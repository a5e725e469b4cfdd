"""The search app: grid search and random search, driven from widgets.

Choose a data set and a model, type the values to try (grid) or the distributions to
sample (random) for each hyperparameter, and run. The number of candidates and fits,
and an estimate of the run time, update as you type; Run starts a live search in the
background with a progress bar and a Stop button; the results table and the figure of
the search update after every batch; at the end the best hyperparameters and the
held-out test score of the refitted best model are shown.

Everything the app does is also available in plain Python: ``app.build_search()``,
``app.run()``, ``app.stop()``, ``app.wait()``, ``app.search``, ``app.results``,
``app.test_score``, ``app.to_csv(path)``.
"""

from __future__ import annotations

import html
import io
import threading
import time
import warnings
from pathlib import Path

import ipywidgets as widgets
from matplotlib.figure import Figure
from sklearn.base import is_classifier
from sklearn.model_selection import train_test_split

from hptlearn.data import DATASETS, load_dataset
from hptlearn.distributions import make_distribution
from hptlearn.models import MODELS
from hptlearn.plots import plot_heatmap, plot_parallel_coordinates, plot_scores_vs_value
from hptlearn.results import format_params, param_columns, results_frame, score_column
from hptlearn.search import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.spaces import count_candidates, validate_space
from hptlearn.syntax import parse_values
from hptlearn.widgets._base import ERROR_COLOR as _ERROR
from hptlearn.widgets._base import WARNING_COLOR as _WARN
from hptlearn.widgets._base import AppBase, DataModelMenus, ParamRow, html_message
from hptlearn.widgets.progress import SearchProgress

__all__ = ["SearchApp"]


def _png(draw, width=6.4, height=4.4):
    """Render ``draw(ax)`` on a figure made without pyplot (safe from any thread)."""
    fig = Figure(figsize=(width, height), dpi=90)
    ax = fig.add_subplot()
    draw(ax)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


class SearchApp(DataModelMenus, AppBase):
    """Grid search and random search on a chosen data set and model.

    Parameters
    ----------
    dataset : str, default="breast_cancer"
        A name from :data:`hptlearn.data.DATASETS`.
    model : str, default="svc"
        A key of :data:`hptlearn.models.MODELS` suited to the data set's task.
    strategy : {"grid", "random"}, default="grid"
    cv : int, default=5
        Cross-validation folds (stratified for classifiers).
    n_iter : int, default=20
        Candidates a random search samples.
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
        n_jobs=2,
        max_fits=2000,
        test_size=0.25,
        random_state=0,
    ):
        self.random_state = random_state
        self.test_size = test_size
        self.search = None
        self.test_score = None
        self._probe_seconds = {}
        self._confirmed_fits = None
        self._lock = threading.Lock()
        self._rows: list[ParamRow] = []

        if dataset not in DATASETS:
            raise ValueError(f"Unknown data set {dataset!r}; choose one of {sorted(DATASETS)}.")
        self.dataset = widgets.Dropdown(options=sorted(DATASETS), value=dataset, description="Data")
        self.model = widgets.Dropdown(description="Model", layout=widgets.Layout(width="380px"))
        self.strategy = widgets.ToggleButtons(
            options=[("Grid search", "grid"), ("Random search", "random")], value=strategy
        )
        self.n_iter = widgets.BoundedIntText(
            value=n_iter,
            min=1,
            max=100_000,
            description="n_iter",
            layout=widgets.Layout(width="160px"),
        )
        self.cv = widgets.BoundedIntText(
            value=cv, min=2, max=50, description="CV folds", layout=widgets.Layout(width="160px")
        )
        self.n_jobs = widgets.BoundedIntText(
            value=n_jobs, min=1, max=64, description="workers", layout=widgets.Layout(width="160px")
        )
        self.max_fits = widgets.BoundedIntText(
            value=max_fits,
            min=1,
            max=10**9,
            description="confirm above",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="220px"),
        )
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="Add hyperparameter", icon="plus")
        self.add_button.on_click(lambda _: self.add_row())
        self.counts = widgets.HTML()
        self.counts.add_class("hptlearn-counts")
        self.run_button = widgets.Button(
            description="Run", icon="play", button_style="primary", tooltip="Start the search"
        )
        self.run_button.on_click(lambda _: self._safely(self.run))
        self.message = widgets.HTML()
        self.message.add_class("hptlearn-message")
        self.table = widgets.HTML(layout=widgets.Layout(min_height="120px"))
        self.table.add_class("hptlearn-results")
        self.figure = widgets.Image(
            format="png", layout=widgets.Layout(width="576px", height="396px")
        )
        self.figure.add_class("hptlearn-figure")
        self.best = widgets.HTML()
        self.best.add_class("hptlearn-best")
        self.csv_path = widgets.Text(
            value="search_results.csv", description="CSV file", layout=widgets.Layout(width="320px")
        )
        self.export_button = widgets.Button(description="Export CSV", icon="download")
        self.export_button.on_click(lambda _: self._safely(self.export))

        self._load_data()
        self._set_model_options(model)
        self.progress = None  # the SearchProgress of the current search, made at first run
        self.progress_box = widgets.VBox()

        self.dataset.observe(self._on_dataset, names="value")
        self.model.observe(self._on_model, names="value")
        for control in (self.strategy, self.n_iter, self.cv, self.n_jobs, self.max_fits):
            control.observe(lambda _: self._update_counts(), names="value")
        self.strategy.observe(lambda _: self._show_rows(), names="value")

        super().__init__(
            [
                widgets.HBox([self.dataset, self.model]),
                widgets.HBox([self.strategy, self.n_iter]),
                widgets.HTML(
                    "<b>Hyperparameters</b> (name, then values for a grid search, "
                    "or a distribution and its range for a random search)"
                ),
                self.rows_box,
                self.add_button,
                widgets.HBox([self.cv, self.n_jobs, self.max_fits]),
                self.counts,
                widgets.HBox([self.run_button]),
                self.progress_box,
                self.message,
                widgets.HBox([self.table, self.figure]),
                self.best,
                widgets.HBox([self.csv_path, self.export_button]),
            ]
        )
        self.add_class("hptlearn-search-app")
        self._reset_rows()

    # ------------------------------------------------------------------ data and model
    def _load_data(self):
        data = load_dataset(self.dataset.value, random_state=self.random_state)
        self.task = data.task
        stratify = data.y if data.task == "classification" else None
        self.X_train, self.X_test, self.y_train, self.y_test = train_test_split(
            data.X,
            data.y,
            test_size=self.test_size,
            stratify=stratify,
            random_state=self.random_state,
        )

    # ------------------------------------------------------------------ rows
    def add_row(self, name="", grid_text="", kind="log-uniform", random_text=""):
        """Add a hyperparameter row (what the "Add hyperparameter" button does)."""
        row = self._make_row(name, grid_text, kind, random_text)
        row.show(self.strategy.value)
        return self._append_row(row)

    def _make_row(self, name, grid_text, kind, random_text):
        row = ParamRow(name, grid_text, kind, random_text, on_remove=self.remove_row)
        for control in (row.name, row.values, row.kind, row.range):
            control.observe(lambda _: self._update_counts(), names="value")
        return row

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
            row.show(self.strategy.value)
        self.n_iter.layout.display = None if self.strategy.value == "random" else "none"
        self._update_counts()

    # ------------------------------------------------------------------ the space
    @property
    def space(self) -> dict:
        """The search space the controls describe (raises a readable error if they can't)."""
        space = {}
        for row in self._rows:
            name = row.name.value.strip()
            if not name:
                if row.values.value.strip() or row.range.value.strip():
                    raise ValueError(
                        "A hyperparameter row has values but no name: type its "
                        "name, e.g. svc__C, or remove the row."
                    )
                continue
            if name in space:
                raise ValueError(f"{name!r} appears in two rows: remove one of them.")
            try:
                if self.strategy.value == "grid":
                    space[name] = parse_values(row.values.value)
                else:
                    space[name] = make_distribution(row.kind.value, row.range.value)
            except ValueError as exc:
                raise ValueError(f"Values of {name}: {exc}") from exc
        if not space:
            raise ValueError("No hyperparameter to search: add one with 'Add hyperparameter'.")
        return space

    def _all_lists(self, space):
        return all(isinstance(v, list) for v in space.values())

    def n_candidates(self, space=None) -> int:
        """Candidates the search will evaluate."""
        space = self.space if space is None else space
        if self.strategy.value == "grid":
            return count_candidates(space)
        return count_candidates(space, n_iter=self.n_iter.value)

    def build_search(self):
        """The live search the controls describe, checked against the model (not run)."""
        space = self.space
        estimator = self.make_estimator()
        validate_space(estimator, space)
        common = dict(cv=self.cv.value, n_jobs=self.n_jobs.value)
        if self.strategy.value == "grid":
            return LiveGridSearchCV(estimator, space, **common)
        return LiveRandomizedSearchCV(
            estimator, space, n_iter=self.n_iter.value, random_state=self.random_state, **common
        )

    # ------------------------------------------------------------------ counts, estimate
    def probe_seconds(self) -> float:
        """Seconds to fit the model (default values) on one CV training fold and score it
        on the rest: one "fit" of the search. Measured once per data set, model and cv."""
        key = (self.dataset.value, self.model.value, self.cv.value)
        if key not in self._probe_seconds:
            n = int(len(self.X_train) * (self.cv.value - 1) / self.cv.value)
            estimator = self.make_estimator()
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                estimator.fit(self.X_train[:n], self.y_train[:n])
                estimator.score(self.X_train[n:], self.y_train[n:])
            self._probe_seconds[key] = time.perf_counter() - start
        return self._probe_seconds[key]

    #: Seconds added to every fit for dispatching it to a worker and collecting its scores,
    #: and once for starting the workers (measured on a 2-core machine).
    DISPATCH_SECONDS = 0.03
    START_SECONDS = 1.0

    def estimate_seconds(self, n_fits: int) -> float:
        """A rough run time, before running: every fit is assumed to take as long as the
        probe fit (:meth:`probe_seconds`) plus dispatch; the workers share the fits; the
        best candidate is refitted at the end. Real fits vary with the hyperparameters
        (an SVC with a large C can be ten times slower): the progress bar then shows the
        time left as measured."""
        workers = max(1, min(self.n_jobs.value, n_fits))
        per_fit = self.probe_seconds() + self.DISPATCH_SECONDS
        return self.START_SECONDS + n_fits / workers * per_fit + self.probe_seconds()

    def _update_counts(self):
        try:
            space = self.space
            validate_space(self.make_estimator(), space)
            n = self.n_candidates(space)
            fits = n * self.cv.value
            text = (
                f"{n} candidates × {self.cv.value} folds = {fits} fits (+1 refit of the "
                f"best); estimated run time ≈ {_duration(self.estimate_seconds(fits))} "
                f"with {self.n_jobs.value} worker(s)."
            )
            if self.strategy.value == "random" and self._all_lists(space) and n < self.n_iter.value:
                text += (
                    f" Only {n} distinct candidates exist, fewer than n_iter = "
                    f"{self.n_iter.value}: each is evaluated once."
                )
            if fits > self.max_fits.value:
                text += f" More than {self.max_fits.value} fits: Run will ask to confirm."
            self.counts.value = html_message(text)
        except Exception as exc:  # shown, not raised: the learner is still typing
            self.counts.value = html_message(str(exc), color=_ERROR, pre=True)
        if self._confirmed_fits is not None:
            self._confirmed_fits = None
            self.run_button.description = "Run"

    # ------------------------------------------------------------------ running
    @property
    def running(self) -> bool:
        return self.progress is not None and self.progress.running

    def run(self, background: bool = True, confirm: bool = False) -> bool:
        """Start the search the controls describe (what the Run button does).

        Returns True if a search started. A bad space, an unknown name or a run larger
        than ``max_fits`` (unless ``confirm`` or a second press of Run) starts nothing
        and says why in ``app.message``; the results of the previous run stay.
        """
        if self.running:
            return False
        try:
            search = self.build_search()
            n = self.n_candidates(
                search.param_grid if self.strategy.value == "grid" else search.param_distributions
            )
        except Exception as exc:
            self._show_message(f"Cannot start the search. {exc}", color=_ERROR)
            return False
        fits = n * self.cv.value
        if fits > self.max_fits.value and not confirm and self._confirmed_fits != fits:
            self._confirmed_fits = fits
            self.run_button.description = f"Run anyway ({fits} fits)"
            self._show_message(
                f"This search needs {fits} fits (≈ {_duration(self.estimate_seconds(fits))}), "
                f"more than the {self.max_fits.value} set in 'confirm above'. Press Run again "
                "to start it anyway, or make the space smaller.",
                color=_WARN,
            )
            return False
        self._confirmed_fits = None
        self.run_button.description = "Run"
        notes = []
        if (
            self.strategy.value == "random"
            and self._all_lists(search.param_distributions)
            and n < self.n_iter.value
        ):
            notes.append(
                f"n_iter = {self.n_iter.value} is larger than the {n} distinct "
                f"candidates of this space: the search evaluates each of them once."
            )
        self._show_message(" ".join(notes), color=_WARN) if notes else self._show_message("")
        self.search = search
        self.test_score = None
        self.best.value = ""
        search.on_progress = self._on_batch
        if self.progress is None:
            self.progress = SearchProgress(search, self.X_train, self.y_train, on_end=self._on_end)
            self.progress.run_button.layout.display = "none"  # this app's Run button rules
            self.progress_box.children = (self.progress,)
        else:
            self.progress.attach(search, self.X_train, self.y_train)
        self.run_button.disabled = True
        self.progress.run(background=background)
        return True

    def stop(self):
        """Ask the running search to end after its current batch (the Stop button)."""
        if self.progress is not None:
            self.progress.stop()

    def wait(self, timeout=None):
        """Block until the search has ended; return the search."""
        if self.progress is not None:
            self.progress.wait(timeout)
        return self.search

    @property
    def results(self):
        """The results table of the last run (see :func:`hptlearn.results_frame`)."""
        if self.search is None or not hasattr(self.search, "cv_results_"):
            return None
        return results_frame(self.search)

    # -- called in the search's thread ---------------------------------------------------
    def _on_batch(self, info):
        if info.cv_results is None:
            return
        try:
            frame = results_frame(info.cv_results)
            self._show_results(frame)
        except Exception as exc:  # a drawing problem must not end the search
            self._show_message(f"Could not draw the results so far: {exc}", color=_WARN)

    def _on_end(self, progress):
        try:
            self.run_button.disabled = False
            if progress.error is not None:
                self._show_message(
                    f"The search failed: {type(progress.error).__name__}: {progress.error}",
                    color=_ERROR,
                    pre=True,
                )
                return
            frame = results_frame(self.search)
            self._show_results(frame)
            self._show_best(frame)
        except Exception as exc:
            self._show_message(f"{type(exc).__name__}: {exc}", color=_ERROR, pre=True)

    # ------------------------------------------------------------------ display
    def _show_results(self, frame):
        with self._lock:
            self.table.value = _results_html(frame)
            params = [p for p in param_columns(frame) if frame[p].nunique(dropna=True) > 1]
            self.figure.value = _png(lambda ax: self._draw(frame, params, ax))

    def _draw(self, frame, params, ax):
        ok = frame[frame["status"] == "ok"]
        if len(ok) == 0:
            ax.text(0.5, 0.5, "every candidate so far failed", ha="center", va="center")
            ax.set_axis_off()
        elif len(params) == 1:
            plot_scores_vs_value(frame, params[0], ax=ax)
        elif len(params) == 2 and self.strategy.value == "grid":
            plot_heatmap(frame, x=params[1], y=params[0], ax=ax)
        elif params:
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
                color=_WARN,
            )
        if hasattr(search, "best_params_"):
            params = format_params(search.best_params_)
            parts.append(
                f"<b>Best hyperparameters</b>: {html.escape(params)} "
                f"(mean CV score {search.best_score_:.4f})"
            )
            if hasattr(search, "best_estimator_"):
                self.test_score = float(search.score(self.X_test, self.y_test))
                metric = "accuracy" if is_classifier(search.estimator) else "R²"
                parts.append(
                    f"<b>Held-out test {metric}</b> of the best model, refitted on "
                    f"the whole training set: {self.test_score:.4f}"
                )
        if getattr(search, "stopped_", False):
            parts.append(
                f"The search was stopped after {len(frame)} of "
                f"{search.n_candidates_planned_} candidates: these are the best of "
                "those evaluated."
            )
        self.best.value = "<br>".join(parts)

    # ------------------------------------------------------------------ export
    def to_csv(self, path) -> Path:
        """Write the results of the last run, with what produced them, to a CSV file."""
        frame = self.results
        if frame is None:
            raise ValueError("There are no results to export yet: run a search first.")
        frame = frame.copy()
        frame.insert(0, "dataset", self.dataset.value)
        frame.insert(1, "model", self.model.value)
        frame.insert(2, "strategy", self.strategy.value)
        frame["test_score_of_best"] = self.test_score
        path = Path(path)
        frame.to_csv(path, index=False)
        return path

    def export(self):
        """What the Export CSV button does: write ``csv_path`` and say where."""
        try:
            path = self.to_csv(self.csv_path.value.strip() or "search_results.csv")
        except (ValueError, OSError) as exc:
            self._show_message(f"Export failed: {exc}", color=_ERROR)
            return None
        self._show_message(f"Saved {len(self.results)} rows to {path.resolve()}")
        return path

    def __repr__(self):
        return (
            f"SearchApp(dataset={self.dataset.value!r}, model={self.model.value!r}, "
            f"strategy={self.strategy.value!r})"
        )


def _duration(seconds):
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _results_html(frame, top=10):
    rank = score_column(frame, prefix="rank_test_")
    score = score_column(frame)
    std = score.replace("mean_", "std_", 1)
    params = param_columns(frame)
    shown = frame.sort_values([rank, "order"], kind="stable").head(top)
    columns = [rank, *params, score, std, "status"]
    table = shown[columns].rename(columns={rank: "rank", score: "mean CV score", std: "std"})
    body = table.to_html(
        index=False,
        float_format=lambda v: f"{v:.4g}",
        na_rep="—",
        classes="hptlearn-table",
        border=0,
    )
    caption = (
        f"<b>Best {len(shown)} of {len(frame)} candidates</b>"
        if len(frame) > top
        else f"<b>All {len(frame)} candidates</b>"
    )
    return f"{caption}{body}"
