"""The domain file of a GENIUS folder: its issues, as GENIUS 10.4 defines them.

An issue's type is its ``type`` attribute (discrete when absent). A discrete
issue lists its values as ``<item value>``; an integer issue takes every
integer from ``lowerbound`` to ``upperbound`` (attributes, or a ``<range>``
child); a real issue is discretised into ``intervals`` equal steps or steps of
``step``. Issues come in GENIUS's order: those of nested objectives first.

Examples
--------
>>> from accord.scenario.genius_xml import parse_xml_text
>>> root = parse_xml_text(
...     '<negotiation_template><utility_space><objective index="0">'
...     '<issue index="1" name="Share" type="real"><range lowerbound="0" upperbound="1"/>'
...     '</issue><issue index="2" name="Days" type="integer" lowerbound="2" upperbound="4"/>'
...     '</objective></utility_space></negotiation_template>', "d.xml")
>>> problems = []
>>> share, days = domain_issues(root, step=0.25, intervals=DEFAULT_INTERVALS, problems=problems)
>>> share.labels, share.option_ids[:2], days.labels, problems
(['0', '0.25', '0.5', '0.75', '1'], ['v0', 'v0_25'], ['2', '3', '4'], [])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from accord.errors import Problem
from accord.scenario.genius_xml import Element, number_attribute
from accord.scenario.ids import unique_slugs

__all__ = [
    "DEFAULT_INTERVALS",
    "MAX_INTEGER_VALUES",
    "DomainIssue",
    "Kind",
    "domain_issues",
    "issue_bounds",
    "issue_kind",
    "value_label",
]

#: Real issues are cut into this many equal steps unless told otherwise.
DEFAULT_INTERVALS = 10
#: An integer or discretised real issue may have at most this many values.
MAX_INTEGER_VALUES = 100_000

Kind = Literal["discrete", "integer", "real"]


@dataclass
class DomainIssue:
    """A domain issue as GENIUS defines it: its number, type and values, and accord's ids."""

    number: int
    name: str
    kind: Kind
    labels: list[str]
    numbers: list[float] | None
    element: Element
    lower: float = 0.0
    upper: float = 0.0
    step: float = 0.0
    descriptions: list[str] = field(default_factory=list)
    id: str = ""
    option_ids: list[str] = field(default_factory=list)


def issue_kind(element: Element, problems: list[Problem]) -> Kind | None:
    """The issue type as GENIUS decides it: the ``type`` attribute, discrete when absent."""
    text = (element.get("type") or "discrete").strip().lower()
    if text in ("discrete", "integer", "real"):
        return text  # type: ignore[return-value]
    problems.append(element.problem("unknown issue type",
                                    expected="discrete, integer or real", found=repr(text)))
    return None


def issue_bounds(element: Element, problems: list[Problem], integer: bool,
            prefer_range: bool) -> tuple[float, float] | None:
    """``lowerbound``/``upperbound`` from the element's attributes or its ``<range>`` child."""
    rng = element.first("range")
    sources = [element, rng] if not prefer_range else [rng, element]
    for source in sources:
        if source is not None and source.get("lowerbound") is not None:
            lo = number_attribute(source, "lowerbound", problems, integer=integer)
            hi = number_attribute(source, "upperbound", problems, integer=integer)
            if lo is None or hi is None:
                return None
            if hi < lo:
                problems.append(source.problem("upperbound is below lowerbound",
                                               expected="lowerbound <= upperbound",
                                               found=f"{lo:g} > {hi:g}"))
                return None
            return lo, hi
    problems.append(element.problem("missing bounds",
                                    expected="lowerbound and upperbound attributes, or a "
                                             "<range lowerbound upperbound> child",
                                    found="neither"))
    return None


def value_label(value: float) -> str:
    text = f"{value:.12g}"
    return "0" if text == "-0" else text


def domain_issues(root: Element, step: float | None, intervals: int,
                   problems: list[Problem]) -> list[DomainIssue]:
    space = root.first("utility_space")
    objective = space.first("objective") if space is not None else None
    if space is None or objective is None:
        problems.append(root.problem("not a GENIUS domain",
                                     expected="<negotiation_template> holding <utility_space> "
                                              "and an <objective>",
                                     found=f"<{root.tag}> without them"))
        return []
    found: list[Element] = []

    def collect(node: Element) -> None:   # GENIUS: child objectives first, then issues
        for child in node.all("objective"):
            collect(child)
        found.extend(node.all("issue"))

    collect(objective)
    issues: list[DomainIssue] = []
    numbers: dict[int, Element] = {}
    for el in found:
        number = number_attribute(el, "index", problems, integer=True)
        kind = issue_kind(el, problems)
        if number is None or kind is None:
            continue
        if int(number) in numbers:
            problems.append(el.problem(f"two issues have index {int(number)}",
                                       expected="a different index for each issue",
                                       found=f"index {int(number)} also at "
                                             f"{numbers[int(number)].path}"))
            continue
        numbers[int(number)] = el
        name = el.get("name") or f"issue {int(number)}"
        issue = DomainIssue(int(number), name, kind, [], None, el)
        if kind == "discrete":
            items = el.all("item")
            listed: set[str] = set()
            for item in items:
                value = item.get("value")
                if value is None:
                    problems.append(item.problem("missing attribute 'value'",
                                                 expected="<item value=...>",
                                                 found="no value"))
                    continue
                if value in listed:
                    problems.append(item.problem(f"issue {name!r} lists {value!r} twice",
                                                 expected="each value once",
                                                 found=f"{value!r} again"))
                    continue
                issue.labels.append(value)
                listed.add(value)
                text = (item.get("description") or "").strip()
                issue.descriptions.append(text if text != value.strip() else "")
        else:
            bounds = issue_bounds(el, problems, integer=kind == "integer",
                             prefer_range=kind == "real")
            if bounds is None:
                continue
            issue.lower, issue.upper = bounds
            if kind == "integer":
                count = int(bounds[1] - bounds[0]) + 1
                if count > MAX_INTEGER_VALUES:
                    problems.append(el.problem("integer issue too wide",
                                               expected=f"at most {MAX_INTEGER_VALUES} values",
                                               found=f"{count} values"))
                    continue
                issue.numbers = [bounds[0] + k for k in range(count)]
            else:
                issue.numbers = _grid(el, bounds, step, intervals, problems)
                if issue.numbers is None:
                    continue
                issue.step = step if step is not None else (bounds[1] - bounds[0]) / intervals
            issue.labels = [value_label(v) for v in issue.numbers]
            issue.descriptions = [""] * len(issue.labels)
        if len(issue.labels) < 2:
            problems.append(el.problem(f"issue {name!r} has fewer than two values",
                                       expected="at least two values (a deal must be able to "
                                                "differ on every issue)",
                                       found=f"{len(issue.labels)} value(s)"))
            continue
        issues.append(issue)
    if not found:
        problems.append(objective.problem("the domain has no issue", expected="<issue> elements",
                                          found="none"))
    ids = unique_slugs([i.name for i in issues], "issue")
    for issue, ident in zip(issues, ids, strict=True):
        issue.id = ident
        issue.option_ids = unique_slugs(issue.labels, "option")
    return issues


def _grid(el: Element, bounds: tuple[float, float], step: float | None, intervals: int,
          problems: list[Problem]) -> list[float] | None:
    lo, hi = bounds
    if hi <= lo:
        problems.append(el.problem("a real issue needs lowerbound < upperbound",
                                   expected="a range to discretise", found=f"[{lo:g}, {hi:g}]"))
        return None
    width = step if step is not None else (hi - lo) / intervals
    count = math.floor((hi - lo) / width + 1e-9)
    if count + 2 > MAX_INTEGER_VALUES:
        problems.append(el.problem("the step is too small for this real issue",
                                   expected=f"at most {MAX_INTEGER_VALUES} values",
                                   found=f"{count + 1} values of step {width:g}",
                                   suggestion="pass a larger --step" if step is not None else
                                   f"pass fewer --intervals (at most {MAX_INTEGER_VALUES - 2})"
                                   " or a --step"))
        return None
    grid = [lo + k * width for k in range(count + 1)]
    if hi - grid[-1] > 1e-9 * max(1.0, abs(hi)):
        grid.append(hi)
    else:
        grid[-1] = hi
    return grid
