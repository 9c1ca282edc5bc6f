"""Layers point down the flow: no package imports a later stage, a front end, or the measuring code.

The imports of every module under ``src/newsdesk`` are read with ``ast`` (nothing is imported),
including imports inside functions and under ``TYPE_CHECKING``: a lazy import is still a
dependency. The layers, lowest first, are described in docs/architecture.md ("Layers").
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsdesk"

#: Each unit (a package, or a module at the top of ``newsdesk``) and its layer. A unit may import
#: units of a lower layer only; two units of one layer may not import each other.
LAYERS: dict[str, int] = {
    # shared records and the stage contract: every layer may import them; they import no package
    "model": 0, "settings": 0, "tuning": 0, "stages": 1, "cpu_budget": 1, "sentences": 1,
    # the pipeline, in the order a page flows through it
    "ingest": 2, "clean": 3, "read": 4, "attribute": 5, "code": 6,
    # the runners: the stages over a batch, here, in a process pool or on Dask
    "pipeline": 7, "executors": 8,
    "store": 9, "answer": 10,
    # the front door (``import newsdesk``, its functions in ``public``) over the whole flow
    "public": 11, "__init__": 12,
    # measurement: may read any stage; only a front end may import it
    "eval": 13, "benchmark": 13,
    # front ends: the UI is drawn over the API's routes; the CLI starts the server
    "api": 14, "web": 15, "cli": 16,
}
LEAVES = {"eval", "benchmark"}
#: Modules that belong to the write side of the store: only the store itself imports them.
STORE_INTERNALS = {"newsdesk.store.writer"}

#: Back edges that remain, each (importing module, imported module): none. A new one is a design
#: decision to write down here, with why, not a side effect.
KNOWN_BACK_EDGES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> tuple[str, list[str]]:
    """The dotted name of a source file, and the package its relative imports start from."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), parts
    return ".".join(parts), parts[:-1]


def _imports(tree: ast.AST, package: list[str]) -> list[tuple[int, str, list[str]]]:
    """(line, module, names taken from it) of every import of a ``newsdesk`` module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] + ([node.module] if node.module else [])
                module = ".".join(base)
            else:
                module = node.module or ""
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return [item for item in found if item[1] == "newsdesk" or item[1].startswith("newsdesk.")]


def _unit(module: str) -> str:
    """``newsdesk.store.reader`` -> ``store``; ``newsdesk`` and names taken from it -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "__init__"


def _is_module(dotted: str) -> bool:
    path = SRC.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _edges() -> list[tuple[str, int, str, str]]:
    """(importing module, line, imported module, its file) for every import between modules."""
    edges = []
    for path in sorted(SRC.rglob("*.py")):
        name, package = _module_name(path)
        for line, module, names in _imports(ast.parse(path.read_text("utf-8")), package):
            targets = [f"{module}.{n}" for n in names if _is_module(f"{module}.{n}")] or [module]
            edges += [(name, line, target, str(path.relative_to(SRC))) for target in targets]
    return edges


EDGES = _edges()


def test_every_unit_has_a_layer() -> None:
    units = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}
    units |= {p.stem for p in SRC.glob("*.py")}
    assert units == set(LAYERS), "put a new package or top-level module in LAYERS (and architecture.md)"


def test_imports_point_down_the_layers() -> None:
    back = []
    for importer, line, imported, file in EDGES:
        a, b = _unit(importer), _unit(imported)
        if a == b or (importer, imported) in KNOWN_BACK_EDGES:
            continue
        if LAYERS[b] >= LAYERS[a]:
            back.append(f"{file}:{line}: {a} (layer {LAYERS[a]}) imports {imported} (layer {LAYERS[b]})")
    assert back == []


def test_only_a_front_end_imports_the_measuring_code() -> None:
    wrong = [f"{file}:{line}: {imported}" for importer, line, imported, file in EDGES
             if _unit(imported) in LEAVES and _unit(importer) not in LEAVES | {"cli"}
             and _unit(importer) != _unit(imported)]
    assert wrong == []


def test_no_cycle_between_units() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, _, imported, _ in EDGES:
        if _unit(importer) != _unit(imported) and (importer, imported) not in KNOWN_BACK_EDGES:
            graph[_unit(importer)].add(_unit(imported))
    state: dict[str, str] = {}

    def visit(unit: str, path: list[str]) -> list[str] | None:
        state[unit] = "open"
        for nxt in sorted(graph[unit]):
            if state.get(nxt) == "open":
                return [*path, unit, nxt]
            if nxt not in state and (cycle := visit(nxt, [*path, unit])):
                return cycle
        state[unit] = "done"
        return None

    for unit in sorted(LAYERS):
        if unit not in state:
            assert visit(unit, []) is None


def test_the_store_write_side_is_imported_only_by_the_store() -> None:
    wrong = [f"{file}:{line}: {imported}" for importer, line, imported, file in EDGES
             if imported in STORE_INTERNALS and _unit(importer) != "store"]
    assert wrong == []


def test_no_private_name_is_used_across_units() -> None:
    """A ``_name`` of another unit is its own business: ask for a public function instead."""
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        name, package = _module_name(path)
        tree = ast.parse(path.read_text("utf-8"))
        foreign_modules: set[str] = set()
        for line, module, names in _imports(tree, package):
            if _unit(module) == _unit(name):
                continue
            for taken in names:
                if _is_module(f"{module}.{taken}"):
                    foreign_modules.add(taken)
                elif taken.startswith("_"):
                    wrong.append(f"{path.relative_to(SRC)}:{line}: {module}.{taken}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in foreign_modules and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                wrong.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert wrong == []


@pytest.mark.parametrize("edge", sorted(KNOWN_BACK_EDGES))
def test_each_known_back_edge_is_still_there(edge: tuple[str, str]) -> None:
    """An exception that no longer happens is struck off the list, so the list says what remains."""
    assert edge in {(importer, imported) for importer, _, imported, _ in EDGES}
