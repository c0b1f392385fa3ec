"""OFAC legacy CSV: the SDN list (sdn/add/alt/sdn_comments.csv) and the consolidated non-SDN list
(cons_prim/cons_add/cons_alt/cons_comments.csv).

Publisher spec: US Treasury OFAC, "SDN and Consolidated List legacy file formats" (the
``dat_spec.txt`` data specification published with the files at
https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas):

- no header row; fields separated by commas, text fields in double quotes; CRLF line ends;
  the files end with an ASCII SUB byte (0x1A); ``-0-`` (followed by a space) means null;
- main file (sdn.csv / cons_prim.csv), 12 fields: ent_num, SDN_Name, SDN_Type (``individual``,
  ``vessel``, ``aircraft``, or null for an entity), Program (several as ``A] [B``), Title,
  Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks;
- add.csv, 6 fields: ent_num, Add_num, Address, City/State/Province/Postal Code, Country,
  Add_remarks;
- alt.csv, 5 fields: ent_num, alt_num, alt_type (``aka``, ``fka``, ``nka``), alt_name,
  alt_remarks;
- sdn_comments.csv, 2 fields: ent_num, the rest of a Remarks value longer than the 1,000
  characters the main file holds.

Remarks carry semi-structured facts (``DOB 01 Jan 1961; alt. DOB 1962; POB Tehran, Iran;
nationality Iran; Passport A123 (Iran); Linked To: X; a.k.a. 'MSA'.``) which
:func:`parse_remarks` extracts. A name in single quotes after ``a.k.a.`` in the remarks is
OFAC's "weak a.k.a.": a low-quality alias that screening must not match on alone.

A folder may also hold only the auxiliary files (add/alt/comments) of a newer edition; with
``base`` (the entries of the active version) they are merged into those entries, see
:meth:`OfacLegacyFormat.parse`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exportctl.lists.formats._common import (
    EntryBuilder,
    clean,
    csv_records,
    data_files,
    decode,
    dob_values,
    head,
    is_ancillary,
    pausing_gc,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import Identifier, ListEntry, NameQuality, Schema
from exportctl.text.countries import to_iso2

__all__ = ["OFAC_CONS", "OFAC_SDN", "OfacLegacyFormat", "RemarkFacts", "parse_remarks"]

#: The main file's Remarks field holds at most this many characters; the rest of a longer
#: value is published in sdn_comments.csv (observed in every edition staged, 2021-2025).
REMARKS_LIMIT = 1000

_SCHEMAS = {
    None: Schema.ORGANIZATION,
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
_ALT_KINDS = {"aka": "a.k.a.", "fka": "f.k.a.", "nka": "n.k.a."}
_REORDERED = " (reordered)"
# Identifiers that come from the main file's columns, not from the remarks.
_COLUMN_ID_TYPES = frozenset(
    {"Call Sign", "Vessel Type", "Tonnage", "GRT", "Vessel Flag", "Vessel Owner"}
)


def _null(value: str) -> str | None:
    """OFAC writes null as ``-0-`` followed by a space; empty is null too."""
    v = value.strip()
    return None if v in ("", "-0-") else v


# -- remarks ------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_VALUE_WORD = re.compile(r"(?<!\S)[^\s]*\d\S*")
_IMO = re.compile(r"\bIMO\b")
_WEAK_AKA = re.compile(r"\b([afn])\.k\.a\.\s+'(.+?)'(?=\s*(?:;|\.?\s*$))")
_ID_TYPE = re.compile(
    r"passport|\bID\b|identification|\bno\.|number|#|c\.u\.r\.p|r\.f\.c|d\.n\.i|c[eé]dula|"
    r"\bNIT\b|\bRUC\b|\bRIF\b|CUIT|\bIMO\b|MMSI|v\.a\.t|\bVAT\b|\bcode\b|registration|"
    r"licen[cs]e|\bcard\b|matr[ií]cula|folio|\bBIK\b|ISIN|\bSSN\b|FEIN|\btax\b|serial|"
    r"digital currency address|credencial|certificate|\bpermit\b|\bINN\b|OGRN|\bKPP\b|OKPO|USCC",
    re.IGNORECASE,
)
_NOT_ID = re.compile(
    r"^(phone|fax|telephone|e-?mail|website|listing date|effective date|organization "
    r"established|aircraft (manufacture date|model|operator)|vessel year)",
    re.IGNORECASE,
)


@dataclass
class RemarkFacts:
    """What :func:`parse_remarks` finds in one Remarks value."""

    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    weak_aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    linked_to: list[str] = field(default_factory=list)


def _identifier(item: str) -> Identifier | None:
    """``Passport D9019576 (Iran) issued 2005`` -> Identifier(Passport, D9019576, IR, note)."""
    body = item[5:] if item.startswith("alt. ") else item
    if body.startswith("SWIFT/BIC "):
        words = body.split()
        if len(words) < 2:
            return None
        cc = words[2].strip("()") if len(words) > 2 and words[2].startswith("(") else ""
        return Identifier(type="SWIFT/BIC", value=words[1], country=to_iso2(cc) if cc else None)
    # The value is the first word holding a digit; the words before it name the type.
    m = _VALUE_WORD.search(body)
    if m is None or m.group(0).startswith("("):
        return None
    type_ = body[: m.start()].strip()
    if not type_ or _NOT_ID.match(type_) or not _ID_TYPE.search(type_):
        return None
    if _IMO.search(type_):
        type_ = "IMO"  # "Vessel Registration Identification IMO 9187629" and similar
    rest = body[m.end() :].strip()
    country_text = ""
    if rest.startswith("(") and ")" in rest:
        country_text, _, after = rest[1:].partition(")")
        rest = after
    country = to_iso2(country_text) if country_text else None
    note_parts = [p for p in (country_text if not country else "", rest.strip()) if p]
    return Identifier(
        type=type_,
        value=m.group(0).rstrip(".,"),
        country=country,
        note="; ".join(note_parts) or None,
    )


# First words of remark items that never hold an identifier (a fast path past the regexes).
_SKIP_WORDS = frozenset(
    {
        "a.k.a.",
        "f.k.a.",
        "n.k.a.",
        "Gender",
        "Additional",
        "Secondary",
        "Transactions",
        "Executive",
        "Listing",
        "Effective",
        "Website",
        "Email",
        "Phone",
        "Organization",
        "Target",
        "Nationality",
        "CAATSA",
        "IFCA",
        "All",
        "all",
        "Former",
        "Purchase/Sales",
    }
)


def parse_remarks(text: str | None) -> RemarkFacts:
    """Extract dates and places of birth, nationalities, identifiers, weak aliases and links.

    Anything not recognised stays only in the remarks text, which entries keep whole.
    """
    facts = RemarkFacts()
    if not text:
        return facts
    if ".k.a. '" in text:
        for m in _WEAK_AKA.finditer(text):
            facts.weak_aliases.append((m.group(2), f"{m.group(1)}.k.a."))
    body = text.strip()
    body = body.removesuffix(".") if body.endswith(".") else body
    for raw in body.split("; "):
        item = raw.strip()
        first, _, tail = item.partition(" ")
        if first == "alt.":
            first, _, tail = tail.partition(" ")
        if not first or first in _SKIP_WORDS:
            continue
        if first == "DOB":
            facts.birth_dates.extend(dob_values(tail))
        elif first == "POB":
            facts.birth_places.append(clean(tail))
        elif first in ("nationality", "citizen"):
            code = to_iso2(tail)
            if code:
                facts.nationalities.append(code)
        elif first == "Linked" and tail.startswith("To:"):
            facts.linked_to.append(clean(tail[3:]))
        elif first == "SWIFT/BIC" or _DIGIT.search(tail):  # BICs may be letters only
            ident = _identifier(item)
            if ident is not None:
                facts.identifiers.append(ident)
    return facts


def natural_order(name: str) -> str | None:
    """``MORTEZAVI, Hasan`` -> ``Hasan MORTEZAVI`` (OFAC writes people surname first)."""
    if name.count(",") != 1:
        return None
    last, first = (p.strip() for p in name.split(","))
    if not last or not first:
        return None
    return f"{first} {last}"


# -- files --------------------------------------------------------------------------------


@dataclass
class _Main:
    line: int
    ent_num: str
    name: str
    type_: str | None
    programs: list[str]
    call_sign: str | None
    vessel: dict[str, str | None]
    remarks: str | None


@dataclass
class _Aux:
    """Rows of the auxiliary files, by ent_num, in file order."""

    addresses: dict[str, list[tuple[str | None, str | None, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    aliases: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lines: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))


def _records(path: Path, width: int, what: str) -> list[tuple[int, list[str]]]:
    text = decode(path)
    # The SUB byte that ends every OFAC legacy file is an MS-DOS end-of-file mark, not data.
    text = text.rstrip("\r\n \x1a")
    if "\x1a" in text:
        line = text.count("\n", 0, text.index("\x1a")) + 1
        raise parse_error(path, line, "SUB byte (0x1A) before the end of the file", "csv")
    rows = []
    for line, row in csv_records(path, text):
        if row == []:
            continue  # a blank line
        if len(row) != width:
            raise parse_error(
                path,
                line,
                f"expected {width} fields in an OFAC {what} row, found {len(row)} "
                "(not an OFAC legacy CSV file?)",
                "columns",
            )
        rows.append((line, row))
    return rows


def _ent_num(path: Path, line: int, value: str) -> str:
    v = value.strip()
    if not (v.isascii() and v.isdigit()) or len(v) > 18:
        raise parse_error(path, line, f"not a number: {v[:40]!r}", "ent_num")
    return str(int(v))


class OfacLegacyFormat:
    """Parser for one OFAC legacy CSV set (SDN or consolidated non-SDN).

    Entity ids are ``<source>:<ent_num>`` (``ofac-sdn:11644``).
    """

    def __init__(
        self, name: str, default_source: str, prefix: str, main: str, list_type: str
    ) -> None:
        self.name = name
        self.default_source = default_source
        # Auxiliary files alone (add/alt/comments) are merged onto the active version.
        self.merges_onto_base = True
        self._list_type = list_type
        self._roles = {
            f"{main}.csv": "main",
            f"{prefix}add.csv": "add",
            f"{prefix}alt.csv": "alt",
            f"{prefix}comments.csv" if prefix else "sdn_comments.csv": "comments",
        }
        self._main_name = f"{main}.csv"

    # -- detection --------------------------------------------------------------------

    def _role(self, path: Path) -> str | None:
        return self._roles.get(path.name.lower())

    def sniff(self, files: Sequence[Path]) -> bool:
        """The content check other formats consult (this format detects by content alone)."""
        return self.detect(files)

    def detect(self, files: Sequence[Path]) -> bool:
        """Every data file has one of this set's names, or is one main file by its content."""
        data = data_files(files)
        if not data:
            return False
        if all(self._role(f) for f in data):
            return len({self._role(f) for f in data}) == len(data)
        if len(data) == 1 and data[0].suffix.lower() == ".csv" and self.name == "ofac-legacy":
            return _looks_like_main(head(data[0]))
        return False

    # -- parsing ----------------------------------------------------------------------

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one edition; or, with only the auxiliary files, merge them into ``base``.

        Without the main file and with ``base`` (the entries of the source's active version),
        the result is ``base`` with, for each auxiliary file given, that part replaced: aliases
        from alt.csv, addresses (and so countries) from add.csv, the remarks overflow (and the
        facts parsed from remarks) from the comments file. Rows whose ent_num is not in
        ``base`` are counted in a warning. Without ``base`` that is an error: the main file is
        required.
        """
        src = source or self.default_source
        by_role: dict[str, Path] = {}
        for f in files:
            if is_ancillary(f):
                continue
            role = self._role(f)
            if role is None and len(files) == 1:
                role = "main"  # one renamed file, e.g. sdn-2024-05-03.csv
            if role is None:
                raise parse_error(
                    f,
                    None,
                    f"not a file of the OFAC legacy set (expected {', '.join(self._roles)})",
                    "file",
                )
            if role in by_role:
                raise parse_error(f, None, f"two {role} files given ({by_role[role].name})", "file")
            by_role[role] = f
        if not by_role:
            raise parse_error(
                ", ".join(str(f) for f in files) or "(no files)",
                None,
                "no OFAC legacy CSV file given",
                "file",
            )
        aux = _Aux()
        if "add" in by_role:
            self._read_add(by_role["add"], aux)
        if "alt" in by_role:
            self._read_alt(by_role["alt"], aux)
        if "comments" in by_role:
            self._read_comments(by_role["comments"], aux)
        warnings: list[str] = []
        used = tuple(by_role[r] for r in ("main", "add", "alt", "comments") if r in by_role)
        if "main" in by_role:
            entries = self._from_main(by_role["main"], src, aux, warnings)
        elif base is not None:
            entries = self._merge(base, set(by_role), aux, by_role, warnings)
        else:
            missing = self._main_name
            raise parse_error(
                next(iter(by_role.values())).parent,
                None,
                f"{missing} is required (only auxiliary files were given and the source "
                f"{src!r} has no active version to merge them into)",
                "file",
            )
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=None,
            files=used,
            warnings=tuple(warnings),
        )

    def _read_add(self, path: Path, aux: _Aux) -> None:
        for line, row in _records(path, 6, "address"):
            ent = _ent_num(path, line, row[0])
            aux.lines[ent].setdefault("add", line)
            street, city, country = _null(row[2]), _null(row[3]), _null(row[4])
            aux.addresses[ent].append((street, city, country))

    def _read_alt(self, path: Path, aux: _Aux) -> None:
        for line, row in _records(path, 5, "alias"):
            ent = _ent_num(path, line, row[0])
            aux.lines[ent].setdefault("alt", line)
            alt_type, alt_name = _null(row[2]), _null(row[3])
            if alt_name is None:
                raise parse_error(path, line, "empty alias name", "alt_name")
            kind = _ALT_KINDS.get((alt_type or "aka").lower().strip(), alt_type or "a.k.a.")
            aux.aliases[ent].append((alt_name, kind))

    def _read_comments(self, path: Path, aux: _Aux) -> None:
        for line, row in _records(path, 2, "comments"):
            ent = _ent_num(path, line, row[0])
            aux.lines[ent].setdefault("comments", line)
            # The overflow continues the Remarks text mid-word: keep its exact characters.
            if row[1].strip() not in ("", "-0-"):
                aux.comments[ent].append(row[1])

    def _read_main(self, path: Path) -> list[_Main]:
        rows: list[_Main] = []
        seen: dict[str, int] = {}
        for line, row in _records(path, 12, "main-file"):
            ent = _ent_num(path, line, row[0])
            if ent in seen:
                raise parse_error(
                    path, line, f"duplicate ent_num {ent} (first on line {seen[ent]})", "ent_num"
                )
            seen[ent] = line
            name = _null(row[1])
            if name is None:
                raise parse_error(path, line, "empty name", "SDN_Name")
            type_ = _null(row[2])
            if type_ is not None:
                type_ = type_.lower()
                if type_ not in _SCHEMAS:
                    raise parse_error(
                        path, line, f"unknown SDN_Type {row[2].strip()!r}", "SDN_Type"
                    )
            program = _null(row[3]) or ""
            programs = [p.strip(" []") for p in program.split("] [") if p.strip(" []")]
            vessel = {
                "Vessel Type": _null(row[6]),
                "Tonnage": _null(row[7]),
                "GRT": _null(row[8]),
                "Vessel Flag": _null(row[9]),
                "Vessel Owner": _null(row[10]),
            }
            # Title is not kept on its own: OFAC repeats it in Remarks (every row of the
            # 2024 edition that has a Title has it in Remarks too).
            # Remarks keep their exact characters: the overflow rule counts them.
            remarks = row[11] if _null(row[11]) is not None else None
            rows.append(_Main(line, ent, name, type_, programs, _null(row[5]), vessel, remarks))
        return rows

    def _from_main(self, path: Path, src: str, aux: _Aux, warnings: list[str]) -> list[ListEntry]:
        mains = self._read_main(path)
        known = {m.ent_num for m in mains}
        self._warn_orphans(aux, known, self._main_name, warnings)
        entries = []
        unmatched: list[str] = []
        for m in mains:
            b = EntryBuilder(source=src, native_id=m.ent_num, schema=_SCHEMAS[m.type_])
            b.list_types.append(self._list_type)
            b.add_name(m.name, NameQuality.PRIMARY, script_aware=False)
            if b.schema is Schema.PERSON:
                alt = natural_order(m.name)
                if alt:
                    b.add_name(alt, NameQuality.STRONG, kind="reordered")
            b.programs.extend(m.programs)
            if m.call_sign:
                b.add_identifier("Call Sign", m.call_sign)
            for type_, value in m.vessel.items():
                if value:
                    country = value if type_ == "Vessel Flag" else None
                    b.add_identifier(type_, value, country=country)
                    if country:
                        b.add_country(country)
            self._add_aliases(b, aux.aliases.get(m.ent_num, []))
            for street, city, country in aux.addresses.get(m.ent_num, []):
                b.add_address([street, city], city=city, country=country)
            remarks = self._remarks(m.ent_num, m.remarks, aux, unmatched)
            self._add_remark_facts(b, remarks)
            entries.append(b.build(path, m.line))
        self._warn_unmatched(unmatched, warnings)
        return entries

    @staticmethod
    def _remarks(ent: str, remarks: str | None, aux: _Aux, unmatched: list[str]) -> str | None:
        """Remarks with their overflow from the comments file appended verbatim."""
        extra = aux.comments.get(ent)
        if not extra:
            return remarks
        if remarks is None or len(remarks) < REMARKS_LIMIT:
            # Only a Remarks value cut at the limit continues in the comments file; anything
            # else means the files come from different editions.
            unmatched.append(ent)
            return remarks
        return remarks + "".join(extra)

    @staticmethod
    def _warn_unmatched(unmatched: list[str], warnings: list[str]) -> None:
        if unmatched:
            warnings.append(
                f"{len(unmatched)} comment row(s) ignored: the Remarks they would continue are "
                f"not cut at {REMARKS_LIMIT} characters (files from different editions?): "
                f"ent_num {', '.join(unmatched[:5])}{', ...' if len(unmatched) > 5 else ''}"
            )

    @staticmethod
    def _add_aliases(b: EntryBuilder, aliases: list[tuple[str, str]]) -> None:
        for alt_name, kind in aliases:
            b.add_name(alt_name, NameQuality.STRONG, kind=kind)
            if b.schema is Schema.PERSON:
                alt = natural_order(alt_name)
                if alt:
                    b.add_name(alt, NameQuality.STRONG, kind=kind + _REORDERED)

    @staticmethod
    def _add_remark_facts(b: EntryBuilder, remarks: str | None) -> None:
        facts = parse_remarks(remarks)
        b.birth_dates.extend(facts.birth_dates)
        b.birth_places.extend(facts.birth_places)
        b.nationalities.extend(facts.nationalities)
        for ident in facts.identifiers:
            b.add_identifier_obj(ident)
        for weak, kind in facts.weak_aliases:
            b.add_name(weak, NameQuality.WEAK, kind=kind, script_aware=False)
        if remarks:
            b.remarks.append(remarks)  # verbatim: see REMARKS_LIMIT

    def _warn_orphans(self, aux: _Aux, known: set[str], against: str, warnings: list[str]) -> None:
        for part, table in (
            ("addresses", aux.addresses),
            ("aliases", aux.aliases),
            ("comments", aux.comments),
        ):
            orphans = [e for e in table if e not in known]
            if orphans:
                rows = sum(len(table[e]) for e in orphans)
                warnings.append(
                    f"{rows} {part} rows for {len(orphans)} ent_num(s) not in {against} "
                    f"were ignored (e.g. {', '.join(sorted(orphans, key=int)[:3])})"
                )

    def _merge(
        self,
        base: Sequence[ListEntry],
        roles: set[str],
        aux: _Aux,
        by_role: dict[str, Path],
        warnings: list[str],
    ) -> list[ListEntry]:
        known = {e.native_id for e in base}
        self._warn_orphans(aux, known, "the active version", warnings)
        warnings.append(
            f"{self._main_name} not given: merged {', '.join(p.name for p in by_role.values())} "
            f"into the {len(base)} entries of the active version"
        )
        out = []
        unmatched: list[str] = []
        for e in base:
            ent = e.native_id
            b = EntryBuilder(source=e.source, native_id=ent, schema=e.schema, entity_id=e.entity_id)
            b.list_types.extend(e.list_types)
            b.programs.extend(e.programs)
            b.listed_on = e.listed_on
            b.reason, b.reference = e.reason, e.reference
            b.end_use_concerns.extend(e.end_use_concerns)
            new_remarks = e.remarks
            if "comments" in roles:
                sdn_part = e.remarks[:REMARKS_LIMIT] if e.remarks else None
                new_remarks = self._remarks(ent, sdn_part, aux, unmatched)
            # Facts parsed from unchanged remarks are kept, not parsed again.
            replace_remarks = new_remarks != e.remarks
            # Names in the order a full parse gives: caption (and its natural order), aliases
            # from alt.csv, weak aliases from the remarks; equal content must hash equal.
            weak = [n for n in e.names if n.quality is NameQuality.WEAK]
            for n in e.names:
                from_alt = (
                    n.quality is not NameQuality.WEAK
                    and n.kind is not None
                    and (n.kind.removesuffix(_REORDERED) in _ALT_KINDS.values())
                )
                if n.quality is NameQuality.WEAK or ("alt" in roles and from_alt):
                    continue
                b.names.append(n)
            if "alt" in roles:
                self._add_aliases(b, aux.aliases.get(ent, []))
            if not replace_remarks:
                b.names.extend(weak)  # else re-derived from the new remarks below
            column_ids = [i for i in e.identifiers if i.type in _COLUMN_ID_TYPES]
            flag = [i.country for i in column_ids if i.type == "Vessel Flag" and i.country]
            if "add" in roles:
                b.countries.extend(flag)
                for street, city, country in aux.addresses.get(ent, []):
                    b.add_address([street, city], city=city, country=country)
            else:
                b.addresses.extend(e.addresses)
                b.countries.extend(e.countries)
            if replace_remarks:
                b.identifiers.extend(column_ids)
                self._add_remark_facts(b, new_remarks)
            else:
                b.identifiers.extend(e.identifiers)
                b.birth_dates.extend(e.birth_dates)
                b.birth_places.extend(e.birth_places)
                b.nationalities.extend(e.nationalities)
                if e.remarks:
                    b.remarks.append(e.remarks)
            out.append(b.build(by_role[min(roles)], f"ent_num {ent}"))
        self._warn_unmatched(unmatched, warnings)
        return out


def _looks_like_main(data: bytes) -> bool:
    """The first line of an OFAC main file: ``36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",...``."""
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    return bool(re.match(r'^\d+,"[^"]*",(-0- ?|"(individual|vessel|aircraft)"),', first))


OFAC_SDN = OfacLegacyFormat("ofac-legacy", "ofac-sdn", "", "sdn", "SDN")
OFAC_CONS = OfacLegacyFormat("ofac-cons", "ofac-cons", "cons_", "cons_prim", "Non-SDN")
