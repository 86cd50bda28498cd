"""Demand points and candidate venues for the venue finder, as plain pandas frames (EPSG:25832).

This is the data side of "which venues reach the most of our target residents on foot": who the
target residents are and where they live (demand, with weights), and which existing rooms could
host the offer (candidates that pass the coordinator's requirements). No optimisation here; the
models in `venues/` take these frames plus a cost table from `venue_costs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.queries.venue_eligibility import Eligibility, available, parse_window

__all__ = ["TARGETS", "Eligibility", "StudyArea", "candidate_venues", "demand_points"]

TARGETS = ("residents", "65+", "almene boliger", "need")
ESTATE_MODES = ("cells", "estates")
DEMAND_COLUMNS = ["demand_id", "weight", "x", "y"]
CANDIDATE_COLUMNS = ["candidate_id", "name", "type", "capacity", "step_free", "kitchen",
                     "bookable", "address", "contact", "availability", "synthetic",
                     "synthetic_fields", "x", "y"]  # fmt: skip
# The attributes a booking depends on; all of them count as synthetic in a synthetic layer.
DETAIL_FIELDS = ("capacity", "step_free", "kitchen", "availability", "bookable", "owner",
                 "contact")  # fmt: skip


@dataclass(frozen=True)
class StudyArea:
    """An area (kind + code, e.g. postnummer 9210) the search is limited to.

    Demand is taken strictly inside the area: those are the residents the team is there for.
    Candidates may lie up to `buffer_m` outside it, because a venue across the boundary road
    can still be the nearest one for people inside.
    """

    kind: str
    code: str
    buffer_m: float = 0.0


def demand_points(
    session: Session,
    target: str = "residents",
    *,
    area: StudyArea | None = None,
    need_scores: Mapping[str, float] | None = None,
    need_area_kind: str = "sogn",
    estates_as: str = "cells",
) -> pd.DataFrame:
    """Weighted demand points: demand_id (str), weight (float > 0), x, y.

    target "residents": grid cells weighted by residents; "65+": by residents aged 65+;
    "almene boliger": residents of social housing, as the grid cells touching an estate
    (`estates_as="cells"`, weight = the cell's residents, an upper bound) or one point per
    estate at its representative point (`estates_as="estates"`, weight = estate residents);
    "need": cells weighted by residents × the need score of the `need_area_kind` area they lie
    in (`need_scores`: area code → score, computed by the ranking engine). Zero weights are
    dropped, since they cannot change any model's answer.
    """
    if target not in TARGETS:
        raise GeodataError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    area_id = _area_id(session, area) if area else None
    if target == "almene boliger":
        if estates_as not in ESTATE_MODES:
            raise GeodataError(f"estates_as must be one of {', '.join(ESTATE_MODES)}")
        frame = _estate_demand(session, area_id, estates_as)
    elif target == "need":
        frame = _need_demand(session, area_id, need_scores, need_area_kind)
    else:
        weight = "residents_65plus" if target == "65+" else "residents"
        frame = _cell_demand(session, area_id, weight)
    return _clean(frame)


def _area_id(session: Session, area: StudyArea) -> int:
    row = session.execute(
        text("SELECT id FROM areas WHERE kind = :kind AND code = :code"),
        {"kind": area.kind, "code": area.code},
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no area of kind '{area.kind}' with code '{area.code}'")
    return int(row.id)


# Demand SQL pieces; the weight column comes from this fixed whitelist only.
CELL_WEIGHTS = {"residents": "c.residents", "residents_65plus": "c.residents_65plus"}
IN_AREA = "(CAST(:area_id AS integer) IS NULL OR EXISTS (SELECT 1 FROM areas a " \
          "WHERE a.id = :area_id AND ST_Intersects(a.geom, {point})))"  # fmt: skip


def _cell_demand(session: Session, area_id: int | None, weight: str) -> pd.DataFrame:
    if weight == "residents_65plus":
        has_older = session.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM population_cells WHERE residents_65plus IS NOT NULL)"
            )
        ).scalar_one()
        if not has_older:
            raise GeodataError("the population grid has no counts of residents aged 65+ "
                               "(load a raster with a second band)",
                               key="venues.err.no_65plus")  # fmt: skip
    sql = (
        f"SELECT c.cell_id AS demand_id, {CELL_WEIGHTS[weight]} AS weight, "  # noqa: S608 -- fixed fragments
        f"ST_X(c.geom) AS x, ST_Y(c.geom) AS y FROM population_cells c "
        f"WHERE {IN_AREA.format(point='c.geom')}"
    )
    return _frame(session, sql, {"area_id": area_id})


def _estate_demand(session: Session, area_id: int | None, mode: str) -> pd.DataFrame:
    if mode == "estates":
        sql = (
            "SELECT e.boligorganisation || ':' || e.afdeling_nr AS demand_id, "  # noqa: S608 -- fixed fragments
            "e.residents AS weight, ST_X(p.geom) AS x, ST_Y(p.geom) AS y FROM estates e "
            "CROSS JOIN LATERAL (SELECT ST_PointOnSurface(e.geom) AS geom) p "
            f"WHERE {IN_AREA.format(point='p.geom')}"
        )
    else:
        sql = (
            "SELECT c.cell_id AS demand_id, c.residents AS weight, "  # noqa: S608 -- fixed fragments
            "ST_X(c.geom) AS x, ST_Y(c.geom) AS y FROM population_cells c "
            "WHERE EXISTS (SELECT 1 FROM estates e WHERE "
            "  ST_Intersects(e.geom, ST_Expand(c.geom, c.cell_size / 2))) "
            f"AND {IN_AREA.format(point='c.geom')}"
        )
    return _frame(session, sql, {"area_id": area_id})


def _need_demand(
    session: Session,
    area_id: int | None,
    scores: Mapping[str, float] | None,
    area_kind: str,
) -> pd.DataFrame:
    if not scores:
        raise GeodataError("target 'need' needs need_scores: a mapping of area code to score")
    values = np.asarray(list(scores.values()), dtype=np.float64)
    if not np.isfinite(values).all() or (values < 0).any():
        raise GeodataError("need scores must be finite numbers ≥ 0")
    matched = session.execute(
        text(
            "SELECT count(*) FROM areas WHERE kind = :kind AND code = ANY(CAST(:codes AS text[]))"
        ),
        {"kind": area_kind, "codes": list(scores)},
    ).scalar_one()
    if not matched:
        raise NotFoundError(f"none of the {len(scores)} scored area codes is an area of kind "
                            f"'{area_kind}'; pass need_area_kind")  # fmt: skip
    sql = (
        "SELECT c.cell_id AS demand_id, c.residents * s.score AS weight, "  # noqa: S608 -- fixed fragments
        "ST_X(c.geom) AS x, ST_Y(c.geom) AS y FROM population_cells c "
        "CROSS JOIN LATERAL (SELECT a.code FROM areas a WHERE a.kind = :kind "
        "  AND ST_Intersects(a.geom, c.geom) ORDER BY a.code LIMIT 1) n "
        "JOIN unnest(CAST(:codes AS text[]), CAST(:scores AS float8[])) AS s(code, score) "
        "  ON s.code = n.code "
        f"WHERE {IN_AREA.format(point='c.geom')}"
    )
    params = {"area_id": area_id, "kind": area_kind, "codes": list(scores),
              "scores": values.tolist()}  # fmt: skip
    return _frame(session, sql, params)


def _frame(session: Session, sql: str, params: dict[str, object]) -> pd.DataFrame:
    rows = session.execute(text(sql), params).all()
    return pd.DataFrame(rows, columns=DEMAND_COLUMNS)


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({"demand_id": str, "weight": float, "x": float, "y": float})
    frame = frame[frame["weight"].fillna(0) > 0]
    return frame.sort_values("demand_id", ignore_index=True)


def candidate_venues(
    session: Session,
    eligibility: Eligibility | None = None,
    *,
    area: StudyArea | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Venues that meet every requirement: candidate_id (venue_key), name, type, capacity,
    step_free, kitchen, bookable, address, contact, availability (free times by weekday),
    synthetic (the venue's layer is synthetic), synthetic_fields (the invented attributes: all
    of DETAIL_FIELDS in a synthetic layer, those the venue names on a real one), x, y.

    A requirement on an unknown value excludes the venue (capacity NULL fails "≥ 30", no
    availability fails "free on Tuesdays"): the list is what can be booked with confidence.
    `bbox` (WGS84) narrows to venues inside it; `limit`/`offset` give one page in key order, in
    SQL, except when free times are asked for: those are read from each venue's availability
    here, so the page is cut after them.
    """
    rules = eligibility or Eligibility()
    rules.validate()
    area_id = _area_id(session, area) if area else None
    by_time = bool(rules.weekdays or rules.time_window)
    page = "" if limit is None or by_time else " LIMIT :limit OFFSET :offset"
    inside = "" if bbox is None else (
        " AND ST_Intersects(v.geom, "
        "ST_Transform(ST_MakeEnvelope(:bx0, :by0, :bx1, :by1, 4326), 25832))"
    )  # fmt: skip
    sql = (
        "SELECT v.venue_key AS candidate_id, v.name, v.type, v.capacity, v.step_free, "  # noqa: S608 -- fixed fragments, values bound
        "v.kitchen, v.bookable, v.availability, v.address, v.contact, "
        "v.synthetic_fields, l.synthetic, "
        "ST_X(v.geom) AS x, ST_Y(v.geom) AS y "
        "FROM venues v JOIN layers l ON l.id = v.layer_id WHERE "
        "(CAST(:types AS text[]) IS NULL OR v.type = ANY(CAST(:types AS text[]))) "
        "AND (NOT :step_free OR v.step_free IS TRUE) AND (NOT :kitchen OR v.kitchen IS TRUE) "
        "AND (NOT :bookable OR v.bookable IS TRUE) "
        "AND (CAST(:capacity AS integer) IS NULL OR v.capacity >= :capacity) "
        "AND (CAST(:area_id AS integer) IS NULL OR EXISTS (SELECT 1 FROM areas a "
        f"  WHERE a.id = :area_id AND ST_DWithin(a.geom, v.geom, :buffer))){inside} "
        f"ORDER BY v.venue_key, v.id{page}"
    )
    params = {
        "types": list(rules.types) or None, "step_free": rules.step_free,
        "kitchen": rules.kitchen, "bookable": rules.bookable_only,
        "capacity": rules.min_capacity, "area_id": area_id,
        "buffer": area.buffer_m if area else 0.0, "limit": limit, "offset": offset,
        **dict(zip(("bx0", "by0", "bx1", "by1"), bbox or (), strict=False)),
    }  # fmt: skip
    rows = session.execute(text(sql), params).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=CANDIDATE_COLUMNS)
    frame["synthetic_fields"] = [
        list(DETAIL_FIELDS) if layer else list(own or [])
        for layer, own in zip(frame["synthetic"], frame["synthetic_fields"], strict=True)
    ]
    window = parse_window(rules.time_window) if rules.time_window else None
    if rules.weekdays or window:
        ok = [available(a, rules.weekdays, window) for a in frame["availability"]]
        frame = frame[np.asarray(ok, dtype=bool)]
        if limit is not None:
            frame = frame.iloc[offset : offset + limit]
    return frame[CANDIDATE_COLUMNS].reset_index(drop=True)
