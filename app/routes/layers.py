"""Layer metadata and features as GeoJSON (EPSG:4326)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.params import AreaKind, Page, feature_page, paged_array, paging
from geodata.queries.features import SELECTS, feature_count, feature_frame
from geodata.queries.layers import list_layers

router = APIRouter(prefix="/api", tags=["layers"])
GEOJSON = "application/geo+json"


@router.get("/layers")
def layers(
    request: Request, page: Page = paging(100, 1000), session: Session = DB_SESSION
) -> list[dict[str, Any]]:
    """Loaded layers with their source, licence, credit, load time and synthetic flag, by kind
    and name; a bare array as before, the next and previous pages in the `Link` header."""
    rows, more = page.cut(list_layers(session, page.probe, page.offset))
    return paged_array(request, page, [dict(row._mapping) for row in rows], more)


@router.get("/features/{kind}", responses={200: {"content": {GEOJSON: {}}}})
def features(
    request: Request,
    kind: Annotated[str, Path(max_length=20, json_schema_extra={"enum": [*SELECTS]})],
    session: Session = DB_SESSION,
    area_kind: AreaKind = None,
    page: Page = paging(1000, 10_000, bbox=True),
) -> Response:
    """Features of one kind (areas, estates, venues, associations, pois) as a GeoJSON page in id
    order with `numberMatched`, `numberReturned` and `links` (next, prev); `area_kind` (sogn,
    postnummer ...) only with kind=areas."""
    frame = feature_frame(session, kind, area_kind, page.bbox, limit=page.limit, offset=page.offset)
    total = feature_count(session, kind, area_kind, page.bbox)
    return feature_page(request, page, frame.to_json(drop_id=True, to_wgs84=False), total)
