"""Known answers worked out by hand, Decide's expected values, and properties of the models."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from accord.forecast import (
    AgendaSetter,
    Compromise,
    Exchange,
    NashBargaining,
    PositionTable,
    WeightedMedian,
    read_table,
)
from accord.forecast.median import weighted_median

nan = math.nan

# Decide's own test (foarsitter/decide-exchange-model, decide/tests/test_rex.py): two actors,
# two issues; its Nash bargaining solution is 85 + 5/7 and 35 + 5/7.
DECIDE_REX = """'#A'\t'Actor-1'\t'Actor-1'\t''
'#A'\t'Actor-2'\t'Actor-2'\t''
'#P'\t'Issue-1'\t'Issue-1'\t'Issue-1'
'#M'\t'Issue-1'\t0
'#M'\t'Issue-1'\t100
'#P'\t'Issue-2'\t'Issue-2'\t'Issue-2'
'#M'\t'Issue-2'\t0
'#M'\t'Issue-2'\t100
'#D'\t'Actor-1'\t'Issue-1'\t0.0\t10\t1
'#D'\t'Actor-1'\t'Issue-2'\t0.0\t90\t1
'#D'\t'Actor-2'\t'Issue-1'\t100.0\t60\t1
'#D'\t'Actor-2'\t'Issue-2'\t100.0\t50\t1
"""


def one_issue(positions: list[float], saliences: list[float], capabilities: list[float],
              reference: float = nan) -> PositionTable:
    return PositionTable.from_arrays([f"a{i}" for i in range(len(positions))], ["x"],
                                     position=[[p] for p in positions],
                                     salience=[[s] for s in saliences],
                                     capability=capabilities, reference=[reference])


# ---------------------------------------------------------------- known answers
def test_decide_nash_bargaining_values(tmp_path: Path) -> None:
    f = tmp_path / "rex.csv"
    f.write_text(DECIDE_REX)
    table = read_table(f)
    assert table.salience.tolist() == [[0.1, 0.9], [0.6, 0.5]]   # read on 0..100
    for model in (Compromise(), NashBargaining()):
        values = model.predict(table).values
        assert values[0] == pytest.approx(85 + 5 / 7, rel=1e-12)
        assert values[1] == pytest.approx(35 + 5 / 7, rel=1e-12)


def test_compromise_by_hand() -> None:
    t = one_issue([0, 50, 100], [1.0, 0.5, 0.25], [1, 2, 4])
    # weights 1, 1, 1
    assert Compromise().predict(t).values[0] == pytest.approx(50.0)
    # equal capabilities: weights 1, 0.5, 0.25 -> (0 + 25 + 25) / 1.75
    assert Compromise(capability_power=0).predict(t).values[0] == pytest.approx(50 / 1.75)
    # square-root capabilities: weights 1, 0.5*sqrt2, 0.5 -> (25*sqrt2 + 50) / (1.5 + 0.5*sqrt2)
    root = math.sqrt(2)
    assert Compromise(capability_power=0.5).predict(t).values[0] == pytest.approx(
        (25 * root + 50) / (1.5 + 0.5 * root))


def test_compromise_falls_back_to_the_plain_mean_without_weight() -> None:
    t = one_issue([0, 30], [0.0, 0.0], [1, 1])
    assert Compromise().predict(t).values.tolist() == [15.0]


def test_weighted_median_by_hand() -> None:
    assert WeightedMedian().predict(one_issue([0, 40, 100], [1, 1, 1], [1, 1, 3])).values[0] \
        == 100.0
    # the cumulative weight reaches exactly half at 40: midpoint of 40 and 100
    assert WeightedMedian().predict(one_issue([0, 40, 100], [1, 1, 1], [1, 1, 2])).values[0] \
        == 70.0
    # ties in position, zero weights in between
    assert weighted_median(np.array([[0.0], [5.0], [10.0]]),
                           np.array([[1.0], [0.0], [1.0]])).tolist() == [5.0]


def test_nash_without_reference_is_the_weighted_mean() -> None:
    t = one_issue([0, 100, 40], [0.5, 1.0, 0.8], [2, 1, 1])
    assert NashBargaining().predict(t).values[0] == pytest.approx(
        Compromise().predict(t).values[0])


def test_nash_with_a_reference_point_maximises_the_nash_product() -> None:
    positions, saliences, capabilities, d = [40.0, 100.0, 70.0], [1.0, 0.5, 0.8], [1, 3, 2], 0.0
    t = one_issue(positions, saliences, capabilities, d)
    w = [c * s for c, s in zip(capabilities, saliences, strict=True)]

    def minus_log_product(x: float) -> float:
        return -sum(wi * math.log((d - xi) ** 2 - (x - xi) ** 2)
                    for wi, xi in zip(w, positions, strict=True))

    best = minimize_scalar(minus_log_product, bounds=(1e-9, 80 - 1e-9), method="bounded",
                           options={"xatol": 1e-10}).x
    assert NashBargaining().predict(t).values[0] == pytest.approx(best, abs=1e-6)
    # one actor alone gets its position
    assert NashBargaining().predict(one_issue([30.0], [1.0], [1.0], 0.0)).values[0] == \
        pytest.approx(30.0, abs=1e-9)


def test_nash_with_the_reference_point_between_the_actors_keeps_the_status_quo() -> None:
    t = one_issue([0, 100], [1, 1], [1, 1], 60.0)
    assert NashBargaining().predict(t).values.tolist() == [60.0]
    assert NashBargaining(use_reference=False).predict(t).values.tolist() == [50.0]


def test_exchange_by_hand() -> None:
    # a cares about p, b about q; both sit at opposite ends: b gives p to a, a gives q to b
    t = PositionTable.from_arrays(["a", "b"], ["p", "q"], position=[[0.0, 0.0], [100.0, 100.0]],
                                  salience=[[0.9, 0.1], [0.1, 0.9]], capability=[1.0, 1.0])
    forecast = Exchange().predict(t)
    assert forecast.values.tolist() == pytest.approx([0.0, 100.0])
    (move,) = forecast.trajectories[0].rounds[1].moves
    # outcome of p moves 10 towards a: gain 10 * (0.9*0.9 - 0.1*0.1) / (0.1 + 0.9) = 8
    assert (move.actor, move.counterpart, move.traded_issue) == ("b", "a", "q")
    assert move.utility == pytest.approx(8.0)
    assert len(forecast.trajectories[0].rounds) == 3        # start, one exchange, nothing left


def test_exchange_needs_opposite_sides_and_different_priorities() -> None:
    same_priorities = PositionTable.from_arrays(
        ["a", "b"], ["p", "q"], position=[[0.0, 0.0], [100.0, 100.0]],
        salience=[[0.5, 0.5], [0.5, 0.5]], capability=[1.0, 1.0])
    forecast = Exchange().predict(same_priorities)
    assert forecast.values.tolist() == Compromise().predict(same_priorities).values.tolist()
    separate_groups = PositionTable.from_arrays(
        ["a", "b"], ["p", "q"], position=[[0.0, 0.0], [100.0, 100.0]],
        salience=[[0.9, 0.1], [0.1, 0.9]], capability=[1.0, 1.0], groups=["one", "two"])
    assert Exchange().predict(separate_groups).values.tolist() == \
        Compromise().predict(separate_groups).values.tolist()


def test_agenda_setter_blend() -> None:
    t = PositionTable.from_arrays(["com", "a"], ["x", "y"], position=[[100.0, nan], [0.0, 0.0]],
                                  salience=[[1.0, nan], [1.0, 1.0]], capability=[1.0, 1.0],
                                  reference=[nan, 100.0])
    values = AgendaSetter(setter_weight=0.2, reference_weight=0.3).predict(t).values
    # x: no reference point -> 0.8 * 50 + 0.2 * 100; y: no setter -> 0.7 * 0 + 0.3 * 100
    assert values.tolist() == pytest.approx([60.0, 30.0])


# ---------------------------------------------------------------- properties
@st.composite
def issues(draw: st.DrawFn, size: int = 6) -> tuple[list[float], list[float], list[float]]:
    n = draw(st.integers(1, size))
    positions = draw(st.lists(st.sampled_from([0.0, 10.0, 25.0, 50.0, 60.0, 100.0]),
                              min_size=n, max_size=n))
    saliences = draw(st.lists(st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]), min_size=n,
                              max_size=n))
    capabilities = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0, 4.1]), min_size=n,
                                 max_size=n))
    return positions, saliences, capabilities


MODELS_BETWEEN = [Compromise(), WeightedMedian(), NashBargaining(), Exchange()]


@given(issues())
def test_forecasts_lie_between_the_extreme_positions(data: tuple[list[float], ...]) -> None:
    t = one_issue(*data)
    for model in MODELS_BETWEEN:
        value = model.predict(t).values[0]
        assert min(data[0]) - 1e-9 <= value <= max(data[0]) + 1e-9


@given(issues(), st.randoms(use_true_random=False))
def test_the_order_of_the_actors_does_not_matter(data: tuple[list[float], ...],
                                                  rnd: object) -> None:
    positions, saliences, capabilities = data
    order = list(range(len(positions)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    a = one_issue(positions, saliences, capabilities)
    b = one_issue([positions[i] for i in order], [saliences[i] for i in order],
                  [capabilities[i] for i in order])
    for model in MODELS_BETWEEN:
        assert model.predict(b).values[0] == pytest.approx(model.predict(a).values[0],
                                                           abs=1e-9)


@given(issues(), st.sampled_from([0.01, 0.5, 3.0, 100.0]))
def test_scaling_capabilities_or_saliences_changes_nothing(data: tuple[list[float], ...],
                                                            k: float) -> None:
    positions, saliences, capabilities = data
    t = one_issue(positions, saliences, capabilities)
    more_capable = one_issue(positions, saliences, [k * c for c in capabilities])
    less_salient = one_issue(positions, [s * min(k, 1.0) for s in saliences], capabilities)
    for model in (Compromise(), WeightedMedian(), NashBargaining()):
        value = model.predict(t).values[0]
        assert model.predict(more_capable).values[0] == pytest.approx(value, abs=1e-9)
        assert model.predict(less_salient).values[0] == pytest.approx(value, abs=1e-9)


@given(issues(), st.sampled_from([-50.0, 3.0, 1000.0]), st.sampled_from([0.5, 2.0]))
def test_forecasts_move_with_the_scale(data: tuple[list[float], ...], shift: float,
                                        scale: float) -> None:
    positions, saliences, capabilities = data
    t = one_issue(positions, saliences, capabilities, reference=-10.0)
    moved = one_issue([scale * p + shift for p in positions], saliences, capabilities,
                      reference=scale * -10.0 + shift)
    for model in (Compromise(), WeightedMedian(), NashBargaining()):
        assert model.predict(moved).values[0] == pytest.approx(
            scale * model.predict(t).values[0] + shift, abs=1e-6)


@given(issues())
def test_the_median_is_never_beaten_in_a_weighted_vote(data: tuple[list[float], ...]) -> None:
    positions, saliences, capabilities = data
    t = one_issue(positions, saliences, capabilities)
    median = WeightedMedian().predict(t).values[0]
    w = [s * c for s, c in zip(saliences, capabilities, strict=True)]
    for alternative in positions:
        votes = sum(wi * (abs(x - alternative) - abs(x - median))
                    for wi, x in zip(w, positions, strict=True))
        assert votes >= -1e-9
