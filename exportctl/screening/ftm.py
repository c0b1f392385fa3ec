"""FollowTheMoney shapes: query examples in, list entries out (for yente-compatible clients).

A yente client describes the party to screen as an FtM *example*: a schema name and
``properties`` whose values are lists of strings. :func:`queries_from_example` turns one into
the :class:`ScreeningQuery` objects the screener takes (one per name), and
:func:`entity_from_entry` renders a stored :class:`ListEntry` as an FtM-style entity
(``id``, ``caption``, ``schema``, ``properties`` as lists of strings, ``datasets``, ...).

Only the mapping lives here; which datasets exist and how results are cut and counted is
the adapter's business (``exportctl.api``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from exportctl.errors import InvalidInput
from exportctl.model.entry import ListEntry, NameQuality, Schema
from exportctl.model.screening import MAX_QUERY_NAME_LENGTH, QuerySchema, ScreeningQuery
from exportctl.text.countries import to_iso2

__all__ = [
    "RISK_TOPICS",
    "FtmExample",
    "entity_from_entry",
    "ftm_schema",
    "parse_example",
    "topics_for",
]

# FtM schemata a query may use, and the kind of list entry each can be. Thing is accepted
# though FtM marks it non-matchable, as yente does.
_MATCHABLE: dict[str, QuerySchema] = {
    "Thing": QuerySchema.ANY,
    "LegalEntity": QuerySchema.ANY,
    "Person": QuerySchema.PERSON,
    "Organization": QuerySchema.ORGANIZATION,
    "Company": QuerySchema.ORGANIZATION,
    "PublicBody": QuerySchema.ORGANIZATION,
    "Vessel": QuerySchema.VESSEL,
    "Airplane": QuerySchema.AIRCRAFT,
    "Vehicle": QuerySchema.ANY,
}
# Known FtM schemata that do not describe a party (yente answers "Non-matchable schema").
_NOT_MATCHABLE = frozenset(
    {
        "Address",
        "Asset",
        "Sanction",
        "Ownership",
        "Directorship",
        "Membership",
        "Family",
        "Associate",
        "Identification",
        "Passport",
        "Note",
        "Position",
        "Occupancy",
        "Payment",
        "Event",
        "Document",
        "Article",
    }
)

# Property groups of the FtM schemata (followthemoney/schema/*.yaml) that screening reads.
_NAME_PROPS = ("name", "alias", "previousName")
_NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_COUNTRY_PROPS = (
    "country",
    "nationality",
    "citizenship",
    "jurisdiction",
    "mainCountry",
    "birthCountry",
    "flag",
)
_DATE_PROPS = ("birthDate", "incorporationDate")
_ID_PROPS = (
    "registrationNumber",
    "idNumber",
    "taxNumber",
    "vatCode",
    "leiCode",
    "innCode",
    "ogrnCode",
    "dunsCode",
    "swiftBic",
    "passportNumber",
    "socialSecurityNumber",
    "imoNumber",
    "mmsi",
    "icaoCode",
    "serialNumber",
)
_OTHER_PROPS = ("address", "birthPlace", "gender", "weakAlias", "title", "position", "notes")
_KNOWN_PROPS = frozenset(
    (*_NAME_PROPS, *_NAME_PARTS, *_COUNTRY_PROPS, *_DATE_PROPS, *_ID_PROPS, *_OTHER_PROPS)
)
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")

#: FtM topics that make an entity a screening target (followthemoney types/topic.py RISKS).
RISK_TOPICS = frozenset(
    {
        "corp.disqual",
        "crime",
        "debarment",
        "export.control",
        "export.control.linked",
        "export.risk",
        "poi",
        "reg.action",
        "reg.warn",
        "sanction",
        "sanction.control",
        "sanction.counter",
        "sanction.linked",
        "wanted",
    }
)

# What being on each list means, as an FtM topic. The BIS Denied Persons List denies export
# privileges (15 CFR 764.3(a)(2)); the consolidated screening list mixes sanctions and export
# restrictions, so its entries carry both; our own watch lists record a party of interest.
_SOURCE_TOPICS: dict[str, tuple[str, ...]] = {
    "bis-dpl": ("export.control", "debarment"),
    "csl": ("sanction", "export.control"),
}
_ENTRY_SCHEMA = {
    Schema.PERSON: "Person",
    Schema.ORGANIZATION: "Organization",
    Schema.VESSEL: "Vessel",
    Schema.AIRCRAFT: "Airplane",
    Schema.UNKNOWN: "LegalEntity",
}
# Identifier types of the lists -> the FtM property that holds them.
_ID_TYPE_PROPS = (
    ("passport", "passportNumber"),
    ("imo", "imoNumber"),
    ("mmsi", "mmsi"),
    ("tax", "taxNumber"),
    ("vat", "vatCode"),
    ("swift", "swiftBic"),
    ("bic", "swiftBic"),
    ("registration", "registrationNumber"),
    ("company number", "registrationNumber"),
)


@dataclass(frozen=True)
class FtmExample:
    """A parsed query example: the cleaned properties (echoed to the client) and the queries."""

    schema: str
    properties: dict[str, list[str]]
    queries: tuple[ScreeningQuery, ...]


def _values(raw: Any) -> list[str]:
    """A property value as yente accepts it: a string, or a list of strings and numbers."""
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, int | float):
            item = str(item)
        if not isinstance(item, str):
            continue
        text = " ".join(item.split())
        if text and text not in out:
            out.append(text)
    return out


def _clean(prop: str, values: list[str]) -> list[str]:
    if prop in _COUNTRY_PROPS:
        codes = [to_iso2(v) for v in values]
        return list(dict.fromkeys(c.lower() for c in codes if c))
    if prop in _DATE_PROPS:
        dates = [m.group(0) for v in values if (m := _DATE_PREFIX.match(v))]
        return list(dict.fromkeys(dates))
    return values


def parse_example(schema: str, properties: Mapping[str, Any]) -> FtmExample:
    """Turn a yente ``EntityExample`` into screening queries, one per distinct name.

    Unknown properties are dropped (as yente does); countries are cleaned to ISO codes
    (``Russia`` -> ``ru``), dates to ISO prefixes. A name is synthesised from name parts
    (``firstName`` + ``lastName``) when no name is given.

    Raises:
        InvalidInput: ``invalid_schema`` for an unknown or non-matchable schema,
            ``invalid_query`` when the example has no name to screen.
    """
    if schema not in _MATCHABLE:
        why = (
            f"Non-matchable schema for query: {schema}"
            if schema in _NOT_MATCHABLE
            else f"Unknown schema: {schema!r}"
        )
        raise InvalidInput(f"Cannot parse example entity: {why}", code="invalid_schema")
    cleaned: dict[str, list[str]] = {}
    for prop, raw in properties.items():
        if prop not in _KNOWN_PROPS:
            continue
        values = _clean(prop, _values(raw))
        if values:
            cleaned[prop] = values
    names = [n for p in _NAME_PROPS for n in cleaned.get(p, [])]
    if not names:
        parts = [cleaned[p][0] for p in _NAME_PARTS if cleaned.get(p)]
        if parts:
            names = [" ".join(parts)]
            cleaned["name"] = names
    names = [n for n in dict.fromkeys(names) if len(n) <= MAX_QUERY_NAME_LENGTH]
    if not names:
        raise InvalidInput(
            "Cannot parse example entity: no name (give properties.name, or firstName and "
            "lastName)",
            code="invalid_query",
        )
    countries = [c for p in _COUNTRY_PROPS for c in cleaned.get(p, [])]
    birth = cleaned.get("birthDate", [None])[0] if schema == "Person" else None
    identifiers = tuple(v for p in _ID_PROPS for v in cleaned.get(p, []))
    queries = tuple(
        ScreeningQuery(
            name=name,
            schema=_MATCHABLE[schema],
            country=countries[0].upper() if countries else None,
            birth_date=birth,
            identifiers=identifiers,
        )
        for name in names
    )
    return FtmExample(schema=schema, properties=cleaned, queries=queries)


def ftm_schema(entry: ListEntry) -> str:
    """The FtM schema name of a list entry (``Airplane`` for aircraft)."""
    return _ENTRY_SCHEMA[entry.schema]


def topics_for(entry: ListEntry) -> list[str]:
    """The FtM topics of an entry: what being on its list means."""
    if entry.source.startswith("watch:"):
        return ["poi"]
    topics = list(_SOURCE_TOPICS.get(entry.source, ("sanction",)))
    if any("entity list" in t.lower() for t in entry.list_types):
        topics.append("export.control")
    return list(dict.fromkeys(topics))


def _add(props: dict[str, list[str]], prop: str, values: Iterable[str]) -> None:
    for v in values:
        if v and v not in props.setdefault(prop, []):
            props[prop].append(v)


def _id_prop(kind: str) -> str:
    k = kind.lower()
    for needle, prop in _ID_TYPE_PROPS:
        if needle in k:
            return prop
    return "idNumber"


def _iso_seconds(value: datetime | None) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS`` without zone or fraction, as yente's entity JSON has it."""
    return value.replace(tzinfo=None, microsecond=0).isoformat() if value else None


def entity_from_entry(
    entry: ListEntry,
    *,
    first_seen: datetime | None = None,
    last_seen: datetime | None = None,
    last_change: datetime | None = None,
    datasets: Sequence[str] | None = None,
) -> dict[str, Any]:
    """An FtM-style entity (yente's ``EntityResponse`` shape) for a list entry."""
    props: dict[str, list[str]] = {}
    for n in entry.names:
        prop = "weakAlias" if n.quality is NameQuality.WEAK else "alias"
        if n.value == entry.name:
            prop = "name"
        _add(props, prop, [n.value])
    person = entry.schema is Schema.PERSON
    _add(props, "nationality" if person else "country", (c.lower() for c in entry.nationalities))
    _add(props, "country", (c.lower() for c in entry.countries))
    _add(props, "address", (a.text for a in entry.addresses if a.text))
    _add(props, "country", (a.country.lower() for a in entry.addresses if a.country))
    if person:
        _add(props, "birthDate", entry.birth_dates)
        _add(props, "birthPlace", entry.birth_places)
    for ident in entry.identifiers:
        _add(props, _id_prop(ident.type), [ident.value])
    _add(props, "program", entry.programs)
    if entry.remarks:
        _add(props, "notes", [entry.remarks])
    if entry.reason:
        _add(props, "notes", [entry.reason])
    if entry.listed_on:
        _add(props, "createdAt", [entry.listed_on.isoformat()])
    topics = topics_for(entry)
    _add(props, "topics", topics)
    return {
        "id": entry.entity_id,
        "caption": entry.name,
        "schema": ftm_schema(entry),
        "properties": props,
        "datasets": list(datasets) if datasets is not None else [entry.source],
        "referents": [],
        "target": bool(RISK_TOPICS.intersection(topics)),
        "first_seen": _iso_seconds(first_seen),
        "last_seen": _iso_seconds(last_seen),
        "last_change": _iso_seconds(last_change),
    }
