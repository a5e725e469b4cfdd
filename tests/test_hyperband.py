"""LiveHyperbandSearchCV: the paper's brackets, plan equals fit, live progress and stop, and
the parts of scikit-learn's search tests that apply (clone, parameters, pickling, refit,
error_score, multimetric)."""

import pickle
import warnings

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import KFold
from sklearn.model_selection._search_successive_halving import _SubsampleMetaSplitter

from hptlearn import LiveHyperbandSearchCV, hyperband_brackets
from hptlearn._sklearn_compat import InvalidParameterError
from hptlearn.resources import SubsampledSplits
from tests.estimators import CountingClassifier

X, Y = load_iris(return_X_y=True)
SPACE = {"C": loguniform(1e-3, 1e3), "kind": ["a", "b"]}

#: Li et al. (JMLR 2018), Table 1: R = 81, eta = 3, brackets s = 4 .. 0, (n_i, r_i)
PAPER = [
    [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)],
    [(34, 3), (11, 9), (3, 27), (1, 81)],
    [(15, 9), (5, 27), (1, 81)],
    [(8, 27), (2, 81)],
    [(5, 81)],
]


def _search(estimator=None, space=SPACE, **params):
    params = {"resource": "n_estimators", "max_resources": 9, "cv": 2, "random_state": 0, **params}
    return LiveHyperbandSearchCV(estimator or CountingClassifier(), space, **params)


def test_brackets_are_the_papers_table_every_rung():
    brackets = hyperband_brackets(81, 3, 1)
    assert [list(zip(b.n_candidates, b.n_resources, strict=True)) for b in brackets] == PAPER
    assert [b.n_candidates[0] for b in brackets] == [81, 34, 15, 8, 5]
    assert all(b.n_resources[-1] == 81 for b in brackets)


def test_plan_is_the_papers_table_and_fit_does_it():
    search = _search(max_resources=81, min_resources=1, factor=3)
    CountingClassifier.fits = 0
    plan = search.plan(X, Y)
    assert CountingClassifier.fits == 0
    rungs = [list(zip(b.n_candidates, b.n_resources, strict=True)) for b in plan.brackets]
    assert rungs == PAPER
    assert plan.schedule.n_candidates == [n for b in PAPER for n, _ in b]
    assert plan.n_candidates == sum(n for b in PAPER for n, _ in b) == 206
    assert plan.resumes is False and "no warm_start" in plan.resume_reason
    search.fit(X, Y)
    assert CountingClassifier.fits == plan.total_fits
    assert search.n_candidates_ == plan.schedule.n_candidates
    assert search.n_resources_ == plan.schedule.n_resources
    assert search.n_iterations_ == 15 and search.n_brackets_ == 5
    results = search.cv_results_
    iters = np.asarray(results["iter"])
    assert np.array_equal(results["n_resources"], np.asarray(search.n_resources_)[iters])
    assert [int((results["bracket"] == b).sum()) for b in range(5)] == [121, 49, 21, 10, 5]
    assert results["params"][0]["n_estimators"] == 1  # the resource is set on each candidate
    # a rung's candidates are the best of the rung before, in its bracket
    for i in range(1, 15):
        previous, now = np.flatnonzero(iters == i - 1), np.flatnonzero(iters == i)
        if results["bracket"][previous[0]] != results["bracket"][now[0]]:
            continue
        scores = results["mean_test_score"][previous]
        kept = {
            repr(sorted((k, v) for k, v in results["params"][j].items() if k != "n_estimators"))
            for j in now
        }
        ranked = [
            repr(sorted((k, v) for k, v in results["params"][j].items() if k != "n_estimators"))
            for j in previous[np.argsort(-scores, kind="stable")]
        ]
        assert kept == set(ranked[: len(now)])


def test_best_is_the_best_evaluation_on_the_largest_resource():
    search = _search(max_resources=27, factor=3).fit(X, Y)
    results = search.cv_results_
    on_max = np.flatnonzero(results["n_resources"] == 27)
    best = on_max[np.argmax(results["mean_test_score"][on_max])]
    assert search.best_index_ == best
    assert search.best_score_ == results["mean_test_score"][best]
    assert search.best_params_["n_estimators"] == 27 == search.best_estimator_.n_estimators


def test_n_samples_subsamples_as_scikit_learns_halving():
    splits = list(KFold(3, shuffle=True, random_state=1).split(X))
    ours = list(SubsampledSplits(splits, 0.4, 7).split(X, Y))

    class Fixed:
        def split(self, X, y=None):
            return iter(splits)

    theirs = list(
        _SubsampleMetaSplitter(
            base_cv=Fixed(), fraction=0.4, subsample_test=True, random_state=7
        ).split(X, Y)
    )
    for (a, b), (c, d) in zip(ours, theirs, strict=True):
        assert np.array_equal(a, c) and np.array_equal(b, d)
    search = LiveHyperbandSearchCV(CountingClassifier(), SPACE, cv=3, random_state=0)
    plan = search.plan(X, Y)
    assert plan.schedule.max_resources == 150 and plan.brackets[0].n_resources[0] >= 18
    search.fit(X, Y)
    assert search.min_resources_ == 18 and search.max_resources_ == 150  # 2 x 3 splits x 3 classes
    assert search.n_resources_ == plan.schedule.n_resources
    assert "n_estimators" not in search.best_params_


def test_progress_and_stop_keep_a_valid_result():
    seen = []

    def on_progress(info):
        seen.append(info)
        if info.n_done >= 5:
            search.stop()

    search = _search(max_resources=27, factor=3, on_progress=on_progress, batch_size=1)
    search.fit(X, Y)
    assert search.stopped_ is True
    n_rows = len(search.cv_results_["params"])
    assert 5 <= n_rows < search.plan(X, Y).n_candidates
    assert seen[0].n_iterations == len(search.plan(X, Y).schedule.n_candidates)
    assert seen[-1].iteration == search.n_iterations_ - 1
    resources = search.cv_results_["n_resources"]
    assert search.best_params_["n_estimators"] == resources.max()
    iters = search.cv_results_["iter"]
    assert search.n_resources_ == [resources[iters == i][0] for i in range(search.n_iterations_)]
    assert hasattr(search, "best_estimator_")
    assert not search.stop_requested  # the request is consumed


def test_clone_get_set_params_and_pickle():
    search = _search(factor=2, on_progress=print)
    params = search.get_params()
    for name in (
        "factor",
        "resource",
        "max_resources",
        "min_resources",
        "resume",
        "random_state",
        "time_budget",
    ):
        assert name in params
    twin = clone(search)
    assert (
        twin.get_params()["factor"] == 2
        and twin.param_distributions is not search.param_distributions
    )
    twin.set_params(factor=3, estimator__C=5.0)
    assert twin.factor == 3 and twin.estimator.C == 5.0
    search.fit(X, Y)
    back = pickle.loads(pickle.dumps(search))
    assert back.on_progress is None  # the callback does not travel
    assert np.array_equal(back.predict(X), search.predict(X))
    assert back.best_params_ == search.best_params_


@pytest.mark.parametrize(
    "params, match",
    [
        ({"factor": 1}, "factor"),
        ({"resume": "sometimes"}, "resume"),
        ({"min_resources": 0}, "min_resources"),
    ],
)
def test_invalid_parameters_are_refused_with_scikit_learns_error(params, match):
    with pytest.raises(InvalidParameterError, match=match):
        _search(**params).fit(X, Y)


@pytest.mark.parametrize(
    "params, space, match",
    [
        ({"resource": "depth"}, SPACE, "Cannot use resource=depth"),
        ({}, {"n_estimators": [1, 2]}, "part of the searched parameters"),
        ({"min_resources": 20}, SPACE, "min_resources_=20 is greater than max_resources_=9"),
        ({"resource": "kind", "max_resources": "auto"}, {"C": [1, 2]}, "not a whole number"),
    ],
)
def test_bad_resources_get_a_clear_message(params, space, match):
    with pytest.raises(ValueError, match=match):
        _search(space=space, **params).fit(X, Y)
    with pytest.raises(ValueError, match=match):
        _search(space=space, **params).plan(X, Y)


def test_max_resources_auto_is_the_estimators_own_value():
    search = _search(CountingClassifier(n_estimators=4), max_resources="auto", factor=2)
    assert search.plan(X, Y).schedule.max_resources == 4


def test_refit_false_and_callable():
    search = _search(refit=False).fit(X, Y)
    assert not hasattr(search, "best_estimator_")
    with pytest.raises(AttributeError, match="has no attribute .predict."):
        search.predict(X)

    def first(results):
        return 0

    search = _search(refit=first).fit(X, Y)
    assert search.best_index_ == 0 and search.best_params_ == search.cv_results_["params"][0]


def test_error_score():
    space = {"C": [0.1, 1.0, 10.0], "fail": [False, True]}
    with pytest.raises(ValueError, match="refuses to fit"):
        _search(space=space, error_score="raise").fit(X, Y)
    with pytest.warns(FitFailedWarning):
        search = _search(space=space, error_score=-1.0).fit(X, Y)
    failed = np.asarray([p["fail"] for p in search.cv_results_["params"]])
    assert failed.any() and np.all(search.cv_results_["mean_test_score"][failed] == -1.0)
    assert search.best_params_["fail"] is False
    assert "refuses to fit" in search.fit_errors_[int(np.flatnonzero(failed)[0])]


def test_multimetric_promotes_and_chooses_by_the_refit_metric():
    scoring = {"acc": "accuracy", "f1": "f1_macro"}
    search = _search(scoring=scoring, refit="f1", factor=3).fit(X, Y)
    results = search.cv_results_
    for key in ("mean_test_acc", "mean_test_f1", "rank_test_f1", "iter", "n_resources", "bracket"):
        assert key in results
    on_max = np.flatnonzero(results["n_resources"] == 9)
    assert search.best_index_ == on_max[np.argmax(results["mean_test_f1"][on_max])]
    assert search.best_score_ == results["mean_test_f1"][search.best_index_]
    assert set(search.scorer_) == {"acc", "f1"}


# -- taken back: checkpoint and warm_start ---------------------------------------------------
def _without_times(search) -> dict:
    return {k: v for k, v in search.cv_results_.items() if "time" not in k}


def _assert_same_results(a, b):
    a, b = _without_times(a), _without_times(b)
    assert a.keys() == b.keys()
    assert a["params"] == b["params"]
    for key in set(a) - {"params"}:
        np.testing.assert_array_equal(np.asarray(a[key]), np.asarray(b[key]), err_msg=key)


def _keep_lines(path, n_records):
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[: 1 + n_records]))  # the header, then n_records candidates


@pytest.mark.parametrize(
    "params",
    [{"resource": "n_samples", "max_resources": "auto"}, {"max_resources": 27}],
    ids=["n_samples", "n_estimators"],
)
def test_a_checkpoint_resumes_without_refitting_what_it_holds(tmp_path, params):
    path = tmp_path / "hyperband.jsonl"
    CountingClassifier.fits = 0
    full = _search(cv=3, checkpoint=path, **params).fit(X, Y)
    n_full, n_rows = CountingClassifier.fits, len(full.cv_results_["params"])
    assert full.checkpoint_written_ == n_rows == len(path.read_text().splitlines()) - 1
    _keep_lines(path, n_rows // 2)  # a crash halfway
    CountingClassifier.fits = 0
    resumed = _search(cv=3, checkpoint=path, **params).fit(X, Y)
    assert resumed.checkpoint_read_ == n_rows // 2
    assert CountingClassifier.fits == n_full - (n_rows // 2) * 3  # each record: 3 folds
    _assert_same_results(full, resumed)
    assert resumed.best_params_ == full.best_params_


def test_plan_counts_the_first_rungs_a_checkpoint_holds(tmp_path):
    path = tmp_path / "hyperband.jsonl"
    _search(max_resources=27, checkpoint=path).fit(X, Y)
    first = _search(max_resources=27).plan(X, Y).brackets[0].n_candidates[0]
    _keep_lines(path, first)  # exactly the first rung of the first bracket
    search = _search(max_resources=27, checkpoint=path)
    plan = search.plan(X, Y)
    assert plan.reused_candidates == first
    CountingClassifier.fits = 0
    search.fit(X, Y)
    assert CountingClassifier.fits == plan.n_fits + plan.refit_fits


def test_warm_start_reuses_every_evaluation_and_gives_a_fresh_fits_results():
    small = _search(max_resources=9).fit(X, Y)
    larger = small.set_params(warm_start=True, max_resources=27)
    plan = larger.plan(X, Y)
    CountingClassifier.fits = 0
    larger.fit(X, Y)
    continued = CountingClassifier.fits
    CountingClassifier.fits = 0
    fresh = _search(max_resources=27).fit(X, Y)
    assert continued < CountingClassifier.fits  # 105 against 139 fits here
    assert plan.reused_candidates > 0 and plan.n_fits + plan.refit_fits >= continued
    _assert_same_results(fresh, larger)
    with pytest.raises(ValueError, match="cross-validation splits changed"):
        larger.set_params(cv=3).fit(X, Y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_taken_back_then_promoted_continues_exactly_or_warns(tmp_path):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.neural_network import MLPClassifier

    space = {"max_depth": [1, 2, 3, None], "min_samples_leaf": [1, 3, 5]}
    forest = RandomForestClassifier(random_state=0)
    path = tmp_path / "forest.jsonl"
    common = dict(resource="n_estimators", max_resources=9, cv=3, random_state=0)
    full = LiveHyperbandSearchCV(forest, space, checkpoint=path, **common).fit(X, Y)
    assert full.resumes_
    _keep_lines(path, len(full.cv_results_["params"]) // 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # continuing a forest is exact: no warning
        resumed = LiveHyperbandSearchCV(forest, space, checkpoint=path, **common).fit(X, Y)
    _assert_same_results(full, resumed)

    mlp = MLPClassifier(hidden_layer_sizes=(4,), random_state=0)
    path = tmp_path / "mlp.jsonl"
    options = dict(resource="max_iter", max_resources=9, resume=True, cv=2, random_state=0)
    space = {"alpha": [1e-4, 1e-2, 1.0]}
    LiveHyperbandSearchCV(mlp, space, checkpoint=path, **options).fit(X, Y)
    _keep_lines(path, 3)  # the first rung
    with pytest.warns(UserWarning, match="started from scratch instead of continuing"):
        LiveHyperbandSearchCV(mlp, space, checkpoint=path, **options).fit(X, Y)
