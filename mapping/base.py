"""Shared map plumbing: a base map over Aalborg, local (no-CDN) assets, legends and labels.

Folium links Leaflet and its plugins from public CDNs. Kvarterkort's machines have no internet and
municipal networks often block CDNs, so every rendered map is rewritten to use the copies in
app/static/vendor (see scripts/vendor-assets.sh).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from mapping import texts
from mapping.frame import finish
from mapping.place_search import add_finding_aids

STATIC_PREFIX = "/static/vendor"
# The vendored files (app/static/vendor); their content hash versions the links, so browsers may
# cache them for a year and still get a new copy after scripts/vendor-assets.sh.
VENDOR_DIR = Path(__file__).resolve().parent.parent / "app" / "static" / "vendor"
AALBORG_CENTRE = (57.03, 9.95)

# CDN file name -> local path under STATIC_PREFIX.
LOCAL_FILES = {
    "leaflet.js": "leaflet/leaflet.js",
    "leaflet.css": "leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "leaflet.awesome-markers.js": "awesome-markers/leaflet.awesome-markers.js",
    "leaflet.awesome-markers.css": "awesome-markers/leaflet.awesome-markers.css",
    "all.min.css": "fontawesome/css/all.min.css",
    "leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    "L.Control.Locate.min.js": "locatecontrol/L.Control.Locate.min.js",
    "L.Control.Locate.min.css": "locatecontrol/L.Control.Locate.min.css",
    # folium.plugins.VectorGridProtobuf links leaflet.vectorgrid@latest from unpkg
    "Leaflet.VectorGrid.bundled.js": "vectorgrid/Leaflet.VectorGrid.bundled.min.js",
}
# Stylesheets Kvarterkort does not use (Bootstrap 3 glyphicons, rotated awesome-markers).
DROPPED_FILES = {"bootstrap-glyphicons.css", "leaflet.awesome.rotate.min.css"}
ASSET_URL = re.compile(r"https?://[^\"'\s>]+?/([^/\"'\s>]+\.(?:js|css))")
TAG_WITH_URL = r"<(?:link|script)[^>]*{url}[^>]*>(?:\s*</script>)?"

OSM_TILES = "OpenStreetMap"


def new_map(
    tiles: str | None = OSM_TILES,
    location: tuple[float, float] = AALBORG_CENTRE,
    zoom_start: int = 11,
) -> folium.Map:
    """A map centred on Aalborg; `tiles=None` draws no background (offline tests, printing).
    Every map gets the place search box and, without tiles, the context basemap."""
    attr = getattr(tiles, "attribution", None)  # mapping.tiles.TileSource: a URL with its credit
    m = folium.Map(location=location, zoom_start=zoom_start, tiles=tiles, attr=attr,
                   control_scale=True)  # fmt: skip
    return add_finding_aids(m, has_tiles=tiles is not None)


def localise_assets(html: str, prefix: str = STATIC_PREFIX) -> str:
    """Point every CDN script/stylesheet at the vendored copy; drop the ones we do not use."""

    def replace(match: re.Match[str]) -> str:
        local = LOCAL_FILES.get(match.group(1))
        return f"{prefix}/{local}{version_query(local)}" if local else match.group(0)

    for name in DROPPED_FILES:
        html = re.sub(TAG_WITH_URL.format(url=r"https?://[^\"']*" + re.escape(name)), "", html)
    return ASSET_URL.sub(replace, html)


@lru_cache(maxsize=64)
def version_query(local: str) -> str:
    """``?v=<content hash>`` for a vendored file ('' when it is missing: the link still works)."""
    try:
        digest = hashlib.sha256((VENDOR_DIR / local).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""
    return f"?v={digest}"


OWN_LINK = re.compile(r"((?:src|href)=[\"'])/static/((?!vendor/)[\w./-]+\.(?:js|css))([\"'])")


def version_own_links(html: str) -> str:
    """Our own /static scripts and styles in a map (place search, context basemap) by version."""

    def replace(match: re.Match[str]) -> str:
        query = version_query(f"../{match.group(2)}")
        return f"{match.group(1)}/static/{match.group(2)}{query}{match.group(3)}"

    return OWN_LINK.sub(replace, html)


def render(m: folium.Map, lang: str = "da", title: str | None = None) -> str:
    """The map as a complete HTML page that needs no CDN, in `lang`, titled, loading only the
    libraries it uses (mapping.frame.finish), every local link versioned for long caching."""
    return finish(version_own_links(localise_assets(m.get_root().render())), lang, title)


def add_notice(m: folium.Map, html: str, position: str = "bottomleft") -> None:
    """A fixed box on the map (synthetic-data label, legend); `html` must be pre-escaped."""
    vertical, horizontal = ("bottom", "left") if position == "bottomleft" else ("top", "right")
    offset = "64px" if vertical == "bottom" else "10px"  # clear of the scale bar
    box = (
        f'<div class="kk-notice" style="position:fixed;{vertical}:{offset};{horizontal}:10px;'
        "z-index:1000;background:rgba(255,255,255,.94);padding:6px 10px;border-radius:6px;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.35 system-ui,sans-serif;max-width:340px">'
        f"{html}</div>"
    )
    cast(Figure, m.get_root()).html.add_child(Element(box))


def synthetic_notice(m: folium.Map, layer_names: list[str], lang: str = "da") -> None:
    """Label synthetic data on the map itself, so a screenshot can never pass it off as real."""
    if not layer_names:
        return
    names = ", ".join(escape(n) for n in layer_names)
    t = texts.t(lang)
    text = f"<b>{escape(t('synthetic.badge'))}</b> ({escape(t('map.not_real'))}): {names}"
    add_notice(m, f'<div data-testid="synthetic-notice">{text}</div>', "bottomleft")


class _Attribution(MacroElement):
    """Adds a credit line to Leaflet's own attribution control (bottom right)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def credits_notice(m: folium.Map, credits: list[str]) -> None:
    """Credit every data source shown (DAGI, OSM, Rejseplanen, synthetic generator)."""
    if credits:
        m.add_child(_Attribution(" · ".join(escape(c) for c in sorted(set(credits)))))
