"""The two passes over a database: ingesting files, extracting statements.

Both write one transaction per document, so either can be interrupted (Ctrl-C,
a crash, ``kill -9``) and run again: what was committed stays, what was not is
redone, and nothing is stored twice.

The test hook ``ACCORD_EVIDENCE_PAUSE`` (seconds) makes :func:`ingest_paths`
sleep after each document, so that a test can kill it halfway.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, Problem
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text, ner_spans, sentence_triggers
from accord.evidence.ingest import load_source, parse_source, scan
from accord.evidence.nlp import normalise, pipeline, split_sentences
from accord.evidence.resolve import Lexicon
from accord.evidence.store import Document, Store
from accord.scenario.model import Scenario

__all__ = ["ExtractReport", "IngestReport", "extract_store", "ingest_paths", "source_of"]

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did.

    ``added`` and ``replaced`` are the files stored (``replaced``: in place of an
    earlier version, with ``--replace``), ``already`` those stored before,
    ``words`` the words of the stored ones, ``skipped`` the folder entries that
    could not be read (path, reason), ``warnings`` what the user should know
    (those skips; metadata given for a file already stored, and kept).
    """

    added: tuple[str, ...]
    already: tuple[str, ...]
    words: int
    replaced: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ExtractReport:
    """What an extraction did (``warnings``: documents not linked to a source)."""

    documents: int
    statements: int
    words: int
    warnings: tuple[Problem, ...] = ()


def _pause() -> float:
    """The test hook's pause in seconds (an invalid or negative value: none)."""
    try:
        value = float(os.environ.get("ACCORD_EVIDENCE_PAUSE", "") or 0)
    except ValueError:
        return 0.0
    return value if 0 < value < float("inf") else 0.0


def _metadata_changes(stored: Document, lang: str | None, outlet: str | None,
                      date: dt.date | None) -> list[str]:
    """The options given that differ from what is stored (``--date 2025-08-01``)."""
    changes = []
    if lang is not None and lang != stored.lang:
        changes.append(f"--lang {lang} (stored: {stored.lang})")
    if outlet is not None and outlet != stored.outlet:
        changes.append(f"--outlet {outlet!r} (stored: {stored.outlet!r})")
    if date is not None and date != stored.date:
        changes.append(f"--date {date.isoformat()} (stored: "
                       f"{stored.date.isoformat() if stored.date else 'none'})")
    return changes


def _kept_metadata(file: Path, changes: list[str]) -> Problem:
    return Problem("already stored: its stored metadata was kept", file=str(file),
                   expected="the values stored with it", found=", ".join(changes),
                   suggestion="pass --replace to store it again with these values (its "
                              "statements are removed: run accord evidence extract again)",
                   severity="warning")


def _other_version(file: Path, olds: Sequence[Document]) -> Problem:
    return Problem("another text is stored under this file name", file=str(file),
                   expected=f"the text stored from {olds[0].path}",
                   found="a different text (the article edited, or another article with "
                         "the same name)",
                   suggestion="pass --replace to replace the stored document and its "
                              "statements, or rename the file if it is another article")


def ingest_paths(store: Store, paths: Iterable[str | Path], *, lang: str | None = None,
                 outlet: str | None = None, date: dt.date | None = None,
                 replace: bool = False, progress: Progress = None) -> IngestReport:
    """Read every file under ``paths`` and store the new ones, one transaction each.

    A file is the document already stored when its normalised text is (any
    name): it is not stored again. A file whose name is stored with another
    text is refused, unless ``replace``: then it replaces the stored document
    and its statements in one transaction. ``lang``, ``outlet`` or ``date``
    differing from those of a stored document give a warning (the stored ones
    are kept), unless ``replace``.

    Raises
    ------
    InputError
        When a path is missing, or files cannot be read or are refused (the
        others are stored first, then every problem is reported).
    """
    found = scan(paths)
    pause = _pause()
    added: list[str] = []
    replaced: list[str] = []
    already: list[str] = []
    problems: list[Problem] = []
    warnings = [Problem(f"skipped: {reason}", file=path, severity="warning")
                for path, reason in found.skipped]
    words = 0
    for k, file in enumerate(found.files):
        try:
            source = load_source(file)
            stored = store.document_by_hash(source.hash) or (
                store.document_by_hash(source.raw_hash) if source.raw_hash else None)
            olds: list[Document] = []
            if stored is not None:
                changes = _metadata_changes(stored, lang, outlet, date)
                if not changes:
                    already.append(str(file))
                elif not replace:
                    already.append(str(file))
                    warnings.append(_kept_metadata(file, changes))
                else:
                    olds = [stored]
            else:
                olds = store.documents_named(file.name)
                if olds and not replace:
                    raise InputError((_other_version(file, olds),))
            if stored is None or olds:
                article = parse_source(source, lang=lang, outlet=outlet, date=date)
                _, new = store.add_document(
                    hash=article.hash, name=article.name, path=article.path,
                    title=article.title, outlet=article.outlet, date=article.date,
                    lang=article.lang, kind=article.kind, text=article.text,
                    words=article.words, replace=[d.id for d in olds])
                (replaced if olds else added if new else already).append(str(file))
                words += article.words if new else 0
                if pause:
                    time.sleep(pause)
        except InputError as exc:
            problems += exc.problems
        if progress is not None:
            progress(k + 1, len(found.files))
    if problems:
        raise InputError(tuple(problems), tuple(warnings))
    return IngestReport(tuple(added), tuple(already), words, tuple(replaced), found.skipped,
                        tuple(warnings))


def _source_hashes(scenario: Scenario, base_dir: str | Path) -> dict[str, str]:
    """The content hash of each scenario source with a readable local copy."""
    hashes = {}
    for src in scenario.sources:
        if src.path:
            try:
                hashes[src.id] = load_source(Path(base_dir) / src.path).hash
            except InputError:
                continue
    return hashes


def source_of(document: Document, scenario: Scenario, base_dir: str | Path,
              hashes: dict[str, str] | None = None) -> str | None:
    """The id of the scenario source whose local copy has this document's text.

    The match is by content (the hash of the normalised text), never by file
    name alone: a file that only shares a source's name is another article.
    """
    known = _source_hashes(scenario, base_dir) if hashes is None else hashes
    return next((sid for sid, digest in known.items() if digest == document.hash), None)


def _name_only(document: Document, scenario: Scenario) -> Problem | None:
    """The warning for a document named like a source whose text it does not hold."""
    for src in scenario.sources:
        if src.path and Path(src.path).name == document.name:
            return Problem("a document has a source's file name but not its text: not linked "
                           "to that source", file=document.path,
                           expected=f"the text of source {src.id!r} ({src.path})",
                           found="another text", severity="warning",
                           suggestion="if it is that article, ingest the source's file with "
                                      "--replace; otherwise rename the file")
    return None


_NAME = re.compile(r"(?<=[\w,;:] )[A-ZÀ-ÖØ-Þ][\w'-]+")


def _entities(doc: Document, lexicon: Lexicon, use_ner: bool,
              ) -> list[list[tuple[int, int]]] | None:
    """NER spans for the sentences that have a trigger (see :func:`extract_text`).

    spaCy runs only where it can change an attribution: sentences with a trigger
    and an issue that name someone (a capitalised word inside the sentence) who is
    not a known actor. Elsewhere the list is empty.
    """
    if not use_ner:
        return None
    norm = normalise(doc.text)
    out: list[list[tuple[int, int]]] = []
    todo: list[tuple[int, str]] = []
    for a, b in split_sentences(norm):
        sentence = norm[a:b]
        if not sentence_triggers(sentence, doc.lang):
            continue
        out.append([])
        if not lexicon.issues_in(sentence):
            continue
        actors = lexicon.actors_in(sentence)
        names = [m for m in _NAME.finditer(sentence)
                 if not any(x.start <= m.start() < x.end for x in actors)]
        if names:
            todo.append((len(out) - 1, sentence))
    if todo:
        nlp = pipeline(doc.lang)
        for (k, _), spans in zip(todo, ner_spans(nlp.pipe([t for _, t in todo], batch_size=64)),
                                 strict=True):
            out[k] = spans
    return out


def extract_store(store: Store, scenario: Scenario, base_dir: str | Path, *,
                  documents: Sequence[Document] | None = None, use_ner: bool = True,
                  progress: Progress = None) -> ExtractReport:
    """Extract the statements of every stored document for ``scenario``.

    Each document's statements replace those of an earlier extraction for the
    same scenario, in one transaction: running it twice gives the same rows.
    """
    lexicon = Lexicon.of(scenario)
    store.record_scenario(scenario.id, scenario.actor_ids, scenario.issue_ids)
    docs = list(documents) if documents is not None else store.documents()
    hashes = _source_hashes(scenario, base_dir)
    total = 0
    words = 0
    warnings: list[Problem] = []
    for k, doc in enumerate(docs):
        statements = extract_text(doc.text, doc.lang, lexicon, document_id=doc.id,
                                  entities=_entities(doc, lexicon, use_ner))
        source = source_of(doc, scenario, base_dir, hashes)
        if source is None and (warning := _name_only(doc, scenario)) is not None:
            warnings.append(warning)
        date = doc.date or (scenario.source(source).date if source else None)
        store.replace_statements(doc.id, scenario.id, statements, source=source, date=date,
                                 extractor=EXTRACTOR_VERSION)
        total += len(statements)
        words += doc.words
        if progress is not None:
            progress(k + 1, len(docs))
    return ExtractReport(len(docs), total, words, tuple(warnings))
