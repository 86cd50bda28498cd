"""docs/SECURITY.md's route x role matrix is the app's, and the app does what it says.

The matrix is generated from the registered routes; the behaviour tests then read the expected
roles and CSRF marks from the *document*, not from the app, so removing a role check or a CSRF
check from a route fails them even after someone regenerates the table carelessly: they call
every role-gated route anonymously, as every role not allowed and as one allowed role, and every
state-changing route logged in without the CSRF token.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import security_matrix as sm
from geodata.db import session_scope
from tests.test_assets_helpers import add_user, login, make_client, photo_bytes, submit

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Where a role-gated GET is a page, an anonymous browser is sent to log in instead of a 401.
BROWSER = {"accept": "text/html"}
API = {"accept": "application/json"}
# Valid-looking values for path parameters; the checks run before the handler looks them up.
PATH_VALUES = {"key": "kk_security_test", "token": "t" * 43, "kind": "sogn", "code": "1"}
PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def documented_rows() -> list[sm.Row]:
    return sm.parse_matrix(sm.documented_matrix(sm.DOC.read_text(encoding="utf-8")))


def concrete(path: str) -> str:
    return PARAM.sub(lambda m: PATH_VALUES.get(m.group(1), "1"), path)


def test_documented_matrix_is_the_apps() -> None:
    generated = sm.render_matrix(sm.routes_of(sm.build_app()))
    documented = sm.documented_matrix(sm.DOC.read_text(encoding="utf-8"))
    assert documented == generated, (
        "docs/SECURITY.md's route matrix is stale: run "
        "`uv run python -m app.security_matrix --write` and review the difference"
    )


def test_the_walk_sees_routes_of_included_routers_and_mounts() -> None:
    """Guards the generator itself: nested routers, their dependencies, mounts, inline limits."""
    rows = {(r.method, r.path): r for r in sm.routes_of(sm.build_app())}
    delete = rows[("DELETE", "/api/ranking/profiles/{key}")]
    assert delete.roles == ("planner", "admin") and delete.csrf
    assert rows[("GET", "/static/{path}")].roles == sm.ROLES
    assert rows[("POST", "/assets/new")].rate == ("event", "event_upload", "submit", "upload")
    assert not rows[("GET", "/assets/map")].openapi


def test_replacing_the_matrix_keeps_the_other_sections() -> None:
    text = f"# S\n## Mutation testing\nkept\n{sm.START}\nold\n{sm.END}\n## Privacy\nkept too\n"
    out = sm.replace_matrix(text, "| new |")
    assert sm.documented_matrix(out) == "| new |"
    assert out.startswith("# S\n## Mutation testing\nkept\n") and out.endswith("kept too\n")


def test_only_side_effect_free_posts_lack_csrf() -> None:
    unprotected = {
        (r.method, r.path) for r in documented_rows() if r.method in STATE_CHANGING and not r.csrf
    }
    assert unprotected == sm.CSRF_EXEMPT


Clients = dict[str, tuple[TestClient, str | None]]


@pytest.fixture
def clients(db_url: str, tmp_path: Path) -> Clients:
    """Per role: a client (anonymous for residents, else logged in) and its CSRF token."""
    out: Clients = {"resident": (make_client(db_url, tmp_path), None)}
    for role in sm.STAFF_ROLES:
        client = make_client(db_url, tmp_path, rate_logins_per_hour=100)
        add_user(db_url, f"{role}@kvarterkort.test", role)
        assert login(client, f"{role}@kvarterkort.test").status_code == 303
        match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert match, "the login page has no CSRF token"
        out[role] = (client, match.group(1))
    return out


def call(clients: Clients, role: str, row: sm.Row, with_csrf: bool) -> int:
    """The route as `role`, with an empty JSON body where one may be sent; the status code."""
    client, token = clients[role]
    headers = dict(API)
    if with_csrf and token:
        headers["X-CSRF-Token"] = token
    body = {"json": {}} if row.method in STATE_CHANGING else {}
    response = client.request(row.method, concrete(row.path), headers=headers, **body)  # type: ignore[arg-type]
    return response.status_code


def test_every_role_gated_route_holds_its_roles(clients: Clients) -> None:
    gated = [r for r in documented_rows() if set(r.roles) != set(sm.ROLES)]
    assert ("DELETE", "/api/ranking/profiles/{key}") in {(r.method, r.path) for r in gated}
    wrong = []
    for row in gated:
        expect = {
            "resident": 401,
            **{role: 403 for role in sm.STAFF_ROLES if role not in row.roles},
        }
        got = {role: call(clients, role, row, with_csrf=True) for role in expect}
        allowed = call(clients, row.roles[0], row, with_csrf=True)
        if got != expect or allowed in (401, 403):
            wrong.append(f"{row.method} {row.path}: {got} (allowed {row.roles[0]}: {allowed})")
        if row.method == "GET":
            page = clients["resident"][0].get(concrete(row.path), headers=BROWSER)
            if page.status_code != 303 or not page.headers["location"].startswith("/login?next="):
                wrong.append(f"GET {row.path} in a browser: {page.status_code}, not 303 to login")
    assert wrong == []


def test_every_state_changing_route_needs_the_csrf_token(clients: Clients) -> None:
    """Logged in with an allowed role, but without the header or the form field: 403."""
    protected = [r for r in documented_rows() if r.method in STATE_CHANGING and r.csrf]
    assert ("DELETE", "/api/ranking/profiles/{key}") in {(r.method, r.path) for r in protected}
    wrong = []
    for row in sorted(protected, key=lambda r: r.path == "/logout"):  # logout last, if it fails
        role = next(r for r in row.roles if r != "resident")
        if (status := call(clients, role, row, with_csrf=False)) != 403:
            wrong.append(f"{row.method} {row.path} without X-CSRF-Token: {status}")
        form = clients[role][0].request(row.method, concrete(row.path), data={"x": "1"})
        if form.status_code != 403:
            wrong.append(f"{row.method} {row.path} form without csrf_token: {form.status_code}")
    assert wrong == []


def test_photos_of_unapproved_assets_are_for_coordinators_and_admins(
    clients: Clients, db_url: str
) -> None:
    """The one role check made in a handler (the matrix shows the route as public)."""
    photo = [("photos", ("p.jpg", photo_bytes(), "image/jpeg"))]
    assert submit(clients["resident"][0], files=photo).status_code == 303
    with session_scope(db_url) as s:
        photo_id = s.execute(text("SELECT min(id) FROM asset_photos")).scalar_one()
    got = {
        role: clients[role][0].get(f"/assets/photos/{photo_id}").status_code for role in sm.ROLES
    }
    assert got == {"resident": 404, "coordinator": 200, "planner": 404, "admin": 200}
