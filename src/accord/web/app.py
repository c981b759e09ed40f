"""The web app: :func:`create_app` builds it around the scenarios it serves.

Pages (:mod:`accord.web.pages`) are rendered on the server and call the JSON
API (:mod:`accord.web.api`) from a small script; Plotly's JavaScript comes from
the installed package, served by the app itself, so a page makes no request
outside it. Every error a user can cause becomes a 4xx with the library's
messages; an unexpected failure is a 500 that says so, without a traceback.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> from accord.scenario import dump_scenario
>>> from accord.scenario.examples import toy_scenario
>>> client = TestClient(create_app([]))
>>> client.post("/api/scenarios", data={"text": dump_scenario(toy_scenario())}).status_code
201
>>> r = client.post("/api/scenarios/toy/evaluate", json={"deal": {"price": "mid"}})
>>> r.json()["rejecters"]
['b']
>>> client.get("/api/scenarios/nope").json()["errors"][0]["message"]
"unknown scenario 'nope'"
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.errors import InputError, Problem
from accord.report.html import plotly_javascript
from accord.version import __version__
from accord.web.api import router as api_router
from accord.web.echo import clip
from accord.web.errors import BusyError, StoppingError, TooLargeError, UnknownIdError
from accord.web.jobs import Jobs
from accord.web.limits import MAX_UPLOAD_BYTES
from accord.web.pages import render_error
from accord.web.pages import router as page_router
from accord.web.registry import Registry
from accord.web.views import problem_dict

__all__ = ["create_app", "static_file", "stop"]

_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@functools.cache
def static_file(name: str) -> tuple[bytes, str]:
    """A file the app serves under ``/static``: its own, or Plotly's bundle (cached).

    Raises
    ------
    KeyError
        For any other name.
    """
    if name == "plotly.js":
        return plotly_javascript().encode("utf-8"), _MEDIA[".js"]
    own = {"app.js", "app.css"}
    if name not in own:
        raise KeyError(name)
    data = resources.files("accord.web").joinpath("static", name).read_bytes()
    return data, _MEDIA[Path(name).suffix]


#: The largest request body (an upload, with room for its multipart envelope).
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 256 * 1024
#: Seconds the status quo's evaluation may take when the app starts (it loads the
#: compiled kernels); on a huge space its nearest agreement is left for a request.
WARM_UP_SECONDS = 1.0


class _BodyLimit:
    """Refuse a request body over ``limit`` bytes with a 413 (announced or streamed)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = HTTPException(413, f"the request is too large: at most {self.limit:,} bytes")
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await _errors(413, [Problem(str(refusal.detail), file="<request>")])(
                scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise refusal     # the app's handler answers it (the body is being read)
            return message

        await self.app(scope, limited, send)


def _errors(status: int, problems: Sequence[Problem]) -> JSONResponse:
    return JSONResponse({"errors": [problem_dict(p) for p in problems]}, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


#: What a request field should hold, by pydantic's error type (when its message says less).
_EXPECTED = {
    "missing": "this field", "extra_forbidden": "only the fields the endpoint takes",
    "model_attributes_type": "a JSON object", "dict_type": "a JSON object",
    "list_type": "a JSON array", "int_type": "an integer", "int_parsing": "an integer",
    "int_from_float": "an integer", "float_type": "a number", "float_parsing": "a number",
    "string_type": "a string", "bool_type": "true or false", "bool_parsing": "true or false",
    "date_from_datetime_parsing": "a date, YYYY-MM-DD", "date_parsing": "a date, YYYY-MM-DD",
    "date_type": "a date, YYYY-MM-DD",
}
_BOUNDS = {"greater_than_equal": ("at least", "ge"), "greater_than": ("over", "gt"),
           "less_than_equal": ("at most", "le"), "less_than": ("under", "lt")}
_SEE_DOCS = "the request schemas are at /docs"


def _found(value: Any) -> str:
    """A request value as JSON writes it (``true``, not Python's ``True``), clipped."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return clip(text)


def _expected(error: Mapping[str, Any]) -> str:
    """What the field should hold, from the error's type (or its message)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{words} {ctx.get(key)}"
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if "expected" in ctx:
        return str(ctx["expected"])
    msg = str(error.get("msg", ""))
    return msg.removeprefix("Input should be ") if msg.startswith("Input should be ") else ""


def _suggestion(error: Mapping[str, Any], path: tuple[str | int, ...]) -> str:
    """A hint for one of FastAPI's validation errors."""
    kind = error.get("type", "")
    name = str(path[-1]) if path else "it"
    if kind == "extra_forbidden":
        return f"leave out {clip(name, 40)!r}; {_SEE_DOCS}"
    if kind == "missing":
        return f"give {clip(name, 40)!r}; {_SEE_DOCS}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "write a whole number without quotes, e.g. 2000"
    if kind == "string_type":
        return "write the id in quotes, e.g. \"mid\""
    return _SEE_DOCS


def _json_problem(error: Mapping[str, Any], body: Any) -> Problem:
    """A body that is not JSON: where the parser stopped, by line and column."""
    loc = error.get("loc", ())
    pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    line = column = None
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if pos is not None and isinstance(text, str):
        before = text[:pos]
        line = before.count("\n") + 1
        column = pos - (before.rfind("\n") + 1) + 1
    reason = (error.get("ctx") or {}).get("error", "")
    return Problem("the request body is not valid JSON", file="<request>", line=line,
                   column=column, expected="a JSON object",
                   found=str(reason).lower() or "text that is not JSON",
                   suggestion="check the quotes, commas and brackets there; send it with "
                              "'content-type: application/json'")


def _validation_problems(exc: RequestValidationError) -> list[Problem]:
    """FastAPI's validation errors as the library's problems (one per error)."""
    out = []
    for e in exc.errors():
        if e.get("type") == "json_invalid":
            out.append(_json_problem(e, exc.body))
            continue
        loc = tuple(p for p in e.get("loc", ()) if isinstance(p, str | int))
        where, path = (loc[0], loc[1:]) if loc else ("body", ())
        path = tuple(clip(p) if isinstance(p, str) else p for p in path)
        found = e.get("input")
        out.append(Problem(f"invalid request {where}: {e.get('msg', 'invalid value')}",
                           path=path, file="<request>", expected=_expected(e),
                           found="nothing" if e.get("type") == "missing" else
                           "" if found is None or isinstance(found, dict) else _found(found),
                           suggestion=_suggestion(e, path)))
    return out


def _api_routes() -> str:
    """The API's routes, e.g. ``GET /api/scenarios``, for a 404's hint."""
    return ", ".join(f"{m} {r.path}" for r in api_router.routes if isinstance(r, APIRoute)
                     for m in sorted(r.methods or ()))


def _http_problem(request: Request, exc: HTTPException) -> Problem:
    """A 4xx of the routing (no such route, wrong method) with a hint."""
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    suggestion = ""
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        suggestion = (f"{request.url.path} takes {allowed}" if allowed else _SEE_DOCS)
        message = f"{request.method} is not allowed at {clip(request.url.path)}"
    elif exc.status_code == 404 and message == "Not Found":
        message = f"no API route at {clip(request.url.path)}"
        suggestion = f"the API's routes (documented at /docs): {_api_routes()}"
    return Problem(message, file="<request>", suggestion=suggestion)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return _errors(413 if isinstance(exc, TooLargeError) else 422, exc.problems)

    @app.exception_handler(UnknownIdError)
    async def unknown(request: Request, exc: UnknownIdError) -> Response:
        if not _is_api(request):
            return render_error(request, 404, exc.problem.message)
        return _errors(404, [exc.problem])

    @app.exception_handler(BusyError)
    async def busy(request: Request, exc: BusyError) -> Response:
        return _errors(429, [Problem(str(exc), file="<request>")])

    @app.exception_handler(StoppingError)
    async def stopping(request: Request, exc: StoppingError) -> Response:
        return _errors(503, [Problem(str(exc), file="<request>",
                                     suggestion="ask again once the server is back")])

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _errors(422, _validation_problems(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if not _is_api(request) and exc.status_code == 404:
            return render_error(request, 404, f"no page at {request.url.path}")
        response = _errors(exc.status_code, [_http_problem(request, exc)])
        if exc.status_code == 405 and exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        return _errors(500, [Problem(f"internal error: {type(exc).__name__}",
                                     suggestion="this is a bug in accord; please report what "
                                                "you did")])


def stop(app: FastAPI) -> None:
    """Tell the app the server is shutting down: a running Nash search gives up at once.

    ``accord serve`` calls it on Ctrl-C (before uvicorn waits for the open
    requests to end); the app's lifespan calls it on shutdown too.
    """
    registry: Registry = app.state.registry
    registry.stopping.set()


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    stop(app)


def create_app(scenario_paths: Sequence[str | Path], db: str | Path | None = None,
               monte_carlo_threads: int | None = None) -> FastAPI:
    """The web app serving ``scenario_paths`` (and whatever is uploaded to it).

    Parameters
    ----------
    scenario_paths
        Scenario files, each checked as ``accord validate`` checks it, with the
        proposals of the ``proposals/`` folder beside it.
    db
        An evidence database (``accord evidence ingest``/``extract``) for the
        evidence browser and the numbers' links.
    monte_carlo_threads
        Threads per Monte Carlo run (``None``: one per core).

    Raises
    ------
    InputError
        For any problem with a scenario, its proposals, or the database.
    """
    database = Path(db) if db is not None else None
    if database is not None and not database.is_file():
        raise InputError.single("evidence database not found", found=str(database),
                                expected="a file made by 'accord evidence ingest'",
                                file="<command line>")
    registry = Registry(database)
    problems: list[Problem] = []
    for path in scenario_paths:
        try:
            registry.add_file(Path(path))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(tuple(problems))
    for served in registry.served():
        registry.numbers(served.id)         # opens the database: a bad one fails now
        # loads the compiled kernels before any request; a second at most on a huge space
        registry.evaluate(served.id, {}, {}, seconds=WARM_UP_SECONDS)
    # FastAPIOffline: FastAPI whose /docs and /redoc pages load Swagger UI and ReDoc from
    # files it ships, not from a CDN, so the API documentation works offline too
    app = FastAPIOffline(title="accord", version=__version__,
                         description="Negotiation analysis grounded in evidence: the served "
                                     "scenarios, proposal evaluation, Nash solution, Monte "
                                     "Carlo, evidence.",
                         lifespan=_lifespan)
    app.add_middleware(_BodyLimit)
    app.state.registry = registry
    app.state.jobs = Jobs(threads=monte_carlo_threads)
    _install_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        try:
            data, media = static_file(name)
        except KeyError:
            raise HTTPException(404, f"no static file {name!r}") from None
        return Response(data, media_type=media, headers={"Cache-Control": "max-age=3600"})

    return app
