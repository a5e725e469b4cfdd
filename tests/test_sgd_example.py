"""hptlearn/data/sgd_example.csv, which notebook 06 reads instead of running 675 fits,
is what benchmarks/sgd_example.py computes: the published grid, the seeded random draws,
and scores that a fresh cross-validation reproduces."""

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import (
    ParameterGrid,
    ParameterSampler,
    StratifiedKFold,
    cross_val_score,
)

from hptlearn.compare import StrategyComparison, read_comparison

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "sgd_example", ROOT / "benchmarks" / "sgd_example.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return load_script()


@pytest.fixture(scope="module")
def stored(script):
    return read_comparison(script.RESULTS / script.FILE_NAME)


def test_the_stored_comparison_has_the_published_design(script, stored):
    assert stored.budget == 15 and stored.n_splits == 5
    assert sorted(stored.params) == ["alpha", "average", "l1_ratio"]
    runs = stored.frame.groupby(["strategy", "repeat"]).size().to_dict()
    assert runs == {("grid", 0): 60, **{("random", r): 15 for r in range(5)}}
    grid_rows = stored.frame[stored.frame.strategy == "grid"][["alpha", "average", "l1_ratio"]]
    expected = list(ParameterGrid(script.PUBLISHED_GRID))
    assert len(expected) == 60
    for row, candidate in zip(grid_rows.itertuples(index=False), expected, strict=True):
        assert row.alpha == pytest.approx(candidate["alpha"])
        assert bool(row.average) == candidate["average"]
        assert row.l1_ratio == pytest.approx(candidate["l1_ratio"])


def test_the_random_runs_are_the_seeded_draws(script, stored):
    X, y = script.data()
    driver = StrategyComparison(
        script.estimator(),
        script.SPACE,
        X,
        y,
        budget=15,
        grid=script.PUBLISHED_GRID,
        repeats=5,
        cv=5,
        random_state=0,
    )
    for repeat in range(5):
        search = driver.make_search("random", repeat)
        draws = list(ParameterSampler(script.SPACE, 15, random_state=search.random_state))
        rows = stored.frame[(stored.frame.strategy == "random") & (stored.frame.repeat == repeat)]
        np.testing.assert_allclose(rows["alpha"], [d["alpha"] for d in draws])
        np.testing.assert_allclose(rows["l1_ratio"], [d["l1_ratio"] for d in draws])
        assert rows["average"].astype(bool).tolist() == [d["average"] for d in draws]


def test_stored_scores_are_reproduced_by_a_fresh_cross_validation(script, stored):
    X, y = script.data()
    frame = stored.frame
    best_grid = frame.loc[frame[frame.strategy == "grid"]["score"].idxmax()]
    best_random = frame.loc[
        frame[(frame.strategy == "random") & (frame.repeat == 0)]["score"].idxmax()
    ]
    for row in (best_grid, best_random):
        model = script.estimator().set_params(
            alpha=row["alpha"], average=bool(row["average"]), l1_ratio=row["l1_ratio"]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            scores = cross_val_score(model, X, y, cv=StratifiedKFold(5))
        assert row["score"] == pytest.approx(scores.mean(), abs=1e-12)
