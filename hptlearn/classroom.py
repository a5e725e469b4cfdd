"""The class as an experiment: learners export their chosen model, the teacher collects.

Every learner tunes a model on their own training/validation split, chooses the setting with
the best validation score, and, once, scores the chosen model on fresh test data. Each
learner writes one small file (:func:`export_submission`, or :func:`export_trials` from a
:class:`hptlearn.state.manual.ManualTuning`); the teacher puts the files in one folder and reads
them all with :func:`collect`. :func:`hptlearn.plots.classroom.plot_class_scores` then
draws every learner's validation score against their test score: choosing the best of
several noisy validation scores makes that score too optimistic, and a class shows it.
:func:`simulate_class` makes such a class by doing what learners do.

The submission file (JSON, UTF-8)
---------------------------------
One JSON object per file, with these keys::

    {
      "format": "hptlearn-submission",     # always this text
      "version": 1,                        # SUBMISSION_VERSION
      "name": "Ada",                       # chosen by the learner; need not be their real name
      "dataset": "moons",
      "model": "knn",
      "params": {"n_neighbors": 15},       # the chosen hyperparameters
      "validation_score": 0.911,           # validation score of the chosen setting
      "test_score": 0.87,                  # score on fresh test data, or null when unknown
      "trials": [                          # every setting tried ([] when not recorded)
        {"params": {"n_neighbors": 1}, "validation_score": 0.84},
        {"params": {"n_neighbors": 15}, "validation_score": 0.911}
      ]
    }

Scores are numbers (accuracy, or whatever one metric the class agreed on); hyperparameter
values are JSON numbers, strings, booleans or null.

:func:`collect` also reads the CSV file that :func:`hptlearn.state.export_results` writes
(the search app's *Export CSV*): its ``dataset`` and ``model`` columns, the hyperparameter
columns between ``order`` and the first ``mean_test_*`` column, the row ranked 1 as the chosen
setting and ``test_score_of_best``. Such a file holds no learner name unless the learner
passed ``context={"name": ..., ...}``; otherwise the file name (without ``.csv``) is the
name.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> _ = export_submission(folder, name="Ada", dataset="moons", model="knn",
...                       params={"n_neighbors": 15}, validation_score=0.9, test_score=0.85)
>>> collected = collect(folder)
>>> collected.frame[["name", "validation_score", "test_score", "n_trials", "file"]]
  name  validation_score  test_score  n_trials      file
0  Ada               0.9        0.85         0  Ada.json
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from threadpoolctl import threadpool_limits

__all__ = [
    "COLUMNS",
    "MAX_SUBMISSION_BYTES",
    "SUBMISSION_FORMAT",
    "SIMULATED_POPULATION",
    "SUBMISSION_VERSION",
    "SubmissionError",
    "ClassData",
    "Collected",
    "class_data",
    "collect",
    "export_submission",
    "export_trials",
    "gap_interval",
    "read_submission",
    "simulate_class",
]

#: The value of the ``"format"`` key of every submission file.
SUBMISSION_FORMAT = "hptlearn-submission"
#: The version of the submission format that this hptlearn writes and reads.
SUBMISSION_VERSION = 1
#: The columns of :attr:`Collected.frame`, in order.
COLUMNS = (
    "name",
    "dataset",
    "model",
    "params",
    "validation_score",
    "test_score",
    "n_trials",
    "file",
    "duplicate_name",
)
_REQUIRED = ("name", "dataset", "model", "params", "validation_score")
_CSV_REQUIRED = ("dataset", "model", "order", "test_score_of_best")

#: The largest submission file :func:`collect` reads, in bytes (a submission with a few
#: thousand trials is a few hundred KB); a larger file is rejected without being read.
MAX_SUBMISSION_BYTES = 5_000_000


class SubmissionError(ValueError):
    """A file that is not a readable submission; the message says why."""


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _plain_value(value, what):
    """A hyperparameter value as a JSON value (numpy scalars become Python ones)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} is {value!r}; write a finite number.")
        return value
    raise ValueError(
        f"{what} is {value!r} ({type(value).__name__}); a submission holds numbers, text, "
        "True/False or None."
    )


def _plain_params(params, what="params") -> dict:
    if not isinstance(params, dict):
        raise ValueError(f"{what} must be a dict of hyperparameter name -> value, got {params!r}.")
    return {str(k): _plain_value(v, f"{what}[{k!r}]") for k, v in params.items()}


def _score(value, what, *, optional=False):
    if value is None and optional:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}.")
    return float(value)


def _file_stem(name: str) -> str:
    """A file name made from a learner's name: letters, digits, ``-`` and ``_`` kept."""
    stem = re.sub(r"[^\w-]+", "_", name, flags=re.ASCII).strip("_")
    return stem or "submission"


def export_submission(
    path,
    *,
    name,
    dataset,
    model,
    params,
    validation_score,
    test_score=None,
    trials=(),
    overwrite=False,
) -> Path:
    """Write one learner's submission (the JSON format of this module) and return its path.

    Parameters
    ----------
    path : str or Path
        The file to write; or an existing folder (a shared class folder), in which case the
        file is ``<name>.json`` there (the name with anything but letters, digits, ``-`` and
        ``_`` replaced by ``_``). A path ending in a folder that does not exist is
        refused, as is an existing file unless ``overwrite`` (two learners of a class who
        chose the same name would otherwise lose one submission without a word).
    name : str
        The name the learner chooses to appear under (a nickname is fine).
    dataset, model : str
        What was tuned, e.g. ``"moons"`` and ``"knn"``.
    params : dict
        The chosen hyperparameters.
    validation_score : float
        The validation score of the chosen setting (the score it was chosen by).
    test_score : float, optional
        The score of the chosen model on fresh test data, if measured.
    trials : sequence of (dict, float), optional
        Every setting tried and its validation score, in order.
    overwrite : bool, default=False
        Replace an existing file (your own earlier submission).
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("Choose a name to appear under: name='...' (a nickname is fine).")
    for key, value in (("dataset", dataset), ("model", model)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{key} must be a non-empty text, got {value!r}.")
    record = {
        "format": SUBMISSION_FORMAT,
        "version": SUBMISSION_VERSION,
        "name": name.strip(),
        "dataset": dataset,
        "model": model,
        "params": _plain_params(params),
        "validation_score": _score(validation_score, "validation_score"),
        "test_score": _score(test_score, "test_score", optional=True),
        "trials": [
            {
                "params": _plain_params(p, f"trial {i} params"),
                "validation_score": _score(s, f"trial {i} validation_score"),
            }
            for i, (p, s) in enumerate(trials, start=1)
        ],
    }
    path = Path(path)
    if path.is_dir():
        path = path / f"{_file_stem(record['name'])}.json"
    elif not path.suffix:
        raise FileNotFoundError(
            f"There is no folder {str(path)!r}: give an existing folder (the class's shared "
            "folder) or a file name ending in .json."
        )
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{str(path)!r} exists already: choose another name (someone in the class may "
            "have chosen the same one), or pass overwrite=True to replace your own file."
        )
    path.write_text(json.dumps(record, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    return path


def _manual_dataset(tuning) -> str:
    description = getattr(tuning, "data_description", "")
    return "moons" if description.startswith("the moons data") else "your data"


def export_trials(tuning, path, *, name, dataset=None, test_score=None, overwrite=False) -> Path:
    """Write the submission of a manual tuning: its best trial and every trial.

    Reads only the public attributes of a :class:`hptlearn.state.manual.ManualTuning` (or of the
    app over it): ``model``, ``trials``, ``best`` and ``data_description``.

    Parameters
    ----------
    tuning : ManualTuning or ManualTuningApp
        The tuning (or the app over it, whose ``tuning`` is read), after at least one trial.
    path : str or Path
        The file, or an existing folder (see :func:`export_submission`).
    name : str
        The name the learner chooses to appear under.
    dataset : str, optional
        The data set's name; by default ``"moons"`` for the moons data of the manual
        tuning and ``"your data"`` for data given to it.
    test_score : float, optional
        The chosen model's score on fresh test data, if measured: fit
        ``tuning.make_estimator(**params)`` on ``tuning.X_train, tuning.y_train`` and score it
        on a test set the tuning never saw.
    """
    tuning = getattr(tuning, "tuning", tuning)  # the app: its headless tuning
    best = tuning.best
    if best is None:
        raise ValueError("There is no trial to export yet: run a trial first.")
    names = [k for k in best if k not in ("trial", "train_score", "validation_score")]
    trials = [({k: t[k] for k in names}, t["validation_score"]) for t in tuning.trials]
    return export_submission(
        path,
        name=name,
        dataset=dataset if dataset is not None else _manual_dataset(tuning),
        model=tuning.model,
        params={k: best[k] for k in names},
        validation_score=best["validation_score"],
        test_score=test_score,
        trials=trials,
        overwrite=overwrite,
    )


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _check_params(params, what):
    if not isinstance(params, dict):
        raise SubmissionError(f"{what} is not an object of name -> value")
    for k, v in params.items():
        if not (v is None or isinstance(v, (bool, int, float, str))):
            raise SubmissionError(f"{what}[{k!r}] is not a number, text, true/false or null")


def _check_score(value, what, *, optional=False):
    if value is None and optional:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SubmissionError(f"{what} is {value!r}, not a number")
    return float(value)


def _text(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte-order mark (some editors write one)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("not a text file (not UTF-8)") from None


def _read_json(data: bytes) -> dict:
    text = _text(data)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise SubmissionError("malformed JSON (nested too deeply to be a submission)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise SubmissionError(f"malformed JSON ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != SUBMISSION_FORMAT:
        raise SubmissionError(
            f'JSON, but not an hptlearn submission (no "format": "{SUBMISSION_FORMAT}")'
        )
    version = record.get("version")
    if version != SUBMISSION_VERSION:
        raise SubmissionError(
            f"submission format version {version!r}; this hptlearn reads version "
            f"{SUBMISSION_VERSION} (export it again with this hptlearn)"
        )
    missing = [k for k in _REQUIRED if k not in record]
    if missing:
        raise SubmissionError(f"missing field(s): {', '.join(missing)}")
    for key in ("name", "dataset", "model"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise SubmissionError(f"{key} is {record[key]!r}, not a non-empty text")
    _check_params(record["params"], "params")
    validation = _check_score(record["validation_score"], "validation_score")
    test = _check_score(record.get("test_score"), "test_score", optional=True)
    trials = record.get("trials", [])
    if not isinstance(trials, list):
        raise SubmissionError("trials is not a list")
    for i, trial in enumerate(trials, start=1):
        if not isinstance(trial, dict) or "validation_score" not in trial:
            raise SubmissionError(f"trial {i} is not an object with a validation_score")
        _check_params(trial.get("params", {}), f"trial {i} params")
        _check_score(trial["validation_score"], f"trial {i} validation_score")
    return {
        "name": record["name"].strip(),
        "dataset": record["dataset"],
        "model": record["model"],
        "params": dict(record["params"]),
        "validation_score": validation,
        "test_score": test,
        "n_trials": len(trials),
    }


def _plain_cell(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _read_csv(data: bytes, stem: str) -> dict:
    text = _text(data)
    try:
        frame = pd.read_csv(io.StringIO(text))
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SubmissionError(f"malformed CSV ({str(exc).strip()})") from None
    columns = list(frame.columns)
    scores = [c for c in columns if c.startswith("mean_test_")]
    missing = [c for c in _CSV_REQUIRED if c not in columns] + ([] if scores else ["mean_test_*"])
    if missing:
        raise SubmissionError(
            "a CSV, but not one that hptlearn's export_results wrote (no column(s) "
            f"{', '.join(missing)})"
        )
    score = scores[0]
    rank = "rank_test_" + score.removeprefix("mean_test_")
    if frame.empty:
        raise SubmissionError("an exported CSV with no results in it")
    params = columns[columns.index("order") + 1 : columns.index(score)]
    ok = frame[frame["status"] == "ok"] if "status" in columns else frame
    ok = ok[pd.to_numeric(ok[score], errors="coerce").notna()]
    if ok.empty:
        raise SubmissionError("an exported CSV in which no candidate has a score")
    # The rules of the JSON path: every score a finite number, names and labels not empty.
    for row, value in zip(ok.index, pd.to_numeric(ok[score]), strict=True):
        _check_score(float(value), f"{score} in row {row + 1}")
    if rank in columns:
        chosen = ok.sort_values([rank, "order"], kind="stable").iloc[0]
    else:
        chosen = ok.loc[pd.to_numeric(ok[score]).idxmax()]
    name = _plain_cell(chosen["name"]) if "name" in columns else stem
    record = {"name": name, "dataset": _plain_cell(chosen["dataset"])}
    record["model"] = _plain_cell(chosen["model"])
    for key, value in record.items():
        if not isinstance(value, str) or not value.strip():
            raise SubmissionError(f"{key} is {value!r}, not a non-empty text")
    test = pd.to_numeric(frame["test_score_of_best"], errors="coerce").iloc[0]
    return {
        "name": record["name"].strip(),
        "dataset": record["dataset"],
        "model": record["model"],
        "params": {p: _plain_cell(chosen[p]) for p in params},
        "validation_score": float(chosen[score]),
        "test_score": _check_score(
            None if math.isnan(test) else float(test), "test_score_of_best", optional=True
        ),
        "n_trials": len(ok),
    }


def _read_bytes(path: Path, folder: Path | None = None) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_SUBMISSION_BYTES`, read safely.

    The file is opened without following a last symbolic link and without blocking (a FIFO
    or a device would otherwise block or never end), then checked on the open descriptor:
    only a regular file of a bounded size is read. With ``folder``, a symbolic link is
    followed only to a file inside that folder.
    """
    if path.is_symlink():
        target = path.resolve()
        if folder is not None and not target.is_relative_to(folder.resolve()):
            raise SubmissionError("a link to a file outside the class folder (not read)")
        path = target
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SubmissionError(f"could not be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError("not a regular file (a device, a pipe or a socket; not read)")
        if info.st_size > MAX_SUBMISSION_BYTES:
            raise SubmissionError(
                f"{info.st_size:,} bytes, larger than a submission can be "
                f"({MAX_SUBMISSION_BYTES:,} bytes at most; not read)"
            )
        data = handle.read(MAX_SUBMISSION_BYTES + 1)
    if len(data) > MAX_SUBMISSION_BYTES:  # the file grew while it was read
        raise SubmissionError(f"larger than {MAX_SUBMISSION_BYTES:,} bytes (not read)")
    return data


def read_submission(path) -> dict:
    """Read one submission file (JSON, or the CSV of :func:`hptlearn.state.export_results`).

    Returns a dict with the keys of :data:`COLUMNS` but ``file`` and ``duplicate_name``
    (``test_score`` is NaN when unknown). The file must be a regular file of at most
    :data:`MAX_SUBMISSION_BYTES`, in UTF-8 (a byte-order mark is allowed). Raises
    ``ValueError`` (``SubmissionError``) with the reason when the file is not a readable
    submission.
    """
    return _read_submission(Path(path))


def _read_submission(path: Path, folder: Path | None = None) -> dict:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise SubmissionError(f"not a .json or .csv file (a {suffix or 'no'}-extension file)")
    data = _read_bytes(path, folder)
    return _read_json(data) if suffix == ".json" else _read_csv(data, path.stem)


@dataclass
class Collected:
    """The submissions of a class, read from one folder by :func:`collect`.

    Attributes
    ----------
    folder : Path
        The folder that was read.
    frame : pandas.DataFrame
        One row per readable submission, by file name, with the columns of
        :data:`COLUMNS`: ``name``, ``dataset``, ``model``, ``params`` (a dict),
        ``validation_score``, ``test_score`` (NaN when unknown), ``n_trials`` (settings
        recorded), ``file`` (its name in the folder) and ``duplicate_name`` (True when
        another submission has the same name, ignoring case and surrounding spaces).
    rejected : dict
        File name -> why it was not read.
    """

    folder: Path
    frame: pd.DataFrame
    rejected: dict = field(default_factory=dict)

    @property
    def duplicates(self) -> dict:
        """Name -> the files that share it (only names used more than once)."""
        rows = self.frame[self.frame["duplicate_name"]]
        keys = rows["name"].str.strip().str.casefold()
        return {
            group["name"].iloc[0]: group["file"].tolist() for _, group in rows.groupby(keys.values)
        }

    def summary(self) -> str:
        """What was read, what was rejected and why, and what to check."""
        frame = self.frame
        n_files = len(frame) + len(self.rejected)
        lines = [f"{len(frame)} submission(s) read from {n_files} file(s)."]
        if self.rejected:
            lines.append(f"{len(self.rejected)} file(s) rejected:")
            lines += [f"  {file}: {reason}" for file, reason in self.rejected.items()]
        for name, files in self.duplicates.items():
            lines.append(f"The name {name!r} is used by {len(files)} files: {', '.join(files)}.")
        no_test = frame.loc[frame["test_score"].isna(), "name"].tolist()
        if no_test:
            lines.append(f"No test score (left out of the figure): {', '.join(no_test)}.")
        for key in ("dataset", "model"):
            values = sorted(frame[key].unique())
            if len(values) > 1:
                lines.append(f"Several {key}s: {', '.join(values)} (compare like with like).")
        return "\n".join(lines)

    def __str__(self):
        return self.summary()

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.summary())


def collect(folder) -> Collected:
    """Read every submission in ``folder``; reject, with a reason, what cannot be read.

    Files whose names start with ``.`` and sub-folders (e.g. ``.ipynb_checkpoints``) are
    skipped. Every other file is either read (:func:`read_submission`) or rejected: not a
    ``.json`` or ``.csv`` file, unreadable, malformed, a JSON or CSV file that is not a
    submission, a submission of another format version, a missing or wrong field, a
    score that is not a finite number. Only regular files inside ``folder`` are read, each
    of at most :data:`MAX_SUBMISSION_BYTES`: a link to a file outside the folder, a pipe,
    a device or a larger file is rejected without being read, so no file can block or
    exhaust the kernel. One bad file never stops the others. Two submissions with the same
    name are both kept, and flagged in ``duplicate_name``.

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist or is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise FileNotFoundError(
            f"The class folder {str(folder)!r} {what}: give the folder the submissions were "
            "saved or uploaded to."
        )
    rows, rejected = [], {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
            continue
        try:
            rows.append({**_read_submission(path, folder), "file": path.name})
        except SubmissionError as exc:
            rejected[path.name] = str(exc)
    frame = pd.DataFrame(rows, columns=list(COLUMNS[:-1]))
    frame["validation_score"] = frame["validation_score"].astype(float)
    frame["test_score"] = frame["test_score"].astype(float)
    frame["n_trials"] = frame["n_trials"].astype(int)
    keys = frame["name"].str.strip().str.casefold()
    frame["duplicate_name"] = keys.duplicated(keep=False).astype(bool)
    return Collected(folder, frame, rejected)


# --------------------------------------------------------------------------------------
# The numbers
# --------------------------------------------------------------------------------------


def gap_interval(gaps, confidence=0.95, *, method="t", n_resamples=10_000, random_state=0):
    """The mean of the gaps (validation − test) and a confidence interval for it.

    Parameters
    ----------
    gaps : array-like
        One gap per learner, e.g. ``class_scores_data(collected).gap``.
    confidence : float, default=0.95
    method : {"t", "bootstrap"}, default="t"
        ``"t"``: mean ± t quantile × standard error, with ``n - 1`` degrees of freedom; it
        assumes the learners' gaps are independent draws from one distribution, whose mean
        is roughly normal (a moderate class size usually suffices). ``"bootstrap"``: the
        percentile interval of the means of ``n_resamples`` resamples of the learners, with
        replacement (same independence assumption, no normality).

    Returns
    -------
    (mean, low, high) : tuple of float
    """
    from scipy import stats

    gaps = np.asarray(gaps, dtype=float)
    if gaps.size < 2:
        raise ValueError(f"An interval needs the gaps of at least 2 learners, got {gaps.size}.")
    mean = float(gaps.mean())
    alpha = 1 - confidence
    if method == "t":
        half = stats.t.ppf(1 - alpha / 2, gaps.size - 1) * gaps.std(ddof=1) / np.sqrt(gaps.size)
        return mean, float(mean - half), float(mean + half)
    if method == "bootstrap":
        rng = np.random.default_rng(random_state)
        means = gaps[rng.integers(0, gaps.size, (n_resamples, gaps.size))].mean(axis=1)
        low, high = np.quantile(means, [alpha / 2, 1 - alpha / 2])
        return mean, float(low), float(high)
    raise ValueError(f"method must be 't' or 'bootstrap', got {method!r}.")


# --------------------------------------------------------------------------------------
# A simulated class
# --------------------------------------------------------------------------------------

_NAMES = (
    "Ada Ben Chloe Dev Emma Farid Grace Hugo Ines Jonas Kemi Leo Mia Noor Oscar Priya Quinn "
    "Rosa Sam Tariq Uma Victor Wen Xavi Yara Zoe"
).split()

#: What :func:`simulate_class` draws its data from (make_classification's arguments).
SIMULATED_POPULATION = dict(
    n_features=20, n_informative=5, n_redundant=5, flip_y=0.05, class_sep=1.0
)


class ClassData(NamedTuple):
    """The data of a class experiment: one shared test set and each learner's own samples."""

    X_test: np.ndarray
    y_test: np.ndarray
    learners: list  # learner k (1-based) has learners[k - 1] = (X, y), disjoint from the rest


def class_data(n_learners, *, n_samples=150, test_size=5000, random_state=0) -> ClassData:
    """The class experiment's data: a large shared test set and each learner's own samples.

    One population is drawn with scikit-learn's ``make_classification`` (arguments in
    :data:`SIMULATED_POPULATION`, seeded by ``random_state``): the first ``test_size``
    samples are the fresh test set that everyone scores on once, and learner ``k`` (1 to
    ``n_learners``) gets the ``n_samples`` samples after them in the ``k``-th place, shared
    with nobody. :func:`simulate_class` draws its class from the same function. The teacher
    fixes ``n_learners`` (the class size) and ``random_state`` for the class; each learner
    uses their number ``k`` to take their samples and to seed their own split.

    Examples
    --------
    >>> data = class_data(3, n_samples=10, test_size=20)
    >>> data.X_test.shape, len(data.learners), data.learners[0][0].shape
    ((20, 20), 3, (10, 20))
    """
    if n_learners < 1:
        raise ValueError(f"n_learners must be at least 1, got {n_learners}.")
    X, y = make_classification(
        n_samples=test_size + n_learners * n_samples,
        random_state=random_state,
        **SIMULATED_POPULATION,
    )
    learners = [
        (
            X[test_size + i * n_samples : test_size + (i + 1) * n_samples],
            y[test_size + i * n_samples : test_size + (i + 1) * n_samples],
        )
        for i in range(n_learners)
    ]
    return ClassData(X[:test_size], y[:test_size], learners)


def simulate_class(
    n_learners=25,
    *,
    random_state=0,
    folder=None,
    n_samples=150,
    test_size=5000,
    broken=False,
) -> Path:
    """Simulate a class: each learner tunes k-nearest neighbours by hand, then exports.

    The data come from :func:`class_data`, as in a real class: ``test_size`` samples are
    the fresh test set, shared by the class, and each learner gets their own ``n_samples``
    other samples (no two learners share one). Each learner, as in notebook 03, makes a
    :class:`hptlearn.state.manual.ManualTuning` of ``"knn"`` on their samples (70 % training,
    30 % validation, their own split), tries a handful (3 to 8) of ``n_neighbors`` values
    of their own choosing, keeps the best on validation, scores that model once on the test
    set and writes :func:`export_trials` to ``<name>.json``. Nothing about the optimism is
    written in: it comes from choosing on a small validation set.

    Parameters
    ----------
    n_learners : int, default=25
    random_state : int, default=0
        Seeds the population, the learners' samples, splits and choices.
    folder : str or Path, optional
        Where to write (created if needed); by default a new temporary folder.
    n_samples : int, default=150
        Samples per learner (training and validation together).
    test_size : int, default=5000
        Samples of the shared test set.
    broken : bool, default=False
        Also write what goes wrong in a real class: two learners who chose the same name,
        a truncated JSON file, a submission of another format version, a file that is not
        JSON or CSV, and a CSV that hptlearn did not write.

    Returns
    -------
    Path
        The folder.
    """
    from hptlearn.state.manual import ManualTuning

    if n_learners < 1:
        raise ValueError(f"n_learners must be at least 1, got {n_learners}.")
    folder = Path(tempfile.mkdtemp(prefix="hptlearn-class-") if folder is None else folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = class_data(
        n_learners, n_samples=n_samples, test_size=test_size, random_state=random_state
    )
    X_test, y_test = data.X_test, data.y_test
    rng = np.random.default_rng(random_state)
    names = [
        _NAMES[i % len(_NAMES)] + ("" if i < len(_NAMES) else str(i // len(_NAMES) + 1))
        for i in range(n_learners)
    ]
    if broken and n_learners > 1:
        names[1] = names[0]  # two learners chose the same name
    files = set()
    with threadpool_limits(limits=1):  # many tiny fits: threads only wait for each other
        for i, name in enumerate(names):
            X_mine, y_mine = data.learners[i]
            tuning = ManualTuning(
                "knn",
                X_mine,
                y_mine,
                validation_size=0.3,
                random_state=int(rng.integers(2**31)),
                first_trial=False,
            )
            high = tuning.limits["n_neighbors"][1]
            n_tries = int(rng.integers(3, 9))
            for k in rng.choice(np.arange(1, min(high, 60) + 1), n_tries, replace=False):
                tuning.trial(n_neighbors=int(k))
            best = tuning.best
            model = tuning.make_estimator(n_neighbors=best["n_neighbors"])
            test = float(model.fit(tuning.X_train, tuning.y_train).score(X_test, y_test))
            stem = _file_stem(name) if name not in files else f"{_file_stem(name)}_{i}"
            files.add(name)
            export_trials(
                tuning,
                folder / f"{stem}.json",
                name=name,
                dataset=f"make_classification(random_state={random_state})",
                test_score=test,
            )
    if broken:
        (folder / "Zed.json").write_text('{"format": "hptlearn-submission", "version": 1, "na')
        old = {"format": SUBMISSION_FORMAT, "version": 0, "name": "Old", "score": 0.9}
        (folder / "Old.json").write_text(json.dumps(old))
        (folder / "my_notes.txt").write_text("C=10 looked best\n")
        (folder / "grades.csv").write_text("student,grade\nAda,A\n")
    return folder
