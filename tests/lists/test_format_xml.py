"""UN consolidated XML and EU FSF XML: every field of the fixtures, and hostile or broken XML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.formats.eu_fsf import EU_FSF
from exportctl.lists.formats.un_xml import UN_XML
from exportctl.model import Address, EntryName, Identifier, NameQuality, Schema


def test_un_fixture_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "un" / "consolidated.xml"
    parsed = UN_XML.parse([path])
    assert (parsed.source, parsed.format, parsed.files) == ("un", "un-xml", (path,))
    assert parsed.published == date(2026, 1, 15)  # dateGenerated
    assert parsed.warnings == ()
    karimi, kim, emi = parsed.entries

    assert (karimi.entity_id, karimi.native_id, karimi.schema) == (
        "un:IRi.901",
        "IRi.901",
        Schema.PERSON,
    )
    assert karimi.names == (
        EntryName(value="HASSAN ALI REZA KARIMI", quality=NameQuality.PRIMARY),
        EntryName(
            value="حسن علی رضا کریمی", quality=NameQuality.ORIGINAL_SCRIPT, kind="original script"
        ),
        EntryName(value="Hasan Karimi", quality=NameQuality.STRONG, kind="Good"),
        EntryName(value="Abu Reza", quality=NameQuality.WEAK, kind="Low"),
        EntryName(value="H. A. Karimi", quality=NameQuality.STRONG, kind="a.k.a."),
    )
    assert karimi.programs == ("Iran",)
    assert karimi.list_types == ("UN List",)
    assert karimi.listed_on == date(2008, 3, 3)
    assert karimi.nationalities == ("IR", "SY")
    assert karimi.countries == ("IR",)
    assert karimi.addresses == (
        Address(
            text="12 Example Avenue, Tehran, Tehran Province, 14136, Iran (Islamic Republic of)",
            city="Tehran",
            country="IR",
            country_name="Iran (Islamic Republic of)",
        ),
    )
    # Own dates first (EXACT date, APPROXIMATELY year), then the alias's.
    assert karimi.birth_dates == ("1958-02-22", "1957", "1959-07-08")
    assert karimi.birth_places == (
        "Tabriz, East Azerbaijan, Iran (Islamic Republic of)",
        "Qom, Iran",
    )
    assert karimi.identifiers == (
        Identifier(
            type="Passport",
            value="P1234567",
            country="IR",
            note="issued 2011-01-01; in Tehran; expired",
        ),
        Identifier(type="National Identification Number (Iranian ID)", value="0-123-456"),
    )
    assert karimi.remarks == (
        "Head of procurement for the machine-tool programme.\nTitle: Dr.\n"
        "Designation: Procurement director\n"
        "Address (Tehran, Iran (Islamic Republic of)): as of 2019"
    )

    assert kim.entity_id == "un:KPi.901"
    assert kim.listed_on == date(2016, 3, 2)  # "2016-03-02-05:00": offset ignored
    assert kim.birth_dates == ("1970", "1971", "1972")  # BETWEEN 1970 and 1972
    assert kim.names[1] == EntryName(value="Kim Chol-su", kind="f.k.a.")
    assert kim.addresses == ()
    assert kim.remarks is None

    assert (emi.entity_id, emi.schema) == ("un:IRe.901", Schema.ORGANIZATION)
    assert [(n.value, n.quality) for n in emi.names] == [
        ("EXAMPLE MACHINE INDUSTRIES", NameQuality.PRIMARY),
        ("EMI", NameQuality.STRONG),
        ("Machine Works", NameQuality.WEAK),
    ]
    assert emi.countries == ("IR",)


def test_eu_fixture_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "eu_fsf" / "eu_fsf.xml"
    assert EU_FSF.detect([path])
    assert not UN_XML.detect([path])
    parsed = EU_FSF.parse([path])
    assert (parsed.source, parsed.format, parsed.published) == ("eu", "eu-fsf", date(2026, 3, 10))
    nasser, works, jan = parsed.entries

    assert (nasser.entity_id, nasser.schema, nasser.listed_on) == (
        "eu:9001",
        Schema.PERSON,
        date(2012, 5, 15),
    )
    assert nasser.names == (
        EntryName(value="Karim Hadi NASSER", quality=NameQuality.PRIMARY, lang="en"),
        EntryName(value="كريم هادي ناصر", quality=NameQuality.ORIGINAL_SCRIPT, lang="ar"),
        EntryName(value="Karim Hadi Nasser", lang="fr"),
        EntryName(value="Abu Hadi", quality=NameQuality.WEAK, kind="low quality"),  # strong=false
        EntryName(value="Al-Nasser", quality=NameQuality.WEAK, kind="low quality", lang="en"),
    )
    assert nasser.nationalities == ("SY",)
    assert nasser.programs == ("SYR",)
    assert nasser.list_types == ("EU Consolidated Financial Sanctions List",)
    # @birthdate is Gregorian even for the Islamic-calendar entry.
    assert nasser.birth_dates == ("1970-03-05", "1970-03-06")
    assert nasser.birth_places == ("Damascus, SYRIAN ARAB REPUBLIC",)
    assert nasser.addresses == (
        Address(
            text="Example Street 7, PO Box 123, Damascus, SYRIAN ARAB REPUBLIC",
            city="Damascus",
            country="SY",
            country_name="SYRIAN ARAB REPUBLIC",
        ),
    )
    assert nasser.identifiers == (
        Identifier(
            type="National passport",
            value="N123456",
            country="SY",
            note="issued 2005-04-30; valid to 2010-03-07; knownExpired; Syrian passport",
        ),
    )
    assert nasser.remarks == (
        "Head of a machine-tool procurement network.\nEU reference EU.9001.11\n"
        "Function: Director of Example Machine Works\n"
        "Address (Example Street 7, PO Box 123, Damascus): Office"
    )

    assert (works.entity_id, works.schema) == ("eu:9002", Schema.ORGANIZATION)
    # The English name captions the entry although the German one comes first.
    assert [(n.value, n.quality, n.lang) for n in works.names] == [
        ("Northern Lathe Works", NameQuality.PRIMARY, "en"),
        ("Werkzeugmaschinen Nordwerk", NameQuality.STRONG, "de"),
        ("کارخانه تراش شمال", NameQuality.ORIGINAL_SCRIPT, "fa"),
    ]
    assert works.programs == ("IRN",)  # two regulations, one programme
    assert works.identifiers == (Identifier(type="Registration Number", value="A-77"),)
    assert works.countries == ("IR",)

    assert jan.listed_on is None
    assert jan.nationalities == ()
    assert jan.birth_dates == ("1960", "1961", "1962", "1963")
    assert jan.birth_places == ("Kandahar province, AFGHANISTAN",)
    assert jan.remarks == (
        "EU reference EU.9003.33; UN reference TAi.901; UN designation 2001-01-25\nTitle: Maulavi"
    )


BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    b' <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n]>\n'
    b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME>"
    b"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
    b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&x;</FIRST_NAME>"
    b"<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
)
PARAM_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p; ]>'
    b"\n<CONSOLIDATED_LIST/>"
)
UN_MIN = (
    b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">\n'
    b"<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME>"
    b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL>\n</INDIVIDUALS>\n"
    b"</CONSOLIDATED_LIST>\n"
)


@pytest.mark.parametrize("parser", [UN_XML, EU_FSF], ids=["un", "eu"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BOMB, "consolidated.xml:DOCTYPE: DTD: XML declares an entity ('lol')"),
        (XXE, "consolidated.xml:DOCTYPE: DTD: XML declares an external entity ('x')"),
        (PARAM_XXE, "consolidated.xml:DOCTYPE: DTD: XML declares an external entity ('p')"),
        (b"", "consolidated.xml: file is empty"),
        (
            UN_MIN[: UN_MIN.rindex(b"</INDIVIDUALS>")],
            "consolidated.xml:5:1: XML: malformed XML: no element found",
        ),
        (
            UN_MIN.replace(b"</INDIVIDUAL>", b"</INDIVIDUALX>"),
            "consolidated.xml:4:83: XML: malformed XML: mismatched tag",
        ),
        (
            UN_MIN.replace(b">A<", b">\xff<"),
            "consolidated.xml:4:25: XML: malformed XML: not well-formed (invalid token)",
        ),
    ],
)
def test_hostile_or_broken_xml(
    tmp_path: Path, parser: object, content: bytes, message: str
) -> None:
    f = tmp_path / "consolidated.xml"
    f.write_bytes(content)
    with pytest.raises(InvalidInput) as exc:
        parser.parse([f])  # type: ignore[attr-defined]
    assert exc.value.detail.startswith(f"{tmp_path}/{message}")


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "consolidated.xml"
    f.write_bytes(UN_MIN.replace(b"</INDIVIDUAL>", b"</INDIVIDUALX>"))
    with pytest.raises(InvalidInput) as exc:
        UN_XML.parse([f])
    assert exc.value.detail == f"{f}:4:83: XML: malformed XML: mismatched tag"
    assert exc.value.errors == {"consolidated.xml:4:83": "malformed XML: mismatched tag"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<EXPORT/>", "EXPORT: XML: root element is 'EXPORT', not CONSOLIDATED_LIST"),
        (b"<CONSOLIDATED_LIST/>", "CONSOLIDATED_LIST: XML: no INDIVIDUAL or ENTITY elements"),
        (
            UN_MIN.replace(b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>", b""),
            "INDIVIDUALS/INDIVIDUAL[1]: REFERENCE_NUMBER: missing",
        ),
        (
            UN_MIN.replace(b"<FIRST_NAME>A</FIRST_NAME>", b""),
            "INDIVIDUALS/INDIVIDUAL[1] (QDi.1): FIRST_NAME: no name",
        ),
        (
            UN_MIN.replace(
                b"</INDIVIDUAL>",
                b"</INDIVIDUAL><INDIVIDUAL><FIRST_NAME>B</FIRST_NAME>"
                b"<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL>",
            ),
            "INDIVIDUALS/INDIVIDUAL[2]: REFERENCE_NUMBER: duplicate REFERENCE_NUMBER QDi.1",
        ),
    ],
)
def test_un_structure_errors(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "consolidated.xml"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(f"{f}:{message}")):
        UN_XML.parse([f])


def test_un_dtd_without_entities_is_fine(tmp_path: Path) -> None:
    f = tmp_path / "consolidated.xml"
    f.write_bytes(
        UN_MIN.replace(
            b"\n<CONSOLIDATED_LIST", b"\n<!DOCTYPE CONSOLIDATED_LIST>\n<CONSOLIDATED_LIST", 1
        )
    )
    assert [e.entity_id for e in UN_XML.parse([f]).entries] == ["un:QDi.1"]


EU_MIN = (
    b'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-01">'
    b'<sanctionEntity logicalId="1"><subjectType code="person"/>'
    b'<nameAlias wholeName="A B" strong="true"/></sanctionEntity></export>'
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<CONSOLIDATED_LIST/>",
            "CONSOLIDATED_LIST: XML: root element is 'CONSOLIDATED_LIST', not export",
        ),
        (EU_MIN.replace(b' logicalId="1"', b""), "sanctionEntity[1]: logicalId: missing"),
        (
            EU_MIN.replace(b' wholeName="A B"', b""),
            "sanctionEntity[1] (logicalId 1): name: entry '1' has no name",
        ),
        (
            EU_MIN.replace(
                b"</export>",
                b'<sanctionEntity logicalId="1"><nameAlias wholeName="C"/>'
                b"</sanctionEntity></export>",
            ),
            "sanctionEntity[2] (logicalId 1): logicalId: duplicate logicalId",
        ),
        (
            b'<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>',
            "export: XML: no sanctionEntity elements",
        ),
    ],
)
def test_eu_structure_errors(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "eu_fsf.xml"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(f"{f}:{message}")):
        EU_FSF.parse([f])


def test_eu_minimal_file(tmp_path: Path) -> None:
    f = tmp_path / "eu_fsf.xml"
    f.write_bytes(EU_MIN)
    [e] = EU_FSF.parse([f]).entries
    assert (e.entity_id, e.schema, e.name) == ("eu:1", Schema.PERSON, "A B")


def test_one_file_expected(tmp_path: Path, fixtures: Path) -> None:
    un = fixtures / "lists" / "un" / "consolidated.xml"
    with pytest.raises(InvalidInput, match="expected one UN XML file, got 2"):
        UN_XML.parse([un, un])


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Djaafar Abou Mohamed (جعفر ابو محمد)", ["Djaafar Abou Mohamed", "جعفر ابو محمد"]),
        ("حسن غول (Hassan Ghul; Hasan Gul)", ["حسن غول", "Hassan Ghul", "Hasan Gul"]),
        ("Agha Jan Alizai اغا جان عالیزی", ["Agha Jan Alizai", "اغا جان عالیزی"]),
        ("Jin Tiesan (金铁三),", ["Jin Tiesan", "金铁三"]),
        ("Al-Qaida (AQ)", ["Al-Qaida (AQ)"]),  # one script: an acronym, kept whole
        ("Müller GmbH", ["Müller GmbH"]),
    ],
)
def test_a_field_holding_one_name_in_two_scripts_gives_two_names(
    field: str, names: list[str]
) -> None:
    from exportctl.lists.formats._common import EntryBuilder, split_script_forms

    assert split_script_forms(field) == names
    b = EntryBuilder(entity_id="un:X.1", source="un", native_id="X.1")
    b.add_name(field)
    assert [n.value for n in b.names] == names
    latin = [n.quality for n in b.names if n.value.isascii()]
    assert NameQuality.ORIGINAL_SCRIPT not in latin


def test_un_placeholder_name_parts_and_alias_lists(tmp_path: Path) -> None:
    # As on the real list: TAi.153's FOURTH_NAME is "na"; several ALIAS_NAME fields list
    # spellings separated by ";" or lettered b); a parenthesis holds one name in two scripts.
    f = tmp_path / "consolidated.xml"
    f.write_bytes(
        UN_MIN.replace(
            b"<FIRST_NAME>A</FIRST_NAME>",
            "<FIRST_NAME>FAIZULLAH</FIRST_NAME><SECOND_NAME>KHAN</SECOND_NAME>"
            "<THIRD_NAME>NOORZAI</THIRD_NAME><FOURTH_NAME>na</FOURTH_NAME>"
            "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>"
            "<ALIAS_NAME>Fazel Rahim; Fazil Rahim b) F. Rahim</ALIAS_NAME></INDIVIDUAL_ALIAS>"
            "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>"
            "<ALIAS_NAME>حسن غول (Hassan Ghul; Hasan Gul)</ALIAS_NAME></INDIVIDUAL_ALIAS>".encode(),
        )
    )
    (e,) = UN_XML.parse([f]).entries
    assert [n.value for n in e.names] == [
        "FAIZULLAH KHAN NOORZAI",
        "Fazel Rahim",
        "Fazil Rahim",
        "F. Rahim",
        "حسن غول",
        "Hassan Ghul",
        "Hasan Gul",
    ]
