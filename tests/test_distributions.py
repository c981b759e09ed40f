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
