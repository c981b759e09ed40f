"""Ingesting: encodings, re-saved and edited files, metadata, skips, databases left behind."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord.cli.evidence as cli_evidence
from accord.cli.app import app
from accord.errors import InputError
from accord.evidence.ingest import main_text, read_article
from accord.evidence.pipeline import ingest_paths
from accord.evidence.store import Store

runner = CliRunner()
TEXT = "Moscou réclame que l'Ukraine lui cède le Donbass.\nKiev refuse de céder la Crimée.\n"
PAGE = ("<!DOCTYPE html><html lang=\"fr\"><head>{meta}<title>Kiev refuse de céder la Crimée"
        "</title></head><body><article><h1>Kiev refuse de céder la Crimée</h1><p>Moscou réclame "
        "que l'Ukraine lui cède la Crimée et le Donbass, et qu'elle renonce à toute adhésion à "
        "l'Otan. Kiev refuse de céder la Crimée et exige un cessez-le-feu immédiat. Les "
        "Européens soutiennent la position ukrainienne et demandent des garanties.</p><p>Le "
        "président ukrainien a répété que l'Ukraine ne céderait aucun territoire.</p>"
        "</article></body></html>")


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["evidence", *args])
    return result.exit_code, result.output


def _stored_texts(db: Path) -> list[str]:
    with Store(db) as store:
        return [d.text for d in store.documents()]


@pytest.mark.parametrize("meta", ['<meta charset="iso-8859-1">',
                                  '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=ISO-8859-1">'])
def test_html_in_a_declared_charset_is_decoded(tmp_path: Path, meta: str) -> None:
    page = tmp_path / "latin1.html"
    page.write_bytes(PAGE.format(meta=meta).encode("latin-1"))
    article = read_article(page)
    assert "céder la Crimée" in article.text
    assert "\ufffd" not in article.text
    assert "Ã" not in article.text
    assert article.title == "Kiev refuse de céder la Crimée"


def test_html_with_a_bom_or_utf8_is_decoded_as_utf8(tmp_path: Path) -> None:
    page = tmp_path / "bom.html"
    page.write_bytes(b"\xef\xbb\xbf" + PAGE.format(meta='<meta charset="iso-8859-1">')
                     .encode("utf-8"))
    assert "céder la Crimée" in read_article(page).text


def test_html_that_is_not_valid_in_its_charset_is_a_located_error(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(PAGE.format(meta="").encode("latin-1"))     # no charset: UTF-8 expected
    code, out = _run("ingest", str(page), "--db", str(tmp_path / "e.sqlite"))
    assert code == 2
    at = PAGE.format(meta="").encode("latin-1").index(b"\xe9")
    assert f"bad.html:1:{at + 1}: error: the file is not UTF-8 text" in out
    assert f"byte {at}: b'\\xe9'" in out
    assert not (tmp_path / "e.sqlite").exists()


def test_a_subheading_starting_with_comment_does_not_cut_the_article() -> None:
    text = ("Moscou réclame le Donbass, selon le Kremlin, qui l'a redit ce matin encore.\n"
            "Kiev refuse de céder un seul territoire.\n" * 3
            + "Comment Moscou compte imposer ses conditions\n"
            "Le Kremlin exige la neutralité de l'Ukraine.\n"
            "Commentaires (12)\nUn lecteur : quelle honte.\n")
    kept = main_text(text)
    assert "Comment Moscou compte imposer ses conditions" in kept
    assert "Le Kremlin exige la neutralité de l'Ukraine." in kept
    assert "quelle honte" not in kept


@pytest.mark.parametrize("heading", ["Commentaires", "Comments", "12 commentaires",
                                     "Réagissez", "Comments (3)"])
def test_a_comment_section_heading_ends_the_article(heading: str) -> None:
    text = "Kiev refuse de céder la Crimée, a dit le président.\n" * 4 + f"{heading}\nSpam.\n"
    assert "Spam" not in main_text(text)


def test_a_resaved_file_is_the_same_document(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(TEXT.encode())
    (tmp_path / "b" / "x_crlf.txt").write_bytes(b"\xef\xbb\xbf"
                                                + TEXT.rstrip("\n").replace("\n", "\r\n")
                                                .encode() + b"\r")
    with Store(tmp_path / "e.sqlite") as store:
        report = ingest_paths(store, [tmp_path / "a", tmp_path / "b"])
        assert len(report.added) == 1
        assert len(report.already) == 1
        assert store.counts()["documents"] == 1


def test_an_edited_file_is_refused_then_replaced(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    first, edited = tmp_path / "v1" / "x.txt", tmp_path / "v2" / "x.txt"
    first.parent.mkdir()
    edited.parent.mkdir()
    first.write_text(TEXT, encoding="utf-8")
    edited.write_text(TEXT + "Washington appelle à la retenue.\n", encoding="utf-8")
    assert _run("ingest", str(first), "--db", str(db))[0] == 0
    with Store(db) as store:
        old = store.documents()[0].id
        store.record_scenario("s", ["ru"], ["crimea"])
        store.replace_statements(old, "s", [], source=None, date=None, extractor="t")
        store.conn.execute("INSERT INTO statements (document_id, scenario, start, end, sentence,"
                           " actor, act, polarity, modality) VALUES (?, 's', 0, 5, 'x', 'ru',"
                           " 'demand', 1, 'asserted')", (old,))
    code, out = _run("ingest", str(edited), "--db", str(db))
    assert code == 2
    assert "another text is stored under this file name" in out
    assert "--replace" in out
    assert len(_stored_texts(db)) == 1
    code, out = _run("ingest", str(edited), "--db", str(db), "--replace", "--json")
    assert code == 0, out
    assert json.loads(out)["replaced"] == [str(edited)]
    assert json.loads(out)["statements"] == 0      # the old document's statements went too
    texts = _stored_texts(db)
    assert len(texts) == 1
    assert "Washington" in texts[0]


def test_new_metadata_for_a_stored_file_warns_and_replace_applies_it(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "e.sqlite"
    assert _run("ingest", str(f), "--db", str(db), "--date", "2025-08-01")[0] == 0
    code, out = _run("ingest", str(f), "--db", str(db), "--date", "2025-08-02",
                     "--outlet", "Le Monde")
    assert code == 0
    assert "warning: already stored: its stored metadata was kept" in out
    assert "--date 2025-08-02 (stored: 2025-08-01)" in out
    assert "--replace" in out
    with Store(db) as store:
        assert str(store.documents()[0].date) == "2025-08-01"
    code, out = _run("ingest", str(f), "--db", str(db), "--date", "2025-08-02", "--replace")
    assert code == 0, out
    with Store(db) as store:
        docs = store.documents()
        assert [(str(d.date), d.outlet) for d in docs] == [("2025-08-02", "")]


def test_an_impossible_date_header_is_a_located_error(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_text("date 2025-02-30\nMoscou réclame la Crimée.\n", encoding="utf-8")
    code, out = _run("ingest", str(f), "--db", str(tmp_path / "e.sqlite"))
    assert code == 2
    assert "d.txt:1:6: error: not a real date in the date header" in out
    assert "'2025-02-30'" in out


def test_an_unreadable_file_is_a_located_error_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "in" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(TEXT, encoding="utf-8")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    db = tmp_path / "e.sqlite"
    code, out = _run("ingest", str(secret.parent), "--db", str(db))
    assert code == 2
    assert "secret.txt: error: cannot read the file" in out
    assert "Permission denied" in out
    assert "internal error" not in out
    assert not list(tmp_path.glob("e.sqlite*"))


def test_a_symlink_loop_in_a_folder_is_reported_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    code, out = _run("ingest", str(folder), "--db", str(tmp_path / "e.sqlite"))
    assert code == 0, out
    assert "loop1.txt: warning: skipped: a symbolic link loop" in out
    assert "1 document(s) added" in out
    assert "2 skipped" in out


def test_words_count_only_the_documents_added(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")       # a copy: not added
    with Store(tmp_path / "e.sqlite") as store:
        report = ingest_paths(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert report.words == len(TEXT.split())


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_an_invalid_pause_hook_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          value: str) -> None:
    monkeypatch.setenv("ACCORD_EVIDENCE_PAUSE", value)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with Store(tmp_path / "e.sqlite") as store:
        assert len(ingest_paths(store, [tmp_path / "a.txt"]).added) == 1


def test_a_failed_ingest_keeps_what_another_process_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "shared.sqlite"
    real = cli_evidence.ingest_paths

    def meanwhile(store: Store, paths: list[Path], **kwargs: object) -> object:
        with Store(db) as other:          # a second ingest commits a document
            other.add_document(hash="h", name="n.txt", path="n.txt", title="", outlet="",
                               date=None, lang="fr", kind="text", text="Kiev refuse.",
                               words=2)
        return real(store, paths, **kwargs)     # type: ignore[arg-type]

    monkeypatch.setattr(cli_evidence, "ingest_paths", meanwhile)
    code, out = _run("ingest", str(tmp_path / "missing"), "--db", str(db))
    assert code == 2, out
    assert db.is_file()
    with Store(db) as store:
        assert store.counts()["documents"] == 1


def test_remove_if_empty_only_removes_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    Store(db).close()
    assert Store(db).remove_if_empty()
    assert not list(tmp_path.glob("e.sqlite*"))
    with Store(db) as store:
        store.add_document(hash="h", name="n.txt", path="n.txt", title="", outlet="",
                           date=None, lang="fr", kind="text", text="Kiev refuse.", words=2)
    assert not Store(db).remove_if_empty()
    assert db.is_file()


def _foreign(path: Path, sql: str) -> str:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [["list"], ["timeline"], ["ingest", "IN"]])
def test_another_tools_database_is_refused_and_not_modified(tmp_path: Path,
                                                            command: list[str]) -> None:
    db = tmp_path / "other.sqlite"
    digest = _foreign(db, "CREATE TABLE documents (a, b); INSERT INTO documents VALUES (1, 2);")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    args = [str(tmp_path / "a.txt") if a == "IN" else a for a in command]
    code, out = _run(*args, "--db", str(db))
    assert code == 2
    assert "error: not an accord evidence database" in out
    assert "found:    tables documents" in out
    assert "internal error" not in out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.glob("other.sqlite*")) == ["other.sqlite"]


def test_a_bad_schema_version_is_an_input_error(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value='banana' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    for args in (["list"], ["ingest", str(tmp_path / "missing.txt")]):
        code, out = _run(*args, "--db", str(db))
        assert code == 2
        assert "unsupported evidence database version at meta.schema_version" in out
        assert "'banana'" in out
    with pytest.raises(InputError, match="unsupported evidence database version"):
        Store(db, readonly=True)


def test_read_commands_open_the_database_read_only(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert _run("ingest", str(tmp_path / "a.txt"), "--db", str(db))[0] == 0
    with Store(db, readonly=True) as store:
        assert store.counts()["documents"] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("CREATE TABLE x (a)")


def test_a_read_only_database_cannot_be_ingested_into(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "e.sqlite"
    Store(db).close()
    real = os.access
    monkeypatch.setattr("accord.evidence.store.os.access",
                        lambda path, mode: mode != os.W_OK and real(path, mode))
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    code, out = _run("ingest", str(tmp_path / "a.txt"), "--db", str(db))
    assert code == 2
    assert "error: the evidence database is read-only" in out
    assert "list, timeline, check" in out


def test_an_ingest_whose_database_is_removed_meanwhile_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "shared.sqlite"
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    real = cli_evidence.ingest_paths

    def removed(store: Store, paths: list[Path], **kwargs: object) -> object:
        report = real(store, paths, **kwargs)     # type: ignore[arg-type]
        for leftover in tmp_path.glob("shared.sqlite*"):   # another process removes it
            leftover.unlink()
        return report

    monkeypatch.setattr(cli_evidence, "ingest_paths", removed)
    code, out = _run("ingest", str(tmp_path / "a.txt"), "--db", str(db))
    assert code == 2
    assert "the database file was removed or replaced while ingesting" in out


def test_a_database_with_accord_meta_but_other_tables_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    digest = _foreign(db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                          "INSERT INTO meta VALUES ('schema_version', '1');"
                          "CREATE TABLE documents (title, body);")
    code, out = _run("list", "--db", str(db))
    assert code == 2
    assert "error: not an accord evidence database" in out
    assert "found:    table documents without id, hash" in out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
