"""The reach map of an activity project: need beside visits per 1,000 residents.

Two choropleth layers of the same estates and boligområder, switched in the layer control: the
need score (ranking profile colours, rank 1 darkest) and the reach (blues, more participants
darker). Estates and boligområder overlap, so estates are drawn last (on top). Areas of high need
and low reach get a thick outline in a third layer that stays on whichever colour is shown, so
the two questions can be read together. A project with its own area (e.g. postnummer 9210) gets
that area's outline, dashed, and the map opens on it. No database: a GeoDataFrame in (see
usecases.activities_reach.reach_geoframe), a map out; every text comes from the catalogue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Any, cast

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, Figure
from shapely.geometry.base import BaseGeometry

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.ranking_layers import fit_without_animation
from mapping.ranking_legend import (
    NEED_PALETTE,
    NO_RANK,
    LegendSection,
    add_legend,
    fill_swatch,
    gradient_swatch,
    interpolate,
    line_swatch,
    rank_colour,
)

PRECISION_DEG = 1e-6  # about 0.1 m, as the venue maps round theirs
REACH_PALETTE = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
                 "#084594")  # fmt: skip
FLAG_COLOUR = "#000000"
FLAG_WEIGHT = 5
AREA_COLOUR = "#6a3d9a"  # the project area's dashed outline: apart from need and reach colours
AREA_DASH = "8 6"
KIND_ORDER = {"boligomraade": 0, "estate": 1}  # estates on top of the areas that hold them


@dataclass
class ReachMapSpec:
    """What the map says besides the areas: language, tiles and provenance."""

    lang: str = "da"
    tiles: str | None = "OpenStreetMap"
    synthetic: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    # The project's own area: its label ("9210 Aalborg SØ") and WGS84 outline; None = kommune.
    area: tuple[str, BaseGeometry] | None = None


# A printed report shows the map, its legend and outlines: the controls (layers, zoom, place
# search) are for the screen and would cover half of a map printed 18 cm wide.
PRINT_STYLE = (
    "<style>@media print { .leaflet-control-layers, .leaflet-control-zoom, .kk-place-search "
    "{ display: none !important; } }</style>"
)


def nice_ceiling(value: float) -> float:
    """The legend's top of the reach scale: the highest rate rounded up to 1, 2 or 5 x 10^k."""
    if not value or math.isnan(value) or value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def reach_colour(per: float | None, high: float) -> str:
    """Blue by visits per 1,000 residents (0 palest, `high` and above darkest)."""
    if per is None or math.isnan(per):
        return NO_RANK
    return interpolate(REACH_PALETTE, per / high)


def build_reach_map(areas: gpd.GeoDataFrame, spec: ReachMapSpec) -> folium.Map:
    """Need and reach layers, the high-need-low-reach outlines, a legend and provenance."""
    m = new_map(tiles=spec.tiles)
    t = texts.t(spec.lang)
    ranks = pd.to_numeric(areas["need_rank"], errors="coerce")
    n_ranked = int(ranks.max()) if ranks.notna().any() else 1
    high = nice_ceiling(float(pd.to_numeric(areas["per_1000"], errors="coerce").max()))
    data = feature_data(areas, spec.lang, n_ranked, high)
    _layer(m, data, t("reach.layer.need"), "_need_fill", show=True)
    _layer(m, data, t("reach.layer.reach"), "_reach_fill", show=False)
    flagged = data[data["_flag"]]
    if not flagged.empty:
        group = folium.FeatureGroup(name=escape(t("reach.layer.flag")), show=True)
        folium.GeoJson(flagged, style_function=_flag_style, popup=_popup()).add_to(group)
        group.add_to(m)
    outline = _area_layer(m, spec)
    folium.LayerControl(collapsed=False).add_to(m)
    cast(Figure, m.get_root()).header.add_child(Element(PRINT_STYLE))
    fit_without_animation(m, data if outline is None else outline)
    sections = _legend(areas, n_ranked, high, spec.lang)
    if spec.area is not None:
        label = t("reach.layer.area", area=spec.area[0])
        sections.append(LegendSection(label, [(line_swatch(AREA_COLOUR, AREA_DASH, 3), label)]))
    add_legend(m, t("reach.legend.title"), sections, spec.lang)
    synthetic_notice(m, sorted(set(spec.synthetic)), spec.lang)
    credits_notice(m, spec.credits)
    return m


def _area_layer(m: folium.Map, spec: ReachMapSpec) -> gpd.GeoDataFrame | None:
    """The project area's dashed outline (not clickable, so the areas under it are), or None."""
    if spec.area is None:
        return None
    label, shape = spec.area
    outline = gpd.GeoDataFrame(geometry=_rounded([shape]), crs=4326)
    name = texts.t(spec.lang)("reach.layer.area", area=label)
    group = folium.FeatureGroup(name=escape(name), show=True)
    folium.GeoJson(outline, style_function=_area_style, interactive=False).add_to(group)
    group.add_to(m)
    return outline


def _area_style(_feature: dict[str, Any]) -> dict[str, Any]:
    return {"fill": False, "color": AREA_COLOUR, "weight": 3, "dashArray": AREA_DASH,
            "opacity": 0.9}  # fmt: skip


def feature_data(
    areas: gpd.GeoDataFrame, lang: str, n_ranked: int, high: float
) -> gpd.GeoDataFrame:
    """The areas, estates last, with an escaped popup (`_popup`), the flag (`_flag`) and the two
    fills (`_need_fill` by need rank, `_reach_fill` by visits per 1,000 up to `high`)."""
    order = areas["area_kind"].map(KIND_ORDER).fillna(0)
    ordered = areas.assign(_order=order.to_numpy()).sort_values("_order", kind="stable")
    return gpd.GeoDataFrame({
        "_popup": [popup_html(row, lang) for row in ordered.itertuples(index=False)],
        "_flag": ordered["high_need_low_reach"].fillna(False).astype(bool).to_numpy(),
        "_need_fill": [rank_colour(_num(r), n_ranked) for r in ordered["need_rank"]],
        "_reach_fill": [reach_colour(_num(p), high) for p in ordered["per_1000"]],
    }, geometry=_rounded(ordered.geometry.to_numpy()), crs=areas.crs)  # fmt: skip


def _rounded(shapes: Any) -> Any:
    """Coordinates to 1e-6 degrees (about 0.1 m): 15 decimals would triple the frame's bytes."""
    return shapely.set_precision(shapes, PRECISION_DEG)


def popup_html(row: Any, lang: str) -> str:
    """Name, kind, residents, visits, per 1,000, need score and rank (and where it comes from);
    every value escaped, numbers in the language's way."""
    t = texts.t(lang)
    lines = [
        (t("reach.col.residents"), texts.number(_num(row.residents), lang, 0)),
        (t("reach.col.visits"), texts.number(_num(row.visits), lang, 0)),
        (t("reach.col.per_1000"), texts.number(_num(row.per_1000), lang, 1)),
        (t("reach.col.need_score"), texts.number(_num(row.need_score), lang, 2)),
        (t("reach.col.need_rank"), texts.number(_num(row.need_rank), lang, 0)),
        (t("reach.col.need_from"), "" if _blank(row.need_name) else str(row.need_name)),
    ]
    head = f"<b>{escape(str(row.name))}</b> ({escape(t(f'reach.kind.{row.area_kind}'))})"
    body = "".join(f"<br>{escape(k)}: {escape(v)}" for k, v in lines)
    flag = f"<br><b>{escape(t('reach.col.flag'))}</b>" if row.high_need_low_reach else ""
    return head + body + flag


def _layer(m: folium.Map, data: gpd.GeoDataFrame, name: str, fill: str, show: bool) -> None:
    group = folium.FeatureGroup(name=escape(name), show=show)
    folium.GeoJson(
        data[[fill, "_popup", "geometry"]],
        style_function=lambda f: _fill_style(f, fill),
        highlight_function=lambda _f: {"weight": 3, "fillOpacity": 0.9},
        popup=_popup(),
    ).add_to(group)
    group.add_to(m)


def _popup() -> folium.GeoJsonPopup:
    return folium.GeoJsonPopup(fields=["_popup"], labels=False)


def _fill_style(feature: dict[str, Any], fill: str) -> dict[str, Any]:
    return {"fillColor": feature["properties"][fill], "fillOpacity": 0.75, "color": "#555555",
            "weight": 0.8}  # fmt: skip


def _flag_style(_feature: dict[str, Any]) -> dict[str, Any]:
    return {"fill": False, "color": FLAG_COLOUR, "weight": FLAG_WEIGHT, "opacity": 0.9}


def _legend(areas: gpd.GeoDataFrame, n_ranked: int, high: float, lang: str) -> list[LegendSection]:
    t = texts.t(lang)
    need = LegendSection(t("reach.legend.need"), [(
        gradient_swatch(NEED_PALETTE),
        f"1 ({t('reach.legend.need_high')}) – {n_ranked} ({t('reach.legend.need_low')})",
    )])  # fmt: skip
    top = t("reach.legend.reach_high", high=texts.number(high, lang, 0))
    reach = LegendSection(t("reach.legend.reach"), [
        (gradient_swatch(REACH_PALETTE), f"{t('reach.legend.reach_low')} – {top}"),
    ])  # fmt: skip
    missing = areas["need_rank"].isna().any() or areas["per_1000"].isna().any()
    if missing:
        reach.rows.append((fill_swatch(NO_RANK), t("reach.legend.none")))
    flag = LegendSection(t("reach.layer.flag"),
                         [(line_swatch(FLAG_COLOUR, None, FLAG_WEIGHT), t("reach.legend.flag"))],
                         note=t("reach.rule"))  # fmt: skip
    return [need, reach, flag]


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _num(value: object) -> float | None:
    return None if _blank(value) else float(value)  # type: ignore[arg-type]
