"""The weighted median: the position a weighted majority cannot move.

On one dimension with single-peaked preferences the weighted median position
beats every other position in a pairwise weighted vote (Black 1948), which
makes it the median voter model's forecast:

.. math:: \\hat{x} = \\min \\{ x : \\sum_{i: x_i \\le x} w_i \\ge W/2 \\}

with ``w_i = c_i s_i`` and ``W`` their sum. When the cumulative weight reaches
exactly half at a position, the lower and upper weighted medians differ and the
model returns their midpoint, so that equal weights give the ordinary median.
The weights are ``c_i^γ s_i^α``, as in
:class:`~accord.forecast.compromise.Compromise` (``capability_power`` and
``salience_power``, both 1 by default; 0 drops the factor).

References
----------
Black, D. (1948). On the rationale of group decision-making. *Journal of
Political Economy* 56(1), 23-34.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["a", "b", "c"], ["x"], position=[[0.0], [40.0], [100.0]],
...                               salience=[[1.0], [1.0], [1.0]], capability=[1.0, 1.0, 3.0])
>>> WeightedMedian().predict(t).values.tolist()
[100.0]
>>> WeightedMedian(capability_power=0).predict(t).values.tolist()
[40.0]
"""

from __future__ import annotations

import numpy as np

from accord.forecast.base import Forecast, ForecastModel, check_number
from accord.forecast.compromise import model_weights
from accord.forecast.data import FloatArray, PositionTable

__all__ = ["WeightedMedian", "weighted_median"]


def weighted_median(position: FloatArray, weights: FloatArray) -> FloatArray:
    """Per column, the weighted median of the positions (NaN positions left out).

    The midpoint of the lower and upper weighted medians; the plain median of
    the positions where every weight is 0; NaN for a column without positions.

    Examples
    --------
    >>> weighted_median(np.array([[0.0], [10.0], [20.0], [30.0]]), np.ones((4, 1))).tolist()
    [15.0]
    """
    present = ~np.isnan(position)
    weights = np.where(present, weights, 0.0)
    total = weights.sum(axis=0)
    weights = np.where((total > 0)[None, :], weights, present.astype(np.float64))
    total = weights.sum(axis=0)
    keys = np.where(present, position, np.inf)
    order = np.argsort(keys, axis=0, kind="stable")
    xs = np.take_along_axis(keys, order, axis=0)
    cumulative = np.cumsum(np.take_along_axis(weights, order, axis=0), axis=0)
    half = total / 2.0
    tol = 1e-12 * np.maximum(total, 1e-300)
    lower = np.argmax(cumulative >= (half - tol)[None, :], axis=0)
    upper = np.argmax(cumulative > (half + tol)[None, :], axis=0)
    columns = np.arange(position.shape[1])
    median = (xs[lower, columns] + xs[upper, columns]) / 2.0
    return np.where(present.any(axis=0), median, np.nan)


class WeightedMedian(ForecastModel):
    """The capability x salience weighted median of the positions (see the module)."""

    name = "median"
    summary = "capability x salience weighted median of the positions"

    def __init__(self, *, capability_power: float = 1.0, salience_power: float = 1.0) -> None:
        self.capability_power = capability_power
        self.salience_power = salience_power

    def predict(self, table: PositionTable) -> Forecast:
        """Forecast every issue: the weighted median of the stated positions."""
        check_number(self, "capability_power", 0.0, 10.0)
        check_number(self, "salience_power", 0.0, 10.0)
        weights = model_weights(table, self.capability_power, self.salience_power)
        return self._forecast(table, weighted_median(table.position, weights))
