"""The evidence database: SQLite, in WAL mode, one transaction per document.

Tables::

    meta        (key, value)                         schema version
    documents   (id, hash UNIQUE, name, path, title, outlet, date, lang, kind,
                 text, words, ingested_at)
    extractions (document_id, scenario, source, date, extractor, done_at)
    scenarios   (id, actors, issues)               ids known to each scenario
    statements  (id, document_id, scenario, start, end, sentence, actor, act,
                 issue, option, polarity, modality, speaker, trigger)

A document is keyed by the SHA-256 of its file: ingesting a file twice stores
it once. Each document is written in its own transaction, so a run killed at
any point leaves every document either fully stored or absent, and running it
again completes it. Extraction replaces a document's statements for one
scenario in one transaction, so re-extracting gives the same rows, not more.

Examples
--------
>>> import tempfile, pathlib
>>> db = Store(pathlib.Path(tempfile.mkdtemp()) / "e.sqlite")
>>> db.journal_mode()
'wal'
>>> db.close()
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.files import unwritable

__all__ = ["SCHEMA_VERSION", "Document", "Statement", "Store", "open_store"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    date TEXT,
    lang TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    scenario TEXT NOT NULL,
    source TEXT,
    date TEXT,
    extractor TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (document_id, scenario)
);
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    scenario TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    actor TEXT NOT NULL,
    act TEXT NOT NULL,
    issue TEXT,
    option TEXT,
    polarity INTEGER NOT NULL,
    modality TEXT NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    trigger TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, scenario, start, actor, act, issue, option)
);
CREATE TABLE IF NOT EXISTS scenarios (
    id TEXT PRIMARY KEY,
    actors TEXT NOT NULL,
    issues TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_by_actor ON statements (scenario, actor, issue);
"""


@dataclass(frozen=True)
class Document:
    """A stored article."""

    id: int
    hash: str
    name: str
    path: str
    title: str
    outlet: str
    date: dt.date | None
    lang: str
    kind: str
    text: str
    words: int


@dataclass(frozen=True)
class Statement:
    """Who performs which act on which issue, in which sentence of which document.

    ``start`` and ``end`` are character offsets into the document's stored text:
    ``document.text[start:end] == sentence``. ``polarity`` is +1 when the actor
    is for what the sentence names on the issue, -1 when against.
    """

    document_id: int
    start: int
    end: int
    sentence: str
    actor: str
    act: str
    issue: str | None
    option: str | None
    polarity: int
    modality: str
    speaker: str = ""
    trigger: str = ""
    scenario: str = ""
    date: dt.date | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"document": self.document_id, "source": self.source or None,
                "date": self.date.isoformat() if self.date else None, "actor": self.actor,
                "act": self.act, "issue": self.issue, "option": self.option,
                "polarity": "+" if self.polarity > 0 else "-", "modality": self.modality,
                "speaker": self.speaker or None, "trigger": self.trigger,
                "start": self.start, "end": self.end, "sentence": self.sentence}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Store:
    """An open evidence database (created when missing).

    Raises
    ------
    InputError
        When ``path`` exists and is not an accord evidence database.
    """

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError.single("no such evidence database", file=str(self.path),
                                    expected="a database made by 'accord evidence ingest'",
                                    found="nothing at that path",
                                    suggestion=f"accord evidence ingest FILES --db {self.path}")
        if self.path.is_dir():
            raise InputError.single("the database path is a folder", file=str(self.path),
                                    expected="a file name", found="a folder")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except OSError as exc:
            raise unwritable(self.path, exc, "cannot open the database", "--db") from None
        except sqlite3.OperationalError as exc:       # e.g. a folder it may not write in
            raise InputError.single("cannot open the database", file=str(self.path),
                                    expected="a database file accord can create or open",
                                    found=str(exc),
                                    suggestion="choose another place for it (--db)") from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise InputError.single("not an evidence database", file=str(self.path),
                                    expected="an SQLite database made by accord",
                                    found=str(exc)) from None

    def _migrate(self) -> None:
        self.conn.executescript(_SCHEMA)  # every statement is idempotent
        with self.transaction():
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                                  (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise InputError.single("unsupported evidence database version",
                                        file=str(self.path), expected=str(SCHEMA_VERSION),
                                        found=row[0])

    def transaction(self) -> _Transaction:
        """A context manager: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error)."""
        return _Transaction(self.conn)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def journal_mode(self) -> str:
        """The journal mode in force ('wal')."""
        return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0])

    # -- documents ------------------------------------------------------------
    def has_document(self, digest: str) -> bool:
        """Whether a document with this content hash is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE hash=?",
                                 (digest,)).fetchone() is not None

    def add_document(self, *, hash: str, name: str, path: str, title: str, outlet: str,
                     date: dt.date | None, lang: str, kind: str, text: str, words: int,
                     ) -> tuple[int, bool]:
        """Store a document in its own transaction; ``(id, added)``.

        A document already stored (same hash) is left as it is (``added`` false).
        """
        with self.transaction():
            row = self.conn.execute("SELECT id FROM documents WHERE hash=?", (hash,)).fetchone()
            if row is not None:
                return int(row[0]), False
            cur = self.conn.execute(
                "INSERT INTO documents (hash, name, path, title, outlet, date, lang, kind, text,"
                " words, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (hash, name, path, title, outlet, date.isoformat() if date else None, lang,
                 kind, text, words, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
            return int(cur.lastrowid or 0), True

    def documents(self) -> list[Document]:
        """Every stored document, in the order they were added."""
        rows = self.conn.execute("SELECT id, hash, name, path, title, outlet, date, lang, kind,"
                                 " text, words FROM documents ORDER BY id").fetchall()
        return [Document(r[0], r[1], r[2], r[3], r[4], r[5], _date(r[6]), r[7], r[8], r[9],
                         r[10]) for r in rows]

    def document(self, document_id: int) -> Document:
        """One stored document (``KeyError`` if there is none)."""
        for d in self.documents():
            if d.id == document_id:
                return d
        raise KeyError(document_id)

    # -- statements -----------------------------------------------------------
    def replace_statements(self, document_id: int, scenario: str, statements: Sequence[Statement],
                           *, source: str | None, date: dt.date | None, extractor: str) -> None:
        """Replace a document's statements for ``scenario``, in one transaction."""
        with self.transaction():
            self.conn.execute("DELETE FROM statements WHERE document_id=? AND scenario=?",
                              (document_id, scenario))
            self.conn.executemany(
                "INSERT OR IGNORE INTO statements (document_id, scenario, start, end, sentence,"
                " actor, act, issue, option, polarity, modality, speaker, trigger)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(document_id, scenario, s.start, s.end, s.sentence, s.actor, s.act, s.issue,
                  s.option, s.polarity, s.modality, s.speaker, s.trigger) for s in statements])
            self.conn.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?,?,?,?,?,?)",
                (document_id, scenario, source, date.isoformat() if date else None, extractor,
                 dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))

    def scenarios(self) -> list[str]:
        """The scenario ids statements were extracted for."""
        return [r[0] for r in self.conn.execute("SELECT id FROM scenarios ORDER BY id")]

    def record_scenario(self, scenario: str, actors: Sequence[str], issues: Sequence[str],
                        ) -> None:
        """Remember a scenario's actor and issue ids (to check filters against)."""
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO scenarios VALUES (?,?,?)",
                              (scenario, json.dumps(list(actors)), json.dumps(list(issues))))

    def scenario_ids(self, scenario: str) -> tuple[list[str], list[str]]:
        """The actor and issue ids recorded for ``scenario`` (``KeyError`` if none)."""
        row = self.conn.execute("SELECT actors, issues FROM scenarios WHERE id=?",
                                (scenario,)).fetchone()
        if row is None:
            raise KeyError(scenario)
        return list(json.loads(row[0])), list(json.loads(row[1]))

    def statements(self, scenario: str | None = None, actor: str | None = None,
                   issue: str | None = None, act: str | None = None) -> list[Statement]:
        """Stored statements, filtered, ordered by date, document and position."""
        where, args = [], []
        for column, value in (("s.scenario", scenario), ("s.actor", actor), ("s.issue", issue),
                              ("s.act", act)):
            if value is not None:
                where.append(f"{column}=?")
                args.append(value)
        sql = ("SELECT s.document_id, s.start, s.end, s.sentence, s.actor, s.act, s.issue,"
               " s.option, s.polarity, s.modality, s.speaker, s.trigger, s.scenario,"
               " COALESCE(e.date, d.date), COALESCE(e.source, '')"
               " FROM statements s JOIN documents d ON d.id = s.document_id"
               " LEFT JOIN extractions e ON e.document_id = s.document_id"
               " AND e.scenario = s.scenario"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY COALESCE(e.date, d.date) IS NULL, COALESCE(e.date, d.date),"
                 " s.document_id, s.start, s.id")
        return [Statement(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                          r[11], r[12], _date(r[13]), r[14])
                for r in self.conn.execute(sql, args)]

    def counts(self) -> dict[str, int]:
        """How many documents and statements are stored."""
        docs = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        stmts = self.conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
        return {"documents": int(docs), "statements": int(stmts)}


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth = 0

    def __enter__(self) -> None:
        if self.conn.in_transaction:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self.depth = 1

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if not self.depth:
            return
        self.conn.execute("ROLLBACK" if kind is not None else "COMMIT")


def open_store(path: str | Path, create: bool = False) -> Store:
    """Open an evidence database; by default it must already exist."""
    return Store(path, create=create)

