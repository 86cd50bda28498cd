"""Per-process capacity: the database pool sized to the worker count, and the answer cache.

``kvarterkort serve`` runs ``Settings.workers`` processes; each builds the app and so calls
:func:`install`, which gives the process its share of ``db_pool_total`` connections with a
short wait (a saturated pool answers 503 + Retry-After at once; see ``app.errors``) and sizes
the process's answer cache.
"""

from __future__ import annotations

from fastapi import FastAPI

from app.answer_cache import ANSWERS
from app.settings import Settings
from geodata.db import PoolOptions, configure_pool


def install(app: FastAPI, settings: Settings) -> None:
    size, overflow = settings.pool_limits()
    configure_pool(app.state.database_url, PoolOptions(size, overflow, settings.db_pool_timeout_s))
    ANSWERS.configure(settings.answer_cache_size, settings.answer_cache_ttl_s)
