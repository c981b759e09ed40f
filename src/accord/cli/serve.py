"""``accord serve``: the web app on a scenario, in a browser."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from accord.cli.support import console, guarded
from accord.errors import InputError

__all__ = ["listening_socket", "serve"]


@guarded
def serve(scenarios: Annotated[list[Path] | None, typer.Argument(
              help="Scenario files or GENIUS folders to serve (more can be uploaded "
                   "from the page).",
              show_default=False)] = None,
          db: Annotated[Path | None, typer.Option(
              help="An evidence database for the evidence browser and the numbers' links.",
              show_default=False)] = None,
          host: Annotated[str, typer.Option(
              help="The address to listen on; only this machine can connect to the "
                   "default.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=0, max=65535, help="The port.")] = 8000,
          ) -> None:
    """Serve the web app: sliders for every number, a proposal composer with live verdicts,
    the Nash solution, Monte Carlo with progress, the evidence browser, and a JSON API."""
    try:
        import uvicorn

        from accord.web import create_app
        from accord.web.app import stop
    except ImportError as exc:
        raise InputError.single("the web app needs FastAPI and uvicorn", found=str(exc),
                                expected="the packages fastapi, uvicorn, python-multipart",
                                suggestion="pip install 'accord[web]'") from None
    app = create_app(list(scenarios or []), db)
    served = len(app.state.registry.served())
    # the socket is bound here, before the address is announced: a port in use is then
    # a clear error, and port 0 announces the port the system chose
    sock = listening_socket(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    console.print(f"accord serves {served} scenario(s) on http://{shown}:{bound}/ "
                  f"(the API at /docs; Ctrl-C stops)", markup=False)
    config = uvicorn.Config(app, host=host, port=bound, workers=1, log_level="warning",
                            access_log=False)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            stop(app)      # a running Nash search gives up now, so its request ends
            super().handle_exit(sig, frame)

    Server(config).run(sockets=[sock])


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (port 0: one the system chooses).

    Raises
    ------
    InputError
        When the port is in use, or the address is not one of this machine's.

    Examples
    --------
    >>> with listening_socket("127.0.0.1", 0) as s:
    ...     s.getsockname()[1] > 0
    True
    """
    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise InputError.single("unknown address to listen on", file="<command line>",
                                expected="an address of this machine (--host)",
                                found=f"{host!r}: {exc.strerror}",
                                suggestion="--host 127.0.0.1 (this machine only) or 0.0.0.0 "
                                           "(every network)") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as uvicorn does
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        in_use = exc.errno == errno.EADDRINUSE
        raise InputError.single("the port is in use" if in_use else "cannot listen there",
                                file="<command line>",
                                expected="a free port on an address of this machine",
                                found=f"{where}: {exc.strerror}",
                                suggestion=f"another port (--port {port + 1 if port else 0}"
                                           ", or 0 for any free one)" if in_use else
                                "--host 127.0.0.1, or an address this machine has") from None
    return sock
