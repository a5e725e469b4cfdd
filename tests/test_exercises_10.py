"""Self-checks of notebook 10 (did we fool ourselves?), by value: the right standard error
and nested estimate are computed here independently (``statistics`` and an explicit loop
over the outer folds); each kind of wrong answer gets its hint, a placeholder a reminder,
a malformed answer a message."""

import math
import statistics

import numpy as np
import pytest
from sklearn.datasets import load_wine
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from hptlearn import nested_cv
from hptlearn.exercises import check_nested_estimate, check_standard_error
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

FOLDS = [0.96, 0.93, 1.0, 0.9, 0.97]


# --------------------------------------------------------------------------------------
# check_standard_error
# --------------------------------------------------------------------------------------


def test_standard_error_right():
    se = statistics.stdev(FOLDS) / math.sqrt(len(FOLDS))
    assert_right(check_standard_error(se, fold_scores=FOLDS))
    assert_right(check_standard_error(round(se, 4), fold_scores=FOLDS))
    assert_right(check_standard_error(str(se), fold_scores=np.array(FOLDS)))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (statistics.pstdev(FOLDS) / math.sqrt(5), "divisor", "ddof=1"),
        (statistics.stdev(FOLDS), "one fold's score", "sqrt(k)"),
        (statistics.pstdev(FOLDS), "one fold's score", "sqrt(k)"),
        (statistics.stdev(FOLDS) / 5, "the divisor", "square root"),
        (0.5, "Not quite", "standard deviation"),
    ],
)
def test_standard_error_wrong(answer, message, hint):
    assert_wrong(check_standard_error(answer, fold_scores=FOLDS), message, hint)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_standard_error_placeholder(placeholder):
    assert_told(check_standard_error(placeholder, fold_scores=FOLDS), "No answer yet")


@pytest.mark.parametrize("answer", ["small", [0.1, 0.2], float("nan")])
def test_standard_error_malformed(answer):
    assert_told(check_standard_error(answer, fold_scores=FOLDS), "must be")


@pytest.mark.parametrize("fold_scores", [[0.9], [0.9, float("nan")], []])
def test_standard_error_bad_setup(fold_scores):
    with pytest.raises(ValueError, match="at least two finite scores"):
        check_standard_error(0.01, fold_scores=fold_scores)


# --------------------------------------------------------------------------------------
# check_nested_estimate
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def setup():
    X, y = load_wine(return_X_y=True)
    inner = StratifiedKFold(3, shuffle=True, random_state=0)
    outer = StratifiedKFold(4, shuffle=True, random_state=1)
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 25]}, cv=inner)
    # the nested estimate by hand: one search per outer training set
    outer_scores = []
    for train, test in outer.split(X, y):
        fitted = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 25]}, cv=inner).fit(
            X[train], y[train]
        )
        outer_scores.append(np.mean(fitted.predict(X[test]) == y[test]))
    return X, y, search, outer, float(np.mean(outer_scores))


def test_nested_estimate_right(setup):
    X, y, search, outer, expected = setup
    assert_right(check_nested_estimate(expected, search=search, X=X, y=y, outer_cv=outer))
    assert_right(check_nested_estimate(round(expected, 3), search=search, X=X, y=y, outer_cv=outer))
    result = nested_cv(search, X, y, cv=outer)
    assert_right(check_nested_estimate(result, search=search, X=X, y=y, outer_cv=outer))
    as_dict = {"test_score": np.array([expected])}
    assert_right(check_nested_estimate(as_dict, search=search, X=X, y=y, outer_cv=outer))


def test_nested_estimate_inner_score_gets_a_hint(setup):
    X, y, search, outer, expected = setup
    fitted = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 25]}, cv=search.cv)
    fitted.fit(X, y)
    assert abs(fitted.best_score_ - expected) > 1e-3  # the slip is distinguishable here
    fb = check_nested_estimate(fitted.best_score_, search=search, X=X, y=y, outer_cv=outer)
    assert_wrong(fb, "inner estimate", "outer cross-validation")


def test_nested_estimate_not_nested_gets_a_hint(setup):
    X, y, search, outer, expected = setup
    best = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 5, 25]}, cv=search.cv)
    k = best.fit(X, y).best_params_["n_neighbors"]
    fixed = cross_val_score(KNeighborsClassifier(n_neighbors=k), X, y, cv=outer).mean()
    assert abs(fixed - expected) > 1e-3
    fb = check_nested_estimate(fixed, search=search, X=X, y=y, outer_cv=outer)
    assert_wrong(fb, "Not nested", "best_estimator_")


def test_nested_estimate_other_number(setup):
    X, y, search, outer, _ = setup
    fb = check_nested_estimate(0.5, search=search, X=X, y=y, outer_cv=outer)
    assert_wrong(fb, "Not quite", "cross_validate")


def test_nested_estimate_placeholders(setup):
    X, y, search, outer, expected = setup
    assert_told(
        check_nested_estimate(None, search=search, X=X, y=y, outer_cv=outer), "No answer yet"
    )
    assert_told(check_nested_estimate(expected, search=None, X=X, y=y, outer_cv=outer), "search")
    assert_told(check_nested_estimate(expected, search=search, X=X, y=y, outer_cv=None), "outer_cv")


def test_nested_estimate_same_splitter_object(setup):
    X, y, search, _, expected = setup
    fb = check_nested_estimate(expected, search=search, X=X, y=y, outer_cv=search.cv)
    assert_told(fb, "separate object")


def test_nested_estimate_malformed(setup):
    X, y, search, outer, _ = setup
    assert_told(check_nested_estimate("high", search=search, X=X, y=y, outer_cv=outer), "number")
    assert_told(check_nested_estimate([1, 2], search=search, X=X, y=y, outer_cv=outer), "number")


def test_nested_estimate_bad_setup(setup):
    X, y, search, outer, expected = setup
    with pytest.raises(TypeError, match="must be a search"):
        check_nested_estimate(expected, search=KNeighborsClassifier(), X=X, y=y, outer_cv=outer)
    with pytest.raises(ValueError, match="random_state"):
        check_nested_estimate(expected, search=search, X=X, y=y, outer_cv=KFold(4, shuffle=True))
