"""Trades: known answers, and the defining properties on random scenarios."""

from __future__ import annotations

import pytest
from hypothesis import given

from accord.analysis.trades import trades
from accord.scenario import Scenario
from conftest import brute_rows, small_scenarios


def test_toy_trades_by_hand(toy: Scenario) -> None:
    t = trades(toy)
    found = [{c.change.issue: c.change.after for c in x.changes} for x in t.trades]
    assert found == [{"price": "high", "delivery": "fast", "warranty": "one-year"},
                     {"price": "mid", "delivery": "fast"},
                     {"price": "mid", "warranty": "one-year"},
                     {"price": "mid", "warranty": "two-years"}]   # a no worse off, b better
    assert t.trades[1].gains == pytest.approx({"a": 0.16, "b": 0.10})
    assert t.free_moves == ()
    assert t.examined == 17


@given(small_scenarios())
def test_trade_properties(s: Scenario) -> None:
    rows = {r.index: r for r in brute_rows(s)}
    veto = [a.id for a in s.veto_actors]
    sq = {i.id: i.status_quo for i in s.issues}
    sq_row = next(r for r in rows.values() if r.deal == sq)

    def improves(deal: dict[str, str]) -> bool:
        r = next(x for x in rows.values() if x.deal == deal)
        return r.feasible and all(r.utilities[a] >= sq_row.utilities[a] - 1e-9 for a in veto) \
            and any(r.utilities[a] > sq_row.utilities[a] + 1e-9 for a in veto)

    t = trades(s, max_issues=3, top=100)
    joint = [x.joint_gain for x in t.trades]
    assert joint == sorted(joint, reverse=True)
    for x in t.trades:
        deal = dict(x.outcome.deal)
        assert 2 <= len(x.changes) <= 3
        assert improves(deal)
        for c in x.changes:            # no change of the bundle is a free move on its own
            assert not improves({**sq, c.change.issue: c.change.after})
        if len(x.changes) == 3:         # and no pair inside it is already a trade
            for c in x.changes:
                smaller = dict(deal)
                smaller[c.change.issue] = sq[c.change.issue]
                assert not improves(smaller)
    for x in t.free_moves:
        assert len(x.changes) == 1
        assert improves(dict(x.outcome.deal))


def test_an_indifferent_veto_actor_does_not_block_trades(toy_data: dict) -> None:
    # c cares only about delivery; with a veto it must not stop trades that leave it alone
    toy_data["actors"][2]["veto"] = True
    toy_data["preferences"]["c"]["reservation"] = 0.0
    t = trades(Scenario.model_validate(toy_data))
    assert any({c.change.issue for c in x.changes} == {"price", "warranty"} for x in t.trades)
    assert all("costs" not in x.explanation or "-0.00" not in x.explanation for x in t.trades)


def test_trades_tied_on_paper_are_in_order() -> None:
    """Found by Hypothesis in a fresh clone: two trades whose joint gain is 0.1 on paper came
    out as 0.09999999999999996 before 0.09999999999999998 (ranked by the sum of utilities,
    reported as a sum of differences)."""
    s = Scenario.model_validate({
        "accord": 1, "id": "random", "title": "random",
        "actors": [{"id": "a0", "name": "", "power": 0.5}, {"id": "a1", "name": "", "power": 0.5},
                   {"id": "a2", "name": "", "power": 0.5, "veto": False},
                   {"id": "a3", "name": "", "power": 0.5, "veto": False}],
        "issues": [{"id": "i0", "options": ["o0", "o1", "o2"], "status_quo": "o0"},
                   {"id": "i1", "options": ["o0", "o1"], "status_quo": "o1"},
                   {"id": "i2", "options": ["o0", "o1", "o2"], "status_quo": "o0"},
                   {"id": "i3", "options": ["o0", "o1", "o2", "o3"], "status_quo": "o0"}],
        "constraints": [{"id": "c0", "if": {"i3": ["o0"]}, "then": {"i1": ["o0"]}}],
        "preferences": {
            "a0": {"reservation": 0.0, "weights": {"i0": 0, "i1": 0, "i2": 1, "i3": 1},
                   "values": {"i2": {"o0": 0, "o1": 0, "o2": 0},
                              "i3": {"o0": 0.75, "o1": 0, "o2": 0.6, "o3": 0}},
                   "interactions": [{"id": "x0", "when": {"i0": ["o0"]}, "add": -0.1}]},
            "a1": {"reservation": 0.0, "weights": {"i0": 1, "i1": 0, "i2": 1, "i3": 2},
                   "values": {"i0": {"o0": 0, "o1": 0, "o2": 0}, "i2": {"o0": 0, "o1": 0, "o2": 0},
                              "i3": {"o0": 0.1, "o1": 0, "o2": 0.25, "o3": 0}}},
            "a2": {"reservation": 0.0, "weights": {"i0": 1},
                   "values": {"i0": {"o0": 0, "o1": 0, "o2": 0}}},
            "a3": {"reservation": 0.0, "weights": {"i0": 1},
                   "values": {"i0": {"o0": 0, "o1": 0, "o2": 0}}},
        },
    })
    joint = [x.joint_gain for x in trades(s, max_issues=3, top=100).trades]
    assert joint == sorted(joint, reverse=True)
    assert joint[:2] == [0.1, 0.1]
