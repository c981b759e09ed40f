"""The evidence database: idempotent ingest, crash safety, WAL, bad databases."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.evidence.ingest import main_text, read_article
from accord.evidence.pipeline import ingest_paths
from accord.evidence.store import Store, open_store

TEXT = "Moscou réclame que l'Ukraine lui cède le Donbass.\nKiev refuse.\n"


def _articles(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"{k:03d}.txt").write_text(f"Article {k}.\n{TEXT}", encoding="utf-8")
    return folder


def test_same_file_twice_is_one_document(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in", 2)
    with Store(tmp_path / "e.sqlite") as store:
        first = ingest_paths(store, [folder])
        second = ingest_paths(store, [folder, folder / "000.txt"])
        assert len(first.added) == 2
        assert second.added == ()
        assert store.counts()["documents"] == 2


def test_copy_under_another_name_is_the_same_document(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in", 1)
    (tmp_path / "copy.txt").write_bytes((folder / "000.txt").read_bytes())
    with Store(tmp_path / "e.sqlite") as store:
        ingest_paths(store, [folder, tmp_path / "copy.txt"])
        assert store.counts()["documents"] == 1


def test_wal_mode_and_foreign_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "e.sqlite") as store:
        assert store.journal_mode() == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        version = store.conn.execute("SELECT value FROM meta WHERE key='schema_version'")
        assert version.fetchone()[0] == "1"


def test_not_a_database_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("this is not SQLite, just text " * 100)
    with pytest.raises(InputError, match="not an evidence database"):
        Store(bad)
    with pytest.raises(InputError, match="no such evidence database"):
        open_store(tmp_path / "missing.sqlite")


def test_a_database_that_cannot_be_created_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "block").write_text("a file where a folder is needed")
    with pytest.raises(InputError, match="cannot open the database") as err:
        Store(tmp_path / "block" / "e.sqlite")
    assert err.value.problems[0].found == f"{tmp_path / 'block'} is a file, not a folder"
    assert err.value.problems[0].suggestion == "choose another place to write it (--db)"
    if Path("/proc/self").is_dir():      # a folder where no file can be created, even by root
        with pytest.raises(InputError, match="cannot open the database") as err:
            Store("/proc/accord-evidence.sqlite")
        assert "unable to open database file" in str(err.value)


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with Store(tmp_path / "e.sqlite") as store, pytest.raises(InputError) as err:
        ingest_paths(store, [tmp_path / "nowhere"])
    assert err.value.problems[0].file == str(tmp_path / "nowhere")


def test_kill_9_in_the_middle_then_rerun(tmp_path: Path) -> None:
    """A killed ingest leaves whole documents only; running it again adds the rest once."""
    folder = _articles(tmp_path / "in", 12)
    db = tmp_path / "e.sqlite"
    code = ("import sys; from accord.evidence.store import Store; "
            "from accord.evidence.pipeline import ingest_paths; "
            "ingest_paths(Store(sys.argv[1]), [sys.argv[2]])")
    env = {**os.environ, "ACCORD_EVIDENCE_PAUSE": "0.15"}
    child = subprocess.Popen([sys.executable, "-c", code, str(db), str(folder)], env=env)
    deadline = time.monotonic() + 30
    stored = 0
    while time.monotonic() < deadline and stored < 4:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert 0 < stored < 12, "the child should have been killed halfway"
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = store.counts()["documents"]
        assert partial < 12
        for doc in store.documents():  # every stored document is whole
            assert doc.text == read_article(folder / doc.name).text
        report = ingest_paths(store, [folder])
        assert len(report.added) == 12 - partial
        assert store.counts()["documents"] == 12
        names = [d.name for d in store.documents()]
        assert sorted(names) == sorted(set(names))


def test_html_main_text_without_related_articles(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Moscou refuse</title>"
        "<meta property='og:site_name' content='Le Quotidien'>"
        "<meta name='date' content='2025-08-15'></head><body><nav>Menu Accueil</nav>"
        "<article><h1>Moscou refuse la trêve</h1>"
        "<p>Moscou réclame que l'Ukraine lui cède quatre régions, selon le Kremlin, qui l'a "
        "redit vendredi devant la presse internationale réunie à Moscou.</p>"
        "<p>L'Ukraine demande un cessez-le-feu de 30 jours, auquel se refusent les Russes, "
        "ont indiqué plusieurs diplomates européens à l'issue de la réunion.</p></article>"
        "<aside><h2>Articles connexes</h2><ul><li><a href='x'>Trump et le Mexique : la "
        "Maison Blanche exige des garanties</a></li></ul></aside></body></html>",
        encoding="utf-8")
    article = read_article(html)
    assert article.kind == "html"
    assert article.lang == "fr"
    assert article.outlet == "Le Quotidien"
    assert str(article.date) == "2025-08-15"
    assert "cessez-le-feu" in article.text
    assert "Mexique" not in article.text


def test_text_tail_is_cut() -> None:
    text = "A" * 200 + ".\nKiev refuse.\nArticles connexes\nLe Parisien\nAutre sujet."
    assert main_text(text).endswith("Kiev refuse.")
