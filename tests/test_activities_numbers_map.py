"""The reach map frame on the demo is light: its shapes are simplified and their coordinates
rounded to about 0.1 m, so the frame stays far under the 500 KB page budget (issue 9)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import shapely
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.activities import project_by_code
from tests.test_assets_helpers import add_user, login, make_client
from usecases.activities_reach import reach_geoframe, reach_table

FRAME = "/activities/SOE/reach/map?year=2026&as_of=2026-11-30"
BUDGET = 150 * 1024


def test_reach_frame_is_light_and_its_shapes_simplified(demo_url: str, tmp_path: Path) -> None:
    with session_scope(demo_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None
        table = reach_geoframe(reach_table(s, project, 2026, None, date(2026, 11, 30)))
        ids = [int(i) for i in table.loc[table["area_kind"] == "boligomraade", "area_id"]]
        raw = s.execute(
            text("SELECT sum(ST_NPoints(geom)) FROM areas WHERE id = ANY(:ids)"), {"ids": ids}
        ).scalar_one()
    served = int(
        shapely.get_num_coordinates(
            table.loc[table["area_kind"] == "boligomraade"].geometry.to_numpy()
        ).sum()
    )
    assert served < raw  # simplified (15 m) before they leave the database
    client = make_client(demo_url, tmp_path)
    add_user(demo_url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303
    html = client.get(FRAME).text
    decimals = max(len(d) for d in re.findall(r"\[\d+\.(\d+), \d+\.\d+\]", html))
    print(
        f"reach frame {len(html.encode()) / 1024:.0f} KB, {len(table)} shapes, "
        f"boligområder {raw} -> {served} points, {decimals} decimals"
    )
    assert len(html.encode()) < BUDGET
    assert decimals <= 6
