"""trade.gov Consolidated Screening List, CSV and JSON: fixture fields and bad input."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.formats.csl import CSL, CSL_PARTIAL, list_type
from exportctl.model import Address, EntryName, Identifier, NameQuality, Schema


@pytest.fixture
def csl_csv(fixtures: Path) -> Path:
    return fixtures / "lists" / "csl" / "consolidated.csv"


def test_csv_fixture_every_field(csl_csv: Path) -> None:
    parsed = CSL.parse([csl_csv])
    assert (parsed.source, parsed.format, parsed.published, parsed.warnings) == (
        "csl",
        "csl",
        None,
        (),
    )
    el, karimi, ship, dpl, cmic = parsed.entries

    assert el.entity_id == "csl:5f1c0ffee5f1c0ffee5f1c0ffee5f1c0"
    assert el.schema is Schema.UNKNOWN  # BIS lists leave "type" empty
    assert el.names == (
        EntryName(value="Example Precision Machinery Co., Ltd.", quality=NameQuality.PRIMARY),
        EntryName(value="EPM", kind="a.k.a."),
        EntryName(value="Example Precision Machinery", kind="a.k.a."),
    )
    assert el.list_types == ("Entity List",)
    assert el.addresses == (
        Address(
            text="88 Example Road, Pudong, Shanghai, 200120, CN", country="CN", country_name="China"
        ),
        Address(
            text="Unit 5, 1 Harbour Street, Hong Kong, HK", country="HK", country_name="Hong Kong"
        ),
    )
    assert el.countries == ("CN", "HK")
    assert el.listed_on == date(2024, 2, 1)
    assert el.remarks == (
        "Federal Register: 89 FR 12345\nLicense requirement: For all items subject to the EAR.\n"
        "License policy: Presumption of denial."
    )

    # Two rows with one _id (SDN and NS-MBS) are one entry on both lists.
    assert karimi.entity_id == "csl:31001"
    assert karimi.schema is Schema.PERSON
    assert karimi.names == (
        EntryName(value="KARIMI, Hassan", quality=NameQuality.PRIMARY),
        EntryName(value="KARIMI, Hasan", kind="a.k.a."),
        EntryName(value="Hassan KARIMI", kind="name on another list"),
    )
    assert karimi.list_types == ("SDN", "Non-SDN Menu-Based Sanctions List")
    assert karimi.programs == ("NPWMD", "IFSR")
    assert karimi.birth_dates == ("1958-02-22", "1957")
    assert karimi.nationalities == ("IR",)
    assert karimi.birth_places == ("Tabriz, Iran",)
    # Only real identifiers: Gender and the sanctions notes are not.
    assert karimi.identifiers == (Identifier(type="Passport", value="P1234567", country="IR"),)
    assert karimi.listed_on == date(2020, 1, 1)

    assert ship.schema is Schema.VESSEL
    assert ship.identifiers == (
        Identifier(type="IMO", value="9123457"),
        Identifier(type="MMSI", value="351234001"),
        Identifier(type="Call Sign", value="9HA5678"),
        Identifier(type="Vessel Type", value="Crude Oil Tanker"),
        Identifier(type="Tonnage", value="150000"),
        Identifier(type="GRT", value="81000"),
        Identifier(type="Vessel Flag", value="Panama", country="PA"),
        Identifier(type="Vessel Owner", value="Example Shipping LLC"),
    )
    assert ship.countries == ("PA",)

    # No _id: a stable key from the list's abbreviation and the name.
    assert dpl.entity_id == "csl:dpl:john-example"
    assert dpl.addresses == (Address(text="1 Main Street, Springfield, IL, 62701"),)
    assert dpl.countries == ()  # "IL" ends no CSL address as a country code; 62701 does

    assert cmic.names[1] == EntryName(value="Example Telecom Co., Ltd", kind="issuer name")
    assert cmic.identifiers == (
        Identifier(
            type="Unified Social Credit Code (USCC)", value="91110000000000000X", country="CN"
        ),
        Identifier(type="ISIN", value="US0000000001"),
    )


def test_json_fixture_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "csl_json" / "consolidated.json"
    assert CSL.detect([path])
    parsed = CSL.parse([path])
    assert parsed.published == date(2025, 6, 24)  # latest sources_used[].source_last_updated
    optics, ivanov, fze = parsed.entries
    assert optics.entity_id == "csl:a1b2c3"
    assert optics.addresses == (
        Address(
            text="Beispielstrasse 1, Berlin, 10115, DE",
            city="Berlin",
            country="DE",
            country_name="Germany",
        ),
    )
    assert optics.names[1] == EntryName(value="Example Optik", kind="a.k.a.")
    assert ivanov.names[2] == EntryName(
        value="ИВАНОВ, Пётр", quality=NameQuality.ORIGINAL_SCRIPT, kind="a.k.a."
    )
    assert ivanov.identifiers == (
        Identifier(
            type="Passport",
            value="720000001",
            country="RU",
            note="issue date 2015-01-01; expiration date 2025-01-01",
        ),
    )
    assert (ivanov.birth_dates, ivanov.nationalities) == (("1965-07-04",), ("RU",))
    # Text where the schema has lists is split like the CSV.
    assert fze.programs == ("SYRIA-EO13608",)
    assert [n.value for n in fze.names] == ["EXAMPLE TRADING FZE", "ETF", "EXAMPLE TRADING"]
    assert fze.identifiers == (Identifier(type="Registration Number", value="12345", country="AE"),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Entity List (EL) - Bureau of Industry and Security", ("EL", "Entity List")),
        (
            "Military End User (MEU) List - Bureau of Industry and Security",
            ("MEU", "Military End User List"),
        ),
        ("Specially Designated Nationals (SDN) - Treasury Department", ("SDN", "SDN")),
        (
            "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
            ("NS-MBS List", "Non-SDN Menu-Based Sanctions List"),
        ),
        ("Some New List - Agency", ("", "Some New List")),
    ],
)
def test_list_type(source: str, expected: tuple[str, str]) -> None:
    assert list_type(source) == expected


def test_repeated_header_is_skipped_with_a_warning(tmp_path: Path, csl_csv: Path) -> None:
    header, rest = csl_csv.read_text(encoding="utf-8").split("\n", 1)
    f = tmp_path / "consolidated.csv"
    f.write_text(f"{header}\n{header}\n{rest}", encoding="utf-8")
    parsed = CSL.parse([f])
    assert parsed.warnings == ("consolidated.csv:2: repeated header row skipped",)
    assert len(parsed.entries) == 5


def test_truncated_file_refused_unless_partial_is_chosen(tmp_path: Path, csl_csv: Path) -> None:
    text = csl_csv.read_text(encoding="utf-8")
    f = tmp_path / "consolidated.csv"
    f.write_text(text[: text.rindex("Example Telecom") + 7], encoding="utf-8")
    with pytest.raises(
        InvalidInput,
        match=re.escape(f"{f}:7: csv: unterminated quoted field at end of file (truncated file?)"),
    ):
        CSL.parse([f])
    parsed = CSL_PARTIAL.parse([f])
    assert len(parsed.entries) == 4  # the cut-off CMIC row is dropped
    assert parsed.format == "csl-partial"
    assert parsed.warnings == (
        "consolidated.csv:7: file ends inside this record (truncated); the record is dropped "
        "and 5 rows before it are kept",
    )
    assert not CSL_PARTIAL.detect([f])
    assert CSL.detect([f])


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"", "", "file is empty"),
        (b"name,source\nA,B\n", ":1", "header: not a CSL header (needs _id, source, name"),
        (
            b"_id,source,entity_number,name\n1,EL,,A\n2,EL\n",
            ":3",
            "columns: expected 4 fields, found 2",
        ),
        (b"_id,source,entity_number,name\n1,EL,,\n", ":2", "name: empty"),
        (b'_id,source,entity_number,name\n1,EL,,"A\n', ":2", "unterminated quoted field"),
        (b"_id,source,entity_number,name\n1,EL,,\xe9\n", ":2", "not valid utf-8"),
    ],
)
def test_bad_csv(tmp_path: Path, content: bytes, where: str, message: str) -> None:
    f = tmp_path / "consolidated.csv"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: ")) as exc:
        CSL.parse([f])
    assert message in exc.value.detail


@pytest.mark.parametrize(
    ("doc", "where", "message"),
    [
        ('{"results": [', ":1:14", "JSON: malformed JSON: Expecting value"),
        ('{"results": {}}', "", 'results: expected an object with a "results" list'),
        ('{"results": [1]}', ":results[0]", "results: expected an object"),
        (
            '{"results": [{"id": "1", "name": "A", "source": "EL", "alt_names": 5}]}',
            ":results[0]",
            "alt_names: expected text or a list, got int",
        ),
        (
            '{"results": [{"id": "1", "name": ["A"], "source": "EL"}]}',
            ":results[0]",
            "name: expected text, got list",
        ),
        (
            '{"results": [{"id": "1", "name": "A", "source": "EL", "addresses": [{"city": 1}]}]}',
            ":results[0]",
            "addresses: address fields must be text",
        ),
        (
            '{"results": [{"id": "1", "name": "A", "source": "EL", "ids": [3]}]}',
            ":results[0]",
            "ids: expected text or an object",
        ),
        ('{"results": []}', "", "file: no rows"),
    ],
)
def test_bad_json(tmp_path: Path, doc: str, where: str, message: str) -> None:
    f = tmp_path / "consolidated.json"
    f.write_text(doc, encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: {message}")):
        CSL.parse([f])


def test_several_files_are_merged_with_a_warning(fixtures: Path, csl_csv: Path) -> None:
    js = fixtures / "lists" / "csl_json" / "consolidated.json"
    parsed = CSL.parse([csl_csv, js])
    assert len(parsed.entries) == 8
    assert parsed.warnings == (
        "2 CSL files merged into one list: consolidated.csv, consolidated.json",
    )
    assert json.loads(js.read_text(encoding="utf-8"))["total"] == 3
