"""A request's transaction is committed before its answer is sent.

FastAPI runs the exit code of a `yield` dependency after the response by default, so a failed
COMMIT would reach the user as a success. Every `get_session` use is therefore function-scoped:
the commit happens when the handler returns, and a commit that fails becomes an error answer.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.deps import get_session
from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from tests.test_assets_helpers import asset_fingerprint, make_client, submit

FAIL_AT_COMMIT = """
CREATE FUNCTION kk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'simulated failure at commit'; END $$;
CREATE CONSTRAINT TRIGGER kk_test_refuse AFTER INSERT ON assets
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kk_test_refuse();
"""


def _session_scopes(dependant: Dependant) -> list[str | None]:
    found = [dependant.scope] if dependant.call is get_session else []
    for sub in dependant.dependencies:
        found += _session_scopes(sub)
    return found


def test_every_route_commits_before_it_answers() -> None:
    app = create_app(Settings(tiles="none"), database_url="postgresql+psycopg://x:y@127.0.0.1:1/x")
    scopes = {
        f"{sorted(ctx.methods or ())} {ctx.path_format}": _session_scopes(ctx.dependant)
        for ctx in iter_route_contexts(app.routes)  # FastAPI includes routers lazily
        if isinstance(ctx.original_route, APIRoute)
    }
    assert any(scopes.values()), "no route uses a database session"
    late = {path: s for path, s in scopes.items() if any(scope != "function" for scope in s)}
    assert late == {}


def test_a_failed_commit_is_not_reported_as_success(db_url: str, tmp_path: Path) -> None:
    with session_scope(db_url) as s:
        s.execute(text(FAIL_AT_COMMIT))
    app = make_client(db_url, tmp_path).app
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    before = asset_fingerprint(db_url)
    response = submit(client)
    assert response.status_code >= 500, response.status_code
    assert "simulated failure" not in response.text
    assert asset_fingerprint(db_url) == before
