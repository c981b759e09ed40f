"""Problems found in a user's input, and the one exception that carries them.

Every error a user can cause — a malformed file, an unknown option, a parameter
path that does not exist — becomes a :class:`Problem`: where it is (file, line,
column, path in the document), what was expected, what was found, and a
suggestion. :class:`InputError` carries one or more of them; the command line
prints them and exits with code 2, never with a traceback.

Examples
--------
>>> p = Problem("unknown issue", path=("preferences", "ru", "weights", "natto"),
...             expected="an issue id", found="'natto'", suggestion="did you mean 'nato'?",
...             file="s.yaml", line=12, column=5)
>>> print(p.format())
s.yaml:12:5: error: unknown issue at preferences.ru.weights.natto
  expected: an issue id
  found:    'natto'
  hint:     did you mean 'nato'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "AccordError",
    "InputError",
    "PathPart",
    "Problem",
    "format_path",
    "nearest",
    "set_twice",
    "suggest",
]

PathPart = str | int
Severity = Literal["error", "warning"]


def format_path(path: Sequence[PathPart]) -> str:
    """Write a document path the way a reader of the file would.

    Examples
    --------
    >>> format_path(("actors", 2, "id"))
    'actors[2].id'
    >>> format_path(())
    '(document)'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(document)"


def nearest(name: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """The candidates closest to ``name`` (case-insensitive), best first.

    Examples
    --------
    >>> nearest("ukriane", ["ua", "ukraine", "russia"])
    ['ukraine']
    >>> nearest("zzz", ["ua", "ru"])
    []
    """
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.55)
    return [lowered[h] for h in hits]


def suggest(name: str, candidates: Iterable[str], what: str = "") -> str:
    """A hint naming the nearest valid name, or listing the valid ones.

    Examples
    --------
    >>> suggest("deferd", ["membership-path", "deferred", "renounced"])
    "did you mean 'deferred'?"
    >>> suggest("x", ["a", "b"], "options")
    'valid options: a, b'
    """
    pool = list(dict.fromkeys(candidates))
    close = nearest(name, pool)
    if close:
        return f"did you mean {close[0]!r}?"
    if not pool:
        return ""
    shown = ", ".join(pool[:12]) + (", ..." if len(pool) > 12 else "")
    return f"valid {what or 'names'}: {shown}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a user's input.

    Parameters
    ----------
    message
        What is wrong, in a few words.
    path
        Where in the document: keys and list indices from the top.
    expected, found
        What the document should hold there, and what it holds.
    suggestion
        How to fix it, usually the nearest valid name.
    file, line, column
        The location in the file (1-based), when known.
    severity
        ``"error"`` stops the run; ``"warning"`` is reported and the run goes on.
    """

    message: str
    path: tuple[PathPart, ...] = ()
    expected: str = ""
    found: str = ""
    suggestion: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def at(self, file: str | None, line: int | None, column: int | None) -> Problem:
        """A copy located in ``file`` at ``line``:``column``."""
        return replace(self, file=file, line=line, column=column)

    @property
    def where(self) -> str:
        """``file:line:column`` (as much of it as is known)."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """The problem as the command line prints it."""
        head = f"{self.where}: {self.severity}: {self.message}"
        if self.path:
            head += f" at {format_path(self.path)}"
        lines = [head]
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.found:
            lines.append(f"  found:    {self.found}")
        if self.suggestion:
            lines.append(f"  hint:     {self.suggestion}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the problem."""
        return {
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": format_path(self.path) if self.path else None,
            "expected": self.expected or None,
            "found": self.found or None,
            "suggestion": self.suggestion or None,
        }


class AccordError(Exception):
    """Base class of the errors accord raises on purpose."""


@dataclass
class InputError(AccordError):
    """Bad input: one or more :class:`Problem`, all reported together.

    The command line prints every problem and exits with code 2.
    """

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = field(default=())

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    @classmethod
    def single(cls, message: str, **kwargs: Any) -> InputError:
        """An error holding one problem built from ``message`` and ``kwargs``."""
        return cls((Problem(message, **kwargs),))


def set_twice(option: str, key: str, what: str, first: str, then: str) -> Problem:
    """The problem of a command-line option that sets the same ``key`` twice.

    Examples
    --------
    >>> print(set_twice("--set", "price", "issue", "price=mid", "price=high").format())
    <command line>: error: an issue set twice at --set.price
      expected: one --set per issue
      found:    'price=mid', then 'price=high'
      hint:     keep the one you mean
    """
    article = "an" if what[0] in "aeiou" else "a"
    return Problem(f"{article} {what} set twice", path=(option, key),
                   expected=f"one {option} per {what}", found=f"{first!r}, then {then!r}",
                   suggestion="keep the one you mean", file="<command line>")

