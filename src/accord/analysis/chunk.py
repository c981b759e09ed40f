"""A chunk of evaluated deals: what every pass over the deal space hands its work.

A chunk is a block of rows, one per deal or per class of interchangeable
deals (:mod:`accord.analysis.classes`): each row's utilities, whether it is
feasible, which deal it stands for and how many deals share it.

Examples
--------
>>> import numpy as np
>>> c = Chunk(np.zeros((3, 2)), np.ones(3, dtype=bool), start=10)
>>> c.labels(np.array([0, 2])).tolist(), c.weights.tolist()
([10, 12], [1, 1, 1])
>>> c = Chunk(np.zeros((2, 2)), np.ones(2, dtype=bool), index=np.array([4, 9]),
...           count=np.array([100, 7]))
>>> c.labels(np.array([1])).tolist(), c.weights.tolist()
([9], [100, 7])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Chunk"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Chunk:
    """Rows of evaluated deals.

    Attributes
    ----------
    utilities
        ``(rows, actors)``; NaN where a row is infeasible.
    feasible
        ``(rows,)``: whether the row's deals break no constraint.
    start
        With ``index`` left out, row ``r`` is the deal ``start + r``.
    index
        Otherwise, the deal each row stands for (the lowest of its class).
    count
        How many deals each row stands for (one each when left out).
    """

    utilities: FloatArray
    feasible: BoolArray
    start: int = 0
    index: IntArray | None = None
    count: IntArray | None = None

    def __len__(self) -> int:
        return int(self.feasible.shape[0])

    def labels(self, rows: IntArray) -> IntArray:
        """The deal index of each of ``rows``."""
        return rows + self.start if self.index is None else self.index[rows]

    @property
    def weights(self) -> IntArray:
        """How many deals each row stands for."""
        if self.count is None:
            return np.ones(len(self), dtype=np.int64)
        return self.count
