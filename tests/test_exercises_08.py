"""Self-checks of notebook 08 (Bayesian optimization and quasi-random search), by value:
the right answers are what Optuna's TPE sampler and counting slices independently give;
each kind of wrong answer gets its hint, a placeholder a reminder, a malformed answer a
message."""

import math

import numpy as np
import optuna
import pandas as pd
import pytest
from optuna.distributions import FloatDistribution

from hptlearn import exercises as ex
from hptlearn.exercises import (
    check_expected_slices_hit,
    check_exploit_range,
    check_model_guided_trials,
    check_tpe_good_trials,
)
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

# an exploration's results: the candidates scoring 0.96 or more have C from 0.5 to 40
EXPLORED = pd.DataFrame(
    {
        "C": [0.02, 0.5, 3.0, 40.0, 200.0, 900.0],
        "gamma": [1e-5, 1e-3, 2e-3, 1e-4, 1e-2, 5e-2],
        "mean_test_score": [0.30, 0.96, 0.97, 0.961, 0.95, 0.10],
    }
)

CHECKS = {
    "model_guided_trials": lambda a: check_model_guided_trials(a, n_iter=16),
    "expected_slices_hit": lambda a: check_expected_slices_hit(a, n=16),
    "tpe_good_trials": lambda a: check_tpe_good_trials(a, n_trials=45),
    "exploit_range": lambda a: check_exploit_range(
        a, EXPLORED, param="C", threshold=0.96, bounds=(1e-2, 1e3)
    ),
}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_get_a_reminder(name, placeholder):
    fb = CHECKS[name](placeholder)
    assert_told(fb, "No answer yet: replace the placeholder with ")


def test_checks_are_listed_in_the_module():
    names = (
        "check_model_guided_trials",
        "check_expected_slices_hit",
        "check_tpe_good_trials",
        "check_exploit_range",
    )
    for name in names:
        assert name in ex.__all__
        assert f":func:`{name}`" in ex.__doc__


# --------------------------------------------------------------------------------------
# check_model_guided_trials
# --------------------------------------------------------------------------------------


def _asked(sampler, n):
    """The values of x that a study with ``sampler`` asks, telling x itself as the score."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    values = []
    for _ in range(n):
        trial = study.ask({"x": FloatDistribution(0.0, 1.0)})
        values.append(trial.params["x"])
        study.tell(trial, trial.params["x"])
    return values


def test_tpe_draws_its_first_ten_trials_like_the_random_sampler():
    # the fact the check relies on: TPE's startup trials are its random sampler's draws
    tpe = _asked(optuna.samplers.TPESampler(seed=3), 12)
    rnd = _asked(optuna.samplers.RandomSampler(seed=3), 12)
    assert tpe[:10] == rnd[:10]
    assert tpe[10] != rnd[10]
    startup = optuna.samplers.TPESampler()._n_startup_trials
    assert_right(check_model_guided_trials(12 - startup, n_iter=12, n_startup_trials=startup))


@pytest.mark.parametrize("n_iter, expected", [(16, 6), (10, 0), (5, 0), (40, 30)])
def test_model_guided_trials_right(n_iter, expected):
    assert_right(check_model_guided_trials(expected, n_iter=n_iter))
    assert_right(check_model_guided_trials(str(expected), n_iter=n_iter))


def test_model_guided_trials_wrong():
    assert_wrong(check_model_guided_trials(16, n_iter=16), "not every", "n_startup_trials")
    assert_wrong(check_model_guided_trials(10, n_iter=16), "number of random", "others")
    assert_wrong(check_model_guided_trials(3, n_iter=16), "Not quite", "10 random")
    assert_wrong(
        check_model_guided_trials(4, n_iter=16, n_startup_trials=8), "Not quite", "8 random"
    )
    assert_told(check_model_guided_trials("six", n_iter=16), "whole number")


def test_model_guided_trials_setup_errors():
    with pytest.raises(ValueError, match="n_iter"):
        check_model_guided_trials(1, n_iter=-1)
    with pytest.raises(ValueError, match="n_startup_trials"):
        check_model_guided_trials(1, n_iter=5, n_startup_trials=2.5)


# --------------------------------------------------------------------------------------
# check_expected_slices_hit
# --------------------------------------------------------------------------------------


def _expected_hits_by_enumeration(n):
    """E[slices hit] = sum over k of k * P(exactly k hit), with P from inclusion-exclusion
    (surjections onto k of the n slices) -- independent of the check's formula."""
    total = 0.0
    for k in range(1, n + 1):
        onto = sum((-1) ** j * math.comb(k, j) * (k - j) ** n for j in range(k + 1))
        total += k * math.comb(n, k) * onto / n**n
    return total


@pytest.mark.parametrize("n", [2, 3, 16, 32])
def test_expected_slices_hit_right(n):
    expected = _expected_hits_by_enumeration(n)
    assert_right(check_expected_slices_hit(expected, n=n))
    assert_right(check_expected_slices_hit(round(expected, 2), n=n))


def test_expected_slices_hit_by_simulation():
    rng = np.random.RandomState(0)
    points = rng.uniform(size=(20_000, 16))
    hits = np.array([len(np.unique(np.floor(p * 16))) for p in points])
    assert_right(check_expected_slices_hit(round(float(hits.mean()), 2), n=16))


def test_expected_slices_hit_two_points():
    # two points: both in one slice with probability 1/2, so 1.5 slices on average
    assert_right(check_expected_slices_hit(1.5, n=2))


def test_expected_slices_hit_wrong():
    assert_wrong(check_expected_slices_hit(16, n=16), "quasi-random", "chance")
    empty = 16 * (15 / 16) ** 16
    assert_wrong(check_expected_slices_hit(round(empty, 2), n=16), "empty slices", "others")
    assert_wrong(check_expected_slices_hit(8, n=16), "Not quite", "misses")
    assert_told(check_expected_slices_hit("ten", n=16), "must be a number")


def test_expected_slices_hit_setup_errors():
    with pytest.raises(ValueError, match="n must be"):
        check_expected_slices_hit(1.0, n=1)


# --------------------------------------------------------------------------------------
# check_tpe_good_trials
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_trials", [1, 9, 40, 45, 250, 251, 1000])
def test_tpe_good_trials_agree_with_optuna(n_trials):
    from optuna.samplers._tpe.sampler import default_gamma

    assert_right(check_tpe_good_trials(default_gamma(n_trials), n_trials=n_trials))


def test_tpe_good_trials_wrong():
    assert_wrong(check_tpe_good_trials(11, n_trials=45), "gamma = 0.25", "smaller fraction")
    assert_wrong(check_tpe_good_trials(4, n_trials=45), "rounding", "rounds up")
    assert_wrong(check_tpe_good_trials(100, n_trials=1000), "cap", "25")
    assert_wrong(check_tpe_good_trials(7, n_trials=45), "Not quite", "10 %")
    assert_told(check_tpe_good_trials(4.5, n_trials=45), "whole number")


def test_tpe_good_trials_setup_errors():
    with pytest.raises(ValueError, match="n_trials"):
        check_tpe_good_trials(1, n_trials=0)


# --------------------------------------------------------------------------------------
# check_exploit_range
# --------------------------------------------------------------------------------------


def _exploit(answer, threshold=0.96):
    return check_exploit_range(answer, EXPLORED, param="C", threshold=threshold, bounds=(1e-2, 1e3))


def test_exploit_range_right():
    good = EXPLORED[EXPLORED["mean_test_score"] >= 0.96]
    assert_right(_exploit((good["C"].min(), good["C"].max())))
    assert_right(_exploit([0.3, 100]))  # any range holding them, a decade narrower or more
    # 0.95 brings in C = 200
    assert_right(_exploit((0.5, 200), threshold=0.95))
    assert_wrong(_exploit((0.5, 40), threshold=0.95), "1 of the 4", "every good candidate")


def test_exploit_range_wrong():
    assert_wrong(_exploit((1.0, 40)), "1 of the 3 candidates", "rounded")
    assert_wrong(_exploit((0.5, 39.9)), "fall outside", "values in the frame")
    assert_wrong(_exploit((1e-3, 40)), "outside the explored range", "stay inside")
    assert_wrong(_exploit((0.5, 2e3)), "outside the explored range", "stay inside")
    assert_wrong(_exploit((0.011, 900)), "decades", "good candidates")
    assert_told(_exploit((40, 0.5)), "must be below")
    for malformed in ("0.5..40", (1,), ("a", "b"), (0, 40), (-1, 40)):
        fb = _exploit(malformed)
        assert not fb.correct and fb.hint is None


def test_exploit_range_setup_errors():
    with pytest.raises(ValueError, match="bounds"):
        check_exploit_range((1, 2), EXPLORED, param="C", threshold=0.9, bounds=(10, 1))
    with pytest.raises(ValueError, match="columns"):
        check_exploit_range((1, 2), EXPLORED, param="kernel", threshold=0.9, bounds=(1, 10))
    with pytest.raises(ValueError, match="no explored candidate"):
        check_exploit_range((1, 2), EXPLORED, param="C", threshold=0.99, bounds=(1e-2, 1e3))
