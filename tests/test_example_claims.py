"""What ``examples/alaska-2025/README.md`` says the model concludes is what accord computes.

``tests/test_readme.py`` runs that README's commands; nothing checked the numbers its prose and
tables give for them, which a journalist would quote. Each test here quotes the README's words
and computes them again: the acceptable set and who blocks, the verdict on every proposal and
the smallest change that makes it an agreement, one assumption at a time (``accord whatif``),
and the probabilities over 10,000 draws with seed 7 (``accord uncertainty``).
"""

from __future__ import annotations

from functools import cache

import pytest

import accord
from accord.analysis import survey
from accord.analysis.zopa import Survey
from accord.scenario import Proposal, Scenario
from accord.scenario.paths import with_parameters
from accord.uncertainty import fix_parameters, monte_carlo
from conftest import ALASKA

README = (ALASKA / "README.md").read_text(encoding="utf-8")
PROPOSALS = ("us-economic-package", "moscow-demands", "kyiv-europe-demands", "truce-30-days",
             "exchange-of-territories")
FREEZE = {"ru.reservation": 0.49, **{f"ru.values.{r}.front-line": 0.6
                                     for r in ("donetsk", "luhansk", "zaporizhzhia", "kherson")}}
MAXIMALIST = {"ru.reservation": 0.57, **{f"ru.values.{r}.front-line": 0.2
                                         for r in ("donetsk", "luhansk", "zaporizhzhia",
                                                   "kherson")}}


@cache
def alaska() -> Scenario:
    return accord.load_scenario(ALASKA / "scenario.yaml")


@cache
def proposal(name: str) -> Proposal:
    return accord.load_proposal(ALASKA / "proposals" / f"{name}.yaml", alaska())


@cache
def central() -> Survey:
    return survey(alaska())


def _said(text: str) -> None:
    """The README says this (white space aside)."""
    assert " ".join(text.split()) in " ".join(README.split()), text


def _share(found: Survey, actor: str) -> float:
    return next(b.share for b in found.blockers if b.actor == actor)


def test_the_acceptable_set_and_who_blocks() -> None:
    _said("1,589,917 agreements, 11.8% of feasible deals")
    _said("Russia alone rejects 72%; Ukraine 22%; the Europeans 21%; the US and Hungary none")
    _said("The US accepts 99.99% of feasible deals")
    found = central()
    assert (found.acceptable, round(100 * found.share_acceptable, 1)) == (1_589_917, 11.8)
    assert [round(100 * _share(found, a)) for a in ("ru", "ua", "eu", "us", "hu")] == \
        [72, 22, 21, 0, 0]
    assert round(100 * found.accepted_by["us"] / found.feasible, 2) == 99.99


@pytest.mark.slow
@pytest.mark.parametrize(("name", "rejecters", "changes"), [
    ("us-economic-package", {"ru": 0.44}, 1),
    ("moscow-demands", {"ua": 0.10, "eu": 0.26}, 3),
    ("kyiv-europe-demands", {"ru": 0.14}, 5),
    ("truce-30-days", {"ru": 0.38}, 3),
    ("exchange-of-territories", {"ua": 0.38}, 2),
])
def test_every_proposal_fails_as_the_table_says(name: str, rejecters: dict[str, float],
                                                changes: int) -> None:
    _said("| US economic package | Russia rejects (0.44 < 0.51) | NATO renounced")
    _said("| Moscow's demands | Ukraine (0.10) and Europe (0.26) reject | no recognition instead "
          "of de jure, a US backstop, arms continue |")
    _said("| Kyiv's and Europe's demands | Russia rejects (0.14) | Crimea, Donetsk, Luhansk, "
          "Zaporizhzhia to Russia and NATO renounced (5 issues) |")
    _said("| 30-day truce | Russia rejects (0.38) | a comprehensive peace instead, Donetsk ceded, "
          "NATO renounced |")
    _said("| Exchange of territories | Ukraine rejects (0.38 < 0.45); Russia accepts (+0.02) | "
          "NATO renounced and a European contingent |")
    ev = accord.evaluate(alaska(), proposal(name), survey_result=central())
    assert set(ev.rejecters) == set(rejecters)
    assert {a: round(ev.outcome.utilities[a], 2) for a in rejecters} == rejecters
    assert ev.nearest is not None
    assert len(ev.nearest.changes) == changes
    if name == "exchange-of-territories":
        assert round(ev.outcome.margins["ru"], 2) == 0.02
        assert {(c.change.issue, c.change.after) for c in ev.nearest.changes} == \
            {("nato", "renounced"), ("guarantees", "european-contingent")}


def test_the_us_package_with_nato_renounced_passes_thinly() -> None:
    _said("NATO renounced (then Russia +0.015, Ukraine +0.008: thin)")
    deal = {**proposal("us-economic-package").deal, "nato": "renounced"}
    ev = accord.evaluate(alaska(), deal)
    assert ev.accepted
    assert (round(ev.outcome.margins["ru"], 3), round(ev.outcome.margins["ua"], 3)) == \
        (0.015, 0.008)


@pytest.mark.slow
def test_moscows_maximalism_at_either_end() -> None:
    _said("At the \"a freeze would do\" end of its range (front-line values 0.6, reservation "
          "0.49) there are 2,686,544 agreements and the US economic package passes as drafted")
    _said("at the \"all four regions\" end (front-line values 0.2, reservation 0.57) 390,733 "
          "remain, Russia alone rejects 93% of the deals everyone else accepts, and every "
          "proposal on the table needs three to six changes")
    freeze = with_parameters(alaska(), FREEZE)
    found = survey(freeze)
    assert found.acceptable == 2_686_544
    assert accord.evaluate(freeze, proposal("us-economic-package"), survey_result=found).accepted
    worst = with_parameters(alaska(), MAXIMALIST)
    found = survey(worst)
    assert found.acceptable == 390_733
    assert round(100 * _share(found, "ru")) == 93
    needed = []
    for name in PROPOSALS:
        nearest = accord.evaluate(worst, proposal(name), survey_result=found).nearest
        assert nearest is not None
        needed.append(len(nearest.changes))
    assert (min(needed), max(needed)) == (3, 6)


@pytest.mark.slow
def test_kyivs_outlook_and_where_the_set_empties() -> None:
    _said("moves the agreements between 1,149,925 and 2,156,549")
    _said("The set empties only once Russia's reservation reaches 0.78 (its range tops out at "
          "0.57), Ukraine's 0.73 (range 0.42–0.48) or Europe's 0.83 (0.52–0.56), each alone")
    ends = [{"ua.reservation": 0.48, "eu.reservation": 0.56, "ua.weights.ceasefire": 11},
            {"ua.reservation": 0.42, "eu.reservation": 0.52, "ua.weights.ceasefire": 18}]
    assert [survey(with_parameters(alaska(), end)).acceptable for end in ends] == \
        [1_149_925, 2_156_549]
    for actor, empty in (("ru", 0.78), ("ua", 0.73), ("eu", 0.83)):
        below = survey(with_parameters(alaska(), {f"{actor}.reservation": empty - 0.01}))
        at = survey(with_parameters(alaska(), {f"{actor}.reservation": empty}))
        assert (below.acceptable > 0, at.acceptable) == (True, 0), actor


@pytest.mark.slow
def test_without_the_european_veto() -> None:
    _said("without it (`--param eu.veto=false`) the agreements rise to 2,021,474 and Moscow's "
          "demands need two changes instead of three")
    s = with_parameters(alaska(), {"eu.veto": False})
    found = survey(s)
    assert found.acceptable == 2_021_474
    nearest = accord.evaluate(s, proposal("moscow-demands"), survey_result=found).nearest
    assert nearest is not None
    assert len(nearest.changes) == 2


@pytest.mark.slow
def test_how_sure_over_10000_draws() -> None:
    _said("| some agreement exists (a deal every veto party prefers to fighting on) | **100%** "
          "[99.96%, 100%] |")
    _said("| the US economic package is accepted as drafted | **7.4%** [6.9%, 7.9%] — Russia "
          "rejects it in 92% of draws, Ukraine in 9% |")
    _said("| the \"exchange of territories\" is accepted | **3.9%** [3.6%, 4.3%] — Ukraine "
          "rejects it in 92%, Russia in 48% |")
    _said("its most frequent form is the Nash deal in 15% of draws")
    mc = monte_carlo(alaska(), draws=10_000, seed=7,
                     proposals=[proposal("us-economic-package"),
                                proposal("exchange-of-territories")])
    assert str(mc.agreement) == "100.0% [99.96%, 100.0%] (n=10,000)"
    package, exchange = mc.proposals
    assert str(package.accepted) == "7.4% [6.9%, 7.9%] (n=10,000)"
    assert [round(100 * package.rejected_by[a].p) for a in ("ru", "ua")] == [92, 9]
    assert str(exchange.accepted) == "3.9% [3.6%, 4.3%] (n=10,000)"
    assert [round(100 * exchange.rejected_by[a].p) for a in ("ua", "ru")] == [92, 48]
    assert round(100 * mc.nash_deals[0].frequency.p) == 15


@pytest.mark.slow
def test_what_trumps_25_percent_would_take() -> None:
    _said("with `--param ru.reservation=0.80` an agreement exists in 23.1% [22.3%, 23.9%] of "
          "draws, and without one Russia and Ukraine are each the pivotal blocker in 77% of "
          "draws")
    mc = monte_carlo(fix_parameters(alaska(), {"ru.reservation": 0.80}), draws=10_000, seed=7)
    assert str(mc.agreement) == "23.1% [22.3%, 23.9%] (n=10,000)"
    assert [round(100 * mc.blocking[a].p) for a in ("ru", "ua")] == [77, 77]
