"""Deals no utility and no constraint can tell apart, walked one class at a time.

In a branch of the deal space (some issues decided), two options of the next
issue are *interchangeable* when every actor's table gives them the same value
and every interaction term and constraint still open in the branch treats them
alike: each completion of the branch then has the same utilities, to the last
bit, and the same feasibility, with either option. A depth-first walk that
decides one issue at a time and tries one option per group of interchangeable
options visits every *class* of equivalent deals once, with its size and its
lowest deal index, instead of every deal.

Where preferences are a handful of conditions over many issues (the
hyper-rectangle profiles of ANAC 2014: ten issues of ten values, 10^10 deals),
the classes are few (about 6 x 10^5 there) and a pass over them replaces a pass
over every deal; where each option counts on its own, they are the deals
themselves and the plain stream is faster. :func:`class_plan` decides, from an
upper bound that costs one ``numpy.unique`` per issue: options interchangeable
before any issue is decided stay so in every branch, so the product of their
group counts bounds the classes.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> ctx = Context.of(toy_scenario())
>>> groups = root_groups(ctx)
>>> groups.bound, ctx.space.size       # every option counts: as many classes as deals
(18, 18)
>>> rows = list(walk_classes(ctx, groups))
>>> sum(int(c.weights.sum()) for c in rows)     # the feasible deals, each once
15
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.analysis.chunk import Chunk
from accord.analysis.context import Context
from accord.space import Patterns
from accord.utility import _quantise, _table_sums

__all__ = ["CLASS_CHUNK", "CLASS_WALK_MIN", "CLASS_WALK_SHARE", "Groups", "class_plan",
           "root_groups", "walk_classes"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Below this many deals, the plain stream takes milliseconds: no class walk.
CLASS_WALK_MIN = 1 << 20
#: The walk is chosen when it visits at most this share of the deals (a class
#: costs a few times what a deal costs in the stream, which reuses partial sums).
CLASS_WALK_SHARE = 1 / 8
#: Classes per chunk handed to the caller's work.
CLASS_CHUNK = 1 << 16


@dataclass(frozen=True, eq=False)
class Groups:
    """Each issue's options grouped by what tells them apart before any issue is decided.

    Attributes
    ----------
    rep
        ``(issues, max_groups)``: each group's lowest option, groups in
        increasing order of it.
    size
        ``(issues, max_groups)``: options per group.
    count
        Groups per issue.
    """

    rep: IntArray
    size: IntArray
    count: IntArray

    @property
    def bound(self) -> int:
        """An upper bound on the number of classes: the product of the group counts."""
        return math.prod(int(n) for n in self.count)


def _touching(patterns: Patterns, n_issues: int) -> tuple[IntArray, IntArray, IntArray]:
    """Per issue, the patterns that name it and their rows: ``(ptr, pattern, row)``."""
    owner = np.repeat(np.arange(patterns.count, dtype=np.int64), np.diff(patterns.ptr))
    order = np.argsort(patterns.issue, kind="stable")
    ptr = np.zeros(n_issues + 1, dtype=np.int64)
    np.cumsum(np.bincount(patterns.issue, minlength=n_issues), out=ptr[1:])
    return ptr, owner[order], order.astype(np.int64)


def root_groups(ctx: Context) -> Groups:
    """Group each issue's options by their table values and pattern memberships."""
    space, model = ctx.space, ctx.model
    it, f = model.interactions, space.forbidden
    n = space.n_issues
    width = int(space.radices.max())
    rep = np.zeros((n, width), dtype=np.int64)
    size = np.zeros((n, width), dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for i in range(n):
        r = int(space.radices[i])
        key = np.concatenate([model.tables[:, i, :r],
                              it.allowed[it.issue == i, :r].astype(np.float64),
                              f.allowed[f.issue == i, :r].astype(np.float64)]).T
        _, first, sizes = np.unique(key, axis=0, return_index=True, return_counts=True)
        by_first = np.argsort(first, kind="stable")
        count[i] = by_first.size
        rep[i, : by_first.size] = first[by_first]
        size[i, : by_first.size] = sizes[by_first]
    return Groups(rep, size, count)


def class_plan(ctx: Context) -> Groups | None:
    """The groups to walk classes with, or ``None`` when streaming every deal is better."""
    if ctx.space.size < CLASS_WALK_MIN:
        return None
    groups = root_groups(ctx)
    return groups if groups.bound <= ctx.space.size * CLASS_WALK_SHARE else None


@njit(cache=True, nogil=True, inline="always")
def _alike(lo: int, hi: int, term: IntArray, row: IntArray, alive: BoolArray, d: int,
           allowed: BoolArray, o: int, r: int) -> bool:  # pragma: no cover - compiled
    """Whether options ``o`` and ``r`` meet alike every pattern among ``lo:hi`` open at ``d``."""
    for t in range(lo, hi):
        j = row[t]
        if alive[d, term[t]] and allowed[j, o] != allowed[j, r]:
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _narrow(lo: int, hi: int, term: IntArray, row: IntArray, allowed: BoolArray, o: int,
            alive: BoolArray, d: int) -> None:  # pragma: no cover - compiled
    """``alive[d + 1]``: the patterns open at ``d`` that option ``o`` (rows ``lo:hi``) keeps."""
    for k in range(alive.shape[1]):
        alive[d + 1, k] = alive[d, k]
    for t in range(lo, hi):
        if not allowed[row[t], o]:
            alive[d + 1, term[t]] = False


@njit(cache=True, nogil=True)
def _walk(state: IntArray, choice: IntArray, rep: IntArray, size: IntArray, n_groups: IntArray,
          alive_i: BoolArray, alive_f: BoolArray, mult: IntArray, digits: IntArray,
          order: IntArray, tail: IntArray, root_rep: IntArray, root_size: IntArray,
          root_n: IntArray, tables: FloatArray, strides: IntArray,
          ti_ptr: IntArray, ti_term: IntArray, ti_row: IntArray,
          tf_ptr: IntArray, tf_term: IntArray, tf_row: IntArray, f_depth: IntArray,
          i_allowed: BoolArray, i_actor: IntArray, i_add: FloatArray, f_allowed: BoolArray,
          out_index: IntArray, out_u: FloatArray, out_count: IntArray,
          ) -> int:  # pragma: no cover - compiled
    """Walk on from ``state`` = (depth, fresh, deals covered); fill the out arrays.

    Returns the number of classes written; ``state[0] < 0`` once the walk is
    over. Branches a constraint forbids are skipped (their deals are covered
    but not written).
    """
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    n_forbid = f_depth.size
    capacity = out_index.size
    d = state[0]
    fresh = state[1] != 0
    written = 0
    while d >= 0:
        issue = order[d]
        if fresh:
            # merge the issue's root groups that nothing open in this branch tells apart
            g = 0
            for h in range(root_n[issue]):
                o = root_rep[issue, h]
                found = -1
                for q in range(g):
                    r = rep[d, q]
                    same = True
                    for a in range(n_actors):
                        if tables[a, issue, o] != tables[a, issue, r]:
                            same = False
                            break
                    if same and _alike(ti_ptr[issue], ti_ptr[issue + 1], ti_term, ti_row,
                                       alive_i, d, i_allowed, o, r) \
                            and _alike(tf_ptr[issue], tf_ptr[issue + 1], tf_term, tf_row,
                                       alive_f, d, f_allowed, o, r):
                        found = q
                        break
                if found >= 0:
                    size[d, found] += root_size[issue, h]
                else:
                    rep[d, g] = o
                    size[d, g] = root_size[issue, h]
                    g += 1
            n_groups[d] = g
            choice[d] = -1
            fresh = False
        choice[d] += 1
        if choice[d] >= n_groups[d]:
            d -= 1
            continue
        o = rep[d, choice[d]]
        digits[issue] = o
        mult[d + 1] = mult[d] * size[d, choice[d]]
        _narrow(ti_ptr[issue], ti_ptr[issue + 1], ti_term, ti_row, i_allowed, o, alive_i, d)
        _narrow(tf_ptr[issue], tf_ptr[issue + 1], tf_term, tf_row, f_allowed, o, alive_f, d)
        forbidden = False
        for p in range(n_forbid):
            if f_depth[p] == d and alive_f[d + 1, p]:
                forbidden = True
                break
        if forbidden:
            state[2] += mult[d + 1] * tail[d + 1]
            continue
        if d < n_issues - 1:
            d += 1
            fresh = True
            continue
        index = 0
        for i in range(n_issues):
            index += digits[i] * strides[i]
        out_index[written] = index
        out_count[written] = mult[d + 1]
        # as _deal_utilities adds them; the terms still open at a leaf are those it meets
        u = out_u[written]
        _table_sums(tables, digits, u)
        for k in range(i_add.size):
            if alive_i[d + 1, k]:
                u[i_actor[k]] += i_add[k]
        for a in range(n_actors):
            u[a] = _quantise(u[a])
        state[2] += mult[d + 1]
        written += 1
        if written == capacity:
            state[0] = d
            state[1] = 0
            return written
    state[0] = -1
    return written


def walk_classes(ctx: Context, groups: Groups, chunk_size: int = CLASS_CHUNK,
                 progress: Callable[[int, int], None] | None = None) -> Iterator[Chunk]:
    """The feasible classes of deals, ``chunk_size`` at a time, in a fixed order.

    Each row stands for ``count`` deals with identical utilities, labelled by
    the lowest of their indices; every feasible deal lies in exactly one row.
    ``progress`` is called with (deals covered, total) after each chunk.
    """
    space, model = ctx.space, ctx.model
    order, _, f_depth = ctx.plan
    n = space.n_issues
    it, f = model.interactions, space.forbidden
    ti, tf = _touching(it, n), _touching(f, n)
    tail = np.ones(n + 1, dtype=np.int64)
    for d in range(n - 1, -1, -1):
        tail[d] = tail[d + 1] * space.radices[order[d]]
    width = groups.rep.shape[1]
    state = np.array([0, 1, 0], dtype=np.int64)
    choice = np.zeros(n, dtype=np.int64)
    rep = np.zeros((n, width), dtype=np.int64)
    size = np.zeros((n, width), dtype=np.int64)
    n_groups = np.zeros(n, dtype=np.int64)
    alive_i = np.ones((n + 1, it.count), dtype=np.bool_)
    alive_f = np.ones((n + 1, f.count), dtype=np.bool_)
    mult = np.ones(n + 1, dtype=np.int64)
    digits = np.zeros(n, dtype=np.int64)
    while state[0] >= 0:
        index = np.empty(chunk_size, dtype=np.int64)
        u = np.empty((chunk_size, model.n_actors))
        count = np.empty(chunk_size, dtype=np.int64)
        rows = _walk(state, choice, rep, size, n_groups, alive_i, alive_f, mult, digits,
                     order, tail, groups.rep, groups.size, groups.count, model.tables,
                     space.strides, *ti, *tf, f_depth, it.allowed,
                     model.interaction_actor, model.interaction_add, f.allowed, index, u, count)
        if rows:
            yield Chunk(u[:rows], np.ones(rows, dtype=np.bool_), index=index[:rows],
                        count=count[:rows])
        if progress is not None:
            progress(int(state[2]), space.size)
