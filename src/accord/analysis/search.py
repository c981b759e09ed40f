"""Branch and bound over the deal space: the Nash solution without visiting every deal.

Monte Carlo needs, for every draw of the parameters, whether an agreement
exists and which deal is the Nash solution. Streaming the whole space for
each draw would cost seconds; this search assigns issues one at a time and
drops a whole branch as soon as an upper bound shows that some veto actor
cannot reach its reservation value, or that the Nash product cannot reach
the best one found so far. It returns exactly what
:func:`accord.analysis.bargaining.solve` returns on the full survey: the same
criterion, the same tie-breaking (Nash product, then total utility of the
veto actors, then the lowest deal index), the same rounded utilities.

Bounds: with the issues assigned so far, an actor's utility is at most its
partial sum, plus the largest table entry of every issue still open, plus
every positive interaction term not yet ruled out; clipped to [0, 1], as the
utility is.

References
----------
Land, A. H. & Doig, A. G. (1960). An automatic method of solving discrete
programming problems. Econometrica 28(3), 497-520.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.analysis.context import Context
>>> ctx = Context.of(toy_scenario())
>>> index, value = nash_search(ctx.space, ctx.model)
>>> str(ctx.deal(index)), round(value, 4)
('price=high, delivery=fast, warranty=one-year', 0.0544)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.space import DealSpace, _match
from accord.utility import ACCEPT_TOLERANCE, UtilityModel, _deal_utilities

__all__ = ["CHECK_EVERY", "SearchStoppedError", "nash_search", "nearest_search", "search_plan"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Relative tolerance within which two criterion values are a tie (as in bargaining).
TIE = 1e-12
#: Steps of a timed or cancellable search between two looks at the clock (a few ms).
CHECK_EVERY = 1 << 18


class SearchStoppedError(Exception):
    """A search gave up before its answer: its time ran out, or it was cancelled.

    Attributes
    ----------
    timed_out
        ``True`` when the time ran out, ``False`` when it was cancelled.
    seconds
        How long it ran.
    steps
        How many branches it tried.
    """

    def __init__(self, timed_out: bool, seconds: float, steps: int) -> None:
        self.timed_out = timed_out
        self.seconds = seconds
        self.steps = steps
        what = "found no answer within" if timed_out else "was cancelled after"
        super().__init__(f"the search {what} {seconds:.1f} s")


@njit(cache=True, nogil=True)
def _better(n: float, t: float, idx: int, bn: float, bt: float, bidx: int) -> bool:
    """Whether (Nash n, total t, index idx) beats the incumbent, as bargaining._pick ranks."""
    if bidx < 0:
        return True
    tol = TIE * max(1.0, abs(bn))
    if n > bn + tol:
        return True
    if n < bn - tol:
        return False
    tol_t = TIE * max(1.0, abs(bt))
    if t > bt + tol_t:
        return True
    if t < bt - tol_t:
        return False
    return idx < bidx


@njit(cache=True, nogil=True)
def _best_rest(tables: FloatArray, radices: IntArray,
               order: IntArray) -> FloatArray:  # pragma: no cover - compiled
    """``rest[d, a]``: the most actor ``a`` can still get from the issues at depth ``d`` on."""
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    rest = np.zeros((n_issues + 1, n_actors))
    for d in range(n_issues - 1, -1, -1):
        issue = order[d]
        for a in range(n_actors):
            best = tables[a, issue, 0]
            for o in range(1, radices[issue]):
                if tables[a, issue, o] > best:
                    best = tables[a, issue, o]
            rest[d, a] = rest[d + 1, a] + best
    return rest


@njit(cache=True, nogil=True, inline="always")
def _forbidden_now(d: int, digits: IntArray, f_ptr: IntArray, f_issue: IntArray,
                   f_allowed: BoolArray, f_depth: IntArray) -> bool:  # pragma: no cover
    """Whether a constraint whose issues are all assigned at depth ``d`` forbids the branch."""
    for p in range(f_ptr.size - 1):
        if f_depth[p] == d and _match(f_ptr, f_issue, f_allowed, p, digits):
            return True
    return False


@njit(cache=True, nogil=True, inline="always")
def _agreement_score(exact: FloatArray, floor: FloatArray, reservation: FloatArray,
                     veto: BoolArray) -> tuple[float, float]:  # pragma: no cover - compiled
    """A deal's (Nash product, total utility of the veto actors); (-1, -1) if one rejects it."""
    nash = 1.0
    total = 0.0
    for a in range(exact.size):
        if not veto[a]:
            continue
        if exact[a] < floor[a]:
            return -1.0, -1.0
        gain = exact[a] - reservation[a]
        nash *= gain if gain > 0.0 else 0.0
        total += exact[a]
    return nash, total


@njit(cache=True, nogil=True, inline="always")
def _deal_index(digits: IntArray, strides: IntArray) -> int:  # pragma: no cover - compiled
    """The index of the deal with option ``digits``."""
    index = 0
    for i in range(digits.size):
        index += digits[i] * strides[i]
    return index


@njit(cache=True, nogil=True)
def _search(tables: FloatArray, radices: IntArray, strides: IntArray, order: IntArray,
            option_order: IntArray, reservation: FloatArray, veto: BoolArray,
            f_ptr: IntArray, f_issue: IntArray, f_allowed: BoolArray, f_depth: IntArray,
            i_ptr: IntArray, i_issue: IntArray, i_allowed: BoolArray, i_actor: IntArray,
            i_add: FloatArray, first_only: bool, result: FloatArray) -> int:  # pragma: no cover
    """Depth-first branch and bound; returns the best deal index (-1: no agreement).

    ``order`` is the order in which issues are assigned, ``option_order[i]``
    the order in which issue ``i``'s options are tried; ``f_depth[p]`` is the
    depth at which forbidden pattern ``p`` has all its issues assigned.
    ``result`` receives (Nash product, total utility of the veto actors).
    With ``first_only`` the search stops at the first agreement found.
    """
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    partial = np.zeros((n_issues + 1, n_actors))
    digits = np.zeros(n_issues, dtype=np.int64)
    choice = np.zeros(n_issues, dtype=np.int64)
    state = np.array([0, -1, 0], dtype=np.int64)
    result[0] = -1.0
    result[1] = -1.0
    _search_steps(tables, radices, strides, order, option_order, reservation, veto,
                  f_ptr, f_issue, f_allowed, f_depth, i_ptr, i_issue, i_allowed, i_actor,
                  i_add, first_only, partial, digits, choice, state, result, -1)
    best: int = state[1]
    return best


@njit(cache=True, nogil=True)
def _search_steps(tables: FloatArray, radices: IntArray, strides: IntArray, order: IntArray,
                  option_order: IntArray, reservation: FloatArray, veto: BoolArray,
                  f_ptr: IntArray, f_issue: IntArray, f_allowed: BoolArray, f_depth: IntArray,
                  i_ptr: IntArray, i_issue: IntArray, i_allowed: BoolArray, i_actor: IntArray,
                  i_add: FloatArray, first_only: bool, partial: FloatArray, digits: IntArray,
                  choice: IntArray, state: IntArray, result: FloatArray,
                  budget: int) -> bool:  # pragma: no cover - compiled
    """At most ``budget`` steps of :func:`_search` (``-1``: no limit); whether it finished.

    The search resumes where it stopped: ``partial``, ``digits`` and ``choice``
    hold the branch, ``state`` (depth, best deal index, steps taken) and
    ``result`` (best Nash product, best total) the rest. A fresh search starts
    with ``choice[0]`` and ``state[0]`` at 0 (depth 0, no option tried yet:
    ``choice[0]`` is set to -1 on the first call when ``state[2]`` is 0), best
    index -1 and ``result`` at -1.
    """
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    n_inter = i_ptr.size - 1
    rest = _best_rest(tables, radices, order)
    position = np.argsort(order)
    floor = reservation - ACCEPT_TOLERANCE
    exact = np.empty(n_actors)
    best_n = result[0]
    best_t = result[1]
    best_idx = state[1]
    d = state[0]
    if state[2] == 0:
        choice[0] = -1
    steps = 0
    finished = True
    while d >= 0:
        if budget >= 0 and steps >= budget:
            finished = False
            break
        steps += 1
        choice[d] += 1
        issue = order[d]
        if choice[d] >= radices[issue]:
            d -= 1
            continue
        opt = option_order[issue, choice[d]]
        digits[issue] = opt
        for a in range(n_actors):
            partial[d + 1, a] = partial[d, a] + tables[a, issue, opt]
        if _forbidden_now(d, digits, f_ptr, f_issue, f_allowed, f_depth):
            continue
        # upper bounds (written out in each kernel: as a shared function, even one numba
        # inlines, the search ran 2 to 4 times slower)
        prune = False
        bound = 1.0
        for a in range(n_actors):
            if not veto[a]:
                continue
            ub = partial[d + 1, a] + rest[d + 1, a]
            for k in range(n_inter):
                if i_actor[k] != a or i_add[k] <= 0.0:
                    continue
                possible = True
                for j in range(i_ptr[k], i_ptr[k + 1]):
                    iss = i_issue[j]
                    if position[iss] <= d and not i_allowed[j, digits[iss]]:
                        possible = False
                        break
                if possible:
                    ub += i_add[k]
            ub = min(max(ub, 0.0), 1.0)     # clipped, as the utility is
            if ub < floor[a]:
                prune = True
                break
            gain = ub - reservation[a]
            bound *= gain if gain > 0.0 else 0.0
        if prune or (best_idx >= 0 and bound < best_n - TIE * max(1.0, best_n)):
            continue
        if d < n_issues - 1:
            d += 1
            choice[d] = -1
            continue
        # a complete deal
        _deal_utilities(tables, digits, i_ptr, i_issue, i_allowed, i_actor, i_add, exact)
        nash, total = _agreement_score(exact, floor, reservation, veto)
        if nash < 0.0:
            continue
        index = _deal_index(digits, strides)
        if _better(nash, total, index, best_n, best_t, best_idx):
            best_n, best_t, best_idx = nash, total, index
            if first_only:
                d = -1
                break
    state[0] = d
    state[1] = best_idx
    state[2] += steps
    result[0] = best_n
    result[1] = best_t
    return finished


@njit(cache=True, nogil=True)
def _nearest_steps(tables: FloatArray, radices: IntArray, strides: IntArray, order: IntArray,
                   option_order: IntArray, base: IntArray, reservation: FloatArray,
                   veto: BoolArray, f_ptr: IntArray, f_issue: IntArray, f_allowed: BoolArray,
                   f_depth: IntArray, i_ptr: IntArray, i_issue: IntArray, i_allowed: BoolArray,
                   i_actor: IntArray, i_add: FloatArray, partial: FloatArray, moved: IntArray,
                   digits: IntArray, choice: IntArray, state: IntArray, result: FloatArray,
                   budget: int) -> bool:  # pragma: no cover - compiled
    """At most ``budget`` steps of the search for the agreement closest to ``base``.

    Fewest changed issues, then Nash, total, index. ``budget`` -1 is no limit;
    returns whether the search finished. It resumes where it stopped:
    ``partial``, ``moved``, ``digits`` and ``choice`` hold the branch, ``state``
    (depth, best deal index, steps taken, agreements at the best distance, best
    distance) and ``result`` (best Nash product, best total) the rest. A fresh
    search has ``digits`` equal to ``base``, ``state`` ``[0, -1, 0, 0, issues
    + 1]`` and ``result`` ``[-1, -1]``.
    """
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    n_inter = i_ptr.size - 1
    rest = _best_rest(tables, radices, order)
    position = np.argsort(order)
    floor = reservation - ACCEPT_TOLERANCE
    exact = np.empty(n_actors)
    d = state[0]
    best_idx = state[1]
    ties = state[3]
    best_d = state[4]
    best_n = result[0]
    best_t = result[1]
    if state[2] == 0:
        choice[0] = -1
    steps = 0
    finished = True
    while d >= 0:
        if budget >= 0 and steps >= budget:
            finished = False
            break
        steps += 1
        choice[d] += 1
        issue = order[d]
        if choice[d] > radices[issue]:
            d -= 1
            continue
        # try the base option first (no change), then the others in the plan's order
        if choice[d] == 0:
            opt = base[issue]
        else:
            opt = option_order[issue, choice[d] - 1]
            if opt == base[issue]:
                continue
        changed = moved[d] + (1 if opt != base[issue] else 0)
        if changed > best_d:
            continue
        digits[issue] = opt
        moved[d + 1] = changed
        for a in range(n_actors):
            partial[d + 1, a] = partial[d, a] + tables[a, issue, opt]
        if _forbidden_now(d, digits, f_ptr, f_issue, f_allowed, f_depth):
            continue
        # upper bounds (written out in each kernel: as a shared function, even one numba
        # inlines, the search ran 2 to 4 times slower)
        prune = False
        bound = 1.0
        for a in range(n_actors):
            if not veto[a]:
                continue
            ub = partial[d + 1, a] + rest[d + 1, a]
            for k in range(n_inter):
                if i_actor[k] != a or i_add[k] <= 0.0:
                    continue
                possible = True
                for j in range(i_ptr[k], i_ptr[k + 1]):
                    iss = i_issue[j]
                    if position[iss] <= d and not i_allowed[j, digits[iss]]:
                        possible = False
                        break
                if possible:
                    ub += i_add[k]
            ub = min(max(ub, 0.0), 1.0)     # clipped, as the utility is
            if ub < floor[a]:
                prune = True
                break
            gain = ub - reservation[a]
            bound *= gain if gain > 0.0 else 0.0
        if prune:
            continue
        if d < n_issues - 1:
            d += 1
            choice[d] = -1
            continue
        _deal_utilities(tables, digits, i_ptr, i_issue, i_allowed, i_actor, i_add, exact)
        nash, total = _agreement_score(exact, floor, reservation, veto)
        if nash < 0.0:
            continue
        index = _deal_index(digits, strides)
        if changed < best_d:
            best_d, ties = changed, 0
            best_n, best_t, best_idx = -1.0, -1.0, -1
        ties += 1
        if _better(nash, total, index, best_n, best_t, best_idx):
            best_n, best_t, best_idx = nash, total, index
    state[0] = d
    state[1] = best_idx
    state[2] += steps
    state[3] = ties
    state[4] = best_d
    result[0] = best_n
    result[1] = best_t
    return finished


def nearest_search(space: DealSpace, model: UtilityModel, base: IntArray,
                   plan: tuple[IntArray, IntArray, IntArray] | None = None, *,
                   seconds: float | None = None, cancel: Callable[[], bool] | None = None,
                   ) -> tuple[int, int, float, int]:
    """The agreement closest to ``base`` (option digits), by branch and bound.

    ``plan`` is :func:`search_plan`'s answer for ``space`` and ``model``, when
    the caller keeps it (it costs about as much as a search). ``seconds`` and
    ``cancel`` bound the search as in :func:`nash_search`.

    Raises
    ------
    SearchStoppedError
        When ``seconds`` passed, or ``cancel`` said so, before the answer was found.

    Returns
    -------
    index, changes, nash, ties
        The deal index (-1 when no agreement exists), how many issues it
        changes, its Nash product, and how many agreements lie at that distance.
    """
    order, option_order, depth = plan if plan is not None else search_plan(space, model)
    f, it = space.forbidden, model.interactions
    base = np.asarray(base, dtype=np.int64)
    n_issues, n_actors = space.n_issues, model.tables.shape[0]
    partial = np.zeros((n_issues + 1, n_actors))
    moved = np.zeros(n_issues + 1, dtype=np.int64)
    digits = base.copy()
    choice = np.zeros(n_issues, dtype=np.int64)
    state = np.array([0, -1, 0, 0, n_issues + 1], dtype=np.int64)
    result = np.full(2, -1.0)
    start = time.monotonic()
    _stop_if(start, seconds, cancel, 0)
    # in steps, so that Ctrl-C reaches Python between two of them, and the clock is read
    while not _nearest_steps(model.tables, space.radices, space.strides, order, option_order,
                             base, model.reservation, model.veto, f.ptr, f.issue, f.allowed,
                             depth, it.ptr, it.issue, it.allowed, model.interaction_actor,
                             model.interaction_add, partial, moved, digits, choice, state,
                             result, CHECK_EVERY):
        _stop_if(start, seconds, cancel, int(state[2]))
    return int(state[1]), int(state[4]), float(result[0]), int(state[3])


def _stop_if(start: float, seconds: float | None, cancel: Callable[[], bool] | None,
             steps: int) -> None:
    """Raise :class:`SearchStoppedError` when ``cancel`` says so or ``seconds`` have passed."""
    if cancel is not None and cancel():
        raise SearchStoppedError(False, time.monotonic() - start, steps)
    if seconds is not None and time.monotonic() - start > seconds:
        raise SearchStoppedError(True, time.monotonic() - start, steps)


def search_plan(space: DealSpace, model: UtilityModel) -> tuple[IntArray, IntArray, IntArray]:
    """The order to assign issues and try options in, and when each constraint applies.

    Issues that separate the veto actors most go first (bounds tighten
    soonest); within an issue, options the veto actors like best together go
    first (a good incumbent is found early). Neither order changes the answer.
    """
    tables = model.tables[model.veto]
    radices = space.radices
    spread = np.array([max((t[: radices[i]].max() - t[: radices[i]].min())
                           for t in tables[:, i, :]) for i in range(space.n_issues)])
    order = np.argsort(-spread, kind="stable").astype(np.int64)
    width = tables.shape[2]
    option_order = np.zeros((space.n_issues, width), dtype=np.int64)
    for i in range(space.n_issues):
        score = tables[:, i, : radices[i]].sum(axis=0)
        option_order[i, : radices[i]] = np.argsort(-score, kind="stable")
    position = np.empty(space.n_issues, dtype=np.int64)
    position[order] = np.arange(space.n_issues)
    f = space.forbidden
    depth = np.array([position[f.issue[f.ptr[p]:f.ptr[p + 1]]].max() if f.ptr[p + 1] > f.ptr[p]
                      else 0 for p in range(f.count)], dtype=np.int64)
    return order, option_order, depth


def nash_search(space: DealSpace, model: UtilityModel, first_only: bool = False, *,
                seconds: float | None = None,
                cancel: Callable[[], bool] | None = None) -> tuple[int, float]:
    """The Nash solution's deal index and Nash product (``-1`` when no agreement exists).

    With ``first_only`` it stops at the first agreement found (an existence check).

    Parameters
    ----------
    space, model
        The deal space and the actors' utilities.
    first_only
        Stop at the first agreement found.
    seconds
        Give up after this long (``None``: search to the end, however long).
    cancel
        Asked every :data:`CHECK_EVERY` steps; the search gives up when it says ``True``.

    Raises
    ------
    SearchStoppedError
        When ``seconds`` passed, or ``cancel`` said so, before the answer was found.

    Examples
    --------
    >>> from accord.scenario.examples import toy_scenario
    >>> from accord.analysis.context import Context
    >>> ctx = Context.of(toy_scenario())
    >>> nash_search(ctx.space, ctx.model, seconds=10.0)[0] == nash_search(ctx.space, ctx.model)[0]
    True
    >>> nash_search(ctx.space, ctx.model, cancel=lambda: True)
    Traceback (most recent call last):
    ...
    accord.analysis.search.SearchStoppedError: the search was cancelled after 0.0 s
    """
    order, option_order, depth = search_plan(space, model)
    f, it = space.forbidden, model.interactions
    result = np.zeros(2)
    args = (model.tables, space.radices, space.strides, order, option_order,
            model.reservation, model.veto, f.ptr, f.issue, f.allowed, depth,
            it.ptr, it.issue, it.allowed, model.interaction_actor, model.interaction_add,
            first_only)
    start = time.monotonic()
    n_issues, n_actors = space.n_issues, model.tables.shape[0]
    partial = np.zeros((n_issues + 1, n_actors))
    digits = np.zeros(n_issues, dtype=np.int64)
    choice = np.zeros(n_issues, dtype=np.int64)
    state = np.array([0, -1, 0], dtype=np.int64)
    result[:] = -1.0
    _stop_if(start, seconds, cancel, 0)
    # in steps, so that Ctrl-C reaches Python between two of them, and the clock is read
    while not _search_steps(*args, partial, digits, choice, state, result, CHECK_EVERY):
        _stop_if(start, seconds, cancel, int(state[2]))
    return int(state[1]), float(result[0])
