"""The overview map: every loaded layer, toggleable, with popups and provenance."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.layers import LayerView, add_layer, fit_to

LABELS = {
    "da": {
        "kommune": "Kommune", "sogn": "Sogne", "postnummer": "Postnumre",
        "boligområde": "Boligområder", "estates": "Almene boligafdelinger", "venues": "Lokaler",
        "associations": "Foreninger", "pois": "Stoppesteder og steder", "name": "Navn",
        "type": "Type", "address": "Adresse", "capacity": "Kapacitet", "residents": "Beboere",
        "dwellings": "Boliger", "boligorganisation": "Boligorganisation", "category": "Kategori",
        "members": "Medlemmer", "activities": "Aktiviteter", "layer": "Lag", "code": "Kode",
        "step_free": "Niveaufri adgang", "kitchen": "Køkken", "list_status": "Listestatus",
        "licence": "Licens", "synthetic": "Syntetisk",
    },
    "en": {
        "kommune": "Municipality", "sogn": "Parishes", "postnummer": "Postal areas",
        "boligområde": "Housing areas", "estates": "Social-housing estates", "venues": "Venues",
        "associations": "Associations", "pois": "Stops and places", "name": "Name",
        "type": "Type", "address": "Address", "capacity": "Capacity", "residents": "Residents",
        "dwellings": "Dwellings", "boligorganisation": "Housing association",
        "category": "Category", "members": "Members", "activities": "Activities",
        "layer": "Layer", "code": "Code", "step_free": "Step-free access", "kitchen": "Kitchen",
        "list_status": "Statutory list status", "licence": "Licence", "synthetic": "Synthetic",
    },
}  # fmt: skip

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


def overview_views(frames: dict[str, gpd.GeoDataFrame], lang: str = "da") -> list[LayerView]:
    """One LayerView per area kind and per point/estate layer, in drawing order."""
    labels = LABELS.get(lang, LABELS["da"])
    views = []
    areas = frames.get("areas")
    if areas is not None:
        for kind in ("kommune", "postnummer", "sogn", "boligområde"):
            part = areas[areas["kind"] == kind]
            views.append(
                _view(labels[kind], part, kind, "areas", labels, show=kind != "postnummer")
            )
    for key in ("estates", "venues", "associations", "pois"):
        if key in frames:
            views.append(_view(labels[key], frames[key], key, key, labels, show=key != "pois"))
    return views


def _view(title, frame, style_key, popup_key, labels, show=True) -> LayerView:  # type: ignore[no-untyped-def]
    color, opacity = STYLE[style_key]
    popup = [(c, labels.get(c, c)) for c in POPUPS[popup_key]]
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
