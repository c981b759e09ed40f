"""What if: rerun the analysis with some parameters changed, and say what moved.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> w = whatif(toy_scenario(), {"b.reservation": 0.6})
>>> print(w.differences[0])
b.reservation: 0.35 -> 0.6
>>> print(w.differences[1])
Agreements: 6 -> 1 of 15 feasible deals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from accord.analysis.bargaining import SOLUTION_TITLES
from accord.analysis.summary import Analysis, analyze
from accord.scenario.model import Proposal, Scenario
from accord.scenario.paths import get_parameter, with_parameters

__all__ = ["WhatIf", "whatif"]


@dataclass(frozen=True)
class WhatIf:
    """The analysis before and after overriding parameters, and the differences in words."""

    overrides: dict[str, float | bool]
    before: Analysis
    after: Analysis
    differences: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"overrides": self.overrides, "differences": list(self.differences),
                "before": self.before.to_dict(), "after": self.after.to_dict()}


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _value(scenario: Scenario, parameter: str) -> str:
    """A parameter's value as the user writes it: a veto true or false, a number to 4 digits."""
    value = get_parameter(scenario, parameter)
    if parameter.strip().endswith(".veto"):
        return "true" if value else "false"
    return _fmt(value)


def _differences(before: Analysis, after: Analysis) -> list[str]:
    s = after.scenario
    out = []
    b, a = before.survey, after.survey
    if (b.acceptable, b.feasible) != (a.acceptable, a.feasible):
        out.append(f"Agreements: {b.acceptable} -> {a.acceptable} of {a.feasible} feasible deals.")
    for name, sol in after.solutions.items():
        old = before.solutions[name]
        title = SOLUTION_TITLES[name][0].upper() + SOLUTION_TITLES[name][1:]
        if old is None and sol is None:
            continue
        if old is None or sol is None:
            out.append(f"{title}: "
                       f"{'none' if old is None else str(old.outcome.deal)} -> "
                       f"{'none' if sol is None else str(sol.outcome.deal)}.")
            continue
        moved = [f"{i.label}: {old.outcome.deal[i.id]} -> {sol.outcome.deal[i.id]}"
                 for i in s.issues if old.outcome.deal[i.id] != sol.outcome.deal[i.id]]
        if moved:
            out.append(f"{title} moves: " + "; ".join(moved) + ".")
    old_blockers = {x.actor: x for x in b.blockers}
    new_blockers = {x.actor: x for x in a.blockers}
    for actor in dict.fromkeys([*old_blockers, *new_blockers]):
        label = s.actor(actor).label
        if actor not in old_blockers:
            out.append(f"{label} now has a veto; blocked by {label} alone: "
                       f"{new_blockers[actor].share:.0%} of otherwise-acceptable deals.")
        elif actor not in new_blockers:
            out.append(f"{label} no longer has a veto.")
        elif abs(old_blockers[actor].share - new_blockers[actor].share) >= 0.005:
            # the wording takes any name, singular or plural ("European allies")
            out.append(f"Blocked by {label} alone: {old_blockers[actor].share:.0%} -> "
                       f"{new_blockers[actor].share:.0%} of otherwise-acceptable deals.")
    for old_e, new_e in zip(before.evaluations, after.evaluations, strict=True):
        label = new_e.proposal.title or new_e.proposal.id
        if old_e.accepted != new_e.accepted or old_e.rejecters != new_e.rejecters:
            verdict = "accepted" if new_e.accepted else (
                "rejected by " + ", ".join(s.actor(x).label for x in new_e.rejecters)
                if new_e.rejecters else "not feasible")
            out.append(f"Proposal {label!r}: now {verdict}.")
        old_n = [str(c.change) for c in old_e.nearest.changes] if old_e.nearest else None
        new_n = [str(c.change) for c in new_e.nearest.changes] if new_e.nearest else None
        if old_n != new_n and not new_e.accepted:
            out.append(f"Proposal {label!r}: the nearest agreement now "
                       + ("needs " + "; ".join(new_n) if new_n else "does not exist") + ".")
    return out


def whatif(scenario: Scenario, overrides: Mapping[str, float | bool],
           proposals: Sequence[Proposal] = (), top: int = 10) -> WhatIf:
    """Analyse ``scenario`` as it is and with ``overrides``, and list what changed.

    Parameters
    ----------
    scenario
        The scenario.
    overrides
        Parameter path -> new value (see :mod:`accord.scenario.paths`); weights
        are raw (normalised with the actor's other weights).
    proposals
        Proposals to evaluate in both runs.

    Raises
    ------
    InputError
        When a path names nothing, or a value is out of range.
    """
    changed = with_parameters(scenario, overrides)
    before = analyze(scenario, proposals, top=top)
    after = analyze(changed, proposals, top=top)
    params = [f"{k}: {_value(scenario, k)} -> {_value(changed, k)}"
              for k in overrides]
    return WhatIf(dict(overrides), before, after, tuple(params + _differences(before, after)))
