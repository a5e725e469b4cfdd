"""Notebook 04 in JupyterLab: the search app runs, finishes, draws, and reacts to typing."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APP = ".hptlearn-search-app"
STATUS = f"{APP} .hptlearn-status"
COUNTS = f"{APP} .hptlearn-counts"
FIGURE = f"{APP} .hptlearn-figure"
BAR = f"{APP} :is(.widget-hprogress, .widget-vprogress) .progress-bar"


@pytest.fixture(scope="module")
def grid_notebook(lab):
    page = lab.open_notebook("04_grid_search.ipynb")
    yield page
    lab.close(page)


def figure_src(page) -> str:
    image = page.locator(FIGURE).first
    expect(image).to_be_visible()
    return image.get_attribute("src") or ""


def bar_percent(page) -> float:
    style = page.locator(BAR).first.get_attribute("style") or ""
    match = re.search(r"(?:width|height):\s*([\d.]+)%", style)
    assert match, f"no size in the progress bar's style {style!r}"
    return float(match[1])


def test_search_app_renders_and_its_run_finishes_with_a_figure(grid_notebook, lab):
    page = grid_notebook
    expect(page.locator(APP)).to_have_count(1)
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="SearchApp(")).to_have_count(0)
    match = lab.wait_for_text(page, STATUS, r"Done: (\d+) of (\d+) candidates", timeout=60)
    assert match[1] == match[2] == "30"
    assert bar_percent(page) == pytest.approx(100)
    image = page.locator(FIGURE).first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "no figure drawn"
    lab.wait_for_text(page, f"{APP} .hptlearn-results", r"Best 10 of 30 candidates")
    lab.wait_for_text(page, f"{APP} .hptlearn-best", r"Held-out test accuracy")
    # the figure's description reaches the page: the image's title (its accessible name)
    # and the line under it say the same, with the run's numbers
    title = image.get_attribute("title") or ""
    assert re.match(r"Heatmap of the mean CV accuracy of 30 candidates", title), title
    caption = page.locator(f"{APP} .hptlearn-figure-description").first
    expect(caption).to_have_text(title)


def test_typing_updates_the_counts_and_a_new_run_redraws(grid_notebook, lab):
    page = grid_notebook
    before = figure_src(page)
    values = page.locator(f"{APP} .hptlearn-param-values input").first  # svc__C
    values.fill("0.1, 1, 10")
    values.press("Tab")
    lab.wait_for_text(page, COUNTS, r"15 candidates × 5 folds = 75 fits")
    run = lab.widget_button(page, "Run", within=APP)
    run.click()
    lab.wait_for_text(page, STATUS, r"Done: 15 of 15 candidates", timeout=90)
    lab.wait_until(
        lambda: figure_src(page) != before,
        timeout=30,
        message="the figure did not change after the new run",
    )
    expect(run).to_be_enabled()


def test_a_typo_is_explained_in_the_app(grid_notebook, lab):
    page = grid_notebook
    name = page.locator(f"{APP} .hptlearn-param-name input").first  # svc__C
    name.fill("svc__c")
    name.press("Tab")
    lab.wait_for_text(page, COUNTS, r"Did you mean 'svc__C'\?")
    lab.widget_button(page, "Run", within=APP).click()
    lab.wait_for_text(page, f"{APP} .hptlearn-message", r"Cannot start the search")


def test_continue_adds_candidates_to_the_last_search(grid_notebook, lab):
    # last in this module: the earlier tests leave a typo in the first row's name
    page = grid_notebook
    strategy = page.locator(f"{APP} .widget-dropdown", has_text="Strategy").locator("select")
    strategy.first.select_option(label="Random")
    name = page.locator(f"{APP} .hptlearn-param-name input").first
    name.fill("svc__C")
    name.press("Tab")
    n_iter = page.locator(f'{APP} .widget-inline-hbox:has(label:text-is("n_iter")) input').first
    n_iter.fill("6")
    n_iter.press("Tab")
    lab.wait_for_text(page, COUNTS, r"6 candidates × 5 folds = 30 fits")
    lab.widget_button(page, "Run", within=APP).click()
    lab.wait_for_text(page, STATUS, r"Done: 6 of 6 candidates", timeout=90)
    lab.wait_for_text(page, f"{APP} .hptlearn-results", r"All 6 candidates")
    more = lab.widget_button(page, "Continue (+10 candidates)", within=APP)
    expect(more).to_be_enabled()
    more.click()
    lab.wait_for_text(
        page, STATUS, r"Done: 16 of 16 candidates: 10 new \(50 fits\), 6 reused", timeout=90
    )
    lab.wait_for_text(page, f"{APP} .hptlearn-results", r"Best 10 of 16 candidates")
    lab.wait_for_text(
        page, f"{APP} .hptlearn-message", r"6 candidates reused from the previous run, 10 new"
    )
    assert bar_percent(page) == pytest.approx(100)
