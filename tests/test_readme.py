"""Every command in the READMEs runs, as a new user would type it.

Commands in ``console`` blocks run one by one; the commands of an ``sh`` block
run in order, as a sequence (the evidence block builds a database step by
step). Files the commands write (``-o``, ``--db``, ``> file``) go to a
temporary folder, where the later commands of the block find them. Blocks that
read ``../shared`` run when it is present and are skipped with the reason
otherwise; the cluster command runs against a real
``distributed.LocalCluster``; ``accord serve`` never returns and is tested in
the web app's tests.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from command_files import in_folder
from conftest import ROOT, SHARED

BIN = Path(sys.executable).parent


def _blocks(text: str) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)


def _accord_lines(body: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.split(" #")[0].strip() for line in joined.splitlines()
            if line.strip().startswith("accord ")]


README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = _blocks(README)
CONSOLE = [c for lang, body in BLOCKS if lang == "console" for c in _accord_lines(body)]
SEQUENCES = [lines for lang, body in BLOCKS if lang == "sh"
             if (lines := [c for c in _accord_lines(body)
                           if "--cluster" not in c and not c.startswith("accord serve")])]
CLUSTER = [c for lang, body in BLOCKS if lang == "sh" for c in _accord_lines(body)
           if "--cluster" in c]
PYTHON = [body for lang, body in BLOCKS if lang == "python"]
MAKE = [line.split("#")[0].strip() for lang, body in BLOCKS if lang == "sh"
        for line in body.splitlines() if line.strip().startswith("make ")]
EXAMPLE_SEQUENCES = [(readme.parent.name, lines)
                     for readme in sorted((ROOT / "examples").glob("*/README.md"))
                     for lang, body in _blocks(readme.read_text(encoding="utf-8"))
                     if (lines := _accord_lines(body))]
EXAMPLE_INLINE = [(readme.parent.name, c)
                  for readme in sorted((ROOT / "examples").glob("*/README.md"))
                  for c in re.findall(r"(?<!`)`(accord [^`]+)`(?!`)",
                                      readme.read_text(encoding="utf-8")) if ".yaml" in c]


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def run_command(command: str, folder: Path) -> str:
    """Run one README command from the repository root; files it writes land in ``folder``."""
    args, redirect = in_folder(shlex.split(command), folder)
    result = subprocess.run(args, cwd=ROOT, env=_env(), capture_output=True, text=True,
                            timeout=900, check=False)
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if redirect is not None:
        redirect.write_text(result.stdout)
    return result.stdout


def test_the_readme_has_the_commands_the_issues_name() -> None:
    names = {c.split()[1] for c in CONSOLE}
    assert {"validate", "analyze", "evaluate", "whatif", "schema", "uncertainty", "simulate",
            "tournament", "report", "forecast"} <= names
    assert MAKE == ["make alaska", "make test"]
    assert CLUSTER
    assert any(c.split()[1] == "evidence" for seq in SEQUENCES for c in seq)
    assert {"import", "export"} <= {c.split()[1] for seq in SEQUENCES for c in seq}


@pytest.mark.parametrize("command", CONSOLE)
def test_readme_command_runs(command: str, tmp_path: Path) -> None:
    out = run_command(command, tmp_path)
    if "schema" in command:
        assert (tmp_path / "scenario.schema.json").stat().st_size > 1000
    if " report " in command:
        assert (tmp_path / "alaska.html").stat().st_size > 1_000_000
    assert out or "schema" in command


@pytest.mark.parametrize("commands", SEQUENCES, ids=lambda c: c[0].split()[1])
def test_readme_sequence_runs(commands: list[str], tmp_path: Path) -> None:
    if any("../shared" in c for c in commands) and not SHARED.is_dir():
        pytest.skip(f"the shared data folder {SHARED} is not present")
    for command in commands:
        run_command(command, tmp_path)


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


@pytest.mark.parametrize(("example", "commands"), EXAMPLE_SEQUENCES,
                         ids=[f"{e}-{k}" for k, (e, _) in enumerate(EXAMPLE_SEQUENCES)])
def test_example_readme_commands_run(example: str, commands: list[str], tmp_path: Path) -> None:
    for command in commands:
        run_command(command, tmp_path)


@pytest.mark.parametrize(("example", "command"), EXAMPLE_INLINE)
def test_example_readme_inline_commands_run(example: str, command: str, tmp_path: Path) -> None:
    run_command(command, tmp_path)


@pytest.mark.parametrize("code", PYTHON)
def test_readme_python_runs(code: str, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "agreements" in out
    # the explanation reads as lines of text, not as a tuple's repr
    assert "\nNot an agreement: Russia rejects it (Russia 0.49 < 0.51).\n" in out


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
