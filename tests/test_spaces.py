"""Tests for hptlearn.spaces: parsing typed values, counting candidates and fits, validation."""

import ast
import builtins
import random
import re

import numpy as np
import pytest
from scipy.stats import loguniform, randint, uniform
from sklearn.datasets import load_iris
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import BaggingClassifier
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    LeaveOneGroupOut,
    LeaveOneOut,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
    RepeatedKFold,
    ShuffleSplit,
    StratifiedKFold,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hptlearn import distributions, spaces, syntax
from hptlearn.spaces import (
    InvalidSpaceError,
    UnknownHyperparameterError,
    count_candidates,
    count_fits,
    validate_space,
)
from hptlearn.syntax import MAX_VALUES, SYNTAX_HELP, SpaceSyntaxError, format_values, parse_values


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
# count_candidates
# ---------------------------------------------------------------------------

GRID_SPACES = [
    {},
    {"C": [0.1, 1, 10]},
    {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]},
    {"C": (1, 2), "gamma": np.array([0.1, 1.0, 10.0]), "degree": range(2, 6)},
    [{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": [1, 10]}],
    [{}, {"C": [1, 2]}],
    [{"a": [1, 2, 3], "b": [True, False]}, {"a": [4]}, {"c": [None, 1, 2, 3]}],
]


@pytest.mark.parametrize("space", GRID_SPACES)
def test_count_candidates_equals_parameter_grid(space):
    assert count_candidates(space) == len(ParameterGrid(space))


def test_count_candidates_of_parsed_values():
    space = {"C": parse_values("1e-3..1e3 log 7"), "kernel": parse_values("rbf, linear")}
    assert count_candidates(space) == 14


@pytest.mark.parametrize(
    "space, n_iter",
    [
        ({"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}, 4),  # fewer than the grid
        ({"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}, 6),
        ({"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}, 50),  # capped at the grid size
        ({}, 10),
        ([{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": [1, 10]}], 20),
        ({"C": loguniform(1e-3, 1e3)}, 20),
        ({"C": loguniform(1e-3, 1e3), "kernel": ["rbf", "linear"]}, 50),
        ({"degree": randint(1, 3), "coef0": uniform(0, 1)}, 7),
        ([{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": loguniform(1e-3, 1)}], 30),
    ],
)
def test_count_candidates_equals_parameter_sampler(space, n_iter):
    assert count_candidates(space, n_iter=n_iter) == len(ParameterSampler(space, n_iter))


def test_a_grid_cannot_hold_a_distribution():
    with pytest.raises(InvalidSpaceError) as info:
        count_candidates({"kernel": ["rbf"], "C": loguniform(1e-3, 1e3)})
    message = str(info.value)
    assert "'C'" in message and "n_iter" in message


@pytest.mark.parametrize(
    "space, expected_in_message",
    [
        ("C", "a search space is a dict"),
        (5, "a search space is a dict"),
        ([], "empty list"),
        ([{"C": [1]}, "kernel"], "item 1 of the search space is a str"),
        ({"kernel": "rbf"}, "'kernel': ['rbf']"),
        ({"C": 1.0}, "'C': [1.0]"),
        ({"C": None}, "'C': [None]"),
        ({"C": {1, 2}}, "not a set"),
        ({"C": []}, "the list for 'C' is empty"),
        ({"C": np.array([[1, 2], [3, 4]])}, "one-dimensional"),
        ({1: [1, 2]}, "names are text"),
    ],
)
def test_count_candidates_explains_bad_spaces(space, expected_in_message):
    with pytest.raises(InvalidSpaceError) as info:
        count_candidates(space)
    assert expected_in_message in str(info.value)
    # catchable both ways, like scikit-learn's TypeError for the same mistakes
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("n_iter", [0, -1, 2.5, True])
def test_count_candidates_rejects_bad_n_iter(n_iter):
    with pytest.raises(ValueError, match="n_iter"):
        count_candidates({"C": [1, 2]}, n_iter=n_iter)


# ---------------------------------------------------------------------------
# count_fits
# ---------------------------------------------------------------------------

SPACE_6 = {"C": [0.1, 1, 10], "kernel": ["rbf", "linear"]}


@pytest.mark.parametrize(
    "cv, n_splits",
    [
        (5, 5),
        (3, 3),
        (None, 5),
        (KFold(4), 4),
        (StratifiedKFold(n_splits=10), 10),
        (ShuffleSplit(n_splits=7, test_size=0.2), 7),
        (RepeatedKFold(n_splits=3, n_repeats=2), 6),
        ([(np.arange(5), np.arange(5, 10))] * 2, 2),  # a list of (train, test) pairs
    ],
)
def test_count_fits_is_candidates_times_splits(cv, n_splits):
    assert count_fits(SPACE_6, cv=cv) == 6 * n_splits
    assert count_fits(SPACE_6, cv=cv, refit=True) == 6 * n_splits + 1


def test_count_fits_default_cv_is_five():
    assert count_fits(SPACE_6) == 30


def test_count_fits_with_n_iter():
    assert count_fits({"C": loguniform(1e-3, 1e3)}, cv=3, n_iter=20) == 60
    assert count_fits(SPACE_6, cv=3, n_iter=100) == 18  # capped at the 6 combinations


def test_count_fits_passes_data_to_splitters_that_need_it():
    X = np.zeros((12, 2))
    groups = np.repeat([0, 1, 2], 4)
    assert count_fits(SPACE_6, cv=LeaveOneOut(), X=X) == 6 * 12
    assert count_fits(SPACE_6, cv=LeaveOneGroupOut(), groups=groups) == 6 * 3
    with pytest.raises(ValueError, match="LeaveOneOut needs the data"):
        count_fits(SPACE_6, cv=LeaveOneOut())


@pytest.mark.parametrize(
    "cv, error, match",
    [(1, ValueError, "at least 2"), (0, ValueError, "at least 2"), ("5", TypeError, "cv must")],
)
def test_count_fits_rejects_bad_cv(cv, error, match):
    with pytest.raises(error, match=match):
        count_fits(SPACE_6, cv=cv)


class CountingClassifier(DummyClassifier):
    """A DummyClassifier that counts how many times any copy of it is fitted."""

    n_fits = 0

    def fit(self, X, y, sample_weight=None):
        CountingClassifier.n_fits += 1
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("n_iter", [None, 4])
@pytest.mark.parametrize("refit", [True, False])
def test_count_fits_matches_the_fits_scikit_learn_makes(n_iter, refit):
    X, y = load_iris(return_X_y=True)
    space = {"strategy": ["most_frequent", "prior", "uniform"], "random_state": [0, 1]}
    if n_iter is None:
        search = GridSearchCV(CountingClassifier(), space, cv=3, refit=refit)
    else:
        search = RandomizedSearchCV(
            CountingClassifier(), space, n_iter=n_iter, cv=3, refit=refit, random_state=0
        )
    CountingClassifier.n_fits = 0
    search.fit(X, y)
    assert CountingClassifier.n_fits == count_fits(space, cv=3, n_iter=n_iter, refit=refit)


# ---------------------------------------------------------------------------
# validate_space
# ---------------------------------------------------------------------------


def test_validate_space_returns_the_space_unchanged():
    space = {"C": [0.1, 1, 10], "kernel": ("rbf", "linear"), "gamma": loguniform(1e-3, 1)}
    assert validate_space(SVC(), space) is space
    grids = [{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": np.array([0.1, 1.0])}]
    assert validate_space(SVC(), grids) is grids
    assert validate_space(SVC(), {}) == {}


def test_validate_space_accepts_pipeline_and_nested_names():
    pipe = make_pipeline(StandardScaler(), SVC())
    space = {"svc__C": [1, 10], "standardscaler__with_mean": [True, False]}
    assert validate_space(pipe, space) is space
    bagging = BaggingClassifier(estimator=SVC())
    assert validate_space(bagging, {"estimator__C": [1, 10], "n_estimators": [5]})


def test_validate_space_can_be_chained_into_a_search():
    X, y = load_iris(return_X_y=True)
    model = make_pipeline(StandardScaler(), SVC())
    space = {"svc__C": parse_values("0.1, 10"), "svc__kernel": parse_values("rbf, linear")}
    search = GridSearchCV(model, validate_space(model, space), cv=3).fit(X, y)
    assert len(search.cv_results_["params"]) == count_candidates(space) == 4


PIPE = make_pipeline(StandardScaler(), SVC())
NAMED_PIPE = Pipeline([("scale", StandardScaler()), ("model", SVC())])


@pytest.mark.parametrize(
    "estimator, bad_name, suggestion",
    [
        (SVC(), "Cc", "C"),
        (SVC(), "c", "C"),
        (SVC(), "gama", "gamma"),
        (SVC(), "kernal", "kernel"),
        (PIPE, "svc__c", "svc__C"),
        (PIPE, "svc__gama", "svc__gamma"),
        (PIPE, "C", "svc__C"),
        (PIPE, "gamma", "svc__gamma"),
        (PIPE, "gama", "svc__gamma"),
        (PIPE, "SVC__C", "svc__C"),
        (NAMED_PIPE, "svc__C", "model__C"),
        (NAMED_PIPE, "with_mean", "scale__with_mean"),
    ],
)
def test_unknown_names_get_a_suggestion(estimator, bad_name, suggestion):
    with pytest.raises(UnknownHyperparameterError) as info:
        validate_space(estimator, {bad_name: [1, 2]})
    error = info.value
    message = str(error)
    assert f"has no hyperparameter {bad_name!r}" in message
    assert type(estimator).__name__ in message
    assert f"Did you mean {suggestion!r}" in message
    assert error.name == bad_name
    assert error.suggestions[0] == suggestion
    assert error.valid_names == sorted(estimator.get_params(deep=True))
    assert isinstance(error, ValueError)


def test_unknown_name_message_lists_the_valid_names():
    with pytest.raises(UnknownHyperparameterError) as info:
        validate_space(PIPE, {"C": [1]})
    message = str(info.value)
    listing = message.split("Valid names for Pipeline:\n", 1)[1]
    listed = [name.strip() for name in listing.replace("\n", " ").split(", ")]
    assert listed == sorted(PIPE.get_params(deep=True))
    assert "svc__C" in listed and "standardscaler__with_std" in listed
    assert "step__name" in message  # explains the naming rule


def test_unknown_name_without_close_match():
    with pytest.raises(UnknownHyperparameterError) as info:
        validate_space(SVC(), {"learning_rate": [0.1]})
    assert "Did you mean" not in str(info.value)
    assert info.value.suggestions == []
    assert "kernel" in str(info.value)  # the valid names are still listed


def test_validate_space_checks_every_dict_of_a_list():
    with pytest.raises(UnknownHyperparameterError, match="'gama'"):
        validate_space(SVC(), [{"kernel": ["linear"]}, {"kernel": ["rbf"], "gama": [1]}])


@pytest.mark.parametrize(
    "space, expected_in_message",
    [
        ({"kernel": "rbf"}, "['rbf']"),
        ({"C": 1}, "[1]"),
        ({"C": []}, "empty"),
        ("kernel", "a search space is a dict"),
    ],
)
def test_validate_space_rejects_values_that_are_not_lists(space, expected_in_message):
    with pytest.raises(InvalidSpaceError) as info:
        validate_space(SVC(), space)
    assert expected_in_message in str(info.value)


def test_validate_space_needs_an_estimator_object():
    with pytest.raises(TypeError, match=r"SVC\(\), not the class"):
        validate_space(SVC, {"C": [1]})
    with pytest.raises(TypeError, match="not a scikit-learn estimator"):
        validate_space("svc", {"C": [1]})


def test_public_names():
    for module in (spaces, syntax, distributions):
        for name in module.__all__:
            assert hasattr(module, name)


# -- distributions for a random search ---------------------------------------------------


def test_make_distribution_kinds():
    from scipy import stats

    from hptlearn.distributions import make_distribution

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
    from hptlearn.distributions import make_distribution

    with pytest.raises(ValueError, match=re.escape(fragment)):
        make_distribution(kind, text)
