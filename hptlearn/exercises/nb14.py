"""Self-checks of notebook 14: the capstone on the Palmer penguins."""

from __future__ import annotations

import numpy as np

from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop

# --------------------------------------------------------------------------------------
# Notebook 14: capstone on the Palmer penguins
# --------------------------------------------------------------------------------------

_SECTION_4_MODELS = ("HistGradientBoostingClassifier", "LogisticRegression")


def _models(part) -> list[str]:
    """The class names of the estimators a part of the space puts in the "model" step."""
    values = part.get("model", [])
    if not isinstance(values, (list, tuple)):
        values = [values]
    return [type(v).__name__ for v in values]


def _draws(values, n=4000):
    """``n`` draws of one hyperparameter, as a random search makes them (seeded)."""
    if isinstance(values, (list, tuple, np.ndarray)):
        if len(values) == 0:
            raise _Stop("The list of n_neighbors values is empty.")
        picks = np.random.default_rng(0).integers(len(values), size=n)
        return np.asarray([values[i] for i in picks], dtype=object)
    if hasattr(values, "rvs"):
        return np.asarray(values.rvs(size=n, random_state=0), dtype=object)
    raise _Stop(
        f"model__n_neighbors must be a list of values or a distribution with rvs, not {values!r}."
    )


@_check
def check_third_model(space) -> Feedback:
    """Check a three-part space: the two parts of notebook 14's section 4 (gradient
    boosting, logistic regression) and a k-nearest-neighbours part whose ``n_neighbors``
    is drawn log-uniformly among the whole numbers from 1 to 50 (``LogUniformInt(1, 50)``
    or a list of log-spaced whole numbers). The check draws 4,000 values as a random
    search would: all whole numbers from 1 to 50, about half of them from 1 to 7 (a log
    scale gives ln 8 / ln 51 = 53 %; a uniform draw 14 %)."""
    _given(space, "a list of three dicts, the two of section 4 and yours")
    if isinstance(space, dict):
        raise _Stop("Give a list of dicts (one per part of the space), not one dict.")
    if not isinstance(space, (list, tuple)) or not all(isinstance(p, dict) for p in space):
        raise _Stop(f"Give a list of dicts, one per part of the space; not {space!r}.")
    knn = [p for p in space if "KNeighborsClassifier" in _models(p)]
    if not knn:
        return Feedback(
            False,
            "Not yet: no part of the space puts a KNeighborsClassifier in the model step.",
            'Add a dict whose "model" is [KNeighborsClassifier()].',
        )
    others = sorted(m for p in space if p not in knn for m in _models(p))
    if len(space) != 3 or others != sorted(_SECTION_4_MODELS):
        return Feedback(
            False,
            f"Not quite: the space has {len(space)} part(s), with the models "
            f"{', '.join(others) or 'none'} besides k-nearest neighbours.",
            "Keep the two parts of section 4 (gradient boosting and logistic regression) and "
            "add yours: space + [your dict].",
        )
    part = knn[0]
    if "model__n_neighbors" not in part:
        return Feedback(
            False,
            "Not yet: your part does not tune n_neighbors.",
            'Name it as the pipeline sees it: "model__n_neighbors".',
        )
    draws = _draws(part["model__n_neighbors"])
    as_float = np.asarray(draws, dtype=float)
    if not np.all(as_float == np.round(as_float)):
        return Feedback(
            False,
            "Not quite: some values are not whole numbers; KNeighborsClassifier refuses "
            "n_neighbors=2.5.",
            "loguniform draws real numbers. Use LogUniformInt(1, 50), or a list of "
            "log-spaced whole numbers.",
        )
    low, high = int(as_float.min()), int(as_float.max())
    if low < 1 or high > 50 or low > 2 or high < 40:
        return Feedback(
            False,
            f"Not quite: the draws run from {low} to {high}.",
            "The range asked for is 1 to 50, both included.",
        )
    small = float(np.mean(as_float <= 7))
    if small < 0.3:
        return Feedback(
            False,
            f"Not quite: only {small:.0%} of the draws fall from 1 to 7, as with a uniform draw.",
            "randint draws uniformly. On a log scale 1-7 is about half the range 1-50: use "
            "LogUniformInt(1, 50), or a list of log-spaced whole numbers.",
        )
    if small > 0.75:
        return Feedback(
            False,
            f"Not quite: {small:.0%} of the draws fall from 1 to 7, too many for a log scale.",
            "Spread the values evenly on a log scale from 1 to 50 (np.geomspace).",
        )
    return Feedback(
        True,
        f"Correct! Three parts; n_neighbors draws whole numbers from {low} to {high}, "
        f"{small:.0%} of them from 1 to 7, as a log scale gives (a uniform draw: 14 %).",
    )
