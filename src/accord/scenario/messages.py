"""Turning pydantic's validation errors into accord :class:`~accord.errors.Problem` s.

Pydantic says *what* failed in its own words; a user needs the path in their
file, what was expected there, what was found, and the nearest valid field
name when they mistyped one.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from accord.errors import PathPart, Problem, suggest
from accord.scenario.ids import slug
from accord.scenario.model import ID_HELP

__all__ = ["problems_from_validation_error"]


def _unwrap(tp: Any) -> list[Any]:
    """The model classes and containers a type annotation can hold."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [x for a in typing.get_args(tp) for x in _unwrap(a)]
    return [tp]


def _fields_at(model: type[BaseModel], loc: tuple[PathPart, ...]) -> list[str] | None:
    """The field names a mapping at ``loc`` (inside ``model``) may hold."""
    current: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                for name, info in tp.model_fields.items():
                    if part in (name, info.alias):
                        nxt += _unwrap(info.annotation)
                continue
            origin = typing.get_origin(tp)
            args = typing.get_args(tp)
            if origin is tuple and args:
                nxt += _unwrap(args[0])
            elif origin in (dict, list) and args:
                nxt += _unwrap(args[-1])
        current = nxt
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [info.alias or name for name, info in tp.model_fields.items()]
    return None


def _number(text: str) -> bool:
    """Whether ``text`` is a number written in quotes (Python's underscores are not)."""
    try:
        float(text)
    except ValueError:
        return False
    return "_" not in text


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)" if value else "an empty list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"    # as the file writes it
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _expected(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    table = {
        "string_pattern_mismatch": ID_HELP,
        "string_type": "text",
        "float_type": "a number",
        "float_parsing": "a number",
        "finite_number": "a finite number",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "dict_type": "a mapping (key: value lines)",
        "model_type": "a mapping (key: value lines)",
        "model_attributes_type": "a mapping (key: value lines)",
        "list_type": "a list",
        "tuple_type": "a list",
        "date_type": "a date, YYYY-MM-DD",
        "date_parsing": "a date, YYYY-MM-DD",
        "date_from_datetime_parsing": "a date, YYYY-MM-DD",
        "date_from_datetime_inexact": "a date, YYYY-MM-DD",
    }
    if kind in table:
        return table[kind]
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind == "greater_than_equal":
        return f"a number >= {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"a number <= {ctx.get('le')}"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} item(s)"
    if kind == "string_too_short":
        return "non-empty text"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    return str(err.get("msg", ""))


def _items_failed(err: Any, errors: list[Any]) -> bool:
    """Whether a list's ``too_short`` error only repeats errors of its own items."""
    value = err.get("input")
    need = (err.get("ctx") or {}).get("min_length", 0)
    loc = tuple(err["loc"])
    inside = any(len(e["loc"]) > len(loc) and tuple(e["loc"][:len(loc)]) == loc for e in errors)
    return isinstance(value, list | tuple) and len(value) >= need and inside


def problems_from_validation_error(exc: ValidationError,
                                   model: type[BaseModel]) -> list[Problem]:
    """One :class:`Problem` per pydantic error, in document order.

    Parameters
    ----------
    exc
        The error pydantic raised while validating ``model``.
    model
        The top-level model class, used to suggest field names.
    """
    out: list[Problem] = []
    seen: set[tuple[tuple[PathPart, ...], str]] = set()
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = tuple(p for p in err["loc"] if p != "[key]")
        on_key = "[key]" in err["loc"]
        kind = err["type"]
        field = loc[-1] if loc else ""
        if (loc, kind) in seen:
            continue
        if kind == "too_short" and _items_failed(err, errors):
            # pydantic counts the items left *after* validation: when every item has an
            # error of its own, the list looks empty ("at least 1 item, found 2")
            continue
        seen.add((loc, kind))
        if kind == "missing":
            hint = ""
            if loc == ("accord",):
                hint = "start the file with 'accord: 1' (the format version)"
            out.append(Problem(f"missing field {field!r}", path=loc,
                               expected=f"a field {field!r}", found="nothing", suggestion=hint))
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1]) or []
            out.append(Problem(f"unknown field {field!r}", path=loc,
                               expected=("one of " + ", ".join(allowed)) if allowed
                               else "known fields",
                               found=repr(field),
                               suggestion=suggest(str(field), allowed, "fields")))
        elif kind == "value_error":
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            value = err.get("input")
            out.append(Problem(message, path=loc,
                               found="" if isinstance(value, dict) else _found(value)))
        else:
            what = "name" if on_key else "value"
            label = f"invalid {what}"
            if kind == "literal_error" and loc == ("accord",):
                label = "unsupported format version"
            value = err.get("input")
            hint = ""
            if kind == "string_pattern_mismatch" and isinstance(value, str) and \
                    slug(value, "") not in ("", value):
                # ids are ASCII (names may hold any text): offer the id the text reads as
                hint = f"e.g. {slug(value)!r} (a name or description may hold any text)"
            elif kind == "float_type" and isinstance(value, bool):
                hint = "write a number: true and false are not numbers here"
            elif kind == "float_type" and isinstance(value, str) and _number(value):
                hint = f"write {value.strip()} without quotes"
            out.append(Problem(label, path=loc, expected=_expected(err), found=_found(value),
                               suggestion=hint))
    # a missing field that a mistyped one stands for is the same mistake: report it once
    meant = {(p.path[:-1], p.suggestion) for p in out if p.message.startswith("unknown field")}
    return [p for p in out if not (p.message.startswith("missing field") and
                                   (p.path[:-1], f"did you mean {p.path[-1]!r}?") in meant)]
