"""The accessibility statement (tilgængelighedserklæring), linked from every page's footer.

Danish public bodies must publish one (webtilgængelighedsloven § 4) in the structure of
Digitaliseringsstyrelsen's WAS-Tool; the contact comes from the settings, so each municipality
running Kvarterkort states its own.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.format import date as long_date
from app.i18n import language
from app.web import render

router = APIRouter()
# The day the statement's assessment was last made (the axe-core run over every page and map).
STATEMENT_DATE = dt.date(2026, 12, 7)


@router.get("/tilgaengelighed", response_class=HTMLResponse, include_in_schema=False)
def accessibility_statement(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    return render(
        request,
        "about/accessibility.html",
        statement_date=long_date(STATEMENT_DATE, lang),
        organisation=settings.a11y_organisation,
        email=settings.a11y_contact_email,
        phone=settings.a11y_contact_phone,
        site=f"{request.url.scheme}://{request.url.netloc}",
    )
