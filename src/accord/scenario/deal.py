"""Deals: one option for every issue.

A :class:`Deal` is complete; a partial deal (a proposal that leaves issues
open) is completed with the status quo by :func:`make_deal`.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> s = toy_scenario()
>>> d = make_deal(s, {"price": "high"})
>>> dict(d)
{'price': 'high', 'delivery': 'slow', 'warranty': 'none'}
>>> [str(c) for c in changes(s, status_quo(s), d)]
['price: low -> high']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from accord.errors import InputError, Problem, suggest
from accord.scenario.model import Scenario

__all__ = ["Change", "Deal", "changes", "make_deal", "status_quo"]


@dataclass(frozen=True)
class Deal(Mapping[str, str]):
    """An option for every issue, in the scenario's issue order."""

    choices: tuple[tuple[str, str], ...]

    @cached_property
    def _options(self) -> dict[str, str]:
        return dict(self.choices)

    def __getitem__(self, issue: str) -> str:
        return self._options[issue]

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __str__(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.choices)


@dataclass(frozen=True)
class Change:
    """One issue settled differently in two deals."""

    issue: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.issue}: {self.before} -> {self.after}"

    def describe(self, scenario: Scenario) -> str:
        """The change in words, with the scenario's names."""
        issue = scenario.issue(self.issue)
        return (f"change {issue.label} from {issue.option(self.before).label} "
                f"to {issue.option(self.after).label}")


def status_quo(scenario: Scenario) -> Deal:
    """The deal in which every issue stays at its status quo."""
    return Deal(tuple((i.id, i.status_quo) for i in scenario.issues))


def make_deal(scenario: Scenario, choices: Mapping[str, str]) -> Deal:
    """Complete ``choices`` with the status quo, checking every id.

    Raises
    ------
    InputError
        Naming each unknown issue or option, with the nearest valid one.
    """
    problems = []
    for issue_id, option in choices.items():
        if issue_id not in scenario.issue_ids:
            problems.append(Problem("unknown issue", path=("deal", issue_id),
                                    expected="an issue id", found=repr(issue_id),
                                    suggestion=suggest(issue_id, scenario.issue_ids, "issues")))
        elif option not in scenario.issue(issue_id).option_ids:
            options = scenario.issue(issue_id).option_ids
            problems.append(Problem(f"issue {issue_id!r} has no option {option!r}",
                                    path=("deal", issue_id), expected=f"an option of {issue_id!r}",
                                    found=repr(option),
                                    suggestion=suggest(option, options, "options")))
    if problems:
        raise InputError(tuple(problems))
    return Deal(tuple((i.id, choices.get(i.id, i.status_quo)) for i in scenario.issues))


def changes(scenario: Scenario, before: Mapping[str, str],
            after: Mapping[str, str]) -> list[Change]:
    """The issues settled differently in ``after`` than in ``before``, in issue order."""
    return [Change(i.id, before[i.id], after[i.id]) for i in scenario.issues
            if before[i.id] != after[i.id]]
