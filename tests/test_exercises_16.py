"""Self-checks of notebook 16 (reading a search over many hyperparameters): the right answers
are computed here independently; each kind of wrong answer gets its hint, a placeholder a
reminder, a malformed answer a message; the notebook's solutions say Correct."""

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import hptlearn.exercises as exercises
from hptlearn.exercises import check_clearly_important, check_top_chance
from tests.feedback_asserts import assert_right, assert_solutions_right, assert_told, assert_wrong

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "16_reading_a_search.ipynb"

TABLE = pd.DataFrame(
    {
        "importance": [0.41, 0.25, 0.06, 0.00],
        "low": [0.36, 0.18, 0.03, 0.00],
        "high": [0.48, 0.32, 0.09, 0.02],
    },
    index=pd.Index(["leaf", "depth", "features", "criterion"], name="hyperparameter"),
)
# 20 scores: 2 within 0.005 of the best (0.96 and 0.957), p = 0.1
SCORES = [0.96, 0.957] + [0.9 + 0.002 * i for i in range(18)]


def test_listed_in_the_module():
    for name in ("check_clearly_important", "check_top_chance"):
        assert name in exercises.__all__
        assert f":func:`{name}`" in exercises.__doc__


# --- check_clearly_important -------------------------------------------------------------


@pytest.mark.parametrize("answer", [["leaf", "depth"], ("depth", "leaf"), {"leaf", "depth"}])
def test_clearly_important_right(answer):
    fb = check_clearly_important(answer, importance=TABLE)
    assert_right(fb)
    assert "depth, leaf" in fb.message


def test_none_clearly_important_is_an_answer_too():
    assert_right(check_clearly_important([], importance=TABLE, threshold=0.5))
    assert_right(check_clearly_important(["leaf"], importance=TABLE, threshold=0.3))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (["leaf", "depth", "features"], "'features' is not clearly above", "low end"),
        (["leaf", "depth", "criterion"], "'criterion' is not clearly above", "0.00, below"),
        (["leaf"], "1 more hyperparameter", "low column"),
        ("leaf", "1 more hyperparameter", "low column"),
    ],
)
def test_clearly_important_wrong(answer, message, hint):
    assert_wrong(check_clearly_important(answer, importance=TABLE), message, hint)


def test_clearly_important_placeholder_and_malformed():
    assert_told(check_clearly_important(None, importance=TABLE), "No answer yet")
    assert_told(check_clearly_important(["C"], importance=TABLE), "'C' is not a hyperparameter")
    assert_told(check_clearly_important(3, importance=TABLE), "list of hyperparameter names")


def test_clearly_important_bad_setup():
    with pytest.raises(TypeError, match="table of hptlearn.hyperparameter_importance"):
        check_clearly_important(["leaf"], importance={"leaf": 0.4})
    with pytest.raises(ValueError, match="no interval"):
        check_clearly_important(["leaf"], importance=TABLE.assign(low=np.nan))


# --- check_top_chance --------------------------------------------------------------------


def test_top_chance_right():
    expected = 1 - 0.9**10  # p = 2 / 20
    fb = check_top_chance(expected, scores=SCORES, n=10)
    assert_right(fb)
    assert "2 of 20 candidates" in fb.message and f"{expected:.3f}" in fb.message
    assert_right(check_top_chance(round(expected, 3), scores=SCORES, n=10))
    # failed candidates do not count: p = 2 / 20 still
    assert_right(check_top_chance(expected, scores=SCORES + [np.nan], n=10))


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (0.9**10, "every draw misses", "complement"),
        (0.1**10, "every draw hits", "At least one"),
        (0.1, "one draw", "all of them miss"),
        (1.0, "overcounts", "complement"),
        (1.5, "between 0 and 1", "overcounts"),
        (0.3, "Not quite", "count the candidates"),
    ],
)
def test_top_chance_wrong(answer, message, hint):
    assert_wrong(check_top_chance(answer, scores=SCORES, n=10), message, hint)


def test_top_chance_placeholder_malformed_and_setup():
    assert_told(check_top_chance(None, scores=SCORES, n=10), "No answer yet")
    assert_told(check_top_chance("likely", scores=SCORES, n=10), "must be a number")
    with pytest.raises(ValueError, match="at least one finite score"):
        check_top_chance(0.5, scores=[np.nan], n=10)
    with pytest.raises(ValueError, match="n must be a whole number"):
        check_top_chance(0.5, scores=SCORES, n=0)


# --- the notebook --------------------------------------------------------------------------


def test_the_notebook_solutions_are_right_and_not_run():
    """The solutions are markdown after "## Solutions" (Run All does not run them); run on a
    stand-in for the notebook's importance table and scores, every check says Correct; and
    every exercise cell leaves its answer at the placeholder."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    heading = next(i for i, c in enumerate(nb.cells) if "## Solutions" in c.source)
    assert all(c.cell_type == "markdown" for c in nb.cells[heading:])
    exercise_cells = [c for c in nb.cells if c.cell_type == "code" and "check_" in c.source]
    assert len(exercise_cells) == 2
    assert all("= None" in c.source for c in exercise_cells)
    namespace = {"np": np, "importance": TABLE, "scores": np.array(SCORES)}
    exec("from hptlearn.exercises import *", namespace)
    checked = assert_solutions_right(nb.cells[heading:], namespace)
    assert checked == 2
