"""Landing page and health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from app.deps import get_session
from app.web import render
from geodata.db import database_status
from geodata.queries.layers import list_layers

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    layers = list_layers(session)
    synthetic = any(layer.synthetic for layer in layers)
    return render(request, "index.html", layers=layers, synthetic=synthetic)


@router.get("/healthz", tags=["meta"])
def healthz(request: Request) -> JSONResponse:
    """Database reachability, PostGIS version and migration revision; 503 when unreachable."""
    status = database_status(request.app.state.database_url)
    ok = bool(status.get("reachable")) and status.get("revision") is not None
    body = {"status": "ok" if ok else "unavailable", "database": status}
    return JSONResponse(body, status_code=200 if ok else 503)
