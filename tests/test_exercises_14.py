"""Self-check of notebook 14 (the capstone): the notebook's solution (a third part with
LogUniformInt(1, 50)) and a list of log-spaced whole numbers are right; a uniform randint,
real-valued draws, a wrong range, a missing part or a lost part of section 4 each get their
own hint; a placeholder or a malformed space gets a message."""

import numpy as np
import pytest
from scipy.stats import loguniform, randint
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

import hptlearn.exercises as exercises
from hptlearn.distributions import LogUniformInt
from hptlearn.exercises import check_third_model
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

SECTION_4 = [
    {
        "model": [HistGradientBoostingClassifier(random_state=0)],
        "model__learning_rate": loguniform(0.01, 1),
        "model__max_leaf_nodes": LogUniformInt(2, 64),
    },
    {"model": [LogisticRegression()], "model__C": loguniform(1e-3, 1e3)},
]


def knn(values):
    return {"model": [KNeighborsClassifier()], "model__n_neighbors": values}


def test_listed_in_the_module():
    assert "check_third_model" in exercises.__all__
    assert ":func:`check_third_model`" in exercises.__doc__


def test_the_solution_is_right():
    fb = check_third_model(SECTION_4 + [knn(LogUniformInt(1, 50))])
    assert_right(fb)
    assert "from 1 to 50" in fb.message


def test_a_log_spaced_list_is_right():
    values = sorted({int(v) for v in np.geomspace(1, 50, 20).round()})
    assert_right(check_third_model(SECTION_4 + [knn(values)]))


@pytest.mark.parametrize(
    "values, message, hint",
    [
        (randint(1, 51), "uniform", "LogUniformInt(1, 50)"),
        (list(range(1, 51)), "uniform", "log scale"),
        (loguniform(1, 50), "whole numbers", "real numbers"),
        (LogUniformInt(1, 10), "from 1 to 10", "1 to 50"),
        (LogUniformInt(5, 50), "from 5 to 50", "1 to 50"),
        ([1, 2, 3, 4, 50], "too many", "geomspace"),
    ],
)
def test_wrong_distributions(values, message, hint):
    assert_wrong(check_third_model(SECTION_4 + [knn(values)]), message, hint)


def test_wrong_parts():
    assert_wrong(check_third_model(SECTION_4), "no part", "KNeighborsClassifier")
    assert_wrong(check_third_model([SECTION_4[0], knn(LogUniformInt(1, 50))]), "2 part", "Keep")
    no_k = {"model": [KNeighborsClassifier()]}
    assert_wrong(check_third_model(SECTION_4 + [no_k]), "n_neighbors", "model__n_neighbors")


def test_placeholder_and_malformed():
    assert_told(check_third_model(None), "No answer yet")
    assert_told(check_third_model(SECTION_4[0]), "list of dicts")
    assert_told(check_third_model("knn"), "list of dicts")
    assert_told(check_third_model(SECTION_4 + [knn([])]), "empty")
