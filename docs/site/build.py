"""Build the course website: the notebooks, the teacher's kit, the glossary and the API pages.

Usage: ``python docs/site/build.py [OUTDIR]`` (default ``build/site``); ``make site`` runs it.

The pages are assembled in a temporary source folder laid out as the repository is, so that the
notebooks' own links (``../docs/glossary.md``, ``05_random_search.ipynb``) resolve:

- ``conf.py``, ``index.md`` and ``api/`` from ``docs/site/``;
- ``notebooks/``: every numbered notebook and the dashboard, with their committed outputs (the
  site never executes them);
- ``docs/teaching.md`` and ``docs/glossary.md``;
- ``_static/mathjax/tex-svg.js``: MathJax 3 from the ``django-static-mathjax`` package (the docs
  extra), so that the formulas render without a network at view time.

Sphinx then writes static HTML to OUTDIR, with warnings as errors. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parents[1]
NOTEBOOKS = ROOT / "notebooks"
DOCS = ("teaching.md", "glossary.md")
# The MathJax 3 build that renders to SVG: one file, its fonts drawn as paths (no font files).
MATHJAX_FILE = Path("static", "mathjax", "es5", "tex-svg.js")


def site_notebooks() -> list[Path]:
    """The notebooks on the site: the numbered ones in teaching order, then the dashboard."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + [NOTEBOOKS / "dashboard.ipynb"]


def mathjax_source() -> Path:
    """The local MathJax file, from the ``django-static-mathjax`` package of the docs extra."""
    try:
        import mathjax  # django-static-mathjax: MathJax's files, no Python code
    except ImportError as error:
        raise SystemExit(
            "the course website needs the docs extra (Sphinx, MyST-NB and a local MathJax): "
            "pip install -c constraints.txt -e '.[docs]'"
        ) from error
    path = Path(mathjax.__file__).parent / MATHJAX_FILE
    if not path.is_file():
        raise SystemExit(f"MathJax file not found: {path}")
    return path


def stage(srcdir: Path) -> Path:
    """Lay out the site's sources in ``srcdir`` (copies; the repository is only read)."""
    srcdir = Path(srcdir)
    shutil.copy2(SITE / "conf.py", srcdir / "conf.py")
    shutil.copy2(SITE / "index.md", srcdir / "index.md")
    shutil.copytree(SITE / "api", srcdir / "api")
    (srcdir / "notebooks").mkdir()
    for notebook in site_notebooks():
        shutil.copy2(notebook, srcdir / "notebooks" / notebook.name)
    (srcdir / "docs").mkdir()
    for name in DOCS:
        shutil.copy2(ROOT / "docs" / name, srcdir / "docs" / name)
    (srcdir / "_static" / "mathjax").mkdir(parents=True)
    shutil.copy2(mathjax_source(), srcdir / "_static" / "mathjax" / "tex-svg.js")
    return srcdir


def build(outdir: Path | str, *, quiet: bool = True) -> subprocess.CompletedProcess:
    """Stage the sources in a temporary folder and run Sphinx's HTML builder into ``outdir``.

    Warnings are errors (``-W --keep-going``: every warning is printed, then the build fails).
    Returns the finished process; raises ``subprocess.CalledProcessError`` when Sphinx fails.
    """
    outdir = Path(outdir).resolve()
    with tempfile.TemporaryDirectory(prefix="hptlearn-site-") as tmp:
        srcdir = Path(tmp) / "src"
        srcdir.mkdir()
        stage(srcdir)
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going"]
        command += ["-E", "-d", str(Path(tmp) / "doctrees"), "-j", "1"]
        if quiet:
            command.append("-q")
        command += [str(srcdir), str(outdir)]
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
        return subprocess.run(command, check=True, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "build" / "site"))
    parser.add_argument("-v", "--verbose", action="store_true", help="print Sphinx's progress")
    args = parser.parse_args(argv)
    try:
        build(args.outdir, quiet=not args.verbose)
    except subprocess.CalledProcessError as error:
        return error.returncode
    print(f"the course website is in {args.outdir} (open index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
