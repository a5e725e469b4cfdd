"""Self-checks for the notebooks' exercises.

Each ``check_*`` function prints ``Correct!`` (with a sentence on why) or a hint
that points at the mistake without giving the whole answer away. An answer left
at its placeholder (``None`` or ``...``) gets a reminder instead. The functions
return ``None`` so that a notebook cell shows only the printed feedback.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import cross_validate
from sklearn.svm import SVC

from hptlearn.concepts import KINDS, describe_hyperparameter, learned_parameters

__all__ = [
    "CHEATING_CHOICES",
    "DIAGNOSIS_CASES",
    "GOOD_SVC_THRESHOLD",
    "ROLES",
    "check_cheating",
    "check_diagnosis",
    "check_good_svc",
    "check_roles",
    "HYPERPARAMETER_QUIZ",
    "TRUE_OR_FALSE",
    "check_distinct_values",
    "check_distribution_choice",
    "check_fit_count",
    "check_good_k",
    "check_hyperparameter_quiz",
    "check_kinds",
    "check_kernel_grid",
    "check_parameter_count",
    "check_strategy_choice",
    "check_top_fraction_budget",
    "check_true_or_false",
    "check_weight_updates",
]


def _is_placeholder(answer) -> bool:
    return answer is None or answer is Ellipsis


def _placeholder(what: str):
    print(f"No answer yet: replace the placeholder with {what}.")


# --------------------------------------------------------------------------------------
# Notebook 01: parameters vs hyperparameters
# --------------------------------------------------------------------------------------

#: letter -> (item, is it a hyperparameter?, why)
_QUIZ = {
    "a": ("the weights of a neural network (coefs_)", False,
          "the weights are what fit learns from the data: parameters."),
    "b": ("the number of neurons in a hidden layer", True,
          "the architecture is chosen before training and fit does not change it."),
    "c": ("the learning rate of stochastic gradient descent", True,
          "it is set before training and controls how the weights are updated."),
    "d": ("the intercept of a linear regression (intercept_)", False,
          "fit computes the intercept from the data, like the slope."),
    "e": ("k, the number of neighbours of k-nearest neighbours", True,
          "k is chosen before fit; the model only stores the data."),
    "f": ("the centroids of k-means (cluster_centers_)", False,
          "the centroids are found by fit from the data."),
    "g": ("the number of clusters of k-means (n_clusters)", True,
          "it is fixed before fit: how many centroids to look for."),
    "h": ("C of a support vector machine", True,
          "C is a regularization strength chosen before training."),
    "i": ("the support vectors of a support vector machine", False,
          "which training points become support vectors is decided by fit."),
    "j": ("the threshold of the first split of a decision tree", False,
          "fit chooses the split feature and threshold from the data."),
    "k": ("the maximum depth of a decision tree (max_depth)", True,
          "it limits the tree before fit grows it."),
    "l": ("the number of iterations the solver ran (n_iter_)", False,
          "fit reports it after training: a diagnostic, neither a parameter nor a "
          "hyperparameter. The hyperparameter is max_iter, the limit set beforehand."),
}

#: letter -> item, for the quiz "which of these are hyperparameters?"
HYPERPARAMETER_QUIZ = {key: item for key, (item, _, _) in _QUIZ.items()}


def check_hyperparameter_quiz(answer) -> None:
    """Check the set of letters of :data:`HYPERPARAMETER_QUIZ` that are hyperparameters."""
    if _is_placeholder(answer):
        _placeholder("a set of letters, e.g. {'b', 'c'}")
        return
    if isinstance(answer, str):
        answer = set(answer.replace(",", " ").split())
    chosen = {str(a).strip().lower() for a in answer}
    unknown = sorted(chosen - set(_QUIZ))
    if unknown:
        print(f"Unknown letter(s) {', '.join(unknown)}: use letters from a to "
              f"{max(_QUIZ)}.")
        return
    truth = {key for key, (_, is_hyper, _) in _QUIZ.items() if is_hyper}
    if chosen == truth:
        print("Correct! Hyperparameters are fixed before training; parameters are what "
              "fit learns; and some fitted attributes (like n_iter_) are only diagnostics.")
        return
    right = len(_QUIZ) - len(chosen ^ truth)
    print(f"Not yet: {right} of {len(_QUIZ)} letters are classified correctly. Hints:")
    for key in sorted(chosen - truth):
        print(f"  {key}) is not a hyperparameter: {_QUIZ[key][2]}")
    for key in sorted(truth - chosen):
        print(f"  {key}) is missing: ask whether it is set before fit.")


#: key -> statement, for :func:`check_true_or_false`
_STATEMENTS = {
    "1": ("Hyperparameters are learned from the training data when fit is called.", False,
          "fit never changes them: compare get_params() before and after fit. A search "
          "chooses them by training several models, outside the training of each one."),
    "2": ("The intercept (bias) of a linear model is there to prevent overfitting.", False,
          "the intercept shifts the line or boundary away from the origin. Regularization "
          "(alpha, C) is what limits overfitting."),
    "3": ("A model's parameters are learned when it makes predictions.", False,
          "predict uses the parameters found by fit and does not change them."),
    "4": ("k-nearest neighbours learns no parameters: fit stores the training data.", True,
          "the work is done at prediction time, by searching the stored data."),
    "5": ("Fitting twice with the same hyperparameters, random_state and data gives the "
          "same learned parameters.", True,
          "training is deterministic once the seed of its random choices is fixed."),
    "6": ("random_state is a hyperparameter worth tuning for the best score.", False,
          "it only fixes the random choices; a seed that happens to score well is luck that "
          "will not carry over to new data."),
}

#: key -> statement
TRUE_OR_FALSE = {key: text for key, (text, _, _) in _STATEMENTS.items()}


def check_true_or_false(answers) -> None:
    """Check ``{key: True/False}`` for the statements of :data:`TRUE_OR_FALSE`."""
    if _is_placeholder(answers):
        _placeholder("a dict like {'1': True, '2': False, ...}")
        return
    answers = {str(k): v for k, v in dict(answers).items()}
    missing = [k for k in _STATEMENTS if k not in answers or _is_placeholder(answers[k])]
    wrong = [k for k in _STATEMENTS if k in answers and not _is_placeholder(answers[k])
             and bool(answers[k]) != _STATEMENTS[k][1]]
    if not missing and not wrong:
        print("Correct! All statements judged right.")
        return
    if missing:
        print(f"Still to answer: statement(s) {', '.join(missing)}.")
    for key in wrong:
        print(f"Statement {key} is {'true' if _STATEMENTS[key][1] else 'false'}: "
              f"{_STATEMENTS[key][2]}")


def check_parameter_count(estimator, X, y, answer) -> None:
    """Check how many numbers ``estimator`` learns when fitted on ``X, y``.

    The estimator is cloned and fitted here; the count is
    ``learned_parameters(...).size``.
    """
    if _is_placeholder(answer):
        _placeholder("a whole number")
        return
    fitted = clone(estimator).fit(X, y)
    learned = learned_parameters(fitted)
    expected = learned.size
    if int(answer) == expected:
        print(f"Correct! {type(estimator).__name__} learns {expected} numbers here.")
        return
    hint = ("Count the shape of every learned array: " +
            ", ".join(f"{name} {shape}" for name, shape in learned.shapes().items()) + ".")
    if hasattr(fitted, "coefs_"):
        hint += (" Each layer has a weight for every (input, neuron) pair and one bias per "
                 "neuron.")
    direction = "more" if expected > int(answer) else "fewer"
    print(f"Not quite: it learns {direction} numbers than {answer}. {hint}")


# --------------------------------------------------------------------------------------
# Notebook 02: the two kinds of hyperparameters
# --------------------------------------------------------------------------------------


def check_kinds(estimator, answers) -> None:
    """Check ``{hyperparameter name: "model" | "optimization" | "other"}`` for
    ``estimator``, against :func:`hptlearn.concepts.hyperparameter_kind`."""
    if _is_placeholder(answers):
        _placeholder('a dict like {"alpha": "model", ...}')
        return
    answers = dict(answers)
    todo = [name for name, kind in answers.items() if _is_placeholder(kind)]
    wrong = []
    for name, kind in answers.items():
        if name in todo:
            continue
        if kind not in KINDS:
            print(f"{name}: {kind!r} is not a kind; use 'model', 'optimization' or 'other'.")
            return
        expected, _ = describe_hyperparameter(estimator, name)
        if kind != expected:
            wrong.append(name)
    if todo:
        print(f"Still to answer: {', '.join(todo)}.")
    if not wrong and not todo:
        print(f"Correct! All {len(answers)} hyperparameters of {type(estimator).__name__} "
              f"classified right.")
        return
    for name in wrong:
        text = describe_hyperparameter(estimator, name)[1]
        print(f"{name} is not {answers[name]!r}. What it does: {text} Does that decide what "
              f"model is fitted, or how its parameters are found?")


def check_weight_updates(n_samples, batch_size, epochs, answer) -> None:
    """Check the number of weight updates of mini-batch SGD."""
    if _is_placeholder(answer):
        _placeholder("a whole number")
        return
    per_epoch = math.ceil(n_samples / batch_size)
    expected = epochs * per_epoch
    if int(answer) == expected:
        print(f"Correct! {per_epoch} updates per epoch (one per batch of {batch_size}), "
              f"times {epochs} epochs.")
    elif int(answer) == epochs * n_samples // batch_size and expected != int(answer):
        print("Almost: the last batch of an epoch may be smaller, but it still makes an "
              "update. Round the number of batches per epoch up.")
    else:
        print("Not quite. One epoch is one pass over all the samples, in batches of "
              "batch_size; every batch makes one update of the weights.")


def check_good_k(k) -> None:
    """Check a k for k-nearest neighbours on the moons split of the model demo.

    Correct if k gives a validation accuracy of at least 0.95 and does not simply
    memorise the training data (training accuracy below 1).
    """
    if _is_placeholder(k):
        _placeholder("a whole number of neighbours")
        return
    from sklearn.model_selection import train_test_split
    from sklearn.neighbors import KNeighborsClassifier

    from hptlearn.data import load_dataset

    X, y = load_dataset("moons")
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=100, random_state=0,
                                                      stratify=y)
    if not 1 <= int(k) <= len(X_train):
        print(f"k must be between 1 and {len(X_train)}, the number of training samples.")
        return
    model = KNeighborsClassifier(n_neighbors=int(k)).fit(X_train, y_train)
    train, val = model.score(X_train, y_train), model.score(X_val, y_val)
    scores = f"train accuracy {train:.2f}, validation accuracy {val:.2f}"
    if val >= 0.95 and train < 1:
        print(f"Correct! k={k}: {scores}.")
    elif train == 1:
        print(f"k={k}: {scores}. The model memorises the training data (a very flexible "
              f"model): try a larger k.")
    elif int(k) > 20:
        print(f"k={k}: {scores}. The boundary is too smooth to follow the moons: try a "
              f"smaller k.")
    else:
        print(f"k={k}: {scores}. Close: try a few neighbouring values of k.")


# --------------------------------------------------------------------------------------
# Notebook 04: grid search
# --------------------------------------------------------------------------------------


def check_fit_count(space, cv, answer, *, refit=True) -> None:
    """Check the number of fits a grid search over ``space`` with ``cv`` folds makes."""
    from hptlearn.spaces import count_candidates, count_fits

    if _is_placeholder(answer):
        _placeholder("a whole number of fits")
        return
    candidates = count_candidates(space)
    expected = count_fits(space, cv=cv, refit=refit)
    refit_note = " plus 1 refit of the best candidate" if refit else ""
    if answer == expected:
        print(f"Correct! {candidates} candidates x {cv} folds{refit_note} = {expected} fits.")
    elif answer == expected - 1 and refit:
        print("Almost: after the search, the best candidate is refitted once on the whole "
              "training set. Count that fit too.")
    elif answer == candidates or answer == candidates + (1 if refit else 0):
        print(f"That is the number of candidates. Each candidate is fitted once per fold "
              f"({cv} folds).")
    else:
        sizes = " x ".join(str(len(v)) for v in space.values()) if isinstance(space, dict) \
            else "each dict's product, added up"
        print(f"Not quite. Multiply the numbers of values ({sizes}), then the folds; "
              f"{'then add the refit.' if refit else ''}")


def check_kernel_grid(grid) -> None:
    """Check a list-of-dicts grid: kernels linear, rbf, poly; C for all; gamma for rbf and
    poly only; degree for poly only; names of the pipeline's ``svc`` step."""
    from sklearn.model_selection import ParameterGrid

    if _is_placeholder(grid):
        _placeholder("a list of dicts, one per kind of kernel")
        return
    if isinstance(grid, dict):
        print("A single dict makes every combination: gamma would be tried with the linear "
              "kernel too. Write a list of dicts, e.g. [{...linear...}, {...rbf...}, ...].")
        return
    try:
        candidates = list(ParameterGrid(grid))
    except (TypeError, ValueError) as exc:
        print(f"This is not a grid scikit-learn can read: {exc}")
        return
    names = {name for c in candidates for name in c}
    unknown = names - {"svc__kernel", "svc__C", "svc__gamma", "svc__degree"}
    if unknown:
        print(f"Unexpected names {sorted(unknown)}: in the pipeline, the SVC's "
              "hyperparameters are svc__kernel, svc__C, svc__gamma and svc__degree.")
        return
    problems = []
    for c in candidates:
        kernel = c.get("svc__kernel")
        if kernel == "linear" and ("svc__gamma" in c or "svc__degree" in c):
            problems.append("the linear kernel has no gamma or degree: leave them out of its dict")
        if kernel == "rbf" and "svc__degree" in c:
            problems.append("the rbf kernel has no degree: leave it out of the rbf dict")
    if problems:
        print("Not quite: " + sorted(set(problems))[0] + ".")
        return
    expected = {
        (k, C, g, d)
        for k in ("linear", "rbf", "poly")
        for C in (0.1, 1, 10)
        for g in ((None,) if k == "linear" else (0.01, 0.1))
        for d in ((2, 3) if k == "poly" else (None,))
    }
    got = {(c.get("svc__kernel"), c.get("svc__C"), c.get("svc__gamma"), c.get("svc__degree"))
           for c in candidates}
    if got == expected and len(candidates) == len(expected):
        print(f"Correct! {len(candidates)} candidates: 3 linear, 6 rbf and 12 poly, with no "
              "pointless combination.")
    elif len(candidates) != len(got):
        print("Some candidates appear twice: check that each kernel is in one dict only.")
    else:
        missing = sorted(expected - got, key=str)
        extra = sorted(got - expected, key=str)
        hint = f"missing e.g. {missing[0]}" if missing else f"unexpected e.g. {extra[0]}"
        print(f"Not quite: {len(candidates)} candidates where 21 were expected ({hint}, as "
              "(kernel, C, gamma, degree)).")


# --------------------------------------------------------------------------------------
# Notebook 05: random search
# --------------------------------------------------------------------------------------


def check_top_fraction_budget(answer, *, fraction=0.05, probability=0.90) -> None:
    """Check the smallest n with 1 - (1 - fraction)**n >= probability."""
    if _is_placeholder(answer):
        _placeholder("a whole number of candidates")
        return
    expected = math.ceil(math.log(1 - probability) / math.log(1 - fraction))
    n = int(answer)
    reached = 1 - (1 - fraction) ** n
    if n == expected:
        print(f"Correct! With n = {n}, 1 - {1 - fraction:g}^{n} = {reached:.3f} >= "
              f"{probability:g}, and one fewer falls short.")
    elif n > expected:
        print(f"Enough ({reached:.3f} >= {probability:g}), but not the smallest: try fewer.")
    else:
        print(f"Not enough: 1 - {1 - fraction:g}^{n} = {reached:.3f} < {probability:g}. "
              f"Solve 1 - {1 - fraction:g}^n >= {probability:g} with logarithms.")


def check_distribution_choice(name, *, low, high, answer) -> None:
    """Check the distribution chosen for a hyperparameter searched between low and high."""
    from hptlearn.distributions import DISTRIBUTIONS

    if _is_placeholder(answer):
        _placeholder(f"one of {', '.join(repr(k) for k in DISTRIBUTIONS)}")
        return
    if answer not in DISTRIBUTIONS:
        print(f"{answer!r} is not one of {', '.join(repr(k) for k in DISTRIBUTIONS)}.")
        return
    decades = math.log10(high / low) if low > 0 else 0
    if answer == "log-uniform" and decades >= 2:
        print(f"Correct! {name} spans {decades:g} factors of ten: a log-uniform distribution "
              "gives each the same chance.")
    elif answer == "uniform":
        share = (low * 10 - low) / (high - low)
        print(f"A uniform draw between {low:g} and {high:g} lands below {low * 10:g} only "
              f"{share:.2%} of the time: the small values would hardly be tried. What "
              "matters is the order of magnitude.")
    elif answer in ("integer", "categorical"):
        print(f"{name} is a real number, not a whole number or a category.")
    else:
        print("Think about the range: what matters for a scale such as a learning rate?")


# --------------------------------------------------------------------------------------
# Notebook 06: grid vs random search
# --------------------------------------------------------------------------------------


def check_distinct_values(grid_values, random_values, *, budget, n_params) -> None:
    """Check the distinct values per hyperparameter of a grid (budget ** (1 / n_params))
    and of a random search over continuous distributions (budget)."""
    if _is_placeholder(grid_values) or _is_placeholder(random_values):
        _placeholder("two whole numbers: values per hyperparameter for the grid, and for "
                     "random search")
        return
    per_axis = round(budget ** (1 / n_params))
    ok_grid = int(grid_values) == per_axis and per_axis**n_params == budget
    ok_random = int(random_values) == budget
    if ok_grid and ok_random:
        print(f"Correct! The grid is {' x '.join([str(per_axis)] * n_params)} = {budget}: "
              f"{per_axis} values of each; {budget} random draws from a continuous "
              f"distribution are {budget} different values of each.")
    elif not ok_grid:
        print(f"The grid: which number, multiplied by itself {n_params} times, makes {budget}?")
    else:
        print("Random search: two draws from a continuous distribution (practically) never "
              "coincide. How many draws are there?")


_STRATEGY_CASES = {
    "a": ("grid", "one cheap hyperparameter and a wish for the full curve: a grid draws it "
                  "completely (and here a validation curve is the same thing)."),
    "b": ("random", "many hyperparameters, expensive fits and a fixed budget of 50: a grid "
                    "over 6 hyperparameters cannot even give 2 values to each (2^6 = 64 > 50), "
                    "while 50 random candidates try 50 values of every one."),
}


def check_strategy_choice(answers) -> None:
    """Check ``{"a": "grid" | "random", "b": ...}`` for the two situations of notebook 06."""
    if _is_placeholder(answers) or not isinstance(answers, dict) or any(
        _is_placeholder(answers.get(k)) for k in _STRATEGY_CASES
    ):
        _placeholder('"grid" or "random" for both a and b')
        return
    wrong = [k for k, (right, _) in _STRATEGY_CASES.items()
             if str(answers.get(k)).strip().lower() != right]
    if not wrong:
        print("Correct! " + " ".join(f"({k}) {why}" for k, (_, why) in _STRATEGY_CASES.items()))
    else:
        hints = {"a": "How many hyperparameters, and how cheap is a fit?",
                 "b": "How many values per hyperparameter can a grid of 50 give 6 of them?"}
        print("Not quite: " + " ".join(f"({k}) {hints[k]}" for k in wrong))


# --------------------------------------------------------------------------------------
# Notebook 03: manual tuning, validation and test sets
# --------------------------------------------------------------------------------------


def _letter(answer) -> str:
    return str(answer).strip().lower().rstrip(")")


# --------------------------------------------------------------------------------------
# 1. The roles of the three data sets
# --------------------------------------------------------------------------------------

#: letter -> what a data set is used for, for :func:`check_roles`
ROLES = {
    "a": "estimate, once, how well the final model will do on new data",
    "b": "learn the model's parameters (fit)",
    "c": "compare hyperparameter settings and choose one",
}
_ROLE_ANSWER = {"training": "b", "validation": "c", "test": "a"}
_ROLE_HINTS = {
    "training": "fit learns the parameters from this set, and only from it.",
    "validation": "this is where the settings compete; cross-validation rotates it through "
    "the training data.",
    "test": "used once, at the very end; anything used to choose cannot also judge the "
    "choice fairly.",
}


def check_roles(answer) -> None:
    """Check a dict ``{"training": letter, "validation": letter, "test": letter}`` of
    :data:`ROLES`."""
    if _is_placeholder(answer):
        _placeholder('a dict such as {"training": "a", "validation": "b", "test": "c"}')
        return
    if not isinstance(answer, dict) or set(answer) != set(_ROLE_ANSWER):
        print('Give a dict with exactly the keys "training", "validation" and "test".')
        return
    missing = [k for k, v in answer.items() if _is_placeholder(v)]
    if missing:
        print(f"Still to answer: {', '.join(missing)}.")
        return
    letters = {k: _letter(v) for k, v in answer.items()}
    unknown = sorted({v for v in letters.values() if v not in ROLES})
    if unknown:
        print(f"Unknown letter(s) {', '.join(unknown)}: use {', '.join(ROLES)}.")
        return
    wrong = [k for k in _ROLE_ANSWER if letters[k] != _ROLE_ANSWER[k]]
    if not wrong:
        print(
            "Correct! The training set fits the parameters, the validation set (or the CV "
            "folds) chooses the hyperparameters, and the test set judges the final model once."
        )
        return
    print(f"Not yet: {len(_ROLE_ANSWER) - len(wrong)} of 3 right. Hints:")
    for key in wrong:
        print(f"  the {key} set: {_ROLE_HINTS[key]}")


# --------------------------------------------------------------------------------------
# 2. Under-fitting, over-fitting or a good fit?
# --------------------------------------------------------------------------------------

#: case -> (train accuracy, validation accuracy), for :func:`check_diagnosis`
DIAGNOSIS_CASES = {
    "A": (1.00, 0.74),
    "B": (0.81, 0.80),
    "C": (0.93, 0.92),
    "D": (0.99, 0.86),
}
_DIAGNOSIS_ANSWER = {
    "A": "over-fitting",
    "B": "under-fitting",
    "C": "good fit",
    "D": "over-fitting",
}
_SYNONYMS = {
    "over-fitting": {"over-fitting", "overfitting", "overfit", "over-fit", "over", "overfitted"},
    "under-fitting": {
        "under-fitting",
        "underfitting",
        "underfit",
        "under-fit",
        "under",
        "underfitted",
    },
    "good fit": {"good fit", "good", "good-fit", "fine", "ok", "just right", "well fitted"},
}
_DIAGNOSIS_HINTS = {
    "over-fitting": "the training score is much higher than the validation score: the model "
    "learned details of the training data that do not carry over.",
    "under-fitting": "both scores are low and close together: the model is too simple (or too "
    "regularised) to capture the pattern, even on the training data.",
    "good fit": "both scores are high and close together.",
}


def _diagnosis(text) -> str | None:
    cleaned = " ".join(str(text).strip().lower().replace("_", " ").split())
    for label, words in _SYNONYMS.items():
        if cleaned in words or cleaned.replace(" ", "-") in words:
            return label
    return None


def check_diagnosis(answer) -> None:
    """Check a dict case -> ``"under-fitting"``, ``"over-fitting"`` or ``"good fit"`` for
    the cases of :data:`DIAGNOSIS_CASES`."""
    if _is_placeholder(answer):
        _placeholder('a dict such as {"A": "good fit", ...}')
        return
    if not isinstance(answer, dict) or set(answer) != set(DIAGNOSIS_CASES):
        print(f"Give a dict with exactly the keys {', '.join(map(repr, DIAGNOSIS_CASES))}.")
        return
    missing = [k for k, v in answer.items() if _is_placeholder(v)]
    if missing:
        print(f"Still to answer: {', '.join(missing)}.")
        return
    labels = {k: _diagnosis(v) for k, v in answer.items()}
    unclear = [k for k, v in labels.items() if v is None]
    if unclear:
        print(
            f"Case(s) {', '.join(unclear)}: answer with 'under-fitting', 'over-fitting' or "
            "'good fit'."
        )
        return
    wrong = [k for k in DIAGNOSIS_CASES if labels[k] != _DIAGNOSIS_ANSWER[k]]
    if not wrong:
        print(
            "Correct! Under-fitting: both scores low. Over-fitting: training score high, "
            "validation score much lower. A good fit: both high and close."
        )
        return
    print(f"Not yet: {len(DIAGNOSIS_CASES) - len(wrong)} of {len(DIAGNOSIS_CASES)} right.")
    for key in wrong:
        train, valid = DIAGNOSIS_CASES[key]
        print(
            f"  case {key} (train {train:.2f}, validation {valid:.2f}) is not "
            f"{labels[key]}: look at the gap and at how high the scores are."
        )


# --------------------------------------------------------------------------------------
# 3. A good SVC, judged by cross-validation
# --------------------------------------------------------------------------------------

#: mean 5-fold CV accuracy that :func:`check_good_svc` asks for
GOOD_SVC_THRESHOLD = 0.91


def check_good_svc(C, gamma, X, y) -> None:
    """Check that ``SVC(C=C, gamma=gamma)`` reaches a mean 5-fold cross-validation accuracy
    of at least :data:`GOOD_SVC_THRESHOLD` on ``X, y`` (the development data, never the
    test set)."""
    if _is_placeholder(C) or _is_placeholder(gamma):
        _placeholder("numbers for C and gamma")
        return
    try:
        C, gamma = float(C), float(gamma)
    except (TypeError, ValueError):
        print("C and gamma must be numbers, e.g. C=1.0, gamma=0.5.")
        return
    if not (C > 0 and gamma > 0):
        print("C and gamma must both be positive.")
        return
    scores = cross_validate(SVC(C=C, gamma=gamma), X, y, cv=5, return_train_score=True)
    train, valid = float(np.mean(scores["train_score"])), float(np.mean(scores["test_score"]))
    said = (
        f"C={C:g}, gamma={gamma:g}: mean 5-fold CV accuracy {valid:.3f} "
        f"(training folds {train:.3f})"
    )
    if valid >= GOOD_SVC_THRESHOLD:
        print(f"Correct! {said}.")
    elif train - valid > 0.05:
        print(
            f"Not yet: {said}. The training score is much higher: over-fitting. Try a smaller "
            "gamma or C."
        )
    else:
        print(f"Not yet: {said}. Both scores are low: under-fitting. Try a larger gamma or C.")


# --------------------------------------------------------------------------------------
# 4. What is wrong with choosing on the test set?
# --------------------------------------------------------------------------------------

#: letter -> statement, for :func:`check_cheating`
CHEATING_CHOICES = {
    "a": "Nothing: 0.94 was measured on data that none of the 40 models was trained on.",
    "b": "0.94 is probably too optimistic: the test set chose the winner, so it no longer "
    "judges it fairly. Choose on validation data or by cross-validation, then test once.",
    "c": "0.94 is probably too pessimistic, because the test set is small.",
    "d": "It is fine as long as the winner is refitted on the training and test data.",
}
_CHEATING_HINTS = {
    "a": "each model's test score alone is fair, but the best of 40 is partly the luckiest "
    "of 40. Remember the 30 teams.",
    "c": "a small test set makes the score noisy in both directions; picking the maximum "
    "keeps the lucky draws.",
    "d": "refitting does not undo the choice that the test set made.",
}


def check_cheating(answer) -> None:
    """Check the letter of :data:`CHEATING_CHOICES` that says what is wrong with reporting
    the best test score of 40 settings."""
    if _is_placeholder(answer):
        _placeholder("a letter, e.g. 'a'")
        return
    letter = _letter(answer)
    if letter not in CHEATING_CHOICES:
        print(f"Choose one of the letters {', '.join(CHEATING_CHOICES)}.")
        return
    if letter == "b":
        print(
            "Correct! The maximum of many noisy scores is biased upwards. Once the test set "
            "has chosen, a fresh test set (or nested cross-validation) is needed to judge."
        )
    else:
        print(f"Not quite: {_CHEATING_HINTS[letter]}")
