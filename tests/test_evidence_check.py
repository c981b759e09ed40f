"""check, report, score and list on what the user gives: warnings, misquotes, unknown ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import InputError
from accord.evidence.pipeline import extract_store, ingest_paths
from accord.evidence.score import check_ids, read_gold
from accord.evidence.store import Store
from accord.report import build_report
from accord.scenario import load_scenario
from evidence_helpers import ALASKA, CORPUS, DATA

runner = CliRunner()
TEXT = "Moscou réclame que l'Ukraine lui cède le Donbass.\nKiev refuse de céder la Crimée.\n"


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evidence", *args])
    return result.exit_code, result.output


def _alaska_copy(tmp_path: Path) -> Path:
    """The Alaska scenario beside a copy of its corpus (which a test may alter)."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not present")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    text = ALASKA.read_text(encoding="utf-8").replace("path: ../../../shared/corpus/",
                                                      f"path: {tmp_path / 'corpus'}/")
    copy = tmp_path / "scenario.yaml"
    copy.write_text(text, encoding="utf-8")
    return copy


def _db_for_another_scenario(tmp_path: Path) -> Path:
    db = tmp_path / "e.sqlite"
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with Store(db) as store:
        ingest_paths(store, [tmp_path / "a.txt"])
        store.record_scenario("toy", ["a", "b"], ["price"])
    return db


def test_check_warns_when_the_database_was_never_extracted_for_the_scenario(
        tmp_path: Path) -> None:
    db = _db_for_another_scenario(tmp_path)
    code, out = _run("check", str(ALASKA), "--db", str(db))
    assert code == 0, out
    assert "warning: no statements were extracted for scenario 'alaska-2025'" in out
    assert "found:    extractions for: toy" in out
    assert f"accord evidence extract --db {db} --scenario {ALASKA}" in out
    code, out = _run("check", str(ALASKA), "--db", str(db), "--json")
    warnings = json.loads(out)["warnings"]
    assert warnings[0]["message"] == "no statements were extracted for scenario 'alaska-2025'"


def test_report_warns_when_the_database_was_never_extracted_for_the_scenario(
        tmp_path: Path) -> None:
    db = _db_for_another_scenario(tmp_path)
    data = build_report(load_scenario(ALASKA), ALASKA.parent, database=db, draws=0,
                        scenario_file=ALASKA)
    assert [w.found for w in data.warnings] == ["extractions for: toy"]
    result = runner.invoke(app, ["report", str(ALASKA), "-o", str(tmp_path / "r.html"),
                                 "--db", str(db), "--draws", "0"])
    assert result.exit_code == 0, result.output
    assert "warning: no statements were extracted for scenario 'alaska-2025'" in result.stderr
    assert "no statements were extracted" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_check_prints_warnings_and_counts_the_quotes_it_could_not_check(
        tmp_path: Path) -> None:
    copy = _alaska_copy(tmp_path)
    (tmp_path / "corpus" / "000_917f4272fb7eba9d.txt").unlink()
    code, out = _run("check", str(copy))
    assert code == 0, out
    assert "warning: the text of source" in out
    assert "is not available; its quotes are not checked" in out
    assert "Every quote (" not in out
    assert "could not be checked" in out
    code, out = _run("check", str(copy), "--json")
    result = json.loads(out)
    assert 0 < result["quotes_unchecked"] < result["quotes"]


def test_check_exits_2_on_a_misquote(tmp_path: Path) -> None:
    copy = _alaska_copy(tmp_path)
    text = copy.read_text(encoding="utf-8").replace(
        "Moscou réclame que l'Ukraine lui cède quatre régions",
        "Moscou exige que l'Ukraine lui cède quatre régions")
    copy.write_text(text, encoding="utf-8")
    code, out = _run("check", str(copy))
    assert code == 2
    assert "1 quote(s) not found verbatim in their source" in out
    code, out = _run("check", str(copy), "--json")
    assert code == 2
    assert len(json.loads(out)["misquotes"]) == 1


def test_check_says_every_quote_was_found_only_when_all_were_checked(tmp_path: Path) -> None:
    copy = _alaska_copy(tmp_path)
    code, out = _run("check", str(copy))
    assert code == 0, out
    assert "Every quote (" in out
    assert "found verbatim in its source" in out


def test_a_document_named_like_a_source_is_not_linked_to_it(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not present")
    imposter = tmp_path / "001_1c4c7869ff30a6a1.txt"
    imposter.write_text("Nouvelles tensions en mer Noire\nMoscou exige la levée des sanctions "
                        "sur l'aviation et refuse tout cessez-le-feu.\n", encoding="utf-8")
    copy = tmp_path / "real.txt"
    copy.write_bytes((CORPUS / "000_917f4272fb7eba9d.txt").read_bytes().replace(b"\n", b"\r\n"))
    with Store(tmp_path / "e.sqlite") as store:
        ingest_paths(store, [imposter, copy])
        report = extract_store(store, load_scenario(ALASKA), ALASKA.parent, use_ner=False)
        sources = {s.document_id: s.source for s in store.statements("alaska-2025")}
        ids = {d.name: d.id for d in store.documents()}
    assert sources[ids["001_1c4c7869ff30a6a1.txt"]] == ""
    assert sources[ids["real.txt"]] != ""        # its text: linked, whatever its name
    assert [w.message for w in report.warnings] == [
        "a document has a source's file name but not its text: not linked to that source"]


def test_gold_ids_must_be_the_scenarios(tmp_path: Path) -> None:
    gold = tmp_path / "g.tsv"
    gold.write_text("\ufeffdoc\tactor\tact\tissue\tpolarity\tmodality\tevidence\n"
                    "000\tusa\tdemand\tnato\t+\tasserted\tx\n"
                    "000\tru\tdemand\tnatto\t+\tasserted\ty\n", encoding="utf-8")
    rows = read_gold(gold)                         # a BOM is read fine
    assert [r.actor for r in rows] == ["usa", "ru"]
    with pytest.raises(InputError) as err:
        check_ids(rows, ["us", "ru"], ["nato"], str(gold))
    text = str(err.value)
    assert "g.tsv:2: error: unknown actor in the gold file at actor" in text
    assert "did you mean 'us'?" in text
    assert "g.tsv:3: error: unknown issue in the gold file at issue" in text
    assert "did you mean 'nato'?" in text


def test_score_refuses_unknown_gold_ids(tmp_path: Path) -> None:
    db = _db_for_another_scenario(tmp_path)
    gold = tmp_path / "g.tsv"
    gold.write_text("doc\tactor\tact\tissue\tpolarity\tmodality\tevidence\n"
                    "a\tc\tdemand\tprice\t+\tasserted\tDonbass\n", encoding="utf-8")
    with Store(db) as store:
        store.replace_statements(1, "toy", [], source=None, date=None, extractor="t")
    code, out = _run("score", "--gold", str(gold), "--db", str(db))
    assert code == 2
    assert "unknown actor in the gold file" in out
    assert "valid actors: a, b" in out


def test_list_refuses_an_unknown_act(tmp_path: Path) -> None:
    db = _db_for_another_scenario(tmp_path)
    code, out = _run("list", "--db", str(db), "--act", "demands")
    assert code == 2
    assert "unknown act in --act" in out
    assert "did you mean 'demand'?" in out
    assert _run("list", "--db", str(db), "--act", "demand")[0] == 0


def test_the_seed_gold_names_only_scenario_ids() -> None:
    actors, issues = load_scenario(ALASKA).actor_ids, load_scenario(ALASKA).issue_ids
    check_ids(read_gold(DATA / "gold.tsv"), actors, issues)
