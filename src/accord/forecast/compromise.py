"""The compromise model: the capability x salience weighted mean of the positions.

The compromise model (Van den Bos 1991; Achen 2006, in Thomson et al., *The
European Union Decides*) forecasts, on each issue,

.. math:: \\hat{x} = \\frac{\\sum_i c_i s_i x_i}{\\sum_i c_i s_i}

over the actors ``i`` who take a position ``x_i``, with capability ``c_i`` and
salience ``s_i``. Achen derives it as an approximation of the asymmetric Nash
bargaining solution with quadratic utilities in which an actor's bargaining
weight is the share of its capability it spends on the issue (see
:mod:`accord.forecast.nash`); Decide calls it the Nash bargaining solution.

The weights are ``c_i^γ s_i^α`` with ``γ = capability_power`` and
``α = salience_power`` (both 1 in the classic model; 0 drops the factor: equal
capabilities, or equal saliences, or with both 0 the plain mean). A power below
1 flattens differences of capability: with ``γ = 0.5`` votes grow with the
square root of size, as in Penrose's square-root law for weighted voting. When
every weight is 0 the plain mean of the stated positions is returned.

References
----------
Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson,
Stokman, Achen and König (eds), *The European Union Decides*, 86-123.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["a", "b", "c"], ["x"], position=[[0.0], [50.0], [100.0]],
...                               salience=[[1.0], [1.0], [0.5]], capability=[2.0, 1.0, 2.0])
>>> Compromise().predict(t).values.tolist()
[37.5]
>>> Compromise(capability_power=0, salience_power=0).predict(t).values.tolist()
[50.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from accord.forecast.base import Forecast, ForecastModel, check_number
from accord.forecast.data import FloatArray, PositionTable

__all__ = ["Compromise", "model_weights", "weighted_mean"]


def model_weights(table: PositionTable, capability_power: float = 1.0,
                  salience_power: float = 1.0) -> FloatArray:
    """Each actor's weight on each issue: ``capability^γ x salience^α``.

    Zero where the actor takes no position; a power of 0 drops that factor
    (``0^0`` counts as 1).
    """
    present = table.present
    capability = np.where(present, table.capability, 1.0)
    salience = np.where(present, table.salience, 1.0)
    weights = np.power(capability, float(capability_power)) * \
        np.power(salience, float(salience_power))
    return np.where(present, weights, 0.0)


def weighted_mean(position: FloatArray, weights: FloatArray) -> FloatArray:
    """Per column, the weighted mean of the positions (the plain mean where no weight).

    NaN positions are left out; a column without any position gives NaN.
    """
    present = ~np.isnan(position)
    x = np.where(present, position, 0.0)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=0)
    count = present.sum(axis=0)
    plain = np.divide(x.sum(axis=0), count, out=np.full(x.shape[1], np.nan), where=count > 0)
    mean = np.divide((w * x).sum(axis=0), total, out=plain.copy(), where=total > 0)
    # a weighted mean lies within the positions; keep rounding from stepping outside them
    low = np.where(present, position, np.inf).min(axis=0, initial=np.inf)
    high = np.where(present, position, -np.inf).max(axis=0, initial=-np.inf)
    return np.where(count > 0, np.clip(mean, low, high), np.nan)


class Compromise(ForecastModel):
    """The capability x salience weighted mean of the positions (see the module)."""

    name = "compromise"
    summary = "capability x salience weighted mean of the positions"
    grid: ClassVar[Mapping[str, tuple[Any, ...]]] = {
        "capability_power": (0.0, 0.25, 0.5, 0.75, 1.0), "salience_power": (0.5, 1.0, 1.5, 2.0)}

    def __init__(self, *, capability_power: float = 1.0, salience_power: float = 1.0) -> None:
        self.capability_power = capability_power
        self.salience_power = salience_power

    def predict(self, table: PositionTable) -> Forecast:
        """Forecast every issue: the weighted mean of the stated positions."""
        check_number(self, "capability_power", 0.0, 10.0)
        check_number(self, "salience_power", 0.0, 10.0)
        weights = model_weights(table, self.capability_power, self.salience_power)
        return self._forecast(table, weighted_mean(table.position, weights))
