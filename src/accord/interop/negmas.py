"""accord scenarios as NegMAS objects, and back.

:func:`to_negmas` gives a ``negmas.inout.Scenario``: one categorical issue per
accord issue (its values are the option ids, in order, so NegMAS's outcome
index is accord's deal index) and one utility function per actor with
preferences, in actor order, each with the actor's reservation value:

- an actor without interaction terms gets a ``LinearAdditiveUtilityFunction``
  with its normalised weights and value tables (the same utilities, not
  rounded to 12 decimals as accord's are);
- an actor with interaction terms gets an ``AccordUtility`` (a NegMAS utility
  function defined here) that computes accord's utility exactly.

A NegMAS outcome space holds every combination of the issues' values, so a
scenario's constraints go into the utility functions: every actor is then an
``AccordUtility`` that gives a deal breaking a constraint the utility
``infeasible`` (``-1.0`` unless told otherwise), below every reservation value.
No rational agent accepts such a deal, and it is never Pareto-optimal while a
feasible deal exists; ``infeasible=None`` refuses such scenarios instead.
The scenario's title and the actors' GENIUS discount factors (metadata, not
applied to the utilities) go into the NegMAS scenario's ``info``.

:func:`from_negmas` reads such objects back, and also NegMAS's own
linear-additive utility functions over discrete issues, exactly (an
``ExpDiscountedUFun`` around one, as NegMAS reads a GENIUS discount factor,
gives the wrapped utility and keeps the factor as metadata): it refuses what
accord cannot hold as it is (continuous issues, other kinds of utility
function, a function of another outcome space, utilities outside 0..1 unless
``rescale=True`` maps each actor's range, its reservation value included,
onto 0..1, which keeps the Pareto frontier and the Nash deal).

NegMAS is AGPL-licensed and optional: it is imported inside these functions
only, and a clear :class:`~accord.errors.InputError` says so when it is missing.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> toy = toy_scenario().model_copy(update={"constraints": ()})
>>> ns = to_negmas(toy)                                    # doctest: +SKIP
>>> [u.name for u in ns.ufuns], ns.outcome_space.cardinality   # doctest: +SKIP
(['a', 'b', 'c'], 18)
>>> from_negmas(ns, id="toy").preferences["a"].reservation   # doctest: +SKIP
0.4
>>> kept = to_negmas(toy_scenario())                      # doctest: +SKIP
>>> from_negmas(kept, id="toy").constraints == toy_scenario().constraints  # doctest: +SKIP
True
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import Any

from accord.errors import InputError, Problem
from accord.scenario.additive import additive_parts, balanced
from accord.scenario.ids import slug, unique_slugs
from accord.scenario.model import (
    Actor,
    Condition,
    Constraint,
    Issue,
    Option,
    Preferences,
    Scenario,
    Source,
)

__all__ = ["feasible", "from_negmas", "negmas_available", "to_negmas", "utility_of"]

_INSTALL = ("NegMAS is not installed. It is an optional, AGPL-licensed library that accord "
            "does not ship: install it yourself with `pip install negmas`.")


def _negmas(module: str = "negmas") -> Any:
    """The NegMAS module (or one of its submodules), imported now."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError.single("NegMAS is not available", expected="the negmas package",
                                found="no module named 'negmas'", suggestion=_INSTALL) from None


def negmas_available() -> bool:
    """Whether NegMAS can be imported here."""
    try:
        _negmas()
    except InputError:
        return False
    return True


def utility_of(prefs: Preferences, deal: dict[str, str]) -> float:
    """An actor's accord utility for a complete deal, in plain Python.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> prefs = toy_scenario().preferences["a"]
    >>> utility_of(prefs, {"price": "high", "delivery": "fast", "warranty": "none"})
    0.86
    """
    weights = prefs.normalised_weights
    u = math.fsum(w * prefs.values[i][deal[i]] for i, w in weights.items() if w > 0)
    u += math.fsum(t.add for t in prefs.interactions
                   if all(deal[i] in opts for i, opts in t.when.items()))
    u = min(max(u, 0.0), 1.0)
    return math.floor(u * 1e12 + 0.5) / 1e12


def _meets(condition: Condition, deal: dict[str, str]) -> bool:
    return all(deal[i] in options for i, options in condition.items())


def feasible(constraints: Sequence[Constraint], deal: dict[str, str]) -> bool:
    """Whether a complete deal keeps every constraint, in plain Python.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> rules = toy_scenario().constraints
    >>> rules[0].forbid
    {'delivery': ('fast',), 'warranty': ('two-years',)}
    >>> feasible(rules, {"price": "high", "delivery": "fast", "warranty": "two-years"})
    False
    >>> feasible(rules, {"price": "high", "delivery": "fast", "warranty": "none"})
    True
    """
    for rule in constraints:
        if rule.forbid is not None:
            if _meets(rule.forbid, deal):
                return False
        elif rule.if_ is not None and rule.then is not None \
                and _meets(rule.if_, deal) and not _meets(rule.then, deal):
            return False
    return True


def _accord_utility_class() -> type:
    """NegMAS's ``UtilityFunction`` computing an accord actor's utility (made on first use)."""
    global _ACCORD_UTILITY
    if _ACCORD_UTILITY is None:
        base = _negmas("negmas.preferences").UtilityFunction

        class AccordUtility(base):  # type: ignore[misc, valid-type]
            """An accord actor's utility in NegMAS: weights, values, interaction terms,
            and the scenario's constraints (a deal that breaks one is worth ``infeasible``).
            """

            def __init__(self, preferences: Preferences, issue_ids: Sequence[str],
                         constraints: Sequence[Constraint] = (), infeasible: float = -1.0,
                         sources: Sequence[Source] = (), **kwargs: Any) -> None:
                super().__init__(**kwargs)
                self.accord_preferences = preferences
                self.accord_issue_ids = tuple(issue_ids)
                self.accord_constraints = tuple(constraints)
                self.accord_infeasible = float(infeasible)
                # the sources the preferences' evidence cites, for from_negmas
                cited = {e.source for e in preferences.evidence}
                self.accord_sources = tuple(x for x in sources if x.id in cited)

            def eval(self, offer: Any) -> float | None:
                if offer is None:
                    return self.reserved_value  # type: ignore[no-any-return]
                deal = dict(zip(self.accord_issue_ids, offer, strict=True))
                if not feasible(self.accord_constraints, deal):
                    return self.accord_infeasible
                return utility_of(self.accord_preferences, deal)

        _ACCORD_UTILITY = AccordUtility
    return _ACCORD_UTILITY


_ACCORD_UTILITY: type | None = None


def to_negmas(scenario: Scenario, *, infeasible: float | None = -1.0) -> Any:
    """The scenario as a ``negmas.inout.Scenario``: issues, outcome space, one utility per actor.

    Parameters
    ----------
    scenario
        The scenario.
    infeasible
        What a deal that breaks one of the scenario's constraints is worth to
        every actor: below 0, so below every reservation value (a NegMAS outcome
        space holds every combination of the issues' values, so the constraints
        live in the utility functions). ``None`` refuses a scenario with
        constraints instead.

    Raises
    ------
    InputError
        When NegMAS is missing, ``infeasible`` is not a number below 0, or the
        scenario has constraints and ``infeasible`` is ``None``.
    """
    _negmas()
    rules = scenario.constraints
    if rules and infeasible is None:
        raise InputError.single(
            "NegMAS outcome spaces have no constraints", path=("constraints",),
            expected="a scenario without constraints",
            found=", ".join(c.id for c in rules),
            suggestion="pass infeasible=-1.0 to give a deal that breaks one a utility below "
                       "every reservation value, or analyse the scenario with accord")
    if infeasible is not None and not (math.isfinite(infeasible) and infeasible < 0):
        raise InputError.single(
            "the utility of an infeasible deal must be below 0", path=("infeasible",),
            expected="a number below 0 (below every reservation value)",
            found=repr(infeasible),
            suggestion="use -1.0: no rational agent accepts such a deal, and it stays off "
                       "the Pareto frontier")
    outcomes = _negmas("negmas.outcomes")
    make_issue, make_os = outcomes.make_issue, outcomes.make_os
    linear = _negmas("negmas.preferences").LinearAdditiveUtilityFunction

    issues = [make_issue(list(i.option_ids), name=i.id) for i in scenario.issues]
    space = make_os(issues, name=scenario.id)
    ufuns = []
    for actor in scenario.modelled_actors:
        prefs = scenario.preferences[actor.id]
        if prefs.interactions or rules:
            ufuns.append(_accord_utility_class()(
                prefs, scenario.issue_ids, constraints=rules,
                infeasible=-1.0 if infeasible is None else infeasible, sources=scenario.sources,
                outcome_space=space, reserved_value=float(prefs.reservation), name=actor.id))
            continue
        weights = prefs.normalised_weights
        values = {i.id: {o: float(prefs.values.get(i.id, {}).get(o, 0.0)) for o in i.option_ids}
                  for i in scenario.issues}
        ufuns.append(linear(
            values=values, weights={i.id: weights.get(i.id, 0.0) for i in scenario.issues},
            outcome_space=space, reserved_value=float(prefs.reservation), name=actor.id))
    discounts = {a.id: scenario.preferences[a.id].discount for a in scenario.modelled_actors
                 if scenario.preferences[a.id].discount is not None}
    return _negmas("negmas.inout").Scenario(
        outcome_space=space, ufuns=tuple(ufuns), name=scenario.id,
        info={"accord_title": scenario.title, "accord_discounts": discounts})


def _issue_values(issue: Any, k: int) -> list[Any]:
    if not issue.is_discrete():
        raise InputError.single(
            "a continuous NegMAS issue", path=("issues", k), expected="discrete issues",
            found=f"{issue.name!r} over {issue.values}",
            suggestion="discretise it first (e.g. negmas make_issue with a list of values)")
    return list(issue.all)


def _tables(ufun: Any, issues: list[Issue], raw: list[list[Any]], k: int
            ) -> tuple[dict[str, dict[str, float]] | None, list[Problem]]:
    """Per issue and option, ``w_i * f_i(x)`` of a NegMAS linear-additive function."""
    values = list(ufun.values.values()) if isinstance(ufun.values, dict) else list(ufun.values)
    weights = list(ufun.weights.values()) if isinstance(ufun.weights, dict) \
        else list(ufun.weights)
    own = getattr(ufun, "outcome_space", None)
    names = [str(i.name) for i in getattr(own, "issues", None) or ()]
    wanted = [i.name or i.id for i in issues]     # the NegMAS names (see from_negmas)
    if (own is not None and names != wanted) or len(values) != len(issues) \
            or len(weights) != len(issues):
        return None, [Problem(
            f"{ufun.name!r} is defined over another outcome space", path=("ufuns", k),
            expected=f"a function of the issues {', '.join(map(repr, wanted))}, in this order",
            found=(f"issues {', '.join(map(repr, names))}" if own is not None and names
                   else f"{len(values)} value functions and {len(weights)} weights"),
            suggestion="make every utility function over the outcome space passed with it")]
    tables: dict[str, dict[str, float]] = {}
    for issue, vals, fun, w in zip(issues, raw, values, weights, strict=True):
        table = tables[issue.id] = {}
        for o, v in zip(issue.option_ids, vals, strict=True):
            try:
                table[o] = float(w) * float(fun(v))
            except Exception as exc:   # NegMAS runs the user's own value functions
                return None, [Problem(
                    f"cannot evaluate {ufun.name!r} on issue {issue.name or issue.id!r}",
                    path=("ufuns", k), expected="a number for every value of the issue",
                    found=f"{v!r}: {type(exc).__name__}: {exc}",
                    suggestion="make the utility function over the outcome space passed "
                               "with it")]
    return tables, []


def _linear_preferences(ufun: Any, issues: list[Issue], raw: list[list[Any]], k: int,
                        rescale: bool, reserved: Any
                        ) -> tuple[Preferences | None, list[Problem]]:
    """An accord actor from a NegMAS ``LinearAdditiveUtilityFunction``, exactly.

    NegMAS's utility is ``bias + sum_i w_i * f_i(x_i)``, with ``low`` and ``high``
    its smallest and largest value; the bias is folded into the issues'
    contributions (:func:`~accord.scenario.additive.balanced`). With ``rescale``,
    an actor whose utilities or reservation value ``r`` leave 0..1 has them all
    mapped by one increasing linear map, from ``[min(low, r), max(high, r)]``
    onto 0..1: gains over the reservation value keep their ratios, and so the
    Pareto frontier and the Nash deal stay the same.
    """
    tables, problems = _tables(ufun, issues, raw, k)
    if tables is None:
        return None, problems
    bias = float(getattr(ufun, "_bias", 0.0) or 0.0)
    low = math.fsum(min(t.values()) for t in tables.values()) + bias
    high = math.fsum(max(t.values()) for t in tables.values()) + bias
    r = 0.0 if reserved is None or not math.isfinite(float(reserved)) else float(reserved)
    outside = low < -1e-12 or high > 1 + 1e-12 or not 0.0 <= r <= 1.0
    bottom, top = min(low, r), max(high, r)     # the range, the reservation value in it
    if rescale and outside and top > bottom:
        span = top - bottom
        tables = {i: {o: (f - min(t.values())) / span for o, f in t.items()}
                  for i, t in tables.items()}
        bias = low = (low - bottom) / span
        high = (high - bottom) / span
        r = min(max((r - bottom) / span, 0.0), 1.0)
    if low < -1e-12 or high > 1 + 1e-12:
        problems.append(Problem(
            f"utilities of {ufun.name!r} range over [{low:.4g}, {high:.4g}]", path=("ufuns", k),
            expected="utilities within 0..1, as accord's are", found=f"[{low:.4g}, {high:.4g}]",
            suggestion="pass rescale=True to map each actor's range onto 0..1 (the Pareto "
                       "frontier and the Nash deal stay the same), or normalise it in NegMAS"))
    if not 0.0 <= r <= 1.0:
        problems.append(Problem(f"reservation value of {ufun.name!r} outside 0..1",
                                path=("ufuns", k), expected="a reservation value in 0..1",
                                found=f"{r:g}", suggestion="pass rescale=True"))
    if problems:
        return None, problems
    parts = additive_parts(balanced(tables, bias))
    return Preferences(reservation=r, weights=parts.weights, values=parts.values,
                       interactions=parts.interactions), []


def _undiscounted(ufun: Any, k: int) -> tuple[Any, float | None, Any, list[Problem]]:
    """A NegMAS exponential discount taken off: the function it wraps, its factor, the reservation.

    NegMAS reads a GENIUS profile's discount factor as an ``ExpDiscountedUFun``
    around the profile (its own reserved value then ``-inf``). accord keeps the
    factor as metadata, as on a GENIUS import: the utility is the wrapped one's
    (at time 0) and so is the reservation value, unless the wrapper sets one.
    """
    reserved = ufun.reserved_value
    if not isinstance(ufun, _negmas("negmas.preferences").ExpDiscountedUFun):
        return ufun, None, reserved, []
    inner, factor = ufun.ufun, ufun.discount
    if reserved is None or not math.isfinite(float(reserved)):
        reserved = inner.reserved_value
    if factor is None or factor == 1.0:
        return inner, factor, reserved, []
    if not (isinstance(factor, (int, float)) and 0.0 < factor <= 1.0):
        return inner, None, reserved, [Problem(
            f"discount factor of {ufun.name!r} outside (0, 1]", path=("ufuns", k),
            expected="a discount factor in (0, 1], as GENIUS's", found=repr(factor))]
    return inner, float(factor), reserved, []


def from_negmas(negmas_scenario: Any = None, *, outcome_space: Any = None,
                ufuns: Sequence[Any] | None = None, id: str | None = None,
                title: str | None = None, rescale: bool = False) -> Scenario:
    """A scenario from NegMAS objects: a ``negmas.inout.Scenario``, or an outcome space and ufuns.

    Parameters
    ----------
    negmas_scenario
        A NegMAS scenario (its ``outcome_space`` and ``ufuns`` are used).
    outcome_space, ufuns
        Or these directly.
    id, title
        The scenario's id and title (default: from the outcome space's name;
        the title ``to_negmas`` kept in the NegMAS scenario's ``info``).
    rescale
        Map each actor's utility range (and reservation value) linearly onto
        0..1 when it is not already within it.

    Raises
    ------
    InputError
        For continuous issues, utility functions accord cannot read exactly
        (or cannot evaluate on the outcome space given), utilities outside 0..1
        (without ``rescale``), a discount factor outside (0, 1], or NegMAS missing.
    """
    if negmas_scenario is not None:
        outcome_space = negmas_scenario.outcome_space
        ufuns = negmas_scenario.ufuns
    if outcome_space is None or not ufuns:
        raise InputError.single("nothing to convert", expected="a NegMAS scenario, or an "
                                "outcome space and utility functions", found="neither")
    raw = [_issue_values(issue, k) for k, issue in enumerate(outcome_space.issues)]
    issue_ids = unique_slugs([str(i.name) for i in outcome_space.issues], "issue")
    issues = []
    for ident, negmas_issue, vals in zip(issue_ids, outcome_space.issues, raw, strict=True):
        labels = [str(v) for v in vals]
        options = tuple(Option(id=o, name=label if label != o else "")
                        for o, label in zip(unique_slugs(labels, "option"), labels, strict=True))
        name = str(negmas_issue.name)
        issues.append(Issue(id=ident, name=name if name != ident else "", options=options,
                            status_quo=options[0].id))
    accord_utility = _accord_utility_class()
    linear = _negmas("negmas.preferences").LinearAdditiveUtilityFunction
    actor_ids = unique_slugs([str(u.name) for u in ufuns], "party")
    problems: list[Problem] = []
    prefs: dict[str, Preferences] = {}
    rules: dict[str, Constraint] = {}     # the constraints the utility functions carry
    sources: dict[str, Source] = {}       # and the sources their evidence cites
    info = getattr(negmas_scenario, "info", None) or {}
    discounts = info.get("accord_discounts") or {}
    for k, (given, actor_id) in enumerate(zip(ufuns, actor_ids, strict=True)):
        ufun, factor, reserved, unwrapped = _undiscounted(given, k)
        problems += unwrapped
        kept_factor = discounts.get(str(given.name))     # what to_negmas recorded
        if factor is None and isinstance(kept_factor, float) and 0.0 < kept_factor <= 1.0:
            factor = kept_factor
        if isinstance(ufun, accord_utility):
            prefs[actor_id] = getattr(ufun, "accord_preferences")  # noqa: B009
            for kind, held, attribute in (("constraints", rules, "accord_constraints"),
                                          ("sources", sources, "accord_sources")):
                for item in getattr(ufun, attribute, ()):
                    if held.setdefault(item.id, item) != item:
                        problems.append(Problem(
                            f"two {kind} named {item.id!r} differ", path=("ufuns", k),
                            expected=f"the same {kind} in every utility function",
                            found=f"{actor_id!r} holds another {item.id!r}",
                            suggestion="make every utility function with one to_negmas call"))
        elif isinstance(ufun, linear):
            found, issues_found = _linear_preferences(ufun, issues, raw, k, rescale, reserved)
            problems += issues_found
            if found is not None:
                prefs[actor_id] = found
        if actor_id in prefs and factor is not None:
            prefs[actor_id] = prefs[actor_id].model_copy(update={"discount": factor})
        if not isinstance(ufun, (accord_utility, linear)):
            problems.append(Problem(
                f"cannot read {type(ufun).__name__} exactly", path=("ufuns", k),
                expected="LinearAdditiveUtilityFunction (or a utility made by to_negmas)",
                found=type(ufun).__name__,
                suggestion="accord holds weighted values plus interaction terms; convert "
                           "the utility function to a linear-additive one first"))
    if problems:
        raise InputError(tuple(problems))
    name = str(getattr(outcome_space, "name", "") or "negmas")
    kept = info.get("accord_title")
    title = title or (kept if isinstance(kept, str) and kept else name)
    return Scenario(accord=1, id=id or slug(name, "negmas"), title=title,
                    actors=tuple(Actor(id=a, name=str(u.name) if str(u.name) != a else "")
                                 for a, u in zip(actor_ids, ufuns, strict=True)),
                    issues=tuple(issues), preferences=prefs, constraints=tuple(rules.values()),
                    sources=tuple(sources.values()))
