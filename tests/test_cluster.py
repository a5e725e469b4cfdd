"""Live searches on a Dask cluster (hptlearn.cluster): same results, progress, stop, cleanup."""

import os
import socket
import threading
import time
import urllib.request

import numpy as np
import psutil
import pytest
from scipy.stats import loguniform
from sklearn.datasets import load_iris
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV
from hptlearn.cluster import (
    ENV_VAR,
    DaskConnectionError,
    DaskWorkers,
    backend_context,
    fit_on_dask,
)
from tests.estimators import PickyClassifier

GRID = {"C": [0.1, 1, 10], "gamma": [0.01, 0.1]}


@pytest.fixture(scope="module")
def data():
    X, y = load_iris(return_X_y=True)
    return X, y


@pytest.fixture(scope="module")
def workers():
    """One two-worker cluster on this machine, shared by the tests of this module."""
    with DaskWorkers(n_workers=2, threads_per_worker=1) as w:
        yield w


@pytest.fixture(autouse=True)
def no_scheduler_in_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pid_score(estimator, X, y):
    """A scorer whose score is the id of the process that fitted and scored."""
    return float(os.getpid())


def assert_same_results(live, plain):
    assert live.cv_results_["params"] == plain.cv_results_["params"]
    for key in plain.cv_results_:
        if key.startswith("split") or key in ("mean_test_score", "std_test_score"):
            np.testing.assert_array_equal(live.cv_results_[key], plain.cv_results_[key])
    assert live.best_params_ == plain.best_params_


def test_grid_search_on_dask_matches_plain_search(workers, data):
    X, y = data
    plain = GridSearchCV(SVC(), GRID, cv=3).fit(X, y)
    live = LiveGridSearchCV(SVC(), GRID, cv=3)
    with workers.parallel_config():
        live.fit(X, y)
    assert_same_results(live, plain)
    assert live.stopped_ is False


def test_random_search_on_dask_matches_plain_search(workers, data):
    X, y = data
    space = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1)}
    kwargs = dict(n_iter=5, cv=3, random_state=0)
    plain = RandomizedSearchCV(SVC(), space, **kwargs).fit(X, y)
    live = fit_on_dask(LiveRandomizedSearchCV(SVC(), space, **kwargs), X, y, workers=workers)
    assert_same_results(live, plain)


def test_fits_run_on_the_workers_whatever_n_jobs(workers, data):
    # joblib's Dask backend ignores n_jobs: even n_jobs=1 fits on the cluster
    X, y = data
    worker_pids = set(workers.client.run(os.getpid).values())
    assert len(worker_pids) == 2
    for n_jobs in (1, None):
        search = LiveGridSearchCV(SVC(), GRID, cv=3, n_jobs=n_jobs, scoring=worker_pid_score)
        with workers.parallel_config():
            search.fit(X, y)
        scores = [search.cv_results_[f"split{i}_test_score"] for i in range(3)]
        pids = {int(pid) for pid in np.concatenate(scores)}
        assert pids <= worker_pids
        assert os.getpid() not in pids


def test_progress_reports_arrive_with_increasing_counts(workers, data):
    X, y = data
    seen = []
    search = LiveGridSearchCV(SVC(), GRID, cv=3, batch_size=1, on_progress=seen.append)
    with workers.parallel_config():
        search.fit(X, y)
    n_done = [info.n_done for info in seen]
    assert n_done[0] == 0 and n_done[-1] == 6
    assert all(a <= b for a, b in zip(n_done, n_done[1:], strict=False))
    assert len(set(n_done)) == 7  # a report after each of the 6 candidates
    assert seen[-1].cv_results["params"] == search.cv_results_["params"]


def test_stop_ends_the_search_early_with_partial_results(workers, data):
    X, y = data
    grid = {"C": [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5]}
    search = LiveGridSearchCV(PickyClassifier(sleep=0.3), grid, cv=2, batch_size=1)
    search.on_progress = lambda info: search.stop() if info.n_done >= 1 else None
    with workers.parallel_config():
        search.fit(X, y)
    n = len(search.cv_results_["params"])
    assert search.stopped_ is True
    assert 1 <= n < len(grid["C"])
    plain = GridSearchCV(PickyClassifier(), {"C": grid["C"][:n]}, cv=2).fit(X, y)
    assert_same_results(search, plain)


def test_stop_from_another_thread(workers, data):
    # the app presses Stop from the kernel's thread while fit runs in a background thread
    X, y = data
    grid = {"C": [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5]}
    search = LiveGridSearchCV(PickyClassifier(sleep=0.3), grid, cv=2, batch_size=1)
    thread = threading.Thread(target=fit_on_dask, args=(search, X, y), kwargs={"workers": workers})
    thread.start()
    time.sleep(0.5)
    search.stop()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert search.stopped_ is True
    assert len(search.cv_results_["params"]) < len(grid["C"])


def test_failed_fits_are_recorded_as_on_one_machine(workers, data):
    X, y = data
    grid = {"fail": [False, True]}
    plain = GridSearchCV(PickyClassifier(), grid, cv=2)
    with pytest.warns(FitFailedWarning):
        plain.fit(X, y)
    live = LiveGridSearchCV(PickyClassifier(), grid, cv=2)
    with pytest.warns(FitFailedWarning), workers.parallel_config():
        live.fit(X, y)
    assert_same_results(live, plain)
    assert live.fit_errors_[0] is None
    assert "refuses to fit with fail=True" in live.fit_errors_[1]
    raising = LiveGridSearchCV(PickyClassifier(), grid, cv=2, error_score="raise")
    with pytest.raises(ValueError, match="refuses to fit"), workers.parallel_config():
        raising.fit(X, y)


def test_describe_and_counts(workers):
    assert workers.n_workers == 2 and workers.n_threads == 2
    assert workers.dashboard_link is None
    assert workers.describe() == "Dask cluster on this machine: 2 worker(s), 2 thread(s)."
    assert not workers.external


def test_env_var_reaches_a_running_scheduler_and_close_leaves_it_alone(workers, data, monkeypatch):
    monkeypatch.setenv(ENV_VAR, workers.cluster.scheduler_address)
    remote = DaskWorkers()
    assert remote.address == workers.cluster.scheduler_address
    assert remote.address_source == "environment"
    with remote:
        assert remote.cluster is None and remote.n_workers == 2
        assert f"(from {ENV_VAR})" in remote.describe()
        X, y = data
        search = fit_on_dask(LiveGridSearchCV(SVC(), GRID, cv=3), X, y, workers=remote)
    assert_same_results(search, GridSearchCV(SVC(), GRID, cv=3).fit(X, y))
    assert not remote.started
    assert workers.n_workers == 2  # the scheduler and its workers still run


def test_an_address_that_does_not_answer_fails_fast_and_clearly():
    address = f"tcp://127.0.0.1:{free_port()}"
    start = time.perf_counter()
    with pytest.raises(DaskConnectionError, match="No Dask scheduler answered at") as info:
        DaskWorkers(address, timeout=2).start()
    assert time.perf_counter() - start < 15
    message = str(info.value)
    assert address in message and "dask scheduler" in message and "address=None" in message
    assert ENV_VAR not in message


def test_a_service_that_is_not_dask_fails_fast_and_clearly():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer_like_a_web_server():
        with server:
            client, _ = server.accept()
            with client:
                client.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n" * 4)

    threading.Thread(target=answer_like_a_web_server, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    start = time.perf_counter()
    with pytest.raises(DaskConnectionError, match="but not a Dask scheduler") as info:
        DaskWorkers(address, timeout=2).start()
    assert time.perf_counter() - start < 15
    assert address in str(info.value) and ENV_VAR not in str(info.value)
    # the reply's misleading failure (e.g. "MemoryError: Unable to allocate 3.01 EiB") is
    # kept as the cause, never quoted in the message a learner reads
    cause = info.value.__cause__
    assert cause is not None and type(cause).__name__ not in str(info.value)


def test_env_var_with_no_scheduler_is_named_in_the_error(monkeypatch):
    monkeypatch.setenv(ENV_VAR, f"tcp://127.0.0.1:{free_port()}")
    start = time.perf_counter()
    with pytest.raises(DaskConnectionError, match=f"environment variable {ENV_VAR}"):
        fit_on_dask(LiveGridSearchCV(SVC(), GRID), *load_iris(return_X_y=True))
    assert time.perf_counter() - start < 15


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(ValueError, match="n_workers must be a positive integer"):
        DaskWorkers(n_workers=0)
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        DaskWorkers("tcp://127.0.0.1:8786", timeout=0)
    with pytest.raises(ValueError, match="is not a Dask scheduler address"):
        DaskWorkers("no-port-here").start()
    with pytest.raises(RuntimeError, match="not started"):
        with DaskWorkers().parallel_config():
            pass
    with pytest.raises(TypeError, match="DaskWorkers or None"):
        fit_on_dask(SVC(), [[0]], [0], workers="tcp://127.0.0.1:8786")
    with backend_context(None):  # this machine: changes nothing
        pass


def test_dashboard_and_close_leaves_no_process_behind(data):
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    with DaskWorkers(n_workers=2, dashboard=True) as w:
        link = w.dashboard_link
        assert link.startswith("http://127.0.0.1:") and link.endswith("/status")
        assert f"dashboard {link}" in w.describe()
        with urllib.request.urlopen(link, timeout=10) as page:
            assert page.status == 200
        pids = set(w.client.run(os.getpid).values())
        X, y = data
        fit_on_dask(LiveGridSearchCV(SVC(), {"C": [1, 10]}, cv=2), X, y, workers=w)
        started = {p.pid for p in me.children(recursive=True)} - before
    assert pids <= started  # the worker processes are children of this process
    time.sleep(0.2)
    left = []
    for process in me.children(recursive=True):
        try:
            if process.pid in started and process.status() != psutil.STATUS_ZOMBIE:
                left.append(" ".join(process.cmdline()))
        except psutil.NoSuchProcess:
            pass
    # multiprocessing's resource tracker, started once per process, may stay
    assert [cmd for cmd in left if "resource_tracker" not in cmd] == []
    assert not any(psutil.pid_exists(pid) for pid in pids)
