"""What the apps' polite live region says about a run, headless: that it started, about every
quarter of it, and how it ended (finished with the best candidate, stopped, failed), never
after every batch; and the names screen readers give the boxes of a hyperparameter row."""

import re

from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV
from hptlearn.widgets import SearchProgress
from hptlearn.widgets._base import ROW_NAMES, ParamRow
from hptlearn.widgets._live import Announcer, LiveRegion, SliderNames
from hptlearn.widgets.progress import _short_names

X, Y = load_iris(return_X_y=True)
GRID = {"C": [0.1, 1, 10, 100], "gamma": [0.01, 0.1, 1, 10]}  # 16 candidates


def record(region: LiveRegion) -> list[str]:
    """Every text the region takes from now on, in order."""
    said: list[str] = []
    region.observe(lambda change: said.append(change["new"]), names="text")
    return said


def test_the_announcer_speaks_at_the_start_each_quarter_and_the_end():
    say = Announcer()
    said = [say.start(40)]
    for done in range(1, 41):  # a report after every candidate
        said.append(say.progress(done, 40, best="0.950"))
    said.append(say.end(40, 40, best="0.973 with C=10, gamma=0.01"))
    spoken = [text for text in said if text]
    assert spoken == [
        "Search started: 40 candidates.",
        "10 of 40 candidates done; best so far 0.950.",
        "20 of 40 candidates done; best so far 0.950.",
        "30 of 40 candidates done; best so far 0.950.",
        "Search finished: 40 of 40 candidates, best 0.973 with C=10, gamma=0.01.",
    ]
    # a new run counts its quarters from zero again; a jump over two quarters says one
    assert say.start(8) == "Search started: 8 candidates."
    assert say.progress(7, 8) == "7 of 8 candidates done."
    assert say.progress(8, 8) is None  # the end says it


def test_the_announcer_says_how_a_run_ended():
    say = Announcer("Comparison")
    assert say.end(12, 40, stopped=True) == "Stopped after 12 of 40 candidates."
    assert say.stopping() == "Stopping the comparison at the next candidate."
    failed = say.end(3, 40, error=ValueError("bad C"))
    assert failed == "Comparison failed after 3 of 40 candidates: ValueError: bad C"


def test_a_search_announces_its_start_quarters_and_best_not_every_batch():
    search = LiveGridSearchCV(SVC(), GRID, cv=2, batch_size=1)
    progress = SearchProgress(search, X, Y)
    assert progress.live in progress.children  # one region, made once, whose text changes
    said = record(progress.live)
    reports = []
    search.on_progress = reports.append
    progress.run(background=False)
    assert len(reports) >= 16  # a report after every candidate...
    assert len(said) == 5, said  # ...but five sentences
    assert said[0] == "Search started: 16 candidates."
    assert [re.match(r"(\d+) of 16 candidates done", t)[1] for t in said[1:4]] == ["4", "8", "12"]
    best = search.best_params_
    assert said[-1] == (
        f"Search finished: 16 of 16 candidates, best {search.best_score_:.3f} with "
        f"C={best['C']:.4g}, gamma={best['gamma']:.4g}."
    )
    assert progress.live.text == said[-1]


def test_a_stopped_search_says_how_far_it_got():
    search = LiveGridSearchCV(SVC(), GRID, cv=2, batch_size=1)
    progress = SearchProgress(search, X, Y)
    said = record(progress.live)
    # Stop pressed after the third candidate, from the search's own thread
    search.on_progress = lambda info: progress.stop() if info.n_done == 3 else None
    progress.run(background=False)
    assert said[-2] == "Stopping the search at the next candidate."
    match = re.fullmatch(
        r"Stopped after (\d+) of 16 candidates, best 0\.\d{3} with C=.*\.", said[-1]
    )
    assert match, said
    assert 3 <= int(match[1]) < 16
    assert int(match[1]) == len(progress.results)


def test_a_failed_search_says_so():
    search = LiveGridSearchCV(SVC(), {"C": [-1.0]}, cv=2, error_score="raise")
    progress = SearchProgress(search, X, Y)
    progress.run(background=False)
    assert progress.error is not None
    assert progress.live.text.startswith("Search failed after 0 of 1 candidates: ")


def test_step_names_are_left_out_of_the_sentence():
    assert _short_names({"svc__C": 1, "svc__gamma": 0.1}) == {"C": 1, "gamma": 0.1}
    both = {"a__C": 1, "b__C": 2}
    assert _short_names(both) == both  # two would read the same: full names


def test_every_box_of_a_hyperparameter_row_has_a_name_for_screen_readers():
    row = ParamRow("svc__C", "0.1, 1")
    boxes = {"name": row.name, "values": row.values, "kind": row.kind, "range": row.range}
    assert {key: box.description for key, box in boxes.items()} == ROW_NAMES
    # a label of no width: the row looks as before, a screen reader says the name
    assert {box.style.description_width for box in boxes.values()} == {"0px"}
    row.show_error("Unknown hyperparameter 'svc__c'")
    assert row.name.description == "Hyperparameter name: Unknown hyperparameter 'svc__c'"
    row.show_error(None)
    assert row.name.description == "Hyperparameter name"


def test_the_apps_with_sliders_name_them_for_screen_readers():
    from hptlearn.widgets import ManualTuningApp

    app = ManualTuningApp()
    assert app.slider_names in app.children  # inside the app: its front end names the handles
    assert "hptlearn-app" in app._dom_classes
    assert ".noUi-handle" in SliderNames._esm and "aria-label" in SliderNames._esm
