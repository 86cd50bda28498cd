"""No blank map: draw outlines, names and stops from the loaded layers when tiles are missing.

The drawing is app/static/context-basemap.js, fed by GET /api/basemap. It starts at once when
the map has no tile layer (tiles 'none') and otherwise on the first `tileerror`, so a map whose
tile server is blocked or offline still shows where things are.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

SCRIPT = "/static/context-basemap.js"


class ContextBasemap(JSCSSMixin, MacroElement):
    """Greyscale, non-interactive outlines and labels below the data layers."""

    default_js = [("kk_context_basemap", SCRIPT)]  # noqa: RUF012 -- folium's own attribute
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (window.KK && KK.contextBasemap) { KK.contextBasemap({{ this._parent.get_name() }}, "
        "{always: {{ this.always|tojson }}, labels: {{ this.labels|tojson }}}); }"
        "{% endmacro %}"
    )

    def __init__(self, words: dict[str, dict[str, str]], always: bool) -> None:
        super().__init__()
        self._name = "ContextBasemap"
        self.always = always
        self.labels = {lang: {"basemap": w.get("basemap", "")} for lang, w in words.items()}
