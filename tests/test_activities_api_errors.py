"""An ActivityError that reaches the top is a 422 in the user's language, not a 500."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from activities.errors import ActivityError
from app.errors import STATUS_BY_ERROR
from tests.test_assets_helpers import make_client


def test_an_activity_error_is_422_with_its_catalogue_text(db_url: str, tmp_path: Path) -> None:
    assert STATUS_BY_ERROR[ActivityError] == 422
    client: TestClient = make_client(db_url, tmp_path)

    def refuse() -> None:
        raise ActivityError("the session is in the future", key="activities.err.future_date")

    client.app.add_api_route("/api/test-activity-error", refuse)  # type: ignore[attr-defined]
    answer = client.get("/api/test-activity-error?lang=da")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["detail"] != "the session is in the future"  # Danish, from the key
