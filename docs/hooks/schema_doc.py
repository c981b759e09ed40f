"""Render a JSON Schema (as accord publishes it) as a Markdown field reference.

The documentation build calls :func:`render_schema` on ``accord schema`` and
``accord schema --proposal`` so that the field reference is regenerated from
the pydantic models every time and cannot drift from them; ``tests/test_docs.py``
parses the tables back with :func:`parse_rows` and compares them with the schema.

Each object (the file itself, then every ``$defs`` entry, then every inline
object such as an issue's option) gets one section with one table row per
property: name, type, whether it is required, its default, and its description
and constraints.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["describe_type", "field_rows", "parse_rows", "render_schema", "sections"]

_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$"


def _anchor(name: str) -> str:
    return name.lower().replace(" ", "-")


def _code(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return "`" + text.replace("|", "\\|") + "`"


def describe_type(node: dict[str, Any], inline: dict[str, str] | None = None) -> str:
    """A short Markdown description of the type of one schema node.

    Parameters
    ----------
    node
        A JSON Schema node.
    inline
        Titles of inline objects already given their own section, by their JSON
        text, so that the type links to them.
    """
    inline = inline or {}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "const" in node:
        return _code(node["const"])
    if "enum" in node:
        return " \\| ".join(_code(v) for v in node["enum"])
    if "anyOf" in node:
        parts = [describe_type(n, inline) for n in node["anyOf"]]
        return " or ".join(p for p in parts if p != "null") + (
            " or null" if "null" in parts else "")
    kind = node.get("type")
    if kind == "array":
        if "prefixItems" in node:
            inner = ", ".join(describe_type(n, inline) for n in node["prefixItems"])
            return f"[{inner}]"
        items = node.get("items")
        return f"list of {describe_type(items, inline)}" if items else "list"
    if kind == "object":
        key = json.dumps(node, sort_keys=True)
        if key in inline:
            return f"[{inline[key]}](#{_anchor(inline[key])})"
        value_nodes = list(node.get("patternProperties", {}).values())
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            value_nodes.append(extra)
        if value_nodes:
            keys = "id" if _ID_PATTERN in node.get("patternProperties", {}) else "string"
            return f"map of {keys} to {describe_type(value_nodes[0], inline)}"
        return "object"
    if kind == "string":
        if node.get("pattern") == _ID_PATTERN:
            return "id"
        if node.get("format") == "date":
            return "date (YYYY-MM-DD)"
        return "string"
    if kind in ("number", "integer", "boolean", "null"):
        return str(kind)
    return "any"


def _limits(node: dict[str, Any]) -> list[str]:
    """The constraints of a node (and of the non-null branch of an optional node)."""
    out: list[str] = []
    nodes = [node] + [n for n in node.get("anyOf", []) if n.get("type") != "null"]
    for n in nodes:
        if "minimum" in n:
            out.append(f"≥ {n['minimum']}")
        if "exclusiveMinimum" in n:
            out.append(f"> {n['exclusiveMinimum']}")
        if "maximum" in n:
            out.append(f"≤ {n['maximum']}")
        if "minItems" in n and "prefixItems" not in n:
            out.append(f"at least {n['minItems']} item(s)")
        if "minProperties" in n:
            out.append(f"at least {n['minProperties']} entry")
        if "minLength" in n and n.get("pattern") != _ID_PATTERN:
            out.append("not empty")
    return out


def _describe_text(text: str) -> str:
    """A description on one table line: reST literals become Markdown code."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    text = text.replace("``", "`")
    return " ".join(text.split()).replace("|", "\\|")


def field_rows(obj: dict[str, Any], inline: dict[str, str] | None = None
               ) -> list[tuple[str, str, bool, str, str]]:
    """(field, type, required, default, description) for every property of ``obj``."""
    required = set(obj.get("required", []))
    rows = []
    for name, node in obj.get("properties", {}).items():
        default = _code(node["default"]) if "default" in node else ""
        notes = [_describe_text(node.get("description", "")), *_limits(node)]
        rows.append((name, describe_type(node, inline), name in required, default,
                     "; ".join(n for n in notes if n)))
    return rows


def _inline_objects(schema: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Objects with properties nested in a definition (not under ``$defs``), by JSON text."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}

    def walk(node: Any, owner: str, top: bool) -> None:
        if isinstance(node, dict):
            if not top and node.get("type") == "object" and "properties" in node:
                key = json.dumps(node, sort_keys=True)
                title = node.get("title") or _option_title(owner)
                found.setdefault(key, (title, node))
            for k, v in node.items():
                if k != "$defs":
                    walk(v, owner, False)
        elif isinstance(node, list):
            for v in node:
                walk(v, owner, False)

    for name, definition in schema.get("$defs", {}).items():
        walk(definition, name, True)
    return found


def _option_title(owner: str) -> str:
    """The title of an untitled object inside ``owner`` (pydantic inlines Option)."""
    return "Option" if owner == "Issue" else f"{owner} item"


def sections(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(title, object schema) for the file itself, each definition and each inline object."""
    out: list[tuple[str, dict[str, Any]]] = [(schema.get("title", "file"), schema)]
    out += list(schema.get("$defs", {}).items())
    out += list(_inline_objects(schema).values())
    return out


def render_schema(schema: dict[str, Any], heading: str, intro: str) -> str:
    """The Markdown page of one schema: a section and a table per object."""
    inline = {key: title for key, (title, _) in _inline_objects(schema).items()}
    lines = [f"# {heading}", "", intro, ""]
    for title, obj in sections(schema):
        lines += [f"## {title}", ""]
        description = obj.get("description", "")
        if description:
            lines += [" ".join(_describe_text(p) for p in [description]), ""]
        extra = obj.get("additionalProperties")
        lines += ["| Field | Type | Required | Default | Meaning and limits |",
                  "| --- | --- | --- | --- | --- |"]
        for name, kind, needed, default, notes in field_rows(obj, inline):
            lines.append(f"| `{name}` | {kind} | {'yes' if needed else 'no'} | {default} "
                         f"| {notes} |")
        if extra is False:
            lines += ["", "No other field is allowed."]
        lines.append("")
    return "\n".join(lines)


_ROW = re.compile(r"^\| `([^`]+)` \| (.*?) \| (yes|no) \| ")


def parse_rows(markdown: str) -> dict[str, dict[str, bool]]:
    """Section title -> {field: required}, read back from :func:`render_schema` output."""
    out: dict[str, dict[str, bool]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = {}
        elif current is not None and (m := _ROW.match(line)):
            out[current][m.group(1)] = m.group(3) == "yes"
    return out
