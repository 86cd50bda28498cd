"""Resident counts per 100 m cell are never public below 5; logged-in staff see them exactly.

The 65+ counts of Aalborg SØ's cells are mostly 1–4 persons. Anonymous readers get those
suppressed and the other counts rounded to the nearest 5 (so the suppressed ones cannot be
recovered by subtracting from the page's exact totals), in every download, map popup and
circle size; a coordinator, planner or admin gets the exact figures.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.test_assets_helpers import coordinator
from usecases.venue_export import public_total, public_weight

FORM = {"model": "mclp", "p": "2", "radius": "800", "target": "65+", "area_kind": "postnummer",
        "area_code": "9210", "buffer_m": "500"}  # fmt: skip
DEMAND = {**FORM, "format": "csv", "table": "demand"}


@pytest.fixture
def anonymous(demo_url: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


@pytest.fixture
def staff(demo_url: str, tmp_path: Path) -> TestClient:
    client = TestClient(
        create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url),
        follow_redirects=False,
    )
    coordinator(client, demo_url)
    return client


def _csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(content.decode("utf-8-sig")), sep=None, engine="python")


def _public(weights: pd.Series) -> bool:
    shown = weights.dropna()
    return bool((shown >= 5).all() and (shown % 5 == 0).all())


def test_public_weight_rule() -> None:
    assert [public_weight(w) for w in (0, 1, 4, 4.9)] == [None] * 4
    assert [public_weight(w) for w in (5, 7, 8, 12, 1282)] == [5, 5, 10, 10, 1280]
    assert public_weight(None) is None and public_weight(float("nan")) is None


def test_anonymous_demand_csv_hides_small_counts(anonymous: TestClient) -> None:
    table = _csv(anonymous.get("/venues/download", params=DEMAND).content)
    assert table["suppressed"].any() and table["weight"].isna().sum() == table["suppressed"].sum()
    assert _public(table["weight"])
    api = anonymous.post("/api/venues/solve?format=csv&table=demand",
                         json={k: v for k, v in FORM.items()})  # fmt: skip
    assert _public(_csv(api.content)["weight"])


def test_staff_get_exact_counts(staff: TestClient, anonymous: TestClient) -> None:
    exact = _csv(staff.get("/venues/download", params=DEMAND).content)
    assert ((exact["weight"] >= 1) & (exact["weight"] < 5)).any()
    total = staff.post("/api/venues/solve", json=FORM).json()["summary"]["total_weight"]
    assert exact["weight"].sum() == pytest.approx(total)
    shown = _csv(anonymous.get("/venues/download", params=DEMAND).content)
    assert len(shown) == len(exact)  # same cells, coarser numbers


def test_excel_download_follows_the_same_rule(anonymous: TestClient, staff: TestClient) -> None:
    params = {**DEMAND, "format": "xlsx"}
    for client, public in ((anonymous, True), (staff, False)):
        got = client.get("/venues/download", params=params)
        assert got.status_code == 200, got.text
        table = pd.read_excel(io.BytesIO(got.content))
        weights = pd.to_numeric(table.iloc[:, 1], errors="coerce")  # id, weight (header in Danish)
        assert _public(weights) is public


def test_geojson_download_follows_the_same_rule(anonymous: TestClient, staff: TestClient) -> None:
    params = {**FORM, "format": "geojson"}
    for client, public in ((anonymous, True), (staff, False)):
        data = json.loads(client.get("/venues/download", params=params).content)
        weights = pd.Series(
            [f["properties"]["weight"] for f in data["features"]
             if f["properties"]["layer"] in ("demand", "assignment")], dtype=float,
        )  # fmt: skip
        assert _public(weights) is public


def _popup_weights(html: str) -> list[str]:
    return re.findall(r'"w": "([^"]*)"', html)


def test_map_popups_and_circles_hide_small_counts(anonymous: TestClient, staff: TestClient) -> None:
    public = anonymous.get("/venues/map", params=FORM).text
    weights = _popup_weights(public)
    assert "under 5 (skjult)" in weights
    assert all(w == "under 5 (skjult)" or int(w.replace(".", "")) % 5 == 0 for w in weights)
    radii = {float(r) for r in re.findall(r'"radius": ([\d.]+)', public)}
    assert min(radii) >= 2.0 + 1.6 * 5**0.5 - 0.05  # no circle smaller than a count of 5
    exact = _popup_weights(staff.get("/venues/map", params=FORM).text)
    assert {"1", "2", "3", "4"} & set(exact) and "under 5 (skjult)" not in exact


def test_page_says_why_numbers_are_rounded(anonymous: TestClient, staff: TestClient) -> None:
    assert 'data-testid="counts-note"' in anonymous.get("/venues", params=FORM).text
    assert 'data-testid="counts-note"' not in staff.get("/venues", params=FORM).text


# --- per-venue and headline totals (sums of cells) follow the cell rule ----------------------
VENUES = {**FORM, "format": "csv", "table": "venues"}
ROW = re.compile(r'<tr data-venue="[^"]+">.*?</th>\s*<td class="kk-num">([^<]*)</td>'
                 r'<td class="kk-num">([^<]*)<br>', re.S)  # fmt: skip
HIDDEN = "under 5 (skjult)"


def _page_totals(html: str) -> list[str]:
    cells = [cell.strip() for row in ROW.findall(html) for cell in row]
    headline = re.search(
        r'data-testid="venue-headline"><strong>[^<]*?\(([\d.]+) af ([\d.]+)\)', html
    )
    assert cells and headline  # "(covered af total)"
    return [*cells, *headline.groups()]


def _totals_public(values: list[str]) -> bool:
    numbers = [int(v.replace(".", "")) for v in values if v != HIDDEN]
    return all(n == 0 or (n >= 5 and n % 5 == 0) for n in numbers)


def test_public_total_rule() -> None:
    assert [public_total(v) for v in (0, 0.0)] == [0.0, 0.0]  # nobody served is not a secret
    assert [public_total(v) for v in (1, 3, 4.5, None, float("nan"))] == [None] * 5
    assert [public_total(v) for v in (5, 7, 8, 2713)] == [5, 5, 10, 2715]


def test_anonymous_page_rounds_venue_totals(anonymous: TestClient, staff: TestClient) -> None:
    shown = _page_totals(anonymous.get("/venues", params=FORM).text)
    assert _totals_public(shown)
    exact = _page_totals(staff.get("/venues", params=FORM).text)
    assert not _totals_public(exact) and HIDDEN not in exact


def test_venue_csv_and_excel_round_reach_and_load(anonymous: TestClient, staff: TestClient) -> None:
    public = _csv(anonymous.get("/venues/download", params=VENUES).content)
    exact = _csv(staff.get("/venues/download", params=VENUES).content)
    assert len(public) == len(exact)
    for column in ("reach", "load"):
        assert _totals_public([str(int(v)) for v in public[column].dropna()])
    assert not _totals_public([str(int(v)) for v in exact["reach"]])
    assert ((exact["reach"] > 0) & (exact["reach"] < 5)).any()  # the demo has such venues
    assert public["reach"].isna().sum() == ((exact["reach"] > 0) & (exact["reach"] < 5)).sum()
    total = public_total(
        staff.post("/api/venues/solve", json=FORM).json()["summary"]["total_weight"]
    )
    shown = public.dropna(subset=["reach"])
    assert total and total % 5 == 0  # shares are of the shown (rounded) total
    assert shown["reach_share"].to_numpy() == pytest.approx(shown["reach"] / total, abs=5.1e-5)
    sheet = pd.read_excel(io.BytesIO(anonymous.get(
        "/venues/download", params={**VENUES, "format": "xlsx"}).content))  # fmt: skip
    reach = pd.to_numeric(
        sheet.iloc[:, 5], errors="coerce"
    ).dropna()  # id,name,type,sel,order,reach
    assert len(reach) and _totals_public([str(int(v)) for v in reach])


def test_geojson_rounds_venue_totals_and_summary(anonymous: TestClient, staff: TestClient) -> None:
    params = {**FORM, "format": "geojson"}
    for client, public in ((anonymous, True), (staff, False)):
        data = json.loads(client.get("/venues/download", params=params).content)
        venues = [f["properties"] for f in data["features"] if f["properties"]["layer"] == "venue"]
        meta = data["kvarterkort"]
        totals = [v[c] for v in venues + meta["venues"] for c in ("reach", "load")]
        totals += [meta["summary"]["total_weight"], meta["summary"]["covered_weight"]]
        assert _totals_public([str(int(v)) for v in totals if v is not None]) is public
        assert (None in totals) is public
