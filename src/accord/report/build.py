"""Everything a report shows, computed once: analysis, evidence, uncertainty, simulations.

:func:`build_report` gathers the numbers; :mod:`accord.report.html` lays them
out. Every number of the scenario's preferences comes with its evidence: the
quotes that support it (with their sources), the modeller's assumption when
there is one, and — given an evidence database — the stored statements that
support or contradict it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.analysis.summary import Analysis, analyze
from accord.errors import Problem
from accord.evidence import check as evidence_check
from accord.evidence.link import stored_statements
from accord.scenario.model import Evidence, Proposal, Scenario
from accord.scenario.paths import covers, parameter_paths, parse_parameter
from accord.scenario.process import Process
from accord.simulate.protocols import alternating, check_participants
from accord.simulate.staged import run_process
from accord.simulate.strategies import make_strategy
from accord.simulate.trace import Result
from accord.uncertainty import MonteCarlo, monte_carlo, tornado

__all__ = ["NumberRow", "ReportData", "build_report"]


@dataclass(frozen=True)
class Quote:
    """A quote supporting a number, with its source spelled out."""

    quote: str
    source: str
    outlet: str
    date: str
    stance: str
    speaker: str
    note: str


@dataclass(frozen=True)
class NumberRow:
    """One number of an actor's preferences and what it rests on."""

    actor: str
    path: str
    label: str
    value: float
    quotes: tuple[Quote, ...]
    assumptions: tuple[str, ...]
    supports: int = 0
    contradicts: int = 0
    statements: tuple[dict[str, Any], ...] = ()

    @property
    def grounded(self) -> bool:
        """A quote or a stored statement supports it."""
        return bool(self.quotes or self.supports)


@dataclass(frozen=True)
class ReportData:
    """What the report shows."""

    scenario: Scenario
    analysis: Analysis
    numbers: tuple[NumberRow, ...]
    monte_carlo: MonteCarlo | None = None
    tornado: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    simulations: tuple[tuple[str, Result], ...] = ()
    database: str | None = None
    statements: int = 0
    warnings: tuple[Problem, ...] = ()


def _label(scenario: Scenario, path: str) -> str:
    p = parse_parameter(path)
    if p.kind in ("reservation", "power"):
        return p.kind
    if p.kind == "interactions":
        return f"interaction {p.interaction}"
    assert p.issue is not None
    issue = scenario.issue(p.issue)
    if p.kind == "weights":
        return f"weight of {issue.label}"
    assert p.option is not None
    return f"value of {issue.option(p.option).label} ({issue.label})"


def _quote(scenario: Scenario, ev: Evidence) -> Quote:
    src = scenario.source(ev.source)
    return Quote(ev.quote, src.title or src.id, src.outlet, src.date.isoformat()
                 if src.date else "", ev.stance, ev.speaker, ev.note)


def numbers(scenario: Scenario, base_dir: str | Path, database: str | Path | None = None,
            ) -> tuple[tuple[NumberRow, ...], int]:
    """Every number with its quotes, assumptions and (with a database) statements."""
    statements = None
    if database is not None:
        statements, _ = stored_statements(database, scenario)
    found = evidence_check(scenario, base_dir, statements)
    by_path = {n.parameter: n for n in found.numbers}
    rows = []
    for path in parameter_paths(scenario):
        actor, relative = path.split(".", 1)
        prefs = scenario.preferences[actor]
        quotes = tuple(_quote(scenario, ev) for ev in prefs.evidence
                       if any(covers(a, relative) for a in ev.about))
        assumed = tuple(asm.why for asm in prefs.assumptions
                        if any(covers(a, relative) for a in asm.about))
        linked = by_path.get(path)
        rows.append(NumberRow(
            actor, path, _label(scenario, path), linked.value if linked else float("nan"),
            quotes, assumed, linked.count("supports") if linked else 0,
            linked.count("contradicts") if linked else 0,
            tuple(x.to_dict() for x in linked.links) if linked else ()))
    return tuple(rows), found.statements


def build_report(scenario: Scenario, base_dir: str | Path, proposals: Sequence[Proposal] = (),
                 database: str | Path | None = None, draws: int = 2000, seed: int = 0,
                 simulate: Sequence[str] = (), process: Process | None = None,
                 rounds: int = 100, scenario_file: str | Path | None = None,
                 process_file: str | None = None) -> ReportData:
    """Compute everything the report shows.

    Parameters
    ----------
    scenario, base_dir
        The scenario and the folder of its file (for the sources' texts).
    proposals
        Proposals to evaluate.
    database
        An evidence database (``accord evidence ingest/extract``) to link statements.
    draws, seed
        Monte Carlo draws (0: none) when the scenario has an ``uncertainty`` section,
        and the seed of the draws and of the simulations (as ``accord simulate --seed``:
        who opens, random choices).

    Raises
    ------
    KeyboardInterrupt
        When Ctrl-C stopped the Monte Carlo draws (no report of part of them).
    simulate
        Strategy names: when given, the veto actors negotiate with them
        (alternating offers for two, stacked otherwise) and the trace is drawn.
    process, rounds
        A staged process to play as well, and the rounds of the plain simulation.
    scenario_file
        The scenario's file, named in the warning for a database never extracted
        for this scenario (:attr:`ReportData.warnings`).
    process_file
        The process file's name, for errors found while playing it.
    """
    analysis = analyze(scenario, proposals, top=10)
    rows, stored = numbers(scenario, base_dir, database)
    warnings: tuple[Problem, ...] = ()
    if database is not None:
        _, warnings = stored_statements(database, scenario, scenario_file)
    mc = None
    bars: dict[str, list[dict[str, Any]]] = {}
    if scenario.uncertainty and draws > 0:
        mc = monte_carlo(scenario, draws=draws, seed=seed, proposals=proposals)
        if mc.interrupted:      # a report of part of the draws would pass for a whole one
            raise KeyboardInterrupt
        bars = {k: [b.to_dict() for b in v] for k, v in tornado(mc).items()}
    sims: list[tuple[str, Result]] = []
    if simulate:
        from accord.analysis.context import Context

        ctx = Context.of(scenario)
        ids = list(ctx.veto_ids)
        check_participants(ids, suggestion="the simulation plays the veto actors: give a "
                                           "second one a veto, or leave out --simulate")
        negotiators = [make_strategy(simulate[k % len(simulate)]) for k in range(len(ids))]
        sims.append(("Simulation: " + ", ".join(f"{a} {n.name}" for a, n in
                                                 zip(ids, negotiators, strict=True)),
                     alternating(ctx, negotiators, ids, rounds, first=seed % len(ids),
                                 seed=seed)))
    if process is not None:
        sims.append((f"Process {process.process}",
                     run_process(scenario, process, list(simulate) or ["linear"], seed,
                                 source=process_file)))
    return ReportData(scenario, analysis, rows, mc, bars, tuple(sims),
                      str(database) if database else None, stored, warnings)
