"""Honest numbers on the demo: small numerators hidden everywhere, n shown, shares written out,
the interval says what it covers, and only profiles whose indicators exist are offered.

The Rørdal case from issue 9: 3 of 28 daily smokers. The value is given a tell-tale 77.7 so a
leak shows up in any output; 3 and 4 of 28 must be hidden on the area page, in the map popup,
in the CSV and in the API, and 5 of 28 shown (with its n).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope

RORDAL = "9237"
COLUMN = "daily_smoking_pct"
PROFILE = "sundt_og_aktivt_lokalomraade"
TELL = "77,7"  # the value as the Danish pages would write it


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="honest-test")
    return TestClient(create_app(settings, database_url=demo_url))


def set_counts(url: str, numerator: float, denominator: float = 28.0) -> None:
    """Rørdal's daily smokers become ``numerator`` of ``denominator`` answers, value 77.7 %."""
    with session_scope(url) as s:
        done = s.execute(
            text(
                "UPDATE indicator_values SET numerator = :n, denominator = :d, value = 77.7 "
                "FROM areas a WHERE a.id = indicator_values.area_id AND a.kind = 'sogn' "
                "AND a.code = :code AND indicator_values.indicator_code = :c"
            ),
            {"n": numerator, "d": denominator, "code": RORDAL, "c": COLUMN},
        )
        assert done.rowcount > 0


def outputs(client: TestClient) -> dict[str, str]:
    query = {"profile": PROFILE, "draws": 20}
    page = client.get(f"/ranking/areas/sogn/{RORDAL}", params=query)
    frame = client.get("/ranking/map", params=query)
    csv = client.get("/api/ranking/run", params={**query, "format": "csv"})
    api = client.get("/api/ranking/run", params=query)
    for response in (page, frame, csv, api):
        assert response.status_code == 200, response.text[:300]
    return {"page": page.text, "frame": frame.text, "csv": csv.text, "api": api.text}


def rordal_csv(csv: str) -> pd.Series:
    frame = pd.read_csv(io.StringIO(csv), dtype={"area_code": str})
    return frame.set_index("area_code").loc[RORDAL]


def rordal_json(api: str) -> dict:
    return next(a for a in json.loads(api)["areas"] if a["area_code"] == RORDAL)


@pytest.mark.parametrize("numerator", [3.0, 4.0])
def test_small_numerators_are_hidden_everywhere(
    client: TestClient, demo_url: str, numerator: float
) -> None:
    set_counts(demo_url, numerator)
    out = outputs(client)
    row = re.search(r"<tr><td>daglig rygning</td>(.*?)</tr>", out["page"])
    assert row and "skjult (små tal)" in row.group(1)
    assert TELL not in out["page"] and TELL not in out["frame"]
    assert "77.7" not in out["frame"]
    csv = rordal_csv(out["csv"])
    assert pd.isna(csv[f"value__{COLUMN}"]) and pd.isna(csv[f"share__{COLUMN}"])
    assert bool(csv[f"suppressed__{COLUMN}"])
    assert "77.7" not in out["csv"] and "77.7" not in out["api"]
    api = rordal_json(out["api"])
    assert api[f"value__{COLUMN}"] is None and api[f"contrib__{COLUMN}"] is None
    assert COLUMN not in (api["top1"], api["top2"], api["top3"])


def test_five_of_28_is_shown_with_its_n(client: TestClient, demo_url: str) -> None:
    set_counts(demo_url, 5.0)
    out = outputs(client)
    row = re.search(r"<tr><td>daglig rygning</td>(.*?)</tr>", out["page"])
    assert row, "the contributions table lists the indicator"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells[0] == f"{TELL} %" and cells[1] == "28"  # the value with its unit, and its n
    assert cells[2].endswith("% af scoren")
    csv = rordal_csv(out["csv"])
    assert csv[f"value__{COLUMN}"] == pytest.approx(77.7) and csv[f"n__{COLUMN}"] == 28
    assert rordal_json(out["api"])[f"n__{COLUMN}"] == 28
    # the popup names it as the largest reason, with its value, share of the score and n
    assert re.search(r"daglig rygning: 77,7 % \(\d+ % af scoren; n = 28\)", out["frame"])


def test_the_why_writes_shares_out_next_to_values(client: TestClient) -> None:
    html = client.get("/ranking", params={"profile": "boligsocial", "draws": 20}).text
    first = re.search(r"er nr\. 1 af 57, primært pga\. (.*?)\.</td>", html)
    assert first, "the first row explains itself"
    reasons = first.group(1)
    assert re.search(r" på [\d,]+ [^(]*\(\d+ % af scoren\)", reasons), reasons
    english = client.get("/ranking", params={"profile": "boligsocial", "lang": "en"}).text
    assert re.search(r" at [\d.]+ [^(]*\(\d+% of the score\)", english)


def test_the_page_says_what_the_interval_covers(client: TestClient) -> None:
    both = client.get("/ranking", params={"draws": 20}).text
    assert "dækker vægtvalg og stikprøveusikkerhed" in both
    weights = client.get("/ranking", params={"draws": 20, "uncertainty": "weights"}).text
    assert "ikke stikprøveusikkerhed" in weights
    assert 'name="uncertainty"' in weights  # and the form lets the planner choose
    area = client.get(f"/ranking/areas/sogn/{RORDAL}", params={"draws": 20}).text
    assert "dækker vægtvalg og stikprøveusikkerhed" in area
    api = client.get("/api/ranking/run", params={"draws": 20}).json()
    assert api["sensitivity"]["uncertainty"] == "weights+sampling"
    assert COLUMN in api["sensitivity"]["sampled_indicators"]
    assert client.get("/api/ranking/run", params={"uncertainty": "all"}).status_code == 422


def test_sampling_widens_rordals_interval(client: TestClient, demo_url: str) -> None:
    """Rørdal on 28 answers for every survey indicator: sampling error widens its interval."""
    with session_scope(demo_url) as s:
        s.execute(
            text(
                "UPDATE indicator_values SET denominator = 28, "
                "numerator = round(value / 100 * 28) FROM areas a "
                "WHERE a.id = indicator_values.area_id AND a.kind = 'sogn' AND a.code = :code "
                "AND indicator_values.indicator_code LIKE '%\\_pct'"
            ),
            {"code": RORDAL},
        )
    query = {"profile": PROFILE, "draws": 200, "seed": 4}
    widths = {}
    for mode in ("weights", "weights+sampling"):
        api = client.get("/api/ranking/run", params={**query, "uncertainty": mode}).json()
        area = next(a for a in api["areas"] if a["area_code"] == RORDAL)
        widths[mode] = area["p95_rank"] - area["p05_rank"]
    assert widths["weights+sampling"] > widths["weights"]
    again = client.get("/api/ranking/run", params=query).json()
    area = next(a for a in again["areas"] if a["area_code"] == RORDAL)
    assert area["p95_rank"] - area["p05_rank"] == widths["weights+sampling"]  # same seed


def test_only_profiles_with_loaded_indicators_are_offered(client: TestClient) -> None:
    page = client.get("/ranking", params={"draws": 0}).text
    form = page.split('id="f-profile"', 1)[1].split("</select>", 1)[0]
    assert "imd2025_england" not in form
    assert "boerneliv_i_sund_balance" in form  # its capacity columns are derived, not loaded
    compare = client.get("/ranking/compare").text
    assert "imd2025_england" not in compare
    venues = client.get("/venues").text
    assert "imd2025_england" not in venues
    listed = {p["key"]: p for p in client.get("/api/ranking/profiles").json()}
    imd = listed["imd2025_england"]
    assert imd["available"] is False and "rank_income" in imd["missing"]
    assert listed["boligsocial"]["available"] is True and listed["boligsocial"]["missing"] == []


def test_an_unavailable_profile_by_url_is_a_short_danish_422(client: TestClient) -> None:
    response = client.get("/ranking", params={"profile": "imd2025_england"})
    assert response.status_code == 422
    error = response.text.split('data-testid="ranking-error"', 1)[1].split("</p>", 1)[0]
    assert "mangler 7 indikatorer, fx rank_income, rank_employment, rank_education" in error
    assert "Available columns" not in response.text and "area_code" not in error
    english = client.get("/ranking", params={"profile": "imd2025_england", "lang": "en"})
    assert "7 indicators are missing" in english.text
    api = client.get("/api/ranking/run", params={"profile": "imd2025_england", "lang": "da"})
    assert api.status_code == 422 and "mangler 7 indikatorer" in api.json()["detail"]
    frame = client.get("/ranking/map", params={"profile": "imd2025_england"})
    assert frame.status_code == 422


def test_a_hidden_value_does_not_move_the_published_score(
    client: TestClient, demo_url: str
) -> None:
    """Score minus the other contributions would give a hidden value away, so the demo
    profiles leave hidden values out of the score (small_numbers.exclude_from_ranking)."""
    set_counts(demo_url, 3.0)
    first = rordal_json(client.get("/api/ranking/run", params={"profile": PROFILE}).text)
    with session_scope(demo_url) as s:
        s.execute(
            text(
                "UPDATE indicator_values SET value = 10.7 FROM areas a "
                "WHERE a.id = indicator_values.area_id AND a.kind = 'sogn' AND a.code = :code "
                "AND indicator_values.indicator_code = :c"
            ),
            {"code": RORDAL, "c": COLUMN},
        )
    again = rordal_json(client.get("/api/ranking/run", params={"profile": PROFILE}).text)
    assert first["score"] == pytest.approx(again["score"])
    assert first["n_missing"] >= 1
