"""Utilities: the compiled kernels against an independent brute-force computation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from accord.scenario import Scenario
from accord.space import deal_space
from accord.utility import evaluate_digits, evaluate_range, utility_model
from conftest import brute_rows, small_scenarios


def test_toy_utilities_by_hand(toy: Scenario) -> None:
    space, model = deal_space(toy), utility_model(toy)
    u, ok = evaluate_range(space, model, 0, space.size)
    # mid price, fast delivery, one-year warranty: a = .5*.6 + .2*.3 + .3*.6 ; b = .4*.5+.3+.3*.7
    row = space.index_of({"price": "mid", "delivery": "fast", "warranty": "one-year"})
    assert u[row].tolist() == pytest.approx([0.54, 0.71, 1.0])
    assert ok.sum() == 15  # 3 of 18 deals pair fast delivery with a two-year warranty


@given(small_scenarios())
def test_range_kernel_matches_brute_force(s: Scenario) -> None:
    space, model = deal_space(s), utility_model(s)
    u, ok = evaluate_range(space, model, 0, space.size)
    for row in brute_rows(s):
        assert ok[row.index] == row.feasible
        for c, a in enumerate(model.actor_ids):
            if row.feasible:
                assert u[row.index, c] == pytest.approx(row.utilities[a], abs=1e-12)
            else:       # infeasible deals are not evaluated while streaming
                assert np.isnan(u[row.index, c])


@given(small_scenarios())
def test_chunks_and_digit_kernel_agree(s: Scenario) -> None:
    space, model = deal_space(s), utility_model(s)
    whole, ok = evaluate_range(space, model, 0, space.size)
    parts = [evaluate_range(space, model, a, b) for a, b in space.chunks(3)]
    assert np.array_equal(np.concatenate([p[0] for p in parts]), whole, equal_nan=True)
    assert np.array_equal(np.concatenate([p[1] for p in parts]), ok)
    u2, ok2 = evaluate_digits(space, model, space.decode(np.arange(space.size)))
    assert np.array_equal(u2[ok], whole[ok])
    assert np.array_equal(ok2, ok)


def test_interaction_clips_to_unit_interval(toy_data: dict) -> None:
    toy_data["preferences"]["c"]["interactions"] = [
        {"id": "bonus", "when": {"delivery": "fast"}, "add": 0.5}]
    s = Scenario.model_validate(toy_data)
    space, model = deal_space(s), utility_model(s)
    u, _ = evaluate_range(space, model, 0, space.size)
    assert np.nanmax(u[:, model.column("c")]) == 1.0


def test_empty_range() -> None:
    from accord.scenario.examples import toy_scenario

    s = toy_scenario()
    u, ok = evaluate_range(deal_space(s), utility_model(s), 5, 5)
    assert u.shape == (0, 3)
    assert ok.shape == (0,)
