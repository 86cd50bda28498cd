"""The overview map: every loaded layer, toggleable, with popups and provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.layers import LayerView, add_layer, fit_to
from mapping.vector_tiles import TileSpec, add_tile_layer, esc, fit_bounds

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


AREA_ORDER = ("kommune", "postnummer", "sogn", "boligområde")
LAYER_ORDER = ("estates", "venues", "associations", "pois")
HIDDEN = ("postnummer", "pois")  # off when the map opens
# What the tiles carry of each layer's popup (geodata/queries/tiles.py: the public columns).
TILE_POPUPS = {
    "areas": ("name", "code"), "estates": ("name", "boligorganisation"),
    "venues": ("name", "type"), "associations": ("name",), "pois": ("name", "category"),
}  # fmt: skip


def keyed_views(frames: dict[str, gpd.GeoDataFrame], lang: str = "da") -> dict[str, LayerView]:
    """One LayerView per area kind and per point/estate layer, by style key, in drawing order."""
    t = texts.t(lang)
    views = {}
    areas = frames.get("areas")
    if areas is not None:
        for kind in AREA_ORDER:
            part = areas[areas["kind"] == kind]
            title = t(f"map.overview.{kind}")
            views[kind] = _view(title, part, kind, "areas", lang, show=kind not in HIDDEN)
    for key in LAYER_ORDER:
        if key in frames:
            title = t(f"map.overview.{key}")
            views[key] = _view(title, frames[key], key, key, lang, show=key not in HIDDEN)
    return views


def overview_views(frames: dict[str, gpd.GeoDataFrame], lang: str = "da") -> list[LayerView]:
    """One LayerView per area kind and per point/estate layer, in drawing order."""
    return list(keyed_views(frames, lang).values())


def _view(title, frame, style_key, popup_key, lang, show=True) -> LayerView:  # type: ignore[no-untyped-def]
    """A layer's look and popup; the popup fields are named `map.overview.<column>`."""
    color, opacity = STYLE[style_key]
    t = texts.t(lang)
    popup = [(c, t(f"map.overview.{c}")) for c in POPUPS[popup_key]]
    radius = 3 if style_key == "pois" else 5
    return LayerView(title, frame, color, popup, show=show, fill_opacity=opacity, radius=radius)


@dataclass
class OverviewTiles:
    """The overview's layers drawn from vector tiles: style key (area kind or layer) -> tile
    URL, the box of everything, and the synthetic layer names and credits of the tiled ones."""

    urls: dict[str, str]
    bounds: tuple[float, float, float, float] | None = None
    synthetic: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def _tile_spec(key: str, url: str, lang: str) -> TileSpec:
    """One overview layer from tiles, in the embedded layer's colour, with its popup fields."""
    t = texts.t(lang)
    color, opacity = STYLE[key]
    layer = "areas" if key in AREA_ORDER else key
    rows = [f"<b>{esc(t(f'map.overview.{c}'))}</b>: {{p.{c}}}" for c in TILE_POPUPS[layer]]
    points = layer in ("venues", "associations", "pois")
    fill = 0.8 if points else opacity
    style = {"color": color, "weight": 1.5, "fillColor": color, "fill": True,
             "fillOpacity": fill, "radius": 3 if key == "pois" else 5}  # fmt: skip
    title = t(f"map.overview.{key}")
    return TileSpec(url, layer, title, style, points=points, popup="<br>".join(rows),
                    tooltip="{p.name}", aggregate=t("map.frame.places"))  # fmt: skip


def build_overview_map(
    frames: dict[str, gpd.GeoDataFrame],
    lang: str = "da",
    tiles: str | None = "OpenStreetMap",
    tiled: OverviewTiles | None = None,
) -> folium.Map:
    """All layers with a layer control; synthetic layers named on the map; credits shown.
    Layers named in ``tiled`` come from vector tiles (the others are embedded), in the same
    drawing order, colours and visibility."""
    m = new_map(tiles=tiles)
    urls = tiled.urls if tiled else {}
    if tiled is not None and urls:
        fit_bounds(m, tiled.bounds)  # before the layers: the first tiles asked for are shown
    embedded = keyed_views(frames, lang)
    for key in (*AREA_ORDER, *LAYER_ORDER):
        if key in urls:
            add_tile_layer(m, _tile_spec(key, urls[key], lang), show=key not in HIDDEN)
        elif key in embedded:
            add_layer(m, embedded[key])
    folium.LayerControl(collapsed=False).add_to(m)
    if not urls:
        fit_to(m, [f for f in frames.values() if not f.empty])
    synthetic = list(tiled.synthetic) if tiled else []
    credits = list(tiled.credits) if tiled else []
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


def overview_legend(
    frames: dict[str, gpd.GeoDataFrame], lang: str = "da", totals: dict[str, int] | None = None
) -> list[LegendEntry]:
    """The legend of the overview map, in the map's drawing order, empty layers left out.

    ``totals`` (by style key) are the layers' full counts when the frames hold only their first
    rows (the page reads at most a table's worth of each layer, whatever the data size)."""
    totals = totals or {}
    return [
        LegendEntry(
            v.title,
            v.color,
            "point" if _points(v.frame) else "area",
            totals.get(key, len(v.frame)),
            v.show,
        )
        for key, v in keyed_views(frames, lang).items()
        if not v.frame.empty
    ]


def overview_tables(
    frames: dict[str, gpd.GeoDataFrame],
    lang: str = "da",
    limit: int = 1000,
    totals: dict[str, int] | None = None,
) -> list[LayerTable]:
    """Each layer's popup fields as rows (at most `limit` per layer, sorted by name), with the
    layer's full count from ``totals`` (by style key) when the frames are its first rows."""
    tables = []
    totals = totals or {}
    for key, view in keyed_views(frames, lang).items():
        if view.frame.empty:
            continue
        columns = [(c, label) for c, label in view.popup if c in view.frame.columns]
        ordered = view.frame.sort_values("name") if "name" in view.frame.columns else view.frame
        rows = [
            [_cell(row[c], lang) for c, _ in columns] for _, row in ordered.head(limit).iterrows()
        ]
        tables.append(
            LayerTable(
                view.title, [label for _, label in columns], rows, totals.get(key, len(view.frame))
            )
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
