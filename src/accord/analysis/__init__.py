"""Analysis: plain functions over a scenario, returning small frozen results.

- :func:`survey` — one pass over the deal space: feasible and acceptable deals,
  blockers, the veto actors' Pareto frontier;
- :func:`pareto_frontier` — the exact frontier for any set of actors;
- :func:`bargaining_solutions` — Nash, asymmetric Nash, Kalai–Smorodinsky,
  egalitarian, utilitarian;
- :func:`evaluate` — a proposal: verdicts, better deals, the nearest agreement;
- :func:`trades` — exchanges of concessions from the status quo;
- :func:`analyze` and :func:`whatif` — all of it at once, and with parameters changed.
"""

from accord.analysis.bargaining import SOLUTIONS, Solution, bargaining_solutions
from accord.analysis.frontier import Frontier, pareto_frontier, pareto_points
from accord.analysis.outcome import ChangeEffect, Outcome
from accord.analysis.proposals import Evaluation, NearestDeal, evaluate
from accord.analysis.summary import Analysis, analyze
from accord.analysis.trades import Trade, Trades, trades
from accord.analysis.whatif import WhatIf, whatif
from accord.analysis.zopa import Blocker, Survey, survey

__all__ = [
    "SOLUTIONS",
    "Analysis",
    "Blocker",
    "ChangeEffect",
    "Evaluation",
    "Frontier",
    "NearestDeal",
    "Outcome",
    "Solution",
    "Survey",
    "Trade",
    "Trades",
    "WhatIf",
    "analyze",
    "bargaining_solutions",
    "evaluate",
    "pareto_frontier",
    "pareto_points",
    "survey",
    "trades",
    "whatif",
]
