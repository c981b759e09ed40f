"""What the API answers and the pages show about a served scenario, as plain data.

The JSON API returns these mappings and the page templates render the same
ones, so a page and the API never disagree.

Examples
--------
>>> from accord.scenario import dump_scenario
>>> from accord.scenario.examples import toy_scenario
>>> from accord.web.registry import Registry
>>> reg = Registry()
>>> served, _ = reg.add_text(dump_scenario(toy_scenario()), "toy.yaml")
>>> scenario_summary(served)["deals"]
18
>>> [p["path"] for p in scenario_detail(reg, "toy")["parameters"][:2]]
['a.reservation', 'a.power']
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from accord.errors import Problem
from accord.scenario.paths import parse_parameter
from accord.web.registry import Registry
from accord.web.served import Served

__all__ = ["parameter_range", "problem_dict", "scenario_detail", "scenario_summary"]


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem as the API reports it: its fields, and ``text`` as the CLI prints it."""
    return problem.to_dict() | {"text": problem.format()}


def scenario_summary(served: Served) -> dict[str, Any]:
    """A served scenario in a list."""
    s = served.scenario
    return {"id": served.id, "title": s.title, "name": served.name, "uploaded": served.uploaded,
            "actors": len(s.actors), "issues": len(s.issues), "deals": served.deals,
            "proposals": len(served.proposals), "warnings": len(served.warnings)}


def parameter_range(path: str, value: float, top_weight: float) -> tuple[float, float, float]:
    """A slider's (min, max, step) for a parameter: 0..1 for values and reservations,
    0..twice the actor's largest weight for weights.

    Examples
    --------
    >>> parameter_range("ru.weights.nato", 13.0, 13.0)
    (0.0, 26.0, 0.5)
    >>> parameter_range("ru.reservation", 0.513, 13.0)
    (0.0, 1.0, 0.001)
    """
    kind = parse_parameter(path).kind
    if kind == "weights":
        top = max(1.0, math.ceil(2 * max(top_weight, value)))
        return 0.0, float(top), 0.5 if top >= 10 else 0.05
    if kind == "interactions":
        return -1.0, 1.0, 0.01
    if kind == "power":
        return 0.0, max(5.0, math.ceil(2 * value)), 0.1
    return 0.0, 1.0, 0.001 if kind == "reservation" else 0.01


def _uncertain(served: Served) -> set[str]:
    out: set[str] = set()
    for key, dist in served.scenario.uncertainty.items():
        out |= set(dist.moves) if dist.moves else {key}
    return out


def scenario_detail(registry: Registry, sid: str) -> dict[str, Any]:
    """Everything a page needs to draw a scenario's controls."""
    served = registry.get(sid)
    s = served.scenario
    drawn = _uncertain(served)
    parameters = []
    for row in registry.numbers(sid):
        top = max(s.preferences[row.actor].weights.values())
        lo, hi, step = parameter_range(row.path, row.value, top)
        parameters.append({
            "path": row.path, "actor": row.actor, "label": row.label,
            "kind": parse_parameter(row.path).kind,
            "value": row.value if math.isfinite(row.value) else None,
            "min": lo, "max": hi, "step": step,
            "quotes": [asdict(q) for q in row.quotes], "assumptions": list(row.assumptions),
            "supports": row.supports, "contradicts": row.contradicts,
            "uncertain": row.path in drawn})
    return {
        "id": served.id, "title": s.title, "name": served.name, "uploaded": served.uploaded,
        "deals": served.deals, "description": s.description,
        "as_of": s.as_of.isoformat() if s.as_of else None,
        "actors": [{"id": a.id, "name": a.label, "role": a.role, "veto": a.veto,
                    "power": a.power, "modelled": a.id in s.preferences,
                    "reservation": s.preferences[a.id].reservation
                    if a.id in s.preferences else None} for a in s.actors],
        "issues": [{"id": i.id, "name": i.label, "status_quo": i.status_quo,
                    "options": [{"id": o.id, "name": o.label} for o in i.options]}
                   for i in s.issues],
        "status_quo": {i.id: i.status_quo for i in s.issues},
        "parameters": parameters,
        "proposals": [{"id": p.id, "title": p.title or p.id,
                       "proposed_by": list(p.proposed_by), "deal": dict(p.deal)}
                      for p in served.proposals],
        "warnings": [problem_dict(w) for w in served.warnings],
        "uncertainty": list(s.uncertainty),
    }
