"""One way to run many independent jobs: in this process, on local processes, or on Dask.

Monte Carlo draws, sensitivity designs and tournaments are lists of jobs whose
results are combined in order. :func:`executor` gives an object whose
``map(function, jobs)`` yields the results *in the order of the jobs*, whatever
ran where; a job's result must depend only on the job, never on the worker
that ran it, so every backend gives the same answer.

- in-process (the default): jobs run on one thread per core of this process
  (the compiled kernels release the GIL), with no start-up cost;
- ``workers=N``: ``N`` local processes, one job at a time each (spawned, so
  that nothing inherited from the parent's threads can deadlock them);
- ``cluster="tcp://host:8786"``: a Dask ``distributed`` scheduler (install
  ``accord[cluster]``).

Interrupting (Ctrl-C) cancels what has not started; the caller keeps the
results already received.

Examples
--------
>>> with executor() as run:
...     list(run.map(abs, [-1, 2, -3]))
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from accord.errors import InputError

__all__ = ["Executor", "default_threads", "executor"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs jobs and yields their results in order."""

    @property
    def workers(self) -> int:
        """How many jobs can run at once."""

    def map(self, function: Callable[[T], R], jobs: Sequence[T]) -> Iterator[R]:
        """``function(job)`` for every job, yielded in the order of ``jobs``."""


@dataclass
class _InProcess:
    workers: int = 1
    pool: ThreadPoolExecutor | None = None

    def map(self, function: Callable[[T], R], jobs: Sequence[T]) -> Iterator[R]:
        if self.pool is None:
            return (function(job) for job in jobs)
        pool = self.pool

        def cancel(futures: list[Future[R]]) -> None:
            for f in futures:
                f.cancel()

        return _ordered(lambda job: pool.submit(function, job), jobs, 2 * self.workers, cancel)


def _ordered(submit: Callable[[T], Future[R]], jobs: Sequence[T], in_flight: int,
             cancel: Callable[[list[Future[R]]], None]) -> Iterator[R]:
    """Submit at most ``in_flight`` jobs ahead and yield results in job order."""
    queue: deque[Future[R]] = deque()
    position = 0
    try:
        while position < len(jobs) and len(queue) < in_flight:
            queue.append(submit(jobs[position]))
            position += 1
        while queue:
            result = queue.popleft().result()
            if position < len(jobs):
                queue.append(submit(jobs[position]))
                position += 1
            yield result
    finally:
        if queue:
            cancel(list(queue))


@dataclass
class _Processes:
    pool: ProcessPoolExecutor
    workers: int

    def map(self, function: Callable[[T], R], jobs: Sequence[T]) -> Iterator[R]:
        def cancel(futures: list[Future[R]]) -> None:
            for f in futures:
                f.cancel()

        return _ordered(lambda job: self.pool.submit(function, job), jobs, 2 * self.workers,
                        cancel)


@dataclass
class _Dask:
    client: Any
    workers: int

    def map(self, function: Callable[[T], R], jobs: Sequence[T]) -> Iterator[R]:
        return _ordered(lambda job: self.client.submit(function, job, pure=False), jobs,
                        2 * self.workers, self.client.cancel)


def default_threads() -> int:
    """Threads used in this process by default: one per core (``ACCORD_THREADS`` overrides)."""
    env = os.environ.get("ACCORD_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else (os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which cancels what has not started."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def executor(workers: int | None = None, cluster: str | None = None,
             timeout: float = 10.0, threads: int | None = None) -> Iterator[Executor]:
    """An :class:`Executor`: in-process, ``workers`` local processes, or a Dask cluster.

    Parameters
    ----------
    workers
        Local processes to start (``None``: run in this process).
    cluster
        The address of a Dask ``distributed`` scheduler, e.g. ``tcp://127.0.0.1:8786``.
    timeout
        Seconds to wait for the scheduler to answer.
    threads
        In this process, how many threads (default: one per core).

    Raises
    ------
    InputError
        When the scheduler cannot be reached or Dask is not installed.
    """
    if cluster is not None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError.single("running on a cluster needs Dask distributed",
                                    expected="the package 'distributed'", found="not installed",
                                    suggestion="pip install 'accord[cluster]'") from None
        from distributed.comm.addressing import get_address_host_port

        try:
            get_address_host_port(cluster)      # before Client, which fails noisily on it
        except ValueError as exc:
            raise InputError.single("not a scheduler address", file="<command line>",
                                    found=f"{cluster!r} ({exc})",
                                    expected="host:port, e.g. tcp://127.0.0.1:8786",
                                    suggestion="the address 'dask scheduler' prints when it "
                                               "starts") from None
        try:
            client = Client(cluster, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError.single("cannot reach the Dask scheduler", file="<command line>",
                                    found=cluster,
                                    expected="a running scheduler, e.g. tcp://127.0.0.1:8786",
                                    suggestion=f"start one with 'dask scheduler' ({exc})") \
                from None
        try:
            count = max(1, sum(w.get("nthreads", 1)
                               for w in client.scheduler_info()["workers"].values()))
            yield _Dask(client, count)
        finally:
            client.close()
        return
    if workers is None:
        n = threads or default_threads()
        if n <= 1:
            yield _InProcess()
            return
        with ThreadPoolExecutor(max_workers=n, thread_name_prefix="accord") as threads_pool:
            yield _InProcess(n, threads_pool)
        return
    if workers < 1:
        raise InputError.single("too few workers", expected="at least 1", found=str(workers))
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_interrupts)
    try:
        yield _Processes(pool, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
