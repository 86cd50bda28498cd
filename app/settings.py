"""The one settings object. Every value can be set by an environment variable KVARTERKORT_<NAME>.

Only the edges (CLI, web app) read settings; the domain packages get plain arguments.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from mapping.tiles import tile_source


def default_data_dir() -> Path:
    """The user's data folder; root gets /var/lib so the unprivileged server user can reach it."""
    if os.geteuid() == 0:
        return Path("/var/lib/kvarterkort")
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kvarterkort"


class Settings(BaseSettings):
    """Runtime configuration (env prefix KVARTERKORT_)."""

    model_config = SettingsConfigDict(env_prefix="KVARTERKORT_", extra="ignore")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of an existing PostGIS database."
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    db_port: int = 54329
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str | None = Field(
        default=None, description="Signs sessions; generated into the data dir when unset."
    )
    secure_cookies: bool = Field(
        default=False, description="Set cookies Secure-only (enable behind HTTPS)."
    )
    default_language: str = "da"
    tiles: str = Field(
        default="OpenStreetMap",
        description="Background tiles for maps (a folium tiles name or URL); 'none' for none.",
    )
    # Tile providers (issue 9): a URL template (XYZ, or WMTS GetTile in Web Mercator with
    # {z}/{x}/{y}) needs its credit line; {token} in it is filled from tiles_token, kept secret.
    tiles_attribution: str | None = Field(default=None, max_length=500)
    tiles_token: SecretStr | None = Field(default=None, description="Fills {token} in tiles.")
    embed_origins: str = Field(
        default="*",
        description="CSP frame-ancestors of the public /assets/embed map: space-separated "
        "origins (e.g. 'https://aalborg.dk'), '*' for any site, 'self' for this site only.",
    )
    # The accessibility statement (/tilgaengelighed): who runs this site and how to reach them.
    a11y_organisation: str = Field(default="", max_length=200)
    a11y_contact_email: str = Field(default="", max_length=200)
    a11y_contact_phone: str = Field(default="", max_length=40)
    upload_max_bytes: int = 5 * 1024 * 1024
    skill_generalisation_m: int = 250
    report_hide_threshold: int = 3
    # ABCD asset map: client-IP hashes are kept this long, then erased.
    ip_hash_retention_days: int = 30
    asset_reverify_days: int = 365
    session_max_age_s: int = 8 * 3600
    # Sliding one-hour windows per hashed client IP.
    rate_submissions_per_hour: int = 10
    rate_uploads_per_hour: int = 30
    rate_reports_per_hour: int = 20
    rate_endorsements_per_hour: int = 30
    rate_logins_per_hour: int = 10
    # Mapping evenings (kortlægningsaftener): a submission with an open event's code counts
    # against the event's hourly cap instead of the network's (its photos likewise, against
    # event_uploads_per_hour); an event lasts at most event_max_hours, and its optional total
    # is at most event_max_submissions.
    event_submissions_per_hour: int = Field(default=200, ge=1, le=100_000)
    event_uploads_per_hour: int = Field(default=600, ge=1, le=1_000_000)
    event_max_hours: int = Field(default=12, ge=1, le=168)
    event_max_submissions: int = Field(default=2000, ge=1, le=1_000_000)
    # Abuse (issue 8): proxies whose X-Forwarded-For/Forwarded headers are believed (IPs or
    # CIDRs, comma-separated in the environment), login backoff, body and photo limits.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    login_backoff_after: int = 5
    login_client_backoff_after: int = 10
    login_backoff_cap_s: int = 900
    login_failure_window_s: int = 24 * 3600
    max_request_bytes: int = 1024 * 1024
    photo_workers: int = 2
    photo_max_pixels: int = 40_000_000

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        """Accept "10.0.0.1, 10.1.0.0/16" from the environment as well as a list."""
        if isinstance(value, str):
            value = [part for part in value.replace(",", " ").split() if part]
        for entry in value if isinstance(value, list) else []:
            ipaddress.ip_network(str(entry), strict=False)  # ValueError names the bad entry
        return value

    walking_speed_m_per_min: float = 75.0
    detour_factor: float = 1.3
    # Venue finder at scale (issue 10): demand points × candidates above which the heuristic
    # (greedy + swap, with its proven gap) answers instead of the exact model; the exact
    # solver's time limit (past it, the best answer found so far); and the memory bound: a
    # question with more demand points × candidates than venues_max_pairs is refused (422).
    venues_exact_max_size: int = Field(default=1_000_000, ge=1, le=10_000_000_000)
    venues_time_limit_s: float = Field(default=30.0, gt=0, le=3600)
    venues_max_pairs: int = Field(default=10_000_000, ge=1, le=1_000_000_000)
    # Capacity (issue 8): worker processes of `kvarterkort serve`, and the database connections
    # they share. Each process gets db_pool_total // workers connections, so all of them
    # together stay within db_pool_total (PostgreSQL allows 100 by default; the rest is left
    # for the CLI, backups and psql). A request that waits db_pool_timeout_s for a connection
    # gets 503 + Retry-After instead of queueing.
    workers: int = Field(default_factory=lambda: min(4, 2 * (os.cpu_count() or 1)), ge=1, le=64)
    db_pool_total: int = Field(default=60, ge=1, le=1000)
    db_pool_timeout_s: float = Field(default=2.5, gt=0, le=60)
    # Requests a process lets wait for one of its threads (one per connection) before it
    # answers 503 + Retry-After at once.
    request_queue: int = Field(default=100, ge=0, le=10_000)
    # Ranking and venue answers computed once per question and data version, per process.
    answer_cache_size: int = Field(default=64, ge=0, le=10_000)
    answer_cache_ttl_s: float = Field(default=600.0, ge=0)
    # Maps (issue 10): a layer with more features than this is drawn from vector tiles
    # (/tiles/...) instead of being embedded as GeoJSON, so a map page stays small at any size.
    map_embed_max_features: int = Field(default=2000, ge=0, le=10_000_000)
    # Vector tiles (/tiles/{layer}/{z}/{x}/{y}.pbf): at most this many features per tile, and
    # a tile query that runs longer than tile_timeout_s is cancelled (503 + Retry-After).
    tile_max_features: int = Field(default=8000, ge=1, le=1_000_000)
    tile_timeout_s: float = Field(default=10.0, gt=0, le=300)
    # How long a process reuses the map data version behind the tiles' ETags: a change shows in
    # tiles at most this much later; 0 reads it for every tile.
    tile_version_ttl_s: float = Field(default=2.0, ge=0, le=300)
    # Statistics Denmark (issue 12): the open Statbank API (no key), a disk cache of its
    # answers (`--offline` reads only from it; None means data_dir/statbank-cache), how long
    # one request may take and how large one answer may be before it is refused.
    # No user:password@, query or fragment: the URL goes into logs and the public provenance
    # (/api/statbank/imports), and requests are built by appending /tableinfo etc. to it.
    statbank_url: str = Field(
        default="https://api.statbank.dk/v1",
        pattern=r"^https?://[^\s/?#@]+(/[^\s?#@]*)?$",
        description="Base URL of the Statbank API (v1).",
    )
    statbank_cache_dir: Path | None = Field(
        default=None, description="Cache of Statbank answers; default data_dir/statbank-cache."
    )
    statbank_timeout_s: float = Field(default=60.0, gt=0, le=600)
    statbank_max_bytes: int = Field(default=200_000_000, ge=1_000, le=2_000_000_000)
    # Largest saved Statbank CSV `statbank import --file` reads (refused before reading; parsing
    # takes ~32 bytes of memory per byte: 50 MB ~ 1.6 GB). Mirrors geodata.statbank.inputs.
    statbank_max_file_bytes: int = Field(default=50_000_000, ge=1_000, le=2_000_000_000)
    # Activities (issue 11): the key of the keyed hashes of pseudonymous participant codes.
    # Unset, it is derived from the secret key (HMAC(secret_key, "activity-codes")); never logged.
    activity_code_key: SecretStr | None = Field(
        default=None, description="Key of the participant-code hashes; default from secret_key."
    )

    @property
    def statbank_cache_path(self) -> Path:
        """Where Statbank answers are cached: the setting, else data_dir/statbank-cache."""
        return self.statbank_cache_dir or self.data_dir / "statbank-cache"

    def pool_limits(self) -> tuple[int, int]:
        """(pool_size, max_overflow) of one process: together at most db_pool_total // workers.

        Two thirds are kept open, the rest opened under load and closed again.
        """
        per_process = max(1, self.db_pool_total // self.workers)
        overflow = per_process // 3
        return per_process - overflow, overflow

    @model_validator(mode="after")
    def _check_tiles(self) -> Settings:
        self.map_tiles  # noqa: B018 -- a template without credit or token fails at startup
        return self

    @property
    def map_tiles(self) -> str | None:
        """None for 'none', a folium name, or a URL template with its credit (TileSource)."""
        token = self.tiles_token.get_secret_value() if self.tiles_token else None
        return tile_source(self.tiles, self.tiles_attribution, token)

    def resolved_database_url(self) -> str:
        """The configured URL, or the private cluster's (which must have been started)."""
        if self.database_url:
            return self.database_url
        from geodata.cluster import LocalCluster

        return LocalCluster(self.data_dir, self.db_port).url()

    def resolved_activity_code_key(self) -> bytes:
        """The key for activities.codes.hash_code: the setting, else derived from the secret key.

        Derived (not the secret key itself) so the session-signing key never meets the codes.
        """
        if self.activity_code_key is not None:
            return self.activity_code_key.get_secret_value().encode()
        import hashlib
        import hmac

        secret = self.resolved_secret_key().encode()
        return hmac.new(secret, b"activity-codes", hashlib.sha256).digest()

    def resolved_secret_key(self) -> str:
        """A stable secret: configured, or generated once into the data directory."""
        if self.secret_key:
            return self.secret_key
        return _secret_key_file(self.data_dir / "secret_key")


def _secret_key_file(path: Path, wait_s: float = 5.0) -> str:
    """Read the key, or create it exactly once even when several workers start together.

    O_CREAT|O_EXCL lets one process win the creation (mode 0600 from the start, never
    readable by others); the losers read the winner's key, waiting briefly while it is
    still being written, so every worker signs sessions with the same key.
    """
    import secrets
    import time

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fd = None
    if fd is not None:
        key = secrets.token_urlsafe(48)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key
    deadline = time.monotonic() + wait_s
    while not (key := path.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.01)
    if not key:
        raise RuntimeError(f"the secret key file {path} is empty; delete it to regenerate")
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
