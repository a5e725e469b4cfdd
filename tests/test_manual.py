"""Manual tuning without widgets (hptlearn.state.manual), the data step of its figure and
its text description (hptlearn.plots.manual), checked against scikit-learn run directly."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.model_selection import validation_curve
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from hptlearn.catalog import demo_split, load_dataset
from hptlearn.plots.manual import (
    ManualTuningData,
    clear_drawn,
    describe_manual_tuning,
    manual_tuning_data,
    manual_tuning_figure,
    plot_manual_tuning,
    plot_trial_sequence,
    plot_trials_vs_value,
)
from hptlearn.state.manual import ManualTuning, ValidationCurveData


def scores(tuning, estimator):
    model = estimator.fit(tuning.X_train, tuning.y_train)
    return model.score(tuning.X_train, tuning.y_train), model.score(tuning.X_val, tuning.y_val)


def test_manual_tuning_is_headless_state_and_its_description_a_figure_step():
    import hptlearn.plots
    import hptlearn.state

    assert hptlearn.state.ManualTuning is ManualTuning
    assert ManualTuning.__module__ == "hptlearn.state.manual"
    assert hptlearn.plots.describe_manual_tuning is describe_manual_tuning


def test_default_data_is_the_manual_demo_split():
    tuning = ManualTuning()
    split = demo_split("moons_manual")
    assert tuning.X_train is split.X_train and tuning.y_val is split.y_val
    assert len(tuning.X) == 300
    other = ManualTuning(random_state=1)  # another seed: another split of the same data
    assert not np.array_equal(other.X_val, split.X_val)
    assert repr(tuning) == "ManualTuning(model='svc', trials=1)"


def test_trials_fit_score_and_are_remembered():
    tuning = ManualTuning("svc")
    assert tuning.values == {"C": 1.0, "gamma": 1.0}
    first = tuning.trials[0]
    assert (first["train_score"], first["validation_score"]) == scores(tuning, SVC(gamma=1.0))
    trial = tuning.trial(C=10)
    assert trial == {
        "trial": 2,
        "C": 10.0,
        "gamma": 1.0,
        "train_score": scores(tuning, SVC(C=10, gamma=1.0))[0],
        "validation_score": scores(tuning, SVC(C=10, gamma=1.0))[1],
    }
    assert tuning.values == {"C": 10.0, "gamma": 1.0}
    assert tuning.estimator.C == 10.0
    tuning.trial(gamma=0.01)
    history = tuning.history
    assert list(history.columns) == ["trial", "C", "gamma", "train_score", "validation_score"]
    assert list(history["trial"]) == [1, 2, 3]
    best = history.loc[history["validation_score"].idxmax()]
    assert tuning.best["trial"] == best["trial"]
    tuning.trials[0]["C"] = 999  # copies
    assert tuning.history.loc[0, "C"] == 1.0


def test_best_is_the_earliest_on_a_tie():
    tuning = ManualTuning("knn")
    tuning.trial(n_neighbors=15)  # same setting, same scores
    assert tuning.best["trial"] == 1


def test_set_checks_values_and_a_failing_fit_records_nothing():
    tuning = ManualTuning("knn")
    assert tuning.limits == {"n_neighbors": (1, 100)}
    with pytest.raises(ValueError, match="outside the slider's range 1 to 100"):
        tuning.set(n_neighbors=101)
    with pytest.raises(ValueError, match="whole number"):
        tuning.set(n_neighbors=2.5)
    with pytest.raises(ValueError, match="must be a number"):
        tuning.set(n_neighbors="5")
    with pytest.raises(ValueError, match="'C' is not on a slider of the 'knn' model"):
        tuning.trial(C=1.0)
    with pytest.raises(ValueError, match="n_neighbors"):
        tuning.trial(n_neighbors=500)  # unchecked, and more than the 210 training samples
    assert len(tuning.history) == 1 and tuning.values == {"n_neighbors": 15}
    assert tuning.estimator.n_neighbors == 15


class _WarnsOnFit(KNeighborsClassifier):
    def fit(self, X, y):
        warnings.warn(f"fitted with k={self.n_neighbors}", UserWarning, stacklevel=1)
        return super().fit(X, y)


def test_a_trials_warnings_are_kept_not_shown(monkeypatch, recwarn):
    tuning = ManualTuning("knn")
    assert tuning.last_warnings == []
    monkeypatch.setattr(
        tuning, "make_estimator", lambda **values: _WarnsOnFit(values["n_neighbors"])
    )
    tuning.trial(n_neighbors=3)
    assert tuning.last_warnings == ["fitted with k=3"]
    tuning.trial(n_neighbors=4)
    assert tuning.last_warnings == ["fitted with k=4"]
    assert len(recwarn) == 0  # recorded by the trial, not printed


def test_own_data_and_checks():
    X, y = load_dataset("iris")
    tuning = ManualTuning("knn", X, y, validation_size=30, random_state=1)
    assert (len(tuning.X_train), len(tuning.X_val)) == (120, 30)
    assert np.bincount(tuning.y_val).tolist() == [10, 10, 10]  # stratified
    trial = tuning.trial(n_neighbors=3)
    assert trial["validation_score"] == scores(tuning, KNeighborsClassifier(n_neighbors=3))[1]
    small = ManualTuning("knn", X[::5], y[::5])
    assert small.limits["n_neighbors"] == (1, 21) and small.values["n_neighbors"] == 15
    with pytest.raises(ValueError, match="Unknown model 'forest'"):
        ManualTuning("forest")
    with pytest.raises(ValueError, match="both X and y"):
        ManualTuning("svc", X)
    with pytest.raises(ValueError, match="classifiers"):
        ManualTuning("svc", *load_dataset("regression"))


def test_validation_curve_is_scikit_learns_and_goes_stale():
    tuning = ManualTuning("svc", cv=3)
    tuning.trial(C=10)
    curve = tuning.validation_curve("gamma")
    assert isinstance(curve, ValidationCurveData) and tuning.curve is curve
    values = 10.0 ** np.arange(-3, 3.01, 0.5)
    train, valid = validation_curve(
        SVC(C=10.0, gamma=1.0), tuning.X, tuning.y, param_name="gamma", param_range=values, cv=3
    )
    np.testing.assert_allclose(curve.values, values)
    np.testing.assert_array_equal(curve.train_scores, train)
    np.testing.assert_array_equal(curve.validation_scores, valid)
    assert curve.fixed == {"C": 10.0} and curve.n_folds == 3 and curve.n_samples == 300
    assert len(tuning.history) == 2  # the curve is not a trial
    tuning.trial(gamma=0.1)  # along the curve: it still holds
    assert tuning.curve is curve and tuning.dropped_curve is None
    tuning.trial(C=1.0)  # the curve was computed at C=10
    assert tuning.curve is None and tuning.dropped_curve is curve
    tuning.reset()
    assert len(tuning.history) == 1 and tuning.history.loc[0, "C"] == 1.0


def test_curve_values_respect_the_training_folds():
    X, y = load_dataset("iris")
    tuning = ManualTuning("knn", X[::5], y[::5], cv=3)  # training folds of 20 samples
    values = tuning.curve_values("n_neighbors")
    assert values[0] == 1 and values[-1] == 20 and values.dtype.kind == "i"


def test_set_model_starts_a_new_history():
    tuning = ManualTuning("svc")
    tuning.trial(C=100)
    tuning.set_model("tree")
    assert tuning.values == {"max_depth": 3, "min_samples_leaf": 1}
    assert list(tuning.history["trial"]) == [1] and tuning.curve is None


# --------------------------------------------------------------------------------------
# The figure
# --------------------------------------------------------------------------------------


def test_figure_data_splits_trials_by_the_other_hyperparameters():
    tuning = ManualTuning("svc")
    tuning.trial(C=10)
    tuning.trial(gamma=0.1)
    tuning.trial(C=0.1)  # now gamma=0.1
    data = manual_tuning_data(tuning, "C")
    assert isinstance(data, ManualTuningData)
    assert data.param == "C" and data.log and data.x_limits == (1e-3, 1e3)
    assert data.others == {"gamma": 0.1}
    assert data.same == (3, 4)  # the trials at gamma=0.1
    assert data.best == tuning.best and data.curve is None
    lowest = min(min(t["train_score"], t["validation_score"]) for t in tuning.trials)
    assert data.y_limits[0] <= min(lowest, 0.5) and data.y_limits[1] == 1.02
    assert manual_tuning_data(tuning).param == "C"
    with pytest.raises(ValueError, match="not a tuned hyperparameter"):
        manual_tuning_data(tuning, "alpha")


def test_figure_data_keeps_the_curve_of_its_own_hyperparameter():
    tuning = ManualTuning("tree", cv=2)
    curve = tuning.validation_curve("max_depth")
    assert manual_tuning_data(tuning, "max_depth").curve is curve
    data = manual_tuning_data(tuning, "min_samples_leaf")
    assert data.curve is None and not data.log and data.x_limits == (1, 50)


def test_drawing_on_a_figure_and_in_place():
    tuning = ManualTuning("svc", cv=2)
    tuning.validation_curve("C")
    fig, axes = manual_tuning_figure()
    assert isinstance(fig, Figure) and len(axes) == 2
    drawn = plot_manual_tuning(manual_tuning_data(tuning, "C"), ax=axes)
    assert list(drawn) == list(axes)
    left, right = axes
    assert left.get_xscale() == "log" and len(left.lines) >= 2  # the curve's mean lines
    assert len(fig.legends) == 1
    for ax in axes:
        clear_drawn(ax)
    assert not left.lines and not left.collections and not right.lines
    plot_manual_tuning(manual_tuning_data(tuning, "gamma"), ax=axes)
    assert len(fig.legends) == 1 and left.get_xlabel() == "gamma (log scale)"
    assert len(right.lines) == 2  # train and validation, trial by trial
    with pytest.raises(ValueError, match="2 panels"):
        plot_manual_tuning(manual_tuning_data(tuning), ax=[left])


def test_plots_without_axes_make_their_own():
    tuning = ManualTuning("knn")
    data = manual_tuning_data(tuning)
    try:
        assert plot_trials_vs_value(data).get_xlabel() == "n_neighbors"
        assert plot_trial_sequence(data).get_xlabel() == "trial"
        assert len(plot_manual_tuning(data)) == 2
    finally:
        plt.close("all")


# --------------------------------------------------------------------------------------
# The figure in words
# --------------------------------------------------------------------------------------


def _figure_data(trials, *, param="C", curve=None):
    """A ManualTuningData made by hand: the description reads nothing else."""
    best = max(trials, key=lambda t: (t["validation_score"], -t["trial"])) if trials else None
    return ManualTuningData(param, True, (1e-3, 1e3), (0.48, 1.02), {}, trials, (), best, curve)


def test_the_description_names_the_trials_and_the_best_setting():
    assert describe_manual_tuning(_figure_data([])) == (
        "No trials yet: the figure will show the train and validation accuracy of each trial "
        "once a fit succeeds."
    )
    trials = [
        {"trial": 1, "C": 1.0, "gamma": 1.0, "train_score": 0.9, "validation_score": 0.8},
        {"trial": 2, "C": 10.0, "gamma": 0.1, "train_score": 0.95, "validation_score": 0.8625},
        {"trial": 3, "C": 100.0, "gamma": 0.1, "train_score": 1.0, "validation_score": 0.8625},
    ]
    assert describe_manual_tuning(_figure_data(trials[:1])) == (
        "Train and validation accuracy of 1 trial, against C (left) and in order (right); "
        "the best validation accuracy so far, 0.800, at trial 1 (C=1, gamma=1)."
    )
    # a tie goes to the earlier trial, as ManualTuning.best does
    assert describe_manual_tuning(_figure_data(trials, param="gamma")) == (
        "Train and validation accuracy of 3 trials, against gamma (left) and in order "
        "(right); the best validation accuracy so far, 0.863, at trial 2 (C=10, gamma=0.1)."
    )


def test_the_description_adds_the_validation_curve_on_show():
    trials = [{"trial": 1, "C": 1.0, "train_score": 0.9, "validation_score": 0.8}]
    curve = ValidationCurveData(
        "C",
        np.array([0.01, 1.0, 100.0]),
        np.array([[0.6, 0.7], [0.9, 0.9], [1.0, 1.0]]),
        np.array([[0.5, 0.6], [0.85, 0.8], [0.7, 0.8]]),
        {},
        300,
    )
    assert describe_manual_tuning(_figure_data(trials, curve=curve)) == (
        "Train and validation accuracy of 1 trial, against C (left) and in order (right); "
        "the best validation accuracy so far, 0.800, at trial 1 (C=1). The 2-fold validation "
        "curve of C, over 0.01 to 100 (3 values): mean validation accuracy from 0.550 to "
        "0.825, the best at C=1."
    )


def test_the_description_of_a_tuning_reads_its_figure_data():
    tuning = ManualTuning("knn", cv=2)
    tuning.set(n_neighbors=1)
    curve = tuning.validation_curve()
    best = tuning.best
    text = describe_manual_tuning(manual_tuning_data(tuning))
    means = curve.validation_scores.mean(axis=1)
    assert text.startswith(
        "Train and validation accuracy of 2 trials, against n_neighbors (left) and in order "
        f"(right); the best validation accuracy so far, {best['validation_score']:.3f}, at "
        f"trial {best['trial']} (n_neighbors={best['n_neighbors']}). The 2-fold validation "
        f"curve of n_neighbors, over {curve.values.min()} to {curve.values.max()} "
    )
    assert text.endswith(
        f"from {means.min():.3f} to {means.max():.3f}, the best at n_neighbors={curve.best_value}."
    )
