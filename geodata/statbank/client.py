"""The one module that talks to api.statbank.dk: httpx with timeouts, a size cap, a disk cache.

Every answer is kept on disk under the sha256 of (method, URL, JSON body, revision): the body in
`<key>.body`, and a sidecar `<key>.json` with the request and when it was fetched. Both are
written to a temporary file and renamed, the sidecar last, so a crash or a failed fetch never
leaves a half answer that a later run would trust. The table list and `tableinfo` are reused
for `max_age_s`, except that an import asks for `tableinfo` afresh (its `updated` is the
revision the import is checked against); data are keyed by the table's `updated` time, so a
revised table is fetched again and an unrevised one never twice. `offline=True` answers only
from the cache, however old.

The API is open: no credentials exist, so nothing secret can be logged or cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import TableInfo, TableSummary, parse_tableinfo, parse_tables
from geodata.statbank.selection import Selection

if TYPE_CHECKING:
    from app.settings import Settings

logger = logging.getLogger("kvarterkort.statbank")
LANGS = ("da", "en")
ERROR_BODY_LIMIT = 64 * 1024  # enough for DST's {"errorTypeCode", "message"}
USER_AGENT = "kvarterkort (Statbank connector; https://api.statbank.dk)"
Check = Callable[[bytes], object]
_TABLE_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")  # statbank_imports.table_id is VARCHAR(32)


@dataclass(frozen=True)
class Fetched:
    """An answer's bytes, the exact request (provenance), and whether it came from the cache."""

    content: bytes
    request: dict[str, Any]  # {"method", "url", "body" (dict | None)}
    fetched_at: datetime
    from_cache: bool


class StatbankClient:
    """Requests to the Statbank API v1, cached on disk; see the module docstring."""

    def __init__(
        self,
        base_url: str,
        cache_dir: Path,
        timeout_s: float = 60.0,
        offline: bool = False,
        max_bytes: int = 200_000_000,
        max_age_s: float = 86_400,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.cache_dir = Path(cache_dir)
        self.timeout_s = timeout_s
        self.offline = offline
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self.transport = transport

    @classmethod
    def from_settings(cls, settings: Settings, offline: bool = False) -> StatbankClient:
        return cls(
            settings.statbank_url, settings.statbank_cache_path,
            timeout_s=settings.statbank_timeout_s, offline=offline,
            max_bytes=settings.statbank_max_bytes,
        )  # fmt: skip

    # --- the three requests ------------------------------------------------------------------

    def tables(self, lang: str = "da") -> list[TableSummary]:
        """Every active table (GET /tables), reused from the cache for max_age_s."""
        fetched = self.get("tables", {"format": "JSON", "lang": _lang(lang)}, _tables)
        return _tables(fetched.content)

    def tableinfo(self, table: str, lang: str = "da", fresh: bool = False) -> TableInfo:
        """A table's variables, codes and `updated` (GET /tableinfo), reused for max_age_s.

        `fresh=True` (an import) always asks the API unless offline: `updated` is the revision
        an import is checked against, and a day-old copy would miss a revision made an hour ago.
        """
        params = {"id": _table(table), "format": "JSON", "lang": _lang(lang)}
        max_age = 0.0 if fresh else self.max_age_s
        return _tableinfo(self.get("tableinfo", params, _tableinfo, max_age).content)

    def data_csv(
        self, table: str, selection: Selection, lang: str = "da", revision: str = ""
    ) -> Fetched:
        """The selected figures as Statbank CSV (POST /data), cached under the revision.

        `revision` is the table's `updated` time: with it the answer is kept for good (a revised
        table gets a new key); without it the answer is reused only for max_age_s.
        """
        body = {
            "table": _table(table), "lang": _lang(lang), "format": "CSV",
            "valuePresentation": "Code", "delimiter": "Semicolon",
            "variables": [{"code": name, "values": list(codes)}
                          for name, codes in selection.items()],
        }  # fmt: skip
        max_age = None if revision else self.max_age_s
        return self.request("POST", f"{self.base_url}/data", body, revision, max_age, _csv_like)

    def get(
        self,
        endpoint: str,
        params: dict[str, str],
        check: Check | None = None,
        max_age_s: float | None = None,
    ) -> Fetched:
        url = str(httpx.URL(f"{self.base_url}/{endpoint}", params=params))
        max_age = self.max_age_s if max_age_s is None else max_age_s
        return self.request("GET", url, None, "", max_age, check)

    # --- cache and network --------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        body: dict[str, Any] | None,
        revision: str,
        max_age_s: float | None,
        check: Check | None = None,
    ) -> Fetched:
        """From the cache when fresh enough (or offline), else from the network into the cache.

        `check` reads a fresh answer before it is stored (raising StatbankError when it is not
        what the endpoint gives), so a proxy's error page is reported, not cached for a day.
        """
        described = {"method": method, "url": url, "body": body}
        key = cache_key(method, url, body, revision)
        cached = self._cached(key, None if self.offline else max_age_s)
        if cached is not None:
            logger.info("statbank %s %s (cache %s)", method, url, key[:12])
            return Fetched(cached[0], described, cached[1], True)
        if self.offline:
            raise StatbankError(
                f"{method} {url} is not in the cache {self.cache_dir}; run it once without "
                "--offline to fetch it", key="statbank.err.not_cached", method=method, url=url,
                cache=str(self.cache_dir),
            )  # fmt: skip
        content = self._fetch(method, url, body)
        if check is not None:
            check(content)
        fetched_at = datetime.now(UTC)
        self._store(key, content, described, revision, fetched_at)
        logger.info("statbank %s %s: %d bytes", method, url, len(content))
        return Fetched(content, described, fetched_at, False)

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.json"

    def _cached(self, key: str, max_age_s: float | None) -> tuple[bytes, datetime] | None:
        """The cached body and its fetch time, if present, intact and young enough."""
        body_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = body_path.read_bytes()
            fetched_at = datetime.fromisoformat(meta["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if hashlib.sha256(content).hexdigest() != meta.get("sha256"):
            return None  # a body that is not the one recorded is not trusted
        age = (datetime.now(UTC) - fetched_at).total_seconds()
        if max_age_s is not None and (max_age_s <= 0 or age > max_age_s):
            return None
        return content, fetched_at

    def _store(
        self, key: str, content: bytes, described: dict, revision: str, fetched_at: datetime
    ) -> None:
        body_path, meta_path = self._paths(key)
        meta = {**described, "revision": revision, "fetched_at": fetched_at.isoformat(),
                "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}  # fmt: skip
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(body_path, content)
            _atomic_write(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode())
        except OSError as exc:
            raise StatbankError(
                f"cannot write the Statbank cache {self.cache_dir}: {exc.strerror}",
                key="statbank.err.cache",
                cache=str(self.cache_dir),
                reason=str(exc.strerror),
            ) from exc

    def _fetch(self, method: str, url: str, body: dict[str, Any] | None) -> bytes:
        host = httpx.URL(url).host
        try:
            with (
                httpx.Client(
                    timeout=self.timeout_s,
                    transport=self.transport,
                    headers={"User-Agent": USER_AGENT},
                    follow_redirects=True,
                    event_hooks={"response": [_same_origin(self.base_url)]},
                ) as client,  # fmt: skip
                client.stream(method, url, json=body) as response,
            ):
                if not response.is_success:
                    raise _http_error(response, url)
                return self._read_capped(response, url)
        except httpx.TimeoutException as exc:
            raise StatbankError(
                f"{host} did not answer within {self.timeout_s:g} s ({type(exc).__name__}); "
                "try again later, or use --offline to answer from the cache",
                key="statbank.err.timeout",
                host=host,
                seconds=self.timeout_s,
            ) from exc
        except httpx.HTTPError as exc:
            raise StatbankError(
                f"could not reach {host} ({type(exc).__name__}); check the network and "
                "KVARTERKORT_STATBANK_URL, or use --offline to answer from the cache",
                key="statbank.err.unreachable",
                host=host,
            ) from exc

    def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        """The body, refused as soon as it passes max_bytes (announced or while streaming)."""
        announced = response.headers.get("Content-Length", "")
        if announced.isdigit() and int(announced) > self.max_bytes:
            raise _too_big(url, self.max_bytes)
        chunks, total = [], 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.max_bytes:
                raise _too_big(url, self.max_bytes)
            chunks.append(chunk)
        return b"".join(chunks)


def cache_key(method: str, url: str, body: dict[str, Any] | None, revision: str) -> str:
    """sha256 of the request as canonical JSON: equal requests share one cache entry."""
    canonical = json.dumps([method.upper(), url, body, revision], sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _atomic_write(path: Path, content: bytes) -> None:
    """Write to a temporary file next to `path`, then rename: readers see all or nothing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_origin(base_url: str) -> Callable[[httpx.Response], None]:
    """A response hook: follow a redirect only within the configured scheme, host and port.

    The base URL comes from the settings alone; a redirect elsewhere (another host, or https
    down to http) would let an answer fetch from a place nobody configured, so it is refused.
    """
    base = httpx.URL(base_url)

    def check(response: httpx.Response) -> None:
        if not response.has_redirect_location:
            return
        target = response.request.url.join(response.headers["Location"])
        if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
            where = f"{target.scheme}://{target.host}"
            raise StatbankError(
                f"{base.host} redirected to {where}; only redirects within {base.scheme}://"
                f"{base.host} are followed. If the API moved, set KVARTERKORT_STATBANK_URL",
                key="statbank.err.redirect", host=base.host, target=where,
            )  # fmt: skip

    return check


def _http_error(response: httpx.Response, url: str) -> StatbankError:
    """DST's error body {"errorTypeCode", "message"} as the message, else the status."""
    raw = b""
    for chunk in response.iter_bytes():
        raw += chunk
        if len(raw) > ERROR_BODY_LIMIT:
            break
    try:
        doc = json.loads(raw[:ERROR_BODY_LIMIT])
        message = " ".join(str(doc["message"]).split())[:500]  # the CLI prints one line
        code = " ".join(str(doc.get("errorTypeCode", "")).split())[:100]
    except (ValueError, KeyError, TypeError):
        message, code = "", ""
    status = response.status_code
    if message:
        return StatbankError(
            f"Statistics Denmark refused the request (HTTP {status}, {code}): {message}",
            key="statbank.err.api", status=status, code=code, detail=message, url=url,
        )  # fmt: skip
    return StatbankError(f"Statistics Denmark answered HTTP {status} to {url}",
                         key="statbank.err.http", status=status, url=url)  # fmt: skip


def _too_big(url: str, max_bytes: int) -> StatbankError:
    return StatbankError(
        f"the answer to {url} is larger than {max_bytes} bytes; select fewer codes or raise "
        "KVARTERKORT_STATBANK_MAX_BYTES", key="statbank.err.too_big", url=url, max_bytes=max_bytes,
    )  # fmt: skip


def _json(content: bytes, what: str) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StatbankError(f"Statistics Denmark sent a {what} that is not JSON",
                            key="statbank.err.format", what=what) from exc  # fmt: skip


def _tables(content: bytes) -> list[TableSummary]:
    return parse_tables(_json(content, "table list"))


def _tableinfo(content: bytes) -> TableInfo:
    return parse_tableinfo(_json(content, "tableinfo"))


def _csv_like(content: bytes) -> None:
    """A data answer must at least start like Statbank's CSV: a ';'-separated header line."""
    head = content[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    first = head.split(b"\n", 1)[0]
    if b";" not in first or head.startswith((b"<", b"{", b"[")):
        raise StatbankError("Statistics Denmark sent data that are not a Statbank CSV",
                            key="statbank.err.format", what="data CSV")  # fmt: skip


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise StatbankError(f"language {lang!r}: use da or en", key="statbank.err.lang", lang=lang)
    return lang


def _table(table: str) -> str:
    """A table id as Statbank writes them (FOLK1A, KM1); anything else is refused locally."""
    if not _TABLE_ID.fullmatch(table.strip()):
        raise StatbankError(f"{table!r} is not a Statbank table id such as FOLK1A or STRAF42",
                            key="statbank.err.table_id", table=table)  # fmt: skip
    return table.strip().upper()
