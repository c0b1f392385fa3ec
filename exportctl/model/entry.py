"""Restricted-party list entries, normalized from every official format.

A :class:`ListEntry` is what every parser in :mod:`exportctl.lists.formats` produces and what
screening indexes. It keeps everything a reviewer needs to decide on a hit.
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Address",
    "EntryName",
    "Identifier",
    "ListEntry",
    "NameQuality",
    "Schema",
]


class Schema(StrEnum):
    """What kind of thing a list entry or a query is."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"
    UNKNOWN = "Unknown"


class NameQuality(StrEnum):
    """How much a name can be trusted as identifying the entry.

    ``primary`` is the list's main name; ``strong`` an a.k.a./good-quality alias; ``weak`` a
    low-quality alias (OFAC "weak a.k.a.", UN "Low" quality) that alone should never make a hit;
    ``original_script`` a name in its own script (UN ``NAME_ORIGINAL_SCRIPT``, EU non-Latin).
    """

    PRIMARY = "primary"
    STRONG = "strong"
    WEAK = "weak"
    ORIGINAL_SCRIPT = "original_script"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntryName(_Frozen):
    """One name of an entry as the list spells it."""

    value: str
    quality: NameQuality = NameQuality.STRONG
    kind: str | None = None  # e.g. "a.k.a.", "f.k.a.", "n.k.a.", "Good quality a.k.a."
    lang: str | None = None


class Identifier(_Frozen):
    """A document or registration number (passport, IMO, tax id, ...)."""

    type: str
    value: str
    country: str | None = None
    note: str | None = None


class Address(_Frozen):
    """A postal address; ``country`` is an ISO 3166-1 alpha-2 code when it could be resolved."""

    text: str = ""
    city: str | None = None
    country: str | None = None
    country_name: str | None = None


class ListEntry(_Frozen):
    """One listed party, normalized.

    ``entity_id`` is ``<source>:<native id>`` (``ofac-sdn:11644``, ``un:IQi.001``). Dates of
    birth are ISO prefixes (``1961``, ``1961-05``, ``1961-05-04``) because lists often give
    only a year. Country codes are ISO 3166-1 alpha-2 (upper case).
    """

    entity_id: str
    source: str
    native_id: str
    schema_: Schema = Field(default=Schema.UNKNOWN, alias="schema")
    names: tuple[EntryName, ...]
    countries: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[str, ...] = ()
    birth_places: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    list_types: tuple[str, ...] = ()  # e.g. "SDN", "Entity List", "Denied Persons List"
    remarks: str | None = None
    listed_on: date | None = None
    # Watch-list entries: why the organisation watches this party and what concern it raises.
    reason: str | None = None
    reference: str | None = None
    end_use_concerns: tuple[str, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def schema(self) -> Schema:  # type: ignore[override]
        """The entry's schema (pydantic reserves the attribute name ``schema``)."""
        return self.schema_

    @property
    def name(self) -> str:
        """The primary (caption) name."""
        for n in self.names:
            if n.quality is NameQuality.PRIMARY:
                return n.value
        return self.names[0].value if self.names else ""

    def to_json(self) -> str:
        """Canonical JSON (stable key order), used for storage and content hashes."""
        return self.model_dump_json(by_alias=True, exclude_defaults=True)

    @classmethod
    def from_json(cls, data: str | bytes) -> ListEntry:
        return cls.model_validate_json(data)

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: equal entries hash equal across loads."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()
