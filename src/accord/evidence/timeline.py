"""How each actor's stated position on each issue moves across article dates.

Statements are grouped by (actor, issue) and by date; each date gets a stance:
``for`` when every statement that day is for what it names (polarity +),
``against`` when every one is against, ``mixed`` otherwise. A **shift** is a
date whose stance differs from the one before. Undated statements come last.

Examples
--------
>>> import datetime as dt
>>> from accord.evidence.store import Statement
>>> a = Statement(1, 0, 1, "x", "ru", "reject", "ceasefire", None, -1, "asserted",
...               date=dt.date(2025, 8, 15))
>>> b = Statement(2, 0, 1, "y", "ru", "propose", "ceasefire", None, 1, "analyst",
...               date=dt.date(2025, 8, 14))
>>> [(p.date.isoformat(), p.stance, p.shift) for p in timeline([a, b])[0].points]
[('2025-08-14', 'for', False), ('2025-08-15', 'against', True)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.evidence.store import Statement

__all__ = ["Point", "Track", "timeline"]


@dataclass(frozen=True)
class Point:
    """An actor's statements on an issue on one date."""

    date: dt.date | None
    stance: str
    shift: bool
    statements: tuple[Statement, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"date": self.date.isoformat() if self.date else None, "stance": self.stance,
                "shift": self.shift, "acts": sorted({s.act for s in self.statements}),
                "statements": [s.to_dict() for s in self.statements]}


@dataclass(frozen=True)
class Track:
    """The dated positions of one actor on one issue."""

    actor: str
    issue: str
    points: tuple[Point, ...]

    @property
    def shifts(self) -> int:
        """How many times the stance changed."""
        return sum(p.shift for p in self.points)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"actor": self.actor, "issue": self.issue, "shifts": self.shifts,
                "points": [p.to_dict() for p in self.points]}


def _stance(statements: Sequence[Statement]) -> str:
    signs = {s.polarity > 0 for s in statements}
    return "mixed" if len(signs) > 1 else ("for" if signs == {True} else "against")


def timeline(statements: Sequence[Statement]) -> list[Track]:
    """Tracks of stated positions, one per (actor, issue), each ordered by date."""
    groups: dict[tuple[str, str], dict[dt.date | None, list[Statement]]] = {}
    for s in statements:
        if s.issue is None:
            continue
        groups.setdefault((s.actor, s.issue), {}).setdefault(s.date, []).append(s)
    tracks = []
    for (actor, issue), by_date in sorted(groups.items()):
        dates = sorted(by_date, key=lambda d: (d is None, d or dt.date.min))
        points = []
        previous: str | None = None
        for d in dates:
            stance = _stance(by_date[d])
            points.append(Point(d, stance, previous is not None and stance != previous,
                                tuple(by_date[d])))
            previous = stance
        tracks.append(Track(actor, issue, tuple(points)))
    return tracks
