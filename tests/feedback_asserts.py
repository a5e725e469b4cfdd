"""Assertions on the feedback of the exercises' self-checks, shared by their test files."""

from hptlearn.exercises import Feedback


def assert_right(fb, start="Correct!"):
    """A verdict on a right answer: correct, no hint, a message that starts as ``start``."""
    assert isinstance(fb, Feedback)
    assert fb.correct is True and bool(fb)
    assert fb.message.startswith(start), fb.message
    assert fb.hint is None


def assert_wrong(fb, message=None, hint=None):
    """A verdict on a wrong answer: not correct, and a hint."""
    assert isinstance(fb, Feedback)
    assert fb.correct is False and not fb
    assert fb.hint, f"no hint for a wrong answer: {fb.message!r}"
    if message is not None:
        assert message in fb.message, fb.message
    if hint is not None:
        assert hint in fb.hint, fb.hint


def assert_told(fb, message):
    """No verdict (a placeholder or a malformed answer): a message only."""
    assert isinstance(fb, Feedback)
    assert fb.correct is False and not fb
    assert fb.hint is None
    assert message in fb.message, fb.message
