"""Log in and out, and the admin's user list (roles, deactivation, new accounts).

Every attempt is in the audit log; logins are rate-limited per hashed client address and back
off exponentially per account and per client after repeated failures (429 with Retry-After), and
the first admin can only be created from the command line (`kvarterkort users create-admin`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.auth import (
    PASSWORD_MIN,
    authenticate,
    begin_login_attempt,
    hash_password,
    log_in,
    log_out,
    optional_user,
    page,
    require_role,
    safe_next,
)
from app.deps import DB_SESSION
from app.errors import translated
from app.i18n import done_text
from app.params import PathId
from app.routes.assets_common import lang_of, t_of
from app.security import check_rate, csrf_protect
from geodata.errors import GeodataError
from geodata.models_assets import EMAIL_MAX, ROLES, User
from geodata.queries.assets_auth import create_user, list_users, update_user

router = APIRouter(tags=["auth"])
admin_only = require_role("admin")
Email = Annotated[str, Form(max_length=EMAIL_MAX)]
Password = Annotated[str, Form(max_length=1024)]


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next: str = "", user: User | None = Depends(optional_user)
) -> HTMLResponse:
    """The login form for coordinators, planners and admins."""
    return page(request, "assets/login.html", user, next=safe_next(next))


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(csrf_protect)])
def login(
    request: Request,
    email: Email,
    password: Password,
    next: Annotated[str, Form(max_length=500)] = "",
    db: Session = DB_SESSION,
) -> Response:
    """Log in, unless the client's hourly limit or the account's or client's backoff says wait."""
    try:
        check_rate(request, "login", "rate_logins_per_hour")
        wait = begin_login_attempt(request, email)
    except HTTPException as exc:
        if exc.status_code != 429:
            raise
        wait = int((exc.headers or {}).get("Retry-After", "60"))
    if wait is not None:
        return _throttled(request, email, next, wait)
    user = authenticate(request, db, email, password)
    if user is None:
        return page(
            request,
            "assets/login.html",
            None,
            401,
            next=safe_next(next),
            error=t_of(request)("assets.login.failed"),
            email=email,
        )
    default = "/assets/admin" if user.role in ("coordinator", "admin") else "/"
    response = RedirectResponse(safe_next(next, default), status_code=303)
    log_in(request, response, user)
    return response


def _throttled(request: Request, email: str, next: str, wait: int) -> HTMLResponse:
    """429 as the login page with a message in the reader's language and Retry-After."""
    response = page(
        request,
        "assets/login.html",
        None,
        429,
        next=safe_next(next),
        error=t_of(request)("abuse.login_throttled", seconds=wait),
        email=email,
    )
    response.headers["Retry-After"] = str(wait)
    return response


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(
    request: Request, db: Session = DB_SESSION, user: User | None = Depends(optional_user)
) -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    log_out(request, response, db, user)
    return response


def _reason(request: Request, exc: Exception) -> str:
    """A refusal in the reader's language (the password policy's ValueError has no key)."""
    if isinstance(exc, GeodataError):
        return translated(exc, lang_of(request))
    return t_of(request)("assets.users.password_policy", n=PASSWORD_MIN)


def _users_page(
    request: Request, db: Session, user: User, status: int = 200, error: str | None = None
) -> HTMLResponse:
    return page(
        request,
        "assets/admin_users.html",
        user,
        status,
        users=list_users(db),
        roles=ROLES,
        error=error,
        done=done_text(lang_of(request), request.query_params.get("done")),
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, db: Session = DB_SESSION, user: User = Depends(admin_only)
) -> HTMLResponse:
    """Accounts with their roles; admins add accounts and change roles here."""
    return _users_page(request, db, user)


@router.post("/admin/users", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse)
def users_add(
    request: Request,
    email: Email,
    password: Password,
    role: Annotated[str, Form(max_length=12)],
    db: Session = DB_SESSION,
    user: User = Depends(admin_only),
) -> Response:
    try:
        create_user(db, email, hash_password(password), role, by_user=user.id)
    except (GeodataError, ValueError) as exc:
        db.rollback()
        return _users_page(request, db, user, 422, _reason(request, exc))
    return RedirectResponse("/admin/users?done=added", status_code=303)


@router.post(
    "/admin/users/{user_id:int}", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse
)
def users_change(
    request: Request,
    user_id: PathId,
    role: Annotated[str, Form(max_length=12)],
    active: Annotated[bool, Form()] = False,
    db: Session = DB_SESSION,
    user: User = Depends(admin_only),
) -> Response:
    """Change a role or deactivate an account (which ends its sessions at once)."""
    if user_id == user.id and (role != "admin" or not active):
        return _users_page(request, db, user, 422, t_of(request)("assets.users.self"))
    try:
        update_user(db, user_id, user.id, role=role, active=active)
    except GeodataError as exc:
        db.rollback()
        return _users_page(request, db, user, 422, _reason(request, exc))
    return RedirectResponse("/admin/users?done=changed", status_code=303)
