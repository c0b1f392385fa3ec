"""BIS Denied Persons List (DPL), tab-separated text.

Publisher spec: US Department of Commerce, Bureau of Industry and Security, "Denied Persons
List" download https://www.bis.doc.gov/dpl/dpl.txt (format described on
https://www.bis.gov/denied-persons-list). One header row, then one row per denied party and
address, tab-separated, fields in double quotes::

    Name  Street_Address  City  State  Country  Postal_Code  Effective_Date  Expiration_Date
    Standard_Order  Last_Update  Action  FR_Citation

Effective_Date and Expiration_Date are ``MM/DD/YYYY``; Last_Update is ``YYYY-MM-DD``; Country
is an ISO code (sometimes wrong, e.g. ``PRC``) or empty for US addresses.

Entity id: ``bis-dpl:<slug of Name>-<8 hex>``, the hex being the start of the SHA-256 of
Name, Street_Address, City, State, Country, Postal_Code and Effective_Date. The list has no
native id and names one party once per address, so name and address together identify a
row; Effective_Date separates two orders against the same party at the same address. Fields
that change when a row is updated in place (Last_Update, Action, Expiration_Date,
FR_Citation) are left out so that such an update shows as "changed", not removed and added.
Rows identical in every field are published twice at times; they become one entry.

Quirks kept: Last_Update typos such as ``2922-09-01`` and ``3017-08-22`` parse as dates but
are reported in a warning and do not count toward the publication date, which is the latest
plausible Last_Update (none later than a year after the latest Effective_Date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from exportctl.lists.formats._common import (
    EntryBuilder,
    SniffedFormat,
    clean,
    csv_records,
    data_files,
    decode,
    head,
    one_data_file,
    parse_date,
    pausing_gc,
    short_hash,
    slug,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["BIS_DPL", "BisDplFormat", "dpl_key"]

COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
_KEY_COLUMNS = COLUMNS[:7]
# Legal-form words that mark a firm; the DPL does not say whether a party is a person.
_FIRM = re.compile(
    r"\b(INC|LLC|L\.L\.C|LTD|LIMITED|CORP|CORPORATION|CO|COMPANY|GMBH|AG|SA|S\.A|SRL|BV|"
    r"B\.V|PLC|LLP|LP|FZE|FZCO|JSC|OOO|ZAO|OAO|PTE|PVT|SDN BHD|ENTERPRISES?|INDUSTRIES|"
    r"INTERNATIONAL|TRADING|GROUP|HOLDINGS?|ELECTRONICS|TECHNOLOGY|TECHNOLOGIES|SYSTEMS|"
    r"SERVICES|SUPPORT|AVIATION|AIRLINES?|MANAGEMENT)\b\.?",
    re.IGNORECASE,
)


def dpl_key(row: dict[str, str]) -> str:
    """The native id of a DPL row (see the module docstring)."""
    parts = [clean(row.get(c, "")).upper() for c in _KEY_COLUMNS]
    return f"{slug(row.get('Name', '')) or 'party'}-{short_hash(*parts)}"


class BisDplFormat(SniffedFormat):
    """Parser for the BIS Denied Persons List (entity ids ``bis-dpl:<name slug>-<hash>``)."""

    name = "bis-dpl"
    default_source = "bis-dpl"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """One text file whose header starts ``Name<TAB>Street_Address``."""
        data = data_files(files)
        if len(data) != 1:
            return False
        first = head(data[0], 512).lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        return first.replace(b'"', b"").startswith(b"Name\tStreet_Address")

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse dpl.txt; ``base`` is not used (the file is always complete)."""
        src = source or self.default_source
        path = one_data_file(files, "DPL")
        rows = [(line, r) for line, r in csv_records(path, decode(path), delimiter="\t") if r]
        if not rows:
            raise parse_error(path, 1, "no header row", "header")
        header_line, header = rows[0]
        cols = [h.strip() for h in header]
        missing = [c for c in ("Name", "Effective_Date") if c not in cols]
        if missing:
            raise parse_error(
                path,
                header_line,
                f"not a DPL header: missing {', '.join(missing)} (found {', '.join(cols[:4])}...)",
                "header",
            )
        warnings: list[str] = []
        seen: dict[str, tuple[int, dict[str, str]]] = {}
        entries: list[ListEntry] = []
        duplicates = 0
        effective_dates: list[date] = []
        updates: list[tuple[int, date]] = []
        for line, row in rows[1:]:
            if len(row) != len(cols):
                raise parse_error(
                    path, line, f"expected {len(cols)} fields, found {len(row)}", "columns"
                )
            rec = {c: v.strip() for c, v in zip(cols, row, strict=True)}
            if not rec["Name"]:
                raise parse_error(path, line, "empty", "Name")
            key = dpl_key(rec)
            if key in seen:
                first_line, first = seen[key]
                if first == rec:
                    duplicates += 1
                else:
                    warnings.append(
                        f"{path.name}:{line}: same party, address and effective date as line "
                        f"{first_line}; kept the first"
                    )
                continue
            seen[key] = (line, rec)
            effective = self._date(path, line, rec, "Effective_Date", "mdy", warnings)
            if effective:
                effective_dates.append(effective)
            updated = self._date(path, line, rec, "Last_Update", "iso", warnings)
            if updated:
                updates.append((line, updated))
            entries.append(self._entry(path, line, rec, key, src, effective))
        if duplicates:
            warnings.append(f"{duplicates} rows repeat an earlier row exactly; each kept once")
        published = self._published(path, effective_dates, updates, warnings)
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=(path,),
            warnings=tuple(warnings),
        )

    @staticmethod
    def _date(
        path: Path, line: int, rec: dict[str, str], col: str, order: str, warnings: list[str]
    ) -> date | None:
        """A date column; a value that is not a date is reported and kept only as text."""
        value = rec.get(col, "")
        if not value:
            return None
        d = parse_date(value, order=order) or parse_date(value, order="mdy")
        if d is None:
            warnings.append(f"{path.name}:{line}: {col} {value!r} is not a date; kept as text")
        return d

    @staticmethod
    def _published(
        path: Path, effective: list[date], updates: list[tuple[int, date]], warnings: list[str]
    ) -> date | None:
        if not updates:
            return None
        # Typo years (2922, 3017) would make the list look published centuries ahead.
        limit = max(effective) + timedelta(days=366) if effective else None
        plausible = []
        for line, d in updates:
            if limit and d > limit:
                warnings.append(
                    f"{path.name}:{line}: Last_Update {d.isoformat()} is implausible (typo?); "
                    "not used as the publication date"
                )
            else:
                plausible.append(d)
        return max(plausible) if plausible else None

    @staticmethod
    def _entry(
        path: Path, line: int, rec: dict[str, str], key: str, src: str, effective: date | None
    ) -> ListEntry:
        name = rec["Name"]
        schema = Schema.ORGANIZATION if _FIRM.search(name) else Schema.UNKNOWN
        b = EntryBuilder(source=src, native_id=key, schema=schema)
        b.list_types.append("Denied Persons List")
        b.add_name(name, NameQuality.PRIMARY, script_aware=False)
        country = rec.get("Country", "")
        state = rec.get("State", "")
        if not country and len(state) == 2 and state.isalpha() and _us_state(state):
            country = "US"  # US addresses leave Country empty and give a state code
        b.add_address(
            [rec.get("Street_Address"), rec.get("City"), state, rec.get("Postal_Code")],
            city=rec.get("City") or None,
            country=country or None,
        )
        b.listed_on = effective
        facts = [
            f"Effective {rec['Effective_Date']}" if rec.get("Effective_Date") else "",
            f"expires {rec['Expiration_Date']}" if rec.get("Expiration_Date") else "",
            f"standard order: {rec['Standard_Order']}" if rec.get("Standard_Order") else "",
            f"last update {rec['Last_Update']}" if rec.get("Last_Update") else "",
            rec.get("Action", ""),
            rec.get("FR_Citation", ""),
        ]
        b.add_remark("; ".join(f for f in facts if f))
        return b.build(path, line)


# US states and territories: a DPL row with one of these and no Country is a US address.
_US_STATES = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    }
)


def _us_state(code: str) -> bool:
    return code.upper() in _US_STATES


BIS_DPL = BisDplFormat()
