"""The zone of possible agreement: one streaming pass over the whole deal space.

:func:`survey` walks every deal once, chunk by chunk, and keeps what the other
analyses need: how many deals are feasible and acceptable, who accepts how
many, who blocks alone how often, the best utility each actor can reach, and
the Pareto frontier of the veto actors. Memory stays bounded by the chunk size
and the frontier, however large the space.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> z = survey(toy_scenario())
>>> z.total, z.feasible, z.acceptable
(18, 15, 6)
>>> [(b.actor, b.rejects_alone, b.others_accept) for b in z.blockers]
[('a', 4, 10), ('b', 5, 11)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.analysis.chunk import Chunk
from accord.analysis.classes import class_plan
from accord.analysis.context import Context
from accord.analysis.frontier import Frontier, FrontierBuilder, grid_candidates
from accord.analysis.stream import STREAM_CHUNK, check_exhaustive, stream
from accord.scenario.model import Scenario
from accord.space import EXHAUSTIVE_LIMIT
from accord.utility import ACCEPT_TOLERANCE

__all__ = ["Blocker", "Survey", "survey"]

Progress = Callable[[int, int], None]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@njit(cache=True, nogil=True)
def _tally(u: FloatArray, ok: BoolArray, weight: IntArray, floor: FloatArray, veto: IntArray,
           tally: IntArray, accepted_by: IntArray, alone: IntArray, others: IntArray,
           best: FloatArray, ideal: FloatArray) -> None:  # pragma: no cover - compiled
    """Add one chunk's counts: feasible and acceptable deals, acceptances, lone blockers.

    Row ``r`` stands for ``weight[r]`` deals with its utilities.
    """
    n, n_actors = u.shape
    for r in range(n):
        if not ok[r]:
            continue
        w = weight[r]
        tally[0] += w
        for a in range(n_actors):
            if u[r, a] >= floor[a]:
                accepted_by[a] += w
            if u[r, a] > best[a]:
                best[a] = u[r, a]
        rejecters = 0
        last = -1
        for k in range(veto.size):
            if u[r, veto[k]] < floor[veto[k]]:
                rejecters += 1
                last = k
        if rejecters == 0:
            tally[1] += w
            for k in range(veto.size):
                others[k] += w
                if u[r, veto[k]] > ideal[k]:
                    ideal[k] = u[r, veto[k]]
        elif rejecters == 1:
            others[last] += w
            alone[last] += w


@dataclass(frozen=True)
class Blocker:
    """How often one veto actor alone stands between the others and a deal.

    ``share = rejects_alone / others_accept``: of the feasible deals every
    other veto actor accepts, the fraction this actor rejects.
    """

    actor: str
    rejects_alone: int
    others_accept: int

    @property
    def share(self) -> float:
        """Fraction of otherwise-acceptable deals this actor alone rejects."""
        return self.rejects_alone / self.others_accept if self.others_accept else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"actor": self.actor, "rejects_alone": self.rejects_alone,
                "others_accept": self.others_accept, "share": self.share}


@dataclass(frozen=True)
class Survey:
    """What one pass over the deal space finds.

    Attributes
    ----------
    total, feasible, acceptable
        Deals in the space; breaking no constraint; agreements (feasible and
        accepted by every veto actor).
    accepted_by
        Per actor with preferences: feasible deals it accepts.
    blockers
        One :class:`Blocker` per veto actor.
    best
        Per actor: the highest utility over feasible deals.
    ideal
        Per veto actor: the highest utility over agreements (empty if none).
    frontier
        The Pareto frontier of the veto actors over feasible deals.
    """

    total: int
    feasible: int
    acceptable: int
    accepted_by: dict[str, int]
    blockers: tuple[Blocker, ...]
    best: dict[str, float]
    ideal: dict[str, float]
    frontier: Frontier = field(repr=False)

    @property
    def share_acceptable(self) -> float:
        """Agreements as a share of feasible deals."""
        return self.acceptable / self.feasible if self.feasible else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (without the frontier's points)."""
        return {"total": self.total, "feasible": self.feasible, "acceptable": self.acceptable,
                "share_acceptable": self.share_acceptable, "accepted_by": self.accepted_by,
                "blockers": [b.to_dict() for b in self.blockers], "best": self.best,
                "ideal": self.ideal, "frontier_points": len(self.frontier),
                "frontier_deals": self.frontier.deal_count}


def survey(scenario: Scenario, chunk_size: int = STREAM_CHUNK,
           progress: Progress | None = None, limit: int = EXHAUSTIVE_LIMIT,
           threads: int | None = None) -> Survey:
    """Walk every deal once and summarise the zone of possible agreement.

    Parameters
    ----------
    scenario
        The scenario.
    chunk_size
        Deals per chunk; memory is bounded by it.
    progress
        Called with (deals done, total) after each chunk.
    limit
        Refuse spaces larger than this (an exhaustive pass would take too long).
    threads
        Worker threads (default: one per core); the result does not depend on it.

    Raises
    ------
    InputError
        When the space has more than ``limit`` deals.
    """
    return survey_context(Context.of(scenario), chunk_size, progress, limit, threads)


def survey_context(ctx: Context, chunk_size: int = STREAM_CHUNK,
                   progress: Progress | None = None, limit: int = EXHAUSTIVE_LIMIT,
                   threads: int | None = None) -> Survey:
    """:func:`survey` on an already compiled scenario."""
    space, model = ctx.space, ctx.model
    groups = class_plan(ctx)
    check_exhaustive(ctx, groups, limit)
    veto = ctx.veto
    n_actors = model.n_actors
    floor = model.reservation - ACCEPT_TOLERANCE

    def work(chunk: Chunk) -> tuple[list[NDArray[Any]], IntArray, FloatArray, IntArray | None]:
        u, ok = chunk.utilities, chunk.feasible
        counts = [np.zeros(2, dtype=np.int64), np.zeros(n_actors, dtype=np.int64),
                  np.zeros(veto.size, dtype=np.int64), np.zeros(veto.size, dtype=np.int64),
                  np.full(n_actors, -np.inf), np.full(veto.size, -np.inf)]
        _tally(u, ok, chunk.weights, floor, veto, *counts)
        rows = grid_candidates(u, ok, veto)
        return (counts, chunk.labels(rows), np.ascontiguousarray(u[rows][:, veto]),
                None if chunk.count is None else chunk.count[rows])

    tally = np.zeros(2, dtype=np.int64)           # feasible, acceptable
    accepted_by = np.zeros(n_actors, dtype=np.int64)
    alone = np.zeros(veto.size, dtype=np.int64)
    others = np.zeros(veto.size, dtype=np.int64)
    best = np.full(n_actors, -np.inf)
    ideal = np.full(veto.size, -np.inf)
    builder = FrontierBuilder(veto.size)
    for counts, index, points, weight in stream(ctx, work, chunk_size, threads, progress,
                                                classes=groups or False, limit=limit):
        tally += counts[0]
        accepted_by += counts[1]
        alone += counts[2]
        others += counts[3]
        best = np.maximum(best, counts[4])
        ideal = np.maximum(ideal, counts[5])
        builder.merge(index, points, weight)
    feasible, acceptable = int(tally[0]), int(tally[1])
    ids = model.actor_ids
    veto_ids = ctx.veto_ids
    return Survey(
        total=space.size, feasible=feasible, acceptable=acceptable,
        accepted_by={a: int(accepted_by[c]) for c, a in enumerate(ids)},
        blockers=tuple(Blocker(a, int(alone[k]), int(others[k])) for k, a in enumerate(veto_ids)),
        best={a: float(best[c]) for c, a in enumerate(ids) if np.isfinite(best[c])},
        ideal={a: float(ideal[k]) for k, a in enumerate(veto_ids) if acceptable},
        frontier=builder.result(veto_ids),
    )
