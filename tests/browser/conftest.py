"""Fixtures for the browser tests: a private JupyterLab server driven by headless Chromium.

``lab.open_notebook("00_start_here.ipynb")`` opens a notebook the way a learner would, runs
every cell from the Run menu and returns the Playwright page once every cell has run and the
kernel is idle again. Widgets are then found by their CSS classes.

- The server serves a temporary copy of ``notebooks/``, with JupyterLab's autosave turned off,
  so a test never touches the committed notebooks.
- Its configuration, runtime, data and settings directories are temporary too, so the tests do
  not depend on (or change) the user's ``~/.jupyter``.
- When a test fails, every page it had open is saved as a screenshot of the whole notebook in
  ``test-artifacts/<test name>.png``, and the browser's console errors are added to the report.

``voila.open_dashboard("dashboard.ipynb", ready=".some-widget")`` opens a notebook as a Voilà
dashboard instead, the way Binder serves it (``voila/render/<name>`` on a Jupyter server with
Voilà's server extension): no code, a new kernel per page load. The server and every kernel it
started are stopped by their own process ids at the end of the module.

Chromium is Debian's (``/usr/bin/chromium``); the tests never download a browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 90.0
SERVER_STOP_TIMEOUT = 20.0

# Defaults layered over JupyterLab's own settings, for the test server only.
LAB_SETTINGS = {
    # Never write to the served notebooks.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # No requests to the outside world, and no "Would you like to receive official Jupyter
    # news?" prompt or other toast covering the page.
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
        "doNotDisturbMode": True,
    },
    # Keep every cell in the page, also the ones outside the viewport.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

PROMPT_DONE = re.compile(r"^\[\d+\]:?$")
PROMPT_EMPTY = re.compile(r"^\[\s*\]:?$")


# --------------------------------------------------------------------------------------------
# Helpers for tests
# --------------------------------------------------------------------------------------------


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float = 30.0,
    interval: float = 0.2,
    message: str | Callable[[], str] = "condition not met",
) -> T:
    """Call ``predicate`` until it returns a truthy value, and return that value.

    Raises ``TimeoutError`` with ``message`` (a string, or a function giving one, called at the
    time of failure so that it can show the last state) after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            raise TimeoutError(f"after {timeout:g} s: {text}")
        time.sleep(interval)


def widget_text(page: Page, selector: str) -> str:
    """The visible text of the first element matching ``selector``, whitespace collapsed."""
    return " ".join(page.locator(selector).first.inner_text(timeout=10_000).split())


def wait_for_text(page: Page, selector: str, pattern: str, *, timeout: float = 30.0) -> re.Match:
    """Wait until the text of ``selector`` matches the regular expression ``pattern``.

    Returns the match, so that a test can read the numbers in it.
    """
    regex = re.compile(pattern)
    last = {"text": "<no element>"}

    def matches() -> re.Match | None:
        locator = page.locator(selector)
        if locator.count() == 0:
            return None
        last["text"] = " ".join(locator.first.inner_text(timeout=5_000).split())
        return regex.search(last["text"])

    return wait_until(
        matches,
        timeout=timeout,
        message=lambda: f"{selector!r} never matched {pattern!r}; last text: {last['text']!r}",
    )


def widget_button(page: Page, description: str, *, within: str = "body") -> Locator:
    """The ipywidgets button whose description is exactly ``description`` (a Locator)."""
    buttons = page.locator(within).first.locator(".widget-button", has_text=_exactly(description))
    return buttons.first


def console_errors(page: Page) -> list[str]:
    """Errors the page logged to the browser console, and uncaught exceptions, so far."""
    return list(_CONSOLE_ERRORS.get(id(page), []))


_CONSOLE_ERRORS: dict[int, list[str]] = {}


# --------------------------------------------------------------------------------------------
# JupyterLab server
# --------------------------------------------------------------------------------------------


class JupyterLabServer:
    """A JupyterLab server on a free loopback port, with a random token and private dirs."""

    def __init__(self, notebooks: Path, base_dir: Path, settings: dict[str, Any]) -> None:
        self.base_dir = base_dir
        self.root_dir = base_dir / "notebooks"
        self.log_path = base_dir / "jupyterlab.log"
        self.token = secrets.token_hex(24)
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log = None
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        shutil.copytree(notebooks, self.root_dir, ignore=shutil.ignore_patterns(".*"))
        self.env = self._environment(settings)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _environment(self, settings: dict[str, Any]) -> dict[str, str]:
        dirs = {
            name: self.base_dir / name
            for name in ("config", "runtime", "data", "user-settings", "workspaces", "ipython")
        }
        for path in dirs.values():
            path.mkdir()
        # Read by jupyterlab_server after the app settings' overrides.json, from every config
        # directory, the first one on JUPYTER_CONFIG_PATH winning.
        labconfig = dirs["config"] / "labconfig"
        labconfig.mkdir()
        (labconfig / "default_setting_overrides.json").write_text(json.dumps(settings, indent=2))
        env = dict(os.environ)
        for name in ("JUPYTER_NO_CONFIG", "JUPYTER_TOKEN", "JUPYTER_PORT"):
            env.pop(name, None)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_CONFIG_PATH=str(dirs["config"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTERLAB_SETTINGS_DIR=str(dirs["user-settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
            IPYTHONDIR=str(dirs["ipython"]),
        )
        return env

    #: What ``python -m`` runs, and the options only it takes.
    module = "jupyterlab"
    extra_options: tuple[str, ...] = (
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    )

    def command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            self.module,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=0",  # the system picks a free port; read back from the runtime file
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            *self.extra_options,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = SERVER_START_TIMEOUT) -> None:
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.root_dir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in pytest reaches us, and we stop the server
        )
        info_file = Path(self.env["JUPYTER_RUNTIME_DIR"]) / f"jpserver-{self.process.pid}.json"

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}"
                )
            if self.port is None:
                try:
                    self.port = int(json.loads(info_file.read_text())["port"])
                except (OSError, ValueError, KeyError):
                    return False
            try:
                return self.api("GET", "api/status", timeout=2) is not None
            except (OSError, urllib.error.URLError):
                return False

        try:
            wait_until(
                ready,
                timeout=timeout,
                interval=0.1,
                message=lambda: f"JupyterLab did not answer:\n{self.log_tail()}",
            )
        except BaseException:
            self.stop()
            raise

    def api(self, method: str, path: str, data: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API; returns the decoded JSON answer (or ``{}``)."""
        request = urllib.request.Request(
            self.url + path.lstrip("/"),
            method=method,
            data=None if data is None else json.dumps(data).encode(),
            headers={"Authorization": f"token {self.token}"},
        )
        with self._opener.open(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def shutdown_sessions(self, path: str | None = None) -> None:
        """Shut down the kernels of open notebooks (those of ``path`` only, if given)."""
        for session in self.api("GET", "api/sessions"):
            if path is None or session.get("path") == path:
                with contextlib.suppress(OSError, urllib.error.URLError):
                    self.api("DELETE", f"api/sessions/{session['id']}", timeout=30)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _children(self) -> list:
        try:
            import psutil
        except ImportError:
            return []
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return []

    def stop(self) -> None:
        """Shut down the kernels, then the server, by its own process id."""
        process = self.process
        if process is None:
            return
        children = self._children()
        asked = False
        if process.poll() is None and self.port is not None:
            with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
                self.shutdown_sessions()
                for kernel in self.api("GET", "api/kernels"):
                    self.api("DELETE", f"api/kernels/{kernel['id']}", timeout=30)
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.api("POST", "api/shutdown", timeout=5)
                asked = True
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT if asked else 0.1)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for child in children:  # kernels the server could not shut down
            with contextlib.suppress(Exception):
                if child.is_running():
                    child.kill()
        if self._log is not None:
            self._log.close()
        self.process = None


# --------------------------------------------------------------------------------------------
# Notebooks in the browser
# --------------------------------------------------------------------------------------------

_NOTEBOOK_STATE_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent.trim());
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const kernel = panel.querySelector('.jp-KernelName');
  // Tracebacks are rendered as stderr; warnings land here too.
  const stderr = [...panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.textContent.trim().slice(-2000));
  return {
    prompts: prompts,
    status: indicator ? indicator.getAttribute('data-status') : null,
    kernel: kernel ? kernel.textContent.trim() : null,
    stderr: stderr,
  };
}
"""


class Lab:
    """Opens notebooks of the test server in fresh browser pages and runs them."""

    def __init__(self, server: JupyterLabServer, browser: Browser) -> None:
        self.server = server
        self.browser = browser
        self.pages: list[Page] = []
        self._notebook_of: dict[int, str] = {}

    # helpers, re-exported so that tests need only the fixture
    wait_until = staticmethod(wait_until)
    widget_text = staticmethod(widget_text)
    wait_for_text = staticmethod(wait_for_text)
    widget_button = staticmethod(widget_button)
    console_errors = staticmethod(console_errors)

    def url(self, path: str) -> str:
        return f"{self.server.url}{path}?token={self.server.token}"

    def new_page(self) -> Page:
        context = self.browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        errors = _CONSOLE_ERRORS.setdefault(id(page), [])
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        self.pages.append(page)
        return page

    def close(self, page: Page) -> None:
        """Close a page and shut down the kernel of the notebook it opened."""
        if page in self.pages:
            self.pages.remove(page)
        _CONSOLE_ERRORS.pop(id(page), None)
        with contextlib.suppress(Exception):
            page.context.close()
        name = self._notebook_of.pop(id(page), None)
        if name is not None:
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.server.shutdown_sessions(name)

    def open_notebook(self, name: str, timeout: float = 120) -> Page:
        """Open ``notebooks/<name>``, run all its cells, and return the page once they ran.

        The notebook opens in a workspace of its own, with a new kernel unless another open
        page shares it. Its saved outputs are cleared first, so everything on the page
        afterwards comes from this run. Fails with the error output if a cell raises.
        """
        if not (self.server.root_dir / name).is_file():
            pytest.fail(f"notebook not found: notebooks/{name}", pytrace=False)
        start = time.monotonic()
        deadline = start + timeout
        page = self.new_page()
        self._notebook_of[id(page)] = name
        page.set_default_timeout(30_000)
        # A workspace of its own, so JupyterLab restores no tab opened by an earlier test.
        workspace = f"test-{uuid.uuid4().hex[:12]}"
        page.goto(
            self.url(f"lab/workspaces/{workspace}/tree/{urllib.parse.quote(name)}"),
            wait_until="domcontentloaded",
            timeout=_ms(deadline),
        )
        self.wait_for_kernel_idle(page, timeout=_left(deadline))
        kernel_ready = time.monotonic() - start
        self.run_menu_command(page, "Edit", "Clear Outputs of All Cells")
        self.run_all_cells(page, timeout=_left(deadline))
        ran = time.monotonic() - start
        print(f"\n{name}: kernel ready after {kernel_ready:.1f} s, all cells ran after {ran:.1f} s")
        return page

    def wait_for_kernel_idle(self, page: Page, timeout: float = 60) -> None:
        """Wait until the notebook's kernel is started, connected and idle.

        Dismisses dialogs meanwhile. The execution indicator already says "idle" before a
        kernel exists ("No Kernel"), so the kernel's name is checked too, and the state has to
        hold for two polls in a row.
        """
        polls = {"ready": 0}

        def ready() -> bool:
            dismiss_dialogs(page)
            value = page.evaluate(_NOTEBOOK_STATE_JS)
            ok = (
                value is not None
                and value["status"] == "idle"
                and value["kernel"] not in (None, "", "No Kernel")
            )
            polls["ready"] = polls["ready"] + 1 if ok else 0
            return polls["ready"] >= 2

        wait_until(
            ready,
            timeout=timeout,
            interval=0.25,
            message=lambda: f"the kernel never became idle: {self.describe(page)}",
        )

    def run_menu_command(self, page: Page, menu: str, item: str) -> None:
        """Click ``menu`` in the menu bar, then its entry labelled ``item``."""
        dismiss_dialogs(page)
        page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=_exactly(menu)).click()
        entry = page.locator(".lm-Menu .lm-Menu-item:not(.lm-mod-disabled)").filter(
            has=page.locator(".lm-Menu-itemLabel", has_text=_exactly(item))
        )
        entry.first.click()

    def run_all_cells(self, page: Page, timeout: float = 120) -> None:
        """Run > Run All Cells, then wait until every code cell ran and the kernel is idle.

        Fails early, with the error output, when a cell raised and the rest were not run.
        """
        deadline = time.monotonic() + timeout
        self.run_menu_command(page, "Run", "Run All Cells")
        state: dict[str, Any] = {"value": None, "started": False, "stalled": 0, "done": 0}
        clicked = [time.monotonic()]

        def finished() -> bool:
            dismiss_dialogs(page)
            value = state["value"] = page.evaluate(_NOTEBOOK_STATE_JS)
            if value is None:
                return False
            prompts, idle = value["prompts"], value["status"] == "idle"
            if not prompts:  # no code cell
                return idle
            if not state["started"]:
                state["started"] = any(not PROMPT_EMPTY.match(p) for p in prompts)
                lost = not state["started"] and time.monotonic() > clicked[-1] + 15
                if lost and len(clicked) == 1:
                    # Nothing happened (the click was lost): nothing ran, so try once more.
                    self.run_menu_command(page, "Run", "Run All Cells")
                    clicked.append(time.monotonic())
                return False
            if all(PROMPT_DONE.match(p) for p in prompts) and idle:
                state["done"] += 1  # twice in a row: the kernel may go idle between cells
                return state["done"] >= 2
            state["done"] = 0
            if idle and not any("*" in p for p in prompts):
                state["stalled"] += 1  # a cell failed and the rest were not run
                if state["stalled"] >= 8:
                    raise AssertionError(f"not every cell ran: {self.describe(page, value)}")
            else:
                state["stalled"] = 0
            return False

        wait_until(
            finished,
            timeout=_left(deadline),
            interval=0.25,
            message=lambda: f"the cells did not finish: {self.describe(page, state['value'])}",
        )

    def describe(self, page: Page, value: dict | None = None) -> str:
        """The notebook's prompts, kernel status and stderr outputs, for failure messages."""
        if value is None:
            with contextlib.suppress(Exception):
                value = page.evaluate(_NOTEBOOK_STATE_JS)
        if value is None:
            return f"no notebook on {page.url}"
        text = f"kernel {value['kernel']!r} {value['status']}, prompts {' '.join(value['prompts'])}"
        for output in value["stderr"]:
            text += f"\n--- stderr output ---\n{output}"
        return text


def dismiss_dialogs(page: Page) -> None:
    """Answer JupyterLab's modal dialogs: pick the kernel it proposes, close anything else."""
    dialogs = page.locator(".jp-Dialog")
    for _ in range(dialogs.count()):
        dialog = dialogs.first
        with contextlib.suppress(Exception):
            if "kernel" in dialog.inner_text(timeout=1_000).lower():
                dialog.locator(".jp-Dialog-button.jp-mod-accept").click(timeout=2_000)
            else:
                page.keyboard.press("Escape")
    toasts = page.locator(".Toastify__toast .Toastify__close-button")
    for index in range(toasts.count()):
        with contextlib.suppress(Exception):
            toasts.nth(index).click(timeout=1_000)


def save_screenshot(page: Page, path: Path) -> None:
    """Save a screenshot of the whole notebook, not only of the part scrolled into view.

    JupyterLab scrolls inside its notebook panel, so the page itself is never longer than
    the window: the window is made as tall as the notebook for the screenshot.
    """
    size = page.viewport_size or VIEWPORT
    panels = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer")
    if panels.count() == 0:
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
        return
    panel = panels.first
    scrolled = panel.evaluate("e => { const top = e.scrollTop; e.scrollTop = 0; return top; }")
    height = panel.evaluate("e => e.scrollHeight")
    try:
        page.set_viewport_size(
            {"width": size["width"], "height": max(size["height"], min(height + 200, 16_000))}
        )
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
    finally:
        page.set_viewport_size(size)
        panel.evaluate("(e, top) => { e.scrollTop = top; }", scrolled)


def _exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _left(deadline: float) -> float:
    return max(deadline - time.monotonic(), 1.0)


def _ms(deadline: float) -> float:
    return _left(deadline) * 1000


# --------------------------------------------------------------------------------------------
# Voilà
# --------------------------------------------------------------------------------------------


class VoilaServer(JupyterLabServer):
    """A Jupyter server with Voilà's server extension, as Binder runs it.

    ``voila/render/<name>`` executes the notebook in a new kernel and shows its outputs
    without the code. :meth:`stop` stops the server and its kernels by their own process
    ids, and keeps in :attr:`survivors` any of those processes still alive afterwards.
    """

    survivors: tuple = ()
    module = "jupyter_server"
    extra_options = ()

    def processes(self) -> list:
        """The server's process and all its descendants (kernels, their workers), now."""
        import psutil

        if self.process is None:
            return []
        try:
            server = psutil.Process(self.process.pid)
            return [server, *server.children(recursive=True)]
        except psutil.Error:
            return []

    def kernel_processes(self) -> list:
        """The kernels the server runs now (one per opened dashboard page)."""
        kernels = []
        for process in self.processes()[1:]:
            try:
                if "ipykernel_launcher" in " ".join(process.cmdline()):
                    kernels.append(process)
            except Exception:  # it has just ended
                continue
        return kernels

    def stop(self) -> None:
        """Shut down the kernels, then the server, by their own process ids; then check."""
        import psutil

        processes = self.processes()
        super().stop()
        _, alive = psutil.wait_procs(processes, timeout=SERVER_STOP_TIMEOUT)
        self.survivors = tuple(p for p in alive if _alive(p))


def _alive(process) -> bool:
    """True unless the process has ended (a zombie waiting to be reaped has ended)."""
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


class VoilaPages(Lab):
    """Opens notebooks of a :class:`VoilaServer` as dashboards in fresh browser pages."""

    def open_dashboard(self, name: str, *, ready: str, timeout: float = 180) -> Page:
        """Open ``voila/render/<name>`` and return the page once ``ready`` (a CSS selector
        of a widget the notebook shows) is visible, i.e. the notebook ran and its widgets
        rendered."""
        if not (self.server.root_dir / name).is_file():
            pytest.fail(f"notebook not found: notebooks/{name}", pytrace=False)
        start = time.monotonic()
        deadline = start + timeout
        page = self.new_page()
        page.set_default_timeout(30_000)
        page.goto(
            self.url(f"voila/render/{urllib.parse.quote(name)}"),
            wait_until="domcontentloaded",
            timeout=_ms(deadline),
        )
        page.locator(ready).first.wait_for(state="visible", timeout=_ms(deadline))
        print(f"\n{name} in Voilà: rendered after {time.monotonic() - start:.1f} s")
        return page


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def notebooks_source() -> Path:
    """The folder whose copy the test server serves."""
    return NOTEBOOKS_DIR


@pytest.fixture(scope="session")
def lab_settings() -> dict[str, Any]:
    """JupyterLab settings defaults for the test server."""
    return LAB_SETTINGS


@pytest.fixture(scope="session")
def jupyter_lab_server(notebooks_source: Path, lab_settings: dict) -> Iterator[JupyterLabServer]:
    """A running JupyterLab server over a temporary copy of ``notebooks/``."""
    with tempfile.TemporaryDirectory(prefix="hptlearn-browser-") as tmp:
        server = JupyterLabServer(notebooks_source, Path(tmp), lab_settings)
        started = time.monotonic()
        server.start()
        print(f"\nJupyterLab at {server.url} started in {time.monotonic() - started:.1f} s")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


_ACTIVE_LABS: list[Lab] = []


@pytest.fixture(scope="session")
def lab(chromium: Browser, jupyter_lab_server: JupyterLabServer) -> Iterator[Lab]:
    """Opens and runs notebooks: ``page = lab.open_notebook("00_start_here.ipynb")``."""
    instance = Lab(jupyter_lab_server, chromium)
    _ACTIVE_LABS.append(instance)
    try:
        yield instance
    finally:
        _ACTIVE_LABS.remove(instance)
        for page in list(instance.pages):
            instance.close(page)


@pytest.fixture(autouse=True)
def _close_pages_of_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the pages a test opened itself (module fixtures close their own)."""
    if "lab" not in request.fixturenames:
        yield
        return
    instance: Lab = request.getfixturevalue("lab")
    before = list(instance.pages)
    yield
    for page in list(instance.pages):
        if page not in before:
            instance.close(page)


@pytest.fixture(scope="module")
def voila_server(notebooks_source: Path, lab_settings: dict) -> Iterator[VoilaServer]:
    """A Jupyter server with Voilà over a temporary copy of ``notebooks/``, for one module.

    At the end it is stopped with its kernels, and the teardown fails if any of their
    processes is still alive.
    """
    with tempfile.TemporaryDirectory(prefix="hptlearn-voila-") as tmp:
        server = VoilaServer(notebooks_source, Path(tmp), lab_settings)
        started = time.monotonic()
        server.start()
        print(f"\nVoilà at {server.url} started in {time.monotonic() - started:.1f} s")
        try:
            yield server
        finally:
            server.stop()
        if server.survivors:
            pids = ", ".join(str(p.pid) for p in server.survivors)
            raise AssertionError(f"processes of the Voilà server still alive after stop: {pids}")


@pytest.fixture(scope="module")
def voila(chromium: Browser, voila_server: VoilaServer) -> Iterator[VoilaPages]:
    """Opens dashboards: ``page = voila.open_dashboard("dashboard.ipynb", ready=...)``."""
    instance = VoilaPages(voila_server, chromium)
    _ACTIVE_LABS.append(instance)  # screenshots of its pages when a test fails
    try:
        yield instance
    finally:
        _ACTIVE_LABS.remove(instance)
        for page in list(instance.pages):
            instance.close(page)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On a failure, save a screenshot of every open page and report the console errors."""
    report = yield
    if report.failed and call.when in ("setup", "call") and _ACTIVE_LABS:
        pages = [page for instance in _ACTIVE_LABS for page in instance.pages]
        lines = []
        name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
        for index, page in enumerate(pages):
            path = ARTIFACTS_DIR / (f"{name}.png" if index == 0 else f"{name}-{index + 1}.png")
            try:
                ARTIFACTS_DIR.mkdir(exist_ok=True)
                save_screenshot(page, path)
                lines.append(f"screenshot of {page.url}: {path}")
            except Exception as error:  # the page may be gone; the report matters more
                lines.append(f"no screenshot of {page.url}: {error}")
            errors = console_errors(page)
            if errors:
                lines.append("console errors:\n  " + "\n  ".join(errors[-20:]))
        if lines:
            text = "\n".join(lines)
            report.sections.append(("browser", text))
            print(f"\n{text}", file=sys.stderr)
    return report
