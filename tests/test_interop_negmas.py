"""accord scenarios to NegMAS objects and back (NegMAS is optional: most tests need it).

NegMAS is AGPL and not one of accord's dependencies; these tests run where it
is installed (the benchmark environment: ``.bench-venv/bin/python -m pytest
tests/test_interop_negmas.py``) and are skipped elsewhere, except the one that
checks the message given when it is missing.
"""

from __future__ import annotations

import importlib
import itertools
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from accord.errors import InputError
from accord.interop import negmas as interop
from accord.scenario import Scenario
from accord.scenario.genius import dump_genius, load_genius
from conftest import EXAMPLES, SHARED, brute_rows, small_scenarios

try:
    importlib.import_module("negmas")
    HAVE_NEGMAS = True
except ImportError:
    HAVE_NEGMAS = False

needs_negmas = pytest.mark.skipif(
    not HAVE_NEGMAS, reason="NegMAS is not installed here (it is AGPL and optional; run these "
                            "with .bench-venv/bin/python -m pytest tests/test_interop_negmas.py)")


def _outcomes(s: Scenario) -> list[tuple[str, ...]]:
    return list(itertools.product(*[i.option_ids for i in s.issues]))


def _same_utilities(s: Scenario, ns: Any, infeasible: float = -1.0) -> None:
    """Every NegMAS utility is the test's brute-force one, or ``infeasible`` off the constraints."""
    rows = brute_rows(s)
    for row, outcome in zip(rows, _outcomes(s), strict=True):
        for actor, ufun in zip(s.modelled_actors, ns.ufuns, strict=True):
            expected = row.utilities[actor.id] if row.feasible else infeasible
            assert float(ufun(outcome)) == pytest.approx(expected, abs=1e-9)


def test_a_missing_negmas_is_reported_clearly(monkeypatch: pytest.MonkeyPatch,
                                              toy: Scenario) -> None:
    real = importlib.import_module

    def without_negmas(name: str, package: str | None = None) -> Any:
        if name == "negmas" or name.startswith("negmas."):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_negmas)
    with pytest.raises(InputError) as err:
        interop.to_negmas(toy.model_copy(update={"constraints": ()}))
    (p,) = err.value.problems
    assert p.message == "NegMAS is not available"
    assert "AGPL" in p.suggestion
    assert "pip install negmas" in p.suggestion
    assert interop.negmas_available() is False


@needs_negmas
def test_linear_scenario_to_negmas_and_back(toy: Scenario) -> None:
    free = toy.model_copy(update={"constraints": ()})
    ns = interop.to_negmas(free)
    assert [u.name for u in ns.ufuns] == ["a", "b", "c"]
    assert [type(u).__name__ for u in ns.ufuns] == ["LinearAdditiveUtilityFunction"] * 3
    assert ns.outcome_space.cardinality == 18
    assert [u.reserved_value for u in ns.ufuns] == [0.4, 0.35, 0.5]
    _same_utilities(free, ns)
    back = interop.from_negmas(ns, id="toy")
    assert back.issue_ids == free.issue_ids
    assert back.preferences["a"].weights == pytest.approx({"price": 0.5, "delivery": 0.2,
                                                           "warranty": 0.3})
    assert back.preferences["a"].values == free.preferences["a"].values
    assert [r.utilities for r in brute_rows(back)] == [r.utilities for r in brute_rows(free)]


@needs_negmas
@settings(max_examples=40)
@given(small_scenarios(max_issues=3, max_options=3, max_actors=3))
def test_every_utility_survives_the_trip(s: Scenario) -> None:
    ns = interop.to_negmas(s)
    _same_utilities(s, ns)
    back = interop.from_negmas(ns, id=s.id)
    assert back.constraints == s.constraints
    before = [(r.feasible, r.utilities) for r in brute_rows(s)]
    after = [(r.feasible, r.utilities) for r in brute_rows(back)]
    for (was_ok, b), (ok, a) in zip(before, after, strict=True):
        assert ok == was_ok
        assert a == pytest.approx(b, abs=1e-9)


@needs_negmas
def test_constraints_become_a_utility_below_every_reservation(toy: Scenario) -> None:
    ns = interop.to_negmas(toy, infeasible=-2.5)
    assert [type(u).__name__ for u in ns.ufuns] == ["AccordUtility"] * 3
    _same_utilities(toy, ns, infeasible=-2.5)
    # by hand: fast delivery with a two-year warranty is forbidden ('capacity')
    assert [u(("high", "fast", "two-years")) for u in ns.ufuns] == [-2.5] * 3
    assert [u(("high", "slow", "two-years")) for u in ns.ufuns] == [
        interop.utility_of(toy.preferences[a], {"price": "high", "delivery": "slow",
                                                "warranty": "two-years"})
        for a in ("a", "b", "c")]
    assert interop.from_negmas(ns, id="toy").constraints == toy.constraints


@needs_negmas
def test_the_flagship_scenario_goes_to_negmas_and_back_with_its_evidence() -> None:
    """Alaska: 26.9 million deals, constraints, interaction terms, evidence citing sources."""
    import accord
    from accord.analysis.context import Context

    s = accord.load_scenario(EXAMPLES / "alaska-2025" / "scenario.yaml")
    ns = interop.to_negmas(s)
    assert ns.outcome_space.cardinality == 26_873_856
    ctx = Context.of(s)
    rng = np.random.default_rng(0)
    outcomes = ctx.outcomes(rng.integers(0, ctx.space.size, 300))
    assert {o.feasible for o in outcomes} == {True, False}
    for o in outcomes:
        offer = tuple(o.deal[i] for i in s.issue_ids)
        for actor, ufun in zip(s.modelled_actors, ns.ufuns, strict=True):
            want = o.utilities[actor.id] if o.feasible else -1.0
            assert float(ufun(offer)) == pytest.approx(want, abs=1e-9)
    back = interop.from_negmas(ns, id=s.id)
    assert back.preferences == s.preferences        # weights, values, terms, evidence
    assert back.constraints == s.constraints
    assert {x.id for x in back.sources} == {x.id for x in s.sources}


@needs_negmas
def test_utility_functions_that_disagree_on_a_constraint_are_refused(toy: Scenario) -> None:
    (rule,) = toy.constraints
    other = toy.model_copy(update={"constraints": (rule.model_copy(
        update={"forbid": {"delivery": ("slow",), "warranty": ("none",)}}),)})
    first, second = interop.to_negmas(toy), interop.to_negmas(other)
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=first.outcome_space,
                            ufuns=[first.ufuns[0], second.ufuns[1], first.ufuns[2]])
    (p,) = err.value.problems
    assert p.message == "two constraints named 'capacity' differ"
    assert p.found == "'b' holds another 'capacity'"
    assert p.path == ("ufuns", 1)


@needs_negmas
@pytest.mark.parametrize("bad", [0.0, 0.3, float("nan"), float("-inf")])
def test_an_infeasible_utility_must_be_below_zero(toy: Scenario, bad: float) -> None:
    with pytest.raises(InputError) as err:
        interop.to_negmas(toy, infeasible=bad)
    (p,) = err.value.problems
    assert p.message == "the utility of an infeasible deal must be below 0"
    assert p.found == repr(bad)


@needs_negmas
def test_negmas_agents_on_a_scenario_with_constraints_agree_only_on_feasible_deals(
        toy: Scenario) -> None:
    """The toy forbids fast delivery with a two-year warranty, the deal its agents like best."""
    from negmas.preferences import pareto_frontier
    from negmas.sao import AspirationNegotiator, SAOMechanism

    import accord

    def negotiate(s: Scenario) -> dict[str, str]:
        ns = interop.to_negmas(s)
        mechanism = SAOMechanism(outcome_space=ns.outcome_space, n_steps=60)
        for ufun in ns.ufuns:
            mechanism.add(AspirationNegotiator(name=ufun.name), ufun=ufun)
        agreement = mechanism.run().agreement
        assert agreement is not None
        return dict(zip(s.issue_ids, agreement, strict=True))

    forbidden = {"price": "high", "delivery": "fast", "warranty": "two-years"}
    # without the constraint, NegMAS's agents settle on the forbidden deal ...
    assert negotiate(toy.model_copy(update={"constraints": ()})) == forbidden
    # ... with it, on a feasible one that every veto actor accepts
    deal = negotiate(toy)
    verdict = accord.evaluate(toy, deal)
    assert deal != forbidden
    assert verdict.outcome.feasible
    assert verdict.outcome.agreement
    # NegMAS's frontier of the outcomes every party accepts is accord's exact one
    ns = interop.to_negmas(toy)
    _, indices = pareto_frontier(list(ns.ufuns), issues=ns.outcome_space.issues)
    actors = [a.id for a in toy.modelled_actors]
    ours = accord.pareto_frontier(toy, actors=actors)
    rational = [int(k) for k, u in zip(ours.indices, ours.utilities, strict=True)
                if all(x >= toy.preferences[a].reservation for a, x in zip(actors, u, strict=True))]
    assert sorted(int(k) for k in indices) == sorted(rational) == [10, 16]


@needs_negmas
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared data folder {SHARED} is not present")
def test_a_nonlinear_genius_domain_goes_through_accord_utility() -> None:
    s = load_genius(SHARED / "data" / "genius" / "anac" / "y2014" / "10issues").scenario
    ns = interop.to_negmas(s)
    assert [type(u).__name__ for u in ns.ufuns] == ["AccordUtility", "AccordUtility"]
    deal = {i.id: i.option_ids[3] for i in s.issues}
    outcome = tuple(deal[i] for i in s.issue_ids)
    for actor, ufun in zip(s.modelled_actors, ns.ufuns, strict=True):
        assert ufun(outcome) == interop.utility_of(s.preferences[actor.id], deal)
    assert interop.from_negmas(ns, id="ten").preferences == s.preferences


def _negmas_reads_our_export(s: Scenario, folder: Path) -> None:
    """NegMAS's own GENIUS reader gives accord's export the utilities accord gives every deal."""
    from negmas.inout import Scenario as NegmasScenario

    written = dump_genius(s, folder)
    assert not written.nonlinear
    ns = NegmasScenario.load(folder, ignore_discount=True)
    by_name = {str(u.name): u for u in ns.ufuns}
    assert len(by_name) == len(s.modelled_actors)
    values = [list(i.all) for i in ns.outcome_space.issues]
    assert [len(v) for v in values] == [len(i.options) for i in s.issues]
    for row in brute_rows(s):
        # NegMAS's values are the options in accord's order (labels, or integers)
        outcome = tuple(v[i.option_ids.index(row.deal[i.id])]
                        for v, i in zip(values, s.issues, strict=True))
        for actor in s.modelled_actors:
            ufun = by_name[actor.id]
            assert float(ufun(outcome)) == pytest.approx(row.utilities[actor.id], abs=1e-9)
            assert ufun.reserved_value == pytest.approx(s.preferences[actor.id].reservation)


@needs_negmas
@settings(max_examples=25, deadline=None)
@given(small_scenarios(interactions=False, constraints=False, max_issues=3, max_options=4,
                       max_actors=4))
def test_negmas_reads_accords_genius_export_exactly(s: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _negmas_reads_our_export(s, Path(folder))


@needs_negmas
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared data folder {SHARED} is not present")
@pytest.mark.parametrize("domain", ["anac/y2010/EnglandZimbabwe", "anac/y2015/group2-dinner",
                                    "anac/y2015/group3-bank_robbery", "other/IntegerDomain"])
def test_negmas_reads_genius_domains_exported_by_accord(domain: str, tmp_path: Path) -> None:
    """NegMAS 0.16 reads the first three differently from GENIUS (raw evaluations; weights
    that do not sum to 1 in bank_robbery): accord's export writes GENIUS's utilities so
    plainly that NegMAS agrees on every deal, here and on IntegerDomain's integer issues."""
    s = load_genius(SHARED / "data" / "genius" / domain).scenario
    _negmas_reads_our_export(s, tmp_path / "out")


@needs_negmas
def test_negmas_own_linear_utilities_are_read_exactly_or_rescaled() -> None:
    from negmas.inout import Scenario as NegmasScenario
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction

    issues = [make_issue(["cheap", "dear"], name="Price"), make_issue(3, name="Weeks")]
    space = make_os(issues, name="Deal")
    buyer = LinearAdditiveUtilityFunction(
        values={"Price": {"cheap": 1.0, "dear": 0.2}, "Weeks": lambda w: 1 - w / 2},
        weights={"Price": 0.6, "Weeks": 0.3}, bias=0.1, outcome_space=space,
        reserved_value=0.25, name="Buyer")
    seller = LinearAdditiveUtilityFunction(
        values={"Price": {"cheap": 0.0, "dear": 10.0}, "Weeks": lambda w: w},
        weights={"Price": 1.0, "Weeks": 2.0}, outcome_space=space, reserved_value=4.0,
        name="Seller")
    with pytest.raises(InputError) as err:
        interop.from_negmas(NegmasScenario(outcome_space=space, ufuns=(buyer, seller)))
    messages = [p.message for p in err.value.problems]
    assert messages == ["utilities of 'Seller' range over [0, 14]",
                        "reservation value of 'Seller' outside 0..1"]
    s = interop.from_negmas(NegmasScenario(outcome_space=space, ufuns=(buyer, seller)),
                            rescale=True)
    assert (s.id, s.issue_ids, s.actor_ids) == ("deal", ("price", "weeks"), ("buyer", "seller"))
    assert s.issue("weeks").option_ids == ("v0", "v1", "v2")
    for price, weeks in itertools.product(["cheap", "dear"], [0, 1, 2]):
        deal = {"price": price, "weeks": f"v{weeks}"}
        assert interop.utility_of(s.preferences["buyer"], deal) == \
            pytest.approx(float(buyer((price, weeks))), abs=1e-12)
        assert interop.utility_of(s.preferences["seller"], deal) == \
            pytest.approx(float(seller((price, weeks))) / 14, abs=1e-12)
    assert s.preferences["buyer"].reservation == 0.25
    assert s.preferences["seller"].reservation == pytest.approx(4 / 14)


@needs_negmas
def test_what_accord_cannot_hold_is_refused(toy: Scenario) -> None:
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearUtilityFunction

    with pytest.raises(InputError, match="NegMAS outcome spaces have no constraints") as err:
        interop.to_negmas(toy, infeasible=None)
    assert "infeasible=-1.0" in err.value.problems[0].suggestion
    space = make_os([make_issue((0.0, 1.0), name="share")])
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=space, ufuns=[LinearUtilityFunction(
            weights=[1.0], outcome_space=space, name="p")])
    assert err.value.problems[0].message == "a continuous NegMAS issue"
    discrete = make_os([make_issue(3, name="k")])
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=discrete, ufuns=[LinearUtilityFunction(
            weights=[0.5], outcome_space=discrete, name="p")])
    assert err.value.problems[0].message == "cannot read LinearUtilityFunction exactly"


@needs_negmas
def test_the_title_and_the_discounts_survive_the_trip(toy: Scenario) -> None:
    """A GENIUS discount factor is metadata in accord; to_negmas kept it only for actors
    with interaction terms (inside AccordUtility), and the title not at all."""
    free = toy.model_copy(update={"constraints": ()})
    prefs = dict(free.preferences)
    prefs["a"] = prefs["a"].model_copy(update={"discount": 0.8})
    prefs["b"] = prefs["b"].model_copy(update={"discount": 1.0})
    s = free.model_copy(update={"preferences": prefs})
    ns = interop.to_negmas(s)
    assert [type(u).__name__ for u in ns.ufuns] == ["LinearAdditiveUtilityFunction"] * 3
    back = interop.from_negmas(ns, id="toy")
    assert back.title == s.title
    assert [back.preferences[a].discount for a in ("a", "b", "c")] == [0.8, 1.0, None]


@needs_negmas
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared data folder {SHARED} is not present")
def test_negmas_own_reading_of_a_discounted_domain_is_read_with_its_discount() -> None:
    """NegMAS wraps a GENIUS profile with a discount factor in an ExpDiscountedUFun (its
    reserved value then -inf); from_negmas refused it. The discount is metadata, as on
    import: the utility is the wrapped one's (at time 0), the reservation the wrapped one's."""
    from negmas.inout import Scenario as NegmasScenario
    from negmas.preferences import LinDiscountedUFun

    folder = SHARED / "data" / "genius" / "anac" / "y2013" / "Kitchen"
    ns = NegmasScenario.load(folder)
    assert [type(u).__name__ for u in ns.ufuns] == ["ExpDiscountedUFun"] * 2
    s = interop.from_negmas(ns, rescale=True)
    plain = NegmasScenario.load(folder, ignore_discount=True)
    assert interop.from_negmas(plain, rescale=True).preferences == {
        a: p.model_copy(update={"discount": None}) for a, p in s.preferences.items()}
    assert [p.discount for p in s.preferences.values()] == [0.8, 0.8]
    cost = LinDiscountedUFun(plain.ufuns[0], cost=0.1, outcome_space=plain.outcome_space,
                             name="x")
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=plain.outcome_space, ufuns=[cost], rescale=True)
    assert err.value.problems[0].message == "cannot read LinDiscountedUFun exactly"


@needs_negmas
def test_a_utility_function_of_another_outcome_space_is_refused_clearly() -> None:
    """A value table without the outcome space's values raised a bare KeyError; a
    function over the same issues in another order was read position by position."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction

    colour, size = make_issue(["red", "blue"], name="Colour"), make_issue(3, name="Size")
    space, swapped = make_os([colour, size]), make_os([size, colour])
    other = LinearAdditiveUtilityFunction(
        values={"Colour": {"red": 1.0, "blue": 0.0}, "Size": lambda v: v / 2},
        weights={"Colour": 0.5, "Size": 0.5}, outcome_space=swapped, name="p")
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=space, ufuns=[other])
    (p,) = err.value.problems
    assert p.message == "'p' is defined over another outcome space"
    assert p.path == ("ufuns", 0)
    loose = LinearAdditiveUtilityFunction(values=[{"green": 1.0}, lambda v: v / 2],
                                          weights=[0.5, 0.5], name="q")
    with pytest.raises(InputError) as err:
        interop.from_negmas(outcome_space=space, ufuns=[loose])
    (p,) = err.value.problems
    assert p.message == "cannot evaluate 'q' on issue 'Colour'"
    assert p.found.startswith("'red':")


@needs_negmas
def test_rescaling_keeps_the_reservation_value_where_it_is() -> None:
    """rescale maps an actor's utilities onto 0..1; a reservation value below them was
    clipped to 0, i.e. moved up to the worst deal, which changes the Nash deal (NegMAS's
    own reading of Kitchen: reservation 0, utilities from 72.5 to 100). The range now
    takes the reservation value in, so utilities and reservation move by one map."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction

    space = make_os([make_issue(["a", "b", "c"], name="x")])
    high = LinearAdditiveUtilityFunction(values={"x": {"a": 2.0, "b": 3.5, "c": 5.0}},
                                         weights={"x": 1.0}, outcome_space=space,
                                         reserved_value=1.0, name="high")
    s = interop.from_negmas(outcome_space=space, ufuns=[high], rescale=True)
    prefs = s.preferences["high"]
    assert prefs.reservation == 0.0
    for label, u in (("a", 2.0), ("b", 3.5), ("c", 5.0)):
        assert interop.utility_of(prefs, {"x": label}) == pytest.approx((u - 1.0) / 4.0)


@needs_negmas
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared data folder {SHARED} is not present")
def test_a_rescaled_domain_keeps_negmas_nash_deal() -> None:
    import math

    from negmas.inout import Scenario as NegmasScenario

    ns = NegmasScenario.load(SHARED / "data" / "genius" / "anac" / "y2013" / "Kitchen",
                             ignore_discount=True)
    s = interop.from_negmas(ns, rescale=True)
    values = [list(i.all) for i in ns.outcome_space.issues]

    def nash(pairs: list[tuple[float, float]]) -> float:
        ok = all(u >= r for u, r in pairs)
        return math.prod(u - r for u, r in pairs) if ok else -1.0

    theirs, ours = [], []
    for digits in itertools.product(*[range(len(v)) for v in values]):
        outcome = tuple(v[k] for v, k in zip(values, digits, strict=True))
        deal = {i.id: i.options[k].id for i, k in zip(s.issues, digits, strict=True)}
        theirs.append((nash([(float(u(outcome)), u.reserved_value) for u in ns.ufuns]), digits))
        ours.append((nash([(interop.utility_of(s.preferences[a], deal),
                            s.preferences[a].reservation) for a in s.actor_ids]), digits))
    assert max(ours)[1] == max(theirs)[1]
