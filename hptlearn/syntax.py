"""The typed-value grammar: what a learner types into a text box, read into values.

:func:`parse_values` reads text such as ``"0.1, 1, 10"`` or ``"1e-3..1e3 log 7"`` and
returns a list of Python values; :func:`parse_range` reads a bare range ``"1e-3..1e3"``
(the form a distribution is typed in). Both use one small hand-written tokenizer and
parser that only know numbers, words, quoted text, booleans, ``None``, ranges and tuples
of numbers. Nothing typed is ever run as Python code. :func:`format_values` goes the
other way.

The text is read in time and memory proportional to its length, which is at most
:data:`MAX_TEXT_LENGTH` characters (checked before anything else), and no range is
expanded once the values so far would pass :data:`MAX_VALUES`: any text, however long,
is answered at once (``benchmarks/parse_values.py`` measures it).
"""

from __future__ import annotations

import keyword
import math
import numbers
import re
import sys
import unicodedata
from typing import NamedTuple

import numpy as np

__all__ = [
    "MAX_TEXT_LENGTH",
    "MAX_VALUES",
    "SYNTAX_HELP",
    "SpaceSyntaxError",
    "format_values",
    "parse_range",
    "parse_values",
]

MAX_VALUES = 10_000
"""The largest number of values one text box may make, counting every value of every
range (a value typed twice counts twice)."""

MAX_TEXT_LENGTH = 5_000
"""The longest text :func:`parse_values` and :func:`parse_range` read, in characters.

Longer text is refused before it is read. Typed values fit easily (a list of a hundred
numbers is about 600 characters), and a range describes many values in a few characters:
``1e-3..1e3 log 100``."""

_MAX_NUMBER_LENGTH = 100  # characters in one number: 1e-300 is short, 0.000...1 need not be

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
Ranges go upwards (1..10, not 10..1). A text box makes at most {MAX_VALUES:,} values in all
and holds at most {MAX_TEXT_LENGTH:,} characters.
A value typed twice is kept once. Nothing you type is run as Python code."""

_RANGE_HELP = (
    "A range is two numbers around '..', low..high: e.g. 0..1, 1e-3..1e3 or 1..50.\n"
    "Nothing you type is run as Python code."
)


class SpaceSyntaxError(ValueError):
    """Raised by :func:`parse_values` and :func:`parse_range` when the text cannot be read.

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
# Tokens
# ---------------------------------------------------------------------------

# One regular expression reads a token and the blanks before it; each kind of token is a
# named group. The order matters: a number is tried before ".." so that ".5" is a number,
# and "1." only takes the dot when it is not the start of "..", so that "1..10" reads as
# 1, "..", 10. A number glued to a letter or a dot ("2d", "1.2.3") and a word followed by
# "(" (a call) are kinds of their own, so that they are refused with a clear message.
# Atomic groups (?>...) keep the glued and call patterns from backtracking into the number
# or word, so reading is linear in the length of the text.
_NUMBER = r"-?(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_WORD = r"[A-Za-z_][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*"
# Blanks: ASCII white space and the Unicode blanks that text pasted from a web page or a
# document carries (no-break spaces, thin spaces, zero-width spaces, a byte-order mark).
_BLANK = r"[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"

_TOKEN_RE = re.compile(
    rf"""
    {_BLANK}*
    (?:
      (?P<glued>(?>{_NUMBER})(?=\w|\.(?!\.)))
    | (?P<number>{_NUMBER})
    | (?P<dots>\.\.)
    | (?P<call>(?>{_WORD})(?={_BLANK}*\())
    | (?P<word>{_WORD})
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<punct>[,()])
    | (?P<end>\Z)
    )
    """,
    re.VERBOSE | re.ASCII,
)
_WORD_RE = re.compile(_WORD, re.ASCII)
_BLANKS_RE = re.compile(f"{_BLANK}*")

_INT_RE = re.compile(r"-?\d+")
_CHUNK_RE = re.compile(r"[\w.\-]*")  # what "2d" or "1.2.3" is made of, for the message

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

_SHOWN_WIDTH = 72  # characters of the text shown above the ^ in a message


class _Token(NamedTuple):
    kind: str  # "number", "dots", "word", "string" or "punct"
    text: str  # the characters as typed
    start: int  # index of the first character in the whole text


def _shorten(text, width=40):
    """``text`` itself if short, else its start followed by ``...``."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _picture(text, position):
    """The text (or the part of it around ``position``) with a ^ under ``position``."""
    start, end = 0, len(text)
    if len(text) > _SHOWN_WIDTH:
        start = max(0, min(position - _SHOWN_WIDTH // 2, len(text) - _SHOWN_WIDTH))
        end = start + _SHOWN_WIDTH
    shown = re.sub(r"\s", " ", text[start:end])  # keep the ^ aligned under tabs and newlines
    caret = position - start
    if start > 0:
        shown, caret = "..." + shown, caret + 3
    if end < len(text):
        shown += "..."
    return f"\n    {shown}\n    {' ' * caret}^"


def _syntax_error(text, problem, position=None, help_text=SYNTAX_HELP):
    """Build a SpaceSyntaxError that shows the text with a ^ under ``position``."""
    message = problem
    if position is not None:
        message += _picture(text, position)
    message += "\n\n" + help_text
    return SpaceSyntaxError(message, text=text, position=position)


def _check_text(text, function, help_text):
    """Refuse what is not text, or text too long to read, before reading anything."""
    if not isinstance(text, str):
        raise TypeError(f"{function} expects text (a str), got {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise _syntax_error(
            text,
            f"the text is {len(text):,} characters long, more than the {MAX_TEXT_LENGTH:,} "
            "allowed: type fewer values, or describe many values with a range "
            "(1..100, 0..1 lin 5, 1e-3..1e3 log 7) instead of listing each one",
            help_text=help_text,
        )


def _tokenize(text, help_text=SYNTAX_HELP):
    """Split ``text`` into tokens, rejecting any character that has no meaning here."""
    tokens = []
    position = 0
    while True:
        match = _TOKEN_RE.match(text, position)
        if match is None:
            position = _BLANKS_RE.match(text, position).end()
            char = text[position]
            if char in "'\"":
                problem = f"the quote {char} is never closed"
            elif char in _CHARACTER_HINTS:
                problem = f"{char!r} cannot be used here ({_CHARACTER_HINTS[char]})"
            elif not char.isprintable():
                name = unicodedata.name(char, "an unnamed control character")
                problem = (
                    f"an invisible character, U+{ord(char):04X} ({name}), cannot be used here: "
                    "delete it (text pasted from a web page or a document often carries one)"
                )
            else:
                problem = f"{char!r} cannot be used here"
            raise _syntax_error(text, problem, position, help_text)

        kind = match.lastgroup
        if kind == "end":
            return tokens
        token_text, start, position = match.group(kind), match.start(kind), match.end()

        if kind == "glued":  # "2d", "1e", "1.2.3": neither a number nor a word
            chunk = _shorten(_CHUNK_RE.match(text, start).group())
            problem = f"{chunk!r} is not a number (and words must start with a letter)"
            raise _syntax_error(text, problem, start, help_text)
        if kind == "call":
            problem = (
                f"'{_shorten(token_text)}(' looks like a function call: calls are never "
                "run here, type the values themselves"
            )
            raise _syntax_error(text, problem, start, help_text)
        if kind == "number":
            if len(token_text) > _MAX_NUMBER_LENGTH:
                problem = (
                    f"{_shorten(token_text)!r} is {len(token_text):,} characters long, too long "
                    f"for a number (at most {_MAX_NUMBER_LENGTH}): write it shorter, e.g. 1e50 "
                    "rather than 1 followed by 50 zeros"
                )
                raise _syntax_error(text, problem, start, help_text)
            if not math.isfinite(float(token_text)):
                problem = f"{token_text!r} is too large to be a number"
                raise _syntax_error(text, problem, start, help_text)
        elif kind == "word" and token_text not in ("True", "False", "None"):
            if keyword.iskeyword(token_text):
                problem = (
                    f"{token_text!r} is a Python keyword: code is never run here, "
                    "type the values themselves"
                )
                raise _syntax_error(text, problem, start, help_text)
        tokens.append(_Token(kind, token_text, start))


def _to_number(token_text):
    """``"10"`` -> 10 (an int), ``"1e3"`` -> 1000.0 and ``"0.5"`` -> 0.5 (floats)."""
    if _INT_RE.fullmatch(token_text):
        return int(token_text)
    return float(token_text)


def _round12(value):
    """Round a float to 12 significant digits, so that 0.0010000000000000002 -> 0.001."""
    return float(f"{value:.12g}")


def _round12_all(values):
    """``[_round12(value) for value in values]``, computed with numpy for nearly all values.

    Each value is multiplied or divided by a power of ten (exact up to 10**22) so that its
    12 significant digits form the integer part, which is rounded, and scaled back: both
    steps round once, as reading the 12 digits back would. The result is the same as
    :func:`_round12`'s, except where the scaled value lies within rounding error of a half
    or the value near a power of ten (which could change its number of digits): those few
    values go through :func:`_round12` itself.
    """
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.log10(np.abs(values))
        shift = 11 - np.floor(magnitude)  # 10**shift * value has 12 digits before the point
        fast = (
            np.isfinite(shift)
            & (np.abs(shift) <= 22)
            & (np.abs(magnitude - np.rint(magnitude)) > 1e-9)
        )
        shift = np.where(fast, shift, 0.0)
        up, down = 10.0 ** np.maximum(shift, 0.0), 10.0 ** np.maximum(-shift, 0.0)
        scaled = values * up / down  # one of up and down is 1: a single rounding
        fast &= np.abs(scaled - np.floor(scaled) - 0.5) > 1e-3
        rounded = (np.rint(scaled) / up * down).tolist()
    for index in np.flatnonzero(~fast):
        rounded[index] = _round12(float(values[index]))
    return rounded


def _how_many(count):
    """``1000000000`` -> ``"1,000,000,000"``; an infinite or astronomic count -> ``"too many"``."""
    if math.isfinite(count) and count < 1e15:
        return f"{count:,.0f}"
    return "too many"


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


class _Parser:
    """A small recursive-descent parser over the tokens of one text box.

    The grammar, informally (``[...]`` is optional, ``|`` is "or")::

        values := item ("," item)*
        item   := range | number | word | "quoted text" | tuple
        range  := bounds ["step" number | ("lin" | "linear" | "log") count ["int"]]
        bounds := number ".." number
        tuple  := "(" number ("," number)* [","] ")"

    :func:`parse_values` reads ``values``, :func:`parse_range` reads ``bounds``.
    ``n_values`` counts the values made so far, so that a range is refused before
    it is expanded when the total would pass :data:`MAX_VALUES`.
    """

    def __init__(self, text, help_text=SYNTAX_HELP):
        self.text = text
        self.help_text = help_text
        self.tokens = _tokenize(text, help_text)
        self.index = 0
        self.n_values = 0

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
        return _syntax_error(self.text, problem, position, self.help_text)

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
                    f"a comma is missing between {_shorten(previous.text)!r} and "
                    f"{_shorten(token.text)!r}",
                    token,
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
            values = [_to_number(token.text)]
        elif token.kind == "word":
            if self.at("dots"):
                raise self.fail(
                    f"a range needs numbers on both sides, not {_shorten(token.text)!r}", token
                )
            values = [_word_value(token.text)]
        elif token.kind == "string":
            values = [token.text[1:-1]]
        elif token.text == "(":
            values = [self.parse_tuple(token)]
        elif token.kind == "dots":
            raise self.fail("a range needs a number before '..', e.g. 1..10", token)
        else:
            raise self.fail(f"{token.text!r} has no matching '('", token)  # a stray ")"
        self.count(1, token)
        return values

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
                    "a tuple holds numbers only, e.g. (20, 10), and "
                    f"{_shorten(token.text)} is not one",
                    token,
                )
            items.append(_to_number(self.take().text))
            if self.at("dots"):
                raise self.fail("a range cannot go inside a tuple", self.peek())
            if self.at("punct", ","):
                self.take()
            elif not self.at("punct", ")") and self.peek() is not None:
                raise self.fail(
                    f"a comma is missing before {_shorten(self.peek().text)!r} in the tuple",
                    self.peek(),
                )
        if not items:
            raise self.fail("an empty tuple () is not a value: write (10,) for one number", opening)
        return tuple(items)

    def parse_bounds(self, lo_token):
        """After the number ``lo_token``, at ``..``: read it and the second number."""
        self.take()  # the ".."
        if not self.at("number"):
            following = self.peek()
            problem = "'..' must be followed by a number, e.g. 1..10"
            if following is not None:
                problem = f"{_shorten(following.text)!r} is not a number: {problem}"
            raise self.fail(problem, following)
        return self.take()

    def parse_range(self, lo_token):
        hi_token = self.parse_bounds(lo_token)
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        if lo > hi:
            raise self.fail(
                f"the range {lo_token.text}..{hi_token.text} goes downwards: write the smaller "
                f"number first ({hi_token.text}..{lo_token.text})",
                lo_token,
            )
        if not math.isfinite(float(hi) - float(lo)):
            raise self.fail(
                f"the range {lo_token.text}..{hi_token.text} is wider than the largest number "
                f"a float can hold (about {sys.float_info.max:.1e}): narrow it",
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
                "after a range, write 'lin N', 'log N' or 'step S', not "
                f"{_shorten(self.peek().text)!r}",
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

    def count(self, count, token):
        """Add ``count`` values to the total, refusing (before they are made) too many."""
        if count > MAX_VALUES:
            raise self.fail(
                f"this range makes {_how_many(count)} values, more than the {MAX_VALUES:,} "
                "allowed: use fewer values, e.g. with 'log 7' or 'lin 5'",
                token,
            )
        if self.n_values + count > MAX_VALUES:
            raise self.fail(
                f"with the {self.n_values:,} values before it, this makes "
                f"{self.n_values + count:,} values in all, more than the {MAX_VALUES:,} allowed "
                "(a value typed twice counts twice): use fewer or smaller ranges, e.g. with "
                "'log 7' or 'lin 5'",
                token,
            )
        self.n_values += count

    def whole_numbers(self, lo_token, hi_token):
        """``1..10``: every whole number from lo to hi."""
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        if not (isinstance(lo, int) and isinstance(hi, int)):
            raise self.fail(
                f"the range {lo_token.text}..{hi_token.text} needs whole numbers at both ends, "
                "or say how to fill it: e.g. 0..1 lin 5, 1e-3..1e3 log 7 or 0..1 step 0.1",
                lo_token,
            )
        self.count(hi - lo + 1, lo_token)
        return list(range(lo, hi + 1))

    def stepped(self, lo_token, hi_token, step_token):
        """``1..10 step 3``: lo, lo + step, ... up to hi."""
        lo, hi = _to_number(lo_token.text), _to_number(hi_token.text)
        step = _to_number(step_token.text)
        if step <= 0:
            raise self.fail("the step must be above 0, e.g. 1..10 step 2", step_token)
        if isinstance(lo, int) and isinstance(hi, int) and isinstance(step, int):
            self.count((hi - lo) // step + 1, lo_token)
            return list(range(lo, hi + 1, step))
        # a tiny tolerance, so that 0..1 step 0.1 reaches 1.0 despite rounding errors
        count = (hi - lo) / step + 1
        self.count(math.floor(count + 1e-9) if math.isfinite(count) else count, lo_token)
        return _round12_all(np.arange(math.floor(count + 1e-9)) * step + lo)

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
        if kind == "log" and lo <= 0:
            raise self.fail(
                f"the log range {lo_token.text}..{hi_token.text} needs both ends above 0 "
                "(the log of 0 or less is undefined), e.g. 1e-3..1e3 log 7",
                lo_token,
            )
        self.count(count, count_token)
        if kind == "log":
            grid = np.logspace(math.log10(lo), math.log10(hi), count)
        else:
            grid = np.linspace(lo, hi, count)
        return _round12_all(grid)


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


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


def parse_values(text: str) -> list:
    """Read the values a learner typed, e.g. ``"0.1, 1, 10"``, into a list.

    The text is read by a small parser, never run as Python code: anything that
    looks like code (``open('f')``, ``1 + 2``, ``lambda x: x``, ``[...]``,
    ``{...}``) is rejected with a message that points at the offending part.

    Parameters
    ----------
    text : str
        Comma-separated values, at most :data:`MAX_TEXT_LENGTH` characters. See
        :data:`SYNTAX_HELP` for everything that can be typed: numbers, ranges
        (``1..10``, ``1..10 step 3``, ``0..1 lin 5``, ``1e-3..1e3 log 7``,
        ``1..100 log 5 int``), words (``rbf``), quoted text, ``True``/``False``/``None``
        and tuples of numbers (``(20, 10)``).

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
        ``10..1``). Also, before anything is read, if the text is longer than
        :data:`MAX_TEXT_LENGTH` characters; and, before a range is expanded, if
        the values so far would pass :data:`MAX_VALUES` (each value of each range
        counts, a value typed twice counts twice).
    TypeError
        If ``text`` is not a ``str``.

    Notes
    -----
    Values from ``lin`` and ``log`` ranges are rounded to 12 significant digits,
    so that ``1e-3..1e3 log 7`` gives ``0.001`` rather than
    ``0.0010000000000000002``. ``(50)`` is read as the tuple ``(50,)``. Quote a
    word to keep it as text: ``'None'`` is the string ``"None"``. A number has at
    most 100 characters (write ``1e50``, not 1 followed by 50 zeros).

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
    >>> parse_values("1..9999, 1..9999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    hptlearn.syntax.SpaceSyntaxError: with the 9,999 values before it, this makes 19,998 ...
    """
    _check_text(text, "parse_values", SYNTAX_HELP)
    return _drop_duplicates(_Parser(text).parse())


def parse_range(text: str) -> tuple:
    """Read a range ``low..high`` typed as two numbers around ``..``, and nothing else.

    This is the ``bounds`` part of the grammar :func:`parse_values` reads (the
    same tokens, numbers and messages), for text boxes that take one range, such
    as the bounds of a distribution (:func:`hptlearn.distributions.make_distribution`).

    Parameters
    ----------
    text : str
        For example ``"0..1"``, ``"1e-3..1e3"`` or ``"1..50"``; at most
        :data:`MAX_TEXT_LENGTH` characters.

    Returns
    -------
    low, high : int or float
        The two numbers as typed: whole numbers are ``int``, others ``float``.
        Their order is not checked: what a range whose low is not below its
        high means is for the caller to say.

    Raises
    ------
    SpaceSyntaxError
        If the text is not a range of two numbers: a word instead of a number,
        a missing ``..``, or anything after the range (such as ``log 7``).
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> parse_range("1e-3..1e3")
    (0.001, 1000.0)
    >>> parse_range(" 1..50 ")
    (1, 50)
    """
    _check_text(text, "parse_range", _RANGE_HELP)
    parser = _Parser(text, _RANGE_HELP)
    first = parser.peek()
    if first is None:
        raise _syntax_error(text, "type a range low..high, e.g. 0..1", help_text=_RANGE_HELP)
    if first.kind != "number":
        raise parser.fail(f"{_shorten(first.text)!r} is not a number", first)
    parser.take()
    if not parser.at("dots"):
        following = parser.peek()
        raise parser.fail(
            f"'..' is missing after {first.text}"
            + ("" if following is None else f", before {_shorten(following.text)!r}"),
            following,
        )
    last = parser.parse_bounds(first)
    rest = parser.peek()
    if rest is not None:
        extra = _shorten(text[rest.start :].strip())
        raise parser.fail(
            f"only low..high is read here: remove {extra!r} after {first.text}..{last.text}",
            rest,
        )
    low, high = _to_number(first.text), _to_number(last.text)
    if not math.isfinite(float(high) - float(low)):
        raise parser.fail(
            f"the range {first.text}..{last.text} is wider than the largest number a float "
            f"can hold (about {sys.float_info.max:.1e}): narrow it",
            first,
        )
    return low, high


def _format_one(value):
    if value is None or isinstance(value, (bool, np.bool_)):
        return str(None if value is None else bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # the shortest text that reads back as the same float
    if isinstance(value, str):
        is_plain_word = (
            _WORD_RE.fullmatch(value) is not None
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
        :func:`parse_values` can produce, as long as the text stays within
        :data:`MAX_TEXT_LENGTH` characters. Other objects (an estimator, say, or
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
