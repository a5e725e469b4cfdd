"""Which notebook cells follow the CPU? Every notebook executed under several OpenBLAS kernels.

A notebook's committed outputs must reproduce on any x86-64 machine (nbval strict checks them in
CI, which may run on another CPU than the one that executed the notebooks). Two libraries pick
their code by the CPU they run on:

- OpenBLAS picks a kernel per CPU family (``SkylakeX`` on an AVX-512 machine, ``Haswell`` on an
  AVX2 one...); matrix products then round differently in their last bits, and numerically
  chaotic computations (lbfgs or SGD networks run for many steps) amplify that into different
  weights, iteration counts and losses. ``OPENBLAS_CORETYPE=NAME`` in a process's environment
  forces an older kernel.
- NumPy dispatches some ufuncs (``exp``, ``log``, ...) to SIMD loops (AVX-512 ones on an AVX-512
  machine) whose results can differ from the plain loops in the last bit.
  ``NPY_DISABLE_CPU_FEATURES`` turns those loops off.

This script executes each notebook (in its own folder, as Jupyter does; the executed copy goes to
a temporary folder, the committed notebooks are not touched) once per *variant* of that
environment, each in its own ``jupyter nbconvert --execute`` process, and compares the outputs cell
by cell with the committed ones, as nbval strict does (the same fields, images skipped, streams
merged, the patterns of ``tests/nbval_sanitize.cfg`` replaced). It prints, per notebook and
variant, the cells whose outputs differ (0-based position in the notebook and nbval's code-cell
number) with the differing lines. A benchmark, not a test: nothing is asserted; the exit code is
1 when some cell differs, so it can gate a release by hand.

    python benchmarks/notebook_coretypes.py [--variants native Haswell ...] [--jobs 1]
                                            [--keep DIR] [NOTEBOOK ...]

Default: every numbered notebook and the dashboard, under the variants ``native`` (the machine's
own kernel), ``Haswell``, ``Sandybridge`` and ``Prescott`` (OpenBLAS kernels), ``numpy-avx2``
(NumPy's AVX-512 loops off, as on an AVX2 CPU) and ``numpy-baseline`` (every NumPy SIMD dispatch
off). Notebooks of 30-90 s each under six variants take a while: pass the notebooks you changed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
BLAS_CORETYPES = ("Haswell", "Sandybridge", "Prescott")
# nbval strict's comparison: these output fields are not compared (images neither, without
# nbdime); everything else is, text/plain, text/html and stream text included.
SKIP_COMPARE = {
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
}


def numpy_dispatch_targets() -> tuple[list[str], list[str]]:
    """NumPy's SIMD dispatch targets found on this CPU: (all of them, those beyond AVX2)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    found = [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]
    beyond_avx2 = [name for name in found if name == "X86_V4" or name.startswith("AVX512")]
    return found, beyond_avx2


def variants() -> dict[str, dict[str, str]]:
    """Variant name -> the environment variables that make it."""
    found, beyond_avx2 = numpy_dispatch_targets()
    table: dict[str, dict[str, str]] = {"native": {}}
    for coretype in BLAS_CORETYPES:
        table[coretype] = {"OPENBLAS_CORETYPE": coretype}
    table["numpy-avx2"] = {"NPY_DISABLE_CPU_FEATURES": " ".join(beyond_avx2)} if beyond_avx2 else {}
    table["numpy-baseline"] = {"NPY_DISABLE_CPU_FEATURES": " ".join(found)} if found else {}
    return table


def describe(env: dict[str, str]) -> str:
    """What a process with these variables runs: the OpenBLAS kernels and NumPy's SIMD loops."""
    probe = (
        "import numpy, threadpoolctl\n"
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__\n"
        "blas = sorted({i.get('architecture', '?') for i in threadpoolctl.threadpool_info()\n"
        "               if i['user_api'] == 'blas'})\n"
        "simd = [n for n in __cpu_dispatch__ if __cpu_features__.get(n)] or ['baseline']\n"
        "print('OpenBLAS ' + '/'.join(blas) + ', NumPy SIMD ' + ' '.join(simd))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def sanitize_patterns() -> list[tuple[str, str]]:
    """The regex -> replacement pairs of the sanitize file, in nbval's own format."""
    text = SANITIZE.read_text()
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def cell_texts(cell, patterns) -> list[str]:
    """The compared fields of a code cell's outputs, as nbval strict sees them, one string each."""
    streams: dict[str, str] = {}
    fields: list[str] = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            streams[output.name] = streams.get(output.name, "") + output.text
            continue
        for key, value in output.items():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, content in value.items():
                    if mime not in SKIP_COMPARE:
                        fields.append(f"[{mime}]\n{_sanitize(content, patterns)}")
            else:
                fields.append(f"[{key}]\n{_sanitize(value, patterns)}")
    for name, text in streams.items():
        text = re.sub(r"^.*\r(?=[^\n])", "", text, flags=re.MULTILINE)
        fields.append(f"[{name}]\n{_sanitize(text, patterns)}")
    return sorted(fields)


def _sanitize(value, patterns):
    if isinstance(value, list):
        value = "".join(value) if all(isinstance(v, str) for v in value) else repr(value)
    if not isinstance(value, str):
        return repr(value)
    for regex, replace in patterns:
        value = re.sub(regex, replace, value)
    return value


def compared(cell) -> bool:
    """Whether nbval strict compares this cell's outputs (its markers and tags honoured)."""
    source = cell.source
    tags = set(cell.get("metadata", {}).get("tags", []))
    ignored = {"NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP"}
    if any(marker in source for marker in ignored):
        return False
    if tags & {"nbval-ignore-output", "nbval-skip"}:
        return False
    return cell.get("execution_count") is not None


def differing_cells(committed, executed, patterns) -> list[tuple[int, int, list[str]]]:
    """(position, code-cell number, diff lines) for every code cell whose outputs differ."""
    found = []
    code_number = -1
    executed_cells = executed.cells
    for position, cell in enumerate(committed.cells):
        if cell.cell_type != "code":
            continue
        code_number += 1
        if not compared(cell):
            continue
        if position >= len(executed_cells):
            found.append((position, code_number, ["(not executed)"]))
            continue
        ref = "\n".join(cell_texts(cell, patterns)).splitlines()
        new = "\n".join(cell_texts(executed_cells[position], patterns)).splitlines()
        if ref != new:
            diff = [
                line
                for line in difflib.unified_diff(ref, new, n=0, lineterm="")
                if not line.startswith(("---", "+++", "@@"))
            ]
            found.append((position, code_number, diff))
    return found


def execute(notebook: Path, env: dict[str, str], folder: Path, timeout: int) -> tuple[float, str]:
    """Execute one notebook into ``folder`` with these extra variables: (seconds, error text)."""
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [
        str(jupyter),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--output-dir",
        str(folder),
        f"--ExecutePreprocessor.timeout={timeout}",
        "--ExecutePreprocessor.kernel_name=python3",
        str(notebook),
    ]
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=notebook.parent,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    error = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    error = re.sub(r"\x1b\[[0-9;]*m", "", error)  # the kernel's colours
    return seconds, error


def run_one(notebook: Path, name: str, env: dict[str, str], keep: Path | None, timeout: int):
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep / name if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        seconds, error = execute(notebook, env, folder, timeout)
        executed_path = folder / notebook.name
        if error or not executed_path.exists():
            return notebook, name, seconds, error or "no executed notebook written", []
        committed = nbformat.read(notebook, as_version=4)
        executed = nbformat.read(executed_path, as_version=4)
        cells = differing_cells(committed, executed, sanitize_patterns())
        return notebook, name, seconds, "", cells


def main() -> int:
    table = variants()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument(
        "--variants", nargs="+", default=list(table), choices=list(table), metavar="VARIANT"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="executions at a time (default 1: the CPU is shared)"
    )
    parser.add_argument("--keep", type=Path, help="keep the executed notebooks in DIR/VARIANT/")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--lines", type=int, default=12, help="diff lines shown per cell")
    args = parser.parse_args()
    notebooks = [Path(nb).resolve() for nb in args.notebooks] or [
        *sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
        ROOT / "notebooks" / "dashboard.ipynb",
    ]
    print("variants (what a kernel started with them runs):")
    for name in args.variants:
        env = table[name]
        settings = " ".join(f"{k}={v!r}" for k, v in env.items()) or "(no variable set)"
        print(f"  {name:<15} {settings}\n  {'':<15} -> {describe(env)}")
    keep = args.keep.resolve() if args.keep else None
    work = [(nb, name) for nb in notebooks for name in args.variants]
    fragile = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [
            pool.submit(run_one, nb, name, table[name], keep, args.timeout) for nb, name in work
        ]
        for future in futures:
            notebook, name, seconds, error, cells = future.result()
            head = f"{notebook.name} [{name}] {seconds:.0f} s elapsed:"
            if error:
                print(f"{head} FAILED to execute: {error}", flush=True)
                fragile += 1
                continue
            if not cells:
                print(f"{head} every compared cell as committed", flush=True)
                continue
            fragile += len(cells)
            positions = ", ".join(str(p) for p, _, _ in cells)
            print(f"{head} {len(cells)} cell(s) differ: {positions}", flush=True)
            for position, number, diff in cells:
                print(f"  cell {position} (nbval 'Cell {number}'):")
                for line in diff[: args.lines]:
                    print(f"    {line[:160]}")
                if len(diff) > args.lines:
                    print(f"    ... {len(diff) - args.lines} more lines")
    return 1 if fragile else 0


if __name__ == "__main__":
    sys.exit(main())
