"""Run a Markdown page as a newcomer would: its code blocks in order, its outputs checked.

Shared by ``tests/test_tutorials.py`` (the numbered tutorials) and
``tests/test_gallery.py``. A page is plain Markdown:

- ```` ```python ```` blocks run in order in one namespace;
- ```` ```console ```` blocks run each ``accord ...`` line as a command;
- a ```` ```text ```` block that follows a code block with nothing but blank
  lines between is that block's printed output, and must match it exactly
  (trailing spaces aside);
- ``<!-- file: NAME -->`` just before a block writes the block's text to
  ``NAME`` in the working folder (a YAML scenario shown in the page);
- ``<!-- skip: REASON -->`` just before a block leaves it out, for the reason
  given; ``<!-- needs: MODULE -->`` runs it only when ``MODULE`` imports.

Every page runs in a fresh folder laid out like a clone: ``examples/`` is the
repository's, and ``../shared`` is the shared data folder (when present), so
the paths in a page are the ones a reader types from the repository root.

With ``ACCORD_UPDATE_DOCS=1`` the runner rewrites the output blocks with what
the code printed and copies the PNG figures the page wrote into the page's
``img/`` folder, instead of checking them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["UPDATE", "Block", "parse", "prepare_folder", "run_page", "use_image_export"]

UPDATE = os.environ.get("ACCORD_UPDATE_DOCS") == "1"
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")

_FENCE = re.compile(r"(?:<!--\s*(?P<tag>skip|file|needs):\s*(?P<arg>.*?)\s*-->\s*\n)?"
                    r"^```(?P<lang>\w*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)


@dataclass
class Block:
    """One fenced block of a page, with what precedes it and its expected output."""

    lang: str
    body: str
    line: int
    start: int
    end: int
    tag: str | None = None
    arg: str | None = None
    output: Block | None = None


def parse(text: str) -> list[Block]:
    """The code blocks of a page, each with its output block attached."""
    blocks: list[Block] = []
    for m in _FENCE.finditer(text):
        block = Block(m["lang"], m["body"], text.count("\n", 0, m.start("lang")) + 1,
                      m.start("body"), m.end("body"), m["tag"], m["arg"])
        prev = blocks[-1] if blocks else None
        if (block.lang == "text" and block.tag is None and prev is not None
                and prev.lang in ("python", "console") and prev.output is None
                and not text[prev.end:m.start()].replace("```", "", 1).strip()):
            prev.output = block
            continue
        blocks.append(block)
    return blocks


def prepare_folder(folder: Path, root: Path, shared: Path) -> Path:
    """A working folder laid out like a clone (``examples/``, ``../shared``)."""
    work = folder / "work"
    work.mkdir()
    (work / "examples").symlink_to(root / "examples", target_is_directory=True)
    if shared.is_dir():
        (folder / "shared").symlink_to(shared, target_is_directory=True)
    return work


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100",
            "NO_COLOR": "1", "TERM": "dumb"}


def _commands(body: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.strip() for line in joined.splitlines() if line.strip().startswith("accord ")]


def _run_console(body: str, work: Path, where: str) -> str:
    out = []
    for command in _commands(body):
        args = shlex.split(command)
        redirect = None
        if ">" in args:
            at = args.index(">")
            redirect = work / args[at + 1]
            args = args[:at]
        done = subprocess.run(args, cwd=work, env=_env(), capture_output=True, text=True,
                              timeout=600, check=False)
        assert done.returncode == 0, f"{where}: {command}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"{where}: {command}\n{done.stderr}"
        if redirect is not None:
            redirect.write_text(done.stdout, encoding="utf-8")
        else:
            out.append(done.stdout)
    return "".join(out)


_DURATION = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|seconds)\b")


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _same(page: str, printed: str) -> bool:
    """Equal outputs, except for durations ("0.6 s") which change from run to run."""
    def strip(text: str) -> str:
        return _DURATION.sub("<duration>", _normal(text))
    return strip(page) == strip(printed)


def use_image_export() -> Any:
    """Start Kaleido's browser once (Debian's chromium) so PNGs are quick to write.

    Returns a function that stops it. Without chromium, ``write_image`` is
    replaced by one that writes the figure's JSON under the PNG's name, so
    that the pages' logic still runs; the PNGs then are not refreshed.
    """
    import plotly.basedatatypes

    if CHROMIUM.exists() and importlib.util.find_spec("kaleido") is not None:
        import kaleido  # type: ignore[import-untyped]

        os.environ.setdefault("BROWSER_PATH", str(CHROMIUM))
        kaleido.start_sync_server(silence_warnings=True)
        return kaleido.stop_sync_server
    original = plotly.basedatatypes.BaseFigure.write_image

    def as_json(self: Any, file: Any, *args: Any, **kwargs: Any) -> None:
        Path(file).write_text(self.to_json(), encoding="utf-8")

    plotly.basedatatypes.BaseFigure.write_image = as_json

    def restore() -> None:
        plotly.basedatatypes.BaseFigure.write_image = original

    return restore


def run_page(page: Path, work: Path) -> list[str]:
    """Run every block of ``page`` in ``work``; return the reasons of skipped blocks.

    Fails (AssertionError) on the first block that raises, a command that
    fails, or an output that differs from the page.
    """
    text = page.read_text(encoding="utf-8")
    blocks = parse(text)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    skipped: list[str] = []
    replacements: list[tuple[int, int, str]] = []
    before = set(work.glob("*.png"))
    old_cwd = Path.cwd()
    os.chdir(work)
    try:
        for block in blocks:
            where = f"{page.name}:{block.line}"
            if block.tag == "file":
                assert block.arg, f"{where}: <!-- file: --> needs a name"
                (work / block.arg).write_text(block.body, encoding="utf-8")
                continue
            if block.lang not in ("python", "console"):
                continue
            if block.tag == "skip":
                assert block.arg, f"{where}: a skipped block must say why"
                skipped.append(f"{where}: {block.arg}")
                continue
            if block.tag == "needs" and importlib.util.find_spec(str(block.arg)) is None:
                skipped.append(f"{where}: needs {block.arg}, which is not installed")
                continue
            if block.lang == "console":
                printed = _run_console(block.body, work, where)
            else:
                buffer = io.StringIO()
                code = compile(block.body, where, "exec")
                with contextlib.redirect_stdout(buffer):
                    exec(code, namespace)
                printed = buffer.getvalue()
            if block.output is not None:
                if UPDATE:
                    replacements.append((block.output.start, block.output.end,
                                         _normal(printed) + "\n"))
                else:
                    assert _same(block.output.body, printed), (
                        f"{where}: the output differs from the page\n--- page\n"
                        f"{block.output.body}\n--- printed\n{printed}")
    finally:
        os.chdir(old_cwd)
        if UPDATE:   # what ran so far, even when a later block failed
            _update(page, text, replacements, sorted(set(work.glob("*.png")) - before))
    return skipped


def _update(page: Path, text: str, replacements: list[tuple[int, int, str]],
            images: list[Path]) -> None:
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    page.write_text(text, encoding="utf-8")
    for png in images:
        if png.read_bytes()[:4] == b"\x89PNG":
            (page.parent / "img").mkdir(exist_ok=True)
            shutil.copyfile(png, page.parent / "img" / png.name)
