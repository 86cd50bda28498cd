"""Exception hierarchy of the ranking engine.

Every error is a ``ValueError`` (see docs/CONVENTIONS.md) so that ``app/errors.py`` can map the
whole family to one RFC 9457 problem type, while the subclasses let callers tell a bad profile
from bad data without parsing messages. Messages are written for the planner who has to fix
the profile or the table, not for the developer.
"""

from __future__ import annotations


class IndicatorError(ValueError):
    """Base class of all errors raised by :mod:`indicators`."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        # key/params: the message's catalogue entry (app/messages), so the web layer can answer
        # in the user's language; `message` is the English text for logs, the CLI and tests.
        super().__init__(message)
        self.key = key
        self.params = params


class ProfileError(IndicatorError):
    """The ranking profile is invalid (unknown option, bad weight, missing goalposts ...)."""


class DataError(IndicatorError):
    """The area table does not fit the profile (absent column, duplicate ids, non-numbers)."""


class MissingValuesError(DataError):
    """Missing values were found and the profile's missing-value policy is ``fail``."""


class RuleSetError(IndicatorError):
    """A statutory rule set file is unknown or malformed."""
