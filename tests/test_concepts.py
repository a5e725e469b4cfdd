"""Learned parameters, hyperparameters and their kinds (hptlearn.concepts), the concept
demos without widgets (hptlearn.state.concepts), and the data steps, drawings and text
descriptions of hptlearn.plots.concepts."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import (
    LinearRegression,
    LogisticRegression,
    Ridge,
    SGDClassifier,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from hptlearn.catalog import demo_data, demo_split, load_dataset
from hptlearn.concepts import (
    KINDS,
    MODEL,
    NOT_CLASSIFIED,
    OPTIMIZATION,
    OTHER,
    LearnedParameters,
    describe_hyperparameter,
    hyperparameter_kind,
    hyperparameter_table,
    hyperparameters,
    hyperparameters_by_kind,
    learned_parameters,
)
from hptlearn.plots import concepts as cp
from hptlearn.state.concepts import (
    MODEL_FAMILIES,
    ModelHyperparametersDemo,
    OptimizationDemo,
    ParametersExplorer,
    TrainingRun,
    fit_quietly,
    parse_layer_sizes,
    sgd_network,
)


@pytest.fixture(scope="module")
def moons():
    return load_dataset("moons")


@pytest.fixture(scope="module")
def iris():
    return load_dataset("iris")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------
# learned_parameters
# --------------------------------------------------------------------------------------


def test_linear_regression_coef_and_intercept(iris):
    X, y = iris
    model = LinearRegression().fit(X, y)
    learned = learned_parameters(model)
    assert isinstance(learned, dict) and isinstance(learned, LearnedParameters)
    assert list(learned) == ["coef_", "intercept_"]
    np.testing.assert_array_equal(learned["coef_"], model.coef_)
    assert learned.shapes() == {"coef_": (4,), "intercept_": ()}
    assert learned.size == 5
    assert "n_features_in_" in learned.diagnostics
    assert "n_features_in_" not in learned


def test_ridge_and_logistic_regression(iris):
    X, y = iris
    ridge = learned_parameters(Ridge().fit(X, y))
    assert set(ridge) == {"coef_", "intercept_"}
    logistic = learned_parameters(LogisticRegression(max_iter=1000).fit(X, y))
    assert logistic.shapes() == {"coef_": (3, 4), "intercept_": (3,)}
    assert logistic.size == 15
    assert {"classes_", "n_iter_", "n_features_in_"} <= set(logistic.diagnostics)
    assert "classes_" not in logistic and "n_iter_" not in logistic


def test_kmeans_centroids(moons):
    model = KMeans(n_clusters=4, n_init=1, random_state=0).fit(moons.X)
    learned = learned_parameters(model)
    assert list(learned) == ["cluster_centers_"]
    assert learned.shapes()["cluster_centers_"] == (4, 2)
    assert {"labels_", "inertia_", "n_iter_"} <= set(learned.diagnostics)


def test_svc_rbf_and_linear(moons):
    X, y = moons
    rbf = SVC().fit(X, y)
    learned = learned_parameters(rbf)
    assert set(learned) == {"support_vectors_", "dual_coef_", "intercept_"}
    n_sv = len(rbf.support_vectors_)
    assert learned.shapes()["support_vectors_"] == (n_sv, 2)
    assert learned.shapes()["dual_coef_"] == (1, n_sv)
    assert "support_" in learned.diagnostics
    assert f"{n_sv} of the training points" in learned.note

    linear = learned_parameters(SVC(kernel="linear").fit(X, y))
    assert set(linear) == {"coef_", "support_vectors_", "dual_coef_", "intercept_"}
    assert linear.shapes()["coef_"] == (1, 2)


def test_mlp_weights_and_biases_of_every_layer(moons):
    X, y = moons
    model = MLPClassifier(
        hidden_layer_sizes=(5, 3), solver="lbfgs", max_iter=2000, random_state=0
    ).fit(X, y)
    learned = learned_parameters(model)
    assert list(learned) == ["coefs_", "intercepts_"]
    assert learned.shapes() == {
        "coefs_": [(2, 5), (5, 3), (3, 1)],
        "intercepts_": [(5,), (3,), (1,)],
    }
    assert learned.size == (2 * 5 + 5) + (5 * 3 + 3) + (3 * 1 + 1)
    assert "n_iter_" in learned.diagnostics and "loss_" in learned.diagnostics


def test_mlp_regressor_loss_curve_is_a_diagnostic():
    X, y = load_dataset("regression")
    model = MLPRegressor(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with pytest.warns(Warning):  # five epochs are not enough to converge
        model.fit(X, y)
    learned = learned_parameters(model)
    assert "loss_curve_" in learned.diagnostics
    assert "loss_curve_" not in learned


def test_decision_tree_is_its_fitted_tree(moons):
    X, y = moons
    model = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    learned = learned_parameters(model)
    assert list(learned) == ["tree_"]
    assert learned["tree_"] is model.tree_
    assert learned.shapes() == {"tree_": (7,)}
    # 3 splits (feature + threshold each) and 4 leaves (2 class counts each)
    assert learned.size == 3 * 2 + 4 * 2
    assert "3 splits" in learned.note and "4 leaves" in learned.note


def test_knn_learns_nothing_and_says_so(moons):
    X, y = moons
    model = KNeighborsClassifier().fit(X, y)
    learned = learned_parameters(model)
    assert dict(learned) == {}
    assert learned.size == 0
    assert "learns no parameters" in learned.note
    assert "300 training samples" in learned.note
    np.testing.assert_array_equal(learned.stored_data["_fit_X"], X)
    assert "n_samples_fit_" in learned.diagnostics


def test_pipeline_parameters_are_prefixed_by_step(moons):
    X, y = moons
    model = make_pipeline(StandardScaler(), SVC(kernel="linear")).fit(X, y)
    learned = learned_parameters(model)
    assert {
        "standardscaler__mean_",
        "standardscaler__scale_",
        "svc__coef_",
        "svc__support_vectors_",
    } <= set(learned)
    assert "svc__classes_" in learned.diagnostics


def test_other_estimators_fall_back_to_public_fitted_attributes(moons):
    X, y = moons
    learned = learned_parameters(SGDClassifier(random_state=0).fit(X, y))
    assert set(learned) == {"coef_", "intercept_"}
    assert {"n_iter_", "t_", "classes_"} <= set(learned.diagnostics)


def test_unfitted_estimator_raises_a_clear_error():
    with pytest.raises(NotFittedError, match="not fitted yet.*call fit"):
        learned_parameters(SVC())
    with pytest.raises(NotFittedError, match="Pipeline is not fitted"):
        learned_parameters(make_pipeline(StandardScaler(), SVC()))


def test_not_an_estimator_raises_type_error():
    with pytest.raises(TypeError, match="scikit-learn estimator"):
        learned_parameters([1, 2, 3])


def test_repr_and_frame(moons):
    X, y = moons
    learned = learned_parameters(LogisticRegression().fit(X, y))
    text = repr(learned)
    assert text.splitlines()[0] == "Learned parameters of LogisticRegression (3 numbers):"
    assert "coef_: shape (1, 2)" in text
    assert "Diagnostics (not parameters): classes_, n_features_in_, n_iter_" in text
    frame = learned.to_frame()
    assert list(frame.columns) == ["parameter", "shape", "size", "meaning"]
    assert frame["size"].tolist() == [2, 1]


def test_equals_same_seed_same_parameters_other_value_different(moons):
    X, y = moons

    def fit(**kw):
        params = {
            "hidden_layer_sizes": (4,),
            "solver": "lbfgs",
            "max_iter": 2000,
            "random_state": 0,
            **kw,
        }
        return learned_parameters(MLPClassifier(**params).fit(X, y))

    first, again = fit(), fit()
    assert first.equals(again)
    assert not first.equals(fit(alpha=1.0))
    assert not first.equals(fit(random_state=1))
    assert not first.equals(learned_parameters(LogisticRegression().fit(X, y)))


# --------------------------------------------------------------------------------------
# hyperparameters and kinds
# --------------------------------------------------------------------------------------


def test_hyperparameters_is_get_params_and_fit_does_not_change_it(moons):
    X, y = moons
    model = SVC(C=3.0)
    before = hyperparameters(model)
    assert before == model.get_params()
    assert before["C"] == 3.0
    model.fit(X, y)
    assert hyperparameters(model) == before


def test_hyperparameters_of_a_pipeline_include_the_steps():
    params = hyperparameters(make_pipeline(StandardScaler(), SVC()))
    assert params["svc__C"] == 1.0
    assert "svc__C" not in hyperparameters(make_pipeline(StandardScaler(), SVC()), deep=False)


@pytest.mark.parametrize(
    ("estimator", "name", "kind"),
    [
        (MLPClassifier(), "learning_rate_init", OPTIMIZATION),
        (MLPClassifier(), "learning_rate", OPTIMIZATION),
        (MLPClassifier(), "batch_size", OPTIMIZATION),
        (MLPClassifier(), "max_iter", OPTIMIZATION),
        (MLPClassifier(), "solver", OPTIMIZATION),
        (MLPClassifier(), "tol", OPTIMIZATION),
        (MLPClassifier(), "momentum", OPTIMIZATION),
        (MLPClassifier(), "early_stopping", OPTIMIZATION),
        (MLPClassifier(), "hidden_layer_sizes", MODEL),
        (MLPClassifier(), "activation", MODEL),
        (MLPClassifier(), "alpha", MODEL),
        (MLPClassifier(), "random_state", OTHER),
        (KNeighborsClassifier(), "n_neighbors", MODEL),
        (KNeighborsClassifier(), "metric", MODEL),
        (KNeighborsClassifier(), "algorithm", OPTIMIZATION),
        (SVC(), "C", MODEL),
        (SVC(), "kernel", MODEL),
        (SVC(), "gamma", MODEL),
        (SVC(), "degree", MODEL),
        (SVC(), "tol", OPTIMIZATION),
        (KMeans(), "n_clusters", MODEL),
        (KMeans(), "n_init", OPTIMIZATION),
        (KMeans(), "init", OPTIMIZATION),
        (KMeans(), "max_iter", OPTIMIZATION),
        (KMeans(), "tol", OPTIMIZATION),
        (Ridge(), "alpha", MODEL),
        (Ridge(), "solver", OPTIMIZATION),
        (LogisticRegression(), "C", MODEL),
        (LogisticRegression(), "fit_intercept", MODEL),
        (LogisticRegression(), "max_iter", OPTIMIZATION),
        (LinearRegression(), "n_jobs", OTHER),
        (DecisionTreeClassifier(), "max_depth", MODEL),
        (DecisionTreeClassifier(), "criterion", MODEL),
        (SGDClassifier(), "eta0", OPTIMIZATION),
        (SGDClassifier(), "loss", MODEL),
    ],
)
def test_kind_table(estimator, name, kind):
    assert hyperparameter_kind(estimator, name) == kind


def test_every_hyperparameter_of_the_covered_estimators_is_classified():
    for estimator in [
        LinearRegression(),
        Ridge(),
        LogisticRegression(),
        SVC(),
        KMeans(),
        MLPClassifier(),
        MLPRegressor(),
        DecisionTreeClassifier(),
        KNeighborsClassifier(),
        SGDClassifier(),
    ]:
        for name in estimator.get_params():
            kind, text = describe_hyperparameter(estimator, name)
            assert kind in (MODEL, OPTIMIZATION, OTHER), (type(estimator).__name__, name)
            assert text.endswith(".")


def test_pipeline_names_are_answered_by_the_step():
    pipe = make_pipeline(StandardScaler(), SVC())
    assert hyperparameter_kind(pipe, "svc__C") == MODEL
    assert hyperparameter_kind(pipe, "svc__tol") == OPTIMIZATION
    assert hyperparameter_kind(pipe, "svc") == MODEL
    assert hyperparameter_kind(pipe, "memory") == OTHER
    assert hyperparameter_kind(pipe, "standardscaler__with_mean") == NOT_CLASSIFIED


def test_unknown_estimator_is_not_classified_except_universal_names():
    forest = RandomForestClassifier()
    assert hyperparameter_kind(forest, "max_depth") == NOT_CLASSIFIED
    assert hyperparameter_kind(forest, "random_state") == OTHER
    assert "not in hptlearn's table" in describe_hyperparameter(forest, "max_depth")[1]


def test_a_class_can_be_passed_instead_of_an_instance():
    assert hyperparameter_kind(SVC, "C") == MODEL


def test_unknown_name_raises_with_suggestion():
    with pytest.raises(ValueError, match="no hyperparameter 'c'. Did you mean 'C'"):
        hyperparameter_kind(SVC(), "c")


def test_hyperparameters_by_kind():
    grouped = hyperparameters_by_kind(MLPClassifier())
    assert list(grouped) == list(KINDS)
    assert set(grouped[MODEL]) == {"hidden_layer_sizes", "activation", "alpha"}
    assert {"learning_rate_init", "batch_size", "max_iter", "solver"} <= set(grouped[OPTIMIZATION])
    assert set(grouped[OTHER]) == {"random_state", "verbose"}
    assert grouped[NOT_CLASSIFIED] == {}
    pipe = hyperparameters_by_kind(make_pipeline(StandardScaler(), SVC()))
    assert "svc__C" in pipe[MODEL] and "svc" not in pipe[MODEL] and "steps" not in pipe[MODEL]


def test_hyperparameter_table():
    table = hyperparameter_table([SVC(C=2.0), KMeans()])
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["estimator", "hyperparameter", "value", "kind", "controls"]
    assert len(table) == len(SVC().get_params()) + len(KMeans().get_params())
    row = table[(table.estimator == "SVC") & (table.hyperparameter == "C")].iloc[0]
    assert row.value == "2.0" and row.kind == MODEL


# --------------------------------------------------------------------------------------
# plots: data steps exactly, drawings as smoke tests
# --------------------------------------------------------------------------------------


def test_decision_grid_matches_predict(moons):
    X, y = moons
    model = KNeighborsClassifier().fit(X, y)
    grid = cp.decision_grid(model, X, resolution=30, padding=0.5)
    assert grid.xx.shape == grid.yy.shape == grid.values.shape == (30, 30)
    assert grid.xx.min() == pytest.approx(X[:, 0].min() - 0.5)
    assert grid.yy.max() == pytest.approx(X[:, 1].max() + 0.5)
    points = np.column_stack([grid.xx.ravel(), grid.yy.ravel()])
    np.testing.assert_array_equal(grid.values.ravel(), model.predict(points))
    dec = cp.decision_grid(SVC().fit(X, y), X, resolution=10, response="decision_function")
    assert dec.values.dtype.kind == "f"


def test_decision_grid_rejects_bad_input(moons):
    X, y = moons
    model = KNeighborsClassifier().fit(X, y)
    with pytest.raises(ValueError, match="2 features"):
        cp.decision_grid(model, np.zeros((5, 3)))
    with pytest.raises(ValueError, match="response"):
        cp.decision_grid(model, X, response="predict_proba")


def test_regression_line_is_the_fitted_line():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 1))
    y = 3 * X[:, 0] + 2
    model = LinearRegression().fit(X, y)
    line = cp.regression_line(model, X, n_points=11)
    xs, ys = line.xs, line.ys
    assert len(xs) == 11 and xs[0] == X.min() and xs[-1] == X.max()
    np.testing.assert_allclose(ys, 3 * xs + 2)


def test_layer_weights(moons):
    X, y = moons
    model = MLPClassifier(
        hidden_layer_sizes=(3, 2), solver="lbfgs", max_iter=2000, random_state=0
    ).fit(X, y)
    layers = cp.layer_weights(model)
    assert [lw.name for lw in layers] == [
        "input -> hidden 1",
        "hidden 1 -> hidden 2",
        "hidden 2 -> output",
    ]
    assert [lw.weights.shape for lw in layers] == [(2, 3), (3, 2), (2, 1)]
    np.testing.assert_array_equal(layers[1].biases, model.intercepts_[1])


def test_tree_split_segments(moons):
    X, y = moons
    model = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    segments = cp.tree_split_segments(model, X)
    tree = model.tree_
    internal = [n for n in range(tree.node_count) if tree.children_left[n] != -1]
    assert [s.node for s in segments] == internal
    root = segments[0]
    assert root.depth == 0 and root.threshold == pytest.approx(tree.threshold[0])
    coordinate = root.start[root.feature]
    assert coordinate == pytest.approx(root.threshold) == root.end[root.feature]
    assert all(s.depth == 1 for s in segments[1:])


def test_drawings_smoke(moons):
    X, y = moons
    blobs = load_dataset("blobs")
    diabetes = load_dataset("diabetes")
    ax = cp.plot_regression_line(
        Ridge().fit(diabetes.X[:, [2]], diabetes.y), diabetes.X[:, [2]], diabetes.y
    )
    assert "slope" in ax.get_legend().get_texts()[1].get_text()
    ax = cp.plot_centroids(KMeans(3, n_init=1, random_state=0).fit(blobs.X), blobs.X)
    assert ax.get_xlabel() == "x1"
    ax = cp.plot_support_vectors(SVC().fit(X, y), X, y)
    assert "support vectors" in ax.get_legend().get_texts()[-1].get_text()
    mlp = MLPClassifier(
        hidden_layer_sizes=(4, 3), solver="lbfgs", max_iter=2000, random_state=0
    ).fit(X, y)
    axes = cp.plot_network_weights(mlp)
    assert len(axes) == 3
    with pytest.raises(ValueError, match="3 axes"):
        cp.plot_network_weights(mlp, ax=[plt.gca()])
    ax = cp.plot_tree_splits(DecisionTreeClassifier(max_depth=2).fit(X, y), X, y)
    ax = cp.plot_linear_boundary(LogisticRegression().fit(X, y), X, y)
    assert ax.get_ylabel() == "x2"


def test_plot_loss_curves_smoke(moons):
    X, y = moons
    nets = []
    for lr in (0.01, 0.1):
        net = MLPClassifier(
            hidden_layer_sizes=(4,), solver="sgd", learning_rate_init=lr, max_iter=5, random_state=0
        )
        with pytest.warns(Warning):
            net.fit(X, y)
        nets.append(net)
    ax = cp.plot_loss_curves(nets)
    assert len(ax.get_lines()) == 2
    assert ax.get_legend().get_texts()[0].get_text() == "learning rate 0.01, batch size auto"
    assert len(ax.get_lines()[0].get_xdata()) == 5


@pytest.mark.parametrize("family", ["ridge", "logistic", "svc", "kmeans", "mlp", "tree", "knn"])
def test_plot_learned_parameters_every_family(family, moons):
    X, y = moons
    diabetes = load_dataset("diabetes")
    data = {
        "ridge": (Ridge(), diabetes.X[:, [2]], diabetes.y),
        "logistic": (LogisticRegression(), X, y),
        "svc": (SVC(), X, y),
        "kmeans": (KMeans(3, n_init=1, random_state=0), X, y),
        "mlp": (MLPClassifier((3,), solver="lbfgs", max_iter=2000, random_state=0), X, y),
        "tree": (DecisionTreeClassifier(max_depth=3), X, y),
        "knn": (KNeighborsClassifier(), X, y),
    }
    model, Xf, yf = data[family]
    model.fit(Xf, yf)
    axes = cp.plot_learned_parameters(model, Xf, yf)
    assert len(axes) == (3 if family == "mlp" else 1)
    assert axes[0].get_title()


def test_decision_boundary_draws_validation_points_hollow_and_labelled(moons):
    X, y = moons
    svc = SVC(gamma=1.0).fit(X[:200], y[:200])
    ax = cp.plot_decision_boundary(svc, X[:200], y[:200], X_validation=X[200:])
    labels = [h.get_label() for h in ax.get_legend().legend_handles]
    assert labels[-1] == "validation"
    validation = [c for c in ax.collections if c.get_label() == "validation"]
    assert len(validation) == 1
    np.testing.assert_array_equal(validation[0].get_offsets(), X[200:])
    assert validation[0].get_facecolors().size == 0  # hollow
    plain = cp.plot_decision_boundary(svc, X[:200], y[:200])
    assert "validation" not in [h.get_label() for h in plain.get_legend().legend_handles]


# --------------------------------------------------------------------------------------
# The concept demos, without widgets
# --------------------------------------------------------------------------------------


def test_fit_quietly_returns_the_convergence_warnings_and_prints_none(recwarn):
    X, y = demo_data("moons").X, demo_data("moons").y
    for _ in range(2):  # each fit reports its own warning
        notes = fit_quietly(sgd_network(0.1, 32, 5), X, y)
        assert len(notes) == 1 and "Maximum iterations (5) reached" in notes[0]
    assert fit_quietly(KNeighborsClassifier(), X, y) == []
    assert len(recwarn) == 0  # recorded, not shown


def test_parse_layer_sizes():
    assert parse_layer_sizes("10") == (10,)
    assert parse_layer_sizes("10, 5") == (10, 5)
    assert parse_layer_sizes(" 3 4 ") == (3, 4)
    for bad in ["", "0", "1.5", "-2", "1,2,3,4,5", "500"]:
        with pytest.raises(ValueError):
            parse_layer_sizes(bad)


@pytest.mark.parametrize("model", list(MODEL_FAMILIES))
def test_explorer_fits_each_family_with_its_start_values(model):
    explorer = ParametersExplorer(model)
    family = MODEL_FAMILIES[model]
    assert explorer.values == {name: c.value for name, c in family.controls.items()}
    assert explorer.estimator is None and explorer.learned is None
    learned = explorer.fit()
    data = demo_data(family.data)
    expected = family.build(explorer.values).fit(data.X, data.y)
    assert learned.equals(learned_parameters(expected))
    assert repr(explorer.estimator) == repr(expected)
    shown = {name for name, _, _ in explorer.hyperparameter_rows()}
    assert set(family.controls) <= shown
    for name, value, kind in explorer.hyperparameter_rows():
        assert value == explorer.estimator.get_params()[name]
        assert kind == hyperparameter_kind(explorer.estimator, name)


def test_explorer_fit_sets_values_and_keeps_the_last_good_fit():
    explorer = ParametersExplorer("svc")
    learned = explorer.fit(kernel="linear", C=10.0)
    assert repr(explorer.estimator) == repr(SVC(C=10.0, kernel="linear"))
    assert "coef_" in learned and explorer.values["C"] == 10.0
    assert explorer.family.enabled(explorer.values) == {
        "kernel": True,
        "C": True,
        "gamma": False,
        "degree": False,
    }
    assert explorer.family.enabled({**explorer.values, "kernel": "poly"})["degree"]
    with pytest.raises(ValueError, match="alpha: not a control of svc"):
        explorer.fit(alpha=1.0)
    mlp = ParametersExplorer("mlp")
    mlp.fit()
    fitted = mlp.estimator
    with pytest.raises(ValueError, match="not a number of neurons"):
        mlp.fit(hidden_layer_sizes="ten")
    assert mlp.estimator is fitted and mlp.values["hidden_layer_sizes"] == "5"
    with pytest.raises(ValueError, match="Unknown model"):
        ParametersExplorer("forest")


def test_refit_with_same_hyperparameters_and_seed_gives_identical_parameters():
    explorer = ParametersExplorer("mlp")
    first = explorer.fit(hidden_layer_sizes="4, 3", random_state=7)
    again = explorer.fit()
    assert again is not first and again.equals(first)
    assert not explorer.fit(random_state=8).equals(first)


def test_learning_rate_too_small_good_too_large():
    demo = OptimizationDemo()
    small = demo.train(learning_rate=0.001, epochs=100)
    good = demo.train(learning_rate=0.3)
    large = demo.train(learning_rate=10.0)
    assert good.final_loss < 0.3 and good.train_accuracy > 0.9
    assert small.final_loss > 2 * good.final_loss  # still far from a good fit
    curve = np.asarray(large.estimator.loss_curve_)
    assert np.any(np.diff(curve) > 0.2)  # the loss jumps up: steps overshoot
    assert large.final_loss > 2 * good.final_loss
    assert all(r.warnings for r in demo.runs)  # max_iter reached: reported, not printed


def test_training_run_counts_and_scores():
    demo = OptimizationDemo()
    run = demo.train(learning_rate=0.3, batch_size=32, epochs=20)
    assert isinstance(run, TrainingRun) and demo.runs == [run]
    X, y = demo_data("moons").X, demo_data("moons").y
    reference = sgd_network(0.3, 32, 20)
    fit_quietly(reference, X, y)
    np.testing.assert_array_equal(run.estimator.loss_curve_, reference.loss_curve_)
    assert run.final_loss == reference.loss_curve_[-1]
    assert run.train_accuracy == reference.score(X, y)
    assert run.weight_updates == 20 * 10  # 300 samples in batches of 32: 10 per epoch
    assert demo.train(batch_size=300, epochs=10).weight_updates == 10
    assert run.label == "learning rate 0.3, batch size 32"
    assert demo.clear().runs == []


def test_training_loss_data_and_drawing():
    demo = OptimizationDemo()
    empty = cp.training_loss_data([])
    assert empty.curves.curves == [] and empty.top == 1.0
    assert empty.chance == pytest.approx(np.log(2))
    cp.plot_training_loss(empty)
    run = demo.train(learning_rate=0.3, epochs=10)
    d = cp.training_loss_data(demo.runs)
    assert d.curves.labels == [run.label]
    assert d.top == min(max(max(run.estimator.loss_curve_) * 1.05, 1.0), 3.0)
    ax = cp.plot_training_loss(d)
    assert ax.get_ylim() == (0.0, d.top)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "chance level (log 2)",
        run.label,
    ]
    plt.close("all")


def test_model_demo_fits_on_the_demo_split():
    demo = ModelHyperparametersDemo()
    X_train, X_val, y_train, y_val = demo_split("moons")
    scores = demo.fit("knn", {"n_neighbors": 3, "metric": "chebyshev"})
    knn = KNeighborsClassifier(n_neighbors=3, metric="chebyshev").fit(X_train, y_train)
    assert scores == {"train": knn.score(X_train, y_train), "validation": knn.score(X_val, y_val)}
    assert demo.scores is scores and demo.warnings == []
    assert demo.history == [{"model": "knn", "n_neighbors": 3, "metric": "chebyshev", **scores}]
    assert demo.describe(demo.estimator) == "kNN, k=3, chebyshev"
    assert demo.fit("knn", {"n_neighbors": 1, "metric": "euclidean"})["train"] == 1.0

    demo.fit("mlp", {"layers": 2, "neurons": 3})
    assert demo.estimator.hidden_layer_sizes == (3, 3)
    assert demo.settings_text(demo.history[-1]) == "MLP: 2 layer(s) of 3 neurons"
    assert demo.describe(demo.estimator) == "MLP, hidden layers (3, 3)"
    with pytest.raises(ValueError, match="model must be"):
        demo.make_estimator("svc", {})
    with pytest.raises(ValueError, match="C: not a control of knn"):
        demo.fit("knn", {"C": 1.0})


# --------------------------------------------------------------------------------------
# The figures in words (their text descriptions), from their data steps
# --------------------------------------------------------------------------------------


def test_describe_training_loss_lists_each_run_or_the_lowest_and_highest():
    def data(*finals):
        curves = [np.array([0.9, 0.7, f]) for f in finals]
        labels = [f"run {i}" for i in range(len(finals))]
        return cp.TrainingLossData(cp.LossCurves(labels, curves), float(np.log(2)), 1.0)

    assert cp.describe_training_loss(data(0.25)) == (
        "Training loss by epoch of 1 run, over the chance level (log 2 = 0.693): run 0, "
        "final loss 0.250 after 3 epochs."
    )
    assert cp.describe_training_loss(data(0.25, np.inf)) == (
        "Training loss by epoch of 2 runs, over the chance level (log 2 = 0.693): run 0, "
        "final loss 0.250 after 3 epochs; run 1, final loss infinite (it diverged) after "
        "3 epochs."
    )
    assert cp.describe_training_loss(data(0.5, 0.125, 0.6, np.nan, 0.3)) == (
        "Training loss by epoch of 5 runs, over the chance level (log 2 = 0.693): the "
        "lowest with run 1, final loss 0.125 after 3 epochs; the highest with run 3, "
        "final loss infinite (it diverged) after 3 epochs."
    )
    assert cp.describe_training_loss(data(0.5, 0.125, 0.6), listed=2).endswith(
        "the lowest with run 1, final loss 0.125 after 3 epochs; the highest with run 2, "
        "final loss 0.600 after 3 epochs."
    )


def _model_demo_data(previous):
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    grid = cp.DecisionGrid(np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)))
    model = "kNN, k=1, euclidean"
    return cp.ModelDemoData(None, grid, X, np.array([0, 1, 0]), X[:2], model, 1.0, 0.5, previous)


def test_describe_model_demo_gives_both_accuracies_and_the_previous_fit():
    first = _model_demo_data(None)
    assert first.title == "kNN, k=1, euclidean: train accuracy 1.00, validation accuracy 0.50"
    assert cp.describe_model_demo(first) == (
        "Decision boundary of kNN, k=1, euclidean over the 3 training points (filled) and 2 "
        "validation points (hollow): train accuracy 1.00, validation accuracy 0.50."
    )
    then = _model_demo_data(("kNN: k=5, metric=euclidean", 0.875))
    assert cp.describe_model_demo(then) == (
        cp.describe_model_demo(first)
        + " The previous fit (kNN: k=5, metric=euclidean) had validation accuracy 0.88."
    )


def test_model_demo_data_reads_the_demo_and_the_previous_fit_of_the_same_model():
    demo = ModelHyperparametersDemo()
    X_train, X_val, y_train, _ = demo.split
    demo.fit("knn", {"n_neighbors": 5, "metric": "euclidean"})
    first = cp.model_demo_data(demo, resolution=20)
    assert first.previous is None and first.model == "kNN, k=5, euclidean"
    assert (first.train, first.validation) == (demo.scores["train"], demo.scores["validation"])
    expected = cp.decision_grid(demo.estimator, np.vstack([X_train, X_val]), resolution=20)
    np.testing.assert_array_equal(first.grid.values, expected.values)
    np.testing.assert_array_equal(first.X_validation, X_val)
    before = demo.scores["validation"]
    demo.fit("knn", {"n_neighbors": 1, "metric": "euclidean"})
    assert cp.model_demo_data(demo, resolution=20).previous == (
        "kNN: k=5, metric=euclidean",
        before,
    )
    demo.fit("mlp", {"layers": 1, "neurons": 3})  # no earlier fit of the network
    data = cp.model_demo_data(demo, resolution=20)
    assert data.previous is None and data.model == "MLP, hidden layers (3,)"
    ax = cp.plot_model_demo(data)
    assert ax.get_title() == data.title
    assert "validation" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_describe_learned_parameters_says_what_each_figure_shows():
    line_X, line_y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    assert cp.describe_learned_parameters(
        LinearRegression().fit(line_X, line_y), line_X, line_y
    ) == (
        "LinearRegression: the learned line through the 3 points, slope 2.0, intercept 1.0; "
        "R² 1.00."
    )
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
    kmeans = KMeans(n_clusters=2, n_init=1, random_state=0).fit(X)
    left_first = kmeans.cluster_centers_[0, 0] < 5
    at = "(0.00, 0.50); (10.00, 0.50)" if left_first else "(10.00, 0.50); (0.00, 0.50)"
    assert cp.describe_learned_parameters(kmeans, X, None) == (
        f"KMeans: 4 points coloured by cluster, and the 2 learned centroids at {at}; inertia 1.0."
    )
    y = np.array([0, 0, 1, 1])
    tree = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y)
    assert cp.describe_learned_parameters(tree, X, y, feature_names=("a", "b")) == (
        "DecisionTreeClassifier: regions and 1 learned splits (2 leaves, depth 1), the first "
        "at a <= 5.00; training accuracy 1.00 on 4 samples."
    )
    knn = KNeighborsClassifier(n_neighbors=1).fit(X, y)
    assert cp.describe_learned_parameters(knn, X, y) == (
        "KNeighborsClassifier: decision boundary, computed from the 4 stored points (no "
        "learned parameters); training accuracy 1.00 on 4 samples."
    )
    mlp = MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs", random_state=0).fit(X, y)
    # 2 inputs -> 3 hidden: 6 weights + 3 biases; 3 hidden -> 1 output: 3 weights + 1 bias
    assert cp.describe_learned_parameters(mlp, X, y).startswith(
        "MLPClassifier: decision boundary, and a heat map of the learned weights and biases "
        "of each of its 2 layers (13 numbers); training accuracy "
    )


# --------------------------------------------------------------------------------------
# No private scikit-learn name
# --------------------------------------------------------------------------------------


def test_the_concept_modules_import_no_private_scikit_learn_module():
    import ast
    from pathlib import Path

    import hptlearn

    root = Path(hptlearn.__file__).parent
    for name in ("concepts.py", "state/concepts.py", "state/manual.py", "plots/concepts.py"):
        for node in ast.walk(ast.parse((root / name).read_text())):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] == "sklearn":
                    private = [part for part in module.split(".") if part.startswith("_")]
                    assert not private, f"{name} imports {module}"


def test_a_fitted_tree_is_recognised_by_its_public_attributes(moons):
    X, y = moons
    deep = learned_parameters(DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y))
    again = learned_parameters(DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y))
    tree = deep["tree_"]
    assert deep.shapes() == {"tree_": (tree.node_count,)}
    assert deep.equals(again)
    assert not deep.equals(learned_parameters(DecisionTreeClassifier(max_depth=2).fit(X, y)))
