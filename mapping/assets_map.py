"""Folium maps for the ABCD asset map: the public/coordinator map and the location picker.

Everything residents write ends up in Leaflet popups and tooltips, which Folium inserts as raw
HTML inside JavaScript template literals. `esc` therefore escapes HTML *and* the characters that
mean something in a template literal (backtick, `$`, backslash), so a title stays inert text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template
from folium.plugins import LocateControl, MarkerCluster

from mapping import texts
from mapping.base import new_map, synthetic_notice
from mapping.vector_tiles import (
    POINTS_OPEN_MAX_ZOOM,
    Lookup,
    TileSpec,
    add_tile_layer,
    fit_bounds,
)

# category -> (awesome-markers colour, Font Awesome 6 icon); colour also names the legend.
CATEGORY_STYLE = {
    "skills": ("orange", "hand-holding-heart"),
    "associations": ("blue", "users"),
    "institutions": ("darkblue", "building-columns"),
    "spaces": ("green", "tree"),
    "economy": ("purple", "store"),
    "culture": ("red", "masks-theater"),
}
DESCRIPTION_PREVIEW = 280
MAX_ZOOM = 19


def esc(value: Any) -> str:
    """Inert text for Folium popups/tooltips (HTML and JavaScript template literals)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


@dataclass
class AssetTiles:
    """The assets drawn from vector tiles (too many to embed): the tile URL template, the
    box to open on, whether demo assets are among them, and the category names by code."""

    url: str
    bounds: tuple[float, float, float, float] | None
    synthetic: bool
    category_labels: dict[str, str]
    category: str | None = None  # the category filter: the others are not drawn


@dataclass
class MapView:
    lat: float
    lon: float
    zoom: int


class ViewReporter(MacroElement):
    """Tell the embedding page where the map is, so its URL can keep the view (shareable)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  map.on("moveend", function () {
    var c = map.getCenter();
    window.parent.postMessage({type: "kk-view", lat: +c.lat.toFixed(5),
                               lon: +c.lng.toFixed(5), zoom: map.getZoom()}, "*");
  });
})();
{% endmacro %}
"""
    )


class PickerBridge(MacroElement):
    """Click (or LocateControl) places the marker and posts the point to the form page; the page
    can move the marker (typed coordinates) or ask for the map centre (keyboard users)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var origin = window.location.origin;
  var marker = null;
  function place(lat, lon, notify) {
    lat = +lat.toFixed(6); lon = +lon.toFixed(6);
    if (marker === null) {
      marker = L.marker([lat, lon], {title: {{ this.title|tojson }}}).addTo(map);
    } else { marker.setLatLng([lat, lon]); }
    if (notify) { window.parent.postMessage({type: "kk-pick", lat: lat, lon: lon}, origin); }
  }
  map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, true); });
  map.on("locationfound", function (e) { place(e.latlng.lat, e.latlng.lng, true); });
  window.addEventListener("message", function (ev) {
    if (ev.origin !== origin || !ev.data) { return; }
    if (ev.data.type === "kk-set") {
      place(ev.data.lat, ev.data.lon, false); map.panTo([ev.data.lat, ev.data.lon]);
    } else if (ev.data.type === "kk-centre") {
      var c = map.getCenter(); place(c.lat, c.lng, true);
    }
  });
  {% if this.start %}place({{ this.start[0] }}, {{ this.start[1] }}, false);{% endif %}
  window.parent.postMessage({type: "kk-ready"}, origin);
})();
{% endmacro %}
"""
    )

    def __init__(self, title: str, start: tuple[float, float] | None = None) -> None:
        super().__init__()
        self._name = "PickerBridge"
        self.title = title
        self.start = start


def popup_html(row: Any, labels: dict[str, str], link: str, target: str) -> str:
    """The popup of one asset; every user-written value goes through `esc`."""
    parts = [f'<strong class="kk-title">{esc(row["title"])}</strong>']
    kind = " · ".join(
        v for v in (esc(row.get("category_label")), esc(row.get("subcategory_label"))) if v
    )
    parts.append(f"<div>{kind}</div>")
    description = str(row.get("description") or "")
    if description:
        short = description[:DESCRIPTION_PREVIEW] + ("…" if len(description) > 280 else "")
        parts.append(f"<p>{esc(short)}</p>")
    if row.get("schedule"):
        parts.append(f"<div><em>{esc(labels['when'])}:</em> {esc(row['schedule'])}</div>")
    if row.get("personal"):
        parts.append(f"<div><small>{esc(labels['approximate'])}</small></div>")
    if row.get("status") and row.get("status") != "approved":
        parts.append(
            f"<div><small>{esc(labels.get('status', 'status'))}: {esc(row['status'])}</small></div>"
        )
    parts.append(f'<a href="{esc(link)}" target="{esc(target)}">{esc(labels["more"])}</a>')
    return "".join(parts)


def add_assets(
    m: folium.Map,
    frame: gpd.GeoDataFrame,
    labels: dict[str, str],
    link_base: str,
    target: str = "_top",
) -> None:
    """One awesome marker per asset (category icon and colour) in a MarkerCluster; polygons
    are outlined and get their marker at a point inside."""
    cluster = MarkerCluster(name=labels.get("layer", "Assets")).add_to(m)
    outlines = frame[~frame.geom_type.isin(["Point"])]
    if not outlines.empty:
        folium.GeoJson(
            outlines[["geometry"]],
            style_function=lambda _f: {"color": "#555", "weight": 1.5, "fillOpacity": 0.1},
            interactive=False,
        ).add_to(m)
    points = frame.geometry.representative_point()
    for (_, row), point in zip(frame.iterrows(), points, strict=True):
        colour, icon = CATEGORY_STYLE.get(row["category"], ("gray", "circle"))
        folium.Marker(
            [point.y, point.x],
            icon=folium.Icon(color=colour, icon=icon, prefix="fa"),
            popup=folium.Popup(
                popup_html(row, labels, f"{link_base}{int(row['id'])}", target), max_width=320
            ),
            tooltip=folium.Tooltip(esc(row["title"])),
        ).add_to(cluster)


def add_asset_tiles(
    m: folium.Map,
    tiled: AssetTiles,
    labels: dict[str, str],
    where: tuple[str, str, str],
) -> None:
    """Approved assets from /tiles/assets: a circle per asset in its category colour (a bigger
    one per cluster at low zoom), the title on hover, title, category and link on click.
    ``where`` = (link base, link target, language)."""
    link_base, target, lang = where
    colours = {code: {"color": colour, "fillColor": colour} for code, (colour, _) in
               CATEGORY_STYLE.items()}  # fmt: skip
    popup = (
        '<strong class="kk-title">{p.title}</strong><div>{t.category}</div>'
        f'<a href="{esc(link_base)}{{u.id}}" target="{esc(target)}">{esc(labels["more"])}</a>'
    )
    style = {"color": "gray", "fillColor": "gray", "weight": 1.5, "fill": True,
             "fillOpacity": 0.75, "radius": 6}  # fmt: skip
    spec = TileSpec(
        tiled.url, "assets", labels.get("layer", "Assets"), style,
        by=("category", colours), points=True, popup=popup, tooltip="{p.title}",
        labels={"category": {k: esc(v) for k, v in tiled.category_labels.items()}},
        aggregate=texts.t(lang)("map.frame.places"),
        lookup=Lookup("category", [], {tiled.category: []}) if tiled.category else None,
    )  # fmt: skip
    add_tile_layer(m, spec)


def build_asset_map(
    frame: gpd.GeoDataFrame,
    labels: dict[str, str],
    lang: str = "da",
    tiles: str | None = "OpenStreetMap",
    view: MapView | None = None,
    link_base: str = "/assets/",
    target: str = "_top",
    report_view: bool = True,
    tiled: AssetTiles | None = None,
) -> folium.Map:
    """The asset map: clustered category markers (or, with ``tiled``, circles from vector
    tiles), the given view or the assets' extent, and a synthetic-data label when demo assets
    are shown."""
    m = new_map(tiles=tiles) if view is None else new_map(tiles, (view.lat, view.lon), view.zoom)
    m.options["maxZoom"] = MAX_ZOOM  # clustering needs it even when no tile layer sets one
    if tiled is not None:
        if view is None:  # first the view, so the first tiles asked for are the ones shown
            fit_bounds(m, tiled.bounds, POINTS_OPEN_MAX_ZOOM)
        add_asset_tiles(m, tiled, labels, (link_base, target, lang))
        if tiled.synthetic:
            synthetic_notice(m, [labels.get("synthetic_layer", "demo assets")], lang)
    elif not frame.empty:
        add_assets(m, frame, labels, link_base, target)
        if view is None:
            x0, y0, x1, y1 = frame.total_bounds
            m.fit_bounds([[y0, x0], [y1, x1]], max_zoom=16)
        if bool(frame["synthetic"].any()):
            synthetic_notice(m, [labels.get("synthetic_layer", "demo assets")], lang)
    if report_view:
        ViewReporter().add_to(m)
    return m


def build_picker_map(
    labels: dict[str, str],
    tiles: str | None = "OpenStreetMap",
    view: MapView | None = None,
    start: tuple[float, float] | None = None,
) -> folium.Map:
    """The location picker: click or "locate me" places the marker and tells the form."""
    if start is not None:
        m = new_map(tiles, start, 16)
    elif view is not None:
        m = new_map(tiles, (view.lat, view.lon), view.zoom)
    else:
        m = new_map(tiles, zoom_start=12)
    LocateControl(
        auto_start=False,
        flyTo=True,
        strings={"title": labels.get("locate", "Show my location")},
        drawCircle=False,
        showPopup=False,
    ).add_to(m)
    PickerBridge(labels.get("marker", "Chosen location"), start).add_to(m)
    return m
