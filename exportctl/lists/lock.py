"""One ``lists update`` at a time per data folder: an exclusive lock on ``<home>/update.lock``.

Two updates of one home would download into the same folder and load the same sources in an
interleaved order; the second waits for the first (up to ``wait`` seconds) and then runs on
its own. The lock is an OS file lock (``flock``): it is released when the holder exits, even
when it is killed, so a crashed update never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exportctl.errors import Conflict

__all__ = ["update_lock"]


@contextmanager
def update_lock(home: Path, wait: float = 900.0, poll: float = 0.2) -> Iterator[None]:
    """Hold the update lock of ``home`` for the body.

    Raises:
        Conflict: ``update_locked`` if another update still holds it after ``wait`` seconds.
    """
    home.mkdir(parents=True, exist_ok=True)
    path = home / "update.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        give_up = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise Conflict(
                        f"{path}: another `lists update` of this home is still running after "
                        f"{wait:g} s; try again when it has finished",
                        code="update_locked",
                    ) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
