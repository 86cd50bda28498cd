"""The finishing touches on a rendered map document: light, accessible, in the page's language.

Folium's page template links jQuery, Bootstrap (JS and CSS), Font Awesome and awesome-markers
into every map, used or not (0.7-1.2 MB cold per map page), blocks pinch-zoom in its viewport
tag and has no language or title. `finish` therefore:

- drops each optional library the map's own markup and scripts do not use. Folium's popups call
  jQuery only as ``$(`<html>`)[0]`` and ``$(document).ready(f)``; a few lines of shim cover those,
  so jQuery stays only when anything else calls it;
- sets ``<html lang>``, a ``<title>`` and a viewport that allows zooming (WCAG 1.4.4, 3.1.1, 2.4.2);
- gives markers accessible names (their tooltip text, or the number of places in a cluster),
  names the map container as a region, and puts Leaflet's own English control labels (zoom,
  layers, close popup) into the page's language.

The words come from the app's catalogue (app/messages/maps.py, `map.frame.*`) through
mapping.texts, because mapping/ must not import the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

from mapping import texts

VENDOR = "/static/vendor"
LANGUAGES = ("da", "en")
JQUERY_SHIM = """<script>/* Kvarterkort: the two jQuery calls Folium makes, without jQuery */
if (!window.jQuery) { window.$ = function (x) {
  if (typeof x === "string") { var t = document.createElement("template");
    t.innerHTML = x.trim(); return [t.content.firstElementChild]; }
  return { ready: function (f) { if (document.readyState !== "loading") { f(); }
    else { document.addEventListener("DOMContentLoaded", f); } } };
}; }
</script>"""
A11Y_SCRIPT = """<script>/* Kvarterkort: accessible names and the page's language in Leaflet */
(function (T) {
  function tipText(layer) {
    var tip = layer.getTooltip && layer.getTooltip();
    var c = tip && tip.getContent();
    if (!c) { return ""; }
    if (typeof c !== "string") { return (c.textContent || "").trim(); }
    var d = document.createElement("div"); d.innerHTML = c; return d.textContent.trim();
  }
  function nameIcon(marker) {
    var el = marker._icon;
    if (!el || el.getAttribute("aria-label")) { return; }
    var name = marker.getChildCount ? T.places.replace("{n}", marker.getChildCount())
      : (marker.options.title || tipText(marker) || T.marker);
    el.setAttribute("aria-label", name);
    if (el.tagName === "IMG") { el.alt = name; }
  }
  var initIcon = L.Marker.prototype._initIcon;
  L.Marker.prototype._initIcon = function () {
    // Every new icon element (clusters redraw theirs), named once Folium has bound the tooltip.
    initIcon.call(this);
    var m = this;
    setTimeout(function () { nameIcon(m); }, 0);
  };
  L.Map.addInitHook(function () {
    var box = this.getContainer();
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", T.title);
    if (this.zoomControl) {
      var where = this.zoomControl.getPosition();
      this.removeControl(this.zoomControl);
      this.zoomControl = L.control.zoom({position: where, zoomInTitle: T.zoom_in,
                                         zoomOutTitle: T.zoom_out}).addTo(this);
    }
  });
  var layersLayout = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.prototype._initLayout = function () {
    layersLayout.call(this);
    if (this._layersLink) {
      this._layersLink.title = T.layers;
      this._layersLink.setAttribute("aria-label", T.layers);
    }
    if (this._section) { this._section.setAttribute("aria-label", T.layers); }
  };
  var popupLayout = L.Popup.prototype._initLayout;
  L.Popup.prototype._initLayout = function () {
    popupLayout.call(this);
    if (this._closeButton) { this._closeButton.setAttribute("aria-label", T.close); }
  };
})(%s);
</script>"""
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
LIBRARY_TAG = r"<(?:link|script)[^>]*{url}[^>]*>(?:\s*</script>)?\s*"


def _uses_jquery(code: str) -> bool:
    rest = code.replace("$(`", "").replace("$(document).ready(", "")
    return "$(" in rest or "jQuery" in rest


def _uses_bootstrap(code: str) -> bool:
    return bool(
        re.search(r"data-bs-|bootstrap\.|class=\\?\"[^\"]*\b(?:btn|modal|dropdown)\b", code)
    )


def _uses_awesome_markers(code: str) -> bool:
    return "L.AwesomeMarkers" in code


def _uses_font_awesome(code: str) -> bool:
    return bool(re.search(r'"prefix":\s*"fa"|\bfa[srb]?\s+fa-|\bfa-solid\b', code))


# Vendored file (under VENDOR) -> does the map's own code need it?
OPTIONAL: dict[str, Callable[[str], bool]] = {
    "jquery/jquery.min.js": _uses_jquery,
    "bootstrap/bootstrap.bundle.min.js": _uses_bootstrap,
    "bootstrap/bootstrap.min.css": _uses_bootstrap,
    "awesome-markers/leaflet.awesome-markers.js": _uses_awesome_markers,
    "awesome-markers/leaflet.awesome-markers.css": _uses_awesome_markers,
    "fontawesome/css/all.min.css": _uses_font_awesome,
}


def _tag(path: str) -> str:
    return LIBRARY_TAG.format(url=re.escape(f"{VENDOR}/{path}") + r"(?:\?[^\"']*)?[\"']")


def libraries_used(html: str) -> list[str]:
    """The optional vendored files this document links (what `finish` keeps)."""
    return [path for path in OPTIONAL if re.search(_tag(path), html)]


def prune_libraries(html: str) -> str:
    """Drop the links to optional libraries that nothing in the document uses."""
    code = re.sub(LIBRARY_TAG.format(url=re.escape(VENDOR)), "", html)  # the map's own markup
    for path, used in OPTIONAL.items():
        if not used(code):
            html = re.sub(_tag(path), "", html)
    if "/jquery/jquery.min.js" not in html and "$(" in html:
        html = html.replace("<head>", "<head>\n" + JQUERY_SHIM, 1)
    return html


def frame_texts(lang: str) -> dict[str, str]:
    """The words Leaflet's controls and the A11Y script need, in `lang` ("{n}" left for JS)."""
    t = texts.t(lang)
    return {
        "title": t("map.frame.title"),
        "zoom_in": t("map.frame.zoom_in"),
        "zoom_out": t("map.frame.zoom_out"),
        "layers": t("map.frame.layers"),
        "close": t("map.frame.close"),
        "places": t("map.frame.places"),
        "marker": t("map.frame.marker"),
    }


def finish(html: str, lang: str = "da", title: str | None = None) -> str:
    """Language, title, zoomable viewport, named markers and only the libraries in use."""
    lang = lang if lang in LANGUAGES else "da"
    text = frame_texts(lang)
    html = prune_libraries(html)
    html = re.sub(r"<html[^>]*>", f'<html lang="{lang}">', html, count=1)
    html = re.sub(r"<meta name=\"viewport\"[^>]*>", VIEWPORT, html, flags=re.S)
    if VIEWPORT not in html:
        html = html.replace("<head>", "<head>\n" + VIEWPORT, 1)
    label = title or text["title"]
    end = html.find("</head>")
    end = len(html) if end < 0 else end
    head = re.sub(r"<title>.*?</title>\s*", "", html[:end], flags=re.S)  # not an SVG's title
    html = head + html[end:]
    html = html.replace("<head>", f"<head>\n<title>{escape(label)}</title>", 1)
    names = json.dumps({**text, "title": label}, ensure_ascii=False).replace("</", "<\\/")
    leaflet = re.search(LIBRARY_TAG.format(url=re.escape(f"{VENDOR}/leaflet/leaflet.js")), html)
    if leaflet:
        at = leaflet.end()
        html = html[:at] + A11Y_SCRIPT % names + "\n" + html[at:]
    return html
