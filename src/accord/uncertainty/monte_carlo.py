"""Monte Carlo over a scenario's ``uncertainty`` section.

Each draw sets every uncertain parameter (see :mod:`accord.uncertainty.parameters`)
and asks what follows (see :mod:`accord.uncertainty.draws`). Over all draws:

- the probability that an agreement exists;
- for each proposal, the probability that it is accepted, and how often each
  veto actor rejects it;
- how often each veto actor is *the one blocking*: no agreement exists, but
  one would without that actor's veto;
- the deals that are most often the Nash solution, with their frequencies.

Every probability comes with its number of draws and a 95% Wilson score
interval. Draw ``i`` depends only on the seed and ``i``, so the result is the
same in-process, on N local processes or on a Dask cluster.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and
statistical inference. JASA 22(158), 209-212.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> import accord.scenario.model as m
>>> s = toy_scenario().model_copy(update={"uncertainty": {
...     "b.reservation": m.Distribution(uniform=(0.3, 0.9))}})
>>> mc = monte_carlo(s, draws=200, seed=1)
>>> mc.agreement.draws, 0.5 < mc.agreement.p < 0.8
(200, True)
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analysis.outcome import deal_table
from accord.errors import InputError
from accord.parallel import Executor, executor
from accord.scenario.model import Proposal, Scenario
from accord.scenario.paths import example_parameter
from accord.space import deal_space
from accord.uncertainty.draws import DrawModel, DrawOutcomes, evaluate

__all__ = ["MAX_DRAWS", "Estimate", "MonteCarlo", "NashDeal", "ProposalEstimate", "check_draws",
           "monte_carlo", "percent", "wilson"]

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

#: The most draws one run may ask for. A draw keeps about 60 bytes of outcomes
#: and 8 bytes per uncertain number (measured: 10 million draws of a scenario
#: with 5 uncertain numbers hold about 1.2 GB), so a run stays within a few GB.
MAX_DRAWS = 10_000_000
#: A job of draws takes about this long at most, so that Ctrl-C stops a run
#: within a second or two (running jobs are finished, then the run stops).
JOB_SECONDS = 0.5
#: Draws in the first job of a run, which measures how long a draw takes.
CALIBRATION = 64

#: z for a 95% interval.
Z95 = 1.959963984540054


def percent(x: float) -> str:
    """``x`` as a percentage to one decimal, with more only where one would round to an end.

    A probability that is not exactly 0 or 1 never prints as ``0.0%`` or ``100.0%``: the
    lower Wilson bound of 10,000 successes in 10,000 draws is 99.96%, not a certainty.

    Examples
    --------
    >>> percent(0.25), percent(1.0), percent(0.99962), percent(0.000384)
    ('25.0%', '100.0%', '99.96%', '0.04%')
    """
    digits = 1
    while 0 < x < 1 and round(100 * x, digits) in (0, 100) and digits < 12:
        digits += 1
    return f"{x:.{digits}%}"


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion.

    Examples
    --------
    >>> [round(x, 4) for x in wilson(25, 100)]
    [0.1755, 0.343]
    """
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Estimate:
    """A probability estimated from draws, with its 95% Wilson interval."""

    successes: int
    draws: int

    @property
    def p(self) -> float:
        """The estimated probability."""
        return self.successes / self.draws if self.draws else float("nan")

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% Wilson score interval."""
        return wilson(self.successes, self.draws)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        lo, hi = self.interval
        return {"p": self.p, "low": lo, "high": hi, "successes": self.successes,
                "draws": self.draws}

    def __str__(self) -> str:
        lo, hi = self.interval
        return f"{percent(self.p)} [{percent(lo)}, {percent(hi)}] (n={self.draws:,})"


@dataclass(frozen=True)
class ProposalEstimate:
    """How a proposal fares over the draws."""

    proposal: Proposal
    accepted: Estimate
    rejected_by: dict[str, Estimate]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"id": self.proposal.id, "title": self.proposal.title,
                "accepted": self.accepted.to_dict(),
                "rejected_by": {a: e.to_dict() for a, e in self.rejected_by.items()}}


@dataclass(frozen=True)
class NashDeal:
    """A deal that is the Nash solution in some draws."""

    index: int
    deal: dict[str, str]
    frequency: Estimate


@dataclass(frozen=True)
class MonteCarlo:
    """The results of :func:`monte_carlo`.

    ``outcomes`` keeps every draw's results and ``latent`` every draw's latent
    uniform numbers, for further analysis (e.g. :func:`accord.uncertainty.tornado`).
    ``weightless`` counts, per actor, the draws in which every weight of that
    actor was drawn as 0 (its utility of every deal is 0 there); actors it never
    happened to are left out.
    """

    scenario: Scenario
    seed: int
    requested: int
    agreement: Estimate
    blocking: dict[str, Estimate]
    proposals: tuple[ProposalEstimate, ...]
    nash_deals: tuple[NashDeal, ...]
    interrupted: bool
    outcomes: DrawOutcomes = field(repr=False)
    latent: FloatArray = field(repr=False)
    weightless: dict[str, int] = field(default_factory=dict)

    @property
    def draws(self) -> int:
        """Draws completed."""
        return self.agreement.draws

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "scenario": self.scenario.id, "seed": self.seed, "draws": self.draws,
            "requested": self.requested, "interrupted": self.interrupted,
            "weightless_draws": self.weightless,
            "agreement_exists": self.agreement.to_dict(),
            "blocking": {a: e.to_dict() for a, e in self.blocking.items()},
            "proposals": [p.to_dict() for p in self.proposals],
            "nash_deals": [{"index": d.index, "frequency": d.frequency.to_dict(),
                            "deal": deal_table(self.scenario, d.deal)} for d in self.nash_deals],
        }


# ---------------------------------------------------------------- the jobs

_CACHE: OrderedDict[str, DrawModel] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _draw_model(token: str, scenario: Scenario, proposals: Sequence[Proposal]) -> DrawModel:
    """The compiled model of a run, built once per process."""
    with _CACHE_LOCK:
        dm = _CACHE.get(token)
        if dm is None:
            dm = DrawModel.of(scenario, proposals)
            _CACHE[token] = dm
            while len(_CACHE) > 4:
                _CACHE.popitem(last=False)
        return dm


@dataclass(frozen=True)
class Job:
    """Draws ``start..stop-1`` of a run (or explicit uniforms, for a design)."""

    token: str
    scenario: Scenario
    proposals: tuple[Proposal, ...]
    seed: int
    start: int
    stop: int
    uniforms: FloatArray | None = None


def run_job(job: Job) -> tuple[DrawOutcomes, FloatArray]:
    """Evaluate one job's draws; returns their outcomes and latent uniforms."""
    dm = _draw_model(job.token, job.scenario, job.proposals)
    u = job.uniforms if job.uniforms is not None else \
        dm.parameters.uniforms(job.seed, job.start, job.stop)
    return evaluate(dm, dm.parameters.values(u)), u


def timed_job(job: Job) -> tuple[tuple[DrawOutcomes, FloatArray], float]:
    """:func:`run_job`, and the seconds its draws took (the model compiled beforehand)."""
    _draw_model(job.token, job.scenario, job.proposals)
    started = time.perf_counter()
    result = run_job(job)
    return result, time.perf_counter() - started


def plan_jobs(draws: int, workers: int, smallest: int = 64, largest: int | None = None,
              start: int = 0) -> list[tuple[int, int]]:
    """Split draws ``start..draws-1`` into ranges that shrink as the run goes (guided scheduling).

    Each range is a quarter of what remains per worker (never under
    ``smallest``, never over ``largest``), so the first ranges keep the
    workers busy with little overhead and the last ones are small: no worker
    waits long for another at the end. Progress shows after every range.

    Examples
    --------
    >>> plan_jobs(1000, workers=2)[:3]
    [(0, 125), (125, 235), (235, 331)]
    >>> plan_jobs(100, workers=2)
    [(0, 64), (64, 100)]
    >>> plan_jobs(1000, workers=2, largest=100, start=64)[:2]
    [(64, 164), (164, 264)]
    """
    per = 4 * max(1, workers)
    out: list[tuple[int, int]] = []
    while start < draws:
        size = max(smallest, math.ceil((draws - start) / per))
        if largest is not None:
            size = min(size, max(largest, 1))
        out.append((start, min(start + size, draws)))
        start += size
    return out


Results = list[tuple[DrawOutcomes, FloatArray]]


def run_jobs(run: Executor, jobs: Sequence[Job], progress: Progress | None = None,
             done: int = 0, total: int | None = None) -> tuple[Results, bool]:
    """Run jobs in order; stop cleanly on Ctrl-C. Returns (results so far, interrupted).

    ``done`` and ``total`` are the draws already made and in all, for ``progress``.
    """
    results: Results = []
    total = total if total is not None else done + sum(j.stop - j.start for j in jobs)
    try:
        for job, result in zip(jobs, run.map(run_job, jobs), strict=False):
            results.append(result)
            done += job.stop - job.start
            if progress is not None:
                progress(done, total)
    except KeyboardInterrupt:
        return results, True
    return results, False


def run_calibrated(run: Executor, make_job: Callable[[int, int], Job], rows: int,
                   progress: Progress | None = None, guided: bool = True,
                   ) -> tuple[Results, bool]:
    """Run rows ``0..rows-1`` in jobs that each take at most about :data:`JOB_SECONDS`.

    A first job of :data:`CALIBRATION` rows measures how long a row takes;
    the others are sized from it, so that Ctrl-C (which lets running jobs
    finish) stops the run within a second or two whatever the scenario. The
    numbers do not depend on how the rows are split. ``guided`` shrinks the
    jobs as the run goes (see :func:`plan_jobs`); otherwise they have one size
    (at most a 64th of the rows, for progress and to share them among workers).
    """
    first = make_job(0, min(CALIBRATION, rows))
    try:
        ((result, seconds),) = list(run.map(timed_job, [first]))
    except KeyboardInterrupt:
        return [], True
    try:
        if progress is not None:
            progress(first.stop, rows)
    except KeyboardInterrupt:
        return [result], True
    per_row = seconds / max(first.stop, 1)
    largest = max(1, int(JOB_SECONDS / per_row)) if per_row > 0 else rows
    if guided:
        plan = plan_jobs(rows, run.workers, largest=largest, start=first.stop)
    else:
        step = min(largest, max(CALIBRATION, rows // 64))
        plan = [(a, min(a + step, rows)) for a in range(first.stop, rows, step)]
    more, interrupted = run_jobs(run, [make_job(a, b) for a, b in plan], progress,
                                 done=first.stop, total=rows)
    return [result, *more], interrupted


# ---------------------------------------------------------------- the run

def check_draws(draws: int, option: str = "draws") -> None:
    """Refuse fewer than one draw, or more than :data:`MAX_DRAWS`.

    Examples
    --------
    >>> check_draws(100)
    >>> check_draws(10**20, "--draws")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: <command line>: error: too many draws at --draws
      expected: at most 10,000,000 draws (a run must fit in memory)
      found:    100000000000000000000
      hint:     fewer draws estimate the same probabilities with wider intervals
    """
    where = {"file": "<command line>", "path": (option,)} if option.startswith("--") else {}
    if draws < 1:
        raise InputError.single("too few draws", expected="at least 1", found=str(draws),
                                **where)
    if draws > MAX_DRAWS:
        raise InputError.single("too many draws", found=str(draws),
                                expected=f"at most {MAX_DRAWS:,} draws (a run must fit in "
                                         "memory)",
                                suggestion="fewer draws estimate the same probabilities with "
                                           "wider intervals", **where)


def check_uncertain(scenario: Scenario) -> None:
    """Refuse a scenario with nothing uncertain (there would be nothing to draw)."""
    if not scenario.uncertainty:
        raise InputError.single("the scenario has no uncertainty section",
                                path=("uncertainty",), expected="ranges on uncertain numbers",
                                found="nothing uncertain",
                                suggestion="add e.g. uncertainty: "
                                           f"{{{example_parameter(scenario)}: "
                                           "{uniform: [0.4, 0.6]}}")


def summarise(scenario: Scenario, proposals: Sequence[Proposal], seed: int, requested: int,
              outcomes: DrawOutcomes, latent: FloatArray, interrupted: bool,
              top: int = 10) -> MonteCarlo:
    """Estimates (with intervals) from every draw's outcomes."""
    n = int(outcomes.agreement.size)
    veto = [a.id for a in scenario.veto_actors]
    estimates = []
    for k, p in enumerate(proposals):
        estimates.append(ProposalEstimate(
            p, Estimate(int(outcomes.accepted[:, k].sum()), n),
            {a: Estimate(int(outcomes.rejects[:, k, v].sum()), n) for v, a in enumerate(veto)}))
    counts = Counter(outcomes.nash[outcomes.nash >= 0].tolist())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    space = deal_space(scenario)
    nash = tuple(NashDeal(i, dict(space.deal_at(i)), Estimate(c, n)) for i, c in ranked)
    return MonteCarlo(
        scenario=scenario, seed=seed, requested=requested,
        agreement=Estimate(int(outcomes.agreement.sum()), n),
        blocking={a: Estimate(int(outcomes.pivotal[:, v].sum()), n) for v, a in enumerate(veto)},
        proposals=tuple(estimates), nash_deals=nash, interrupted=interrupted,
        outcomes=outcomes, latent=latent, weightless={
            a.id: int(c) for a, c in zip(scenario.modelled_actors,
                                         outcomes.weightless.sum(axis=0), strict=True) if c})


def monte_carlo(scenario: Scenario, draws: int = 1000, seed: int = 0,
                proposals: Sequence[Proposal] = (), workers: int | None = None,
                cluster: str | None = None, progress: Progress | None = None,
                top: int = 10, threads: int | None = None) -> MonteCarlo:
    """Draw the uncertain parameters ``draws`` times and estimate what follows.

    Parameters
    ----------
    scenario
        A scenario with an ``uncertainty`` section.
    draws
        How many draws.
    seed
        The seed: the same seed gives the same numbers whatever runs the draws.
    proposals
        Proposals to judge in every draw.
    workers, cluster, threads
        Where to run (see :func:`accord.parallel.executor`): in this process by
        default (``threads`` threads, one per core unless given), on ``workers``
        local processes, or on a Dask cluster.
    progress
        Called with (draws done, total) as results come in.
    top
        How many of the most frequent Nash deals to report.

    Returns
    -------
    MonteCarlo
        With ``interrupted`` set, and the draws so far, if Ctrl-C stopped it.
    """
    check_uncertain(scenario)
    check_draws(draws)
    proposals = tuple(proposals)
    DrawModel.of(scenario, proposals)   # check everything before starting workers
    token = uuid.uuid4().hex
    with executor(workers, cluster, threads=threads) as run:
        results, interrupted = run_calibrated(
            run, lambda a, b: Job(token, scenario, proposals, seed, a, b), draws, progress)
    if not results:
        raise KeyboardInterrupt
    outcomes = DrawOutcomes.concatenate([r[0] for r in results])
    latent = np.concatenate([r[1] for r in results])
    return summarise(scenario, proposals, seed, draws, outcomes, latent, interrupted, top)

