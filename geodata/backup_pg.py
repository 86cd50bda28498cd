"""The database half of a backup: pg_dump/pg_restore and the facts a restore has to check first.

The dump is taken with the PostgreSQL client of the server's own major version (a newer one when
that is all there is), because pg_dump refuses servers newer than itself. The password reaches the
tools through the environment (PGPASSWORD), never their command line, and is scrubbed from any
message they print, so it can show up neither in `ps` nor in an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from geodata.errors import GeodataError

PG_LIB = Path("/usr/lib/postgresql")


class BackupError(GeodataError):
    """A backup cannot be made or restored; the message says what to do."""

    title = "Backup error"


@dataclass(frozen=True)
class Target:
    """How the client tools and psycopg reach one database, with the password kept apart."""

    conninfo: str
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> Target:
        u = make_url(url)
        params: dict[str, object] = {
            "host": u.host, "port": u.port, "user": u.username, "dbname": u.database,
        }  # fmt: skip
        params.update({k: v for k, v in u.query.items() if isinstance(v, str)})
        given = {k: v for k, v in params.items() if v not in (None, "")}
        return cls(psycopg.conninfo.make_conninfo(**given), u.password)  # type: ignore[arg-type]

    @contextmanager
    def connect(self) -> Iterator[psycopg.Connection]:
        """A connection that commits on success; any database error becomes a BackupError."""
        try:
            conn = psycopg.connect(self.conninfo, password=self.password)
        except psycopg.Error as exc:
            raise BackupError(f"cannot reach the database: {self._say(exc)}") from exc
        try:
            with conn:
                yield conn
        except psycopg.Error as exc:
            raise BackupError(f"the database refused: {self._say(exc)}") from exc

    def _say(self, exc: Exception) -> str:
        return self.scrub((str(exc).strip().splitlines() or [type(exc).__name__])[0])

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        if self.password:
            env["PGPASSWORD"] = self.password
        env["PGCONNECT_TIMEOUT"] = "15"
        return env

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


@dataclass(frozen=True)
class ServerFacts:
    """What the manifest records about a database and what a restore compares against."""

    version_num: int
    version: str
    extensions: dict[str, str]
    revisions: list[str]

    @property
    def major(self) -> int:
        return self.version_num // 10000


def server_facts(target: Target) -> ServerFacts:
    """Server version, installed extensions and Alembic revisions of the target database."""
    with target.connect() as conn:
        num = int(_scalar(conn, "SHOW server_version_num"))
        version = str(_scalar(conn, "SHOW server_version"))
        found = conn.execute("SELECT extname, extversion FROM pg_extension ORDER BY 1")
        extensions = {str(name): str(ext_version) for name, ext_version in found}
        revisions: list[str] = []
        if _scalar(conn, "SELECT to_regclass('public.alembic_version')"):
            rows = conn.execute("SELECT version_num FROM public.alembic_version ORDER BY 1")
            revisions = [str(row[0]) for row in rows]
    return ServerFacts(num, version, extensions, revisions)


def _scalar(conn: psycopg.Connection, query: str) -> Any:
    row = conn.execute(query).fetchone()
    return None if row is None else row[0]


USER_TABLES = """
SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1
"""


def user_tables(target: Target) -> list[str]:
    """Tables and views that are not part of an extension (PostGIS's spatial_ref_sys is not)."""
    with target.connect() as conn:
        return [str(r[0]) for r in conn.execute(USER_TABLES)]


def missing_extensions(target: Target, wanted: dict[str, str]) -> list[str]:
    with target.connect() as conn:
        available = {str(r[0]) for r in conn.execute("SELECT name FROM pg_available_extensions")}
    return sorted(set(wanted) - available)


def clear_database(target: Target) -> None:
    """Drop every extension and schema, then recreate an empty `public`: one transaction (an
    error, such as an extension the role does not own, leaves everything as it was)."""
    with target.connect() as conn:
        num = int(_scalar(conn, "SHOW server_version_num"))
        extensions = conn.execute("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")
        for (name,) in extensions.fetchall():
            conn.execute(
                sql.SQL("DROP EXTENSION IF EXISTS {} CASCADE").format(sql.Identifier(name))
            )
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname <> 'information_schema'"
        ).fetchall()
        for (name,) in schemas:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
        owner = "pg_database_owner" if num >= 140000 else "CURRENT_USER"
        conn.execute(sql.SQL("CREATE SCHEMA public AUTHORIZATION {}").format(sql.SQL(owner)))
        conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")


def client_tool(name: str, server_major: int) -> Path:
    """pg_dump/pg_restore of the server's major version, else the newest newer one."""
    found: dict[int, Path] = {}
    for bindir in PG_LIB.glob("*/bin"):
        if (bindir / name).exists() and bindir.parent.name.isdigit():
            found[int(bindir.parent.name)] = bindir / name
    on_path = shutil.which(name)
    if server_major in found:
        return found[server_major]
    newer = sorted(major for major in found if major > server_major)
    if newer:
        return found[newer[-1]]
    if on_path and _tool_major(Path(on_path)) >= server_major:
        return Path(on_path)
    raise BackupError(
        f"{name} for PostgreSQL {server_major} was not found. Install it with:\n  "
        f"sudo apt-get install -y postgresql-client-{server_major}"
    )


def _tool_major(path: Path) -> int:
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True)
    try:
        return int(out.stdout.strip().split()[-1].split(".")[0])
    except (ValueError, IndexError):
        return 0


def dump(target: Target, facts: ServerFacts, out: Path) -> str:
    """pg_dump in custom format (-Fc) to `out`; returns the tool's version line."""
    tool = client_tool("pg_dump", facts.major)
    _run(target, [str(tool), "-Fc", "--no-password", "-f", str(out), "-d", target.conninfo])
    return subprocess.run([str(tool), "--version"], capture_output=True, text=True).stdout.strip()


def restore(target: Target, facts: ServerFacts, dump_file: Path) -> list[str]:
    """pg_restore the whole dump in one transaction, stopping at the first error.

    Extensions the target already has (an administrator may install PostGIS for a role that
    cannot) are left out of the restore list, with the data of their configuration tables the
    role may not write (PostGIS's spatial_ref_sys); returns the names of those tables.
    """
    tool = client_tool("pg_restore", facts.major)
    argv = [
        str(tool), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
        "--no-password", "-d", target.conninfo,
    ]  # fmt: skip
    present = set(facts.extensions) - {"plpgsql"}
    locked = unwritable_config_tables(target) if present else set()
    if present:
        listing = _run(target, [str(tool), "-l", str(dump_file)])
        list_file = dump_file.with_name(dump_file.name + ".list")
        list_file.write_text("\n".join(_skip_entries(listing, present, locked)) + "\n")
        argv += ["-L", str(list_file)]
    _run(target, [*argv, str(dump_file)])
    return sorted(f"{schema}.{name}" for schema, name in locked)


CONFIG_TABLES = """
SELECT n.nspname, c.relname FROM pg_extension e CROSS JOIN LATERAL unnest(e.extconfig) AS cfg(oid)
JOIN pg_class c ON c.oid = cfg.oid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND NOT has_table_privilege(c.oid, 'INSERT')
"""


def unwritable_config_tables(target: Target) -> set[tuple[str, str]]:
    """Extension configuration tables (schema, name) the connected role may not insert into."""
    with target.connect() as conn:
        return {(str(schema), str(name)) for schema, name in conn.execute(CONFIG_TABLES)}


TOC_EXTENSION = re.compile(r"^\d+; \d+ \d+ (?:EXTENSION - |COMMENT - EXTENSION )(\S+)")
TOC_DATA = re.compile(r"^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) ")


def _skip_entries(listing: str, present: set[str], locked: set[tuple[str, str]]) -> list[str]:
    """The restore list with the entries of `present` extensions and the data of `locked`
    tables commented out."""
    out = []
    for line in listing.splitlines():
        ext, data = TOC_EXTENSION.match(line), TOC_DATA.match(line)
        skip = (ext and ext.group(1) in present) or (data and data.groups() in locked)
        out.append(";" + line if skip else line)
    return out


def _run(target: Target, argv: list[str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, env=target.env(), cwd="/")
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        detail = target.scrub(" / ".join(lines[:3]) or f"exit {result.returncode}")
        raise BackupError(f"{Path(argv[0]).name} failed: {detail}")
    return result.stdout
