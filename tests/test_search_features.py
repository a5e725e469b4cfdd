"""Opt-in features of the live searches: a time limit (``time_budget``), no refit of a
repeated candidate (``skip_duplicates``), continuing a search (``warm_start``)."""

import time

import numpy as np
import pytest
from scipy.stats import loguniform, randint
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV, ParameterSampler

from hptlearn import (
    LiveGridSearchCV,
    LiveHalvingGridSearchCV,
    LiveHalvingRandomSearchCV,
    LiveQuasiRandomSearchCV,
    LiveRandomizedSearchCV,
)
from hptlearn._sklearn_compat import InvalidParameterError
from hptlearn.bayes import LiveBayesSearchCV
from hptlearn.distributions import QuasiRandomParameterSampler
from tests.estimators import CountingClassifier, PickyClassifier

X, y = make_classification(n_samples=120, n_features=5, random_state=0)
C_VALUES = [float(c) for c in np.logspace(-3, 3, 40)]


class TimedClassifier(PickyClassifier):
    """A slow PickyClassifier that records when each of its fits starts (n_jobs=1)."""

    starts: list = []

    def fit(self, X, y):
        TimedClassifier.starts.append(time.perf_counter())
        return super().fit(X, y)


def _searches(**kwargs):
    grid = {"C": C_VALUES}
    dists = {"C": loguniform(1e-3, 1e3)}
    estimator = PickyClassifier(sleep=0.05)
    return [
        LiveGridSearchCV(estimator, grid, cv=2, **kwargs),
        LiveRandomizedSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveQuasiRandomSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveBayesSearchCV(estimator, dists, n_iter=40, cv=2, random_state=0, **kwargs),
        LiveHalvingGridSearchCV(estimator, grid, cv=2, factor=2, random_state=0, **kwargs),
        LiveHalvingRandomSearchCV(
            estimator, dists, n_candidates=40, cv=2, factor=2, random_state=0, **kwargs
        ),
    ]


def test_no_candidate_starts_after_the_time_limit():
    budget, fit_seconds, n_splits = 0.6, 0.1, 3
    TimedClassifier.starts = []
    search = LiveGridSearchCV(
        TimedClassifier(sleep=fit_seconds), {"C": C_VALUES}, cv=n_splits, time_budget=budget
    )
    before = time.perf_counter()
    search.fit(X, y)
    assert search.stopped_ == "time_budget"
    params = search.cv_results_["params"]
    assert 1 <= len(params) < len(C_VALUES)
    # each evaluated candidate's first fit started before the limit (the fits are in
    # order with n_jobs=1; the last start is the refit's)
    firsts = TimedClassifier.starts[:-1][::n_splits]
    assert len(firsts) == len(params)
    assert max(firsts) - before < budget
    # what was evaluated is what GridSearchCV gives for those candidates, best refitted
    plain = GridSearchCV(PickyClassifier(), {"C": [p["C"] for p in params]}, cv=n_splits)
    plain.fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert search.best_params_ == plain.best_params_
    assert search.best_estimator_.C == plain.best_params_["C"]


@pytest.mark.parametrize("search", _searches(time_budget=0.3), ids=lambda s: type(s).__name__)
def test_every_live_search_ends_at_its_time_limit(search):
    search.fit(X, y)
    assert search.stopped_ == "time_budget"
    n = len(search.cv_results_["params"])
    assert 1 <= n < search.plan(X, y).n_candidates
    assert search.best_params_ in search.cv_results_["params"]
    assert clone(search).get_params()["time_budget"] == 0.3


@pytest.mark.parametrize("search", _searches(), ids=lambda s: type(s).__name__)
def test_time_budget_is_a_parameter_and_none_means_no_limit(search):
    assert search.get_params()["time_budget"] is None
    search.set_params(time_budget=60.0, n_jobs=2)
    assert clone(search).time_budget == 60.0
    search.fit(X, y)
    assert search.stopped_ is False
    assert len(search.cv_results_["params"]) == search.plan(X, y).n_candidates
    with pytest.raises(InvalidParameterError, match="time_budget"):
        search.set_params(time_budget=-1).fit(X, y)


# -- skip_duplicates ------------------------------------------------------------------
SMALL = {"kind": ["a", "b"], "C": randint(1, 4)}  # 2 x 3 = 6 distinct candidates


def _key(candidate):
    return repr(sorted(candidate.items()))


def _first_distinct(draws, n):
    out = []
    for c in draws:
        if _key(c) not in {_key(d) for d in out}:
            out.append(c)
        if len(out) == n:
            break
    return out


@pytest.mark.parametrize(
    "search_class, sampler",
    [
        (LiveRandomizedSearchCV, ParameterSampler),
        (LiveQuasiRandomSearchCV, QuasiRandomParameterSampler),
    ],
)
def test_skip_duplicates_fits_each_distinct_candidate_once(search_class, sampler):
    space = {"kind": ["a", "b"], "C": randint(1, 30)}  # 58 distinct candidates
    plain = search_class(CountingClassifier(), space, n_iter=20, cv=3, random_state=0)
    plain.fit(X, y)
    params = plain.cv_results_["params"]
    if search_class is LiveRandomizedSearchCV:  # the plain search refits duplicates
        assert len({_key(p) for p in params}) < 20
    CountingClassifier.fits = 0
    search = clone(plain).set_params(skip_duplicates=True).fit(X, y)
    distinct = search.cv_results_["params"]
    # 20 distinct candidates: the plain draws in order without the repeats, then more
    # draws of the same stream; 20 x 3 fits and the refit, none for a duplicate
    assert len({_key(p) for p in distinct}) == len(distinct) == 20
    assert distinct == _first_distinct(sampler(space, 1000, random_state=0), 20)
    assert CountingClassifier.fits == 20 * 3 + 1
    assert search.plan(X, y).n_candidates == 20
    # scored as GridSearchCV scores these candidates
    grid = GridSearchCV(CountingClassifier(), [{k: [v] for k, v in p.items()} for p in distinct])
    grid.set_params(cv=3).fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], grid.cv_results_["mean_test_score"]
    )


@pytest.mark.parametrize(
    "search_class", [LiveRandomizedSearchCV, LiveQuasiRandomSearchCV, LiveBayesSearchCV]
)
def test_skip_duplicates_in_a_small_space_warns_and_evaluates_all_of_it(search_class):
    search = search_class(
        CountingClassifier(), SMALL, n_iter=10, cv=2, random_state=0, skip_duplicates=True
    )
    CountingClassifier.fits = 0
    with pytest.warns(UserWarning, match="the space has only 6 distinct candidates"):
        search.fit(X, y)
    params = search.cv_results_["params"]
    assert len({_key(p) for p in params}) == len(params) == 6
    assert CountingClassifier.fits == 6 * 2 + 1
    assert search.stopped_ is False and search.best_params_ in params


def test_bayes_skip_duplicates_tells_a_repeat_the_score_of_its_first_evaluation():
    space = {"kind": ["a", "b"], "C": [0.1, 1.0, 10.0]}
    search = LiveBayesSearchCV(
        CountingClassifier(), space, n_iter=6, cv=2, random_state=0, skip_duplicates=True
    ).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    repeats = [t for t in search.study_.trials if "duplicate_of" in t.user_attrs]
    firsts = [t for t in search.study_.trials if "cv_results_index" in t.user_attrs]
    assert [t.user_attrs["cv_results_index"] for t in firsts] == list(range(6))
    for trial in repeats:
        row = trial.user_attrs["duplicate_of"]
        assert trial.value == scores[row]
        assert search.cv_results_["params"][row] == {k: trial.params[k] for k in space}
    # without the option the sampler's repeats are fitted again (TPE repeats in 6 choices)
    plain = LiveBayesSearchCV(CountingClassifier(), space, n_iter=12, cv=2, random_state=0)
    plain_params = plain.fit(X, y).cv_results_["params"]
    assert len({_key(p) for p in plain_params}) < len(plain_params)
    assert clone(search).get_params()["skip_duplicates"] is True
    with pytest.raises(InvalidParameterError, match="skip_duplicates"):
        search.set_params(skip_duplicates="yes").fit(X, y)


# -- warm_start -----------------------------------------------------------------------
def _same_results(a, b):
    assert a.cv_results_.keys() == b.cv_results_.keys()
    for key, value in b.cv_results_.items():
        if "time" in key:
            continue
        if key == "params":
            assert a.cv_results_[key] == value
        else:
            np.testing.assert_array_equal(np.asarray(a.cv_results_[key]), np.asarray(value))
    assert a.best_params_ == b.best_params_ and a.best_score_ == b.best_score_
    assert a.best_index_ == b.best_index_


@pytest.mark.parametrize(
    "search, more",
    [
        (
            LiveRandomizedSearchCV(
                CountingClassifier(), {"C": loguniform(1e-3, 1e3)}, n_iter=10, random_state=0
            ),
            {"n_iter": 20},
        ),
        (
            LiveQuasiRandomSearchCV(
                CountingClassifier(), {"C": loguniform(1e-3, 1e3)}, n_iter=10, random_state=0
            ),
            {"n_iter": 20},
        ),
        (
            LiveGridSearchCV(CountingClassifier(), {"C": C_VALUES[:10]}),
            {"param_grid": {"C": C_VALUES[:20]}},
        ),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, dict) else "",
)
def test_warm_start_fits_only_the_new_candidates(search, more):
    search = clone(search).set_params(cv=3, warm_start=True)
    search.fit(X, y)
    plan = search.set_params(**more).plan(X, y)
    assert (plan.n_candidates, plan.reused_candidates, plan.n_fits) == (20, 10, 10 * 3)
    CountingClassifier.fits = 0
    search.fit(X, y)
    # 10 new candidates x 3 folds, and the refit; results as one fresh fit gives them
    assert CountingClassifier.fits == 10 * 3 + 1
    fresh = clone(search).set_params(warm_start=False).fit(X, y)
    _same_results(search, fresh)
    # with the default, every candidate is fitted again
    CountingClassifier.fits = 0
    clone(search).set_params(warm_start=False).fit(X, y)
    assert CountingClassifier.fits == 20 * 3 + 1


def test_warm_start_refuses_what_changed():
    from sklearn.model_selection import KFold

    search = LiveRandomizedSearchCV(
        CountingClassifier(),
        {"C": loguniform(1e-3, 1e3)},
        n_iter=4,
        cv=KFold(3, shuffle=True, random_state=0),
        random_state=0,
        warm_start=True,
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"but the data \(X, y or the fit parameters\) and"):
        search.fit(X[:100], y[:100])
    with pytest.raises(ValueError, match="the cross-validation splits changed"):
        search.set_params(cv=KFold(3, shuffle=True, random_state=1)).fit(X, y)
    search.set_params(cv=KFold(3, shuffle=True, random_state=0))
    with pytest.raises(ValueError, match=r"the scoring \(scoring"):
        search.set_params(scoring="balanced_accuracy").fit(X, y)
    search.set_params(scoring=None)
    with pytest.raises(ValueError, match="the estimator changed"):
        search.set_params(estimator=CountingClassifier(kind="b")).fit(X, y)
    search.set_params(estimator=CountingClassifier(), n_iter=6)
    CountingClassifier.fits = 0
    search.fit(X, y)  # the same settings again: continues
    assert CountingClassifier.fits == 2 * 3 + 1
    assert clone(search).get_params()["warm_start"] is True


def test_bayes_warm_start_continues_its_study():
    space = {"C": loguniform(1e-3, 1e3)}
    search = LiveBayesSearchCV(
        CountingClassifier(), space, n_iter=6, cv=3, random_state=0, warm_start=True
    ).fit(X, y)
    CountingClassifier.fits = 0
    search.set_params(n_iter=12).fit(X, y)
    assert CountingClassifier.fits == 6 * 3 + 1
    assert len(search.study_.trials) == 12
    fresh = LiveBayesSearchCV(CountingClassifier(), space, n_iter=12, cv=3, random_state=0)
    _same_results(search, fresh.fit(X, y))
    with pytest.raises(ValueError, match=r"the sampler \(sampler, random_state"):
        search.set_params(random_state=1, n_iter=14).fit(X, y)
    assert len(search.study_.trials) == 12  # a refused continuation keeps the study


# -- warm_start after an ordinary fit, progress and plan of a continued fit -----------
def _continuable(**kwargs):
    dists = {"C": loguniform(1e-3, 1e3)}
    return {
        "grid": (
            LiveGridSearchCV(CountingClassifier(), {"C": C_VALUES[:6]}, cv=3, **kwargs),
            {"param_grid": {"C": C_VALUES[:12]}},
        ),
        "random": (
            LiveRandomizedSearchCV(
                CountingClassifier(), dists, n_iter=6, cv=3, random_state=0, **kwargs
            ),
            {"n_iter": 12},
        ),
        "quasi-random": (
            LiveQuasiRandomSearchCV(
                CountingClassifier(), dists, n_iter=6, cv=3, random_state=0, **kwargs
            ),
            {"n_iter": 12},
        ),
        "bayes": (
            LiveBayesSearchCV(
                CountingClassifier(), dists, n_iter=6, cv=3, random_state=0, **kwargs
            ),
            {"n_iter": 12},
        ),
    }


@pytest.mark.parametrize("name", ["grid", "random", "quasi-random", "bayes"])
def test_warm_start_set_after_an_ordinary_fit_continues_it(name):
    # scikit-learn's convention (its ensembles): a fit keeps what a later fit with
    # warm_start=True reuses, whatever its own warm_start
    search, more = _continuable()[name]
    search.fit(X, y)
    plan = search.set_params(warm_start=True, **more).plan(X, y)
    assert (plan.n_candidates, plan.reused_candidates, plan.n_fits) == (12, 6, 6 * 3)
    CountingClassifier.fits = 0
    search.fit(X, y)
    assert CountingClassifier.fits == 6 * 3 + 1
    _same_results(search, clone(search).set_params(warm_start=False).fit(X, y))
    # the state stays off clones; warm_start=False still refits everything
    assert "_live_warm" not in clone(search).__dict__
    CountingClassifier.fits = 0
    search.set_params(warm_start=False).fit(X, y)
    assert CountingClassifier.fits == 12 * 3 + 1


@pytest.mark.parametrize("name", ["grid", "random", "quasi-random", "bayes"])
def test_a_continued_fit_counts_the_reused_candidates_in_every_report(name):
    search, more = _continuable()[name]
    search.fit(X, y)
    first = list(search.cv_results_["params"])
    seen = []
    search.set_params(warm_start=True, on_progress=seen.append, batch_size=1, **more)
    search.fit(X, y)
    assert seen[0].n_done == 6 and seen[0].cv_results["params"] == first  # before any fit
    assert all(info.n_total == 12 for info in seen)
    assert [info.n_done for info in seen] == sorted(info.n_done for info in seen)
    for info in seen:
        rows = info.cv_results["params"]
        assert len(rows) == info.n_done
        assert all(p in rows for p in first)  # the reused rows, from the first report on
        assert info.fraction >= info.n_done / 12
        # in the order of the final results
        final = search.cv_results_["params"]
        assert [final.index(p) for p in rows] == sorted(final.index(p) for p in rows)
    assert seen[-1].n_done == 12 and seen[-1].fraction == 1.0


def test_a_continued_halving_counts_the_reused_candidates_in_every_report():
    def make(**kwargs):
        return LiveHalvingRandomSearchCV(
            CountingClassifier(), {"C": loguniform(1e-3, 1e3)}, cv=2, random_state=0, **kwargs
        )

    search = make(n_candidates=4).fit(X, y)
    seen = []
    search.set_params(n_candidates=12, warm_start=True, on_progress=seen.append, batch_size=1)
    CountingClassifier.fits = 0
    search.fit(X, y)
    n_fits = CountingClassifier.fits
    fresh = make(n_candidates=12).fit(X, y)
    _same_results(search, fresh)
    n_rows = len(search.cv_results_["params"])
    assert n_fits < n_rows * 2 + 1  # some pairs reused
    assert seen[0].n_done > 0  # the reused pairs of the first iteration, before any fit
    for info in seen:
        assert info.n_total == sum(search.n_candidates_)
        assert info.n_done == (len(info.cv_results["params"]) if info.cv_results else 0)
    # every report counts what is known so far, the reused pairs included
    assert [info.n_done for info in seen] == sorted(info.n_done for info in seen)
    assert seen[-1].n_done == n_rows


@pytest.mark.parametrize("name", ["grid", "random", "quasi-random", "bayes"])
def test_a_resumed_fit_counts_the_candidates_of_its_checkpoint(name, tmp_path):
    path = tmp_path / "run.jsonl"
    search, more = _continuable(checkpoint=path)[name]
    search.set_params(**more)

    def stop_after_5(info):
        if info.n_done >= 5:
            search.stop()

    search.set_params(on_progress=stop_after_5, batch_size=1).fit(X, y)
    n_held = len(search.cv_results_["params"])
    assert search.stopped_ is True and 5 <= n_held < 12
    resumed, _ = _continuable(checkpoint=path)[name]
    resumed.set_params(**more)
    plan = resumed.plan(X, y)
    assert (plan.reused_candidates, plan.n_fits) == (n_held, (12 - n_held) * 3)
    seen = []
    CountingClassifier.fits = 0
    resumed.set_params(on_progress=seen.append, batch_size=1).fit(X, y)
    assert CountingClassifier.fits == (12 - n_held) * 3 + 1
    assert all(info.n_total == 12 for info in seen)
    assert seen[0].n_done == n_held or (name == "bayes" and seen[0].n_done <= n_held)
    assert [info.n_done for info in seen] == sorted(info.n_done for info in seen)
    assert seen[-1].n_done == 12


def test_bayes_plan_after_a_fit_counts_the_candidates_a_continued_fit_takes_back():
    search, _ = _continuable()["bayes"]
    search.fit(X, y)
    # AttributeError before: plan() read its candidates as dicts
    assert search.plan(X, y).reused_candidates == 0  # warm_start=False: all fitted
    plan = search.set_params(warm_start=True, n_iter=10).plan(X, y)
    assert (plan.n_candidates, plan.reused_candidates, plan.n_fits) == (10, 6, 4 * 3)
    assert search.set_params(n_iter=4).plan(X, y).reused_candidates == 4
