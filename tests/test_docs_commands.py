"""Every command and code block of the home page and the guides runs as a reader types it.

The README has ``tests/test_readme.py``, the tutorials ``tests/test_tutorials.py`` (their
outputs compared with the page) and the gallery ``tests/test_gallery.py``; the pages here had
only their ``>>>`` examples run (``tests/test_docs.py``), and a command of the evidence guide
failed as written. Now:

- the ``accord`` lines of a ``console`` or ``sh`` block run in order, as one sequence, from
  the repository root; the files they write go to a temporary folder, where the later
  commands of the block find them (as in ``tests/test_readme.py``). ``VAR=value accord ...``
  sets the variable for that command;
- a line that is syntax rather than a command (an upper-case placeholder such as
  ``SCENARIO``, or an optional part in brackets) is left out, and so are ``accord serve``
  (it never returns: ``tests/test_web_browser.py`` starts it), ``--cluster`` and any line the
  README also has (``tests/test_readme.py`` runs those, on a real ``LocalCluster`` for the
  cluster);
- a block that reads ``--db alaska.sqlite`` without making it first gets the database the
  evidence guide makes;
- a ``text`` block right after a ``console`` block holds lines the commands print;
- ``python`` blocks run in a folder laid out like a clone (``examples/`` and ``../shared``);
  one that imports a module accord does not install (NegMAS) is skipped with the reason.

Blocks that read ``../shared`` are skipped when it is absent.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from command_files import in_folder
from conftest import ROOT, SHARED
from tutorial_runner import prepare_folder

BIN = Path(sys.executable).parent
DOCS = ROOT / "docs"
PAGES = [DOCS / "index.md", *sorted((DOCS / "guide").glob("*.md"))]
_FENCE = re.compile(r"^```(?P<lang>\w*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
_PLACEHOLDER = re.compile(r"(?<![\w./-])[A-Z][A-Z_]*(?:\.\w+)?(?![\w/-])")
_ENV = re.compile(r"^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)(accord\s.*)$")
EVIDENCE_DB = ["accord evidence ingest ../shared/corpus/ --db alaska.sqlite",
               "accord evidence extract --db alaska.sqlite --scenario "
               "examples/alaska-2025/scenario.yaml"]


@dataclass(frozen=True)
class Block:
    """A code block of a page, and the ``text`` block right after it (its output), if any."""

    page: str
    line: int
    lang: str
    body: str
    output: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = list(_FENCE.finditer(text))
    blocks = []
    for k, m in enumerate(found):
        after = found[k + 1] if k + 1 < len(found) else None
        output = None
        if (after is not None and after["lang"] == "text"
                and not text[m.end():after.start()].strip()):
            output = after["body"]
        if m["lang"] in ("console", "sh", "python"):
            blocks.append(Block(page.relative_to(DOCS).as_posix(),
                                text.count("\n", 0, m.start()) + 1, m["lang"], m["body"], output))
    return blocks


def _lines(body: str) -> list[str]:
    """The command lines of a shell block: continuation lines joined, comments cut."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.split(" #")[0].strip() for line in joined.splitlines()
            if _ENV.match(line.strip())]


def _readme_commands() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return {" ".join(shlex.split(line)) for _, body in re.findall(r"```(\w*)\n(.*?)```", text,
                                                                   flags=re.S)
            for line in _lines(body)}


README = _readme_commands()


def is_template(command: str) -> bool:
    """A line of syntax (``accord analyze SCENARIO [--json]``), not a command to type."""
    m = _ENV.match(command)
    words = m.group(2) if m else command
    return "[" in words or "..." in words or bool(_PLACEHOLDER.search(words))


def commands(block: Block) -> list[str]:
    """The commands of ``block`` this test runs (see the module's docstring)."""
    return [c for c in _lines(block.body)
            if not is_template(c) and " serve " not in f"{c} " and "--cluster" not in c
            and " ".join(shlex.split(c)) not in README]


SHELL = [b for page in PAGES for b in _blocks(page) if b.lang in ("console", "sh")]
RUN = [b for b in SHELL if commands(b)]
PYTHON = [b for page in PAGES for b in _blocks(page) if b.lang == "python"]


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "300",
            "NO_COLOR": "1", "TERM": "dumb"}


def run(command: str, folder: Path) -> str:
    """Run one command from the repository root, its files in ``folder``; return its output."""
    m = _ENV.match(command)
    assert m is not None, command
    env = _env()
    for assignment in m.group(1).split():
        key, _, value = assignment.partition("=")
        env[key] = value
    args, redirect = in_folder(shlex.split(m.group(2)), folder)
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, f"{command}\n{done.stderr}"
    if redirect is not None:
        redirect.write_text(done.stdout, encoding="utf-8")
        return ""
    return done.stdout + done.stderr


def _flat(text: str) -> str:
    """Text as a reader sees it: no box drawing, one space between words."""
    return " ".join(re.sub(r"[│╭╮╰╯─┃━┏┓┗┛┡┩┠┨]", " ", text).split())


def test_the_template_lines_are_recognised() -> None:
    assert is_template("accord analyze SCENARIO [PROPOSAL ...] [--json]")
    assert is_template("accord forecast TABLE --model eum --rounds 10")
    assert is_template("accord evidence ingest ARTICLES... --db alaska.sqlite")
    assert not is_template("accord analyze examples/alaska-2025/scenario.yaml --json")
    assert not is_template("SOURCE_DATE_EPOCH=1755216000 accord report "
                           "examples/wage-talks/scenario.yaml -o wage-talks.html")
    assert not is_template("accord forecast ../shared/data/forecast/bdm/"
                           "eu_car_emissions_ExampleActors.csv --model eum")


def test_every_guide_with_commands_has_some_that_run() -> None:
    """The pages whose commands are all templates or README lines are the ones expected."""
    pages = {b.page for b in RUN}
    assert {"guide/evidence.md", "guide/report-and-web.md", "guide/simulation.md",
            "guide/uncertainty.md", "guide/cli.md"} <= pages
    # every command of these is the README's own
    assert {"guide/forecasting.md", "guide/interop.md", "guide/scenario-format.md"}.isdisjoint(
        pages)


def test_the_home_page_shows_the_readmes_python() -> None:
    readme = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                        flags=re.S)
    home = [b.body for b in PYTHON if b.page == "index.md"]
    assert home == readme


@pytest.mark.slow
@pytest.mark.parametrize("block", RUN, ids=[b.id for b in RUN])
def test_guide_commands_run(block: Block, tmp_path: Path) -> None:
    todo = commands(block)
    setup = EVIDENCE_DB if any("--db alaska.sqlite" in c for c in todo) and not any(
        c.startswith("accord evidence ingest") for c in todo) else []
    if any("../shared" in c for c in setup + todo) and not SHARED.is_dir():
        pytest.skip(f"the shared data folder {SHARED} is not present")
    for command in setup:
        run(command, tmp_path)
    printed = "".join(run(command, tmp_path) for command in todo)
    if block.output is not None:
        for line in block.output.strip().splitlines():
            assert _flat(line) in _flat(printed), f"{block.id}: {line!r} not printed"


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_guide_python_runs(block: Block, tmp_path: Path) -> None:
    imported = re.findall(r"^(?:from|import) ([\w.]+)", block.body, flags=re.M)
    # a top-level package, or the tool an accord.interop module is named after
    needed = {m.split(".")[0] for m in imported} | {
        m.split(".")[2] for m in imported if m.startswith("accord.interop.")}
    missing = sorted(m for m in needed if importlib.util.find_spec(m) is None)
    if missing:
        pytest.skip(f"{block.id} needs {', '.join(missing)}, which accord does not install")
    if "../shared" in block.body and not SHARED.is_dir():
        pytest.skip(f"the shared data folder {SHARED} is not present")
    work = prepare_folder(tmp_path, ROOT, SHARED)
    old = Path.cwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            exec(compile(block.body, block.id, "exec"), {"__name__": "__main__"})
    finally:
        os.chdir(old)
    printed = out.getvalue()
    if block.output is not None:
        assert _flat(block.output) in _flat(printed), block.id
    assert printed or "print(" not in block.body
