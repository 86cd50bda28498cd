"""Exception hierarchy of the venue location models.

Every error is a ``ValueError`` (see docs/CONVENTIONS.md) so that ``app/errors.py`` can map the
whole family to one RFC 9457 problem type. The subclasses let callers tell bad input from a
request that is well-formed but impossible (too many venues asked for, demand out of reach)
without parsing messages. Messages are written for the coordinator who has to change the
request or the data, so they say what was asked, what was found and what would work instead.
"""

from __future__ import annotations


class VenueModelError(ValueError):
    """Base class of all errors raised by :mod:`venues`."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        # key/params: the message's catalogue entry (app/messages), so the web layer can answer
        # in the user's language; `message` is the English text for logs, the CLI and tests.
        super().__init__(message)
        self.key = key
        self.params = params


def figure(value: float) -> int | float:
    """A number for a message parameter: whole when it is large or whole, else one decimal
    (the web layer writes it the reader's way, 1.234,5 in Danish)."""
    number = float(value)
    if number.is_integer() or abs(number) >= 100:
        return round(number)
    return round(number, 1)


class InvalidInputError(VenueModelError):
    """The problem data are malformed: duplicate or unknown ids, negative costs or weights."""


class InputFileError(InvalidInputError):
    """A CSV input file is malformed; the message names the file, the row and the field."""

    def __init__(
        self, path: str, message: str, *, row: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.row = row
        self.field = field
        where = path
        if row is not None:
            where += f", row {row} (line {row + 1})"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


class InfeasibleRequestError(VenueModelError):
    """The request is well-formed but cannot be met (p too large, demand out of reach ...)."""


class UnsupportedOptionError(VenueModelError):
    """The combination of model options is not supported (e.g. capacities with heuristics)."""


class SolverError(VenueModelError):
    """HiGHS stopped without a usable solution (numerical trouble, time limit with no incumbent)."""
