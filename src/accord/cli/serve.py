"""``accord serve``: the web app on a scenario, in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.support import console, guarded
from accord.errors import InputError

__all__ = ["serve"]


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
    except ImportError as exc:
        raise InputError.single("the web app needs FastAPI and uvicorn", found=str(exc),
                                expected="the packages fastapi, uvicorn, python-multipart",
                                suggestion="pip install 'accord[web]'") from None
    app = create_app(list(scenarios or []), db)
    served = len(app.state.registry.served())
    console.print(f"accord serves {served} scenario(s) on http://{host}:{port}/ "
                  f"(the API at /docs; Ctrl-C stops)", markup=False)
    uvicorn.run(app, host=host, port=port, workers=1, log_level="warning", access_log=False)
