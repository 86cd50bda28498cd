"""Parameter types shared by the routes: bounded ids, NUL-free text, Danish points and bboxes.

Each type refuses what the database cannot hold or what makes no sense for a Danish municipality
before a query runs, so bad input is a 422 with the field named, never a 500: ids above the
INTEGER range, text with NUL characters (PostgreSQL text cannot store them), non-finite numbers,
bboxes outside the globe or inverted. The bounds are in the OpenAPI schema too, so clients and
the fuzzer (tests/test_api_fuzz.py) see them.

The paging helper at the end (`paging`, `Page`, `page_links`, `feature_page`) is the one way
every list and feature endpoint pages: OGC API Features' limit, offset, bbox and next links.
"""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, HTTPException, Path, Query, Request, Response
from pydantic import AfterValidator, Field
from starlette.datastructures import URL

from app.errors import HTTPError
from app.validation import NO_NUL, KeyedValueError
from geodata.models import AREA_KINDS
from geodata.models_assets import LAT_RANGE, LON_RANGE, STATUSES

INT32_MAX = 2**31 - 1  # PostgreSQL INTEGER
SEED_MAX = 2**32 - 1  # numpy seeds are non-negative; bounded to keep them plain numbers
AREA_KIND_ENUM: dict[str, Any] = {"enum": list(AREA_KINDS)}
T = TypeVar("T")


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
MapZoom = Annotated[int, Query(ge=0, le=22, description="The map's zoom level (0-22).")]


# --- paging: one helper for every list and feature endpoint (OGC API Features conventions) ---
# `limit` (a default and a maximum per endpoint, both in the OpenAPI schema), `offset` and, where
# the items have a geometry, `bbox`; the answer links the next and previous page from the request
# URL with every other query parameter kept, so a client walks the whole list by following `next`
# and never builds a URL itself.

OFFSET_MAX = 10_000_000  # deep enough for every national table; bounded so OFFSET stays an int
GEOJSON = "application/geo+json"
BboxTuple = tuple[float, float, float, float]
PageOffset = Annotated[
    int, Query(ge=0, le=OFFSET_MAX, description=f"Rows to skip (0 to {OFFSET_MAX:,}).")
]


@dataclass(frozen=True)
class Page:
    """One page: `limit` rows from `offset` in a stable order, optionally inside `bbox` (WGS84).

    `folded` names query parameters already folded into `offset` (the asset API's older `page`):
    the links drop them, so a next link never counts a page twice.
    """

    limit: int
    offset: int = 0
    bbox: BboxTuple | None = None
    folded: tuple[str, ...] = ()
    # FastAPI's response under construction: the links go into its Link header too
    response: Response | None = field(default=None, compare=False, repr=False)

    @property
    def probe(self) -> int:
        """Rows to ask the database for: one more than the page, so the extra row says whether
        a next page exists without counting the whole table."""
        return self.limit + 1

    def cut(self, rows: Sequence[T]) -> tuple[list[T], bool]:
        """The page's rows out of a `probe`-sized answer, and whether more rows follow."""
        return list(rows[: self.limit]), len(rows) > self.limit

    def slice(self, rows: Sequence[T]) -> tuple[list[T], int]:
        """This page of a computed answer that is already whole in memory (a ranking run, a
        venue solve), and the total; database lists page in SQL instead."""
        return list(rows[self.offset : self.offset + self.limit]), len(rows)

    def headers(self) -> dict[str, str]:
        """The Link header set so far, for a handler that returns its own Response (FastAPI
        copies the dependency's headers only into answers it builds itself)."""
        link = self.response.headers.get("link") if self.response is not None else None
        return {"Link": link} if link else {}


def paging(default: int, maximum: int, *, bbox: bool = False, offset_max: int = OFFSET_MAX) -> Any:
    """The dependency for a paged endpoint: `page: Page = paging(100, 1000)`.

    FastAPI reads `limit` (1 to `maximum`, default `default`), `offset` (0 to `offset_max`: a
    search ranks only so deep) and, with `bbox=True`, `bbox` into a :class:`Page`; a limit above
    the maximum is a 422 naming `limit`. The signature is built here (not written out) so each
    endpoint's schema shows its own default and maximum.
    """
    limit = Annotated[
        int,
        Query(ge=1, le=maximum, description=f"Rows per page (1 to {maximum}; default {default})."),
    ]
    offset = PageOffset if offset_max == OFFSET_MAX else Annotated[
        int, Query(ge=0, le=offset_max, description=f"Rows to skip (0 to {offset_max:,}).")
    ]  # fmt: skip
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter("limit", keyword, default=default, annotation=limit),
        inspect.Parameter("offset", keyword, default=0, annotation=offset),
        inspect.Parameter("response", keyword, annotation=Response),
    ]
    if bbox:
        params.append(inspect.Parameter("bbox", keyword, default=None, annotation=Bbox))

    def dependency(*, limit: int, offset: int, response: Response, bbox: str | None = None) -> Page:
        return Page(limit, offset, parse_bbox(bbox), response=response)

    setattr(dependency, "__signature__", inspect.Signature(params, return_annotation=Page))  # noqa: B010 -- FastAPI reads it
    return Depends(dependency)


def page_links(
    request: Request, page: Page, returned: int, total: int | None = None, more: bool | None = None
) -> dict[str, str | None]:
    """`self`, `next` and `prev` URLs of this page, from the request URL with the other query
    parameters kept (and quoted), also set as the answer's `Link` header. `next` only when more
    rows exist: `more` from a `probe` answer, else from `total`."""
    if more is None:
        more = total is not None and page.offset + returned < total
    here = _here(request).remove_query_params(list(page.folded))

    def at(offset: int) -> str:
        return str(here.include_query_params(limit=page.limit, offset=offset))

    links = {
        "self": at(page.offset),
        "next": at(page.offset + page.limit) if more else None,
        "prev": at(max(0, page.offset - page.limit)) if page.offset > 0 else None,
    }
    if page.response is not None:
        page.response.headers["Link"] = link_header(links)
    return links


def _here(request: Request) -> URL:
    """The request URL with its path percent-encoded again (Starlette keeps it decoded, and a
    project code like SØ must not put raw UTF-8 into a link or a header)."""
    return request.url.replace(path=quote(request.scope["path"], safe="/"))


def link_header(links: dict[str, str | None]) -> str:
    """RFC 8288 `Link` header of the links that exist (for bare JSON arrays, the only place)."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


def list_fields(
    request: Request, page: Page, returned: int, total: int | None = None, more: bool | None = None
) -> dict[str, Any]:
    """The paging members of a plain JSON list: limit, offset, next, prev (and total if known)."""
    links = page_links(request, page, returned, total, more)
    out: dict[str, Any] = {"limit": page.limit, "offset": page.offset}
    if total is not None:
        out["total"] = total
    return out | {"next": links["next"], "prev": links["prev"]}


def paged_array(request: Request, page: Page, items: list[Any], more: bool) -> list[Any]:
    """A bare JSON array kept as it was (clients index it), its next/prev in the Link header."""
    page_links(request, page, len(items), more=more)
    return items


def feature_page(
    request: Request,
    page: Page,
    collection: str | bytes | dict[str, Any],
    total: int | None = None,
    more: bool | None = None,
) -> Response:
    """A GeoJSON FeatureCollection page with `numberMatched` (when counted), `numberReturned` and
    OGC `links` (self, next, prev), plus the same links in a `Link` header."""
    body = collection if isinstance(collection, dict) else json.loads(collection)
    returned = len(body.get("features", []))
    links = page_links(request, page, returned, total, more)
    if total is not None:
        body["numberMatched"] = total
    body["numberReturned"] = returned
    body["links"] = [
        {"href": url, "rel": rel, "type": GEOJSON} for rel, url in links.items() if url
    ]
    return Response(
        json.dumps(body, ensure_ascii=False), media_type=GEOJSON,
        headers={"Link": link_header(links)},
    )  # fmt: skip
