"""The headless state of the apps, without any widget."""

import subprocess
import sys
import threading
import time
import warnings

import numpy as np
import optuna
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.catalog import MODELS, load_dataset
from hptlearn.compare import StrategyComparison
from hptlearn.distributions import make_distribution
from hptlearn.halving import LiveHalvingGridSearchCV, LiveHalvingRandomSearchCV
from hptlearn.search import LiveQuasiRandomSearchCV
from hptlearn.spaces import count_candidates, count_fits
from hptlearn.state import (
    GRID_STRATEGIES,
    STRATEGIES,
    BackgroundRun,
    ComparisonRun,
    SearchRun,
    SearchSession,
    SpaceEditor,
    SpaceRow,
    export_results,
    install_warning_dispatcher,
    record_warnings,
    score_on_test,
    split_data,
    time_left,
    tpe_startup_trials,
)
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)


def knn_editor(*rows, **kwargs):
    return SpaceEditor(KNeighborsClassifier, list(rows), X=X, y=Y, **kwargs)


# -- the space editor -----------------------------------------------------------------------


def test_grid_rows_read_into_a_space_counted_by_count_fits():
    editor = knn_editor(
        SpaceRow("n_neighbors", "list", "1..9 step 2"),
        SpaceRow("weights", "list", "uniform, distance"),
        SpaceRow("", "list", ""),  # an empty row is ignored
        cv=4,
    )
    check = editor.check()
    assert check.error is None
    assert check.space == {"n_neighbors": [1, 3, 5, 7, 9], "weights": ["uniform", "distance"]}
    assert check.n_candidates == count_candidates(check.space) == 10
    assert check.n_fits == count_fits(check.space, cv=4) == 40 and check.n_splits == 4
    assert check.n_distinct == 10
    assert all(row.error is None for row in editor.rows)


def test_random_rows_read_into_distributions():
    editor = knn_editor(
        SpaceRow("n_neighbors", "integer", "1..30"),
        SpaceRow("weights", "categorical", "uniform, distance"),
        strategy="random",
        n_iter=7,
        cv=3,
    )
    check = editor.check()
    assert check.space["n_neighbors"].support() == (1, 30)
    assert check.space["weights"] == ["uniform", "distance"]
    assert (check.n_candidates, check.n_fits, check.n_distinct) == (7, 21, None)
    # only lists: fewer distinct candidates than n_iter
    editor.rows[0] = SpaceRow("n_neighbors", "categorical", "1, 5")
    check = editor.check()
    assert (check.n_candidates, check.n_distinct) == (4, 4)


def test_each_wrong_row_keeps_its_own_error():
    editor = knn_editor(
        SpaceRow("n_neighbors", "list", "1, 5, __import__('os')"),
        SpaceRow("weights", "list", "uniform, distance"),
        SpaceRow("p", "integer", "1..x"),
        SpaceRow("weights", "list", "uniform"),
        SpaceRow("", "list", "3, 4"),
    )
    with pytest.raises(ValueError, match="Values of n_neighbors: .*function call"):
        editor.parse()
    errors = [row.error for row in editor.rows]
    assert "function call" in errors[0]
    assert errors[1] is None
    assert errors[2].startswith("Range of p: ")
    assert "'weights' appears in two rows" in errors[3]
    assert "has values but no name" in errors[4]
    # fixing the first row: the next error is the first one now
    editor.rows[0].text = "1, 5"
    assert editor.check().error.startswith("Range of p: ")
    assert editor.rows[0].error is None


def test_an_unknown_name_is_the_error_of_its_row_with_a_suggestion():
    editor = knn_editor(
        SpaceRow("n_neighbours", "list", "1, 5"), SpaceRow("weights", "list", "uniform")
    )
    check = editor.check()
    assert "Did you mean 'n_neighbors'" in check.error
    assert "Did you mean 'n_neighbors'" in editor.rows[0].error and editor.rows[1].error is None
    assert editor.parse() == {"n_neighbours": [1, 5], "weights": ["uniform"]}  # names unchecked


def test_no_row_is_an_error_that_says_what_to_do():
    assert "add one with 'Add hyperparameter'" in knn_editor().check().error


def test_the_probe_fit_is_timed_once_and_scales_the_estimate(monkeypatch):
    fits = []
    original = KNeighborsClassifier.fit

    def counting_fit(self, *args, **kwargs):
        fits.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(KNeighborsClassifier, "fit", counting_fit)
    editor = knn_editor(SpaceRow("n_neighbors", "list", "1, 5"), cv=3, n_jobs=1)
    small, large = editor.estimate_seconds(6), editor.estimate_seconds(600)
    assert len(fits) == 1  # the probe fit, once for this model, data and cv
    assert 0 < small < large
    editor.n_jobs = 2
    assert editor.estimate_seconds(600) < large
    editor.cv = 5
    editor.estimate_seconds(10)
    assert len(fits) == 2  # another cv: another fold size
    editor.set_data(X[:60], Y[:60])
    editor.estimate_seconds(10)
    assert len(fits) == 3


def test_the_editor_builds_the_live_search_it_describes():
    editor = knn_editor(SpaceRow("n_neighbors", "list", "1, 5"), cv=3, n_jobs=1)
    search = editor.build_search()
    assert isinstance(search, LiveGridSearchCV)
    assert search.param_grid == {"n_neighbors": [1, 5]} and search.cv == 3
    editor.strategy, editor.n_iter = "random", 4
    editor.rows = [SpaceRow("n_neighbors", "integer", "1..20")]
    search = editor.build_search(random_state=3)
    assert isinstance(search, LiveRandomizedSearchCV)
    assert (search.n_iter, search.random_state) == (4, 3)
    editor.rows[0].name = "k"
    with pytest.raises(ValueError, match="has no hyperparameter 'k'"):
        editor.build_search()


# -- every strategy: what the editor counts is what the search fits ------------------------

LIST_ROWS = (SpaceRow("n_neighbors", "list", "1..9 step 2"), SpaceRow("p", "list", "1, 2"))
SAMPLED_ROWS = (SpaceRow("n_neighbors", "integer", "1..10"), SpaceRow("p", "categorical", "1, 2"))
STRATEGY_CLASSES = {
    "grid": LiveGridSearchCV,
    "random": LiveRandomizedSearchCV,
    "quasi-random": LiveQuasiRandomSearchCV,
    "halving-grid": LiveHalvingGridSearchCV,
    "halving-random": LiveHalvingRandomSearchCV,
    "bayes": LiveBayesSearchCV,
}


def fitted_fits(search):
    """Fits the fitted search made: its candidate evaluations times its splits."""
    return len(search.cv_results_["params"]) * search.n_splits_


# the strategies that evaluate candidates on all the samples or by successive halving;
# the multi-fidelity searches added since (Hyperband, ASHA) are tested in their own files
@pytest.mark.parametrize("strategy", STRATEGY_CLASSES)
def test_each_strategy_counts_the_fits_its_search_makes(strategy):
    rows = LIST_ROWS if strategy in GRID_STRATEGIES else SAMPLED_ROWS
    editor = knn_editor(*rows, strategy=strategy, n_iter=7, cv=3, factor=2)
    assert editor.needs_lists == (strategy in ("grid", "halving-grid"))
    check = editor.check()
    assert check.error is None
    search = editor.build_search(random_state=0)
    assert type(search) is STRATEGY_CLASSES[strategy]
    search.fit(X, Y)
    assert check.n_fits == editor.n_fits() == fitted_fits(search)
    assert check.n_candidates == editor.n_candidates() == len(search.cv_results_["params"])
    assert check.n_splits == 3
    if strategy.startswith("halving"):
        assert search.factor == 2
        assert check.schedule == editor.schedule()
        assert check.schedule.n_candidates == search.n_candidates_
        assert check.schedule.n_resources == search.n_resources_
        assert check.full_fit_equivalents < check.n_fits
    else:
        assert check.schedule is None and editor.schedule() is None
        assert check.full_fit_equivalents == check.n_fits


@pytest.mark.filterwarnings("ignore:The total space of parameters 2 is smaller")
def test_halving_random_over_lists_counts_the_lists_it_can_sample():
    # "exhaust" asks for more candidates than two values hold: scikit-learn samples each once
    editor = knn_editor(
        SpaceRow("n_neighbors", "categorical", "1, 3"), strategy="halving-random", cv=3
    )
    search = editor.build_search(random_state=0).fit(X, Y)
    assert editor.n_candidates() == len(search.cv_results_["params"]) == 2
    assert editor.n_fits() == fitted_fits(search) == 6


def test_a_bayesian_search_evaluates_n_iter_candidates_even_from_few_values():
    editor = knn_editor(SpaceRow("p", "list", "1, 2"), strategy="bayes", n_iter=4, cv=3)
    search = editor.build_search(random_state=0).fit(X, Y)
    assert editor.n_candidates() == len(search.cv_results_["params"]) == 4
    assert editor.n_fits() == 12


def test_an_unknown_strategy_is_an_error_that_lists_the_strategies():
    check = knn_editor(*LIST_ROWS, strategy="genetic").check()
    assert "Unknown strategy 'genetic'" in check.error and "'halving-grid'" in check.error


def test_halving_cost_text_tells_iterations_samples_and_full_fit_equivalents():
    editor = knn_editor(*LIST_ROWS, strategy="halving-grid", cv=3, n_jobs=2, factor=3)
    text = editor.cost_text()
    search = editor.build_search().fit(X, Y)
    n_splits = 3
    full = (
        sum(c * r for c, r in zip(search.n_candidates_, search.n_resources_, strict=True))
        / len(X)
        * n_splits
    )
    assert text.startswith("Successive halving (grid), factor 3: ")
    assert f"{search.n_iterations_} iterations" in text
    for i, (c, r) in enumerate(zip(search.n_candidates_, search.n_resources_, strict=True)):
        assert f"{i + 1}: {c} candidates × {r} samples" in text
    assert "keeps the best 1/3" in text
    assert f"= {fitted_fits(search)} fits, worth {full:.3g} fits on all {len(X)} samples" in text
    assert "estimated run time ≈" in text and "with 2 worker(s)" in text


def test_halving_estimate_scales_by_full_fit_equivalents(monkeypatch):
    editor = knn_editor(*LIST_ROWS, strategy="halving-grid", cv=3, n_jobs=2)
    monkeypatch.setattr(editor, "probe_seconds", lambda: 1.0)
    check = editor.check()
    expected = (
        editor.START_SECONDS
        + (check.full_fit_equivalents * 1.0 + check.n_fits * editor.DISPATCH_SECONDS) / 2
        + 1.0
    )
    assert editor.estimate_seconds(check.n_fits, check.full_fit_equivalents) == pytest.approx(
        expected
    )
    assert f"≈ {expected:.0f} s with 2 worker(s)" in editor.cost_text(check)
    assert editor.cost_text(check, duration=lambda s: "a while").count("≈ a while") == 1


def test_bayes_cost_text_tells_the_batches_and_tpes_random_start():
    startup = optuna.samplers.TPESampler()._n_startup_trials  # Optuna's own default
    assert tpe_startup_trials() == startup
    editor = knn_editor(*SAMPLED_ROWS, strategy="bayes", n_iter=startup + 5, cv=3, n_jobs=2)
    text = editor.cost_text()
    assert text.startswith(f"Bayesian (TPE): {startup + 5} candidates, asked 2 at a time")
    assert f"TPE draws the first {startup} at random" in text
    assert "each of the other 5 from the scores so far" in text
    assert f"= {3 * (startup + 5)} fits" in text
    editor.n_iter = 4
    assert "all 4 are drawn at random" in editor.cost_text()
    assert f"raise n_iter above {startup}" in editor.cost_text()


def test_cost_texts_of_grid_random_and_quasi_random():
    editor = knn_editor(*LIST_ROWS, cv=3)
    assert editor.cost_text().startswith("Grid: 10 candidates × 3 folds = 30 fits (+1 refit")
    editor.strategy, editor.n_iter = "random", 6
    editor.rows = list(SAMPLED_ROWS)
    assert editor.cost_text().startswith("Random: 6 candidates × 3 folds = 18 fits")
    editor.strategy = "quasi-random"
    text = editor.cost_text()
    assert text.startswith("Quasi-random (Sobol): 6 candidates from scrambled Sobol points")
    assert "a power of two (4 or 8)" in text
    editor.n_iter = 8
    assert "power of two" not in editor.cost_text()
    editor.rows = [SpaceRow("p", "categorical", "1, 2")]
    assert "Only 2 distinct candidates exist, fewer than n_iter = 8" in editor.cost_text()
    editor.rows = [SpaceRow("p", "list", "1, zz]")]
    assert editor.cost_text().startswith("Values of p:")


def test_a_search_run_counts_halving_iterations_and_bayes_n_iter():
    halving = knn_editor(*LIST_ROWS, strategy="halving-grid", cv=3, factor=2)

    class Uncopyable(list):  # as a widget: a callback bound to it cannot be deep-copied
        def __deepcopy__(self, memo):
            raise NotImplementedError("cannot be copied")

    seen = Uncopyable()
    run = SearchRun(halving.build_search(on_progress=seen.append), X, Y)
    run.start(background=False)
    assert seen and seen[-1] is run.progress
    plan = halving.schedule()
    assert (run.n_total, run.n_splits, run.n_fits) == (sum(plan.n_candidates), 3, plan.n_fits)
    assert run.progress.n_total == run.n_total == run.n_done
    assert run.progress.n_iterations == plan.n_iterations
    bayes = knn_editor(*SAMPLED_ROWS, strategy="bayes", n_iter=3, cv=3)
    run = SearchRun(bayes.build_search(random_state=0), X, Y).start(background=False)
    assert (run.n_total, run.n_splits, run.n_fits) == (3, 3, 9)
    assert run.progress.n_total == run.n_done == 3


# -- background runs ------------------------------------------------------------------------


def test_a_run_gives_its_result_progress_and_end_in_its_thread():
    events = []

    def work():
        for i in range(3):
            run.report(i)
        return threading.current_thread().name

    run = BackgroundRun(
        work,
        on_progress=lambda info: events.append(("progress", info)),
        on_end=lambda r: events.append(("end", r.running)),
    )
    assert not run.running and run.result is None and run.elapsed == 0.0
    assert run.start() is run
    assert run.wait(10) == "hptlearn-run" != threading.current_thread().name
    assert events == [("progress", 0), ("progress", 1), ("progress", 2), ("end", True)]
    assert run.progress == 2 and run.error is None and not run.running and run.elapsed > 0
    with pytest.raises(RuntimeError, match="make a new one"):
        run.start()


def test_listeners_are_a_list_on_the_run_called_in_order_even_after_one_fails():
    events = []
    run = BackgroundRun(lambda: run.report("half"), on_progress=lambda i: events.append(("a", i)))
    run.listeners.append(lambda info: events.append(("b", info)))

    def broken_view(r):
        events.append("broken end")
        raise RuntimeError("the view broke")

    run.end_listeners += [broken_view, lambda r: events.append(("end", r.running))]
    run.start(background=False)
    assert events == [("a", "half"), ("b", "half"), "broken end", ("end", True)]
    assert isinstance(run.error, RuntimeError) and "the view broke" in run.traceback


def test_a_search_run_carries_the_plan_it_is_given():
    search = LiveGridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5]}, cv=3)
    plan = search.plan(X, Y)
    run = SearchRun(search, X, Y, plan=plan)
    assert run.plan is plan and (run.n_total, run.n_splits, run.n_fits) == (2, 3, 6)


def test_a_failing_run_keeps_its_error_and_traceback():
    def work():
        raise ValueError("bad value in the work")

    ended = []
    run = BackgroundRun(work, on_end=ended.append).start(background=False)
    assert isinstance(run.error, ValueError) and ended == [run]
    assert "Traceback" in run.traceback and "bad value in the work" in run.traceback
    assert "in work" in run.traceback


def test_stop_is_sent_once_to_the_work():
    calls = []
    release = threading.Event()
    run = BackgroundRun(lambda: release.wait(10), stop=lambda: calls.append(1))
    run.start()
    run.stop()
    run.stop()
    release.set()
    run.wait(10)
    run.stop()  # after the end: nothing to stop
    assert calls == [1] and run.stop_requested


def test_warnings_of_a_run_are_recorded_and_others_shown_normally(monkeypatch):
    shown = []
    monkeypatch.setattr(
        warnings, "showwarning", lambda message, *args, **kwargs: shown.append(str(message))
    )
    filters = list(warnings.filters)
    started, release = threading.Event(), threading.Event()

    def work():
        warnings.warn("raised in the run", UserWarning, stacklevel=1)
        started.set()
        release.wait(10)
        assert warnings.filters == filters  # no filter changed while it runs
        warnings.warn("raised in the run, later", RuntimeWarning, stacklevel=1)

    run = BackgroundRun(work).start()
    assert started.wait(10)
    warnings.warn("raised in the notebook while the run goes on", UserWarning, stacklevel=1)
    release.set()
    run.wait(10)
    assert run.error is None
    assert shown == ["raised in the notebook while the run goes on"]
    assert run.warning_texts() == [
        "UserWarning: raised in the run",
        "RuntimeWarning: raised in the run, later",
    ]
    warnings.warn("raised in the notebook after the run", UserWarning, stacklevel=1)
    assert shown[-1] == "raised in the notebook after the run"
    assert warnings.filters == filters


def test_a_record_keeps_its_own_threads_warnings_only(monkeypatch):
    shown = []
    monkeypatch.setattr(
        warnings, "showwarning", lambda message, *args, **kwargs: shown.append(str(message))
    )
    filters = list(warnings.filters)
    inside = threading.Event()
    other = threading.Thread(
        target=lambda: (
            inside.wait(10),
            warnings.warn("raised in another thread", UserWarning, stacklevel=1),
        )
    )
    other.start()
    with record_warnings() as record:
        inside.set()  # the other thread warns while this record is active
        other.join(10)
        assert warnings.filters == filters  # no filter changed
        warnings.warn("raised in this thread", RuntimeWarning, stacklevel=1)
    assert not other.is_alive()
    assert shown == ["raised in another thread"]  # the normal handler, not the record
    assert record.texts() == ["RuntimeWarning: raised in this thread"]
    assert record.of(RuntimeWarning) == record.warnings and record.of(UserWarning) == []
    warnings.warn("raised after the block", UserWarning, stacklevel=1)
    assert shown[-1] == "raised after the block" and len(record.warnings) == 1


def test_records_nest():
    with record_warnings() as outer:
        warnings.warn("outer, before", UserWarning, stacklevel=1)
        with record_warnings() as inner:
            warnings.warn("inner", UserWarning, stacklevel=1)
        warnings.warn("outer, after", UserWarning, stacklevel=1)
    assert [str(w.message) for w in inner.warnings] == ["inner"]
    assert [str(w.message) for w in outer.warnings] == ["outer, before", "outer, after"]


def test_the_dispatcher_is_installed_once(monkeypatch):
    shown = []

    def handler(message, *args, **kwargs):
        shown.append(str(message))

    monkeypatch.setattr(warnings, "showwarning", handler)
    install_warning_dispatcher()
    dispatcher = warnings.showwarning
    install_warning_dispatcher()
    BackgroundRun(lambda: None).start(background=False)
    assert warnings.showwarning is dispatcher is not handler
    warnings.warn("shown once, not twice", UserWarning, stacklevel=1)
    assert shown == ["shown once, not twice"]


def test_a_handler_that_calls_back_into_the_dispatcher_does_not_loop(monkeypatch, capsys):
    install_warning_dispatcher()
    dispatcher = warnings.showwarning
    monkeypatch.setattr(warnings, "showwarning", lambda *args: dispatcher(*args))
    install_warning_dispatcher()  # wraps the handler that wraps it
    warnings.warn("no endless loop", UserWarning, stacklevel=1)
    assert "no endless loop" in capsys.readouterr().err


def test_failed_fits_reach_every_run_even_with_default_filters():
    # Python's default filters show a warning once per place: what the learner must see
    # (failed candidates) comes from the results, and the record still gets the warning
    with warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for _ in range(2):
            search = LiveGridSearchCV(PickyClassifier(), {"fail": [False, True]}, cv=2)
            run = SearchRun(search, X, Y).start(background=False)
            assert run.n_failed == 1
            assert any(w.category is FitFailedWarning for w in run.warnings)


def test_time_left_at_the_pace_so_far():
    assert time_left(10.0, 2, 6) == pytest.approx(20.0)
    assert time_left(3.0, 0, 6) is None and time_left(3.0, 6, 6) == 0.0


# -- a live search --------------------------------------------------------------------------


def test_a_search_run_counts_with_count_fits_and_chains_the_callback():
    seen = []
    search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=4, on_progress=seen.append)
    run = SearchRun(search, X, Y)
    assert (run.n_total, run.n_splits, run.n_fits) == (3, 4, count_fits(search.param_grid, 4))
    run.start(background=False)
    assert run.n_done == 3 and not run.stopped and run.n_failed == 0
    assert seen and seen[-1] is run.progress and search.on_progress == seen.append
    plain = GridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=4).fit(X, Y)
    np.testing.assert_array_equal(
        run.results["mean_test_score"], plain.cv_results_["mean_test_score"]
    )


def test_a_plain_search_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="LiveGridSearchCV"):
        SearchRun(GridSearchCV(SVC(), {"C": [1]}), X, Y)


def slow_search(n=6, **kwargs):
    grid = {"C": [0.5 * 2**i for i in range(n)], "sleep": [0.1]}
    return LiveGridSearchCV(PickyClassifier(), grid, cv=2, batch_size=1, **kwargs)


def test_a_stop_before_the_run_starts_is_kept_by_the_search():
    search = slow_search()
    stops = []
    stop = search.stop
    search.stop = lambda: (stops.append(1), stop())
    run = SearchRun(search, X, Y)
    run.stop()  # before the thread even exists
    run.start(background=False)
    assert stops == [1]  # sent once: the search keeps it
    assert run.stopped and 1 <= run.n_done < 6 and len(run.results) == run.n_done


def test_a_stop_during_the_run_ends_it_early_and_keeps_the_results():
    search = slow_search(n=8)
    run = SearchRun(search, X, Y)
    run.listeners.append(lambda info: info.n_done >= 1 and run.stop())
    run.start(background=False)
    assert run.stopped and 1 <= run.n_done < 8
    assert search.predict(X[:2]).shape == (2,)


def test_a_search_run_with_two_workers():
    search = LiveGridSearchCV(PickyClassifier(), {"C": [0.1, 1.0, 10.0]}, cv=2, n_jobs=2)
    run = SearchRun(search, X, Y).start(background=False)
    assert run.error is None and run.n_done == 3 and len(run.results) == 3


# -- a comparison ---------------------------------------------------------------------------


def comparison(**kwargs):
    space = {
        "knn__n_neighbors": make_distribution("integer", "1..9"),
        "knn__weights": ["uniform", "distance"],
    }
    kwargs = {"budget": 4, "repeats": 2, "cv": 3, "n_jobs": 1, **kwargs}
    return StrategyComparison(MODELS["knn"].make(), space, X, Y, **kwargs)


def test_a_comparison_run_grows_as_runs_finish():
    sizes = []
    run = ComparisonRun(comparison())
    run.listeners.append(
        lambda info: sizes.append(None if run.comparison is None else len(run.comparison.frame))
    )
    assert run.total == 12
    result = run.start(background=False).result
    assert result is run.comparison and not result.stopped and len(result.frame) == 12
    assert {4, 8} <= set(sizes)  # after the first and the second run
    assert (run.finished_runs, run.stopped_runs) == (3, 0)


def test_a_failing_comparison_keeps_the_finished_runs():
    def fail(info):
        if info.runs_done == 1:
            raise RuntimeError("the display broke")

    run = ComparisonRun(comparison(), on_progress=fail).start(background=False)
    assert isinstance(run.error, RuntimeError) and run.result is None
    assert run.comparison.stopped and set(run.comparison.frame["strategy"]) == {"grid"}
    assert run.partial() is not None and len(run.partial().frame) == 4


# -- the outputs of a search ----------------------------------------------------------------


def test_score_on_test_names_its_metric():
    X_train, X_test, y_train, y_test = split_data(load_dataset("iris"), 0.25, random_state=0)
    search = LiveGridSearchCV(SVC(), {"C": [1, 10]}, cv=3).fit(X_train, y_train)
    score = score_on_test(search, X_test, y_test)
    assert score.metric == "accuracy" and score.value == pytest.approx(
        search.best_estimator_.score(X_test, y_test)
    )
    search = LiveGridSearchCV(SVC(), {"C": [1, 10]}, cv=3, scoring="f1_macro")
    assert score_on_test(search.fit(X_train, y_train), X_test, y_test).metric == "f1_macro"
    search = LiveGridSearchCV(SVC(), {"C": [1, 10]}, cv=3, refit=False).fit(X_train, y_train)
    assert score_on_test(search, X_test, y_test) is None

    data = load_dataset("diabetes")
    X_train, X_test, y_train, y_test = split_data(data, 0.25, random_state=0)
    search = LiveGridSearchCV(MODELS["ridge"].make(), {"ridge__alpha": [0.1, 1]}, cv=3)
    assert score_on_test(search.fit(X_train, y_train), X_test, y_test).metric == "R²"


def test_split_data_stratifies_classes_only():
    iris = load_dataset("iris")
    *_, y_train, y_test = split_data(iris, 0.2, random_state=1)
    assert np.bincount(y_test).tolist() == [10, 10, 10]
    diabetes = load_dataset("diabetes")  # whole-number targets, but a regression
    X_train, X_test, *_ = split_data(diabetes, 0.25, random_state=0)
    assert len(X_train) + len(X_test) == len(diabetes.X)
    assert abs(len(X_test) - 0.25 * len(diabetes.X)) < 1


def test_export_results_writes_the_context_first(tmp_path):
    with pytest.raises(ValueError, match="no results to export yet"):
        export_results(None, tmp_path / "x.csv")
    frame = pd.DataFrame({"C": [1.0, 10.0], "mean_test_score": [0.9, 0.95]})
    path = export_results(
        frame, tmp_path / "r.csv", context={"dataset": "iris", "model": "svc"}, test_score=0.97
    )
    saved = pd.read_csv(path)
    assert list(saved.columns) == ["dataset", "model", "C", "mean_test_score", "test_score_of_best"]
    assert saved["test_score_of_best"].tolist() == [0.97, 0.97]
    assert list(frame.columns) == ["C", "mean_test_score"]  # the frame itself is unchanged


def test_state_works_without_ipywidgets():
    code = "import sys, hptlearn.state; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_run_keeps_going_while_the_main_thread_waits():
    run = BackgroundRun(lambda: time.sleep(0.3) or "slept").start()
    assert run.running
    assert run.wait(0.01) is None and run.running  # a timeout returns before the end
    assert run.wait(10) == "slept" and not run.running


# -- continue a search, a time limit ---------------------------------------------------------


def knn_session(strategy, n_iter=4, text="1..30", mode="integer", model="knn"):
    """A session on iris (fits of milliseconds); ``model="svc"`` searches ``svc__C``,
    whose continuous draws never repeat."""
    from hptlearn.state import SearchSession

    session = SearchSession(
        MODELS[model].make, "iris", cv=3, strategy=strategy, n_iter=n_iter, n_jobs=1
    )
    name = "knn__n_neighbors" if model == "knn" else "svc__C"
    session.editor.rows = [SpaceRow(name, mode, text)]
    return session


def test_continue_fits_only_the_new_candidates_and_equals_a_fresh_search():
    from hptlearn.state.search import can_continue

    session = knn_session("random", n_iter=5, text="1e-2..1e2", mode="log-uniform", model="svc")
    assert session.continue_reason().startswith("Run a search first")
    first = session.start(session.prepare(), background=False)
    assert first.n_reused == 0 and first.n_new == 5 and session.search.warm_start
    times = session.search.cv_results_["mean_fit_time"].copy()
    assert can_continue("random") and session.continue_reason() is None

    run = session.continue_search(4, background=False)
    search = session.search
    assert session.continued and search.n_iter == 9
    # the 5 earlier candidates come back with their own fit times: they were not refitted
    assert run.n_reused == 5 and run.n_new == 4 and run.plan.n_fits == 4 * 3
    np.testing.assert_array_equal(search.cv_results_["mean_fit_time"][:5], times)
    fresh = LiveRandomizedSearchCV(
        MODELS["svc"].make(), search.param_distributions, n_iter=9, cv=3, random_state=0
    ).fit(session.X_train, session.y_train)
    assert search.cv_results_["params"] == fresh.cv_results_["params"]
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], fresh.cv_results_["mean_test_score"]
    )
    assert search.best_params_ == fresh.best_params_
    assert session.test_score.value == pytest.approx(fresh.score(session.X_test, session.y_test))
    with pytest.raises(ValueError, match="whole number of candidates, at least 1"):
        session.continue_search(0)
    # a new Run starts a new search: nothing is reused
    assert session.start(session.prepare(), background=False).n_reused == 0


def test_continue_a_grid_finishes_the_candidates_a_stop_left_out():
    session = knn_session("grid", text="1, 3, 5, 7, 9, 11, 13, 15", mode="list")
    run = session.start(session.prepare())
    run.stop()  # honoured after the first candidate
    run.wait(60)
    n = run.n_evaluated
    assert run.stop_reason == "stop" and 1 <= n < 8
    assert session.continue_reason() is None
    run = session.continue_search(background=False)
    assert run.n_reused == n and run.n_new == 8 - n and not run.stopped
    plain = GridSearchCV(MODELS["knn"].make(), session.search.param_grid, cv=3).fit(
        session.X_train, session.y_train
    )
    np.testing.assert_array_equal(
        session.search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert "Every candidate of the grid is evaluated" in session.continue_reason()
    with pytest.raises(ValueError, match="nothing to continue"):
        session.continue_search()


def test_continue_a_stopped_hyperband_search_finishes_its_brackets():
    session = knn_session("hyperband")
    session.time_budget = 1e-6  # no candidate starts after the first
    run = session.start(session.prepare(), background=False)
    n = run.n_evaluated
    assert run.stop_reason == "time_budget" and n >= 1 and session.search.warm_start
    assert session.continue_reason() is None
    session.time_budget = ""
    run = session.continue_search(background=False)
    search = session.search
    assert run.n_reused == n and run.n_new > 0 and not run.stopped
    fresh = clone(search).set_params(warm_start=False, time_budget=None)
    fresh.fit(session.X_train, session.y_train)
    assert run.n_new == len(fresh.cv_results_["params"]) - n
    assert search.cv_results_["params"] == fresh.cv_results_["params"]
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], fresh.cv_results_["mean_test_score"]
    )
    assert "ran to its end" in session.continue_reason()


def test_continue_a_bayesian_search_continues_its_study():
    session = knn_session("bayes", n_iter=3)
    session.start(session.prepare(), background=False)
    run = session.continue_search(2, background=False)
    assert run.n_reused == 3 and run.n_new == 2 and run.plan.n_fits == 2 * 3
    assert len(session.search.study_.trials) == 5 == len(session.results)


def test_a_time_limit_ends_the_run_and_says_why():
    from hptlearn.state.search import check_time_budget

    session = knn_session("random", n_iter=30)
    session.time_budget = 1e-6  # no candidate starts after the first
    run = session.start(session.prepare(), background=False)
    assert session.search.time_budget == 1e-6
    assert run.stop_reason == "time_budget" and run.stopped
    assert 1 <= run.n_evaluated < 30
    # continued without a limit: 3 more candidates, to their end
    session.time_budget = 0
    run = session.continue_search(3, background=False)
    assert run.stop_reason is None and session.search.time_budget is None
    assert check_time_budget("") is None and check_time_budget(" 2 ") == 2.0
    for bad in (-1, "soon", float("inf"), True):
        with pytest.raises(ValueError, match="number of seconds"):
            check_time_budget(bad)
    session.time_budget = -3
    assert "number of seconds" in session.prepare().error


def test_the_checkpoint_goes_to_the_search_where_its_strategy_writes_one(tmp_path):
    from hptlearn.state.search import resumed_candidates

    session = knn_session("random", n_iter=3)
    session.checkpoint = str(tmp_path / "c.jsonl")
    run = session.start(session.prepare(), background=False)
    assert session.search.checkpoint == session.checkpoint and resumed_candidates(run.search) == 0
    again = knn_session("random", n_iter=3)
    again.checkpoint = session.checkpoint
    run = again.start(again.prepare(), background=False)
    assert resumed_candidates(run.search) == 3
    assert again.results["mean_test_score"].tolist() == session.results["mean_test_score"].tolist()
    without = [
        n for n, s in STRATEGIES.items() if "checkpoint" not in s.search_class._get_param_names()
    ]
    assert without == []  # every strategy's search writes one


def test_a_strategy_whose_search_writes_no_checkpoint_says_so(monkeypatch):
    import hptlearn.state.search as state_search

    takes = state_search._takes
    monkeypatch.setattr(
        state_search, "_takes", lambda cls, name: name != "checkpoint" and takes(cls, name)
    )
    session = knn_session("random")
    session.checkpoint = "c.jsonl"
    assert "cannot write a checkpoint file" in session.prepare().error
    session.checkpoint = "  "  # blank: no file
    assert session.prepare().error is None


def test_continue_successive_halving_draws_more_first_candidates():
    session = knn_session("halving-random", n_iter=6)
    session.start(session.prepare(), background=False)
    first = int(session.search.n_candidates_[0])
    rows = len(session.results)
    run = session.continue_search(3, background=False)
    assert session.search.n_candidates == first + 3 == int(session.search.n_candidates_[0])
    assert run.n_reused > 0 and run.n_new > 0 and run.n_evaluated == len(session.results) > rows


def test_a_multi_fidelity_session_on_too_small_data_names_a_roomier_data_set():
    from hptlearn.state.search import ROOMIER_DATASETS
    from hptlearn.state.space import MIN_RUNGS

    rows = [
        SpaceRow("knn__n_neighbors", "integer", "1..30"),
        SpaceRow("knn__weights", "categorical", "uniform, distance"),
    ]
    session = SearchSession(MODELS["knn"].make, "iris", cv=5, strategy="asha")
    session.editor.rows = rows
    assert session.dataset == "iris" and session.rungs() == 2
    assert session.roomier_dataset() == ROOMIER_DATASETS["classification"] == "digits"
    assert session.rungs() == 2 and len(session.editor.X) == 112  # the editor keeps its data
    session.load("digits")
    assert session.rungs() >= MIN_RUNGS and session.roomier_dataset() is None
    # with ten folds, digits leaves room for two iterations too: no move
    session = SearchSession(MODELS["knn"].make, "iris", cv=10, strategy="halving-random")
    session.editor.rows = rows
    assert session.rungs() == 1 and session.roomier_dataset() is None


def test_importance_of_a_session_needs_a_run_and_two_hyperparameters():
    session = SearchSession(MODELS["knn"].make, "iris", cv=3)
    with pytest.raises(ValueError, match="Run a search first"):
        session.importance()
    session.editor.rows = [
        SpaceRow("knn__n_neighbors", "list", "1, 3, 5, 9, 15, 25"),
        SpaceRow("knn__weights", "list", "uniform, distance"),
    ]
    session.start(session.prepare(), background=False)
    table = session.importance(n_bootstrap=3)
    assert sorted(table.index) == ["knn__n_neighbors", "knn__weights"]
    assert session.importance_warnings == []
    session.editor.rows[1].text = "uniform"
    session.start(session.prepare(), background=False)
    with pytest.raises(ValueError, match="varied only knn__n_neighbors"):
        session.importance()
