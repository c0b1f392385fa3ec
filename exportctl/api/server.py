"""Running the application: the factory uvicorn's workers import, and list refreshing.

``exportctl serve`` runs uvicorn with :func:`app_from_env` as an application factory, so each
worker process builds its own engine (and index) from the same ``EXPORTCTL_*`` settings. The
optional list refresher runs in the serving process, beside the workers.
"""

from __future__ import annotations

import logging
import re
import threading

from fastapi import FastAPI

from exportctl.api.app import create_app
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import ExportctlError, InvalidInput

__all__ = ["ListRefresher", "app_from_env", "parse_interval"]

log = logging.getLogger("exportctl.api")

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
#: Shortest refresh interval accepted: the official lists change at most a few times a day.
MIN_INTERVAL_S = 60.0


def app_from_env() -> FastAPI:
    """The application from EXPORTCTL_* settings (uvicorn ``factory=True`` target)."""
    return create_app(Settings.from_env())


def parse_interval(text: str) -> float:
    """``"6h"``, ``"30m"``, ``"90s"`` or ``"120"`` (seconds) to seconds."""
    m = _INTERVAL.match(text)
    if not m:
        raise InvalidInput(
            f"--update-every: {text!r} is not a duration like 6h, 30m or 90s",
            code="invalid_interval",
        )
    seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    if seconds < MIN_INTERVAL_S:
        raise InvalidInput(
            f"--update-every: {text!r} is shorter than {MIN_INTERVAL_S:.0f} s",
            code="invalid_interval",
        )
    return seconds


class ListRefresher:
    """Runs ``lists update`` every ``interval`` seconds in a daemon thread.

    Each source loads as its own transaction, so serving workers keep answering from the
    previous versions until theirs swap in; a failed source is logged and retried next time.
    """

    def __init__(self, settings: Settings, interval: float) -> None:
        self.settings = settings
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="exportctl-refresh", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            engine = Engine(self.settings)
            try:
                for report in engine.lists.update():
                    if report.error:
                        log.warning("list update: %s failed: %s", report.source, report.error)
                    else:
                        log.info("list update: %s ok", report.source)
            except ExportctlError as exc:
                log.error("list update failed: %s", exc.detail)
            finally:
                engine.close()
