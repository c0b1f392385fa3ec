"""EU Financial Sanctions Files (FSF), consolidated list, XML version 1.1.

Publisher spec: European Commission (DG FISMA), "Financial Sanctions Files" XML 1.1 and its
schema, published with the file at https://webgate.ec.europa.eu/fsd/fsf (namespace
``http://eu.europa.ec/fpi/fsd/export``). Layout, attributes in ``@``::

    export @generationDate @globalFileId
      sanctionEntity* @logicalId @euReferenceNumber @unitedNationId @designationDate
                      @designationDetails
        remark*
        regulation* @programme @numberTitle @publicationDate ...
        subjectType @code (person | enterprise) @classificationCode (P | E)
        nameAlias* @wholeName @firstName @middleName @lastName @nameLanguage @strong
                   @function @title @gender; remark*
        citizenship* @countryIso2Code @countryDescription
        birthdate* @birthdate | @year | @yearRangeFrom @yearRangeTo; @circa @calendarType
                   @city @place @region @countryIso2Code @countryDescription
        address* @street @poBox @zipCode @city @region @place @countryIso2Code
                 @countryDescription; remark*
        identification* @number @identificationTypeCode @identificationTypeDescription
                        @countryIso2Code @issueDate @validTo @knownExpired @knownFalse; remark*

Mapping: entity id ``eu:<logicalId>``; the caption is the first strong Latin-script name
(English or unspecified language first); ``strong="false"`` or an alias remark saying "low
quality" makes a weak name; a non-Latin name is ``original_script``; ``regulation@programme``
gives the programmes; ``generationDate`` is the publication date; ``designationDate`` the
listing date. ``countryIso2Code="00"`` means unknown.
"""

from __future__ import annotations

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
    is_latin,
    one_data_file,
    parse_date,
    pausing_gc,
    small_int,
    year_range,
)
from exportctl.lists.formats._xml import children, load_xml, local
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema

__all__ = ["EU_FSF", "EuFsfFormat"]

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

_SCHEMAS = {"person": Schema.PERSON, "enterprise": Schema.ORGANIZATION}


def _attr(el: Element, name: str) -> str:
    return clean(el.get(name))


def _country(el: Element) -> str | None:
    """The element's country: ISO code unless ``00`` (unknown), else the description."""
    code = _attr(el, "countryIso2Code")
    if code and code != "00":
        return code
    desc = _attr(el, "countryDescription")
    return desc if desc and desc.upper() != "UNKNOWN" else None


def _remarks(el: Element) -> list[str]:
    return [clean(r.text) for r in children(el, "remark") if clean(r.text)]


class EuFsfFormat(SniffedFormat):
    """Parser for the EU FSF XML 1.1 full file (entity ids ``eu:<logicalId>``)."""

    name = "eu-fsf"
    default_source = "eu"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """One XML file with an ``export`` root in the FSF namespace."""
        data = data_files(files)
        if len(data) != 1:
            return False
        start = head(data[0], 4096)
        return b"<export" in start and NAMESPACE.encode() in start

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one FSF XML file; ``base`` is not used (the file is always complete)."""
        src = source or self.default_source
        path = one_data_file(files, "EU FSF XML")
        root = load_xml(path)
        if local(root.tag) != "export":
            raise parse_error(
                path,
                local(root.tag) or "root",
                f"root element is {local(root.tag)!r}, not export (not an EU FSF file?)",
                "XML",
            )
        warnings: list[str] = []
        published = None
        generated = root.get("generationDate")
        if generated:
            published = parse_date(generated)
            if published is None:
                warnings.append(f"generationDate {generated!r} is not a date; ignored")
        entries: list[ListEntry] = []
        seen: dict[str, str] = {}
        for i, el in enumerate(children(root, "sanctionEntity"), 1):
            where = f"sanctionEntity[{i}]"
            lid = _attr(el, "logicalId")
            if not lid:
                raise parse_error(path, where, "missing", "logicalId")
            where = f"{where} (logicalId {lid})"
            if lid in seen:
                raise parse_error(
                    path, where, f"duplicate logicalId (also {seen[lid]})", "logicalId"
                )
            seen[lid] = where
            entries.append(self._entry(path, where, el, lid, src, warnings))
        if not entries:
            raise parse_error(path, "export", "no sanctionEntity elements", "XML")
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=published,
            files=(path,),
            warnings=tuple(warnings),
        )

    def _entry(
        self, path: Path, where: str, el: Element, lid: str, src: str, warnings: list[str]
    ) -> ListEntry:
        subject = children(el, "subjectType")
        code = _attr(subject[0], "code").lower() if subject else ""
        b = EntryBuilder(source=src, native_id=lid, schema=_SCHEMAS.get(code, Schema.UNKNOWN))
        b.list_types.append("EU Consolidated Financial Sanctions List")
        for reg in children(el, "regulation"):
            if _attr(reg, "programme"):
                b.programs.append(_attr(reg, "programme"))
        designated = _attr(el, "designationDate")
        if designated:
            b.listed_on = parse_date(designated)
            if b.listed_on is None:
                warnings.append(f"{where}: designationDate {designated!r} is not a date")
        for r in _remarks(el):
            b.add_remark(r)
        refs = [
            f"EU reference {_attr(el, 'euReferenceNumber')}"
            if _attr(el, "euReferenceNumber")
            else "",
            f"UN reference {_attr(el, 'unitedNationId')}" if _attr(el, "unitedNationId") else "",
            _attr(el, "designationDetails"),
        ]
        b.add_remark("; ".join(r for r in refs if r))
        self._names(b, el)
        for c in children(el, "citizenship"):
            b.add_nationality(_country(c))
        for bd in children(el, "birthdate"):
            self._birth(b, bd)
        for a in children(el, "address"):
            self._address(b, a)
        for ident in children(el, "identification"):
            self._identification(b, ident)
        return b.build(path, where)

    @staticmethod
    def _address(b: EntryBuilder, a: Element) -> None:
        street = ", ".join(p for p in (_attr(a, "street"), _attr(a, "poBox")) if p)
        parts = [
            street,
            _attr(a, "zipCode"),
            _attr(a, "city"),
            _attr(a, "region"),
            _attr(a, "place"),
        ]
        code = _country(a)
        desc = _attr(a, "countryDescription")
        name = desc if desc and desc.upper() != "UNKNOWN" else code
        if any(parts) or code:
            b.add_address(parts, city=_attr(a, "city") or None, country=name, country_code=code)
        for r in _remarks(a):
            b.add_remark(f"Address ({', '.join(p for p in parts if p) or name}): {r}")

    @staticmethod
    def _identification(b: EntryBuilder, ident: Element) -> None:
        number = _attr(ident, "number") or _attr(ident, "latinNumber")
        kind = (
            _attr(ident, "identificationTypeDescription")
            or _attr(ident, "identificationTypeCode")
            or "Identification"
        )
        flags = [
            f
            for f in ("knownExpired", "knownFalse", "reportedLost", "revokedByIssuer", "diplomatic")
            if ident.get(f) == "true"
        ]
        notes = [
            f"issued {_attr(ident, 'issueDate')}" if _attr(ident, "issueDate") else "",
            f"valid to {_attr(ident, 'validTo')}" if _attr(ident, "validTo") else "",
            *flags,
            *_remarks(ident),
        ]
        note = "; ".join(n for n in notes if n)
        b.add_identifier(kind, number, country=_country(ident), note=note or None)

    @staticmethod
    def _names(b: EntryBuilder, el: Element) -> None:
        aliases = children(el, "nameAlias")
        candidates = []
        for a in aliases:
            whole = _attr(a, "wholeName") or " ".join(
                p
                for p in (_attr(a, "firstName"), _attr(a, "middleName"), _attr(a, "lastName"))
                if p
            )
            if not whole:
                continue
            remarks = " ".join(_remarks(a)).lower()
            weak = a.get("strong") == "false" or "low quality" in remarks
            lang = _attr(a, "nameLanguage").lower() or None
            candidates.append((whole, weak, lang, a))
        # The caption: the first strong Latin-script name, English or language-less first.
        ranked = [c for c in candidates if not c[1] and is_latin(c[0])]
        ranked.sort(key=lambda c: c[2] not in (None, "en"))
        caption = ranked[0][0] if ranked else None
        for whole, weak, lang, a in candidates:
            if whole == caption:
                b.add_name(whole, NameQuality.PRIMARY, lang=lang, script_aware=False)
            elif weak:
                b.add_name(
                    whole, NameQuality.WEAK, kind="low quality", lang=lang, script_aware=False
                )
            else:
                b.add_name(whole, NameQuality.STRONG, lang=lang)
            for extra, label in ((_attr(a, "function"), "Function"), (_attr(a, "title"), "Title")):
                if extra:
                    b.add_remark(f"{label}: {extra}")

    @staticmethod
    def _birth(b: EntryBuilder, bd: Element) -> None:
        full = _attr(bd, "birthdate")
        gregorian = _attr(bd, "calendarType").upper() in ("", "GREGORIAN")
        if full:
            # @birthdate is Gregorian even when @calendarType says the list gave another one.
            b.birth_dates.extend(dob_values(full))
        elif _attr(bd, "yearRangeFrom") and _attr(bd, "yearRangeTo"):
            lo, hi = small_int(_attr(bd, "yearRangeFrom")), small_int(_attr(bd, "yearRangeTo"))
            if lo is not None and hi is not None:
                b.birth_dates.extend(year_range(lo, hi))
        elif _attr(bd, "year") and gregorian:
            year, month = _attr(bd, "year"), small_int(_attr(bd, "monthOfYear"), 2)
            known_month = month is not None and 1 <= month <= 12
            text = f"{year}-{month:02d}" if known_month else year
            b.birth_dates.extend(dob_values(text))
        place = ", ".join(
            p
            for p in (
                _attr(bd, "city").strip("-").strip(),
                _attr(bd, "place"),
                _attr(bd, "region"),
                _attr(bd, "countryDescription")
                if _attr(bd, "countryIso2Code") not in ("", "00")
                else "",
            )
            if p
        )
        if place:
            b.birth_places.append(place)


EU_FSF = EuFsfFormat()
