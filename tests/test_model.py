"""The scenario model: construction, defaults, round trips, distributions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from accord.errors import InputError
from accord.scenario import (
    Scenario,
    dump_scenario,
    load_scenario,
    scenario_from_mapping,
    scenario_from_text,
)
from accord.scenario.model import Distribution
from accord.scenario.synthetic import synthetic_scenario
from conftest import small_scenarios

DATA = Path(__file__).parent / "data"


def test_veto_defaults_follow_the_role(toy: Scenario) -> None:
    assert [a.veto for a in toy.actors] == [True, True, False]


def test_weights_are_normalised(toy: Scenario) -> None:
    assert toy.preferences["a"].normalised_weights == {"price": 0.5, "delivery": 0.2,
                                                      "warranty": 0.3}


@given(small_scenarios())
def test_dump_and_load_round_trip(s: Scenario) -> None:
    assert scenario_from_text(dump_scenario(s)) == s


@pytest.mark.parametrize("name", ["copy.yaml", "copy.json", "COPY.JSON"])
def test_file_round_trip_keeps_everything(tmp_path: Path, name: str) -> None:
    s = load_scenario(DATA / "toy.yaml")
    text = dump_scenario(s, tmp_path / name)
    assert text.startswith("{") == name.lower().endswith(".json")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((DATA / "texts" / "memo.txt").read_text())
    assert load_scenario(tmp_path / name) == s


def test_synthetic_scenarios_are_valid() -> None:
    s = synthetic_scenario(4, 3, 3, seed=5)
    assert len(s.issues) == 4
    assert all(a.veto for a in s.actors)


def test_mediator_veto_explicit_true_survives_a_round_trip(toy_data: dict) -> None:
    toy_data["actors"][2] = {"id": "c", "role": "mediator", "veto": True}
    s = Scenario.model_validate(toy_data)
    assert scenario_from_text(dump_scenario(s)).actor("c").veto


@pytest.mark.parametrize(("spec", "support"), [
    ({"uniform": [0.2, 0.4]}, (0.2, 0.4)),
    ({"triangular": [1, 2, 5]}, (1, 5)),
    ({"truncnormal": [0.5, 0.1, 0.3, 0.9]}, (0.3, 0.9)),
    ({"beta": [2, 3]}, (0, 1)),
    ({"beta": [2, 3, 0.2, 0.6]}, (0.2, 0.6)),
    ({"choice": [0.1, 0.7, 0.3], "p": [0.2, 0.5, 0.3]}, (0.1, 0.7)),
])
def test_distribution_support(spec: dict, support: tuple[float, float]) -> None:
    assert Distribution.model_validate(spec).support == support


@pytest.mark.parametrize(("spec", "message"), [
    ({}, "exactly one of"),
    ({"uniform": [0, 1], "beta": [1, 1]}, "exactly one of"),
    ({"triangular": [0, 2, 1]}, "lo <= mode <= hi"),
    ({"truncnormal": [0, 0, 0, 1]}, "sd > 0"),
    ({"beta": [0, 1]}, "a > 0"),
    ({"beta": [1, 1, 1]}, r"takes \[a, b\]"),
    ({"choice": [1, 2], "p": [0.5]}, "probabilities"),
    ({"choice": [1, 2], "p": [0.6, 0.6]}, "sum to 1"),
    ({"uniform": [0, 1], "p": [1]}, "only with 'choice'"),
])
def test_bad_distributions(spec: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Distribution.model_validate(spec)


def test_mapping_errors_carry_paths(toy_data: dict) -> None:
    toy_data["issues"][0]["status_quo"] = "cheap"
    with pytest.raises(InputError) as info:
        scenario_from_mapping(toy_data)
    p = info.value.problems[0]
    assert p.path == ("issues", 0, "status_quo")
    assert p.suggestion == "valid options: low, mid, high"


def test_messages_give_examples_from_the_scenario_itself(toy_data: dict) -> None:
    """No example in a message comes from another case (the library knows no scenario)."""
    from accord.scenario.io import proposal_from_assignments

    bad = {**toy_data, "uncertainty": {"patience": {"uniform": [0, 1]}}}
    with pytest.raises(InputError) as err:
        scenario_from_mapping(bad)
    found = {p.message: p for p in err.value.problems}
    assert found["not a parameter path"].suggestion == \
        "write e.g. 'a.reservation', or add moves: {a.reservation: [0.4, 0.7]}"
    with pytest.raises(InputError) as err:
        proposal_from_assignments(["price"], scenario_from_mapping(toy_data))
    assert err.value.problems[0].expected == "issue=option, e.g. price=high"


def test_terms_past_1_are_warned_about_unless_the_clip_is_meant(toy_data: dict) -> None:
    from accord.scenario.checks import scenario_warnings

    toy_data["preferences"]["a"]["interactions"] = [
        {"id": "bonus", "when": {"price": ["high"], "delivery": ["slow"]}, "add": 0.5}]
    s = scenario_from_mapping(toy_data)
    (w,) = [p for p in scenario_warnings(s)
            if p.message == "interaction terms can push a utility outside 0..1"]
    assert w.path == ("preferences", "a", "interactions")
    # by hand: lowest 0.2 * 0.3 (low price, fast, two years); highest 1 + 0.5
    assert w.found == "a possible range of [0.060, 1.500]"
    assert not [p for p in scenario_warnings(s, clipping=False) if "0..1" in p.message]
