"""Tests for hptlearn.spaces: counting candidates and fits, checking spaces and candidates."""

import numpy as np
import pytest
from scipy.stats import loguniform, randint, uniform
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import BaggingClassifier
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import RBF
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    LeaveOneGroupOut,
    LeaveOneOut,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
    RepeatedKFold,
    ShuffleSplit,
    StratifiedKFold,
    check_cv,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hptlearn import spaces
from hptlearn.spaces import (
    InvalidSpaceError,
    UnknownHyperparameterError,
    check_candidates,
    count_candidates,
    count_fits,
    validate_space,
)
from hptlearn.syntax import parse_values

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_SMALL, Y_SMALL = X_IRIS[::3], Y_IRIS[::3]  # 50 samples: enough to show that a search fits

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
    for name in spaces.__all__:
        assert hasattr(spaces, name)


# ---------------------------------------------------------------------------
# Counting agrees with scikit-learn
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cv",
    [
        2,
        5,
        None,
        KFold(3),
        StratifiedKFold(4),
        ShuffleSplit(6, random_state=0),
        RepeatedKFold(n_splits=2, n_repeats=3),
        GroupKFold(3),
        [(np.arange(100), np.arange(100, 150))] * 3,
    ],
)
@pytest.mark.filterwarnings("ignore:The groups parameter is ignored")
def test_count_fits_counts_the_splits_check_cv_makes(cv):
    groups = np.arange(len(Y_IRIS)) % 5
    splitter = check_cv(cv, Y_IRIS, classifier=True)
    n_splits = len(list(splitter.split(X_IRIS, Y_IRIS, groups)))
    assert count_fits(SPACE_6, cv=cv, X=X_IRIS, y=Y_IRIS, groups=groups) == 6 * n_splits


def test_count_fits_refuses_a_one_time_iterable():
    splits = ((np.arange(5), np.arange(5, 10)) for _ in range(2))
    with pytest.raises(TypeError, match=r"list\(...\)"):
        count_fits(SPACE_6, cv=splits)


# ---------------------------------------------------------------------------
# Shape checks: only what scikit-learn refuses too
# ---------------------------------------------------------------------------


def sklearn_refuses(estimator, space, random=False):
    """Does the plain scikit-learn search refuse this space (before or during fit)?"""
    if random:
        search = RandomizedSearchCV(estimator, space, n_iter=3, cv=2, random_state=0)
    else:
        search = GridSearchCV(estimator, space, cv=2)
    try:
        search.fit(X_SMALL, Y_SMALL)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError):
        return True
    return False


@pytest.mark.parametrize(
    "space",
    [
        {"C": 1.0},
        {"kernel": "rbf"},
        {"C": []},
        {"C": None},
        {"C": {1, 2}},
        {"C": np.array([[1.0, 2.0]])},
        [],
        "C",
        [{"C": [1]}, "kernel"],
        {1: [1, 2]},
    ],
    ids=repr,
)
def test_shape_checks_refuse_what_a_grid_search_refuses(space):
    with pytest.raises(InvalidSpaceError):
        validate_space(SVC(), space)
    with pytest.raises(InvalidSpaceError):
        count_candidates(space)
    assert sklearn_refuses(SVC(), space)


@pytest.mark.parametrize(
    "space",
    [
        {"C": loguniform(1, 10), "kernel": []},
        {"C": loguniform(1, 10), "kernel": 1},
        {"C": loguniform(1, 10), "kernel": None},
        {"C": loguniform(1, 10), "kernel": {"rbf", "linear"}},
        [{"C": loguniform(1, 10)}, {"kernel": []}],
    ],
    ids=repr,
)
def test_shape_checks_refuse_what_a_random_search_refuses(space):
    with pytest.raises(InvalidSpaceError):
        validate_space(SVC(), space)
    with pytest.raises(InvalidSpaceError):
        count_candidates(space, n_iter=3)
    assert sklearn_refuses(SVC(), space, random=True)


def test_a_random_search_may_sample_rows_of_an_array_and_characters_of_a_text():
    # ParameterSampler draws values[i]: a row of a 2-D array, a character of a text.
    estimator = DummyClassifier()
    space = {"random_state": randint(0, 5), "constant": np.array([[0], [1]])}
    assert validate_space(estimator, space) is space
    assert count_candidates(space, n_iter=3) == 3
    assert not sklearn_refuses(estimator, space, random=True)

    text_space = {"random_state": randint(0, 5), "constant": "ab"}
    with pytest.warns(UserWarning, match=r"one character of it at a time \('a', 'b'\)"):
        assert validate_space(estimator, text_space) is text_space
    with pytest.warns(UserWarning, match=r"'constant': \['ab'\]"):
        assert count_candidates(text_space, n_iter=4) == 4
    assert not sklearn_refuses(estimator, text_space, random=True)


# ---------------------------------------------------------------------------
# Names: accepted whenever scikit-learn's set_params accepts them
# ---------------------------------------------------------------------------


class AliasClassifier(DummyClassifier):
    """Its set_params also accepts ``method``, a name get_params does not list."""

    def set_params(self, **params):
        if "method" in params:
            params["strategy"] = params.pop("method")
        return super().set_params(**params)


class CountingSetParams(DummyClassifier):
    """Counts the calls of set_params on any copy of it."""

    calls = 0

    def set_params(self, **params):
        CountingSetParams.calls += 1
        return super().set_params(**params)


def scale_clf(clf):
    return Pipeline([("scale", StandardScaler()), ("clf", clf)])


def reduce_clf():
    return Pipeline([("reduce", PCA()), ("clf", LogisticRegression(max_iter=500))])


ACCEPTED = {
    "swap steps, shared name": (
        scale_clf(SVC()),
        {"clf": [SVC(), LogisticRegression()], "clf__C": [0.1, 1.0]},
    ),
    "swapped-in step's own name": (
        scale_clf(LogisticRegression()),
        {"clf": [SVC()], "clf__gamma": [1]},
    ),
    "passthrough in one dict, step names in another": (
        reduce_clf(),
        [
            {"reduce": ["passthrough"], "clf__C": [1.0]},
            {"reduce": [PCA()], "reduce__n_components": [2, 3], "clf__C": [1.0]},
        ],
    ),
    "None placeholder": (
        reduce_clf(),
        [{"reduce": [None]}, {"reduce__n_components": [2, 3]}],
    ),
    "placeholder step filled by the grid": (
        Pipeline([("scale", "passthrough"), ("clf", SVC())]),
        {"scale": [StandardScaler()], "scale__with_mean": [True, False]},
    ),
    "steps replaced whole": (
        scale_clf(SVC()),
        {"steps": [[("a", StandardScaler()), ("m", SVC())]], "m__C": [1, 2]},
    ),
    "nested estimator swapped": (
        BaggingClassifier(estimator=SVC(), n_estimators=2, random_state=0),
        {"estimator": [LogisticRegression()], "estimator__C": [1.0]},
    ),
    "set_params accepts an unlisted name": (AliasClassifier(), {"method": ["prior", "uniform"]}),
    "kernel of a Gaussian process": (
        GaussianProcessClassifier(kernel=RBF(), optimizer=None),
        {"kernel__length_scale": [0.5, 2.0]},
    ),
    "empty dict": (SVC(), [{}, {"C": [2.0]}]),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_spaces_scikit_learn_accepts_are_accepted(name):
    estimator, space = ACCEPTED[name]
    assert validate_space(estimator, space) is space
    assert check_candidates(estimator, ParameterGrid(space)) is None
    search = GridSearchCV(estimator, space, cv=2).fit(X_SMALL, Y_SMALL)  # and they really fit
    assert len(search.cv_results_["params"]) == count_candidates(space)


def test_distributions_in_swapped_steps_are_accepted():
    estimator = scale_clf(LogisticRegression())
    space = {"clf": [SVC()], "clf__gamma": loguniform(1e-3, 1e1), "clf__C": uniform(0.5, 2)}
    assert validate_space(estimator, space) is space
    candidates = list(ParameterSampler(space, 4, random_state=0))
    assert check_candidates(estimator, candidates) is None
    search = RandomizedSearchCV(estimator, space, n_iter=4, cv=2, random_state=0)
    assert len(search.fit(X_SMALL, Y_SMALL).cv_results_["params"]) == 4


REFUSED = {
    "typo in a swapped-in step": (
        scale_clf(LogisticRegression()),
        {"clf": [SVC()], "clf__gama": [1]},
        "clf__gama",
        "clf__gamma",
        "SVC()",
    ),
    "name one of the swapped steps lacks": (
        scale_clf(SVC()),
        {"clf": [SVC(), LogisticRegression()], "clf__gamma": [1]},
        "clf__gamma",
        None,
        "LogisticRegression()",
    ),
    "typo next to a placeholder": (
        reduce_clf(),
        [{"reduce": ["passthrough"]}, {"reduce": [PCA()], "reduce__n_componets": [2]}],
        "reduce__n_componets",
        "reduce__n_components",
        "PCA()",
    ),
    "typo in a pipeline": (
        make_pipeline(StandardScaler(), SVC()),
        {"svc__C": [1], "svc__gama": [0.1]},
        "svc__gama",
        "svc__gamma",
        "SVC(C=1)",  # as scikit-learn says: C is set first
    ),
    "missing step": (
        make_pipeline(StandardScaler(), SVC()),
        {"C": [1]},
        "C",
        "svc__C",
        "Pipeline(",
    ),
    "typo in a distribution's name": (SVC(), {"Cc": loguniform(1, 10)}, "Cc", "C", "SVC()"),
    "typo in a Gaussian process kernel": (
        GaussianProcessClassifier(kernel=RBF(), optimizer=None),
        {"kernel__length_scal": [1.0]},
        "kernel__length_scal",
        "kernel__length_scale",
        "for kernel RBF",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_names_scikit_learn_refuses_are_refused(case):
    estimator, space, bad_name, suggestion, refusing = REFUSED[case]
    random = (
        any(hasattr(values, "rvs") for values in space.values())
        if isinstance(space, dict)
        else False
    )
    search = (
        RandomizedSearchCV(estimator, space, n_iter=2, cv=2, random_state=0)
        if random
        else GridSearchCV(estimator, space, cv=2)
    )
    with pytest.raises(ValueError, match="Invalid parameter") as sklearn_info:
        search.fit(X_SMALL, Y_SMALL)
    sklearn_first = str(sklearn_info.value).split(" Valid parameters are")[0]
    sklearn_first = sklearn_first.split(" Check the list of available")[0]

    with pytest.raises(UnknownHyperparameterError) as info:
        validate_space(estimator, space)
    error = info.value
    message = str(error)
    assert message.startswith(sklearn_first)  # scikit-learn's own words come first
    assert message.startswith("Invalid parameter")
    assert refusing in message.splitlines()[0]
    assert f"has no hyperparameter {bad_name!r}" in message
    assert error.name == bad_name
    if suggestion is None:
        assert error.suggestions == []
    else:
        assert error.suggestions[0] == suggestion
        assert f"Did you mean {suggestion!r}" in message
    assert isinstance(error, ValueError)


def test_valid_names_are_those_of_the_estimator_the_candidate_sets_up():
    estimator = scale_clf(LogisticRegression())
    with pytest.raises(UnknownHyperparameterError) as info:
        validate_space(estimator, {"clf": [SVC()], "clf__gama": [1]})
    error = info.value
    assert "clf__gamma" in error.valid_names and "clf__kernel" in error.valid_names
    assert "clf__solver" not in error.valid_names  # LogisticRegression was swapped out
    expected = sorted(clone(estimator).set_params(clf=SVC()).get_params(deep=True))
    assert error.valid_names == expected
    assert "(with clf=SVC())" in str(error)
    assert error.candidate["clf__gama"] == 1


def test_other_errors_of_set_params_are_left_to_scikit_learn():
    # a placeholder has no set_params: scikit-learn raises AttributeError, not a wrong name
    estimator = reduce_clf()
    space = {"reduce": ["passthrough", PCA()], "reduce__n_components": [2]}
    assert validate_space(estimator, space) is space
    with pytest.raises(AttributeError):
        GridSearchCV(estimator, space, cv=2).fit(X_SMALL, Y_SMALL)


# ---------------------------------------------------------------------------
# check_candidates
# ---------------------------------------------------------------------------


def test_check_candidates_names_the_first_candidate_scikit_learn_refuses():
    candidates = [{"C": 1.0}, {"gamma": 0.1}, {"C": 2.0, "gama": 1}, {"Cc": 3}]
    with pytest.raises(UnknownHyperparameterError) as info:
        check_candidates(SVC(), candidates)
    assert info.value.name == "gama"
    assert info.value.candidate == {"C": 2.0, "gama": 1}
    # scikit-learn's words, for the estimator as far as it was set up: C first
    assert str(info.value).startswith("Invalid parameter 'gama' for estimator SVC(C=2.0).")


def test_check_candidates_accepts_any_iterable_and_returns_none():
    assert check_candidates(SVC(), iter([{"C": 1.0}, {"kernel": "linear"}])) is None
    assert check_candidates(SVC(), []) is None
    assert check_candidates(SVC(), ParameterGrid({})) is None


def test_check_candidates_needs_dicts_and_an_estimator_object():
    with pytest.raises(TypeError, match="each candidate is a dict"):
        check_candidates(SVC(), [("C", 1.0)])
    with pytest.raises(TypeError, match=r"SVC\(\), not the class"):
        check_candidates(SVC, [{"C": 1.0}])


def test_one_set_params_call_per_structural_signature():
    grid = {
        "random_state": list(range(100)),
        "constant": list(range(50)),
        "strategy": ["prior", "uniform"],
    }
    assert len(ParameterGrid(grid)) == 10_000
    CountingSetParams.calls = 0
    assert check_candidates(CountingSetParams(), ParameterGrid(grid)) is None
    # the estimator's own names need no call at all; an unknown one is checked once
    assert CountingSetParams.calls == 0
    grid["colour"] = ["red", "blue"]
    with pytest.raises(UnknownHyperparameterError):
        check_candidates(CountingSetParams(), ParameterGrid(grid))
    # one signature is checked (and its message built), not 20,000 candidates: numbers and
    # plain words never change the names
    assert 1 <= CountingSetParams.calls <= 3
    del grid["colour"]
    CountingSetParams.calls = 0
    assert validate_space(CountingSetParams(), grid) is grid
    assert CountingSetParams.calls == 0


def test_each_estimator_or_placeholder_in_a_step_is_checked(monkeypatch):
    checked = []
    real_check = spaces._set_params_error

    def spy(estimator, params):
        checked.append(params)
        return real_check(estimator, params)

    monkeypatch.setattr(spaces, "_set_params_error", spy)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", DummyClassifier())])
    space = [
        # two DummyClassifiers alike (same class, same names): one check
        {
            "clf": [DummyClassifier(), DummyClassifier(strategy="uniform")],
            "clf__random_state": list(range(500)),
        },
        # another estimator in the step: one more
        {"clf": [SVC()], "clf__C": [0.1, 1.0]},
        # placeholders of a step matter for names inside it: one check each
        {"scale": ["passthrough", None, StandardScaler()], "scale__with_mean": [True, False]},
        # ... and only for those: here "passthrough" and None replace a step that no other
        # name reaches into, and every name is the pipeline's own: nothing to call
        {"scale": ["passthrough", None, StandardScaler()], "clf__constant": [0, 1]},
    ]
    assert len(ParameterGrid(space)) == 1000 + 2 + 6 + 6
    assert check_candidates(pipe, ParameterGrid(space)) is None
    assert len(checked) == 1 + 1 + 3
    assert [type(p["clf"]).__name__ for p in checked[:2]] == ["DummyClassifier", "SVC"]
    steps = [p["scale"] for p in checked if "scale__with_mean" in p]
    assert steps[:2] == ["passthrough", None] and isinstance(steps[2], StandardScaler)
    assert not [p for p in checked if "clf__constant" in p]


def test_validate_space_checks_every_dict_but_check_candidates_only_the_drawn_ones():
    space = [{"C": [1.0]}, {"gama": [1.0]}]
    with pytest.raises(UnknownHyperparameterError, match="'gama'"):
        validate_space(SVC(), space)
    drawn = [candidate for candidate in ParameterGrid(space) if "C" in candidate]
    assert check_candidates(SVC(), drawn) is None
