"""The package's layering contracts, checked on the source (``make lint`` runs this file).

Every ``import`` in ``hptlearn/`` counts, at the top of a module or inside a function, except
those under ``if TYPE_CHECKING:`` (they never run). Each import of an hptlearn module is an
arrow from the importing module to the imported one; importing ``hptlearn.a.b`` also runs
``hptlearn/a/__init__.py``, so it is an arrow to ``hptlearn.a`` too (unless the importer is
inside ``hptlearn.a``). The contracts:

1. **Layers.** Each module belongs to one layer of :data:`LAYERS` (by its first name under
   ``hptlearn``) and imports only from its own layer and the layers below. The package's
   ``__init__`` (the public API, re-exports only) is above them all; no module imports it
   (``from hptlearn import _sklearn_compat`` names a module, which is fine).
2. **No import cycle**, function-local imports included.
3. **No dynamic import** (``__import__``, ``importlib.import_module``) except in
   ``hptlearn/_extras.py``, which imports the optional third-party packages by name: a
   dynamic import hides an arrow from this check.
4. **ipywidgets, traitlets and anywidget only in** ``hptlearn/widgets/``: everything below the views
   runs headless, and without the ``lab`` extra.
5. **No private scikit-learn name outside** ``hptlearn/_sklearn_compat.py``: no module path
   with a part starting with ``_`` (``sklearn.tree._tree``), no ``_name`` imported from
   scikit-learn, no ``sklearn.x._y`` attribute.

Run ``python tests/test_layers.py [FOLDER]`` to print the layers and every violation (of the
``hptlearn/`` in FOLDER, by default this repository's).
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hptlearn"

#: bottom to top: (layer, the first names under hptlearn that belong to it)
LAYERS = [
    ("base", ("_sklearn_compat", "_extras", "style", "syntax", "recording")),
    ("values and data", ("spaces", "distributions", "catalog", "data", "results")),
    (
        "searches",
        (
            "checkpoint",
            "search",
            "halving",
            "resume",
            "resources",
            "hyperband",
            "asha",
            "bayes",
            "plan",
            "strategies",
        ),
    ),
    ("analyses", ("compare", "replay", "importance", "evaluation", "concepts", "cluster")),
    ("exercises", ("exercises",)),
    ("headless state", ("state",)),
    ("class", ("classroom",)),
    ("figures", ("plots",)),
    ("views", ("widgets",)),
]
API = "the public API (hptlearn/__init__.py)"
VIEW_ONLY = ("ipywidgets", "traitlets", "anywidget")
DYNAMIC_IMPORT_ALLOWED = {"hptlearn._extras"}
SKLEARN_PRIVATE_ALLOWED = {"hptlearn._sklearn_compat"}


@dataclass(frozen=True)
class Arrow:
    source: str  # the importing module
    target: str  # the imported hptlearn module
    where: str  # path:line
    local: bool  # inside a function or class
    implicit: bool = False  # a parent package run by importing one of its modules


# --- reading the source ------------------------------------------------------------------------


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree):
    """(node, inside a function or class) for every node, skipping TYPE_CHECKING blocks."""
    stack = [(tree, False)]
    while stack:
        node, local = stack.pop()
        yield node, local
        for child in ast.iter_child_nodes(node):
            if isinstance(node, ast.If) and _is_type_checking(node.test) and child in node.body:
                continue
            inner = local or isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            )
            stack.append((child, inner))


def _dotted(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


@dataclass
class Scan:
    arrows: list
    problems: list  # (contract, message)


@functools.cache
def scan() -> Scan:
    known = modules()
    arrows, problems = [], []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(), filename=str(path))
        rel = path.relative_to(ROOT).as_posix()
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for node, local in _walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', '?')}"
            imported = []  # (module, names imported from it)
            if isinstance(node, ast.Import):
                imported = [(alias.name, ()) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base[: len(base) - node.level + (1 if is_package else 0)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                imported = [(module, tuple(alias.name for alias in node.names))]
            elif isinstance(node, ast.Call):
                func = _dotted(node.func) or ""
                if func in ("__import__", "importlib.import_module", "import_module"):
                    if name not in DYNAMIC_IMPORT_ALLOWED:
                        problems.append(("no dynamic import", f"{where} {name} calls {func}(...)"))
            elif (
                isinstance(node, ast.Attribute)
                and id(node) not in inner  # the whole a.b.c, once
                and name not in SKLEARN_PRIVATE_ALLOWED
            ):
                dotted = _dotted(node)
                if dotted and dotted.split(".")[0] == "sklearn" and _private(dotted):
                    problems.append(
                        ("no private scikit-learn name", f"{where} {name} uses {dotted}")
                    )
            for module, names in imported:
                top = module.split(".")[0]
                if top in VIEW_ONLY and not name.startswith("hptlearn.widgets"):
                    problems.append(
                        (
                            "ipywidgets only in widgets/",
                            f"{where} {name} imports {module}"
                            + (" (function-local)" if local else ""),
                        )
                    )
                if top == "sklearn" and name not in SKLEARN_PRIVATE_ALLOWED:
                    private = [n for n in names if n.startswith("_")]
                    if _private(module) or private:
                        what = module + (f" ({', '.join(private)})" if private else "")
                        problems.append(
                            ("no private scikit-learn name", f"{where} {name} imports {what}")
                        )
                if top != "hptlearn":
                    continue
                targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
                if len(targets) < len(names) or not names:
                    targets.append(module)  # names defined in the module itself
                for target in targets:
                    if target not in known:
                        problems.append(("layers", f"{where} {name} imports unknown {target}"))
                        continue
                    arrows.append(Arrow(name, target, where, local))
                    # importing hptlearn.a.b runs hptlearn/a/__init__.py first
                    parts = target.split(".")
                    for i in range(2, len(parts)):
                        parent = ".".join(parts[:i])
                        if not (name == parent or name.startswith(parent + ".")):
                            arrows.append(Arrow(name, parent, where, local, implicit=True))
    return Scan(arrows, problems)


# --- the contracts -----------------------------------------------------------------------------


def layer_of(module: str) -> int | None:
    """Index in LAYERS (len(LAYERS) for the package's __init__), None when in no layer."""
    if module == "hptlearn":
        return len(LAYERS)
    first = module.split(".")[1]
    for index, (_, names) in enumerate(LAYERS):
        if first in names:
            return index
    return None


def _layer_name(index: int) -> str:
    return API if index == len(LAYERS) else f"{LAYERS[index][0]!r}"


def layer_violations(arrows) -> list[str]:
    found = []
    for module in sorted(modules()):
        if layer_of(module) is None:
            found.append(f"{module} is in no layer: add its name to LAYERS in tests/test_layers.py")
    for arrow in arrows:
        source, target = layer_of(arrow.source), layer_of(arrow.target)
        if source is None or target is None or target <= source:
            continue
        how = " (function-local)" if arrow.local else ""
        how += " (runs the package's __init__)" if arrow.implicit else ""
        found.append(
            f"{arrow.where} {arrow.source} [{_layer_name(source)}] imports {arrow.target} "
            f"[{_layer_name(target)}], a higher layer{how}"
        )
    return found


def cycles(arrows) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph = {}
    for arrow in arrows:
        graph.setdefault(arrow.source, set()).add(arrow.target)
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_report(arrows) -> list[str]:
    found = []
    for component in cycles(arrows):
        members = set(component)
        inside = sorted(
            {
                f"{a.source} -> {a.target} ({a.where}{', function-local' if a.local else ''})"
                for a in arrows
                if a.source in members and a.target in members
            }
        )
        found.append("cycle among " + ", ".join(component) + ":\n    " + "\n    ".join(inside))
    return found


def _problems(contract: str) -> list[str]:
    return [message for kind, message in scan().problems if kind == contract]


# --- tests -------------------------------------------------------------------------------------


def test_the_scan_sees_function_local_and_relative_imports():
    arrows = scan().arrows
    assert any(a.local for a in arrows)  # imports inside functions are read
    assert any(a.source == "hptlearn.search" and a.target == "hptlearn.results" for a in arrows)
    assert any(a.target == "hptlearn._sklearn_compat" for a in arrows)  # from hptlearn import _x


def test_the_cycle_finder_finds_a_cycle():
    arrows = [Arrow("a", "b", "x:1", False), Arrow("b", "c", "x:2", True), Arrow("c", "a", "", 0)]
    assert cycles(arrows) == [["a", "b", "c"]]
    assert cycles(arrows[:2]) == []


def test_each_module_imports_only_from_its_layer_and_below():
    found = layer_violations(scan().arrows)
    assert not found, "layer contract broken:\n" + "\n".join(found)


def test_no_import_cycle():
    found = cycle_report(scan().arrows)
    assert not found, "import cycles (function-local imports included):\n" + "\n".join(found)


def test_no_dynamic_import_hides_an_arrow():
    found = _problems("no dynamic import")
    assert not found, "\n".join(found)


def test_ipywidgets_only_in_the_views():
    found = _problems("ipywidgets only in widgets/")
    assert not found, "\n".join(found)


def test_private_scikit_learn_names_only_in_the_compat_module():
    found = _problems("no private scikit-learn name")
    assert not found, "private scikit-learn names outside _sklearn_compat.py:\n" + "\n".join(found)


def main(argv) -> int:
    """Print the layers and every violation; with a folder, check the hptlearn/ inside it."""
    global ROOT, PACKAGE
    if argv:
        ROOT = Path(argv[0]).resolve()
        PACKAGE = ROOT / "hptlearn"
    result = scan()
    for index, (layer, names) in enumerate(LAYERS):
        print(f"{index}. {layer}: {', '.join(names)}")
    report = {
        "layers": layer_violations(result.arrows),
        "no import cycle": cycle_report(result.arrows),
        "no dynamic import": [],
        "ipywidgets only in widgets/": [],
        "no private scikit-learn name": [],
    }
    for kind, message in result.problems:
        report.setdefault(kind, []).append(message)
    total = 0
    for contract, found in report.items():
        print(f"\n{contract}: {len(found)} violation(s)")
        for message in found:
            print("  " + message)
        total += len(found)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
