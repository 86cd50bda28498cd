"""The logs `kvarterkort serve` writes hold no client IP, private token or e-mail address."""

from __future__ import annotations

import logging
import logging.config
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from uvicorn.logging import AccessFormatter, DefaultFormatter

from app.logs import PrivacyFilter, client_label, log_config
from app.main import create_app
from app.settings import Settings

TOKEN = "Zq3vK9xYtB7mW2nP5rL8sD4fH6jG1cA0eU-_iO"
IP = "203.0.113.57"


def _access_record(client: str, path: str) -> logging.LogRecord:
    """What uvicorn's HTTP protocol logs for one request (uvicorn/protocols/http/h11_impl.py)."""
    return logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        (client, "GET", path, "1.1", 200), None,
    )  # fmt: skip


def _access_line(record: logging.LogRecord) -> str:
    formatter = AccessFormatter(
        '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False
    )
    return formatter.format(record)


@pytest.mark.parametrize(
    "path",
    [
        f"/assets/mine/{TOKEN}",
        f"/assets/mine/{TOKEN}/photos/3",
        f"/api/assets/mine/{TOKEN}",
        f"/login?next=%2Fassets%2Fmine%2F{TOKEN}",
        f"/anything?token={TOKEN}&email=a%40b.dk",
    ],
)
def test_access_line_hides_ip_and_token(path: str) -> None:
    record = _access_record(f"{IP}:51234", path)
    assert PrivacyFilter(secret="s3cret").filter(record)
    line = _access_line(record)
    assert IP not in line and "203.0.113" not in line and "51234" not in line
    assert TOKEN not in line and "a%40b.dk" not in line
    assert "client-" in line and "[redacted]" in line and "GET" in line and "200" in line


def test_client_label_is_keyed_and_stable() -> None:
    one, again = client_label(f"{IP}:1", "key-a"), client_label(f"{IP}:2", "key-a")
    assert one == again  # the same client is followed across requests and ports
    assert one != client_label(f"{IP}:1", "key-b")  # the label depends on the key
    assert one != client_label("203.0.113.58:1", "key-a")
    import hashlib

    assert one.removeprefix("client-") not in hashlib.sha256(IP.encode()).hexdigest()


def test_without_a_key_only_the_network_is_kept() -> None:
    assert client_label(f"{IP}:443", None) == "203.0.0.0/16"
    assert client_label("[2001:db8:abcd:12::7]:443", None) == "2001:db8:abcd::/48"
    record = _access_record("[2001:db8:abcd:12::7]:443", "/")
    PrivacyFilter().filter(record)
    assert "2001:db8:abcd:12::7" not in _access_line(record)


def test_other_records_lose_tokens_emails_and_ips() -> None:
    try:
        raise ValueError(f"no submission for /assets/mine/{TOKEN} from {IP}")
    except ValueError:
        record = logging.LogRecord(
            "app.routes.assets", logging.ERROR, __file__, 1, "%s failed for %s (%s)",
            (f"/api/assets/mine/{TOKEN}", "koord@aalborg.dk", IP), None,
        )  # fmt: skip
        import sys

        record.exc_info = sys.exc_info()
    PrivacyFilter(secret="k").filter(record)
    text = DefaultFormatter("%(levelprefix)s %(message)s", use_colors=False).format(record)
    assert "failed for" in text and "ValueError" in text
    for secret in (TOKEN, "koord@aalborg.dk", IP):
        assert secret not in text


def test_startup_line_keeps_the_bind_address() -> None:
    record = logging.LogRecord(
        "uvicorn.error", logging.INFO, __file__, 1, "Uvicorn running on %s://%s:%d",
        ("http", "127.0.0.1", 8000), None,
    )  # fmt: skip
    PrivacyFilter(secret="k").filter(record)
    assert record.getMessage() == "Uvicorn running on http://127.0.0.1:8000"


# --- a real request through uvicorn with the configuration serve uses --------------------------


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """dictConfig changes process-wide loggers: put them back for the tests that follow."""
    names = ["", "uvicorn", "uvicorn.error", "uvicorn.access"]
    saved = {
        n: (list(logging.getLogger(n).handlers), list(logging.getLogger(n).filters),
            logging.getLogger(n).level, logging.getLogger(n).propagate)
        for n in names
    }  # fmt: skip
    yield
    for name, (handlers, filters, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:], logger.filters[:] = handlers, filters
        logger.setLevel(level)
        logger.propagate = propagate


def test_real_access_log_through_uvicorn(
    db_url: str, tmp_path: Path, restored_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="log-test-secret")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, database_url=db_url), host="127.0.0.1", port=port,
        log_config=log_config(settings.resolved_secret_key()),
    )  # fmt: skip
    access = logging.getLogger("uvicorn.access")
    # uvicorn's access logger does not propagate. First in line, so the filter on the logger
    # itself is what protects this handler (any handler added later, e.g. syslog, is covered).
    access.handlers.insert(0, caplog.handler)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        for path in (f"/assets/mine/{TOKEN}", f"/login?next=%2Fassets%2Fmine%2F{TOKEN}"):
            _get(f"http://127.0.0.1:{port}{path}")
        deadline = time.monotonic() + 10
        while len(_lines(caplog)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        access.removeHandler(caplog.handler)
    lines = _lines(caplog)
    assert len(lines) == 2, lines
    assert all("client-" in line and "[redacted]" in line for line in lines)
    assert not any("127.0.0.1" in line or TOKEN in line for line in lines)


def test_app_loggers_go_through_the_filter(
    restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's own loggers reach the root handler of the serve configuration, filtered."""
    logging.config.dictConfig(log_config("k"))
    logging.getLogger("app.routes.assets").warning(
        "purge of /assets/mine/%s for %s from %s", TOKEN, "koord@aalborg.dk", IP
    )
    err = capsys.readouterr().err
    assert "purge of /assets/mine/[redacted]" in err
    assert TOKEN not in err and "koord@aalborg.dk" not in err and IP not in err


def _get(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Access lines as caplog wrote them when they were logged (records change afterwards)."""
    return [line for line in caplog.text.splitlines() if "uvicorn.access" in line]


def test_serve_passes_the_privacy_log_config(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kvarterkort serve` hands uvicorn the configuration with the filter and the app's key."""
    from app.cli import demo as serve_module
    from app.settings import get_settings

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("KVARTERKORT_DATABASE_URL", db_url)
    monkeypatch.setenv("KVARTERKORT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KVARTERKORT_SECRET_KEY", "serve-secret")
    get_settings.cache_clear()
    try:
        serve_module._serve(db_url, "127.0.0.1", 8123)
    finally:
        get_settings.cache_clear()
    privacy = seen["log_config"]["filters"]["privacy"]
    assert privacy["()"] == "app.logs.PrivacyFilter" and privacy["secret"] == "serve-secret"
    assert "privacy" in seen["log_config"]["handlers"]["access"]["filters"]
    assert seen["server_header"] is False  # no "server: uvicorn" in answers
    assert seen["proxy_headers"] is False  # proxy trust is the app's, not uvicorn's loopback
    assert seen["timeout_worker_healthcheck"] >= 60  # slow imports are no death loop
