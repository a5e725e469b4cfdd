"""The project's set-up files agree with each other."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
MIN_PYTHON = "3.11"


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _requirements(lines):
    """{canonical name: Requirement} of requirement strings."""
    reqs = {}
    for line in lines:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name not in reqs, f"{req.name} is listed twice"
        reqs[name] = req
    return reqs


def _dependencies():
    return _requirements(_pyproject()["project"]["dependencies"])


def _test_extra():
    return _requirements(_pyproject()["project"]["optional-dependencies"]["test"])


def _conda_and_pip_sections(env):
    conda, pip = [], None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            assert list(dep) == ["pip"], f"unexpected section in environment.yml: {dep}"
            assert pip is None, "environment.yml has two pip sections"
            pip = dep["pip"]
        else:
            conda.append(dep)
    assert pip is not None, "environment.yml has no pip section"
    return conda, pip


def _pip_section():
    """(constraint files, {name: Requirement}) of environment.yml's pip section."""
    _, pip = _conda_and_pip_sections(_environment())
    constraint_files = [line.split(None, 1)[1] for line in pip if line.startswith("-c ")]
    options = [line for line in pip if line.startswith("-") and not line.startswith("-c ")]
    assert not options, f"unexpected pip options in environment.yml: {options}"
    return constraint_files, _requirements(line for line in pip if not line.startswith("-"))


def _constraints():
    """{canonical name: pinned Version} of constraints.txt."""
    pins = {}
    for number, raw in enumerate((ROOT / "constraints.txt").read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;=]+)", line)
        assert match, f"constraints.txt line {number} is not an exact `name==version` pin: {raw}"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"constraints.txt pins {name} twice"
        pins[name] = Version(match.group(2))
    return pins


def _specifiers(reqs):
    return {name: (req.specifier, req.extras, req.marker) for name, req in reqs.items()}


# --- Python version ----------------------------------------------------------------------------


def test_requires_python_3_11_everywhere():
    project = _pyproject()["project"]
    assert project["requires-python"] == f">={MIN_PYTHON}"
    versions = {
        c.rsplit("::", 1)[1].strip()
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions and all(Version(v) >= Version(MIN_PYTHON) for v in versions), versions

    conda, _ = _conda_and_pip_sections(_environment())
    assert f"python={MIN_PYTHON}" in conda

    makefile = (ROOT / "Makefile").read_text()
    assert "sys.version_info >= (3, 11)" in makefile
    assert f"hptlearn needs Python >= {MIN_PYTHON}" in makefile

    readme = (ROOT / "README.md").read_text()
    assert f"Quick start (Python {MIN_PYTHON} or newer)" in readme

    ci = (ROOT / ".ci" / "run").read_text()
    assert "(3, 11)" in ci


def test_no_document_mentions_python_3_10_as_supported():
    for path in ["pyproject.toml", "environment.yml", "Makefile", "README.md", ".ci/run"]:
        text = (ROOT / path).read_text()
        assert not re.search(r"[Pp]ython[ =]*3\.10|>= *3\.10|\(3, 10\)", text), path


# --- dependencies ------------------------------------------------------------------------------


def _third_party_imports():
    """Top-level names of the modules hptlearn/ imports that are neither stdlib nor hptlearn."""
    names = set()
    for path in (ROOT / "hptlearn").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"hptlearn", "__future__"}


def test_every_third_party_import_of_the_package_is_a_declared_dependency():
    imports = _third_party_imports()
    assert {"numpy", "sklearn", "ipywidgets"} <= imports  # the scan finds real imports
    distributions = packages_distributions()
    declared = set(_dependencies())
    for module in sorted(imports):
        dists = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert dists, f"hptlearn imports {module!r}, which is not installed"
        assert dists & declared, (
            f"hptlearn imports {module!r} (distribution {sorted(dists)}) but pyproject.toml "
            "does not declare it in [project.dependencies]"
        )


def test_core_dependencies_and_test_extra():
    deps = _dependencies()
    assert {
        "jupyterlab",
        "ipywidgets",
        "matplotlib",
        "scikit-learn",
        "pandas",
        "scipy",
        "numpy",
        "joblib",
        "threadpoolctl",
    } <= set(deps)
    assert "8.1" in deps["ipywidgets"].specifier and "9.0" not in deps["ipywidgets"].specifier
    sklearn = deps["scikit-learn"].specifier
    assert "1.9.0" in sklearn and "1.9.1" in sklearn
    assert "1.8.2" not in sklearn and "1.10.0" not in sklearn and "1.10.0rc1" not in sklearn
    assert {"pytest", "nbval", "playwright", "ruff", "pyyaml", "packaging"} <= set(_test_extra())


# --- constraints.txt ---------------------------------------------------------------------------


def test_constraints_pin_every_dependency_within_its_specifier():
    pins = _constraints()
    assert "hptlearn" not in pins, "constraints.txt must not pin hptlearn itself"
    for name, req in {**_dependencies(), **_test_extra()}.items():
        assert name in pins, f"{req} is not pinned in constraints.txt: run `make constraints`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject.toml's {req}: "
            "run `make constraints`"
        )


def test_constraints_pin_the_tested_scikit_learn():
    assert _constraints()["scikit-learn"] >= Version("1.9.1")


def test_constraints_say_how_they_are_regenerated():
    text = (ROOT / "constraints.txt").read_text()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("make constraints" in line for line in header)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^constraints:", makefile, re.M), "Makefile has no constraints target"
    assert "pip freeze --exclude hptlearn" in makefile


def test_makefile_installs_with_the_constraints():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -c constraints.txt -e '.[test]'" in makefile
    stamp = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert stamp and {"pyproject.toml", "constraints.txt"} <= set(stamp.group(1).split())


# --- environment.yml (Binder) ------------------------------------------------------------------


def test_environment_yml_installs_the_dependencies_of_pyproject():
    _, pip = _pip_section()
    assert _specifiers(pip) == _specifiers(_dependencies()), (
        "environment.yml's pip section and pyproject.toml list different dependencies or "
        "versions: update both together"
    )


def test_environment_yml_installs_the_pinned_versions():
    constraint_files, _ = _pip_section()
    # conda and mamba run pip from the directory of environment.yml
    assert [(ROOT / f).resolve() for f in constraint_files] == [ROOT / "constraints.txt"]


def test_environment_conda_part_is_python_and_pip_from_conda_forge():
    env = _environment()
    conda, _ = _conda_and_pip_sections(env)
    assert sorted(conda) == ["pip", f"python={MIN_PYTHON}"]
    assert env["channels"] == ["conda-forge"]


# --- Binder, README, CI, make lab --------------------------------------------------------------


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


def test_make_lab_prints_a_link_to_the_first_notebook():
    makefile = (ROOT / "Makefile").read_text()
    assert "START_NOTEBOOK = notebooks/00_start_here.ipynb" in makefile
    assert "--LabApp.default_url=/lab/tree/$(START_NOTEBOOK)" in makefile
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()
    readme = (ROOT / "README.md").read_text()
    assert "/lab/tree/notebooks/00_start_here.ipynb?token=" in readme


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert notebook.name in readme, f"README does not describe {notebook.name}"


def test_ci_runs_make_test():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "apt-get install" in ci and "chromium" in ci
