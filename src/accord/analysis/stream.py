"""Streaming the deal space through a function, chunk by chunk, on every core.

The compiled kernels release the GIL, so threads evaluate several chunks at
once; each thread reuses its own buffers, and results come back in chunk order,
so the outcome does not depend on how many threads ran. Where few classes of
interchangeable deals stand for many deals (:mod:`accord.analysis.classes`),
the chunks hold one row per class instead, with its size.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> ctx = Context.of(toy_scenario())
>>> list(stream(ctx, lambda chunk: int(chunk.feasible.sum()), chunk_size=5))
[5, 4, 4, 2]
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from accord.analysis.chunk import Chunk
from accord.analysis.classes import Groups, class_plan, walk_classes
from accord.analysis.context import Context
from accord.errors import InputError
from accord.parallel import default_threads
from accord.space import EXHAUSTIVE_LIMIT
from accord.utility import evaluate_range

__all__ = ["STREAM_CHUNK", "check_exhaustive", "stream"]

R = TypeVar("R")

#: Deals per chunk when streaming: small enough to share work between cores,
#: large enough that per-chunk overhead is negligible.
STREAM_CHUNK = 1 << 18


def check_exhaustive(ctx: Context, groups: Groups | None,
                     limit: int = EXHAUSTIVE_LIMIT) -> None:
    """Refuse a pass over more than ``limit`` deals (or classes of interchangeable deals).

    At about 10^8 deals a second, 10^10 is minutes; past it a pass would run for
    hours without a word, so it stops here with what to do instead.

    Raises
    ------
    InputError
        At ``issues``, with the size found.
    """
    size = ctx.space.size if groups is None else groups.bound
    if size <= limit:
        return
    found = f"{ctx.space.size:.3e} deals"
    if groups is not None:
        found += f" in up to {groups.bound:.3e} classes of interchangeable deals"
    raise InputError.single(
        "the deal space is too large for an exhaustive pass", path=("issues",),
        expected=f"at most {limit:.0e} deals, or classes of deals", found=found,
        suggestion="merge or drop issues, or options within them; 'accord evaluate' "
                   "judges a proposal in any space")


def stream(ctx: Context, work: Callable[[Chunk], R],
           chunk_size: int = STREAM_CHUNK, threads: int | None = None,
           progress: Callable[[int, int], None] | None = None,
           classes: bool | Groups = True, limit: int = EXHAUSTIVE_LIMIT) -> Iterator[R]:
    """Apply ``work(chunk)`` to every :class:`Chunk` of the space; yield results in order.

    ``work`` runs in worker threads and must not keep references to the
    arrays it is given (they are reused for the next chunk). With ``classes``
    (the default), a space that :func:`~accord.analysis.classes.class_plan`
    finds worth it is walked class by class: then the rows are the feasible
    classes, each with its lowest deal index and its size. ``classes`` may
    also be the plan itself (the caller has it already), or ``False``: every
    deal. A space of more than ``limit`` deals or classes is refused
    (:func:`check_exhaustive`) before any work.
    """
    space, model = ctx.space, ctx.model
    if isinstance(classes, Groups):
        groups: Groups | None = classes
    else:
        groups = class_plan(ctx) if classes else None
    check_exhaustive(ctx, groups, limit)
    if groups is not None:
        for chunk in walk_classes(ctx, groups, progress=progress):
            yield work(chunk)
        return
    if 0 < space.size <= chunk_size:    # one chunk: no threads, no buffers to keep
        u, ok = evaluate_range(space, model, 0, space.size)
        yield work(Chunk(u, ok))
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
        return work(Chunk(u, ok, start))

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
