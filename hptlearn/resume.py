"""Training that resumes: a promoted candidate continues from its fitted state.

In successive halving and Hyperband on an integer resource (``n_estimators``,
``max_iter``), a candidate promoted to the next rung is, by default in scikit-learn,
refitted from scratch on the larger resource: a forest promoted from 9 to 27 trees grows
27 new trees. An estimator with ``warm_start`` can instead *continue*: keep its 9 trees and
grow 18 more. Over a search, the training done is then, for each candidate, the largest
resource it reached (once), not the sum over the rungs it went through.

Cross-validation fits a fresh clone of the estimator on each fold, so continuing needs
the fitted estimator of every fold of every promoted candidate kept between rungs (in
the process that runs the search; with ``n_jobs > 1`` each is sent to a worker and comes
back fitted further). :class:`FoldStates` keeps them and hands each to the fit of its
candidate and fold on the next rung, with ``warm_start=True`` and the larger resource;
the fit and the scoring are scikit-learn's own ``_fit_and_score`` (same scorer, same
``error_score`` handling, fit and score times of the added training only). A fold whose
fit failed is refitted from scratch.

When does a search resume? :func:`resumption` decides, family by family:

* **the same model as a fresh fit** (``resume="auto"`` resumes): random forests, extra
  trees, bagging, isolation forests and gradient boosting by ``n_estimators``, histogram
  gradient boosting by ``max_iter``. Continuing with ``warm_start=True`` to ``n`` gives
  the model a fresh fit with ``n`` gives (the random state is drawn as if the first trees
  had been grown in the same fit; tested for an int ``random_state``), so the scores equal
  those of refitting, and only the time differs;
* **a different model** (only ``resume=True`` resumes): MLP and SGD-based estimators
  (``SGDClassifier``, ``Perceptron``, ``PassiveAggressive*``) by ``max_iter``. Their
  ``fit`` with ``warm_start=True`` runs ``max_iter`` *more* epochs (so the continuation
  is given the difference) but restarts the optimizer's state (Adam's moments, the
  learning-rate schedule), the shuffling and the convergence checks: ``n`` epochs in two
  parts is not ``n`` epochs in one. The scores differ from refitting, usually a little;
* **unknown estimators** with ``warm_start`` (only ``resume=True`` resumes, taking the
  resource as the total to train to, as ensembles do);
* **never**: the resource ``"n_samples"`` (a larger subsample is another training set),
  an estimator without ``warm_start``, or a resource that is not what ``warm_start``
  grows (a forest's ``max_depth``).
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

from sklearn.ensemble import (
    BaggingClassifier,
    BaggingRegressor,
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    IsolationForest,
    RandomForestClassifier,
    RandomForestRegressor,
    RandomTreesEmbedding,
)
from sklearn.linear_model import (
    PassiveAggressiveClassifier,
    PassiveAggressiveRegressor,
    Perceptron,
    SGDClassifier,
    SGDOneClassSVM,
    SGDRegressor,
)
from sklearn.neural_network import MLPClassifier, MLPRegressor

__all__ = ["FAMILIES", "FoldStates", "Resumption", "resumption"]

#: total: the resource is the size to train to (warm_start adds the difference);
#: added: each fit with warm_start trains ``resource`` more (the continuation is given
#: the difference)
TOTAL, ADDED = "total", "added"

#: (classes, the resource warm_start grows, how it counts, same model as a fresh fit)
FAMILIES = (
    (
        (
            RandomForestClassifier,
            RandomForestRegressor,
            ExtraTreesClassifier,
            ExtraTreesRegressor,
            RandomTreesEmbedding,
            BaggingClassifier,
            BaggingRegressor,
            IsolationForest,
            GradientBoostingClassifier,
            GradientBoostingRegressor,
        ),
        "n_estimators",
        TOTAL,
        True,
    ),
    ((HistGradientBoostingClassifier, HistGradientBoostingRegressor), "max_iter", TOTAL, True),
    (
        (
            MLPClassifier,
            MLPRegressor,
            SGDClassifier,
            SGDRegressor,
            SGDOneClassSVM,
            Perceptron,
            PassiveAggressiveClassifier,
            PassiveAggressiveRegressor,
        ),
        "max_iter",
        ADDED,
        False,
    ),
)


class Resumption(NamedTuple):
    """Whether a search continues its promoted candidates' training, and why.

    Attributes
    ----------
    resumes : bool
        True when a promoted candidate continues from its previous rung's fitted state.
    reason : str
        Why, in one sentence (for ``plan().resume_reason``).
    kind : {"total", "added"} or None
        How the continuation counts the resource: ``"total"``, set to the new resource;
        ``"added"``, set to the difference (the epochs to add).
    warm_start : str or None
        The name of the ``warm_start`` parameter to set (``"clf__warm_start"`` in a
        pipeline).
    exact : bool
        True when continuing gives the model of a fresh fit.
    """

    resumes: bool
    reason: str
    kind: str | None = None
    warm_start: str | None = None
    exact: bool = False

    def continued(self, parameters: dict, resource: str, previous: int, new: int) -> dict:
        """The parameters of a continued fit from ``previous`` to ``new``."""
        amount = new if self.kind == TOTAL else new - previous
        return {**parameters, self.warm_start: True, resource: amount}


def warn_refitted_after_reuse(n_fits: int, how: Resumption, promoted: str) -> None:
    """Warn that ``n_fits`` fold fits of ``promoted`` ("candidates", "configurations")
    whose previous rung was taken back (``warm_start``, ``checkpoint``) started from
    scratch, when continuing would not have given the model of a fresh fit; nothing when
    ``n_fits`` is 0 or the resumption is exact."""
    if n_fits and not how.exact:
        warnings.warn(
            f"{n_fits} fold fit(s) of promoted {promoted} whose previous rung was taken "
            "back (warm_start or checkpoint) started from scratch instead of continuing: "
            f"{how.reason} Their scores may differ from those of an uninterrupted run.",
            UserWarning,
            stacklevel=4,
        )


def resumption(estimator, resource, resume="auto") -> Resumption:
    """Whether a search over ``resource`` with ``resume`` continues training, and why.

    Parameters
    ----------
    estimator : estimator object
        The searched estimator (a pipeline's step is found by the resource's ``__``
        prefix: ``"clf__n_estimators"``).
    resource : str
        ``"n_samples"`` or an integer parameter of the estimator.
    resume : "auto" or bool
        ``"auto"``: resume where it gives the model of a fresh fit; ``True``: wherever
        the estimator can continue; ``False``: never.

    Examples
    --------
    >>> from sklearn.ensemble import GradientBoostingClassifier
    >>> from sklearn.neural_network import MLPClassifier
    >>> resumption(GradientBoostingClassifier(), "n_estimators").resumes
    True
    >>> mlp = resumption(MLPClassifier(), "max_iter")
    >>> mlp.resumes, mlp.exact
    (False, False)
    >>> resumption(MLPClassifier(), "max_iter", resume=True).kind
    'added'
    """
    if resume is False:
        return Resumption(False, "resume=False: every rung refits its candidates from scratch.")
    if resource == "n_samples":
        return Resumption(
            False,
            "the resource is n_samples: a larger subsample is another training set, so "
            "every rung refits its candidates from scratch.",
        )
    prefix, _, name = resource.rpartition("__")
    params = estimator.get_params()
    owner = params[prefix] if prefix else estimator
    owner_name = type(owner).__name__
    warm = f"{prefix}__warm_start" if prefix else "warm_start"
    if warm not in params:
        return Resumption(
            False,
            f"{owner_name} has no warm_start parameter: it cannot continue a fit, so "
            "every rung refits its candidates from scratch.",
        )
    for classes, grown, kind, exact in FAMILIES:
        if not isinstance(owner, classes):
            continue
        if name != grown:
            return Resumption(
                False,
                f"warm_start grows {grown} of {owner_name}, not {name}: every rung "
                "refits its candidates from scratch.",
            )
        if exact:
            return Resumption(
                True,
                f"{owner_name} continues with warm_start=True to the larger {name}: the "
                "same model as a fresh fit, for less training.",
                kind,
                warm,
                True,
            )
        if resume is True:
            return Resumption(
                True,
                f"resume=True: {owner_name} continues with warm_start=True for the added "
                f"{name}; not the model of a fresh fit (the optimizer's state, shuffling "
                "and convergence checks restart), so the scores differ from refitting.",
                kind,
                warm,
                False,
            )
        return Resumption(
            False,
            f"{owner_name} continued with warm_start=True is not the model of a fresh fit "
            f"with the larger {name} (the optimizer's state, shuffling and convergence "
            "checks restart): every rung refits; resume=True continues anyway.",
        )
    if resume is True:
        return Resumption(
            True,
            f"resume=True: {owner_name} continues with warm_start=True, taking {name} as "
            "the total to train to (as ensembles do).",
            TOTAL,
            warm,
            False,
        )
    return Resumption(
        False,
        f"hptlearn does not know whether {owner_name} continued with warm_start=True is "
        f"the model of a fresh fit with the larger {name}: every rung refits; "
        "resume=True continues it anyway, taking the resource as the total.",
    )


class FoldStates:
    """The fitted estimators of each fold of the promoted candidates, kept between rungs.

    Made for one fit of a live search (:mod:`hptlearn.search`) from the
    ``evaluate_candidates`` its ``_run_search`` receives: :meth:`evaluate` evaluates a
    rung (the same call, the same results), handing each candidate's kept fold estimator,
    with ``warm_start`` and the larger resource, to the fit of the same candidate on the
    same fold, and keeps the estimators the fits return; :meth:`keep` forgets the
    candidates that are not promoted. The splits must be the same at every rung.
    """

    def __init__(self, evaluate_candidates, how: Resumption, resource: str):
        self._evaluate = evaluate_candidates
        self.how, self.resource = how, resource
        self.kept = {}  # candidate id -> (resource, [fitted estimator or None per split])
        self.peak = 0  # most fold estimators kept at once
        self.taken_back = set()  # candidates whose last rung was reused, not fitted
        self.refitted_after_reuse = 0  # their fold fits on a later rung, from scratch
        self._current = ([], 0)
        run = getattr(evaluate_candidates, "__self__", None)
        self._run = run
        self.active = hasattr(run, "wrap_tasks") and hasattr(run, "all_out")
        if self.active:
            run.wrap_tasks(self._continued)

    def _continued(self, tasks):
        """The live search's stream of (candidate, split) fits, each fit continuing from
        the kept estimator of its candidate and split when there is one."""
        ids, new = self._current
        for func, args, kwargs in tasks:
            kwargs = {**kwargs, "return_estimator": True}
            candidate = ids[kwargs["candidate_progress"][0]]
            kept = self.kept.get(candidate)
            split = kwargs["split_progress"][0]
            if candidate in self.taken_back:
                self.refitted_after_reuse += 1
            if kept is not None and kept[1][split] is not None:
                previous, estimators = kept
                estimator, estimators[split] = estimators[split], None
                kwargs["parameters"] = self.how.continued(
                    kwargs["parameters"], self.resource, previous, new
                )
                args = (estimator, *args[1:])
            yield func, args, kwargs

    def evaluate(self, candidate_params, ids, resource, **kwargs):
        """``evaluate_candidates(candidate_params, **kwargs)``, resuming where it can;
        ``ids`` names each candidate across rungs."""
        if not self.active:
            return self._evaluate(candidate_params, **kwargs)
        out = self._run.all_out
        start = len(out)
        self._current = (list(ids), resource)
        results = self._evaluate(candidate_params, **kwargs)
        fresh = out[start:]
        n_splits = int(self._run.search.n_splits_)
        for i in range(len(fresh) // n_splits):
            estimators, fitted = [], False
            for result in fresh[i * n_splits : (i + 1) * n_splits]:
                fitted = fitted or "estimator" in result or bool(result.get("fit_error"))
                estimator = result.pop("estimator", None)
                estimators.append(None if result.get("fit_error") else estimator)
            self.kept[ids[i]] = (resource, estimators)
            if fitted:
                self.taken_back.discard(ids[i])
            else:  # taken back (warm_start, checkpoint): nothing to continue from
                self.taken_back.add(ids[i])
        self.peak = max(self.peak, self.n_kept)
        return results

    @property
    def n_kept(self) -> int:
        """Fold estimators kept now."""
        return sum(e is not None for _, estimators in self.kept.values() for e in estimators)

    def keep(self, ids) -> None:
        """Forget every candidate but ``ids`` (the promoted ones)."""
        ids = set(ids)
        self.kept = {i: v for i, v in self.kept.items() if i in ids}
