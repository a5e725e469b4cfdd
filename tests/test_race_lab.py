"""The race lab (hptlearn.compare.lab) on a tiny hand-made recording: every strategy runs,
the truth beside the score is the recording's, and the fairness dial's probabilities are
those counted by hand."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.model_selection import RandomizedSearchCV

from hptlearn.compare import lab as race
from hptlearn.plots import race_lab as figures
from hptlearn.replay import Recording, ReplayEstimator
from hptlearn.strategies import STRATEGIES

R = 9  # epochs


def tiny(test_scores=None):
    """4 learning rates x 2 widths, 3 folds of 10 rows, 9 epochs; the curves cross."""
    lrs, widths = [0.001, 0.01, 0.1, 1.0], [8, 32]
    configs = [(lr, w) for w in widths for lr in lrs]
    folds = np.arange(30) % 3
    epochs = np.arange(1, R + 1)
    correct = np.zeros((8, 3, R), dtype=int)
    for c, (lr, w) in enumerate(configs):
        final = 3 + (c * 5) % 8  # of 10 correct at the end
        speed = 1.0 if lr >= 0.1 else 0.25  # fast starters plateau lower
        curve = np.minimum(final, np.ceil(speed * epochs + (w == 32)))
        for k in range(3):
            correct[c, k] = np.clip(curve - (k == c % 3), 0, 10)
    fit_ms = np.cumsum(np.ones((8, 3, R)) * (1 + np.arange(8)[:, None, None]), axis=2)
    if test_scores is None:
        test_scores = [(3 + (c * 7) % 10) for c in range(8)]
    test = np.repeat(np.asarray(test_scores)[:, None], 3, axis=1)
    return Recording(
        {"learning_rate_init": lrs, "width": widths},
        configs,
        correct,
        fit_ms,
        test,
        folds,
        np.arange(30) % 2,
        10,
        log_scale=("learning_rate_init",),
        name="tiny",
    )


@pytest.fixture(scope="module")
def rec():
    return tiny()


@pytest.fixture(scope="module")
def lab(rec):
    return race.race_lab(rec, seeds=3, budget=2, random_state=0)


def test_every_registered_strategy_races(rec, lab):
    assert lab.strategies == list(STRATEGIES)
    runs = lab.runs
    for name, record in STRATEGIES.items():
        assert (runs["strategy"] == name).sum() == (1 if record.runs_once else 3)
    assert (runs["budget"] <= 2 + 1e-9).all()
    # the truth is the recording's, the curse is reported minus true
    np.testing.assert_array_equal(runs["true"], rec.true_scores[runs["config"]])
    np.testing.assert_allclose(runs["curse"], runs["reported"] - runs["true"])
    np.testing.assert_allclose(runs["regret"], rec.true_scores.max() - runs["true"])


def test_trials_follow_the_recording(rec, lab):
    t = lab.trials
    steps = t["epochs"].to_numpy() - 1
    np.testing.assert_allclose(t["score"], rec.mean_scores[t["config"], steps])
    for (_, _), run in t.groupby(["strategy", "seed"], dropna=False):
        seconds = rec.fit_ms[run["config"], :, run["epochs"] - 1].sum(axis=1) / 1000
        np.testing.assert_allclose(run["simulated_elapsed"], np.cumsum(seconds))
        # the incumbent: the best score at the largest resource reached so far
        for i in range(len(run)):
            seen = run.iloc[: i + 1]
            top = seen[seen["epochs"] == seen["epochs"].max()]
            assert run["incumbent_score"].iat[i] == top["score"].max()
    # the last incumbent of a plain search is its choice
    runs = lab.runs.set_index(["strategy", "seed"])
    for key, run in t[t["strategy"].isin(["random", "bayes"])].groupby(["strategy", "seed"]):
        assert run["incumbent_score"].iat[-1] == runs.loc[key, "reported"]


def test_a_strategy_that_draws_nothing_runs_once_and_counts_for_every_seed(rec, lab):
    """Halving on a grid ignores its seed on a recording: the lab runs it once and counts
    that run for each seed; a real run with another seed is the same run."""
    runs = lab.runs[lab.runs["strategy"] == "halving-grid"]
    assert len(runs) == 3 and runs["config"].nunique() == 1
    assert (runs["wall_seconds"].iloc[1:] == 0).all()
    plan = race.plan_lab_strategy(rec, "halving-grid", 2)
    for seed in runs["seed"].iloc[1:]:
        search, trials, _ = race._run(rec, plan, int(seed), 1)
        config, reported = race._chosen(rec, search, trials)
        first = lab.trials[(lab.trials["strategy"] == "halving-grid")]
        first = first[first["seed"] == runs["seed"].iat[0]]
        assert config == runs["config"].iat[0] and reported == runs["reported"].iat[0]
        assert trials["config"].tolist() == first["config"].tolist()


def test_win_probability_counts_pairs():
    assert race.win_probability([0.9, 0.8], [0.85, 0.85])[0] == 0.5
    p, low, high = race.win_probability([1.0, 1.0, 1.0], [0.0, 0.0])
    assert (p, low, high) == (1.0, 1.0, 1.0)
    p, low, high = race.win_probability([0.2, 0.6, 0.9], [0.5, 0.7], n_boot=2000)
    assert p == pytest.approx(3 / 6)  # 0.6>0.5, 0.9>0.5, 0.9>0.7
    assert low < p < high


def test_fairness_dial_counts_what_the_runs_chose(rec):
    dial = race.fairness_dial(
        rec,
        adaptive=["halving-random"],
        baselines=["random"],
        budget=1,
        ks=(1, 2),
        seeds=4,
        random_state=1,
        n_boot=200,
    )
    assert list(dial["k"]) == [1, 2]
    adaptive = (
        race.race_lab(rec, strategies=["halving-random"], seeds=4, budget=1, random_state=1)
        .runs["true"]
        .to_numpy()
    )
    for k, row in zip((1, 2), dial.itertuples(), strict=True):
        # each baseline run, made again at its own budget by scikit-learn's plain search
        base = []
        for seed in race._seeds(1, 4):
            s = RandomizedSearchCV(
                ReplayEstimator(rec),
                rec.distributions(),
                n_iter=k,
                cv=rec.cv,
                refit=False,
                random_state=seed,
            ).fit(rec.X, rec.y)
            base.append(rec.true_score(s.best_params_))
        wins = np.mean([a > b for a in adaptive for b in base])
        losses = np.mean([b > a for a in adaptive for b in base])
        assert row.p_adaptive == pytest.approx(wins)
        assert row.p_baseline == pytest.approx(losses)
        assert row.p_tie == pytest.approx(1 - wins - losses)
        assert row.baseline_budget == pytest.approx(k)


def test_all_equal_truths_tie(rec):
    flat = tiny(test_scores=[5] * 8)
    dial = race.fairness_dial(
        flat, adaptive=["bayes"], baselines=["quasi-random"], budget=1, ks=(1,), seeds=2, n_boot=50
    )
    assert dial["p_adaptive"].tolist() == [0.0] and dial["p_tie"].tolist() == [1.0]


def test_figures(rec, lab):
    data = figures.anytime_data(lab, times=[0.001, 0.1, 10.0])
    assert set(data.strategies) == set(STRATEGIES)
    final = lab.runs.groupby("strategy")["true"].mean()
    for name in data.strategies:  # after every run ended, the incumbent is the choice
        if name not in ("halving-grid", "halving-random"):
            assert data.mean[name][-1] == pytest.approx(final[name])
    curse = figures.winners_curse_data(lab)
    assert curse.strategies == lab.strategies
    curves = figures.learning_curves_data(rec, [0, 2, 5], against="time")
    np.testing.assert_allclose(curves.y[1], rec.mean_scores[2])
    np.testing.assert_allclose(curves.x[1], rec.fit_ms[2].mean(axis=0) / 1000)
    dial = race.fairness_dial(
        rec, adaptive=["bayes"], baselines=["random"], budget=1, ks=(1, 2), seeds=2, n_boot=50
    )
    dial_data = figures.fairness_dial_data(dial)
    trials = figures.trial_curves_data(lab, "halving-random")
    run = lab.trials[lab.trials["strategy"] == "halving-random"]
    run = run[run["seed"] == run["seed"].iat[0]]
    assert trials.resources == run["epochs"].tolist()
    ends = [x[-1] for x in trials.x]  # each trial ends when the run's clock says
    np.testing.assert_allclose(ends, run["simulated_elapsed"])
    assert len(figures.trial_curves_data(lab, "grid").x) == (lab.trials["strategy"] == "grid").sum()
    assert dial_data.pairs == [("bayes", "random")]
    for plot, d in (
        (figures.plot_anytime, data),
        (figures.plot_winners_curse, curse),
        (figures.plot_learning_curves, curves),
        (figures.plot_fairness_dial, dial_data),
        (figures.plot_trial_curves, trials),
    ):
        assert plot(d) is not None
    for describe, d in (
        (figures.describe_anytime, data),
        (figures.describe_winners_curse, curse),
        (figures.describe_learning_curves, curves),
        (figures.describe_fairness_dial, dial_data),
        (figures.describe_trial_curves, trials),
    ):
        assert isinstance(describe(d), str) and describe(d)
    plt.close("all")
