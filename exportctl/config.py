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

# The Wassenaar list edition fetched by default: WA-LIST (25) 1 Corr. (15 January 2026) and
# the SHA-256 of the file as the Secretariat publishes it.
_WASSENAAR_URL = (
    "https://www.wassenaar.org/app/uploads/2026/01/"
    "List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr.pdf"
)
_WASSENAAR_SHA256 = "1a92a954dc51211f6f39a8780525248d0338bc116a23f80164e2aa6541be43fb"


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
        "EXPORTCTL_HTTP_DEADLINE",
        "600",
        "Seconds one download of `lists update` may take in total, however slowly the server "
        "sends (EXPORTCTL_HTTP_TIMEOUT bounds each read only).",
    ),
    SettingDoc(
        "EXPORTCTL_DOWNLOAD_LIMITS",
        "(per-source defaults, docs/lists.md)",
        "Largest download accepted per source, in MB, after decompression, as "
        "`source=MB,...` (e.g. `ofac-sdn=80,uk=40`); sources not named keep their default.",
    ),
    SettingDoc(
        "EXPORTCTL_SHRINK_THRESHOLD",
        "10",
        "Percent of the active version's entries or names a new version of a source may lose "
        "before the load is refused (`--accept-shrink` loads it anyway).",
    ),
    SettingDoc(
        "EXPORTCTL_MIRROR_URL",
        "(unset)",
        "Base URL of an HTTP mirror of the official files; `lists update` then fetches "
        "<url>/<source>/<file name> (e.g. .../ofac-sdn/sdn.csv) instead of the publishers' URLs.",
    ),
    SettingDoc(
        "EXPORTCTL_CONTROLS_DIR",
        "(unset)",
        "Override: read control-list data from this folder (us/ CCL, Country Chart and Country "
        "Groups JSON; wassenaar/ the list as text or PDF) instead of the store's active version "
        "or the US snapshot shipped with exportctl (see docs/controls.md).",
    ),
    SettingDoc(
        "EXPORTCTL_ECFR_URL",
        "https://www.ecfr.gov",
        "Base URL of the eCFR versioner API that `controls update` reads 15 CFR 738, 740 and "
        "774 from.",
    ),
    SettingDoc(
        "EXPORTCTL_WASSENAAR_URL",
        "(the Secretariat's URL of WA-LIST (25) 1 Corr.)",
        "URL of the Wassenaar list PDF that `controls update` fetches.",
    ),
    SettingDoc(
        "EXPORTCTL_WASSENAAR_SHA256",
        "(the pinned hash of WA-LIST (25) 1 Corr.)",
        "SHA-256 the Wassenaar PDF must have; a different file is refused.",
    ),
    SettingDoc(
        "EXPORTCTL_WEB_SECRET",
        "(generated into $EXPORTCTL_HOME/web-secret)",
        "Key that signs the web interface's session cookies; unset, a random key is made once "
        "into $EXPORTCTL_HOME/web-secret (mode 0600). Every server of one site needs the same.",
    ),
    SettingDoc(
        "EXPORTCTL_SOURCES",
        "(all)",
        "Comma-separated source names that `lists update` fetches (default: every source).",
    ),
)


def _download_limits(text: str) -> tuple[tuple[str, int], ...]:
    """``source=MB,...`` to ((source, bytes), ...)."""
    out: list[tuple[str, int]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, mb = part.partition("=")
        try:
            size = float(mb)
        except ValueError:
            size = -1.0
        if not sep or not name.strip() or size <= 0:
            raise ConfigError(
                f"EXPORTCTL_DOWNLOAD_LIMITS: {part!r} is not source=MB with MB > 0",
                code="config_invalid",
            )
        out.append((name.strip(), int(size * 1024 * 1024)))
    return tuple(out)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, immutable once built."""

    home: Path
    database_url: str
    http_timeout: float = 60.0
    http_retries: int = 3
    sources: tuple[str, ...] = field(default_factory=tuple)
    mirror_url: str | None = None
    controls_dir: Path | None = None
    ecfr_url: str = "https://www.ecfr.gov"
    wassenaar_url: str = _WASSENAAR_URL
    wassenaar_sha256: str = _WASSENAAR_SHA256
    http_deadline: float = 600.0
    #: source name -> largest accepted download in bytes (others: the source's default).
    download_limits: tuple[tuple[str, int], ...] = ()
    shrink_threshold: float = 0.10

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
        try:
            deadline = float(env.get("EXPORTCTL_HTTP_DEADLINE", "600"))
            shrink = float(env.get("EXPORTCTL_SHRINK_THRESHOLD", "10"))
        except ValueError as exc:
            raise ConfigError(
                f"EXPORTCTL_HTTP_DEADLINE/EXPORTCTL_SHRINK_THRESHOLD must be numbers: {exc}",
                code="config_invalid",
            ) from exc
        if deadline <= 0 or not 0 <= shrink <= 100:
            raise ConfigError(
                "EXPORTCTL_HTTP_DEADLINE must be > 0 and EXPORTCTL_SHRINK_THRESHOLD in 0..100",
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
            controls_dir=Path(env["EXPORTCTL_CONTROLS_DIR"]).expanduser()
            if env.get("EXPORTCTL_CONTROLS_DIR")
            else None,
            ecfr_url=(env.get("EXPORTCTL_ECFR_URL") or "https://www.ecfr.gov").rstrip("/"),
            wassenaar_url=env.get("EXPORTCTL_WASSENAAR_URL") or _WASSENAAR_URL,
            wassenaar_sha256=(env.get("EXPORTCTL_WASSENAAR_SHA256") or _WASSENAAR_SHA256).lower(),
            http_deadline=deadline,
            download_limits=_download_limits(env.get("EXPORTCTL_DOWNLOAD_LIMITS", "")),
            shrink_threshold=shrink / 100,
        )

    @classmethod
    def for_home(cls, home: Path, database_url: str | None = None) -> Settings:
        """Settings for a given data folder (tests and embedding applications)."""
        return cls(home=home, database_url=database_url or f"sqlite:///{home / 'exportctl.db'}")

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
