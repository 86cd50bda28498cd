"""The planner's ranking map: areas coloured by rank or decile, uncertain ranks marked.

Input is one GeoDataFrame (EPSG:4326) with a row per area: ``area_code``, ``area_name``,
``rank``, ``decile``, optionally ``p05_rank``/``p95_rank``/``uncertain`` (from a sensitivity
run), ``top1..3``/``top1..3_share`` and ``<rule set>__status`` columns. A wide 90 % interval is
drawn as a dashed outline: a rank that moves a lot when the weights move a little should not be
read as a firm priority. Tooltips and popups are built here from escaped text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote

import folium
import geopandas as gpd
import pandas as pd

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.choropleth_tiles import (
    RankingTiles,
    add_area_tiles,
    add_capacity_tiles,
    add_overlay_tiles,
    add_rule_tiles,
    area_lookup,
)
from mapping.ranking_layers import (
    add_capacity_layer,
    add_overlays,
    add_rule_outlines,
    fit_without_animation,
)
from mapping.ranking_legend import (
    NEED_PALETTE,
    NO_RANK,
    UNCERTAIN_DASH,
    LegendSection,
    add_legend,
    decile_colour,
    fill_swatch,
    gradient_swatch,
    line_swatch,
    rank_colour,
)
from mapping.vector_tiles import fit_bounds

TOOLTIP_FIELDS = ("_name", "_rank", "_interval", "_top", "_status")


@dataclass
class RankingMapSpec:
    """What the map shows and how it is labelled (texts are plain; they are escaped here)."""

    title: str
    n_ranked: int
    mode: str = "rank"
    lang: str = "da"
    indicator_labels: dict[str, str] = field(default_factory=dict)
    rule_sets: list[tuple[str, str]] = field(default_factory=list)
    quadrant_labels: dict[str, str] = field(default_factory=dict)
    area_link: str | None = None  # e.g. "/ranking/areas/sogn/{code}?profile=boligsocial"
    uncertain_width: float | None = None
    draws: int = 0
    tiles: str | None = "OpenStreetMap"
    units: dict[str, str] = field(default_factory=dict)  # indicator -> unit ("%", "pr. 1.000")
    sampled: bool = False  # the interval includes sampling error


def build_ranking_map(
    areas: gpd.GeoDataFrame,
    spec: RankingMapSpec,
    overlays: dict[str, gpd.GeoDataFrame] | None = None,
    synthetic: list[str] | None = None,
    credits: list[str] | None = None,
    tiled: RankingTiles | None = None,
) -> folium.Map:
    """The choropleth with outlines, overlays, a layer control, a legend and provenance.

    With ``tiled``, the areas (when ``tiled.areas_url``; ``areas`` then needs no geometry) and
    the overlays it names come from vector tiles (mapping/choropleth_tiles.py)."""
    m = new_map(tiles=spec.tiles)
    if tiled is not None and tiled.areas_url:
        sections = _tiled_areas(m, areas, spec, tiled.areas_url, tiled.bounds)
        add_overlays(m, overlays or {}, spec.lang)
    else:
        sections = _embedded_areas(m, areas, spec, overlays or {})
    if tiled is not None:
        add_overlay_tiles(m, tiled.overlays, spec.lang)
    folium.LayerControl(collapsed=False).add_to(m)
    add_legend(m, spec.title, sections, spec.lang)
    synthetic_notice(m, sorted(set(synthetic or [])), spec.lang)
    credits_notice(m, credits or [])
    return m


def _tiled_areas(
    m: folium.Map,
    areas: pd.DataFrame,
    spec: RankingMapSpec,
    url: str,
    bounds: tuple[float, float, float, float] | None,
) -> list[LegendSection]:
    """The areas from tiles, styled and labelled by the lookup (the view is set first, so the
    first tiles asked for are the ones shown)."""
    fit_bounds(m, bounds)
    rows = [_row_texts(row, spec) for row in areas.itertuples(index=False)]
    uncertain = escape(texts.t(spec.lang)("map.choropleth.uncertain").lower())
    flags = areas["uncertain"].fillna(False).astype(bool) if "uncertain" in areas else None
    for k, row in enumerate(rows):
        if flags is not None and bool(flags.iloc[k]):
            row["_interval"] += f" ({uncertain})"
    fills = [_fill(row, spec) for row in areas.itertuples(index=False)]
    lookup = area_lookup(areas, rows, fills)
    add_area_tiles(m, url, spec.title, lookup, spec.lang, spec.area_link)
    extra = [
        add_rule_tiles(m, url, areas, spec.rule_sets, spec.lang),
        add_capacity_tiles(m, url, areas, spec.quadrant_labels, spec.lang),
    ]
    return [_colour_section(spec, areas), *[s for s in extra if s is not None]]


def _embedded_areas(
    m: folium.Map, areas: gpd.GeoDataFrame, spec: RankingMapSpec, overlays: dict
) -> list[LegendSection]:
    """The areas as embedded GeoJSON with tooltips, popups, outlines and overlays."""
    group = folium.FeatureGroup(name=escape(spec.title), show=True)
    data = feature_data(areas, spec)
    t = texts.t(spec.lang)
    aliases = [
        escape(t("map.choropleth.rank")),
        escape(t("map.choropleth.interval")),
        escape(t("map.choropleth.top")),
        escape(t("map.choropleth.status")),
    ]
    folium.GeoJson(
        data,
        style_function=_style,
        highlight_function=lambda _f: {"weight": 3, "fillOpacity": 0.9},
        tooltip=folium.GeoJsonTooltip(
            fields=list(TOOLTIP_FIELDS), aliases=["", *aliases], sticky=True
        ),
        popup=folium.GeoJsonPopup(fields=["_popup"], labels=False) if spec.area_link else None,
    ).add_to(group)
    group.add_to(m)
    sections = [_colour_section(spec, areas)]
    sections += [s for s in _extra_layers(m, areas, spec, overlays) if s is not None]
    fit_without_animation(m, areas)
    return sections


def _extra_layers(
    m: folium.Map, areas: gpd.GeoDataFrame, spec: RankingMapSpec, overlays: dict
) -> list[LegendSection | None]:
    outlines = add_rule_outlines(m, areas, spec.rule_sets, spec.lang)
    capacity = add_capacity_layer(m, areas, spec.quadrant_labels, spec.lang)
    add_overlays(m, overlays, spec.lang)
    return [outlines, capacity]


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    uncertain = bool(props.get("_uncertain"))
    return {
        "fillColor": props["_fill"],
        "fillOpacity": 0.75,
        "color": "#111111" if uncertain else "#555555",
        "weight": 2.5 if uncertain else 0.8,
        "dashArray": UNCERTAIN_DASH if uncertain else None,
    }


def feature_data(areas: gpd.GeoDataFrame, spec: RankingMapSpec) -> gpd.GeoDataFrame:
    """Escaped display columns (``_name``, ``_rank`` ...) and style inputs per area."""
    t = texts.t(spec.lang)
    rows = [_row_texts(row, spec) for row in areas.itertuples(index=False)]
    data = gpd.GeoDataFrame(rows, geometry=areas.geometry.to_numpy(), crs=areas.crs)
    data["_fill"] = [_fill(row, spec) for row in areas.itertuples(index=False)]
    uncertain = areas["uncertain"] if "uncertain" in areas else pd.Series(False, index=areas.index)
    data["_uncertain"] = uncertain.fillna(False).astype(bool).to_numpy()
    uncertain_word = escape(t("map.choropleth.uncertain").lower())
    data.loc[data["_uncertain"], "_interval"] += f" ({uncertain_word})"
    return data


def _fill(row: Any, spec: RankingMapSpec) -> str:
    if spec.mode == "decile":
        return decile_colour(_num(getattr(row, "decile", None)))
    return rank_colour(_num(getattr(row, "rank", None)), spec.n_ranked)


def _num(value: object) -> float:
    if value is None or value is pd.NA:
        return math.nan
    return float(value)  # type: ignore[arg-type]


def _row_texts(row: Any, spec: RankingMapSpec) -> dict[str, str]:
    t = texts.t(spec.lang)
    rank = _num(getattr(row, "rank", None))
    if math.isnan(rank):
        rank_text = t("map.choropleth.unranked")
    else:
        rank_text = f"{_whole(rank)} {t('map.choropleth.of')} {spec.n_ranked}"
    if spec.mode == "decile" and not math.isnan(rank):
        rank_text += f" · {t('map.choropleth.decile')} {_whole(_num(row.decile))}"
    low, high = _num(getattr(row, "p05_rank", None)), _num(getattr(row, "p95_rank", None))
    interval = "–" if math.isnan(low) else f"{math.floor(low)}–{math.ceil(high)}"
    name = escape(str(row.area_name))
    top = "<br>".join(escape(text) for text in _top_texts(row, spec)) or "–"
    return {
        "_name": f"<b>{name}</b>",
        "_rank": escape(rank_text),
        "_interval": escape(interval),
        "_top": top,
        "_status": escape(", ".join(_statuses(row, spec)) or t("map.choropleth.none")),
        "_popup": _popup(row, spec, name, rank_text, top),
    }


def _whole(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _top_texts(row: Any, spec: RankingMapSpec) -> list[str]:
    """The largest published contributions: "label: value unit (38 % af scoren; n = 28)".

    The values come from the published frame, so a suppressed indicator is never named."""
    t, out = texts.t(spec.lang), []
    for k in (1, 2, 3):
        column, share = getattr(row, f"top{k}", None), _num(getattr(row, f"top{k}_share", None))
        if not isinstance(column, str) or math.isnan(share):
            continue
        label = spec.indicator_labels.get(column, column)
        value = _num(getattr(row, f"value__{column}", None))
        parts = {"label": label, "share": texts.percent(share, spec.lang),
                 "of_score": t("map.choropleth.of_score")}  # fmt: skip
        if math.isnan(value):
            out.append(t("map.choropleth.reason_hidden", **parts))
            continue
        unit = spec.units.get(column, "")
        n = _num(getattr(row, f"n__{column}", None))
        text = texts.number(value, spec.lang, 1) + (f" {unit}" if unit else "")
        n_text = "–" if math.isnan(n) else f"{n:.0f}"
        out.append(t("map.choropleth.reason", **parts, value=text, n=n_text))
    return out


def _statuses(row: Any, spec: RankingMapSpec) -> list[str]:
    met = []
    for rule_id, title in spec.rule_sets:
        value = getattr(row, f"{rule_id}__status", None)
        if value is not None and value is not pd.NA and bool(value):
            met.append(title)
    return met


def _popup(row: Any, spec: RankingMapSpec, name: str, rank_text: str, top: str) -> str:
    """Name, rank, the largest contributions (value, share of the score, n) and the link;
    ``top`` is already escaped."""
    if not spec.area_link:
        return ""
    href = escape(spec.area_link.format(code=quote(str(row.area_code), safe="")))
    t = texts.t(spec.lang)
    return (
        f"<b>{name}</b><br>{escape(t('map.choropleth.rank'))}: {escape(rank_text)}<br>"
        f"{escape(t('map.choropleth.top'))}:<br>{top}<br>"
        f'<a href="{href}" target="_top">{escape(t("map.choropleth.profile_link"))}</a>'
    )


def _colour_section(spec: RankingMapSpec, areas: gpd.GeoDataFrame) -> LegendSection:
    t = texts.t(spec.lang)
    if spec.mode == "decile":
        rows = [(fill_swatch(NEED_PALETTE[0]), t("map.choropleth.decile_first"))]
        rows += [
            (fill_swatch(NEED_PALETTE[d - 1]), t("map.choropleth.decile_row", d=d))
            for d in range(2, 10)
        ]
        rows.append((fill_swatch(NEED_PALETTE[-1]), t("map.choropleth.decile_last")))
    else:
        rows = [
            (
                gradient_swatch(NEED_PALETTE),
                f"1 ({t('map.choropleth.most')}) – {spec.n_ranked} ({t('map.choropleth.least')})",
            )
        ]
    if areas["rank"].isna().any():
        rows.append((fill_swatch(NO_RANK), t("map.choropleth.unranked")))
    heading = t("map.choropleth.rank") if spec.mode == "rank" else t("map.choropleth.decile")
    section = LegendSection(heading, rows)
    if spec.uncertain_width is not None:
        uncertain = (line_swatch("#111111", UNCERTAIN_DASH, 2), t("map.choropleth.uncertain"))
        section.rows.append(uncertain)
        values = {"n": math.ceil(spec.uncertain_width), "draws": spec.draws}
        section.note = (
            t("map.choropleth.uncertain_sampling", **values)
            if spec.sampled
            else t("map.choropleth.uncertain_note", **values)
        )
    return section
