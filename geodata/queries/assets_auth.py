"""Users, the audit log, rate-limit windows and the purge of client-IP hashes.

Password hashing and cookies live in the web layer (app/auth.py); this module only stores what
it is given, so the rules about what is kept and for how long are all readable in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models_assets import (
    EMAIL_MAX,
    EMAIL_PATTERN,
    ROLES,
    AuditEvent,
    LoginFailure,
    User,
)
from geodata.sqlnames import quote_ident

RATE_HIT_KEEP_S = 24 * 3600  # longer than any window; older hits are useless


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email):
        raise GeodataError(f"not a valid e-mail address: {email!r}", key="assets.err.user_email")
    return email


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise GeodataError(
            f"unknown role {role!r}; use one of {', '.join(ROLES)}", key="assets.err.role"
        )


def create_user(
    session: Session, email: str, password_hash: str, role: str, by_user: int | None = None
) -> User:
    """A new account; the caller hashed the password (argon2)."""
    _check_role(role)
    email = normalise_email(email)
    if user_by_email(session, email) is not None:
        raise GeodataError(
            f"a user with e-mail {email} already exists", key="assets.err.user_exists", email=email
        )
    user = User(email=email, password_hash=password_hash, role=role, active=True, session_epoch=0)
    session.add(user)
    session.flush()
    record_audit(session, "user_created", by_user, {"user": email, "role": role})
    return user


def user_by_email(session: Session, email: str) -> User | None:
    stmt = select(User).where(User.email == email.strip().lower())
    return session.scalars(stmt).one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def update_user(
    session: Session,
    user_id: int,
    by_user: int | None,
    role: str | None = None,
    active: bool | None = None,
    password_hash: str | None = None,
) -> User:
    """Change role, active flag or password; the latter two end the user's open sessions."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}", key="assets.err.user_missing")
    detail: dict[str, Any] = {"user": user.email}
    if role is not None and role != user.role:
        _check_role(role)
        detail["role"] = [user.role, role]
        user.role = role
    if active is not None and active != user.active:
        detail["active"] = [user.active, active]
        user.active = active
        user.session_epoch += 1
    if password_hash is not None:
        detail["password_changed"] = True
        user.password_hash = password_hash
        user.session_epoch += 1
    if len(detail) > 1:
        record_audit(session, "user_changed", by_user, detail)
    session.flush()
    return user


def end_sessions(session: Session, user: User) -> None:
    """Logout: every cookie issued before now stops working."""
    user.session_epoch += 1
    session.flush()


def record_audit(
    session: Session,
    kind: str,
    user_id: int | None = None,
    detail: dict[str, Any] | None = None,
    client_hash: str | None = None,
) -> None:
    session.add(
        AuditEvent(kind=kind, user_id=user_id, detail=detail or {}, client_hash=client_hash)
    )


def audit_log(
    session: Session, limit: int = 200, offset: int = 0, kind: str | None = None
) -> list[dict[str, Any]]:
    """Asset events and login/admin events in one list, newest first (ties by source and
    event id, so pages never overlap). At most 1,001 rows: a page of 1,000 and its probe."""
    rows = session.execute(
        text(
            "SELECT source, created_at, kind, actor, user_email, asset_id, detail, note FROM ("
            "SELECT 'asset' AS source, e.created_at, e.kind, e.actor, u.email AS user_email, "
            "e.asset_id, e.diff AS detail, e.note, e.id AS seq FROM asset_events e "
            "LEFT JOIN users u ON u.id = e.user_id "
            "UNION ALL SELECT 'auth', a.created_at, a.kind, "
            "CASE WHEN a.user_id IS NULL THEN 'system' ELSE 'user' END, u.email, NULL, "
            "a.detail, NULL, a.id FROM audit_events a LEFT JOIN users u ON u.id = a.user_id"
            ") log WHERE (CAST(:kind AS text) IS NULL OR kind = :kind) "
            "ORDER BY created_at DESC, source, seq DESC LIMIT :limit OFFSET :offset"
        ),
        {"kind": kind, "limit": max(1, min(limit, 1001)), "offset": max(0, offset)},
    ).all()
    return [dict(r._mapping) for r in rows]


def take_rate_slot(
    session: Session, bucket: str, client_hash: str, limit: int, window_s: int
) -> int | None:
    """Count a hit in a sliding window; None when allowed, else seconds until a slot frees.

    An advisory lock per (bucket, client) makes the check-then-insert safe under concurrency.
    """
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{bucket}|{client_hash}"}
    )
    params = {"b": bucket, "c": client_hash, "w": window_s, "n": max(limit, 1) - 1}
    freeing: datetime | None = session.execute(
        text(
            "SELECT created_at FROM rate_hits WHERE bucket = :b AND client_hash = :c AND "
            "created_at > now() - make_interval(secs => :w) ORDER BY created_at DESC "
            "OFFSET :n LIMIT 1"
        ),
        params,
    ).scalar_one_or_none()
    if freeing is not None or limit <= 0:
        now = session.execute(select(func.now())).scalar_one()
        wait = window_s if freeing is None else (freeing - now).total_seconds() + window_s
        return max(1, math.ceil(wait))
    session.execute(text("INSERT INTO rate_hits (bucket, client_hash) VALUES (:b, :c)"), params)
    return None


@dataclass(frozen=True)
class Backoff:
    """When failed logins start to cost time, and how much: 2^k seconds after `after` failures,
    capped, within a window (failures older than the window are forgotten)."""

    after: int
    cap_s: int
    window_s: int

    def wait(self, failures: int) -> int:
        if failures < max(self.after, 1):
            return 0
        return int(min(self.cap_s, 2 ** min(failures - self.after + 1, 30)))


def begin_login(
    session: Session, account_hash: str, client_hash: str, account: Backoff, client: Backoff
) -> int | None:
    """Check both backoffs; when neither applies, record this attempt as a failure up front.

    Recording before the password is checked means parallel guesses count at once; a correct
    password removes the account's rows again (end_login_failures). Returns None when the
    attempt may proceed, else the seconds to wait. Locks per account, then per client.
    """
    waits = []
    for column, value, backoff in (
        ("account_hash", account_hash, account),
        ("client_hash", client_hash, client),
    ):
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"login|{column}|{value}"}
        )
        waits.append(_remaining(session, column, value, backoff))
    if max(waits) > 0:
        return max(waits)
    session.add(LoginFailure(account_hash=account_hash, client_hash=client_hash))
    session.flush()
    return None


def _remaining(session: Session, column: str, value: str, backoff: Backoff) -> int:
    """Seconds left of the backoff earned by the failures in the window (0: none)."""
    key = LoginFailure.account_hash if column == "account_hash" else LoginFailure.client_hash
    failures, last = session.execute(
        select(func.count(), func.max(LoginFailure.created_at)).where(
            key == value,
            LoginFailure.created_at > func.now() - timedelta(seconds=backoff.window_s),
        )
    ).one()
    wait = backoff.wait(int(failures))
    if not wait or last is None:
        return 0
    now = session.execute(select(func.now())).scalar_one()
    return max(0, math.ceil((last - now).total_seconds() + wait))


def end_login_failures(session: Session, account_hash: str) -> None:
    """A correct password: the account's failures (including this attempt's row) are forgiven."""
    session.execute(delete(LoginFailure).where(LoginFailure.account_hash == account_hash))


def purge_client_data(session: Session, retention_days: int) -> dict[str, int]:
    """Forget client-IP hashes older than the retention period (and stale rate-limit hits)."""
    counts: dict[str, int] = {}
    for table in ("assets", "asset_reports", "audit_events"):
        stamp = "submitted_at" if table == "assets" else "created_at"
        result = session.execute(
            text(
                f"UPDATE {quote_ident(session, table)} SET client_hash = NULL "  # noqa: S608 -- quoted names
                f"WHERE client_hash IS NOT NULL AND {quote_ident(session, stamp)} "
                "< now() - make_interval(days => :d)"
            ),
            {"d": retention_days},
        )
        counts[table] = int(getattr(result, "rowcount", 0) or 0)
    result = session.execute(
        text("DELETE FROM rate_hits WHERE created_at < now() - make_interval(secs => :s)"),
        {"s": min(RATE_HIT_KEEP_S, retention_days * 86400)},
    )
    counts["rate_hits"] = int(getattr(result, "rowcount", 0) or 0)
    result = session.execute(
        text("DELETE FROM login_failures WHERE created_at < now() - make_interval(days => :d)"),
        {"d": retention_days},
    )
    counts["login_failures"] = int(getattr(result, "rowcount", 0) or 0)
    return counts
