"""Results recorded once by the scripts in ``benchmarks/`` and shipped with the package.

Some experiments take minutes (the race of notebook 09 runs six strategies over 20 seeds on
three data sets; scikit-learn's SGD example of notebook 06 runs 675 fits), so they are run
once and their results are read here: ``benchmarks/race.py`` writes ``race.csv``,
``race_runs.csv`` and ``race_plans.csv``, ``benchmarks/sgd_example.py`` writes
``sgd_example.csv``, ``benchmarks/record_learning_curves.py`` writes
``learning_curves.csv`` and ``learning_curves.json`` (read by :mod:`hptlearn.replay`). The
files are package data, so a notebook copied alone to another folder reads them as long as
hptlearn is installed.

>>> recorded("race_runs.csv").name
'race_runs.csv'
>>> sorted(RECORDED)
['learning_curves.csv', 'learning_curves.json', 'race.csv', 'race_plans.csv', 'race_runs.csv', \
'sgd_example.csv']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["RECORDED", "recorded", "recorded_folder"]

#: the recorded files, and what wrote each
RECORDED = {
    "race.csv": "benchmarks/race.py (one row per evaluated candidate)",
    "race_runs.csv": "benchmarks/race.py (one row per run)",
    "race_plans.csv": "benchmarks/race.py (what each strategy ran)",
    "sgd_example.csv": "benchmarks/sgd_example.py (scikit-learn's SGD comparison)",
    "learning_curves.csv": (
        "benchmarks/record_learning_curves.py (one row per configuration and fold)"
    ),
    "learning_curves.json": "benchmarks/record_learning_curves.py (how the curves were recorded)",
}


def recorded_folder() -> Path:
    """The folder of the recorded files inside the installed package."""
    return Path(str(resources.files(__name__)))


def recorded(name: str) -> Path:
    """The path of one recorded file, e.g. ``recorded("race.csv")``.

    Raises ``FileNotFoundError`` naming the files there are, for a name that is not one
    of them.
    """
    if name not in RECORDED:
        known = ", ".join(sorted(RECORDED))
        raise FileNotFoundError(f"No recorded file named {name!r}: the recorded files are {known}.")
    path = recorded_folder() / name
    if not path.is_file():
        raise FileNotFoundError(
            f"The recorded file {name!r} is missing from {path.parent}: "
            f"run {RECORDED[name].split(' ')[0]} to write it again."
        )
    return path
