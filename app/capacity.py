"""Per-process capacity: the database pool sized to the worker count, a thread per connection,
a bounded queue in front of them, and the answer cache.

``kvarterkort serve`` runs ``Settings.workers`` processes; each builds the app and so calls
:func:`install`. A process gets its share of ``db_pool_total`` connections, with a short wait
(an exhausted pool answers 503 + Retry-After at once; see ``app.errors``). Handlers run in a
thread pool that is no larger than the connection pool, so requests that arrive together wait
for a thread (in order) instead of each taking a thread and then timing out on the pool; uvicorn
hands connections to workers unevenly, so one worker often gets most of a burst. Beyond
``request_queue`` waiting requests a process is saturated and answers 503 + Retry-After at once.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.answer_cache import ANSWERS
from app.settings import Settings
from geodata.db import PoolOptions, configure_pool


class Saturated(Exception):
    """More requests in this process than threads and queue allow."""


# Never refused for saturation: static files need no database, and a busy but working worker
# must still answer its health check (a checker would otherwise restart it).
UNCOUNTED = ("/static/", "/healthz")


class Admission:
    """ASGI middleware: size the loop's thread pool, count requests, refuse beyond the queue."""

    def __init__(self, app: ASGIApp, threads: int, queue: int) -> None:
        self.app, self.threads, self.limit = app, threads, threads + queue
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNCOUNTED):
            await self.app(scope, receive, send)
            return
        limiter = anyio.to_thread.current_default_thread_limiter()  # one per event loop
        if limiter.total_tokens != self.threads:
            limiter.total_tokens = self.threads
        if self.active >= self.limit:
            from app.errors import unavailable

            await unavailable(Request(scope), Saturated())(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1


def install(app: FastAPI, settings: Settings) -> None:
    size, overflow = settings.pool_limits()
    configure_pool(app.state.database_url, PoolOptions(size, overflow, settings.db_pool_timeout_s))
    app.add_middleware(Admission, threads=size + overflow, queue=settings.request_queue)
    ANSWERS.configure(settings.answer_cache_size, settings.answer_cache_ttl_s)
