"""Notebooks 01 and 02 in JupyterLab: the concept apps react to their controls."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPLORER = ".hptlearn-explorer"
OPTIMIZATION = ".hptlearn-optimization-demo"


# ipywidgets' <option> elements carry the labels, so options are chosen by label.


def figure_src(page, app: str) -> str:
    """The current ``src`` of the app's figure (a new blob URL each time the PNG changes)."""
    image = page.locator(f"{app} .hptlearn-figure").first
    expect(image).to_be_visible()
    return image.get_attribute("src") or ""


def wait_for_new_figure(lab, page, app: str, old: str) -> str:
    def changed():
        src = figure_src(page, app)
        return src if src and src != old else None

    return lab.wait_until(changed, timeout=30, message=f"the figure of {app} did not change")


def choose_model(page, label: str) -> None:
    page.locator(f"{EXPLORER} .hptlearn-model-select select").select_option(label=label)


def figure_loaded(page, app: str) -> bool:
    image = page.locator(f"{app} .hptlearn-figure").first
    return image.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.fixture(scope="module")
def notebook_01(lab):
    page = lab.open_notebook("01_parameters_vs_hyperparameters.ipynb")
    yield page
    lab.close(page)


@pytest.fixture(scope="module")
def notebook_02(lab):
    page = lab.open_notebook("02_kinds_of_hyperparameters.ipynb")
    yield page
    lab.close(page)


def test_explorer_renders_as_a_widget(notebook_01, lab):
    page = notebook_01
    expect(page.locator(EXPLORER)).to_have_count(1)
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="ParametersExplorerApp(")).to_have_count(0)
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-learned", r"support_vectors_")
    assert figure_loaded(page, EXPLORER)


def test_choosing_another_model_refits_and_redraws(notebook_01, lab):
    page = notebook_01
    before = figure_src(page, EXPLORER)
    choose_model(page, "k-nearest neighbours")
    wait_for_new_figure(lab, page, EXPLORER, before)
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-learned", r"learns no parameters")
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-hyperparameters", r"KNeighborsClassifier")
    assert figure_loaded(page, EXPLORER)


def test_changing_a_hyperparameter_then_fit_changes_the_learned_parameters(notebook_01, lab):
    page = notebook_01
    choose_model(page, "Support vector machine (SVC)")
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-hyperparameters", r"SVC\(gamma=1\.0\)")
    before = figure_src(page, EXPLORER)
    # the first dropdown after the model's is the kernel's
    kernel = page.locator(f"{EXPLORER} .widget-dropdown select").nth(1)
    kernel.select_option(label="linear")
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-message", r"press Fit")
    lab.widget_button(page, "Fit", within=EXPLORER).click()
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-learned", r"coef_")
    lab.wait_for_text(page, f"{EXPLORER} .hptlearn-hyperparameters", r"kernel='linear'")
    wait_for_new_figure(lab, page, EXPLORER, before)


def test_optimization_demo_adds_a_curve(notebook_02, lab):
    page = notebook_02
    runs = f"{OPTIMIZATION} .hptlearn-runs tr"
    expect(page.locator(runs)).to_have_count(4)  # a header and the three runs of the notebook
    before = figure_src(page, OPTIMIZATION)
    lab.widget_button(page, "Train and add curve", within=OPTIMIZATION).click()
    expect(page.locator(runs)).to_have_count(5, timeout=30_000)
    wait_for_new_figure(lab, page, OPTIMIZATION, before)
    lab.wait_for_text(page, f"{OPTIMIZATION} .hptlearn-message", r"Trained for \d+ epochs")
    lab.widget_button(page, "Clear", within=OPTIMIZATION).click()
    expect(page.locator(runs)).to_have_count(0, timeout=30_000)
