"""Walking classes of interchangeable deals: by hand, against the plain stream, by brute force."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis import classes
from accord.analysis.classes import class_plan, root_groups, walk_classes
from accord.analysis.context import Context
from accord.analysis.frontier import Frontier, pareto_frontier
from accord.analysis.zopa import Survey, survey
from accord.errors import InputError
from accord.scenario import Scenario
from accord.utility import evaluate_digits
from conftest import brute_rows, small_scenarios


@contextmanager
def walking(always: bool) -> Iterator[None]:
    """Every pass walks classes (``always``), or none does."""
    with mock.patch.object(classes, "CLASS_WALK_MIN", 0 if always else 1 << 62), \
            mock.patch.object(classes, "CLASS_WALK_SHARE", 1.0):
        yield


def _scenario(interactions: list[dict[str, Any]] | None = None) -> Scenario:
    """x: o0 and o1 alike for both actors, o2 and o3 alike; y: y1 and y2 alike."""
    return Scenario.model_validate({
        "accord": 1, "id": "alike", "title": "Alike options",
        "actors": [{"id": "a"}, {"id": "b"}],
        "issues": [{"id": "x", "options": ["o0", "o1", "o2", "o3"], "status_quo": "o0"},
                   {"id": "y", "options": ["y0", "y1", "y2"], "status_quo": "y0"}],
        "preferences": {
            "a": {"reservation": 0, "weights": {"x": 1, "y": 1},
                  "values": {"x": {"o0": 0, "o1": 0, "o2": 1, "o3": 1},
                             "y": {"y0": 0, "y1": 0.5, "y2": 0.5}},
                  "interactions": interactions or []},
            "b": {"reservation": 0, "weights": {"x": 1, "y": 1},
                  "values": {"x": {"o0": 1, "o1": 1, "o2": 0, "o3": 0},
                             "y": {"y0": 1, "y1": 0, "y2": 0}}}}})


def _rows(s: Scenario) -> list[tuple[int, int, tuple[float, ...]]]:
    ctx = Context.of(s)
    out = []
    for chunk in walk_classes(ctx, root_groups(ctx), chunk_size=2):
        for i, c, u in zip(chunk.index.tolist(), chunk.weights.tolist(),  # type: ignore[union-attr]
                           chunk.utilities.tolist(), strict=True):
            out.append((i, c, tuple(u)))
    return out


def test_interchangeable_options_make_one_class_by_hand() -> None:
    # deal index = 3 * x + y; classes {o0,o1} x {y0}, {o0,o1} x {y1,y2}, ...
    rows = _rows(_scenario())
    assert sorted((i, c) for i, c, _ in rows) == [(0, 2), (1, 4), (6, 2), (7, 4)]
    assert dict((i, u) for i, _, u in rows)[7] == (0.75, 0.0)


def test_an_interaction_term_splits_classes_only_where_it_can_still_apply() -> None:
    # a gains 0.2 with x=o1 and y=y1: o1 stands apart, and y1 from y2, only where
    # the other half of the condition still holds
    rows = _rows(_scenario([{"id": "t", "when": {"x": "o1", "y": "y1"}, "add": 0.2}]))
    assert len(rows) == 7
    assert sum(c for _, c, _ in rows) == 12
    assert dict((i, u) for i, _, u in rows)[4] == (0.45, 0.5)    # x=o1, y=y1
    assert sorted(i for i, _, _ in rows) == [0, 1, 3, 4, 5, 6, 7]


def test_groups_bound_the_classes() -> None:
    s = _scenario()
    groups = root_groups(Context.of(s))
    assert groups.count.tolist() == [2, 2]
    assert groups.bound == 4
    assert groups.rep[0, :2].tolist() == [0, 2]
    assert groups.size[0, :2].tolist() == [2, 2]


@given(small_scenarios(max_issues=4, max_options=4))
def test_every_feasible_deal_is_in_one_class_with_its_utilities(s: Scenario) -> None:
    rows = brute_rows(s)
    ctx = Context.of(s)
    found: collections.Counter[tuple[float, ...]] = collections.Counter()
    for chunk in walk_classes(ctx, root_groups(ctx), chunk_size=3):
        assert chunk.feasible.all()
        u, ok = evaluate_digits(ctx.space, ctx.model, ctx.space.decode(chunk.index))
        assert ok.all()
        assert np.array_equal(u, chunk.utilities)
        for vector, count in zip(map(tuple, chunk.utilities.tolist()), chunk.weights.tolist(),
                                 strict=True):
            found[vector] += count
    want: collections.Counter[tuple[float, ...]] = collections.Counter()
    u, _ = evaluate_digits(ctx.space, ctx.model, ctx.space.decode(range(ctx.space.size)))
    for row, vector in zip(rows, map(tuple, u.tolist()), strict=True):
        if row.feasible:
            want[vector] += 1
    assert found == want


def _same_frontier(a: Frontier, b: Frontier) -> None:
    ka, kb = np.argsort(a.indices), np.argsort(b.indices)
    assert np.array_equal(a.indices[ka], b.indices[kb])
    assert np.array_equal(a.utilities[ka], b.utilities[kb])
    assert np.array_equal(a.multiplicity[ka], b.multiplicity[kb])


def _survey(s: Scenario, always: bool) -> Survey:
    with walking(always):
        return survey(s, chunk_size=5)


@given(small_scenarios())
def test_the_survey_is_the_same_walking_classes_or_deals(s: Scenario) -> None:
    by_class, by_deal = _survey(s, True), _survey(s, False)
    assert by_class.to_dict() == by_deal.to_dict()
    _same_frontier(by_class.frontier, by_deal.frontier)


@given(small_scenarios(), st.booleans())
def test_the_frontier_is_the_same_walking_classes_or_deals(s: Scenario, acceptable: bool) -> None:
    with walking(True):
        by_class = pareto_frontier(s, acceptable_only=acceptable)
    with walking(False):
        by_deal = pareto_frontier(s, acceptable_only=acceptable)
    _same_frontier(by_class, by_deal)


def _many_issues(n: int) -> Scenario:
    """``n`` yes/no issues; the two actors care about the first three only."""
    issues = [{"id": f"i{k}", "options": ["no", "yes"], "status_quo": "no"} for k in range(n)]
    prefs = {a: {"reservation": 0, "weights": {"i0": 3, "i1": 2, "i2": 1},
                 "values": {f"i{k}": {"no": float(a == "b"), "yes": float(a == "a")}
                            for k in range(3)},
                 "interactions": [{"id": "both", "when": {"i3": "yes", "i4": "yes"},
                                   "add": 0.1}]}
             for a in ("a", "b")}
    return Scenario.model_validate({"accord": 1, "id": "wide", "title": "Wide",
                                    "actors": [{"id": "a"}, {"id": "b"}], "issues": issues,
                                    "constraints": [{"id": "c", "forbid": {"i5": "yes",
                                                                           "i6": "yes"}}],
                                    "preferences": prefs})


def test_a_large_space_of_few_classes_is_walked_by_default() -> None:
    s = _many_issues(22)                # 4 x 10^6 deals, 2^3 x 2 x 3 classes at most
    ctx = Context.of(s)
    groups = class_plan(ctx)
    assert groups is not None
    assert groups.bound == 8 * 4 * 4
    seen: list[tuple[int, int]] = []
    found = survey(s, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1 << 22, 1 << 22)
    assert found.feasible == 3 * (1 << 20)          # i5 = i6 = yes is forbidden
    # the frontier by hand: a and b share the 0.1 of i3 = i4 = yes, and split 6 points
    # of weight on i0..i2: (1, 0.1), (5/6 + 0.1, 1/6 + 0.1), ...
    want = sorted(round(w / 6 + 0.1, 9) if w < 6 else 1.0 for w in range(7))
    assert sorted(round(float(x), 9) for x in found.frontier.utilities[:, 0]) == want
    # each point: i3 = i4 = yes, i5 and i6 not both yes (3 ways), 2^15 free issues; a
    # weight of 3 comes from i0 alone or from i1 and i2 (twice as many deals)
    assert sorted(found.frontier.multiplicity.tolist()) == [3 << 15] * 6 + [6 << 15]
    with walking(False):
        assert survey(s).to_dict() == found.to_dict()


def test_the_limit_counts_classes_not_deals() -> None:
    s = _many_issues(37)                # 1.4 x 10^11 deals, past the 10^10 a pass may visit
    found = survey(s)
    assert found.total == 1 << 37
    assert found.feasible == 3 << 35
    assert sorted(found.frontier.multiplicity.tolist()) == [3 << 30] * 6 + [6 << 30]
    with pytest.raises(InputError) as err:
        survey(s, limit=100)
    (p,) = err.value.problems
    assert p.found == "1.374e+11 deals in up to 1.280e+02 classes of interchangeable deals"


def test_a_small_space_is_streamed() -> None:
    assert class_plan(Context.of(_many_issues(8))) is None
