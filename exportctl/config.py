"""Settings: built once at the edge (``Settings.from_env()``) and passed explicitly.

Library code never reads ``os.environ``; adapters call :meth:`Settings.from_env` and hand the
result to :class:`exportctl.engine.Engine`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from exportctl.errors import ConfigError

__all__ = ["SETTINGS", "SettingDoc", "Settings"]


@dataclass(frozen=True)
class SettingDoc:
    """One documented setting (the reference in docs/settings.md is checked against this)."""

    env: str
    default: str
    help: str


SETTINGS: tuple[SettingDoc, ...] = (
    SettingDoc(
        "EXPORTCTL_HOME",
        "~/.local/share/exportctl",
        "Data folder: the SQLite database, index cache and downloaded list files.",
    ),
    SettingDoc(
        "EXPORTCTL_DATABASE_URL",
        "sqlite:///$EXPORTCTL_HOME/exportctl.db",
        "SQLAlchemy URL of the store; postgresql+psycopg://... for a shared PostgreSQL.",
    ),
    SettingDoc(
        "EXPORTCTL_HTTP_TIMEOUT",
        "60",
        "Seconds before one HTTP request of `lists update` gives up.",
    ),
    SettingDoc(
        "EXPORTCTL_HTTP_RETRIES",
        "3",
        "How many times `lists update` retries a failed download before reporting it.",
    ),
    SettingDoc(
        "EXPORTCTL_MIRROR_URL",
        "(unset)",
        "Base URL of an HTTP mirror of the official files; `lists update` then fetches "
        "<url>/<source>/<file name> (e.g. .../ofac-sdn/sdn.csv) instead of the publishers' URLs.",
    ),
    SettingDoc(
        "EXPORTCTL_CONTROLS_DIR",
        "../shared/data/controls",
        "Folder of control-list data read at run time: us/ (CCL and Country Chart JSON from "
        "eCFR) and wassenaar/ (the Wassenaar list as text).",
    ),
    SettingDoc(
        "EXPORTCTL_SOURCES",
        "(all)",
        "Comma-separated source names that `lists update` fetches (default: every source).",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, immutable once built."""

    home: Path
    database_url: str
    http_timeout: float = 60.0
    http_retries: int = 3
    sources: tuple[str, ...] = field(default_factory=tuple)
    mirror_url: str | None = None
    controls_dir: Path = Path("../shared/data/controls")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``EXPORTCTL_*`` variables (``environ`` defaults to os.environ)."""
        env = os.environ if environ is None else environ
        home = Path(env.get("EXPORTCTL_HOME") or "~/.local/share/exportctl").expanduser()
        url = env.get("EXPORTCTL_DATABASE_URL") or f"sqlite:///{home / 'exportctl.db'}"
        try:
            timeout = float(env.get("EXPORTCTL_HTTP_TIMEOUT", "60"))
            retries = int(env.get("EXPORTCTL_HTTP_RETRIES", "3"))
        except ValueError as exc:
            raise ConfigError(
                f"EXPORTCTL_HTTP_TIMEOUT/EXPORTCTL_HTTP_RETRIES must be numbers: {exc}",
                code="config_invalid",
            ) from exc
        if timeout <= 0 or retries < 0:
            raise ConfigError(
                "EXPORTCTL_HTTP_TIMEOUT must be > 0 and EXPORTCTL_HTTP_RETRIES >= 0",
                code="config_invalid",
            )
        sources = tuple(s.strip() for s in env.get("EXPORTCTL_SOURCES", "").split(",") if s.strip())
        return cls(
            home=home,
            database_url=url,
            http_timeout=timeout,
            http_retries=retries,
            sources=sources,
            mirror_url=(env.get("EXPORTCTL_MIRROR_URL") or "").rstrip("/") or None,
            controls_dir=Path(env.get("EXPORTCTL_CONTROLS_DIR") or "../shared/data/controls"),
        )

    @classmethod
    def for_home(cls, home: Path, database_url: str | None = None) -> Settings:
        """Settings for a given data folder (tests and embedding applications)."""
        return cls(home=home, database_url=database_url or f"sqlite:///{home / 'exportctl.db'}")

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
