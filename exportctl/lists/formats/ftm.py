"""FollowTheMoney (FtM) entities as JSON lines, the exchange format of OpenSanctions and Aleph.

Publisher spec: the FollowTheMoney data model, https://followthemoney.tech/explorer/ (schemata
and property types) and https://www.opensanctions.org/docs/bulk/json/ (one entity per line).
Each line is an object ``{"id": str, "schema": str, "properties": {name: [str, ...]}}``,
other keys (``caption``, ``datasets``, ``referents``, ``first_seen`` ...) are ignored.

Schemata kept: Person; Organization, Company, LegalEntity and PublicBody (as Organization);
Vessel; Airplane (as Aircraft). Others (Address, Sanction, Ownership, ...) are counted in a
warning and skipped. Properties used: name (the first Latin one is the caption), alias,
previousName (strong), weakAlias (weak), country and jurisdiction, nationality and
citizenship, birthDate, birthPlace, address, idNumber and the typed identifiers (passportNumber,
taxNumber, registrationNumber, imoNumber, innCode, ogrnCode, swiftBic, leiCode, ...),
program and programId, topics (as list types), notes and summary (remarks), createdAt or
listingDate (the listing date). Entity id ``<source>:<FtM id>``, the source being ``ftm``
unless the loader names another.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from exportctl.lists.formats._common import (
    EntryBuilder,
    data_files,
    decode,
    dob_values,
    head,
    is_latin,
    parse_date,
    pausing_gc,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["FTM", "FtmFormat"]

_SCHEMAS = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.ORGANIZATION,
    "LegalEntity": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
_ID_PROPS = {
    "idNumber": "ID Number",
    "passportNumber": "Passport",
    "taxNumber": "Tax Number",
    "registrationNumber": "Registration Number",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "Call Sign",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "swiftBic": "SWIFT/BIC",
    "leiCode": "LEI",
    "vatCode": "VAT",
    "icijId": "ICIJ ID",
    "okpoCode": "OKPO",
    "socialSecurityNumber": "SSN",
    "serialNumber": "Serial Number",
    "registrationNumberAircraft": "Aircraft Registration",
}


class FtmFormat:
    """Parser for FtM JSON lines (entity ids ``<source>:<FtM id>``)."""

    name = "ftm"
    default_source = "ftm"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """The content check other formats consult (this format detects by content alone)."""
        return self.detect(files)

    def detect(self, files: Sequence[Path]) -> bool:
        """JSON-lines files whose first line is an object with ``schema`` and ``properties``."""
        data = data_files(files)
        return bool(data) and all(_first_is_ftm(head(f, 65536)) for f in data)

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one or more FtM JSON-lines files; ``base`` is not used."""
        src = source or self.default_source
        data = data_files(files)
        if not data:
            raise parse_error("(no files)", None, "no FtM file given", "file")
        entries: list[ListEntry] = []
        seen: dict[str, str] = {}
        skipped: dict[str, int] = {}
        for path in data:
            text = decode(path)
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                entry = self._line(path, n, line, src, skipped)
                if entry is None:
                    continue
                if entry.native_id in seen:
                    raise parse_error(
                        path,
                        n,
                        f"duplicate id {entry.native_id!r} (first at {seen[entry.native_id]})",
                        "id",
                    )
                seen[entry.native_id] = f"{path.name}:{n}"
                entries.append(entry)
        warnings = []
        if skipped:
            parts = ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
            warnings.append(f"entities of schemata that are not parties were skipped: {parts}")
        if not entries:
            raise parse_error(
                data[0],
                None,
                "no Person, Organization, Company, LegalEntity, Vessel or Airplane entity",
                "schema",
            )
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=None,
            files=tuple(data),
            warnings=tuple(warnings),
        )

    def _line(
        self, path: Path, n: int, line: str, src: str, skipped: dict[str, int]
    ) -> ListEntry | None:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise parse_error(
                path, f"{n}:{exc.colno}", f"malformed JSON: {exc.msg}", "JSON"
            ) from exc
        except RecursionError as exc:
            raise parse_error(path, n, "JSON nested too deeply", "JSON") from exc
        if not isinstance(obj, dict):
            raise parse_error(path, n, "expected a JSON object", "JSON")
        ftm_id, schema_name, props = obj.get("id"), obj.get("schema"), obj.get("properties")
        if not isinstance(ftm_id, str) or not ftm_id.strip():
            raise parse_error(path, n, "missing or not text", "id")
        if not isinstance(schema_name, str) or not schema_name:
            raise parse_error(path, n, "missing or not text", "schema")
        if not isinstance(props, dict):
            raise parse_error(path, n, "missing or not an object", "properties")
        for key, values in props.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise parse_error(path, n, "expected a list of strings", f"properties.{key}")
        schema = _SCHEMAS.get(schema_name)
        if schema is None:
            skipped[schema_name] = skipped.get(schema_name, 0) + 1
            return None
        p: dict[str, list[str]] = props

        def vals(*keys: str) -> list[str]:
            return [v for k in keys for v in p.get(k, []) if v.strip()]

        b = EntryBuilder(source=src, native_id=ftm_id.strip(), schema=schema)
        names = vals("name")
        caption_obj: Any = obj.get("caption")
        if not names and isinstance(caption_obj, str) and caption_obj.strip():
            names = [caption_obj]
        if not names:
            raise parse_error(path, n, "an entity needs at least one name", "properties.name")
        caption = next((x for x in names if is_latin(x)), names[0])
        b.add_name(caption, NameQuality.PRIMARY, script_aware=False)
        for x in names:
            b.add_name(x, NameQuality.STRONG)
        for x in vals("alias"):
            b.add_name(x, NameQuality.STRONG, kind="a.k.a.")
        for x in vals("previousName"):
            b.add_name(x, NameQuality.STRONG, kind="f.k.a.")
        for x in vals("weakAlias"):
            b.add_name(x, NameQuality.WEAK, kind="weak alias", script_aware=False)
        for x in vals("country", "jurisdiction", "flag", "mainCountry"):
            b.add_country(x)
        for x in vals("nationality", "citizenship"):
            b.add_nationality(x)
        for x in vals("birthDate"):
            b.birth_dates.extend(dob_values(x))
        b.birth_places.extend(vals("birthPlace"))
        for x in vals("address"):
            b.add_address([x])
        for prop, label in _ID_PROPS.items():
            for x in p.get(prop, []):
                b.add_identifier(label, x)
        b.programs.extend(vals("program", "programId"))
        b.list_types.extend(vals("topics"))
        for x in vals("notes", "summary", "description"):
            b.add_remark(x)
        for x in vals("listingDate", "createdAt"):
            d = parse_date(x)
            if d and (b.listed_on is None or d < b.listed_on):
                b.listed_on = d
        return b.build(path, n)


def _first_is_ftm(start: bytes) -> bool:
    first = start.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    return isinstance(obj, dict) and "schema" in obj and "properties" in obj


FTM = FtmFormat()
