"""Run scikit-learn's own search tests against hptlearn's live searches.

The installed scikit-learn ships its tests (``sklearn/model_selection/tests``). This module
copies one of those files into a folder, once per batch size under test, rebinds the names of
scikit-learn's search classes to hptlearn's (one line, inserted right after the file's ``from
sklearn.model_selection import (...)`` block), and runs the copies with pytest in one
subprocess (its start-up, about 5 s of CPU, is paid once), with ``sklearn.conftest`` loaded
as a plugin so its fixtures exist. It returns the outcome of every test, per batch size.

``python tests/sklearn_suite.py [test_search.py] [batch_size ...]`` prints the outcome.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import sklearn

import hptlearn

TESTS_DIR = Path(sklearn.__file__).parent / "model_selection" / "tests"

# Which of our classes stands in for which scikit-learn name, per test file.
REBIND = {
    "test_search.py": {
        "GridSearchCV": "LiveGridSearchCV",
        "RandomizedSearchCV": "LiveRandomizedSearchCV",
    },
    "test_successive_halving.py": {
        "HalvingGridSearchCV": "LiveHalvingGridSearchCV",
        "HalvingRandomSearchCV": "LiveHalvingRandomSearchCV",
    },
}


def with_batch_size(cls, batch_size):
    """A subclass of ``cls`` whose ``batch_size`` defaults to ``batch_size``.

    scikit-learn's tests build searches with their own arguments only, so the batch size
    under test must be the default. The subclass keeps the same name and signature (so
    ``get_params``, ``clone`` and ``repr`` behave as for ``cls``). It lives in this module
    under its own qualified name, so that it can be pickled.
    """
    if batch_size == "auto":
        return cls
    init = cls.__init__
    new_init = types.FunctionType(
        init.__code__, init.__globals__, "__init__", init.__defaults__, init.__closure__
    )
    new_init.__kwdefaults__ = {**init.__kwdefaults__, "batch_size": batch_size}
    new_init.__doc__ = init.__doc__
    qualname = f"{cls.__name__}_batch_size_{batch_size}"
    if qualname in globals():
        return globals()[qualname]
    subclass = type(cls.__name__, (cls,), {"__init__": new_init, "__module__": __name__})
    subclass.__qualname__ = qualname
    globals()[qualname] = subclass
    return subclass


# Made when this module is imported, so that worker processes (n_jobs=2), which unpickle the
# search by its class's name, find the class.
for _name in sorted({name for names in REBIND.values() for name in names.values()}):
    with_batch_size(getattr(hptlearn, _name), 1)


@dataclass
class Outcome:
    passed: list
    failed: dict  # test id -> first line of the failure message
    skipped: int


def _module_name(test_file: str, batch_size) -> str:
    """The name of the copy of ``test_file`` that runs at ``batch_size``."""
    return f"{Path(test_file).stem}_batch_size_{batch_size}"


def _prepare(folder: Path, test_file: str, batch_size) -> Path:
    text = (TESTS_DIR / test_file).read_text()
    block = re.search(r"^from sklearn\.model_selection import \(\n.*?^\)\n", text, re.M | re.S)
    if block is None:
        raise RuntimeError(f"no 'from sklearn.model_selection import (...)' block in {test_file}")
    lines = ["import hptlearn as _hpt", "from tests_support import with_batch_size as _wbs"]
    for sk_name, our_name in REBIND[test_file].items():
        lines.append(f"{sk_name} = _wbs(_hpt.{our_name}, {batch_size!r})")
    rebind = "\n".join(lines) + "\n"
    patched = text[: block.end()] + rebind + text[block.end() :]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_module_name(test_file, batch_size)}.py"
    path.write_text(patched)
    (folder / "conftest.py").write_text('pytest_plugins = ["sklearn.conftest"]\n')
    support = Path(__file__).read_text()
    (folder / "tests_support.py").write_text(support)
    return path


def run(folder: Path, test_file: str = "test_search.py", batch_sizes=("auto",)) -> dict:
    """Copy and patch ``test_file`` once per batch size, run the copies in one pytest process;
    return the outcome of each test, per batch size: ``{batch_size: Outcome}``."""
    folder = Path(folder)
    paths = [_prepare(folder, test_file, size) for size in batch_sizes]
    report = folder / "report.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(folder),
            f"--junitxml={report}",
            *map(str, paths),
        ],
        cwd=folder,
        # worker processes (n_jobs=2) import the test's support module by name
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(folder), os.environ.get("PYTHONPATH")])
            ),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    modules = {_module_name(test_file, size): size for size in batch_sizes}
    outcomes = {size: Outcome([], {}, 0) for size in batch_sizes}
    for case in ET.parse(report).getroot().iter("testcase"):
        # classname is the module's dotted name (and the class's, for tests in a class)
        module = next(
            (m for m in modules if (case.get("classname") or "").split(".")[0] == m), None
        )
        if module is None:
            raise RuntimeError(f"a test of no known copy: {case.get('classname')}")
        outcome = outcomes[modules[module]]
        name = case.get("name")
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            outcome.failed[name] = (problem.get("message") or "").strip().splitlines()[0][:300]
        elif case.find("skipped") is not None:
            outcome.skipped += 1
        else:
            outcome.passed.append(name)
    return outcomes


if __name__ == "__main__":
    import tempfile

    file = sys.argv[1] if len(sys.argv) > 1 else "test_search.py"
    sizes = [size if size == "auto" else int(size) for size in sys.argv[2:]] or ["auto"]
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = run(Path(tmp), file, sizes)
    for size, outcome in outcomes.items():
        print(
            f"batch_size={size}: {len(outcome.passed)} passed, {len(outcome.failed)} failed, "
            f"{outcome.skipped} skipped"
        )
        for name, message in sorted(outcome.failed.items()):
            print(f"FAILED {name}: {message}")
