"""The replayed learning curves (hptlearn.replay): the estimator gives back exactly what was
recorded, and scikit-learn's own searches reproduce the recorded means on the recorded splits."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold, RandomizedSearchCV

from hptlearn.data import recorded
from hptlearn.halving import LiveHalvingRandomSearchCV
from hptlearn.replay import ReplayEstimator, load_recording


@pytest.fixture(scope="module")
def rec():
    return load_recording()


@pytest.fixture(scope="module")
def table():
    return pd.read_csv(recorded("learning_curves.csv"))


@pytest.fixture(scope="module")
def meta():
    return json.loads(recorded("learning_curves.json").read_text())


def _row(table, lr, alpha, width, fold):
    hit = table[
        np.isclose(table["learning_rate_init"], lr)
        & np.isclose(table["alpha"], alpha)
        & (table["width"] == width)
        & (table["fold"] == fold)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def test_the_recording_is_what_the_files_hold(rec, table, meta):
    assert rec.n_configs == 216 and rec.n_splits == 3 and rec.max_resources == 27
    assert len(table) == rec.n_configs * rec.n_splits
    assert rec.space == meta["space"]
    folds = np.asarray(meta["folds"])
    for k, (train, val) in enumerate(rec.cv):
        assert np.array_equal(val, np.flatnonzero(folds == k))
        assert np.array_equal(train, np.flatnonzero(folds != k))


def test_replay_returns_exactly_the_recorded_score(rec, table):
    lr, alpha, width, fold, epochs = 0.01, 1e-4, 32, 1, 9
    row = _row(table, lr, alpha, width, fold)
    n_val = int((np.asarray(rec.folds) == fold).sum())
    train, val = rec.cv[fold]
    est = ReplayEstimator(learning_rate_init=lr, alpha=alpha, width=width, epochs=epochs)
    est.fit(rec.X[train], rec.y[train])
    assert est.fold_ == fold
    assert est.score(rec.X[val], rec.y[val]) == row[f"correct_{epochs}"] / n_val
    assert est.simulated_fit_time_ == pytest.approx(row[f"ms_{epochs}"] / 1000)
    # at the full budget, the test rows give the fold model's test accuracy
    est.set_params(epochs=27).fit(rec.X[train], rec.y[train])
    assert est.score(rec.X_test) == row["test_correct"] / rec.n_test


def test_grid_search_reproduces_the_recorded_means(rec, table):
    grid = {
        "learning_rate_init": [0.001, 0.1],
        "alpha": [1e-6, 0.01],
        "width": [8, 128],
        "epochs": [3, 27],
    }
    search = GridSearchCV(ReplayEstimator(), grid, cv=rec.cv, refit=False).fit(rec.X, rec.y)
    n_val = np.bincount(rec.folds)
    for i, params in enumerate(search.cv_results_["params"]):
        splits = []
        for k in range(3):
            row = _row(table, params["learning_rate_init"], params["alpha"], params["width"], k)
            splits.append(row[f"correct_{params['epochs']}"] / n_val[k])
            assert search.cv_results_[f"split{k}_test_score"][i] == splits[-1]
        assert search.cv_results_["mean_test_score"][i] == pytest.approx(np.mean(splits), abs=1e-15)
        assert search.cv_results_["mean_test_score"][i] == pytest.approx(
            rec.mean_score(params), abs=1e-15
        )


def test_true_scores_are_the_recorded_test_accuracy(rec, table):
    means = (table["test_correct"] / rec.n_test).groupby(table["config"]).mean().to_numpy()
    np.testing.assert_allclose(rec.true_scores, means, rtol=0, atol=1e-15)
    # and the refit on all the rows scores the same on the test rows
    params = {"learning_rate_init": 0.01, "alpha": 1e-4, "width": 128}
    est = ReplayEstimator(**params).fit(rec.X, rec.y)
    assert est.fold_ is None
    assert est.score(rec.X_test) == pytest.approx(rec.true_score(params), abs=1e-15)


def test_sampled_values_snap_to_the_nearest_recorded_value(rec):
    assert rec.snap("learning_rate_init", 0.012) == 0.01
    assert rec.snap("learning_rate_init", 0.02) == pytest.approx(0.0316228)  # log-nearest
    assert rec.snapped_params({"learning_rate_init": 0.0009, "alpha": 2e-4, "width": 32.0}) == {
        "learning_rate_init": 0.001,
        "alpha": 1e-4,
        "width": 32,
    }
    with pytest.raises(ValueError, match="outside the recorded range"):
        rec.snap("learning_rate_init", 3.0)
    assert rec.snap("width", 100) == 128  # a whole number too
    with pytest.raises(ValueError, match="epochs=28 was not recorded"):
        rec.step(28)
    # a random search of the distributions reports the snapped configurations' means
    search = RandomizedSearchCV(
        ReplayEstimator(), rec.distributions(), n_iter=6, cv=rec.cv, refit=False, random_state=0
    ).fit(rec.X, rec.y)
    for params, score in zip(
        search.cv_results_["params"], search.cv_results_["mean_test_score"], strict=True
    ):
        assert score == pytest.approx(rec.mean_score(rec.snapped_params(params)), abs=1e-15)


def test_rows_that_are_not_a_recorded_fold_are_refused(rec):
    with pytest.raises(ValueError, match="not the training rows of a recorded fold"):
        GridSearchCV(ReplayEstimator(), {"width": [8]}, cv=KFold(3), error_score="raise").fit(
            rec.X, rec.y
        )
    est = ReplayEstimator().fit(rec.X[rec.cv[0][0]], None)
    with pytest.raises(ValueError, match="Only validation scores"):
        est.score(rec.X[rec.cv[1][1]])  # another fold's validation rows
    with pytest.raises(ValueError, match="row numbers"):
        est.fit(np.zeros((5, 2)), None)


def test_estimator_api(rec):
    est = ReplayEstimator(width=8, epochs=3)
    params = est.get_params()
    assert set(params) == {"recording", "learning_rate_init", "alpha", "width", "epochs"}
    assert params["width"] == 8 and params["alpha"] == rec.defaults["alpha"]
    copy = clone(est)
    assert copy.get_params() == params
    assert pickle.loads(pickle.dumps(copy)).get_params() == params
    with pytest.raises(ValueError, match="Invalid parameter 'depth'"):
        est.set_params(depth=3)
    with pytest.raises(NotImplementedError, match="no predictions"):
        est.predict(rec.X)


def test_halving_on_epochs_replays(rec):
    search = LiveHalvingRandomSearchCV(
        ReplayEstimator(),
        rec.distributions(),
        n_candidates=9,
        resource="epochs",
        min_resources=3,
        max_resources=27,
        factor=3,
        cv=rec.cv,
        refit=False,
        return_train_score=False,
        random_state=0,
    ).fit(rec.X, rec.y)
    assert list(search.n_resources_) == [3, 9, 27]
    results = search.cv_results_
    for params, score in zip(results["params"], results["mean_test_score"], strict=True):
        assert score == pytest.approx(rec.mean_score(params), abs=1e-15)
