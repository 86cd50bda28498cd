"""The venue finder's answer as frames: one row per demand point, one per candidate venue.

Split from usecases.venues (which runs the steps) so that the tables every view draws from
(page, map, report, exports) are built in one place; see FinderResult for the columns.
"""

from __future__ import annotations

import pandas as pd

from geodata.queries.venue_costs import CostMatrix
from venues import Result, RotationPlan


def demand_frame(demand: pd.DataFrame, costs: CostMatrix, result: Result) -> pd.DataFrame:
    out = demand.copy()
    out["venue"] = out["demand_id"].map(result.assignment)
    out["covered"] = out["venue"].notna()
    pairs = costs.pairs.set_index(["demand_id", "candidate_id"])
    key = pd.MultiIndex.from_arrays([out["demand_id"], out["venue"].fillna("")])
    for column in ("cost", "distance_m", "minutes"):
        out[column] = pairs[column].reindex(key).to_numpy()
    nearest = costs.pairs.sort_values(["cost", "candidate_id"]).drop_duplicates("demand_id")
    near = nearest.set_index("demand_id")
    out["nearest_venue"] = out["demand_id"].map(near["candidate_id"])
    out["nearest_cost"] = out["demand_id"].map(near["cost"])
    return out


def venue_frame(
    candidates: pd.DataFrame, demand: pd.DataFrame, costs: CostMatrix, result: Result,
    reach: float, plan: RotationPlan | None,
) -> pd.DataFrame:  # fmt: skip
    out = candidates.copy()
    ids = out["candidate_id"]
    order = {key: i + 1 for i, key in enumerate(_by_load(result))}
    out["selected"] = ids.isin(result.selected)
    out["order"] = ids.map(order).astype("Int64")
    weights = costs.pairs["demand_id"].map(demand.set_index("demand_id")["weight"]).fillna(0.0)
    within = costs.pairs[costs.pairs["cost"] <= reach].assign(weight=weights)
    out["reach"] = ids.map(within.groupby("candidate_id")["weight"].sum()).fillna(0.0)
    out["load"] = ids.map(result.venue_load).fillna(0.0)
    total = result.total_weight
    out["load_share"] = out["load"] / total if total > 0 else 0.0
    assigned = _assigned_pairs(costs, result, weights)
    for column, source in (("mean_m", "distance_m"), ("mean_min", "minutes")):
        out[column] = ids.map(_weighted_mean(assigned, source))
    out["week"] = ids.map(_weeks(plan)).astype("Int64")
    return out


def _by_load(result: Result) -> list[str]:
    """Selected venues, the one serving most first (ties by id): the table's reading order."""
    return sorted(result.selected, key=lambda k: (-result.venue_load.get(k, 0.0), k))


def _assigned_pairs(costs: CostMatrix, result: Result, weights: pd.Series) -> pd.DataFrame:
    pairs = costs.pairs.assign(weight=weights)
    venue = pairs["demand_id"].map(result.assignment)
    return pairs[pairs["candidate_id"] == venue]


def _weighted_mean(pairs: pd.DataFrame, column: str) -> pd.Series:
    grouped = pairs.assign(wx=pairs[column] * pairs["weight"]).groupby("candidate_id")
    sums = grouped[["wx", "weight"]].sum()
    return (sums["wx"] / sums["weight"]).where(sums["weight"] > 0)


def _weeks(plan: RotationPlan | None) -> dict[str, int]:
    if plan is None:
        return {}
    return {venue: week.week for week in plan.weeks for venue in week.venues}
