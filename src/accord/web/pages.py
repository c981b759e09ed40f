"""The HTML pages: rendered on the server, brought to life by ``static/app.js``.

- ``/`` lists the served scenarios and offers an upload (a file or pasted text);
- ``/scenarios/{id}`` has sliders and fields for every reservation value, weight
  and option value, a proposal composer whose verdicts update at every change,
  the Nash solution, the Pareto frontier on demand, a Monte Carlo run with its
  progress, and the evidence browser.

The pages get their numbers from the JSON API (:mod:`accord.web.api`), as any
other client would. Templates escape everything they print.
"""

from __future__ import annotations

from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from accord.scenario.model import ACTS
from accord.version import __version__
from accord.web.limits import MAX_UPLOAD_BYTES
from accord.web.registry import Registry
from accord.web.views import scenario_detail, scenario_summary

__all__ = ["render_error", "router"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("accord.web", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True,
    undefined=jinja2.StrictUndefined)

router = APIRouter(include_in_schema=False)


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _ENV.get_template(template).render(version=__version__, **context)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain error page (for a page address, not the API)."""
    return _page("error.html.j2", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The served scenarios and the upload form."""
    registry: Registry = request.app.state.registry
    return _page("index.html.j2", scenarios=[scenario_summary(s) for s in registry.served()],
                 limit=MAX_UPLOAD_BYTES)


@router.get("/scenarios/{sid}", response_class=HTMLResponse)
def scenario_page(sid: str, request: Request) -> HTMLResponse:
    """One scenario: controls, composer, results, Monte Carlo, evidence."""
    registry: Registry = request.app.state.registry
    d = scenario_detail(registry, sid)
    served = registry.get(sid)
    s = served.scenario
    by_actor: dict[str, list[dict[str, Any]]] = {}
    for p in d["parameters"]:
        by_actor.setdefault(p["actor"], []).append(p)
    return _page("scenario.html.j2", d=d, params=by_actor,
                 modelled=[a for a in d["actors"] if a["modelled"]],
                 issue_names={i["id"]: i["name"] for i in d["issues"]},
                 sources=[{"id": src.id, "title": src.title or src.id} for src in s.sources],
                 acts=ACTS)
