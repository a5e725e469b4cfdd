"""The comparison app's headless logic: :class:`ComparisonSession`.

What one press of Run sequences: the data split (a training part the runs search, a
held-out part no run sees), the space read from the rows, the comparison built and checked
(:class:`hptlearn.compare.StrategyComparison`), its run in the background
(:class:`hptlearn.state.ComparisonRun`), and each finished run's refitted choice scored
on the held-out part, once per run however often the views ask.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from hptlearn.compare import HELD_OUT_COLUMNS, StrategyComparison
from hptlearn.state.runs import ComparisonRun
from hptlearn.state.search import load_split
from hptlearn.state.space import SpaceEditor

__all__ = ["ComparisonSession"]


class ComparisonSession:
    """Strategies raced on one budget, from the data to the held-out scores, without widgets.

    Parameters
    ----------
    make_estimator, dataset, test_size, random_state
        As for :class:`hptlearn.state.SearchSession`: the estimator's maker, the data set
        (split at once, or by :meth:`load`), the share held out (stratified for a
        classification task) and the seed of the split, the generated data sets and the
        runs.

    Attributes
    ----------
    editor : SpaceEditor
        The rows of the space (a distribution per hyperparameter: a comparison samples).
    X, y, X_test, y_test : arrays
        The training part the runs search, and the held-out part.
    run : ComparisonRun or None
        The current (or last) run.

    Examples
    --------
    >>> from hptlearn.catalog import MODELS
    >>> from hptlearn.state import SpaceRow
    >>> session = ComparisonSession(MODELS["knn"].make, "iris")
    >>> session.editor.rows = [SpaceRow("knn__n_neighbors", "integer", "1..30")]
    >>> driver = session.build(budget=4, strategies=("grid", "random"), repeats=2, cv=3)
    >>> run = session.start(driver, background=False)
    >>> session.held_out()[["strategy", "repeat"]].to_dict("list")
    {'strategy': ['grid', 'random', 'random'], 'repeat': [0, 0, 1]}
    """

    def __init__(self, make_estimator, dataset=None, *, test_size=0.25, random_state=0):
        self.editor = SpaceEditor(make_estimator, strategy="random")
        self.test_size, self.random_state = test_size, random_state
        self.task = None
        self.X = self.X_test = self.y = self.y_test = None
        self.run: ComparisonRun | None = None
        self._scored: list = []  # the refitted searches scored so far, in order
        self._held_out = _empty_held_out()  # and their rows
        if dataset is not None:
            self.load(dataset)

    def load(self, dataset):
        """Load a data set (a name or a :class:`hptlearn.catalog.Dataset`) and split it."""
        self.task, split = load_split(dataset, self.test_size, self.random_state)
        self.X, self.X_test, self.y, self.y_test = split
        self.editor.set_data(self.X, self.y)
        return self

    def build(self, *, budget, strategies, repeats, cv, n_jobs=None) -> StrategyComparison:
        """The comparison of the rows' space, checked (names, ranges, budget) but not run.

        Raises a readable ``ValueError`` when it is not a valid comparison (the wrong rows
        keep their ``error``).
        """
        return StrategyComparison(
            self.editor.make_estimator(),
            self.editor.parse(),
            self.X,
            self.y,
            budget=budget,
            strategies=strategies,
            repeats=repeats,
            cv=cv,
            random_state=self.random_state,
            n_jobs=n_jobs,
        )

    def start(
        self, driver: StrategyComparison, *, listeners=(), end_listeners=(), background=True
    ) -> ComparisonRun:
        """Run ``driver`` (from :meth:`build`) in the background, with these listeners;
        with ``background=False``, return once it has ended."""
        run = ComparisonRun(driver)
        run.listeners.extend(listeners)
        run.end_listeners.extend(end_listeners)
        self.run, self._scored, self._held_out = run, [], _empty_held_out()
        return run.start(background=background)

    @property
    def comparison(self):
        """The :class:`hptlearn.compare.Comparison` of the current run: the runs finished
        so far while it goes on, then its result; None before."""
        return None if self.run is None else self.run.comparison

    def held_out(self, comparison=None) -> pd.DataFrame:
        """Each finished run's best CV score and the held-out score of its refitted choice
        (:meth:`hptlearn.compare.Comparison.held_out`), for ``comparison`` (default: the
        current one).

        A run is scored once: the runs scored before are kept, and only those finished
        since are scored, so asking after each of ``r`` runs costs ``r`` scorings, not
        ``r (r + 1) / 2``.
        """
        comparison = self.comparison if comparison is None else comparison
        if comparison is None:
            return _empty_held_out()
        refitted = [run for run in comparison.searches if hasattr(run[2], "best_estimator_")]
        searches = [search for _, _, search in refitted]
        n = len(self._scored)
        if searches[:n] != self._scored or len(searches) < n:  # runs of another comparison
            self._scored, self._held_out, n = [], _empty_held_out(), 0
        if len(searches) > n:
            new = dataclasses.replace(comparison, searches=refitted[n:])
            rows = new.held_out(self.X_test, self.y_test)
            self._held_out = pd.concat([self._held_out, rows], ignore_index=True) if n else rows
            self._scored = searches
        return self._held_out.copy()


def _empty_held_out() -> pd.DataFrame:
    return pd.DataFrame(columns=list(HELD_OUT_COLUMNS))
