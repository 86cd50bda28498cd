"""Map frames are light and accessible (mapping.frame), responses are compressed and cached,
and the accessibility statement is linked from every page (issue 9 items 8 and 10)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import folium
import pytest
from fastapi.testclient import TestClient

from app.i18n import catalogue
from app.main import create_app
from app.settings import Settings
from mapping.base import VENDOR_DIR, new_map, render, version_own_links
from mapping.frame import OPTIONAL, frame_texts, libraries_used

STATIC = Path(__file__).resolve().parent.parent / "app" / "static"
JQUERY, BOOTSTRAP_JS, BOOTSTRAP_CSS, AWESOME_JS, AWESOME_CSS, FONT_AWESOME = OPTIONAL


def _area_map() -> folium.Map:
    m = new_map(tiles=None)
    folium.GeoJson({"type": "Point", "coordinates": [9.9, 57.0]}).add_to(m)
    return m


def test_frame_has_language_title_and_zoomable_viewport() -> None:
    html = render(_area_map(), "en", "Overview <map>")
    assert re.search(r"<html lang=\"en\">", html)
    assert "<title>Overview &lt;map&gt;</title>" in html
    viewport = re.findall(r"<meta name=\"viewport\"[^>]*>", html)
    assert viewport == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    m = _area_map()
    m.get_root().html.add_child(folium.Element("<svg><title>Skala</title></svg>"))
    assert "<svg><title>Skala</title></svg>" in render(m)  # only the document's title is replaced
    danish = render(_area_map())
    assert '<html lang="da">' in danish and "<title>Kort · Kvarterkort</title>" in danish
    assert '"zoom_in": "Zoom ind"' in danish  # Leaflet's own control labels in Danish


def test_frame_loads_only_the_libraries_it_uses() -> None:
    assert libraries_used(render(_area_map())) == []
    m = new_map(tiles=None)
    folium.Marker([57.0, 9.9], icon=folium.Icon(icon="users", prefix="fa"), popup="Hal").add_to(m)
    html = render(m)
    assert libraries_used(html) == [AWESOME_JS, AWESOME_CSS, FONT_AWESOME]
    assert "$(`" in html and "the two jQuery calls Folium makes" in html  # the popup's shim
    assert "/static/vendor/leaflet/leaflet.js?v=" in html


def test_a_map_that_calls_jquery_itself_keeps_it() -> None:
    m = _area_map()
    m.get_root().script.add_child(folium.Element("jQuery('.leaflet-container').addClass('x');"))
    assert libraries_used(render(m)) == [JQUERY]
    m = _area_map()
    m.get_root().html.add_child(folium.Element('<button data-bs-toggle="modal">i</button>'))
    assert libraries_used(render(m)) == [BOOTSTRAP_JS, BOOTSTRAP_CSS]


def test_frame_texts_exist_in_both_languages() -> None:
    """The frame's words are the catalogue's map.frame.* keys, each translated (the title only
    shares the app's name)."""
    da, en = catalogue()["da"], catalogue()["en"]
    keys = {k for k in da if k.startswith("map.frame.")}
    assert keys == {k for k in en if k.startswith("map.frame.")}
    assert {f"map.frame.{name}" for name in frame_texts("da")} == keys
    assert all(da[k] != en[k] for k in keys if k != "map.frame.title")
    assert frame_texts("en")["zoom_in"] == "Zoom in" and frame_texts("da")["close"] == "Luk"


def test_vendored_links_carry_a_content_hash() -> None:
    html = render(_area_map())
    version = re.search(r"/static/vendor/leaflet/leaflet\.js\?v=([0-9a-f]+)", html)
    assert version is not None
    digest = hashlib.sha256((VENDOR_DIR / "leaflet/leaflet.js").read_bytes()).hexdigest()
    assert digest.startswith(version.group(1))
    own = version_own_links('<script src="/static/style.css"></script><a href="/static/x.txt">')
    digest = hashlib.sha256((STATIC / "style.css").read_bytes()).hexdigest()[:12]
    assert own == f'<script src="/static/style.css?v={digest}"></script><a href="/static/x.txt">'


@pytest.mark.browser
def test_popup_and_names_work_without_jquery(page) -> None:  # type: ignore[no-untyped-def]
    """The shim opens Folium's popups; markers are named by their tooltip, in Danish."""
    m = new_map(tiles=None)
    folium.Marker([57.0, 9.9], tooltip="Vejgaard Hallen", popup="<b>Vejgaard</b> hal").add_to(m)
    document = render(m)
    assert "jquery.min.js" not in document and JQUERY not in libraries_used(document)

    def serve(route) -> None:  # type: ignore[no-untyped-def]
        path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        if path.startswith("static/"):
            route.fulfill(path=str(STATIC / path.removeprefix("static/")))
        else:
            route.fulfill(body=document, content_type="text/html")

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("http://kk.test/**", serve)
    page.goto("http://kk.test/map", wait_until="load")
    marker = page.locator(".leaflet-marker-icon")
    marker.wait_for()
    page.locator("[aria-label='Vejgaard Hallen']").wait_for()
    assert marker.get_attribute("alt") == "Vejgaard Hallen"
    marker.click()
    assert page.locator(".leaflet-popup-content").inner_text() == "Vejgaard hal"
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Luk"
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom ind"
    assert page.locator(".leaflet-container").get_attribute("role") == "region"
    assert errors == []


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(
        tiles="none", data_dir=tmp_path, a11y_contact_email="tilgaengelighed@aalborg.dk",
        a11y_contact_phone="99 31 31 31", a11y_organisation="Aalborg Kommune",
    )  # fmt: skip
    return TestClient(create_app(settings, database_url=db_url))


def test_pages_are_compressed_and_static_files_cached(client: TestClient) -> None:
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "Kvarterkort" in page.text
    link = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', page.text)
    assert link is not None  # base.html links our stylesheet by content version
    assert (
        client.get(link.group(1)).headers["cache-control"] == "public, max-age=31536000, immutable"
    )
    assert client.get("/static/style.css").headers["cache-control"] == "public, max-age=300"
    vendor = client.get("/static/vendor/leaflet/leaflet.js")
    assert vendor.headers["cache-control"] == "public, max-age=86400"
    assert vendor.headers["content-encoding"] == "gzip"
    image = client.get("/static/vendor/leaflet/images/marker-icon.png")
    assert "content-encoding" not in image.headers  # already compressed formats are left alone
    tiny = client.get("/healthz")
    assert "content-encoding" not in tiny.headers  # below the minimum size
    assert client.get("/static/nothing.css").headers.get("cache-control") is None


def test_accessibility_statement_in_both_languages(client: TestClient) -> None:
    da = client.get("/tilgaengelighed").text
    for heading in ("Overholdelsesstatus", "Indhold, der ikke er tilgængeligt",
                    "Feedback og kontaktoplysninger", "Håndhævelsesprocedure"):  # fmt: skip
        assert f">{heading}</h2>" in da
    assert "Aalborg Kommune er forpligtet" in da
    assert "7. december 2026" in da  # the date through app.format
    assert 'href="mailto:tilgaengelighed@aalborg.dk"' in da and 'href="tel:99313131"' in da
    assert "digst.dk" in da and '<html lang="da">' in da
    en = client.get("/tilgaengelighed?lang=en").text
    assert ">Compliance status</h2>" in en and "7 December 2026" in en


def test_every_page_links_the_statement(client: TestClient) -> None:
    for path in ("/", "/maps/overview", "/assets/new", "/login", "/nowhere"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert 'href="/tilgaengelighed"' in response.text, path
        assert 'class="skip" href="#main"' in response.text, path
    # The language switch keeps the page's own question (a shared link stays the same link).
    form = client.get("/assets/new?lat=57.05&lon=9.9").text
    assert 'class="lang" href="?lat=57.05&amp;lon=9.9&amp;lang=en"' in form


def test_statement_without_contact_says_whom_to_ask(db_url: str, tmp_path: Path) -> None:
    bare = TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=db_url))
    text = bare.get("/tilgaengelighed").text
    assert 'data-testid="a11y-contact-missing"' in text and "mailto:" not in text
