"""Brushing the parallel coordinates in a browser: drags on two axes reach the kernel as a
selection, keys move and clear a brush, and the aria-live description follows.

A small notebook is written into the served copy of ``notebooks/``: a synthetic
``cv_results_`` (no fitting, so the page is ready in seconds), the widget, and an HTML
widget that the kernel fills with the selection it received (``json``). The test counts the
selected candidates itself, with pandas, from the same results, and compares.
"""

import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
NOTEBOOK = "parallel_coordinates_test.ipynb"
WIDGET = ".hptlearn-parallel"
ECHO = ".hptlearn-test-echo"

#: The results drawn, run in the kernel and here (the same numbers, from the same seed).
RESULTS = """
import numpy as np
rng = np.random.default_rng(0)
n = 30
C = 10.0 ** rng.uniform(-3, 3, n)
kernel = rng.choice(["rbf", "linear", "poly"], n)
degree = rng.integers(1, 6, n)
score = 0.7 + 0.2 * np.exp(-np.log10(C) ** 2 / 4) + 0.05 * (kernel == "rbf")
results = {
    "params": [{"C": float(c), "degree": int(d), "kernel": str(k)}
               for c, d, k in zip(C, degree, kernel)],
    "split0_test_score": score - 0.01,
    "split1_test_score": score + 0.01,
    "mean_test_score": score,
    "std_test_score": np.full(n, 0.01),
    "rank_test_score": (-score).argsort().argsort() + 1,
}
"""

WIDGET_CELL = """
import json
import ipywidgets
from hptlearn.widgets import ParallelCoordinates

widget = ParallelCoordinates(results)
echo = ipywidgets.HTML()
echo.add_class("hptlearn-test-echo")

def show(change=None):
    echo.value = json.dumps({"n": len(widget.selected_indices), "selection": widget.selection})

widget.observe(show, ["selection", "selected_indices"])
show()
button = ipywidgets.Button(description="Select poly and rbf")
button.on_click(lambda _: setattr(widget, "selection", {"kernel": ["poly", "rbf"]}))
display(widget, echo, button)
"""


def write_notebook(folder):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(RESULTS), nbformat.v4.new_code_cell(WIDGET_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / NOTEBOOK)


def local_frame():
    import pandas as pd

    scope = {}
    exec(RESULTS, scope)  # the same code as the kernel's first cell
    params = scope["results"]["params"]
    frame = pd.DataFrame(params)
    frame["score"] = scope["results"]["mean_test_score"]
    return frame


def count(frame, selection):
    """The candidates inside every range, counted here with pandas alone."""
    keep = frame["C"].notna()
    for name, chosen in selection.items():
        column = frame["score" if name == "mean_test_score" else name]
        if name == "kernel":
            keep &= column.isin(chosen)
        else:
            low, high = chosen
            keep &= (column >= low * (1 - 1e-9)) & (column <= high * (1 + 1e-9))
    return int(keep.sum())


def wait_for_echo(lab, page, predicate, what):
    """Wait until what the kernel echoed (the selection it holds, and how many candidates
    it selected) satisfies ``predicate``; return it."""
    last = {}

    def read():
        text = page.locator(ECHO).first.inner_text(timeout=5_000).strip()
        last["value"] = json.loads(text) if text else None
        return last["value"] if last["value"] and predicate(last["value"]) else None

    return lab.wait_until(read, timeout=30, message=lambda: f"{what}; kernel: {last}")


def overlay(page, axis):
    return page.locator(f'{WIDGET} .hptlearn-pc-axis[data-axis="{axis}"] .hptlearn-pc-overlay')


def drag(page, axis, top, bottom):
    """Drag down the axis from ``top`` to ``bottom`` (fractions of its height from the top)."""
    box = overlay(page, axis).bounding_box()
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, box["y"] + top * box["height"])
    page.mouse.down()
    for step in range(1, 6):
        fraction = top + (bottom - top) * step / 5
        page.mouse.move(x, box["y"] + fraction * box["height"])
    page.mouse.up()


def axe_violations(page, scope):
    """axe-core's WCAG 2.x A/AA violations inside ``scope`` (``npm ci`` installs axe-core)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (scope) => {
            const result = await axe.run(
                document.querySelector(scope),
                {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                 resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        scope,
    )


@pytest.fixture(scope="module")
def brushing(lab):
    write_notebook(lab.server.root_dir)
    page = lab.open_notebook(NOTEBOOK)
    page.locator(f"{WIDGET} svg").first.wait_for(state="visible")
    yield page
    lab.close(page)


def test_dragging_on_two_axes_selects_in_the_kernel(brushing, lab):
    page = brushing
    frame = local_frame()
    expect(page.locator(f"{WIDGET} .hptlearn-pc-line")).to_have_count(len(frame))
    live = page.locator(f"{WIDGET} [aria-live=polite]")
    expect(live).to_have_text(re.compile(rf"^{len(frame)} of {len(frame)} candidates"))
    overlay(page, "C").scroll_into_view_if_needed()
    if AXE.is_file():
        assert axe_violations(page, WIDGET) == []
    axes = page.locator(f"{WIDGET} .hptlearn-pc-axis[tabindex='0']")
    expect(axes).to_have_count(4)  # each focusable, with a name
    expect(axes.first).to_have_attribute("aria-label", re.compile(r"^Axis C \(log\), from "))

    drag(page, "C", 0.25, 0.6)
    drag(page, "kernel", 0.0, 0.2)  # the top category only: rbf
    value = wait_for_echo(
        lab, page, lambda v: set(v["selection"]) == {"C", "kernel"}, "no selection in the kernel"
    )
    selection = value["selection"]
    assert selection["kernel"] == ["rbf"]
    # the range is where the drag was, read on a log axis (4 px of padding at both ends)
    C = frame["C"]
    box = overlay(page, "C").bounding_box()
    inner = box["height"] - 8

    def at(fraction):  # value under a point of the drag
        p = 1 - (fraction * box["height"] - 4) / inner
        lo, hi = math.log10(C.min()), math.log10(C.max())
        return 10 ** (lo + p * (hi - lo))

    low, high = selection["C"]
    assert low == pytest.approx(at(0.6), rel=0.05) and high == pytest.approx(at(0.25), rel=0.05)
    n = count(frame, selection)
    assert value["n"] == n > 0
    assert n < count(frame, {"C": selection["C"]})  # two axes combine
    expect(live).to_have_text(
        re.compile(rf"^{n} of {len(frame)} candidates: C between \S+ and \S+, kernel rbf; scores")
    )
    dimmed = page.locator(f"{WIDGET} .hptlearn-pc-line.dimmed")
    expect(dimmed).to_have_count(len(frame) - n)

    # keyboard: Escape clears the focused axis's brush, arrows make and move one
    kernel_axis = page.locator(f'{WIDGET} .hptlearn-pc-axis[data-axis="kernel"]')
    kernel_axis.focus()
    expect(kernel_axis).to_have_attribute("aria-label", re.compile("selected rbf"))
    page.keyboard.press("Escape")
    value = wait_for_echo(lab, page, lambda v: set(v["selection"]) == {"C"}, "Escape did not clear")
    assert value["n"] == count(frame, value["selection"])
    page.keyboard.press("ArrowUp")  # on a categorical axis: the top category
    page.keyboard.press("ArrowDown")  # then one category down
    value = wait_for_echo(
        lab, page, lambda v: v["selection"].get("kernel") == ["poly"], "no poly from the keys"
    )
    assert value["n"] == count(frame, value["selection"])
    page.keyboard.press("Escape")
    wait_for_echo(lab, page, lambda v: set(v["selection"]) == {"C"}, "Escape did not clear")
    degree_axis = page.locator(f'{WIDGET} .hptlearn-pc-axis[data-axis="degree"]')
    degree_axis.focus()
    page.keyboard.press("ArrowUp")  # a brush in the middle: 40 % to 60 % of 1..5
    page.keyboard.press("Shift+ArrowUp")  # its top end up by 5 %
    value = wait_for_echo(
        lab,
        page,
        lambda v: v["selection"].get("degree", [0, 0])[1] > 3.5,
        "the arrow keys made no brush",
    )
    assert value["selection"]["degree"] == pytest.approx([2.6, 3.6], abs=0.01)
    assert value["n"] == count(frame, value["selection"])

    # a click on an axis outside its brush clears it
    box = overlay(page, "C").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 0.95 * box["height"])
    wait_for_echo(lab, page, lambda v: set(v["selection"]) == {"degree"}, "the click kept C")

    # a selection set in Python moves the brushes
    lab.widget_button(page, "Select poly and rbf").click()
    value = wait_for_echo(lab, page, lambda v: "kernel" in v["selection"], "no Python selection")
    assert value["selection"] == {"kernel": ["poly", "rbf"]}
    expect(kernel_axis).to_have_attribute("aria-label", re.compile("selected poly, rbf$"))
    expect(degree_axis).to_have_attribute("aria-label", re.compile("no range selected$"))
    brush = kernel_axis.locator(".hptlearn-pc-brush")
    expect(brush).to_have_attribute("visibility", "visible")
    expect(page.locator(f"{WIDGET} .hptlearn-pc-line.dimmed")).to_have_count(
        len(frame) - count(frame, value["selection"])
    )
    assert not [e for e in lab.console_errors(page) if "parallel" in e.lower()]


def test_the_same_widget_brushes_in_voila(voila):
    write_notebook(voila.server.root_dir)
    page = voila.open_dashboard(NOTEBOOK, ready=f"{WIDGET} svg")
    frame = local_frame()
    expect(page.locator(f"{WIDGET} .hptlearn-pc-line")).to_have_count(len(frame))
    drag(page, "C", 0.25, 0.6)
    drag(page, "kernel", 0.0, 0.2)
    value = wait_for_echo(
        voila, page, lambda v: set(v["selection"]) == {"C", "kernel"}, "no selection in Voilà"
    )
    n = count(frame, value["selection"])
    assert value["n"] == n > 0
    expect(page.locator(f"{WIDGET} [aria-live=polite]")).to_have_text(
        re.compile(rf"^{n} of {len(frame)} candidates: C between .*, kernel rbf; scores")
    )
