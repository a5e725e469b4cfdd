"""Accessibility of the apps in the browser: an axe-core audit of hptlearn's widgets in
JupyterLab (notebook 04's search app) and in the Voilà dashboard (both apps), and a search
run by keyboard alone whose progress is read from the app's ``aria-live`` region.

axe-core comes from npm (``package.json`` at the repository root pins it; ``npm ci``
installs it into ``node_modules/``). The audit covers the apps' own DOM only (every element
with the class ``hptlearn-app``): JupyterLab's and Voilà's own pages are not ours to fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

APP = ".hptlearn-app"
SEARCH = ".hptlearn-search-app"
COMPARE = ".hptlearn-compare-app"
LIVE = f"{SEARCH} .hptlearn-live"

#: Rules about accessible names: any violation of these fails, whatever its impact.
NAME_RULES = {
    "aria-command-name",
    "aria-input-field-name",
    "aria-meter-name",
    "aria-progressbar-name",
    "aria-toggle-field-name",
    "aria-tooltip-name",
    "button-name",
    "image-alt",
    "input-button-name",
    "input-image-alt",
    "label",
    "link-name",
    "role-img-alt",
    "select-name",
    "svg-img-alt",
}


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.is_file():
        pytest.skip(
            f"axe-core is not installed ({AXE.relative_to(REPO_ROOT)} is missing): run "
            "`npm ci` at the repository root (node and npm: `apt-get install nodejs npm`)"
        )
    return AXE


def audit(page, axe_source: Path, scope: str = APP) -> list[dict]:
    """Run axe-core on every element matching ``scope``; return its violations (WCAG 2.x
    A and AA rules, and best practices), each with its nodes' selectors and summaries."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source))
    assert page.locator(scope).count() > 0, f"nothing matches {scope!r}"
    return page.evaluate(
        """async (scope) => {
            const result = await axe.run(
                document.querySelectorAll(scope),
                {runOnly: {type: 'tag',
                           values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                    'best-practice']},
                 // landmarks are the page's (JupyterLab's, Voilà's), not the widgets'
                 rules: {region: {enabled: false}},
                 resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                       summary: n.failureSummary})),
                count: v.nodes.length,
            }));
        }""",
        scope,
    )


def failing(violations: list[dict]) -> list[dict]:
    """The violations the apps must not have: serious or critical ones, and any about a
    control's (or an image's) accessible name."""
    return [
        v for v in violations if v["impact"] in ("serious", "critical") or v["id"] in NAME_RULES
    ]


def report(violations: list[dict]) -> str:
    return json.dumps(violations, indent=1)


NOTEBOOK = "dashboard.ipynb"


@pytest.fixture(scope="module")
def dashboard_in_lab(lab):
    page = lab.open_notebook(NOTEBOOK, timeout=240)
    yield page
    lab.close(page)


def test_the_apps_in_jupyterlab_pass_axe(axe_source, dashboard_in_lab, lab):
    page = dashboard_in_lab
    lab.wait_for_text(page, f"{SEARCH} .hptlearn-counts", r"12 candidates × 5 folds = 60 fits")
    violations = audit(page, axe_source)
    assert failing(violations) == [], report(violations)


def focused(page) -> str:
    """What has the keyboard focus: its tag, classes, label and text (read, never changed)."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   if (!e) return '';
                   const label = e.labels && e.labels.length ? e.labels[0].textContent : '';
                   return `${e.tagName} ${e.className} [${label}] ${e.textContent.trim()}`; }"""
    )


def tab_until(page, pattern: str, limit: int = 40) -> str:
    """Press Tab until the focused element matches ``pattern``; return its description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if re.search(pattern, now):
            return now
    raise AssertionError(f"{limit} Tabs never reached {pattern!r}; the focus is on {now!r}")


def test_a_search_runs_by_keyboard_alone_and_announces_its_progress(dashboard_in_lab, lab):
    page = dashboard_in_lab
    live = page.locator(LIVE)
    expect(live).to_have_count(1)
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    # every text the region takes, in order (it is one element whose text changes)
    page.evaluate(
        """(selector) => {
            const region = document.querySelector(selector);
            window.__announced = [];
            new MutationObserver(() => window.__announced.push(region.textContent))
                .observe(region, {childList: true, characterData: true, subtree: true});
        }""",
        LIVE,
    )
    # 40 values of n_neighbors and 10 folds: Stop lands while the search runs
    page.focus(f"{SEARCH} .hptlearn-param-values input")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(", ".join(str(k) for k in range(1, 41)))
    tab_until(page, r"^INPUT .*\[CV folds\]")  # past the next row and "Add hyperparameter"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("10")
    counts = f"{SEARCH} .hptlearn-counts"
    tab_until(page, r"^BUTTON .*widget-button.* Run$")
    lab.wait_for_text(page, counts, r"80 candidates × 10 folds = 800 fits")
    page.keyboard.press("Enter")
    stop = lab.widget_button(page, "Stop", within=SEARCH)
    expect(stop).to_be_enabled(timeout=30_000)  # the kernel has started the search
    tab_until(page, r"^BUTTON .*widget-button.* Stop$", limit=1)
    page.keyboard.press("Enter")
    announced = lab.wait_until(
        lambda: (
            [
                text
                for text in page.evaluate("() => window.__announced")
                if re.match(r"Stopped after|Search finished", text)
            ]
            and page.evaluate("() => window.__announced")
        ),
        timeout=120,
        message=lambda: f"no end announced: {page.evaluate('() => window.__announced')}",
    )
    print(f"\nannounced: {announced}")
    assert announced[0] == "Search started: 80 candidates.", announced
    assert re.match(
        r"^(Stopped after \d+ of 80 candidates|Search finished: 80 of 80 candidates)"
        r"(, best 0\.\d{3} with n_neighbors=\d+, weights='\w+')?\.$",
        announced[-1],
    ), announced
    assert len(announced) <= 6, f"announced too often: {announced}"
    expect(live).to_have_text(announced[-1])
    lab.wait_for_text(page, f"{SEARCH} .hptlearn-status", r"^(Stopped after|Done:)")


def test_the_search_app_after_a_run_still_passes_axe(axe_source, dashboard_in_lab, lab):
    # after the keyboard's run (above): the table, the figure and its description, the
    # best candidate; and the rows of a strategy that reads distributions
    page = dashboard_in_lab
    lab.wait_for_text(page, f"{SEARCH} .hptlearn-results", r"candidates")
    page.locator(f"{SEARCH} .widget-dropdown", has_text="Strategy").locator(
        "select"
    ).first.select_option(label="Random")
    expect(page.locator(f"{SEARCH} .hptlearn-param-kind select").first).to_be_visible()
    violations = audit(page, axe_source, SEARCH)
    assert failing(violations) == [], report(violations)


@pytest.fixture(scope="module")
def dashboard_in_voila(voila):
    page = voila.open_dashboard(NOTEBOOK, ready=SEARCH)
    yield page
    voila.close(page)


def test_the_dashboard_in_voila_passes_axe(axe_source, dashboard_in_voila, voila):
    page = dashboard_in_voila
    voila.wait_for_text(page, f"{SEARCH} .hptlearn-counts", r"12 candidates × 5 folds = 60 fits")
    violations = audit(page, axe_source)
    assert failing(violations) == [], report(violations)
    page.locator(".widget-tab .lm-TabBar-tab", has_text="Compare").click()
    expect(page.locator(COMPARE)).to_be_visible()
    violations = audit(page, axe_source, COMPARE)
    assert failing(violations) == [], report(violations)
