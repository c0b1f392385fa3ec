"""What one API process holds: its engine and the screener snapshot that requests use.

Requests never query the store to find out which list versions are active: a watcher thread
does, every ``poll`` seconds, and swaps in a new :class:`Screener` once its index is built.
A request holds the snapshot it started with, so a list update never fails a request and every
response names the versions it was answered from.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from fastapi import Request

from exportctl.api.catalog import EntityCache
from exportctl.api.keys import KeyCache
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import ExportctlError, NotFound
from exportctl.screening import Screener

__all__ = ["VERSIONS_HEADER", "ApiState", "Snapshot", "get_state", "versions_header"]

log = logging.getLogger("exportctl.api")


#: Response header naming the list versions a screening answer used (yente-shaped bodies
#: cannot carry them): ``source=version`` pairs, comma-separated, sorted by source.
VERSIONS_HEADER = "X-Exportctl-List-Versions"


def versions_header(snap: Snapshot) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(snap.versions.items()))


@dataclass(frozen=True)
class Snapshot:
    """One screener and the list versions its index was built from."""

    screener: Screener
    versions: dict[str, str]


@dataclass
class ApiState:
    """Per-process state: one engine (so one index in memory) shared by every request."""

    settings: Settings
    engine: Engine
    poll: float = 2.0
    ready: threading.Event = field(default_factory=threading.Event)
    warm_error: str | None = None
    _snapshot: Snapshot | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    entity_cache: EntityCache = field(init=False)
    keys: KeyCache = field(init=False)

    def __post_init__(self) -> None:
        self.entity_cache = EntityCache(self.engine)
        self.keys = KeyCache(lambda token: self.engine.users.authenticate_key(token))

    def snapshot(self) -> Snapshot:
        """The current screener; NotFound (``no_lists_loaded``) when no list is loaded."""
        snap = self._snapshot
        if snap is None:
            raise NotFound(
                "no restricted-party lists are loaded: run `exportctl lists update` or `lists load`",  # noqa: E501
                code="no_lists_loaded",
            )
        return snap

    def refresh(self) -> None:
        """Swap in the screener of the active versions when they changed (one thread only)."""
        with self._lock:
            try:
                screener = self.engine.screening.screener()
            except NotFound:
                self._snapshot = None
                return
            if self._snapshot is None or self._snapshot.screener is not screener:
                raw = screener.index.meta.get("versions") or {}
                versions = {str(k): str(v) for k, v in raw.items()}
                self._snapshot = Snapshot(screener, versions)
                log.info("screening index ready: %s", versions)

    def warm(self) -> bool:
        """Load (or build) the screening index; mark the process ready when that worked.

        With no list loaded the process is ready too: screening then answers
        ``no_lists_loaded`` rather than pretending there is no match.
        """
        try:
            self.refresh()
        except ExportctlError as exc:
            self.warm_error = exc.detail
            log.error("index not loaded: %s", exc.detail)
            return False
        self.warm_error = None
        self.ready.set()
        return True

    def watch(self) -> None:
        """Warm, then follow list updates until :meth:`stop` (run in a daemon thread).

        A failed refresh keeps the previous snapshot in service and is retried next poll.
        """
        while True:
            self.warm()
            if self._stop.wait(self.poll):
                return

    def stop(self) -> None:
        self._stop.set()


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.exportctl
    return state
