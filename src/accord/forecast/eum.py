"""Bueno de Mesquita's expected utility model, as specified by Scholz, Calbert and Smith.

Each actor ``i`` has a position ``x_i``, a capability ``c_i`` and a salience
``s_i`` (0..1). Round after round, every actor weighs challenging every other;
challenges lead to confrontations, compromises or capitulations; positions
move. With ``Δ = x_max - x_min`` (the spread of the starting positions) and the
median voter position ``μ``, one round is (Scholz et al. 2011, appendix):

1. With every risk exponent ``r = 1``, compute the expected utilities below.
2. **Security levels and risk exponents.** ``σ_i = Σ_{j≠i} EU_j(ji)``, what the
   others expect from challenging ``i``;
   ``R_i = (2σ_i - σ_max - σ_min) / (σ_max - σ_min)`` and
   ``r_i = (1 - R_i/3) / (1 + R_i/3)`` (in 0.5..2).
3. **Votes and probabilities.** Actor ``k`` votes for ``x_i`` against ``x_j``
   with ``v_k(ij) = c_k s_k ((|x_k - x_j|/Δ)^{r_k} - (|x_k - x_i|/Δ)^{r_k})``;
   the probability that ``i`` prevails is ``P_ij = Σ_k max(0, v_k(ij)) / D``,
   where ``D = Σ_k |v_k(ij)|`` (``probability="pair"``, Bueno de Mesquita 1994:
   ``P_ij + P_ji = 1``) or, as in Scholz et al.'s code and the reference move
   log, the sum of ``|v_k(ab)|`` over every voter and every pair of actors
   (``probability="all-pairs"``, the default).
4. **Utilities** (from ``i``'s point of view, with its exponent ``r_i``):
   ``U^s = 2 - 4(0.5 - 0.5|x_i - x_j|/Δ)^{r_i}`` (success),
   ``U^f = 2 - 4(0.5 + 0.5|x_i - x_j|/Δ)^{r_i}`` (failure),
   ``U^b, U^w = 2 - 4(0.5 ∓ 0.25(|x_i - μ| + |x_i - x_j|)/Δ)^{r_i}`` (the status
   quo gets better or worse), ``U^sq = 2 - 4 · 0.5^{r_i}``.
5. **Expected utility of a challenge**:
   ``EU_i(ij) = s_j (P_ij U^s + (1 - P_ij) U^f) + (1 - s_j) U^s - Q U^sq
   - (1 - Q)(T U^b + (1 - T) U^w)``; ``Q`` is the probability that ``j``'s
   position stays put when not challenged, ``T`` that, if it moves, things get
   better for ``i`` (both 1 by default, as in Scholz et al.'s replication).
   Actor ``i`` also estimates ``EU_j(ji)``, ``j``'s expected utility of
   challenging it, with its own ``r_i``.
6. **Offers.** For each ``j``, with ``e = EU_i(ij)`` and ``f = EU_j(ji)`` as ``i``
   sees them: ``f > e > 0``: ``i`` expects to lose a **conflict** and takes
   ``x_j``; ``f > 0 > e`` and ``f > |e|``: ``i`` **compromises**, moving to
   ``x_i + (x_j - x_i)|e/f|``; ``f > 0 > e`` and ``|e| > f``: ``i``
   **capitulates** to ``x_j``. Each actor takes one offer:
   ``offers="scholz"`` (the default; Scholz et al.'s code and the reference
   log): a conflict if any (the one moving it least), else the compromise whose
   weighted position ``(|e| x_i + |f| x_j)/(|e| + |f|)`` is smallest, else a
   capitulation (the one moving it least); ``offers="nearest"`` (the paper's
   text): whichever offer moves it least.
7. All actors move at once; the median (the position that beats every other
   in a risk-neutral vote weighted by ``c s``) and the weighted mean are
   recorded.

After ``rounds`` rounds the forecast is the median voter position
(``outcome="median"``, Bueno de Mesquita's forecast) or the weighted mean.

Where accord differs from the reference implementation (jmckib/dmasad, the
log in ``bdm/``): its capitulation test (``eu_ji < abs(eu_ji)``) can never hold,
so no actor ever capitulates there; accord applies the test as specified. On
the car-emissions example this changes nothing: every actor in the
capitulation octant also holds a conflict or compromise offer, which ranks
first (``tests/test_forecast_eum.py`` shows it round by round).

References
----------
Bueno de Mesquita, B. (1994). Political forecasting: an expected utility
method. In Bueno de Mesquita and Stokman (eds), *European Community Decision
Making*, 71-104.
Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De
Mesquita's group decision model. *Journal of Theoretical Politics* 23(4),
510-531.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(
...     ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"], ["emissions"],
...     position=[[4], [7], [4], [4], [10], [10], [10], [7], [4], [7]],
...     salience=[[.8], [.4], [.2], [.8], [.6], [.6], [.9], [.1], [1], [.7]],
...     capability=[.08, .08, .03, .16, .16, .16, .16, .05, .05, .08])
>>> f = ExpectedUtility(rounds=1).predict(t)
>>> [m.describe() for m in f.trajectories[0].rounds[1].moves][0]
'BE compromises with FR: 7 -> 8.416 (-0.115 vs 0.243)'
>>> round(f.trajectories[0].rounds[1].mean, 4)
7.4613
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from accord.errors import InputError
from accord.forecast.base import (
    Forecast,
    ForecastModel,
    Move,
    Round,
    Trajectory,
    check_choice,
    check_number,
)
from accord.forecast.data import FloatArray, PositionTable

__all__ = ["MAX_ROUNDS", "MEMORY_BUDGET", "ExpectedUtility", "median_voter"]

BoolArray = npt.NDArray[np.bool_]
#: At most this many issues are run together in one block of arrays.
_BLOCK = 48
#: The most rounds the model runs.
MAX_ROUNDS = 1000
#: Bytes the model may take, separately for the working arrays of one block of issues
#: (the vote tensor holds actors^3 numbers per issue) and for the recorded rounds; a
#: problem needing more is refused before anything is allocated.
MEMORY_BUDGET = 1 << 30
#: Bytes of a vote tensor per issue and actor^3 (the tensor and one temporary).
_TENSOR_BYTES = 16
#: Bytes recorded per round, issue and actor (positions and risk exponents), per
#: round and issue (the round itself), and per actor^2 with the expected utilities.
_ROUND_BYTES = (16, 400, 16)
#: Expected utilities closer than this count as equal (they are of order 1).
_TIE = 1e-9


def median_voter(x: FloatArray, weights: FloatArray, present: BoolArray | None = None,
                 ) -> FloatArray:
    """Per row, the lowest position that beats or ties every other in a weighted vote.

    Voter ``k`` prefers ``a`` to ``b`` by ``w_k (|x_k - b| - |x_k - a|)``; on one
    dimension the positions that beat or tie every other are those between the
    lower and the upper weighted median, so this is the lower weighted median.
    ``x`` and ``weights`` are ``(issues, actors)``; ``present`` masks the actors
    taking part (all by default). Where every weight is 0 the actors count
    equally, as in :func:`~accord.forecast.median.weighted_median`.

    Examples
    --------
    >>> median_voter(np.array([[4.0, 7.0, 10.0]]), np.array([[0.3, 0.1, 0.35]])).tolist()
    [7.0]
    """
    if present is None:
        present = np.ones(x.shape, dtype=bool)
    weights = np.where(present, weights, 0.0)
    # nobody weighs anything: every present actor counts equally (as in the weighted median)
    weights = np.where((weights.sum(axis=1) > 0)[:, None], weights, present.astype(np.float64))
    keys = np.where(present, x, np.inf)
    order = np.argsort(keys, axis=1, kind="stable")
    xs = np.take_along_axis(keys, order, axis=1)
    w = np.take_along_axis(weights, order, axis=1)
    cumulative = np.cumsum(w, axis=1)
    half = cumulative[:, -1:] / 2.0
    lower = np.argmax(cumulative >= half - 1e-12 * np.maximum(half, 1e-300), axis=1)
    out: FloatArray = np.where(present.any(axis=1), xs[np.arange(x.shape[0]), lower], np.nan)
    return out


def _mean(x: FloatArray, weights: FloatArray, present: BoolArray) -> FloatArray:
    w = np.where(present, weights, 0.0)
    xs = np.where(present, x, 0.0)
    total = w.sum(axis=1)
    count = present.sum(axis=1)
    plain = np.divide(xs.sum(axis=1), count, out=np.full(x.shape[0], np.nan), where=count > 0)
    mean: FloatArray = np.divide((w * xs).sum(axis=1), total, out=plain, where=total > 0)
    return mean


@dataclass
class _Block:
    """A block of issues run together: ``(issues, actors)`` arrays, absent actors masked."""

    model: ExpectedUtility
    present: BoolArray
    x: FloatArray
    s: FloatArray
    w: FloatArray
    spread: FloatArray
    active: BoolArray

    @classmethod
    def of(cls, model: ExpectedUtility, table: PositionTable, columns: list[int]) -> _Block:
        present = table.present[:, columns].T
        position = table.position[:, columns].T
        high = np.where(present, position, -np.inf).max(axis=1)
        low = np.where(present, position, np.inf).min(axis=1)
        # absent actors sit (masked) at the lowest position, so that no distance exceeds Δ
        x = np.where(present, position, np.where(np.isfinite(low), low, 0.0)[:, None])
        s = np.where(present, table.salience[:, columns].T, 0.0)
        w = np.where(present, table.capability[:, columns].T, 0.0) * s
        active = present.sum(axis=1) >= 2
        active &= np.where(active, high - low, 0.0) > 0
        spread = np.where(active, high - low, 1.0)
        return cls(model, present, x, s, w, spread, active)

    def distances(self) -> FloatArray:
        """``|x_a - x_b| / Δ`` per issue."""
        return np.abs(self.x[:, :, None] - self.x[:, None, :]) / self.spread[:, None, None]

    def probabilities(self, r: FloatArray) -> FloatArray:
        """``P[m, a, b]``: the probability that ``a`` prevails over ``b`` on issue ``m``.

        ``favour[a, b] = Σ_k max(0, v_k(ab))``; since ``|v_k(ab)|`` is
        ``max(0, v_k(ab)) + max(0, v_k(ba))``, both denominators follow from it.
        """
        pair = self.present[:, :, None] & self.present[:, None, :]
        d = self.distances() ** r[:, :, None]                                  # [m, k, a]
        votes = d[:, :, None, :] - d[:, :, :, None]                            # [m, k, a, b]
        np.maximum(votes, 0.0, out=votes)
        favour = np.einsum("mk,mkab->mab", self.w, votes) * pair
        if self.model.probability == "pair":
            total = favour + favour.transpose(0, 2, 1)
        else:
            total = np.broadcast_to(2.0 * favour.sum(axis=(1, 2))[:, None, None], favour.shape)
        p: FloatArray = np.divide(favour, total, out=np.zeros_like(favour), where=total > 0)
        p[self.x[:, :, None] == self.x[:, None, :]] = 0.0
        return p

    def expected_utilities(self, r: FloatArray, mu: FloatArray,
                           ) -> tuple[FloatArray, FloatArray]:
        """``E[m, i, j] = EU_i(ij)`` and ``F[m, i, j] = EU_j(ji)`` as ``i`` sees it."""
        q, t = float(self.model.q), float(self.model.t)
        p = self.probabilities(r)
        d = self.distances()
        rr = r[:, :, None]
        success = 2 - 4 * (0.5 - 0.5 * d) ** rr
        failure = 2 - 4 * (0.5 + 0.5 * d) ** rr
        status_quo = 2 - 4 * 0.5 ** rr
        to_median = np.abs(self.x - mu[:, None]) / self.spread[:, None]
        s = self.s

        def moved(challenger: FloatArray) -> FloatArray:
            if q == 1.0:
                return np.zeros(1)
            spread = 0.25 * (challenger + d)
            better = 2 - 4 * np.clip(0.5 - spread, 0.0, None) ** rr
            worse = 2 - 4 * (0.5 + spread) ** rr
            return (1 - q) * (t * better + (1 - t) * worse)

        pt = p.transpose(0, 2, 1)
        e = (s[:, None, :] * (p * success + (1 - p) * failure) + (1 - s[:, None, :]) * success
             - q * status_quo - moved(to_median[:, :, None]))
        f = (s[:, :, None] * (pt * success + (1 - pt) * failure) + (1 - s[:, :, None]) * success
             - q * status_quo - moved(to_median[:, None, :]))
        return e, f

    def risk(self, mu: FloatArray) -> FloatArray:
        """Each actor's risk exponent, from the security levels computed at ``r = 1``."""
        e, _ = self.expected_utilities(np.ones(self.x.shape), mu)
        pair = self.present[:, :, None] & self.present[:, None, :]
        pair &= ~np.eye(self.x.shape[1], dtype=bool)[None, :, :]
        security = np.where(pair, e, 0.0).sum(axis=1)                  # sum over challengers
        anyone = self.present.any(axis=1, keepdims=True)     # an issue nobody takes a stand on
        high = np.where(self.present, security, -np.inf).max(axis=1, keepdims=True)
        low = np.where(self.present, security, np.inf).min(axis=1, keepdims=True)
        high, low = np.where(anyone, high, 0.0), np.where(anyone, low, 0.0)
        width = high - low
        flat = ~(width > 1e-12 * np.maximum(np.maximum(np.abs(high), np.abs(low)), 1.0))
        big_r = np.divide(2 * security - high - low, width, out=np.zeros_like(security),
                          where=~flat & self.present)
        exponent: FloatArray = (1 - big_r / 3) / (1 + big_r / 3)
        return exponent

    def offers(self, e: FloatArray, f: FloatArray,
               ) -> tuple[FloatArray, npt.NDArray[np.intp], npt.NDArray[np.intp], BoolArray]:
        """The offer each actor takes: new positions, counterpart, kind (0, 1, 2), who moves."""
        x = self.x
        nearest = self.model.offers == "nearest"
        differ = (x[:, :, None] != x[:, None, :]) & self.present[:, :, None] \
            & self.present[:, None, :] & self.active[:, None, None]
        # comparisons allow for rounding: an exact tie in exact arithmetic (frequent with
        # symmetric data) must not be decided by the order of a floating-point sum
        tol = _TIE
        conflict = differ & (f > e + tol) & (e > tol)
        yielding = differ & (f > tol) & (e < -tol)
        compromise = yielding & (f > np.abs(e) + tol)
        capitulation = yielding & (np.abs(e) > f + tol)
        with np.errstate(divide="ignore", invalid="ignore"):
            compromised = x[:, :, None] + (x[:, None, :] - x[:, :, None]) * np.abs(e / f)
            weighted = (np.abs(e) * x[:, :, None] + np.abs(f) * x[:, None, :]) / \
                (np.abs(e) + np.abs(f))
        after = np.where(compromise, compromised, np.broadcast_to(x[:, None, :], e.shape))
        distance = np.abs(after - x[:, :, None])
        key = distance if nearest else np.where(compromise, weighted, distance)
        rank = np.full(e.shape, np.inf)
        for level, mask in enumerate((conflict, compromise, capitulation)):
            rank[mask] = 0 if nearest else level
        # the best offer: lowest rank, then lowest key; ties (within rounding) go to the
        # strongest challenger, then to the lowest position, so that the order in which
        # the actors are listed never matters
        best = np.isfinite(rank) & (rank == rank.min(axis=2, keepdims=True))
        lowest = np.where(best, key, np.inf).min(axis=2, keepdims=True)
        best &= key <= lowest + _TIE * np.maximum(np.abs(lowest), 1.0)
        strongest = np.where(best, f, -np.inf).max(axis=2, keepdims=True)
        best &= f >= strongest - _TIE
        choice = np.argmin(np.where(best, after, np.inf), axis=2)
        moving = np.isfinite(rank).any(axis=2)
        kind = np.select([np.take_along_axis(m, choice[:, :, None], axis=2)[:, :, 0]
                          for m in (conflict, compromise)], [0, 1], 2)
        new = np.take_along_axis(after, choice[:, :, None], axis=2)[:, :, 0]
        return np.where(moving, new, x), choice, kind, moving


_KINDS = ("conflict", "compromise", "capitulation")


class ExpectedUtility(ForecastModel):
    """Bueno de Mesquita's expected utility model, after Scholz et al. (2011); see the module."""

    name = "eum"
    summary = "Bueno de Mesquita's expected utility model (Scholz, Calbert and Smith 2011)"
    grid: ClassVar[Mapping[str, tuple[Any, ...]]] = {
        "outcome": ("median", "mean"), "probability": ("all-pairs", "pair"),
        "offers": ("scholz", "nearest")}

    def __init__(self, *, rounds: int = 10, q: float = 1.0, t: float = 1.0,
                 probability: str = "all-pairs", offers: str = "scholz",
                 outcome: str = "median") -> None:
        self.rounds = rounds
        self.q = q
        self.t = t
        self.probability = probability
        self.offers = offers
        self.outcome = outcome

    def _check(self) -> None:
        check_number(self, "rounds", 0, MAX_ROUNDS, integer=True)
        check_number(self, "q", 0.0, 1.0)
        check_number(self, "t", 0.0, 1.0)
        check_choice(self, "probability", ("all-pairs", "pair"))
        check_choice(self, "offers", ("scholz", "nearest"))
        check_choice(self, "outcome", ("median", "mean"))

    def predict(self, table: PositionTable, *, utilities: bool = True) -> Forecast:
        """Run the model on every issue; the trajectory of each is in the forecast.

        ``utilities=False`` leaves every round's ``expected_utility`` and
        ``perceived`` matrices out of the trajectories (``None``): they take
        ``actors^2`` numbers per round and issue, which only the list of
        challenges needs.

        Raises
        ------
        InputError
            For a bad parameter, or a problem too large for :data:`MEMORY_BUDGET`
            (too many actors for the vote tensor, or too many rounds x issues to
            record), before anything is allocated.
        """
        self._check()
        block = self._block_size(table, utilities)
        m = len(table.issues)
        values = np.full(m, np.nan)
        trajectories: list[Trajectory] = []
        for start in range(0, m, block):
            columns = list(range(start, min(m, start + block)))
            block_values, block_trajectories = self._run(table, columns, utilities)
            values[columns] = block_values
            trajectories += block_trajectories
        return self._forecast(table, values, tuple(trajectories))

    def _block_size(self, table: PositionTable, utilities: bool) -> int:
        """Issues per block within :data:`MEMORY_BUDGET`; refuse a problem that cannot fit."""
        n, m = table.shape
        rounds = int(self.rounds)
        per_issue = _TENSOR_BYTES * n ** 3
        if per_issue > MEMORY_BUDGET:
            most = int((MEMORY_BUDGET / _TENSOR_BYTES) ** (1 / 3))
            raise InputError.single(
                "too many actors for the expected utility model", file=table.source or None,
                expected=f"at most about {most} actors (its vote tensor holds actors^3 numbers "
                f"per issue; the budget is {MEMORY_BUDGET / 2 ** 30:g} GiB)",
                found=f"{n} actors: {per_issue / 2 ** 30:.3g} GiB for one issue",
                suggestion="fewer actors (merge the smallest into blocs), or a model without "
                "rounds (compromise, median, nash)")
        per_round = _ROUND_BYTES[0] * n + _ROUND_BYTES[1] + \
            (_ROUND_BYTES[2] * n * n if utilities else 0)
        recorded = rounds * m * per_round
        if recorded > MEMORY_BUDGET:
            raise InputError.single(
                "too many rounds to record", path=(self.name, "rounds"),
                expected=f"at most about {MEMORY_BUDGET // max(m * per_round, 1)} rounds for "
                f"{m} issue(s) of {n} actors (the recorded rounds may take "
                f"{MEMORY_BUDGET / 2 ** 30:g} GiB)",
                found=f"{rounds} rounds: about {recorded / 2 ** 30:.3g} GiB",
                suggestion="fewer rounds, or fewer issues (--issue)")
        return max(1, min(_BLOCK, MEMORY_BUDGET // per_issue))

    def _run(self, table: PositionTable, columns: list[int],
             utilities: bool = True) -> tuple[FloatArray, list[Trajectory]]:
        block = _Block.of(self, table, columns)
        names = table.actors
        present = block.present

        def frozen(values: FloatArray) -> FloatArray:
            out = np.where(present, values, np.nan)
            out.setflags(write=False)
            return out

        median = median_voter(block.x, block.w, present)
        mean = _mean(block.x, block.w, present)
        history: list[list[Round]] = [[Round(0, row, float(md), float(mn)) for row, md, mn
                                       in zip(frozen(block.x), median, mean, strict=True)]]
        for number in range(1, int(self.rounds) + 1):
            r = block.risk(median)
            e, f = block.expected_utilities(r, median)
            new, choice, kind, moving = block.offers(e, f)
            if utilities:
                pair = present[:, :, None] & present[:, None, :]
                pair &= ~np.eye(len(names), dtype=bool)[None, :, :]
                eu: FloatArray | None = np.where(pair, e, 0.0)
                perceived: FloatArray | None = np.where(pair, f, 0.0)
            else:
                eu = perceived = None
            before = block.x
            block.x = new
            median = median_voter(block.x, block.w, present)
            mean = _mean(block.x, block.w, present)
            rounds = []
            risk, positions = frozen(r), frozen(block.x)
            for b in range(len(columns)):
                moves = tuple(Move(names[i], names[choice[b, i]], _KINDS[kind[b, i]],
                                   float(before[b, i]), float(new[b, i]),
                                   float(e[b, i, choice[b, i]]), float(f[b, i, choice[b, i]]))
                              for i in np.nonzero(moving[b])[0])
                mine = theirs = None
                if eu is not None and perceived is not None:
                    mine, theirs = eu[b], perceived[b]
                    mine.setflags(write=False)
                    theirs.setflags(write=False)
                rounds.append(Round(number, positions[b], float(median[b]),
                                    float(mean[b]), moves, risk[b], mine, theirs))
            history.append(rounds)
        values = median if self.outcome == "median" else mean
        trajectories = [Trajectory(table.issues[k], names, tuple(h[b] for h in history))
                        for b, k in enumerate(columns)]
        return values, trajectories
