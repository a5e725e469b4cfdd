import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, results_frame
from hptlearn.plots import heatmap_data, plot_heatmap
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def search3():
    grid = {"C": [0.1, 1, 10], "gamma": [0.01, 0.1], "kernel": ["rbf", "sigmoid"]}
    return LiveGridSearchCV(SVC(), grid, cv=3).fit(X, Y)


def test_heatmap_data_two_params_is_the_score_table():
    search = LiveGridSearchCV(SVC(), {"C": [10, 0.1, 1], "gamma": [0.1, 0.01]}, cv=3).fit(X, Y)
    d = heatmap_data(search, x="gamma", y="C")
    assert d.x_values == [0.01, 0.1] and d.y_values == [0.1, 1, 10]
    frame = results_frame(search)
    for i, c in enumerate(d.y_values):
        for j, g in enumerate(d.x_values):
            row = frame[(frame["C"] == c) & (frame["gamma"] == g)]
            assert d.scores[i, j] == row["mean_test_score"].item()
    assert not d.failed.any()
    assert d.others == ""


def test_heatmap_data_others_at_best_or_averaged(search3):
    frame = results_frame(search3)
    best_kernel = search3.best_params_["kernel"]
    d = heatmap_data(search3, x="gamma", y="C", others="best")
    assert d.others == f"others at best: kernel={best_kernel}"
    sub = frame[frame["kernel"] == best_kernel]
    assert d.scores[0, 0] == sub[(sub["C"] == 0.1) & (sub["gamma"] == 0.01)][
        "mean_test_score"].item()
    m = heatmap_data(search3, x="gamma", y="C", others="mean")
    assert m.others == "averaged over kernel"
    expected = frame[(frame["C"] == 10) & (frame["gamma"] == 0.1)]["mean_test_score"].mean()
    assert m.scores[2, 1] == pytest.approx(expected)


def test_heatmap_marks_failed_candidates():
    grid = {"C": [1.0, 10.0], "fail": [False, True]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, Y)
    d = heatmap_data(search, x="fail", y="C")
    assert d.failed.tolist() == [[False, True], [False, True]]
    assert np.isnan(d.scores[:, 1]).all() and np.isfinite(d.scores[:, 0]).all()
    ax = plot_heatmap(search, x="fail", y="C")
    assert any(t.get_text() == "failed" for t in ax.texts)


def test_heatmap_bad_names_are_explained(search3):
    with pytest.raises(ValueError, match="x='gama' is not a hyperparameter.*C, gamma, kernel"):
        heatmap_data(search3, x="gama", y="C")
    with pytest.raises(ValueError, match="two different"):
        heatmap_data(search3, x="C", y="C")
    with pytest.raises(ValueError, match="others"):
        heatmap_data(search3, x="C", y="gamma", others="max")


def test_plot_heatmap_draws_on_given_axes_with_labels(search3):
    fig, ax = plt.subplots()
    out = plot_heatmap(search3, x="C", y="gamma", ax=ax)
    assert out is ax
    assert ax.get_xlabel() == "C (log scale)" and ax.get_ylabel() == "gamma"
    assert "kernel=" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.1", "1", "10"]
    assert len([t for t in ax.texts if t.get_text()[:2] in ("0.", "1.")]) == 6
    # a results frame works as well as the search
    ax2 = plot_heatmap(results_frame(search3), x="C", y="gamma")
    assert ax2 is not ax
