"""Rich tables for the command line. Presentation only: every number comes from the library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.outcome import Outcome, deal_summary
from accord.analysis.proposals import Evaluation
from accord.analysis.summary import Analysis
from accord.analysis.whatif import WhatIf
from accord.scenario.model import Scenario
from accord.validate import Validation

__all__ = ["deal_summary", "render_analysis", "render_evaluation", "render_validation",
           "render_whatif"]


def _verdict(ok: bool) -> Text:
    return Text("accepts", style="green") if ok else Text("rejects", style="red")


def _actor_columns(table: Table, scenario: Scenario, actors: Sequence[str]) -> None:
    for a in actors:   # ids keep the columns narrow; the actors table gives the names
        table.add_column(a, justify="right")


def _utilities(outcome: Outcome, actors: Sequence[str]) -> list[str]:
    return [f"{outcome.utilities[a]:.3f}" for a in actors]


#: With more veto actors than this, utilities are shown an actor per row.
WIDE_ACTORS = 4


def _utilities_by_actor(console: Console, title: str, actors: Sequence[str],
                        outcomes: Mapping[str, Outcome | None]) -> None:
    """Tables with an actor per row and a column per outcome (for many actors).

    As many outcome columns as the console's width allows go in one table;
    the rest follow in further tables.
    """
    names = list(outcomes)
    per = max(1, (console.width - 22) // 8)
    for start in range(0, len(names), per):
        part = names[start:start + per]
        t = Table(title=title if start == 0 else None, title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
        t.add_column("actor", overflow="fold", min_width=12)
        for name in part:
            t.add_column(SHORT_SOLUTION_NAMES.get(name, name), justify="right", no_wrap=True,
                         min_width=5)
        for a in actors:
            t.add_row(a, *(f"{o.utilities[a]:.3f}" if (o := outcomes[name]) is not None
                           else "-" for name in part))
        console.print(t)


#: Column headings for the solutions where columns are narrow.
SHORT_SOLUTION_NAMES = {"nash": "Nash", "asymmetric-nash": "as. Nash",
                        "kalai-smorodinsky": "K-S", "egalitarian": "egal.",
                        "utilitarian": "util."}


def render_validation(console: Console, v: Validation, file: str) -> None:
    """The result of ``accord validate``."""
    s = v.scenario
    feasible = f", {v.feasible:,} feasible" if v.feasible is not None else ""
    veto = ", ".join(a.id for a in s.veto_actors)
    console.print(Text.assemble(("valid", "bold green"), f": {file} — {s.title}"))
    console.print(f"  {len(s.actors)} actors (veto: {veto}), {len(s.issues)} issues, "
                  f"{v.deals:,} deals{feasible}, {len(s.constraints)} constraints, "
                  f"{len(s.sources)} sources, {len(s.uncertainty)} uncertain parameters")
    for w in v.warnings:
        console.print(w.format(), style="yellow", markup=False, soft_wrap=True)
    if v.warnings:
        console.print(f"{len(v.warnings)} warning(s).", style="yellow")


def render_analysis(console: Console, a: Analysis) -> None:
    """The result of ``accord analyze``."""
    s = a.scenario
    z = a.survey
    veto = [x.id for x in s.veto_actors]
    title = s.title + (f" (as of {s.as_of})" if s.as_of else "")
    console.print(Panel(
        f"{len(s.actors)} actors, {len(s.issues)} issues, {z.total:,} deals, "
        f"{z.feasible:,} feasible, [bold]{z.acceptable:,} agreements[/bold] "
        f"({z.share_acceptable:.2%} of feasible deals)\n"
        f"Pareto frontier of the veto actors: {len(z.frontier):,} points "
        f"({z.frontier.deal_count:,} deals)", title=title, expand=False))

    t = Table(title="Actors", title_justify="left")
    for col in ("id", "actor", "role", "veto", "power", "reservation", "best possible",
                "accepts (of feasible)"):
        t.add_column(col, justify="right" if col not in ("id", "actor", "role") else "left",
                     overflow="fold")
    for actor in s.actors:
        prefs = s.preferences.get(actor.id)
        if prefs is None:
            t.add_row(actor.id, actor.label, actor.role, "yes" if actor.veto else "no",
                      f"{actor.power:g}", "-", "-", "-")
            continue
        count = z.accepted_by[actor.id]
        t.add_row(actor.id, actor.label, actor.role, "yes" if actor.veto else "no",
                  f"{actor.power:g}",
                  f"{prefs.reservation:.2f}", f"{z.best.get(actor.id, float('nan')):.3f}",
                  f"{count:,} ({count / z.feasible:.1%})" if z.feasible else "0")
    console.print(t)

    t = Table(title="Blockers: of the deals every other veto actor accepts, the share this "
                    "one rejects", title_justify="left")
    for col in ("actor", "rejects alone", "others accept", "share"):
        t.add_column(col, justify="left" if col == "actor" else "right")
    for b in sorted(z.blockers, key=lambda b: -b.share):
        t.add_row(b.actor, f"{b.rejects_alone:,}", f"{b.others_accept:,}",
                  f"{b.share:.1%}")
    console.print(t)

    wide = len(veto) > WIDE_ACTORS   # utilities then get a table of their own, an actor a row
    t = Table(title="Bargaining solutions (over the agreements)", title_justify="left")
    t.add_column("solution")
    t.add_column("deal (changes from the status quo)", overflow="fold", ratio=3)
    if not wide:
        _actor_columns(t, s, veto)
    for name, sol in a.solutions.items():
        if sol is None:
            t.add_row(name, "no agreement exists", *([] if wide else ["-"] * len(veto)))
        else:
            t.add_row(name, deal_summary(s, sol.outcome.deal),
                      *([] if wide else _utilities(sol.outcome, veto)))
    console.print(t)
    if wide:
        _utilities_by_actor(console, "Utilities of each solution", veto,
                            {name: (sol.outcome if sol else None)
                             for name, sol in a.solutions.items()})

    if a.agreements:
        title = f"Agreements on the frontier (best {len(a.agreements)} by Nash product)"
        t = Table(title=title, title_justify="left")
        t.add_column("#", justify="right")
        t.add_column("deal (changes from the status quo)", overflow="fold", ratio=3)
        if not wide:
            _actor_columns(t, s, veto)
        for k, o in enumerate(a.agreements, start=1):
            t.add_row(str(k), deal_summary(s, o.deal), *([] if wide else _utilities(o, veto)))
        console.print(t)
        if wide:
            _utilities_by_actor(console, "Utilities of each agreement above", veto,
                                {str(k): o for k, o in enumerate(a.agreements, start=1)})

    tr = a.trades
    if tr.trades or tr.free_moves:
        lines = [f"[bold]Trades from the status quo[/bold] ({tr.examined:,} bundles examined)"]
        lines += [f"  {k}. {x.explanation}" for k, x in enumerate(tr.trades, start=1)]
        if tr.free_moves:
            lines.append("[bold]Free moves[/bold] (one change that every veto actor gains from)")
            lines += [f"  - {x.explanation}" for x in tr.free_moves]
        console.print(*lines, sep="\n", markup=True, highlight=False)
    else:
        console.print("No trade from the status quo leaves every veto actor better off "
                      f"({tr.examined:,} bundles examined).")
    for ev in a.evaluations:
        render_evaluation(console, ev, s)


def render_evaluation(console: Console, ev: Evaluation, s: Scenario) -> None:
    """The result of ``accord evaluate`` for one proposal."""
    p = ev.proposal
    head = p.title or p.id
    if p.proposed_by:
        head += " — proposed by " + ", ".join(s.actor(a).label for a in p.proposed_by)
    t = Table(title_justify="left", title=f"Proposal: {head}")
    for col in ("actor", "veto", "utility", "reservation", "margin", "verdict"):
        t.add_column(col, justify="left" if col in ("actor", "verdict") else "right")
    for actor in s.modelled_actors:
        u = ev.outcome.utilities[actor.id]
        m = ev.outcome.margins[actor.id]
        t.add_row(actor.label, "yes" if actor.veto else "no", f"{u:.3f}",
                  f"{s.preferences[actor.id].reservation:.2f}",
                  Text(f"{m:+.3f}", style="green" if m >= -1e-9 else "red"),
                  _verdict(ev.outcome.accepts[actor.id]))
    verdict = Text("AGREEMENT", style="bold green") if ev.accepted else Text(
        "NOT AN AGREEMENT", style="bold red")
    body: list[Text | Table] = [Text("Deal: " + deal_summary(s, ev.outcome.deal)), t, verdict]
    body += [Text(line) for line in ev.explanation]
    if ev.nearest is not None:
        n = ev.nearest
        body.append(Text(f"Nearest agreement ({len(n.changes)} change(s); "
                         f"{n.ties} agreement(s) at that distance; Nash product "
                         f"{n.nash_product:.3g}): {deal_summary(s, n.outcome.deal)}"))
    console.print(Panel(Group(*body), expand=False))


def render_whatif(console: Console, w: WhatIf) -> None:
    """The result of ``accord whatif``."""
    console.print(Panel("\n".join(w.differences) or "Nothing changed.",
                        title="What changed", expand=False), markup=False)
    s = w.after.scenario
    veto = [x.id for x in s.veto_actors]
    t = Table(title="Bargaining solutions, before -> after", title_justify="left")
    t.add_column("solution")
    t.add_column("before", overflow="fold")
    t.add_column("after", overflow="fold")
    for name, sol in w.after.solutions.items():
        old = w.before.solutions[name]
        t.add_row(name, deal_summary(s, old.outcome.deal) if old else "no agreement",
                  deal_summary(s, sol.outcome.deal) if sol else "no agreement")
    console.print(t)
    z0, z1 = w.before.survey, w.after.survey
    console.print(f"Agreements: {z0.acceptable:,} -> {z1.acceptable:,}; veto actors: "
                  + ", ".join(veto))
