"""``accord evidence``: ingest articles, extract statements, list, timeline, check, score."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from accord.cli.support import console, emit_json, err_console, guarded, progress_bar
from accord.errors import InputError, Problem, suggest
from accord.evidence.link import Check, Suggestion, load_for_check, stored_statements
from accord.evidence.link import check as check_scenario
from accord.evidence.link import suggest as suggest_parameters
from accord.evidence.pipeline import extract_store, ingest_paths
from accord.evidence.score import ACTS, Scores, check_ids, read_gold
from accord.evidence.score import score as score_statements
from accord.evidence.store import Statement, Store, open_store
from accord.evidence.timeline import timeline as build_timeline
from accord.scenario.io import load_scenario

__all__ = ["evidence_app"]

evidence_app = typer.Typer(
    help="Evidence: ingest articles, extract who demands, offers, proposes, accepts, rejects "
         "or threatens what, and tie every number of a scenario to it.",
    no_args_is_help=True, rich_markup_mode=None)

DbOpt = Annotated[Path, typer.Option("--db", help="The evidence database (SQLite).",
                                     show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Only this actor (an id).",
                                              show_default=False)]
IssueOpt = Annotated[str | None, typer.Option("--issue", help="Only this issue (an id).",
                                              show_default=False)]
ScenarioIdOpt = Annotated[str | None, typer.Option(
    "--scenario", help="The scenario (id or file) the statements were extracted for; needed "
                       "only when the database holds several.", show_default=False)]

#: Show a progress bar from this many documents on.
PROGRESS_DOCUMENTS = 20


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.single("bad --date", expected="YYYY-MM-DD", found=repr(text),
                                file="<command line>") from None


def _scenario_id(store: Store, given: str | None) -> str:
    known = store.scenarios()
    if given is not None:
        candidate = given
        if given not in known and Path(given).is_file():
            candidate = load_scenario(given).id
        if candidate not in known:
            raise InputError.single("no statements for this scenario", found=repr(given),
                                    expected="one of: " + (", ".join(known) or "(none yet)"),
                                    suggestion="run accord evidence extract --scenario FILE",
                                    file="<command line>")
        return candidate
    if not known:
        raise InputError.single("no statements in the database yet", file=str(store.path),
                                expected="an extraction", found="none",
                                suggestion=f"accord evidence extract --db {store.path} "
                                           "--scenario FILE")
    if len(known) > 1:
        raise InputError.single("the database holds statements for several scenarios",
                                expected="--scenario ID", found=", ".join(known),
                                file="<command line>")
    return known[0]


def _check_filter(store: Store, scenario: str, actor: str | None, issue: str | None,
                  act: str | None = None) -> None:
    actors, issues = store.scenario_ids(scenario)
    problems = []
    if actor is not None and actor not in actors:
        problems.append(("--actor", actor, actors, "actors", "the scenario's actors"))
    if issue is not None and issue not in issues:
        problems.append(("--issue", issue, issues, "issues", "the scenario's issues"))
    if act is not None and act not in ACTS:
        problems.append(("--act", act, list(ACTS), "acts", "the acts"))
    if problems:
        raise InputError(tuple(Problem(f"unknown {what[:-1]} in {flag}", found=repr(value),
                                       expected=f"one of {whose}: " + ", ".join(pool)
                                       if what == "acts" else f"one of {whose}",
                                       suggestion=suggest(value, pool, what),
                                       file="<command line>")
                               for flag, value, pool, what, whose in problems))


def _statement_table(statements: list[Statement], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("date", "actor", "act", "issue", "option", "±", "modality", "sentence"):
        table.add_column(column, overflow="fold")
    for s in statements:
        table.add_row(s.date.isoformat() if s.date else "", s.actor, s.act, s.issue or "",
                      s.option or "", "+" if s.polarity > 0 else "-", s.modality,
                      escape(s.sentence if len(s.sentence) <= 160 else s.sentence[:157] + "..."))
    return table


def _create_exclusively(db: Path) -> bool:
    """Create an empty ``db`` file if there is none; whether this process created it.

    ``O_EXCL`` makes exactly one of several processes the creator, so only that
    one may later remove the file.
    """
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except OSError:       # it exists, or cannot be made: Store says why
        return False
    return True


def _discard_if_empty(db: Path) -> None:
    """Remove a database this process created, unless someone stored anything in it."""
    try:
        store = Store(db)
    except InputError:
        return
    store.remove_if_empty()


def _print_warnings(warnings: tuple[Problem, ...]) -> None:
    for w in warnings:
        err_console.print(w.format(), style="yellow", markup=False, soft_wrap=True)


@evidence_app.command()
@guarded
def ingest(paths: Annotated[list[Path], typer.Argument(help="Text or HTML files, or folders.",
                                                       show_default=False)],
           db: DbOpt,
           lang: Annotated[str | None, typer.Option(help="The language (fr or en); detected "
                                                        "when not given.")] = None,
           outlet: Annotated[str | None, typer.Option(help="The outlet of every file.")] = None,
           date: Annotated[str | None, typer.Option(help="The date (YYYY-MM-DD) of every "
                                                         "file.")] = None,
           replace: Annotated[bool, typer.Option(
               "--replace", help="Replace a stored document (and its statements) by the "
                                 "file of the same name, or store a stored file again with "
                                 "the --date/--lang/--outlet given.")] = False,
           as_json: JsonOpt = False) -> None:
    """Store articles (one transaction each; a file already stored is skipped)."""
    if lang is not None and lang not in ("fr", "en"):
        raise InputError.single("unsupported language", expected="fr or en", found=repr(lang),
                                file="<command line>")
    day = _parse_date(date)
    created = _create_exclusively(db)
    try:
        with Store(db) as store:
            files = sum(1 for p in paths if p.is_file()) + sum(
                sum(1 for _ in p.rglob("*")) for p in paths if p.is_dir())
            with progress_bar(files, "ingesting", not as_json,
                              threshold=PROGRESS_DOCUMENTS) as bar:
                report = ingest_paths(store, paths, lang=lang, outlet=outlet, date=day,
                                      replace=replace, progress=bar)
            counts = store.counts()
            if store.moved_away():
                raise InputError.single(
                    "the database file was removed or replaced while ingesting",
                    file=str(db), expected="the file this command opened",
                    found="another file, or none", suggestion="run the command again")
    except InputError as exc:
        _print_warnings(exc.warnings)
        # a database this command made and nobody stored anything in is not left behind
        if created and db.is_file():
            _discard_if_empty(db)
        raise
    _print_warnings(report.warnings)
    if as_json:
        emit_json({"added": list(report.added), "replaced": list(report.replaced),
                   "already": list(report.already), "words": report.words,
                   "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
                   "warnings": [w.to_dict() for w in report.warnings], **counts})
    else:
        console.print(f"{len(report.added)} document(s) added"
                      + (f", {len(report.replaced)} replaced" if report.replaced else "")
                      + f" ({report.words:,} words), {len(report.already)} already stored"
                      + (f", {len(report.skipped)} skipped" if report.skipped else "")
                      + f"; the database holds {counts['documents']} document(s).")
        if report.replaced:
            console.print("The statements of the replaced documents were removed: run "
                          f"accord evidence extract --db {db} --scenario FILE again.")


@evidence_app.command()
@guarded
def extract(db: DbOpt,
            scenario: Annotated[Path, typer.Option("--scenario", help="The scenario whose actors "
                                                   "and issues to look for.",
                                                   show_default=False)],
            ner: Annotated[bool, typer.Option(help="Use spaCy's named-entity recogniser.")
                           ] = True,
            as_json: JsonOpt = False) -> None:
    """Extract statements from every stored document (re-running replaces them)."""
    s = load_scenario(scenario)
    with open_store(db) as store:
        docs = store.documents()
        with progress_bar(len(docs), "extracting", not as_json,
                          threshold=PROGRESS_DOCUMENTS) as bar:
            report = extract_store(store, s, scenario.parent, documents=docs, use_ner=ner,
                                   progress=bar)
    _print_warnings(report.warnings)
    if as_json:
        emit_json({"scenario": s.id, "documents": report.documents,
                   "statements": report.statements, "words": report.words,
                   "warnings": [w.to_dict() for w in report.warnings]})
    else:
        console.print(f"{report.statements} statement(s) from {report.documents} document(s) "
                      f"({report.words:,} words) for scenario {s.id}.")


@evidence_app.command("list")
@guarded
def list_statements(db: DbOpt, actor: ActorOpt = None, issue: IssueOpt = None,
                    act: Annotated[str | None, typer.Option(help="Only this act.",
                                                            show_default=False)] = None,
                    scenario: ScenarioIdOpt = None, as_json: JsonOpt = False) -> None:
    """List the statements, by date, optionally for one actor, issue or act."""
    with open_store(db, readonly=True) as store:
        sid = _scenario_id(store, scenario)
        _check_filter(store, sid, actor, issue, act)
        found = store.statements(sid, actor=actor, issue=issue, act=act)
    if as_json:
        emit_json([s.to_dict() for s in found])
    else:
        console.print(_statement_table(found, f"{len(found)} statement(s)"))


@evidence_app.command()
@guarded
def timeline(db: DbOpt, actor: ActorOpt = None, issue: IssueOpt = None,
             scenario: ScenarioIdOpt = None, as_json: JsonOpt = False) -> None:
    """How each actor's stated position on each issue moves across article dates."""
    with open_store(db, readonly=True) as store:
        sid = _scenario_id(store, scenario)
        _check_filter(store, sid, actor, issue)
        tracks = build_timeline(store.statements(sid, actor=actor, issue=issue))
    if as_json:
        emit_json([t.to_dict() for t in tracks])
        return
    table = Table(title="Stated positions over time")
    for column in ("actor", "issue", escape("positions (date: stance [acts]; → a shift)"),
                   "shifts"):
        table.add_column(column, overflow="fold")
    for t in tracks:
        cells = []
        for p in t.points:
            acts = ",".join(sorted({s.act for s in p.statements}))
            day = p.date.isoformat() if p.date else "undated"
            cells.append(escape(f"{'→ ' if p.shift else ''}{day}: {p.stance} [{acts}]"))
        table.add_row(t.actor, t.issue, "\n".join(cells), str(t.shifts))
    console.print(table)


@evidence_app.command()
@guarded
def check(scenario: Annotated[Path, typer.Argument(help="A scenario file.",
                                                   show_default=False)],
          db: Annotated[Path | None, typer.Option("--db", help="The evidence database; without "
                                                  "it, only the scenario's quotes count.",
                                                  show_default=False)] = None,
          suggestions: Annotated[bool, typer.Option("--suggest", help="Also propose which "
                                                    "parameter each statement bears on.")
                                 ] = False,
          as_json: JsonOpt = False) -> None:
    """For each number: the statements that support or contradict it; the numbers without
    evidence; the quotes not found verbatim in their sources."""
    s, misquotes = load_for_check(scenario)
    statements: list[Statement] | None = None
    missing_extraction: tuple[Problem, ...] = ()
    if db is not None:
        statements, missing_extraction = stored_statements(db, s, scenario)
    result = check_scenario(s, scenario.parent, statements, misquotes)
    result = dataclasses.replace(result, warnings=missing_extraction + result.warnings)
    proposals = suggest_parameters(s, statements or []) if suggestions else []
    if as_json:
        emit_json({**result.to_dict(), "scenario": s.id,
                   **({"suggestions": [x.to_dict() for x in proposals]} if suggestions else {})})
    else:
        _print_check(result, s.id, db is not None)
        if suggestions:
            _print_suggestions(proposals)
    if result.misquotes:      # as 'accord validate': a misquote is an error
        raise typer.Exit(2)


def _print_check(result: Check, scenario: str, with_db: bool) -> None:
    table = Table(title=f"Evidence for the numbers of {scenario}")
    for column in ("parameter", "value", "quotes", "supports", "contradicts", "related"):
        table.add_column(column, justify="right" if column != "parameter" else "left")
    for n in result.numbers:
        if n.links or n.quotes:
            table.add_row(n.parameter, f"{n.value:g}", str(n.quotes), str(n.count("supports")),
                          str(n.count("contradicts")), str(n.count("related")))
    console.print(table)
    missing = result.without_evidence
    console.print(f"{len(missing)} of {len(result.numbers)} number(s) have no evidence"
                  + (" (no quote, no statement)" if with_db else " (no quote; "
                     "give --db to count statements)") + ":")
    console.print("  " + (", ".join(n.parameter for n in missing) or "none"), soft_wrap=True)
    _print_warnings(result.warnings)
    checked = result.quotes - result.unchecked
    if result.misquotes:
        console.print(f"{len(result.misquotes)} quote(s) not found verbatim in their source:",
                      style="red")
        for p in result.misquotes:
            console.print("  " + p.format(), markup=False, soft_wrap=True)
    elif not result.quotes:
        console.print("The scenario has no quote to check.")
    elif not result.unchecked:
        console.print(f"Every quote ({result.quotes}) was found verbatim in its source.")
    elif checked:
        console.print(f"Every quote with a local source text ({checked} of {result.quotes}) "
                      f"was found in it verbatim; {result.unchecked} could not be checked "
                      "(no local source text).")
    else:
        console.print(f"None of the {result.quotes} quote(s) could be checked: their sources "
                      "have no local text.")


def _print_suggestions(proposals: list[Suggestion]) -> None:
    st = Table(title="Suggested parameters for each statement")
    for column in ("parameter", "act", "why", "sentence"):
        st.add_column(column, overflow="fold")
    for x in proposals:
        st.add_row(x.parameter, x.statement.act, x.reason, escape(x.statement.sentence[:120]))
    console.print(st)


def _score_table(title: str, scores: Scores) -> Table:
    table = Table(title=title)
    for column in ("", "P strict", "R strict", "F1 strict", "P relaxed", "R relaxed",
                   "F1 relaxed", "gold", "extracted"):
        table.add_column(column, justify="right" if column else "left")
    rows = [("all", (scores.strict, scores.relaxed))]
    rows += [(f"act {k}", v) for k, v in scores.per_act.items()]
    rows += [(f"issue {k}", v) for k, v in scores.per_issue.items()]
    for name, (st, rl) in rows:
        table.add_row(name, f"{st.precision:.2f}", f"{st.recall:.2f}", f"{st.f1:.2f}",
                      f"{rl.precision:.2f}", f"{rl.recall:.2f}", f"{rl.f1:.2f}", str(st.gold),
                      str(st.predicted))
    return table


@evidence_app.command()
@guarded
def score(gold: Annotated[Path, typer.Option("--gold", help="A gold file (TSV).",
                                             show_default=False)],
          db: DbOpt, scenario: ScenarioIdOpt = None, as_json: JsonOpt = False) -> None:
    """Precision, recall and F1 of the stored statements against a gold file."""
    rows = read_gold(gold)
    with open_store(db, readonly=True) as store:
        sid = _scenario_id(store, scenario)
        check_ids(rows, *store.scenario_ids(sid), str(gold))
        result = score_statements(rows, store.statements(sid), store.documents(), str(gold))
    if as_json:
        emit_json(result.to_dict())
        return
    console.print(_score_table(f"{gold}: {len(rows)} gold statement(s)", result))
    console.print(f"polarity agrees on {result.polarity_agreement:.0%} of the strict matches")
