"""Proposal evaluation: verdicts, dominance, the nearest agreement, words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.analysis.proposals import evaluate
from accord.cli import app
from accord.errors import InputError
from accord.scenario import Scenario, make_deal
from accord.web import create_app
from conftest import brute_rows, dominates, small_scenarios

DATA = Path(__file__).parent / "data"


def test_toy_proposal_by_hand(toy: Scenario) -> None:
    ev = evaluate(toy, {"price": "mid"})        # mid, slow, none: a .8, b .2
    assert not ev.accepted
    assert ev.rejecters == ("b",)
    assert ev.outcome.utilities["a"] == 0.8
    assert round(ev.outcome.margins["b"], 9) == -0.15
    assert ev.nearest is not None
    assert dict(ev.nearest.outcome.deal) == {"price": "mid", "delivery": "fast", "warranty": "none"}
    assert ev.dominated_by is not None           # high, fast, none: (.86, .3) beats (.8, .2)
    assert dict(ev.dominated_by.deal)["price"] == "high"
    assert ev.explanation[-1] == ("To bring in Buyer: change delivery from slow to fast "
                                  "(Buyer +0.30, Seller -0.14).")


def test_infeasible_proposal_names_the_constraint(toy: Scenario) -> None:
    ev = evaluate(toy, {"price": "mid", "delivery": "fast", "warranty": "two-years"})
    assert ev.broken == ("capacity",)
    assert "keep every constraint" in ev.explanation[-1]
    assert ev.nearest is not None
    assert ev.nearest.outcome.feasible


def test_accepted_proposal_has_no_nearest(toy: Scenario) -> None:
    ev = evaluate(toy, {})
    assert ev.accepted
    assert ev.nearest is None
    assert ev.explanation[0].startswith("Accepted")


def test_no_agreement_at_all(toy_data: dict) -> None:
    toy_data["preferences"]["b"]["reservation"] = 0.99
    ev = evaluate(Scenario.model_validate(toy_data), {"price": "high"})
    assert ev.nearest is None
    assert "No agreement exists" in ev.explanation[-1]


@given(small_scenarios(), st.data())
def test_nearest_agreement_is_nearest_then_best_nash(s: Scenario, data: st.DataObject) -> None:
    rows = brute_rows(s)
    proposal = data.draw(st.sampled_from(rows)).deal
    ev = evaluate(s, proposal)
    agreements = [r for r in rows if r.agreement(s)]
    assert ev.accepted == any(r.deal == proposal for r in agreements)
    if ev.accepted or not agreements:
        assert ev.nearest is None
        return
    veto = [a.id for a in s.veto_actors]

    def distance(r) -> int:  # type: ignore[no-untyped-def]
        return sum(r.deal[i] != proposal[i] for i in r.deal)

    def nash(r) -> float:  # type: ignore[no-untyped-def]
        out = 1.0
        for a in veto:
            out *= max(r.utilities[a] - s.preferences[a].reservation, 0.0)
        return out

    k = min(distance(r) for r in agreements)
    best = max(nash(r) for r in agreements if distance(r) == k)
    assert ev.nearest is not None
    assert len(ev.nearest.changes) == k
    assert abs(ev.nearest.nash_product - best) < 1e-9
    assert ev.nearest.outcome.agreement
    assert ev.nearest.ties == sum(1 for r in agreements if distance(r) == k)


@given(small_scenarios(), st.data())
def test_dominated_by_is_right(s: Scenario, data: st.DataObject) -> None:
    rows = brute_rows(s)
    proposal = data.draw(st.sampled_from(rows))
    ev = evaluate(s, proposal.deal)
    veto = [a.id for a in s.veto_actors]
    p = [proposal.utilities[a] for a in veto]
    exists = any(dominates([r.utilities[a] for a in veto], p) for r in rows if r.feasible)
    assert (ev.dominated_by is not None) == exists
    if ev.dominated_by is not None:
        assert dominates([ev.dominated_by.utilities[a] for a in veto], p)
        assert ev.dominated_by.feasible


def test_partial_proposal_is_completed_with_status_quo(toy: Scenario) -> None:
    assert dict(make_deal(toy, {"warranty": "one-year"})) == {
        "price": "low", "delivery": "slow", "warranty": "one-year"}


def test_two_proposal_files_with_one_id_are_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "toy.yaml"
    scenario.write_text((DATA / "toy.yaml").read_text())
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((DATA / "texts" / "memo.txt").read_text())
    body = "accord: 1\nid: offer\ntitle: An offer\ndeal: {price: mid}\n"
    (tmp_path / "a.yaml").write_text(body)
    (tmp_path / "b.yaml").write_text(body.replace("mid", "high"))
    result = CliRunner().invoke(app, ["analyze", str(scenario), str(tmp_path / "a.yaml"),
                                      str(tmp_path / "b.yaml")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"{tmp_path / 'b.yaml'}:2:5: error: proposal id 'offer' is taken at id",
        "  expected: an id no other proposal has",
        f"  found:    the id of {tmp_path / 'a.yaml'} too"]
    again = CliRunner().invoke(app, ["analyze", str(scenario), str(tmp_path / "a.yaml"),
                                     str(tmp_path / "a.yaml")])
    assert again.exit_code == 2
    assert "the same proposal file given twice" in again.stderr
    # the web app refuses a folder whose proposals share an id, as the commands do
    (tmp_path / "proposals").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "proposals" / name).write_text((tmp_path / name).read_text())
    with pytest.raises(InputError, match="proposal id 'offer' is taken"):
        create_app([scenario])


def test_a_scenario_without_any_feasible_deal_is_explained_as_such() -> None:
    s = Scenario.model_validate({
        "accord": 1, "id": "t", "title": "T",
        "actors": [{"id": "a", "role": "party"}],
        "issues": [{"id": "x", "options": ["lo", "hi"], "status_quo": "lo"},
                   {"id": "y", "options": ["p", "q"], "status_quo": "p"}],
        "constraints": [{"id": "c1", "if": {"x": "lo"}, "then": {"y": "p"}},
                        {"id": "c2", "if": {"x": "lo"}, "then": {"y": "q"}},
                        {"id": "c3", "if": {"x": "hi"}, "then": {"x": "lo"}}],
        "preferences": {"a": {"reservation": 0.3, "weights": {"x": 1},
                              "values": {"x": {"lo": 0, "hi": 1}}}}})
    for deal in ({"x": "lo"}, {"x": "hi"}):
        ev = evaluate(s, deal)
        assert ev.nearest is None
        assert ev.explanation[-1].startswith("No deal is feasible: the constraints exclude")
