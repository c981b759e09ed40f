"""The compromise pulled towards the agenda setter and the status quo.

In EU legislation the Commission drafts the proposal (it sets the agenda) and
the reference point is what holds if nothing is agreed. This model tests
whether either pulls the outcome away from the compromise:

.. math:: \\hat{x} = (1 - a - b)\\, \\bar{x}_w + a\\, x_{setter} + b\\, d

with ``x̄_w`` the capability x salience weighted mean, ``x_setter`` the
agenda setter's position (``setter``, ``"com"`` in DEU), ``d`` the reference
point, ``a = setter_weight`` and ``b = reference_weight``. Where the setter
states no position, or the issue has no reference point, that share goes to the
weighted mean. On DEU III, with the weights chosen by cross-validation, it
does no better than the plain compromise (see benchmarks/RESULTS.md).

References
----------
Tsebelis, G. and Garrett, G. (2000). Legislative politics in the European
Union. *European Union Politics* 1(1), 9-36.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["com", "a"], ["x"], position=[[100.0], [0.0]],
...                               salience=[[1.0], [1.0]], capability=[1.0, 1.0],
...                               reference=[0.0])
>>> AgendaSetter(setter_weight=0.5).predict(t).values.tolist()
[75.0]
>>> AgendaSetter(setter_weight=0.0, reference_weight=0.5).predict(t).values.tolist()
[25.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from accord.errors import InputError, suggest
from accord.forecast.base import Forecast, ForecastModel, check_number
from accord.forecast.compromise import model_weights, weighted_mean
from accord.forecast.data import PositionTable

__all__ = ["AgendaSetter"]


class AgendaSetter(ForecastModel):
    """The weighted mean pulled towards the agenda setter and the reference point."""

    name = "agenda"
    summary = "weighted mean pulled towards the agenda setter's position and the reference point"
    grid: ClassVar[Mapping[str, tuple[Any, ...]]] = {
        "setter_weight": (0.0, 0.1, 0.2, 0.3), "reference_weight": (0.0, 0.1, 0.2, 0.3)}

    def __init__(self, *, setter: str = "com", setter_weight: float = 0.25,
                 reference_weight: float = 0.0) -> None:
        self.setter = setter
        self.setter_weight = setter_weight
        self.reference_weight = reference_weight

    def predict(self, table: PositionTable) -> Forecast:
        """Forecast every issue (see the module)."""
        check_number(self, "setter_weight", 0.0, 1.0)
        check_number(self, "reference_weight", 0.0, 1.0 - float(self.setter_weight))
        if self.setter not in table.actors:
            raise InputError.single(f"unknown agenda setter {self.setter!r}",
                                    path=(self.name, "setter"), expected="an actor of the table",
                                    found=repr(self.setter),
                                    suggestion=suggest(str(self.setter), table.actors, "actors"))
        mean = weighted_mean(table.position, model_weights(table))
        setter = table.position[table.actors.index(self.setter)]
        a = np.where(np.isnan(setter), 0.0, float(self.setter_weight))
        b = np.where(np.isnan(table.reference), 0.0, float(self.reference_weight))
        values = (1 - a - b) * mean + a * np.nan_to_num(setter) + \
            b * np.nan_to_num(table.reference)
        return self._forecast(table, np.where(np.isnan(mean), np.nan, values))
