"""Reading GENIUS negotiation domains (the ANAC format) into a :class:`Scenario`.

A GENIUS folder holds one domain file (``<negotiation_template>``: the issues,
read by :mod:`accord.scenario.genius_domain`) and one utility-profile file
(``<utility_space>``) per party (read by :mod:`accord.scenario.genius_profile`).
Each profile is read as GENIUS 10.4 evaluates it:

- a *discrete* issue's evaluation is divided by the largest evaluation the
  profile gives that issue (0 when that largest one is below 1e-5);
- an *integer* issue is worth ``clamp(slope * (v - lowerbound) + offset, 0, 1)``;
- a *real* issue is worth ``clamp(parameter1 * v + parameter0, 0, 1)``
  (``linear``), ``parameter0`` (``constant``) or a triangle (``triangular``); it
  is discretised into ``intervals`` equal steps (or steps of ``step``), the step
  stated in the issue's description;
- the utility is ``min(1, sum_i w_i * e_i)`` with the weights *as written*
  (GENIUS does not normalise them on loading), which
  :func:`~accord.scenario.additive.additive_parts` turns into accord's weights,
  values and, when the weights sum past 1, interaction terms;
- issues of a profile are matched to the domain's by their ``index``, as
  GENIUS does (a differing name is reported as a warning);
- a missing reservation value is 0; the discount factor (1 when missing, 0 or
  above 1, as GENIUS validates it) is kept in ``discount``, not used;
- the 2014 *nonlinear* profiles (``<utility_space type="nonlinear">``) are sums
  of hyper-rectangles divided by ``maxutility`` and capped at 1: each rectangle
  becomes one interaction term, exactly (an ``INCLUDES`` rectangle adds its
  utility when every bound holds, an ``EXCLUDES`` one when some bound fails).
  What accord cannot represent exactly (``min``/``max`` aggregation, utilities
  that could fall below 0, bounds on non-integer issues) is refused, saying why.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "Tiny"
>>> folder.mkdir()
>>> _ = (folder / "tiny_domain.xml").write_text(
...     '<negotiation_template><utility_space><objective index="0" name="Tiny">'
...     '<issue index="1" name="Colour" type="discrete"><item index="1" value="Red"/>'
...     '<item index="2" value="Blue"/></issue>'
...     '<issue index="2" name="Size" type="integer" lowerbound="1" upperbound="3"/>'
...     '</objective></utility_space></negotiation_template>')
>>> _ = (folder / "Buyer.xml").write_text(
...     '<utility_space><objective index="0">'
...     '<issue index="1" name="Colour" type="discrete"><item value="Red" evaluation="2"/>'
...     '<item value="Blue" evaluation="4"/></issue>'
...     '<issue index="2" name="Size" type="integer" lowerbound="1" upperbound="3">'
...     '<evaluator ftype="linear" slope="0.5" offset="0"/></issue>'
...     '<weight index="1" value="0.6"/><weight index="2" value="0.4"/></objective>'
...     '<reservation value="0.3"/><discount_factor value="0.9"/></utility_space>')
>>> imported = load_genius(folder)
>>> s = imported.scenario
>>> s.id, s.issue_ids, s.issue("size").option_ids
('tiny', ('colour', 'size'), ('v1', 'v2', 'v3'))
>>> p = s.preferences["buyer"]
>>> p.weights, p.values["colour"], p.values["size"]
({'colour': 0.6, 'size': 0.4}, {'red': 0.5, 'blue': 1.0}, {'v1': 0.0, 'v2': 0.5, 'v3': 1.0})
>>> p.reservation, p.discount
(0.3, 0.9)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, Problem
from accord.scenario.additive import additive_parts
from accord.scenario.genius_domain import (
    DEFAULT_INTERVALS,
    DomainIssue,
    domain_issues,
    value_label,
)
from accord.scenario.genius_profile import linear_contributions, rectangle_terms
from accord.scenario.genius_xml import Element, number_attribute, parse_xml
from accord.scenario.ids import shared_prefix, slug, unique_slugs
from accord.scenario.model import (
    Actor,
    Assumption,
    Issue,
    Option,
    Preferences,
    Scenario,
)

__all__ = ["Discretised", "GeniusImport", "load_genius"]


@dataclass(frozen=True)
class Discretised:
    """A real issue cut into values: its range, the step, and how many values it gives.

    Examples
    --------
    >>> Discretised("price", "Price", 0.0, 100.0, 30.0, 5).describe()
    "real issue 'Price' [0, 100] in steps of 30 (5 values, the last step shorter)"
    """

    issue: str
    name: str
    lower: float
    upper: float
    step: float
    values: int

    def describe(self) -> str:
        """The discretisation in words."""
        uneven = (self.values - 1) * self.step > self.upper - self.lower + 1e-9 * max(
            1.0, abs(self.upper))
        return (f"real issue {self.name!r} [{value_label(self.lower)}, "
                f"{value_label(self.upper)}] in steps of {value_label(self.step)} "
                f"({self.values} values{', the last step shorter' if uneven else ''})")


@dataclass(frozen=True)
class GeniusImport:
    """A GENIUS folder read into a scenario, and what the reading found on the way.

    Attributes
    ----------
    scenario
        The scenario: one veto party per profile file, one issue per GENIUS issue.
    domain_file, profile_files
        The files read.
    skipped
        Files of the folder that are not GENIUS domains or profiles, with the reason.
    warnings
        What is doubtful but read as GENIUS reads it (a name that differs between
        domain and profile, an evaluation given twice, ...).
    discretised
        The real issues and how they were cut into values.
    """

    scenario: Scenario
    domain_file: Path
    profile_files: tuple[Path, ...]
    skipped: tuple[tuple[Path, str], ...] = ()
    warnings: tuple[Problem, ...] = ()
    discretised: tuple[Discretised, ...] = ()


@dataclass
class _Reading:
    """What one profile file says, in accord's terms (or the problems found)."""

    actor: Actor
    preferences: Preferences | None
    problems: list[Problem]
    warnings: list[Problem]


# ------------------------------------------------------------------ profiles


def _last_read(root: Element, tag: str, nonlinear: bool) -> Element | None:
    """The ``<reservation>`` or ``<discount_factor>`` whose value GENIUS 10.4 ends with.

    A nonlinear profile has its own under ``<utility_space>``. A linear one is
    read level by level (an element, then each of its children in turn), each
    level setting the value from its first such child: the last one read counts,
    so one inside ``<objective>`` overrides one beside it.
    """
    if nonlinear:
        return root.first(tag)
    found = None
    for element in root.walk():
        found = element.first(tag) or found
    return found


def _profile(path: Path, root: Element, actor: Actor, issues: list[DomainIssue]) -> _Reading:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    kind = (root.get("type") or "").strip().lower()
    if kind not in ("", "linear", "uncertain", "nonlinear", "constraint"):
        problems.append(root.problem("unknown utility space type",
                                     expected="linear, nonlinear, constraint or uncertain "
                                              "(GENIUS 10.4 loads no other)",
                                     found=repr(root.get("type"))))
        return _Reading(actor, None, problems, warnings)
    reservation = 0.0
    res_el = _last_read(root, "reservation", kind == "nonlinear")
    if res_el is not None:
        value = number_attribute(res_el, "value", problems)
        if value is not None and not 0.0 <= value <= 1.0:
            problems.append(res_el.problem("reservation value outside 0..1",
                                           expected="a utility in 0..1", found=f"{value:g}"))
        elif value is not None:
            reservation = value
    discount = None
    df_el = _last_read(root, "discount_factor", kind == "nonlinear")
    if df_el is not None:
        value = number_attribute(df_el, "value", problems)
        if value is not None:   # GENIUS: a factor <= 0 or > 1 means no discount
            discount = value if 0.0 < value <= 1.0 else 1.0
    name = path.name
    about_why = f"read from the GENIUS profile {name} (as GENIUS 10.4 evaluates it)"
    description = f"GENIUS profile {name}."
    if kind in ("constraint",):
        problems.append(root.problem("constraint utility spaces are not supported",
                                     expected="a linear or nonlinear GENIUS profile",
                                     found=f"type={root.get('type')!r}"))
        return _Reading(actor, None, problems, warnings)
    if kind == "nonlinear":
        terms = rectangle_terms(root, issues, str(path), problems)
        if terms is None or problems:
            return _Reading(actor, None, problems, warnings)
        first = issues[0]
        # no rectangle ever counts: a utility of 0 for every deal
        weights = {first.id: 0.0 if terms else 1.0}
        values: dict[str, dict[str, float]] = \
            {} if terms else {first.id: dict.fromkeys(first.option_ids, 0.0)}
        description += (" A nonlinear profile: its utility is the sum of the hyper-rectangles "
                        "the deal falls in, over maxutility, capped at 1; each rectangle is "
                        "one interaction term.")
    else:
        linear = linear_contributions(root, issues, str(path), problems, warnings)
        if linear is None:
            return _Reading(actor, None, problems, warnings)
        contributions, weight_sum = linear
        parts = additive_parts(contributions, cap_prefix="cap", cap_why=(
            f"the weights in {name} sum to {weight_sum:.6g}; GENIUS adds the weighted "
            "evaluations without normalising and caps the sum at 1"))
        weights, values, terms = parts.weights, parts.values, list(parts.interactions)
        if parts.capped:
            description += (f" Its weighted evaluations can sum to {parts.largest_sum:.6g}: "
                            "GENIUS caps the utility at 1, so the 'cap-' interaction terms "
                            "add what the normalised weights leave out.")
        elif parts.largest_sum < 1.0 - 1e-12:
            description += (f" Its weighted evaluations sum to at most "
                            f"{parts.largest_sum:.6g}: the values are scaled by that, so that "
                            "utilities are GENIUS's.")
    about = ["reservation", "weights"] + (["values"] if values else []) + \
        (["interactions"] if terms else [])
    prefs = Preferences(
        reservation=reservation, weights=weights, values=values,
        interactions=tuple(terms), discount=discount,
        assumptions=(Assumption(about=tuple(about), why=about_why),
                     Assumption(about=("power",), why="GENIUS parties bargain as equals")))
    return _Reading(actor.model_copy(update={"description": description}), prefs, problems,
                    warnings)


# ------------------------------------------------------------------ folders


def _sniff(path: Path) -> str | None:
    """``None`` for a file that may be XML, else why it is not."""
    try:
        head = path.read_bytes()[:512]
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None   # UTF-16 (which XML marks so): the parser reads it, or says why not
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return None   # an empty file is reported as malformed XML
    if text.startswith(b"<"):
        return None
    points = _utility_rows(path)
    if points:
        return (f"GENIUS's list of Pareto-optimal utilities ({points} points), "
                "not a domain or a profile")
    return "not XML (it does not start with '<')"


def _utility_rows(path: Path) -> int:
    """How many lines of comma-separated numbers the file holds (0 if it holds anything else).

    GENIUS ships such a ``pareto.xml`` beside some domains (ANAC 2014).
    """
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines:
            [float(x) for x in line.split(",")]
    except (OSError, UnicodeDecodeError, ValueError):
        return 0
    return len(lines)


def load_genius(folder: str | Path, step: float | None = None,
                intervals: int = DEFAULT_INTERVALS) -> GeniusImport:
    """Read a GENIUS domain folder: the domain file and every profile file in it.

    Parameters
    ----------
    folder
        A folder holding one ``<negotiation_template>`` file and one
        ``<utility_space>`` file per party (any other files are skipped).
    step, intervals
        How real issues are discretised: in steps of ``step``, or else into
        ``intervals`` equal steps (``intervals + 1`` values).

    Raises
    ------
    InputError
        Listing every problem found, each naming its file, element path and line:
        malformed or truncated XML, a profile that does not fit the domain, an
        unknown evaluator type, a profile accord cannot represent exactly.
    """
    root_dir = Path(folder)
    if not root_dir.is_dir():
        raise InputError.single("not a folder", file=str(root_dir),
                                expected="a GENIUS domain folder (one domain file and one "
                                         "profile file per party)",
                                found="a file" if root_dir.exists() else "nothing there")
    if step is not None and not (math.isfinite(step) and step > 0):
        raise InputError.single("bad step", file="<command line>", expected="a step > 0",
                                found=repr(step))
    if intervals < 1:
        raise InputError.single("bad number of intervals", file="<command line>",
                                expected="at least 1", found=str(intervals))
    problems: list[Problem] = []
    skipped: list[tuple[Path, str]] = []
    domains: list[tuple[Path, Element]] = []
    profiles: list[tuple[Path, Element]] = []
    for path in sorted(root_dir.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".xml":
            continue
        reason = _sniff(path)
        if reason is not None:
            skipped.append((path, reason))
            continue
        try:
            root = parse_xml(path)
        except InputError as exc:
            problems += exc.problems
            continue
        if root.tag == "negotiation_template":
            domains.append((path, root))
        elif root.tag == "utility_space":
            profiles.append((path, root))
        else:
            skipped.append((path, f"<{root.tag}> is neither a GENIUS domain nor a profile"))
    if problems:
        raise InputError(tuple(problems))
    where = str(root_dir)
    if len(domains) != 1:
        scenarios = sorted(p.name for p in root_dir.iterdir()
                           if p.suffix.lower() in (".yaml", ".yml", ".json"))
        raise InputError.single(
            "no domain file" if not domains else "more than one domain file", file=where,
            expected="exactly one <negotiation_template> file",
            found=", ".join(p.name for p, _ in domains) or "none",
            suggestion=(f"to read a scenario file, name it: {root_dir / scenarios[0]}"
                        if scenarios and not domains else ""))
    if not profiles:
        raise InputError.single("no profile file", file=where,
                                expected="a <utility_space> file for each party", found="none")
    domain_path, domain_root = domains[0]
    issues = domain_issues(domain_root, step, intervals, problems)
    if problems:
        raise InputError(tuple(problems))
    # parties are named after their files, less the words every file shares with the domain's
    prefix = shared_prefix([p.stem for p, _ in profiles], domain_path.stem)
    actor_ids = unique_slugs([p.stem[len(prefix):] for p, _ in profiles], "party")
    order = sorted(range(len(profiles)), key=lambda k: actor_ids[k])   # as export names them
    profiles = [profiles[k] for k in order]
    readings = [_profile(path, root, Actor(id=actor_ids[k], name=path.stem[len(prefix):]),
                         issues)
                for (path, root), k in zip(profiles, order, strict=True)]
    problems = [p for r in readings for p in r.problems]
    if problems:
        raise InputError(tuple(problems))
    objective = domain_root.first("utility_space")
    title_el = objective.first("objective") if objective is not None else None
    title = (title_el.get("name") if title_el is not None else None) or root_dir.name
    if title.strip().lower() in ("", "root"):
        title = root_dir.name
    scenario = Scenario(
        accord=1, id=slug(root_dir.name, "genius"), title=title,
        description=(f"Imported from the GENIUS domain folder {root_dir.name} "
                     f"({domain_path.name}, {len(profiles)} profile(s)). GENIUS has no status "
                     "quo: the first value of each issue stands in for it."),
        actors=tuple(r.actor for r in readings),
        issues=tuple(_accord_issue(i) for i in issues),
        preferences={r.actor.id: r.preferences for r in readings if r.preferences is not None})
    real = tuple(Discretised(i.id, i.name, i.lower, i.upper, i.step, len(i.labels))
                 for i in issues if i.kind == "real")
    return GeniusImport(scenario, domain_path, tuple(p for p, _ in profiles), tuple(skipped),
                        tuple(w for r in readings for w in r.warnings), real)


def _accord_issue(issue: DomainIssue) -> Issue:
    options = tuple(Option(id=o, name=label if label != o else "", description=d)
                    for o, label, d in zip(issue.option_ids, issue.labels, issue.descriptions,
                                           strict=True))
    if issue.kind == "integer":
        description = (f"GENIUS integer issue {int(issue.lower)}..{int(issue.upper)}: one option "
                       "per value.")
    elif issue.kind == "real":
        description = (f"GENIUS real issue [{value_label(issue.lower)}, "
                       f"{value_label(issue.upper)}], discretised with step "
                       f"{value_label(issue.step)} ({len(options)} values).")
    else:
        description = ""
    return Issue(id=issue.id, name=issue.name if issue.name != issue.id else "",
                 description=description, options=options, status_quo=options[0].id,
                 ordered=issue.kind != "discrete")
