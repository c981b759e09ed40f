"""Monte Carlo runs in background threads, with progress a page can poll.

:meth:`Jobs.submit` starts :func:`accord.uncertainty.monte_carlo` in a thread
and returns at once; :meth:`Jobs.get` says how far it is (draws done of the
total) and, once it is done, the result with its charts (the report's
:func:`~accord.report.figures.agreement_figure` and
:func:`~accord.report.figures.tornado_figure`). Few runs go at once; finished
ones are kept a while, then forgotten.

Examples
--------
>>> import time
>>> import accord.scenario.model as m
>>> from accord.scenario.examples import toy_scenario
>>> s = toy_scenario().model_copy(update={"uncertainty": {
...     "b.reservation": m.Distribution(uniform=(0.3, 0.9))}})
>>> jobs = Jobs()
>>> job = jobs.submit("toy", s, (), draws=200, seed=1)
>>> while jobs.get(job.id).status in ("queued", "running"):
...     time.sleep(0.01)
>>> done = jobs.get(job.id)
>>> done.status, done.done, done.result["draws"]
('done', 200, 200)
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from accord.analysis.outcome import deal_summary
from accord.errors import InputError, Problem
from accord.report.figures import agreement_figure, tornado_figure
from accord.scenario.model import Proposal, Scenario
from accord.uncertainty import MonteCarlo, monte_carlo, tornado
from accord.uncertainty.monte_carlo import check_uncertain
from accord.web.errors import BusyError, UnknownIdError
from accord.web.jsonready import json_ready

__all__ = ["MAX_DRAWS", "BusyError", "Job", "Jobs", "result_payload"]

#: The most draws one run may ask for.
MAX_DRAWS = 20_000

Status = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True)
class Job:
    """A snapshot of one Monte Carlo run."""

    id: str
    scenario: str
    draws: int
    seed: int
    status: Status = "queued"
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    result: dict[str, Any] | None = None
    errors: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"id": self.id, "scenario": self.scenario, "status": self.status,
                "done": self.done, "total": self.total, "draws": self.draws, "seed": self.seed,
                "seconds": self.seconds, "result": self.result,
                "errors": [p.to_dict() | {"text": p.format()} for p in self.errors]}


def result_payload(mc: MonteCarlo, titles: dict[str, str]) -> dict[str, Any]:
    """A run's results, JSON-ready, with its charts and the Nash deals in words."""
    out = mc.to_dict()
    for entry, deal in zip(out["nash_deals"], mc.nash_deals, strict=True):
        entry["summary"] = deal_summary(mc.scenario, deal.deal)
    props = [(titles.get(p.proposal.id, p.proposal.id), p.accepted.to_dict())
             for p in mc.proposals]
    figures = {"probability": agreement_figure(mc.agreement.to_dict(), props)}
    bars = [b.to_dict() for b in tornado(mc).get("agreement", ())]
    if any(b["swing"] == b["swing"] and b["swing"] > 0 for b in bars):
        figures["tornado"] = tornado_figure("What moves the probability that some agreement "
                                            "exists", bars, mc.agreement.p)
    out["figures"] = figures
    cleaned: dict[str, Any] = json_ready(out)
    return cleaned


class Jobs:
    """The Monte Carlo runs of a server.

    Parameters
    ----------
    running
        How many runs may go at once.
    keep
        How many jobs are remembered (the oldest finished ones are forgotten).
    threads
        Threads per run (``None``: one per core).
    """

    def __init__(self, running: int = 2, keep: int = 64, threads: int | None = None) -> None:
        self.running = running
        self.keep = keep
        self.threads = threads
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = replace(job, **changes)

    def submit(self, scenario_id: str, scenario: Scenario, proposals: Sequence[Proposal],
               draws: int, seed: int) -> Job:
        """Start a run in a thread and return its (queued) job at once.

        Raises
        ------
        InputError
            When the scenario has nothing uncertain, or ``draws`` is out of range.
        BusyError
            When ``running`` runs are already going.
        """
        check_uncertain(scenario)
        if not 1 <= draws <= MAX_DRAWS:
            raise InputError.single("draws out of range", path=("draws",), file="<request>",
                                    expected=f"1 to {MAX_DRAWS:,}", found=str(draws))
        with self._lock:
            busy = sum(j.status in ("queued", "running") for j in self._jobs.values())
            if busy >= self.running:
                raise BusyError(f"{busy} Monte Carlo run(s) are going; wait for one to finish")
            job = Job(uuid.uuid4().hex[:16], scenario_id, draws, seed, total=draws)
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
            for old in finished[: max(0, len(self._jobs) - self.keep)]:
                del self._jobs[old]
        titles = {p.id: p.title or p.id for p in proposals}
        thread = threading.Thread(target=self._run, name=f"accord-mc-{job.id}", daemon=True,
                                  args=(job, scenario, tuple(proposals), titles))
        thread.start()
        return job

    def _run(self, job: Job, scenario: Scenario, proposals: tuple[Proposal, ...],
             titles: dict[str, str]) -> None:
        self._update(job.id, status="running")

        def progress(done: int, total: int) -> None:
            self._update(job.id, done=done, total=total,
                         seconds=time.monotonic() - job.started)

        try:
            mc = monte_carlo(scenario, draws=job.draws, seed=job.seed, proposals=proposals,
                             progress=progress, threads=self.threads)
            self._update(job.id, status="done", done=mc.draws,
                         result=result_payload(mc, titles),
                         seconds=time.monotonic() - job.started)
        except InputError as exc:
            self._update(job.id, status="failed", errors=exc.problems,
                         seconds=time.monotonic() - job.started)
        except Exception as exc:  # a bug: reported in the job, never a traceback
            self._update(job.id, status="failed", seconds=time.monotonic() - job.started,
                         errors=(Problem(f"internal error: {type(exc).__name__}: {exc}",
                                         suggestion="this is a bug in accord; please report it"),))

    def get(self, job_id: str) -> Job:
        """The job's current state (``UnknownIdError`` if there is none)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise UnknownIdError("job", job_id, [])
            return job
