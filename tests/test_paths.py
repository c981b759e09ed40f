"""Parameter paths: parsing, checking, reading and overriding."""

from __future__ import annotations

import pytest

from accord.errors import InputError
from accord.scenario import Scenario, get_parameter, parameter_paths, with_parameters
from accord.scenario.paths import (
    canonical_overrides,
    canonical_parameter,
    covers,
    parse_parameter,
)
from accord.uncertainty.parameters import fix_parameters


def test_every_number_has_a_path_that_reads_back(toy: Scenario) -> None:
    paths = parameter_paths(toy)
    assert "a.values.warranty.two-years" in paths
    assert "c.power" not in paths           # not a veto actor: its power is unused
    for p in paths:
        get_parameter(toy, p)


@pytest.mark.parametrize(("text", "message"), [
    ("reservation", "starts with an actor id"),
    ("a.weight.price", "did you mean 'weights'"),
    ("a.values.price", "values.<issue>.<option>"),
    ("a.reservation.x", "written reservation"),
])
def test_malformed_paths(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_parameter(text)


@pytest.mark.parametrize(("text", "hint"), [
    ("z.reservation", "valid actors"),
    ("a.weights.prise", "did you mean 'price'"),
    ("a.values.price.hi", "did you mean 'high'"),
    ("a.interactions.x", "no interaction"),
])
def test_paths_naming_nothing(toy: Scenario, text: str, hint: str) -> None:
    with pytest.raises(InputError) as info:
        get_parameter(toy, text)
    assert hint in info.value.problems[0].suggestion


def test_overrides(toy: Scenario) -> None:
    s = with_parameters(toy, {"a.reservation": 0.3, "b.weights.price": 8,
                              "b.values.delivery.slow": 0.2, "c.veto": True, "a.power": 5})
    assert s.preferences["a"].reservation == 0.3
    assert s.preferences["b"].normalised_weights["price"] == pytest.approx(8 / 14)
    assert s.preferences["b"].values["delivery"]["slow"] == 0.2
    assert s.actor("c").veto
    assert s.actor("a").power == 5
    assert toy.preferences["a"].reservation == 0.4   # the original is untouched


@pytest.mark.parametrize(("overrides", "message", "found"), [
    ({"c.veto": 0.3}, "a veto is true or false", "0.3"),
    ({"a.reservation": True}, "a reservation parameter is a number", "true"),
    ({"b.weights.price": False}, "a weights parameter is a number", "false"),
])
def test_a_veto_takes_a_truth_value_and_only_a_veto_does(
        toy: Scenario, overrides: dict[str, float | bool], message: str, found: str) -> None:
    with pytest.raises(InputError) as info:
        with_parameters(toy, overrides)
    ((problem),) = info.value.problems
    assert (problem.message, problem.found) == (message, found)
    # 0 and 1 stand for false and true (a draw or a slider may give them as numbers)
    assert with_parameters(toy, {"c.veto": 1}).actor("c").veto
    assert not with_parameters(toy, {"a.veto": 0.0}).actor("a").veto


def test_overrides_report_every_problem(toy: Scenario) -> None:
    with pytest.raises(InputError) as info:
        with_parameters(toy, {"a.reservaton": 0.3, "b.reservation": 1.5,
                              "a.weights.price": -1})
    messages = [p.message for p in info.value.problems]
    assert messages[0] == "bad parameter path"
    assert len(messages) == 3


def test_covers() -> None:
    assert covers("weights", "weights.price")
    assert covers("values.price", "values.price.low")
    assert not covers("values.pri", "values.price.low")


def _with_interaction(toy: Scenario) -> Scenario:
    """The toy scenario with one named interaction for actor a, and it uncertain."""
    data = toy.model_dump(by_alias=True)
    data["preferences"]["a"]["interactions"] = [
        {"id": "bundle", "when": {"price": ["high"], "delivery": ["fast"]}, "add": 0.1}]
    data["uncertainty"] = {"a.interactions.bundle": {"uniform": [0.0, 0.2]},
                           "a.reservation": {"uniform": [0.1, 0.3]}}
    return Scenario.model_validate(data)


def test_every_spelling_of_a_parameter_has_one_canonical_name(toy: Scenario) -> None:
    s = _with_interaction(toy)
    assert canonical_parameter(s, "a.interactions.0") == "a.interactions.bundle"
    assert canonical_parameter(s, " a.interactions.bundle ") == "a.interactions.bundle"
    assert canonical_parameter(s, "a.reservation\t") == "a.reservation"
    assert canonical_overrides(s, {"a.interactions.0": 0.05}) == {"a.interactions.bundle": 0.05}


@pytest.mark.parametrize("keys", [
    ("a.reservation", "a.reservation "),
    ("a.interactions.0", "a.interactions.bundle"),
])
def test_two_names_of_one_parameter_are_refused(toy: Scenario, keys: tuple[str, str]) -> None:
    s = _with_interaction(toy)
    overrides = {keys[0]: 0.05, keys[1]: 0.15}
    for call in (canonical_overrides, with_parameters):
        with pytest.raises(InputError) as info:
            call(s, overrides)
        assert info.value.problems[0].message == "a parameter set twice"


@pytest.mark.parametrize("key", ["a.interactions.0", "a.interactions.bundle", " a.reservation"])
def test_a_fixed_parameter_is_no_longer_drawn_whatever_its_spelling(toy: Scenario,
                                                                     key: str) -> None:
    s = _with_interaction(toy)
    fixed = fix_parameters(s, {key: 0.2})
    assert canonical_parameter(s, key) not in fixed.uncertainty
    assert len(fixed.uncertainty) == 1
    assert get_parameter(fixed, key) == 0.2


def test_an_override_out_of_range_is_located_at_its_parameter(toy: Scenario) -> None:
    with pytest.raises(InputError) as info:
        with_parameters(toy, {"a.weights.price": 1e300})
    problem = info.value.problems[0]
    assert problem.path == ("--param", "a.weights.price")
    assert problem.expected == "a number <= 1e+100"


def test_weights_up_to_the_limit_sum_without_overflow(toy: Scenario) -> None:
    s = with_parameters(toy, {"a.weights.price": 1e100, "a.weights.delivery": 1e100,
                              "a.weights.warranty": 1e100})
    assert sum(s.preferences["a"].normalised_weights.values()) == pytest.approx(1.0)


def test_a_value_the_actor_does_not_give_is_refused_not_ignored(toy: Scenario) -> None:
    data = toy.model_dump(by_alias=True)
    del data["preferences"]["a"]["weights"]["warranty"]
    del data["preferences"]["a"]["values"]["warranty"]
    s = Scenario.model_validate(data)
    for call in (lambda: with_parameters(s, {"a.values.warranty.none": 0.5}),
                 lambda: get_parameter(s, "a.values.warranty.none")):
        with pytest.raises(InputError) as info:
            call()
        problem = info.value.problems[0]
        assert problem.message == "'a' gives no value for 'warranty'"
        assert problem.path == ("--param", "a.values.warranty.none")
        assert "preferences.a.weights.warranty" in problem.suggestion
