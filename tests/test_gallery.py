"""Every gallery script runs and writes a valid figure; the gallery page shows each one's code.

Each script of ``examples/gallery/`` runs in this process (``runpy``) on small draw
counts, writing Plotly's figure JSON, which is read back and checked; scripts that
read ``../shared`` are skipped when it is absent. One script also writes a PNG
through Kaleido. ``docs/gallery/index.md`` is generated from the scripts
(``ACCORD_UPDATE_DOCS=1`` rewrites it and the PNGs in ``docs/gallery/img/``), and
the test checks that it is up to date, so the code shown is the code that runs.
"""

from __future__ import annotations

import ast
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path

import plotly.io
import pytest

from conftest import ROOT, SHARED
from tutorial_runner import UPDATE, use_image_export

# plotly passes Kaleido options that its long-lived browser (started once here) ignores
pytestmark = pytest.mark.filterwarnings("ignore:The kopts argument is ignored")

GALLERY = ROOT / "examples" / "gallery"
SCRIPTS = sorted(p for p in GALLERY.glob("*.py") if p.name != "gallery.py")
PAGE = ROOT / "docs" / "gallery" / "index.md"
SMALL = {"monte_carlo_convergence.py": "300", "tornado.py": "300"}   # draws


@pytest.fixture(scope="module", autouse=True)
def image_export() -> Iterator[None]:
    stop = use_image_export()
    yield
    stop()


def _needs_shared(script: Path) -> bool:
    return "SHARED" in script.read_text(encoding="utf-8").split('"""', 2)[2]


def _run(script: Path, out: Path, *extra: str) -> str:
    argv, path = sys.argv, list(sys.path)
    sys.argv = [str(script), str(out), *extra]
    sys.path.insert(0, str(GALLERY))
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv, sys.path[:] = argv, path
    return str(out)


def _summary(script: Path) -> str:
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    return doc.split("\n\n")[0].replace("\n", " ")


def gallery_page() -> str:
    """The gallery page: every script's summary, figure and code."""
    parts = ["# Gallery\n",
             "Short scripts in `examples/gallery/`, each drawing one "
             "figure. Run one from the root of a clone, with an output path (`.png`, `.svg`, "
             "`.html` or `.json`; PNG needs Kaleido and Chrome or Chromium, see the "
             "[tutorials](../tutorials/index.md)):\n",
             "```sh\npython examples/gallery/frontier_solutions.py frontier.png\n```\n",
             "The scripts marked *shared data* read public data from `../shared/` beside the "
             "repository. The test suite runs every script (`tests/test_gallery.py`).\n"]
    for script in SCRIPTS:
        shared = " *(shared data)*" if _needs_shared(script) else ""
        parts.append(f"## {script.stem.replace('_', ' ').capitalize()}{shared}\n")
        parts.append(f"{_summary(script)}\n")
        parts.append(f"![{_summary(script)}](img/{script.stem}.png)\n")
        parts.append(f"```python\n{script.read_text(encoding='utf-8')}```\n")
    return "\n".join(parts)


def test_there_are_six_to_ten_scripts_each_in_the_readme() -> None:
    assert 6 <= len(SCRIPTS) <= 10
    readme = (GALLERY / "README.md").read_text(encoding="utf-8")
    for script in SCRIPTS:
        assert f"`{script.name}`" in readme, script.name


def test_the_gallery_page_shows_every_script_as_it_is() -> None:
    if UPDATE:
        PAGE.parent.mkdir(exist_ok=True)
        PAGE.write_text(gallery_page(), encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == gallery_page(), \
        "docs/gallery/index.md is stale: ACCORD_UPDATE_DOCS=1 pytest tests/test_gallery.py"
    for script in SCRIPTS:
        assert (PAGE.parent / "img" / f"{script.stem}.png").is_file(), script.stem


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_script_writes_a_figure(script: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    if _needs_shared(script) and not SHARED.is_dir():
        pytest.skip(f"{script.name} reads the shared data folder {SHARED}, which is not present")
    if UPDATE:
        (PAGE.parent / "img").mkdir(parents=True, exist_ok=True)
        _run(script, PAGE.parent / "img" / f"{script.stem}.png")
    out = tmp_path / f"{script.stem}.json"
    small = [SMALL[script.name]] if script.name in SMALL else []
    _run(script, out, *small)
    assert f"wrote {out}" in capsys.readouterr().out
    fig = plotly.io.read_json(out)
    assert fig.data, "the figure has traces"
    assert fig.layout.title.text, "the figure has a title"
    assert all(len(t.x if t.x is not None else t.z) > 0 for t in fig.data)


def test_a_script_writes_png_and_html(tmp_path: Path) -> None:
    script = GALLERY / "frontier_solutions.py"
    png = Path(_run(script, tmp_path / "f.png"))
    if png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        pytest.skip("no chromium here: write_image wrote the figure's JSON instead")
    assert png.stat().st_size > 10_000
    html = Path(_run(script, tmp_path / "f.html")).read_text(encoding="utf-8")
    assert "Plotly.newPlot" in html
    assert "<script src=" not in html   # nothing is fetched


@pytest.mark.skipif(not SHARED.is_dir(), reason="reads the shared data folder")
def test_the_evidence_timeline_says_how_many_statements_it_draws(tmp_path: Path) -> None:
    """Its docstring (shown on the gallery page) gave 93 statements while the script drew 92."""
    script = GALLERY / "evidence_timeline.py"
    fig = plotly.io.read_json(_run(script, tmp_path / "t.json"))
    drawn = int(fig.layout.title.text.split(": ", 1)[1].split()[0])
    doc = " ".join((ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or "")
                   .split())
    assert f"one statement of {drawn}." in doc
