"""hyperparameter_importance: known importances on synthetic objectives, log and categorical
hyperparameters, adaptive strategies, bad input.

The synthetic "searches" are ``cv_results_`` dicts (or searches whose ``cv_results_`` is set
by hand), so that no model is fitted: the score is a known function of the hyperparameters.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, uniform
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RandomizedSearchCV
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.distributions import LogUniformInt
from hptlearn.importance import hyperparameter_importance
from hptlearn.search import LiveRandomizedSearchCV


def synthetic(n=80, seed=0):
    """A random search of three hyperparameters whose score is known:

    ``score = depth_term(dominant) + 0.25 * weak + noise``, and ``irrelevant`` has no effect.
    ``dominant`` is log-uniform over 1e-3..1e1 (the score rises with its log over [0, 1]),
    ``weak`` uniform over 0..1, noise sd 0.02. The shares of the score's variance:
    dominant 1/12 / (1/12 + 0.0625/12 + 0.0004) ~ 0.94, weak ~ 0.06, irrelevant 0.
    """
    rng = np.random.default_rng(seed)
    dominant = 10 ** rng.uniform(-3, 1, n)
    weak = rng.uniform(0, 1, n)
    irrelevant = rng.uniform(0, 1, n)
    score = (np.log10(dominant) + 3) / 4 + 0.25 * weak + 0.02 * rng.normal(size=n)
    params = [
        {"dominant": d, "weak": w, "irrelevant": i}
        for d, w, i in zip(dominant, weak, irrelevant, strict=True)
    ]
    space = {"dominant": loguniform(1e-3, 1e1), "weak": uniform(0, 1), "irrelevant": uniform(0, 1)}
    return {"params": params, "mean_test_score": score}, space


def with_results(search, cv_results):
    search.cv_results_ = cv_results
    return search


@pytest.mark.parametrize("evaluator", ["fanova", "ped-anova"])
def test_ranks_a_known_objective(evaluator):
    cv_results, _ = synthetic()
    table = hyperparameter_importance(cv_results, evaluator=evaluator, n_bootstrap=10)
    assert list(table.index) == ["dominant", "weak", "irrelevant"]
    assert list(table.columns) == ["importance", "low", "high", "scale"]
    assert table.index.name == "hyperparameter"
    # the dominant one is clearly first: its whole interval is above the weak one's
    assert table.loc["dominant", "low"] > table.loc["weak", "high"]
    # the irrelevant one's interval reaches down to (near) zero and stays below the weak
    # one's estimate: fANOVA credits it only with the noise its forest split on, PED-ANOVA
    # with the chance difference between its top-10 % and its overall spread
    assert table.loc["irrelevant", "low"] < 0.01
    assert table.loc["irrelevant", "high"] < table.loc["weak", "importance"]
    assert (table["low"] <= table["high"]).all()
    assert table.attrs["evaluator"] == evaluator
    assert table.attrs["level"] == 0.9
    assert table.attrs["n_candidates"] == 80


def test_fanova_is_a_share_of_variance():
    cv_results, _ = synthetic()
    table = hyperparameter_importance(cv_results, n_bootstrap=0)
    # main effects: the dominant one explains most of the variance, all add up to at most 1
    assert table.loc["dominant", "importance"] > 0.8
    assert table["importance"].sum() <= 1 + 1e-9
    assert table[["low", "high"]].isna().all().all()  # no resample, no interval


def test_same_seed_same_answer():
    cv_results, _ = synthetic(n=40)
    a = hyperparameter_importance(cv_results, n_bootstrap=2, random_state=1)
    b = hyperparameter_importance(cv_results, n_bootstrap=2, random_state=1)
    pd.testing.assert_frame_equal(a, b)


def test_scale_read_from_the_space():
    cv_results, space = synthetic(n=30)
    search = with_results(LiveRandomizedSearchCV(SVC(), space), cv_results)
    table = hyperparameter_importance(search, evaluator="ped-anova", n_bootstrap=0)
    assert table["scale"].to_dict() == {
        "dominant": "log",
        "weak": "linear",
        "irrelevant": "linear",
    }


def test_log_rule_for_lists_and_observed_values():
    rng = np.random.default_rng(0)
    grid = {
        "C": [0.001, 0.01, 0.1, 1, 10],  # log-spaced: log
        "n": [1, 50, 100, 150, 200],  # two decades but evenly spread: linear
        "leaf": LogUniformInt(1, 60),  # hptlearn's log-uniform integers: log
    }
    params = [
        {"C": float(rng.choice(grid["C"])), "n": int(rng.choice(grid["n"])), "leaf": int(v)}
        for v in grid["leaf"].rvs(20, random_state=0)
    ]
    cv_results = {"params": params, "mean_test_score": rng.normal(size=20)}
    search = with_results(LiveRandomizedSearchCV(SVC(), grid), cv_results)
    table = hyperparameter_importance(search, evaluator="ped-anova", n_bootstrap=0)
    assert table["scale"].to_dict() == {"C": "log", "n": "linear", "leaf": "log"}
    # without the space, the values evaluated decide: the same answer for these
    table = hyperparameter_importance(cv_results, evaluator="ped-anova", n_bootstrap=0)
    assert table.loc["C", "scale"] == "log" and table.loc["n", "scale"] == "linear"
    # the space given with a cv_results_ dict counts as the search's own
    evenly = {"params": [{"C": float(c)} for c in np.linspace(1, 200, 20)]}
    evenly["mean_test_score"] = np.arange(20.0)
    assert hyperparameter_importance(evenly, n_bootstrap=0)["scale"]["C"] == "linear"
    given = hyperparameter_importance(evenly, n_bootstrap=0, space={"C": loguniform(1, 200)})
    assert given["scale"]["C"] == "log"


@pytest.mark.parametrize("evaluator", ["fanova", "ped-anova"])
def test_categorical_estimators_and_absent_hyperparameters(evaluator):
    """A list of dicts whose 'model' values are estimators and whose 'C' only one dict has:
    the model decides the score (the tree scores 0.5, the logistic one 0.9 + C's effect)."""
    rng = np.random.default_rng(0)
    params, scores = [], []
    for i in range(40):
        if i % 2:
            c = float(10 ** rng.uniform(-3, 3))
            params.append({"model": LogisticRegression(), "C": c})
            scores.append(0.9 + 0.01 * np.log10(c) / 3 + 0.005 * rng.normal())
        else:
            params.append({"model": DecisionTreeClassifier(), "irrelevant": rng.uniform()})
            scores.append(0.5 + 0.005 * rng.normal())
    cv_results = {"params": params, "mean_test_score": np.array(scores)}
    table = hyperparameter_importance(cv_results, evaluator=evaluator, n_bootstrap=3)
    assert set(table.index) == {"model", "C", "irrelevant"}
    assert table.loc["model", "scale"] == "categorical"
    assert table.loc["C", "scale"] == "log"
    # fANOVA cannot tell the model from whether C (or irrelevant) is set at all: they carry
    # the same information, so it may spread the share among them; together they explain
    # nearly everything, and the model is not behind C
    if evaluator == "fanova":
        assert table["importance"].sum() > 0.9
        assert table.loc["model", "importance"] >= table.loc["C", "importance"] - 0.05
    else:
        # PED-ANOVA: the top 10 % are all logistic, with the largest C: both matter to
        # reach them (conditional PED-ANOVA measures C among the candidates that have it)
        assert set(table.index[:2]) == {"model", "C"}
    assert table.index[-1] == "irrelevant"


def test_failed_candidates_left_out_with_a_note():
    cv_results, _ = synthetic(n=30)
    cv_results["mean_test_score"] = cv_results["mean_test_score"].copy()
    cv_results["mean_test_score"][:3] = np.nan
    table = hyperparameter_importance(cv_results, evaluator="ped-anova", n_bootstrap=0)
    assert table.attrs["n_candidates"] == 27
    assert any("3 failed candidate(s)" in note for note in table.attrs["notes"])


def test_warns_for_bayes_and_not_for_random():
    cv_results, space = synthetic(n=20)
    bayes = with_results(LiveBayesSearchCV(SVC(), space), cv_results)
    with pytest.warns(UserWarning, match=r"adaptive strategy \(Bayesian \(TPE\)\)"):
        table = hyperparameter_importance(bayes, evaluator="ped-anova", n_bootstrap=0)
    assert any("adaptive" in note for note in table.attrs["notes"])
    random = with_results(LiveRandomizedSearchCV(SVC(), space), cv_results)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*adaptive.*")
        hyperparameter_importance(random, evaluator="ped-anova", n_bootstrap=0)


def test_halving_uses_one_iteration_and_warns():
    """Iteration 0: 30 candidates, iteration 1: their best 10, iteration 2: best 4."""
    cv_results, _ = synthetic(n=30)
    params = list(cv_results["params"])
    scores = list(cv_results["mean_test_score"])
    order = np.argsort(scores)[::-1]
    iters = [0] * 30
    for it, keep in ((1, 10), (2, 4)):
        for i in order[:keep]:
            params.append(params[i])
            scores.append(scores[i] + 0.1 * it)
            iters.append(it)
    halving = {
        "params": params,
        "mean_test_score": np.array(scores),
        "iter": np.array(iters),
        "n_resources": np.array([20 * 3**i for i in iters]),
    }
    with pytest.warns(UserWarning, match="adaptive strategy"):
        table = hyperparameter_importance(halving, evaluator="ped-anova", n_bootstrap=0)
    assert table.attrs["n_candidates"] == 10  # iteration 1: the last with >= 8
    expected = "only the 10 candidates evaluated on 60 resources are used"
    assert any(expected in note for note in table.attrs["notes"])
    del halving["n_resources"]  # without it, the iteration decides
    with pytest.warns(UserWarning, match="adaptive strategy"):
        table = hyperparameter_importance(halving, evaluator="ped-anova", n_bootstrap=0)
    assert any("the 10 candidates of iteration 1" in note for note in table.attrs["notes"])


def test_a_real_search_and_its_frame():
    X, y = load_iris(return_X_y=True)
    search = RandomizedSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2, 3, 5, 8], "criterion": ["gini", "entropy"], "splitter": ["best"]},
        n_iter=10,
        cv=2,
        random_state=0,
    ).fit(X, y)
    table = hyperparameter_importance(search, n_bootstrap=2)
    assert set(table.index) == {"max_depth", "criterion", "splitter"}
    assert table.index[0] == "max_depth"  # depth 1 vs deeper: the only real effect
    assert table.loc["splitter", "importance"] == 0  # one value: nothing to explain
    from hptlearn.results import results_frame

    again = hyperparameter_importance(results_frame(search), n_bootstrap=2)
    pd.testing.assert_series_equal(again["importance"], table["importance"])


def test_bad_input():
    cv_results, _ = synthetic(n=20)
    with pytest.raises(ValueError, match="evaluator must be one of 'fanova', 'ped-anova'"):
        hyperparameter_importance(cv_results, evaluator="shap")
    with pytest.raises(ValueError, match="scoring='recall' is not a metric of this search"):
        hyperparameter_importance(cv_results, scoring="recall")
    with pytest.raises(ValueError, match="n_bootstrap must be 0 or more"):
        hyperparameter_importance(cv_results, n_bootstrap=-1)
    with pytest.raises(TypeError, match="needs a fitted search"):
        hyperparameter_importance(SVC())
    few = {"params": cv_results["params"][:5], "mean_test_score": np.arange(5.0)}
    with pytest.raises(ValueError, match="at least 8 scored candidates; this search has 5"):
        hyperparameter_importance(few)
