"""The survey of the deal space: counts and blockers against brute force."""

from __future__ import annotations

from hypothesis import given

from accord.analysis.zopa import survey
from accord.scenario import Scenario
from conftest import brute_rows, small_scenarios, wide_random_data


def test_toy_counts_by_hand(toy: Scenario) -> None:
    z = survey(toy)
    assert (z.total, z.feasible, z.acceptable) == (18, 15, 6)
    assert z.accepted_by == {"a": 11, "b": 10, "c": 6}
    blockers = {b.actor: (b.rejects_alone, b.others_accept) for b in z.blockers}
    assert blockers == {"a": (4, 10), "b": (5, 11)}
    assert z.ideal == {"a": 0.74, "b": 0.71}


@given(small_scenarios())
def test_survey_matches_brute_force(s: Scenario) -> None:
    rows = [r for r in brute_rows(s) if r.feasible]
    veto = [a.id for a in s.veto_actors]
    z = survey(s, chunk_size=7)
    assert z.feasible == len(rows)
    assert z.acceptable == sum(r.agreement(s) for r in rows)
    for a in s.modelled_actors:
        assert z.accepted_by[a.id] == sum(r.accepts(s, a.id) for r in rows)
    for b in z.blockers:
        others = [r for r in rows if all(r.accepts(s, x) for x in veto if x != b.actor)]
        assert b.others_accept == len(others)
        assert b.rejects_alone == sum(not r.accepts(s, b.actor) for r in others)
    if z.acceptable:
        for a in veto:
            assert abs(z.ideal[a] - max(r.utilities[a] for r in rows if r.agreement(s))) < 1e-12


@given(small_scenarios())
def test_threads_and_chunks_do_not_change_the_result(s: Scenario) -> None:
    one = survey(s, chunk_size=4, threads=1)
    two = survey(s, chunk_size=3, threads=2)
    assert one.to_dict() == two.to_dict()
    assert sorted(one.frontier.indices.tolist()) == sorted(two.frontier.indices.tolist())


def test_progress_is_reported(toy: Scenario) -> None:
    seen: list[tuple[int, int]] = []
    survey(toy, chunk_size=5, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(5, 18), (10, 18), (15, 18), (18, 18)]


def test_a_space_over_the_limit_is_refused(toy: Scenario) -> None:
    import pytest

    from accord.errors import InputError

    with pytest.raises(InputError, match="too large for an exhaustive pass"):
        survey(toy, limit=10)


def test_every_pass_over_the_space_stops_at_the_limit_before_any_work(toy: Scenario) -> None:
    import pytest

    from accord.analysis.context import Context
    from accord.analysis.frontier import frontier_of
    from accord.analysis.stream import stream
    from accord.errors import InputError

    ctx = Context.of(toy)
    with pytest.raises(InputError, match="too large for an exhaustive pass"):
        next(stream(ctx, lambda chunk: 0, limit=10))
    # 18 deals, 3 of them fast with a two-year warranty (the capacity constraint)
    assert sum(stream(ctx, lambda chunk: int(chunk.feasible.sum()), classes=False)) == 15
    # 10**12 deals without classes: the frontier (which negotiations start from) refuses
    # at once, where it streamed for hours
    wide = Context.of(Scenario.model_validate(wide_random_data(12)))
    with pytest.raises(InputError) as info:
        frontier_of(wide.space, wide.model, list(wide.veto_ids))
    (problem,) = info.value.problems
    assert (problem.path, problem.found) == (("issues",), "1.000e+12 deals")
    assert "'accord evaluate' judges a proposal in any space" in problem.suggestion
