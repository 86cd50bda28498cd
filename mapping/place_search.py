"""The place search box on every Folium map (app/static/place-search.js, no external library).

`add_finding_aids` is called by mapping.base.new_map, so every map gets the search box and the
context basemap (mapping.context_basemap) without each builder having to remember. The box's
words come from the app's catalogue through `use_labels` (mapping/ may not import app/); both
languages are embedded and the script picks the frame's `<html lang>`. Without labels (a map
built outside the app, where /api/places does not exist) no box is added.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from mapping.context_basemap import ContextBasemap

SCRIPT = "/static/place-search.js"
STYLE = "/static/places.css"
LabelSource = Callable[[], dict[str, dict[str, str]]]
_label_source: list[LabelSource] = []


def use_labels(source: LabelSource) -> None:
    """Where the box's words come from: {lang: {key: text}} (keys without "places.")."""
    _label_source[:] = [source]


def labels() -> dict[str, dict[str, str]] | None:
    return _label_source[0]() if _label_source else None


class PlaceSearch(JSCSSMixin, MacroElement):
    """A Leaflet control: labelled input, results as a listbox, announced via aria-live."""

    default_js = [("kk_place_search", SCRIPT)]  # noqa: RUF012 -- folium's own attribute
    default_css = [("kk_places_css", STYLE)]  # noqa: RUF012
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (window.KK && KK.placeSearch) { KK.placeSearch({{ this._parent.get_name() }}, "
        "{{ this.labels|tojson }}); }"
        "{% endmacro %}"
    )

    def __init__(self, words: dict[str, dict[str, str]]) -> None:
        super().__init__()
        self._name = "PlaceSearch"
        self.labels = words


def add_finding_aids(m: folium.Map, has_tiles: bool) -> folium.Map:
    """The search box and the no-blank-map basemap; both only when the app gave its words."""
    words = labels()
    if words is None:
        return m
    PlaceSearch(words).add_to(m)
    ContextBasemap(words, always=not has_tiles).add_to(m)
    return m
