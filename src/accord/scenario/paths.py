"""Parameter paths: one name for every number in a scenario.

The same grammar serves ``whatif --param``, the ``uncertainty`` section and
evidence ``about`` fields::

    <actor>.reservation
    <actor>.power
    <actor>.veto                       (overrides only; not a number)
    <actor>.weights.<issue>            (raw weight, normalised with the others)
    <actor>.values.<issue>.<option>
    <actor>.interactions.<id or index>

Evidence and assumptions live inside an actor's preferences, so their ``about``
drops the actor (``values.nato``) and may name a group: ``weights``,
``values``, ``values.<issue>`` or ``interactions``.

Examples
--------
>>> str(parse_parameter("ru.values.nato.renounced"))
'ru.values.nato.renounced'
>>> parse_parameter("ru.weights.nato").issue
'nato'
>>> parse_parameter("ru.wieghts.nato")
Traceback (most recent call last):
...
ValueError: unknown parameter 'wieghts' after the actor; did you mean 'weights'?
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import ValidationError

from accord.errors import InputError, Problem, nearest, set_twice, suggest
from accord.scenario.messages import problems_from_validation_error
from accord.scenario.model import MAX_WEIGHT, Scenario

__all__ = [
    "ParameterPath",
    "canonical_overrides",
    "canonical_parameter",
    "covers",
    "example_parameter",
    "get_parameter",
    "parameter_domain",
    "parameter_paths",
    "parse_parameter",
    "resolve_parameter",
    "with_parameters",
]

Kind = Literal["reservation", "power", "veto", "weights", "values", "interactions"]
_KINDS: tuple[Kind, ...] = ("reservation", "power", "veto", "weights", "values", "interactions")
_ARITY = {"reservation": 0, "power": 0, "veto": 0, "weights": 1, "values": 2, "interactions": 1}


@dataclass(frozen=True)
class ParameterPath:
    """A parsed parameter path (not yet checked against a scenario)."""

    actor: str
    kind: Kind
    issue: str | None = None
    option: str | None = None
    interaction: str | None = None

    def __str__(self) -> str:
        parts = [self.actor, self.kind]
        parts += [p for p in (self.issue, self.option, self.interaction) if p is not None]
        return ".".join(parts)

    @property
    def relative(self) -> str:
        """The path without its actor, as evidence ``about`` writes it."""
        return str(self).split(".", 1)[1]


def example_parameter(scenario: Scenario) -> str:
    """A parameter path of this scenario to show in a message: its first actor's reservation.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> example_parameter(toy_scenario())
    'a.reservation'
    """
    return f"{next(iter(scenario.preferences), '<actor>')}.reservation"


def parse_parameter(text: str, actor: str | None = None, groups: bool = False) -> ParameterPath:
    """Parse ``text`` into a :class:`ParameterPath`.

    Parameters
    ----------
    text
        ``actor.kind[.issue[.option]]``, or without the actor when ``actor`` is given.
    actor
        The actor a relative path (an evidence ``about``) belongs to.
    groups
        Allow a path that names a group of numbers (``values.nato``, ``weights``).

    Raises
    ------
    ValueError
        With a message that says what is wrong and what would be right.
    """
    parts = text.strip().split(".")
    if actor is None:
        if len(parts) < 2 or not parts[0]:
            raise ValueError("a parameter path starts with an actor id, e.g. "
                             "'<actor>.reservation'")
        actor, parts = parts[0], parts[1:]
    kind = parts[0]
    if kind not in _KINDS:
        hint = nearest(kind, _KINDS)
        raise ValueError(f"unknown parameter {kind!r} after the actor"
                         + (f"; did you mean {hint[0]!r}?" if hint else
                            f"; expected one of {', '.join(_KINDS)}"))
    rest = parts[1:]
    arity = _ARITY[kind]
    if len(rest) > arity or (len(rest) < arity and not groups):
        shape = {"weights": "weights.<issue>", "values": "values.<issue>.<option>",
                 "interactions": "interactions.<id>"}.get(kind, kind)
        raise ValueError(f"'{kind}' is written {shape}, found {'.'.join(parts)!r}")
    if any(not p for p in rest):
        raise ValueError(f"empty name in parameter path {text!r}")
    if kind == "interactions":
        return ParameterPath(actor, kind, interaction=rest[0] if rest else None)
    return ParameterPath(actor, kind, issue=rest[0] if rest else None,
                         option=rest[1] if len(rest) > 1 else None)


def resolve_parameter(scenario: Scenario, path: ParameterPath) -> str | None:
    """Check ``path`` against ``scenario``; ``None`` when it names something real.

    Returns
    -------
    str or None
        A message saying what is unknown, with the nearest valid name.
    """
    if path.actor not in scenario.actor_ids:
        return f"unknown actor {path.actor!r}; {suggest(path.actor, scenario.actor_ids, 'actors')}"
    if path.kind in ("power", "veto"):
        return None
    prefs = scenario.preferences.get(path.actor)
    if prefs is None:
        return (f"actor {path.actor!r} has no preferences; add them under "
                f"preferences.{path.actor}")
    if path.kind in ("weights", "values") and path.issue is not None:
        if path.issue not in scenario.issue_ids:
            hint = suggest(path.issue, scenario.issue_ids, "issues")
            return f"unknown issue {path.issue!r}; {hint}"
        if path.option is not None:
            options = scenario.issue(path.issue).option_ids
            if path.option not in options:
                return (f"issue {path.issue!r} has no option {path.option!r}; "
                        f"{suggest(path.option, options, 'options')}")
    if path.kind == "interactions" and path.interaction is not None:
        names = [it.id for it in prefs.interactions if it.id]
        if path.interaction.isdigit():
            if int(path.interaction) >= len(prefs.interactions):
                return (f"actor {path.actor!r} has {len(prefs.interactions)} interaction(s); "
                        f"index {path.interaction} is out of range")
        elif path.interaction not in names:
            return (f"actor {path.actor!r} has no interaction {path.interaction!r}; "
                    f"{suggest(path.interaction, names, 'interaction ids')}")
    return None


def parameter_paths(scenario: Scenario) -> list[str]:
    """Every number in the scenario's preferences (and the veto actors' power).

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> parameter_paths(toy_scenario())[:4]
    ['a.reservation', 'a.power', 'a.weights.price', 'a.weights.delivery']
    """
    out: list[str] = []
    for actor in scenario.modelled_actors:
        prefs = scenario.preferences[actor.id]
        out.append(f"{actor.id}.reservation")
        if actor.veto:
            out.append(f"{actor.id}.power")
        out += [f"{actor.id}.weights.{issue}" for issue in prefs.weights]
        for issue, table in prefs.values.items():
            out += [f"{actor.id}.values.{issue}.{opt}" for opt in table]
        for k, it in enumerate(prefs.interactions):
            out.append(f"{actor.id}.interactions.{it.id or k}")
    return out


def covers(about: str, number: str) -> bool:
    """Whether an evidence ``about`` (relative) covers a number's relative path.

    Examples
    --------
    >>> covers("values.nato", "values.nato.renounced")
    True
    >>> covers("values.nat", "values.nato.renounced")
    False
    """
    return number == about or number.startswith(about + ".")


def parameter_domain(path: ParameterPath) -> tuple[float, float]:
    """The values a parameter may take.

    Examples
    --------
    >>> parameter_domain(parse_parameter("a.weights.x"))
    (0.0, 1e+100)
    """
    return {
        "reservation": (0.0, 1.0),
        "values": (0.0, 1.0),
        "weights": (0.0, MAX_WEIGHT),
        "power": (0.0, MAX_WEIGHT),
        "interactions": (-1.0, 1.0),
        "veto": (0.0, 1.0),
    }[path.kind]


def _interaction_index(scenario: Scenario, path: ParameterPath) -> int:
    prefs = scenario.preferences[path.actor]
    assert path.interaction is not None
    if path.interaction.isdigit():
        return int(path.interaction)
    return next(k for k, it in enumerate(prefs.interactions) if it.id == path.interaction)


def get_parameter(scenario: Scenario, text: str) -> float:
    """The current value of a parameter.

    Raises
    ------
    InputError
        When the path is malformed or names nothing in the scenario.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> get_parameter(toy_scenario(), "b.values.price.low")
    1.0
    """
    path = _checked(scenario, text)
    if path.kind in ("power", "veto"):
        return float(getattr(scenario.actor(path.actor), path.kind))
    prefs = scenario.preferences[path.actor]
    if path.kind == "reservation":
        return prefs.reservation
    if path.kind == "weights":
        assert path.issue is not None
        return prefs.weights.get(path.issue, 0.0)
    if path.kind == "values":
        assert path.issue is not None
        assert path.option is not None
        table = prefs.values.get(path.issue)
        if table is None or path.option not in table:
            raise InputError((_no_value(path, text),))
        return table[path.option]
    return prefs.interactions[_interaction_index(scenario, path)].add


def _no_value(path: ParameterPath, text: str) -> Problem:
    """The problem of a value the actor's preferences do not give (its issue weighs nothing)."""
    return Problem(f"{path.actor!r} gives no value for {path.issue!r}", path=("--param", text),
                   expected="a value the actor's preferences give", found="nothing",
                   suggestion=(f"a value counts only on an issue the actor weighs: give "
                               f"preferences.{path.actor}.weights.{path.issue} and a value for "
                               f"every option of {path.issue!r} in the scenario file"),
                   file="<command line>")


def _checked(scenario: Scenario, text: str, label: str = "parameter") -> ParameterPath:
    try:
        path = parse_parameter(text)
    except ValueError as exc:
        raise InputError.single(f"bad {label} path", expected="actor.kind[.issue[.option]]",
                                found=repr(text), suggestion=str(exc),
                                file="<command line>") from None
    problem = resolve_parameter(scenario, path)
    if problem is not None:
        raise InputError.single(f"bad {label} path", found=repr(text), suggestion=problem,
                                expected="a parameter that exists in the scenario",
                                file="<command line>")
    return path


def canonical_parameter(scenario: Scenario, text: str) -> str:
    """The one name of the number ``text`` names (spaces trimmed, an interaction by its id).

    A text that is not a parameter of ``scenario`` (a shared draw's name) is
    returned as it is.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> canonical_parameter(toy_scenario(), " a.reservation ")
    'a.reservation'
    >>> canonical_parameter(toy_scenario(), "market")
    'market'
    """
    try:
        path = parse_parameter(text)
    except ValueError:
        return text
    if resolve_parameter(scenario, path) is not None:
        return text
    if path.kind == "interactions":
        k = _interaction_index(scenario, path)
        it = scenario.preferences[path.actor].interactions[k]
        path = replace(path, interaction=it.id or str(k))
    return str(path)


def canonical_overrides(scenario: Scenario,
                        overrides: Mapping[str, float | bool]) -> dict[str, float | bool]:
    """``overrides`` under their canonical names, each parameter once.

    Raises
    ------
    InputError
        When a path names nothing in the scenario, two paths name one
        parameter (``a.reservation`` and ``a.reservation ``, an interaction by
        index and by id: which one would win is not the user's to guess), or a
        value is of the wrong kind (true/false for a number, a number other
        than 1 or 0 for a veto).

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> canonical_overrides(toy_scenario(), {"a.reservation ": 0.5})
    {'a.reservation': 0.5}
    >>> canonical_overrides(toy_scenario(), {"a.reservation": 0.5, " a.reservation": 0.6})
    Traceback (most recent call last):
    ...
    accord.errors.InputError: <command line>: error: a parameter set twice at --param.a.reservation
    ...
    """
    out, problems = _canonical(scenario, overrides)
    if problems:
        raise InputError(tuple(problems))
    return out


def _canonical(scenario: Scenario, overrides: Mapping[str, float | bool]
               ) -> tuple[dict[str, float | bool], list[Problem]]:
    """The overrides that name a parameter once, canonically, and the problems of the others."""
    out: dict[str, float | bool] = {}
    given: dict[str, str] = {}
    problems: list[Problem] = []
    for text, value in overrides.items():
        try:
            _checked(scenario, text)
        except InputError as exc:
            problems += exc.problems
            continue
        name = canonical_parameter(scenario, text)
        if name in given:
            problems.append(set_twice("--param", name, "parameter", given[name], text))
            continue
        given[name] = text
        problem = _kind_problem(parse_parameter(text).kind, name, value)
        if problem is not None:
            problems.append(problem)
            continue
        out[name] = value
    return out, problems


def _kind_problem(kind: Kind, name: str, value: float | bool) -> Problem | None:
    """A value of the wrong kind: a veto is true or false (or 1 or 0), the rest numbers."""
    if kind == "veto" and not (isinstance(value, bool) or value in (0, 1)):
        return Problem("a veto is true or false", path=("--param", name),
                       expected="true or false (or 1 or 0)", found=repr(value),
                       file="<command line>")
    if kind != "veto" and isinstance(value, bool):
        return Problem(f"a {kind} parameter is a number", path=("--param", name),
                       expected="a number", found=repr(value).lower(), file="<command line>",
                       suggestion="true/false are for <actor>.veto")
    return None


def _override_locations(scenario: Scenario,
                        overrides: Mapping[str, float | bool]) -> dict[tuple[str | int, ...], str]:
    """Where in the scenario's data each (canonical) override lands."""
    out: dict[tuple[str | int, ...], str] = {}
    for text in overrides:
        path = parse_parameter(text)
        if path.kind in ("power", "veto"):
            out[("actors", scenario.actor_ids.index(path.actor), path.kind)] = text
        elif path.kind == "reservation":
            out[("preferences", path.actor, "reservation")] = text
        elif path.kind == "interactions":
            out[("preferences", path.actor, "interactions",
                 _interaction_index(scenario, path), "add")] = text
        else:
            at = tuple(p for p in (path.issue, path.option) if p is not None)
            out[("preferences", path.actor, path.kind, *at)] = text
    return out


def with_parameters(scenario: Scenario, overrides: Mapping[str, float | bool]) -> Scenario:
    """A copy of ``scenario`` with some parameters set to new values.

    The copy is validated like a scenario read from a file, so an override that
    breaks it (a weight below zero, a value above 1) raises ``InputError``.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> s = with_parameters(toy_scenario(), {"a.reservation": 0.9, "b.weights.price": 3})
    >>> s.preferences["a"].reservation, s.preferences["b"].weights["price"]
    (0.9, 3.0)
    """
    data: dict[str, Any] = scenario.model_dump(by_alias=True)
    overrides, problems = _canonical(scenario, overrides)
    located = _override_locations(scenario, overrides)
    for text, value in overrides.items():
        path = parse_parameter(text)
        if path.kind in ("power", "veto"):
            actor = next(a for a in data["actors"] if a["id"] == path.actor)
            actor[path.kind] = bool(value) if path.kind == "veto" else value
            continue
        prefs = data["preferences"][path.actor]
        if path.kind == "reservation":
            prefs["reservation"] = value
        elif path.kind == "weights":
            prefs["weights"][path.issue] = value
        elif path.kind == "values":
            table = prefs["values"].get(path.issue)
            if table is None or path.option not in table:     # it would change nothing
                problems.append(_no_value(path, text))
                continue
            table[path.option] = value
        else:
            prefs["interactions"][_interaction_index(scenario, path)]["add"] = value
    try:
        changed = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += [
            Problem("an override makes the scenario invalid: " + p.message,
                    path=("--param", located[p.path]) if p.path in located else p.path,
                    expected=p.expected, found=p.found, file="<command line>",
                    suggestion=p.suggestion or "choose a value the parameter allows")
            for p in problems_from_validation_error(exc, Scenario)]
    except InputError as exc:
        problems += [Problem("an override makes the scenario invalid: " + p.message,
                             path=("--param", located[p.path]) if p.path in located
                             else p.path, expected=p.expected, found=p.found,
                             suggestion=p.suggestion, file="<command line>")
                     for p in exc.problems]
    if problems:
        raise InputError(tuple(problems))
    return changed
