"""A private PostgreSQL + PostGIS cluster for people who have not configured a database.

Kvarterkort should start with one command on a fresh machine, so when no database URL is set it
creates its own cluster in a data directory with the PostgreSQL binaries already installed, listens
on 127.0.0.1 only and protects it with a generated password (kept in the data directory, never in
the repository). PostgreSQL refuses to run as root, so when we are root the server runs as an
unprivileged system user instead.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from geodata.errors import ClusterError

DB_NAME = "kvarterkort"
DB_USER = "kvarterkort"
SERVICE_USER = "kvarterkort"
DEFAULT_PORT = 54329
INSTALL_HINT = "sudo bash scripts/install-debian.sh   (or: sudo apt-get install -y {packages})"


def debian_packages(major: int | None = None) -> str:
    """The Debian packages that provide PostgreSQL, PostGIS and pgRouting."""
    v = major or 15
    return f"postgresql postgresql-{v}-postgis-3 postgresql-{v}-pgrouting"


def find_bindir() -> Path:
    """Locate the PostgreSQL server binaries (pg_ctl, initdb), newest version first."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.insert(0, Path(on_path).resolve().parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise ClusterError(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with:\n  "
        + INSTALL_HINT.format(packages=debian_packages())
    )


def _version_key(path: Path) -> float:
    try:
        return float(path.parent.name)
    except ValueError:
        return 0.0


def _major_version(bindir: Path) -> int:
    out = subprocess.run([str(bindir / "pg_ctl"), "--version"], capture_output=True, text=True)
    return int(out.stdout.strip().split()[-1].split(".")[0])


def check_postgis(bindir: Path) -> None:
    """Fail early, with the install command, when PostGIS is not installed for this server."""
    pg_config = bindir / "pg_config"
    sharedir = Path("/usr/share/postgresql") / str(_major_version(bindir))
    if pg_config.exists():
        out = subprocess.run([str(pg_config), "--sharedir"], capture_output=True, text=True)
        sharedir = Path(out.stdout.strip()) if out.returncode == 0 else sharedir
    if not (sharedir / "extension" / "postgis.control").exists():
        major = _major_version(bindir)
        raise ClusterError(
            f"PostGIS is not installed for PostgreSQL {major}. Install it with:\n  "
            + INSTALL_HINT.format(packages=debian_packages(major))
        )


@dataclass
class ClusterInfo:
    """What we need to reach a private cluster; stored as JSON in the data directory."""

    port: int
    password: str

    def url(self) -> str:
        return f"postgresql+psycopg://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{DB_NAME}"


class LocalCluster:
    """The private cluster in `data_dir`: init once, then start/stop/status."""

    def __init__(
        self,
        data_dir: Path,
        port: int = DEFAULT_PORT,
        server_settings: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.pgdata = self.data_dir / "pgdata"
        self.socket_dir = self.data_dir / "run"
        self.log_dir = self.data_dir / "log"
        self.logfile = self.log_dir / "postgresql.log"
        self.info_file = self.data_dir / "cluster.json"
        self.preferred_port = port
        self.server_settings = server_settings or {}

    # --- public API -------------------------------------------------------------------------
    @property
    def initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists() and self.info_file.exists()

    def info(self) -> ClusterInfo:
        if not self.info_file.exists():
            raise ClusterError(
                f"No database cluster in {self.data_dir}. Run `kvarterkort db start` first."
            )
        data = json.loads(self.info_file.read_text())
        return ClusterInfo(port=int(data["port"]), password=str(data["password"]))

    def url(self) -> str:
        return self.info().url()

    def is_running(self) -> bool:
        if not self.initialised:
            return False
        result = self._pg_ctl("status", check=False)
        return result.returncode == 0

    def start(self, timeout: int = 60) -> ClusterInfo:
        """Create the cluster if needed, start it, and ensure the database exists."""
        bindir = find_bindir()
        check_postgis(bindir)
        if not self.initialised:
            self._init(bindir)
        if not self.is_running():
            self._ensure_port_free()
            self._pg_ctl("start", "-w", "-t", str(timeout), "-l", str(self.logfile))
            self._wait_ready(timeout)
        self._ensure_database()
        return self.info()

    def stop(self) -> bool:
        """Stop the server; returns False when it was not running."""
        if not self.is_running():
            return False
        self._pg_ctl("stop", "-m", "fast", "-w")
        return True

    # --- internals --------------------------------------------------------------------------
    def _service_user(self) -> str | None:
        """None when we can run the server ourselves; otherwise the user to run it as."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                 SERVICE_USER],
                check=True, capture_output=True,
            )  # fmt: skip
        return SERVICE_USER

    def _as_server_user(self, argv: list[str]) -> list[str]:
        user = self._service_user()
        return argv if user is None else ["runuser", "-u", user, "--", *argv]

    def _chown_for_server(self, *paths: Path) -> None:
        user = self._service_user()
        if user is None:
            return
        entry = pwd.getpwnam(user)
        for path in paths:
            os.chown(path, entry.pw_uid, entry.pw_gid)
        self._check_traversable(user)

    def _check_traversable(self, user: str) -> None:
        probe = subprocess.run(
            ["runuser", "-u", user, "--", "test", "-x", str(self.data_dir)], capture_output=True
        )
        if probe.returncode != 0:
            raise ClusterError(
                f"The data directory {self.data_dir} is not reachable by the unprivileged user "
                f"'{user}' that runs PostgreSQL for root. Choose another directory with "
                "KVARTERKORT_DATA_DIR (for example /var/lib/kvarterkort)."
            )

    def _init(self, bindir: Path) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o711)
        for path in (self.pgdata, self.socket_dir, self.log_dir):
            path.mkdir(exist_ok=True)
        self.pgdata.chmod(0o700)
        self._chown_for_server(self.pgdata, self.socket_dir, self.log_dir)
        password = secrets.token_urlsafe(24)
        with tempfile.NamedTemporaryFile("w", dir=self.socket_dir, delete=False) as pwfile:
            pwfile.write(password + "\n")
        self._chown_for_server(Path(pwfile.name))
        try:
            self._run(
                self._as_server_user([
                    str(bindir / "initdb"), "-D", str(self.pgdata), "-U", DB_USER,
                    "--auth=scram-sha-256", f"--pwfile={pwfile.name}", "-E", "UTF8",
                    "--locale=C.UTF-8",
                ]),
                "initdb",
            )  # fmt: skip
        finally:
            os.unlink(pwfile.name)
        port = self._pick_port()
        self._write_conf(port)
        self.info_file.write_text(json.dumps({"port": port, "password": password}))
        self.info_file.chmod(0o600)

    def _write_conf(self, port: int) -> None:
        conf = self.pgdata / "postgresql.auto.conf"
        with conf.open("a") as fh:
            fh.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
            )
            for key, value in self.server_settings.items():
                fh.write(f"{key} = '{value}'\n")

    def _pick_port(self) -> int:
        for port in range(self.preferred_port, self.preferred_port + 50):
            if _port_free(port):
                return port
        raise ClusterError(f"No free TCP port near {self.preferred_port} on 127.0.0.1.")

    def _ensure_port_free(self) -> None:
        port = self.info().port
        if not _port_free(port):
            raise ClusterError(
                f"Port {port} on 127.0.0.1 is in use by another program, so the private database "
                f"cannot start. Stop that program or edit port in {self.info_file} and "
                f"{self.pgdata / 'postgresql.auto.conf'}."
            )

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = self._as_server_user([str(find_bindir() / "pg_ctl"), "-D", str(self.pgdata), *args])
        return self._run(argv, f"pg_ctl {args[0]}", check=check)

    def _run(self, argv: list[str], what: str, check: bool = True) -> subprocess.CompletedProcess:
        # Run from a directory every user can enter, so runuser does not fail on a private cwd.
        result = subprocess.run(argv, capture_output=True, text=True, cwd="/")
        if check and result.returncode != 0:
            tail = self.logfile.read_text()[-1500:] if self.logfile.exists() else ""
            raise ClusterError(
                f"{what} failed (exit {result.returncode}):\n{result.stderr.strip()}\n{tail}"
            )
        return result

    def _wait_ready(self, timeout: int) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _port_free(self.info().port):
                return
            time.sleep(0.2)
        raise ClusterError(f"PostgreSQL did not accept connections within {timeout} s.")

    def _ensure_database(self) -> None:
        import psycopg
        from psycopg import sql

        info = self.info()
        conninfo = f"host=127.0.0.1 port={info.port} user={DB_USER} password={info.password}"
        with psycopg.connect(conninfo + " dbname=postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,))
            if exists.fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
