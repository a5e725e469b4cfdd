"""The project's set-up files agree with each other."""

import re
from pathlib import Path

import tomllib
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _conda_requirements(env):
    reqs = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # a "pip:" section
            continue
        name = re.split(r"[<>=!~ ]", dep, maxsplit=1)[0]
        if name in ("python", "pip"):
            continue
        reqs[name] = dep[len(name):].replace(" ", "")
    return reqs


def test_environment_yml_has_the_dependencies_of_pyproject():
    pyproject = {}
    for line in _pyproject()["project"]["dependencies"]:
        req = Requirement(line)
        pyproject[req.name] = ",".join(sorted(str(s) for s in req.specifier))
    conda = {
        name: ",".join(sorted(s for s in spec.split(",") if s))
        for name, spec in _conda_requirements(_environment()).items()
    }
    assert conda == pyproject, (
        "environment.yml and pyproject.toml list different dependencies or versions: "
        "update both together"
    )


def test_environment_pins_python_and_uses_conda_forge():
    env = _environment()
    assert "python=3.11" in env["dependencies"]
    assert env["channels"] == ["conda-forge"]


def test_core_dependencies_and_test_extra():
    project = _pyproject()["project"]
    names = {Requirement(r).name for r in project["dependencies"]}
    assert {"jupyterlab", "ipywidgets", "matplotlib", "scikit-learn", "pandas", "scipy"} <= names
    ipywidgets = next(Requirement(r) for r in project["dependencies"] if r.startswith("ipywidgets"))
    assert "8.1" in ipywidgets.specifier and "9.0" not in ipywidgets.specifier
    test = {Requirement(r).name for r in project["optional-dependencies"]["test"]}
    assert {"pytest", "nbval", "playwright"} <= test
    assert project["requires-python"] == ">=3.10"


def test_postbuild_installs_the_package_for_binder():
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert re.search(r"pip install .*\.\s*$", post_build.read_text(), re.M)
    # repo2docker ignores top-level files when a binder/ folder exists
    assert not (ROOT / "binder").exists()


def test_readme_binder_link_opens_the_first_notebook():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"\(https://mybinder\.org/v2/gh/[^)]*\)", readme)
    assert match, "README has no Binder link"
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in match.group(0)
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert notebook.name in readme, f"README does not describe {notebook.name}"


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "apt-get install" in ci and "chromium" in ci
