"""Tournaments: strategies x scenarios x seeds, played by the batch engine.

In each scenario the participants are the veto actors. With two of them,
every ordered pair of strategies plays; with more, each strategy takes each
seat in turn while every other seat plays one other strategy. A seed picks
who opens (seed modulo the number of seats) and, when the scenario has an
``uncertainty`` section, one draw of its parameters (draw ``seed`` of the
Monte Carlo stream with seed 0), so seeds vary the situation, not only the
dice. The deals negotiators offer from are the scenario's as written (see
:mod:`accord.simulate.pool`), valued under each draw.

Every negotiation is scored for the *focal* strategy (the one in the seat
being evaluated): its utility (its reservation value at a breakdown),
agreement, the round it ended, and the outcome's distance to the Nash
solution and to the Pareto frontier of the veto actors. The table gives each
strategy's means with 95% confidence intervals: Wilson's for the agreement
rate, Student's t for the others, kept within what each quantity can be.

Jobs (one per scenario and seed) run through :mod:`accord.parallel`, so the
same call runs in-process, on local processes or on a Dask cluster with the
same numbers.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> t = tournament([toy_scenario()], ["boulware", "conceder"], seeds=2, rounds=20)
>>> [(s.strategy, s.negotiations) for s in t.standings]
[('boulware', 8), ('conceder', 8)]
"""

from __future__ import annotations

import itertools
import math
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.classes import class_plan
from accord.analysis.context import Context
from accord.analysis.frontier import pareto_points
from accord.analysis.search import nash_search
from accord.analysis.stream import check_exhaustive
from accord.errors import InputError
from accord.parallel import executor
from accord.scenario.model import Scenario
from accord.simulate.engine import negotiate_batch
from accord.simulate.pool import Pool, deal_pool
from accord.simulate.strategies import make_strategy
from accord.uncertainty.draws import DrawModel
from accord.uncertainty.monte_carlo import wilson
from accord.utility import evaluate_digits

__all__ = ["Standing", "Tournament", "tournament"]

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Mean:
    """A mean with its 95% confidence interval, within the quantity's possible range.

    Rates (agreement) get the Wilson score interval, as ``accord uncertainty``
    does; other means Student's t, clipped to the range the quantity can take
    (a utility within [0, 1], a distance at least 0).

    Examples
    --------
    >>> m = Mean.rate(np.array([1.0, 1.0, 1.0, 1.0]))
    >>> m.mean, m.high, round(m.low, 3)
    (1.0, 1.0, 0.51)
    >>> Mean.of(np.array([0.0, 0.0, 0.1]), low=0.0).low
    0.0
    """

    mean: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: FloatArray, low: float = -math.inf, high: float = math.inf) -> Mean:
        """The mean of ``values`` (NaNs ignored) and its interval, kept within [low, high]."""
        x = values[np.isfinite(values)]
        n = int(x.size)
        if n == 0:
            return cls(float("nan"), float("nan"), float("nan"), 0)
        m = float(x.mean())
        if n == 1:
            return cls(m, m, m, 1)
        from scipy import stats  # imported when used: scipy.stats is slow to load

        half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
        return cls(m, max(m - half, low), min(m + half, high), n)

    @classmethod
    def rate(cls, values: FloatArray) -> Mean:
        """The share of true (1.0) among ``values`` and its Wilson score interval."""
        x = values[np.isfinite(values)]
        n = int(x.size)
        if n == 0:
            return cls(float("nan"), float("nan"), float("nan"), 0)
        successes = int(np.count_nonzero(x))
        low, high = wilson(successes, n)
        return cls(successes / n, low, high, n)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n}


@dataclass(frozen=True)
class Standing:
    """How one strategy did over all its negotiations."""

    strategy: str
    negotiations: int
    utility: Mean
    agreement: Mean
    rounds: Mean
    nash_distance: Mean
    pareto_distance: Mean

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"strategy": self.strategy, "negotiations": self.negotiations,
                "utility": self.utility.to_dict(), "agreement": self.agreement.to_dict(),
                "rounds": self.rounds.to_dict(), "nash_distance": self.nash_distance.to_dict(),
                "pareto_distance": self.pareto_distance.to_dict()}


@dataclass(frozen=True)
class Tournament:
    """Standings, best first by mean utility, and every negotiation's record."""

    standings: tuple[Standing, ...]
    records: tuple[dict[str, Any], ...]
    rounds: int
    seeds: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (records included)."""
        return {"rounds": self.rounds, "seeds": self.seeds,
                "standings": [s.to_dict() for s in self.standings],
                "records": list(self.records)}


def profiles(n_seats: int, n_strategies: int) -> list[tuple[int, tuple[int, ...]]]:
    """(focal seat, strategy per seat) for every negotiation of one scenario and seed.

    Examples
    --------
    >>> profiles(2, 2)
    [(0, (0, 0)), (0, (0, 1)), (0, (1, 0)), (0, (1, 1))]
    >>> len(profiles(3, 2))
    12
    """
    if n_seats == 2:
        return [(0, pair) for pair in itertools.product(range(n_strategies), repeat=2)]
    out = []
    for focal, other in itertools.product(range(n_strategies), repeat=2):
        for seat in range(n_seats):
            out.append((seat, tuple(focal if k == seat else other for k in range(n_seats))))
    return out


@dataclass(frozen=True)
class Job:
    """One scenario and one seed: every profile of strategies, as one batch."""

    token: str
    scenario: Scenario
    label: str
    strategies: tuple[str, ...]
    seed: int
    rounds: int


_CACHE: OrderedDict[str, tuple[Context, Pool, DrawModel | None]] = OrderedDict()
_LOCK = threading.Lock()


def _compiled(job: Job) -> tuple[Context, Pool, DrawModel | None]:
    """The scenario's context, pool and draw model, built once per process and scenario.

    The pool holds the deals of the scenario as written (its veto actors'
    Pareto-optimal deals in a large space); each seed re-evaluates those deals
    under its own parameter draw.
    """
    with _LOCK:
        found = _CACHE.get(job.token)
        if found is None:
            ctx = Context.of(job.scenario)
            pool = deal_pool(ctx, list(ctx.veto_ids))
            dm = DrawModel.of(job.scenario, []) if job.scenario.uncertainty else None
            found = (ctx, pool, dm)
            _CACHE[job.token] = found
            while len(_CACHE) > 8:
                _CACHE.popitem(last=False)
        return found


def run_job(job: Job) -> list[dict[str, Any]]:
    """Play every profile of one scenario and seed; one record per negotiation."""
    ctx, pool, dm = _compiled(job)
    participants = list(ctx.veto_ids)
    model = ctx.model
    if dm is not None:
        values = dm.parameters.values(dm.parameters.uniforms(0, job.seed, job.seed + 1))[0]
        model = dm.model_at(values)
        pool = pool.with_model(model, ctx)
    cols = pool.participants
    negotiators = [make_strategy(n) for n in job.strategies]
    kinds_of = np.array([type(n).kind for n in negotiators], dtype=np.int64)
    exps_of = np.array([n.exponent for n in negotiators])
    plays = profiles(len(participants), len(negotiators))
    seats = np.array([p[1] for p in plays], dtype=np.int64)
    n = len(plays)
    reservations = np.repeat(model.reservation[cols][None, :], n, axis=0)
    first = job.seed % len(participants)
    out = negotiate_batch(pool, ctx.space.radices, kinds_of[seats], exps_of[seats],
                          reservations, model.veto[cols], job.rounds,
                          np.full(n, first, dtype=np.int64),
                          np.full(n, job.seed, dtype=np.int64))
    # references: Nash (branch and bound) and the frontier of the pool, veto actors
    index, _ = nash_search(ctx.space, model)
    veto_cols = np.flatnonzero(model.veto)
    nash_u = None
    if index >= 0:
        u_nash, _ = evaluate_digits(ctx.space, model, ctx.space.decode([index]))
        nash_u = u_nash[0, veto_cols]
    front_rows, _ = pareto_points(pool.utilities[:, veto_cols])    # row positions
    frontier = pool.utilities[front_rows][:, veto_cols]
    records = []
    for k, (focal_seat, assignment) in enumerate(plays):
        agreed = bool(out.row[k] >= 0)
        u = pool.utilities[out.row[k]] if agreed else model.reservation
        veto_u = u[veto_cols]
        # with two seats both sides are scored; with more, the focal seat only
        focals = range(len(participants)) if len(participants) == 2 else [focal_seat]
        records += [{
            "scenario": job.label, "seed": job.seed,
            "strategies": [job.strategies[a] for a in assignment],
            "focal": job.strategies[assignment[focal]], "seat": participants[focal],
            "agreement": agreed, "round": int(out.turn[k]) // len(participants),
            "utility": float(u[cols[focal]]),
            "nash_distance": float(np.linalg.norm(veto_u - nash_u)) if nash_u is not None
            else float("nan"),
            "pareto_distance": float(np.min(np.linalg.norm(frontier - veto_u, axis=1)))
            if frontier.size else float("nan"),
        } for focal in focals]
    return records


def tournament(scenarios: Sequence[Scenario], strategies: Sequence[str], seeds: int = 10,
               rounds: int = 100, labels: Sequence[str] | None = None,
               workers: int | None = None, cluster: str | None = None,
               progress: Progress | None = None) -> Tournament:
    """Play every strategy against the others in every scenario, ``seeds`` times.

    Parameters
    ----------
    scenarios
        The scenarios (their veto actors negotiate).
    strategies
        Strategy names (see :mod:`accord.simulate.strategies`).
    seeds
        Seeds per scenario (each: who opens and, with uncertainty, one parameter draw).
    rounds
        Each participant proposes at most this many times.
    labels
        A name per scenario for the records (default: the scenario ids).
    workers, cluster, progress
        As for :func:`accord.parallel.executor`; ``progress`` gets (jobs done, jobs).
    """
    names = tuple(strategies)
    for name in names:
        make_strategy(name)   # unknown names fail before any work
    if len(set(names)) != len(names):   # a standing per name: one given twice counts twice
        raise InputError.single("a strategy listed twice", path=("strategies",),
                                expected="each strategy once",
                                found=", ".join(sorted({n for n in names
                                                        if names.count(n) > 1})))
    if seeds < 1 or rounds < 1:
        raise InputError.single("too few seeds or rounds", expected="at least 1 each",
                                found=f"seeds={seeds}, rounds={rounds}")
    labels = list(labels) if labels is not None else [s.id for s in scenarios]
    for s, label in zip(scenarios, labels, strict=True):
        ctx = Context.of(s)
        try:
            check_exhaustive(ctx, class_plan(ctx))    # before any worker starts on it
        except InputError as exc:
            raise InputError(tuple(replace(p, file=p.file or label)
                                   for p in exc.problems)) from None
        vetoes = [a.id for a in s.modelled_actors if a.veto]
        if len(vetoes) < 2:
            raise InputError.single("a tournament needs two veto actors in each scenario",
                                    expected="two actors or more with preferences and a veto",
                                    found=", ".join(vetoes) or "none", file=label,
                                    suggestion="they are the participants of its negotiations")
    tokens = [uuid.uuid4().hex for _ in scenarios]
    jobs = [Job(token, s, label, names, seed, rounds)
            for s, label, token in zip(scenarios, labels, tokens, strict=True)
            for seed in range(seeds)]
    records: list[dict[str, Any]] = []
    with executor(workers, cluster) as run:
        for k, part in enumerate(run.map(run_job, jobs), start=1):
            records += part
            if progress is not None:
                progress(k, len(jobs))
    standings = []
    for name in names:
        mine = [r for r in records if r["focal"] == name]
        col = {key: np.array([float(r[key]) for r in mine]) for key in
               ("utility", "agreement", "round", "nash_distance", "pareto_distance")}
        standings.append(Standing(name, len(mine), Mean.of(col["utility"], 0.0, 1.0),
                                  Mean.rate(col["agreement"]),
                                  Mean.of(col["round"], 0.0, float(rounds)),
                                  Mean.of(col["nash_distance"], low=0.0),
                                  Mean.of(col["pareto_distance"], low=0.0)))
    standings.sort(key=lambda s: -s.utility.mean if math.isfinite(s.utility.mean) else 0.0)
    return Tournament(tuple(standings), tuple(records), rounds, seeds)
