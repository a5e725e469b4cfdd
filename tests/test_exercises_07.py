"""Self-checks of notebook 07 (successive halving), by value: the right schedule and cost
are what scikit-learn's halving search and hand arithmetic give; each kind of wrong answer
gets its hint, a placeholder a reminder, a malformed answer a message."""

import numpy as np
import pytest
from scipy.stats import kendalltau, pearsonr, rankdata, spearmanr
from sklearn.dummy import DummyClassifier

from hptlearn import LiveHalvingGridSearchCV, halving_schedule
from hptlearn.exercises import (
    check_full_fit_equivalents,
    check_halving_candidates,
    check_rank_correlation,
)
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

SCHEDULE = {  # 27 candidates, factor 3, 100 to 2700 samples, 5 splits
    "n_candidates": [27, 9, 3, 1],
    "n_resources": [100, 300, 900, 2700],
    "max_resources": 2700,
    "n_splits": 5,
}


# --------------------------------------------------------------------------------------
# check_halving_candidates
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_candidates, factor", [(9, 3), (10, 2), (50, 3)])
def test_halving_candidates_agree_with_scikit_learn(n_candidates, factor):
    # enough samples that they never limit the iterations: scikit-learn's own counts
    X = np.zeros((2000, 1))
    y = np.arange(2000) % 2
    search = LiveHalvingGridSearchCV(
        DummyClassifier(strategy="stratified"),
        {"random_state": list(range(n_candidates))},
        factor=factor,
        min_resources="smallest",
        random_state=0,
    ).fit(X, y)
    assert_right(
        check_halving_candidates(search.n_candidates_, n_candidates=n_candidates, factor=factor)
    )


def test_halving_candidates_by_hand():
    assert_right(check_halving_candidates([50, 17, 6, 2], n_candidates=50, factor=3))
    assert_right(check_halving_candidates(np.array([9, 3, 1]), n_candidates=9, factor=3))
    assert_right(check_halving_candidates(["8", 4.0, 2, 1], n_candidates=8, factor=2))
    assert_right(check_halving_candidates([2], n_candidates=2, factor=3))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        ([50, 16, 5, 1], "the counts after the first", "round up"),
        ([50, 17, 6], "too few iterations", "another one runs as long as 3^"),
        ([50, 17, 6, 2, 1], "too many iterations", "3^(iterations - 1) must not exceed 50"),
        ([17, 6, 2], "Not quite", "The first iteration evaluates every candidate"),
        ([50, 25, 12, 6], "Not quite", "best 1/3"),
    ],
)
def test_halving_candidates_wrong(answer, message, hint):
    fb = check_halving_candidates(answer, n_candidates=50, factor=3)
    assert_wrong(fb, message, hint)
    assert "17" not in fb.hint  # the hint does not give the answer away


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer yet: replace the placeholder with a list"),
        (..., "No answer yet: replace the placeholder with a list"),
        ("50, 17", "Give a list of whole numbers"),
        (50, "Give a list of whole numbers"),
        ([50, "many"], "must be a whole number"),
        ([50, 0], "must be at least 1"),
    ],
)
def test_halving_candidates_placeholder_or_malformed(answer, message):
    assert_told(check_halving_candidates(answer, n_candidates=50, factor=3), message)


@pytest.mark.parametrize(
    "n_candidates, expected", [(42, [42, 21, 11, 6, 3, 2]), (10, [10, 5, 3, 2])]
)
def test_halving_candidates_factor_two_states_the_rule_scikit_learn_uses(n_candidates, expected):
    # factor 2: the last iteration holds 2 candidates (not fewer than 2) and no iteration
    # with 1 follows: the number of iterations, 1 + floor(log2(n)), is fixed before the
    # search starts
    fb = check_halving_candidates(expected, n_candidates=n_candidates, factor=2)
    assert_right(fb)
    assert "fewer than 2" not in fb.message
    assert f"1 + floor(log_2({n_candidates})) = {len(expected)}" in fb.message
    assert "at most 2" in fb.message
    too_many = check_halving_candidates([*expected, 1], n_candidates=n_candidates, factor=2)
    assert_wrong(
        too_many, "too many iterations", f"2^(iterations - 1) must not exceed {n_candidates}"
    )
    assert "fewer than" not in too_many.hint
    too_few = check_halving_candidates(expected[:-1], n_candidates=n_candidates, factor=2)
    assert_wrong(too_few, "too few iterations")
    assert "at least 2 candidates" not in too_few.hint


def test_halving_candidates_setup_errors():
    with pytest.raises(ValueError, match="factor >= 2"):
        check_halving_candidates([5], n_candidates=5, factor=1)
    with pytest.raises(TypeError, match="n_candidates must be a whole number"):
        check_halving_candidates([5], n_candidates=5.0, factor=3)


# --------------------------------------------------------------------------------------
# check_full_fit_equivalents
# --------------------------------------------------------------------------------------


def test_full_fit_equivalents_by_hand():
    # 27 x 100 + 9 x 300 + 3 x 900 + 1 x 2700 = 4 x 2700 samples per split: 4 x 5 = 20
    fb = check_full_fit_equivalents(20, **SCHEDULE)
    assert_right(fb)
    assert "200 fits" in fb.message and "135" in fb.message
    assert_right(check_full_fit_equivalents(20.1, **SCHEDULE))  # within 1 %


def test_full_fit_equivalents_agree_with_the_schedule():
    X = np.zeros((1000, 1))
    y = np.arange(1000) % 2
    search = LiveHalvingGridSearchCV(
        DummyClassifier(), {"strategy": ["prior", "most_frequent", "uniform"]}, factor=2
    )
    plan = halving_schedule(search, X, y)
    assert_right(
        check_full_fit_equivalents(
            plan.full_fit_equivalents,
            n_candidates=plan.n_candidates,
            n_resources=plan.n_resources,
            max_resources=plan.max_resources,
            n_splits=plan.n_splits,
        )
    )


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (200, "number of fits, not their cost", "r / 2700"),
        (4, "one split only", "5 splits"),
        (135, "Not quite", "divide by 2700"),
    ],
)
def test_full_fit_equivalents_wrong(answer, message, hint):
    assert_wrong(check_full_fit_equivalents(answer, **SCHEDULE), message, hint)


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer yet: replace the placeholder with a number of fits"),
        (..., "No answer yet: replace the placeholder with a number of fits"),
        ("twenty", "must be a number"),
        (-20, "must be a positive number"),
    ],
)
def test_full_fit_equivalents_placeholder_or_malformed(answer, message):
    assert_told(check_full_fit_equivalents(answer, **SCHEDULE), message)


def test_full_fit_equivalents_setup_errors():
    with pytest.raises(ValueError, match="one entry per iteration"):
        check_full_fit_equivalents(1, **{**SCHEDULE, "n_resources": [100, 300]})
    with pytest.raises(ValueError, match="positive"):
        check_full_fit_equivalents(1, **{**SCHEDULE, "n_splits": 0})


# --------------------------------------------------------------------------------------
# check_rank_correlation
# --------------------------------------------------------------------------------------

# notebook 07's trees: mean CV accuracy of 9 depths on 333 samples and on all 3000
SMALL = [0.712, 0.733, 0.721, 0.718, 0.715, 0.700, 0.709, 0.682, 0.682]
FULL = [0.684, 0.698, 0.747, 0.757, 0.779, 0.781, 0.792, 0.794, 0.786]


def test_rank_correlation_right():
    expected = spearmanr(SMALL, FULL)[0]
    fb = check_rank_correlation(expected, small=SMALL, full=FULL)
    assert_right(fb)
    assert "-0.77" in fb.message and "other way round" in fb.message
    assert_right(check_rank_correlation(round(expected, 2), small=SMALL, full=FULL))
    # ranks by hand, ties at their average rank: the same number
    by_hand = np.corrcoef(rankdata(SMALL), rankdata(FULL))[0, 1]
    assert_right(check_rank_correlation(by_hand, small=SMALL, full=FULL))
    agree = check_rank_correlation(1.0, small=[1, 2, 3, 4], full=[2, 3, 5, 9])
    assert_right(agree)
    assert "much as the full one" in agree.message


@pytest.mark.parametrize(
    "wrong, message, hint",
    [
        (pearsonr(SMALL, FULL)[0], "Pearson", "correlate the ranks"),
        (kendalltau(SMALL, FULL)[0], "Kendall", "spearmanr"),
        (-spearmanr(SMALL, FULL)[0], "the sign", "same order"),
        (1.0, "with itself", "full budget"),
        (0.3, "Not quite", "Rank each list"),
    ],
)
def test_rank_correlation_wrong(wrong, message, hint):
    fb = check_rank_correlation(wrong, small=SMALL, full=FULL)
    assert_wrong(fb, message, hint)
    assert "0.77" not in fb.hint


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer yet"),
        ("high", "must be a number between -1 and 1"),
        (1.5, "must be a number between -1 and 1"),
    ],
)
def test_rank_correlation_told(answer, message):
    assert_told(check_rank_correlation(answer, small=SMALL, full=FULL), message)


def test_rank_correlation_setup_errors():
    with pytest.raises(ValueError, match="one score per candidate"):
        check_rank_correlation(0.5, small=SMALL, full=FULL[:-1])
    with pytest.raises(ValueError, match="at least 3"):
        check_rank_correlation(0.5, small=[1, 2], full=[1, 2])
