"""Precompressed static files: a gzip client gets the zopfli .gz with the original's type; any
other client gets the plain file; nothing outside the static folder is reachable this way."""

from __future__ import annotations

import gzip
from pathlib import Path

from tests.test_assets_helpers import make_client

BUNDLE = "/static/vendor/swagger-ui/swagger-ui-bundle.js"
STATIC = Path(__file__).resolve().parent.parent / "app" / "static"


def test_a_gzip_client_gets_the_precompressed_bundle(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    answer = client.get(BUNDLE, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["content-type"].startswith("text/javascript")
    assert "Accept-Encoding" in answer.headers["vary"]
    assert "max-age" in answer.headers["cache-control"]
    on_disk = (STATIC / "vendor/swagger-ui/swagger-ui-bundle.js.gz").stat().st_size
    assert int(answer.headers["content-length"]) == on_disk  # the zopfli file, not recompressed
    assert answer.content == (STATIC / "vendor/swagger-ui/swagger-ui-bundle.js").read_bytes()


def test_other_clients_get_the_plain_file(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    answer = client.get(BUNDLE, headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200
    assert "content-encoding" not in answer.headers
    plain = (STATIC / "vendor/swagger-ui/swagger-ui-bundle.js").read_bytes()
    assert answer.content == plain
    assert (
        gzip.decompress((STATIC / "vendor/swagger-ui/swagger-ui-bundle.js.gz").read_bytes())
        == plain
    )


def test_no_gz_lookup_outside_the_static_folder(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    # %2e%2e: httpx would normalise a literal ".." away before sending it
    for path in ("/static/%2e%2e/%2e%2e/pyproject.toml", "/static/vendor/%2e%2e/%2e%2e/main.py"):
        answer = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 404, path
        assert b"[project]" not in answer.content and b"create_app" not in answer.content
