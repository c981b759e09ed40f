"""Bargaining solutions: known answers by hand, and optimality by brute force."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pytest
from hypothesis import given

from accord.analysis.bargaining import bargaining_solutions
from accord.scenario import Scenario, load_scenario
from conftest import brute_rows, small_scenarios


def test_toy_solutions_by_hand(toy: Scenario) -> None:
    # agreements (a, b): (.5,.4) (.68,.41) (.5,.5) (.66,.5) (.54,.71) (.74,.51); r = (.4, .35)
    sol = bargaining_solutions(toy)
    nash = sol["nash"]
    assert nash is not None
    assert dict(nash.outcome.deal) == {"price": "high", "delivery": "fast", "warranty": "one-year"}
    assert nash.value == pytest.approx(0.34 * 0.16)
    assert nash.gains == pytest.approx({"a": 0.34, "b": 0.16})
    # KS: ideal (.74, .71); min normalised gain .16/.36 = .444 at (.74, .51)
    ks = sol["kalai-smorodinsky"]
    assert ks is not None
    assert ks.value == pytest.approx(0.16 / 0.36)
    egal = sol["egalitarian"]
    assert egal is not None
    assert egal.value == pytest.approx(0.16)
    # utilitarian: (.54,.71) and (.74,.51) tie at 1.25; the lower deal index wins
    util = sol["utilitarian"]
    assert util is not None
    assert util.value == pytest.approx(1.25)
    assert dict(util.outcome.deal)["price"] == "mid"
    # asymmetric Nash, power a=2, b=1: .34^(2/3) * .16^(1/3)
    asym = sol["asymmetric-nash"]
    assert asym is not None
    assert asym.value == pytest.approx(0.34 ** (2 / 3) * 0.16 ** (1 / 3))


def test_no_agreement_gives_none(toy_data: dict) -> None:
    toy_data["preferences"]["a"]["reservation"] = 0.99
    toy_data["preferences"]["b"]["reservation"] = 0.99
    assert all(v is None for v in bargaining_solutions(Scenario.model_validate(toy_data)).values())


def test_no_feasible_deal_gives_none(toy_data: dict) -> None:
    # every deal breaks a constraint: the frontier is empty
    toy_data["constraints"] = [{"id": f"no-{o}", "forbid": {"price": [o]}}
                               for o in ("low", "mid", "high")]
    assert all(v is None for v in bargaining_solutions(Scenario.model_validate(toy_data)).values())


def _criteria(s: Scenario, u: dict[str, float], ideal: dict[str, float]) -> dict[str, float]:
    veto = [a for a in s.veto_actors]
    r = {a.id: s.preferences[a.id].reservation for a in veto}
    gains = {a.id: max(u[a.id] - r[a.id], 0.0) for a in veto}
    total_power = sum(a.power for a in veto)
    logs = [a.power / total_power * math.log(gains[a.id]) if gains[a.id] > 0 else -math.inf
            for a in veto if a.power > 0]
    norm = [gains[a.id] / (ideal[a.id] - r[a.id]) if ideal[a.id] - r[a.id] > 1e-9 else 1.0
            for a in veto]
    return {"nash": math.prod(gains.values()), "asymmetric-nash": math.exp(sum(logs)),
            "kalai-smorodinsky": min(norm), "egalitarian": min(gains.values()),
            "utilitarian": sum(u[a.id] for a in veto)}


@given(small_scenarios())
def test_each_solution_maximises_its_criterion(s: Scenario) -> None:
    agreements = [r for r in brute_rows(s) if r.agreement(s)]
    sol = bargaining_solutions(s)
    if not agreements:
        assert all(v is None for v in sol.values())
        return
    veto = [a.id for a in s.veto_actors]
    ideal = {a: max(r.utilities[a] for r in agreements) for a in veto}
    best = {name: max(_criteria(s, r.utilities, ideal)[name] for r in agreements)
            for name in sol}
    for name, solution in sol.items():
        assert solution is not None
        assert solution.outcome.agreement
        got = _criteria(s, dict(solution.outcome.utilities), ideal)[name]
        assert got == pytest.approx(best[name], rel=1e-9, abs=1e-12), name
        assert solution.value == pytest.approx(best[name], rel=1e-9, abs=1e-12), name


def test_a_zero_power_gives_no_numpy_warning() -> None:
    # a frontier deal at A's reservation: log(0) * 0 was NaN, and numpy said so on stderr
    s = load_scenario(Path(__file__).parent / "data" / "power-zero.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solutions = bargaining_solutions(s)
    assert solutions["asymmetric-nash"] is not None
