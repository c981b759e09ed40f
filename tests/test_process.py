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


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "p.yaml"
    f.write_text("accord: 1\nprocess: p\nstart: s\nstages:\n" + text)
    return f


@pytest.mark.parametrize(("value", "found"), [(".nan", "nan"), (".inf", "inf")])
def test_an_event_by_a_number_that_is_not_finite_is_refused_where_it_is(
        tmp_path: Path, value: str, found: str) -> None:
    f = _write(tmp_path, "  - id: s\n    participants: [a, b]\n    rounds: 2\n"
                         "    on_breakdown:\n      events:\n"
                         f"        - {{change: a.reservation, by: {value}}}\n")
    result = runner.invoke(app, ["simulate", str(TOY), "--process", str(f), "--json"])
    assert result.exit_code == 2
    first = json.loads(result.stdout)["errors"][0]
    assert (first["line"], first["path"]) == (10, "stages[0].on_breakdown.events[0].by")
    assert "finite" in first["expected"]


def test_rounds_true_is_not_one_round(tmp_path: Path) -> None:
    f = _write(tmp_path, "  - id: s\n    participants: [a, b]\n    rounds: true\n")
    result = runner.invoke(app, ["simulate", str(TOY), "--process", str(f), "--json"])
    assert result.exit_code == 2
    first = json.loads(result.stdout)["errors"][0]
    assert (first["line"], first["column"], first["path"]) == (7, 13, "stages[0].rounds")


def test_an_event_that_zeroes_every_weight_is_named_in_the_process_file(tmp_path: Path) -> None:
    # it was reported at "<command line> ... --param.c.weights.delivery"
    f = _write(tmp_path, "  - id: s\n    participants: [a, b]\n    rounds: 1\n"
                         "    strategies: {a: hardliner, b: hardliner}\n"
                         "    on_breakdown:\n      next: t\n      events:\n"
                         "        - {change: a.reservation, by: -0.1}\n"
                         "        - {change: c.weights.delivery, by: -5}\n"
                         "  - id: t\n    participants: [a, b]\n    rounds: 3\n")
    result = runner.invoke(app, ["simulate", str(TOY), "--process", str(f)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{f}: error: after stage 's', this event leaves the scenario invalid: every weight "
        "is zero at stages[0].on_breakdown.events[1]")


def test_a_stage_left_without_participants_names_the_walk_away(tmp_path: Path) -> None:
    f = _write(tmp_path, "  - id: s\n    participants: [a, b]\n    rounds: 1\n"
                         "    strategies: {a: hardliner, b: hardliner}\n"
                         "    on_breakdown:\n      next: t\n      events: [{walk_away: c}]\n"
                         "  - id: t\n    protocol: mediated\n    participants: [c]\n"
                         "    rounds: 3\n")
    result = runner.invoke(app, ["simulate", str(TOY), "--process", str(f)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{f}: error: too few participants are left for stage 't' at " \
                       "stages[1].participants"
    assert "c walked away at stages[0].on_breakdown.events[0]" in lines[2]


def test_a_stage_nothing_leads_to_is_a_located_warning(tmp_path: Path) -> None:
    f = _write(tmp_path, "  - id: s\n    participants: [a, b]\n    rounds: 2\n"
                         "  - id: orphan\n    participants: [a, b]\n    rounds: 2\n")
    result = runner.invoke(app, ["simulate", str(TOY), "--process", str(f)])
    assert result.exit_code == 0
    assert f"{f}:8:9: warning: stage 'orphan' is never played: no stage leads to it" \
        in result.stderr


def test_a_looping_process_stops_at_its_total_rounds(toy: Scenario,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.simulate.staged as staged
    from accord.scenario.process import Process

    monkeypatch.setattr(staged, "MAX_PROCESS_ROUNDS", 10)
    process = Process.model_validate({
        "accord": 1, "process": "p", "start": "s", "stages": [
            {"id": "s", "participants": ["a", "b"], "rounds": 3,
             "strategies": {"a": "hardliner", "b": "hardliner"},
             "on_breakdown": {"next": "s"}}]})
    result = run_process(toy, process)
    assert result.stages == ("s", "s", "s")
    assert result.notes[-1] == ("stopped before stage s: its 3 rounds would take the process "
                                "past 10 rounds in all (the 3 stage(s) played took 9)")
    assert not result.settled


@pytest.mark.parametrize("option", [["--rounds", "5"], ["--participants", "a,b"]])
def test_options_a_process_sets_per_stage_are_refused_with_it(option: list[str]) -> None:
    result = runner.invoke(app, ["simulate", str(TOY), "--process",
                                 str(HERE / "process" / "base.yaml"), *option])
    assert result.exit_code == 2
    assert f"--process and {option[0]} do not go together" in result.stderr


def test_rounds_have_the_same_cap_on_the_command_line() -> None:
    result = runner.invoke(app, ["simulate", str(TOY), "--rounds", "1000000000"])
    assert result.exit_code == 2
    assert "less than or equal to 100000" in result.output
