"""The one exception tree of exportctl.

::

    ExportctlError(detail, *, code, errors=None)
     ├── ConfigError      bad settings (EXPORTCTL_* variables, settings file)
     ├── InvalidInput     a user-supplied file, field or value is wrong
     ├── NotFound         a requested list, version, entry, case ... does not exist
     ├── Conflict         the request contradicts stored state
     ├── SourceError      an official list source could not be fetched or read
     ├── StoreError       the database failed or holds something unexpected
     └── RuleError        control-list rules or regime data are inconsistent

The domain raises only these. Adapters translate them: the CLI prints ``detail`` on one line
and exits 1; the API answers ``{"ok": false, "code", "error", "errors", "status"}``.
``code`` is a stable machine-readable string (documented in docs/errors.md); ``errors`` maps a
field path (``"lines[2].item"``, ``"sdn.csv:17:name"``) to what is wrong with it.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "Conflict",
    "ExportctlError",
    "InvalidInput",
    "NotFound",
    "RuleError",
    "SourceError",
    "StoreError",
]


class ExportctlError(Exception):
    """Root of every error exportctl raises on purpose."""

    default_code = "error"
    status = 500

    def __init__(
        self, detail: str, *, code: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.errors: dict[str, str] = dict(errors or {})

    def as_dict(self) -> dict[str, object]:
        """The error body every adapter emits."""
        return {
            "ok": False,
            "code": self.code,
            "error": self.detail,
            "errors": self.errors,
            "status": self.status,
        }


class ConfigError(ExportctlError):
    default_code = "config_invalid"
    status = 500


class InvalidInput(ExportctlError):
    default_code = "invalid_input"
    status = 400


class NotFound(ExportctlError):
    default_code = "not_found"
    status = 404


class Conflict(ExportctlError):
    default_code = "conflict"
    status = 409


class SourceError(ExportctlError):
    default_code = "source_error"
    status = 502


class StoreError(ExportctlError):
    default_code = "store_error"
    status = 500


class RuleError(ExportctlError):
    default_code = "rule_error"
    status = 500
