"""An uploaded scenario, read and checked as ``accord validate`` checks a file.

Quotes aside: an upload has no folder, so the sources' file paths are dropped
and the server never reads a path named in a request.

Examples
--------
>>> from accord.scenario import dump_scenario
>>> from accord.scenario.examples import toy_scenario
>>> text = decode_upload(dump_scenario(toy_scenario()).encode("utf-8"), "toy.yaml")
>>> scenario, warnings = check_upload(text, "toy.yaml")
>>> scenario.id, all(s.path == "" for s in scenario.sources)
('toy', True)
"""

from __future__ import annotations

from accord.errors import InputError, Problem
from accord.scenario.document import decode_text, parse_text
from accord.scenario.io import scenario_from_document
from accord.scenario.model import Scenario
from accord.validate import validate_scenario
from accord.web.errors import TooLargeError
from accord.web.limits import MAX_UPLOAD_BYTES

__all__ = ["check_upload", "decode_upload"]


def decode_upload(raw: bytes, name: str) -> str:
    """An uploaded file's bytes as text, refused as ``accord validate`` refuses a file.

    Raises
    ------
    TooLargeError
        Over :data:`MAX_UPLOAD_BYTES`.
    InputError
        Not UTF-8 (with line and column).
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        raise TooLargeError.of(len(raw), name)
    return decode_text(raw, name)


def _without_paths(scenario: Scenario) -> Scenario:
    """The scenario with its sources' file paths dropped (nothing of an upload is read)."""
    sources = tuple(s.model_copy(update={"path": ""}) for s in scenario.sources)
    return scenario.model_copy(update={"sources": sources})


def check_upload(text: str, name: str) -> tuple[Scenario, tuple[Problem, ...]]:
    """Check an uploaded scenario as ``accord validate`` checks a file (quotes aside).

    Returns
    -------
    tuple
        The scenario without its sources' file paths, and the warnings located in ``name``.

    Raises
    ------
    InputError
        Every error, located by line and column in ``name``.
    """
    doc = parse_text(text, name, json_only=name.lower().endswith(".json"))
    scenario = scenario_from_document(doc)
    errors, warnings = validate_scenario(scenario)
    if errors:
        raise InputError(tuple(doc.locate(p) for p in errors))
    return _without_paths(scenario), tuple(doc.locate(p) for p in warnings)
