"""Server-rendered pages: Jinja2 templates with the language and translator in every context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from app import format as fmt
from app.i18n import COOKIE, language, translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
NAV = [
    ("nav.home", "/"),
    ("nav.overview", "/maps/overview"),
    ("nav.ranking", "/ranking"),
    ("nav.assets", "/assets"),
    ("nav.venues", "/venues"),
    ("nav.activities", "/activities"),
    ("nav.api", "/docs"),
]


def _context_lang(context: Context) -> str:
    return str(context.get("lang") or "da")


@pass_context
def _num(context: Context, value: object, decimals: int | None = None) -> str:
    return fmt.number(value, _context_lang(context), decimals)


@pass_context
def _pct(context: Context, share: object, decimals: int = 0) -> str:
    return fmt.percent(share, _context_lang(context), decimals)


@pass_context
def _date_long(context: Context, value: object) -> str:
    return fmt.date(value, _context_lang(context))


@pass_context
def _datetime_short(context: Context, value: object) -> str:
    return fmt.datetime_short(value, _context_lang(context))


@pass_context
def _label(context: Context, value: object, prefix: str) -> str:
    """A stored code (an event kind, a field name, a status) as a word when the catalogue has
    one under `prefix`, else the code itself: history rows outlive the vocabulary of any one
    release, so an old code must still show rather than fail."""
    key = f"{prefix}{value}"
    text = translator(_context_lang(context))(key)
    return str(value) if text == key else text


# `{{ x|num }}`, `{{ x|num(1) }}`, `{{ share|pct }}`, `{{ day|date_long }}`: the page's language
# comes from the template context (`lang`, set by `render`), so a template never passes it.
TEMPLATES.env.filters.update(
    num=_num, pct=_pct, date_long=_date_long, datetime_short=_datetime_short, label=_label
)


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
