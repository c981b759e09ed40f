"""``accord report``: one self-contained HTML file of a scenario's analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.support import (
    MAX_SEED,
    console,
    emit_json,
    err_console,
    guarded,
    load_checked,
    load_proposals,
    locating,
    scenario_folder,
)
from accord.errors import InputError, Problem
from accord.files import check_target

__all__ = ["report"]


@guarded
def report(scenario: Annotated[Path, typer.Argument(
               help="A scenario file, or a GENIUS domain folder.", show_default=False)],
           output: Annotated[Path, typer.Option("-o", "--output",
                                                help="The HTML file to write.")],
           proposal: Annotated[list[Path] | None, typer.Option(
               "--proposal", help="A proposal to evaluate; repeat for several (default: the "
                                  "proposals/ folder beside the scenario).",
               show_default=False)] = None,
           db: Annotated[Path | None, typer.Option(help="An evidence database to link.",
                                                   show_default=False)] = None,
           draws: Annotated[int, typer.Option(min=0, help="Monte Carlo draws (0: none).")] = 2000,
           seed: Annotated[int, typer.Option(min=0, max=MAX_SEED,
                                             help="Seed of the draws and simulations.")] = 0,
           simulate: Annotated[str | None, typer.Option(
               help="Strategies for a simulated negotiation whose trace is drawn, e.g. "
                    "boulware,conceder.", show_default=False)] = None,
           process: Annotated[Path | None, typer.Option(
               help="A process file to play and draw as well.", show_default=False)] = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print what was written as "
                                                               "JSON.")] = False) -> None:
    """Write one self-contained HTML report (it works offline): actors, utilities and their
    evidence, frontier and solutions, proposals, probability of agreement, simulations."""
    from accord.report import build_report, write_report
    from accord.report.html import report_time
    from accord.scenario.process import load_process
    from accord.simulate.strategies import parse_strategies, strategy_problem
    from accord.uncertainty.monte_carlo import check_draws

    if draws:
        check_draws(draws, "--draws")
    check_target(output, ".html")      # before any work, not after it
    generated = report_time()          # a bad SOURCE_DATE_EPOCH too
    s = load_checked(scenario).scenario
    folder = scenario_folder(scenario)
    files = list(proposal) if proposal is not None else sorted(
        (folder / "proposals").glob("*.yaml"))
    proposals = load_proposals(s, files, [], folder)
    if db is not None and not db.is_file():
        raise InputError.single("evidence database not found", found=str(db),
                                expected="a file made by 'accord evidence ingest'",
                                file="<command line>")
    names = [n.name for n in parse_strategies(simulate)] if simulate else []
    warnings: list[Problem] = []
    staged = load_process(process, s, strategy_problem, warnings) if process is not None \
        else None
    for w in warnings:
        err_console.print(w.format(), markup=False, soft_wrap=True)
    try:
        with locating(scenario):
            data = build_report(s, folder, proposals, db, draws=draws, seed=seed,
                                simulate=names, process=staged, scenario_file=scenario,
                                process_file=str(process) if process else None)
        path = write_report(data, output, generated)
    except KeyboardInterrupt:
        # a report of part of the draws would look like a whole one: write nothing
        err_console.print("interrupted: no report written")
        raise typer.Exit(130) from None
    for w in data.warnings:
        err_console.print(w.format(), style="yellow", markup=False, soft_wrap=True)
    if as_json:
        emit_json({"output": str(path), "bytes": path.stat().st_size,
                   "proposals": [p.id for p in proposals], "draws": draws,
                   "simulations": len(data.simulations),
                   "warnings": [w.to_dict() for w in data.warnings]})
    else:
        console.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser "
                      "— it needs no network")
