"""The reach map and the venue feedback on the demo (Aalborg SØ 2026, synthetic): what a planner
opens from the README. Figures printed with -s are the ones quoted in the notes."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from geodata.activities_area import project_area
from geodata.db import session_scope
from geodata.queries.activities import project_by_code
from tests.test_assets_helpers import add_user, login, make_client
from usecases.activities_reach import reach_table, venue_feedback

AS_OF = date(2026, 11, 30)


def test_demo_reach_and_venue_feedback(demo_url: str) -> None:
    with session_scope(demo_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None and project.synthetic
        start = time.perf_counter()
        table = reach_table(s, project, 2026, None, AS_OF)
        took = time.perf_counter() - start
        venues, bands, method = venue_feedback(s, project, 2026, AS_OF)
        took_venues = time.perf_counter() - start - took
        area = project_area(s, project.area_id)
    print(table.drop(columns=["geom"]).to_string(), f"\nreach {took:.2f}s")
    print(venues.to_string(), bands.to_string(), method, f"venues {took_venues:.2f}s")
    assert table["synthetic"].all() and table["visits"].sum() > 0
    assert table["need_rank"].notna().any() and table["high_need_low_reach"].any()
    # the demo project is Aalborg SØ's: only estates and boligområder in postnummer 9210
    assert area is not None and area.label == "9210 Aalborg SØ"
    assert table["need_code"].str.startswith("BO-9210-").all()
    print("flagged in 9210:", table.loc[table["high_need_low_reach"], "name"].tolist())
    assert int(bands["visits"].sum()) > 0 and method == "straight_line"
    assert venues["catchment_residents"].dropna().gt(0).all()


def test_demo_api_as_a_planner(demo_url: str, tmp_path: Path) -> None:
    client = make_client(demo_url, tmp_path)
    add_user(demo_url, "planlaegger@aalborg.dk", "planner")
    assert login(client, "planlaegger@aalborg.dk").status_code == 303
    reach = client.get("/api/activities/projects/SOE/reach?year=2026&as_of=2026-11-30")
    venues = client.get("/api/activities/projects/SOE/venues?year=2026&as_of=2026-11-30")
    assert reach.status_code == 200 and venues.status_code == 200
    body = reach.json()
    print(json.dumps({**body, "rows": body["rows"][:1]}, ensure_ascii=False, indent=1))
    print(json.dumps(venues.json()["bands"], ensure_ascii=False))
    assert body["profile"] == "sundt_og_aktivt_lokalomraade" and body["synthetic"] is True
    assert body["area"]["label"] == "9210 Aalborg SØ"
    assert venues.json()["distance_method"] == "straight_line"
