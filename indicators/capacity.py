"""Need x capacity (the ABCD view): where is need high and local capacity low?

Asset-Based Community Development asks not only where need is, but where there are assets
(approved assets, associations, venues) to build on. Capacity per area is the *sum* of the
capacity columns, each per 1,000 residents ("facilities per 1,000 residents"), so it stays
interpretable. Both axes are split at a quantile (median by default) or a fixed value; an area
is "high" only when strictly above the split, so with an odd number of areas the median area
counts as low.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.errors import DataError
from indicators.inputs import area_ids, numeric_matrix, require_columns
from indicators.ranking import RankingResult

CAPACITY_COLUMNS = ("assets_per_1000", "associations_per_1000", "venues_per_1000")
LABELS = {
    "high_need_low_capacity": ("Højt behov, lav kapacitet", "High need, low capacity"),
    "high_need_high_capacity": ("Højt behov, høj kapacitet", "High need, high capacity"),
    "low_need_low_capacity": ("Lavt behov, lav kapacitet", "Low need, low capacity"),
    "low_need_high_capacity": ("Lavt behov, høj kapacitet", "Low need, high capacity"),
}


def per_1000(counts: pd.Series, residents: pd.Series) -> pd.Series:
    """Counts per 1,000 residents; NaN where there are no residents."""
    residents = residents.astype(float)
    return counts.astype(float) * 1000.0 / residents.where(residents > 0)


def need_capacity(
    need: RankingResult | pd.Series,
    capacity: pd.DataFrame,
    id_column: str,
    capacity_columns: Sequence[str] = CAPACITY_COLUMNS,
    *,
    need_quantile: float = 0.5,
    capacity_quantile: float = 0.5,
    need_split: float | None = None,
    capacity_split: float | None = None,
) -> pd.DataFrame:
    """Classify areas into the 2 x 2 need/capacity grid.

    ``need`` is a ranking result or a Series of need scores indexed by area id; ``capacity`` has
    ``id_column`` and the per-1,000 capacity columns. A fixed ``*_split`` overrides the quantile.
    Columns: id, need, capacity, need_high, capacity_high, quadrant, label_da, label_en.
    """
    scores = _need_series(need)
    ids = area_ids(capacity, id_column, "Need x capacity")
    require_columns(capacity, capacity_columns, "Need x capacity")
    cap = pd.Series(numeric_matrix(capacity, list(capacity_columns)).sum(axis=1), index=ids)
    unknown = ids.difference(scores.index)
    if len(unknown):
        raise DataError(f"capacity has areas without a need score: {list(unknown[:10])}")
    need_values = scores.reindex(ids).to_numpy(dtype=float)
    need_cut = _split(need_values, need_quantile, need_split)
    cap_cut = _split(cap.to_numpy(), capacity_quantile, capacity_split)
    need_high = need_values > need_cut
    cap_high = cap.to_numpy() > cap_cut
    quadrant = np.where(
        need_high,
        np.where(cap_high, "high_need_high_capacity", "high_need_low_capacity"),
        np.where(cap_high, "low_need_high_capacity", "low_need_low_capacity"),
    )
    unknown_rows = np.isnan(need_values) | np.isnan(cap.to_numpy())
    quadrant = quadrant.astype(object)
    quadrant[unknown_rows] = None
    return pd.DataFrame(
        {
            id_column: ids.to_numpy(),
            "need": need_values,
            "capacity": cap.to_numpy(),
            "need_high": need_high,
            "capacity_high": cap_high,
            "quadrant": quadrant,
            "label_da": [LABELS[q][0] if q else None for q in quadrant],
            "label_en": [LABELS[q][1] if q else None for q in quadrant],
        }
    )


def _need_series(need: RankingResult | pd.Series) -> pd.Series:
    if isinstance(need, RankingResult):
        return pd.Series(need.score, index=need.ids)
    return need.astype(float)


def _split(values: np.ndarray, quantile: float, fixed: float | None) -> float:
    if fixed is not None:
        return fixed
    if not 0 < quantile < 1:
        raise DataError(f"split quantile must be between 0 and 1, got {quantile}")
    return float(np.nanquantile(values, quantile))
