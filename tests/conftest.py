import re

import matplotlib
import pytest

matplotlib.use("Agg")

# pytest-xdist (make unit runs two workers) refuses to run when its workers collect different
# test ids. A parametrization with ids=repr gives ids that differ between processes: memory
# addresses ("<... object at 0x7f09...>") and the order of a set of strings (string hashes are
# salted per process). Such ids are rewritten here, the same in every process.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def stable_repr(value) -> str:
    """repr(value) without memory addresses, and with the items of sets in sorted order."""
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        items = ", ".join(stable_repr(v) for v in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, set | frozenset) and value:
        items = ", ".join(sorted(stable_repr(v) for v in value))
        return f"{{{items}}}" if isinstance(value, set) else f"frozenset({{{items}}})"
    return _ADDRESS.sub("", repr(value))


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    for marker in metafunc.definition.iter_markers(name="parametrize"):
        if marker.kwargs.get("ids") is repr:
            marker.kwargs["ids"] = stable_repr


# Files whose tests ran slower on two pytest-xdist workers than in one process, measured on
# this 2-core machine while others used it: test_search, test_results and test_halving took
# 49 s on two workers against 35 s in one; test_state, test_compare and test_bayes 63 s against
# 53 s (a set of light tests: 37 s against 52 s; the app tests: 66 s against 68 s). Measured
# again back to back, the six files took 120 s (78 s of CPU) in one process against 209 s
# (122 s of CPU) on two workers. Several of their searches keep both cores busy (n_jobs=2),
# so two at once only compete. They are marked `serial`, and make unit runs them in a second
# pass, in one process, with the single tests of other files marked serial for the same reason.
SERIAL_FILES = {
    "test_search.py",
    "test_results.py",
    "test_halving.py",
    "test_state.py",
    "test_compare.py",
    "test_bayes.py",
}


@pytest.hookimpl(tryfirst=True)  # before -m selects on the marks
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SERIAL_FILES:
            item.add_marker(pytest.mark.serial)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
