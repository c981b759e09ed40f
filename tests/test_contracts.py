"""Every registered class keeps its family's contract: one parametrised test per rule.

Like scikit-learn's ``check_estimator``, each section below lists the rules of
one contract and runs them on every class of a registry, so that a new class
is checked by registering it. Sections:

- forecasting models and baselines (``accord.forecast.MODELS`` and
  ``BASELINES``): keyword-only parameters stored unchanged by ``__init__``,
  ``get_params`` round trip, ``predict`` leaves its input alone, is
  deterministic, stays within each issue's scale, and rebuilding a model from
  its parameters gives the same forecast.

- negotiator strategies (``accord.simulate.strategies.STRATEGIES``) and the mediator:
  they follow the protocol, keep their parameters, propose pool rows, never
  accept below their reservation value, are deterministic, and play exactly as
  the compiled batch engine.
"""

from __future__ import annotations

import inspect
import json
import math
from typing import Any

import numpy as np
import pytest

from accord.analysis.context import Context
from accord.errors import InputError
from accord.forecast import BASELINES, MODELS, ForecastModel, PositionTable
from accord.scenario.examples import toy_scenario
from accord.simulate.engine import run_one
from accord.simulate.pool import deal_pool
from accord.simulate.protocols import alternating, mediated
from accord.simulate.strategies import (
    STRATEGIES,
    Mediator,
    Negotiator,
    Offer,
    TextMediator,
    View,
    make_strategy,
)

# ====================================================================== forecasting models
FORECASTERS: dict[str, type[ForecastModel]] = {**MODELS, **BASELINES}


def contract_table() -> PositionTable:
    """Five actors (one called 'com', one absent from an issue), four issues in two groups."""
    nan = math.nan
    return PositionTable.from_arrays(
        ["com", "ep", "a", "b", "c"], ["p1", "p2", "q1", "q2"],
        position=[[80, 10, 50, 100], [60, 0, 40, 90], [0, 100, 0, nan],
                  [20, 70, 100, 0], [100, 30, 75, 20]],
        salience=[[0.9, 0.2, 0.5, 1.0], [0.5, 0.8, 0.3, 0.6], [1.0, 0.4, 0.7, nan],
                  [0.3, 1.0, 0.9, 0.2], [0.6, 0.5, 0.1, 0.8]],
        capability=[[3, 3, 3, 3], [2, 2, 2, 2], [1, 1, 1, 1], [4, 4, 4, 4], [2, 2, 2, 2]],
        lower=[0, 0, 0, 0], upper=[100, 100, 100, 100], reference=[0, nan, 100, 50],
        outcome=[40, 50, 60, nan], groups=["p", "p", "q", "q"])


def _copy(table: PositionTable) -> dict[str, Any]:
    return {name: np.array(getattr(table, name), copy=True) for name in (
        "position", "salience", "capability", "lower", "upper", "reference", "outcome")}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True))


def _param_value(cls: type[ForecastModel], name: str) -> Any:
    """A legal, non-default value for a parameter (to check it is stored unchanged)."""
    default = cls.defaults()[name]
    grid = cls.grid.get(name)
    if grid:
        return next((v for v in grid if v != default), default)
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 1
    if isinstance(default, float):
        return default / 2
    return default


parametrize = pytest.mark.parametrize("cls", list(FORECASTERS.values()), ids=list(FORECASTERS))


@parametrize
def test_registered_under_its_name(cls: type[ForecastModel]) -> None:
    assert FORECASTERS[cls.name] is cls
    assert cls.summary
    assert cls.__doc__


@parametrize
def test_init_takes_keyword_only_parameters_with_defaults(cls: type[ForecastModel]) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    for p in parameters:
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, p.name
        assert p.default is not inspect.Parameter.empty, p.name


@parametrize
def test_init_stores_parameters_unchanged(cls: type[ForecastModel]) -> None:
    params = {name: _param_value(cls, name) for name in cls.param_names()}
    model = cls(**params)
    for name, value in params.items():
        assert getattr(model, name) is value
    assert model.get_params() == dict(sorted(params.items()))


WITH_PARAMETERS = {name: cls for name, cls in FORECASTERS.items() if cls.param_names()}


@pytest.mark.parametrize("cls", list(WITH_PARAMETERS.values()), ids=list(WITH_PARAMETERS))
def test_init_does_not_validate_predict_does(cls: type[ForecastModel]) -> None:
    model = cls(**{name: "nonsense" for name in cls.param_names()})
    with pytest.raises(InputError) as info:
        model.predict(contract_table())
    assert cls.name in str(info.value) or "nonsense" in str(info.value)


@parametrize
def test_get_params_round_trip_gives_the_same_forecast(cls: type[ForecastModel]) -> None:
    table = contract_table()
    model = cls()
    clone = cls(**model.get_params())
    assert clone.get_params() == model.get_params()
    assert _same(clone.predict(table).values, model.predict(table).values)


@parametrize
def test_predict_does_not_modify_its_input(cls: type[ForecastModel]) -> None:
    table = contract_table()
    before = _copy(table)
    cls().predict(table)
    for name, values in before.items():
        assert _same(getattr(table, name), values), name
        assert not getattr(table, name).flags.writeable


@parametrize
def test_predict_is_deterministic(cls: type[ForecastModel]) -> None:
    table = contract_table()
    first, second = cls().predict(table), cls().predict(table)
    assert _same(first.values, second.values)
    assert [t.to_dict() for t in first.trajectories] == [t.to_dict() for t in
                                                         second.trajectories]


@parametrize
def test_forecast_lies_within_each_issue_scale(cls: type[ForecastModel]) -> None:
    table = contract_table()
    values = cls().predict(table).values
    finite = np.isfinite(values)
    assert np.all((values[finite] >= table.lower[finite] - 1e-9)
                  & (values[finite] <= table.upper[finite] + 1e-9))
    if cls.name in MODELS:   # models forecast every issue with positions
        assert finite.all()


@parametrize
def test_forecast_describes_itself(cls: type[ForecastModel]) -> None:
    table = contract_table()
    model = cls()
    forecast = model.predict(table)
    assert forecast.model == cls.name
    assert forecast.issues == table.issues
    assert dict(forecast.params) == model.get_params()
    assert forecast.values.shape == (len(table.issues),)
    assert not forecast.values.flags.writeable
    json.dumps(forecast.to_dict(), allow_nan=False)
    assert type(model).__name__ in repr(model)


@parametrize
def test_trajectories_start_from_the_stated_positions(cls: type[ForecastModel]) -> None:
    table = contract_table()
    forecast = cls().predict(table)
    if not forecast.trajectories:
        return
    assert [t.issue for t in forecast.trajectories] == list(table.issues)
    for k, trajectory in enumerate(forecast.trajectories):
        start = trajectory.rounds[0]
        assert start.number == 0
        assert not start.moves
        assert _same(start.positions, table.position[:, k])
        assert [r.number for r in trajectory.rounds] == list(range(len(trajectory.rounds)))
        last = trajectory.rounds[-1]
        assert forecast.values[k] in (pytest.approx(last.mean), pytest.approx(last.median))


@parametrize
def test_every_grid_value_is_accepted(cls: type[ForecastModel]) -> None:
    table = contract_table()
    for name, values in cls.grid.items():
        assert name in cls.param_names()
        for value in values:
            assert np.isfinite(cls(**{name: value}).predict(table).values).any()


@parametrize
def test_forecasts_an_issue_from_its_own_group_only(cls: type[ForecastModel]) -> None:
    """The evaluation relies on it: dropping the other groups changes nothing."""
    table = contract_table()
    whole = cls().predict(table).values
    alone = cls().predict(table.select([0, 1])).values
    assert _same(alone, whole[:2])


# ====================================================================== negotiator strategies
NEGOTIATORS = sorted(STRATEGIES)


def _view(seat: int = 0, seed: int = 3, rounds: int = 10) -> View:
    ctx = Context.of(toy_scenario())
    pool = deal_pool(ctx, ["a", "b"])
    return View(ctx, ctx.model, pool, seat, ("a", "b"),
                float(ctx.model.reservation[seat]), rounds, seed)


@pytest.mark.parametrize("name", NEGOTIATORS)
def test_strategy_follows_the_negotiator_protocol(name: str) -> None:
    n = make_strategy(name)
    assert isinstance(n, Negotiator)
    assert n.name == name
    params = n.get_params()
    rebuilt = type(n)(name=name, **params)
    assert rebuilt.get_params() == params


@pytest.mark.parametrize("name", NEGOTIATORS)
def test_strategy_proposes_pool_rows_and_never_accepts_below_its_reservation(name: str) -> None:
    view = _view()
    n = make_strategy(name)
    n.start(view)
    pool = view.pool
    for turn in range(view.rounds * 2):
        t = turn / (view.rounds * 2)
        row = n.propose(turn, t)
        assert 0 <= row < pool.size
        for other in range(pool.size):
            ok = n.respond(Offer(pool.digits[other], other), 1, turn, t)
            assert isinstance(ok, bool)
            if ok:
                assert pool.utilities[other, 0] >= view.reservation - 1e-9


@pytest.mark.parametrize("name", NEGOTIATORS)
def test_strategy_is_deterministic_and_matches_the_batch_engine(name: str) -> None:
    ctx = Context.of(toy_scenario())
    pool = deal_pool(ctx, ["a", "b"])
    runs = [alternating(ctx, [make_strategy(name), make_strategy("linear")], ["a", "b"],
                        rounds=12, seed=5, pool=pool) for _ in range(2)]
    assert [t.deal for t in runs[0].trace.turns] == [t.deal for t in runs[1].trace.turns]
    a, b = make_strategy(name), make_strategy("linear")
    compiled = run_one(pool, [type(a).kind, type(b).kind], [a.exponent, b.exponent],
                       ctx.model.reservation[:2], ctx.model.veto[:2], 12, 0, 5,
                       ctx.space.radices)
    assert [t.deal for t in runs[0].trace.turns] == pool.index[compiled.offers].tolist()


def test_mediator_follows_its_protocol() -> None:
    m = TextMediator()
    assert isinstance(m, Mediator)
    assert TextMediator(**m.get_params()).get_params() == m.get_params()
    ctx = Context.of(toy_scenario())
    runs = [mediated(ctx, [make_strategy("linear"), make_strategy("boulware")], ["a", "b"],
                     TextMediator(), rounds=30) for _ in range(2)]
    assert [t.deal for t in runs[0].trace.turns] == [t.deal for t in runs[1].trace.turns]
    radices = ctx.space.radices
    for turn in runs[0].trace.turns:
        digits = ctx.space.decode([turn.deal])[0]
        assert ((digits >= 0) & (digits < radices)).all()
