"""The search app, driven the way a person drives it: set values, click buttons."""

import html
import re
import threading
import time

import numpy as np
import pandas as pd
import pytest
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import GridSearchCV, HalvingGridSearchCV, RandomizedSearchCV

from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.results import results_frame
from hptlearn.state import STRATEGIES, strategy_label, tpe_startup_trials
from hptlearn.syntax import SYNTAX_HELP, parse_values
from hptlearn.widgets.search_app import SearchApp


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def shown(widget) -> str:
    """The text a person reads in an HTML widget (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def small_app(**kwargs):
    """kNN on iris: every fit takes milliseconds."""
    kwargs = {"dataset": "iris", "model": "knn", "cv": 3, "n_jobs": 1, **kwargs}
    return SearchApp(**kwargs)


def test_defaults_fill_the_rows_and_counts():
    app = SearchApp()
    assert list(app.rows) == ["svc__C", "svc__gamma"]
    assert app.rows["svc__C"].values.value == "1e-2..1e3 log 6"
    assert "30 candidates × 5 folds = 150 fits" in shown(app.counts)
    assert "estimated run time ≈" in shown(app.counts)
    assert repr(app) == "SearchApp(dataset='breast_cancer', model='svc', strategy='grid')"
    assert "hptlearn-search-app" in app._dom_classes


def test_counts_update_as_you_type_and_show_errors():
    app = small_app()
    assert "12 candidates × 3 folds = 36 fits" in shown(app.counts)
    app.rows["knn__n_neighbors"].values.value = "1, 5"
    assert "4 candidates × 3 folds = 12 fits" in shown(app.counts)
    app.rows["knn__n_neighbors"].values.value = "1, 5, __import__('os')"
    assert "looks like a function call" in shown(app.counts)
    app.rows["knn__n_neighbors"].values.value = "1..4"
    assert "8 candidates" in shown(app.counts)
    app.cv.value = 4
    assert "8 candidates × 4 folds = 32 fits" in shown(app.counts)
    app.strategy.value = "random"
    app.n_iter.value = 7
    assert "7 candidates × 4 folds = 28 fits" in shown(app.counts)


def test_grid_run_gives_the_results_of_gridsearchcv_and_a_test_score():
    app = small_app()
    app.rows["knn__n_neighbors"].values.value = "1, 5, 15"
    app.run_button.click()
    app.wait(60)
    plain = GridSearchCV(app.make_estimator(), app.search.param_grid, cv=3).fit(
        app.X_train, app.y_train
    )
    np.testing.assert_array_equal(
        app.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert app.search.best_params_ == plain.best_params_
    assert app.test_score == pytest.approx(plain.score(app.X_test, app.y_test))
    assert "Held-out test accuracy" in shown(app.best)
    assert f"{app.test_score:.4f}" in shown(app.best)
    assert "All 6 candidates" in shown(app.table) and "rank" in shown(app.table)
    assert app.figure.value[:4] == b"\x89PNG"
    assert len(app.results) == 6
    assert not app.run_button.disabled
    assert "Done: 6 of 6" in shown(app.progress.status)


def test_random_run_matches_randomizedsearchcv_with_the_same_seed():
    app = small_app(strategy="random", n_iter=5)
    app.run(background=False)
    plain = RandomizedSearchCV(
        app.make_estimator(), app.search.param_distributions, n_iter=5, cv=3, random_state=0
    ).fit(app.X_train, app.y_train)
    assert app.search.cv_results_["params"] == plain.cv_results_["params"]
    np.testing.assert_array_equal(
        app.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert "Best hyperparameters" in shown(app.best)


def test_random_distributions_from_the_rows():
    app = SearchApp(dataset="iris", model="svc", strategy="random", n_iter=4, cv=3, n_jobs=1)
    app.rows["svc__C"].kind.value = "uniform"
    app.rows["svc__C"].range.value = "1..10"
    space = app.space
    assert space["svc__C"].dist.name == "uniform" and space["svc__C"].support() == (1.0, 10.0)
    assert space["svc__gamma"].dist.name == "loguniform"
    app.run(background=False)
    c_values = [p["svc__C"] for p in app.search.cv_results_["params"]]
    assert all(1 <= c <= 10 for c in c_values)


def test_typo_in_a_name_is_shown_with_a_suggestion_and_starts_nothing():
    app = small_app()
    app.rows["knn__n_neighbors"].name.value = "knn__n_neighbours"
    assert "Did you mean 'knn__n_neighbors'" in shown(app.counts)
    app.run_button.click()
    assert app.search is None and app.background is None
    assert "Cannot start the search" in shown(app.message)
    assert "Did you mean 'knn__n_neighbors'" in shown(app.message)


def test_unparsable_value_is_shown_with_the_syntax_help():
    app = small_app()
    app.rows["knn__weights"].values.value = "uniform; distance"
    app.run_button.click()
    assert app.search is None
    assert "Values of knn__weights" in shown(app.message)
    assert SYNTAX_HELP.splitlines()[0] in shown(app.message)


def test_bad_input_after_a_run_keeps_the_results_already_computed():
    app = small_app()
    app.run(background=False)
    before = app.results.copy()
    table, figure = app.table.value, app.figure.value
    app.rows["knn__n_neighbors"].values.value = "1..zz"
    assert app.run() is False
    assert "Cannot start the search" in shown(app.message)
    pd.testing.assert_frame_equal(app.results, before)
    assert app.table.value == table and app.figure.value == figure


def test_failing_candidates_are_reported_and_kept():
    app = SearchApp(dataset="iris", model="tree", cv=3, n_jobs=1)
    app.rows["max_depth"].values.value = "-1, 2, 3"  # max_depth must be >= 1
    app.rows["min_samples_leaf"].values.value = "1"
    app.run(background=False)
    frame = app.results
    assert frame["status"].tolist() == ["failed", "ok", "ok"]
    assert "1 of 3 candidates failed to fit" in shown(app.message)
    assert "max_depth" in shown(app.message)  # scikit-learn's own message is shown
    assert "failed" in shown(app.table)
    assert app.search.best_params_["max_depth"] in (2, 3)
    assert app.test_score is not None


def test_n_iter_larger_than_a_discrete_space_is_explained():
    app = small_app(strategy="random", n_iter=50)
    app.rows["knn__n_neighbors"].kind.value = "categorical"
    app.rows["knn__n_neighbors"].range.value = "1, 3, 5"
    assert "Only 6 distinct candidates exist, fewer than n_iter = 50" in shown(app.counts)
    app.run(background=False)
    assert "n_iter = 50 is larger than the 6 distinct candidates" in shown(app.message)
    assert len(app.results) == 6


def test_a_run_over_the_fit_limit_asks_for_confirmation():
    app = small_app(max_fits=20)
    assert "Run will ask to confirm" in shown(app.counts)
    app.run_button.click()
    assert app.search is None
    assert "This search needs 36 fits" in shown(app.message)
    assert app.run_button.description == "Run anyway (36 fits)"
    app.run_button.click()  # the second press confirms
    app.wait(60)
    assert len(app.results) == 12
    assert app.run_button.description == "Run"


def test_changing_the_space_withdraws_a_pending_confirmation():
    app = small_app(max_fits=20)
    app.run_button.click()
    app.rows["knn__n_neighbors"].values.value = "1, 3, 5, 7"
    assert app.run_button.description == "Run"
    app.run_button.click()
    assert app.search is None and "This search needs 24 fits" in shown(app.message)


def test_stop_keeps_partial_results_and_shows_them():
    app = SearchApp(dataset="digits", model="svc", cv=3, n_jobs=1)
    app.rows["svc__C"].values.value = "1e-2..1e3 log 6"
    app.run()  # one worker: the first batch holds one candidate
    wait_until(lambda: app.progress.bar.value >= 1)
    app.progress.stop_button.click()
    app.wait(120)
    n = len(app.results)
    assert 1 <= n < 30
    assert app.search.stopped_
    assert f"stopped after {n} of 30 candidates" in shown(app.best)
    assert "Held-out test accuracy" in shown(app.best)


def test_double_click_on_run_starts_one_search():
    app = small_app()
    app.run_button.click()
    first = app.search
    assert app.run_button.disabled or not app.running
    app.run_button.click()
    assert app.search is first
    app.wait(60)


def test_run_is_ready_only_once_the_end_is_shown_and_a_press_then_starts(monkeypatch):
    app = small_app()
    showing, release = threading.Event(), threading.Event()
    show_edges = app._show_edges

    def slow_edges():  # the end takes a while to show (a slow test-set score, say)
        showing.set()
        release.wait(10)
        show_edges()

    monkeypatch.setattr(app, "_show_edges", slow_edges)
    app.run()
    assert showing.wait(60)
    assert app.run_button.disabled, "Run looked ready before the end was shown"
    threading.Timer(0.3, release.set).start()
    first = app.search
    assert app.run() is True  # waits for the end to be shown, then starts
    assert app.search is not first
    assert "Held-out test accuracy" in shown(app.best) or app.running
    app.wait(60)
    assert not app.run_button.disabled


def test_run_during_a_run_starts_nothing_and_says_why():
    app = SearchApp(dataset="digits", model="svc", cv=3, n_jobs=1)
    app.run()
    first = app.search
    assert app.run() is False
    assert app.search is first
    assert "A search is running" in shown(app.message)
    app.stop()
    app.wait(120)


def test_dataset_and_model_menus():
    app = small_app()
    app.dataset.value = "diabetes"
    assert app.task == "regression"
    assert app.model.value in ("ridge", "svr", "knn_regressor", "tree_regressor")
    assert {key for _, key in app.model.options} == {
        "ridge",
        "svr",
        "knn_regressor",
        "tree_regressor",
    }
    app.model.value = "ridge"
    assert list(app.rows) == ["ridge__alpha"]
    app.run(background=False)
    assert "Held-out test R²" in shown(app.best)
    with pytest.raises(ValueError, match="not available for the regression"):
        SearchApp(dataset="diabetes", model="svc")


def test_add_and_remove_rows():
    app = small_app()
    row = app.add_row("knn__p", "1, 2")
    assert "24 candidates" in shown(app.counts)
    row.remove.click()
    assert "knn__p" not in app.rows and "12 candidates" in shown(app.counts)
    app.add_button.click()
    assert "" in app.rows
    app.rows[""].values.value = "1, 2"
    assert "has values but no name" in shown(app.counts)


def test_export_csv(tmp_path):
    app = small_app()
    app.csv_path.value = str(tmp_path / "class.csv")
    app.export_button.click()
    assert "no results to export yet" in shown(app.message)
    app.run(background=False)
    app.export_button.click()
    saved = pd.read_csv(tmp_path / "class.csv")
    assert len(saved) == 12
    assert {"dataset", "model", "strategy", "mean_test_score", "status"} <= set(saved.columns)
    assert saved["dataset"].unique().tolist() == ["iris"]
    assert saved["test_score_of_best"].iloc[0] == pytest.approx(app.test_score)
    assert "Saved 12 rows" in shown(app.message)


# -- every strategy ------------------------------------------------------------------------


def test_the_strategy_menu_offers_every_strategy_with_only_its_own_controls():
    app = small_app()
    assert [value for _, value in app.strategy.options] == list(STRATEGIES)
    assert dict(app.strategy.options)["Successive halving (grid)"] == "halving-grid"
    row = app.rows["knn__n_neighbors"]
    for strategy, record in STRATEGIES.items():
        app.strategy.value = strategy
        samples = strategy in ("random", "quasi-random", "bayes")
        assert (app.n_iter.layout.display != "none") == samples
        has_factor = strategy.startswith("halving") or "factor" in record.budget_args
        assert (app.factor.layout.display != "none") == has_factor
        grid = strategy in ("grid", "halving-grid")
        assert (row.values.layout.display != "none") == grid
        assert (row.range.layout.display != "none") == (not grid)
        assert shown(app.counts).startswith(strategy_label(strategy))
    with pytest.raises(ValueError, match="Unknown strategy 'annealing'"):
        small_app(strategy="annealing")


def test_halving_from_the_controls_shows_its_schedule_and_iterations():
    app = small_app()
    app.strategy.value = "halving-grid"
    assert app.dataset.value == "digits"  # iris is too small to show halving: moved
    app.dataset.value = "iris"  # chosen again: kept
    assert app.dataset.value == "iris" and app.strategy.value == "halving-grid"
    app.factor.value = 2
    app.rows["knn__n_neighbors"].values.value = "1..9 step 2"
    plain = HalvingGridSearchCV(
        app.make_estimator(),
        {"knn__n_neighbors": [1, 3, 5, 7, 9], "knn__weights": ["uniform", "distance"]},
        factor=2,
        cv=3,
        random_state=0,
    ).fit(app.X_train, app.y_train)
    text = shown(app.counts)
    assert f"factor 2: {plain.n_iterations_} iterations" in text
    for i, (c, r) in enumerate(zip(plain.n_candidates_, plain.n_resources_, strict=True)):
        assert f"{i + 1}: {c} candidates × {r} samples" in text
    n = sum(plain.n_candidates_)
    assert f"{n} candidate evaluations × 3 folds = {3 * n} fits" in text
    seen = []
    app.run_button.click()
    app.progress.status.observe(lambda _: seen.append(shown(app.progress.status)), "value")
    app.wait(120)
    assert app.search.n_candidates_ == plain.n_candidates_
    np.testing.assert_array_equal(
        app.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert len(app.results) == n and app.progress.bar.value == n
    assert f"Done: {n} of {n} candidates ({3 * n} fits)" in shown(app.progress.status)
    last = plain.n_iterations_
    assert any(f"Running iteration {last} of {last}:" in s for s in seen)
    assert "Best hyperparameters" in shown(app.best) and app.figure.value[:4] == b"\x89PNG"


def test_bayes_from_the_controls_says_how_tpe_spends_n_iter():
    app = small_app(strategy="bayes", n_iter=4)
    startup = tpe_startup_trials()
    text = shown(app.counts)
    assert text.startswith("Bayesian (TPE): 4 candidates, asked 1 at a time (one per worker)")
    assert f"all 4 are drawn at random (TPE's first {startup} candidates are" in text
    app.n_iter.value = startup + 2
    assert f"TPE draws the first {startup} at random, then proposes each of the other 2" in (
        shown(app.counts)
    )
    app.n_iter.value = 5
    app.run_button.click()
    app.wait(120)
    assert isinstance(app.search, LiveBayesSearchCV)
    assert len(app.results) == 5 and len(app.search.study_.trials) == 5
    assert "Done: 5 of 5 candidates (15 fits)" in shown(app.progress.status)
    assert (
        app.search.best_params_
        == app.results.sort_values("rank_test_score")
        .iloc[0][["knn__n_neighbors", "knn__weights"]]
        .to_dict()
    )
    assert "Held-out test accuracy" in shown(app.best)


def test_a_best_value_on_the_edge_is_flagged_and_the_range_extended():
    app = SearchApp(dataset="breast_cancer", model="svc", cv=3, n_jobs=1)
    # C only up to 0.1: more C is better here, so the best sits on the upper edge
    app.rows["svc__C"].values.value = "0.001, 0.01, 0.1"
    app.rows["svc__gamma"].values.value = "0.01"
    app.run_button.click()
    app.wait(120)
    assert app.search.best_params_["svc__C"] == 0.1
    text = shown(app.edges)
    assert "On the edge of the range" in text and "svc__C" in text
    assert "svc__gamma" not in text  # one value: nothing to extend
    assert app.extend_button.layout.display is None
    app.extend_button.click()
    extended = parse_values(app.rows["svc__C"].values.value)
    assert extended[:3] == [0.001, 0.01, 0.1] and max(extended) > 0.1
    assert "Press Run" in shown(app.message)
    app.run_button.click()
    app.wait(120)
    assert len(app.results) == len(extended)


def test_a_best_value_inside_the_range_gives_no_edge_warning():
    app = SearchApp(dataset="breast_cancer", model="svc", cv=3, n_jobs=1)
    app.rows["svc__C"].values.value = "1, 10, 100"
    app.rows["svc__gamma"].values.value = "1e-3, 1e-2, 1e-1"
    app.run_button.click()
    app.wait(120)
    best = app.search.best_params_
    assert (best["svc__C"], best["svc__gamma"]) == (10, 1e-2)
    assert shown(app.edges) == "" and app.extend_button.layout.display == "none"


def test_the_fits_can_run_on_a_dask_cluster_and_the_cluster_is_closed(monkeypatch):
    monkeypatch.delenv("HPTLEARN_DASK_SCHEDULER", raising=False)
    app = small_app()
    app.rows["knn__n_neighbors"].values.value = "1, 5, 15"
    app.where.value = "dask"
    workers = app.workers
    try:
        assert workers is not None and workers.started and app.n_jobs.disabled
        assert "Dask" in shown(app.cluster_info)
        app.run_button.click()
        app.wait(120)
        plain = GridSearchCV(app.make_estimator(), app.search.param_grid, cv=3).fit(
            app.X_train, app.y_train
        )
        np.testing.assert_array_equal(
            app.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
        )
        assert "Done: 6 of 6" in shown(app.progress.status)
    finally:
        app.where.value = "local"
    assert app.workers is None and not workers.started and not app.n_jobs.disabled
    assert shown(app.cluster_info) == ""


def test_a_scheduler_that_does_not_answer_is_reported_and_fits_stay_here(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HPTLEARN_DASK_SCHEDULER", f"tcp://127.0.0.1:{port}")
    app = small_app()
    app.where.value = "dask"
    assert app.workers is None and app.where.value == "local"
    assert "No Dask cluster" in shown(app.message) and str(port) in shown(app.message)


# --------------------------------------------------------------------------------------
# The figure's text description (its tooltip, read by screen readers, and the line under it)
# --------------------------------------------------------------------------------------


def described(app) -> str:
    """The figure's description, checked to be both its tooltip and the line under it."""
    assert shown(app.figure_description) == app.figure.tooltip
    return app.figure.tooltip


def best_text(search) -> str:
    from hptlearn.results import format_params

    return f"the best, {search.best_score_:.4f}, at {format_params(search.best_params_)}."


def test_the_placeholder_and_the_figure_of_a_run_are_described_under_the_figure():
    import ipywidgets as widgets

    app = small_app()
    (box,) = [
        child
        for row in app.children
        if isinstance(row, widgets.HBox)
        for child in row.children
        if isinstance(child, widgets.VBox) and app.figure in child.children
    ]
    assert list(box.children) == [app.figure, app.figure_description]  # beside the table
    assert "hptlearn-figure-description" in app.figure_description._dom_classes
    placeholder = described(app)
    assert "will appear here after Run" in placeholder
    app.rows["knn__n_neighbors"].values.value = "1, 5, 15"
    app.run(background=False)
    app.wait(60)
    text = described(app)
    assert text != placeholder
    n = len(app.results)
    assert n == 6
    assert text.startswith(f"Heatmap of the mean CV accuracy of {n} candidates over ")
    assert "knn__n_neighbors (3 values, rows) and knn__weights (2 values, columns)" in text
    assert text.endswith(best_text(app.search))
    assert "so far" not in text


def test_the_description_follows_the_figure_while_the_search_runs():
    app = small_app()
    seen = []
    app.figure.observe(lambda change: seen.append(change["new"]), names="tooltip")
    app.run()
    app.wait(60)
    n = len(app.results)
    running = [t for t in seen if "so far" in t]
    assert running, seen  # the first batch is drawn at once
    for text in running:
        done, planned = map(int, re.search(r"so far \((\d+) of (\d+) candidates\)", text).groups())
        assert 1 <= done <= planned == n
    assert seen[-1] == described(app) and "so far" not in seen[-1]
    assert f"of {n} candidates" in seen[-1] and seen[-1].endswith(best_text(app.search))


@pytest.mark.parametrize("strategy", ["random", "bayes"])
def test_a_sampled_search_is_described_as_parallel_coordinates(strategy):
    app = small_app(strategy=strategy, n_iter=4)
    app.run(background=False)
    app.wait(60)
    text = described(app)
    assert text.startswith(
        f"Parallel coordinates of {len(app.results)} candidates, one line each across "
        "knn__n_neighbors, knn__weights and the mean CV accuracy; "
    )
    assert text.endswith(best_text(app.search))


def test_a_halving_search_is_described_by_its_iterations():
    app = small_app(strategy="halving-grid", factor=2)
    app.rows["knn__n_neighbors"].values.value = "1..9 step 2"
    app.run(background=False)
    app.wait(60)
    search = app.search
    text = described(app)
    assert text.startswith(
        f"The mean CV accuracy of each candidate at each of the {search.n_iterations_} "
        f"iterations of successive halving, from {search.n_candidates_[0]} candidates on "
        f"{search.n_resources_[0]} samples to {search.n_candidates_[-1]} on "
        f"{search.n_resources_[-1]}; "
    )
    assert text.endswith(best_text(search))


def test_one_hyperparameter_is_described_with_its_range():
    app = small_app()
    app.rows["knn__n_neighbors"].values.value = "2, 4, 8"
    app.rows["knn__weights"].values.value = "uniform"
    app.run(background=False)
    app.wait(60)
    assert described(app) == (
        "Mean CV accuracy of 3 candidates against knn__n_neighbors, from 2 to 8; "
        + best_text(app.search)
    )


def test_results_figure_text_for_failures_a_single_candidate_and_a_stopped_search():
    from hptlearn.plots.search import describe_results_figure as results_figure_text
    from hptlearn.plots.search import results_figure_kind

    frame = pd.DataFrame(
        {
            "order": [0, 1, 2],
            "C": [0.1, 1.0, 10.0],
            "mean_test_score": [np.nan, np.nan, np.nan],
            "status": ["failed"] * 3,
        }
    )
    assert results_figure_kind(frame, ["C"], "grid") == "failed"
    assert results_figure_text("failed", frame, ["C"], so_far=(3, 9)) == (
        "Every one of the 3 candidates so far (3 of 9 candidates) failed to fit: "
        "there is no score to plot."
    )
    one = pd.DataFrame({"order": [0], "C": [10.0], "mean_test_score": [0.8125], "status": ["ok"]})
    assert results_figure_kind(one, [], "random") == "single"
    assert results_figure_text("single", one, [], metric="R²") == (
        "One candidate: mean CV R² 0.8125 at C=10."
    )
    frame["mean_test_score"] = [0.5, 0.75, 0.75]  # a tie: the first evaluated is the best
    frame["status"] = "ok"
    assert results_figure_text("value", frame, ["C"], so_far=(3, 9), stopped=True) == (
        "Mean CV score of 3 candidates (stopped after 3 of 9 candidates) against C, "
        "from 0.1 to 10; the best, 0.7500, at C=1."
    )


# -- one press of Run: the space read and checked once, the search planned once -------------


def run_buttons(widget) -> list:
    """Every visible button labelled Run in a widget tree."""
    found = []
    if getattr(widget, "description", "").startswith("Run") and hasattr(widget, "on_click"):
        if widget.layout.display != "none":
            found.append(widget)
    for child in getattr(widget, "children", ()):
        found += run_buttons(child)
    return found


@pytest.mark.parametrize("strategy", ["grid", "halving-grid", "bayes"])
def test_one_run_press_reads_checks_and_plans_the_space_once(monkeypatch, strategy):
    import hptlearn.state.space as space_module
    from hptlearn.state import SpaceEditor
    from hptlearn.strategies import STRATEGIES

    app = small_app(strategy=strategy, n_iter=3)
    calls = {"parse": 0, "validate": 0, "plan": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(SpaceEditor, "parse", counted("parse", SpaceEditor.parse))
    monkeypatch.setattr(
        space_module, "validate_space", counted("validate", space_module.validate_space)
    )
    search_class = STRATEGIES[strategy].search_class
    monkeypatch.setattr(search_class, "plan", counted("plan", search_class.plan))
    assert run_buttons(app) == [app.run_button]  # one Run button: the progress view's
    app.run_button.click()
    app.wait(120)
    assert calls == {"parse": 1, "validate": 1, "plan": 1}
    # the plan travelled with the run: the bar counts what the search evaluated
    assert app.background.plan.n_candidates == len(app.results) == app.progress.bar.max
    assert f"Done: {len(app.results)} of {len(app.results)} candidates" in shown(
        app.progress.status
    )


def test_the_session_runs_the_search_without_the_app():
    from hptlearn.catalog import MODELS
    from hptlearn.state import SearchSession, SpaceRow

    session = SearchSession(MODELS["knn"].make, "iris", cv=3, strategy="random", n_iter=4)
    session.editor.rows = [SpaceRow("knn__n_neighbors", "integer", "1..30")]
    ends = []
    run = session.start(session.prepare(), end_listeners=[ends.append], background=False)
    assert ends == [run] and run.n_done == 4 and len(session.results) == 4
    # the held-out score and the edges were ready when the listeners were told
    assert session.test_score.value == pytest.approx(
        session.search.score(session.X_test, session.y_test)
    )
    assert session.test_score.metric == "accuracy"
    assert isinstance(session.edges.messages, list)
    with pytest.raises(ValueError, match="Range of knn__n_neighbors"):
        session.editor.rows[0].text = "30..1"
        session.start(session.prepare())


# -- continue, time limit ------------------------------------------------------------------


def test_continue_adds_candidates_and_says_how_many_were_reused():
    app = small_app(strategy="random", model="svc", n_iter=4)
    app.rows["svc__C"].range.value = "1e-2..1e2"
    app.rows["svc__gamma"].range.value = "1e-3..1e0"
    assert app.continue_button.disabled  # nothing to continue before a run
    app.continue_button.click()
    assert app.search is None and "Run a search first" in shown(app.message)
    app.run_button.click()
    app.wait(60)
    assert not app.continue_button.disabled
    first = app.search
    app.more.value = 3
    assert app.continue_button.description == "Continue (+3 candidates)"
    app.continue_button.click()
    app.wait(60)
    # the same search, 3 more candidates; only they were fitted
    assert app.search is first and first.n_iter == 7 and len(app.results) == 7
    assert app.background.n_reused == 4 and app.background.n_new == 3
    assert app.n_iter.value == 7  # the budget of the search shown
    assert shown(app.message) == (
        "Continued: 4 candidates reused from the previous run, 3 new fitted; 7 candidates in all."
    )
    assert "Done: 7 of 7 candidates: 3 new (9 fits), 4 reused" in shown(app.progress.status)
    assert "All 7 candidates" in shown(app.table)
    assert app.progress.bar.value == app.progress.bar.max == 7
    plain = RandomizedSearchCV(
        app.make_estimator(), first.param_distributions, n_iter=7, cv=3, random_state=0
    ).fit(app.X_train, app.y_train)
    np.testing.assert_array_equal(
        first.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert f"{plain.best_score_:.4f}" in shown(app.best)
    assert not app.continue_button.disabled  # and again
    app.dataset.value = "wine"  # other data: the last search cannot go on
    assert app.continue_button.disabled
    assert app.continue_run() is False and app.search is first
    assert "The data changed since the last run" in shown(app.message)


def test_continue_a_stopped_grid_finishes_it_then_is_disabled():
    app = small_app()
    app.run()
    app.stop()  # honoured after the first candidate
    app.wait(60)
    n = len(app.results)
    assert app.search.stopped_ and n < 12
    assert app.continue_button.description == "Continue (finish the grid)"
    assert app.more.layout.display == "none" and not app.continue_button.disabled
    app.continue_button.click()
    app.wait(60)
    assert len(app.results) == 12 and not app.search.stopped_
    assert f"{n} candidates reused from the previous run, {12 - n} new fitted" in shown(app.message)
    assert app.continue_button.disabled
    assert "Every candidate of the grid is evaluated" in app.continue_button.tooltip
    assert app.continue_run() is False and "nothing to continue" in shown(app.message)


def test_continue_during_a_run_starts_nothing():
    app = SearchApp(dataset="digits", model="svc", strategy="random", n_iter=30, cv=3, n_jobs=1)
    app.run()
    first = app.background
    assert app.continue_button.disabled
    assert app.continue_run() is False and app.background is first
    assert "A search is running" in shown(app.message)
    app.stop()
    app.wait(120)


def test_the_time_limit_ends_the_run_and_the_status_says_so():
    app = small_app(strategy="random", n_iter=8)
    app.time_limit.value = 0.001  # passed before the second candidate can start
    app.run_button.click()
    app.wait(60)
    search = app.search
    n = len(app.results)
    assert search.time_budget == 0.001 and search.stopped_ == "time_budget" and n < 8
    assert f"Time limit of 0.001 s reached: stopped after {n} of 8 candidates" in shown(
        app.progress.status
    )
    assert f"The time limit (0.001 s) ended the search after {n} of 8" in shown(app.best)
    # no limit (0): the next run evaluates every candidate
    app.time_limit.value = 0
    app.run(background=False)
    assert app.search.time_budget is None and not app.search.stopped_
    assert "Done: 8 of 8" in shown(app.progress.status)


def test_a_checkpoint_file_lets_a_new_app_resume_the_finished_candidates(tmp_path):
    path = tmp_path / "search.jsonl"
    first = small_app(strategy="random", model="svc", n_iter=5)
    first.checkpoint.value = str(path)
    first.run_button.click()
    first.wait(60)
    assert first.search.checkpoint == str(path) and first.search.checkpoint_written_ == 5
    assert "Resumed" not in shown(first.message)  # a new file: nothing to resume
    # after a kernel restart: a new app, the same controls and file, a larger budget
    again = small_app(strategy="random", model="svc", n_iter=7)
    again.checkpoint.value = f"  {path}  "
    again.run_button.click()
    again.wait(60)
    assert again.search.checkpoint_read_ == 5 and len(again.results) == 7
    assert shown(again.message) == (
        f"Resumed 5 finished candidates from {path} (read back from the checkpoint file, "
        "not fitted again)."
    )
    np.testing.assert_array_equal(
        again.search.cv_results_["mean_fit_time"][:5], first.search.cv_results_["mean_fit_time"]
    )
    plain = RandomizedSearchCV(
        again.make_estimator(), again.search.param_distributions, n_iter=7, cv=3, random_state=0
    ).fit(again.X_train, again.y_train)
    np.testing.assert_array_equal(
        again.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    # a file of another search (other data) is refused, with the reason
    other = SearchApp(dataset="wine", model="svc", strategy="random", n_iter=5, cv=3, n_jobs=1)
    other.checkpoint.value = str(path)
    other.run(background=False)
    assert "was written by a search with another" in shown(other.message)
    assert not hasattr(other.search, "cv_results_")


def test_after_a_run_the_results_can_be_brushed_and_their_importance_read():
    app = small_app()
    assert app.brush_button.disabled and app.importance_button.disabled
    assert app.brush_button.description and app.importance_button.description
    app.run(background=False)
    app.wait(60)
    assert not app.brush_button.disabled and not app.importance_button.disabled
    app.brush_button.click()
    widget = app.brush_widget
    assert widget is not None and widget in app.brush_box.children
    assert app.brush_box.layout.display != "none"
    assert len(widget.selected_indices) == len(results_frame(app.search))
    widget.selection = {"knn__weights": ["distance"]}
    assert len(widget.selected_indices) == int((app.results["knn__weights"] == "distance").sum())
    app.importance_button.click()
    table = app.importance_table
    assert sorted(table.index) == ["knn__n_neighbors", "knn__weights"]
    assert (table["low"] <= table["high"]).all()
    assert app.importance_box.layout.display != "none"
    assert app.importance_figure.value[:4] == b"\x89PNG"
    caption = shown(app.importance_description)
    assert caption.startswith("Importance of 2 hyperparameters from 12 candidates")
    assert app.importance_figure.tooltip.startswith("Importance of 2 hyperparameters")
    # a new run withdraws what described the last one until it ends
    app.rows["knn__n_neighbors"].values.value = "1, 5"
    app.run(background=False)
    app.wait(60)
    assert app.brush_widget is None and app.importance_table is None
    assert app.brush_box.layout.display == "none" and not app.brush_box.children


def test_importance_of_one_hyperparameter_or_before_a_run_says_why_not():
    app = small_app()
    assert app.importance() is None and "Run a search first" in shown(app.message)
    app.rows["knn__weights"].values.value = "uniform"
    app.run(background=False)
    app.wait(60)
    app.importance_button.click()
    assert app.importance_table is None and app.importance_box.layout.display == "none"
    text = shown(app.message)
    assert "varied only knn__n_neighbors" in text and "search two or more" in text
    assert "Traceback" not in text and "Error" not in text


def test_importance_of_an_adaptive_strategy_warns_and_too_few_candidates_are_explained():
    app = small_app(strategy="halving-grid")
    app.run(background=False)
    app.wait(60)
    table = app.importance()
    assert table is not None and "adaptive strategy" in shown(app.message)
    assert app.session.importance_warnings
    app = small_app(strategy="random", n_iter=4)
    app.run(background=False)
    app.wait(60)
    assert app.importance() is None
    assert "at least 8 scored candidates" in shown(app.message)


MULTI_FIDELITY = [name for name, record in STRATEGIES.items() if record.halving]


@pytest.mark.parametrize("strategy", MULTI_FIDELITY)
def test_a_multi_fidelity_strategy_plans_three_rungs_by_default(strategy):
    from hptlearn.state.space import MIN_RUNGS, plan_rungs

    # the dashboard's settings: iris's 112 training samples leave room for two iterations
    app = SearchApp(dataset="iris", model="knn", cv=5, n_jobs=1)
    rows = {name: row.values.value for name, row in app.rows.items()}
    app.strategy.value = strategy
    assert app.dataset.value == "digits" and len(app.X_train) == 1347
    assert {name: row.values.value for name, row in app.rows.items()} == rows  # rows stay
    text = shown(app.message)
    assert text.startswith(f"{strategy_label(strategy)} on iris (112 training samples) has")
    assert text.endswith("Choose iris in the Data menu to go back.")
    check = app.session.prepare()
    assert check.error is None and plan_rungs(check.plan) >= MIN_RUNGS
    assert check.plan.schedule.n_candidates[0] >= 9
    assert (
        "3 iterations" in shown(app.counts)
        or "3 brackets" in shown(app.counts)
        or ("rungs at 149, 449, 1347" in shown(app.counts))
    )
    # the app's own default data set is large enough: nothing moves
    default = SearchApp(n_jobs=1)
    default.strategy.value = strategy
    check = default.session.prepare()
    assert default.dataset.value == "breast_cancer" and default.message.value == ""
    assert plan_rungs(check.plan) >= MIN_RUNGS and check.plan.schedule.n_candidates[0] >= 9


def test_the_other_strategies_keep_the_data_set():
    app = small_app()
    for strategy in ("random", "quasi-random", "bayes", "grid"):
        app.strategy.value = strategy
        assert app.dataset.value == "iris" and app.message.value == ""


def test_moving_to_a_roomier_data_set_ends_what_continue_could_add():
    app = small_app(strategy="random", n_iter=3)
    app.run(background=False)
    app.wait(60)
    assert not app.continue_button.disabled
    app.strategy.value = "halving-random"
    assert app.dataset.value == "digits" and app.continue_button.disabled
    assert "data changed" in app.continue_button.tooltip
