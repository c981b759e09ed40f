"""Griffe extension: accord's numpydoc docstrings, shown as Markdown in the site.

accord's docstrings are written for ``help()`` and numpydoc, with a few
reStructuredText habits that Markdown would print as they are. Before
mkdocstrings renders them, this extension rewrites, in memory only:

- roles (``:func:`~accord.analysis.zopa.survey```, ``:class:`Frontier```,
  ``:mod:``, ``:meth:``, ``:attr:``, ``:data:``): a cross-reference when the
  target has a page or an anchor in the site, plain code otherwise (a private
  helper, a name outside accord), so a reference never breaks the build;
- double backquotes: single ones;
- simple tables (``====  ====`` rules): Markdown tables;
- a paragraph ending in ``::`` before an indented block: a colon (the block
  stays a code block);
- the References section: one paragraph per reference.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import griffe

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_plan import documented, plan

__all__ = ["MarkdownDocstrings", "rest_to_markdown"]

_ROLE = re.compile(r":(?:py:)?(func|class|mod|meth|attr|data|obj|exc):`(~?)([^`<>]+?)`")
_RULE = re.compile(r"^\s*=+(\s+=+)+\s*$")


def _table(lines: list[str], header: bool) -> list[str]:
    """A reST simple table (rules of ``=``) as a Markdown table."""
    rule = lines[0]
    starts = [m.start() for m in re.finditer(r"=+", rule)]
    rows: list[list[str]] = []
    for line in lines[1:]:
        if _RULE.match(line):
            continue
        cells = [line[s:(starts[i + 1] if i + 1 < len(starts) else None)].strip()
                 for i, s in enumerate(starts)]
        if rows and not cells[0]:       # continuation line: append to the row above
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    if not rows:
        return lines
    if not header:      # Markdown needs a header row: an empty one
        rows.insert(0, [""] * len(starts))
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(starts)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows[1:]]
    return out


def _tables(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _RULE.match(lines[i]):
            j = i + 1
            rules = 1
            while j < len(lines) and rules < 3 and lines[j].strip():
                rules += bool(_RULE.match(lines[j]))
                j += 1
            block = lines[i:j]
            out += _table(block, header=rules == 3) if rules >= 2 else block
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _references(text: str) -> str:
    """One paragraph per reference in a numpydoc References section."""
    match = re.search(r"^References\n-+\n", text, flags=re.M)
    if not match:
        return text
    head, body = text[: match.end()], text[match.end():]
    end = re.search(r"^\S[^\n]*\n-+\n", body, flags=re.M)
    section, rest = (body[: end.start()], body[end.start():]) if end else (body, "")
    section = re.sub(r"(?<=[.)])\n(?=[A-Z][\w'’ -]+,)", "\n\n", section)
    return head + section + rest


def rest_to_markdown(text: str, resolve: Any = None, known: frozenset[str] = frozenset(),
                     modules: frozenset[str] = frozenset(), own: Any = None) -> str:
    """Rewrite the reST habits of a docstring as Markdown (see the module docs).

    Parameters
    ----------
    text
        The docstring.
    resolve
        Maps a name as written to a dotted path (or raises); ``None`` keeps names as written.
    known
        Dotted paths that have an anchor in the site; the public members of a
        known class have one too.
    modules
        The known paths that are modules (their other members have no anchor).
    own
        Tells whether a dotted path is a member defined in its class (not
        inherited, so rendered); ``None`` takes every member for one.
    """

    def role(match: re.Match[str]) -> str:
        _kind, short, target = match.groups()
        target = target.strip()
        shown = target.rsplit(".", 1)[-1] if short else target
        if shown.endswith("()"):
            shown = shown[:-2]
        path = target.removesuffix("()")
        if resolve is not None and not path.startswith("accord."):
            try:
                path = resolve(path)
            except Exception:
                path = ""
        owner, _, name = path.rpartition(".")
        if path in known or (owner in known and owner not in modules
                             and not name.startswith("_") and (own is None or own(path))):
            return f"[`{shown}`][{path}]"
        return f"`{shown}`"

    text = _tables(text)        # first: its columns are those of the text as written
    text = _ROLE.sub(role, text)
    text = re.sub(r"``([^`]+?)``", r"`\1`", text)
    text = re.sub(r"(?<=\S)::\n(?=\n)", ":\n", text)
    text = re.sub(r"(?m)^::\n(?=\n)", "\n", text)
    return _references(text)


def _resolver(obj: Any) -> Any:
    def resolve(name: str) -> str:
        head, _, tail = name.partition(".")
        base = obj.resolve(head) if obj.is_module or obj.is_class else obj.parent.resolve(head)
        return f"{base}.{tail}" if tail else base

    return resolve


class MarkdownDocstrings(griffe.Extension):
    """Rewrite every docstring of the package once it is loaded."""

    def __init__(self) -> None:
        super().__init__()
        pages = plan()
        self.known = frozenset(documented(pages))
        self.modules = frozenset(pages)

    def _walk(self, obj: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rest_to_markdown(obj.docstring.value, _resolver(obj),
                                                   self.known, self.modules, self._own)
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(member)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Run once the package is loaded."""
        if pkg.name == "accord":
            self.package = pkg
            self._walk(pkg)

    def _own(self, path: str) -> bool:
        """Whether ``path`` is an object defined where it says (not inherited)."""
        obj: Any = self.package
        for part in path.split(".")[1:]:
            if part not in obj.members:
                return False
            obj = obj.members[part]
        return True
