"""Hyperband: brackets of successive halving, live, over samples or any integer resource.

Successive halving (:mod:`hptlearn.halving`) must choose, before it runs, how many
candidates to start with: many on a small resource (and risk eliminating a candidate
that only shows its quality on a large one), or few on a large one. Hyperband (Li et al.,
JMLR 2018, Algorithm 1) does not choose: it runs several *brackets* of successive halving,
from the most exploratory (many candidates, smallest resource) to plain random search
(few candidates, each on the whole resource), and keeps the best candidate evaluated on
the largest resource.

With ``R = max_resources``, ``r_min = min_resources`` and ``eta = factor``:
``s_max = floor(log_eta(R / r_min))``; bracket ``s`` (``s_max`` first, then down to 0)
starts ``n = ceil((s_max + 1) / (s + 1) * eta**s)`` random candidates on the resource
``r = R * eta**-s``, then each *rung* keeps the best ``floor(n_i / eta)`` and gives them
``eta`` times more, until the last rung evaluates its candidates on ``R``. For
``R = 81, eta = 3, r_min = 1`` the brackets start 81, 34, 15, 8 and 5 candidates
(the paper's Table 1): :func:`hyperband_brackets` computes it before anything runs.

The resource is ``"n_samples"`` (each rung subsamples the training and test folds, as
scikit-learn's halving searches do) or any integer parameter of the estimator
(``n_estimators``, ``max_iter``, epochs), set on each candidate for its rung. On an
integer parameter, a promoted candidate may *continue training* from its fitted state
of the previous rung instead of being refitted (``resume``, :mod:`hptlearn.resume`).

:class:`LiveHyperbandSearchCV` is a live search (:mod:`hptlearn.search`): progress as
fits complete, ``stop()``, ``time_budget``, and ``plan(X, y)``, which lists every
bracket's rungs before the search runs.
"""

from __future__ import annotations

import copy
import warnings
from fractions import Fraction
from math import ceil, floor
from numbers import Integral, Real

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import ParameterGrid, ParameterSampler, check_cv
from sklearn.utils import check_random_state, indexable

from hptlearn import _sklearn_compat as _sk
from hptlearn.halving import HalvingSchedule
from hptlearn.plan import (
    LazyCounts,
    SearchPlan,
    all_lists,
    distinct_candidate_values,
    distinct_list_values,
)
from hptlearn.resources import SubsampledSplits, planned_taken_back, resource_range
from hptlearn.results import rank_metric
from hptlearn.resume import FoldStates, resumption, warn_refitted_after_reuse
from hptlearn.search import (
    _CHECKPOINT_CONSTRAINT,
    _CHECKPOINT_DOC,
    _LIVE_PARAMETERS_DOC,
    _LiveSearchMixin,
)

__all__ = ["LiveHyperbandSearchCV", "hyperband_brackets"]


def _check_numbers(max_resources, factor, min_resources):
    for name, value in (("max_resources", max_resources), ("min_resources", min_resources)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    if isinstance(factor, bool) or not isinstance(factor, Real) or not factor > 1:
        raise ValueError(f"factor must be a number > 1, got {factor!r}.")
    if min_resources > max_resources:
        raise ValueError(
            f"min_resources_={min_resources} is greater than max_resources_={max_resources}."
        )


def hyperband_brackets(
    max_resources, factor=3, min_resources=1, *, n_splits=1, max_candidates=None
):
    """The brackets of Hyperband (Li et al. 2018, Algorithm 1), in the order they run.

    Each bracket is a :class:`hptlearn.halving.HalvingSchedule`: the candidates and the
    resource of each of its rungs. Bracket ``s`` (from ``s_max = floor(log_factor(
    max_resources / min_resources))`` down to 0) starts ``ceil((s_max + 1) / (s + 1) *
    factor**s)`` candidates on ``floor(max_resources * factor**-s)``; each rung keeps
    ``floor(n_i / factor)`` of them (at least one) on ``factor`` times the resource; its
    last rung is on ``max_resources``.

    Parameters
    ----------
    max_resources, min_resources : int
        The largest and smallest resource (``R`` and ``r_min``).
    factor : float > 1, default=3
        ``eta``: each rung keeps ``1/factor`` of its candidates.
    n_splits : int, default=1
        Cross-validation splits, stored in each schedule (for its fit counts).
    max_candidates : int or None
        At most this many distinct candidates exist (a space of value lists): a bracket
        starts at most this many.

    Examples
    --------
    >>> brackets = hyperband_brackets(81, 3, 1)
    >>> [b.n_candidates for b in brackets]
    [[81, 27, 9, 3, 1], [34, 11, 3, 1], [15, 5, 1], [8, 2], [5]]
    >>> [b.n_resources for b in brackets]
    [[1, 3, 9, 27, 81], [3, 9, 27, 81], [9, 27, 81], [27, 81], [81]]
    """
    _check_numbers(max_resources, factor, min_resources)
    eta, big_r = Fraction(factor), Fraction(int(max_resources))
    s_max = 0
    while int(min_resources) * eta ** (s_max + 1) <= big_r:
        s_max += 1
    brackets = []
    for s in range(s_max, -1, -1):
        n = ceil(Fraction(s_max + 1, s + 1) * eta**s)
        if max_candidates is not None:
            n = max(1, min(n, int(max_candidates)))
        counts, resources = [], []
        for i in range(s + 1):
            counts.append(n)
            resources.append(floor(big_r * eta ** (i - s)))
            n = max(1, floor(n / eta))
        brackets.append(HalvingSchedule(counts, resources, int(max_resources), int(n_splits)))
    return brackets


class _Draws:
    """The candidates of every bracket, drawn from ``param_distributions`` as
    ``ParameterSampler`` draws them: bracket after bracket from one random generator."""

    def __init__(self, space, sizes, random_state):
        self.space, self.sizes, self.random_state = space, list(sizes), random_state

    def __len__(self):
        return sum(self.sizes)

    def brackets(self) -> list:
        rng = check_random_state(self.random_state)
        return [list(ParameterSampler(self.space, n, random_state=rng)) for n in self.sizes]

    def __iter__(self):
        return (c for bracket in self.brackets() for c in bracket)


class LiveHyperbandSearchCV(_LiveSearchMixin, _sk.BaseSearchCV):
    """Hyperband: brackets of successive halving over random candidates, live.

    Runs the brackets of :func:`hyperband_brackets` for ``max_resources_``, ``factor``
    and ``min_resources_``, most exploratory first. The candidates of each bracket are
    drawn from ``param_distributions`` as
    :class:`~sklearn.model_selection.RandomizedSearchCV` draws them (lists sampled
    uniformly, scipy distributions through ``rvs``), bracket after bracket from one
    generator seeded by ``random_state``. A space of value lists with fewer distinct
    candidates than a bracket starts gives that bracket each of them once.

    Within a bracket, a rung's candidates are ranked by their mean test score (of the
    ``refit`` metric with several metrics) and the best ``floor(n / factor)`` go on, best
    first. **Choosing the best**: ``best_index_`` is the candidate with the best mean test
    score among the evaluations on the largest resource reached (``max_resources_`` when
    the search runs to its end: the last rung of every bracket), across brackets; a tie
    goes to the evaluation made first (the earlier bracket). A stopped search chooses in
    the same way among what it evaluated: as survivors are evaluated best first, the
    rows of an unfinished rung are the best of the rung before. A callable ``refit``
    receives ``cv_results_`` and chooses itself.

    **Taken back, then promoted**: a candidate whose evaluation was taken back
    (``warm_start``, ``checkpoint``) has no fitted fold estimators to continue from: if it
    is promoted, its next rung is fitted from scratch. Where continuing gives the model of
    a fresh fit (``resume="auto"``: forests, boosting) the scores are those of an
    uninterrupted run; where it does not (``resume=True`` on an MLP or SGD), ``fit`` warns
    that the later rungs of those candidates may score differently from an uninterrupted
    run.

    Parameters
    ----------
    estimator : estimator object
        Cloned for every fit.
    param_distributions : dict or list of dicts
        Names to lists or scipy distributions, as for ``RandomizedSearchCV``; it must
        not hold the resource.
    factor : float > 1, default=3
        ``eta``: each rung keeps the best ``1/factor`` and gives them ``factor`` times more
        resource; it also sets how many brackets run.
    resource : "n_samples" or str, default="n_samples"
        What grows from rung to rung: the number of samples of the training and test folds
        (subsampled as scikit-learn's halving searches do, with ``random_state``), or an
        integer parameter of the estimator (``"n_estimators"``, ``"max_iter"``,
        ``"clf__n_estimators"`` in a pipeline), set on each candidate.
    max_resources : int or "auto", default="auto"
        ``R``, the resource of the last rung of every bracket. ``"auto"``: all the samples
        for ``"n_samples"``, else the estimator's own value of the resource parameter.
    min_resources : int or "smallest", default="smallest"
        ``r_min``, the smallest resource a bracket may start with. ``"smallest"``: as
        scikit-learn's halving searches (``2 * n_splits``, times the number of classes for
        a classifier) for ``"n_samples"``, else 1.
    resume : "auto", bool, default="auto"
        Whether a promoted candidate continues training from its fitted state of the
        previous rung, fold by fold, instead of being refitted (an integer resource and an
        estimator with ``warm_start`` only; :func:`hptlearn.resume.resumption` says when
        and why). ``"auto"``: where continuing gives the same model as a fresh fit
        (forests, extra trees, bagging and gradient boosting by ``n_estimators``,
        histogram gradient boosting by ``max_iter``); ``True``: also where it gives a
        different model (MLP and SGD by ``max_iter``, estimators hptlearn does not know,
        for which the resource is taken as the total to train to); ``False``: refit
        every time. ``plan(X, y).resumes`` and ``resume_reason`` say what ``fit`` does.
    scoring, n_jobs, refit, cv, verbose, pre_dispatch, error_score, return_train_score
        As for :class:`~sklearn.model_selection.RandomizedSearchCV` (``cv=5`` and
        ``return_train_score=True`` by default, as scikit-learn's halving searches). The
        splits are made once per ``fit`` and every rung uses them.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws of the candidates and the subsamples.
    warm_start : bool, default=False
        When set to True, the next ``fit`` reuses the results of the previous call to
        ``fit`` (whatever its own ``warm_start``, as with scikit-learn's ensembles): it runs
        Hyperband with its new settings (a larger ``max_resources``, another ``factor``,
        ``min_resources`` or space) from the start, and every *(candidate, resource)*
        evaluation the earlier fits made on the same splits is taken back instead of
        fitted again. The results are those of one fresh fit with the final settings, in
        the same order (times aside). The candidates (bracket after bracket) and the
        subsamples of ``resource="n_samples"`` are drawn with ``random_state``: give an
        int, or little is reused. The data, the splits, the scoring and the estimator must
        be those of the previous fit; if one changed, ``fit`` raises a ``ValueError`` that
        names it. See "Taken back, then promoted" above for ``resume``.
    {checkpoint}
    {live}
    Attributes
    ----------
    cv_results_ : dict
        One row per candidate evaluation (a candidate promoted to a later rung has a row
        per rung), with ``iter`` (the rung's position over all brackets, an index into
        ``n_resources_`` and ``n_candidates_``), ``n_resources`` and ``bracket`` (0 for
        the first, most exploratory bracket).
    n_resources_, n_candidates_ : list of int
        Per rung that ran, over all brackets in order: the resource and the candidates.
    n_iterations_ : int
        Rungs that ran (over all brackets).
    n_brackets_ : int
        Brackets that ran.
    brackets_ : list of HalvingSchedule
        The planned brackets (:func:`hyperband_brackets`).
    min_resources_, max_resources_ : int
        ``r_min`` and ``R`` as checked on the data.
    resumes_ : bool
        Whether promoted candidates continued training (see ``resume``).
    resumed_folds_peak_ : int
        The most fitted fold estimators kept at once between rungs to resume them (the
        memory that resuming costs: at most a rung's candidates x ``n_splits_``); 0 when
        the search does not resume.
    best_index_, best_params_, best_score_, best_estimator_
        See "Choosing the best" above.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> search = LiveHyperbandSearchCV(
    ...     RandomForestClassifier(random_state=0), {{"max_depth": [1, 2, 3, None]}},
    ...     resource="n_estimators", max_resources=9, cv=3, random_state=0)
    >>> plan = search.plan(X, y)
    >>> [(b.n_candidates, b.n_resources) for b in plan.brackets]
    [([4, 1, 1], [1, 3, 9]), ([4, 1], [3, 9]), ([3], [9])]
    >>> plan.resumes
    True
    >>> search.fit(X, y).n_resources_
    [1, 3, 9, 3, 9, 9]
    """

    _parameter_constraints = {
        **_sk.parameter_constraints(
            _sk.BaseSearchCV,
            param_distributions=[dict, list],
            random_state=["random_state"],
            resource=[str],
            resume=["boolean", _sk.StrOptions({"auto"})] if _sk.StrOptions else [object],
            warm_start=["boolean"],
            checkpoint=_CHECKPOINT_CONSTRAINT,
        ),
        **(
            {
                "factor": [_sk.Interval(Real, 1, None, closed="neither")],
                "max_resources": [
                    _sk.Interval(Integral, 0, None, closed="neither"),
                    _sk.StrOptions({"auto"}),
                ],
                "min_resources": [
                    _sk.Interval(Integral, 0, None, closed="neither"),
                    _sk.StrOptions({"smallest"}),
                ],
            }
            if _sk.Interval is not None
            else {}
        ),
    }

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        resume="auto",
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=5,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=True,
        on_progress=None,
        batch_size="auto",
        target_batch_seconds=1.0,
        time_budget=None,
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
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.resume = resume
        self.random_state = random_state
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.target_batch_seconds = target_batch_seconds
        self.time_budget = time_budget
        self.warm_start = warm_start
        self.checkpoint = checkpoint

    # -- what the search will do ----------------------------------------------------------
    def _max_candidates(self):
        space = self.param_distributions
        return len(ParameterGrid(space)) if all_lists(space) else None

    def _brackets(self, n_splits) -> list:
        return hyperband_brackets(
            self.max_resources_,
            self.factor,
            self.min_resources_,
            n_splits=n_splits,
            max_candidates=self._max_candidates(),
        )

    def _draws(self, brackets) -> _Draws:
        return _Draws(
            self.param_distributions, [b.n_candidates[0] for b in brackets], self.random_state
        )

    def _resumption(self):
        return resumption(self.estimator, self.resource, self.resume)

    def _checked_probe(self, X, y=None, groups=None):
        """A shallow copy checked on ``X, y`` as ``fit`` checks it, and its splits."""
        probe = copy.copy(self)
        X, y, groups = indexable(X, y, groups)
        cv = check_cv(probe.cv, y, classifier=is_classifier(probe.estimator))
        split_params = {} if groups is None else {"groups": groups}
        n_splits = _sk.check_search_input(probe, cv, X, y, split_params)
        probe.__dict__.pop("_hyperband_data", None)
        return probe, n_splits

    def plan(self, X, y=None, **fit_params) -> SearchPlan:
        """What ``fit(X, y, **fit_params)`` will fit, counted without fitting anything.

        ``brackets`` lists every bracket's rungs (candidates x resource, each a
        :class:`hptlearn.halving.HalvingSchedule`), ``schedule`` all the rungs in the
        order they run; ``resumes`` and ``resume_reason`` say whether promoted candidates
        continue training, and ``full_fit_equivalents`` counts the training done
        accordingly (resumed: each candidate's largest resource once; refitted: every
        rung's resource).
        """
        groups = fit_params.get("groups")
        probe, n_splits = self._checked_probe(X, y, groups)
        brackets = probe._brackets(n_splits)
        schedule = _flat(brackets, probe.max_resources_, n_splits)
        how = probe._resumption()
        n_candidates = schedule.total_candidates
        X, y, groups = indexable(X, y, groups)

        def first_rungs():  # drawn only when a fit may take something back
            draws = probe._draws(brackets).brackets()
            for bracket, candidates in zip(brackets, draws, strict=True):
                yield candidates, bracket.n_resources[0]

        reused = planned_taken_back(self, probe, first_rungs(), X, y, groups)
        full = _training(brackets, how.resumes) - reused.training
        return SearchPlan(
            n_candidates=n_candidates,
            n_splits=n_splits,
            n_fits=(n_candidates - reused.n) * n_splits,
            refit_fits=1 if self.refit else 0,
            full_fit_equivalents=full * n_splits / probe.max_resources_,
            distinct_values=self._planned_distinct(probe._draws(brackets)),
            schedule=schedule,
            reused_candidates=reused.n,
            brackets=tuple(brackets),
            resumes=how.resumes,
            resume_reason=how.reason,
        )

    def n_candidates(self) -> int:
        """Candidates drawn (over all brackets) when the resources are whole numbers
        given to the constructor; otherwise use ``plan(X, y)``."""
        if not (
            isinstance(self.max_resources, Integral) and isinstance(self.min_resources, Integral)
        ):
            raise ValueError(
                "the number of candidates depends on the data when max_resources or "
                "min_resources is not a whole number: use search.plan(X, y).brackets"
            )
        return sum(
            b.n_candidates[0]
            for b in hyperband_brackets(
                self.max_resources,
                self.factor,
                self.min_resources,
                max_candidates=self._max_candidates(),
            )
        )

    def _planned_distinct(self, draws) -> dict:
        counts = distinct_list_values(self.param_distributions)
        if isinstance(self.random_state, Integral):
            return LazyCounts(lambda: distinct_candidate_values(draws, counts))
        return {name: 1 if n == 1 else None for name, n in counts.items()}

    def _live_schedule(self):
        return self.__dict__.get("_live_hyperband_schedule")

    # -- fit ----------------------------------------------------------------------------
    def _check_input_parameters(self, X, y, split_params):
        # the checks of scikit-learn's halving searches, for a resource and r_min, R
        self.min_resources_, self.max_resources_ = resource_range(
            self, X, y, split_params, self._checked_cv_orig
        )
        self._n_samples_orig = _sk.num_samples(X)
        # the splits are made once, in _run_search, from these (dropped after the fit)
        self.__dict__["_hyperband_data"] = (X, y, split_params)

    def _fit(self, X, y=None, **params):
        self.__dict__.pop("_live_hyperband_schedule", None)
        try:
            super()._fit(X, y, **params)
        finally:
            self.__dict__.pop("_live_hyperband_schedule", None)
            self.__dict__.pop("_hyperband_data", None)
        return self

    def _best_index(self, refit_metric, results) -> int:
        if callable(self.refit):
            return super()._best_index(refit_metric, results)
        resources = np.asarray(results["n_resources"])
        rows = np.flatnonzero(resources == resources.max())
        scores = np.asarray(results[f"mean_test_{refit_metric}"], dtype=float)[rows]
        if np.isnan(scores).all():
            return int(rows[0])
        return int(rows[np.nanargmax(scores)])

    def _run_search(self, evaluate_candidates):
        X, y, split_params = self.__dict__.pop("_hyperband_data")
        splits = list(self._checked_cv_orig.split(X, y, **split_params))
        fixed = check_cv(splits)
        n_splits = len(splits)
        self.brackets_ = brackets = self._brackets(n_splits)
        self.__dict__["_live_hyperband_schedule"] = [
            (c, r) for b in brackets for c, r in zip(b.n_candidates, b.n_resources, strict=True)
        ]
        how = self._resumption()
        if self.resume is True and not how.resumes:
            warnings.warn(f"resume=True, but {how.reason}", UserWarning, stacklevel=2)
        states = FoldStates(evaluate_candidates, how, self.resource) if how.resumes else None
        self.resumes_ = states is not None and states.active
        self.n_resources_, self.n_candidates_ = [], []
        self.n_brackets_ = 0
        iteration, n_rows, results = 0, 0, {}
        for b, (bracket, candidates) in enumerate(
            zip(brackets, self._draws(brackets).brackets(), strict=True)
        ):
            ids = [(b, j) for j in range(len(candidates))]  # a candidate's identity
            alive = list(range(len(candidates)))
            for rung, (n_i, r_i) in enumerate(
                zip(bracket.n_candidates, bracket.n_resources, strict=True)
            ):
                params = [self._with_resource(candidates[j], r_i) for j in alive]
                more = {
                    "iter": [iteration] * n_i,
                    "n_resources": [r_i] * n_i,
                    "bracket": [b] * n_i,
                }
                cv = (
                    fixed
                    if self.resource != "n_samples"
                    else SubsampledSplits(splits, r_i / self._n_samples_orig, self.random_state)
                )
                if states is None:
                    results = evaluate_candidates(params, cv=cv, more_results=more)
                else:
                    results = states.evaluate(
                        params, [ids[j] for j in alive], r_i, cv=cv, more_results=more
                    )
                n_new = len(results.get("params", ())) - n_rows
                if n_new > 0:
                    if rung == 0:
                        self.n_brackets_ += 1
                    self.n_resources_.append(r_i)
                    self.n_candidates_.append(n_i)
                    iteration += 1
                if self.stopped_:
                    break
                scores = np.asarray(
                    results[f"mean_test_{rank_metric(results, self.refit)}"], dtype=float
                )[n_rows : n_rows + n_new]
                n_rows += n_new
                if rung + 1 < len(bracket.n_candidates):
                    # best first, failed (NaN) last, ties in evaluation order
                    order = sorted(
                        range(n_new), key=lambda k: (np.isnan(scores[k]), -np.nan_to_num(scores[k]))
                    )
                    alive = [alive[k] for k in order[: bracket.n_candidates[rung + 1]]]
                    if states is not None:
                        states.keep([ids[j] for j in alive])
            if states is not None:
                states.keep([])
            if self.stopped_:
                break
        self.n_iterations_ = iteration
        self.resumed_folds_peak_ = 0 if states is None else states.peak
        if states is not None:
            warn_refitted_after_reuse(states.refitted_after_reuse, how, "candidates")

    def _with_resource(self, candidate, r):
        if self.resource == "n_samples":
            return dict(candidate)
        return {**candidate, self.resource: r}

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_live_hyperband_schedule", None)
        state.pop("_hyperband_data", None)  # the data: never sent to the workers
        return state


def _flat(brackets, max_resources, n_splits) -> HalvingSchedule:
    """Every rung of every bracket, in the order they run, as one schedule."""
    return HalvingSchedule(
        [c for b in brackets for c in b.n_candidates],
        [r for b in brackets for r in b.n_resources],
        int(max_resources),
        int(n_splits),
    )


def _training(brackets, resumes) -> float:
    """The resource trained per split: every rung's (refitted) or, resumed, each
    candidate's largest resource once (a promoted candidate adds the difference)."""
    total = 0
    for b in brackets:
        previous = 0
        for c, r in zip(b.n_candidates, b.n_resources, strict=True):
            total += c * (r - previous if resumes else r)
            previous = r
    return float(total)


LiveHyperbandSearchCV.__doc__ = LiveHyperbandSearchCV.__doc__.format(
    live=_LIVE_PARAMETERS_DOC, checkpoint=_CHECKPOINT_DOC.strip()
)
