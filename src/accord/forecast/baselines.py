"""Baselines a forecasting model must beat: a constant, the reference point, one actor.

- :class:`Constant`: the same value for every issue (by default the middle of
  each issue's scale, 50 on DEU's 0..100);
- :class:`ReferencePoint`: the status quo carries on (NaN where the table has
  no reference point);
- :class:`ActorPosition`: one actor's stated position, e.g. the European
  Commission's (``actor="com"`` in DEU) as agenda setter (NaN where that actor
  states none).

The mean, the weighted mean and the median of the positions are
:class:`~accord.forecast.compromise.Compromise` and
:class:`~accord.forecast.median.WeightedMedian` with factors of the weight
switched off.

Examples
--------
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["com", "a"], ["x", "y"], position=[[10.0, 80.0], [30.0, 0.0]],
...                               salience=[[1.0, 1.0], [1.0, 1.0]], capability=[1.0, 1.0],
...                               lower=[0.0, 0.0], upper=[100.0, 100.0],
...                               reference=[0.0, float("nan")])
>>> Constant().predict(t).values.tolist(), Constant(value=20.0).predict(t).values.tolist()
([50.0, 50.0], [20.0, 20.0])
>>> ReferencePoint().predict(t).values.tolist()
[0.0, nan]
>>> ActorPosition(actor="com").predict(t).values.tolist()
[10.0, 80.0]
"""

from __future__ import annotations

import math

import numpy as np

from accord.errors import InputError, suggest
from accord.forecast.base import Forecast, ForecastModel, check_number
from accord.forecast.data import PositionTable

__all__ = ["ActorPosition", "Constant", "ReferencePoint"]


class Constant(ForecastModel):
    """The same forecast for every issue: ``value``, or the middle of the scale."""

    name = "constant"
    summary = "a constant: the middle of each issue's scale unless a value is given"

    def __init__(self, *, value: float | None = None) -> None:
        self.value = value

    def predict(self, table: PositionTable) -> Forecast:
        """``value`` for every issue (the middle of its scale when ``value`` is None)."""
        if self.value is None:
            return self._forecast(table, (table.lower + table.upper) / 2.0)
        check_number(self, "value", -math.inf)
        return self._forecast(table, np.full(len(table.issues), float(self.value)))


class ReferencePoint(ForecastModel):
    """The status quo prevails: the issue's reference point (NaN where unknown)."""

    name = "reference"
    summary = "the reference point (status quo) of each issue"

    def __init__(self) -> None:
        pass

    def predict(self, table: PositionTable) -> Forecast:
        """The reference point of every issue."""
        return self._forecast(table, table.reference)


class ActorPosition(ForecastModel):
    """One actor's stated position (NaN where it states none)."""

    name = "actor"
    summary = "one actor's stated position (e.g. the Commission's)"

    def __init__(self, *, actor: str = "com") -> None:
        self.actor = actor

    def predict(self, table: PositionTable) -> Forecast:
        """The actor's position on every issue."""
        if self.actor not in table.actors:
            raise InputError.single(f"unknown actor {self.actor!r}", path=(self.name, "actor"),
                                    expected="an actor of the table", found=repr(self.actor),
                                    suggestion=suggest(str(self.actor), table.actors, "actors"))
        return self._forecast(table, table.position[table.actors.index(self.actor)])
