"""Layers drawn on top of a ranking choropleth: statutory outlines, need x capacity, and the
estates, venues, associations and assets a planner checks before choosing an area.

Folium writes popup and tooltip values into the page as HTML, so every text value is escaped
before it reaches a layer.
"""

from __future__ import annotations

from html import escape

import folium
import geopandas as gpd
import pandas as pd

from mapping import texts
from mapping.layers import LayerView, add_layer
from mapping.ranking_legend import (
    QUADRANT_COLOURS,
    RULE_COLOURS,
    LegendSection,
    fill_swatch,
    line_swatch,
)

OVERLAY_STYLE = {
    "estates": ("#a50f15", 0.35, "boligorganisation"),
    "venues": ("#238b45", 0.0, "type"),
    "associations": ("#807dba", 0.0, "category"),
    "assets": ("#e7298a", 0.0, "category"),
}
NAME_COLUMNS = ("name", "title")
# Each kind of OVERLAY_STYLE is named by the catalogue's `map.overlay.<kind>` (app/messages/maps.py;
# tests/test_i18n_catalogue.py checks every kind has its words).


def escaped(frame: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Only ``columns`` and the geometry, every value as escaped text."""
    keep = [c for c in columns if c in frame.columns]
    out = frame[[*keep, frame.geometry.name]].copy()
    for column in keep:
        out[column] = out[column].map(lambda v: "" if _blank(v) else escape(str(v)))
    return out


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def fit_without_animation(m: folium.Map, frame: gpd.GeoDataFrame) -> None:
    """Zoom to ``frame`` at once: an animated zoom on load only delays the first tooltip (and
    makes the shapes move under a pointer that is already there)."""
    if frame.empty:
        return
    minx, miny, maxx, maxy = frame.total_bounds
    fit = folium.FitBounds([[miny, minx], [maxy, maxx]])
    fit.options["animate"] = False
    m.add_child(fit)


def add_overlays(m: folium.Map, overlays: dict[str, gpd.GeoDataFrame], lang: str) -> None:
    """Feature layers, off by default so the choropleth stays readable; toggled in the control."""
    t = texts.t(lang)
    for kind, frame in overlays.items():
        if kind not in OVERLAY_STYLE or frame.empty:
            continue
        colour, opacity, detail = OVERLAY_STYLE[kind]
        name = next((c for c in NAME_COLUMNS if c in frame.columns), None)
        if name is None:
            continue
        plain = escaped(frame, [name, detail])
        popup = [(name, t("map.overlay.name")), (detail, t("map.overlay.detail"))]
        title = t(f"map.overlay.{kind}")
        view = LayerView(title, plain, colour, popup, show=False, fill_opacity=opacity)
        add_layer(m, view)


def add_rule_outlines(
    m: folium.Map, areas: gpd.GeoDataFrame, rule_sets: list[tuple[str, str]], lang: str
) -> LegendSection | None:
    """One outline layer per statutory list: thick, coloured, unfilled and not clickable (the
    choropleth under it keeps its tooltips). Thinner outlines are drawn on top of thicker ones,
    so an area on several lists shows every colour."""
    if not rule_sets:
        return None
    t = texts.t(lang)
    section = LegendSection(t("map.overlay.statutory"))
    for k, (rule_id, title) in enumerate(rule_sets):
        colour = RULE_COLOURS[k % len(RULE_COLOURS)]
        width = max(7 - 2 * k, 2)
        column = f"{rule_id}__status"
        met = areas[areas[column].fillna(False).astype(bool)] if column in areas else areas[:0]
        count = t("map.overlay.count", n=len(met))
        section.rows.append((line_swatch(colour, width=width), f"{title} ({count})"))
        if met.empty:
            continue
        group = folium.FeatureGroup(name=escape(title), show=True)
        style = {"color": colour, "weight": width, "fill": False, "opacity": 0.95}
        folium.GeoJson(
            met[[met.geometry.name]], style_function=lambda _f, s=style: s, interactive=False
        ).add_to(group)
        group.add_to(m)
    return section


def add_capacity_layer(
    m: folium.Map, areas: gpd.GeoDataFrame, labels: dict[str, str], lang: str
) -> LegendSection | None:
    """Areas coloured by their need x capacity quadrant (column ``quadrant``), off by default."""
    if "quadrant" not in areas.columns or areas["quadrant"].isna().all():
        return None
    t = texts.t(lang)
    data = areas[areas["quadrant"].notna()].copy()
    data["_label"] = data["quadrant"].map(lambda q: escape(labels.get(str(q), str(q))))
    data["_name"] = data["area_name"].map(lambda v: escape(str(v)))
    data = data[["_name", "_label", "quadrant", data.geometry.name]]
    group = folium.FeatureGroup(name=t("map.overlay.capacity_layer"), show=False)
    folium.GeoJson(
        data,
        style_function=lambda f: {
            "color": "#333",
            "weight": 1,
            "fillColor": QUADRANT_COLOURS.get(f["properties"]["quadrant"], "#999"),
            "fillOpacity": 0.75,
        },
        tooltip=folium.GeoJsonTooltip(fields=["_name", "_label"], labels=False),
    ).add_to(group)
    group.add_to(m)
    rows = [(fill_swatch(colour), labels.get(q, q)) for q, colour in QUADRANT_COLOURS.items()]
    return LegendSection(t("map.overlay.capacity_layer"), rows)
