"""Reading YAML and JSON text into plain data that remembers where each value was.

PyYAML composes the node tree; we build the Python values ourselves so that

- every value's line and column is kept, by its path in the document;
- a key given twice in one mapping is an error, not silently the last one;
- scalars follow YAML 1.2's core schema: only ``true``/``false`` are booleans
  (so an option called ``no`` or ``off`` stays a string), and dates stay text.

Examples
--------
>>> doc = parse_text("a: 1\\nb:\\n  - off\\n  - {c: 2.5}\\n", "x.yaml")
>>> doc.data
{'a': 1, 'b': ['off', {'c': 2.5}]}
>>> doc.position(("b", 1, "c"))
(4, 9)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from accord.errors import InputError, PathPart, Problem

__all__ = ["Document", "decode_text", "parse_file", "parse_text"]

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"),
                  ".nan": float("nan"), ".Inf": float("inf"), "-.Inf": float("-inf")}

Path_ = tuple[PathPart, ...]

#: Deepest nesting read (a scenario needs about eight levels).
MAX_DEPTH = 64
#: Values a file may gain through YAML aliases (``*name``) beyond twice its own:
#: an alias of an alias of ... (a "billion laughs") stops here, not in memory.
ALIAS_ALLOWANCE = 100_000


class _TooLargeError(Exception):
    """Raised inside :func:`_build` once the aliases expand past the allowance."""


@dataclass
class _Walk:
    """The nodes being built (to find an alias inside itself) and how many were built."""

    limit: int
    built: int = 0
    active: set[int] = field(default_factory=set)


def _too_deep(file: str, found: str, path: Path_ = (), line: int | None = None,
              column: int | None = None) -> Problem:
    return Problem("the file nests too deeply", path=path, file=file, line=line, column=column,
                   expected=f"at most {MAX_DEPTH} levels of lists and mappings", found=found)


def _distinct(root: Node) -> int:
    """How many distinct nodes the file holds (an alias counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return len(seen)


@dataclass
class Document:
    """Plain data parsed from a file, with the position of every value.

    Attributes
    ----------
    data
        dicts, lists, str, int, float, bool and None.
    file
        The file name used in messages.
    values, keys
        1-based (line, column) of each value, and of each mapping key, by path.
    """

    data: Any
    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Sequence[PathPart], key: bool = False) -> tuple[int, int] | None:
        """Where ``path`` is, or its nearest ancestor that exists.

        With ``key=True`` the position of the mapping key is preferred (for
        problems such as an unknown field, where the key is what is wrong).
        """
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return None
            p = p[:-1]

    def locate(self, problem: Problem, key: bool = False) -> Problem:
        """``problem`` with this document's file, line and column filled in."""
        pos = self.position(problem.path, key=key)
        line, col = pos if pos else (None, None)
        return problem.at(self.file, line, col)


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    if node.style is not None or node.tag not in ("tag:yaml.org,2002:str",
                                                  "tag:yaml.org,2002:int",
                                                  "tag:yaml.org,2002:float",
                                                  "tag:yaml.org,2002:bool",
                                                  "tag:yaml.org,2002:null",
                                                  "tag:yaml.org,2002:timestamp"):
        # quoted, or explicitly tagged: keep as text
        return text
    return plain_value(text)


def plain_value(text: str) -> Any:
    """What an unquoted YAML scalar means to accord's reader (YAML 1.2's core schema).

    Examples
    --------
    >>> plain_value("1e3"), plain_value("yes"), plain_value("~"), plain_value("0x10")
    (1000.0, 'yes', None, '0x10')
    """
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text]
    return text


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: Node, path: Path_, doc: Document, problems: list[Problem],
           walk: _Walk) -> Any:
    walk.built += 1
    if walk.built > walk.limit:
        raise _TooLargeError
    doc.values.setdefault(path, _pos(node))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if id(node) in walk.active:
        line, col = _pos(node)
        problems.append(Problem("an alias refers to a value that contains it", path=path,
                                expected="an alias (*name) of a value defined before and "
                                         "outside it", found="a value that would hold itself",
                                file=doc.file, line=line, column=col))
        return None
    if len(path) > MAX_DEPTH:
        line, col = _pos(node)
        problems.append(_too_deep(doc.file, f"more than {MAX_DEPTH}", path[:3], line, col))
        return None
    walk.active.add(id(node))
    try:
        return _collection(node, path, doc, problems, walk)
    finally:
        walk.active.discard(id(node))


def _collection(node: Node, path: Path_, doc: Document, problems: list[Problem],
                walk: _Walk) -> Any:
    if isinstance(node, SequenceNode):
        return [_build(child, (*path, i), doc, problems, walk)
                for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _pos(key_node)
                problems.append(Problem("a mapping key must be a plain name", path=path,
                                        expected="a name", found="a list or mapping",
                                        file=doc.file, line=line, column=col))
                continue
            key = str(_scalar(key_node)) if key_node.value != "" else ""
            if key in out:
                line, col = _pos(key_node)
                first = doc.keys.get((*path, key))
                where = f" (first given at line {first[0]})" if first else ""
                problems.append(Problem(f"key {key!r} is given twice{where}", path=(*path, key),
                                        expected="each key once in a mapping",
                                        found=f"a second {key!r}",
                                        suggestion="remove or merge the duplicate",
                                        file=doc.file, line=line, column=col))
                continue
            doc.keys[(*path, key)] = _pos(key_node)
            out[key] = _build(value_node, (*path, key), doc, problems, walk)
        return out
    raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover


def parse_text(text: str, file: str = "<input>", json_only: bool = False) -> Document:
    """Parse YAML (or JSON) text into a :class:`Document`.

    Raises
    ------
    InputError
        On a syntax error, an empty document, several documents in one file,
        or a key given twice.
    """
    if json_only:
        try:
            json.loads(text)
        except RecursionError:
            raise InputError((_too_deep(file, "hundreds of levels"),)) from None
        except json.JSONDecodeError as exc:
            raise InputError.single("the file is not valid JSON", expected="JSON",
                                    found=exc.msg, file=file, line=exc.lineno,
                                    column=exc.colno) from None
        # JSON allows tabs between tokens, YAML does not; they can only be
        # whitespace in valid JSON, so a space of the same width is exact.
        text = text.replace("\t", " ")
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except RecursionError:      # PyYAML composes nested lists and mappings recursively
        raise InputError((_too_deep(file, "hundreds of levels"),)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise InputError.single("the file is not valid YAML", expected="YAML syntax",
                                found=what or "a syntax error",
                                suggestion="check indentation, colons and quotes near this line",
                                file=file, line=line, column=col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors (bad characters)
        raise InputError.single("the file cannot be read as YAML", found=str(exc),
                                file=file) from None
    if not nodes or nodes[0] is None:
        raise InputError.single("the file is empty", expected="a YAML mapping",
                                found="nothing", file=file, line=1, column=1)
    if len(nodes) > 1:
        line, col = _pos(nodes[1])
        raise InputError.single("the file holds several YAML documents", expected="one document",
                                found=f"{len(nodes)} documents separated by '---'",
                                file=file, line=line, column=col)
    doc = Document(data=None, file=file)
    problems: list[Problem] = []
    limit = 2 * _distinct(nodes[0]) + ALIAS_ALLOWANCE
    try:
        doc.data = _build(nodes[0], (), doc, problems, _Walk(limit))
    except _TooLargeError:
        raise InputError.single(
            "the file expands to too many values", file=file,
            expected=f"at most {limit:,} values once its aliases (*name) are replaced by what "
                     "they name", found=f"more than that, from {_distinct(nodes[0]):,} written",
            suggestion="aliases of aliases multiply: write the repeated part out, or nest "
                       "fewer aliases") from None
    if problems:
        raise InputError(tuple(problems))
    return doc


def parse_file(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file (by its extension: ``.json`` is JSON).

    Raises
    ------
    InputError
        When the file is missing, unreadable, not UTF-8, or not valid YAML/JSON.
    """
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError.single("file not found", expected="an existing file",
                                found=name, file=name) from None
    except IsADirectoryError:
        raise InputError.single("this is a folder, not a file", expected="a file",
                                found=name, file=name) from None
    except OSError as exc:
        raise InputError.single("the file cannot be read", found=exc.strerror or str(exc),
                                file=name) from None
    return parse_text(decode_text(raw, name), name, json_only=p.suffix.lower() == ".json")


def decode_text(raw: bytes, name: str) -> str:
    """A file's bytes as text (UTF-8, a byte-order mark dropped).

    Raises
    ------
    InputError
        When the bytes are not UTF-8, at the line and column of the first bad byte.

    Examples
    --------
    >>> decode_text(b"a: 1\\n", "x.yaml")
    'a: 1\\n'
    >>> try:
    ...     decode_text(b"a: \\xff\\n", "x.yaml")
    ... except InputError as exc:
    ...     print(exc.problems[0].format().splitlines()[0])
    x.yaml:1:4: error: the file is not UTF-8 text
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single("the file is not UTF-8 text", expected="UTF-8",
                                found=f"byte 0x{raw[exc.start]:02x}", file=name, line=line,
                                column=column, suggestion="save the file as UTF-8") from None


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every string accord's reader would not read as one.

    PyYAML quotes by YAML 1.1's rules, under which ``1e3`` (no dot) is text; the
    reader follows YAML 1.2, where it is a number: written bare, an option
    ``"1e3"`` came back as 1000.0. YAML 1.2's float pattern is added to the
    dumper's, so such a string is written quoted.
    """


_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


def dump_yaml(data: Any) -> str:
    """``data`` as YAML text that :func:`parse_text` reads back as the same data.

    Examples
    --------
    >>> text = dump_yaml({"options": ["1e3", "2E-3", "true", "5", "null", "low"]})
    >>> print(text, end="")
    options: ['1e3', '2E-3', 'true', '5', 'null', low]
    >>> parse_text(text, "x.yaml").data
    {'options': ['1e3', '2E-3', 'true', '5', 'null', 'low']}
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=None)
