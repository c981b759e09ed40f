"""The Pareto frontier against brute force, one-shot and streamed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.analysis import skyline as skyline_module
from accord.analysis.frontier import FrontierBuilder, pareto_frontier, pareto_points
from accord.analysis.skyline import (
    _skyline,
    _skyline_2d,
    _skyline_bits,
    row_masks,
    skyline_order,
)
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


def _brute_mask(points: np.ndarray) -> np.ndarray:
    """Which rows no other row dominates (all pairs at once, independently of the skyline)."""
    ge = (points[:, None, :] >= points[None, :, :]).all(axis=2)
    gt = (points[:, None, :] > points[None, :, :]).any(axis=2)
    return np.asarray(~(ge & gt).any(axis=0), dtype=np.bool_)


many_dims = st.tuples(st.integers(5, 12), st.integers(512, 1200), st.integers(0, 2**32 - 1),
                      st.sampled_from(["simplex", "grid", "uniform"]))


def _points(d: int, n: int, seed: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "simplex":     # most points on the frontier: the window scan gives up
        return rng.dirichlet(np.ones(d), size=n)
    if kind == "grid":        # many ties and repeated vectors
        return rng.integers(0, 3, size=(n, d)) / 2.0
    return rng.random((n, d))


@settings(max_examples=25, deadline=None)
@given(many_dims)
def test_many_party_frontier_matches_brute_force(case: tuple[int, int, int, str]) -> None:
    points = _points(*case)
    index, count = pareto_points(points)
    assert sorted(index.tolist()) == [
        i for i in np.flatnonzero(_brute_mask(points)).tolist()
        if i == np.flatnonzero((points == points[i]).all(axis=1)).min()]
    assert count.sum() == _brute_mask(points).sum()


@settings(max_examples=25, deadline=None)
@given(many_dims)
def test_bit_sets_and_window_scan_agree(case: tuple[int, int, int, str]) -> None:
    points = _points(*case)
    labels = np.arange(points.shape[0], dtype=np.int64)
    order = skyline_order(points, labels)
    count = np.ones(points.shape[0], dtype=np.int64)
    keep_w, merged_w = np.zeros(points.shape[0], np.bool_), np.zeros(points.shape[0], np.int64)
    keep_b, merged_b = keep_w.copy(), merged_w.copy()
    keep_m, merged_m = keep_w.copy(), merged_w.copy()
    assert _skyline(points, order, count, keep_w, merged_w, -1, _no_masks(points)) >= 0
    # a small word budget splits the rows into several blocks
    _skyline_bits(points, order, count, keep_b, merged_b, 64)
    assert np.array_equal(keep_w, keep_b)
    assert np.array_equal(merged_w[keep_w], merged_b[keep_b])
    # the scan that tests the rows' bit masks first finds the same rows and counts
    assert _skyline(points, order, count, keep_m, merged_m, -1, row_masks(points)) >= 0
    assert np.array_equal(keep_w, keep_m)
    assert np.array_equal(merged_w, merged_m)


@pytest.mark.parametrize(("d", "kind"), [(20, "uniform"), (40, "grid"), (70, "correlated"),
                                         (70, "simplex")])
def test_the_masked_scan_agrees_in_many_dimensions(d: int, kind: str) -> None:
    """Up to 70 columns (the six_issues domain's parties: masks of four words); the
    correlated points (a shared term plus noise, on a grid of 0.01) leave most dominated."""
    rng = np.random.default_rng(d)
    points = np.round(0.8 * rng.random((3000, 1)) + 0.2 * rng.random((3000, d)), 2) \
        if kind == "correlated" else _points(d, 3000, d, kind)
    labels = np.arange(3000, dtype=np.int64)
    order = skyline_order(points, labels)
    count = np.arange(1, 3001, dtype=np.int64)
    found = []
    for masks in (_no_masks(points), row_masks(points)):
        keep, merged = np.zeros(3000, np.bool_), np.zeros(3000, np.int64)
        assert _skyline(points, order, count, keep, merged, -1, masks) >= 0
        found.append((keep, merged))
    assert np.array_equal(found[0][0], found[1][0])
    assert np.array_equal(found[0][1], found[1][1])
    if kind == "correlated":
        assert 0 < found[0][0].sum() < 1500


def _no_masks(points: np.ndarray) -> np.ndarray:
    return np.empty((points.shape[0], 0), dtype=np.uint64)


@settings(max_examples=40, deadline=None)
@given(st.one_of(grid_points, float_points))
def test_a_row_that_dominates_or_equals_another_has_all_its_mask_bits(
        points: np.ndarray) -> None:
    masks = row_masks(points)
    at_least = (points[:, None, :] >= points[None, :, :]).all(axis=2)    # [q, p]: q >= p
    covers = ((masks[None, :, :] & ~masks[:, None, :]) == 0).all(axis=2)  # [q, p]: q has p's
    assert not np.any(at_least & ~covers)


two_party = st.tuples(st.integers(64, 1500), st.integers(0, 2**32 - 1),
                      st.sampled_from(["pie", "grid", "uniform"]))


def _two_party_points(n: int, seed: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "pie":          # every split on the frontier, some repeated, a few inside
        x = rng.integers(0, n // 2 + 1, size=n) / (n // 2)
        pts = np.column_stack([x, 1.0 - x])
        inside = rng.random(n) < 0.1
        pts[inside] *= 0.5
        return pts
    if kind == "grid":
        return rng.integers(0, 4, size=(n, 2)) / 3.0
    return rng.random((n, 2))


@settings(max_examples=40, deadline=None)
@given(two_party)
def test_two_party_sweep_matches_window_scan_and_brute_force(
        case: tuple[int, int, str]) -> None:
    points = _two_party_points(*case)
    n = points.shape[0]
    labels = np.random.default_rng(case[1]).permutation(n).astype(np.int64)
    count = np.arange(1, n + 1, dtype=np.int64)
    keep_w, merged_w = np.zeros(n, np.bool_), np.zeros(n, np.int64)
    keep_s, merged_s = keep_w.copy(), merged_w.copy()
    _skyline(points, skyline_order(points, labels), count, keep_w, merged_w, -1,
             _no_masks(points))
    _skyline_2d(points, np.lexsort((labels, -points[:, 1], -points[:, 0])), count, keep_s,
                merged_s)
    assert np.array_equal(keep_w, keep_s)
    assert np.array_equal(merged_w[keep_w], merged_s[keep_s])
    # and through the public function, against all pairs
    index, merged = pareto_points(points, labels, count)
    brute = _brute_mask(points)
    same = (points[:, None, :] == points[None, :, :]).all(axis=2)
    expected = {int(labels[same[i]].min()): int(count[same[i]].sum())
                for i in np.flatnonzero(brute)}
    assert dict(zip(index.tolist(), merged.tolist(), strict=True)) == expected
    sums = points[np.argsort(labels)][index].sum(axis=1)
    assert np.all(np.diff(sums) <= 0)       # in order of decreasing utility sum


def test_window_scan_gives_up_past_its_budget() -> None:
    points = _points(9, 2000, 1, "simplex")
    order = skyline_order(points, np.arange(2000, dtype=np.int64))
    keep, merged = np.zeros(2000, np.bool_), np.zeros(2000, np.int64)
    count = np.ones(2000, dtype=np.int64)
    for masks in (_no_masks(points), row_masks(points)):
        keep[:], merged[:] = False, 0
        assert _skyline(points, order, count, keep, merged, 10_000, masks) == -1
        keep[:], merged[:] = False, 0
        assert _skyline(points, order, count, keep, merged, -1, masks) > 10_000


@given(st.one_of(grid_points, float_points))
def test_skyline_order_is_the_lexicographic_sort(points: np.ndarray) -> None:
    labels = np.arange(points.shape[0], dtype=np.int64)[::-1].copy()
    columns = [-points[:, k] for k in range(points.shape[1] - 1, -1, -1)]
    expected = np.lexsort((labels, *columns, -points.sum(axis=1)))
    assert skyline_order(points, labels).tolist() == expected.tolist()
    # and by the path for many rows (a sort on the sums, then on the ties only)
    small = skyline_module._LEXSORT_KEYS
    skyline_module._LEXSORT_KEYS = 0
    try:
        assert skyline_order(points, labels).tolist() == expected.tolist()
    finally:
        skyline_module._LEXSORT_KEYS = small


def test_skyline_order_keeps_large_labels_exact() -> None:
    # deal indices go up to 2**62; as floats, 2**60 and 2**60 + 1 would tie
    points = np.array([[0.5, 0.5], [0.5, 0.5], [0.9, 0.0]])
    labels = np.array([2**60 + 1, 2**60, 2**60 + 2], dtype=np.int64)
    assert skyline_order(points, labels).tolist() == [1, 0, 2]
    index, count = pareto_points(points, labels)
    assert sorted(zip(index.tolist(), count.tolist(), strict=True)) == [(2**60, 2), (2**60 + 2, 1)]
