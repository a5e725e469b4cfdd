import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import make_scorer, zero_one_loss
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, results_frame
from hptlearn.results import param_columns, score_column
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def svc_search():
    grid = {"C": [0.1, 1, 10], "gamma": [0.01, 0.1]}
    return LiveGridSearchCV(SVC(), grid, cv=3).fit(X, Y)


def test_one_row_per_candidate_in_evaluation_order(svc_search):
    frame = results_frame(svc_search)
    cv = svc_search.cv_results_
    assert len(frame) == 6
    assert frame["order"].tolist() == list(range(6))
    assert frame["C"].tolist() == [p["C"] for p in cv["params"]]
    assert frame["gamma"].tolist() == [p["gamma"] for p in cv["params"]]
    np.testing.assert_array_equal(frame["mean_test_score"], cv["mean_test_score"])
    np.testing.assert_array_equal(frame["std_test_score"], cv["std_test_score"])
    np.testing.assert_array_equal(frame["rank_test_score"], cv["rank_test_score"])
    np.testing.assert_array_equal(frame["mean_fit_time"], cv["mean_fit_time"])
    assert (frame["status"] == "ok").all()
    assert frame["error"].isna().all()
    assert param_columns(frame) == ["C", "gamma"]
    assert score_column(frame) == "mean_test_score"


def test_sort_puts_the_best_first_and_keeps_ties_in_evaluation_order(svc_search):
    frame = results_frame(svc_search, sort=True)
    assert frame["rank_test_score"].is_monotonic_increasing
    for _, group in frame.groupby("rank_test_score"):
        assert group["order"].is_monotonic_increasing
    assert frame.iloc[0][["C", "gamma"]].to_dict() == svc_search.best_params_


def test_plain_scikit_learn_search_and_cv_results_dict_are_accepted(svc_search):
    plain = GridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": [0.01, 0.1]}, cv=3).fit(X, Y)
    a = results_frame(plain)
    b = results_frame(plain.cv_results_)
    pd.testing.assert_frame_equal(a, b)
    cols = ["C", "gamma", "mean_test_score", "rank_test_score"]
    pd.testing.assert_frame_equal(a[cols], results_frame(svc_search)[cols])


def test_pipeline_names_list_of_dicts_and_train_scores():
    grid = [
        {"svc__kernel": ["linear"], "svc__C": [1, 10]},
        {"svc__kernel": ["rbf"], "svc__C": [1], "svc__gamma": [0.1, 1.0]},
    ]
    search = LiveGridSearchCV(
        make_pipeline(StandardScaler(), SVC()), grid, cv=3, return_train_score=True
    ).fit(X, Y)
    frame = results_frame(search)
    assert param_columns(frame) == ["svc__C", "svc__gamma", "svc__kernel"]
    assert frame["svc__kernel"].tolist() == ["linear", "linear", "rbf", "rbf"]
    assert frame["svc__gamma"].isna().tolist() == [True, True, False, False]
    assert "mean_train_score" in frame and "std_train_score" in frame


def test_failed_candidates_are_marked_with_their_error():
    grid = {"fail": [False, True], "C": [1.0, 10.0]}
    for error_score in (np.nan, 0.0):
        search = LiveGridSearchCV(PickyClassifier(), grid, cv=3, error_score=error_score)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search.fit(X, Y)
        frame = results_frame(search)
        # ParameterGrid varies the last name (sorted) fastest: fail
        assert frame["fail"].tolist() == [False, True, False, True]
        assert frame["status"].tolist() == ["ok", "failed", "ok", "failed"]
        assert frame["error"][1] == "ValueError: PickyClassifier refuses to fit with fail=True"
        assert frame["error"][[0, 2]].isna().all()


def test_plain_search_failures_are_found_from_nan_scores():
    grid = {"fail": [False, True]}
    plain = GridSearchCV(PickyClassifier(), grid, cv=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain.fit(X, Y)
    assert results_frame(plain)["status"].tolist() == ["ok", "failed"]


def test_multimetric_columns():
    search = LiveGridSearchCV(
        SVC(), {"C": [0.1, 1]}, cv=3, scoring={"acc": "accuracy", "f1": "f1_macro"}, refit="acc"
    ).fit(X, Y)
    frame = results_frame(search)
    for col in ("mean_test_acc", "std_test_acc", "rank_test_acc", "mean_test_f1"):
        assert col in frame
    assert score_column(frame) == "mean_test_acc"
    assert param_columns(frame) == ["C"]


def test_unfitted_search_gets_a_clear_error():
    with pytest.raises(TypeError, match=r"call \.fit\(X, y\) first"):
        results_frame(GridSearchCV(SVC(), {"C": [1]}))


# -- the ranking metric of a multimetric search: refit's, carried with the frame ----------

# refit names the last metric: neither the first in scoring's order nor alphabetically.
# zero_one_loss scored as "greater is better" ranks the candidates against accuracy, so a
# frame or a figure that followed another metric would put other candidates first.
MULTI_SCORING = {
    "recall_macro": "recall_macro",
    "accuracy": "accuracy",
    "zero_one": make_scorer(zero_one_loss),
}


@pytest.fixture(scope="module")
def multimetric_search():
    grid = {"C": [0.01, 0.1, 1, 10], "gamma": [0.01, 1.0]}
    return LiveGridSearchCV(SVC(), grid, cv=3, scoring=MULTI_SCORING, refit="zero_one").fit(X, Y)


def test_multimetric_frame_follows_refit(multimetric_search):
    search = multimetric_search
    frame = results_frame(search)
    assert frame.attrs["hptlearn"] == {
        "params": ["C", "gamma"],
        "metric": "zero_one",
        "metrics": ["recall_macro", "accuracy", "zero_one"],
        "score": "mean_test_zero_one",
        "std": "std_test_zero_one",
        "rank": "rank_test_zero_one",
    }
    assert score_column(frame) == "mean_test_zero_one"
    assert score_column(frame, prefix="rank_test_") == "rank_test_zero_one"
    assert param_columns(frame) == ["C", "gamma"]
    ranked = results_frame(search, sort=True)
    assert ranked["rank_test_zero_one"].is_monotonic_increasing
    assert ranked.iloc[0][["C", "gamma"]].to_dict() == search.best_params_
    # the order differs from that of the other metrics: the test can tell them apart
    assert not ranked["rank_test_accuracy"].is_monotonic_increasing
    assert not ranked["rank_test_recall_macro"].is_monotonic_increasing


def test_cv_results_dict_takes_refit_and_defaults_to_scoring_order(multimetric_search):
    cv = multimetric_search.cv_results_
    assert score_column(results_frame(cv, refit="zero_one")) == "mean_test_zero_one"
    assert score_column(results_frame(cv)) == "mean_test_recall_macro"
    assert score_column(results_frame(cv, refit=False)) == "mean_test_recall_macro"


def test_layout_survives_selection_and_a_csv_frame_is_guessed(multimetric_search, tmp_path):
    frame = results_frame(multimetric_search)
    subset = frame[frame["status"] == "ok"].sort_values("C")[["gamma", "mean_test_zero_one"]]
    assert param_columns(subset) == ["gamma"]
    assert score_column(subset) == "mean_test_zero_one"
    path = tmp_path / "results.csv"
    frame.to_csv(path, index=False)
    read = pd.read_csv(path)
    assert read.attrs == {}
    assert param_columns(read) == ["C", "gamma"]
    # without the layout, the first metric of the frame is the guess
    assert score_column(read) == "mean_test_recall_macro"
    with pytest.raises(ValueError, match="return_train_score=True"):
        score_column(frame, prefix="mean_train_")
    with pytest.raises(ValueError, match="not a results frame"):
        score_column(pd.DataFrame({"C": [1]}))
