"""The overview page reads a bounded number of rows per layer, whatever the data size (issue 10).

The map frame draws large layers from tiles; the page beside it used to read every feature of
every layer for its legend and tables. Now it reads at most ``TABLE_ROWS`` rows per layer and
takes the counts (and the synthetic layer names) from one aggregate per layer.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import app.routes.maps as maps_route
from app.main import create_app
from app.settings import Settings


@pytest.fixture
def client(demo_url: str, tmp_path) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def _rows_per_table(html: str) -> list[int]:
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return [body.count("<tr>") for body in bodies]


def test_tables_hold_at_most_table_rows_but_count_everything(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = client.get("/maps/overview", params={"lang": "en"}).text
    monkeypatch.setattr(maps_route, "TABLE_ROWS", 3)
    small = client.get("/maps/overview", params={"lang": "en"}).text
    assert max(_rows_per_table(small)) == 3 < max(_rows_per_table(full))
    # The legend and the table summaries still count every feature.
    counts = re.compile(r"\((\d[\d,.]*)(?:, [^)]*)?\)")
    assert counts.findall(small) == counts.findall(full)
    assert "Showing 3 of" in small
    assert "Synthetic" in small and full.count("Synthetic") == small.count("Synthetic")
