"""The venue finder's answer on a map: chosen venues, their walking catchments, who is covered.

A coordinator reads this map to check the answer against what they know of the neighbourhood,
so it shows the reasoning, not only the result: each chosen venue has its own colour, shared by
its catchment, its assignment lines and the residents it serves; residents out of reach are red;
eligible venues that were not chosen stay visible but faded, because "why not that one?" is the
first question. Demand circles are sized by weight (sqrt, so area tracks people).

Everything shown in popups and tooltips is escaped here: venue names come from loaded files.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely

from mapping import texts
from mapping.base import add_notice, credits_notice, new_map, synthetic_notice
from mapping.layers import fit_to

# awesome-markers colour name -> the same colour as hex (for catchments, lines and circles).
PALETTE = [
    ("blue", "#38aadd"), ("purple", "#d252b9"), ("darkgreen", "#728224"), ("orange", "#f69730"),
    ("cadetblue", "#436978"), ("darkpurple", "#5b396b"), ("darkblue", "#0067a3"),
    ("pink", "#ff91ea"), ("green", "#72b026"), ("darkred", "#a23336"),
]  # fmt: skip
UNCOVERED = "#d63e2a"
FADED = "#8c959f"
AREA = "#12355b"
VENUE_ICON = "house-medical"
CANVAS_ABOVE = 3000  # demand points; below this SVG keeps every circle a focusable element
# On a small map (a phone, the page's iframe on a narrow screen) the open legend would hide
# venues; start it folded there. The legend is a <details>, so it opens by keyboard or touch.
COLLAPSE_SMALL = (
    "<script>if (window.innerWidth < 720) "
    "document.querySelector('[data-testid=venues-legend]').open = false;</script>"
)


@dataclass
class VenueMapLayers:
    """EPSG:4326 frames from `usecases.venue_export`: venues (all eligible), demand, assignment
    lines, catchments, and the study area outline (optional)."""

    venues: gpd.GeoDataFrame
    demand: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    catchments: gpd.GeoDataFrame
    area: gpd.GeoDataFrame | None = None


@dataclass
class VenueMapSpec:
    """Words (already translated) and provenance; `labels` keys are listed in LABEL_KEYS."""

    labels: dict[str, str]
    method_sentence: str
    lang: str = "da"
    unit: str = "m"
    synthetic: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    tiles: str | None = "OpenStreetMap"


LABEL_KEYS = (
    "legend", "selected", "candidate", "covered", "uncovered", "catchment", "assignment", "area",
    "weight", "venue", "walk", "nearest", "reach", "load", "type", "not_selected", "none",
    "address", "contact", "bookable", "hours", "capacity", "warning", "suppressed",
)  # fmt: skip
HIDDEN_SIZE = 5.0  # a suppressed (missing) cell count is drawn as large as the smallest shown
# Booking facts a chosen venue's popup shows when the venues frame carries them (already in
# words, from the web layer): column -> label key.
BOOKING_TEXT = (("address", "address"), ("bookable_text", "bookable"),
                ("contact_text", "contact"), ("hours_text", "hours"),
                ("capacity_text", "capacity"))  # fmt: skip


def esc(value: Any) -> str:
    """Inert text for Folium popups/tooltips (HTML and JavaScript template literals)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def venue_colours(venues: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Selected venue id -> (marker colour name, hex), in the table's order."""
    chosen = venues[venues["selected"]].sort_values("order")
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(chosen["candidate_id"])}


def build_venues_map(layers: VenueMapLayers, spec: VenueMapSpec) -> folium.Map:
    """The whole map: layers bottom to top, legend, synthetic label and credits."""
    m = new_map(tiles=spec.tiles, zoom_start=13)
    if len(layers.demand) > CANVAS_ABOVE:
        m.options["preferCanvas"] = True  # thousands of SVG circles make a browser crawl
    colours = venue_colours(layers.venues)
    if layers.area is not None and not layers.area.empty:
        _area(m, layers.area, spec)
    _catchments(m, layers.catchments, colours, spec)
    _lines(m, layers.lines, colours, spec)
    names = dict(zip(layers.venues["candidate_id"], layers.venues["name"], strict=True))
    _demand(m, layers.demand, colours, spec, names)
    _candidates(m, layers.venues[~layers.venues["selected"]], spec)
    _selected(m, layers.venues[layers.venues["selected"]].sort_values("order"), colours, spec)
    folium.LayerControl(position="topleft", collapsed=True).add_to(m)
    add_notice(m, _legend(layers.venues, colours, spec), "topright")
    synthetic_notice(m, spec.synthetic, spec.lang)
    credits_notice(m, spec.credits)
    fit_to(m, [f for f in (layers.catchments, layers.demand) if not f.empty])
    return m


# --- layers ---------------------------------------------------------------------------------
def _by_venue(
    colours: dict[str, tuple[str, str]], key: str, **extra: Any
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Style a feature in the colour of the venue named by its `key` property."""

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        return {"color": colours.get(feature["properties"][key], ("", FADED))[1], **extra}

    return style


def _demand_style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    return {"color": props["colour"], "fillColor": props["colour"], "radius": props["radius"],
            "weight": 1, "fillOpacity": 0.7}  # fmt: skip


def _area(m: folium.Map, area: gpd.GeoDataFrame, spec: VenueMapSpec) -> None:
    style = {"color": AREA, "weight": 2, "dashArray": "6 6", "fill": False}
    group = folium.FeatureGroup(name=spec.labels["area"])
    folium.GeoJson(area[["geometry"]], style_function=lambda _f: style, interactive=False).add_to(
        group
    )
    group.add_to(m)


def _catchments(
    m: folium.Map, frame: gpd.GeoDataFrame, colours: dict[str, tuple[str, str]], spec: VenueMapSpec
) -> None:
    if frame.empty:
        return
    data = frame[["venue_key", "geometry"]].copy()
    data["tip"] = [esc(f"{spec.labels['catchment']} ({k})") for k in data["venue_key"]]
    group = folium.FeatureGroup(name=spec.labels["catchment"])
    folium.GeoJson(
        data,
        style_function=_by_venue(
            colours, "venue_key", weight=2, fillOpacity=0.12, className="kk-catchment"
        ),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(group)
    group.add_to(m)


def _lines(
    m: folium.Map, frame: gpd.GeoDataFrame, colours: dict[str, tuple[str, str]], spec: VenueMapSpec
) -> None:
    if frame.empty:
        return
    data = frame[["demand_id", "venue", "geometry"]].copy()
    data["geometry"] = shapely.set_precision(data.geometry.to_numpy(), 1e-6)
    group = folium.FeatureGroup(name=spec.labels["assignment"])
    folium.GeoJson(
        data,
        style_function=_by_venue(colours, "venue", weight=1, opacity=0.5),
        interactive=False,
    ).add_to(group)
    group.add_to(m)


def _demand(
    m: folium.Map,
    frame: gpd.GeoDataFrame,
    colours: dict[str, tuple[str, str]],
    spec: VenueMapSpec,
    names: dict[str, str],
) -> None:
    """Circles sized by weight; popups as fields so the labels travel once, not per point."""
    if frame.empty:
        return
    data = frame[["demand_id", "geometry"]].copy()
    data["geometry"] = shapely.set_precision(data.geometry.to_numpy(), 1e-6)  # about 0.1 m
    data["colour"] = [colours.get(v, ("", UNCOVERED))[1] if isinstance(v, str) else UNCOVERED
                      for v in frame["venue"]]  # fmt: skip
    data["radius"] = [round(min(14.0, 2.0 + 1.6 * math.sqrt(_size(w))), 1)
                      for w in frame["weight"]]  # fmt: skip
    data["w"] = [esc(spec.labels["suppressed"] if _hidden(w) else _num(w, spec.lang))
                 for w in frame["weight"]]  # fmt: skip
    texts = [_demand_popup(r, spec, names) for r in frame.itertuples()]
    data["v"], data["g"] = [t[0] for t in texts], [t[1] for t in texts]
    lab = spec.labels
    group = folium.FeatureGroup(name=f"{lab['covered']} / {lab['uncovered']}")
    folium.GeoJson(
        data,
        style_function=_demand_style,
        marker=folium.CircleMarker(fill=True),
        popup=folium.GeoJsonPopup(fields=["w", "v", "g"],
                                  aliases=[esc(lab[k]) for k in ("weight", "venue", "walk")]),
    ).add_to(group)  # fmt: skip
    group.add_to(m)


def _demand_popup(row: Any, spec: VenueMapSpec, names: dict[str, str]) -> tuple[str, str]:
    """(venue, walk) for a covered point; (not covered, nearest eligible venue) otherwise."""
    if isinstance(row.venue, str):
        venue = f"{names.get(row.venue, row.venue)} ({row.venue})"
        return esc(venue), esc(_walk(row.distance_m, row.minutes, spec.lang))
    near = row.nearest_venue if isinstance(row.nearest_venue, str) else None
    cost = _cost(row.nearest_cost, spec)
    text = f"{names.get(near, near)} ({cost})" if near else spec.labels["none"]
    return esc(spec.labels["uncovered"]), esc(f"{spec.labels['nearest']}: {text}")


def _candidates(m: folium.Map, frame: gpd.GeoDataFrame, spec: VenueMapSpec) -> None:
    if frame.empty:
        return
    data = frame[["candidate_id", "geometry"]].copy()
    data["popup"] = [
        f"<b>{esc(r.name)}</b> ({esc(r.type)})<br>{esc(spec.labels['not_selected'])}<br>"
        f"{esc(spec.labels['reach'])}: {esc(_count(r.reach, spec))}"
        for r in frame.itertuples()
    ]
    data["tip"] = [esc(n) for n in frame["name"]]
    group = folium.FeatureGroup(name=spec.labels["candidate"])
    style = {"color": FADED, "fillColor": "#ffffff", "weight": 2, "fillOpacity": 0.6,
             "opacity": 0.8, "radius": 6}  # fmt: skip
    folium.GeoJson(
        data,
        style_function=lambda _f: style,
        marker=folium.CircleMarker(fill=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(group)
    group.add_to(m)


def _selected(
    m: folium.Map, frame: gpd.GeoDataFrame, colours: dict[str, tuple[str, str]], spec: VenueMapSpec
) -> None:
    group = folium.FeatureGroup(name=spec.labels["selected"])
    for row in frame.itertuples():
        colour = colours[row.candidate_id][0]
        icon = folium.Icon(color=colour, icon=VENUE_ICON, prefix="fa")
        folium.Marker(
            [row.geometry.y, row.geometry.x],
            icon=icon,
            tooltip=esc(f"{row.order}. {row.name}"),
            popup=folium.Popup(_venue_popup(row, spec), max_width=320),
        ).add_to(group)
    group.add_to(m)


def _venue_popup(row: Any, spec: VenueMapSpec) -> str:
    """Name, reach, load and walk; then how to book it, and a warning when it cannot be."""
    lab = spec.labels
    walk = _walk(row.mean_m, row.mean_min, spec.lang)
    booking = "".join(
        f"<br>{esc(lab[key])}: {esc(getattr(row, column))}"
        for column, key in BOOKING_TEXT
        if esc(getattr(row, column, None))
    )
    warning = getattr(row, "warning_text", None)
    warn = (
        f'<br><strong style="color:#8a3b00">⚠ {esc(lab["warning"])}: {esc(warning)}</strong>'
        if esc(warning)
        else ""
    )
    return (
        f"<b>{esc(row.order)}. {esc(row.name)}</b> ({esc(row.type)})<br>"
        f"{esc(lab['reach'])}: {esc(_count(row.reach, spec))}<br>"
        f"{esc(lab['load'])}: {esc(_count(row.load, spec))}<br>"
        f"{esc(lab['walk'])}: {esc(walk)}{booking}{warn}"
    )


def _legend(venues: pd.DataFrame, colours: dict[str, tuple[str, str]], spec: VenueMapSpec) -> str:
    lab = spec.labels
    names = dict(zip(venues["candidate_id"], venues["name"], strict=True))
    items = [_swatch(hexc, f"{names.get(k, k)}", "■") for k, (_c, hexc) in colours.items()]
    items += [
        _swatch(UNCOVERED, lab["uncovered"], "●"),
        _swatch(FADED, lab["candidate"], "○"),
        _swatch(AREA, lab["area"], "┅"),
    ]
    return (
        f'<details open data-testid="venues-legend" style="max-width:250px"><summary><b>'
        f"{esc(lab['legend'])}</b></summary>{''.join(items)}"
        f'<p style="margin:.3rem 0 0">{esc(spec.method_sentence)}</p></details>{COLLAPSE_SMALL}'
    )


def _swatch(colour: str, text: str, glyph: str) -> str:
    return f'<div><span style="color:{colour}" aria-hidden="true">{glyph}</span> {esc(text)}</div>'


# --- numbers --------------------------------------------------------------------------------
def _hidden(weight: Any) -> bool:
    """A cell count the viewer may not see (the web layer blanked it: under 5 for the public)."""
    return weight is None or weight is pd.NA or (isinstance(weight, float) and math.isnan(weight))


def _size(weight: Any) -> float:
    """The weight a circle is sized by; a hidden count never shows through the size."""
    return HIDDEN_SIZE if _hidden(weight) else max(float(weight), 0.0)


def _count(value: Any, spec: VenueMapSpec) -> str:
    """A venue's reach or load; blank when the web layer hid it (a public total under 5)."""
    return spec.labels["suppressed"] if _hidden(value) else _num(value, spec.lang)


def _num(value: Any, lang: str, digits: int = 0) -> str:
    """A count or a distance through the app's one number formatter (da 1.234, en 1,234)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return texts.number(float(value), lang, digits)


def _walk(metres: Any, minutes: Any, lang: str) -> str:
    if metres is None or (isinstance(metres, float) and math.isnan(metres)):
        return "–"
    return f"{_num(metres, lang)} m ≈ {_num(minutes, lang, 1)} min"


def _cost(value: Any, spec: VenueMapSpec) -> str:
    if spec.unit == "m":
        return f"{_num(value, spec.lang)} m"
    return f"{_num(value, spec.lang, 1)} min"


# --- static sketch for the printable report -------------------------------------------------
def svg_sketch(layers: VenueMapLayers, title: str, width: int = 640, height: int = 420) -> str:
    """A self-contained SVG of catchments, residents and venues (no tiles, prints anywhere).

    Equirectangular around the middle latitude, which is exact enough at kommune scale; a
    scale bar gives the distance. Only numbers and escaped text go into the markup.
    """
    area = layers.area if layers.area is not None else gpd.GeoDataFrame(geometry=[])
    frames = [f for f in (layers.catchments, layers.demand, layers.venues, area) if not f.empty]
    if not frames:
        return ""
    box = pd.concat([f.bounds for f in frames])
    x0, y0, x1, y1 = box.minx.min(), box.miny.min(), box.maxx.max(), box.maxy.max()
    kx = math.cos(math.radians((y0 + y1) / 2))
    scale = min((width - 20) / max((x1 - x0) * kx, 1e-9), (height - 40) / max(y1 - y0, 1e-9))

    def pt(lon: float, lat: float) -> tuple[float, float]:
        return round(10 + (lon - x0) * kx * scale, 1), round(height - 30 - (lat - y0) * scale, 1)

    colours = venue_colours(layers.venues)
    parts = [_svg_outline(g, pt) for g in area.geometry]
    parts += [_svg_catchment(g, colours.get(k, ("", FADED))[1], pt)
             for k, g in zip(layers.catchments.get("venue_key", []), layers.catchments.geometry,
                             strict=True)]  # fmt: skip
    for r in layers.demand.itertuples():
        fill = colours.get(r.venue, ("", UNCOVERED))[1] if isinstance(r.venue, str) else UNCOVERED
        x, y = pt(r.geometry.x, r.geometry.y)
        size = round(min(6.0, 1.0 + 0.6 * math.sqrt(_size(r.weight))), 1)
        parts.append(f'<circle cx="{x}" cy="{y}" r="{size}" fill="{fill}" fill-opacity=".7"/>')
    for r in layers.venues.sort_values("selected").itertuples():
        parts.append(_svg_venue(r, colours, pt))
    parts.append(_svg_scale(scale, height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="kk-sketch" aria-label="{esc(title)}"><title>{esc(title)}</title>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>{"".join(parts)}</svg>'
    )


def _svg_catchment(geom: Any, colour: str, pt: Callable[[float, float], tuple]) -> str:
    rings = []
    for poly in getattr(geom, "geoms", [geom]):
        coords = [pt(x, y) for x, y in poly.exterior.coords]
        rings.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
    return (f'<path d="{" ".join(rings)}" fill="{colour}" fill-opacity=".12" stroke="{colour}" '
            'stroke-width="1.5"/>')  # fmt: skip


def _svg_outline(geom: Any, pt: Callable[[float, float], tuple]) -> str:
    rings = []
    for poly in getattr(geom, "geoms", [geom]):
        rings.append("M" + " L".join(f"{x},{y}" for x, y in (pt(*c) for c in poly.exterior.coords)))
    return f'<path d="{" ".join(rings)}" fill="none" stroke="{AREA}" stroke-dasharray="5 4"/>'


def _svg_venue(row: Any, colours: dict[str, tuple[str, str]], pt: Callable) -> str:
    x, y = pt(row.geometry.x, row.geometry.y)
    if not row.selected:
        return (
            f'<circle cx="{x}" cy="{y}" r="3.5" fill="#fff" stroke="{FADED}" stroke-width="1.5"/>'
        )
    colour = colours[row.candidate_id][1]
    return (f'<circle cx="{x}" cy="{y}" r="9" fill="{colour}" stroke="#fff" stroke-width="2"/>'
            f'<text x="{x}" y="{y + 4}" font-size="11" font-family="sans-serif" fill="#fff" '
            f'text-anchor="middle">{int(row.order)}</text>')  # fmt: skip


def _svg_scale(scale: float, height: int) -> str:
    metres_per_px = 111_320 / scale
    length_m = next((m for m in (100, 200, 500, 1000, 2000, 5000) if m / metres_per_px >= 60), 5000)
    px = round(length_m / metres_per_px, 1)
    y = height - 12
    return (f'<path d="M10,{y} h{px}" stroke="#1f2328" stroke-width="3"/>'
            f'<text x="{14 + px}" y="{y + 4}" font-size="11" font-family="sans-serif">'
            f"{length_m} m</text>")  # fmt: skip
