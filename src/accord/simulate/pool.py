"""The deals negotiators choose their offers from.

In a space of at most :data:`POOL_LIMIT` deals the pool is every feasible
deal. In a larger one (the Alaska space has 27 million) negotiators choose
among the participants' Pareto-optimal deals (one deal per distinct utility
vector) and the status quo when it is feasible: an assumption that they can recognise efficient
packages, stated in every result that uses it.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> pool = deal_pool(Context.of(toy_scenario()), ["a", "b"])
>>> pool.size, pool.complete
(15, True)
>>> pool.order[0].tolist()[:3]     # a's pool rows, best first
[10, 11, 13]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.frontier import frontier_of
from accord.errors import InputError
from accord.scenario.deal import status_quo
from accord.utility import UtilityModel, evaluate_digits, evaluate_range

__all__ = ["POOL_LIMIT", "Pool", "deal_pool"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Spaces with at most this many deals put every feasible deal in the pool.
POOL_LIMIT = 200_000


@dataclass(frozen=True, eq=False)
class Pool:
    """Deals to offer, with everyone's utilities and each participant's ranking.

    Attributes
    ----------
    index
        Deal index of each row.
    digits
        ``(rows, issues)`` option digits.
    utilities
        ``(rows, actors)`` for every actor with preferences (model columns).
    participants
        Model columns of the participants, in seat order.
    order, sorted_u
        ``(participants, rows)``: each participant's rows best first, and its utilities.
    complete
        Whether the pool holds every feasible deal (else the participants'
        Pareto-optimal deals and the status quo).
    """

    index: IntArray
    digits: IntArray
    utilities: FloatArray
    participants: IntArray
    order: IntArray
    sorted_u: FloatArray
    complete: bool

    @property
    def size(self) -> int:
        """Number of deals in the pool."""
        return int(self.index.size)

    def with_model(self, model: UtilityModel, space_ctx: Context) -> Pool:
        """The same deals re-evaluated under another utility model (e.g. a parameter draw)."""
        u, _ = evaluate_digits(space_ctx.space, model, self.digits)
        return _ranked(self.index, self.digits, u, self.participants, self.complete)


def _ranked(index: IntArray, digits: IntArray, utilities: FloatArray, participants: IntArray,
            complete: bool) -> Pool:
    if index.size == 0:
        raise InputError.single("no feasible deal to negotiate over",
                                expected="at least one deal that breaks no constraint",
                                found="every deal forbidden",
                                suggestion="run 'accord validate' on the scenario")
    order = np.empty((participants.size, index.size), dtype=np.int64)
    sorted_u = np.empty((participants.size, index.size))
    for k, col in enumerate(participants):
        # best first; ties broken by the lower deal index
        rows = np.lexsort((index, -utilities[:, col]))
        order[k] = rows
        sorted_u[k] = utilities[rows, col]
    return Pool(index, np.ascontiguousarray(digits), np.ascontiguousarray(utilities),
                participants, order, sorted_u, complete)


def deal_pool(ctx: Context, participants: Sequence[str], limit: int = POOL_LIMIT) -> Pool:
    """The pool for a negotiation among ``participants`` (actor ids with preferences)."""
    space, model = ctx.space, ctx.model
    cols = np.array([model.column(a) for a in participants], dtype=np.int64)
    if space.size <= limit:
        u, ok = evaluate_range(space, model, 0, space.size)
        index = np.flatnonzero(ok).astype(np.int64)
        return _ranked(index, space.decode(index), u[index], cols, True)
    front = frontier_of(space, model, list(participants))
    sq = space.index_of(status_quo(ctx.scenario))
    index = np.unique(np.concatenate([front.indices, [sq]])).astype(np.int64)
    digits = space.decode(index)
    u, ok = evaluate_digits(space, model, digits)
    return _ranked(index[ok], digits[ok], u[ok], cols, False)
