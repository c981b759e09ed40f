"""Rich tables for ``accord uncertainty``. Presentation only."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from accord.cli.render import deal_summary
from accord.uncertainty.monte_carlo import Estimate, MonteCarlo, percent
from accord.uncertainty.sensitivity import Sensitivity, TornadoBar

__all__ = ["render_monte_carlo", "render_sensitivity"]


def _p(e: Estimate) -> str:
    lo, hi = e.interval
    return f"{percent(e.p)}  [{percent(lo)}, {percent(hi)}]"


def render_monte_carlo(console: Console, mc: MonteCarlo, where: str, seconds: float) -> None:
    """The Monte Carlo part of ``accord uncertainty``."""
    s = mc.scenario
    stopped = f" — INTERRUPTED after {mc.draws:,} of {mc.requested:,}" if mc.interrupted else ""
    console.print(Panel(
        f"{mc.draws:,} draws, seed {mc.seed}, {where}, {seconds:.1f} s{stopped}\n"
        f"[bold]An agreement exists in {_p(mc.agreement)}[/bold] of draws (95% Wilson interval)"
        + "".join(f"\nIn {n:,} draw(s) every weight of {a} ({s.actor(a).label}) was drawn as 0: "
                  "its utility of every deal is 0 there" for a, n in mc.weightless.items()),
        title=f"{s.title}: uncertainty", expand=False))
    t = Table(title="Who blocks: no agreement exists, but one would without this actor's veto",
              title_justify="left")
    t.add_column("actor")
    t.add_column("share of draws [95%]", justify="right")
    for actor, e in sorted(mc.blocking.items(), key=lambda kv: -kv[1].p):
        t.add_row(f"{actor} ({s.actor(actor).label})", _p(e))
    console.print(t)
    if mc.proposals:
        veto = [a.id for a in s.veto_actors]
        t = Table(title="Proposals: accepted, and rejected by each veto actor",
                  title_justify="left")
        t.add_column("proposal")
        t.add_column("accepted [95%]", justify="right")
        for a in veto:
            t.add_column(f"{a} rejects", justify="right")
        for p in mc.proposals:
            t.add_row(p.proposal.id, _p(p.accepted),
                      *[f"{p.rejected_by[a].p:.1%}" for a in veto])
        console.print(t)
    if mc.nash_deals:
        t = Table(title="Deals most often the Nash solution", title_justify="left")
        t.add_column("share [95%]", justify="right")
        t.add_column("deal (changes from the status quo)", overflow="fold")
        for d in mc.nash_deals[:5]:
            t.add_row(_p(d.frequency), deal_summary(s, d.deal))
        console.print(t)


def _bars(bars: Sequence[TornadoBar] | None, name: str) -> tuple[str, str]:
    for b in bars or ():
        if b.name == name:
            return f"{b.low:.1%}", f"{b.high:.1%}"
    return "-", "-"


def render_sensitivity(console: Console, results: Sequence[Sensitivity],
                       tornado: dict[str, tuple[TornadoBar, ...]], top: int = 8) -> None:
    """The sensitivity part of ``accord uncertainty``: one table per outcome."""
    for r in results:
        moving = [i for i in r.indices if i.total > 0.005 or i.first > 0.005]
        if not moving:
            console.print(f"Sensitivity — {r.title}: no parameter moves it "
                          f"(it holds in {r.mean:.1%} of the {r.evaluations:,} design points).")
            continue
        t = Table(title=f"Sensitivity — {r.title} ({r.mean:.1%} of design points; "
                        f"{r.method}; {r.evaluations:,} evaluations)", title_justify="left")
        t.add_column("parameter", no_wrap=True)
        for col in ("S1 (alone)", "ST (total)", "low fifth", "high fifth"):
            t.add_column(col, justify="right")
        for i in moving[:top]:
            low, high = _bars(tornado.get(r.output), i.name)
            t.add_row(i.name, f"{i.first:.2f} ± {i.first_conf:.2f}",
                      f"{i.total:.2f} ± {i.total_conf:.2f}", low, high)
        console.print(t)
