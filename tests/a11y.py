"""Browser helpers for the accessibility tests: axe-core (vendored, test-only) and page checks.

axe-core 4.x comes from npm (`npm pack axe-core@4`, see scripts/vendor-assets.sh) and lives in
tests/vendor/axe-core; the app never serves it. It is injected as an inline script, which the
site's CSP allows ('unsafe-inline' for the Folium maps), so no CSP bypass is needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, iframes: false});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""
# Words that give an English string away on a Danish page (whole words, case-insensitive). Names
# of places and layers are Danish or neutral; "API" and "Kvarterkort" are names, not English.
ENGLISH_WORDS = (
    "the", "and", "with", "without", "not", "please", "error", "errors", "invalid", "required",
    "must", "should", "submit", "search", "loading", "page", "map", "layers", "zoom in",
    "zoom out", "close", "show", "hide", "results", "venue", "venues", "area", "areas",
    "rank", "profile", "download", "settings", "login", "sign in", "password", "name",
    "category", "address", "capacity", "unknown", "larger than", "infeasible", "failed",
)  # fmt: skip
ENGLISH = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")\b", re.I)


def axe_violations(target: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations in one document (a Playwright Page or Frame)."""
    target.add_script_tag(path=str(AXE))
    return list(target.evaluate(RUN_AXE, WCAG_TAGS))


def page_violations(page: Any) -> dict[str, list[dict[str, Any]]]:
    """Violations of the page and of each same-origin frame in it, keyed by the frame's URL."""
    found: dict[str, list[dict[str, Any]]] = {}
    for frame in page.frames:
        if frame.url in ("", "about:blank"):
            continue
        violations = axe_violations(frame)
        if violations:
            found[frame.url] = violations
    return found


def describe(found: dict[str, list[dict[str, Any]]]) -> str:
    """A readable list for an assertion message."""
    lines = []
    for url, violations in found.items():
        for v in violations:
            lines.append(f"{url}: {v['id']} ({v['impact']}) {v['help']}")
            lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)


def english_words(text: str) -> list[str]:
    """Telltale English words in visible text (lower-cased, unique, in order)."""
    seen: list[str] = []
    for match in ENGLISH.finditer(text):
        word = match.group(0).lower()
        if word not in seen:
            seen.append(word)
    return seen


# What Leaflet draws, in any pane (the context basemap has its own): shapes, canvas, markers.
DRAWN = (
    ".leaflet-map-pane path, .leaflet-map-pane canvas, .leaflet-map-pane .leaflet-marker-pane > *"
)


def drawn_features(frame: Any) -> int:
    """SVG paths, canvas layers and markers Leaflet drew in a map frame (0 = a blank map)."""
    return int(frame.locator(DRAWN).count())
