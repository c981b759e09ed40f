"""A reader that goes away (``accord … | head``) ends a command quietly.

Each command runs with its standard output a pipe whose reading end is closed
before the command writes, so every write fails with ``EPIPE``: the command
must exit with status 1 (Python's and rich's convention) and print nothing on
standard error, neither "internal error" nor Python's "Exception ignored".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ACCORD = str(Path(sys.executable).parent / "accord")
WAGE = "examples/wage-talks/scenario.yaml"


@pytest.mark.parametrize("args", [
    ["analyze", WAGE],                       # rich's console
    ["analyze", WAGE, "--json"],             # plain writes to sys.stdout
    ["schema"],
    ["forecast", WAGE, "--csv"],             # the csv module
], ids=["text", "json", "schema", "csv"])
def test_a_closed_pipe_ends_the_command_quietly(args: list[str]) -> None:
    proc = subprocess.Popen([ACCORD, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"})
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1
    assert err == ""
