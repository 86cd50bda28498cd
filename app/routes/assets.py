"""The public asset map: filters, shareable view, embed code, downloads, endorse and report.

Only approved assets are public, and every public output (map, page, API, download) comes from
geodata.queries.assets_public, which generalises people's skills to a 250 m grid.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.auth import optional_user, page
from app.deps import DB_SESSION
from app.params import DkLat, DkLon, NulFree, PathId, text_query
from app.routes import assets_admin, assets_admin_api, assets_auth, assets_photos, assets_submit
from app.routes.assets_common import (
    categories_for,
    generalise_m,
    lang_of,
    map_labels,
    map_response,
    parse_filter,
    parse_view,
    settings_of,
    with_labels,
)
from app.security import client_hash, csrf_protect, rate_limit
from geodata.assets_io import FORMATS, export_bytes
from geodata.db import session_scope
from geodata.errors import NotFoundError
from geodata.models_assets import CATEGORIES, REASON_MAX, User, category_label, subcategory_label
from geodata.queries.assets import photos_of
from geodata.queries.assets_auth import purge_client_data
from geodata.queries.assets_moderation import endorse, report
from geodata.queries.assets_public import area_options, asset_frame, public_asset, similar_assets
from mapping.assets_map import build_asset_map

log = logging.getLogger(__name__)


@asynccontextmanager
async def purge_on_startup(app: FastAPI) -> AsyncIterator[None]:
    """Forget client-IP hashes past their retention whenever the app starts."""
    settings = app.state.settings
    try:
        with session_scope(app.state.database_url) as session:
            purge_client_data(session, settings.ip_hash_retention_days)
    except Exception as exc:  # a missing or unmigrated database must not stop the app starting
        log.warning("asset purge at start-up skipped: %s", exc)
    yield


router = APIRouter(tags=["assets"], lifespan=purge_on_startup)
# The feature's other route modules hang off this one, so app.main lists only "assets".
for _part in (assets_submit, assets_photos, assets_admin, assets_admin_api, assets_auth):
    router.include_router(_part.router)
Category = Annotated[
    str | None,
    Query(max_length=20, description="ABCD category", json_schema_extra={"enum": [*CATEGORIES]}),
    NulFree,
]
Area = Annotated[str | None, text_query(80, "kind:code, e.g. sogn:8021"), NulFree]
Text = Annotated[str | None, text_query(100, "Text search"), NulFree]
Lat = Annotated[float | None, Query(ge=-90, le=90)]
Lon = Annotated[float | None, Query(ge=-180, le=180)]
Zoom = Annotated[int | None, Query(ge=3, le=19)]
GEOJSON = "application/geo+json"


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@router.get("/assets", response_class=HTMLResponse)
def assets_page(
    request: Request,
    category: Category = None,
    area: Area = None,
    q: Text = None,
    lat: Lat = None,
    lon: Lon = None,
    zoom: Zoom = None,
    db: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
) -> HTMLResponse:
    """The public map with filters and search, a list for keyboard and screen-reader users,
    the embed code and downloads; the URL keeps filters and view, so it can be shared."""
    flt = parse_filter(category, area, q)
    frame = with_labels(asset_frame(db, flt, generalise_m(request)), lang_of(request))
    filters = _query(category=category, area=area, q=q)
    map_qs = _query(category=category, area=area, q=q, lat=lat, lon=lon, zoom=zoom)
    embed = str(request.base_url).rstrip("/") + "/assets/embed?" + map_qs
    rows = frame.drop(columns="geometry").to_dict("records")
    return page(
        request,
        "assets/map.html",
        user,
        filters_qs=filters,
        map_qs=map_qs,
        category=category or "",
        area=area or "",
        q=q or "",
        embed_url=embed,
        categories=categories_for(lang_of(request)),
        areas=area_options(db),
        assets=rows,
        synthetic=bool(frame["synthetic"].any()) if len(frame) else False,
    )


def _map(
    request: Request,
    db: Session,
    category: str | None,
    area: str | None,
    q: str | None,
    view: Any,
    embed: bool,
) -> HTMLResponse:
    flt = parse_filter(category, area, q)
    frame = with_labels(asset_frame(db, flt, generalise_m(request)), lang_of(request))
    m = build_asset_map(
        frame,
        map_labels(request),
        lang_of(request),
        settings_of(request).map_tiles,
        view,
        "/assets/",
        "_blank" if embed else "_top",
        report_view=not embed,
    )
    return map_response(m)


@router.get("/assets/map", response_class=HTMLResponse, include_in_schema=False)
def assets_map(
    request: Request,
    category: Category = None,
    area: Area = None,
    q: Text = None,
    lat: Lat = None,
    lon: Lon = None,
    zoom: Zoom = None,
    db: Session = DB_SESSION,
) -> HTMLResponse:
    return _map(request, db, category, area, q, parse_view(lat, lon, zoom), embed=False)


@router.get("/assets/embed", response_class=HTMLResponse)
def assets_embed(
    request: Request,
    category: Category = None,
    area: Area = None,
    q: Text = None,
    lat: Lat = None,
    lon: Lon = None,
    zoom: Zoom = None,
    db: Session = DB_SESSION,
) -> HTMLResponse:
    """The map alone, for an iframe on another site (no navigation; links open a new tab)."""
    return _map(request, db, category, area, q, parse_view(lat, lon, zoom), embed=True)


@router.get("/assets/{asset_id:int}", response_class=HTMLResponse)
def asset_page(
    asset_id: PathId,
    request: Request,
    db: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
) -> HTMLResponse:
    """One public asset with its photos, endorse and report buttons."""
    row = public_asset(db, asset_id, generalise_m(request))
    if row is None:
        raise HTTPException(404, f"no public asset {asset_id}")
    lang = lang_of(request)
    row |= {
        "category_label": category_label(row["category"], lang),
        "subcategory_label": subcategory_label(row["category"], row["subcategory"], lang),
    }
    return page(
        request,
        "assets/detail.html",
        user,
        asset=row,
        photos=photos_of(db, asset_id, with_merged=True),
        endorsed=request.query_params.get("endorsed") == "1",
        reported=request.query_params.get("reported") == "1",
        reason_max=REASON_MAX,
    )


@router.post(
    "/assets/{asset_id:int}/endorse",
    dependencies=[
        Depends(csrf_protect),
        Depends(rate_limit("endorse", "rate_endorsements_per_hour")),
    ],
)
def endorse_form(asset_id: PathId, db: Session = DB_SESSION) -> RedirectResponse:
    endorse(db, asset_id)
    return RedirectResponse(f"/assets/{asset_id}?endorsed=1", status_code=303)


@router.post(
    "/assets/{asset_id:int}/report",
    dependencies=[Depends(csrf_protect), Depends(rate_limit("report", "rate_reports_per_hour"))],
)
def report_form(
    asset_id: PathId,
    request: Request,
    reason: Annotated[str, Form(min_length=3, max_length=REASON_MAX)],
    db: Session = DB_SESSION,
) -> RedirectResponse:
    report(
        db,
        asset_id,
        reason.strip(),
        client_hash(request),
        settings_of(request).report_hide_threshold,
    )
    return RedirectResponse(f"/assets/{asset_id}?reported=1", status_code=303)


# --- JSON API -------------------------------------------------------------------------------


class ReportIn(BaseModel):
    reason: Annotated[str, Field(min_length=3, max_length=REASON_MAX)]


@router.post(
    "/api/assets/{asset_id:int}/endorse",
    dependencies=[
        Depends(csrf_protect),
        Depends(rate_limit("endorse", "rate_endorsements_per_hour")),
    ],
)
def endorse_json(asset_id: PathId, db: Session = DB_SESSION) -> dict[str, int]:
    """Say "I know this one too" instead of adding a duplicate."""
    return {"id": asset_id, "endorsements": endorse(db, asset_id)}


@router.post(
    "/api/assets/{asset_id:int}/report",
    dependencies=[Depends(csrf_protect), Depends(rate_limit("report", "rate_reports_per_hour"))],
)
def report_json(
    asset_id: PathId, body: ReportIn, request: Request, db: Session = DB_SESSION
) -> dict[str, Any]:
    """Report a problem; at the configured number of reports the asset is hidden for review."""
    hidden = report(
        db,
        asset_id,
        body.reason.strip(),
        client_hash(request),
        settings_of(request).report_hide_threshold,
    )
    return {"id": asset_id, "hidden": hidden}


@router.get("/api/assets/similar")
def similar(
    request: Request,
    lat: DkLat = None,
    lon: DkLon = None,
    category: Category = None,
    title: Annotated[str | None, text_query(120), NulFree] = None,
    db: Session = DB_SESSION,
) -> list[dict[str, Any]]:
    """ "Is it one of these?": approved assets of the category within 75 m, or similar titles."""
    if category and category not in CATEGORIES:
        raise HTTPException(422, f"unknown category {category!r}")
    rows = similar_assets(db, generalise_m(request), lat, lon, category, title)
    lang = lang_of(request)
    return [
        r | {"category_label": category_label(r["category"], lang), "url": f"/assets/{r['id']}"}
        for r in rows
    ]


@router.get("/api/assets/categories")
def categories(request: Request) -> list[dict[str, Any]]:
    """The ABCD categories and subcategories with labels (?lang=en for English)."""
    return categories_for(lang_of(request))


@router.get("/api/assets/{asset_id:int}")
def asset_json(asset_id: PathId, request: Request, db: Session = DB_SESSION) -> dict[str, Any]:
    """One public asset (a skill's position is generalised to a 250 m grid cell)."""
    row = public_asset(db, asset_id, generalise_m(request))
    if row is None:
        raise NotFoundError(f"no public asset {asset_id}")
    return row


def _download(
    request: Request, db: Session, fmt: str, category: str | None, area: str | None, q: str | None
) -> Response:
    frame = with_labels(
        asset_frame(db, parse_filter(category, area, q), generalise_m(request)), lang_of(request)
    )
    media, suffix = FORMATS[fmt]
    return Response(
        export_bytes(frame, fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="kvarterkort-assets.{suffix}"'},
    )


@router.get("/api/assets", responses={200: {"content": {GEOJSON: {}}}})
def assets_geojson(
    request: Request,
    category: Category = None,
    area: Area = None,
    q: Text = None,
    db: Session = DB_SESSION,
) -> Response:
    """Approved assets as GeoJSON (EPSG:4326); personal assets generalised."""
    return _download(request, db, "geojson", category, area, q)


@router.get("/api/assets.csv", responses={200: {"content": {"text/csv": {}}}})
def assets_csv(
    request: Request,
    category: Category = None,
    area: Area = None,
    q: Text = None,
    db: Session = DB_SESSION,
) -> Response:
    """Approved assets as CSV with lon/lat and WKT; personal assets generalised."""
    return _download(request, db, "csv", category, area, q)
