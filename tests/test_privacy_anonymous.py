"""What an anonymous visitor can read holds no staff e-mail and no (hashed) client address.

Staff e-mails are stored as authors of saved ranking profiles and in moderation events; keyed
IP hashes are stored with submissions, reports and rate-limit hits. Both may be shown to staff
and to nobody else.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from tests.helpers import load_base_areas
from tests.test_assets_helpers import (
    add_user,
    approve,
    asset_id_for,
    coordinator,
    csrf_of,
    login,
    make_client,
    submit,
)

DATA = Path(__file__).parent / "data" / "ranking"
PLANNER, COORDINATOR = "plan@aalborg.dk", "koord@aalborg.dk"
TITLE = "Kildeparken"


def _save_profile(staff: TestClient, db_url: str) -> None:
    add_user(db_url, PLANNER, "planner")
    assert login(staff, PLANNER).status_code == 303
    headers = {"X-CSRF-Token": csrf_of(staff, "/assets/new")}
    yaml_text = (DATA / "small_profile.yaml").read_text(encoding="utf-8")
    saved = staff.put("/api/ranking/profiles/plan_1", json={"yaml": yaml_text}, headers=headers)
    assert saved.status_code == 201, saved.text


def test_profile_authors_are_shown_to_staff_only(db_url: str, tmp_path: Path) -> None:
    staff = make_client(db_url, tmp_path)
    _save_profile(staff, db_url)
    anonymous = TestClient(staff.app)
    listing = anonymous.get("/api/ranking/profiles")
    one = anonymous.get("/api/ranking/profiles/plan_1")
    assert listing.status_code == one.status_code == 200
    saved = next(p for p in listing.json() if p["key"] == "plan_1")
    assert saved["created_by"] is None and one.json()["created_by"] is None
    assert PLANNER not in listing.text and PLANNER not in one.text
    staff_view = next(p for p in staff.get("/api/ranking/profiles").json() if p["key"] == "plan_1")
    assert staff_view["created_by"] == PLANNER
    assert staff.get("/api/ranking/profiles/plan_1").json()["created_by"] == PLANNER


def _hashes(db_url: str) -> list[str]:
    with session_scope(db_url) as session:
        rows = session.execute(
            text(
                "SELECT client_hash FROM assets UNION ALL SELECT client_hash FROM asset_reports "
                "UNION ALL SELECT client_hash FROM audit_events "
                "UNION ALL SELECT client_hash FROM rate_hits"
            )
        ).scalars()
        return [h for h in rows if h]


def test_no_hashed_ip_or_staff_email_in_anonymous_responses(db_url: str, tmp_path: Path) -> None:
    """An asset submitted, reported, endorsed and approved, then every anonymous read of it."""
    load_base_areas(db_url)
    staff = make_client(db_url, tmp_path)
    assert submit(staff, title=TITLE).status_code == 303
    approve(staff, db_url, TITLE, coordinator(staff, db_url, COORDINATOR))
    _save_profile(staff, db_url)
    anonymous = TestClient(staff.app)
    asset_id = asset_id_for(db_url, TITLE)
    assert anonymous.post(f"/api/assets/{asset_id}/endorse").status_code == 200
    reported = anonymous.post(f"/api/assets/{asset_id}/report", json={"reason": "Lukket nu"})
    assert reported.status_code == 200
    hashes = _hashes(db_url)
    assert len(hashes) >= 2  # rows of the submission and the report at least
    paths = [
        "/assets", "/assets/map", "/assets/embed", f"/assets/{asset_id}", "/api/assets",
        "/api/assets.csv", f"/api/assets/{asset_id}", f"/api/assets/similar?title={TITLE}",
        "/api/assets/categories", "/api/ranking/profiles", "/api/ranking/profiles/plan_1",
    ]  # fmt: skip
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 200, path
        body = response.text
        assert TITLE in body or "ranking" in path or "categories" in path, path
        for value in hashes:
            assert value not in body and value[:16] not in body, f"client hash in {path}"
        assert COORDINATOR not in body and PLANNER not in body, f"staff e-mail in {path}"
