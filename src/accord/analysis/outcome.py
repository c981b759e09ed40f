"""A deal with what it gives every actor: the unit every analysis reports.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> ctx = Context.of(toy_scenario())
>>> o = ctx.outcome(9)
>>> str(o.deal), round(o.utilities["a"], 6), o.accepts["b"], o.agreement
('price=mid, delivery=fast, warranty=none', 0.66, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.scenario.deal import Change, Deal, changes
from accord.scenario.model import Scenario

__all__ = ["ChangeEffect", "Outcome", "amount", "deal_summary", "deal_table"]


def amount(x: float, signed: bool = False) -> str:
    """A utility difference for a sentence: two decimals, three when it is that small.

    Examples
    --------
    >>> amount(0.25, signed=True), amount(0.004, signed=True), amount(0.0)
    ('+0.25', '+0.004', '0.00')
    """
    digits = 3 if 0 < abs(x) < 0.01 else 2
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


@dataclass(frozen=True)
class Outcome:
    """A deal, its utility and margin for every actor with preferences, and the verdicts.

    Attributes
    ----------
    index
        The deal's integer in the deal space.
    deal
        The option chosen on every issue.
    utilities, margins
        Per actor: utility, and utility minus reservation value.
    accepts
        Per actor: utility at least the reservation value.
    feasible
        The deal breaks no constraint.
    agreement
        Feasible, and every veto actor accepts.
    """

    index: int
    deal: Deal
    utilities: Mapping[str, float]
    margins: Mapping[str, float]
    accepts: Mapping[str, bool]
    feasible: bool
    agreement: bool

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping, with the deal spelled out option by option."""
        return {
            "index": self.index,
            "deal": deal_table(scenario, self.deal),
            "utilities": dict(self.utilities),
            "margins": dict(self.margins),
            "accepts": dict(self.accepts),
            "feasible": self.feasible,
            "agreement": self.agreement,
        }


@dataclass(frozen=True)
class ChangeEffect:
    """One change of a deal, and what it alone does to each actor's utility."""

    change: Change
    effects: dict[str, float]

    def describe(self, scenario: Scenario, actors: tuple[str, ...]) -> str:
        """The change in words, with its effect on ``actors`` (largest first)."""
        shown = sorted(((a, self.effects[a]) for a in actors if abs(self.effects[a]) >= 0.0005),
                       key=lambda x: -abs(x[1]))
        effects = ", ".join(f"{scenario.actor(a).label} {amount(v, True)}" for a, v in shown)
        return self.change.describe(scenario) + (f" ({effects})" if effects else "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"issue": self.change.issue, "from": self.change.before,
                "to": self.change.after, "effects": self.effects}


def deal_table(scenario: Scenario, deal: Mapping[str, str]) -> list[dict[str, Any]]:
    """The deal option by option, with names and whether each is the status quo."""
    moved = {c.issue for c in changes(scenario, {i.id: i.status_quo for i in scenario.issues},
                                      deal)}
    return [{"issue": issue.id, "issue_name": issue.label, "option": deal[issue.id],
             "option_name": issue.option(deal[issue.id]).label,
             "status_quo": issue.id not in moved} for issue in scenario.issues]


def deal_summary(scenario: Scenario, deal: Mapping[str, str]) -> str:
    """The options of a deal that differ from the status quo, or ``(status quo)``.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> deal_summary(toy_scenario(), {"price": "mid", "delivery": "slow", "warranty": "none"})
    'price=mid'
    """
    sq = {i.id: i.status_quo for i in scenario.issues}
    moved = changes(scenario, sq, deal)
    return ", ".join(f"{c.issue}={c.after}" for c in moved) or "(status quo)"
