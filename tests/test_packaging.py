"""The project's set-up files agree with each other."""

import ast
import functools
import json
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
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
    """The core: what `pip install hptlearn` installs."""
    return _requirements(_pyproject()["project"]["dependencies"])


def _extra(name):
    """{canonical name: Requirement} of one extra, its `hptlearn[...]` references expanded."""
    reqs = {}
    for line in _pyproject()["project"]["optional-dependencies"][name]:
        req = Requirement(line)
        if canonicalize_name(req.name) == "hptlearn":
            assert not req.specifier and req.extras, f"extra {name}: {line}"
            for other in sorted(req.extras):
                reqs.update(_extra(other))
        else:
            assert canonicalize_name(req.name) not in reqs, f"{req.name} is listed twice"
            reqs[canonicalize_name(req.name)] = req
    return reqs


def _test_extra():
    return _extra("test")


def _everything():
    """What `pip install 'hptlearn[all]'` asks for: the core and the extras lab, app, dask."""
    return {**_dependencies(), **_extra("all")}


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


# The modules that may import an extra's packages: the apps, and the Dask cluster.
EXTRA_MODULES = {"lab": ("hptlearn/widgets/",), "dask": ("hptlearn/cluster.py",)}


@functools.cache
def _third_party_imports():
    """{top-level name: files} of the imports in hptlearn/ that are neither stdlib nor hptlearn.

    Function-local imports count: the scan walks every node of each file.
    """
    names = {}
    for path in (ROOT / "hptlearn").rglob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
        for name in found - set(sys.stdlib_module_names) - {"hptlearn", "__future__"}:
            names.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    return names


@functools.cache
def _installed_distributions():
    return packages_distributions()


def _distributions_of(module):
    dists = {canonicalize_name(d) for d in _installed_distributions().get(module, [])}
    assert dists, f"hptlearn imports {module!r}, which is not installed"
    return dists


def test_every_third_party_import_of_the_package_is_a_declared_dependency():
    imports = _third_party_imports()
    assert {"numpy", "sklearn", "ipywidgets", "distributed"} <= set(imports)  # real imports
    declared = set(_everything())
    for module in sorted(imports):
        dists = _distributions_of(module)
        assert dists & declared, (
            f"hptlearn imports {module!r} (distribution {sorted(dists)}) but pyproject.toml "
            "declares it neither in [project.dependencies] nor in an extra"
        )


def test_only_the_apps_and_the_cluster_import_what_an_extra_installs():
    core = set(_dependencies())
    extras = {name: set(_extra(name)) - core for name in ("lab", "app", "dask")}
    for module, files in sorted(_third_party_imports().items()):
        dists = _distributions_of(module)
        if dists & core:
            continue
        owners = [name for name, members in extras.items() if dists & members]
        assert owners, f"{module!r} is in no extra"
        allowed = tuple(prefix for name in owners for prefix in EXTRA_MODULES.get(name, ()))
        outside = sorted(f for f in files if not f.startswith(allowed))
        assert not outside, (
            f"{outside} import {module!r}, which only hptlearn[{owners[0]}] installs: import it "
            "in the modules of that extra (or through hptlearn._extras.require)"
        )


def test_core_dependencies_extras_and_test_extra():
    deps = _dependencies()
    assert set(deps) == {
        "joblib",
        "matplotlib",
        "numpy",
        "optuna",
        "palmerpenguins",
        "pandas",
        "scikit-learn",
        "scipy",
        "threadpoolctl",
    }
    assert set(_extra("lab")) == {"anywidget", "jupyterlab", "ipywidgets", "traitlets"}
    assert set(_extra("app")) == {"anywidget", "jupyterlab", "ipywidgets", "traitlets", "voila"}
    assert set(_extra("dask")) == {"dask", "distributed", "bokeh"}
    assert set(_extra("all")) == set(_extra("app")) | set(_extra("dask"))
    ipywidgets = _extra("lab")["ipywidgets"].specifier
    assert "8.1" in ipywidgets and "9.0" not in ipywidgets
    sklearn = deps["scikit-learn"].specifier
    assert "1.9.0" in sklearn and "1.9.1" in sklearn
    assert "1.8.2" not in sklearn and "1.10.0" not in sklearn and "1.10.0rc1" not in sklearn
    test = set(_test_extra())
    assert {"pytest", "pytest-xdist", "nbval", "playwright", "ruff", "pyyaml"} <= test
    assert "packaging" in test


def _extras_of_the_extras_module():
    """hptlearn._extras.EXTRAS, read without importing hptlearn (which imports scikit-learn)."""
    tree = ast.parse((ROOT / "hptlearn" / "_extras.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["EXTRAS"]:
            return ast.literal_eval(node.value)
    raise AssertionError("hptlearn/_extras.py defines no EXTRAS")


def test_extras_module_knows_the_extras_of_pyproject():
    EXTRAS = _extras_of_the_extras_module()
    extras = set(_pyproject()["project"]["optional-dependencies"]) - {"test", "all", "docs"}
    assert set(EXTRAS) == extras
    core = set(_dependencies())
    for name, modules in EXTRAS.items():
        for module in modules:
            assert _distributions_of(module) & (set(_extra(name)) - core), (name, module)


# --- the core without the extras --------------------------------------------------------------

# What the extras install and the core does not (their own modules and the Jupyter stack under
# them): blocked in a subprocess as if only `pip install hptlearn` had run.
NOT_IN_THE_CORE = (
    "jupyterlab",
    "ipywidgets",
    "traitlets",
    "voila",
    "dask",
    "distributed",
    "bokeh",
    "IPython",
    "ipykernel",
    "comm",
    "jupyter_client",
    "jupyter_server",
    "tornado",
)


def _run_without_extras(code):
    """Run ``code`` in a fresh Python where the extras' modules cannot be imported."""
    prelude = f"import sys\nfor _name in {NOT_IN_THE_CORE!r}:\n    sys.modules[_name] = None\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MPLBACKEND": "Agg"},
        cwd=ROOT,
        check=False,
    )


def test_every_module_outside_the_apps_imports_with_the_core_only():
    done = _run_without_extras(
        "import importlib, pkgutil\n"
        "import hptlearn\n"
        "names = [m.name for m in pkgutil.walk_packages(hptlearn.__path__, 'hptlearn.')\n"
        "         if not m.name.startswith('hptlearn.widgets')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), 'modules')\n"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[0]) > 20  # the walk found the package's modules


def test_dask_workers_without_the_dask_extra_say_which_extra_to_install():
    done = _run_without_extras(
        "from hptlearn.cluster import DaskWorkers, backend_context\n"
        "with backend_context(None):\n"
        "    pass\n"
        "DaskWorkers()\n"
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        "ImportError: hptlearn's Dask workers need distributed: pip install 'hptlearn[dask]'"
    )


CORE_CHECK = """
import importlib, pkgutil
from importlib.metadata import distributions
import hptlearn
assert "site-packages" in hptlearn.__file__, hptlearn.__file__  # the installed copy
names = [m.name for m in pkgutil.walk_packages(hptlearn.__path__, "hptlearn.")
         if not m.name.startswith("hptlearn.widgets")]
for name in names:
    importlib.import_module(name)
from hptlearn.data import RECORDED, recorded
assert all(recorded(name).stat().st_size > 0 for name in RECORDED)  # package data in the wheel
from sklearn.datasets import load_iris
from sklearn.svm import SVC
X, y = load_iris(return_X_y=True)
search = hptlearn.LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=3).fit(X, y)
assert len(hptlearn.results_frame(search)) == 3
from hptlearn.cluster import DaskWorkers
try:
    DaskWorkers()
except ImportError as error:
    assert "pip install 'hptlearn[dask]'" in str(error), error
else:
    raise AssertionError("DaskWorkers() without distributed")
print(" ".join(sorted(d.metadata["Name"].lower() for d in distributions())))
"""


@pytest.mark.slow
def test_pip_install_hptlearn_installs_a_working_core(tmp_path):
    """A fresh venv, `pip install -c constraints.txt .` (not editable): the core only.

    Slow (minutes: it downloads and installs the core); `make unit` leaves it out, run it with
    `pytest -m slow tests/test_packaging.py`.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    done = subprocess.run(
        [python, "-c", CORE_CHECK],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    installed = set(done.stdout.split())
    assert {"hptlearn", "scikit-learn", "optuna", "palmerpenguins"} <= installed
    assert not installed & {
        "jupyterlab",
        "ipywidgets",
        "voila",
        "dask",
        "distributed",
        "bokeh",
        "ipykernel",
    }


def test_the_apps_without_the_lab_extra_say_which_extra_to_install():
    done = _run_without_extras("import hptlearn.widgets\n")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == "ImportError: hptlearn's apps need ipywidgets: pip install 'hptlearn[lab]'"


# --- constraints.txt ---------------------------------------------------------------------------


def test_constraints_pin_every_dependency_within_its_specifier():
    pins = _constraints()
    assert "hptlearn" not in pins, "constraints.txt must not pin hptlearn itself"
    for name, req in {**_everything(), **_test_extra()}.items():
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
    assert "pip install -c constraints.txt -e '.[all,test,docs]'" in makefile
    stamp = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert stamp and {"pyproject.toml", "constraints.txt"} <= set(stamp.group(1).split())


# --- environment.yml (Binder) ------------------------------------------------------------------


def test_environment_yml_installs_the_dependencies_of_pyproject():
    _, pip = _pip_section()
    assert _specifiers(pip) == _specifiers(_everything()), (
        "environment.yml's pip section and pyproject.toml's dependencies with the extras "
        "lab, app and dask list different packages or versions: update both together"
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


def test_the_class_jupyterlab_settings_are_installed_by_make_and_binder():
    """No news prompt and no update check: the settings overrides reach .venv and Binder."""
    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"checkForUpdates": False, "fetchNews": "false"}
    target = "share/jupyter/lab/settings/overrides.json"
    makefile = (ROOT / "Makefile").read_text()
    assert f"cp jupyter/overrides.json $(VENV)/{target}" in makefile
    post_build = (ROOT / "postBuild").read_text()
    assert "cp jupyter/overrides.json" in post_build and "share/jupyter/lab/settings" in post_build
