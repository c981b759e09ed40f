"""What-if runs: overrides applied, differences said in words."""

from __future__ import annotations

from accord.analysis.whatif import whatif
from accord.scenario import Proposal, Scenario


def test_raising_a_reservation_shrinks_the_zone(toy: Scenario) -> None:
    offer = Proposal(accord=1, id="offer", title="Offer", deal={"price": "high"})
    w = whatif(toy, {"b.reservation": 0.6}, [offer])
    assert w.before.survey.acceptable == 6
    assert w.after.survey.acceptable == 1
    assert w.differences[0] == "b.reservation: 0.35 -> 0.6"
    assert "Agreements: 6 -> 1 of 15 feasible deals." in w.differences
    assert any(d.startswith("Nash bargaining solution moves: price: high -> mid") for d in
               w.differences)
    assert any("nearest agreement now needs" in d for d in w.differences)


def test_no_change_says_so(toy: Scenario) -> None:
    w = whatif(toy, {"b.reservation": 0.35})
    assert w.differences == ("b.reservation: 0.35 -> 0.35",)


def test_veto_override(toy: Scenario) -> None:
    w = whatif(toy, {"c.veto": True})
    assert w.after.survey.acceptable < w.before.survey.acceptable
