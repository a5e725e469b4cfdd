"""The search app's headless logic: :class:`SearchSession` (what one press of Run
sequences: the data split, the space read, checked, built and planned once, the run in
the background, the held-out score, the edges of the best candidate, the CSV), and the
steps it uses, each usable alone (:func:`split_data`, :func:`score_on_test`,
:func:`edge_advice`, :func:`export_results`)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sklearn.base import is_classifier

from hptlearn.catalog import load_dataset, split_dataset
from hptlearn.results import results_frame
from hptlearn.state.runs import SearchRun
from hptlearn.state.space import SpaceCheck, SpaceEditor
from hptlearn.syntax import format_values

__all__ = [
    "EdgeAdvice",
    "SearchSession",
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


def load_split(dataset, test_size=0.25, random_state=0):
    """``(task, (X_train, X_test, y_train, y_test))`` of a data set: a name of
    :data:`hptlearn.catalog.DATASETS` (loaded with ``random_state``) or a
    :class:`hptlearn.catalog.Dataset`, split by :func:`split_data`."""
    data = load_dataset(dataset, random_state=random_state) if isinstance(dataset, str) else dataset
    return data.task, split_data(data, test_size, random_state=random_state)


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
        if finding.source == "distribution":  # a wider range
            low, high = finding.suggestion
            texts[finding.name] = f"{low:g}..{high:g}"
        else:  # more values of a list (an "observed" finding has no suggestion)
            texts[finding.name] = format_values(list(finding.suggestion))
    return EdgeAdvice(messages, texts)


# --------------------------------------------------------------------------------------
# The session of the search app
# --------------------------------------------------------------------------------------


class SearchSession:
    """One search, from the data to the CSV, without widgets: what the search app shows.

    The session holds the data (a training part the search sees and a held-out part it
    never sees), the rows being edited (:attr:`editor`, a :class:`SpaceEditor`), and the
    current run. One Run is :meth:`prepare` (the rows read and checked once, the search
    built once and planned once: a :class:`SpaceCheck`), then :meth:`start` of that check
    (a :class:`SearchRun` that carries the plan). When the run ends, the session scores the
    refitted best model on the held-out part (:attr:`test_score`) and finds the edges of
    the best candidate (:attr:`edges`), once, before the views are told.

    Parameters
    ----------
    make_estimator : callable
        Returns a new, unfitted estimator.
    dataset : str or hptlearn.catalog.Dataset, optional
        The data (loaded and split at once); else call :meth:`load`.
    test_size : float, default=0.25
        Share of the data held out.
    random_state : int, default=0
        Seed of the split (and of the generated data sets) and of the search.
    **editor_params
        ``strategy``, ``n_iter``, ``cv``, ``n_jobs``, ``factor`` of the :attr:`editor`.

    Examples
    --------
    >>> from hptlearn.catalog import MODELS
    >>> from hptlearn.state import SpaceRow
    >>> session = SearchSession(MODELS["knn"].make, "iris", cv=3)
    >>> session.editor.rows = [SpaceRow("knn__n_neighbors", "list", "1, 5, 15")]
    >>> check = session.prepare()
    >>> check.plan.n_fits, check.search.param_grid
    (9, {'knn__n_neighbors': [1, 5, 15]})
    >>> run = session.start(check, background=False)
    >>> run.n_done, session.test_score.metric, len(session.results)
    (3, 'accuracy', 3)
    """

    def __init__(
        self, make_estimator, dataset=None, *, test_size=0.25, random_state=0, **editor_params
    ):
        self.editor = SpaceEditor(make_estimator, **editor_params)
        self.test_size, self.random_state = test_size, random_state
        self.task = None
        self.X_train = self.X_test = self.y_train = self.y_test = None
        #: the current (or last) SearchRun, and its search
        self.run: SearchRun | None = None
        self.search = None
        #: the held-out score of the last run's refitted best model (a TestScore), or None
        self.test_score: TestScore | None = None
        #: the edges of the last run's best candidate
        self.edges = EdgeAdvice([], {})
        if dataset is not None:
            self.load(dataset)

    # -- data ------------------------------------------------------------------------------
    def load(self, dataset):
        """Load a data set (a name or a :class:`hptlearn.catalog.Dataset`) and split it
        (:func:`split_data`); the editor counts and times on the training part."""
        self.task, split = load_split(dataset, self.test_size, self.random_state)
        self.X_train, self.X_test, self.y_train, self.y_test = split
        self.editor.set_data(self.X_train, self.y_train)
        return self

    # -- one run ---------------------------------------------------------------------------
    def prepare(self) -> SpaceCheck:
        """The rows read and checked, the search built and planned, each once (never
        raises: a :class:`SpaceCheck` with its ``error``)."""
        return self.editor.check(random_state=self.random_state)

    def start(
        self,
        check: SpaceCheck,
        *,
        listeners=(),
        end_listeners=(),
        workers=None,
        background=True,
        follow=None,
    ) -> SearchRun:
        """Run the search of ``check`` (from :meth:`prepare`) in the background.

        ``listeners`` and ``end_listeners`` join the run's own (after the session's end
        step: the held-out score and the edges are known when they are called); then
        ``follow(run)``, if given, is called before the run starts (a progress view
        subscribes there: :meth:`hptlearn.widgets.SearchProgress.follow`). With
        ``workers`` (a started :class:`hptlearn.cluster.DaskWorkers`) the fits run on
        them. With ``background=False``, returns once the run has ended. Raises
        ``ValueError`` with the check's error.
        """
        if check.error is not None:
            raise ValueError(check.error)
        run = SearchRun(check.search, self.X_train, self.y_train, plan=check.plan, workers=workers)
        run.end_listeners.append(self._ended)
        run.listeners.extend(listeners)
        run.end_listeners.extend(end_listeners)
        self.run, self.search = run, check.search
        self.test_score, self.edges = None, EdgeAdvice([], {})
        if follow is not None:
            follow(run)
        return run.start(background=background)

    def _ended(self, run):
        if run.error is None:
            self.test_score = score_on_test(run.search, self.X_test, self.y_test)
            self.edges = edge_advice(run.search)

    # -- after a run -----------------------------------------------------------------------
    @property
    def results(self):
        """The results table of the last run (:func:`hptlearn.results_frame`), or None."""
        if self.search is None or not hasattr(self.search, "cv_results_"):
            return None
        return results_frame(self.search)

    def to_csv(self, path, context=None) -> Path:
        """Write the last run's results, with ``context`` first and the held-out score of
        its best model last (:func:`export_results`)."""
        test = None if self.test_score is None else self.test_score.value
        return export_results(self.results, path, context=context, test_score=test)
