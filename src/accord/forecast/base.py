"""The contract every forecasting model keeps, and what a forecast holds.

A model is a small object in the scikit-learn style: its ``__init__`` takes
keyword-only parameters and stores them unchanged (no validation, no
computation there); :meth:`ForecastModel.get_params` returns them;
:meth:`ForecastModel.predict` reads a
:class:`~accord.forecast.data.PositionTable` (never changing it) and returns a
:class:`Forecast`. Bad parameters are reported when ``predict`` runs, as an
:class:`~accord.errors.InputError`. A model rebuilt from its parameters
(``type(m)(**m.get_params())``) predicts the same thing.

Round-based models (the expected utility and exchange models) also return the
whole :class:`Trajectory` of each issue: every round's positions, median and
mean, and the moves (who challenged or traded with whom, with the expected
utilities or gains that decided it).

Examples
--------
>>> from accord.forecast.compromise import Compromise
>>> from accord.forecast.data import PositionTable
>>> t = PositionTable.from_arrays(["a", "b"], ["x"], position=[[0.0], [90.0]],
...                               salience=[[1.0], [0.5]], capability=[1.0, 1.0])
>>> model = Compromise()
>>> model.get_params()
{'capability_power': 1.0, 'salience_power': 1.0}
>>> model.predict(t).values.tolist()
[30.0]
>>> Compromise(**model.get_params()).predict(t).values.tolist()
[30.0]
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from accord.errors import InputError
from accord.forecast.data import FloatArray, PositionTable

__all__ = [
    "Forecast",
    "ForecastModel",
    "Move",
    "Round",
    "Trajectory",
    "check_choice",
    "check_number",
]


def _number_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


@dataclass(frozen=True)
class Move:
    """An actor changing its position in a round, and why.

    ``kind`` is ``"conflict"`` (the actor lost a confrontation and takes the
    challenger's position), ``"compromise"``, ``"capitulation"`` (expected
    utility model) or ``"exchange"`` (exchange model: it gave ground here for
    ground on ``traded_issue``). ``utility`` and ``counterpart_utility`` are the
    quantities that decided the move: for the expected utility model, the
    actor's expected utility of challenging the counterpart and its estimate of
    the counterpart's expected utility of challenging it; for the exchange
    model, each side's utility gain.
    """

    actor: str
    counterpart: str
    kind: str
    before: float
    after: float
    utility: float
    counterpart_utility: float
    traded_issue: str = ""

    def describe(self) -> str:
        """The move in words, as the command line prints it."""
        verb = {"conflict": "loses a confrontation to", "compromise": "compromises with",
                "capitulation": "capitulates to", "exchange": "trades with"}.get(self.kind,
                                                                                self.kind)
        extra = f" (for {self.traded_issue})" if self.traded_issue else ""
        return (f"{self.actor} {verb} {self.counterpart}{extra}: {self.before:.4g} -> "
                f"{self.after:.4g} ({self.utility:.3g} vs {self.counterpart_utility:.3g})")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        out = {"actor": self.actor, "counterpart": self.counterpart, "kind": self.kind,
               "before": self.before, "after": self.after, "utility": self.utility,
               "counterpart_utility": self.counterpart_utility}
        if self.traded_issue:
            out["traded_issue"] = self.traded_issue
        return out


@dataclass(frozen=True)
class Round:
    """The state after one round (round 0: the starting positions).

    ``positions`` is NaN for actors without a position on the issue. For the
    expected utility model, ``expected_utility[i, j]`` is ``EU_i(i challenges
    j)`` as ``i`` sees it and ``perceived[i, j]`` is ``i``'s estimate of
    ``EU_j(j challenges i)``, both computed at the start of the round with the
    risk exponents ``risk`` (``(actors, actors)`` matrices, 0 for absent
    actors); a positive ``expected_utility[i, j]`` is a challenge ``i`` would
    make, and the signs of the two place the pair in Bueno de Mesquita's
    conflict, compromise or capitulation octants.
    """

    number: int
    positions: FloatArray
    median: float
    mean: float
    moves: tuple[Move, ...] = ()
    risk: FloatArray | None = None
    expected_utility: FloatArray | None = None
    perceived: FloatArray | None = None

    def to_dict(self, actors: tuple[str, ...], challenges: bool = True) -> dict[str, Any]:
        """A JSON-ready mapping (``None`` where an actor has no position).

        ``challenges``: also list every challenge an actor would make (expected
        utility model), with both sides' expected utilities.
        """
        out: dict[str, Any] = {
            "round": self.number,
            "positions": {a: _number_or_none(x) for a, x in zip(actors, self.positions,
                                                                 strict=True)},
            "median": _number_or_none(self.median), "mean": _number_or_none(self.mean),
            "moves": [m.to_dict() for m in self.moves]}
        if self.risk is not None:
            out["risk_exponents"] = {a: _number_or_none(r)
                                     for a, r in zip(actors, self.risk, strict=True)}
        if self.expected_utility is not None and challenges:
            eu = self.expected_utility
            other = self.perceived if self.perceived is not None else np.full(eu.shape, np.nan)
            out["challenges"] = [
                {"challenger": actors[i], "target": actors[j],
                 "expected_utility": float(eu[i, j]),
                 "target_expected_utility": _number_or_none(float(other[i, j]))}
                for i, j in zip(*np.nonzero(eu > 0), strict=True)]
        return out


@dataclass(frozen=True)
class Trajectory:
    """How one issue evolves round by round under a round-based model."""

    issue: str
    actors: tuple[str, ...]
    rounds: tuple[Round, ...]

    def to_dict(self, challenges: bool = True) -> dict[str, Any]:
        """A JSON-ready mapping (see :meth:`Round.to_dict`)."""
        return {"issue": self.issue,
                "rounds": [r.to_dict(self.actors, challenges) for r in self.rounds]}

    def rows(self) -> list[dict[str, Any]]:
        """One row per round and actor (for CSV): position, and the move if it moved."""
        out = []
        for r in self.rounds:
            moved = {m.actor: m for m in r.moves}
            for a, x in zip(self.actors, r.positions, strict=True):
                if math.isnan(x):
                    continue
                m = moved.get(a)
                out.append({"issue": self.issue, "round": r.number, "actor": a, "position": x,
                            "median": r.median, "mean": r.mean,
                            "move": m.kind if m else "", "counterpart": m.counterpart if m else "",
                            "utility": m.utility if m else None,
                            "counterpart_utility": m.counterpart_utility if m else None})
        return out


@dataclass(frozen=True, eq=False)
class Forecast:
    """A model's forecast for every issue of a table.

    ``values`` is NaN for an issue the model cannot forecast (no actor takes a
    position on it, or the model needs data the table lacks, such as a
    reference point). ``trajectories`` holds one :class:`Trajectory` per issue
    for round-based models, and is empty otherwise.
    """

    model: str
    params: Mapping[str, Any]
    issues: tuple[str, ...]
    values: FloatArray
    trajectories: tuple[Trajectory, ...] = field(default=())

    def value(self, issue: str) -> float:
        """The forecast for one issue."""
        return float(self.values[self.issues.index(issue)])

    def to_dict(self, challenges: bool = True) -> dict[str, Any]:
        """A JSON-ready mapping; ``challenges=False`` leaves out every round's challenges."""
        out: dict[str, Any] = {"model": self.model, "params": dict(self.params),
                               "forecasts": {k: _number_or_none(v) for k, v in
                                             zip(self.issues, self.values, strict=True)}}
        if self.trajectories:
            out["trajectories"] = [t.to_dict(challenges) for t in self.trajectories]
        return out


class ForecastModel:
    """The one base class of forecasting models (see the module for the contract).

    Subclasses define ``name``, a keyword-only ``__init__`` that stores each
    parameter under its own name, and :meth:`predict`.
    """

    #: The name the registry and the command line use.
    name: ClassVar[str] = ""
    #: One line saying what the model computes.
    summary: ClassVar[str] = ""
    #: Values of each parameter worth trying when a parameter is fitted by
    #: cross-validation (an empty mapping: nothing to fit).
    grid: ClassVar[Mapping[str, tuple[Any, ...]]] = {}

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        """The names of the parameters, in the order ``__init__`` declares them."""
        signature = inspect.signature(cls.__init__)
        return tuple(p.name for p in signature.parameters.values()
                     if p.kind is inspect.Parameter.KEYWORD_ONLY)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Every parameter's default value."""
        signature = inspect.signature(cls.__init__)
        return {p.name: p.default for p in signature.parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY}

    def get_params(self) -> dict[str, Any]:
        """The parameters, as given to ``__init__`` (sorted by name)."""
        return {name: getattr(self, name) for name in sorted(self.param_names())}

    def predict(self, table: PositionTable) -> Forecast:
        """Forecast every issue of ``table`` (which is never modified)."""
        raise NotImplementedError

    def _forecast(self, table: PositionTable, values: FloatArray,
                  trajectories: tuple[Trajectory, ...] = ()) -> Forecast:
        values = np.asarray(values, dtype=np.float64).copy()
        values.setflags(write=False)
        return Forecast(self.name, self.get_params(), table.issues, values, trajectories)

    def __repr__(self) -> str:
        defaults = self.defaults()
        changed = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items()
                            if v != defaults.get(k))
        return f"{type(self).__name__}({changed})"


def check_choice(model: ForecastModel, name: str, choices: tuple[Any, ...]) -> None:
    """Raise :class:`InputError` unless parameter ``name`` is one of ``choices``."""
    value = getattr(model, name)
    if value not in choices:
        raise InputError.single(f"bad parameter {name!r} of model {model.name!r}",
                                path=(model.name, name),
                                expected=" or ".join(repr(c) for c in choices),
                                found=repr(value))


def check_number(model: ForecastModel, name: str, low: float, high: float = math.inf,
                 integer: bool = False) -> None:
    """Raise :class:`InputError` unless parameter ``name`` is a number in ``[low, high]``."""
    value = getattr(model, name)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and \
        math.isfinite(value) and low <= value <= high and \
        (not integer or float(value).is_integer())
    if not ok:
        kind = "an integer" if integer else "a number"
        span = f"at least {low:g}" if high == math.inf else f"in {low:g}..{high:g}"
        raise InputError.single(f"bad parameter {name!r} of model {model.name!r}",
                                path=(model.name, name), expected=f"{kind} {span}",
                                found=repr(value))
