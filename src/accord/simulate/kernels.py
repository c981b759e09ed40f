"""The decisions of automated negotiators, compiled, shared by every engine.

A negotiator sees its own utility of every deal in a *pool* (all feasible
deals of a small space, or the participants' Pareto-optimal deals of a large
one), sorted from best to worst for it, and the offers the others made. Its
decisions are these functions; the per-negotiator objects of
:mod:`accord.simulate.strategies` and the batch engine of
:mod:`accord.simulate.batch` call the same ones, so both give the same runs.

Strategies (codes in :data:`KINDS`):

- *time-based concession* (Faratin, Sierra & Jennings 1998): the target
  utility at time ``t`` in [0, 1] is ``low + (high - low) * (1 - t ** (1 / e))``;
  ``e < 1`` concedes late (Boulware), ``e = 1`` linearly, ``e > 1`` early
  (conceder); ``high`` is the best utility in the pool and ``low`` the
  reservation value;
- *tit-for-tat* (relative, Faratin et al. 1998): concede, in its own utility,
  as much as the other side's last offer conceded to it — and never more slowly
  than a time-based negotiator with its exponent, so that two of them meet;
- *hard-liner*: never leaves its best deals;
- *random*: any deal it would accept (a baseline).

Offers: among the deals whose utility is at or just above the target (within
:data:`WINDOW`, at most :data:`CANDIDATES` of them), the one the others most
likely like, by a frequency model of the offers they made (Laplace-smoothed
option frequencies; issue weights from how rarely each issue changed between
consecutive offers, as in the HardHeaded agent of ANAC 2011); ties go to the
lower deal index. Acceptance: an offer at or above the current target (and the
reservation value).

References
----------
Faratin, P., Sierra, C. & Jennings, N. R. (1998). Negotiation decision
functions for autonomous agents. Robotics and Autonomous Systems 24, 159-182.
van Krimpen, T., Looije, D. & Hajizadeh, S. (2013). HardHeaded. In: Complex
Automated Negotiations, Springer, 223-227.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

__all__ = ["CANDIDATES", "KINDS", "WINDOW"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Strategy codes used by the compiled engine.
KINDS = {"time": 0, "tit-for-tat": 1, "hardliner": 2, "random": 3}
TIME, TFT, HARDLINER, RANDOM = 0, 1, 2, 3
#: Deals this far above the target still count as "at the target".
WINDOW = 0.05
#: At most this many deals are weighed by the opponent model for one offer.
CANDIDATES = 32


@njit(cache=True, nogil=True, inline="always")
def mix(seed: int, a: int, b: int) -> float:  # pragma: no cover - compiled
    """A uniform number in [0, 1) from (seed, a, b): splitmix64, stateless and reproducible."""
    z = np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(a) * np.uint64(
        0xBF58476D1CE4E5B9) + np.uint64(b) * np.uint64(0x94D049BB133111EB)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    out: float = float(z >> np.uint64(11)) / 9007199254740992.0
    return out


@njit(cache=True, nogil=True)
def target(kind: int, exponent: float, high: float, low: float, t: float,
           tft_target: float) -> float:  # pragma: no cover - compiled
    """The utility a negotiator aims at, at time ``t``."""
    paced = high if t <= 0.0 else low + (high - low) * (1.0 - math.pow(t, 1.0 / exponent))
    if kind == TIME:
        return paced
    if kind == TFT:
        # mirror the other side, but never concede slower than a time-based
        # negotiator with this exponent (two tit-for-tat players still meet)
        return min(tft_target, paced)
    if kind == HARDLINER:
        return high
    return low


@njit(cache=True, nogil=True)
def observe(counts: FloatArray, kept: FloatArray, last: IntArray, digits: IntArray,
            seen: int) -> None:  # pragma: no cover - compiled
    """Update a frequency model with an offer's option digits."""
    for i in range(digits.size):
        counts[i, digits[i]] += 1.0
        if seen > 0 and last[i] == digits[i]:
            kept[i] += 1.0
        last[i] = digits[i]


@njit(cache=True, nogil=True)
def estimate(counts: FloatArray, kept: FloatArray, radices: IntArray,
             digits: IntArray) -> float:  # pragma: no cover - compiled
    """The modelled utility of a deal for one opponent (0..1)."""
    total_w = 0.0
    for i in range(digits.size):
        total_w += kept[i] + 1.0
    value = 0.0
    for i in range(digits.size):
        top = 0.0
        for o in range(radices[i]):
            if counts[i, o] > top:
                top = counts[i, o]
        value += (kept[i] + 1.0) / total_w * (counts[i, digits[i]] + 1.0) / (top + 1.0)
    return value


@njit(cache=True, nogil=True)
def choose(sorted_u: FloatArray, order: IntArray, pool_digits: IntArray, pool_index: IntArray,
           radices: IntArray, counts: FloatArray, kept: FloatArray, observed: IntArray,
           aim: float) -> int:  # pragma: no cover - compiled
    """The pool row to offer: at the target, best for the others by their models.

    ``sorted_u`` is the negotiator's utility of ``order`` (pool rows, best
    first); ``counts``/``kept`` hold one frequency model per other participant
    (first axis), ``observed`` how many offers each model has seen.
    """
    n = sorted_u.size
    # the last position whose utility is still at or above the target
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_u[mid] >= aim - 1e-12:
            lo = mid + 1
        else:
            hi = mid
    j = lo - 1
    if j < 0:
        return int(order[0])
    best_row = int(order[j])
    best_value = -1.0
    k = j
    taken = 0
    while k >= 0 and taken < CANDIDATES and sorted_u[k] <= aim + WINDOW:
        row = int(order[k])
        value = 0.0
        for m in range(counts.shape[0]):
            if observed[m] > 0:
                value += estimate(counts[m], kept[m], radices, pool_digits[row])
        if value > best_value + 1e-12 or (abs(value - best_value) <= 1e-12 and
                                          pool_index[row] < pool_index[best_row]):
            best_value = value
            best_row = row
        taken += 1
        k -= 1
    return best_row


@njit(cache=True, nogil=True)
def random_row(sorted_u: FloatArray, order: IntArray, floor: float, seed: int, turn: int,
               who: int) -> int:  # pragma: no cover - compiled
    """A pool row drawn uniformly among those worth at least ``floor``."""
    lo, hi = 0, sorted_u.size
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_u[mid] >= floor - 1e-12:
            lo = mid + 1
        else:
            hi = mid
    count = lo if lo > 0 else 1
    return int(order[int(mix(seed, turn, who) * count)])


@njit(cache=True, nogil=True)
def accepts(kind: int, utility: float, aim: float, reservation: float) -> bool:  # pragma: no cover
    """Whether an offer worth ``utility`` is accepted by a negotiator aiming at ``aim``."""
    if utility < reservation - 1e-9:
        return False
    if kind == RANDOM:
        return True
    return utility >= aim - 1e-12
