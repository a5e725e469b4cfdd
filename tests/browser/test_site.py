"""The course website (``make site``, docs/site/build.py): built offline, every link resolves.

The site is built once per test run into a temporary folder (also when pytest-xdist spreads the
tests over workers: the first worker builds, the others wait for it and read the same folder).
The checks read the built HTML: every internal link and image resolves to a file of the build
(and every ``#fragment`` to an id of its page), no page loads anything from another site, each
notebook page has its launch buttons and offers the committed notebook for download, and its
figures are the committed outputs. The browser test (``make browser``) serves the folder on
127.0.0.1 and opens three pages in headless Chromium, with every request to another host
blocked and recorded.
"""

from __future__ import annotations

import fcntl
import html.parser
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest

# The whole module runs in the browser stage (make browser): the site is built once, and the
# checks of its files and its pages in Chromium share that build.
pytestmark = pytest.mark.browser

pytest.importorskip("sphinx", reason="the course website needs the docs extra: .[docs]")
pytest.importorskip("myst_nb", reason="the course website needs the docs extra: .[docs]")
pytest.importorskip("sphinx_book_theme", reason="the course website needs the docs extra")

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "docs" / "site" / "build.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + [
    ROOT / "notebooks" / "dashboard.ipynb"
]
API_MODULES = [
    "hptlearn",
    "hptlearn.strategies",
    "hptlearn.plan",
    "hptlearn.compare",
    "hptlearn.evaluation",
    "hptlearn.importance",
    "hptlearn.plots",
    "hptlearn.widgets",
    "hptlearn.classroom",
    "hptlearn.exercises",
]
BINDER = "https://mybinder.org/v2/gh/hptlearn/hptlearn/HEAD"
# The only addresses of other sites that a page may name: they are links the reader follows,
# never resources that a page loads.
ALLOWED_EXTERNAL = re.compile(
    re.escape(BINDER) + r"\?urlpath=(lab/tree/notebooks/[\w.-]+\.ipynb"
    r"|voila/render/notebooks/dashboard\.ipynb)"
    r"|https://github\.com/hptlearn/hptlearn(/[\w./?=&%-]*)?"
)
# Tags whose address the browser loads with the page (as opposed to a link it follows).
RESOURCE_ATTRIBUTES = {("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src")}
BUILD_TIMEOUT = 600


# --- the build, once per run ------------------------------------------------------------------


def _build(outdir: Path) -> float:
    """Run docs/site/build.py into ``outdir``; return its wall time in seconds."""
    start = time.perf_counter()
    process = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), str(outdir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    elapsed = time.perf_counter() - start
    assert process.returncode == 0, (
        f"the site build failed (warnings are errors):\n{process.stdout}\n{process.stderr}"
    )
    return elapsed


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The built site's folder (index.html at its top)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # one build for all workers of this run: their temporary folders share a parent
        shared = tmp_path_factory.getbasetemp().parent
    else:
        shared = tmp_path_factory.getbasetemp()
    outdir = shared / "hptlearn-site"
    with open(shared / "hptlearn-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "hptlearn-site.done"
        if not done.exists():
            elapsed = _build(outdir)
            done.write_text(f"{elapsed:.1f}\n")
            print(f"site built in {elapsed:.1f} s")
    return outdir


# --- reading the built pages ------------------------------------------------------------------


class _Addresses(html.parser.HTMLParser):
    """Every (tag, attribute, value) of an href or src, and every id, in one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.link_rels: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is not None:
                if tag == "link":
                    self.link_rels[value] = attrs.get("rel") or ""
                self.addresses.append((tag, name, value))


def _parse(page: Path) -> _Addresses:
    parser = _Addresses()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    """The built pages (not the theme's templates that Sphinx copies into _static/)."""
    return sorted(page for page in site.rglob("*.html") if "_static" not in page.parts)


def _is_external(value: str) -> bool:
    return urllib.parse.urlsplit(value).scheme in {"http", "https"} or value.startswith("//")


def _is_internal(value: str) -> bool:
    scheme = urllib.parse.urlsplit(value).scheme
    return not scheme and not value.startswith("//")


# --- the checks on the built files ------------------------------------------------------------


def test_every_page_is_built(site):
    assert (site / "index.html").is_file()
    for notebook in NOTEBOOKS:
        assert (site / "notebooks" / f"{notebook.stem}.html").is_file(), notebook.name
    assert (site / "docs" / "teaching.html").is_file()
    assert (site / "docs" / "glossary.html").is_file()
    for module in API_MODULES:
        page = site / "api" / f"{module}.html"
        assert page.is_file(), module
        # the module's public classes and functions are documented on its page
        text = page.read_text(encoding="utf-8")
        namespace = __import__(module, fromlist=["__all__"])
        public = [name for name in namespace.__all__ if callable(getattr(namespace, name))]
        assert public, module
        missing = [name for name in public if f'id="{module}.{name}"' not in text]
        assert not missing, (module, missing)
    # the index names the short path, in order
    index = (site / "index.html").read_text(encoding="utf-8")
    short_path = ["00_start_here", "03_manual", "04_grid", "05_random", "07_successive"]
    positions = [index.find(f'href="notebooks/{name}') for name in short_path]
    assert -1 not in positions and positions == sorted(positions), positions


def test_every_internal_link_and_image_resolves(site):
    broken = []
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in _pages(site):
        for tag, _attribute, value in _parse(page).addresses:
            if not value or not _is_internal(value):
                continue
            parts = urllib.parse.urlsplit(value)
            target = page if not parts.path else (page.parent / urllib.parse.unquote(parts.path))
            target = target.resolve()
            checked += 1
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                broken.append((page.relative_to(site).as_posix(), tag, value))
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                if urllib.parse.unquote(parts.fragment) not in ids[target]:
                    broken.append((page.relative_to(site).as_posix(), tag, value))
    assert checked > 1000  # the check ran over the whole site
    assert not broken, broken[:20]


def test_no_page_loads_anything_from_another_site(site):
    loaded, named = [], []
    for page in _pages(site):
        parsed = _parse(page)
        for tag, attribute, value in parsed.addresses:
            if not _is_external(value):
                continue
            name = page.relative_to(site).as_posix()
            if (tag, attribute) in RESOURCE_ATTRIBUTES:
                loaded.append((name, tag, value))
            elif not ALLOWED_EXTERNAL.fullmatch(value):
                named.append((name, tag, value))
    assert not loaded, loaded[:20]
    assert not named, named[:20]
    # nor do the style sheets (fonts and images they would fetch)
    remote_css = [
        css.relative_to(site).as_posix()
        for css in (site / "_static").rglob("*.css")
        if re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8"))
    ]
    assert not remote_css


def test_notebook_pages_have_launch_buttons_and_the_committed_notebook(site):
    for notebook in NOTEBOOKS:
        page = site / "notebooks" / f"{notebook.stem}.html"
        hrefs = [value for tag, _, value in _parse(page).addresses if tag == "a"]
        assert f"{BINDER}?urlpath=lab/tree/notebooks/{notebook.name}" in hrefs, notebook.name
        assert f"{BINDER}?urlpath=voila/render/notebooks/dashboard.ipynb" in hrefs
        download = f"../_sources/notebooks/{notebook.name}"
        assert download in hrefs, notebook.name
        # the download is the committed notebook itself, outputs included
        assert (page.parent / download).read_bytes() == notebook.read_bytes()
    # pages that are not notebooks have no launch buttons (the teacher's kit names the
    # Binder addresses as text, not as links)
    for page in (site / "docs" / "teaching.html", site / "api" / "hptlearn.plan.html"):
        hrefs = [value for tag, _, value in _parse(page).addresses if tag == "a"]
        assert not [href for href in hrefs if href.startswith(BINDER)], page.name


def test_figures_are_the_committed_outputs(site):
    """Each notebook page shows as many output images as the notebook has PNG outputs."""
    for notebook in NOTEBOOKS:
        nb = nbformat.read(notebook, as_version=4)
        pngs = sum(
            "image/png" in output.get("data", {})
            for cell in nb.cells
            if cell.cell_type == "code"
            for output in cell.outputs
        )
        page = site / "notebooks" / f"{notebook.stem}.html"
        images = [
            value
            for tag, attribute, value in _parse(page).addresses
            if tag == "img" and attribute == "src" and "_images/" in value
        ]
        assert len(images) == pngs, (notebook.name, len(images), pngs)


def test_math_uses_the_local_mathjax(site):
    page = (site / "notebooks" / "10_did_we_fool_ourselves.html").read_text(encoding="utf-8")
    assert "\\sqrt" in page  # the formulas are on the page, for MathJax to draw
    scripts = [
        value
        for tag, _, value in _parse(site / "notebooks" / "10_did_we_fool_ourselves.html").addresses
        if tag == "script"
    ]
    mathjax = [value for value in scripts if "mathjax" in value.lower()]
    assert mathjax and all(value.startswith("../_static/mathjax/") for value in mathjax)
    assert (site / "_static" / "mathjax" / "tex-svg.js").stat().st_size > 1_000_000


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site):
    """The site on a free port of 127.0.0.1, by a server thread of this process."""
    handler = partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.mark.parametrize(
    "path, figures, math",
    [
        ("index.html", 0, False),
        ("notebooks/15_hyperband_and_asha.html", 5, True),
        ("api/hptlearn.plan.html", 0, False),
    ],
)
def test_page_in_chromium(chromium, served, path, figures, math):
    errors: list[str] = []
    elsewhere: list[str] = []
    failed: list[str] = []

    def route(route):
        if route.request.url.startswith(served + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    # a page of the shared browser (tests/browser/conftest.py), closed at the end
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.route("**/*", route)
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.goto(f"{served}/{path}", wait_until="load")
        if math:
            # MathJax (local) replaced the TeX with drawings
            page.wait_for_selector("mjx-container svg", state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle")
        images = page.evaluate(
            """() => Array.from(document.images).map(img => ({
                src: img.getAttribute('src'), complete: img.complete,
                width: img.naturalWidth}))"""
        )
        title = page.title()
    finally:
        page.close()
    assert "hptlearn" in title
    assert not errors, errors
    assert not elsewhere, elsewhere
    assert not failed, failed
    not_shown = [image for image in images if not image["complete"] or image["width"] == 0]
    assert not not_shown, not_shown
    output_figures = [image for image in images if "_images/" in (image["src"] or "")]
    assert len(output_figures) == figures, json.dumps(images)
