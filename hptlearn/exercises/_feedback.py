"""The feedback object and what every check shares."""

from __future__ import annotations

import functools
import html
import math
import numbers
from dataclasses import dataclass

import numpy as np

# --------------------------------------------------------------------------------------
# The feedback object and what every check shares
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Feedback:
    """The outcome of a self-check.

    Attributes
    ----------
    correct : bool
        Whether the answer is right; ``bool(feedback)`` is the same.
    message : str
        What the check found, in one sentence or two.
    hint : str or None
        For a wrong answer, where to look (never the answer). Several hints are
        separate lines. ``None`` for a right answer, a missing one or a malformed one.

    The plain text (``str``, ``repr``, and what a notebook shows) is the message, then
    the hint:

    >>> Feedback(False, "Not yet: 2 of 3 right.", "Look at the gap.")
    Not yet: 2 of 3 right.
    Hint: Look at the gap.
    >>> print(Feedback(False, "Not yet.", "first\\nsecond"))
    Not yet.
    Hints:
      first
      second
    >>> bool(Feedback(True, "Correct!"))
    True
    """

    correct: bool
    message: str
    hint: str | None = None

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        lines = self.hint.splitlines()
        if len(lines) == 1:
            return f"{self.message}\nHint: {self.hint}"
        return "\n".join([self.message, "Hints:", *(f"  {line}" for line in lines)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from hptlearn.style import OK_COLOR, WARNING_COLOR

        color = OK_COLOR if self.correct else WARNING_COLOR
        parts = [f"<div style='color:{color}'>{html.escape(self.message)}</div>"]
        if self.hint:
            lines = self.hint.splitlines()
            if len(lines) == 1:
                parts.append(f"<div><b>Hint:</b> {html.escape(self.hint)}</div>")
            else:
                items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                parts.append(f"<div><b>Hints:</b><ul style='margin:0'>{items}</ul></div>")
        return (
            "<div class='hptlearn-feedback' style='border-left:3px solid "
            f"{color};padding-left:8px'>{''.join(parts)}</div>"
        )


class _Stop(Exception):
    """Ends a check early with a feedback that is not a verdict (missing or malformed)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.feedback = Feedback(False, message)


def _check(func):
    """Turn a :class:`_Stop` raised inside a check into the feedback it carries."""

    @functools.wraps(func)
    def check(*args, **kwargs) -> Feedback:
        try:
            return func(*args, **kwargs)
        except _Stop as stop:
            return stop.feedback

    return check


def _is_placeholder(answer) -> bool:
    return answer is None or answer is Ellipsis


def _reminder(what: str) -> _Stop:
    return _Stop(f"No answer yet: replace the placeholder with {what}.")


def _given(answer, what: str):
    """``answer``, unless it is still the placeholder."""
    if _is_placeholder(answer):
        raise _reminder(what)
    return answer


def _whole_number(answer, what: str = "The answer", *, minimum: int | None = None) -> int:
    """``answer`` as an int: an integer, a float with no fraction, or a string of digits."""
    value = None
    if isinstance(answer, numbers.Integral) and not isinstance(answer, (bool, np.bool_)):
        value = int(answer)
    elif isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
        if math.isfinite(answer) and float(answer).is_integer():
            value = int(answer)
    elif isinstance(answer, str):
        try:
            value = int(answer.strip().replace("_", ""))
        except ValueError:
            value = None
    if value is None:
        raise _Stop(f"{what} must be a whole number such as 12, not {answer!r}.")
    if minimum is not None and value < minimum:
        raise _Stop(f"{what} must be at least {minimum}, not {value}.")
    return value


def _finite_number(answer, example: str) -> float:
    """The reader's answer as a finite float, or a message saying how to write it."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"The answer must be a number such as {example}, not {answer!r}.") from None
    if not math.isfinite(value):
        raise _Stop(f"The answer must be a finite number, not {answer!r}.")
    return value


def _positive_number(answer, name: str) -> float:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise _Stop(f"{name} must be a number such as 1.0, not {answer!r}.") from None
    if not (math.isfinite(value) and value > 0):
        raise _Stop(f"{name} must be a positive number, not {answer!r}.")
    return value


def _word(answer) -> str:
    """An answer written as a word or a letter, lower case, without a trailing ``)``."""
    return " ".join(str(answer).strip().lower().rstrip(")").split())


def _answers(answer, keys, example: str, *, prefix: str = "") -> dict:
    """The reader's dict, keyed like ``keys`` (case and spaces ignored), every value given.

    Stops with a reminder if the dict or one of its values is still a placeholder, and
    with a message if it is not a dict of exactly ``keys``.
    """
    _given(answer, f"a dict such as {example}")
    names = ", ".join(repr(k) for k in keys)
    if not isinstance(answer, dict):
        raise _Stop(f"Give a dict with the keys {names}, e.g. {example}; not {answer!r}.")
    by_word = {_word(k): k for k in keys}
    given = {}
    for key, value in answer.items():
        if _word(key) not in by_word:
            raise _Stop(f"Unknown key {key!r}: give a dict with exactly the keys {names}.")
        given[by_word[_word(key)]] = value
    missing = [k for k in keys if k not in given]
    if missing:
        raise _Stop(
            f"Missing key(s) {', '.join(map(repr, missing))}: give a dict with "
            f"exactly the keys {names}."
        )
    todo = [str(k) for k in keys if _is_placeholder(given[k])]
    if todo:
        raise _Stop(f"Still to answer: {prefix}{', '.join(todo)}.")
    return given


def _letter(answer, letters, what: str = "letter") -> str:
    letter = _word(answer)
    if letter not in letters:
        raise _Stop(f"Unknown {what} {answer!r}: use one of {', '.join(letters)}.")
    return letter
