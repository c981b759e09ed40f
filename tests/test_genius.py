"""GENIUS domains in and out: known answers by hand, bad inputs, round trips, the commands."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.analysis.context import Context
from accord.cli import app
from accord.errors import InputError
from accord.scenario import Scenario, dump_scenario, load_scenario
from accord.scenario.genius import dump_genius, genius_documents, load_genius
from accord.scenario.ids import slug
from accord.utility import evaluate_digits
from conftest import SHARED, brute_rows, brute_utility, needs_shared, small_scenarios

runner = CliRunner()

DOMAIN = """<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" etype="objective" type="objective" description="" name="Tiny">
  <issue index="1" name="Size of Fund" type="discrete" etype="discrete" vtype="discrete">
    <item index="1" value="$10 Billion"/>
    <item index="2" value="$50 Billion"/>
    <item index="3" value="$100 Billion"/>
  </issue>
  <issue index="2" name="Other Aid" type="discrete">
    <item index="1" value="None"/>
    <item index="2" value="Half"/>
  </issue>
  <issue index="3" name="Years" type="integer" lowerbound="1" upperbound="3"/>
</objective>
</utility_space>
</negotiation_template>
"""

ENGLAND = """<utility_space>
<objective index="0" name="Tiny">
  <issue index="1" name="Size of Fund" type="discrete">
    <item index="1" value="$10 Billion" evaluation="1"/>
    <item index="2" value="$50 Billion" evaluation="3"/>
    <item index="3" value="$100 Billion" evaluation="6"/>
  </issue>
  <issue index="2" name="Other Aid" type="discrete">
    <item index="1" value="None" evaluation="2"/>
    <item index="2" value="Half" evaluation="4"/>
  </issue>
  <issue index="3" name="Years" type="integer" lowerbound="1" upperbound="3">
    <evaluator ftype="linear" slope="0.25" offset="0.5"/>
  </issue>
  <weight index="1" value="0.5"/>
  <weight index="2" value="0.3"/>
  <weight index="3" value="0.2"/>
</objective>
<discount_factor value="0.8"/>
<reservation value="0.4"/>
</utility_space>
"""

ZIMBABWE = """<utility_space>
<objective index="0" name="Tiny">
  <issue index="1" name="Size of Fund" type="discrete">
    <item index="1" value="$10 Billion" evaluation="6"/>
    <item index="2" value="$50 Billion" evaluation="3"/>
    <item index="3" value="$100 Billion" evaluation="0"/>
  </issue>
  <issue index="2" name="Other Aid" type="discrete">
    <item index="1" value="None" evaluation="5"/>
    <item index="2" value="Half" evaluation="0"/>
  </issue>
  <issue index="3" name="Years" type="integer" lowerbound="1" upperbound="3">
    <evaluator ftype="linear" slope="-0.5" offset="1.2"/>
  </issue>
  <weight index="1" value="WEIGHT1"/>
  <weight index="2" value="0.4"/>
  <weight index="3" value="0.2"/>
</objective>
</utility_space>
"""


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tiny(tmp_path: Path, zimbabwe_weight: str = "0.4", **extra: str) -> Path:
    files = {"tiny_domain.xml": DOMAIN, "England.xml": ENGLAND,
             "Zimbabwe.xml": ZIMBABWE.replace("WEIGHT1", zimbabwe_weight), **extra}
    return write_folder(tmp_path / "Tiny", files)


def utility(s: Scenario, actor: str, **deal: str) -> float:
    return brute_utility(s, actor, deal)


# ---------------------------------------------------------------- known answers


def test_tiny_domain_reads_as_genius_evaluates_it(tmp_path: Path) -> None:
    imported = load_genius(tiny(tmp_path))
    s = imported.scenario
    assert (s.id, s.title) == ("tiny", "Tiny")
    assert s.issue_ids == ("size-of-fund", "other-aid", "years")
    assert s.issue("size-of-fund").option_ids == ("10-billion", "50-billion", "100-billion")
    assert s.issue("years").option_ids == ("v1", "v2", "v3")
    assert [o.label for o in s.issue("years").options] == ["1", "2", "3"]
    assert s.actor_ids == ("england", "zimbabwe")
    assert all(a.veto for a in s.actors)
    england, zimbabwe = s.preferences["england"], s.preferences["zimbabwe"]
    assert (england.reservation, england.discount) == (0.4, 0.8)
    assert (zimbabwe.reservation, zimbabwe.discount) == (0.0, None)
    # discrete evaluations divided by the largest: 1, 3, 6 -> 1/6, 1/2, 1
    fund = s.issue("size-of-fund").option_ids
    assert [england.values["size-of-fund"][o] for o in fund] == pytest.approx([1 / 6, 0.5, 1])
    # integer: clamp(slope * (v - lowerbound) + offset, 0, 1)
    assert england.values["years"] == pytest.approx({"v1": 0.5, "v2": 0.75, "v3": 1.0})
    assert zimbabwe.values["years"] == pytest.approx({"v1": 1.0, "v2": 0.7, "v3": 0.2})
    # by hand: 0.5 * 1/2 + 0.3 * 1 + 0.2 * 0.75 = 0.70 ; 0.4 * 1/2 + 0.4 * 0 + 0.2 * 0.7 = 0.34
    deal = {"size-of-fund": fund[1], "other-aid": "half", "years": "v2"}
    assert utility(s, "england", **deal) == pytest.approx(0.70)
    assert utility(s, "zimbabwe", **deal) == pytest.approx(0.34)
    deal = {"size-of-fund": fund[0], "other-aid": "none", "years": "v1"}
    assert utility(s, "england", **deal) == pytest.approx(0.5 / 6 + 0.15 + 0.1)
    assert imported.warnings == ()


def test_weights_summing_past_one_are_capped_as_genius_does(tmp_path: Path) -> None:
    s = load_genius(tiny(tmp_path, zimbabwe_weight="0.5")).scenario   # 0.5 + 0.4 + 0.2 = 1.1
    fund = s.issue("size-of-fund").option_ids
    z = s.preferences["zimbabwe"]
    assert z.interactions
    assert all(t.id and t.id.startswith("cap-") for t in z.interactions)
    # min(1, 0.5 * 1 + 0.4 * 1 + 0.2 * 1) = 1 ; 0.5 * 0.5 + 0 + 0.2 * 0.7 = 0.39
    assert utility(s, "zimbabwe", **{"size-of-fund": fund[0], "other-aid": "none",
                                     "years": "v1"}) == 1.0
    assert utility(s, "zimbabwe", **{"size-of-fund": fund[1], "other-aid": "half",
                                     "years": "v2"}) == pytest.approx(0.39)
    assert "sum to 1.1" in s.actor("zimbabwe").description or "1.1" in \
        s.actor("zimbabwe").description


def test_weights_summing_below_one_scale_the_values(tmp_path: Path) -> None:
    s = load_genius(tiny(tmp_path, zimbabwe_weight="0.2")).scenario   # sum 0.8
    fund = s.issue("size-of-fund").option_ids
    z = s.preferences["zimbabwe"]
    assert not z.interactions
    # GENIUS does not normalise: 0.2 * 1 + 0.4 * 1 + 0.2 * 1 = 0.8 at best
    assert utility(s, "zimbabwe", **{"size-of-fund": fund[0], "other-aid": "none",
                                     "years": "v1"}) == pytest.approx(0.8)
    assert max(max(t.values()) for t in z.values.values()) == pytest.approx(0.8)


def test_genius_quirks_are_read_as_genius_reads_them(tmp_path: Path) -> None:
    # an item evaluated twice (the last counts), an item the domain lacks (it still
    # counts in the largest), an issue named differently (matched by index), an
    # issue whose largest evaluation is below 1e-5 (worth 0), a discount of 0 (= 1)
    odd = (ENGLAND.replace('<item index="1" value="None" evaluation="2"/>',
                           '<item value="None" evaluation="9"/><item value="None" '
                           'evaluation="2"/><item value="Some" evaluation="8"/>')
           .replace('name="Size of Fund" type="discrete">', 'name="Fund" type="discrete">', 1)
           .replace('<discount_factor value="0.8"/>', '<discount_factor value="0"/>'))
    zero = ZIMBABWE.replace('evaluation="6"', 'evaluation="0.000001"').replace(
        'evaluation="3"', 'evaluation="0"').replace("WEIGHT1", "0.4")
    folder = write_folder(tmp_path / "Odd", {"d.xml": DOMAIN, "England.xml": odd,
                                             "Zimbabwe.xml": zero})
    imported = load_genius(folder)
    s = imported.scenario
    e = s.preferences["england"]
    # GENIUS divides by the largest evaluation it holds, "Some" (8) included, and
    # the last evaluation of "None" (2) counts
    fund = s.issue("size-of-fund").option_ids
    u = utility(s, "england", **{"size-of-fund": fund[2], "other-aid": "half", "years": "v3"})
    assert u == pytest.approx(0.5 * 1 + 0.3 * 4 / 8 + 0.2 * 1)
    u = utility(s, "england", **{"size-of-fund": fund[2], "other-aid": "none", "years": "v3"})
    assert u == pytest.approx(0.5 * 1 + 0.3 * 2 / 8 + 0.2 * 1)
    assert e.discount == 1.0
    assert "size-of-fund" not in s.preferences["zimbabwe"].weights
    messages = [w.message for w in imported.warnings]
    assert messages == ["issue 1 is 'Size of Fund' in the domain but 'Fund' here",
                        "'None' is evaluated twice",
                        "'Some' is not a value of issue 'Other Aid' in the domain"]
    assert all(w.severity == "warning" and w.file and w.line for w in imported.warnings)


def test_numbers_are_read_as_genius_reads_them(tmp_path: Path) -> None:
    """GENIUS parses with Java's Double.valueOf and Integer.valueOf: ``3d``, ``0.6f`` and
    ``0x1p-1`` are numbers there, and ``1_0`` or digits of other scripts are not (Python's
    float and int took them, so a file GENIUS cannot read was read as some number)."""
    java = (ENGLAND.replace('evaluation="3"', 'evaluation="3d"')
            .replace('<weight index="1" value="0.5"/>', '<weight index="1" value="0x1p-1"/>')
            .replace('<weight index="2" value="0.3"/>', '<weight index="2" value="0.3F"/>'))
    s = load_genius(tiny(tmp_path / "java", **{"England.xml": java})).scenario
    t = load_genius(tiny(tmp_path / "plain")).scenario
    assert s.preferences["england"] == t.preferences["england"].model_copy(update={
        "assumptions": s.preferences["england"].assumptions})
    for k, bad in enumerate(('evaluation="1_0"', 'evaluation="\u0663"',
                             'evaluation="infinity"')):
        folder = tiny(tmp_path / f"bad{k}",
                      **{"England.xml": ENGLAND.replace('evaluation="6"', bad, 1)})
        with pytest.raises(InputError) as err:
            load_genius(folder)
        assert err.value.problems[0].message.startswith("attribute 'evaluation' is not"), bad
    folder = tiny(tmp_path / "index", **{"England.xml": ENGLAND.replace(
        '<issue index="3" name="Years"', '<issue index="\u0663" name="Years"')})
    with pytest.raises(InputError) as err:
        load_genius(folder)
    assert err.value.problems[0].message == "attribute 'index' is not an integer"


def test_weights_are_matched_to_issues_by_number(tmp_path: Path) -> None:
    """GENIUS reads a weight's index as an integer: ``index="01"`` weighs issue 1."""
    padded = ENGLAND.replace('<weight index="1" value="0.5"/>', '<weight index="01" value="0.5"/>')
    s = load_genius(tiny(tmp_path / "a", **{"England.xml": padded})).scenario
    t = load_genius(tiny(tmp_path / "b")).scenario
    assert s.preferences["england"].weights == t.preferences["england"].weights
    broken = ENGLAND.replace('<weight index="1" value="0.5"/>', '<weight index="one" value="0.5"/>')
    with pytest.raises(InputError) as err:
        load_genius(tiny(tmp_path / "c", **{"England.xml": broken}))
    p = err.value.problems[0]
    assert (p.message, p.path) == ("attribute 'index' is not an integer",
                                   ("utility_space/objective/weight[1]",))


def test_a_reservation_inside_the_objective_counts_as_in_genius(tmp_path: Path) -> None:
    """GENIUS looks for <reservation> and <discount_factor> at every level of a linear
    profile (the last one read counts); accord looked only under <utility_space> and
    read such a profile with a reservation value of 0."""
    moved = ENGLAND.replace('<weight index="3" value="0.2"/>',
                            '<weight index="3" value="0.2"/><reservation value="0.6"/>'
                            '<discount_factor value="0.5"/>')
    s = load_genius(tiny(tmp_path / "a", **{"England.xml": moved})).scenario
    assert (s.preferences["england"].reservation, s.preferences["england"].discount) == (0.6, 0.5)
    alone = ENGLAND.replace('<discount_factor value="0.8"/>\n<reservation value="0.4"/>', "")
    alone = alone.replace('<weight index="3" value="0.2"/>',
                          '<weight index="3" value="0.2"/><reservation value="0.6"/>')
    s = load_genius(tiny(tmp_path / "b", **{"England.xml": alone})).scenario
    assert (s.preferences["england"].reservation, s.preferences["england"].discount) == (0.6, None)


@pytest.mark.parametrize(("kind", "read"), [("linear", True), ("LINEAR", True),
                                            ("uncertain", True), ("exotic", False)])
def test_the_type_of_a_profile_is_checked(tmp_path: Path, kind: str, read: bool) -> None:
    """GENIUS knows linear, nonlinear, constraint and uncertain (an additive profile whose
    agents see a ranking) profiles, in any case; any other type fails to load there, and
    accord read it as linear."""
    typed = ENGLAND.replace("<utility_space>", f'<utility_space type="{kind}">', 1)
    folder = tiny(tmp_path, **{"England.xml": typed})
    if read:
        assert load_genius(folder).scenario.preferences["england"].reservation == 0.4
        return
    assert _only_problem(folder)[4:] == ("unknown utility space type", "'exotic'")


def test_an_issue_with_tens_of_thousands_of_values_loads_in_seconds(tmp_path: Path) -> None:
    """Each value was looked up in a list, once in the domain, once per profile, and once
    more when the scenario was checked: 40,000 values took 144 s to load, now 3 s."""
    import time

    n = 40_000
    domain = DOMAIN.replace('<item index="1" value="None"/>', "".join(
        f'<item value="v{k}"/>' for k in range(n)))
    profile = ENGLAND.replace('<item index="1" value="None" evaluation="2"/>', "".join(
        f'<item value="v{k}" evaluation="{k % 7}"/>' for k in range(n)))
    folder = tiny(tmp_path, **{"tiny_domain.xml": domain, "England.xml": profile,
                               "Zimbabwe.xml": profile})
    start = time.perf_counter()
    s = load_genius(folder).scenario
    assert len(s.issue("other-aid").options) == n + 1
    assert time.perf_counter() - start < 30


REAL_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="Pie">
<issue index="1" name="Share" type="real"><range lowerbound="0" upperbound="1"/></issue>
<issue index="2" name="When" type="discrete"><item value="now"/><item value="later"/></issue>
</objective></utility_space></negotiation_template>"""
REAL_PROFILE = """<utility_space><objective index="0">
<issue index="1" name="Share" type="real"><range lowerbound="0" upperbound="1"/>
<evaluator ftype="linear" parameter0="0.2" parameter1="1.0"/></issue>
<issue index="2" name="When" type="discrete"><item value="now" evaluation="1"/>
<item value="later" evaluation="0"/></issue>
<weight index="1" value="0.6"/><weight index="2" value="0.4"/></objective></utility_space>"""


def test_real_issues_are_discretised_with_the_step_stated(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "Pie", {"pie.xml": REAL_DOMAIN, "a.xml": REAL_PROFILE})
    s = load_genius(folder).scenario
    share = s.issue("share")
    assert len(share.options) == 11
    assert share.options[3].label == "0.3"
    assert "discretised with step 0.1 (11 values)" in share.description
    # clamp(1.0 * v + 0.2, 0, 1): 0.3 -> 0.5, 0.9 -> 1
    values = s.preferences["a"].values["share"]
    assert values[share.options[3].id] == pytest.approx(0.5)
    assert values[share.options[9].id] == 1.0
    coarse = load_genius(folder, step=0.25).scenario.issue("share")
    assert [o.label for o in coarse.options] == ["0", "0.25", "0.5", "0.75", "1"]
    assert "step 0.25 (5 values)" in coarse.description
    assert len(load_genius(folder, intervals=4).scenario.issue("share").options) == 5
    # too fine a cut: the hint names the option that was given
    for kwargs, hint in (({"step": 1e-7}, "pass a larger --step"),
                         ({"intervals": 10**6}, "pass fewer --intervals (at most 99998)")):
        with pytest.raises(InputError) as err:
            load_genius(folder, **kwargs)
        assert err.value.problems[0].suggestion.startswith(hint)


NONLINEAR_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="Box">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="2"/>
<issue index="2" name="y" type="integer" lowerbound="0" upperbound="2"/>
</objective></utility_space></negotiation_template>"""
NONLINEAR = """<utility_space type="nonlinear"><objective index="0">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="2"/>
<issue index="2" name="y" type="integer" lowerbound="0" upperbound="2"/>
<utility maxutility="10"><ufun type="PlainUfun" weight="1" aggregation="AGG">
  <hyperRectangle utility="4"><INCLUDES index="1" min="1" max="2"/></hyperRectangle>
  <hyperRectangle utility="6"><INCLUDES index="1" min="0" max="0"/>
    <INCLUDES index="2" min="2" max="2"/></hyperRectangle>
  <hyperRectangle utility="3"><EXCLUDES index="2" min="0" max="1"/></hyperRectangle>
  <ufun type="PlainUfun" weight="0.5" aggregation="sum">
    <hyperRectangle utility="10"><INCLUDES index="2" min="0" max="0"/></hyperRectangle>
  </ufun>
</ufun></utility></objective><reservation value="0.3"/></utility_space>"""


def test_nonlinear_hyper_rectangles_are_read_exactly(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "Box", {"box.xml": NONLINEAR_DOMAIN,
                                             "p.xml": NONLINEAR.replace("AGG", "sum")})
    s = load_genius(folder).scenario
    p = s.preferences["p"]
    assert p.weights == {"x": 0.0}
    assert p.reservation == 0.3
    # by hand, over maxutility 10 (the nested ufun's weight 0.5 halves its rectangle)
    expected = {(0, 0): 0.5, (1, 2): 0.7, (0, 2): 0.9, (2, 0): 0.9, (1, 1): 0.4, (0, 1): 0.0}
    for (x, y), u in expected.items():
        assert utility(s, "p", x=f"v{x}", y=f"v{y}") == pytest.approx(u), (x, y)


@pytest.mark.parametrize(("change", "message", "path"), [
    (("AGG", "min"), "'min' aggregation cannot be represented",
     "utility_space/objective/utility/ufun"),
    (('utility="4"', 'utility="-40"'), "this profile's utility could fall below 0",
     "utility_space/objective/utility"),
])
def test_nonlinear_profiles_accord_cannot_hold_are_refused(tmp_path: Path, change: tuple[str, str],
                                                           message: str, path: str) -> None:
    text = NONLINEAR.replace("AGG", "sum").replace(*change) if change[0] != "AGG" else \
        NONLINEAR.replace(*change)
    folder = write_folder(tmp_path / "Box", {"box.xml": NONLINEAR_DOMAIN, "p.xml": text})
    with pytest.raises(InputError) as err:
        load_genius(folder)
    (problem,) = err.value.problems
    assert (problem.message, problem.path, Path(problem.file or "").name) == \
        (message, (path,), "p.xml")


def test_nonlinear_bounds_on_a_discrete_issue_are_refused(tmp_path: Path) -> None:
    domain = NONLINEAR_DOMAIN.replace(
        '<issue index="2" name="y" type="integer" lowerbound="0" upperbound="2"/>',
        '<issue index="2" name="y" type="discrete"><item value="a"/><item value="b"/>'
        '<item value="c"/></issue>')
    folder = write_folder(tmp_path / "Box", {"box.xml": domain,
                                             "p.xml": NONLINEAR.replace("AGG", "sum")})
    with pytest.raises(InputError) as err:
        load_genius(folder)
    messages = {p.message for p in err.value.problems}
    assert messages == {"a hyper-rectangle bounds the discrete issue 'y'"}
    assert "GENIUS 10.4 reads a bound as an integer" in err.value.problems[0].expected


# ---------------------------------------------------------------- bad inputs


def _only_problem(folder: Path) -> tuple[str, str, int | None, int | None, str, str]:
    with pytest.raises(InputError) as err:
        load_genius(folder)
    (p,) = err.value.problems
    return (Path(p.file or "").name, p.path[0] if p.path else "", p.line, p.column, p.message,
            p.found)


def test_malformed_xml_names_file_line_and_column(tmp_path: Path) -> None:
    broken = ENGLAND.replace('<item index="2" value="Half" evaluation="4"/>',
                             '<item index="2" value="Half" evaluation="4">')
    folder = tiny(tmp_path)
    (folder / "England.xml").write_text(broken)
    assert _only_problem(folder) == ("England.xml", "", 11, 5,
                                     "malformed XML: mismatched tag", "mismatched tag")


def test_truncated_xml_is_reported_as_such(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "Zimbabwe.xml").write_text(ZIMBABWE[:400])
    with pytest.raises(InputError) as err:
        load_genius(folder)
    (p,) = err.value.problems
    assert (Path(p.file or "").name, p.line, p.message) == \
        ("Zimbabwe.xml", 10, "malformed XML: unclosed token")
    assert "looks truncated" in p.suggestion


def test_a_tag_left_open_mid_file_is_not_called_truncated(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    broken = ENGLAND.replace('<item index="2" value="Half" evaluation="4"/>',
                             '<item index="2" value="Half" evaluation="4">')
    (folder / "England.xml").write_text(broken)
    with pytest.raises(InputError) as err:
        load_genius(folder)
    assert err.value.problems[0].suggestion == "fix the XML at this place"


def test_elements_nested_hundreds_deep_are_refused(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    deep = ENGLAND.replace("<utility_space>", "<utility_space>" + "<x>" * 5000 + "</x>" * 5000, 1)
    assert deep != ENGLAND
    (folder / "England.xml").write_text(deep)
    name, _, line, _, message, found = _only_problem(folder)
    assert (name, message, found) == ("England.xml", "the XML nests too deeply",
                                      "<x> at level 101")
    assert line is not None


def test_entities_that_expand_past_the_limit_are_refused(tmp_path: Path) -> None:
    import pyexpat

    folder = tiny(tmp_path)
    # each entity ten of the one before: 10**7 characters from a few hundred bytes
    dtd = '<!DOCTYPE u [<!ENTITY e0 "lol">' + "".join(
        f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, 8)) + "]>"
    body = ENGLAND.replace("<utility_space>", "<utility_space><x>&e7;</x>", 1)
    assert body != ENGLAND
    (folder / "England.xml").write_text(dtd + body.split("?>", 1)[-1])
    if pyexpat.version_info < (2, 4, 1):       # expat without the limit: read, never wrong
        pytest.skip(f"expat {pyexpat.EXPAT_VERSION} has no amplification limit")
    with pytest.raises(InputError) as err:
        load_genius(folder)
    (p,) = err.value.problems
    assert "amplification" in p.message
    assert "entities" in p.suggestion


def test_a_profile_of_another_domain_is_refused(tmp_path: Path) -> None:
    other = ENGLAND.replace('<issue index="3" name="Years"', '<issue index="7" name="Years"') \
        .replace('<weight index="3"', '<weight index="7"')
    folder = tiny(tmp_path)
    (folder / "England.xml").write_text(other)
    with pytest.raises(InputError) as err:
        load_genius(folder)
    got = [(Path(p.file or "").name, p.path[0], p.line, p.message) for p in err.value.problems]
    assert got == [
        ("England.xml", "utility_space/objective/issue[3]", 12,
         "the domain has no issue with index 7"),
        ("England.xml", "utility_space", 1, "the profile does not evaluate issue 'Years'")]


def test_a_missing_evaluation_is_refused(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "England.xml").write_text(ENGLAND.replace(
        '<item index="3" value="$100 Billion" evaluation="6"/>', ""))
    assert _only_problem(folder) == (
        "England.xml", "utility_space/objective/issue[1]", 3, 3,
        "issue 'Size of Fund' has no evaluation for some values", "none for '$100 Billion'")


def test_an_unknown_evaluator_type_is_refused(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "England.xml").write_text(ENGLAND.replace('ftype="linear"', 'ftype="exponential"'))
    assert _only_problem(folder) == (
        "England.xml", "utility_space/objective/issue[3]/evaluator", 13, 5,
        "unknown evaluator type", "'exponential'")


def test_folders_without_a_domain_or_a_profile_are_refused(tmp_path: Path) -> None:
    empty = write_folder(tmp_path / "e", {"notes.xml": "not xml at all"})
    with pytest.raises(InputError, match="no domain file"):
        load_genius(empty)
    only = write_folder(tmp_path / "d", {"d.xml": DOMAIN})
    with pytest.raises(InputError, match="no profile file"):
        load_genius(only)
    with pytest.raises(InputError, match="not a folder"):
        load_genius(tmp_path / "nowhere")


def test_files_that_are_not_genius_are_skipped_with_the_reason(tmp_path: Path) -> None:
    folder = tiny(tmp_path, **{"pareto.xml": "\n0.1, 0.9\n0.5,0.5\n", "log.xml": "<Tournament/>",
                               "notes.xml": "0.1, 0.9\nto do: check\n"})
    imported = load_genius(folder)
    assert [(p.name, r) for p, r in imported.skipped] == [
        ("log.xml", "<Tournament> is neither a GENIUS domain nor a profile"),
        ("notes.xml", "not XML (it does not start with '<')"),
        ("pareto.xml", "GENIUS's list of Pareto-optimal utilities (2 points), "
                       "not a domain or a profile")]


def test_a_profile_saved_in_utf16_is_read_not_skipped(tmp_path: Path) -> None:
    # XML marks UTF-16 with a byte-order mark, so the file does not start with '<': it was
    # once skipped as "not XML", and the analysis silently lost a party
    plain = load_genius(tiny(tmp_path / "a")).scenario
    folder = tiny(tmp_path / "b")
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = "\ufeff".encode(encoding)
        (folder / "England.xml").write_bytes(bom + ENGLAND.encode(encoding))
        imported = load_genius(folder)
        assert imported.skipped == ()
        assert [a.id for a in imported.scenario.actors] == ["england", "zimbabwe"]
        assert _all_utilities(imported.scenario) == _all_utilities(plain)


def test_commands_given_a_folder_name_the_files_they_skipped(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "England.xml").write_bytes(b"\x00\x01 not a profile any more")
    result = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    # the analysis has one party left; standard error says why, standard output stays JSON
    assert f"{folder}: skipped England.xml: not XML (it does not start with '<')" in \
        result.stderr
    assert [a["id"] for a in json.loads(result.stdout)["scenario"]["actors"]] == ["zimbabwe"]


def test_bad_inputs_exit_2_from_the_command_line(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "England.xml").write_text(ENGLAND[:300])
    for args in (["import", "genius", str(folder), "-o", str(tmp_path / "x.yaml")],
                 ["analyze", str(folder)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.stderr.startswith(f"{folder / 'England.xml'}:")
        assert "malformed XML" in result.stderr


# ---------------------------------------------------------------- round trips


def _all_utilities(s: Scenario) -> list[float]:
    """Every actor's utility for every deal, deal by deal, in one flat list."""
    ctx = Context.of(s)
    digits = list(itertools.product(*[range(len(i.options)) for i in s.issues]))
    u, _ = evaluate_digits(ctx.space, ctx.model, digits)
    return [float(x) for x in u.ravel()]


def test_round_trip_keeps_every_utility_and_the_names(tmp_path: Path) -> None:
    s = load_genius(tiny(tmp_path, zimbabwe_weight="0.5")).scenario
    written = dump_genius(s, tmp_path / "out")
    assert [p.name for p in written.files] == ["tiny-domain.xml", "england.xml", "zimbabwe.xml"]
    back = load_genius(written.folder).scenario
    assert back.issue_ids == s.issue_ids
    assert [i.option_ids for i in back.issues] == [i.option_ids for i in s.issues]
    assert [[o.label for o in i.options] for i in back.issues] == \
        [[o.label for o in i.options] for i in s.issues]
    assert back.actor_ids == s.actor_ids
    assert _all_utilities(back) == pytest.approx(_all_utilities(s), abs=1e-12)
    assert back.preferences["england"].discount == 0.8
    assert back.preferences["england"].reservation == 0.4


def test_nonlinear_round_trip(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "Box", {"box.xml": NONLINEAR_DOMAIN,
                                             "p.xml": NONLINEAR.replace("AGG", "sum")})
    s = load_genius(folder).scenario
    written = dump_genius(s, tmp_path / "out")
    assert written.nonlinear
    back = load_genius(written.folder).scenario
    assert back.issue("x").option_ids == ("v0", "v1", "v2")
    assert _all_utilities(back) == pytest.approx(_all_utilities(s), abs=1e-12)


def test_nonlinear_export_writes_integers_genius_can_read(tmp_path: Path) -> None:
    """GENIUS reads an integer issue's bounds with Java's Integer.valueOf (at most
    2147483647): options labelled past it are written as 0..n-1, with the warning."""
    folder = write_folder(tmp_path / "Box", {"box.xml": NONLINEAR_DOMAIN,
                                             "p.xml": NONLINEAR.replace("AGG", "sum")})
    data = load_genius(folder).scenario.model_dump(by_alias=True)
    for k, option in enumerate(data["issues"][0]["options"]):
        option["name"] = str(2**31 - 2 + k)
    s = Scenario.model_validate(data)
    written = dump_genius(s, tmp_path / "out")
    domain = (written.folder / "box-domain.xml").read_text()
    assert '<issue index="1" name="x" etype="integer" type="integer" vtype="integer" ' \
           'lowerbound="0" upperbound="2" />' in domain
    assert [w.message for w in written.warnings] == ["issue 'x' is written as the integers 0..2"]
    assert _all_utilities(load_genius(written.folder).scenario) == \
        pytest.approx(_all_utilities(s), abs=1e-12)


def _preclip_min(s: Scenario, actor: str) -> float:
    prefs = s.preferences[actor]
    total = math.fsum(prefs.weights.values())
    lowest = math.inf
    for combo in itertools.product(*[i.option_ids for i in s.issues]):
        deal = dict(zip(s.issue_ids, combo, strict=True))
        u = sum(w / total * prefs.values[i][deal[i]] for i, w in prefs.weights.items() if w > 0)
        u += sum(t.add for t in prefs.interactions
                 if all(deal[i] in o for i, o in t.when.items()))
        lowest = min(lowest, u)
    return lowest


@st.composite
def exportable_scenarios(draw: st.DrawFn) -> Scenario:
    """Small scenarios without constraints; some actors get a term over two issues.

    Some have actor ids that begin with the words of the scenario's id (``deal-a0``
    in scenario ``deal``), which the export must keep whole.
    """
    s = draw(small_scenarios(constraints=False, max_issues=3, max_options=3))
    data = s.model_dump(by_alias=True)
    prefix = draw(st.sampled_from(["", "deal-", "deal-domain-", "deal_"]))
    if prefix:
        data["id"] = "deal"
        for actor in data["actors"]:
            actor["id"] = prefix + actor["id"]
        data["preferences"] = {prefix + k: v for k, v in data["preferences"].items()}
    if len(s.issues) < 2:
        return Scenario.model_validate(data)
    first, second = s.issues[0], s.issues[1]
    for prefs in data["preferences"].values():
        if draw(st.booleans()):
            when = {issue.id: draw(st.lists(st.sampled_from(issue.option_ids), min_size=1,
                                            unique=True)) for issue in (first, second)}
            prefs["interactions"] = [*prefs["interactions"], {
                "id": "pair", "when": when, "add": draw(st.sampled_from([-0.2, 0.15, 0.4]))}]
    return Scenario.model_validate(data)


@given(exportable_scenarios())
def test_export_then_import_gives_every_deal_the_same_utilities(s: Scenario) -> None:
    try:
        genius_documents(s)
    except InputError as exc:   # refused only when GENIUS could not clip at 0 as accord does
        for p in exc.problems:
            actor = p.path[1]
            assert p.message == f"{actor}'s utility can fall below 0 before it is clipped"
            assert _preclip_min(s, str(actor)) < 0
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        back = load_genius(dump_genius(s, Path(tmp) / "g").folder).scenario
    assert back.actor_ids == tuple(a.id for a in s.modelled_actors)
    before = {r.index: r.utilities for r in brute_rows(s)}
    after = {r.index: r.utilities for r in brute_rows(back)}
    for index, utilities in before.items():
        for actor, u in utilities.items():
            assert after[index][actor] == pytest.approx(u, abs=1e-9), (index, actor)


def test_a_negative_term_that_cannot_meet_the_worst_options_exports(tmp_path: Path) -> None:
    """Past 100,000 deals the lowest utility was bounded, not found: the worst option of
    every issue plus every negative term, together, even where no deal has both. A term
    of -0.5 only where issue i0 is worth 0.5 gave 'can fall below 0 ... as low as -0.25',
    and the export was refused; each group of issues that terms tie together is now
    enumerated on its own (here 7 x 7 deals), which is exact."""
    from accord.scenario.additive import lowest_total
    from accord.scenario.model import Interaction

    options = [f"o{k}" for k in range(7)]
    issues = [{"id": f"i{k}", "options": options, "status_quo": "o0"} for k in range(6)]
    term = {"id": "t", "when": {"i0": options[1:], "i1": ["o0"]}, "add": -0.5}
    s = Scenario.model_validate({
        "accord": 1, "id": "wide", "title": "wide", "issues": issues,
        "actors": [{"id": "a"}, {"id": "b"}],
        "preferences": {
            "a": {"reservation": 0, "weights": {"i0": 1, "i1": 1},
                  "values": {"i0": {o: 0.0 if o == "o0" else 1.0 for o in options},
                             "i1": dict.fromkeys(options, 0.5)},
                  "interactions": [term]},
            "b": {"reservation": 0, "weights": {"i5": 1},
                  "values": {"i5": {o: k / 6 for k, o in enumerate(options)}}}}})
    table = {i["id"]: dict.fromkeys(options, 0.0) for i in issues}
    table["i0"] = {o: 0.0 if o == "o0" else 0.5 for o in options}
    table["i1"] = dict.fromkeys(options, 0.25)
    assert lowest_total({i["id"]: options for i in issues},
                        [Interaction.model_validate(term)], table) == 0.25
    written = dump_genius(s, tmp_path / "wide")
    assert written.nonlinear
    back = load_genius(written.folder).scenario
    for deal in ({"i0": "o3", "i1": "o0"}, {"i0": "o0", "i1": "o0"}, {"i0": "o6", "i1": "o4"}):
        full = {f"i{k}": "o2" for k in range(2, 6)} | deal
        again = {i: f"v{o[1:]}" for i, o in full.items()}
        assert utility(back, "a", **again) == pytest.approx(utility(s, "a", **full), abs=1e-12)


def test_export_refuses_constraints(toy: Scenario, tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        dump_genius(toy, tmp_path / "out")
    (p,) = err.value.problems
    assert (p.message, p.found) == ("GENIUS domains have no constraints", "capacity")


def test_export_refuses_text_xml_cannot_hold(toy: Scenario, tmp_path: Path) -> None:
    """XML 1.0 has no way to write most control characters (a YAML scenario can hold
    them: "\\x01"); the export wrote them as they were, a file no XML reader reads."""
    data = toy.model_copy(update={"constraints": ()}).model_dump(by_alias=True)
    data["issues"][0]["options"][0]["name"] = "cheap\x01"
    data["issues"][1]["options"][1]["description"] = "form\x0cfeed"
    data["issues"][2]["options"][0]["name"] = "tab\tand\nnewline are fine"
    with pytest.raises(InputError) as err:
        dump_genius(Scenario.model_validate(data), tmp_path / "out")
    assert [(p.message, p.path, p.found) for p in err.value.problems] == [
        ("text XML cannot hold", ("issues", 0, "options", 0, "name"), "'\\x01' in 'cheap\\x01'"),
        ("text XML cannot hold", ("issues", 1, "options", 1, "description"),
         "'\\x0c' in 'form\\x0cfeed'")]
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_holding_other_xml(toy: Scenario, tmp_path: Path) -> None:
    free = toy.model_copy(update={"constraints": ()})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "stray.xml").write_text("<x/>")
    with pytest.raises(InputError, match="the folder holds other XML files"):
        dump_genius(free, tmp_path / "out")


# ---------------------------------------------------------------- the commands


def test_import_analyze_export_commands(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    out = tmp_path / "tiny.yaml"
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 issues, 2 parties (england, zimbabwe), 18 deals" in result.stdout
    assert load_scenario(out).preferences["england"].discount == 0.8
    analysed = runner.invoke(app, ["analyze", str(out), "--json"])
    assert analysed.exit_code == 0, analysed.output
    direct = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert json.loads(direct.stdout)["solutions"] == json.loads(analysed.stdout)["solutions"]
    exported = runner.invoke(app, ["export", "genius", str(out), "-o", str(tmp_path / "out")])
    assert exported.exit_code == 0, exported.output
    assert "3 files, linear profiles" in exported.stdout
    again = runner.invoke(app, ["analyze", str(tmp_path / "out"), "--json"])
    assert json.loads(again.stdout)["solutions"]["nash"]["utilities"] == \
        json.loads(analysed.stdout)["solutions"]["nash"]["utilities"]


def test_a_folder_states_how_its_real_issues_were_cut(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "Pie", {"pie.xml": REAL_DOMAIN, "a.xml": REAL_PROFILE,
                                            "b.xml": REAL_PROFILE})
    imported = load_genius(folder, step=0.3)
    assert [asdict(d) for d in imported.discretised] == [
        {"issue": "share", "name": "Share", "lower": 0.0, "upper": 1.0, "step": 0.3,
         "values": 5}]
    assert imported.discretised[0].describe() == \
        "real issue 'Share' [0, 1] in steps of 0.3 (5 values, the last step shorter)"
    assert load_genius(tiny(tmp_path)).discretised == ()
    # validate takes the folder, and the step
    checked = runner.invoke(app, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert "22 deals, 22 feasible" in checked.stdout
    assert "real issue 'Share' [0, 1] in steps of 0.1 (11 values)" in checked.stdout
    out = json.loads(runner.invoke(app, ["validate", str(folder), "--json", "--step",
                                         "0.25"]).stdout)
    assert (out["ok"], out["deals"], out["feasible"]) == (True, 10, 10)
    assert out["discretised"][0]["values"] == 5
    assert out["skipped"] == []
    # analyze on the folder says it on standard error; standard output stays JSON
    analysed = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["space"]["total"] == 22
    assert "in steps of 0.1 (11 values)" in analysed.stderr
    assert "--step S" in analysed.stderr
    finer = runner.invoke(app, ["analyze", str(folder), "--json", "--intervals", "4"])
    assert finer.exit_code == 0, finer.output
    assert json.loads(finer.stdout)["space"]["total"] == 10
    assert "in steps of 0.25 (5 values)" in finer.stderr
    imported_cli = runner.invoke(app, ["import", "genius", str(folder), "-o",
                                       str(tmp_path / "pie.yaml"), "--intervals", "4"])
    assert "real issue 'Share' [0, 1] in steps of 0.25 (5 values)" in imported_cli.stdout


def test_validate_reports_a_broken_folder(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "Zimbabwe.xml").write_text(ZIMBABWE[:200], encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "Zimbabwe.xml:" in result.stderr
    assert "Traceback" not in result.output
    plain = runner.invoke(app, ["validate", str(tiny(tmp_path / "again"))])
    assert plain.exit_code == 0, plain.output
    assert "valid" in plain.stdout
    assert "18 deals" in plain.stdout
    assert "real issue" not in plain.stdout


def test_a_scenario_folder_given_as_genius_points_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "scenario.yaml").write_text("accord: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "case")])
    assert result.exit_code == 2
    assert "no domain file" in result.stderr
    assert f"name it: {tmp_path / 'case' / 'scenario.yaml'}" in result.stderr


def test_import_writes_json_to_a_json_file(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 0, result.output
    json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert load_scenario(tmp_path / "t.json") == load_genius(folder).scenario


def test_validate_does_not_warn_about_genius_cap(tmp_path: Path) -> None:
    folder = tiny(tmp_path, zimbabwe_weight="0.9")      # weights sum to 1.5: GENIUS caps at 1
    assert load_genius(folder).scenario.preferences["zimbabwe"].interactions
    result = runner.invoke(app, ["validate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == []


def test_parties_are_named_without_the_words_of_the_domain(tmp_path: Path) -> None:
    profile = ENGLAND
    folder = write_folder(tmp_path / "Trip", {"trip_domain.xml": DOMAIN,
                                             "trip_chox.xml": profile, "trip_fanny.xml": profile})
    s = load_genius(folder).scenario
    assert s.actor_ids == ("chox", "fanny")
    assert [a.name for a in s.actors] == ["chox", "fanny"]
    assert "trip_chox.xml" in s.preferences["chox"].assumptions[0].why
    # alike, but not the domain's words: kept whole
    other = write_folder(tmp_path / "Planes", {"planes_domain.xml": DOMAIN,
                                               "plane_buyer.xml": profile,
                                               "plane_seller.xml": profile})
    assert load_genius(other).scenario.actor_ids == ("plane_buyer", "plane_seller")


def test_export_keeps_ids_that_begin_like_the_domain_file(tmp_path: Path) -> None:
    s = load_genius(tiny(tmp_path)).scenario
    data = s.model_dump(by_alias=True)
    data["id"] = "deal"
    for actor in data["actors"]:
        actor["id"] = "deal-" + actor["id"]
    data["preferences"] = {"deal-" + k: v for k, v in data["preferences"].items()}
    renamed = Scenario.model_validate(data)
    written = dump_genius(renamed, tmp_path / "out")
    assert sorted(p.name for p in written.files) == \
        ["_domain.xml", "deal-england.xml", "deal-zimbabwe.xml"]
    assert load_genius(written.folder).scenario.actor_ids == ("deal-england", "deal-zimbabwe")


def _with_actor_ids(s: Scenario, ids: list[str]) -> Scenario:
    data = s.model_dump(by_alias=True)
    rename = dict(zip(s.actor_ids, ids, strict=True))
    for actor in data["actors"]:
        actor["id"] = rename[actor["id"]]
    data["preferences"] = {rename[k]: v for k, v in data["preferences"].items()}
    return Scenario.model_validate(data)


@pytest.mark.parametrize("ids", [["toy-domain", "toy-domain-profile", "c"],
                                 ["A", "a", "Toy-domain"], ["B", "b-profile", "b"]])
def test_export_gives_every_actor_a_file_of_its_own(toy: Scenario, tmp_path: Path,
                                                     ids: list[str]) -> None:
    """Names that would be one file: ``toy-domain`` (renamed off the domain file to
    ``toy-domain-profile.xml``) beside an actor ``toy-domain-profile``, and ids that
    differ only in case (one file where names ignore case, as on macOS and Windows)."""
    s = _with_actor_ids(toy.model_copy(update={"constraints": ()}), ids)
    written = dump_genius(s, tmp_path / "out")
    names = [p.name for p in written.files]
    assert len({n.casefold() for n in names}) == len(names) == 4
    assert sorted(p.name for p in written.folder.iterdir()) == sorted(names)
    back = load_genius(written.folder).scenario
    assert len(back.actors) == 3
    # every actor's utilities come back, under the id its file name gives
    table = {a: [r.utilities[a] for r in brute_rows(s)] for a in s.actor_ids}
    again = {a: [r.utilities[a] for r in brute_rows(back)] for a in back.actor_ids}
    for actor, path in zip(s.actor_ids, written.files[1:], strict=True):
        assert again[slug(path.stem)] == pytest.approx(table[actor], abs=1e-12)
    renamed = [w for w in written.warnings if "is written as" in w.message]
    assert len(renamed) == sum(1 for a, p in zip(s.actor_ids, written.files[1:], strict=True)
                               if p.name != f"{a}.xml") >= 1


def test_export_refusals_name_the_line_of_the_scenario_file(tmp_path: Path) -> None:
    toy_file = Path(__file__).parent / "data" / "toy.yaml"
    line = next(n for n, text in enumerate(toy_file.read_text().splitlines(), start=1)
                if text.startswith("constraints:"))
    result = runner.invoke(app, ["export", "genius", str(toy_file), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{toy_file}:{line + 1}:3: error: GENIUS domains have no constraints" in result.stderr
    assert not (tmp_path / "o").exists()


def test_import_json_lists_files_and_warnings(tmp_path: Path) -> None:
    folder = tiny(tmp_path, **{"pareto.xml": "0.5, 0.5"})
    result = runner.invoke(app, ["import", "genius", str(folder), "-o",
                                 str(tmp_path / "t.yaml"), "--json", "--step", "0.5"])
    out = json.loads(result.stdout)
    assert (out["ok"], out["scenario"], out["deals"], out["actors"]) == \
        (True, "tiny", 18, ["england", "zimbabwe"])
    assert [Path(s["file"]).name for s in out["skipped"]] == ["pareto.xml"]


@needs_shared
def test_the_commands_of_the_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = SHARED / "data" / "genius" / "anac" / "y2010" / "EnglandZimbabwe"
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", "england-zimbabwe.yaml"])
    assert result.exit_code == 0, result.output
    analysed = runner.invoke(app, ["analyze", "england-zimbabwe.yaml"])
    assert analysed.exit_code == 0, analysed.output
    assert "576 deals" in analysed.stdout
    exported = runner.invoke(app, ["export", "genius", "england-zimbabwe.yaml", "-o", "out/"])
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["england-zimbabwe-domain.xml", "england.xml", "zimbabwe.xml"]
    direct = runner.invoke(app, ["analyze", str(folder), "--json"])
    assert direct.exit_code == 0, direct.output
    nash = json.loads(direct.stdout)["solutions"]["nash"]
    assert nash["utilities"] == pytest.approx({"england": 0.910916286432,
                                               "zimbabwe": 0.733218280068}, abs=1e-12)


def test_scenario_file_keeps_the_discount(tmp_path: Path) -> None:
    s = load_genius(tiny(tmp_path)).scenario
    text = dump_scenario(s)
    assert "discount: 0.8" in text


def test_import_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tiny(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    # standard output holds the scenario alone, the same text as the file import writes
    runner.invoke(app, ["import", "genius", str(folder), "-o", "file.yaml"])
    assert result.stdout == (tmp_path / "file.yaml").read_text()
    assert result.stderr == (f"imported {folder} -> standard output: 3 issues, 2 parties "
                             "(england, zimbabwe), 18 deals\n")
    both = runner.invoke(app, ["import", "genius", str(folder), "-o", "-", "--json"])
    assert both.exit_code == 2
    assert "--json and -o - both write to standard output" in both.stdout
    export = runner.invoke(app, ["export", "genius", "file.yaml", "-o", "-"])
    assert export.exit_code == 2
    assert "a GENIUS export is a folder of files" in export.stderr


def test_export_warnings_are_located_in_the_scenario_file(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data"
    text = (data / "toy.yaml").read_text()
    start = text.index("constraints:")
    end = text.index("preferences:")
    scenario = tmp_path / "toy.yaml"
    scenario.write_text(text[:start] + text[end:])       # GENIUS has no constraints
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "memo.txt").write_text((data / "texts" / "memo.txt").read_text())
    result = runner.invoke(app, ["export", "genius", str(scenario), "-o",
                                 str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    lines = scenario.read_text().splitlines()
    seller = next(k for k, line in enumerate(lines, 1) if "id: a, name: Seller" in line)
    neighbour = next(k for k, line in enumerate(lines, 1) if "id: c, name: Neighbour" in line)
    assert [(w["message"], w["file"], w["line"]) for w in warnings[:2]] == [
        ("actor 'a': its veto and power are not kept", str(scenario), seller),
        ("actor 'c': its veto and power are not kept", str(scenario), neighbour)]
    assert all(w["file"] == str(scenario) for w in warnings)


def test_a_single_genius_file_given_as_a_scenario_points_to_its_folder(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    result = runner.invoke(app, ["analyze", str(folder / "England.xml")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:4] == [
        f"{folder / 'England.xml'}:1:1: error: a scenario file holds a mapping at the top",
        "  expected: key: value lines",
        "  found:    XML (a GENIUS file?)",
        "  hint:     a GENIUS folder goes where the scenario goes: accord analyze FOLDER"]
