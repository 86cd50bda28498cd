"""Small inline SVG figures for pages and printed reports: no JavaScript, no chart library.

A pure function of numbers and words (the caller translates and formats), so it can be tested
without a browser and prints exactly as it shows. Each figure has a <title> and a <desc> and is
meant to sit beside a table with the same numbers (WCAG 1.1.1: the figure is not the only way).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
LEFT, RIGHT = 12, 80  # room for the number after the bar
BAR_H, HEAD, NOTE = 18, 20, 18  # bar height, label line above it, caption line below it
GROUP_GAP = 12
LEGEND_H = 28
COLOURS = {"value": "#2b6cb0", "target": "#222222", "forecast": "#b35900"}


@dataclass(frozen=True)
class Bar:
    """One group of the figure: a kind's participants on the basis its target is measured on
    (unique participants where every visit has a code, else visits), the target and the
    year-end forecast (None where unknown or hidden), and a caption with the other numbers."""

    label: str
    value: float | None
    target: float | None = None
    forecast: float | None = None
    caption: str = ""


def _known(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def scale_max(bar: Bar) -> float:
    """The largest value a group draws (bar, target, forecast), at least 1. Each group has its
    own scale: a kind is read against its own target, and a target of 75 beside one of 500
    would otherwise be a sliver."""
    values = [
        float(v) for v in (bar.value, bar.target, bar.forecast) if v is not None and _known(v)
    ]
    return max([1.0, *values])


def progress_bars(
    bars: Sequence[Bar],
    title: str,
    desc: str,
    legend: dict[str, str],
    number: Callable[[float], str],
    figure_id: str = "fig",
) -> str:
    """The figure as an <svg> string: per group a bar, a vertical target line labelled with the
    target, a diamond at the forecast and a caption line."""
    span = WIDTH - LEFT - RIGHT
    parts: list[str] = []
    y = 4.0
    for bar in bars:
        parts.extend(_group(bar, y, span / (scale_max(bar) * 1.08), number))
        y += HEAD + BAR_H + NOTE + GROUP_GAP
    height = int(y + LEGEND_H)
    parts.extend(_legend(legend, y))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kk-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{figure_id}-title {figure_id}-desc">'
        f'<title id="{figure_id}-title">{escape(title)}</title>'
        f'<desc id="{figure_id}-desc">{escape(desc)}</desc>'
    )
    return head + "".join(parts) + "</svg>"


def _group(bar: Bar, y: float, per: float, number: Callable[[float], str]) -> list[str]:
    out = [f'<text x="{LEFT}" y="{y + 14}" font-size="13" font-weight="600">'
           f"{escape(bar.label)}</text>"]  # fmt: skip
    row = y + HEAD
    if _known(bar.value):
        out.append(_bar(float(bar.value or 0), row, per, number))
    if _known(bar.target):
        x = LEFT + float(bar.target or 0) * per
        out.append(f'<line class="kk-target" x1="{x:.1f}" y1="{row - 4}" x2="{x:.1f}" '
                   f'y2="{row + BAR_H + 4}" stroke="{COLOURS["target"]}" stroke-width="2"/>'
                   f'<text x="{x + 3:.1f}" y="{row - 5}" font-size="11">'
                   f"{escape(number(float(bar.target or 0)))}</text>")  # fmt: skip
    if _known(bar.forecast):
        out.append(_diamond(LEFT + float(bar.forecast or 0) * per, row + BAR_H / 2))
    if bar.caption:
        out.append(f'<text x="{LEFT}" y="{row + BAR_H + 14}" font-size="11" fill="#444">'
                   f"{escape(bar.caption)}</text>")  # fmt: skip
    return out


INSIDE_MIN = 56  # a bar at least this wide carries its number inside, at its start


def _bar(value: float, y: float, per: float, number: Callable[[float], str]) -> str:
    """The bar with its number: inside the bar (white, at its start) when it is wide enough,
    so the number never collides with the target line or the forecast diamond near the bar's
    end (468 beside a forecast of 492 and a target of 500); after a short bar otherwise."""
    width = max(value * per, 0.0)
    label = (
        f'<text class="kk-value-label" x="{LEFT + 6}" y="{y + BAR_H - 4}" font-size="12" '
        f'font-weight="600" fill="#ffffff">'
        if width >= INSIDE_MIN
        else f'<text class="kk-value-label" x="{LEFT + width + 4:.1f}" y="{y + BAR_H - 4}" '
        f'font-size="12">'
    )
    return (
        f'<rect class="kk-value" x="{LEFT}" y="{y}" width="{width:.1f}" height="{BAR_H}" '
        f'fill="{COLOURS["value"]}"/>{label}{escape(number(value))}</text>'
    )


def _diamond(x: float, y: float, r: float = 7) -> str:
    points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    return (f'<polygon class="kk-forecast" points="{points}" fill="{COLOURS["forecast"]}" '
            f'stroke="#fff" stroke-width="1"/>')  # fmt: skip


def _legend(legend: dict[str, str], y: float) -> list[str]:
    out, x = [], float(LEFT)
    for measure, text in legend.items():
        colour = COLOURS.get(measure, "#666")
        swatch = f'<rect x="{x:.1f}" y="{y + 6}" width="12" height="12" fill="{colour}"/>'
        label = f'<text x="{x + 16:.1f}" y="{y + 16}" font-size="12">{escape(text)}</text>'
        out.append(swatch + label)
        x += 24 + 7 * len(text)
    return out
