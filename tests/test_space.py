"""The deal space: encoding, constraints, neighbours, feasibility."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import InputError
from accord.scenario import Scenario
from accord.scenario.synthetic import synthetic_data
from accord.space import check_feasible, deal_space
from conftest import brute_rows, small_scenarios


@given(small_scenarios(), st.data())
def test_encoding_round_trips(s: Scenario, data: st.DataObject) -> None:
    space = deal_space(s)
    index = data.draw(st.lists(st.integers(0, space.size - 1), min_size=1, max_size=20))
    assert space.encode(space.decode(index)).tolist() == index
    for i in index:
        assert space.index_of(space.deal_at(i)) == i


@given(small_scenarios())
def test_encoding_is_lexicographic_like_itertools_product(s: Scenario) -> None:
    space = deal_space(s)
    for row in brute_rows(s):
        assert dict(space.deal_at(row.index)) == row.deal


@given(small_scenarios())
def test_constraints_are_honoured(s: Scenario) -> None:
    space = deal_space(s)
    ok = space.feasible_range(0, space.size)
    expected = np.array([r.feasible for r in brute_rows(s)])
    assert np.array_equal(ok, expected)
    assert np.array_equal(space.feasible(space.decode(np.arange(space.size))), expected)


def test_if_then_semantics(toy_data: dict) -> None:
    toy_data["constraints"] = [{"id": "fast-needs-price", "if": {"delivery": "fast"},
                                "then": {"price": ["mid", "high"], "warranty": "none"}}]
    s = Scenario.model_validate(toy_data)
    space = deal_space(s)
    for i in range(space.size):
        deal = space.deal_at(i)
        ok = deal["delivery"] != "fast" or (deal["price"] != "low" and deal["warranty"] == "none")
        assert bool(space.feasible(space.decode([i]))[0]) == ok
        assert (space.broken_constraints(deal) == ["fast-needs-price"]) == (not ok)


@given(small_scenarios(constraints=False), st.data())
def test_neighbours_are_exactly_the_deals_at_that_distance(s: Scenario,
                                                            data: st.DataObject) -> None:
    space = deal_space(s)
    base = space.decode([data.draw(st.integers(0, space.size - 1))])[0]
    seen = []
    for k in range(space.n_issues + 1):
        rows = np.concatenate(list(space.neighbours(base, k, batch=3)))
        assert ((rows != base).sum(axis=1) == k).all()
        expected = sum(math.prod(int(space.radices[i]) - 1 for i in subset)
                       for subset in __import__("itertools").combinations(range(space.n_issues), k))
        assert rows.shape[0] == expected
        seen.append(space.encode(rows))
    everything = np.concatenate(seen)
    assert sorted(everything.tolist()) == list(range(space.size))


def test_infeasible_constraint_set_is_reported(toy_data: dict) -> None:
    toy_data["constraints"] = [{"id": "no-slow", "forbid": {"delivery": "slow"}},
                               {"id": "no-fast", "forbid": {"delivery": "fast"}}]
    problem = check_feasible(deal_space(Scenario.model_validate(toy_data)))
    assert problem is not None
    assert "no feasible deal" in problem.message


def test_huge_space_is_refused() -> None:
    data = synthetic_data(n_issues=70, n_options=2, n_actors=2)
    with pytest.raises(InputError, match="too large to number"):
        deal_space(Scenario.model_validate(data))


def test_a_file_whose_space_is_too_large_is_refused_at_its_issues(tmp_path: Path) -> None:
    """The message names the file and the line of ``issues:`` (it said ``<input>`` before)."""
    from typer.testing import CliRunner

    from accord.cli import app
    from accord.scenario.io import dump_scenario

    path = tmp_path / "huge.yaml"
    dump_scenario(Scenario.model_validate(synthetic_data(n_issues=70, n_options=2, n_actors=2)),
                  path)
    line = path.read_text().splitlines().index("issues:") + 1
    for command in (["validate"], ["analyze"], ["evaluate"]):
        result = CliRunner().invoke(app, [*command, str(path)])
        assert result.exit_code == 2, command
        assert f"{path}:{line}:1: error: the deal space is too large to number at issues" \
            in result.output
        assert "found:    1.181e+21 deals" in result.output
    # export needs no deal one by one: it writes the GENIUS folder
    out = tmp_path / "genius"
    result = CliRunner().invoke(app, ["export", "genius", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.xml"))) == 3


def test_validation_lets_a_huge_space_through_only_when_asked_and_without_constraints(
        tmp_path: Path) -> None:
    from accord.scenario.io import dump_scenario
    from accord.validate import validate_file

    data = synthetic_data(n_issues=70, n_options=2, n_actors=2)
    path = tmp_path / "huge.yaml"
    dump_scenario(Scenario.model_validate(data), path)
    checked = validate_file(path, numbered=False)
    assert (checked.deals, checked.feasible) == (2**70, 2**70)
    with pytest.raises(InputError, match="too large to number"):
        validate_file(path)
    first = data["issues"][0]
    data["constraints"] = [{"id": "c", "forbid": {first["id"]: first["options"][0]}}]
    dump_scenario(Scenario.model_validate(data), path)
    with pytest.raises(InputError, match="too large to number"):    # feasibility is unknown
        validate_file(path, numbered=False)


def test_validate_counts_the_feasible_deals_of_any_space_without_constraints(
        tmp_path: Path) -> None:
    from accord.scenario.io import dump_scenario
    from accord.validate import validate_file

    data = synthetic_data(n_issues=12, n_options=10, n_actors=2)    # 10^12 deals
    path = tmp_path / "wide.yaml"
    dump_scenario(Scenario.model_validate(data), path)
    report = validate_file(path)
    assert (report.deals, report.feasible) == (10**12, 10**12)
    data["constraints"] = [{"id": "c", "forbid": {"i11": "o1"}}]
    dump_scenario(Scenario.model_validate(data), path)
    assert validate_file(path).feasible is None     # past 10^9 deals, not counted
