"""A ranking run as JSON, GeoJSON or CSV (API) and as export frames (CLI files).

All formats start from ``RankingRun.frame``, which has been through ``publishable``; nothing
here reads the engine's raw matrices, so no format can leak a small number.
"""

from __future__ import annotations

import json
import re
from typing import Any

import geopandas as gpd
import pandas as pd
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from shapely.geometry import mapping
from sqlalchemy.orm import Session

from app.downloads import table_response
from app.i18n import language
from app.params import Page, feature_page, list_fields
from app.routes.ranking_sources import profile_sources, with_source_columns
from geodata.queries.indicators import area_shapes
from geodata.tabular import frame_to_csv
from usecases.ranking import RankingRun
from usecases.ranking_db import RunParams, period_of
from usecases.ranking_text import export_frame

GEOJSON = "application/geo+json"
INTERVAL_COLUMNS = ("median_rank", "p05_rank", "p95_rank", "top_n_share", "stable", "uncertain")
TOP_COLUMNS = tuple(f"top{k}{s}" for k in (1, 2, 3) for s in ("", "_share"))


def negotiate(request: Request, requested: str | None) -> str:
    """``?format=`` wins; else the Accept header; else JSON."""
    if requested:
        return requested
    accept = request.headers.get("accept", "")
    if "application/geo+json" in accept:
        return "geojson"
    if "text/csv" in accept:
        return "csv"
    return "json"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: NaN and <NA> become null, numpy numbers plain numbers."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))  # type: ignore[no-any-return]


def map_columns(run: RankingRun) -> list[str]:
    """What a map feature carries: ranks, interval, top contributions, statutory status."""
    base = [run.id_column, "area_name", "score", "rank", "decile", "n_missing", "suppressed"]
    status = [c for c in run.frame.columns if c.endswith("__status")]
    wanted = [*base, *INTERVAL_COLUMNS, *TOP_COLUMNS, *status]
    return [c for c in wanted if c in run.frame.columns]


def geojson(run: RankingRun, shapes: gpd.GeoDataFrame) -> dict[str, Any]:
    """Area shapes with the map columns as properties, in the shapes' order."""
    props = run.frame[map_columns(run)].drop(columns=["area_name"], errors="ignore")
    joined = shapes[["area_code", "area_name", "geometry"]].merge(
        props, left_on="area_code", right_on=run.id_column, how="inner"
    )
    rows = records(joined.drop(columns=["geometry"]))
    features = [
        {"type": "Feature", "properties": row, "geometry": mapping(geom)}
        for row, geom in zip(rows, joined.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def respond(
    request: Request,
    session: Session,
    run: RankingRun,
    table: pd.DataFrame,
    params: RunParams,
    requested: str | None,
    page: Page,
) -> Response:
    """The run in the negotiated format. A run is a computed answer: JSON pages its `areas`
    and GeoJSON its features (`page`, with next links); CSV and Excel are whole files."""
    kind = negotiate(request, requested)
    if kind in ("csv-da", "xlsx"):
        lang = language(request, request.app.state.settings.default_language)
        stem = f"ranking-{run.key}-{period_of(table)}"
        frame = with_source_columns(
            export_frame(run), session, run, params.area_kind, period_of(table), lang
        )
        return table_response(frame, kind, stem, lang, sheet="Ranking")
    if kind == "csv":
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"ranking-{run.key}-{period_of(table)}.csv")
        plain = with_source_columns(
            export_frame(run), session, run, params.area_kind, period_of(table)
        )
        return Response(
            frame_to_csv(plain),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    if kind == "geojson":
        body = geojson(run, area_shapes(session, params.area_kind))
        body["features"], total = page.slice(body["features"])
        return feature_page(request, page, body, total)
    frame = export_frame(run)
    rows = records(frame.iloc[page.offset : page.offset + page.limit])
    summary = {
        **run.summary(),
        "area_kind": params.area_kind,
        "period": period_of(table),
        "overrides": params.overrides.model_dump(exclude_defaults=True),
        "sources": profile_sources(session, run, params.area_kind, period_of(table)),
        "areas": rows,
        **list_fields(request, page, len(rows), len(frame)),
    }
    return JSONResponse(summary, headers=page.headers())
