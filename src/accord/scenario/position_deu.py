"""Reading a DEU file: the Decision-making in the European Union data sets.

A tab-separated (or comma-separated) file with one row per issue: ``isnr``
(the issue), ``prnr`` (its proposal), a position ``p<actor>`` and a salience
``s<actor>`` (0..100) per actor, the reference point ``rp`` and the outcome
``out``, optionally preceded by a row of capabilities (Thomson et al. 2006;
Arregui & Perarnaud 2021). :func:`parse_deu` reads its text; see
:mod:`accord.scenario.positions` for the format and for reading a file.

Examples
--------
>>> header = "isnr\\tprnr\\tpcom\\tscom\\tpep\\tsep\\trp\\tout"
>>> text = header + "\\n1\\t7\\t100\\t50\\t0\\t80\\t0\\t60\\n"
>>> data = parse_deu(text, "deu.tsv", "deu")
>>> data.actors, data.issues[0].outcome, [r.salience for r in data.records]
(('com', 'ep'), 60.0, [0.5, 0.8])
>>> data.notes
('no capability row: every actor has capability 1',)

References
----------
Arregui, J. and Perarnaud, C. (2021). A new dataset on legislative decision-making in the
European Union: the DEU III dataset. doi:10.34810/data53.

Thomson, R., Stokman, F., Achen, C. and König, T. (eds) (2006). *The European Union
Decides*. Cambridge University Press.
"""

from __future__ import annotations

from accord.errors import suggest
from accord.scenario.position_cells import (
    FileProblems,
    csv_rows,
    duplicates,
    extra_cells,
    number_hint,
    parse_number,
)
from accord.scenario.position_records import IssueRecord, PositionFile, PositionRecord

__all__ = ["parse_deu"]

#: Header names that start with ``p`` or ``s`` but are no actor's column.
_DEU_NOT_ACTORS = ("prnr", "prname", "proc", "proccde", "prnrnmc")


def _deu_header(rows: list[list[str]], problems: FileProblems,
                ) -> tuple[dict[str, int], tuple[str, ...]]:
    """The column of each DEU header name, and the actors (pairs ``p<a>``, ``s<a>``)."""
    header = [h.strip().lower() for h in rows[0]]
    for name, first, again in duplicates([(h, k + 1) for k, h in enumerate(header) if h]):
        what = (f"actor {name[1:]!r}" if name[:1] in "ps" and name not in _DEU_NOT_ACTORS
                and name[1:] else f"column {name!r}")
        problems.add(f"{what} appears twice (columns {first} and {again})", 1, again,
                     expected="each column once", found=f"{rows[0][again - 1].strip()!r} again",
                     suggestion="remove or rename one of the two columns")
    index = {h: k for k, h in reversed(list(enumerate(header)))}
    actors = tuple(dict.fromkeys(h[1:] for h in header if h.startswith("p") and "s" + h[1:]
                                 in index and h not in _DEU_NOT_ACTORS))
    for key in ("out", "rp", "isnr", "prnr"):
        if key not in index:
            close = suggest(key, header, "columns")
            problems.add(f"missing column '{key}'", 1, expected="the DEU columns isnr, prnr, "
                         "p<actor>, s<actor>, rp, out", found=", ".join(rows[0][:8]) + ", ...",
                         suggestion=close if close.startswith("did you mean") else
                         "add the column (its cells may be left empty)")
    if not actors:
        problems.add("no actor columns", 1, expected="pairs of columns p<actor> and s<actor>",
                     found=", ".join(rows[0][:8]) + ", ...")
    return index, actors


def _is_capability_row(row: list[str], index: dict[str, int], actors: tuple[str, ...]) -> bool:
    """Whether a first data row holds capabilities: its leading cells and its salience,
    ``rp`` and ``out`` cells are all empty."""
    def empty(k: int) -> bool:
        return k >= len(row) or not row[k].strip()

    lead = min(index["p" + a] for a in actors)
    return all(empty(k) for k in range(lead)) and all(
        empty(index[key]) for key in ("rp", "out", *("s" + a for a in actors)))


def parse_deu(text: str, file: str, stem: str) -> PositionFile:
    """Read the text of a DEU file.

    Parameters
    ----------
    text
        The file's text, with ``\\n`` line ends.
    file
        The file's name, for the problems.
    stem
        Unused: a DEU file names its issues (the same signature as the other readers).

    Returns
    -------
    PositionFile
        The actors, one issue per row (on 0..100) and the records, in file order.

    Raises
    ------
    InputError
        Every problem found, each with its line and column.
    """
    problems = FileProblems(file)
    rows = csv_rows(text, "\t" if "\t" in text.split("\n", 1)[0] else ",")
    index, actors = _deu_header(rows, problems)
    problems.raise_if_any()
    width = len(rows[0])

    body = [(line, row) for line, row in enumerate(rows[1:], start=2)
            if any(c.strip() for c in row)]
    capability = dict.fromkeys(actors, 1.0)
    notes: list[str] = []
    if body and body[0][0] == 2 and _is_capability_row(body[0][1], index, actors):
        row = body[0][1]
        for actor in actors:
            k = index["p" + actor]
            raw = row[k].strip() if k < len(row) else ""
            value = parse_number(raw)
            if value is None or value < 0:
                problems.add(f"bad capability for actor {actor!r}", 2, k + 1,
                             path=("p" + actor,), expected="a number of at least 0",
                             found=repr(raw) if raw else "an empty cell",
                             suggestion=number_hint(raw))
            else:
                capability[actor] = value
        body = body[1:]
        notes.append("capabilities from the file's second row")
    else:
        notes.append("no capability row: every actor has capability 1")

    records: list[PositionRecord] = []
    issues: list[IssueRecord] = []
    seen: dict[str, int] = {}
    for line, row in body:
        if len(row) < width:
            problems.add(f"a row of {len(row)} cells under a header of {width}", line,
                         len(row) + 1, expected=f"{width} cells, as the header names (empty "
                         "cells for what is unknown)", found=f"{len(row)} cells",
                         suggestion="a tab missing, or the row cut short?")
            continue
        if extra_cells(problems, row, width, line):
            continue
        issue = row[index["isnr"]].strip()
        if not issue:
            problems.add("a row without an issue number", line, index["isnr"] + 1,
                         path=("isnr",), expected="the issue's number in column 'isnr'",
                         found="an empty cell")
            continue
        if issue in seen:
            problems.add(f"issue {issue!r} appears twice (lines {seen[issue]} and {line})",
                         line, index["isnr"] + 1, path=("isnr",),
                         expected="each issue number once", found=f"{issue!r} again")
            continue
        seen[issue] = line
        numbers: dict[str, float | None] = {}
        for key in ("rp", "out", *(p + a for a in actors for p in "ps")):
            raw = row[index[key]].strip()
            value = parse_number(raw) if raw else None
            if raw and (value is None or not 0 <= value <= 100):
                problems.add(f"bad value in column {key!r} of issue {issue!r}", line,
                             index[key] + 1, path=(key,),
                             expected="a number in 0..100 or an empty cell", found=repr(raw),
                             suggestion=number_hint(raw))
            numbers[key] = value
        issues.append(IssueRecord(issue, 0.0, 100.0, numbers["rp"], numbers["out"],
                                  row[index["prnr"]].strip(),
                                  row[index["prname"]].strip() if "prname" in index else ""))
        for actor in actors:
            salience = numbers["s" + actor]
            records.append(PositionRecord(actor, issue, numbers["p" + actor],
                                          None if salience is None else salience / 100.0,
                                          capability[actor], line))
    if not issues and not problems.found:
        capabilities = notes[0].startswith("capabilities")
        problems.add("no issues in the file", len(rows) + 1,
                     expected="a row per issue (isnr, prnr, positions, saliences, rp, out) "
                     "after the header" + (" and the capability row" if capabilities else ""),
                     found="the header" + (" and a capability row" if capabilities else "")
                     + " only")
    problems.raise_if_any()
    return PositionFile(file, "deu", actors, tuple(issues), tuple(records), tuple(notes))
