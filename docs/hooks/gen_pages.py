"""Generate the pages of the site that come from the code (run by mkdocs-gen-files).

- ``reference/api/``: one page per public module of ``src/accord`` (every module
  whose name does not start with ``_``), listing exactly its ``__all__``. A name
  a package re-exports links to the page of the module that defines it, so each
  object is documented once. New modules appear without any edit here.
- ``reference/scenario-file.md`` and ``reference/proposal-file.md``: the field
  reference, rendered from the JSON Schema of the pydantic models.
- ``reference/cli.md``: ``accord <command> --help`` for every command.
- ``changelog.md``: the repository's ``CHANGELOG.md``.
- ``gallery/index.md``: every script of ``examples/gallery/`` with its figure.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import mkdocs_gen_files

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(SRC))

from api_plan import plan, summary  # noqa: E402
from schema_doc import render_schema  # noqa: E402

__all__: list[str] = []


def _link(source: Path, target: Path) -> str:
    return Path(os.path.relpath(target, source.parent)).as_posix()


def _api_pages() -> None:
    pages = plan()
    nav = mkdocs_gen_files.Nav()
    for module, page in pages.items():
        doc_path = page.doc_path
        nav[tuple(module.split("."))] = doc_path.relative_to("reference/api").as_posix()
        # the anchor lets docstrings and other pages link to the module itself
        lines = [f"# `{module}`", "", f"[](){{#{module}}}", "", f"::: {module}", "    options:",
                 f"      members: {page.own if page.own else 'false'}", ""]
        if page.moved:
            lines += ["## Re-exported here", "",
                      f"`{module}` also exports these names, documented where they are defined:",
                      "", "| Name | Defined in | Summary |", "| --- | --- | --- |"]
            for n, target in page.moved.items():
                source = target.rpartition(".")[0]
                lines.append(f"| [`{n}`][{target}] | [`{source}`]"
                             f"({_link(doc_path, pages[source].doc_path)}) "
                             f"| {summary(target, pages)} |")
            lines.append("")
        if page.children:
            lines += ["## Modules", "", "| Module | Exports |", "| --- | --- |"]
            for m in page.children:
                names = (", ".join(f"`{n}`" for n in pages[m].exports)
                         or "(nothing: see its modules)")
                lines.append(f"| [`{m}`]({_link(doc_path, pages[m].doc_path)}) | {names} |")
            lines.append("")
        with mkdocs_gen_files.open(doc_path, "w") as f:
            f.write("\n".join(lines))
        mkdocs_gen_files.set_edit_path(doc_path, page.path.relative_to(ROOT))
    with mkdocs_gen_files.open("reference/api/SUMMARY.md", "w") as f:
        f.writelines(nav.build_literate_nav())


def _schema_pages() -> None:
    from accord.scenario.schema import proposal_schema, scenario_schema

    pages = {
        "reference/scenario-file.md": (
            scenario_schema(), "Scenario file fields",
            "Every field of a scenario file, generated from the JSON Schema that "
            "`accord schema` prints, when this site was built. What the fields mean and how "
            "they work together is in the guide: "
            "[The scenario file](../guide/scenario-format.md)."),
        "reference/proposal-file.md": (
            proposal_schema(), "Proposal file fields",
            "Every field of a proposal file, generated from the JSON Schema that "
            "`accord schema --proposal` prints, when this site was built. See "
            "[Proposals](../guide/scenario-format.md#proposals) in the guide."),
    }
    for doc_path, (schema, heading, intro) in pages.items():
        with mkdocs_gen_files.open(doc_path, "w") as f:
            f.write(render_schema(schema, heading, intro))


def _commands() -> Iterator[tuple[list[str], object]]:
    """Every command and group of the ``accord`` command line, hidden ones included."""
    import typer

    from accord.cli.app import app

    def walk(cmd: object, path: list[str]) -> Iterator[tuple[list[str], object]]:
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def _cli_page() -> None:
    from typer.testing import CliRunner

    from accord.cli.app import app

    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    lines = ["# Command line help", "",
             "The output of `accord --help` and of `accord <command> --help` for every command, "
             "captured when this site was built. The guide explains the commands: "
             "[Command line](../guide/cli.md).", ""]
    for path, cmd in _commands():
        result = runner.invoke(app, [*path, "--help"], env=env, terminal_width=100)
        if result.exit_code != 0:
            raise RuntimeError(f"accord {' '.join(path)} --help failed: {result.output}")
        title = " ".join(["accord", *path])
        lines += [f"## `{title}`", ""]
        if getattr(cmd, "hidden", False):
            lines += ["Not listed by its group's `--help`: the group runs it for you "
                      "(see the group's help above).", ""]
        lines += ["```text", result.output.rstrip(), "```", ""]
    with mkdocs_gen_files.open("reference/cli.md", "w") as f:
        f.write("\n".join(lines))


def _changelog() -> None:
    with mkdocs_gen_files.open("changelog.md", "w") as f:
        f.write((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    mkdocs_gen_files.set_edit_path("changelog.md", "CHANGELOG.md")


def _describe(text: str) -> str:
    """A script's docstring as Markdown: usage lines in code, brackets kept literal."""
    lines = []
    for line in text.splitlines():
        if line.startswith("Usage:"):
            lines.append(f"Usage: `{line.removeprefix('Usage:').strip()}`")
        else:
            lines.append(line.replace("[", "\\[").replace("]", "\\]"))
    return "\n".join(lines)


def _gallery() -> None:
    folder = ROOT / "examples" / "gallery"
    scripts = {p.stem: p for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")}
    sources = {stem: p.read_text(encoding="utf-8") for stem, p in scripts.items()}
    # a module the other scripts import is a shared helper, not a gallery entry
    helpers = {stem for stem in scripts
               if any(re.search(rf"^(from {stem} import|import {stem}\b)", text, flags=re.M)
                      for text in sources.values())}
    lines = ["# Gallery", "",
             "Short scripts, each producing one figure. Run one from the repository root with "
             "`python examples/gallery/<name>.py`; the test suite runs them all.", ""]
    for stem, script in scripts.items():
        if stem in helpers:
            continue
        doc = ast.get_docstring(ast.parse(sources[stem])) or ""
        title, _, rest = doc.partition("\n")
        lines += [f"## {title.strip().rstrip('.') or stem}", "", _describe(rest.strip()), ""]
        for image in (f"img/{stem}.png", f"img/{stem}.svg", f"{stem}.png", f"{stem}.svg"):
            if (ROOT / "docs" / "gallery" / image).exists():
                lines += [f"![{stem}]({image})", ""]
                break
        lines += [f'??? example "examples/gallery/{script.name}"', "", "    ```python"]
        lines += [f"    {line}".rstrip() for line in sources[stem].splitlines()]
        lines += ["    ```", ""]
    if not scripts:
        lines.append("No gallery scripts yet.")
    with mkdocs_gen_files.open("gallery/index.md", "w") as f:
        f.write("\n".join(lines))


_api_pages()
_schema_pages()
_cli_page()
_changelog()
_gallery()
