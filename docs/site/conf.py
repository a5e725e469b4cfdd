"""Sphinx configuration of the course website (built by docs/site/build.py, ``make site``).

MyST-NB renders the notebooks with their committed outputs (never executed here); the book
theme gives each notebook page its launch buttons (Binder, in JupyterLab) and a download button;
a second launch button opens the Voila dashboard on Binder. autodoc and napoleon render the
numpydoc docstrings of the public modules. Every asset is local: MathJax is the copy that
build.py puts in ``_static/mathjax/``, the apps' JavaScript (ipywidgets) is not loaded.
"""

import hptlearn

project = "hptlearn"
author = "the hptlearn authors"
copyright = "the hptlearn authors, BSD-3-Clause"
release = hptlearn.__version__
version = release

REPOSITORY = "https://github.com/hptlearn/hptlearn"
BINDER = "https://mybinder.org"
BRANCH = "HEAD"
DASHBOARD = "notebooks/dashboard.ipynb"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
language = "en"

# --- notebooks: the committed outputs, as they are --------------------------------------------
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# The apps need a live kernel: without one their views hold no state worth loading, and the
# ipywidgets scripts would come from a CDN. Their text form (e.g. "SearchApp(...)") is shown;
# the launch buttons open the notebook where the app runs.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]

# --- math, without a network at view time ----------------------------------------------------
mathjax_path = "mathjax/tex-svg.js"  # relative to _static/ (copied there by build.py)

# --- API pages -------------------------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "description"
autodoc_mock_imports = []
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # an "Attributes" section must not describe a property a second time
# Accepted: a type in a docstring ("estimator", "halving") that names attributes of several
# classes is not linked (Sphinx warns that it found more than one target).
suppress_warnings = ["ref.python"]
# Two docstrings whose numpydoc markup napoleon misreads, corrected as they are read (before
# napoleon, priority 400) until they are corrected in the source: (object, text, replacement).
# A replacement whose text is no longer in the docstring does nothing.
DOCSTRING_FIXES = [
    # "cv_results_" in a type is read as a link to a target "cv_results"
    (
        "hptlearn.plots.axis_plots_data",
        "fitted search, cv_results_ or",
        "fitted search, ``cv_results_`` or",
    ),
    (
        "hptlearn.plots.reading.axis_plots_data",
        "fitted search, cv_results_ or",
        "fitted search, ``cv_results_`` or",
    ),
    # prose after the Parameters section is read as more parameters: start a Notes section
    (
        "hptlearn.widgets.ParametersExplorerApp",
        "\nPlain-Python use::",
        "\nNotes\n-----\nPlain-Python use::",
    ),
    (
        "hptlearn.widgets.concepts.ParametersExplorerApp",
        "\nPlain-Python use::",
        "\nNotes\n-----\nPlain-Python use::",
    ),
]

# --- HTML ------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "hptlearn: learn hyperparameter tuning, hands on"
html_static_path = ["_static"]
html_copy_source = True  # the download button offers each notebook's .ipynb
html_last_updated_fmt = None
# light or dark as the reader's system prefers (an empty mode logs a console error)
html_context = {"default_mode": "auto"}
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {
        "binderhub_url": BINDER,
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    "navigation_with_keys": False,
}


def add_dashboard_button(app, pagename, templatename, context, doctree):
    """Add "Binder: dashboard" (the apps in Voila, without code) to every notebook's launch menu.

    Runs after the book theme has built its launch buttons (priority 501).
    """
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "text": "Binder: dashboard",
                    "tooltip": "Open the apps without code (Voila) on Binder",
                    "icon": "_static/images/logo_binder.svg",
                    "url": f"{BINDER}/v2/gh/hptlearn/hptlearn/{BRANCH}"
                    f"?urlpath=voila/render/{DASHBOARD}",
                }
            )


def fix_docstring(app, what, name, obj, options, lines):
    """Apply DOCSTRING_FIXES to the docstring of ``name`` (autodoc-process-docstring)."""
    for target, text, replacement in DOCSTRING_FIXES:
        if name == target:
            fixed = "\n".join(lines).replace(text, replacement).split("\n")
            lines[:] = fixed


def setup(app):
    app.connect("autodoc-process-docstring", fix_docstring, priority=400)
    app.connect("html-page-context", add_dashboard_button, priority=502)
