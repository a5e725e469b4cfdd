"""The class as an experiment: submission files, collecting them, the class figure, a
simulated class."""

import json
import math
import os
import threading
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hptlearn.classroom import (
    COLUMNS,
    SUBMISSION_FORMAT,
    SUBMISSION_VERSION,
    class_data,
    collect,
    export_submission,
    export_trials,
    gap_interval,
    read_submission,
    simulate_class,
)
from hptlearn.plots.classroom import ClassScoresData, class_scores_data, plot_class_scores
from hptlearn.state import export_results
from hptlearn.state.manual import ManualTuning


def _write(folder, name, **fields):
    record = {
        "format": SUBMISSION_FORMAT,
        "version": SUBMISSION_VERSION,
        "name": name,
        "dataset": "moons",
        "model": "knn",
        "params": {"n_neighbors": 5},
        "validation_score": 0.9,
        "test_score": 0.8,
        "trials": [],
        **fields,
    }
    record = {k: v for k, v in record.items() if v is not ...}
    (folder / f"{name}.json").write_text(json.dumps(record))


def test_collect_keeps_good_files_and_says_why_each_bad_one_is_rejected(tmp_path):
    _write(tmp_path, "Ada", validation_score=0.95, test_score=0.85)
    _write(tmp_path, "ada ", params={"n_neighbors": 9})  # the same name, another case
    _write(tmp_path, "Ben", test_score=None)
    (tmp_path / "broken.json").write_text('{"format": "hptlearn-submission", "vers')
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "other.json").write_text('{"name": "Ann", "score": 1}')
    _write(tmp_path, "future", version=SUBMISSION_VERSION + 1)
    _write(tmp_path, "nofields", dataset=..., validation_score=...)
    _write(tmp_path, "badscore", validation_score="high")
    (tmp_path / "notes.txt").write_text("C=10")
    (tmp_path / "grades.csv").write_text("student,grade\nAda,A\n")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00\x81")
    (tmp_path / ".hidden.json").write_text("not read")
    (tmp_path / ".ipynb_checkpoints").mkdir()

    collected = collect(tmp_path)

    frame = collected.frame
    assert list(frame.columns) == list(COLUMNS)
    assert frame["file"].tolist() == ["Ada.json", "Ben.json", "ada .json"]
    assert frame["name"].tolist() == ["Ada", "Ben", "ada"]
    assert frame["duplicate_name"].tolist() == [True, False, True]
    assert frame["validation_score"].tolist() == [0.95, 0.9, 0.9]
    assert frame["test_score"].iloc[0] == 0.85 and math.isnan(frame["test_score"].iloc[1])
    assert frame["params"].iloc[2] == {"n_neighbors": 9}
    reasons = collected.rejected
    assert sorted(reasons) == sorted(
        [
            "broken.json",
            "list.json",
            "other.json",
            "future.json",
            "nofields.json",
            "badscore.json",
            "notes.txt",
            "grades.csv",
            "binary.json",
        ]
    )
    assert reasons["broken.json"].startswith("malformed JSON (line 1")
    assert "not an hptlearn submission" in reasons["list.json"]
    assert "not an hptlearn submission" in reasons["other.json"]
    assert reasons["future.json"].startswith(f"submission format version {SUBMISSION_VERSION + 1}")
    assert reasons["nofields.json"] == "missing field(s): dataset, validation_score"
    assert reasons["badscore.json"] == "validation_score is 'high', not a number"
    assert reasons["notes.txt"].startswith("not a .json or .csv file")
    assert "not one that hptlearn's export_results wrote" in reasons["grades.csv"]
    assert reasons["binary.json"] == "not a text file (not UTF-8)"
    summary = collected.summary()
    assert "3 submission(s) read from 12 file(s)." in summary
    assert "broken.json: malformed JSON" in summary
    assert "The name 'Ada' is used by 2 files: Ada.json, ada .json." in summary
    assert "No test score (left out of the figure): Ben." in summary


def test_collect_needs_an_existing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        collect(tmp_path / "nowhere")
    (tmp_path / "a.json").write_text("{}")
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        collect(tmp_path / "a.json")
    collected = collect(tmp_path)  # a bad file is rejected, never raised
    assert collected.frame.empty
    assert "not an hptlearn submission" in collected.rejected["a.json"]


def test_an_empty_folder_gives_an_empty_frame(tmp_path):
    collected = collect(tmp_path)
    assert collected.frame.empty and list(collected.frame.columns) == list(COLUMNS)
    assert collected.rejected == {}
    assert collected.summary() == "0 submission(s) read from 0 file(s)."


def test_export_submission_round_trip(tmp_path):
    path = export_submission(
        tmp_path,
        name=" Ada L. ",
        dataset="moons",
        model="svc",
        params={"C": np.float64(10.0), "gamma": 0.1, "kernel": "rbf"},
        validation_score=np.float64(0.93),
        test_score=0.88,
        trials=[({"C": 1.0, "gamma": 0.1, "kernel": "rbf"}, 0.9), ({"C": 10.0}, 0.93)],
    )
    assert path.name == "Ada_L.json"
    record = json.loads(path.read_text())
    assert record["format"] == SUBMISSION_FORMAT and record["version"] == SUBMISSION_VERSION
    row = collect(tmp_path).frame.iloc[0]
    assert (row["name"], row["dataset"], row["model"]) == ("Ada L.", "moons", "svc")
    assert row["params"] == {"C": 10.0, "gamma": 0.1, "kernel": "rbf"}
    assert (row["validation_score"], row["test_score"], row["n_trials"]) == (0.93, 0.88, 2)
    with pytest.raises(ValueError, match="Choose a name"):
        export_submission(tmp_path, name=" ", dataset="d", model="m", params={}, validation_score=1)
    with pytest.raises(ValueError, match="finite number"):
        export_submission(
            tmp_path / "x.json", name="x", dataset="d", model="m", params={}, validation_score=None
        )


def test_export_trials_of_a_manual_tuning_round_trip(tmp_path):
    tuning = ManualTuning("knn", first_trial=False)
    with pytest.raises(ValueError, match="no trial to export"):
        export_trials(tuning, tmp_path, name="Ada")
    for k in (1, 15, 40):
        tuning.trial(n_neighbors=k)
    scores = [t["validation_score"] for t in tuning.trials]
    best_k = (1, 15, 40)[int(np.argmax(scores))]
    path = export_trials(tuning, tmp_path / "mine.json", name="Ada", test_score=0.8)
    record = json.loads(path.read_text())
    assert record["trials"] == [
        {"params": {"n_neighbors": k}, "validation_score": s}
        for k, s in zip((1, 15, 40), scores, strict=True)
    ]
    row = collect(tmp_path).frame.iloc[0]
    assert (row["dataset"], row["model"], row["params"]) == (
        "moons",
        "knn",
        {"n_neighbors": best_k},
    )
    assert (row["validation_score"], row["test_score"], row["n_trials"]) == (max(scores), 0.8, 3)


def test_collect_reads_the_csv_of_export_results(tmp_path):
    frame = pd.DataFrame(
        {
            "order": [0, 1, 2],
            "C": [1.0, 10.0, 100.0],
            "kernel": ["rbf", "rbf", "linear"],
            "mean_test_score": [0.90, 0.95, np.nan],
            "std_test_score": [0.01, 0.02, np.nan],
            "rank_test_score": [2, 1, 3],
            "status": ["ok", "ok", "failed"],
        }
    )
    export_results(frame, tmp_path / "ben.csv", context={"dataset": "iris", "model": "svc"})
    context = {"name": "Cy", "dataset": "iris", "model": "svc", "strategy": "grid"}
    export_results(frame, tmp_path / "c.csv", context=context, test_score=0.91)
    rows = collect(tmp_path).frame.set_index("file")
    ben, cy = rows.loc["ben.csv"], rows.loc["c.csv"]
    assert (ben["name"], ben["dataset"], ben["model"]) == ("ben", "iris", "svc")
    assert ben["params"] == {"C": 10.0, "kernel": "rbf"}
    assert (ben["validation_score"], ben["n_trials"]) == (0.95, 2)
    assert math.isnan(ben["test_score"])
    assert (cy["name"], cy["test_score"], cy["params"]) == ("Cy", 0.91, ben["params"])


def test_class_scores_data_is_exact():
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d", "e"],
            "validation_score": [0.9, 0.8, 0.7, 0.85, 0.6],
            "test_score": [0.8, 0.85, 0.7, 0.75, np.nan],
        }
    )
    data = class_scores_data(frame)
    assert isinstance(data, ClassScoresData)
    assert data.names == ("a", "b", "c", "d")
    np.testing.assert_allclose(data.gap, [0.1, -0.05, 0.0, 0.1], atol=1e-12)
    assert data.mean_gap == pytest.approx((0.1 - 0.05 + 0.0 + 0.1) / 4)
    assert (data.n_below, data.n_above, data.n_on, data.n_without_test) == (2, 1, 1, 1)
    assert data.limits == pytest.approx((0.69, 0.91))  # 0.7..0.9, a margin of 0.01
    assert data.describe().startswith("2 of 4 learners are below the diagonal")
    with pytest.raises(ValueError, match="No submission has a test score"):
        class_scores_data(frame.assign(test_score=np.nan))
    ax = plot_class_scores(data, annotate_names=True)
    assert len(ax.collections[-1].get_offsets()) == 4
    plt.close("all")


def test_gap_interval_matches_the_t_formula_and_a_bootstrap():
    gaps = np.array([0.05, 0.01, -0.02, 0.04, 0.03, 0.0])
    mean, low, high = gap_interval(gaps)
    half = stats.t.ppf(0.975, 5) * gaps.std(ddof=1) / np.sqrt(6)
    assert (mean, low, high) == pytest.approx((gaps.mean(), gaps.mean() - half, gaps.mean() + half))
    _, b_low, b_high = gap_interval(gaps, method="bootstrap", n_resamples=2000)
    assert gaps.min() <= b_low < mean < b_high <= gaps.max()
    assert gap_interval(gaps, method="bootstrap", n_resamples=2000)[1] == b_low  # seeded
    with pytest.raises(ValueError, match="at least 2"):
        gap_interval([0.1])


def test_simulate_class_is_deterministic_and_the_optimism_is_measured(tmp_path):
    one = simulate_class(6, random_state=1, folder=tmp_path / "one", n_samples=90, test_size=500)
    two = simulate_class(6, random_state=1, folder=tmp_path / "two", n_samples=90, test_size=500)
    files = sorted(p.name for p in one.iterdir())
    assert files == sorted(p.name for p in two.iterdir()) and len(files) == 6
    for name in files:
        assert (one / name).read_text() == (two / name).read_text()
    collected = collect(one)
    assert collected.rejected == {} and not collected.frame["duplicate_name"].any()
    for _, row in collected.frame.iterrows():
        record = json.loads((one / row["file"]).read_text())
        trial_scores = [t["validation_score"] for t in record["trials"]]
        assert 3 <= len(trial_scores) <= 8
        assert row["validation_score"] == max(trial_scores)  # chosen on validation
        assert 0.0 <= row["test_score"] <= 1.0


def test_simulate_class_with_problems_shows_each_kind_of_rejection(tmp_path):
    folder = simulate_class(3, folder=tmp_path, n_samples=60, test_size=200, broken=True)
    collected = collect(folder)
    assert len(collected.frame) == 3
    assert collected.frame["duplicate_name"].tolist() == [True, True, False]
    assert sorted(collected.rejected) == ["Old.json", "Zed.json", "grades.csv", "my_notes.txt"]


def test_export_never_replaces_a_file_silently_and_takes_the_app(tmp_path):
    from hptlearn.classroom import export_submission, export_trials
    from hptlearn.widgets.manual import ManualTuningApp

    first = export_submission(
        tmp_path, name="Ada", dataset="moons", model="knn", params={"k": 3}, validation_score=0.9
    )
    with pytest.raises(FileExistsError, match="choose another name"):
        export_submission(
            tmp_path,
            name="Ada",
            dataset="moons",
            model="knn",
            params={"k": 5},
            validation_score=0.8,
        )
    again = export_submission(
        tmp_path,
        name="Ada",
        dataset="moons",
        model="knn",
        params={"k": 5},
        validation_score=0.8,
        overwrite=True,
    )
    assert again == first and '"k": 5' in first.read_text()
    with pytest.raises(FileNotFoundError, match="no folder"):
        export_submission(
            tmp_path / "missing",
            name="Bo",
            dataset="d",
            model="m",
            params={},
            validation_score=1,
        )
    app = ManualTuningApp()
    path = export_trials(app, tmp_path / "app.json", name="Cy")
    assert path.exists() and '"name": "Cy"' in path.read_text()


def test_class_data_gives_each_learner_their_own_samples_and_one_shared_test_set():
    data = class_data(4, n_samples=30, test_size=100, random_state=3)
    assert data.X_test.shape == (100, 20) and len(data.learners) == 4
    rows = [tuple(row) for X, _ in data.learners for row in X]
    assert len(set(rows)) == 4 * 30  # no sample shared by two learners
    assert not set(rows) & {tuple(row) for row in data.X_test}  # nor with the test set
    again = class_data(4, n_samples=30, test_size=100, random_state=3)
    np.testing.assert_array_equal(again.learners[2][0], data.learners[2][0])
    np.testing.assert_array_equal(again.X_test, data.X_test)


def test_simulated_learners_tune_on_their_own_class_data(tmp_path):
    # each simulated learner's best validation score is a score on their own samples
    folder = simulate_class(3, random_state=2, folder=tmp_path, n_samples=60, test_size=200)
    data = class_data(3, n_samples=60, test_size=200, random_state=2)
    rng = np.random.default_rng(2)
    for name, (X_mine, y_mine) in zip(["Ada", "Ben", "Chloe"], data.learners, strict=True):
        submitted = read_submission(folder / f"{name}.json")
        seed = int(rng.integers(2**31))
        tuning = ManualTuning(
            "knn", X_mine, y_mine, validation_size=0.3, random_state=seed, first_trial=False
        )
        high = tuning.limits["n_neighbors"][1]
        for k in rng.choice(
            np.arange(1, min(high, 60) + 1), int(rng.integers(3, 9)), replace=False
        ):
            tuning.trial(n_neighbors=int(k))
        assert submitted["validation_score"] == pytest.approx(tuning.best["validation_score"])
        model = tuning.make_estimator(n_neighbors=tuning.best["n_neighbors"])
        test = model.fit(tuning.X_train, tuning.y_train).score(data.X_test, data.y_test)
        assert submitted["test_score"] == pytest.approx(test)


# --- a class folder that anyone can write to: no file may break collect ----------------------


def _good_csv(path, **context):
    frame = pd.DataFrame(
        {
            "order": [0, 1],
            "C": [1.0, 10.0],
            "mean_test_score": [0.90, 0.95],
            "std_test_score": [0.01, 0.02],
            "rank_test_score": [2, 1],
            "status": ["ok", "ok"],
        }
    )
    export_results(frame, path, context={"dataset": "iris", "model": "svc", **context})
    return frame


def _collect_within(folder, seconds):
    """collect(folder) in a daemon thread: a file that blocks it fails the test, not the run."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(c=collect(folder)), daemon=True)
    start = time.perf_counter()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"collect did not end within {seconds} s"
    return result["c"], time.perf_counter() - start


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": ' + "9" * 5_000 + "}", "malformed JSON"),
    ],
    ids=["deeply-nested", "huge-integer"],
)
def test_one_malformed_json_file_is_rejected_and_the_others_kept(tmp_path, text, reason):
    _write(tmp_path, "Ada")
    (tmp_path / "bad.json").write_text(text)
    collected = collect(tmp_path)
    assert collected.frame["name"].tolist() == ["Ada"]
    assert list(collected.rejected) == ["bad.json"]
    assert reason in collected.rejected["bad.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_a_device_and_a_huge_sparse_file_are_not_read(tmp_path):
    _write(tmp_path, "Ada")
    os.mkfifo(tmp_path / "x.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with open(tmp_path / "sparse.json", "wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB, no block on disk
    collected, _ = _collect_within(tmp_path, 10)
    assert collected.frame["name"].tolist() == ["Ada"]
    reasons = collected.rejected
    assert "not a regular file" in reasons["x.json"]
    assert "outside the class folder" in reasons["zero.json"]
    assert "larger than a submission can be" in reasons["sparse.json"]


def test_links_are_followed_only_inside_the_class_folder(tmp_path):
    outside, folder = tmp_path / "outside", tmp_path / "class"
    outside.mkdir(), folder.mkdir()
    _write(outside, "Eve")
    (folder / "secret.json").symlink_to(outside / "Eve.json")
    (folder / "kept").mkdir()
    _write(folder / "kept", "Ada")
    (folder / "ada.json").symlink_to(folder / "kept" / "Ada.json")
    collected = collect(folder)
    assert collected.frame["file"].tolist() == ["ada.json"]
    assert "outside the class folder" in collected.rejected["secret.json"]
    assert "secret.json" in collected.summary()


def test_a_nickname_with_dollar_signs_is_drawn_as_typed(tmp_path):
    _write(tmp_path, "$_$", validation_score=0.9, test_score=0.8)
    _write(tmp_path, "Ada", validation_score=0.95, test_score=0.85)
    data = class_scores_data(collect(tmp_path))
    ax = plot_class_scores(data, annotate_names=True)
    ax.figure.canvas.draw()  # mathtext would raise here: "$_$" is not valid TeX
    texts = [t.get_text() for t in ax.texts]
    assert "$_$" in texts and "Ada" in texts
    plt.close("all")


def test_json_with_a_byte_order_mark_is_read(tmp_path):
    _write(tmp_path, "Ada")
    data = (tmp_path / "Ada.json").read_bytes()
    (tmp_path / "Ada.json").write_bytes(b"\xef\xbb\xbf" + data)
    assert collect(tmp_path).frame["name"].tolist() == ["Ada"]


def test_csv_and_json_follow_one_rule_for_scores_and_names(tmp_path):
    _good_csv(tmp_path / "good.csv")
    frame = _good_csv(tmp_path / "inf.csv")
    text = (tmp_path / "inf.csv").read_text().replace("0.95", "inf", 1)
    (tmp_path / "inf.csv").write_text(text)
    _good_csv(tmp_path / "noname.csv", name="   ")
    _good_csv(tmp_path / "badtest.csv")
    table = pd.read_csv(tmp_path / "badtest.csv")
    table["test_score_of_best"] = -np.inf
    table.to_csv(tmp_path / "badtest.csv", index=False)
    _write(tmp_path, "Ada", validation_score=float("inf"))  # json.dumps writes Infinity
    _write(tmp_path, "   ")
    collected = collect(tmp_path)
    assert collected.frame["file"].tolist() == ["good.csv"]
    reasons = collected.rejected
    assert "test_score_of_best is -inf, not a number" in reasons["badtest.csv"]
    assert "not a number" in reasons["inf.csv"] and "not a number" in reasons["Ada.json"]
    assert "not a non-empty text" in reasons["noname.csv"]
    assert "not a non-empty text" in reasons["   .json"]
    assert len(frame) == 2


def test_collect_survives_every_bad_file_at_once_quickly(tmp_path):
    for name in ("Ada", "Ben", "Cy"):
        _write(tmp_path, name)
    _good_csv(tmp_path / "dee.csv", name="Dee")
    bad = {
        "nested.json": "[" * 100_000,
        "bigint.json": "9" * 5_000,
        "broken.json": '{"format": ',
        "inf.json": None,
        "bom.txt": "x",
    }
    for file, text in bad.items():
        if text is not None:
            (tmp_path / file).write_text(text)
    _write(tmp_path, "inf", validation_score=float("inf"))
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with open(tmp_path / "sparse.csv", "wb") as handle:
        handle.truncate(3 * 1024**3)
    (tmp_path / "passwd.json").symlink_to("/etc/passwd")
    collected, seconds = _collect_within(tmp_path, 10)
    assert sorted(collected.frame["name"]) == ["Ada", "Ben", "Cy", "Dee"]
    assert sorted(collected.rejected) == sorted(
        [*bad, "fifo.json", "zero.json", "sparse.csv", "passwd.json"]
    )
    assert all(reason for reason in collected.rejected.values())
    assert seconds < 5
