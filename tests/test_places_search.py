"""GET /api/places: every loaded name and address, ranked, Danish-folded, public data only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.helpers import load_base_areas
from tests.test_assets_helpers import make_client, submit
from tests.test_places_addresses import FIXTURE, load_addresses
from tests.test_privacy_skills import CENTRE, EXACT, TITLE, anonymous  # noqa: F401 -- fixture

POIS = (
    "poi_key,name,category,lon,lat\n"
    "s1,Aalborg Busterminal,bus,9.9230,57.0440\n"
    "s2,Vejgaard Torv,bus,9.9500,57.0400\n"
    "p1,Ålborghus Slot,museum,9.9200,57.0500\n"
    "p2,Nordkraft,culture,9.9260,57.0460\n"
)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    load_base_areas(db_url)
    load_addresses(db_url, FIXTURE, layer="dar_fanoe")
    pois = tmp_path / "pois.csv"
    pois.write_text(POIS, encoding="utf-8")
    from tests.helpers import load_file

    load_file(db_url, "pois", str(pois), layer="test_pois")
    return make_client(db_url, tmp_path)


def names(client: TestClient, q: str, **params: object) -> list[str]:
    response = client.get("/api/places", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [r["name"] for r in response.json()]


def test_areas_stops_and_pois_are_found_with_kind_position_and_bbox(client: TestClient) -> None:
    rows = client.get("/api/places", params={"q": "midt"}).json()
    assert rows[0]["name"] == "Midt Sogn" and rows[0]["kind"] == "sogn"
    assert len(rows[0]["bbox"]) == 4 and 56 < rows[0]["lat"] < 58
    stop = client.get("/api/places", params={"q": "busterminal"}).json()[0]
    assert (stop["name"], stop["kind"]) == ("Aalborg Busterminal", "stop")
    assert stop["lon"] == pytest.approx(9.923) and "bbox" not in stop


def test_case_and_danish_letters_do_not_matter(client: TestClient) -> None:
    assert names(client, "øst")[0] == "Øst Sogn"
    assert names(client, "OEST")[0] == "Øst Sogn"
    assert "Ålborghus Slot" in names(client, "aalborghus")
    assert names(client, "aalborg")[:2] == ["Aalborg Busterminal", "Ålborghus Slot"]


def test_addresses_read_like_danish_addresses(client: TestClient) -> None:
    rows = client.get("/api/places", params={"q": "a b c sti 1"}).json()
    assert rows[0]["name"] == "A B C Sti 1, 6720 Fanø" and rows[0]["kind"] == "address"
    assert rows[0]["lat"] == pytest.approx(55.44544, abs=1e-4)
    assert any(
        n.startswith("Hovedgaden") and n.endswith("6720 Fanø") for n in names(client, "hovedgaden")
    )


def test_prefix_matches_rank_before_similar_spellings(client: TestClient) -> None:
    found = names(client, "vest")
    assert found[0] == "Vest Sogn"  # whole-name prefix before any word inside a name
    typo = names(client, "hovedgadn")  # no prefix match at all: similarity still finds it
    assert typo and all("Hovedgaden" in n for n in typo[:3])


def test_limit_is_bounded_and_honoured(client: TestClient) -> None:
    assert len(names(client, "hovedgaden", limit=3)) == 3
    assert client.get("/api/places", params={"q": "hovedgaden", "limit": 26}).status_code == 422
    assert client.get("/api/places", params={"q": "hovedgaden", "limit": 0}).status_code == 422


@pytest.mark.parametrize("q", ["a", "x" * 101, "ab\x00c"])
def test_bad_queries_are_422_never_500(client: TestClient, q: str) -> None:
    response = client.get("/api/places", params={"q": q})
    assert response.status_code == 422, response.text


def test_answers_may_be_cached_briefly_by_anyone(client: TestClient) -> None:
    response = client.get("/api/places", params={"q": "midt"})
    assert response.headers["cache-control"] == "public, max-age=300"


def test_skills_are_found_only_at_their_cell_and_pending_assets_not_at_all(
    anonymous: TestClient,  # noqa: F811 -- the fixture imported above
    db_url: str,
    tmp_path: Path,
) -> None:
    rows = anonymous.get("/api/places", params={"q": TITLE}).json()
    skill = next(r for r in rows if r["kind"] == "asset")
    assert (skill["lat"], skill["lon"]) == pytest.approx(CENTRE, abs=1e-5)
    assert (skill["lat"], skill["lon"]) != pytest.approx(EXACT, abs=1e-4)
    staff = make_client(db_url, tmp_path)
    assert submit(staff, title="Hemmelig Have Afventer").status_code == 303
    assert anonymous.get("/api/places", params={"q": "Hemmelig Have"}).json() == []
