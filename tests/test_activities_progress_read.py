"""The progress use cases (geodata/activities_read.py) on a real database, hand-computed numbers.

The scenario (project SOE, 2026, targets 500 fællesskab / 75 sundhedsfremme):

    2026-02-10 Fællesspisning at V1: 4 (18-29, Kildeparken) + 6 (65-79, unknown) = 10, 2 codes
    2026-03-31 Fællesspisning at V2: 7 (30-49, unknown)                           Q1 ends here
    2026-04-01 Gåtur at V1:          3 (0-17, unknown)                             Q2 starts
    2026-06-30 Fællesspisning at V1: 20 (50-64, unknown)

As of 30 June: fællesskab 37 visits, 2 unique; sundhedsfremme 3; the year 40. Forecast of
fællesskab: 37 * 365 / 181 = 74.6 (181 days from 1 January to 30 June).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from geodata.activities_projects import set_target
from geodata.activities_read import (
    choose_period,
    parse_period,
    progress_view,
    public_totals,
    quarter_end,
)
from geodata.activities_sessions import CountInput, register_session
from geodata.db import session_scope
from geodata.errors import GeodataError
from geodata.queries import activities as q
from tests.helpers import load_file
from tests.test_activities_data_helpers import KEY, TODAY, draft, setup_project

AS_OF = date(2026, 6, 30)


def setup_scenario(db_url: str, published: bool = False) -> None:
    """The four sessions of the module docstring, plus the test sogne loaded as boligområder
    (S1 holds the estate Kildeparken) and a per-area target of 100 fællesskab in S1."""
    setup_project(db_url)
    load_file(db_url, "areas", "sogne.geojson", area_kind="boligområde", layer="test_bolig")
    with session_scope(db_url) as s:
        register_session(s, "SOE", draft(codes=("SOE0001", "SOE0002")), key=KEY, today=TODAY)
        register_session(s, "SOE", draft(held_on=date(2026, 3, 31), venue_key="V2",
                                         counts=(CountInput("30-49", "unknown", 7),)),
                         key=KEY, today=TODAY)  # fmt: skip
        register_session(s, "SOE", draft(offer="Gåtur", held_on=date(2026, 4, 1),
                                         counts=(CountInput("0-17", "unknown", 3),)),
                         key=KEY, today=TODAY)  # fmt: skip
        register_session(s, "SOE", draft(held_on=date(2026, 6, 30),
                                         counts=(CountInput("50-64", "unknown", 20),)),
                         key=KEY, today=TODAY)  # fmt: skip
        set_target(s, "SOE", 2026, "faellesskab", 100, area_code="S1")
        if published:
            s.execute(text("UPDATE activity_projects SET published = true WHERE code = 'SOE'"))


def view_as_of(db_url: str, as_of: date = AS_OF, year: int | None = None):  # type: ignore[no-untyped-def]
    with session_scope(db_url) as s:
        project = q.project_by_code(s, "SOE")
        assert project is not None
        return progress_view(s, project, choose_period(project, year, as_of, as_of))


def cell(frame: pd.DataFrame, column: str, **where: object) -> object:
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0][column]


def test_year_and_kind_against_targets_with_forecast(db_url: str) -> None:
    setup_scenario(db_url)
    years = view_as_of(db_url).years
    assert cell(years, "visits", year=2026, kind="faellesskab") == 37
    assert cell(years, "unique", year=2026, kind="faellesskab") == 2
    assert cell(years, "visits", year=2026, kind="sundhedsfremme") == 3
    assert cell(years, "visits", year=2026, kind="total") == 40
    assert cell(years, "target", year=2026, kind="total") == 575
    assert cell(years, "share_of_target", year=2026, kind="faellesskab") == pytest.approx(37 / 500)
    assert cell(years, "basis", year=2026, kind="faellesskab") == "visits"  # 2 codes of 37 visits
    assert cell(years, "forecast", year=2026, kind="faellesskab") == pytest.approx(37 * 365 / 181)
    assert not cell(years, "on_track", year=2026, kind="faellesskab")
    # every project year and kind has its row: a future year with no target is 0 visits, no target
    assert cell(years, "visits", year=2028, kind="sundhedsfremme") == 0
    assert pd.isna(cell(years, "target", year=2028, kind="sundhedsfremme"))


def test_quarter_boundaries_and_as_of(db_url: str) -> None:
    setup_scenario(db_url)
    quarters = view_as_of(db_url).quarters
    assert cell(quarters, "visits", quarter=1, kind="faellesskab") == 17  # 31 March is Q1
    assert cell(quarters, "visits", quarter=2, kind="sundhedsfremme") == 3  # 1 April is Q2
    assert cell(quarters, "visits", quarter=2, kind="faellesskab") == 20
    assert pd.isna(cell(quarters, "visits", quarter=3, kind="faellesskab"))  # not begun yet
    early = view_as_of(db_url, date(2026, 3, 31))
    assert cell(early.years, "visits", year=2026, kind="faellesskab") == 17
    assert cell(early.years, "visits", year=2026, kind="sundhedsfremme") == 0
    assert cell(early.quarters, "visits", quarter=2, kind="faellesskab") is pd.NA


def test_offers_venues_evaluator_and_areas(db_url: str) -> None:
    setup_scenario(db_url)
    view = view_as_of(db_url)
    assert cell(view.offers, "visits", offer="Fællesspisning") == 37
    assert cell(view.offers, "sessions", offer="Fællesspisning") == 3
    assert cell(view.offers, "kind", offer="Gåtur") == "sundhedsfremme"
    venues = view.venues.set_index("venue")
    assert venues["visits"].sum() == 40 and venues["sessions"].sum() == 4
    assert view.evaluator["participants"].sum() == 40  # adds up to the year's visits
    assert cell(view.evaluator, "participants", age_band="0-17") == 3
    # Kildeparken lies in S1: its 4 participants count against S1's target of 100
    assert cell(view.areas, "visits", area="S1", kind="faellesskab") == 4
    assert cell(view.areas, "target", area="S1", kind="faellesskab") == 100
    assert cell(view.areas, "area_name", area="S1", kind="faellesskab") == "Øst Sogn"


def test_public_totals_suppress_small_counts_and_what_gives_them_away(db_url: str) -> None:
    setup_scenario(db_url)
    public = public_totals(view_as_of(db_url).years)
    assert cell(public, "visits", year=2026, kind="sundhedsfremme") is pd.NA  # 3: primary
    assert cell(public, "unique", year=2026, kind="faellesskab") is pd.NA  # 2: primary
    # with the total of 40 shown, 37 would give the 3 back: it is hidden too (secondary)
    assert cell(public, "visits", year=2026, kind="faellesskab") is pd.NA
    assert cell(public, "visits", year=2026, kind="total") == 40
    # share and forecast are the hidden count in disguise
    assert pd.isna(cell(public, "share_of_target", year=2026, kind="sundhedsfremme"))
    assert pd.isna(cell(public, "forecast", year=2026, kind="faellesskab"))
    assert "coded_share" not in public.columns
    assert cell(public, "target", year=2026, kind="faellesskab") == 500  # a promise, not people


def test_periods(db_url: str) -> None:
    setup_scenario(db_url)
    with session_scope(db_url) as s:
        project = q.project_by_code(s, "SOE")
    assert project is not None
    assert parse_period(project, "2026-Q2", date(2027, 1, 5)).as_of == date(2026, 6, 30)
    assert parse_period(project, "2026", date(2026, 8, 1)).as_of == date(2026, 8, 1)
    assert quarter_end(2026, 1) == date(2026, 3, 31) and quarter_end(2026, 4) == date(2026, 12, 31)
    for bad in ("2026-Q5", "26", "2026Q1", "2030"):
        with pytest.raises(GeodataError) as caught:
            parse_period(project, bad, date(2026, 8, 1))
        assert caught.value.key in (
            "activities.progress.err.period",
            "activities.progress.err.year",
        )
    with pytest.raises(GeodataError):
        choose_period(project, 2025, None, date(2026, 8, 1))
    assert choose_period(project, None, date(2030, 1, 1), date(2030, 1, 1)).year == 2028


def test_area_target_needs_a_loaded_boligomraade(db_url: str) -> None:
    setup_scenario(db_url)
    with session_scope(db_url) as s, pytest.raises(GeodataError) as caught:
        set_target(s, "SOE", 2026, "faellesskab", 10, area_code="NOPE")
    assert caught.value.key == "activities.progress.err.no_area"
    with session_scope(db_url) as s:
        set_target(s, "SOE", 2026, "faellesskab", 120, area_code="S1")  # replaces, not adds
        rows = s.execute(text("SELECT count(*), max(participants) FROM activity_targets "
                              "WHERE area_id IS NOT NULL")).one()  # fmt: skip
    assert tuple(rows) == (1, 120)


def test_cli_sets_an_area_target(db_url: str) -> None:
    from tests.test_assets_helpers import run_cli

    setup_scenario(db_url)
    result = run_cli(db_url, ["activities", "target", "set", "SOE", "2026", "sundhedsfremme",
                              "30", "--area", "S2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "area S2" in result.output
    bad = run_cli(db_url, ["activities", "target", "set", "SOE", "2026", "faellesskab", "5",
                           "--area", "ZZ"])  # fmt: skip
    assert bad.exit_code != 0 and "ZZ" in bad.output
    view = view_as_of(db_url)
    assert cell(view.areas, "target", area="S2", kind="sundhedsfremme") == 30
    assert cell(view.areas, "visits", area="S2", kind="sundhedsfremme") == 0


def test_a_project_without_sessions_or_targets_reads_as_zeros(db_url: str) -> None:
    setup_project(db_url)
    with session_scope(db_url) as s:
        s.execute(text("DELETE FROM activity_targets"))
    view = view_as_of(db_url)
    assert view.years["visits"].sum() == 0 and view.years["target"].isna().all()
    assert view.evaluator.empty and view.areas.empty
    assert cell(view.offers, "sessions", offer="Gåtur") == 0
    assert public_totals(view.years)["visits"].sum() == 0
