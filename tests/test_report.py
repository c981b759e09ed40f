"""The report: its content, its evidence marks, and that it renders offline in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from accord.cli import app
from accord.report import build_report, render_report, write_report
from accord.scenario import load_proposal, load_scenario
from conftest import ALASKA, ARTEFACTS, needs_chromium

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def test_toy_report_content_and_evidence_marks() -> None:
    s = load_scenario(DATA / "toy.yaml")
    data = build_report(s, DATA, draws=300, seed=1, simulate=["boulware", "conceder"])
    page = render_report(data, plotly_js="/* plotly */")
    for heading in ("Actors and issues", "Each actor's utilities", "Pareto frontier",
                    "The acceptable set", "How sure", "Simulated negotiations"):
        assert heading in page
    # b's delivery values rest on the memo's quote; its reservation is an assumption
    row = re.search(r'data-number="b.values.delivery.fast">.*?</tr>', page, re.S)
    assert row is not None
    assert "quote ×1" in row.group(0)
    assert "We need the goods fast" in row.group(0)
    row = re.search(r'data-number="b.reservation">.*?</tr>', page, re.S)
    assert row is not None
    assert "assumption" in row.group(0)
    assert "a textbook buyer" in row.group(0)
    # every figure's data is valid JSON
    block = page.split("const accordFigures = {", 1)[1].split("};", 1)[0]
    figures = json.loads("{" + block.rstrip().rstrip(",") + "}")
    assert set(figures) >= {"fig-weights", "fig-frontier", "fig-probability", "fig-trace-0"}


def test_a_number_without_support_is_marked(toy_data: dict[str, Any], tmp_path: Path) -> None:
    from accord.scenario import Scenario

    page = render_report(build_report(Scenario.model_validate(toy_data), tmp_path, draws=0),
                         plotly_js="")
    assert page.count("no evidence, no assumption") == 30   # the bare toy scenario


@needs_chromium
def test_alaska_report_renders_offline_in_chromium(browser: Any, tmp_path: Path) -> None:
    s = load_scenario(ALASKA / "scenario.yaml")
    proposals = [load_proposal(p, s) for p in sorted((ALASKA / "proposals").glob("*.yaml"))]
    path = write_report(build_report(s, ALASKA, proposals, draws=200, seed=3), tmp_path / "a.html")
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('div.fig .main-svg').length > 0")
    rendered = page.eval_on_selector_all(
        "div.fig", "els => els.map(e => [e.id, e.querySelectorAll('.main-svg').length])")
    assert len(rendered) >= 4
    assert all(count > 0 for _, count in rendered), rendered
    assert errors == []
    assert [u for u in requests if not u.startswith("file:")] == []
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report-alaska.png"), full_page=True)
    context.close()


def test_report_command(tmp_path: Path) -> None:
    out = tmp_path / "toy.html"
    result = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o", str(out), "--draws",
                                 "100", "--simulate", "linear", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"] == str(out)
    assert out.stat().st_size > 1_000_000          # Plotly is embedded
    bad = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o", str(out),
                              "--simulate", "boulwre"])
    assert bad.exit_code == 2
    assert "unknown strategy" in bad.stderr


def test_a_simulation_needs_two_veto_actors(tmp_path: Path) -> None:
    text = (DATA / "toy.yaml").read_text()
    assert "  - {id: b, name: Buyer}\n" in text
    lone = tmp_path / "lone.yaml"
    lone.write_text(text.replace("  - {id: b, name: Buyer}\n",
                                 "  - {id: b, name: Buyer, veto: false}\n"))
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((DATA / "texts" / "memo.txt").read_text())
    out = tmp_path / "lone.html"
    result = runner.invoke(app, ["report", str(lone), "-o", str(out), "--draws", "0",
                                 "--simulate", "linear"])
    assert result.exit_code == 2
    assert f"{lone}:" in result.stderr
    assert "a negotiation needs two participants" in result.stderr
    assert "the simulation plays the veto actors" in result.stderr
    assert not out.exists()
