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


# The files whose tests take longest (scikit-learn's own suites, 20-30 s each; the wheel built
# and installed; the recorded race) run first: make unit hands the tests to two pytest-xdist
# workers with --dist worksteal, and a worker that runs out of tests takes half of the other's
# queue, which evens the two out only when no long test is left for the end. Measured on this
# 2-core machine, 1,682 of the tests took 188 s with --dist load and 160 s with --dist worksteal
# in the order of collection (one worker ran both scikit-learn suites last, alone, for 24 s);
# with these files first, the two workers ended within 0.1 s of each other.
FIRST_FILES = ("test_sklearn_conformance.py", "test_wheel.py", "test_race.py")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name not in FIRST_FILES)  # a stable sort


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
