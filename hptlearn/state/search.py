"""The search app's headless logic: the held-out score of a search, a CSV of its results,
the data split, and the edges of its best candidate."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sklearn.base import is_classifier

from hptlearn.catalog import split_dataset
from hptlearn.syntax import format_values

__all__ = [
    "EdgeAdvice",
    "TestScore",
    "edge_advice",
    "export_results",
    "score_on_test",
    "split_data",
]


# --------------------------------------------------------------------------------------
# Outputs of a search
# --------------------------------------------------------------------------------------


class TestScore(NamedTuple):
    """The held-out score of a search's refitted best model."""

    value: float
    metric: str  # "accuracy", "R²", or the name of the search's scoring

    __test__ = False  # not a test class, despite its name


def score_on_test(search, X_test, y_test) -> TestScore | None:
    """Score the refitted best model of a fitted search on held-out data.

    None when the search has no refitted model (``refit=False``, or no results).
    """
    if not hasattr(search, "best_estimator_"):
        return None
    scoring = search.scoring
    if scoring is None:
        metric = "accuracy" if is_classifier(search.estimator) else "R²"
    elif isinstance(scoring, str):
        metric = scoring
    elif isinstance(search.refit, str):
        metric = search.refit
    else:
        metric = "score"
    return TestScore(float(search.score(X_test, y_test)), metric)


def export_results(frame, path, *, context=None, test_score=None) -> Path:
    """Write a results table to CSV, with what produced it.

    ``context`` (e.g. ``{"dataset": ..., "model": ..., "strategy": ...}``) becomes the
    first columns; ``test_score`` a last column ``test_score_of_best``.
    """
    if frame is None:
        raise ValueError("There are no results to export yet: run a search first.")
    frame = frame.copy()
    for i, (name, value) in enumerate((context or {}).items()):
        frame.insert(i, name, value)
    frame["test_score_of_best"] = test_score
    path = Path(path)
    frame.to_csv(path, index=False)
    return path


def split_data(data, test_size=0.25, random_state=0):
    """``(X_train, X_test, y_train, y_test)`` of a :class:`hptlearn.catalog.Dataset`, the
    test set never seen by a search: :func:`hptlearn.catalog.split_dataset`, stratified by
    class for a classification task (by the data set's task: a regression target with
    whole numbers is not split by value)."""
    return split_dataset(data, test_size, random_state=random_state)


# --------------------------------------------------------------------------------------
# After a run: a best value on the edge of its range
# --------------------------------------------------------------------------------------


class EdgeAdvice(NamedTuple):
    """What to tell about a finished search whose best value sits on an edge of its range.

    ``messages`` are :func:`hptlearn.evaluation.edge_report`'s sentences for the
    hyperparameters on an edge; ``texts`` gives, for each of them, the new text of its row
    (the values of a grid, or the ``low..high`` range of a distribution), in the grammar of
    :func:`hptlearn.syntax.parse_values`.
    """

    messages: list
    texts: dict

    def __bool__(self):
        return bool(self.messages)


def edge_advice(search) -> EdgeAdvice:
    """The edges of a fitted search's best candidate, and the rows that extend them.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from hptlearn.search import LiveGridSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveGridSearchCV(SVC(), {"C": [0.001, 0.01, 0.1]}, cv=3).fit(X, y)
    >>> edge_advice(search).texts
    {'C': '0.001, 0.01, 0.1, 1.0, 10.0'}
    """
    from hptlearn.evaluation import edge_report

    if not hasattr(search, "best_index_"):
        return EdgeAdvice([], {})
    report = edge_report(search)
    messages, texts = [], {}
    for finding in report.findings:
        if finding.edge is None:
            continue
        messages.append(finding.message)
        if finding.suggestion is None:
            continue
        if finding.source == "grid":
            texts[finding.name] = format_values(list(finding.suggestion))
        elif finding.source == "distribution":
            low, high = finding.suggestion
            texts[finding.name] = f"{low:g}..{high:g}"
    return EdgeAdvice(messages, texts)
