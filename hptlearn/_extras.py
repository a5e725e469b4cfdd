"""The optional parts of hptlearn, and the error that says which extra installs one.

``pip install hptlearn`` installs the core: the live searches, spaces, evaluation, results,
comparisons and plots (numpy, scipy, pandas, scikit-learn, joblib, matplotlib, optuna,
threadpoolctl, palmerpenguins). The rest comes with an extra (``pyproject.toml``):

- ``lab``: JupyterLab and ipywidgets, for the notebooks and the apps (:mod:`hptlearn.widgets`);
- ``app``: Voilà, for the dashboard without code (with everything of ``lab``);
- ``dask``: dask, distributed and bokeh, for searches on a Dask cluster
  (:mod:`hptlearn.cluster`);
- ``all``: the three.

A module that needs an extra calls :func:`require` before it uses the package, so that a
learner who installed only the core reads which extra to install instead of a bare
``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib

__all__ = ["EXTRAS", "require"]

EXTRAS = {
    "lab": ("jupyterlab", "ipywidgets", "traitlets"),
    "app": ("voila",),
    "dask": ("dask", "distributed", "bokeh"),
}
"""The third-party modules each extra adds to the core (``all`` is every extra)."""


def require(module: str, extra: str, feature: str):
    """Import ``module`` and return it, or raise an ImportError naming the extra to install.

    Parameters
    ----------
    module : str
        The module to import, such as ``"ipywidgets"``.
    extra : str
        The extra of hptlearn that installs it (a key of :data:`EXTRAS`).
    feature : str
        What needs it, as the subject of "need": ``"hptlearn's apps"``.

    Examples
    --------
    >>> require("json", "lab", "this example").__name__
    'json'
    >>> require("no_such_module_hptlearn", "dask", "hptlearn's Dask workers")
    Traceback (most recent call last):
    ...
    ImportError: hptlearn's Dask workers need no_such_module_hptlearn: pip install 'hptlearn[dask]'
    """
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; hptlearn's extras are {sorted(EXTRAS)}.")
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{feature} need {module}: pip install 'hptlearn[{extra}]'", name=module
        ) from error
