"""What a positional file says, once read: one record per actor and issue, one per issue.

Every reader of :mod:`accord.scenario.positions` returns a :class:`PositionFile`
holding :class:`PositionRecord` (an actor's position, salience on 0..1 and
capability on one issue) and :class:`IssueRecord` (an issue's scale, reference
point, recorded outcome and group) objects, in file order. :data:`MAX_POSITION`
bounds the positions the readers accept.

Examples
--------
>>> record = PositionRecord("NL", "emissions", 4.0, 0.8, 0.08, line=2)
>>> issue = IssueRecord("emissions", 4.0, 10.0)
>>> data = PositionFile("emissions.csv", "table", ("NL",), (issue,), (record,))
>>> data.records[0].salience, data.issues[0].reference, data.notes
(0.8, None, ())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MAX_POSITION",
    "Format",
    "IssueRecord",
    "PositionFile",
    "PositionRecord",
]

#: The format of a positional file, as :attr:`PositionFile.format` names it.
Format = Literal["table", "deu", "decide", "ktab"]
#: The largest position accepted (its square, and the sums of squares the
#: forecasting models take, stay far from floating-point overflow).
MAX_POSITION = 1e100


@dataclass(frozen=True)
class PositionRecord:
    """One actor on one issue.

    ``position`` is ``None`` when the actor takes no position, ``salience``
    (on 0..1) when the source does not say how much the issue matters to it.
    """

    actor: str
    issue: str
    position: float | None
    salience: float | None
    capability: float
    line: int | None = None


@dataclass(frozen=True)
class IssueRecord:
    """One issue: its scale, and what is known of its status quo and outcome."""

    id: str
    lower: float
    upper: float
    reference: float | None = None
    outcome: float | None = None
    group: str = ""
    name: str = ""


@dataclass(frozen=True)
class PositionFile:
    """Everything a positional file says, in file order."""

    path: str
    format: Format
    actors: tuple[str, ...]
    issues: tuple[IssueRecord, ...]
    records: tuple[PositionRecord, ...]
    notes: tuple[str, ...] = field(default=())

