"""Landing page and health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.errors import RETRY_AFTER_SECONDS
from app.web import render
from geodata.db import database_status
from geodata.queries.layers import list_layers

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    layers = list_layers(session)
    synthetic = any(layer.synthetic for layer in layers)
    return render(request, "index.html", layers=layers, synthetic=synthetic)


@router.get("/healthz", tags=["meta"])
def healthz(request: Request) -> JSONResponse:
    """Healthy or not, with versions and migration revision; never the host, port or driver text.

    503 with Retry-After when the database is unreachable or not migrated, so a load balancer
    or an orchestrator can tell "wait" from "ok" without learning where the database lives.
    """
    status = database_status(request.app.state.database_url)
    if status.get("reachable") and status.get("revision") is not None:
        return JSONResponse({"status": "ok", "database": status})
    body = {"status": "unavailable", "database": {"reachable": bool(status.get("reachable"))}}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(body, status_code=503, headers=headers)
