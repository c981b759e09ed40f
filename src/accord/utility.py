"""Vectorised utilities: the (deals x actors) array every analysis starts from.

For actor ``a`` and a deal choosing option ``d_i`` on issue ``i``::

    u_a = clip( sum_i w_ai * v_ai[d_i]  +  sum of the interaction terms the deal meets,  0, 1 )

rounded to 12 decimal places, so that ties that hold on paper stay ties despite
floating-point rounding.

with ``w_a`` normalised to sum to 1. Weight and value are folded into one
table ``T[a, i, d] = w_ai * v_ai[d]``, so a deal's utility is ``n_issues`` table
look-ups; an interaction term whose condition names a single issue is added
into that issue's table too (it depends on that option alone), and only the
others are matched deal by deal. Over a contiguous range of deals a compiled
kernel walks the digits like an odometer and reuses the partial sums of the
digits that did not move, so most deals cost one look-up per actor.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> from accord.space import deal_space
>>> s = toy_scenario(); space = deal_space(s); model = utility_model(s)
>>> model.actor_ids
('a', 'b', 'c')
>>> u, ok = evaluate_range(space, model, 0, 3)     # low price, slow delivery, each warranty
>>> u.round(3).tolist()
[[0.5, 0.4, 0.0], [0.38, 0.61, 0.0], [0.2, 0.7, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numba import njit
from numpy.typing import NDArray

from accord.scenario.model import Scenario
from accord.space import DealSpace, Patterns, _match, compile_patterns

__all__ = ["ACCEPT_TOLERANCE", "FoldedTerms", "UtilityModel", "add_folded", "evaluate_digits",
           "evaluate_range", "utility_model"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
Condition = Mapping[str, Sequence[str] | frozenset[str]]

#: A utility this close below a reservation value still counts as accepting it,
#: so that a hand-computed tie (0.55 against 0.55) is not lost to rounding.
ACCEPT_TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class FoldedTerms:
    """Interaction terms whose condition names one issue, added into its option table.

    Attributes
    ----------
    actor, issue
        Per term: the actor's column and the issue.
    allowed
        ``(terms, max_options)``: the options of the issue that meet the condition.
    source
        Per term: its place among every actor's interaction terms, in file order.
    """

    actor: IntArray
    issue: IntArray
    allowed: BoolArray
    source: IntArray


def add_folded(tables: FloatArray, folded: FoldedTerms, adds: FloatArray) -> FloatArray:
    """``tables`` (changed in place) with each folded term's amount added to its options.

    ``adds`` holds the amount of every interaction term (in the order of
    ``folded.source``); the terms are added in order, so that the same amounts
    always give the same tables to the last bit.
    """
    if folded.actor.size:
        np.add.at(tables, (folded.actor, folded.issue),
                  np.where(folded.allowed, adds[folded.source][:, None], 0.0))
    return tables


@dataclass(frozen=True, eq=False)
class UtilityModel:
    """The numbers of a scenario's preferences, as arrays.

    Attributes
    ----------
    actor_ids
        The actors with preferences, in file order (columns of every utility array).
    tables
        ``(actors, issues, max_options)``: normalised weight times option value.
    reservation, power
        Per actor.
    veto
        Per actor: whether its consent is needed.
    interactions
        Patterns of the interaction terms on two issues or more, with
        ``interaction_actor`` (column), ``interaction_add`` (amount) and
        ``interaction_source`` (place among every actor's terms) for each.
    folded
        The terms on a single issue, already added into ``tables``.
    """

    actor_ids: tuple[str, ...]
    tables: FloatArray
    reservation: FloatArray
    power: FloatArray
    veto: BoolArray
    interactions: Patterns
    interaction_actor: IntArray
    interaction_add: FloatArray
    interaction_source: IntArray
    folded: FoldedTerms

    @property
    def n_actors(self) -> int:
        """Number of actors with preferences."""
        return len(self.actor_ids)

    def column(self, actor_id: str) -> int:
        """The column of an actor in utility arrays."""
        return self.actor_ids.index(actor_id)

    @cached_property
    def veto_columns(self) -> IntArray:
        """Columns of the veto actors."""
        return np.flatnonzero(self.veto).astype(np.int64)


def utility_model(scenario: Scenario) -> UtilityModel:
    """Compile a scenario's preferences into a :class:`UtilityModel`."""
    actors = scenario.modelled_actors
    max_options = max(len(i.options) for i in scenario.issues)
    # the tables as nested lists, made an array in one call: a NumPy slice
    # assignment per actor and issue cost more than the rest of the compilation
    # on the small domains of many actors
    zeros = [0.0] * max_options
    rows: list[list[list[float]]] = []
    adds: list[float] = []                   # every interaction term, in order
    # (conditions, actor columns, places in ``adds``) of the terms matched deal by
    # deal, and of those on a single issue, folded into its table
    matched: tuple[list[Condition], list[int], list[int]] = ([], [], [])
    single: tuple[list[Condition], list[int], list[int]] = ([], [], [])
    for a, actor in enumerate(actors):
        prefs = scenario.preferences[actor.id]
        weights = prefs.normalised_weights
        actor_rows: list[list[float]] = []
        for issue in scenario.issues:
            w = weights.get(issue.id, 0.0)
            if w > 0:
                table = prefs.values[issue.id]
                row = [w * table[o] for o in issue.option_ids]
                actor_rows.append(row + zeros[len(row):])
            else:
                actor_rows.append(zeros)
        rows.append(actor_rows)
        for it in prefs.interactions:
            conditions, owner, source = single if len(it.when) == 1 else matched
            conditions.append(dict(it.when))
            owner.append(a)
            source.append(len(adds))
            adds.append(it.add)
    amounts = np.array(adds, dtype=np.float64)
    one = compile_patterns(scenario, single[0])     # a row per term: its issue's options
    folded = FoldedTerms(np.array(single[1], dtype=np.int64), one.issue, one.allowed,
                         np.array(single[2], dtype=np.int64))
    places = np.array(matched[2], dtype=np.int64)
    return UtilityModel(
        actor_ids=tuple(a.id for a in actors),
        tables=add_folded(np.array(rows, dtype=np.float64).reshape(
            len(actors), len(scenario.issues), max_options), folded, amounts),
        reservation=np.array([scenario.preferences[a.id].reservation for a in actors]),
        power=np.array([a.power for a in actors]),
        veto=np.array([a.veto for a in actors], dtype=np.bool_),
        interactions=compile_patterns(scenario, matched[0]),
        interaction_actor=np.array(matched[1], dtype=np.int64),
        interaction_add=amounts[places],
        interaction_source=places,
        folded=folded,
    )


#: Utilities are rounded to 12 decimal places: a tie that holds on paper
#: (0.2 + 0.1 against 0.3) is then a tie in the arrays too, and 0.8 prints as 0.8.
QUANTUM = 1e12


@njit(cache=True, nogil=True, inline="always")
def _quantise(u: float) -> float:  # pragma: no cover - compiled
    if u <= 0.0:
        return 0.0
    if u >= 1.0:
        return 1.0
    return float(np.floor(u * QUANTUM + 0.5) / QUANTUM)


@njit(cache=True, nogil=True)
def _evaluate_range(start: int, count: int, radices: IntArray, strides: IntArray,
                    tables: FloatArray,
                    f_ptr: IntArray, f_issue: IntArray, f_allowed: BoolArray,
                    i_ptr: IntArray, i_issue: IntArray, i_allowed: BoolArray,
                    i_actor: IntArray, i_add: FloatArray,
                    out_u: FloatArray, out_ok: BoolArray) -> None:  # pragma: no cover
    n_issues = radices.size
    n_actors = tables.shape[0]
    last = n_issues - 1
    digits = np.empty(n_issues, dtype=np.int64)
    rem = start
    for i in range(n_issues):
        digits[i] = rem // strides[i]
        rem -= digits[i] * strides[i]
    # prefix[a, i] = sum over issues before i; recomputed only from the highest
    # digit that moved since it was last brought up to date ("stale").
    prefix = np.zeros((n_actors, n_issues), dtype=np.float64)
    stale = 0
    n_forbid = f_ptr.size - 1
    n_inter = i_ptr.size - 1
    for n in range(count):
        ok = True
        for p in range(n_forbid):
            if _match(f_ptr, f_issue, f_allowed, p, digits):
                ok = False
                break
        out_ok[n] = ok
        if ok:
            for a in range(n_actors):
                for i in range(max(stale, 1), n_issues):
                    prefix[a, i] = prefix[a, i - 1] + tables[a, i - 1, digits[i - 1]]
                out_u[n, a] = prefix[a, last] + tables[a, last, digits[last]]
            stale = n_issues
            for k in range(n_inter):
                if _match(i_ptr, i_issue, i_allowed, k, digits):
                    out_u[n, i_actor[k]] += i_add[k]
            for a in range(n_actors):
                out_u[n, a] = _quantise(out_u[n, a])
        else:   # an infeasible deal: no utilities computed
            for a in range(n_actors):
                out_u[n, a] = np.nan
        i = last
        while i >= 0:
            digits[i] += 1
            if digits[i] < radices[i]:
                break
            digits[i] = 0
            i -= 1
        moved = i + 1 if i >= 0 else 0
        if moved < stale:
            stale = moved


@njit(cache=True, nogil=True, inline="always")
def _table_sums(tables: FloatArray, digits: IntArray,
                out: FloatArray) -> None:  # pragma: no cover - compiled
    """Each actor's table look-ups for option ``digits``, added issue by issue in order.

    The streaming kernel adds them in the same order, so both give the same
    number to the last bit; the interaction terms come after, in their order.
    """
    n_actors, n_issues = tables.shape[0], tables.shape[1]
    for a in range(n_actors):
        s = 0.0
        for i in range(n_issues):
            s += tables[a, i, digits[i]]
        out[a] = s


@njit(cache=True, nogil=True, inline="always")
def _deal_utilities(tables: FloatArray, digits: IntArray, i_ptr: IntArray, i_issue: IntArray,
                    i_allowed: BoolArray, i_actor: IntArray, i_add: FloatArray,
                    out: FloatArray) -> None:  # pragma: no cover - compiled
    """Every actor's utility of one complete deal (option ``digits``), into ``out``."""
    _table_sums(tables, digits, out)
    for k in range(i_ptr.size - 1):
        if _match(i_ptr, i_issue, i_allowed, k, digits):
            out[i_actor[k]] += i_add[k]
    for a in range(out.size):
        out[a] = _quantise(out[a])


@njit(cache=True, nogil=True)
def _evaluate_digits(digits: IntArray, tables: FloatArray,
                     f_ptr: IntArray, f_issue: IntArray, f_allowed: BoolArray,
                     i_ptr: IntArray, i_issue: IntArray, i_allowed: BoolArray,
                     i_actor: IntArray, i_add: FloatArray,
                     out_u: FloatArray, out_ok: BoolArray) -> None:  # pragma: no cover
    n_forbid = f_ptr.size - 1
    for n in range(digits.shape[0]):
        row = digits[n]
        _deal_utilities(tables, row, i_ptr, i_issue, i_allowed, i_actor, i_add, out_u[n])
        ok = True
        for p in range(n_forbid):
            if _match(f_ptr, f_issue, f_allowed, p, row):
                ok = False
                break
        out_ok[n] = ok


def evaluate_range(space: DealSpace, model: UtilityModel, start: int, stop: int,
                   out: tuple[FloatArray, BoolArray] | None = None
                   ) -> tuple[FloatArray, BoolArray]:
    """Utilities and feasibility of the deals ``start..stop-1``.

    Parameters
    ----------
    out
        Arrays from an earlier call to reuse (the results are views into them),
        so that streaming a large space allocates its chunk buffers once.

    Returns
    -------
    utilities : ndarray, shape (stop - start, n_actors)
        NaN for the deals that break a constraint (they are not evaluated;
        :func:`evaluate_digits` evaluates any deal).
    feasible : ndarray of bool, shape (stop - start,)
    """
    count = stop - start
    if out is not None and out[0].shape[0] >= count and out[0].shape[1] == model.n_actors:
        u, ok = out[0][:count], out[1][:count]
    else:
        u = np.empty((count, model.n_actors), dtype=np.float64)
        ok = np.empty(count, dtype=np.bool_)
    if count:
        f, it = space.forbidden, model.interactions
        _evaluate_range(start, count, space.radices, space.strides, model.tables,
                        f.ptr, f.issue, f.allowed, it.ptr, it.issue, it.allowed,
                        model.interaction_actor, model.interaction_add, u, ok)
    return u, ok


def evaluate_digits(space: DealSpace, model: UtilityModel,
                    digits: IntArray | Sequence[Sequence[int]]) -> tuple[FloatArray, BoolArray]:
    """Utilities and feasibility of arbitrary deals given as an ``(n, n_issues)`` digit array."""
    d = np.ascontiguousarray(np.asarray(digits, dtype=np.int64).reshape(-1, space.n_issues))
    u = np.empty((d.shape[0], model.n_actors), dtype=np.float64)
    ok = np.empty(d.shape[0], dtype=np.bool_)
    if d.shape[0]:
        f, it = space.forbidden, model.interactions
        _evaluate_digits(d, model.tables, f.ptr, f.issue, f.allowed, it.ptr, it.issue,
                         it.allowed, model.interaction_actor, model.interaction_add, u, ok)
    return u, ok
