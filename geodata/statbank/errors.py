"""Errors of the Statbank connector, keyed for the message catalogue (app/messages/statbank.py).

They are GeodataErrors, so the CLI prints them and the web layer renders them in the user's
language: a bad `--select`, a table Statistics Denmark does not know, a host that cannot be
reached, a file that is not a Statbank CSV. None of them carries secrets: the API has none.
"""

from __future__ import annotations

from collections.abc import Sequence

from geodata.errors import GeodataError


class StatbankError(GeodataError):
    """Something about a Statbank request, answer or file that the user can act on."""

    title = "Statistics Denmark error"


class RevisionError(StatbankError):
    """Statbank revised a table: importing would change stored values (see `diff`).

    Raised by the importer unless the user passes `--accept-revision`; `diff` holds one line per
    changed value so the user sees what would change before accepting it.
    """

    title = "Statistics Denmark table revised"

    def __init__(
        self,
        message: str = "",
        *,
        diff: Sequence[str] = (),
        key: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(message, key=key, **params)
        self.diff: list[str] = list(diff)
