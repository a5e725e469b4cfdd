"""The result of a comparison, :class:`Comparison`, and its CSV file.

A :class:`Comparison` holds the frame (one row per evaluated candidate, in the layout of
:mod:`hptlearn.compare.frame`), how the grid was chosen, the budget, and the fitted
searches of the finished runs. It sums the runs up (:meth:`Comparison.summary`,
:meth:`Comparison.spending`, :meth:`Comparison.budget_table`), judges each run's choice on
held-out data (:meth:`Comparison.held_out`, :func:`held_out_summary`), and is written to
and read from one CSV file (:meth:`Comparison.to_csv`, :func:`read_comparison`). Its
figures are in :mod:`hptlearn.plots.compare`: each takes the comparison
(``plot_best_so_far(comparison)``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hptlearn.compare.frame import _with_layout, best_so_far_curves
from hptlearn.results import LAYOUT_KEY

__all__ = ["HELD_OUT_COLUMNS", "Comparison", "held_out_summary", "read_comparison"]


def _n_splits_of(frame):
    stored = frame.attrs.get(LAYOUT_KEY)
    if isinstance(stored, dict) and stored.get("n_splits"):
        return int(stored["n_splits"])
    if {"cost", "resources"} <= set(frame.columns) and len(frame):
        ratio = frame["cost"].to_numpy(float) / frame["resources"].to_numpy(float)
        return int(round(float(np.nanmedian(ratio))))
    return None


@dataclass
class Comparison:
    """The result of :func:`compare_strategies`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per evaluated candidate (see the module docstring).
    grid : dict or list or None
        The grid the grid strategy used.
    grid_description : str
        How that grid was chosen.
    budget : int
        Full candidates per run (see :attr:`budget_fits` for full-data fit equivalents).
    params : list of str
        The hyperparameter names.
    searches : list
        ``(strategy, repeat, fitted search)`` for every finished run.
    stopped : bool
        True if the comparison was stopped before every run finished.
    plans : dict
        strategy -> :class:`StrategyPlan`: what each strategy ran, sized to the budget.
    n_splits : int or None
        Cross-validation folds.
    """

    frame: pd.DataFrame
    grid: object
    grid_description: str
    budget: int
    params: list
    searches: list = field(default_factory=list, repr=False)
    stopped: bool = False
    plans: dict = field(default_factory=dict, repr=False)
    n_splits: int | None = None

    @property
    def strategies(self) -> list[str]:
        """The strategies compared (planned, else those in the frame), in order."""
        if self.plans:
            return list(self.plans)
        return list(dict.fromkeys(self.frame["strategy"]))

    @property
    def notes(self) -> dict:
        """strategy -> what it ran, in words (e.g. which values the grid kept)."""
        return {s: p.description for s, p in self.plans.items()}

    @property
    def budget_fits(self) -> float | None:
        """The budget per run in full-data fit equivalents: ``budget x n_splits``."""
        n_splits = self.n_splits or _n_splits_of(self.frame)
        return None if n_splits is None else float(self.budget * n_splits)

    def summary(self) -> pd.DataFrame:
        """Per strategy: runs, candidates, best score (median, min, max over runs), and
        distinct values tried of each hyperparameter (median over runs)."""
        rows = []
        if self.frame.empty:
            columns = [
                "strategy",
                "runs",
                "candidates per run",
                "best score (median)",
                "best score (min)",
                "best score (max)",
            ]
            return pd.DataFrame(columns=columns + [f"distinct {p}" for p in self.params])
        for strategy, part in self.frame.groupby("strategy", sort=False):
            if "best_so_far" in part.columns:  # halving: only its full-resource candidates
                best = part.groupby("repeat")["best_so_far"].last()
            else:
                best = part.groupby("repeat")["score"].max()
            row = {
                "strategy": strategy,
                "runs": best.size,
                "candidates per run": int(part.groupby("repeat").size().median()),
                "best score (median)": best.median(),
                "best score (min)": best.min(),
                "best score (max)": best.max(),
            }
            for p in self.params:
                row[f"distinct {p}"] = float(part.groupby("repeat")[p].nunique().median())
            rows.append(row)
        return pd.DataFrame(rows)

    def spending(self) -> pd.DataFrame:
        """Per strategy: full-data fit equivalents and seconds per run (median over runs),
        and the budget per run in fit equivalents."""
        columns = ["strategy", "runs", "fits per run", "budget (fits)", "seconds per run"]
        if self.frame.empty:
            return pd.DataFrame(columns=columns)
        rows = []
        for strategy, part in self.frame.groupby("strategy", sort=False):
            runs = part.groupby("repeat")
            rows.append(
                {
                    "strategy": strategy,
                    "runs": runs.ngroups,
                    "fits per run": float(runs["budget_spent"].max().median()),
                    "budget (fits)": self.budget_fits,
                    "seconds per run": float(runs["elapsed"].max().median()),
                }
            )
        return pd.DataFrame(rows, columns=columns)

    def budget_table(self, fractions=(0.25, 0.5, 1.0)) -> pd.DataFrame:
        """The best score each strategy had found at fractions of the budget.

        For each strategy and fraction ``f``: each run's best score so far after spending
        ``f x budget_fits`` full-data fit equivalents (:func:`best_so_far_curves`), then
        over the runs that have a score by then: their number, the median, the min and
        the max (one run for a deterministic strategy).

        Returns
        -------
        pandas.DataFrame
            Columns ``strategy``, ``fraction``, ``fits`` (the budget spent, in full-data fit
            equivalents), ``runs`` (with a score by then), ``median``, ``min``, ``max``.
        """
        columns = ["strategy", "fraction", "fits", "runs", "median", "min", "max"]
        budget_fits = self.budget_fits
        if budget_fits is None or self.frame.empty:
            return pd.DataFrame(columns=columns)
        fractions = [float(f) for f in fractions]
        at = np.array(fractions) * budget_fits
        rows = []
        for strategy, curves in best_so_far_curves(self.frame, at).items():
            for j, f in enumerate(fractions):
                values = curves[:, j]
                values = values[np.isfinite(values)]
                stats = (
                    (np.median(values), values.min(), values.max())
                    if values.size
                    else (np.nan, np.nan, np.nan)
                )
                rows.append([strategy, f, at[j], values.size, *map(float, stats)])
        return pd.DataFrame(rows, columns=columns)

    def held_out(self, X_test, y_test) -> pd.DataFrame:
        """Each run's choice, judged on data that no run saw.

        The best CV score favours the strategy that tries more distinct candidates (the
        maximum of more noisy estimates is higher even when the models are no better), so
        compare strategies on held-out data too. For every finished run in
        :attr:`searches` whose best candidate was refitted: its best CV score
        (``best_score_``) and the score of that refitted model on ``X_test, y_test``, with
        the search's own scoring (``search.score``; refit's metric with several).

        Returns
        -------
        pandas.DataFrame
            One row per run: ``strategy``, ``repeat``, ``best CV score``,
            ``held-out score``; empty (with these columns) before any run has finished.
            :func:`held_out_summary` sums it up per strategy.
        """
        rows = [
            {
                "strategy": strategy,
                "repeat": repeat,
                "best CV score": float(search.best_score_),
                "held-out score": float(search.score(X_test, y_test)),
            }
            for strategy, repeat, search in self.searches
            if hasattr(search, "best_estimator_")
        ]
        return pd.DataFrame(rows, columns=list(HELD_OUT_COLUMNS))

    def to_csv(self, path) -> Path:
        """Write the comparison to a CSV file that :func:`read_comparison` reads back.

        The first line is a comment with what the frame alone does not say (the budget,
        the folds, the grid and how it was chosen, whether it was stopped); the frame
        follows, one row per evaluated candidate. The fitted searches are not written.
        """
        path = Path(path)
        meta = {
            "budget": int(self.budget),
            "n_splits": self.n_splits,
            "params": list(self.params),
            "grid_description": self.grid_description,
            "grid": self.grid,
            "stopped": bool(self.stopped),
        }
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(f"{_CSV_HEADER} {json.dumps(meta, default=_json_default)}\n")
            self.frame.to_csv(file, index=False)
        return path


#: The columns of :meth:`Comparison.held_out`.
HELD_OUT_COLUMNS = ("strategy", "repeat", "best CV score", "held-out score")

_CSV_HEADER = "# hptlearn comparison"


def _json_default(value):
    """What ``json.dumps`` cannot write itself: numpy arrays and scalars as lists and
    numbers, anything else (an estimator in a grid) as its description."""
    return value.tolist() if isinstance(value, np.ndarray | np.generic) else repr(value)


def held_out_summary(held_out: pd.DataFrame) -> pd.DataFrame:
    """Per strategy, the runs of :meth:`Comparison.held_out` summed up: the number of
    runs, the median best CV score, and the median, min and max held-out score.

    >>> runs = pd.DataFrame({"strategy": ["grid", "random", "random", "random"],
    ...                      "repeat": [0, 0, 1, 2],
    ...                      "best CV score": [0.95, 0.97, 0.96, 0.98],
    ...                      "held-out score": [0.93, 0.91, 0.95, 0.94]})
    >>> print(held_out_summary(runs).to_string(index=False))
    strategy  runs  best CV score (median)  held-out (median)  held-out (min)  held-out (max)
        grid     1                    0.95               0.93            0.93            0.93
      random     3                    0.97               0.94            0.91            0.95
    """
    columns = [
        "strategy",
        "runs",
        "best CV score (median)",
        "held-out (median)",
        "held-out (min)",
        "held-out (max)",
    ]
    rows = []
    for strategy, part in held_out.groupby("strategy", sort=False):
        scores = part["held-out score"]
        rows.append(
            [
                strategy,
                len(part),
                float(part["best CV score"].median()),
                float(scores.median()),
                float(scores.min()),
                float(scores.max()),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def read_comparison(path) -> Comparison:
    """A comparison written by :meth:`Comparison.to_csv` (without its fitted searches).

    Everything drawn from the frame works as on the original: :meth:`Comparison.summary`,
    :meth:`Comparison.budget_table` and the figures.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as file:
        first = file.readline()
        if not first.startswith(_CSV_HEADER):
            raise ValueError(
                f"{path} is not a comparison written by Comparison.to_csv: its first line "
                f"should start with {_CSV_HEADER!r}. Read a plain CSV file with pandas.read_csv."
            )
        meta = json.loads(first[len(_CSV_HEADER) :])
        frame = pd.read_csv(file)
    params = [p for p in meta["params"] if p in frame.columns]
    frame = _with_layout(frame, params, meta.get("n_splits"), meta["budget"])
    return Comparison(
        frame=frame,
        grid=meta.get("grid"),
        grid_description=meta.get("grid_description", ""),
        budget=meta["budget"],
        params=params,
        stopped=bool(meta.get("stopped", False)),
        n_splits=meta.get("n_splits"),
    )
