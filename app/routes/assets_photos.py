"""Asset photos: verified by decoding, stripped of EXIF (GPS!), re-encoded, served with checks.

A file's name and declared type come from the uploader and prove nothing, so a photo is accepted
only if Pillow decodes it fully as JPEG, PNG or WebP. It is then re-encoded from its pixels alone,
which drops EXIF, GPS and any trailing payload, and stored under a random name.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile  # what request.form() yields

from app.auth import current_user
from app.deps import DB_SESSION
from app.errors import HTTPError, translated
from app.params import PathId
from app.photo_files import photo_pool, stage
from app.routes.assets_admission import Refusal
from app.routes.assets_common import AssetForm, lang_of, t_of
from app.security import rate_wait, wait_minutes
from app.settings import Settings
from geodata.errors import GeodataError, NotFoundError
from geodata.models_assets import MAX_PHOTOS, PUBLIC_STATUS, Asset
from geodata.models_events import MappingEvent
from geodata.queries.assets import Actor, add_photo, photo_owner

router = APIRouter(tags=["assets"])
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: multi-picture JPEG from phone cameras
MAX_PIXELS = 40_000_000
FULL_SIZE = 1600
THUMB_SIZE = 320
CHUNK = 64 * 1024


class PhotoError(GeodataError):
    """An upload that is not an acceptable photo (type, size, damaged file)."""

    title = "Invalid photo"


@dataclass
class CleanPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int


def upload_dir(settings: Settings) -> Path:
    """The photo folder, readable by the server's own user only (0700)."""
    path = settings.data_dir / "uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != 0o700:
        path.chmod(0o700)  # a folder made before this rule, or under a lax umask
    return path


def photo_paths(settings: Settings, key: str) -> tuple[Path, Path]:
    base = upload_dir(settings)
    return base / f"{key}.jpg", base / f"{key}_thumb.jpg"


async def read_capped(upload: UploadFile, limit: int) -> bytes:
    """Read at most `limit` bytes; one byte more means the photo is too large (413)."""
    buffer = bytearray()
    while chunk := await upload.read(CHUNK):
        buffer.extend(chunk)
        if len(buffer) > limit:
            raise HTTPError(413, "assets.err.file_too_large", mb=max(1, limit // 2**20))
    return bytes(buffer)


def too_many_photos() -> PhotoError:
    return PhotoError(
        f"at most {MAX_PHOTOS} photos per asset", key="assets.err.photo_count", n=MAX_PHOTOS
    )


def clean_photo(data: bytes, max_pixels: int = MAX_PIXELS) -> CleanPhoto:
    """Decode fully, refuse anything but JPEG/PNG/WebP, and re-encode without metadata.

    The pixel count is checked from the header before any pixel is decoded, so a small file
    that would expand to gigabytes (a decompression bomb) is refused without the memory cost.
    """
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError(
                    "only JPEG, PNG or WebP photos are accepted", key="assets.err.photo_type"
                )
            if probe.width * probe.height > max_pixels:
                raise PhotoError(
                    f"the photo has too many pixels (at most {max_pixels / 1e6:g} megapixels)",
                    key="assets.err.photo_pixels",
                    max=f"{max_pixels / 1e6:g}",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            upright = ImageOps.exif_transpose(img)
            pixels = _rgb(upright)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        if isinstance(exc, PhotoError):
            raise
        raise PhotoError(
            "the file is not a readable JPEG, PNG or WebP image", key="assets.err.photo_unreadable"
        ) from None
    pixels.thumbnail((FULL_SIZE, FULL_SIZE))
    thumb = pixels.copy()
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE))
    return CleanPhoto(_jpeg(pixels), _jpeg(thumb), pixels.width, pixels.height)


def _rgb(img: Image.Image) -> Image.Image:
    """Plain RGB pixels: transparency composited on white, palettes expanded."""
    if img.mode in ("RGBA", "LA", "P"):
        rgba = img.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return img.convert("RGB")


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, optimize=True)  # no exif= argument: nothing carried over
    return out.getvalue()


async def clean_uploads(
    request: Request, uploads: list[UploadFile], event: MappingEvent | None = None
) -> list[CleanPhoto]:
    """Every non-empty upload of a form, size-capped, rate-limited and cleaned (all or none).

    Each photo takes a slot in the network's hourly window, or, for a submission already
    admitted under an open mapping evening (`event`), in the evening's own window: residents
    on the fælleshus Wi-Fi share one network, and 30 photos an hour would end the evening.
    Decoding runs in the app's small photo pool, never on the event loop, so a large photo
    delays only the uploads queued behind it, not the other requests.
    """
    settings: Settings = request.app.state.settings
    files = [u for u in uploads if isinstance(u, UploadFile) and u.filename]
    if len(files) > MAX_PHOTOS:
        raise too_many_photos()
    pool = photo_pool(request.app)
    photos = []
    for upload in files:
        if event is None:
            wait = rate_wait(request, "upload", "rate_uploads_per_hour")
            words = "assets.err.photo_rate"
        else:
            key = f"event:{event.id}"
            wait = rate_wait(request, "event_upload", "event_uploads_per_hour", key=key)
            words = "assets.event.err.photo_rate"
        if wait is not None:
            message = t_of(request)(words, minutes=wait_minutes(wait))
            raise Refusal(429, message, retry_after=wait)
        data = await read_capped(upload, settings.upload_max_bytes)
        photos.append(await pool.run(clean_photo, data, settings.photo_max_pixels))
    return photos


async def form_photos(
    request: Request,
    form: AssetForm,
    uploads: list[Any],
    room: int = MAX_PHOTOS,
    event: MappingEvent | None = None,
) -> list[CleanPhoto]:
    """A form's photos, cleaned; a refused photo becomes the form's photo error (in the
    reader's language) and the rest of the form is kept. Raises Refusal at the upload limit
    (the evening's, when `event` is the open event the submission was admitted under)."""
    try:
        photos = await clean_uploads(request, uploads, event)
        if len(photos) > room:
            raise too_many_photos()
        return photos
    except PhotoError as exc:
        reason = translated(exc, lang_of(request))
        form.errors["photos"] = t_of(request)("assets.err.photo", reason=reason)
        return []


def store_photos(
    request: Request, db: Session, asset: Asset, actor: Actor, photos: list[CleanPhoto]
) -> None:
    """Stage the files and register each photo with its event (files kept at commit)."""
    settings: Settings = request.app.state.settings
    for photo in photos:
        key = store(settings, photo)
        add_photo(db, asset, actor, file_key=key, width=photo.width, height=photo.height,
                  bytes=len(photo.full))  # fmt: skip


def store(settings: Settings, photo: CleanPhoto) -> str:
    """Write the photo and its thumbnail as private temporary files; returns the fresh key.

    The files get their real names only when the session that adds the AssetPhoto row with
    this key commits, and are removed if it does not (app.photo_files).
    """
    key = secrets.token_hex(16)
    full, thumb = photo_paths(settings, key)
    stage(key, [(full, photo.full), (thumb, photo.thumb)])
    return key


def delete_files(settings: Settings, keys: list[str]) -> None:
    for key in keys:
        for path in photo_paths(settings, key):
            path.unlink(missing_ok=True)


def photo_file(settings: Settings, key: str, thumb: bool) -> FileResponse:
    full, small = photo_paths(settings, key)
    path = small if thumb else full
    if not path.exists():
        raise NotFoundError("photo file missing", key="assets.err.photo_missing")
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/assets/photos/{photo_id}", response_class=FileResponse)
def public_photo(
    photo_id: PathId, request: Request, thumb: bool = False, db: Session = DB_SESSION
) -> FileResponse:
    """A photo of an approved asset; coordinators and admins may see any asset's photos."""
    row, asset = photo_owner(db, photo_id)
    if asset.status != PUBLIC_STATUS:
        user = current_user(request, db)
        if user is None or user.role not in ("coordinator", "admin"):
            raise NotFoundError(f"no photo {photo_id}", key="assets.err.photo_missing")
    return photo_file(request.app.state.settings, row.file_key, thumb)
