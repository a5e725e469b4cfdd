"""scikit-learn's own search tests, run against the live searches.

``tests/sklearn_suite.py`` copies ``test_search.py`` and ``test_successive_halving.py`` from
the installed scikit-learn, rebinds ``GridSearchCV`` / ``RandomizedSearchCV`` /
``HalvingGridSearchCV`` / ``HalvingRandomSearchCV`` to the live classes and runs them, at
the default batch size and at ``batch_size=1`` (both copies in one pytest process).
Every test must pass at both batch sizes, except those listed in ``DIFFERENCES`` with the
reason each difference is by design.
"""

import pytest

from tests import sklearn_suite

DIFFERENCES = {
    "test_search.py": {
        # The test compares every fitted attribute (a public name ending in "_") of a
        # GridSearchCV with those of a custom BaseSearchCV subclass. The live searches add
        # three fitted attributes of their own: stopped_, n_candidates_planned_ and
        # fit_errors_, which the custom class does not have.
        "test_custom_run_search": "extra fitted attributes: stopped_, fit_errors_, "
        "n_candidates_planned_",
    },
    "test_successive_halving.py": {},
}


BATCH_SIZES = ("auto", 1)


@pytest.mark.parametrize("test_file", sorted(DIFFERENCES))
def test_scikit_learn_search_tests_pass_against_the_live_searches(tmp_path, test_file):
    outcomes = sklearn_suite.run(tmp_path, test_file, BATCH_SIZES)
    assert list(outcomes) == list(BATCH_SIZES)
    expected = DIFFERENCES[test_file]
    for batch_size, outcome in outcomes.items():
        at = f"batch_size={batch_size!r}"
        unexpected = {
            name: message for name, message in outcome.failed.items() if name not in expected
        }
        assert not unexpected, "\n".join(
            f"{at}: {name}: {message}" for name, message in unexpected.items()
        )
        # a listed difference that no longer fails must leave the list
        assert set(expected) <= set(outcome.failed), (at, set(expected) - set(outcome.failed))
        assert len(outcome.passed) >= 100, f"{at}: too few tests ran: was the file patched?"
        if test_file == "test_successive_halving.py":
            # its tests are parametrized by the class: the ids name the live classes
            assert any("[LiveHalvingGridSearchCV" in name for name in outcome.passed), at
            assert any("[LiveHalvingRandomSearchCV" in name for name in outcome.passed), at
