"""Inverse CDFs: draws stay in their support and follow their distribution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from accord.scenario.model import Distribution
from accord.uncertainty.distributions import quantile

CASES = [
    (Distribution(uniform=(0.2, 0.6)), stats.uniform(0.2, 0.4)),
    (Distribution(triangular=(10, 20, 35)), stats.triang(10 / 25, loc=10, scale=25)),
    (Distribution(truncnormal=(0.5, 0.1, 0.3, 0.9)),
     stats.truncnorm((0.3 - 0.5) / 0.1, (0.9 - 0.5) / 0.1, loc=0.5, scale=0.1)),
    (Distribution(beta=(2, 5)), stats.beta(2, 5)),
    (Distribution(beta=(2, 5, 0.3, 0.7)), stats.beta(2, 5, loc=0.3, scale=0.4)),
]


@pytest.mark.parametrize(("dist", "reference"), CASES, ids=lambda x: getattr(x, "kind", ""))
def test_quantile_matches_scipy(dist: Distribution, reference: stats.rv_continuous) -> None:
    u = np.linspace(0.001, 0.999, 999)
    assert np.allclose(quantile(dist, u), reference.ppf(u), atol=1e-9)


def test_choice_follows_its_probabilities() -> None:
    dist = Distribution(choice=(0.1, 0.5, 0.9), p=(0.2, 0.5, 0.3))
    values = quantile(dist, np.random.default_rng(0).random(100_000))
    shares = [np.mean(values == v) for v in (0.1, 0.5, 0.9)]
    assert shares == pytest.approx([0.2, 0.5, 0.3], abs=0.01)


@given(st.sampled_from([d for d, _ in CASES] + [Distribution(choice=(3.0, 1.0, 2.0))]),
       st.lists(st.floats(0, 1), min_size=2, max_size=50))
def test_draws_stay_in_the_support_and_are_monotone(dist: Distribution, u: list[float]) -> None:
    x = quantile(dist, np.sort(np.array(u)))
    lo, hi = dist.support
    assert (x >= lo).all()
    assert (x <= hi).all()
    if dist.kind != "choice":
        assert (np.diff(x) >= -1e-12).all()


@pytest.mark.parametrize("mean", [-3.0, 0.0, 0.1, 0.5, 1.0, 4.0])
@pytest.mark.parametrize("sd", [0.001, 0.04, 0.3, 2.0])
@pytest.mark.parametrize(("lo", "hi"), [(0.0, 0.6), (0.2, 0.8), (0.5, 0.6), (0.5, 1.0)])
def test_truncnormal_matches_scipy_in_the_far_tails(mean: float, sd: float, lo: float,
                                                    hi: float) -> None:
    # ndtr(8) rounds to 1: a range 8 sd above the mean gave its upper end for every draw
    u = np.array([0.0, 1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6, 1.0])
    reference = stats.truncnorm.ppf(u, (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)
    got = quantile(Distribution(truncnormal=(mean, sd, lo, hi)), u)
    assert np.allclose(got, reference, rtol=0, atol=1e-9 * (hi - lo))


def test_truncnormal_far_below_its_range_draws_near_the_lower_end() -> None:
    got = quantile(Distribution(truncnormal=(0.1, 0.04, 0.5, 0.8)), np.array([0.5, 0.9]))
    assert got.round(4).tolist() == [0.5027, 0.509]
