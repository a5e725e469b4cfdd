"""00_start_here.ipynb in JupyterLab: the live search widget renders, finishes and stops."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start_here.ipynb"
WIDGET = ".hptlearn-search-progress"
STATUS = f"{WIDGET} .hptlearn-status"
# ipywidgets 8 draws an IntProgress as .widget-hprogress (or -vprogress) around a .progress-bar
BAR = f"{WIDGET} :is(.widget-hprogress, .widget-vprogress) .progress-bar"


@pytest.fixture(scope="module")
def start_here(lab):
    """The notebook, opened in JupyterLab with every cell run."""
    page = lab.open_notebook(NOTEBOOK)
    yield page
    lab.close(page)


def bar_percent(page) -> float:
    """How full the progress bar is drawn, in percent."""
    style = page.locator(BAR).first.get_attribute("style") or ""
    match = re.search(r"(?:width|height):\s*([\d.]+)%", style)
    assert match, f"no size in the progress bar's style {style!r}"
    return float(match[1])


def test_search_progress_renders_as_a_widget(start_here):
    widget = start_here.locator(WIDGET).first
    expect(widget).to_be_visible()
    expect(start_here.locator(BAR)).to_have_count(1)
    expect(start_here.locator(STATUS).first).to_be_visible()
    # Without a live widget model JupyterLab would show the text/plain fallback instead.
    outputs = start_here.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="SearchProgress(")).to_have_count(0)
    expect(outputs.filter(has_text="Error displaying widget")).to_have_count(0)


def test_status_says_the_search_is_done(start_here, lab):
    match = lab.wait_for_text(start_here, STATUS, r"Done: (\d+) of (\d+) candidates")
    done, total = int(match[1]), int(match[2])
    assert done == total > 0, match[0]
    assert bar_percent(start_here) == pytest.approx(100)
    expect(lab.widget_button(start_here, "Run", within=WIDGET)).to_be_enabled()
    expect(lab.widget_button(start_here, "Stop", within=WIDGET)).to_be_disabled()


def test_results_table_and_heatmap_rendered(start_here):
    expect(start_here.locator(".jp-RenderedHTMLCommon table").first).to_be_visible()
    image = start_here.locator(".jp-RenderedImage img").first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "heatmap did not load"


def test_stop_ends_a_running_search_early(start_here, lab):
    run = lab.widget_button(start_here, "Run", within=WIDGET)
    stop = lab.widget_button(start_here, "Stop", within=WIDGET)
    run.click()
    expect(stop).to_be_enabled(timeout=10_000)
    expect(run).to_be_disabled()
    stop.click()
    match = lab.wait_for_text(
        start_here, STATUS, r"Stopped after (\d+) of (\d+) candidates", timeout=60
    )
    stopped_after, total = int(match[1]), int(match[2])
    assert stopped_after < total, match[0]
    assert bar_percent(start_here) < 100
    expect(run).to_be_enabled(timeout=10_000)
    expect(stop).to_be_disabled()
