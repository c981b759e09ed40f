"""Every example file loads, validates and analyses; every proposal evaluates."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.analysis import analyze
from accord.scenario import load_proposal
from accord.validate import validate_file
from conftest import EXAMPLES, needs_shared

SCENARIOS = sorted(EXAMPLES.rglob("scenario.yaml"))


def _proposals(scenario: Path) -> list[Path]:
    return sorted((scenario.parent / "proposals").glob("*.yaml"))


def test_there_are_examples() -> None:
    assert SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.parent.name for p in SCENARIOS])
def test_example_validates_and_analyses(path: Path) -> None:
    checked = validate_file(path)
    s = checked.scenario
    unsupported = [w for w in checked.warnings if "neither evidence nor an assumption" in w.message]
    assert unsupported == [], "every number carries evidence or an assumption"
    proposals = [load_proposal(p, s) for p in _proposals(path)]
    result = analyze(s, proposals, top=3)
    assert result.survey.feasible > 0
    for ev in result.evaluations:
        assert ev.explanation
        if not ev.accepted and result.survey.acceptable:
            assert ev.nearest is not None
            assert ev.nearest.outcome.agreement


@needs_shared
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.parent.name for p in SCENARIOS])
def test_every_quote_is_checked_against_its_source(path: Path) -> None:
    checked = validate_file(path)
    unreadable = [w for w in checked.warnings if "not available" in w.message]
    assert unreadable == []
    assert all(src.path for src in checked.scenario.sources), "every source has a local text"
