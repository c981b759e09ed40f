"""Uncertainty: distributions on any number, Monte Carlo, and sensitivity.

- :func:`monte_carlo` — the probability that an agreement exists, that each
  proposal passes and who rejects it, who blocks, which deals are the Nash
  solution how often; each with its 95% interval;
- :func:`sobol` and :func:`tornado` — which assumptions move those outcomes most;
- :func:`fix_parameters` — hold some parameters at given values.

Runs are reproducible by seed whatever executes them: in-process, local
processes or a Dask cluster (see :mod:`accord.parallel`).
"""

from accord.uncertainty.monte_carlo import Estimate, MonteCarlo, check_uncertain, monte_carlo
from accord.uncertainty.parameters import fix_parameters, uncertain_parameters
from accord.uncertainty.sensitivity import Sensitivity, sobol, tornado

__all__ = ["Estimate", "MonteCarlo", "Sensitivity", "check_uncertain", "fix_parameters",
           "monte_carlo", "sobol", "tornado", "uncertain_parameters"]
