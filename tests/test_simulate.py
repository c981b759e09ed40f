"""Simulation: the engines agree, protocols behave, results are right, inputs are checked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from accord.analysis.context import Context
from accord.errors import InputError
from accord.scenario import Scenario
from accord.simulate.engine import negotiate_batch, run_one
from accord.simulate.pool import deal_pool
from accord.simulate.protocols import alternating, mediated
from accord.simulate.strategies import STRATEGIES, TextMediator, make_strategy, parse_strategies
from accord.simulate.tournament import profiles, tournament
from conftest import small_scenarios

NAMES = list(STRATEGIES)
WAGE = Path(__file__).parent.parent / "examples" / "wage-talks" / "scenario.yaml"


@settings(max_examples=40)
@given(small_scenarios(max_issues=3, max_actors=3), st.lists(st.sampled_from(NAMES),
                                                             min_size=3, max_size=3),
       st.integers(1, 12), st.integers(0, 5))
def test_objects_and_batch_engine_play_the_same_game(s: Scenario, names: list[str],
                                                      rounds: int, seed: int) -> None:
    ctx = Context.of(s)
    ids = list(ctx.veto_ids)
    assume(ctx.space.feasible_range(0, ctx.space.size).any())
    pool = deal_pool(ctx, ids)
    negotiators = [make_strategy(names[k % 3]) for k in range(len(ids))]
    first = seed % len(ids)
    played = alternating(ctx, negotiators, ids, rounds, first=first, seed=seed, pool=pool)
    fresh = [make_strategy(names[k % 3]) for k in range(len(ids))]
    cols = pool.participants
    compiled = run_one(pool, [type(n).kind for n in fresh], [n.exponent for n in fresh],
                       ctx.model.reservation[cols], ctx.model.veto[cols], rounds, first, seed,
                       ctx.space.radices)
    assert played.agreed == compiled.agreed
    assert [t.deal for t in played.trace.turns] == pool.index[compiled.offers].tolist()
    batch = negotiate_batch(pool, ctx.space.radices,
                            np.array([[type(n).kind for n in fresh]] * 2),
                            np.array([[n.exponent for n in fresh]] * 2),
                            np.repeat(ctx.model.reservation[cols][None, :], 2, axis=0),
                            ctx.model.veto[cols], rounds, np.array([first] * 2),
                            np.array([seed] * 2))
    assert batch.row.tolist() == [compiled.row] * 2
    if played.agreed:
        assert played.index == pool.index[compiled.row]
        # an agreement is accepted by every veto participant: at or above its reservation
        for a in ids:
            assert played.utilities[a] >= s.preferences[a].reservation - 1e-9


def test_toy_linear_pair_reaches_the_nash_solution(toy: Scenario) -> None:
    ctx = Context.of(toy)
    result = alternating(ctx, [make_strategy("linear"), make_strategy("linear")], ["a", "b"],
                         rounds=20)
    assert result.agreed
    assert dict(result.deal or {}) == {"price": "high", "delivery": "fast",
                                       "warranty": "one-year"}
    assert result.nash_distance == 0.0
    assert result.pareto_distance == 0.0
    assert result.trace.turns[-1].agreement


def test_a_hardliner_against_anyone_breaks_down_here(toy: Scenario) -> None:
    # a's best deal gives b nothing, so b never accepts it: breakdown at the deadline
    ctx = Context.of(toy)
    result = alternating(ctx, [make_strategy("hardliner"), make_strategy("conceder")],
                         ["a", "b"], rounds=10)
    assert not result.agreed
    assert result.turns == 20
    assert result.utilities["a"] == 0.4        # its reservation value
    assert result.nash_distance is not None
    assert result.nash_distance > 0


def test_deadline_counts_every_turn(toy: Scenario) -> None:
    ctx = Context.of(toy)
    result = alternating(ctx, [make_strategy("hardliner"), make_strategy("hardliner")],
                         ["a", "b"], rounds=7)
    assert [t.round for t in result.trace.turns] == [r for r in range(7) for _ in range(2)]


def test_mediated_text_reaches_an_agreement_without_cycling(toy: Scenario) -> None:
    ctx = Context.of(toy)
    for rounds in (20, 40, 80):
        result = mediated(ctx, [make_strategy("linear"), make_strategy("linear")], ["a", "b"],
                          TextMediator(), rounds=rounds)
        assert result.agreed, rounds
        texts = [t.deal for t in result.trace.turns]
        memory = 2 * 3 + 2
        for k in range(len(texts)):     # no text comes back within the mediator's memory
            later = [j for j in range(k + 1, min(k + memory + 1, len(texts)))
                     if texts[j] == texts[k] and texts[j - 1] != texts[j]]
            assert not later, (rounds, k, later)
        assert all(t.note for t in result.trace.turns if not t.agreement)


def test_stacked_needs_every_veto_participant(toy_data: dict) -> None:
    toy_data["actors"][2]["veto"] = True
    toy_data["preferences"]["c"]["reservation"] = 0.9     # c wants fast delivery
    ctx = Context.of(Scenario.model_validate(toy_data))
    result = alternating(ctx, [make_strategy("linear")] * 1 + [make_strategy("linear"),
                                                                make_strategy("linear")],
                         ["a", "b", "c"], rounds=30)
    assert result.protocol == "stacked"
    if result.agreed:
        assert (result.deal or {})["delivery"] == "fast"


def test_trace_table_and_csv(toy: Scenario) -> None:
    ctx = Context.of(toy)
    result = alternating(ctx, [make_strategy("boulware"), make_strategy("conceder")],
                         ["a", "b"], rounds=5)
    rows = result.trace.rows()
    assert set(rows[0]) >= {"round", "proposer", "price", "u_a", "u_b", "accepted_by"}
    assert result.trace.to_csv().splitlines()[0].startswith("stage,round,turn,proposer,deal")


def test_tournament_standings_and_profiles(toy: Scenario) -> None:
    assert len(profiles(2, 3)) == 9
    assert len(profiles(4, 2)) == 16
    t = tournament([toy], ["boulware", "hardliner"], seeds=3, rounds=20)
    by = {s.strategy: s for s in t.standings}
    assert by["hardliner"].agreement.mean < by["boulware"].agreement.mean
    assert len(t.records) == 4 * 3 * 2
    for s in t.standings:
        assert s.utility.low <= s.utility.mean <= s.utility.high


def test_tournament_same_numbers_on_workers(toy: Scenario) -> None:
    here = tournament([toy], ["linear", "random"], seeds=4, rounds=15)
    there = tournament([toy], ["linear", "random"], seeds=4, rounds=15, workers=2)
    assert here.to_dict() == there.to_dict()


@pytest.mark.parametrize(("text", "message"), [("boulwre", "unknown strategy"),
                                               ("time:-1", "bad time-based exponent"),
                                               ("", "no strategy given")])
def test_bad_strategy_names(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_strategies(text)


@pytest.mark.parametrize(("participants", "mediated_too", "message"), [
    (["a"], False, "a negotiation needs two participants"),
    (["a", "b", "a"], True, "a participant listed twice"),
    ([], True, "a negotiation needs two participants"),
])
def test_a_negotiation_of_one_or_with_a_seat_twice_is_refused(
        toy: Scenario, participants: list[str], mediated_too: bool, message: str) -> None:
    ctx = Context.of(toy)
    players = [make_strategy("linear") for _ in participants]
    with pytest.raises(InputError, match=message):
        alternating(ctx, players, participants, rounds=5)
    if mediated_too:
        with pytest.raises(InputError, match=message):
            mediated(ctx, players, participants, TextMediator(), rounds=5)


def test_a_mediator_may_consult_a_single_participant(toy: Scenario) -> None:
    result = mediated(Context.of(toy), [make_strategy("linear")], ["a"], TextMediator(),
                      rounds=5)
    assert result.protocol == "mediated"
    assert {t.proposer for t in result.trace.turns} == {"mediator"}


def test_a_tournament_needs_two_veto_actors_in_each_scenario(toy_data: dict) -> None:
    toy_data["actors"][1]["veto"] = False          # the buyer no longer has a veto
    lone = Scenario.model_validate(toy_data)
    with pytest.raises(InputError, match="a tournament needs two veto actors") as caught:
        tournament([lone], ["linear"], seeds=1, rounds=5, labels=["lone.yaml"])
    assert caught.value.problems[0].file == "lone.yaml"
    assert caught.value.problems[0].found == "a"


def test_a_strategy_twice_would_count_its_games_twice(toy: Scenario) -> None:
    with pytest.raises(InputError, match="a strategy listed twice"):
        tournament([toy], ["linear", "linear"], seeds=1, rounds=3)
    with pytest.raises(InputError, match="a strategy listed twice"):
        parse_strategies("linear,linear", distinct=True)
    assert len(parse_strategies("linear,linear")) == 2      # one per participant: allowed


def _toy_with_veto_only_for_a() -> Scenario:
    import copy

    from accord.scenario.examples import TOY
    data = copy.deepcopy(TOY)
    data["actors"][1]["veto"] = False      # b and c have no veto; a (the seller) has one
    return Scenario.model_validate(data)


def test_participants_without_a_veto_all_have_to_accept() -> None:
    # all([]) made the first offer an agreement whoever rejected it
    ctx = Context.of(_toy_with_veto_only_for_a())
    result = alternating(ctx, [make_strategy("linear"), make_strategy("linear")], ["b", "c"],
                         rounds=20, first=1)
    assert [t.accepted_by for t in result.trace.turns] == [("c",), ("b", "c")]
    assert result.settled
    assert result.turns == 2
    pool = deal_pool(ctx, ["b", "c"])
    cols = pool.participants
    compiled = run_one(pool, [0, 0], [1.0, 1.0], ctx.model.reservation[cols],
                       ctx.model.veto[cols], 20, 1, 0, ctx.space.radices)
    assert (compiled.agreed, compiled.turn) == (True, 1)
    assert pool.index[compiled.row] == result.index


def test_a_mediated_stage_with_one_participant_without_veto_waits_for_its_yes() -> None:
    ctx = Context.of(_toy_with_veto_only_for_a())
    result = mediated(ctx, [make_strategy("linear")], ["c"], TextMediator(), rounds=20)
    assert result.trace.turns[0].accepted_by == ()
    assert not result.trace.turns[0].agreement
    assert result.settled
    assert result.trace.turns[-1].accepted_by == ("c",)


def test_a_deal_a_left_out_veto_actor_rejects_is_settled_not_an_agreement() -> None:
    ctx = Context.of(_toy_with_veto_only_for_a())
    result = alternating(ctx, [make_strategy("linear"), make_strategy("linear")], ["b", "c"],
                         rounds=20)
    assert result.settled
    assert not result.agreed
    assert [(r.actor, r.at_table) for r in result.rejected_by] == [("a", False)]
    assert result.rejected_by[0].describe() == \
        "Seller (veto, not at the table) rejects it (0.24 < 0.40)"
    out = result.to_dict(ctx)
    assert (out["agreement"], out["settled"], out["rejected_by"]) == (False, True, ["a"])
    assert out["deal"] is not None


def test_the_command_line_says_settled_not_an_agreement() -> None:
    from typer.testing import CliRunner

    from accord.cli.app import app
    runner = CliRunner()
    args = ["simulate", str(WAGE), "--participants", "union,ministry"]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.replace("│", " ").split())
    assert ("SETTLED among the participants — NOT AN AGREEMENT: Management (veto, not at "
            "the table) rejects it (0.30 < 0.50)") in text
    out = json.loads(runner.invoke(app, [*args, "--json"]).output)
    assert (out["agreement"], out["settled"], out["rejected_by"]) == (False, True, ["firm"])
    both = json.loads(runner.invoke(app, ["simulate", str(WAGE), "--json"]).output)
    assert (both["agreement"], both["settled"], both["rejected_by"]) == (True, True, [])


def test_tournament_intervals_stay_within_what_each_quantity_can_be(toy: Scenario) -> None:
    # agreement rates had t intervals like [-0.419, 1.419], or [100%, 100%] with n = 4
    from accord.simulate.tournament import Mean
    from accord.uncertainty.monte_carlo import wilson

    t = tournament([toy], ["boulware", "hardliner"], seeds=2, rounds=5)
    for s in t.standings:
        mine = [r for r in t.records if r["focal"] == s.strategy]
        agreed = sum(r["agreement"] for r in mine)
        assert (s.agreement.low, s.agreement.high) == pytest.approx(wilson(agreed, len(mine)))
        assert s.agreement.low < s.agreement.high
        assert 0.0 <= s.utility.low <= s.utility.mean <= s.utility.high <= 1.0
        assert s.nash_distance.low >= 0.0
        assert s.pareto_distance.low >= 0.0
        assert 0.0 <= s.rounds.low <= s.rounds.high <= 5
    everyone = Mean.rate(np.ones(4))
    assert everyone.high == 1.0
    assert everyone.low == pytest.approx(wilson(4, 4)[0])
    assert everyone.low < 1.0
    assert Mean.of(np.array([0.0, 0.0, 0.0, 0.3]), low=0.0).low == 0.0


def test_the_help_says_which_protocol_plays_without_protocol() -> None:
    # --protocol had no default shown: a reader could not tell what plain 'accord simulate'
    # plays (alternating offers for two participants, stacked for more)
    import re

    from typer.testing import CliRunner

    from accord.cli import app

    result = CliRunner().invoke(app, ["simulate", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert re.search(r"--protocol <str> alternating \(two parties\), stacked \(several\) or "
                     r"mediated; default: alternating for two participants, stacked for more",
                     text), text
