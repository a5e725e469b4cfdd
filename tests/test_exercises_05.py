"""The self-check of notebook 05's exercise on continuing a search, by value: the right
count is what a continued live search plans and fits; each kind of wrong answer gets its
hint, a placeholder a reminder, a malformed answer a message."""

import pytest
from sklearn.datasets import load_iris
from sklearn.neighbors import KNeighborsClassifier

from hptlearn import LiveRandomizedSearchCV
from hptlearn.exercises.nb05 import check_continued_fits
from tests.feedback_asserts import assert_right, assert_told, assert_wrong


def test_the_right_count_is_what_a_continued_search_fits():
    X, y = load_iris(return_X_y=True)
    search = LiveRandomizedSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": list(range(1, 101))},
        n_iter=3,
        cv=3,
        random_state=0,
        warm_start=True,
    ).fit(X, y)
    times = search.cv_results_["mean_fit_time"].copy()
    plan = search.set_params(n_iter=5).plan(X, y)
    search.fit(X, y)
    assert plan.reused_candidates == 3 and len(search.cv_results_["params"]) == 5
    assert (search.cv_results_["mean_fit_time"][:3] == times).all()  # not fitted again
    assert_right(check_continued_fits(plan.n_fits, n_before=3, n_after=5, cv=3))
    assert_wrong(check_continued_fits(5 * 3, n_before=3, n_after=5, cv=3))


def test_right_answers_in_every_form():
    assert_right(check_continued_fits(100))  # 30 -> 50 candidates, 5 folds
    assert_right(check_continued_fits("100"))
    assert_right(check_continued_fits(100.0))
    assert_right(check_continued_fits(30, n_before=10, n_after=20, cv=3))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (250, "evaluates all 50 candidates again", "plain scikit-learn fits again"),
        (101, "counts the refit", "Leave out the refit"),
        (251, "counts the refit", "Leave out the refit"),
        (20, "counts candidates, not fits", "once per fold"),
        (400, "counts both fits", "only what the second fit runs"),
        (150, "150 fits", "Which candidates are new"),
    ],
)
def test_wrong_answers_get_their_hint(answer, message, hint):
    assert_wrong(check_continued_fits(answer), message, hint)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholder_gets_a_reminder(placeholder):
    assert_told(
        check_continued_fits(placeholder), "No answer yet: replace the placeholder with a whole"
    )


@pytest.mark.parametrize("answer", ["a hundred", 100.5, True, -5])
def test_malformed_answers_say_how_to_write_one(answer):
    fb = check_continued_fits(answer)
    assert fb.correct is False and fb.hint is None and "number of fits" in fb.message


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_before": 50, "n_after": 30}, "n_after must be larger than n_before"),
        ({"cv": 0}, "cv must be a whole number"),
        ({"n_before": 2.5}, "n_before must be a whole number"),
    ],
)
def test_bad_set_up_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        check_continued_fits(100, **kwargs)
