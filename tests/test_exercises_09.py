"""Self-checks of notebook 09 (the race), by value: the right difference of medians is
computed here with the standard library; each kind of wrong answer gets its hint, a
placeholder a reminder, a malformed answer a message."""

import statistics

import pytest
from scipy.stats import binomtest

from hptlearn import exercises as ex
from hptlearn.exercises import (
    NOISE_CASES,
    check_mcnemar_p,
    check_median_difference,
    check_noise_verdicts,
)
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

SCORES = [0.95, 0.97, 0.96, 0.99, 0.90]  # median 0.96, mean 0.954, max 0.99
OTHER = [0.94, 0.93, 0.98, 0.95]  # median 0.945, mean 0.95, max 0.98
VERDICTS = {"a": "noise", "b": "real", "c": "noise"}


def test_listed_in_the_module():
    for name in ("NOISE_CASES", "check_median_difference", "check_noise_verdicts"):
        assert name in ex.__all__
    assert ":func:`check_noise_verdicts`" in ex.__doc__
    names = list(ex.__all__)
    start = names.index("NOISE_CASES")
    assert names[start : start + 3] == [
        "NOISE_CASES",
        "check_median_difference",
        "check_noise_verdicts",
    ]


# --------------------------------------------------------------------------------------
# check_median_difference
# --------------------------------------------------------------------------------------


def test_median_difference_right():
    expected = statistics.median(SCORES) - statistics.median(OTHER)
    assert expected == pytest.approx(0.015)
    assert_right(check_median_difference(expected, scores=SCORES, other_scores=OTHER))
    assert_right(check_median_difference(str(expected), scores=SCORES, other_scores=OTHER))
    # one run (a grid) against many
    assert_right(check_median_difference(0.96 - 0.945, scores=SCORES, other_scores=[0.945]))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (-0.015, "the sign", "first scores come first"),
        (0.954 - 0.95, "difference of the means", "median"),
        (0.99 - 0.98, "difference of the best runs", "lucky"),
        (0.5, "Not quite.", "median of each list"),
    ],
)
def test_median_difference_wrong(answer, message, hint):
    assert_wrong(check_median_difference(answer, scores=SCORES, other_scores=OTHER), message, hint)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_median_difference_placeholder(placeholder):
    fb = check_median_difference(placeholder, scores=SCORES, other_scores=OTHER)
    assert_told(fb, "No answer yet: replace the placeholder with a number")


@pytest.mark.parametrize("answer", ["a lot", float("nan"), [0.1]])
def test_median_difference_malformed(answer):
    fb = check_median_difference(answer, scores=SCORES, other_scores=OTHER)
    assert_told(fb, "The answer must be a")


@pytest.mark.parametrize("scores", [[], [0.9, float("nan")]])
def test_median_difference_bad_setup(scores):
    with pytest.raises(ValueError, match="non-empty list of finite scores"):
        check_median_difference(0.0, scores=scores, other_scores=OTHER)


# --------------------------------------------------------------------------------------
# check_noise_verdicts
# --------------------------------------------------------------------------------------


def test_noise_cases_verdicts_follow_the_intervals():
    # the truth is whether the printed interval contains 0, read here from the text
    assert set(NOISE_CASES) == set(VERDICTS)
    for key, text in NOISE_CASES.items():
        low, high = (float(v) for v in text.split("[")[1].split("]")[0].split(","))
        assert VERDICTS[key] == ("noise" if low <= 0 <= high else "real")


def test_noise_verdicts_right():
    assert_right(check_noise_verdicts(VERDICTS))
    assert_right(check_noise_verdicts({"A": " Noise", "b": "REAL", "c ": "noise"}))


def test_noise_verdicts_wrong_counts_without_naming():
    fb = check_noise_verdicts({**VERDICTS, "a": "real"})
    assert_wrong(fb, "Not quite: 2 of 3 right.", "contain 0")
    assert "(a)" not in str(fb)


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer yet"),
        ({"a": "noise", "b": None, "c": "noise"}, "Still to answer: b"),
        ({"a": "noise", "b": "real"}, "Missing key(s) 'c'"),
        ({**VERDICTS, "d": "real"}, "Unknown key 'd'"),
        ({**VERDICTS, "b": "maybe"}, "(b): answer 'noise' or 'real'"),
        ("noise", "Give a dict"),
    ],
)
def test_noise_verdicts_told(answer, message):
    assert_told(check_noise_verdicts(answer), message)


# --------------------------------------------------------------------------------------
# check_mcnemar_p
# --------------------------------------------------------------------------------------

# 7 test samples right for the first model only, 2 for the second only, out of 143
DISCORDANT = {"only_first": 7, "only_second": 2, "n_test": 143}


def test_mcnemar_p_right():
    # by hand: P(X <= 2) + P(X >= 7) for X ~ Binomial(9, 1/2) = 2 * (1 + 9 + 36) / 512
    exact = 2 * (1 + 9 + 36) / 512
    assert exact == pytest.approx(binomtest(7, 9, 0.5).pvalue)
    fb = check_mcnemar_p(exact, **DISCORDANT)
    assert_right(fb)
    assert "0.180" in fb.message and "134 here" in fb.message
    assert_right(check_mcnemar_p(0.18, **DISCORDANT))
    assert_right(check_mcnemar_p(1.0, only_first=3, only_second=3))  # a tie: p = 1


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        ((1 + 9 + 36) / 512, "one-sided", "both tails"),
        (binomtest(7, 143, 0.5).pvalue, "number of trials", "disagree"),
        (0.1824, "chi-square approximation", "exact binomial test"),  # with continuity
        (0.0956, "chi-square approximation", "exact binomial test"),  # without
        (0.5, "Not quite", "discordant samples only"),
    ],
)
def test_mcnemar_p_wrong(answer, message, hint):
    fb = check_mcnemar_p(answer, **DISCORDANT)
    assert_wrong(fb, message, hint)
    assert "0.18" not in fb.hint


@pytest.mark.parametrize(
    "answer, message",
    [(None, "No answer yet"), ("small", "p-value between 0 and 1"), (1.2, "between 0 and 1")],
)
def test_mcnemar_p_told(answer, message):
    assert_told(check_mcnemar_p(answer, **DISCORDANT), message)


def test_mcnemar_p_setup_errors():
    with pytest.raises(ValueError, match="at least one discordant"):
        check_mcnemar_p(0.5, only_first=0, only_second=0)
    with pytest.raises(ValueError, match="whole number"):
        check_mcnemar_p(0.5, only_first=2.5, only_second=1)
