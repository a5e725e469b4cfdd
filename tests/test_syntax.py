"""Tests for hptlearn.syntax: reading typed values (parse_values, parse_range), writing them."""

import ast
import builtins
import random
import re

import numpy as np
import pytest
from sklearn.svm import SVC

from hptlearn import syntax
from hptlearn.syntax import (
    MAX_TEXT_LENGTH,
    MAX_VALUES,
    SYNTAX_HELP,
    SpaceSyntaxError,
    format_values,
    parse_range,
    parse_values,
)


def same_values(actual, expected):
    """Equal values *and* equal types (so that 1 and 1.0, or True and 1, differ)."""
    return actual == expected and [type(v) for v in actual] == [type(v) for v in expected]


# ---------------------------------------------------------------------------
# parse_values: what is accepted
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # numbers
        ("0.1, 1, 10", [0.1, 1, 10]),
        ("1e3", [1000.0]),
        ("1E-2, 2.5e+1", [0.01, 25.0]),
        ("-2, -0.5", [-2, -0.5]),
        (".5, 1.", [0.5, 1.0]),
        ("  3  ,\n4\t", [3, 4]),
        ("1, 2,", [1, 2]),  # a trailing comma is fine
        # ranges
        ("1..5", [1, 2, 3, 4, 5]),
        ("-2..1", [-2, -1, 0, 1]),
        ("3..3", [3]),
        ("1..10 step 3", [1, 4, 7, 10]),
        ("1..9 step 3", [1, 4, 7]),
        ("0..1 step 0.25", [0.0, 0.25, 0.5, 0.75, 1.0]),
        ("0..1 lin 5", [0.0, 0.25, 0.5, 0.75, 1.0]),
        ("0..1 linear 3", [0.0, 0.5, 1.0]),
        ("0..1 lin 1", [0.0]),
        ("1e-3..1e3 log 7", [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]),
        ("2..64 log 6 int", [2, 4, 8, 16, 32, 64]),
        ("1..100 log 5 int", [1, 3, 10, 32, 100]),
        ("0..10 lin 3 int", [0, 5, 10]),
        ("0, 1..3", [0, 1, 2, 3]),
        ("1..2, 5..6, 9", [1, 2, 5, 6, 9]),
        # words and quoted text
        ("rbf, linear", ["rbf", "linear"]),
        ("l-bfgs-b, sqrt, log2, saga", ["l-bfgs-b", "sqrt", "log2", "saga"]),
        ("my_scorer, v1.2", ["my_scorer", "v1.2"]),
        ("'a b', \"a, b\"", ["a b", "a, b"]),
        ("'', \"it's\"", ["", "it's"]),
        ("log, lin, step, int", ["log", "lin", "step", "int"]),  # only keywords after a range
        # booleans and None
        ("True, False", [True, False]),
        ("true, false", [True, False]),
        ("None", [None]),
        ("none", [None]),
        ("null", [None]),
        ("'None', 'True'", ["None", "True"]),  # quoted: kept as text
        # tuples of numbers
        ("(10,), (20, 10)", [(10,), (20, 10)]),
        ("(50)", [(50,)]),
        ("( 30 , 20 , 10 , )", [(30, 20, 10)]),
        ("(100,), 0.5", [(100,), 0.5]),
        # mixed
        ("None, 5, 10, sqrt", [None, 5, 10, "sqrt"]),
    ],
)
def test_parse_values_accepts(text, expected):
    assert same_values(parse_values(text), expected)


def test_ints_stay_int_and_exponents_are_float():
    values = parse_values("1, 1e3, 2.0, -3")
    assert [type(v) for v in values] == [int, float, float, int]


def test_log_range_matches_numpy_logspace_rounded():
    values = parse_values("1e-4..1e2 log 13")
    expected = np.logspace(-4, 2, 13)
    np.testing.assert_allclose(values, expected, rtol=1e-11)
    assert all(type(v) is float for v in values)
    assert repr(values[0]) == "0.0001"  # rounded: no 0.00010000000000000002


def test_lin_range_matches_numpy_linspace_rounded():
    values = parse_values("0..1 lin 4")
    np.testing.assert_allclose(values, np.linspace(0, 1, 4), rtol=1e-11)
    assert values[1] == 0.333333333333  # 12 significant digits


def test_float_step_reaches_the_upper_end():
    values = parse_values("0..1 step 0.1")
    assert len(values) == 11
    assert values[3] == 0.3  # not 0.30000000000000004
    assert values[-1] == 1.0


def test_int_range_drops_duplicates_after_rounding():
    # np.logspace(0, 1, 10) rounds to 1, 1, 2, 2, 3, 4, 5, 6, 8, 10
    assert parse_values("1..10 log 10 int") == [1, 2, 3, 4, 5, 6, 8, 10]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1, 2, 1", [1, 2]),
        ("rbf, linear, rbf", ["rbf", "linear"]),
        ("0..2, 1..3", [0, 1, 2, 3]),
        ("(10,), (10,)", [(10,)]),
        ("None, null, none", [None]),
        ("1, 1.0", [1, 1.0]),  # same value, different types: both kept
        ("True, 1", [True, 1]),
    ],
)
def test_duplicates_are_dropped_keeping_the_first(text, expected):
    assert same_values(parse_values(text), expected)


def test_largest_allowed_range():
    assert len(parse_values(f"1..{MAX_VALUES}")) == MAX_VALUES


def test_the_examples_in_syntax_help_work():
    examples = [
        re.split(r"\s{2,}", line.strip())[0]
        for line in SYNTAX_HELP.splitlines()
        if line.startswith("  ")
    ]
    assert len(examples) >= 10
    for example in examples:
        assert parse_values(example)  # every example is valid input
    assert parse_values("1..10 step 3") == [1, 4, 7, 10]
    assert parse_values("0..1 lin 5") == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert parse_values("1..100 log 5 int") == [1, 3, 10, 32, 100]
    assert "1, 4, 7, 10" in SYNTAX_HELP
    assert "1, 3, 10, 32, 100" in SYNTAX_HELP


def test_parse_values_never_runs_code(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("parse_values must not evaluate code")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "compile", forbidden)
    monkeypatch.setattr(ast, "literal_eval", forbidden)
    assert parse_values("0.1, 1..3, rbf, 'a b', True, None, (20, 10)") == [
        0.1, 1, 2, 3, "rbf", "a b", True, None, (20, 10),
    ]  # fmt: skip
    with pytest.raises(SpaceSyntaxError):
        parse_values("__import__('os').system('ls')")


def test_random_text_is_read_or_rejected_cleanly():
    # Random snippets of the syntax: each is either read (and then round-trips
    # through format_values) or rejected with a SpaceSyntaxError, never another error.
    pieces = list("0123456789.,-+eE() 'ab\"_x") + ["..", " log ", " lin ", " step ", " int"]
    pieces += ["True", "None", "rbf", "1e3", "(10,)", "1e-3", "[", "*", ":"]
    rng = random.Random(0)
    n_read = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        try:
            values = parse_values(text)
        except SpaceSyntaxError:
            continue
        n_read += 1
        assert same_values(parse_values(format_values(values)), values), text
    assert n_read > 200  # the snippets do exercise the happy path


def test_parse_values_needs_text():
    with pytest.raises(TypeError, match="str"):
        parse_values(["0.1", "1"])


# ---------------------------------------------------------------------------
# parse_values: what is rejected
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, offending",
    [
        # code
        ("__import__('os').system('ls')", "__import__("),
        ('os.system("x")', "os.system("),
        ("open('f')", "open("),
        ("range(3)", "range("),
        ("lambda x: x", "lambda"),
        ("[i for i in range(3)]", "'['"),
        ("[0.1, 1]", "'['"),
        ("1 + 2", "'+'"),
        ("10**9", "'*'"),
        ("1 - 2", "'-'"),
        ("1/3", "'/'"),
        ("{1: 2}", "'{'"),
        ("{1, 2}", "'{'"),
        ("C = 1", "'='"),
        ("1; 2", "';'"),
        ("rbf or linear", "'or'"),
        ("x if y else z", "'if'"),
        # malformed values
        ("0.1 1", "'0.1' and '1'"),
        ("rbf linear", "'rbf' and 'linear'"),
        ("2d", "'2d'"),
        ("1.2.3", "'1.2.3'"),
        ("'abc", "quote ' is never closed"),
        ("1)", "')' has no matching '('"),
        ("(1, 2", "'(' is never closed"),
        ("()", "empty tuple"),
        ("(1, 'a')", "'a'"),
        ("((1, 2),)", "a tuple holds numbers only"),
        ("(1 2)", "'2'"),
        ("(1..3)", "range cannot go inside a tuple"),
        # ranges
        ("a..b", "'a'"),
        ("..3", "'..'"),
        ("1..", "'..' must be followed by a number"),
        ("10..1", "10..1"),
        ("0.5..3", "0.5..3"),
        ("1..1e3", "1..1e3"),
        ("0..10 log 3", "0..10"),
        ("-1..1 log 3", "-1..1"),
        ("1..10 lin 0", "at least 1"),
        ("1..10 lin -2", "-2"),
        ("1..10 log 2.5", "2.5"),
        ("1..10 lin", "'lin' must be followed by a number"),
        ("1..10 step 0", "step must be above 0"),
        ("1..10 step -1", "step must be above 0"),
        ("1..10 int", "'int'"),
        ("1..10 step 3 int", "'int'"),
        ("1..10 logg 3", "'logg'"),
        ("1..1000000000", "1,000,000,000 values"),
        ("0..1 lin 20000", "20,000 values"),
        ("0..1 step 0.00001", "100,001 values"),
        ("0..1e300 step 1e-300", "too many values"),
        ("1e400", "'1e400' is too large"),
        ("1..1e999 log 3", "'1e999' is too large"),
    ],
)
def test_parse_values_rejects(text, offending):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    message = str(info.value)
    assert message.endswith(SYNTAX_HELP)  # the help is shown after the problem
    problem = message[: -len(SYNTAX_HELP)]
    assert offending in problem
    assert isinstance(info.value, ValueError)
    assert info.value.text == text


@pytest.mark.parametrize("text", ["", "   ", ",", " , ,, ", "\n"])
def test_empty_input_asks_for_a_value(text):
    with pytest.raises(SpaceSyntaxError, match="type at least one value, e.g. 0.1, 1, 10"):
        parse_values(text)


@pytest.mark.parametrize(
    "text, position",
    [("1 + 2", 2), ("open('f')", 0), ("0.1, 1 2", 7), ("1, 2, [3]", 6), ("1..10 lin 0", 10)],
)
def test_error_points_at_the_offending_character(text, position):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    assert info.value.position == position
    # the text is shown with a caret under the offending character
    lines = str(info.value).splitlines()
    shown = lines.index("    " + text)
    assert lines[shown + 1] == "    " + " " * position + "^"


# ---------------------------------------------------------------------------
# format_values
# ---------------------------------------------------------------------------


def test_format_values_examples():
    assert format_values([0.001, 0.1, 10]) == "0.001, 0.1, 10"
    assert format_values(["rbf", "linear"]) == "rbf, linear"
    assert format_values([True, None, (10,), (20, 10)]) == "True, None, (10,), (20, 10)"
    assert format_values(["a b", "it's", "True", "1e3", ""]) == (
        "'a b', \"it's\", 'True', '1e3', ''"
    )
    assert format_values([1e-5, 1e16, 2.0]) == "1e-05, 1e+16, 2.0"


def test_format_values_accepts_numpy_values():
    values = np.array([0.5, 2.0])
    assert format_values(values) == "0.5, 2.0"
    assert format_values([np.int64(3), np.float64(0.1), np.bool_(True)]) == "3, 0.1, True"


def test_format_values_shows_other_objects_with_repr():
    assert format_values([SVC(C=2)]) == "SVC(C=2)"


@pytest.mark.parametrize(
    "text",
    [
        "0.1, 1, 10",
        "1e-3..1e3 log 7",
        "0..1 lin 4",
        "1..100 log 5 int",
        "-3..3, 1e-05, 1e16",
        "rbf, l-bfgs-b, 'a b', \"x, y\", \"it's\", ''",
        "'None', 'True', 'lambda', '1e3', 'open(x)'",
        "True, False, None",
        "(10,), (20, 10), (0.5, 2)",
    ],
)
def test_format_values_round_trips(text):
    values = parse_values(text)
    shown = format_values(values)
    assert same_values(parse_values(shown), values)
    assert format_values(parse_values(shown)) == shown  # stable


# ---------------------------------------------------------------------------
# parse_values: limits on long text and on the number of values
# ---------------------------------------------------------------------------


def problem_of(error):
    """The message without the help text that ends it."""
    message = str(error)
    for help_text in (SYNTAX_HELP, syntax._RANGE_HELP):
        if message.endswith(help_text):
            return message[: -len(help_text)]
    raise AssertionError(f"the message does not end with a help text: {message!r}")


def test_text_at_the_length_limit_is_read():
    text = "1, 2" + " " * (MAX_TEXT_LENGTH - 4)
    assert len(text) == MAX_TEXT_LENGTH
    assert parse_values(text) == [1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * MAX_TEXT_LENGTH,  # one character too many, and valid otherwise
        "1..9999, " * 2300,  # 20 kB of ranges that would add up to 23 million values
        "1e-3..1e3 log 9999, " * 1000,
        "(" * 1_000_000,
        " " * 1_000_000,
        "," * 1_000_000,
        "1" * 1_000_000,
        "'" + "a" * 999_998 + "'",
        "open(" * 10_000,  # code: the length is still what is reported
    ],
    ids=[
        "limit+1",
        "ranges",
        "log ranges",
        "brackets",
        "spaces",
        "commas",
        "digits",
        "quoted",
        "code",
    ],
)
def test_long_text_is_refused_before_it_is_read(text):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    problem = problem_of(info.value)
    assert f"the text is {len(text):,} characters long" in problem
    assert f"more than the {MAX_TEXT_LENGTH:,} allowed" in problem
    assert "range" in problem  # says what to do instead: describe the values with a range
    assert info.value.position is None
    assert info.value.text is text
    assert len(str(info.value)) < 2 * len(SYNTAX_HELP)  # the text itself is not repeated


def test_the_length_limit_is_documented():
    assert f"{MAX_TEXT_LENGTH:,} characters" in SYNTAX_HELP
    assert "MAX_TEXT_LENGTH" in parse_values.__doc__
    assert "MAX_TEXT_LENGTH" in parse_range.__doc__


def test_values_of_all_ranges_add_up_to_the_limit():
    half = MAX_VALUES // 2
    values = parse_values(f"1..{half}, {half + 1}..{MAX_VALUES}")
    assert values == list(range(1, MAX_VALUES + 1))


@pytest.mark.parametrize(
    "text, total, offending",
    [
        (f"1..{MAX_VALUES // 2}, {MAX_VALUES // 2 + 1}..{MAX_VALUES}, 0", MAX_VALUES + 1, "0"),
        ("1..9999, 1..9999", 19_998, "1..9999"),
        ("0..1 lin 6000, 0..1 lin 6000", 12_000, "6000"),
        ("1e-3..1e3 log 9999, 1e-3..1e3 log 9999", 19_998, "9999"),
        ("0..1 step 0.0002, 5, 0..1 step 0.0002", 10_003, "0..1"),
        # a value typed twice counts twice, even if it is kept once
        (f"1..{MAX_VALUES // 2}, 1..{MAX_VALUES // 2}, 1", MAX_VALUES + 1, "1"),
    ],
)
def test_too_many_values_in_all_are_refused(text, total, offending):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    problem = problem_of(info.value)
    assert f"makes {total:,} values in all, more than the {MAX_VALUES:,} allowed" in problem
    assert text[info.value.position :].startswith(offending)
    assert info.value.position == text.rindex(offending)  # the last item, that passes the limit


def test_a_range_is_refused_before_it_is_expanded(monkeypatch):
    calls = []
    real_logspace = syntax.np.logspace

    def counting_logspace(start, stop, num, *args, **kwargs):
        calls.append(num)
        return real_logspace(start, stop, num, *args, **kwargs)

    monkeypatch.setattr(syntax.np, "logspace", counting_logspace)
    with pytest.raises(SpaceSyntaxError, match="19,998 values in all"):
        parse_values("1e-3..1e3 log 9999, 1e-3..1e3 log 9999, 1e-3..1e3 log 9999")
    assert calls == [9999]  # only the first range was made


@pytest.mark.parametrize("length", [1, 50, 100])
def test_numbers_up_to_100_characters(length):
    assert parse_values("7" * length) == [int("7" * length)]


@pytest.mark.parametrize(
    "text",
    ["1" * 101, "0" * 4400 + "1", "0." + "0" * 4000 + "1", "1e" + "0" * 200, "1..1" + "0" * 200],
    ids=["101 digits", "leading zeros", "long decimal", "long exponent", "range end"],
)
def test_longer_numbers_are_refused_with_a_hint(text):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    problem = problem_of(info.value)
    assert "too long for a number" in problem and "1e50" in problem
    assert len(problem) < 500  # the number is shortened in the message


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("(" * 4000, "a tuple holds numbers only"),
        ("(1, " * 1000, "a tuple holds numbers only"),
        ("a" * 4000 + "(", "looks like a function call"),
        ("'" + "a" * 4000, "quote ' is never closed"),
        ("a." * 2000, "'.' cannot be used here"),
        ("a-" * 2000 + "a (", "looks like a function call"),
        ("a-" * 2000, "'-' cannot be used here"),
        ("1." * 2000, "is not a number"),
        ("rbf " * 1000, "a comma is missing between 'rbf' and 'rbf'"),
    ],
)
def test_long_worst_cases_get_a_short_clear_message(text, fragment):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    problem = problem_of(info.value)
    assert fragment in problem
    assert len(problem) < 400  # a part of the text is shown, not all of it


def test_a_long_text_is_shown_around_the_error():
    text = "1, " * 900 + "[2]" + ", 3" * 300
    position = text.index("[")
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values(text)
    assert info.value.position == position
    lines = str(info.value).splitlines()
    caret_line = next(i for i, line in enumerate(lines) if line.strip() == "^")
    shown, caret = lines[caret_line - 1], lines[caret_line].index("^")
    assert shown.startswith("    ...") and shown.endswith("...")
    assert shown[caret] == "["
    assert len(shown) < 100


def test_rounding_is_to_12_significant_digits_exactly():
    for text, grid in [
        ("1e-7..1e7 log 9001", np.logspace(-7, 7, 9001)),
        ("-3.3..7.7 lin 5001", np.linspace(-3.3, 7.7, 5001)),
        ("0.001..3 step 0.0007", np.arange(4285) * 0.0007 + 0.001),
    ]:
        assert parse_values(text) == [float(f"{value:.12g}") for value in grid]


# ---------------------------------------------------------------------------
# parse_range: one range, the same grammar
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0..1", (0, 1)),
        ("1e-3..1e3", (0.001, 1000.0)),
        ("  -2 ..  3.5 ", (-2, 3.5)),
        ("1..50", (1, 50)),
        ("3..3", (3, 3)),
        ("5..1", (5, 1)),  # the order is the caller's to check
        (".5..1.", (0.5, 1.0)),
    ],
)
def test_parse_range_reads_two_numbers(text, expected):
    low, high = parse_range(text)
    assert (low, high) == expected
    assert (type(low), type(high)) == tuple(type(value) for value in expected)


def test_parse_range_agrees_with_the_ranges_of_parse_values():
    for text in ["0..10", "1e-3..1e3 log 7", "0..1 lin 5", "-5..5 step 2.5", "1..100 log 5 int"]:
        bounds = text.split(" ")[0]
        low, high = parse_range(bounds)
        values = parse_values(text)
        assert values[0] == low and values[-1] == high


@pytest.mark.parametrize(
    "text, fragment, position",
    [
        ("", "type a range low..high", None),
        ("   ", "type a range low..high", None),
        ("a..b", "'a' is not a number", 0),
        ("rbf", "'rbf' is not a number", 0),
        ("1", "'..' is missing after 1", 1),
        ("0.1, 1", "'..' is missing after 0.1, before ','", 3),
        ("1..", "'..' must be followed by a number", 3),
        ("1..x", "'..' must be followed by a number", 3),
        ("1e-3..1e3 log 7", "remove 'log 7' after 1e-3..1e3", 10),
        ("1..2, 3..4", "remove ', 3..4'", 4),
        ("[1..2]", "'['", 0),
        ("1e400..1", "too large", 0),
        ("open('f')", "function call", 0),
        ("1 + 2..3", "'+'", 2),
    ],
)
def test_parse_range_rejects(text, fragment, position):
    with pytest.raises(SpaceSyntaxError) as info:
        parse_range(text)
    assert fragment in problem_of(info.value)
    assert str(info.value).endswith(syntax._RANGE_HELP)
    assert info.value.position == position
    assert info.value.text == text


def test_parse_range_has_the_same_limits():
    with pytest.raises(SpaceSyntaxError, match=f"more than the {MAX_TEXT_LENGTH:,} allowed"):
        parse_range("1" + " " * MAX_TEXT_LENGTH + "..2")
    with pytest.raises(TypeError, match="str"):
        parse_range((0, 1))


def test_parse_range_never_runs_code(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("parse_range must not evaluate code")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(ast, "literal_eval", forbidden)
    assert parse_range("1e-3..1e3") == (0.001, 1000.0)
    with pytest.raises(SpaceSyntaxError):
        parse_range("__import__('os')..1")


def test_public_names():
    for name in syntax.__all__:
        assert hasattr(syntax, name)


# Text pasted from a web page or a document: Unicode blanks are blanks, other invisible
# characters are named (a no-break space used to be reported as "'2' cannot be used here").
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,\xa02", [1, 2]),  # no-break space
        ("1,\u202f2,\u20093", [1, 2, 3]),  # narrow no-break and thin spaces
        ("\ufeff0.1, 1", [0.1, 1]),  # a byte-order mark at the start
        ("1,\u200b2", [1, 2]),  # zero-width space
        ("rbf,\xa0linear", ["rbf", "linear"]),
        ("1\u3000..\u300010", list(range(1, 11))),  # ideographic spaces around ..
    ],
)
def test_unicode_blanks_are_blanks(text, expected):
    assert parse_values(text) == expected


def test_an_invisible_character_is_named():
    with pytest.raises(SpaceSyntaxError) as info:
        parse_values("1,\u200e2")
    first_line = str(info.value).splitlines()[0]
    assert first_line.startswith("an invisible character, U+200E (LEFT-TO-RIGHT MARK)")
    assert "delete it" in first_line


@pytest.mark.parametrize("text", ["-1e308..1e308 lin 3", "-1e308..1e308 log 3", "-1e308..1e308"])
def test_a_range_wider_than_the_largest_float_is_refused(text):
    with pytest.raises(SpaceSyntaxError, match="wider than the largest number a float"):
        parse_values(text)


def test_parse_range_refuses_a_range_wider_than_the_largest_float():
    with pytest.raises(SpaceSyntaxError, match="wider than the largest number a float"):
        parse_range("-1e308..1e308")
    assert parse_range("-1e307..1e307") == (-1e307, 1e307)
