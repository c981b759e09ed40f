"""Stokman's exchange model: actors trade voting positions across issues.

Issues of the same group (a legislative proposal in DEU; the whole file
otherwise) can be traded against each other. On each issue ``p`` the expected
outcome is the weighted mean ``O_p = Σ_k c_k s_kp x_kp / W_p`` with
``W_p = Σ_k c_k s_kp``, and an actor's utility is ``-Σ_p s_ip |x - O_p|``
(Stokman and Van Oosten 1994). Two actors ``i`` and ``j`` can exchange on issues
``p`` and ``q`` when they stand on opposite sides of the expected outcome on
both, and ``i`` cares relatively more about ``p`` and ``j`` about ``q``
(``s_ip s_jq > s_iq s_jp``). Then ``j`` moves towards ``i`` on ``p`` and ``i``
towards ``j`` on ``q``: if the outcome of ``p`` shifts by ``a`` towards ``i``
and that of ``q`` by ``b`` towards ``j``, the gains are ``s_ip a - s_iq b`` for
``i`` and ``s_jq b - s_jp a`` for ``j``. The exchange is the *equal gain*
exchange (Dijkstra, Van Assen and Stokman 2008; the Decide model):
``b = a (s_ip + s_jp) / (s_iq + s_jq)``, each side gaining
``a (s_ip s_jq - s_iq s_jp) / (s_iq + s_jq)``, as large as it can be without an
outcome passing the position of the actor it moves towards and without a mover
passing its partner's position.

A round computes every possible exchange from the positions at its start,
carries them out from the largest gain down, each actor-issue pair taking part
in at most one exchange per round, then recomputes the outcomes. The model
stops after ``rounds`` rounds or when no exchange is left; the forecast is the
weighted mean of the final positions. An issue with no partner issue in its
group is forecast by the weighted mean of the stated positions.

References
----------
Stokman, F. and Van Oosten, R. (1994). The exchange of voting positions: an
object-oriented model of policy networks. In Bueno de Mesquita and Stokman
(eds), *European Community Decision Making*, 105-127.
Dijkstra, J., Van Assen, M. and Stokman, F. (2008). Outcomes of collective
decisions with externalities predicted. *Journal of Theoretical Politics*
20(4), 415-441.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["a", "b"], ["p", "q"],
...     position=[[0.0, 0.0], [100.0, 100.0]], salience=[[0.9, 0.1], [0.1, 0.9]],
...     capability=[1.0, 1.0])
>>> f = Exchange().predict(t)
>>> f.values.round(3).tolist()
[0.0, 100.0]
>>> f.trajectories[0].rounds[1].moves[0].describe()
'b trades with a (for q): 100 -> 0 (8 vs 8)'
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from accord.forecast.base import Forecast, ForecastModel, Move, Round, Trajectory, check_number
from accord.forecast.compromise import weighted_mean
from accord.forecast.data import FloatArray, PositionTable
from accord.forecast.median import weighted_median

__all__ = ["Exchange"]


def _candidates(x: FloatArray, s: FloatArray, w: FloatArray, outcome: FloatArray,
                p: int, q: int) -> list[tuple[float, int, int, int, int, float, float]]:
    """Every equal-gain exchange where the row actor demands ``p`` and the column ``q``.

    Returns ``(gain, i, j, p, q, shift of j on p, shift of i on q)``.
    """
    total_p, total_q = w[:, p].sum(), w[:, q].sum()
    if total_p <= 0 or total_q <= 0:
        return []
    present = ~np.isnan(x[:, p]) & ~np.isnan(x[:, q])
    xp, xq = np.where(present, x[:, p], 0.0), np.where(present, x[:, q], 0.0)
    dp, dq = xp - outcome[p], xq - outcome[q]
    sp, sq = s[:, p], s[:, q]
    wp, wq = w[:, p], w[:, q]
    both = present[:, None] & present[None, :]
    ok = both & (dp[:, None] * dp[None, :] < 0) & (dq[:, None] * dq[None, :] < 0) \
        & (sp[:, None] * sq[None, :] > sq[:, None] * sp[None, :]) \
        & (wp[None, :] > 0) & (wq[:, None] > 0)
    if not ok.any():
        return []
    rate = (sp[:, None] + sp[None, :]) / np.maximum(sq[:, None] + sq[None, :], 1e-300)
    limit_p = np.minimum(np.abs(dp)[:, None],
                         wp[None, :] * np.abs(xp[None, :] - xp[:, None]) / total_p)
    limit_q = np.minimum(np.abs(dq)[None, :],
                         wq[:, None] * np.abs(xq[:, None] - xq[None, :]) / total_q)
    a = np.minimum(limit_p, limit_q / np.maximum(rate, 1e-300))
    gain = a * (sp[:, None] * sq[None, :] - sq[:, None] * sp[None, :]) / \
        np.maximum(sq[:, None] + sq[None, :], 1e-300)
    out = []
    for i, j in zip(*np.nonzero(ok & (gain > 1e-12)), strict=True):
        move_p = a[i, j] * total_p / wp[j]
        move_q = rate[i, j] * a[i, j] * total_q / wq[i]
        out.append((float(gain[i, j]), int(i), int(j), p, q, float(move_p), float(move_q)))
    return out


class Exchange(ForecastModel):
    """Stokman's exchange model with equal-gain exchanges (see the module)."""

    name = "exchange"
    summary = "Stokman's exchange model: equal-gain trades of positions across issues"

    def __init__(self, *, rounds: int = 10) -> None:
        self.rounds = rounds

    def predict(self, table: PositionTable) -> Forecast:
        """Run the model group by group; the trajectory of each issue is in the forecast."""
        check_number(self, "rounds", 0, 10_000, integer=True)
        values = np.full(len(table.issues), np.nan)
        trajectories: dict[int, Trajectory] = {}
        for group in dict.fromkeys(table.groups):
            columns = [k for k, g in enumerate(table.groups) if g == group]
            for k, value, trajectory in self._run(table, columns):
                values[k] = value
                trajectories[k] = trajectory
        return self._forecast(table, values,
                              tuple(trajectories[k] for k in range(len(table.issues))))

    def _run(self, table: PositionTable,
             columns: list[int]) -> list[tuple[int, float, Trajectory]]:
        x = table.position[:, columns].copy()
        s = np.where(table.present[:, columns], table.salience[:, columns], 0.0)
        w = np.where(table.present[:, columns], table.capability[:, columns] * s, 0.0)
        names = table.actors
        issues = [table.issues[k] for k in columns]

        def snapshot(number: int, moves: list[list[Move]]) -> list[Round]:
            mean, median = weighted_mean(x, w), weighted_median(x, w)
            out = []
            for c in range(len(columns)):
                positions = x[:, c].copy()
                positions.setflags(write=False)
                out.append(Round(number, positions, float(median[c]), float(mean[c]),
                                 tuple(moves[c])))
            return out

        history = [snapshot(0, [[] for _ in columns])]
        for number in range(1, int(self.rounds) + 1):
            outcome = weighted_mean(x, w)
            candidates = []
            for p, q in itertools.permutations(range(len(columns)), 2):
                candidates += _candidates(x, s, w, outcome, p, q)
            candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3], c[4]))
            used: set[tuple[int, int]] = set()
            moves: list[list[Move]] = [[] for _ in columns]
            for gain, i, j, p, q, move_p, move_q in candidates:
                pairs = {(i, p), (i, q), (j, p), (j, q)}
                if pairs & used:
                    continue
                used |= pairs
                for actor, other, issue, other_issue, step in ((j, i, p, q, move_p),
                                                               (i, j, q, p, move_q)):
                    before = float(x[actor, issue])
                    target = float(x[other, issue])
                    after = before + math.copysign(min(step, abs(target - before)),
                                                   target - before)
                    x[actor, issue] = after
                    moves[issue].append(Move(names[actor], names[other], "exchange", before,
                                             after, gain, gain, issues[other_issue]))
            history.append(snapshot(number, moves))
            if not any(moves):
                break
        final = weighted_mean(x, w)
        return [(k, float(final[c]),
                 Trajectory(table.issues[k], names, tuple(h[c] for h in history)))
                for c, k in enumerate(columns)]
