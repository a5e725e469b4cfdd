"""Self-check of notebook 13 (grouped and time-ordered data): a search whose folds keep every
patient whole and that was fitted with the patients as groups is right (the notebook's
solution); a row-wise splitter, groups that are not the patients, an unfitted search or a
splitter whose shuffle cannot be repeated each get their own message."""

import numpy as np
import pytest
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    StratifiedGroupKFold,
    StratifiedKFold,
)
from sklearn.neighbors import KNeighborsClassifier

import hptlearn.exercises as exercises
from hptlearn.exercises import check_grouped_search
from tests.feedback_asserts import assert_right, assert_told, assert_wrong

GRID = {"n_neighbors": [5, 10, 20, 40]}


@pytest.fixture(scope="module")
def patients():
    """30 patients x 10 visits, as notebook 13 makes them."""
    rng = np.random.default_rng(0)
    level = rng.normal(0, 1.0, size=(30, 5))
    X = np.repeat(level, 10, axis=0) + rng.normal(0, 0.3, size=(300, 5))
    tendency = np.repeat(rng.normal(0, 1.0, size=30), 10)
    y = (1.5 * (X[:, 0] + X[:, 1]) + tendency + rng.normal(0, 0.5, 300) > 0).astype(int)
    return X, y, np.repeat(np.arange(30), 10)


def test_listed_in_the_module():
    assert "check_grouped_search" in exercises.__all__
    assert ":func:`check_grouped_search`" in exercises.__doc__
    assert "Notebook 13" in exercises.__doc__


def test_the_solution_is_right(patients):
    X, y, groups = patients
    search = GridSearchCV(
        KNeighborsClassifier(), GRID, cv=StratifiedGroupKFold(5, shuffle=True, random_state=0)
    )
    search.fit(X, y, groups=groups)
    fb = check_grouped_search(search, X=X, y=y, groups=groups)
    assert_right(fb)
    assert "5 splits, no patient on both sides" in fb.message
    assert f"n_neighbors={search.best_params_['n_neighbors']}" in fb.message
    assert f"{search.best_score_:.4f}" in fb.message


def test_group_kfold_is_right_too(patients):
    X, y, groups = patients
    search = GridSearchCV(KNeighborsClassifier(), GRID, cv=GroupKFold(5)).fit(X, y, groups=groups)
    assert_right(check_grouped_search(search, X=X, y=y, groups=groups))


@pytest.mark.parametrize("cv", [5, StratifiedKFold(5, shuffle=True, random_state=0)])
def test_row_wise_folds_are_wrong(patients, cv):
    X, y, groups = patients
    search = GridSearchCV(KNeighborsClassifier(), GRID, cv=cv).fit(X, y)
    assert_wrong(check_grouped_search(search, X=X, y=y, groups=groups), "both sides", "patient")


def test_groups_that_are_not_the_patients(patients):
    # one group per row: a group splitter, but every patient's visits are spread out
    X, y, groups = patients
    search = GridSearchCV(KNeighborsClassifier(), GRID, cv=GroupKFold(5))
    search.fit(X, y, groups=np.arange(len(y)))
    fb = check_grouped_search(search, X=X, y=y, groups=groups)
    assert_wrong(fb, "do not come from splits of these patients", "groups=groups")


def test_placeholder_unfitted_and_unrepeatable(patients):
    X, y, groups = patients
    assert_told(check_grouped_search(None, X=X, y=y, groups=groups), "No answer yet")
    assert_told(check_grouped_search(0.7, X=X, y=y, groups=groups), "search object itself")
    unfitted = GridSearchCV(KNeighborsClassifier(), GRID, cv=GroupKFold(5))
    assert_told(check_grouped_search(unfitted, X=X, y=y, groups=groups), "not fitted")
    unseeded = GridSearchCV(KNeighborsClassifier(), GRID, cv=StratifiedGroupKFold(5, shuffle=True))
    unseeded.fit(X, y, groups=groups)
    assert_told(check_grouped_search(unseeded, X=X, y=y, groups=groups), "int random_state")


def test_set_up_errors(patients):
    X, y, groups = patients
    with pytest.raises(ValueError, match="one row"):
        check_grouped_search(
            GridSearchCV(KNeighborsClassifier(), GRID), X=X, y=y, groups=groups[:10]
        )
