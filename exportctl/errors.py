"""The one exception tree of exportctl.

::

    ExportctlError(detail, *, code, errors=None)
     ├── ConfigError      bad settings (EXPORTCTL_* variables, settings file)
     ├── InvalidInput     a user-supplied file, field or value is wrong
     ├── NotFound         a requested list, version, entry, case ... does not exist
     ├── Conflict         the request contradicts stored state
     ├── Unauthenticated  no valid credentials (API key, password) were given
     ├── Forbidden        the acting user's role or identity does not allow the action
     ├── SourceError      an official list source could not be fetched or read
     ├── StoreError       the database failed or holds something unexpected
     └── RuleError        control-list rules or regime data are inconsistent

The domain raises only these. Adapters translate them: the CLI prints ``detail`` on one line
and exits 1; the API answers ``{"ok": false, "code", "error", "errors", "status"}``.
``code`` is a stable machine-readable string; ``errors`` maps a field path
(``"lines[2].item"``, ``"sdn.csv:17:name"``) to what is wrong with it.

Every code is registered in :data:`ERROR_CODES` (code, category, meaning), from which
docs/errors.md is generated; a test fails when code raises a code that is not registered, so a
typo cannot create a new code. Add a code here before raising it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ERROR_CODES",
    "ConfigError",
    "Conflict",
    "ErrorCode",
    "ExportctlError",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "RuleError",
    "SourceError",
    "StoreError",
    "Unauthenticated",
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


class Unauthenticated(ExportctlError):
    """Credentials are missing or not valid. One message for every reason (unknown key, wrong
    password, disabled user ...), so a caller learns nothing about which names or keys exist."""

    default_code = "unauthenticated"
    status = 401


class Forbidden(ExportctlError):
    default_code = "forbidden"
    status = 403


class SourceError(ExportctlError):
    default_code = "source_error"
    status = 502


class StoreError(ExportctlError):
    default_code = "store_error"
    status = 500


class RuleError(ExportctlError):
    default_code = "rule_error"
    status = 500


@dataclass(frozen=True)
class ErrorCode:
    """One stable error code: the error class that carries it, and what it means."""

    code: str
    category: type[ExportctlError]
    meaning: str


def _codes(*rows: tuple[str, type[ExportctlError], str]) -> dict[str, ErrorCode]:
    out: dict[str, ErrorCode] = {}
    for code, category, meaning in rows:
        if code in out:
            raise ValueError(f"error code {code!r} registered twice")
        out[code] = ErrorCode(code, category, meaning)
    return out


#: Every error code exportctl raises, by code.
ERROR_CODES: dict[str, ErrorCode] = _codes(
    # the default code of each class (raised when no more specific code applies)
    ("error", ExportctlError, "An error with no more specific code."),
    ("config_invalid", ConfigError, "A setting (EXPORTCTL_* variable) has a bad value."),
    ("invalid_input", InvalidInput, "A user-supplied value is wrong."),
    ("not_found", NotFound, "A requested thing does not exist."),
    ("conflict", Conflict, "The request contradicts stored state."),
    ("source_error", SourceError, "An official list source could not be fetched or read."),
    ("store_error", StoreError, "The database failed or holds something unexpected."),
    ("rule_error", RuleError, "Rules or regime data are inconsistent."),
    # restricted-party lists
    ("path_not_found", NotFound, "The list file or folder to load does not exist."),
    ("list_parse_error", InvalidInput, "A list file could not be parsed; nothing was stored."),
    ("unknown_format", InvalidInput, "A list file or alert document is in no known format."),
    ("source_not_found", NotFound, "No list source of that name."),
    ("download_failed", SourceError, "A list source or control-data file could not be downloaded."),
    ("mirror_not_found", SourceError, "The local mirror folder does not exist."),
    ("not_published", SourceError, "The source's URL answered 404 (nothing published there)."),
    ("version_not_found", NotFound, "No list version of that id for the source."),
    ("entry_not_found", NotFound, "No list entry of that id."),
    # screening
    ("no_lists_loaded", NotFound, "Screening needs lists: none is loaded."),
    ("invalid_query", InvalidInput, "A screening query (or control search) is malformed."),
    ("invalid_limit", InvalidInput, "The number of matches asked for is out of range."),
    ("invalid_json", InvalidInput, "A line of a JSON-lines query file is not valid JSON."),
    ("invalid_encoding", InvalidInput, "A query file is not UTF-8."),
    ("screening_name_unusable", InvalidInput, "A name has nothing left to match on."),
    ("index_cache_invalid", InvalidInput, "A cached screening index cannot be read."),
    ("index_cache_stale", InvalidInput, "A cached screening index was built by another version."),
    # classification
    ("item_file_not_found", NotFound, "The item file does not exist."),
    ("invalid_item_file", InvalidInput, "The item file is not valid YAML or holds bad items."),
    ("invalid_item", InvalidInput, "An item spec has a missing, unknown or wrong field."),
    ("item_not_found", NotFound, "No item of that id in the file."),
    ("ambiguous_item", InvalidInput, "The file holds several items and none was chosen."),
    ("invalid_quantity", InvalidInput, "A quantity has no unit or the wrong dimension."),
    ("invalid_variation", InvalidInput, "A --vary PATH=VALUE is malformed or names no field."),
    ("parent_mismatch", InvalidInput, "A part's machine is not the item its part_of names."),
    ("jurisdiction_unknown", InvalidInput, "A requested jurisdiction is not known there."),
    ("invalid_control_code", InvalidInput, "A control-list code is malformed."),
    ("control_not_found", NotFound, "No control-list entry of that code."),
    (
        "controls_not_found",
        NotFound,
        "The controls folder does not exist or holds no control files.",
    ),
    (
        "controls_invalid",
        InvalidInput,
        "A control-data file (eCFR XML, JSON, Wassenaar) is malformed.",
    ),
    ("rules_not_found", NotFound, "The rules folder does not exist."),
    ("rules_empty", RuleError, "The rules folder holds no rules."),
    ("rule_not_found", NotFound, "No rule for that entry."),
    ("rule_invalid", RuleError, "A rule file fails its schema."),
    # determination
    ("transaction_invalid", InvalidInput, "A transaction file is missing or malformed."),
    ("regime_invalid", RuleError, "Regime data fails its schema or refers to nothing."),
    ("us_data_missing", RuleError, "US control data (Country Chart) is missing."),
    ("us_data_invalid", RuleError, "US control data (Country Chart) is malformed."),
    # alert intake
    ("document_unreadable", InvalidInput, "The alert document cannot be read."),
    ("document_empty", InvalidInput, "The alert document is empty."),
    ("document_too_large", InvalidInput, "The alert document exceeds the size limit."),
    ("document_binary", InvalidInput, "The alert document is binary, not text."),
    ("pdf_support_missing", InvalidInput, "Reading a PDF needs the pdf extra (pypdf)."),
    ("pdf_unreadable", InvalidInput, "The PDF is damaged or encrypted."),
    ("pdf_no_text", InvalidInput, "The PDF has no text layer (a scan)."),
    ("alert_not_found", NotFound, "No alert record of that case id."),
    # control-list data versions (issue 11, docs/controls.md)
    ("controls_missing", NotFound, "A control dataset is not loaded: run `controls update`."),
    ("controls_layout_changed", InvalidInput, "The eCFR text no longer has the expected layout."),
    ("controls_checksum", SourceError, "The Wassenaar list file differs from the pinned SHA-256."),
    ("controls_snapshot_invalid", RuleError, "The control data shipped with exportctl is damaged."),
    ("dataset_not_found", NotFound, "No control dataset of that name."),
    # store
    ("store_unavailable", StoreError, "The database cannot be opened or migrated."),
    # issue 12: faults, limits and hostile input
    ("list_shrink", Conflict, "A new list version loses too many entries, names or a category."),
    ("list_truncated", InvalidInput, "A list file lacks its publisher's end or count signal."),
    ("download_too_large", SourceError, "A download exceeds the source's size limit."),
    ("download_deadline", SourceError, "A download took longer than EXPORTCTL_HTTP_DEADLINE."),
    ("download_truncated", SourceError, "A download ended short of its announced length."),
    ("update_locked", Conflict, "Another `lists update` of this home is still running."),
    ("update_failed", SourceError, "One or more sources of `lists update` failed."),
    ("store_busy", StoreError, "Another process holds the store's write lock."),
    ("index_incomplete", InvalidInput, "The lists changed while the screening index was built."),
    # issue 17: batch screening
    ("file_not_found", NotFound, "A batch input file does not exist."),
    ("unsupported_file_type", InvalidInput, "A batch file is not .csv, .parquet or .jsonl."),
    ("missing_column", InvalidInput, "A batch input file lacks the name column asked for."),
    ("invalid_row", InvalidInput, "A batch input row cannot be parsed (an error row)."),
    ("invalid_option", InvalidInput, "A batch option is out of range or needs another."),
    ("resume_mismatch", Conflict, "--resume of a job whose input, options or lists differ."),
    ("no_batch_snapshot", NotFound, "`batch rescreen` of a file no `batch screen` has run on."),
    ("spark_missing", ConfigError, "The Spark engine needs the spark extra and Java 17+."),
    ("empty_line", InvalidInput, "A line of a JSON-lines query file is blank."),
    ("query_too_large", InvalidInput, "A line of a JSON-lines query file is too long."),
    ("too_deep", InvalidInput, "Input nested deeper than exportctl reads."),
    ("ref_not_allowed", InvalidInput, "An item ref points outside the allowed folders."),
    ("ref_not_file", InvalidInput, "An item ref names something that is not a regular file."),
    ("ref_not_found", InvalidInput, "An item ref names a file that does not exist."),
    ("ref_too_large", InvalidInput, "An item ref names a file over the size limit."),
    ("ref_too_deep", InvalidInput, "Item refs lead to further refs too many levels deep."),
    ("watchlist_not_found", NotFound, "No watch list of that name (`GET /watchlists`)."),
    ("watchlist_exists", Conflict, "A watch list of that name exists already."),
    (
        "ref_unavailable",
        InvalidInput,
        "An item ref in a request body or upload: there is no folder to resolve it from.",
    ),
    ("internal_error", ExportctlError, "An unforeseen failure (a bug), reported on one line."),
    ("interrupted", ExportctlError, "The command was interrupted (Ctrl-C)."),
    ("store_conflict", Conflict, "A write collided with stored data; nothing was written."),
    # users, cases and the audit trail (docs/cases.md)
    ("forbidden", Forbidden, "The acting user may not do this."),
    ("unauthenticated", Unauthenticated, "No valid credentials were given."),
    ("password_too_short", InvalidInput, "A new password is shorter than 12 characters."),
    ("password_mismatch", InvalidInput, "The password typed twice differs (`users password`)."),
    ("key_not_found", NotFound, "No API key of that id (`keys list`)."),
    ("user_not_found", NotFound, "No user of that name (`users list`)."),
    ("user_disabled", Forbidden, "The user is disabled and cannot act."),
    ("user_exists", Conflict, "A user of that name exists already."),
    ("user_name_invalid", InvalidInput, "A user name with characters that are not allowed."),
    ("role_unknown", InvalidInput, "No such role: viewer, analyst, approver or admin."),
    ("csrf_invalid", Forbidden, "A web form was posted without the session's CSRF token."),
    ("upload_too_large", InvalidInput, "A file uploaded to a web page is larger than 5 MB."),
    ("role_required", Forbidden, "The acting user's role is too low for the action."),
    ("last_admin", Conflict, "The last enabled admin cannot be disabled or lose the role."),
    ("four_eyes", Forbidden, "The proposer of a decision cannot also approve or reject it."),
    ("case_not_found", NotFound, "No case of that id (`cases list`)."),
    ("case_exists", Conflict, "A case of that id, or for that party and entry, exists."),
    ("case_invalid", InvalidInput, "A case lacks what its kind needs (subject, application)."),
    ("case_kind_unknown", InvalidInput, "No such case kind."),
    ("case_closed", Conflict, "The case is in a final state; nothing moves it."),
    ("case_conflict", Conflict, "Someone else changed the case meanwhile; reload and retry."),
    ("state_unknown", InvalidInput, "No such state for the case's kind."),
    ("transition_not_allowed", Conflict, "The state machine does not allow that move now."),
    ("decision_unknown", InvalidInput, "No such decision for the case's kind."),
    ("proposal_pending", Conflict, "A proposed decision waits for approval or rejection."),
    ("no_proposal", Conflict, "There is no pending proposal to approve or reject."),
    # HTTP service (exportctl serve)
    ("batch_too_large", InvalidInput, "A /screen/batch or /match request has too many queries."),
    ("invalid_algorithm", InvalidInput, "The matching algorithm named is not offered."),
    ("invalid_algorithm_config", InvalidInput, "An algorithm weight or config is invalid."),
    ("invalid_interval", InvalidInput, "A --update-every interval is malformed."),
    ("invalid_schema", InvalidInput, "A yente example has an unknown or unmatchable schema."),
    ("reason_required", InvalidInput, "The action needs a reason (--reason)."),
    ("reason_code_invalid", InvalidInput, "A hit-review decision needs a listed reason code."),
    ("conditions_required", InvalidInput, "approved_with_conditions needs a --condition."),
    ("conditions_not_allowed", InvalidInput, "Conditions go only with approved_with_conditions."),
    ("condition_invalid", InvalidInput, "A licence condition is unknown or lacks its detail."),
    ("comment_empty", InvalidInput, "A comment needs text."),
    ("title_required", InvalidInput, "A case needs a title."),
    ("result_not_found", NotFound, "No recorded result of that id."),
    (
        "audit_chain_broken",
        StoreError,
        "The audit chain does not verify (edited, deleted, "
        "inserted or reordered events, or a cut tail with --anchor).",
    ),
    # reports (docs/cases.md "Reports")
    ("output_unwritable", InvalidInput, "An output file (a report) cannot be written there."),
)
