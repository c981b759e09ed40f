"""A scenario compiled once: its deal space and utility model, side by side.

Analysis functions take a :class:`~accord.scenario.model.Scenario`; they
compile it into a :class:`Context` (a few milliseconds) and work on arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.analysis.outcome import ChangeEffect, Outcome
from accord.analysis.search import search_plan
from accord.scenario.deal import Change, Deal
from accord.scenario.model import Scenario
from accord.space import DealSpace, deal_space
from accord.utility import ACCEPT_TOLERANCE, UtilityModel, evaluate_digits, utility_model

__all__ = ["Context"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Context:
    """A scenario with its compiled deal space and utility model."""

    scenario: Scenario
    space: DealSpace
    model: UtilityModel

    @classmethod
    def of(cls, scenario: Scenario) -> Context:
        """Compile ``scenario``."""
        return cls(scenario, deal_space(scenario), utility_model(scenario))

    @cached_property
    def veto(self) -> IntArray:
        """Utility columns of the veto actors."""
        return self.model.veto_columns

    @cached_property
    def plan(self) -> tuple[IntArray, IntArray, IntArray]:
        """The branch and bound's order of issues and options (:func:`search_plan`)."""
        return search_plan(self.space, self.model)

    @cached_property
    def _options(self) -> list[tuple[str, list[str]]]:
        """Each issue's id and its options' ids, in order."""
        return [(issue.id, list(issue.option_ids)) for issue in self.scenario.issues]

    @cached_property
    def veto_ids(self) -> tuple[str, ...]:
        """Ids of the veto actors."""
        return tuple(self.model.actor_ids[c] for c in self.veto)

    def accepts(self, utilities: FloatArray) -> BoolArray:
        """``(n, actors)``: which actor accepts which deal (utility >= reservation)."""
        return utilities >= self.model.reservation[None, :] - ACCEPT_TOLERANCE

    def agreements(self, utilities: FloatArray, feasible: BoolArray) -> BoolArray:
        """Which deals are agreements: feasible and accepted by every veto actor."""
        return feasible & self.accepts(utilities)[:, self.veto].all(axis=1)

    def outcomes(self, indices: Iterable[int]) -> list[Outcome]:
        """The :class:`Outcome` of each deal index."""
        wanted = [int(i) for i in indices]
        size = self.space.size
        for bad in wanted:
            if not 0 <= bad < size:
                raise IndexError(f"deal index {bad} outside 0..{size - 1}")
        idx = np.array(wanted, dtype=np.int64)
        digits = self.space.decode(idx)
        u, ok = evaluate_digits(self.space, self.model, digits)
        acc = self.accepts(u)
        agree = ok & acc[:, self.veto].all(axis=1)
        ids = self.model.actor_ids
        res = self.model.reservation.tolist()
        issues = self._options
        out = []
        # plain Python numbers from here on: one conversion per array, not per element
        for index, row, ur, ar, fr, gr in zip(idx.tolist(), digits.tolist(), u.tolist(),
                                              acc.tolist(), ok.tolist(), agree.tolist(),
                                              strict=True):
            out.append(Outcome(
                index=index,
                deal=Deal(tuple((i, options[d]) for (i, options), d in zip(issues, row,
                                                                             strict=True))),
                utilities=dict(zip(ids, ur, strict=True)),
                margins={a: x - y for a, x, y in zip(ids, ur, res, strict=True)},
                accepts=dict(zip(ids, ar, strict=True)),
                feasible=fr, agreement=gr))
        return out

    def outcome(self, index: int) -> Outcome:
        """The :class:`Outcome` of one deal index."""
        return self.outcomes([index])[0]

    def outcome_of(self, deal: Mapping[str, str]) -> Outcome:
        """The :class:`Outcome` of a complete deal."""
        return self.outcome(self.space.index_of(deal))

    def deal(self, index: int) -> Deal:
        """The deal an index encodes."""
        return self.space.deal_at(index)

    def change_effects(self, base: Mapping[str, str],
                       moves: Iterable[Change]) -> list[ChangeEffect]:
        """What each change alone, made from ``base``, does to every actor's utility."""
        moves = list(moves)
        digits = np.repeat(self.space.digits_of(base)[None, :], len(moves) + 1, axis=0)
        for row, move in enumerate(moves, start=1):
            issue = self.scenario.issue(move.issue)
            digits[row, self.scenario.issue_ids.index(move.issue)] = \
                issue.option_ids.index(move.after)
        u, _ = evaluate_digits(self.space, self.model, digits)
        return [ChangeEffect(move, {a: float(u[row, c] - u[0, c])
                                    for c, a in enumerate(self.model.actor_ids)})
                for row, move in enumerate(moves, start=1)]
