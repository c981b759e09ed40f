"""Evidence: from news articles to sourced statements, linked to every number.

The pipeline: :func:`ingest_paths` reads text and HTML files into an SQLite
store (:class:`Store`); :func:`extract_store` finds who demands, offers,
proposes, accepts, rejects or threatens what, against a scenario's actors and
issues; :func:`check` ties each number of the scenario to the statements that
support or contradict it; :func:`timeline` follows positions across dates;
:func:`score` measures the extractor against a gold set.
"""

from accord.evidence.link import Check, check, suggest
from accord.evidence.pipeline import extract_store, ingest_paths
from accord.evidence.score import read_gold, score
from accord.evidence.store import Document, Statement, Store, open_store
from accord.evidence.timeline import timeline

__all__ = [
    "Check",
    "Document",
    "Statement",
    "Store",
    "check",
    "extract_store",
    "ingest_paths",
    "open_store",
    "read_gold",
    "score",
    "suggest",
    "timeline",
]
