"""What a simulated negotiation leaves behind: every turn, and the result.

A :class:`Trace` lists the turns (stage, round, who proposed what, every
actor's utility of it, who accepted) and becomes a table (:meth:`Trace.rows`,
CSV, JSON). A :class:`Result` says agreement or breakdown, when, the
utilities, and how far the outcome lies from the Nash solution and from the
Pareto frontier of the veto actors (Euclidean distance in their utilities; at a
breakdown every actor gets its reservation value).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.outcome import deal_table
from accord.analysis.zopa import Survey, survey_context
from accord.scenario.deal import Deal

__all__ = ["Reference", "Rejection", "Result", "Trace", "Turn", "reference"]


@dataclass(frozen=True)
class Turn:
    """One offer (or one text, in a mediated negotiation) and the answers to it."""

    stage: str
    round: int
    turn: int
    proposer: str
    deal: int
    utilities: dict[str, float]
    accepted_by: tuple[str, ...]
    agreement: bool
    note: str = ""

    def row(self, issues: tuple[str, ...] = (), options: tuple[str, ...] = ()) -> dict[str, Any]:
        """A flat mapping for a table (utilities as ``u_<actor>`` columns)."""
        out: dict[str, Any] = {"stage": self.stage, "round": self.round, "turn": self.turn,
                               "proposer": self.proposer, "deal": self.deal}
        out.update(dict(zip(issues, options, strict=True)))
        out.update({f"u_{a}": round(u, 6) for a, u in self.utilities.items()})
        out.update({"accepted_by": " ".join(self.accepted_by), "agreement": self.agreement,
                    "note": self.note})
        return out


@dataclass(frozen=True)
class Trace:
    """Every turn of a negotiation, in order."""

    turns: tuple[Turn, ...]
    issues: tuple[str, ...] = ()
    deals: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def rows(self) -> list[dict[str, Any]]:
        """The trace as table rows (the deal spelled out issue by issue)."""
        return [t.row(self.issues, self.deals.get(t.deal, ())) if self.issues else t.row()
                for t in self.turns]

    def to_csv(self) -> str:
        """The trace as CSV text."""
        rows = self.rows()
        if not rows:
            return ""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()


@dataclass(frozen=True, eq=False)
class Reference:
    """The Nash solution and Pareto frontier of the veto actors, for distances."""

    veto: tuple[str, ...]
    nash: np.ndarray[Any, np.dtype[np.float64]] | None
    frontier: np.ndarray[Any, np.dtype[np.float64]]
    reservation: dict[str, float]

    def distances(self, utilities: dict[str, float]) -> tuple[float | None, float]:
        """(distance to the Nash solution, distance to the frontier) of a utility vector."""
        u = np.array([utilities[a] for a in self.veto])
        nash = None if self.nash is None else float(np.linalg.norm(u - self.nash))
        if self.frontier.size == 0:
            return nash, float("nan")
        pareto = float(np.min(np.linalg.norm(self.frontier - u, axis=1)))
        return nash, pareto


def reference(ctx: Context, found: Survey | None = None) -> Reference:
    """The veto actors' Nash solution and frontier (one survey of the space)."""
    found = found or survey_context(ctx)
    sol = solve(ctx, found.frontier, ("nash",))["nash"]
    veto = ctx.veto_ids
    cols = [found.frontier.actor_ids.index(a) for a in veto]
    nash = None if sol is None else np.array([sol.outcome.utilities[a] for a in veto])
    return Reference(veto, nash, found.frontier.utilities[:, cols],
                     {a: float(ctx.model.reservation[ctx.model.column(a)])
                      for a in ctx.model.actor_ids})


@dataclass(frozen=True)
class Rejection:
    """A veto actor of the scenario who rejects the deal the participants settled on.

    Examples
    --------
    >>> Rejection("firm", "Firm", 0.3, 0.5, at_table=False).describe()
    'Firm (veto, not at the table) rejects it (0.30 < 0.50)'
    >>> Rejection("firm", "Firm", 0.3, 0.5, at_table=False, walked_away=True).describe()
    'Firm (veto, walked away) rejects it'
    """

    actor: str
    name: str
    utility: float
    reservation: float
    at_table: bool
    walked_away: bool = False

    def describe(self) -> str:
        """One line saying who rejects the deal and why."""
        if self.walked_away:
            return f"{self.name} (veto, walked away) rejects it"
        where = "at the table" if self.at_table else "not at the table"
        return (f"{self.name} (veto, {where}) rejects it "
                f"({self.utility:.2f} < {self.reservation:.2f})")


@dataclass(frozen=True)
class Result:
    """The outcome of a simulated negotiation (or of a whole staged process).

    ``settled`` says the participants agreed on a deal; ``agreed`` says that
    deal is an agreement of the scenario: every veto actor, at the table or
    not, accepts it. ``rejected_by`` lists the veto actors who reject a
    settled deal (empty when ``agreed``).
    """

    protocol: str
    agreed: bool
    deal: Deal | None
    index: int
    round: int
    turns: int
    utilities: dict[str, float]
    strategies: dict[str, str]
    nash_distance: float | None
    pareto_distance: float
    pool_complete: bool
    trace: Trace
    stages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    settled: bool = False
    rejected_by: tuple[Rejection, ...] = ()

    def to_dict(self, ctx: Context) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "protocol": self.protocol, "agreement": self.agreed, "settled": self.settled,
            "rejected_by": [r.actor for r in self.rejected_by], "round": self.round,
            "turns": self.turns, "deal_index": self.index if self.settled else None,
            "deal": deal_table(ctx.scenario, self.deal) if self.deal is not None else None,
            "utilities": self.utilities, "strategies": self.strategies,
            "distance_to_nash": self.nash_distance, "distance_to_pareto": self.pareto_distance,
            "pool": "every feasible deal" if self.pool_complete else
                    "the participants' Pareto-optimal deals and the status quo",
            "stages": list(self.stages), "notes": list(self.notes),
            "trace": self.trace.rows(),
        }
