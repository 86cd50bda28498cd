"""Request-level protections: signed session cookie, CSRF, hashed client IPs, rate limits,
private tokens and a streaming cap on request bodies.

Kept apart from the routes so every feature applies the same rules: a POST from a form must carry
the session's CSRF token, a JSON call authenticated by cookie must carry it in a header, and an
IP address is only ever handled as an HMAC keyed with the app's secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import Message

from app.errors import HTTPError
from app.i18n import language, translator
from app.settings import Settings
from geodata.db import session_scope
from geodata.models_assets import MAX_PHOTOS
from geodata.queries.assets_auth import take_rate_slot

SESSION_COOKIE = "kk_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
RATE_WINDOW_S = 3600
FORM_OVERHEAD_BYTES = 256 * 1024
LIMIT_KEY = "kk.body_limit"  # the body limit app.request_limits enforces for this request
SAME_SITE_FETCH = ("same-origin", "none")  # Sec-Fetch-Site values of this site's own pages
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def secret_key(request: Request) -> str:
    """The app's secret, read once per app (it may live in a file in the data directory)."""
    key = getattr(request.app.state, "kk_secret", None)
    if key is None:
        key = _settings(request).resolved_secret_key()
        request.app.state.kk_secret = key
    return str(key)


# --- session cookie -------------------------------------------------------------------------


@dataclass
class SessionData:
    """What the signed cookie holds: a CSRF token and, after login, the user and their epoch."""

    csrf: str
    user_id: int | None = None
    epoch: int = 0
    fresh: bool = False  # issued during this request: the response must set the cookie


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(request), salt="kk-session")


def read_session(request: Request) -> SessionData:
    """The request's session from its cookie, or a fresh anonymous one (cached per request)."""
    cached = getattr(request.state, "kk_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = SessionData(csrf=secrets.token_urlsafe(32), fresh=True)
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        try:
            payload = _serializer(request).loads(raw, max_age=_settings(request).session_max_age_s)
            data = SessionData(
                csrf=str(payload["c"]), user_id=payload.get("u"), epoch=int(payload.get("e", 0))
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            pass
    request.state.kk_session = data
    return data


def write_session(request: Request, response: Response, data: SessionData) -> None:
    """Set the cookie: HttpOnly, SameSite=Lax, Secure when configured, signed and time-limited."""
    settings = _settings(request)
    value = _serializer(request).dumps({"c": data.csrf, "u": data.user_id, "e": data.epoch})
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=settings.session_max_age_s,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    request.state.kk_session = data


def start_session(request: Request, response: Response, user_id: int | None, epoch: int) -> None:
    """A new session with a new CSRF token (login and logout rotate it)."""
    write_session(request, response, SessionData(secrets.token_urlsafe(32), user_id, epoch))


# --- CSRF -----------------------------------------------------------------------------------


async def csrf_protect(request: Request) -> None:
    """Dependency for every state-changing route.

    Forms always need the hidden field; other bodies (JSON) need the header when the request is
    authenticated by the session cookie. JSON from another site cannot be sent without a CORS
    preflight, which this app never grants, so anonymous JSON calls need no token.
    """
    if request.method in SAFE_METHODS:
        return
    if not from_this_site(request):
        t = translator(language(request, _settings(request).default_language))
        raise HTTPException(403, t("abuse.cross_site"))
    session = read_session(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        sent: Any = (await request.form()).get(CSRF_FIELD)
    elif session.user_id is not None:
        sent = request.headers.get(CSRF_HEADER)
    else:
        return
    if session.fresh or not isinstance(sent, str) or not csrf_matches(sent, session.csrf):
        raise HTTPError(403, "abuse.csrf_expired")


def mask_csrf(secret: str) -> str:
    """A fresh masked form of the session's CSRF secret, for one rendered page.

    Pages are gzip-compressed and some reflect user input, so a secret that is the same in every
    response could be recovered byte by byte from response sizes (BREACH). A new random pad each
    render, sent as urlsafe-base64(pad || pad XOR secret), makes every page's token different
    while the server can still undo the mask; the raw secret never appears in a response.
    """
    raw = secret.encode()
    pad = secrets.token_bytes(len(raw))
    return _b64(pad + bytes(p ^ r for p, r in zip(pad, raw, strict=True)))


def csrf_matches(sent: str, secret: str) -> bool:
    """Whether `sent` is a masked form of `secret`; raw, malformed or wrong-length values fail."""
    raw = secret.encode()
    try:
        masked = base64.b64decode(sent + "=" * (-len(sent) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):  # non-alphabet or non-ASCII characters
        return False
    if not raw or len(masked) != 2 * len(raw) or _b64(masked) != sent:  # one canonical spelling
        return False
    pad, body = masked[: len(raw)], masked[len(raw) :]
    return hmac.compare_digest(bytes(p ^ b for p, b in zip(pad, body, strict=True)), raw)


def _b64(data: bytes) -> str:
    """urlsafe base64 without padding: safe in a header, a form field and an HTML attribute."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _host(netloc: str) -> str:
    """host[:port] in lower case, without the scheme's default port."""
    netloc = netloc.strip().lower()
    for default in (":80", ":443"):
        if netloc.endswith(default):
            return netloc[: -len(default)]
    return netloc


def _own_hosts(request: Request) -> set[str]:
    hosts = {_host(request.headers.get("host", ""))}
    peer = request.client.host if request.client else ""
    if _is_trusted(_address(peer), _settings(request)):
        forwarded = ",".join(request.headers.getlist("x-forwarded-host"))
        hosts |= {_host(h) for h in forwarded.split(",") if h.strip()}
    return hosts - {""}


def from_this_site(request: Request) -> bool:
    """False for a browser request sent by another site's page (a form, fetch or beacon).

    Browsers send Origin on every cross-site POST; when it is missing (or "null", as Chromium
    sends from pages with Referrer-Policy: no-referrer such as the private link), Sec-Fetch-Site
    or the Referer tells. A client that sends none of them (curl, scripts) is not a browser:
    there is no victim's browser to abuse, and the rate limits still apply.
    """
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        return _host(urlsplit(origin).netloc) in _own_hosts(request)
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.lower() in SAME_SITE_FETCH
    if origin == "null":  # a sandboxed frame, or a no-referrer page in a browser without Sec-Fetch
        return False
    referer = request.headers.get("referer")
    if referer:
        return _host(urlsplit(referer).netloc) in _own_hosts(request)
    return True


# --- client identity without storing IPs ----------------------------------------------------


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(token: str) -> IPAddress | None:
    """An IP from a header element: quotes, IPv6 brackets and ports removed; None if not one."""
    token = token.strip().strip('"')
    if token.startswith("["):
        token = token[1 : token.find("]")] if "]" in token else token
    elif token.count(":") == 1:
        token = token.split(":")[0]
    try:
        return ipaddress.ip_address(token)
    except ValueError:
        return None


def _is_trusted(address: IPAddress | None, settings: Settings) -> bool:
    networks = _networks(tuple(settings.trusted_proxies))
    return address is not None and any(address in net for net in networks)


def _forwarded_chain(request: Request) -> list[str]:
    """The hops a proxy reported, left (origin) to right (nearest): Forwarded, else XFF."""
    forwarded = request.headers.getlist("forwarded")
    if forwarded:
        hops = []
        for element in ",".join(forwarded).split(","):
            for pair in element.split(";"):
                name, _, value = pair.partition("=")
                if name.strip().lower() == "for":
                    hops.append(value.strip())
        return hops
    return [h for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]


def client_ip(request: Request) -> str:
    """The client's address: the direct peer, unless the peer is a configured trusted proxy.

    Anyone can send X-Forwarded-For, so believing it from any peer would let one client pose as
    many (and dodge every limit). Behind trusted proxies the right-most hop that is not itself
    a trusted proxy is the client; everything left of it was written by that client.
    """
    settings = _settings(request)
    peer = request.client.host if request.client else "unknown"
    if not _is_trusted(_address(peer), settings):
        return peer
    hops = _forwarded_chain(request)
    for hop in reversed(hops):
        address = _address(hop)
        if not _is_trusted(address, settings):
            return str(address) if address is not None else hop.strip().strip('"')[:64]
    return str(_address(hops[0])) if hops else peer


def keyed_hash(request: Request, purpose: str, value: str) -> str:
    """HMAC-SHA256 keyed with the app's secret: comparable, not reversible without the key."""
    message = f"{purpose}|{value}".encode() if purpose else value.encode()
    return hmac.new(secret_key(request).encode(), message, hashlib.sha256).hexdigest()


def client_hash(request: Request) -> str:
    """The keyed hash of client_ip: what rate limits, reports and the audit log store."""
    return keyed_hash(request, "", client_ip(request))


def rate_wait(request: Request, bucket: str, setting: str, key: str | None = None) -> int | None:
    """Count one action against a one-hour window: None when allowed, else seconds to wait.

    The window is the client's (its keyed hash) unless `key` names another one, such as a
    mapping evening's own window. The hit is committed in its own transaction so failed
    attempts count too.
    """
    limit = int(getattr(_settings(request), setting))
    who = client_hash(request) if key is None else key
    with session_scope(request.app.state.database_url) as session:
        return take_rate_slot(session, bucket, who, limit, RATE_WINDOW_S)


def check_rate(request: Request, bucket: str, setting: str) -> None:
    """Count one action against the client's one-hour window; 429 with Retry-After when full."""
    wait = rate_wait(request, bucket, setting)
    if wait is not None:
        minutes = wait_minutes(wait)
        raise HTTPError(429, "abuse.rate_limited", {"Retry-After": str(wait)}, minutes=minutes)


def wait_minutes(seconds: int) -> int:
    """A wait as whole minutes, rounded up (at least 1): what a person plans by; the
    Retry-After header keeps the seconds."""
    return max(1, -(-seconds // 60))


def rate_limit(bucket: str, setting: str) -> Callable[[Request], None]:
    """A dependency form of check_rate, e.g. Depends(rate_limit("report", "rate_reports_...))."""

    def dependency(request: Request) -> None:
        check_rate(request, bucket, setting)

    return dependency


# --- private links --------------------------------------------------------------------------


def new_private_token() -> tuple[str, str]:
    """(token for the submitter's link, hash to store); the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- request size -----------------------------------------------------------------------------


def upload_budget(settings: Settings) -> int:
    return settings.upload_max_bytes * MAX_PHOTOS + FORM_OVERHEAD_BYTES


class UploadLimitRoute(APIRoute):
    """Stop reading a request body as soon as it exceeds the upload budget (413), instead of
    letting the multipart parser spool an arbitrarily large upload to disk first."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "multipart/form-data":  # JSON and plain forms keep the global cap
                return await handler(request)
            limit = upload_budget(_settings(request))
            request.scope[LIMIT_KEY] = limit  # this route's budget instead of the global cap
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise HTTPError(413, "abuse.too_large_mb", mb=limit // 2**20)
            request._receive = _counting(request.receive, limit)
            return await handler(request)

        return limited


def _counting(receive: Callable[[], Awaitable[Message]], limit: int) -> Any:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise HTTPError(413, "abuse.too_large_mb", mb=limit // 2**20)
        return message

    return counted
