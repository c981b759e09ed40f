"""Reading a Decide input file: the input of Stokman's exchange model.

A file of tagged rows (foarsitter/decide-exchange-model): ``#A`` declares an
actor, ``#P`` an issue (with its name), ``#M`` a bound of an issue's scale and
``#D`` an actor's position, salience and power on an issue; fields are
separated by tabs, semicolons or commas and quoted with ``'``, and ``#/``
starts a comment. :func:`parse_decide` reads its text; see
:mod:`accord.scenario.positions` for reading a file.

Examples
--------
>>> text = "#A;NL\\n#A;FR\\n#P;tax;Tax rate\\n#M;tax;0\\n#M;tax;100\\n" \\
...        "#D;NL;tax;40;0.5;1\\n#D;FR;tax;70;0.8;2\\n"
>>> data = parse_decide(text, "tax.csv", "tax")
>>> data.actors, data.issues[0]
(('NL', 'FR'), IssueRecord(id='tax', lower=0.0, upper=100.0, reference=None, outcome=None, \
group='', name='Tax rate'))

References
----------
Stokman, F. and Van Oosten, R. (1994). The exchange of voting positions. In Bueno de Mesquita
and Stokman (eds), *European Community Decision Making*.
"""

from __future__ import annotations

from accord.errors import suggest
from accord.scenario.position_cells import (
    FileProblems,
    csv_rows,
    duplicates,
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

__all__ = ["parse_decide"]


def parse_decide(text: str, file: str, stem: str) -> PositionFile:
    """Read the text of a Decide input file.

    Parameters
    ----------
    text
        The file's text, with ``\\n`` line ends.
    file
        The file's name, for the problems.
    stem
        Unused: a Decide file names its issues (the same signature as the other readers).

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
    delimiter = "\t" if "\t" in text else ";" if ";" in text.split("\n", 1)[0] else ","
    rows = csv_rows(text, delimiter, quote="'")
    actors: dict[str, int] = {}
    issues: dict[str, tuple[int, str]] = {}
    bounds: dict[str, list[float]] = {}
    data: list[tuple[int, list[str]]] = []
    declared: dict[str, list[tuple[str, int]]] = {"#A": [], "#P": []}
    for line, raw_row in enumerate(rows, start=1):
        row = [c.strip() for c in raw_row]
        if not any(row):
            continue
        tag = row[0]
        if tag.startswith("#/"):
            continue
        if tag == "#A" and len(row) >= 2 and row[1]:
            actors.setdefault(row[1], line)
            declared[tag].append((row[1], line))
        elif tag == "#P" and len(row) >= 2 and row[1]:
            issues.setdefault(row[1], (line, row[2] if len(row) > 2 else ""))
            declared[tag].append((row[1], line))
        elif tag == "#M" and len(row) >= 3:
            value = parse_number(row[2])
            if value is None:
                problems.add("bad scale value", line, 3, expected="a number", found=repr(row[2]),
                             suggestion=number_hint(row[2]))
            else:
                bounds.setdefault(row[1], []).append(value)
        elif tag == "#D" and len(row) >= 6:
            data.append((line, row))
        else:
            problems.add("unrecognised row", line, 1, expected="#A actor, #P issue, #M issue "
                         "bound, or #D actor issue position salience power",
                         found=" ".join(row)[:60])
    for tag, what in (("#A", "actor"), ("#P", "issue")):
        for name, first, again in duplicates(declared[tag]):
            problems.add(f"{what} {name!r} appears twice (lines {first} and {again})", again, 2,
                         expected=f"each {what} declared once with {tag}",
                         found=f"{name!r} again")
    if not problems.found and not (issues and data):
        problems.add("no issues in the file", len(rows) + 1, expected="#P issue rows and "
                     "#D rows (actor, issue, position, salience, power)",
                     found="no #P row" if not issues else "no #D row")
    records: list[PositionRecord] = []
    seen: set[tuple[str, str]] = set()
    for line, row in data:
        actor, issue = row[1], row[2]
        if actor not in actors:
            problems.add(f"unknown actor {actor!r}", line, 2, expected="an actor declared "
                         "with #A", found=repr(actor), suggestion=suggest(actor, actors, "actors"))
        if issue not in issues:
            problems.add(f"unknown issue {issue!r}", line, 3, expected="an issue declared "
                         "with #P", found=repr(issue), suggestion=suggest(issue, issues, "issues"))
        values = []
        for k, (what, low) in enumerate((("position", None), ("salience", 0.0),
                                         ("power", 0.0)), start=3):
            value = parse_number(row[k])
            if value is None or (low is not None and value < low):
                problems.add(f"bad {what} for actor {actor!r} on issue {issue!r}", line, k + 1,
                             expected="a number" + (" of at least 0" if low is not None else ""),
                             found=repr(row[k]) if row[k] else "an empty cell",
                             suggestion=number_hint(row[k]))
            elif low is None and abs(value) > MAX_POSITION:
                problems.add(f"position too large for actor {actor!r} on issue {issue!r}",
                             line, k + 1, expected=f"a position within ±{MAX_POSITION:g} (the "
                             "models square distances between positions)", found=row[k])
                value = None
            values.append(value)
        if (actor, issue) in seen:
            problems.add(f"actor {actor!r} appears twice on issue {issue!r}", line, 2,
                         expected="one #D row per actor and issue", found="a second row")
        seen.add((actor, issue))
        x, s, c = values
        if x is not None and s is not None and c is not None:
            if s > 100:
                problems.add(f"salience out of range for actor {actor!r}", line, 5,
                             expected="a salience in 0..1 (or 0..100)", found=row[4])
            records.append(PositionRecord(actor, issue, x, s, c, line))
    scale = salience_scale([(r.salience or 0.0, r.line) for r in records], problems, 5)
    problems.raise_if_any()
    records = [PositionRecord(r.actor, r.issue, r.position, (r.salience or 0.0) / scale,
                              r.capability, r.line) for r in records]
    issue_records = []
    for issue, (_line, name) in issues.items():
        positions = [r.position for r in records if r.issue == issue and r.position is not None]
        given = bounds.get(issue, [])
        lower = min(given + positions) if given + positions else 0.0
        upper = max(given + positions) if given + positions else 100.0
        for r in records:
            if r.issue == issue and given and r.position is not None and not \
                    min(given) <= r.position <= max(given):
                problems.add(f"position outside the scale of issue {issue!r}", r.line, 4,
                             expected=f"a position in {min(given):g}..{max(given):g} (#M rows)",
                             found=f"{r.position:g}")
        issue_records.append(IssueRecord(issue, lower, upper, name=name))
    problems.raise_if_any()
    notes = ("saliences read on a 0..100 scale",) if scale == 100.0 else ()
    return PositionFile(file, "decide", tuple(actors), tuple(issue_records), tuple(records),
                        notes)
