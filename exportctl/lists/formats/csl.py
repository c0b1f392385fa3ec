"""US Consolidated Screening List (CSL) from trade.gov, CSV and JSON.

Publisher spec: International Trade Administration, "Consolidated Screening List" data
dictionary and downloads, https://www.trade.gov/consolidated-screening-list and
https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv (.json).

CSV: one header row, then one row per (list, party); 29 columns in both layouts seen:
``_id, source, entity_number, type, programs, name, title, addresses,
federal_register_notice, start_date, end_date, standard_order, license_requirement,
license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,
vessel_owner, remarks, source_list_url, alt_names, citizenships, dates_of_birth,
nationalities, places_of_birth, source_information_url, ids``. Multi-valued cells are
``;``-separated; an address is ``street, city, state, postal code, CC``; an id is ``type,
number[, CC]``. Columns are read by name, so their order may change. Layouts: until 2023
``_id`` is the OFAC entity number for Treasury lists and a 32-hex id for the others; the 2025
file uses a 56-hex hash for every row. JSON: ``{"results": [...]}`` with the same field names
(``id`` or ``_id``), list values, addresses as objects (``address, city, state, postal_code,
country``) and ids as objects (``type, number, country, issue_date, expiration_date``).

Mapping: ``source`` (``Entity List (EL) - Bureau of Industry and Security``) gives
``list_types`` (``Entity List``); alt_names are strong aliases; start_date is ``listed_on``.
Entity id ``csl:<_id>``; a row without ``_id`` gets ``csl:<list abbreviation>:<name slug>``.
Rows sharing an id (an OFAC entity on two lists, e.g. SSI and NS-MBS) are one entry with both
list types; the second spelling of its name becomes an alias.

Quirks: the staged 2023 file repeats its header on line 2 (skipped, with a warning) and is
cut off inside its last record. A truncated file is refused by the ``csl`` format; the
``csl-partial`` format (never detected, chosen by name) drops the cut-off last record with a
warning instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from exportctl.lists.formats._common import (
    EntryBuilder,
    TruncatedRecord,
    clean,
    csv_records,
    data_files,
    decode,
    dob_values,
    head,
    named_officially,
    parse_date,
    pausing_gc,
    slug,
    split_list,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema
from exportctl.text.countries import to_iso2

__all__ = ["CSL", "CSL_PARTIAL", "CslFormat", "list_type"]

_SCHEMAS = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
# Short names for list_types, by the abbreviation in the source column.
_LIST_TYPES = {
    "SDN": "SDN",
    "EL": "Entity List",
    "DPL": "Denied Persons List",
    "UVL": "Unverified List",
    "MEU": "Military End User List",
    "ISN": "Nonproliferation Sanctions",
    "DTC": "ITAR Debarred",
    "SSI": "Sectoral Sanctions Identifications List",
    "PLC": "Palestinian Legislative Council List",
    "CMIC": "Non-SDN Chinese Military-Industrial Complex Companies List",
    "NS-MBS LIST": "Non-SDN Menu-Based Sanctions List",
    "MBS": "Non-SDN Menu-Based Sanctions List",
    "FSE": "Foreign Sanctions Evaders",
    "CAP": "CAPTA List",
}
_ABBR = re.compile(r"\(([^()]+)\)")
# Entries of the ids column that describe the listing, not an identifier.
_NOT_ID_PREFIXES = (
    "executive order",
    "listing date",
    "effective date",
    "purchase/sales",
    "additional sanctions",
    "transactions prohibited",
    "caatsa",
    "organization established",
    "organization type",
    "target type",
    "gender",
    "website",
    "email",
    "phone",
    "equity ticker",
    "nationality of registration",
    "ifca",
    "secondary sanctions",
    "other vessel",
    "vessel year",
    "aircraft",
    "former",
)
_REQUIRED = ("source", "name")


def list_type(source: str) -> tuple[str, str]:
    """``Entity List (EL) - Bureau of ...`` -> (``EL``, ``Entity List``)."""
    head_part = source.split(" - ", 1)[0].strip()
    m = _ABBR.search(head_part)
    abbr = m.group(1).strip() if m else ""
    name = _LIST_TYPES.get(abbr.upper()) if abbr else None
    if name is None:
        name = clean(_ABBR.sub("", head_part)) or head_part
    return abbr, name


Record = dict[str, Any]


def _as_list(path: Path, where: str, rec: Record, key: str) -> list[Any]:
    value = rec.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return split_list(value)
    raise parse_error(path, where, f"expected text or a list, got {type(value).__name__}", key)


def _as_text(path: Path, where: str, rec: Record, key: str) -> str:
    value = rec.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise parse_error(path, where, f"expected text, got {type(value).__name__}", key)


class CslFormat:
    """Parser for the trade.gov CSL (entity ids ``csl:<_id>``).

    ``allow_truncated`` (the ``csl-partial`` format) drops a last record cut off inside a
    quoted field instead of refusing the file.
    """

    default_source = "csl"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def __init__(self, name: str = "csl", *, allow_truncated: bool = False) -> None:
        self.name = name
        self._allow_truncated = allow_truncated

    def detect(self, files: Sequence[Path]) -> bool:
        """CSL content (see ``sniff``), or one file officially named ``consolidated.csv`` whose
        content no format recognises. ``csl-partial`` is never detected: tolerating a truncated
        file is a choice made by name."""
        if self._allow_truncated:
            return False
        return self.sniff(files) or named_officially(self, self.name, files)

    def sniff(self, files: Sequence[Path]) -> bool:
        """CSV files whose header starts ``_id,source,entity_number``, or CSL JSON files."""
        if self._allow_truncated:
            return False
        data = data_files(files)
        return bool(data) and all(_kind(head(f)) for f in data)

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one or more CSL files (rows of all are merged by id; ``base`` is unused)."""
        src = source or self.default_source
        data = data_files(files)
        if not data:
            raise parse_error("(no files)", None, "no CSL file given", "file")
        warnings: list[str] = []
        builders: dict[str, tuple[EntryBuilder, Path, str]] = {}
        published = None
        for path in data:
            kind = _kind(head(path))
            if kind == "json":
                records, pub = self._json(path)
                if pub and (published is None or pub > published):
                    published = pub
            else:
                records = self._csv(path, warnings)
            for where, rec in records:
                self._add(path, where, rec, src, builders, warnings)
        if len(data) > 1:
            warnings.append(
                f"{len(data)} CSL files merged into one list: {', '.join(p.name for p in data)}"
            )
        entries = [b.build(p, w) for b, p, w in builders.values()]
        if not entries:
            raise parse_error(data[0], None, "no rows", "file")
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=tuple(data),
            warnings=tuple(warnings),
        )

    # -- readers ----------------------------------------------------------------------

    def _csv(self, path: Path, warnings: list[str]) -> list[tuple[str, Record]]:
        text = decode(path)
        rows: list[tuple[int, list[str]]] = []
        try:
            for line, row in csv_records(path, text):
                rows.append((line, row))
        except TruncatedRecord as exc:
            if not self._allow_truncated:
                raise
            warnings.append(
                f"{path.name}:{exc.line}: file ends inside this record (truncated); "
                f"the record is dropped and {len(rows) - 1} rows before it are kept"
            )
        rows = [(line, row) for line, row in rows if row]
        if not rows:
            raise parse_error(path, 1, "no header row", "header")
        header_line, header = rows[0]
        cols = [h.strip().lower() for h in header]
        if ("_id" not in cols and "id" not in cols) or any(r not in cols for r in _REQUIRED):
            raise parse_error(
                path,
                header_line,
                f"not a CSL header (needs _id, source, name; found {', '.join(cols[:6])}...)",
                "header",
            )
        out: list[tuple[str, Record]] = []
        for line, row in rows[1:]:
            if [c.strip().lower() for c in row] == cols:
                warnings.append(f"{path.name}:{line}: repeated header row skipped")
                continue
            if len(row) != len(cols):
                raise parse_error(
                    path, line, f"expected {len(cols)} fields, found {len(row)}", "columns"
                )
            out.append((str(line), dict(zip(cols, row, strict=True))))
        return out

    def _json(self, path: Path) -> tuple[list[tuple[str, Record]], Any]:
        text = decode(path)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise parse_error(
                path, f"{exc.lineno}:{exc.colno}", f"malformed JSON: {exc.msg}", "JSON"
            ) from exc
        except RecursionError as exc:
            raise parse_error(path, None, "JSON nested too deeply", "JSON") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
            raise parse_error(path, None, 'expected an object with a "results" list', "results")
        published = None
        for s in doc.get("sources_used") or []:
            if isinstance(s, dict) and isinstance(s.get("source_last_updated"), str):
                d = parse_date(s["source_last_updated"])
                if d and (published is None or d > published):
                    published = d
        out: list[tuple[str, Record]] = []
        for i, rec in enumerate(doc["results"]):
            where = f"results[{i}]"
            if not isinstance(rec, dict):
                raise parse_error(path, where, "expected an object", "results")
            out.append((where, rec))
        return out, published

    # -- one row ----------------------------------------------------------------------

    def _add(
        self,
        path: Path,
        where: str,
        rec: Record,
        src: str,
        builders: dict[str, tuple[EntryBuilder, Path, str]],
        warnings: list[str],
    ) -> None:
        texts: dict[str, str] = {}

        def t(key: str) -> str:
            if key not in texts:
                texts[key] = _as_text(path, where, rec, key)
            return texts[key]

        def lst(key: str) -> list[Any]:
            return _as_list(path, where, rec, key)

        name, source_col = t("name"), t("source")
        if not name:
            raise parse_error(path, where, "empty", "name")
        abbr, ltype = list_type(source_col) if source_col else ("", "")
        native = t("_id") or t("id") or f"{slug(abbr or source_col) or 'csl'}:{slug(name)}"
        if native in builders:
            b = builders[native][0]
            b.add_name(name, NameQuality.STRONG, kind="name on another list")
        else:
            schema = _SCHEMAS.get(t("type").lower(), Schema.UNKNOWN)
            b = EntryBuilder(source=src, native_id=native, schema=schema)
            b.add_name(name, NameQuality.PRIMARY, script_aware=False)
            builders[native] = (b, path, where)
        if ltype:
            b.list_types.append(ltype)
        b.programs.extend(str(p) for p in lst("programs"))
        for alt in lst("alt_names"):
            b.add_name(str(alt), NameQuality.STRONG, kind="a.k.a.")
        for addr in lst("addresses"):
            self._address(path, where, b, addr)
        for ident in lst("ids"):
            self._ident(path, where, b, ident)
        for dob in lst("dates_of_birth"):
            b.birth_dates.extend(dob_values(str(dob)))
        for key in ("nationalities", "citizenships"):
            for n in lst(key):
                b.add_nationality(str(n))
        b.birth_places.extend(str(p) for p in lst("places_of_birth"))
        start = t("start_date")
        if start:
            d = parse_date(start)
            if d is None:
                warnings.append(f"{path.name}:{where}: start_date {start!r} is not a date")
            elif b.listed_on is None or d < b.listed_on:
                b.listed_on = d
        if t("call_sign"):
            b.add_identifier("Call Sign", t("call_sign"))
        for key, label in (
            ("vessel_type", "Vessel Type"),
            ("gross_tonnage", "Tonnage"),
            ("gross_registered_tonnage", "GRT"),
            ("vessel_flag", "Vessel Flag"),
            ("vessel_owner", "Vessel Owner"),
        ):
            if t(key):
                b.add_identifier(label, t(key), country=t(key) if key == "vessel_flag" else None)
                if key == "vessel_flag":
                    b.add_country(t(key))
        b.add_remark(t("remarks"))
        for key, label in (
            ("title", "Title"),
            ("federal_register_notice", "Federal Register"),
            ("standard_order", "Standard order"),
            ("license_requirement", "License requirement"),
            ("license_policy", "License policy"),
            ("end_date", "End date"),
        ):
            if t(key):
                b.add_remark(f"{label}: {t(key)}")

    @staticmethod
    def _address(path: Path, where: str, b: EntryBuilder, addr: Any) -> None:
        if isinstance(addr, dict):
            parts = [addr.get(k) for k in ("address", "city", "state", "postal_code")]
            if not all(p is None or isinstance(p, str) for p in [*parts, addr.get("country")]):
                raise parse_error(path, where, "address fields must be text", "addresses")
            city = addr.get("city")
            b.add_address(parts, city=city, country=addr.get("country"))
            return
        if not isinstance(addr, str):
            raise parse_error(path, where, "expected text or an object", "addresses")
        pieces = [p.strip() for p in addr.split(",")]
        # The CSV ends an address with its ISO country code when it has one ("..., CN").
        last = pieces[-1] if pieces else ""
        if len(last) == 2 and last.isupper() and to_iso2(last):
            b.add_address([", ".join(pieces[:-1])], country=last)
        else:
            b.add_address([addr])

    @staticmethod
    def _ident(path: Path, where: str, b: EntryBuilder, ident: Any) -> None:
        if isinstance(ident, dict):
            kind, number = ident.get("type"), ident.get("number")
            country = ident.get("country")
            notes = [
                f"{k.replace('_', ' ')} {ident[k]}"
                for k in ("issue_date", "expiration_date")
                if isinstance(ident.get(k), str) and ident[k]
            ]
            if not all(v is None or isinstance(v, str) for v in (kind, number, country)):
                raise parse_error(path, where, "id fields must be text", "ids")
        elif isinstance(ident, str):
            kind, _, rest = ident.partition(", ")
            if clean(kind).lower() == "issuer name":  # a company name, commas and all
                b.add_name(rest, NameQuality.STRONG, kind="issuer name")
                return
            parts = [p.strip() for p in rest.split(", ")]
            number, country, notes = parts[0], None, parts[1:]
            if notes and len(notes[0]) == 2 and to_iso2(notes[0]):
                country, notes = notes[0], notes[1:]
        else:
            raise parse_error(path, where, "expected text or an object", "ids")
        kind, number = clean(kind), clean(number)
        if not kind or not number:
            return
        low = kind.lower()
        if low.endswith(":") or low.startswith(_NOT_ID_PREFIXES):
            return
        if low == "issuer name":
            b.add_name(number, NameQuality.STRONG, kind="issuer name")
            return
        if number.upper().startswith("IMO "):
            kind, number = "IMO", number[4:].strip()
        b.add_identifier(kind, number, country=country, note="; ".join(notes) or None)


def _kind(start: bytes) -> str | None:
    """``csv`` or ``json`` if the file's first bytes look like the CSL; else None."""
    text = start.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "json" if '"results"' in text else None
    first = text.split("\n", 1)[0].strip().lower()
    cols = [c.strip().strip('"') for c in first.split(",")]
    if cols[:3] in (["_id", "source", "entity_number"], ["id", "source", "entity_number"]):
        return "csv"
    return None


CSL = CslFormat()
CSL_PARTIAL = CslFormat("csl-partial", allow_truncated=True)
