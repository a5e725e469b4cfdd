"""The strategy registry: one record per strategy, and one lookup for names and searches."""

import inspect

import pytest
from scipy.stats import loguniform
from sklearn.svm import SVC

import hptlearn
from hptlearn.strategies import STRATEGIES, Strategy, strategy
from hptlearn.style import STRATEGY_STYLE

ORDER = [
    "grid",
    "random",
    "quasi-random",
    "halving-grid",
    "halving-random",
    "bayes",
    "hyperband",
    "asha",
]


def test_the_strategies_in_teaching_order_and_exported():
    assert list(STRATEGIES) == ORDER
    assert all(s.name == name for name, s in STRATEGIES.items())
    assert hptlearn.STRATEGIES is STRATEGIES and hptlearn.strategy is strategy
    assert hptlearn.Strategy is Strategy
    with pytest.raises(TypeError):
        STRATEGIES["new"] = STRATEGIES["grid"]  # read-only


def test_records_match_their_search_classes():
    for s in STRATEGIES.values():
        params = inspect.signature(s.search_class.__init__).parameters
        assert set(s.budget_args) <= set(params), s.name
        assert s.space_arg == ("param_grid" if s.reads == "lists" else "param_distributions")
        assert s.halving == ("factor" in s.budget_args)
        assert (s.sampled is None) == (s.reads == "lists")
        assert s.seeded == ("random_state" in params)
    assert STRATEGIES["grid"].runs_once  # the same candidates and scores for every seed
    assert all(s.sampled is None for s in STRATEGIES.values() if s.runs_once)
    assert [s.name for s in STRATEGIES.values() if not s.seeded] == ["grid"]


def test_lookup_by_name_record_instance_class_and_subclass():
    for s in STRATEGIES.values():
        assert strategy(s.name) is s
        assert strategy(s) is s
        assert strategy(s.search_class) is s

    class MyHalving(STRATEGIES["halving-random"].search_class):
        pass

    assert strategy(MyHalving).name == "halving-random"
    search = STRATEGIES["bayes"].make_search(SVC(), {"C": loguniform(1, 10)}, n_iter=3)
    assert strategy(search).name == "bayes"


def test_unknown_names_and_searches_get_one_readable_error():
    with pytest.raises(ValueError, match=r"'baye'.*did you mean 'bayes'\?.*'grid', 'random'"):
        strategy("baye")
    with pytest.raises(ValueError, match="the known strategies are 'grid'") as info:
        strategy("simulated-annealing")
    assert "did you mean" not in str(info.value)
    from sklearn.model_selection import GridSearchCV

    with pytest.raises(ValueError, match="GridSearchCV is not the search of a registered"):
        strategy(GridSearchCV)


def test_make_search_passes_the_budget_and_a_seed_where_the_class_takes_one():
    grid = STRATEGIES["grid"].make_search(SVC(), {"C": [1, 10]}, random_state=3, cv=2)
    assert grid.param_grid == {"C": [1, 10]} and grid.cv == 2
    assert "random_state" not in grid.get_params()
    halving = STRATEGIES["halving-random"].make_search(
        SVC(), {"C": [1, 10]}, random_state=3, n_candidates=2, factor=2
    )
    assert (halving.n_candidates, halving.factor, halving.random_state) == (2, 2, 3)
    with pytest.raises(TypeError):
        STRATEGIES["grid"].make_search(SVC(), {"C": [1]}, n_iter=3)  # not a grid's budget


def test_style_reads_the_fixed_entries_of_the_style_module():
    for s in STRATEGIES.values():
        assert s.style == STRATEGY_STYLE.get(s.name)
    style = STRATEGIES["grid"].style
    style["color"] = "red"  # a copy: the style module is unchanged
    assert STRATEGY_STYLE["grid"]["color"] != "red"


def test_budget_note_only_where_it_helps():
    assert "power of two (8 or 16)" in strategy("quasi-random").budget_note(n_iter=10)
    assert strategy("quasi-random").budget_note(n_iter=32) == ""
    assert all(
        s.budget_note(n_iter=10) == "" for s in STRATEGIES.values() if s.name != "quasi-random"
    )


def test_every_strategy_has_its_own_fixed_look():
    looks = [STRATEGIES[name].style for name in STRATEGIES]
    assert all(look is not None for look in looks)
    assert len({(look["color"], look["marker"]) for look in looks}) == len(STRATEGIES)
    assert len({look["color"] for look in looks}) == len(STRATEGIES)


def test_multi_fidelity_costs_in_words_read_their_plans():
    from sklearn.datasets import load_iris

    from tests.estimators import CountingEnsemble

    X, y = load_iris(return_X_y=True)
    common = dict(resource="n_estimators", max_resources=9, cv=3, random_state=0)
    hyperband = strategy("hyperband").make_search(
        CountingEnsemble(), {"C": loguniform(1, 10)}, **common
    )
    text = strategy(hyperband).cost_text(hyperband, hyperband.plan(X, y))
    assert text.startswith("Hyperband, factor 3: 3 brackets of successive halving")
    assert "9 × 1 → 3 × 3 → 1 × 9; 5 × 3 → 1 × 9; 3 × 9" in text
    assert "22 evaluations × 3 folds = 66 fits" in text and "with n_estimators=9" in text
    asha = strategy("asha").make_search(CountingEnsemble(), {"C": loguniform(1, 10)}, **common)
    text = strategy(asha).cost_text(asha, asha.plan(X, y))
    assert text.startswith("ASHA, factor 3:") and "rungs at 1, 3, 9" in text
