"""Forecasting models for positional issues, with one contract (see :mod:`.base`).

Every model takes a :class:`PositionTable` (actors' positions, saliences and
capabilities on issues) and forecasts where each issue lands. :data:`MODELS`
registers the models, :data:`BASELINES` the baselines; the command line
(``accord forecast``) and the shared contract test use these registries.

Examples
--------
>>> sorted(MODELS)
['agenda', 'compromise', 'eum', 'exchange', 'median', 'nash']
>>> t = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [100.0]],
...                               salience=[[1.0], [1.0]], capability=[3.0, 1.0])
>>> MODELS["compromise"]().predict(t).values.tolist()
[25.0]
"""

from accord.forecast.agenda import AgendaSetter
from accord.forecast.base import Forecast, ForecastModel, Move, Round, Trajectory
from accord.forecast.baselines import ActorPosition, Constant, ReferencePoint
from accord.forecast.compromise import Compromise
from accord.forecast.data import PositionTable, read_table
from accord.forecast.eum import ExpectedUtility
from accord.forecast.evaluate import Evaluation, evaluate
from accord.forecast.exchange import Exchange
from accord.forecast.median import WeightedMedian
from accord.forecast.nash import NashBargaining
from accord.forecast.registry import BASELINES, MODELS, build_model
from accord.forecast.scenarios import table_from_scenario

__all__ = [
    "BASELINES",
    "MODELS",
    "ActorPosition",
    "AgendaSetter",
    "Compromise",
    "Constant",
    "Evaluation",
    "Exchange",
    "ExpectedUtility",
    "Forecast",
    "ForecastModel",
    "Move",
    "NashBargaining",
    "PositionTable",
    "ReferencePoint",
    "Round",
    "Trajectory",
    "WeightedMedian",
    "build_model",
    "evaluate",
    "read_table",
    "table_from_scenario",
]
