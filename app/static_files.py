"""Static files with cache headers, and content-versioned links to them.

A link with ``?v=<content hash>`` (``static_url`` in templates, mapping.base for the vendored map
libraries) names one exact file content, so the browser may keep it for a year without asking.
Vendored libraries without a version still change only when scripts/vendor-assets.sh runs: a
day. Our own stylesheets and scripts change with every release: five minutes, then a cheap
revalidation (StaticFiles sends ETag and Last-Modified).
"""

from __future__ import annotations

import hashlib
import mimetypes
import stat
from functools import lru_cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
VERSIONED = "public, max-age=31536000, immutable"
VENDOR = "public, max-age=86400"
OWN = "public, max-age=300"


def cache_control(path: str, query_string: bytes) -> str:
    """The Cache-Control for a static `path` (relative to /static) requested with this query."""
    if b"v=" in query_string:
        return VERSIONED
    return VENDOR if path.startswith("vendor/") else OWN


class CachedStaticFiles(StaticFiles):
    """StaticFiles that says how long a file may be cached (successful answers only), and sends
    a precompressed ``<file>.gz`` beside a large file to clients that accept gzip.

    The .gz files are made once by scripts/vendor-assets.sh with zopfli, which packs about 4 %
    tighter than the gzip middleware can on the fly (Swagger UI's bundle: 441 KB against 458 KB),
    and costs no CPU per request."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = self._precompressed(path, scope) or await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = cache_control(path, scope.get("query_string", b""))
        return response

    def _precompressed(self, path: str, scope: Scope) -> Response | None:
        if scope["method"] not in ("GET", "HEAD") or path.endswith(".gz"):
            return None
        if "gzip" not in Headers(scope=scope).get("accept-encoding", ""):
            return None
        full_path, stat_result = self.lookup_path(path + ".gz")  # guards against traversal
        if stat_result is None or not stat.S_ISREG(stat_result.st_mode):
            return None
        response = self.file_response(full_path, stat_result, scope)
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith("javascript"):
            media_type += "; charset=utf-8"
        response.headers["Content-Type"] = media_type
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        return response


@lru_cache(maxsize=128)
def static_url(name: str) -> str:
    """``/static/<name>?v=<hash>``: a link that changes whenever the file does."""
    try:
        digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    except OSError:
        return f"/static/{name}"
    return f"/static/{name}?v={digest}"
