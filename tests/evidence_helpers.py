"""Shared, built-once evidence databases for the evidence tests (spaCy loads once per process)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from accord.evidence.pipeline import extract_store, ingest_paths
from accord.evidence.store import Store
from accord.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DATA = ROOT / "tests" / "data"
ALASKA = ROOT / "examples" / "alaska-2025" / "scenario.yaml"
SEED_DOCS = ("000", "001", "002", "003", "004")


@functools.cache
def alaska() -> Scenario:
    return load_scenario(ALASKA)


@functools.cache
def extracted_db() -> Path:
    """A database of the seed corpus, the English texts and the held-out texts, extracted
    for the Alaska scenario (built once per test process)."""
    folder = Path(tempfile.mkdtemp(prefix="accord-evidence-"))
    db = folder / "evidence.sqlite"
    with Store(db) as store:
        paths = [DATA / "evidence_en", DATA / "evidence_heldout"]
        if CORPUS.is_dir():
            paths.insert(0, CORPUS)
        ingest_paths(store, paths)
        extract_store(store, alaska(), ALASKA.parent)
    return db
