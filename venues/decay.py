"""Distance decay for the MCLP: a venue 900 m away reaches fewer people than one at 200 m.

Coverage weight is 1 up to ``start`` (r0), then falls to ``end_weight`` at the radius r,
linearly or exponentially, and is 0 beyond r. With decay the MCLP maximises the decayed
coverage, each demand point counting at the weight of its nearest selected venue (the
"gradual covering" model); ``covered_weight`` still counts everything within r.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from venues.errors import InvalidInputError
from venues.problem import FloatArray

DecayKind = Literal["linear", "exponential"]


@dataclass(frozen=True)
class Decay:
    """Coverage-weight curve between ``start`` (weight 1) and the radius (``end_weight``)."""

    kind: DecayKind
    start: float
    end_weight: float = 0.0

    def validate(self, radius: float) -> None:
        if self.kind not in ("linear", "exponential"):
            raise InvalidInputError(
                f"decay kind must be 'linear' or 'exponential', got {self.kind!r}"
            )
        if not 0 <= self.start <= radius:
            raise InvalidInputError(
                f"decay start {self.start:g} must lie between 0 and r={radius:g}"
            )
        low = 0.0 if self.kind == "linear" else 1e-12
        if not low <= self.end_weight <= 1:
            need = "[0, 1]" if self.kind == "linear" else "(0, 1]"
            raise InvalidInputError(f"{self.kind} decay end_weight must be in {need}")

    def factors(self, cost: FloatArray, radius: float) -> FloatArray:
        """Coverage weight of each cost: 1 up to start, decaying to end_weight at radius."""
        span = radius - self.start
        t = np.clip((cost - self.start) / span, 0.0, 1.0) if span > 0 else np.zeros_like(cost)
        if self.kind == "linear":
            f = 1.0 - (1.0 - self.end_weight) * t
        else:
            f = np.power(self.end_weight, t)
        return np.where(cost <= radius, f, 0.0)
