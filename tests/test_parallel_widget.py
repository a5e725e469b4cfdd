"""Parallel coordinates you can brush, headless: the selection logic of
hptlearn.state.selection and the traits of hptlearn.widgets.ParallelCoordinates.

The brushing itself (drag in the browser, selection back in the kernel) is checked in
tests/browser/test_parallel_coordinates.py."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import traitlets
from scipy import stats
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hptlearn import LiveRandomizedSearchCV
from hptlearn.distributions import LogUniformInt
from hptlearn.results import results_frame
from hptlearn.state.selection import (
    axis_kind,
    check_selection,
    describe_selection,
    selected_indices,
    selection_mask,
    space_from_selection,
)

pytest.importorskip("anywidget")
from hptlearn.widgets import ParallelCoordinates  # noqa: E402
from hptlearn.widgets.parallel import STATIC  # noqa: E402


def synthetic_results(n=24, seed=0, failed=(3,)):
    """A cv_results_ dict: C log-spread, kernel categorical, degree numeric, one failure."""
    rng = np.random.default_rng(seed)
    C = 10.0 ** rng.uniform(-3, 3, n)
    kernel = rng.choice(["rbf", "linear", "poly"], n)
    degree = rng.integers(1, 6, n)
    score = 0.7 + 0.2 * np.exp(-(np.log10(C) ** 2) / 4) + 0.05 * (kernel == "rbf")
    split0, split1 = score - 0.01, score + 0.01
    for i in failed:
        split0[i] = split1[i] = score[i] = np.nan
    params = [
        {"C": float(c), "kernel": str(k), "degree": int(d)}
        for c, k, d in zip(C, kernel, degree, strict=True)
    ]
    ranks = pd.Series(score).rank(ascending=False, method="min").fillna(n).astype(int)
    return {
        "params": params,
        "param_C": np.ma.masked_array(C),
        "param_kernel": np.ma.masked_array(kernel, dtype=object),
        "param_degree": np.ma.masked_array(degree),
        "split0_test_score": split0,
        "split1_test_score": split1,
        "mean_test_score": score,
        "std_test_score": np.full(n, 0.01),
        "rank_test_score": ranks.to_numpy(),
        "mean_fit_time": np.full(n, 0.01),
    }


@pytest.fixture(scope="module")
def results():
    return synthetic_results()


@pytest.fixture(scope="module")
def frame(results):
    return results_frame(results)


def expected(frame, c_low, c_high, kernels):
    """The selection counted by hand, with pandas."""
    keep = frame["C"].between(c_low, c_high) & frame["kernel"].isin(kernels)
    return list(frame.loc[keep, "order"])


# --- headless selection logic -----------------------------------------------------------


def test_selected_candidates_are_those_inside_every_range(frame):
    selection = {"C": [0.01, 5.0], "kernel": ["rbf", "poly"]}
    chosen = selected_indices(frame, selection)
    assert chosen == expected(frame, 0.01, 5.0, ["rbf", "poly"])
    assert 0 < len(chosen) < len(frame)
    # one axis alone selects more: the axes combine with AND
    assert len(selected_indices(frame, {"C": [0.01, 5.0]})) > len(chosen)
    # nothing selected: every candidate
    assert selected_indices(frame, {}) == list(range(len(frame)))


def test_a_failed_candidate_is_outside_a_score_range_but_inside_a_parameter_range(frame):
    failed = int(frame.index[frame["status"] == "failed"][0])
    c = frame.loc[failed, "C"]
    assert failed in selected_indices(frame, {"C": [c, c]})  # ends included
    assert failed not in selected_indices(frame, {"mean_test_score": [0.0, 1.0]})
    assert len(selected_indices(frame, {"mean_test_score": [0.0, 1.0]})) == len(frame) - 1


def test_the_description_counts_names_the_ranges_and_the_scores(frame):
    selection = {"C": [0.1, 10], "kernel": ["rbf"]}
    text = describe_selection(frame, selection)
    mask = selection_mask(frame, selection)
    scores = frame.loc[mask, "mean_test_score"]
    assert text == (
        f"{mask.sum()} of {len(frame)} candidates: C between 0.1 and 10, kernel rbf; "
        f"scores {scores.min():.3f} to {scores.max():.3f}"
    )
    assert describe_selection(frame, {"mean_test_score": [0.8, 0.95]}).startswith(
        f"{((frame['mean_test_score'] >= 0.8) & (frame['mean_test_score'] <= 0.95)).sum()} "
        f"of {len(frame)} candidates: score between 0.800 and 0.950"
    )
    assert describe_selection(frame, {}).endswith("; 1 failed")


def test_bad_selections_say_what_is_wrong(frame):
    with pytest.raises(ValueError, match="'gamma' is not an axis.*C, degree, kernel"):
        check_selection(frame, {"gamma": [1, 2]})
    with pytest.raises(ValueError, match=r"'C' is a numeric axis: select it with \[low, high\]"):
        check_selection(frame, {"C": ["rbf"]})
    with pytest.raises(ValueError, match="'kernel' is a categorical axis"):
        check_selection(frame, {"kernel": "rbf"})
    assert check_selection(frame, {"C": (10, 1)}) == {"C": [1.0, 10.0]}
    assert axis_kind(frame, "degree") == "range" and axis_kind(frame, "kernel") == "categories"


def test_refine_space_filters_lists_and_narrows_distributions():
    space = {
        "C": stats.loguniform(1e-3, 1e3),
        "gamma": [0.001, 0.01, 0.1, 1],
        "kernel": ["rbf", "linear", "poly"],
        "degree": stats.randint(1, 6),
        "tol": stats.uniform(0.0, 1.0),
        "n": LogUniformInt(1, 1000),
    }
    selection = {
        "C": [0.1, 10.0],
        "gamma": [0.005, 0.5],
        "kernel": ["rbf", "poly"],
        "degree": [1.5, 3.7],
        "tol": [0.25, 2.0],
        "n": [9.5, 120.2],
        "mean_test_score": [0.9, 1.0],  # the score is not in a space: ignored
    }
    refined = space_from_selection(selection, space)
    assert refined["gamma"] == [0.01, 0.1]
    assert refined["kernel"] == ["rbf", "poly"]
    assert refined["C"].dist.name == "loguniform"  # log kept
    assert refined["C"].support() == pytest.approx((0.1, 10.0))
    assert refined["degree"].support() == (2, 3)
    assert refined["tol"].dist.name == "uniform"
    assert refined["tol"].support() == pytest.approx((0.25, 1.0))
    assert refined["n"] == LogUniformInt(10, 120)
    assert space["gamma"] == [0.001, 0.01, 0.1, 1]  # the space itself is left alone
    assert space_from_selection({}, space)["gamma"] == space["gamma"]


def test_refine_space_drops_parts_of_a_list_of_dicts_and_says_when_nothing_is_left():
    space = [{"kernel": ["rbf"], "gamma": [0.01, 0.1]}, {"kernel": ["linear"]}]
    assert space_from_selection({"gamma": [0.05, 1]}, space) == [
        {"kernel": ["rbf"], "gamma": [0.1]}
    ]
    assert space_from_selection({"kernel": ["linear"]}, space) == [{"kernel": ["linear"]}]
    with pytest.raises(ValueError, match="Nothing of the space is left"):
        space_from_selection({"gamma": [5, 10]}, space)
    with pytest.raises(ValueError, match="'C' is selected but is not in the space"):
        space_from_selection({"C": [1, 2]}, space)
    with pytest.raises(ValueError, match="cannot narrow a norm distribution"):
        space_from_selection({"C": [1, 2]}, {"C": stats.norm(0, 1)})


# --- the widget ---------------------------------------------------------------------------


def test_the_widget_sends_axes_ticks_colours_and_a_note_on_failures(results, frame):
    widget = ParallelCoordinates(results)
    axes = {a["name"]: a for a in widget.data["axes"]}
    assert list(axes) == ["C", "degree", "kernel", "mean_test_score"]
    assert axes["C"]["kind"] == "log" and axes["C"]["label"] == "C (log)"
    labels = [t[1] for t in axes["C"]["ticks"]]
    assert {"0.01", "0.1", "1", "10", "100"} <= set(labels)  # powers of ten
    assert axes["degree"]["kind"] == "linear"
    assert [c[1] for c in axes["kernel"]["categories"]] == ["linear", "poly", "rbf"]
    assert axes["mean_test_score"]["label"] == "mean CV score"
    score_ticks = [float(t[1]) for t in axes["mean_test_score"]["ticks"][1:-1]]
    assert all(round(v, 2) == v for v in score_ticks)  # round numbers
    n = len(frame)
    assert len(widget.data["lines"]) == len(widget.data["colors"]) == n
    failed = widget.data["failed"].index(True)
    assert widget.data["colors"][failed] is None and widget.data["lines"][failed][-1] is None
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in widget.data["colors"] if c)
    assert widget.data["note"] == "1 failed candidate: grey dashed, no score."
    assert widget.description.startswith(f"{n} of {n} candidates (no range selected)")


def test_setting_the_selection_updates_indices_description_and_frame(results, frame):
    widget = ParallelCoordinates(results)
    widget.selection = {"C": [0.01, 5.0], "kernel": ["rbf", "poly"]}
    assert widget.selected_indices == expected(frame, 0.01, 5.0, ["rbf", "poly"])
    assert list(widget.selected["order"]) == widget.selected_indices
    assert widget.description.startswith(f"{len(widget.selected_indices)} of {len(frame)}")
    assert "C between 0.01 and 5, kernel rbf or poly" in widget.description
    with pytest.raises(traitlets.TraitError, match="'kernel' is a categorical axis"):
        widget.selection = {"kernel": 3}
    assert widget.selection == {"C": [0.01, 5.0], "kernel": ["rbf", "poly"]}  # kept
    # as the front end sends it: a selection from a brush, in the axes' units
    widget.set_state({"selection": {"mean_test_score": [0.85, 1.0]}})
    assert widget.selected_indices == list(
        frame.loc[frame["mean_test_score"].between(0.85, 1.0), "order"]
    )


def test_a_log_space_gives_a_log_axis_even_over_a_narrow_range():
    frame = pd.DataFrame(
        {
            "order": range(4),
            "C": [1.0, 2.0, 4.0, 8.0],
            "mean_test_score": [0.8, 0.9, 0.85, 0.7],
            "status": ["ok"] * 4,
        }
    )
    linear = ParallelCoordinates(frame).data["axes"][0]
    log = ParallelCoordinates(frame, space={"C": stats.loguniform(1, 10)}).data
    assert linear["kind"] == "linear" and log["axes"][0]["kind"] == "log"
    assert [row[0] for row in log["lines"]] == pytest.approx([0, 1 / 3, 2 / 3, 1])


def test_the_refined_space_feeds_the_next_search():
    X, y = load_iris(return_X_y=True)
    space = {"C": stats.loguniform(1e-2, 1e2), "kernel": ["rbf", "linear"]}
    search = LiveRandomizedSearchCV(SVC(), space, n_iter=6, cv=2, random_state=0).fit(X, y)
    widget = ParallelCoordinates(search)
    widget.selection = {"C": [0.5, 50.0], "kernel": ["rbf"]}
    refined = widget.refine_space()
    assert refined["kernel"] == ["rbf"]
    assert refined["C"].support() == pytest.approx((0.5, 50.0))
    assert space_from_selection(widget, space)["C"].support() == refined["C"].support()
    again = LiveRandomizedSearchCV(SVC(), refined, n_iter=4, cv=2, random_state=1).fit(X, y)
    drawn = results_frame(again)
    assert set(drawn["kernel"]) == {"rbf"}
    assert drawn["C"].between(0.5, 50.0).all()


def test_the_front_end_ships_in_the_package_and_loads_nothing_from_the_network():
    js = STATIC / "parallel_coordinates.js"
    css = STATIC / "parallel_coordinates.css"
    assert str(ParallelCoordinates._esm) == js.read_text()  # read from the package
    assert str(ParallelCoordinates._css) == css.read_text()
    for path in (js, css):
        text = Path(path).read_text()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path
        assert not re.search(r"""\bimport\s*(\(|[^;]*\bfrom\s*["'])""", text), path
    text = js.read_text()
    assert "export default" in text and "aria-live" in text and "tabindex" in text
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", css.read_text())  # colours from style.py


def test_values_json_cannot_carry_are_named_by_their_label():
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    scalers = [StandardScaler(), MinMaxScaler(), "passthrough"]
    frame = pd.DataFrame(
        {
            "order": range(6),
            "scale": scalers * 2,
            "k": [1, 3, 5, 7, 9, 11],
            "mean_test_score": [0.9, 0.8, 0.7, 0.95, 0.85, 0.75],
            "status": ["ok"] * 6,
        }
    )
    widget = ParallelCoordinates(frame)
    scale = next(a for a in widget.data["axes"] if a["name"] == "scale")
    labels = [c[1] for c in scale["categories"]]
    assert labels == ["StandardScaler()", "MinMaxScaler()", "passthrough"]
    widget.set_state({"selection": {"scale": ["MinMaxScaler()", "passthrough"], "k": [2, 10]}})
    assert widget.selected_indices == [1, 2, 4]
    refined = space_from_selection(widget, {"scale": scalers, "k": list(range(1, 12))})
    assert refined["scale"][1:] == ["passthrough"] and type(refined["scale"][0]) is MinMaxScaler
    assert refined["k"] == list(range(2, 11))
