"""Self-check helpers: right answers say Correct!, wrong ones give a hint, placeholders a
reminder."""

import pytest
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from hptlearn.data import load_dataset
from hptlearn.exercises import (
    HYPERPARAMETER_QUIZ,
    TRUE_OR_FALSE,
    check_distinct_values,
    check_distribution_choice,
    check_fit_count,
    check_good_k,
    check_hyperparameter_quiz,
    check_kernel_grid,
    check_kinds,
    check_parameter_count,
    check_strategy_choice,
    check_top_fraction_budget,
    check_true_or_false,
    check_weight_updates,
)

QUIZ_ANSWER = {"b", "c", "e", "g", "h", "k"}
TRUE_FALSE_ANSWER = {"1": False, "2": False, "3": False, "4": True, "5": True, "6": False}


def output(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "check",
    [
        lambda a: check_hyperparameter_quiz(a),
        lambda a: check_true_or_false(a),
        lambda a: check_parameter_count(LogisticRegression(), [[0], [1]], [0, 1], a),
        lambda a: check_kinds(SVC(), a),
        lambda a: check_weight_updates(300, 32, 100, a),
        lambda a: check_good_k(a),
    ],
)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_get_a_reminder(check, placeholder, capsys):
    assert check(placeholder) is None
    assert output(capsys).startswith("No answer yet: replace the placeholder")


def test_hyperparameter_quiz(capsys):
    assert len(HYPERPARAMETER_QUIZ) == 12
    check_hyperparameter_quiz(QUIZ_ANSWER)
    assert output(capsys).startswith("Correct!")
    check_hyperparameter_quiz("b, c, e, g, h, k")
    assert output(capsys).startswith("Correct!")

    check_hyperparameter_quiz(QUIZ_ANSWER - {"k"} | {"l", "a"})
    text = output(capsys)
    assert text.startswith("Not yet: 9 of 12")
    assert "a) is not a hyperparameter: the weights are what fit learns" in text
    assert "l) is not a hyperparameter" in text and "max_iter" in text
    assert "k) is missing" in text

    check_hyperparameter_quiz({"z"})
    assert "Unknown letter(s) z" in output(capsys)


def test_true_or_false(capsys):
    assert set(TRUE_OR_FALSE) == set(TRUE_FALSE_ANSWER)
    check_true_or_false(TRUE_FALSE_ANSWER)
    assert output(capsys) == "Correct! All statements judged right.\n"

    check_true_or_false({**TRUE_FALSE_ANSWER, "2": True, "6": None})
    text = output(capsys)
    assert "Still to answer: statement(s) 6." in text
    assert "Statement 2 is false: the intercept shifts" in text
    assert "Correct" not in text


def test_parameter_count(capsys):
    X, y = load_dataset("moons")
    net = MLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", max_iter=2000, random_state=0)
    check_parameter_count(net, X, y, 2 * 4 + 4 + 4 + 1)
    assert output(capsys) == "Correct! MLPClassifier learns 17 numbers here.\n"
    check_parameter_count(net, X, y, 12)
    text = output(capsys)
    assert text.startswith("Not quite: it learns more numbers than 12.")
    assert "coefs_ [(2, 4), (4, 1)]" in text and "one bias per neuron" in text


def test_kinds(capsys):
    check_kinds(KMeans(), {"n_clusters": "model", "n_init": "optimization",
                           "random_state": "other"})
    assert output(capsys).startswith("Correct! All 3 hyperparameters of KMeans")

    check_kinds(SVC(), {"C": "optimization", "tol": "optimization", "kernel": None})
    text = output(capsys)
    assert "Still to answer: kernel." in text
    assert "C is not 'optimization'. What it does: Regularization" in text
    assert "tol is not" not in text

    check_kinds(SVC(), {"C": "modle"})
    assert "'modle' is not a kind" in output(capsys)


def test_weight_updates(capsys):
    check_weight_updates(300, 32, 100, 1000)
    assert output(capsys).startswith("Correct! 10 updates per epoch")
    check_weight_updates(300, 32, 100, 937)
    assert output(capsys).startswith("Almost: the last batch")
    check_weight_updates(300, 32, 100, 100)
    assert output(capsys).startswith("Not quite. One epoch is one pass")


def test_good_k(capsys):
    check_good_k(3)
    assert output(capsys) == "Correct! k=3: train accuracy 0.94, validation accuracy 0.96.\n"
    check_good_k(1)
    assert "memorises the training data" in output(capsys)
    check_good_k(60)
    assert "too smooth" in output(capsys)
    check_good_k(7)
    assert "Close" in output(capsys)
    check_good_k(0)
    assert "between 1 and 200" in output(capsys)


# -- notebooks 04 and 05 -------------------------------------------------------------------

_GRID = {"svc__C": [0.1, 1, 10, 100, 1000], "svc__gamma": [0.001, 0.01, 0.1, 1],
         "svc__kernel": ["rbf", "sigmoid"]}
_KERNELS = [
    {"svc__kernel": ["linear"], "svc__C": [0.1, 1, 10]},
    {"svc__kernel": ["rbf"], "svc__C": [0.1, 1, 10], "svc__gamma": [0.01, 0.1]},
    {"svc__kernel": ["poly"], "svc__C": [0.1, 1, 10], "svc__gamma": [0.01, 0.1],
     "svc__degree": [2, 3]},
]


@pytest.mark.parametrize("answer, expected", [
    (None, "No answer yet"), (201, "Correct! 40 candidates x 5 folds"), (200, "Almost"),
    (40, "number of candidates"), (7, "Not quite"),
])
def test_check_fit_count(capsys, answer, expected):
    check_fit_count(_GRID, cv=5, refit=True, answer=answer)
    assert expected in capsys.readouterr().out


def test_check_fit_count_without_refit(capsys):
    check_fit_count(_GRID, cv=3, refit=False, answer=120)
    assert "Correct!" in capsys.readouterr().out


@pytest.mark.parametrize("grid, expected", [
    (None, "No answer yet"),
    (_KERNELS, "Correct! 21 candidates"),
    (list(reversed(_KERNELS)), "Correct!"),
    ({"svc__kernel": ["linear", "rbf"]}, "A single dict"),
    (_KERNELS[:2], "9 candidates where 21"),
    ([{**_KERNELS[0], "svc__gamma": [0.1]}, *_KERNELS[1:]], "linear kernel has no gamma"),
    ([{"C": [1]}], "Unexpected names ['C']"),
    ([{"svc__C": 1}], "not a grid scikit-learn can read"),
])
def test_check_kernel_grid(capsys, grid, expected):
    check_kernel_grid(grid)
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("answer, expected", [
    (None, "No answer yet"), (45, "Correct! With n = 45"), (44, "Not enough"),
    (60, "not the smallest"),
])
def test_check_top_fraction_budget(capsys, answer, expected):
    check_top_fraction_budget(answer, fraction=0.05, probability=0.90)
    assert expected in capsys.readouterr().out


def test_check_top_fraction_budget_other_numbers(capsys):
    check_top_fraction_budget(59, fraction=0.05, probability=0.95)
    assert "Correct!" in capsys.readouterr().out
    check_top_fraction_budget(10, fraction=0.1, probability=0.9)
    assert "1 - 0.9^n >= 0.9" in capsys.readouterr().out


@pytest.mark.parametrize("answer, expected", [
    (None, "No answer yet"), ("log-uniform", "Correct! learning_rate_init spans 4"),
    ("uniform", "only 0.09% of the time"), ("integer", "real number"),
    ("normal", "is not one of"),
])
def test_check_distribution_choice(capsys, answer, expected):
    check_distribution_choice("learning_rate_init", low=1e-5, high=1e-1, answer=answer)
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("grid_values, random_values, expected", [
    (None, None, "No answer yet"), (4, 64, "Correct! The grid is 4 x 4 x 4 = 64"),
    (8, 64, "which number, multiplied by itself 3 times"), (4, 4, "How many draws"),
])
def test_check_distinct_values(capsys, grid_values, random_values, expected):
    check_distinct_values(grid_values, random_values, budget=64, n_params=3)
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("answers, expected", [
    (None, "No answer yet"), ({"a": None, "b": None}, "No answer yet"),
    ({"a": "grid", "b": "random"}, "Correct!"), ({"a": "Grid ", "b": "RANDOM"}, "Correct!"),
    ({"a": "random", "b": "random"}, "(a) How many hyperparameters"),
    ({"a": "grid", "b": "grid"}, "(b) How many values"),
])
def test_check_strategy_choice(capsys, answers, expected):
    check_strategy_choice(answers)
    assert expected in capsys.readouterr().out
