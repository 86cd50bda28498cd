"""The public asset map: filters, shareable view, embed code, downloads, endorse and report.

Only approved assets are public, and every public output (map, page, API, download) comes from
geodata.queries.assets_public, which generalises people's skills to a 250 m grid.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import geopandas as gpd
from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.auth import optional_user, page
from app.deps import DB_SESSION
from app.downloads import TableFormat, table_response
from app.openapi import XLSX
from app.params import DkLat, DkLon, NulFree, PathId, feature_page, text_query
from app.routes import (
    assets_admin,
    assets_admin_api,
    assets_auth,
    assets_events,
    assets_photos,
    assets_submit,
)
from app.routes.assets_common import (
    categories_for,
    generalise_m,
    lang_of,
    map_labels,
    map_response,
    settings_of,
    with_labels,
)
from app.routes.assets_params import AssetApiQuery, AssetQuery
from app.security import client_hash, csrf_protect, rate_limit
from geodata.assets_io import FORMATS, export_bytes, export_table
from geodata.db import session_scope
from geodata.errors import GeodataError, NotFoundError
from geodata.models_assets import CATEGORIES, REASON_MAX, User, category_label, subcategory_label
from geodata.queries.assets import photos_of
from geodata.queries.assets_auth import purge_client_data
from geodata.queries.assets_moderation import endorse, report
from geodata.queries.assets_public import (
    area_options,
    asset_count,
    asset_frame,
    public_asset,
    similar_assets,
)
from geodata.queries.map_counts import asset_size
from geodata.tiles import tile_version
from mapping.assets_map import AssetTiles, build_asset_map
from mapping.vector_tiles import tile_url

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
_PARTS = (assets_submit, assets_photos, assets_admin, assets_admin_api, assets_auth, assets_events)
for _part in _PARTS:
    router.include_router(_part.router)
Category = Annotated[
    str | None,
    Query(max_length=20, description="ABCD category", json_schema_extra={"enum": [*CATEGORIES]}),
    NulFree,
]
Filters = Annotated[AssetQuery, Query()]
GEOJSON = "application/geo+json"
LIST_MAX = 200  # rows listed on the page when no page size is asked for


def _frame(request: Request, db: Session, query: AssetQuery) -> gpd.GeoDataFrame:
    """The assets every view of `query` shows: public, generalised, labelled."""
    frame = asset_frame(db, query.filter(), generalise_m(request))
    return with_labels(frame, lang_of(request))


@router.get("/assets", response_class=HTMLResponse)
def assets_page(
    request: Request,
    query: Filters,
    db: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
) -> HTMLResponse:
    """The public map with filters and search, a list for keyboard and screen-reader users,
    the embed code and downloads; the URL keeps filters and view, so it can be shared."""
    flt = query.filter()
    if query.limit is None:  # the list shows LIST_MAX rows; one more says that more exist
        flt.limit = LIST_MAX + 1
    frame = with_labels(asset_frame(db, flt, generalise_m(request)), lang_of(request))
    rows = frame.drop(columns="geometry").to_dict("records")
    more = query.limit is None and len(rows) > LIST_MAX
    base = str(request.base_url).rstrip("/")
    return page(
        request,
        "assets/map.html",
        user,
        query=query,
        filters_qs=query.as_params(),
        map_qs=query.as_params(view=True),
        category=query.category or "",
        area=query.area or "",
        q=query.q or "",
        embed_url=f"{base}/assets/embed?{query.as_params(view=True)}",
        categories=categories_for(lang_of(request)),
        areas=area_options(db),
        assets=rows[:LIST_MAX] if more else rows,
        **_paging(query, len(rows), more),
        # from every matching asset, not only the rows listed
        synthetic=asset_size(db, query.filter(), generalise_m(request)).synthetic,
    )


def _paging(query: AssetQuery, rows: int, more: bool) -> dict[str, Any]:
    """Links to the next/previous page of the list, each from the same query."""
    paged = query.limit is not None
    return {
        "more_qs": query.as_params(limit=LIST_MAX, page=2) if more else None,
        "next_qs": query.as_params(page=query.page + 1) if paged and rows == query.limit else None,
        "prev_qs": query.as_params(page=query.page - 1) if paged and query.page > 1 else None,
    }


def _map(request: Request, db: Session, query: AssetQuery, embed: bool) -> HTMLResponse:
    tiled = _tiled(request, db, query)
    m = build_asset_map(
        _frame(request, db, query) if tiled is None else gpd.GeoDataFrame(),
        map_labels(request),
        lang_of(request),
        settings_of(request).map_tiles,
        query.view(),
        "/assets/",
        "_blank" if embed else "_top",
        report_view=not embed,
        tiled=tiled,
    )
    return map_response(m)


def _tiled(request: Request, db: Session, query: AssetQuery) -> AssetTiles | None:
    """Vector tiles instead of embedded markers when the map would show more assets than
    ``map_embed_max_features``. The tiles hold every approved asset and know no text or area
    filter, so only an unfiltered map or one filtered by category (styled in the browser)
    is tiled; a searched or area-filtered map stays embedded."""
    if query.q or query.area or query.subcategory or query.bbox or query.limit:
        return None
    size = asset_size(db, query.filter(), generalise_m(request))
    if size.count <= settings_of(request).map_embed_max_features:
        return None
    labels = {c["code"]: c["label"] for c in categories_for(lang_of(request))}
    url = tile_url("assets", tile_version(db))
    return AssetTiles(url, size.bounds, size.synthetic, labels, query.category)


@router.get("/assets/map", response_class=HTMLResponse, include_in_schema=False)
def assets_map(request: Request, query: Filters, db: Session = DB_SESSION) -> HTMLResponse:
    return _map(request, db, query, embed=False)


@router.get("/assets/embed", response_class=HTMLResponse)
def assets_embed(request: Request, query: Filters, db: Session = DB_SESSION) -> HTMLResponse:
    """The map alone, for an iframe on another site (no navigation; links open a new tab)."""
    return _map(request, db, query, embed=True)


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
        raise NotFoundError(f"no public asset {asset_id}", key="assets.err.not_public", id=asset_id)
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
        raise GeodataError(f"unknown category {category!r}", key="assets.err.category")
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
        raise NotFoundError(f"no public asset {asset_id}", key="assets.err.not_public", id=asset_id)
    return row


def download(request: Request, db: Session, query: AssetQuery, fmt: str) -> Response:
    """One public download of `query` in a geodata.assets_io format (geojson, csv, ...)."""
    media, suffix = FORMATS[fmt]
    return Response(
        export_bytes(_frame(request, db, query), fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="kvarterkort-assets.{suffix}"'},
    )


@router.get("/api/assets", responses={200: {"content": {GEOJSON: {}}}})
def assets_geojson(
    request: Request, query: Annotated[AssetApiQuery, Query()], db: Session = DB_SESSION
) -> Response:
    """Approved assets as a GeoJSON page (EPSG:4326) by title, with `numberMatched`,
    `numberReturned` and `links` (next, prev); personal assets generalised. The whole set is
    the CSV download, or the pages walked by `next`."""
    frame = _frame(request, db, query)
    total = asset_count(db, query.filter(), generalise_m(request))
    return feature_page(request, query.paged(), export_bytes(frame, "geojson"), total)


@router.get("/api/assets.csv", responses={200: {"content": {"text/csv": {}, XLSX: {}}}})
def assets_csv(
    request: Request,
    query: Filters,
    db: Session = DB_SESSION,
    format: TableFormat = TableFormat.csv,
) -> Response:
    """Approved assets as CSV with lon/lat and WKT (``format=csv-da``: Danish Excel CSV,
    ``format=xlsx``: Excel); personal assets generalised."""
    if format != TableFormat.csv:
        table = export_table(_frame(request, db, query))
        return table_response(table, format, "kvarterkort-assets", lang_of(request))
    return download(request, db, query, "csv")
