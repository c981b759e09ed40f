"""The report: its content, its evidence marks, and that it renders offline in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
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
    # who alone blocks is said with the actors' names, as everywhere else (it gave the ids)
    assert re.search(r"without this actor's veto\):\s*Seller [\d.]+%, Buyer [\d.]+%\.", page)
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


@pytest.fixture(scope="module")
def alaska_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Alaska report with its five proposals and 200 draws (built once for the module)."""
    s = load_scenario(ALASKA / "scenario.yaml")
    proposals = [load_proposal(p, s) for p in sorted((ALASKA / "proposals").glob("*.yaml"))]
    return write_report(build_report(s, ALASKA, proposals, draws=200, seed=3),
                        tmp_path_factory.mktemp("report") / "a.html")


@needs_chromium
def test_alaska_report_renders_offline_in_chromium(browser: Any, alaska_report: Path) -> None:
    path = alaska_report
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


# Every text of a chart (tick labels, axis titles, legend) inside the chart, and no axis title
# under the legend. Plotly.js draws with fixed margins unless an axis asks for automargin.
_CLIPPED_OR_HIDDEN = """divs => divs.map(div => {
  const box = div.getBoundingClientRect();
  const texts = [...div.querySelectorAll('svg text')].filter(t => t.textContent.trim());
  const outside = texts.filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
  }).map(t => t.textContent);
  const legend = div.querySelector('g.legend');
  const lb = legend ? legend.getBoundingClientRect() : null;
  const covered = lb ? texts.filter(t => /^[xy]\\d*title$/.test(t.getAttribute('class') || ''))
    .filter(t => {
      const r = t.getBoundingClientRect();
      return r.left < lb.right && lb.left < r.right && r.top < lb.bottom && lb.top < r.bottom;
    }).map(t => t.textContent) : [];
  return [div.id, outside, covered];
})"""


@needs_chromium
def test_every_label_of_every_chart_is_readable(browser: Any, alaska_report: Path) -> None:
    # the actor names of the weights chart, the proposal titles of the probability chart and
    # the parameter names of the tornado charts were cut off at the page's left edge, and the
    # weights chart's legend lay over its axis title
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(alaska_report.as_uri())
    page.wait_for_function("document.querySelectorAll('div.fig .main-svg').length >= 4")
    found = page.eval_on_selector_all("div.fig", _CLIPPED_OR_HIDDEN)
    context.close()
    assert {fid for fid, _, _ in found} >= {"fig-weights", "fig-frontier", "fig-probability"}
    assert [(fid, outside) for fid, outside, _ in found if outside] == []
    assert [(fid, covered) for fid, _, covered in found if covered] == []


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


def test_the_reported_simulation_is_the_one_simulate_plays_with_that_seed() -> None:
    # the report ignored the seed for who opens: --seed 1 showed the seed-0 run
    s = load_scenario(DATA / "toy.yaml")
    for seed in (0, 1):
        data = build_report(s, DATA, draws=0, seed=seed, simulate=["boulware", "conceder"])
        ((_, result),) = data.simulations
        shown = json.loads(runner.invoke(app, [
            "simulate", str(DATA / "toy.yaml"), "--strategies", "boulware,conceder",
            "--seed", str(seed), "--json"]).stdout)
        assert (result.index, result.round, result.turns) == \
            (shown["deal_index"], shown["round"], shown["turns"])
        assert [t.proposer for t in result.trace.turns] == \
            [t["proposer"] for t in shown["trace"]]
        assert result.trace.turns[0].proposer == ("a", "b")[seed]


def test_an_interrupted_report_writes_nothing_and_exits_130(tmp_path: Path,
                                                           monkeypatch: Any) -> None:
    import accord.report.build as build

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "monte_carlo", interrupted)
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o", str(out),
                                 "--draws", "50"])
    assert result.exit_code == 130
    assert "interrupted: no report written" in result.stderr
    assert not out.exists()


def test_a_partial_monte_carlo_is_not_reported(monkeypatch: Any) -> None:
    import dataclasses

    import accord.report.build as build

    real = build.monte_carlo

    def cut_short(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(real(*args, **kwargs), interrupted=True)

    monkeypatch.setattr(build, "monte_carlo", cut_short)
    with pytest.raises(KeyboardInterrupt):
        build_report(load_scenario(DATA / "toy.yaml"), DATA, draws=50)


def test_the_output_is_checked_before_any_work(tmp_path: Path, monkeypatch: Any) -> None:
    import accord.report.build as build

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("computed before the output was checked")

    monkeypatch.setattr(build, "analyze", never)
    (tmp_path / "adir").mkdir()
    result = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o",
                                 str(tmp_path / "adir")])
    assert result.exit_code == 2
    assert f"hint:     name a file inside it, e.g. {tmp_path / 'adir' / 'name.html'}" \
        in result.stderr
    ro = tmp_path / "ro.html"
    ro.write_text("old")
    ro.chmod(0o444)
    result = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o", str(ro)])
    assert result.exit_code == 2
    assert f"{ro}: error: cannot write the file: it is read-only" in result.stderr
    assert ro.read_text() == "old"


def test_a_new_report_gets_the_usual_permissions_and_an_old_one_keeps_its_own(
        tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        s = load_scenario(DATA / "toy.yaml")
        data = build_report(s, DATA, draws=0)
        out = tmp_path / "r.html"
        write_report(data, out)
        assert out.stat().st_mode & 0o777 == 0o644        # mkstemp made it 0600
        out.chmod(0o640)
        write_report(data, out)
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_a_process_settled_without_a_veto_actor_is_not_reported_as_an_agreement() -> None:
    from accord.scenario.process import Process

    s = load_scenario(DATA / "toy.yaml")
    process = Process.model_validate({
        "accord": 1, "process": "p", "start": "s", "stages": [
            {"id": "s", "participants": ["a", "c"], "rounds": 5,
             "strategies": {"a": "hardliner", "c": "conceder"}}]})
    page = render_report(build_report(s, DATA, draws=0, process=process),
                         plotly_js="/* plotly */")
    assert "settled among the participants — not an agreement" in page
    assert "Buyer (veto, not at the table) rejects it" in page


def test_the_same_inputs_and_seed_give_the_same_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # the page said when it was generated, to the minute, so two runs a minute apart differed;
    # SOURCE_DATE_EPOCH (the reproducible-builds convention) now fixes that moment
    out = [tmp_path / "one.html", tmp_path / "two.html"]
    args = [str(DATA / "toy.yaml"), "--draws", "300", "--seed", "4", "--simulate",
            "boulware,conceder"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1755216000")          # 2025-08-15 00:00 UTC
    assert runner.invoke(app, ["report", *args, "-o", str(out[0])]).exit_code == 0
    assert runner.invoke(app, ["report", *args, "-o", str(out[1])]).exit_code == 0
    assert out[0].read_bytes() == out[1].read_bytes()
    assert "Generated 2025-08-15 00:00 UTC" in out[0].read_text(encoding="utf-8")


def test_without_source_date_epoch_the_page_says_when_it_was_made(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    s = load_scenario(DATA / "toy.yaml")
    page = render_report(build_report(s, DATA, draws=0), plotly_js="")
    now = datetime.datetime.now(datetime.UTC)
    assert f"Generated {now:%Y-%m-%d}" in page


@pytest.mark.parametrize("value", ["yesterday", "-5", "1e20"])
def test_a_bad_source_date_epoch_is_a_located_error(value: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(DATA / "toy.yaml"), "-o", str(out),
                                 "--draws", "0"])
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.stderr
    assert "seconds since 1970-01-01" in result.stderr
    assert repr(value) in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_every_chart_has_a_text_alternative_and_every_table_headers() -> None:
    # the charts were bare <div>s: a screen reader announced nothing, and a reader of the
    # weights and frontier charts had no title outside the drawing
    s = load_scenario(DATA / "toy.yaml")
    page = render_report(build_report(s, DATA, draws=300, seed=1, simulate=["linear"]),
                         plotly_js="")
    figs = re.findall(r'<div class="fig"[^>]*>', page)
    assert len(figs) >= 4
    for div in figs:
        assert 'role="img"' in div, div
        label = re.search(r'aria-label="([^"]+)"', div)
        assert label is not None, div
        assert len(label.group(1)) > 10, div
    for table in re.findall(r"<table.*?</table>", page, re.S):
        assert "<th" in table.split("</tr>", 1)[0], table[:200]


def test_a_proposal_names_who_proposed_it() -> None:
    # 'proposed by us' read as 'by ourselves' for the United States: the actor's name is shown
    from accord.scenario import load_proposal as load

    s = load_scenario(ALASKA / "scenario.yaml")
    package = load(ALASKA / "proposals" / "us-economic-package.yaml", s)
    assert list(package.proposed_by) == ["us"]
    page = render_report(build_report(s, ALASKA, [package], draws=0), plotly_js="")
    assert "proposed by United States" in page
    assert "proposed by us" not in page


def test_the_probability_of_agreement_is_not_shown_as_certain() -> None:
    # 10,000 draws that all agree: the 95% interval is [99.96%, 100%]; one decimal made it
    # [100.0%, 100.0%], which reads as certainty
    s = load_scenario(DATA / "toy.yaml")
    page = render_report(build_report(s, DATA, draws=10_000, seed=1), plotly_js="")
    assert "<strong>100.0%</strong>\n  [99.96%, 100.0%] of them" in page


def test_an_actor_without_weights_is_explained_in_the_weights_chart(
        toy_data: dict[str, Any]) -> None:
    # a nonlinear GENIUS profile (ANAC 2014) puts every weight at 0 and all its utility in
    # interaction terms: its bar was simply empty, and with every actor so the chart was blank
    from accord.report.figures import weights_figure
    from accord.scenario import Scenario

    toy_data["preferences"]["c"]["weights"] = {"delivery": 0}
    toy_data["preferences"]["c"]["interactions"] = [
        {"id": "lorries", "when": {"delivery": "slow"}, "add": 0.8}]
    fig = weights_figure(Scenario.model_validate(toy_data))
    notes = [(a["y"], a["text"]) for a in fig["layout"].get("annotations", [])]
    assert notes == [("Neighbour", "no weight on any issue: its utility comes from "
                                   "interaction terms only")]


def test_the_frontier_chart_says_when_it_shows_only_some_pairs() -> None:
    # nine veto actors make 36 pairs; the chart draws 10 and said nothing of the others
    from accord.analysis import analyze
    from accord.report.figures import frontier_figure
    from accord.scenario.synthetic import synthetic_scenario

    for actors, title in ((3, "Pareto frontier of the veto actors, pair by pair"),
                          (6, "Pareto frontier of the veto actors, pair by pair "
                              "(the first 10 of 15 pairs)")):
        s = synthetic_scenario(3, 3, actors, seed=1)
        assert frontier_figure(analyze(s))["layout"]["title"]["text"] == title


def test_the_page_claims_evidence_for_every_number_only_when_it_is_so(
        toy_data: dict[str, Any], tmp_path: Path) -> None:
    # the header said 'every number below is tied to a quoted statement or marked as an
    # assumption' on every report, a GENIUS domain's too, where no number rests on anything
    from accord.scenario import Scenario

    claim = "every number below is tied to a quoted statement or marked as an assumption"
    bare = render_report(build_report(Scenario.model_validate(toy_data), tmp_path, draws=0),
                         plotly_js="")
    assert claim not in bare
    assert ("30 of the 30 numbers below rest on neither a quoted statement nor a stated "
            "assumption") in bare
    sourced = render_report(build_report(load_scenario(DATA / "toy.yaml"), DATA, draws=0),
                            plotly_js="")
    assert claim in sourced
