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


def test_blockers_are_said_in_words_any_name_takes(toy: Scenario) -> None:
    """A name may be plural ("European allies"): no verb agrees with the actor."""
    w = whatif(toy, {"b.reservation": 0.6})
    said = [d for d in w.differences if "alone" in d]
    assert said, w.differences
    assert all(d.startswith("Blocked by ") and " alone: " in d for d in said), said
    assert not any("blocks" in d for d in w.differences)
    gained = whatif(toy, {"c.veto": True}).differences
    assert any(d.startswith(f"{toy.actor('c').label} now has a veto; blocked by ") for d in gained)
