"""The ranking choropleth and its overlays drawn from vector tiles (mapping/vector_tiles.py).

Above ``map_embed_max_features`` areas the map carries no geometry: the areas come from
``/tiles/areas?kind=...`` and the page embeds one lookup row per ranked area, keyed by its code:
fill colour, the rank, interval, top-contribution and status texts (escaped here) and a style
variant (dashed for an uncertain rank). Tooltip and popup show the same texts as the embedded
map; the name comes from the tile. Statutory outlines and need x capacity are further tile
layers of the same areas, styled by their own small lookups; estates, venues, associations and
approved assets come from their tile layers, off by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import folium
import pandas as pd

from mapping import texts
from mapping.ranking_layers import OVERLAY_STYLE
from mapping.ranking_legend import (
    QUADRANT_COLOURS,
    RULE_COLOURS,
    UNCERTAIN_DASH,
    LegendSection,
    fill_swatch,
    line_swatch,
)
from mapping.vector_tiles import Lookup, TileSpec, add_tile_layer, esc

COLUMNS = ["fill", "rank", "interval", "top", "status", "variant"]
UNCERTAIN = {"color": "#111111", "weight": 2.5, "dashArray": UNCERTAIN_DASH}
AREA_STYLE = {"color": "#555555", "weight": 0.8, "fillOpacity": 0.75, "fill": True}
# The tile layer's property naming each overlay feature, and the one shown as its detail.
TILE_FIELDS = {
    "estates": ("name", "boligorganisation"),
    "venues": ("name", "type"),
    "associations": ("name", None),
    "assets": ("title", "category"),
}


@dataclass
class RankingTiles:
    """Where the tiled parts of a ranking map come from: the areas' URL (None: embedded), the
    box to open on, and overlay kind -> tile URL for the overlays drawn from tiles."""

    areas_url: str | None
    bounds: tuple[float, float, float, float] | None = None
    overlays: dict[str, str] = field(default_factory=dict)


def area_lookup(areas: pd.DataFrame, rows: list[dict[str, str]], fills: list[str]) -> Lookup:
    """One row per area: fill and the escaped texts ``_row_texts`` made (``_interval`` with the
    uncertain note already added), plus variant 1 for an uncertain rank."""
    uncertain = areas["uncertain"] if "uncertain" in areas else pd.Series(False, index=areas.index)
    flags = uncertain.fillna(False).astype(bool).tolist()
    table = {
        str(code): [fill, row["_rank"], row["_interval"], row["_top"], row["_status"], int(flag)]
        for code, row, fill, flag in zip(areas["area_code"], rows, fills, flags, strict=True)
    }
    return Lookup("code", COLUMNS, table, fill="fill", variant="variant")


def area_templates(lang: str, area_link: str | None) -> tuple[str, str | None]:
    """Tooltip and popup templates with the embedded map's words (its fields and aliases)."""
    t = texts.t(lang)
    words = {k: esc(t(f"map.choropleth.{k}")) for k in ("rank", "interval", "top", "status")}
    tooltip = (
        f"<b>{{p.name}}</b><br>{words['rank']}: {{l.rank}}<br>{words['interval']}: "
        f"{{l.interval}}<br>{words['top']}:<br>{{l.top}}<br>{words['status']}: {{l.status}}"
    )
    if not area_link:
        return tooltip, None
    href = esc(area_link).replace("{code}", "{u.code}")
    popup = (
        f"<b>{{p.name}}</b><br>{words['rank']}: {{l.rank}}<br>{words['top']}:<br>{{l.top}}<br>"
        f'<a href="{href}" target="_top">{esc(t("map.choropleth.profile_link"))}</a>'
    )
    return tooltip, popup


def add_area_tiles(
    m: folium.Map, url: str, title: str, lookup: Lookup, lang: str, area_link: str | None
) -> None:
    """The choropleth itself: areas of the run filled from the lookup, others not drawn."""
    tooltip, popup = area_templates(lang, area_link)
    spec = TileSpec(url, "areas", title, AREA_STYLE, lookup=lookup, variants=[{}, UNCERTAIN],
                    popup=popup, tooltip=tooltip)  # fmt: skip
    add_tile_layer(m, spec)


def add_rule_tiles(
    m: folium.Map, url: str, areas: pd.DataFrame, rule_sets: list[tuple[str, str]], lang: str
) -> LegendSection | None:
    """The statutory outlines (as ranking_layers.add_rule_outlines) from the area tiles."""
    if not rule_sets:
        return None
    t = texts.t(lang)
    section = LegendSection(t("map.overlay.statutory"))
    for k, (rule_id, title) in enumerate(rule_sets):
        colour, width = RULE_COLOURS[k % len(RULE_COLOURS)], max(7 - 2 * k, 2)
        column = f"{rule_id}__status"
        met = areas[areas[column].fillna(False).astype(bool)] if column in areas else areas[:0]
        count = t("map.overlay.count", n=len(met))
        section.rows.append((line_swatch(colour, width=width), f"{title} ({count})"))
        if met.empty:
            continue
        rows: dict[str, list[Any]] = {str(code): [] for code in met["area_code"]}
        style = {"color": colour, "weight": width, "fill": False, "opacity": 0.95}
        spec = TileSpec(url, "areas", title, style, lookup=Lookup("code", [], rows))
        add_tile_layer(m, spec)
    return section


def add_capacity_tiles(
    m: folium.Map, url: str, areas: pd.DataFrame, labels: dict[str, str], lang: str
) -> LegendSection | None:
    """Need x capacity quadrants (as ranking_layers.add_capacity_layer), off by default."""
    if "quadrant" not in areas.columns or areas["quadrant"].isna().all():
        return None
    t = texts.t(lang)
    data = areas[areas["quadrant"].notna()]
    rows = {
        str(code): [QUADRANT_COLOURS.get(str(q), "#999"), esc(labels.get(str(q), str(q)))]
        for code, q in zip(data["area_code"], data["quadrant"], strict=True)
    }
    style = {"color": "#333", "weight": 1, "fillOpacity": 0.75, "fill": True}
    spec = TileSpec(url, "areas", t("map.overlay.capacity_layer"), style,
                    lookup=Lookup("code", ["fill", "label"], rows, fill="fill"),
                    tooltip="{p.name}<br>{l.label}")  # fmt: skip
    add_tile_layer(m, spec, show=False)
    legend = [(fill_swatch(colour), labels.get(q, q)) for q, colour in QUADRANT_COLOURS.items()]
    return LegendSection(t("map.overlay.capacity_layer"), legend)


def add_overlay_tiles(m: folium.Map, urls: dict[str, str], lang: str) -> None:
    """Estates, venues, associations and assets from their tiles, off by default; the popup
    shows the name and detail as the embedded overlays do."""
    t = texts.t(lang)
    for kind, url in urls.items():
        if kind not in OVERLAY_STYLE or kind not in TILE_FIELDS:
            continue
        colour, opacity, _ = OVERLAY_STYLE[kind]
        name, detail = TILE_FIELDS[kind]
        points = kind != "estates"
        popup = f"<b>{esc(t('map.overlay.name'))}</b>: {{p.{name}}}"
        if detail:
            popup += f"<br><b>{esc(t('map.overlay.detail'))}</b>: {{p.{detail}}}"
        style = {"color": colour, "weight": 1.5, "fillColor": colour, "fill": True,
                 "fillOpacity": 0.8 if points else opacity, "radius": 5}  # fmt: skip
        spec = TileSpec(url, kind, t(f"map.overlay.{kind}"), style, points=points, popup=popup,
                        tooltip=f"{{p.{name}}}", aggregate=t("map.frame.places"))  # fmt: skip
        add_tile_layer(m, spec, show=False)
