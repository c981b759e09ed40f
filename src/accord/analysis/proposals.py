"""Evaluating a proposal: who accepts it, what beats it, and what would fix it.

For a proposal (a deal, possibly leaving issues at their status quo):

- each actor's utility and margin over its reservation value, and its verdict;
- the constraints it breaks;
- whether another feasible deal is at least as good for every veto actor and
  better for one (found exactly from the veto actors' Pareto frontier: some
  frontier point dominates the proposal whenever any deal does);
- the *nearest acceptable deal*: the agreement that changes the fewest issues
  of the proposal, ties broken by the larger Nash product, then the lower deal
  index. It is searched ring by ring (every deal at 1 change, then 2, ...), so
  the search stops as soon as the answer is certain;
- all of it in words: "To bring in Ukraine: change guarantees from none to US
  backstop."

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.scenario import Proposal
>>> s = toy_scenario()
>>> ev = evaluate(s, {"price": "mid"})
>>> ev.rejecters
('b',)
>>> [str(c.change) for c in ev.nearest.changes]
['delivery: slow -> fast']
>>> print(ev.explanation[-1])
To bring in Buyer: change delivery from slow to fast (Buyer +0.30, Seller -0.14).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.outcome import ChangeEffect, Outcome, amount
from accord.analysis.search import SearchStoppedError, nearest_search
from accord.analysis.zopa import Survey, survey_context
from accord.scenario.deal import changes, make_deal
from accord.scenario.model import Proposal, Scenario
from accord.utility import ACCEPT_TOLERANCE

__all__ = ["Evaluation", "NearestDeal", "evaluate", "evaluate_context", "nearest_agreement"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class NearestDeal:
    """The agreement closest to a proposal (fewest issues changed)."""

    outcome: Outcome
    changes: tuple[ChangeEffect, ...]
    nash_product: float
    ties: int

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"distance": len(self.changes), "changes": [c.to_dict() for c in self.changes],
                "nash_product": self.nash_product, "equally_near_agreements": self.ties,
                **self.outcome.to_dict(scenario)}


@dataclass(frozen=True)
class Evaluation:
    """Everything :func:`evaluate` finds about one proposal."""

    proposal: Proposal
    outcome: Outcome
    rejecters: tuple[str, ...]
    broken: tuple[str, ...]
    dominated_by: Outcome | None
    nearest: NearestDeal | None
    explanation: tuple[str, ...]
    #: False when the search for the nearest agreement ran out of time (``nearest`` is
    #: then ``None`` though an agreement may exist).
    nearest_searched: bool = True

    @property
    def accepted(self) -> bool:
        """Whether the proposal is an agreement as it stands."""
        return self.outcome.agreement

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "proposal": {"id": self.proposal.id, "title": self.proposal.title,
                         "proposed_by": list(self.proposal.proposed_by),
                         "deal": dict(self.proposal.deal)},
            "accepted": self.accepted,
            "rejecters": list(self.rejecters),
            "broken_constraints": list(self.broken),
            **self.outcome.to_dict(scenario),
            "dominated_by": self.dominated_by.to_dict(scenario) if self.dominated_by else None,
            "nearest_acceptable": self.nearest.to_dict(scenario) if self.nearest else None,
            "nearest_searched": self.nearest_searched,
            "explanation": list(self.explanation),
        }


def _nash(ctx: Context, u: FloatArray) -> FloatArray:
    r = ctx.model.reservation[ctx.veto]
    out: FloatArray = np.maximum(u[:, ctx.veto] - r, 0.0).prod(axis=1)
    return out


def nearest_agreement(ctx: Context, base: Mapping[str, str], *, seconds: float | None = None,
                      cancel: Callable[[], bool] | None = None) -> NearestDeal | None:
    """The agreement that changes the fewest issues of ``base`` (see module docs).

    Found by branch and bound (:func:`accord.analysis.search.nearest_search`):
    a few milliseconds even when the answer is many changes away, on real
    scenarios; on a space of many similar issues it may take minutes, which
    ``seconds`` and ``cancel`` bound (raising
    :class:`~accord.analysis.search.SearchStoppedError`).
    """
    index, _, value, ties = nearest_search(ctx.space, ctx.model, ctx.space.digits_of(base),
                                           ctx.plan, seconds=seconds, cancel=cancel)
    if index < 0:
        return None
    outcome = ctx.outcome(index)
    moves = changes(ctx.scenario, base, outcome.deal)
    return NearestDeal(outcome, tuple(ctx.change_effects(base, moves)), value, ties)


def _any_feasible(ctx: Context, base: Mapping[str, str], *, seconds: float | None = None,
                  cancel: Callable[[], bool] | None = None) -> bool:
    """Whether some deal keeps every constraint: an agreement once no one has a reservation.

    A search as :func:`nearest_agreement`'s, with every reservation below any
    utility; it stops at the deals nearest ``base``, so it is quick when one exists.
    """
    model = replace(ctx.model, reservation=np.full_like(ctx.model.reservation, -1.0))
    index, _, _, _ = nearest_search(ctx.space, model, ctx.space.digits_of(base), ctx.plan,
                                    seconds=seconds, cancel=cancel)
    return index >= 0


def _dominating(ctx: Context, found: Survey, outcome: Outcome) -> Outcome | None:
    """A feasible deal at least as good for every veto actor and better for one.

    Among such deals, the one with the largest smallest improvement (then the
    largest total improvement, then the lowest index).
    """
    f = found.frontier
    p = np.array([outcome.utilities[a] for a in f.actor_ids])
    ge = np.all(f.utilities >= p - ACCEPT_TOLERANCE, axis=1)
    gt = np.any(f.utilities > p + ACCEPT_TOLERANCE, axis=1)
    rows = np.flatnonzero(ge & gt & (f.indices != outcome.index))
    if rows.size == 0:
        return None
    gain = f.utilities[rows] - p
    order = np.lexsort((f.indices[rows], -gain.sum(axis=1), -gain.min(axis=1)))
    return ctx.outcome(int(f.indices[rows[order[0]]]))


def _names(scenario: Scenario, ids: tuple[str, ...] | list[str]) -> str:
    labels = [scenario.actor(a).label for a in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _explain(ctx: Context, ev_outcome: Outcome, rejecters: tuple[str, ...],
             broken: tuple[str, ...], dominated_by: Outcome | None,
             nearest: NearestDeal | None, searched: bool = True,
             feasible: bool = True) -> tuple[str, ...]:
    s = ctx.scenario
    lines = []
    veto = ctx.veto_ids
    accepting = [a for a in veto if ev_outcome.accepts[a]]
    if ev_outcome.agreement:
        lines.append(f"Accepted: every party with a veto ({_names(s, list(veto))}) "
                     "is at or above its reservation value.")
    else:
        parts = []
        if rejecters:
            detail = ", ".join(
                f"{s.actor(a).label} {ev_outcome.utilities[a]:.2f} < "
                f"{s.preferences[a].reservation:.2f}" for a in rejecters)
            parts.append(f"{_names(s, list(rejecters))} reject{'s' if len(rejecters) == 1 else ''}"
                         f" it ({detail})")
        if broken:
            parts.append("it breaks " + ", ".join(
                f"constraint {c!r}" + (f" ({s_c.why})" if (s_c := next(
                    x for x in s.constraints if x.id == c)).why else "") for c in broken))
        lines.append("Not an agreement: " + "; ".join(parts) + ".")
        if accepting:
            lines.append(f"{_names(s, accepting)} accept{'s' if len(accepting) == 1 else ''} it.")
    others = [a.id for a in s.modelled_actors if not a.veto]
    if others:
        verdicts = ", ".join(
            f"{s.actor(a).label} {'accepts' if ev_outcome.accepts[a] else 'rejects'}"
            for a in others)
        lines.append(f"Without a veto: {verdicts}.")
    if dominated_by is not None:
        moves = changes(s, ev_outcome.deal, dominated_by.deal)
        deltas = {a: dominated_by.utilities[a] - ev_outcome.utilities[a] for a in veto}
        gains = ", ".join(f"{s.actor(a).label} {amount(d, True)}" for a, d in deltas.items()
                          if abs(d) >= 0.0005)
        lines.append("A better deal for every party with a veto exists: "
                     + "; ".join(m.describe(s) for m in moves) + f" ({gains}).")
    if not ev_outcome.agreement:
        if not searched:
            lines.append(f"The nearest agreement was not found in time: the search over "
                         f"{ctx.space.size:.3g} deals was given up (it may take minutes on a "
                         f"space this large; 'accord evaluate' searches to the end).")
        elif nearest is None and not feasible:
            lines.append("No deal is feasible: the constraints exclude every deal, so no "
                         "agreement can exist ('accord validate' reports this for a file).")
        elif nearest is None:
            lines.append("No agreement exists under these assumptions: no deal is accepted by "
                         "every party with a veto.")
        else:
            steps = " and ".join(c.describe(s, tuple(a for a in veto)) for c in nearest.changes)
            goals = []
            if rejecters:
                goals.append("bring in " + _names(s, list(rejecters)))
            if broken:
                goals.append("keep every constraint")
            lines.append(f"To {' and '.join(goals)}: {steps}.")
    return tuple(lines)


def evaluate_context(ctx: Context, proposal: Proposal | Mapping[str, str],
                     found: Survey | None = None, *, seconds: float | None = None,
                     cancel: Callable[[], bool] | None = None) -> Evaluation:
    """:func:`evaluate` on an already compiled scenario.

    Without a ``found`` survey, whether a better deal exists for every veto
    actor is not looked for (``dominated_by`` stays ``None``); everything else
    takes milliseconds on real scenarios, whatever the size of the space. The
    search for the nearest agreement may take much longer on a space of many
    similar issues: after ``seconds`` it is given up (``nearest`` ``None``,
    ``nearest_searched`` ``False``, and the explanation says so); ``cancel``
    stops it with :class:`~accord.analysis.search.SearchStoppedError`.
    """
    s = ctx.scenario
    if not isinstance(proposal, Proposal):
        choices = dict(proposal)
        make_deal(s, choices)       # every id checked, with the nearest valid one, first
        proposal = Proposal(accord=1, id="proposal", deal=choices)
    deal = make_deal(s, proposal.deal)
    outcome = ctx.outcome_of(deal)
    rejecters = tuple(a for a in ctx.veto_ids if not outcome.accepts[a])
    broken = tuple(ctx.space.broken_constraints(deal))
    dominated_by = _dominating(ctx, found, outcome) if found is not None else None
    nearest, searched, feasible = None, True, True
    if not outcome.agreement:
        try:
            nearest = nearest_agreement(ctx, deal, seconds=seconds, cancel=cancel)
        except SearchStoppedError as exc:
            if not exc.timed_out:
                raise
            searched = False
    if searched and nearest is None and not outcome.agreement:
        try:            # no agreement: say so, or that no deal is feasible at all
            feasible = _any_feasible(ctx, deal, seconds=seconds, cancel=cancel)
        except SearchStoppedError as exc:
            if not exc.timed_out:
                raise
    lines = _explain(ctx, outcome, rejecters, broken, dominated_by, nearest, searched, feasible)
    return Evaluation(proposal, outcome, rejecters, broken, dominated_by, nearest, lines,
                      searched)


def evaluate(scenario: Scenario, proposal: Proposal | Mapping[str, str],
             survey_result: Survey | None = None,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Evaluate a proposal against a scenario.

    Parameters
    ----------
    scenario
        The scenario.
    proposal
        A :class:`~accord.scenario.model.Proposal`, or a mapping issue -> option
        (issues left out stay at their status quo).
    survey_result
        A :class:`~accord.analysis.zopa.Survey` of the same scenario, to reuse.
    progress
        Called with (deals done, total) while the space is surveyed.

    Raises
    ------
    InputError
        When the proposal names an issue or option the scenario does not have.
    """
    ctx = Context.of(scenario)
    found = survey_result or survey_context(ctx, progress=progress)
    return evaluate_context(ctx, proposal, found)
