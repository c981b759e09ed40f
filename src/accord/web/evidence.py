"""The evidence browser's rows: stored statements, or the scenario's own quotes.

With an evidence database (``accord serve --db``), the rows are the statements
extracted for the scenario (:meth:`accord.evidence.Store.statements`); without
one, they are the quotes the scenario itself gives for its numbers. Either way
each row says who (actor), did what (act), on which issue, in which source, on
which date, in which words; :func:`browse` filters them.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> rows = scenario_rows(toy_scenario())
>>> rows
[]
>>> browse(rows, toy_scenario(), Filters(actor=("a",)))["count"]
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import InputError, Problem, suggest
from accord.evidence import open_store
from accord.scenario.model import ACTS, Scenario
from accord.scenario.paths import parse_parameter
from accord.web.echo import clip, echo

__all__ = ["Filters", "browse", "database_rows", "scenario_rows"]


@dataclass(frozen=True)
class Filters:
    """What the browser shows: every field left ``None`` lets everything through.

    A filter with several values lets through a row that matches any of them.
    """

    actor: tuple[str, ...] | None = None
    issue: tuple[str, ...] | None = None
    act: tuple[str, ...] | None = None
    source: tuple[str, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _issues(scenario: Scenario, abouts: Sequence[str], actor: str) -> list[str]:
    """The issues an evidence ``about`` bears on (a group such as ``weights``: none)."""
    out: list[str] = []
    for about in abouts:
        try:
            path = parse_parameter(about, actor=actor, groups=True)
        except ValueError:
            continue
        if path.issue is not None and path.issue not in out:
            out.append(path.issue)
    return out


def scenario_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """One row per quote the scenario gives as evidence for its numbers."""
    rows = []
    for actor, prefs in scenario.preferences.items():
        for ev in prefs.evidence:
            src = scenario.source(ev.source)
            options = {p.split(".")[2] for p in ev.about if p.startswith("values.")
                       and p.count(".") == 2}
            rows.append({
                "origin": "scenario", "actor": actor, "act": ev.stance,
                "issues": _issues(scenario, ev.about, actor),
                "option": options.pop() if len(options) == 1 else None, "polarity": None,
                "source": src.id, "source_title": src.title or src.id, "outlet": src.outlet,
                "date": src.date.isoformat() if src.date else None, "text": ev.quote,
                "speaker": ev.speaker or None, "note": ev.note or None,
                "about": list(ev.about)})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["actor"]))
    return rows


def database_rows(database: Path, scenario: Scenario) -> list[dict[str, Any]]:
    """One row per statement stored for ``scenario`` in the evidence database."""
    with open_store(database, readonly=True) as store:     # the web app only reads it
        statements = store.statements(scenario=scenario.id)
        titles = {d.id: (d.title or d.name, d.outlet) for d in store.documents()}
    titles_by_source = {s.id: (s.title or s.id, s.outlet) for s in scenario.sources}
    rows = []
    for st in statements:
        d = st.to_dict()
        title, outlet = titles_by_source.get(st.source) or titles.get(st.document_id, ("", ""))
        rows.append({
            "origin": "database", "actor": st.actor, "act": st.act,
            "issues": [st.issue] if st.issue else [], "option": st.option,
            "polarity": d["polarity"], "source": st.source or f"document-{st.document_id}",
            "source_title": title, "outlet": outlet, "date": d["date"], "text": st.sentence,
            "speaker": st.speaker or None, "note": st.modality or None, "about": []})
    return rows


def _unknown(what: str, value: str, known: Sequence[str]) -> Problem:
    return Problem(f"unknown {what} {echo(value)}", path=(what,), expected=f"one of the "
                   f"{what}s the scenario has" if what != "act" else "an act",
                   found=echo(value), suggestion=suggest(clip(value), known, f"{what}s"),
                   file="<request>")


def browse(rows: Sequence[dict[str, Any]], scenario: Scenario, filters: Filters,
           limit: int = 500) -> dict[str, Any]:
    """The rows that pass ``filters`` (at most ``limit``), with what each filter can take.

    Raises
    ------
    InputError
        For an actor, issue, act or source the scenario (or the rows) do not
        have, or dates in the wrong order.
    """
    sources = sorted({r["source"] for r in rows} | {s.id for s in scenario.sources})
    problems = []
    for what, values, known in (("actor", filters.actor, scenario.actor_ids),
                                ("issue", filters.issue, scenario.issue_ids),
                                ("act", filters.act, ACTS), ("source", filters.source, sources)):
        problems += [_unknown(what, value, list(known)) for value in values or ()
                     if value not in known]
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        problems.append(Problem("the dates are in the wrong order", path=("date_from",),
                                expected="date_from on or before date_to",
                                found=f"{filters.date_from} > {filters.date_to}",
                                file="<request>"))
    if problems:
        raise InputError(tuple(problems))
    lo = filters.date_from.isoformat() if filters.date_from else None
    hi = filters.date_to.isoformat() if filters.date_to else None
    kept = [r for r in rows
            if (filters.actor is None or r["actor"] in filters.actor)
            and (filters.issue is None or any(i in r["issues"] for i in filters.issue))
            and (filters.act is None or r["act"] in filters.act)
            and (filters.source is None or r["source"] in filters.source)
            and (lo is None or (r["date"] is not None and r["date"] >= lo))
            and (hi is None or (r["date"] is not None and r["date"] <= hi))]
    return {"count": len(kept), "total": len(rows), "items": kept[:limit],
            "facets": {"actors": sorted({r["actor"] for r in rows}),
                       "issues": sorted({i for r in rows for i in r["issues"]}),
                       "acts": sorted({r["act"] for r in rows}),
                       "sources": sorted({r["source"] for r in rows})}}
