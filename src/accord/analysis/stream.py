"""Streaming the deal space through a function, chunk by chunk, on every core.

The compiled kernels release the GIL, so threads evaluate several chunks at
once; each thread reuses its own buffers, and results come back in chunk order,
so the outcome does not depend on how many threads ran.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> ctx = Context.of(toy_scenario())
>>> list(stream(ctx, lambda start, u, ok: int(ok.sum()), chunk_size=5))
[5, 4, 4, 2]
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.parallel import default_threads
from accord.utility import evaluate_range

__all__ = ["STREAM_CHUNK", "stream"]

R = TypeVar("R")
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Deals per chunk when streaming: small enough to share work between cores,
#: large enough that per-chunk overhead is negligible.
STREAM_CHUNK = 1 << 18


def stream(ctx: Context, work: Callable[[int, FloatArray, BoolArray], R],
           chunk_size: int = STREAM_CHUNK, threads: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> Iterator[R]:
    """Apply ``work(start, utilities, feasible)`` to every chunk; yield results in order.

    ``work`` runs in worker threads and must not keep references to the
    arrays it is given (they are reused for the next chunk).
    """
    space, model = ctx.space, ctx.model
    if 0 < space.size <= chunk_size:    # one chunk: no threads, no buffers to keep
        u, ok = evaluate_range(space, model, 0, space.size)
        yield work(0, u, ok)
        if progress is not None:
            progress(space.size, space.size)
        return
    chunks = list(space.chunks(chunk_size))
    n_threads = min(threads or default_threads(), len(chunks)) or 1
    local = threading.local()

    def run(bounds: tuple[int, int]) -> R:
        start, stop = bounds
        buffers = getattr(local, "buffers", None)
        u, ok = evaluate_range(space, model, start, stop, out=buffers)
        if buffers is None:
            local.buffers = (u, ok)
        return work(start, u, ok)

    if n_threads == 1:
        for bounds in chunks:
            yield run(bounds)
            if progress is not None:
                progress(bounds[1], space.size)
        return
    with ThreadPoolExecutor(max_workers=n_threads, thread_name_prefix="accord") as pool:
        window = 2 * n_threads          # chunks in flight: bounded memory
        queue = deque(pool.submit(run, b) for b in chunks[:window])
        for k, bounds in enumerate(chunks):
            result = queue.popleft().result()
            if k + window < len(chunks):
                queue.append(pool.submit(run, chunks[k + window]))
            yield result
            if progress is not None:
                progress(bounds[1], space.size)
