"""Parameter paths: parsing, checking, reading and overriding."""

from __future__ import annotations

import pytest

from accord.errors import InputError
from accord.scenario import Scenario, get_parameter, parameter_paths, with_parameters
from accord.scenario.paths import covers, parse_parameter


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
