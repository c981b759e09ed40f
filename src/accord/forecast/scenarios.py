"""A scenario's ordered issues as positional data, for the forecasting models.

An issue whose options lie along one scale (``ordered: true``) becomes a
position scale: option ``k`` of ``n`` (counting from 0, in the order listed)
sits at ``100 k / (n - 1)``. For every actor with preferences:

- **position**: the position of the option it values most; when several
  options tie for its highest value, the mean of their positions;
- **salience**: its normalised weight on the issue divided by its largest
  normalised weight over all issues, so the issue it cares most about has
  salience 1 (an actor with weight 0 on the issue takes no position on it);
- **capability**: the actor's ``power``.

The issue's status quo option gives the reference point. An issue that is not
marked ``ordered: true`` is refused, since its options have no positions —
unless ``assume_ordered`` is set, which takes the options as listed to be in
order.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> s = toy_scenario()
>>> t = table_from_scenario(s, ["price"], assume_ordered=True)
>>> t.actors, t.issues
(('a', 'b', 'c'), ('price',))
>>> t.position[:, 0].tolist(), t.reference.tolist()
([100.0, 0.0, nan], [0.0])
>>> table_from_scenario(s, ["price"])
Traceback (most recent call last):
...
accord.errors.InputError: <scenario>: error: issue 'price' is not ordered at issues.price.ordered
  expected: an issue marked 'ordered: true' (its options listed along one scale)
  found:    ordered: false
  hint:     mark it 'ordered: true' in the scenario if its options are in order, or pass \
--assume-ordered
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.errors import InputError, Problem, suggest
from accord.forecast.data import PositionTable
from accord.scenario.model import Scenario

__all__ = ["option_positions", "table_from_scenario"]


def option_positions(count: int) -> list[float]:
    """The positions of ``count`` ordered options on 0..100.

    Examples
    --------
    >>> option_positions(3)
    [0.0, 50.0, 100.0]
    """
    return [100.0 * k / (count - 1) for k in range(count)]


def table_from_scenario(scenario: Scenario, issues: Sequence[str] | None = None, *,
                        assume_ordered: bool = False, source: str = "") -> PositionTable:
    """The positional table of some issues of a scenario (see the module).

    Parameters
    ----------
    scenario
        The scenario.
    issues
        Issue ids (default: every issue marked ``ordered``).
    assume_ordered
        Take the options of any issue to be listed in order.
    source
        The scenario's file, for messages.

    Raises
    ------
    InputError
        For an unknown issue, an issue not marked ordered (unless
        ``assume_ordered``), or when no issue is left to forecast.
    """
    where = source or "<scenario>"
    if issues is None:
        chosen = [i for i in scenario.issues if i.ordered or assume_ordered]
        if not chosen:
            raise InputError.single("no ordered issue in the scenario", file=where,
                                    path=("issues",),
                                    expected="an issue marked 'ordered: true'", found="none",
                                    suggestion="name issues with --issue and pass "
                                               "--assume-ordered")
    else:
        problems = []
        chosen = []
        for issue_id in issues:
            if issue_id not in scenario.issue_ids:
                problems.append(Problem(f"unknown issue {issue_id!r}", file=where,
                                        path=("issues",), expected="an issue id of the scenario",
                                        found=repr(issue_id),
                                        suggestion=suggest(issue_id, scenario.issue_ids,
                                                           "issues")))
                continue
            issue = scenario.issue(issue_id)
            if not (issue.ordered or assume_ordered):
                problems.append(Problem(
                    f"issue {issue_id!r} is not ordered", file=where,
                    path=("issues", issue_id, "ordered"),
                    expected="an issue marked 'ordered: true' (its options listed along one "
                             "scale)", found="ordered: false",
                    suggestion="mark it 'ordered: true' in the scenario if its options are in "
                               "order, or pass --assume-ordered"))
                continue
            chosen.append(issue)
        if problems:
            raise InputError(tuple(problems))
    actors = [a for a in scenario.actors if a.id in scenario.preferences]
    weights = {a.id: scenario.preferences[a.id].normalised_weights for a in actors}
    largest = {a: max(w.values(), default=0.0) for a, w in weights.items()}
    position = np.full((len(actors), len(chosen)), np.nan)
    salience = np.full((len(actors), len(chosen)), np.nan)
    for k, issue in enumerate(chosen):
        places = dict(zip(issue.option_ids, option_positions(len(issue.options)), strict=True))
        for i, actor in enumerate(actors):
            weight = weights[actor.id].get(issue.id, 0.0)
            values = scenario.preferences[actor.id].values.get(issue.id)
            if weight <= 0 or not values or largest[actor.id] <= 0:
                continue
            best = max(values.values())
            tied = [places[o] for o, v in values.items() if v == best]
            position[i, k] = float(np.mean(tied))
            salience[i, k] = weight / largest[actor.id]
    references = [option_positions(len(i.options))[i.option_ids.index(i.status_quo)]
                  for i in chosen]
    notes = ["options at 100 k / (n - 1); salience = weight / the actor's largest weight; "
             "capability = power"]
    if assume_ordered:
        notes.append("options taken to be in order as listed (--assume-ordered)")
    return PositionTable.from_arrays(
        [a.id for a in actors], [i.id for i in chosen], position=position, salience=salience,
        capability=[a.power for a in actors], lower=np.zeros(len(chosen)),
        upper=np.full(len(chosen), 100.0), reference=references,
        groups=[scenario.id] * len(chosen), source=where, notes=notes)
