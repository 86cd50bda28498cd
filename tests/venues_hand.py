"""The hand-made 5 demand × 4 venue instance shared by the venue model tests.

NaN = unreachable pair. tests/data/venues/README.md gives the answers worked out by hand.
"""

from __future__ import annotations

import numpy as np

from venues import Problem

N = np.nan
COSTS = np.array(
    [
        [100, 600, 900, N],
        [500, 200, 800, 700],
        [700, 450, 550, N],
        [N, 800, 250, 400],
        [900, N, 650, 100],
    ],
    dtype=float,
)
DEMAND = ["d1", "d2", "d3", "d4", "d5"]
WEIGHTS = [10.0, 20.0, 30.0, 15.0, 25.0]
VENUES = ["A", "B", "C", "D"]


def hand(**options: object) -> Problem:
    return Problem.from_matrix(DEMAND, WEIGHTS, VENUES, COSTS, **options)  # type: ignore[arg-type]
