"""Demand × candidate walking costs as a sparse long table, for the venue location models.

Only pairs within the cutoff are returned: a resident 5 km from a fælleshus is not "covered" by
it in any model we run, and leaving those pairs out keeps a kommune-wide matrix small. The
method is always reported, because a straight-line estimate must be labelled as such in the UI.

Methods:
- "network": shortest walking distance on a loaded network layer (pgRouting), plus the distance
  from each point to its nearest edge.
- "straight_line": straight-line distance × a detour factor (default 1.3, a common average ratio
  of walking-route to crow-fly distance in towns). Used when no network covers the points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.queries.venue_routing import (
    TOLERANCE_M,
    NetworkLayer,
    count_far,
    find_network,
    network_distances,
)

WALK_SPEED_M_PER_MIN = 75.0  # 4.5 km/h
DETOUR_FACTOR = 1.3
DEFAULT_CUTOFF_M = 2000.0
FAR_FROM_NETWORK_M = 250.0
METHODS = ("auto", "network", "straight_line")
UNITS = ("m", "min")
PAIR_COLUMNS = ["demand_id", "candidate_id", "distance_m", "minutes", "cost"]


@dataclass(frozen=True)
class CostMatrix:
    """Reachable pairs plus how they were computed.

    `pairs` columns: demand_id (str), candidate_id (str), distance_m, minutes, and cost (the
    same value in `unit`). Pairs beyond `cutoff` are absent, which means "not reachable".
    """

    pairs: pd.DataFrame
    method: str  # "network" | "straight_line"
    unit: str
    cutoff: float
    speed_m_per_min: float
    detour_factor: float | None = None
    network_layer: str | None = None
    notes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """One sentence for the UI saying what the numbers are."""
        limit = f"{self.cutoff:g} {'m' if self.unit == 'm' else 'min'}"
        speed = f"{self.speed_m_per_min * 60 / 1000:g} km/h"
        if self.method == "network":
            how = f"walking distance along network '{self.network_layer}'"
        else:
            how = f"straight-line distance × {self.detour_factor:g} (no walking network used)"
        return f"{how}, up to {limit}, walking at {speed}"

    def dense(self, demand_ids: list[str], candidate_ids: list[str]) -> np.ndarray:
        """The matrix in the given order with `inf` for unreachable pairs (for small problems)."""
        out = np.full((len(demand_ids), len(candidate_ids)), np.inf)
        rows = pd.Index(demand_ids).get_indexer(self.pairs["demand_id"])
        cols = pd.Index(candidate_ids).get_indexer(self.pairs["candidate_id"])
        keep = (rows >= 0) & (cols >= 0)
        out[rows[keep], cols[keep]] = self.pairs["cost"].to_numpy()[keep]
        return out


def walking_costs(
    session: Session,
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    cutoff: float = DEFAULT_CUTOFF_M,
    unit: str = "m",
    speed_m_per_min: float = WALK_SPEED_M_PER_MIN,
    method: str = "auto",
    network_layer: str | None = None,
    detour_factor: float = DETOUR_FACTOR,
) -> CostMatrix:
    """Walking costs from every demand point to every candidate within `cutoff` (inclusive).

    `demand` needs demand_id, x, y; `candidates` needs candidate_id, x, y (EPSG:25832), as
    returned by `geodata.queries.venue_inputs`. method "auto" uses the network layer with most
    edges around the points (or `network_layer`) and falls back to straight lines without one.
    """
    _check(unit, method, cutoff, speed_m_per_min, detour_factor)
    cutoff_m = cutoff if unit == "m" else cutoff * speed_m_per_min
    layer = _network_for(session, demand, candidates, method, network_layer, cutoff_m)
    if layer is None:
        raw = straight_line_costs(demand, candidates, cutoff_m, detour_factor)
        notes: tuple[str, ...] = ()
        if method == "auto":
            notes = ("no walking network covers these venues",)
    else:
        raw = network_distances(session, layer.id, demand, candidates, cutoff_m)
        notes = _far_from_network(session, layer.id, demand, candidates)
    return CostMatrix(
        pairs=_finish(raw, unit, speed_m_per_min),
        method="straight_line" if layer is None else "network",
        unit=unit,
        cutoff=cutoff,
        speed_m_per_min=speed_m_per_min,
        detour_factor=detour_factor if layer is None else None,
        network_layer=None if layer is None else layer.name,
        notes=notes,
    )


def _network_for(
    session: Session,
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    method: str,
    name: str | None,
    cutoff_m: float,
) -> NetworkLayer | None:
    """The network to route on, None for straight lines; an error if "network" has none."""
    if method == "straight_line" or len(candidates) == 0 or len(demand) == 0:
        return None
    xy = candidates[["x", "y"]].to_numpy(dtype=np.float64)
    layer = find_network(session, xy, name, margin_m=cutoff_m)
    if layer is None and method == "network":
        raise GeodataError(
            "no walking network covers these venues; load one with `kvarterkort network load FILE`",
            key="venues.err.no_network",
        )
    return layer


def _far_from_network(
    session: Session, layer_id: int, demand: pd.DataFrame, candidates: pd.DataFrame
) -> tuple[str, ...]:
    """Warn when points are far from the network: their way onto it is a straight line."""
    notes = []
    for frame, word in ((demand, "demand points"), (candidates, "venues")):
        xy = frame[["x", "y"]].to_numpy(dtype=np.float64)
        far = count_far(session, layer_id, xy, FAR_FROM_NETWORK_M)
        if far:
            notes.append(f"{far} {word} lie more than {FAR_FROM_NETWORK_M:g} m from the network "
                         "(is the network extract large enough?)")  # fmt: skip
    return tuple(notes)


def straight_line_costs(
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    cutoff_m: float,
    detour_factor: float = DETOUR_FACTOR,
) -> pd.DataFrame:
    """demand_id, candidate_id, distance_m = straight line × detour, for pairs within cutoff_m."""
    empty = pd.DataFrame({"demand_id": pd.Series(dtype=str),
                          "candidate_id": pd.Series(dtype=str),
                          "distance_m": pd.Series(dtype=float)})  # fmt: skip
    if len(demand) == 0 or len(candidates) == 0:
        return empty
    d_tree = cKDTree(demand[["x", "y"]].to_numpy(dtype=np.float64))
    c_tree = cKDTree(candidates[["x", "y"]].to_numpy(dtype=np.float64))
    radius = (cutoff_m + TOLERANCE_M) / detour_factor
    found = d_tree.sparse_distance_matrix(c_tree, radius, output_type="ndarray")
    distance = found["v"] * detour_factor
    keep = distance <= cutoff_m + TOLERANCE_M
    return pd.DataFrame({
        "demand_id": demand["demand_id"].astype(str).to_numpy()[found["i"][keep]],
        "candidate_id": candidates["candidate_id"].astype(str).to_numpy()[found["j"][keep]],
        "distance_m": distance[keep],
    })  # fmt: skip


def _finish(raw: pd.DataFrame, unit: str, speed: float) -> pd.DataFrame:
    out = raw.assign(minutes=raw["distance_m"] / speed)
    out["cost"] = out["distance_m"] if unit == "m" else out["minutes"]
    return out.sort_values(["demand_id", "candidate_id"], ignore_index=True)[PAIR_COLUMNS]


def _check(unit: str, method: str, cutoff: float, speed: float, detour: float) -> None:
    if unit not in UNITS:
        raise GeodataError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    if method not in METHODS:
        raise GeodataError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if not cutoff > 0:
        raise GeodataError(f"the cutoff must be positive, got {cutoff:g}")
    if not speed > 0:
        raise GeodataError(f"the walking speed must be positive, got {speed:g} m/min")
    if not detour >= 1:
        raise GeodataError(f"the detour factor must be at least 1, got {detour:g}")
