"""Generic layers for Folium maps: GeoDataFrame in, a toggleable layer with popups out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

import folium
import geopandas as gpd
import pandas as pd


@dataclass
class LayerView:
    """How one GeoDataFrame (EPSG:4326) is drawn: title, colour, popup fields and labels."""

    title: str
    frame: gpd.GeoDataFrame
    color: str = "#3366cc"
    popup: list[tuple[str, str]] = field(default_factory=list)  # (column, label)
    show: bool = True
    fill_opacity: float = 0.15
    radius: int = 5


def _plain(frame: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Keep popup columns and geometry; nested values (JSON) become readable text."""
    keep = [c for c in columns if c in frame.columns]
    out = frame[[*keep, frame.geometry.name]].copy()
    for col in keep:
        out[col] = out[col].map(_text)
    return out


def _text(value: Any) -> str:
    """Popup text, HTML-escaped: Folium inserts popup values into the page as raw HTML."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dict | list):
        return escape(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return escape(str(value))


def add_layer(m: folium.Map, view: LayerView) -> folium.FeatureGroup | None:
    """Add `view` as a FeatureGroup (so LayerControl can toggle it); skip empty frames."""
    if view.frame.empty:
        return None
    group = folium.FeatureGroup(name=view.title, show=view.show)
    is_point = bool((view.frame.geom_type == "Point").all())
    fields = [c for c, _ in view.popup if c in view.frame.columns]
    labels = [label for c, label in view.popup if c in view.frame.columns]
    data = _plain(view.frame, fields)
    popup = folium.GeoJsonPopup(fields=fields, aliases=labels) if fields else None
    fill = 0.8 if is_point else view.fill_opacity
    style = {"color": view.color, "weight": 1.5, "fillColor": view.color, "fillOpacity": fill}
    folium.GeoJson(
        data,
        name=view.title,
        style_function=lambda _f, s=style: s,
        marker=folium.CircleMarker(radius=view.radius, fill=True, fill_opacity=0.85)
        if is_point
        else None,
        popup=popup,
        tooltip=folium.GeoJsonTooltip(fields=fields[:1], labels=False) if fields else None,
    ).add_to(group)
    group.add_to(m)
    return group


def fit_to(m: folium.Map, frames: list[gpd.GeoDataFrame]) -> None:
    """Zoom to the union of the frames' bounds."""
    non_empty = [f for f in frames if not f.empty]
    if not non_empty:
        return
    bounds = pd.concat([f.bounds for f in non_empty])
    m.fit_bounds([[bounds.miny.min(), bounds.minx.min()], [bounds.maxy.max(), bounds.maxx.max()]])
