"""Every notebook runs alone: copied into an empty folder, with hptlearn installed.

``make nbval`` proves it by running: it checks a copy of each notebook alone in an empty
folder outside the repository. This test reads the code cells, in a second, so that a path
out of ``notebooks/`` fails at once, with its cell, and in ``make unit`` too: recorded results
are package data (``hptlearn.data.recorded("race.csv")``), never ``../benchmarks/...``.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# a string that leads out of the notebook's folder, or into the repository's other folders
OUTSIDE = re.compile(r"(^|[/\\])\.\.($|[/\\])|(^|/)(benchmarks|tests|hptlearn|docs)/")


def _code(source: str) -> str:
    """The cell without IPython's magics and shell escapes (not Python)."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def paths_out_of_the_folder(source: str) -> list[str]:
    """The string constants and calls of ``source`` that reach outside the notebook's folder."""
    found = []
    for node in ast.walk(ast.parse(_code(source))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if OUTSIDE.search(node.value):
                found.append(repr(node.value))
        elif isinstance(node, ast.Name) and node.id == "__file__":
            found.append("__file__")
        elif isinstance(node, ast.Attribute) and node.attr == "chdir":
            found.append("os.chdir")
    return found


def test_the_check_finds_what_notebooks_06_and_09_read_before():
    before = 'runs = pd.read_csv(Path("../benchmarks/results") / "race_runs.csv")'
    assert paths_out_of_the_folder(before) == ["'../benchmarks/results'"]
    assert sorted(paths_out_of_the_folder('os.chdir("..")')) == ["'..'", "os.chdir"]
    assert paths_out_of_the_folder('frame = pd.read_csv(recorded("race.csv"))\n%time 1') == []
    assert paths_out_of_the_folder('print("a/b", "1..5", "1e-3..1e3 log 7")') == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_no_notebook_reads_a_path_outside_its_folder(notebook):
    cells = nbformat.read(notebook, as_version=4).cells
    found = {
        number: paths
        for number, cell in enumerate(cells)
        if cell.cell_type == "code" and (paths := paths_out_of_the_folder(cell.source))
    }
    assert not found, (
        f"{notebook.name} reaches outside its folder (cell: strings): {found}; a notebook "
        "copied alone would fail. Read recorded results with hptlearn.data.recorded(name)."
    )
