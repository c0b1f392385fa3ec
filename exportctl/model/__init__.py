"""Pure types shared by every layer (standard library and pydantic only)."""

from exportctl.model.entry import Address, EntryName, Identifier, ListEntry, NameQuality, Schema
from exportctl.model.listversion import EntryChange, ListDiff, ListVersion

__all__ = [
    "Address",
    "EntryChange",
    "EntryName",
    "Identifier",
    "ListDiff",
    "ListEntry",
    "ListVersion",
    "NameQuality",
    "Schema",
]

# Determination types (exportctl.model.determination).
from exportctl.model.determination import (
    Activity,
    Determination,
    Exporter,
    Finding,
    FindingKind,
    JurisdictionOutcome,
    Line,
    Notice,
    Outcome,
    PartyRole,
    Severity,
    Transaction,
    TransactionParty,
)

__all__ += [
    "Activity",
    "Determination",
    "Exporter",
    "Finding",
    "FindingKind",
    "JurisdictionOutcome",
    "Line",
    "Notice",
    "Outcome",
    "PartyRole",
    "Severity",
    "Transaction",
    "TransactionParty",
]

# Classification types (exportctl.model.item, exportctl.model.classification); appended
# here rather than merged above so parallel edits to this file do not conflict.
from exportctl.model.classification import (  # noqa: E402
    Classification,
    ClassificationStatus,
    Control,
    Criterion,
    JurisdictionFilter,
    NotControlled,
    Note,
    NoteKind,
    PartOf,
    WhatIf,
)
from exportctl.model.item import (  # noqa: E402
    ItemCategory,
    ItemSpec,
    LinearAxis,
    MachiningType,
    PartKind,
)

__all__ += [
    "Classification",
    "ClassificationStatus",
    "Control",
    "Criterion",
    "ItemCategory",
    "ItemSpec",
    "JurisdictionFilter",
    "LinearAxis",
    "MachiningType",
    "NotControlled",
    "Note",
    "NoteKind",
    "PartKind",
    "PartOf",
    "WhatIf",
]

# Alert intake types (exportctl.model.alert).
from exportctl.model.alert import (  # noqa: E402
    Alert,
    AlertRole,
    DateMention,
    Document,
    DocumentHeader,
    ExtractedItem,
    ExtractedParty,
    GazetteerHit,
    Paragraph,
)

__all__ += [
    "Alert",
    "AlertRole",
    "DateMention",
    "Document",
    "DocumentHeader",
    "ExtractedItem",
    "ExtractedParty",
    "GazetteerHit",
    "Paragraph",
]

# Screening types (exportctl.model.screening).
from exportctl.model.screening import (  # noqa: E402
    Decision,
    Explanation,
    Match,
    QuerySchema,
    ScreeningQuery,
    ScreeningResult,
)

__all__ += [
    "Decision",
    "Explanation",
    "Match",
    "QuerySchema",
    "ScreeningQuery",
    "ScreeningResult",
]
