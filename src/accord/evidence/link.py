"""Linking statements to the numbers of a scenario: ``accord evidence check``.

For every preference number of a scenario (:func:`accord.scenario.paths.parameter_paths`)
:func:`check` lists the stored statements that bear on it, each judged as:

- **supports**: for ``weights.<issue>``, any statement of the actor on the issue
  (a stated position shows the issue matters to it). For
  ``values.<issue>.<option>``, a statement naming that option whose polarity
  agrees with the value: for it (+) and a value of at least 0.5, or against it
  (-) and a value of at most 0.5;
- **contradicts**: a statement naming the option with the opposite polarity, or a
  statement on an issue the actor gives a weight of zero;
- **related**: a statement of the actor on the issue that names no option.

It also lists the numbers with no evidence at all (no quote in the scenario and
no statement in the database), and every quote of the scenario that cannot be
found verbatim in its source's text.

:func:`suggest` proposes, for each statement, the parameters it bears on.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.evidence.store import Statement, open_store
>>> s = Statement(1, 0, 10, "...", "a", "demand", "price", "high", 1, "asserted")
>>> [x.parameter for x in suggest(toy_scenario(), [s])]
['a.weights.price', 'a.values.price.high']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import Problem
from accord.evidence.store import Statement, open_store
from accord.scenario.document import parse_file
from accord.scenario.io import scenario_from_document
from accord.scenario.model import Scenario
from accord.scenario.paths import covers, get_parameter, parameter_paths, parse_parameter
from accord.scenario.quotes import check_quotes

__all__ = ["Check", "Link", "NumberEvidence", "Suggestion", "check", "judge",
           "load_for_check", "no_extraction", "stored_statements", "suggest"]


@dataclass(frozen=True)
class Link:
    """A statement bearing on a number, and how."""

    verdict: str  # supports | contradicts | related
    statement: Statement

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"verdict": self.verdict, **self.statement.to_dict()}


@dataclass(frozen=True)
class NumberEvidence:
    """One number of the scenario with what bears on it."""

    parameter: str
    value: float
    quotes: int
    assumption: bool
    links: tuple[Link, ...] = ()

    @property
    def has_evidence(self) -> bool:
        """A quote in the scenario or a statement in the database."""
        return bool(self.quotes or self.links)

    def count(self, verdict: str) -> int:
        """How many statements have this verdict."""
        return sum(link.verdict == verdict for link in self.links)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"parameter": self.parameter, "value": self.value, "quotes": self.quotes,
                "assumption": self.assumption,
                "supports": self.count("supports"), "contradicts": self.count("contradicts"),
                "related": self.count("related"), "links": [x.to_dict() for x in self.links]}


@dataclass(frozen=True)
class Check:
    """The result of :func:`check`."""

    numbers: tuple[NumberEvidence, ...]
    misquotes: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    statements: int = 0
    with_database: bool = False
    quotes: int = 0
    unchecked: int = 0

    @property
    def without_evidence(self) -> tuple[NumberEvidence, ...]:
        """The numbers with neither a quote nor a statement."""
        return tuple(n for n in self.numbers if not n.has_evidence)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"with_database": self.with_database, "statements": self.statements,
                "numbers": [n.to_dict() for n in self.numbers],
                "without_evidence": [n.parameter for n in self.without_evidence],
                "quotes": self.quotes, "quotes_unchecked": self.unchecked,
                "misquotes": [p.to_dict() for p in self.misquotes],
                "warnings": [p.to_dict() for p in self.warnings]}


@dataclass(frozen=True)
class Suggestion:
    """A parameter a statement bears on."""

    parameter: str
    statement: Statement
    reason: str = field(default="")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"parameter": self.parameter, "reason": self.reason, **self.statement.to_dict()}


def judge(parameter: str, value: float, weight: float, statement: Statement) -> str | None:
    """How ``statement`` bears on the number ``parameter`` (``None``: not at all).

    Examples
    --------
    >>> from accord.evidence.store import Statement, open_store
    >>> s = Statement(1, 0, 1, ".", "ru", "reject", "nato", "accession", -1, "asserted")
    >>> judge("ru.values.nato.accession", 0.0, 13, s), judge("ru.values.nato.accession", 1.0, 13, s)
    ('supports', 'contradicts')
    """
    path = parse_parameter(parameter)
    if path.actor != statement.actor or path.issue is None or path.issue != statement.issue:
        return None
    if path.kind == "weights":
        return "supports" if value > 0 else "contradicts"
    if path.kind != "values":
        return None
    if weight == 0:
        return "contradicts"
    if statement.option is None:
        return "related"
    if statement.option != path.option:
        return None
    if statement.polarity > 0:
        return "supports" if value >= 0.5 else "contradicts"
    return "supports" if value <= 0.5 else "contradicts"


def load_for_check(path: str | Path) -> tuple[Scenario, tuple[Problem, ...]]:
    """Load a scenario file without stopping at misquotes; return them, located in the file.

    Raises
    ------
    InputError
        For any other problem of the file.
    """
    doc = parse_file(path)
    scenario = scenario_from_document(doc)
    errors, _ = check_quotes(scenario, Path(path).parent)
    return scenario, tuple(doc.locate(p) for p in errors)


def check(scenario: Scenario, base_dir: str | Path,
          statements: Sequence[Statement] | None = None,
          misquotes: Sequence[Problem] | None = None) -> Check:
    """Evidence for every number of ``scenario`` (see the module docstring).

    ``statements`` are those stored for this scenario; ``None`` when there is
    no database (then only the scenario's own quotes count). ``misquotes``, when
    given, replaces the quote check (e.g. with problems located in the file by
    :func:`load_for_check`).
    """
    found_misquotes, warnings = check_quotes(scenario, base_dir)
    if misquotes is not None:
        found_misquotes = list(misquotes)
    found = list(statements or [])
    by_actor_issue: dict[tuple[str, str | None], list[Statement]] = {}
    for s in found:
        by_actor_issue.setdefault((s.actor, s.issue), []).append(s)
    numbers = []
    for parameter in parameter_paths(scenario):
        path = parse_parameter(parameter)
        prefs = scenario.preferences[path.actor]
        relative = path.relative
        quotes = sum(any(covers(a, relative) for a in ev.about) for ev in prefs.evidence)
        assumed = any(any(covers(a, relative) for a in asm.about) for asm in prefs.assumptions)
        value = get_parameter(scenario, parameter)
        weight = prefs.weights.get(path.issue or "", 0.0)
        links = []
        for s in by_actor_issue.get((path.actor, path.issue), []) if path.issue else []:
            verdict = judge(parameter, value, weight, s)
            if verdict is not None:
                links.append(Link(verdict, s))
        numbers.append(NumberEvidence(parameter, value, quotes, assumed, tuple(links)))
    total, unchecked = _quote_counts(scenario, base_dir)
    return Check(tuple(numbers), tuple(found_misquotes), tuple(warnings), len(found),
                 statements is not None, total, unchecked)


def _quote_counts(scenario: Scenario, base_dir: str | Path) -> tuple[int, int]:
    """How many quotes the scenario has, and how many of them have no local source text
    to be checked against."""
    readable = set()
    for src in scenario.sources:
        if src.path:
            try:
                (Path(base_dir) / src.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            readable.add(src.id)
    sources = [ev.source for prefs in scenario.preferences.values() for ev in prefs.evidence]
    return len(sources), sum(source not in readable for source in sources)


def stored_statements(database: str | Path, scenario: Scenario,
                      scenario_file: str | Path | None = None,
                      ) -> tuple[list[Statement], tuple[Problem, ...]]:
    """The statements stored for ``scenario`` (the database opened read-only), and a
    warning when none were ever extracted for it: the database's other scenarios and
    the command that extracts them.

    Raises
    ------
    InputError
        When the database is missing or not an accord evidence database.
    """
    with open_store(database, readonly=True) as store:
        held = store.scenarios()
        if scenario.id in held:
            return store.statements(scenario.id), ()
    return [], (no_extraction(scenario.id, held, database, scenario_file),)


def no_extraction(scenario: str, held: Sequence[str], database: str | Path,
                  scenario_file: str | Path | None = None) -> Problem:
    """The warning for a database that holds no extraction for ``scenario``.

    Examples
    --------
    >>> print(no_extraction("alaska-2025", ["toy"], "e.sqlite", "s.yaml").format())
    e.sqlite: warning: no statements were extracted for scenario 'alaska-2025'
      expected: an extraction for 'alaska-2025'
      found:    extractions for: toy
      hint:     accord evidence extract --db e.sqlite --scenario s.yaml
    """
    return Problem(f"no statements were extracted for scenario {scenario!r}",
                   file=str(database), severity="warning",
                   expected=f"an extraction for {scenario!r}",
                   found=("extractions for: " + ", ".join(held)) if held
                   else "no extraction at all",
                   suggestion=f"accord evidence extract --db {database} --scenario "
                              f"{scenario_file or 'FILE'}")


def suggest(scenario: Scenario, statements: Sequence[Statement]) -> list[Suggestion]:
    """For each statement, the parameters of ``scenario`` it bears on.

    A statement of an actor with preferences on an issue bears on the actor's
    weight of that issue, and on its value of the option named (or of every
    option, ``values.<issue>``, when none is).
    """
    out = []
    for s in statements:
        if s.actor not in scenario.preferences or s.issue is None:
            continue
        weighted = s.issue in scenario.preferences[s.actor].weights
        out.append(Suggestion(f"{s.actor}.weights.{s.issue}", s,
                              "" if weighted else "the actor gives this issue no weight yet"))
        tail = f".{s.option}" if s.option else ""
        stance = "for" if s.polarity > 0 else "against"
        out.append(Suggestion(f"{s.actor}.values.{s.issue}{tail}", s,
                              f"{s.act}: {stance} {s.option or 'the issue'}"))
    return out
