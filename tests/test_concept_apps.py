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
