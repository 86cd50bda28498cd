"""Photo work off the event loop, and photo files that exist exactly when their rows do.

Decoding a large PNG takes seconds of CPU; done in an async route it stalls every request the
process serves. PhotoPool runs it on a few worker threads (Pillow releases the GIL while it
decodes) and is awaited, so the loop keeps answering.

A photo's files are written as private temporary files (0600, fsynced) next to their final
names. When the session that adds the AssetPhoto row with that key commits, they are renamed
into place (os.replace, atomic) just before the COMMIT; if the transaction ends any other way
(a failed flush, a failed COMMIT, a rollback) the temporary and any renamed files are removed.
So no row points at a missing file and no file outlives a failed save.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from geodata.models_assets import AssetPhoto

T = TypeVar("T")
FILES_KEY = "kk_photo_files"  # Session.info entry: the staged files this transaction owns
_lock = threading.Lock()
_unclaimed: dict[str, StagedFiles] = {}


class PhotoPool:
    """A bounded set of worker threads for photo decoding, awaited from async routes."""

    def __init__(self, workers: int) -> None:
        self._executor = ThreadPoolExecutor(max(1, workers), thread_name_prefix="kk-photo")
        self._lock = threading.Lock()
        self.pending = 0  # jobs submitted and not yet finished (queued or running)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            self.pending += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(fn, *args))
        finally:
            with self._lock:
                self.pending -= 1

    def submit(self, fn: Callable[..., T], *args: Any) -> Any:
        """Queue work without awaiting it (counted in `pending` until it finishes)."""
        with self._lock:
            self.pending += 1
        future = self._executor.submit(fn, *args)
        future.add_done_callback(lambda _: self._done())
        return future

    def _done(self) -> None:
        with self._lock:
            self.pending -= 1


def photo_pool(app: FastAPI) -> PhotoPool:
    """The app's pool, made on first use with `photo_workers` threads."""
    with _lock:
        pool = getattr(app.state, "photo_pool", None)
        if pool is None:
            pool = PhotoPool(app.state.settings.photo_workers)
            app.state.photo_pool = pool
    return pool  # type: ignore[no-any-return]


@dataclass
class StagedFiles:
    """Temporary files and the names they get on commit."""

    moves: list[tuple[Path, Path]] = field(default_factory=list)
    published: bool = False

    def publish(self) -> None:
        for temp, final in self.moves:
            os.replace(temp, final)
        if self.moves:
            _fsync_dir(self.moves[0][1].parent)
        self.published = True

    def discard(self) -> None:
        for temp, final in self.moves:
            temp.unlink(missing_ok=True)
            if self.published:
                final.unlink(missing_ok=True)


def stage(key: str, files: list[tuple[Path, bytes]]) -> None:
    """Write `files` as temporaries (0600, fsynced), to be claimed by the row with `key`."""
    staged = StagedFiles()
    try:
        for final, data in files:
            temp = final.with_name(f".{final.name}.tmp")
            staged.moves.append((temp, final))
            _write_private(temp, data)
    except BaseException:
        staged.discard()
        raise
    with _lock:
        _unclaimed[key] = staged


def _write_private(path: Path, data: bytes) -> None:
    """A new file only the server's user can read, on disk before it is renamed into place."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the files follow the transaction that holds their row -------------------------------


@event.listens_for(Session, "transient_to_pending")
def _claim(session: Session, instance: object) -> None:
    if isinstance(instance, AssetPhoto):
        with _lock:
            staged = _unclaimed.pop(instance.file_key, None)
        if staged is not None:
            session.info.setdefault(FILES_KEY, []).append(staged)


@event.listens_for(Session, "before_commit")
def _publish(session: Session) -> None:
    for staged in session.info.get(FILES_KEY, []):
        staged.publish()


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(FILES_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    """Any end of the outer transaction but a commit: the files go (after_commit took the rest)."""
    if transaction.parent is None:
        for staged in session.info.pop(FILES_KEY, []):
            staged.discard()
