"""Which assumptions matter: Sobol indices, and tornado data from the Monte Carlo draws.

Two complementary views of how much each uncertain parameter (each key of the
``uncertainty`` section: a parameter, or a shared draw moving several) moves
an outcome — whether an agreement exists, and whether each proposal passes:

- **Sobol indices** (variance-based, global): the first-order index ``S1`` is
  the share of the outcome's variance explained by the parameter alone; the
  total index ``ST`` adds every interaction it takes part in. They are
  estimated from a Saltelli design of ``N * (k + 2)`` evaluations (SALib's
  scrambled Sobol sampler and estimators), with bootstrap 95% confidence.
- **Tornado data**: from the plain Monte Carlo draws, the outcome's frequency
  when the parameter lies in the bottom fifth of its range and in the top
  fifth (its quantiles), other parameters varying as drawn; the bars are
  ranked by the swing between the two.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical
models and their Monte Carlo estimates. Math. Comput. Simul. 55, 271-280.
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model
output. Computer Physics Communications 181(2), 259-270.
Herman, J. & Usher, W. (2017). SALib: An open-source Python library for
sensitivity analysis. JOSS 2(9), 97.

Examples
--------
>>> from accord.scenario.examples import toy_scenario
>>> import accord.scenario.model as m
>>> s = toy_scenario().model_copy(update={"uncertainty": {
...     "a.reservation": m.Distribution(uniform=(0.3, 0.95)),
...     "c.reservation": m.Distribution(uniform=(0.0, 1.0))}})
>>> result = sobol(s, n_base=64, seed=1)[0]
>>> [i.name for i in result.indices]      # c has no veto: it moves nothing
['a.reservation', 'c.reservation']
>>> result.indices[1].total
0.0
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.parallel import executor
from accord.scenario.model import Proposal, Scenario
from accord.uncertainty.draws import DrawModel, DrawOutcomes
from accord.uncertainty.monte_carlo import Job, MonteCarlo, check_uncertain, run_calibrated
from accord.uncertainty.parameters import uncertain_parameters

__all__ = ["METHOD", "Sensitivity", "SobolIndex", "TornadoBar", "sobol", "tornado"]

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

#: How the indices are computed, as reports say it.
METHOD = "Sobol indices (Saltelli 2010 estimators, SALib), bootstrap 95% confidence"


@dataclass(frozen=True)
class SobolIndex:
    """First-order and total Sobol index of one parameter, with 95% confidence half-widths."""

    name: str
    first: float
    first_conf: float
    total: float
    total_conf: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"name": self.name, "S1": self.first, "S1_conf": self.first_conf,
                "ST": self.total, "ST_conf": self.total_conf}


@dataclass(frozen=True)
class TornadoBar:
    """An outcome's frequency with a parameter in the bottom and in the top fifth."""

    name: str
    low: float
    high: float
    low_draws: int
    high_draws: int

    @property
    def swing(self) -> float:
        """How far the outcome's frequency moves between the two ends."""
        return abs(self.high - self.low)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"name": self.name, "low": self.low, "high": self.high, "swing": self.swing,
                "low_draws": self.low_draws, "high_draws": self.high_draws}


@dataclass(frozen=True)
class Sensitivity:
    """The parameters ranked by how much they move one outcome."""

    output: str
    title: str
    method: str
    evaluations: int
    mean: float
    indices: tuple[SobolIndex, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"output": self.output, "title": self.title, "method": self.method,
                "evaluations": self.evaluations, "mean": self.mean,
                "indices": [i.to_dict() for i in self.indices]}


def _outputs(outcomes: DrawOutcomes, proposals: Sequence[Proposal]
             ) -> list[tuple[str, str, FloatArray]]:
    out = [("agreement", "an agreement exists", outcomes.agreement.astype(np.float64))]
    out += [(f"proposal:{p.id}", f"{p.title or p.id} is accepted",
             outcomes.accepted[:, k].astype(np.float64)) for k, p in enumerate(proposals)]
    return out


def sobol(scenario: Scenario, proposals: Sequence[Proposal] = (), n_base: int = 256,
          seed: int = 0, workers: int | None = None, cluster: str | None = None,
          progress: Progress | None = None) -> list[Sensitivity]:
    """Sobol indices of every uncertain parameter for agreement and each proposal.

    Parameters
    ----------
    scenario
        A scenario with an ``uncertainty`` section.
    proposals
        Proposals whose acceptance to explain as well.
    n_base
        The base sample size ``N`` (a power of 2); the design has ``N * (k + 2)`` rows.
    seed
        Seeds the scrambled Sobol design and the bootstrap.
    workers, cluster, progress
        As for :func:`accord.uncertainty.monte_carlo.monte_carlo`.

    Returns
    -------
    list of Sensitivity
        One per outcome, parameters ranked by total index (largest first).
        Empty if Ctrl-C stopped the design before it finished.
    """
    from SALib.analyze import sobol as sobol_analyze  # imported when used: it loads pandas
    from SALib.sample import sobol as sobol_sample

    check_uncertain(scenario)
    proposals = tuple(proposals)
    params = uncertain_parameters(scenario)
    DrawModel.of(scenario, proposals)
    problem = {"num_vars": params.n_latent, "names": list(params.names),
               "bounds": [[0.0, 1.0]] * params.n_latent}
    design = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    token = uuid.uuid4().hex
    with executor(workers, cluster) as run:
        results, interrupted = run_calibrated(
            run, lambda a, b: Job(token, scenario, proposals, seed, a, b, design[a:b]),
            len(design), progress, guided=False)
    if interrupted:
        return []
    outcomes = DrawOutcomes.concatenate([r[0] for r in results])
    found = []
    for output, title, y in _outputs(outcomes, proposals):
        if np.var(y) == 0:    # a constant outcome: no parameter moves it
            indices = [SobolIndex(n, 0.0, 0.0, 0.0, 0.0) for n in params.names]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                s = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                          seed=_bootstrap_seed(seed))
            indices = [SobolIndex(n, _num(s["S1"][k]), _num(s["S1_conf"][k]),
                                  _num(s["ST"][k]), _num(s["ST_conf"][k]))
                       for k, n in enumerate(params.names)]
        indices.sort(key=lambda i: (-i.total, -i.first, i.name))
        found.append(Sensitivity(output, title, METHOD, len(design), float(y.mean()),
                                 tuple(indices)))
    return found


def _bootstrap_seed(seed: int) -> int:
    """SALib's bootstrap seed: SALib seeds only with a true value, so 0 becomes 2**64 - 1.

    (Seeds other than 0 are passed as they are: their intervals stay as they were.)

    Examples
    --------
    >>> _bootstrap_seed(7), _bootstrap_seed(0)
    (7, 18446744073709551615)
    """
    return seed if seed else 2**64 - 1


def _num(x: float) -> float:
    return float(x) if np.isfinite(x) else 0.0


def tornado(mc: MonteCarlo, share: float = 0.2) -> dict[str, tuple[TornadoBar, ...]]:
    """Tornado data from Monte Carlo draws, per outcome (see the module docs).

    Parameters
    ----------
    mc
        A Monte Carlo result (it keeps each draw's latent uniform numbers).
    share
        The fraction of each parameter's range at each end (0.2: fifths).
    """
    names = uncertain_parameters(mc.scenario).names
    proposals = [p.proposal for p in mc.proposals]
    out: dict[str, tuple[TornadoBar, ...]] = {}
    for output, _title, y in _outputs(mc.outcomes, proposals):
        bars = []
        for k, name in enumerate(names):
            low = mc.latent[:, k] < share
            high = mc.latent[:, k] >= 1.0 - share
            bars.append(TornadoBar(name, float(y[low].mean()) if low.any() else float("nan"),
                                   float(y[high].mean()) if high.any() else float("nan"),
                                   int(low.sum()), int(high.sum())))
        bars.sort(key=lambda b: (-(b.swing if np.isfinite(b.swing) else -1.0), b.name))
        out[output] = tuple(bars)
    return out
