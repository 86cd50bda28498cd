"""Ranking and venue answers computed once per question and data version, not once per view.

A planner's page and its map frame ask the same question within a second; so do twenty users
opening the same shared link. Each answer (a ranking run, a venue finder result, a rendered
map) is kept in a small in-process LRU cache with a time limit, keyed by the normalised
question and :func:`geodata.queries.data_version.data_version`, so a data load, a profile save
or a moderated asset makes the next request compute afresh. Concurrent requests for the same
key wait for the one computing it instead of computing it again.

Cached values are shared between requests: callers must treat them as read-only (the ranking
and venue views copy before they add columns).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from geodata.queries.data_version import ANSWER_TABLES, data_version

T = TypeVar("T")


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class AnswerCache:
    """A thread-safe LRU with a TTL and one computation per key at a time."""

    def __init__(
        self, size: int = 64, ttl_s: float = 600.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.size, self.ttl_s, self.clock = size, ttl_s, clock
        self.stats = CacheStats()
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._flights: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def configure(self, size: int, ttl_s: float) -> None:
        with self._lock:
            self.size, self.ttl_s = size, ttl_s
            self._entries.clear()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key`, or `compute()` stored under it (errors are not cached)."""
        if self.size <= 0:
            return compute()
        with self._lock:
            found, value = self._lookup(key)
            if found:
                return value  # type: ignore[no-any-return]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                found, value = self._lookup(key, count=False)
            if found:
                return value  # type: ignore[no-any-return]
            try:
                value = compute()
                with self._lock:
                    self._store(key, value)
            finally:
                with self._lock:  # a waiter that recomputed after a failure owns a new flight
                    if self._flights.get(key) is flight:
                        del self._flights[key]
        return value  # type: ignore[no-any-return]

    def _lookup(self, key: Hashable, count: bool = True) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is not None and self.clock() - entry[0] <= self.ttl_s:
            self._entries.move_to_end(key)
            self.stats.hits += 1
            return True, entry[1]
        if entry is not None:
            del self._entries[key]
        if count:
            self.stats.misses += 1
        return False, None

    def _store(self, key: Hashable, value: Any) -> None:
        self._entries[key] = (self.clock(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


ANSWERS = AnswerCache()  # one per process; the app sizes it from its settings


def cached_answer(
    session: Session,
    kind: str,
    question: Hashable,
    compute: Callable[[], T],
    tables: tuple[str, ...] = ANSWER_TABLES,
) -> T:
    """`compute()` once per (database, kind, question, data version) in this process."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    key = (url, kind, question, data_version(session, tables))
    return ANSWERS.get_or_compute(key, compute)
