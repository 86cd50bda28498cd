"""Stop a venue solve when its client goes away.

A whole-kommune question could keep a worker busy for minutes after the browser tab was
closed. The venue routes therefore run their (synchronous) work in a worker thread and, while
it runs, poll ``request.is_disconnected()`` here on the event loop; when the client has gone,
the cancel event handed to the work is set, and the engine's loops and HiGHS's interrupt
callbacks stop at their next check (venues.limits).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Request

T = TypeVar("T")
POLL_S = 0.25  # how often the route asks whether the client is still there


async def run_watched(
    request: Request, work: Callable[[threading.Event], T], poll_s: float = POLL_S
) -> T:
    """``work(cancel)`` in a worker thread; ``cancel`` is set once the client disconnects."""
    cancel = threading.Event()
    finished = anyio.Event()

    async def watch() -> None:
        while not finished.is_set():
            if await request.is_disconnected():
                cancel.set()
                return
            with anyio.move_on_after(poll_s):
                await finished.wait()

    def guarded(event: threading.Event) -> tuple[T | None, BaseException | None]:
        try:
            return work(event), None
        except Exception as exc:  # re-raised below, outside the task group (no ExceptionGroup)
            return None, exc

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            value, error = await anyio.to_thread.run_sync(guarded, cancel)
        finally:
            finished.set()
    if error is not None:
        raise error
    return value  # type: ignore[return-value]
