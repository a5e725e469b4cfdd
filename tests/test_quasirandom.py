"""Quasi-random search: scrambled Sobol points mapped through the distributions."""

import numpy as np
import pytest
from scipy.stats import loguniform, norm, randint, uniform
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV, ParameterSampler
from sklearn.svm import SVC

from hptlearn import LiveQuasiRandomSearchCV
from hptlearn.distributions import LogUniformInt, QuasiRandomParameterSampler

X, y = make_classification(n_samples=120, n_features=5, random_state=0)


def _strata(values, low, high, n, log=False):
    values = np.log10(values) if log else np.asarray(values, dtype=float)
    low, high = (np.log10(low), np.log10(high)) if log else (low, high)
    return np.floor((values - low) / (high - low) * n).astype(int)


def test_every_slice_of_every_range_holds_one_point():
    space = {"C": loguniform(1e-3, 1e3), "tol": uniform(0, 1)}
    points = list(QuasiRandomParameterSampler(space, 16, random_state=0))
    assert sorted(_strata([p["C"] for p in points], 1e-3, 1e3, 16, log=True)) == list(range(16))
    assert sorted(_strata([p["tol"] for p in points], 0, 1, 16)) == list(range(16))
    # random sampling leaves gaps: with the same seed, some slices are empty
    random = list(ParameterSampler(space, 16, random_state=0))
    assert len(set(_strata([p["tol"] for p in random], 0, 1, 16))) < 16


def test_integers_lists_and_reproducibility():
    space = {"k": randint(1, 9), "n": LogUniformInt(1, 1000), "kernel": ["rbf", "poly"]}
    a = list(QuasiRandomParameterSampler(space, 8, random_state=1))
    assert a == list(QuasiRandomParameterSampler(space, 8, random_state=1))
    assert a != list(QuasiRandomParameterSampler(space, 8, random_state=2))
    assert sorted(p["k"] for p in a) == list(range(1, 9))
    assert all(isinstance(p["k"], int) and isinstance(p["n"], int) for p in a)
    assert sorted(p["kernel"] for p in a) == ["poly"] * 4 + ["rbf"] * 4


def test_lists_only_never_repeat_a_candidate_and_small_grids_are_run_whole():
    space = {"a": [1, 2, 3, 4], "b": ["x", "y", "z"]}
    points = list(QuasiRandomParameterSampler(space, 10, random_state=0))
    assert len({tuple(sorted(p.items())) for p in points}) == 10
    with pytest.warns(UserWarning, match="smaller than n_iter"):
        everything = list(QuasiRandomParameterSampler(space, 20, random_state=0))
    assert len(everything) == 12


def test_list_of_dicts_and_bad_spaces():
    points = list(
        QuasiRandomParameterSampler([{"C": uniform(0, 1)}, {"gamma": [1, 2]}], 5, random_state=0)
    )
    assert [sorted(p) for p in points] == [["C"], ["gamma"], ["C"], ["gamma"], ["C"]]
    with pytest.raises(TypeError, match="has no ppf"):

        class NoPpf:
            def rvs(self, random_state=None):
                return 1.0

        QuasiRandomParameterSampler({"C": NoPpf()}, 3)
    with pytest.raises(TypeError, match="needs to be a list"):
        QuasiRandomParameterSampler({"C": 1.0}, 3)
    # scipy distributions without bounds work through their quantiles
    assert len(list(QuasiRandomParameterSampler({"x": norm()}, 4, random_state=0))) == 4


def test_the_search_scores_its_candidates_as_scikit_learn_does():
    space = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1)}
    search = LiveQuasiRandomSearchCV(SVC(), space, n_iter=8, cv=3, random_state=0, n_jobs=2)
    search.fit(X, y)
    params = search.cv_results_["params"]
    assert params == list(QuasiRandomParameterSampler(space, 8, random_state=0))
    plain = GridSearchCV(SVC(), [{k: [v] for k, v in p.items()} for p in params], cv=3).fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    assert search.best_params_ == plain.best_params_
    assert clone(search).get_params()["n_iter"] == 8 and search.n_candidates() == 8


def _within(seconds, function):
    """``function()``'s result, or a failure if it has not returned after ``seconds``."""
    import threading

    out = []
    thread = threading.Thread(target=lambda: out.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return out[0]


def test_a_dict_of_lists_with_fewer_candidates_than_its_turns_does_not_hang():
    # dict 0 has 2 candidates and 5 of the 10 turns; ParameterSampler gives 10 candidates
    space = [{"kernel": ["linear"], "C": [1, 10]}, {"kernel": ["rbf"], "C": loguniform(1, 10)}]
    points = _within(20, lambda: list(QuasiRandomParameterSampler(space, 10, random_state=0)))
    assert len(points) == len(list(ParameterSampler(space, 10, random_state=0))) == 10
    linear = [p["C"] for p in points if p["kernel"] == "linear"]
    # each of its candidates once before any repeats, then repeats (with replacement)
    assert len(linear) == 5 and sorted(set(linear)) == [1, 10] and set(linear[:2]) == {1, 10}
    # only lists: no candidate twice, as ParameterSampler; the used-up dict gives its turns
    lists = [{"a": [1]}, {"b": list(range(100))}]
    points = _within(20, lambda: list(QuasiRandomParameterSampler(lists, 10, random_state=0)))
    assert len(points) == 10 and len({repr(sorted(p.items())) for p in points}) == 10
    assert [sorted(p) for p in points[:3]] == [["a"], ["b"], ["b"]]
    search = LiveQuasiRandomSearchCV(SVC(), space, n_iter=10, cv=2, random_state=0)
    assert len(_within(60, lambda: search.fit(X, y)).cv_results_["params"]) == 10
