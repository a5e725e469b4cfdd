"""Surviving a crash (``checkpoint=PATH``) and continuing successive halving
(``warm_start``): the results are those of an uninterrupted (or fresh) run, and only what is
missing is fitted."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from hptlearn import (
    LiveGridSearchCV,
    LiveHalvingGridSearchCV,
    LiveHalvingRandomSearchCV,
    LiveQuasiRandomSearchCV,
    LiveRandomizedSearchCV,
)
from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.checkpoint import FORMAT_VERSION, CheckpointError
from hptlearn.plan import candidate_key
from tests.estimators import CountingClassifier, SleepyCountingClassifier

ROOT = Path(__file__).resolve().parents[1]
X, y = make_classification(n_samples=120, n_features=5, random_state=0)
DISTS = {"C": loguniform(1e-3, 1e3)}
C_GRID = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]

SEARCHES = {
    "grid": lambda est, **k: LiveGridSearchCV(
        est, {"C": C_GRID, "kind": ["a", "b"]}, cv=3, return_train_score=True, **k
    ),
    "random": lambda est, **k: LiveRandomizedSearchCV(
        est, DISTS, n_iter=8, cv=3, random_state=0, **k
    ),
    "quasi-random": lambda est, **k: LiveQuasiRandomSearchCV(
        est, DISTS, n_iter=8, cv=3, random_state=0, **k
    ),
    "bayes": lambda est, **k: LiveBayesSearchCV(est, DISTS, n_iter=8, cv=3, random_state=0, **k),
    "halving-grid": lambda est, **k: LiveHalvingGridSearchCV(
        est, {"C": C_GRID}, cv=2, factor=2, random_state=0, **k
    ),
    "halving-random": lambda est, **k: LiveHalvingRandomSearchCV(
        est, DISTS, n_candidates=9, cv=2, random_state=0, **k
    ),
}


def assert_same_results(a, b):
    """Same cv_results_ (times aside), same candidates, same best_*."""
    assert list(a.cv_results_) == list(b.cv_results_)
    assert [candidate_key(p) for p in a.cv_results_["params"]] == [
        candidate_key(p) for p in b.cv_results_["params"]
    ]
    for key, value in a.cv_results_.items():
        if "time" in key or key == "params":
            continue
        np.testing.assert_array_equal(np.asarray(value), np.asarray(b.cv_results_[key]), key)
    assert candidate_key(a.best_params_) == candidate_key(b.best_params_)
    assert a.best_index_ == b.best_index_ and a.best_score_ == b.best_score_
    assert a.fit_errors_ == b.fit_errors_


def records(path):
    lines = Path(path).read_text().splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def cut_after(path, n_records, partial=True):
    """Keep the header and ``n_records`` records, then half a line (a crash while writing)."""
    lines = Path(path).read_text().splitlines(keepends=True)
    kept = "".join(lines[: 1 + n_records])
    Path(path).write_text(kept + (lines[1 + n_records][:25] if partial else ""))


@pytest.mark.parametrize("name", list(SEARCHES))
def test_a_resumed_search_equals_an_uninterrupted_one(tmp_path, name):
    make = SEARCHES[name]
    plain = make(CountingClassifier()).fit(X, y)
    path = tmp_path / "search.jsonl"
    CountingClassifier.fits = 0
    full = make(CountingClassifier(), checkpoint=path).fit(X, y)
    n_first = CountingClassifier.fits
    assert_same_results(plain, full)
    header, lines = records(path)
    n_rows, n_splits = len(full.cv_results_["params"]), full.n_splits_
    assert len(lines) == n_rows == full.checkpoint_written_ and n_first == n_rows * n_splits + 1

    cut_after(path, n_rows // 2)  # the crash: half the candidates, then half a line
    CountingClassifier.fits = 0
    resumed = make(CountingClassifier(), checkpoint=path).fit(X, y)
    assert resumed.checkpoint_read_ == n_rows // 2
    assert CountingClassifier.fits == (n_rows - n_rows // 2) * n_splits + 1  # + the refit
    assert_same_results(plain, resumed)
    # the unfinished line was overwritten: the file is whole again, every line JSON
    assert len(records(path)[1]) == n_rows
    if name == "bayes":  # the study was replayed: the same trials, the same values
        assert [t.params for t in resumed.study_.trials] == [t.params for t in plain.study_.trials]
        assert [t.value for t in resumed.study_.trials] == [t.value for t in plain.study_.trials]

    CountingClassifier.fits = 0  # a finished checkpoint: nothing is fitted but the refit
    again = make(CountingClassifier(), checkpoint=str(path)).fit(X, y)
    assert CountingClassifier.fits == 1 and again.checkpoint_written_ == 0
    assert_same_results(plain, again)


def test_the_file_is_plain_json_lines_with_what_each_candidate_gave(tmp_path):
    path = tmp_path / "halving.jsonl"
    grid = {"C": C_GRID, "fail": [False, True]}
    search = LiveHalvingGridSearchCV(
        CountingClassifier(), grid, cv=2, factor=3, random_state=0, checkpoint=path
    )
    with pytest.warns(UserWarning):  # scikit-learn's FitFailedWarning
        search.fit(X, y)
    header, lines = records(path)
    assert header["hptlearn_checkpoint"] == FORMAT_VERSION
    assert header["search"] == "LiveHalvingGridSearchCV"
    assert {"estimator", "search space", "cross-validation splits"} <= {
        what.split(" (")[0] for what in header["fingerprint"]
    }
    first = lines[0]
    assert first["params"] == search.cv_results_["params"][0]
    assert first["iter"] == 0 and first["n_resources"] == search.n_resources_[0]
    assert {"test_scores", "train_scores", "fit_time", "score_time", "fit_error"} <= set(
        first["splits"][0]
    )
    failed = [line for line in lines if line["params"]["fail"]]
    assert failed and all("refuses to fit" in s["fit_error"] for s in failed[0]["splits"])
    assert [line["iter"] for line in lines] == list(search.cv_results_["iter"])


def test_values_json_cannot_hold_are_matched_not_rebuilt(tmp_path):
    # an estimator object, a tuple, numpy scalars in a list of dicts: the file keeps their
    # repr; the resumed search uses the objects of its own space
    model = LogisticRegression(C=2.0)
    grid = [
        {"C": [np.float64(0.5), np.int64(2)], "kind": [("a", 1), model]},
        {"C": [np.float32(3.0)], "kind": ["b"]},
    ]
    path = tmp_path / "objects.jsonl"
    plain = LiveGridSearchCV(CountingClassifier(), grid, cv=2).fit(X, y)
    LiveGridSearchCV(CountingClassifier(), grid, cv=2, checkpoint=path).fit(X, y)
    assert records(path)[1][1]["params"]["kind"] == {"repr": "LogisticRegression(C=2.0)"}
    cut_after(path, 3)
    CountingClassifier.fits = 0
    resumed = LiveGridSearchCV(CountingClassifier(), grid, cv=2, checkpoint=path).fit(X, y)
    assert CountingClassifier.fits == 2 * 2 + 1
    assert_same_results(plain, resumed)
    assert resumed.cv_results_["params"][1]["kind"] is model


def test_a_killed_search_resumes_without_refitting_its_finished_candidates(tmp_path):
    path = tmp_path / "killed.jsonl"
    n_candidates, n_splits = 12, 2
    grid = {"C": [float(c) for c in np.logspace(-3, 3, n_candidates)]}
    code = (
        "import sys; from sklearn.datasets import make_classification\n"
        "from hptlearn import LiveGridSearchCV\n"
        "from tests.estimators import SleepyCountingClassifier\n"
        "X, y = make_classification(n_samples=120, n_features=5, random_state=0)\n"
        f"LiveGridSearchCV(SleepyCountingClassifier(sleep=0.05), {grid!r}, cv={n_splits},\n"
        "                 checkpoint=sys.argv[1]).fit(X, y)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if path.exists() and path.read_bytes().count(b"\n") >= 3:  # header + 2
                break
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    done = [line["params"]["C"] for line in records_tolerant(path)]
    assert 2 <= len(done) < n_candidates  # killed mid-search

    SleepyCountingClassifier.fitted = []
    resumed = LiveGridSearchCV(
        SleepyCountingClassifier(sleep=0.05), grid, cv=n_splits, checkpoint=path
    ).fit(X, y)
    refit = SleepyCountingClassifier.fitted.pop()
    assert refit == resumed.best_params_["C"]
    assert len(SleepyCountingClassifier.fitted) == (n_candidates - len(done)) * n_splits
    assert not set(SleepyCountingClassifier.fitted) & set(done)  # no finished one refitted
    plain = LiveGridSearchCV(SleepyCountingClassifier(), grid, cv=n_splits).fit(X, y)
    assert_same_results(plain, resumed)


def records_tolerant(path):
    """The complete records of a file a kill may have cut in the middle of a line."""
    text = Path(path).read_text()
    return [json.loads(line) for line in text[: text.rfind("\n")].splitlines()[1:]]


def test_another_search_s_checkpoint_is_refused_with_what_differs(tmp_path):
    path = tmp_path / "refused.jsonl"
    grid = {"C": C_GRID}
    LiveGridSearchCV(CountingClassifier(), grid, cv=2, checkpoint=path).fit(X, y)
    before = path.read_bytes()
    cases = [
        (LiveGridSearchCV(CountingClassifier(), grid, cv=2, checkpoint=path), X[:100], y[:100]),
        (LiveGridSearchCV(CountingClassifier(), grid, cv=3, checkpoint=path), X, y),
        (LiveGridSearchCV(CountingClassifier(C=7), grid, cv=2, checkpoint=path), X, y),
        (LiveGridSearchCV(CountingClassifier(), {"C": [1, 2]}, cv=2, checkpoint=path), X, y),
        (
            LiveGridSearchCV(CountingClassifier(), grid, cv=2, scoring="f1", checkpoint=path),
            X,
            y,
        ),
        (LiveRandomizedSearchCV(CountingClassifier(), grid, n_iter=3, cv=2, checkpoint=path), X, y),
    ]
    expected = ["data", "splits", "estimator", "search space", "scoring", "LiveGridSearchCV"]
    for (search, X_, y_), what in zip(cases, expected, strict=True):
        with pytest.raises(CheckpointError, match=what) as error:
            search.fit(X_, y_)
        assert "Delete the file, or pass another checkpoint path" in str(error.value)
        assert isinstance(error.value, ValueError)
    assert path.read_bytes() == before  # a refused file is left as it was


def test_a_damaged_line_before_the_last_is_refused_with_its_number(tmp_path):
    path = tmp_path / "damaged.jsonl"
    LiveGridSearchCV(CountingClassifier(), {"C": C_GRID}, cv=2, checkpoint=path).fit(X, y)
    lines = path.read_text().splitlines(keepends=True)
    lines[2] = lines[2][:30] + "\n"
    path.write_text("".join(lines))
    with pytest.raises(CheckpointError, match="line 3 is not a candidate record"):
        LiveGridSearchCV(CountingClassifier(), {"C": C_GRID}, cv=2, checkpoint=path).fit(X, y)
    path.write_text("C,score\n1,0.5\n")
    with pytest.raises(CheckpointError, match="not an hptlearn checkpoint"):
        LiveGridSearchCV(CountingClassifier(), {"C": C_GRID}, cv=2, checkpoint=path).fit(X, y)


def test_checkpoint_is_a_parameter_and_none_writes_nothing(tmp_path):
    search = LiveRandomizedSearchCV(CountingClassifier(), DISTS, n_iter=2, cv=2)
    assert search.get_params()["checkpoint"] is None
    search.fit(X, y)
    assert not hasattr(search, "checkpoint_read_") and not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="checkpoint"):
        LiveGridSearchCV(CountingClassifier(), {"C": [1]}, checkpoint=3).fit(X, y)


def _pairs(search):
    results = search.cv_results_
    return {
        (candidate_key(p), r)
        for p, r in zip(results["params"], results["n_resources"], strict=True)
    }


@pytest.mark.parametrize(
    "first, final",
    [
        (dict(n_candidates=4), dict(n_candidates=12)),
        (dict(n_candidates=9, factor=3), dict(n_candidates=9, factor=2)),
    ],
)
def test_halving_warm_start_fits_only_the_missing_candidate_resource_pairs(first, final):
    def make(**kwargs):
        return LiveHalvingRandomSearchCV(
            CountingClassifier(), DISTS, cv=2, random_state=0, **kwargs
        )

    search = make(warm_start=True, **first).fit(X, y)
    done = _pairs(search)
    search.set_params(**final)
    CountingClassifier.fits = 0
    search.fit(X, y)
    n_fits = CountingClassifier.fits
    fresh = make(**final).fit(X, y)
    assert_same_results(fresh, search)
    assert search.n_resources_ == fresh.n_resources_
    missing = _pairs(fresh) - done
    assert missing and len(missing) < len(_pairs(fresh))
    assert n_fits == len(missing) * 2 + 1  # + the refit


def test_halving_grid_warm_start_with_a_larger_grid():
    search = LiveHalvingGridSearchCV(
        CountingClassifier(), {"C": C_GRID[:3]}, cv=2, factor=2, random_state=0, warm_start=True
    ).fit(X, y)
    done = _pairs(search)
    search.set_params(param_grid={"C": C_GRID})
    CountingClassifier.fits = 0
    search.fit(X, y)
    n_fits = CountingClassifier.fits
    fresh = LiveHalvingGridSearchCV(
        CountingClassifier(), {"C": C_GRID}, cv=2, factor=2, random_state=0
    ).fit(X, y)
    assert_same_results(fresh, search)
    assert n_fits == len(_pairs(fresh) - done) * 2 + 1
    with pytest.raises(ValueError, match="data"):
        search.fit(X[:100], y[:100])


def test_a_stopped_search_resumes_from_its_checkpoint_and_plan_counts_what_it_holds(tmp_path):
    path = tmp_path / "stopped.jsonl"
    grid = {"C": C_GRID, "kind": ["a", "b"]}

    def make(**kwargs):
        return LiveGridSearchCV(CountingClassifier(), grid, cv=3, checkpoint=path, **kwargs)

    def stop_after_5(info):
        if info.n_done >= 5:
            search.stop()

    search = make(on_progress=stop_after_5, batch_size=1)
    search.fit(X, y)
    assert search.stopped_ is True and len(search.cv_results_["params"]) == 5
    plan = make().plan(X, y)
    assert plan.reused_candidates == 5 and plan.n_fits == (12 - 5) * 3
    CountingClassifier.fits = 0
    resumed = make().fit(X, y)
    assert CountingClassifier.fits == (12 - 5) * 3 + 1
    assert_same_results(LiveGridSearchCV(CountingClassifier(), grid, cv=3).fit(X, y), resumed)
    assert make().plan(X, y).n_fits == 0


def test_halving_plan_counts_the_first_iteration_s_reused_evaluations(tmp_path):
    def make(**kwargs):
        return LiveHalvingRandomSearchCV(
            CountingClassifier(), DISTS, cv=2, random_state=0, **kwargs
        )

    # after an ordinary fit, continued with more candidates
    search = make(n_candidates=4).fit(X, y)
    plan = search.set_params(n_candidates=12, warm_start=True).plan(X, y)
    assert plan.reused_candidates == 4
    CountingClassifier.fits = 0
    search.fit(X, y)
    assert CountingClassifier.fits == plan.n_fits + 1
    # resumed from the checkpoint of a search stopped during its first iteration
    path = tmp_path / "halving.jsonl"
    stopped = make(n_candidates=12, checkpoint=path, batch_size=1)

    def stop_after_5(info):
        if info.n_done >= 5:
            stopped.stop()

    stopped.set_params(on_progress=stop_after_5).fit(X, y)
    n_held = len(stopped.cv_results_["params"])
    assert stopped.stopped_ is True and 5 <= n_held < 12
    resumed = make(n_candidates=12, checkpoint=path)
    plan = resumed.plan(X, y)
    assert plan.reused_candidates == n_held
    seen = []
    CountingClassifier.fits = 0
    resumed.set_params(on_progress=seen.append, batch_size=1).fit(X, y)
    assert CountingClassifier.fits == plan.n_fits + 1
    assert seen[0].n_done == n_held  # counted from the first report on
    assert_same_results(make(n_candidates=12).fit(X, y), resumed)
