"""Map layers drawn from Kvarterkort's vector tiles (GET /tiles/{layer}/{z}/{x}/{y}.pbf).

A layer embedded as GeoJSON costs the page every coordinate of every feature: 4.5 MB for the
national parish choropleth, 81 MB for 50,000 assets. Above ``map_embed_max_features`` the app
asks for tiles instead; the page then carries only the URL template, the style and, for the
choropleth, a small lookup ``{code: [fill, rank text, ...]}`` keyed by a tile property.

The drawing is app/static/vector-tiles.js on the vendored Leaflet.VectorGrid. Popups and
tooltips are templates: static text is escaped here, tile properties are escaped by the script
(see its header for the placeholders), lookup values are escaped here with :func:`esc`. No
database here (mapping/ never imports geodata or app): counts, versions and URLs' data come
from the caller.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from mapping.base import version_query

SCRIPT = "/static/vector-tiles.js"
VECTORGRID = "vectorgrid/Leaflet.VectorGrid.bundled.min.js"
TILE_PATH = "/tiles/{layer}/{{z}}/{{x}}/{{y}}.pbf"
# Point tiles aggregate below zoom 12 (geodata/queries/tiles.py CLUSTER_BELOW_ZOOM). A map of
# thousands of points opens at most at zoom 11, so its first view costs one feature per ~64 px
# cell rather than every point (50,000 assets: 0.86 MB at zoom 12).
POINTS_OPEN_MAX_ZOOM = 11


def esc(value: Any) -> str:
    """Inert HTML text (also inert inside a JavaScript template literal)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def tile_url(layer: str, version: str | None = None, **params: str) -> str:
    """The URL template of one tile layer; ``v=`` (the data version) lets tiles be cached for a
    year, because the version changes whenever anything they draw changes."""
    query = {**params, **({"v": version} if version else {})}
    base = TILE_PATH.format(layer=layer)
    return f"{base}?{urlencode(query)}" if query else base


@dataclass
class Lookup:
    """Per-feature values keyed by a tile property: ``rows[key] = [values in column order]``.

    ``fill`` names the column holding a fill colour, ``variant`` one holding an index into the
    spec's style variants (e.g. a dashed outline for an uncertain rank); ``only`` hides the
    features without a row. Every text value must already be escaped (:func:`esc`)."""

    key: str
    columns: list[str]
    rows: dict[str, list[Any]]
    fill: str | None = None
    variant: str | None = None
    only: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "columns": self.columns, "rows": self.rows, "fill": self.fill,
                "variant": self.variant, "only": self.only}  # fmt: skip


@dataclass
class TileSpec:
    """One tile layer: what to fetch, how to style it and what a click or hover shows.

    ``style`` holds Leaflet path options; ``by`` = (property, {value: style}) colours features
    by a property (category, type); ``points`` sizes circles by ``point_count``. ``popup`` and
    ``tooltip`` are templates (see app/static/vector-tiles.js), ``labels`` the escaped names of
    property values for ``{t.<property>}``."""

    url: str
    layer: str
    name: str  # plain text; escaped for the layer control
    style: dict[str, Any]
    by: tuple[str, dict[str, dict[str, Any]]] | None = None
    lookup: Lookup | None = None
    variants: list[dict[str, Any]] = field(default_factory=list)
    points: bool = False
    popup: str | None = None
    tooltip: str | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    aggregate: str = "{n}"  # tooltip of an aggregated point; {n} = how many
    attribution: str = ""

    def as_json(self) -> dict[str, Any]:
        by = {"property": self.by[0], "values": self.by[1]} if self.by else None
        return {
            "url": self.url, "layer": self.layer, "style": self.style, "by": by,
            "lookup": self.lookup.as_json() if self.lookup else None, "variants": self.variants,
            "points": self.points, "popup": self.popup, "tooltip": self.tooltip,
            "labels": self.labels, "aggregate": self.aggregate,
            "attribution": esc(self.attribution),
        }  # fmt: skip


class VectorTileLayer(JSCSSMixin, Layer):
    """A folium Layer (so LayerControl lists it and ``show`` works) made by KK.vectorTiles."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = KK.vectorTiles({{ this._parent.get_name() }}, "
        "{{ this.spec|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, spec: TileSpec, show: bool = True, control: bool = True) -> None:
        super().__init__(name=esc(spec.name), overlay=True, control=control, show=show)
        self._name = "VectorTileLayer"
        self.spec = spec.as_json()
        self.default_js = [
            ("kk_vectorgrid", f"/static/vendor/{VECTORGRID}{version_query(VECTORGRID)}"),
            ("kk_vector_tiles", SCRIPT),
        ]


def add_tile_layer(
    m: folium.Map | MacroElement, spec: TileSpec, show: bool = True, control: bool = True
) -> VectorTileLayer:
    """Add ``spec`` as a tile layer to a map (or a FeatureGroup) and return it."""
    layer = VectorTileLayer(spec, show=show, control=control)
    layer.add_to(m)
    return layer


def fit_bounds(
    m: folium.Map, bounds: tuple[float, float, float, float] | None, max_zoom: int = 16
) -> None:
    """Open on a lon/lat box (minlon, minlat, maxlon, maxlat) without animation; the features
    themselves are not in the page, so their extent comes from the caller."""
    if bounds is None:
        return
    x0, y0, x1, y1 = bounds
    fit = folium.FitBounds([[y0, x0], [y1, x1]], max_zoom=max_zoom)
    fit.options["animate"] = False
    m.add_child(fit)
