"""The documentation: the site builds with warnings as errors, its generated pages match the code,
the guides' examples run, and the wheel installs and runs offline.

The site is built once (``mkdocs build --strict`` into a temporary folder) and every check on
its pages reads what was built. What the pages must contain is worked out here, independently
of the generator: public modules and their ``__all__`` from the source files, fields from the
JSON Schema, commands from the Typer app.
"""

from __future__ import annotations

import ast
import doctest
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from accord.scenario import dump_scenario
from accord.scenario.examples import toy_scenario
from accord.scenario.schema import proposal_schema, scenario_schema
from accord.version import __version__

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "docs" / "hooks"))

from schema_doc import parse_rows, render_schema, sections  # noqa: E402

QUIET = {"DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, **QUIET, **extra}


# ------------------------------------------------------------------ the site
def _build(out: Path) -> Path:
    """Build the site into ``out`` with ``mkdocs build --strict``; no warning may be printed."""
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", "mkdocs.yml",
                           "-d", str(out)], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=300)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    warnings = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == []
    return out


def _page(site: Path, path: str) -> str:
    file = site / path / "index.html" if not path.endswith(".html") else site / path
    assert file.is_file(), f"the site has no page {path}"
    return file.read_text(encoding="utf-8")


def _public_modules() -> dict[str, list[str]]:
    """Every public module of accord and its ``__all__``, read from the source files."""
    out = {}
    for path in sorted((ROOT / "src" / "accord").rglob("*.py")):
        parts = path.relative_to(ROOT / "src").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts):
            continue
        names: list[str] = []
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign | ast.AnnAssign):
                continue
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "__all__":
                assert node.value is not None
                names = list(ast.literal_eval(node.value))
        out[".".join(parts)] = names
    return out


def _api_page(module: str) -> str:
    """A module's page: ``accord.analysis.zopa`` -> ``reference/api/analysis/zopa``."""
    return "/".join(["reference/api", *module.split(".")[1:]])


def _check_key_pages(site: Path) -> None:
    for page in ["", "tutorials", "tutorials/00-first-scenario", "guide/utility",
                 "guide/analysis", "guide/scenario-format", "guide/cli", "reference/scenario-file",
                 "reference/proposal-file", "reference/cli", "reference/api", "changelog",
                 "gallery"]:
        assert "<h1" in _page(site, page)
    assert __version__ in _page(site, "changelog")


def _check_api_pages(site: Path) -> None:
    """One page per public module, documenting or linking every name of its ``__all__``."""
    modules = _public_modules()
    assert {"accord", "accord.analysis", "accord.utility", "accord.scenario.model"} <= set(modules)
    for module, names in modules.items():
        html = _page(site, _api_page(module))
        assert f'id="{module}"' in html, module
        for name in names:
            # documented on this page, or linked to the module that defines it
            here = f'id="{module}.{name}"' in html
            linked = re.search(rf'href="[^"]*#accord\.[\w.]*\b{re.escape(name)}"', html)
            assert here or linked, f"{module}.{name} is neither documented nor linked"


class _Tables(HTMLParser):
    """Section heading -> the code names in the first column of its table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, set[str]] = {}
        self._heading: str | None = None
        self._in_h2 = False
        self._cell = 0
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._in_h2, self._text = True, ""
        elif tag == "tr":
            self._cell = 0
        elif tag == "td":
            self._cell += 1
            self._text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False
            self._heading = self._text.strip().rstrip("¶").strip()
            self.sections[self._heading] = set()
        elif tag == "td" and self._cell == 1 and self._heading is not None:
            self.sections[self._heading].add(self._text.strip())

    def handle_data(self, data: str) -> None:
        self._text += data


def _schema_fields(schema: dict[str, Any]) -> dict[str, set[str]]:
    return {title: set(obj.get("properties", {})) for title, obj in sections(schema)}


def _check_format_reference(site: Path, page: str, schema: dict[str, Any]) -> None:
    """The built field reference has exactly the schema's objects and fields."""
    html = _page(site, page)
    for field in schema["properties"]:         # every top-level field of the file
        assert f"<code>{field}</code>" in html
    parser = _Tables()
    parser.feed(html)
    assert parser.sections == _schema_fields(schema)


@pytest.mark.parametrize("schema", [scenario_schema(), proposal_schema()])
def test_format_reference_round_trips_the_schema(schema: dict[str, Any]) -> None:
    """The drift test: the generated page says exactly which fields exist and which are needed."""
    rows = parse_rows(render_schema(schema, "Fields", "Intro."))
    expected = {title: {f: f in obj.get("required", []) for f in obj.get("properties", {})}
                for title, obj in sections(schema)}
    assert rows == expected
    # the nested definitions are all there: every $defs entry and the inline option object
    assert set(schema.get("$defs", {})) <= set(rows)


def test_format_reference_shows_types_defaults_and_limits() -> None:
    text = render_schema(scenario_schema(), "Fields", "Intro.")
    assert "| `reservation` | number | yes |  | Utility of no agreement" in text
    assert "≥ 0.0; ≤ 1.0" in text
    assert "| `role` | `\"party\"` \\| `\"mediator\"` \\| `\"stakeholder\"` | no | `\"party\"` |" \
        in text
    assert "| `actors` | list of [Actor](#actor) | yes |" in text


def _commands() -> list[list[str]]:
    import typer

    from accord.cli.app import app

    out: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        out.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return out


def _check_cli_reference(site: Path) -> None:
    html = _page(site, "reference/cli")
    for path in _commands():
        assert f"<code>{' '.join(['accord', *path])}</code>" in html
        assert f"Usage: accord {' '.join(path)}".rstrip() in html


def test_cli_guide_explains_every_command() -> None:
    text = (ROOT / "docs" / "guide" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `(accord [^`]+)`", text, flags=re.M))
    import typer

    from accord.cli.app import app

    leaves = []

    def walk(cmd: Any, path: list[str]) -> None:
        subs = getattr(cmd, "commands", {})
        if not subs and not getattr(cmd, "hidden", False):
            leaves.append(" ".join(["accord", *path]))
        for name, sub in subs.items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    assert set(leaves) <= headings, set(leaves) - headings


def _check_gallery(site: Path) -> None:
    html = _page(site, "gallery")
    scripts = sorted((ROOT / "examples" / "gallery").glob("[!_]*.py"))
    texts = "\n".join(s.read_text(encoding="utf-8") for s in scripts)
    for script in scripts:
        if re.search(rf"^from {script.stem} import", texts, flags=re.M):
            continue            # a helper the scripts share
        assert f"examples/gallery/{script.name}" in html


@pytest.mark.slow
def test_site_builds_strict_and_matches_the_code(tmp_path: Path) -> None:
    """One build (the slow part), then every check on what it produced.

    One test rather than one per check, so that parallel test workers do not each build it.
    """
    site = _build(tmp_path / "site")
    _check_key_pages(site)
    _check_api_pages(site)
    _check_format_reference(site, "reference/scenario-file", scenario_schema())
    _check_format_reference(site, "reference/proposal-file", proposal_schema())
    _check_cli_reference(site)
    _check_gallery(site)


@pytest.mark.parametrize("guide", sorted(p.name for p in (ROOT / "docs" / "guide").glob("*.md")
                                         if ">>> " in p.read_text(encoding="utf-8")))
def test_guide_examples_run(guide: str) -> None:
    result = doctest.testfile(str(ROOT / "docs" / "guide" / guide), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                              verbose=False, report=True)
    assert result.attempted > 0
    assert result.failed == 0


def test_docstring_rest_becomes_markdown() -> None:
    """Roles link only to what the site documents; simple tables and literals become Markdown."""
    from griffe_markdown import rest_to_markdown

    known = frozenset({"accord.analysis.zopa", "accord.analysis.zopa.survey",
                       "accord.analysis.zopa.Survey"})
    modules = frozenset({"accord.analysis.zopa"})
    text = ("See :func:`~accord.analysis.zopa.survey`, :class:`Survey`, :meth:`Survey.to_dict`,"
            " :func:`_private` and :mod:`accord.analysis.zopa`; ``code``.\n\n"
            "=====  ==========\n``a``  first\nb      second\n=====  ==========\n")
    out = rest_to_markdown(text, lambda name: f"accord.analysis.zopa.{name}", known, modules)
    assert out.startswith("See [`survey`][accord.analysis.zopa.survey], "
                          "[`Survey`][accord.analysis.zopa.Survey], "
                          "[`Survey.to_dict`][accord.analysis.zopa.Survey.to_dict], "
                          "`_private` and [`accord.analysis.zopa`][accord.analysis.zopa]; `code`.")
    assert "|  |  |\n| --- | --- |\n| `a` | first |\n| b | second |" in out
    # a name the site does not document stays plain code, so it cannot break the build
    assert rest_to_markdown(":func:`accord.analysis.zopa.survey_context`", None, known,
                            modules) == "`accord.analysis.zopa.survey_context`"


def test_changelog_has_an_entry_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] — \d{{4}}-\d\d-\d\d$", text, flags=re.M)
    assert "## [Unreleased]" in text


# ------------------------------------------------------------------ the wheel
def _run(args: list[str], cwd: Path, **kw: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=_env(PIP_NO_INDEX="1"), capture_output=True,
                          text=True, timeout=300, **kw)
    assert proc.returncode == 0, f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.mark.slow
def test_wheel_installs_and_runs_offline(tmp_path: Path) -> None:
    """Build the wheel without the network, install it into a new environment, run it there.

    The new environment is made from the base interpreter without pip; a ``.pth`` file puts the
    current environment's site-packages after its own, so accord's dependencies are found
    there (nothing is downloaded) while ``accord`` itself is only the installed wheel's
    (the editable install's path hooks live in ``.pth`` files that are not read from a
    directory added this way). pip installs the wheel with ``--no-index --no-deps``, and
    ``pip check`` confirms that every dependency the wheel declares is satisfied.
    """
    # build from a copy, so that the working tree gets no build/ or egg-info
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        (source / name).write_bytes((ROOT / name).read_bytes())
    for file in (ROOT / "src" / "accord").rglob("*"):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc",):
            target = source / file.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.read_bytes())
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-w", str(dist), str(source)], cwd=tmp_path)
    wheels = list(dist.glob("accord-*.whl"))
    assert [w.name for w in wheels] == [f"accord-{__version__}-py3-none-any.whl"]
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for data in ["accord/py.typed", "accord/report/templates/report.html.j2"]:
        assert data in names
    assert any(n.startswith("accord/web/templates/") for n in names)
    assert any(n.startswith("accord/web/static/") for n in names)

    venv = tmp_path / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; "
                         "print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).stdout.strip())
    (purelib / "zz_accord_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
          "--no-deps", str(wheels[0])], cwd=tmp_path)
    check = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "check"],
                           cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert [line for line in check.stdout.splitlines() if line.startswith("accord ")] == []

    where = _run([str(python), "-c", "import accord; print(accord.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    accord = str(venv / "bin" / "accord")
    assert _run([accord, "--version"], cwd=tmp_path).stdout.strip() == f"accord {__version__}"

    scenario = tmp_path / "deal.yaml"
    dump_scenario(toy_scenario(), scenario)
    assert "error" not in _run([accord, "validate", str(scenario)], cwd=tmp_path).stdout.lower()
    result = json.loads(_run([accord, "analyze", str(scenario), "--json"], cwd=tmp_path).stdout)
    assert result["space"]["acceptable"] == 6
    nash = result["solutions"]["nash"]
    assert {row["issue"]: row["option"] for row in nash["deal"]} == {
        "price": "high", "delivery": "fast", "warranty": "one-year"}
    report = tmp_path / "report.html"
    _run([accord, "report", str(scenario), "-o", str(report), "--draws", "0"], cwd=tmp_path)
    assert "<html" in report.read_text(encoding="utf-8").lower()
