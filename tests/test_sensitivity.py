"""Sobol indices and tornado data on cases whose answer is known."""

from __future__ import annotations

import pytest

from accord.scenario import Scenario
from accord.uncertainty import monte_carlo, sobol, tornado


@pytest.fixture
def one_matters(toy_data: dict) -> Scenario:
    # only b's reservation decides whether an agreement exists; c has no veto
    toy_data["uncertainty"] = {"b.reservation": {"uniform": [0.6, 1.0]},
                               "c.reservation": {"uniform": [0.0, 1.0]},
                               "c.values.delivery.slow": {"uniform": [0.0, 1.0]}}
    return Scenario.model_validate(toy_data)


def test_sobol_ranks_the_only_parameter_that_matters_first(one_matters: Scenario) -> None:
    (agreement,) = sobol(one_matters, n_base=256, seed=4)
    assert agreement.output == "agreement"
    first = agreement.indices[0]
    assert first.name == "b.reservation"
    assert first.total == pytest.approx(1.0, abs=0.15)
    assert first.first == pytest.approx(1.0, abs=0.15)
    for other in agreement.indices[1:]:
        assert other.total == pytest.approx(0.0, abs=1e-9)
    assert agreement.evaluations == 256 * (3 + 2)


def test_tornado_bars(one_matters: Scenario) -> None:
    mc = monte_carlo(one_matters, draws=3000, seed=4)
    bars = tornado(mc)["agreement"]
    assert bars[0].name == "b.reservation"
    assert bars[0].low == 1.0          # reservation in [0.6, 0.68): always an agreement
    assert bars[0].high == 0.0         # in [0.92, 1.0]: never (b's best agreement is 0.71)
    assert bars[0].low_draws + bars[0].high_draws == pytest.approx(1200, abs=120)
    assert all(b.swing < 0.1 for b in bars[1:])


def test_seed_0_gives_the_same_confidence_intervals_every_time(one_matters: Scenario) -> None:
    # SALib seeds its bootstrap only with a true seed: with seed 0 the intervals varied
    runs = [sobol(one_matters, n_base=64, seed=0)[0] for _ in range(2)]
    assert [(i.first_conf, i.total_conf) for i in runs[0].indices] == \
        [(i.first_conf, i.total_conf) for i in runs[1].indices]
