"""The inline SVG progress figure (app/charts.py): a pure function, tested without a browser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from app.charts import LEFT, RIGHT, WIDTH, Bar, progress_bars, scale_max

LEGEND = {"value": "Deltagere", "target": "Mål", "forecast": "Prognose"}
NS = "{http://www.w3.org/2000/svg}"


def draw(*bars: Bar) -> ET.Element:
    svg = progress_bars(bars, "Titel <1>", "Beskrivelse & mere", LEGEND, lambda v: f"{v:.0f}")
    return ET.fromstring(svg)  # well-formed XML: text is escaped


def test_title_desc_and_escaping() -> None:
    root = draw(Bar("Fællesskab <b>", 37, 500, 74.6, caption="Besøg 37 & mere"))
    assert root.find(f"{NS}title").text == "Titel <1>"  # type: ignore[union-attr]
    assert root.find(f"{NS}desc").text == "Beskrivelse & mere"  # type: ignore[union-attr]
    assert root.get("role") == "img" and "fig-title" in (root.get("aria-labelledby") or "")
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Fællesskab <b>" in texts and "Besøg 37 & mere" in texts and "500" in texts


def test_bar_target_and_forecast_share_the_groups_scale() -> None:
    bar = Bar("A", 100, 200, 150)
    root = draw(bar)
    per = (WIDTH - LEFT - RIGHT) / (scale_max(bar) * 1.08)
    rect = next(r for r in root.iter(f"{NS}rect") if r.get("class") == "kk-value")
    assert float(rect.get("width", 0)) == round(100 * per, 1)
    line = next(r for r in root.iter(f"{NS}line") if r.get("class") == "kk-target")
    assert float(line.get("x1", 0)) == round(LEFT + 200 * per, 1)
    diamond = next(p for p in root.iter(f"{NS}polygon") if p.get("class") == "kk-forecast")
    xs = [float(pt.split(",")[0]) for pt in (diamond.get("points") or "").split()]
    assert min(xs) < LEFT + 150 * per < max(xs)


def test_each_kind_is_read_against_its_own_target() -> None:
    """A target of 75 beside one of 500 is not a sliver: the line sits at the same place."""
    root = draw(Bar("A", 250, 500, None), Bar("B", 37.5, 75, None))
    xs = [float(line.get("x1", 0)) for line in root.iter(f"{NS}line")]
    assert len(xs) == 2 and xs[0] == xs[1]


def test_hidden_values_are_left_out_not_drawn_as_zero() -> None:
    svg = progress_bars([Bar("A", None, 75, None)], "t", "d", LEGEND, str)
    assert 'class="kk-value"' not in svg and 'class="kk-forecast"' not in svg
    assert 'class="kk-target"' in svg
    assert re.search(r'viewBox="0 0 640 \d+"', svg)
