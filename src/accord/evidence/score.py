"""Scoring extracted statements against a hand-made gold set.

A gold file is tab-separated, with a header line and one statement a row::

    doc  actor  act  issue  polarity  modality  evidence

``doc`` names a stored document by its file name or the start of it (``000``
for ``000_917f.txt``); ``actor`` and ``issue`` are the scenario's ids (``-``
for a statement on no issue of the scenario); ``act`` is one of demand, offer,
propose, accept, reject, threaten; ``evidence`` is a verbatim piece of the
sentence the statement comes from. Lines starting with ``#`` are comments.

A statement is a key (document, sentence, actor, act, issue). **Strict**
matching needs the same sentence; **relaxed** only the same document. Precision
is the share of extracted keys that match a gold key, recall the share of gold
keys matched by an extracted one; only the documents the gold file names are
scored.

Examples
--------
>>> prf(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
(0.75, 0.5, 0.6)
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import InputError, Problem, suggest
from accord.evidence.nlp import normalise, split_sentences
from accord.evidence.store import Document, Statement
from accord.scenario.quotes import normalise_text

__all__ = ["ACTS", "GoldRow", "Score", "Scores", "check_ids", "prf", "read_gold", "score"]

ACTS = ("demand", "offer", "propose", "accept", "reject", "threaten")
COLUMNS = ("doc", "actor", "act", "issue", "polarity", "modality", "evidence")
MODALITIES = ("asserted", "reported", "quote", "quoted", "analyst", "headline")

Key = tuple[int, int, str, str, str | None]


@dataclass(frozen=True)
class GoldRow:
    """One hand-annotated statement (``line`` is its line in the gold file)."""

    doc: str
    actor: str
    act: str
    issue: str | None
    polarity: int
    modality: str
    evidence: str
    line: int


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one comparison, with its counts."""

    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int
    correct_predicted: int
    found_gold: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Scores:
    """Strict and relaxed scores, overall, per act and per issue."""

    strict: Score
    relaxed: Score
    per_act: dict[str, tuple[Score, Score]] = field(default_factory=dict)
    per_issue: dict[str, tuple[Score, Score]] = field(default_factory=dict)
    polarity_agreement: float = 0.0
    missed: tuple[GoldRow, ...] = ()
    spurious: tuple[Statement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        def pair(p: tuple[Score, Score]) -> dict[str, Any]:
            return {"strict": p[0].to_dict(), "relaxed": p[1].to_dict()}
        return {"strict": self.strict.to_dict(), "relaxed": self.relaxed.to_dict(),
                "per_act": {k: pair(v) for k, v in self.per_act.items()},
                "per_issue": {k: pair(v) for k, v in self.per_issue.items()},
                "polarity_agreement": self.polarity_agreement,
                "missed": [r.__dict__ for r in self.missed],
                "spurious": [s.to_dict() for s in self.spurious]}


def read_gold(path: str | Path) -> list[GoldRow]:
    """Read a gold file.

    Raises
    ------
    InputError
        Listing every malformed row (file, line, column name, what was expected).
    """
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.single("cannot read the gold file", file=str(file),
                                expected="a UTF-8 TSV file", found=str(exc)) from None
    rows: list[GoldRow] = []
    problems: list[Problem] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header_seen:
            header_seen = True
            if tuple(c.strip().lower() for c in cells) != COLUMNS:
                problems.append(Problem("bad gold header", file=str(file), line=number,
                                        expected="\t".join(COLUMNS), found=line[:120]))
                break
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Problem("wrong number of columns", found=str(len(cells)),
                                    expected=f"{len(COLUMNS)} tab-separated columns",
                                    file=str(file), line=number))
            continue
        doc, actor, act, issue, pol, modality, evidence = (c.strip() for c in cells)
        act = act.lower()
        if act not in ACTS:
            problems.append(Problem("unknown act", path=("act",), expected=", ".join(ACTS),
                                    found=repr(act), file=str(file), line=number))
        if pol not in ("+", "-"):
            problems.append(Problem("bad polarity", path=("polarity",), expected="+ or -",
                                    found=repr(pol), file=str(file), line=number))
        if modality.lower() not in MODALITIES:
            problems.append(Problem("unknown modality", path=("modality",),
                                    expected=", ".join(MODALITIES), found=repr(modality),
                                    file=str(file), line=number))
        if not doc or not actor or not evidence:
            problems.append(Problem("empty cell", expected="doc, actor and evidence",
                                    found=line[:120], file=str(file), line=number))
        rows.append(GoldRow(doc, actor.lower(), act, None if issue in ("", "-") else issue,
                            1 if pol == "+" else -1, modality.lower(), evidence, number))
    if not header_seen:
        problems.append(Problem("empty gold file", file=str(file), expected="a header and rows",
                                found="nothing"))
    if problems:
        raise InputError(tuple(problems))
    return rows


def check_ids(rows: Sequence[GoldRow], actors: Sequence[str], issues: Sequence[str],
              gold_file: str = "<gold>") -> None:
    """Check that every gold row names an actor and an issue of the scenario.

    A gold id the scenario does not have could never be matched: it would lower
    the scores silently.

    Raises
    ------
    InputError
        For every row with an unknown actor or issue (with the nearest id).
    """
    problems: list[Problem] = []
    for row in rows:
        if row.actor not in actors:
            problems.append(Problem("unknown actor in the gold file", path=("actor",),
                                    expected="one of the scenario's actors",
                                    found=repr(row.actor), file=gold_file, line=row.line,
                                    suggestion=suggest(row.actor, actors, "actors")))
        if row.issue is not None and row.issue not in issues:
            problems.append(Problem("unknown issue in the gold file", path=("issue",),
                                    expected="one of the scenario's issues, or -",
                                    found=repr(row.issue), file=gold_file, line=row.line,
                                    suggestion=suggest(row.issue, issues, "issues")))
    if problems:
        raise InputError(tuple(problems))


def _match_document(doc: str, documents: Sequence[Document]) -> Document | None:
    for d in documents:
        stem = d.name.rsplit(".", 1)[0]
        if doc in (d.name, stem) or d.name.startswith(doc + "_") or d.name.startswith(doc + "."):
            return d
    return None


def _gold_keys(rows: Sequence[GoldRow], documents: Sequence[Document], gold_file: str,
               ) -> dict[Key, GoldRow]:
    problems: list[Problem] = []
    keys: dict[Key, GoldRow] = {}
    sentences: dict[int, list[tuple[int, int, str]]] = {}
    missing: set[str] = set()
    for row in rows:
        doc = _match_document(row.doc, documents)
        if doc is None and row.doc in missing:
            continue
        if doc is None:
            missing.add(row.doc)
            problems.append(Problem("the gold names a document that is not in the database",
                                    file=gold_file, line=row.line, found=repr(row.doc),
                                    expected="a stored document's file name",
                                    suggestion="ingest the gold's texts first"))
            continue
        if doc.id not in sentences:
            norm = normalise(doc.text)
            sentences[doc.id] = [(a, b, normalise_text(norm[a:b]))
                                 for a, b in split_sentences(norm)]
        needle = normalise_text(row.evidence)
        hit = next(((a, b) for a, b, s in sentences[doc.id] if needle in s), None)
        if hit is None:
            problems.append(Problem("the evidence is not in one sentence of the document",
                                    file=gold_file, line=row.line, found=repr(row.evidence[:80]),
                                    expected=f"a verbatim piece of one sentence of {doc.name}"))
            continue
        keys.setdefault((doc.id, hit[0], row.actor, row.act, row.issue), row)
    if problems:
        raise InputError(tuple(problems))
    return keys


def _compare(pred: set[Key], gold: set[Key]) -> tuple[Score, Score]:
    def loose(k: Key) -> tuple[int, str, str, str | None]:
        return k[0], k[2], k[3], k[4]

    strict = prf(len(pred & gold), len(pred), len(gold & pred), len(gold))
    gl, pl = {loose(k) for k in gold}, {loose(k) for k in pred}
    relaxed_tp_pred = sum(loose(k) in gl for k in pred)
    relaxed_tp_gold = sum(loose(k) in pl for k in gold)
    relaxed = prf(relaxed_tp_pred, len(pred), relaxed_tp_gold, len(gold))
    return (Score(*strict, len(pred), len(gold), len(pred & gold), len(gold & pred)),
            Score(*relaxed, len(pred), len(gold), relaxed_tp_pred, relaxed_tp_gold))


def score(rows: Sequence[GoldRow], statements: Sequence[Statement],
          documents: Sequence[Document], gold_file: str = "<gold>") -> Scores:
    """Compare extracted ``statements`` with the gold ``rows`` (see the module docstring)."""
    gold = _gold_keys(rows, documents, gold_file)
    docs = {k[0] for k in gold} | {d.id for r in rows
                                   if (d := _match_document(r.doc, documents)) is not None}
    by_key: dict[Key, Statement] = {}
    for s in statements:
        if s.document_id in docs:
            by_key.setdefault((s.document_id, s.start, s.actor, s.act, s.issue), s)
    pred, gold_set = set(by_key), set(gold)
    strict, relaxed = _compare(pred, gold_set)
    per_act = {a: _compare({k for k in pred if k[3] == a}, {k for k in gold_set if k[3] == a})
               for a in ACTS if any(k[3] == a for k in pred | gold_set)}
    issues = sorted({k[4] or "-" for k in pred | gold_set})
    per_issue = {i: _compare({k for k in pred if (k[4] or "-") == i},
                             {k for k in gold_set if (k[4] or "-") == i}) for i in issues}
    both = pred & gold_set
    agree = sum(by_key[k].polarity == gold[k].polarity for k in both)
    return Scores(strict, relaxed, per_act, per_issue,
                  round(agree / len(both), 4) if both else 0.0,
                  tuple(gold[k] for k in sorted(gold_set - pred, key=lambda k: gold[k].line)),
                  tuple(by_key[k] for k in sorted(pred - gold_set)))
