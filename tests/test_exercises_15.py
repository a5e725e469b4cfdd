"""Self-checks of notebook 15 (Hyperband and ASHA): the right answers are right, the usual
slips get their own hint, a placeholder or a malformed answer gets a message."""

import numpy as np
import pytest

from hptlearn.exercises.nb15 import (
    bracket_starts,
    check_bracket_starts,
    check_eliminated,
    eliminated_top,
)
from hptlearn.replay import load_recording
from tests.feedback_asserts import assert_right, assert_told, assert_wrong


def test_bracket_starts_is_the_papers_table():
    assert bracket_starts(81, 3) == [81, 34, 15, 8, 5]  # Li et al. 2018, Table 1
    assert bracket_starts(27, 3) == [27, 12, 6, 4]
    assert bracket_starts(27, 3, 3) == [9, 5, 3]
    with pytest.raises(ValueError, match="factor"):
        bracket_starts(27, 1)


def test_check_bracket_starts():
    assert_right(check_bracket_starts([27, 12, 6, 4]))
    assert_right(check_bracket_starts(np.array([81, 34, 15, 8, 5]), max_resources=81))
    assert_wrong(check_bracket_starts([27, 9, 3, 1]), "rungs of the first bracket")
    assert_wrong(check_bracket_starts([4, 6, 12, 27]), "reversed")
    assert_wrong(check_bracket_starts([27, 12, 6]), hint="s_max")
    assert_told(check_bracket_starts(None), "No answer yet")
    assert_told(check_bracket_starts("27, 12"), "list of whole numbers")


def test_check_eliminated():
    rec = load_recording()
    n = eliminated_top(rec, epochs=1, factor=9)
    # counted independently: the best ninth after 1 epoch, the ten truly best
    kept = set(np.argsort(-rec.mean_scores[:, 0], kind="stable")[: rec.n_configs // 9])
    best = np.argsort(-rec.true_scores, kind="stable")[:10]
    assert n == sum(int(b) not in kept for b in best) > 0
    assert_right(check_eliminated(n, rec, epochs=1, factor=9))
    assert_wrong(check_eliminated(10 - n, rec, epochs=1, factor=9), "survive")
    assert_wrong(check_eliminated(n + 11, rec, epochs=1, factor=9), hint="n_configs // 9")
    assert_told(check_eliminated(..., rec), "No answer yet")
    assert_told(check_eliminated("many", rec), "whole number")
    # keeping a third after 3 epochs: none of the ten best is lost on this recording
    assert eliminated_top(rec, epochs=3) == 0
    assert_right(check_eliminated(0, rec, epochs=3))
