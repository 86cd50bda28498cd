"""Small typed numpy helpers shared by the models (so mypy sees float arrays, not Any)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from venues.problem import FloatArray, IntArray


def wsum(index: ArrayLike, weights: ArrayLike | None, size: int) -> FloatArray:
    """``np.bincount`` with weights as a float array of exactly ``size`` entries."""
    out = np.bincount(np.asarray(index, dtype=np.int64), weights=weights, minlength=size)
    return np.asarray(out, dtype=np.float64)


def ranges(starts: ArrayLike, lens: ArrayLike) -> IntArray:
    """Concatenated ``range(s, s + l)`` for each (s, l), without a Python loop."""
    s = np.asarray(starts, dtype=np.int64)
    n = np.asarray(lens, dtype=np.int64)
    offsets = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
    return np.repeat(s, n) + offsets
