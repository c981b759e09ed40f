"""``accord forecast`` and ``accord forecast evaluate``: tables, JSON, CSV, bad input (exit 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from conftest import SHARED, needs_shared

FORECAST = SHARED / "data" / "forecast"
CAR = str(FORECAST / "bdm" / "eu_car_emissions_ExampleActors.csv")
TALKS = str(Path(__file__).parent / "data" / "forecast" / "talks.yaml")
runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def flat(text: str) -> str:
    """A table's text with its borders removed and wrapped cells joined."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def test_help_lists_both_forms() -> None:
    text = run("forecast", "--help")
    assert "accord forecast FILE [OPTIONS]" in text
    assert "evaluate" in text
    assert "--rounds" in run("forecast", TALKS, "--help")
    assert "--folds" in run("forecast", "evaluate", "--help")


@needs_shared
def test_round_by_round_table() -> None:
    text = flat(run("forecast", CAR, "--model", "eum", "--rounds", "10"))
    assert "Belgium compromises with France: 7 -> 8.416 (-0.115 vs 0.243)" in text
    assert "Luxembourg loses a confrontation to Belgium: 4 -> 7" in text
    assert "7.2421" in text          # the mean after round 10, as in the reference log


@needs_shared
def test_round_by_round_json_and_csv() -> None:
    out = json.loads(run("forecast", CAR, "--model", "eum", "--rounds", "2", "--json"))
    (forecast,) = out["forecasts"]
    assert forecast["model"] == "eum"
    assert forecast["params"]["rounds"] == 2
    rounds = forecast["trajectories"][0]["rounds"]
    assert [r["round"] for r in rounds] == [0, 1, 2]
    first = rounds[1]
    assert first["moves"][0] == {
        "actor": "Belgium", "counterpart": "France", "kind": "compromise", "before": 7.0,
        "after": pytest.approx(8.415932315426764), "utility": pytest.approx(-0.1148305034730),
        "counterpart_utility": pytest.approx(0.2432965945234)}
    assert first["risk_exponents"]["Belgium"] > 0
    assert {"challenger", "target", "expected_utility", "target_expected_utility"} <= \
        set(first["challenges"][0])
    rows = list(csv.DictReader(io.StringIO(run("forecast", CAR, "--model", "eum", "--rounds",
                                               "1", "--csv"))))
    assert len(rows) == 20
    assert rows[10]["round"] == "1"
    moved = [r for r in rows if r["move"]]
    assert [(r["actor"], r["move"], r["counterpart"]) for r in moved] == [
        ("Belgium", "compromise", "France"), ("Luxembourg", "conflict", "Belgium"),
        ("Ireland", "conflict", "Luxembourg")]


def test_scenario_issue() -> None:
    text = flat(run("forecast", TALKS, "--issue", "budget", "--model", "compromise"))
    assert "budget 0.00 75.00" in text
    out = json.loads(run("forecast", TALKS, "--model", "nash", "--model", "median", "--json"))
    assert [f["model"] for f in out["forecasts"]] == ["nash", "median"]
    assert out["issues"] == ["budget", "timing"]


def test_scenario_issue_not_ordered_exits_2() -> None:
    text = flat(run("forecast", TALKS, "--issue", "venue", code=2))
    assert "error: issue 'venue' is not ordered at issues.venue.ordered" in text
    assert "--assume-ordered" in text
    assert "venue" in run("forecast", TALKS, "--issue", "venue", "--assume-ordered")


@needs_shared
def test_every_model_by_default_and_parameters() -> None:
    text = run("forecast", str(FORECAST / "decide" / "sample_data.txt"))
    for model in ("compromise", "median", "nash", "eum", "exchange"):
        assert model in text
    out = json.loads(run("forecast", CAR, "--model", "eum", "--param", "probability=pair",
                         "--param", "q=0.5", "--rounds", "3", "--json"))
    assert out["forecasts"][0]["params"] == {"offers": "scholz", "outcome": "median",
                                             "probability": "pair", "q": 0.5, "rounds": 3,
                                             "t": 1.0}


@needs_shared
def test_bad_models_and_parameters_exit_2() -> None:
    assert "did you mean 'eum'?" in run("forecast", CAR, "--model", "eun", code=2)
    assert "no chosen model has a parameter 'qq'" in run("forecast", CAR, "--model", "eum",
                                                         "--param", "qq=1", code=2)
    assert "bad value for parameter 'q' of model 'eum'" in run(
        "forecast", CAR, "--model", "eum", "--param", "q=high", code=2)
    text = run("forecast", CAR, "--model", "eum", "--param", "q=2", code=2)
    assert "bad parameter 'q' of model 'eum'" in text
    assert "a number in 0..1" in text
    assert "bad --missing-salience" in run("forecast", CAR, "--missing-salience", "guess",
                                           code=2)


def test_bad_table_exits_2(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("actor,issue,position,salience\na,tax,10,0.5\n")
    text = run("forecast", str(table), code=2)
    assert "t.csv:1: error: missing column 'capability'" in text
    table.write_text("actor,issue,position,salience,capability\na,tax,10,0.5,\n")
    assert "t.csv:2:5: error: actor 'a' has no capability" in run("forecast", str(table),
                                                                   code=2)
    assert "no such file" in run("forecast", str(tmp_path / "none.csv"), code=2)


def test_unknown_issue_in_a_table(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("actor,issue,position,salience,capability\na,tax,10,0.5,1\nb,tax,30,1,1\n")
    text = run("forecast", str(table), "--issue", "taxes", code=2)
    assert "unknown issue 'taxes'" in text
    assert "did you mean 'tax'?" in text


@needs_shared
def test_evaluate_on_part_of_deu(tmp_path: Path) -> None:
    lines = (FORECAST / "deu" / "deu3.tsv").read_text().splitlines()
    part = tmp_path / "deu-part.tsv"
    part.write_text("\n".join(lines[:62]) + "\n")      # header, capabilities, 60 issues
    out = json.loads(run("forecast", "evaluate", str(part), "--folds", "4", "--json"))
    assert out["folds"] == 4
    assert out["issues_with_outcome"] == out["common_issues"]
    labels = [s["label"] for s in out["scores"]]
    assert labels[:3] == ["compromise", "compromise, powers by CV", "weighted median"]
    assert len(out["scores"][1]["chosen_per_fold"]) == 4
    text = flat(run("forecast", "evaluate", str(part), "--folds", "4"))
    assert "Absolute error against recorded outcomes" in text
    assert "points against the compromise" in text
    bad = run("forecast", "evaluate", str(part), "--folds", "1", code=2)
    assert bad.startswith("<command line>: error: bad number of folds at --folds")


def test_evaluate_without_outcomes_exits_2() -> None:
    assert "no recorded outcome to evaluate against" in run("forecast", "evaluate", TALKS,
                                                            code=2)
