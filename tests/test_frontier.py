"""The Pareto frontier against brute force, one-shot and streamed."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.analysis.frontier import FrontierBuilder, pareto_frontier, pareto_points
from accord.scenario import Scenario
from conftest import brute_rows, dominates, small_scenarios


def _brute(points: np.ndarray) -> set[tuple[float, ...]]:
    rows = [list(p) for p in points]
    return {tuple(p) for p in rows if not any(dominates(q, p) for q in rows)}


grid_points = st.integers(1, 5).flatmap(lambda d: arrays(
    np.float64, st.tuples(st.integers(0, 300), st.just(d)),
    elements=st.sampled_from([0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0])))
float_points = st.integers(2, 4).flatmap(lambda d: arrays(
    np.float64, st.tuples(st.integers(0, 300), st.just(d)),
    elements=st.floats(0, 1, allow_nan=False)))


@given(st.one_of(grid_points, float_points))
def test_frontier_members_undominated_and_the_rest_dominated(points: np.ndarray) -> None:
    index, count = pareto_points(points)
    assert {tuple(points[i]) for i in index} == _brute(points)
    # identical vectors are kept once, by their lowest index, and counted
    for i, c in zip(index, count, strict=True):
        same = np.flatnonzero((points == points[i]).all(axis=1))
        assert i == same.min()
        assert c == same.size


@given(st.one_of(grid_points, float_points), st.integers(1, 50))
def test_streaming_in_chunks_gives_the_same_frontier(points: np.ndarray, chunk: int) -> None:
    builder = FrontierBuilder(points.shape[1])
    for start in range(0, points.shape[0], chunk):
        rows = np.arange(start, min(start + chunk, points.shape[0]))
        builder.add(rows, points[rows])
    one_shot_index, one_shot_count = pareto_points(points)
    assert sorted(builder.index.tolist()) == sorted(one_shot_index.tolist())
    assert builder.count.sum() == one_shot_count.sum()


@given(small_scenarios())
def test_scenario_frontier_matches_brute_force(s: Scenario) -> None:
    veto = [a.id for a in s.veto_actors]
    rows = [r for r in brute_rows(s) if r.feasible]
    vectors = [[r.utilities[a] for a in veto] for r in rows]
    expected = {tuple(round(x, 9) for x in v) for v in vectors
                if not any(dominates(w, v) for w in vectors)}
    f = pareto_frontier(s, chunk_size=5)
    assert {tuple(round(x, 9) for x in p) for p in f.utilities.tolist()} == expected
    assert f.deal_count == sum(1 for v in vectors if tuple(round(x, 9) for x in v) in expected)


def test_toy_frontier_by_hand(toy: Scenario) -> None:
    f = pareto_frontier(toy)
    points = sorted(tuple(round(x, 6) for x in p) for p in f.utilities.tolist())
    assert points == [(0.24, 0.91), (0.54, 0.71), (0.74, 0.51), (0.86, 0.3), (0.88, 0.21),
                      (1.0, 0.0)]


def test_acceptable_only_frontier(toy: Scenario) -> None:
    f = pareto_frontier(toy, acceptable_only=True)
    assert sorted(tuple(round(x, 6) for x in p) for p in f.utilities.tolist()) == [
        (0.54, 0.71), (0.74, 0.51)]


def test_frontier_for_other_actors(toy: Scenario) -> None:
    f = pareto_frontier(toy, actors=["a", "b", "c"])
    assert f.actor_ids == ("a", "b", "c")
    assert len(f) >= 6


@given(grid_points, st.integers(1, 40), st.randoms(use_true_random=False))
def test_merging_chunks_in_any_order_keeps_lowest_labels(points: np.ndarray, chunk: int,
                                                         rnd: object) -> None:
    starts = list(range(0, points.shape[0], chunk))
    rnd.shuffle(starts)  # type: ignore[attr-defined]
    builder = FrontierBuilder(points.shape[1])
    for start in starts:
        rows = np.arange(start, min(start + chunk, points.shape[0]))
        builder.add(rows, points[rows])
    index, count = pareto_points(points)
    assert dict(zip(builder.index.tolist(), builder.count.tolist(), strict=True)) == \
        dict(zip(index.tolist(), count.tolist(), strict=True))
