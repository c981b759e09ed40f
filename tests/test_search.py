"""Branch and bound against the exhaustive survey: the same Nash solution, always."""

from __future__ import annotations

from hypothesis import given

from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.search import nash_search
from accord.analysis.zopa import survey_context
from accord.scenario import Scenario
from conftest import small_scenarios


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
