"""Branch and bound against the exhaustive survey: the same Nash solution, always."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis import search
from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.proposals import evaluate_context
from accord.analysis.search import SearchStoppedError, nash_search, nearest_search
from accord.analysis.zopa import survey_context
from accord.scenario import Scenario
from conftest import opposed_data, small_scenarios


@given(small_scenarios(max_issues=5))
def test_branch_and_bound_finds_the_survey_nash_solution(s: Scenario) -> None:
    ctx = Context.of(s)
    z = survey_context(ctx)
    nash = solve(ctx, z.frontier)["nash"]
    index, value = nash_search(ctx.space, ctx.model)
    if nash is None:
        assert index == -1
        assert nash_search(ctx.space, ctx.model, first_only=True)[0] == -1
        return
    assert index == nash.outcome.index
    assert value == nash.value
    first, _ = nash_search(ctx.space, ctx.model, first_only=True)
    assert first >= 0
    assert ctx.outcome(first).agreement


def test_toy(toy: Scenario) -> None:
    ctx = Context.of(toy)
    index, value = nash_search(ctx.space, ctx.model)
    assert dict(ctx.deal(index)) == {"price": "high", "delivery": "fast", "warranty": "one-year"}
    assert round(value, 6) == 0.0544


def _opposed(issues: int) -> Context:
    return Context.of(Scenario.model_validate(opposed_data(issues)))


@given(small_scenarios(max_issues=5), st.data())
def test_searches_resumed_every_few_steps_give_the_answers_of_one_run(
        s: Scenario, data: st.DataObject) -> None:
    ctx = Context.of(s)
    base = ctx.space.digits_of({i.id: data.draw(st.sampled_from(i.option_ids))
                                for i in s.issues})
    with mock.patch.object(search, "CHECK_EVERY", 1 << 40):        # one run, to the end
        whole = (nash_search(ctx.space, ctx.model),
                 nearest_search(ctx.space, ctx.model, base))
    with mock.patch.object(search, "CHECK_EVERY", 3):              # stopped and resumed
        stepped = (nash_search(ctx.space, ctx.model, cancel=lambda: False),
                   nearest_search(ctx.space, ctx.model, base, seconds=600.0))
    assert stepped == whole


def test_a_bounded_nearest_search_gives_up_on_a_huge_space() -> None:
    ctx = _opposed(17)
    base = ctx.space.digits_of({i.id: "o0" for i in ctx.scenario.issues})
    start = time.monotonic()
    with pytest.raises(SearchStoppedError) as info:
        nearest_search(ctx.space, ctx.model, base, seconds=0.3)
    assert info.value.timed_out
    assert time.monotonic() - start < 10
    with pytest.raises(SearchStoppedError) as info:
        nearest_search(ctx.space, ctx.model, base, cancel=lambda: True)
    assert not info.value.timed_out
    ev = evaluate_context(ctx, {}, seconds=0.3)
    assert not ev.nearest_searched
    assert ev.nearest is None
    assert "not found in time" in ev.explanation[-1]
