"""Layer metadata and features as GeoJSON (EPSG:4326)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from app.deps import get_session
from geodata.queries.features import feature_frame
from geodata.queries.layers import list_layers

router = APIRouter(prefix="/api", tags=["layers"])
GEOJSON = "application/geo+json"


@router.get("/layers")
def layers(session: Session = Depends(get_session)) -> list[dict[str, Any]]:
    """Every loaded layer with its source, licence, credit, load time and synthetic flag."""
    return [dict(row._mapping) for row in list_layers(session)]


@router.get("/features/{kind}", responses={200: {"content": {GEOJSON: {}}}})
def features(
    kind: str,
    session: Session = Depends(get_session),
    area_kind: Annotated[str | None, Query(description="For areas: sogn, postnummer ...")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
) -> Response:
    """Features of one kind (areas, estates, venues, associations, pois) as GeoJSON."""
    box = _parse_bbox(bbox) if bbox else None
    frame = feature_frame(session, kind, area_kind=area_kind, bbox=box)
    return Response(frame.to_json(drop_id=True, to_wgs84=False), media_type=GEOJSON)


def _parse_bbox(text: str) -> tuple[float, float, float, float]:
    from fastapi import HTTPException

    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be four numbers: minlon,minlat,maxlon,maxlat") from None
    if not (x0 < x1 and y0 < y1):
        raise HTTPException(422, "bbox must have minlon < maxlon and minlat < maxlat")
    return x0, y0, x1, y1
