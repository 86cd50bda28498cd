"""The one exception of the activities engine.

A ``ValueError`` like :class:`indicators.errors.IndicatorError` (docs/CONVENTIONS.md: bad input is
a ValueError), with the same ``(message, key=None, **params)`` shape, so ``app/errors.translated``
can render the catalogue key in the user's language while logs, the CLI and tests keep the English.
"""

from __future__ import annotations


class ActivityError(ValueError):
    """Bad activity input: a code that may identify a person, a session that breaks a rule."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        # key/params: the catalogue entry in app/messages/activities.py; message: English text.
        super().__init__(message)
        self.key = key
        self.params = params
