"""Playing a staged process (see :mod:`accord.scenario.process`) stage by stage.

Each stage runs its protocol among its participants (those who have not
walked away). When it ends, the process follows ``on_agreement`` or
``on_breakdown``: events change parameters (clamped to what the parameter
allows, and said so) or make an actor walk away, and the next stage starts —
from the text agreed before when it says ``start_from: previous``. A veto
actor walking away ends the process without agreement. The result is the last
stage's outcome, with the turns of every stage in one trace. The process
*settles* when its last stage settles and leads to the end; the settled deal is
an *agreement* only when every veto actor of the scenario, including those who
did not take part, accepts it (``rejected_by`` names those who do not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from accord.analysis.context import Context
from accord.scenario.model import Scenario
from accord.scenario.paths import get_parameter, parameter_domain, parse_parameter, with_parameters
from accord.scenario.process import Process, Stage
from accord.simulate.protocols import alternating, mediated
from accord.simulate.strategies import Negotiator, TextMediator, make_strategy
from accord.simulate.trace import Reference, Rejection, Result, Trace, Turn, reference

__all__ = ["run_process"]

#: A process that visits more stages than this is stopped (a cycle of stages).
MAX_STAGES = 100


def _negotiators(stage: Stage, participants: Sequence[str],
                 defaults: Sequence[str]) -> list[Negotiator]:
    return [make_strategy(stage.strategies.get(a, defaults[k % len(defaults)]))
            for k, a in enumerate(participants)]


def _apply_events(scenario: Scenario, stage: Stage, agreed: bool,
                  walked: set[str], notes: list[str]) -> Scenario:
    transition = stage.on_agreement if agreed else stage.on_breakdown
    changes: dict[str, float] = {}
    for event in transition.events:
        if event.walk_away is not None:
            walked.add(event.walk_away)
            notes.append(f"after {stage.id}: {event.walk_away} walks away"
                         + (f" ({event.why})" if event.why else ""))
            continue
        assert event.change is not None
        assert event.by is not None
        path = parse_parameter(event.change)
        lo, hi = parameter_domain(path)
        old = changes.get(event.change, get_parameter(scenario, event.change))
        new = min(max(old + event.by, lo), hi)
        clamped = " (clamped to the parameter's range)" if new != old + event.by else ""
        changes[event.change] = new
        notes.append(f"after {stage.id}: {event.change} {old:.3g} -> {new:.3g}{clamped}"
                     + (f" ({event.why})" if event.why else ""))
    return with_parameters(scenario, changes) if changes else scenario


def run_process(scenario: Scenario, process: Process, strategies: Sequence[str] = ("linear",),
                seed: int = 0, ref: Reference | None = None) -> Result:
    """Play ``process`` on ``scenario``.

    Parameters
    ----------
    scenario
        The scenario (checked against the process by :func:`accord.scenario.process.load_process`).
    process
        The stages.
    strategies
        Strategy names for participants a stage does not assign, in seat order (cycled).
    seed
        Seeds random strategies.
    ref
        The Nash solution and frontier to measure distances against (default:
        those of the scenario as it starts).
    """
    ctx = Context.of(scenario)
    ref = ref or reference(ctx)
    walked: set[str] = set()
    notes: list[str] = []
    turns: list[Turn] = []
    visited: list[str] = []
    text: np.ndarray | None = None
    result: Result | None = None
    stage_id = process.start
    while stage_id != "end":
        if len(visited) >= MAX_STAGES:
            notes.append(f"stopped after {MAX_STAGES} stages (the process loops)")
            break
        stage = process.stage(stage_id)
        visited.append(stage.id)
        vetoed_out = [a for a in walked if scenario.actor(a).veto]
        if vetoed_out:
            notes.append(f"no agreement is possible once {', '.join(sorted(vetoed_out))} "
                         "(with a veto) walked away")
            break
        participants = [a for a in stage.participants if a not in walked]
        negotiators = _negotiators(stage, participants, strategies)
        if stage.protocol == "mediated":
            start = text if stage.start_from == "previous" else None
            result = mediated(ctx, negotiators, participants, TextMediator(), stage.rounds,
                              seed=seed, mediator_id=stage.mediator or "mediator", text=start,
                              ref=ref, stage=stage.id)
        else:
            result = alternating(ctx, negotiators, participants, stage.rounds,
                                 first=seed % len(participants), seed=seed, ref=ref,
                                 stage=stage.id)
        offset = len(turns)
        turns += [replace(t, turn=t.turn + offset) for t in result.trace.turns]
        if result.settled:     # the stage's participants agreed: on_agreement
            assert result.deal is not None
            text = ctx.space.digits_of(result.deal)
        scenario = _apply_events(scenario, stage, result.settled, walked, notes)
        ctx = Context.of(scenario)
        stage_id = (stage.on_agreement if result.settled else stage.on_breakdown).next
    if result is None:   # pragma: no cover - a process has at least one stage
        raise ValueError("the process played no stage")
    settled = result.settled and stage_id == "end"
    rejected = _rejections(scenario, result, walked) if settled else ()
    deals = {t.deal: tuple(ctx.space.deal_at(t.deal)[i] for i in scenario.issue_ids)
             for t in turns}
    trace = Trace(tuple(turns), result.trace.issues, deals)
    if not settled:
        result = replace(result, deal=None, index=-1, utilities={
            a: float(ctx.model.reservation[c]) for c, a in enumerate(ctx.model.actor_ids)})
    return replace(result, protocol=f"process {process.process}",
                   agreed=settled and not rejected, settled=settled, rejected_by=rejected,
                   turns=len(turns), trace=trace, stages=tuple(visited), notes=tuple(notes))


def _rejections(scenario: Scenario, result: Result, walked: set[str]) -> tuple[Rejection, ...]:
    """The veto actors who reject the final deal: by their utility, or having walked away."""
    gone = [Rejection(a, scenario.actor(a).label, result.utilities[a],
                      scenario.preferences[a].reservation, False, walked_away=True)
            for a in sorted(walked) if scenario.actor(a).veto]
    left = {r.actor for r in gone}
    return tuple(gone) + tuple(r for r in result.rejected_by if r.actor not in left)
