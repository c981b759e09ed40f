"""Checking a scenario file completely: what ``accord validate`` runs.

Beyond what loading checks (structure, cross-references, quotes), this
confirms that the constraints leave at least one feasible deal, and gathers
the warnings (numbers without evidence, a status quo that breaks a constraint,
texts that could not be read), each located in the file.

Examples
--------
>>> import tempfile, pathlib
>>> from accord.scenario import dump_scenario
>>> from accord.scenario.examples import toy_scenario
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.yaml"
>>> _ = dump_scenario(toy_scenario(), path)
>>> report = validate_file(path)
>>> report.deals, report.feasible
(18, 15)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, Problem
from accord.scenario.checks import scenario_warnings
from accord.scenario.deal import status_quo
from accord.scenario.document import parse_file
from accord.scenario.genius import DEFAULT_INTERVALS, GeniusImport, load_genius
from accord.scenario.io import scenario_from_document
from accord.scenario.model import Scenario
from accord.scenario.quotes import check_quotes
from accord.space import DealSpace, check_feasible, deal_space

__all__ = ["Validation", "in_folder", "scenario_folder", "validate_file", "validate_path",
           "validate_scenario"]


@dataclass(frozen=True)
class Validation:
    """A valid scenario, its size, and the warnings found while checking it.

    ``imported`` is what reading a GENIUS folder found (``None`` for a scenario file).
    """

    scenario: Scenario
    deals: int
    feasible: int | None
    warnings: tuple[Problem, ...]
    imported: GeniusImport | None = None


def validate_scenario(scenario: Scenario, clipping: bool = True,
                      space: DealSpace | None = None) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings that need the deal space (not located in a file).

    ``clipping``: warn about interaction terms that can push a utility outside
    0..1 (see :func:`~accord.scenario.checks.scenario_warnings`). ``space``:
    the scenario's deal space, when the caller has built it.
    """
    errors: list[Problem] = []
    warnings = list(scenario_warnings(scenario, clipping))
    space = deal_space(scenario) if space is None else space
    problem = check_feasible(space)
    if problem is not None:
        errors.append(problem)
    broken = space.broken_constraints(status_quo(scenario))
    if broken:
        warnings.append(Problem("the status quo breaks a constraint", path=("constraints",),
                                severity="warning", expected="a status quo that is feasible",
                                found=", ".join(broken),
                                suggestion="proposals that leave issues open inherit the status "
                                           "quo; check these constraints"))
    return errors, warnings


def validate_file(path: str | Path, count_feasible: bool = True,
                  numbered: bool = True) -> Validation:
    """Check a scenario file completely.

    Parameters
    ----------
    path
        The scenario file.
    count_feasible
        Also count the feasible deals (one pass over the space).
    numbered
        Refuse a deal space too large to number (every analysis needs the
        numbering). ``False`` lets such a space through when the scenario has
        no constraints, for what needs no deal by deal (``export genius``):
        every deal is then feasible.

    Raises
    ------
    InputError
        Listing every error found, each with file, line and column.
    """
    doc = parse_file(path)
    base = Path(path).parent
    scenario = scenario_from_document(doc, base_dir=base)
    try:
        space = _numbered_space(scenario, numbered)
    except InputError as exc:
        raise InputError(tuple(doc.locate(p, key=True) for p in exc.problems)) from None
    _, quote_warnings = check_quotes(scenario, base)
    if space is None:
        return _unnumbered(scenario, tuple(
            doc.locate(p) for p in quote_warnings + scenario_warnings(scenario)))
    errors, warnings = validate_scenario(scenario, space=space)
    warnings = quote_warnings + warnings
    if errors:
        raise InputError(tuple(doc.locate(p) for p in errors))
    feasible = _feasible(space) if count_feasible else None
    return Validation(scenario, space.size, feasible, tuple(doc.locate(p) for p in warnings))


def _numbered_space(scenario: Scenario, numbered: bool) -> DealSpace | None:
    """The deal space; ``None`` when it is too large to number and ``numbered`` is off and
    the scenario has no constraints (every deal is then feasible: nothing to check)."""
    try:
        return deal_space(scenario)
    except InputError:            # a space too large to number
        if numbered or scenario.constraints:
            raise
        return None


def _unnumbered(scenario: Scenario, warnings: tuple[Problem, ...],
                imported: GeniusImport | None = None) -> Validation:
    """The validation of a scenario too large to number, all of whose deals are feasible."""
    deals = math.prod(len(i.options) for i in scenario.issues)
    return Validation(scenario, deals, deals, warnings, imported)


def _feasible(space: DealSpace) -> int | None:
    """How many deals break no constraint (``None`` past 10^9 deals with constraints)."""
    if space.forbidden.count == 0:
        return space.size
    if space.size > 10**9:
        return None
    return sum(int(space.feasible_range(a, b).sum()) for a, b in space.chunks())


def in_folder(problems: Sequence[Problem], folder: str | Path) -> tuple[Problem, ...]:
    """``problems``, each that names no file placed in ``folder`` (a GENIUS folder)."""
    return tuple(p if p.file else p.at(str(folder), None, None) for p in problems)


def scenario_folder(path: str | Path) -> Path:
    """Where the files beside the scenario at ``path`` lie: a GENIUS folder is its own."""
    where = Path(path)
    return where if where.is_dir() else where.parent


def validate_path(path: str | Path, count_feasible: bool = True, step: float | None = None,
                  intervals: int = DEFAULT_INTERVALS, numbered: bool = True) -> Validation:
    """Check a scenario file, or a GENIUS domain folder read as a scenario.

    Parameters
    ----------
    path
        A scenario file (YAML or JSON) or a GENIUS folder.
    count_feasible
        Also count the feasible deals (one pass over the space).
    numbered
        As for :func:`validate_file` (a GENIUS folder has no constraints).
    step, intervals
        How a GENIUS folder's real issues are discretised
        (:func:`~accord.scenario.genius.load_genius`).

    Raises
    ------
    InputError
        Listing every error found, each with its file (and line and column
        where the file has them).
    """
    where = Path(path)
    if not where.is_dir():
        return validate_file(where, count_feasible, numbered)
    imported = load_genius(where, step=step, intervals=intervals)
    scenario = imported.scenario
    try:
        space = _numbered_space(scenario, numbered)
    except InputError as exc:
        raise InputError(in_folder(exc.problems, where)) from None
    # GENIUS caps a utility at 1, which the import writes as accord's clip
    if space is None:
        return _unnumbered(scenario, imported.warnings + in_folder(
            scenario_warnings(scenario, clipping=False), where), imported)
    errors, warnings = validate_scenario(scenario, clipping=False, space=space)
    if errors:
        raise InputError(in_folder(errors, where))
    return Validation(scenario, space.size, _feasible(space) if count_feasible else None,
                      imported.warnings + in_folder(warnings, where), imported)
