"""Figures of fitted models: what ``fit`` learned (decision boundaries, learned lines,
centroids, support vectors, network weights, tree splits) and training-loss curves.

Each ``plot_*`` function takes what it draws first (a fitted estimator, usually with its
training data) and ``ax=None`` last, and returns the ``Axes`` (or an array of them). The
numbers behind a figure are computed by small data functions (:func:`decision_grid`,
:func:`regression_line`, :func:`centroids_data`, :func:`layer_weights`,
:func:`tree_split_segments`, :func:`loss_curves_data`, :func:`learned_parameters_data`)
that can be checked without looking at pixels. Classes get both a colour and a marker
shape.

Each figure of the concept apps also has a text description, built from the same data as
the figure: :func:`describe_learned_parameters` (what a fitted model learned, and its score),
:func:`describe_training_loss` (the final losses of the optimization demo's runs) and
:func:`describe_model_demo` (the model-hyperparameters demo's accuracies and the previous
fit; its data step is :func:`model_demo_data`, drawn by :func:`plot_model_demo`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.colors import ListedColormap, to_rgba

from hptlearn.plots._common import new_axes, panel_axes
from hptlearn.style import (
    INK,
    LINE_STYLES,
    OKABE_ITO,
    PAPER,
    REFERENCE_COLOR,
    WEIGHT_CMAP,
    color,
    marker,
)

__all__ = [
    "Centroids",
    "DecisionGrid",
    "LayerWeights",
    "LearnedParametersData",
    "LossCurves",
    "ModelDemoData",
    "RegressionLine",
    "centroids_data",
    "decision_grid",
    "describe_learned_parameters",
    "describe_model_demo",
    "describe_training_loss",
    "model_demo_data",
    "plot_model_demo",
    "layer_weights",
    "learned_parameters_data",
    "loss_curves_data",
    "plot_centroids",
    "plot_decision_boundary",
    "learned_parameters_axes",
    "plot_learned_parameters",
    "plot_linear_boundary",
    "plot_loss_curves",
    "plot_network_weights",
    "plot_regression_line",
    "plot_support_vectors",
    "SplitSegment",
    "TrainingLossData",
    "plot_training_loss",
    "plot_tree_splits",
    "regression_line",
    "training_loss_data",
    "tree_split_segments",
]


def _new_ax(ax):
    return new_axes(ax, (5, 4))


# --------------------------------------------------------------------------------------
# Data steps
# --------------------------------------------------------------------------------------


class DecisionGrid(NamedTuple):
    """A classifier's answer on a regular grid covering 2-D data."""

    xx: np.ndarray  # shape (resolution, resolution)
    yy: np.ndarray
    values: np.ndarray  # predict (class labels) or decision_function, same shape


def decision_grid(
    estimator, X, *, resolution: int = 200, padding: float = 0.5, response: str = "predict"
) -> DecisionGrid:
    """Evaluate a fitted 2-D classifier (or clusterer) on a ``resolution`` x ``resolution`` grid.

    The grid spans the range of ``X`` widened by ``padding`` on every side.
    ``response`` is ``"predict"`` (labels) or ``"decision_function"``.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_grid needs data with 2 features, got shape {X.shape}.")
    if response not in ("predict", "decision_function"):
        raise ValueError("response must be 'predict' or 'decision_function'.")
    lo = X.min(axis=0) - padding
    hi = X.max(axis=0) + padding
    xx, yy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    points = np.column_stack([xx.ravel(), yy.ravel()])
    values = getattr(estimator, response)(points)
    return DecisionGrid(xx, yy, np.asarray(values).reshape(xx.shape))


class RegressionLine(NamedTuple):
    """A fitted regressor's prediction along one feature."""

    xs: np.ndarray
    ys: np.ndarray
    slope: float | None  # coef_ of that feature, for a linear model (else None)
    intercept: float | None  # intercept_ (the prediction at 0), for a linear model


def regression_line(estimator, X, *, feature: int = 0, n_points: int = 100) -> RegressionLine:
    """Points ``xs, ys`` of a fitted regressor's prediction along one feature, and for a
    linear model its learned slope and intercept.

    The other features (if any) are held at their mean in ``X``.
    """
    X = np.asarray(X, dtype=float)
    xs = np.linspace(X[:, feature].min(), X[:, feature].max(), n_points)
    grid = np.tile(X.mean(axis=0), (n_points, 1))
    grid[:, feature] = xs
    ys = np.asarray(estimator.predict(grid), dtype=float)
    slope = intercept = None
    if hasattr(estimator, "coef_") and np.ndim(estimator.coef_) == 1:
        slope = float(np.ravel(estimator.coef_)[feature])
        intercept = float(np.ravel(estimator.intercept_)[0])
    return RegressionLine(xs, ys, slope, intercept)


class Centroids(NamedTuple):
    """A fitted clusterer's answer on its data."""

    labels: np.ndarray  # the cluster of each point (predict)
    centers: np.ndarray  # cluster_centers_, shape (n_clusters, 2)


def centroids_data(estimator, X) -> Centroids:
    """The cluster of each point of ``X`` and the learned ``cluster_centers_``."""
    return Centroids(np.asarray(estimator.predict(X)), np.asarray(estimator.cluster_centers_))


class LossCurves(NamedTuple):
    """Training-loss curves of fitted networks."""

    labels: list
    curves: list  # per network: loss_curve_ as a float array (one value per epoch)


def loss_curves_data(estimators, labels=None) -> LossCurves:
    """The ``loss_curve_`` of each fitted MLP; ``labels`` default to each model's learning
    rate and batch size."""
    estimators = list(estimators)
    if labels is None:
        labels = [
            f"learning rate {e.learning_rate_init:g}, batch size {e.batch_size}" for e in estimators
        ]
    labels = list(labels)
    if len(labels) != len(estimators):
        raise ValueError(f"Got {len(labels)} labels for {len(estimators)} networks.")
    return LossCurves(labels, [np.asarray(e.loss_curve_, dtype=float) for e in estimators])


class TrainingLossData(NamedTuple):
    """The training-loss figure of the optimization demo: its curves and where to cut."""

    curves: LossCurves
    chance: float  # log 2: the loss of answering 1/2 for two balanced classes
    top: float  # the upper limit of the loss axis


def training_loss_data(runs) -> TrainingLossData:
    """The curves of :class:`hptlearn.state.concepts.TrainingRun` objects (their ``label``), and
    a loss axis from 0 to just above the highest loss (at least 1, at most 3).

    >>> training_loss_data([]).top
    1.0
    """
    runs = list(runs)
    curves = loss_curves_data([r.estimator for r in runs], [r.label for r in runs])
    top = 1.0
    if runs:
        highest = max(float(np.nanmax(c)) for c in curves.curves)
        top = min(max(highest * 1.05, 1.0), 3.0)
    return TrainingLossData(curves, float(np.log(2)), top)


class ModelDemoData(NamedTuple):
    """The figure of the model-hyperparameters demo: a fitted classifier's regions over its
    training points (filled) and validation points (hollow), with both accuracies.

    ``model`` names the model and its hyperparameters (``"kNN, k=5, euclidean"``);
    ``previous`` is ``(its hyperparameters in words, validation accuracy)`` of the fit of the
    same model just before this one, or None.
    """

    estimator: object
    grid: DecisionGrid
    X_train: np.ndarray
    y_train: np.ndarray
    X_validation: np.ndarray
    model: str
    train: float
    validation: float
    previous: tuple | None

    @property
    def title(self) -> str:
        return (
            f"{self.model}: train accuracy {self.train:.2f}, "
            f"validation accuracy {self.validation:.2f}"
        )


def model_demo_data(demo, *, resolution: int = 150) -> ModelDemoData:
    """The data of the figure of a :class:`hptlearn.state.concepts.ModelHyperparametersDemo`
    after a fit: its classifier's answer on a ``resolution`` x ``resolution`` grid over the
    training and validation points, both accuracies, and the previous fit of the same model.
    """
    X_train, X_val, y_train, _ = demo.split
    grid = decision_grid(demo.estimator, np.vstack([X_train, X_val]), resolution=resolution)
    same = [h for h in demo.history[:-1] if h["model"] == demo.history[-1]["model"]]
    previous = (demo.settings_text(same[-1]), same[-1]["validation"]) if same else None
    return ModelDemoData(
        demo.estimator,
        grid,
        np.asarray(X_train),
        np.asarray(y_train),
        np.asarray(X_val),
        demo.describe(demo.estimator),
        demo.scores["train"],
        demo.scores["validation"],
        previous,
    )


class LayerWeights(NamedTuple):
    """The learned numbers of one layer of a neural network."""

    name: str  # e.g. "input -> hidden 1"
    weights: np.ndarray  # shape (neurons in, neurons out), from coefs_
    biases: np.ndarray  # shape (neurons out,), from intercepts_


def layer_weights(estimator) -> list[LayerWeights]:
    """The weight matrix and bias vector of each layer of a fitted MLP."""
    coefs, intercepts = estimator.coefs_, estimator.intercepts_
    n = len(coefs)
    names = ["input"] + [f"hidden {i}" for i in range(1, n)] + ["output"]
    return [
        LayerWeights(f"{names[i]} -> {names[i + 1]}", np.asarray(w), np.asarray(b))
        for i, (w, b) in enumerate(zip(coefs, intercepts, strict=True))
    ]


class SplitSegment(NamedTuple):
    """The line segment of one split of a fitted tree on 2-D data."""

    node: int
    feature: int  # 0: vertical line (x1 = threshold), 1: horizontal line (x2 = threshold)
    threshold: float
    start: tuple[float, float]
    end: tuple[float, float]
    depth: int


def tree_split_segments(estimator, X, *, padding: float = 0.5) -> list[SplitSegment]:
    """The learned splits of a fitted 2-D decision tree as line segments, root first.

    Each internal node splits its rectangle of the plane (the data's range
    widened by ``padding``) at ``threshold`` along ``feature``.
    """
    X = np.asarray(X)
    tree = estimator.tree_
    lo = X.min(axis=0) - padding
    hi = X.max(axis=0) + padding
    segments = []
    stack = [(0, (lo[0], hi[0], lo[1], hi[1]), 0)]
    while stack:
        node, (x0, x1, y0, y1), depth = stack.pop()
        left, right = tree.children_left[node], tree.children_right[node]
        if left == -1:
            continue
        f, t = int(tree.feature[node]), float(tree.threshold[node])
        if f == 0:
            segments.append(SplitSegment(node, f, t, (t, y0), (t, y1), depth))
            stack.append((right, (t, x1, y0, y1), depth + 1))
            stack.append((left, (x0, t, y0, y1), depth + 1))
        else:
            segments.append(SplitSegment(node, f, t, (x0, t), (x1, t), depth))
            stack.append((right, (x0, x1, t, y1), depth + 1))
            stack.append((left, (x0, x1, y0, t), depth + 1))
    return sorted(segments, key=lambda s: s.node)


# --------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------


def _scatter_classes(ax, X, y, *, alpha=0.9, size=18, label_prefix="class "):
    X, y = np.asarray(X), np.asarray(y)
    for i, label in enumerate(np.unique(y)):
        mask = y == label
        ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=size,
            c=color(i),
            marker=marker(i),
            edgecolors=PAPER,
            linewidths=0.4,
            alpha=alpha,
            label=f"{label_prefix}{label}",
        )


def _label_axes(ax, feature_names=("x1", "x2")):
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])


def _draw_regions(ax, grid: DecisionGrid, classes):
    classes = np.asarray(classes)
    index = np.searchsorted(classes, grid.values)
    colours = [to_rgba(color(i), 0.22) for i in range(len(classes))]
    ax.contourf(
        grid.xx,
        grid.yy,
        index,
        levels=np.arange(len(classes) + 1) - 0.5,
        cmap=ListedColormap(colours),
    )


def plot_decision_boundary(
    estimator,
    X,
    y,
    *,
    grid: DecisionGrid | None = None,
    X_validation=None,
    feature_names=("x1", "x2"),
    title: str | None = None,
    ax=None,
):
    """Shade the regions a fitted 2-D classifier assigns to each class; draw the data on top.

    Pass a precomputed ``grid`` (from :func:`decision_grid`) to draw it again
    without evaluating the classifier, and ``X_validation`` to add held-out points as
    hollow markers (labelled "validation").
    """
    ax = _new_ax(ax)
    if grid is None:
        grid = decision_grid(estimator, X)
    classes = getattr(estimator, "classes_", np.unique(y))
    _draw_regions(ax, grid, classes)
    _scatter_classes(ax, X, y)
    if X_validation is not None:
        X_validation = np.asarray(X_validation)
        ax.scatter(
            X_validation[:, 0],
            X_validation[:, 1],
            s=22,
            facecolors="none",
            edgecolors=INK,
            linewidths=0.7,
            label="validation",
        )
    _label_axes(ax, feature_names)
    ax.legend(loc="lower right", fontsize="small", framealpha=0.8)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_tree_splits(estimator, X, y, *, feature_names=("x1", "x2"), ax=None):
    """A fitted 2-D decision tree: its regions, and each learned split as a line.

    Lines are thicker the closer their node is to the root; the root split is
    labelled with its learned threshold.
    """
    ax = plot_decision_boundary(estimator, X, y, feature_names=feature_names, ax=ax)
    segments = tree_split_segments(estimator, X)
    for seg in segments:
        ax.plot(
            [seg.start[0], seg.end[0]],
            [seg.start[1], seg.end[1]],
            color=INK,
            linewidth=max(0.6, 2.4 - 0.5 * seg.depth),
        )
    if segments:
        root = segments[0]
        ax.annotate(
            f"{feature_names[root.feature]} <= {root.threshold:.2f}",
            xy=root.start,
            xytext=(4, 4),
            textcoords="offset points",
            fontsize="small",
            backgroundcolor=PAPER,
        )
    return ax


def plot_linear_boundary(estimator, X, y, *, feature_names=("x1", "x2"), ax=None):
    """A fitted linear classifier on 2-D data: regions, the line where
    ``coef_ . x + intercept_ = 0``, and the origin.

    Without an intercept (``fit_intercept=False``) the line must pass through
    the origin; the intercept is what lets it move away from it.
    """
    ax = plot_decision_boundary(estimator, X, y, feature_names=feature_names, ax=ax)
    grid = decision_grid(estimator, X, response="decision_function")
    ax.contour(grid.xx, grid.yy, grid.values, levels=[0], colors=INK, linewidths=2)
    ax.plot(
        [0],
        [0],
        marker="+",
        markersize=12,
        markeredgewidth=2,
        color=INK,
        linestyle="none",
        label="origin (0, 0)",
    )
    ax.legend(loc="lower right", fontsize="small", framealpha=0.8)
    return ax


def plot_regression_line(
    estimator,
    X,
    y,
    *,
    feature: int = 0,
    feature_name: str | None = None,
    target_name: str = "y",
    ax=None,
):
    """Scatter one feature against the target and draw the fitted regressor's line.

    For a linear model, the slope (``coef_``) and the intercept (``intercept_``,
    the prediction where the feature is 0) are written in the legend, and the
    point at x = 0 is marked.
    """
    ax = _new_ax(ax)
    X = np.asarray(X, dtype=float)
    line = regression_line(estimator, X, feature=feature)
    ax.scatter(X[:, feature], y, s=12, c=OKABE_ITO[5], alpha=0.7, label="training data")
    label = "prediction"
    if line.slope is not None:
        label = f"slope {line.slope:.1f}, intercept {line.intercept:.1f}"
        ax.axvline(0, color=REFERENCE_COLOR, linewidth=0.8, zorder=0)
        ax.axhline(0, color=REFERENCE_COLOR, linewidth=0.8, zorder=0)
        ax.plot([0], [line.intercept], marker="o", color=OKABE_ITO[3], zorder=3)
    ax.plot(line.xs, line.ys, color=OKABE_ITO[3], linewidth=2, label=label)
    ax.set_xlabel(feature_name or f"feature {feature}")
    ax.set_ylabel(target_name)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_centroids(estimator, X, *, feature_names=("x1", "x2"), ax=None):
    """Colour each point by its cluster and mark the learned ``cluster_centers_``."""
    ax = _new_ax(ax)
    X = np.asarray(X)
    d = centroids_data(estimator, X)
    for k in range(len(d.centers)):
        mask = d.labels == k
        ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=14,
            c=color(k),
            marker=marker(k),
            alpha=0.6,
            edgecolors="none",
        )
    ax.scatter(
        d.centers[:, 0],
        d.centers[:, 1],
        s=220,
        marker="X",
        c=INK,
        edgecolors=PAPER,
        linewidths=1.5,
        label="cluster_centers_ (learned)",
    )
    _label_axes(ax, feature_names)
    ax.legend(loc="lower right", fontsize="small", framealpha=0.8)
    return ax


def plot_support_vectors(
    estimator, X, y, *, grid: DecisionGrid | None = None, feature_names=("x1", "x2"), ax=None
):
    """A binary SVC: its decision boundary (f = 0), margins (f = -1 and +1), support vectors."""
    ax = _new_ax(ax)
    if grid is None:
        grid = decision_grid(estimator, X, response="decision_function")
    _draw_regions(ax, DecisionGrid(grid.xx, grid.yy, np.where(grid.values > 0, 1, 0)), [0, 1])
    ax.contour(
        grid.xx,
        grid.yy,
        grid.values,
        levels=[-1, 0, 1],
        colors=INK,
        linestyles=["--", "-", "--"],
        linewidths=[1, 2, 1],
    )
    _scatter_classes(ax, X, y, alpha=0.8)
    sv = estimator.support_vectors_
    ax.scatter(
        sv[:, 0],
        sv[:, 1],
        s=70,
        facecolors="none",
        edgecolors=INK,
        linewidths=1,
        label=f"support vectors ({len(sv)})",
    )
    _label_axes(ax, feature_names)
    ax.legend(loc="lower right", fontsize="small", framealpha=0.8)
    return ax


def _panel_widths(layers):
    return [max(2, min(lw.weights.shape[1], 10)) for lw in layers]


def plot_network_weights(estimator, *, ax=None):
    """A heat map of each layer's weights of a fitted MLP, one panel per layer.

    ``ax`` is ``None`` (a new figure) or a sequence of Axes, one per layer.
    Panel ``i`` shows ``coefs_[i]`` (rows: the neurons the weights come from;
    columns: the neurons they go to) with ``intercepts_[i]``, the bias of each
    neuron, as the extra bottom row "b". One colour scale is shared by all
    layers. Returns the array of Axes.
    """
    layers = layer_weights(estimator)
    widths = _panel_widths(layers)
    axes = panel_axes(
        ax,
        len(layers),
        "layer",
        figsize=(2 + 0.5 * sum(widths), 3.5),
        width_ratios=widths,
        layout="constrained",
    )
    limit = max(float(np.abs(np.vstack([lw.weights, lw.biases])).max()) for lw in layers)
    image = None
    for i, (a, lw) in enumerate(zip(axes, layers, strict=True)):
        matrix = np.vstack([lw.weights, lw.biases])
        image = a.imshow(
            matrix,
            cmap=WEIGHT_CMAP,
            vmin=-limit,
            vmax=limit,
            aspect="auto",
            interpolation="nearest",
        )
        n_in, n_out = lw.weights.shape
        a.set_title(f"coefs_[{i}]\n{n_in} \u2192 {n_out}", fontsize="small")
        a.set_xlabel("to", fontsize="small")
        if i == 0:
            a.set_ylabel("from", fontsize="small")
        a.set_yticks([n_in], ["b"])
        a.set_xticks([])
        a.tick_params(labelsize="small", length=0)
        a.axhline(n_in - 0.5, color=INK, linewidth=1)
    axes[-1].figure.colorbar(image, ax=list(axes), label="learned value", shrink=0.8)
    return axes


def plot_loss_curves(estimators, *, labels=None, ax=None):
    """Overlay the training-loss curves (``loss_curve_``) of fitted MLPs, one line each.

    ``labels`` defaults to each model's learning rate and batch size.
    Curves that diverged to infinity end where the loss stopped being finite.
    ``estimators`` may also be a :class:`LossCurves` (from :func:`loss_curves_data`).
    """
    d = estimators if isinstance(estimators, LossCurves) else loss_curves_data(estimators, labels)
    ax = _new_ax(ax)
    for i, (curve, label) in enumerate(zip(d.curves, d.labels, strict=True)):
        epochs = np.arange(1, len(curve) + 1)
        ax.plot(
            epochs,
            curve,
            color=color(i),
            linewidth=2,
            linestyle=LINE_STYLES[i % len(LINE_STYLES)],
            label=label,
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (log loss)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="small")
    return ax


def plot_training_loss(data: TrainingLossData, *, ax=None):
    """The loss curves of :func:`training_loss_data` over the chance level, or an empty
    frame with the chance level before the first run."""
    ax = _new_ax(ax)
    ax.axhline(
        data.chance, color=REFERENCE_COLOR, linestyle=":", linewidth=1, label="chance level (log 2)"
    )
    if data.curves.curves:
        plot_loss_curves(data.curves, ax=ax)
    else:
        ax.set_xlabel("epoch")
        ax.set_ylabel("training loss (log loss)")
        ax.legend(fontsize="small")
    ax.set_ylim(0, data.top)
    ax.set_title("Training loss of the same network, trained with different settings")
    return ax


def plot_model_demo(data: ModelDemoData, *, ax=None):
    """The regions of :func:`model_demo_data`'s classifier, its training points (filled) and
    validation points (hollow), titled with both accuracies. Returns the ``Axes``."""
    ax = plot_decision_boundary(
        data.estimator,
        data.X_train,
        data.y_train,
        grid=data.grid,
        X_validation=data.X_validation,
        ax=ax,
    )
    ax.set_title(data.title, fontsize="medium")
    return ax


class LearnedParametersData(NamedTuple):
    """How :func:`plot_learned_parameters` shows a fitted estimator."""

    family: str  # "mlp", "kmeans", "svc", "line", "linear", "tree", "knn" or "boundary"
    title: str  # the title of the first panel
    n_panels: int  # 1, or for an MLP 1 + its number of layers
    width_ratios: list  # relative widths of the panels


def learned_parameters_data(estimator, X) -> LearnedParametersData:
    """Which figure suits a fitted estimator's family, its title and its panels.

    Linear regression on one feature: the line; KMeans: the centroids; a binary SVC:
    support vectors and margins; MLP: the decision boundary and a weight heat map per
    layer; other 2-D classifiers: the decision boundary, with the line of a binary
    logistic regression and the splits of a tree.
    """
    from sklearn.cluster import KMeans
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    name = type(estimator).__name__
    if isinstance(estimator, MLPClassifier):
        widths = _panel_widths(layer_weights(estimator))
        # the boundary takes 1 / 2.25 of the width, the heat maps the rest
        title = f"{name}: decision boundary"
        return LearnedParametersData("mlp", title, 1 + len(widths), [sum(widths) / 1.25, *widths])
    if isinstance(estimator, KMeans):
        family, title = "kmeans", f"{name}: {len(estimator.cluster_centers_)} learned centroids"
    elif isinstance(estimator, SVC) and len(estimator.classes_) == 2:
        family = "svc"
        title = f"{name}: boundary (solid), margins (dashed), support vectors (circled)"
    elif np.asarray(X).shape[1] == 1:
        family, title = "line", f"{name}: the learned line"
    elif isinstance(estimator, LogisticRegression) and len(estimator.classes_) == 2:
        w, b = np.ravel(estimator.coef_), float(np.ravel(estimator.intercept_)[0])
        family = "linear"
        title = f"{name}: coef_ = [{w[0]:.2f}, {w[1]:.2f}], intercept_ = {b:.2f}"
    elif isinstance(estimator, DecisionTreeClassifier):
        tree = estimator.tree_
        family = "tree"
        title = f"{name}: {tree.node_count - tree.n_leaves} learned splits, {tree.n_leaves} leaves"
    elif isinstance(estimator, KNeighborsClassifier):
        family = "knn"
        title = (
            f"{name}: no learned parameters; the boundary is computed from the "
            f"{estimator.n_samples_fit_} stored points"
        )
    else:
        family, title = "boundary", f"{name}: decision boundary"
    return LearnedParametersData(family, title, 1, [1])


def learned_parameters_axes(estimator, X, figure=None):
    """The panels :func:`plot_learned_parameters` needs, made on ``figure``.

    ``figure`` is a :class:`matplotlib.figure.Figure` (made without pyplot, for drawing
    in a thread) or None for a new pyplot figure. Returns a 1-D array of Axes to pass as
    ``ax``.
    """
    d = learned_parameters_data(estimator, X)
    if figure is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=(8, 4), layout="constrained")
    axes = figure.subplots(1, d.n_panels, width_ratios=d.width_ratios, squeeze=False)
    return axes[0]


def plot_learned_parameters(estimator, X, y, *, feature_names=("x1", "x2"), ax=None):
    """Draw what a fitted estimator learned, in the way that suits its family.

    See :func:`learned_parameters_data` for the figure each family gets. ``ax`` is None
    (a new figure) or a sequence of Axes, one per panel: one, or for an MLP one plus one
    per layer (:func:`learned_parameters_axes` makes them on a given figure). Returns
    the array of Axes.
    """
    d = learned_parameters_data(estimator, X)
    if ax is None:
        ax = learned_parameters_axes(estimator, X)
    axes = panel_axes(ax, d.n_panels, "panel of this estimator's figure")
    first = axes[0]
    kw = dict(feature_names=feature_names, ax=first)
    if d.family == "mlp":
        plot_decision_boundary(estimator, X, y, **kw)
        plot_network_weights(estimator, ax=axes[1:])
        axes[1].annotate(
            "learned weights and biases, per layer",
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 30),
            textcoords="offset points",
            fontsize="medium",
        )
    elif d.family == "kmeans":
        plot_centroids(estimator, X, **kw)
    elif d.family == "svc":
        plot_support_vectors(estimator, X, y, **kw)
    elif d.family == "line":
        plot_regression_line(
            estimator, X, y, feature_name=feature_names[0], target_name=feature_names[1], ax=first
        )
    elif d.family == "linear":
        plot_linear_boundary(estimator, X, y, **kw)
    elif d.family == "tree":
        plot_tree_splits(estimator, X, y, **kw)
    else:
        plot_decision_boundary(estimator, X, y, **kw)
    first.set_title(d.title, fontsize="medium")
    return axes


# --------------------------------------------------------------------------------------
# The figures in words (their text descriptions)
# --------------------------------------------------------------------------------------


def describe_learned_parameters(estimator, X, y, *, feature_names=("x1", "x2")) -> str:
    """The figure of :func:`plot_learned_parameters` in words: what it shows of the fitted
    ``estimator`` (the family of :func:`learned_parameters_data`), with the learned numbers
    it draws and the score on the data it was fitted on.

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    >>> describe_learned_parameters(LinearRegression().fit(X, y), X, y)
    'LinearRegression: the learned line through the 3 points, slope 2.0, intercept 1.0; R² 1.00.'
    """
    d = learned_parameters_data(estimator, X)
    X = np.asarray(X)
    name, n = type(estimator).__name__, len(X)
    if d.family == "line":
        line = regression_line(estimator, X)
        fitted = (
            f", slope {line.slope:.1f}, intercept {line.intercept:.1f}"
            if line.slope is not None
            else ""
        )
        return (
            f"{name}: the learned line through the {n} points{fitted}; "
            f"R² {estimator.score(X, y):.2f}."
        )
    if d.family == "kmeans":
        centers = centroids_data(estimator, X).centers
        at = "; ".join(f"({c[0]:.2f}, {c[1]:.2f})" for c in centers)
        return (
            f"{name}: {n} points coloured by cluster, and the {len(centers)} learned "
            f"centroids at {at}; inertia {estimator.inertia_:.1f}."
        )
    accuracy = f"training accuracy {estimator.score(X, y):.2f} on {n} samples"
    if d.family == "svc":
        shown = (
            f"decision boundary (solid), margins (dashed) and "
            f"{len(estimator.support_vectors_)} support vectors (circled)"
        )
    elif d.family == "linear":
        w, b = np.ravel(estimator.coef_), float(np.ravel(estimator.intercept_)[0])
        shown = (
            f"straight decision boundary, learned as coef_ = [{w[0]:.2f}, {w[1]:.2f}] and "
            f"intercept_ = {b:.2f}"
        )
    elif d.family == "tree":
        tree, root = estimator.tree_, tree_split_segments(estimator, X)
        first = (
            f", the first at {feature_names[root[0].feature]} <= {root[0].threshold:.2f}"
            if root
            else ""
        )
        shown = (
            f"regions and {tree.node_count - tree.n_leaves} learned splits "
            f"({tree.n_leaves} leaves, depth {tree.max_depth}){first}"
        )
    elif d.family == "knn":
        shown = (
            f"decision boundary, computed from the {estimator.n_samples_fit_} stored points "
            "(no learned parameters)"
        )
    elif d.family == "mlp":
        layers = layer_weights(estimator)
        numbers = sum(lw.weights.size + lw.biases.size for lw in layers)
        shown = (
            f"decision boundary, and a heat map of the learned weights and biases of each of "
            f"its {len(layers)} layers ({numbers} numbers)"
        )
    else:
        shown = "decision boundary"
    return f"{name}: {shown}; {accuracy}."


def describe_training_loss(data: TrainingLossData, *, listed: int = 4) -> str:
    """The figure of :func:`plot_training_loss` in words: each run's final loss and epochs
    (the lowest and the highest when there are more than ``listed`` runs), over the chance
    level.

    >>> print(describe_training_loss(training_loss_data([])))  # doctest: +NORMALIZE_WHITESPACE
    No training runs yet: the training loss of each run, epoch by epoch, will appear here
    over the chance level (log 2 = 0.693).
    """
    chance = f"the chance level (log 2 = {data.chance:.3f})"
    curves, labels = data.curves.curves, data.curves.labels
    if not curves:
        return (
            "No training runs yet: the training loss of each run, epoch by epoch, will appear "
            f"here over {chance}."
        )

    def ending(i):
        curve = curves[i]
        last = float(curve[-1])
        loss = f"{last:.3f}" if np.isfinite(last) else "infinite (it diverged)"
        return f"{labels[i]}, final loss {loss} after {len(curve)} epochs"

    n = len(curves)
    head = f"Training loss by epoch of {n} run{'' if n == 1 else 's'}, over {chance}: "
    if n <= listed:
        return head + "; ".join(ending(i) for i in range(n)) + "."
    finals = np.array([float(c[-1]) for c in curves])
    finals[~np.isfinite(finals)] = np.inf
    low, high = int(np.argmin(finals)), int(np.argmax(finals))
    return head + f"the lowest with {ending(low)}; the highest with {ending(high)}."


def describe_model_demo(data: ModelDemoData) -> str:
    """The figure of :func:`plot_model_demo` in words: the model and its hyperparameters,
    the training and validation points, both accuracies, and the validation accuracy of the
    previous fit of the same model (the effect of the hyperparameter just changed)."""
    text = (
        f"Decision boundary of {data.model} over the {len(data.X_train)} training points "
        f"(filled) and {len(data.X_validation)} validation points (hollow): train accuracy "
        f"{data.train:.2f}, validation accuracy {data.validation:.2f}."
    )
    if data.previous is not None:
        settings, validation = data.previous
        text += f" The previous fit ({settings}) had validation accuracy {validation:.2f}."
    return text
