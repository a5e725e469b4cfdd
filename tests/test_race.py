"""benchmarks/race.py --quick: the CSV files it writes have the documented columns, and
two runs give the same files except the measured seconds."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hptlearn.compare import FRAME_COLUMNS
from hptlearn.strategies import STRATEGIES as REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "race.py"
PARAMS = {
    "digits": {"C", "gamma"},
    "breast_cancer": {"max_depth", "min_samples_leaf", "max_features", "criterion"},
    "wine": {"logistic__C", "logistic__class_weight", "logistic__fit_intercept"},
}
RUN_COLUMNS = [
    "dataset",
    "strategy",
    "repeat",
    "seed",
    "candidates",
    "fits",
    "seconds",
    "cv_score",
    "test_score",
    "best_params",
]
MEASURED = {"race.csv": ["elapsed"], "race_runs.csv": ["seconds"], "race_plans.csv": []}


def run_quick(out):
    subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out)],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return {name: pd.read_csv(out / name) for name in MEASURED}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    return run_quick(tmp_path_factory.mktemp("first")), run_quick(tmp_path_factory.mktemp("second"))


def test_candidates_csv_columns(two_runs):
    frame = two_runs[0]["race.csv"]
    fixed = ["dataset", *FRAME_COLUMNS]
    assert list(frame.columns[: len(fixed)]) == fixed
    assert set(frame.columns[len(fixed) :]) == set().union(*PARAMS.values())
    assert list(dict.fromkeys(frame["dataset"])) == list(PARAMS)
    for dataset, part in frame.groupby("dataset"):
        assert list(dict.fromkeys(part["strategy"])) == [
            "grid",
            "random",
            "quasi-random",
            "halving-grid",
            "halving-random",
            "bayes",
        ]
        used = {c for c in frame.columns[len(fixed) :] if part[c].notna().any()}
        assert used == PARAMS[dataset]
        # every run spends at most the budget: 4 candidates x 3 folds in --quick
        assert part.groupby(["strategy", "repeat"])["budget_spent"].max().max() <= 12 + 1e-9


def test_runs_csv_has_one_row_per_run_with_test_scores(two_runs):
    frame, runs = two_runs[0]["race.csv"], two_runs[0]["race_runs.csv"]
    assert list(runs.columns) == RUN_COLUMNS
    in_frame = frame.groupby(["dataset", "strategy", "repeat"]).size()
    assert len(runs) == len(in_frame)
    counted = runs.set_index(["dataset", "strategy", "repeat"])["candidates"]
    assert (counted.sort_index() == in_frame.sort_index()).all()
    assert runs["test_score"].between(0, 1).all()
    # the best CV score of a run is the best of its full-data candidates in race.csv
    last = frame.groupby(["dataset", "strategy", "repeat"])["best_so_far"].last()
    assert runs.set_index(["dataset", "strategy", "repeat"])[
        "cv_score"
    ].sort_index().to_numpy() == (pytest.approx(last.sort_index().to_numpy()))
    # a strategy that runs once (the grid) has no seed; the others run twice, seeded
    deterministic = runs["strategy"].map(lambda s: REGISTRY[s].runs_once).astype(bool)
    assert runs.loc[deterministic, "seed"].isna().all()
    assert runs.loc[~deterministic, "seed"].notna().all()
    assert runs.groupby(["dataset", "strategy"]).size().max() == 2


def test_two_runs_give_the_same_files_except_seconds(two_runs):
    first, second = two_runs
    for name, measured in MEASURED.items():
        pd.testing.assert_frame_equal(
            first[name].drop(columns=measured), second[name].drop(columns=measured)
        )
        for column in measured:  # measured, so positive, but not compared
            assert (first[name][column] > 0).all()
