"""Cross-reference checks: everything a careful reader of a scenario would catch.

:func:`scenario_errors` runs when a :class:`~accord.scenario.model.Scenario` is
built; each problem carries the path in the document, so the loader can add
file, line and column. :func:`scenario_warnings` lists what is doubtful but not
wrong (numbers without evidence, values for an issue the actor does not weigh),
and :func:`proposal_errors` checks a proposal against a scenario.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from accord.errors import PathPart, Problem, suggest
from accord.scenario.model import Distribution, Proposal, Scenario
from accord.scenario.paths import (
    covers,
    example_parameter,
    parameter_domain,
    parameter_paths,
    parse_parameter,
    resolve_parameter,
)

__all__ = ["proposal_errors", "scenario_errors", "scenario_warnings"]

Path = tuple[PathPart, ...]


def _duplicates(ids: Sequence[str], path: Path, field: str = "id") -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for k, ident in enumerate(ids):
        if ident in seen:
            out.append(Problem(f"duplicate id {ident!r}", path=(*path, k, field),
                               expected="ids that differ from one another",
                               found=f"{ident!r}, already used at {path[-1]}[{seen[ident]}]",
                               suggestion="rename one of them"))
        else:
            seen[ident] = k
    return out


def _condition(scenario: Scenario, condition: Mapping[str, Iterable[str]] | None,
               path: Path) -> list[Problem]:
    if condition is None:
        return []
    out = []
    for issue_id, options in condition.items():
        if issue_id not in scenario.issue_ids:
            out.append(Problem("unknown issue", path=(*path, issue_id), expected="an issue id",
                               found=repr(issue_id),
                               suggestion=suggest(issue_id, scenario.issue_ids, "issues")))
            continue
        valid = scenario.issue(issue_id).option_ids
        known = set(valid)
        for k, opt in enumerate(options):
            if opt not in known:
                sub = (*path, issue_id) if isinstance(options, str) or len(tuple(options)) == 1 \
                    else (*path, issue_id, k)
                out.append(Problem(f"issue {issue_id!r} has no option {opt!r}", path=sub,
                                   expected=f"an option of {issue_id!r}", found=repr(opt),
                                   suggestion=suggest(opt, valid, "options")))
    return out


def _about(scenario: Scenario, actor: str, about: Sequence[str], path: Path) -> list[Problem]:
    out = []
    for k, text in enumerate(about):
        sub = (*path, "about") if len(about) == 1 else (*path, "about", k)
        try:
            parsed = parse_parameter(text, actor=actor, groups=True)
        except ValueError as exc:
            out.append(Problem("bad parameter path", path=sub, found=repr(text),
                               expected="reservation, power, weights.<issue>, "
                                        "values.<issue>[.<option>] or interactions.<id>",
                               suggestion=str(exc)))
            continue
        if parsed.kind == "veto":
            out.append(Problem("veto is not a number", path=sub, found=repr(text),
                               expected="a numeric parameter"))
            continue
        problem = resolve_parameter(scenario, parsed)
        if problem:
            out.append(Problem("evidence names a parameter that does not exist", path=sub,
                               found=repr(text), expected="a parameter of this actor",
                               suggestion=problem))
    return out


def _distribution(scenario: Scenario, key: str, dist: Distribution) -> list[Problem]:
    path: Path = ("uncertainty", key)
    example = example_parameter(scenario)
    out: list[Problem] = []
    targets: list[tuple[str, tuple[float, float], Path]] = []
    if "." in key:
        if dist.moves is not None:
            out.append(Problem("'moves' belongs to a shared draw", path=(*path, "moves"),
                               expected="a shared-draw name (no dots) as the key",
                               found=f"the parameter path {key!r}",
                               suggestion="give the draw a name, e.g. 'hawkishness', and list "
                                          f"{key!r} under its moves"))
        targets.append((key, dist.support, path))
    else:
        if not dist.moves:
            out.append(Problem("not a parameter path", path=path, found=repr(key),
                               expected="actor.kind[.issue[.option]], "
                                        "or a shared draw with 'moves'",
                               suggestion=f"write e.g. {example!r}, or add moves: "
                                          f"{{{example}: [0.4, 0.7]}}"))
        low, high = dist.support
        if dist.moves and not low < high:
            # the moves map the draw's range onto theirs: a single point has no range to map
            first = next(iter(dist.moves))
            out.append(Problem("a shared draw whose values are all the same", path=path,
                               expected="a distribution with at least two different values",
                               found=f"every draw is {low:g}",
                               suggestion=f"write the value you mean for {first} (and any "
                                          "other moved parameter) directly in the preferences, "
                                          "or give the draw a range"))
        for target, (at_low, at_high) in (dist.moves or {}).items():
            targets.append((target, (min(at_low, at_high), max(at_low, at_high)),
                            (*path, "moves", target)))
    for target, (lo, hi), where in targets:
        try:
            parsed = parse_parameter(target)
        except ValueError as exc:
            out.append(Problem("bad parameter path", path=where, found=repr(target),
                               expected="actor.kind[.issue[.option]]", suggestion=str(exc)))
            continue
        problem = resolve_parameter(scenario, parsed)
        if problem:
            out.append(Problem("uncertainty names a parameter that does not exist", path=where,
                               found=repr(target), expected="a parameter of the scenario",
                               suggestion=problem))
            continue
        if parsed.kind == "veto":
            out.append(Problem("veto is not a number", path=where, found=repr(target),
                               expected="a numeric parameter"))
            continue
        dlo, dhi = parameter_domain(parsed)
        if lo < dlo or hi > dhi:
            out.append(Problem("draws can fall outside what the parameter allows", path=where,
                               expected=f"values within [{dlo}, {dhi}] for {parsed.kind}",
                               found=f"a range reaching [{lo}, {hi}]",
                               suggestion="narrow the distribution so every draw is valid"))
    return out


def scenario_errors(scenario: Scenario) -> list[Problem]:
    """Every inconsistency in ``scenario``, each with its path in the document.

    An empty list means the scenario is consistent (the feasibility of its
    constraint set is checked separately, by :func:`accord.space.check_feasible`).
    """
    s = scenario
    out: list[Problem] = []
    out += _duplicates([x.id for x in s.sources], ("sources",))
    out += _duplicates([x.id for x in s.actors], ("actors",))
    out += _duplicates([x.id for x in s.issues], ("issues",))
    out += _duplicates([x.id for x in s.constraints], ("constraints",))
    for k, issue in enumerate(s.issues):
        out += _duplicates(issue.option_ids, ("issues", k, "options"))
        if issue.status_quo not in issue.option_ids:
            out.append(Problem("the status quo is not an option", path=("issues", k, "status_quo"),
                               expected=f"one of the options of {issue.id!r}",
                               found=repr(issue.status_quo),
                               suggestion=suggest(issue.status_quo, issue.option_ids, "options")))
    if not s.veto_actors:
        out.append(Problem("no actor has a veto", path=("actors",),
                           expected="at least one actor with veto: true",
                           found="every actor with veto: false",
                           suggestion="mark the actors whose consent a deal needs with veto: true"))
    for actor in s.veto_actors:
        if actor.id not in s.preferences:
            out.append(Problem(f"veto actor {actor.id!r} has no preferences",
                               path=("preferences",),
                               expected=f"preferences for every veto actor, including {actor.id!r}",
                               found=f"preferences for {', '.join(s.preferences) or 'nobody'}",
                               suggestion=f"add preferences.{actor.id}, or set veto: false"))
    for k, c in enumerate(s.constraints):
        out += _condition(s, c.forbid, ("constraints", k, "forbid"))
        out += _condition(s, c.if_, ("constraints", k, "if"))
        out += _condition(s, c.then, ("constraints", k, "then"))
    for actor_id, prefs in s.preferences.items():
        base: Path = ("preferences", actor_id)
        if actor_id not in s.actor_ids:
            out.append(Problem("preferences for an unknown actor", path=base,
                               expected="an actor id",
                               found=repr(actor_id),
                               suggestion=suggest(actor_id, s.actor_ids, "actors")))
            continue
        for issue_id in prefs.weights:
            if issue_id not in s.issue_ids:
                out.append(Problem("weight for an unknown issue", path=(*base, "weights", issue_id),
                                   expected="an issue id", found=repr(issue_id),
                                   suggestion=suggest(issue_id, s.issue_ids, "issues")))
        if math.fsum(prefs.weights.values()) <= 0 and not prefs.interactions:
            out.append(Problem("every weight is zero", path=(*base, "weights"),
                               expected="at least one positive weight", found="all zero",
                               suggestion="give weight to the issues this actor cares about"))
        for issue_id, table in prefs.values.items():
            if issue_id not in s.issue_ids:
                out.append(Problem("values for an unknown issue", path=(*base, "values", issue_id),
                                   expected="an issue id", found=repr(issue_id),
                                   suggestion=suggest(issue_id, s.issue_ids, "issues")))
                continue
            options = s.issue(issue_id).option_ids
            known = set(options)
            for opt in table:
                if opt not in known:
                    out.append(Problem(f"issue {issue_id!r} has no option {opt!r}",
                                       path=(*base, "values", issue_id, opt),
                                       expected=f"an option of {issue_id!r}", found=repr(opt),
                                       suggestion=suggest(opt, options, "options")))
        for issue_id, weight in prefs.weights.items():
            if weight <= 0 or issue_id not in s.issue_ids:
                continue
            options = s.issue(issue_id).option_ids
            table = prefs.values.get(issue_id, {})
            missing = [o for o in options if o not in table]
            if missing:
                where = (*base, "values", issue_id) if table else (*base, "weights", issue_id)
                out.append(Problem(f"issue {issue_id!r} has weight but not every option "
                                   "has a value",
                                   path=where, expected=f"a value for each of {', '.join(options)}",
                                   found=f"no value for {', '.join(missing)}",
                                   suggestion=f"add values.{issue_id}."
                                              f"{{{', '.join(missing)}}} in 0..1"))
        ids = [it.id for it in prefs.interactions if it.id]
        seen = Counter(ids)
        for k, it in enumerate(prefs.interactions):
            out += _condition(s, it.when, (*base, "interactions", k, "when"))
            if it.id and seen[it.id] > 1:
                out.append(Problem(f"duplicate interaction id {it.id!r}",
                                   path=(*base, "interactions", k, "id"),
                                   expected="ids that differ", found=repr(it.id)))
                seen[it.id] = 1
        source_ids = [x.id for x in s.sources]
        for k, ev in enumerate(prefs.evidence):
            if ev.source not in source_ids:
                out.append(Problem("evidence cites an unknown source",
                                   path=(*base, "evidence", k, "source"),
                                   expected="a source id listed under sources",
                                   found=repr(ev.source),
                                   suggestion=suggest(ev.source, source_ids, "sources")))
            out += _about(s, actor_id, ev.about, (*base, "evidence", k))
        for k, asm in enumerate(prefs.assumptions):
            out += _about(s, actor_id, asm.about, (*base, "assumptions", k))
    targeted: dict[str, str] = {}
    for key, dist in s.uncertainty.items():
        out += _distribution(s, key, dist)
        for target in ([key] if "." in key else list(dist.moves or {})):
            if target in targeted:
                out.append(Problem("a parameter has two distributions", path=("uncertainty", key),
                                   expected="each parameter drawn once",
                                   found=f"{target!r} drawn by both {targeted[target]!r} "
                                         f"and {key!r}",
                                   suggestion="keep one of them"))
            targeted[target] = key
    return out


def proposal_errors(proposal: Proposal, scenario: Scenario) -> list[Problem]:
    """What in ``proposal`` does not fit ``scenario`` (unknown issues, options, actors)."""
    out = _condition(scenario, {k: (v,) for k, v in proposal.deal.items()}, ("deal",))
    for k, actor in enumerate(proposal.proposed_by):
        if actor not in scenario.actor_ids:
            out.append(Problem("unknown actor", path=("proposed_by", k) if
                               len(proposal.proposed_by) > 1 else ("proposed_by",),
                               expected="an actor id", found=repr(actor),
                               suggestion=suggest(actor, scenario.actor_ids, "actors")))
    source_ids = [x.id for x in scenario.sources]
    for k, ev in enumerate(proposal.evidence):
        if ev.source not in source_ids:
            out.append(Problem("evidence cites an unknown source",
                               path=("evidence", k, "source"), expected="a source of the scenario",
                               found=repr(ev.source),
                               suggestion=suggest(ev.source, source_ids, "sources")))
    return out


def unsupported_numbers(scenario: Scenario) -> list[str]:
    """The numbers (parameter paths) that no evidence or assumption covers."""
    missing = []
    for number in parameter_paths(scenario):
        actor, rel = number.split(".", 1)
        prefs = scenario.preferences[actor]
        abouts = [a for ev in prefs.evidence for a in ev.about]
        abouts += [a for asm in prefs.assumptions for a in asm.about]
        if not any(covers(a, rel) for a in abouts):
            missing.append(number)
    return missing


def _utility_bounds(scenario: Scenario, actor_id: str) -> tuple[float, float]:
    """Bounds on an actor's utility before clipping, tight for one interaction term at a time.

    For each term, the weighted sum is bounded over the deals that meet its
    conditions, and every other term of the same sign whose conditions are
    compatible with them is assumed to hold as well.
    """
    prefs = scenario.preferences[actor_id]
    weights = prefs.normalised_weights

    def linear(cond: Mapping[str, Iterable[str]], lowest: bool) -> float:
        total = 0.0
        for issue, w in weights.items():
            table = prefs.values.get(issue, {})
            allowed = set(cond.get(issue, table))
            options = [v for o, v in table.items() if o in allowed] or [0.0]
            total += w * (min(options) if lowest else max(options))
        return total

    def compatible(a: Mapping[str, Iterable[str]], b: Mapping[str, Iterable[str]]) -> bool:
        return all(set(a[i]) & set(b[i]) for i in a.keys() & b.keys())

    bottom = linear({}, True)
    top = linear({}, False)
    for term in prefs.interactions:
        same_sign = [o.add for o in prefs.interactions if o is not term and
                     (o.add < 0) == (term.add < 0) and compatible(o.when, term.when)]
        if term.add < 0:
            bottom = min(bottom, linear(term.when, True) + term.add + sum(same_sign))
        else:
            top = max(top, linear(term.when, False) + term.add + sum(same_sign))
    return bottom, top


def scenario_warnings(scenario: Scenario, clipping: bool = True) -> list[Problem]:
    """What is doubtful but not wrong in ``scenario``.

    - values given for an issue the actor gives no weight;
    - numbers that no evidence or assumption covers;
    - sources that no evidence cites;
    - with ``clipping``, interaction terms that can push a utility outside 0..1
      (it is clipped; pass ``False`` where the clip is meant, as in a GENIUS
      domain, whose cap at 1 the import writes as terms reaching past 1).
    """
    s = scenario
    out: list[Problem] = []
    for actor_id, prefs in s.preferences.items():
        base: Path = ("preferences", actor_id)
        for issue_id in prefs.values:
            if prefs.weights.get(issue_id, 0.0) <= 0 and issue_id in s.issue_ids:
                out.append(Problem(f"values for {issue_id!r}, which {actor_id!r} does not weigh",
                                   path=(*base, "values", issue_id), severity="warning",
                                   expected="a weight for every issue with values",
                                   found=f"no weight for {issue_id!r}",
                                   suggestion=f"add weights.{issue_id}, or drop these values"))
        if not (clipping and prefs.interactions):
            continue
        bottom, top = _utility_bounds(s, actor_id)
        if top > 1 + 1e-9 or bottom < -1e-9:
            out.append(Problem("interaction terms can push a utility outside 0..1",
                               path=(*base, "interactions"), severity="warning",
                               expected="utilities within 0..1",
                               found=f"a possible range of [{bottom:.3f}, {top:.3f}]",
                               suggestion="utilities are clipped to 0..1; shrink the terms "
                                          "if that is not intended"))
    missing = unsupported_numbers(s)
    by_actor: dict[str, list[str]] = {}
    for number in missing:
        actor, rel = number.split(".", 1)
        by_actor.setdefault(actor, []).append(rel)
    for actor, rels in by_actor.items():
        shown = ", ".join(rels[:8]) + (f" and {len(rels) - 8} more" if len(rels) > 8 else "")
        out.append(Problem(f"{len(rels)} number(s) of {actor!r} have neither evidence nor an "
                           "assumption", path=("preferences", actor), severity="warning",
                           expected="evidence (source, quote) or an assumption (why) for each",
                           found=shown,
                           suggestion="add evidence with about: <path>, or an assumption "
                                      "saying why the number was chosen"))
    cited = {ev.source for p in s.preferences.values() for ev in p.evidence}
    for k, src in enumerate(s.sources):
        if src.id not in cited:
            out.append(Problem(f"source {src.id!r} is never cited", path=("sources", k, "id"),
                               severity="warning", expected="evidence citing each source",
                               found="no evidence cites it"))
    return out
