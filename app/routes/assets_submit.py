"""The resident flow: add an asset, get a private link, then view, edit, download or erase it.

No account is needed. The private link's token is shown once and only its hash is stored, so
the link is the submitter's proof of ownership for access and erasure (GDPR articles 15 and 17).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import Field, ValidationError
from sqlalchemy.orm import Session

from app.auth import current_user, optional_user, page
from app.deps import DB_SESSION
from app.errors import wants_html
from app.params import PathId
from app.routes.assets_admission import Refusal, admit
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
from app.routes.assets_photos import delete_files, form_photos, photo_file, store_photos
from app.security import (
    UploadLimitRoute,
    client_hash,
    csrf_protect,
    new_private_token,
    token_hash,
)
from geodata.errors import NotFoundError
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
from geodata.models_events import MappingEvent
from geodata.queries.assets import (
    RESIDENT,
    Actor,
    Place,
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
    request: Request,
    form: AssetForm | None,
    user: User | None,
    refusal: Refusal | None = None,
    **extra: Any,
) -> HTMLResponse:
    """The form, again with everything typed when a submission was refused (422 or 429)."""
    status = 422 if form is not None and form.errors else 200
    values = form.values if form else {}
    errors = dict(form.errors) if form else {}
    if refusal is not None:
        status = refusal.status
        if refusal.field:
            errors[refusal.field] = refusal.message
    response = page(
        request,
        "assets/new.html",
        user,
        status,
        form=values,
        errors=errors,
        refusal=refusal.message if refusal is not None and not refusal.field else None,
        categories=categories_for(lang_of(request)),
        max_photos=MAX_PHOTOS,
        **extra,
    )
    if refusal is not None and refusal.retry_after:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


@router.get("/assets/new", response_class=HTMLResponse)
def new_form(
    request: Request,
    event: Annotated[str | None, Query(max_length=20, description="A mapping-event code.")] = None,
    user: User | None = Depends(optional_user),
) -> HTMLResponse:
    """The add-an-asset form: map picker beside the fields, consent, optional photos; with
    ?event=CODE (a mapping evening's link) the code is filled in. It is not looked up here:
    the page would tell a guesser which codes exist, at no cost. The code is checked when the
    form is sent, where every try takes a slot (assets_admission)."""
    form = AssetForm({"event": event}) if event else None
    return _form_page(request, form, user)


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
    return map_response(build_picker_map(labels, tiles, None, point), lang_of(request))


@router.post("/assets/new", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse)
async def submit_form(
    request: Request, db: Session = DB_SESSION, user: User | None = Depends(optional_user)
) -> Response:
    """Validate the fields, take the submission's slot (the event code is checked here), then
    the photos, counted under the same limit; store and 303 to the private link. A refusal
    after the slot rolls back the evening's count, so only stored assets count towards it."""
    form_data = await request.form()
    form = parse_asset_form(form_data, t_of(request), need_consent=user is None)
    try:
        if not form.ok:
            return _form_page(request, form, user)
        event = admit(request, db, form.values.get("event"))
        photos = await form_photos(request, form, form_data.getlist("photos"), event=event)
        if not form.ok:  # a file that is not a photo: the form again, the claim undone
            db.rollback()
            return _form_page(request, form, user)
    except Refusal as refusal:
        db.rollback()
        if not wants_html(request):  # a program posting the form: problem+json, as before
            raise refusal.as_http() from None
        return _form_page(request, form, user, refusal)
    assert form.data is not None and form.location is not None
    token = _create(request, db, form.data, form.location, form.email, user, photos, event)
    return RedirectResponse(f"/assets/mine/{token}?created=1", status_code=303)


def _create(
    request: Request,
    db: Session,
    data: AssetIn,
    location: Location,
    email: str | None,
    user: User | None,
    photos: list[Any],
    event: MappingEvent | None = None,
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
        event_id=event.id if event is not None else None,
    )
    store_photos(request, db, asset, actor, photos)
    return token


class SubmissionIn(AssetIn):
    """A JSON submission: the asset's text, where it is, optional e-mail, and consent."""

    lat: Annotated[float, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])]
    lon: Annotated[float, Field(ge=LON_RANGE[0], le=LON_RANGE[1])]
    email: Annotated[str | None, Field(max_length=EMAIL_MAX)] = None
    consent: bool
    event: Annotated[str | None, Field(max_length=20, description="A mapping-event code.")] = None


@router.post("/api/assets", status_code=201, dependencies=[Depends(csrf_protect)])
def submit_json(
    body: SubmissionIn,
    request: Request,
    db: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
    x_event_code: Annotated[str | None, Header(max_length=20)] = None,
) -> dict[str, Any]:
    """Add an asset by API; the response holds the private link (shown only this once).

    A mapping evening's code (field `event` or header `X-Event-Code`) counts the submission
    against the evening's limits instead of the network's."""
    if not body.consent:
        raise HTTPException(422, t_of(request)("assets.err.consent_api"))
    location = Location(lat=body.lat, lon=body.lon)
    try:
        email = clean_email(body.email)
    except ValueError:
        raise HTTPException(422, "email: " + t_of(request)("assets.err.email")) from None
    try:
        event = admit(request, db, body.event or x_event_code)
    except Refusal as refusal:
        raise refusal.as_http() from None
    data = AssetIn.model_validate(body.model_dump(include=set(AssetIn.model_fields)))
    token = _create(request, db, data, location, email, user, [], event)
    return {"status": "pending", "token": token, "private_url": f"/assets/mine/{token}"}


# --- the private link -----------------------------------------------------------------------


def _mine(db: Session, token: str) -> Asset:
    if len(token) > 100:
        raise NotFoundError("unknown private link", key="assets.err.private_link")
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
            photos = await form_photos(request, form, form_data.getlist("photos"), room)
        except Refusal as refusal:
            form.errors["photos"] = refusal.message
    if not form.ok:
        return _private_page(request, db, token, asset, form)
    assert form.data is not None and form.location is not None
    place = Place.point(form.location.lat, form.location.lon)
    update_asset(db, asset, form.data, RESIDENT, place, form.email, change_email=True)
    store_photos(request, db, asset, RESIDENT, photos)
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
        raise NotFoundError(
            f"no photo {photo_id} on this submission", key="assets.err.photo_missing"
        )
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
