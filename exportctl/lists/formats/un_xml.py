"""UN Security Council Consolidated List, XML.

Publisher spec: United Nations Security Council, consolidated list XML and its schema
https://scsanctions.un.org/resources/xml/en/consolidated.xml and
https://www.un.org/sc/resources/sc-sanctions.xsd. Layout::

    CONSOLIDATED_LIST @dateGenerated
      INDIVIDUALS / INDIVIDUAL*   ENTITIES / ENTITY*
        DATAID VERSIONNUM FIRST_NAME SECOND_NAME THIRD_NAME FOURTH_NAME UN_LIST_TYPE
        REFERENCE_NUMBER LISTED_ON NAME_ORIGINAL_SCRIPT COMMENTS1 TITLE/VALUE*
        DESIGNATION/VALUE* NATIONALITY/VALUE* LIST_TYPE/VALUE* LAST_DAY_UPDATED/VALUE*
        INDIVIDUAL_ALIAS* | ENTITY_ALIAS*: QUALITY (Good, Low, a.k.a., f.k.a.) ALIAS_NAME
            [DATE_OF_BIRTH CITY_OF_BIRTH COUNTRY_OF_BIRTH NOTE]
        INDIVIDUAL_ADDRESS* | ENTITY_ADDRESS*: STREET CITY STATE_PROVINCE ZIP_CODE COUNTRY NOTE
        INDIVIDUAL_DATE_OF_BIRTH*: TYPE_OF_DATE (EXACT, APPROXIMATELY, BETWEEN) DATE | YEAR |
            FROM_YEAR TO_YEAR
        INDIVIDUAL_PLACE_OF_BIRTH*: CITY STATE_PROVINCE COUNTRY
        INDIVIDUAL_DOCUMENT*: TYPE_OF_DOCUMENT TYPE_OF_DOCUMENT2 NUMBER ISSUING_COUNTRY
            DATE_OF_ISSUE CITY_OF_ISSUE COUNTRY_OF_ISSUE NOTE

Mapping: the caption is FIRST..FOURTH_NAME joined (a placeholder part, "na", left out);
NAME_ORIGINAL_SCRIPT is an ``original_script`` name; an ALIAS_NAME listing several spellings
("Fazel Rahim; Fazil Rahim") gives one name each; alias QUALITY ``Good``/``a.k.a.``/``f.k.a.``
is strong and ``Low`` weak; UN_LIST_TYPE is the programme; ``dateGenerated`` is the
publication date. Entity id: ``un:<REFERENCE_NUMBER>`` (``un:IQi.001``).
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
    small_int,
    year_range,
)
from exportctl.lists.formats._xml import Kids, child_text, children, load_xml, local
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["UN_XML", "UnXmlFormat"]

# Name parts the UN list fills with a placeholder instead of leaving them empty (TAi.153's
# FOURTH_NAME is "na"): not a word of the name.
_NOT_AVAILABLE = frozenset({"na", "n/a", "n.a.", "-"})

# Some ALIAS_NAME fields list several spellings: "Fazel Rahim; Fazil Rahim", or lettered
# "Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet".
_ALIAS_SEP_RE = re.compile(r"\s*;\s*|\s+[b-h]\)\s+")


def _alias_names(value: str) -> list[str]:
    """The names in one ALIAS_NAME field. A parenthesis is left whole: "حسن غول (Hassan Ghul;
    Hasan Gul)" is one name in two scripts, which the entry builder splits."""
    if "(" in value:
        return [value]
    return [v for v in _ALIAS_SEP_RE.split(value) if v]


_QUALITY = {
    "good": NameQuality.STRONG,
    "a.k.a.": NameQuality.STRONG,
    "f.k.a.": NameQuality.STRONG,
    "low": NameQuality.WEAK,
}


def _values(k: Kids, name: str) -> list[str]:
    """``<NATIONALITY><VALUE>a</VALUE><VALUE>b</VALUE></NATIONALITY>`` -> [a, b]."""
    out = []
    for c in k.all(name):
        for v in children(c, "VALUE"):
            t = clean(v.text)
            if t:
                out.append(t)
    return out


def _join(*parts: str | None) -> str:
    return ", ".join(p for p in (clean(x) for x in parts) if p)


class UnXmlFormat(SniffedFormat):
    """Parser for the UN SC consolidated list XML (entity ids ``un:<REFERENCE_NUMBER>``)."""

    name = "un-xml"
    default_source = "un"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """One XML file whose root element is CONSOLIDATED_LIST."""
        data = data_files(files)
        if len(data) != 1:
            return False
        start = head(data[0], 2048)
        return b"<CONSOLIDATED_LIST" in start

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one consolidated.xml; ``base`` is not used (the file is always complete)."""
        src = source or self.default_source
        path = one_data_file(files, "UN XML")
        root = load_xml(path)
        if local(root.tag) != "CONSOLIDATED_LIST":
            raise parse_error(
                path,
                local(root.tag) or "root",
                f"root element is {local(root.tag)!r}, not CONSOLIDATED_LIST "
                "(not a UN consolidated list?)",
                "XML",
            )
        warnings: list[str] = []
        published = None
        generated = root.get("dateGenerated")
        if generated:
            published = parse_date(generated)
            if published is None:
                warnings.append(f"dateGenerated {generated!r} is not a date; ignored")
        entries: list[ListEntry] = []
        seen: dict[str, str] = {}
        for group, tag, schema in (
            ("INDIVIDUALS", "INDIVIDUAL", Schema.PERSON),
            ("ENTITIES", "ENTITY", Schema.ORGANIZATION),
        ):
            for g in children(root, group):
                for i, el in enumerate(children(g, tag), 1):
                    where = f"{group}/{tag}[{i}]"
                    entry = self._entry(path, where, el, tag, schema, src, warnings)
                    if entry.native_id in seen:
                        raise parse_error(
                            path,
                            where,
                            f"duplicate REFERENCE_NUMBER {entry.native_id} "
                            f"(also {seen[entry.native_id]})",
                            "REFERENCE_NUMBER",
                        )
                    seen[entry.native_id] = where
                    entries.append(entry)
        if not entries:
            raise parse_error(path, "CONSOLIDATED_LIST", "no INDIVIDUAL or ENTITY elements", "XML")
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=(path,),
            warnings=tuple(warnings),
        )

    def _entry(
        self,
        path: Path,
        where: str,
        el: Element,
        tag: str,
        schema: Schema,
        src: str,
        warnings: list[str],
    ) -> ListEntry:
        k = Kids(el)
        ref = k.text("REFERENCE_NUMBER")
        if not ref:
            raise parse_error(path, where, "missing", "REFERENCE_NUMBER")
        where = f"{where} ({ref})"
        b = EntryBuilder(source=src, native_id=ref, schema=schema)
        name_parts = [
            clean(k.text(n)) for n in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        caption = " ".join(p for p in name_parts if p and p.lower() not in _NOT_AVAILABLE)
        if not caption:
            raise parse_error(path, where, "no name", "FIRST_NAME")
        b.add_name(caption, NameQuality.PRIMARY, script_aware=False)
        original = k.text("NAME_ORIGINAL_SCRIPT")
        if original:
            b.add_name(original, NameQuality.ORIGINAL_SCRIPT, kind="original script")
        program = k.text("UN_LIST_TYPE")
        if program:
            b.programs.append(program)
        b.list_types.extend(_values(k, "LIST_TYPE") or ["UN List"])
        listed = k.text("LISTED_ON")
        if listed:
            b.listed_on = parse_date(listed)
            if b.listed_on is None:
                warnings.append(f"{where}: LISTED_ON {listed!r} is not a date; ignored")
        for n in _values(k, "NATIONALITY"):
            b.add_nationality(n)
        address_notes = []
        for addr in k.all(f"{tag}_ADDRESS"):
            street, city = child_text(addr, "STREET"), child_text(addr, "CITY")
            state, zip_code = child_text(addr, "STATE_PROVINCE"), child_text(addr, "ZIP_CODE")
            country, note = child_text(addr, "COUNTRY"), child_text(addr, "NOTE")
            parts = [street, city, state, zip_code]
            if any(parts) or country:
                b.add_address(parts, city=city, country=country)
            if note and (any(parts) or country):
                address_notes.append(f"Address ({_join(city, country)}): {clean(note)}")
        for dob in k.all("INDIVIDUAL_DATE_OF_BIRTH"):
            b.birth_dates.extend(_dates(dob))
        for pob in k.all("INDIVIDUAL_PLACE_OF_BIRTH"):
            place = _join(
                child_text(pob, "CITY"),
                child_text(pob, "STATE_PROVINCE"),
                child_text(pob, "COUNTRY"),
            )
            if place:
                b.birth_places.append(place)
        # Alias dates and places of birth come after the entry's own.
        for alias in k.all(f"{tag}_ALIAS"):
            self._alias(b, alias)
        for doc in k.all("INDIVIDUAL_DOCUMENT"):
            self._document(b, doc)
        # COMMENTS1 is hard-wrapped at about 90 characters; the line breaks carry no meaning.
        b.add_remark(clean(k.text("COMMENTS1")))
        titles = _values(k, "TITLE")
        if titles:
            b.add_remark("Title: " + "; ".join(titles))
        designations = _values(k, "DESIGNATION")
        if designations:
            b.add_remark("Designation: " + "; ".join(designations))
        for note in address_notes:
            b.add_remark(note)
        return b.build(path, where)

    @staticmethod
    def _alias(b: EntryBuilder, alias: Element) -> None:
        name = child_text(alias, "ALIAS_NAME")
        if not name:
            return
        raw = clean(child_text(alias, "QUALITY"))
        quality = _QUALITY.get(raw.lower(), NameQuality.STRONG)
        for one in _alias_names(name):
            b.add_name(one, quality, kind=raw or None)
        dob = child_text(alias, "DATE_OF_BIRTH")
        if dob:
            b.birth_dates.extend(dob_values(dob))
        place = _join(child_text(alias, "CITY_OF_BIRTH"), child_text(alias, "COUNTRY_OF_BIRTH"))
        if place:
            b.birth_places.append(place)

    @staticmethod
    def _document(b: EntryBuilder, doc: Element) -> None:
        number = child_text(doc, "NUMBER")
        if not number:
            return
        kind = child_text(doc, "TYPE_OF_DOCUMENT") or "Document"
        kind2 = child_text(doc, "TYPE_OF_DOCUMENT2")
        if kind2:
            kind = f"{kind} ({clean(kind2)})"
        country = child_text(doc, "ISSUING_COUNTRY") or child_text(doc, "COUNTRY_OF_ISSUE")
        note = "; ".join(
            p
            for p in (
                f"issued {child_text(doc, 'DATE_OF_ISSUE')}"
                if child_text(doc, "DATE_OF_ISSUE")
                else "",
                f"in {child_text(doc, 'CITY_OF_ISSUE')}"
                if child_text(doc, "CITY_OF_ISSUE")
                else "",
                clean(child_text(doc, "NOTE")),
            )
            if p
        )
        b.add_identifier(kind, number, country=country, note=note or None)


def _dates(dob: Element) -> list[str]:
    """One INDIVIDUAL_DATE_OF_BIRTH as ISO prefixes (a BETWEEN range gives each year)."""
    exact = child_text(dob, "DATE")
    if exact:
        return dob_values(exact[:10])
    year = child_text(dob, "YEAR")
    if year:
        return dob_values(year)
    lo, hi = child_text(dob, "FROM_YEAR"), child_text(dob, "TO_YEAR")
    lo_year, hi_year = small_int(lo or ""), small_int(hi or "")
    if lo_year is not None and hi_year is not None:
        return year_range(lo_year, hi_year)
    return dob_values(lo or hi or "")


UN_XML = UnXmlFormat()
