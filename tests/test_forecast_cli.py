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
    assert len(rows) == 1 + 20                 # the forecast, then 2 rounds x 10 actors
    assert (rows[0]["kind"], rows[0]["forecast"]) == ("forecast", "8.415932315426764")
    assert rows[11]["round"] == "1"
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


# ---------------------------------------------------------------- fixed defects
def _table(tmp_path: Path) -> str:
    table = tmp_path / "t.csv"
    table.write_text("actor,issue,position,salience,capability,outcome\n"
                     "a,tax,0,1,1,30\nb,tax,100,1,3,30\nc,tax,40,1,1,30\n"
                     "a,aid,10,1,1,20\nb,aid,30,1,1,20\nc,aid,20,1,1,20\n"
                     "a,fee,50,1,1,60\nb,fee,70,1,1,60\nc,fee,60,1,1,60\n")
    return str(table)


def test_csv_carries_every_models_forecast(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("forecast", _table(tmp_path), "-m", "compromise",
                                               "-m", "eum", "--rounds", "1", "--csv"))))
    assert list(rows[0]) == ["kind", "model", "issue", "forecast", "round", "actor",
                             "position", "median", "mean", "move", "counterpart", "utility",
                             "counterpart_utility"]
    forecasts = {(r["model"], r["issue"]): r["forecast"] for r in rows if r["kind"] == "forecast"}
    assert forecasts[("compromise", "tax")] == "68.0"        # (0 + 300 + 40) / 5
    assert set(forecasts) == {(m, i) for m in ("compromise", "eum")
                              for i in ("tax", "aid", "fee")}
    assert len([r for r in rows if r["kind"] == "round"]) == 3 * 2 * 3


def test_evaluate_setter(tmp_path: Path) -> None:
    table = _table(tmp_path)
    text = flat(run("forecast", "evaluate", table, "--folds", "2"))
    assert "note: no actor 'com' (the Commission, DEU's agenda setter): the agenda-setter " \
           "model and the Commission-position baseline are left out" in text
    out = json.loads(run("forecast", "evaluate", table, "--folds", "2", "--json"))
    assert any("no actor 'com'" in n for n in out["notes"])
    out = json.loads(run("forecast", "evaluate", table, "--folds", "2", "--setter", "b",
                         "--json"))
    assert "position of b" in [s["label"] for s in out["scores"]]
    assert run("forecast", "evaluate", table, "--setter", "bb", code=2).splitlines()[:4] == [
        "<command line>: error: unknown agenda setter 'bb' at --setter",
        f"  expected: an actor of {table}", "  found:    'bb'", "  hint:     did you mean 'b'?"]


@needs_shared
def test_model_parameters_are_reported_at_their_option() -> None:
    assert run("forecast", CAR, "--rounds", "100000", code=2).splitlines()[:2] == [
        "<command line>: error: bad parameter 'rounds' of model 'eum' at --rounds",
        "  expected: an integer in 0..1000"]
    assert run("forecast", CAR, "--param", "q=nan", code=2).splitlines()[0] == \
        "<command line>: error: bad parameter 'q' of model 'eum' at --param.q"
    assert run("forecast", CAR, "-m", "eum", "--param", "rounds=3", "--rounds", "5",
               code=2).splitlines()[0] == "<command line>: error: rounds given twice at --rounds"
    assert "--json and --csv together" in run("forecast", CAR, "--json", "--csv", code=2)


def test_an_issue_chosen_twice_is_forecast_once(tmp_path: Path) -> None:
    out = json.loads(run("forecast", _table(tmp_path), "-m", "compromise", "--issue", "tax",
                         "--issue", "tax", "--json"))
    assert out["issues"] == ["tax"]
