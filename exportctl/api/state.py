"""What one API process holds: its engine and whether the screening index is loaded."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from fastapi import Request

from exportctl.api.catalog import EntityCache
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import ExportctlError, NotFound

__all__ = ["ApiState", "get_state"]

log = logging.getLogger("exportctl.api")


@dataclass
class ApiState:
    """Per-process state: one engine (so one index in memory) shared by every request."""

    settings: Settings
    engine: Engine
    ready: threading.Event = field(default_factory=threading.Event)
    warm_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    entity_cache: EntityCache = field(init=False)

    def __post_init__(self) -> None:
        self.entity_cache = EntityCache(self.engine)

    def warm(self) -> None:
        """Load (or build) the screening index, then mark the process ready.

        With no list loaded the process is ready too: screening then answers
        ``no_lists_loaded`` rather than pretending there is no match.
        """
        with self._lock:
            try:
                self.engine.screening_index()
            except NotFound:
                pass
            except ExportctlError as exc:
                self.warm_error = exc.detail
                log.error("index not loaded: %s", exc.detail)
                return
            self.ready.set()


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.exportctl
    return state
