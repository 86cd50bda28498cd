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

WORDS = {
    "da": {"rank": "Rang", "decile": "Decil", "interval": "90 %-interval", "of": "af",
           "top": "Største bidrag", "status": "Lovbestemte lister", "none": "ingen",
           "most": "størst behov", "least": "mindst behov", "unranked": "Ikke rangeret",
           "uncertain": "Usikker placering", "profile_link": "Se områdets karakteristik",
           "uncertain_note": "90 %-intervallet spænder over mindst {n} pladser "
           "({draws} trækninger af vægte og normalisering)",
           "uncertain_sampling": "90 %-intervallet spænder over mindst {n} pladser "
           "({draws} trækninger af vægte, normalisering og stikprøveusikkerhed)",
           "of_score": "af scoren", "reason": "{label}: {value} ({share} {of_score}; n = {n})",
           "reason_hidden": "{label} ({share} {of_score})",
           "decile_row": "{d}. decil", "decile_first": "1. decil (10 % med størst behov)",
           "decile_last": "10. decil (10 % med mindst behov)", "colour": "Farve"},
    "en": {"rank": "Rank", "decile": "Decile", "interval": "90 % interval", "of": "of",
           "top": "Largest contributions", "status": "Statutory lists", "none": "none",
           "most": "most need", "least": "least need", "unranked": "Not ranked",
           "uncertain": "Uncertain rank", "profile_link": "See the area profile",
           "uncertain_note": "the 90 % interval spans at least {n} places "
           "({draws} draws of weights and normalisation)",
           "uncertain_sampling": "the 90 % interval spans at least {n} places "
           "({draws} draws of weights, normalisation and sampling error)",
           "of_score": "of the score", "reason": "{label}: {value} ({share} {of_score}; n = {n})",
           "reason_hidden": "{label} ({share} {of_score})",
           "decile_row": "decile {d}", "decile_first": "decile 1 (the 10 % with most need)",
           "decile_last": "decile 10 (the 10 % with least need)", "colour": "Colour"},
}  # fmt: skip
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

    @property
    def words(self) -> dict[str, str]:
        return WORDS.get(self.lang, WORDS["da"])


def build_ranking_map(
    areas: gpd.GeoDataFrame,
    spec: RankingMapSpec,
    overlays: dict[str, gpd.GeoDataFrame] | None = None,
    synthetic: list[str] | None = None,
    credits: list[str] | None = None,
) -> folium.Map:
    """The choropleth with outlines, overlays, a layer control, a legend and provenance."""
    m = new_map(tiles=spec.tiles)
    group = folium.FeatureGroup(name=escape(spec.title), show=True)
    data = feature_data(areas, spec)
    aliases = [escape(spec.words[k]) for k in ("rank", "interval", "top", "status")]
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
    sections += [s for s in _extra_layers(m, areas, spec, overlays or {}) if s is not None]
    folium.LayerControl(collapsed=False).add_to(m)
    fit_without_animation(m, areas)
    add_legend(m, spec.title, sections, spec.lang)
    synthetic_notice(m, sorted(set(synthetic or [])), spec.lang)
    credits_notice(m, credits or [])
    return m


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
    w = spec.words
    rows = [_row_texts(row, spec) for row in areas.itertuples(index=False)]
    data = gpd.GeoDataFrame(rows, geometry=areas.geometry.to_numpy(), crs=areas.crs)
    data["_fill"] = [_fill(row, spec) for row in areas.itertuples(index=False)]
    uncertain = areas["uncertain"] if "uncertain" in areas else pd.Series(False, index=areas.index)
    data["_uncertain"] = uncertain.fillna(False).astype(bool).to_numpy()
    data.loc[data["_uncertain"], "_interval"] += f" ({escape(w['uncertain'].lower())})"
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
    w = spec.words
    rank = _num(getattr(row, "rank", None))
    rank_text = w["unranked"] if math.isnan(rank) else f"{_whole(rank)} {w['of']} {spec.n_ranked}"
    if spec.mode == "decile" and not math.isnan(rank):
        rank_text += f" · {w['decile']} {_whole(_num(row.decile))}"
    low, high = _num(getattr(row, "p05_rank", None)), _num(getattr(row, "p95_rank", None))
    interval = "–" if math.isnan(low) else f"{math.floor(low)}–{math.ceil(high)}"
    name = escape(str(row.area_name))
    top = "<br>".join(escape(t) for t in _top_texts(row, spec)) or "–"
    return {
        "_name": f"<b>{name}</b>",
        "_rank": escape(rank_text),
        "_interval": escape(interval),
        "_top": top,
        "_status": escape(", ".join(_statuses(row, spec)) or w["none"]),
        "_popup": _popup(row, spec, name, rank_text, top),
    }


def _whole(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _top_texts(row: Any, spec: RankingMapSpec) -> list[str]:
    """The largest published contributions: "label: value unit (38 % af scoren; n = 28)".

    The values come from the published frame, so a suppressed indicator is never named."""
    w, out = spec.words, []
    for k in (1, 2, 3):
        column, share = getattr(row, f"top{k}", None), _num(getattr(row, f"top{k}_share", None))
        if not isinstance(column, str) or math.isnan(share):
            continue
        label = spec.indicator_labels.get(column, column)
        value = _num(getattr(row, f"value__{column}", None))
        pct = f"{share * 100:.0f} %" if spec.lang == "da" else f"{share * 100:.0f}%"
        parts = {"label": label, "share": pct,
                 "of_score": w["of_score"]}  # fmt: skip
        if math.isnan(value):
            out.append(w["reason_hidden"].format(**parts))
            continue
        unit = spec.units.get(column, "")
        n = _num(getattr(row, f"n__{column}", None))
        text = texts.number(value, spec.lang, 1) + (f" {unit}" if unit else "")
        n_text = "–" if math.isnan(n) else f"{n:.0f}"
        out.append(w["reason"].format(**parts, value=text, n=n_text))
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
    w = spec.words
    return (
        f"<b>{name}</b><br>{escape(w['rank'])}: {escape(rank_text)}<br>"
        f"{escape(w['top'])}:<br>{top}<br>"
        f'<a href="{href}" target="_top">{escape(w["profile_link"])}</a>'
    )


def _colour_section(spec: RankingMapSpec, areas: gpd.GeoDataFrame) -> LegendSection:
    w = spec.words
    if spec.mode == "decile":
        rows = [(fill_swatch(NEED_PALETTE[0]), w["decile_first"])]
        rows += [
            (fill_swatch(NEED_PALETTE[d - 1]), w["decile_row"].format(d=d)) for d in range(2, 10)
        ]
        rows.append((fill_swatch(NEED_PALETTE[-1]), w["decile_last"]))
    else:
        rows = [
            (gradient_swatch(NEED_PALETTE), f"1 ({w['most']}) – {spec.n_ranked} ({w['least']})")
        ]
    if areas["rank"].isna().any():
        rows.append((fill_swatch(NO_RANK), w["unranked"]))
    section = LegendSection(w["rank"] if spec.mode == "rank" else w["decile"], rows)
    if spec.uncertain_width is not None:
        section.rows.append((line_swatch("#111111", UNCERTAIN_DASH, 2), w["uncertain"]))
        note = w["uncertain_sampling"] if spec.sampled else w["uncertain_note"]
        section.note = note.format(n=math.ceil(spec.uncertain_width), draws=spec.draws)
    return section
