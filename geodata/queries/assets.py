"""Assets: create, read, edit and erase, each change written as an event with a JSON diff.

Every write goes through this module so the history in asset_events is complete by construction:
there is no way to change an asset without saying who did it and what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import SRID
from geodata.models_assets import PERSONAL_CATEGORIES, Asset, AssetEvent, AssetIn, AssetPhoto

EDITABLE = ("category", "subcategory", "title", "description", "schedule", "contact", "link")
GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
SKILL_POINT = "a person's skill is placed with a point, not an area"


class AssetStateError(GeodataError):
    """The asset is not in a state that allows this action (e.g. approving a merged asset)."""

    title = "Asset state conflict"


@dataclass(frozen=True)
class Actor:
    """Who made a change: a resident (anonymous), a logged-in user, an import or the system."""

    kind: str  # resident | coordinator | system | import
    user_id: int | None = None


RESIDENT = Actor("resident")
SYSTEM = Actor("system")


@dataclass(frozen=True)
class Place:
    """A geometry as WKT in `srid` (4326 from the web, 25832 from imports)."""

    wkt: str
    srid: int = 4326

    @classmethod
    def point(cls, lat: float, lon: float) -> Place:
        return cls(f"POINT({lon!r} {lat!r})", 4326)


def _checked_geometry(place: Place, category: str) -> Any:
    """An SQL expression for the geometry in EPSG:25832; skills must be points (people)."""
    try:
        geom_type = shapely.from_wkt(place.wkt).geom_type
    except shapely.errors.ShapelyError as exc:
        raise GeodataError(f"invalid geometry: {exc}", key="assets.err.geometry") from None
    if geom_type not in GEOMETRY_TYPES:
        raise GeodataError(
            f"expected a point or polygon, got {geom_type}", key="assets.err.geometry_type"
        )
    if category in PERSONAL_CATEGORIES and geom_type != "Point":
        raise GeodataError(SKILL_POINT, key="assets.err.skill_point")
    geom = func.ST_GeomFromText(place.wkt, place.srid)
    return geom if place.srid == SRID else func.ST_Transform(geom, SRID)


def record_event(
    session: Session,
    asset_id: int | None,
    actor: Actor,
    kind: str,
    diff: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    session.add(
        AssetEvent(
            asset_id=asset_id,
            actor=actor.kind,
            user_id=actor.user_id,
            kind=kind,
            diff=diff or {},
            note=note,
        )
    )


def create_asset(
    session: Session, data: AssetIn, place: Place, actor: Actor, **extra: Any
) -> Asset:
    """Insert an asset and its "created" event. `extra`: source, status, email, token_hash,
    client_hash, synthetic, last_verified_at, steward_id, event_id."""
    fields = data.model_dump()
    asset = Asset(**fields, geom=_checked_geometry(place, data.category), **extra)
    asset.source = extra.get("source", actor.kind)
    asset.status = extra.get("status", "pending")
    asset.description = asset.description or ""
    session.add(asset)
    session.flush()
    diff = {k: [None, v] for k, v in fields.items() if v not in (None, "")}
    diff["status"] = [None, asset.status]
    diff["location"] = [None, _location_text(place)]
    if asset.email:
        diff["email"] = [None, "(set)"]
    if asset.event_id is not None:  # submitted during a mapping evening
        diff["event"] = [None, asset.event_id]
    record_event(session, asset.id, actor, "created", diff)
    return asset


def _location_text(place: Place) -> str:
    return place.wkt if place.srid == 4326 else f"SRID={place.srid};{place.wkt}"


def get_asset(session: Session, asset_id: int, lock: bool = False) -> Asset:
    stmt = select(Asset).where(Asset.id == asset_id)
    asset = session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if asset is None:
        raise NotFoundError(f"no asset with id {asset_id}", key="assets.err.not_found", id=asset_id)
    return asset


def asset_by_token(session: Session, token_hash: str) -> Asset:
    asset = session.scalars(select(Asset).where(Asset.token_hash == token_hash)).one_or_none()
    if asset is None:
        raise NotFoundError(
            "this private link does not match any submission (it may be erased)",
            key="assets.err.private_link",
        )
    return asset


def update_asset(
    session: Session,
    asset: Asset,
    data: AssetIn,
    actor: Actor,
    place: Place | None = None,
    email: str | None = None,
    change_email: bool = False,
) -> dict[str, Any]:
    """Apply an edit and record its diff; a resident's edit sends the asset back to review.

    The e-mail changes only with `change_email` (None clears it). Returns the diff (empty: none).
    """
    if asset.status == "merged":
        raise AssetStateError(
            "a merged asset cannot be edited; edit the asset it was merged into",
            key="assets.err.state.merged",
            id=asset.id,
        )
    new = data.model_dump()
    diff = {
        k: [getattr(asset, k), new[k]]
        for k in EDITABLE
        if (getattr(asset, k) or None) != (new[k] or None)
    }
    for key, (_, value) in diff.items():
        setattr(asset, key, value if value is not None or key != "description" else "")
    if place is not None and _moved(session, asset, place):
        diff["location"] = [asset_point(session, asset.id), _location_text(place)]
        asset.geom = _checked_geometry(place, asset.category)
    elif "category" in diff and asset.category in PERSONAL_CATEGORIES:
        _require_point(session, asset.id)
    if change_email and email != asset.email:
        diff["email"] = ["(set)" if asset.email else None, "(set)" if email else None]
        asset.email = email or None
    if diff and actor.kind == "resident" and asset.status in ("approved", "hidden", "rejected"):
        diff["status"] = [asset.status, "pending"]
        asset.status = "pending"
    if diff:
        asset.updated_at = func.now()
        record_event(session, asset.id, actor, "edited", diff)
        session.flush()
    return diff


def _require_point(session: Session, asset_id: int) -> None:
    kind = session.execute(
        text("SELECT GeometryType(geom) FROM assets WHERE id = :id"), {"id": asset_id}
    ).scalar_one()
    if kind != "POINT":
        raise GeodataError(SKILL_POINT, key="assets.err.skill_point")


def _wkt_4326(session: Session, asset_id: int) -> str:
    return str(
        session.execute(
            text("SELECT ST_AsText(ST_Transform(geom, 4326)) FROM assets WHERE id = :id"),
            {"id": asset_id},
        ).scalar_one()
    )


def _moved(session: Session, asset: Asset, place: Place) -> bool:
    """Whether `place` really moves the asset.

    Forms send the point shown to the user (a point on an area's surface), so a point within
    half a metre of that means "unchanged", and an area is kept rather than replaced by it.
    Other geometries count as unchanged when within 5 cm everywhere (export/import rounding).
    """
    if asset.id is None:
        return True
    same = session.execute(
        text(
            "SELECT CASE WHEN GeometryType(n) = 'POINT' "
            "THEN ST_DWithin(ST_PointOnSurface(a.geom), n, 0.5) "
            "ELSE ST_HausdorffDistance(a.geom, n) < 0.05 END "
            "FROM assets a, ST_Transform(ST_GeomFromText(:wkt, :srid), 25832) AS n "
            "WHERE a.id = :id"
        ),
        {"wkt": place.wkt, "srid": place.srid, "id": asset.id},
    ).scalar_one()
    return not same


def asset_point(session: Session, asset_id: int) -> str:
    """The exact location (a point on the geometry) as WGS84 WKT: private and coordinator views."""
    return str(
        session.execute(
            text(
                "SELECT ST_AsText(ST_Transform(ST_PointOnSurface(geom), 4326)) FROM assets "
                "WHERE id = :id"
            ),
            {"id": asset_id},
        ).scalar_one()
    )


def asset_latlon(session: Session, asset_id: int) -> tuple[float, float]:
    row = session.execute(
        text(
            "SELECT ST_Y(p) AS lat, ST_X(p) AS lon FROM (SELECT ST_Transform("
            "ST_PointOnSurface(geom), 4326) AS p FROM assets WHERE id = :id) s"
        ),
        {"id": asset_id},
    ).one()
    return float(row.lat), float(row.lon)


def asset_areas(session: Session, asset_id: int) -> list[dict[str, str]]:
    """The areas (not grid cells) the asset lies in, computed live so reloaded areas count."""
    rows = session.execute(
        text(
            "SELECT ar.kind, ar.code, ar.name FROM areas ar JOIN assets a ON a.id = :id "
            "WHERE ar.kind <> 'grid' AND ST_Intersects(ar.geom, a.geom) "
            "ORDER BY ar.kind, ar.name"
        ),
        {"id": asset_id},
    ).all()
    return [dict(r._mapping) for r in rows]


def asset_history(
    session: Session, asset_id: int, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Every event of the asset and of the assets merged into it, oldest first (or one page of
    `limit` from `offset`)."""
    rows = session.execute(
        text(
            "SELECT e.id, e.asset_id, e.actor, u.email AS user_email, e.kind, e.diff, e.note, "
            "e.created_at FROM asset_events e LEFT JOIN users u ON u.id = e.user_id "
            "WHERE e.asset_id = :id OR e.asset_id IN "
            "(SELECT id FROM assets WHERE merged_into_id = :id) ORDER BY e.created_at, e.id "
            "LIMIT :limit OFFSET :offset"
        ),
        {"id": asset_id, "limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows]


def photos_of(session: Session, asset_id: int, with_merged: bool = False) -> list[AssetPhoto]:
    """The asset's own photos, plus (`with_merged`) those of duplicates merged into it.

    Merging never moves photos, so erasing a duplicate still erases its submitter's photos.
    """
    owners = [asset_id]
    if with_merged:
        merged = select(Asset.id).where(Asset.merged_into_id == asset_id)
        owners += list(session.scalars(merged))
    stmt = select(AssetPhoto).where(AssetPhoto.asset_id.in_(owners)).order_by(AssetPhoto.id)
    return list(session.scalars(stmt))


def add_photo(session: Session, asset: Asset, actor: Actor, **photo: Any) -> AssetPhoto:
    """Register a stored photo (file_key, width, height, bytes) and record the event."""
    row = AssetPhoto(asset_id=asset.id, **photo)
    session.add(row)
    session.flush()
    record_event(session, asset.id, actor, "photo_added", {"photo": [None, row.id]})
    return row


def remove_photo(session: Session, asset: Asset, photo_id: int, actor: Actor) -> str:
    """Delete a photo row and return its file key so the caller can remove the files."""
    row = session.get(AssetPhoto, photo_id)
    if row is None or row.asset_id != asset.id:
        raise NotFoundError(
            f"asset {asset.id} has no photo {photo_id}", key="assets.err.photo_missing"
        )
    key = row.file_key
    session.delete(row)
    record_event(session, asset.id, actor, "photo_removed", {"photo": [photo_id, None]})
    return key


def photo_owner(session: Session, photo_id: int) -> tuple[AssetPhoto, Asset]:
    """The photo and the asset it shows with: the kept asset when its own was merged into it."""
    row = session.get(AssetPhoto, photo_id)
    if row is None:
        raise NotFoundError(f"no photo {photo_id}", key="assets.err.photo_missing")
    asset = get_asset(session, row.asset_id)
    if asset.status == "merged" and asset.merged_into_id is not None:
        asset = get_asset(session, asset.merged_into_id)
    return row, asset


def erase_asset(session: Session, asset: Asset) -> list[str]:
    """GDPR erasure: the asset, its photos, e-mail and history go; one anonymised event stays.

    Returns the photo file keys; the caller deletes the files after the transaction commits.
    """
    keys = [p.file_key for p in photos_of(session, asset.id)]
    asset_id = asset.id
    session.execute(delete(AssetEvent).where(AssetEvent.asset_id == asset_id))
    session.delete(asset)
    session.flush()
    record_event(session, asset_id, RESIDENT, "erased")
    return keys


def submission_export(session: Session, asset: Asset) -> dict[str, Any]:
    """Everything stored about one submission, for the submitter's right of access."""
    fields = {
        k: getattr(asset, k)
        for k in (*EDITABLE, "email", "status", "status_note", "source", "endorsements")
    }
    lat, lon = asset_latlon(session, asset.id)
    history = [
        {
            k: (v.isoformat() if k == "created_at" else v)
            for k, v in e.items()
            if k in ("kind", "actor", "diff", "note", "created_at")
        }
        for e in asset_history(session, asset.id)
        if e["asset_id"] == asset.id
    ]
    return {
        "id": asset.id,
        **fields,
        "location": {"lat": lat, "lon": lon, "wkt": _wkt_4326(session, asset.id)},
        "submitted_at": asset.submitted_at.isoformat(),
        "last_verified_at": asset.last_verified_at.isoformat() if asset.last_verified_at else None,
        "photos": [
            {"id": p.id, "width": p.width, "height": p.height, "bytes": p.bytes}
            for p in photos_of(session, asset.id)
        ],
        "areas": asset_areas(session, asset.id),
        "history": history,
    }
