"""Resolved API keys, remembered briefly so that screening requests stay off the store.

Resolving a key is a store lookup (and a ``last_used_at`` write); at hundreds of requests a
second that would dominate ``/screen``. A resolved key is trusted for :data:`KEY_TTL` seconds,
so a revoked key or a disabled user stops working within that time. The cache is keyed by the
SHA-256 of the token, never the token itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from exportctl.model.case import User

__all__ = ["KEY_TTL", "KeyCache"]

#: Seconds a resolved key is trusted before it is looked up again.
KEY_TTL = 5.0


class KeyCache:
    """Resolved keys for a few seconds, by the SHA-256 of the token (never the token)."""

    def __init__(self, resolve: Callable[[str], User], ttl: float = KEY_TTL) -> None:
        self._resolve = resolve
        self._ttl = ttl
        self._lock = threading.Lock()
        self._users: dict[str, tuple[float, User]] = {}

    def user(self, token: str) -> User:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._users.get(digest)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        user = self._resolve(token)  # raises Unauthenticated
        with self._lock:
            if len(self._users) > 10_000:  # bounded: a flood of distinct keys cannot grow it
                self._users.clear()
            self._users[digest] = (now, user)
        return user
