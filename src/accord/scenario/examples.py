"""A small built-in scenario for examples and doctests.

Two veto parties, a seller ``a`` and a buyer ``b``, and a stakeholder ``c``
who only cares about delivery; three issues (price, delivery, warranty) give
18 deals, one combination of which is forbidden.

Examples
--------
>>> s = toy_scenario()
>>> s.issue_ids, [a.id for a in s.veto_actors]
(('price', 'delivery', 'warranty'), ['a', 'b'])
"""

from __future__ import annotations

from typing import Any

from accord.scenario.model import Scenario

__all__ = ["TOY", "toy_scenario"]

#: The toy scenario as plain data (what a YAML file would hold).
TOY: dict[str, Any] = {
    "accord": 1,
    "id": "toy",
    "title": "A seller, a buyer and a bystander",
    "actors": [
        {"id": "a", "name": "Seller", "power": 2},
        {"id": "b", "name": "Buyer"},
        {"id": "c", "name": "Neighbour", "role": "stakeholder"},
    ],
    "issues": [
        {"id": "price", "options": ["low", "mid", "high"], "status_quo": "low"},
        {"id": "delivery", "options": ["slow", "fast"], "status_quo": "slow"},
        {"id": "warranty", "options": ["none", "one-year", "two-years"], "status_quo": "none"},
    ],
    "constraints": [
        {"id": "capacity", "why": "the factory cannot deliver fast with a long warranty",
         "forbid": {"delivery": "fast", "warranty": "two-years"}},
    ],
    "preferences": {
        "a": {"reservation": 0.4, "weights": {"price": 5, "delivery": 2, "warranty": 3},
              "values": {"price": {"low": 0, "mid": 0.6, "high": 1},
                         "delivery": {"slow": 1, "fast": 0.3},
                         "warranty": {"none": 1, "one-year": 0.6, "two-years": 0}}},
        "b": {"reservation": 0.35, "weights": {"price": 4, "delivery": 3, "warranty": 3},
              "values": {"price": {"low": 1, "mid": 0.5, "high": 0},
                         "delivery": {"slow": 0, "fast": 1},
                         "warranty": {"none": 0, "one-year": 0.7, "two-years": 1}}},
        "c": {"reservation": 0.5, "weights": {"delivery": 1},
              "values": {"delivery": {"slow": 0, "fast": 1}}},
    },
}


def toy_scenario() -> Scenario:
    """The toy scenario, validated."""
    return Scenario.model_validate(TOY)
