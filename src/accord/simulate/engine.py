"""The compiled negotiation engine: stacked alternating offers, many negotiations at once.

The protocol (bilateral alternating offers is the two-party case): turns go
round the participants starting from a given seat; at each turn the proposer
offers a deal of the pool, every other participant sees it and answers; the
offer is settled when every veto participant accepts it — every participant,
when none of them has a veto (the proposer accepts its own offer unless it is
worth less than its reservation value).
Turn ``k`` of ``T = rounds * participants`` happens at time ``t = k / T``;
after the last turn the negotiation breaks down.

:func:`negotiate_batch` runs a whole batch of negotiations (strategy
assignments, reservations, seeds per negotiation) in one compiled loop; it
records, for each negotiation, the outcome and optionally every turn.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> from accord.simulate.pool import deal_pool
>>> pool = deal_pool(Context.of(toy_scenario()), ["a", "b"])
>>> out = run_one(pool, kinds=[0, 0], exponents=[1.0, 1.0], reservations=[0.4, 0.35],
...               veto=[True, True], rounds=20)
>>> bool(out.agreed), int(out.turn)
(True, 29)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.simulate.kernels import RANDOM, TFT, accepts, choose, mix, observe, random_row, target
from accord.simulate.pool import Pool

__all__ = ["Outcomes", "negotiate_batch", "run_one"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@njit(cache=True, nogil=True)
def _negotiate(utilities: FloatArray, digits: IntArray, index: IntArray, radices: IntArray,
               participants: IntArray, order: IntArray, sorted_u: FloatArray,
               kinds: IntArray, exponents: FloatArray, reservations: FloatArray,
               veto: BoolArray, rounds: int, first: int, seed: int,
               trace_row: IntArray, trace_accept: BoolArray) -> tuple[int, int]:  # pragma: no cover
    """One negotiation; returns (agreed pool row or -1, turn). Fills the trace arrays."""
    n_part = participants.size
    n_issues = digits.shape[1]
    width = 1
    for i in range(n_issues):
        if radices[i] > width:
            width = radices[i]
    counts = np.zeros((n_part, n_part, n_issues, width))
    kept = np.zeros((n_part, n_part, n_issues))
    last = np.zeros((n_part, n_part, n_issues), dtype=np.int64)
    seen = np.zeros((n_part, n_part), dtype=np.int64)
    high = np.empty(n_part)
    tft = np.empty(n_part)
    prev_u = np.full(n_part, -1.0)
    for k in range(n_part):
        high[k] = sorted_u[k, 0]
        tft[k] = high[k]
    # with no veto participant, every participant must accept
    binding = veto.copy()
    if not veto.any():
        binding[:] = True
    total = rounds * n_part
    for turn in range(total):
        p = (first + turn) % n_part
        t = turn / total
        if kinds[p] == RANDOM:
            row = random_row(sorted_u[p], order[p], reservations[p], seed, turn, p)
        else:
            aim = target(kinds[p], exponents[p], high[p], reservations[p], t, tft[p])
            # models of the others, as seen by p
            row = choose(sorted_u[p], order[p], digits, index, radices, counts[p], kept[p],
                         seen[p], aim)
        trace_row[turn] = row
        agreed = True
        for step in range(1, n_part):
            q = (p + step) % n_part
            uq = utilities[row, participants[q]]
            observe(counts[q, p], kept[q, p], last[q, p], digits[row], seen[q, p])
            seen[q, p] += 1
            if kinds[q] == TFT:
                if prev_u[q] >= 0.0 and uq > prev_u[q]:   # the other side conceded: mirror it
                    tft[q] = max(reservations[q], tft[q] - (uq - prev_u[q]))
                prev_u[q] = uq
            aim_q = target(kinds[q], exponents[q], high[q], reservations[q], t, tft[q])
            ok = accepts(kinds[q], uq, aim_q, reservations[q])
            if kinds[q] == RANDOM:
                ok = ok and mix(seed, turn, 1000 + q) < 0.5
            trace_accept[turn, q] = ok
            if binding[q] and not ok:
                agreed = False
        # proposing is accepting, unless the offer is worth less than the proposer's
        # reservation value (a negotiator with nothing acceptable still talks)
        own = utilities[row, participants[p]] >= reservations[p] - 1e-9
        trace_accept[turn, p] = own
        if binding[p] and not own:
            agreed = False
        if agreed:
            return row, turn
    return -1, total - 1


@njit(cache=True, nogil=True)
def _batch(utilities: FloatArray, digits: IntArray, index: IntArray, radices: IntArray,
           participants: IntArray, order: IntArray, sorted_u: FloatArray, kinds: IntArray,
           exponents: FloatArray, reservations: FloatArray, veto: BoolArray, rounds: int,
           firsts: IntArray, seeds: IntArray, out_row: IntArray,
           out_turn: IntArray) -> None:  # pragma: no cover - compiled
    n_part = participants.size
    trace_row = np.empty(rounds * n_part, dtype=np.int64)
    trace_accept = np.zeros((rounds * n_part, n_part), dtype=np.bool_)
    for b in range(kinds.shape[0]):
        row, turn = _negotiate(utilities, digits, index, radices, participants, order,
                               sorted_u, kinds[b], exponents[b], reservations[b], veto,
                               rounds, firsts[b], seeds[b], trace_row, trace_accept)
        out_row[b] = row
        out_turn[b] = turn


@dataclass(frozen=True)
class Outcomes:
    """Outcomes of a batch: agreed pool row (-1: breakdown) and the turn it ended at."""

    row: IntArray
    turn: IntArray

    @property
    def agreed(self) -> BoolArray:
        """Which negotiations reached an agreement."""
        return self.row >= 0


def negotiate_batch(pool: Pool, radices: IntArray, kinds: IntArray, exponents: FloatArray,
                    reservations: FloatArray, veto: BoolArray, rounds: int,
                    firsts: IntArray, seeds: IntArray) -> Outcomes:
    """Run ``len(kinds)`` negotiations on one pool (one row of parameters each).

    ``kinds``, ``exponents`` and ``reservations`` are ``(batch, participants)``;
    ``firsts`` the seat that opens, ``seeds`` the seed of each negotiation.
    """
    n = kinds.shape[0]
    out_row = np.empty(n, dtype=np.int64)
    out_turn = np.empty(n, dtype=np.int64)
    _batch(pool.utilities, pool.digits, pool.index, radices, pool.participants, pool.order,
           pool.sorted_u, np.ascontiguousarray(kinds, dtype=np.int64),
           np.ascontiguousarray(exponents, dtype=np.float64),
           np.ascontiguousarray(reservations, dtype=np.float64),
           np.asarray(veto, dtype=np.bool_), rounds, np.asarray(firsts, dtype=np.int64),
           np.asarray(seeds, dtype=np.int64), out_row, out_turn)
    return Outcomes(out_row, out_turn)


@dataclass(frozen=True)
class Single:
    """One negotiation with its turn-by-turn record."""

    agreed: bool
    row: int
    turn: int
    offers: IntArray         # pool row offered at each turn played
    accepted: BoolArray      # (turns played, participants)


def run_one(pool: Pool, kinds: Sequence[int], exponents: Sequence[float],
            reservations: Sequence[float], veto: Sequence[bool], rounds: int,
            first: int = 0, seed: int = 0, radices: IntArray | None = None) -> Single:
    """One negotiation with the compiled engine, keeping every turn."""
    n_part = pool.participants.size
    trace_row = np.full(rounds * n_part, -1, dtype=np.int64)
    trace_accept = np.zeros((rounds * n_part, n_part), dtype=np.bool_)
    rad = radices if radices is not None else (pool.digits.max(axis=0) + 1).astype(np.int64)
    row, turn = _negotiate(pool.utilities, pool.digits, pool.index, rad, pool.participants,
                           pool.order, pool.sorted_u, np.asarray(kinds, dtype=np.int64),
                           np.asarray(exponents, dtype=np.float64),
                           np.asarray(reservations, dtype=np.float64),
                           np.asarray(veto, dtype=np.bool_), rounds, first, seed,
                           trace_row, trace_accept)
    played = turn + 1
    return Single(row >= 0, int(row), int(turn), trace_row[:played], trace_accept[:played])
