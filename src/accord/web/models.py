"""The JSON API's requests and responses, as pydantic models (they make its OpenAPI).

Responses carry what the library's ``to_dict`` methods give; these models name
and type each field so that ``/openapi.json`` documents them.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from accord.report.build import Quote
from accord.web.jobs import MAX_DRAWS

__all__ = [
    "ActorOut",
    "ChangeOut",
    "DealEntry",
    "ErrorResponse",
    "EvaluateRequest",
    "EvaluationOut",
    "EvidenceOut",
    "EvidenceRow",
    "FigureOut",
    "IssueOut",
    "JobOut",
    "MonteCarloRequest",
    "NashOut",
    "NearestOut",
    "OptionOut",
    "OutcomeOut",
    "OverridesRequest",
    "ParameterOut",
    "ProblemOut",
    "ProposalOut",
    "ScenarioDetail",
    "ScenarioSummary",
]


def _override_value(value: Any) -> float | bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    raise ValueError("a parameter's value is a finite number (or true/false for <actor>.veto)")


#: A parameter's new value: a finite number, or true/false for ``<actor>.veto``.
OverrideValue = Annotated[float | bool, PlainValidator(_override_value), WithJsonSchema(
    {"anyOf": [{"type": "number"}, {"type": "boolean"}]})]
Overrides = Annotated[dict[str, OverrideValue], Field(
    description="Parameter path -> value, e.g. {\"seller.reservation\": 0.4, "
                "\"buyer.weights.price\": 30}; the paths of `accord whatif --param`.")]
DealIn = Annotated[dict[str, Annotated[str, Field(strict=True)] | None], Field(
    description="Issue -> option; an issue left out or null stays at its status quo.")]


class _Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


# ---------------------------------------------------------------- problems
class ProblemOut(_Out):
    """One problem with the input, as ``accord`` reports it (``text``: as the CLI prints it)."""

    severity: Literal["error", "warning"]
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None
    text: str = ""


class ErrorResponse(_Out):
    """What every 4xx answer holds."""

    errors: list[ProblemOut]


# ---------------------------------------------------------------- requests
class OverridesRequest(BaseModel):
    """Parameters to change before computing (none: the scenario as served)."""

    model_config = ConfigDict(extra="forbid")
    overrides: Overrides = {}


class EvaluateRequest(OverridesRequest):
    """A deal to evaluate, under some overrides."""

    deal: DealIn = {}


class MonteCarloRequest(OverridesRequest):
    """A Monte Carlo run: overridden parameters are held fixed, the others drawn."""

    # strict: a JSON true, "10" or 1e3 is not a number of draws (pydantic would take them)
    draws: Annotated[int, Field(ge=1, le=MAX_DRAWS, strict=True)] = 2000
    seed: Annotated[int, Field(ge=0, lt=2**32, strict=True)] = 0
    proposals: list[Annotated[str, Field(strict=True)]] = Field(
        [], description="Ids of the scenario's proposals to judge.")
    deal: DealIn | None = Field(None, description="A composed deal to judge as well.")


# ---------------------------------------------------------------- scenarios
class ScenarioSummary(_Out):
    """A served scenario in a list."""

    id: str
    title: str
    name: str = Field(description="The file's name (no folder).")
    uploaded: bool
    actors: int
    issues: int
    deals: int
    proposals: int
    warnings: int


class ActorOut(_Out):
    """An actor."""

    id: str
    name: str
    role: str
    veto: bool
    power: float
    modelled: bool = Field(description="The actor has preferences (utilities).")
    reservation: float | None


class OptionOut(_Out):
    """An option of an issue."""

    id: str
    name: str


class IssueOut(_Out):
    """An issue and its options."""

    id: str
    name: str
    options: list[OptionOut]
    status_quo: str


class ParameterOut(_Out):
    """One number of an actor's preferences, its value and what it rests on."""

    path: str
    actor: str
    label: str
    kind: str
    value: float | None
    min: float = Field(description="A slider's range and step for it.")
    max: float
    step: float
    quotes: list[Quote] = Field(description="The quotes the scenario gives for it.")
    assumptions: list[str]
    supports: int
    contradicts: int
    uncertain: bool = Field(description="The scenario's uncertainty section draws it.")


class ProposalOut(_Out):
    """A proposal served with the scenario."""

    id: str
    title: str
    proposed_by: list[str]
    deal: dict[str, str]


class ScenarioDetail(_Out):
    """Everything a page needs to draw a scenario's controls."""

    id: str
    title: str
    name: str = Field(description="The file's name (no folder).")
    uploaded: bool
    deals: int
    description: str
    as_of: str | None
    actors: list[ActorOut]
    issues: list[IssueOut]
    status_quo: dict[str, str]
    parameters: list[ParameterOut]
    proposals: list[ProposalOut]
    warnings: list[ProblemOut]
    uncertainty: list[str] = Field(description="The keys of the uncertainty section.")


# ---------------------------------------------------------------- evaluations
class DealEntry(_Out):
    """One issue of a deal."""

    issue: str
    issue_name: str
    option: str
    option_name: str
    status_quo: bool


class OutcomeOut(_Out):
    """A deal and what it gives each actor."""

    index: int
    deal: list[DealEntry]
    utilities: dict[str, float]
    margins: dict[str, float]
    accepts: dict[str, bool]
    feasible: bool
    agreement: bool


class ChangeOut(_Out):
    """One change to a deal and what it alone does to each actor's utility."""

    issue: str
    from_: str = Field(alias="from")
    to: str
    effects: dict[str, float]


class NearestOut(OutcomeOut):
    """The agreement that changes the fewest issues of the proposal."""

    distance: int
    changes: list[ChangeOut]
    nash_product: float
    equally_near_agreements: int
    summary: str


class EvaluationOut(OutcomeOut):
    """A proposal's evaluation (``accord evaluate --json`` without a survey)."""

    proposal: dict[str, Any]
    accepted: bool
    rejecters: list[str]
    broken_constraints: list[str]
    dominated_by: OutcomeOut | None = Field(
        description="Not looked for here (it needs a survey of every deal): always null.")
    nearest_acceptable: NearestOut | None
    explanation: list[str]
    summary: str = Field(description="The options that differ from the status quo.")
    reservations: dict[str, float]
    veto: list[str]


class NashOut(_Out):
    """The Nash bargaining solution, or none when no agreement exists."""

    exists: bool
    nash_product: float | None
    summary: str | None
    outcome: OutcomeOut | None


class FigureOut(_Out):
    """A Plotly figure (``data`` and ``layout``) and what it was computed from."""

    figure: dict[str, Any]
    agreements: int
    feasible: int
    deals: int


# ---------------------------------------------------------------- jobs and evidence
class JobOut(_Out):
    """A Monte Carlo run: poll it until ``status`` is ``done`` or ``failed``."""

    id: str
    scenario: str
    status: Literal["queued", "running", "done", "failed"]
    done: int
    total: int
    draws: int
    seed: int
    seconds: float
    result: dict[str, Any] | None = Field(
        description="When done: `accord uncertainty --json`'s estimates, and `figures`.")
    errors: list[ProblemOut]


class EvidenceRow(_Out):
    """A statement or a quote: who did what, on which issue, where and when."""

    origin: Literal["database", "scenario"]
    actor: str
    act: str
    issues: list[str]
    option: str | None
    polarity: str | None
    source: str
    source_title: str
    outlet: str
    date: str | None
    text: str
    speaker: str | None
    note: str | None
    about: list[str]


class EvidenceOut(_Out):
    """The evidence browser's rows and what each filter can take."""

    origin: Literal["database", "scenario"]
    count: int
    total: int
    items: list[EvidenceRow]
    facets: dict[str, list[str]]
