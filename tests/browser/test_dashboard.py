"""The dashboard in Voilà, as Binder serves it: no code, the search app runs to the end, the
comparison app stops with partial results, and no kernel is left behind.

Everything the apps show while they run is set from the run's thread (widget values, PNG
bytes in an ``Image``): seeing it update here is seeing it work in Voilà.
"""

import re

import psutil
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "dashboard.ipynb"
SEARCH = ".hptlearn-search-app"
COMPARE = ".hptlearn-compare-app"
BAR = ":is(.widget-hprogress, .widget-vprogress) .progress-bar"
REPEATS = 20  # runs enough that Stop lands while they go on


@pytest.fixture(scope="module")
def dashboard(voila):
    page = voila.open_dashboard(NOTEBOOK, ready=SEARCH)
    yield page
    voila.close(page)


def bar_percent(page, app) -> float:
    style = page.locator(f"{app} {BAR}").first.get_attribute("style") or ""
    match = re.search(r"(?:width|height):\s*([\d.]+)%", style)
    assert match, f"no size in the progress bar's style {style!r}"
    return float(match[1])


def image_loaded(page, selector) -> bool:
    return page.locator(selector).first.evaluate("img => img.complete && img.naturalWidth > 0")


def test_the_dashboard_shows_the_intro_and_the_apps_without_code(dashboard):
    page = dashboard
    expect(page.locator("h1", has_text="hptlearn dashboard")).to_be_visible()
    expect(page.locator(SEARCH)).to_have_count(1)
    expect(page.locator(COMPARE)).to_have_count(1)
    # Voilà strips the sources: the code cell has no input area, and no code is in the page
    code_cells = page.locator(".jp-CodeCell")
    expect(code_cells).to_have_count(1)
    expect(code_cells.locator(".jp-InputArea")).to_have_count(0)
    text = page.locator("body").inner_text()
    for code in ("import ipywidgets", "SearchApp(", "ComparisonApp("):
        assert code not in text
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    expect(page.locator(".widget-tab .lm-TabBar-tab")).to_have_text(["Search", "Compare"])


def test_a_search_runs_to_the_end_with_its_table_and_figure(dashboard, voila):
    page = dashboard
    voila.wait_for_text(page, f"{SEARCH} .hptlearn-counts", r"12 candidates × 5 folds = 60 fits")
    voila.widget_button(page, "Run", within=SEARCH).click()
    status = f"{SEARCH} .hptlearn-status"
    match = voila.wait_for_text(page, status, r"Done: (\d+) of (\d+) candidates", timeout=300)
    assert match[1] == match[2] == "12"
    assert bar_percent(page, SEARCH) == pytest.approx(100)
    voila.wait_for_text(page, f"{SEARCH} .hptlearn-results", r"Best 10 of 12 candidates")
    expect(page.locator(f"{SEARCH} .hptlearn-results table")).to_be_visible()
    figure = f"{SEARCH} .hptlearn-figure"
    voila.wait_until(
        lambda: image_loaded(page, figure), timeout=30, message="the search's figure never loaded"
    )
    voila.wait_for_text(page, f"{SEARCH} .hptlearn-best", r"Held-out test accuracy")
    expect(voila.widget_button(page, "Run", within=SEARCH)).to_be_enabled()


def test_a_comparison_stops_with_the_finished_runs(dashboard, voila):
    page = dashboard
    page.locator(".widget-tab .lm-TabBar-tab", has_text="Compare").click()
    expect(page.locator(COMPARE)).to_be_visible()
    placeholder = page.locator(f"{COMPARE} .hptlearn-figure").first.get_attribute("src")
    repeats = page.locator(f"{COMPARE} .widget-inline-hbox", has_text="repeats").locator("input")
    repeats.fill(str(REPEATS))
    repeats.press("Tab")
    runs = REPEATS + 1  # the grid runs once, random search once per repeat
    plan = f"{COMPARE} .hptlearn-plan"
    voila.wait_for_text(page, plan, rf"Random: 16 random draws per run, {REPEATS} runs")
    voila.widget_button(page, "Run", within=COMPARE).click()
    status = f"{COMPARE} .hptlearn-status"
    # the first run has ended (and is drawn): stop during a later one
    voila.wait_for_text(page, status, rf"Running: run (?!1 )\d+ of {runs}\b", timeout=300)
    voila.widget_button(page, "Stop", within=COMPARE).click()
    match = voila.wait_for_text(
        page, status, rf"Stopped after (\d+) of {runs} runs.*are kept", timeout=120
    )
    assert 1 <= int(match[1]) < runs
    assert bar_percent(page, COMPARE) < 100
    voila.wait_for_text(page, f"{COMPARE} .hptlearn-summary", r"Summary of \d+ runs?")
    voila.wait_for_text(page, f"{COMPARE} .hptlearn-summary", r"choice on held-out data")
    figure = page.locator(f"{COMPARE} .hptlearn-figure").first
    assert figure.get_attribute("src") != placeholder, "the figure of the finished runs is missing"
    assert image_loaded(page, f"{COMPARE} .hptlearn-figure")
    # the figure's description, as the image's title and the line under it
    title = figure.get_attribute("title") or ""
    assert re.match(r"Four panels over \d+ runs?: the best CV score so far", title), title
    expect(page.locator(f"{COMPARE} .hptlearn-figure-description").first).to_have_text(title)
    expect(voila.widget_button(page, "Run", within=COMPARE)).to_be_enabled()
    expect(voila.widget_button(page, "Stop", within=COMPARE)).to_be_disabled()


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_stopping_the_server_ends_its_kernels(dashboard, voila_server):
    kernels = voila_server.kernel_processes()
    assert kernels, "the dashboard runs in no kernel of the Voilà server"
    processes = voila_server.processes()
    assert set(kernels) <= set(processes)
    voila_server.stop()
    assert [p.pid for p in processes if alive(p)] == []
    assert voila_server.survivors == ()
