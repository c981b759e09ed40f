"""The web app's errors, each with its HTTP status, and library errors located in a request.

- :class:`TooLargeError` (413): an upload over :data:`MAX_UPLOAD_BYTES`;
- :class:`UnknownIdError` (404): a scenario, proposal or job id the server does not know;
- :class:`BusyError` (429): as many runs or searches as allowed are going;
- :class:`StoppingError` (503): the server shuts down during a search.

Examples
--------
>>> UnknownIdError("scenario", "alaska", ["alaska-2025"]).problem.message
"unknown scenario 'alaska'"
"""

from __future__ import annotations

from dataclasses import replace

from accord.analysis.context import Context
from accord.analysis.search import SearchStoppedError
from accord.errors import InputError, Problem, suggest
from accord.web.echo import clip, echo
from accord.web.limits import MAX_UPLOAD_BYTES

__all__ = [
    "BusyError",
    "StoppingError",
    "TooLargeError",
    "UnknownIdError",
    "request_problems",
    "too_slow",
]


class TooLargeError(InputError):
    """An upload over :data:`MAX_UPLOAD_BYTES` (HTTP 413)."""

    @classmethod
    def of(cls, size: int, name: str) -> TooLargeError:
        """The error for ``size`` bytes uploaded as ``name``."""
        return cls((Problem("the scenario is too large", file=name,
                            expected=f"at most {MAX_UPLOAD_BYTES:,} bytes",
                            found=f"{size:,} bytes"),))


class BusyError(RuntimeError):
    """As many runs (or searches) as allowed are already going (HTTP 429)."""


class StoppingError(RuntimeError):
    """The server is shutting down: a search was cancelled (HTTP 503)."""


class UnknownIdError(LookupError):
    """A scenario, proposal or job id the server does not know (HTTP 404)."""

    def __init__(self, what: str, value: str, known: list[str]) -> None:
        shown = echo(value)
        self.problem = Problem(f"unknown {what} {shown}", expected=f"a {what} id",
                               found=shown, file="<request>",
                               suggestion=suggest(clip(value), known, f"{what} ids"))
        super().__init__(self.problem.message)


def request_problems(exc: InputError, field: str) -> InputError:
    """The problems of an override or a deal, located in the request, not a command line."""
    out = []
    for p in exc.problems:
        if p.path and p.path[0] in ("--param", "--set"):     # named as on a command line
            path: tuple[str | int, ...] = (field, *p.path[1:])
        else:
            path = p.path if p.path else ((field, p.found.strip("'")) if p.found else (field,))
        out.append(replace(p, file="<request>", path=path))
    return InputError(tuple(out))


def too_slow(ctx: Context, stopped: SearchStoppedError, seconds: float) -> InputError:
    """The error for a Nash search that found no answer in ``seconds``."""
    return InputError.single(
        "the deal space is too large to search for the Nash solution in time",
        path=("issues",), file="<request>", expected=f"an answer within {seconds:g} s",
        found=f"{ctx.space.size:.3e} deals, no answer after {stopped.seconds:.1f} s",
        suggestion="merge or drop issues, or options within them; from Python, "
                   "accord.analysis.search.nash_search takes as long as it needs")
