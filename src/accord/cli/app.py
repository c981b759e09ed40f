"""The ``accord`` command line. Each command calls the library and prints its result.

Tables by default; ``--json`` for machines. Bad input exits with code 2 and a
message naming the file, line, column and path; nothing prints a traceback.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from accord.analysis.classes import class_plan
from accord.analysis.context import Context
from accord.analysis.proposals import evaluate_context
from accord.analysis.stream import check_exhaustive
from accord.analysis.summary import analyze as analyze_scenario
from accord.analysis.whatif import whatif as whatif_scenario
from accord.analysis.zopa import survey_context
from accord.cli.evidence import evidence_app
from accord.cli.forecast import forecast_app
from accord.cli.interchange import export_app, import_app
from accord.cli.render import render_analysis, render_evaluation, render_validation, render_whatif
from accord.cli.report import report
from accord.cli.serve import serve
from accord.cli.simulate import simulate, tournament_command
from accord.cli.support import (
    MAX_SEED,
    console,
    discretisation,
    emit_json,
    err_console,
    guarded,
    import_notes,
    load_checked,
    load_proposals,
    locating,
    parse_overrides,
    pipe_closed,
    progress_bar,
    scenario_folder,
)
from accord.errors import InputError
from accord.scenario.genius import DEFAULT_INTERVALS
from accord.scenario.schema import proposal_schema, scenario_schema
from accord.validate import validate_path
from accord.version import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="accord",
    help="Model a real multi-party negotiation: deals, bargaining solutions, proposals, "
         "and the evidence behind every number.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

ScenarioArg = Annotated[Path, typer.Argument(help="A scenario file (YAML or JSON), or a "
                                                  "GENIUS domain folder.",
                                             show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False,
          ) -> None:
    """accord: negotiation analysis grounded in evidence."""


@app.command()
@guarded
def validate(scenario: Annotated[Path, typer.Argument(
                 help="A scenario file (YAML or JSON), or a GENIUS domain folder.",
                 show_default=False)],
             as_json: JsonOpt = False,
             strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
             step: Annotated[float | None, typer.Option(
                 help="A GENIUS folder's real issues in steps of this size.",
                 show_default=False)] = None,
             intervals: Annotated[int | None, typer.Option(
                 min=1, help="Else each real issue of a GENIUS folder in this many equal "
                             f"steps (default {DEFAULT_INTERVALS}).",
                 show_default=False)] = None,
             ) -> None:
    """Check a scenario file (or a GENIUS folder): structure, references, quotes, feasibility."""
    step, cuts = discretisation(step, intervals, scenario)
    result = validate_path(scenario, step=step, intervals=cuts)
    if as_json:
        out = {"ok": not (strict and result.warnings), "file": str(scenario),
               "deals": result.deals, "feasible": result.feasible,
               "warnings": [w.to_dict() for w in result.warnings]}
        if result.imported is not None:
            out["discretised"] = [asdict(d) for d in result.imported.discretised]
            out["skipped"] = [{"file": str(f), "reason": r} for f, r in result.imported.skipped]
        emit_json(out)
    else:
        render_validation(console, result, str(scenario))
        for line in import_notes(result, scenario):
            console.print(line, markup=False, soft_wrap=True)
        if result.imported is not None:
            for f, reason in result.imported.skipped:
                console.print(f"  skipped {f.name}: {reason}", markup=False, soft_wrap=True)
    if strict and result.warnings:
        raise typer.Exit(2)


@app.command()
@guarded
def analyze(scenario: ScenarioArg,
            proposals: Annotated[list[Path] | None, typer.Argument(
                help="Proposal files to evaluate as well.", show_default=False)] = None,
            as_json: JsonOpt = False,
            top: Annotated[int, typer.Option(min=1, help="How many agreements and trades "
                                                         "to list.")] = 10,
            trade_issues: Annotated[int, typer.Option(min=2, max=6, help="Most issues a trade "
                                                                         "may change.")] = 3,
            step: Annotated[float | None, typer.Option(
                help="A GENIUS folder's real issues in steps of this size.",
                show_default=False)] = None,
            intervals: Annotated[int | None, typer.Option(
                min=1, help="Else each real issue of a GENIUS folder in this many equal "
                            f"steps (default {DEFAULT_INTERVALS}).", show_default=False)] = None,
            ) -> None:
    """Analyse a scenario: agreements, blockers, frontier, bargaining solutions, trades."""
    step, cuts = discretisation(step, intervals, scenario)
    checked = load_checked(scenario, step=step, intervals=cuts)
    s = checked.scenario
    found_proposals = load_proposals(s, proposals or [], [], scenario_folder(scenario))
    with progress_bar(checked.deals, "surveying deals", not as_json) as progress, \
            locating(scenario):
        result = analyze_scenario(s, found_proposals, top=top, trade_issues=trade_issues,
                                  progress=progress)
    if as_json:
        emit_json(result.to_dict())
    else:
        render_analysis(console, result)


@app.command()
@guarded
def evaluate(scenario: ScenarioArg,
             proposal: Annotated[Path | None, typer.Argument(
                 help="A proposal file.", show_default=False)] = None,
             assign: Annotated[list[str] | None, typer.Option(
                 "--set", help="issue=option; repeat for several issues. With a proposal "
                               "file, changes it.", show_default=False)] = None,
             as_json: JsonOpt = False) -> None:
    """Evaluate a proposal: each actor's verdict, better deals, the nearest agreement."""
    checked = load_checked(scenario)
    s = checked.scenario
    if proposal is None and not assign:
        raise InputError.single("nothing to evaluate", expected="a proposal file or --set "
                                "issue=option", found="neither",
                                suggestion=f"e.g. accord evaluate {scenario} --set "
                                           f"{s.issues[0].id}={s.issues[0].options[-1].id}")
    proposals = load_proposals(s, [proposal] if proposal else [], assign or [],
                               scenario_folder(scenario))
    ctx = Context.of(s)
    found = None
    try:
        check_exhaustive(ctx, class_plan(ctx))
    except InputError as exc:   # verdicts and the nearest agreement need no pass over the space
        err_console.print(f"note: {exc.problems[0].found}, too many to survey: whether another "
                          "deal is better for every veto actor is not looked for; the "
                          "verdicts and the nearest agreement are exact", markup=False,
                          soft_wrap=True)
    else:
        with progress_bar(checked.deals, "surveying deals", not as_json) as progress:
            found = survey_context(ctx, progress=progress)
    with locating(scenario):
        evaluations = [evaluate_context(ctx, p, found) for p in proposals]
    if as_json:
        payload = [e.to_dict(s) for e in evaluations]
        emit_json(payload[0] if len(payload) == 1 else payload)
    else:
        for ev in evaluations:
            render_evaluation(console, ev, s)


@app.command()
@guarded
def whatif(scenario: ScenarioArg,
           param: Annotated[list[str] | None, typer.Option(
               "--param", help="path=value, e.g. seller.reservation=0.4 or "
                               "buyer.weights.price=30; repeat for several.",
               show_default=False)] = None,
           proposal: Annotated[list[Path] | None, typer.Option(
               "--proposal", help="A proposal file to evaluate before and after.",
               show_default=False)] = None,
           as_json: JsonOpt = False) -> None:
    """Rerun the analysis with parameters overridden, and show what changed."""
    checked = load_checked(scenario)
    s = checked.scenario
    if not param:
        raise InputError.single("nothing to change", expected="at least one --param path=value",
                                found="none", suggestion="e.g. --param "
                                f"{s.modelled_actors[0].id}.reservation=0.5")
    overrides = parse_overrides(param)
    proposals = load_proposals(s, proposal or [], [], scenario_folder(scenario))
    with locating(scenario):
        result = whatif_scenario(s, overrides, proposals)
    if as_json:
        emit_json(result.to_dict())
    else:
        render_whatif(console, result)
        for ev in result.after.evaluations:
            render_evaluation(console, ev, s)


@app.command()
@guarded
def uncertainty(scenario: ScenarioArg,
                draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws.")] = 10000,
                seed: Annotated[int, typer.Option(
                    min=0, max=MAX_SEED, help="The seed: same seed, same numbers.")] = 0,
                proposal: Annotated[list[Path] | None, typer.Option(
                    "--proposal", help="A proposal file to judge in every draw; repeat for "
                                       "several.", show_default=False)] = None,
                workers: Annotated[int | None, typer.Option(
                    min=1, help="Run on this many local processes.", show_default=False)] = None,
                cluster: Annotated[str | None, typer.Option(
                    help="Run on a Dask distributed scheduler, e.g. tcp://127.0.0.1:8786.",
                    show_default=False)] = None,
                sobol_n: Annotated[int, typer.Option(
                    "--sobol", min=0, help="Base sample size of the Sobol design "
                                           "(0: skip the sensitivity analysis).")] = 256,
                param: Annotated[list[str] | None, typer.Option(
                    "--param", help="Hold a parameter at a value (path=value); it is no "
                                    "longer drawn.", show_default=False)] = None,
                as_json: JsonOpt = False) -> None:
    """Monte Carlo over the scenario's uncertainty: probability of agreement, proposals,
    blockers, Nash deals, and which assumptions matter most (Sobol indices, tornado)."""
    # imported here: SciPy's distributions cost every other command a tenth of a second
    from accord.cli.render_uncertainty import render_monte_carlo, render_sensitivity
    from accord.uncertainty import check_uncertain, fix_parameters, monte_carlo, sobol, tornado
    from accord.uncertainty.monte_carlo import check_draws

    check_draws(draws, "--draws")
    checked = load_checked(scenario)
    s = checked.scenario
    if param:
        fixed = fix_parameters(s, parse_overrides(param))
        if s.uncertainty and not fixed.uncertainty:
            raise InputError.single(
                "every uncertain parameter is fixed by --param", file="<command line>",
                path=("--param",), expected="at least one uncertain parameter left to draw",
                found="--param " + " --param ".join(param),
                suggestion="leave out a --param, or use 'accord whatif' for fixed values")
        s = fixed
    with locating(scenario):
        check_uncertain(s)
    proposals = load_proposals(s, proposal or [], [], scenario_folder(scenario))
    if sobol_n & (sobol_n - 1):
        below = 1 << (sobol_n.bit_length() - 1)
        raise InputError.single("the Sobol design needs a power of 2", file="<command line>",
                                path=("--sobol",), found=str(sobol_n),
                                expected="0 (no sensitivity analysis) or a power of 2: Sobol' "
                                         "points are balanced only then",
                                suggestion=f"--sobol {below} or --sobol {2 * below}")
    if workers is not None and cluster is not None:
        raise InputError.single("choose local workers or a cluster, not both",
                                found="--workers and --cluster", file="<command line>",
                                expected="one of them (or neither: run in this process)")
    where = (f"Dask cluster {cluster}" if cluster else
             f"{workers} local process(es)" if workers else "this process")
    started = time.perf_counter()
    with progress_bar(draws, "drawing", not as_json, threshold=1) as progress, \
            locating(scenario):
        mc = monte_carlo(s, draws=draws, seed=seed, proposals=proposals, workers=workers,
                         cluster=cluster, progress=progress)
    seconds = time.perf_counter() - started
    results = []
    if sobol_n and not mc.interrupted:
        with progress_bar(sobol_n, "sensitivity", not as_json, threshold=1) as progress, \
                locating(scenario):
            results = sobol(s, proposals, n_base=sobol_n, seed=seed, workers=workers,
                            cluster=cluster, progress=progress)
    bars = tornado(mc)
    if as_json:
        emit_json({**mc.to_dict(), "where": where, "seconds": seconds,
                   "sensitivity": [r.to_dict() for r in results],
                   "tornado": {k: [b.to_dict() for b in v] for k, v in bars.items()}})
    else:
        render_monte_carlo(console, mc, where, seconds)
        render_sensitivity(console, results, bars)
    if mc.interrupted:
        raise typer.Exit(130)


@app.command()
@guarded
def schema(proposal: Annotated[bool, typer.Option(
               "--proposal", help="The schema of proposal files instead.")] = False,
           ) -> None:
    """Print the JSON Schema of scenario files (for editors), or of proposal files."""
    typer.echo(json.dumps(proposal_schema() if proposal else scenario_schema(), indent=2))


app.add_typer(import_app, name="import", help="Read a scenario from another tool's format.")
app.add_typer(export_app, name="export", help="Write a scenario in another tool's format.")
app.add_typer(evidence_app, name="evidence")


app.command("simulate")(simulate)
app.command("tournament")(tournament_command)
app.command("report")(report)
app.command("serve")(serve)
app.add_typer(forecast_app, name="forecast")


def main() -> None:
    """Entry point of the ``accord`` console script."""
    try:
        try:
            app()
        finally:
            sys.stdout.flush()      # here, not at exit, so that a closed pipe is seen
    except BrokenPipeError:
        sys.exit(pipe_closed())

