"""The published statutory lists: a JSON API with downloads, and the area page's section.

Each entry is shown with the figures printed on the list, the boligområde it was linked to (and
how), and the check against the rule set of its year (indicators/statutory.py), so a planner sees
at once when a list and its own criteria disagree, or when a leaving area was printed with the
year before's figures. Reading is open, like the ranking pages: the lists are public documents.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.downloads import table_response
from app.errors import HTTPError
from app.format import number
from app.i18n import language, translator
from app.openapi import XLSX
from app.params import OptText, Page, list_fields, paging
from geodata.queries.statutory import area_entries, list_entries
from indicators import load_rule_set
from indicators.rules import ListKind
from indicators.statutory import VALUE_COLUMNS, check_lists

router = APIRouter(tags=["statutory"])
DEFAULT_LIMIT, MAX_LIMIT, MAX_DOWNLOAD = 100, 500, 50_000
Format = Literal["json", "csv", "csv-da", "xlsx"]
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
DOWNLOAD_COLUMNS = (
    "list_kind", "list_year", "area_name", "municipality", "on_list", "new", "values_repeated",
    *VALUE_COLUMNS, "area_code", "linked_name", "match", "rule_set", "rule_status", "agrees",
)  # fmt: skip


def checked(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The entries with the rule check of their year (rule_set, rule_status, agrees)."""
    frame = pd.DataFrame(rows, columns=[*rows[0]] if rows else ["list_kind", "list_year"])
    if frame.empty:
        return frame.assign(rule_set=None, rule_status=None, agrees=None)
    check = check_lists(frame).rename(columns={"status": "rule_status"})
    return frame.join(check)


def _plain(value: Any) -> Any:
    """JSON-safe: pandas' missing values as null, numpy scalars as Python ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def entry_json(row: dict[str, Any]) -> dict[str, Any]:
    area = None
    if row.get("area_code") is not None and _plain(row.get("linked_name")) is not None:
        area = {"kind": "boligområde", "code": row["area_code"], "name": row["linked_name"],
                "match": row["match"]}  # fmt: skip
    return {
        **{k: _plain(row.get(k)) for k in ("list_kind", "list_year", "area_name", "municipality",
                                           "on_list", "new", "values_repeated")},
        "values": {c: _plain(row.get(c)) for c in VALUE_COLUMNS},
        "area": area,
        "check": {"rule_set": _plain(row.get("rule_set")), "status": _plain(row.get("rule_status")),
                  "agrees": _plain(row.get("agrees"))},
        "source": {"credit": row.get("credit"), "licence": row.get("licence")},
    }  # fmt: skip


@router.get("/api/statutory-lists", responses=RESPONSES)
def statutory_lists(
    request: Request,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="List year.")] = None,
    list_kind: ListKind | None = None,
    area_code: OptText = None,
    municipality: OptText = None,
    page: Page = paging(DEFAULT_LIMIT, MAX_LIMIT),
    format: Format = "json",
    session: Session = DB_SESSION,
) -> Response:
    """Published list entries with their printed figures, linked area and the check against the
    rule set of their year. JSON is paged (``limit``, ``offset``, ``next``); ``format=csv``,
    ``csv-da`` or ``xlsx`` downloads every matching entry."""
    lang = language(request, request.app.state.settings.default_language)
    filters = (year, list_kind, area_code, municipality)
    if format != "json":
        total, rows = list_entries(session, *filters, MAX_DOWNLOAD, 0)
        if total > MAX_DOWNLOAD:  # never a silently cut file: narrow the filters instead
            raise HTTPError(400, "statutory.err.download", total=total, limit=MAX_DOWNLOAD)
        frame = checked(rows).reindex(columns=list(DOWNLOAD_COLUMNS))
        return table_response(frame, format, "offentliggjorte-lister", lang, sheet="lister")
    total, rows = list_entries(session, *filters, page.limit, page.offset)
    frame = checked(rows)
    body = {
        **list_fields(request, page, len(rows), total),
        "entries": [entry_json(r) for r in frame.to_dict("records")],
    }
    return JSONResponse(body, headers=page.headers())


# --- the area page ------------------------------------------------------------------------------


def area_lists(session: Session, kind: str, code: str, lang: str) -> list[dict[str, Any]]:
    """The area's published entries by year, worded for the area page."""
    t = translator(lang)
    rows = checked(area_entries(session, kind, code))
    out = []
    for r in rows.to_dict("records"):
        state = "left" if not r["on_list"] else ("new" if _plain(r.get("new")) else "on")
        out.append(
            {
                "year": r["list_year"],
                "list": t(f"statutory.kind.{r['list_kind']}"),
                "state": t(f"statutory.state.{state}"),
                "listed_as": t(
                    "statutory.listed_as",
                    name=r["area_name"],
                    municipality=r["municipality"] or "–",
                ),
                "values": _values(r, lang, t),
                "check": _check_text(r, lang, t),
                "disagrees": _plain(r.get("agrees")) is False,
                "credit": r.get("credit") or r.get("source"),
            }
        )
    return out


def _values(row: dict[str, Any], lang: str, t: Any) -> str:
    parts = []
    for column in VALUE_COLUMNS:
        value = _plain(row.get(column))
        if value is None:
            continue
        if column == "residents":
            shown = number(float(value), lang, 0)
        elif column == "convictions_ratio":
            shown = number(float(value), lang, 2)
        else:
            shown = f"{number(float(value), lang, 2 if column == 'convicted_pct' else 1)} %"
        parts.append(f"{t(f'statutory.value.{column}')} {shown}")
    return ", ".join(parts)


def _check_text(row: dict[str, Any], lang: str, t: Any) -> str:
    if row.get("values_repeated"):
        return t("statutory.check.repeated")
    rule_set = _plain(row.get("rule_set"))
    if rule_set is None:
        return t("statutory.check.no_rule_set")
    status = _plain(row.get("rule_status"))
    if status is None:
        return t("statutory.check.unknown")
    loaded = load_rule_set(rule_set)
    title = loaded.title_da if lang == "da" else loaded.title_en
    return t(f"statutory.check.{'met' if status else 'not_met'}", rule_set=title)
