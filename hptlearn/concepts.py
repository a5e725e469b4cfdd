"""Learned parameters versus hyperparameters, and the two kinds of hyperparameters.

A machine-learning *model* is a function with numbers in it. The numbers that
``fit`` finds from the training data are the model's **parameters** (in
scikit-learn they are the attributes that end with an underscore and exist only
after ``fit``: ``coef_``, ``intercept_``, ``cluster_centers_``, ...). The settings
that are fixed *before* training and that the training does not change are its
**hyperparameters** (the constructor arguments, returned by ``get_params``).
Tuning chooses hyperparameters by training several models with different values
and comparing them on held-out data: that search happens outside the training of
any one model.

Hyperparameters come in two kinds:

``"model"``
    They decide *what* model is fitted: the family of functions, its capacity or
    the objective that training minimises (number of hidden neurons, ``k`` and
    the distance of k-nearest neighbours, the kernel, the regularization strength
    ``C`` or ``alpha``, the depth of a tree, the number of clusters).
``"optimization"``
    They decide *how* the parameters are found: the solver, the learning rate and
    its schedule, the batch size, the number of epochs or ``max_iter``, ``tol``,
    momentum, early stopping. Ideally they do not change the answer, only how
    fast and how precisely it is reached. In practice they often do change it:
    training stopped early is not at the optimum, and a neural network's loss has
    many minima, so the learning rate decides which one is found.

Two more answers are possible from :func:`hyperparameter_kind`:

``"other"``
    Neither kind: settings for randomness (``random_state``, a seed that makes
    results reproducible and is not a value to tune), computing resources
    (``n_jobs``, ``cache_size``, ``copy_X``) or messages (``verbose``).
``"not classified"``
    The estimator (or this one of its hyperparameters) is not in the table below;
    the function says so rather than guess.

The concept demos, which fit the models the apps of notebooks 01 and 02 show, are in
:mod:`hptlearn.state.concepts`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import (
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
    SGDClassifier,
    SGDRegressor,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.utils.validation import check_is_fitted

from hptlearn import _sklearn_compat as _sk
from hptlearn.recording import record_warnings

__all__ = [
    "KINDS",
    "MODEL",
    "NOT_CLASSIFIED",
    "OPTIMIZATION",
    "OTHER",
    "LearnedParameters",
    "describe_hyperparameter",
    "hyperparameter_kind",
    "hyperparameter_table",
    "hyperparameters",
    "hyperparameters_by_kind",
    "learned_parameters",
]

MODEL = "model"
OPTIMIZATION = "optimization"
OTHER = "other"
NOT_CLASSIFIED = "not classified"
#: Every answer :func:`hyperparameter_kind` can give, in teaching order.
KINDS = (MODEL, OPTIMIZATION, OTHER, NOT_CLASSIFIED)


# --------------------------------------------------------------------------------------
# The table of kinds: estimator class -> hyperparameter -> (kind, what it controls)
# --------------------------------------------------------------------------------------

_SEED = (
    OTHER,
    "Seed of the random choices made during fitting; fix it to get the same "
    "result every time. It is not a value to tune.",
)
_N_JOBS = (OTHER, "Number of CPU cores used; changes the speed, not the result.")
_VERBOSE = (OTHER, "How much progress is printed during fitting.")
_COPY = (OTHER, "Whether the data are copied before fitting; changes memory use only.")
_WARM_START = (
    OPTIMIZATION,
    "Start from the solution of the previous call to fit instead of from scratch.",
)
_TOL = (
    OPTIMIZATION,
    "Stopping tolerance: how close to the optimum the solver gets before it stops.",
)
_MAX_ITER = (OPTIMIZATION, "Maximum number of iterations of the solver.")
_FIT_INTERCEPT = (
    MODEL,
    "Whether the model has an intercept (bias) term, which shifts the "
    "line or decision boundary so that it need not pass through the origin.",
)
_POSITIVE = (MODEL, "Constrains the coefficients to be non-negative.")
_CLASS_WEIGHT = (
    MODEL,
    "Weights of the classes in the loss; changes the objective and so the solution.",
)

_LINEAR_REGRESSION = {
    "fit_intercept": _FIT_INTERCEPT,
    "positive": _POSITIVE,
    "tol": (OPTIMIZATION, "Precision of the solution for sparse data (iterative solver)."),
    "copy_X": _COPY,
    "n_jobs": _N_JOBS,
}

_RIDGE = {
    "alpha": (
        MODEL,
        "Strength of the L2 penalty: larger values shrink the coefficients "
        "towards zero (a different optimum of the objective).",
    ),
    "fit_intercept": _FIT_INTERCEPT,
    "positive": _POSITIVE,
    "solver": (
        OPTIMIZATION,
        "Numerical method that computes the coefficients; every solver aims at the same optimum.",
    ),
    "max_iter": _MAX_ITER,
    "tol": _TOL,
    "copy_X": _COPY,
    "random_state": (OTHER, "Seed used by the 'sag' and 'saga' solvers to shuffle the data."),
}

_LASSO = {
    "alpha": (
        MODEL,
        "Strength of the L1 penalty: larger values set more coefficients to exactly zero.",
    ),
    "fit_intercept": _FIT_INTERCEPT,
    "positive": _POSITIVE,
    "precompute": (OPTIMIZATION, "Whether to precompute the Gram matrix to speed up the solver."),
    "selection": (
        OPTIMIZATION,
        "Order in which the coordinate-descent solver updates the "
        "coefficients ('cyclic' or 'random').",
    ),
    "max_iter": _MAX_ITER,
    "tol": _TOL,
    "warm_start": _WARM_START,
    "copy_X": _COPY,
    "random_state": (OTHER, "Seed for selection='random'."),
}

_LOGISTIC_REGRESSION = {
    "C": (
        MODEL,
        "Inverse of the regularization strength: smaller C means a stronger penalty "
        "and smaller coefficients.",
    ),
    "l1_ratio": (
        MODEL,
        "Mix of the L1 and L2 penalties (0: L2, 1: L1); changes the objective, "
        "and L1 can set coefficients to exactly zero.",
    ),
    "penalty": (MODEL, "Type of penalty (deprecated since scikit-learn 1.8: use l1_ratio and C)."),
    "fit_intercept": _FIT_INTERCEPT,
    "intercept_scaling": (
        MODEL,
        "liblinear only: the intercept is learned as the weight of a "
        "constant feature of this value, and is penalized like the other "
        "weights; larger values penalize it less.",
    ),
    "class_weight": _CLASS_WEIGHT,
    "solver": (
        OPTIMIZATION,
        "Numerical method that finds the coefficients (lbfgs, "
        "newton-cg, liblinear, sag, saga...): the problem is convex, so they aim at "
        "the same optimum.",
    ),
    "dual": (
        OPTIMIZATION,
        "Solve the primal or the dual formulation of the same problem (liblinear only).",
    ),
    "max_iter": _MAX_ITER,
    "tol": _TOL,
    "warm_start": _WARM_START,
    "random_state": (OTHER, "Seed used by some solvers to shuffle the data."),
    "n_jobs": (OTHER, "No effect (deprecated since scikit-learn 1.8)."),
    "verbose": _VERBOSE,
}

_SGD = {
    "loss": (
        MODEL,
        "The loss function, which decides which model is fitted: 'hinge' gives a "
        "linear SVM, 'log_loss' a logistic regression, 'squared_error' least squares.",
    ),
    "penalty": (MODEL, "Type of regularization penalty (l2, l1, elasticnet or None)."),
    "alpha": (
        MODEL,
        "Regularization strength (with learning_rate='optimal' it also sets the learning rate).",
    ),
    "l1_ratio": (MODEL, "Mix of L1 and L2 in the elastic-net penalty."),
    "fit_intercept": _FIT_INTERCEPT,
    "epsilon": (
        MODEL,
        "Width of the insensitive zone of the 'huber' and "
        "'epsilon_insensitive' losses: part of the loss.",
    ),
    "class_weight": _CLASS_WEIGHT,
    "learning_rate": (
        OPTIMIZATION,
        "Learning-rate schedule ('constant', 'optimal', 'invscaling', 'adaptive').",
    ),
    "eta0": (OPTIMIZATION, "Initial learning rate: the step size of the updates."),
    "power_t": (OPTIMIZATION, "Exponent of the 'invscaling' learning-rate schedule."),
    "max_iter": (OPTIMIZATION, "Maximum number of epochs (passes over the training data)."),
    "tol": (
        OPTIMIZATION,
        "Stop when the loss improves by less than tol for n_iter_no_change epochs.",
    ),
    "n_iter_no_change": (OPTIMIZATION, "Number of epochs without improvement before stopping."),
    "early_stopping": (
        OPTIMIZATION,
        "Stop when the score on a held-out validation fraction "
        "of the training data stops improving.",
    ),
    "validation_fraction": (
        OPTIMIZATION,
        "Share of the training data held out for early stopping.",
    ),
    "shuffle": (OPTIMIZATION, "Whether the training data are shuffled after each epoch."),
    "average": (
        OPTIMIZATION,
        "Average the weights over the updates (averaged SGD), which "
        "smooths the noise of single updates.",
    ),
    "warm_start": _WARM_START,
    "random_state": (OTHER, "Seed for shuffling the data (and for the validation split)."),
    "n_jobs": _N_JOBS,
    "verbose": _VERBOSE,
}

_SVM = {
    "C": (
        MODEL,
        "Regularization: the penalty for points inside the margin or misclassified. "
        "Small C gives a wider, softer margin; large C fits the training data more "
        "closely.",
    ),
    "kernel": (
        MODEL,
        "The kernel, which decides the family of decision functions: "
        "'linear', 'poly', 'rbf', 'sigmoid'.",
    ),
    "degree": (MODEL, "Degree of the polynomial kernel (ignored by the other kernels)."),
    "gamma": (
        MODEL,
        "Kernel coefficient of 'rbf', 'poly' and 'sigmoid': how far the "
        "influence of one training point reaches. 'scale' computes it from the variance "
        "of the training data when fit is called.",
    ),
    "coef0": (MODEL, "Constant term of the 'poly' and 'sigmoid' kernels."),
    "class_weight": _CLASS_WEIGHT,
    "probability": (
        MODEL,
        "Also learn a probability calibration (Platt scaling, with an "
        "internal cross-validation); deprecated since scikit-learn 1.9.",
    ),
    "break_ties": (
        MODEL,
        "How predict breaks ties between classes (more than two classes, "
        "'ovr' shape); changes some predictions.",
    ),
    "shrinking": (OPTIMIZATION, "Shrinking heuristic of the solver: faster, same solution."),
    "tol": _TOL,
    "max_iter": (OPTIMIZATION, "Limit on the solver's iterations (-1: no limit)."),
    "decision_function_shape": (
        OTHER,
        "Shape of the output of decision_function ('ovr' or 'ovo'); training is the same.",
    ),
    "cache_size": (OTHER, "Memory for the kernel cache in MB; changes the speed only."),
    "random_state": (OTHER, "Seed used only for the probability calibration."),
    "verbose": _VERBOSE,
    "epsilon": (MODEL, "SVR: width of the tube within which errors are not penalized."),
}

_KMEANS = {
    "n_clusters": (MODEL, "Number of clusters: how many centroids the model has."),
    "init": (
        OPTIMIZATION,
        "How the centroids are placed before the first iteration ('k-means++' or 'random').",
    ),
    "n_init": (
        OPTIMIZATION,
        "Number of runs from different initial centroids; the run with the lowest inertia is kept.",
    ),
    "max_iter": _MAX_ITER,
    "tol": _TOL,
    "algorithm": (OPTIMIZATION, "'lloyd' or 'elkan': two ways to compute the same iterations."),
    "random_state": (
        OTHER,
        "Seed for the initial centroids. The objective has several local "
        "minima, so another seed can give other centroids.",
    ),
    "copy_x": _COPY,
    "verbose": _VERBOSE,
}

_MLP = {
    "hidden_layer_sizes": (
        MODEL,
        "The architecture: number of hidden layers and of neurons in each.",
    ),
    "activation": (
        MODEL,
        "Nonlinearity of the hidden neurons ('relu', 'tanh', 'logistic', 'identity').",
    ),
    "alpha": (MODEL, "Strength of the L2 penalty on the weights."),
    "loss": (MODEL, "Loss function of the regressor ('squared_error' or 'poisson')."),
    "solver": (OPTIMIZATION, "Algorithm that adjusts the weights: 'lbfgs', 'sgd' or 'adam'."),
    "learning_rate_init": (
        OPTIMIZATION,
        "Initial learning rate: the step size of the weight updates ('sgd' and 'adam').",
    ),
    "learning_rate": (
        OPTIMIZATION,
        "Learning-rate schedule of 'sgd' ('constant', 'invscaling', 'adaptive').",
    ),
    "power_t": (OPTIMIZATION, "Exponent of the 'invscaling' schedule."),
    "batch_size": (OPTIMIZATION, "Number of samples per weight update ('sgd' and 'adam')."),
    "max_iter": (
        OPTIMIZATION,
        "Maximum number of epochs for 'sgd' and 'adam' (passes over "
        "the data), of iterations for 'lbfgs'.",
    ),
    "tol": (
        OPTIMIZATION,
        "Stop when the loss (or validation score) improves by less than "
        "tol for n_iter_no_change epochs.",
    ),
    "n_iter_no_change": (OPTIMIZATION, "Number of epochs without improvement before stopping."),
    "max_fun": (OPTIMIZATION, "Maximum number of loss evaluations ('lbfgs')."),
    "shuffle": (OPTIMIZATION, "Whether the samples are shuffled at each epoch."),
    "momentum": (
        OPTIMIZATION,
        "Momentum of the 'sgd' updates: how much of the previous update is kept.",
    ),
    "nesterovs_momentum": (OPTIMIZATION, "Use Nesterov's variant of momentum."),
    "early_stopping": (
        OPTIMIZATION,
        "Stop when the score on a held-out validation fraction stops improving.",
    ),
    "validation_fraction": (
        OPTIMIZATION,
        "Share of the training data held out for early stopping.",
    ),
    "beta_1": (OPTIMIZATION, "Decay rate of adam's first-moment estimate."),
    "beta_2": (OPTIMIZATION, "Decay rate of adam's second-moment estimate."),
    "epsilon": (OPTIMIZATION, "Small constant that keeps adam's updates numerically stable."),
    "warm_start": _WARM_START,
    "random_state": (
        OTHER,
        "Seed for the initial weights, the shuffling and the validation "
        "split. A network's loss has many minima, so another seed can give "
        "another network.",
    ),
    "verbose": _VERBOSE,
}

_TREE = {
    "criterion": (MODEL, "Impurity measure that decides which split is best."),
    "splitter": (
        MODEL,
        "'best' or 'random': 'random' draws thresholds at random, which makes "
        "an extremely randomized tree (ExtraTreeClassifier), a different learner.",
    ),
    "max_depth": (MODEL, "Maximum depth: limits how complex the tree can become."),
    "min_samples_split": (MODEL, "Minimum number of samples a node needs to be split."),
    "min_samples_leaf": (MODEL, "Minimum number of samples in each leaf."),
    "min_weight_fraction_leaf": (MODEL, "Minimum share of the total sample weight in each leaf."),
    "max_features": (
        MODEL,
        "Number of features considered at each split: fewer makes a "
        "more random, more regularized tree.",
    ),
    "max_leaf_nodes": (MODEL, "Maximum number of leaves."),
    "min_impurity_decrease": (MODEL, "A split must decrease the impurity at least this much."),
    "ccp_alpha": (MODEL, "Strength of minimal cost-complexity pruning."),
    "class_weight": _CLASS_WEIGHT,
    "monotonic_cst": (
        MODEL,
        "Constraints that the prediction increase or decrease with given features.",
    ),
    "random_state": (
        OTHER,
        "Seed for the order in which features are tried at each split "
        "(it breaks ties between equally good splits).",
    ),
}

_KNN = {
    "n_neighbors": (
        MODEL,
        "k: how many of the stored training samples nearest to a new point decide its prediction.",
    ),
    "weights": (
        MODEL,
        "'uniform' (each neighbour counts the same) or 'distance' (closer neighbours count more).",
    ),
    "metric": (
        MODEL,
        "Distance used to find the nearest neighbours (e.g. 'euclidean', "
        "'manhattan', 'chebyshev', 'minkowski').",
    ),
    "p": (MODEL, "Power of the Minkowski distance: 1 is manhattan, 2 is euclidean."),
    "metric_params": (MODEL, "Extra arguments of the distance."),
    "algorithm": (
        OPTIMIZATION,
        "How the nearest neighbours are searched (brute force, k-d "
        "tree, ball tree): the same neighbours, found faster or slower.",
    ),
    "leaf_size": (OPTIMIZATION, "Leaf size of the search tree: speed and memory only."),
    "n_jobs": _N_JOBS,
}

_PIPELINE = {
    "steps": (
        MODEL,
        "The list of steps: which transformations and which final estimator make up the model.",
    ),
    "memory": (OTHER, "Where fitted transformers are cached; changes the speed only."),
    "transform_input": (OTHER, "Which metadata the steps transform (metadata routing)."),
    "verbose": _VERBOSE,
}

_TABLE: dict[type, dict[str, tuple[str, str]]] = {
    LinearRegression: _LINEAR_REGRESSION,
    Ridge: _RIDGE,
    Lasso: _LASSO,
    LogisticRegression: _LOGISTIC_REGRESSION,
    SGDClassifier: _SGD,
    SGDRegressor: _SGD,
    SVC: _SVM,
    SVR: _SVM,
    KMeans: _KMEANS,
    MLPClassifier: _MLP,
    MLPRegressor: _MLP,
    DecisionTreeClassifier: _TREE,
    DecisionTreeRegressor: _TREE,
    KNeighborsClassifier: _KNN,
    KNeighborsRegressor: _KNN,
    Pipeline: _PIPELINE,
}

# Names that mean the same for every scikit-learn estimator.
_UNIVERSAL = {"random_state": _SEED, "n_jobs": _N_JOBS, "verbose": _VERBOSE}


def _check_estimator(estimator, function: str):
    if isinstance(estimator, type) and issubclass(estimator, BaseEstimator):
        try:
            return estimator()
        except TypeError:
            raise TypeError(
                f"{function} needs an estimator instance, e.g. {estimator.__name__}(...)."
            ) from None
    if not hasattr(estimator, "get_params"):
        raise TypeError(
            f"{function} expects a scikit-learn estimator, got {type(estimator).__name__}."
        )
    return estimator


def _table_for(estimator) -> dict[str, tuple[str, str]] | None:
    for cls in type(estimator).__mro__:
        if cls in _TABLE:
            return _TABLE[cls]
    return None


def describe_hyperparameter(estimator, name: str) -> tuple[str, str]:
    """Return ``(kind, what it controls)`` for the hyperparameter ``name``.

    Same rules as :func:`hyperparameter_kind`, plus a one-sentence description.
    """
    estimator = _check_estimator(estimator, "describe_hyperparameter")
    params = estimator.get_params(deep=True)
    cls = type(estimator).__name__
    if name not in params:
        close = [p for p in params if p.lower() == str(name).lower()]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"{cls} has no hyperparameter {name!r}.{hint} "
            f"Its hyperparameters are: {', '.join(params)}."
        )
    if "__" in name:
        step, rest = name.split("__", 1)
        inner = params.get(step)
        if hasattr(inner, "get_params"):
            return describe_hyperparameter(inner, rest)
    table = _table_for(estimator)
    if table is None:
        if name in _UNIVERSAL:
            return _UNIVERSAL[name]
        return (NOT_CLASSIFIED, f"{cls} is not in hptlearn's table of hyperparameter kinds.")
    if name in table:
        return table[name]
    if isinstance(estimator, Pipeline) and name in dict(estimator.steps):
        return (MODEL, f"Which estimator the step {name!r} is.")
    if name in _UNIVERSAL:
        return _UNIVERSAL[name]
    return (NOT_CLASSIFIED, f"{name!r} of {cls} is not in hptlearn's table of kinds.")


def hyperparameter_kind(estimator, name: str) -> str:
    """Say whether ``name`` is a *model* or an *optimization* hyperparameter of ``estimator``.

    Returns one of :data:`KINDS`:

    - ``"model"``: it decides *what* model is fitted (architecture, k and distance,
      kernel, regularization strength ``C`` / ``alpha``, depth, number of clusters);
    - ``"optimization"``: it decides *how* the parameters are found (solver,
      learning rate and schedule, batch size, epochs / ``max_iter``, ``tol``,
      momentum, early stopping);
    - ``"other"``: neither, e.g. ``random_state`` (a seed for reproducibility),
      ``n_jobs``, ``verbose``, ``copy_X``;
    - ``"not classified"``: the estimator or the name is not in the table.

    The table covers LinearRegression, Ridge, Lasso, LogisticRegression,
    SGDClassifier/Regressor, SVC/SVR, KMeans, MLPClassifier/Regressor,
    DecisionTreeClassifier/Regressor, KNeighborsClassifier/Regressor and
    their subclasses. For a :class:`~sklearn.pipeline.Pipeline` (or any
    meta-estimator), a name ``"step__param"`` is answered by the step.

    Raises ``ValueError`` if ``estimator`` has no hyperparameter ``name``.

    >>> from sklearn.svm import SVC
    >>> hyperparameter_kind(SVC(), "C"), hyperparameter_kind(SVC(), "tol")
    ('model', 'optimization')
    """
    return describe_hyperparameter(estimator, name)[0]


def hyperparameters(estimator, *, deep: bool = True) -> dict:
    """What is set before training: ``{name: value}`` from ``estimator.get_params``.

    Works on fitted and unfitted estimators alike; fitting never changes these
    values. With ``deep=True`` the hyperparameters of a pipeline's steps are
    included as ``"step__name"``.
    """
    estimator = _check_estimator(estimator, "hyperparameters")
    return dict(estimator.get_params(deep=deep))


def hyperparameters_by_kind(estimator) -> dict[str, dict]:
    """Group :func:`hyperparameters` by :func:`hyperparameter_kind`.

    Returns ``{kind: {name: value}}`` with one key per entry of :data:`KINDS`.
    For a pipeline, the steps' own hyperparameters are included and the step
    objects themselves (``"steps"`` and each step name) are left out.
    """
    estimator = _check_estimator(estimator, "hyperparameters_by_kind")
    grouped: dict[str, dict] = {kind: {} for kind in KINDS}
    params = hyperparameters(estimator)
    for name, value in params.items():
        if name == "steps" or hasattr(value, "get_params"):
            continue
        grouped[hyperparameter_kind(estimator, name)][name] = value
    return grouped


def hyperparameter_table(estimators: Iterable) -> pd.DataFrame:
    """A table of the hyperparameters of ``estimators`` with their kinds.

    One row per (estimator, hyperparameter) with columns ``estimator``,
    ``hyperparameter``, ``value`` (as set, shown with ``repr``), ``kind`` and
    ``controls`` (what it does), in the order given and then alphabetically.
    """
    rows = []
    for estimator in estimators:
        estimator = _check_estimator(estimator, "hyperparameter_table")
        for name, value in estimator.get_params(deep=False).items():
            kind, text = describe_hyperparameter(estimator, name)
            rows.append(
                {
                    "estimator": type(estimator).__name__,
                    "hyperparameter": name,
                    "value": repr(value),
                    "kind": kind,
                    "controls": text,
                }
            )
    return pd.DataFrame(rows, columns=["estimator", "hyperparameter", "value", "kind", "controls"])


# --------------------------------------------------------------------------------------
# Learned parameters
# --------------------------------------------------------------------------------------

# Fitted attributes that report on the training run or the data; not model parameters.
_DIAGNOSTICS = {
    "n_iter_": "number of iterations (epochs) the solver ran",
    "loss_curve_": "training loss after each epoch",
    "loss_": "final training loss",
    "best_loss_": "lowest training loss reached",
    "validation_scores_": "validation score after each epoch (early stopping)",
    "best_validation_score_": "best validation score (early stopping)",
    "t_": "number of training samples seen by the solver",
    "n_features_in_": "number of features seen during fit",
    "feature_names_in_": "names of the features seen during fit",
    "classes_": "class labels seen during fit",
    "n_classes_": "number of classes",
    "n_outputs_": "number of outputs",
    "n_layers_": "number of layers",
    "out_activation_": "activation of the output layer (chosen from the task)",
    "outputs_2d_": "whether y had two dimensions",
    "labels_": "cluster of each training sample",
    "inertia_": "sum of squared distances of the training samples to their centroid",
    "rank_": "rank of the training matrix",
    "singular_": "singular values of the training matrix",
    "solver_": "solver actually used",
    "support_": "indices of the support vectors in the training data",
    "n_support_": "number of support vectors per class",
    "fit_status_": "0 if the solver finished correctly",
    "shape_fit_": "shape of the training data",
    "class_weight_": "weight of each class",
    "n_samples_fit_": "number of stored training samples",
    "effective_metric_": "distance actually used",
    "effective_metric_params_": "arguments of the distance actually used",
    "max_features_": "number of features tried at each split",
    "n_samples_seen_": "number of samples seen",
    "n_iter_no_change_": "epochs without improvement",
}

_MEANINGS = {
    "coef_": "weight of each feature (the slope of the line or hyperplane)",
    "intercept_": "intercept (bias): shifts the prediction or decision boundary away from the "
    "origin",
    "cluster_centers_": "coordinates of each cluster's centroid",
    "support_vectors_": "training points that define the decision function (support vectors)",
    "dual_coef_": "weight of each support vector in the decision function",
    "coefs_": "weight matrix of each layer (inputs x neurons)",
    "intercepts_": "bias vector of each layer (one per neuron)",
    "tree_": "the fitted tree: feature and threshold of each split, class counts of each leaf",
    "probA_": "slope of the probability calibration",
    "mean_": "mean of each feature in the training data",
    "var_": "variance of each feature in the training data",
    "scale_": "scale (standard deviation) used for each feature",
    "probB_": "offset of the probability calibration",
}


def _is_tree(value) -> bool:
    """Whether a learned value is a fitted tree structure (a decision tree's ``tree_``).

    Recognised by the public attributes scikit-learn documents for ``tree_`` (its class
    lives in a private module)."""
    return all(
        hasattr(value, name)
        for name in ("node_count", "feature", "threshold", "value", "children_left")
    )


def _arrays(value) -> list[np.ndarray]:
    """The numbers inside a learned value, as a list of arrays."""
    if _is_tree(value):
        return [
            value.feature,
            value.threshold,
            value.value,
            value.children_left,
            value.children_right,
        ]
    if isinstance(value, list | tuple):
        return [np.asarray(v) for v in value]
    return [np.asarray(value)]


def _shape(value):
    if _is_tree(value):
        return (value.node_count,)
    if isinstance(value, list | tuple):
        return [np.shape(v) for v in value]
    return np.shape(value)


def _size(value) -> int:
    if _is_tree(value):
        leaves = int(np.sum(value.children_left == -1))
        splits = value.node_count - leaves
        # each split stores a feature and a threshold; each leaf its class counts
        per_leaf = int(np.prod(value.value.shape[1:]))
        return 2 * splits + leaves * per_leaf
    return int(sum(np.size(v) for v in _arrays(value)))


class LearnedParameters(dict):
    """What ``fit`` learned: a ``dict`` from attribute name to learned value.

    Values are numpy arrays, lists of arrays (one per layer of a network) or the
    fitted tree structure of a decision tree (its ``tree_``). Besides the dict entries:

    ``estimator``
        the estimator's class name;
    ``diagnostics``
        fitted attributes that are *not* parameters (``n_iter_``, ``loss_curve_``,
        ``classes_``, ``n_features_in_``, ...): they describe the training run or
        the data, and predictions do not use them as learned numbers;
    ``stored_data``
        for lazy learners (k-nearest neighbours), the training data kept by ``fit``;
    ``note``
        a sentence about anything special (e.g. "learns no parameters").
    """

    def __init__(
        self,
        estimator: str,
        parameters: dict,
        diagnostics: dict | None = None,
        stored_data: dict | None = None,
        note: str = "",
    ):
        super().__init__(parameters)
        self.estimator = estimator
        self.diagnostics = dict(diagnostics or {})
        self.stored_data = dict(stored_data or {})
        self.note = note

    def shapes(self) -> dict:
        """``{name: shape}``; a list of shapes for per-layer values, ``(n_nodes,)`` for a
        tree."""
        return {name: _shape(value) for name, value in self.items()}

    @property
    def size(self) -> int:
        """Total number of learned numbers."""
        return sum(_size(value) for value in self.values())

    def equals(self, other: LearnedParameters) -> bool:
        """True if ``other`` has the same names and exactly the same values."""
        if set(self) != set(other):
            return False
        for name in self:
            mine, theirs = _arrays(self[name]), _arrays(other[name])
            if len(mine) != len(theirs):
                return False
            if not all(
                a.shape == b.shape and np.array_equal(a, b)
                for a, b in zip(mine, theirs, strict=True)
            ):
                return False
        return True

    def to_frame(self) -> pd.DataFrame:
        """One row per learned parameter: ``parameter``, ``shape``, ``size``, ``meaning``."""
        rows = []
        for name, value in self.items():
            base = name.rsplit("__", 1)[-1]
            rows.append(
                {
                    "parameter": name,
                    "shape": str(_shape(value)),
                    "size": _size(value),
                    "meaning": _MEANINGS.get(base, "learned by fit"),
                }
            )
        return pd.DataFrame(rows, columns=["parameter", "shape", "size", "meaning"])

    def __repr__(self) -> str:
        lines = [f"Learned parameters of {self.estimator} ({self.size} numbers):"]
        if not self:
            lines.append("  (none)")
        for name, value in self.items():
            lines.append(f"  {name}: shape {_shape(value)}")
        if self.stored_data:
            stored = ", ".join(f"{k} {np.shape(v)}" for k, v in self.stored_data.items())
            lines.append(f"Stored training data: {stored}")
        if self.diagnostics:
            lines.append(f"Diagnostics (not parameters): {', '.join(self.diagnostics)}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle):  # IPython's display uses this, not __repr__
        printer.text(repr(self))


def _check_fitted(estimator):
    try:
        check_is_fitted(estimator)
    except NotFittedError:
        name = type(estimator).__name__
        raise NotFittedError(
            f"This {name} is not fitted yet, so it has no learned parameters: call "
            f"fit(X, y) first. Its hyperparameters exist already (hyperparameters(estimator)); "
            f"its parameters are learned from the data by fit."
        ) from None


def learned_parameters(fitted_estimator) -> LearnedParameters:
    """What ``fit`` learned from the data, separated from diagnostics.

    Returns a :class:`LearnedParameters` (a ``dict`` name -> value, plus
    ``.shapes()``, ``.size``, ``.diagnostics``, ``.stored_data`` and ``.note``):

    - LinearRegression, Ridge, Lasso, LogisticRegression, SGD: ``coef_``, ``intercept_``;
    - KMeans: ``cluster_centers_``;
    - SVC / SVR: ``support_vectors_``, ``dual_coef_``, ``intercept_`` (and ``coef_``,
      the hyperplane's weights, with ``kernel="linear"``);
    - MLPClassifier / MLPRegressor: ``coefs_`` and ``intercepts_``, the weights and
      biases of every layer (lists with one array per layer);
    - DecisionTreeClassifier / Regressor: ``tree_``, the fitted tree;
    - KNeighborsClassifier / Regressor: nothing — ``fit`` only stores the training
      data (in ``.stored_data``); the work happens at prediction time;
    - a Pipeline: the learned parameters of each step, as ``"step__name"``;
    - any other estimator: its public fitted attributes (names ending in ``_``)
      that are not known diagnostics.

    Raises :class:`sklearn.exceptions.NotFittedError` (a ``ValueError``) with an
    explanation if the estimator has not been fitted.
    """
    estimator = _check_estimator(fitted_estimator, "learned_parameters")
    _check_fitted(estimator)
    name = type(estimator).__name__

    if isinstance(estimator, Pipeline):
        parameters, diagnostics, stored, notes = {}, {}, {}, []
        for step_name, step in estimator.steps:
            if step is None or step == "passthrough":
                continue
            inner = learned_parameters(step)
            parameters.update({f"{step_name}__{k}": v for k, v in inner.items()})
            diagnostics.update({f"{step_name}__{k}": v for k, v in inner.diagnostics.items()})
            stored.update({f"{step_name}__{k}": v for k, v in inner.stored_data.items()})
            if inner.note:
                notes.append(f"{step_name}: {inner.note}")
        return LearnedParameters(name, parameters, diagnostics, stored, " ".join(notes))

    fitted = {k: v for k, v in vars(estimator).items() if k.endswith("_") and not k.startswith("_")}
    diagnostics = {k: v for k, v in fitted.items() if k in _DIAGNOSTICS}
    parameters = {k: v for k, v in fitted.items() if k not in _DIAGNOSTICS}
    stored, note = {}, ""

    if isinstance(estimator, SVC | SVR):
        parameters = {k: fitted[k] for k in ("support_vectors_", "dual_coef_", "intercept_")}
        if estimator.kernel == "linear":
            parameters["coef_"] = estimator.coef_
        if getattr(estimator, "probability", False) is True:
            with record_warnings():  # their deprecation (FutureWarning) is not the lesson
                parameters["probA_"] = estimator.probA_
                parameters["probB_"] = estimator.probB_
        note = (
            f"{len(estimator.support_vectors_)} of the training points are support "
            f"vectors: the decision function is built from them alone."
        )
    elif isinstance(estimator, KNeighborsClassifier | KNeighborsRegressor):
        stored = _sk.neighbors_stored_data(estimator)
        note = (
            f"{name} learns no parameters: fit only stores the "
            f"{estimator.n_samples_fit_} training samples (and an index to search them). "
            f"A prediction looks up the nearest stored samples at prediction time."
        )
    elif isinstance(estimator, DecisionTreeClassifier | DecisionTreeRegressor):
        tree = estimator.tree_
        leaves = int(np.sum(tree.children_left == -1))
        note = (
            f"The tree has {tree.node_count} nodes: {tree.node_count - leaves} splits "
            f"(feature and threshold learned for each) and {leaves} leaves (prediction "
            f"learned for each)."
        )

    # Keep a stable, meaningful order: parameters as scikit-learn documents them.
    order = [
        "coef_",
        "intercept_",
        "coefs_",
        "intercepts_",
        "cluster_centers_",
        "support_vectors_",
        "dual_coef_",
        "tree_",
    ]
    ordered = {k: parameters[k] for k in order if k in parameters}
    ordered.update({k: v for k, v in sorted(parameters.items()) if k not in ordered})
    return LearnedParameters(name, ordered, dict(sorted(diagnostics.items())), stored, note)
