"""Reading a KTAB input file: the input of KAPSARC's Spatial Model of Politics.

A comma-separated file: a first row naming the scenario and giving the numbers
of actors and dimensions, a header row (``Actor``, ``Description``,
``Influence``, then a position and a salience column per dimension), then per
actor its name, description, influence and a position and salience (0..100)
for every dimension. :func:`parse_ktab` reads its text; see
:mod:`accord.scenario.positions` for reading a file.

Examples
--------
>>> text = ("Tax,Rates,2,1\\nActor,Description,Influence,Rate Position,Rate Salience\\n"
...         "NL,Netherlands,1,40,50\\nFR,France,2,70,80\\n")
>>> data = parse_ktab(text, "tax.csv", "tax")
>>> [i.id for i in data.issues], [(r.actor, r.position, r.salience) for r in data.records]
(['Rate'], [('NL', 40.0, 0.5), ('FR', 70.0, 0.8)])
"""

from __future__ import annotations

from accord.scenario.position_cells import (
    FileProblems,
    csv_rows,
    duplicates,
    extra_cells,
    number_hint,
    parse_number,
)
from accord.scenario.position_records import IssueRecord, PositionFile, PositionRecord

__all__ = ["parse_ktab"]


def parse_ktab(text: str, file: str, stem: str) -> PositionFile:
    """Read the text of a KTAB input file.

    Parameters
    ----------
    text
        The file's text, with ``\\n`` line ends.
    file
        The file's name, for the problems.
    stem
        Unused: a KTAB file names its dimensions (the same signature as the other readers).

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
    rows = [[c.strip() for c in row] for row in csv_rows(text, ",")]
    if len(rows) < 2:
        quoted = text.count('"') % 2 == 1
        problems.add("no header row", 2, 1, expected="a title row, then Actor, Description, "
                     "Influence and a position and a salience column per dimension",
                     found="the end of the file",
                     suggestion="an unclosed quote (\") in the first row takes in every line "
                                "after it" if quoted else "add the header row and the actors")
        problems.raise_if_any()
    title = rows[0]
    declared = [parse_number(c) for c in title[2:4]] if len(title) >= 4 else [None, None]
    header = [c for c in rows[1] if c]
    n_dims = (len(header) - 3) // 2
    if n_dims < 1 or len(header) != 3 + 2 * n_dims:
        problems.add("bad header row", 2, expected="Actor, Description, Influence, then a "
                     "position and a salience column per dimension", found=", ".join(header))
        problems.raise_if_any()
    if declared[1] is not None and declared[1] != n_dims:
        problems.add("the numbers of dimensions disagree", 1, 4, expected=f"{n_dims} (the "
                     "header's position and salience columns)", found=title[3])
    issue_ids = [header[3 + 2 * k].removesuffix(" Position").removesuffix(" position")
                 or f"dimension-{k + 1}" for k in range(n_dims)]
    for name, first, again in duplicates([(d, 4 + 2 * k) for k, d in enumerate(issue_ids)]):
        problems.add(f"issue {name!r} appears twice (columns {first} and {again})", 2, again,
                     expected="a distinct name for each dimension's position column",
                     found=f"{name!r} again", suggestion="rename one of the two dimensions")
    records: list[PositionRecord] = []
    actors: list[str] = []
    actor_lines: dict[str, int] = {}
    for line, row in enumerate(rows[2:], start=3):
        cells = row[:len(header)]
        if not any(row):
            continue
        if extra_cells(problems, row, len(header), line):
            continue
        actor = cells[0]
        if len(cells) < len(header) or not all(cells[:len(header)]):
            column = next(k for k in range(len(header)) if k >= len(cells) or not cells[k])
            problems.add(f"short row for actor {actor!r}", line, column + 1,
                         expected=f"{len(header)} values ({', '.join(header)})",
                         found=f"{sum(1 for c in cells if c)}")
            continue
        influence = parse_number(cells[2])
        if influence is None or influence < 0:
            problems.add(f"bad influence for actor {actor!r}", line, 3,
                         expected="a number of at least 0",
                         found=repr(cells[2]) if cells[2] else "an empty cell")
            continue
        if actor in actor_lines:
            problems.add(f"actor {actor!r} appears twice (lines {actor_lines[actor]} and "
                         f"{line})", line, 1, expected="one row per actor",
                         found=f"{actor!r} again")
            continue
        actor_lines[actor] = line
        actors.append(actor)
        for k, issue in enumerate(issue_ids):
            x, s = parse_number(cells[3 + 2 * k]), parse_number(cells[4 + 2 * k])
            bad_x = x is None or not 0 <= x <= 100
            if bad_x or s is None or not 0 <= s <= 100:
                problems.add(f"bad {'position' if bad_x else 'salience'} for actor {actor!r} "
                             f"on issue {issue!r}", line, (4 if bad_x else 5) + 2 * k,
                             expected="a position and a salience in 0..100",
                             found=f"{cells[3 + 2 * k]!r}, {cells[4 + 2 * k]!r}",
                             suggestion=number_hint(cells[(3 if bad_x else 4) + 2 * k]))
                continue
            records.append(PositionRecord(actor, issue, x, s / 100.0, influence, line))
    if declared[0] is not None and declared[0] != len(actors) and not problems.found:
        problems.add("the number of actors disagrees", 1, 3, expected=f"{len(actors)} (the "
                     "rows that follow)", found=title[2])
    problems.raise_if_any()
    issues = []
    for issue in issue_ids:
        positions = [r.position for r in records if r.issue == issue and r.position is not None]
        issues.append(IssueRecord(issue, min([0.0, *positions]), max([100.0, *positions]),
                                  group=title[0]))
    return PositionFile(file, "ktab", tuple(actors), tuple(issues), tuple(records),
                        ("saliences read on a 0..100 scale",))
