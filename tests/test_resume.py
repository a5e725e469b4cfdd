"""Training that resumes: who continues, that the training done is each configuration's
largest resource once (counted), and that resuming gives the scores of refitting where
warm start is exact."""

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.ensemble import (
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import SGDClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from threadpoolctl import threadpool_limits

from hptlearn import LiveHyperbandSearchCV
from hptlearn.resume import resumption
from tests.estimators import CountingEnsemble

X, Y = load_iris(return_X_y=True)


@pytest.mark.parametrize(
    "estimator, resource, resume, resumes, kind",
    [
        (GradientBoostingClassifier(), "n_estimators", "auto", True, "total"),
        (RandomForestClassifier(), "n_estimators", "auto", True, "total"),
        (HistGradientBoostingClassifier(), "max_iter", "auto", True, "total"),
        (RandomForestClassifier(), "n_estimators", False, False, None),
        (RandomForestClassifier(), "max_depth", True, False, None),
        (RandomForestClassifier(), "n_samples", True, False, None),
        (MLPClassifier(), "max_iter", "auto", False, None),
        (MLPClassifier(), "max_iter", True, True, "added"),
        (SGDClassifier(), "max_iter", True, True, "added"),
        (SVC(), "max_iter", True, False, None),
        (CountingEnsemble(), "n_estimators", "auto", False, None),
        (CountingEnsemble(), "n_estimators", True, True, "total"),
        (
            Pipeline([("s", StandardScaler()), ("gb", GradientBoostingClassifier())]),
            "gb__n_estimators",
            "auto",
            True,
            "total",
        ),
    ],
)
def test_who_resumes_and_why(estimator, resource, resume, resumes, kind):
    how = resumption(estimator, resource, resume)
    assert how.resumes is resumes and how.kind == kind
    assert how.reason.endswith(".")
    if resumes:
        assert how.warm_start in estimator.get_params()
        assert how.exact == (resume == "auto")


def _configurations(results):
    """Each configuration (bracket and hyperparameters but the resource) -> the largest
    resource it reached."""
    reached = {}
    for params, bracket, r in zip(
        results["params"], results["bracket"], results["n_resources"], strict=True
    ):
        key = (int(bracket), repr(sorted((k, v) for k, v in params.items() if k != "n_estimators")))
        reached[key] = max(reached.get(key, 0), int(r))
    return reached


@pytest.mark.parametrize("resume", [True, False])
def test_training_done_is_each_configurations_largest_resource_once(resume):
    search = LiveHyperbandSearchCV(
        CountingEnsemble(),
        {"C": loguniform(1e-2, 1e2)},
        resource="n_estimators",
        max_resources=9,
        factor=3,
        cv=2,
        resume=resume,
        random_state=0,
    )
    plan = search.plan(X, Y)
    CountingEnsemble.trained = CountingEnsemble.fits = 0
    search.fit(X, Y)
    assert search.resumes_ is resume is plan.resumes
    results = search.cv_results_
    n_splits, refit = search.n_splits_, search.best_params_["n_estimators"]
    cv_training = CountingEnsemble.trained - refit
    if resume:
        assert cv_training == sum(_configurations(results).values()) * n_splits
    else:
        assert cv_training == int(np.sum(results["n_resources"])) * n_splits
    assert cv_training == pytest.approx(plan.full_fit_equivalents * search.max_resources_)
    assert CountingEnsemble.fits == plan.total_fits  # one fit per evaluation, resumed or not
    # resumed: less training, and the same scores (this ensemble's warm start is exact)
    other = clone(search).set_params(resume=not resume).fit(X, Y)
    for key in ("split0_test_score", "split1_test_score", "mean_train_score"):
        assert np.array_equal(results[key], other.cv_results_[key])
    assert search.best_params_ == other.best_params_


@pytest.mark.parametrize(
    "estimator, resource",
    [
        (GradientBoostingClassifier(max_depth=1, subsample=0.7, random_state=0), "n_estimators"),
        (RandomForestClassifier(max_depth=2, random_state=0), "n_estimators"),
        (HistGradientBoostingClassifier(max_depth=2, random_state=0), "max_iter"),
        (
            Pipeline(
                [
                    ("scale", StandardScaler()),
                    ("rf", RandomForestClassifier(max_depth=2, random_state=0)),
                ]
            ),
            "rf__n_estimators",
        ),
    ],
)
def test_resume_auto_gives_the_scores_of_refitting(estimator, resource):
    space = {"min_samples_leaf": [1, 3, 5, 10]}
    if resource.startswith("rf__"):
        space = {"rf__min_samples_leaf": [1, 3, 5, 10]}
    common = dict(resource=resource, max_resources=9, factor=3, cv=2, random_state=0)
    with threadpool_limits(1):  # histogram gradient boosting's OpenMP threads: one is enough
        resumed = LiveHyperbandSearchCV(estimator, space, **common).fit(X, Y)
        refitted = LiveHyperbandSearchCV(estimator, space, resume=False, **common).fit(X, Y)
    assert resumed.resumes_ and not refitted.resumes_
    for key in ("split0_test_score", "split1_test_score", "split0_train_score", "params"):
        assert list(resumed.cv_results_[key]) == list(refitted.cv_results_[key])


def test_epochs_resume_only_when_asked_and_continue_by_the_difference():
    space = {"alpha": [1e-4, 1e-2, 1.0]}
    common = dict(resource="max_iter", max_resources=9, factor=3, cv=2, random_state=0)
    estimator = SGDClassifier(random_state=0, tol=None)
    auto = LiveHyperbandSearchCV(estimator, space, **common)
    assert auto.plan(X, Y).resumes is False and "resume=True" in auto.plan(X, Y).resume_reason
    resumed = LiveHyperbandSearchCV(estimator, space, resume=True, **common).fit(X, Y)
    assert resumed.resumes_
    assert np.isfinite(resumed.cv_results_["mean_test_score"]).all()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_resume_true_that_cannot_warns_and_refits():
    search = LiveHyperbandSearchCV(
        SVC(), {"C": [1, 10]}, resource="max_iter", max_resources=9, cv=2, resume=True
    )
    assert search.plan(X, Y).resumes is False
    with pytest.warns(UserWarning, match="resume=True, but SVC has no warm_start"):
        search.fit(X, Y)
    assert search.resumes_ is False


def test_resumed_fold_estimators_travel_to_the_workers_and_back():
    common = dict(resource="n_estimators", max_resources=9, factor=3, cv=2, random_state=0)
    space = {"min_samples_leaf": [1, 3, 5, 10]}
    estimator = GradientBoostingClassifier(max_depth=1, random_state=0)
    one = LiveHyperbandSearchCV(estimator, space, **common).fit(X, Y)
    two = LiveHyperbandSearchCV(estimator, space, n_jobs=2, **common).fit(X, Y)
    assert two.resumes_
    assert np.array_equal(one.cv_results_["mean_test_score"], two.cv_results_["mean_test_score"])
