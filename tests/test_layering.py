"""Dependencies point one way: scenario <- space <- utility <- analysis <- cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"

# a module may import from its own layer or a lower one, never a higher one
LAYERS = {
    "accord.errors": 0, "accord.files": 0, "accord.version": 0, "accord.parallel": 0,
    "accord.scenario": 1,
    "accord.space": 2, "accord.evidence": 2,
    "accord.utility": 3,
    "accord.analysis": 4, "accord.validate": 4,
    "accord.uncertainty": 5, "accord.forecast": 5, "accord.interop": 5,
    "accord.simulate": 6, "accord.report": 8, "accord.web": 8,
    "accord.cli": 9,
    "accord": 10,  # the package's own __init__ re-exports
}


def _layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in LAYERS:
            return LAYERS[name]
    raise KeyError(module)


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts)
        out.append((name.removesuffix(".__init__"), path))
    return out


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_imports_point_down(module: str, path: Path) -> None:
    own = _layer(module)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("accord"):
            targets.append(node.module)
        elif isinstance(node, ast.Import):
            targets += [a.name for a in node.names if a.name.startswith("accord")]
        for target in targets:
            assert _layer(target) <= own, f"{module} imports {target} from a higher layer"


def test_every_module_declares_all() -> None:
    for module, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
        names |= {node.target.id for node in tree.body if isinstance(node, ast.AnnAssign)
                  and isinstance(node.target, ast.Name)}
        assert "__all__" in names, module


def _imports(path: Path) -> set[str]:
    """The accord modules a file imports (``from a.b import c`` counts ``a.b.c`` if a module)."""
    known = {m for m, _ in _modules()}
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("accord"):
            out |= {f"{node.module}.{a.name}" for a in node.names} & known or {node.module}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("accord")}
    return out


def test_web_modules_import_one_way() -> None:
    """Within the web app no two modules import each other, however indirectly, and no module
    imports ``accord.web.state``, which only re-exports 0.1.0's names for code outside accord."""
    graph = {m: {t for t in _imports(p) if t.startswith("accord.web.") and t != m}
             for m, p in _modules() if m.startswith("accord.web.")}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for target in graph.get(module, ()):
            visit(target, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())
    assert not [m for m, p in _modules() if "accord.web.state" in _imports(p)
                and m != "accord.web.state"]
