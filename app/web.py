"""Server-rendered pages: Jinja2 templates with the language and translator in every context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.i18n import COOKIE, language, translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
NAV = [
    ("nav.home", "/"),
    ("nav.overview", "/maps/overview"),
    ("nav.ranking", "/ranking"),
    ("nav.assets", "/assets"),
    ("nav.venues", "/venues"),
    ("nav.api", "/docs"),
]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render with `lang`, `t` and the navigation; remember an explicit ?lang= in a cookie."""
    lang = language(request, request.app.state.settings.default_language)
    nav = [(key, href) for key, href in NAV if href in request.app.state.page_paths]
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {"lang": lang, "t": translator(lang), "nav": nav, **context},
        status_code=status_code,
    )
    if request.query_params.get("lang") == lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response
