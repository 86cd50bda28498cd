"""The IMD preset reproduces the official English IMD 2025 for all 33,755 LSOAs.

Reference: tests/data/imd2025.csv (see tests/data/README.md). The official ranks contain a few
ties that the full-precision official ranking resolves; re-ranking them with average ranks is
what makes every score agree within 0.001 and every rank exactly.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from indicators import imd_profile, rank_areas

DATA = Path(__file__).parent / "data" / "imd2025.csv"


def test_reproduces_official_imd_scores_and_ranks() -> None:
    official = pd.read_csv(DATA)
    assert len(official) == 33_755
    result = rank_areas(official, imd_profile())
    assert np.abs(result.score - official["imd_score"].to_numpy()).max() <= 0.001
    np.testing.assert_array_equal(result.rank, official["imd_rank"].to_numpy())


def test_imd_weights_are_the_official_ones() -> None:
    profile = imd_profile()
    assert profile.domain_weights == {
        "income": 0.225, "employment": 0.225, "education": 0.135, "health": 0.135,
        "crime": 0.093, "barriers": 0.093, "living_env": 0.093,
    }  # fmt: skip
    assert not profile.normalise_weights
    assert {ind.direction for ind in profile.indicators} == {"lower_is_worse"}
