"""Links between the notebooks: each one ends by linking to the next, and every link to a
notebook or a page of the repository resolves (a learner clicks them in JupyterLab, where a
relative link opens the file)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+?)(#[^)]*)?\)")


def _markdown(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_summary_links_to_the_next_notebook(path):
    number = int(path.name[:2])
    following = [p for p in NOTEBOOKS if int(p.name[:2]) == number + 1]
    nexts = [
        line
        for source in _markdown(path)
        for line in source.splitlines()
        if line.startswith("Next: ")
    ]
    if not following:
        assert not nexts, "the last notebook has no next one"
        assert any("(00_start_here.ipynb)" in s for s in _markdown(path))
        return
    assert len(nexts) == 1, f"{path.name}: one 'Next: ' line, found {len(nexts)}"
    assert f"]({following[0].name})" in nexts[0], nexts[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_relative_link_resolves(path):
    for source in _markdown(path):
        for target, _ in LINK.findall(source):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            assert (path.parent / target).resolve().exists(), f"{path.name}: {target}"
