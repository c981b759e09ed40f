"""Every numbered tutorial runs, block by block, and prints what its page shows.

Each page of ``docs/tutorials/`` runs in a fresh folder laid out like a clone
(see ``tests/tutorial_runner.py``): its Python blocks in one namespace, its
``accord`` commands as commands, its printed outputs compared with the page.
Pages marked ``<!-- requires: shared -->`` read ``../shared`` and are skipped
when it is absent. Refresh the outputs and figures after a change with
``ACCORD_UPDATE_DOCS=1 pytest tests/test_tutorials.py``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SHARED
from tutorial_runner import parse, prepare_folder, run_page, use_image_export

# plotly passes Kaleido options that its long-lived browser (started once here) ignores
pytestmark = pytest.mark.filterwarnings("ignore:The kopts argument is ignored")

TUTORIALS = ROOT / "docs" / "tutorials"
PAGES = sorted(TUTORIALS.glob("[0-9][0-9]-*.md"))


@pytest.fixture(scope="module", autouse=True)
def image_export() -> Iterator[None]:
    stop = use_image_export()
    yield
    stop()


def test_every_tutorial_is_listed_on_the_index() -> None:
    index = (TUTORIALS / "index.md").read_text(encoding="utf-8")
    assert len(PAGES) == 9
    for page in PAGES:
        assert f"({page.name})" in index, page.name


def test_every_figure_a_tutorial_shows_is_committed() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for image in re.findall(r"!\[[^\]]*\]\((img/[^)]+)\)", text):
            assert (TUTORIALS / image).is_file(), f"{page.name}: {image}"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_tutorial_runs(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if "<!-- requires: shared -->" in text and not SHARED.is_dir():
        pytest.skip(f"{page.name} reads the shared data folder {SHARED}, which is not present")
    assert any(b.lang == "python" for b in parse(text)), "a tutorial has code"
    assert "## Next" in text, f"{page.name} ends with what to read next"
    work = prepare_folder(tmp_path, ROOT, SHARED)
    skipped = run_page(page, work)
    for reason in skipped:   # only NegMAS, which accord never installs, may be left out
        assert "negmas" in reason, reason
        warnings.warn(f"block not run: {reason}", stacklevel=1)


def test_tutorial_0_shows_the_example_file_verbatim() -> None:
    page = (TUTORIALS / "00-first-scenario.md").read_text(encoding="utf-8")
    shown = next(b.body for b in parse(page) if b.tag == "file" and b.arg == "wages.yaml")
    assert shown == (ROOT / "examples" / "wage-talks" / "scenario.yaml").read_text(encoding="utf-8")
