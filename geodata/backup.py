"""Backup and restore: the database, the uploaded photos and the secret key in one archive.

The archive is a tar.gz whose first member is a manifest with a sha256 and size for every other
member. Reading never uses tarfile's extract: each member name is checked against the few shapes a
backup can hold (no absolute paths, no `..`, regular files only), streamed into a private staging
folder and hashed on the way. A restore only touches the target once every member matches the
manifest and the target is known to be empty (or --force), so a damaged or altered archive changes
nothing. The secret key travels with the data because it signs sessions and keys the IP hashes
stored in the database: a restore without it would orphan both.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from geodata import backup_pg
from geodata.backup_pg import BackupError, Target
from geodata.migrate import alembic_config, upgrade

FORMAT = "kvarterkort-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
SECRET = "secret_key"  # noqa: S105 (a member name, not a password)
UPLOADS = "uploads"
MAX_MANIFEST_BYTES = 64 * 2**20
CHUNK = 1024 * 1024
_PART = r"[A-Za-z0-9_][A-Za-z0-9._-]{0,200}"
P = ParamSpec("P")
R = TypeVar("R")
MEMBER_NAME = re.compile(rf"(?:{DUMP}|{SECRET}|{UPLOADS}(?:/{_PART})+)")


def file_digest(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def write_archive(dest: Path, manifest: dict[str, Any], files: dict[str, Path]) -> None:
    """Write manifest + files to `dest` atomically (temp file, fsync, rename), mode 0600."""
    dest = dest.resolve()
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            # level 1: the dump (-Fc) and the photos are compressed already
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=1) as tar:
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                tar.addfile(_info(MANIFEST, len(body)), io.BytesIO(body))
                for name, path in files.items():
                    with path.open("rb") as fh:
                        tar.addfile(_info(name, path.stat().st_size), fh)
            raw.flush()
            os.fsync(raw.fileno())
        tmp.chmod(0o600)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, 0
    return info


def read_archive(path: Path, staging: Path) -> dict[str, Any]:
    """Unpack `path` into `staging` and verify it; returns the manifest. Raises BackupError."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            return _read_members(path, tar, staging)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(f"{path}: the archive is damaged or not a tar.gz ({exc})") from exc


def _read_members(path: Path, tar: tarfile.TarFile, staging: Path) -> dict[str, Any]:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError(f"{path}: not a Kvarterkort backup (no {MANIFEST} at the start)")
    manifest = _parse_manifest(path, tar, first)
    seen: dict[str, dict[str, Any]] = {}
    while (member := tar.next()) is not None:  # iterating `tar` would start over
        if not (member.isfile() and MEMBER_NAME.fullmatch(member.name)) or member.name in seen:
            raise BackupError(f"{path}: unexpected member {member.name!r}")
        listed = manifest["members"].get(member.name)
        if not isinstance(listed, dict) or listed.get("size") != member.size:
            # before writing it: a member the manifest does not promise never reaches the disk
            raise BackupError(f"{path}: the archive does not match its manifest ({member.name})")
        seen[member.name] = _stage(tar, member, staging / member.name)
    expected = manifest["members"]
    if set(seen) != set(expected):
        missing = sorted(set(expected) - set(seen)) or sorted(set(seen) - set(expected))
        raise BackupError(f"{path}: the archive does not match its manifest ({missing[0]})")
    for name, found in seen.items():
        if found != {"sha256": expected[name].get("sha256"), "size": expected[name].get("size")}:
            raise BackupError(f"{path}: checksum mismatch in {name}: the archive is damaged")
    return manifest


def _parse_manifest(path: Path, tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict[str, Any]:
    if member.size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{path}: the manifest is too large")
    fh = tar.extractfile(member)
    try:
        manifest = json.loads(fh.read()) if fh else None
    except ValueError as exc:
        raise BackupError(f"{path}: the manifest is not valid JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Kvarterkort backup (unknown manifest)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format {version} is newer than this Kvarterkort reads "
            f"({FORMAT_VERSION}); upgrade Kvarterkort first"
        )
    database = manifest.setdefault("database", {})
    if not (
        isinstance(database, dict)
        and isinstance(database.get("extensions", {}), dict)
        and isinstance(database.get("alembic_revisions", []), list)
    ):
        raise BackupError(f"{path}: the manifest's database section is malformed")
    members = manifest.get("members")
    if not isinstance(members, dict) or DUMP not in members or SECRET not in members:
        raise BackupError(f"{path}: the manifest lists no database or secret key")
    if not all(isinstance(v, dict) for v in members.values()):
        raise BackupError(f"{path}: the manifest's member list is malformed")
    return manifest


def _stage(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path) -> dict[str, Any]:
    """Copy one member into the staging folder, hashing it on the way."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    source = tar.extractfile(member)
    if source is None:
        raise BackupError(f"unreadable member {member.name!r}")
    digest, size = hashlib.sha256(), 0
    with source, open(dest, "xb", opener=_private_opener) as out:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            out.write(block)
    return {"sha256": digest.hexdigest(), "size": size}


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


# --- create ----------------------------------------------------------------------------------


def _file_errors(func: Callable[P, R]) -> Callable[P, R]:
    """A file that cannot be read or written (permissions, a full disk) is a one-line error."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise BackupError(f"{where}{exc.strerror or exc}") from exc

    return wrapper


@_file_errors
def create_backup(url: str, data_dir: Path, secret: str, secret_source: str, dest: Path) -> dict:
    """Dump the database, add the photos and the secret key; returns the manifest written."""
    dest = dest.expanduser().resolve()
    if not dest.parent.is_dir():
        raise BackupError(f"{dest.parent}: no such folder")
    target = Target.from_url(url)
    facts = backup_pg.server_facts(target)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".kk-backup-") as tmp:
        staging = Path(tmp)
        pg_dump_version = backup_pg.dump(target, facts, staging / DUMP)
        secret_file = staging / SECRET
        with open(secret_file, "x", opener=_private_opener) as fh:
            fh.write(secret)
        photos = photo_files(data_dir / UPLOADS)
        files = {DUMP: staging / DUMP, SECRET: secret_file, **photos}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": app_version(),
            "database": {
                "postgresql": facts.version,
                "postgis": facts.extensions.get("postgis"),
                "extensions": facts.extensions,
                "alembic_revisions": facts.revisions,
                "pg_dump": pg_dump_version,
            },
            "secret_key_source": secret_source,
            "photos": len(photos),
            "members": {name: file_digest(path) for name, path in files.items()},
        }
        write_archive(dest, manifest, files)
    return manifest


def photo_files(uploads: Path) -> dict[str, Path]:
    """Every regular file under the uploads folder by archive name (temporary dot-files skipped)."""
    if not uploads.is_dir():
        return {}
    found = {}
    for path in sorted(uploads.rglob("*")):
        name = f"{UPLOADS}/{path.relative_to(uploads).as_posix()}"
        if path.is_file() and not path.is_symlink() and MEMBER_NAME.fullmatch(name):
            found[name] = path
    return found


def app_version() -> str:
    try:
        return metadata.version("kvarterkort")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- restore ---------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    """What a restore did, for the CLI to report."""

    manifest: dict[str, Any]
    photos: int = 0
    migrated: bool = False
    notes: list[str] = field(default_factory=list)


@_file_errors
def restore_backup(
    archive: Path,
    data_dir: Path,
    resolve_url: Callable[[], str],
    force: bool = False,
    configured_secret: str | None = None,
) -> RestoreResult:
    """Verify `archive`, then restore it into the database `resolve_url()` gives and `data_dir`.

    `resolve_url` is called only after the archive has been verified, so a private cluster is
    never created for a damaged archive.
    """
    data_dir = data_dir.expanduser().resolve()
    with tempfile.TemporaryDirectory(dir=_existing_ancestor(data_dir), prefix=".kk-restore-") as t:
        staging = Path(t)
        manifest = read_archive(archive.expanduser(), staging)
        revisions = _known_revisions(manifest)
        uploads = data_dir / UPLOADS
        if not force and photo_files(uploads):
            raise BackupError(f"{uploads} already holds photos; use --force to replace them")
        url = resolve_url()
        target = Target.from_url(url)
        _prepare_database(target, manifest, force)
        skipped = backup_pg.restore(target, backup_pg.server_facts(target), staging / DUMP)
        result = RestoreResult(manifest, photos=len(photo_files(staging / UPLOADS)))
        if skipped:
            result.notes.append(
                f"kept the target's own rows of {', '.join(skipped)} (the role may not write "
                "them); reference systems added by hand to the old database are not restored"
            )
        _install_uploads(staging / UPLOADS, uploads)
        if configured_secret and configured_secret != (staging / SECRET).read_text():
            result.notes.append(
                f"KVARTERKORT_SECRET_KEY differs from the restored key in {data_dir / SECRET}: "
                "unset it (or set it to that file's content), or sessions and IP hashes break"
            )
        _install_secret(staging / SECRET, data_dir / SECRET)
    if set(revisions) != set(_script().get_heads()):
        _migrate(url)
        result.migrated = True
    return result


def _migrate(url: str) -> None:
    """Bring an older backup to the current revision; the data is already in place by then."""
    try:
        upgrade(url)
    except Exception as exc:  # any migration failure: say what is left to do, no traceback
        first = (str(exc).strip().splitlines() or [""])[0]
        raise BackupError(
            f"the backup was restored, but migrating it failed ({type(exc).__name__}: {first}); "
            "fix that and run `kvarterkort db upgrade`"
        ) from exc


def _existing_ancestor(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("postgresql://"))


def _known_revisions(manifest: dict[str, Any]) -> list[str]:
    """The archive's revisions; refused when this code does not know one (a newer backup)."""
    revisions = manifest["database"].get("alembic_revisions") or []
    script = _script()
    for revision in revisions:
        try:
            script.get_revision(str(revision))
        except CommandError as exc:
            raise BackupError(
                f"the backup's database is at revision {revision}, which this Kvarterkort "
                "does not know: upgrade Kvarterkort first"
            ) from exc
    return [str(r) for r in revisions]


def _prepare_database(target: Target, manifest: dict[str, Any], force: bool) -> None:
    """Refuse a database that holds tables (unless forced) or lacks an extension the dump needs."""
    tables = backup_pg.user_tables(target)
    if tables and not force:
        shown = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
        raise BackupError(
            f"the target database already has {len(tables)} tables ({shown}); restore into an "
            "empty database, or use --force to drop its contents first"
        )
    wanted = manifest["database"].get("extensions") or {}
    missing = backup_pg.missing_extensions(target, wanted)
    if missing:
        raise BackupError(
            f"the database server lacks the extensions {', '.join(missing)}: install them first"
        )
    if force:
        backup_pg.clear_database(target)


def _install_uploads(source: Path, uploads: Path) -> None:
    """Swap the restored photos in as the uploads folder (0700 folders, 0600 files)."""
    uploads.parent.mkdir(parents=True, exist_ok=True)
    fresh = uploads.with_name(f".{UPLOADS}-restoring-{os.getpid()}")
    if source.is_dir():
        shutil.move(source, fresh)
    else:
        fresh.mkdir()
    for folder, _dirs, files in os.walk(fresh):
        Path(folder).chmod(0o700)
        for name in files:
            (Path(folder) / name).chmod(0o600)
    old = uploads.with_name(f".{UPLOADS}-replaced-{os.getpid()}")
    if uploads.exists():
        os.replace(uploads, old)
    os.replace(fresh, uploads)
    shutil.rmtree(old, ignore_errors=True)


def _install_secret(source: Path, dest: Path) -> None:
    source.chmod(0o600)
    shutil.move(source, dest.with_name(f".{dest.name}.restoring"))
    os.replace(dest.with_name(f".{dest.name}.restoring"), dest)
