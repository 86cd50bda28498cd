"""Reach of an activity project (issue 11, items 3 and 4): who the offers reach, and where.

reach_table sets each estate's and boligområde's visits per 1,000 residents beside its need
score from a ranking profile, and picks out high need with low reach. When the project has its
own area (e.g. postnummer 9210 Aalborg SØ) the rows, and so the thirds of the flag rule, are only
the estates and boligområder inside it: a planner of one neighbourhood is not sent to another.
venue_feedback sets each venue's observed attendance beside the catchment the venue finder
predicts, and shows how far participants whose home is known walked. Routes, the report page
and the API all call these, so the map, the table and the JSON agree.

The need score comes from the ranking engine run on the loaded areas (boligområder when they have
indicator values, else sogne), exactly as the ranking pages score them; an estate, which has no
indicator values of its own, takes the score of the area that holds its interior point, and the
table says which (need_code, need_name).
"""

from __future__ import annotations

import math
from datetime import date
from urllib.parse import quote, urlencode

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.queries import activities_reach as q
from geodata.queries.activities import ProjectRow
from geodata.queries.indicators import area_indicator_table, latest_period
from geodata.queries.ranking import area_credits, ranked_area_kinds, synthetic_sources
from geodata.queries.venue_catchments import walking_catchments
from geodata.queries.venue_routing import find_network, network_distances
from indicators import DataError, rank_areas
from usecases.venues import FinderRequest, ProfileResolver, builtin_profile

DEFAULT_PROFILE = "sundt_og_aktivt_lokalomraade"  # the ranking pages' and venue finder's default
NEED_KINDS = ("boligområde", "sogn")  # the ranking's area kind, best first
REACH_COLUMNS = (
    "area_kind", "area_id", "code", "name", "residents", "visits", "per_1000",
    "need_score", "need_rank", "high_need_low_reach", "synthetic",
)  # fmt: skip
# Distance bands (metres) of observed walks; the last is open.
BAND_EDGES = (0.0, 250.0, 500.0, 1000.0, 2000.0, math.inf)
BAND_LABELS = ("0-250", "250-500", "500-1000", "1000-2000", "2000+")
METHODS = ("network", "straight_line")


def reach_map_url(code: str, year: int, profile: str | None, as_of: date | None = None) -> str:
    """The URL of the reach map frame (the report page embeds it in an iframe), counted to the
    same day as the table beside it: a quarterly status shows the map as of the quarter's end."""
    query: dict[str, str | int] = {"year": year}
    if as_of is not None:
        query["as_of"] = as_of.isoformat()
    if profile:
        query["profile"] = profile
    return f"/activities/{quote(code, safe='')}/reach/map?{urlencode(query)}"


def reach_table(
    db: Session,
    project: ProjectRow,
    year: int,
    profile: str | None,
    as_of: date,
    *,
    resolve: ProfileResolver = builtin_profile,
) -> pd.DataFrame:
    """One row per estate and boligområde of the project's area, or of its kommune when it has
    no area of its own (REACH_COLUMNS, then
    need_code/need_name/need_kind and `geom`, simplified WGS84 WKB for the map: see
    reach_geoframe), high need with low reach first.

    ``resolve`` turns a profile key into a profile: built-in profiles by default; the web routes
    pass the ranking pages' resolver so saved profiles work too.
    """
    units = q.reach_units(db, project.kommune_code, project.area_id)
    visits = q.visits_by_home(db, project.id, year, as_of)
    frame = units.merge(visits, on=["area_kind", "area_id"], how="left")
    frame["visits"] = frame["visits"].fillna(0).astype(int)
    frame["residents"] = frame["residents"].astype("Int64")
    frame["per_1000"] = per_1000(frame["visits"], frame["residents"])
    frame = frame.merge(_need(db, project, profile or DEFAULT_PROFILE, resolve),
                        on=["area_kind", "area_id"], how="left")  # fmt: skip
    frame["high_need_low_reach"] = high_need_low_reach(frame["need_rank"], frame["per_1000"])
    frame["synthetic"] = frame.pop("layer_synthetic").astype(bool) | project.synthetic
    frame = frame.sort_values(["high_need_low_reach", "need_rank", "name"],
                              ascending=[False, True, True], na_position="last")  # fmt: skip
    extra = ["need_code", "need_name", "need_kind", "geom"]
    return frame[[*REACH_COLUMNS, *extra]].reset_index(drop=True)


def reach_geoframe(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """The reach table as a GeoDataFrame in EPSG:4326 (what mapping/activities_map draws)."""
    shapes = gpd.GeoSeries.from_wkb(table["geom"], crs=4326)
    return gpd.GeoDataFrame(table.drop(columns=["geom"]), geometry=shapes, crs=4326)


def per_1000(visits: pd.Series, residents: pd.Series) -> pd.Series:
    """Visits per 1,000 residents; none where residents are unknown or zero."""
    known = residents.astype("Float64").where(residents.astype("Float64") > 0)
    return (visits.astype(float) / known * 1000.0).astype(float)


def high_need_low_reach(need_rank: pd.Series, per: pd.Series) -> pd.Series:
    """Need in the top third (the lowest need ranks) and reach in the bottom third, each third
    taken among the table's rows that have a value (ties share a place, so a third can hold
    more rows). Rows without a need rank or without residents are never flagged."""
    need = pd.to_numeric(need_rank, errors="coerce")
    reach = pd.to_numeric(per, errors="coerce")
    top = need.rank(method="min") <= math.ceil(need.notna().sum() / 3)
    low = reach.rank(method="min") <= math.ceil(reach.notna().sum() / 3)
    return (top & low & need.notna() & reach.notna()).astype(bool)


def need_kind(db: Session) -> str:
    """The area kind the need ranking runs on: boligområder when they carry indicators."""
    ranked = ranked_area_kinds(db)
    for kind in NEED_KINDS:
        if kind in ranked:
            return kind
    raise GeodataError("no boligområder or sogne with indicator values are loaded, so there is "
                       "no need score to set reach beside", key="reach.err.no_need")  # fmt: skip


def _need(db: Session, project: ProjectRow, key: str, resolve: ProfileResolver) -> pd.DataFrame:
    """need_score and need_rank for each estate/boligområde, from the area that holds it."""
    kind = need_kind(db)
    profile = resolve(db, key)
    table = area_indicator_table(db, kind)
    missing = [c for c in profile.columns if c not in table.columns]
    if missing:
        examples = ", ".join(missing[:3])
        raise DataError(f"profile '{key}' cannot run on the loaded data: {len(missing)} "
                        f"indicator(s) missing, e.g. {examples}", key="ranking.err.unavailable",
                        profile=key, n=len(missing), examples=examples)  # fmt: skip
    ranked = rank_areas(table, profile)
    scores = pd.DataFrame({"need_code": ranked.ids.astype(str), "need_score": ranked.score,
                           "need_rank": ranked.rank})  # fmt: skip
    where = q.containing_areas(db, project.kommune_code, kind, project.area_id)
    where = where.merge(scores, on="need_code", how="left")
    where["need_rank"] = where["need_rank"].astype("Int64")
    where["need_kind"] = kind
    return where


def provenance(db: Session, project: ProjectRow, kind: str) -> tuple[list[str], list[str]]:
    """(synthetic sources, credit lines) behind a reach map: the estates' and boligområder's
    layers, the need ranking's areas and indicators, and the project itself when synthetic."""
    period = latest_period(db, kind)
    layers = q.unit_layers(db, project.kommune_code, project.area_id)
    synthetic = [name for name, fake, _ in layers if fake] + synthetic_sources(db, kind, period)
    credits = [c for _, _, c in layers if c] + area_credits(db, kind, period)
    if project.synthetic:
        synthetic.append(project.name)
    return sorted(set(synthetic)), sorted(set(credits))


# --- venue feedback ------------------------------------------------------------------------


def venue_feedback(
    db: Session, project: ProjectRow, year: int, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(per-venue frame, distance-band frame, method "network" | "straight_line").

    Per venue: sessions, visits, unique participants, the residents within the venue finder's
    walking distance (its default radius, on the network where one is loaded) and visits per 100
    of them. Bands: visits whose home estate or area is known, by walking distance from the
    home's interior point to the session's place.
    """
    venues = q.venue_visits(db, project.id, year, as_of)
    reach = FinderRequest().reach
    venues["catchment_m"] = reach
    shapes = [None if pd.isna(k) else _catchment(db, str(k), reach) for k in venues["venue_key"]]
    residents = q.residents_within(db, shapes)
    keys = venues["venue_key"]
    venues["catchment_residents"] = [
        None if pd.isna(k) else (n or 0) for k, n in zip(keys, residents, strict=True)
    ]
    known = venues["catchment_residents"].astype("Float64")
    venues["per_100"] = (venues["visits"] / known.where(known > 0) * 100.0).astype(float)
    pairs = q.home_place_pairs(db, project.id, year, as_of)
    distances, method = walk_distances(db, pairs)
    return venues, distance_bands(distances, pairs["visits"]), method


def _catchment(db: Session, venue_key: str, reach: float) -> bytes | None:
    """The venue finder's walking catchment of the venue (WGS84 WKB), None when it has none."""
    geom = walking_catchments(db, venue_key, reach).geometry.iloc[0]
    return None if geom is None else bytes(shapely.to_wkb(geom))


def walk_distances(db: Session, pairs: pd.DataFrame) -> tuple[pd.Series, str]:
    """Distance of each (home, place) pair: on the walking network where one covers them (a pair
    the network does not join within the last band's start counts as that far), else straight."""
    if pairs.empty:
        return pd.Series([], dtype=float), "straight_line"
    homes = _points(pairs, "home_id", "hx", "hy").rename(columns={"id": "demand_id"})
    places = _points(pairs, "place_id", "px", "py").rename(columns={"id": "candidate_id"})
    xy = np.vstack([homes[["x", "y"]].to_numpy(), places[["x", "y"]].to_numpy()])
    layer = find_network(db, xy, margin_m=BAND_EDGES[-2])
    if layer is None:
        return pairs["straight_m"].astype(float), "straight_line"
    found = network_distances(db, layer.id, homes, places, BAND_EDGES[-2])
    on = pairs[["home_id", "place_id"]].merge(
        found, left_on=["home_id", "place_id"], right_on=["demand_id", "candidate_id"], how="left"
    )
    return on["distance_m"].fillna(math.inf).astype(float).set_axis(pairs.index), "network"


def _points(pairs: pd.DataFrame, key: str, x: str, y: str) -> pd.DataFrame:
    out = pairs[[key, x, y]].drop_duplicates(key)
    return out.set_axis(["id", "x", "y"], axis=1).reset_index(drop=True)


def distance_bands(distances: pd.Series, visits: pd.Series) -> pd.DataFrame:
    """Visits per distance band (BAND_LABELS) and each band's share of the known visits."""
    bands = pd.cut(distances, list(BAND_EDGES), labels=list(BAND_LABELS), right=False)
    sums = visits.astype(int).groupby(bands, observed=False).sum()
    sums = sums.reindex(list(BAND_LABELS), fill_value=0).astype(int)
    total = int(sums.sum())
    share = sums / total if total else sums.astype(float) * 0.0
    return pd.DataFrame({"band": list(BAND_LABELS), "visits": sums.to_numpy(),
                         "share": share.to_numpy(dtype=float)})  # fmt: skip
