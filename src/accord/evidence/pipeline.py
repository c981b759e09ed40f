"""The two passes over a database: ingesting files, extracting statements.

Both write one transaction per document, so either can be interrupted (Ctrl-C,
a crash, ``kill -9``) and run again: what was committed stays, what was not is
redone, and nothing is stored twice.

The test hook ``ACCORD_EVIDENCE_PAUSE`` (seconds) makes :func:`ingest_paths`
sleep after each document, so that a test can kill it halfway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, Problem
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text, ner_spans, sentence_triggers
from accord.evidence.ingest import find_files, read_article
from accord.evidence.nlp import normalise, pipeline, split_sentences
from accord.evidence.resolve import Lexicon
from accord.evidence.store import Document, Store
from accord.scenario.model import Scenario

__all__ = ["ExtractReport", "IngestReport", "extract_store", "ingest_paths", "source_of"]

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did."""

    added: tuple[str, ...]
    already: tuple[str, ...]
    words: int


@dataclass(frozen=True)
class ExtractReport:
    """What an extraction did."""

    documents: int
    statements: int
    words: int


def ingest_paths(store: Store, paths: Iterable[str | Path], *, lang: str | None = None,
                 outlet: str | None = None, date: dt.date | None = None,
                 progress: Progress = None) -> IngestReport:
    """Read every file under ``paths`` and store the new ones, one transaction each.

    Raises
    ------
    InputError
        When a path is missing, or files cannot be read (the readable ones are
        stored first, then every problem is reported).
    """
    files = find_files(paths)
    pause = float(os.environ.get("ACCORD_EVIDENCE_PAUSE", "0") or 0)
    added: list[str] = []
    already: list[str] = []
    problems: list[Problem] = []
    words = 0
    for k, file in enumerate(files):
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if store.has_document(digest):
            already.append(str(file))
        else:
            try:
                article = read_article(file, lang=lang, outlet=outlet, date=date)
            except InputError as exc:
                problems += exc.problems
                continue
            _, new = store.add_document(hash=article.hash, name=article.name, path=article.path,
                                        title=article.title, outlet=article.outlet,
                                        date=article.date, lang=article.lang, kind=article.kind,
                                        text=article.text, words=article.words)
            (added if new else already).append(str(file))
            words += article.words
            if pause:
                time.sleep(pause)
        if progress is not None:
            progress(k + 1, len(files))
    if problems:
        raise InputError(tuple(problems))
    return IngestReport(tuple(added), tuple(already), words)


def source_of(document: Document, scenario: Scenario, base_dir: str | Path) -> str | None:
    """The id of the scenario source whose local copy is this document, if any."""
    for src in scenario.sources:
        if not src.path:
            continue
        file = Path(base_dir) / src.path
        try:
            if hashlib.sha256(file.read_bytes()).hexdigest() == document.hash:
                return src.id
        except OSError:
            pass
        if file.name == document.name:
            return src.id
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
    total = 0
    words = 0
    for k, doc in enumerate(docs):
        statements = extract_text(doc.text, doc.lang, lexicon, document_id=doc.id,
                                  entities=_entities(doc, lexicon, use_ner))
        source = source_of(doc, scenario, base_dir)
        date = doc.date or (scenario.source(source).date if source else None)
        store.replace_statements(doc.id, scenario.id, statements, source=source, date=date,
                                 extractor=EXTRACTOR_VERSION)
        total += len(statements)
        words += doc.words
        if progress is not None:
            progress(k + 1, len(docs))
    return ExtractReport(len(docs), total, words)
