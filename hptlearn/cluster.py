"""Live searches on a Dask cluster, through joblib's Dask backend.

A live search (:mod:`hptlearn.search`) hands its fits to joblib; inside
``workers.parallel_config()`` joblib hands them to a Dask cluster instead of local
processes. Nothing else changes: the same candidates, splits, ``cv_results_``, progress
reports after each fit and ``stop()`` (the fits already handed out finish; no further
candidate starts).

:class:`DaskWorkers` is the cluster: with no address (and no ``HPTLEARN_DASK_SCHEDULER``
environment variable) it starts a small cluster of worker processes on this machine; with
an address it connects to a running scheduler and fails fast, with a message saying what
to do, when nothing answers. :func:`fit_on_dask` is the one-line version.

What ``n_jobs`` means under the Dask backend. joblib's Dask backend ignores the search's
``n_jobs``: the number of fits running at once is the cluster's total number of worker
threads (:attr:`DaskWorkers.n_threads`), read when each ``fit`` starts, whatever
``n_jobs`` says (1, 2 or -1). It still sizes what depends on it through joblib:
``pre_dispatch="2*n_jobs"`` keeps about two fits per worker thread queued, and a search
that asks for candidates in batches of ``joblib.effective_n_jobs(n_jobs)``
(:class:`hptlearn.bayes.LiveBayesSearchCV`) asks for one per worker thread. One exception,
joblib's: with a single worker thread in the whole cluster, joblib runs the fits one after
the other in *this* process, not on the cluster. joblib also groups fits shorter than
about 0.2 s into one Dask task, so progress then arrives per group.

What the workers need. Each worker unpickles the estimator, so the classes it uses must be
importable there: the workers of the local cluster share this machine's Python; the
workers of a remote cluster need the same packages (scikit-learn, hptlearn, and any module
defining a custom estimator) installed.

The dashboard (``dashboard=True``) is served by the scheduler; it needs ``bokeh`` installed
(without it the page only says so).

Dask is an extra of hptlearn: ``pip install 'hptlearn[dask]'`` installs dask, distributed and
bokeh. This module imports without them (a run on this machine uses :func:`backend_context`
with no workers); :class:`DaskWorkers` raises an ImportError naming that extra when
distributed is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading

from hptlearn._extras import require

__all__ = [
    "ENV_VAR",
    "DaskConnectionError",
    "DaskWorkers",
    "backend_context",
    "fit_on_dask",
    "scheduler_address_from_env",
]

ENV_VAR = "HPTLEARN_DASK_SCHEDULER"
"""Environment variable holding a scheduler address, used when no address is given."""


class DaskConnectionError(ConnectionError):
    """No Dask scheduler answered at the address given (a ``ConnectionError``)."""


def scheduler_address_from_env() -> str | None:
    """The scheduler address in ``HPTLEARN_DASK_SCHEDULER``, or None when unset or blank."""
    value = os.environ.get(ENV_VAR, "").strip()
    return value or None


def _check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


def _distributed():
    """dask.distributed, or an ImportError saying to install hptlearn's ``dask`` extra."""
    return require("distributed", "dask", "hptlearn's Dask workers")


def _bokeh_installed() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


class DaskWorkers:
    """A Dask cluster for live searches: started on this machine, or reached at an address.

    Use it as a context manager (or call :meth:`start` and :meth:`close`), and fit a search
    inside :meth:`parallel_config`.

    Parameters
    ----------
    address : str or None, default=None
        The address of a running Dask scheduler, such as ``"tcp://10.0.0.5:8786"``. When
        None, the environment variable ``HPTLEARN_DASK_SCHEDULER`` is used if set; else a
        cluster is started on this machine.
    n_workers : int, default=2
        Worker processes of the cluster started on this machine (ignored with an address).
    threads_per_worker : int, default=1
        Threads of each of those worker processes (ignored with an address). One thread
        per process suits scikit-learn fits, which hold the GIL for much of their time.
    timeout : float, default=5
        Seconds to wait for a scheduler at ``address`` to answer before giving up.
    dashboard : bool, default=False
        Serve Dask's dashboard from the cluster started on this machine, on a free port
        of this machine's loopback address (:attr:`dashboard_link`). With an address, the
        scheduler decides.

    Attributes
    ----------
    address : str or None
        The scheduler address used (from the argument or the environment), or None for a
        cluster on this machine.
    address_source : {"argument", "environment"} or None
        Where ``address`` came from.
    client : distributed.Client or None
        The client, once started.
    cluster : distributed.LocalCluster or None
        The cluster started on this machine, once started (None with an address).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from hptlearn import LiveGridSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10]}, cv=3)
    >>> with DaskWorkers(n_workers=2) as workers:  # doctest: +SKIP
    ...     with workers.parallel_config():
    ...         search.fit(X, y)
    """

    def __init__(
        self, address=None, *, n_workers=2, threads_per_worker=1, timeout=5, dashboard=False
    ):
        if address is not None and (not isinstance(address, str) or not address.strip()):
            raise ValueError(
                f"address must be a scheduler address such as 'tcp://host:8786', or None "
                f"for a cluster on this machine; got {address!r}."
            )
        _distributed()  # without the dask extra, say which extra to install, here
        _check_positive_int("n_workers", n_workers)
        _check_positive_int("threads_per_worker", threads_per_worker)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}.")
        if address is not None:
            self.address, self.address_source = address.strip(), "argument"
        else:
            self.address = scheduler_address_from_env()
            self.address_source = None if self.address is None else "environment"
        self.n_workers_requested = n_workers
        self.threads_per_worker = threads_per_worker
        self.timeout = timeout
        self.dashboard = bool(dashboard)
        self.client = None
        self.cluster = None

    # -- state -----------------------------------------------------------------------------
    @property
    def external(self) -> bool:
        """True when the cluster is reached at an address (not started here)."""
        return self.address is not None

    @property
    def started(self) -> bool:
        """True between :meth:`start` and :meth:`close`."""
        return self.client is not None

    @property
    def n_workers(self) -> int:
        """Worker processes connected now (0 before :meth:`start`)."""
        if not self.started:
            return 0
        return len(self.client.nthreads())

    @property
    def n_threads(self) -> int:
        """Worker threads connected now: the fits that run at once (0 before :meth:`start`)."""
        if not self.started:
            return 0
        return sum(self.client.nthreads().values())

    @property
    def dashboard_link(self) -> str | None:
        """The address of Dask's dashboard in a browser, or None when there is none."""
        if not self.started:
            return None
        if self.cluster is not None:
            return (self.cluster.dashboard_link or None) if self.dashboard else None
        port = self.client.scheduler_info(n_workers=0).get("services", {}).get("dashboard")
        if port is None:
            return None
        from distributed.utils import format_dashboard_link

        host = self.client.scheduler.address.split("://")[-1].rsplit(":", 1)[0]
        return format_dashboard_link(host, port)

    def describe(self) -> str:
        """One line saying where the fits run, for a notebook or an app's status line."""
        if self.external:
            where = f"Dask scheduler at {self.address}"
            if self.address_source == "environment":
                where += f" (from {ENV_VAR})"
        else:
            where = "Dask cluster on this machine"
        if not self.started:
            return f"{where}: not started."
        text = f"{where}: {self.n_workers} worker(s), {self.n_threads} thread(s)"
        link = self.dashboard_link
        if link:
            text += f"; dashboard {link}"
            if not _bokeh_installed():
                text += " (install bokeh to see it)"
        return text + "."

    def __repr__(self):
        where = repr(self.address) if self.external else "local"
        state = "started" if self.started else "not started"
        return f"<DaskWorkers {where}, {state}>"

    # -- life cycle ------------------------------------------------------------------------
    def start(self):
        """Start the local cluster, or connect to the scheduler; return ``self``.

        Does nothing when already started.

        Raises
        ------
        DaskConnectionError
            When no Dask scheduler answers at ``address`` within ``timeout`` seconds.
        """
        if self.started:
            return self
        if self.external:
            self.client = self._connect()
        else:
            self._start_local()
        return self

    def _probe(self):
        """Open and close one connection to the scheduler, in a thread of its own.

        A ``Client`` that fails to connect is cleaned up later by the garbage collector,
        in whatever thread runs it, and its cleanup then blocks that thread for seconds (a
        cluster started afterwards can fail to start its event loop). So the address is
        tried first with a bare connection, which leaves nothing behind; the thread keeps
        its event loop apart from any loop running here (a notebook's).
        """
        from distributed.comm import connect

        async def attempt():
            comm = await connect(self.address, timeout=self.timeout)
            await comm.close()

        failure = []

        def run():
            try:
                asyncio.run(attempt())
            except BaseException as error:  # re-raised in the calling thread
                failure.append(error)

        thread = threading.Thread(target=run, name="hptlearn-dask-probe", daemon=True)
        thread.start()
        thread.join()
        if failure:
            raise failure[0]

    def _connect(self):
        distributed = _distributed()
        try:
            self._probe()
            return distributed.Client(self.address, timeout=self.timeout, set_as_default=False)
        except ValueError as error:
            raise ValueError(
                f"{self.address!r}{self._origin()} is not a Dask scheduler address: {error}. "
                "Write it as 'tcp://host:port' (a scheduler listens on port 8786 unless told "
                "otherwise)."
            ) from error
        except OSError as error:
            raise DaskConnectionError(
                f"No Dask scheduler answered at {self.address!r}{self._origin()} within "
                f"{self.timeout:g} s. {self._fix()}"
            ) from error
        except Exception as error:  # something answered, but it does not speak Dask
            # The inner failure is kept as the cause only: reading a reply that is not
            # Dask's protocol fails in misleading ways (a web server's reply read as a
            # message length asks for exabytes: "MemoryError: Unable to allocate 3.01 EiB").
            raise DaskConnectionError(
                f"Something answered at {self.address!r}{self._origin()}, but not a Dask "
                f"scheduler: its reply is not Dask's protocol (another program may use this "
                f"port). {self._fix()}"
            ) from error

    def _origin(self):
        if self.address_source == "environment":
            return f" (from the environment variable {ENV_VAR})"
        return ""

    def _fix(self):
        fix = (
            "Start a scheduler there (`dask scheduler`, then `dask worker <address>` on each "
            "machine that should fit), check the host and port, or run on this machine "
            "with DaskWorkers(address=None)"
        )
        if self.address_source == "environment":
            fix += f" after unsetting {ENV_VAR}"
        return fix + "."

    def _start_local(self):
        distributed = _distributed()
        # The scheduler serves HTTP even without a dashboard (health checks), by default
        # on port 8787; keep it on this machine only, on a free port, in both cases
        cluster = distributed.LocalCluster(
            n_workers=self.n_workers_requested,
            threads_per_worker=self.threads_per_worker,
            processes=True,
            dashboard_address="127.0.0.1:0" if self.dashboard else None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )
        try:
            self.client = distributed.Client(cluster, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        self.cluster = cluster

    def close(self):
        """Close the client and the cluster started here; leave a remote scheduler running.

        Waits until the local worker processes have ended. Safe to call twice.
        """
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        try:
            if client is not None:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()

    # -- running ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def parallel_config(self):
        """joblib's configuration that sends the fits of a search to this cluster.

        ``with workers.parallel_config(): search.fit(X, y)``. joblib's configuration
        belongs to the thread that enters it: enter it in the thread that calls ``fit``
        (for a search run in a background thread, inside that thread).

        Raises
        ------
        RuntimeError
            When the workers are not started.
        """
        if not self.started:
            raise RuntimeError(
                f"{self!r} is not started: call start() first, or use it in a "
                "`with DaskWorkers(...) as workers:` block."
            )
        import joblib

        # wait for workers at least as long as for the scheduler: a scheduler may answer
        # before its workers have connected
        with joblib.parallel_config(
            backend="dask", client=self.client, wait_for_workers_timeout=max(10, self.timeout)
        ):
            yield self


def backend_context(workers=None):
    """``workers.parallel_config()``, or a context that changes nothing when None.

    For code that runs a search on this machine or on a cluster:
    ``with backend_context(workers): search.fit(X, y)``.
    """
    if workers is None:
        return contextlib.nullcontext()
    return workers.parallel_config()


def fit_on_dask(search, X, y=None, *, workers=None, **fit_params):
    """Fit a search with its fits run by Dask workers; return the search.

    Parameters
    ----------
    search : estimator
        A search (a live search reports progress and stops as on one machine) or any
        estimator whose ``fit`` uses joblib. Its ``n_jobs`` does not matter: the fits that
        run at once are the cluster's worker threads (see the module's documentation).
    X, y : array-like
        The data, as for ``search.fit``.
    workers : DaskWorkers or None, default=None
        The cluster. When None, ``DaskWorkers()`` is started for this fit and closed after
        it: a cluster on this machine, or the scheduler in ``HPTLEARN_DASK_SCHEDULER``.
        A ``DaskWorkers`` given is started if needed and left running: close it yourself.
    **fit_params
        Passed to ``search.fit``.

    Returns
    -------
    search
        The fitted search.
    """
    if workers is not None and not isinstance(workers, DaskWorkers):
        raise TypeError(
            f"workers must be a DaskWorkers or None, got {type(workers).__name__}: "
            "DaskWorkers(address) reaches a running scheduler."
        )
    owned = workers is None
    workers = DaskWorkers() if owned else workers
    workers.start()
    try:
        with workers.parallel_config():
            return search.fit(X, y, **fit_params)
    finally:
        if owned:
            workers.close()
