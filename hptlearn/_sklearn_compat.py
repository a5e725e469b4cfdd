"""Every private scikit-learn name hptlearn uses, in one place, each with the reason.

scikit-learn may rename or move a private name in any release. Nothing here is replaced
or patched inside scikit-learn: the names are only imported and called. When a name is
missing, ``import hptlearn`` and everything that does not search still work, and a live
search fails at ``fit`` with a message that names the missing piece
(:func:`require_search_internals`).

Why each name is needed (all for :meth:`hptlearn.search._LiveSearchMixin.fit`, which runs
the steps of ``BaseSearchCV.fit`` itself so that it can evaluate the candidates as one
stream of fits, report progress between fits and stop at a candidate boundary):

``_fit_and_score`` (``sklearn.model_selection._validation``)
    fits and scores one candidate on one split, exactly as the plain searches do
    (``error_score``, timing, train scores, verbose lines, callbacks).
``_warn_or_raise_about_fit_failures``, ``_insert_error_scores`` (same module)
    the plain searches' handling of failed fits: one ``FitFailedWarning`` with the totals, or
    "All the N fits failed"; error scores for a callable scorer that returns a dict.
``_check_method_params`` (``sklearn.utils.validation``)
    checks the ``**params`` of ``fit`` as ``BaseSearchCV.fit`` does.
``_fit_context`` (``sklearn.base``)
    the decorator of ``BaseSearchCV.fit``: validates the parameters and sets the config.
``_MultimetricScorer`` (``sklearn.metrics._scorer``)
    tells a multimetric scorer apart, to store ``scorer_`` as the plain searches do.
``Interval``, ``StrOptions``, ``InvalidParameterError`` (``sklearn.utils._param_validation``)
    declare the constraints of the live searches' own parameters, so that
    ``set_params``/``fit`` validate them with scikit-learn's messages (and raise its
    error).
methods of ``BaseSearchCV``: ``_get_scorers``, ``_get_routed_params_for_fit``,
``_check_input_parameters``, ``_init_callback_context``, ``_select_best_index``,
``_check_refit_for_multimetric``, ``_format_results``
    the steps of ``BaseSearchCV.fit``, called in the same order.
``BaseSearchCV`` (``sklearn.model_selection._search``)
    the base class of every search (not exported by ``sklearn.model_selection``): the
    quasi-random and Bayesian searches derive from it, as scikit-learn's own do.
``HalvingGridSearchCV``, ``HalvingRandomSearchCV``
    successive halving is experimental in scikit-learn 1.9: its documentation says to
    import ``sklearn.experimental.enable_halving_search_cv`` first, which is done here and
    nowhere else (:mod:`hptlearn.halving` derives its live classes from these two).
``BaseSuccessiveHalving._run_search``, ``_generate_candidate_params``, ``_n_samples_orig``, \
``_num_samples`` (``sklearn.utils.validation``)
    the halving loop run on a live halving search, its first candidates (counted before
    a fit by ``plan()``), and the number of samples it subsamples from, which its ``fit``
    records before searching.
``_fit_X``, ``_y`` of a fitted k-nearest-neighbours estimator
    what its ``fit`` stores, shown by :func:`hptlearn.learned_parameters` to say that a
    kNN learns no parameters but keeps the training data (no public accessor exists).
``_parameter_constraints``, ``_checked_cv_orig``, ``_scorers``
    the constraints of a search class's parameters (the live classes extend them); the
    checked splitter, kept where scikit-learn's own steps read it; the scorers of a
    multimetric scorer, stored as ``scorer_``.

The rest of hptlearn calls the functions and public aliases below, never a private name.
"""

from __future__ import annotations

import inspect

import sklearn
from sklearn.model_selection._search import BaseSearchCV

_MISSING: dict[str, str] = {}

try:  # successive halving: experimental in scikit-learn 1.9, enabled as its docs say
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV
    from sklearn.model_selection._search_successive_halving import BaseSuccessiveHalving
except ImportError as error:  # pragma: no cover - depends on the installed scikit-learn
    HalvingGridSearchCV = HalvingRandomSearchCV = BaseSuccessiveHalving = None
    _HALVING_ERROR = str(error)

try:  # the fitting of one candidate on one split, and the handling of failed fits
    from sklearn.model_selection._validation import (
        _fit_and_score,
        _insert_error_scores,
        _warn_or_raise_about_fit_failures,
    )
except ImportError as error:  # pragma: no cover - depends on the installed scikit-learn
    _fit_and_score = _insert_error_scores = _warn_or_raise_about_fit_failures = None
    _MISSING["sklearn.model_selection._validation._fit_and_score and friends"] = str(error)

try:
    from sklearn.utils.validation import _check_method_params
except ImportError as error:  # pragma: no cover
    _check_method_params = None
    _MISSING["sklearn.utils.validation._check_method_params"] = str(error)

try:  # the number of samples of X, as scikit-learn's halving counts its resource
    from sklearn.utils.validation import _num_samples
except ImportError:  # pragma: no cover - the same count for arrays, frames and lists

    def _num_samples(X):
        shape = getattr(X, "shape", None)
        return int(shape[0]) if shape is not None else len(X)


try:
    from sklearn.metrics._scorer import _MultimetricScorer
except ImportError as error:  # pragma: no cover
    _MultimetricScorer = None
    _MISSING["sklearn.metrics._scorer._MultimetricScorer"] = str(error)

try:  # validates the search's parameters on fit and sets the config, as BaseSearchCV.fit does
    from sklearn.base import _fit_context
except ImportError as error:  # pragma: no cover
    _fit_context = None
    _MISSING["sklearn.base._fit_context"] = str(error)

try:
    from sklearn.utils._param_validation import Interval, InvalidParameterError, StrOptions
except ImportError:  # pragma: no cover - the live parameters are then checked by hand
    Interval = StrOptions = None
    InvalidParameterError = ValueError

SEARCH_METHODS = (
    "_get_scorers",
    "_get_routed_params_for_fit",
    "_check_input_parameters",
    "_init_callback_context",
    "_select_best_index",
    "_check_refit_for_multimetric",
    "_format_results",
)
"""Methods of ``BaseSearchCV`` that the live searches call, in ``fit``'s order."""


def missing_search_internals() -> list[str]:
    """The private scikit-learn names the live searches need and cannot find."""
    missing = list(_MISSING)
    missing += [
        f"sklearn.model_selection.BaseSearchCV.{name}"
        for name in SEARCH_METHODS
        if not hasattr(BaseSearchCV, name)
    ]
    return missing


def require_search_internals() -> None:
    """Raise a clear ``ImportError`` when a name the live searches need is missing."""
    missing = missing_search_internals()
    if missing:
        raise ImportError(
            f"hptlearn's live searches cannot run with scikit-learn {sklearn.__version__}: "
            f"it lacks {', '.join(missing)}. Install the scikit-learn version hptlearn "
            "declares (pip install -c constraints.txt hptlearn), or use scikit-learn's own "
            "GridSearchCV / RandomizedSearchCV, which give the same results without progress."
        )


def require_halving() -> None:
    """Raise a clear ``ImportError`` when scikit-learn's successive halving is missing."""
    if HalvingGridSearchCV is None:  # pragma: no cover - depends on the installed scikit-learn
        raise ImportError(
            f"successive halving is not available in scikit-learn {sklearn.__version__} "
            f"({_HALVING_ERROR}); install the version hptlearn declares "
            "(pip install -c constraints.txt hptlearn)."
        )


def fit_context(fit):
    """``BaseSearchCV.fit``'s own decorator, applied to a live search's ``fit``."""
    if _fit_context is None:  # pragma: no cover - fit then fails in require_search_internals
        return fit
    return _fit_context(prefer_skip_nested_validation=False)(fit)


def live_parameter_constraints() -> dict:
    """Constraints of the live searches' own parameters, in scikit-learn's format."""
    if Interval is None:  # pragma: no cover
        return {}
    from numbers import Integral, Real

    return {
        "on_progress": [callable, None],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "target_batch_seconds": [Interval(Real, 0, None, closed="neither")],
        "time_budget": [Interval(Real, 0, None, closed="neither"), None],
    }


# -- public aliases: the rest of hptlearn uses these names, never the private ones ---------
fit_and_score = _fit_and_score
insert_error_scores = _insert_error_scores
warn_or_raise_about_fit_failures = _warn_or_raise_about_fit_failures
check_method_params = _check_method_params
MultimetricScorer = _MultimetricScorer


def num_samples(X) -> int:
    """The number of samples of ``X``, as scikit-learn counts them (``_num_samples``)."""
    return _num_samples(X)


def parameter_constraints(search_class, **extra) -> dict:
    """The parameter constraints of a scikit-learn search class (its private
    ``_parameter_constraints``), with ``extra`` and the live searches' own."""
    inherited = {} if search_class is None else search_class._parameter_constraints
    return {**inherited, **extra, **live_parameter_constraints()}


# -- the steps of BaseSearchCV.fit, called on a live search (see SEARCH_METHODS) ----------
def get_scorers(search):
    """``(scorers, refit_metric)``, as ``BaseSearchCV.fit`` makes them."""
    return search._get_scorers()


def routed_params_for_fit(search, params):
    return search._get_routed_params_for_fit(params)


def init_callback_context(search, max_subtasks):
    return search._init_callback_context(max_subtasks=max_subtasks)


def check_search_input(search, cv, X, y, split_params) -> int:
    """What ``BaseSearchCV.fit`` does with the checked ``cv`` before it searches: keep it
    where scikit-learn's own steps read it (``_checked_cv_orig``), check the inputs
    (``_check_input_parameters``: successive halving sets ``min_resources_`` and
    ``max_resources_`` there); return the number of splits."""
    search._checked_cv_orig = cv
    search._check_input_parameters(X=X, y=y, split_params=split_params)
    return int(cv.get_n_splits(X, y, **split_params))


def checked_cv(search):
    """The checked splitter of a search being fitted (see :func:`check_search_input`)."""
    return search._checked_cv_orig


def run_search(search, evaluate_candidates, callback_ctx):
    """Call the search class's ``_run_search`` (with the callback context when it takes
    one: a search class written before scikit-learn's callbacks does not)."""
    if "callback_ctx" in inspect.signature(search._run_search).parameters:
        return search._run_search(evaluate_candidates, callback_ctx=callback_ctx)
    return search._run_search(evaluate_candidates)


def successive_halving_run_search(search, evaluate_candidates, callback_ctx):
    """scikit-learn's successive halving loop (``BaseSuccessiveHalving._run_search``) on
    a live halving search."""
    return BaseSuccessiveHalving._run_search(search, evaluate_candidates, callback_ctx=callback_ctx)


def check_refit_for_multimetric(search, scores):
    return search._check_refit_for_multimetric(scores)


def select_best_index(search, refit, refit_metric, results):
    return search._select_best_index(refit, refit_metric, results)


def format_results(search, candidate_params, n_splits, out, more_results):
    return search._format_results(candidate_params, n_splits, out, more_results)


def scorer_of(scorers):
    """What a search stores as ``scorer_``: the dict of a multimetric scorer, else the
    scorer itself."""
    if _MultimetricScorer is not None and isinstance(scorers, _MultimetricScorer):
        return scorers._scorers
    return scorers


def halving_candidates(search):
    """The first iteration's candidates of a halving search
    (``_generate_candidate_params``: with ``n_candidates="exhaust"`` it needs the checks
    of :func:`check_search_input` first)."""
    return search._generate_candidate_params()


def set_halving_samples(search, X) -> None:
    """Record the number of samples a halving search subsamples from
    (``_n_samples_orig``, which ``BaseSuccessiveHalving.fit`` sets before searching)."""
    search._n_samples_orig = _num_samples(X)


def neighbors_stored_data(estimator) -> dict:
    """What a fitted k-nearest-neighbours estimator stores: its training samples
    (``_fit_X``) and targets (``_y``), by the names scikit-learn gives them."""
    return {"_fit_X": estimator._fit_X, "_y": estimator._y}
