"""The expected utility model against the reference move log of the car-emissions example.

The log (``../shared/data/forecast/bdm/``) comes from the Python replication of
Scholz, Calbert and Smith (2011) by jmckib (identical in dmasad's copy): ten
rounds of who challenges whom, the expected utilities behind each move, the new
positions, and the median and mean after each round. accord reproduces every
line of it.

Where a correct implementation must differ: the reference tests for
capitulation with ``eu_ji > 0 > eu_ij and eu_ji < abs(eu_ji)``, which is never
true (``eu_ji`` is positive, so it equals its absolute value); no actor ever
capitulates there. accord tests ``|eu_ij| > eu_ji`` as specified. In the car
example the difference never shows: every actor in the capitulation octant
also holds a conflict or compromise offer, and Scholz et al.'s rules rank those
first — checked round by round below. A three-actor example shows an actor
that capitulates in accord and would stay put in the reference.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast import ExpectedUtility, PositionTable, read_table
from accord.forecast.base import Round
from accord.forecast.eum import MAX_ROUNDS
from conftest import SHARED, needs_shared

BDM = SHARED / "data" / "forecast" / "bdm"
CAR = BDM / "eu_car_emissions_ExampleActors.csv"
LOG = BDM / "jmckib_model_output_eu_emissions_10rounds.txt"

KINDS = {"compromises with": "compromise", "loses confrontation to": "conflict",
         "capitulates to": "capitulation"}


@dataclass
class LoggedRound:
    median: float
    mean: float
    moves: list[tuple[str, str, str, float, float, float]] = field(default_factory=list)


def parse_log(text: str) -> list[LoggedRound]:
    """Round 0 (the start) and rounds 1..10: moves (actor, kind, counterpart, eu, eu, new)."""
    rounds: list[LoggedRound] = []
    moves: list[tuple[str, str, str, float, float, float]] = []
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        if line.startswith("Median position:"):
            median = float(line.split(":")[1])
            mean = float(lines[k + 1].split(":")[1])
            rounds.append(LoggedRound(median, mean, moves))
            moves = []
            k += 2
            continue
        found = re.match(r"(\w+) (compromises with|loses confrontation to|capitulates to) (\w+)$",
                         line)
        if found:
            eu, other = (float(v) for v in lines[k + 1].split(" vs "))
            new = float(lines[k + 2].split("=")[1])
            moves.append((found[1], KINDS[found[2]], found[3], eu, other, new))
            k += 3
            continue
        k += 1
    return rounds


@pytest.fixture(scope="module")
def car_run() -> tuple[list[Round], list[LoggedRound]]:
    table = read_table(CAR)
    forecast = ExpectedUtility(rounds=10).predict(table)
    return list(forecast.trajectories[0].rounds), parse_log(LOG.read_text())


@needs_shared
def test_the_log_is_what_provenance_says() -> None:
    logged = parse_log(LOG.read_text())
    assert len(logged) == 11
    assert logged[0].median == 7.0
    assert logged[0].mean == pytest.approx(7.390, abs=5e-4)
    assert logged[1].moves[0][:3] == ("Belgium", "compromise", "France")
    assert logged[10].mean == pytest.approx(7.2421, abs=5e-5)


@needs_shared
def test_every_round_of_the_reference_log_is_reproduced(
        car_run: tuple[list[Round], list[LoggedRound]]) -> None:
    rounds, logged = car_run
    assert len(rounds) == len(logged) == 11
    for mine, theirs in zip(rounds, logged, strict=True):
        assert mine.median == pytest.approx(theirs.median, rel=1e-12)
        assert mine.mean == pytest.approx(theirs.mean, rel=1e-12)
        assert len(mine.moves) == len(theirs.moves)
        for move, (actor, kind, counterpart, eu, other, new) in zip(mine.moves, theirs.moves,
                                                                     strict=True):
            assert (move.actor, move.kind, move.counterpart) == (actor, kind, counterpart)
            assert move.utility == pytest.approx(eu, rel=1e-9, abs=1e-12)
            assert move.counterpart_utility == pytest.approx(other, rel=1e-9, abs=1e-12)
            assert move.after == pytest.approx(new, rel=1e-12)


@needs_shared
def test_capitulation_never_changes_the_car_example(
        car_run: tuple[list[Round], list[LoggedRound]]) -> None:
    """Actors in the capitulation octant always hold a better-ranked offer here."""
    rounds, _ = car_run
    actors = read_table(CAR).actors
    octant: dict[int, set[tuple[str, str]]] = {}
    for r in rounds[1:]:
        assert r.expected_utility is not None
        assert r.perceived is not None
        e, f = r.expected_utility, r.perceived
        start = rounds[r.number - 1].positions
        pairs = set()
        for i in range(len(actors)):
            for j in range(len(actors)):
                if start[i] != start[j] and f[i, j] > 0 > e[i, j] and abs(e[i, j]) > f[i, j]:
                    pairs.add((actors[i], actors[j]))
        octant[r.number] = pairs
        moved = {m.actor: m.kind for m in r.moves}
        for actor, _ in pairs:   # each of them took a conflict or a compromise instead
            assert moved[actor] in ("conflict", "compromise")
        assert all(m.kind != "capitulation" for m in r.moves)
    assert octant[1] == {("Belgium", "Netherlands"), ("Belgium", "Germany"),
                         ("Belgium", "UK"), ("Belgium", "Denmark")}
    assert sum(len(p) for p in octant.values()) == 57


def test_an_actor_capitulates_where_the_reference_would_stay_put() -> None:
    table = PositionTable.from_arrays(["a", "b", "c"], ["x"], position=[[40.0], [60.0], [60.0]],
                                      salience=[[0.6], [0.2], [1.0]], capability=[3.0, 1.0, 4.0])
    r = ExpectedUtility(rounds=1).predict(table).trajectories[0].rounds[1]
    (move,) = [m for m in r.moves if m.actor == "a"]
    assert (move.kind, move.counterpart, move.before, move.after) == ("capitulation", "c",
                                                                     40.0, 60.0)
    assert r.expected_utility is not None
    assert r.perceived is not None
    e, f = r.expected_utility[0], r.perceived[0]
    assert f[2] > 0 > e[2]
    assert abs(e[2]) > f[2]
    # no conflict (f > e > 0) or compromise (f > 0 > e, f > |e|) offer:
    assert not any(f[j] > e[j] > 0 or (f[j] > 0 > e[j] and f[j] > abs(e[j])) for j in (1, 2))
    # the reference's test, eu_ji > 0 > eu_ij and eu_ji < abs(eu_ji), is never true
    assert not any(f[j] > 0 > e[j] and f[j] < abs(f[j]) for j in (1, 2))


def test_scholz_offer_rule_against_the_papers_nearest_offer() -> None:
    """Round 4 of the car example: Scholz's code sends Belgium to the Netherlands."""
    table = PositionTable.from_arrays(
        ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"], ["emissions"],
        position=[[4], [7], [4], [4], [10], [10], [10], [7], [4], [7]],
        salience=[[.8], [.4], [.2], [.8], [.6], [.6], [.9], [.1], [1], [.7]],
        capability=[.08, .08, .03, .16, .16, .16, .16, .05, .05, .08])
    scholz = ExpectedUtility(rounds=4).predict(table).trajectories[0].rounds[4]
    nearest = ExpectedUtility(rounds=4, offers="nearest").predict(table).trajectories[0]
    assert [m.counterpart for m in scholz.moves if m.actor == "BE"] == ["NL"]
    assert [m.counterpart for m in nearest.rounds[4].moves if m.actor == "BE"] != ["NL"]


def test_probabilities_of_a_pair_sum_to_one_with_the_pair_rule() -> None:
    table = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [100.0]],
                                      salience=[[1.0], [1.0]], capability=[1.0, 1.0])
    r = ExpectedUtility(rounds=1, probability="pair").predict(table).trajectories[0].rounds[1]
    # two symmetric actors: each expects the same from challenging the other
    assert r.expected_utility is not None
    assert r.expected_utility[0, 1] == pytest.approx(r.expected_utility[1, 0])


def test_positions_translate_and_scale_with_the_forecast() -> None:
    table = PositionTable.from_arrays(
        ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"], ["emissions"],
        position=[[4], [7], [4], [4], [10], [10], [10], [7], [4], [7]],
        salience=[[.8], [.4], [.2], [.8], [.6], [.6], [.9], [.1], [1], [.7]],
        capability=[.08, .08, .03, .16, .16, .16, .16, .05, .05, .08])
    shifted = PositionTable.from_arrays(table.actors, table.issues,
                                        position=10 * table.position + 5,
                                        salience=table.salience, capability=table.capability)
    for outcome in ("median", "mean"):
        a = ExpectedUtility(outcome=outcome).predict(table).values
        b = ExpectedUtility(outcome=outcome).predict(shifted).values
        np.testing.assert_allclose(b, 10 * a + 5, rtol=1e-9)


def test_q_and_t_enter_the_expected_utilities() -> None:
    table = PositionTable.from_arrays(["a", "b", "c"], ["x"], position=[[0.0], [30.0], [100.0]],
                                      salience=[[0.9], [0.5], [0.7]], capability=[1.0, 2.0, 1.0])
    def first_round(**params: float) -> np.ndarray:
        r = ExpectedUtility(rounds=1, **params).predict(table).trajectories[0].rounds[1]
        assert r.expected_utility is not None
        return np.asarray(r.expected_utility)

    base = first_round()
    assert not np.allclose(first_round(q=0.5), base)
    assert not np.allclose(first_round(q=0.5, t=0.0), first_round(q=0.5, t=1.0))
    np.testing.assert_allclose(first_round(q=1.0, t=0.0), base)   # T matters only when Q < 1


def test_a_single_actor_or_a_single_position_does_not_move() -> None:
    table = PositionTable.from_arrays(["a", "b"], ["x", "y"], position=[[5.0, 3.0], [5.0, np.nan]],
                                      salience=[[1.0, 1.0], [1.0, np.nan]],
                                      capability=[1.0, 1.0])
    forecast = ExpectedUtility(rounds=3).predict(table)
    assert forecast.values.tolist() == [5.0, 3.0]
    assert all(not r.moves for t in forecast.trajectories for r in t.rounds)


def test_challenges_can_be_left_out_of_the_json() -> None:
    table = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [100.0]],
                                      salience=[[1.0], [0.5]], capability=[1.0, 1.0])
    forecast = ExpectedUtility(rounds=1).predict(table)
    assert "challenges" in forecast.to_dict()["trajectories"][0]["rounds"][1]
    assert "challenges" not in forecast.to_dict(challenges=False)["trajectories"][0]["rounds"][1]


# ---------------------------------------------------------------- fixed defects
def test_without_any_weight_the_median_voter_counts_actors_equally() -> None:
    table = PositionTable.from_arrays(["a", "b", "c"], ["x"], position=[[10.0], [20.0], [90.0]],
                                      salience=[[0.0], [0.0], [0.0]], capability=[1.0, 2.0, 1.0])
    forecast = ExpectedUtility(rounds=0).predict(table)
    assert forecast.values.tolist() == [20.0]          # the median, as WeightedMedian gives
    assert forecast.trajectories[0].rounds[0].mean == pytest.approx(40.0)


def test_an_issue_without_positions_warns_nothing() -> None:
    table = PositionTable.from_arrays(["a", "b"], ["x", "y"],
                                      position=[[10.0, np.nan], [20.0, np.nan]],
                                      salience=[[1.0, np.nan], [0.5, np.nan]],
                                      capability=[1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = ExpectedUtility(rounds=2).predict(table).values
    assert values[0] in (10.0, 20.0)
    assert np.isnan(values[1])


def test_utility_matrices_only_when_asked() -> None:
    table = read_table(CAR) if CAR.exists() else PositionTable.from_arrays(
        ["a", "b", "c"], ["x"], position=[[0.0], [50.0], [100.0]],
        salience=[[1.0], [0.5], [0.8]], capability=[1.0, 2.0, 1.0])
    full = ExpectedUtility(rounds=3).predict(table)
    lean = ExpectedUtility(rounds=3).predict(table, utilities=False)
    assert full.values.tolist() == lean.values.tolist()
    assert all(r.expected_utility is not None for r in full.trajectories[0].rounds[1:])
    assert all(r.expected_utility is None and r.perceived is None
               for r in lean.trajectories[0].rounds)
    assert [r.moves for r in full.trajectories[0].rounds] == \
        [r.moves for r in lean.trajectories[0].rounds]


def test_problems_too_large_are_refused_before_allocating() -> None:
    n = 500
    big = PositionTable.from_arrays([f"a{i}" for i in range(n)], ["x"],
                                    position=np.arange(n, dtype=float)[:, None],
                                    salience=np.ones((n, 1)), capability=np.ones(n))
    with pytest.raises(InputError, match="too many actors for the expected utility model") \
            as info:
        ExpectedUtility(rounds=1).predict(big)
    assert "500 actors: 1.86 GiB for one issue" in str(info.value)
    with pytest.raises(InputError, match=f"an integer in 0..{MAX_ROUNDS}"):
        ExpectedUtility(rounds=MAX_ROUNDS + 1).predict(big)
    wide = PositionTable.from_arrays(["a", "b"], [f"i{k}" for k in range(3000)],
                                     position=np.tile([[0.0], [100.0]], 3000),
                                     salience=np.ones((2, 3000)), capability=[1.0, 1.0])
    with pytest.raises(InputError, match="too many rounds to record"):
        ExpectedUtility(rounds=MAX_ROUNDS).predict(wide)
