import pickle
import threading
import warnings

import numpy as np
import pytest
from scipy.stats import loguniform, randint
from sklearn.base import clone
from sklearn.datasets import load_digits, load_iris
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import GridSearchCV, KFold, RandomizedSearchCV, ShuffleSplit
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV, SearchProgressInfo
from hptlearn._sklearn_compat import InvalidParameterError
from tests.estimators import PickyClassifier

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_DIG, Y_DIG = load_digits(return_X_y=True)
X_DIG, Y_DIG = X_DIG[:400], Y_DIG[:400]

SVC_GRID = {"C": [0.1, 1, 10, 100], "gamma": [1e-4, 1e-3, 1e-2]}


def assert_same_results(live, plain):
    a, b = live.cv_results_, plain.cv_results_
    assert a["params"] == b["params"]
    for key in b:
        if key.startswith(("split", "mean_test", "std_test", "rank_test", "mean_train")):
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    assert set(a) == set(b)
    if hasattr(plain, "best_params_"):
        assert live.best_params_ == plain.best_params_
        assert live.best_index_ == plain.best_index_
        np.testing.assert_equal(live.best_score_, plain.best_score_)


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.parametrize("batch_size", ["auto", 1, 5])
def test_grid_gives_the_results_of_gridsearchcv(n_jobs, batch_size):
    live = LiveGridSearchCV(SVC(), SVC_GRID, cv=4, n_jobs=n_jobs, batch_size=batch_size)
    plain = GridSearchCV(SVC(), SVC_GRID, cv=4, n_jobs=n_jobs)
    live.fit(X_DIG, Y_DIG)
    plain.fit(X_DIG, Y_DIG)
    assert_same_results(live, plain)
    np.testing.assert_array_equal(live.predict(X_DIG), plain.predict(X_DIG))
    assert live.stopped_ is False
    assert live.n_candidates_planned_ == 12
    assert live.fit_errors_ == [None] * 12


def test_list_of_dicts_pipeline_and_train_scores():
    pipe = make_pipeline(StandardScaler(), SVC())
    grid = [
        {"svc__kernel": ["linear"], "svc__C": [0.1, 1, 10]},
        {"svc__kernel": ["rbf"], "svc__C": [1, 10], "svc__gamma": [0.01, 0.1]},
    ]
    kwargs = dict(cv=KFold(3, shuffle=True, random_state=0), return_train_score=True)
    live = LiveGridSearchCV(pipe, grid, batch_size=2, **kwargs).fit(X_IRIS, Y_IRIS)
    plain = GridSearchCV(pipe, grid, **kwargs).fit(X_IRIS, Y_IRIS)
    assert_same_results(live, plain)
    np.testing.assert_array_equal(
        live.cv_results_["param_svc__gamma"].mask, plain.cv_results_["param_svc__gamma"].mask
    )


def test_multimetric_scoring_with_refit_by_name():
    scoring = {"acc": "accuracy", "bal": "balanced_accuracy"}
    kwargs = dict(scoring=scoring, refit="bal", cv=3)
    live = LiveGridSearchCV(
        KNeighborsClassifier(), {"n_neighbors": [1, 3, 5, 9, 15]}, batch_size=2, **kwargs
    ).fit(X_IRIS, Y_IRIS)
    plain = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3, 5, 9, 15]}, **kwargs).fit(
        X_IRIS, Y_IRIS
    )
    assert_same_results(live, plain)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_random_gives_the_results_of_randomizedsearchcv(n_jobs):
    dists = {"C": loguniform(1e-2, 1e3), "gamma": loguniform(1e-4, 1e-1)}
    kwargs = dict(n_iter=9, cv=3, random_state=42, n_jobs=n_jobs)
    live = LiveRandomizedSearchCV(SVC(), dists, batch_size=2, **kwargs).fit(X_DIG, Y_DIG)
    plain = RandomizedSearchCV(SVC(), dists, **kwargs).fit(X_DIG, Y_DIG)
    assert_same_results(live, plain)
    # a different seed samples different candidates
    other = LiveRandomizedSearchCV(SVC(), dists, **{**kwargs, "random_state": 1}).fit(X_DIG, Y_DIG)
    assert other.cv_results_["params"] != live.cv_results_["params"]


def test_random_with_integer_distribution_and_small_discrete_space():
    # all lists, 4 points, n_iter=10: scikit-learn samples the 4 without replacement
    space = {"n_neighbors": [1, 5, 9, 13]}
    kwargs = dict(n_iter=10, cv=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        live = LiveRandomizedSearchCV(KNeighborsClassifier(), space, **kwargs)
        plain = RandomizedSearchCV(KNeighborsClassifier(), space, **kwargs)
        assert live.n_candidates() == 4
        live.fit(X_IRIS, Y_IRIS)
        plain.fit(X_IRIS, Y_IRIS)
    assert_same_results(live, plain)
    dists = {"n_neighbors": randint(1, 30), "weights": ["uniform", "distance"]}
    kwargs = dict(n_iter=8, cv=3, random_state=3)
    live = LiveRandomizedSearchCV(KNeighborsClassifier(), dists, batch_size=3, **kwargs)
    plain = RandomizedSearchCV(KNeighborsClassifier(), dists, **kwargs)
    assert_same_results(live.fit(X_IRIS, Y_IRIS), plain.fit(X_IRIS, Y_IRIS))


def test_on_progress_reports_start_and_every_batch_with_results_so_far():
    seen = []
    search = LiveGridSearchCV(SVC(), SVC_GRID, cv=3, batch_size=5, on_progress=seen.append)
    search.fit(X_DIG, Y_DIG)
    assert all(isinstance(info, SearchProgressInfo) for info in seen)
    assert [info.n_done for info in seen] == [0, 5, 10, 12]
    assert {info.n_total for info in seen} == {12}
    assert {info.n_splits for info in seen} == {3}
    assert seen[0].cv_results is None and seen[0].best_params is None
    for info in seen[1:]:
        assert len(info.cv_results["params"]) == info.n_done
        np.testing.assert_array_equal(
            info.cv_results["mean_test_score"],
            search.cv_results_["mean_test_score"][: info.n_done],
        )
    elapsed = [info.elapsed for info in seen]
    assert elapsed == sorted(elapsed)
    assert seen[-1].best_params == search.best_params_
    assert seen[-1].best_score == pytest.approx(search.best_score_)
    assert seen[-1].fraction == 1.0


def test_auto_reports_every_fit_when_fits_are_slower_than_the_target():
    seen = []
    grid = {"C": [1, 2, 3, 4], "sleep": [0.03]}
    search = LiveGridSearchCV(
        PickyClassifier(), grid, cv=3, target_batch_seconds=0.001, on_progress=seen.append
    )
    search.fit(X_IRIS, Y_IRIS)
    # every fit takes longer than the target: one report per fit, then the final one
    assert [info.n_fits_done for info in seen] == [*range(13), 12]
    for info in seen:
        assert info.n_done == info.n_fits_done // 3
        assert info.fraction == info.n_fits_done / 12
    # a report between the fits of a candidate has the results of the complete ones only
    assert len(seen[5].cv_results["params"]) == 1


def test_auto_reports_no_more_often_than_the_target():
    seen = []
    search = LiveGridSearchCV(
        SVC(), {"C": [1, 2, 3, 4]}, cv=3, target_batch_seconds=600, on_progress=seen.append
    )
    search.fit(X_IRIS, Y_IRIS)
    assert [info.n_done for info in seen] == [0, 4]  # the start and the end only


def test_stop_keeps_partial_results_best_params_and_refit():
    def stop_after_first_batch(info):
        if info.n_done > 0:
            search.stop()

    search = LiveGridSearchCV(
        SVC(), SVC_GRID, cv=3, batch_size=4, on_progress=stop_after_first_batch
    )
    search.fit(X_DIG, Y_DIG)
    plain = GridSearchCV(SVC(), SVC_GRID, cv=3).fit(X_DIG, Y_DIG)
    assert search.stopped_ is True
    assert not search.stop_requested  # the fit that honoured the request consumed it
    assert len(search.cv_results_["params"]) == 4
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"][:4]
    )
    best = int(np.argmax(plain.cv_results_["mean_test_score"][:4]))
    assert search.best_params_ == plain.cv_results_["params"][best]
    assert search.best_estimator_.get_params()["C"] == search.best_params_["C"]
    assert search.predict(X_DIG[:5]).shape == (5,)
    # a new fit starts afresh: the earlier stop request is forgotten
    search.set_params(on_progress=None).fit(X_DIG, Y_DIG)
    assert search.stopped_ is False
    assert len(search.cv_results_["params"]) == 12


def test_stop_from_another_thread_while_running_with_two_jobs():
    started = threading.Event()

    def on_progress(info):
        if info.n_done > 0:
            started.set()

    grid = {"C": [0.1, 1, 10, 100], "sleep": [0.2, 0.21, 0.22, 0.23]}
    search = LiveGridSearchCV(
        PickyClassifier(), grid, cv=2, n_jobs=2, batch_size=2, on_progress=on_progress
    )
    thread = threading.Thread(target=search.fit, args=(X_IRIS, Y_IRIS))
    thread.start()
    assert started.wait(60), "no batch finished within 60 s"
    search.stop()
    thread.join(60)
    assert not thread.is_alive()
    assert search.stopped_
    assert 2 <= len(search.cv_results_["params"]) < 16
    assert hasattr(search, "best_estimator_")


def test_a_stop_before_fit_is_honoured_after_the_first_candidate_then_consumed():
    search = LiveGridSearchCV(SVC(), {"C": [1, 10, 100]}, cv=3, batch_size=1)
    search.stop()
    assert search.stop_requested
    search.fit(X_IRIS, Y_IRIS)
    assert search.stopped_ is True
    assert len(search.cv_results_["params"]) == 1
    assert search.best_params_ == {"C": 1}
    assert not search.stop_requested  # consumed by the fit that honoured it
    search.fit(X_IRIS, Y_IRIS)
    assert search.stopped_ is False
    assert len(search.cv_results_["params"]) == 3


def test_failed_candidates_are_recorded_not_fatal_even_when_a_whole_batch_fails():
    # the first batch (2 candidates) fails entirely; the plain search only warns
    grid = [{"fail": [True], "C": [1, 10]}, {"fail": [False], "C": [0.1, 1, 10]}]
    live = LiveGridSearchCV(PickyClassifier(), grid, cv=3, batch_size=2)
    plain = GridSearchCV(PickyClassifier(), grid, cv=3)
    with pytest.warns(FitFailedWarning):
        live.fit(X_IRIS, Y_IRIS)
    with pytest.warns(FitFailedWarning):
        plain.fit(X_IRIS, Y_IRIS)
    assert_same_results(live, plain)
    assert np.isnan(live.cv_results_["mean_test_score"][:2]).all()
    assert live.fit_errors_[2:] == [None, None, None]
    assert all("refuses to fit" in e for e in live.fit_errors_[:2])
    assert live.best_params_["fail"] is False


def test_numeric_error_score_still_marks_failures():
    grid = {"fail": [False, True], "C": [1.0]}
    live = LiveGridSearchCV(PickyClassifier(), grid, cv=3, error_score=0.0)
    with pytest.warns(FitFailedWarning):
        live.fit(X_IRIS, Y_IRIS)
    assert live.cv_results_["mean_test_score"][1] == 0.0
    assert live.fit_errors_[0] is None and live.fit_errors_[1] is not None


def test_all_fits_failing_raises_like_scikit_learn():
    grid = {"fail": [True], "C": [1, 10, 100]}
    with pytest.raises(ValueError, match="All the 9 fits failed"):
        LiveGridSearchCV(PickyClassifier(), grid, cv=3, batch_size=1).fit(X_IRIS, Y_IRIS)
    with pytest.raises(ValueError, match="All the 9 fits failed"):
        GridSearchCV(PickyClassifier(), grid, cv=3).fit(X_IRIS, Y_IRIS)


def test_error_score_raise_propagates():
    grid = {"fail": [False, True]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2, error_score="raise")
    with pytest.raises(ValueError, match="refuses to fit"):
        search.fit(X_IRIS, Y_IRIS)


class _WidgetLike:
    """Holds what a widget holds: a lock, an event; neither can be pickled."""

    def __init__(self):
        self.lock = threading.Lock()
        self.event = threading.Event()
        self.calls = 0

    def on_progress(self, info):
        with self.lock:
            self.calls += 1


def test_unpicklable_callback_works_with_two_jobs_and_is_dropped_when_pickling():
    ui = _WidgetLike()
    search = LiveGridSearchCV(
        SVC(), {"C": [1, 10, 100]}, cv=3, n_jobs=2, on_progress=ui.on_progress
    )
    search.fit(X_IRIS, Y_IRIS)
    assert ui.calls >= 2
    restored = pickle.loads(pickle.dumps(search))
    assert restored.on_progress is None
    assert restored.best_params_ == search.best_params_
    restored.stop()  # a fresh event is made after unpickling


def test_params_clone_and_validation():
    search = LiveGridSearchCV(SVC(), {"C": [1]}, batch_size=3, target_batch_seconds=2.0)
    params = search.get_params()
    assert params["batch_size"] == 3 and params["target_batch_seconds"] == 2.0
    assert "on_progress" in params
    cloned = clone(search)
    assert cloned.batch_size == 3
    with pytest.raises(InvalidParameterError, match="batch_size"):
        LiveGridSearchCV(SVC(), {"C": [1]}, batch_size=0).fit(X_IRIS, Y_IRIS)
    with pytest.raises(InvalidParameterError, match="on_progress"):
        LiveGridSearchCV(SVC(), {"C": [1]}, on_progress="print").fit(X_IRIS, Y_IRIS)
    rs = LiveRandomizedSearchCV(SVC(), {"C": loguniform(1, 10)}, n_iter=3)
    assert rs.n_candidates() == 3
    assert LiveGridSearchCV(SVC(), [{"C": [1, 2]}, {"gamma": [1, 2, 3]}]).n_candidates() == 5


def test_misspelled_names_fail_before_any_fit_with_a_suggestion():
    from hptlearn.spaces import UnknownHyperparameterError

    seen = []
    search = LiveGridSearchCV(
        make_pipeline(StandardScaler(), SVC()), {"svc__gama": [0.1]}, on_progress=seen.append
    )
    with pytest.raises(UnknownHyperparameterError, match="Did you mean 'svc__gamma'"):
        search.fit(X_IRIS, Y_IRIS)
    assert seen == []  # nothing started
    rs = LiveRandomizedSearchCV(SVC(), {"Cc": loguniform(1, 10)}, n_iter=2)
    with pytest.raises(ValueError, match="Did you mean 'C'"):
        rs.fit(X_IRIS, Y_IRIS)


# -- what a scikit-learn engineer expects of a drop-in ---------------------------------


class FailsWhenTrainedOnSampleZero(PickyClassifier):
    """Fails on every split whose training set holds sample 0: two folds of three."""

    def fit(self, X, y):
        if np.any(np.all(X == X_IRIS[0], axis=1)):
            raise ValueError("sample zero is in the training set")
        return super().fit(X, y)


def _fit_failed_warnings(search):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X_IRIS, Y_IRIS)
    return [str(w.message) for w in caught if issubclass(w.category, FitFailedWarning)]


@pytest.mark.parametrize("batch_size", ["auto", 1])
def test_one_fold_failing_for_every_candidate_warns_once_with_the_totals(batch_size):
    grid = {"C": [0.1, 1, 10]}
    # no refit: the refit trains on every sample, sample zero included
    live = LiveGridSearchCV(
        FailsWhenTrainedOnSampleZero(), grid, cv=3, refit=False, batch_size=batch_size
    )
    plain = GridSearchCV(FailsWhenTrainedOnSampleZero(), grid, cv=3, refit=False)
    live_messages, plain_messages = _fit_failed_warnings(live), _fit_failed_warnings(plain)
    assert len(plain_messages) == 1 and "6 fits failed out of a total of 9" in plain_messages[0]
    assert live_messages == plain_messages
    assert_same_results(live, plain)


@pytest.mark.parametrize(
    "cv",
    [
        KFold(3, shuffle=True),
        KFold(3, shuffle=True, random_state=np.random.RandomState(0)),
        ShuffleSplit(n_splits=3, test_size=0.3),
    ],
    ids=["shuffle-no-seed", "RandomState", "ShuffleSplit"],
)
def test_every_candidate_sees_the_same_splits(cv):
    # two identical candidates must get identical fold scores, as in the plain search
    grid = {"C": [1.0, 1.0, 1.0], "sleep": [0.0]}
    live = LiveGridSearchCV(PickyClassifier(), grid, cv=cv, batch_size=1).fit(X_IRIS, Y_IRIS)
    for split in range(3):
        scores = live.cv_results_[f"split{split}_test_score"]
        assert np.all(scores == scores[0]), split


def test_callable_scorer_returning_a_dict_when_the_first_candidates_all_fail():
    def scorer(estimator, X, y):
        accuracy = float(np.mean(estimator.predict(X) == y))
        return {"accuracy": accuracy, "error": 1 - accuracy}

    grid = [{"fail": [True], "C": [1, 10]}, {"fail": [False], "C": [0.1, 1]}]
    kwargs = dict(scoring=scorer, refit="accuracy", cv=3)
    live = LiveGridSearchCV(PickyClassifier(), grid, batch_size=1, **kwargs)
    plain = GridSearchCV(PickyClassifier(), grid, **kwargs)
    with pytest.warns(FitFailedWarning):
        live.fit(X_IRIS, Y_IRIS)
    with pytest.warns(FitFailedWarning):
        plain.fit(X_IRIS, Y_IRIS)
    assert_same_results(live, plain)
    assert np.isnan(live.cv_results_["mean_test_error"][:2]).all()


def test_non_finite_warning_and_verbose_output_as_often_as_the_plain_search(capsys):
    grid = [{"fail": [True], "C": [1, 10]}, {"fail": [False], "C": [0.1, 1, 10]}]

    def run(search):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            search.fit(X_IRIS, Y_IRIS)
        lines = [line for line in capsys.readouterr().out.splitlines() if "END" not in line]
        return sorted(str(w.message) for w in caught), lines

    live = run(LiveGridSearchCV(PickyClassifier(), grid, cv=3, batch_size=1, verbose=1))
    plain = run(GridSearchCV(PickyClassifier(), grid, cv=3, verbose=1))
    assert live == plain
    assert sum("non-finite" in message for message in live[0]) == 1
    assert live[1] == ["Fitting 3 folds for each of 5 candidates, totalling 15 fits"]


def test_a_plain_search_inside_a_live_one_still_raises_when_all_its_fits_fail():
    raised = []

    def on_progress(info):
        if info.n_done == 1 and not raised:
            try:
                GridSearchCV(PickyClassifier(), {"fail": [True]}, cv=2).fit(X_IRIS, Y_IRIS)
            except ValueError as error:
                raised.append(str(error))

    LiveGridSearchCV(
        PickyClassifier(), {"C": [1, 10]}, cv=2, batch_size=1, on_progress=on_progress
    ).fit(X_IRIS, Y_IRIS)
    assert raised and "All the 2 fits failed" in raised[0]


def test_progress_ranks_by_the_refit_metric():
    # "accuracy" comes first in scoring's order and alphabetically; refit names the other
    scoring = {"accuracy": "accuracy", "neg_log_loss": "neg_log_loss"}
    seen = []
    grid = {"n_neighbors": [3, 10, 30, 60]}
    search = LiveGridSearchCV(
        KNeighborsClassifier(),
        grid,
        scoring=scoring,
        refit="neg_log_loss",
        cv=3,
        batch_size=1,
        on_progress=seen.append,
    )
    search.fit(X_IRIS, Y_IRIS)
    accuracy_best = int(np.argmax(search.cv_results_["mean_test_accuracy"]))
    assert search.best_index_ != accuracy_best  # the two metrics disagree here
    assert seen[-1].metric == "neg_log_loss"
    assert seen[-1].best_params == search.best_params_
    assert seen[-1].best_score == pytest.approx(search.best_score_)
    for info in seen[1:-1]:
        n = info.n_done
        expected = int(np.argmax(search.cv_results_["mean_test_neg_log_loss"][:n]))
        assert info.best_index == expected


@pytest.mark.parametrize("search_class", [LiveGridSearchCV, LiveRandomizedSearchCV])
def test_spaces_scikit_learn_accepts_are_accepted(search_class):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    spaces = [
        # swapping the step, with a hyperparameter only the swapped-in step has
        [{"clf": [SVC()], "clf__gamma": [0.1, 1]}, {"clf": [LogisticRegression()], "clf__C": [1]}],
        # a step left out, and the sub-parameters of the other choice
        [{"scale": ["passthrough"]}, {"scale": [StandardScaler()], "scale__with_mean": [True]}],
    ]
    for space in spaces:
        kwargs = {"n_iter": 3, "random_state": 0} if search_class is LiveRandomizedSearchCV else {}
        search = search_class(pipe, space, cv=3, **kwargs).fit(X_IRIS, Y_IRIS)
        assert len(search.cv_results_["params"]) >= 2


def test_a_missing_private_scikit_learn_name_fails_the_search_clearly_not_the_import():
    import subprocess
    import sys

    code = (
        "import sklearn.model_selection._validation as v\n"
        "del v._fit_and_score\n"
        "import hptlearn, hptlearn.plots\n"
        "from sklearn.datasets import load_iris\n"
        "from sklearn.svm import SVC\n"
        "X, y = load_iris(return_X_y=True)\n"
        "print(hptlearn.count_fits({'C': [1, 10]}, cv=3))\n"
        "try:\n"
        "    hptlearn.LiveGridSearchCV(SVC(), {'C': [1, 10]}).fit(X, y)\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "6"
    assert "_fit_and_score" in lines[1] and "scikit-learn" in lines[1]


def test_private_scikit_learn_modules_and_names_are_imported_only_by_the_compat_module():
    import ast
    from pathlib import Path

    import hptlearn

    found = []
    for path in sorted(Path(hptlearn.__file__).parent.rglob("*.py")):
        if path.name == "_sklearn_compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sklearn"):
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("sklearn")]
            else:
                continue
            private = [n for n in names if any(p.startswith("_") for p in n.split("."))]
            found += [f"{path.name}:{node.lineno} {n}" for n in private]
    assert found == []
