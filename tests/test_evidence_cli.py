"""The ``accord evidence`` commands, end to end, on a temporary database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from evidence_helpers import ALASKA, CORPUS, DATA

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evidence", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "alaska.sqlite"
    folders = [str(DATA / "evidence_en")] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    code, out = _run("ingest", *folders, "--db", str(path), "--json")
    assert code == 0, out
    code, out = _run("extract", "--db", str(path), "--scenario", str(ALASKA), "--json")
    assert code == 0, out
    assert json.loads(out)["statements"] > 10
    return path


def test_ingest_twice_adds_nothing(db: Path) -> None:
    code, out = _run("ingest", str(DATA / "evidence_en"), "--db", str(db), "--json")
    assert code == 0
    assert json.loads(out)["added"] == []


def test_list_filters(db: Path) -> None:
    code, out = _run("list", "--db", str(db), "--actor", "ru", "--issue", "nato", "--json")
    assert code == 0, out
    rows = json.loads(out)
    assert rows
    assert all(r["actor"] == "ru" and r["issue"] == "nato" for r in rows)
    code, out = _run("list", "--db", str(db), "--actor", "ru")
    assert code == 0
    assert "statement(s)" in out


def test_timeline(db: Path) -> None:
    code, out = _run("timeline", "--db", str(db), "--actor", "ua", "--json")
    assert code == 0, out
    assert {t["actor"] for t in json.loads(out)} == {"ua"}
    code, out = _run("timeline", "--db", str(db), "--actor", "ua")
    assert code == 0
    assert "[" in out


def test_check_with_and_without_database(db: Path) -> None:
    code, out = _run("check", str(ALASKA), "--json")
    assert code == 0, out
    alone = json.loads(out)
    assert not alone["with_database"]
    assert alone["misquotes"] == []
    code, out = _run("check", str(ALASKA), "--db", str(db), "--suggest", "--json")
    assert code == 0, out
    linked = json.loads(out)
    assert len(linked["without_evidence"]) < len(alone["without_evidence"])
    assert linked["suggestions"]
    code, out = _run("check", str(ALASKA), "--db", str(db), "--suggest")
    assert code == 0
    assert "no evidence" in out


def test_score(db: Path) -> None:
    gold = DATA / "gold.tsv"
    if not CORPUS.is_dir():
        pytest.skip("the seed corpus is not present")
    code, out = _run("score", "--gold", str(gold), "--db", str(db), "--json")
    assert code == 0, out
    result = json.loads(out)
    assert 0 < result["strict"]["f1"] <= result["relaxed"]["f1"]
    code, out = _run("score", "--gold", str(gold), "--db", str(db))
    assert code == 0
    assert "polarity agrees" in out


def test_bad_inputs_exit_2(db: Path, tmp_path: Path) -> None:
    assert _run("ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.sqlite"))[0] == 2
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database " * 200)
    assert _run("list", "--db", str(bad))[0] == 2
    assert _run("list", "--db", str(tmp_path / "none.sqlite"))[0] == 2
    code, out = _run("list", "--db", str(db), "--actor", "uaa")
    assert code == 2
    assert "did you mean 'ua'" in out
    assert _run("timeline", "--db", str(db), "--issue", "natto")[0] == 2
    gold = tmp_path / "gold.tsv"
    gold.write_text("doc\tactor\n", encoding="utf-8")
    code, out = _run("score", "--gold", str(gold), "--db", str(db))
    assert code == 2
    assert "bad gold header" in out
    assert "Traceback" not in out


def test_a_failed_ingest_leaves_no_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for args in ([str(tmp_path / "missing.txt")], [str(empty)]):
        target = tmp_path / "new.sqlite"
        code, out = _run("ingest", *args, "--db", str(target))
        assert code == 2, out
        assert not target.exists()
        assert not list(tmp_path.glob("new.sqlite*"))
    # one readable file among bad ones: it is stored, the database stays
    good = tmp_path / "note.txt"
    good.write_text("Le président a dit que la trêve commencerait lundi.\n", encoding="utf-8")
    target = tmp_path / "kept.sqlite"
    code, out = _run("ingest", str(empty), str(good), "--db", str(target))
    assert code == 2
    assert target.is_file()
    code, out = _run("ingest", str(good), "--db", str(target), "--json")
    assert code == 0
    assert json.loads(out)["documents"] == 1


@pytest.mark.parametrize("raw", ["Le président a dit.".encode("utf-16-le"),
                                 b"%PDF-1.4\n\x00\x01\x02 stream"])
def test_a_file_with_nul_bytes_is_not_read_as_text(tmp_path: Path, raw: bytes) -> None:
    f = tmp_path / "article.txt"
    f.write_bytes(raw)
    code, out = _run("ingest", str(f), "--db", str(tmp_path / "e.sqlite"))
    assert code == 2
    assert "the file is not text" in out
    assert f"a NUL byte at byte {raw.index(0)}" in out
    assert "iconv -f UTF-16 -t UTF-8" in out
