"""Reading and writing scenario and proposal files (YAML or JSON).

Nothing outside :mod:`accord.scenario` parses files. Every error names the
file, line and column, the path in the document, what was expected and what
was found.

Examples
--------
>>> import tempfile, pathlib
>>> from accord.scenario.examples import toy_scenario
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = dump_scenario(toy_scenario(), folder / "toy.yaml")
>>> load_scenario(folder / "toy.yaml") == toy_scenario()
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from accord.errors import InputError, Problem, set_twice
from accord.files import atomic_write_text
from accord.scenario.checks import proposal_errors, scenario_errors
from accord.scenario.deal import make_deal
from accord.scenario.document import Document, dump_yaml, parse_file, parse_text
from accord.scenario.messages import problems_from_validation_error
from accord.scenario.model import (
    Actor,
    Constraint,
    Distribution,
    Issue,
    Preferences,
    Proposal,
    Scenario,
    Source,
)
from accord.scenario.quotes import check_proposal_quotes, check_quotes

__all__ = [
    "dump_scenario",
    "load_proposal",
    "load_scenario",
    "proposal_from_assignments",
    "scenario_from_document",
    "scenario_to_data",
    "validate_document",
]


M = TypeVar("M", bound=BaseModel)


def _valid_or_none(tp: Any, value: Any) -> Any:
    try:
        return TypeAdapter(tp).validate_python(value)
    except (ValidationError, InputError):
        return None


def _independent_problems(data: dict[str, Any]) -> list[Problem]:
    """Cross-reference problems in the parts of a scenario that are well formed.

    When some entries are malformed, the others can still be checked: a typo
    in one actor's preferences should not hide a wrong status quo elsewhere.
    Checks run only when the actors and issues themselves are well formed.
    """
    actors = _valid_or_none(tuple[Actor, ...], data.get("actors"))
    issues = _valid_or_none(tuple[Issue, ...], data.get("issues"))
    if not actors or not issues:
        return []
    skipped: set[tuple[Any, ...]] = set()

    def entries(key: str, tp: Any, placeholder: Callable[[int], Any]) -> tuple[Any, ...]:
        out = []
        raw = data.get(key) or []
        for k, item in enumerate(raw if isinstance(raw, list) else []):
            valid = _valid_or_none(tp, item)
            if valid is None:
                skipped.add((key, k))
                valid = placeholder(k)
            out.append(valid)
        return tuple(out)

    sources = entries("sources", Source, lambda k: Source.model_construct(id=f"-invalid-{k}"))
    constraints = entries("constraints", Constraint, lambda k: Constraint.model_construct(
        id=f"-invalid-{k}", forbid=None, if_=None, then=None))
    preferences = {}
    raw_prefs = data.get("preferences")
    for actor, prefs in (raw_prefs.items() if isinstance(raw_prefs, dict) else []):
        valid = _valid_or_none(Preferences, prefs)
        if valid is None:
            skipped.add(("preferences", actor))
        else:
            preferences[actor] = valid
    # distributions of actors whose preferences are malformed cannot be checked
    unchecked = {actor for section, actor in skipped if section == "preferences"}
    uncertainty = {}
    raw_unc = data.get("uncertainty")
    for key, dist in (raw_unc.items() if isinstance(raw_unc, dict) else []):
        valid = _valid_or_none(Distribution, dist)
        if valid is None or key.split(".")[0] in unchecked:
            continue
        if valid.moves and any(t.split(".")[0] in unchecked for t in valid.moves):
            continue
        uncertainty[key] = valid
    partial = Scenario.model_construct(
        accord=1, id="partial", title="", actors=actors, issues=issues, sources=sources,
        constraints=constraints, preferences=preferences, uncertainty=uncertainty)
    out = []
    for p in scenario_errors(partial):
        if p.path[:2] in skipped:
            continue
        if p.message.startswith("veto actor") and ("preferences", p.message.split("'")[1]) \
                in skipped:
            continue
        out.append(p)
    return out


#: The top-level keys only a file of each kind holds.
_KIND_KEYS = {"scenario": ("actors", "issues", "preferences"), "proposal": ("deal",),
              "process": ("stages",)}
#: What to do when a file of one kind (second) is given for another (first).
_KIND_HINTS = {
    ("scenario", "proposal"): "give the scenario file here; a proposal goes after it: "
                              "accord evaluate SCENARIO PROPOSAL",
    ("proposal", "scenario"): "the scenario file comes first, then proposals: "
                              "accord evaluate SCENARIO PROPOSAL",
    ("scenario", "process"): "a process file goes with --process: "
                             "accord simulate SCENARIO --process PROCESS",
    ("proposal", "process"): "a process file goes with --process: "
                             "accord simulate SCENARIO --process PROCESS",
    ("process", "scenario"): "--process takes a process file (process, start, stages)",
    ("process", "proposal"): "--process takes a process file (process, start, stages)",
}


def _wrong_kind(doc: Document, what: str) -> Problem | None:
    """The problem of a file of another kind given as a ``what`` file, if it is one.

    Examples
    --------
    >>> from accord.scenario.document import parse_text
    >>> p = _wrong_kind(parse_text("accord: 1\\nid: p\\ndeal: {x: a}\\n", "p.yaml"), "scenario")
    >>> p.message, p.line, p.found
    ('a proposal file where a scenario file was expected', 3, "a proposal file: it has 'deal'")
    """
    data = doc.data
    if what not in _KIND_KEYS or any(k in data for k in _KIND_KEYS[what]):
        return None
    kinds = [k for k, keys in _KIND_KEYS.items() if k != what and any(x in data for x in keys)]
    if len(kinds) != 1:
        return None
    (kind,) = kinds
    found = [k for k in _KIND_KEYS[kind] if k in data]
    line, column = doc.keys.get((found[0],), (1, 1))
    return Problem(f"a {kind} file where a {what} file was expected",
                   expected=f"a {what} file (with {', '.join(map(repr, _KIND_KEYS[what]))})",
                   found=f"a {kind} file: it has {', '.join(map(repr, found))}",
                   suggestion=_KIND_HINTS.get((what, kind), ""), file=doc.file, line=line,
                   column=column)


def validate_document(model: type[M], doc: Document, what: str) -> M:
    """Validate a parsed document as ``model``, locating every problem in the file.

    A file of another kind (a proposal given as the scenario, say) gets one
    error that says so, not one per field.
    """
    if not isinstance(doc.data, dict):
        data = doc.data
        xml = isinstance(data, str) and data.lstrip().startswith("<")
        found = ("XML (a GENIUS file?)" if xml else "a list" if isinstance(data, list)
                 else f"a single value: {str(data)[:40]!r}")
        raise InputError.single(f"a {what} file holds a mapping at the top", file=doc.file,
                                line=1, column=1, expected="key: value lines", found=found,
                                suggestion="a GENIUS folder goes where the scenario goes: "
                                           "accord analyze FOLDER" if xml else "")
    wrong = _wrong_kind(doc, what)
    if wrong is not None:
        raise InputError((wrong,))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, model)
        if model is Scenario:
            seen = {(p.path, p.message) for p in problems}
            problems += [p for p in _independent_problems(doc.data)
                         if (p.path, p.message) not in seen]
            problems.sort(key=lambda p: doc.position(p.path) or (0, 0))
        raise InputError(tuple(doc.locate(p, key=p.message.startswith("unknown field"))
                               for p in problems)) from None
    except InputError as exc:
        raise InputError(tuple(doc.locate(p, key="name" in p.message)
                               for p in exc.problems)) from None


def scenario_from_document(doc: Document, base_dir: str | Path | None = None) -> Scenario:
    """Build a scenario from a parsed document, locating every problem in it.

    When ``base_dir`` is given, quotes are checked against the sources' local
    texts (see :mod:`accord.scenario.quotes`).
    """
    scenario = validate_document(Scenario, doc, "scenario")
    if base_dir is not None:
        errors, _ = check_quotes(scenario, base_dir)
        if errors:
            raise InputError(tuple(doc.locate(p) for p in errors))
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (YAML, or JSON by its ``.json`` extension).

    Raises
    ------
    InputError
        Listing every problem found, each with file, line and column.
    """
    return scenario_from_document(parse_file(path), base_dir=Path(path).parent)


def load_proposal(path: str | Path, scenario: Scenario,
                  scenario_dir: str | Path | None = None) -> Proposal:
    """Read a proposal file and check it against ``scenario``.

    Parameters
    ----------
    path
        The proposal file.
    scenario
        The scenario it must fit.
    scenario_dir
        The folder of the scenario file: when given, the proposal's quotes are
        checked against the sources' local texts, as the scenario's are.

    Raises
    ------
    InputError
        For a malformed file, ids the scenario does not have, or a misquote.
    """
    doc = parse_file(path)
    proposal = validate_document(Proposal, doc, "proposal")
    problems = proposal_errors(proposal, scenario)
    if scenario_dir is not None and not problems:
        problems = check_proposal_quotes(proposal, scenario, scenario_dir)
    if problems:
        raise InputError(tuple(doc.locate(p) for p in problems))
    return proposal


def shared_proposal_ids(loaded: Sequence[tuple[str | Path, Proposal]]) -> list[Problem]:
    """A problem for each proposal whose id an earlier file already gave.

    Proposals are named by id (in tables, reports and the web app's list), so
    two files with one id would show as one.
    """
    first: dict[str, str | Path] = {}
    problems: list[Problem] = []
    for file, proposal in loaded:
        if proposal.id in first and Path(file).resolve() == Path(first[proposal.id]).resolve():
            problems.append(Problem("the same proposal file given twice", file=str(file),
                                    expected="each proposal once", found=str(file),
                                    suggestion="give it once"))
        elif proposal.id in first:
            line, column = parse_file(file).position(("id",)) or (None, None)
            problems.append(Problem(f"proposal id {proposal.id!r} is taken",
                                    path=("id",), expected="an id no other proposal has",
                                    found=f"the id of {first[proposal.id]} too",
                                    suggestion="give each proposal file its own id",
                                    file=str(file), line=line, column=column))
        else:
            first[proposal.id] = file
    return problems


def proposal_from_assignments(assignments: Sequence[str], scenario: Scenario,
                              base: Proposal | None = None) -> Proposal:
    """A proposal from ``issue=option`` strings (as ``--set`` gives them).

    Parameters
    ----------
    assignments
        Strings such as ``"price=mid"``; they override ``base``.
    base
        A proposal to start from (its deal is kept where not overridden).

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> proposal_from_assignments(["price=mid"], toy_scenario()).deal
    {'price': 'mid'}
    """
    deal: dict[str, str] = dict(base.deal) if base else {}
    problems: list[Problem] = []
    given: dict[str, str] = {}     # issue -> the assignment that set it
    for text in assignments:
        issue, sep, option = text.partition("=")
        if not sep or not issue.strip() or not option.strip():
            first = scenario.issues[0]
            problems.append(Problem("bad --set", expected=f"issue=option, e.g. "
                                    f"{first.id}={first.option_ids[-1]}",
                                    found=repr(text), file="<command line>"))
            continue
        if issue.strip() in given:
            problems.append(set_twice("--set", issue.strip(), "issue", given[issue.strip()],
                                      text))
            continue
        given[issue.strip()] = text
        deal[issue.strip()] = option.strip()
    try:
        make_deal(scenario, deal)   # ids checked here, before the format's patterns
    except InputError as exc:       # could turn 'x y' into an internal error
        problems += [Problem(p.message, path=("--set", p.path[-1]), expected=p.expected,
                             found=p.found, suggestion=p.suggestion, file="<command line>")
                     for p in exc.problems]
    if problems:
        raise InputError(tuple(problems))
    data: dict[str, Any] = {"accord": 1, "id": base.id if base else "command-line",
                            "title": base.title if base else "Proposal from the command line",
                            "deal": deal}
    if base:
        data["proposed_by"] = list(base.proposed_by)
    proposal = Proposal.model_validate(data)
    problems = [Problem(p.message, path=("--set", p.path[-1]) if p.path else (),
                        expected=p.expected, found=p.found, suggestion=p.suggestion,
                        file="<command line>")
                for p in proposal_errors(proposal, scenario)]
    if problems:
        raise InputError(tuple(problems))
    return proposal


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data that :func:`accord.scenario.model.Scenario.model_validate` turns back into
    ``scenario`` (defaults left out, one-element lists written as strings)."""
    data: dict[str, Any] = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["accord"] = scenario.accord
    for k, actor in enumerate(scenario.actors):
        data["actors"][k]["veto"] = actor.veto  # the default depends on the role
    for issue in data["issues"]:
        issue["options"] = [o["id"] if set(o) == {"id"} else o for o in issue["options"]]

    def single(cond: dict[str, list[str]]) -> dict[str, Any]:
        return {k: (v[0] if len(v) == 1 else v) for k, v in cond.items()}

    for c in data.get("constraints", []):
        for key in ("forbid", "if", "then"):
            if key in c:
                c[key] = single(c[key])
    for prefs in data["preferences"].values():
        for it in prefs.get("interactions", []):
            it["when"] = single(it["when"])
        for item in prefs.get("evidence", []) + prefs.get("assumptions", []):
            if len(item["about"]) == 1:
                item["about"] = item["about"][0]
    return data


def dump_scenario(scenario: Scenario, path: str | Path | None = None) -> str:
    """The scenario as YAML text; also written atomically to ``path`` when given.

    A ``path`` ending in ``.json`` gets JSON instead, as :func:`load_scenario`
    reads a file by its extension.
    """
    data = scenario_to_data(scenario)
    if path is not None and Path(path).suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dump_yaml(data)
    if path is not None:
        atomic_write_text(path, text)
    return text


def scenario_from_mapping(data: Mapping[str, Any], file: str = "<data>") -> Scenario:
    """Build a scenario from plain data, reporting problems by path (no line numbers)."""
    return validate_document(Scenario, Document(data=dict(data), file=file), "scenario")


def scenario_from_text(text: str, file: str = "<text>") -> Scenario:
    """Build a scenario from YAML text (used by the web app's upload)."""
    return scenario_from_document(parse_text(text, file))
