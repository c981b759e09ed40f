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

Each format has its own reader (:mod:`~accord.scenario.position_table`,
:mod:`~accord.scenario.position_deu`, :mod:`~accord.scenario.position_decide`,
:mod:`~accord.scenario.position_ktab`); the records they return are defined in
:mod:`~accord.scenario.position_records`, the cell parsing they share in
:mod:`~accord.scenario.position_cells`.

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
import re
from collections.abc import Callable
from pathlib import Path

from accord.errors import InputError
from accord.scenario.position_decide import parse_decide
from accord.scenario.position_deu import parse_deu
from accord.scenario.position_ktab import parse_ktab
from accord.scenario.position_records import (
    MAX_POSITION,
    Format,
    IssueRecord,
    PositionFile,
    PositionRecord,
)
from accord.scenario.position_table import parse_table

__all__ = [
    "FORMATS",
    "MAX_POSITION",
    "Format",
    "IssueRecord",
    "PositionFile",
    "PositionRecord",
    "read_positions",
]

#: The formats :func:`read_positions` reads.
FORMATS: tuple[Format, ...] = ("table", "deu", "decide", "ktab")

#: Columns only a DEU file has: any two of them make a file DEU.
_DEU_COLUMNS = frozenset({"isnr", "prnr", "isnrnmc", "prnrnmc", "prname", "pcom", "scom",
                          "pep", "sep", "rp", "out"})


def _detect(text: str, suffix: str) -> Format:
    """The format of a file, recognised from its first rows."""
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
        "table": parse_table, "deu": parse_deu, "decide": parse_decide, "ktab": parse_ktab}
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
