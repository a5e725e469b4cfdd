"""The resource of a multi-fidelity search: its checks, its range, its subsampled folds.

Hyperband (:mod:`hptlearn.hyperband`) and ASHA (:mod:`hptlearn.asha`) give each
configuration a *resource*: ``"n_samples"`` (the training and test folds are subsampled, as
scikit-learn's halving searches do) or an integer parameter of the estimator
(``n_estimators``, ``max_iter``). Both check it, and compute its range
(``min_resources_``, ``max_resources_``), with the rules of scikit-learn's halving searches;
:func:`resource_range` is that check, and :class:`SubsampledSplits` the subsampled folds.
"""

from __future__ import annotations

from collections import Counter
from numbers import Integral
from typing import NamedTuple

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils import resample
from sklearn.utils.multiclass import check_classification_targets

from hptlearn import _sklearn_compat as _sk
from hptlearn.search import _known_keys, _splits_hash

__all__ = ["SubsampledSplits", "TakenBack", "planned_taken_back", "resource_range"]


def resource_range(search, X, y, split_params, cv) -> tuple[int, int]:
    """``(min_resources_, max_resources_)`` of ``search`` on ``X``, checked.

    ``search`` gives ``estimator``, ``resource``, ``param_distributions``,
    ``min_resources`` ("smallest" or an int) and ``max_resources`` ("auto" or an int);
    ``cv`` is its checked splitter. The rules are those of scikit-learn's halving
    searches: ``"smallest"`` is ``2 * n_splits`` (times the number of classes for a
    classifier) on ``n_samples``, else 1; ``"auto"`` is ``n_samples``, or the estimator's
    own value of the resource parameter. Raises a ``ValueError`` that names what is wrong:
    a resource the estimator does not have, a resource that is also searched, an ``"auto"``
    that is not a whole number, ``min_resources_ > max_resources_``, or an empty ``X``.
    """
    estimator, resource = search.estimator, search.resource
    if resource != "n_samples" and resource not in estimator.get_params():
        raise ValueError(
            f"Cannot use resource={resource} which is not supported "
            f"by estimator {estimator.__class__.__name__}"
        )
    space = search.param_distributions
    spaces = [space] if isinstance(space, dict) else space
    if any(resource in one for one in spaces):
        raise ValueError(
            f"Cannot use parameter {resource} as the resource since it is part "
            "of the searched parameters."
        )
    min_resources = search.min_resources
    if min_resources == "smallest":
        if resource == "n_samples":
            min_resources = 2 * cv.get_n_splits(X, y, **split_params)
            if is_classifier(estimator):
                check_classification_targets(y)
                min_resources *= np.unique(y).shape[0]
        else:
            min_resources = 1
    max_resources = search.max_resources
    if max_resources == "auto":
        if resource == "n_samples":
            max_resources = _sk.num_samples(X)
        else:
            own = estimator.get_params()[resource]
            if isinstance(own, bool) or not isinstance(own, Integral) or own < 1:
                raise ValueError(
                    f"max_resources='auto' takes the estimator's own "
                    f"{resource}={own!r}, which is not a whole number >= 1: "
                    "give max_resources."
                )
            max_resources = int(own)
    if min_resources > max_resources:
        raise ValueError(
            f"min_resources_={min_resources} is greater than max_resources_={max_resources}."
        )
    if min_resources == 0:
        raise ValueError(
            f"min_resources_={min_resources}: you might have passed an empty dataset X."
        )
    return min_resources, max_resources


class SubsampledSplits:
    """Subsamples the training and test folds of fixed splits, as scikit-learn's halving
    does (``resample`` without replacement of ``int(fraction * len(fold))`` indices, with
    the search's ``random_state``). A cross-validation splitter over ``splits``.

    >>> import numpy as np
    >>> folds = SubsampledSplits([(np.arange(10), np.arange(10, 14))], 0.5, random_state=0)
    >>> [(len(train), len(test)) for train, test in folds.split()]
    [(5, 2)]
    """

    def __init__(self, splits, fraction, random_state):
        self.splits, self.fraction, self.random_state = splits, fraction, random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        return len(self.splits)

    def split(self, X=None, y=None, groups=None):
        for train, test in self.splits:
            yield (
                resample(
                    train,
                    replace=False,
                    random_state=self.random_state,
                    n_samples=int(self.fraction * len(train)),
                ),
                resample(
                    test,
                    replace=False,
                    random_state=self.random_state,
                    n_samples=int(self.fraction * len(test)),
                ),
            )


class TakenBack(NamedTuple):
    """What :func:`planned_taken_back` counts."""

    n: int  #: evaluations taken back
    training: float  #: their resource, summed, per split


def planned_taken_back(search, probe, first_rungs, X, y, groups=None) -> TakenBack:
    """The evaluations of ``first_rungs`` that ``search.fit(X, y)`` will take back from its
    previous fit (``warm_start``) or its ``checkpoint`` file, counted without fitting.

    ``first_rungs`` is an iterable of ``(candidates, resource)``, read only when something
    may be taken back: the rungs whose candidates are known before any score (the first
    rung of each Hyperband bracket, ASHA's bottom rung), in the order the fit starts them;
    ``probe`` is a copy of ``search`` checked on the data
    (its splitter and ``min_resources_``). The later rungs depend on the scores: a plan
    counts them as fitted. Nothing is taken back without an int ``random_state`` (the
    draws and subsamples would differ, and drawing from a ``RandomState`` here would
    change the fit's).
    """
    outs, records = search._known_before_fit()
    if (not outs and not records) or not isinstance(search.random_state, Integral):
        return TakenBack(0, 0.0)
    split_params = {} if groups is None else {"groups": groups}
    splits = list(_sk.checked_cv(probe).split(X, y, **split_params))
    n_samples = _sk.num_samples(X)
    seen, n, training = Counter(), 0, 0.0
    for candidates, resource in first_rungs:
        rung_splits = splits
        if search.resource == "n_samples":
            fraction = resource / n_samples
            rung_splits = SubsampledSplits(splits, fraction, search.random_state).split()
        context = _splits_hash(rung_splits)
        for candidate in candidates:
            params = dict(candidate)
            if search.resource != "n_samples":
                params[search.resource] = resource
            warm_key, record = _known_keys(params, context, seen)
            if warm_key in outs or record in records:
                n, training = n + 1, training + resource
    return TakenBack(n, training)
