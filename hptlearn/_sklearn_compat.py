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
``Interval``, ``StrOptions`` (``sklearn.utils._param_validation``)
    declare the constraints of the live searches' own parameters, so that
    ``set_params``/``fit`` validate them with scikit-learn's messages.
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
"""

from __future__ import annotations

import sklearn
from sklearn.model_selection._search import BaseSearchCV

_MISSING: dict[str, str] = {}

try:  # successive halving: experimental in scikit-learn 1.9, enabled as its docs say
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV
except ImportError as error:  # pragma: no cover - depends on the installed scikit-learn
    HalvingGridSearchCV = HalvingRandomSearchCV = None
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
    from sklearn.utils._param_validation import Interval, StrOptions
except ImportError:  # pragma: no cover - the live parameters are then checked by hand
    Interval = StrOptions = None

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
    }
