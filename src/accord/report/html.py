"""The report as one self-contained HTML file.

Plotly's JavaScript is embedded once (from the installed ``plotly`` package),
every chart's data is inline, and the page makes no network request: it
opens offline, from a file, anywhere.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.report.build import build_report
>>> page = render_report(build_report(toy_scenario(), "."), plotly_js="/* js */")
>>> "<h1>A seller, a buyer and a bystander</h1>" in page, "Pareto frontier" in page
(True, True)
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from accord.analysis.outcome import deal_summary
from accord.errors import InputError
from accord.files import atomic_write_text
from accord.report.build import ReportData
from accord.report.figures import (
    agreement_figure,
    frontier_figure,
    tornado_figure,
    trace_figure,
    weights_figure,
)
from accord.uncertainty.monte_carlo import percent
from accord.version import __version__

__all__ = ["plotly_javascript", "render_report", "report_time", "write_report"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("accord.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True,
    undefined=jinja2.StrictUndefined)


def plotly_javascript() -> str:
    """Plotly's JavaScript bundle, from the installed package (no download)."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def report_time() -> datetime:
    """The moment a report says it was generated: now, or ``SOURCE_DATE_EPOCH`` when it is set.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds convention)
    makes the same inputs and seed give a byte-identical file.

    Raises
    ------
    InputError
        When ``SOURCE_DATE_EPOCH`` is set to anything but a whole number of seconds from 0 to
        253402300799 (9999-12-31 23:59:59 UTC).
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return datetime.now(UTC)
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) <= 253_402_300_799:
        return datetime.fromtimestamp(int(text), UTC)
    raise InputError.single(
        "SOURCE_DATE_EPOCH is not a time", file="<environment>",
        expected="a whole number of seconds since 1970-01-01 00:00 UTC, e.g. 1755216000",
        found=repr(value)[:80], suggestion="unset it (the report then says when it was made) or "
                                           "give the seconds, e.g. $(date +%s)")


def _json(value: Any) -> str:
    """JSON safe to embed in a ``<script>`` element."""
    return json.dumps(value, allow_nan=False, default=float).replace("</", "<\\/")


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def render_report(data: ReportData, plotly_js: str | None = None,
                  generated: datetime | None = None) -> str:
    """The report page for ``data`` (see :func:`accord.report.build.build_report`).

    ``generated`` is the moment the page says it was made (default :func:`report_time`):
    the only thing that differs between two reports of the same inputs and seed.
    """
    s = data.scenario
    a = data.analysis
    figures: list[tuple[str, str, dict[str, Any]]] = [
        ("weights", "What each actor weighs", weights_figure(s)),
        ("frontier", "Pareto frontier and bargaining solutions", frontier_figure(a)),
    ]
    mc = data.monte_carlo
    if mc is not None:
        props = [(p.proposal.title or p.proposal.id, p.accepted.to_dict()) for p in mc.proposals]
        figures.append(("probability", "Probability of agreement",
                        agreement_figure(mc.agreement.to_dict(), props)))
        outcomes = [("agreement", "some agreement exists", mc.agreement.p)]
        outcomes += [(f"proposal:{p.proposal.id}", f"{p.proposal.title or p.proposal.id} "
                      "is accepted", p.accepted.p) for p in mc.proposals]
        for key, title, mean in outcomes:
            bars = data.tornado.get(key, [])
            if any(b["swing"] and b["swing"] > 0 for b in bars if b["swing"] == b["swing"]):
                figures.append((f"tornado-{key}", f"What moves it: {title}",
                                tornado_figure(f"What moves the probability that {title}",
                                               bars, mean)))
    for k, (title, result) in enumerate(data.simulations):
        figures.append((f"trace-{k}", title, trace_figure(
            result.trace.rows(), list(s.preferences), f"{title}: utility of each offer")))
    template = _ENV.get_template("report.html.j2")
    return template.render(
        s=s, a=a, data=data, version=__version__,
        generated=(generated or report_time()).strftime("%Y-%m-%d %H:%M UTC"),
        figures=[(fid, title, _json(_clean(fig))) for fid, title, fig in figures],
        plotly_js=plotly_js if plotly_js is not None else plotly_javascript(),
        summary=lambda deal: deal_summary(s, deal), percent=percent,
        bare=sum(1 for n in data.numbers if not n.quotes and not n.assumptions),
        numbers_by_actor={actor.id: [n for n in data.numbers if n.actor == actor.id]
                          for actor in s.modelled_actors})


def write_report(data: ReportData, path: str | Path, generated: datetime | None = None) -> Path:
    """Render the report and write it atomically to ``path`` (``generated``: as for
    :func:`render_report`)."""
    target = Path(path)
    atomic_write_text(target, render_report(data, generated=generated), ".html")
    return target
