"""The command line: every command, its JSON, and its bad inputs (exit 2, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from conftest import wide_random_data

DATA = Path(__file__).parent / "data"
TOY = str(DATA / "toy.yaml")
runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stdout


def test_version() -> None:
    assert run("--version").startswith("accord 0.")


def test_validate_json() -> None:
    out = json.loads(run("validate", TOY, "--json"))
    assert out["ok"] is True
    assert (out["deals"], out["feasible"]) == (18, 15)


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    text = (DATA / "toy.yaml").read_text().replace("        why: a textbook seller\n", "        "
                                                   "why: a textbook seller\n").replace(
        "      - about: [reservation, power, weights, values]\n        why: a textbook seller\n",
        "      - about: [power, weights, values]\n        why: a textbook seller\n")
    f = tmp_path / "s.yaml"
    f.write_text(text)
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((DATA / "texts" / "memo.txt").read_text())
    assert "1 number(s) of 'a'" in run("validate", str(f))
    run("validate", str(f), "--strict", code=2)


def test_analyze_tables_and_json() -> None:
    text = run("analyze", TOY)
    assert "6 agreements" in text
    assert "Blockers" in text
    out = json.loads(run("analyze", TOY, "--json"))
    assert out["space"]["acceptable"] == 6
    assert out["solutions"]["nash"]["deal"][0] == {
        "issue": "price", "issue_name": "price", "option": "high", "option_name": "high",
        "status_quo": False}
    assert out["trades"]["trades"][0]["joint_gain"] == pytest.approx(0.35)


def test_evaluate_with_set_and_file(tmp_path: Path) -> None:
    out = json.loads(run("evaluate", TOY, "--set", "price=mid", "--json"))
    assert out["rejecters"] == ["b"]
    assert out["nearest_acceptable"]["changes"] == [
        {"issue": "delivery", "from": "slow", "to": "fast",
         "effects": pytest.approx({"a": -0.14, "b": 0.3, "c": 1.0})}]
    p = tmp_path / "p.yaml"
    p.write_text("accord: 1\nid: offer\ntitle: An offer\nproposed_by: a\ndeal: {price: high}\n")
    text = run("evaluate", TOY, str(p))
    assert "An offer" in text
    assert "To bring in Buyer" in text
    # --set modifies the file's proposal
    both = json.loads(run("evaluate", TOY, str(p), "--set", "delivery=fast", "--json"))
    assert both["proposal"]["deal"] == {"price": "high", "delivery": "fast"}


def test_whatif() -> None:
    text = run("whatif", TOY, "--param", "b.reservation=0.6", "--param", "a.weights.price=8")
    assert "b.reservation: 0.35 -> 0.6" in text
    out = json.loads(run("whatif", TOY, "--param", "b.reservation=0.6", "--json"))
    assert out["before"]["space"]["acceptable"] == 6
    assert out["after"]["space"]["acceptable"] == 1


def test_schema_checks_the_example_files(tmp_path: Path) -> None:
    from accord.scenario.document import parse_file

    schema = json.loads(run("schema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(parse_file(DATA / "toy.yaml").data, schema)
    proposal_schema = json.loads(run("schema", "--proposal"))
    jsonschema.validate({"accord": 1, "id": "p", "deal": {"a": "b"}, "proposed_by": "x"},
                        proposal_schema)


@pytest.mark.parametrize(("args", "message"), [
    (["evaluate", TOY], "nothing to evaluate"),
    (["evaluate", TOY, "--set", "price"], "bad --set"),
    (["evaluate", TOY, "--set", "price=cheap"], "has no option 'cheap'"),
    (["evaluate", TOY, "--set", "colour=red"], "unknown issue"),
    (["evaluate", TOY, "--set", "price=mid", "--set", "price =high"], "an issue set twice"),
    (["evaluate", TOY, "--set", "price=x y"], "has no option 'x y'"),
    (["evaluate", TOY, "--set", "price=é"], "has no option 'é'"),
    (["whatif", TOY, "--param", "b.reservation=1_0"], "bad --param value"),
    (["whatif", TOY, "--param", "a.weights.price=1.7e308", "--param",
      "a.weights.delivery=1.7e308"], "override makes the scenario invalid"),
    (["whatif", TOY], "nothing to change"),
    (["whatif", TOY, "--param", "b.reservation=lots"], "bad --param value"),
    (["whatif", TOY, "--param", "b.reservation"], "bad --param"),
    (["whatif", TOY, "--param", "b.reservation=nan"], "a finite number"),
    (["whatif", TOY, "--param", "b.reservation=2"], "override makes the scenario invalid"),
    (["whatif", TOY, "--param", "x.reservation=0.2"], "bad parameter path"),
    (["whatif", TOY, "--param", "b.reservation=0.2", "--param", "b.reservation=0.3"],
     "a parameter set twice"),
    (["whatif", TOY, "--param", "b.reservation=true"], "a reservation parameter is a number"),
    (["whatif", TOY, "--param", "b.veto=0.5"], "a veto is true or false"),
    (["analyze", "missing.yaml"], "file not found"),
    (["analyze", TOY, str(DATA / "toy.yaml")], "a scenario file where a proposal file was"),
])
def test_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_bad_proposal_file_is_located(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("accord: 1\nid: offer\nproposed_by: zz\ndeal:\n  price: hihg\n")
    result = runner.invoke(app, ["evaluate", TOY, str(p), "--json"])
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["line"], e["column"], e["path"]) for e in errors] == [
        (5, 10, "deal.price"), (3, 14, "proposed_by")]
    assert errors[0]["suggestion"] == "did you mean 'high'?"


def test_a_misquoted_proposal_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("accord: 1\nid: offer\ndeal: {price: high}\nevidence:\n"
                 "  - source: memo\n    quote: We never need the goods\n")
    result = runner.invoke(app, ["evaluate", TOY, str(p)])
    assert result.exit_code == 2
    assert "p.yaml:6:12: error: the quote does not appear in its source at evidence[0].quote" \
        in result.stderr
    p.write_text("accord: 1\nid: offer\ndeal: {price: high}\nevidence:\n"
                 "  - source: memo\n    quote: We need the goods fast\n")
    assert runner.invoke(app, ["evaluate", TOY, str(p)]).exit_code == 0


def _strip(out: dict) -> dict:
    return {k: v for k, v in out.items() if k not in ("where", "seconds")}


def test_uncertainty_json_is_the_same_in_process_and_on_workers(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("accord: 1\nid: offer\ndeal: {price: mid, delivery: fast}\n")
    args = ["uncertainty", TOY, "--draws", "300", "--seed", "4", "--proposal", str(p),
            "--sobol", "32", "--json"]
    here = json.loads(run(*args))
    there = json.loads(run(*args, "--workers", "2"))
    assert _strip(here) == _strip(there)
    assert here["draws"] == 300
    assert 0 <= here["agreement_exists"]["low"] <= here["agreement_exists"]["p"] <= \
        here["agreement_exists"]["high"] <= 1
    assert [r["output"] for r in here["sensitivity"]] == ["agreement", "proposal:offer"]
    assert {b["name"] for b in here["tornado"]["agreement"]} == {"a.reservation", "patience"}


def test_uncertainty_tables_and_fixed_parameters() -> None:
    text = run("uncertainty", TOY, "--draws", "200", "--sobol", "0", "--param",
               "a.reservation=0.45")
    assert "An agreement exists in" in text
    out = json.loads(run("uncertainty", TOY, "--draws", "200", "--sobol", "0", "--json",
                         "--param", "a.reservation=0.99"))
    assert out["agreement_exists"]["p"] == 0.0


@pytest.mark.parametrize(("args", "message"), [
    (["--cluster", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
    (["--workers", "2", "--cluster", "tcp://127.0.0.1:1"], "not both"),
    (["--param", "a.reservation=2"], "override makes the scenario invalid"),
    # once an internal error, with a traceback from Client.__del__ after it
    (["--cluster", "nonsense"], "<command line>: error: not a scheduler address"),
    # once SALib's warning on the terminal, and an unbalanced design
    (["--sobol", "3"], "hint:     --sobol 2 or --sobol 4"),
])
def test_uncertainty_bad_input(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["uncertainty", TOY, "--draws", "10", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_uncertainty_needs_an_uncertainty_section(tmp_path: Path) -> None:
    from accord.scenario import dump_scenario
    from accord.scenario.examples import toy_scenario

    f = tmp_path / "plain.yaml"
    dump_scenario(toy_scenario(), f)
    result = runner.invoke(app, ["uncertainty", str(f), "--draws", "10"])
    assert result.exit_code == 2
    assert f"{f}:1:1: error: the scenario has no uncertainty section" in result.stderr
    assert "add e.g. uncertainty: {a.reservation: {uniform: [0.4, 0.6]}}" in result.stderr


def test_what_the_draws_refuse_is_located_in_the_file(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data"
    text = (data / "toy.yaml").read_text(encoding="utf-8").replace(
        "  a.reservation: {uniform: [0.3, 0.5]}\n",
        "  a.reservation: {uniform: [0.3, 0.5]}\n  c.weights.price: {uniform: [0, 1]}\n")
    f = tmp_path / "toy.yaml"
    f.write_text(text, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((data / "texts" / "memo.txt").read_text())
    line = text.splitlines().index("  c.weights.price: {uniform: [0, 1]}") + 1
    result = runner.invoke(app, ["uncertainty", str(f), "--draws", "20", "--sobol", "0"])
    assert result.exit_code == 2
    assert (f"{f}:{line}:20: error: an uncertain weight for an issue the actor gives no "
            "values") in result.stderr


def test_simulate_json_csv_and_bad_input() -> None:
    out = json.loads(run("simulate", TOY, "--strategies", "boulware,conceder", "--rounds",
                         "20", "--json"))
    assert out["agreement"] is True
    assert out["strategies"] == {"a": "boulware", "b": "conceder"}
    assert out["distance_to_nash"] == pytest.approx(0.0)
    csv_text = run("simulate", TOY, "--protocol", "mediated", "--rounds", "40", "--csv")
    assert csv_text.splitlines()[0].startswith("stage,round,turn,proposer")
    for args, message in ((["--strategies", "boulwre"], "unknown strategy"),
                          (["--protocol", "auction"], "unknown protocol"),
                          (["--participants", "a,zz"], "unknown participant"),
                          (["--participants", "a,b,c", "--protocol", "alternating"],
                           "two-party protocol"),
                          (["--participants", "a"], "a negotiation needs two participants"),
                          (["--participants", "a,b,a"], "a participant listed twice"),
                          (["--participants", "b,b", "--protocol", "mediated"],
                           "a participant listed twice")):
        result = runner.invoke(app, ["simulate", TOY, *args])
        assert result.exit_code == 2, args
        assert message in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--strategies", "linear,boulware,linear"], "a strategy listed twice"),
    ([TOY, "--strategies", "linear"], "the same scenario given twice"),
])
def test_a_tournament_counts_each_strategy_and_scenario_once(args: list[str],
                                                             message: str) -> None:
    result = runner.invoke(app, ["tournament", TOY, *args, "--seeds", "1", "--rounds", "3"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"<command line>: error: {message}")


def test_tournament_json_and_csv() -> None:
    out = json.loads(run("tournament", TOY, "--strategies", "linear,hardliner", "--seeds",
                         "2", "--rounds", "10", "--json"))
    assert [s["strategy"] for s in out["standings"]] == ["linear", "hardliner"]
    text = run("tournament", TOY, "--strategies", "linear,hardliner", "--seeds", "2",
               "--rounds", "10", "--csv")
    assert text.splitlines()[0].startswith("scenario,seed,strategies,focal")
    assert len(text.splitlines()) == 1 + 4 * 2 * 2


def test_analyze_with_many_veto_actors_gives_utilities_an_actor_per_row(tmp_path: Path) -> None:
    import yaml

    from accord.analysis import analyze
    from accord.scenario import load_scenario
    from accord.scenario.synthetic import synthetic_data

    data = synthetic_data(3, 3, 6, seed=2, reservation=0.2)
    for actor in data["actors"]:
        actor["id"] = f"party-number-{actor['id']}"   # ids too long for six columns
    data["preferences"] = {f"party-number-{k}": v for k, v in data["preferences"].items()}
    path = tmp_path / "six.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = run("analyze", str(path))
    assert "Utilities of each solution" in out
    expected = analyze(load_scenario(path))
    nash = expected.solutions["nash"]
    assert nash is not None
    rows: dict[str, list[str]] = {}
    for line in out.splitlines():   # the first table with an actor per row: the solutions
        if line.strip().startswith("party-number-"):
            rows.setdefault(line.split()[0], line.split()[1:])
    for actor_id, utility in nash.outcome.utilities.items():   # every id whole, Nash first
        assert rows[actor_id][0] == f"{utility:.3f}"


@pytest.mark.parametrize("command", [["uncertainty", TOY, "--draws", "5"], ["simulate", TOY],
                                     ["report", TOY, "-o", "unused.html"],
                                     ["forecast", "evaluate"]])
def test_a_negative_seed_is_refused_by_every_command(command: list[str]) -> None:
    # NumPy's generators take no negative seed: it was an internal error (exit 1)
    result = runner.invoke(app, [*command, "--seed", "-1"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--seed'" in result.output
    assert "greater than or equal to 0" in result.output


@pytest.mark.parametrize("command", [["uncertainty", TOY, "--draws", "5"], ["simulate", TOY],
                                     ["simulate", TOY, "--strategies", "random"],
                                     ["report", TOY, "-o", "unused.html"],
                                     ["forecast", "evaluate"]])
def test_a_seed_beyond_64_bits_is_refused_by_every_command(command: list[str]) -> None:
    # 2**64 reached the compiled kernels: an internal TypingError (exit 1)
    result = runner.invoke(app, [*command, "--seed", str(2**64)])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--seed'" in result.output
    assert f"less than or equal to {2**63 - 1}" in result.output


ALASKA_DIR = Path(__file__).parent.parent / "examples" / "alaska-2025"


@pytest.mark.parametrize(("args", "given", "wanted", "hint"), [
    (["analyze", "proposals/truce-30-days.yaml"], "proposal", "scenario", "goes after it"),
    (["validate", "process.yaml"], "process", "scenario", "--process"),
    (["evaluate", "scenario.yaml", "scenario.yaml"], "scenario", "proposal", "comes first"),
    (["evaluate", "scenario.yaml", "process.yaml"], "process", "proposal", "--process"),
    (["simulate", "scenario.yaml", "--process", "proposals/truce-30-days.yaml"], "proposal",
     "process", "takes a process file"),
])
def test_a_file_of_another_kind_gets_one_error_that_says_so(
        args: list[str], given: str, wanted: str, hint: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ALASKA_DIR)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].endswith(f": error: a {given} file where a {wanted} file was expected")
    assert lines[-1] == "1 error."
    assert hint in result.stderr


def test_a_space_too_large_to_survey(tmp_path: Path) -> None:
    f = tmp_path / "wide.yaml"
    f.write_text(yaml.safe_dump(wide_random_data(12), sort_keys=False))
    line = f.read_text().splitlines().index("issues:") + 2     # the list under the key
    # a proposal is judged in any space: verdicts and the nearest agreement, by search
    judged = runner.invoke(app, ["evaluate", str(f), "--set", "i0=o3", "--json"])
    assert judged.exit_code == 0, judged.output
    out = json.loads(judged.stdout)
    assert set(out["utilities"]) == {"a", "b", "c"}
    assert out["dominated_by"] is None
    assert "1.000e+12 deals, too many to survey" in judged.stderr
    # what needs the whole space says so at the file's issues, at once
    for args in (["analyze", str(f)], ["whatif", str(f), "--param", "a.reservation=0.4"],
                 ["simulate", str(f), "--rounds", "5"],
                 ["tournament", str(f), "--seeds", "1", "--rounds", "3"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{f}:"), (args, first)
        assert "the deal space is too large for an exhaustive pass" in first
    located = runner.invoke(app, ["analyze", str(f)]).stderr.splitlines()[0]
    assert located.startswith(f"{f}:{line}:1: error:")


def test_a_time_exponent_of_infinity_is_refused_like_nan() -> None:
    for exponent in ("inf", "nan"):
        result = runner.invoke(app, ["simulate", TOY, "--strategies", f"time:{exponent}"])
        assert result.exit_code == 2
        assert "bad time-based exponent" in result.stderr


def test_fixing_every_uncertain_parameter_says_so() -> None:
    # it said "the scenario has no uncertainty section"
    result = runner.invoke(app, ["uncertainty", TOY, "--draws", "10",
                                 "--param", "a.reservation=0.4", "--param", "b.reservation=0.3",
                                 "--param", "c.reservation=0.5"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == \
        "<command line>: error: every uncertain parameter is fixed by --param at --param"


@pytest.mark.parametrize(("args", "message"), [
    (["validate", TOY, "--step", "0.1"], "--step applies to a GENIUS folder"),
    (["validate", TOY, "--intervals", "3"], "--intervals applies to a GENIUS folder"),
    (["import", "genius", str(DATA), "-o", "x.yaml", "--step", "1", "--intervals", "3"],
     "--step and --intervals both given"),
])
def test_discretisation_options_only_where_they_mean_something(args: list[str],
                                                                message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_whatif_shows_a_veto_as_true_or_false() -> None:
    result = runner.invoke(app, ["whatif", TOY, "--param", "c.veto=true"])
    assert result.exit_code == 0, result.output
    assert "c.veto: false -> true" in result.stdout


def test_an_interrupt_surfacing_as_another_error_is_an_interrupt() -> None:
    # a Ctrl-C inside numba's dispatcher can come back as a SystemError caused by it
    import typer

    from accord.cli.support import guarded

    @guarded
    def command() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise SystemError("returned a result with an exception set") from None

    with pytest.raises(typer.Exit) as info:
        command()
    assert info.value.exit_code == 130


def test_python_dash_m_accord_runs_the_command() -> None:
    """``python -m accord`` is the command, for installs whose scripts are not on the PATH."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "accord", "validate", TOY],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "toy" in proc.stdout.lower()
    bad = subprocess.run([sys.executable, "-m", "accord", "validate", str(DATA / "nope.yaml")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
