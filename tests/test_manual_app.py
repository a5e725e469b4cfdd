"""Drive the manual tuning app the way a person would (move sliders, click buttons) and
check what it records and shows against scikit-learn run directly. (The self-checks of
notebook 03 are tested with the other self-checks, in test_exercises.py.)"""

import threading

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.base import clone
from sklearn.model_selection import train_test_split, validation_curve
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from hptlearn.catalog import load_dataset
from hptlearn.widgets.manual import MANUAL_PRESETS, ManualTuningApp, ValidationCurveData

PNG = b"\x89PNG"
HISTORY_COLUMNS = ["trial", "C", "gamma", "train_score", "validation_score"]


@pytest.fixture
def app():
    return ManualTuningApp()


def reference_scores(app, **params):
    """Train and validation accuracy of a fresh model on the app's split."""
    model = clone(app.estimator).set_params(**params).fit(app.X_train, app.y_train)
    return model.score(app.X_train, app.y_train), model.score(app.X_val, app.y_val)


def png(app):
    return bytes(app.figure.value)


# --------------------------------------------------------------------------------------
# Start, trials, history
# --------------------------------------------------------------------------------------


def test_starts_with_one_trial_on_a_fixed_validation_split(app):
    assert repr(app) == "ManualTuningApp(model='svc', trials=1)"
    assert "hptlearn-manual-tuning" in app._dom_classes
    assert "hptlearn-figure" in app.figure._dom_classes
    assert png(app).startswith(PNG)
    X, y = load_dataset("moons")
    X_train, X_val, y_train, y_val = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    np.testing.assert_array_equal(app.X_train, X_train)
    np.testing.assert_array_equal(app.y_val, y_val)
    assert "210 training" in app.info.value and "90 validation" in app.info.value
    assert "not a test set" in app.info.value
    assert isinstance(app.estimator, SVC)
    assert app.estimator.get_params()["C"] == 1.0 and app.estimator.get_params()["gamma"] == 1.0
    history = app.history
    assert list(history.columns) == HISTORY_COLUMNS
    assert history.shape == (1, 5)
    train, valid = reference_scores(app, C=1.0, gamma=1.0)
    assert history.loc[0, "train_score"] == train and history.loc[0, "validation_score"] == valid
    assert "Trial 1: C=1, gamma=1" in app.message.value
    for name in ("C", "gamma"):
        slider = app.sliders[name]
        assert type(slider).__name__ == "FloatLogSlider" and not slider.continuous_update


def test_each_slider_change_is_one_trial_with_reference_scores(app):
    before = png(app)
    app.sliders["gamma"].value = 100.0
    app.sliders["C"].value = 10.0
    history = app.history
    assert list(history["trial"]) == [1, 2, 3]
    assert list(history["C"]) == [1.0, 1.0, 10.0]
    assert list(history["gamma"]) == [1.0, 100.0, 100.0]
    for _, row in history.iterrows():
        train, valid = reference_scores(app, C=row["C"], gamma=row["gamma"])
        assert row["train_score"] == train and row["validation_score"] == valid
    assert app.estimator.get_params()["C"] == 10.0
    assert app.estimator.get_params()["gamma"] == 100.0
    assert png(app) != before and png(app).startswith(PNG)
    assert repr(app) == "ManualTuningApp(model='svc', trials=3)"
    assert "Trial 3: C=10, gamma=100" in app.message.value
    assert app.history_html.value.count("<tr") == 4  # header + 3 trials


def test_set_moves_several_sliders_for_one_trial(app):
    trial = app.set(C=10, gamma=0.01)
    assert app.sliders["C"].value == 10 and app.sliders["gamma"].value == 0.01
    assert len(app.history) == 2
    assert trial == app.history.iloc[-1].to_dict() | {"trial": 2}
    assert (trial["train_score"], trial["validation_score"]) == reference_scores(
        app, C=10, gamma=0.01
    )


def test_set_rejects_unknown_names_and_values_off_the_slider(app):
    with pytest.raises(ValueError, match="'alpha' is not on a slider.*C, gamma"):
        app.set(alpha=1)
    with pytest.raises(ValueError, match="outside the slider's range 0.001 to 1000"):
        app.set(C=1e6)
    with pytest.raises(ValueError, match="must be a number"):
        app.set(gamma="scale")
    tree = ManualTuningApp("tree")
    with pytest.raises(ValueError, match="whole number"):
        tree.set(max_depth=2.5)
    assert len(app.history) == 1 and len(tree.history) == 1


def test_best_so_far_is_highlighted(app):
    for C in (0.01, 10.0, 0.1):
        app.sliders["C"].value = C
    history = app.history
    best_row = history.loc[history["validation_score"].idxmax()].to_dict()
    best_row["trial"] = int(best_row["trial"])
    assert app.best["trial"] == best_row["trial"]
    assert f"Best so far: trial {best_row['trial']}" in app.message.value
    assert f">{best_row['trial']} ★ best</td>" in app.history_html.value
    assert app.history_html.value.count("★ best") == 1


def test_history_is_a_copy(app):
    history = app.history
    history.loc[0, "C"] = 999.0
    assert app.history.loc[0, "C"] == 1.0


# --------------------------------------------------------------------------------------
# Validation curve
# --------------------------------------------------------------------------------------


def test_curve_button_shows_the_validation_curve_of_scikit_learn(app):
    app.set(C=10)
    before = png(app)
    app.curve_param.value = "gamma"
    app.curve_button.click()
    curve = app.curve
    assert isinstance(curve, ValidationCurveData)
    values = 10.0 ** np.arange(-3, 3.01, 0.5)
    train, valid = validation_curve(
        SVC(C=10.0, gamma=1.0), app.X, app.y, param_name="gamma", param_range=values, cv=5
    )
    np.testing.assert_allclose(curve.values, values)
    np.testing.assert_array_equal(curve.train_scores, train)
    np.testing.assert_array_equal(curve.validation_scores, valid)
    assert curve.param == "gamma" and curve.fixed == {"C": 10.0} and curve.n_folds == 5
    assert png(app) != before
    assert "13 values × 5 folds = 65 fits on all 300 samples" in app.message.value
    assert not app.curve_button.disabled
    assert len(app.history) == 2  # the curve is not a trial
    frame = curve.to_frame()
    assert list(frame.columns) == [
        "gamma",
        "train_mean",
        "train_std",
        "validation_mean",
        "validation_std",
    ]
    np.testing.assert_allclose(frame["validation_mean"], valid.mean(axis=1))
    assert curve.best_value == values[np.argmax(valid.mean(axis=1))]


def test_curve_stays_for_its_own_hyperparameter_and_goes_when_the_other_moves():
    app = ManualTuningApp(cv=2)  # fewer fits: only the bookkeeping is tested here
    curve = app.show_validation_curve("C")
    app.sliders["C"].value = 100.0  # along the curve: it still holds
    assert app.curve is curve
    app.sliders["gamma"].value = 10.0  # the curve was computed at gamma=1
    assert app.curve is None
    assert "press the button again" in app.message.value
    app.show_validation_curve()
    assert app.curve.fixed == {"gamma": 10.0}
    app.curve_param.value = "gamma"
    assert app.curve is None


def test_integer_hyperparameters_get_whole_number_curves():
    app = ManualTuningApp("tree", cv=3)
    curve = app.show_validation_curve("min_samples_leaf")
    assert curve.values.dtype.kind == "i"
    assert curve.values[0] == 1 and curve.values[-1] == 50 and len(curve.values) == 20
    train, valid = validation_curve(
        DecisionTreeClassifier(max_depth=3, random_state=0),
        app.X,
        app.y,
        param_name="min_samples_leaf",
        param_range=curve.values,
        cv=3,
    )
    np.testing.assert_array_equal(curve.validation_scores, valid)
    np.testing.assert_array_equal(curve.train_scores, train)


# --------------------------------------------------------------------------------------
# Reset, models, errors
# --------------------------------------------------------------------------------------


def test_reset_button_starts_again_from_the_current_sliders():
    app = ManualTuningApp(cv=2)
    app.set(C=10, gamma=0.1)
    app.sliders["C"].value = 100.0
    app.show_validation_curve()
    before = png(app)
    app.reset_button.click()
    history = app.history
    assert len(history) == 1 and history.loc[0, "trial"] == 1
    assert (history.loc[0, "C"], history.loc[0, "gamma"]) == (100.0, 0.1)
    assert app.curve is None
    assert png(app) != before
    assert repr(app) == "ManualTuningApp(model='svc', trials=1)"


@pytest.mark.parametrize("model", ["knn", "tree"])
def test_choosing_another_model_starts_a_new_history(app, model):
    app.set(C=10)
    app.model_dropdown.value = model
    preset = MANUAL_PRESETS[model]
    assert list(app.sliders) == [s.name for s in preset.sliders]
    assert list(app.curve_param.options) == list(app.sliders)
    assert app.curve_param.disabled == (len(app.sliders) == 1)
    assert isinstance(app.estimator, type(preset.estimator))
    assert repr(app) == f"ManualTuningApp(model={model!r}, trials=1)"
    assert list(app.history.columns) == [
        "trial",
        *app.sliders,
        "train_score",
        "validation_score",
    ]
    name = preset.sliders[0].name
    app.sliders[name].value = 7
    params = {s: app.sliders[s].value for s in app.sliders}
    assert tuple(app.history.iloc[-1][["train_score", "validation_score"]]) == (
        reference_scores(app, **params)
    )


def test_a_failing_fit_is_shown_and_not_recorded():
    app = ManualTuningApp("knn")
    assert app.sliders["n_neighbors"].max == 100
    slider = app.sliders["n_neighbors"]
    slider.max = 500  # more neighbours than training samples: scoring raises
    slider.value = 500
    assert "hptlearn-error" in app.message.value
    assert "ValueError" in app.message.value and "n_neighbors" in app.message.value
    assert "not recorded" in app.message.value
    assert len(app.history) == 1
    assert app.estimator.n_neighbors == 15  # the last successful trial
    slider.value = 20  # the app keeps working
    assert len(app.history) == 2 and "hptlearn-error" not in app.message.value


def test_set_shows_and_raises_a_failing_fit():
    app = ManualTuningApp("knn")
    app.sliders["n_neighbors"].max = 500
    with pytest.raises(ValueError, match="n_neighbors"):
        app.set(n_neighbors=400)
    assert "hptlearn-error" in app.message.value and len(app.history) == 1


def test_own_data_and_argument_checks():
    X, y = load_dataset("iris")
    app = ManualTuningApp("knn", X, y, validation_size=30, random_state=1)
    assert (len(app.X_train), len(app.X_val)) == (120, 30)
    assert "your data (150 samples, 4 features)" in app.info.value
    app.set(n_neighbors=3)
    model = KNeighborsClassifier(n_neighbors=3).fit(app.X_train, app.y_train)
    assert app.history.iloc[-1]["validation_score"] == model.score(app.X_val, app.y_val)
    small = ManualTuningApp("knn", X[::5], y[::5])  # 30 samples: 21 for training
    assert small.sliders["n_neighbors"].max == 21
    with pytest.raises(ValueError, match="Unknown model 'forest'"):
        ManualTuningApp("forest")
    with pytest.raises(ValueError, match="both X and y"):
        ManualTuningApp("svc", X)
    with pytest.raises(ValueError, match="classifiers"):
        ManualTuningApp("svc", *load_dataset("regression"))


def test_draw_gives_a_figure_and_trials_work_from_a_thread(app):
    fig = app.draw()
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert fig.axes[0].get_xscale() == "log"
    done = []
    thread = threading.Thread(target=lambda: done.append(app.set(C=100.0)))
    thread.start()
    thread.join(30)
    assert done and len(app.history) == 2 and png(app).startswith(PNG)


# --------------------------------------------------------------------------------------
# The figure's text description (its tooltip, read by screen readers, and the line under it)
# --------------------------------------------------------------------------------------


def described(app) -> str:
    """The figure's description, checked to be both its tooltip and the line under it."""
    import html
    import re

    assert html.unescape(re.sub(r"<[^>]+>", "", app.figure_description.value)) == (
        app.figure.tooltip
    )
    return app.figure.tooltip


def test_the_figure_is_described_with_the_trials_and_the_best_so_far():
    app = ManualTuningApp("knn")
    views = list(app.children)
    assert views[views.index(app.figure) + 1] is app.figure_description
    k = app.values()["n_neighbors"]
    _, validation = reference_scores(app, n_neighbors=k)
    assert described(app) == (
        "Train and validation accuracy of 1 trial, against n_neighbors (left) and in order "
        f"(right); the best validation accuracy so far, {validation:.3f}, at trial 1 "
        f"(n_neighbors={k})."
    )
    first = described(app)
    scores = {k: reference_scores(app, n_neighbors=k)[1]}
    for k in (1, 7, 30):
        app.set(n_neighbors=k)
        scores[k] = reference_scores(app, n_neighbors=k)[1]
        assert described(app) != first
    best_k = max(scores, key=scores.get)  # the earliest on a tie, as dicts keep order
    best_trial = list(scores).index(best_k) + 1
    assert described(app).startswith("Train and validation accuracy of 4 trials, ")
    assert described(app).endswith(
        f"the best validation accuracy so far, {scores[best_k]:.3f}, at trial {best_trial} "
        f"(n_neighbors={best_k})."
    )
    app.reset_button.click()
    assert "of 1 trial," in described(app)


def test_the_description_gives_the_validation_curve_while_it_is_shown():
    app = ManualTuningApp(cv=2)
    before = described(app)
    curve = app.show_validation_curve("C")
    train, valid = validation_curve(
        SVC(C=1.0, gamma=1.0), app.X, app.y, param_name="C", param_range=curve.values, cv=2
    )
    means = valid.mean(axis=1)
    best = curve.values[np.argmax(means)]
    text = described(app)
    assert text.startswith(before + " ")  # the trials, then the curve
    assert text.endswith(
        f"The 2-fold validation curve of C, over {curve.values.min():g} to "
        f"{curve.values.max():g} ({len(curve.values)} values): mean validation accuracy from "
        f"{means.min():.3f} to {means.max():.3f}, the best at C={best:g}."
    )
    app.sliders["gamma"].value = 10.0  # the curve was computed at gamma=1: it goes
    assert app.curve is None and "validation curve" not in described(app)


def test_the_app_is_a_view_over_its_tuning_and_shows_the_plots_description():
    from hptlearn.plots import describe_manual_tuning
    from hptlearn.plots.manual import manual_tuning_data
    from hptlearn.state.manual import ManualTuning

    app = ManualTuningApp("knn", cv=2)
    assert isinstance(app.tuning, ManualTuning)
    app.set(n_neighbors=3)
    app.show_validation_curve()
    data = manual_tuning_data(app.tuning, app.curve_param.value)
    assert described(app) == describe_manual_tuning(data)
    assert "validation curve of n_neighbors" in described(app)
