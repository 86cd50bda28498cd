"""Logging without personal data: the uvicorn log configuration `kvarterkort serve` uses.

An access log is kept for weeks and read by people who must not learn who used the service or
open a resident's private link. So every record passes :class:`PrivacyFilter` before it is
written:

- the client address becomes ``client-<12 hex>``, an HMAC of the IP keyed with a key derived
  from the app's secret (the same client gives the same label, so abuse can still be followed,
  but the IP cannot be recovered without the key, nor matched with the hashes stored for rate
  limits and reports); without a key the address is cut to its network (IPv4 /16,
  IPv6 /48) and the port dropped;
- private tokens in paths (``/assets/mine/<token>`` and ``/api/assets/mine/<token>``, also
  percent-encoded inside ``?next=``) and the values of sensitive query parameters are replaced
  by ``[redacted]``;
- e-mail addresses in any message are replaced, and IP addresses in the other loggers' messages
  too (a traceback may quote a request).

`LOG_CONFIG` is uvicorn's own configuration with the filter added; :func:`log_config` adds the
key.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import ipaddress
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REDACTED = "[redacted]"
TOKEN_PATH = re.compile(r"(mine(?:/|%2[fF]))[A-Za-z0-9_\-]+")
SENSITIVE_QUERY = re.compile(
    r"((?:^|[?&;]|%3[fF]|%26)(?:token|csrf_token|password|passwd|secret|email|code|key_hash)"
    r"(?:=|%3[dD]))[^&;#\s]*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# Bind and loopback addresses say nothing about a resident ("Uvicorn running on ...").
NOT_CLIENTS = {"0.0.0.0", "127.0.0.1", "::", "::1"}  # noqa: S104 (not a bind)


def redact_url(text: str) -> str:
    """A path with query string, without private tokens or sensitive parameter values."""
    text = TOKEN_PATH.sub(rf"\g<1>{REDACTED}", text)
    return SENSITIVE_QUERY.sub(rf"\g<1>{REDACTED}", text)


def client_label(address: str, secret: str | None) -> str:
    """`host:port` or `host` as a keyed hash (with a secret) or its network (without)."""
    host = _host_of(address)
    if not host:
        return "-"
    if secret:
        # A key of its own, so log labels cannot be joined with the stored report/rate hashes.
        key = hmac.new(secret.encode(), b"kvarterkort-access-log", hashlib.sha256).digest()
        return f"client-{hmac.new(key, host.encode(), hashlib.sha256).hexdigest()[:12]}"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return "client-?"
    prefix = 16 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _host_of(address: str) -> str:
    """The host of uvicorn's `host:port` (IPv6 hosts contain colons; the port is the last part)."""
    address = address.strip()
    if address.startswith("["):
        return address[1:].partition("]")[0]
    if address.count(":") == 1:
        return address.partition(":")[0]
    if address.count(":") > 1:
        host, _, port = address.rpartition(":")
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return address  # a bare IPv6 address without a port
        return host if port.isdigit() else address
    return address


class PrivacyFilter(logging.Filter):
    """Rewrites a record in place so no handler sees client IPs, tokens or e-mail addresses.

    Uvicorn's access records carry ``(client_addr, method, path, http_version, status)`` as
    args, which its AccessFormatter reads one by one; those are replaced field by field. Every
    other record is rendered and redacted as a whole.
    """

    def __init__(self, name: str = "", secret: str | None = None) -> None:
        super().__init__(name)
        self.secret = secret or None

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "kk_private", False):
            return True
        record.kk_private = True
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            record.args = (
                client_label(str(client), self.secret),
                method,
                EMAIL.sub(REDACTED, redact_url(str(path))),
                version,
                status,
            )
            return True
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text: a traceback's exception message may quote a request.
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return True

    def redact(self, text: str) -> str:
        """Free text without tokens, sensitive query values, e-mail or client IP addresses."""
        text = EMAIL.sub(REDACTED, redact_url(text))
        text = IPV4.sub(self._ip, text)
        return IPV6.sub(self._ip, text)

    def _ip(self, match: re.Match[str]) -> str:
        text = match.group(0)
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return text  # a time like 12:30:45 or some other colon text
        return text if text in NOT_CLIENTS else client_label(text, self.secret)


def log_config(secret: str | None = None) -> dict[str, Any]:
    """Uvicorn's logging configuration with :class:`PrivacyFilter` on every handler and on the
    access logger; the app's own loggers reach it through the root logger."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"privacy": {"()": "app.logs.PrivacyFilter", "secret": secret}}
    for handler in config["handlers"].values():
        handler["filters"] = ["privacy"]
    config["loggers"]["uvicorn.access"]["filters"] = ["privacy"]
    config["root"] = {"handlers": ["default"], "level": "INFO"}
    return config


LOG_CONFIG = log_config()
