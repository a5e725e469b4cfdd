"""The wheel and the sdist work outside the repository.

`python -m build` makes the sdist, then the wheel from the sdist (so a file missing from the
sdist is missing from the wheel too). The wheel is installed into a fresh virtual environment
in an empty folder, with ``--no-deps``: its dependencies come from this test environment's
site-packages through a path file (the versions of constraints.txt), so only the build backend
(setuptools, into build's isolated environment) comes from the package index. Notebook 00 and
the dashboard then run there, from copies, under nbval: the recorded results, the front-end
modules and everything else they read must come from the installed wheel, not from this
repository. `tests/test_packaging.py::test_pip_install_hptlearn_installs_a_working_core` (marked
slow) installs the dependencies themselves from the index.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import hptlearn

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["00_start_here.ipynb", "dashboard.ipynb"]


def _tracked(folder: str, patterns: tuple[str, ...]) -> set[str]:
    """Package-data files of the repository (git-tracked when git knows the folder)."""
    files = set()
    for pattern in patterns:
        files |= {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob(pattern)}
    return files


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(out.iterdir())
    return {"wheel": wheels[0], "sdist": sdists[0]}


def test_metadata_passes_twine_check_and_reports_the_version(dist):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "check",
            "--strict",
            str(dist["wheel"]),
            str(dist["sdist"]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(wheel.read(name).decode())
    assert metadata["Name"] == "hptlearn"
    assert metadata["Version"] == hptlearn.__version__
    assert dist["wheel"].name.startswith(f"hptlearn-{hptlearn.__version__}-")
    changelog = (ROOT / "CHANGELOG.md").read_text()
    first = re.search(r"^## (\S+)", changelog, flags=re.MULTILINE)
    assert first and first.group(1) == hptlearn.__version__, "CHANGELOG.md's first heading"


def test_the_wheel_and_the_sdist_carry_the_package_data(dist):
    data = _tracked("hptlearn/data", ("*.csv", "*.json")) | _tracked(
        "hptlearn/widgets/static", ("*.js", "*.css")
    )
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "hptlearn").rglob("*.py")}
    assert data, "no package data found in the repository"
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        in_wheel = set(wheel.namelist())
    assert data | modules <= in_wheel, sorted((data | modules) - in_wheel)
    with tarfile.open(dist["sdist"]) as sdist:
        prefix = f"hptlearn-{hptlearn.__version__}/"
        in_sdist = {n.removeprefix(prefix) for n in sdist.getnames()}
    needed = data | modules | {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"}
    assert needed <= in_sdist, sorted(needed - in_sdist)


def test_notebook_00_and_the_dashboard_run_from_the_installed_wheel(dist, tmp_path):
    venv, work = tmp_path / "venv", tmp_path / "work"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # pip from this environment installs into the new one; the dependencies are found
    # through a path file, after the new environment's own site-packages. A path added this
    # way has its own .pth files ignored, so this repository's editable install is not seen.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(site), str(dist["wheel"])],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, work / name)
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", work)
    # the notebooks' own backend (inline): no MPLBACKEND, as on a learner's machine
    prefixes = ("PYTHON", "JUPYTER", "MPLBACKEND")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(PYTHONNOUSERSITE="1")
    where = subprocess.run(
        [python, "-c", "import hptlearn, hptlearn.data; print(hptlearn.__file__)"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert where.returncode == 0, where.stderr[-3000:]
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout
    run = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", ".", "--nbval",
         "--nbval-sanitize-with", "nbval_sanitize.cfg", "-p", "no:xdist", *NOTEBOOKS],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-3000:]
    assert not (work / "hptlearn").exists()
