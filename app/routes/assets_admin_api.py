"""Coordinator tools beyond the queue: import/export files, the audit log, and the JSON API.

JSON calls authenticated by the session cookie must send the CSRF token in the X-CSRF-Token
header (app.security.csrf_protect); the token is in every page's <meta name="csrf-token">.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from app.auth import page, require_role
from app.deps import DB_SESSION
from app.downloads import table_response
from app.errors import HTTPError
from app.import_errors import problem_text
from app.openapi import FILES
from app.params import IdValue, Offset, OptText, Page, PathId, feature_page, paged_array, paging
from app.routes.assets_admin import actor_of, queue_filter
from app.routes.assets_common import TEXT_FIELDS, lang_of, with_labels
from app.routes.assets_params import ExportQuery, StaffAssetApiQuery
from app.routes.assets_photos import read_capped
from app.security import UploadLimitRoute, csrf_protect, upload_budget
from geodata.assets_io import (
    FORMATS,
    IMPORT_STATUSES,
    export_bytes,
    export_table,
    format_for,
    import_assets,
)
from geodata.errors import GeodataError, LoadError
from geodata.models_assets import (
    CONTACT_MAX,
    DESCRIPTION_MAX,
    LAT_RANGE,
    LINK_MAX,
    LON_RANGE,
    REASON_MAX,
    SCHEDULE_MAX,
    TITLE_MAX,
    AssetIn,
    User,
)
from geodata.queries.assets import Place, asset_history, get_asset, update_asset
from geodata.queries.assets_auth import audit_log, record_audit
from geodata.queries.assets_moderation import ACTIONS, bulk, moderate
from geodata.queries.assets_public import asset_count, asset_frame

router = APIRouter(tags=["assets-admin"], route_class=UploadLimitRoute)
coordinator = require_role("coordinator", "admin")
GEOJSON = "application/geo+json"


@router.get("/assets/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    kind: OptText = None,
    offset: Offset = 0,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """Every asset change and every login or user change, newest first, 200 per page."""
    rows = audit_log(db, 200, offset, kind or None)
    return page(request, "assets/admin_audit.html", user, rows=rows, kind=kind or "", offset=offset)


@router.get("/api/admin/audit")
def audit_json(
    request: Request,
    kind: OptText = None,
    page: Page = paging(200, 1000),
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> list[dict[str, Any]]:
    """The audit log, newest first; a bare array, its next and previous pages in `Link`."""
    rows, more = page.cut(audit_log(db, page.probe, page.offset, kind or None))
    return paged_array(request, page, rows, more)


@router.get("/assets/admin/io", response_class=HTMLResponse)
def io_page(request: Request, user: User = Depends(coordinator)) -> HTMLResponse:
    """Import a GeoJSON/CSV/GeoPackage file (all or nothing) and export every asset."""
    return page(request, "assets/admin_io.html", user, statuses=IMPORT_STATUSES)


@router.post(
    "/assets/admin/import", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse
)
async def import_form(
    request: Request,
    file: Annotated[UploadFile, File()],
    status: Annotated[str, Form(max_length=20)] = "approved",
    synthetic: Annotated[bool, Form()] = False,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """Import a file; on any problem nothing is stored and every problem is listed."""
    if status not in IMPORT_STATUSES:
        raise HTTPError(
            422, "error.param.one_of", name="status", allowed=", ".join(IMPORT_STATUSES)
        )
    name = Path(file.filename or "upload").name
    data = await read_capped(file, upload_budget(request.app.state.settings))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"import{Path(name).suffix.lower()}"
            path.write_bytes(data)
            format_for(path)
            report = import_assets(db, path, actor_of(user), status, synthetic)
    except LoadError as exc:
        db.rollback()
        problems = [problem_text(p, lang_of(request), name) for p in exc.problems]
        return page(
            request,
            "assets/admin_io.html",
            user,
            422,
            statuses=IMPORT_STATUSES,
            problems=problems,
            filename=name,
        )
    record_audit(
        db, "import", user.id, {"file": name, "created": report.created, "updated": report.updated}
    )
    return page(
        request,
        "assets/admin_io.html",
        user,
        statuses=IMPORT_STATUSES,
        report=report,
        filename=name,
        notes=[problem_text(n, lang_of(request), name) for n in report.notes],
    )


@router.get("/assets/admin/export", responses=FILES)
@router.get("/api/admin/assets/export", responses=FILES)
def export(
    request: Request,
    format: Annotated[str, Query(pattern="^(geojson|csv|csv-da|xlsx|gpkg)$")],
    query: Annotated[ExportQuery, Query()],
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    """Every asset (or a filtered set) at exact positions, for coordinators; no e-mails."""
    flt = queue_filter(request, query)
    frame = with_labels(asset_frame(db, flt, None, admin=True), lang_of(request))
    record_audit(db, "export", user.id, {"format": format, "rows": len(frame)})
    if format in ("csv-da", "xlsx"):
        stem = "kvarterkort-assets-all"
        return table_response(export_table(frame), format, stem, lang_of(request))
    media, suffix = FORMATS[format]
    return Response(
        export_bytes(frame, format),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="kvarterkort-assets-all.{suffix}"'},
    )


# --- JSON API -------------------------------------------------------------------------------


class ModerationIn(BaseModel):
    action: Annotated[str, Field(max_length=20, description=f"one of {', '.join(ACTIONS)}")]
    reason: Annotated[str | None, Field(max_length=REASON_MAX)] = None
    target_id: IdValue | None = None


class BulkIn(BaseModel):
    ids: Annotated[list[IdValue], Field(min_length=1, max_length=500)]
    action: Annotated[str, Field(max_length=20)]
    reason: Annotated[str | None, Field(max_length=REASON_MAX)] = None


class EditIn(BaseModel):
    """A partial edit: only the fields sent change (validated as a whole asset afterwards)."""

    model_config = ConfigDict(extra="forbid")
    category: Annotated[str | None, Field(max_length=20)] = None
    subcategory: Annotated[str | None, Field(max_length=40)] = None
    title: Annotated[str | None, Field(max_length=TITLE_MAX)] = None
    description: Annotated[str | None, Field(max_length=DESCRIPTION_MAX)] = None
    schedule: Annotated[str | None, Field(max_length=SCHEDULE_MAX)] = None
    contact: Annotated[str | None, Field(max_length=CONTACT_MAX)] = None
    link: Annotated[str | None, Field(max_length=LINK_MAX)] = None
    lat: Annotated[float | None, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])] = None
    lon: Annotated[float | None, Field(ge=LON_RANGE[0], le=LON_RANGE[1])] = None


@router.get("/api/admin/assets", responses={200: {"content": {GEOJSON: {}}}})
def queue_json(
    request: Request,
    query: Annotated[StaffAssetApiQuery, Query()],
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    """The queue as a GeoJSON page at exact positions, with status, reports and dates, and
    `numberMatched`, `numberReturned` and `links` (next, prev)."""
    flt = queue_filter(request, query)
    frame = asset_frame(db, flt, None, admin=True)
    total = asset_count(db, flt, None)
    return feature_page(request, query.paged(), export_bytes(frame, "geojson"), total)


@router.post("/api/admin/assets/{asset_id:int}/moderate", dependencies=[Depends(csrf_protect)])
def moderate_json(
    asset_id: PathId,
    body: ModerationIn,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> dict[str, Any]:
    asset = moderate(db, asset_id, body.action, actor_of(user), body.reason, body.target_id)
    return {"id": asset.id, "status": asset.status, "merged_into_id": asset.merged_into_id}


@router.post("/api/admin/assets/bulk", dependencies=[Depends(csrf_protect)])
def bulk_json(
    body: BulkIn, db: Session = DB_SESSION, user: User = Depends(coordinator)
) -> dict[str, Any]:
    return {"changed": bulk(db, body.ids, body.action, actor_of(user), body.reason)}


@router.patch("/api/admin/assets/{asset_id:int}", dependencies=[Depends(csrf_protect)])
def edit_json(
    asset_id: PathId,
    body: EditIn,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> dict[str, Any]:
    """Change the fields given (and the location when lat/lon are given); returns the diff."""
    if (body.lat is None) != (body.lon is None):
        raise GeodataError("give both lat and lon, or neither", key="assets.err.latlon_pair")
    asset = get_asset(db, asset_id, lock=True)
    given = body.model_dump(include=body.model_fields_set - {"lat", "lon"})
    try:
        data = AssetIn.model_validate({k: getattr(asset, k) for k in TEXT_FIELDS} | given)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    place = Place.point(body.lat, body.lon) if body.lat is not None and body.lon else None
    diff = update_asset(db, asset, data, actor_of(user), place)
    return {"id": asset_id, "diff": diff}


@router.get("/api/admin/assets/{asset_id:int}/history")
def history_json(
    request: Request,
    asset_id: PathId,
    page: Page = paging(200, 1000),
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> list[dict[str, Any]]:
    """The events of the asset (and of duplicates merged into it), oldest first; a bare array,
    its next and previous pages in `Link`."""
    get_asset(db, asset_id)
    rows, more = page.cut(asset_history(db, asset_id, page.probe, page.offset))
    return paged_array(request, page, rows, more)
