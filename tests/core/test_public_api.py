"""The public API: ``exportctl.__all__`` is pinned, and every name in it resolves."""

from __future__ import annotations

import exportctl

PUBLIC = [
    "ALERTS_WATCHLIST",
    "CONTROL_DATASETS",
    "ERROR_CODES",
    "Alert",
    "AlertFile",
    "ApiKeyInfo",
    "AuditEvent",
    "BatchOptions",
    "BatchSummary",
    "Case",
    "CaseKind",
    "CaseReport",
    "Classification",
    "ColumnMap",
    "ConfigError",
    "Conflict",
    "ControlData",
    "ControlDiff",
    "Determination",
    "DeterminationReport",
    "Document",
    "Engine",
    "ErrorCode",
    "ExportctlError",
    "Forbidden",
    "HitMemory",
    "InvalidInput",
    "IssuedKey",
    "ItemSpec",
    "Jurisdiction",
    "JurisdictionFilter",
    "LicenceCondition",
    "LinkKind",
    "ListDiff",
    "ListEntry",
    "ListFiles",
    "ListVersion",
    "LoadReport",
    "Match",
    "NotFound",
    "PdfFont",
    "Provenance",
    "RecordedResult",
    "RescreenResult",
    "Role",
    "RuleError",
    "RuleSet",
    "ScreeningQuery",
    "ScreeningResult",
    "SearchHit",
    "Settings",
    "ShownEntry",
    "SourceError",
    "StoreError",
    "Transaction",
    "Unauthenticated",
    "User",
    "VerifyReport",
    "__version__",
    "describe_condition",
    "read_alert",
    "read_control_catalogue",
    "read_control_data",
    "read_item",
    "read_items",
    "read_list_files",
    "read_parents",
    "read_queries",
    "read_rules",
    "read_transaction",
    "read_us_controls",
    "render_determination",
    "render_report_html",
    "render_report_pdf",
    "render_report_text",
    "write_file_atomic",
]


def test_public_api_is_pinned() -> None:
    # Adding a name is a decision (it becomes a promise to adapters): update this list with it.
    assert sorted(exportctl.__all__) == sorted(PUBLIC)
    assert len(set(exportctl.__all__)) == len(exportctl.__all__)


def test_every_public_name_resolves() -> None:
    missing = [n for n in exportctl.__all__ if not hasattr(exportctl, n)]
    assert not missing


def test_the_engine_has_one_service_per_capability(tmp_path: object) -> None:
    from pathlib import Path

    engine = exportctl.Engine(exportctl.Settings.for_home(Path(str(tmp_path))))
    try:
        names = ("lists", "screening", "classification", "controls", "determination", "intake")
        for name in names:
            service = getattr(engine, name)
            assert type(service).__module__ == f"exportctl.services.{name}"
    finally:
        engine.close()
