"""The search app's headless logic: :class:`SearchSession` (what one press of Run
sequences: the data split, the space read, checked, built and planned once, the run in
the background, the held-out score, the edges of the best candidate, the CSV; and what
Continue sequences: the same search, with more candidates, fitting only the new ones),
and the steps it uses, each usable alone (:func:`split_data`, :func:`score_on_test`,
:func:`edge_advice`, :func:`export_results`, :func:`can_continue`)."""

from __future__ import annotations

import inspect
import math
import warnings
from numbers import Real
from pathlib import Path
from typing import NamedTuple

from sklearn.base import is_classifier

from hptlearn.catalog import load_dataset, split_dataset
from hptlearn.results import param_columns, results_frame
from hptlearn.state.runs import SearchRun
from hptlearn.state.space import MIN_RUNGS, SpaceCheck, SpaceEditor, plan_rungs
from hptlearn.strategies import LISTS
from hptlearn.strategies import strategy as find_strategy
from hptlearn.syntax import format_values

__all__ = [
    "ROOMIER_DATASETS",
    "EdgeAdvice",
    "SearchSession",
    "TestScore",
    "can_continue",
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
# Continuing a search
# --------------------------------------------------------------------------------------


def _takes(search_class, name) -> bool:
    return name in inspect.signature(search_class).parameters


def can_continue(name_or_search) -> bool:
    """Whether a strategy's search can continue (``warm_start``): a later fit with more
    candidates fits only the new ones. ``name_or_search`` is what
    :func:`hptlearn.strategies.strategy` takes.

    >>> can_continue("random"), can_continue("grid")
    (True, True)
    """
    return _takes(find_strategy(name_or_search).search_class, "warm_start")


def _budget_arg(record) -> str | None:
    """The argument that sets how many candidates a strategy draws, or None (a grid)."""
    return next((a for a in ("n_iter", "n_candidates") if a in record.budget_args), None)


def check_time_budget(seconds) -> float | None:
    """A time limit as a search takes it: None for none (``None``, 0 or an empty text),
    else a positive number of seconds; a ``ValueError`` that says how to write it.

    >>> check_time_budget(""), check_time_budget(0), check_time_budget("2.5")
    (None, None, 2.5)
    """
    if seconds is None or (isinstance(seconds, str) and not seconds.strip()):
        return None
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        value = math.nan
    if isinstance(seconds, bool) or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"The time limit must be a number of seconds, 0 or empty for none; got {seconds!r}."
        )
    return None if value == 0 else value


def resumed_candidates(search) -> int:
    """Finished candidates a search read back from its checkpoint file (its
    ``checkpoint_read_``): 0 without a checkpoint, or when the file was new."""
    value = getattr(search, "checkpoint_read_", None)
    return int(value) if isinstance(value, Real) else 0


# --------------------------------------------------------------------------------------
# The session of the search app
# --------------------------------------------------------------------------------------

#: Task -> the data set of :data:`hptlearn.catalog.DATASETS` a multi-fidelity strategy
#: moves to when the chosen one is too small for :data:`hptlearn.state.space.MIN_RUNGS`
#: rungs (:meth:`SearchSession.roomier_dataset`). Halving on samples starts from
#: ``2 x folds x classes`` samples: iris's 112 training samples leave room for two
#: iterations; the 1347 of digits for three, with enough samples at the first rung for a
#: kNN with 30 neighbours.
ROOMIER_DATASETS = {"classification": "digits", "regression": "diabetes"}


class SearchSession:
    """One search, from the data to the CSV, without widgets: what the search app shows.

    The session holds the data (a training part the search sees and a held-out part it
    never sees), the rows being edited (:attr:`editor`, a :class:`SpaceEditor`), and the
    current run. One Run is :meth:`prepare` (the rows read and checked once, the search
    built once and planned once: a :class:`SpaceCheck`), then :meth:`start` of that check
    (a :class:`SearchRun` that carries the plan). When the run ends, the session scores the
    refitted best model on the held-out part (:attr:`test_score`) and finds the edges of
    the best candidate (:attr:`edges`), once, before the views are told.

    :meth:`continue_search` runs the last search again with more candidates: its earlier
    candidates are reused (``warm_start``), only the new ones are fitted, and the results
    are those of one search with the final budget. :attr:`time_budget` and
    :attr:`checkpoint` go to every search the session builds.

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

    A random search continued with 2 more candidates fits only those 2:

    >>> session.editor.strategy, session.editor.n_iter = "random", 3
    >>> session.editor.rows = [SpaceRow("knn__n_neighbors", "integer", "1..30")]
    >>> run = session.start(session.prepare(), background=False)
    >>> run = session.continue_search(2, background=False)
    >>> session.search.n_iter, run.n_reused, run.n_new
    (5, 3, 2)
    """

    def __init__(
        self, make_estimator, dataset=None, *, test_size=0.25, random_state=0, **editor_params
    ):
        self.editor = SpaceEditor(make_estimator, **editor_params)
        self.test_size, self.random_state = test_size, random_state
        self.task = None
        #: the name of the data set loaded (a name of hptlearn.catalog.DATASETS), or None
        self.dataset = None
        self.X_train = self.X_test = self.y_train = self.y_test = None
        #: the current (or last) SearchRun, and its search
        self.run: SearchRun | None = None
        self.search = None
        #: the held-out score of the last run's refitted best model (a TestScore), or None
        self.test_score: TestScore | None = None
        #: the edges of the last run's best candidate
        self.edges = EdgeAdvice([], {})
        #: seconds after which a search starts no further candidate (its ``time_budget``):
        #: None (or 0) for no limit
        self.time_budget = None
        #: the checkpoint file of the searches (their ``checkpoint``), or None
        self.checkpoint = None
        #: True when the current (or last) run continues the search before it
        self.continued = False
        #: the warnings of the last :meth:`importance` (candidates from an adaptive
        #: strategy), as sentences
        self.importance_warnings: list[str] = []
        if dataset is not None:
            self.load(dataset)

    # -- data ------------------------------------------------------------------------------
    def load(self, dataset):
        """Load a data set (a name or a :class:`hptlearn.catalog.Dataset`) and split it
        (:func:`split_data`); the editor counts and times on the training part."""
        self.task, split = load_split(dataset, self.test_size, self.random_state)
        self.dataset = dataset if isinstance(dataset, str) else getattr(dataset, "name", None)
        self.X_train, self.X_test, self.y_train, self.y_test = split
        self.editor.set_data(self.X_train, self.y_train)
        return self

    def rungs(self) -> int | None:
        """The most rungs one candidate can climb in the plan of the rows on the loaded
        data (:func:`hptlearn.state.space.plan_rungs`), or None when the rows have an
        error."""
        check = self.editor.check(random_state=self.random_state)
        return None if check.error is not None else plan_rungs(check.plan)

    def roomier_dataset(self) -> str | None:
        """For a multi-fidelity strategy whose plan on the loaded data has fewer than
        :data:`~hptlearn.state.space.MIN_RUNGS` rungs, the data set of the same task
        (:data:`ROOMIER_DATASETS`) where the same rows plan at least that many; else None
        (another strategy, enough rungs already, rows with an error, or no larger data
        set that helps).

        Examples
        --------
        >>> from hptlearn.catalog import MODELS
        >>> from hptlearn.state import SpaceRow
        >>> session = SearchSession(MODELS["knn"].make, "iris", strategy="halving-random")
        >>> session.editor.rows = [SpaceRow("knn__n_neighbors", "integer", "1..30")]
        >>> session.rungs(), session.roomier_dataset()
        (2, 'digits')
        >>> session.editor.strategy = "random"
        >>> print(session.roomier_dataset())
        None
        """
        if not self.editor.record.halving or self.X_train is None:
            return None
        rungs = self.rungs()
        other = ROOMIER_DATASETS.get(self.task)
        if rungs is None or rungs >= MIN_RUNGS or other is None or other == self.dataset:
            return None
        X, y = self.editor.X, self.editor.y
        task, (X_train, _, y_train, _) = load_split(other, self.test_size, self.random_state)
        try:
            self.editor.set_data(X_train, y_train)
            more = self.rungs()
        finally:
            self.editor.set_data(X, y)
        return other if task == self.task and more is not None and more >= MIN_RUNGS else None

    # -- one run ---------------------------------------------------------------------------
    def search_options(self) -> dict:
        """What the session adds to the search of the rows: ``time_budget``, ``warm_start``
        where the strategy can continue (a later Continue then reuses this run's
        candidates; the results are the same), ``checkpoint`` when set. Raises
        ``ValueError`` for a bad time limit or a strategy without checkpoints."""
        record = self.editor.record
        options = {"time_budget": check_time_budget(self.time_budget)}
        if can_continue(record):
            options["warm_start"] = True
        path = str(self.checkpoint or "").strip()
        if path:
            if not _takes(record.search_class, "checkpoint"):
                raise ValueError(
                    f"The {record.label} search cannot write a checkpoint file: empty the "
                    "checkpoint field, or choose another strategy."
                )
            options["checkpoint"] = path
        return options

    def prepare(self) -> SpaceCheck:
        """The rows read and checked, the search built and planned, each once (never
        raises: a :class:`SpaceCheck` with its ``error``)."""
        try:
            options = self.search_options()
        except ValueError as exc:
            return SpaceCheck(None, error=str(exc))
        return self.editor.check(random_state=self.random_state, **options)

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
        self.continued = False
        return self._launch(
            check.search, check.plan, listeners, end_listeners, workers, background, follow
        )

    def _launch(self, search, plan, listeners, end_listeners, workers, background, follow):
        run = SearchRun(search, self.X_train, self.y_train, plan=plan, workers=workers)
        run.end_listeners.append(self._ended)
        run.listeners.extend(listeners)
        run.end_listeners.extend(end_listeners)
        self.run, self.search = run, search
        self.test_score, self.edges = None, EdgeAdvice([], {})
        if follow is not None:
            follow(run)
        return run.start(background=background)

    def _ended(self, run):
        if run.error is None:
            self.test_score = score_on_test(run.search, self.X_test, self.y_test)
            self.edges = edge_advice(run.search)

    # -- continue the last run ---------------------------------------------------------
    def continue_reason(self) -> str | None:
        """Why :meth:`continue_search` cannot run now, in a sentence; None when it can."""
        run, search = self.run, self.search
        if run is None or search is None:
            return "Run a search first: Continue adds candidates to the last run."
        if run.running and run.ended_at is None:  # at work (not showing its end)
            return "A search is running: press Stop, or wait for it to end."
        if run.error is not None or not hasattr(search, "cv_results_"):
            return "The last run failed: press Run to start a new search."
        if run.X is not self.X_train:
            return "The data changed since the last run: press Run for a new search."
        record = find_strategy(search)
        if not can_continue(record) or not getattr(search, "warm_start", False):
            return f"A {record.label} search cannot be continued: press Run for a new one."
        if _budget_arg(record) is None and not search.stopped_:
            if record.reads == LISTS:
                return (
                    "Every candidate of the grid is evaluated: there is nothing to continue. "
                    "Add values to the rows and press Run for a larger grid."
                )
            return "The search ran to its end: there is nothing to continue."
        return None

    def continue_search(
        self,
        n_more=10,
        *,
        listeners=(),
        end_listeners=(),
        workers=None,
        background=True,
        follow=None,
    ) -> SearchRun:
        """Continue the last search with ``n_more`` new candidates (a search whose budget
        is not a number of candidates, such as a grid: the candidates a stop left out;
        ``n_more`` is then not used). A successive halving search draws ``n_more`` more
        candidates for its first iteration and runs its new schedule, reusing every
        evaluation made before.

        The same search object fits again with ``warm_start``: the candidates it evaluated
        are reused without a fit (the run's ``n_reused``), only the new ones are fitted
        (``n_new``), and ``cv_results_`` and ``best_*`` are those of one search with the
        final budget. A sampled search's ``n_iter`` becomes the candidates evaluated plus
        ``n_more``. :attr:`time_budget` applies to the continued fit. The listeners,
        ``workers``, ``background`` and ``follow`` are those of :meth:`start`. Raises
        ``ValueError`` with :meth:`continue_reason`, or for a bad ``n_more``.
        """
        reason = self.continue_reason()
        if reason is not None:
            raise ValueError(reason)
        search = self.search
        params = {"time_budget": check_time_budget(self.time_budget)}
        budget = _budget_arg(find_strategy(search))
        if budget is not None:
            if isinstance(n_more, bool) or not isinstance(n_more, Real) or n_more < 1:
                raise ValueError(
                    f"Continue adds a whole number of candidates, at least 1; got {n_more!r}."
                )
            if budget == "n_iter":
                done = len(search.cv_results_["params"])
            else:  # successive halving: the candidates of its first iteration
                done = int(search.n_candidates_[0])
            params[budget] = done + int(n_more)
        search.set_params(**params)
        plan = search.plan(self.X_train, self.y_train)
        self.continued = True
        return self._launch(search, plan, listeners, end_listeners, workers, background, follow)

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

    def importance(self, **options):
        """How much each hyperparameter of the last run explains its scores, with a
        bootstrap interval: :func:`hptlearn.importance.hyperparameter_importance` of the
        search (``options`` go to it: ``evaluator``, ``n_bootstrap``, ``random_state``).

        Returns its frame, indexed by hyperparameter (``importance``, ``low``, ``high``).
        The warnings it raises (candidates from an adaptive strategy, which crowd the
        region it found good) are not shown but kept, as sentences, in
        :attr:`importance_warnings`; the frame's ``attrs["notes"]`` says what else was
        left out. Raises ``ValueError`` in a sentence that says what to do: no finished
        run, a run going on, fewer than two hyperparameters that vary (importance
        compares them), too few scored candidates.

        Examples
        --------
        >>> from hptlearn.catalog import MODELS
        >>> from hptlearn.state import SpaceRow
        >>> session = SearchSession(MODELS["knn"].make, "iris", cv=3)
        >>> session.editor.rows = [
        ...     SpaceRow("knn__n_neighbors", "list", "1, 5, 15, 25"),
        ...     SpaceRow("knn__weights", "list", "uniform, distance"),
        ... ]
        >>> run = session.start(session.prepare(), background=False)
        >>> sorted(session.importance(n_bootstrap=5).index)
        ['knn__n_neighbors', 'knn__weights']
        """
        from hptlearn.importance import hyperparameter_importance

        self.importance_warnings = []
        run, search = self.run, self.search
        if run is None or search is None:
            raise ValueError("Run a search first: importance reads the scores of its candidates.")
        if run.running and run.ended_at is None:
            raise ValueError("A search is running: wait for it to end (or press Stop).")
        frame = self.results
        if frame is None:
            raise ValueError("The last run has no results: press Run for a new search.")
        varied = [p for p in param_columns(frame) if frame[p].nunique(dropna=True) > 1]
        if len(varied) < 2:
            which = f"only {varied[0]}" if varied else "no hyperparameter"
            raise ValueError(
                f"Importance compares hyperparameters, and this search varied {which}: "
                "search two or more (add a row, or give a row several values) to see which "
                "one matters most."
            )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = hyperparameter_importance(search, **options)
        raised = {str(w.message) for w in caught}
        self.importance_warnings = [n for n in table.attrs.get("notes", []) if n in raised]
        return table
