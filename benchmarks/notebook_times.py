"""How long does each notebook take on Binder? Every notebook executed on one CPU core.

Binder's pods get one CPU and 2 GB of memory. This script executes every notebook of
``notebooks/`` (in its own folder, as Jupyter does, with the executed copy written to a
temporary folder: the committed notebooks are not touched)
pinned to one core with ``taskset -c 0`` (Linux), one at a time, and prints a table of the
wall time and peak memory of each, against the notebook budget: 60 s, or 90 s for the long
ones (listed in ``LONG``). A benchmark, not a test: nothing is asserted, the table is printed.

    python benchmarks/notebook_times.py [--core 0] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 60.0
# The long ones: 06 and 09 read precomputed results and still run a few hundred fits; 11
# runs the same 150-fit search three times, twice with two processes or Dask workers, which on
# one core only add their start-up (about 60 s on one core against 20 s on two).
LONG = {
    "06_grid_vs_random.ipynb": 90.0,
    "09_the_race.ipynb": 90.0,
    "11_when_one_machine_is_not_enough.ipynb": 90.0,
}
LONG_BUDGET_NOTE = "90 s for the long ones"


def run(notebook: Path, folder: Path, core: int) -> tuple[float, float, int]:
    """Execute one notebook on one core: (seconds, peak resident MB of the kernel, exit code)."""
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [
        str(jupyter),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--output-dir",
        str(folder),
        "--ExecutePreprocessor.timeout=600",
        "--ExecutePreprocessor.kernel_name=python3",
        str(notebook),
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, cwd=notebook.parent, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    # ru_maxrss of the children is the largest of any child so far (KB on Linux)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
    return seconds, peak, done.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=int, default=0)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not shutil.which("taskset"):
        print("taskset not found: the notebooks run on every core (not Binder-faithful)")
    print(f"one core (taskset -c {args.core}); budget {BUDGET:.0f} s, {LONG_BUDGET_NOTE}")
    print(f"{'notebook':<45} {'seconds':>8} {'budget':>7} {'peak MB':>8}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for notebook in notebooks:
            notebook = Path(notebook).resolve()
            seconds, peak, code = run(notebook, Path(tmp), args.core)
            budget = LONG.get(notebook.name, BUDGET)
            verdict = "FAILED" if code else ("ok" if seconds <= budget else "over budget")
            print(
                f"{notebook.name:<45} {seconds:8.1f} {budget:7.0f} {peak:8.0f}  {verdict}",
                flush=True,
            )
    print("peak MB: the largest resident memory of any process so far (kernel included)")


if __name__ == "__main__":
    main()
