"""Self-checks, by value: a right answer is correct, each kind of wrong answer gets its hint
(never the answer), a placeholder gets a reminder and a malformed answer a message saying
how to write it. Ordered by notebook, like the module."""

import dataclasses
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

import hptlearn.exercises as ex
from hptlearn.catalog import demo_split, load_dataset
from hptlearn.concepts import learned_parameters
from hptlearn.exercises import (
    CHEATING_CHOICES,
    DIAGNOSIS_CASES,
    GOOD_SVC_THRESHOLD,
    HYPERPARAMETER_QUIZ,
    ROLES,
    TRUE_OR_FALSE,
    Feedback,
    check_cheating,
    check_diagnosis,
    check_distinct_values,
    check_distribution_choice,
    check_fit_count,
    check_good_k,
    check_good_svc,
    check_hyperparameter_quiz,
    check_kernel_grid,
    check_kinds,
    check_parameter_count,
    check_pipeline_search,
    check_random_search,
    check_roles,
    check_strategy_choice,
    check_top_fraction_budget,
    check_true_or_false,
    check_weight_updates,
)
from hptlearn.replay import load_recording
from tests.feedback_asserts import assert_right, assert_solutions_right, assert_told, assert_wrong

QUIZ_ANSWER = {"b", "c", "e", "g", "h", "k"}
TRUE_FALSE_ANSWER = {"1": False, "2": False, "3": False, "4": True, "5": True, "6": False}
ROLES_ANSWER = {"training": "b", "validation": "c", "test": "a"}
DIAGNOSIS_ANSWER = {"A": "over-fitting", "B": "under-fitting", "C": "good fit", "D": "over-fitting"}
NET = MLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=2000, random_state=0)


def moons():
    return load_dataset("moons")


def dev_data():
    """Notebook 03's development data: the moons without the 100 test points."""
    from sklearn.model_selection import train_test_split

    X, y = moons()
    X_dev, _, y_dev, _ = train_test_split(X, y, test_size=100, stratify=y, random_state=0)
    return X_dev, y_dev


# --------------------------------------------------------------------------------------
# The feedback object
# --------------------------------------------------------------------------------------


def test_feedback_text_is_message_then_hint():
    right = Feedback(True, "Correct! Well done.")
    assert str(right) == repr(right) == "Correct! Well done."
    one = Feedback(False, "Not yet.", "Look at the gap.")
    assert str(one) == repr(one) == "Not yet.\nHint: Look at the gap."
    two = Feedback(False, "Not yet.", "first\nsecond")
    assert str(two) == "Not yet.\nHints:\n  first\n  second"


def test_feedback_html_escapes_and_shows_hints():
    from hptlearn.style import OK_COLOR, WARNING_COLOR

    right = Feedback(True, "Correct! <1 & 2>")._repr_html_()
    assert "&lt;1 &amp; 2&gt;" in right and "<1" not in right
    assert OK_COLOR in right and "Hint" not in right
    wrong = Feedback(False, "Not yet.", "a < b\nc")._repr_html_()
    assert WARNING_COLOR in wrong
    assert "<li>a &lt; b</li><li>c</li>" in wrong
    assert Feedback(False, "x", "one")._repr_html_().count("<b>Hint:</b> one") == 1
    # deterministic: the notebook tests compare it
    assert Feedback(False, "x", "y")._repr_html_() == Feedback(False, "x", "y")._repr_html_()


def test_feedback_is_a_frozen_value():
    fb = Feedback(False, "Not yet.", "hint")
    assert fb == Feedback(False, "Not yet.", "hint") != Feedback(True, "Not yet.", "hint")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fb.correct = True


_SMALL_SEARCH = GridSearchCV(LogisticRegression(), {"C": [1.0]}, cv=2)
_OUTER_CV = KFold(2)

PLACEHOLDER_CHECKS = {
    "hyperparameter_quiz": lambda a: check_hyperparameter_quiz(a),
    "true_or_false": lambda a: check_true_or_false(a),
    "parameter_count": lambda a: check_parameter_count(LogisticRegression(), [[0], [1]], [0, 1], a),
    "kinds": lambda a: check_kinds(SVC(), a),
    "weight_updates": lambda a: check_weight_updates(300, 32, 100, a),
    "good_k": lambda a: check_good_k(a),
    "experiment_roles": lambda a: ex.check_experiment_roles(a),
    "roles": lambda a: check_roles(a),
    "diagnosis": lambda a: check_diagnosis(a),
    "good_svc": lambda a: check_good_svc(a, a, None, None),
    "cheating": lambda a: check_cheating(a),
    "fit_count": lambda a: check_fit_count({"C": [1, 2]}, 5, a),
    "kernel_grid": lambda a: check_kernel_grid(a),
    "pipeline_search": lambda a: ex.check_pipeline_search(a, None, None),
    "top_fraction_budget": lambda a: check_top_fraction_budget(a),
    "distribution_choice": lambda a: check_distribution_choice("C", low=1e-3, high=1e3, answer=a),
    "random_search": lambda a: ex.check_random_search(a, None, None),
    "distinct_values": lambda a: check_distinct_values(a, a, budget=64, n_params=3),
    "strategy_choice": lambda a: check_strategy_choice(a),
    "halving_candidates": lambda a: ex.check_halving_candidates(a, n_candidates=50, factor=3),
    "full_fit_equivalents": lambda a: ex.check_full_fit_equivalents(
        a,
        n_candidates=[27, 9, 3, 1],
        n_resources=[100, 300, 900, 2700],
        max_resources=2700,
        n_splits=5,
    ),
    "rank_correlation": lambda a: ex.check_rank_correlation(a, small=[1, 2, 3], full=[1, 3, 2]),
    "model_guided_trials": lambda a: ex.check_model_guided_trials(a, n_iter=16),
    "expected_slices_hit": lambda a: ex.check_expected_slices_hit(a, n=16),
    "tpe_good_trials": lambda a: ex.check_tpe_good_trials(a, n_trials=45),
    "exploit_range": lambda a: ex.check_exploit_range(
        a, {"C": [1.0], "mean_test_score": [0.9]}, param="C", threshold=0.9, bounds=(0.1, 10)
    ),
    "median_difference": lambda a: ex.check_median_difference(
        a, scores=[0.9, 0.92, 0.95], other_scores=[0.88, 0.9, 0.91]
    ),
    "noise_verdicts": lambda a: ex.check_noise_verdicts(a),
    "mcnemar_p": lambda a: ex.check_mcnemar_p(a, only_first=2, only_second=5),
    "standard_error": lambda a: ex.check_standard_error(a, fold_scores=[0.9, 0.92, 0.95]),
    "nested_estimate": lambda a: ex.check_nested_estimate(
        a, search=_SMALL_SEARCH, X=[[0], [1]] * 5, y=[0, 1] * 5, outer_cv=_OUTER_CV
    ),
    "projected_wall": lambda a: ex.check_projected_wall(
        a, fits=10_000, fit_time=4.0, workers=100, overhead=0.001, startup=60
    ),
    "grouped_search": lambda a: ex.check_grouped_search(a, X=None, y=None, groups=None),
    "busy_workers": lambda a: ex.check_busy_workers(a, fit_time=0.025, overhead=0.001),
    "third_model": lambda a: ex.check_third_model(a),
    "continued_fits": lambda a: ex.check_continued_fits(a),
    "bracket_starts": lambda a: ex.check_bracket_starts(a),
    "eliminated": lambda a: ex.check_eliminated(a, load_recording()),
    "clearly_important": lambda a: ex.check_clearly_important(
        a, importance=pd.DataFrame({"importance": [0.5], "low": [0.4], "high": [0.6]}, index=["C"])
    ),
    "top_chance": lambda a: ex.check_top_chance(a, scores=[0.9, 0.95], n=3),
}


def test_every_check_is_covered():
    checks = {name[len("check_") :] for name in ex.__all__ if name.startswith("check_")}
    assert checks == set(PLACEHOLDER_CHECKS)


@pytest.mark.parametrize("name", PLACEHOLDER_CHECKS)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_get_a_reminder(name, placeholder):
    fb = PLACEHOLDER_CHECKS[name](placeholder)
    assert_told(fb, "No answer yet: replace the placeholder with ")
    assert str(fb) == fb.message


def test_module_lists_checks_in_notebook_order():
    doc = ex.__doc__
    positions = [doc.index(f":func:`{name}`") for name in ex.__all__ if name.startswith("check_")]
    assert positions == sorted(positions)
    # One module per notebook (hptlearn/exercises/nbNN.py), checks in the notebook's order.
    checks = [getattr(ex, name) for name in vars(ex) if name.startswith("check_")]
    by_place = sorted(
        checks, key=lambda f: (f.__module__, inspect.unwrap(f).__code__.co_firstlineno)
    )
    source_order = [f.__name__ for f in by_place]
    assert source_order == [name for name in ex.__all__ if name.startswith("check_")]


# --------------------------------------------------------------------------------------
# Notebook 01
# --------------------------------------------------------------------------------------


def test_hyperparameter_quiz_right():
    assert len(HYPERPARAMETER_QUIZ) == 12
    assert_right(check_hyperparameter_quiz(QUIZ_ANSWER))
    assert_right(check_hyperparameter_quiz("b, c, e, g, h, K"))
    assert_right(check_hyperparameter_quiz(sorted(QUIZ_ANSWER)))


def test_hyperparameter_quiz_wrong_counts_without_naming_letters():
    fb = check_hyperparameter_quiz(QUIZ_ANSWER - {"k"} | {"l", "a"})
    assert_wrong(fb, "Not yet: 9 of 12 letters")
    first, second = fb.hint.splitlines()
    assert first.startswith("2 of your letters are not hyperparameters")
    assert second.startswith("1 hyperparameter is missing")
    assert not any(f"{letter})" in fb.hint or f" {letter} " in fb.hint for letter in "akl")

    only_extra = check_hyperparameter_quiz(QUIZ_ANSWER | {"f"})
    assert_wrong(only_extra, "11 of 12", "1 of your letters is not")
    assert "missing" not in only_extra.hint
    only_missing = check_hyperparameter_quiz(QUIZ_ANSWER - {"b", "c"})
    assert_wrong(only_missing, "10 of 12", "2 hyperparameters are missing")


@pytest.mark.parametrize(
    "answer, message",
    [
        ({"z"}, "Unknown letter(s) z: use letters from a to l"),
        (5, "Give a set of letters"),
        ({"b": True}, "Give a set of letters"),
    ],
)
def test_hyperparameter_quiz_malformed(answer, message):
    assert_told(check_hyperparameter_quiz(answer), message)


def test_true_or_false_right():
    assert set(TRUE_OR_FALSE) == set(TRUE_FALSE_ANSWER)
    fb = check_true_or_false(TRUE_FALSE_ANSWER)
    assert fb == Feedback(True, "Correct! All statements judged right.")
    as_ints = {int(k): np.bool_(v) for k, v in TRUE_FALSE_ANSWER.items()}
    assert check_true_or_false(as_ints).correct
    as_words = {k: "True" if v else "false" for k, v in TRUE_FALSE_ANSWER.items()}
    assert check_true_or_false(as_words).correct


def test_true_or_false_wrong_does_not_say_which():
    fb = check_true_or_false({**TRUE_FALSE_ANSWER, "2": True, "4": False})
    assert_wrong(fb, "Not yet: 4 of 6 statements judged right.", "get_params()")
    assert not any(key in fb.hint for key in TRUE_FALSE_ANSWER)


@pytest.mark.parametrize(
    "answer, message",
    [
        ({**TRUE_FALSE_ANSWER, "6": None}, "Still to answer: statement(s) 6."),
        (
            {"1": None, "2": None, "3": None, "4": None, "5": None, "6": None},
            "Still to answer: statement(s) 1, 2, 3, 4, 5, 6.",
        ),
        ({**TRUE_FALSE_ANSWER, "2": "maybe"}, "Statement 2: answer True or False, not 'maybe'"),
        ({**TRUE_FALSE_ANSWER, "2": 1}, "Statement 2: answer True or False, not 1"),
        ({**TRUE_FALSE_ANSWER, "7": True}, "Unknown key '7'"),
        ({"1": True}, "Missing key(s) '2', '3'"),
        ([True, False], "Give a dict with the keys '1', '2'"),
    ],
)
def test_true_or_false_incomplete_or_malformed(answer, message):
    assert_told(check_true_or_false(answer), message)


def test_parameter_count():
    X, y = moons()
    expected = learned_parameters(NET.fit(X, y)).size
    assert expected == 2 * 4 + 4 + 4 * 1 + 1
    assert check_parameter_count(NET, X, y, expected) == Feedback(
        True, f"Correct! MLPClassifier learns {expected} numbers here."
    )
    assert check_parameter_count(NET, X, y, float(expected)).correct
    assert check_parameter_count(NET, X, y, str(expected)).correct

    fewer = check_parameter_count(NET, X, y, 12)
    assert_wrong(
        fewer, "Not quite: MLPClassifier learns more numbers than 12.", "coefs_, intercepts_"
    )
    assert "one bias per neuron" in fewer.hint
    assert str(expected) not in str(fewer)
    more = check_parameter_count(LogisticRegression(), X, y, 40)
    assert_wrong(more, "learns fewer numbers than 40", "coef_, intercept_")
    assert "neuron" not in more.hint


@pytest.mark.parametrize(
    "answer, message",
    [
        ("seventeen", "The count must be a whole number such as 12, not 'seventeen'."),
        (17.5, "whole number"),
        (-1, "The count must be at least 0"),
        (True, "whole number"),
    ],
)
def test_parameter_count_malformed(answer, message):
    assert_told(check_parameter_count(LogisticRegression(), [[0], [1]], [0, 1], answer), message)


# --------------------------------------------------------------------------------------
# Notebook 02
# --------------------------------------------------------------------------------------


def test_kinds():
    fb = check_kinds(
        KMeans(), {"n_clusters": "model", "n_init": "Optimization", "random_state": "other"}
    )
    assert fb == Feedback(True, "Correct! All 3 hyperparameters of KMeans classified right.")

    wrong = check_kinds(SVC(), {"C": "optimization", "tol": "optimization", "kernel": "model"})
    assert_wrong(
        wrong,
        "Not yet: 2 of 3 classified right.",
        "C is not 'optimization'. What it does: Regularization",
    )
    assert "tol" not in wrong.hint and "kernel" not in wrong.hint


def test_kinds_early_stopping_is_borderline():
    for kind in ("model", "optimization"):
        fb = check_kinds(MLPClassifier(), {"alpha": "model", "early_stopping": kind})
        assert fb.correct
        assert "regularizer" in fb.message and "90 %" in fb.message
    assert_wrong(
        check_kinds(MLPClassifier(), {"early_stopping": "other"}),
        "Not yet: 0 of 1 classified right.",
        "early_stopping is not 'other'.",
    )


@pytest.mark.parametrize(
    "answer, message",
    [
        ({"C": "optimization", "kernel": None}, "Still to answer: kernel."),
        ({"C": "modle"}, "C: 'modle' is not a kind; use 'model', 'optimization' or 'other'."),
        ({"c": "model"}, "SVC has no hyperparameter 'c'. Did you mean 'C'?"),
        ({}, "Give a dict like"),
        ("model", "Give a dict like"),
    ],
)
def test_kinds_incomplete_or_malformed(answer, message):
    assert_told(check_kinds(SVC(), answer), message)


def test_weight_updates():
    per_epoch = math.ceil(300 / 32)
    assert check_weight_updates(300, 32, 100, 100 * per_epoch) == Feedback(
        True, f"Correct! {per_epoch} updates per epoch (one per batch of 32), times 100 epochs."
    )
    for rounded_down in (100 * 300 // 32, 100 * (300 // 32)):
        assert_wrong(
            check_weight_updates(300, 32, 100, rounded_down),
            "Almost",
            "round the number of batches per epoch up",
        )
    fb = check_weight_updates(300, 32, 100, 100)
    assert_wrong(fb, "Not quite.", "One epoch is one pass over all the samples")
    assert str(100 * per_epoch) not in str(fb)
    assert_told(check_weight_updates(300, 32, 100, "1e3"), "whole number")


def test_good_k_grades_on_the_catalog_demo_split():
    X_train, X_val, y_train, y_val = demo_split("moons")
    model = KNeighborsClassifier(n_neighbors=15).fit(X_train, y_train)
    train, val = model.score(X_train, y_train), model.score(X_val, y_val)
    assert val >= 0.95 and train < 1
    assert check_good_k(15) == Feedback(
        True, f"Correct! k=15: train accuracy {train:.2f}, validation accuracy {val:.2f}."
    )


def test_good_k_follows_the_demo_split(monkeypatch):
    import hptlearn.catalog

    X_train, X_val, y_train, y_val = demo_split("moons")
    # the same split with the validation labels flipped: no k can be right any more
    monkeypatch.setattr(
        hptlearn.catalog, "demo_split", lambda name: (X_train, X_val, y_train, 1 - y_val)
    )
    assert not check_good_k(15).correct


@pytest.mark.parametrize(
    "k, hint",
    [
        (1, "memorises the training data"),
        (60, "too smooth"),
        (7, "Close"),
    ],
)
def test_good_k_wrong(k, hint):
    assert_wrong(check_good_k(k), f"Not yet: k={k}: train accuracy", hint)


@pytest.mark.parametrize(
    "k, message",
    [
        (0, "k must be between 1 and 200, the number of training samples, not 0."),
        (201, "between 1 and 200"),
        (2.5, "k must be a whole number"),
        ("five", "whole number"),
    ],
)
def test_good_k_malformed(k, message):
    assert_told(check_good_k(k), message)


EXPERIMENT_ROLES = {
    "batch_size": "scientific",
    "learning_rate_init": "nuisance",
    "hidden_layer_sizes": "fixed",
    "max_iter": "fixed",
}


def test_experiment_roles_right():
    assert_right(ex.check_experiment_roles(EXPERIMENT_ROLES), "Correct! batch_size is what")
    shouted = {key.upper(): f" {role.title()} " for key, role in EXPERIMENT_ROLES.items()}
    assert_right(ex.check_experiment_roles(shouted))
    assert "batch size 300" in ex.BATCH_SIZE_EXPERIMENT


def test_experiment_roles_wrong():
    # the learning rate left at one value: the first, unfair comparison of notebook 02
    fb = ex.check_experiment_roles({**EXPERIMENT_ROLES, "learning_rate_init": "fixed"})
    assert_wrong(fb, "Not yet: 3 of 4 right.", "depends on the batch size")
    swapped = {**EXPERIMENT_ROLES, "batch_size": "nuisance", "learning_rate_init": "scientific"}
    fb = ex.check_experiment_roles(swapped)
    assert_wrong(fb, "2 of 4 right", "Which hyperparameter's effect")
    assert fb.hint.count("\n") == 1  # one hint per wrong role
    fb = ex.check_experiment_roles({**EXPERIMENT_ROLES, "max_iter": "nuisance"})
    assert_wrong(fb, "3 of 4", "100 epochs")


@pytest.mark.parametrize(
    "answer, message",
    [
        ({**EXPERIMENT_ROLES, "max_iter": "tuned"}, "is not a role"),
        ({**EXPERIMENT_ROLES, "batch_size": None}, "Still to answer: batch_size"),
        ({"batch_size": "scientific"}, "Missing key(s)"),
        ("scientific", "Give a dict"),
    ],
)
def test_experiment_roles_malformed(answer, message):
    assert_told(ex.check_experiment_roles(answer), message)


# --------------------------------------------------------------------------------------
# Notebook 03
# --------------------------------------------------------------------------------------


def test_roles():
    assert set(ROLES) == {"a", "b", "c"}
    assert_right(check_roles(ROLES_ANSWER))
    assert_right(check_roles({"Training": "B)", "validation": " c", "test": "A"}))
    fb = check_roles({"training": "b", "validation": "a", "test": "c"})
    assert_wrong(fb, "Not yet: 1 of 3 right.")
    assert fb.hint.splitlines()[0].startswith("the validation set:")
    assert fb.hint.splitlines()[1].startswith("the test set:")
    assert "the training set" not in fb.hint


@pytest.mark.parametrize(
    "answer, message",
    [
        ({**ROLES_ANSWER, "validation": None}, "Still to answer: validation."),
        ({**ROLES_ANSWER, "validation": "z"}, "Unknown letter 'z': use one of a, b, c."),
        ({"train": "b"}, "Unknown key 'train'"),
        ({"training": "b"}, "Missing key(s) 'validation', 'test'"),
        ("b", "Give a dict with the keys 'training', 'validation', 'test'"),
    ],
)
def test_roles_incomplete_or_malformed(answer, message):
    assert_told(check_roles(answer), message)


def test_diagnosis():
    assert set(DIAGNOSIS_CASES) == {"A", "B", "C", "D"}
    assert_right(check_diagnosis(DIAGNOSIS_ANSWER))
    assert_right(
        check_diagnosis(
            {"a": "Overfitting", "B": "under_fitting", "C": "Good  fit", "D": "over-fit"}
        )
    )
    fb = check_diagnosis({**DIAGNOSIS_ANSWER, "A": "under-fitting", "C": "over-fitting"})
    assert_wrong(fb, "Not yet: 2 of 4 right.")
    train, valid = DIAGNOSIS_CASES["A"]
    assert fb.hint.splitlines()[0] == (
        f"case A (train {train:.2f}, validation {valid:.2f}) is not under-fitting: look at "
        "the gap and at how high the scores are."
    )
    assert fb.hint.splitlines()[1].startswith("case C ")


@pytest.mark.parametrize(
    "answer, message",
    [
        ({**DIAGNOSIS_ANSWER, "D": None}, "Still to answer: D."),
        (
            {**DIAGNOSIS_ANSWER, "C": "perfect"},
            "Case C: answer with 'under-fitting', 'over-fitting' or 'good fit', not 'perfect'.",
        ),
        ({**DIAGNOSIS_ANSWER, "E": "good"}, "Unknown key 'E'"),
    ],
)
def test_diagnosis_incomplete_or_malformed(answer, message):
    assert_told(check_diagnosis(answer), message)


def cv_scores(C, gamma, X, y):
    scores = cross_validate(SVC(C=C, gamma=gamma), X, y, cv=5, return_train_score=True)
    return scores["train_score"].mean(), scores["test_score"].mean()


def test_good_svc():
    X, y = moons()
    train, valid = cv_scores(1.0, 1.0, X, y)
    assert valid >= GOOD_SVC_THRESHOLD
    assert check_good_svc(1, "1", X, y) == Feedback(
        True,
        f"Correct! C=1, gamma=1: mean 5-fold CV accuracy {valid:.3f} (training folds {train:.3f}).",
    )

    train, valid = cv_scores(1, 1000, X, y)
    assert valid < GOOD_SVC_THRESHOLD and train - valid > 0.04
    assert_wrong(
        check_good_svc(1, 1000, X, y),
        f"Not yet: C=1, gamma=1000: mean 5-fold CV accuracy {valid:.3f}",
        "over-fitting",
    )
    assert "a smaller gamma scores higher" in check_good_svc(1, 1000, X, y).hint
    train, valid = cv_scores(0.001, 0.001, X, y)
    assert valid < GOOD_SVC_THRESHOLD and train - valid <= 0.04
    assert_wrong(
        check_good_svc(0.001, 0.001, X, y),
        "Not yet: C=0.001, gamma=0.001",
        "under-fitting",
    )


def test_good_svc_compares_at_the_displayed_precision():
    # C = gamma = 3.16, the best values of the two validation curves of notebook 03: the mean
    # CV accuracy is 0.90999..., shown as 0.910 against "at least 0.91": it must pass.
    X, y = dev_data()
    train, valid = cv_scores(3.16, 3.16, X, y)
    assert valid < GOOD_SVC_THRESHOLD and f"{valid:.3f}" == "0.910"
    fb = check_good_svc(3.16, 3.16, X, y)
    assert_right(fb, "Correct! C=3.16, gamma=3.16: mean 5-fold CV accuracy 0.910")


def test_good_svc_says_when_one_at_a_time_optima_do_not_combine():
    X, y = dev_data()
    alone_C, alone_gamma = cv_scores(3.16, 1, X, y)[1], cv_scores(1, 3.16, X, y)[1]
    together = cv_scores(3.16, 3.16, X, y)[1]
    assert together < min(alone_C, alone_gamma)
    message = check_good_svc(3.16, 3.16, X, y).message
    assert "need not combine" in message
    assert f"{alone_C:.3f}" in message and f"{alone_gamma:.3f}" in message
    # a setting that beats both of its one-at-a-time values says nothing of the kind
    assert "need not combine" not in check_good_svc(1, 1, X, y).message


def test_good_svc_past_the_peak_of_gamma_is_over_fitting():
    # C=1, gamma=10: training 0.944, validation 0.900. The old hint said "both scores are low:
    # under-fitting, try a larger gamma or C", the wrong way: gamma is past its curve's peak.
    X, y = dev_data()
    train, valid = cv_scores(1, 10, X, y)
    assert valid < GOOD_SVC_THRESHOLD and train - valid > 0.04
    fb = check_good_svc(1, 10, X, y)
    assert_wrong(fb, "Not yet: C=1, gamma=10", "over-fitting")
    assert "larger gamma" not in fb.hint and "under-fitting" not in fb.hint
    assert "smaller gamma" in fb.hint


def test_good_svc_low_training_score_is_under_fitting():
    X, y = dev_data()
    train, valid = cv_scores(1, 0.1, X, y)  # training 0.854: the model cannot even fit
    assert train < GOOD_SVC_THRESHOLD and train - valid < 0.04
    fb = check_good_svc(1, 0.1, X, y)
    assert_wrong(fb, "Not yet: C=1, gamma=0.1", "under-fitting")
    assert "larger gamma" in fb.hint
    # the first hint names the slip (which way to move), not a setting that works
    assert "3.16" not in fb.hint and "C=1," not in fb.hint


@pytest.mark.parametrize(
    "C, gamma, message",
    [
        ("big", 1, "C must be a number such as 1.0, not 'big'."),
        (1, [1], "gamma must be a number"),
        (-1, 1, "C must be a positive number, not -1."),
        (1, 0, "gamma must be a positive number"),
        (1, float("nan"), "gamma must be a positive number"),
        (1, None, "No answer yet: replace the placeholder with numbers for C and gamma."),
    ],
)
def test_good_svc_malformed(C, gamma, message):
    assert_told(check_good_svc(C, gamma, None, None), message)


def test_cheating():
    assert set(CHEATING_CHOICES) == {"a", "b", "c", "d"}
    assert_right(check_cheating("b"))
    assert_right(check_cheating(" B)"))
    hints = set()
    for letter in "acd":
        fb = check_cheating(letter)
        assert_wrong(fb, f"Not quite: {letter}) is not it.")
        assert "b)" not in fb.hint
        hints.add(fb.hint)
    assert len(hints) == 3
    assert_told(check_cheating("e"), "Unknown letter 'e': use one of a, b, c, d.")
    assert_told(check_cheating(2), "Unknown letter 2")


# --------------------------------------------------------------------------------------
# Notebook 04
# --------------------------------------------------------------------------------------

_GRID = {
    "svc__C": [0.1, 1, 10, 100, 1000],
    "svc__gamma": [0.001, 0.01, 0.1, 1],
    "svc__kernel": ["rbf", "sigmoid"],
}
_N_CANDIDATES = 5 * 4 * 2
_KERNELS = [
    {"svc__kernel": ["linear"], "svc__C": [0.1, 1, 10]},
    {"svc__kernel": ["rbf"], "svc__C": [0.1, 1, 10], "svc__gamma": [0.01, 0.1]},
    {
        "svc__kernel": ["poly"],
        "svc__C": [0.1, 1, 10],
        "svc__gamma": [0.01, 0.1],
        "svc__degree": [2, 3],
    },
]


def test_fit_count_right():
    expected = _N_CANDIDATES * 5 + 1
    assert check_fit_count(_GRID, cv=5, refit=True, answer=expected) == Feedback(
        True,
        f"Correct! {_N_CANDIDATES} candidates x 5 folds plus 1 refit of the best "
        f"candidate = {expected} fits.",
    )
    assert check_fit_count(_GRID, 3, _N_CANDIDATES * 3, refit=False) == Feedback(
        True, f"Correct! {_N_CANDIDATES} candidates x 3 folds = {_N_CANDIDATES * 3} fits."
    )
    from sklearn.model_selection import KFold

    assert check_fit_count(_GRID, KFold(4), _N_CANDIDATES * 4 + 1).correct


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        (_N_CANDIDATES * 5, "Almost.", "Count that fit too."),
        (_N_CANDIDATES, "That is the number of candidates.", "once per fold (5 folds)"),
        # 41 is the candidates plus the refit, not "the number of candidates"
        (_N_CANDIDATES + 1, "the number of candidates plus the refit.", "once per fold"),
        (_N_CANDIDATES * 6, "that refits every candidate", "Only the best candidate"),
        # first hints name the slip, not the whole recipe
        ((5 + 4 + 2) * 5 + 1, "Not quite.", "You added the numbers of values"),
        (5 * 4 * 5 + 1, "Not quite.", "One hyperparameter is missing"),
        (7, "Not quite.", "How many candidates does the grid hold?"),
    ],
)
def test_fit_count_wrong(answer, message, hint):
    fb = check_fit_count(_GRID, cv=5, refit=True, answer=answer)
    assert_wrong(fb, message, hint)
    assert str(_N_CANDIDATES * 5 + 1) not in str(fb)
    assert "Multiply" not in fb.hint


def test_fit_count_wrong_without_refit_does_not_mention_it():
    fb = check_fit_count(_GRID, 5, 7, refit=False)
    assert_wrong(fb, "Not quite.")
    assert "refit" not in fb.hint


def test_fit_count_malformed():
    assert_told(
        check_fit_count(_GRID, 5, "201 fits"),
        "The number of fits must be a whole number such as 12, not '201 fits'.",
    )


def test_kernel_grid_right():
    assert_right(check_kernel_grid(_KERNELS), "Correct! 21 candidates")
    assert_right(check_kernel_grid(list(reversed(_KERNELS))))


@pytest.mark.parametrize(
    "grid, message, hint",
    [
        ({"svc__kernel": ["linear", "rbf"]}, "A single dict", "Write a list of dicts"),
        (_KERNELS[:2], "9 candidates where 21 were expected", "Missing e.g. ('poly'"),
        (
            [{**_KERNELS[0], "svc__gamma": [0.1]}, *_KERNELS[1:]],
            "a value the kernel ignores",
            "The linear kernel has no gamma or degree",
        ),
        (
            [_KERNELS[0], {**_KERNELS[1], "svc__degree": [2]}, _KERNELS[2]],
            "a value the kernel ignores",
            "The rbf kernel has no degree",
        ),
        ([*_KERNELS, _KERNELS[0]], "Some candidates appear twice", "one dict only"),
        (
            [*_KERNELS, {"svc__kernel": ["sigmoid"], "svc__C": [1]}],
            "22 candidates",
            "Use the kernels 'linear', 'rbf' and 'poly'",
        ),
        (
            [*_KERNELS[:2], {**_KERNELS[2], "svc__degree": [2, 3, 4]}],
            "27 candidates",
            "Unexpected e.g. ('poly'",
        ),
    ],
)
def test_kernel_grid_wrong(grid, message, hint):
    assert_wrong(check_kernel_grid(grid), message, hint)


@pytest.mark.parametrize(
    "grid, message",
    [
        ([{"C": [1]}], "Unexpected names ['C']: in the pipeline"),
        ([{"svc__C": 1}], "This is not a grid scikit-learn can read"),
        ("linear", "This is not a grid scikit-learn can read"),
    ],
)
def test_kernel_grid_malformed(grid, message):
    assert_told(check_kernel_grid(grid), message)


def breast_cancer_train():
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    X, y = load_breast_cancer(return_X_y=True)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    return X, y, X_train, y_train


def _knn_search(steps=None, grid=None, cv=5):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    steps = steps or [("scale", StandardScaler()), ("knn", KNeighborsClassifier())]
    grid = grid or {
        "knn__n_neighbors": [1, 5, 11, 21, 41],
        "knn__weights": ["uniform", "distance"],
    }
    return GridSearchCV(Pipeline(steps), grid, cv=cv)


def test_pipeline_search():
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    X, y, X_train, y_train = breast_cancer_train()
    right = _knn_search().fit(X_train, y_train)
    fb = check_pipeline_search(right, X_train, y_train)
    assert_right(fb, "Correct! 10 candidates x 5 folds + 1 refit. Best: n_neighbors=")
    assert f"{right.best_score_:.4f}" in fb.message
    no_pipe = GridSearchCV(
        KNeighborsClassifier(), {"n_neighbors": [1, 5, 11, 21, 41], "weights": ["uniform"]}
    ).fit(X_train, y_train)
    assert_wrong(check_pipeline_search(no_pipe, X_train, y_train), "not a Pipeline", "inside")
    no_scaler = _knn_search(steps=[("mm", MinMaxScaler()), ("knn", KNeighborsClassifier())])
    assert_wrong(
        check_pipeline_search(no_scaler.fit(X_train, y_train), X_train, y_train),
        "no StandardScaler",
    )
    small = _knn_search(grid={"knn__n_neighbors": [1, 5], "knn__weights": ["uniform"]})
    assert_wrong(
        check_pipeline_search(small.fit(X_train, y_train), X_train, y_train),
        "tried 2 candidates, not the 10",
    )
    assert_wrong(
        check_pipeline_search(_knn_search(cv=3).fit(X_train, y_train), X_train, y_train),
        "3-fold",
        "cv=5",
    )
    assert_wrong(
        check_pipeline_search(_knn_search().fit(X, y), X_train, y_train),
        "not fitted on the training set",
    )
    assert_told(check_pipeline_search(_knn_search(), X_train, y_train), "not fitted yet")
    assert_told(check_pipeline_search(StandardScaler(), X_train, y_train), "not a GridSearchCV")


def _svc_random_search(space=None, n_iter=20, random_state=1):
    from scipy.stats import loguniform
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    space = space or {"svc__C": loguniform(1e-2, 1e3), "svc__gamma": loguniform(1e-4, 1e0)}
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    return RandomizedSearchCV(pipe, space, n_iter=n_iter, cv=5, random_state=random_state)


def test_random_search():
    from scipy.stats import loguniform, uniform

    X, y, X_train, y_train = breast_cancer_train()
    right = _svc_random_search().fit(X_train, y_train)
    assert_right(check_random_search(right, X_train, y_train), "Correct! 20 log-uniform candidates")
    cases = [
        (
            {"svc__C": uniform(1e-2, 1e3 - 1e-2), "svc__gamma": loguniform(1e-4, 1e0)},
            "uniform distribution",
            "order of magnitude",
        ),
        (
            {"svc__C": [0.1, 1, 10], "svc__gamma": loguniform(1e-4, 1e0)},
            "a list of 3 values",
            "scipy.stats",
        ),
        (
            {"svc__C": loguniform(1e-3, 1e3), "svc__gamma": loguniform(1e-4, 1e0)},
            "between 0.001 and 1000",
            "from 0.01 to 1000",
        ),
    ]
    for space, message, hint in cases:
        search = _svc_random_search(space=space, n_iter=3).fit(X_train, y_train)
        assert_wrong(check_random_search(search, X_train, y_train), message, hint)
    assert_wrong(
        check_random_search(_svc_random_search(n_iter=5).fit(X_train, y_train), X_train, y_train),
        "n_iter=5",
    )
    unseeded = _svc_random_search(n_iter=20, random_state=None).fit(X_train, y_train)
    assert_wrong(check_random_search(unseeded, X_train, y_train), "random_state", "repeat")


# --------------------------------------------------------------------------------------
# Notebook 05
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction, probability", [(0.05, 0.90), (0.05, 0.95), (0.1, 0.9)])
def test_top_fraction_budget(fraction, probability):
    n = next(n for n in range(1, 1000) if 1 - (1 - fraction) ** n >= probability)
    assert_right(
        check_top_fraction_budget(n, fraction=fraction, probability=probability),
        f"Correct! With n = {n}, 1 - {1 - fraction:g}^{n} = ",
    )
    just_short = check_top_fraction_budget(n - 1, fraction=fraction, probability=probability)
    assert_wrong(just_short, "Just short", "rounding it down falls short")
    fewer = check_top_fraction_budget(n - 3, fraction=fraction, probability=probability)
    assert_wrong(
        fewer, "Not enough", f"Solve 1 - {1 - fraction:g}^n >= {probability:g} with logarithms."
    )
    assert_wrong(
        check_top_fraction_budget(n + 5, fraction=fraction, probability=probability),
        "but not the smallest",
        "Try fewer.",
    )
    assert f"n = {n}" not in str(fewer)


def test_top_fraction_budget_rounded_down_is_named():
    # 44.9 rounded down: the first hint names the slip, not the method again
    fb = check_top_fraction_budget(44, fraction=0.05, probability=0.90)
    assert_wrong(fb, "Just short: 1 - 0.95^44 = 0.8953", "rounding it down falls short")
    assert "45" not in str(fb)


def test_top_fraction_budget_malformed():
    assert_told(check_top_fraction_budget(0), "The number of candidates must be at least 1")
    assert_told(check_top_fraction_budget("many"), "whole number")
    with pytest.raises(ValueError, match="fraction and probability must be between 0 and 1"):
        check_top_fraction_budget(10, fraction=5)


def test_distribution_choice():
    fb = check_distribution_choice("learning_rate_init", low=1e-5, high=1e-1, answer="log-uniform")
    assert_right(fb, "Correct! learning_rate_init spans 4 factors of ten")
    # scipy's name, and other spellings, are accepted
    for spelling in ("loguniform", "log uniform", "Log_Uniform"):
        assert check_distribution_choice(
            "learning_rate_init", low=1e-5, high=1e-1, answer=spelling
        ).correct
    assert_right(
        check_distribution_choice("alpha", low=1, high=5, answer="Uniform"),
        "Correct! alpha spans less than two factors of ten",
    )


@pytest.mark.parametrize(
    "answer, message, hint",
    [
        ("uniform", "lands below 0.0001 only 0.09% of the time", "order of magnitude"),
        ("integer", "Not quite.", "a real number"),
        ("categorical", "Not quite.", "a real number"),
    ],
)
def test_distribution_choice_wrong(answer, message, hint):
    fb = check_distribution_choice("learning_rate_init", low=1e-5, high=1e-1, answer=answer)
    assert_wrong(fb, message, hint)
    assert "log-uniform" not in str(fb)


def test_distribution_choice_narrow_range_wrong():
    assert_wrong(
        check_distribution_choice("alpha", low=1, high=5, answer="log-uniform"),
        "Not quite.",
        "How many factors of ten lie between 1 and 5?",
    )


def test_distribution_choice_malformed():
    assert_told(
        check_distribution_choice("C", low=1e-3, high=1e3, answer="normal"),
        "'normal' is not one of 'uniform', 'log-uniform', 'integer', 'log-integer', 'categorical'.",
    )
    with pytest.raises(ValueError, match="Need 0 < low < high"):
        check_distribution_choice("C", low=0, high=1, answer="uniform")


# --------------------------------------------------------------------------------------
# Notebook 06
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("budget, n_params", [(64, 3), (100, 2)])
def test_distinct_values(budget, n_params):
    per_axis = round(budget ** (1 / n_params))
    fb = check_distinct_values(per_axis, budget, budget=budget, n_params=n_params)
    assert_right(fb, f"Correct! The grid is {' x '.join([str(per_axis)] * n_params)} = {budget}")
    grid = check_distinct_values(per_axis + 1, budget, budget=budget, n_params=n_params)
    assert_wrong(grid, "the grid", f"multiplied by itself {n_params} times, makes {budget}?")
    assert not re.search(rf"\b{per_axis}\b", grid.hint)
    rand = check_distinct_values(per_axis, per_axis, budget=budget, n_params=n_params)
    assert_wrong(rand, "random search", "How many draws are there?")
    assert str(budget) not in str(rand)


def test_distinct_values_malformed():
    assert_told(
        check_distinct_values(4, "lots", budget=64, n_params=3),
        "random_values must be a whole number such as 12, not 'lots'.",
    )
    assert_told(check_distinct_values(4, None, budget=64, n_params=3), "No answer yet")
    with pytest.raises(ValueError, match="not a whole number to the power"):
        check_distinct_values(4, 50, budget=50, n_params=3)


def test_strategy_choice():
    assert_right(check_strategy_choice({"a": "grid", "b": "random"}))
    assert_right(check_strategy_choice({"A": "Grid ", "b": "RANDOM"}))


@pytest.mark.parametrize(
    "answers, right",
    [
        ({"a": "random", "b": "random"}, 1),
        ({"a": "grid", "b": "grid"}, 1),
        ({"a": "random", "b": "grid"}, 0),
    ],
)
def test_strategy_choice_wrong_gives_both_questions(answers, right):
    fb = check_strategy_choice(answers)
    assert_wrong(fb, f"Not quite: {right} of 2 right.")
    assert fb.hint.splitlines() == [
        "(a) How many hyperparameters, and how cheap is a fit?",
        "(b) How many values per hyperparameter can a grid of 50 give 6 of them?",
    ]


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"a": None, "b": None}, "Still to answer: a, b."),
        ({"a": "grid", "b": None}, "Still to answer: b."),
        ({"a": "bayes", "b": "grid"}, "(a): answer 'grid' or 'random', not 'bayes'."),
        ("grid", "Give a dict with the keys 'a', 'b'"),
    ],
)
def test_strategy_choice_incomplete_or_malformed(answers, message):
    assert_told(check_strategy_choice(answers), message)


# --------------------------------------------------------------------------------------
# Notebooks 03-06: scripted cells and solutions
# --------------------------------------------------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _run_cell(source, namespace):
    """Run a code cell's source as Jupyter does; return the text it prints and shows."""
    import ast
    import contextlib
    import io

    lines = [line for line in source.splitlines() if not line.startswith("%")]
    tree = ast.parse("\n".join(lines))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)
        shown = (
            eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
        )
    text = out.getvalue()
    if shown is not None and not hasattr(shown, "savefig"):
        text += repr(shown)
    return text


def _committed_text(cell):
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output and "image/png" not in output.data:
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


def test_notebook_03_scripted_cells_ignore_the_learners_app():
    # A learner moves the sliders and switches the Model menu to kNN right after the app
    # appears; the scripted trials, the figure and the validation curves must not change
    # (they used to append to the learner's trials, then raise ValueError for kNN).
    import matplotlib

    matplotlib.use("Agg")
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOKS / "03_manual_tuning_and_validation.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    namespace = {}
    app_cell = next(i for i, c in enumerate(cells) if "app = ManualTuningApp" in c.source)
    for cell in cells[: app_cell + 1]:
        _run_cell(cell.source, namespace)
    learner = namespace["app"]
    learner.set(C=100, gamma=0.1)
    learner.set(C=0.1, gamma=30)
    learner.model_dropdown.value = "knn"
    compared = 0
    for cell in cells[app_cell + 1 :]:
        if "simulate_choosing_on_test" in cell.source or "hptlearn.exercises" in cell.source:
            continue  # the slow simulation, and the exercises
        if "app" not in cell.source and "curve" not in cell.source:
            continue
        text = _run_cell(cell.source, namespace)
        if _committed_text(cell):
            assert text.strip() == _committed_text(cell).strip(), cell.source
            compared += 1
    assert compared >= 4


# the code cells a notebook's solutions need (their data and names), by a piece of their source
_SOLUTION_SETUP = {
    "00_start_here": [],
    "03_manual_tuning_and_validation": ["X_dev, X_test, y_dev, y_test"],
    "04_grid_search": ["X_train, X_test, y_train, y_test", "grid = {", "my_search = None"],
    "05_random_search": ["X_train, X_test, y_train, y_test"],
    "06_grid_vs_random": [],
    "01_parameters_vs_hyperparameters": [
        "import warnings",
        'moons = load_dataset("moons")',
        "network = MLPClassifier(",
    ],
    "02_kinds_of_hyperparameters": ["import warnings"],
    "08_bayesian_and_quasi_random": [
        "import matplotlib.pyplot as plt",
        'space = {"C": loguniform',
        "random_search = LiveRandomizedSearchCV(SVC(), space",
        "quasi = LiveQuasiRandomSearchCV",
        "explored = results_frame(quasi)",
    ],
    "09_the_race": [
        "from pathlib import Path",
        'frame = pd.read_csv(recorded("race.csv"))',
        'bayes_scores = cancer.loc[cancer["strategy"] == "bayes"',
    ],
    "11_when_one_machine_is_not_enough": [],
    "07_successive_halving": [
        "from time import perf_counter",
        "X_big, y_big = datasets.make_classification",
        "per_iteration = pd.DataFrame",
    ],
    "15_hyperband_and_asha": ["import matplotlib.pyplot", "rec = load_recording()"],
}


@pytest.mark.parametrize("name", sorted(_SOLUTION_SETUP))
def test_notebook_solutions_are_right_and_not_run(name):
    """The solutions are markdown (Run All does not execute them, the outputs do not show
    them); every check they call, run after the notebook's set-up cells, says Correct."""

    import matplotlib

    matplotlib.use("Agg")
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Solution"))
    assert all(c.cell_type == "markdown" for c in nb.cells[heading:])
    assert not any(
        "check_" in c.source
        for c in nb.cells[:heading]
        if c.cell_type == "markdown" and "```" in c.source
    )
    namespace = {}
    exec("from hptlearn.exercises import *", namespace)
    for piece in _SOLUTION_SETUP[name]:
        cell = next(c for c in nb.cells if c.cell_type == "code" and piece in c.source)
        _run_cell(cell.source, namespace)
    checked = assert_solutions_right(nb.cells[heading:], namespace)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    n_exercises = sum("check_" in c.source and "None" in c.source for c in code_cells)
    assert checked >= n_exercises > 0
