"""Process files: staged runs, events, and every malformed file's message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario import Scenario, load_scenario
from accord.scenario.process import load_process
from accord.simulate.staged import run_process
from accord.simulate.strategies import strategy_problem

HERE = Path(__file__).parent / "data"
TOY = HERE / "toy.yaml"
runner = CliRunner()

BAD = {
    "bad-start.yaml": (3, 8, "unknown start stage"),
    "bad-participant.yaml": (7, 23, "participant without preferences in the scenario"),
    "bad-participant-twice.yaml": (7, 26, "participant 'a' listed twice"),
    "bad-next.yaml": (12, 13, "unknown next stage"),
    "bad-event-path.yaml": (14, 20, "the event changes a parameter that does not exist"),
    "bad-event-kind.yaml": (23, 11, "an event is either 'change' with 'by', or 'walk_away'"),
    "bad-protocol.yaml": (6, 15, "invalid value"),
    "bad-rounds.yaml": (8, 13, "invalid value"),
    "bad-strategy-owner.yaml": (9, 34, "a strategy for someone who does not take part"),
    "bad-strategy-name.yaml": (9, 21, "unknown strategy"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_process_files(name: str) -> None:
    line, column, message = BAD[name]
    result = runner.invoke(app, ["simulate", str(TOY), "--process",
                                 str(HERE / "process" / name), "--json"])
    assert result.exit_code == 2
    first = json.loads(result.stdout)["errors"][0]
    assert (first["line"], first["column"], first["message"]) == (line, column, message)


def test_breakdown_event_and_second_stage(tmp_path: Path) -> None:
    s = load_scenario(TOY)
    # hard-liners cannot agree in stage one; the event then lowers a's reservation
    data = (HERE / "process" / "base.yaml").read_text().replace(
        "{a: boulware, b: conceder}", "{a: hardliner, b: hardliner}")
    f = tmp_path / "hard.yaml"
    f.write_text(data)
    process = load_process(f, s, strategy_problem)
    result = run_process(s, process, ["linear"], seed=0)
    assert result.stages == ("talks", "second")
    assert any("a.reservation 0.4 -> 0.3" in n for n in result.notes)
    assert {t.stage for t in result.trace.turns} == {"talks", "second"}
    turns = [t.turn for t in result.trace.turns]
    assert turns == list(range(len(turns)))


def test_a_veto_actor_walking_away_ends_the_process(toy: Scenario) -> None:
    from accord.scenario.process import Process

    process = Process.model_validate({
        "accord": 1, "process": "p", "start": "s", "stages": [
            {"id": "s", "participants": ["a", "b"], "rounds": 3,
             "strategies": {"a": "hardliner", "b": "hardliner"},
             "on_breakdown": {"next": "t", "events": [{"walk_away": "b"}]}},
            {"id": "t", "participants": ["a", "b"], "rounds": 3}]})
    result = run_process(toy, process)
    assert not result.agreed
    assert result.stages == ("s", "t")
    assert any("walked away" in n for n in result.notes)


def test_process_json_has_every_stage() -> None:
    out = json.loads(runner.invoke(app, ["simulate", str(TOY), "--process",
                                         str(HERE / "process" / "base.yaml"),
                                         "--json"]).stdout)
    assert out["stages"] == ["talks"]
    assert out["agreement"] is True
    assert out["trace"][0]["stage"] == "talks"


def test_a_process_settled_without_a_veto_actor_is_not_an_agreement(toy: Scenario) -> None:
    from accord.scenario.process import Process

    # b (veto) never takes part; a and the neighbour settle on a deal b rejects
    process = Process.model_validate({
        "accord": 1, "process": "p", "start": "s", "stages": [
            {"id": "s", "participants": ["a", "c"], "rounds": 5,
             "strategies": {"a": "hardliner", "c": "conceder"}}]})
    result = run_process(toy, process)
    assert result.settled
    assert not result.agreed
    assert [r.actor for r in result.rejected_by] == ["b"]
    assert result.deal is not None
    assert result.utilities["b"] < toy.preferences["b"].reservation


def test_a_stage_of_participants_without_a_veto_waits_for_every_yes(toy: Scenario) -> None:
    from accord.scenario.process import Process

    process = Process.model_validate({
        "accord": 1, "process": "p", "start": "s", "stages": [
            {"id": "s", "protocol": "mediated", "participants": ["c"], "rounds": 5}]})
    result = run_process(toy, process)
    assert result.trace.turns[0].accepted_by == ()
    assert not result.trace.turns[0].agreement
