"""The uncertainty section compiled: reproducible uniforms, targets, fixed parameters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.scenario import Scenario
from accord.uncertainty.parameters import BLOCK, fix_parameters, uncertain_parameters


@pytest.fixture
def uncertain(toy_data: dict) -> Scenario:
    toy_data["uncertainty"] = {
        "a.reservation": {"uniform": [0.3, 0.5]},
        "b.weights.price": {"triangular": [2, 4, 8]},
        "mood": {"uniform": [0, 10], "moves": {"b.reservation": [0.2, 0.5],
                                                "c.reservation": [0.9, 0.1]}},
    }
    return Scenario.model_validate(toy_data)


@given(st.integers(0, 3 * BLOCK), st.integers(1, 400), st.integers(1, 300))
def test_a_draw_depends_only_on_the_seed_and_its_index(start: int, length: int,
                                                       cut: int) -> None:
    from accord.scenario.examples import TOY

    data = {**TOY, "uncertainty": {"a.reservation": {"uniform": [0.3, 0.5]}}}
    p = uncertain_parameters(Scenario.model_validate(data))
    whole = p.uniforms(7, start, start + length)
    middle = start + min(cut, length)
    split = np.concatenate([p.uniforms(7, start, middle), p.uniforms(7, middle, start + length)])
    assert np.array_equal(whole, split)
    assert not np.array_equal(whole, p.uniforms(8, start, start + length))


def test_targets_and_shared_draws(uncertain: Scenario) -> None:
    p = uncertain_parameters(uncertain)
    assert p.names == ("a.reservation", "b.weights.price", "mood")
    assert [t.text for t in p.targets] == ["a.reservation", "b.weights.price", "b.reservation",
                                           "c.reservation"]
    values = p.values(np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.5, 0.5, 0.25]]))
    assert values[0].tolist() == [0.3, 2.0, 0.2, 0.9]
    assert values[1].tolist() == [0.5, 8.0, 0.5, 0.1]
    # a quarter of the way up the draw: a quarter of the way along each span
    assert values[2, 2:].tolist() == pytest.approx([0.275, 0.7])


def test_fixing_parameters_takes_them_out_of_the_draws(uncertain: Scenario) -> None:
    fixed = fix_parameters(uncertain, {"a.reservation": 0.45, "c.reservation": 0.6})
    assert fixed.preferences["a"].reservation == 0.45
    assert "a.reservation" not in fixed.uncertainty
    assert fixed.uncertainty["mood"].moves == {"b.reservation": (0.2, 0.5)}
