"""accord: turn a real multi-party negotiation into a model you can reason with.

The short list of names most users need; everything else lives in the
subpackages (:mod:`accord.scenario`, :mod:`accord.analysis`, ...).

Examples
--------
>>> import accord
>>> from accord.scenario.examples import toy_scenario
>>> result = accord.analyze(toy_scenario())
>>> result.survey.acceptable
6
>>> accord.evaluate(toy_scenario(), {"price": "mid"}).rejecters
('b',)
"""

import accord.jit_cache  # noqa: F401  (first: it may set NUMBA_CACHE_DIR for numba)
from accord.analysis import (
    analyze,
    bargaining_solutions,
    evaluate,
    pareto_frontier,
    survey,
    trades,
    whatif,
)
from accord.errors import InputError, Problem
from accord.scenario import Deal, Proposal, Scenario, load_proposal, load_scenario
from accord.version import __version__

__all__ = [
    "Deal",
    "InputError",
    "Problem",
    "Proposal",
    "Scenario",
    "__version__",
    "analyze",
    "bargaining_solutions",
    "evaluate",
    "load_proposal",
    "load_scenario",
    "pareto_frontier",
    "survey",
    "trades",
    "whatif",
]
