"""Colours and the legend box of the ranking maps.

A ranking map is only as good as its legend: planners print and screenshot these maps, so the
legend says what the colours mean in words (rank 1 = most need), what a dashed outline means and
which outline is which statutory list. Every text passed in is escaped here; swatches are made
from the fixed styles below, never from user input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import cast

import folium
from branca.element import Element, Figure

from mapping import texts

# Most need first (dark red) to least need (pale yellow): one hue family, readable in greyscale.
NEED_PALETTE = (
    "#800026", "#a50026", "#d7301f", "#ef6548", "#fc8d59",
    "#fdbb84", "#fdd49e", "#fee8c8", "#fff7ec", "#ffffe5",
)  # fmt: skip
NO_RANK = "#bdbdbd"
# Rank shift: red = higher priority in profile B, blue = lower, white = unchanged.
SHIFT_PALETTE = ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b")
RULE_COLOURS = ("#6a3d9a", "#1f78b4", "#33a02c", "#ff7f00", "#e31a1c")
QUADRANT_COLOURS = {
    "high_need_low_capacity": "#d7301f",
    "high_need_high_capacity": "#fdae61",
    "low_need_low_capacity": "#abd9e9",
    "low_need_high_capacity": "#2c7bb6",
}
UNCERTAIN_DASH = "6 4"


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def interpolate(palette: tuple[str, ...], t: float) -> str:
    """The colour at position ``t`` (0..1) along ``palette``, blended between neighbours."""
    t = min(max(t, 0.0), 1.0) * (len(palette) - 1)
    low = math.floor(t)
    high = min(low + 1, len(palette) - 1)
    a, b = _hex(palette[low]), _hex(palette[high])
    mix = [round(x + (y - x) * (t - low)) for x, y in zip(a, b, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def rank_colour(rank: float | None, n_ranked: int) -> str:
    """Continuous colour by rank: 1 is the darkest."""
    if rank is None or math.isnan(rank):
        return NO_RANK
    return interpolate(NEED_PALETTE, (rank - 1) / max(n_ranked - 1, 1))


def decile_colour(decile: float | None) -> str:
    if decile is None or math.isnan(decile):
        return NO_RANK
    return NEED_PALETTE[min(max(int(decile), 1), 10) - 1]


def fill_swatch(colour: str) -> str:
    return (
        f'<span class="kk-swatch" style="display:inline-block;width:16px;height:12px;'
        f'background:{colour};border:1px solid #555;vertical-align:middle"></span>'
    )


def line_swatch(colour: str, dash: str | None = None, width: int = 4) -> str:
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="26" height="12" aria-hidden="true" style="vertical-align:middle">'
        f'<line x1="1" y1="6" x2="25" y2="6" stroke="{colour}" stroke-width="{width}"'
        f"{pattern}/></svg>"
    )


def gradient_swatch(palette: tuple[str, ...]) -> str:
    stops = ", ".join(palette)
    return (
        f'<span style="display:inline-block;width:120px;height:12px;border:1px solid #555;'
        f'background:linear-gradient(to right, {stops});vertical-align:middle"></span>'
    )


@dataclass
class LegendSection:
    """A heading and rows of (swatch HTML made by this module, plain-text label)."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None


def legend_html(title: str, sections: list[LegendSection]) -> str:
    parts = [f'<div class="kk-legend-title" style="font-weight:600">{escape(title)}</div>']
    for section in sections:
        parts.append(f'<div style="margin-top:6px;font-weight:600">{escape(section.title)}</div>')
        for swatch, label in section.rows:
            parts.append(f'<div class="kk-legend-row">{swatch} {escape(label)}</div>')
        if section.note:
            parts.append(f'<div style="color:#555;font-size:12px">{escape(section.note)}</div>')
    return "".join(parts)


def add_legend(m: folium.Map, title: str, sections: list[LegendSection], lang: str) -> None:
    """The legend as a fixed box at the bottom right, above Leaflet's attribution."""
    label = escape(texts.t(lang)("map.legend"))
    box = (
        f'<div class="kk-legend" data-testid="ranking-legend" role="region" '
        f'aria-label="{label}" style="position:fixed;bottom:28px;right:10px;z-index:1000;'
        "background:rgba(255,255,255,.95);padding:6px 10px;border-radius:6px;max-width:300px;"
        "max-height:55vh;overflow:auto;box-shadow:0 1px 4px rgba(0,0,0,.3);"
        f'font:13px/1.4 system-ui,sans-serif"><details open><summary style="cursor:pointer">'
        f"{label}</summary>{legend_html(title, sections)}</details></div>"
    )
    cast(Figure, m.get_root()).html.add_child(Element(box))
