"""The JSON API under ``/api``: what the pages call, documented at ``/openapi.json``.

Every answer to bad input is a 4xx holding ``{"errors": [problem, ...]}``, each
problem as the command line reports it (message, file, line, column, path,
expected, found, suggestion, and ``text`` as printed). No endpoint takes a
file path: scenarios are those the server was started with or that were
uploaded, named by the ids the server gave them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from accord.errors import InputError
from accord.report.figures import frontier_figure
from accord.scenario.model import Proposal
from accord.web.errors import TooLargeError, UnknownIdError
from accord.web.evidence import Filters, browse
from accord.web.jobs import Jobs
from accord.web.limits import MAX_UPLOAD_BYTES
from accord.web.models import (
    ErrorResponse,
    EvaluateRequest,
    EvaluationOut,
    EvidenceOut,
    FigureOut,
    JobOut,
    MonteCarloRequest,
    NashOut,
    OverridesRequest,
    ScenarioDetail,
    ScenarioSummary,
)
from accord.web.registry import Registry
from accord.web.uploads import decode_upload
from accord.web.views import scenario_detail, scenario_summary

__all__ = ["router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown scenario, proposal or job id."},
    422: {"model": ErrorResponse, "description": "Bad input, with the library's messages."},
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


async def registry(request: Request) -> Registry:
    """The app's registry of served scenarios (``async``: no thread hop per request)."""
    found: Registry = request.app.state.registry
    return found


async def jobs(request: Request) -> Jobs:
    """The app's Monte Carlo jobs."""
    found: Jobs = request.app.state.jobs
    return found


RegistryDep = Annotated[Registry, Depends(registry)]


def _safe_name(raw: str | None, default: str) -> str:
    """A file name for messages only: the last part of what the client sent, tamed.

    Examples
    --------
    >>> _safe_name("C:\\\\Users\\\\me\\\\deal.yaml", "x"), _safe_name("../../etc/passwd", "x")
    ('deal.yaml', 'passwd')
    >>> _safe_name(None, "pasted.yaml")
    'pasted.yaml'
    """
    if not raw:
        return default
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = re.sub(r"[^\w.\- ]", "_", name)[:100].strip()
    return name or default


@router.get("/scenarios", response_model=list[ScenarioSummary])
def list_scenarios(reg: RegistryDep) -> list[dict[str, Any]]:
    """The served scenarios: those given at start, then those uploaded."""
    return [scenario_summary(s) for s in reg.served()]


@router.post(
    "/scenarios", response_model=ScenarioSummary, status_code=201,
    responses={200: {"model": ScenarioSummary, "description": "The same text was already "
                     "uploaded: its scenario."},
               413: {"model": ErrorResponse, "description": f"Over {MAX_UPLOAD_BYTES:,} bytes."}},
    form_limits={"max_part_size": MAX_UPLOAD_BYTES + 1024})
async def upload_scenario(
        response: Response, reg: RegistryDep,
        file: Annotated[UploadFile | None, File(description="A scenario file (YAML, or JSON "
                                                            "by its .json name).")] = None,
        text: Annotated[str | None, Form(description="Or the scenario's text.")] = None,
        name: Annotated[str | None, Form(description="The name to give the text in "
                                                     "messages.")] = None,
) -> dict[str, Any]:
    """Upload a scenario (a file, or its text), checked as ``accord validate`` checks it.

    Errors name the line and column. Quotes are not checked against source texts:
    the server reads no path named in an upload.
    """
    given = file is not None and bool(file.filename or file.size)
    if given and text:
        raise InputError.single("give one of file or text", file="<request>",
                                expected="a scenario file (form field 'file') or its text "
                                         "(form field 'text'), not both", found="both",
                                suggestion="send the file alone, or the text alone")
    if file is not None and given:
        label = _safe_name(file.filename, "uploaded.yaml")
        raw = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise TooLargeError.of(file.size or len(raw), label)
        content = decode_upload(raw, label)
    elif text:
        label = _safe_name(name, "pasted.yaml")
        content = text
    else:
        raise InputError.single("nothing uploaded", file="<request>",
                                expected="a scenario file (form field 'file') or its text "
                                         "(form field 'text')", found="neither")
    served, created = await run_in_threadpool(reg.add_text, content, label)
    response.status_code = 201 if created else 200
    return scenario_summary(served)


@router.get("/scenarios/{sid}", response_model=ScenarioDetail)
def get_scenario(sid: str, reg: RegistryDep) -> dict[str, Any]:
    """A scenario: actors, issues, options, status quo, every number with its evidence,
    proposals, warnings."""
    return scenario_detail(reg, sid)


@router.post("/scenarios/{sid}/evaluate", response_model=EvaluationOut)
async def evaluate(sid: str, body: EvaluateRequest, reg: RegistryDep) -> Response:
    """Evaluate a deal: each actor's utility, margin and verdict, the nearest agreement
    and its changes, in words. Milliseconds: no survey of the deal space."""
    found = reg.cached_json(sid, body.overrides, body.deal)   # on the event loop: no hop
    if found is None:   # computed in a thread: a slow search never holds up other requests
        found = await run_in_threadpool(reg.evaluate_json, sid, body.overrides, body.deal)
    return Response(found, media_type="application/json")


@router.post("/scenarios/{sid}/nash", response_model=NashOut)
def nash(sid: str, body: OverridesRequest, reg: RegistryDep) -> dict[str, Any]:
    """The Nash bargaining solution (branch and bound), or none when no agreement exists."""
    return reg.nash(sid, body.overrides)


@router.post("/scenarios/{sid}/frontier", response_model=FigureOut)
def frontier(sid: str, body: OverridesRequest, reg: RegistryDep) -> dict[str, Any]:
    """The veto actors' Pareto frontier with the bargaining solutions, as a Plotly figure.

    Surveys every deal: seconds on a large scenario (cached per overrides).
    """
    a = reg.analysis(sid, body.overrides)
    return {"figure": frontier_figure(a), "agreements": a.survey.acceptable,
            "feasible": a.survey.feasible, "deals": a.survey.total}


@router.post("/scenarios/{sid}/montecarlo", response_model=JobOut, status_code=202,
             responses={429: {"model": ErrorResponse, "description": "Too many runs going."}})
def start_monte_carlo(sid: str, body: MonteCarloRequest, reg: RegistryDep,
                      runs: Annotated[Jobs, Depends(jobs)]) -> dict[str, Any]:
    """Start a Monte Carlo run over the scenario's uncertainty section; poll its job.

    Overridden parameters are held at their values (no longer drawn).
    """
    served = reg.get(sid)
    scenario = reg.fixed(sid, body.overrides)
    proposals = []
    for k, pid in enumerate(dict.fromkeys(body.proposals)):
        try:
            proposals.append(served.proposal(pid))
        except UnknownIdError as exc:   # named in the body: bad input (422), not a 404
            raise InputError((replace(exc.problem, path=("proposals", k)),)) from None
    if body.deal is not None:
        deal = reg.evaluate(sid, body.overrides, body.deal)["proposal"]["deal"]
        proposals.append(Proposal(accord=1, id="composed", title="the composed deal",
                                  deal=deal))
    return runs.submit(sid, scenario, proposals, body.draws, body.seed).to_dict()


@router.get("/jobs/{job}", response_model=JobOut)
def get_job(job: str, runs: Annotated[Jobs, Depends(jobs)]) -> dict[str, Any]:
    """A Monte Carlo run: how far it is, and its results once done."""
    return runs.get(job).to_dict()


def _once(values: list[dt.date] | None, name: str) -> dt.date | None:
    """A date filter given at most once (two lower bounds are a mistake, not a choice)."""
    if not values:
        return None
    if len(values) > 1:
        raise InputError.single(f"{name} is given {len(values)} times", path=(name,),
                                file="<request>", expected=f"{name} at most once",
                                found=", ".join(map(str, values)))
    return values[0]


def _any_of(values: list[str] | None) -> tuple[str, ...] | None:
    """A repeated filter's values (any of them passes), or ``None`` when it is not given."""
    kept = tuple(dict.fromkeys(v for v in values or () if v))
    return kept or None


_REPEAT = " Repeat it for any of several."


@router.get("/scenarios/{sid}/evidence", response_model=EvidenceOut)
def evidence(sid: str, reg: RegistryDep,
             actor: Annotated[list[str] | None, Query(description="An actor id." + _REPEAT)
                              ] = None,
             issue: Annotated[list[str] | None, Query(description="An issue id." + _REPEAT)
                              ] = None,
             act: Annotated[list[str] | None, Query(description="demand, offer, propose, "
                                                                "accept, reject, threaten, ..."
                                                                + _REPEAT)] = None,
             source: Annotated[list[str] | None, Query(description="A source id." + _REPEAT)
                               ] = None,
             date_from: Annotated[list[dt.date] | None, Query(description="YYYY-MM-DD")
                                  ] = None,
             date_to: Annotated[list[dt.date] | None, Query(description="YYYY-MM-DD")] = None,
             ) -> dict[str, Any]:
    """The evidence: statements of the database given with ``--db``, else the scenario's
    own quotes; filtered by actor, issue, act, source and dates. A filter given more than
    once (``?actor=ru&actor=ua``) lets through a row that matches any of its values."""
    served = reg.get(sid)
    rows = reg.evidence(sid)
    filters = Filters(_any_of(actor), _any_of(issue), _any_of(act), _any_of(source),
                      _once(date_from, "date_from"), _once(date_to, "date_to"))
    found = browse(rows, served.scenario, filters)
    return {"origin": "database" if reg.database is not None else "scenario", **found}
