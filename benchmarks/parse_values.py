"""How long, and how much memory, does parse_values take on the worst text one can type?

Target: any text up to 1 MB is answered (values, or a SpaceSyntaxError) in under 50 ms and
under 20 MB of memory. For each worst-case pattern (many ranges, each under MAX_VALUES, that
add up; log ranges; deep brackets; long words, quoted text and numbers; blank text; text that
would make a regular expression backtrack), the pattern is repeated to each size, from 1,000
characters, through MAX_TEXT_LENGTH (read in full), to 1 MB (refused by its length first). For
each, the median time of several runs and the peak memory that tracemalloc sees during one
run are printed, with what parse_values answered and whether the target is met.

    python benchmarks/parse_values.py [--repeats 7] [--sizes 1000,5000,5001,1000000]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

from hptlearn.syntax import MAX_TEXT_LENGTH, SpaceSyntaxError, parse_values

TARGET_MS = 50.0
TARGET_MB = 20.0

# name -> (pattern repeated to fill the size, text put before it, text put after it)
PATTERNS = {
    "ranges '1..9999, '": ("1..9999, ", "", ""),
    "small ranges '1..9, '": ("1..9, ", "", ""),
    "log ranges '1e-3..1e3 log 9999, '": ("1e-3..1e3 log 9999, ", "", ""),
    "log ranges '1e-3..1e3 log 9, '": ("1e-3..1e3 log 9, ", "", ""),
    "float steps '0..1 step 0.01, '": ("0..1 step 0.01, ", "", ""),
    "distinct numbers '0, 1, 2, ...'": (None, "", ""),  # built below
    "one range of MAX_VALUES, log": ("", "1e-3..1e3 log 10000", ""),
    "one range of MAX_VALUES, whole": ("", "1..10000", ""),
    "tuples '(1, 2, 3), '": ("(1, 2, 3), ", "", ""),
    "nested '((((('": ("(", "", ""),
    "nested tuple '(1, (1, ...'": ("(1, ", "", ""),
    "one long word 'aaaa...'": ("a", "", ""),
    "dotted word 'a.a.a...'": ("a.", "", ""),
    "dashed word 'a-a-a-...' then '('": ("a-", "", "("),
    "long quoted text": ("a", "'", "'"),
    "unclosed quote": ("a", "'", ""),
    "many quoted texts": ("'a', ", "", ""),
    "one huge number '1111...'": ("1", "", ""),
    "zeros then 1 '0000...1'": ("0", "", "1"),
    "long decimal '0.0000...'": ("0", "0.", ""),
    "exponent digits '1e0000...'": ("0", "1e", ""),
    "spaces": (" ", "", ""),
    "commas": (",", "", ""),
    "newlines and tabs": ("\n\t", "", ""),
    "dots '....'": (".", "", ""),
    "minus signs '----'": ("-", "", ""),
    "glued '1.1.1.1...'": ("1.", "", ""),
    "words then '..' 'a a a ..'": ("a ", "", ".."),
    "keywords 'lambda, '": ("lambda, ", "", ""),
    "not ASCII 'é'": ("é", "", ""),
}


def make_text(name, size):
    """The pattern repeated (and cut) so that the whole text is ``size`` characters."""
    pattern, before, after = PATTERNS[name]
    if pattern is None:  # distinct numbers: no duplicates, every value counts
        parts, length = [], 0
        while length < size:
            parts.append(f"{len(parts)}, ")
            length += len(parts[-1])
        return "".join(parts)[:size]
    if not pattern:  # a fixed text, padded with spaces to the size
        return before + " " * max(0, size - len(before))
    room = max(0, size - len(before) - len(after))
    body = (pattern * (room // len(pattern) + 1))[:room]
    return before + body + after


def answer(text):
    """What parse_values says, in a few words."""
    try:
        values = parse_values(text)
    except SpaceSyntaxError as error:
        return "error: " + str(error).split("\n", 1)[0][:58]
    return f"{len(values):,} value{'s' if len(values) != 1 else ''}"


def measure(text, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        answer(text)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    try:
        said = answer(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return statistics.median(times), peak / 1e6, said


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=7)
    default_sizes = f"1000,{MAX_TEXT_LENGTH},{MAX_TEXT_LENGTH + 1},1000000"
    parser.add_argument("--sizes", default=default_sizes)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    print(
        f"parse_values: median of {args.repeats} runs, peak memory of one run (tracemalloc); "
        f"target < {TARGET_MS:g} ms and < {TARGET_MB:g} MB; MAX_TEXT_LENGTH = {MAX_TEXT_LENGTH:,}"
    )
    header = f"{'input':<36} {'chars':>9} {'ms':>8} {'MB':>7}  {'target':<7} answer"
    print(header)
    print("-" * len(header))
    worst_ms, worst_mb, n_missed = 0.0, 0.0, 0
    for name in PATTERNS:
        for size in sizes:
            text = make_text(name, size)
            ms, mb, said = measure(text, args.repeats)
            met = ms < TARGET_MS and mb < TARGET_MB
            n_missed += not met
            worst_ms, worst_mb = max(worst_ms, ms), max(worst_mb, mb)
            verdict = "met" if met else "MISSED"
            print(f"{name:<36} {len(text):>9,} {ms:>8.2f} {mb:>7.3f}  {verdict:<7} {said}")
    print("-" * len(header))
    print(
        f"worst: {worst_ms:.2f} ms, {worst_mb:.3f} MB; "
        + ("every input meets the target" if n_missed == 0 else f"{n_missed} inputs MISS it")
    )
    return 0 if n_missed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
