"""How long does a learner take over each notebook? An estimate from what can be counted.

Each notebook's first cell states a time ("**Time**: about 40 minutes"), and
``docs/teaching.md`` repeats it in its table. This script does not time a learner; it counts
what a learner must get through and converts each part with a stated rate:

* the **prose**: words of the markdown cells, at ``--wpm`` words per minute (150 by default,
  a careful reading rate for technical text);
* the **code**: non-blank lines of the code cells, at ``--code-lines`` lines per minute (10:
  about 6 s to read a line of scikit-learn code and see what it does);
* the **outputs**: printed lines (at most 30 per output), at ``--output-lines`` per minute
  (20: 3 s per line of numbers to compare with the prose), and figures, ``--figure``
  minutes each (1);
* the **apps**: each interactive widget the prose asks to play with, ``--app`` minutes (5);
* the **exercises**: each self-check, ``--exercise`` minutes (8: one wrong try, the hint,
  the fix) or ``--quick`` minutes for a "Quick check" (3);
* the **fast** column: the same counts at the rates of :data:`FAST` (200 words and 15 code
  lines per minute, 5 minutes per exercise, ...), a fluent reader; it shows how much the
  estimate depends on the rates, which are assumptions, not measurements;
* the **execution**: the wall time of the notebook's cells, waited for once. By default it
  is read from the execution timestamps that nbconvert stored in the committed notebook (a
  run on a shared machine: an overestimate, and a time over the notebook's budget counts as
  the budget); ``--run`` executes each notebook on one core instead, with
  ``benchmarks/notebook_times.py``.

The solutions (after "## Solution") are not counted: a learner reads one only after trying,
which the exercise allowance covers. A "## Going further" section is counted apart, as the
notebooks state it apart. The path row adds the core of the novice's path 00 -> 03 -> 04 ->
05 -> 07. The last columns compare the estimate with the time the notebook states (the
middle of its range) and with the time ``docs/teaching.md`` states; ``!!`` marks a
difference larger than 25 %. A benchmark, not a test: nothing is asserted.

    python benchmarks/notebook_reading_time.py [--run] [--wpm 150] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_times import BUDGET, LONG  # noqa: E402  (the execution budgets of the notebooks)

ROOT = Path(__file__).resolve().parents[1]
NOVICE_PATH = ("00", "03", "04", "05", "07")
MAX_OUTPUT_LINES = 30  # a long table is skimmed, not read line by line
TOLERANCE = 0.25
#: a fluent reader who gets each exercise right at the first or second try: the "fast" column
FAST = dict(wpm=200, code_lines=15, output_lines=30, figure=0.5, app=3, exercise=5, quick=2)


class Counts(NamedTuple):
    """What a learner gets through in one part of a notebook."""

    words: int
    code_lines: int
    output_lines: int
    figures: int
    apps: int
    exercises: int
    quick_checks: int


class Rates(NamedTuple):
    wpm: float
    code_lines: float
    output_lines: float
    figure: float
    app: float
    exercise: float
    quick: float

    def minutes(self, c: Counts) -> dict[str, float]:
        return {
            "prose": c.words / self.wpm,
            "code": c.code_lines / self.code_lines,
            "outputs": c.output_lines / self.output_lines + c.figures * self.figure,
            "apps": c.apps * self.app,
            "exercises": c.exercises * self.exercise + c.quick_checks * self.quick,
        }


# --- counting ---------------------------------------------------------------------------------

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")


def prose_words(markdown: str) -> int:
    """Words of a markdown cell, its fenced code blocks left out (they count as code)."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = _HTML_TAG.sub(" ", _LINK_TARGET.sub("]", text))
    return len(_WORD.findall(text))


def fenced_code_lines(markdown: str) -> int:
    blocks = re.findall(r"```[^\n]*\n(.*?)```", markdown, flags=re.S)
    return sum(1 for block in blocks for line in block.splitlines() if line.strip())


def output_counts(cell) -> tuple[int, int, int]:
    """(printed lines, figures, widgets) of a code cell's committed outputs."""
    lines = figures = apps = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "application/vnd.jupyter.widget-view+json" in data:
            apps += 1
        elif "image/png" in data or "image/svg+xml" in data:
            figures += 1
        elif output.get("output_type") == "stream":
            lines += min(len(output.get("text", "").splitlines()), MAX_OUTPUT_LINES)
        elif "text/plain" in data:
            lines += min(len(data["text/plain"].splitlines()), MAX_OUTPUT_LINES)
    return lines, figures, apps


def split_parts(nb) -> dict[str, list]:
    """The cells of the core, of "Going further" and of the solutions."""
    parts = {"core": [], "going further": [], "solutions": []}
    part = "core"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"#+\s*Going further", line):
                    part = "going further"
                elif re.match(r"#+\s*Solution", line):
                    part = "solutions"
        parts[part].append(cell)
    return parts


def count(cells) -> Counts:
    words = code = out = figures = apps = exercises = quick = 0
    heading = ""
    for cell in cells:
        if cell.cell_type == "markdown":
            words += prose_words(cell.source)
            code += fenced_code_lines(cell.source)
            headings = [line for line in cell.source.splitlines() if line.startswith("#")]
            heading = headings[-1] if headings else heading
        elif cell.cell_type == "code":
            code += sum(1 for line in cell.source.splitlines() if line.strip())
            lines, figs, widgets = output_counts(cell)
            out, figures, apps = out + lines, figures + figs, apps + widgets
            if re.search(r"\bcheck_\w+\(", cell.source):
                if "quick check" in heading.lower():
                    quick += 1
                else:
                    exercises += 1
    return Counts(words, code, out, figures, apps, exercises, quick)


def committed_seconds(nb) -> float | None:
    """Wall time from the first cell's start to the last cell's reply, as nbconvert stored it."""
    starts, ends = [], []
    for cell in nb.cells:
        execution = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in execution and "shell.execute_reply" in execution:
            starts.append(datetime.fromisoformat(execution["iopub.execute_input"][:26]))
            ends.append(datetime.fromisoformat(execution["shell.execute_reply"][:26]))
    if not starts:
        return None
    return (max(ends) - min(starts)).total_seconds()


def run_seconds(notebook: Path) -> float:
    """Execute the notebook on one core (benchmarks/notebook_times.py) and time it."""
    from notebook_times import run

    with tempfile.TemporaryDirectory() as tmp:
        seconds, _, code = run(notebook, Path(tmp), core=0)
    return float("nan") if code else seconds


# --- what the notebooks and the kit state -------------------------------------------------------


class Stated(NamedTuple):
    low: float
    high: float
    going_further: float

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        core = f"{self.low:.0f}" if self.low == self.high else f"{self.low:.0f}-{self.high:.0f}"
        return core + (f" +{self.going_further:.0f}" if self.going_further else "")


def parse_stated(text: str) -> Stated | None:
    """'about 60 to 75 minutes ... adds 15' -> Stated(60, 75, 15)."""
    text = " ".join(text.split())
    found = re.search(r"about (\d+)(?: to (\d+))? minutes", text)
    if not found:
        return None
    low = float(found.group(1))
    high = float(found.group(2) or low)
    extra = re.search(r"(?:plus|adds) (\d+)", text[found.end() :])
    return Stated(low, high, float(extra.group(1)) if extra else 0.0)


def stated_in_notebook(nb) -> Stated | None:
    found = re.search(r"\*\*Time\*\*:(.*?)(?:\n\*\*|\Z)", nb.cells[0].source, flags=re.S)
    return parse_stated(found.group(1)) if found else None


def stated_in_kit() -> dict[str, Stated]:
    """The Time column of docs/teaching.md's table of notebooks, by number."""
    kit = {}
    path = ROOT / "docs" / "teaching.md"
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.match(r"\d\d ", cells[0]):
            stated = parse_stated(cells[1])
            if stated:
                kit.setdefault(cells[0][:2], stated)
    return kit


# --- the table --------------------------------------------------------------------------------


def _flag(estimate: float, stated: Stated | None) -> str:
    if stated is None:
        return f"{'-':>9}"
    ratio = estimate / stated.middle - 1
    return f"{ratio:>+7.0%}{' !!' if abs(ratio) > TOLERANCE else '   '}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wpm", type=float, default=150.0, help="prose words per minute")
    parser.add_argument("--code-lines", type=float, default=10.0, help="code lines per minute")
    parser.add_argument("--output-lines", type=float, default=20.0, help="output lines/minute")
    parser.add_argument("--figure", type=float, default=1.0, help="minutes per figure")
    parser.add_argument("--app", type=float, default=5.0, help="minutes per interactive app")
    parser.add_argument("--exercise", type=float, default=8.0, help="minutes per exercise")
    parser.add_argument("--quick", type=float, default=3.0, help="minutes per quick check")
    parser.add_argument("--run", action="store_true", help="execute each notebook on one core")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    rates = Rates(
        args.wpm,
        args.code_lines,
        args.output_lines,
        args.figure,
        args.app,
        args.exercise,
        args.quick,
    )
    fast = Rates(**FAST)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    kit = stated_in_kit()
    print(
        f"rates: prose {rates.wpm:g} words/min, code {rates.code_lines:g} lines/min, outputs "
        f"{rates.output_lines:g} lines/min + {rates.figure:g} min/figure, {rates.app:g} min/app, "
        f"{rates.exercise:g} min/exercise, {rates.quick:g} min/quick check"
    )
    print(
        "execution: "
        + ("run now on one core" if args.run else "from the committed notebooks' timestamps")
    )
    header = (
        f"{'nb':<3}{'words':>6}{'prose':>6}{'code':>5}{'min':>5}{'out':>5}{'fig':>4}{'min':>5}"
        f"{'app':>4}{'ex':>4}{'qc':>3}{'min':>5}{'run s':>6}{'total':>6}{'fast':>5}{'+GF':>5}"
        f"{'notebook says':>15}{'diff':>9}{'kit says':>11}{'diff':>9}"
    )
    print(header)
    totals = {}
    for notebook in notebooks:
        notebook = Path(notebook).resolve()
        nb = nbformat.read(notebook, as_version=4)
        parts = split_parts(nb)
        core, further = count(parts["core"]), count(parts["going further"])
        minutes = rates.minutes(core)
        seconds = run_seconds(notebook) if args.run else committed_seconds(nb)
        budget = LONG.get(notebook.name, BUDGET)
        waited = min(seconds or 0, budget) if not args.run else (seconds or 0)
        total = sum(minutes.values()) + waited / 60
        extra = sum(rates.minutes(further).values())
        quick = sum(fast.minutes(core).values()) + waited / 60
        number = notebook.name[:2]
        totals[number] = (total, stated_in_notebook(nb), quick)
        says, kit_says = stated_in_notebook(nb), kit.get(number)
        run_text = f"{seconds:6.0f}" if seconds is not None else f"{'-':>6}"
        if seconds is not None and seconds > budget:
            run_text = f"{seconds:5.0f}*"  # over the notebook budget: a busy machine?
        print(
            f"{number:<3}{core.words:>6}{minutes['prose']:>6.0f}{core.code_lines:>5}"
            f"{minutes['code']:>5.0f}{core.output_lines:>5}{core.figures:>4}"
            f"{minutes['outputs']:>5.0f}{core.apps:>4}{core.exercises:>4}{core.quick_checks:>3}"
            f"{minutes['apps'] + minutes['exercises']:>5.0f}{run_text}{total:>6.0f}{quick:>5.0f}"
            f"{(f'+{extra:.0f}' if extra else ''):>5}"
            f"{str(says) if says else '-':>15}{_flag(total, says)}"
            f"{str(kit_says) if kit_says else '-':>11}{_flag(total, kit_says)}"
        )
    path = [n for n in NOVICE_PATH if n in totals]
    if path:
        estimate = sum(totals[n][0] for n in path)
        said = [totals[n][1] for n in path]
        print(f"\nthe novice's path {' -> '.join(path)} (cores, without Going further):")
        fluent = sum(totals[n][2] for n in path)
        print(
            f"  estimate {estimate:.0f} min ({estimate / 60:.1f} h), fast {fluent:.0f} min "
            f"({fluent / 60:.1f} h)",
            end="",
        )
        if all(said):
            low, high = sum(s.low for s in said), sum(s.high for s in said)
            print(
                f"; the notebooks state {low:.0f}-{high:.0f} min "
                f"({low / 60:.1f}-{high / 60:.1f} h): "
                f"{estimate / ((low + high) / 2) - 1:+.0%} against the middle"
            )
        else:
            print()
    print(
        "\ncolumns: words and prose minutes; code lines and minutes; output lines, figures and "
        "their minutes; apps, exercises, quick checks and their minutes; execution seconds; the "
        "total in minutes, and at the fast rates; +GF the Going further section apart. diff: the "
        f"estimate against the middle of the stated range, !! beyond {TOLERANCE:.0%}. * an "
        "execution time over the notebook's budget (60 s, 90 s for the long ones): its committed "
        "run was slowed by a busy machine, and the totals count the budget instead; --run "
        "measures it again on one core."
    )


if __name__ == "__main__":
    main()
