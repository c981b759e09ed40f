"""The evidence database: SQLite, in WAL mode, one transaction per document.

Tables::

    meta        (key, value)                         schema version
    documents   (id, hash UNIQUE, name, path, title, outlet, date, lang, kind,
                 text, words, ingested_at)
    extractions (document_id, scenario, source, date, extractor, done_at)
    scenarios   (id, actors, issues)               ids known to each scenario
    statements  (id, document_id, scenario, start, end, sentence, actor, act,
                 issue, option, polarity, modality, speaker, trigger)

A document is keyed by the SHA-256 of its normalised text (see
:func:`accord.evidence.ingest.content_hash`): ingesting a file twice, or a copy
re-saved with other line endings, stores it once. Each document is written in
its own transaction, so a run killed at any point leaves every document either
fully stored or absent, and running it again completes it. Extraction replaces
a document's statements for one scenario in one transaction, so re-extracting
gives the same rows, not more.

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
import os
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


#: The columns accord reads, per table: a database without them is not accord's.
_COLUMNS = {
    "meta": ("key", "value"),
    "documents": ("id", "hash", "name", "path", "title", "outlet", "date", "lang", "kind",
                  "text", "words", "ingested_at"),
    "extractions": ("document_id", "scenario", "source", "date", "extractor", "done_at"),
    "statements": ("id", "document_id", "scenario", "start", "end", "sentence", "actor",
                   "act", "issue", "option", "polarity", "modality", "speaker", "trigger"),
    "scenarios": ("id", "actors", "issues"),
}


def _folder(path: Path) -> InputError:
    return InputError.single("the database path is a folder", file=str(path),
                             expected="a file name", found="a folder")


def _not_accord(path: Path, found: str) -> InputError:
    return InputError.single("not an accord evidence database", file=str(path),
                             expected="a database made by 'accord evidence ingest' (with "
                                      "accord's meta table)", found=found,
                             suggestion="give another --db; accord does not write to a "
                                        "database it did not make")


def _read_only(path: Path, found: str) -> InputError:
    return InputError.single("the evidence database is read-only", file=str(path),
                             expected="a database accord may write (ingest and extract "
                                      "write to it)", found=found,
                             suggestion="make the file and its folder writable, or copy the "
                                        "database somewhere writable; list, timeline, check "
                                        "and score only read it")


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _is_readonly(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


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
    """An open evidence database (created when missing, unless ``readonly``).

    Parameters
    ----------
    path
        The database file.
    create
        Create the database when it is missing (else: an error).
    readonly
        Open it read-only (``mode=ro``): nothing is created, migrated or
        switched to WAL, so a database on a read-only disk or file can be read.

    Raises
    ------
    InputError
        When ``path`` exists and is not an accord evidence database, holds an
        unsupported schema version, or (not ``readonly``) cannot be written.
    """

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if (readonly or not create) and not self.path.is_file():
            if self.path.is_dir():
                raise _folder(self.path)
            raise InputError.single("no such evidence database", file=str(self.path),
                                    expected="a database made by 'accord evidence ingest'",
                                    found="nothing at that path",
                                    suggestion=f"accord evidence ingest FILES --db {self.path}")
        if self.path.is_dir():
            raise _folder(self.path)
        self.conn = self._connect_readonly() if readonly else self._connect()
        self.inode = _inode(self.path)
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            empty = self._inspect()
            if empty and readonly:
                raise _not_accord(self.path, "an empty file")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                if empty:
                    self._create()
        except InputError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if _is_readonly(exc):
                raise _read_only(self.path, str(exc)) from None
            raise InputError.single("not an evidence database", file=str(self.path),
                                    expected="an SQLite database made by accord",
                                    found=str(exc)) from None

    def _connect(self) -> sqlite3.Connection:
        """A read-write connection (the file is created when missing)."""
        if self.path.is_file() and not (os.access(self.path, os.W_OK)
                                        and os.access(self.path.parent, os.W_OK)):
            raise _read_only(self.path, "the file or its folder is not writable")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except OSError as exc:
            raise unwritable(self.path, exc, "cannot open the database", "--db") from None
        except sqlite3.OperationalError as exc:       # e.g. a folder it may not write in
            raise InputError.single("cannot open the database", file=str(self.path),
                                    expected="a database file accord can create or open",
                                    found=str(exc),
                                    suggestion="choose another place for it (--db)") from None

    def _connect_readonly(self) -> sqlite3.Connection:
        """A read-only connection: SQLite will not write to the file."""
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise InputError.single("cannot open the database", file=str(self.path),
                                    expected="a readable database file",
                                    found=str(exc)) from None

    def _inspect(self) -> bool:
        """Whether the database is empty; raise unless it is an accord database.

        Reads only, so that a database of another tool is never modified.
        """
        tables = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return True
        if "meta" not in tables:
            raise _not_accord(self.path, "tables " + ", ".join(sorted(tables)))
        try:
            row = self.conn.execute(
                "SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError as exc:
            raise _not_accord(self.path, f"a meta table of another kind ({exc})") from None
        if row is None:
            raise _not_accord(self.path, "no schema_version in its meta table")
        version = str(row[0])
        if not version.isdigit() or int(version) != SCHEMA_VERSION:
            raise InputError.single(
                "unsupported evidence database version", file=str(self.path),
                path=("meta", "schema_version"), expected=str(SCHEMA_VERSION),
                found=repr(version),
                suggestion="a database made by another version of accord, or altered: "
                           "ingest the articles again into a new database")
        for table, columns in _COLUMNS.items():
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            lacking = [c for c in columns if c not in have]
            if lacking:
                found = (f"no table {table}" if not have
                         else f"table {table} without " + ", ".join(lacking))
                raise _not_accord(self.path, found)
        return False

    def _create(self) -> None:
        """Create the tables and the meta row, in one transaction."""
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.conn.execute(statement)
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                              (str(SCHEMA_VERSION),))

    def transaction(self) -> _Transaction:
        """A context manager: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error)."""
        return _Transaction(self.conn, self.path)

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

    def document_by_hash(self, digest: str) -> Document | None:
        """The stored document with this content hash, if any."""
        found = self._select("WHERE hash=?", (digest,))
        return found[0] if found else None

    def documents_named(self, name: str) -> list[Document]:
        """The stored documents read from a file of this name."""
        return self._select("WHERE name=?", (name,))

    def add_document(self, *, hash: str, name: str, path: str, title: str, outlet: str,
                     date: dt.date | None, lang: str, kind: str, text: str, words: int,
                     replace: Sequence[int] = ()) -> tuple[int, bool]:
        """Store a document in its own transaction; ``(id, added)``.

        The documents whose ids are in ``replace`` are deleted in the same
        transaction, with their statements and extractions. A document already
        stored (same hash, not replaced) is left as it is (``added`` false).
        """
        with self.transaction():
            for old in replace:
                self.conn.execute("DELETE FROM documents WHERE id=?", (old,))
            row = self.conn.execute("SELECT id FROM documents WHERE hash=?", (hash,)).fetchone()
            if row is not None:
                return int(row[0]), False
            cur = self.conn.execute(
                "INSERT INTO documents (hash, name, path, title, outlet, date, lang, kind, text,"
                " words, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (hash, name, path, title, outlet, date.isoformat() if date else None, lang,
                 kind, text, words, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
            return int(cur.lastrowid or 0), True

    def moved_away(self) -> bool:
        """Whether the file at ``path`` is no longer the one this store opened
        (removed or replaced by another process since)."""
        return _inode(self.path) != self.inode

    def remove_if_empty(self) -> bool:
        """Delete the database file if it holds no document and no statement.

        The count and the removal happen inside an exclusive transaction, so a
        document another process committed is seen and the file is kept. Closes
        the connection; ``True`` when the file was removed.
        """
        try:
            self.conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:        # busy: someone else is writing to it
            self.close()
            return False
        try:
            counts = self.counts()
            empty = counts["documents"] == 0 and counts["statements"] == 0
            if empty:
                for leftover in (self.path, self.path.with_name(self.path.name + "-wal"),
                                 self.path.with_name(self.path.name + "-shm")):
                    leftover.unlink(missing_ok=True)
        finally:
            self.conn.execute("ROLLBACK")
            self.close()
        return empty

    def documents(self) -> list[Document]:
        """Every stored document, in the order they were added."""
        return self._select("", ())

    def _select(self, where: str, args: tuple[object, ...]) -> list[Document]:
        rows = self.conn.execute("SELECT id, hash, name, path, title, outlet, date, lang, kind,"
                                 f" text, words FROM documents {where} ORDER BY id",
                                 args).fetchall()
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
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.depth = 0

    def __enter__(self) -> None:
        if self.conn.in_transaction:
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_readonly(exc):
                raise _read_only(self.path, str(exc)) from None
            raise
        self.depth = 1

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 *rest: object) -> None:
        if not self.depth:
            return
        if kind is not None:
            self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and _is_readonly(exc):
                raise _read_only(self.path, str(exc)) from None
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if _is_readonly(error):
                raise _read_only(self.path, str(error)) from None
            raise


def open_store(path: str | Path, create: bool = False, readonly: bool = False) -> Store:
    """Open an evidence database; by default it must already exist.

    ``readonly`` opens it with SQLite's ``mode=ro``: the commands that only read
    (list, timeline, check, score, report) work on a read-only file or disk and
    never modify it.
    """
    return Store(path, create=create, readonly=readonly)
