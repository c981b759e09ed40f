"""The exact skyline (Pareto frontier) of a set of points, by the cheapest exact method.

Points are rows of utilities, larger is better in every column. Three methods
give the same answer, and :func:`skyline` picks one:

- two columns: one sweep in order of the first column (:func:`_skyline_2d`);
- otherwise a window scan in order of decreasing sum (sort-filter-skyline,
  :func:`_skyline`), which from five columns and 512 rows on first tests each
  pair's bit masks (:func:`row_masks`: which quartile of each column a row
  reaches; a row that dominates another reaches at least its quartiles), so
  that it reads the coordinates of few pairs: 7 times faster on the 70-party
  six_issues domain, up to 2.2 times on GENIUS domains of 5 to 65 parties;
- from five columns on, bit sets (:func:`_skyline_bits`), when a cost model
  says the window scan would compare each row with most of the others.

Rows with identical vectors are kept once, by the row first in
:func:`skyline_order` (the lowest label), and their counts are merged.

References
----------
Börzsönyi, Kossmann & Stocker (2001), The Skyline operator. ICDE.
Chomicki, Godfrey, Gryz & Liang (2003), Skyline with presorting. ICDE.

Examples
--------
>>> pts = np.array([[1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.5, 0.5]])
>>> rows, count = skyline(pts, np.arange(5), np.ones(5, dtype=np.int64))
>>> rows.tolist(), count.tolist()
([0, 1, 3], [1, 2, 1])
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

__all__ = ["row_masks", "skyline", "skyline_order"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
MaskArray = NDArray[np.uint64]


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
                  masks: MaskArray, held_masks: MaskArray, row_mask: MaskArray,
                  wn: int, t0: int, t1: int) -> tuple[int, int]:  # pragma: no cover - compiled
    """Rows ``t0..t1`` of :func:`_skyline`: the new window size and the coordinates compared.

    ``held`` keeps the window's points side by side and ``row`` the point
    being tested, so that the scan reads memory in order. (Written out rather
    than calling :func:`_compare`: LLVM then compiles the loop about twice as
    fast on 6-party domains.)

    With ``masks`` of one word or more a row (:func:`row_masks`), each pair's
    masks are tested first: ``masks[p]`` has a bit for each (threshold,
    coordinate) the row reaches; a row that dominates another, or equals it,
    reaches every threshold the other does, so a window row missing one of the
    tested row's bits is passed over without reading its coordinates. The
    masks of the window lie side by side (``held_masks``): a few words a row,
    where its coordinates fill cache lines. A word of masks tested counts as
    one coordinate compared.
    """
    made = 0
    d = points.shape[1]
    words = masks.shape[1]
    for t in range(t0, t1):
        p = order[t]
        for k in range(d):
            row[k] = points[p, k]
        for j in range(words):
            row_mask[j] = masks[p, j]
        dominated = False
        for w in range(wn):
            missing = False
            for j in range(words):
                made += 1
                if row_mask[j] & ~held_masks[w, j]:
                    missing = True
                    break
            if missing:
                continue
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
            for j in range(words):
                held_masks[wn, j] = row_mask[j]
            wn += 1
    return wn, made


@njit(cache=True, nogil=True)
def _masks(points: FloatArray, thresholds: FloatArray) -> MaskArray:  # pragma: no cover
    """Row ``r``'s mask: for column ``k``, ``c`` bits in a row, where ``c`` of the ascending
    ``thresholds[:, k]`` are at most ``points[r, k]`` (columns packed whole into words)."""
    n, d = points.shape
    levels = thresholds.shape[0]
    per_word = 64 // levels
    out = np.zeros((n, (d + per_word - 1) // per_word), dtype=np.uint64)
    for r in range(n):
        for k in range(d):
            v = points[r, k]
            c = 0
            for j in range(levels):
                c += v >= thresholds[j, k]
            bits = (np.uint64(1) << np.uint64(c)) - np.uint64(1)
            out[r, k // per_word] |= bits << np.uint64((k % per_word) * levels)
    return out


#: From this many columns and rows on, the window scan tests bit masks first
#: (:func:`row_masks`); on fewer rows the scan is quick without them.
MASK_DIMS = 5
MASK_ROWS = 512
#: The thresholds of the masks: these quantiles of each column (three gave 1.2-2 times
#: fewer seconds than the median alone on random points of 8 to 30 columns and on
#: the 70-party six_issues), estimated from at most this many rows spread evenly
#: (any thresholds give a correct test; near the quantiles it rules out most).
_MASK_QUANTILES = (0.25, 0.5, 0.75)
_MASK_SAMPLE = 256


def row_masks(points: FloatArray) -> MaskArray:
    """Bit masks of the rows of ``points`` against thresholds near each column's quartiles.

    A row at least as large as another in every column has every bit the
    other has: a mask missing one of another row's bits rules out that it
    dominates or equals that row, which the window scan uses.

    Examples
    --------
    >>> pts = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    >>> [f"{int(m):06b}" for m in row_masks(pts)[:, 0]]
    ['001001', '111111', '001111', '111001']
    """
    n, d = points.shape
    levels = len(_MASK_QUANTILES)
    if n == 0:
        return np.zeros((0, -(-d // (64 // levels))), dtype=np.uint64)
    # each column of the sample sorted (one contiguous sort a column), its quartiles read off
    sample = np.sort(points[:: max(1, n // _MASK_SAMPLE)].T, axis=1)
    at = [min(sample.shape[1] - 1, int(q * sample.shape[1])) for q in _MASK_QUANTILES]
    return _masks(np.ascontiguousarray(points), np.ascontiguousarray(sample[:, at].T))


#: Rows of :func:`_skyline` between two looks at its budget.
_SKYLINE_STEP = 128


@njit(cache=True, nogil=True)
def _skyline(points: FloatArray, order: IntArray, count: IntArray, keep: BoolArray,
             merged: IntArray, budget: int, masks: MaskArray) -> int:  # pragma: no cover
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
    makes LLVM compile the comparisons several times slower.) With ``masks``
    of one word or more a row (:func:`row_masks`), each comparison tests them
    first.
    """
    n = order.size
    window = np.empty(n, dtype=np.int64)
    held = np.empty((n, points.shape[1]))
    row = np.empty(points.shape[1])
    words = masks.shape[1]
    held_masks = np.empty((n if words else 0, words), dtype=np.uint64)
    row_mask = np.empty(words, dtype=np.uint64)
    wn = 0
    made = 0
    for t0 in range(0, n, _SKYLINE_STEP):
        t1 = min(n, t0 + _SKYLINE_STEP)
        wn, k = _skyline_rows(points, order, count, keep, merged, window, held, row, masks,
                              held_masks, row_mask, wn, t0, t1)
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


#: Up to this many sort keys (rows times columns plus two), :func:`skyline_order`
#: sorts on every key at once. Measured on the GENIUS domains' candidates: with
#: nine actors and 216-448 rows, one sort on the sums and then on the ties alone
#: took 12-20 us against 31-60 us for the sort on every key; below about a
#: hundred rows of two or three columns, the sort on every key is the quicker.
_LEXSORT_KEYS = 512


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
    if points.shape[0] * (points.shape[1] + 2) <= _LEXSORT_KEYS:
        # few keys: one sort on every key costs less than finding the ties (the
        # labels stay integers: deal indices go past what a float holds exactly)
        return np.lexsort((labels, *(-points[:, ::-1]).T, -keys)).astype(np.int64)
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


def skyline(points: FloatArray, labels: IntArray, count: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of ``points`` on the skyline, in :func:`skyline_order`, and their merged counts.

    Parameters
    ----------
    points
        ``(m, d)`` contiguous utilities.
    labels
        A label per row (deal indices): among equal rows the lowest stands for them.
    count
        How many deals each row stands for.
    """
    m, d = points.shape
    keep = np.zeros(m, dtype=np.bool_)
    merged = np.zeros(m, dtype=np.int64)
    if d == 2 and m >= 64:
        # two actors: one sorted sweep, where the window scan would compare each
        # row with the whole window when most rows are on the frontier (a pie)
        _skyline_2d(points, np.lexsort((labels, -points[:, 1], -points[:, 0])), count, keep,
                    merged)
        kept = np.flatnonzero(keep)
        ordered = kept[skyline_order(points[kept], labels[kept])]
        return ordered, merged[ordered]
    order = skyline_order(points, labels)
    # In many dimensions the frontier may hold most rows, and the window scan then
    # compares each row with nearly all of them. Try the scan with a budget of
    # what the bit sets would cost, and fall back to them past it.
    budget = -1
    if d >= BITSET_DIMS and BITSET_MIN <= m <= BITSET_MAX:
        budget = int(d * m * (_WORD_COST * m / 64 + _SORT_COST * math.log2(m)) / _COMPARE_COST)
    masks = row_masks(points) if d >= MASK_DIMS and m >= MASK_ROWS \
        else np.empty((m, 0), dtype=np.uint64)
    if _skyline(points, order, count, keep, merged, budget, masks) < 0:
        keep[:] = False
        _skyline_bits(points, order, count, keep, merged, _BITSET_WORDS)
    ordered = order[keep[order]]
    return ordered, merged[ordered]
