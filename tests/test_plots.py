import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform, uniform
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from hptlearn import LiveGridSearchCV, LiveRandomizedSearchCV, results_frame
from hptlearn.compare import FRAME_COLUMNS, comparison_params
from hptlearn.plots import (
    best_so_far_data,
    distinct_values_data,
    fit_count_growth_data,
    heatmap_data,
    parallel_coordinates_data,
    plot_best_so_far,
    plot_distinct_values,
    plot_fit_count_growth,
    plot_heatmap,
    plot_parallel_coordinates,
    plot_score_distribution,
    plot_scores_vs_value,
    plot_slices,
    score_distribution_data,
    scores_vs_value_data,
    slices_data,
)
from tests.estimators import PickyClassifier

X, Y = load_iris(return_X_y=True)


@pytest.fixture(scope="module")
def search3():
    grid = {"C": [0.1, 1, 10], "gamma": [0.01, 0.1], "kernel": ["rbf", "sigmoid"]}
    return LiveGridSearchCV(SVC(), grid, cv=3).fit(X, Y)


def test_heatmap_data_two_params_is_the_score_table():
    search = LiveGridSearchCV(SVC(), {"C": [10, 0.1, 1], "gamma": [0.1, 0.01]}, cv=3).fit(X, Y)
    d = heatmap_data(search, x="gamma", y="C")
    assert d.x_values == [0.01, 0.1] and d.y_values == [0.1, 1, 10]
    frame = results_frame(search)
    for i, c in enumerate(d.y_values):
        for j, g in enumerate(d.x_values):
            row = frame[(frame["C"] == c) & (frame["gamma"] == g)]
            assert d.scores[i, j] == row["mean_test_score"].item()
    assert not d.failed.any()
    assert d.others == ""


def test_heatmap_data_others_at_best_or_averaged(search3):
    frame = results_frame(search3)
    best_kernel = search3.best_params_["kernel"]
    d = heatmap_data(search3, x="gamma", y="C", others="best")
    assert d.others == f"others at best: kernel={best_kernel}"
    sub = frame[frame["kernel"] == best_kernel]
    assert (
        d.scores[0, 0] == sub[(sub["C"] == 0.1) & (sub["gamma"] == 0.01)]["mean_test_score"].item()
    )
    m = heatmap_data(search3, x="gamma", y="C", others="mean")
    assert m.others == "averaged over kernel"
    expected = frame[(frame["C"] == 10) & (frame["gamma"] == 0.1)]["mean_test_score"].mean()
    assert m.scores[2, 1] == pytest.approx(expected)


def test_heatmap_marks_failed_candidates():
    grid = {"C": [1.0, 10.0], "fail": [False, True]}
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, Y)
    d = heatmap_data(search, x="fail", y="C")
    assert d.failed.tolist() == [[False, True], [False, True]]
    assert np.isnan(d.scores[:, 1]).all() and np.isfinite(d.scores[:, 0]).all()
    ax = plot_heatmap(search, x="fail", y="C")
    assert any(t.get_text() == "failed" for t in ax.texts)


def test_heatmap_bad_names_are_explained(search3):
    with pytest.raises(ValueError, match="x='gama' is not a hyperparameter.*C, gamma, kernel"):
        heatmap_data(search3, x="gama", y="C")
    with pytest.raises(ValueError, match="two different"):
        heatmap_data(search3, x="C", y="C")
    with pytest.raises(ValueError, match="others"):
        heatmap_data(search3, x="C", y="gamma", others="max")


def test_plot_heatmap_draws_on_given_axes_with_labels(search3):
    fig, ax = plt.subplots()
    out = plot_heatmap(search3, x="C", y="gamma", ax=ax)
    assert out is ax
    assert ax.get_xlabel() == "C (log scale)" and ax.get_ylabel() == "gamma"
    assert "kernel=" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.1", "1", "10"]
    assert len([t for t in ax.texts if t.get_text()[:2] in ("0.", "1.")]) == 6
    # a results frame works as well as the search
    ax2 = plot_heatmap(results_frame(search3), x="C", y="gamma")
    assert ax2 is not ax


# -- score against one hyperparameter --------------------------------------------------


def test_scores_vs_value_data_with_train_scores_and_log_axis():
    grid = {"C": [0.01, 0.1, 1, 10, 100]}
    search = LiveGridSearchCV(SVC(), grid, cv=3, return_train_score=True).fit(X, Y)
    d = scores_vs_value_data(search, "C")
    cv = search.cv_results_
    assert d.values == [0.01, 0.1, 1, 10, 100]
    np.testing.assert_array_equal(d.mean, cv["mean_test_score"])
    np.testing.assert_array_equal(d.std, cv["std_test_score"])
    np.testing.assert_array_equal(d.train_mean, cv["mean_train_score"])
    assert d.numeric and d.log and d.others == ""
    ax = plot_scores_vs_value(search, "C")
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "C (log scale)"
    assert ax.get_ylabel() == "mean CV score"
    assert len(ax.get_lines()) == 2  # validation and training


def test_scores_vs_value_categorical_with_failures_and_others(search3):
    d = scores_vs_value_data(search3, "kernel", others="mean")
    frame = results_frame(search3)
    assert d.values == ["rbf", "sigmoid"] and not d.numeric and not d.log
    assert d.mean[0] == pytest.approx(frame[frame["kernel"] == "rbf"]["mean_test_score"].mean())
    assert d.others == "averaged over C, gamma"
    best = scores_vs_value_data(search3, "kernel")
    assert best.others.startswith("others at best: C=")
    grid = {"fail": [False, True]}
    failing = LiveGridSearchCV(PickyClassifier(), grid, cv=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        failing.fit(X, Y)
    f = scores_vs_value_data(failing, "fail")
    assert f.failed.tolist() == [False, True] and np.isnan(f.mean[1])
    ax = plot_scores_vs_value(failing, "fail")
    assert "failed" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["False", "True"]


# -- parallel coordinates --------------------------------------------------------------


def test_parallel_coordinates_data_scales_each_axis(search3):
    d = parallel_coordinates_data(search3)
    frame = results_frame(search3)
    assert d.axes == ["C", "gamma", "kernel", "mean_test_score"]
    assert d.positions.shape == (12, 4)
    assert np.nanmin(d.positions) == 0.0 and np.nanmax(d.positions) == 1.0
    # C = 0.1, 1, 10 on a log axis -> 0, 0.5, 1
    c_pos = dict(zip(frame["C"], d.positions[:, 0], strict=True))
    assert c_pos[0.1] == 0.0 and c_pos[1.0] == pytest.approx(0.5) and c_pos[10.0] == 1.0
    assert d.log_axes == ["C"]  # gamma spans one decade only: linear
    kernel_pos = dict(zip(frame["kernel"], d.positions[:, 2], strict=True))
    assert kernel_pos == {"rbf": 0.0, "sigmoid": 1.0}
    best = int(np.argmax(frame["mean_test_score"]))
    assert d.positions[best, 3] == 1.0
    assert [label for _, label in d.ticks[2]] == ["rbf", "sigmoid"]
    ax = plot_parallel_coordinates(search3, params=["C", "kernel"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["C (log)", "kernel", "mean CV score"]
    assert len(ax.get_lines()) >= 12


def test_parallel_coordinates_ticks_can_be_read_anywhere_on_a_long_axis():
    # Many distinct values: a log axis gets its powers of ten, a linear one round numbers
    # (and both ends), so that a threshold such as "C below 1" can be read off the figure.
    X, y = load_iris(return_X_y=True)
    space = {"C": loguniform(1e-2, 1e3), "tol": uniform(0, 1)}
    search = LiveRandomizedSearchCV(SVC(), space, n_iter=20, cv=2, random_state=0).fit(X, y)
    frame = results_frame(search)
    d = parallel_coordinates_data(search, params=["C", "tol"])
    c_ticks = {label: where for where, label in d.ticks[0]}
    lo, hi = np.log10(frame["C"].min()), np.log10(frame["C"].max())
    for label in ("0.1", "1", "10", "100"):
        assert c_ticks[label] == pytest.approx((np.log10(float(label)) - lo) / (hi - lo))
    assert min(c_ticks.values()) == 0.0 and max(c_ticks.values()) == 1.0
    tol_labels = [label for _, label in d.ticks[1]]
    assert {"0.2", "0.4", "0.6", "0.8"} <= set(tol_labels)


def test_parallel_coordinates_failed_and_missing_params():
    grid = [{"fail": [True], "C": [1.0]}, {"fail": [False], "C": [0.1, 1.0, 10.0]}]
    search = LiveGridSearchCV(PickyClassifier(), grid, cv=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, Y)
    d = parallel_coordinates_data(search)
    assert d.failed.tolist() == [True, False, False, False]
    assert np.isnan(d.scores[0]) and np.isnan(d.positions[0, -1])
    ax = plot_parallel_coordinates(search)
    assert "1 failed" in ax.get_title()
    with pytest.raises(ValueError, match="params='nope'"):
        parallel_coordinates_data(search, ["nope"])


# -- fit count growth ------------------------------------------------------------------


def test_fit_count_growth_numbers_and_axes():
    d = fit_count_growth_data(max_params=4, values_per_param=(2, 10), cv=5)
    assert d.n_params.tolist() == [1, 2, 3, 4]
    assert d.fits.tolist() == [[10, 20, 40, 80], [50, 500, 5000, 50000]]
    ax = plot_fit_count_growth(4, (2, 10), cv=5, log_y=True, seconds_per_fit=0.5)
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "2 values each",
        "10 values each",
    ]
    linear = plot_fit_count_growth(4, (2, 10), log_y=False)
    assert linear.get_yscale() == "linear"
    with pytest.raises(ValueError, match="max_params"):
        fit_count_growth_data(0)


def test_scores_vs_value_of_a_random_search_is_points_not_a_curve():
    from scipy.stats import loguniform

    from hptlearn import LiveRandomizedSearchCV

    dists = {"C": loguniform(1e-2, 1e2), "gamma": loguniform(1e-3, 1e0)}
    search = LiveRandomizedSearchCV(SVC(), dists, n_iter=8, cv=3, random_state=0).fit(X, Y)
    d = scores_vs_value_data(search, "C", others="mean")
    assert not d.connect and len(d.values) == 8
    assert d.others == "one candidate per point, each with its own gamma"
    np.testing.assert_array_equal(
        d.mean, results_frame(search).sort_values("C")["mean_test_score"].to_numpy()
    )
    ax = plot_scores_vs_value(search, "C", others="mean")
    assert not any(
        len(line.get_xdata()) == 8 and line.get_linestyle() == "-" for line in ax.get_lines()
    )
    grid = LiveGridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": [0.01, 0.1]}, cv=3).fit(X, Y)
    assert scores_vs_value_data(grid, "C", others="mean").connect


# -- several metrics: the figures follow the metric refit names -------------------------


def test_multimetric_figures_follow_refit():
    from sklearn.metrics import make_scorer, zero_one_loss

    # refit names the last metric, neither the first in scoring's order nor alphabetically;
    # zero_one_loss scored as "greater is better" ranks candidates against accuracy
    scoring = {
        "recall_macro": "recall_macro",
        "accuracy": "accuracy",
        "zero_one": make_scorer(zero_one_loss),
    }
    grid = {"C": [0.01, 0.1, 1, 10], "gamma": [0.01, 1.0], "kernel": ["rbf", "sigmoid"]}
    search = LiveGridSearchCV(SVC(), grid, cv=3, scoring=scoring, refit="zero_one").fit(X, Y)
    frame = results_frame(search)
    best = search.best_params_
    assert best != results_frame(search.cv_results_, sort=True).iloc[0][list(grid)].to_dict()

    d = heatmap_data(search, x="gamma", y="C")
    assert d.score == "mean_test_zero_one"
    assert d.others == f"others at best: kernel={best['kernel']}"
    sub = frame[frame["kernel"] == best["kernel"]]
    for i, c in enumerate(d.y_values):
        for j, g in enumerate(d.x_values):
            row = sub[(sub["C"] == c) & (sub["gamma"] == g)]
            assert d.scores[i, j] == row["mean_test_zero_one"].item()

    s = scores_vs_value_data(search, "C")
    assert s.score == "mean_test_zero_one"
    assert s.others == f"others at best: gamma={best['gamma']:g}, kernel={best['kernel']}"
    rows = frame[(frame["gamma"] == best["gamma"]) & (frame["kernel"] == best["kernel"])]
    np.testing.assert_array_equal(s.mean, rows.sort_values("C")["mean_test_zero_one"])
    np.testing.assert_array_equal(s.std, rows.sort_values("C")["std_test_zero_one"])

    p = parallel_coordinates_data(search)
    assert p.axes[-1] == "mean_test_zero_one"
    np.testing.assert_array_equal(p.scores, frame["mean_test_zero_one"])
    ax = plot_scores_vs_value(search, "C")
    assert ax.get_ylabel() == "mean CV zero_one"
    plt.close("all")


# -- comparisons: the layout comes from hptlearn.compare; data steps exactly -------------


def _comparison_frame():
    """A hand-made comparison frame: two strategies, a numeric and a categorical
    hyperparameter, one failed candidate, and an extra column that is no hyperparameter."""
    frame = pd.DataFrame(
        {
            "strategy": ["grid", "grid", "random", "random", "random", "random"],
            "repeat": [0, 0, 0, 0, 1, 1],
            "order": [1, 2, 1, 2, 1, 2],
            "resources": 1.0,
            "cost": 3.0,
            "budget_spent": [3.0, 6.0, 3.0, 6.0, 3.0, 6.0],
            "elapsed": [0.1, 0.2, 0.1, 0.3, 0.2, 0.4],
            "score": [0.5, 0.7, 0.6, np.nan, 0.8, 0.4],
            "best_so_far": [0.5, 0.7, 0.6, 0.6, 0.8, 0.8],
            "status": ["ok", "ok", "ok", "failed", "ok", "ok"],
            "C": [1.0, 10.0, 0.5, 50.0, 2.0, 300.0],
            "kernel": ["rbf", "linear", "linear", "rbf", "rbf", "rbf"],
            "note": ["a", "b", "c", "d", "e", "f"],
        }
    )
    frame.attrs["hptlearn"] = {"columns": list(FRAME_COLUMNS), "params": ["C", "kernel"]}
    return frame


def test_comparison_plots_read_the_layout_of_compare():
    frame = _comparison_frame()
    assert comparison_params(frame) == ["C", "kernel"]
    d = distinct_values_data(frame)
    assert d.params == ["C", "kernel"]
    assert d.table.loc["grid"].tolist() == [2, 2]
    assert d.table.loc["random"].tolist() == [2, 1.5]
    # without the layout (a frame read back from a file) every extra column counts
    bare = frame.copy()
    bare.attrs = {}
    assert comparison_params(bare) == ["C", "kernel", "note"]
    assert distinct_values_data(bare).params == ["C", "kernel", "note"]


def test_slices_data_positions_scores_and_failures():
    d = slices_data(_comparison_frame())
    assert d.strategies == ["grid", "random"]
    assert d.bottom == 0.4
    c, kernel = d.slices
    assert c.param == "C" and c.numeric and c.log
    assert c.values == [0.5, 1.0, 2.0, 10.0, 50.0, 300.0]
    np.testing.assert_array_equal(c.x["random"], [0.5, 50.0, 2.0, 300.0])
    np.testing.assert_array_equal(c.score["grid"], [0.5, 0.7])
    assert c.failed["random"].tolist() == [False, True, False, False]
    assert kernel.param == "kernel" and not kernel.numeric and not kernel.log
    assert kernel.values == ["linear", "rbf"]
    np.testing.assert_array_equal(kernel.x["grid"], [1, 0])
    axes = plot_slices(d)
    assert [a.get_xlabel() for a in axes] == ["C (log scale)", "kernel"]
    assert [t.get_text() for t in axes[1].get_xticklabels()] == ["linear", "rbf"]
    plt.close("all")


def test_score_distribution_data_leaves_failures_out():
    d = score_distribution_data(_comparison_frame())
    assert d.strategies == ["grid", "random"]
    np.testing.assert_array_equal(d.scores[0], [0.5, 0.7])
    np.testing.assert_array_equal(d.scores[1], [0.6, 0.8, 0.4])
    assert d.failed == [0, 1]
    assert [len(j) for j in d.jitter] == [2, 3]
    assert all(np.abs(j).max() <= 0.18 for j in d.jitter)
    # the same figure twice: the jitter is fixed
    np.testing.assert_array_equal(
        score_distribution_data(_comparison_frame()).jitter[1], d.jitter[1]
    )
    ax = plot_score_distribution(d)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Grid\n2 candidates",
        "Random\n3 candidates\n1 failed",
    ]
    plt.close("all")


def test_best_so_far_data_focus_range():
    d = best_so_far_data(_comparison_frame())
    assert d.x == "budget_spent" and d.quantiles == (0.25, 0.75)
    np.testing.assert_array_equal(d.strategies["random"].x, [3.0, 6.0])
    assert list(d.strategies) == ["grid", "random"]
    np.testing.assert_array_equal(d.strategies["random"].median, [0.7, 0.7])
    # from the lowest low/median (0.5) to the highest high (0.75), with a tenth of margin
    assert d.ylim == pytest.approx((0.5 - 0.025, 0.75 + 0.025))
    ax = plot_best_so_far(d)
    assert ax.get_ylim() == pytest.approx(d.ylim)
    plt.close("all")


# -- one convention for Axes ---------------------------------------------------------------


def test_given_axes_are_used_and_no_pyplot_figure_is_made(search3):
    from matplotlib.figure import Figure

    before = plt.get_fignums()
    fig = Figure()
    one, two = fig.subplots(1, 2)
    assert plot_heatmap(search3, "C", "gamma", ax=one) is one
    assert plot_scores_vs_value(search3, "C", ax=two) is two
    assert plot_parallel_coordinates(search3, ax=one) is one
    assert plot_fit_count_growth(ax=two) is two
    frame = _comparison_frame()
    assert plot_best_so_far(frame, ax=one) is one
    assert plot_distinct_values(frame, ax=one) is one
    assert plot_score_distribution(frame, ax=one) is one
    axes = plot_slices(frame, ax=fig.subplots(2, 1))  # a 2-D array of Axes is flattened
    assert len(axes) == 2 and all(a.figure is fig for a in axes)
    assert plt.get_fignums() == before


def test_several_panel_figures_check_the_number_of_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    with pytest.raises(ValueError, match="2 panels .one per hyperparameter.*got 3"):
        plot_slices(_comparison_frame(), ax=fig.subplots(1, 3))
    with pytest.raises(ValueError, match="got 1"):
        plot_slices(_comparison_frame(), ax=fig.subplots())


def test_drawing_steps_take_their_data_step(search3):
    d = heatmap_data(search3, "C", "gamma")
    ax = plot_heatmap(d)
    assert ax.get_xlabel() == "C (log scale)" and d.x_log and not d.y_log
    s = scores_vs_value_data(search3, "kernel")
    assert [t.get_text() for t in plot_scores_vs_value(s).get_xticklabels()] == ["rbf", "sigmoid"]
    p = parallel_coordinates_data(search3)
    assert len(plot_parallel_coordinates(p).get_lines()) >= 12
    f = fit_count_growth_data(3, (2, 4))
    assert len(plot_fit_count_growth(f).get_lines()) == 2
    with pytest.raises(TypeError, match="plot_heatmap needs x"):
        plot_heatmap(search3)
    plt.close("all")


# -- figures of fitted models: the new data steps ------------------------------------------


def test_concept_data_steps():
    from sklearn.cluster import KMeans
    from sklearn.datasets import make_moons
    from sklearn.linear_model import LinearRegression
    from sklearn.neural_network import MLPClassifier

    from hptlearn.plots import (
        centroids_data,
        learned_parameters_axes,
        learned_parameters_data,
        loss_curves_data,
        plot_learned_parameters,
        plot_loss_curves,
        regression_line,
    )

    Xm, ym = make_moons(80, noise=0.2, random_state=0)
    km = KMeans(3, n_init=1, random_state=0).fit(Xm)
    c = centroids_data(km, Xm)
    np.testing.assert_array_equal(c.labels, km.labels_)
    np.testing.assert_array_equal(c.centers, km.cluster_centers_)

    x1 = np.linspace(-1, 1, 20)[:, None]
    line = regression_line(LinearRegression().fit(x1, 3 * x1[:, 0] + 2), x1, n_points=5)
    assert line.slope == pytest.approx(3) and line.intercept == pytest.approx(2)

    mlp = MLPClassifier((4, 3), solver="lbfgs", max_iter=2000, random_state=0).fit(Xm, ym)
    d = learned_parameters_data(mlp, Xm)
    assert d.family == "mlp" and d.n_panels == 4 and len(d.width_ratios) == 4
    assert learned_parameters_data(km, Xm) == ("kmeans", "KMeans: 3 learned centroids", 1, [1])
    from matplotlib.figure import Figure

    before = plt.get_fignums()
    fig = Figure()
    axes = plot_learned_parameters(mlp, Xm, ym, ax=learned_parameters_axes(mlp, Xm, fig))
    assert len(axes) == 4 and all(a.figure is fig for a in axes)
    assert plt.get_fignums() == before
    with pytest.raises(ValueError, match="4 panels"):
        plot_learned_parameters(mlp, Xm, ym, ax=Figure().subplots(1, 2))

    sgd = MLPClassifier((3,), solver="sgd", max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sgd.fit(Xm, ym)
    curves = loss_curves_data([sgd], labels=["a"])
    np.testing.assert_array_equal(curves.curves[0], sgd.loss_curve_)
    assert len(plot_loss_curves(curves).get_lines()) == 1
    with pytest.raises(ValueError, match="2 labels for 1 networks"):
        loss_curves_data([sgd], labels=["a", "b"])
    plt.close("all")


# -- figure descriptions, next to their data step --------------------------------------------


def test_the_search_figure_is_described_from_its_data_and_reachable_from_a_notebook():
    from hptlearn.plots import describe_results_figure
    from hptlearn.plots.search import results_figure_kind

    frame = pd.DataFrame(
        {
            "order": [0, 1, 2, 3],
            "C": [0.1, 0.1, 10.0, 10.0],
            "gamma": [0.01, 1.0, 0.01, 1.0],
            "mean_test_score": [0.8, 0.85, 0.95, 0.9],
            "status": ["ok"] * 4,
        }
    )
    # a heatmap only for a grid that is not halved; every strategy is read from the registry
    assert results_figure_kind(frame, ["C", "gamma"], "grid") == "heatmap"
    assert results_figure_kind(frame, ["C", "gamma"], "halving-grid") == "parallel"
    assert results_figure_kind(frame, ["C", "gamma"], "random") == "parallel"
    text = describe_results_figure("heatmap", frame, ["C", "gamma"], metric="accuracy")
    assert text == (
        "Heatmap of the mean CV accuracy of 4 candidates over C (2 values, rows) and gamma "
        "(2 values, columns); the best, 0.9500, at C=10, gamma=0.01."
    )


def test_the_comparison_figure_is_described_from_the_comparison_it_draws():
    from hptlearn.compare import read_comparison
    from hptlearn.data import recorded
    from hptlearn.plots import describe_comparison_figure

    comparison = read_comparison(recorded("sgd_example.csv"))
    best = comparison.summary().set_index("strategy")
    text = describe_comparison_figure(comparison)
    assert text.startswith(f"Four panels over {int(best['runs'].sum())} runs: the best CV")
    grid, random = best.loc["grid"], best.loc["random"]
    assert f"Grid {grid['best score (median)']:.4f};" in text
    assert (
        f"Random {random['best score (median)']:.4f} (median of {int(random['runs'])} runs, "
        f"{random['best score (min)']:.4f} to {random['best score (max)']:.4f})."
    ) in text
