"""How long does one slider change of the manual tuning app take? Target: <= 200 ms median.

Times the whole callback of ManualTuningApp, end to end: setting a slider's value (as the
browser does) refits the model on the training part, scores it on both parts, redraws the
figure to PNG bytes and rebuilds the history table. Default data: the moons data (300
samples, 210 for training and 90 for validation). After a warm-up, the slider steps through
a cycle of values so that every change is a real one, and the median and 90th percentile are
printed; then the same with the validation curve on show (more to draw), and the two parts of
the time without widgets (a trial of hptlearn.state.manual.ManualTuning; redrawing its figure in
place and encoding it as PNG).

    python benchmarks/manual_refit.py [--repeats 60] [--warmup 5] [--model svc]
"""

from __future__ import annotations

import argparse
import statistics
import time

from hptlearn.catalog import MANUAL_PRESETS
from hptlearn.plots.manual import (
    clear_drawn,
    manual_tuning_data,
    manual_tuning_figure,
    plot_manual_tuning,
)
from hptlearn.state.manual import ManualTuning
from hptlearn.widgets._base import figure_png
from hptlearn.widgets.manual import ManualTuningApp

TARGET_MS = 200.0


def cycle_of_values(app, name, n=8):
    """n values spread over the slider's range, as a person would try them."""
    slider = app.sliders[name]
    if type(slider).__name__ == "FloatLogSlider":
        lo, hi = slider.min, slider.max
        return [10 ** (lo + (hi - lo) * (i + 0.5) / n) for i in range(n)]
    lo, hi = slider.min, slider.max
    return sorted({round(lo + (hi - lo) * (i + 0.5) / n) for i in range(n)})


def percentile(times, q):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def time_changes(app, name, values, repeats, warmup):
    slider = app.sliders[name]
    times = []
    for i in range(warmup + repeats):
        value = values[i % len(values)]
        if slider.value == value:
            value = values[(i + 1) % len(values)]
        start = time.perf_counter()
        slider.value = value  # the callback runs here, as after a release of the slider
        elapsed = (time.perf_counter() - start) * 1000
        if "hptlearn-error" in app.message.value:
            raise RuntimeError(app.message.value)
        if i >= warmup:
            times.append(elapsed)
    return times


def report(label, times):
    median, p90 = statistics.median(times), percentile(times, 90)
    verdict = "meets" if median <= TARGET_MS else "MISSES"
    print(
        f"{label:<38} median {median:6.1f} ms   p90 {p90:6.1f} ms   "
        f"(min {min(times):.1f}, max {max(times):.1f}; {len(times)} changes) "
        f"-> {verdict} the {TARGET_MS:.0f} ms target"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--model", default="svc", choices=list(MANUAL_PRESETS))
    args = parser.parse_args()

    app = ManualTuningApp(args.model)
    name = next(iter(app.sliders))
    values = cycle_of_values(app, name)
    print(
        f"ManualTuningApp(model={args.model!r}) on the moons data: {len(app.X_train)} training "
        f"and {len(app.X_val)} validation samples; slider {name!r} cycling through "
        f"{len(values)} values; {args.warmup} warm-up changes"
    )
    report(
        "slider change (refit + redraw)",
        time_changes(app, name, values, args.repeats, args.warmup),
    )

    app.show_validation_curve(name)
    report(
        "... with the validation curve shown",
        time_changes(app, name, values, args.repeats, args.warmup),
    )

    # where the time goes, outside the widgets: the headless trial, then the figure
    tuning = ManualTuning(args.model)
    fig, axes = manual_tuning_figure()
    trial_times, draw_times = [], []
    for i in range(args.repeats):
        start = time.perf_counter()
        tuning.trial(**{name: values[i % len(values)]})
        trial_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for ax in axes:
            clear_drawn(ax)
        plot_manual_tuning(manual_tuning_data(tuning, name), ax=axes)
        figure_png(fig)
        draw_times.append((time.perf_counter() - start) * 1000)
    print(
        f"  parts: ManualTuning.trial (fit + score + record) median "
        f"{statistics.median(trial_times):.1f} ms; redraw in place + PNG median "
        f"{statistics.median(draw_times):.1f} ms (p90 {percentile(draw_times, 90):.1f} ms)"
    )


if __name__ == "__main__":
    main()
