"""``accord forecast``: forecasting models on positional data, and their evaluation.

::

    accord forecast FILE [--model NAME]... [--rounds N] [--param name=value]...
                         [--issue ID]... [--json | --csv]
    accord forecast evaluate FILE [--folds 10] [--seed 0] [--setter ACTOR] [--json]

``FILE`` is a positional table (CSV/TSV), a DEU, Decide or KTAB file, or a
scenario (YAML/JSON) whose ordered issues are forecast.
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from accord.cli.support import MAX_SEED, console, emit_json, guarded, progress_bar
from accord.errors import InputError, Problem, suggest
from accord.forecast.base import Forecast, ForecastModel
from accord.forecast.data import MISSING_SALIENCE, MissingSalience, PositionTable, read_table
from accord.forecast.eum import ExpectedUtility
from accord.forecast.evaluate import Evaluation, default_entries, evaluate, paired_difference
from accord.forecast.registry import BASELINES, MODELS, build_model
from accord.forecast.scenarios import table_from_scenario
from accord.scenario.io import load_scenario

__all__ = ["forecast_app"]

#: Models run when no --model is given.
DEFAULT_MODELS = ("compromise", "median", "nash", "eum", "exchange")
#: Show round-by-round tables for at most this many issues.
TRAJECTORY_ISSUES = 5
#: List every round's challenges in JSON for at most this many issues.
CHALLENGE_ISSUES = 20
_SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


class _DefaultCommand(TyperGroup):
    """A group whose first argument is a file unless it names a subcommand."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


forecast_app = typer.Typer(
    cls=_DefaultCommand, no_args_is_help=True, rich_markup_mode=None,
    help="Forecast positional issues with bargaining models (compromise, weighted median, "
         "Nash, expected utility, exchange).\n\n"
         "accord forecast FILE [OPTIONS]: forecast every issue of FILE (a CSV/TSV table of "
         "actor, issue, position, salience, capability; a DEU, Decide or KTAB file; or a "
         "scenario with --issue); 'accord forecast FILE --help' lists the options.\n\n"
         "accord forecast evaluate FILE: every model's error against recorded outcomes.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
FileArg = Annotated[Path, typer.Argument(help="A positional table (CSV/TSV), a DEU, Decide "
                                              "or KTAB file, or a scenario (YAML/JSON).",
                                         metavar="FILE", show_default=False)]
MissingOpt = Annotated[str, typer.Option(
    "--missing-salience", help="A position without a salience: zero (weighs nothing in "
    "salience-weighted models), mean (the other actors' mean on the issue) or midpoint (0.5).")]


def _load(path: Path, issues: Sequence[str], assume_ordered: bool,
          missing: str) -> PositionTable:
    if missing not in MISSING_SALIENCE:
        raise InputError.single("bad --missing-salience", file="<command line>",
                                expected=" or ".join(MISSING_SALIENCE), found=repr(missing))
    rule: MissingSalience = missing
    if path.suffix.lower() in _SCENARIO_SUFFIXES:
        scenario = load_scenario(path)
        return table_from_scenario(scenario, list(issues) or None,
                                   assume_ordered=assume_ordered, source=str(path))
    table = read_table(path, missing_salience=rule)
    if not issues:
        return table
    return table.select([table.issue_index(i) for i in dict.fromkeys(issues)])


def _params(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    problems = []
    for text in items:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            problems.append(Problem("bad --param", file="<command line>", found=repr(text),
                                    expected="name=value, e.g. q=0.5"))
            continue
        out[key.strip()] = value.strip()
    if problems:
        raise InputError(tuple(problems))
    return out


def _models(names: Sequence[str], rounds: int | None,
            params: dict[str, str]) -> list[ForecastModel]:
    if rounds is not None and "rounds" in params:
        raise InputError.single("rounds given twice", path=("--rounds",), file="<command line>",
                                expected="either --rounds N or --param rounds=N",
                                found=f"--rounds {rounds} and --param rounds={params['rounds']}")
    chosen = list(dict.fromkeys(names or DEFAULT_MODELS))
    built = []
    unused = set(params)
    for name in chosen:
        cls = {**MODELS, **BASELINES}.get(name)
        defaults = cls.defaults() if cls is not None else {}
        mine: dict[str, Any] = {k: v for k, v in params.items() if k in defaults}
        unused -= set(mine)
        if rounds is not None and "rounds" in defaults:
            mine["rounds"] = rounds
        built.append(build_model(name, mine))
    if unused:
        key = sorted(unused)[0]
        raise InputError.single(f"no chosen model has a parameter {key!r}",
                                path=("--param", key), file="<command line>",
                                expected="a parameter of " + ", ".join(chosen),
                                found=repr(key))
    return built


def _fmt(value: float, digits: int = 2) -> str:
    return "-" if not math.isfinite(value) else f"{value:.{digits}f}"


def _render_forecasts(table: PositionTable, forecasts: Sequence[Forecast]) -> None:
    n, m = table.shape
    console.print(f"{table.source}: {n} actors, {m} issue(s)")
    for note in table.notes:
        console.print(f"  note: {note}", markup=False)
    t = Table(title="Forecasts", title_justify="left")
    t.add_column("issue")
    has_reference = bool(np_isfinite_any(table.reference))
    has_outcome = bool(np_isfinite_any(table.outcome))
    if has_reference:
        t.add_column("reference", justify="right")
    for f in forecasts:
        t.add_column(f.model, justify="right")
    if has_outcome:
        t.add_column("outcome", justify="right")
    for k, issue in enumerate(table.issues):
        row = [issue]
        if has_reference:
            row.append(_fmt(float(table.reference[k])))
        row += [_fmt(float(f.values[k])) for f in forecasts]
        if has_outcome:
            row.append(_fmt(float(table.outcome[k])))
        t.add_row(*row)
    console.print(t)
    for f in forecasts:
        if not f.trajectories:
            continue
        if len(f.trajectories) > TRAJECTORY_ISSUES:
            console.print(f"{f.model}: round-by-round tables are shown for up to "
                          f"{TRAJECTORY_ISSUES} issues; choose some with --issue, or use "
                          "--json or --csv for all of them.")
            continue
        for trajectory in f.trajectories:
            rounds = Table(title=f"{f.model}, issue {trajectory.issue}: round by round",
                           title_justify="left")
            for col, justify in (("round", "right"), ("median", "right"), ("mean", "right"),
                                 ("moves", "left")):
                rounds.add_column(col, justify=justify)  # type: ignore[arg-type]
            for r in trajectory.rounds:
                moves = "\n".join(mv.describe() for mv in r.moves) or (
                    "(start)" if r.number == 0 else "(no move)")
                rounds.add_row(str(r.number), _fmt(r.median, 4), _fmt(r.mean, 4), moves)
            console.print(rounds)


def np_isfinite_any(values: Any) -> bool:
    """Whether any value is finite."""
    return any(math.isfinite(float(v)) for v in values)


#: The columns of ``--csv`` (docs/guide/forecasting.md describes them).
CSV_COLUMNS = ("kind", "model", "issue", "forecast", "round", "actor", "position", "median",
               "mean", "move", "counterpart", "utility", "counterpart_utility")


def _write_csv(table: PositionTable, forecasts: Sequence[Forecast]) -> None:
    """Every model's forecast of every issue (kind ``forecast``), then every round
    of the round-based models (kind ``round``: one row per round and actor)."""
    rows: list[dict[str, Any]] = [
        {"kind": "forecast", "model": f.model, "issue": issue, "forecast": float(v)}
        for f in forecasts for issue, v in zip(f.issues, f.values, strict=True)]
    for f in forecasts:
        for trajectory in f.trajectories:
            rows += [{"kind": "round", "model": f.model, **row} for row in trajectory.rows()]
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if isinstance(v, float) and not math.isfinite(v) else
                             "" if v is None else v) for k, v in row.items()})


def _predict(models: Sequence[ForecastModel], table: PositionTable, utilities: bool,
             options: dict[str, tuple[str, ...]]) -> list[Forecast]:
    """Every model's forecast; a bad parameter is reported at the option that set it.

    ``options`` maps a parameter set on the command line to its option's path.
    """
    try:
        return [m.predict(table, utilities=utilities) if isinstance(m, ExpectedUtility)
                else m.predict(table) for m in models]
    except InputError as exc:       # the library names the model's parameter: name the option
        raise InputError(tuple(_at_option(p, options) for p in exc.problems)) from None


def _at_option(problem: Problem, options: dict[str, tuple[str, ...]]) -> Problem:
    """A problem with a model parameter, placed at the option that set it."""
    names = {**MODELS, **BASELINES}
    if problem.file is not None or len(problem.path) != 2 or problem.path[0] not in names \
            or str(problem.path[1]) not in options:
        return problem
    return replace(problem, file="<command line>", path=options[str(problem.path[1])])


@forecast_app.command("run", hidden=True)
@guarded
def run(file: FileArg,
        model: Annotated[list[str] | None, typer.Option(
            "--model", "-m", help="A model: " + ", ".join([*MODELS, *BASELINES]) + ". Repeat "
            "for several; default: " + ", ".join(DEFAULT_MODELS) + ".",
            show_default=False)] = None,
        rounds: Annotated[int | None, typer.Option(
            min=0, help="Rounds of the round-based models (eum, exchange).",
            show_default=False)] = None,
        param: Annotated[list[str] | None, typer.Option(
            "--param", help="A model parameter name=value, e.g. q=0.5 or probability=pair "
                            "(see docs/guide/forecasting.md); repeat for several.",
            show_default=False)] = None,
        issue: Annotated[list[str] | None, typer.Option(
            "--issue", "-i", help="Forecast only this issue; repeat for several. For a "
                                  "scenario: an ordered issue (default: every ordered issue).",
            show_default=False)] = None,
        assume_ordered: Annotated[bool, typer.Option(
            "--assume-ordered", help="Scenario: take any issue's options to be listed in "
                                     "order along one scale.")] = False,
        missing_salience: MissingOpt = "zero",
        as_json: JsonOpt = False,
        as_csv: Annotated[bool, typer.Option(
            "--csv", help="Print CSV: every model's forecast of every issue (kind "
                          "'forecast'), then the round-by-round trajectories (kind "
                          "'round').")] = False,
        ) -> None:
    """Forecast every issue of FILE with one or more models; round-by-round for eum/exchange."""
    if as_json and as_csv:
        raise InputError.single("--json and --csv together", path=("--csv",),
                                file="<command line>", expected="one output format",
                                found="both --json and --csv")
    table = _load(file, issue or [], assume_ordered, missing_salience)
    params = _params(param or [])
    models = _models(model or [], rounds, params)
    detail = len(table.issues) <= CHALLENGE_ISSUES
    options: dict[str, tuple[str, ...]] = {key: ("--param", key) for key in params}
    if rounds is not None:
        options["rounds"] = ("--rounds",)
    forecasts = _predict(models, table, as_json and detail, options)
    if as_json:
        notes = list(table.notes) + ([] if detail or not any(f.trajectories for f in forecasts)
                                     else [f"challenges are listed for up to {CHALLENGE_ISSUES} "
                                           "issues: choose some with --issue"])
        emit_json({"file": str(file), "actors": list(table.actors),
                   "issues": list(table.issues), "notes": notes,
                   "forecasts": [f.to_dict(challenges=detail) for f in forecasts]})
    elif as_csv:
        _write_csv(table, forecasts)
    else:
        _render_forecasts(table, forecasts)


def _render_evaluation(result: Evaluation) -> None:
    console.print(f"{result.source}: {result.issues} issues with a recorded outcome; "
                  f"models scored on the {result.common} they all forecast; "
                  f"{result.folds}-fold cross-validation by proposal (seed {result.seed})")
    for note in result.notes:
        console.print(f"  note: {note}", markup=False)
    t = Table(title="Absolute error against recorded outcomes", title_justify="left")
    for col in ("model", "issues", "MAE", "median", "within 10", "compromise, same issues",
                "chosen by CV (most folds)"):
        t.add_column(col, justify="left" if col.startswith(("model", "chosen")) else "right",
                     overflow="fold")
    for s in result.scores:
        chosen = ""
        if s.chosen:
            texts = [", ".join(f"{k}={v}" for k, v in c.items()) for c in s.chosen]
            top = max(dict.fromkeys(texts), key=texts.count)
            chosen = f"{top} ({texts.count(top)}/{len(texts)})"
        t.add_row(s.label + (" (baseline)" if s.baseline else ""), str(s.n), _fmt(s.mae),
                  _fmt(s.median_error),
                  f"{s.within_10:.0%}" if math.isfinite(s.within_10) else "-",
                  _fmt(s.compromise_mae) if s.n != result.common else "", chosen)
    console.print(t)
    main, fitted = result.scores[0], [s for s in result.scores[1:] if s.fitted and
                                      s.n == result.scores[0].n]
    for s in fitted:
        diff, low, high = paired_difference(s, main)
        console.print(f"{s.label}: {diff:+.2f} points against the compromise "
                      f"(95% bootstrap interval {low:+.2f} to {high:+.2f})", markup=False)


@forecast_app.command("evaluate")
@guarded
def evaluate_command(
        file: FileArg,
        folds: Annotated[int, typer.Option(help="Cross-validation folds (issues of one "
                                                "proposal stay together).")] = 10,
        seed: Annotated[int, typer.Option(min=0, max=MAX_SEED,
                                          help="Seed of the folds' shuffle.")] = 0,
        missing_salience: MissingOpt = "zero",
        setter: Annotated[str | None, typer.Option(
            "--setter", metavar="ACTOR",
            help="The agenda setter, for the agenda-setter model and the setter-position "
                 "baseline [default: com, the Commission; both rows are left out, with a "
                 "note, when the file has no actor com].", show_default=False)] = None,
        workers: Annotated[int | None, typer.Option(
            min=1, help="Run on this many local processes.", show_default=False)] = None,
        cluster: Annotated[str | None, typer.Option(
            help="Run on a Dask distributed scheduler, e.g. tcp://127.0.0.1:8786.",
            show_default=False)] = None,
        as_json: JsonOpt = False) -> None:
    """Every model's error against recorded outcomes (DEU III): MAE, median, within 10."""
    table = _load(file, [], False, missing_salience)
    if setter is not None and setter not in table.actors:
        raise InputError.single(f"unknown agenda setter {setter!r}", path=("--setter",),
                                file="<command line>", expected=f"an actor of {file}",
                                found=repr(setter),
                                suggestion=suggest(setter, table.actors, "actors"))
    entries = None if setter is None else default_entries(setter, table=table)
    try:
        with progress_bar(1, "running the models", not as_json, threshold=1) as progress:
            result = evaluate(table, entries, folds=folds, seed=seed, workers=workers,
                              cluster=cluster, progress=progress)
    except InputError as exc:   # the library names its argument; here it is an option
        raise InputError(tuple(
            replace(p, file="<command line>", path=("--folds",))
            if p.file is None and p.path[:1] == ("folds",) else p
            for p in exc.problems)) from None
    if as_json:
        emit_json(result.to_dict())
    else:
        _render_evaluation(result)
