"""Domain errors of the geodata layer.

Every error carries a message a user can act on (which file, which row or feature, which field),
so the CLI can print it and the web layer can turn it into problem+json without a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field


class GeodataError(ValueError):
    """Base class for errors the user can fix (bad input, missing setup)."""

    title = "Geodata error"

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        # key/params: the message's catalogue entry (app/messages), so the web layer can answer
        # in the user's language; `message` is the English text for logs, the CLI and tests.
        super().__init__(message)
        self.key = key
        self.params = params


class ClusterError(GeodataError):
    """The embedded PostgreSQL/PostGIS cluster cannot be created, started or reached."""

    title = "Database cluster error"


class NotFoundError(GeodataError):
    """A requested row (area, layer, profile...) does not exist."""

    title = "Not found"


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what is wrong.

    `message` is English (logs, CLI, tests). `key`/`params` name the same message in the
    catalogue (app/messages/tables.py), so a page can show it in the user's language; the
    location words are translated there too (app/import_errors.py).
    """

    file: str
    location: str  # "row 12", "sheet 'Ark1', row 12", "feature 3", or "" for the whole file
    field: str  # column name, "geometry", or "" for the whole file
    message: str
    key: str | None = None
    params: Mapping[str, object] | None = dataclass_field(default=None, compare=False)

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.location) if part)
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.message}"


@dataclass
class LoadError(GeodataError):
    """A file could not be loaded; nothing was written to the database."""

    problems: list[Problem] = field(default_factory=list)
    title = "Invalid input file"

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        more = len(self.problems) - limit
        if more > 0:
            lines.append(f"... and {more} more problems")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
