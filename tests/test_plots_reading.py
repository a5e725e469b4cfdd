"""The figures that read a search: importance, axis plots with the boundary check, isolation
plots and "have we sampled enough?". Data steps checked exactly on hand-made results;
drawing smoke-tested."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy.stats import loguniform
from sklearn.svm import SVC

from hptlearn.plots.reading import (
    AxisPlotsData,
    ImportanceData,
    IsolationData,
    SampledEnoughData,
    axis_plots_data,
    describe_axis_plots,
    describe_importance,
    describe_isolation,
    describe_sampled_enough,
    importance_data,
    isolation_data,
    plot_axis_plots,
    plot_importance,
    plot_isolation,
    plot_sampled_enough,
    sampled_enough_data,
)
from hptlearn.search import LiveRandomizedSearchCV


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cv_results(params, scores):
    scores = np.asarray(scores, dtype=float)
    return {
        "params": params,
        "mean_test_score": scores,
        "std_test_score": np.zeros_like(scores),
        "split0_test_score": scores,
        "rank_test_score": np.argsort(np.argsort(-scores)) + 1,
    }


def ten():
    """C = 1, 10, ..., 1e9 (log-spaced), k alternates 'a'/'b'; the score rises with C."""
    params = [{"C": 10.0**i, "k": "ab"[i % 2]} for i in range(10)]
    return cv_results(params, [0.1 * i for i in range(10)])


# --- importance -------------------------------------------------------------------------


def test_importance_data_reads_the_table():
    table = pd.DataFrame(
        {
            "importance": [0.7, 0.2],
            "low": [0.6, 0.1],
            "high": [0.8, 0.3],
            "scale": ["log", "categorical"],
        },
        index=pd.Index(["C", "kernel"], name="hyperparameter"),
    )
    table.attrs.update(evaluator="fanova", meaning="share", level=0.9, n_candidates=40, notes=[])
    d = importance_data(table)
    assert d.names == ["C", "kernel"]
    np.testing.assert_array_equal(d.importance, [0.7, 0.2])
    np.testing.assert_array_equal(d.low, [0.6, 0.1])
    assert d.scale == ["log", "categorical"] and d.n_candidates == 40
    text = describe_importance(d)
    assert "C (log scale): 0.70 (0.60 to 0.80)" in text
    assert "Together 0.90; the other 0.10" in text
    with pytest.raises(TypeError, match="pass the search instead"):
        importance_data(table, n_bootstrap=3)
    ax = plot_importance(d)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C (log)", "kernel"]
    assert len(ax.patches) == 2


def test_importance_data_computes_from_a_search():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(size=20), rng.uniform(size=20)
    d = importance_data(
        cv_results([{"a": x, "b": y} for x, y in zip(a, b, strict=True)], a),
        evaluator="ped-anova",
        n_bootstrap=2,
    )
    assert isinstance(d, ImportanceData) and d.names[0] == "a"
    assert d.evaluator == "ped-anova" and "Together" not in describe_importance(d)


# --- axis plots --------------------------------------------------------------------------


def test_axis_plots_data_exact():
    d = axis_plots_data(ten(), top=0.2, margin=0.15)
    assert isinstance(d, AxisPlotsData)
    assert d.n_best == 3  # 20 % of 10 is 2, at least 3
    c, k = d.panels[0], d.panels[1]
    assert c.param == "C" and c.numeric and c.log  # 10 decades, bunched low: log
    assert (c.low, c.high) == (1.0, 1e9)
    np.testing.assert_array_equal(c.best, [False] * 7 + [True] * 3)
    # on the log axis the outer 15 % are C <= 10**1.35 and C >= 10**7.65: two of the best 3
    assert c.edge == "upper" and c.share == pytest.approx(2 / 3)
    assert "67% of the 3 best candidates lie in the largest 15%" in c.message
    assert not k.numeric and k.categories == ["a", "b"] and k.edge is None
    assert k.values == list("ababababab")
    text = describe_axis_plots(d)
    assert "Best candidates crowd an edge for: C." in text


def test_axis_plots_inside_the_range_and_the_space_decides_the_scale():
    # the best values in the middle of a log-uniform space: no edge
    params = [{"C": float(c)} for c in np.geomspace(1e-3, 1e3, 13)]
    scores = -np.abs(np.log10([p["C"] for p in params]))
    search = LiveRandomizedSearchCV(SVC(), {"C": loguniform(1e-4, 1e4)})
    search.cv_results_ = cv_results(params, scores)
    search.best_index_ = int(np.argmax(scores))
    d = axis_plots_data(search)
    (p,) = d.panels
    assert p.log and (p.low, p.high) == (1e-4, 1e4)  # the space's support, not the values
    assert p.edge is None
    assert "do not crowd an edge" in p.message


def test_axis_plots_failed_and_bad_arguments():
    data = ten()
    data["mean_test_score"][0] = np.nan
    d = axis_plots_data(data)
    assert d.n_failed == 1 and len(d.panels[0].values) == 9
    assert "1 failed candidate(s) not drawn" in describe_axis_plots(d)
    with pytest.raises(ValueError, match="top must be a share"):
        axis_plots_data(data, top=0)
    with pytest.raises(ValueError, match="margin must be in"):
        axis_plots_data(data, margin=0.6)
    with pytest.raises(ValueError, match="'gamma' is not a hyperparameter"):
        axis_plots_data(data, ["gamma"])


def test_plot_axis_plots_draws_one_panel_each():
    assert plot_axis_plots(ten())[0].get_title() == ""  # 1 of the best 3 in the outer 10 %
    axes = plot_axis_plots(axis_plots_data(ten(), margin=0.15))
    assert len(axes) == 2
    assert axes[0].get_xscale() == "log" and "edge" in axes[0].get_title()
    fig, grid = plt.subplots(1, 2)
    assert list(plot_axis_plots(axis_plots_data(ten()), ax=grid)) == list(grid)
    with pytest.raises(ValueError, match="draws 2 panels"):
        plot_axis_plots(ten(), ax=[grid[0]])


# --- isolation ---------------------------------------------------------------------------


def test_isolation_buckets_exact():
    d = isolation_data(ten(), "C", bins=3)
    assert isinstance(d, IsolationData) and d.log
    # edges 1, 1e3, 1e6, 1e9: C = 1, 10, 100 | 1e3 .. 1e5 | 1e6 .. 1e9 (the last holds 1e9)
    np.testing.assert_allclose(d.edges, [1, 1e3, 1e6, 1e9])
    np.testing.assert_array_equal(d.counts, [3, 3, 4])
    np.testing.assert_allclose(d.best, [0.2, 0.5, 0.9])
    assert d.best_params == [{"k": "a"}, {"k": "b"}, {"k": "b"}]
    assert d.labels == ["1-1000", "1000-1e+06", "1e+06-1e+09"]
    text = describe_isolation(d)
    assert "1-1000: 0.200 (3 candidates)" in text and "differ by 0.700" in text


def test_isolation_categories_and_whole_numbers():
    d = isolation_data(ten(), "k")
    assert d.labels == ["a", "b"] and not d.numeric
    np.testing.assert_allclose(d.best, [0.8, 0.9])
    np.testing.assert_array_equal(d.counts, [5, 5])
    params = [{"depth": i, "x": 0.0} for i in range(1, 31)]
    d = isolation_data(cv_results(params, np.arange(30.0)), "depth", bins=3)
    assert not d.log  # evenly spread: linear buckets 1-10.67, 10.67-20.33, 20.33-30
    assert d.labels == ["1-10", "11-20", "21-30"]
    np.testing.assert_array_equal(d.counts, [10, 10, 10])
    with pytest.raises(ValueError, match="bins must be a whole number"):
        isolation_data(ten(), "C", bins=0)


def test_plot_isolation():
    ax = plot_isolation(ten(), "C", bins=3)
    assert ax.get_xscale() == "log"
    assert ax.lines[0].get_linestyle() == "-"  # buckets of numbers: joined
    ax = plot_isolation(isolation_data(ten(), "k"))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    assert ax.lines[0].get_linestyle() == "None"  # categories: not joined
    with pytest.raises(TypeError, match="needs param="):
        plot_isolation(ten())
    with pytest.raises(TypeError, match="needs the data step"):
        describe_isolation(ten())


# --- have we sampled enough? --------------------------------------------------------------


def test_sampled_enough_matches_the_distribution_of_the_best_of_n():
    """Scores 0..9: the best of n draws (with replacement) is at most k with probability
    ((k + 1) / 10) ** n, so its median is 4 or 5 for n = 1 (P(<= 4) = 0.5), 8 for
    n = 5 (P(<= 7) = 0.33, P(<= 8) = 0.59) and 9 for n = 10 (P(<= 8) = 0.35)."""
    data = cv_results([{"x": i} for i in range(10)], np.arange(10.0))
    d = sampled_enough_data(data, n_resamples=4000)
    assert isinstance(d, SampledEnoughData)
    np.testing.assert_array_equal(d.n, np.arange(1, 11))
    assert 4 <= d.median[0] <= 5
    assert d.median[4] == 8 and d.median[9] == 9
    assert np.all(np.diff(d.median) >= 0) and np.all(d.low <= d.median)
    assert np.all(d.median <= d.high)
    # 90 % band at n = 1: the 5th and 95th percentiles of one uniform draw of 0..9
    assert d.low[0] == 0 and d.high[0] == 9
    # P(best of 6 = 9) = 1 - 0.9**6 = 0.47, P(best of 7 = 9) = 1 - 0.9**7 = 0.52
    assert d.best == 9 and d.plateau == 7
    again = sampled_enough_data(data, n_resamples=4000)
    np.testing.assert_array_equal(again.median, d.median)


def test_sampled_enough_failed_text_and_drawing():
    data = ten()
    data["mean_test_score"][:2] = np.nan
    d = sampled_enough_data(data, n_resamples=200)
    assert len(d.n) == 8 and d.best == pytest.approx(0.9)
    text = describe_sampled_enough(d)
    assert "best of 1: median" in text and f"at n = {d.plateau} of 8" in text
    ax = plot_sampled_enough(d)
    assert ax.get_title() == "Have we sampled enough?"
    with pytest.raises(ValueError, match="level must be in"):
        sampled_enough_data(data, level=1.5)
    data["mean_test_score"][:] = np.nan
    with pytest.raises(ValueError, match="Every candidate failed"):
        sampled_enough_data(data)
