"""The JSON Schema of scenario and proposal files, for editors and other tools.

Examples
--------
>>> schema = scenario_schema()
>>> schema["$schema"], sorted(schema["required"])[:3]
('https://json-schema.org/draft/2020-12/schema', ['accord', 'actors', 'id'])
"""

from __future__ import annotations

from typing import Any

from accord.scenario.model import Proposal, Scenario

__all__ = ["proposal_schema", "scenario_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": _DIALECT, "$id": f"https://accord.dev/schema/{name}-1.json",
            **schema, "title": title}


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a scenario file, format version 1."""
    return _finish(Scenario.model_json_schema(by_alias=True, mode="validation"), "scenario",
                   "accord scenario")


def proposal_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a proposal file, format version 1."""
    return _finish(Proposal.model_json_schema(by_alias=True, mode="validation"), "proposal",
                   "accord proposal")
