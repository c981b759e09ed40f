"""Which API page documents which name: shared by the page generator, the docstring
extension and the documentation tests.

A *public module* is every module of ``src/accord`` whose dotted name has no
part starting with ``_``. Its page lists exactly its ``__all__``. A name a
module re-exports from another public module that exports it too is documented
there (the re-exporting page links to it); every other name is documented on
the page itself. Everything is read statically (``ast``), so planning imports
nothing from accord.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ModulePage", "documented", "exports", "plan", "public_modules", "summary"]

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def exports(path: Path) -> list[str]:
    """A module's ``__all__``, read statically (empty when it has none)."""
    for node in _tree(path).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if isinstance(target, ast.Name) and target.id == "__all__" and node.value is not None:
            return [str(n) for n in ast.literal_eval(node.value)]
    return []


def _imported_from(path: Path) -> dict[str, str]:
    """Names a module imports with ``from x import y``, mapped to ``x.y``."""
    out: dict[str, str] = {}
    for node in _tree(path).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return out


def public_modules(src: Path = SRC) -> Iterator[tuple[str, Path]]:
    """(dotted name, file) of every public module of accord, in path order."""
    for path in sorted((src / "accord").rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts):
            continue
        yield ".".join(parts), path


def _defined_in(name: str, module: str, modules: dict[str, Path]) -> str:
    """The dotted path where ``name`` of ``module`` is defined, following re-exports."""
    seen = set()
    while module not in seen and module in modules:
        seen.add(module)
        origin = _imported_from(modules[module]).get(name)
        if origin is None or not origin.startswith("accord."):
            break
        source, _, attr = origin.rpartition(".")
        if source not in modules:      # `from accord.x import submodule`
            break
        module, name = source, attr
    return f"{module}.{name}"


@dataclass
class ModulePage:
    """One API page: what it documents itself, and what it links elsewhere."""

    module: str
    path: Path
    doc_path: Path
    exports: list[str]
    own: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)


def _doc_path(module: str, path: Path) -> Path:
    parts = module.split(".")[1:]
    if path.name == "__init__.py":
        return Path("reference", "api", *parts, "index.md")
    return Path("reference", "api", *parts[:-1], parts[-1] + ".md")


def plan(src: Path = SRC) -> dict[str, ModulePage]:
    """Every public module's page, by dotted name."""
    modules = dict(public_modules(src))
    pages = {m: ModulePage(m, p, _doc_path(m, p), exports(p)) for m, p in modules.items()}
    for m, page in pages.items():
        for n in page.exports:
            target = _defined_in(n, m, modules)
            source = target.rpartition(".")[0]
            if source != m and source in pages and n in pages[source].exports:
                page.moved[n] = target
            else:
                page.own.append(n)
        page.children = [c for c in pages if c.rpartition(".")[0] == m]
    return pages


def documented(pages: dict[str, ModulePage]) -> set[str]:
    """Dotted paths that have an anchor in the site: modules, and every name a page renders."""
    out = set(pages)
    for m, page in pages.items():
        out.update(f"{m}.{n}" for n in page.own)
    return out


def summary(target: str, pages: dict[str, ModulePage]) -> str:
    """The first line of the docstring of ``target`` (``module.name``), if it is a def or class."""
    module, _, name = target.rpartition(".")
    if module not in pages:
        return ""
    for node in _tree(pages[module].path).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
            doc = ast.get_docstring(node) or ""
            line = doc.strip().split("\n\n")[0].replace("\n", " ")
            line = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", line).replace("``", "`")
            return line.replace("|", "\\|")
    return ""
