"""Checkpoint files of the live searches: every finished candidate, one JSON line each.

A live search given ``checkpoint=PATH`` appends each candidate to ``PATH`` as soon as its
fits on every split are done, and hands the line to the operating system at once
(``flush``: a killed process loses nothing written). It also forces the file to disk
(``os.fsync``, against a power cut or a crash of the machine) after the first line, then
at most every :data:`FSYNC_SECONDS` and when the search ends: an ``fsync`` takes from a
fraction of a millisecond to tens of milliseconds, which would be paid by every candidate.
After a crash (a killed kernel, a power cut), ``fit`` with the same path reads the
finished candidates back and fits only the rest: the search draws its candidates as an
uninterrupted run would, finds the finished ones in the file, and ends with the same
``cv_results_`` and ``best_*`` (times aside).

The file is plain text, one JSON object per line (never a pickle: reading a checkpoint
runs no code):

* line 1, the header: ``{"hptlearn_checkpoint": FORMAT_VERSION, "search": class name,
  "fingerprint": {...}}``. The fingerprint holds hashes of what the results depend on
  besides the candidates: the data, the cross-validation splits, the scoring, the
  estimator, the search class and its space (and, for the Bayesian search, its sampler).
  A file whose fingerprint differs is refused, with what differs.
* then one line per finished candidate: ``key`` (a hash of the candidate's values, see
  :func:`candidate_record_key`, plus the splits it was evaluated on), ``occurrence`` (0
  for the first candidate with that key, 1 for a repeat, ...), ``params`` (for people
  reading the file: JSON values, and ``{"repr": ...}`` for a value JSON cannot hold),
  ``iter`` and ``n_resources`` for successive halving, and ``splits``: one object per
  split with the test (and train) scores, ``fit_time``, ``score_time``,
  ``n_test_samples`` and ``fit_error`` (the failure message or null). Non-finite scores
  are written ``NaN``/``Infinity``, as Python's :mod:`json` reads them back.

Candidates are never rebuilt from the file: the search regenerates them (its candidate
sequence is deterministic for an int ``random_state``) and matches each to its record by
key, so an estimator object, a tuple or a numpy scalar among the values needs no
deserialising. A truncated last line (the crash) is ignored and overwritten; a damaged
line before it is refused with its number.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from numbers import Integral, Real

import numpy as np

__all__ = [
    "FORMAT_VERSION",
    "FSYNC_SECONDS",
    "Checkpoint",
    "CheckpointError",
    "candidate_record_key",
]

#: the version of the file layout, in the header; a file of another version is refused
FORMAT_VERSION = 1

#: the longest time a written line may wait for ``os.fsync`` while the search runs
FSYNC_SECONDS = 1.0

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class CheckpointError(ValueError):
    """A checkpoint file that cannot be used: another search's, or damaged."""


def stable(value, depth=0):
    """A JSON-able description of ``value`` that is the same in every process.

    Numbers, strings, booleans and None as they are (numpy scalars as Python ones);
    lists, tuples and dicts element by element; a frozen scipy distribution by its name,
    arguments and keywords; an estimator by its class and parameters; anything else by
    its class and attributes, or its ``repr`` without memory addresses.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    if depth > 8:
        return _ADDRESS.sub("", repr(value))
    if isinstance(value, dict):
        return {str(k): stable(v, depth + 1) for k, v in sorted(value.items(), key=_by_str)}
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [stable(v, depth + 1) for v in value]]
    if isinstance(value, np.ndarray):
        return ["ndarray", str(value.dtype), stable(value.tolist(), depth + 1)]
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    dist = getattr(value, "dist", None)
    if dist is not None and hasattr(value, "args") and hasattr(value, "kwds"):
        # a frozen scipy distribution (its random_state is not part of it)
        return [
            kind,
            getattr(dist, "name", type(dist).__name__),
            stable(value.args),
            stable(value.kwds),
        ]
    if hasattr(value, "get_params") and not isinstance(value, type):
        try:
            return [kind, stable(value.get_params(deep=False), depth + 1)]
        except Exception:  # pragma: no cover - a broken get_params
            pass
    if callable(value) and hasattr(value, "__qualname__"):
        return [kind, f"{getattr(value, '__module__', '')}.{value.__qualname__}"]
    attributes = getattr(value, "__dict__", None)
    if attributes:
        return [
            kind,
            stable({k: v for k, v in attributes.items() if k != "random_state"}, depth + 1),
        ]
    return [kind, _ADDRESS.sub("", repr(value))]


def _by_str(item):
    return str(item[0])


def stable_hash(value) -> str:
    """A short hash of :func:`stable` ``(value)``."""
    text = json.dumps(stable(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def candidate_record_key(candidate: dict, context: str = "") -> str:
    """The key a candidate's record is found by: a hash of its names and values
    (:func:`stable`) and of ``context`` (the splits it is evaluated on, for a search
    whose splits change from one round to the next)."""
    return stable_hash([context, candidate])


def readable_params(candidate: dict) -> dict:
    """The candidate's values for people reading the file: JSON values where JSON holds
    them exactly, ``{"repr": ...}`` otherwise."""
    out = {}
    for name, value in candidate.items():
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or isinstance(value, (bool, int, str)):
            out[name] = value
        elif isinstance(value, float) and np.isfinite(value):
            out[name] = value
        else:
            out[name] = {"repr": _ADDRESS.sub("", repr(value))}
    return out


def _scores(value):
    if isinstance(value, dict):
        return {str(k): float(v) for k, v in value.items()}
    return float(value)


def encode_split(result: dict) -> dict:
    """One split's result of ``_fit_and_score`` in JSON terms."""
    out = {
        "test_scores": _scores(result["test_scores"]),
        "n_test_samples": int(result["n_test_samples"]),
        "fit_time": float(result["fit_time"]),
        "score_time": float(result["score_time"]),
        "fit_error": None if result.get("fit_error") is None else str(result["fit_error"]),
    }
    if "train_scores" in result:
        out["train_scores"] = _scores(result["train_scores"])
    return out


def decode_split(record: dict) -> dict:
    """The inverse of :func:`encode_split`: the dict ``evaluate_candidates`` collects."""
    return dict(record)


class Checkpoint:
    """An open checkpoint file: the records read back, and appending new ones.

    Parameters
    ----------
    path : str or os.PathLike
        The file; made (with its header) if it does not exist or is empty.
    search_name : str
        The search class, written in the header and checked.
    fingerprint : dict or None
        What the results depend on (str -> JSON value); checked against the header.
        None: not checked (to count the records before a fit, which checks it).
    read_only : bool, default=False
        Only read the records: the file is neither made nor opened for writing.
    """

    def __init__(self, path, search_name: str, fingerprint, *, read_only=False):
        self.path = os.fspath(path)
        self.search_name = search_name
        self.fingerprint = None if fingerprint is None else json.loads(json.dumps(fingerprint))
        self.records = {}  # (key, occurrence) -> list of split results
        self.n_read = 0
        self.n_written = 0
        self.write_seconds = 0.0  # writing, flushing and syncing the lines
        self.n_synced = 0
        self._synced = None  # when os.fsync last ran
        good_end = self._read()
        if read_only:
            return
        self._file = open(self.path, "r+b" if good_end else "wb")  # noqa: SIM115
        if good_end:
            self._file.seek(good_end)
            self._file.truncate()  # the crash's unfinished line goes
        else:
            self._write(
                {
                    "hptlearn_checkpoint": FORMAT_VERSION,
                    "search": search_name,
                    "fingerprint": self.fingerprint,
                }
            )

    # -- reading -----------------------------------------------------------------------
    def _refuse(self, why: str):
        raise CheckpointError(
            f"The checkpoint {self.path!r} {why} Delete the file, or pass another "
            "checkpoint path, to start a new search."
        )

    def _read(self) -> int:
        """Read the records; return the offset after the last complete line (0: start a
        new file)."""
        try:
            with open(self.path, "rb") as file:
                data = file.read()
        except FileNotFoundError:
            return 0
        end = data.rfind(b"\n") + 1  # an unterminated last line is the crash's
        lines = data[:end].split(b"\n")[:-1]
        if not lines:
            return 0
        try:
            header = json.loads(lines[0])
        except ValueError:
            header = None
        if not isinstance(header, dict) or "hptlearn_checkpoint" not in header:
            self._refuse("is not an hptlearn checkpoint (its first line is not a header).")
        if header["hptlearn_checkpoint"] != FORMAT_VERSION:
            self._refuse(
                f"has format version {header['hptlearn_checkpoint']!r}; this hptlearn reads "
                f"version {FORMAT_VERSION}."
            )
        if header.get("search") != self.search_name:
            self._refuse(
                f"was written by {header.get('search')}, not by {self.search_name}: its "
                "results do not apply."
            )
        theirs, ours = header.get("fingerprint") or {}, self.fingerprint
        changed = [
            what
            for what in sorted(set(theirs) | set(ours or ()))
            if ours is not None and theirs.get(what) != ours.get(what)
        ]
        if changed:
            self._refuse(
                f"was written by a search with another {' and another '.join(changed)}: its "
                "results do not apply to this one."
            )
        for number, line in enumerate(lines[1:], start=2):
            try:
                record = json.loads(line)
                key = (str(record["key"]), int(record["occurrence"]))
                splits = [decode_split(split) for split in record["splits"]]
                if not all("test_scores" in split for split in splits):
                    raise KeyError("test_scores")
            except (ValueError, KeyError, TypeError) as error:
                self._refuse(
                    f"is damaged: line {number} is not a candidate record ({error}). Only "
                    "an unfinished last line (the crash) is skipped."
                )
            self.records[key] = splits
        self.n_read = len(self.records)
        return end

    # -- writing -----------------------------------------------------------------------
    def _write(self, obj: dict) -> None:
        start = time.perf_counter()
        self._file.write(json.dumps(obj).encode() + b"\n")
        self._file.flush()
        if self._synced is None or start - self._synced >= FSYNC_SECONDS:
            self._sync()
        self.write_seconds += time.perf_counter() - start

    def _sync(self) -> None:
        os.fsync(self._file.fileno())
        self._synced = time.perf_counter()
        self.n_synced += 1

    def append(self, key, occurrence, candidate, splits, **extra) -> None:
        """Write one finished candidate (and force it to disk)."""
        if (key, occurrence) in self.records:
            return
        record = {
            "key": key,
            "occurrence": occurrence,
            "params": readable_params(candidate),
            **extra,
            "splits": [encode_split(split) for split in splits],
        }
        self._write(record)
        self.records[(key, occurrence)] = [decode_split(s) for s in record["splits"]]
        self.n_written += 1

    def close(self) -> None:
        """Force what was written to disk, and close the file."""
        if not self._file.closed:
            start = time.perf_counter()
            self._file.flush()
            self._sync()
            self.write_seconds += time.perf_counter() - start
            self._file.close()
