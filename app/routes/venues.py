"""The coordinator's venue finder: page, map, report, downloads and the JSON API.

`app.main.ROUTE_MODULES` lists "venues"; the feature is split over venues_*.py modules by job
(request parsing, wording, pages, API), and this module only gathers their routes. The pages are
public to read: they show public venue data and demand aggregated to grid cells.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.routes import venues_api, venues_pages

router = APIRouter()
for _module in (venues_pages, venues_api):
    router.include_router(_module.router)
