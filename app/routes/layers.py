"""Layer metadata and features as GeoJSON (EPSG:4326)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.params import AreaKind, Bbox, parse_bbox
from geodata.queries.features import SELECTS, feature_frame
from geodata.queries.layers import list_layers

router = APIRouter(prefix="/api", tags=["layers"])
GEOJSON = "application/geo+json"


@router.get("/layers")
def layers(session: Session = DB_SESSION) -> list[dict[str, Any]]:
    """Every loaded layer with its source, licence, credit, load time and synthetic flag."""
    return [dict(row._mapping) for row in list_layers(session)]


@router.get("/features/{kind}", responses={200: {"content": {GEOJSON: {}}}})
def features(
    kind: Annotated[str, Path(max_length=20, json_schema_extra={"enum": [*SELECTS]})],
    session: Session = DB_SESSION,
    area_kind: AreaKind = None,
    bbox: Bbox = None,
) -> Response:
    """Features of one kind (areas, estates, venues, associations, pois) as GeoJSON;
    `area_kind` (sogn, postnummer ...) only with kind=areas."""
    frame = feature_frame(session, kind, area_kind=area_kind, bbox=parse_bbox(bbox))
    return Response(frame.to_json(drop_id=True, to_wgs84=False), media_type=GEOJSON)
