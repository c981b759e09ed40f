"""The cache keys of the web app: overrides and deals in a hashable, order-free form.

Two requests that ask the same thing get the same key, whatever the order of
their fields; two that differ only in a value's kind (``true`` or ``1``) do not.

Examples
--------
>>> overrides_key({"a.power": 2, "a.veto": True}) == overrides_key({"a.veto": True, "a.power": 2.0})
True
>>> deal_key({"price": "mid", "date": None}) == deal_key({"price": "mid"})
True
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DealKey", "Overrides", "OverridesKey", "deal_key", "overrides_key"]

#: Overrides of a scenario's numbers, by parameter path (a veto takes ``True``/``False``).
Overrides = Mapping[str, float | bool]
#: :func:`overrides_key`'s form of some overrides.
OverridesKey = tuple[tuple[str, str, float], ...]
#: :func:`deal_key`'s form of a deal.
DealKey = tuple[tuple[str, str], ...]


def overrides_key(overrides: Overrides) -> OverridesKey:
    """A hashable, order-free form of some overrides, with each value's kind.

    ``True`` and ``1`` are equal in Python and hash alike; a veto takes one and
    a weight the other, so the kind is part of the key. Keys are taken as
    given: :meth:`~accord.web.registry.Registry.overrides` makes them canonical first.

    Examples
    --------
    >>> overrides_key({"b.reservation": 0.5, "a.reservation": 1})
    (('a.reservation', 'number', 1.0), ('b.reservation', 'number', 0.5))
    >>> overrides_key({"a.veto": True}) == overrides_key({"a.veto": 1})
    False
    """
    return tuple(sorted((k, "bool" if isinstance(v, bool) else "number", float(v))
                        for k, v in overrides.items()))


def deal_key(deal: Mapping[str, str | None]) -> DealKey:
    """A hashable form of a deal's choices (open issues left out).

    Examples
    --------
    >>> deal_key({"b": "low", "a": "high", "c": None})
    (('a', 'high'), ('b', 'low'))
    """
    return tuple(sorted((k, v) for k, v in deal.items() if v is not None))
