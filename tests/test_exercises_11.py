"""Self-checks of notebook 11 (when one machine is not enough), by value: the right
projected wall time and number of busy workers are computed here from the exercise's
figures, written out term by term; each kind of wrong answer gets its hint, a placeholder
a reminder, a malformed answer a message, wrong set-up figures an error."""

import numpy as np
import pytest

import hptlearn.exercises as exercises
from hptlearn.exercises import check_busy_workers, check_projected_wall
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

# 10,000 fits of 2 s on 50 workers, 1 ms per task, 60 s to start the cluster
SETUP = {"fits": 10_000, "fit_time": 2.0, "workers": 50, "overhead": 0.001, "startup": 60.0}
RIGHT = 60.0 + 400.0 + 10.0  # start-up + 10,000 x 2 / 50 + 10,000 x 0.001


def test_listed_in_the_module():
    for name in ("check_projected_wall", "check_busy_workers"):
        assert name in exercises.__all__
        assert f":func:`{name}`" in exercises.__doc__
    assert "Notebook 11" in exercises.__doc__


# --------------------------------------------------------------------------------------
# check_projected_wall
# --------------------------------------------------------------------------------------


def test_projected_wall_right():
    fb = check_projected_wall(RIGHT, **SETUP)
    assert_right(fb)
    assert "470" in fb.message and "20000" in fb.message  # the same fits in one process
    assert_right(check_projected_wall(RIGHT * 1.009, **SETUP))  # within 1 %
    assert_right(check_projected_wall(np.float64(RIGHT), **SETUP))
    assert_right(check_projected_wall(470, **SETUP))


def test_projected_wall_start_up_defaults_to_zero():
    setup = {k: v for k, v in SETUP.items() if k != "startup"}
    assert_right(check_projected_wall(410.0, **setup))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (60 + 10_000 * 2.001 / 50, "not shared", "adds up"),  # overhead divided by workers
        (400 + 10, "start-up", "start"),
        (60 + 400, "overhead per task", "task"),
        (60 + 20_000 + 10, "fits are shared", "divide"),
        (20_000, "one process", "share"),
        (1234.0, "Not quite", "Start-up + fits"),
        (RIGHT * 1.02, "Not quite", "Start-up + fits"),  # outside 1 %
    ],
)
def test_projected_wall_slips(answer, message, hint):
    assert_wrong(check_projected_wall(answer, **SETUP), message, hint)


def test_projected_wall_optimistic_when_overhead_dominates():
    # 10,000 fits of 30 ms on 100 workers: 3 s of fitting, 10 s of overhead, 5 s start-up
    setup = {"fits": 10_000, "fit_time": 0.03, "workers": 100, "overhead": 0.001, "startup": 5}
    assert_right(check_projected_wall(5 + 3 + 10, **setup))
    assert_wrong(check_projected_wall(5 + 10, **setup), "optimistic", "sum")
    assert_wrong(check_projected_wall(3 + 10, **setup), "start-up", "start")


def test_projected_wall_nearest_slip_wins():
    # sharing the overhead (460.2 s) and forgetting it (460 s) are within 1 % of each other
    assert_wrong(check_projected_wall(60 + 400, **SETUP), "overhead per task", "task")
    assert_wrong(check_projected_wall(60 + 10_000 * 2.001 / 50, **SETUP), "not shared", "")


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer yet"),
        (..., "No answer yet"),
        ("470", "must be a number"),
        (True, "must be a number"),
        ([470], "must be a number"),
        (float("nan"), "finite"),
    ],
)
def test_projected_wall_placeholder_and_malformed(answer, message):
    assert_told(check_projected_wall(answer, **SETUP), message)


@pytest.mark.parametrize(
    "name, value, error",
    [
        ("fits", 0, ValueError),
        ("workers", -1, ValueError),
        ("fit_time", float("inf"), ValueError),
        ("overhead", -0.001, ValueError),
        ("startup", "3", TypeError),
        ("workers", True, TypeError),
    ],
)
def test_projected_wall_bad_setup(name, value, error):
    with pytest.raises(error, match=name):
        check_projected_wall(RIGHT, **{**SETUP, name: value})


def test_projected_wall_zero_overhead_allowed():
    assert_right(check_projected_wall(460.0, **{**SETUP, "overhead": 0}))


# --------------------------------------------------------------------------------------
# check_busy_workers
# --------------------------------------------------------------------------------------


def test_busy_workers_right():
    fb = check_busy_workers(25, fit_time=0.025, overhead=0.001)
    assert_right(fb)
    assert "25" in fb.message
    for answer in (24, 26, 25.4, np.int64(25)):  # rounding either way
        assert_right(check_busy_workers(answer, fit_time=0.025, overhead=0.001))
    assert_right(check_busy_workers(10_000, fit_time=10, overhead=0.001))
    assert_right(check_busy_workers(10_050, fit_time=10, overhead=0.001))  # within 1 %


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (0.04, "upside down", "during one fit"),
        (25_000, "units", "same unit"),
        (0.025, "units", "same unit"),
        (100, "Not quite", "one task every"),
        (23, "Not quite", "one task every"),
    ],
)
def test_busy_workers_slips(answer, message, hint):
    assert_wrong(check_busy_workers(answer, fit_time=0.025, overhead=0.001), message, hint)


@pytest.mark.parametrize(
    "answer, message", [(None, "No answer yet"), ("25", "must be a number"), ({}, "number")]
)
def test_busy_workers_placeholder_and_malformed(answer, message):
    assert_told(check_busy_workers(answer, fit_time=0.025, overhead=0.001), message)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"fit_time": 0, "overhead": 0.001}, ValueError),
        ({"fit_time": 0.025, "overhead": 0}, ValueError),
        ({"fit_time": None, "overhead": 0.001}, TypeError),
    ],
)
def test_busy_workers_bad_setup(kwargs, error):
    with pytest.raises(error):
        check_busy_workers(25, **kwargs)
