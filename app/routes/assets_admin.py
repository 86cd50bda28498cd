"""The coordinator's moderation queue: map and list side by side, filters, one-asset review page,
approve / reject with a reason / archive / verify / merge, and bulk actions.

Forms post back here with the CSRF token; refusals (e.g. approving a merged asset) re-render the
page with the reason instead of a bare error document.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.auth import page, require_role
from app.deps import DB_SESSION
from app.errors import translated
from app.i18n import done_text
from app.params import IdValue, PathId
from app.routes.assets_common import (
    categories_for,
    lang_of,
    map_labels,
    map_response,
    parse_asset_form,
    settings_of,
    t_of,
    with_labels,
)
from app.routes.assets_params import StaffAssetQuery
from app.routes.assets_photos import delete_files
from app.security import csrf_protect
from geodata.errors import GeodataError
from geodata.models_assets import MAX_PHOTOS, REASON_MAX, STATUSES, User
from geodata.queries.assets import (
    Actor,
    Place,
    asset_history,
    asset_latlon,
    get_asset,
    photos_of,
    remove_photo,
    update_asset,
)
from geodata.queries.assets_moderation import bulk, moderate, reports_of
from geodata.queries.assets_public import (
    AssetFilter,
    area_options,
    asset_frame,
    similar_assets,
    status_counts,
)
from mapping.assets_map import build_asset_map

router = APIRouter(tags=["assets-admin"])
StaffFilters = Annotated[StaffAssetQuery, Query()]
coordinator = require_role("coordinator", "admin")


def actor_of(user: User) -> Actor:
    return Actor("coordinator", user.id)


def queue_filter(request: Request, query: StaffAssetQuery) -> AssetFilter:
    """The queue's filter: one status or all, optionally only assets due for re-verification."""
    return query.staff_filter(settings_of(request).asset_reverify_days)


def _queue_page(
    request: Request,
    db: Session,
    user: User,
    query: StaffAssetQuery,
    error: str | None = None,
) -> HTMLResponse:
    frame = with_labels(
        asset_frame(db, queue_filter(request, query), None, admin=True), lang_of(request)
    )
    return page(
        request,
        "assets/admin_queue.html",
        user,
        422 if error else 200,
        assets=_records(frame),
        qs=query.as_params(),
        status=query.status,
        category=query.category or "",
        area=query.area or "",
        q=query.q or "",
        reverify=query.reverify,
        counts=status_counts(db),
        statuses=STATUSES,
        categories=categories_for(lang_of(request)),
        areas=area_options(db),
        error=error,
        done=done_text(lang_of(request), request.query_params.get("done")),
    )


def _records(frame: Any) -> list[dict[str, Any]]:
    """Rows for the template with missing values as None: pandas' NaT is truthy and has no
    strftime, so an approved asset never verified (last_verified_at NaT) broke the page."""
    table = frame.drop(columns="geometry").astype(object)
    return table.where(table.notna(), None).to_dict("records")  # type: ignore[no-any-return]


@router.get("/assets/admin", response_class=HTMLResponse)
def queue(
    request: Request,
    query: StaffFilters,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """Moderation queue (default: pending); "reverify" lists approved assets not verified for
    the configured period (12 months)."""
    return _queue_page(request, db, user, query)


@router.get("/assets/admin/map", response_class=HTMLResponse, include_in_schema=False)
def queue_map(
    request: Request,
    query: StaffFilters,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """The queue's map at exact positions (coordinators only)."""
    flt = queue_filter(request, query)
    frame = with_labels(asset_frame(db, flt, None, admin=True), lang_of(request))
    m = build_asset_map(
        frame,
        map_labels(request),
        lang_of(request),
        settings_of(request).map_tiles,
        query.view(),
        link_base="/assets/admin/",
        report_view=False,
    )
    response = map_response(m, lang_of(request))
    response.headers["X-Frame-Options"] = "SAMEORIGIN"  # exact positions: never framed elsewhere
    return response


@router.post(
    "/assets/admin/bulk", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse
)
def bulk_form(
    request: Request,
    action: Annotated[str, Form(max_length=20)],
    ids: Annotated[list[IdValue] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=REASON_MAX)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    """Approve, reject, archive or verify the ticked assets, all or none."""
    try:
        count = bulk(db, ids or [], action, actor_of(user), reason)
    except GeodataError as exc:
        db.rollback()
        error = translated(exc, lang_of(request))
        return _queue_page(request, db, user, StaffAssetQuery(), error)
    return RedirectResponse(f"/assets/admin?{_back(back)}&done={action}:{count}", status_code=303)


def _back(back: str) -> str:
    """The queue's filters to return to, re-read through the model (never a foreign URL)."""
    try:
        return StaffAssetQuery.model_validate(dict(parse_qsl(back))).as_params()
    except ValidationError:
        return ""


def _detail_page(
    request: Request,
    db: Session,
    user: User,
    asset_id: PathId,
    form: Any = None,
    error: str | None = None,
) -> HTMLResponse:
    asset = get_asset(db, asset_id)
    lat, lon = asset_latlon(db, asset_id)
    values = (
        form.values
        if form is not None
        else {
            **{
                k: getattr(asset, k) or ""
                for k in (
                    "category",
                    "subcategory",
                    "title",
                    "description",
                    "schedule",
                    "contact",
                    "link",
                )
            },
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
        }
    )
    similar = [r for r in similar_assets(db, 0, lat, lon, None, asset.title) if r["id"] != asset_id]
    failed = error is not None or (form is not None and bool(form.errors))
    return page(
        request,
        "assets/admin_asset.html",
        user,
        422 if failed else 200,
        asset=asset,
        form=values,
        errors=form.errors if form is not None else {},
        error=error,
        history=asset_history(db, asset_id),
        reports=reports_of(db, asset_id),
        photos=photos_of(db, asset_id, with_merged=True),
        similar=similar,
        lat=lat,
        lon=lon,
        categories=categories_for(lang_of(request)),
        max_photos=MAX_PHOTOS,
        done=done_text(lang_of(request), request.query_params.get("done")),
    )


@router.get("/assets/admin/{asset_id:int}", response_class=HTMLResponse)
def asset_review(
    asset_id: PathId,
    request: Request,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """Everything about one asset: edit form, moderation, merge candidates, reports, history."""
    return _detail_page(request, db, user, asset_id)


@router.post(
    "/assets/admin/{asset_id:int}",
    dependencies=[Depends(csrf_protect)],
    response_class=HTMLResponse,
)
async def asset_edit(
    asset_id: PathId,
    request: Request,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    form = parse_asset_form(await request.form(), t_of(request), need_consent=False)
    if not form.ok:
        return _detail_page(request, db, user, asset_id, form)
    assert form.data is not None and form.location is not None
    asset = get_asset(db, asset_id, lock=True)
    place = Place.point(form.location.lat, form.location.lon)
    try:
        update_asset(db, asset, form.data, actor_of(user), place)
    except GeodataError as exc:
        db.rollback()
        error = translated(exc, lang_of(request))
        return _detail_page(request, db, user, asset_id, form, error)
    return RedirectResponse(f"/assets/admin/{asset_id}?done=saved", status_code=303)


@router.post(
    "/assets/admin/{asset_id:int}/moderate",
    dependencies=[Depends(csrf_protect)],
    response_class=HTMLResponse,
)
def asset_moderate(
    asset_id: PathId,
    request: Request,
    action: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=REASON_MAX)] = "",
    target_id: Annotated[IdValue | None, Form()] = None,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    """Approve, reject (with a reason), archive, verify, or merge into another asset."""
    try:
        moderate(db, asset_id, action, actor_of(user), reason, target_id)
    except GeodataError as exc:
        db.rollback()
        error = translated(exc, lang_of(request))
        return _detail_page(request, db, user, asset_id, error=error)
    return RedirectResponse(f"/assets/admin/{asset_id}?done={action}", status_code=303)


@router.post(
    "/assets/admin/{asset_id:int}/photos/{photo_id:int}/delete",
    dependencies=[Depends(csrf_protect)],
)
def photo_delete(
    asset_id: PathId,
    photo_id: PathId,
    request: Request,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> RedirectResponse:
    """Remove an unsuitable photo (its files go once the change is committed)."""
    key = remove_photo(db, get_asset(db, asset_id), photo_id, actor_of(user))
    db.commit()
    delete_files(settings_of(request), [key])
    return RedirectResponse(f"/assets/admin/{asset_id}?done=photo", status_code=303)
