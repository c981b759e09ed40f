"""The profile files of a GENIUS folder: each party's utility, as GENIUS 10.4 evaluates it.

Linear profiles (:func:`linear_contributions`): per issue, ``weight *
evaluation`` for each value, the weights as written (GENIUS does not normalise
them), a discrete evaluation divided by the largest of its issue (0 when that
is below 1e-5), an integer one ``clamp(slope * (v - lowerbound) + offset, 0, 1)``,
a real one from its ``linear``, ``constant`` or ``triangular`` evaluator.

Nonlinear profiles (:func:`rectangle_terms`): the sum of the hyper-rectangles a
deal falls in, over ``maxutility``, capped at 1; each rectangle becomes one
interaction term (``INCLUDES``: when every bound holds; ``EXCLUDES``: when some
bound fails), and what no deal escapes becomes one ``always`` term.

Examples
--------
>>> from accord.scenario.genius_domain import domain_issues
>>> from accord.scenario.genius_xml import parse_xml_text
>>> domain = parse_xml_text('<negotiation_template><utility_space><objective index="0">'
...     '<issue index="1" name="Colour"><item value="red"/><item value="blue"/></issue>'
...     '</objective></utility_space></negotiation_template>', "d.xml")
>>> issues = domain_issues(domain, None, 10, [])
>>> profile = parse_xml_text('<utility_space><objective><issue index="1" name="Colour">'
...     '<item value="red" evaluation="3"/><item value="blue" evaluation="6"/></issue>'
...     '<weight index="1" value="0.8"/></objective></utility_space>', "p.xml")
>>> linear_contributions(profile, issues, "p.xml", [], [])
({'colour': {'red': 0.4, 'blue': 0.8}}, 0.8)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from accord.errors import Problem
from accord.scenario.additive import lowest_total
from accord.scenario.genius_domain import DomainIssue, issue_bounds, issue_kind
from accord.scenario.genius_xml import Element, number_attribute
from accord.scenario.model import Interaction

__all__ = ["EVAL_MAX_EPSILON", "linear_contributions", "rectangle_terms"]

#: GENIUS treats a discrete issue whose largest evaluation is below this as worth 0.
EVAL_MAX_EPSILON = 0.00001


def _evaluations(issue: DomainIssue, el: Element, file: str, problems: list[Problem],
                 warnings: list[Problem]) -> list[float] | None:
    """GENIUS's evaluation (before the weight) of each value of ``issue``."""
    kind = issue_kind(el, problems)
    if kind is None:
        return None
    if kind != issue.kind:
        problems.append(el.problem(f"issue {issue.name!r} has another type in the domain",
                                   expected=f"type {issue.kind!r}, as in the domain file",
                                   found=repr(kind)))
        return None
    if kind == "discrete":
        table: dict[str, float] = {}
        known = set(issue.labels)
        for item in el.all("item"):
            value, text = item.get("value"), item.get("evaluation")
            if value is None or text is None or text.strip() == "null":
                continue
            evaluation = number_attribute(item, "evaluation", problems)
            if evaluation is None:
                continue
            if evaluation < 0:
                problems.append(item.problem("negative evaluation",
                                             expected="an evaluation >= 0 (GENIUS divides by "
                                                      "the largest)", found=text))
                continue
            if value in table:
                warnings.append(item.problem(
                    f"{value!r} is evaluated twice", severity="warning",
                    expected="one evaluation per value",
                    found=f"{table[value]:g}, then {evaluation:g}",
                    suggestion="read as GENIUS does: the last one counts"))
            elif value not in known:
                warnings.append(item.problem(
                    f"{value!r} is not a value of issue {issue.name!r} in the domain",
                    severity="warning", expected="values of the domain's issue",
                    found=repr(value),
                    suggestion="GENIUS still counts its evaluation when it divides by the "
                               "largest one; so does accord"))
            table[value] = evaluation
        missing = [v for v in issue.labels if v not in table]
        if missing:
            problems.append(el.problem(f"issue {issue.name!r} has no evaluation for some values",
                                       expected=f"an <item value evaluation> for each of "
                                                f"{', '.join(map(repr, issue.labels))}",
                                       found=f"none for {', '.join(map(repr, missing))}"))
            return None
        top = max(table.values())
        return [table[v] / top if top >= EVAL_MAX_EPSILON else 0.0 for v in issue.labels]
    assert issue.numbers is not None
    evaluator = el.first("evaluator")
    if kind == "integer":
        if evaluator is None:   # GENIUS: slope and offset stay 0
            return [0.0] * len(issue.numbers)
        ftype = (evaluator.get("ftype") or "linear").strip().lower()
        if ftype != "linear":
            problems.append(evaluator.problem("unknown evaluator type",
                                              expected="ftype 'linear' for an integer issue",
                                              found=repr(evaluator.get("ftype"))))
            return None
        slope = number_attribute(evaluator, "slope", problems, fallback="parameter1")
        offset = number_attribute(evaluator, "offset", problems, fallback="parameter0")
        bounds = issue_bounds(el, [], integer=True, prefer_range=False)
        lower = bounds[0] if bounds is not None else issue.lower
        if slope is None or offset is None:
            return None
        return [min(1.0, max(0.0, slope * (v - lower) + offset)) for v in issue.numbers]
    if evaluator is None:
        problems.append(el.problem("a real issue needs an evaluator",
                                   expected="<evaluator ftype=...>", found="none"))
        return None
    return _real_evaluations(evaluator, issue.numbers, problems)


def _real_evaluations(evaluator: Element, grid: Sequence[float],
                      problems: list[Problem]) -> list[float] | None:
    ftype = (evaluator.get("ftype") or "").strip().lower()

    def p(name: str, alt: str) -> float | None:
        return number_attribute(evaluator, name, problems, fallback=alt)

    if ftype == "linear":
        p0, p1 = p("parameter0", "offset"), p("parameter1", "slope")
        if p0 is None or p1 is None:
            return None
        return [min(1.0, max(0.0, p1 * v + p0)) for v in grid]
    if ftype == "constant":
        p0 = p("parameter0", "offset")
        return None if p0 is None else [p0] * len(grid)
    if ftype == "triangular":
        lo, hi, top = p("parameter0", "lowerbound"), p("parameter1", "upperbound"), \
            p("parameter2", "top")
        if lo is None or hi is None or top is None:
            return None

        def tri(x: float) -> float:
            if x < lo:
                return 0.0
            if x < top:
                return (x - lo) / (top - lo)
            return 1 - (x - top) / (hi - top) if x < hi else 0.0

        return [tri(v) for v in grid]
    problems.append(evaluator.problem("unknown evaluator type",
                                      expected="ftype linear, constant or triangular",
                                      found=repr(evaluator.get("ftype"))))
    return None


def linear_contributions(root: Element, issues: list[DomainIssue], file: str,
                         problems: list[Problem], warnings: list[Problem]
                         ) -> tuple[dict[str, dict[str, float]], float] | None:
    """Per issue and option, the weighted evaluation ``w * e``; and the sum of the weights."""
    by_number: dict[int, tuple[Element, Element | None]] = {}
    for parent in root.walk():
        weights: dict[int, Element] = {}   # by number, as GENIUS reads the index; last wins
        for w in parent.all("weight"):
            index = number_attribute(w, "index", problems, integer=True)
            if index is not None:
                weights[int(index)] = w
        for el in parent.all("issue"):
            number = number_attribute(el, "index", problems, integer=True)
            if number is None:
                continue
            if int(number) in by_number:
                problems.append(el.problem(f"issue index {int(number)} appears twice",
                                           expected="one <issue> per index",
                                           found=f"also at {by_number[int(number)][0].path}"))
                continue
            by_number[int(number)] = (el, weights.get(int(number)))
    known = {i.number for i in issues}
    for number, (el, _) in by_number.items():
        if number not in known:
            problems.append(el.problem(f"the domain has no issue with index {number}",
                                       expected=f"an index among {sorted(known)}",
                                       found=str(number),
                                       suggestion="this profile belongs to another domain"))
    contributions: dict[str, dict[str, float]] = {}
    weight_sum = 0.0
    for issue in issues:
        if issue.number not in by_number:
            problems.append(root.problem(f"the profile does not evaluate issue {issue.name!r}",
                                         expected=f"an <issue index=\"{issue.number}\"> as in "
                                                  "the domain",
                                         found="none",
                                         suggestion="this profile belongs to another domain"))
            continue
        el, weight_el = by_number[issue.number]
        if (el.get("name") or issue.name) != issue.name:
            warnings.append(el.problem(
                f"issue {issue.number} is {issue.name!r} in the domain but {el.get('name')!r} "
                "here", severity="warning", expected="the same name",
                found=repr(el.get("name")),
                suggestion="GENIUS matches issues by index, and so does accord"))
        if weight_el is None:
            problems.append(el.problem(f"issue {issue.name!r} has no weight",
                                       expected=f"a <weight index=\"{issue.number}\"> next to it",
                                       found="none"))
            continue
        weight = number_attribute(weight_el, "value", problems)
        evaluations = _evaluations(issue, el, file, problems, warnings)
        if weight is None or evaluations is None:
            continue
        if weight < 0:
            problems.append(weight_el.problem("negative weight", expected="a weight >= 0",
                                              found=weight_el.get("value") or ""))
            continue
        if any(e < 0 for e in evaluations):
            problems.append(el.problem("an evaluation below 0",
                                       expected="evaluations >= 0",
                                       found=f"{min(evaluations):g}"))
            continue
        weight_sum += weight
        contributions[issue.id] = {o: weight * e for o, e in
                                   zip(issue.option_ids, evaluations, strict=True)}
    if problems:
        return None
    return contributions, weight_sum


def rectangle_terms(root: Element, issues: list[DomainIssue], file: str,
                problems: list[Problem]) -> list[Interaction] | None:
    """The hyper-rectangles of a GENIUS nonlinear profile as interaction terms."""
    objective = root.children[0] if root.children else root
    utility = objective.first("utility") or next(
        (e for e in root.walk() if e.tag == "utility"), None)
    top_ufun = utility.first("ufun") if utility is not None else None
    if utility is None or top_ufun is None:
        problems.append(root.problem("a nonlinear profile without <utility><ufun>",
                                     expected="<utility maxutility><ufun>...</ufun></utility>",
                                     found="none"))
        return None
    top = number_attribute(utility, "maxutility", problems)
    if top is None:
        return None
    if top <= 0:
        problems.append(utility.problem("maxutility must be positive",
                                        expected="maxutility > 0 (GENIUS divides by it)",
                                        found=utility.get("maxutility") or ""))
        return None
    by_number = {i.number: i for i in issues}
    terms: list[Interaction] = []
    constant = 0.0
    count = 0

    def visit(ufun: Element, factor: float) -> None:
        nonlocal constant, count
        aggregation = (ufun.get("aggregation") or "sum").strip().lower()
        if aggregation != "sum":
            problems.append(ufun.problem(
                f"{aggregation!r} aggregation cannot be represented",
                expected="aggregation=\"sum\" (accord adds interaction terms; a min or max "
                         "of hyper-rectangles is not a sum of them)",
                found=repr(ufun.get("aggregation"))))
            return
        for rect in ufun.all("hyperRectangle"):
            count += 1
            amount = number_attribute(rect, "utility", problems)
            weight = number_attribute(rect, "weight", problems) if rect.get("weight") else 1.0
            if amount is None or weight is None:
                continue
            add = amount * weight * factor / top
            exclusive = bool(rect.all("EXCLUDES"))
            bounds = rect.all("EXCLUDES") if exclusive else rect.all("INCLUDES")
            when = _box(rect, bounds, by_number, problems)
            if when is None:
                continue
            why = f"{rect.path} of {Path(file).name}"
            always = not when                        # every bound holds for every deal
            never = not all(when.values())           # some bound holds for no deal
            if exclusive:   # worth `add` unless every bound holds
                if never:
                    constant += add
                elif not always:
                    constant += add
                    terms.extend(_terms(f"r{count}", when, -add, why + " (EXCLUDES)"))
            elif always:
                constant += add
            elif not never:
                terms.extend(_terms(f"r{count}", when, add, why))
        for inner in ufun.all("ufun"):
            w = number_attribute(inner, "weight", problems) if inner.get("weight") else 1.0
            if w is not None:
                visit(inner, factor * w)

    visit(top_ufun, 1.0)
    if constant:
        first = issues[0]
        terms.extend(_terms("always", {first.id: tuple(first.option_ids)}, constant,
                            "the part of the utility every deal gets"))
    lowest = lowest_total({i.id: i.option_ids for i in issues}, terms)
    if lowest < -1e-12:
        problems.append(utility.problem(
            "this profile's utility could fall below 0",
            expected="hyper-rectangle utilities that keep the sum at 0 or above",
            found=f"terms adding up to as little as {lowest:.4g}",
            suggestion="GENIUS does not clip nonlinear utilities at 0 and accord does, so "
                       "accord cannot read this profile exactly"))
        return None
    return terms


def _box(rect: Element, bounds: list[Element], by_number: dict[int, DomainIssue],
         problems: list[Problem]) -> dict[str, tuple[str, ...]] | None:
    """Issue -> the options within the rectangle's bounds (an empty tuple: none)."""
    when: dict[str, tuple[str, ...]] = {}
    for bound in bounds:
        number = number_attribute(bound, "index", problems, integer=True)
        lo = number_attribute(bound, "min", problems, integer=True)
        hi = number_attribute(bound, "max", problems, integer=True)
        if number is None or lo is None or hi is None:
            return None
        issue = by_number.get(int(number))
        if issue is None:
            problems.append(bound.problem(f"the domain has no issue with index {int(number)}",
                                          expected=f"an index among {sorted(by_number)}",
                                          found=str(int(number))))
            return None
        if issue.kind != "integer" or issue.numbers is None:
            problems.append(bound.problem(
                f"a hyper-rectangle bounds the {issue.kind} issue {issue.name!r}",
                expected="bounds on integer issues only (GENIUS 10.4 reads a bound as an "
                         "integer value and cannot evaluate any other issue)",
                found=f"a {issue.kind} issue"))
            return None
        inside = {o for o, v in zip(issue.option_ids, issue.numbers, strict=True)
                  if lo <= v <= hi}
        if issue.id in when:
            inside &= set(when[issue.id])
        when[issue.id] = tuple(o for o in issue.option_ids if o in inside)
    # a bound that every value meets constrains nothing
    sizes = {i.id: len(i.option_ids) for i in by_number.values()}
    return {i: opts for i, opts in when.items() if len(opts) < sizes[i]}


def _terms(prefix: str, when: dict[str, tuple[str, ...]], add: float,
           why: str) -> list[Interaction]:
    out = []
    parts = []
    while abs(add) > 1.0:
        parts.append(math.copysign(1.0, add))
        add -= parts[-1]
    parts.append(add)
    for k, amount in enumerate(parts):
        ident = prefix if len(parts) == 1 else f"{prefix}-{k + 1}"
        out.append(Interaction(id=ident, when=when, add=amount, why=why))
    return out
