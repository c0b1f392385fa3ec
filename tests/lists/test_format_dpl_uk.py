"""BIS Denied Persons List and UK HMT ConList (both layouts): fixture fields and bad input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.formats.bis_dpl import BIS_DPL, dpl_key
from exportctl.lists.formats.uk_hmt import UK_HMT
from exportctl.model import Address, EntryName, Identifier, NameQuality, Schema

# -- BIS DPL ------------------------------------------------------------------------------


def test_dpl_fixture_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "bis_dpl" / "dpl.txt"
    parsed = BIS_DPL.parse([path])
    assert (parsed.source, parsed.format) == ("bis-dpl", "bis-dpl")
    # The typo year 2922 parses, is reported, and does not make the list "published" in 2922.
    assert parsed.published == date(2020, 3, 20)
    assert parsed.warnings == (
        "1 rows repeat an earlier row exactly; each kept once",
        "dpl.txt:3: Last_Update 2922-09-01 is implausible (typo?); not used as the "
        "publication date",
    )
    john, firm, ali_ch, ali_fr, zhang = parsed.entries
    assert john.entity_id == "bis-dpl:john-example-517f2501"
    assert john.native_id == dpl_key(
        {
            "Name": "JOHN EXAMPLE",
            "Street_Address": "1 MAIN STREET",
            "City": "SPRINGFIELD",
            "State": "IL",
            "Country": "",
            "Postal_Code": "62701",
            "Effective_Date": "05/01/2019",
        }
    )
    assert john.schema is Schema.UNKNOWN
    assert john.names == (EntryName(value="JOHN EXAMPLE", quality=NameQuality.PRIMARY),)
    assert john.list_types == ("Denied Persons List",)
    # No Country but a US state: a US address.
    assert john.addresses == (
        Address(
            text="1 MAIN STREET, SPRINGFIELD, IL, 62701, US",
            city="SPRINGFIELD",
            country="US",
            country_name="United States",
        ),
    )
    assert john.countries == ("US",)
    assert john.listed_on == date(2019, 5, 1)
    assert john.remarks == (
        "Effective 05/01/2019; expires 05/01/2029; standard order: Y; last update 2019-05-06; "
        "F.R. NOTICE ADDED; 84 F.R. 1234 5/6/2019"
    )
    assert firm.schema is Schema.ORGANIZATION  # "LLC"
    assert firm.remarks is not None
    assert "last update 2922-09-01" in firm.remarks
    # One party at two addresses: two rows, two entries, two stable keys.
    assert ali_ch.name == ali_fr.name == "ALI EXAMPLE"
    assert ali_ch.entity_id != ali_fr.entity_id
    assert (ali_ch.countries, ali_fr.countries) == (("CH",), ("FR",))
    assert zhang.countries == ("CN",)  # "PRC"
    assert zhang.addresses[0].country_name == "PRC"


def test_dpl_key_ignores_fields_updated_in_place() -> None:
    row = {
        "Name": "A B",
        "Street_Address": "1 X",
        "City": "Y",
        "State": "",
        "Country": "DE",
        "Postal_Code": "",
        "Effective_Date": "01/02/2003",
        "Last_Update": "2003-01-02",
        "Action": "F.R. NOTICE ADDED",
    }
    later = {**row, "Last_Update": "2020-01-01", "Action": "NAME CORRECTED"}
    moved = {**row, "Street_Address": "2 X"}
    assert dpl_key(row) == dpl_key(later) != dpl_key(moved)
    assert dpl_key(row).startswith("a-b-")


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"", "", "file is empty"),
        (
            b"Street_Address\tCity\nX\tY\n",
            ":1",
            "header: not a DPL header: missing Name, Effective_Date",
        ),
        (b"Name\tEffective_Date\nA\t01/01/2020\nB\n", ":3", "columns: expected 2 fields, found 1"),
        (b"Name\tEffective_Date\n\t01/01/2020\n", ":2", "Name: empty"),
        (b'Name\tEffective_Date\n"A\t01/01/2020\n', ":2", "csv: unterminated quoted field"),
    ],
)
def test_dpl_bad_input(tmp_path: Path, content: bytes, where: str, message: str) -> None:
    f = tmp_path / "dpl.txt"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: {message}")):
        BIS_DPL.parse([f])


def test_dpl_bad_date_is_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "dpl.txt"
    f.write_bytes(b"Name\tEffective_Date\nA\t13/45/2020\n")
    parsed = BIS_DPL.parse([f])
    assert parsed.entries[0].listed_on is None
    assert parsed.warnings == (
        "dpl.txt:2: Effective_Date '13/45/2020' is not a date; kept as text",
    )


# -- UK HMT ConList -----------------------------------------------------------------------


def test_uk_2022_layout_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "uk_hmt_2022" / "ConList.csv"
    parsed = UK_HMT.parse([path])
    assert (parsed.source, parsed.format, parsed.published) == ("uk", "uk-hmt", date(2026, 3, 10))
    assert parsed.warnings == ()
    omar, works, ship = parsed.entries

    assert (omar.entity_id, omar.native_id, omar.schema) == ("uk:19001", "19001", Schema.PERSON)
    assert omar.names == (
        EntryName(value="Omar Khalid AL-EXAMPLE", quality=NameQuality.PRIMARY),
        EntryName(
            value="عمر خالد المثال",
            quality=NameQuality.ORIGINAL_SCRIPT,
            kind="non-Latin script",
            lang="Arabic",
        ),
        EntryName(value="Omar AL-EXAMPLE", kind="a.k.a."),
        EntryName(value="ABU KHALID", quality=NameQuality.WEAK, kind="a.k.a."),  # Low quality
    )
    assert omar.birth_dates == ("1970-03-05", "1971")  # 00/00/1971: year only
    assert omar.birth_places == ("Aleppo, Syria",)
    assert omar.nationalities == ("SY", "LB")  # "(1) Syria (2) Lebanon"
    assert omar.identifiers == (
        Identifier(type="Passport", value="N1234567", note="Issued in Damascus, expires 2030"),
        Identifier(type="National ID", value="0101-55"),
    )
    assert omar.addresses == (
        Address(
            text="Example Street 7, Damascus, Syria",
            city="Damascus",
            country="SY",
            country_name="Syria",
        ),
    )
    assert omar.programs == ("Syria",)
    assert omar.list_types == ("UK Consolidated List",)
    assert omar.listed_on == date(2012, 5, 15)
    assert omar.remarks == (
        "Position: Director, Example Machine Works\nTitle: Dr\n"
        "(UK Sanctions List Ref):SYR0999. Linked to Example Machine Works."
    )

    assert works.schema is Schema.ORGANIZATION
    assert works.names == (
        EntryName(value="NORTHERN LATHE WORKS", quality=NameQuality.PRIMARY),
        EntryName(
            value="Северный токарный завод",
            quality=NameQuality.ORIGINAL_SCRIPT,
            kind="non-Latin script",
            lang="Russian",
        ),
        EntryName(value="NORTH LATHE CO", kind="Primary name variation"),
    )
    assert works.addresses[0].text == "Km 10 Karaj Road, Tehran, 13999, Iran"
    assert ship.schema is Schema.VESSEL
    assert ship.entity_id == "uk:19003"


def test_uk_legacy_layout_windows_1252(fixtures: Path) -> None:
    path = fixtures / "lists" / "uk_hmt_legacy" / "sanctionsconlist.csv"
    assert b"\x92" in path.read_bytes()  # Windows-1252 apostrophe: not UTF-8
    parsed = UK_HMT.parse([path])
    assert parsed.published == date(2014, 4, 2)
    emm, faruq = parsed.entries
    assert emm.entity_id == "uk:10001"
    assert [(n.value, n.quality) for n in emm.names] == [
        ("EXAMPLE MACHINERY MANUFACTURING", NameQuality.PRIMARY),
        ("EMM", NameQuality.STRONG),
    ]
    assert emm.remarks == "UN Ref E.99.I.1. Owned by the example’s parent."
    assert emm.addresses == (
        Address(
            text="PO Box 16595-365, Tehran, Iran", city="Tehran", country="IR", country_name="Iran"
        ),
    )
    # No "Prime Alias" row in group 13001: the first name captions it.
    assert [(n.value, n.quality, n.kind) for n in faruq.names] == [
        ("Sheikh Faruq AL-SAMPLE", NameQuality.PRIMARY, None),
        ("Nayef Salam SAMPLE", NameQuality.STRONG, "f.k.a."),
    ]
    assert faruq.birth_dates == ("1980", "1981-02")  # 29/02/1981 is no date: keep the month
    assert faruq.nationalities == ("SA", "QA")
    assert faruq.countries == ("AF",)  # "Afghanistan (since 2009)"
    assert faruq.identifiers == (
        Identifier(
            type="Passport",
            value="592000",
            note="Passport No: 592000 (Qatari passport issued on 3 May 2007)",
        ),
        Identifier(type="National Insurance Number", value="AB123456C"),
    )
    assert faruq.remarks == "Position: Emir\nTitle: Mr"
    assert UK_HMT.parse([path]).warnings == (
        "1 group(s) have no primary-name row; their first name is used as the caption "
        "(e.g. Group ID 13001)",
    )


HEADER = b"Name 6,Name 1,Group Type,Alias Type,Group ID\r\n"


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"", "", "file is empty"),
        (b"Name 6,Group ID\r\nA,1\r\n", ":1", "Last Updated: line 1 must be 'Last Updated,"),
        (b"Last Updated,31/02/2014\r\n" + HEADER, ":1", "Last Updated: not a DD/MM/YYYY date"),
        (
            b"Last Updated,01/02/2014\r\n",
            ":1",
            "header: expected a 'Last Updated' line and a header line",
        ),
        (
            b"Last Updated,01/02/2014\r\nName 1,Group Type\r\nA,Entity\r\n",
            ":2",
            "header: missing column(s) name 6, group id",
        ),
        (
            b"Last Updated,01/02/2014\r\n" + HEADER + b"A,,Entity,Prime Alias\r\n",
            ":3",
            "columns: expected 5 fields, found 4",
        ),
        (
            b"Last Updated,01/02/2014\r\n" + HEADER + b"A,,Entity,Prime Alias,\r\n",
            ":3",
            "Group ID: empty",
        ),
        (
            b"Last Updated,01/02/2014\r\n" + HEADER + b'"A,,Entity,Prime Alias,1\r\n',
            ":3",
            "unterminated quoted field",
        ),
        (
            b"Last Updated,01/02/2014\r\n" + HEADER + b"A\x81,,Entity,Prime Alias,1\r\n",
            ":3",
            "not valid utf-8/cp1252",
        ),
    ],
)
def test_uk_bad_input(tmp_path: Path, content: bytes, where: str, message: str) -> None:
    f = tmp_path / "ConList.csv"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: ")) as exc:
        UK_HMT.parse([f])
    assert message in exc.value.detail
