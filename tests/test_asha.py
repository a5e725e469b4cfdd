"""Asynchronous successive halving (hptlearn.asha): the promotion rule, no barrier, and a
scikit-learn search (cv_results_, best_*, stop, error_score, several metrics, clone, pickle).

The scripted classifier below has a score known in advance, so the promotions can be
worked out by hand; its fits sleep to make one configuration slow.
"""

import pickle
import time

import numpy as np
import pytest
from scipy.stats import randint, uniform
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import KFold, ParameterSampler
from sklearn.utils.parallel import Parallel, delayed

from hptlearn.asha import ASHAPlan, ASHAScheduler, LiveASHASearchCV, asha_rungs
from tests.estimators import CountingClassifier

X, y = make_classification(n_samples=41, n_features=4, random_state=0)
# drawn in this order (a space of lists as large as n_iter is drawn in grid order)
QUALITIES = [0.5, 0.9, 0.7, 0.2, 0.95, 0.1, 0.3, 0.8, 0.6]


class ScriptedClassifier(ClassifierMixin, BaseEstimator):
    """Scores ``quality + slope * budget`` on any data; ``budget`` is its resource.

    A fit sleeps ``seconds`` per unit of budget trained, ``slow_seconds`` instead when
    its ``quality`` is in ``slow`` and its training set has an odd size (one fold of two);
    it raises when ``quality`` is in ``fail``. With ``warm_start=True`` a fit continues
    from the budget trained before. ``fits`` and ``trained`` (class attributes, for
    ``n_jobs=1``) count the calls to fit and the units of budget trained.
    """

    fits = 0
    trained = 0

    def __init__(
        self,
        quality=0.5,
        budget=1,
        slope=0.0,
        seconds=0.0,
        slow=(),
        slow_seconds=0.0,
        fail=(),
        warm_start=False,
    ):
        self.quality = quality
        self.budget = budget
        self.slope = slope
        self.seconds = seconds
        self.slow = slow
        self.slow_seconds = slow_seconds
        self.fail = fail
        self.warm_start = warm_start

    def fit(self, X, y):
        ScriptedClassifier.fits += 1
        if self.quality in self.fail:
            raise ValueError("ScriptedClassifier refuses this quality")
        done = getattr(self, "budget_trained_", 0) if self.warm_start else 0
        added = max(0, self.budget - done)
        ScriptedClassifier.trained += added
        slow = self.quality in self.slow and len(X) % 2 == 1
        time.sleep((self.slow_seconds if slow else self.seconds) * added)
        self.budget_trained_ = self.budget
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y):
        return self.quality + self.slope * self.budget


def _search(estimator=None, space=None, **params):
    defaults = dict(resource="budget", max_resources=9, cv=KFold(2), random_state=0, refit=False)
    return LiveASHASearchCV(
        estimator or ScriptedClassifier(),
        space or {"quality": QUALITIES},
        **{**defaults, **params},
    )


class Rising:
    """A "distribution" whose draws are 0, 1, 2, ...: the scores rise in draw order."""

    def __init__(self):
        self.n = -1

    def rvs(self, random_state=None):
        self.n += 1
        return self.n


def _reference_asha(qualities, factor, n_rungs, score):
    """ASHA with one worker, written out plainly: the (configuration, rung) sequence."""
    rungs = [dict() for _ in range(n_rungs)]  # configuration -> score, in arrival order
    promoted = [set() for _ in range(n_rungs)]
    sequence, started = [], 0
    while True:
        job = None
        for k in range(n_rungs - 2, -1, -1):
            ranked = sorted(rungs[k], key=lambda c: -rungs[k][c])  # stable: earlier first
            for c in ranked[: len(ranked) // factor]:
                if c not in promoted[k]:
                    job = (c, k + 1)
                    break
            if job:
                promoted[k].add(job[0])
                break
        if job is None and started < len(qualities):
            job, started = (started, 0), started + 1
        if job is None:
            highest = max(k for k in range(n_rungs) if rungs[k])
            if highest == n_rungs - 1:
                return sequence
            best = max(rungs[highest], key=lambda c: rungs[highest][c])
            job = (best, highest + 1)
            promoted[highest].add(best)
        sequence.append(job)
        rungs[job[1]][job[0]] = score(qualities[job[0]], job[1])


# -- the rule ------------------------------------------------------------------------------
def test_scheduler_promotes_the_top_third_as_results_arrive():
    s = ASHAScheduler(n_rungs=3, factor=3, n_configurations=9)
    scores = [0.5, 0.9, 0.7, 0.2, 0.95, 0.1, 0.3, 0.8, 0.6]
    jobs = []
    while (job := s.next_job()) is not None:
        jobs.append(job)
        s.record(job[0], job[1], scores[job[0]])
    assert jobs == [
        (0, 0), (1, 0), (2, 0),
        (1, 1),  # 3 results: the best, configuration 1, goes on at once
        (3, 0), (4, 0),
        (4, 1),  # 5 results: 4 is now the best and not yet promoted
        (5, 0), (6, 0), (7, 0), (8, 0),
        (7, 1),  # 9 results: the top 3 are 4, 1 and 7
        (4, 2),  # rung 1 holds 3 results: its best goes on
    ]  # fmt: skip
    assert s.top(0) == [4, 1, 7] and s.promoted[0] == {1, 4, 7}
    assert s.final_promotion() is None  # the top rung is reached


def test_scheduler_can_promote_more_than_synchronous_halving():
    # results in increasing order: every new one is the best, and goes on
    s = ASHAScheduler(n_rungs=2, factor=3, n_configurations=9)
    while (job := s.next_job()) is not None:
        s.record(*job, score=job[0] + 10 * job[1])
    assert sorted(c for c, _ in s.results[1]) == [2, 3, 4, 5, 6, 7, 8]  # 9 - 3 + 1


def test_scheduler_final_promotion_reaches_the_top_rung():
    s = ASHAScheduler(n_rungs=3, factor=3, n_configurations=3)
    for _ in range(3):
        c, r = s.next_job()
        s.record(c, r, [0.2, 0.7, 0.4][c])
    assert s.next_job() == (1, 1)
    s.record(1, 1, 0.7)
    assert s.next_job() is None  # one result on rung 1 promotes nothing...
    assert s.final_promotion() == (1, 2)  # ...but the budget is spent


def test_rungs_are_hyperbands_most_exploratory_bracket():
    assert asha_rungs(81, 3, 1) == [1, 3, 9, 27, 81]
    assert asha_rungs(100, 3, 10) == [11, 33, 100]  # 10 * 3**2 <= 100
    with pytest.raises(ValueError, match="factor"):
        asha_rungs(81, 1, 1)


@pytest.mark.parametrize("slope", [0.0, 0.05, -0.05])
def test_one_worker_follows_the_rule_step_by_step(slope):
    search = _search(estimator=ScriptedClassifier(slope=slope), n_jobs=1).fit(X, y)
    draws = [c["quality"] for c in ParameterSampler({"quality": QUALITIES}, 9, random_state=0)]
    expected = _reference_asha(draws, 3, 3, lambda q, k: q + slope * [1, 3, 9][k])
    results = search.cv_results_
    got = list(zip(results["configuration"], results["iter"], strict=True))
    assert got == expected
    assert [p["quality"] for p in results["params"]] == [draws[c] for c, _ in expected]
    assert search.n_configurations_ == 9 and search.n_resources_ == [1, 3, 9]


def test_one_worker_is_reproducible():
    space = {"quality": uniform(0, 1)}
    a = _search(ScriptedClassifier(slope=0.01), space, n_candidates=12).fit(X, y)
    b = _search(ScriptedClassifier(slope=0.01), space, n_candidates=12).fit(X, y)
    assert a.cv_results_["params"] == b.cv_results_["params"]
    np.testing.assert_array_equal(
        a.cv_results_["mean_test_score"], b.cv_results_["mean_test_score"]
    )


def test_plan_bounds_what_fit_does():
    plan = _search().plan(X, y)
    assert isinstance(plan, ASHAPlan)
    assert plan.schedule.n_candidates == [9, 7, 5] and plan.n_candidates == 21
    assert plan.n_fits == 42 and plan.expected.n_candidates == [9, 3, 1]
    assert "not known in advance" in plan.note and plan.describe().startswith("at most 21")
    # scores rising in the order the configurations start: each new result is the best
    # and goes on, the upper bound
    rising = _search(space={"quality": Rising()}).fit(X, y)
    assert rising.n_candidates_ == plan.schedule.n_candidates
    # equal scores: the earliest results stay on top, as synchronous halving keeps them
    tied = _search(space={"quality": randint(5, 6)}).fit(X, y)
    assert tied.n_candidates_ == plan.expected.n_candidates
    for search in (_search(n_jobs=1), rising, tied):
        search.fit(X, y) if not hasattr(search, "cv_results_") else None
        assert sum(search.n_candidates_) <= plan.n_candidates


# -- a scikit-learn search -----------------------------------------------------------------
def test_cv_results_has_one_row_per_evaluation_in_halvings_layout():
    search = _search(return_train_score=True).fit(X, y)
    results = search.cv_results_
    n = len(results["params"])
    assert n == sum(search.n_candidates_) == 13
    for key in ("iter", "n_resources", "configuration", "mean_test_score", "rank_test_score",
                "split0_test_score", "split1_train_score", "mean_fit_time", "param_quality",
                "param_budget"):  # fmt: skip
        assert len(results[key]) == n, key
    assert [p["budget"] for p in results["params"]] == list(results["n_resources"])
    assert list(results["n_resources"]) == [[1, 3, 9][k] for k in results["iter"]]
    # a configuration's rows climb the rungs one by one, in the order they complete
    for c in set(results["configuration"]):
        rungs = [
            k for k, cc in zip(results["iter"], results["configuration"], strict=True) if cc == c
        ]
        assert rungs == list(range(len(rungs)))
    assert search.n_iterations_ == 3 and search.min_resources_ == 1 and search.max_resources_ == 9


def test_best_is_the_best_of_the_highest_rung():
    # scores fall with the budget: a bottom-rung score beats every top-rung one
    search = _search(estimator=ScriptedClassifier(slope=-0.05), refit=True).fit(X, y)
    results = search.cv_results_
    iterations, scores = np.asarray(results["iter"]), results["mean_test_score"]
    assert scores.max() > scores[iterations == 2].max()
    assert iterations[search.best_index_] == 2
    assert search.best_score_ == scores[iterations == 2].max()
    assert search.best_params_ == results["params"][search.best_index_]
    assert search.best_estimator_.budget == 9


def test_stop_keeps_a_valid_result():
    def stop_soon(info):
        if info.n_done >= 4:
            search.stop()

    search = _search(refit=True, batch_size=1, on_progress=stop_soon)
    search.fit(X, y)
    assert search.stopped_ is True
    n = len(search.cv_results_["params"])
    assert 4 <= n < 13
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    assert search.cv_results_["iter"][search.best_index_] == max(search.cv_results_["iter"])
    assert hasattr(search, "best_estimator_") and not search.stop_requested


def test_time_budget_ends_the_search():
    search = _search(ScriptedClassifier(seconds=0.02), time_budget=0.15, refit=True)
    search.fit(X, y)
    assert search.stopped_ == "time_budget"
    assert 1 <= len(search.cv_results_["params"]) < 13
    assert search.best_estimator_.budget == search.cv_results_["n_resources"][search.best_index_]


@pytest.mark.parametrize(
    "params, match",
    [
        ({"factor": 1}, "factor"),
        ({"n_candidates": 0}, "n_candidates"),
        ({"min_resources": 10}, "greater than"),
        ({"max_resources": "auto", "resource": "quality"}, "part of the searched"),
    ],
)
def test_bad_parameters_are_refused_before_any_fit(params, match):
    ScriptedClassifier.fits = 0
    with pytest.raises(ValueError, match=match):
        _search(**params).fit(X, y)
    assert ScriptedClassifier.fits == 0


def test_progress_reports_rungs_and_counts():
    seen = []
    _search(batch_size=1, on_progress=seen.append).fit(X, y)
    assert seen[0].n_done == 0 and seen[-1].n_done == 13
    assert [i.n_done for i in seen] == sorted(i.n_done for i in seen)
    assert {i.n_iterations for i in seen} == {3}
    assert seen[-1].iteration == 2 and seen[-1].fraction == 1.0
    assert "iter" in seen[1].cv_results and len(seen[1].cv_results["params"]) == seen[1].n_done


@pytest.mark.filterwarnings("ignore:One or more of the (test|train) scores are non-finite")
def test_failed_configurations_score_error_score_and_are_never_promoted():
    estimator = ScriptedClassifier(fail=(0.95, 0.9))
    with pytest.warns(FitFailedWarning):
        search = _search(estimator=estimator).fit(X, y)
    results = search.cv_results_
    failed = [i for i, p in enumerate(results["params"]) if p["quality"] in (0.95, 0.9)]
    assert len(failed) == 2 and all(results["iter"][i] == 0 for i in failed)
    assert np.isnan(results["mean_test_score"][failed]).all()
    assert sum(e is not None for e in search.fit_errors_) == 2
    with pytest.raises(ValueError, match="refuses"):
        _search(estimator=estimator, error_score="raise").fit(X, y)


def test_several_metrics_rank_by_refit():
    search = LiveASHASearchCV(
        CountingClassifier(),
        {"C": [0.01, 0.1, 1, 10]},
        n_candidates=4,
        cv=2,
        scoring={"acc": "accuracy", "bal": "balanced_accuracy"},
        refit="bal",
        random_state=0,
    ).fit(X, y)
    results = search.cv_results_
    assert "mean_test_acc" in results and "rank_test_bal" in results
    top = np.flatnonzero(np.asarray(results["iter"]) == max(results["iter"]))
    assert search.best_index_ == top[np.argmax(results["mean_test_bal"][top])]
    with pytest.raises(ValueError, match="set refit to the name"):
        LiveASHASearchCV(
            CountingClassifier(), {"C": [1, 10]}, cv=2, scoring=["accuracy", "f1"], refit=False
        ).fit(X, y)


def test_clone_params_and_pickle():
    search = _search(n_candidates=5, factor=2)
    params = search.get_params()
    assert params["n_candidates"] == 5 and params["resume"] == "auto"
    assert clone(search).get_params()["factor"] == 2
    search.set_params(n_candidates=6).fit(X, y)
    assert search.n_configurations_ == 6
    again = pickle.loads(pickle.dumps(search))
    assert again.cv_results_["params"] == search.cv_results_["params"]


def test_the_resource_is_checked():
    with pytest.raises(ValueError, match="part of the searched parameters"):
        LiveASHASearchCV(ScriptedClassifier(), {"budget": [1, 2]}, resource="budget",
                         max_resources=9).fit(X, y)  # fmt: skip
    with pytest.raises(ValueError, match="not supported"):
        LiveASHASearchCV(ScriptedClassifier(), {"quality": [1]}, resource="epochs").fit(X, y)


def test_resumed_training_is_each_configurations_largest_budget():
    ScriptedClassifier.trained = 0
    search = _search(estimator=ScriptedClassifier(slope=0.01), resume=True).fit(X, y)
    assert search.resumes_
    results = search.cv_results_
    largest = {}
    for c, r in zip(results["configuration"], results["n_resources"], strict=True):
        largest[c] = max(largest.get(c, 0), r)
    assert ScriptedClassifier.trained == 2 * sum(largest.values())  # 2 folds
    refitted = ScriptedClassifier.trained
    ScriptedClassifier.trained = 0
    _search(estimator=ScriptedClassifier(slope=0.01), resume=False).fit(X, y)
    assert ScriptedClassifier.trained == 2 * sum(results["n_resources"]) > refitted


# -- two workers -----------------------------------------------------------------------------
def _warm_up(seconds):
    time.sleep(seconds)
    return ScriptedClassifier().fit(X, y).score(X, y)


def test_a_slow_configuration_does_not_hold_back_promotions():
    # configuration 0 (the first drawn: QUALITIES[0]) is slow on one of its two folds
    estimator = ScriptedClassifier(seconds=0.01, slow=(QUALITIES[0],), slow_seconds=1.0)
    # both workers up, with this module imported, first (a worker still starting would
    # leave the other alone with every fit)
    Parallel(n_jobs=2)(delayed(_warm_up)(0.3) for _ in range(2))
    search = _search(estimator=estimator, n_jobs=2).fit(X, y)
    results = search.cv_results_
    rows = list(zip(results["configuration"], results["iter"], strict=True))
    slow_row = rows.index((0, 0))
    # rung 1 results came in while configuration 0 still ran on rung 0: no barrier
    assert any(k == 1 for _, k in rows[:slow_row]), rows


def test_two_workers_keep_what_does_not_depend_on_timing():
    estimator = ScriptedClassifier(slope=0.01, seconds=0.002)
    space = {"quality": uniform(0, 1)}
    one = _search(estimator, space, n_candidates=12).fit(X, y)
    two = _search(estimator, space, n_candidates=12, n_jobs=2).fit(X, y)
    draws = list(ParameterSampler(space, 12, random_state=0))

    def by_pair(search):
        r = search.cv_results_
        return {
            (c, k): (p, s)
            for c, k, p, s in zip(
                r["configuration"], r["iter"], r["params"], r["mean_test_score"], strict=True
            )
        }

    a, b = by_pair(one), by_pair(two)
    assert {p["quality"] for (c, k), (p, s) in b.items() if k == 0} == {d["quality"] for d in draws}
    for pair in set(a) & set(b):
        assert a[pair] == b[pair]
    # every rung's top floor(n / 3) went on
    r = two.cv_results_
    for k in range(2):
        n = int((np.asarray(r["iter"]) == k).sum())
        assert int((np.asarray(r["iter"]) == k + 1).sum()) >= n // 3


# -- taken back: checkpoint and warm_start ---------------------------------------------------
RISING_SPACE = {"quality": uniform(0, 1)}


def _same_results(a, b):
    a = {k: v for k, v in a.cv_results_.items() if "time" not in k}
    b = {k: v for k, v in b.cv_results_.items() if "time" not in k}
    assert a.keys() == b.keys() and a["params"] == b["params"]
    for key in set(a) - {"params"}:
        np.testing.assert_array_equal(np.asarray(a[key]), np.asarray(b[key]), err_msg=key)


def test_a_checkpoint_resumes_without_refitting_what_it_holds(tmp_path):
    path = tmp_path / "asha.jsonl"
    estimator = ScriptedClassifier(slope=0.01)
    ScriptedClassifier.fits = 0
    full = _search(estimator, RISING_SPACE, n_candidates=12, checkpoint=path).fit(X, y)
    n_full, n_rows = ScriptedClassifier.fits, len(full.cv_results_["params"])
    lines = path.read_text().splitlines(keepends=True)
    assert full.checkpoint_written_ == n_rows == len(lines) - 1
    path.write_text("".join(lines[: 1 + n_rows // 2]))  # a crash halfway
    ScriptedClassifier.fits = 0
    resumed = _search(estimator, RISING_SPACE, n_candidates=12, checkpoint=path).fit(X, y)
    assert resumed.checkpoint_read_ == n_rows // 2
    assert ScriptedClassifier.fits == n_full - (n_rows // 2) * 2  # two folds per record
    _same_results(full, resumed)
    ScriptedClassifier.fits = 0  # a finished checkpoint: nothing is fitted
    again = _search(estimator, RISING_SPACE, n_candidates=12, checkpoint=path).fit(X, y)
    assert ScriptedClassifier.fits == 0 and again.checkpoint_written_ == 0
    _same_results(full, again)


def test_plan_counts_the_bottom_rung_a_checkpoint_holds(tmp_path):
    path = tmp_path / "asha.jsonl"
    estimator = ScriptedClassifier(slope=0.01)
    _search(estimator, RISING_SPACE, n_candidates=12, checkpoint=path).fit(X, y)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:4]))  # three configurations on the bottom rung
    search = _search(estimator, RISING_SPACE, n_candidates=12, checkpoint=path)
    plan = search.plan(X, y)
    fresh = _search(estimator, RISING_SPACE, n_candidates=12).plan(X, y)
    assert plan.reused_candidates == 3 and fresh.reused_candidates == 0
    assert plan.n_fits == fresh.n_fits - 3 * 2
    ScriptedClassifier.fits = 0
    search.fit(X, y)
    assert search.checkpoint_read_ == 3 and ScriptedClassifier.fits <= plan.n_fits


def test_warm_start_takes_back_every_evaluation_and_gives_a_fresh_fits_results():
    estimator = ScriptedClassifier(slope=0.01)
    search = _search(estimator, RISING_SPACE, n_candidates=6).fit(X, y)
    n_before = len(search.cv_results_["params"])
    ScriptedClassifier.fits = 0
    search.set_params(warm_start=True, n_candidates=12).fit(X, y)
    continued = ScriptedClassifier.fits
    ScriptedClassifier.fits = 0
    fresh = _search(estimator, RISING_SPACE, n_candidates=12).fit(X, y)
    # 22 fits against 38 here: 8 of the 9 earlier evaluations are taken back (the 9th, the
    # small run's last promotion, is not one the larger run makes)
    assert ScriptedClassifier.fits - 2 * n_before <= continued < ScriptedClassifier.fits
    _same_results(fresh, search)


def test_taken_back_then_promoted_warns_where_continuing_is_not_exact(tmp_path):
    path = tmp_path / "asha.jsonl"
    options = dict(n_candidates=9, resume=True, checkpoint=path)
    estimator = ScriptedClassifier(slope=0.01)
    full = _search(estimator, **options).fit(X, y)
    assert full.resumes_
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:4]))  # three configurations on the bottom rung
    with pytest.warns(UserWarning, match="started from scratch instead of continuing"):
        _search(estimator, **options).fit(X, y)
