"""One draw: the utility model it builds, and its outcomes, against the exhaustive analysis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.zopa import survey_context
from accord.scenario import Proposal, Scenario, with_parameters
from accord.uncertainty.draws import DrawModel, evaluate
from accord.utility import utility_model


@pytest.fixture
def uncertain(toy_data: dict) -> Scenario:
    toy_data["preferences"]["a"]["interactions"] = [
        {"id": "bundle", "when": {"delivery": "fast", "warranty": "one-year"}, "add": 0.1}]
    toy_data["uncertainty"] = {
        "a.reservation": {"uniform": [0.3, 0.7]},
        "b.weights.delivery": {"uniform": [0.5, 6]},
        "b.values.warranty.one-year": {"beta": [2, 2]},
        "a.interactions.bundle": {"uniform": [-0.2, 0.3]},
        "patience": {"uniform": [0, 1], "moves": {"b.reservation": [0.2, 0.7]}},
    }
    return Scenario.model_validate(toy_data)


@given(st.lists(st.floats(0, 1), min_size=6, max_size=6))
def test_model_at_equals_the_scenario_with_those_parameters(u: list[float]) -> None:
    import copy

    from accord.scenario.examples import TOY

    data = copy.deepcopy(TOY)
    # a term on one issue (folded into its table) and one on two (matched per deal)
    data["preferences"]["a"]["interactions"] = [
        {"id": "quick", "when": {"delivery": "fast"}, "add": 0.05},
        {"id": "bundle", "when": {"delivery": "fast", "warranty": "one-year"}, "add": 0.1}]
    data["uncertainty"] = {
        "a.reservation": {"uniform": [0.3, 0.7]}, "b.weights.delivery": {"uniform": [0.5, 6]},
        "b.values.warranty.one-year": {"beta": [2, 2]},
        "a.interactions.quick": {"uniform": [-0.2, 0.2]},
        "mood": {"uniform": [0, 1], "moves": {"b.reservation": [0.2, 0.7],
                                               "c.values.delivery.slow": [0, 1]}}}
    s = Scenario.model_validate(data)
    dm = DrawModel.of(s, [])
    row = dm.parameters.values(np.array([u[:dm.parameters.n_latent]]))[0]
    expected = utility_model(with_parameters(s, {t.text: float(v) for t, v in
                                                 zip(dm.parameters.targets, row, strict=True)}))
    got = dm.model_at(row)
    assert expected.folded.source.tolist() == [0]
    assert expected.interaction_source.tolist() == [1]
    assert np.array_equal(got.tables, expected.tables)
    assert np.array_equal(got.reservation, expected.reservation)
    assert np.array_equal(got.interaction_add, expected.interaction_add)


def test_outcomes_equal_the_exhaustive_analysis(uncertain: Scenario) -> None:
    offer = Proposal(accord=1, id="offer", deal={"price": "mid", "delivery": "fast"})
    dm = DrawModel.of(uncertain, [offer])
    u = np.random.default_rng(3).random((40, dm.parameters.n_latent))
    values = dm.parameters.values(u)
    out = evaluate(dm, values)
    for d in range(values.shape[0]):
        s = with_parameters(uncertain, {t.text: float(v) for t, v in
                                        zip(dm.parameters.targets, values[d], strict=True)})
        ctx = Context.of(s)
        z = survey_context(ctx)
        nash = solve(ctx, z.frontier)["nash"]
        assert out.agreement[d] == (z.acceptable > 0)
        assert out.nash[d] == (nash.outcome.index if nash else -1)
        o = ctx.outcome_of(ctx.space.deal_at(ctx.space.index_of(
            {"price": "mid", "delivery": "fast", "warranty": "none"})))
        assert out.accepted[d, 0] == o.agreement
        assert out.rejects[d, 0].tolist() == [not o.accepts[a] for a in ("a", "b")]


def test_pivotal_blockers(toy_data: dict) -> None:
    toy_data["preferences"]["b"]["reservation"] = 0.95   # only b stands in the way
    toy_data["uncertainty"] = {"a.reservation": {"uniform": [0.1, 0.2]}}
    dm = DrawModel.of(Scenario.model_validate(toy_data), [])
    out = evaluate(dm, dm.parameters.values(np.array([[0.5]])))
    assert not out.agreement[0]
    assert out.pivotal[0].tolist() == [False, True]


@pytest.mark.parametrize("choice", [[0.5], [0.5, 0.5]])
def test_a_shared_draw_of_a_single_point_is_refused_where_it_is_written(
        toy_data: dict, choice: list[float]) -> None:
    # (x - lo) / (hi - lo) divided by zero: every moved parameter was NaN
    from accord.errors import InputError

    toy_data["uncertainty"] = {"mood": {"choice": choice,
                                        "moves": {"b.reservation": [0.99, 0.99]}}}
    with pytest.raises(InputError) as caught:
        Scenario.model_validate(toy_data)
    (problem,) = caught.value.problems
    assert problem.message == "a shared draw whose values are all the same"
    assert problem.path == ("uncertainty", "mood")
    assert "b.reservation" in problem.suggestion
    assert "directly in the preferences" in problem.suggestion
