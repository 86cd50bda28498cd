"""One parameter model for every asset view: the list page, its map frame, the embed, the
GeoJSON and the CSV (and any later download format).

Each of them reads its filters into :class:`AssetQuery` and the page builds the frame and the
download links from the same object (`query.as_params()`), so a shared link, the map in it and
the file downloaded from it always show the same assets. The staff views (moderation queue,
its map, exports) use :class:`StaffAssetQuery`, which adds the status filters.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.params import BBOX_PATTERN, NO_NUL, OFFSET_MAX, NulFree, Page, parse_bbox
from geodata.models_assets import PUBLIC_STATUS, STATUSES
from geodata.queries.assets_public import AssetFilter
from mapping.assets_map import MapView

Category = Literal["skills", "associations", "institutions", "spaces", "economy", "culture"]
StatusChoice = Literal["all", "pending", "approved", "rejected", "merged", "hidden", "archived"]
VIEW_FIELDS = ("lat", "lon", "zoom")
LIMIT_MAX = 5000
API_LIMIT = 1000  # the JSON API's default page


class AssetQuery(BaseModel):
    """Which assets to show (filters and paging) and, for maps, where to look (view)."""

    model_config = ConfigDict(extra="ignore")  # ?lang= and the like are not filters

    category: Category | None = Field(None, description="ABCD category")
    subcategory: str | None = Field(None, max_length=40, pattern=r"^[a-z_]+$")
    area: Annotated[str | None, NulFree] = Field(
        None, max_length=80, pattern=r"^[^:]+:.+$", description="kind:code, e.g. sogn:8021"
    )
    q: Annotated[str | None, NulFree] = Field(
        None, max_length=100, json_schema_extra={"pattern": NO_NUL}, description="Text search"
    )
    bbox: str | None = Field(
        None, max_length=100, pattern=BBOX_PATTERN, description="minlon,minlat,maxlon,maxlat"
    )
    limit: int | None = Field(None, ge=1, le=LIMIT_MAX, description="Assets per page (all: none)")
    page: int = Field(1, ge=1, le=100_000, description="Page number when limit is given")
    lat: float | None = Field(None, ge=-90, le=90, description="Map view centre (maps only)")
    lon: float | None = Field(None, ge=-180, le=180, description="Map view centre (maps only)")
    zoom: int | None = Field(None, ge=3, le=19, description="Map view zoom (maps only)")

    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, data: Any) -> Any:
        """A GET form sends "" for "all"/"none": that means the filter is not set."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("q")
    @classmethod
    def _trim(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: str | None) -> str | None:
        try:
            parse_bbox(value)
        except HTTPException as exc:
            raise ValueError(str(exc.detail)) from None
        return value

    def statuses(self) -> tuple[str, ...]:
        return (PUBLIC_STATUS,)

    def filter(self) -> AssetFilter:
        """The filter for geodata.queries.assets_public (statuses decided by the model)."""
        return AssetFilter(
            category=self.category, subcategory=self.subcategory, area=self.area, q=self.q,
            statuses=self.statuses(), bbox=parse_bbox(self.bbox), limit=self.limit,
            offset=(self.page - 1) * self.limit if self.limit else 0,
        )  # fmt: skip

    def view(self) -> MapView | None:
        """A shared map view, when centre and zoom are both given."""
        if self.lat is None or self.lon is None:
            return None
        return MapView(self.lat, self.lon, self.zoom or 14)

    def as_params(self, view: bool = False, **changes: Any) -> str:
        """The query as a canonical query string (unset fields left out); `view` adds the map
        centre and zoom, `changes` override fields (e.g. page=2)."""
        data = self.model_dump() | changes
        skip = () if view else VIEW_FIELDS
        pairs = [
            (name, _text(value))
            for name, value in data.items()
            if name not in skip and value is not None and not _default(self, name, value)
        ]
        return urlencode(pairs)


def _default(query: BaseModel, name: str, value: Any) -> bool:
    field = type(query).model_fields[name]
    return name in ("page", "reverify") and value == field.default


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class StaffAssetQuery(AssetQuery):
    """The coordinator's filters: any status (default: pending), or only assets due for
    re-verification (approved, not verified for `asset_reverify_days`)."""

    status: StatusChoice = "pending"
    reverify: bool = False

    def statuses(self) -> tuple[str, ...]:
        return STATUSES if self.status == "all" or self.reverify else (self.status,)

    def staff_filter(self, reverify_days: int) -> AssetFilter:
        flt = self.filter()
        flt.reverify_days = reverify_days if self.reverify else None
        return flt


class ApiPaging(BaseModel):
    """The JSON API's paging over an asset query (OGC API Features): `limit` always has a
    value (an unpaged national answer was 27 MB at 50,000 assets), `offset` counts rows, and the
    page model's `page` still works (folded into the offset; the links drop it)."""

    limit: int = Field(API_LIMIT, ge=1, le=LIMIT_MAX, description=f"Assets per page (1 to "
                       f"{LIMIT_MAX}; default {API_LIMIT})")  # fmt: skip
    offset: int = Field(0, ge=0, le=OFFSET_MAX, description="Assets to skip")

    def filter(self) -> AssetFilter:
        flt = super().filter()  # type: ignore[misc]  # AssetQuery's, next in the MRO
        flt.offset += self.offset
        return flt  # type: ignore[no-any-return]

    def paged(self) -> Page:
        flt = self.filter()
        return Page(self.limit, flt.offset, parse_bbox(getattr(self, "bbox", None)), ("page",))


class AssetApiQuery(ApiPaging, AssetQuery):
    """`GET /api/assets`: the public filters, a page at a time."""


class StaffAssetApiQuery(ApiPaging, StaffAssetQuery):
    """`GET /api/admin/assets`: the coordinator's filters, a page at a time."""


class ExportQuery(StaffAssetQuery):
    """A coordinator's export: every status unless one is asked for."""

    status: StatusChoice = "all"
