"""The deal space: deals as integers, constraints, and chunked iteration.

A deal picks one option per issue. With issue ``i`` offering ``r_i`` options,
deal digits ``(d_0, ..., d_{n-1})`` encode to the integer
``sum(d_i * stride_i)`` with ``stride_i = r_{i+1} * ... * r_{n-1}`` (mixed
radix, the last issue varying fastest). Every deal of a space of size ``N`` is
one integer in ``0..N-1``, so a space far larger than memory can be streamed
through in contiguous chunks.

Constraints compile to *patterns*: a pattern lists, for some issues, the
options that match; a deal matches a pattern when its option on every listed
issue matches. A deal is feasible when it matches no forbidden pattern.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> space = deal_space(toy_scenario())
>>> space.size, space.radices.tolist()
(18, [3, 2, 3])
>>> int(space.encode([[1, 1, 0]])[0])
9
>>> dict(space.deal_at(9))
{'price': 'mid', 'delivery': 'fast', 'warranty': 'none'}
>>> space.feasible(space.decode([4, 5])).tolist()   # deal 5: fast delivery, two-year warranty
[True, False]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.errors import InputError, Problem
from accord.scenario.deal import Deal
from accord.scenario.model import Scenario

__all__ = [
    "DEFAULT_CHUNK",
    "EXHAUSTIVE_LIMIT",
    "DealSpace",
    "Patterns",
    "check_feasible",
    "compile_patterns",
    "deal_space",
]

#: Deals evaluated per chunk when streaming (bounded memory whatever the size).
DEFAULT_CHUNK = 1 << 20
#: Spaces larger than this are refused by exhaustive analysis unless asked for.
EXHAUSTIVE_LIMIT = 10**10

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Patterns:
    """Conjunctions of per-issue option sets, stored for fast matching.

    Pattern ``p`` constrains the issues ``issue[ptr[p]:ptr[p+1]]``; for the
    ``k``-th of them, ``allowed[ptr[p] + k, option]`` says whether an option
    matches.
    """

    ptr: IntArray
    issue: IntArray
    allowed: BoolArray

    @property
    def count(self) -> int:
        """How many patterns there are."""
        return int(self.ptr.size - 1)

    def matches(self, digits: IntArray) -> BoolArray:
        """An ``(n_deals, n_patterns)`` array: which deal matches which pattern."""
        digits = np.asarray(digits, dtype=np.int64)
        out = np.ones((digits.shape[0], self.count), dtype=np.bool_)
        for p in range(self.count):
            for k in range(int(self.ptr[p]), int(self.ptr[p + 1])):
                out[:, p] &= self.allowed[k, digits[:, self.issue[k]]]
        return out


def compile_patterns(scenario: Scenario,
                     conditions: Iterable[Mapping[str, Sequence[str] | frozenset[str]]],
                     negate: Iterable[Mapping[str, Sequence[str]]] | None = None) -> Patterns:
    """Compile conditions (issue -> allowed options) into :class:`Patterns`.

    ``negate`` optionally gives, per condition, issues whose listed options must
    *not* hold (used for the ``then`` part of if-then constraints).
    """
    max_options = max(len(i.options) for i in scenario.issues)
    conditions = list(conditions)
    if not conditions:              # most scenarios: no constraint, no interaction term
        return Patterns(np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int64),
                        np.zeros((0, max_options), dtype=np.bool_))
    index = {issue.id: k for k, issue in enumerate(scenario.issues)}
    positions: dict[int, dict[str, int]] = {}
    ptr = [0]
    issues: list[int] = []
    rows: list[set[int]] = []
    negations = list(negate) if negate is not None else None
    for c, cond in enumerate(conditions):
        merged: dict[int, set[int]] = {}

        def restrict(issue_id: str, options: Iterable[str], keep: bool,
                     merged: dict[int, set[int]] = merged) -> None:
            i = index[issue_id]
            where = positions.get(i)
            if where is None:
                where = positions[i] = {o: k for k, o in
                                        enumerate(scenario.issues[i].option_ids)}
            row = {where[o] for o in options}
            if not keep:
                row = set(range(len(where))) - row
            merged[i] = merged[i] & row if i in merged else row

        for issue_id, options in cond.items():
            restrict(issue_id, options, True)
        if negations is not None:
            for issue_id, options in negations[c].items():
                restrict(issue_id, options, False)
        for i in sorted(merged):
            issues.append(i)
            rows.append(merged[i])
        ptr.append(len(issues))
    allowed = np.zeros((len(rows), max_options), dtype=np.bool_)
    flat = [r * max_options + o for r, row in enumerate(rows) for o in row]
    allowed.reshape(-1)[flat] = True
    return Patterns(np.array(ptr, dtype=np.int64), np.array(issues, dtype=np.int64), allowed)


@njit(cache=True, nogil=True)
def _match(ptr: IntArray, issue: IntArray, allowed: BoolArray, p: int,
           digits: IntArray) -> bool:  # pragma: no cover - compiled
    for k in range(ptr[p], ptr[p + 1]):  # noqa: SIM110 - compiled by numba
        if not allowed[k, digits[issue[k]]]:
            return False
    return True


@njit(cache=True, nogil=True)
def _feasible_range(start: int, count: int, radices: IntArray, strides: IntArray,
                    ptr: IntArray, issue: IntArray, allowed: BoolArray,
                    out: BoolArray) -> None:  # pragma: no cover - compiled
    n_issues = radices.size
    digits = np.empty(n_issues, dtype=np.int64)
    rem = start
    for i in range(n_issues):
        digits[i] = rem // strides[i]
        rem -= digits[i] * strides[i]
    n_patterns = ptr.size - 1
    for n in range(count):
        ok = True
        for p in range(n_patterns):
            if _match(ptr, issue, allowed, p, digits):
                ok = False
                break
        out[n] = ok
        i = n_issues - 1
        while i >= 0:
            digits[i] += 1
            if digits[i] < radices[i]:
                break
            digits[i] = 0
            i -= 1


@dataclass(frozen=True, eq=False)
class DealSpace:
    """Every deal of a scenario, as integers, with its constraints compiled."""

    scenario: Scenario
    radices: IntArray
    strides: IntArray
    size: int
    forbidden: Patterns

    @property
    def n_issues(self) -> int:
        """The number of issues (digits per deal)."""
        return int(self.radices.size)

    def encode(self, digits: Sequence[Sequence[int]] | IntArray) -> IntArray:
        """Deal indices of an ``(n, n_issues)`` array of option digits."""
        d = np.asarray(digits, dtype=np.int64).reshape(-1, self.n_issues)
        return d @ self.strides

    def decode(self, indices: Sequence[int] | IntArray) -> IntArray:
        """The ``(n, n_issues)`` option digits of deal indices."""
        idx = np.asarray(indices, dtype=np.int64).reshape(-1)
        return (idx[:, None] // self.strides[None, :]) % self.radices[None, :]

    def digits_of(self, deal: Mapping[str, str]) -> IntArray:
        """The option digits of a (complete) deal."""
        return np.array([issue.option_ids.index(deal[issue.id])
                         for issue in self.scenario.issues], dtype=np.int64)

    def index_of(self, deal: Mapping[str, str]) -> int:
        """The integer that encodes a (complete) deal."""
        return int(self.digits_of(deal) @ self.strides)

    def deal_at(self, index: int) -> Deal:
        """The deal an integer encodes."""
        if not 0 <= index < self.size:
            raise IndexError(f"deal index {index} outside 0..{self.size - 1}")
        digits = self.decode([index])[0]
        return Deal(tuple((issue.id, issue.options[int(d)].id)
                          for issue, d in zip(self.scenario.issues, digits, strict=True)))

    def feasible(self, digits: IntArray) -> BoolArray:
        """Which of the deals (given as digits) break no constraint."""
        if self.forbidden.count == 0:
            return np.ones(np.asarray(digits).shape[0], dtype=np.bool_)
        hits = np.asarray(self.forbidden.matches(digits).any(axis=1), dtype=np.bool_)
        return np.logical_not(hits)

    def feasible_range(self, start: int, stop: int) -> BoolArray:
        """Which deals ``start..stop-1`` break no constraint (compiled, no digits kept)."""
        out = np.empty(stop - start, dtype=np.bool_)
        f = self.forbidden
        _feasible_range(start, stop - start, self.radices, self.strides, f.ptr, f.issue,
                        f.allowed, out)
        return out

    def chunks(self, chunk_size: int = DEFAULT_CHUNK) -> Iterator[tuple[int, int]]:
        """Contiguous ``(start, stop)`` ranges covering the whole space."""
        for start in range(0, self.size, chunk_size):
            yield start, min(start + chunk_size, self.size)

    def neighbours(self, base: IntArray, changed: int, issues: Sequence[int] | None = None,
                   batch: int = 1 << 16) -> Iterator[IntArray]:
        """Every deal that differs from ``base`` on exactly ``changed`` issues.

        Yields ``(n, n_issues)`` digit arrays of about ``batch`` rows (one
        block of NumPy work per set of changed issues, never a loop per deal).

        Parameters
        ----------
        base
            The digits of the deal to start from.
        changed
            How many issues differ from ``base``.
        issues
            The issues allowed to change (default: all).
        """
        base = np.asarray(base, dtype=np.int64)
        pool = list(range(self.n_issues)) if issues is None else list(issues)
        if changed == 0:
            yield base[None, :].copy()
            return
        pending: list[IntArray] = []
        rows = 0
        for subset in itertools.combinations(pool, changed):
            alternatives = [np.delete(np.arange(self.radices[i]), base[i]) for i in subset]
            grids = np.meshgrid(*alternatives, indexing="ij")
            block = np.repeat(base[None, :], grids[0].size, axis=0)
            for col, grid in zip(subset, grids, strict=True):
                block[:, col] = grid.ravel()
            pending.append(block)
            rows += block.shape[0]
            if rows >= batch:
                yield np.concatenate(pending)
                pending, rows = [], 0
        if pending:
            yield np.concatenate(pending)

    def broken_constraints(self, deal: Mapping[str, str]) -> list[str]:
        """The ids of the constraints a deal breaks."""
        digits = self.digits_of(deal)[None, :]
        hits = self.forbidden.matches(digits)[0]
        owners = _constraint_owner(self.scenario)
        return list(dict.fromkeys(owners[p] for p in np.flatnonzero(hits)))


def _constraint_conditions(scenario: Scenario) -> tuple[list[dict[str, tuple[str, ...]]],
                                                        list[dict[str, tuple[str, ...]]],
                                                        list[str]]:
    conds: list[dict[str, tuple[str, ...]]] = []
    negs: list[dict[str, tuple[str, ...]]] = []
    owners: list[str] = []
    for c in scenario.constraints:
        if c.forbid is not None:
            conds.append(dict(c.forbid))
            negs.append({})
            owners.append(c.id)
        else:
            assert c.if_ is not None
            assert c.then is not None
            # if A then (B1 and B2 ...)  ==  forbid (A and not B1), forbid (A and not B2), ...
            for issue_id, options in c.then.items():
                conds.append(dict(c.if_))
                negs.append({issue_id: options})
                owners.append(c.id)
    return conds, negs, owners


def _constraint_owner(scenario: Scenario) -> list[str]:
    return _constraint_conditions(scenario)[2]


def deal_space(scenario: Scenario) -> DealSpace:
    """The deal space of a scenario, with its constraints compiled.

    Raises
    ------
    InputError
        When the space has more deals than a 64-bit integer can number.
    """
    radices = np.array([len(i.options) for i in scenario.issues], dtype=np.int64)
    size = 1
    for r in radices.tolist():
        size *= int(r)
    if size >= 2**62:
        raise InputError.single("the deal space is too large to number", path=("issues",),
                                expected="fewer than 2^62 deals", found=f"{size:.3e} deals",
                                suggestion="merge or drop issues, or options within them")
    strides = np.ones_like(radices)
    for i in range(radices.size - 2, -1, -1):
        strides[i] = strides[i + 1] * radices[i + 1]
    conds, negs, _ = _constraint_conditions(scenario)
    forbidden = compile_patterns(scenario, conds, negs)
    return DealSpace(scenario, radices, strides, size, forbidden)


def check_feasible(space: DealSpace, chunk_size: int = DEFAULT_CHUNK) -> Problem | None:
    """``None`` if some deal breaks no constraint, else the problem to report.

    Stops at the first chunk holding a feasible deal, so it is quick whenever
    the constraints leave room.
    """
    if space.forbidden.count == 0:
        return None
    sq = space.encode([[issue.option_ids.index(issue.status_quo)
                        for issue in space.scenario.issues]])
    if space.feasible(space.decode(sq))[0]:
        return None
    for start, stop in space.chunks(chunk_size):
        if space.feasible_range(start, stop).any():
            return None
    return Problem("the constraints leave no feasible deal", path=("constraints",),
                   expected="at least one deal that breaks no constraint",
                   found=f"all {space.size} deals forbidden",
                   suggestion="relax or remove a constraint; each one alone may be fine, "
                              "but together they forbid everything")
