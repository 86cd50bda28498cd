"""`kvarterkort backup create|restore` on a real PostGIS: a full round trip compares every table,
every photo and the secret key; damaged, newer or misdirected restores are refused unchanged."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import os
import shutil
import stat
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from app.cli import root
from app.settings import get_settings
from geodata.backup import FORMAT_VERSION, write_archive
from geodata.cluster import LocalCluster
from geodata.db import get_engine, session_scope
from geodata.migrate import alembic_config, upgrade
from tests.conftest import TEMPLATE, _create_db, _drop_db, _free_port
from tests.test_assets_helpers import make_client, photo_bytes, submit

SECRET = "the-data-dir-secret-key"
HEADS = sorted(ScriptDirectory.from_config(alembic_config("postgresql://")).get_heads())
_counter = itertools.count()


@pytest.fixture
def empty_url(server_url: str) -> Iterator[str]:
    """A brand-new database with nothing in it (no extensions, no tables)."""
    url = _create_db(server_url, f"kk_restore_{os.getpid()}_{next(_counter)}")
    yield url
    _drop_db(server_url, url)


def cli(url: str | None, data_dir: Path, *args: str, **extra_env: str) -> Any:
    """Run `kvarterkort` with a database URL (None: the data dir's own cluster)."""
    env: dict[str, str | None] = {
        "KVARTERKORT_DATABASE_URL": url,
        "KVARTERKORT_DATA_DIR": str(data_dir),
        "KVARTERKORT_SECRET_KEY": None,
        **extra_env,
    }
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(root, list(args), env=env)
    finally:
        get_settings.cache_clear()


def table_digests(url: str) -> dict[str, str]:
    """Row count and md5 of the rows ordered by primary key, for every table in `public`,
    plus every sequence's position (so new rows after a restore get fresh ids)."""
    out: dict[str, str] = {}
    with session_scope(url) as s:
        tables = s.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
                "AND c.relname <> 'spatial_ref_sys' ORDER BY 1"
            )
        ).scalars()
        for table in list(tables):
            pk = s.execute(
                text(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary "
                    "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)"
                ),
                {"t": f'public."{table}"'},
            ).scalars()
            order = ", ".join(f't."{c}"' for c in pk) or "t::text"
            out[table] = s.execute(
                text(
                    f"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' "
                    f"ORDER BY {order}), '')) FROM public.\"{table}\" t"
                )
            ).scalar_one()
        for name, value in s.execute(text("SELECT sequencename, last_value FROM pg_sequences")):
            out[f"sequence {name}"] = str(value)
    get_engine(url).dispose()
    return out


def photo_hashes(data_dir: Path) -> dict[str, str]:
    uploads = data_dir / "uploads"
    return {
        p.relative_to(uploads).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(uploads.rglob("*"))
        if p.is_file()
    }


def user_tables(url: str) -> int:
    with session_scope(url) as s:
        n = s.execute(
            text(
                "SELECT count(*) FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
        ).scalar_one()
    get_engine(url).dispose()
    return int(n)


def source_with_photo(url: str, data_dir: Path) -> None:
    """An asset with a photo submitted through the app, and a secret key file in the data dir."""
    client = make_client(url, data_dir)
    files = [("photos", ("p.jpg", photo_bytes(), "image/jpeg"))]
    assert submit(client, files=files, title="Backup-aktiv").status_code == 303
    (data_dir / "secret_key").write_text(SECRET)
    get_engine(url).dispose()


def make_backup(url: str, data_dir: Path, archive: Path) -> Any:
    result = cli(url, data_dir, "backup", "create", str(archive))
    assert result.exit_code == 0, result.output
    return result


def test_round_trip_restores_every_table_photo_and_the_secret(
    demo_url: str, empty_url: str, tmp_path: Path
) -> None:
    src, dst, archive = tmp_path / "src", tmp_path / "dst", tmp_path / "kk.tar.gz"
    source_with_photo(demo_url, src)
    created = make_backup(demo_url, src, archive)
    password = make_url(demo_url).password
    assert password and password not in created.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert password.encode() not in gzip.decompress(archive.read_bytes())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "manifest.json" and "database.dump" in names and "secret_key" in names
    assert manifest["format_version"] == FORMAT_VERSION and manifest["database"]["postgis"]
    assert sorted(manifest["database"]["alembic_revisions"]) == HEADS
    assert set(manifest["members"]) == set(names) - {"manifest.json"}

    restored = cli(empty_url, dst, "backup", "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    before = table_digests(demo_url)
    assert "asset_photos" in before and before["asset_photos"].startswith("1:")
    assert table_digests(empty_url) == before
    assert len(photo_hashes(src)) == 2  # the photo and its thumbnail
    assert photo_hashes(dst) == photo_hashes(src)
    assert (dst / "secret_key").read_text() == SECRET
    assert stat.S_IMODE((dst / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE((dst / "uploads").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (dst / "uploads").iterdir()} == {0o600}


def _rewrite(archive: Path, out: Path, change: dict[str, bytes]) -> None:
    """Copy `archive` member by member, replacing the bytes of the members in `change`."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = change.get(member.name) or src.extractfile(member).read()  # type: ignore[union-attr]
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


def test_a_tampered_archive_is_refused_and_changes_nothing(
    db_url: str, empty_url: str, tmp_path: Path
) -> None:
    src, dst, archive = tmp_path / "src", tmp_path / "dst", tmp_path / "kk.tar.gz"
    source_with_photo(db_url, src)
    make_backup(db_url, src, archive)
    with tarfile.open(archive) as tar:
        photo = next(n for n in tar.getnames() if n.startswith("uploads/"))
        original = tar.extractfile(photo).read()  # type: ignore[union-attr]
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, {photo: original[:-1] + bytes([original[-1] ^ 1])})
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    for bad, message in ((tampered, "checksum mismatch in " + photo), (damaged, "damaged")):
        result = cli(empty_url, dst, "backup", "restore", str(bad))
        assert result.exit_code == 2 and message in result.output, result.output
        assert "Traceback" not in result.output
        assert user_tables(empty_url) == 0
        assert not dst.exists()


def test_restore_refuses_a_database_with_tables_unless_forced(
    db_url: str, tmp_path: Path, server_url: str
) -> None:
    src, archive = tmp_path / "src", tmp_path / "kk.tar.gz"
    source_with_photo(db_url, src)
    make_backup(db_url, src, archive)
    target = _create_db(server_url, f"kk_restore_full_{os.getpid()}_{next(_counter)}", TEMPLATE)
    try:
        with session_scope(target) as s:
            s.execute(text("CREATE TABLE extra (x int)"))
        get_engine(target).dispose()
        before = table_digests(target)
        refused = cli(target, tmp_path / "dst", "backup", "restore", str(archive))
        assert refused.exit_code == 2 and "already has" in refused.output, refused.output
        assert table_digests(target) == before
        forced = cli(target, tmp_path / "dst", "backup", "restore", "--force", str(archive))
        assert forced.exit_code == 0, forced.output
        assert table_digests(target) == table_digests(db_url)  # `extra` is gone too
    finally:
        _drop_db(server_url, target)


def test_a_role_that_cannot_create_extensions_restores_after_an_admin_installed_them(
    db_url: str, empty_url: str, tmp_path: Path
) -> None:
    src, archive = tmp_path / "src", tmp_path / "kk.tar.gz"
    source_with_photo(db_url, src)
    make_backup(db_url, src, archive)
    role = f"kk_app_{os.getpid()}_{next(_counter)}"
    database = make_url(empty_url).database
    with session_scope(db_url) as s:
        extensions = list(s.execute(text("SELECT extname FROM pg_extension")).scalars())
    with session_scope(empty_url) as s:  # the administrator: superuser of the test server
        s.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'app-pw'"))
        s.execute(text(f'ALTER DATABASE "{database}" OWNER TO {role}'))
        for name in extensions:
            s.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{name}" CASCADE'))
    get_engine(empty_url).dispose()
    app_url = make_url(empty_url).set(username=role, password="app-pw")
    try:
        result = cli(
            app_url.render_as_string(hide_password=False), tmp_path / "dst", "backup", "restore",
            str(archive),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "public.spatial_ref_sys" in result.output  # said, not silently skipped
        assert table_digests(empty_url) == table_digests(db_url)
    finally:
        with session_scope(empty_url) as s:
            s.execute(text(f'ALTER DATABASE "{database}" OWNER TO CURRENT_USER'))
            s.execute(text(f"DROP OWNED BY {role} CASCADE"))
        get_engine(empty_url).dispose()
        with session_scope(db_url) as s:
            s.execute(text(f"DROP ROLE {role}"))
        get_engine(db_url).dispose()


def test_restore_refuses_photos_in_the_uploads_folder_unless_forced(
    db_url: str, empty_url: str, tmp_path: Path
) -> None:
    src, dst, archive = tmp_path / "src", tmp_path / "dst", tmp_path / "kk.tar.gz"
    source_with_photo(db_url, src)
    make_backup(db_url, src, archive)
    (dst / "uploads").mkdir(parents=True)
    (dst / "uploads" / "old.jpg").write_bytes(b"old")
    refused = cli(empty_url, dst, "backup", "restore", str(archive))
    assert refused.exit_code == 2 and "already holds photos" in refused.output
    assert user_tables(empty_url) == 0
    forced = cli(empty_url, dst, "backup", "restore", "--force", str(archive),
                 KVARTERKORT_SECRET_KEY="another-key")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    assert "KVARTERKORT_SECRET_KEY differs" in forced.output
    assert photo_hashes(dst) == photo_hashes(src) and not (dst / "uploads" / "old.jpg").exists()


def craft(tmp_path: Path, extra: dict[str, Any] | None = None, **manifest: Any) -> Path:
    """A hand-made archive with correct checksums: a fake dump, the secret and `extra` members."""
    dump, secret = tmp_path / "database.dump", tmp_path / "secret_key"
    dump.write_bytes(b"PGDMP")
    secret.write_text(SECRET)
    files = {"database.dump": dump, "secret_key": secret}
    for i, (name, data) in enumerate((extra or {}).items()):
        files[name] = tmp_path / f"extra{i}"
        files[name].write_bytes(data)
    members = {
        name: {"sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "size": p.stat().st_size}
        for name, p in files.items()
    }
    body = {"format": "kvarterkort-backup", "format_version": FORMAT_VERSION,
            "database": {}, "members": members, **manifest}  # fmt: skip
    archive = tmp_path / "crafted.tar.gz"
    write_archive(archive, body, files)
    return archive


@pytest.mark.parametrize(
    ("manifest", "extra", "message"),
    [
        ({"format_version": FORMAT_VERSION + 1}, {}, "upgrade Kvarterkort first"),
        ({"database": {"alembic_revisions": ["fff9"]}}, {}, "upgrade Kvarterkort first"),
        ({"database": {"extensions": {"no_such_ext": "1"}}}, {}, "lacks the extensions"),
        ({"database": ["x"]}, {}, "database section is malformed"),
        ({}, {"uploads/../../escaped": b"x"}, "unexpected member"),
        ({}, {"/etc/escaped": b"x"}, "unexpected member"),
    ],
)
def test_archives_from_the_future_or_with_odd_members_are_refused(
    empty_url: str, tmp_path: Path, manifest: dict[str, Any], extra: dict[str, bytes], message: str
) -> None:
    archive = craft(tmp_path, extra, **manifest)
    dst = tmp_path / "deep" / "dst"
    result = cli(empty_url, dst, "backup", "restore", str(archive))
    assert result.exit_code == 2 and message in result.output, result.output
    assert user_tables(empty_url) == 0
    assert not (tmp_path / "deep").exists() and not (tmp_path / "escaped").exists()
    assert not list(tmp_path.glob(".kk-restore-*"))  # the staging folder is gone too


def test_create_refuses_to_overwrite_unless_forced(db_url: str, tmp_path: Path) -> None:
    archive = tmp_path / "kk.tar.gz"
    make_backup(db_url, tmp_path / "src", archive)
    first = archive.read_bytes()
    again = cli(db_url, tmp_path / "src", "backup", "create", str(archive))
    assert again.exit_code == 2 and "exists" in again.output
    assert archive.read_bytes() == first
    (tmp_path / "folder").mkdir()
    into_folder = cli(
        db_url, tmp_path / "src", "backup", "create", "--force", str(tmp_path / "folder")
    )
    assert into_folder.exit_code == 2 and "Traceback" not in into_folder.output
    assert into_folder.output.startswith("Error: ") and len(into_folder.output.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "kk.tar.gz", "src"]
    assert cli(db_url, tmp_path / "src", "backup", "create", "--force", str(archive)).exit_code == 0


def test_create_with_the_database_down_leaves_no_file_and_no_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://kvarterkort:s3cret-pw@127.0.0.1:{_free_port()}/kvarterkort"
    result = cli(url, tmp_path / "data", "backup", "create", str(tmp_path / "out" / "kk.tar.gz"))
    assert result.exit_code == 2 and "s3cret-pw" not in result.output, result.output
    (tmp_path / "out").mkdir()
    result = cli(url, tmp_path / "data", "backup", "create", str(tmp_path / "out" / "kk.tar.gz"))
    assert result.exit_code == 2 and "cannot reach the database" in result.output, result.output
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output
    assert list((tmp_path / "out").iterdir()) == []


def test_an_older_revision_is_migrated_after_restore(
    empty_url: str, server_url: str, tmp_path: Path
) -> None:
    old = _create_db(server_url, f"kk_restore_old_{os.getpid()}_{next(_counter)}")
    try:
        upgrade(old, "0001")
        get_engine(old).dispose()
        make_backup(old, tmp_path / "src", tmp_path / "old.tar.gz")
    finally:
        _drop_db(server_url, old)
    result = cli(empty_url, tmp_path / "dst", "backup", "restore", str(tmp_path / "old.tar.gz"))
    assert result.exit_code == 0 and "migrated" in result.output, result.output
    with session_scope(empty_url) as s:
        revisions = s.execute(text("SELECT version_num FROM alembic_version")).scalars()
        assert sorted(revisions) == HEADS
    get_engine(empty_url).dispose()


def test_restore_into_a_fresh_data_dir_starts_its_own_cluster(db_url: str, tmp_path: Path) -> None:
    src, archive = tmp_path / "src", tmp_path / "kk.tar.gz"
    source_with_photo(db_url, src)
    make_backup(db_url, src, archive)
    base = Path(tempfile.mkdtemp(prefix="kk-restore-"))
    base.chmod(0o711)  # the server user (under root) must reach the data dir
    data_dir = base / "data"
    port = str(_free_port())
    try:
        result = cli(None, data_dir, "backup", "restore", str(archive), KVARTERKORT_DB_PORT=port)
        assert result.exit_code == 0, result.output
        url = LocalCluster(data_dir, int(port)).url()
        assert table_digests(url) == table_digests(db_url)
        assert photo_hashes(data_dir) == photo_hashes(src)
        assert (data_dir / "secret_key").read_text() == SECRET
    finally:
        LocalCluster(data_dir, int(port)).stop()
        shutil.rmtree(base, ignore_errors=True)
