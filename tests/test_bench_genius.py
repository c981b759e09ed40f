"""The GENIUS benchmark's own reporting: its per-size table, and a run without NegMAS."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, needs_shared

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_genius
from bench_genius import Run, by_size


def _row(domain: str, deals: int, accord_s: float, negmas_s: float | None,
         timeout: bool = False) -> dict[str, object]:
    neg = Run(times=[] if negmas_s is None else [negmas_s], timeout=timeout)
    return {"domain": domain, "deals": deals, "parties": 2, "accord": Run(times=[accord_s]),
            "negmas": neg, "timeout": 120.0}


def test_by_size_counts_ratios_and_names_the_misses(capsys: pytest.CaptureFixture[str]) -> None:
    by_size([_row("tiny", 27, 0.0002, 0.0004),            # 2x, under 1,000: not listed
             _row("mid-fast", 2_000, 0.0005, 0.05),       # 100x
             _row("mid-slow", 5_000, 0.001, 0.008),       # 8x: listed
             _row("big", 300_000, 0.02, 2.0),             # 100x
             _row("huge", 1_000_000, 30.0, None, timeout=True)])
    out = capsys.readouterr().out
    lines = {line.split(" | ")[0].strip("| "): line for line in out.splitlines()
             if line.startswith("| ")}
    assert lines["0 – 999"].endswith("| 2.0× | 2× | 0 |")
    assert lines["1,000 – 9,999"].endswith("| 8.0× | 54× | 1 |")     # median of 100 and 8
    # the timed-out run has no ratio, but its accord time counts in the median
    assert lines["100,000 or more"].endswith("| 2 | 15.01 s | 2.00 s | 100.0× | 100× | 1 |")
    assert "Below 20× from 1,000 outcomes on: mid-slow (5,000 × 2, 8.0×)." in out
    assert "NegMAS did not finish huge in 120 s; accord took 30.00 s (at least 4.0×)." in out


@needs_shared
def test_the_benchmark_runs_without_negmas(capsys: pytest.CaptureFixture[str]) -> None:
    root = SHARED / "data" / "genius"
    assert bench_genius.main(["--root", str(root), "--only", "y2011/Laptop,y2011/NiceOrDie",
                              "--skip-negmas", "--repeat", "3"]) == 0
    out = capsys.readouterr().out
    assert "| anac/y2011/Laptop | 27 | 2 |" in out
    assert "| anac/y2011/NiceOrDie | 3 | 2 |" in out
    assert "## By size" in out
    assert Path(bench_genius.__file__).parent == ROOT / "benchmarks"


def test_negmas_reading_of_hyper_rectangles_is_modelled_by_hand(tmp_path: Path) -> None:
    """bench_classes explains NegMAS's utilities of a 2014 profile: open bounds, EXCLUDES read
    as INCLUDES, no maxutility. A hand-made profile, values worked out by hand."""
    import bench_classes

    profile = tmp_path / "p.xml"
    profile.write_text(
        '<utility_space type="nonlinear"><objective><utility maxutility="10">'
        '<ufun type="PlainUfun" weight="1" aggregation="sum">'
        '<hyperRectangle utility="4"><INCLUDES index="1" min="0" max="2"/>'
        '<INCLUDES index="2" min="1" max="3"/></hyperRectangle>'
        '<hyperRectangle utility="6"><EXCLUDES index="2" min="0" max="1"/></hyperRectangle>'
        '</ufun></utility></objective></utility_space>')
    rects = bench_classes.rectangles(profile)
    assert rects == [(4.0, [(1, 0.0, 2.0), (2, 1.0, 3.0)]), (6.0, [(2, 0.0, 1.0)])]
    # (1, 2): strictly inside the first rectangle, on a bound of the second: 4
    assert bench_classes.open_bounds_sum(rects, (1, 2)) == 4.0
    # (0, 2): on the first's lower bound of issue 1, so outside it; outside the second: 0
    assert bench_classes.open_bounds_sum(rects, (0, 2)) == 0.0
    # (1, 0.5): outside the first (issue 2 below 1); inside the EXCLUDES, read as INCLUDES: 6
    assert bench_classes.open_bounds_sum(rects, (1, 0.5)) == 6.0


def test_floor_answers_a_hand_worked_domain() -> None:
    """bench_floor's minimal analysis, on a domain worked out by hand: two actors, one issue
    of three options, opposed values; reservations 0.2 and 0.3."""
    import bench_floor

    from accord.scenario.model import Scenario

    scenario = Scenario.model_validate({
        "accord": 1, "id": "hand", "title": "hand",
        "actors": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "issues": [{"id": "x", "options": ["lo", "mid", "hi"], "status_quo": "lo"}],
        "preferences": {
            "a": {"weights": {"x": 2}, "values": {"x": {"lo": 0.0, "mid": 0.6, "hi": 1.0}},
                  "reservation": 0.2},
            "b": {"weights": {"x": 1}, "values": {"x": {"lo": 1.0, "mid": 0.7, "hi": 0.0}},
                  "reservation": 0.3},
        },
    })
    # every deal is on the frontier; gains (0.4, 0.4) at mid beat 0 elsewhere
    assert bench_floor.floor_python(scenario) == (0.6, 0.7)
    assert bench_floor.floor_numpy(scenario) == (0.6, 0.7)


@needs_shared
@pytest.mark.parametrize("domain", ["anac/y2011/NiceOrDie", "anac/y2011/Laptop",
                                    "anac/y2015/group7-movie", "anac/y2015/group5-car_domain",
                                    "anac/y2012/NiceOrDieC"])
def test_floor_finds_accords_nash_point(domain: str) -> None:
    """The floor must do the whole job to bound its time: its Nash utilities are accord's
    (nine parties, interaction terms on one issue, and a domain without agreement included)."""
    import bench_floor

    from accord.analysis.bargaining import bargaining_solutions
    from accord.scenario.genius import load_genius

    scenario = load_genius(SHARED / "data" / "genius" / domain).scenario
    nash = bargaining_solutions(scenario)["nash"]
    veto = [a.id for a in scenario.modelled_actors if a.veto]
    want = None if nash is None else tuple(nash.outcome.utilities[a] for a in veto)
    for floor in (bench_floor.floor_python, bench_floor.floor_numpy):
        got = floor(scenario)
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got == pytest.approx(want, abs=1e-9)


def test_floor_refuses_what_it_does_not_model() -> None:
    import bench_floor

    from accord.scenario.examples import toy_scenario

    with pytest.raises(ValueError, match="no constraint"):
        bench_floor.floor_tables(toy_scenario())


@needs_shared
def test_the_floor_benchmark_runs_without_negmas(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_floor

    root = SHARED / "data" / "genius"
    assert bench_floor.main(["--root", str(root), "--only", "y2011/NiceOrDie,y2015/group7-movie",
                             "--skip-negmas", "--repeat", "3", "--budget", "0.01"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| anac")]
    assert [r.split(" | ")[0] for r in rows] == ["| anac/y2011/NiceOrDie",
                                                   "| anac/y2015/group7-movie"]
    assert all(r.endswith("| – | same |") for r in rows)     # no NegMAS: no verdict
