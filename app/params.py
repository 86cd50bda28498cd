"""Parameter types shared by the routes: bounded ids, NUL-free text, Danish points and bboxes.

Each type refuses what the database cannot hold or what makes no sense for a Danish municipality
before a query runs, so bad input is a 422 with the field named, never a 500: ids above the
INTEGER range, text with NUL characters (PostgreSQL text cannot store them), non-finite numbers,
bboxes outside the globe or inverted. The bounds are in the OpenAPI schema too, so clients and
the fuzzer (tests/test_api_fuzz.py) see them.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import HTTPException, Path, Query
from pydantic import AfterValidator, Field

from geodata.models import AREA_KINDS
from geodata.models_assets import LAT_RANGE, LON_RANGE, STATUSES

INT32_MAX = 2**31 - 1  # PostgreSQL INTEGER
SEED_MAX = 2**32 - 1  # numpy seeds are non-negative; bounded to keep them plain numbers
AREA_KIND_ENUM: dict[str, Any] = {"enum": list(AREA_KINDS)}
NO_NUL = r"^[^\x00]*$"


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("must not contain NUL (\\0) characters")
    return value


def text_query(max_length: int, description: str | None = None) -> Any:
    """Query(...) for text: bounded length, and no NUL in the schema (use with `NulFree`)."""
    return Query(
        max_length=max_length, description=description, json_schema_extra={"pattern": NO_NUL}
    )


def _inside(name: str, bounds: tuple[float, float]) -> Any:
    def check(value: float | None) -> float | None:
        if value is not None and not bounds[0] <= value <= bounds[1]:
            raise ValueError(f"{name} must be inside Denmark: {bounds[0]} to {bounds[1]}")
        return value

    return check


PathId = Annotated[int, Path(ge=1, le=INT32_MAX, description="A row id (1 to 2^31-1).")]
IdValue = Annotated[int, Field(ge=1, le=INT32_MAX)]  # an id in a form or a JSON body
NulFree = AfterValidator(_no_nul)
# A point in Denmark (the asset map's duplicate hint): anything else is a clear 422.
DkLat = Annotated[
    float | None,
    Query(description="Latitude (WGS84) inside Denmark.",
          json_schema_extra={"minimum": LAT_RANGE[0], "maximum": LAT_RANGE[1]}),
    AfterValidator(_inside("lat", LAT_RANGE)),
]  # fmt: skip
DkLon = Annotated[
    float | None,
    Query(description="Longitude (WGS84) inside Denmark.",
          json_schema_extra={"minimum": LON_RANGE[0], "maximum": LON_RANGE[1]}),
    AfterValidator(_inside("lon", LON_RANGE)),
]  # fmt: skip
AreaKind = Annotated[
    str | None,
    Query(description="Area kind.", json_schema_extra={"enum": list(AREA_KINDS)}),
    AfterValidator(lambda v: _one_of(v, AREA_KINDS, "area_kind")),
]


def _one_of(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of: {', '.join(allowed)}")
    return value


BBOX_PATTERN = r"^\s*-?\d+(\.\d+)?\s*(,\s*-?\d+(\.\d+)?\s*){3}$"
Bbox = Annotated[
    str | None,
    Query(
        max_length=100,
        description="minlon,minlat,maxlon,maxlat in WGS84 degrees.",
        json_schema_extra={"pattern": BBOX_PATTERN},
    ),
]


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """Four finite numbers on the globe with min < max, or a 422 that says which rule failed."""
    if text is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        raise _bad_bbox("bbox must be four numbers: minlon,minlat,maxlon,maxlat") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        raise _bad_bbox("bbox must be finite numbers (no inf or nan)")
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90):
        raise _bad_bbox("bbox must lie within -180..180 longitude and -90..90 latitude")
    if not (x0 < x1 and y0 < y1):
        raise _bad_bbox("bbox must have minlon < maxlon and minlat < maxlat")
    return x0, y0, x1, y1


def _bad_bbox(detail: str) -> HTTPException:
    return HTTPException(422, detail)


OptText = Annotated[str | None, text_query(100), NulFree]
Offset = Annotated[int, Query(ge=0, le=INT32_MAX)]


def _status(value: str) -> str:
    if value != "all" and value not in STATUSES:
        raise ValueError(f"status must be one of: all, {', '.join(STATUSES)}")
    return value


StatusFilter = Annotated[
    str,
    Query(max_length=20, description="An asset status, or all.",
          json_schema_extra={"enum": ["all", *STATUSES]}),
    AfterValidator(_status),
]  # fmt: skip


# The ranking question's words: a profile key, an area kind, a period (pages, maps and API).
ProfileKey = Annotated[str, text_query(60, "A built-in or saved profile key."), NulFree]
KindQuery = Annotated[str, Query(max_length=40, json_schema_extra=AREA_KIND_ENUM), NulFree]
PeriodQuery = Annotated[str | None, text_query(20, "Indicator period, e.g. 2024."), NulFree]
PathText = Annotated[str, Path(max_length=80), NulFree]
