"""LiveBayesSearchCV: Optuna's ask-and-tell, scored by scikit-learn's cross-validation."""

import logging
import pickle
import warnings

import numpy as np
import optuna
import pytest
from optuna.trial import TrialState
from scipy.stats import expon, loguniform, randint, uniform
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC

from hptlearn.bayes import LiveBayesSearchCV, optuna_distributions
from hptlearn.distributions import LogUniformInt
from tests.estimators import PickyClassifier

X, y = make_classification(n_samples=150, n_features=6, random_state=0)
SPACE = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1)}


def test_each_candidate_is_scored_by_scikit_learns_cross_validation():
    search = LiveBayesSearchCV(SVC(), SPACE, n_iter=8, cv=3, random_state=0).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 8
    # the same candidates in a plain grid search give the same scores
    plain = GridSearchCV(SVC(), [{k: [v] for k, v in p.items()} for p in results["params"]], cv=3)
    plain.fit(X, y)
    np.testing.assert_array_equal(results["mean_test_score"], plain.cv_results_["mean_test_score"])
    for key in ("rank_test_score", "split0_test_score", "std_test_score"):
        np.testing.assert_array_equal(results[key], plain.cv_results_[key])
    best = results["params"][int(np.argmax(results["mean_test_score"]))]
    assert search.best_params_ == best
    assert search.best_score_ == pytest.approx(
        cross_val_score(SVC(**best), X, y, cv=3).mean(), abs=1e-12
    )
    assert hasattr(search, "best_estimator_") and search.refit_time_ >= 0


def test_the_study_holds_one_trial_per_candidate_in_order():
    search = LiveBayesSearchCV(SVC(), SPACE, n_iter=6, cv=3, random_state=1).fit(X, y)
    trials = search.study_.trials
    assert [t.user_attrs["cv_results_index"] for t in trials] == list(range(6))
    assert [t.params for t in trials] == search.cv_results_["params"]
    assert [t.value for t in trials] == list(search.cv_results_["mean_test_score"])
    assert search.study_.best_value == search.best_score_
    assert 0 <= search.sampler_seconds_


def test_random_state_reproduces_the_candidates_and_clone_keeps_the_arguments():
    a = LiveBayesSearchCV(SVC(), SPACE, n_iter=12, cv=3, random_state=3).fit(X, y)
    b = clone(a).fit(X, y)
    assert a.cv_results_["params"] == b.cv_results_["params"]
    c = LiveBayesSearchCV(SVC(), SPACE, n_iter=12, cv=3, random_state=4).fit(X, y)
    assert a.cv_results_["params"] != c.cv_results_["params"]
    assert clone(a).get_params()["n_iter"] == 12


def test_tpe_concentrates_after_its_random_start():
    # a one-dimensional problem whose best C is near 1: after TPE's 10 random startup
    # trials, its candidates lie closer to the best than the random ones did
    search = LiveBayesSearchCV(
        LogisticRegression(max_iter=500),
        {"C": loguniform(1e-4, 1e4)},
        n_iter=30,
        cv=3,
        random_state=0,
    ).fit(X, y)
    log_c = np.log10([p["C"] for p in search.cv_results_["params"]])
    best = np.log10(search.best_params_["C"])
    assert np.median(np.abs(log_c[20:] - best)) < np.median(np.abs(log_c[:10] - best))


def test_batches_of_n_jobs_and_the_same_scores_in_parallel():
    search = LiveBayesSearchCV(SVC(), SPACE, n_iter=5, cv=3, random_state=0, n_jobs=2)
    assert search.candidates_per_ask() == 2
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 5
    plain = GridSearchCV(
        SVC(), [{k: [v] for k, v in p.items()} for p in search.cv_results_["params"]], cv=3
    ).fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )


def test_samplers_by_name_and_object():
    for sampler in ("random", optuna.samplers.RandomSampler(seed=0)):
        search = LiveBayesSearchCV(SVC(), SPACE, n_iter=4, cv=3, sampler=sampler, random_state=0)
        assert len(search.fit(X, y).cv_results_["params"]) == 4
    # a sampler object is copied: two fits start alike
    sampler = optuna.samplers.RandomSampler(seed=5)
    search = LiveBayesSearchCV(SVC(), SPACE, n_iter=3, cv=3, sampler=sampler)
    first = search.fit(X, y).cv_results_["params"]
    assert search.fit(X, y).cv_results_["params"] == first
    with pytest.raises(ValueError, match="sampler must be None, 'tpe'"):
        LiveBayesSearchCV(SVC(), SPACE, n_iter=2, cv=3, sampler="cmaes").fit(X, y)


def test_distributions_map_to_optuna_and_back():
    space = optuna_distributions(
        {
            "C": loguniform(1e-2, 1e2),
            "tol": uniform(0.1, 0.4),
            "degree": randint(2, 6),
            "n": LogUniformInt(1, 1000),
            "kernel": ["rbf", "poly"],
            "scale": [StandardScaler(), MinMaxScaler(), "passthrough"],
            "sizes": [(10,), (10, 10)],
            "repeated": [1, 1, 2],
        }
    )
    d = space.distributions
    assert (d["C"].low, d["C"].high, d["C"].log) == pytest.approx((1e-2, 1e2, True))
    assert (d["tol"].low, d["tol"].high, d["tol"].log) == pytest.approx((0.1, 0.5, False))
    assert (d["degree"].low, d["degree"].high) == (2, 5)
    assert (d["n"].low, d["n"].high, d["n"].log) == (1, 1000, True)
    assert d["kernel"].choices == ("rbf", "poly")
    assert d["scale"].choices == (0, 1, 2) and d["sizes"].choices == (0, 1)
    assert d["repeated"].choices == (0, 1, 2)
    decoded = space.decode(
        {
            "C": 1.0,
            "tol": 0.2,
            "degree": 3,
            "n": 7,
            "kernel": "rbf",
            "scale": 1,
            "sizes": 1,
            "repeated": 2,
        }
    )
    assert isinstance(decoded["scale"], MinMaxScaler) and decoded["sizes"] == (10, 10)
    assert decoded["repeated"] == 2 and decoded["kernel"] == "rbf"


def test_estimators_in_a_list_are_searched_as_choices():
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    space = {"scale": [StandardScaler(), "passthrough"], "clf__C": loguniform(1e-2, 1e2)}
    search = LiveBayesSearchCV(pipe, space, n_iter=6, cv=3, random_state=0).fit(X, y)
    kinds = {type(p["scale"]).__name__ for p in search.cv_results_["params"]}
    assert kinds <= {"StandardScaler", "str"} and len(kinds) >= 1


@pytest.mark.parametrize(
    "space, message",
    [
        ({"C": expon()}, r"'C' is a scipy 'expon'.*use loguniform"),
        ([{"C": [1]}, "gamma"], "non-empty list of such dicts"),
        ({"C": 1.0}, r"wrap a single value in a list: \[1.0\]"),
        ({"C": []}, "empty"),
        ({"C": loguniform(1e-2, 1e2, loc=1)}, "shifted or scaled"),
    ],
)
def test_spaces_it_cannot_map_get_a_clear_error(space, message):
    with pytest.raises((TypeError, ValueError), match=message):
        LiveBayesSearchCV(SVC(), space, n_iter=2, cv=3).fit(X, y)


def test_failed_candidates_are_told_as_failures():
    search = LiveBayesSearchCV(
        PickyClassifier(),
        {"fail": [False, True], "C": loguniform(1e-2, 1e2)},
        n_iter=8,
        cv=3,
        random_state=0,
    )
    with pytest.warns(FitFailedWarning) as record:
        search.fit(X, y)
    # one warning with the totals, as a plain search gives, not one per batch
    assert len([w for w in record if w.category is FitFailedWarning]) == 1
    assert np.isnan(search.cv_results_["mean_test_score"]).any()
    for trial, score in zip(
        search.study_.trials, search.cv_results_["mean_test_score"], strict=True
    ):
        assert (trial.state == TrialState.FAIL) == bool(np.isnan(score))


def test_several_metrics_optimize_the_refit_metric():
    search = LiveBayesSearchCV(
        SVC(), SPACE, n_iter=5, cv=3, random_state=0, scoring=["accuracy", "f1"], refit="f1"
    ).fit(X, y)
    assert [t.value for t in search.study_.trials] == list(search.cv_results_["mean_test_f1"])
    assert search.best_score_ == max(search.cv_results_["mean_test_f1"])


def test_stop_keeps_what_ran_and_marks_the_rest():
    def stop_early(info):
        if info.n_done >= 3:
            search.stop()

    search = LiveBayesSearchCV(
        SVC(), SPACE, n_iter=20, cv=3, random_state=0, batch_size=1, on_progress=stop_early
    )
    search.fit(X, y)
    n = len(search.cv_results_["params"])
    assert search.stopped_ and 3 <= n < 20
    evaluated = [t for t in search.study_.trials if "not_evaluated" not in t.user_attrs]
    assert len(evaluated) == n
    assert all(t.state == TrialState.FAIL for t in search.study_.trials[n:])


def test_quiet_by_default_and_pickles_without_callback(caplog):
    handler_records = []

    class Keep(logging.Handler):
        def emit(self, record):
            handler_records.append(record)

    keep = Keep()
    logger = logging.getLogger("optuna")
    logger.addHandler(keep)
    try:
        LiveBayesSearchCV(SVC(), SPACE, n_iter=3, cv=3, random_state=0).fit(X, y)
        quiet = len(handler_records)
        LiveBayesSearchCV(SVC(), SPACE, n_iter=3, cv=3, random_state=0, verbose=1).fit(X, y)
    finally:
        logger.removeHandler(keep)
    # Optuna logs the study's creation (and more at verbose levels): only when asked
    assert quiet == 0 and len(handler_records) >= 1
    search = LiveBayesSearchCV(SVC(), SPACE, n_iter=2, cv=3, on_progress=print).fit(X, y)
    assert pickle.loads(pickle.dumps(search)).on_progress is None


CONDITIONAL = [
    {"kernel": ["linear"], "C": loguniform(1e-2, 1e2)},
    {"kernel": ["rbf"], "C": loguniform(1e-1, 1e3), "gamma": loguniform(1e-3, 1)},
]


def test_a_list_of_dicts_is_a_choice_of_dict_then_its_own_parameters():
    search = LiveBayesSearchCV(SVC(), CONDITIONAL, n_iter=12, cv=3, random_state=0).fit(X, y)
    plain = RandomizedSearchCV(SVC(), CONDITIONAL, n_iter=12, cv=3, random_state=0).fit(X, y)
    results = search.cv_results_
    # the layout of RandomizedSearchCV on the same space: the same columns, and each
    # candidate holds the names of the dict it came from, no other
    assert results.keys() == plain.cv_results_.keys()
    keys = {frozenset(d) for d in CONDITIONAL}
    assert {frozenset(p) for p in results["params"]} == keys
    linear = np.asarray([p["kernel"] == "linear" for p in results["params"]])
    np.testing.assert_array_equal(np.ma.getmaskarray(results["param_gamma"]), linear)
    # the trial chose the dict, then named its values per dict
    for trial, params in zip(search.study_.trials, results["params"], strict=True):
        index = trial.params["dict"]
        assert {k.split(":", 1)[1]: v for k, v in trial.params.items() if k != "dict"} == params
        assert set(CONDITIONAL[index]) == set(params)
    # each candidate is scored by scikit-learn's cross-validation, and the best refitted
    i = search.best_index_
    expected = cross_val_score(SVC(**results["params"][i]), X, y, cv=3).mean()
    assert results["mean_test_score"][i] == pytest.approx(expected)
    assert search.best_estimator_.get_params()["kernel"] == search.best_params_["kernel"]


def test_several_metrics_without_refit_warn_which_metric_is_maximized():
    kwargs = dict(n_iter=3, cv=3, random_state=0, scoring=["f1", "accuracy"])
    with pytest.warns(UserWarning, match="maximizes the first metric, 'f1'"):
        search = LiveBayesSearchCV(SVC(), SPACE, refit=False, **kwargs).fit(X, y)
    assert [t.value for t in search.study_.trials] == list(search.cv_results_["mean_test_f1"])
    # with refit naming a metric, or a single metric, nothing to say
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        LiveBayesSearchCV(SVC(), SPACE, refit="accuracy", **kwargs).fit(X, y)
        LiveBayesSearchCV(SVC(), SPACE, n_iter=2, cv=3, random_state=0).fit(X, y)
