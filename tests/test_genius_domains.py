"""Every GENIUS domain folder of the shared data, read by accord and checked independently.

For each folder: accord imports it, and its utilities are compared, deal by
deal, with :mod:`genius_reference` (an independent reading written in the
tests from GENIUS 10.4's rules): every deal of a small domain, a random sample
of a large one. Then:

- small domains (at most 5,000 deals and 10 parties): the Pareto frontier and
  the Nash point are computed by brute force over the reference utilities and
  compared with accord's;
- domains up to 2 x 10^6 deals (and 5 x 10^6 deal-party pairs, which leaves out
  the 70 learning profiles of journal_learning/six_issues, a test bed rather
  than a 70-party negotiation): accord analyses them (frontier and Nash), and
  the Nash deal's utilities are checked against the reference;
- larger ones: accord refuses an exhaustive pass with its message (at the
  test's budget here, at 10^10 deals by default; spaces past 2^62 deals cannot
  even be numbered);
- the folders that ship GENIUS's own Pareto frontier (``pareto.xml``, the
  nonlinear ANAC 2014 domains and their kin) and can be numbered (10^10 deals):
  accord's exact frontier is compared with that file, point by point.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import numpy as np
import pytest

from accord.analysis.bargaining import solve
from accord.analysis.context import Context
from accord.analysis.frontier import frontier_of
from accord.analysis.zopa import survey
from accord.errors import InputError
from accord.scenario import Scenario
from accord.scenario.genius import GeniusImport, dump_genius, load_genius
from accord.space import EXHAUSTIVE_LIMIT
from accord.utility import ACCEPT_TOLERANCE, evaluate_digits
from conftest import SHARED, brute_utility, needs_shared
from genius_reference import Reference

GENIUS = SHARED / "data" / "genius"
FOLDERS = sorted({p.parent for p in GENIUS.rglob("*.xml")}) if GENIUS.is_dir() else []
IDS = [str(f.relative_to(GENIUS)) for f in FOLDERS]

BRUTE_DEALS, BRUTE_PARTIES = 5_000, 10
ANALYSE_DEALS, ANALYSE_PAIRS = 2_000_000, 5_000_000
SAMPLE = 300
TOLERANCE = 1e-9


@needs_shared
def test_the_shared_domains_are_all_there() -> None:
    assert len(FOLDERS) >= 160
    assert {"anac/y2010/EnglandZimbabwe", "other/AMPOvsCity", "anac/y2016/AgentHp2",
            "anac/y2014/50issues"} <= set(IDS)


def _columns_and_radices(imported: GeniusImport, ref: Reference
                         ) -> tuple[list[int], list[int]]:
    """The reference's column of each accord actor (by the profile file each was read from)."""
    s = imported.scenario
    assert len(imported.profile_files) == len(s.actors)
    names = [p.stem for p in ref.profiles]
    columns = [names.index(f.stem) for f in imported.profile_files]
    return columns, [len(i.options) for i in s.issues]


def _bid(s: Scenario, ref: Reference, digits: list[int]) -> dict[int, str]:
    return {r.index: issue.options[d].label
            for issue, r, d in zip(s.issues, ref.issues, digits, strict=True)}


def _utilities(s: Scenario, digits: np.ndarray) -> np.ndarray:
    """accord's utilities from the scenario's fields, in plain Python (conftest's brute force)."""
    rows = []
    for row in digits.tolist():
        deal = {issue.id: issue.options[d].id for issue, d in zip(s.issues, row, strict=True)}
        rows.append([brute_utility(s, a.id, deal) for a in s.actors])
    return np.array(rows)


def _brute_front(points: np.ndarray) -> set[tuple[float, ...]]:
    """Undominated utility vectors, by direct comparison (numpy per point, no accord code)."""
    unique = np.unique(points, axis=0)
    keep = []
    for p in unique:
        dominated = np.all(unique >= p, axis=1) & np.any(unique > p, axis=1)
        if not dominated.any():
            keep.append(tuple(float(x) for x in p))
    return set(keep)


@needs_shared
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_every_domain_is_read_and_analysed_or_refused(folder: Path) -> None:
    imported = load_genius(folder)
    s = imported.scenario
    ref = Reference.read(folder)
    columns, radices = _columns_and_radices(imported, ref)
    size = math.prod(radices)
    assert size == ref.size
    assert len(s.actors) == len(ref.profiles)
    parties = len(s.actors)
    brute = size <= BRUTE_DEALS and parties <= BRUTE_PARTIES
    # -- utilities, deal by deal, against the independent reading
    if brute:
        digits = np.array(np.unravel_index(np.arange(size), radices)).T
    else:
        rng = random.Random(folder.name)
        digits = np.array([[rng.randrange(r) for r in radices] for _ in range(SAMPLE)]
                          + [[r - 1 for r in radices], [0] * len(radices)])
    got = _utilities(s, digits)
    want = np.array([[ref.utilities(_bid(s, ref, row.tolist()))[c] for c in columns]
                     for row in digits])
    assert np.abs(got - want).max() <= TOLERANCE
    # -- analysis, or the refusal
    if brute:
        _check_against_brute_force(s, want, size)
    elif size <= ANALYSE_DEALS and size * parties <= ANALYSE_PAIRS:
        ctx = Context.of(s)
        front = frontier_of(ctx.space, ctx.model, ctx.veto_ids)
        nash = solve(ctx, front, names=("nash",))["nash"]
        assert len(front) >= 1
        if nash is not None:
            row = [int(d) for d in ctx.space.decode([nash.outcome.index])[0]]
            ref_u = ref.utilities(_bid(s, ref, row))
            assert [nash.outcome.utilities[a.id] for a in s.actors] == \
                pytest.approx([ref_u[c] for c in columns], abs=TOLERANCE)
    elif size >= 2**62:
        with pytest.raises(InputError, match="the deal space is too large to number"):
            survey(s)
    else:   # over the test's budget (deals, or deal-party pairs), or over accord's default
        limit = min(ANALYSE_DEALS, ANALYSE_PAIRS // parties) if size <= EXHAUSTIVE_LIMIT \
            else EXHAUSTIVE_LIMIT
        with pytest.raises(InputError) as err:
            survey(s, limit=limit)
        (p,) = err.value.problems
        assert p.message == "the deal space is too large for an exhaustive pass"
        assert p.found.startswith(f"{size:.3e} deals")


PARETO = [f for f in FOLDERS if (f / "pareto.xml").is_file() and Reference.read(f).size < 2**62]
#: Frontier points accord finds that GENIUS's pareto.xml leaves out: each is checked below
#: against the independent reading and against every point of the file (none dominates it).
GENIUS_MISSES = {"10issueswithRV": [(0.7108209, 0.9792)]}


@needs_shared
@pytest.mark.parametrize("folder", PARETO, ids=[str(f.relative_to(GENIUS)) for f in PARETO])
def test_the_frontier_matches_geniuses_own(folder: Path) -> None:
    ref = Reference.read(folder)
    imported = load_genius(folder)
    s = imported.scenario
    columns, _ = _columns_and_radices(imported, ref)
    genius = np.loadtxt(folder / "pareto.xml", delimiter=",", ndmin=2)
    found = survey(s)                       # every one of the 10^10 deals, class by class
    front = found.frontier
    assert list(front.actor_ids) == [a.id for a in s.actors]
    ours = np.empty_like(front.utilities)
    ours[:, columns] = front.utilities      # in the order of the profile files
    # GENIUS writes single-precision numbers
    near = np.abs(ours[:, None, :] - genius[None, :, :]).max(axis=2) <= 1e-6
    assert near.any(axis=0).all(), "a point of pareto.xml is missing"
    extra = ~near.any(axis=1)
    assert [tuple(round(float(x), 7) for x in p) for p in ours[extra]] == \
        GENIUS_MISSES.get(folder.name, [])
    for point in ours[extra]:
        assert not any(np.all(g >= point - 1e-6) for g in genius)
    # every frontier deal has the utilities it claims, by the independent reading
    space = Context.of(s).space
    for row, point in zip(space.decode(front.indices).tolist(), ours, strict=True):
        assert ref.utilities(_bid(s, ref, row)) == pytest.approx(point.tolist(), abs=TOLERANCE)
    assert found.feasible == ref.size
    assert front.deal_count >= len(front)


def _check_against_brute_force(s: Scenario, want: np.ndarray, size: int) -> None:
    ctx = Context.of(s)
    front = frontier_of(ctx.space, ctx.model, ctx.veto_ids)
    brute = _brute_front(np.round(want, 12))
    assert len(front) == len(brute)
    assert np.allclose(np.array(sorted(brute)), np.array(sorted(map(tuple, front.utilities))),
                       atol=TOLERANCE, rtol=0)
    assert front.deal_count == sum(
        1 for row in np.round(want, 12) if tuple(float(x) for x in row) in brute)
    # Nash: the largest product of gains over the deals every party accepts
    r = np.array([s.preferences[a.id].reservation for a in s.actors])
    ok = np.all(want >= r - ACCEPT_TOLERANCE, axis=1)
    nash = solve(ctx, front, names=("nash",))["nash"]
    if not ok.any():
        assert nash is None
        return
    best = float(np.max(np.prod(np.maximum(want[ok] - r, 0.0), axis=1)))
    assert nash is not None
    u, _ = evaluate_digits(ctx.space, ctx.model, ctx.space.decode([nash.outcome.index]))
    product = float(np.prod(np.maximum(u[0] - r, 0.0)))
    assert product == pytest.approx(best, abs=TOLERANCE)
    assert ok[nash.outcome.index]


HUGE = [f for f in FOLDERS if f.parent.name == "y2014" and Reference.read(f).size >= 2**62]


@needs_shared
@pytest.mark.parametrize("folder", HUGE[:2] + HUGE[-1:], ids=lambda f: f.name)
def test_a_domain_too_large_to_number_exports_with_the_same_utilities(
        folder: Path, tmp_path: Path) -> None:
    """Analysis refuses 10^30 deals, but ``export genius`` needs none of them one by one: the
    folder written reads, with the tests' own reading of GENIUS's rules, as the original."""
    from typer.testing import CliRunner

    from accord.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "genius", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    before, after = Reference.read(folder), Reference.read(out)
    assert [len(i.values) for i in after.issues] == [len(i.values) for i in before.issues]
    assert [p.reservation for p in after.profiles] == [p.reservation for p in before.profiles]
    rng = random.Random(folder.name)
    for _ in range(SAMPLE):
        digits = [rng.randrange(len(i.values)) for i in before.issues]
        bids = [{i.index: i.values[d] for i, d in zip(ref.issues, digits, strict=True)}
                for ref in (before, after)]
        assert after.utilities(bids[1]) == pytest.approx(before.utilities(bids[0]),
                                                         abs=TOLERANCE)
    # analysis still refuses it, with where and why
    refused = CliRunner().invoke(app, ["analyze", str(folder)])
    assert refused.exit_code == 2
    assert "the deal space is too large to number" in refused.output


@needs_shared
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_every_domain_exported_reads_as_the_original(folder: Path, tmp_path: Path) -> None:
    """The round trip of the issue, on every folder: what ``export genius`` writes, read
    by the tests' own reading of GENIUS's rules, gives every deal of a small domain (a
    sample of a large one) the utilities the original folder gives it, party by party,
    with the same reservation values; and so does an export of what the first one wrote."""
    imported = load_genius(folder)
    s = imported.scenario
    first = dump_genius(s, tmp_path / "first" / folder.name)
    second = dump_genius(load_genius(first.folder).scenario, tmp_path / "second" / folder.name)
    before = Reference.read(folder)
    columns, radices = _columns_and_radices(imported, before)
    size = math.prod(radices)
    # every deal while the tests' pure-Python reading stays quick (four_issues' 4,096 deals
    # times 70 profiles, three readings each, took a minute); a sample beyond
    if size <= BRUTE_DEALS and size * len(columns) <= BRUTE_DEALS * BRUTE_PARTIES:
        digits = [list(d) for d in itertools.product(*[range(r) for r in radices])]
    else:
        rng = random.Random(folder.name)
        digits = [[rng.randrange(r) for r in radices] for _ in range(SAMPLE)] + \
            [[r - 1 for r in radices], [0] * len(radices)]
    want = [[before.utilities(_bid(s, before, row))[c] for c in columns] for row in digits]
    for written in (first, second):
        after = Reference.read(written.folder)
        stems = [p.stem for p in after.profiles]
        order = [stems.index(p.stem) for p in written.files[1:]]   # in actor order
        assert [after.profiles[k].reservation for k in order] == \
            [before.profiles[c].reservation for c in columns]
        got = []
        for row in digits:
            bid = {r.index: r.values[d] for r, d in zip(after.issues, row, strict=True)}
            u = after.utilities(bid)
            got.append([u[k] for k in order])
        assert np.abs(np.array(got) - np.array(want)).max() <= TOLERANCE
