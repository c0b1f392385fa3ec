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
