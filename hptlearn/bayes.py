"""Live Bayesian optimization: Optuna chooses the candidates, scikit-learn scores them.

A random search draws every candidate without looking at the scores so far. Bayesian
optimization uses them: from the candidates scored so far it builds a model of where the
score is high (a *surrogate*) and asks it where to look next, trading *exploration*
(regions it knows little about) against *exploitation* (near the best so far). Optuna's
default sampler, TPE (Tree-structured Parzen Estimator), models the density of the good
candidates and of the others and proposes values where the first is large relative to the
second.

:class:`LiveBayesSearchCV` is a scikit-learn search (a ``BaseSearchCV``, like
``RandomizedSearchCV``) whose candidates come from an Optuna 5 study through its
ask-and-tell interface, and whose scores are scikit-learn's own cross-validation
(``cv_results_`` in scikit-learn's layout, ``best_params_``, refit, ``error_score``,
several metrics with ``refit``). It asks for candidates in batches of about ``n_jobs`` (the
parallel workers each get one; TPE accounts for the candidates still running), scores the
batch, and tells Optuna each mean test score. ``n_iter`` is the budget: the number of
candidates. The fitted search keeps the study (``study_``). It reports progress and stops
like every live search (:mod:`hptlearn.search`).

:func:`optuna_distributions` maps a space written for ``RandomizedSearchCV`` (scipy
distributions and lists) to Optuna's distributions.
"""

from __future__ import annotations

import copy
import importlib.util
import logging
import threading
import time
import warnings
from collections.abc import Mapping, Sequence
from numbers import Integral
from typing import NamedTuple

import numpy as np

from hptlearn import _sklearn_compat as _sk
from hptlearn.distributions import LogUniformInt
from hptlearn.plan import candidate_key, count_distinct_candidates, warn_few_distinct
from hptlearn.results import rank_metric
from hptlearn.search import (
    _CHECKPOINT_CONSTRAINT,
    _CHECKPOINT_DOC,
    _LIVE_PARAMETERS_DOC,
    _LiveSearchMixin,
)

__all__ = [
    "ConditionalOptunaSpace",
    "LiveBayesSearchCV",
    "OptunaSpace",
    "optuna_distributions",
]

_PRIMITIVE = (bool, int, float, str, type(None))


class OptunaSpace(NamedTuple):
    """A search space in Optuna's terms, and the way back to the estimator's values.

    Attributes
    ----------
    distributions : dict
        Name -> ``optuna.distributions.BaseDistribution``, for ``study.ask``.
    choices : dict
        For a list whose values Optuna cannot store (estimators, tuples, duplicates): name
        -> the list; Optuna then chooses an index into it.
    """

    distributions: dict
    choices: dict

    def decode(self, params: dict) -> dict:
        """The candidate for the estimator, from a trial's ``params``."""
        candidate = {}
        for name in self.distributions:
            value = params[name]
            if name in self.choices:
                value = self.choices[name][value]
            candidate[name] = value
        return candidate

    def ask(self, study):
        """``(trial, candidate)``: a new trial of ``study`` and its candidate."""
        trial = study.ask(self.distributions)
        return trial, self.decode(trial.params)


DICT_CHOICE = "dict"
"""The name of the trial parameter that chooses one dict of a conditional space."""


class ConditionalOptunaSpace(NamedTuple):
    """A list of dicts in Optuna's terms: first a choice of dict, then its parameters.

    What a define-by-run Optuna objective does for a conditional space: the trial chooses
    the dict's index (a ``CategoricalDistribution`` named :data:`DICT_CHOICE`), then
    suggests that dict's own parameters only. A parameter is named ``"<index>:<name>"``
    in the trial (``"1:gamma"``), so that each trial name always has one distribution
    even when two dicts give the same hyperparameter different ranges. The candidate
    holds the chosen dict's hyperparameters only, as ``RandomizedSearchCV``'s do.

    Attributes
    ----------
    branches : list of OptunaSpace
        One per dict, in order.
    """

    branches: list

    @property
    def distributions(self) -> dict:
        """Every trial name -> its distribution (the choice of dict first)."""
        from optuna.distributions import CategoricalDistribution

        names = {DICT_CHOICE: CategoricalDistribution(list(range(len(self.branches))))}
        for i, branch in enumerate(self.branches):
            for name, dist in branch.distributions.items():
                names[f"{i}:{name}"] = dist
        return names

    def ask(self, study):
        """``(trial, candidate)``: a new trial, its dict chosen, then its parameters."""
        distributions = self.distributions
        trial = study.ask()
        index = trial.suggest_categorical(DICT_CHOICE, distributions[DICT_CHOICE].choices)
        branch = self.branches[index]
        params = {
            name: _suggest(trial, f"{index}:{name}", dist)
            for name, dist in branch.distributions.items()
        }
        return trial, branch.decode(params)


def _suggest(trial, name, dist):
    """``trial.suggest_*`` for one Optuna distribution (define-by-run)."""
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, CategoricalDistribution):
        return trial.suggest_categorical(name, dist.choices)
    raise TypeError(  # pragma: no cover - Optuna 5 has no other distribution
        f"the distribution of {name!r} ({dist!r}) has no suggest method in Optuna"
    )


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _distribution_name(dist):
    return getattr(getattr(dist, "dist", None), "name", type(dist).__name__)


def optuna_distributions(param_distributions) -> OptunaSpace:
    """Optuna distributions for a space written for ``RandomizedSearchCV``.

    ==============================================  ===========================================
    in the space                                    for Optuna
    ==============================================  ===========================================
    ``scipy.stats.loguniform(a, b)``                ``FloatDistribution(a, b, log=True)``
    ``scipy.stats.uniform(loc, scale)``             ``FloatDistribution(loc, loc + scale)``
    ``scipy.stats.randint(a, b)``                   ``IntDistribution(a, b - 1)``
    :class:`~hptlearn.distributions.LogUniformInt`  ``IntDistribution(a, b, log=True)``
    a list                                          ``CategoricalDistribution``
    an Optuna distribution                          itself
    ==============================================  ===========================================

    A list of values Optuna cannot store (estimators, tuples, repeated values) becomes a
    choice of index, decoded by :meth:`OptunaSpace.decode`. A list of several dicts (a
    conditional space) becomes a :class:`ConditionalOptunaSpace`: a choice of dict, then
    that dict's distributions.

    Raises
    ------
    TypeError
        For any other distribution (``norm``, ``expon``...): the message names the
        hyperparameter and what to use instead.

    Examples
    --------
    >>> from scipy.stats import loguniform, randint
    >>> space = optuna_distributions(
    ...     {"C": loguniform(1e-2, 1e2), "degree": randint(2, 5), "kernel": ["rbf", "poly"]}
    ... )
    >>> for name, dist in space.distributions.items():
    ...     print(name, dist)
    C FloatDistribution(high=100.0, log=True, low=0.01, step=None)
    degree IntDistribution(high=4, log=False, low=2, step=1)
    kernel CategoricalDistribution(choices=('rbf', 'poly'))
    """
    from optuna.distributions import (
        BaseDistribution,
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    if not isinstance(param_distributions, Mapping):
        if (
            not isinstance(param_distributions, Sequence)
            or not param_distributions
            or not all(isinstance(d, Mapping) for d in param_distributions)
        ):
            raise TypeError(
                "LiveBayesSearchCV takes a dict of name -> distribution or list, or a "
                f"non-empty list of such dicts; got {param_distributions!r}"
            )
        if len(param_distributions) == 1:
            param_distributions = param_distributions[0]
        else:
            return ConditionalOptunaSpace(
                [optuna_distributions(dist) for dist in param_distributions]
            )
    distributions, choices = {}, {}
    for name, values in param_distributions.items():
        if isinstance(values, BaseDistribution):
            distributions[name] = values
        elif isinstance(values, LogUniformInt):
            low, high = values.support()
            distributions[name] = IntDistribution(low, high, log=True)
        elif hasattr(values, "rvs"):
            distributions[name] = _from_scipy(name, values, FloatDistribution, IntDistribution)
        elif isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
            raise TypeError(
                f"the values of {name!r} must be a list or a distribution, got {values!r} "
                f"(a {type(values).__name__}); wrap a single value in a list: [{values!r}]"
            )
        elif len(values) == 0:
            raise ValueError(f"the list of values of {name!r} is empty: give at least one")
        else:
            values = [_plain(v) for v in values]
            storable = all(isinstance(v, _PRIMITIVE) for v in values)
            distinct = len({(type(v), v) for v in values}) == len(values) if storable else False
            if storable and distinct:
                distributions[name] = CategoricalDistribution(values)
            else:
                distributions[name] = CategoricalDistribution(list(range(len(values))))
                choices[name] = list(values)
    return OptunaSpace(distributions, choices)


def _from_scipy(name, dist, FloatDistribution, IntDistribution):
    kind = _distribution_name(dist)
    kwds = getattr(dist, "kwds", {})
    low, high = (float(v) for v in dist.support())
    if kind in ("loguniform", "reciprocal"):
        if kwds.get("loc", 0) != 0 or kwds.get("scale", 1) != 1 or len(dist.args) > 2:
            raise TypeError(
                f"the log-uniform distribution of {name!r} is shifted or scaled (loc/scale): "
                "write loguniform(low, high) without loc and scale"
            )
        return FloatDistribution(low, high, log=True)
    if kind == "uniform":
        return FloatDistribution(low, high)
    if kind == "randint":
        return IntDistribution(int(low), int(high))
    raise TypeError(
        f"the distribution of {name!r} is a scipy {kind!r}, which Bayesian search cannot "
        "map to Optuna: use loguniform(low, high), uniform(loc, scale), randint(low, high), "
        "hptlearn.distributions.LogUniformInt(low, high), a list of values, or an "
        "optuna.distributions object"
    )


# -- Optuna's log lines ------------------------------------------------------------------
# Optuna logs one INFO line per trial. A search run from a notebook would print dozens;
# they are dropped for the threads running a quiet search (verbose=0), and only for them.
_QUIET_THREADS: set[int] = set()
_QUIET_LOCK = threading.Lock()


class _QuietThreads(logging.Filter):
    def filter(self, record):
        return not (record.levelno <= logging.INFO and record.thread in _QUIET_THREADS)


_QUIET_FILTER = _QuietThreads()


class _quiet_optuna:
    def __enter__(self):
        logger = logging.getLogger("optuna")
        with _QUIET_LOCK:
            _QUIET_THREADS.add(threading.get_ident())
            for handler in logger.handlers:
                if _QUIET_FILTER not in handler.filters:
                    handler.addFilter(_QUIET_FILTER)
        return self

    def __exit__(self, *exc):
        with _QUIET_LOCK:
            _QUIET_THREADS.discard(threading.get_ident())


def _make_sampler(sampler, random_state):
    """The Optuna sampler of one fit (a fresh copy, so that every fit starts alike)."""
    import optuna

    seed = random_state
    if isinstance(random_state, np.random.RandomState):
        seed = int(random_state.randint(np.iinfo(np.int32).max))
    if sampler is None or sampler == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if sampler == "gp":
        if importlib.util.find_spec("torch") is None:
            raise ImportError(
                "sampler='gp' (Optuna's GPSampler, a Gaussian-process surrogate) needs PyTorch, "
                "which hptlearn does not install: pip install torch (the CPU build is enough), "
                "or use the default TPE sampler"
            )
        return optuna.samplers.GPSampler(seed=seed)
    if isinstance(sampler, optuna.samplers.BaseSampler):
        return copy.deepcopy(sampler)
    raise ValueError(
        f"sampler must be None, 'tpe', 'gp', 'random' or an Optuna sampler "
        f"(optuna.samplers.TPESampler(seed=0), ...); got {sampler!r}"
    )


class LiveBayesSearchCV(_LiveSearchMixin, _sk.BaseSearchCV):
    """Bayesian optimization with an Optuna sampler, as a live scikit-learn search.

    Parameters
    ----------
    estimator : estimator object
        As for :class:`~sklearn.model_selection.RandomizedSearchCV`.
    param_distributions : dict or list of dicts
        Name -> distribution or list, as for ``RandomizedSearchCV``, mapped by
        :func:`optuna_distributions`: ``loguniform``, ``uniform``, ``randint``,
        :class:`~hptlearn.distributions.LogUniformInt`, lists, Optuna distributions. A
        list of dicts is a conditional space: each trial chooses a dict (the trial
        parameter ``"dict"``, its index), then that dict's values (trial parameters
        ``"<index>:<name>"``); a candidate holds the chosen dict's names only, as with
        ``RandomizedSearchCV``.
    n_iter : int, default=10
        The budget: number of candidates evaluated.
    sampler : None, "tpe", "gp", "random" or an Optuna sampler, default=None
        Chooses the candidates. ``None``/``"tpe"``: ``TPESampler(seed=random_state)``
        (Optuna 5's TPE: multivariate, and aware of the candidates still running). ``"gp"``:
        Optuna's ``GPSampler`` (needs PyTorch). ``"random"``: Optuna's random sampler, as a
        baseline. A sampler object is copied at each fit, so
        every fit starts from the same state; seed it yourself.
    scoring, n_jobs, refit, cv, verbose, pre_dispatch, error_score, return_train_score
        As for ``RandomizedSearchCV``. With several metrics, Optuna maximizes the one
        ``refit`` names; with ``refit=False`` (or a callable) it maximizes the first
        metric of ``scoring`` (the first ``mean_test_<metric>`` of ``cv_results_``) and
        says so in a ``UserWarning``. ``n_jobs`` also sets how many candidates are asked
        at a time.
    random_state : int, RandomState instance or None, default=None
        Seeds the sampler made from ``None``/a name: the same int gives the same
        candidates (with ``n_jobs`` unchanged).
    skip_duplicates : bool, default=False
        When True, a candidate the sampler proposes again (same names, same values) is
        not fitted again: its trial is told the score of its first evaluation (user
        attribute ``"duplicate_of"``: that row of ``cv_results_``), and the search goes
        on until ``n_iter`` distinct candidates are evaluated. ``cv_results_`` has one row
        per distinct candidate: ``n_iter`` rows, or fewer when the space holds fewer
        distinct candidates (lists and whole-number ranges only), which a
        ``UserWarning`` says; the search then ends with all of them.
    warm_start : bool, default=False
        When set to True, ``fit`` continues the study of the previous call to ``fit``
        (whatever its own ``warm_start``, as with scikit-learn's ensembles): its
        candidates are taken back with their fold scores (not fitted again), then the
        study asks for the rest of ``n_iter``. With ``n_jobs=1`` (or a first ``n_iter``
        that is a multiple of the candidates asked at a time) the results are those of
        one fresh fit with the final ``n_iter`` (times aside). The data, splits,
        scoring, estimator and sampler (``sampler``, ``random_state``, ``n_jobs``) must be
        the previous fit's: ``fit`` raises a ``ValueError`` that names what changed.
        After a stop, the continued study keeps the trials the stop left unevaluated.
    {live}{checkpoint}
        A resumed Bayesian search replays its study: a fresh study with the same sampler
        asks for candidates as the interrupted one did, each candidate found in the file is
        told its score without being fitted, so the study (and every later candidate it
        asks for) is that of the uninterrupted run. The sampler (``sampler``,
        ``random_state``, ``n_jobs``) is part of the checked fingerprint.
    Attributes
    ----------
    study_ : optuna.Study
        The study: one trial per candidate, in the order of ``cv_results_``, its value the
        candidate's mean test score (a failed candidate's trial is FAIL; a candidate asked
        but not run because the search was stopped is FAIL with the user attribute
        ``"not_evaluated"``). ``study_.trials[i].user_attrs["cv_results_index"]`` is the
        candidate's row. With ``skip_duplicates``, the trials of repeated candidates
        (user attribute ``"duplicate_of"``) come in between.
    sampler_seconds_ : float
        Time spent asking and telling the sampler (the rest is cross-validation).

    Examples
    --------
    >>> from scipy.stats import loguniform
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveBayesSearchCV(
    ...     SVC(), {{"C": loguniform(1e-3, 1e3)}}, n_iter=12, random_state=0
    ... ).fit(X, y)
    >>> len(search.cv_results_["params"]), len(search.study_.trials)
    (12, 12)
    >>> bool(search.study_.best_value == search.best_score_)
    True
    """

    _parameter_constraints = _sk.parameter_constraints(
        _sk.BaseSearchCV,
        param_distributions=[dict, list],
        n_iter=[_sk.Interval(Integral, 1, None, closed="left")] if _sk.Interval else [Integral],
        sampler="no_validation",  # checked when the sampler is made
        random_state=["random_state"],
        skip_duplicates=["boolean"],
        warm_start=["boolean"],
        checkpoint=_CHECKPOINT_CONSTRAINT,
    )

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_iter=10,
        sampler=None,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
        skip_duplicates=False,
        warm_start=False,
        checkpoint=None,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.sampler = sampler
        self.random_state = random_state
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.skip_duplicates = skip_duplicates
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    # Failed fits are checked once over the whole search, not per batch: a batch whose
    # only candidate fails must not end a search whose other candidates fit.
    _check_fit_failures_per_call = False

    def _candidates(self):
        return range(self.n_iter)

    def _warm_fingerprint(self, X, y, splits, fit_params) -> dict:
        from joblib import effective_n_jobs
        from joblib import hash as joblib_hash

        fingerprint = super()._warm_fingerprint(X, y, splits, fit_params)
        try:
            sampler = joblib_hash(self.sampler)
        except Exception:  # pragma: no cover - a sampler that does not pickle
            sampler = repr(self.sampler)
        fingerprint["sampler (sampler, random_state or n_jobs)"] = (
            sampler,
            joblib_hash(self.random_state),
            effective_n_jobs(self.n_jobs),
        )
        return fingerprint

    def _live_total(self) -> int:
        return self.n_iter

    def _planned_reused(self, candidates) -> int:
        # the candidates are asked as the study goes: a continued fit takes back the
        # previous fit's (up to n_iter), a resumed one replays the study and takes back
        # those the checkpoint holds
        n = 0
        if self.warm_start and "_live_warm" in self.__dict__ and "study_" in self.__dict__:
            n = len(self.cv_results_["params"])
        n = max(n, len(self._known_before_fit()[1]))  # the checkpoint's records
        return min(n, self.n_iter)

    def candidates_per_ask(self) -> int:
        """How many candidates are asked (and run) at a time: the number of workers."""
        from joblib import effective_n_jobs

        return max(1, min(int(effective_n_jobs(self.n_jobs)), self.n_iter))

    def _run_search(self, evaluate_candidates):
        previous_study = self.__dict__.get("study_")
        try:
            self._optimize(evaluate_candidates)
        except BaseException:
            if previous_study is not None:  # a refused continuation keeps the study
                self.__dict__.setdefault("study_", previous_study)
            raise

    def _optimize(self, evaluate_candidates):
        import optuna
        from optuna.trial import TrialState

        space = optuna_distributions(self.param_distributions)
        sampler_seconds = 0.0
        # the previous fit's study stays off the search while it runs (the search is
        # sent to the workers); warm_start continues it
        previous_study = self.__dict__.pop("study_", None)
        previous = None
        if self.warm_start and previous_study is not None and "_live_warm" in self.__dict__:
            previous = list(self.cv_results_["params"])[: self.n_iter]
        with _quiet_optuna() if not self.verbose else _noop():
            per_ask = self.candidates_per_ask()
            n_evaluated = 0
            # skip_duplicates: each candidate's row in cv_results_, by its key
            rows = {}
            size = max_asks = None
            if self.skip_duplicates:
                size = count_distinct_candidates(self.param_distributions)
                max_asks, n_asked = 50 * self.n_iter + 1000, 0
            scores = np.empty(0)
            if previous is None:
                start = time.perf_counter()
                study = optuna.create_study(
                    direction="maximize", sampler=_make_sampler(self.sampler, self.random_state)
                )
                sampler_seconds += time.perf_counter() - start
            else:
                # continued: the previous candidates come back from the previous fit
                # (evaluate_candidates checks the data, splits, scoring, estimator and
                # sampler, and fits none of them), then the study asks for more
                study = previous_study
                results = evaluate_candidates(previous)
                metric = rank_metric(results, self.refit)
                scores = np.asarray(results[f"mean_test_{metric}"], dtype=float)
                n_evaluated = len(scores)
                if self.skip_duplicates:
                    rows = {candidate_key(c): i for i, c in enumerate(previous)}
            while n_evaluated < self.n_iter:
                if self.skip_duplicates and (
                    (size is not None and len(rows) >= size) or n_asked >= max_asks
                ):
                    warn_few_distinct(type(self).__name__, self.n_iter, len(rows), size, n_asked)
                    break
                start = time.perf_counter()
                asked = [space.ask(study) for _ in range(min(per_ask, self.n_iter - n_evaluated))]
                trials, candidates, keys, repeats = [], [], [], []
                for trial, candidate in asked:
                    key = candidate_key(candidate) if self.skip_duplicates else None
                    if key is not None and (key in rows or key in keys):
                        repeats.append((trial, key))  # told the score of its first
                    else:
                        trials.append(trial)
                        candidates.append(candidate)
                        keys.append(key)
                if self.skip_duplicates:
                    n_asked += len(asked)
                sampler_seconds += time.perf_counter() - start
                if candidates:
                    results = evaluate_candidates(candidates)
                    metric = rank_metric(results, self.refit)
                    if not n_evaluated and metric != "score" and metric != self.refit:
                        warnings.warn(
                            f"LiveBayesSearchCV has several metrics and refit={self.refit!r}: "
                            f"it maximizes the first metric, {metric!r}. Set refit to the "
                            "name of the metric to maximize.",
                            UserWarning,
                            stacklevel=2,
                        )
                    scores = np.asarray(results[f"mean_test_{metric}"], dtype=float)
                start = time.perf_counter()
                for trial, key in zip(trials, keys, strict=True):
                    if n_evaluated < len(scores):
                        trial.set_user_attr("cv_results_index", n_evaluated)
                        rows[key] = n_evaluated
                        _tell(study, trial, scores[n_evaluated])
                        n_evaluated += 1
                    else:  # asked, but the search was stopped before it ran
                        trial.set_user_attr("not_evaluated", True)
                        study.tell(trial, state=TrialState.FAIL)
                for trial, key in repeats:
                    if key in rows:  # not fitted again: the score of its first evaluation
                        trial.set_user_attr("duplicate_of", rows[key])
                        _tell(study, trial, scores[rows[key]])
                    else:
                        trial.set_user_attr("not_evaluated", True)
                        study.tell(trial, state=TrialState.FAIL)
                sampler_seconds += time.perf_counter() - start
                if self.stopped_:
                    break
        # set at the end: the search object is sent to the workers while it runs
        self.study_ = study
        self.sampler_seconds_ = sampler_seconds


def _tell(study, trial, score):
    """Tell a trial its mean test score (a failed candidate's trial is FAIL)."""
    from optuna.trial import TrialState

    if np.isfinite(score):
        study.tell(trial, float(score))
    else:
        study.tell(trial, state=TrialState.FAIL)


class _noop:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


LiveBayesSearchCV.__doc__ = LiveBayesSearchCV.__doc__.format(
    live=_LIVE_PARAMETERS_DOC, checkpoint=_CHECKPOINT_DOC.strip("\n")
)
