"""One draw of the parameters: the utility model it gives, and what follows from it.

A :class:`DrawModel` keeps a scenario's raw numbers (weights before
normalisation, option values, reservations, interaction terms) as arrays and
builds the :class:`~accord.utility.UtilityModel` of any draw in microseconds,
exactly as :func:`accord.utility.utility_model` would for the scenario with
those parameters set (no scenario is rebuilt or revalidated per draw).

:func:`evaluate` then answers, for each draw: is there an agreement, which
deal is the Nash solution, does each proposal pass and who rejects it, and —
when no agreement exists — which veto actors alone stand in the way (drop
that actor's veto and an agreement appears).

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> dm = DrawModel.of(toy_scenario(), [])
>>> out = evaluate(dm, np.empty((1, 0)), np.empty((0, 3), dtype=np.int64))
>>> bool(out.agreement[0]), str(dm.ctx.deal(int(out.nash[0])))
(True, 'price=high, delivery=fast, warranty=one-year')
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.search import _search, search_plan
from accord.errors import InputError, Problem
from accord.scenario.deal import make_deal
from accord.scenario.model import Proposal, Scenario
from accord.uncertainty.parameters import UncertainParameters, uncertain_parameters
from accord.utility import ACCEPT_TOLERANCE, UtilityModel, add_folded, evaluate_digits

__all__ = ["DrawModel", "DrawOutcomes", "evaluate"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_KIND = {"reservation": 0, "weights": 1, "values": 2, "interactions": 3, "power": 4}


@dataclass(frozen=True, eq=False)
class DrawModel:
    """A scenario compiled for fast re-parameterisation."""

    ctx: Context
    parameters: UncertainParameters
    proposals: tuple[Proposal, ...]
    proposal_digits: IntArray
    weights: FloatArray      # (actors, issues) raw weights
    values: FloatArray       # (actors, issues, options)
    reservation: FloatArray
    power: FloatArray
    adds: FloatArray
    kind: IntArray           # per target: what it sets
    where: IntArray          # per target: (actor column, issue, option, interaction)

    @classmethod
    def of(cls, scenario: Scenario, proposals: Sequence[Proposal]) -> DrawModel:
        """Compile ``scenario`` (and the proposals to judge in every draw)."""
        ctx = Context.of(scenario)
        model = ctx.model
        issues = scenario.issue_ids
        actors = model.actor_ids
        width = model.tables.shape[2]
        weights = np.zeros((len(actors), len(issues)))
        values = np.zeros((len(actors), len(issues), width))
        adds: list[float] = []
        first_interaction: dict[str, int] = {}
        for a, actor in enumerate(actors):
            prefs = scenario.preferences[actor]
            first_interaction[actor] = len(adds)
            adds += [it.add for it in prefs.interactions]
            for i, issue in enumerate(scenario.issues):
                weights[a, i] = prefs.weights.get(issue.id, 0.0)
                table = prefs.values.get(issue.id, {})
                for o, option in enumerate(issue.option_ids):
                    values[a, i, o] = table.get(option, 0.0)
        params = uncertain_parameters(scenario)
        kind, where, problems = [], [], []
        for t in params.targets:
            p = t.path
            if p.actor not in actors:       # the power of an actor without preferences
                kind.append(-1)
                where.append((0, 0, 0, 0))
                continue
            a = actors.index(p.actor)
            i = issues.index(p.issue) if p.issue else 0
            o = scenario.issues[i].option_ids.index(p.option) if p.option else 0
            k = 0
            if p.kind == "interactions":
                assert p.interaction is not None
                its = scenario.preferences[p.actor].interactions
                local = int(p.interaction) if p.interaction.isdigit() else next(
                    n for n, it in enumerate(its) if it.id == p.interaction)
                k = first_interaction[p.actor] + local
            if p.kind == "weights" and p.issue not in scenario.preferences[p.actor].values:
                problems.append(Problem(
                    "an uncertain weight for an issue the actor gives no values",
                    path=("uncertainty", t.text), found=t.text,
                    expected="values for every option of an issue whose weight can be positive",
                    suggestion=f"add preferences.{p.actor}.values.{p.issue}"))
            kind.append(_KIND[p.kind])
            where.append((a, i, o, k))
        if problems:
            raise InputError(tuple(problems))
        digits = np.array([ctx.space.digits_of(make_deal(scenario, p.deal)) for p in proposals],
                          dtype=np.int64).reshape(len(proposals), ctx.space.n_issues)
        return cls(ctx, params, tuple(proposals), digits, weights, values,
                   model.reservation.copy(), model.power.copy(), np.array(adds, dtype=np.float64),
                   np.array(kind, dtype=np.int64),
                   np.array(where, dtype=np.int64).reshape(len(kind), 4))

    def weightless(self, row: FloatArray) -> BoolArray:
        """Which actors have every weight at 0 with the targets set to ``row``."""
        w = self.weights.copy()
        for t in np.flatnonzero(self.kind == 1):
            a, i, _, _ = self.where[t]
            w[a, i] = row[t]
        out: BoolArray = np.logical_not(np.any(w > 0, axis=1))
        return out

    def model_at(self, row: FloatArray) -> UtilityModel:
        """The utility model with the targets set to ``row`` (one value per target)."""
        w, v = self.weights.copy(), self.values.copy()
        r, power, adds = self.reservation.copy(), self.power.copy(), self.adds.copy()
        for t in range(row.size):
            a, i, o, k = self.where[t]
            kind = self.kind[t]
            if kind == 0:
                r[a] = row[t]
            elif kind == 1:
                w[a, i] = row[t]
            elif kind == 2:
                v[a, i, o] = row[t]
            elif kind == 3:
                adds[k] = row[t]
            elif kind == 4:
                power[a] = row[t]
        # the same operations, in the same order, as accord.utility.utility_model; an
        # actor whose every weight is drawn as 0 values every deal at 0 (see weightless)
        totals = np.array([math.fsum(row) for row in w.tolist()])
        share = w / np.where(totals > 0, totals, 1.0)[:, None]
        tables = np.where((w > 0)[:, :, None], share[:, :, None] * v, 0.0)
        model = self.ctx.model
        return dataclasses.replace(model, tables=add_folded(tables, model.folded, adds),
                                   reservation=r, power=power,
                                   interaction_add=adds[model.interaction_source])


@dataclass(frozen=True)
class DrawOutcomes:
    """What each draw gives (one row per draw).

    Attributes
    ----------
    agreement
        Some agreement exists.
    nash
        The Nash solution's deal index (-1 where none exists).
    accepted
        ``(draws, proposals)``: the proposal is an agreement.
    rejects
        ``(draws, proposals, veto actors)``: this veto actor rejects the proposal.
    pivotal
        ``(draws, veto actors)``: no agreement exists, but one would without
        this actor's veto.
    weightless
        ``(draws, actors)``: every weight of this actor was drawn as 0, so its
        utility of every deal is 0 in the draw.
    """

    agreement: BoolArray
    nash: IntArray
    accepted: BoolArray
    rejects: BoolArray
    pivotal: BoolArray
    weightless: BoolArray

    @staticmethod
    def concatenate(parts: Sequence[DrawOutcomes]) -> DrawOutcomes:
        """The outcomes of consecutive blocks of draws, joined in order."""
        return DrawOutcomes(*(np.concatenate([getattr(p, f.name) for p in parts])
                              for f in dataclasses.fields(DrawOutcomes)))


def _run(dm: DrawModel, model: UtilityModel, plan: tuple[IntArray, IntArray, IntArray],
         veto: BoolArray, first_only: bool) -> int:
    space = dm.ctx.space
    f, it = space.forbidden, model.interactions
    result = np.zeros(2)
    order, option_order, depth = plan
    return int(_search(model.tables, space.radices, space.strides, order, option_order,
                       model.reservation, veto, f.ptr, f.issue, f.allowed, depth, it.ptr,
                       it.issue, it.allowed, model.interaction_actor, model.interaction_add,
                       first_only, result))


def evaluate(dm: DrawModel, values: FloatArray, proposal_digits: IntArray | None = None
             ) -> DrawOutcomes:
    """Evaluate draws given as target values, shape ``(draws, n_targets)``."""
    space = dm.ctx.space
    digits = dm.proposal_digits if proposal_digits is None else proposal_digits
    n = values.shape[0]
    veto_cols = dm.ctx.veto
    n_prop = digits.shape[0]
    agreement = np.zeros(n, dtype=np.bool_)
    nash = np.full(n, -1, dtype=np.int64)
    accepted = np.zeros((n, n_prop), dtype=np.bool_)
    rejects = np.zeros((n, n_prop, veto_cols.size), dtype=np.bool_)
    pivotal = np.zeros((n, veto_cols.size), dtype=np.bool_)
    weightless = np.zeros((n, len(dm.ctx.model.actor_ids)), dtype=np.bool_)
    plan = search_plan(space, dm.ctx.model)
    for d in range(n):
        model = dm.model_at(values[d])
        weightless[d] = dm.weightless(values[d])
        index = _run(dm, model, plan, model.veto, first_only=False)
        nash[d] = index
        agreement[d] = index >= 0
        if n_prop:
            u, ok = evaluate_digits(space, model, digits)
            acc = u >= model.reservation - ACCEPT_TOLERANCE
            rejects[d] = ~acc[:, veto_cols]
            accepted[d] = ok & ~rejects[d].any(axis=1)
        if index < 0:
            for k, col in enumerate(veto_cols):
                veto = model.veto.copy()
                veto[col] = False
                if veto.any():
                    pivotal[d, k] = _run(dm, model, plan, veto, first_only=True) >= 0
    return DrawOutcomes(agreement, nash, accepted, rejects, pivotal, weightless)
