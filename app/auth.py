"""Accounts for coordinators, planners and admins: argon2 passwords, cookie sessions, roles.

Residents never log in. Other features gate their pages with the same dependency, e.g.
`user: User = Depends(require_role("planner", "admin"))`; an anonymous browser asking for a page
is sent to /login, an API client gets 401, a user without the role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import func
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language, translator
from app.security import (
    client_hash,
    keyed_hash,
    mask_csrf,
    read_session,
    start_session,
    write_session,
)
from app.web import render
from geodata.db import session_scope
from geodata.models_assets import User
from geodata.queries.assets_auth import (
    Backoff,
    begin_login,
    end_login_failures,
    end_sessions,
    record_audit,
    user_by_email,
    user_by_id,
)

PASSWORD_MIN = 12
PASSWORD_MAX = 1024
_hasher = PasswordHasher()


def check_password_policy(password: str) -> None:
    """Long passphrases beat composition rules; the length cap bounds hashing work."""
    if len(password) < PASSWORD_MIN:
        raise ValueError(f"the password must have at least {PASSWORD_MIN} characters")
    if len(password) > PASSWORD_MAX:
        raise ValueError(f"the password must have at most {PASSWORD_MAX} characters")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


@lru_cache
def _dummy_hash() -> str:
    return _hasher.hash("timing-equaliser-for-unknown-users")


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-ish work whether or not the user exists, so logins do not reveal accounts."""
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def current_user(request: Request, db: Session) -> User | None:
    """The logged-in, active user whose session epoch still matches; else None."""
    data = read_session(request)
    if data.user_id is None:
        return None
    user = user_by_id(db, data.user_id)
    if user is None or not user.active or user.session_epoch != data.epoch:
        return None
    return user


def optional_user(request: Request, db: Session = DB_SESSION) -> User | None:
    return current_user(request, db)


def require_role(*roles: str) -> Callable[..., User]:
    """A dependency that returns the current user if they hold one of `roles`."""

    def dependency(request: Request, db: Session = DB_SESSION) -> User:
        user = current_user(request, db)
        if user is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                target = quote(
                    request.url.path + ("?" + request.url.query if request.url.query else ""),
                    safe="",
                )
                raise HTTPException(
                    303, "Log in first.", headers={"Location": f"/login?next={target}"}
                )
            raise HTTPException(401, _refusal(request, "error.auth.login_as", roles))
        if user.role not in roles:
            raise HTTPException(403, _refusal(request, "error.auth.need_role", roles))
        return user

    dependency.roles = roles  # type: ignore[attr-defined]  # read by app.security_matrix
    return dependency


def _refusal(request: Request, key: str, roles: tuple[str, ...]) -> str:
    """The 401/403 text in the user's language, with the role names translated too."""
    t = translator(language(request, request.app.state.settings.default_language))
    return t(key, roles=f" {t('error.auth.or')} ".join(t(f"assets.role.{r}") for r in roles))


def _backoffs(request: Request) -> tuple[Backoff, Backoff]:
    settings = request.app.state.settings
    window, cap = settings.login_failure_window_s, settings.login_backoff_cap_s
    return (
        Backoff(settings.login_backoff_after, cap, window),
        Backoff(settings.login_client_backoff_after, cap, window),
    )


def account_key(request: Request, email: str) -> str:
    """The keyed hash that stands for a typed e-mail in login_failures (never the text)."""
    return keyed_hash(request, "account", email[:254].strip().lower())


def begin_login_attempt(request: Request, email: str) -> int | None:
    """Seconds the account or the client must still wait, or None (the attempt is recorded).

    Runs in its own, committed transaction: a guess counts even if the request later fails,
    and it is checked before the password, so a right password during a backoff is refused too.
    """
    account, client = _backoffs(request)
    with session_scope(request.app.state.database_url) as session:
        return begin_login(
            session, account_key(request, email), client_hash(request), account, client
        )


def authenticate(request: Request, db: Session, email: str, password: str) -> User | None:
    """Check a login and write it to the audit log either way (after begin_login_attempt)."""
    user = user_by_email(db, email) if len(email) <= 254 else None
    ok = verify_password(user.password_hash if user else None, password[:PASSWORD_MAX])
    if not ok or user is None or not user.active:
        record_audit(
            db,
            "login_failed",
            user.id if user else None,
            {"email": email[:254].strip().lower()},
            client_hash(request),
        )
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = func.now()
    end_login_failures(db, account_key(request, email))
    record_audit(db, "login", user.id, {}, client_hash(request))
    db.flush()
    return user


def log_in(request: Request, response: Response, user: User) -> None:
    start_session(request, response, user.id, user.session_epoch)


def log_out(request: Request, response: Response, db: Session, user: User | None) -> None:
    """End every session of the user (epoch bump) and hand the browser a fresh anonymous one."""
    if user is not None:
        end_sessions(db, user)
        record_audit(db, "logout", user.id, {}, client_hash(request))
    start_session(request, response, None, 0)


def safe_next(target: str | None, default: str = "/assets/admin") -> str:
    """Only local paths after login: never an open redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def page(
    request: Request,
    template: str,
    user: User | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page with a freshly masked CSRF token (BREACH) and the user, setting the
    session cookie when new."""
    data = read_session(request)
    response = render(
        request, template, status_code, csrf_token=mask_csrf(data.csrf), user=user, **context
    )
    if data.fresh:
        write_session(request, response, data)
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
