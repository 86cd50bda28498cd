"""The 90 % rank interval: the 5th and 95th percentile of an area's rank over the draws.

Hand-computable cases pin the percentiles (numpy's linear interpolation), so an interval that is
narrowed (e.g. 10th-90th), widened, or taken from the wrong axis fails; and the published
frame must carry the interval exactly as the sensitivity run computed it, with the "uncertain"
flag at its documented width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import parse_profile, sensitivity
from indicators.sensitivity import SensitivityResult, _summarise
from usecases.ranking import WIDE_SHARE, _with_interval, run_ranking


def test_percentiles_of_twenty_one_draws_by_hand() -> None:
    """Ranks 1..21 in 21 draws: position 0.05 * 20 = 1 -> rank 2; 0.95 * 20 = 19 -> rank 20."""
    ranks = np.array([np.arange(1.0, 22.0), np.full(21, 7.0)])
    out = _summarise(np.array([11.0, 7.0]), ranks, top_n=5, cut=0.9)
    assert out["p05_rank"].tolist() == [2.0, 7.0]
    assert out["p95_rank"].tolist() == [20.0, 7.0]
    assert out["median_rank"].tolist() == [11.0, 7.0]
    assert out["p95_rank"][0] - out["p05_rank"][0] == 18.0  # the width of the 90 % interval


def test_interpolated_percentiles_by_hand() -> None:
    """Ten draws 1..10: positions 0.45 and 8.55 give 1.45 and 9.55 (linear interpolation)."""
    ranks = np.arange(1.0, 11.0)[np.newaxis, :]
    out = _summarise(np.array([5.0]), ranks, top_n=3, cut=0.9)
    assert out["p05_rank"][0] == pytest.approx(1.45)
    assert out["p95_rank"][0] == pytest.approx(9.55)
    assert out["median_rank"][0] == pytest.approx(5.5)


def test_interval_ignores_the_order_of_draws() -> None:
    rng = np.random.default_rng(1)
    ranks = rng.permutation(np.arange(1.0, 22.0))[np.newaxis, :]
    out = _summarise(np.array([1.0]), ranks, top_n=5, cut=0.9)
    assert (out["p05_rank"][0], out["p95_rank"][0]) == (2.0, 20.0)


def test_top_n_share_and_stability_by_hand() -> None:
    """In the top 5 in 5 of 21 draws (ranks 1..5): share 5/21, not stable at 0.9."""
    ranks = np.array([np.arange(1.0, 22.0), np.full(21, 2.0)])
    out = _summarise(np.array([3.0, 2.0]), ranks, top_n=5, cut=0.9)
    assert out["top_n_share"].tolist() == pytest.approx([5 / 21, 1.0])
    assert out["stable"].tolist() == [False, True]


def _sens(p05: list[float], p95: list[float]) -> SensitivityResult:
    frame = pd.DataFrame(
        {
            "id": [f"a{k}" for k in range(len(p05))],
            "rank": np.arange(1.0, len(p05) + 1),
            "median_rank": np.array(p05),
            "p05_rank": p05,
            "p95_rank": p95,
            "top_n_share": 0.0,
            "stable": False,
        }
    )
    return SensitivityResult(frame, 3, 0.9, 100, 1, 10.0, ())


def test_uncertain_flag_at_its_width() -> None:
    """Wide = spans at least max(3 places, 20 % of the ranked areas)."""
    frame = pd.DataFrame({"id": ["a0", "a1", "a2"]})
    narrow = _with_interval(frame, _sens([1, 1, 1], [3.9, 4.0, 3.0]), n_ranked=10)
    assert narrow["uncertain"].tolist() == [False, True, False]
    assert narrow["p05_rank"].tolist() == [1, 1, 1]
    assert narrow["p95_rank"].tolist() == [3.9, 4.0, 3.0]
    many = _with_interval(frame, _sens([1, 1, 1], [20.9, 21.0, 5.0]), n_ranked=100)
    assert WIDE_SHARE * 100 == 20.0
    assert many["uncertain"].tolist() == [False, True, False]


COLUMNS = ["i0", "i1", "i2"]


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    data = pd.DataFrame(rng.normal(50, 10, (30, 3)).round(1), columns=COLUMNS)
    data.insert(0, "id", [f"s{i:02d}" for i in range(30)])
    return data


def _profile():  # type: ignore[no-untyped-def]
    return parse_profile(
        {
            "name": "interval",
            "id_column": "id",
            "indicators": [
                {"column": c, "direction": "higher_is_worse", "weight": 1 + k}
                for k, c in enumerate(COLUMNS)
            ],
        }
    )


def test_published_interval_is_the_sensitivity_interval() -> None:
    """What the pages, API and CSV show is the run's 5th/95th percentile, not a narrower one."""
    table, profile = _table(), _profile()
    run = run_ranking(table, profile, "interval", draws=300, seed=11)
    direct = sensitivity(table, profile, draws=300, seed=11).frame
    assert run.frame["p05_rank"].tolist() == direct["p05_rank"].tolist()
    assert run.frame["p95_rank"].tolist() == direct["p95_rank"].tolist()
    width = run.frame["p95_rank"] - run.frame["p05_rank"]
    assert (width > 0).any(), "the weights should move some areas"
    expected = width >= max(3.0, WIDE_SHARE * run.result.n_ranked)
    assert run.frame["uncertain"].tolist() == expected.tolist()
