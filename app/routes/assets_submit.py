"""The resident flow: add an asset, get a private link, then view, edit, download or erase it.

No account is needed. The private link's token is shown once and only its hash is stored, so
the link is the submitter's proof of ownership for access and erasure (GDPR articles 15 and 17).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import Field, ValidationError
from sqlalchemy.orm import Session

from app.auth import current_user, optional_user, page
from app.deps import DB_SESSION
from app.params import PathId
from app.routes.assets_common import (
    TEXT_FIELDS,
    AssetForm,
    categories_for,
    lang_of,
    map_labels,
    map_response,
    parse_asset_form,
    settings_of,
    t_of,
)
from app.routes.assets_photos import (
    PhotoError,
    clean_uploads,
    delete_files,
    photo_file,
    store,
)
from app.security import (
    UploadLimitRoute,
    check_rate,
    client_hash,
    csrf_protect,
    new_private_token,
    token_hash,
)
from geodata.models_assets import (
    EMAIL_MAX,
    LAT_RANGE,
    LON_RANGE,
    MAX_PHOTOS,
    Asset,
    AssetIn,
    Location,
    User,
    clean_email,
)
from geodata.queries.assets import (
    RESIDENT,
    Actor,
    Place,
    add_photo,
    asset_by_token,
    asset_latlon,
    create_asset,
    erase_asset,
    photos_of,
    remove_photo,
    submission_export,
    update_asset,
)
from mapping.assets_map import build_picker_map

router = APIRouter(tags=["assets"], route_class=UploadLimitRoute)
STAFF = ("coordinator", "admin")


def _actor(user: User | None) -> Actor:
    return Actor("coordinator", user.id) if user and user.role in STAFF else RESIDENT


def _form_page(
    request: Request, form: AssetForm | None, user: User | None, **extra: Any
) -> HTMLResponse:
    status = 422 if form is not None and form.errors else 200
    values = form.values if form else {}
    return page(
        request,
        "assets/new.html",
        user,
        status,
        form=values,
        errors=form.errors if form else {},
        categories=categories_for(lang_of(request)),
        max_photos=MAX_PHOTOS,
        **extra,
    )


@router.get("/assets/new", response_class=HTMLResponse)
def new_form(request: Request, user: User | None = Depends(optional_user)) -> HTMLResponse:
    """The add-an-asset form: map picker beside the fields, consent, optional photos."""
    return _form_page(request, None, user)


@router.get("/assets/new/map", response_class=HTMLResponse, include_in_schema=False)
def picker_map(
    request: Request,
    lat: Annotated[str | None, Query(max_length=30)] = None,
    lon: Annotated[str | None, Query(max_length=30)] = None,
) -> HTMLResponse:
    """The Folium picker shown in the form's iframe, starting at the given point when it is a
    valid one inside Denmark (anything else is ignored: the form reports a bad location)."""
    try:
        start = Location.model_validate({"lat": lat, "lon": lon})
        point: tuple[float, float] | None = (start.lat, start.lon)
    except ValidationError:
        point = None
    labels, tiles = map_labels(request), settings_of(request).map_tiles
    return map_response(build_picker_map(labels, tiles, None, point))


@router.post("/assets/new", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse)
async def submit_form(
    request: Request, db: Session = DB_SESSION, user: User | None = Depends(optional_user)
) -> Response:
    """Validate everything first (fields, consent, photos), then store; 303 to the private link."""
    form_data = await request.form()
    form = parse_asset_form(form_data, t_of(request), need_consent=user is None)
    photos = []
    if form.ok:
        try:
            photos = await clean_uploads(request, form_data.getlist("photos"))  # type: ignore[arg-type]
        except PhotoError as exc:
            form.errors["photos"] = t_of(request)("assets.err.photo", reason=str(exc))
    if not form.ok:
        return _form_page(request, form, user)
    check_rate(request, "submit", "rate_submissions_per_hour")
    assert form.data is not None and form.location is not None
    token = _create(request, db, form.data, form.location, form.email, user, photos)
    return RedirectResponse(f"/assets/mine/{token}?created=1", status_code=303)


def _create(
    request: Request,
    db: Session,
    data: AssetIn,
    location: Location,
    email: str | None,
    user: User | None,
    photos: list[Any],
) -> str:
    token, hashed = new_private_token()
    actor = _actor(user)
    asset = create_asset(
        db,
        data,
        Place.point(location.lat, location.lon),
        actor,
        source="coordinator" if actor.user_id else "resident",
        email=email,
        token_hash=hashed,
        client_hash=client_hash(request),
    )
    settings = settings_of(request)
    for photo in photos:
        key = store(settings, photo)
        add_photo(
            db,
            asset,
            actor,
            file_key=key,
            width=photo.width,
            height=photo.height,
            bytes=len(photo.full),
        )
    return token


class SubmissionIn(AssetIn):
    """A JSON submission: the asset's text, where it is, optional e-mail, and consent."""

    lat: Annotated[float, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])]
    lon: Annotated[float, Field(ge=LON_RANGE[0], le=LON_RANGE[1])]
    email: Annotated[str | None, Field(max_length=EMAIL_MAX)] = None
    consent: bool


@router.post("/api/assets", status_code=201, dependencies=[Depends(csrf_protect)])
def submit_json(
    body: SubmissionIn,
    request: Request,
    db: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
) -> dict[str, Any]:
    """Add an asset by API; the response holds the private link (shown only this once)."""
    if not body.consent:
        raise HTTPException(422, "consent must be true: the privacy note must be accepted")
    location = Location(lat=body.lat, lon=body.lon)
    try:
        email = clean_email(body.email)
    except ValueError as exc:
        raise HTTPException(422, f"email: {exc}") from None
    check_rate(request, "submit", "rate_submissions_per_hour")
    data = AssetIn.model_validate(body.model_dump(include=set(AssetIn.model_fields)))
    token = _create(request, db, data, location, email, user, [])
    return {"status": "pending", "token": token, "private_url": f"/assets/mine/{token}"}


# --- the private link -----------------------------------------------------------------------


def _mine(db: Session, token: str) -> Asset:
    if len(token) > 100:
        raise HTTPException(404, "unknown private link")
    return asset_by_token(db, token_hash(token))


def _private_page(
    request: Request,
    db: Session,
    token: str,
    asset: Asset,
    form: AssetForm | None = None,
    **extra: Any,
) -> HTMLResponse:
    lat, lon = asset_latlon(db, asset.id)
    values = (
        form.values
        if form
        else {
            **{k: getattr(asset, k) or "" for k in (*TEXT_FIELDS, "email")},
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
        }
    )
    response = page(
        request,
        "assets/mine.html",
        current_user(request, db),
        422 if (form and form.errors) or extra.get("error_erase") else 200,
        asset=asset,
        token=token,
        form=values,
        errors=form.errors if form else {},
        photos=photos_of(db, asset.id),
        categories=categories_for(lang_of(request)),
        max_photos=MAX_PHOTOS,
        created=request.query_params.get("created") == "1",
        saved=request.query_params.get("saved") == "1",
        **extra,
    )
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL is the credential
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/assets/mine/{token}", response_class=HTMLResponse)
def private_view(token: str, request: Request, db: Session = DB_SESSION) -> HTMLResponse:
    """The submitter's page: status (and a rejection reason), edit, download, erase."""
    return _private_page(request, db, token, _mine(db, token))


@router.post(
    "/assets/mine/{token}", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse
)
async def private_edit(token: str, request: Request, db: Session = DB_SESSION) -> Response:
    """Save the submitter's edit (back to review if it was public) and any new photos."""
    asset = _mine(db, token)
    form_data = await request.form()
    form = parse_asset_form(form_data, t_of(request), need_consent=False)
    photos = []
    room = MAX_PHOTOS - len(photos_of(db, asset.id))
    if form.ok:
        try:
            photos = await clean_uploads(request, form_data.getlist("photos"))  # type: ignore[arg-type]
            if len(photos) > room:
                raise PhotoError(f"at most {MAX_PHOTOS} photos per asset")
        except PhotoError as exc:
            form.errors["photos"] = t_of(request)("assets.err.photo", reason=str(exc))
    if not form.ok:
        return _private_page(request, db, token, asset, form)
    assert form.data is not None and form.location is not None
    place = Place.point(form.location.lat, form.location.lon)
    update_asset(db, asset, form.data, RESIDENT, place, form.email, change_email=True)
    for photo in photos:
        key = store(settings_of(request), photo)
        add_photo(
            db,
            asset,
            RESIDENT,
            file_key=key,
            width=photo.width,
            height=photo.height,
            bytes=len(photo.full),
        )
    return RedirectResponse(f"/assets/mine/{token}?saved=1", status_code=303)


@router.post("/assets/mine/{token}/photos/{photo_id}/delete", dependencies=[Depends(csrf_protect)])
def private_photo_delete(
    token: str, photo_id: PathId, request: Request, db: Session = DB_SESSION
) -> RedirectResponse:
    asset = _mine(db, token)
    key = remove_photo(db, asset, photo_id, RESIDENT)
    db.commit()
    delete_files(settings_of(request), [key])
    return RedirectResponse(f"/assets/mine/{token}?saved=1", status_code=303)


@router.get("/assets/mine/{token}/photos/{photo_id}", response_class=Response)
def private_photo(
    token: str,
    photo_id: PathId,
    request: Request,
    thumb: bool = False,
    db: Session = DB_SESSION,
) -> Response:
    asset = _mine(db, token)
    row = next((p for p in photos_of(db, asset.id) if p.id == photo_id), None)
    if row is None:
        raise HTTPException(404, f"no photo {photo_id} on this submission")
    return photo_file(settings_of(request), row.file_key, thumb)


@router.get("/assets/mine/{token}/export.json")
@router.get("/api/assets/mine/{token}")
def private_export(token: str, db: Session = DB_SESSION) -> JSONResponse:
    """Everything stored about the submission, as JSON (right of access)."""
    data = submission_export(db, _mine(db, token))
    return JSONResponse(
        data,
        headers={
            "Content-Disposition": f'attachment; filename="asset-{data["id"]}.json"',
            "Cache-Control": "no-store",
        },
    )


def _erase(request: Request, db: Session, token: str) -> int:
    asset = _mine(db, token)
    asset_id = asset.id
    keys = erase_asset(db, asset)
    db.commit()  # the rows are gone before the files, so a failure never leaves dangling rows
    delete_files(settings_of(request), keys)
    return asset_id


@router.post(
    "/assets/mine/{token}/erase", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse
)
def private_erase(
    token: str,
    request: Request,
    confirm: Annotated[str, Form(max_length=10)] = "",
    db: Session = DB_SESSION,
) -> HTMLResponse:
    """Erase the submission, its photos and e-mail; only an anonymous "erased" event remains."""
    asset = _mine(db, token)
    if confirm != "yes":
        return _private_page(request, db, token, asset, error_erase=True)
    _erase(request, db, token)
    return page(request, "assets/erased.html", None)


@router.delete("/api/assets/mine/{token}", dependencies=[Depends(csrf_protect)])
def private_erase_json(token: str, request: Request, db: Session = DB_SESSION) -> dict[str, Any]:
    return {"erased": _erase(request, db, token)}
