"""Everything about a scenario in one call: :func:`analyze`.

One pass over the deal space (:func:`~accord.analysis.zopa.survey`) feeds the
bargaining solutions, the proposal evaluations and the list of acceptable
frontier deals; the trades are searched around the status quo.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> a = analyze(toy_scenario())
>>> a.survey.acceptable, str(a.solutions["nash"].outcome.deal)
(6, 'price=high, delivery=fast, warranty=one-year')
>>> len(a.agreements)        # acceptable deals on the frontier, best Nash product first
2
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.analysis.bargaining import Solution, SolutionName, solve
from accord.analysis.context import Context
from accord.analysis.outcome import Outcome
from accord.analysis.proposals import Evaluation, evaluate_context
from accord.analysis.trades import Trades, trades
from accord.analysis.zopa import Survey, survey_context
from accord.scenario.model import Proposal, Scenario
from accord.space import DEFAULT_CHUNK
from accord.utility import ACCEPT_TOLERANCE

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """The whole analysis of a scenario (see :func:`analyze`)."""

    scenario: Scenario
    survey: Survey
    solutions: dict[SolutionName, Solution | None]
    agreements: tuple[Outcome, ...]
    trades: Trades
    evaluations: tuple[Evaluation, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of everything."""
        s = self.scenario
        return {
            "scenario": {"id": s.id, "title": s.title,
                         "actors": [{"id": a.id, "name": a.label, "role": a.role,
                                     "veto": a.veto, "power": a.power} for a in s.actors],
                         "issues": [{"id": i.id, "name": i.label, "options": list(i.option_ids),
                                     "status_quo": i.status_quo} for i in s.issues]},
            "space": self.survey.to_dict(),
            "solutions": {k: (v.to_dict(s) if v else None) for k, v in self.solutions.items()},
            "agreements_on_frontier": [o.to_dict(s) for o in self.agreements],
            "trades": self.trades.to_dict(s),
            "proposals": [e.to_dict(s) for e in self.evaluations],
        }


def _agreements(ctx: Context, found: Survey, top: int) -> tuple[Outcome, ...]:
    f = found.frontier
    r = ctx.model.reservation[ctx.veto]
    cols = [f.actor_ids.index(a) for a in ctx.veto_ids]
    u = f.utilities[:, cols]
    ok = np.all(u >= r - ACCEPT_TOLERANCE, axis=1)
    nash = np.maximum(u[ok] - r, 0.0).prod(axis=1)
    index = f.indices[ok]
    chosen = index[np.lexsort((index, -nash))[:top]]
    return tuple(ctx.outcomes(chosen))


def analyze(scenario: Scenario, proposals: Sequence[Proposal] = (), top: int = 10,
            trade_issues: int = 3, chunk_size: int = DEFAULT_CHUNK,
            progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Analyse a scenario: zone of agreement, frontier, solutions, trades, proposals.

    Parameters
    ----------
    scenario
        The scenario.
    proposals
        Proposals to evaluate against it.
    top
        How many acceptable frontier deals and trades to list.
    trade_issues
        The largest number of issues a trade may change.
    chunk_size
        Deals per chunk of the streaming pass.
    progress
        Called with (deals done, total) during the pass over the space.
    """
    ctx = Context.of(scenario)
    found = survey_context(ctx, chunk_size=chunk_size, progress=progress)
    return Analysis(
        scenario=scenario,
        survey=found,
        solutions=solve(ctx, found.frontier),
        agreements=_agreements(ctx, found, top),
        trades=trades(scenario, max_issues=trade_issues, top=top),
        evaluations=tuple(evaluate_context(ctx, p, found) for p in proposals),
    )
