"""Tests for hptlearn.distributions: what a random search samples, from typed ranges."""

import re

import pytest
from scipy import stats

from hptlearn import distributions, syntax
from hptlearn.distributions import DISTRIBUTIONS, make_distribution
from hptlearn.syntax import MAX_TEXT_LENGTH, SpaceSyntaxError, parse_range


def test_make_distribution_kinds():
    u = make_distribution("uniform", "0..2")
    assert u.support() == (0.0, 2.0) and u.dist.name == "uniform"
    lu = make_distribution("log-uniform", "1e-3..1e3")
    assert lu.support() == (0.001, 1000.0) and lu.dist.name == "loguniform"
    r = make_distribution("integer", "1..50")
    assert r.dist.name == "randint" and r.support() == (1, 50)
    assert make_distribution("categorical", "rbf, linear") == ["rbf", "linear"]
    sample = r.rvs(size=500, random_state=0)
    assert sample.min() >= 1 and sample.max() <= 50
    assert isinstance(u, stats._distn_infrastructure.rv_continuous_frozen)


@pytest.mark.parametrize(
    "kind, text, fragment",
    [
        ("uniform", "0.1, 1", "needs a range low..high"),
        ("uniform", "2..1", "low must be smaller than high"),
        ("log-uniform", "0..10", "needs low > 0"),
        ("integer", "1.5..4", "whole numbers"),
        ("uniform", "a..b", "'a' is not a number"),
        ("gaussian", "0..1", "unknown distribution 'gaussian'"),
    ],
)
def test_make_distribution_rejects_bad_input_with_a_hint(kind, text, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        make_distribution(kind, text)


@pytest.mark.parametrize(
    "kind, text, fragments, position",
    [
        ("uniform", "0.1, 1", ["A uniform distribution", "'..' is missing after 0.1"], 3),
        ("log-uniform", "1e-3..1e3 log 7", ["A log-uniform distribution", "remove 'log 7'"], 10),
        ("integer", "1..", ["An integer distribution", "'..' must be followed by a number"], 3),
        ("integer", "", ["An integer distribution", "type a range low..high"], None),
        ("uniform", "[0, 1]", ["A uniform distribution", "'['"], 0),
        ("uniform", "0..1e999", ["A uniform distribution", "too large"], 3),
    ],
)
def test_ranges_are_read_by_the_grammar_of_parse_values(kind, text, fragments, position):
    with pytest.raises(SpaceSyntaxError) as info:
        make_distribution(kind, text)
    message = str(info.value)
    example = DISTRIBUTIONS[kind].rsplit("e.g. ", 1)[1]
    assert message.startswith(fragments[0] + f" needs a range low..high, e.g. {example}")
    for fragment in fragments:
        assert fragment in message
    assert info.value.position == position
    assert info.value.text == text


@pytest.mark.parametrize(
    "text",
    [
        "0..1",
        " 2..5 ",
        "1e-3..1e3",
        "-1..1",
        "1..50",
        ".5..2.",
        "3..3",
        "2..1",
        "1..2 lin 3",
        "a..b",
        "0.1",
        "1..",
        "1, 2",
        "",
    ],
)
def test_make_distribution_agrees_with_parse_range(text):
    try:
        low, high = parse_range(text)
    except SpaceSyntaxError:
        with pytest.raises(SpaceSyntaxError):
            make_distribution("uniform", text)
        return
    if low < high:
        assert make_distribution("uniform", text).support() == (low, high)
    else:
        with pytest.raises(SpaceSyntaxError, match="low must be smaller than high"):
            make_distribution("uniform", text)


def test_make_distribution_reads_ranges_with_parse_range(monkeypatch):
    seen = []

    def spy(text):
        seen.append(text)
        return syntax.parse_range(text)

    monkeypatch.setattr(distributions, "parse_range", spy)
    make_distribution("log-uniform", "1e-3..1e3")
    make_distribution("integer", "1..5")
    assert seen == ["1e-3..1e3", "1..5"]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2..1", "goes downwards: low must be smaller than high, write 1..2"),
        ("3..3", "is empty: low must be smaller than high"),
    ],
)
def test_an_empty_or_downward_range_is_refused(text, fragment):
    with pytest.raises(SpaceSyntaxError, match=re.escape(fragment)):
        make_distribution("uniform", text)


def test_long_text_is_refused_for_every_kind():
    text = "1" + " " * MAX_TEXT_LENGTH
    for kind in DISTRIBUTIONS:
        with pytest.raises(SpaceSyntaxError, match=f"more than the {MAX_TEXT_LENGTH:,} allowed"):
            make_distribution(kind, text)


def test_integer_bounds_written_as_floats():
    dist = make_distribution("integer", "1e1..1e2")
    assert dist.support() == (10, 100)
    assert isinstance(dist, stats._distn_infrastructure.rv_discrete_frozen)


def test_public_names():
    for name in distributions.__all__:
        assert hasattr(distributions, name)


@pytest.mark.parametrize(
    "kind, text",
    [
        ("integer", "1..1e20"),
        ("log-integer", "1..1e20"),
        ("integer", "-1e19..0"),
        ("log-integer", "1..9007199254740993"),
    ],
)
def test_integer_ranges_beyond_exact_floats_are_refused_where_typed(kind, text):
    with pytest.raises(SpaceSyntaxError, match=re.escape("2**53 (9,007,199,254,740,992)")):
        make_distribution(kind, text)
    with pytest.raises(ValueError, match=r"high <= 2\*\*53"):
        distributions.LogUniformInt(1, 10**20)


def test_integer_ranges_up_to_the_limit_draw_whole_numbers_in_range():
    for kind in ("integer", "log-integer"):
        dist = make_distribution(kind, "1..9007199254740992")
        draws = [int(v) for v in dist.rvs(size=200, random_state=0)]
        assert all(1 <= v <= 2**53 for v in draws)
        assert 1 <= int(dist.ppf(0.999999)) <= 2**53
