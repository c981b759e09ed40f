"""Trades: exchanges of concessions that leave every veto actor better off.

A bundle of changes from the status quo *improves* it when no veto actor ends
up worse off and at least one ends up better off (an actor the bundle leaves
exactly where it was — say, one that only cares about an issue the bundle does
not touch — counts as satisfied, not as blocking). A *trade* is an improving
bundle of two or more changes none of whose smaller sub-bundles improves on
the status quo: every change is a concession by somebody, paid for by the
others (a logroll). Trades are ranked by joint gain (the sum of the veto
actors' gains), and each is explained in words.

Single changes that improve on the status quo by themselves are *free moves*
and are reported separately.

References
----------
Raiffa, H. (1982). The Art and Science of Negotiation, ch. 10 (logrolling).

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> t = trades(toy_scenario())
>>> [str(c.change) for c in t.trades[1].changes]
['price: low -> mid', 'delivery: slow -> fast']
>>> print(t.trades[1].explanation)
Change price from low to mid and change delivery from slow to fast. Alone, the first
costs Buyer 0.20; the second costs Seller 0.14. Together: Seller +0.16, Buyer +0.10.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.outcome import ChangeEffect, Outcome, amount
from accord.scenario.deal import Change, status_quo
from accord.scenario.model import Scenario
from accord.utility import ACCEPT_TOLERANCE, evaluate_digits

__all__ = ["Trade", "Trades", "trades"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Trade:
    """A bundle of changes from the status quo that every veto actor gains from."""

    outcome: Outcome
    changes: tuple[ChangeEffect, ...]
    gains: dict[str, float]
    explanation: str

    @property
    def joint_gain(self) -> float:
        """The sum of the veto actors' gains over the status quo.

        Rounded to 12 decimals, as utilities are: the gains of two trades that tie
        on paper can otherwise differ in the last bit (the trades are ranked by
        the sum of utilities, a gain is a difference), and the list would seem
        out of order.
        """
        return round(sum(self.gains.values()), 12)

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"changes": [c.to_dict() for c in self.changes], "gains": self.gains,
                "joint_gain": self.joint_gain, "explanation": self.explanation,
                **self.outcome.to_dict(scenario)}


@dataclass(frozen=True)
class Trades:
    """The best trades and the free moves from the status quo."""

    status_quo: Outcome
    trades: tuple[Trade, ...]
    free_moves: tuple[Trade, ...]
    examined: int

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"status_quo": self.status_quo.to_dict(scenario),
                "trades": [t.to_dict(scenario) for t in self.trades],
                "free_moves": [t.to_dict(scenario) for t in self.free_moves],
                "examined": self.examined}


def _ordinal(k: int) -> str:
    return ("first", "second", "third", "fourth", "fifth")[k] if k < 5 else f"#{k + 1}"


def _explain(scenario: Scenario, veto: tuple[str, ...], effects: list[ChangeEffect],
             gains: dict[str, float]) -> str:
    label = {a: scenario.actor(a).label for a in veto}
    steps = " and ".join(e.change.describe(scenario) for e in effects)
    text = steps[0].upper() + steps[1:] + "."
    if len(effects) > 1:
        costs = []
        for k, e in enumerate(effects):
            losers = [f"{label[a]} {amount(-e.effects[a])}" for a in veto
                      if e.effects[a] < -ACCEPT_TOLERANCE]
            costs.append(f"the {_ordinal(k)} costs " + (", ".join(losers) or "nobody"))
        text += " Alone, " + "; ".join(costs) + "."
    together = ", ".join(f"{label[a]} {amount(gains[a], True)}" for a in veto
                         if abs(gains[a]) > ACCEPT_TOLERANCE) or "nobody"
    return text + f" {'Together' if len(effects) > 1 else 'Gains'}: {together}."


def trades(scenario: Scenario, max_issues: int = 3, top: int = 10) -> Trades:
    """The best trades from the status quo (see the module docs).

    Parameters
    ----------
    scenario
        The scenario.
    max_issues
        The largest number of issues a trade may change (2 or more).
    top
        How many trades (and free moves) to return, best first.
    """
    ctx = Context.of(scenario)
    space, model = ctx.space, ctx.model
    veto = ctx.veto
    sq_deal = status_quo(scenario)
    sq = space.digits_of(sq_deal)
    u_sq, _ = evaluate_digits(space, model, sq[None, :])
    worse = u_sq[0, veto] - ACCEPT_TOLERANCE      # below this a veto actor loses
    better = u_sq[0, veto] + ACCEPT_TOLERANCE     # above this it gains
    examined = 0
    # bundles (as deal indices) that improve on the status quo for every veto
    # actor, or contain a smaller bundle that does
    covered = np.empty(0, dtype=np.int64)
    free = (np.empty(0, dtype=np.int64), np.empty(0))
    found_index: list[IntArray] = []
    found_joint: list[NDArray[np.float64]] = []
    for k in range(1, min(max(2, max_issues), space.n_issues) + 1):
        level: list[IntArray] = []
        for block in space.neighbours(sq, k):
            examined += block.shape[0]
            u, ok = evaluate_digits(space, model, block)
            improving = ok & np.all(u[:, veto] >= worse, axis=1) & \
                np.any(u[:, veto] > better, axis=1)
            index = space.encode(block)
            moved = block != sq
            contains = np.zeros(block.shape[0], dtype=np.bool_)
            if covered.size:
                for c in range(space.n_issues):
                    if moved[:, c].any():
                        # the same bundle without the change on issue c
                        sub = index - (block[:, c] - sq[c]) * space.strides[c]
                        contains |= moved[:, c] & np.isin(sub, covered)
            joint = u[:, veto].sum(axis=1)
            if k == 1:
                free = (index[improving], joint[improving])
            else:
                keep = improving & ~contains
                found_index.append(index[keep])
                found_joint.append(joint[keep])
            level.append(index[improving | contains])
        covered = np.concatenate(level) if level else covered
    sq_outcome = ctx.outcome_of(sq_deal)
    veto_ids = ctx.veto_ids

    def build(index: IntArray, joint: NDArray[np.float64]) -> tuple[Trade, ...]:
        chosen = index[np.lexsort((index, -joint))[:top]]
        out = []
        for outcome in ctx.outcomes(chosen):
            moves = [Change(i.id, sq_deal[i.id], outcome.deal[i.id]) for i in scenario.issues
                     if outcome.deal[i.id] != sq_deal[i.id]]
            effects = ctx.change_effects(sq_deal, moves)
            gains = {a: outcome.utilities[a] - sq_outcome.utilities[a] for a in veto_ids}
            out.append(Trade(outcome, tuple(effects), gains,
                             _explain(scenario, veto_ids, effects, gains)))
        return tuple(out)

    all_index = np.concatenate(found_index) if found_index else np.empty(0, dtype=np.int64)
    all_joint = np.concatenate(found_joint) if found_joint else np.empty(0)
    return Trades(sq_outcome, build(all_index, all_joint), build(*free), examined)
