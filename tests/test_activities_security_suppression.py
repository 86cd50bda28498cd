"""Suppressed counts must not come back by subtraction over time.

The scenario of tests/test_activities_progress_read.py: 17 fællesskab visits in Q1, then 3
sundhedsfremme visits on 1 April (suppressed, with the 37 fællesskab beside it, as of 30 June).
If the public could ask for any as-of day, the total on 31 March (17) and on 1 April (20) would
give the 3 back. So the public's as-of date is the end of the last quarter that had ended by the
day asked; staff keep any day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.routes.activities_progress import published_as_of
from tests.test_activities_progress_pages import staff_client
from tests.test_activities_progress_read import setup_scenario
from tests.test_assets_helpers import make_client

API = "/api/activities/projects/SOE/progress?year=2026&as_of="
DOWNLOAD = "/activities/SOE/download?table=progress&format=csv&year=2026&as_of="


def test_the_public_cannot_subtract_two_days(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    public = make_client(db_url, tmp_path)
    answers = [public.get(API + day).json() for day in ("2026-03-31", "2026-04-01", "2026-06-29")]
    assert {a["as_of"] for a in answers} == {"2026-03-31"}
    assert answers[0]["rows"] == answers[1]["rows"] == answers[2]["rows"]
    totals = {r["kind"]: r["visits"] for r in answers[1]["rows"]}
    assert totals["total"] == 17 and totals["sundhedsfremme"] == 0
    downloads = {public.get(DOWNLOAD + day).text for day in ("2026-03-31", "2026-04-01")}
    assert len(downloads) == 1
    page = public.get("/activities/SOE?year=2026&as_of=2026-04-01").text
    assert 'value="2026-03-31"' in page and "31. marts 2026" in page
    quarter_end = public.get(API + "2026-06-30").json()
    assert quarter_end["as_of"] == "2026-06-30"
    assert {r["kind"]: r["visits"] for r in quarter_end["rows"]}["total"] == 40


def test_staff_count_to_any_day(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    staff = staff_client(db_url, tmp_path)
    answer = staff.get(API + "2026-04-01").json()
    assert answer["as_of"] == "2026-04-01"
    assert {r["kind"]: r["visits"] for r in answer["rows"]}["sundhedsfremme"] == 3


def test_published_as_of_is_the_last_ended_quarter() -> None:
    today = date(2026, 12, 7)
    for asked, shown in (
        ("2026-03-31", "2026-03-31"), ("2026-04-01", "2026-03-31"), ("2026-09-30", "2026-09-30"),
        ("2026-12-06", "2026-09-30"), ("2026-12-31", "2026-09-30"), ("9999-12-31", "2026-09-30"),
        ("2026-02-28", "2025-12-31"), ("2025-12-31", "2025-12-31"), ("0001-01-01", "1899-12-31"),
    ):  # fmt: skip
        assert published_as_of(date.fromisoformat(asked), today).isoformat() == shown, asked
