"""Photos: decoded off the event loop with a pixel limit; files exist exactly when rows do."""

from __future__ import annotations

import io
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import text

from app.photo_files import photo_pool
from geodata.db import session_scope
from tests.test_assets_helpers import (
    asset_fingerprint,
    csrf_of,
    files_under,
    make_client,
    photo_bytes,
    submit,
)


def _photo(data: bytes, name: str = "p.jpg") -> list[Any]:
    return [("photos", (name, data, "image/jpeg"))]


def _rows(db_url: str) -> int:
    with session_scope(db_url) as s:
        return int(s.execute(text("SELECT count(*) FROM asset_photos")).scalar_one())


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_stored_photos_are_private_files_in_a_private_folder(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "uploads").mkdir(mode=0o755)  # made before the rule, readable by others
    (tmp_path / "uploads").chmod(0o755)
    client = make_client(db_url, tmp_path)
    assert submit(client, files=_photo(photo_bytes())).status_code == 303
    files = files_under(tmp_path)
    assert len(files) == 2 and _rows(db_url) == 1
    assert _mode(tmp_path / "uploads") == 0o700
    assert [_mode(f) for f in files] == [0o600, 0o600]
    assert not [f for f in files if f.name.endswith(".tmp")]


def test_a_photo_that_does_not_decode_leaves_no_file_and_no_row(
    db_url: str, tmp_path: Path
) -> None:
    client = make_client(db_url, tmp_path)
    before = asset_fingerprint(db_url)
    broken = photo_bytes()[:200]
    response = submit(client, files=_photo(broken))
    assert response.status_code == 422 and "JPEG, PNG" in response.text
    assert asset_fingerprint(db_url) == before and files_under(tmp_path) == []


def test_a_decompression_bomb_is_refused_before_decoding(db_url: str, tmp_path: Path) -> None:
    """A 50-megapixel PNG of a few kilobytes: refused by its header, with a clear message."""
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    client = make_client(db_url, tmp_path)
    before = asset_fingerprint(db_url)
    response = submit(client, files=_photo(out.getvalue(), "bomb.png"))
    assert response.status_code == 422 and "too many pixels" not in response.text
    assert "for mange pixels (højst 40 megapixel)" in response.text  # a Danish page, in Danish
    assert asset_fingerprint(db_url) == before and files_under(tmp_path) == []
    small = make_client(db_url, tmp_path, photo_max_pixels=1000)  # the limit is a setting
    assert submit(small, files=_photo(photo_bytes())).status_code == 422


FAIL_ON_INSERT = """
CREATE FUNCTION kk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'simulated database failure'; END $$;
CREATE {kind} TRIGGER kk_test_refuse AFTER INSERT ON asset_photos {when}
FOR EACH ROW EXECUTE FUNCTION kk_test_refuse();
"""


@pytest.mark.parametrize(
    ("kind", "when"),
    [("", ""), ("CONSTRAINT", "DEFERRABLE INITIALLY DEFERRED")],
    ids=["fails-at-insert", "fails-at-commit"],
)
def test_a_failed_save_leaves_no_file(db_url: str, tmp_path: Path, kind: str, when: str) -> None:
    """The row's INSERT fails (or the COMMIT, after the files got their names): no files stay."""
    with session_scope(db_url) as s:
        s.execute(text(FAIL_ON_INSERT.format(kind=kind, when=when)))
    app = make_client(db_url, tmp_path).app
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    before = asset_fingerprint(db_url)
    submit(client, files=_photo(photo_bytes()))
    assert asset_fingerprint(db_url) == before
    assert files_under(tmp_path) == []


def test_decoding_runs_off_the_event_loop(db_url: str, tmp_path: Path) -> None:
    """With the only photo worker busy, an upload waits in the pool while /healthz is answered."""
    release = threading.Event()
    results: list[Any] = []
    with make_client(db_url, tmp_path, photo_workers=1) as client:
        pool = photo_pool(client.app)
        blocker = pool.submit(release.wait, 60)
        token = csrf_of(client)
        upload = threading.Thread(
            target=lambda: results.append(
                submit(client, files=_photo(photo_bytes()), csrf_token=token)
            )
        )
        upload.start()
        try:
            _wait_for(lambda: pool.pending == 2)  # the blocker, and the upload's decode
            health = client.get("/healthz")
            assert health.status_code == 200
            assert upload.is_alive() and results == []  # still queued behind the blocker
        finally:
            release.set()
            upload.join(60)
            blocker.result(60)
    assert results and results[0].status_code == 303
    assert len(files_under(tmp_path)) == 2


def _wait_for(condition: Any, seconds: float = 30) -> None:
    """Poll a condition (a deadline against hanging, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never became true"
        time.sleep(0.01)
