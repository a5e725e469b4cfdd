"""The catalog: data sets, demo splits and the model menus, checked against the estimators
they are for."""

import numpy as np
import pytest
from sklearn.base import is_classifier, is_regressor
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, train_test_split

import hptlearn
from hptlearn.catalog import (
    DATASETS,
    DEMO_SPLITS,
    MANUAL_PRESETS,
    MODELS,
    demo_data,
    demo_split,
    load_dataset,
    models_for,
    split_dataset,
    train_validation_split,
)
from hptlearn.distributions import DISTRIBUTIONS, make_distribution
from hptlearn.spaces import count_candidates, validate_space
from hptlearn.syntax import parse_values

# --------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_data_set_loads_the_same_way_twice(name):
    a, b = load_dataset(name), load_dataset(name)
    assert a.name == name and a.task in ("classification", "regression")
    assert a.X.ndim == 2 and len(a.X) == len(a.y) > 100
    assert len(a.feature_names) == a.X.shape[1]
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    X, y = a  # unpacks like a pair
    assert X is a.X and y is a.y


def test_load_dataset_is_public_and_checks_its_name():
    assert hptlearn.load_dataset is load_dataset
    with pytest.raises(ValueError, match="Unknown data set 'moon'.*moons"):
        load_dataset("moon")
    other = load_dataset("moons", random_state=1)
    assert not np.array_equal(other.X, load_dataset("moons").X)


def test_demo_data_is_shared_and_read_only():
    moons = demo_data("moons")
    assert demo_data("moons") is moons
    np.testing.assert_array_equal(moons.X, load_dataset("moons").X)
    with pytest.raises(ValueError, match="read-only"):
        moons.X[0, 0] = 1.0
    bmi = demo_data("diabetes_bmi")
    diabetes = load_dataset("diabetes")
    column = list(diabetes.feature_names).index("bmi")
    np.testing.assert_array_equal(bmi.X[:, 0], diabetes.X[:, column])


# --------------------------------------------------------------------------------------
# Demo splits
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, size, n_val", [("moons", 100, 100), ("moons_manual", 0.3, 90)])
def test_demo_splits_are_fixed_stratified_splits(name, size, n_val):
    assert DEMO_SPLITS[name].validation_size == size
    split = demo_split(name)
    assert demo_split(name) is split  # the same arrays every call
    X, y = load_dataset(DEMO_SPLITS[name].dataset)
    expected = train_test_split(X, y, test_size=size, random_state=0, stratify=y)
    for got, want in zip(split, expected, strict=True):
        np.testing.assert_array_equal(got, want)
    assert len(split.X_val) == n_val and len(split.X_train) == 300 - n_val
    for part in split:
        assert not part.flags.writeable


def test_demo_split_names_are_checked():
    with pytest.raises(ValueError, match="Unknown demo split 'circles'.*moons"):
        demo_split("circles")


def test_train_validation_split_stratifies_labels_only():
    X, y = load_dataset("iris")
    split = train_validation_split(X, y, 30, random_state=3)
    assert np.bincount(split.y_val).tolist() == [10, 10, 10]
    X, y = load_dataset("regression")  # a continuous target cannot be stratified
    split = train_validation_split(X, y, 0.25)
    assert (len(split.X_train), len(split.X_val)) == (225, 75)


def test_diabetes_is_split_as_a_regression_not_by_value():
    diabetes = load_dataset("diabetes")  # whole-number targets, but a regression
    assert diabetes.task == "regression"
    expected = train_test_split(diabetes.X, diabetes.y, test_size=0.25, random_state=0)
    for split in (
        split_dataset(diabetes, 0.25, random_state=0),
        train_validation_split(diabetes.X, diabetes.y, 0.25, random_state=0, task="regression"),
    ):
        for got, want in zip(split, expected, strict=True):
            np.testing.assert_array_equal(got, want)
    # read from y alone, the target looks like class labels: the error says what to pass
    with pytest.raises(ValueError, match="occur only once.*task='regression'"):
        train_validation_split(diabetes.X, diabetes.y, 0.25)


def test_classification_splits_keep_the_class_proportions():
    wine = load_dataset("wine")
    counts = np.bincount(wine.y)  # 59, 71, 48
    for split in (
        split_dataset(wine, 0.5, random_state=2),
        train_validation_split(wine.X, wine.y, 0.5, random_state=2, task="classification"),
        train_validation_split(wine.X, wine.y, 0.5, random_state=2),  # read from y
    ):
        val = np.bincount(split.y_val)
        assert len(split.y_val) == 89
        # each class's share of the validation part is its share of the data, to one sample
        assert np.all(np.abs(val - counts * 89 / len(wine.y)) <= 1)
    unstratified = train_validation_split(wine.X, wine.y, 0.5, random_state=2, task="regression")
    expected = train_test_split(wine.X, wine.y, test_size=0.5, random_state=2)
    np.testing.assert_array_equal(unstratified.y_val, expected[3])
    with pytest.raises(ValueError, match="task must be"):
        train_validation_split(wine.X, wine.y, 0.5, task="clustering")


# --------------------------------------------------------------------------------------
# The model menus
# --------------------------------------------------------------------------------------


def test_models_for_splits_the_menu_by_task():
    classification, regression = models_for("classification"), models_for("regression")
    assert set(classification) | set(regression) == set(MODELS)
    assert not set(classification) & set(regression)
    with pytest.raises(ValueError, match="'classification' or 'regression'"):
        models_for("clustering")


@pytest.mark.parametrize("key", list(MODELS))
def test_every_menu_entry_is_valid_for_its_estimator(key):
    choice = MODELS[key]
    estimator = choice.make()
    assert choice.make() is not estimator  # a fresh estimator every time
    assert is_classifier(estimator) if choice.task == "classification" else is_regressor(estimator)
    assert set(choice.grid) == set(choice.random)  # grid and random search tune the same names
    grid = {name: parse_values(text) for name, text in choice.grid.items()}
    validate_space(estimator, grid)
    assert 2 <= count_candidates(grid) <= 60
    space = {}
    for name, (kind, text) in choice.random.items():
        assert kind in DISTRIBUTIONS
        space[name] = make_distribution(kind, text)
    validate_space(estimator, space)
    data = load_dataset(choice.dataset)
    assert data.task == choice.task

    # a tiny search of each kind on the entry's data set runs without a failed candidate
    X, y = data.X[::3], data.y[::3]
    small = {name: values[:: max(1, len(values) // 2)][:2] for name, values in grid.items()}
    searches = [
        GridSearchCV(estimator, small, cv=2, error_score="raise"),
        RandomizedSearchCV(estimator, space, n_iter=2, cv=2, random_state=0, error_score="raise"),
    ]
    for search in searches:
        search.fit(X, y)
        assert np.isfinite(search.cv_results_["mean_test_score"]).all()
        assert set(search.best_params_) == set(choice.grid)


@pytest.mark.parametrize("key", list(MANUAL_PRESETS))
def test_every_manual_preset_slider_is_a_hyperparameter(key):
    preset = MANUAL_PRESETS[key]
    params = preset.estimator.get_params()
    assert is_classifier(preset.estimator)
    for slider in preset.sliders:
        assert slider.name in params
        assert slider.low <= slider.value <= slider.high
        values = slider.curve_values()
        assert values[0] == pytest.approx(slider.low) and values[-1] == pytest.approx(slider.high)
        assert (values.dtype.kind == "i") == slider.integer
    validate_space(preset.estimator, {s.name: list(s.curve_values()) for s in preset.sliders})
