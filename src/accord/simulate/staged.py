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
from accord.errors import InputError, Problem, format_path
from accord.scenario.model import Scenario
from accord.scenario.paths import get_parameter, parameter_domain, parse_parameter, with_parameters
from accord.scenario.process import Process, Stage
from accord.simulate.protocols import alternating, mediated
from accord.simulate.strategies import Negotiator, TextMediator, make_strategy
from accord.simulate.trace import Reference, Rejection, Result, Trace, Turn, reference

__all__ = ["MAX_PROCESS_ROUNDS", "MAX_STAGES", "run_process"]

#: A process that visits more stages than this is stopped (a cycle of stages).
MAX_STAGES = 100
#: A process run is stopped before a stage would take its rounds in all beyond this.
MAX_PROCESS_ROUNDS = 100_000

Where = tuple[str | int, ...]


def _negotiators(stage: Stage, participants: Sequence[str],
                 defaults: Sequence[str]) -> list[Negotiator]:
    return [make_strategy(stage.strategies.get(a, defaults[k % len(defaults)]))
            for k, a in enumerate(participants)]


def _event_error(exc: InputError, where: Where, source: str | None, stage: str) -> InputError:
    """An error of a scenario changed by an event, placed at that event of the process file."""
    first = exc.problems[0]
    return InputError((Problem(
        f"after stage {stage!r}, this event leaves the scenario invalid: "
        + first.message.removeprefix("an override makes the scenario invalid: "),
        path=where, expected=first.expected, found=first.found,
        suggestion=first.suggestion or "change the event's 'by'", file=source),))


def _apply_events(scenario: Scenario, stage: Stage, index: int, agreed: bool,
                  walked: dict[str, Where], notes: list[str],
                  source: str | None = None) -> Scenario:
    label = "on_agreement" if agreed else "on_breakdown"
    transition = stage.on_agreement if agreed else stage.on_breakdown
    for e, event in enumerate(transition.events):
        where: Where = ("stages", index, label, "events", e)
        if event.walk_away is not None:
            walked[event.walk_away] = where
            notes.append(f"after {stage.id}: {event.walk_away} walks away"
                         + (f" ({event.why})" if event.why else ""))
            continue
        assert event.change is not None
        assert event.by is not None
        path = parse_parameter(event.change)
        lo, hi = parameter_domain(path)
        old = get_parameter(scenario, event.change)
        new = min(max(old + event.by, lo), hi)
        clamped = " (clamped to the parameter's range)" if new != old + event.by else ""
        try:   # one event at a time: an error names the event that caused it
            scenario = with_parameters(scenario, {event.change: new})
        except InputError as exc:
            raise _event_error(exc, where, source, stage.id) from None
        notes.append(f"after {stage.id}: {event.change} {old:.3g} -> {new:.3g}{clamped}"
                     + (f" ({event.why})" if event.why else ""))
    return scenario


def _check_left(stage: Stage, index: int, participants: Sequence[str],
                walked: dict[str, Where], source: str | None) -> None:
    """Refuse a stage that walk-aways left with too few participants, naming the events."""
    needed = 1 if stage.protocol == "mediated" else 2
    if len(participants) >= needed:
        return
    gone = [a for a in stage.participants if a in walked]
    raise InputError.single(
        f"too few participants are left for stage {stage.id!r}",
        path=("stages", index, "participants"), file=source,
        expected="at least two participants" if needed == 2 else "at least one participant",
        found=(", ".join(participants) or "none") + " (" + "; ".join(
            f"{a} walked away at {format_path(walked[a])}" for a in gone) + ")",
        suggestion="end the process (next: end) after the walk-away, or add participants "
                   "to this stage")


def run_process(scenario: Scenario, process: Process, strategies: Sequence[str] = ("linear",),
                seed: int = 0, ref: Reference | None = None,
                source: str | None = None) -> Result:
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
    source
        The process file's name, for errors found while playing (an event
        that leaves the scenario invalid, a stage left with too few
        participants); they name the stage and event.

    Raises
    ------
    InputError
        Located in the process file at the stage or event at fault.
    """
    ctx = Context.of(scenario)
    ref = ref or reference(ctx)
    walked: dict[str, Where] = {}
    played = 0
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
        index = process.stages.index(stage)
        if played + stage.rounds > MAX_PROCESS_ROUNDS:
            notes.append(f"stopped before stage {stage.id}: its {stage.rounds:,} rounds would "
                         f"take the process past {MAX_PROCESS_ROUNDS:,} rounds in all "
                         f"(the {len(visited)} stage(s) played took {played:,})")
            break
        visited.append(stage.id)
        vetoed_out = [a for a in walked if scenario.actor(a).veto]
        if vetoed_out:
            notes.append(f"no agreement is possible once {', '.join(sorted(vetoed_out))} "
                         "(with a veto) walked away")
            break
        played += stage.rounds
        participants = [a for a in stage.participants if a not in walked]
        _check_left(stage, index, participants, walked, source)
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
        scenario = _apply_events(scenario, stage, index, result.settled, walked, notes, source)
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


def _rejections(scenario: Scenario, result: Result,
                walked: dict[str, Where]) -> tuple[Rejection, ...]:
    """The veto actors who reject the final deal: by their utility, or having walked away."""
    gone = [Rejection(a, scenario.actor(a).label, result.utilities[a],
                      scenario.preferences[a].reservation, False, walked_away=True)
            for a in sorted(walked) if scenario.actor(a).veto]
    left = {r.actor for r in gone}
    return tuple(gone) + tuple(r for r in result.rejected_by if r.actor not in left)
