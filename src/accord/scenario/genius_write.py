"""Writing a :class:`Scenario` as a GENIUS domain folder: one domain file, one profile per actor.

The files are written so that GENIUS 10.4, and :func:`~accord.scenario.genius_read.load_genius`,
give every deal the utility accord gives it:

- an actor whose interaction terms each name one issue (or who has none) gets a
  *linear* profile: per issue, the contribution ``f_i(o)`` of each option (its
  normalised weight times its value, plus the terms on that option; shifted
  between issues if some are negative) becomes the evaluation
  ``f_i(o) / max f_i`` with the weight ``max f_i``; GENIUS's
  ``min(1, sum w * e)`` is then accord's utility (an actor's weights and
  values come back as they were when its best values are 1);
- when some actor has an interaction term over several issues, every profile is
  written *nonlinear* (hyper-rectangles, ``maxutility`` 1) and every issue as an
  integer issue: its option labels when they are consecutive integers, else
  ``0..n-1`` in option order (GENIUS's nonlinear profiles can only bound
  integer issues).

What GENIUS cannot hold is refused with the reason: constraints (GENIUS has
none), utilities that could fall below 0 before accord clips them (GENIUS
does not clip at 0), and names with characters XML cannot write. What it
drops is reported as a warning: the status quo, veto and power, evidence and
uncertainty.

Examples
--------
>>> import tempfile, pathlib
>>> from accord.scenario.examples import toy_scenario
>>> from accord.scenario.genius_read import load_genius
>>> toy = toy_scenario().model_copy(update={"constraints": ()})
>>> out = dump_genius(toy, pathlib.Path(tempfile.mkdtemp()) / "toy")
>>> sorted(p.name for p in out.files)
['a.xml', 'b.xml', 'c.xml', 'toy-domain.xml']
>>> back = load_genius(out.folder).scenario
>>> back.issue_ids == toy.issue_ids, back.actor_ids
(True, ('a', 'b', 'c'))
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, Problem
from accord.files import atomic_write_texts
from accord.scenario.additive import balanced, lowest_total
from accord.scenario.genius_xml import number_text
from accord.scenario.ids import shared_prefix, slug
from accord.scenario.model import Interaction, Issue, Preferences, Scenario

__all__ = ["GeniusExport", "dump_genius", "genius_documents"]

#: A utility this far below 0 before clipping counts as below 0.
FLOOR_TOLERANCE = 1e-12

Table = dict[str, dict[str, float]]


@dataclass(frozen=True)
class GeniusExport:
    """What :func:`dump_genius` wrote."""

    folder: Path
    files: tuple[Path, ...]
    nonlinear: bool
    warnings: tuple[Problem, ...]


def _contributions(scenario: Scenario, prefs: Preferences) -> tuple[Table, list[Interaction]]:
    """Per issue and option, weight times value plus the one-issue terms; the other terms."""
    weights = prefs.normalised_weights
    table: Table = {i.id: dict.fromkeys(i.option_ids, 0.0) for i in scenario.issues}
    for issue in scenario.issues:
        w = weights.get(issue.id, 0.0)
        if w > 0:
            for o in issue.option_ids:
                table[issue.id][o] += w * prefs.values[issue.id][o]
    multi = []
    for term in prefs.interactions:
        if len(term.when) == 1:
            ((issue_id, options),) = term.when.items()
            for o in set(options):
                table[issue_id][o] += term.add
        else:
            multi.append(term)
    return table, multi


#: GENIUS reads integer bounds with Java's Integer.valueOf: 32-bit integers only.
JAVA_INT = range(-(2**31), 2**31)


def _integer_values(issue: Issue) -> tuple[list[int], bool]:
    """The integers that stand for the options, and whether they are the labels themselves."""
    try:
        numbers = [int(o.label) for o in issue.options]
    except ValueError:
        numbers = []
    if numbers and numbers[0] in JAVA_INT and numbers[-1] in JAVA_INT and \
            all(b == a + 1 for a, b in itertools.pairwise(numbers)) and \
            all(str(n) == o.label for n, o in zip(numbers, issue.options, strict=True)):
        return numbers, True
    return list(range(len(issue.options))), False


def _labels(issue: Issue) -> list[str]:
    labels = [o.label for o in issue.options]
    return labels if len(set(labels)) == len(labels) else list(issue.option_ids)


def _objective(parent: ET.Element, scenario: Scenario) -> ET.Element:
    return ET.SubElement(parent, "objective", {
        "index": "0", "etype": "objective", "type": "objective", "description": "",
        "name": scenario.title or scenario.id})


def _issue_element(parent: ET.Element, k: int, issue: Issue, nonlinear: bool) -> ET.Element:
    attrs = {"index": str(k), "name": issue.label}
    if nonlinear:
        values, _ = _integer_values(issue)
        attrs.update(etype="integer", type="integer", vtype="integer",
                     lowerbound=str(values[0]), upperbound=str(values[-1]))
        return ET.SubElement(parent, "issue", attrs)
    attrs.update(etype="discrete", type="discrete", vtype="discrete")
    el = ET.SubElement(parent, "issue", attrs)
    for n, (label, option) in enumerate(zip(_labels(issue), issue.options, strict=True)):
        item = {"index": str(n + 1), "value": label}
        if option.description:
            item["description"] = option.description
        ET.SubElement(el, "item", item)
    return el


def _text(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"


def _domain(scenario: Scenario, nonlinear: bool) -> str:
    root = ET.Element("negotiation_template")
    space = ET.SubElement(root, "utility_space", {"number_of_issues": str(len(scenario.issues))})
    objective = _objective(space, scenario)
    for k, issue in enumerate(scenario.issues, start=1):
        _issue_element(objective, k, issue, nonlinear)
    return _text(root)


def _tail(root: ET.Element, prefs: Preferences) -> None:
    if prefs.discount is not None:
        ET.SubElement(root, "discount_factor", {"value": number_text(prefs.discount)})
    ET.SubElement(root, "reservation", {"value": number_text(prefs.reservation)})


def _linear_profile(scenario: Scenario, prefs: Preferences, table: Table) -> str:
    table = balanced(table)
    root = ET.Element("utility_space")
    objective = _objective(root, scenario)
    weights = []
    for k, issue in enumerate(scenario.issues, start=1):
        g = table[issue.id]
        top = max(g.values())
        el = _issue_element(objective, k, issue, nonlinear=False)
        for item, o in zip(el.findall("item"), issue.option_ids, strict=True):
            item.set("evaluation", number_text(g[o] / top if top > 0 else 0.0))
        weights.append((k, top))
    for k, w in weights:
        ET.SubElement(objective, "weight", {"index": str(k), "value": number_text(w)})
    _tail(root, prefs)
    return _text(root)


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted positions as maximal runs of consecutive ones: [(first, last), ...]."""
    runs: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        if runs and p == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs


def _nonlinear_profile(scenario: Scenario, prefs: Preferences, table: Table,
                       multi: Sequence[Interaction]) -> str:
    root = ET.Element("utility_space", {"type": "nonlinear"})
    objective = _objective(root, scenario)
    values = {}
    for k, issue in enumerate(scenario.issues, start=1):
        _issue_element(objective, k, issue, nonlinear=True)
        values[issue.id] = _integer_values(issue)[0]
    utility = ET.SubElement(objective, "utility", {"maxutility": "1"})
    ufun = ET.SubElement(utility, "ufun", {"type": "PlainUfun", "weight": "1",
                                           "aggregation": "sum"})
    number = {issue.id: k for k, issue in enumerate(scenario.issues, start=1)}

    def rectangle(amount: float, box: Mapping[str, tuple[int, int]]) -> None:
        rect = ET.SubElement(ufun, "hyperRectangle", {"utility": number_text(amount)})
        for issue_id, (lo, hi) in box.items():
            ET.SubElement(rect, "INCLUDES", {"index": str(number[issue_id]),
                                             "min": str(lo), "max": str(hi)})

    shift = math.fsum(min(t.values()) for t in table.values())
    if shift:
        rectangle(shift, {})    # no bounds: every deal meets it
    for issue in scenario.issues:
        low = min(table[issue.id].values())
        for o, v in zip(issue.option_ids, values[issue.id], strict=True):
            if table[issue.id][o] != low:
                rectangle(table[issue.id][o] - low, {issue.id: (v, v)})
    for term in multi:
        per_issue = []
        for issue_id, options in term.when.items():
            issue = scenario.issue(issue_id)
            positions = [issue.option_ids.index(o) for o in options]
            per_issue.append([(issue_id, (values[issue_id][a], values[issue_id][b]))
                              for a, b in _runs(positions)])
        for combo in itertools.product(*per_issue):
            rectangle(term.add, dict(combo))
    _tail(root, prefs)
    return _text(root)


#: A character XML 1.0 cannot hold, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unwritable_text(scenario: Scenario) -> list[Problem]:
    """The title, names and descriptions the GENIUS files would hold that XML cannot."""
    fields: list[tuple[tuple[str | int, ...], str]] = [(("title",), scenario.title)]
    for k, issue in enumerate(scenario.issues):
        fields.append((("issues", k, "name"), issue.name))
        for j, option in enumerate(issue.options):
            fields += [(("issues", k, "options", j, "name"), option.name),
                       (("issues", k, "options", j, "description"), option.description)]
    problems = []
    for path, text in fields:
        bad = _NOT_XML.search(text)
        if bad is not None:
            problems.append(Problem(
                "text XML cannot hold", path=path, found=f"{bad.group()!r} in {text!r}",
                expected="text without control characters other than tab, newline and "
                         "carriage return (XML 1.0 has no way to write them)",
                suggestion="remove the character, or keep the scenario in accord's format"))
    return problems


def genius_documents(scenario: Scenario) -> tuple[str, dict[str, str], bool, list[Problem]]:
    """The GENIUS texts of a scenario: the domain, each actor's profile, and the warnings.

    Returns
    -------
    domain : str
    profiles : dict
        Actor id -> profile text, for every actor with preferences.
    nonlinear : bool
        Whether the profiles are hyper-rectangle profiles over integer issues.
    warnings : list of Problem
        What the GENIUS format leaves out.

    Raises
    ------
    InputError
        When the scenario has constraints, an actor's utility could fall
        below 0 before clipping, or a name holds a character XML cannot.
    """
    problems: list[Problem] = _unwritable_text(scenario)
    warnings: list[Problem] = []
    if scenario.constraints:
        problems.append(Problem(
            "GENIUS domains have no constraints", path=("constraints",),
            expected="a scenario without constraints",
            found=", ".join(c.id for c in scenario.constraints),
            suggestion="remove the constraints (every deal then counts as feasible), or "
                       "keep the scenario in accord's format"))
    parts = {}
    for actor in scenario.modelled_actors:
        prefs = scenario.preferences[actor.id]
        table, multi = _contributions(scenario, prefs)
        lowest = lowest_total({i.id: i.option_ids for i in scenario.issues}, multi, table)
        if lowest < -FLOOR_TOLERANCE:
            problems.append(Problem(
                f"{actor.id}'s utility can fall below 0 before it is clipped",
                path=("preferences", actor.id, "interactions"),
                expected="weighted values plus interaction terms of at least 0 for every deal",
                found=f"as low as {lowest:.4g}",
                suggestion="GENIUS does not clip utilities at 0; make the negative "
                           "interaction terms smaller"))
        parts[actor.id] = (prefs, table, multi)
    if problems:
        raise InputError(tuple(problems))
    nonlinear = any(multi for _, _, multi in parts.values())
    if nonlinear:
        for issue in scenario.issues:
            if not _integer_values(issue)[1]:
                warnings.append(Problem(
                    f"issue {issue.id!r} is written as the integers 0..{len(issue.options) - 1}",
                    path=("issues", scenario.issue_ids.index(issue.id)), severity="warning",
                    expected="options GENIUS can name", found="an interaction term over "
                    "several issues, which GENIUS can only write over integer issues",
                    suggestion="option k (from 0, in file order) is the integer k"))
    for k, actor in enumerate(scenario.actors):
        if actor.id not in scenario.preferences:
            warnings.append(Problem(f"actor {actor.id!r} has no preferences and is left out",
                                    path=("actors", k), severity="warning"))
        elif not actor.veto or actor.power != 1.0:
            warnings.append(Problem(f"actor {actor.id!r}: its veto and power are not kept",
                                    path=("actors", k), severity="warning",
                                    found=f"veto={actor.veto}, power={actor.power:g}",
                                    expected="GENIUS parties: each holds a veto, equal power"))
    if any(i.status_quo != i.option_ids[0] for i in scenario.issues):
        warnings.append(Problem("the status quo is not kept", path=("issues",),
                                severity="warning",
                                found="status quos other than each issue's first option",
                                expected="GENIUS has no status quo; on import the first option "
                                         "stands in for it"))
    if scenario.uncertainty or scenario.sources:
        warnings.append(Problem("sources, evidence and uncertainty are not kept",
                                severity="warning", expected="GENIUS holds utilities only"))
    profiles = {}
    for actor_id, (prefs, table, multi) in parts.items():
        profiles[actor_id] = (_nonlinear_profile(scenario, prefs, table, multi) if nonlinear
                              else _linear_profile(scenario, prefs, table))
    return _domain(scenario, nonlinear), profiles, nonlinear, warnings


def _profile_names(scenario: Scenario, actor_ids: Sequence[str], domain_name: str
                   ) -> tuple[dict[str, str], list[Problem]]:
    """Each actor's profile file name, ``<id>.xml`` where that is a file of its own.

    Names are compared as file systems that ignore case compare them (macOS,
    Windows): ``A.xml`` and ``a.xml`` would be one file there, and so would an
    actor ``Toy-domain`` and the domain file ``toy-domain.xml``. An actor whose
    name is taken gets ``<id>-profile.xml`` (or ``-profile-2``, ...), with a
    warning that says what id it reads back as.
    """
    taken = {domain_name.casefold(): "the domain file"}
    names: dict[str, str] = {}
    for actor_id in actor_ids:      # first every name that is free as it is
        name = f"{actor_id}.xml"
        if name.casefold() not in taken:
            taken[name.casefold()] = name
            names[actor_id] = name
    warnings = []
    for actor_id in actor_ids:
        if actor_id in names:
            continue
        clash = taken[f"{actor_id}.xml".casefold()]
        stem, k = f"{actor_id}-profile", 2
        while f"{stem}.xml".casefold() in taken:
            stem, k = f"{actor_id}-profile-{k}", k + 1
        taken[f"{stem}.xml".casefold()] = names[actor_id] = f"{stem}.xml"
        domain = clash == "the domain file"
        warnings.append(Problem(
            f"actor {actor_id!r} is written as {stem}.xml",
            path=("actors", scenario.actor_ids.index(actor_id)), severity="warning",
            expected="a profile file of its own",
            found=f"{actor_id}.xml would be the same file as {clash}"
                  + ("" if domain else " where file names ignore case (macOS, Windows)"),
            suggestion=f"it reads back as {slug(stem)!r}" + (
                "" if domain else "; ids that differ in more than case keep their names")))
    return {a: names[a] for a in actor_ids}, warnings


def dump_genius(scenario: Scenario, folder: str | Path) -> GeniusExport:
    """Write ``scenario`` as a GENIUS domain folder: ``<id>-domain.xml`` and ``<actor>.xml`` each.

    (The domain file is ``_domain.xml`` instead where the actors' ids all begin
    with the words of ``<id>-domain``: reading the folder back would shorten them.
    An actor whose ``<id>.xml`` would be the domain file or another actor's file
    where file names ignore case gets ``<id>-profile.xml``, with a warning.)

    Raises
    ------
    InputError
        What :func:`genius_documents` refuses, a folder that already holds
        other XML files (they would be read as part of the domain), and a
        folder that cannot be written (then no file is written).
    """
    domain, profiles, nonlinear, warnings = genius_documents(scenario)
    out = Path(folder)
    # the import would shorten the parties' names (``x-a``, ``x-b`` beside
    # ``x-domain``): a domain file no id can begin keeps them whole
    domain_name = f"{scenario.id}-domain.xml"
    if shared_prefix(list(profiles), Path(domain_name).stem):
        domain_name = "_domain.xml"
    names, renamed = _profile_names(scenario, list(profiles), domain_name)
    warnings = [*warnings, *renamed]
    if shared_prefix([Path(n).stem for n in names.values()], Path(domain_name).stem):
        domain_name = "_domain.xml"
    ours = {domain_name, *names.values()}
    if out.exists() and not out.is_dir():
        raise InputError.single("not a folder", file=str(out), expected="a folder to write to",
                                found="a file")
    strangers = sorted(p.name for p in out.glob("*.xml") if p.name not in ours) \
        if out.is_dir() else []
    if strangers:
        raise InputError.single("the folder holds other XML files", file=str(out),
                                expected="an empty folder, or one written by an earlier export "
                                         "of the same scenario",
                                found=", ".join(strangers[:6]) +
                                (", ..." if len(strangers) > 6 else ""),
                                suggestion="they would be read as part of the domain; choose "
                                           "another folder")
    texts = {out / domain_name: domain,
             **{out / names[actor_id]: text for actor_id, text in profiles.items()}}
    created = not out.exists()
    try:
        atomic_write_texts(texts)       # every file, or none of them
    except InputError:
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        raise
    return GeniusExport(out, tuple(texts), nonlinear, tuple(warnings))
