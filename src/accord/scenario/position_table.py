"""Reading a positional table: one row per actor (and issue), with a header.

A CSV, TSV or semicolon-separated file whose header names the columns
``actor``, ``position``, ``salience`` and ``capability`` (or one of their
other names, such as ``power``), and optionally ``issue``, ``reference`` and
``outcome``. :func:`parse_table` reads its text; see
:mod:`accord.scenario.positions` for the format and for reading a file.

Examples
--------
>>> data = parse_table("actor,position,salience,capability\\nNL,4,80,1\\nFR,10,60,2\\n",
...                    "emissions.csv", "emissions")
>>> [(r.actor, r.position, r.salience) for r in data.records], data.notes
([('NL', 4.0, 0.8), ('FR', 10.0, 0.6)], ('saliences read on a 0..100 scale',))
"""

from __future__ import annotations

from pathlib import Path

from accord.errors import suggest
from accord.scenario.position_cells import (
    FileProblems,
    csv_rows,
    extra_cells,
    number_hint,
    parse_number,
    salience_scale,
)
from accord.scenario.position_records import (
    MAX_POSITION,
    IssueRecord,
    PositionFile,
    PositionRecord,
)

__all__ = ["parse_table"]

#: The names a header may give each field.
_ALIASES = {
    "actor": ("actor", "actors", "name", "stakeholder", "player"),
    "issue": ("issue", "issues", "dimension"),
    "position": ("position", "pos", "pstn"),
    "salience": ("salience", "sal", "importance"),
    "capability": ("capability", "capabilities", "power", "influence", "clout"),
    "reference": ("reference", "status_quo", "status quo", "reference point"),
    "outcome": ("outcome", "out"),
}
_REQUIRED = ("actor", "position", "salience", "capability")


def _delimiter(first_line: str, suffix: str) -> str:
    """The separator of a table: a tab, a semicolon (and no comma), else a comma."""
    if suffix == ".tsv" or "\t" in first_line:
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","


def _columns(header: list[str], raw: list[str], problems: FileProblems) -> dict[str, int]:
    """The column of each field; two columns naming the same field are reported."""
    columns: dict[str, int] = {}
    for key, names in _ALIASES.items():
        found = [k for k, name in enumerate(header) if name in names]
        if len(found) > 1:
            problems.add("ambiguous columns", 1, found[1] + 1, path=(key,),
                         expected=f"one column for {key!r}",
                         found=" and ".join(f"{raw[k].strip()!r} (column {k + 1})"
                                            for k in found[:3]),
                         suggestion="remove or rename all but one of them")
        if found:
            columns[key] = found[0]
    return columns


def parse_table(text: str, file: str, stem: str) -> PositionFile:
    """Read the text of a positional table.

    Parameters
    ----------
    text
        The file's text, with ``\\n`` line ends.
    file
        The file's name, for the problems.
    stem
        The name of the only issue of a table without an ``issue`` column.

    Returns
    -------
    PositionFile
        The actors, issues and records, in file order.

    Raises
    ------
    InputError
        Every problem found, each with its line and column.
    """
    problems = FileProblems(file)
    first = text.split("\n", 1)[0]
    rows = csv_rows(text, _delimiter(first, Path(file).suffix.lower()))
    header = [h.strip().lower() for h in rows[0]]
    columns = _columns(header, rows[0], problems)
    problems.raise_if_any()
    missing = [key for key in _REQUIRED if key not in columns]
    if missing:
        for key in missing:
            close = suggest(key, [h for h in header if h], "columns")
            if not close.startswith("did you mean"):    # not the columns found, but those needed
                close = ("a header such as: actor,issue,position,salience,capability (issue "
                         "may be left out: one issue per file)")
            problems.add(f"missing column '{key}'", 1, expected=f"a column named {key!r}"
                         + (" (or " + ", ".join(repr(a) for a in _ALIASES[key][1:]) + ")"
                            if len(_ALIASES[key]) > 1 else ""),
                         found="columns " + ", ".join(repr(h) for h in rows[0]),
                         suggestion=close)
        problems.raise_if_any()

    parsed: list[tuple[int, str, str, float, float, float]] = []
    issue_values: dict[str, dict[str, list[tuple[float, int]]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            k = columns.get(key)
            return row[k].strip() if k is not None and k < len(row) else ""

        if extra_cells(problems, row, len(header), line):
            continue
        actor = cell("actor")
        issue = cell("issue") or stem
        if "issue" in columns and not cell("issue"):
            problems.add("a row without an issue", line, columns["issue"] + 1,
                         path=("issue",), expected="an issue name (the file has an issue "
                         "column)", found="an empty cell",
                         suggestion="fill in the issue, or drop the issue column for a file "
                         "of one issue")
            continue
        if not actor:
            problems.add("a row without an actor", line, columns["actor"] + 1,
                         path=("actor",), expected="an actor's name", found="an empty cell")
            continue
        values: dict[str, float] = {}
        for key, what in (("position", "a number"), ("salience", "a number"),
                          ("capability", "a number of at least 0")):
            raw = cell(key)
            number = parse_number(raw)
            if number is None:
                message = (f"actor {actor!r} has no {key}" if not raw
                           else f"bad {key} for actor {actor!r}")
                problems.add(message, line, columns[key] + 1, path=(key,), expected=what,
                             found=repr(raw) if raw else "an empty cell",
                             suggestion=number_hint(raw))
                continue
            if key == "position" and abs(number) > MAX_POSITION:
                problems.add(f"position too large for actor {actor!r}", line,
                             columns[key] + 1, path=(key,),
                             expected=f"a position within ±{MAX_POSITION:g} (the models "
                             "square distances between positions)", found=raw)
                continue
            values[key] = number
        if "capability" in values and values["capability"] < 0:
            problems.add(f"negative capability for actor {actor!r}", line,
                         columns["capability"] + 1, path=("capability",),
                         expected="a number of at least 0", found=cell("capability"))
        if "salience" in values and not 0 <= values["salience"] <= 100:
            problems.add(f"salience out of range for actor {actor!r}", line,
                         columns["salience"] + 1, path=("salience",),
                         expected="a salience in 0..1 (or 0..100)", found=cell("salience"))
        for key in ("reference", "outcome"):
            raw = cell(key)
            if raw:
                number = parse_number(raw)
                if number is None:
                    problems.add(f"bad {key} for issue {issue!r}", line, columns[key] + 1,
                                 path=(key,), expected="a number or an empty cell",
                                 found=repr(raw), suggestion=number_hint(raw))
                else:
                    issue_values.setdefault(issue, {}).setdefault(key, []).append(
                        (number, line))
        if (actor, issue) in seen:
            problems.add(f"actor {actor!r} appears twice on issue {issue!r}", line,
                         columns["actor"] + 1, path=("actor",),
                         expected="one row per actor and issue",
                         found=f"another row at line {seen[actor, issue]}")
            continue
        seen[actor, issue] = line
        if len(values) == 3:
            parsed.append((line, actor, issue, values["position"], values["salience"],
                           values["capability"]))
    if not parsed and not problems.found:
        problems.add("no rows", 2, expected="one row per actor and issue", found="a header only")
    for issue, kinds in issue_values.items():
        for key, found in kinds.items():
            if len({v for v, _ in found}) > 1:
                problems.add(f"issue {issue!r} has several {key} values", found[1][1],
                             columns[key] + 1, path=(key,),
                             expected=f"the same {key} on every row of the issue",
                             found=", ".join(f"{v:g}" for v, _ in found[:5]))
    problems.raise_if_any()

    scale = salience_scale([(p[4], p[0]) for p in parsed], problems, columns["salience"] + 1)
    problems.raise_if_any()
    actors = tuple(dict.fromkeys(p[1] for p in parsed))
    issue_ids = tuple(dict.fromkeys(p[2] for p in parsed))
    issues = []
    for issue in issue_ids:
        positions = [p[3] for p in parsed if p[2] == issue]
        known = issue_values.get(issue, {})
        reference = known["reference"][0][0] if "reference" in known else None
        outcome = known["outcome"][0][0] if "outcome" in known else None
        lower, upper = min(positions), max(positions)
        if reference is not None:
            lower, upper = min(lower, reference), max(upper, reference)
        issues.append(IssueRecord(issue, lower, upper, reference, outcome))
    records = tuple(PositionRecord(a, i, x, s / scale, c, line) for line, a, i, x, s, c in parsed)
    notes = ("saliences read on a 0..100 scale",) if scale == 100.0 else ()
    return PositionFile(file, "table", actors, tuple(issues), records, notes)
