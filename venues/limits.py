"""How much a solve may cost: size above which the heuristic answers, time limit, cancellation.

The web app hands its settings over as a :class:`Limits` (this package never imports the app).
A request that is too large for an exact model gets the heuristic's answer with its proven gap
instead of a server that grows for minutes; one whose client has gone away stops.

Cancellation travels through a context variable rather than through every signature: the
solve runs in one worker thread, :func:`cancelling` marks the event for that thread, and the
heuristic loops call :func:`check` while :mod:`venues.milp` hands the same event to HiGHS's
interrupt callbacks. Code that never sets an event pays one ``ContextVar.get`` per loop.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from venues.errors import VenueModelError

_CANCEL: ContextVar[threading.Event | None] = ContextVar("venues_cancel", default=None)


class SolveCancelled(VenueModelError):
    """The caller withdrew the request (its client went away) while the model was solving."""


@dataclass(frozen=True)
class Limits:
    """Bounds on one solve; ``None`` means unbounded.

    * ``exact_max_size``: demand points × candidates above which the heuristic answers
      directly (reason "size"); its answer carries the gap to a proven bound.
    * ``time_limit_s``: the exact solver's limit; past it the best answer found so far is
      returned with its gap (reason "time").
    * ``cancel``: set by the caller to stop the solve (raises :class:`SolveCancelled`).
    """

    exact_max_size: int | None = None
    time_limit_s: float | None = None
    cancel: threading.Event | None = None

    def too_large(self, n_demand: int, n_candidates: int) -> bool:
        return self.exact_max_size is not None and n_demand * n_candidates > self.exact_max_size


@contextmanager
def cancelling(event: threading.Event | None) -> Iterator[None]:
    """Make ``event`` the cancel signal of every check in this thread for the block."""
    token = _CANCEL.set(event)
    try:
        yield
    finally:
        _CANCEL.reset(token)


def current() -> threading.Event | None:
    """The cancel event of the running solve (for HiGHS's interrupt callback)."""
    return _CANCEL.get()


def cancelled() -> bool:
    event = _CANCEL.get()
    return event is not None and event.is_set()


def check() -> None:
    """Raise :class:`SolveCancelled` when the running solve has been withdrawn."""
    if cancelled():
        raise SolveCancelled(
            "the solve was cancelled: its client went away", key="venues.err.cancelled"
        )
