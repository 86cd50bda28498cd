"""No text with a NUL character ever reaches PostgreSQL: refused as a GeodataError (422).

PostgreSQL text cannot hold U+0000; psycopg raises DataError when a bound value has one, and
that became a 500 from any route that passes user text to SQL (a search, a report reason, a
profile key, a JSON field). Every parameter model also refuses NUL where it can, but this
listener makes it a property of the database layer: every statement's bound string values are
checked before they are sent, whatever route, CLI command or future query sent them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from geodata.errors import GeodataError


def _names_with_nul(params: Any) -> list[str]:
    """Names (or positions) of the string values holding NUL, in one or many parameter sets."""
    if isinstance(params, Mapping):
        return [str(k) for k, v in params.items() if isinstance(v, str) and "\x00" in v]
    if isinstance(params, list | tuple):
        found: list[str] = []
        for i, item in enumerate(params):
            if isinstance(item, Mapping | list | tuple):
                found += _names_with_nul(item)
            elif isinstance(item, str) and "\x00" in item:
                found.append(str(i))
        return found
    return []


@event.listens_for(Engine, "before_cursor_execute")
def refuse_nul(
    conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
) -> None:
    if names := _names_with_nul(params):
        raise GeodataError(f"text must not contain NUL (\\0) characters: {', '.join(names)}")
