import threading
import time

import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.widgets import SearchProgress
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def test_initial_state_and_stable_repr():
    search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": [0.1, 1]}, cv=4)
    app = SearchProgress(search, X, Y)
    assert app.bar.max == 6 and app.bar.value == 0
    assert "Ready: 6 candidates × 4 folds = 24 fits" in app.status.value
    assert not app.run_button.disabled and app.stop_button.disabled
    assert repr(app) == "SearchProgress(LiveGridSearchCV, 6 candidates × 4 folds)"
    assert "hptlearn-search-progress" in app._dom_classes
    assert "hptlearn-status" in app.status._dom_classes
    assert app.results is None


def test_run_button_runs_the_search_in_the_background_to_the_end():
    search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": [0.1, 1]}, cv=3, batch_size=2)
    app = SearchProgress(search, X, Y)
    app.run_button.click()
    assert app.running or app.bar.value == 6
    app.wait(60)
    assert not app.running
    assert app.bar.value == 6 and app.bar.bar_style == "success"
    assert "Done: 6 of 6 candidates (18 fits)" in app.status.value
    assert f"best score {search.best_score_:.3f}" in app.status.value
    assert not app.run_button.disabled and app.stop_button.disabled
    assert len(app.results) == 6
    assert app.error is None


def test_run_while_running_starts_nothing_twice():
    grid = {"C": [1.0, 2.0, 3.0, 4.0], "sleep": [0.05]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2, batch_size=1)
    app = SearchProgress(search, X, Y)
    app.run()
    run = app.background
    app.run_button.click()
    app.run()
    assert app.background is run
    app.wait(60)
    assert len(search.cv_results_["params"]) == 4


def test_a_run_pressed_while_the_owner_shows_the_end_starts():
    showing, release = threading.Event(), threading.Event()

    def slow_owner(progress):  # Run is enabled; the owner's end takes a while
        if not showing.is_set():
            showing.set()
            release.wait(10)

    search = LiveGridSearchCV(SVC(), {"C": [0.1, 1]}, cv=3)
    app = SearchProgress(search, X, Y, on_end=slow_owner)
    app.run()
    assert showing.wait(60)
    first = app.background
    assert not app.run_button.disabled and first.running
    threading.Timer(0.3, release.set).start()
    app.run()  # waits for the end to be shown, then starts
    assert app.background is not first and not first.running
    app.wait(60)
    assert app.bar.value == 2


def test_stop_button_ends_the_search_and_keeps_partial_results():
    grid = {"C": [0.5, 1.0, 2.0, 4.0, 8.0, 16.0], "sleep": [0.15]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2, batch_size=1)
    app = SearchProgress(search, X, Y)
    app.run_button.click()
    wait_until(lambda: app.bar.value >= 1)
    assert not app.stop_button.disabled and app.run_button.disabled
    app.stop_button.click()
    app.wait(60)
    done = len(search.cv_results_["params"])
    assert 1 <= done < 6
    assert search.stopped_
    assert app.status.value.count(f"Stopped after {done} of 6 candidates ({2 * done} fits)") == 1
    assert app.bar.bar_style == "warning"
    assert len(app.results) == done
    assert search.predict(X[:3]).shape == (3,)
    # Run again: a full search from the start
    app.run(background=False)
    assert "Done: 6 of 6" in app.status.value
    assert len(app.results) == 6


def test_stop_pressed_before_the_search_began_is_not_lost():
    grid = {"C": [0.5, 1.0, 2.0, 4.0], "sleep": [0.1]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2, batch_size=1)
    app = SearchProgress(search, X, Y)
    app.run()
    app.stop()  # most likely before fit() started in the thread
    app.wait(60)
    assert search.stopped_
    assert len(search.cv_results_["params"]) < 4


def test_a_failing_search_shows_its_error_in_the_widget():
    search = LiveGridSearchCV(PickyClassifier(), {"fail": [True]}, cv=2)
    app = SearchProgress(search, X, Y)
    app.run(background=False)
    assert isinstance(app.error, ValueError)
    assert "Failed: ValueError" in app.status.value
    assert "All the 2 fits failed" in app.status.value
    assert app.bar.bar_style == "danger"
    assert not app.run_button.disabled and app.stop_button.disabled


def test_failed_candidates_are_counted_in_the_status():
    search = LiveGridSearchCV(PickyClassifier(), {"fail": [False, True]}, cv=2)
    app = SearchProgress(search, X, Y)
    app.run(background=False)
    assert app.error is None
    assert "1 candidate(s) failed to fit" in app.status.value
    assert any("fits failed" in w for w in app.warnings)


def test_users_own_callback_is_chained_and_restored():
    seen = []
    search = LiveRandomizedSearchCV(
        SVC(),
        {"C": [0.1, 1, 10, 100]},
        n_iter=3,
        cv=3,
        random_state=0,
        batch_size=1,
        on_progress=seen.append,
    )
    app = SearchProgress(search, X, Y)
    app.run(background=False)
    done = [info.n_done for info in seen]
    assert done[0] == 0 and done[-1] == 3 and done == sorted(done) and 1 in done and 2 in done
    assert seen[-1] is app.last_info  # the same reports as the widget, in the same order
    assert search.on_progress == seen.append


def test_plain_search_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="LiveGridSearchCV"):
        SearchProgress(GridSearchCV(SVC(), {"C": [1]}), X, Y)
