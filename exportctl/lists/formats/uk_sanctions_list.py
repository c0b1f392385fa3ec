"""UK Sanctions List (FCDO), XML: the UK's single list of designations since 28 January 2026.

Publisher: Foreign, Commonwealth & Development Office, "The UK Sanctions List",
https://www.gov.uk/government/publications/the-uk-sanctions-list; file
https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml (Open Government Licence v3.0).
It replaced OFSI's Consolidated List of Financial Sanctions Targets (``uk-hmt``), whose asset
freeze data it carries (``OFSIGroupID``). No namespace; element text only::

    Designations
      DateGenerated                  dd/mm/yyyy
      Designation*
        LastUpdated, DateDesignated  dd/mm/yyyy
        UniqueID                     the FCDO reference (AFG0001, RUS0123): the entity id
        OFSIGroupID, UNReferenceNumber
        Names/Name*                  Name1..Name5 (given names), Name6 (surname or whole
                                     name), NameType (Primary Name | Primary name variation |
                                     Alias), AliasStrength (Good quality a.k.a | Low quality)
        NonLatinNames/NonLatinName*  NameNonLatinScript, NonLatinScriptType/Language
        Titles/Title*, RegimeName, IndividualEntityShip (Individual | Entity | Ship),
        DesignationSource (UK | UN), SanctionsImposed (a|b), OtherInformation,
        UKStatementofReasons
        Addresses/Address*           AddressLine1..6, AddressPostalCode, AddressCountry
        IndividualDetails/Individual DOBs/DOB (dd/mm/yyyy; "dd/mm/1945" = year only),
                                     Nationalities/Nationality, Positions/Position,
                                     BirthDetails/Location (TownOfBirth, CountryOfBirth),
                                     PassportDetails/Passport (PassportNumber, ...)
        ShipDetails/Ship             IMONumbers/IMONumber, CurrentBelievedFlagOfShips/...

Mapping: entity id ``uk-sl:<UniqueID>``; the Primary Name is the caption, a primary name
variation or good-quality alias a strong name, a low-quality alias a weak one, a non-Latin
name ``original_script``; RegimeName is the programme; DateGenerated the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from exportctl.lists.formats._common import (
    EntryBuilder,
    SniffedFormat,
    clean,
    data_files,
    dob_values,
    head,
    one_data_file,
    parse_date,
    pausing_gc,
)
from exportctl.lists.formats._xml import Kids, children, load_xml, local
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["UK_SANCTIONS_LIST", "UkSanctionsListFormat"]

_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}


def _texts(el: Element | None, *path: str) -> list[str]:
    """Texts of the elements at ``path`` below ``el`` (each step a child name)."""
    found = [el] if el is not None else []
    for step in path:
        found = [c for f in found for c in children(f, step)]
    return [t for t in (clean(f.text) for f in found) if t]


def _dmy(value: str) -> str:
    """``dd/mm/1945`` (only the year known) -> ``00/00/1945`` for the date parser."""
    return re.sub(r"\b(dd|mm)\b", "00", value, flags=re.IGNORECASE)


class UkSanctionsListFormat(SniffedFormat):
    """Parser for the FCDO UK Sanctions List XML (entity ids ``uk-sl:<UniqueID>``)."""

    name = "uk-sanctions-list"
    default_source = "uk-sl"
    merges_onto_base = False

    def sniff(self, files: Sequence[Path]) -> bool:
        """One XML file whose root is ``Designations``."""
        data = data_files(files)
        return len(data) == 1 and b"<Designations" in head(data[0], 4096)

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one UK Sanctions List XML file (always a complete edition)."""
        src = source or self.default_source
        path = one_data_file(files, "UK Sanctions List XML")
        root = load_xml(path)
        if local(root.tag) != "Designations":
            raise parse_error(
                path,
                local(root.tag) or "root",
                f"root element is {local(root.tag)!r}, not Designations "
                "(not a UK Sanctions List file?)",
                "XML",
            )
        warnings: list[str] = []
        generated = Kids(root).text("DateGenerated")
        published = parse_date(_dmy(generated), order="dmy") if generated else None
        if generated and published is None:
            warnings.append(f"DateGenerated {generated!r} is not a date; ignored")
        entries: list[ListEntry] = []
        seen: dict[str, str] = {}
        for i, el in enumerate(children(root, "Designation"), 1):
            where = f"Designation[{i}]"
            uid = clean(Kids(el).text("UniqueID"))
            if not uid:
                raise parse_error(path, where, "missing", "UniqueID")
            where = f"{where} (UniqueID {uid})"
            if uid in seen:
                raise parse_error(path, where, f"duplicate UniqueID (also {seen[uid]})", "UniqueID")
            seen[uid] = where
            entries.append(self._entry(path, where, el, uid, src, warnings))
        if not entries:
            raise parse_error(path, "Designations", "no Designation elements", "XML")
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=(path,),
            warnings=tuple(warnings),
        )

    def _entry(
        self, path: Path, where: str, el: Element, uid: str, src: str, warnings: list[str]
    ) -> ListEntry:
        k = Kids(el)
        kind = (k.text("IndividualEntityShip") or "").lower()
        if kind not in _SCHEMAS:
            raise parse_error(path, where, f"unknown type {kind!r}", "IndividualEntityShip")
        b = EntryBuilder(source=src, native_id=uid, schema=_SCHEMAS[kind])
        b.list_types.append("UK Sanctions List")
        b.programs.extend(_texts(el, "RegimeName"))
        designated = k.text("DateDesignated")
        if designated:
            b.listed_on = parse_date(_dmy(designated), order="dmy")
            if b.listed_on is None:
                warnings.append(f"{where}: DateDesignated {designated!r} is not a date")
        self._names(b, el)
        for title in _texts(el, "Titles", "Title"):
            b.add_remark(f"Title: {title}")
        refs = [
            f"OFSI group {k.text('OFSIGroupID')}" if k.text("OFSIGroupID") else "",
            f"UN reference {k.text('UNReferenceNumber')}" if k.text("UNReferenceNumber") else "",
            f"designated by {k.text('DesignationSource')}" if k.text("DesignationSource") else "",
            f"sanctions: {k.text('SanctionsImposed')}" if k.text("SanctionsImposed") else "",
        ]
        b.add_remark("; ".join(r for r in refs if r))
        b.add_remark(k.text("OtherInformation"))
        b.reason = clean(k.text("UKStatementofReasons")) or None
        for a in [a for addrs in k.all("Addresses") for a in children(addrs, "Address")]:
            ak = Kids(a)
            lines = [ak.text(f"AddressLine{n}") for n in range(1, 7)]
            b.add_address(
                [*lines, ak.text("AddressPostalCode")],
                city=ak.text("AddressLine6"),
                country=ak.text("AddressCountry"),
            )
        for ind in [i for d in k.all("IndividualDetails") for i in children(d, "Individual")]:
            self._individual(b, ind, where, warnings)
        for ship in [s for d in k.all("ShipDetails") for s in children(d, "Ship")]:
            for imo in _texts(ship, "IMONumbers", "IMONumber"):
                b.add_identifier("IMO", imo)
            for flag in _texts(ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip"):
                b.add_remark(f"Flag: {flag}")
        return b.build(path, where)

    @staticmethod
    def _names(b: EntryBuilder, el: Element) -> None:
        for names in children(el, "Names"):
            for n in children(names, "Name"):
                nk = Kids(n)
                parts = [nk.text(f"Name{i}") for i in (1, 2, 3, 4, 5, 6)]
                whole = nk.text("Name") or " ".join(p for p in parts if p)
                kind = (nk.text("NameType") or "").lower()
                strength = (nk.text("AliasStrength") or "").lower()
                if kind == "primary name":
                    b.add_name(whole, NameQuality.PRIMARY, script_aware=False)
                elif "low" in strength:
                    b.add_name(whole, NameQuality.WEAK, kind="low quality")
                else:
                    b.add_name(whole, NameQuality.STRONG, kind=kind or None)
        for group in children(el, "NonLatinNames"):
            for n in children(group, "NonLatinName"):
                nk = Kids(n)
                b.add_name(
                    nk.text("NameNonLatinScript"),
                    NameQuality.ORIGINAL_SCRIPT,
                    lang=nk.text("NonLatinScriptLanguage"),
                    script_aware=False,
                )

    @staticmethod
    def _individual(b: EntryBuilder, ind: Element, where: str, warnings: list[str]) -> None:
        for dob in _texts(ind, "DOBs", "DOB"):
            values = dob_values(_dmy(dob), order="dmy")
            if not values:
                warnings.append(f"{where}: DOB {dob!r} is not a date")
            b.birth_dates.extend(values)
        for nat in _texts(ind, "Nationalities", "Nationality"):
            b.add_nationality(nat)
        for pos in _texts(ind, "Positions", "Position"):
            b.add_remark(f"Position: {pos}")
        for loc in [x for d in children(ind, "BirthDetails") for x in children(d, "Location")]:
            lk = Kids(loc)
            place = ", ".join(p for p in (lk.text("TownOfBirth"), lk.text("CountryOfBirth")) if p)
            if place:
                b.birth_places.append(place)
        for pp in [p for d in children(ind, "PassportDetails") for p in children(d, "Passport")]:
            pk = Kids(pp)
            b.add_identifier(
                "Passport", pk.text("PassportNumber"), note=pk.text("PassportAdditionalInformation")
            )


UK_SANCTIONS_LIST = UkSanctionsListFormat()
