"""``accord import`` and ``accord export``: scenarios from and to other tools' formats.

::

    accord import genius FOLDER -o scenario.yaml [--step X | --intervals N] [--json]
    accord import genius FOLDER -o -       (the YAML on standard output)
    accord export genius scenario.yaml -o FOLDER [--json]

``accord analyze``, ``evaluate`` and ``whatif`` also take a GENIUS folder in
place of a scenario file.
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.support import (
    console,
    discretisation,
    emit_json,
    err_console,
    guarded,
    load_checked,
    located,
    locating,
)
from accord.errors import InputError
from accord.scenario.genius import DEFAULT_INTERVALS, dump_genius, load_genius
from accord.scenario.io import dump_scenario

__all__ = ["export_app", "import_app"]

import_app = typer.Typer(help="Read a scenario from another tool's format.",
                         no_args_is_help=True, rich_markup_mode=None)
export_app = typer.Typer(help="Write a scenario in another tool's format.",
                         no_args_is_help=True, rich_markup_mode=None)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


@import_app.command("genius")
@guarded
def import_genius(
        folder: Annotated[Path, typer.Argument(help="A GENIUS domain folder: one domain file "
                                                    "and one profile file per party.",
                                               show_default=False)],
        output: Annotated[Path, typer.Option("-o", "--output", help="The scenario file to write "
                                             "(YAML; JSON if it ends in .json; - for YAML on "
                                             "standard output).", show_default=False)],
        step: Annotated[float | None, typer.Option(
            help="Discretise real issues in steps of this size.", show_default=False)] = None,
        intervals: Annotated[int | None, typer.Option(
            min=1, help=f"Else cut each real issue into this many equal steps (default "
                        f"{DEFAULT_INTERVALS}).", show_default=False)] = None,
        as_json: JsonOpt = False) -> None:
    """Import a GENIUS (ANAC) domain folder as an accord scenario file."""
    to_stdout = str(output) == "-"
    if to_stdout and as_json:
        raise InputError.single("--json and -o - both write to standard output",
                                expected="one of them", found="both", file="<command line>",
                                suggestion="-o FILE --json, or -o - alone")
    step, cuts = discretisation(step, intervals)
    imported = load_genius(folder, step=step, intervals=cuts)
    s = imported.scenario
    if to_stdout:       # the scenario alone on standard output; the summary on standard error
        sys.stdout.write(dump_scenario(s))
    else:
        dump_scenario(s, output)
    deals = math.prod(len(i.options) for i in s.issues)
    if as_json:
        emit_json({"ok": True, "file": str(output), "scenario": s.id, "title": s.title,
                   "issues": list(s.issue_ids), "actors": list(s.actor_ids), "deals": deals,
                   "domain_file": str(imported.domain_file),
                   "profile_files": [str(p) for p in imported.profile_files],
                   "skipped": [{"file": str(p), "reason": r} for p, r in imported.skipped],
                   "warnings": [w.to_dict() for w in imported.warnings],
                   "discretised": [asdict(d) for d in imported.discretised]})
        return
    size = f"{deals:,} deals" if deals < 10**12 else f"{deals:.3g} deals"
    out = err_console if to_stdout else console
    out.print(f"imported {folder} -> {'standard output' if to_stdout else output}: "
              f"{len(s.issues)} issues, {len(s.actors)} parties ({', '.join(s.actor_ids)}), "
              f"{size}", markup=False, soft_wrap=True)
    for d in imported.discretised:
        out.print(f"  {d.describe()}", markup=False, soft_wrap=True)
    for path, reason in imported.skipped:
        out.print(f"  skipped {path.name}: {reason}", markup=False, soft_wrap=True)
    for w in imported.warnings:
        err_console.print(w.format(), style="yellow", markup=False, soft_wrap=True)


@export_app.command("genius")
@guarded
def export_genius(
        scenario: Annotated[Path, typer.Argument(help="A scenario file (or a GENIUS folder).",
                                                 show_default=False)],
        output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write: "
                                             "the domain file and one profile per actor.",
                                             show_default=False)],
        as_json: JsonOpt = False) -> None:
    """Export a scenario as a GENIUS domain folder (domain file + one profile per actor)."""
    if str(output) == "-":
        raise InputError.single("a GENIUS export is a folder of files", file="<command line>",
                                expected="a folder for -o", found="- (standard output)",
                                suggestion="e.g. -o out/")
    s = load_checked(scenario, numbered=False).scenario   # no deal-by-deal work here
    with locating(scenario):
        written = dump_genius(s, output)
    warnings = located(scenario, InputError(written.warnings)).problems if written.warnings \
        else ()
    if as_json:
        emit_json({"ok": True, "folder": str(written.folder),
                   "files": [str(p) for p in written.files], "nonlinear": written.nonlinear,
                   "warnings": [w.to_dict() for w in warnings]})
        return
    kind = "nonlinear (hyper-rectangle) profiles" if written.nonlinear else "linear profiles"
    console.print(f"exported {scenario} -> {written.folder}: {len(written.files)} files, "
                  f"{kind}", markup=False, soft_wrap=True)
    for path in written.files:
        console.print(f"  {path.name}", markup=False)
    for w in warnings:
        err_console.print(w.format(), style="yellow", markup=False, soft_wrap=True)
