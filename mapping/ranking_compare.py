"""Two profiles side by side: a diverging map of how far each area's rank moves from A to B.

A planner comparing "Sundt og aktivt lokalområde" with "Boligsocial" wants to see where the choice
of profile matters, not two maps to eyeball. ``shift = rank A - rank B``: positive means the area
is a higher priority (a smaller rank number) under B. Classes are symmetric around "unchanged"
and scale with the largest shift, so a map of 12 areas and one of 57 both use every colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
import numpy as np

from mapping import texts
from mapping.base import credits_notice, new_map, synthetic_notice
from mapping.ranking_layers import fit_without_animation
from mapping.ranking_legend import NO_RANK, SHIFT_PALETTE, LegendSection, add_legend, fill_swatch


@dataclass
class ShiftMapSpec:
    title_a: str
    title_b: str
    lang: str = "da"
    tiles: str | None = "OpenStreetMap"


def shift_bins(shift: np.ndarray) -> list[tuple[int, int]]:
    """Three (low, high) bands of positive shift, by the largest absolute shift."""
    finite = np.abs(shift[np.isfinite(shift)])
    largest = int(finite.max()) if finite.size else 0
    step = max(1, math.ceil(largest / 3))
    return [(1, step), (step + 1, 2 * step), (2 * step + 1, max(3 * step, largest))]


def shift_class(value: float, bins: list[tuple[int, int]]) -> int:
    """Index into SHIFT_PALETTE: 3 = unchanged, 4..6 = up in B, 2..0 = down in B."""
    if value == 0:
        return 3
    band = next((k for k, (_, hi) in enumerate(bins) if abs(value) <= hi), len(bins) - 1)
    return 4 + band if value > 0 else 2 - band


def build_shift_map(
    areas: gpd.GeoDataFrame,
    spec: ShiftMapSpec,
    synthetic: list[str] | None = None,
    credits: list[str] | None = None,
) -> folium.Map:
    """``areas`` has area_code, area_name, rank_a, rank_b (EPSG:4326)."""
    t = texts.t(spec.lang)
    shift = (areas["rank_a"].astype(float) - areas["rank_b"].astype(float)).to_numpy()
    bins = shift_bins(shift)
    data = gpd.GeoDataFrame(
        {
            "_name": [f"<b>{escape(str(n))}</b>" for n in areas["area_name"]],
            "_a": [_rank(v) for v in areas["rank_a"]],
            "_b": [_rank(v) for v in areas["rank_b"]],
            "_shift": [escape(_shift_text(v, t)) for v in shift],
            "_fill": [
                NO_RANK if np.isnan(v) else SHIFT_PALETTE[shift_class(v, bins)] for v in shift
            ],
        },
        geometry=areas.geometry.to_numpy(),
        crs=areas.crs,
    )
    m = new_map(tiles=spec.tiles)
    aliases = [
        "",
        f"{t('map.compare.a')} ({spec.title_a})",
        f"{t('map.compare.b')} ({spec.title_b})",
        t("map.compare.shift"),
    ]
    folium.GeoJson(
        data,
        name=escape(t("map.compare.title")),
        style_function=lambda f: {
            "fillColor": f["properties"]["_fill"],
            "fillOpacity": 0.8,
            "color": "#555555",
            "weight": 0.8,
        },
        highlight_function=lambda _f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(
            fields=["_name", "_a", "_b", "_shift"], aliases=[escape(a) for a in aliases]
        ),
    ).add_to(m)
    fit_without_animation(m, areas)
    title = f"{t('map.compare.title')}: A = {spec.title_a}, B = {spec.title_b}"
    add_legend(m, title, [_legend(bins, t, bool(np.isnan(shift).any()))], spec.lang)
    synthetic_notice(m, sorted(set(synthetic or [])), spec.lang)
    credits_notice(m, credits or [])
    return m


def _rank(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(number) else f"{number:.0f}"


def _shift_text(value: float, t: texts.Translator) -> str:
    if np.isnan(value):
        return "–"
    if value == 0:
        return t("map.compare.same")
    moved = f"{abs(value):.0f}"
    return (
        t("map.compare.places_up", n=moved) if value > 0 else t("map.compare.places_down", n=moved)
    )


def _legend(bins: list[tuple[int, int]], t: texts.Translator, unranked: bool) -> LegendSection:
    rows = [
        (fill_swatch(SHIFT_PALETTE[4 + k]), t("map.compare.up", lo=lo, hi=hi))
        for k, (lo, hi) in reversed(list(enumerate(bins)))
    ]
    rows.append((fill_swatch(SHIFT_PALETTE[3]), t("map.compare.same")))
    rows += [
        (fill_swatch(SHIFT_PALETTE[2 - k]), t("map.compare.down", lo=lo, hi=hi))
        for k, (lo, hi) in enumerate(bins)
    ]
    if unranked:
        rows.append((fill_swatch(NO_RANK), t("map.compare.unranked")))
    return LegendSection(t("map.compare.shift"), rows)
