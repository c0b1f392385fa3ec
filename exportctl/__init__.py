"""exportctl: export-control and nonproliferation compliance engine.

The public API, for adapters (the CLI; HTTP, web and batch jobs) and embedding applications::

    from exportctl import Engine, Settings, read_transaction

    engine = Engine(Settings.for_home(Path("data")))
    determination = engine.determination.assess(read_transaction(Path("tx.yaml")))

``Engine`` builds one service per capability (``engine.lists``, ``engine.screening``,
``engine.classification``, ``engine.controls``, ``engine.determination``, ``engine.intake``;
for cases ``engine.users``, ``engine.cases``, ``engine.records``, ``engine.recording``,
``engine.audit``; ``engine.reports`` for case and determination reports, which the
``render_report_*`` functions draw; ``engine.batch`` for whole party files), each taking
typed values; the ``read_*`` functions turn files into those values. Everything else is
internal (see docs/architecture.md); ``__all__`` is pinned by a test.
"""

from exportctl.batch import BatchOptions, BatchSummary, ColumnMap
from exportctl.batch.service import RescreenResult
from exportctl.cases import VerifyReport, describe_condition
from exportctl.classification import RuleSet, SearchHit, ShownEntry
from exportctl.config import Settings
from exportctl.controls import ControlDiff
from exportctl.determination import render_text as render_determination
from exportctl.engine import ALERTS_WATCHLIST, Engine, LoadReport
from exportctl.errors import (
    ERROR_CODES,
    ConfigError,
    Conflict,
    ErrorCode,
    ExportctlError,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleError,
    SourceError,
    StoreError,
    Unauthenticated,
)
from exportctl.files import (
    AlertFile,
    read_alert,
    read_control_catalogue,
    read_control_data,
    read_item,
    read_items,
    read_list_files,
    read_parents,
    read_rules,
    read_transaction,
    read_us_controls,
    write_file_atomic,
)
from exportctl.lists.detect import ListFiles
from exportctl.model import ListDiff, ListEntry, ListVersion
from exportctl.model.alert import Alert, Document
from exportctl.model.audit import AuditEvent
from exportctl.model.case import (
    ApiKeyInfo,
    Case,
    CaseKind,
    HitMemory,
    IssuedKey,
    LicenceCondition,
    LinkKind,
    Provenance,
    RecordedResult,
    Role,
    User,
)
from exportctl.model.classification import Classification, JurisdictionFilter
from exportctl.model.controls import DATASETS as CONTROL_DATASETS
from exportctl.model.controls import ControlData
from exportctl.model.determination import Determination, Transaction
from exportctl.model.item import ItemSpec
from exportctl.model.jurisdiction import Jurisdiction
from exportctl.model.report import CaseReport, DeterminationReport
from exportctl.model.screening import Match, ScreeningQuery, ScreeningResult
from exportctl.reports import (
    PdfFont,
    render_report_html,
    render_report_pdf,
    render_report_text,
)
from exportctl.screening.queries import read_queries

__version__ = "0.1.0"

__all__ = [
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
