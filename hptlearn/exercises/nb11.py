"""Self-checks of notebook 11: when one machine is not enough."""

from __future__ import annotations

import math
import numbers

import numpy as np

from hptlearn.exercises._feedback import Feedback, _check, _finite_number, _given, _Stop

# --------------------------------------------------------------------------------------
# Notebook 11: when one machine is not enough
# --------------------------------------------------------------------------------------


def _duration(value, name: str, *, zero: bool = False) -> float:
    """A set-up duration in seconds (or a count): a finite number, positive (or >= 0)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {value!r}.")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        raise ValueError(f"{name} must be a {'' if zero else 'positive '}number, not {value!r}.")
    return value


def _number(answer, example: str) -> float:
    """The reader's answer as a finite float, or a message saying how to write it."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        raise _Stop(f"The answer must be a number such as {example}, not {answer!r}.")
    return _finite_number(answer, example)


def _nearest_slip(value: float, slips, rel_tol: float) -> Feedback | None:
    """The feedback of the slip ``(wrong value, message, hint)`` nearest to ``value``,
    among those within ``rel_tol`` of it (the first listed on a tie), or None."""
    near = [
        (abs(value - wrong), n, message, hint)
        for n, (wrong, message, hint) in enumerate(slips)
        if math.isclose(value, wrong, rel_tol=rel_tol)
    ]
    if not near:
        return None
    _, _, message, hint = min(near)
    return Feedback(False, message, hint)


@_check
def check_projected_wall(answer, *, fits, fit_time, workers, overhead, startup=0.0) -> Feedback:
    """Check the projected wall time, in seconds, of ``fits`` fits of ``fit_time`` seconds
    each on ``workers`` workers, when a scheduler hands out one task after another at
    ``overhead`` seconds per task and the cluster takes ``startup`` seconds to start:
    ``startup + fits * fit_time / workers + fits * overhead`` (the fits are shared by the
    workers; the overhead is paid one task at a time, whatever the number of workers).
    Answers within 1 % are right."""
    fits = _duration(fits, "fits")
    fit_time = _duration(fit_time, "fit_time")
    workers = _duration(workers, "workers")
    overhead = _duration(overhead, "overhead", zero=True)
    startup = _duration(startup, "startup", zero=True)
    value = _number(_given(answer, "a number of seconds"), "120")
    compute, serial = fits * fit_time / workers, fits * overhead
    expected = startup + compute + serial

    def close(x):
        return math.isclose(value, x, rel_tol=0.01)

    if close(expected):
        return Feedback(
            True,
            f"Correct! {startup:g} s to start + {fits:g} x {fit_time:g} / {workers:g} = "
            f"{compute:g} s of fitting shared by the workers + {fits:g} x {overhead:g} = "
            f"{serial:g} s of overhead, one task at a time: about {expected:g} s, against "
            f"{fits * fit_time:g} s for the same fits one after another in one process.",
        )
    slips = [
        (
            startup + fits * (fit_time + overhead) / workers,
            "Not quite: the overhead is not shared.",
            "The scheduler hands out one task after another: the overhead of every task "
            "adds up, whatever the number of workers.",
        ),
        (
            compute + serial,
            "Almost: the start-up.",
            "The cluster has to start (or be reached) before the first fit.",
        ),
        (
            startup + compute,
            "Almost: the overhead per task.",
            "Every fit is one task, and every task costs the scheduler some time.",
        ),
        (
            startup + fits * fit_time + serial,
            "Not quite: the fits are shared.",
            "The workers fit at the same time: divide the fitting time by their number.",
        ),
        (
            startup + max(compute, serial),
            "That is the optimistic version, where dispatching overlaps with fitting.",
            "This exercise asks for the sum of the three terms, the pessimistic model.",
        ),
        (
            fits * fit_time,
            "That is the time of the fits one after another in one process.",
            "Add the start-up, share the fits among the workers, add the overhead per task.",
        ),
    ]
    slip = _nearest_slip(value, slips, rel_tol=0.01)
    if slip is not None:
        return slip
    return Feedback(
        False,
        "Not quite.",
        "Start-up + fits x fit time / workers + fits x overhead, all in seconds.",
    )


@_check
def check_busy_workers(answer, *, fit_time, overhead) -> Feedback:
    """Check how many workers a scheduler that hands out one task every ``overhead``
    seconds can keep busy with fits of ``fit_time`` seconds: ``fit_time / overhead`` (in
    the time one fit takes, it hands out that many tasks). Answers within 1 of it (or 1 %)
    are right, so that rounding either way counts."""
    fit_time = _duration(fit_time, "fit_time")
    overhead = _duration(overhead, "overhead")
    value = _number(_given(answer, "a number of workers"), "25")
    expected = fit_time / overhead

    def close(x):
        return math.isclose(value, x, rel_tol=0.01, abs_tol=1.0)

    if close(expected):
        return Feedback(
            True,
            f"Correct! In one fit of {fit_time:g} s the scheduler hands out "
            f"{fit_time:g} / {overhead:g} = {expected:g} tasks: about {expected:g} workers "
            "stay busy, and more workers than that wait for work.",
        )
    slips = [
        (
            overhead / fit_time,
            "Not quite: upside down.",
            "How many tasks are handed out during one fit?",
        ),
        *(
            (
                expected * factor,
                "Not quite: the units.",
                "Write the fit time and the overhead in the same unit (1 ms = 0.001 s).",
            )
            for factor in (1000, 1 / 1000)
        ),
    ]
    slip = _nearest_slip(value, slips, rel_tol=0.05)
    if slip is not None:
        return slip
    return Feedback(
        False,
        "Not quite.",
        "The scheduler hands out one task every `overhead` seconds; a worker needs a new "
        "one every `fit_time` seconds.",
    )


# This section lists itself, so that it stays one block at the end of the module.
