"""Self-checks of notebook 05: random search."""

from __future__ import annotations

import math
import numbers

from hptlearn.exercises._feedback import Feedback, _check, _given, _Stop, _whole_number, _word

# --------------------------------------------------------------------------------------
# Notebook 05: random search
# --------------------------------------------------------------------------------------


@_check
def check_top_fraction_budget(answer, *, fraction=0.05, probability=0.90) -> Feedback:
    """Check the smallest n with ``1 - (1 - fraction)**n >= probability``: how many random
    candidates make it that likely that one of them lands in the top ``fraction``."""
    if not (0 < fraction < 1 and 0 < probability < 1):
        raise ValueError(
            f"fraction and probability must be between 0 and 1; got "
            f"fraction={fraction!r}, probability={probability!r}."
        )
    n = _whole_number(
        _given(answer, "a whole number of candidates"), "The number of candidates", minimum=1
    )
    expected = math.ceil(math.log(1 - probability) / math.log(1 - fraction))
    miss = 1 - fraction
    reached = 1 - miss**n
    if n == expected:
        return Feedback(
            True,
            f"Correct! With n = {n}, 1 - {miss:g}^{n} = {reached:.3f} >= "
            f"{probability:g}, and one fewer falls short.",
        )
    if n > expected:
        return Feedback(
            False, f"Enough ({reached:.3f} >= {probability:g}), but not the smallest.", "Try fewer."
        )
    if n == expected - 1:
        return Feedback(
            False,
            f"Just short: 1 - {miss:g}^{n} = {reached:.4f} < {probability:g}.",
            "Solving with logarithms gives a number with decimals: rounding it down falls short.",
        )
    return Feedback(
        False,
        f"Not enough: 1 - {miss:g}^{n} = {reached:.3f} < {probability:g}.",
        f"Solve 1 - {miss:g}^n >= {probability:g} with logarithms.",
    )


#: other spellings of the kinds of distribution, e.g. scipy's ``loguniform``
_DISTRIBUTION_ALIASES = {
    "loguniform": "log-uniform",
    "log uniform": "log-uniform",
    "reciprocal": "log-uniform",
    "randint": "integer",
    "int": "integer",
    "log integer": "log-integer",
    "loginteger": "log-integer",
    "categorial": "categorical",
}


@_check
def check_distribution_choice(name, *, low, high, answer) -> Feedback:
    """Check the distribution (a key of :data:`hptlearn.distributions.DISTRIBUTIONS`)
    chosen for a real hyperparameter ``name`` searched between ``low`` and ``high``:
    log-uniform when the range spans at least two factors of ten, else uniform."""
    from hptlearn.distributions import DISTRIBUTIONS

    if not 0 < low < high:
        raise ValueError(f"Need 0 < low < high; got low={low!r}, high={high!r}.")
    kinds = ", ".join(repr(k) for k in DISTRIBUTIONS)
    choice = _word(_given(answer, f"one of {kinds}"))
    choice = _DISTRIBUTION_ALIASES.get(choice.replace("_", " ").replace("-", " "), choice)
    if choice not in DISTRIBUTIONS:
        raise _Stop(f"{answer!r} is not one of {kinds}.")
    decades = math.log10(high / low)
    if decades >= 2:
        if choice == "log-uniform":
            return Feedback(
                True,
                f"Correct! {name} spans {decades:g} factors of ten: a "
                "log-uniform distribution gives each the same chance.",
            )
        if choice == "uniform":
            share = (low * 10 - low) / (high - low)
            return Feedback(
                False,
                f"A uniform draw between {low:g} and {high:g} lands below "
                f"{low * 10:g} only {share:.2%} of the time.",
                "The small values would hardly be tried. What matters is the order of magnitude.",
            )
    elif choice == "uniform":
        return Feedback(
            True,
            f"Correct! {name} spans less than two factors of ten: a uniform "
            "distribution covers it evenly.",
        )
    if choice in ("integer", "categorical"):
        return Feedback(
            False, "Not quite.", f"{name} is a real number, not a whole number or a category."
        )
    return Feedback(
        False, "Not quite.", f"How many factors of ten lie between {low:g} and {high:g}?"
    )


#: the space of :func:`check_random_search`: name -> (low, high) of a log-uniform draw
RANDOM_SEARCH_SPACE = {"svc__C": (1e-2, 1e3), "svc__gamma": (1e-4, 1e0)}
#: the budget of :func:`check_random_search`
RANDOM_SEARCH_N_ITER = 20


def _distribution_slip(name, dist, low, high) -> Feedback | None:
    """Feedback on the distribution given for ``name``, or None when it is log-uniform on
    ``[low, high]``."""
    if not hasattr(dist, "rvs"):
        return Feedback(
            False,
            f"Not quite: {name} is a list of {len(dist)} values, drawn from one by one.",
            "Give a distribution from scipy.stats instead: it can draw any value in the range.",
        )
    family = getattr(getattr(dist, "dist", None), "name", type(dist).__name__)
    if family not in ("loguniform", "reciprocal"):
        return Feedback(
            False,
            f"Not quite: {name} is drawn from a {family} distribution.",
            f"{name} is a scale hyperparameter: what matters is its order of magnitude "
            "(notebook 05, section 1).",
        )
    a, b = (float(v) for v in dist.support())
    if not (math.isclose(a, low, rel_tol=1e-9) and math.isclose(b, high, rel_tol=1e-9)):
        return Feedback(
            False,
            f"Not quite: {name} is drawn between {a:g} and {b:g}.",
            f"The exercise's range for {name} goes from {low:g} to {high:g}.",
        )
    return None


@_check
def check_random_search(search, X, y) -> Feedback:
    """Check a fitted ``RandomizedSearchCV`` over the SVC pipeline of notebook 05:
    :data:`RANDOM_SEARCH_SPACE` drawn log-uniformly (``scipy.stats.loguniform``),
    :data:`RANDOM_SEARCH_N_ITER` candidates, 5-fold cross-validation, a fixed integer
    ``random_state``, fitted on ``X, y`` (the training set)."""
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.svm import SVC

    from hptlearn.exercises.nb04 import _fitted_on, _fitted_search, _pipeline_steps

    search = _fitted_search(search, RandomizedSearchCV, "a fitted RandomizedSearchCV")
    wrong = _pipeline_steps(search, SVC, "An SVC")
    if wrong is not None:
        return wrong
    space = search.param_distributions
    if not isinstance(space, dict) or set(space) != set(RANDOM_SEARCH_SPACE):
        names = sorted(space) if isinstance(space, dict) else "a list of dicts"
        return Feedback(
            False,
            f"Not quite: the space names {names}.",
            "One dict with the pipeline's names of the two hyperparameters: svc__C and svc__gamma.",
        )
    for name, (low, high) in RANDOM_SEARCH_SPACE.items():
        wrong = _distribution_slip(name, space[name], low, high)
        if wrong is not None:
            return wrong
    if search.n_iter != RANDOM_SEARCH_N_ITER:
        return Feedback(
            False,
            f"Not quite: n_iter={search.n_iter}.",
            f"The budget of the exercise is {RANDOM_SEARCH_N_ITER} candidates.",
        )
    if search.n_splits_ != 5:
        return Feedback(False, f"Not quite: {search.n_splits_}-fold cross-validation.", "Use cv=5.")
    if not isinstance(search.random_state, numbers.Integral):
        return Feedback(
            False,
            "Not quite: random_state is not a fixed whole number.",
            "Without a fixed seed, every run draws other candidates: nobody can repeat it.",
        )
    if not _fitted_on(search, X):
        return Feedback(
            False,
            "Not quite: the search was not fitted on the training set.",
            "Fit it on X_train, y_train: the test set stays out of every choice.",
        )
    best = search.best_params_
    return Feedback(
        True,
        f"Correct! {search.n_iter} log-uniform candidates x 5 folds + 1 refit. Best: "
        f"C={best['svc__C']:.3g}, gamma={best['svc__gamma']:.3g}, mean CV accuracy "
        f"{search.best_score_:.4f}.",
    )


@_check
def check_continued_fits(answer, *, n_before=30, n_after=50, cv=5) -> Feedback:
    """Check how many cross-validation fits a continued random search runs: a search of
    ``n_before`` candidates with ``warm_start=True`` is fitted again with
    ``n_iter=n_after`` (same data, folds and seed); the refit of the best is left out.

    >>> check_continued_fits(100, n_before=30, n_after=50, cv=5).correct
    True
    >>> check_continued_fits(250, n_before=30, n_after=50, cv=5).hint
    'That is what plain scikit-learn fits again: warm_start reuses the 30 candidates evaluated.'
    """
    for name, value in (("n_before", n_before), ("n_after", n_after), ("cv", cv)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1; got {value!r}.")
    if n_after <= n_before:
        raise ValueError(
            f"n_after must be larger than n_before: a continued search adds candidates; got "
            f"n_before={n_before}, n_after={n_after}."
        )
    n = _whole_number(_given(answer, "a whole number of fits"), "The number of fits", minimum=0)
    new = n_after - n_before
    expected = new * cv
    if n == expected:
        return Feedback(
            True,
            f"Correct! Only the {new} new candidates are fitted, {cv} times each: {expected} "
            f"fits, against {n_after * cv} for a fresh search of {n_after} candidates.",
        )
    if n == n_after * cv:
        return Feedback(
            False,
            f"Not quite: {n} fits evaluates all {n_after} candidates again.",
            f"That is what plain scikit-learn fits again: warm_start reuses the {n_before} "
            "candidates evaluated.",
        )
    if n in (expected + 1, n_after * cv + 1):
        return Feedback(
            False, f"Not quite: {n} counts the refit of the best.", "Leave out the refit."
        )
    if n == new:
        return Feedback(
            False,
            f"Not quite: {n} counts candidates, not fits.",
            "Each candidate is fitted once per fold of the cross-validation.",
        )
    if n == (n_before + n_after) * cv:
        return Feedback(
            False,
            f"Not quite: {n} counts both fits, the first one too.",
            "Count only what the second fit runs.",
        )
    return Feedback(
        False,
        f"Not quite: {n} fits.",
        "Which candidates are new after the second fit, and how many fits does each cost?",
    )
