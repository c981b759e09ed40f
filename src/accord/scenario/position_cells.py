"""The cells of a positional file: numbers, repeated names, stray cells, salience scales.

What every reader of :mod:`accord.scenario.positions` shares: splitting the
text into rows (:func:`csv_rows`), reading a cell as a finite number
(:func:`parse_number`) with a hint when it is not one (:func:`number_hint`),
finding names given twice (:func:`duplicates`), reporting cells beyond the
header (:func:`extra_cells`), telling saliences on 0..1 from saliences on
0..100 (:func:`salience_scale`), and collecting the problems of one file to
raise them together (:class:`FileProblems`).

Examples
--------
>>> parse_number(" 4.5 "), parse_number("1_0"), parse_number("nan")
(4.5, None, None)
>>> number_hint("0,8")
'a decimal comma? write 0.8 (accord reads the point as the decimal separator)'
>>> duplicates([("NL", 2), ("FR", 3), ("NL", 4)])
[('NL', 2, 4)]
>>> problems = FileProblems("emissions.csv")
>>> salience_scale([(80.0, 2), (60.0, 3)], problems, 4), problems.found
(100.0, [])
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from accord.errors import InputError, Problem

__all__ = [
    "FileProblems",
    "csv_rows",
    "duplicates",
    "extra_cells",
    "number_hint",
    "parse_number",
    "salience_scale",
]


class FileProblems:
    """Collects the problems of one file, then raises them together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, message: str, line: int | None = None, column: int | None = None, *,
            path: tuple[str | int, ...] = (), expected: str = "", found: str = "",
            suggestion: str = "") -> None:
        """Note one problem of the file, at ``line`` and ``column`` when they are known."""
        self.found.append(Problem(message, path=path, expected=expected, found=found,
                                  suggestion=suggestion, file=self.file, line=line,
                                  column=column))

    def raise_if_any(self) -> None:
        """Raise the problems noted so far (the first 50) as one :class:`InputError`."""
        if self.found:
            raise InputError(tuple(self.found[:50]))


def parse_number(text: str) -> float | None:
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


def number_hint(raw: str) -> str:
    """A hint for a cell that is not a number: a decimal comma, or an underscore."""
    text = raw.strip()
    if "," in text and parse_number(text.replace(",", ".", 1)) is not None:
        return (f"a decimal comma? write {text.replace(',', '.', 1)} (accord reads the point "
                "as the decimal separator)")
    if "_" in text:
        return "remove the underscore: numbers are written without digit separators"
    return ""


def duplicates(names: Sequence[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Each name given again: (name, where first, where again), in file order."""
    first: dict[str, int] = {}
    out = []
    for name, where in names:
        if name in first:
            out.append((name, first[name], where))
        else:
            first[name] = where
    return out


def extra_cells(problems: FileProblems, row: list[str], width: int, line: int) -> bool:
    """Report non-empty cells beyond the header's ``width`` (``True`` when there are some)."""
    extra = [k for k in range(width, len(row)) if row[k].strip()]
    if extra:
        problems.add(f"a row of {len(row)} cells under a header of {width}", line,
                     extra[0] + 1, expected=f"at most {width} cells, as the header names",
                     found=repr(row[extra[0]].strip()),
                     suggestion="a comma inside a cell? put the cell in double quotes")
    return bool(extra)


def salience_scale(values: Sequence[tuple[float, int | None]], problems: FileProblems,
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


def csv_rows(text: str, delimiter: str, quote: str = '"') -> list[list[str]]:
    """The rows of ``text``, split at ``delimiter``, cells quoted with ``quote``."""
    return list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote))

