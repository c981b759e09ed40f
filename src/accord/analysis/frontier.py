"""The exact Pareto frontier, for any number of actors, streamed chunk by chunk.

A deal *dominates* another when it is at least as good for every actor and
better for at least one. The frontier is the set of undominated utility
vectors; deals with identical vectors are kept once (the lowest deal index
stands for them, and their number is counted).

The algorithm is exact and needs no per-deal Python loop:

1. a grid filter: the first ``d - 1`` utilities are binned; a point is
   certainly dominated when some cell strictly above it in every binned
   coordinate holds a point at least as good on the last coordinate (a running
   maximum over the grid answers this for every cell at once);
2. sort-filter-skyline on the few survivors, in order of decreasing utility
   sum (a dominating point always has a sum at least as large, and ties are
   settled so that no dominated point survives); for two actors, one sorted
   sweep instead, and from five actors on, bit sets where a cost model says
   the scan would compare each survivor with most of the others;
3. chunks of a large space are merged into the running frontier the same way.

References
----------
Börzsönyi, Kossmann & Stocker (2001), The Skyline operator. ICDE.
Chomicki, Godfrey, Gryz & Liang (2003), Skyline with presorting. ICDE.

Examples
--------
>>> import numpy as np
>>> pts = np.array([[1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.5, 0.5]])
>>> idx, count = pareto_points(pts)
>>> sorted(idx.tolist()), int(count.sum())
([0, 1, 3], 4)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.stream import STREAM_CHUNK, stream
from accord.scenario.model import Scenario
from accord.space import DealSpace, deal_space
from accord.utility import ACCEPT_TOLERANCE, UtilityModel, utility_model

__all__ = ["Frontier", "pareto_frontier", "pareto_points", "skyline_order"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
Progress = Callable[[int, int], None]

_GRID_CELLS = 1 << 16
#: Grid cells per row (measured on the GENIUS domains: with two actors, 0.25
#: was 10-25% faster than 2; with six, 2 was 2.6 times faster than 0.25).
_CELLS_PER_ROW = 2.0
_CELLS_PER_ROW_2D = 0.25


@njit(cache=True, nogil=True)
def _grid_candidates(u: FloatArray, mask: BoolArray, cols: IntArray, cells_budget: int,
                     out: IntArray) -> int:  # pragma: no cover - compiled
    """Rows (where ``mask``) not certainly dominated, written to ``out``; returns their count.

    The first ``d - 1`` of the columns ``cols`` are binned into a grid; a row is
    certainly dominated when a cell strictly above its own in every binned
    coordinate holds a row at least as good on the last column. Exact: every
    frontier row survives.
    """
    n = u.shape[0]
    d = cols.size
    dims = d - 1
    # with more binned coordinates than the budget allows two bins each, the grid
    # would overflow (2**dims cells): keep every row and let the skyline decide
    if dims == 0 or 2.0**dims > cells_budget:
        m = 0
        for r in range(n):
            if mask[r]:
                out[m] = r
                m += 1
        return m
    bins = max(2, int(cells_budget ** (1.0 / dims)))
    last = cols[d - 1]
    lo = np.full(dims, np.inf)
    hi = np.full(dims, -np.inf)
    for r in range(n):
        if mask[r]:
            for k in range(dims):
                v = u[r, cols[k]]
                if v < lo[k]:
                    lo[k] = v
                if v > hi[k]:
                    hi[k] = v
    scale = np.zeros(dims)
    for k in range(dims):
        if hi[k] > lo[k]:
            scale[k] = bins / (hi[k] - lo[k])
            if not np.isfinite(scale[k]):   # a span too small to divide by
                scale[k] = 0.0
    total = bins**dims
    best = np.full(total, -np.inf)
    cells = np.empty(n, dtype=np.int64)
    edge = np.zeros(n, dtype=np.bool_)     # in the top bin of some coordinate
    for r in range(n):
        if not mask[r]:
            continue
        flat = 0
        step = 1
        for k in range(dims):
            b = int((u[r, cols[k]] - lo[k]) * scale[k])
            if b >= bins - 1:
                b = bins - 1
                edge[r] = True
            flat += b * step
            step *= bins
        cells[r] = flat
        if u[r, last] > best[flat]:
            best[flat] = u[r, last]
    # best[c] becomes the maximum over every cell >= c in each coordinate; cell
    # c = (outer * bins + digit) * step + inner, without dividing to find digit
    step = 1
    for _k in range(dims):
        span = step * bins
        for outer in range(total // span):
            for digit in range(bins - 2, -1, -1):
                base = outer * span + digit * step
                for inner in range(step):
                    c = base + inner
                    if best[c + step] > best[c]:
                        best[c] = best[c + step]
        step = span
    plus = 0
    step = 1
    for _k in range(dims):
        plus += step
        step *= bins
    m = 0
    for r in range(n):
        if mask[r] and (edge[r] or u[r, last] > best[cells[r] + plus]):
            out[m] = r
            m += 1
    return m


def grid_candidates(u: FloatArray, mask: BoolArray | None = None,
                    cols: IntArray | None = None) -> IntArray:
    """Rows of ``u`` (where ``mask``) that may be on the frontier of columns ``cols``."""
    n = u.shape[0]
    mask = np.ones(n, dtype=np.bool_) if mask is None else mask
    cols = np.arange(u.shape[1], dtype=np.int64) if cols is None else cols
    out = np.empty(n, dtype=np.int64)
    # at most two cells per row: a grid far larger than the rows costs more to sweep
    # than it saves; for two actors, one cell per four rows, as the survivors' sweep
    # is cheap (the answer does not depend on the number of cells)
    per_row = _CELLS_PER_ROW_2D if cols.size == 2 else _CELLS_PER_ROW
    m = _grid_candidates(u, mask, cols, min(_GRID_CELLS, max(64, int(per_row * n))), out)
    return out[:m]


@njit(cache=True, nogil=True, inline="always")
def _compare(a: FloatArray, i: int, b: FloatArray, j: int) -> int:  # pragma: no cover
    """2 if row ``a[i]`` dominates row ``b[j]``, 1 if they are equal, 0 otherwise."""
    greater = False
    for k in range(a.shape[1]):
        if a[i, k] < b[j, k]:
            return 0
        if a[i, k] > b[j, k]:
            greater = True
    return 2 if greater else 1


@njit(cache=True, nogil=True)
def _skyline_rows(points: FloatArray, order: IntArray, count: IntArray, keep: BoolArray,
                  merged: IntArray, window: IntArray, held: FloatArray, row: FloatArray,
                  wn: int, t0: int, t1: int) -> tuple[int, int]:  # pragma: no cover - compiled
    """Rows ``t0..t1`` of :func:`_skyline`: the new window size and the coordinates compared.

    ``held`` keeps the window's points side by side and ``row`` the point
    being tested, so that the scan reads memory in order. (Written out rather
    than calling :func:`_compare`: LLVM then compiles the loop about twice as
    fast on 6-party domains.)
    """
    made = 0
    d = points.shape[1]
    for t in range(t0, t1):
        p = order[t]
        for k in range(d):
            row[k] = points[p, k]
        dominated = False
        for w in range(wn):
            at_least = True
            better = False
            k = 0
            while k < d:
                x = held[w, k]
                y = row[k]
                k += 1
                if x < y:
                    at_least = False
                    break
                if x > y:
                    better = True
            made += k
            if at_least:
                dominated = True
                if not better:
                    merged[window[w]] += count[p]
                break
        if not dominated:
            keep[p] = True
            merged[p] = count[p]
            window[wn] = p
            for k in range(d):
                held[wn, k] = row[k]
            wn += 1
    return wn, made


#: Rows of :func:`_skyline` between two looks at its budget.
_SKYLINE_STEP = 128


@njit(cache=True, nogil=True)
def _skyline(points: FloatArray, order: IntArray, count: IntArray, keep: BoolArray,
             merged: IntArray, budget: int) -> int:  # pragma: no cover - compiled
    """Sort-filter-skyline over the rows in ``order``.

    ``order`` sorts by decreasing utility sum, then lexicographically
    decreasing vector, then increasing label. A dominating point has a sum at
    least as large (rounding is monotone) and, on a tie, is lexicographically
    larger, so it always comes first: a point is on the frontier exactly when
    no point kept before it dominates it. A point equal to a kept one is merged
    into it (its count added); the kept one, first in order, has the lower label.

    Gives up, returning -1, once the coordinates compared, extrapolated to
    the rows left at the rate of the last block of rows, exceed ``budget`` (a
    negative budget: no limit); else returns the coordinates compared. (The
    budget is looked at between blocks of rows: a test inside the scan's loop
    makes LLVM compile the comparisons several times slower.)
    """
    n = order.size
    window = np.empty(n, dtype=np.int64)
    held = np.empty((n, points.shape[1]))
    row = np.empty(points.shape[1])
    wn = 0
    made = 0
    for t0 in range(0, n, _SKYLINE_STEP):
        t1 = min(n, t0 + _SKYLINE_STEP)
        wn, k = _skyline_rows(points, order, count, keep, merged, window, held, row, wn,
                              t0, t1)
        made += k
        # the rows left at the cost of the last block: a row on the frontier is
        # compared with the whole window, which only grows
        if budget >= 0 and made + (n - t1) * (k / (t1 - t0)) > budget:
            return -1
    return made


@njit(cache=True, nogil=True)
def _skyline_2d(points: FloatArray, order: IntArray, count: IntArray, keep: BoolArray,
                merged: IntArray) -> None:  # pragma: no cover - compiled
    """The same answer as :func:`_skyline` for two columns, in one pass.

    ``order`` sorts by decreasing first column, then decreasing second, then
    increasing label. Every row before a row is at least as good on the first
    column, and the last kept row holds the largest second value so far (a row
    not kept is dominated by, or equal to, a kept one): a row is on the
    frontier exactly when its second value exceeds that one, and it equals the
    last kept row when both values are the same.
    """
    kept = -1
    for t in range(order.size):
        p = order[t]
        if kept < 0 or points[p, 1] > points[kept, 1]:
            keep[p] = True
            merged[p] = count[p]
            kept = p
        elif points[p, 1] == points[kept, 1] and points[p, 0] == points[kept, 0]:
            merged[kept] += count[p]


#: From this many actors on, the frontier of a chunk is found with bit sets
#: (:func:`_skyline_bits`): in many dimensions most points are on the frontier
#: and a window scan compares each with nearly all of them.
BITSET_DIMS = 5
#: ... from this many candidates (below, the window scan is always quick) up to
#: this many (the bit sets grow as their square).
BITSET_MIN = 512
BITSET_MAX = 1 << 17
_BITSET_WORDS = 1 << 22     # words of bit sets held at once (32 MB)
#: The cost model that chooses between the two (nanoseconds, fitted on the 5- to
#: 65-party GENIUS domains): a coordinate compared in the window scan (1.6-2.6
#: ns: counting coordinates rather than pairs, whose cost went from 2.4 to 10 ns
#: with how soon a pair differs); a word of bit sets, for each of the d
#: coordinates and m * m / 64 words; sorting, per coordinate and m log2 m.
_COMPARE_COST = 1.8
_WORD_COST = 0.55
_SORT_COST = 5.0


@njit(cache=True, nogil=True)
def _skyline_bits(points: FloatArray, order: IntArray, count: IntArray, keep: BoolArray,
                  merged: IntArray, budget: int) -> None:  # pragma: no cover - compiled
    """The same answer as :func:`_skyline`, by bit-set intersections.

    Equal rows are adjacent in ``order``; each run of equal rows is merged into
    its first. Among the distinct rows, at positions ``0..m-1`` of ``order``, a
    row is dominated exactly when some other row is at least as large in every
    coordinate: for each coordinate, the rows at least as large form a set (a
    prefix of that coordinate's descending order), and a row is dominated when
    the intersection of its sets holds any row but itself. The sets are bit
    sets over positions, built for a block of rows at a time (``budget``: the
    most words held at once); a dominating row comes first in ``order``, so a
    block needs only the bits before its end.
    """
    n = order.size
    d = points.shape[1]
    reps = np.empty(n, dtype=np.int64)
    m = 0
    for t in range(n):
        p = order[t]
        if m > 0 and _compare(points, reps[m - 1], points, p) == 1:
            merged[reps[m - 1]] += count[p]
        else:
            reps[m] = p
            merged[p] = count[p]
            m += 1
    values = np.empty((d, m))
    for r in range(m):
        for k in range(d):
            values[k, r] = points[reps[r], k]
    by_dim = np.empty((d, m), dtype=np.int64)
    for k in range(d):
        by_dim[k] = np.argsort(-values[k], kind="mergesort")
    total_words = (m + 63) // 64
    block = max(64, min(m, budget // max(1, total_words)))
    for b0 in range(0, m, block):
        b1 = min(m, b0 + block)
        words = (b1 + 63) // 64
        acc = np.empty((b1 - b0, words), dtype=np.uint64)
        cur = np.zeros(words, dtype=np.uint64)
        for k in range(d):
            cur[:] = 0
            seen = 0
            t = 0
            while t < m and seen < b1 - b0:
                # a run of equal values in coordinate k: all are "at least as large"
                e = t
                v = values[k, by_dim[k, t]]
                while e < m and values[k, by_dim[k, e]] == v:
                    r = by_dim[k, e]
                    if r < b1:
                        cur[r >> 6] |= np.uint64(1) << np.uint64(r & 63)
                    e += 1
                for f in range(t, e):
                    r = by_dim[k, f]
                    if b0 <= r < b1:
                        seen += 1
                        # only rows before r can dominate it: the words up to r's own
                        a = r - b0
                        if k == 0:
                            for w in range((r >> 6) + 1):
                                acc[a, w] = cur[w]
                        else:
                            for w in range((r >> 6) + 1):
                                acc[a, w] &= cur[w]
                t = e
        for r in range(b0, b1):
            a = r - b0
            acc[a, r >> 6] &= ~(np.uint64(1) << np.uint64(r & 63))
            dominated = False
            for w in range((r >> 6) + 1):
                if acc[a, w] != 0:
                    dominated = True
                    break
            if not dominated:
                keep[reps[r]] = True


@njit(cache=True, nogil=True)
def _drop_dominated(front: FloatArray, front_count: IntArray, front_index: IntArray,
                    points: FloatArray, count: IntArray, index: IntArray,
                    alive: BoolArray) -> None:  # pragma: no cover - compiled
    """Clear ``alive`` for points dominated by, or equal to, a frontier point.

    A point equal to a frontier point is merged into it (count added, lowest
    index kept).
    """
    for c in range(points.shape[0]):
        for f in range(front.shape[0]):
            verdict = _compare(front, f, points, c)
            if verdict:
                alive[c] = False
                if verdict == 1:
                    front_count[f] += count[c]
                    if index[c] < front_index[f]:
                        front_index[f] = index[c]
                break


@njit(cache=True, nogil=True)
def _prune(front: FloatArray, points: FloatArray, keep: BoolArray) -> None:  # pragma: no cover
    """Clear ``keep`` for the frontier points that one of ``points`` dominates."""
    for f in range(front.shape[0]):
        for c in range(points.shape[0]):
            if _compare(points, c, front, f) == 2:
                keep[f] = False
                break


#: Up to this many rows, :func:`skyline_order` sorts on every key at once.
_LEXSORT_ROWS = 512


def skyline_order(points: FloatArray, labels: IntArray) -> IntArray:
    """Rows by decreasing sum, then lexicographically decreasing vector, then increasing label.

    The sum decides almost every pair: only the rows whose sum another row
    shares are sorted on the vectors (one key per column would cost a sort
    per column of every row).

    Examples
    --------
    >>> pts = np.array([[0.2, 0.3], [0.5, 0.0], [0.9, 0.9], [0.2, 0.3], [0.1, 0.1]])
    >>> skyline_order(pts, np.array([7, 6, 5, 4, 3])).tolist()
    [2, 1, 3, 0, 4]
    """
    keys = points.sum(axis=1)
    n, d = points.shape
    if n <= _LEXSORT_ROWS:
        # few rows: one sort on every key costs less than finding the ties
        table = np.empty((d + 2, n))
        table[0] = labels
        table[1:d + 1] = -points[:, ::-1].T
        table[d + 1] = -keys
        return np.lexsort(table).astype(np.int64)
    order = np.argsort(-keys, kind="stable").astype(np.int64)
    ranked = keys[order]
    tie = np.zeros(order.size, dtype=np.bool_)
    same = ranked[1:] == ranked[:-1]
    tie[1:] |= same
    tie[:-1] |= same
    if tie.any():
        # the tied rows keep their places as a set (runs of equal sums stay in
        # order of decreasing sum); only their order within each run changes
        rows = order[tie]
        columns = [-points[rows, k] for k in range(points.shape[1] - 1, -1, -1)]
        order[tie] = rows[np.lexsort((labels[rows], *columns, -keys[rows]))]
    return order


def _frontier_rows(points: FloatArray, index: IntArray,
                   count: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of ``points`` on the frontier (in skyline order) and their merged counts."""
    n = points.shape[0]
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    alive = grid_candidates(points) if n >= 64 else np.arange(n, dtype=np.int64)
    pts = np.ascontiguousarray(points[alive])
    keep = np.zeros(pts.shape[0], dtype=np.bool_)
    merged = np.zeros(pts.shape[0], dtype=np.int64)
    m, d = pts.shape
    if d == 2 and m >= 64:
        # two actors: one sorted sweep, where the window scan would compare each
        # row with the whole window when most rows are on the frontier (a pie)
        labels = index[alive]
        _skyline_2d(pts, np.lexsort((labels, -pts[:, 1], -pts[:, 0])), count[alive], keep,
                    merged)
        kept = np.flatnonzero(keep)
        ordered = kept[skyline_order(pts[kept], labels[kept])]
        return alive[ordered], merged[ordered]
    order = skyline_order(pts, index[alive])
    # In many dimensions the frontier may hold most rows, and the window scan then
    # compares each row with nearly all of them. Try the scan with a budget of
    # what the bit sets would cost, and fall back to them past it.
    budget = -1
    if d >= BITSET_DIMS and BITSET_MIN <= m <= BITSET_MAX:
        budget = int(d * m * (_WORD_COST * m / 64 + _SORT_COST * math.log2(m)) / _COMPARE_COST)
    if _skyline(pts, order, count[alive], keep, merged, budget) < 0:
        keep[:] = False
        _skyline_bits(pts, order, count[alive], keep, merged, _BITSET_WORDS)
    ordered = order[keep[order]]
    return alive[ordered], merged[ordered]


def pareto_points(points: FloatArray, index: IntArray | None = None,
                  count: IntArray | None = None) -> tuple[IntArray, IntArray]:
    """The undominated rows of ``points``: their labels and multiplicities.

    Parameters
    ----------
    points
        ``(n, d)`` utilities, larger is better in every column.
    index
        A label per row (deal indices); the smallest label stands for rows with
        identical vectors. Defaults to ``0..n-1``.
    count
        How many deals each row stands for (defaults to 1 each).

    Returns
    -------
    index, count
        Labels of the frontier points, in order of decreasing utility sum, and
        how many deals each stands for.
    """
    pts = np.ascontiguousarray(points, dtype=np.float64)
    n = pts.shape[0]
    idx = np.arange(n, dtype=np.int64) if index is None else np.asarray(index, dtype=np.int64)
    cnt = np.ones(n, dtype=np.int64) if count is None else np.asarray(count, dtype=np.int64)
    rows, merged = _frontier_rows(pts, idx, cnt)
    return idx[rows], merged


@dataclass(frozen=True, eq=False)
class Frontier:
    """The Pareto frontier of a scenario for a set of actors.

    Attributes
    ----------
    actor_ids
        The actors whose utilities define dominance (columns of ``utilities``).
    indices
        One deal index per frontier point (the lowest among deals with equal
        utilities), in order of decreasing utility sum.
    utilities
        ``(points, actors)``.
    multiplicity
        How many feasible deals share each point's utilities.
    """

    actor_ids: tuple[str, ...]
    indices: IntArray
    utilities: FloatArray
    multiplicity: IntArray

    def __len__(self) -> int:
        return int(self.indices.size)

    @property
    def deal_count(self) -> int:
        """How many deals lie on the frontier (points times their multiplicity)."""
        return int(self.multiplicity.sum())


class FrontierBuilder:
    """Merge chunks of (deal index, utilities) into a running frontier."""

    def __init__(self, dims: int) -> None:
        self.index = np.empty(0, dtype=np.int64)
        self.points = np.empty((0, dims))
        self.count = np.empty(0, dtype=np.int64)

    def add(self, index: IntArray, points: FloatArray, count: IntArray | None = None) -> None:
        """Merge more points (labelled by deal index) into the frontier."""
        if index.size == 0:
            return
        cnt = np.ones(index.size, dtype=np.int64) if count is None else count
        rows = grid_candidates(points) if index.size >= 64 else np.arange(index.size)
        self.merge(index[rows], np.ascontiguousarray(points[rows]), cnt[rows])

    def merge(self, index: IntArray, points: FloatArray, count: IntArray | None = None) -> None:
        """Merge points (e.g. the survivors of :func:`grid_candidates`) into the frontier.

        Incremental: the new points are first checked against the running
        frontier (most are dominated, and the frontier is kept strongest first,
        so the check usually ends early); only the few survivors are compared
        with one another and then prune the frontier. The cost grows with the
        new points times the frontier, not with the frontier squared.
        """
        if index.size == 0:
            return
        count = np.ones(index.size, dtype=np.int64) if count is None else count
        if self.index.size == 0:
            rows, merged = _frontier_rows(points, index, count)
            self.index, self.points, self.count = index[rows], points[rows], merged
            return
        # a cheap, exact first pass: the grid of frontier and candidates together drops
        # the candidates that a frontier point (or another candidate) certainly dominates
        both = np.concatenate([self.points, points])
        kept = grid_candidates(both)
        kept = kept[kept >= self.index.size] - self.index.size
        if kept.size < index.size:
            index, points, count = index[kept], np.ascontiguousarray(points[kept]), count[kept]
            if index.size == 0:
                return
        alive = np.ones(index.size, dtype=np.bool_)
        _drop_dominated(self.points, self.count, self.index, points, count, index, alive)
        if not alive.any():
            return
        rows, merged = _frontier_rows(points[alive], index[alive], count[alive])
        new_points = np.ascontiguousarray(points[alive][rows])
        keep = np.ones(self.index.size, dtype=np.bool_)
        _prune(self.points, new_points, keep)
        pts = np.concatenate([self.points[keep], new_points])
        idx = np.concatenate([self.index[keep], index[alive][rows]])
        cnt = np.concatenate([self.count[keep], merged])
        order = np.argsort(-pts.sum(axis=1), kind="stable")
        self.index, self.points, self.count = idx[order], np.ascontiguousarray(pts[order]), \
            cnt[order]

    def result(self, actor_ids: Sequence[str]) -> Frontier:
        """The frontier of everything added so far."""
        return Frontier(tuple(actor_ids), self.index, self.points, self.count)


def pareto_frontier(scenario: Scenario, actors: Sequence[str] | None = None,
                    acceptable_only: bool = False, chunk_size: int = STREAM_CHUNK,
                    progress: Progress | None = None, threads: int | None = None) -> Frontier:
    """The exact Pareto frontier of a scenario's feasible deals.

    Parameters
    ----------
    scenario
        The scenario.
    actors
        Whose utilities count (default: the veto actors).
    acceptable_only
        Keep only deals every veto actor accepts.
    chunk_size
        Deals per chunk (memory stays bounded by it).
    progress
        Called with (deals done, total) after each chunk.
    threads
        Worker threads (default: one per core); the result does not depend on it.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> f = pareto_frontier(toy_scenario())
    >>> len(f), f.actor_ids
    (6, ('a', 'b'))
    """
    space = deal_space(scenario)
    model = utility_model(scenario)
    ids = tuple(actors) if actors is not None else tuple(model.actor_ids[c]
                                                         for c in model.veto_columns)
    return frontier_of(space, model, ids, acceptable_only, chunk_size, progress, threads)


def frontier_of(space: DealSpace, model: UtilityModel, actor_ids: Sequence[str],
                acceptable_only: bool = False, chunk_size: int = STREAM_CHUNK,
                progress: Progress | None = None, threads: int | None = None) -> Frontier:
    """The frontier over compiled ``space`` and ``model`` (see :func:`pareto_frontier`)."""
    cols = np.array([model.column(a) for a in actor_ids], dtype=np.int64)
    veto = model.veto_columns
    floor = model.reservation[veto] - ACCEPT_TOLERANCE

    def work(start: int, u: FloatArray, ok: BoolArray) -> tuple[IntArray, FloatArray]:
        mask = ok & np.all(u[:, veto] >= floor, axis=1) if acceptable_only else ok
        rows = grid_candidates(u, mask, cols)
        return rows + start, np.ascontiguousarray(u[rows][:, cols])

    builder = FrontierBuilder(len(cols))
    ctx = Context(space.scenario, space, model)
    for index, points in stream(ctx, work, chunk_size, threads, progress):
        builder.merge(index, points)
    return builder.result(actor_ids)
