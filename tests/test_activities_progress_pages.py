"""The progress page and its API (hand-computed numbers of tests/test_activities_progress_read.py):
staff see exact counts, the public only a published project's suppressed totals."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_activities_progress_read import setup_scenario
from tests.test_assets_helpers import add_user, login, make_client

PAGE = "/activities/SOE?year=2026&as_of=2026-06-30"
API = "/api/activities/projects/SOE/progress?year=2026&as_of=2026-06-30"


def staff_client(db_url: str, tmp_path: Path, role: str = "planner") -> TestClient:
    client = make_client(db_url, tmp_path)
    add_user(db_url, f"{role}@aalborg.dk", role)
    assert login(client, f"{role}@aalborg.dk").status_code == 303
    return client


def td(html: str, kind: str, measure: str, year: int = 2026) -> str:
    """The text of the stable hook cell <td data-year data-kind data-measure>."""
    pattern = rf'data-year="{year}" data-kind="{kind}" data-measure="{measure}">([^<]*)</td>'
    match = re.search(pattern, html)
    assert match, f"no cell {year} {kind} {measure}"
    return match.group(1)


def test_staff_page_shows_exact_counts_forecast_and_tables(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    page = client.get(PAGE)
    assert page.status_code == 200, page.text[-2000:]
    html = page.text
    assert td(html, "faellesskab", "visits") == "37"
    assert td(html, "faellesskab", "unique") == "2"
    assert td(html, "faellesskab", "target") == "500"
    assert td(html, "sundhedsfremme", "visits") == "3"
    assert td(html, "total", "visits") == "40"
    assert td(html, "faellesskab", "forecast") == "75"  # 37 * 365 / 181 = 74.6
    assert td(html, "faellesskab", "share") == "7 %"
    assert td(html, "faellesskab", "on_track") == "Nej"
    assert 'data-quarter="1" data-kind="faellesskab" data-measure="visits">17<' in html
    assert 'data-offer="Gåtur" data-measure="visits">3<' in html
    assert 'data-area="S1" data-kind="faellesskab" data-measure="target">100<' in html
    assert 'data-area="S1" data-kind="faellesskab" data-measure="visits">4<' in html
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html
    assert "Præcise tal" in html and "/activities/SOE/report?period=2026-Q2" in html


def test_as_of_moves_the_quarter_boundary(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    html = client.get("/activities/SOE?year=2026&as_of=2026-03-31").text
    assert td(html, "faellesskab", "visits") == "17"
    assert td(html, "sundhedsfremme", "visits") == "0"


def test_english_page(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    html = client.get(PAGE + "&lang=en").text
    assert "Participants by year and kind" in html and td(html, "faellesskab", "on_track") == "No"


def test_public_sees_only_published_totals_suppressed(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    client = make_client(db_url, tmp_path)
    page = client.get(PAGE)
    assert page.status_code == 200, page.text[-2000:]
    html = page.text
    assert td(html, "sundhedsfremme", "visits") == "skjult"  # 3
    assert td(html, "faellesskab", "unique") == "skjult"  # 2
    assert td(html, "faellesskab", "visits") == "skjult"  # 37 would give the 3 back
    assert td(html, "total", "visits") == "40"
    assert td(html, "faellesskab", "target") == "500"
    assert "Offentlig visning" in html
    figure = html[html.index("<svg") : html.index("</svg>")]
    assert "Besøg skjult" in figure and "Unikke deltagere skjult" in figure
    assert ">37<" not in figure and ">3<" not in figure  # no hidden bar is drawn
    for staff_only in ("progress-quarters", "progress-offers", "progress-venues", "Fællesspisning",
                       "/report?", "table=evaluator"):  # fmt: skip
        assert staff_only not in html


def test_unpublished_project_is_404_for_the_public(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=False)
    client = make_client(db_url, tmp_path)
    for path in (PAGE, API, "/activities/SOE/download?table=progress&format=csv"):
        assert client.get(path).status_code == 404, path
    assert client.get("/activities/NOPE").status_code == 404


def test_api_staff_exact_and_public_suppressed(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    staff = staff_client(db_url, tmp_path).get(API).json()
    rows = {r["kind"]: r for r in staff["rows"]}
    assert staff["exact"] and rows["faellesskab"]["visits"] == 37
    assert rows["sundhedsfremme"]["visits"] == 3 and rows["total"]["visits"] == 40
    assert abs(rows["faellesskab"]["forecast"] - 37 * 365 / 181) < 1e-9
    by_quarter = staff_client(db_url, tmp_path, "coordinator").get(API + "&by=quarter").json()
    assert {(r["quarter"], r["kind"]): r["visits"] for r in by_quarter["rows"]}[
        (1, "faellesskab")
    ] == 17
    public_client = make_client(db_url, tmp_path)
    public = public_client.get(API).json()
    rows = {r["kind"]: r for r in public["rows"]}
    assert not public["exact"]
    assert rows["sundhedsfremme"]["visits"] is None and rows["total"]["visits"] == 40
    assert "coded_share" not in rows["total"]
    for by in ("quarter", "offer", "venue"):
        assert public_client.get(API + f"&by={by}").status_code == 403


def test_bad_parameters_are_4xx_in_the_users_language(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    html = {"accept": "text/html"}
    outside = client.get("/activities/SOE?year=2031", headers=html)
    assert outside.status_code == 422 and "ligger uden for projektet" in outside.text
    english = client.get("/activities/SOE?year=2031&lang=en", headers=html)
    assert english.status_code == 422 and "is outside the project" in english.text
    for path in ("/activities/SOE?year=abc", "/activities/SOE?as_of=2026-13-01",
                 "/activities/SOE?year=99999", API + "&by=age", "/activities/SO%00E"):  # fmt: skip
        assert client.get(path).status_code in (404, 422), path
    for extreme in ("0001-01-01", "9999-12-31"):  # dates far outside the project: no 5xx
        assert client.get(f"/activities/SOE?as_of={extreme}").status_code == 200
        assert (
            client.get(f"/api/activities/projects/SOE/progress?as_of={extreme}").status_code == 200
        )
    assert client.get("/activities/SOE/report?period=2026-Q9").status_code == 422
    assert client.get("/activities/SOE/report?period=2031").status_code == 422
    assert client.get("/activities/SOE/download?table=x&format=csv").status_code == 422
    assert client.get("/activities/SOE/download?table=progress&format=pdf").status_code == 422


def test_synthetic_data_says_so(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    client = make_client(db_url, tmp_path)
    assert 'data-testid="synthetic"' not in client.get(PAGE).text
    with session_scope(db_url) as s:
        s.execute(text("UPDATE activity_offers SET synthetic = true WHERE name = 'Gåtur'"))
    assert "Syntetiske data" in client.get(PAGE).text
    assert client.get(API).json()["project"]["synthetic"] is True


def test_a_project_without_sessions_shows_zeros(db_url: str, tmp_path: Path) -> None:
    from tests.test_activities_data_helpers import setup_project

    setup_project(db_url)
    client = staff_client(db_url, tmp_path)
    html = client.get(PAGE).text
    assert td(html, "faellesskab", "visits") == "0" and td(html, "faellesskab", "target") == "500"
    assert client.get("/activities/SOE/report?period=2026-Q1").status_code == 200
    assert client.get("/activities/SOE/download?table=evaluator&format=xlsx").status_code == 200
