"""The ranking API: profiles (built-in and saved) and runs as JSON, GeoJSON or CSV.

Reading and running is open, like the maps; saving and deleting a profile needs a planner or an
admin (and, with a cookie session, the CSRF header). Every run goes through
:func:`usecases.ranking.run_ranking`, so small numbers are blanked in every format.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.auth import optional_user, require_role
from app.deps import DB_SESSION
from app.i18n import language, translator
from app.openapi import JSON_OR_TABLES
from app.params import AREA_KIND_ENUM, SEED_MAX, NulFree, Page, paged_array, paging
from app.routes.ranking_output import respond
from app.routes.ranking_params import RankingQuery, Uncertainty
from app.security import csrf_protect
from geodata.errors import NotFoundError
from geodata.models_assets import User
from geodata.queries.ranking import delete_profile, save_profile, saved_profile
from indicators import builtin_profiles, dump_profile, parse_profile
from usecases.ranking_db import MAX_DRAWS, RunParams, profile_choices, run_from_db
from usecases.ranking_profiles import (
    DEFAULT_PROFILE,
    Overrides,
    author_of,
    check_key,
    load_profile_text,
    resolve_profile,
)

router = APIRouter(prefix="/api/ranking", tags=["ranking"])
RUN_PAGE = paging(1000, 5000)  # areas of a run (2,148 sogne nationally: three pages at most)
planner = require_role("planner", "admin")
MAX_PROFILE_CHARS = 100_000


class SaveRequest(BaseModel):
    """A profile as YAML/JSON text (kept as written) or as a JSON object."""

    model_config = ConfigDict(extra="forbid")
    yaml: str | None = Field(default=None, max_length=MAX_PROFILE_CHARS)
    profile: dict[str, Any] | None = None


class RunRequest(BaseModel):
    """A run: a profile key (or an inline profile), where, when, overrides and draws."""

    model_config = ConfigDict(extra="forbid")
    profile: Annotated[str, Field(max_length=60), NulFree] | dict[str, Any] = DEFAULT_PROFILE
    area_kind: str = Field(default="sogn", max_length=40, json_schema_extra=AREA_KIND_ENUM)
    period: Annotated[str | None, Field(max_length=20), NulFree] = None
    overrides: Overrides = Field(default_factory=Overrides)
    draws: int = Field(default=0, ge=0, le=MAX_DRAWS)
    seed: int | None = Field(default=None, ge=0, le=SEED_MAX)
    uncertainty: Uncertainty = "weights+sampling"


def _profile_summary(item: dict[str, Any], user: User | None) -> dict[str, Any]:
    profile, stored = item["profile"], item.get("stored")
    return {
        "key": item["key"],
        "source": item["source"],
        "name": profile.name if profile else None,
        "valid": profile is not None,
        "available": item["available"],
        "missing": item["missing"],
        "description_da": profile.description_da if profile else None,
        "description_en": profile.description_en if profile else None,
        "indicators": profile.columns if profile else [],
        "rule_sets": profile.rule_sets if profile else [],
        "created_by": author_of(stored, user),
        "updated_at": stored.updated_at.isoformat() if stored else None,
    }


@router.get("/profiles")
def list_profiles(
    request: Request, page: Page = paging(100, 1000), session: Session = DB_SESSION,
    user: User | None = Depends(optional_user),
) -> list[dict[str, Any]]:  # fmt: skip
    """Built-in profiles, then the saved ones, with their indicators and rule sets
    (``created_by`` only for logged-in staff). ``available: false`` marks a profile whose
    indicators are not loaded (``missing`` lists them): it still ranks an uploaded table.
    A bare array, paged after the choices are assembled (the built-ins are files); the next and
    previous pages in the `Link` header."""
    items, total = page.slice(profile_choices(session, include_unavailable=True))
    more = page.offset + len(items) < total
    return paged_array(request, page, [_profile_summary(item, user) for item in items], more)


@router.get("/profiles/{key}")
def get_profile(
    key: str, session: Session = DB_SESSION, user: User | None = Depends(optional_user)
) -> dict[str, Any]:
    """One profile: its validated content and its YAML text (author only for staff)."""
    profile = resolve_profile(session, key)
    stored = saved_profile(session, key) if key not in builtin_profiles() else None
    return {
        "key": key,
        "source": "saved" if stored else "builtin",
        "profile": profile.model_dump(mode="json"),
        "yaml": stored.yaml if stored else dump_profile(profile),
        "created_by": author_of(stored, user),
    }


@router.put("/profiles/{key}", dependencies=[Depends(csrf_protect)])
def put_profile(
    request: Request,
    key: str,
    body: SaveRequest,
    session: Session = DB_SESSION,
    user: User = Depends(planner),
) -> JSONResponse:
    """Save (create or replace) a profile after validating it; 201 when it is new."""
    check_key(key)
    if key in builtin_profiles():
        raise HTTPException(409, _say(request, "ranking.err.builtin_save", key))
    if (body.yaml is None) == (body.profile is None):
        raise HTTPException(422, _say(request, "ranking.err.yaml_or_profile", key))
    if body.yaml is not None:
        load_profile_text(body.yaml)
        text = body.yaml
    else:
        text = dump_profile(parse_profile(body.profile or {}))
    stored, created = save_profile(session, key, text, user.email)
    body_out = {"key": key, "source": "saved", "created_by": stored.created_by, "yaml": text}
    return JSONResponse(body_out, status_code=201 if created else 200)


@router.delete("/profiles/{key}", status_code=204, dependencies=[Depends(csrf_protect)])
def remove_profile(
    request: Request, key: str, session: Session = DB_SESSION, user: User = Depends(planner)
) -> Response:
    check_key(key)
    if key in builtin_profiles():
        raise HTTPException(409, _say(request, "ranking.err.builtin_delete", key))
    if not delete_profile(session, key):
        raise NotFoundError(
            f"no saved profile '{key}'", key="ranking.err.no_saved", profile=key[:60]
        )
    return Response(status_code=204)


def _say(request: Request, message: str, key: str) -> str:
    """A refusal in the caller's language (these are HTTP errors, not domain errors)."""
    lang = language(request, request.app.state.settings.default_language)
    return translator(lang)(message, profile=key[:60])


Format = Annotated[str | None, Query(pattern="^(json|geojson|csv|csv-da|xlsx)$")]


@router.post("/run", responses=JSON_OR_TABLES)
def run_post(
    request: Request, body: RunRequest, format: Format = None, page: Page = RUN_PAGE,
    session: Session = DB_SESSION,
) -> Response:  # fmt: skip
    """Run a profile (key or inline object) with overrides; JSON, GeoJSON or CSV by
    ``?format=`` or the Accept header. The run is computed whole; JSON pages its `areas` and
    GeoJSON its features (`limit`, `offset`, `next`); CSV and Excel hold every area."""
    inline = parse_profile(body.profile) if isinstance(body.profile, dict) else None
    key = body.profile if isinstance(body.profile, str) else "inline"
    params = RunParams(
        key, body.area_kind, body.period, body.draws, body.seed, body.overrides, body.uncertainty
    )
    run, table = run_from_db(session, params, inline, answers=cached_answer)
    return respond(request, session, run, table, params, format, page)


@router.get("/run", responses=JSON_OR_TABLES)
def run_get(
    request: Request,
    query: Annotated[RankingQuery, Query()],
    format: Format = None,
    page: Page = RUN_PAGE,
    session: Session = DB_SESSION,
) -> Response:
    """The same run as ``POST /run`` for links and downloads, from the same question as the
    pages (:class:`RankingQuery`): ``weight=col:2`` repeatable; no ``draws``, no interval.
    Paged like ``POST /run``: `areas` (JSON) or features (GeoJSON), `next` links."""
    params = query.run_params()
    run, table = run_from_db(session, params, answers=cached_answer)
    return respond(request, session, run, table, params, format, page)
