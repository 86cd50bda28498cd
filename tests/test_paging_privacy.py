"""The paged asset API shows the public what it showed before paging: approved assets only, no
private field, skills at their generalised cell, and a `numberMatched` that counts only what
the public may see (a count of pending assets would tell how many are waiting, and where, with
a bbox). The staff lists refuse anonymous callers before reading anything, bad paging or not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.assets_public import generalisation
from tests.test_assets_helpers import make_client
from tests.test_tiles_helpers import add_assets

PRIVATE = ("email", "token_hash", "client_hash", "status", "status_note", "open_reports")


def test_public_pages_count_and_show_only_approved_assets(db_url: str, tmp_path: Path) -> None:
    add_assets(db_url, 3, status="approved", category="skills", title="Evne", spread=900)
    for status in ("pending", "hidden", "rejected"):
        add_assets(db_url, 4, status=status, title=status.title())
    client = make_client(db_url, tmp_path)
    walked: list[dict[str, Any]] = []
    matched: set[int] = set()
    url: str | None = "/api/assets?status=all&reverify=1&limit=2"
    while url:
        body = client.get(url).json()
        matched.add(body["numberMatched"])
        walked += body["features"]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    assert matched == {3} and len(walked) == 3
    g = generalisation(client.app.state.settings.skill_generalisation_m)  # type: ignore[attr-defined]
    with session_scope(db_url) as session:
        for feature in walked:
            props = feature["properties"]
            assert props["title"].startswith("Evne") and not set(PRIVATE) & set(props)
            lon, lat = feature["geometry"]["coordinates"]
            x, y = session.execute(
                text("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID("
                     "ST_MakePoint(:lon, :lat), 4326), 25832) p"), {"lon": lon, "lat": lat},
            ).one()  # fmt: skip
            for metres in (x, y):  # a cell centre, never the exact point
                assert abs((metres - g / 2) / g - round((metres - g / 2) / g)) < 1e-3


@pytest.mark.parametrize(
    "path",
    [
        "/api/admin/assets?limit=0",
        "/api/admin/audit?limit=99999",
        "/api/admin/assets/1/history?offset=-1",
        "/api/admin/audit",
    ],
)
def test_staff_lists_refuse_anonymous_callers_first(db_url: str, tmp_path: Path, path: str) -> None:
    answer = make_client(db_url, tmp_path).get(path)
    assert answer.status_code in (401, 403), answer.text
