"""Additive utilities written in accord's terms, exactly.

Other tools (GENIUS, NegMAS) give an actor's utility as a sum of per-issue
contributions ``u = min(1, sum_i f_i(x_i))`` with ``f_i >= 0``: GENIUS adds its
weighted evaluations without normalising the weights and caps the sum at 1.
accord's utility is ``clip(sum_i w_i / W * v_i(x_i) + interactions, 0, 1)``
with values ``v_i`` in 0..1 and ``W`` the sum of the weights.
:func:`additive_parts` finds weights, values and (when needed) interaction
terms that give the same utility for every deal:

- with ``h_i`` the largest contribution of issue ``i`` and ``M = sum_i h_i``
  the largest possible sum, the weights are ``h_i`` and the values
  ``f_i / h_i``, times ``M`` when ``M < 1`` (then ``u = sum_i f_i`` exactly);
- when ``M > 1`` the cap can bind: the values are ``f_i / h_i`` (which gives
  ``sum_i f_i / M``) and one interaction term per option adds the rest,
  ``f_i(o) * (1 - 1/M)``; the clip at 1 is then GENIUS's cap.

Examples
--------
>>> parts = additive_parts({"x": {"a": 0.0, "b": 0.6}, "y": {"c": 0.4, "d": 0.2}})
>>> parts.weights, parts.values["x"], parts.interactions
({'x': 0.6, 'y': 0.4}, {'a': 0.0, 'b': 1.0}, ())
>>> parts = additive_parts({"x": {"a": 0.0, "b": 0.5}, "y": {"c": 0.3, "d": 0.1}})
>>> {o: round(v, 4) for o, v in parts.values["y"].items()}   # M = 0.8: scaled by 0.8
{'c': 0.8, 'd': 0.2667}
>>> capped = additive_parts({"x": {"a": 0.2, "b": 0.7}, "y": {"c": 0.5, "d": 0.0}})
>>> [(dict(t.when), round(t.add, 4)) for t in capped.interactions]
[({'x': ('a',)}, 0.0333), ({'x': ('b',)}, 0.1167), ({'y': ('c',)}, 0.0833)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord.scenario.model import Interaction

__all__ = ["CAP_TOLERANCE", "ENUMERATE_LIMIT", "AdditiveParts", "additive_parts", "balanced",
           "lowest_total"]

#: Sums within this of 1 count as 1 (floating-point noise in weights that sum to 1).
CAP_TOLERANCE = 1e-12
#: Up to this many combinations of tied issues :func:`lowest_total` enumerates; past it, bounds.
ENUMERATE_LIMIT = 100_000


@dataclass(frozen=True)
class AdditiveParts:
    """Weights, values and interaction terms of one actor, and how they were found."""

    weights: dict[str, float]
    values: dict[str, dict[str, float]]
    interactions: tuple[Interaction, ...]
    largest_sum: float

    @property
    def capped(self) -> bool:
        """Whether the contributions can sum past 1 (the cap binds for some deals)."""
        return self.largest_sum > 1.0 + CAP_TOLERANCE


def _split(amount: float) -> list[float]:
    """``amount`` as terms within -1..1 that add up to it."""
    parts = []
    while abs(amount) > 1.0:
        step = math.copysign(1.0, amount)
        parts.append(step)
        amount -= step
    return [*parts, amount]


def additive_parts(contributions: Mapping[str, Mapping[str, float]],
                   cap_prefix: str = "cap", cap_why: str = "") -> AdditiveParts:
    """Weights, values and interaction terms for ``u = min(1, sum_i f_i(x_i))``.

    Parameters
    ----------
    contributions
        ``issue -> option -> f``, every ``f >= 0``; an issue left out contributes 0.
    cap_prefix, cap_why
        Id prefix and reason of the interaction terms added when the sum can pass 1.

    Raises
    ------
    ValueError
        When a contribution is negative or not finite.
    """
    highest: dict[str, float] = {}
    for issue, table in contributions.items():
        for option, f in table.items():
            if not math.isfinite(f) or f < 0:
                raise ValueError(f"contribution of {issue}={option} is {f}, not >= 0")
        highest[issue] = max(table.values(), default=0.0)
    weighted = {i: h for i, h in highest.items() if h > 0}
    total = math.fsum(weighted.values())
    if not weighted:
        first = next(iter(contributions), None)
        if first is None:
            raise ValueError("no issue to weigh")
        return AdditiveParts({first: 1.0}, {first: dict.fromkeys(contributions[first], 0.0)},
                             (), 0.0)
    capped = total > 1.0 + CAP_TOLERANCE
    scale = 1.0 if capped else total
    values = {i: {o: min(1.0, scale * f / h) for o, f in contributions[i].items()}
              for i, h in weighted.items()}
    terms: list[Interaction] = []
    if capped:
        rest = 1.0 - 1.0 / total
        for issue in weighted:
            for option, f in contributions[issue].items():
                if f <= 0:
                    continue
                for add in _split(f * rest):
                    terms.append(Interaction(id=f"{cap_prefix}-{len(terms) + 1}",
                                             when={issue: (option,)}, add=add, why=cap_why))
    return AdditiveParts(dict(weighted), values, tuple(terms), total)


def balanced(contributions: Mapping[str, Mapping[str, float]],
             constant: float = 0.0) -> dict[str, dict[str, float]]:
    """Contributions moved between issues so that none is negative, the constant folded in.

    For every deal the sum is unchanged (``constant`` included): an issue whose
    smallest contribution is negative is raised by it; what that adds, minus the
    constant, is taken back from issues whose smallest contribution is positive,
    in order, or (when the constant is the larger) added to the first issue.
    Issues untouched by that keep their contributions as they were.

    Raises
    ------
    ValueError
        When the smallest possible sum is negative (no such move exists).

    Examples
    --------
    >>> balanced({"x": {"a": -0.1, "b": 0.3}, "y": {"c": 0.2, "d": 0.5}})
    {'x': {'a': 0.0, 'b': 0.4}, 'y': {'c': 0.1, 'd': 0.4}}
    >>> balanced({"x": {"a": 0.0, "b": 0.5}}, constant=0.25)
    {'x': {'a': 0.25, 'b': 0.75}}
    """
    lows = {i: min(t.values()) for i, t in contributions.items()}
    if math.fsum(lows.values()) + constant < -CAP_TOLERANCE:
        raise ValueError("the smallest possible sum is negative")
    shifts = {i: max(0.0, -low) for i, low in lows.items()}
    owed = math.fsum(shifts.values()) - constant
    for issue, low in lows.items():
        if owed <= 0:
            break
        if low > 0:
            take = min(low, owed)
            shifts[issue] -= take
            owed -= take
    if owed < 0:
        first = next(iter(contributions))
        shifts[first] -= owed
    return {i: {o: max(0.0, f + shifts[i]) for o, f in t.items()}
            for i, t in contributions.items()}


def lowest_total(options: Mapping[str, Sequence[str]], terms: Sequence[Interaction],
                 base: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """The smallest sum, over every deal, of ``base`` contributions plus the terms it meets.

    Terms over several issues tie those issues together; each group so tied is
    enumerated on its own (the other issues add their smallest contribution), so
    the answer is exact whenever no group has more than :data:`ENUMERATE_LIMIT`
    combinations; a larger group adds a lower bound instead (its issues'
    smallest contributions, plus every negative term among them).

    Examples
    --------
    >>> from accord.scenario.model import Interaction
    >>> t = Interaction(when={"x": "a", "y": "c"}, add=-0.2)
    >>> lowest_total({"x": ["a", "b"], "y": ["c", "d"]}, [t], {"x": {"a": 0.25, "b": 0.0}})
    0.0
    """
    table = {i: {o: (base or {}).get(i, {}).get(o, 0.0) for o in opts}
             for i, opts in options.items()}
    multi = []
    for term in terms:
        if len(term.when) == 1:
            ((issue, chosen),) = term.when.items()
            for o in set(chosen):
                table[issue][o] += term.add
        else:
            multi.append(term)
    group = {i: i for i in options}             # union-find over the issues terms tie

    def root(i: str) -> str:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for term in multi:
        first, *rest = term.when
        for other in rest:
            group[root(other)] = root(first)
    members: dict[str, list[str]] = {}
    for i in options:
        members.setdefault(root(i), []).append(i)
    tied: dict[str, list[Interaction]] = {}
    for term in multi:
        tied.setdefault(root(next(iter(term.when))), []).append(term)
    parts = []
    for key, ids in members.items():
        parts.append(_lowest_in(ids, options, table, tied.get(key, [])))
    return math.fsum(parts)


def _lowest_in(ids: Sequence[str], options: Mapping[str, Sequence[str]],
               table: Mapping[str, Mapping[str, float]], terms: Sequence[Interaction]) -> float:
    """The smallest sum over one group of tied issues (a lower bound past the limit)."""
    floor = math.fsum(min(table[i].values()) for i in ids)
    if not terms:
        return floor
    if math.prod(len(options[i]) for i in ids) > ENUMERATE_LIMIT:
        return floor + math.fsum(t.add for t in terms if t.add < 0)
    lowest = math.inf
    for combo in itertools.product(*(options[i] for i in ids)):
        deal = dict(zip(ids, combo, strict=True))
        u = math.fsum(table[i][o] for i, o in deal.items())
        u += math.fsum(t.add for t in terms if all(deal[i] in o for i, o in t.when.items()))
        lowest = min(lowest, u)
    return lowest
