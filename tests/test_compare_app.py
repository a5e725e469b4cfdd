"""The comparison app, driven the way a person drives it: set values, click buttons."""

import html
import re
import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import train_test_split

from hptlearn.catalog import MODELS, load_dataset
from hptlearn.compare import compare_strategies, grid_for_budget
from hptlearn.style import format_table_number
from hptlearn.widgets.compare_app import ComparisonApp
from tests.estimators import PickyClassifier

PNG = b"\x89PNG"


def shown(widget) -> str:
    """The text a person reads in an HTML widget (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def small_app(**kwargs):
    """kNN on iris: every fit takes milliseconds."""
    kwargs = {"dataset": "iris", "model": "knn", "budget": 6, "repeats": 2, "cv": 3, **kwargs}
    return ComparisonApp(n_jobs=kwargs.pop("n_jobs", 1), **kwargs)


def count_starts(app):
    """Count the comparisons the app builds to run (Run builds one per start)."""
    calls = []
    build = app.build_comparison

    def counting(*args, **kwargs):
        calls.append(1)
        return build(*args, **kwargs)

    app.build_comparison = counting
    return calls


def hook_progress(app, action):
    """Call ``action(progress)`` after the app has handled each progress report."""
    handle = app._on_progress

    def hooked(progress):
        handle(progress)
        action(progress)

    app._on_progress = hooked


def test_defaults_show_the_plan_of_the_default_comparison():
    app = ComparisonApp()
    assert repr(app) == "ComparisonApp(dataset='wine', model='svc', budget=16, repeats=5)"
    assert "hptlearn-compare-app" in app._dom_classes
    assert "hptlearn-status" in app.status._dom_classes
    assert "hptlearn-message" in app.message._dom_classes
    assert "hptlearn-figure" in app.figure._dom_classes
    assert "hptlearn-summary" in app.summary._dom_classes
    assert app.figure.layout.width == "800px" and app.figure.layout.height == "600px"
    assert list(app.rows) == list(MODELS["svc"].random)
    row = app.rows["svc__C"]
    assert (row.kind.value, row.range.value) == MODELS["svc"].random["svc__C"]
    assert (app.cv.value, app.n_jobs.value) == (3, 2)
    description = grid_for_budget(app.space, 16)[1]
    assert description == "grid of 4 x 4 = 16 candidates (budget 16)"
    assert description in shown(app.plan)
    assert app.strategies == ("grid", "random")
    assert [box.value for box in app.strategy_boxes.values()] == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        False,
    ]
    assert app.strategy_boxes["bayes"].description == "Bayesian (TPE)"
    assert "Budget per run: 16 candidates × 3 folds = 48 full-data fits." in shown(app.plan)
    assert "Random: 16 random draws per run, 5 runs." in shown(app.plan)
    assert "In all: 96 candidates, 288 full-data fits" in shown(app.plan)
    assert app.comparison is None and app.results is None and not app.running
    assert app.figure.value[:4] == PNG  # a placeholder that says what will appear
    assert app.stop_button.disabled


def test_plan_follows_budget_rows_and_shows_readable_errors():
    app = small_app()
    assert "grid of 3 x 2 = 6 candidates (budget 6)" in shown(app.plan)
    assert "In all: 18 candidates, 54 full-data fits" in shown(app.plan)
    app.budget.value = 10
    assert grid_for_budget(app.space, 10)[1] in shown(app.plan)
    assert "grid of 5 x 2 = 10 candidates (budget 10)" in shown(app.plan)
    assert "In all: 30 candidates, 90 full-data fits" in shown(app.plan)
    app.repeats.value = 3
    assert "10 random draws per run, 3 runs" in shown(app.plan)
    assert "40 candidates" in shown(app.plan)
    app.cv.value = 4
    assert "In all: 40 candidates, 160 full-data fits" in shown(app.plan)
    assert "Budget per run: 10 candidates × 4 folds = 40 full-data fits." in shown(app.plan)

    # a third category: the grid keeps every category, fewer values of the rest
    app.rows["knn__weights"].range.value = "uniform, distance, uniform"
    assert "grid of 5 x 2" in shown(app.plan)  # a value typed twice is kept once
    app.rows["knn__n_neighbors"].range.value = "1..4"
    assert "grid of 4 x 2 = 8 candidates (budget 10)" in shown(app.plan)
    # a third hyperparameter
    app.add_row("knn__p", "integer", "1..2")
    assert "grid of 2 x 2 x 2 = 8 candidates (budget 10)" in shown(app.plan)
    app.remove_row(app.rows["knn__p"])
    assert "grid of 4 x 2 = 8 candidates" in shown(app.plan)
    # only categories: fewer candidates than the budget, the same in every random run
    app.rows["knn__n_neighbors"].kind.value = "categorical"
    app.rows["knn__n_neighbors"].range.value = "1, 5"
    assert "grid of 2 x 2 = 4 candidates (budget 10)" in shown(app.plan)
    assert "4 random draws per run (only 4 distinct candidates exist)" in shown(app.plan)
    app.rows["knn__n_neighbors"].kind.value = "integer"
    app.rows["knn__n_neighbors"].range.value = "1..4"

    # errors, as the learner types
    app.rows["knn__n_neighbors"].name.value = "knn__n_neighbour"
    assert "has no hyperparameter 'knn__n_neighbour'" in shown(app.plan)
    assert "Did you mean 'knn__n_neighbors'" in shown(app.plan)
    app.rows["knn__n_neighbour"].name.value = "knn__n_neighbors"
    app.rows["knn__n_neighbors"].range.value = "1..x"
    assert "Range of knn__n_neighbors" in shown(app.plan) and "'x' is not a number" in shown(
        app.plan
    )
    app.rows["knn__n_neighbors"].range.value = "1..30"
    # a budget smaller than the categories: the grid keeps some, and says which
    app.budget.value = 1
    assert "grid of 1 x 1 = 1 candidates (budget 1); knn__weights: 1 of 2 values kept" in shown(
        app.plan
    )
    for box in app.strategy_boxes.values():
        box.value = False
    assert "Choose at least one strategy among 'grid', 'random'" in shown(app.plan)
    app.strategy_boxes["grid"].value = app.strategy_boxes["random"].value = True
    app.budget.value = 6
    assert "grid of 3 x 2 = 6 candidates" in shown(app.plan)


def test_a_run_gives_the_frame_of_compare_strategies_and_draws_it():
    app = small_app()
    statuses = []
    hook_progress(app, lambda p: statuses.append(shown(app.status)))
    app.run_button.click()
    assert app.run_button.disabled and not app.stop_button.disabled
    comparison = app.wait(60)
    assert comparison is app.comparison and not comparison.stopped and app.error is None
    frame = app.results
    assert frame is comparison.frame
    assert len(frame) == 6 + 2 * 6  # the grid, then each repeat draws the budget
    assert frame.groupby(["strategy", "repeat"]).size().to_dict() == {
        ("grid", 0): 6,
        ("random", 0): 6,
        ("random", 1): 6,
    }
    direct = compare_strategies(
        MODELS["knn"].make(),
        app.space,
        app.X,
        app.y,
        budget=6,
        repeats=2,
        cv=3,
        random_state=0,
        n_jobs=1,
    )
    pd.testing.assert_frame_equal(
        frame.drop(columns="elapsed"), direct.frame.drop(columns="elapsed")
    )
    assert comparison.grid_description == direct.grid_description

    # the live display, then the end
    assert any(s.startswith("Running: run 2 of 3 (random, repeat 1), ") for s in statuses)
    assert any(s.startswith("Running: run 3 of 3 (random, repeat 2), ") for s in statuses)
    assert any(re.search(r"\d+ of 18 candidates$", s) for s in statuses)
    assert shown(app.status) == "Done: 3 runs, 18 candidates"
    assert (app.bar.value, app.bar.max, app.bar.bar_style) == (18, 18, "success")
    assert app.figure.value[:4] == PNG
    summary = shown(app.summary)
    assert "Summary of 3 runs" in summary and "grid" in summary and "random" in summary
    assert "best score (median)" in summary and "distinct knn__n_neighbors" in summary
    assert shown(app.message) == ""
    assert not app.run_button.disabled and app.stop_button.disabled and not app.running

    # another run, with another budget: new results, a new figure
    first_png = app.figure.value
    app.budget.value = 4
    app.run_button.click()
    app.wait(60)
    assert len(app.results) == 4 + 2 * 4
    assert app.figure.value[:4] == PNG and app.figure.value != first_png
    assert shown(app.status) == "Done: 3 runs, 12 candidates"


def test_figures_update_as_runs_finish():
    app = small_app(repeats=3)
    seen = []  # (runs finished, rows of app.comparison, figure bytes) after each report

    def record(progress):
        if progress.runs_done and progress.runs_done < progress.runs_total:
            seen.append((progress.runs_done, len(app.results), app.figure.value))

    hook_progress(app, record)
    app.run(background=False)
    by_runs = {runs: (rows, png) for runs, rows, png in seen}
    assert sorted(by_runs) == [1, 2, 3]
    assert [by_runs[r][0] for r in (1, 2, 3)] == [6, 12, 18]
    figures = [by_runs[r][1] for r in (1, 2, 3)] + [app.figure.value]
    assert all(f[:4] == PNG for f in figures)
    assert len(set(figures)) == 4


def test_stop_after_the_first_run_keeps_it():
    app = small_app()
    hook_progress(app, lambda p: p.runs_done == 1 and app.stop_button.click())
    app.run_button.click()
    comparison = app.wait(60)
    assert comparison.stopped
    assert set(comparison.frame["strategy"]) == {"grid"} and len(comparison.frame) == 6
    assert shown(app.status) == (
        "Stopped after 1 of 3 runs (6 of 18 candidates); the finished runs are kept."
    )
    assert app.bar.bar_style == "warning"
    assert app.figure.value[:4] == PNG and "Summary of 1 run" in shown(app.summary)
    assert not app.run_button.disabled and app.stop_button.disabled


def test_stop_during_a_run_keeps_what_was_evaluated():
    # fits slow enough (16 of 0.1 s per run) for a progress report in the middle of a run
    app = small_app(budget=8, cv=2)
    app.make_estimator = lambda: PickyClassifier(sleep=0.1)
    for row in list(app.rows.values()):
        app.remove_row(row)
    app.add_row("C", "log-uniform", "0.1..10")
    hook_progress(
        app, lambda p: p.runs_done == 1 and p.strategy == "random" and app.stop_button.click()
    )
    app.run(background=False)
    frame = app.results
    assert app.comparison.stopped
    runs = frame.groupby(["strategy", "repeat"]).size().to_dict()
    assert runs[("grid", 0)] == 8 and set(runs) == {("grid", 0), ("random", 0)}
    assert 1 <= runs[("random", 0)] < 8
    n = runs[("random", 0)]
    assert shown(app.status).startswith(
        f"Stopped after 1 of 3 runs and {n} candidate{'s' if n > 1 else ''} of run 2 "
        f"({8 + n} of 24 candidates)"
    )


def test_stop_pressed_right_after_run_ends_early():
    app = small_app(budget=30, repeats=3)
    app.run_button.click()
    app.stop_button.click()
    assert "Stopping" in shown(app.status)
    app.wait(60)
    assert app.comparison is None or len(app.results) < 30 + 3 * 30
    assert shown(app.status).startswith("Stopped")
    assert shown(app.message) == ""


def test_bad_inputs_start_nothing_and_keep_the_previous_results():
    app = small_app(budget=4)
    app.run_button.click()
    previous = app.wait(60)
    png, summary, status = app.figure.value, app.summary.value, app.status.value
    assert len(previous.frame) == 12

    app.rows["knn__n_neighbors"].name.value = "knn__n_neighbour"
    app.run_button.click()
    assert "Cannot start the comparison" in shown(app.message)
    assert "Did you mean 'knn__n_neighbors'" in shown(app.message)
    app.rows["knn__n_neighbour"].name.value = "knn__n_neighbors"

    app.rows["knn__n_neighbors"].range.value = "1..x"
    app.run_button.click()
    assert "Range of knn__n_neighbors" in shown(app.message)
    app.rows["knn__n_neighbors"].range.value = "1..30"

    app.strategy_boxes["grid"].value = app.strategy_boxes["random"].value = False
    app.run_button.click()
    assert "Choose at least one strategy" in shown(app.message)
    app.strategy_boxes["grid"].value = app.strategy_boxes["random"].value = True

    assert not app.running and not app.run_button.disabled
    assert app.comparison is previous
    assert (app.figure.value, app.summary.value, app.status.value) == (png, summary, status)
    app.budget.value = 4
    app.run_button.click()
    app.wait(60)
    assert app.comparison is not previous and shown(app.message) == ""


def test_a_double_click_starts_one_comparison():
    app = small_app()
    starts = count_starts(app)
    app.run_button.click()
    app.run_button.click()
    assert app.run() is False
    app.wait(60)
    assert len(starts) == 1
    assert shown(app.status) == "Done: 3 runs, 18 candidates"


def test_a_run_pressed_while_the_end_is_shown_starts(monkeypatch):
    app = small_app()
    showing, release = threading.Event(), threading.Event()
    ended = app.progress.ended

    def slow_end(*args, **kwargs):  # Run is enabled, and the rest of the end takes a while
        ended(*args, **kwargs)
        if not showing.is_set():
            showing.set()
            release.wait(10)

    monkeypatch.setattr(app.progress, "ended", slow_end)
    app.run()
    assert showing.wait(60)
    first = app.background
    threading.Timer(0.3, release.set).start()
    assert app.run() is True  # waits for the end to be shown, then starts
    assert app.background is not first
    assert first.comparison is not None and not first.running
    app.wait(60)
    assert app.comparison is app.background.comparison


def test_warnings_of_the_fits_are_counted_not_printed():
    app = small_app(model="logreg", budget=4, repeats=1)
    app.add_row("logreg__max_iter", "integer", "1..2")
    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        app.run(background=False)
    assert not [w for w in outside if "converge" in str(w.message)]
    assert any(w.startswith("ConvergenceWarning") for w in app.warnings)
    message = shown(app.message)
    assert f"The runs raised {len(app.warnings)} warning(s), kept out of the notebook" in message
    assert "ConvergenceWarning" in message
    assert shown(app.status) == "Done: 2 runs, 8 candidates"


def test_failed_candidates_and_a_failed_comparison_are_explained():
    app = small_app(model="svc", budget=4)
    # C must be positive: the candidates with a negative C fail to fit
    app.rows["svc__C"].kind.value = "uniform"
    app.rows["svc__C"].range.value = "-1..1"
    app.run(background=False)
    frame = app.results
    assert (frame["status"] == "failed").any() and (frame["status"] == "ok").any()
    assert "candidate(s) failed to fit" in shown(app.message)
    assert app.figure.value[:4] == PNG

    # every fit fails: scikit-learn raises, the app says so and stays usable
    app.rows["svc__C"].range.value = "-2..-1"
    app.run(background=False)
    assert isinstance(app.error, ValueError) and app.comparison is None
    assert shown(app.status).startswith("Failed during run 1 of 3")
    assert "The comparison failed: ValueError" in shown(app.message)
    assert app.bar.bar_style == "danger" and not app.run_button.disabled


def test_an_error_after_the_first_run_keeps_that_run():
    app = small_app()

    def fail(progress):
        if progress.runs_done == 1:
            raise RuntimeError("the display broke")

    hook_progress(app, fail)
    app.run(background=False)
    assert isinstance(app.error, RuntimeError)
    assert "The comparison failed: RuntimeError: the display broke" in shown(app.message)
    assert shown(app.status) == "Failed during run 2 of 3; the finished run is kept."
    assert app.comparison.stopped and set(app.results["strategy"]) == {"grid"}
    assert app.figure.value[:4] == PNG and "Summary of 1 run" in shown(app.summary)


def test_changing_the_data_set_changes_the_models_and_the_space():
    app = small_app()
    app.dataset.value = "diabetes"
    keys = [key for _, key in app.model.options]
    assert keys == [k for k, m in MODELS.items() if m.task == "regression"]
    assert list(app.rows) == list(MODELS[app.model.value].random)
    app.model.value = "svr"
    assert list(app.rows) == ["svr__C", "svr__gamma"]
    assert "grid of 3 x 2 = 6 candidates (budget 6)" in shown(app.plan)
    assert repr(app) == "ComparisonApp(dataset='diabetes', model='svr', budget=6, repeats=2)"
    with pytest.raises(ValueError, match="not available for the regression data set"):
        ComparisonApp("diabetes", "svc")


def test_two_workers_default_model():
    app = ComparisonApp(budget=4, repeats=2)  # wine, SVC, n_jobs=2
    start = time.perf_counter()
    app.run(background=False)
    assert time.perf_counter() - start < 60
    assert app.error is None and len(app.results) == 4 + 2 * 4
    assert shown(app.status) == "Done: 3 runs, 12 candidates"


def test_chosen_strategies_are_planned_run_and_described():
    app = small_app(repeats=2)
    app.strategy_boxes["random"].value = False
    app.strategy_boxes["halving-random"].value = True
    app.strategy_boxes["bayes"].value = True
    assert app.strategies == ("grid", "halving-random", "bayes")
    assert repr(app) == (
        "ComparisonApp(dataset='iris', model='knn', budget=6, repeats=2, "
        "strategies=('grid', 'halving-random', 'bayes'))"
    )
    driver = app.build_comparison()
    plan = shown(app.plan)
    halving = driver.plans["halving-random"]
    assert f"Successive halving (random): {halving.description}." in plan
    assert halving.cost <= 18  # 6 candidates x 3 folds
    assert "Bayesian (TPE): 6 Bayesian (TPE) trials per run, 2 runs." in plan
    total = 6 + 2 * halving.candidates + 2 * 6
    assert f"In all: {total} candidates" in plan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app.run(background=False)
    assert app.error is None, app.error
    frame = app.results
    assert frame.groupby("strategy").size().to_dict() == {
        "grid": 6,
        "halving-random": 2 * halving.candidates,
        "bayes": 12,
    }
    assert shown(app.status) == f"Done: 5 runs, {total} candidates"
    summary = shown(app.summary)
    assert "Best score so far at 25, 50 and 100 % of the budget" in summary
    assert "What each strategy ran" in summary and "Successive halving (random):" in summary
    with pytest.raises(ValueError, match="Unknown strategies"):
        ComparisonApp(strategies=("bays",))


def test_runs_search_the_training_part_and_their_choices_are_scored_on_the_held_out_part():
    app = small_app(dataset="wine", model="logreg", budget=4, repeats=2)
    data = load_dataset("wine", random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(
        data.X, data.y, test_size=0.25, random_state=0, stratify=data.y
    )
    np.testing.assert_array_equal(app.X, X_train)
    np.testing.assert_array_equal(app.X_test, X_test)
    assert app.held_out is None
    placeholder = app.figure.tooltip
    assert "No figure yet" in placeholder and shown(app.figure_description) == placeholder

    app.run()
    comparison = app.wait(120)
    held_out = app.held_out
    assert held_out[["strategy", "repeat"]].values.tolist() == [
        ["grid", 0],
        ["random", 0],
        ["random", 1],
    ]
    for row, (_, _, search) in zip(
        held_out.itertuples(index=False), comparison.searches, strict=True
    ):
        model = clone(MODELS["logreg"].make()).set_params(**search.best_params_)
        model.fit(X_train, y_train)
        assert row[3] == pytest.approx(np.mean(model.predict(X_test) == y_test))
        assert row[2] == search.best_score_
    summary = shown(app.summary)
    assert "Each run's choice on held-out data" in summary
    assert "held-out (median)" in summary
    grid_score = held_out.loc[held_out.strategy == "grid", "held-out score"].iloc[0]
    assert format_table_number(grid_score) in summary

    # the figure's description says what it shows, with the comparison's numbers
    description = app.figure.tooltip
    assert description == shown(app.figure_description) != placeholder
    best = comparison.summary().set_index("strategy")["best score (median)"]
    assert description.startswith("Four panels over 3 runs:")
    assert f"Grid {best['grid']:.4f};" in description
    assert f"Random {best['random']:.4f} (median of 2 runs," in description


def test_each_finished_run_is_scored_on_the_held_out_part_once(monkeypatch):
    from sklearn.model_selection import GridSearchCV

    # the class that defines a search's score (scikit-learn's BaseSearchCV), found by the MRO
    owner = next(c for c in GridSearchCV.__mro__ if "score" in vars(c))
    scored = []
    score = owner.score

    def counting(self, X, y=None, **params):
        scored.append(self)
        return score(self, X, y, **params)

    monkeypatch.setattr(owner, "score", counting)
    app = small_app(budget=4, repeats=3)  # grid once, random 3 times: 4 runs
    app.run_button.click()
    comparison = app.wait(120)
    assert len(comparison.searches) == 4
    assert len(app.held_out) == 4
    # the figures were redrawn after every finished run, and each run was scored once:
    # 4 scorings, where scoring every finished run at every redraw took 1 + 2 + 3 + 4 = 10
    assert len(scored) == 4
    assert {id(s) for s in scored} == {id(s) for _, _, s in comparison.searches}
    # asked again, nothing is scored again
    assert app.session.held_out().equals(app.held_out) and len(scored) == 4
