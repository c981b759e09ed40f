"""The Nash bargaining solution on one dimension, with or without a reference point.

Each actor ``i`` has a quadratic utility ``u_i(x) = -(x - x_i)^2`` and a
bargaining weight ``w_i = c_i s_i`` (capability times salience: the share of
its capability it brings to the issue, Achen 2006). With a disagreement point
``d`` (the issue's reference point, its status quo), the asymmetric Nash
bargaining solution (Nash 1950) is

.. math:: \\hat{x} = \\arg\\max_x \\sum_i w_i \\log\\big((d - x_i)^2 - (x - x_i)^2\\big)

over the outcomes every actor prefers to ``d``. That set is the interval
between ``d`` and the nearest of the points ``2 x_i - d`` when every actor
stands on the same side of ``d``; when the reference point lies between the
actors' positions (or an actor stands on it) no outcome is better than ``d`` for
all, and the solution is ``d`` itself: the status quo prevails. The objective
is concave, so the maximum is found by bisection on its derivative.

Without a reference point (or with ``use_reference=False``) the solution is
the limit as the disagreement point recedes: the weighted mean
``sum_i w_i x_i / sum_i w_i``, which is what Decide computes as its Nash
bargaining solution (and what :class:`~accord.forecast.compromise.Compromise`
computes).

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson et
al. (eds), *The European Union Decides*, 86-123.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["a", "b"], ["x"], position=[[40.0], [100.0]],
...                               salience=[[1.0], [1.0]], capability=[1.0, 1.0],
...                               reference=[0.0])
>>> round(float(NashBargaining().predict(t).values[0]), 9)
50.0
>>> NashBargaining(use_reference=False).predict(t).values.tolist()
[70.0]
"""

from __future__ import annotations

import numpy as np

from accord.forecast.base import Forecast, ForecastModel, check_choice
from accord.forecast.compromise import model_weights, weighted_mean
from accord.forecast.data import FloatArray, PositionTable

__all__ = ["NashBargaining", "nash_solution"]

_STEPS = 200


def nash_solution(position: FloatArray, weights: FloatArray, reference: FloatArray) -> FloatArray:
    """Per column, the Nash bargaining solution with quadratic utilities (see the module).

    Columns whose ``reference`` is NaN get the weighted mean.
    """
    present = ~np.isnan(position) & (weights > 0)
    mean = weighted_mean(position, weights)
    out = mean.copy()
    d = reference
    has_d = ~np.isnan(d) & present.any(axis=0)
    if not has_d.any():
        return out
    x = np.where(present, position, np.nan)
    above = present & (x > d[None, :])
    below = present & (x < d[None, :])
    on = present & (x == d[None, :])
    # every actor prefers the outcomes strictly between d and 2 x_i - d
    reach = np.where(present, 2.0 * x - d[None, :], np.nan)
    hi = np.where(above, reach, np.inf).min(axis=0)
    lo = np.where(below, reach, -np.inf).max(axis=0)
    all_above = above.any(axis=0) & ~below.any(axis=0) & ~on.any(axis=0)
    all_below = below.any(axis=0) & ~above.any(axis=0) & ~on.any(axis=0)
    left = np.where(all_above, d, np.where(all_below, lo, d))
    right = np.where(all_above, hi, np.where(all_below, d, d))
    solve = has_d & (all_above | all_below)
    out[has_d & ~solve] = d[has_d & ~solve]
    if solve.any():
        a, b = left[solve], right[solve]
        xs = np.where(present, x, 0.0)[:, solve]
        w = np.where(present, weights, 0.0)[:, solve]
        ds = d[solve]
        for _ in range(_STEPS):
            mid = (a + b) / 2.0
            gain = (ds[None, :] - xs) ** 2 - (mid[None, :] - xs) ** 2
            with np.errstate(divide="ignore", invalid="ignore"):
                terms = np.where(w > 0, w * (xs - mid[None, :]) / gain, 0.0)
                slope = terms.sum(axis=0)
            rising = slope > 0
            a = np.where(rising, mid, a)
            b = np.where(rising, b, mid)
        out[solve] = (a + b) / 2.0
    return out


class NashBargaining(ForecastModel):
    """The asymmetric Nash bargaining solution with the reference point as disagreement."""

    name = "nash"
    summary = "Nash bargaining solution, quadratic utilities, the reference point as disagreement"

    def __init__(self, *, use_reference: bool = True) -> None:
        self.use_reference = use_reference

    def predict(self, table: PositionTable) -> Forecast:
        """Forecast every issue (the weighted mean where the table has no reference point)."""
        check_choice(self, "use_reference", (True, False))
        weights = model_weights(table)
        reference = table.reference if self.use_reference else np.full(len(table.issues),
                                                                         np.nan)
        return self._forecast(table, nash_solution(table.position, weights, reference))
