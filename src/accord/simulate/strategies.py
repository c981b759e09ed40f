"""Negotiator strategies behind one protocol: ``start``, ``propose``, ``respond``.

A :class:`Negotiator` is told its seat and the pool of deals (:class:`View`),
proposes pool rows, and answers offers; in a mediated negotiation it also says
which single change of the text it wants most (``critique``). The built-in
strategies make their decisions with the compiled functions of
:mod:`accord.simulate.kernels`, exactly as the batch engine does, so a run
with these objects and a run of the batch engine are the same run.

Names (for the command line): ``boulware``, ``linear``, ``conceder`` (time-based
concession with exponents 0.2, 1 and 5), ``tit-for-tat``, ``hardliner``,
``random``; ``time:<e>`` gives any exponent. The mediator of the single
negotiating text is :class:`TextMediator` (``mediator``).

Examples
--------
>>> [type(n).__name__ for n in parse_strategies("boulware,tit-for-tat")]
['TimeBased', 'TitForTat']
>>> parse_strategies("boulwre")
Traceback (most recent call last):
...
accord.errors.InputError: <command line>: error: unknown strategy
  expected: one of boulware, linear, conceder, tit-for-tat, hardliner, random, time:<exponent>
  found:    'boulwre'
  hint:     did you mean 'boulware'?
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.errors import InputError, Problem, suggest
from accord.simulate.kernels import (
    HARDLINER,
    RANDOM,
    TFT,
    TIME,
    accepts,
    choose,
    mix,
    observe,
    random_row,
    target,
)
from accord.simulate.pool import Pool
from accord.utility import UtilityModel, evaluate_digits

__all__ = [
    "STRATEGIES",
    "HardLiner",
    "Mediator",
    "Negotiator",
    "Offer",
    "RandomNegotiator",
    "TextMediator",
    "TimeBased",
    "TitForTat",
    "View",
    "parse_strategies",
    "strategy_problem",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class View:
    """What a negotiator knows: its seat, the pool, the clock, its own utility function."""

    ctx: Context
    model: UtilityModel
    pool: Pool
    seat: int
    participants: tuple[str, ...]
    reservation: float
    rounds: int
    seed: int

    @property
    def column(self) -> int:
        """The negotiator's column in utility arrays."""
        return int(self.pool.participants[self.seat])

    def utility(self, digits: IntArray) -> float:
        """The negotiator's utility of one deal (option digits), any deal of the space."""
        u, _ = evaluate_digits(self.ctx.space, self.model, np.asarray(digits)[None, :])
        return float(u[0, self.column])


@dataclass(frozen=True)
class Offer:
    """A deal on the table: its option digits, and its pool row when it has one."""

    digits: IntArray
    row: int = -1


@runtime_checkable
class Negotiator(Protocol):
    """The protocol every negotiator strategy follows."""

    name: str

    def start(self, view: View) -> None:
        """Prepare for a negotiation (called once, before the first turn)."""

    def propose(self, turn: int, t: float) -> int:
        """The pool row to offer at ``turn`` (time ``t`` in [0, 1))."""

    def respond(self, offer: Offer, proposer: int, turn: int, t: float) -> bool:
        """Whether to accept the offer the participant in seat ``proposer`` made."""

    def critique(self, offer: Offer) -> tuple[int, int] | None:
        """The single change (issue, option) that would improve the offer most for it."""


@dataclass
class _Base:
    """Shared state and decisions of the built-in strategies."""

    name: str = ""
    kind: ClassVar[int] = TIME
    exponent: float = 1.0
    view: View | None = field(default=None, repr=False)
    _counts: FloatArray = field(default_factory=lambda: np.zeros((0, 0, 0)), init=False,
                                repr=False)
    _kept: FloatArray = field(default_factory=lambda: np.zeros((0, 0)), init=False, repr=False)
    _last: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64),
                            init=False, repr=False)
    _seen: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), init=False,
                            repr=False)
    _high: float = field(default=1.0, init=False, repr=False)
    _tft: float = field(default=1.0, init=False, repr=False)
    _prev: float = field(default=-1.0, init=False, repr=False)

    def get_params(self) -> dict[str, Any]:
        """The strategy's parameters."""
        return {"exponent": self.exponent}

    def start(self, view: View) -> None:
        self.view = view
        n_part = len(view.participants)
        n_issues = view.ctx.space.n_issues
        width = int(view.ctx.space.radices.max())
        self._counts = np.zeros((n_part, n_issues, width))
        self._kept = np.zeros((n_part, n_issues))
        self._last = np.zeros((n_part, n_issues), dtype=np.int64)
        self._seen = np.zeros(n_part, dtype=np.int64)
        self._high = float(view.pool.sorted_u[view.seat, 0])
        self._tft = self._high
        self._prev = -1.0

    def _aim(self, t: float) -> float:
        return float(target(self.kind, self.exponent, self._high, self._view.reservation, t,
                            self._tft))

    @property
    def _view(self) -> View:
        if self.view is None:
            raise RuntimeError("start() must be called before the negotiation")
        return self.view

    def propose(self, turn: int, t: float) -> int:
        v = self._view
        seat = v.seat
        if self.kind == RANDOM:
            return int(random_row(v.pool.sorted_u[seat], v.pool.order[seat], v.reservation,
                                  v.seed, turn, seat))
        return int(choose(v.pool.sorted_u[seat], v.pool.order[seat], v.pool.digits,
                          v.pool.index, v.ctx.space.radices, self._counts, self._kept,
                          self._seen, self._aim(t)))

    def _utility(self, offer: Offer) -> float:
        v = self._view
        if offer.row >= 0:
            return float(v.pool.utilities[offer.row, v.column])
        return v.utility(offer.digits)

    def respond(self, offer: Offer, proposer: int, turn: int, t: float) -> bool:
        v = self._view
        u = self._utility(offer)
        if proposer >= 0:   # a participant's offer (a mediator's text is not modelled)
            observe(self._counts[proposer], self._kept[proposer], self._last[proposer],
                    np.asarray(offer.digits, dtype=np.int64), int(self._seen[proposer]))
            self._seen[proposer] += 1
        if self.kind == TFT:
            if self._prev >= 0.0 and u > self._prev:
                self._tft = max(v.reservation, self._tft - (u - self._prev))
            self._prev = u
        ok = bool(accepts(self.kind, u, self._aim(t), v.reservation))
        if self.kind == RANDOM:
            ok = ok and mix(v.seed, turn, 1000 + v.seat) < 0.5
        return ok

    def critique(self, offer: Offer) -> tuple[int, int] | None:
        v = self._view
        base = np.asarray(offer.digits, dtype=np.int64)
        rows = [(i, o) for i in range(base.size) for o in range(int(v.ctx.space.radices[i]))
                if o != base[i]]
        if not rows:
            return None
        digits = np.repeat(base[None, :], len(rows), axis=0)
        for r, (i, o) in enumerate(rows):
            digits[r, i] = o
        u, ok = evaluate_digits(v.ctx.space, v.model, digits)
        gain = np.where(ok, u[:, v.column], -np.inf) - v.utility(base)
        best = int(np.argmax(gain))
        return rows[best] if gain[best] > 1e-12 else None


@dataclass
class TimeBased(_Base):
    """Time-based concession: Boulware (exponent < 1), linear (1), conceder (> 1)."""

    name: str = "linear"
    exponent: float = 1.0
    kind: ClassVar[int] = TIME


@dataclass
class TitForTat(_Base):
    """Mirrors the other side's concessions, never slower than time-based with ``exponent``."""

    name: str = "tit-for-tat"
    exponent: float = 0.2
    kind: ClassVar[int] = TFT


@dataclass
class HardLiner(_Base):
    """Offers and accepts only its best deals."""

    name: str = "hardliner"
    kind: ClassVar[int] = HARDLINER


@dataclass
class RandomNegotiator(_Base):
    """Offers a random deal it could live with; accepts half the offers it could live with."""

    name: str = "random"
    kind: ClassVar[int] = RANDOM


@runtime_checkable
class Mediator(Protocol):
    """A mediator of a single negotiating text: drafts a text, revises it from critiques."""

    name: str

    def draft(self, view: View) -> IntArray:
        """The first text (option digits)."""

    def revise(self, text: IntArray, answers: list[tuple[bool, tuple[int, int] | None]],
               turn: int) -> IntArray:
        """A revised text from each participant's answer (accepts?, wanted change)."""


@dataclass
class TextMediator:
    """Raiffa's single negotiating text, as at Camp David.

    The mediator starts from the status quo; each round, every participant
    says whether it accepts the text and, if not, the change it wants most.
    The mediator grants the wish of the participant that has rejected the
    longest (ties: seat order). It does not bring back a text that was on the
    table in the last ``memory`` rounds (default: twice the number of issues, plus two):
    when the wished option would, it offers the option closest to it in the
    issue's list instead (splitting the difference on an ordered issue). Older
    texts may come back, since the participants' demands fall as the deadline
    nears.

    References
    ----------
    Raiffa, H. (1982). The Art and Science of Negotiation, ch. 14. Harvard UP.
    """

    name: str = "mediator"
    memory: int | None = None
    _tried: dict[tuple[int, ...], int] = field(default_factory=dict, repr=False)
    _waiting: dict[int, int] = field(default_factory=dict, repr=False)
    _radices: tuple[int, ...] = field(default=(), repr=False)

    def get_params(self) -> dict[str, Any]:
        """The mediator's parameters."""
        return {"memory": self.memory}

    def draft(self, view: View) -> IntArray:
        from accord.scenario.deal import status_quo

        text = view.ctx.space.digits_of(status_quo(view.ctx.scenario))
        self._tried = {tuple(int(d) for d in text): 0}
        self._waiting = {}
        self._radices = tuple(int(r) for r in view.ctx.space.radices)
        return text

    def revise(self, text: IntArray, answers: list[tuple[bool, tuple[int, int] | None]],
               turn: int) -> IntArray:
        memory = self.memory if self.memory is not None else 2 * len(self._radices) + 2
        self._tried[tuple(int(d) for d in text)] = turn     # last time on the table
        for seat, (ok, _) in enumerate(answers):
            self._waiting[seat] = 0 if ok else self._waiting.get(seat, 0) + 1
        wishes = sorted((-self._waiting[seat], seat, wish)
                        for seat, (ok, wish) in enumerate(answers) if not ok and wish)
        for _, _, wish in wishes:
            assert wish is not None
            issue, wanted = wish
            radix = self._radices[issue] if self._radices else wanted + 1
            for option in sorted(range(radix), key=lambda o: (abs(o - wanted), o)):
                if option == text[issue]:
                    continue
                new = text.copy()
                new[issue] = option
                key = tuple(int(d) for d in new)
                if turn + 1 - self._tried.get(key, -memory - 1) > memory:
                    self._tried[key] = turn + 1
                    return new
        return text


#: Named strategies and the exponent of the time-based ones.
STRATEGIES: dict[str, tuple[type[_Base], float]] = {
    "boulware": (TimeBased, 0.2), "linear": (TimeBased, 1.0), "conceder": (TimeBased, 5.0),
    "tit-for-tat": (TitForTat, 0.2), "hardliner": (HardLiner, 1.0),
    "random": (RandomNegotiator, 1.0),
}


def make_strategy(name: str) -> _Base:
    """A fresh negotiator for a strategy name (see the module docs)."""
    key = name.strip().lower()
    if key.startswith("time:"):
        try:
            exponent = float(key.split(":", 1)[1])
        except ValueError:
            exponent = -1.0
        if not 0 < exponent < math.inf:
            raise InputError.single("bad time-based exponent",
                                    expected="time:<e> with e > 0, a finite number",
                                    found=repr(name), file="<command line>")
        return TimeBased(name=key, exponent=exponent)
    if key not in STRATEGIES:
        raise InputError((Problem(
            "unknown strategy", expected="one of " + ", ".join(STRATEGIES) + ", time:<exponent>",
            found=repr(name), suggestion=suggest(key, STRATEGIES, "strategies"),
            file="<command line>"),))
    cls, exponent = STRATEGIES[key]
    return cls(name=key, exponent=exponent)


def strategy_problem(name: str) -> str | None:
    """What is wrong with a strategy name, with the nearest valid one (``None``: nothing)."""
    try:
        make_strategy(name)
    except InputError as exc:
        p = exc.problems[0]
        return f"{p.message}: {p.suggestion or p.expected}"
    return None


def parse_strategies(text: str, distinct: bool = False) -> list[_Base]:
    """Negotiators from a comma-separated list of names (all names checked at once).

    With ``distinct`` (a tournament: each strategy plays the others), a name
    given twice is refused.
    """
    out: list[_Base] = []
    problems: list[Problem] = []
    names = [n.strip() for n in text.split(",") if n.strip()]
    for name in names:
        try:
            out.append(make_strategy(name))
        except InputError as exc:
            problems += exc.problems
    twice = sorted({n for n in names if names.count(n) > 1}) if distinct else []
    if twice:
        problems.append(Problem("a strategy listed twice", path=("--strategies",),
                                expected="each strategy once (each plays the others)",
                                found=", ".join(twice), file="<command line>"))
    if problems:
        raise InputError(tuple(problems))
    if not out:
        raise InputError.single("no strategy given", expected="names such as boulware,conceder",
                                found=repr(text), file="<command line>")
    return out

