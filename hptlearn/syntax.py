"""The typed-value grammar: what a learner types into a text box, read into values.

:func:`parse_values` reads text such as ``"0.1, 1, 10"`` or ``"1e-3..1e3 log 7"`` and
returns a list of Python values. The text is read by a small hand-written parser that only
knows numbers, words, quoted text, booleans, ``None``, ranges and tuples of numbers.
Nothing typed is ever run as Python code. :func:`format_values` goes the other way.
"""

from __future__ import annotations

import keyword
import math
import numbers
import re
from typing import NamedTuple

import numpy as np

__all__ = [
    "MAX_VALUES",
    "SYNTAX_HELP",
    "SpaceSyntaxError",
    "format_values",
    "parse_values",
]

MAX_VALUES = 10_000
"""The largest number of values a single range may produce (and a whole text box)."""

SYNTAX_HELP = f"""\
What you can type (separate values with commas):
  0.1, 1, 10            numbers; 1e3 and -2 work too
  1..10                 whole numbers from 1 to 10 (both ends included)
  1..10 step 3          1, 4, 7, 10
  0..1 lin 5            5 evenly spaced values: 0.0, 0.25, 0.5, 0.75, 1.0
  1e-3..1e3 log 7       7 values evenly spaced on a log scale: 0.001, 0.01, ..., 1000.0
  1..100 log 5 int      log-spaced, rounded to whole numbers: 1, 3, 10, 32, 100
  rbf, linear           words: letters, digits and _ - . (e.g. l-bfgs-b, log2)
  'a b', "x, y"         quoted text, for values with spaces or commas
  True, False, None     also true, false, none, null
  (10,), (20, 10)       tuples of numbers, e.g. for hidden_layer_sizes; (50) means (50,)
Ranges go upwards (1..10, not 10..1) and make at most {MAX_VALUES:,} values.
A value typed twice is kept once. Nothing you type is run as Python code."""


class SpaceSyntaxError(ValueError):
    """Raised by :func:`parse_values` when the text cannot be read.

    The message names the part that could not be read, points at it, and ends
    with :data:`SYNTAX_HELP`. The attributes ``text`` and ``position`` (the index
    of the offending character in ``text``, or ``None``) are there for apps that
    want to highlight it.
    """

    def __init__(self, message, text="", position=None):
        super().__init__(message)
        self.text = text
        self.position = position


# ---------------------------------------------------------------------------
# Reading typed values: parse_values
# ---------------------------------------------------------------------------

# One regular expression per kind of token. The order matters: a number is tried
# before ".." so that ".5" is a number, and "1." only takes the dot when it is
# not the start of "..", so that "1..10" reads as 1, "..", 10.
_TOKEN_RE = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<number>-?(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<dots>\.\.)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<punct>[,()])
    """,
    re.VERBOSE | re.ASCII,
)

_INT_RE = re.compile(r"-?\d+")

_TRUE_WORDS = {"true"}
_FALSE_WORDS = {"false"}
_NONE_WORDS = {"none", "null"}
_RANGE_KINDS = {"log", "lin", "linear", "step"}

_ARITHMETIC = "arithmetic is not computed, so type the result (1000 or 1e3, not 10**3)"
_BRACKETS = "brackets are not needed, just type the values separated by commas"
_CHARACTER_HINTS = {
    "[": _BRACKETS,
    "]": _BRACKETS,
    "{": "dicts and sets are not accepted, just type the values separated by commas",
    "}": "dicts and sets are not accepted, just type the values separated by commas",
    ":": "it belongs to Python code (a dict, a slice or a lambda), type plain values",
    "=": "type only the values, the name is set elsewhere",
    "+": _ARITHMETIC,
    "-": _ARITHMETIC,
    "*": _ARITHMETIC,
    "/": _ARITHMETIC,
    "%": _ARITHMETIC,
    "^": _ARITHMETIC,
    ".": "a dot belongs inside a number (0.5), a word (log2) or a range (1..10)",
}


class _Token(NamedTuple):
    kind: str  # "number", "dots", "word", "string" or "punct"
    text: str  # the characters as typed
    start: int  # index of the first character in the whole text


def _syntax_error(text, problem, position=None):
    """Build a SpaceSyntaxError that shows the text with a ^ under ``position``."""
    message = problem
    if position is not None:
        shown = re.sub(r"\s", " ", text)  # keep the ^ aligned under tabs and newlines
        message += f"\n    {shown}\n    {' ' * position}^"
    message += "\n\n" + SYNTAX_HELP
    return SpaceSyntaxError(message, text=text, position=position)


def _tokenize(text):
    """Split ``text`` into tokens, rejecting any character that has no meaning here."""
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        if match is None:
            char = text[position]
            if char in "'\"":
                problem = f"the quote {char} is never closed"
            elif char in _CHARACTER_HINTS:
                problem = f"{char!r} cannot be used here ({_CHARACTER_HINTS[char]})"
            else:
                problem = f"{char!r} cannot be used here"
            raise _syntax_error(text, problem, position)

        kind, token_text, end = match.lastgroup, match.group(), match.end()
        following = text[end : end + 2]  # the two characters after the token

        glued_to_word = following[:1].isalnum() or following[:1] == "_"
        glued_to_dot = following[:1] == "." and following != ".."
        if kind == "number" and (glued_to_word or glued_to_dot):
            # "2d", "1e", "1.2.3": neither a number nor a word
            chunk = re.match(r"[\w.\-]*", text[position:]).group()
            problem = f"{chunk!r} is not a number (and words must start with a letter)"
            raise _syntax_error(text, problem, position)
        if kind == "number" and not math.isfinite(float(token_text)):
            problem = f"{token_text!r} is too large to be a number"
            raise _syntax_error(text, problem, position)

        if kind == "word":
            if keyword.iskeyword(token_text) and token_text not in ("True", "False", "None"):
                problem = (
                    f"{token_text!r} is a Python keyword: code is never run here, "
                    "type the values themselves"
                )
                raise _syntax_error(text, problem, position)
            if text[end:].lstrip().startswith("("):
                problem = (
                    f"'{token_text}(' looks like a function call: calls are never run here, "
                    "type the values themselves"
                )
                raise _syntax_error(text, problem, position)

        if kind != "space":
            tokens.append(_Token(kind, token_text, position))
        position = end
    return tokens


def _to_number(token_text):
    """``"10"`` -> 10 (an int), ``"1e3"`` -> 1000.0 and ``"0.5"`` -> 0.5 (floats)."""
    if _INT_RE.fullmatch(token_text):
        return int(token_text)
    return float(token_text)


def _round12(value):
    """Round a float to 12 significant digits, so that 0.0010000000000000002 -> 0.001."""
    return float(f"{value:.12g}")


class _Parser:
    """A small recursive-descent parser over the tokens of one text box.

    The grammar, informally (``[...]`` is optional, ``|`` is "or")::

        values := item ("," item)*
        item   := range | number | word | "quoted text" | tuple
        range  := number ".." number ["step" number | ("lin" | "linear" | "log") count ["int"]]
        tuple  := "(" number ("," number)* [","] ")"
    """

    def __init__(self, text):
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    # -- small helpers ------------------------------------------------------

    def peek(self, offset=0):
        """The token ``offset`` places ahead, or None past the end."""
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind, text=None, offset=0):
        """Is the next token of this kind (and, if given, this text)?"""
        token = self.peek(offset)
        return token is not None and token.kind == kind and (text is None or token.text == text)

    def fail(self, problem, token=None):
        position = len(self.text) if token is None else token.start
        return _syntax_error(self.text, problem, position)

    # -- the grammar ----------------------------------------------------------

    def parse(self):
        values = []
        while self.peek() is not None:
            if self.at("punct", ","):  # an empty item, as in "1, 2," : skip it
                self.take()
                continue
            values.extend(self.parse_item())
            if self.peek() is not None and not self.at("punct", ","):
                previous, token = self.tokens[self.index - 1], self.peek()
                if token.text == ")":
                    raise self.fail("')' has no matching '('", token)
                raise self.fail(
                    f"a comma is missing between {previous.text!r} and {token.text!r}", token
                )
        if not values:
            raise _syntax_error(self.text, "type at least one value, e.g. 0.1, 1, 10")
        return values

    def parse_item(self):
        """One item: returns a list (one value, or all the values of a range)."""
        token = self.take()
        if token.kind == "number":
            if self.at("dots"):
                return self.parse_range(token)
            return [_to_number(token.text)]
        if token.kind == "word":
            if self.at("dots"):
                raise self.fail(f"a range needs numbers on both sides, not {token.text!r}", token)
            return [_word_value(token.text)]
        if token.kind == "string":
            return [token.text[1:-1]]
        if token.text == "(":
            return [self.parse_tuple(token)]
        if token.kind == "dots":
            raise self.fail("a range needs a number before '..', e.g. 1..10", token)
        raise self.fail(f"{token.text!r} has no matching '('", token)  # a stray ")"

    def parse_tuple(self, opening):
        items = []
        while True:
            token = self.peek()
            if token is None:
                raise self.fail("the '(' is never closed: end the tuple with ')'", opening)
            if token.text == ")":
                self.take()
                break
            if token.kind != "number":
                raise self.fail(
                    f"a tuple holds numbers only, e.g. (20, 10), and {token.text} is not one", token
                )
            items.append(_to_number(self.take().text))
            if self.at("dots"):
                raise self.fail("a range cannot go inside a tuple", self.peek())
            if self.at("punct", ","):
                self.take()
            elif not self.at("punct", ")") and self.peek() is not None:
                raise self.fail(
                    f"a comma is missing before {self.peek().text!r} in the tuple", self.peek()
                )
        if not items:
            raise self.fail("an empty tuple () is not a value: write (10,) for one number", opening)
        return tuple(items)

    def parse_range(self, lo_token):
        self.take()  # the ".."
        if not self.at("number"):
            raise self.fail("'..' must be followed by a number, e.g. 1..10", self.peek())
        hi_token = self.take()
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        if lo > hi:
            raise self.fail(
                f"the range {lo_token.text}..{hi_token.text} goes downwards: write the smaller "
                f"number first ({hi_token.text}..{lo_token.text})",
                lo_token,
            )

        kind_token = None
        if self.at("word") and self.peek().text in _RANGE_KINDS:
            kind_token = self.take()
            if not self.at("number"):
                raise self.fail(
                    f"{kind_token.text!r} must be followed by a number, e.g. 0..1 lin 5",
                    self.peek(),
                )
            amount_token = self.take()
        elif self.at("word") and self.peek().text != "int":
            raise self.fail(
                f"after a range, write 'lin N', 'log N' or 'step S', not {self.peek().text!r}",
                self.peek(),
            )

        as_int = False
        if self.at("word", "int"):
            int_token = self.take()
            if kind_token is None or kind_token.text == "step":
                raise self.fail("'int' can only follow 'lin N' or 'log N'", int_token)
            as_int = True

        if kind_token is None:
            values = self.whole_numbers(lo_token, hi_token)
        elif kind_token.text == "step":
            values = self.stepped(lo_token, hi_token, amount_token)
        else:
            values = self.spaced(lo_token, hi_token, kind_token.text, amount_token)
        if as_int:
            values = [int(round(value)) for value in values]
        return values

    # -- the values of a range --------------------------------------------------

    def check_size(self, count, token):
        if count > MAX_VALUES:
            how_many = f"{count:,.0f}" if math.isfinite(count) else "too many"
            raise self.fail(
                f"this range makes {how_many} values, more than the {MAX_VALUES:,} allowed: "
                "use fewer values, e.g. with 'log 7' or 'lin 5'",
                token,
            )

    def whole_numbers(self, lo_token, hi_token):
        """``1..10``: every whole number from lo to hi."""
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        if not (isinstance(lo, int) and isinstance(hi, int)):
            raise self.fail(
                f"the range {lo_token.text}..{hi_token.text} needs whole numbers at both ends, "
                "or say how to fill it: e.g. 0..1 lin 5, 1e-3..1e3 log 7 or 0..1 step 0.1",
                lo_token,
            )
        self.check_size(hi - lo + 1, lo_token)
        return list(range(lo, hi + 1))

    def stepped(self, lo_token, hi_token, step_token):
        """``1..10 step 3``: lo, lo + step, ... up to hi."""
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        step = _to_number(step_token.text)
        if step <= 0:
            raise self.fail("the step must be above 0, e.g. 1..10 step 2", step_token)
        if isinstance(lo, int) and isinstance(hi, int) and isinstance(step, int):
            self.check_size((hi - lo) // step + 1, lo_token)
            return list(range(lo, hi + 1, step))
        count = (hi - lo) / step + 1
        self.check_size(count, lo_token)
        # a tiny tolerance, so that 0..1 step 0.1 reaches 1.0 despite rounding errors
        count = math.floor(count + 1e-9)
        return [_round12(lo + i * step) for i in range(count)]

    def spaced(self, lo_token, hi_token, kind, count_token):
        """``0..1 lin 5`` (np.linspace) or ``1e-3..1e3 log 7`` (np.logspace)."""
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        count = _to_number(count_token.text)
        if not isinstance(count, int) or count < 1:
            raise self.fail(
                f"the number of values after {kind!r} must be a whole number of at least 1, "
                f"not {count_token.text}",
                count_token,
            )
        self.check_size(count, count_token)
        if kind == "log":
            if lo <= 0:
                raise self.fail(
                    f"the log range {lo_token.text}..{hi_token.text} needs both ends above 0 "
                    "(the log of 0 or less is undefined), e.g. 1e-3..1e3 log 7",
                    lo_token,
                )
            grid = np.logspace(math.log10(lo), math.log10(hi), count)
        else:
            grid = np.linspace(lo, hi, count)
        return [_round12(float(value)) for value in grid]


def _word_value(word):
    """A bare word: a boolean, None, or else the word itself as a string."""
    lowered = word.lower()
    if lowered in _TRUE_WORDS:
        return True
    if lowered in _FALSE_WORDS:
        return False
    if lowered in _NONE_WORDS:
        return None
    return word


def _drop_duplicates(values):
    """Keep the first of values that are equal and of the same type (1 and 1.0 both stay)."""
    seen = set()
    kept = []
    for value in values:
        key = (type(value), value)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def parse_values(text: str) -> list:
    """Read the values a learner typed, e.g. ``"0.1, 1, 10"``, into a list.

    The text is read by a small parser, never run as Python code: anything that
    looks like code (``open('f')``, ``1 + 2``, ``lambda x: x``, ``[...]``,
    ``{...}``) is rejected with a message that points at the offending part.

    Parameters
    ----------
    text : str
        Comma-separated values. See :data:`SYNTAX_HELP` for everything that can
        be typed: numbers, ranges (``1..10``, ``1..10 step 3``, ``0..1 lin 5``,
        ``1e-3..1e3 log 7``, ``1..100 log 5 int``), words (``rbf``), quoted text,
        ``True``/``False``/``None`` and tuples of numbers (``(20, 10)``).

    Returns
    -------
    values : list
        The values in the order typed. Whole numbers are ``int``, other numbers
        ``float``. A value typed twice is kept once (same value and same type:
        ``1`` and ``1.0`` are both kept), because trying it twice wastes fits.

    Raises
    ------
    SpaceSyntaxError
        If the text cannot be read, is empty, or a range is invalid: a log range
        must have both ends above 0; a range must go upwards (``1..10``, not
        ``10..1``); a range may make at most :data:`MAX_VALUES` values.

    Notes
    -----
    Values from ``lin`` and ``log`` ranges are rounded to 12 significant digits,
    so that ``1e-3..1e3 log 7`` gives ``0.001`` rather than
    ``0.0010000000000000002``. ``(50)`` is read as the tuple ``(50,)``. Quote a
    word to keep it as text: ``'None'`` is the string ``"None"``.

    Examples
    --------
    >>> parse_values("0.1, 1, 10")
    [0.1, 1, 10]
    >>> parse_values("1e-3..1e3 log 7")
    [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
    >>> parse_values("1..10 step 3")
    [1, 4, 7, 10]
    >>> parse_values("rbf, linear, 'a b'")
    ['rbf', 'linear', 'a b']
    >>> parse_values("(10,), (20, 10), None")
    [(10,), (20, 10), None]
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_values expects text (a str), got {type(text).__name__}")
    values = _drop_duplicates(_Parser(text).parse())
    if len(values) > MAX_VALUES:
        raise _syntax_error(
            text, f"this makes {len(values):,} values, more than the {MAX_VALUES:,} allowed"
        )
    return values


def _format_one(value):
    if value is None or isinstance(value, (bool, np.bool_)):
        return str(None if value is None else bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # the shortest text that reads back as the same float
    if isinstance(value, str):
        word = _TOKEN_RE.fullmatch(value)
        is_plain_word = (
            word is not None
            and word.lastgroup == "word"
            and value.lower() not in _TRUE_WORDS | _FALSE_WORDS | _NONE_WORDS
            and not keyword.iskeyword(value)
        )
        if is_plain_word:
            return value
        # quoted text has no escapes: use the quote that the text does not contain
        return f"'{value}'" if "'" not in value else f'"{value}"'
    if (
        isinstance(value, tuple)
        and value
        and all(isinstance(item, numbers.Real) and not isinstance(item, bool) for item in value)
    ):
        inner = ", ".join(_format_one(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def format_values(values) -> str:
    """Write a list of values as text that :func:`parse_values` reads back.

    Parameters
    ----------
    values : list, tuple or 1-D array
        The values to show, for example a list from a search space.

    Returns
    -------
    text : str
        The values separated by ``", "``. Words are written bare (``rbf``),
        other text quoted (``'a b'``), and floats in their shortest exact form,
        so ``parse_values(format_values(values)) == values`` for any list that
        :func:`parse_values` can produce. Other objects (an estimator, say, or
        an infinite float) are shown with ``repr`` and do not read back.

    Examples
    --------
    >>> format_values([0.001, 0.1, 10])
    '0.001, 0.1, 10'
    >>> format_values(["rbf", "a b", None, (20, 10)])
    "rbf, 'a b', None, (20, 10)"
    """
    if isinstance(values, str):
        values = [values]
    return ", ".join(_format_one(value) for value in values)
