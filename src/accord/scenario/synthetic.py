"""Random linear-additive scenarios, for benchmarks, tests and classroom exercises.

Examples
--------
>>> s = synthetic_scenario(n_issues=3, n_options=4, n_actors=2, seed=1)
>>> len(s.issues), len(s.actors), s.issues[0].option_ids
(3, 2, ('o0', 'o1', 'o2', 'o3'))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.scenario.model import Scenario

__all__ = ["synthetic_data", "synthetic_scenario"]


def synthetic_data(n_issues: int, n_options: int, n_actors: int, seed: int = 0,
                   reservation: float = 0.3, opposed: bool = True) -> dict[str, Any]:
    """Plain data of a random scenario (see :func:`synthetic_scenario`)."""
    rng = np.random.default_rng(seed)
    actors = [{"id": f"a{k}", "name": f"Actor {k}"} for k in range(n_actors)]
    issues = [{"id": f"i{i}", "options": [f"o{j}" for j in range(n_options)],
               "status_quo": "o0"} for i in range(n_issues)]
    preferences = {}
    for k in range(n_actors):
        weights = rng.uniform(0.1, 1.0, n_issues).round(4)
        values = {}
        for i in range(n_issues):
            v = rng.uniform(0.0, 1.0, n_options)
            if opposed and k % 2 == 1:   # odd actors tend to want the opposite
                v = 1.0 - v
            v = (v - v.min()) / (v.max() - v.min())
            values[f"i{i}"] = {f"o{j}": round(float(v[j]), 6) for j in range(n_options)}
        preferences[f"a{k}"] = {"reservation": reservation,
                                "weights": {f"i{i}": float(weights[i]) for i in range(n_issues)},
                                "values": values}
    return {"accord": 1, "id": f"synthetic-{n_actors}x{n_issues}x{n_options}-{seed}",
            "title": f"Random scenario: {n_actors} actors, {n_issues} issues x {n_options} options",
            "actors": actors, "issues": issues, "preferences": preferences}


def synthetic_scenario(n_issues: int, n_options: int, n_actors: int, seed: int = 0,
                       reservation: float = 0.3, opposed: bool = True) -> Scenario:
    """A random linear-additive scenario: every actor a veto party.

    Parameters
    ----------
    n_issues, n_options, n_actors
        Sizes: the space has ``n_options ** n_issues`` deals.
    seed
        Seed of the random weights and values.
    reservation
        Every actor's reservation value.
    opposed
        Odd-numbered actors value options in roughly the reverse order, so the
        actors' interests conflict as in a real negotiation.
    """
    return Scenario.model_validate(synthetic_data(n_issues, n_options, n_actors, seed,
                                                  reservation, opposed))
