"""The maps' words and numbers come from the app's catalogue and formatter (mapping.texts), so a
Danish map and a Danish page say the same thing the same way."""

from __future__ import annotations

import folium
import pytest

import app.i18n  # noqa: F401  - registers the catalogue with mapping.texts, as the app does
from mapping import texts
from mapping.base import synthetic_notice
from mapping.ranking_legend import add_legend


@pytest.mark.parametrize(
    ("lang", "words"),
    [("da", "<b>Syntetiske demodata</b> (ikke virkelige): demo"),
     ("en", "<b>Synthetic demo data</b> (not real): demo")],
)  # fmt: skip
def test_the_synthetic_notice_speaks_the_maps_language(lang: str, words: str) -> None:
    m = folium.Map(tiles=None)
    synthetic_notice(m, ["demo"], lang)
    assert words in m.get_root().render()


def test_the_legend_is_named_in_the_maps_language() -> None:
    m = folium.Map(tiles=None)
    add_legend(m, "Behov", [], "en")
    assert 'aria-label="Legend"' in m.get_root().render()


def test_numbers_on_maps_use_the_one_formatter() -> None:
    assert texts.number(1234.5, "da") == "1.234,5"
    assert texts.number(1234.5, "en", 0) == "1,234"
    assert texts.percent(0.384, "da") == "38 %" and texts.percent(0.384, "en") == "38%"


def test_without_the_app_a_map_shows_keys_not_wrong_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts, "_source", {})
    assert texts.t("da")("map.legend") == "map.legend"
    assert texts.number(1234.5, "da") == "1234.5"
    assert texts.percent(0.384, "da") == "38%"
