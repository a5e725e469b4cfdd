"""How long the race lab takes: every registered strategy over 20 seeds on the recorded
learning curves, one core, and where the time goes.

Prints the wall and CPU seconds of ``race_lab`` (target: at most 10 s on one core), per
strategy, the fits it made and the seconds per fit, then the same for the fairness dial,
and the table each reports. Run from the repository root, ideally on a quiet machine and
on one core::

    taskset -c 0 .venv/bin/python benchmarks/race_lab.py [--profile]

``--profile`` adds the 15 most expensive functions of one run of each strategy.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

import pandas as pd

from hptlearn.compare.lab import _run, fairness_dial, plan_lab_strategy, race_lab
from hptlearn.replay import load_recording

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 20)


def main(profile: bool) -> None:
    rec = load_recording()
    race_lab(rec, seeds=1, budget=9)  # imports and first calls, not counted
    wall, cpu = time.perf_counter(), time.process_time()
    lab = race_lab(rec, seeds=20, budget=9)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"race_lab: {len(lab.runs)} runs of {len(lab.strategies)} strategies, "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU (target: <= 10 s on one core)"
    )
    per = lab.runs.groupby("strategy", sort=False).agg(
        runs=("seed", "size"),
        wall=("wall_seconds", "sum"),
        evaluations=("n_evaluations", "sum"),
    )
    per["fits"] = per["evaluations"] * rec.n_splits
    per["ms_per_fit"] = 1000 * per["wall"] / per["fits"]
    print(per.round(3).to_string())
    print()
    for name, plan in lab.plans.items():
        print(f"  {name}: {plan.description}")
    print()
    print(lab.summary().round(4).to_string())

    wall, cpu = time.perf_counter(), time.process_time()
    dial = fairness_dial(rec, budget=9, seeds=20, lab=lab)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\nfairness_dial (reusing the race's adaptive runs): {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(dial.round(3).to_string())

    if profile:
        for name in lab.strategies:
            plan = plan_lab_strategy(rec, name, 9)
            prof = cProfile.Profile()
            prof.enable()
            _run(rec, plan, 0, 1)
            prof.disable()
            print(f"\n--- {name} ---")
            pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main("--profile" in sys.argv)
