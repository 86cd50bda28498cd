"""One request model for the venue finder, read from a JSON body or from a GET form.

The coordinator page is a GET form so a result can be shared as a link, and the map iframe,
the report and the downloads repeat the same query string; the API takes the same fields as
JSON. Parsing both into :class:`VenueQuery` means every view answers exactly the same question.
"""

from __future__ import annotations

from threading import Event
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from app import validation
from app.settings import Settings
from geodata.errors import NotFoundError
from geodata.queries.venue_inputs import Eligibility, StudyArea
from indicators import Profile
from usecases.ranking_profiles import DEFAULT_PROFILE, resolve_profile
from usecases.venues import (
    FinderInputError,
    FinderRequest,
    FinderResult,
    Rotation,
    SolveBounds,
    run,
)
from venues.limits import Limits

LIST_FIELDS = ("types", "weekdays", "required", "excluded")
NOT_QUERY = ("lang", "format", "table")  # page/export switches, not part of the question
EXAMPLE: dict[str, Any] = {
    "model": "mclp", "p": 2, "radius": 800, "unit": "m", "target": "65+",
    "area_kind": "postnummer", "area_code": "9210", "buffer_m": 500, "step_free": True,
    "weekdays": ["tir", "tor"], "time_window": "10:00-12:00",
}  # fmt: skip
AreaKind = Literal["postnummer", "sogn", "boligområde", "skoledistrikt", "kommune"]


class VenueFilters(BaseModel):
    """Where to look and what a venue must offer (also the candidates endpoint's filters)."""

    model_config = ConfigDict(extra="ignore")

    area_kind: AreaKind = "postnummer"
    area_code: str | None = Field("9210", max_length=60)
    buffer_m: float = Field(500.0, ge=0, le=10000)
    types: list[str] = Field(default_factory=list, max_length=20)
    step_free: bool = False
    kitchen: bool = False
    bookable_only: bool = False
    min_capacity: int | None = Field(None, ge=0, le=100000)
    weekdays: list[Literal["man", "tir", "ons", "tor", "fre", "lor", "son"]] = Field(
        default_factory=list
    )
    time_window: str | None = Field(None, max_length=20)

    def study_area(self) -> StudyArea | None:
        if not self.area_code:
            return None
        return StudyArea(self.area_kind, self.area_code.strip(), self.buffer_m)

    def eligibility(self) -> Eligibility:
        return Eligibility(
            types=tuple(self.types), step_free=self.step_free, kitchen=self.kitchen,
            min_capacity=self.min_capacity, weekdays=tuple(self.weekdays),
            time_window=self.time_window, bookable_only=self.bookable_only,
        )  # fmt: skip


class VenueQuery(VenueFilters):
    """The coordinator's question; defaults are the Aalborg SØ one (MCLP, p=2, 65+, 800 m)."""

    model_config = ConfigDict(
        extra="forbid",
        protected_namespaces=(),
        json_schema_extra={"examples": [EXAMPLE]},
    )

    model: Literal["mclp", "lscp", "pmedian", "pcenter"] = "mclp"
    p: int | None = Field(2, ge=1, le=100)
    radius: float | None = Field(800.0, gt=0, le=20000)
    unit: Literal["m", "min"] = "m"
    share: float = Field(1.0, gt=0, le=1)
    target: Literal["residents", "65+", "almene boliger", "need"] = "65+"
    profile: str = Field(DEFAULT_PROFILE, max_length=60)
    need_area_kind: AreaKind = "sogn"
    required: list[str] = Field(default_factory=list, max_length=100)
    excluded: list[str] = Field(default_factory=list, max_length=500)
    speed_m_per_min: float | None = Field(None, gt=10, le=200)
    method: Literal["auto", "network", "straight_line"] = "auto"
    network_layer: str | None = Field(None, max_length=120)
    slots_per_week: int | None = Field(None, ge=1, le=14)
    weeks: int | None = Field(None, ge=1, le=52)

    @field_validator("required", "excluded", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """Accept a list or one comma-separated text (the form's text field)."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        return [part.strip() for item in items for part in str(item).split(",") if part.strip()]

    def to_request(self, settings: Settings) -> FinderRequest:
        return FinderRequest(
            model=self.model, p=self.p, radius=self.radius, unit=self.unit, target=self.target,
            profile=self.profile, need_area_kind=self.need_area_kind, area=self.study_area(),
            eligibility=self.eligibility(), required=tuple(self.required),
            excluded=tuple(self.excluded), share=self.share,
            speed_m_per_min=self.speed_m_per_min or settings.walking_speed_m_per_min,
            detour_factor=settings.detour_factor, method=self.method,
            network_layer=self.network_layer or None, rotation=self.rotation(),
        )  # fmt: skip

    def rotation(self) -> Rotation | None:
        if self.slots_per_week is None and self.weeks is None:
            return None
        return Rotation(self.slots_per_week or 1, self.weeks or 1)

    def query_string(self) -> str:
        """The question as a canonical query string (defaults left out; lists repeated)."""
        pairs: list[tuple[str, str]] = []
        defaults = VenueQuery()
        for name in VenueQuery.model_fields:
            value = getattr(self, name)
            if name in LIST_FIELDS:
                pairs += [(name, str(v)) for v in value]
            elif value != getattr(defaults, name) or name in ("model", "p", "radius", "target"):
                pairs.append((name, "" if value is None else _text(value)))
        return urlencode(pairs)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def query_from_params(params: QueryParams) -> VenueQuery:
    """Read the GET form: repeated keys for lists, empty fields as "not given"."""
    data: dict[str, Any] = {}
    for key in params:
        if key in NOT_QUERY:
            continue
        values = [v for v in params.getlist(key) if v.strip() != ""]
        if key in LIST_FIELDS:
            data[key] = values
        elif values:
            data[key] = values[-1]
        elif key in ("area_code", "p", "radius"):
            data[key] = None  # an emptied default means "none", not "the default"
    return VenueQuery.model_validate(data)


def has_question(params: QueryParams) -> bool:
    return any(key not in NOT_QUERY for key in params)


def validation_text(exc: ValidationError, lang: str) -> str:
    """Field-by-field message for the page in the reader's language (the API returns the same
    as problem+json)."""
    return validation.text(exc.errors(), lang)


def answer(
    session: Session,
    query: VenueQuery,
    settings: Settings,
    catchments: bool = False,
    cancel: Event | None = None,
) -> FinderResult:
    """Run the venue finder; saved ranking profiles are allowed for the "need" target.

    The settings bound the solve (size, time, memory: see solve_bounds); `cancel` stops it
    when the client has gone away (app.routes.venues_cancel)."""
    request = query.to_request(settings)
    bounds = solve_bounds(settings, cancel)
    return run(session, request, resolve_profile=_profile, catchments=catchments, bounds=bounds)


def solve_bounds(settings: Settings, cancel: Event | None = None) -> SolveBounds:
    """The venue settings as the use case's bounds (usecases never read the app's settings)."""
    limits = Limits(
        exact_max_size=settings.venues_exact_max_size,
        time_limit_s=settings.venues_time_limit_s,
        cancel=cancel,
    )
    return SolveBounds(limits=limits, max_pairs=settings.venues_max_pairs)


def _profile(session: Session, key: str) -> Profile:
    """A built-in or saved profile; an unknown key is a bad request here, not a missing page."""
    try:
        return resolve_profile(session, key)
    except NotFoundError as exc:
        raise FinderInputError(str(exc), key=exc.key, **exc.params) from exc
