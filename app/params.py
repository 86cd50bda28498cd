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

from app.errors import HTTPError
from app.validation import NO_NUL, KeyedValueError
from geodata.models import AREA_KINDS
from geodata.models_assets import LAT_RANGE, LON_RANGE, STATUSES

INT32_MAX = 2**31 - 1  # PostgreSQL INTEGER
SEED_MAX = 2**32 - 1  # numpy seeds are non-negative; bounded to keep them plain numbers
AREA_KIND_ENUM: dict[str, Any] = {"enum": list(AREA_KINDS)}


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise KeyedValueError("must not contain NUL (\\0) characters", key="error.param.nul")
    return value


def text_query(max_length: int, description: str | None = None) -> Any:
    """Query(...) for text: bounded length, and no NUL in the schema (use with `NulFree`)."""
    return Query(
        max_length=max_length, description=description, json_schema_extra={"pattern": NO_NUL}
    )


def _inside(name: str, bounds: tuple[float, float]) -> Any:
    def check(value: float | None) -> float | None:
        if value is not None and not bounds[0] <= value <= bounds[1]:
            raise KeyedValueError(
                f"{name} must be inside Denmark: {bounds[0]} to {bounds[1]}",
                key="error.param.inside_dk", name=name, low=bounds[0], high=bounds[1],
            )  # fmt: skip
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
        raise KeyedValueError(
            f"{name} must be one of: {', '.join(allowed)}",
            key="error.param.one_of", name=name, allowed=", ".join(allowed),
        )  # fmt: skip
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
        raise _bad_bbox("numbers") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        raise _bad_bbox("finite")
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180 and -90 <= y0 <= 90 and -90 <= y1 <= 90):
        raise _bad_bbox("range")
    if not (x0 < x1 and y0 < y1):
        raise _bad_bbox("order")
    return x0, y0, x1, y1


def _bad_bbox(rule: str) -> HTTPException:
    return HTTPError(422, f"error.param.bbox.{rule}")


OptText = Annotated[str | None, text_query(100), NulFree]
Offset = Annotated[int, Query(ge=0, le=INT32_MAX)]


def _status(value: str) -> str:
    if value != "all" and value not in STATUSES:
        raise KeyedValueError(
            f"status must be one of: all, {', '.join(STATUSES)}",
            key="error.param.one_of", name="status", allowed=", ".join(("all", *STATUSES)),
        )  # fmt: skip
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

# Place search (/api/places): what a person types into the map's search box, and how many results.
PlaceText = Annotated[
    str,
    Query(min_length=2, max_length=100, description="A place name or address (2-100 characters).",
          json_schema_extra={"pattern": NO_NUL}),
    NulFree,
]  # fmt: skip
PlaceLimit = Annotated[int, Query(ge=1, le=25, description="At most this many results (1-25).")]
MapZoom = Annotated[int, Query(ge=0, le=22, description="The map's zoom level (0-22).")]
