"""Helpers shared by the asset routes: language, labels, filters, map views and form parsing.

Not a route module (no router): the resident, public and coordinator routes import from here so
they translate, validate and filter identically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from app.i18n import language, translator
from app.settings import Settings
from geodata.models_assets import (
    CATEGORIES,
    AssetIn,
    Location,
    category_label,
    clean_email,
    subcategory_label,
)
from mapping.base import render as render_map

TEXT_FIELDS = ("category", "subcategory", "title", "description", "schedule", "contact", "link")


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def lang_of(request: Request) -> str:
    return language(request, settings_of(request).default_language)


def t_of(request: Request) -> Callable[..., str]:
    return translator(lang_of(request))


def generalise_m(request: Request) -> int:
    return settings_of(request).skill_generalisation_m


def map_labels(request: Request) -> dict[str, str]:
    t = t_of(request)
    keys = ("more", "when", "approximate", "layer", "locate", "marker", "status")
    return {k: t(f"assets.map.{k}") for k in keys} | {"synthetic_layer": t("assets.synthetic")}


def categories_for(lang: str) -> list[dict[str, Any]]:
    """Categories and subcategories with labels in `lang`, for selects and the legend."""
    return [
        {
            "code": code,
            "label": category_label(code, lang),
            "subs": [{"code": s, "label": subcategory_label(code, s, lang)} for s in entry["subs"]],
        }
        for code, entry in CATEGORIES.items()
    ]


def with_labels(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """Add translated category and subcategory names (popups, lists, downloads)."""
    out = frame.copy()
    out["category_label"] = [category_label(c, lang) for c in out["category"]]
    out["subcategory_label"] = [
        subcategory_label(c, s, lang)
        for c, s in zip(out["category"], out["subcategory"], strict=True)
    ]
    return out


def map_response(m: folium.Map, lang: str = "da") -> HTMLResponse:
    """A Folium document with local assets; frameable by our own pages only unless embedded."""
    return HTMLResponse(render_map(m, lang))


@dataclass
class AssetForm:
    """A submitted asset form: the raw values (to show again) and what failed, per field."""

    values: dict[str, str]
    data: AssetIn | None = None
    location: Location | None = None
    email: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


ERROR_KEYS = {
    "missing": "assets.err.required",
    "string_too_short": "assets.err.required",
    "string_too_long": "assets.err.too_long",
    "literal_error": "assets.err.choice",
    "greater_than_equal": "assets.err.range",
    "less_than_equal": "assets.err.range",
    "float_parsing": "assets.err.number",
}


def _messages(exc: ValidationError, t: Callable[..., str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else "subcategory"
        key = ERROR_KEYS.get(err["type"])
        limit = (err.get("ctx") or {}).get("max_length", "")
        text = t(key, max=limit) if key else str(err["msg"]).removeprefix("Value error, ")
        out.setdefault(name, text)
    return out


def parse_asset_form(form: Any, t: Callable[..., str], need_consent: bool = True) -> AssetForm:
    """Validate the text fields, location, e-mail and consent of a resident or coordinator form."""
    names = (*TEXT_FIELDS, "lat", "lon", "email", "consent", "event")
    values = {k: str(form.get(k) or "")[:5000] for k in names}
    result = AssetForm(values)
    try:
        result.data = AssetIn.model_validate({k: values[k] for k in TEXT_FIELDS})
    except ValidationError as exc:
        result.errors |= _messages(exc, t)
    try:
        result.location = Location.model_validate(
            {"lat": values["lat"] or None, "lon": values["lon"] or None}
        )
    except ValidationError:
        result.errors["location"] = t("assets.err.location")
    try:
        result.email = clean_email(values["email"])
    except ValueError:
        result.errors["email"] = t("assets.err.email")
    if need_consent and values["consent"] != "yes":
        result.errors["consent"] = t("assets.err.consent")
    return result
