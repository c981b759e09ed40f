"""A newcomer's path, followed from a fresh clone: ``make alaska``, then tutorial 0.

The clone is made with ``git clone`` from this repository, so it holds only
what is committed: a file the path needs but nobody committed fails here. Its
``.venv`` is prepared from the environment running the tests (the clone's own
``src`` first, then this environment's packages) and marked installed, so the
test runs offline and in seconds; the Makefile's install step itself runs on
every CI run, which starts from a clean clone with ``make test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("make") is None
    or not (ROOT / ".git").exists(),
    reason="needs git, make and a git checkout of accord")


def _prepared_clone(tmp_path: Path) -> Path:
    clone = tmp_path / "accord"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                   check=True, capture_output=True, timeout=120)
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True, timeout=120)
    packages = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" \
        / "site-packages"
    (packages / "newcomer.pth").write_text(
        f"{clone / 'src'}\n{sysconfig.get_paths()['purelib']}\n", encoding="utf-8")
    script = venv / "bin" / "accord"
    script.write_text(f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom accord.cli import main\n"
                      "sys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)
    stamp = venv / ".installed-stamp"
    stamp.touch()
    later = (clone / "pyproject.toml").stat().st_mtime + 10
    os.utime(stamp, (later, later))
    return clone


@needs_tools
def test_a_newcomer_clones_runs_make_alaska_then_tutorial_0(tmp_path: Path) -> None:
    clone = _prepared_clone(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}

    made = subprocess.run(["make", "--no-print-directory", "alaska"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "pip install" not in made.stdout     # the prepared environment was used
    assert "Bargaining solutions" in made.stdout
    assert "Traceback" not in made.stderr

    python = clone / ".venv" / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import accord; print(accord.__file__)"],
                           env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(clone / "src"))

    runner = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(clone / 'tests')!r})
        from tutorial_runner import prepare_folder, run_page
        folder = Path({str(tmp_path / 'reader')!r})
        folder.mkdir()
        work = prepare_folder(folder, Path({str(clone)!r}), Path({str(SHARED)!r}))
        skipped = run_page(Path({str(clone / 'docs' / 'tutorials' / '00-first-scenario.md')!r}),
                           work)
        assert not skipped, skipped
        print("tutorial 0 ran in", work)
    """)
    followed = subprocess.run([str(python), "-c", runner], cwd=clone, env=env,
                              capture_output=True, text=True, timeout=600, check=False)
    assert followed.returncode == 0, followed.stdout + followed.stderr
    assert "tutorial 0 ran in" in followed.stdout
