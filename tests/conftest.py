"""Shared fixtures: the toy scenario, random small scenarios, and a brute-force reference.

The brute-force functions here are written independently of accord's
kernels: plain Python over ``itertools.product``, reading the scenario's
fields directly. Tests compare accord against them.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from accord.scenario import Scenario
from accord.scenario.examples import TOY, toy_scenario

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
ALASKA = EXAMPLES / "alaska-2025"

settings.register_profile("accord", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("accord")

needs_shared = pytest.mark.skipif(not SHARED.is_dir(),
                                  reason=f"the shared data folder {SHARED} is not present")


@pytest.fixture
def toy() -> Scenario:
    return toy_scenario()


@pytest.fixture
def toy_data() -> dict[str, Any]:
    import copy

    return copy.deepcopy(TOY)


# ---------------------------------------------------------------- brute force
@dataclass
class Row:
    index: int
    deal: dict[str, str]
    utilities: dict[str, float]
    feasible: bool

    def accepts(self, scenario: Scenario, actor: str) -> bool:
        return self.utilities[actor] >= scenario.preferences[actor].reservation - 1e-9

    def agreement(self, scenario: Scenario) -> bool:
        return self.feasible and all(self.accepts(scenario, a.id) for a in scenario.veto_actors)


def _holds(cond: dict[str, tuple[str, ...]], deal: dict[str, str]) -> bool:
    return all(deal[i] in opts for i, opts in cond.items())


def brute_utility(scenario: Scenario, actor: str, deal: dict[str, str]) -> float:
    prefs = scenario.preferences[actor]
    total = math.fsum(prefs.weights.values())
    u = 0.0
    for issue, w in prefs.weights.items():
        if w > 0:
            u += (w / total) * prefs.values[issue][deal[issue]]
    for it in prefs.interactions:
        if _holds(dict(it.when), deal):
            u += it.add
    u = min(max(u, 0.0), 1.0)
    return math.floor(u * 1e12 + 0.5) / 1e12  # accord's documented rounding


def brute_feasible(scenario: Scenario, deal: dict[str, str]) -> bool:
    for c in scenario.constraints:
        if c.forbid is not None and _holds(dict(c.forbid), deal):
            return False
        if c.if_ is not None and c.then is not None and _holds(dict(c.if_), deal) \
                and not _holds(dict(c.then), deal):
            return False
    return True


def brute_rows(scenario: Scenario) -> list[Row]:
    issues = scenario.issues
    rows = []
    for index, combo in enumerate(itertools.product(*[i.option_ids for i in issues])):
        deal = {i.id: o for i, o in zip(issues, combo, strict=True)}
        utilities = {a.id: brute_utility(scenario, a.id, deal) for a in scenario.modelled_actors}
        rows.append(Row(index, deal, utilities, brute_feasible(scenario, deal)))
    return rows


def dominates(x: list[float], y: list[float]) -> bool:
    return all(a >= b for a, b in zip(x, y, strict=True)) and any(
        a > b for a, b in zip(x, y, strict=True))


# ---------------------------------------------------------------- strategies
_VALUES = st.sampled_from([0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0])


@st.composite
def small_scenarios(draw: st.DrawFn, max_issues: int = 4, max_options: int = 4,
                    max_actors: int = 4, interactions: bool = True,
                    constraints: bool = True) -> Scenario:
    """Random valid scenarios small enough to enumerate by brute force.

    Values come from a coarse grid so that ties happen, as they do in hand-made
    scenarios.
    """
    n_issues = draw(st.integers(1, max_issues))
    n_actors = draw(st.integers(2, max_actors))
    issues = []
    for i in range(n_issues):
        n_opt = draw(st.integers(2, max_options))
        opts = [f"o{j}" for j in range(n_opt)]
        issues.append({"id": f"i{i}", "options": opts, "status_quo": draw(st.sampled_from(opts))})
    actors = []
    prefs: dict[str, Any] = {}
    for k in range(n_actors):
        veto = k < 2 or draw(st.booleans())
        actors.append({"id": f"a{k}", "veto": veto, "power": draw(st.sampled_from([0.5, 1, 2]))})
        weights = {f"i{i}": draw(st.integers(0, 4)) for i in range(n_issues)}
        if not any(weights.values()):
            weights["i0"] = 1
        values = {iss["id"]: {o: draw(_VALUES) for o in iss["options"]}
                  for iss in issues if weights[iss["id"]] > 0}
        entry: dict[str, Any] = {"reservation": draw(_VALUES) * 0.8, "weights": weights,
                                 "values": values}
        if interactions and draw(st.booleans()):
            # a term on one issue (compiled into its option table) or on two (matched
            # deal by deal): the two paths must give the same utilities
            terms = []
            for t in range(draw(st.integers(1, 2))):
                on = draw(st.lists(st.sampled_from(issues), min_size=1, max_size=2,
                                   unique_by=lambda x: x["id"]))
                terms.append({"id": f"x{t}", "when": {
                    iss["id"]: draw(st.sampled_from(iss["options"])) for iss in on},
                    "add": draw(st.sampled_from([-0.3, -0.1, 0.1, 0.3]))})
            entry["interactions"] = terms
        prefs[f"a{k}"] = entry
    cons = []
    if constraints:
        for c in range(draw(st.integers(0, 2))):
            a, b = draw(st.sampled_from(issues)), draw(st.sampled_from(issues))
            if draw(st.booleans()):
                forbid = {a["id"]: draw(st.sampled_from(a["options"])),
                          b["id"]: draw(st.sampled_from(b["options"]))}
                cons.append({"id": f"c{c}", "forbid": forbid})
            else:
                cons.append({"id": f"c{c}", "if": {a["id"]: draw(st.sampled_from(a["options"]))},
                             "then": {b["id"]: draw(st.lists(st.sampled_from(b["options"]),
                                                             min_size=1, unique=True))}})
    return Scenario.model_validate({"accord": 1, "id": "random", "title": "random",
                                    "actors": actors, "issues": issues, "constraints": cons,
                                    "preferences": prefs})


# ---------------------------------------------------------------- a real browser
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="Debian's chromium is not installed (make test "
                                           "installs it: apt-get install chromium)")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Any:
    """Headless Chromium (Debian's), driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


ARTEFACTS = ROOT / "test-artefacts"


def wide_random_data(issues: int) -> dict[str, Any]:
    """Three actors, ``issues`` issues of ten options, values no two issues share."""
    rng = random.Random(1)
    return {"accord": 1, "id": "wide", "title": "Wide",
            "actors": [{"id": a, "name": a.upper()} for a in "abc"],
            "issues": [{"id": f"i{k}", "status_quo": "o0",
                        "options": [f"o{j}" for j in range(10)]} for k in range(issues)],
            "preferences": {a: {"reservation": 0.5,
                                "weights": {f"i{k}": rng.random() for k in range(issues)},
                                "values": {f"i{k}": {f"o{j}": round(rng.random(), 3)
                                                     for j in range(10)}
                                           for k in range(issues)}} for a in "abc"}}


def opposed_data(issues: int, options: int = 10, scenario_id: str = "huge") -> dict[str, Any]:
    """Two parties with opposed, equal-weight issues: ``options^issues`` deals and a branch
    and bound with nothing to prune (17 issues: 10^17 deals, minutes of search)."""
    opts = [f"o{k}" for k in range(options)]
    ids = [f"i{k}" for k in range(issues)]
    up = {o: k / (options - 1) for k, o in enumerate(opts)}
    down = {o: 1 - v for o, v in up.items()}
    return {"accord": 1, "id": scenario_id, "title": scenario_id,
            "actors": [{"id": "a", "role": "party"}, {"id": "b", "role": "party"}],
            "issues": [{"id": i, "options": opts, "status_quo": "o0"} for i in ids],
            "preferences": {
                "a": {"reservation": 0.3, "weights": dict.fromkeys(ids, 1),
                      "values": {i: up for i in ids}},
                "b": {"reservation": 0.3, "weights": dict.fromkeys(ids, 1),
                      "values": {i: down for i in ids}}}}
