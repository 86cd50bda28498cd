"""`GET /api/statbank/imports`: which figures came from Statistics Denmark, and how.

Public, like `/api/layers`: the provenance of real figures is what lets a reader trust them. Each
import shows its table, indicator, layer and credit, the table's revision time, when it was
fetched and imported, how many values it wrote and what exactly was asked (the API request or
the saved file's name and checksum). Newest first, paged with limit/offset and a `next` link.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.params import Page, list_fields, paging
from geodata.queries.statbank import list_imports

router = APIRouter(prefix="/api", tags=["sources"])


def request_summary(request: dict[str, Any]) -> str:
    """One line for the request: "POST https://.../data" or "file NAME (sha256 …)"."""
    if "file" in request:
        return f"file {request['file']} (sha256 {request.get('sha256', '')})"
    return f"{request.get('method', '')} {request.get('url', '')}".strip()


def _item(row: dict[str, Any]) -> dict[str, Any]:
    moments = ("table_updated", "imported_at", "fetched_at")
    return {
        "table": row["table_id"], "indicator": row["indicator_code"], "layer": row["layer"],
        "credit": row["credit"], "values_count": row["values_count"],
        **{k: row[k].isoformat() if row[k] else None for k in moments},
        "revision_accepted": row["revision_accepted"],
        "request": request_summary(row["request"]), "request_body": row["request"].get("body"),
        "selection": row["selection"],
    }  # fmt: skip


@router.get("/statbank/imports")
def statbank_imports(
    request: Request, page: Page = paging(50, 200), session: Session = DB_SESSION
) -> dict[str, Any]:
    """Statistics Denmark imports, newest first: table, indicator, layer, credit, the table's
    `updated` time, when imported, how many values, and the exact request."""
    rows, more = page.cut(list_imports(session, page.probe, page.offset))
    return {
        "items": [_item(row) for row in rows],
        **list_fields(request, page, len(rows), more=more),
    }
