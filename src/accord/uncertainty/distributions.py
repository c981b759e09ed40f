"""Turning uniform numbers into draws of each distribution (inverse CDFs).

Every uncertain quantity is driven by one uniform number in [0, 1): plain
Monte Carlo draws those uniformly, a Sobol design places them; the same
inverse CDF turns either into values, so a draw never leaves the
distribution's support (a weight below zero cannot happen).

Examples
--------
>>> import numpy as np
>>> from accord.scenario.model import Distribution
>>> u = np.array([0.0, 0.5, 0.999])
>>> quantile(Distribution(uniform=(0.4, 0.6)), u).round(4).tolist()
[0.4, 0.5, 0.5998]
>>> quantile(Distribution(triangular=(0, 1, 1)), np.array([0.25])).round(4).tolist()
[0.5]
>>> quantile(Distribution(choice=(1, 2, 3), p=(0.2, 0.3, 0.5)), np.array([0.1, 0.4, 0.9])).tolist()
[1.0, 2.0, 3.0]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import special

from accord.scenario.model import Distribution

__all__ = ["quantile"]

FloatArray = NDArray[np.float64]


def _lower_side(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """The truncated standard normal's inverse CDF, precise where it is below the mean."""
    log_a, log_b = special.log_ndtr(alpha), special.log_ndtr(beta)
    with np.errstate(divide="ignore"):   # log(0) at u = 0 or 1 is -inf, which logaddexp takes
        log_p = np.logaddexp(np.log1p(-u) + log_a, np.log(u) + log_b)
    x: FloatArray = special.ndtri_exp(np.minimum(log_p, 0.0))
    return x


def _truncated_standard_normal(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """The inverse CDF of the standard normal truncated to [alpha, beta], at ``u``.

    Computed in log space, and for values above the mean on the mirror image
    (``-X`` is truncated to ``[-beta, -alpha]``, at ``1 - u``), so that a range
    many standard deviations from the mean keeps its precision: ``ndtr(8)``
    rounds to 1, but ``log_ndtr(-8)`` is exact.

    Examples
    --------
    >>> _truncated_standard_normal(8.0, 17.5, np.array([0.0, 0.5])).round(4).tolist()
    [8.0, 8.0849]
    """
    x = _lower_side(alpha, beta, u)
    above = ~(x <= 0.0)     # NaN too: the lower side lost its precision there
    if above.any():
        x[above] = -_lower_side(-beta, -alpha, 1.0 - u[above])
    return np.clip(x, alpha, beta)


def quantile(dist: Distribution, u: FloatArray) -> FloatArray:
    """The values of ``dist`` at cumulative probabilities ``u`` (its inverse CDF).

    Parameters
    ----------
    dist
        A validated distribution.
    u
        Numbers in [0, 1].

    Returns
    -------
    ndarray
        Values within the distribution's support.
    """
    u = np.clip(np.asarray(u, dtype=np.float64), 0.0, 1.0)
    kind = dist.kind
    if kind == "uniform":
        assert dist.uniform is not None
        lo, hi = dist.uniform
        out = lo + u * (hi - lo)
    elif kind == "triangular":
        assert dist.triangular is not None
        lo, mode, hi = dist.triangular
        cut = (mode - lo) / (hi - lo)
        left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
        right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
        out = np.where(u < cut, left, right)
    elif kind == "truncnormal":
        assert dist.truncnormal is not None
        mean, sd, lo, hi = dist.truncnormal
        out = mean + sd * _truncated_standard_normal((lo - mean) / sd, (hi - mean) / sd, u)
    elif kind == "beta":
        assert dist.beta is not None
        a_, b_ = dist.beta[0], dist.beta[1]
        lo, hi = (dist.beta[2], dist.beta[3]) if len(dist.beta) == 4 else (0.0, 1.0)
        # scipy's inverse incomplete beta returns NaN for u within ~1e-280 of 0 or 1
        x = special.betaincinv(a_, b_, np.clip(u, 1e-15, 1.0 - 1e-15))
        out = lo + (hi - lo) * np.where(np.isnan(x), np.round(u), x)
    else:
        assert dist.choice is not None
        values = np.asarray(dist.choice, dtype=np.float64)
        p = np.asarray(dist.p if dist.p is not None else [1.0] * len(values))
        cumulative = np.cumsum(p / p.sum())
        k = np.searchsorted(cumulative, u, side="right")
        out = values[np.minimum(k, len(values) - 1)]
    lo, hi = dist.support
    return np.clip(np.asarray(out, dtype=np.float64), lo, hi)
