"""The ``accord`` command line (Typer): a consumer of the library, with no logic of its own."""

from accord.cli.app import app, main

__all__ = ["app", "main"]
