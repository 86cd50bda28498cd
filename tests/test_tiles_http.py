"""The tile route over HTTP: caching (ETag, 304, Cache-Control with and without v=), invalidation
when the map data changes, public headers, and bad tile addresses as 4xx problem+json."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from geodata.tiles import tile_version
from tests.test_tiles_helpers import LAT, LON, add_assets, add_points, make_client, tile_of

SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"
Z = 14
X, Y = tile_of(LON, LAT, Z)
VENUES = f"/tiles/venues/{Z}/{X}/{Y}.pbf"
ASSETS = f"/tiles/assets/{Z}/{X}/{Y}.pbf"


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    add_points(db_url, "venues", 30, spread=300)
    add_assets(db_url, 3, spread=300)
    return make_client(db_url, tmp_path)


def _version(url: str) -> str:
    with session_scope(url) as session:
        return tile_version(session)


def test_if_none_match_with_the_current_etag_is_304(client: TestClient) -> None:
    first = client.get(VENUES)
    assert first.status_code == 200
    etag = first.headers["etag"]
    again = client.get(VENUES, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == SHORT
    assert etag.startswith('W/"')  # weak: the same tile may be sent gzip-compressed or not
    for header in (etag.removeprefix("W/"), f'"other", {etag}', "*"):
        assert client.get(VENUES, headers={"If-None-Match": header}).status_code == 304
    assert client.get(VENUES, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(ASSETS).headers["etag"] != etag  # each tile has its own validator


def test_cache_control_is_immutable_only_for_the_current_version(
    client: TestClient, db_url: str
) -> None:
    assert client.get(VENUES).headers["cache-control"] == SHORT
    current = _version(db_url)
    pinned = client.get(f"{VENUES}?v={quote(current)}")
    assert pinned.status_code == 200 and pinned.headers["cache-control"] == IMMUTABLE
    assert pinned.headers["etag"] == client.get(VENUES).headers["etag"]
    stale = client.get(f"{VENUES}?v=1.2:3.4:5.6")
    assert stale.status_code == 200 and stale.headers["cache-control"] == SHORT


def test_tiles_are_public_responses(client: TestClient) -> None:
    """Nothing per visitor: no cookie set or varied on, nothing private or no-store."""
    answer = client.get(VENUES + "?lang=en")
    assert answer.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    assert "set-cookie" not in answer.headers
    assert "cookie" not in answer.headers.get("vary", "").lower()
    assert "private" not in answer.headers["cache-control"]
    assert "no-store" not in answer.headers["cache-control"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_approving_an_asset_changes_every_etag(client: TestClient, db_url: str) -> None:
    add_assets(db_url, 1, status="pending", title="Ny", spread=0)
    before = {path: client.get(path).headers["etag"] for path in (VENUES, ASSETS)}
    old_version = _version(db_url)
    with session_scope(db_url) as session:
        session.execute(text("UPDATE assets SET status = 'approved' WHERE title = 'Ny 1'"))
    after = {path: client.get(path).headers["etag"] for path in (VENUES, ASSETS)}
    assert all(before[p] != after[p] for p in before)
    stale = client.get(
        f"{ASSETS}?v={quote(old_version)}", headers={"If-None-Match": before[ASSETS]}
    )
    assert stale.status_code == 200 and stale.headers["cache-control"] == SHORT


def test_loading_a_layer_changes_the_etag(client: TestClient, db_url: str) -> None:
    before = client.get(VENUES)
    add_points(db_url, "venues", 5, spread=0, prefix="new")  # at the tile's own point
    after = client.get(VENUES, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert len(after.content) > len(before.content)


def test_a_process_reuses_the_version_for_its_ttl(db_url: str, tmp_path: Path) -> None:
    """Within tile_version_ttl_s a change is not seen yet (the version is not re-read for every
    tile); with 0 it is seen at once."""
    add_points(db_url, "venues", 3, spread=0)
    patient = make_client(db_url, tmp_path, tile_version_ttl_s=300)
    before = patient.get(VENUES).headers["etag"]
    add_points(db_url, "venues", 3, spread=0, prefix="later")
    assert patient.get(VENUES).headers["etag"] == before
    eager = make_client(db_url, tmp_path, tile_version_ttl_s=0)
    assert eager.get(VENUES).headers["etag"] != before
    assert patient.get(VENUES).headers["etag"] != before  # the memo holds the newer version


def test_a_tile_that_takes_too_long_is_cancelled_as_503(db_url: str, tmp_path: Path) -> None:
    add_points(db_url, "venues", 20_000, spread=20_000)
    hasty = make_client(db_url, tmp_path, tile_timeout_s=0.001)
    x, y = tile_of(LON, LAT, 9)
    answer = hasty.get(f"/tiles/venues/9/{x}/{y}.pbf")
    _problem(answer, 503)
    assert answer.headers["retry-after"]
    relaxed = make_client(db_url, tmp_path, tile_timeout_s=60)
    assert relaxed.get(f"/tiles/venues/9/{x}/{y}.pbf").status_code == 200


def _problem(answer, status: int, field: str | None = None) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == status and body["detail"]
    if field is not None:
        assert any(field in e["field"] for e in body["errors"]), body
    return str(body["detail"])


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/tiles/venues/21/0/0.pbf", "z"),
        ("/tiles/venues/-1/0/0.pbf", "z"),
        ("/tiles/venues/a/0/0.pbf", "z"),
        ("/tiles/venues/3/1048576/0.pbf", "x"),
        ("/tiles/venues/3/0/99999999999999999999999.pbf", "y"),
        ("/tiles/venues/3/0/0.pbf?v=%00", "v"),
        ("/tiles/areas/3/0/0.pbf?kind=s%00gn", "kind"),
        ("/tiles/venues/3/0/0.pbf?kind=" + "x" * 41, "kind"),
    ],
)
def test_malformed_parameters_are_422_naming_the_field(
    client: TestClient, path: str, field: str
) -> None:
    _problem(client.get(path), 422, field)


def test_tiles_that_cannot_exist_are_404(client: TestClient) -> None:
    da = _problem(client.get("/tiles/venues/2/4/0.pbf"), 404)
    assert "2/4/0" in da and "findes ikke" in da
    en = _problem(client.get("/tiles/venues/2/0/4.pbf?lang=en"), 404)
    assert "2/0/4" in en and "no tile" in en
    assert "areas, estates" in _problem(client.get("/tiles/roads/1/0/0.pbf?lang=en"), 404)
    assert client.get("/tiles/venues/1/0/0.png").status_code == 404


def test_the_area_kind_is_required_for_areas_only(client: TestClient) -> None:
    assert "kind" in _problem(client.get("/tiles/areas/1/0/0.pbf"), 422)
    assert "sogn" in _problem(client.get("/tiles/areas/1/0/0.pbf?kind=bydel&lang=en"), 422)
    only = _problem(client.get("/tiles/venues/1/0/0.pbf?kind=sogn&lang=en"), 422)
    assert "only to the areas layer" in only
    assert client.get("/tiles/areas/1/0/0.pbf?kind=sogn").status_code == 204


def test_a_new_tile_format_gives_new_urls_not_year_old_tiles(
    client: TestClient, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy that changes what a tile holds (TILE_FORMAT) must change the pages' ``v=``:
    otherwise browsers keep the old tiles, cached ``immutable`` for a year, under the old URL."""
    import geodata.tiles as tiles

    before = _version(db_url)
    monkeypatch.setattr(tiles, "TILE_FORMAT", "next")
    after = _version(db_url)
    assert after != before
    old_url = client.get(f"{VENUES}?v={quote(before)}")
    assert old_url.headers["cache-control"] == SHORT  # the old URL is no longer pinned
