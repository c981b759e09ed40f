"""Reading positional data for forecasting models: who stands where on which issue.

One function, :func:`read_positions`, reads every format accord knows and
returns a :class:`PositionFile`: one :class:`PositionRecord` per actor and issue
(position, salience on 0..1, capability) and one :class:`IssueRecord` per issue
(scale, reference point, recorded outcome, the proposal it belongs to). The
format is recognised from the content:

- **a positional table** (CSV, TSV or semicolon-separated, with a header):
  columns ``actor``, ``position``, ``salience``, ``capability`` (also called
  ``power``, ``influence`` or ``clout``), and optionally ``issue`` (a table
  without one holds a single issue named after the file), ``reference`` (the
  status quo) and ``outcome``. Saliences are read on 0..1 when none exceeds 1,
  else on 0..100; the scale of an issue is the range of its positions.
- **DEU** (Arregui & Perarnaud 2021, DEU III; Thomson et al. 2006): a
  tab-separated file with columns ``pcom``, ``pep``, ``p<cc>`` (positions),
  ``s...`` (saliences, 0..100), ``rp`` (reference point), ``out`` (outcome),
  ``prnr`` (the proposal); recognised by its ``isnr`` or ``prnr`` column (or two
  other DEU columns), tab- or comma-separated. An optional second row of
  capabilities (the GDP weights of the blksv/predictioneers_game copy: a row
  whose leading cells, saliences, ``rp`` and ``out`` are all empty) is used when
  present; without it every actor has capability 1. Blank positions and saliences stay missing
  (``None``): what to do with them is the model's business.
- **Decide** (Stokman's exchange model, foarsitter/decide-exchange-model):
  ``#A`` actor rows, ``#P`` issue rows, ``#M`` scale rows, ``#D`` data rows
  (actor, issue, position, salience, power), fields quoted with ``'``.
- **KTAB** (Spatial Model of Politics): a first row naming the scenario and
  giving the numbers of actors and dimensions, a header row, then per actor its
  name, description, influence and a position and salience (0..100) for every
  dimension, on a 0..100 scale.

Every problem names the file, line and column, what was expected and what was
found (:class:`accord.errors.InputError`): among others an issue or actor given
twice, a row longer or shorter than its header, a file without issues, a number
written with a decimal comma or an underscore, a file not in UTF-8.

Examples
--------
>>> import pathlib, tempfile
>>> f = pathlib.Path(tempfile.mkdtemp()) / "emissions.csv"
>>> _ = f.write_text("Actor,Capability,Position,Salience\\nNL,0.08,4,0.8\\nFR,0.16,10,0.6\\n")
>>> data = read_positions(f)
>>> data.format, data.actors, [i.id for i in data.issues]
('table', ('NL', 'FR'), ['emissions'])
>>> data.records[1]
PositionRecord(actor='FR', issue='emissions', position=10.0, salience=0.6, capability=0.16, \
line=3)
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from accord.errors import InputError, Problem, suggest

__all__ = [
    "FORMATS",
    "MAX_POSITION",
    "IssueRecord",
    "PositionFile",
    "PositionRecord",
    "read_positions",
]

Format = Literal["table", "deu", "decide", "ktab"]
#: The formats :func:`read_positions` reads.
FORMATS: tuple[Format, ...] = ("table", "deu", "decide", "ktab")

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
#: The largest position accepted (its square, and the sums of squares the
#: forecasting models take, stay far from floating-point overflow).
MAX_POSITION = 1e100


@dataclass(frozen=True)
class PositionRecord:
    """One actor on one issue.

    ``position`` is ``None`` when the actor takes no position, ``salience``
    (on 0..1) when the source does not say how much the issue matters to it.
    """

    actor: str
    issue: str
    position: float | None
    salience: float | None
    capability: float
    line: int | None = None


@dataclass(frozen=True)
class IssueRecord:
    """One issue: its scale, and what is known of its status quo and outcome."""

    id: str
    lower: float
    upper: float
    reference: float | None = None
    outcome: float | None = None
    group: str = ""
    name: str = ""


@dataclass(frozen=True)
class PositionFile:
    """Everything a positional file says, in file order."""

    path: str
    format: Format
    actors: tuple[str, ...]
    issues: tuple[IssueRecord, ...]
    records: tuple[PositionRecord, ...]
    notes: tuple[str, ...] = field(default=())


class _Problems:
    """Collects the problems of one file, then raises them together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, message: str, line: int | None = None, column: int | None = None, *,
            path: tuple[str | int, ...] = (), expected: str = "", found: str = "",
            suggestion: str = "") -> None:
        self.found.append(Problem(message, path=path, expected=expected, found=found,
                                  suggestion=suggestion, file=self.file, line=line,
                                  column=column))

    def raise_if_any(self) -> None:
        if self.found:
            raise InputError(tuple(self.found[:50]))


def _number(text: str) -> float | None:
    """A finite number, or ``None`` when ``text`` is not one.

    Python's ``float`` reads ``1_0`` as 10; a cell holding an underscore is
    refused instead (it is a typing slip, not a digit separator).
    """
    if "_" in text:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number_hint(raw: str) -> str:
    """A hint for a cell that is not a number: a decimal comma, or an underscore."""
    text = raw.strip()
    if "," in text and _number(text.replace(",", ".", 1)) is not None:
        return (f"a decimal comma? write {text.replace(',', '.', 1)} (accord reads the point "
                "as the decimal separator)")
    if "_" in text:
        return "remove the underscore: numbers are written without digit separators"
    return ""


def _duplicates(names: Sequence[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Each name given again: (name, where first, where again), in file order."""
    first: dict[str, int] = {}
    out = []
    for name, where in names:
        if name in first:
            out.append((name, first[name], where))
        else:
            first[name] = where
    return out


def _extra_cells(problems: _Problems, row: list[str], width: int, line: int) -> bool:
    """Report non-empty cells beyond the header's ``width`` (``True`` when there are some)."""
    extra = [k for k in range(width, len(row)) if row[k].strip()]
    if extra:
        problems.add(f"a row of {len(row)} cells under a header of {width}", line,
                     extra[0] + 1, expected=f"at most {width} cells, as the header names",
                     found=repr(row[extra[0]].strip()),
                     suggestion="a comma inside a cell? put the cell in double quotes")
    return bool(extra)


def _salience_scale(values: Sequence[tuple[float, int | None]], problems: _Problems,
                    column: int | None) -> float:
    """100 when the saliences are given on 0..100, else 1; report the ones out of range.

    Saliences are on 0..1 unless some exceeds 1 and none lies strictly between 0
    and 1 (then they are on 0..100). A file mixing both is reported.
    """
    if not any(v > 1.0 for v, _ in values):
        return 1.0
    fractions = [v for v, _ in values if 0.0 < v < 1.0]
    if not fractions:
        return 100.0
    for v, line in values:
        if v > 1.0:
            problems.add("salience out of range", line, column, path=("salience",),
                         expected="a salience in 0..1 like the others in this file "
                         f"(e.g. {fractions[0]:g}), or every salience on 0..100",
                         found=f"{v:g}")
    return 1.0


def _rows(text: str, delimiter: str, quote: str = '"') -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote))


def _delimiter(first_line: str, suffix: str) -> str:
    if suffix == ".tsv" or "\t" in first_line:
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","


#: Columns only a DEU file has: any two of them make a file DEU.
_DEU_COLUMNS = frozenset({"isnr", "prnr", "isnrnmc", "prnrnmc", "prname", "pcom", "scom",
                          "pep", "sep", "rp", "out"})


def _detect(text: str, suffix: str) -> Format:
    lines = [line for line in text.lstrip("\ufeff").split("\n") if line.strip()]
    first = lines[0] if lines else ""
    for line in lines:          # Decide: the first row that is not a comment ('#/')
        head = line.strip().strip("'\"")
        if head.startswith("#/"):
            continue
        if head[:2] in ("#A", "#P", "#M", "#D"):
            return "decide"
        break
    cells = {c.strip().strip('"').lower() for c in re.split("[\t,;]", first)}
    if {"isnr", "prnr"} & cells or len(_DEU_COLUMNS & cells) >= 2:
        return "deu"
    lines = text.lstrip("\ufeff").split("\n")
    if len(lines) > 1:
        second = [c.strip().lower() for c in lines[1].split(",")]
        if second[:2] == ["actor", "description"]:
            return "ktab"
    return "table"


def read_positions(path: str | Path, format: Format | None = None) -> PositionFile:
    """Read a positional table, a DEU file, a Decide input file or a KTAB input file.

    Parameters
    ----------
    path
        The file.
    format
        One of :data:`FORMATS`; recognised from the content when ``None``.

    Returns
    -------
    PositionFile
        Actors, issues and one record per actor and issue, in file order.

    Raises
    ------
    InputError
        When the file cannot be read or holds anything malformed: every problem
        found, each with its line and column.
    """
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError.single("no such file", file=file, expected="a positional table, "
                                "a DEU, Decide or KTAB file", found="nothing at this path") \
            from None
    except OSError as exc:
        raise InputError.single("cannot read the file", file=file, found=str(exc)) from None
    text = _decode(data, file)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError.single("empty file", file=file, expected="a header and rows",
                                found="no text")
    kind = format or _detect(text, Path(path).suffix.lower())
    reader: dict[Format, Callable[[str, str, str], PositionFile]] = {
        "table": _read_table, "deu": _read_deu, "decide": _read_decide, "ktab": _read_ktab}
    return reader[kind](text, file, Path(path).stem)


def _decode(data: bytes, file: str) -> str:
    """The file's text (UTF-8, a byte-order mark dropped); a located error otherwise."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        start = before.rfind(b"\n") + 1
        column = len(before[start:].decode("utf-8", errors="replace")) + 1
        raise InputError.single("the file is not UTF-8 text", file=file, line=line,
                                column=column, expected="text encoded as UTF-8",
                                found=f"byte 0x{data[exc.start]:02x}",
                                suggestion="save it as UTF-8 (it looks like Latin-1 or "
                                "Windows-1252: 'Save as' offers the encoding in most "
                                "editors and spreadsheets)") from None


# ------------------------------------------------------------------ a positional table
def _columns(header: list[str], raw: list[str], problems: _Problems) -> dict[str, int]:
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


def _read_table(text: str, file: str, stem: str) -> PositionFile:
    problems = _Problems(file)
    first = text.split("\n", 1)[0]
    rows = _rows(text, _delimiter(first, Path(file).suffix.lower()))
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

        if _extra_cells(problems, row, len(header), line):
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
            number = _number(raw)
            if number is None:
                message = (f"actor {actor!r} has no {key}" if not raw
                           else f"bad {key} for actor {actor!r}")
                problems.add(message, line, columns[key] + 1, path=(key,), expected=what,
                             found=repr(raw) if raw else "an empty cell",
                             suggestion=_number_hint(raw))
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
                number = _number(raw)
                if number is None:
                    problems.add(f"bad {key} for issue {issue!r}", line, columns[key] + 1,
                                 path=(key,), expected="a number or an empty cell",
                                 found=repr(raw), suggestion=_number_hint(raw))
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

    scale = _salience_scale([(p[4], p[0]) for p in parsed], problems, columns["salience"] + 1)
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


# ------------------------------------------------------------------ DEU
_DEU_NOT_ACTORS = ("prnr", "prname", "proc", "proccde", "prnrnmc")


def _deu_header(rows: list[list[str]], problems: _Problems,
                ) -> tuple[dict[str, int], tuple[str, ...]]:
    """The column of each DEU header name, and the actors (pairs ``p<a>``, ``s<a>``)."""
    header = [h.strip().lower() for h in rows[0]]
    for name, first, again in _duplicates([(h, k + 1) for k, h in enumerate(header) if h]):
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


def _read_deu(text: str, file: str, stem: str) -> PositionFile:
    problems = _Problems(file)
    rows = _rows(text, "\t" if "\t" in text.split("\n", 1)[0] else ",")
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
            value = _number(raw)
            if value is None or value < 0:
                problems.add(f"bad capability for actor {actor!r}", 2, k + 1,
                             path=("p" + actor,), expected="a number of at least 0",
                             found=repr(raw) if raw else "an empty cell",
                             suggestion=_number_hint(raw))
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
        if _extra_cells(problems, row, width, line):
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
            value = _number(raw) if raw else None
            if raw and (value is None or not 0 <= value <= 100):
                problems.add(f"bad value in column {key!r} of issue {issue!r}", line,
                             index[key] + 1, path=(key,),
                             expected="a number in 0..100 or an empty cell", found=repr(raw),
                             suggestion=_number_hint(raw))
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


# ------------------------------------------------------------------ Decide
def _read_decide(text: str, file: str, stem: str) -> PositionFile:
    problems = _Problems(file)
    delimiter = "\t" if "\t" in text else ";" if ";" in text.split("\n", 1)[0] else ","
    rows = _rows(text, delimiter, quote="'")
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
            value = _number(row[2])
            if value is None:
                problems.add("bad scale value", line, 3, expected="a number", found=repr(row[2]),
                             suggestion=_number_hint(row[2]))
            else:
                bounds.setdefault(row[1], []).append(value)
        elif tag == "#D" and len(row) >= 6:
            data.append((line, row))
        else:
            problems.add("unrecognised row", line, 1, expected="#A actor, #P issue, #M issue "
                         "bound, or #D actor issue position salience power",
                         found=" ".join(row)[:60])
    for tag, what in (("#A", "actor"), ("#P", "issue")):
        for name, first, again in _duplicates(declared[tag]):
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
            value = _number(row[k])
            if value is None or (low is not None and value < low):
                problems.add(f"bad {what} for actor {actor!r} on issue {issue!r}", line, k + 1,
                             expected="a number" + (" of at least 0" if low is not None else ""),
                             found=repr(row[k]) if row[k] else "an empty cell",
                             suggestion=_number_hint(row[k]))
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
    scale = _salience_scale([(r.salience or 0.0, r.line) for r in records], problems, 5)
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


# ------------------------------------------------------------------ KTAB
def _read_ktab(text: str, file: str, stem: str) -> PositionFile:
    problems = _Problems(file)
    rows = [[c.strip() for c in row] for row in _rows(text, ",")]
    title = rows[0]
    declared = [_number(c) for c in title[2:4]] if len(title) >= 4 else [None, None]
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
    for name, first, again in _duplicates([(d, 4 + 2 * k) for k, d in enumerate(issue_ids)]):
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
        if _extra_cells(problems, row, len(header), line):
            continue
        actor = cells[0]
        if len(cells) < len(header) or not all(cells[:len(header)]):
            column = next(k for k in range(len(header)) if k >= len(cells) or not cells[k])
            problems.add(f"short row for actor {actor!r}", line, column + 1,
                         expected=f"{len(header)} values ({', '.join(header)})",
                         found=f"{sum(1 for c in cells if c)}")
            continue
        influence = _number(cells[2])
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
            x, s = _number(cells[3 + 2 * k]), _number(cells[4 + 2 * k])
            bad_x = x is None or not 0 <= x <= 100
            if bad_x or s is None or not 0 <= s <= 100:
                problems.add(f"bad {'position' if bad_x else 'salience'} for actor {actor!r} "
                             f"on issue {issue!r}", line, (4 if bad_x else 5) + 2 * k,
                             expected="a position and a salience in 0..100",
                             found=f"{cells[3 + 2 * k]!r}, {cells[4 + 2 * k]!r}",
                             suggestion=_number_hint(cells[(3 if bad_x else 4) + 2 * k]))
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
