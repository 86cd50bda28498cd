"""Scale benchmark of the activities numbers: progress view and reach table of a big project.

Run:  uv run --frozen python benchmarks/activities_scale.py [--sessions 50000]

It starts a throwaway PostgreSQL cluster, migrates a database, loads the Aalborg demo (for its
estates, boligområder, venues and indicators) and adds a synthetic project BIG in kommune 0851
with --sessions sessions in 2026 at the kommune's venues, six attendance rows per session (age
bands x homes: estates, boligområder, other areas, unknown) and four participant codes per
session drawn from 20,000 people. Then, one run each on the same data:

- progress: ``geodata.activities_read.progress_view`` (every table of the progress page and the
  report: years, quarters, offers, venues, areas, evaluator). Peer: a naive pandas computation of
  the same visits and unique counts (year x kind, year, quarter x kind, offer, venue, evaluator)
  from a full read of the activity tables and venues, with no SQL filter, checked to agree.
- reach: ``usecases.activities_reach.reach_table``. Peer: the same call with the activity indexes
  (attendance/codes session_id, sessions offer_id/held_on) dropped inside a transaction that is
  rolled back, i.e. the same SQL without the indexes migration 0010 made.
- the staff pages through the app (progress, report, reach, venues, session list): seconds and
  bytes (no peer).

Prints figures and ratios (ours / peer, under 1 is faster); asserts only that the peer's numbers
agree with ours.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

AS_OF = date(2026, 12, 31)
PASSWORD = "benchmark password 2026"
INDEXES = (
    "ix_activity_attendance_session_id",
    "ix_activity_codes_session_id",
    "ix_activity_sessions_offer_id",
    "ix_activity_sessions_held_on",
)
PAGES = (
    "/activities/BIG?year=2026&as_of=2026-12-31",
    "/activities/BIG/report?period=2026",
    "/activities/BIG/reach?year=2026&as_of=2026-12-31",
    "/activities/BIG/reach/map?year=2026&as_of=2026-12-31",
    "/activities/BIG/venues?year=2026&as_of=2026-12-31",
    "/activities/BIG/sessions",
)
BIG = (
    "INSERT INTO activity_projects (code, name, starts_on, ends_on, kommune_code, published, "
    "synthetic) VALUES ('BIG', 'Benchmark', DATE '2026-01-01', DATE '2026-12-31', '0851', "
    "false, true)",
    "INSERT INTO activity_targets (project_id, year, kind, participants) SELECT p.id, 2026, k, "
    "5000 FROM activity_projects p, unnest(ARRAY['faellesskab', 'sundhedsfremme']) k "
    "WHERE p.code = 'BIG'",
    "INSERT INTO activity_targets (project_id, year, kind, area_id, participants) SELECT p.id, "
    "2026, 'faellesskab', (SELECT min(id) FROM areas WHERE kind = 'boligområde'), 500 "
    "FROM activity_projects p WHERE p.code = 'BIG'",
    "INSERT INTO activity_offers (project_id, name, kind, synthetic) SELECT p.id, 'Tilbud ' || i, "
    "CASE WHEN i % 3 = 0 THEN 'sundhedsfremme' ELSE 'faellesskab' END, true "
    "FROM activity_projects p, generate_series(1, 40) i WHERE p.code = 'BIG'",
    # sessions: offer i % 40, venue i % (venues in the kommune), a day of 2026, a start time
    "WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM activity_offers "
    "  WHERE project_id = (SELECT id FROM activity_projects WHERE code = 'BIG')), "
    "v AS (SELECT v.id, v.geom, row_number() OVER (ORDER BY v.id) - 1 AS n FROM venues v, areas k "
    "  WHERE k.kind = 'kommune' AND k.code = '0851' AND ST_Covers(k.geom, v.geom)), "
    "nv AS (SELECT count(*) AS c FROM v) "
    "INSERT INTO activity_sessions (offer_id, held_on, starts_at, venue_id, geom, synthetic) "
    "SELECT o.id, DATE '2026-01-01' + (i % 360), TIME '08:00' + make_interval(mins => i % 600), "
    "v.id, v.geom, true FROM generate_series(0, :sessions - 1) i "
    "JOIN o ON o.n = i % 40 JOIN v ON v.n = (i / 40) % (SELECT c FROM nv)",
    # six cells per session: two estates, a boligområde, another area, unknown, a third estate
    "WITH s AS (SELECT s.id, row_number() OVER (ORDER BY s.id) AS i FROM activity_sessions s "
    "  JOIN activity_offers o ON o.id = s.offer_id JOIN activity_projects p ON p.id = o.project_id "
    "  WHERE p.code = 'BIG'), "
    "e AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM estates), "
    "b AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM areas "
    "  WHERE kind = 'boligområde'), "
    "pn AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM areas "
    "  WHERE kind = 'postnummer'), "
    "c AS (SELECT (SELECT count(*) FROM e) AS ne, (SELECT count(*) FROM b) AS nb, "
    "  (SELECT count(*) FROM pn) AS np) "
    "INSERT INTO activity_attendance (session_id, age_band, home_kind, estate_id, area_id, "
    "participants) SELECT s.id, (ARRAY['0-17','18-29','30-49','50-64','65-79','80+'])[k], "
    "(ARRAY['estate','estate','boligomraade','other_area','unknown','estate'])[k], "
    "CASE WHEN k IN (1, 2, 6) THEN (SELECT id FROM e WHERE e.n = (s.i * 7 + k) % c.ne) END, "
    "CASE WHEN k = 3 THEN (SELECT id FROM b WHERE b.n = (s.i * 3) % c.nb) "
    "  WHEN k = 4 THEN (SELECT id FROM pn WHERE pn.n = s.i % c.np) END, "
    "1 + (s.i * k) % 5 FROM s, c, generate_series(1, 6) k",
    "INSERT INTO activity_codes (session_id, code_hash) SELECT s.id, "
    "encode(sha256(convert_to('p' || ((s.id * 13 + j * 7919) % 20000), 'UTF8')), 'hex') "
    "FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
    "JOIN activity_projects p ON p.id = o.project_id, generate_series(1, 4) j "
    "WHERE p.code = 'BIG' ON CONFLICT DO NOTHING",
    "ANALYZE",
)


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A migrated database in a private cluster (bench_load's) removed at the end."""
    from bench_load import create_database, throwaway_cluster

    from geodata.migrate import upgrade

    with throwaway_cluster() as (server_url, _):
        url = create_database(server_url, "bench_activities")
        upgrade(url)
        yield url


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def seed(url: str, sessions: int) -> dict[str, int]:
    from geodata.db import session_scope
    from geodata.demo import load_demo

    load_demo(url)
    with session_scope(url) as s:
        for sql in BIG:
            s.execute(text(sql), {"sessions": sessions} if ":sessions" in sql else {})
    with session_scope(url) as s:
        return {
            t: int(s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in ("activity_sessions", "activity_attendance", "activity_codes")
        }


def naive_progress(s: Session) -> dict[str, pd.DataFrame]:
    """The page's visits and unique counts from whole tables, in pandas (the peer)."""
    con = s.connection()
    sessions = pd.read_sql("SELECT id, offer_id, held_on, venue_id FROM activity_sessions", con)
    offers = pd.read_sql(
        "SELECT o.id, o.name, o.kind, p.code FROM activity_offers o "
        "JOIN activity_projects p ON p.id = o.project_id",
        con,
    )
    venues = pd.read_sql("SELECT id, name FROM venues", con)
    cells = pd.read_sql("SELECT * FROM activity_attendance", con)
    codes = pd.read_sql("SELECT session_id, code_hash FROM activity_codes", con)
    ses = sessions.merge(offers.rename(columns={"id": "offer_id", "name": "offer"}), on="offer_id")
    ses = ses.merge(
        venues.rename(columns={"id": "venue_id", "name": "venue"}), on="venue_id", how="left"
    )
    held = pd.to_datetime(ses["held_on"])
    ses = ses[(ses["code"] == "BIG") & (held.dt.year == 2026) & (held <= pd.Timestamp(AS_OF))]
    ses = ses.assign(year=held.dt.year, quarter=held.dt.quarter)
    v = cells.merge(ses.rename(columns={"id": "session_id"}), on="session_id")
    c = codes.merge(ses.rename(columns={"id": "session_id"}), on="session_id")
    out = {}
    for name, keys in {
        "kind": ["year", "kind"],
        "year": ["year"],
        "quarter": ["quarter", "kind"],
        "offer": ["offer"],
        "venue": ["venue"],
    }.items():
        out[name] = pd.concat(
            [
                v.groupby(keys)["participants"].sum().rename("visits"),
                c.groupby(keys)["code_hash"].nunique().rename("unique"),
            ],
            axis=1,
        )
    evaluator = ["quarter", "kind", "offer", "venue", "age_band", "home_kind"]
    out["evaluator"] = v.groupby(evaluator).agg(
        sessions=("session_id", "nunique"), participants=("participants", "sum")
    )
    return out


def run_progress(url: str) -> None:
    from geodata.activities_read import choose_period, progress_view
    from geodata.db import session_scope
    from geodata.queries.activities import project_by_code

    with session_scope(url) as s:
        project = project_by_code(s, "BIG")
        assert project is not None
        period = choose_period(project, 2026, AS_OF, AS_OF)
        ours, view = timed(lambda: progress_view(s, project, period))
        peer, naive = timed(lambda: naive_progress(s))
    kinds = view.years[(view.years["year"] == 2026) & (view.years["kind"] != "total")]
    got = kinds.set_index("kind")[["visits", "unique"]].astype("int64")
    want = naive["kind"].droplevel("year")[["visits", "unique"]].astype("int64")
    assert got.sort_index().equals(want.sort_index()), (got, want)
    assert int(view.evaluator["participants"].sum()) == int(
        naive["evaluator"]["participants"].sum()
    )
    print(
        f"progress view     ours {ours:6.2f} s   peer (pandas, full read) {peer:6.2f} s   "
        f"ratio {ours / peer:4.2f}   evaluator rows {len(view.evaluator)}"
    )
    print(f"  2026 by kind: {got.to_dict('index')}")


def run_reach(url: str) -> None:
    from geodata.db import session_factory
    from geodata.queries.activities import project_by_code
    from usecases.activities_reach import reach_table, venue_feedback

    s = session_factory(url)()
    try:
        project = project_by_code(s, "BIG")
        assert project is not None
        ours, table = timed(lambda: reach_table(s, project, 2026, None, AS_OF))
        fb, _ = timed(lambda: venue_feedback(s, project, 2026, AS_OF))
        for name in INDEXES:
            s.execute(text(f'DROP INDEX "{name}"'))
        peer, same = timed(lambda: reach_table(s, project, 2026, None, AS_OF))
        fb_peer, _ = timed(lambda: venue_feedback(s, project, 2026, AS_OF))
        s.rollback()  # the indexes come back
    finally:
        s.close()
    assert table.drop(columns=["geom"]).equals(same.drop(columns=["geom"]))
    print(
        f"reach table       ours {ours:6.2f} s   peer (same SQL, no indexes) {peer:6.2f} s   "
        f"ratio {ours / peer:4.2f}   rows {len(table)}, visits {int(table['visits'].sum())}"
    )
    print(
        f"venue feedback    ours {fb:6.2f} s   peer (same SQL, no indexes) {fb_peer:6.2f} s   "
        f"ratio {fb / fb_peer:4.2f}"
    )


def run_pages(url: str) -> None:
    from fastapi.testclient import TestClient

    from app.auth import hash_password
    from app.main import create_app
    from app.settings import Settings
    from geodata.db import session_scope
    from geodata.queries.assets_auth import create_user

    with session_scope(url) as s:
        create_user(s, "bench@aalborg.dk", hash_password(PASSWORD), "planner")
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(
            Settings(tiles="none", data_dir=Path(data_dir), secret_key="bench"), database_url=url
        )
        client = TestClient(app, follow_redirects=False)
        page = client.get("/login")
        token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
        client.post(
            "/login", data={"email": "bench@aalborg.dk", "password": PASSWORD, "csrf_token": token}
        )
        for path in PAGES:
            took, answer = timed(lambda path=path: client.get(path))
            print(
                f"page {path:<52} {answer.status_code} {took:6.2f} s "
                f"{len(answer.content) / 1024:8.0f} KB"
            )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=50_000)
    args = p.parse_args()
    with throwaway_database() as url:
        took, counts = timed(lambda: seed(url, args.sessions))
        print(f"seeded in {took:.0f} s: {counts}")
        run_progress(url)
        run_reach(url)
        run_pages(url)


if __name__ == "__main__":
    main()
