"""The scenario: data model, file I/O, validation and the JSON Schema.

Nothing outside this package parses files.
"""

from accord.scenario.checks import proposal_errors, scenario_errors, scenario_warnings
from accord.scenario.deal import Change, Deal, changes, make_deal, status_quo
from accord.scenario.io import (
    dump_scenario,
    load_proposal,
    load_scenario,
    proposal_from_assignments,
    scenario_from_mapping,
    scenario_from_text,
    scenario_to_data,
)
from accord.scenario.model import (
    Actor,
    Assumption,
    Constraint,
    Distribution,
    Evidence,
    Interaction,
    Issue,
    Option,
    Preferences,
    Proposal,
    Scenario,
    Source,
)
from accord.scenario.paths import get_parameter, parameter_paths, with_parameters

__all__ = [
    "Actor",
    "Assumption",
    "Change",
    "Constraint",
    "Deal",
    "Distribution",
    "Evidence",
    "Interaction",
    "Issue",
    "Option",
    "Preferences",
    "Proposal",
    "Scenario",
    "Source",
    "changes",
    "dump_scenario",
    "get_parameter",
    "load_proposal",
    "load_scenario",
    "make_deal",
    "parameter_paths",
    "proposal_errors",
    "proposal_from_assignments",
    "scenario_errors",
    "scenario_from_mapping",
    "scenario_from_text",
    "scenario_to_data",
    "scenario_warnings",
    "status_quo",
    "with_parameters",
]
