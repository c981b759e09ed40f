"""The scenario data model: frozen, typed, validated on construction.

A :class:`Scenario` holds who negotiates (:class:`Actor`), what is on the table
(:class:`Issue` with its :class:`Option` list and status quo), which combinations
are impossible (:class:`Constraint`), what each actor wants
(:class:`Preferences`), where each number comes from (:class:`Source`,
:class:`Evidence`, :class:`Assumption`) and how unsure we are of it
(:class:`Distribution`, in ``uncertainty``).

Semantics (fixed by the format):

- An actor's utility for a deal is the weighted sum of its option values plus
  the interaction terms whose conditions the deal meets, clipped to 0..1.
  Weights are normalised to sum to 1; option values lie in 0..1.
- A deal is acceptable to an actor when its utility is at least the actor's
  reservation value; it is an agreement when every veto actor accepts it and it
  breaks no constraint.
- An issue a proposal leaves open stays at its status quo.

Examples
--------
>>> s = Scenario.model_validate({
...     "accord": 1, "id": "toy", "title": "Toy",
...     "actors": [{"id": "a"}, {"id": "b"}],
...     "issues": [{"id": "price", "options": ["low", "high"], "status_quo": "low"}],
...     "preferences": {
...         "a": {"reservation": 0.2, "weights": {"price": 1},
...               "values": {"price": {"low": 0, "high": 1}}},
...         "b": {"reservation": 0.2, "weights": {"price": 1},
...               "values": {"price": {"low": 1, "high": 0}}}}})
>>> s.issue("price").option_ids
('low', 'high')
>>> [a.id for a in s.veto_actors]
['a', 'b']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "ACTS",
    "FORMAT_VERSION",
    "Actor",
    "Assumption",
    "Condition",
    "Constraint",
    "Distribution",
    "Evidence",
    "Interaction",
    "Issue",
    "Option",
    "Preferences",
    "Proposal",
    "ProposalEvidence",
    "Scenario",
    "Source",
]

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
ID_HELP = "an id: letters, digits, '-' or '_', starting with a letter or digit (no dots or spaces)"

#: The acts a statement can perform (the stance of a piece of evidence).
ACTS = ("demand", "offer", "propose", "accept", "reject", "threaten", "statement", "analysis")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, strict=True)]
#: The largest weight or power: far past any real use, and small enough that
#: sums of many never overflow a float (1.7e308 twice did, inside ``math.fsum``).
MAX_WEIGHT = 1e100
NonNegative = Annotated[float, Field(ge=0.0, le=MAX_WEIGHT, allow_inf_nan=False, strict=True)]
Finite = Annotated[float, Field(allow_inf_nan=False, strict=True)]


def _whole(value: Any) -> Any:
    """A format version as written: ``true`` and ``1.0`` are not the version 1."""
    if isinstance(value, bool | float):      # reported as any other version accord lacks
        raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
    return value


#: The format version: the whole number 1 (pydantic's Literal took ``true`` and ``1.0``).
Version = Annotated[Literal[1], BeforeValidator(_whole)]


def _as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN}
IdOrIds = Annotated[
    tuple[Id, ...],
    BeforeValidator(_as_tuple),
    WithJsonSchema({"anyOf": [_ID_SCHEMA, {"type": "array", "items": _ID_SCHEMA, "minItems": 1}]}),
]
#: One option or several (at least one: an empty list matched no deal, a condition that
#: never held, and forbade or allowed nothing without a word).
OptionIds = Annotated[IdOrIds, Field(min_length=1)]
#: issue id -> the option(s) it names
Condition = Annotated[dict[Id, OptionIds], Field(min_length=1)]
PathOrPaths = Annotated[
    tuple[str, ...],
    BeforeValidator(_as_tuple),
    WithJsonSchema({"anyOf": [{"type": "string"},
                              {"type": "array", "items": {"type": "string"}, "minItems": 1}]}),
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              validate_default=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None,
                   deep: bool = False) -> Self:
        """A copy, with ``update`` applied; values derived from fields are recomputed."""
        copy = super().model_copy(update=update, deep=deep)
        for klass in type(copy).__mro__:
            for name, member in vars(klass).items():
                if isinstance(member, cached_property):
                    copy.__dict__.pop(name, None)
        return copy


class Source(_Frozen):
    """A document that evidence quotes from."""

    id: Id
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: dt.date | None = None
    lang: str = Field("", description="ISO 639-1 language code, e.g. 'fr'")
    url: str = ""
    path: str = Field("", description=(
        "A local copy of the text, relative to the scenario file; when it exists, "
        "every quote from this source is checked to appear in it verbatim."))


class Actor(_Frozen):
    """A party, mediator or stakeholder in the negotiation."""

    id: Id
    name: str = ""
    aliases: tuple[str, ...] = ()
    role: Literal["party", "mediator", "stakeholder"] = "party"
    veto: bool = Field(True, description=(
        "No agreement without this actor's consent. Default: true for parties, "
        "false for mediators and stakeholders."))
    power: NonNegative = Field(1.0, description="Bargaining power (asymmetric Nash weight).")
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _default_veto(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "veto" not in data and data.get("role") in (
                "mediator", "stakeholder"):
            return {**data, "veto": False}
        return data

    @property
    def label(self) -> str:
        """The actor's name, or its id when it has none."""
        return self.name or self.id


class Option(_Frozen):
    """One of the ways an issue can be settled."""

    id: Id
    name: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        """The option's name, or its id when it has none."""
        return self.name or self.id


def _options_from_strings(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [{"id": v} if isinstance(v, str) else v for v in value]
    return value


_OPTION_SCHEMA = Option.model_json_schema()
_OPTION_SCHEMA.pop("title", None)
Options = Annotated[
    tuple[Option, ...],
    BeforeValidator(_options_from_strings),
    Field(min_length=2),
    WithJsonSchema({"type": "array", "minItems": 2,
                    "items": {"anyOf": [_ID_SCHEMA, _OPTION_SCHEMA]}}),
]


class Issue(_Frozen):
    """Something on the table, with the options it can be settled by."""

    id: Id
    name: str = ""
    description: str = ""
    options: Options
    status_quo: Id = Field(description="The option that holds when no agreement changes it.")
    keywords: tuple[str, ...] = Field((), description="Words that name this issue in texts.")
    ordered: bool = Field(False, description="Options are listed in order along one scale.")

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the options, in order."""
        return tuple(o.id for o in self.options)

    @property
    def label(self) -> str:
        """The issue's name, or its id when it has none."""
        return self.name or self.id

    def option(self, option_id: str) -> Option:
        """The option with this id (``KeyError`` if there is none)."""
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)


class Constraint(_Frozen):
    """A rule every deal must keep.

    Either ``forbid`` (the deal may not meet all these conditions at once), or
    ``if``/``then`` (when the deal meets every ``if`` condition it must meet every
    ``then`` condition). A condition maps an issue to one option or a list of them.
    """

    id: Id
    why: str = ""
    forbid: Condition | None = None
    if_: Condition | None = Field(None, alias="if")
    then: Condition | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Constraint:
        if self.forbid is not None:
            if self.if_ is not None or self.then is not None:
                raise ValueError("give either 'forbid' or 'if' with 'then', not both")
        elif self.if_ is None or self.then is None:
            raise ValueError("a constraint needs 'forbid', or both 'if' and 'then'")
        return self


class Interaction(_Frozen):
    """An amount added to an actor's utility when a deal meets every condition."""

    id: Id | None = None
    when: Condition
    add: Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False, strict=True)]
    why: str = ""


class Evidence(_Frozen):
    """A verbatim quote from a source that supports one or more numbers.

    ``about`` names numbers relative to the actor's preferences: ``reservation``,
    ``power``, ``weights.<issue>``, ``values.<issue>`` (all its options),
    ``values.<issue>.<option>`` or ``interactions.<id>``.
    """

    about: PathOrPaths
    source: Id
    quote: Annotated[str, StringConstraints(min_length=1)]
    stance: Literal["demand", "offer", "propose", "accept", "reject", "threaten",
                    "statement", "analysis"] = "statement"
    speaker: str = ""
    note: str = Field("", description="How the quote supports the number.")


class Assumption(_Frozen):
    """A number the sources do not give, with the modeller's reason for it."""

    about: PathOrPaths
    why: Annotated[str, StringConstraints(min_length=1)]


class Preferences(_Frozen):
    """What one actor wants: weights per issue, values per option, a reservation."""

    reservation: Unit = Field(description="Utility of no agreement (the actor's BATNA), 0..1.")
    weights: Annotated[dict[Id, NonNegative], Field(min_length=1)] = Field(
        description="Importance of each issue; normalised to sum to 1. Missing issues weigh 0.")
    values: dict[Id, dict[Id, Unit]] = Field(
        default_factory=dict, description="Value of each option of each weighted issue, 0..1.")
    interactions: tuple[Interaction, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    discount: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False,
                                     strict=True)] | None = Field(
        None, description=(
            "GENIUS discount factor (utility times discount ** time), kept as metadata from an "
            "imported GENIUS profile and written back on export; not used in the analysis."))

    @property
    def normalised_weights(self) -> dict[str, float]:
        """Weights divided by their sum (all zero when every weight is zero)."""
        total = math.fsum(self.weights.values())
        return {k: (w / total if total > 0 else 0.0) for k, w in self.weights.items()}


DistributionKind = Literal["uniform", "triangular", "truncnormal", "beta", "choice"]
_KINDS: tuple[DistributionKind, ...] = ("uniform", "triangular", "truncnormal", "beta", "choice")


class Distribution(_Frozen):
    """How unsure we are of a number: one distribution, written compactly.

    Exactly one of ``uniform: [lo, hi]``, ``triangular: [lo, mode, hi]``,
    ``truncnormal: [mean, sd, lo, hi]``, ``beta: [a, b]`` or ``beta: [a, b, lo, hi]``
    (scaled to lo..hi), ``choice: [v1, v2, ...]`` with optional ``p``.

    A key of ``uncertainty`` that is not a parameter path names a *shared draw*:
    its ``moves`` maps parameter paths to ``[at_low, at_high]``, and every one of
    them moves together with the draw, linearly from ``at_low`` (when the draw is
    at the bottom of its support) to ``at_high`` (at the top).
    """

    uniform: tuple[Finite, Finite] | None = None
    triangular: tuple[Finite, Finite, Finite] | None = None
    truncnormal: tuple[Finite, Finite, Finite, Finite] | None = None
    beta: tuple[Finite, ...] | None = None
    choice: Annotated[tuple[Finite, ...], Field(min_length=1)] | None = None
    p: tuple[Finite, ...] | None = None
    moves: dict[str, tuple[Finite, Finite]] | None = None
    why: str = ""

    @property
    def kind(self) -> DistributionKind:
        """Which distribution this is."""
        for k in _KINDS:
            if getattr(self, k) is not None:
                return k
        raise AssertionError("a validated distribution has a kind")  # pragma: no cover

    @property
    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take."""
        k = self.kind
        if k == "uniform":
            assert self.uniform is not None
            return self.uniform
        if k == "triangular":
            assert self.triangular is not None
            return self.triangular[0], self.triangular[2]
        if k == "truncnormal":
            assert self.truncnormal is not None
            return self.truncnormal[2], self.truncnormal[3]
        if k == "beta":
            assert self.beta is not None
            return (self.beta[2], self.beta[3]) if len(self.beta) == 4 else (0.0, 1.0)
        assert self.choice is not None
        return min(self.choice), max(self.choice)

    @model_validator(mode="after")
    def _check(self) -> Distribution:
        given = [k for k in _KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of uniform, triangular, truncnormal, beta, choice"
                             + (f" (found {', '.join(given)})" if given else ""))
        kind = given[0]
        if kind == "uniform":
            lo, hi = self.uniform  # type: ignore[misc]
            if not lo < hi:
                raise ValueError(f"uniform needs lo < hi, found [{lo}, {hi}]")
        elif kind == "triangular":
            lo, mode, hi = self.triangular  # type: ignore[misc]
            if not (lo <= mode <= hi and lo < hi):
                raise ValueError(f"triangular needs lo <= mode <= hi and lo < hi, "
                                 f"found [{lo}, {mode}, {hi}]")
        elif kind == "truncnormal":
            _mean, sd, lo, hi = self.truncnormal  # type: ignore[misc]
            if not (sd > 0 and lo < hi):
                raise ValueError(f"truncnormal needs sd > 0 and lo < hi, "
                                 f"found sd={sd}, [{lo}, {hi}]")
        elif kind == "beta":
            b = self.beta or ()
            if len(b) not in (2, 4):
                raise ValueError(f"beta takes [a, b] or [a, b, lo, hi], found {len(b)} numbers")
            if not (b[0] > 0 and b[1] > 0):
                raise ValueError(f"beta needs a > 0 and b > 0, found a={b[0]}, b={b[1]}")
            if len(b) == 4 and not b[2] < b[3]:
                raise ValueError(f"beta needs lo < hi, found [{b[2]}, {b[3]}]")
        if self.p is not None:
            if kind != "choice":
                raise ValueError("'p' goes only with 'choice'")
            assert self.choice is not None
            if len(self.p) != len(self.choice):
                raise ValueError(f"'p' has {len(self.p)} probabilities for "
                                 f"{len(self.choice)} choices")
            if any(x < 0 for x in self.p) or abs(math.fsum(self.p) - 1.0) > 1e-9:
                raise ValueError(f"'p' must be non-negative and sum to 1, found {list(self.p)}")
        return self


class Scenario(_Frozen):
    """A negotiation: actors, issues, constraints, preferences, sources, uncertainty.

    Constructing one checks every cross-reference (see
    :mod:`accord.scenario.checks`) and raises :class:`accord.errors.InputError`
    listing every problem found.
    """

    accord: Version = Field(description="The format version; always 1 for now.")
    id: Id
    title: str
    description: str = ""
    as_of: dt.date | None = None
    sources: tuple[Source, ...] = ()
    actors: Annotated[tuple[Actor, ...], Field(min_length=1)]
    issues: Annotated[tuple[Issue, ...], Field(min_length=1)]
    constraints: tuple[Constraint, ...] = ()
    preferences: dict[Id, Preferences]
    uncertainty: dict[str, Distribution] = Field(
        default_factory=dict,
        description="Parameter path (e.g. 'seller.reservation') or shared-draw name -> "
                    "distribution.")

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        from accord.scenario.checks import scenario_errors

        problems = scenario_errors(self)
        if problems:
            from accord.errors import InputError

            raise InputError(tuple(problems))
        return self

    # -- lookups -----------------------------------------------------------
    @cached_property
    def actor_ids(self) -> tuple[str, ...]:
        """Actor ids, in file order."""
        return tuple(a.id for a in self.actors)

    @cached_property
    def issue_ids(self) -> tuple[str, ...]:
        """Issue ids, in file order."""
        return tuple(i.id for i in self.issues)

    @cached_property
    def veto_actors(self) -> tuple[Actor, ...]:
        """The actors whose consent every agreement needs."""
        return tuple(a for a in self.actors if a.veto)

    @cached_property
    def modelled_actors(self) -> tuple[Actor, ...]:
        """The actors that have preferences, in file order."""
        return tuple(a for a in self.actors if a.id in self.preferences)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (``KeyError`` if there is none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (``KeyError`` if there is none)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def source(self, source_id: str) -> Source:
        """The source with this id (``KeyError`` if there is none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


class ProposalEvidence(_Frozen):
    """A quote that shows who put a proposal forward."""

    source: Id
    quote: Annotated[str, StringConstraints(min_length=1)]
    note: str = ""


class Proposal(_Frozen):
    """A deal someone puts forward, possibly leaving issues open.

    ``deal`` maps issue ids to option ids; an issue it leaves out stays at its
    status quo. It is checked against a scenario by
    :func:`accord.scenario.checks.proposal_errors`.
    """

    accord: Version
    id: Id
    title: str = ""
    description: str = ""
    proposed_by: IdOrIds = Field((), description="Actor id(s) who put it forward.")
    deal: dict[Id, Id]
    evidence: tuple[ProposalEvidence, ...] = ()
