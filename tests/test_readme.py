"""Every command in the README runs, as a new user would type it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)
COMMANDS = [line.strip() for lang, body in BLOCKS if lang == "console"
            for line in body.splitlines() if line.strip().startswith("accord ")]


def _commands(text: str) -> list[str]:
    """``accord`` commands in fenced blocks (with continuations) and inline code spans."""
    out = []
    for body in re.findall(r"```\w*\n(.*?)```", text, flags=re.S):
        joined = re.sub(r"\\\n\s*", " ", body)
        out += [line.strip() for line in joined.splitlines() if line.strip().startswith("accord ")]
    out += [c for c in re.findall(r"(?<!`)`(accord [^`]+)`(?!`)", text) if ".yaml" in c]
    return out


EXAMPLE_COMMANDS = [(readme.parent.name, command)
                    for readme in sorted((ROOT / "examples").glob("*/README.md"))
                    for command in _commands(readme.read_text(encoding="utf-8"))]
PYTHON = [body for lang, body in BLOCKS if lang == "python"]
MAKE = [line.split("#")[0].strip() for lang, body in BLOCKS if lang == "sh"
        for line in body.splitlines() if line.strip().startswith("make ")]
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


CLUSTER = [line.strip() for lang, body in BLOCKS if lang == "sh"
           for line in body.splitlines() if line.strip().startswith("accord ")
           and "--cluster" in line]


def test_the_readme_has_the_commands_the_issues_name() -> None:
    names = {c.split()[1] for c in COMMANDS}
    assert {"validate", "analyze", "evaluate", "whatif", "schema", "uncertainty"} <= names
    assert MAKE == ["make alaska", "make test"]
    assert CLUSTER


@pytest.mark.parametrize("command", CLUSTER)
def test_readme_cluster_command_runs_on_a_local_cluster(command: str) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        args = shlex.split(command.replace("tcp://127.0.0.1:8786", cluster.scheduler_address))
        args[args.index("--draws") + 1] = "1000"
        result = subprocess.run([*args, "--sobol", "0"], cwd=ROOT, env=_env(),
                                capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "Dask cluster" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, tmp_path: Path) -> None:
    args = shlex.split(command)
    output = None
    if ">" in args:
        where = args.index(">")
        output = tmp_path / args[where + 1]
        args = args[:where]
    result = subprocess.run(args, cwd=ROOT, env=_env(), capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if output is not None:
        output.write_text(result.stdout)
        assert output.stat().st_size > 1000


@pytest.mark.parametrize(("example", "command"), EXAMPLE_COMMANDS)
def test_example_readme_command_runs(example: str, command: str) -> None:
    result = subprocess.run(shlex.split(command), cwd=ROOT, env=_env(), capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{example}: {command}\n{result.stderr}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("code", PYTHON)
def test_readme_python_runs(code: str, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert "agreements" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_alaska_runs_the_main_job() -> None:
    result = subprocess.run(["make", "--no-print-directory", "alaska"], cwd=ROOT, env=_env(),
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr
    assert "Bargaining solutions" in result.stdout


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test:", makefile, flags=re.M)
    assert re.search(r"^alaska:", makefile, flags=re.M)
