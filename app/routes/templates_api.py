"""`GET /api/templates/{kind}.{ext}`: an import template (assets, venues, associations,
indicators) as .xlsx with a guide sheet, or as CSV (Danish CSV for Danish users).

Public: a template holds column names, one made-up example and the allowed values, no data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from app.downloads import disposition
from app.i18n import language, translator
from app.table_templates import KINDS, template_bytes
from geodata.tabular import TABLE_FORMATS

router = APIRouter(tags=["templates"])
NAME = rf"^({'|'.join(KINDS)})\.(xlsx|csv)$"
TemplateName = Annotated[
    str,
    Path(
        pattern=NAME,
        max_length=40,
        description="`<kind>.<ext>`: kind one of " + ", ".join(KINDS) + "; ext xlsx or csv",
    ),
]
MEDIA = {
    TABLE_FORMATS[f][0]: {"schema": {"type": "string", "format": "binary"}} for f in TABLE_FORMATS
}


@router.get("/api/templates/{name}", responses={200: {"content": MEDIA}})
def template(name: TemplateName, request: Request) -> Response:
    """An empty import file with one example row; .xlsx adds a "Vejledning" (guide) sheet.
    CSV comes as Danish CSV (semicolons, BOM) in Danish and as plain CSV in English."""
    kind, ext = name.split(".")
    lang = language(request, request.app.state.settings.default_language)
    fmt = "xlsx" if ext == "xlsx" else ("csv-da" if lang == "da" else "csv")
    body = template_bytes(kind, fmt, translator(lang), lang)
    stem = f"kvarterkort-{kind}-{'skabelon' if lang == 'da' else 'template'}"
    headers = {"Content-Disposition": disposition(f"{stem}.{ext}")}
    return Response(body, media_type=TABLE_FORMATS[fmt][0], headers=headers)
