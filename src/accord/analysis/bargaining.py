"""Bargaining solutions over the acceptable set.

Over the agreements (feasible deals every veto actor accepts), with ``u_a`` an
actor's utility and ``r_a`` its reservation value, for the veto actors ``a``:

========================  ====================================================
``nash``                  maximise the product of gains ``prod (u_a - r_a)``
``asymmetric-nash``       maximise ``prod (u_a - r_a) ** p_a``, ``p`` the
                          actors' power normalised to sum to 1
``kalai-smorodinsky``     maximise ``min (u_a - r_a) / (I_a - r_a)``, ``I_a``
                          the best utility ``a`` gets in any agreement
``egalitarian``           maximise the smallest gain ``min (u_a - r_a)``
``utilitarian``           maximise the sum of utilities ``sum u_a``
========================  ====================================================

Ties are broken by the larger sum of the veto actors' utilities, then by the
lower deal index, so each solution is unique and lies on the Pareto frontier;
that is why every solution can be found among the frontier's points.

References
----------
Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining
problem. Econometrica 43(3), 513-518.
Kalai, E. (1977). Proportional solutions to bargaining situations.
Econometrica 45(7), 1623-1630 (egalitarian).
Harsanyi, J. & Selten, R. (1972). A generalized Nash solution for two-person
bargaining games with incomplete information. Management Science 18(5).

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> sol = bargaining_solutions(toy_scenario())
>>> str(sol["nash"].outcome.deal)
'price=high, delivery=fast, warranty=one-year'
>>> round(sol["nash"].value, 4)
0.0544
>>> str(sol["utilitarian"].outcome.deal)    # a tie (1.25) goes to the lower deal index
'price=mid, delivery=fast, warranty=one-year'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.analysis.context import Context
from accord.analysis.frontier import Frontier
from accord.analysis.outcome import Outcome
from accord.analysis.zopa import Survey, survey_context
from accord.scenario.model import Scenario
from accord.utility import ACCEPT_TOLERANCE

__all__ = ["SOLUTIONS", "SOLUTION_TITLES", "Solution", "bargaining_solutions", "solve"]

FloatArray = NDArray[np.float64]
SolutionName = Literal["nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian",
                       "utilitarian"]
SOLUTIONS: tuple[SolutionName, ...] = ("nash", "asymmetric-nash", "kalai-smorodinsky",
                                       "egalitarian", "utilitarian")

#: Each solution's name in words.
SOLUTION_TITLES: dict[SolutionName, str] = {
    "nash": "Nash bargaining solution",
    "asymmetric-nash": "asymmetric Nash solution (weighted by power)",
    "kalai-smorodinsky": "Kalai-Smorodinsky solution",
    "egalitarian": "egalitarian solution (largest smallest gain)",
    "utilitarian": "utilitarian solution (largest total utility)",
}


@dataclass(frozen=True)
class Solution:
    """One bargaining solution: the deal, what it gives, and the criterion's value."""

    name: SolutionName
    outcome: Outcome
    gains: dict[str, float]
    value: float

    @property
    def title(self) -> str:
        """The solution's name in words."""
        return SOLUTION_TITLES[self.name]

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"name": self.name, "title": self.title, "value": self.value,
                "gains": self.gains, **self.outcome.to_dict(scenario)}


def _criteria(u: FloatArray, r: FloatArray, power: FloatArray, ideal: FloatArray,
              names: tuple[SolutionName, ...] = SOLUTIONS
              ) -> dict[SolutionName, tuple[FloatArray, FloatArray]]:
    """(primary, secondary) criterion values of each named solution, on points ``u``."""
    gains = np.maximum(u - r, 0.0)
    total = u.sum(axis=1)
    out: dict[SolutionName, tuple[FloatArray, FloatArray]] = {}
    for name in names:
        if name == "nash":
            out[name] = (gains.prod(axis=1), total)
        elif name == "asymmetric-nash":
            with np.errstate(divide="ignore", invalid="ignore"):   # -inf * 0 where power is 0
                logs = np.where(power > 0, np.log(gains) * power, 0.0)
            out[name] = (logs.sum(axis=1), total)
        elif name == "kalai-smorodinsky":
            span = ideal - r
            norm = np.where(span > ACCEPT_TOLERANCE, gains / np.where(span > 0, span, 1.0), 1.0)
            out[name] = (norm.min(axis=1), norm.sum(axis=1))
        elif name == "egalitarian":
            out[name] = (gains.min(axis=1), total)
        else:
            out[name] = (total, total)
    return out


#: Criterion values this close (relative) are ties: a tie computed by hand must
#: not be decided by rounding.
TIE_TOLERANCE = 1e-12


def _near_max(values: FloatArray) -> NDArray[np.bool_]:
    top = float(values.max())
    if not np.isfinite(top):
        out: NDArray[np.bool_] = values == top
        return out
    out = values >= top - TIE_TOLERANCE * max(1.0, abs(top))
    return out


def _pick(primary: FloatArray, secondary: FloatArray, index: NDArray[np.int64]) -> int:
    """Row maximising primary, then secondary (ties within rounding), then the lowest index."""
    rows = np.flatnonzero(_near_max(primary))
    if rows.size > 1:
        rows = rows[_near_max(secondary[rows])]
        if rows.size > 1:
            return int(rows[np.argmin(index[rows])])
    return int(rows[0])


def solve(ctx: Context, frontier: Frontier,
          names: tuple[SolutionName, ...] = SOLUTIONS) -> dict[SolutionName, Solution | None]:
    """Bargaining solutions found among the acceptable points of ``frontier``.

    ``frontier`` must be over (at least) the veto actors, as
    :func:`accord.analysis.zopa.survey` computes it.
    """
    veto_ids = ctx.veto_ids
    missing = [a for a in veto_ids if a not in frontier.actor_ids]
    if missing:
        raise ValueError(f"the frontier lacks veto actors {missing}")
    cols = [frontier.actor_ids.index(a) for a in veto_ids]
    u, index = frontier.utilities, frontier.indices
    if cols != list(range(u.shape[1])):
        u = u[:, cols]
    r = ctx.model.reservation[ctx.veto]
    ok = np.all(u >= r - ACCEPT_TOLERANCE, axis=1)
    if not ok.any():            # no agreement (or an empty frontier)
        return dict.fromkeys(names)
    if not ok.all():
        u, index = u[ok], index[ok]
    # the weights and the ideal point only for the solutions that use them
    power = ctx.model.power[ctx.veto]
    if "asymmetric-nash" in names:
        power = power / power.sum() if power.sum() > 0 else np.full(power.size, 1 / power.size)
    ideal = u.max(axis=0) if "kalai-smorodinsky" in names else r
    table = _criteria(u, r, power, ideal, names)
    rows = {name: _pick(*table[name], index) for name in names}
    outcomes = dict(zip(rows, ctx.outcomes(index[list(rows.values())]), strict=True))
    out: dict[SolutionName, Solution | None] = {}
    for name, row in rows.items():
        o = outcomes[name]
        value = float(table[name][0][row])
        if name == "asymmetric-nash":   # report the weighted geometric mean of gains
            value = float(np.exp(value))
        out[name] = Solution(name, o, {a: max(o.margins[a], 0.0) for a in veto_ids}, value)
    return out


def bargaining_solutions(scenario: Scenario, survey_result: Survey | None = None,
                         progress: Callable[[int, int], None] | None = None
                         ) -> dict[SolutionName, Solution | None]:
    """Every bargaining solution of ``scenario`` (``None`` where no agreement exists).

    Parameters
    ----------
    scenario
        The scenario.
    survey_result
        A :class:`~accord.analysis.zopa.Survey` of the same scenario, to reuse its frontier.
    progress
        Called with (deals done, total) while the space is surveyed.
    """
    ctx = Context.of(scenario)
    found = survey_result or survey_context(ctx, progress=progress)
    return solve(ctx, found.frontier)
