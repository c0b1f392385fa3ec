"""UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets ("ConList"), CSV.

Publisher spec: HM Treasury, Office of Financial Sanctions Implementation, "Consolidated
list of targets" CSV and its guide, https://www.gov.uk/government/publications/
financial-sanctions-consolidated-list-of-targets (2022 format:
https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv).

Layout: line 1 is ``Last Updated,DD/MM/YYYY``; line 2 the column names; then one row per
name variant (and per date of birth) of a target. Targets are grouped by ``Group ID``.
Windows-1252 until 2021; UTF-8 (with non-Latin script) since. Columns are read by name:

- until 2021, 29 columns: Name 6 (surname or entity name), Name 1-5, Title, DOB, Town of
  Birth, Country of Birth, Nationality, Passport Details, NI Number, Position, Address 1-6,
  Post/Zip Code, Country, Other Information, Group Type, Alias Type, Regime, Listed On, Last
  Updated, Group ID;
- 2022 format adds Name Non-Latin Script, Non-Latin Script Type, Non-Latin Script Language,
  Passport Number, National Identification Number/Details, Alias Quality and UK Sanctions
  List Date Designated (36 columns).

Mapping: entity id ``uk:<Group ID>``; the name is Name 1-5 then Name 6; Alias Type ``Prime
Alias``/``Primary name`` gives the caption, ``AKA``/``Alias``/``FKA``/``Primary name
variation`` strong aliases, Alias Quality ``Low`` a weak one; a non-Latin-script name is
``original_script``; DOB ``00/00/1980`` means only the year is known; Group Type Individual,
Entity, Ship -> Person, Organization, Vessel; Regime is the programme; the date on line 1 is
the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from exportctl.lists.formats._common import (
    EntryBuilder,
    SniffedFormat,
    clean,
    csv_records,
    data_files,
    decode,
    dob_values,
    head,
    one_data_file,
    parse_date,
    pausing_gc,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["UK_HMT", "UkHmtFormat"]

_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_PRIMARY = {"prime alias", "primary name"}
_KINDS = {"aka": "a.k.a.", "alias": "a.k.a.", "fka": "f.k.a."}
_NAME_COLS = ("name 1", "name 2", "name 3", "name 4", "name 5", "name 6")
_REQUIRED = ("name 6", "group id")
# (number column, details column, identifier type). Until 2021 only the details column
# existed, a free text holding the number; since 2022 the number has its own column.
_DOCS = (
    ("passport number", "passport details", "Passport"),
    ("national identification number", "national identification details", "National ID"),
    ("", "ni number", "National Insurance Number"),
)
# Columns a group repeats on each of its rows (taken once per distinct value).
_ONCE_COLS = (
    "dob",
    "nationality",
    "regime",
    "listed on",
    "position",
    "title",
    "other information",
)
_ADDRESS_COLS = (*(f"address {i}" for i in range(1, 7)), "post/zip code")
# "1) Saudi Arabia 2) Qatar", "(1) 592667 (2) 123": the list numbers multiple values.
_NUMBERED = re.compile(r"(?:^|\s)\(?\d{1,2}\)\s*")
_DOC_NUMBER = re.compile(r"\b([A-Z]{0,4}[\- ]?\d[A-Z0-9\-/]{2,})\b")


def _split_numbered(value: str) -> list[str]:
    return [clean(p).strip(" ;,.") for p in _NUMBERED.split(value) if clean(p).strip(" ;,.")]


def _doc_numbers(value: str) -> list[tuple[str, str]]:
    """(number, the text it came from) for each numbered part of a document cell.

    A number has a letter or at least five characters, so the year in "issued 3 May 2007" is
    not taken for one.
    """
    out = []
    for part in _split_numbered(value):
        for m in _DOC_NUMBER.finditer(part):
            number = m.group(1).replace(" ", "")
            if len(number) >= 5 or any(c.isalpha() for c in number):
                out.append((number, part))
                break
    return out


class UkHmtFormat(SniffedFormat):
    """Parser for the OFSI ConList CSV, both layouts (entity ids ``uk:<Group ID>``)."""

    name = "uk-hmt"
    default_source = "uk"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """One CSV whose line 1 is ``Last Updated,...`` and line 2 starts ``Name 6,``."""
        data = data_files(files)
        if len(data) != 1:
            return False
        lines = head(data[0], 4096).lstrip(b"\xef\xbb\xbf").splitlines()
        return (
            len(lines) >= 2
            and lines[0].replace(b'"', b"").startswith(b"Last Updated,")
            and lines[1].replace(b'"', b"").startswith(b"Name 6,")
        )

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one ConList CSV; ``base`` is not used (the file is always complete)."""
        src = source or self.default_source
        path = one_data_file(files, "ConList CSV")
        # UTF-8 first: the 2022 format carries Arabic and Cyrillic, which Windows-1252 cannot;
        # older files are Windows-1252 (curly quotes as 0x91-0x94), not valid UTF-8.
        text = decode(path, ("utf-8", "cp1252"))
        rows = [(line, r) for line, r in csv_records(path, text) if any(c.strip() for c in r)]
        if len(rows) < 2:
            raise parse_error(path, 1, "expected a 'Last Updated' line and a header line", "header")
        (first_line, first), (header_line, header) = rows[0], rows[1]
        if not first or first[0].strip() != "Last Updated":
            raise parse_error(
                path,
                first_line,
                "line 1 must be 'Last Updated,DD/MM/YYYY' (not a ConList file?)",
                "Last Updated",
            )
        published = parse_date(first[1], order="dmy") if len(first) > 1 else None
        if published is None:
            raise parse_error(
                path, first_line, f"not a DD/MM/YYYY date: {first[1:2]}", "Last Updated"
            )
        cols = [h.strip().lower() for h in header]
        missing = [c for c in _REQUIRED if c not in cols]
        if missing:
            raise parse_error(
                path, header_line, f"missing column(s) {', '.join(missing)}", "header"
            )
        groups: dict[str, tuple[EntryBuilder, int]] = {}
        seen: dict[str, set[tuple[str, str]]] = {}
        warnings: list[str] = []
        for line, row in rows[2:]:
            if len(row) != len(cols):
                raise parse_error(
                    path, line, f"expected {len(cols)} fields, found {len(row)}", "columns"
                )
            # Most cells are empty; clean only the others.
            rec = {c: " ".join(v.split()) if v else "" for c, v in zip(cols, row, strict=True)}
            gid = rec["group id"]
            if not gid:
                raise parse_error(path, line, "empty", "Group ID")
            if gid not in groups:
                kind = rec.get("group type", "").lower()
                b = EntryBuilder(
                    source=src, native_id=gid, schema=_SCHEMAS.get(kind, Schema.UNKNOWN)
                )
                b.list_types.append("UK Consolidated List")
                groups[gid] = (b, line)
                seen[gid] = set()
            self._row(groups[gid][0], rec, seen[gid], path, line, warnings)
        if not groups:
            raise parse_error(path, header_line, "no rows after the header", "file")
        no_primary = [
            g
            for g, (b, _) in groups.items()
            if not any(n.quality is NameQuality.PRIMARY for n in b.names)
        ]
        if no_primary:
            warnings.append(
                f"{len(no_primary)} group(s) have no primary-name row; their first name is "
                f"used as the caption (e.g. Group ID {', '.join(no_primary[:3])})"
            )
        entries = [b.build(path, line) for b, line in groups.values()]
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=(path,),
            warnings=tuple(warnings),
        )

    @staticmethod
    def _row(
        b: EntryBuilder,
        rec: dict[str, str],
        seen: set[tuple[str, str]],
        path: Path,
        line: int,
        warnings: list[str],
    ) -> None:
        """Add one row (one name variant) to its group's entry.

        A group repeats its other fields on every row; ``seen`` holds the (column, value)
        pairs already taken so each is processed once.
        """
        get = rec.get
        name = " ".join(v for c in _NAME_COLS if (v := get(c, "")))
        alias_type = get("alias type", "").lower()
        low = get("alias quality", "").lower() == "low"
        if alias_type in _PRIMARY and not low:
            quality, kind = NameQuality.PRIMARY, None
        else:
            quality = NameQuality.WEAK if low else NameQuality.STRONG
            kind = _KINDS.get(alias_type, get("alias type") or None)
        b.add_name(name, quality, kind=kind, script_aware=quality is NameQuality.STRONG)
        non_latin = get("name non-latin script", "")
        if non_latin:
            lang = get("non-latin script language") or get("non-latin script type") or None
            b.add_name(non_latin, NameQuality.ORIGINAL_SCRIPT, kind="non-Latin script", lang=lang)
        for col in _ONCE_COLS:
            value = get(col, "")
            if not value or (col, value) in seen:
                continue
            seen.add((col, value))
            if col == "dob":
                dobs = dob_values(value, order="dmy")
                if not dobs:
                    warnings.append(f"{path.name}:{line}: DOB {value!r} is not a date")
                b.birth_dates.extend(dobs)
            elif col == "nationality":
                for n in _split_numbered(value):
                    b.add_nationality(n)
            elif col == "regime":
                b.programs.append(value)
            elif col == "listed on":
                listed: date | None = parse_date(value, order="dmy")
                if listed and (b.listed_on is None or listed < b.listed_on):
                    b.listed_on = listed
            elif col == "other information":
                b.add_remark(value)
            else:  # position, title
                b.add_remark(f"{col.capitalize()}: {value}")
        for number_col, details_col, doc_type in _DOCS:
            number, details = get(number_col, ""), get(details_col, "")
            key = (doc_type, f"{number}|{details}")
            if not (number or details) or key in seen:
                continue
            seen.add(key)
            found = _doc_numbers(number) or ([(number, number)] if number else [])
            if found:  # the 2022 number column; the details column annotates it
                for n, text in found:
                    b.add_identifier(doc_type, n, note=details or (text if text != n else None))
            else:  # until 2021: the number is inside the free text
                for n, text in _doc_numbers(details):
                    b.add_identifier(doc_type, n, note=text if text != n else None)
        place = ", ".join(p for p in (get("town of birth", ""), get("country of birth", "")) if p)
        if place and ("place", place) not in seen:
            seen.add(("place", place))
            b.birth_places.append(place)
        street = [get(c, "") for c in _ADDRESS_COLS]
        country = get("country", "")
        key = ("address", "|".join(street) + "|" + country)
        if (any(street) or country) and key not in seen:
            seen.add(key)
            b.add_address(street, city=get("address 6") or None, country=country or None)


UK_HMT = UkHmtFormat()
