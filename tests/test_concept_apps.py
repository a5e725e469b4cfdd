"""Drive the concept apps the way a person would: set controls, click buttons, look at
what the app shows."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from hptlearn.concepts import learned_parameters
from hptlearn.widgets.concepts import (
    MODEL_FAMILIES,
    ModelHyperparametersApp,
    OptimizationDemoApp,
    ParametersExplorerApp,
    TrainingRun,
)

PNG = b"\x89PNG"


# --------------------------------------------------------------------------------------
# ParametersExplorerApp
# --------------------------------------------------------------------------------------


def test_explorer_starts_fitted_and_shows_everything():
    app = ParametersExplorerApp()
    assert repr(app) == "ParametersExplorerApp(model='linear_regression')"
    assert isinstance(app.estimator, Ridge)
    assert set(app.learned) == {"coef_", "intercept_"}
    assert bytes(app.figure.value).startswith(PNG)
    assert "hptlearn-explorer" in app._dom_classes
    assert "hptlearn-figure" in app.figure._dom_classes
    assert "Ridge(alpha=0.1)" in app.hyperparameters_html.value
    assert "coef_" in app.learned_html.value and "intercept_" in app.learned_html.value
    assert "Fitted Ridge on 442 samples" in app.message.value


@pytest.mark.parametrize("model", list(MODEL_FAMILIES))
def test_selecting_each_model_fits_it_and_redraws(model):
    app = ParametersExplorerApp("knn" if model != "knn" else "svc")
    before = bytes(app.figure.value)
    app.model_dropdown.value = model
    assert app.model == model
    assert repr(app) == f"ParametersExplorerApp(model={model!r})"
    assert bytes(app.figure.value) != before and bytes(app.figure.value).startswith(PNG)
    assert app.learned.estimator == type(app.estimator).__name__
    assert set(app.controls) == set(MODEL_FAMILIES[model].controls)
    for name in app.controls:
        assert f"<code>{name}</code>" in app.hyperparameters_html.value
    assert "error" not in app.message.value


def test_changing_a_hyperparameter_needs_fit_then_changes_the_parameters():
    app = ParametersExplorerApp("svc")
    app.controls["kernel"].value = "linear"
    app.controls["C"].value = 0.01
    app.fit_button.click()
    first, first_png = app.learned, bytes(app.figure.value)
    assert app.estimator.C == pytest.approx(0.01)
    assert "coef_" in first

    app.controls["C"].value = 100.0
    assert app.stale
    assert "press Fit" in app.message.value
    assert app.learned is first  # nothing is learned before Fit

    app.fit_button.click()
    assert not app.stale
    assert app.estimator.C == pytest.approx(100.0)
    assert not app.learned.equals(first)
    assert bytes(app.figure.value) != first_png
    # a harder margin has fewer support vectors
    assert len(app.learned["support_vectors_"]) < len(first["support_vectors_"])


def test_refit_with_same_hyperparameters_and_seed_gives_identical_parameters():
    app = ParametersExplorerApp("mlp")
    app.fit(hidden_layer_sizes="4, 3", random_state=7)
    first = app.learned
    app.fit_button.click()
    assert app.learned is not first
    assert app.learned.equals(first)
    app.fit(random_state=8)
    assert not app.learned.equals(first)


def test_kmeans_n_clusters_changes_the_number_of_centroids():
    app = ParametersExplorerApp("kmeans")
    assert isinstance(app.estimator, KMeans)
    app.controls["n_clusters"].value = 5
    app.fit_button.click()
    assert app.learned.shapes()["cluster_centers_"] == (5, 2)
    assert "(5, 2)" in app.learned_html.value


def test_fit_intercept_off_puts_the_line_through_the_origin():
    app = ParametersExplorerApp("linear_regression")
    assert float(app.learned["intercept_"]) > 100
    app.controls["fit_intercept"].value = False
    app.fit_button.click()
    assert float(app.learned["intercept_"]) == 0.0


def test_mlp_shows_weights_of_every_layer():
    app = ParametersExplorerApp("mlp")
    app.controls["hidden_layer_sizes"].value = "6, 4"
    app.fit_button.click()
    assert app.learned.shapes()["coefs_"] == [(2, 6), (6, 4), (4, 1)]
    assert "[(2, 6), (6, 4), (4, 1)]" in app.learned_html.value
    assert "solver" in app.hyperparameters_html.value


def test_knn_explorer_says_it_learns_nothing():
    app = ParametersExplorerApp("knn")
    assert isinstance(app.estimator, KNeighborsClassifier)
    assert app.learned.size == 0
    assert "learns no parameters" in app.learned_html.value


def test_conditional_controls_are_disabled():
    app = ParametersExplorerApp("svc")
    assert not app.controls["gamma"].disabled and app.controls["degree"].disabled
    app.controls["kernel"].value = "poly"
    assert app.controls["gamma"].disabled and not app.controls["degree"].disabled
    app.fit_button.click()
    assert app.estimator.degree == app.controls["degree"].value


def test_bad_input_is_reported_in_the_message_area():
    app = ParametersExplorerApp("mlp")
    fitted = app.estimator
    app.controls["hidden_layer_sizes"].value = "ten"
    app.fit_button.click()
    assert "hptlearn-error" in app.message.value
    assert "not a number of neurons" in app.message.value
    assert app.estimator is fitted  # the last good fit stays


def test_fit_rejects_unknown_controls():
    app = ParametersExplorerApp("knn")
    with pytest.raises(ValueError, match="not a control"):
        app.fit(C=1.0)


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="Unknown model"):
        ParametersExplorerApp("forest")


def test_optimization_demo_overlays_one_curve_per_run():
    app = OptimizationDemoApp()
    assert repr(app) == "OptimizationDemoApp(runs=0)"
    assert "hptlearn-optimization-demo" in app._dom_classes
    empty = bytes(app.figure.value)
    app.learning_rate.value = 0.3
    app.epochs.value = 50
    app.train_button.click()
    assert len(app.runs) == 1
    run = app.runs[0]
    assert isinstance(run, TrainingRun)
    assert (run.learning_rate, run.batch_size, run.epochs) == (pytest.approx(0.3), 32, 50)
    assert isinstance(run.estimator, MLPClassifier)
    assert len(run.estimator.loss_curve_) == 50  # every epoch runs: no early stop
    assert bytes(app.figure.value) != empty
    assert "<td>0.3</td><td>32</td><td>50</td><td>500</td>" in app.runs_html.value

    one = bytes(app.figure.value)
    app.learning_rate.value = 0.001
    app.train_button.click()
    assert len(app.runs) == 2 and bytes(app.figure.value) != one
    assert repr(app) == "OptimizationDemoApp(runs=2)"

    app.clear_button.click()
    assert app.runs == [] and app.runs_html.value == ""


def test_same_settings_give_the_same_curve():
    app = OptimizationDemoApp()
    a = app.train(learning_rate=0.1, epochs=20)
    b = app.train()
    np.testing.assert_array_equal(a.estimator.loss_curve_, b.estimator.loss_curve_)
    c = app.train(batch_size=8)
    assert c.estimator.loss_curve_ != a.estimator.loss_curve_


def test_optimization_demo_reports_errors():
    app = OptimizationDemoApp()
    app.epochs.value = 10
    app.learning_rate.value = 10.0
    app.batch_size.value = 8

    def broken(**_):
        raise RuntimeError("boom")

    app.train = broken  # the button calls app.train
    app.train_button.click()
    assert "hptlearn-error" in app.message.value and "boom" in app.message.value
    with pytest.raises(ValueError, match="Unknown control"):
        OptimizationDemoApp.train(app, momentum=0.5)


# --------------------------------------------------------------------------------------
# ModelHyperparametersApp
# --------------------------------------------------------------------------------------


def test_knn_k_changes_the_boundary_and_the_scores():
    app = ModelHyperparametersApp("knn")
    assert repr(app) == "ModelHyperparametersApp(model='knn')"
    assert "hptlearn-model-demo" in app._dom_classes
    start = bytes(app.figure.value)
    app.controls["n_neighbors"].value = 1
    assert app.estimator.n_neighbors == 1
    assert app.scores["train"] == 1.0  # one neighbour: the training point itself
    assert bytes(app.figure.value) != start
    one = bytes(app.figure.value)
    app.controls["n_neighbors"].value = 100
    assert app.scores["train"] < 0.9
    assert bytes(app.figure.value) != one
    assert "train accuracy" in app.scores_html.value
    assert "k=100" in app.scores_html.value
    assert len(app.history) == 3


def test_knn_metric_control():
    app = ModelHyperparametersApp("knn")
    app.controls["n_neighbors"].value = 3
    for metric in ["manhattan", "chebyshev"]:
        app.controls["metric"].value = metric
        assert app.estimator.metric == metric
    assert app.scores == {"train": 0.94, "validation": 0.96}


def test_mlp_layers_and_neurons():
    app = ModelHyperparametersApp("knn")
    app.model_buttons.value = "mlp"
    assert repr(app) == "ModelHyperparametersApp(model='mlp')"
    assert set(app.controls) == {"layers", "neurons"}
    assert app.estimator.hidden_layer_sizes == (5,)
    app.controls["layers"].value = 2
    app.controls["neurons"].value = 8
    assert app.estimator.hidden_layer_sizes == (8, 8)
    assert [c.shape for c in app.estimator.coefs_] == [(2, 8), (8, 8), (8, 1)]
    assert 0.5 < app.scores["validation"] <= 1.0


def test_fit_sets_several_controls_with_one_fit():
    app = ModelHyperparametersApp("mlp")
    n = len(app.history)
    app.fit(layers=2, neurons=3)
    assert len(app.history) == n + 1
    assert app.history[-1]["layers"] == 2 and app.history[-1]["neurons"] == 3


def test_same_settings_same_model():
    app = ModelHyperparametersApp("mlp")
    first = learned_parameters(app.estimator)
    app.fit()
    assert learned_parameters(app.estimator).equals(first)


def test_model_demo_errors_go_to_the_message_area():
    app = ModelHyperparametersApp("knn")

    def broken():
        raise ValueError("no estimator")

    app.make_estimator = broken
    app.controls["n_neighbors"].value = 2
    assert "hptlearn-error" in app.message.value and "no estimator" in app.message.value
    with pytest.raises(ValueError, match="model must be"):
        ModelHyperparametersApp("svc")


def test_estimators_are_the_plain_python_equivalent():
    app = ParametersExplorerApp("svc")
    app.fit(kernel="rbf", C=2.0, gamma=0.5)
    assert repr(app.make_estimator()) == repr(SVC(C=2.0, gamma=0.5))


# --------------------------------------------------------------------------------------
# The figures' text descriptions (the tooltip, read by screen readers, and the line under)
# --------------------------------------------------------------------------------------


def described(app) -> str:
    """The figure's description, checked to be both its tooltip and the line under it,
    which sits right under the figure."""
    import html
    import re

    views = list(app.children)
    assert views[views.index(app.figure) + 1] is app.figure_description
    assert html.unescape(re.sub(r"<[^>]+>", "", app.figure_description.value)) == (
        app.figure.tooltip
    )
    return app.figure.tooltip


def refitted(app):
    """A fresh copy of the explorer's model, fitted on its data."""
    from sklearn.base import clone

    return clone(app.estimator).fit(app.X, app.y)


def test_explorer_describes_the_learned_line_and_its_score():
    app = ParametersExplorerApp("linear_regression")
    model = refitted(app)
    slope, intercept = float(np.ravel(model.coef_)[0]), float(model.intercept_)
    assert described(app) == (
        f"Ridge: the learned line through the {len(app.X)} points, slope {slope:.1f}, "
        f"intercept {intercept:.1f}; R² {model.score(app.X, app.y):.2f}."
    )


def test_explorer_describes_what_each_family_learned():
    app = ParametersExplorerApp("logistic_regression")
    model = refitted(app)
    (w0, w1), b = np.ravel(model.coef_), float(model.intercept_[0])
    accuracy = f"training accuracy {model.score(app.X, app.y):.2f} on {len(app.X)} samples."
    assert described(app) == (
        "LogisticRegression: straight decision boundary, learned as "
        f"coef_ = [{w0:.2f}, {w1:.2f}] and intercept_ = {b:.2f}; {accuracy}"
    )

    app.model_dropdown.value = "svc"
    app.fit(kernel="linear", C=0.01)
    soft = described(app)
    model = refitted(app)
    assert f"and {len(model.support_vectors_)} support vectors (circled); " in soft
    assert soft.endswith(f"training accuracy {model.score(app.X, app.y):.2f} on 300 samples.")
    app.fit(C=100.0)
    assert described(app) != soft
    assert f"and {len(refitted(app).support_vectors_)} support vectors" in described(app)

    app.model_dropdown.value = "kmeans"
    app.fit(n_clusters=4)
    model = refitted(app)
    centers = "; ".join(f"({x:.2f}, {y:.2f})" for x, y in model.cluster_centers_)
    assert described(app) == (
        f"KMeans: {len(app.X)} points coloured by cluster, and the 4 learned centroids at "
        f"{centers}; inertia {model.inertia_:.1f}."
    )

    app.model_dropdown.value = "decision_tree"
    app.fit(max_depth=2)
    tree = refitted(app).tree_
    splits = int((tree.children_left != -1).sum())
    assert f"regions and {splits} learned splits ({tree.n_leaves} leaves, depth 2)" in (
        described(app)
    )


def test_optimization_demo_describes_each_run_and_the_chance_level():
    app = OptimizationDemoApp()
    empty = described(app)
    assert empty.startswith("No training runs yet") and "log 2 = 0.693" in empty
    runs = [app.train(learning_rate=lr, epochs=10) for lr in (0.3, 0.001)]
    text = described(app)
    assert text.startswith("Training loss by epoch of 2 runs, over the chance level (log 2 = ")
    for run in runs:
        curve = run.estimator.loss_curve_
        assert (
            f"learning rate {run.learning_rate:g}, batch size {run.batch_size}, final loss "
            f"{curve[-1]:.3f} after {len(curve)} epochs"
        ) in text
    for lr in (0.01, 0.03, 0.1):
        app.train(learning_rate=lr)
    finals = {r.learning_rate: r.estimator.loss_curve_[-1] for r in app.runs}
    low, high = min(finals, key=finals.get), max(finals, key=finals.get)
    text = described(app)
    assert "5 runs" in text
    assert (
        f"the lowest with learning rate {low:g}, batch size 32, final loss {finals[low]:.3f}"
        in (text)
    )
    assert f"the highest with learning rate {high:g}, batch size 32, " in text
    app.clear_button.click()
    assert described(app) == empty


def test_model_demo_describes_the_boundary_the_scores_and_the_previous_fit():
    app = ModelHyperparametersApp("knn")
    X_train, X_val, y_train, y_val = app.demo.split

    def scores(k):
        model = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
        return model.score(X_train, y_train), model.score(X_val, y_val)

    train, validation = scores(5)
    start = described(app)
    assert start == (
        f"Decision boundary of kNN, k=5, euclidean over the {len(X_train)} training points "
        f"(filled) and {len(X_val)} validation points (hollow): train accuracy {train:.2f}, "
        f"validation accuracy {validation:.2f}."
    )
    app.controls["n_neighbors"].value = 1
    train1, validation1 = scores(1)
    assert described(app) == (
        start.replace("k=5", "k=1").replace(
            f"train accuracy {train:.2f}, validation accuracy {validation:.2f}.",
            f"train accuracy {train1:.2f}, validation accuracy {validation1:.2f}.",
        )
        + f" The previous fit (kNN: k=5, metric=euclidean) had validation accuracy "
        f"{validation:.2f}."
    )
    app.model_buttons.value = "mlp"
    assert described(app).startswith("Decision boundary of MLP, hidden layers (5,) over ")
    assert "previous fit" not in described(app)  # no earlier fit of the network


def test_each_app_is_a_view_over_its_demo_and_shows_the_plots_description():
    from hptlearn.plots import concepts as cp
    from hptlearn.state.concepts import (
        ModelHyperparametersDemo,
        OptimizationDemo,
        ParametersExplorer,
    )

    explorer = ParametersExplorerApp("decision_tree")
    assert isinstance(explorer.explorer, ParametersExplorer)
    data = explorer.explorer.data
    assert described(explorer) == cp.describe_learned_parameters(
        explorer.estimator, data.X, data.y, feature_names=data.feature_names
    )
    optimization = OptimizationDemoApp()
    assert isinstance(optimization.demo, OptimizationDemo)
    optimization.train(learning_rate=0.3, epochs=10)
    assert described(optimization) == cp.describe_training_loss(
        cp.training_loss_data(optimization.runs)
    )
    model = ModelHyperparametersApp("knn")
    assert isinstance(model.demo, ModelHyperparametersDemo)
    model.fit(n_neighbors=9)
    assert described(model) == cp.describe_model_demo(cp.model_demo_data(model.demo))
    assert "The previous fit (kNN: k=5, metric=euclidean)" in described(model)
