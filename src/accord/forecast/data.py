"""The data every forecasting model reads: actors' positions, saliences and capabilities.

A :class:`PositionTable` holds, for ``n`` actors and ``m`` issues, three
``(n, m)`` arrays — ``position`` (NaN where an actor takes no position on an
issue), ``salience`` in 0..1 and ``capability`` (at least 0) — and, per issue,
its scale, its reference point (status quo) and its recorded outcome when known,
and the group (proposal) it belongs to. The arrays are read-only: no model can
change its input.

Missing data, said once here for every model:

- an actor **without a position** on an issue takes no part in it (the DEU
  convention: it did not state a position, so it is not counted);
- a position **without a salience** (54 cases in DEU III) is handled by
  ``missing_salience``: ``"zero"`` (the default) keeps the actor with salience
  0, so it weighs nothing in salience-weighted models (this is how the
  baselines in the data's PROVENANCE.md were computed); ``"mean"`` gives it the
  mean salience of the other actors on that issue; ``"midpoint"`` gives it 0.5.

Examples
--------
>>> t = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [100.0]],
...                               salience=[[1.0], [0.5]], capability=[[1.0], [2.0]])
>>> t.shape, t.present.tolist()
((2, 1), [[True], [True]])
>>> t.weights.tolist()
[[1.0], [1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from accord.errors import InputError, Problem
from accord.scenario.positions import MAX_POSITION, Format, PositionFile, read_positions

__all__ = [
    "MISSING_SALIENCE",
    "FloatArray",
    "MissingSalience",
    "PositionTable",
    "read_table",
    "table_from_file",
]

FloatArray = npt.NDArray[np.float64]
MissingSalience = Literal["zero", "mean", "midpoint"]
#: The ways a position without a salience can be handled.
MISSING_SALIENCE: tuple[MissingSalience, ...] = ("zero", "mean", "midpoint")


def _frozen(values: npt.ArrayLike, shape: tuple[int, ...], name: str) -> FloatArray:
    array = np.array(values, dtype=np.float64)
    if array.shape != shape:
        raise InputError.single(f"{name} has the wrong shape", path=(name,),
                                expected=f"an array of shape {shape}", found=str(array.shape))
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class PositionTable:
    """Positions, saliences and capabilities of actors on issues (read-only arrays).

    Build one with :meth:`from_arrays`, :func:`read_table` or
    :func:`~accord.forecast.scenarios.table_from_scenario`.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position: FloatArray
    salience: FloatArray
    capability: FloatArray
    lower: FloatArray
    upper: FloatArray
    reference: FloatArray
    outcome: FloatArray
    groups: tuple[str, ...]
    source: str = ""
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def from_arrays(cls, actors: Sequence[str], issues: Sequence[str], *,
                    position: npt.ArrayLike, salience: npt.ArrayLike,
                    capability: npt.ArrayLike, lower: npt.ArrayLike | None = None,
                    upper: npt.ArrayLike | None = None, reference: npt.ArrayLike | None = None,
                    outcome: npt.ArrayLike | None = None, groups: Sequence[str] | None = None,
                    source: str = "", notes: Sequence[str] = ()) -> PositionTable:
        """A table from arrays, checked: shapes, ranges, no salience or capability missing.

        ``capability`` may be given per actor (shape ``(n,)``) or per actor and
        issue. The scale defaults to the range of each issue's positions.

        Raises
        ------
        InputError
            When a shape is wrong, a salience lies outside 0..1, a capability is
            negative, or an actor with a position lacks a salience or capability.
        """
        n, m = len(actors), len(issues)
        pos = _frozen(position, (n, m), "position")
        cap = np.array(capability, dtype=np.float64)
        if cap.shape == (n,):
            cap = np.repeat(cap[:, None], m, axis=1)
        cap = _frozen(cap, (n, m), "capability")
        sal = _frozen(salience, (n, m), "salience")
        present = ~np.isnan(pos)
        with np.errstate(all="ignore"):
            spread_lo = np.where(present, pos, np.inf).min(axis=0, initial=np.inf)
            spread_hi = np.where(present, pos, -np.inf).max(axis=0, initial=-np.inf)
        spread_lo[~np.isfinite(spread_lo)] = 0.0
        spread_hi[~np.isfinite(spread_hi)] = 0.0
        table = cls(tuple(actors), tuple(issues), pos, sal, cap,
                    _frozen(spread_lo if lower is None else lower, (m,), "lower"),
                    _frozen(spread_hi if upper is None else upper, (m,), "upper"),
                    _frozen(np.full(m, np.nan) if reference is None else reference, (m,),
                            "reference"),
                    _frozen(np.full(m, np.nan) if outcome is None else outcome, (m,), "outcome"),
                    tuple(groups) if groups is not None else tuple("" for _ in issues),
                    source, tuple(notes))
        table.check()
        return table

    def check(self) -> None:
        """Raise :class:`InputError` naming every inconsistency of the table."""
        problems: list[Problem] = []
        present = self.present
        where = self.source or None
        for what, names in (("actor", self.actors), ("issue", self.issues)):
            for name in [n for n in dict.fromkeys(names) if names.count(n) > 1]:
                places = [str(k + 1) for k, n in enumerate(names) if n == name]
                problems.append(Problem(
                    f"{what} {name!r} appears twice ({what}s {' and '.join(places[:2])})",
                    path=(what + "s",), file=where, expected=f"distinct {what} names",
                    found=f"{name!r} {len(places)} times"))
        if len(self.groups) != len(self.issues):
            problems.append(Problem("one group per issue", path=("groups",), file=where,
                                    expected=str(len(self.issues)), found=str(len(self.groups))))
        checks = (
            (present & (np.isnan(self.salience) | (self.salience < 0) | (self.salience > 1)),
             "salience", "a salience in 0..1"),
            (present & ~(self.capability >= 0), "capability", "a capability of at least 0"),
            (present & ~np.isfinite(self.position), "position", "a finite position"),
            (present & (np.abs(np.nan_to_num(self.position)) > MAX_POSITION), "position",
             f"a position within ±{MAX_POSITION:g} (the models square distances "
             "between positions)"))
        for bad, name, expected in checks:
            for i, k in zip(*np.nonzero(bad), strict=True):
                value = getattr(self, name)[i, k]
                problems.append(Problem(f"bad {name} for actor {self.actors[i]!r} on issue "
                                        f"{self.issues[k]!r}", path=(name,), file=where,
                                        expected=expected, found=f"{value:g}"))
        if np.any(self.upper < self.lower):
            problems.append(Problem("a scale whose upper end is below its lower end",
                                    path=("upper",), file=where, expected="lower <= upper"))
        if problems:
            raise InputError(tuple(problems[:50]))

    @property
    def shape(self) -> tuple[int, int]:
        """``(actors, issues)``."""
        return len(self.actors), len(self.issues)

    @property
    def present(self) -> npt.NDArray[np.bool_]:
        """Where an actor takes a position (``(actors, issues)``)."""
        return ~np.isnan(self.position)

    @property
    def weights(self) -> FloatArray:
        """Capability times salience, 0 where an actor takes no position."""
        return np.where(self.present, self.capability * self.salience, 0.0)

    def issue_index(self, issue: str) -> int:
        """The column of ``issue`` (``InputError`` naming the nearest one if unknown)."""
        try:
            return self.issues.index(issue)
        except ValueError:
            from accord.errors import suggest

            raise InputError.single(f"unknown issue {issue!r}", file=self.source or None,
                                    expected="an issue of the table", found=repr(issue),
                                    suggestion=suggest(issue, self.issues, "issues")) from None

    def select(self, issues: Sequence[int]) -> PositionTable:
        """The table restricted to the issues at these columns, in this order."""
        k = list(issues)
        n = len(self.actors)

        def rows(a: FloatArray) -> FloatArray:
            return _frozen(a[:, k], (n, len(k)), "subset")

        def cells(a: FloatArray) -> FloatArray:
            return _frozen(a[k], (len(k),), "subset")

        return PositionTable(self.actors, tuple(self.issues[j] for j in k),
                             rows(self.position), rows(self.salience), rows(self.capability),
                             cells(self.lower), cells(self.upper), cells(self.reference),
                             cells(self.outcome), tuple(self.groups[j] for j in k),
                             self.source, self.notes)

def table_from_file(data: PositionFile,
                    missing_salience: MissingSalience = "zero") -> PositionTable:
    """The table of a parsed file, with missing saliences handled as asked (see the module)."""
    if missing_salience not in MISSING_SALIENCE:
        raise InputError.single("unknown missing-salience rule", found=repr(missing_salience),
                                expected=" or ".join(MISSING_SALIENCE))
    actor_index = {a: i for i, a in enumerate(data.actors)}
    issue_index = {r.id: k for k, r in enumerate(data.issues)}
    n, m = len(data.actors), len(data.issues)
    position = np.full((n, m), np.nan)
    salience = np.full((n, m), np.nan)
    capability = np.zeros((n, m))
    for r in data.records:
        i, k = actor_index[r.actor], issue_index[r.issue]
        capability[i, k] = r.capability
        if r.position is not None:
            position[i, k] = r.position
            salience[i, k] = np.nan if r.salience is None else r.salience
    present = ~np.isnan(position)
    missing = present & np.isnan(salience)
    notes = list(data.notes)
    if missing.any():
        if missing_salience == "zero":
            fill = np.zeros(m)
        elif missing_salience == "midpoint":
            fill = np.full(m, 0.5)
        else:
            known = present & ~missing
            totals = np.where(known, salience, 0.0).sum(axis=0)
            counts = known.sum(axis=0)
            fill = np.divide(totals, counts, out=np.full(m, 0.5), where=counts > 0)
        salience = np.where(missing, fill[None, :], salience)
        notes.append(f"{int(missing.sum())} position(s) without a salience: "
                     + {"zero": "salience 0 (they weigh nothing in salience-weighted models)",
                        "mean": "the mean salience of the other actors on the issue",
                        "midpoint": "salience 0.5"}[missing_salience])
    weighed = np.where(present, salience * capability, 0.0)
    unweighed = [data.issues[k].id for k in range(m) if present[:, k].any()
                 and not weighed[:, k].any()]
    if unweighed:
        notes.append("every salience x capability is 0 on " + ", ".join(unweighed[:5])
                     + (", ..." if len(unweighed) > 5 else "")
                     + ": the weighted models have nothing to weigh there and count every "
                     "actor equally (the plain mean, or median)")
    empty = [data.issues[k].id for k in range(m) if not present[:, k].any()]
    if empty:
        notes.append("no actor states a position on " + ", ".join(empty[:5])
                     + (", ..." if len(empty) > 5 else "") + ": no model forecasts it (shown "
                     "as '-', null in JSON)")
    absent = int((~present).sum())
    if absent:
        notes.append(f"{absent} actor-issue pair(s) without a position: left out of the issue")
    issues = data.issues
    return PositionTable.from_arrays(
        data.actors, [r.id for r in issues], position=position, salience=salience,
        capability=capability, lower=[r.lower for r in issues], upper=[r.upper for r in issues],
        reference=[np.nan if r.reference is None else r.reference for r in issues],
        outcome=[np.nan if r.outcome is None else r.outcome for r in issues],
        groups=[r.group for r in issues], source=data.path, notes=notes)


def read_table(path: str | Path, *, format: Format | None = None,
               missing_salience: MissingSalience = "zero") -> PositionTable:
    """Read a positional file (see :func:`accord.scenario.positions.read_positions`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("actor,issue,position,salience,capability\\n"
    ...                  "a,tax,0,1,1\\nb,tax,100,0.5,2\\n")
    >>> read_table(f).position.tolist()
    [[0.0], [100.0]]
    """
    return table_from_file(read_positions(path, format), missing_salience)
