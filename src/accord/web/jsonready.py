"""Answers made fit for JSON, which has neither infinity nor NaN.

The library's numbers can be infinite (no deal, an open bound) or NaN; the web
app writes them as ``null`` rather than as JSON no parser reads back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["json_ready"]


def json_ready(value: Any) -> Any:
    """``value`` with every infinity or NaN written as ``None`` (JSON has neither).

    Examples
    --------
    >>> json_ready({"a": [1.0, float("inf")], "b": float("nan")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value
