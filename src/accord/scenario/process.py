"""Process files: a negotiation played in stages.

A process lists stages, each with its participants, protocol and round limit,
and says where to go next when a stage ends in agreement or at its deadline
without one, and what happens then (events)::

    accord: 1
    process: alaska-sequence
    start: alaska
    stages:
      - id: alaska
        protocol: alternating          # alternating | stacked | mediated
        participants: [us, ru]
        rounds: 6
        on_agreement: {next: trilateral}
        on_breakdown:
          next: end
          events:
            - {change: ru.reservation, by: -0.05, why: sanctions carried out}
            - {walk_away: us, why: no second meeting}
      - id: trilateral
        protocol: mediated
        mediator: us
        participants: [us, ru, ua]
        rounds: 20
        start_from: previous           # the text agreed in the stage before
        on_agreement: {next: end}
        on_breakdown: {next: end}

An event changes a parameter by an amount (a threat carried out lowers or
raises a reservation value) or makes an actor walk away (if it has a veto,
the process ends without agreement; otherwise it leaves the later stages).

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> p = Process.model_validate({"accord": 1, "process": "p", "start": "s", "stages": [
...     {"id": "s", "participants": ["a", "b"], "rounds": 5}]})
>>> [s.id for s in p.stages], p.stages[0].on_agreement.next
(['s'], 'end')
>>> process_errors(p, toy_scenario())
[]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from accord.errors import InputError, Problem, suggest
from accord.scenario.document import parse_file
from accord.scenario.io import validate_document
from accord.scenario.model import Id, Scenario, _Frozen
from accord.scenario.paths import example_parameter, parse_parameter, resolve_parameter

__all__ = ["MAX_ROUNDS", "Event", "Process", "Stage", "Transition", "load_process",
           "process_errors", "process_warnings"]

#: The most rounds one negotiation (or one stage) may have.
MAX_ROUNDS = 100_000


class Event(_Frozen):
    """Something that happens when a stage ends: a parameter moves, or an actor walks away."""

    change: str | None = Field(None, description="A parameter path, e.g. ru.reservation.")
    by: float | None = Field(None, allow_inf_nan=False,
                             description="How much to add to the parameter (a finite number).")
    walk_away: Id | None = None
    why: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> Event:
        if (self.change is None) == (self.walk_away is None):
            raise ValueError("an event is either 'change' with 'by', or 'walk_away'")
        if self.change is not None and self.by is None:
            raise ValueError("'change' needs 'by' (the amount to add)")
        return self


class Transition(_Frozen):
    """Where to go after a stage, and what happens on the way."""

    next: str = Field("end", description="The id of the next stage, or 'end'.")
    events: tuple[Event, ...] = ()


class Stage(_Frozen):
    """One stage: who negotiates, how, for how long, and what comes next."""

    id: Id
    title: str = ""
    protocol: Literal["alternating", "stacked", "mediated"] = "alternating"
    participants: Annotated[tuple[Id, ...], Field(min_length=1)]
    mediator: Id | None = Field(None, description="The actor who mediates (mediated only).")
    rounds: Annotated[int, Field(ge=1, le=MAX_ROUNDS, strict=True)]
    strategies: dict[Id, str] = Field(default_factory=dict,
                                      description="Strategy per participant (default: given "
                                                  "on the command line).")
    start_from: Literal["status-quo", "previous"] = "status-quo"
    on_agreement: Transition = Transition()
    on_breakdown: Transition = Transition()


class Process(_Frozen):
    """A staged negotiation process for a scenario."""

    accord: Literal[1]
    process: Id
    title: str = ""
    description: str = ""
    start: Id
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)]

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id (``KeyError`` if none)."""
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)


def process_errors(process: Process, scenario: Scenario) -> list[Problem]:
    """What in ``process`` does not fit ``scenario`` (each with its path in the file)."""
    out: list[Problem] = []
    ids = [s.id for s in process.stages]
    modelled = [a.id for a in scenario.modelled_actors]
    if process.start not in ids:
        out.append(Problem("unknown start stage", path=("start",), expected="a stage id",
                           found=repr(process.start), suggestion=suggest(process.start, ids,
                                                                         "stages")))
    seen: set[str] = set()
    for k, stage in enumerate(process.stages):
        base = ("stages", k)
        if stage.id in seen:
            out.append(Problem(f"duplicate stage id {stage.id!r}", path=(*base, "id"),
                               expected="ids that differ", found=repr(stage.id)))
        seen.add(stage.id)
        for j, actor in enumerate(stage.participants):
            if actor not in modelled:
                out.append(Problem("participant without preferences in the scenario",
                                   path=(*base, "participants", j), expected="an actor with "
                                   "preferences", found=repr(actor),
                                   suggestion=suggest(actor, modelled, "actors")))
            if actor in stage.participants[:j]:
                out.append(Problem(f"participant {actor!r} listed twice",
                                   path=(*base, "participants", j), expected="each actor once",
                                   found=repr(actor)))
        if stage.protocol != "mediated" and len(stage.participants) < 2:
            out.append(Problem("a negotiation needs two participants", path=(*base,
                               "participants"), expected="at least two actors",
                               found=", ".join(stage.participants)))
        if stage.mediator is not None:
            if stage.protocol != "mediated":
                out.append(Problem("a mediator goes with the mediated protocol",
                                   path=(*base, "mediator"), expected="protocol: mediated",
                                   found=f"protocol: {stage.protocol}"))
            if stage.mediator not in scenario.actor_ids:
                out.append(Problem("unknown mediator", path=(*base, "mediator"),
                                   expected="an actor id", found=repr(stage.mediator),
                                   suggestion=suggest(stage.mediator, scenario.actor_ids,
                                                      "actors")))
        for actor in stage.strategies:
            if actor not in stage.participants:
                out.append(Problem("a strategy for someone who does not take part",
                                   path=(*base, "strategies", actor),
                                   expected="one of " + ", ".join(stage.participants),
                                   found=repr(actor)))
        for label, tr in (("on_agreement", stage.on_agreement),
                          ("on_breakdown", stage.on_breakdown)):
            if tr.next != "end" and tr.next not in ids:
                out.append(Problem("unknown next stage", path=(*base, label, "next"),
                                   expected="a stage id or 'end'", found=repr(tr.next),
                                   suggestion=suggest(tr.next, ids, "stages")))
            for e, event in enumerate(tr.events):
                where = (*base, label, "events", e)
                if event.walk_away is not None and event.walk_away not in scenario.actor_ids:
                    out.append(Problem("unknown actor walks away", path=(*where, "walk_away"),
                                       expected="an actor id", found=repr(event.walk_away),
                                       suggestion=suggest(event.walk_away, scenario.actor_ids,
                                                          "actors")))
                if event.change is not None:
                    try:
                        problem = resolve_parameter(scenario, parse_parameter(event.change))
                    except ValueError as exc:
                        problem = str(exc)
                    if problem:
                        out.append(Problem("the event changes a parameter that does not exist",
                                           path=(*where, "change"), found=repr(event.change),
                                           expected="a parameter path, e.g. "
                                                    + example_parameter(scenario),
                                           suggestion=problem))
    return out


def process_warnings(process: Process) -> list[Problem]:
    """Doubts about ``process``: stages that nothing leads to (they never run).

    Examples
    --------
    >>> p = Process.model_validate({"accord": 1, "process": "p", "start": "s", "stages": [
    ...     {"id": "s", "participants": ["a", "b"], "rounds": 5},
    ...     {"id": "t", "participants": ["a", "b"], "rounds": 5}]})
    >>> [(w.message, w.path) for w in process_warnings(p)]
    [("stage 't' is never played: no stage leads to it", ('stages', 1, 'id'))]
    """
    ids = {s.id for s in process.stages}
    reached = {process.start} if process.start in ids else set()
    todo = list(reached)
    while todo:
        stage = process.stage(todo.pop())
        for nxt in (stage.on_agreement.next, stage.on_breakdown.next):
            if nxt in ids and nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    return [Problem(f"stage {s.id!r} is never played: no stage leads to it",
                    path=("stages", k, "id"), severity="warning",
                    expected=f"the start stage ({process.start!r}) or a stage some 'next' names",
                    found=f"no path from {process.start!r} to {s.id!r}",
                    suggestion="name it in a 'next' (on_agreement or on_breakdown), "
                               "or remove it")
            for k, s in enumerate(process.stages) if s.id not in reached]


def load_process(path: str | Path, scenario: Scenario,
                 check_strategy: Callable[[str], str | None] | None = None,
                 warnings: list[Problem] | None = None) -> Process:
    """Read a process file and check it against ``scenario``.

    Parameters
    ----------
    path
        The process file.
    scenario
        The scenario it is played on.
    check_strategy
        Says what is wrong with a strategy name (``None`` when it is known);
        strategies are defined above this layer, so the caller passes it.
    warnings
        A list that receives the located warnings (:func:`process_warnings`).

    Raises
    ------
    InputError
        For a malformed file or one that names what the scenario does not have.
    """
    doc = parse_file(path)
    process = validate_document(Process, doc, "process")
    problems = process_errors(process, scenario)
    if check_strategy is not None:
        for k, stage in enumerate(process.stages):
            for actor, name in stage.strategies.items():
                message = check_strategy(name)
                if message:
                    problems.append(Problem("unknown strategy",
                                            path=("stages", k, "strategies", actor),
                                            expected="a strategy name", found=repr(name),
                                            suggestion=message))
    if problems:
        raise InputError(tuple(doc.locate(p) for p in problems))
    if warnings is not None:
        warnings += [doc.locate(w) for w in process_warnings(process)]
    return process
