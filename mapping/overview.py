"""The overview map: every loaded layer, toggleable, with popups and provenance."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.layers import LayerView, add_layer, fit_to

STYLE = {
    "kommune": ("#444444", 0.0), "sogn": ("#6a51a3", 0.05), "postnummer": ("#2171b5", 0.05),
    "boligområde": ("#d94801", 0.25), "estates": ("#a50f15", 0.45), "venues": ("#238b45", 0.0),
    "associations": ("#807dba", 0.0), "pois": ("#737373", 0.0),
}  # fmt: skip
POPUPS = {
    "areas": ["name", "code", "residents", "layer"],
    "estates": ["name", "boligorganisation", "dwellings", "residents", "list_status", "layer"],
    "venues": ["name", "type", "address", "capacity", "step_free", "kitchen", "layer"],
    "associations": ["name", "category", "members", "activities", "layer"],
    "pois": ["name", "category", "layer"],
}
# Layer names and popup fields are the catalogue's `map.overview.<kind or column>` (app/messages/
# maps.py); tests/test_i18n_catalogue.py checks that every member of STYLE and POPUPS has them.


def overview_views(frames: dict[str, gpd.GeoDataFrame], lang: str = "da") -> list[LayerView]:
    """One LayerView per area kind and per point/estate layer, in drawing order."""
    t = texts.t(lang)
    views = []
    areas = frames.get("areas")
    if areas is not None:
        for kind in ("kommune", "postnummer", "sogn", "boligområde"):
            part = areas[areas["kind"] == kind]
            title = t(f"map.overview.{kind}")
            views.append(_view(title, part, kind, "areas", lang, show=kind != "postnummer"))
    for key in ("estates", "venues", "associations", "pois"):
        if key in frames:
            title = t(f"map.overview.{key}")
            views.append(_view(title, frames[key], key, key, lang, show=key != "pois"))
    return views


def _view(title, frame, style_key, popup_key, lang, show=True) -> LayerView:  # type: ignore[no-untyped-def]
    """A layer's look and popup; the popup fields are named `map.overview.<column>`."""
    color, opacity = STYLE[style_key]
    t = texts.t(lang)
    popup = [(c, t(f"map.overview.{c}")) for c in POPUPS[popup_key]]
    radius = 3 if style_key == "pois" else 5
    return LayerView(title, frame, color, popup, show=show, fill_opacity=opacity, radius=radius)


def build_overview_map(
    frames: dict[str, gpd.GeoDataFrame], lang: str = "da", tiles: str | None = "OpenStreetMap"
) -> folium.Map:
    """All layers with a layer control; synthetic layers named on the map; credits shown."""
    m = new_map(tiles=tiles)
    for view in overview_views(frames, lang):
        add_layer(m, view)
    folium.LayerControl(collapsed=False).add_to(m)
    fit_to(m, [f for f in frames.values() if not f.empty])
    synthetic, credits = [], []
    for frame in frames.values():
        if frame.empty:
            continue
        synthetic += sorted(set(frame.loc[frame["synthetic"], "layer"]))
        credits += [c for c in frame["credit"].dropna().unique() if c]
    synthetic_notice(m, sorted(set(synthetic)), lang)
    credits_notice(m, credits)
    return m


@dataclass(frozen=True)
class LegendEntry:
    """One layer as the page beside the map names it: swatch colour, shape and count."""

    title: str
    color: str
    shape: str  # "area" (outlined/filled polygon) or "point" (circle marker)
    count: int
    shown: bool  # switched on when the map opens


@dataclass(frozen=True)
class LayerTable:
    """The same features as a table (the text alternative to the map, WCAG 1.1.1)."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    total: int


def overview_legend(frames: dict[str, gpd.GeoDataFrame], lang: str = "da") -> list[LegendEntry]:
    """The legend of the overview map, in the map's drawing order, empty layers left out."""
    return [
        LegendEntry(v.title, v.color, "point" if _points(v.frame) else "area", len(v.frame), v.show)
        for v in overview_views(frames, lang)
        if not v.frame.empty
    ]


def overview_tables(
    frames: dict[str, gpd.GeoDataFrame], lang: str = "da", limit: int = 1000
) -> list[LayerTable]:
    """Each layer's popup fields as rows (at most `limit` per layer, sorted by name)."""
    tables = []
    for view in overview_views(frames, lang):
        if view.frame.empty:
            continue
        columns = [(c, label) for c, label in view.popup if c in view.frame.columns]
        ordered = view.frame.sort_values("name") if "name" in view.frame.columns else view.frame
        rows = [
            [_cell(row[c], lang) for c, _ in columns] for _, row in ordered.head(limit).iterrows()
        ]
        tables.append(
            LayerTable(view.title, [label for _, label in columns], rows, len(view.frame))
        )
    return tables


def _points(frame: gpd.GeoDataFrame) -> bool:
    return bool((frame.geom_type == "Point").all())


def _cell(value: object, lang: str) -> str:
    """Plain text for a table cell (the template escapes it)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return texts.t(lang)("yes" if value else "no")
    if isinstance(value, float):
        return texts.number(int(value) if value.is_integer() else value, lang)
    return str(value)
