"""``accord simulate`` and ``accord tournament``: the command line of :mod:`accord.simulate`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from accord.analysis.context import Context
from accord.cli.render import deal_summary
from accord.cli.support import (
    MAX_SEED,
    console,
    emit_json,
    err_console,
    guarded,
    load_checked,
    locating,
    progress_bar,
)
from accord.errors import InputError, Problem, suggest
from accord.scenario.process import MAX_ROUNDS, load_process
from accord.simulate.protocols import alternating, check_participants, mediated
from accord.simulate.staged import run_process
from accord.simulate.strategies import (
    TextMediator,
    make_strategy,
    parse_strategies,
    strategy_problem,
)
from accord.simulate.trace import Result

if TYPE_CHECKING:
    from accord.simulate.tournament import Mean, Tournament

__all__ = ["simulate", "tournament_command"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the turns (or records) as CSV.")]


def _render(out: Console, ctx: Context, result: Result, full: bool) -> None:
    s = ctx.scenario
    if result.agreed:
        verdict = [f"[bold green]AGREEMENT[/bold green] at round {result.round} after "
                   f"{result.turns} turn(s)"]
    elif result.settled:
        verdict = ["[bold yellow]SETTLED among the participants — NOT AN AGREEMENT[/bold yellow]: "
                   + "; ".join(r.describe() for r in result.rejected_by),
                   f"settled at round {result.round} after {result.turns} turn(s)"]
    else:
        verdict = ["[bold red]BREAKDOWN[/bold red] (everyone keeps its reservation value) "
                   f"after {result.turns} turn(s)"]
    nash = "-" if result.nash_distance is None else f"{result.nash_distance:.3f}"
    lines = [f"{result.protocol}: " + ", ".join(f"{a} plays {n}" for a, n in
                                              result.strategies.items()), *verdict]
    if result.stages:
        lines.append("stages: " + " -> ".join(result.stages))
    if result.deal is not None:
        lines.append("deal: " + deal_summary(s, result.deal))
    lines.append("utilities: " + ", ".join(f"{a} {u:.3f}" for a, u in result.utilities.items()))
    lines.append(f"distance to the Nash solution {nash}, to the Pareto frontier "
                 f"{result.pareto_distance:.3f} (veto actors' utilities)")
    if not result.pool_complete:
        lines.append("offers were chosen among the participants' Pareto-optimal deals "
                     "(the space is too large to offer from in full)")
    lines += list(result.notes)
    out.print(Panel("\n".join(lines), title=s.title, expand=False))
    turns = result.trace.turns if full else result.trace.turns[-15:]
    t = Table(title=("Every turn" if full or len(result.trace.turns) <= 15 else
                     f"The last 15 of {len(result.trace.turns)} turns (--full for all)"),
              title_justify="left", expand=True)
    for col, ratio in (("stage", 1), ("round", 1), ("proposer", 1),
                       ("offer (changes from the status quo)", 5), ("accepted by", 1),
                       ("note", 3)):
        t.add_column(col, overflow="fold", ratio=ratio)
    for turn in turns:
        t.add_row(turn.stage, str(turn.round), turn.proposer,
                  deal_summary(s, ctx.space.deal_at(turn.deal)),
                  " ".join(turn.accepted_by) + (" ✓" if turn.agreement else ""), turn.note)
    out.print(t)


def _refuse_with_process(**given: object) -> None:
    """Refuse options a process file sets per stage (they would be ignored)."""
    for name, value in given.items():
        if value is not None:
            option = f"--{name}"
            raise InputError.single(f"--process and {option} do not go together",
                                    expected=f"one of them: the process file sets the {name} "
                                             "of each stage", found="both",
                                    file="<command line>",
                                    suggestion=f"leave out {option}, or set it in the stages")


@guarded
def simulate(scenario: Annotated[Path, typer.Argument(
                 help="A scenario file, or a GENIUS domain folder.", show_default=False)],
             protocol: Annotated[str | None, typer.Option(
                 help="alternating (two parties), stacked (several) or mediated; default: "
                      "alternating for two participants, stacked for more.",
                 show_default=False)] = None,
             process: Annotated[Path | None, typer.Option(
                 help="A process file: stages, transitions, events.", show_default=False)] = None,
             strategies: Annotated[str, typer.Option(
                 help="Strategies, one per participant in order (cycled): boulware, linear, "
                      "conceder, tit-for-tat, hardliner, random, time:<e>.")] = "linear",
             participants: Annotated[str | None, typer.Option(
                 help="Comma-separated actor ids (default: the veto actors).",
                 show_default=False)] = None,
             rounds: Annotated[int | None, typer.Option(
                 min=1, max=MAX_ROUNDS, help="Rounds (each participant proposes once a "
                                             "round) [default: 100].",
                 show_default=False)] = None,
             seed: Annotated[int, typer.Option(
                 min=0, max=MAX_SEED, help="Seed (who opens; random choices).")] = 0,
             full: Annotated[bool, typer.Option(help="Show every turn.")] = False,
             as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Play a negotiation with automated negotiators and show every turn."""
    checked = load_checked(scenario)
    s = checked.scenario
    ctx = Context.of(s)
    names = [n.strip() for n in strategies.split(",") if n.strip()]
    parse_strategies(strategies)
    if process is not None:
        _refuse_with_process(protocol=protocol, rounds=rounds, participants=participants)
        warnings: list[Problem] = []
        staged = load_process(process, s, strategy_problem, warnings)
        for w in warnings:
            err_console.print(w.format(), markup=False, soft_wrap=True)
        with locating(scenario):
            result = run_process(s, staged, names, seed, source=str(process))
    else:
        rounds = 100 if rounds is None else rounds
        ids = [a.strip() for a in participants.split(",")] if participants else \
            list(ctx.veto_ids)
        modelled = [a.id for a in s.modelled_actors]
        bad = [a for a in ids if a not in modelled]
        if bad:
            raise InputError.single("unknown participant", expected="actors with preferences",
                                    found=", ".join(bad), file="<command line>",
                                    suggestion=suggest(bad[0], modelled, "actors"))
        chosen = protocol or ("alternating" if len(ids) == 2 else "stacked")
        if chosen not in ("alternating", "stacked", "mediated"):
            raise InputError.single("unknown protocol", found=repr(chosen),
                                    expected="alternating, stacked or mediated",
                                    file="<command line>",
                                    suggestion=suggest(chosen, ["alternating", "stacked",
                                                                "mediated"], "protocols"))
        check_participants(ids, mediated=chosen == "mediated", file="<command line>",
                           suggestion="--participants " + ",".join(modelled[:2])
                           if len(modelled) > 1 else
                           "give a second actor preferences in the scenario")
        negotiators = [make_strategy(names[k % len(names)]) for k in range(len(ids))]
        if chosen == "alternating" and len(ids) != 2:
            raise InputError.single("alternating offers is a two-party protocol",
                                    expected="two participants, or --protocol stacked",
                                    found=f"{len(ids)} participants", file="<command line>")
        with locating(scenario):      # a space too large to play in is refused at its issues
            if chosen == "mediated":
                mediator = next((a.id for a in s.actors if a.role == "mediator"), "mediator")
                result = mediated(ctx, negotiators, ids, TextMediator(), rounds, seed=seed,
                                  mediator_id=mediator)
            else:
                result = alternating(ctx, negotiators, ids, rounds, first=seed % len(ids),
                                     seed=seed)
    if as_json:
        emit_json(result.to_dict(ctx))
    elif as_csv:
        sys.stdout.write(result.trace.to_csv())
    else:
        _render(console, ctx, result, full)


def _ci(m: Mean, as_percent: bool = False) -> str:
    if as_percent:      # a rate short of 0 or 1 never shows as 0.0% or 100.0%
        from accord.uncertainty.monte_carlo import percent

        return f"{percent(m.mean)} [{percent(m.low)}, {percent(m.high)}]"
    return f"{m.mean:.3f} [{m.low:.3f}, {m.high:.3f}]"


def _render_tournament(out: Console, t: Tournament) -> None:
    table = Table(title=f"Tournament: {t.seeds} seed(s), {t.rounds} rounds — means with 95% "
                        "confidence intervals", title_justify="left")
    for col in ("strategy", "negotiations", "utility", "agreement", "rounds",
                "to Nash", "to Pareto"):
        table.add_column(col, justify="left" if col == "strategy" else "right")
    for s in t.standings:
        table.add_row(s.strategy, str(s.negotiations), _ci(s.utility), _ci(s.agreement, True),
                      f"{s.rounds.mean:.1f}", _ci(s.nash_distance), _ci(s.pareto_distance))
    out.print(table)


@guarded
def tournament_command(
        scenarios: Annotated[list[Path], typer.Argument(
            help="Scenario files or GENIUS domain folders.", show_default=False)],
        strategies: Annotated[str, typer.Option(
            help="Comma-separated strategies.")] = "boulware,linear,conceder,tit-for-tat,"
                                                   "hardliner",
        seeds: Annotated[int, typer.Option(min=1, help="Seeds per scenario.")] = 10,
        rounds: Annotated[int, typer.Option(min=1, max=MAX_ROUNDS,
                                            help="Rounds per negotiation.")] = 100,
        workers: Annotated[int | None, typer.Option(min=1, help="Local processes.",
                                                    show_default=False)] = None,
        cluster: Annotated[str | None, typer.Option(help="A Dask scheduler address.",
                                                    show_default=False)] = None,
        as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Play every strategy against the others in every scenario, over many seeds."""
    # imported here: drawing uncertain numbers needs SciPy, which other commands do without
    from accord.simulate.tournament import tournament

    names = [n.strip() for n in strategies.split(",") if n.strip()]
    parse_strategies(strategies, distinct=True)
    seen: dict[Path, Path] = {}
    for p in scenarios:
        if p.resolve() in seen:
            raise InputError.single("the same scenario given twice", file="<command line>",
                                    expected="each scenario once",
                                    found=f"{seen[p.resolve()]} and {p}",
                                    suggestion="more --seeds plays it more")
        seen[p.resolve()] = p
    loaded = [load_checked(p).scenario for p in scenarios]
    labels = [str(p) for p in scenarios]
    with progress_bar(len(loaded) * seeds, "playing", not (as_json or as_csv),
                      threshold=2) as progress:
        result = tournament(loaded, names, seeds=seeds, rounds=rounds, labels=labels,
                            workers=workers, cluster=cluster, progress=progress)
    if as_json:
        emit_json(result.to_dict())
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(result.records[0]),
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "strategies": " ".join(r["strategies"])}
                         for r in result.records)
    else:
        _render_tournament(console, result)
