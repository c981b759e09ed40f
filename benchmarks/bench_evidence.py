"""Evidence throughput: words per second, ingest + extract, end to end.

The seed corpus is copied N times (each copy made distinct, so that it is a new
document) into a temporary folder; a fresh database is filled with
``ingest_paths`` and ``extract_store`` for the Alaska scenario. The clock runs
from before the first file is read to after the last statement is committed,
and includes loading spaCy's model (once per process). Also prints the scores
on the seed gold and the held-out gold.

    .venv/bin/python benchmarks/bench_evidence.py --copies 20
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from accord.evidence.pipeline import extract_store, ingest_paths
from accord.evidence.score import read_gold, score
from accord.evidence.store import Store
from accord.scenario import load_scenario

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "tests" / "data"
ALASKA = ROOT / "examples" / "alaska-2025" / "scenario.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--no-ner", action="store_true")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    for k in range(args.copies):
        for f in sorted(CORPUS.glob("*.txt")):
            (work / f"{k:03d}_{f.name}").write_text(
                f.read_text(encoding="utf-8") + f"\n\nCopie {k}.\n", encoding="utf-8")
    scenario = load_scenario(ALASKA)
    started = time.perf_counter()
    with Store(work / "bench.sqlite") as store:
        report = ingest_paths(store, [work])
        ingested = time.perf_counter()
        extracted = extract_store(store, scenario, ALASKA.parent, use_ner=not args.no_ner)
    done = time.perf_counter()
    total = done - started
    print(f"{args.copies} copies: {report.words:,} words, {len(report.added)} documents, "
          f"{extracted.statements:,} statements")
    print(f"ingest {ingested - started:.2f} s, extract {done - ingested:.2f} s, "
          f"total {total:.2f} s: {report.words / total:,.0f} words/s end to end")
    db = Path(tempfile.mkdtemp()) / "gold.sqlite"
    with Store(db) as store:
        ingest_paths(store, [CORPUS, DATA / "evidence_en", DATA / "evidence_heldout"])
        extract_store(store, scenario, ALASKA.parent, use_ner=not args.no_ner)
        docs, statements = store.documents(), store.statements()
    gold = read_gold(DATA / "gold.tsv")
    held = read_gold(DATA / "evidence_heldout" / "gold.tsv")
    for name, rows in (("seed (fr)", [r for r in gold if not r.doc.startswith("en_")]),
                       ("English dev", [r for r in gold if r.doc.startswith("en_")]),
                       ("held-out", held),
                       ("held-out fr", [r for r in held if r.doc.startswith("fr_")]),
                       ("held-out en", [r for r in held if r.doc.startswith("en_")])):
        s = score(rows, statements, docs)
        print(f"{name:12} gold {s.strict.gold:3}  strict P {s.strict.precision:.2f} "
              f"R {s.strict.recall:.2f} F1 {s.strict.f1:.2f}   relaxed P "
              f"{s.relaxed.precision:.2f} R {s.relaxed.recall:.2f} F1 {s.relaxed.f1:.2f}")


if __name__ == "__main__":
    main()
