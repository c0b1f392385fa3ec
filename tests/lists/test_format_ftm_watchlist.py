"""FollowTheMoney JSON lines and exportctl watch lists (YAML, CSV): fields and bad input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.formats.ftm import FTM
from exportctl.lists.formats.watchlist import WATCHLIST
from exportctl.model import Address, EntryName, Identifier, NameQuality, Schema

# -- FtM ----------------------------------------------------------------------------------


def test_ftm_fixture_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "ftm" / "entities.ftm.json"
    parsed = FTM.parse([path])
    assert (parsed.source, parsed.format, parsed.published) == ("ftm", "ftm", None)
    assert parsed.warnings == (
        "entities of schemata that are not parties were skipped: Sanction 1",
    )
    person, company, vessel, plane = parsed.entries

    assert (person.entity_id, person.native_id, person.schema) == (
        "ftm:NK-example-person-1",
        "NK-example-person-1",
        Schema.PERSON,
    )
    assert person.names == (
        EntryName(value="Hassan KARIMI", quality=NameQuality.PRIMARY),
        EntryName(value="حسن کریمی", quality=NameQuality.ORIGINAL_SCRIPT),
        EntryName(value="Hasan Karimi", kind="a.k.a."),
        EntryName(value="Abu Reza", quality=NameQuality.WEAK, kind="weak alias"),
    )
    assert person.countries == ("IR", "SY")  # lower-case FtM codes
    assert person.nationalities == ("IR",)
    assert person.birth_dates == ("1958-02-22", "1957")
    assert person.birth_places == ("Tabriz",)
    assert person.addresses == (Address(text="12 Example Avenue, Tehran"),)
    assert person.identifiers == (
        Identifier(type="ID Number", value="0-123-456"),
        Identifier(type="Passport", value="P1234567"),
    )
    assert person.programs == ("IRAN-EO13876",)
    assert person.list_types == ("sanction",)
    assert person.remarks == "Procurement agent."

    assert company.schema is Schema.ORGANIZATION  # Company
    assert company.names[1] == EntryName(value="EMI Works", kind="f.k.a.")  # previousName
    assert company.countries == ("IR",)  # jurisdiction "Iran"
    assert company.listed_on == date(2007, 3, 24)
    assert vessel.schema is Schema.VESSEL
    assert vessel.countries == ("PA",)
    assert vessel.identifiers == (
        Identifier(type="IMO", value="9123457"),
        Identifier(type="Call Sign", value="9HA5678"),
    )
    assert plane.schema is Schema.AIRCRAFT  # Airplane


def test_ftm_source_override(fixtures: Path) -> None:
    parsed = FTM.parse([fixtures / "lists" / "ftm" / "entities.ftm.json"], source="opensanctions")
    assert parsed.entries[0].entity_id == "opensanctions:NK-example-person-1"


@pytest.mark.parametrize(
    ("lines", "where", "message"),
    [
        (
            '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": ',
            ":2:8",
            "JSON: malformed JSON: Expecting value",
        ),
        ("[1, 2]", ":1", "JSON: expected a JSON object"),
        ('{"schema": "Person", "properties": {}}', ":1", "id: missing or not text"),
        ('{"id": "a", "properties": {}}', ":1", "schema: missing or not text"),
        ('{"id": "a", "schema": "Person"}', ":1", "properties: missing or not an object"),
        (
            '{"id": "a", "schema": "Person", "properties": {"name": "A"}}',
            ":1",
            "properties.name: expected a list of strings",
        ),
        (
            '{"id": "a", "schema": "Person", "properties": {}}',
            ":1",
            "properties.name: an entity needs at least one name",
        ),
        (
            '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n'
            '{"id": "a", "schema": "Company", "properties": {"name": ["B"]}}',
            ":2",
            "id: duplicate id 'a'",
        ),
        (
            '{"id": "a", "schema": "Address", "properties": {"full": ["x"]}}',
            "",
            "schema: no Person, Organization",
        ),
    ],
)
def test_ftm_bad_input(tmp_path: Path, lines: str, where: str, message: str) -> None:
    f = tmp_path / "x.ftm.json"
    f.write_text(lines, encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: {message}")):
        FTM.parse([f])


# -- watch lists --------------------------------------------------------------------------


def test_watchlist_yaml_every_field(fixtures: Path) -> None:
    path = fixtures / "lists" / "watchlist" / "partner-alerts.yaml"
    parsed = WATCHLIST.parse([path])
    assert (parsed.source, parsed.format) == ("watch:partner-alerts", "watchlist")
    tabriz, roundtop, ole = parsed.entries
    assert tabriz.entity_id == "watch:partner-alerts:machine-sazi-tabriz"
    assert tabriz.native_id == "machine-sazi-tabriz"
    assert tabriz.schema is Schema.ORGANIZATION
    assert tabriz.names == (
        EntryName(value="Machine Sazi Tabriz", quality=NameQuality.PRIMARY),
        EntryName(value="Mashin Sazi Tabriz", kind="a.k.a."),
        EntryName(value="Tabriz Machine Manufacturing Company", kind="a.k.a."),
        EntryName(value="ماشین سازی تبریز", quality=NameQuality.ORIGINAL_SCRIPT, kind="a.k.a."),
    )
    assert tabriz.countries == ("IR",)
    assert tabriz.reason is not None
    assert tabriz.reason.startswith("Largest machine-tool")
    assert tabriz.reference == "09STATE124113 (2009-12-03)"
    assert tabriz.end_use_concerns == ("nuclear", "missile")
    assert tabriz.list_types == ("Watch list: Partner Alerts",)

    assert roundtop.entity_id == "watch:partner-alerts:roundtop"  # explicit id
    assert [n.value for n in roundtop.names] == [
        "Roundtop Machinery Industries",
        "Roundtop Machinery",
        "Roundtop Industries",
    ]
    assert roundtop.countries == ("TW", "HK")
    assert roundtop.end_use_concerns == ("missile",)
    assert roundtop.listed_on == date(2010, 1, 15)
    assert roundtop.remarks == "Check all consignees in Taichung."
    # "country: NO" is Norway, not YAML 1.1's false.
    assert (ole.schema, ole.countries) == (Schema.PERSON, ("NO",))


def test_watchlist_csv(fixtures: Path) -> None:
    path = fixtures / "lists" / "watchlist_csv" / "sample-watch.csv"
    parsed = WATCHLIST.parse([path])
    assert parsed.source == "watch:sample-watch"  # the file name is the list name
    tabriz, optics = parsed.entries
    assert tabriz.entity_id == "watch:sample-watch:machine-sazi-tabriz"
    assert tabriz.names[-1].quality is NameQuality.ORIGINAL_SCRIPT
    assert tabriz.end_use_concerns == ("nuclear", "missile")
    assert tabriz.reference == "09STATE124113"
    assert optics.native_id == "example-optics-ltd"
    assert optics.reason == "Lens supplier, dual use"


def test_watchlist_seed_example(shared_examples: Path) -> None:
    parsed = WATCHLIST.parse([shared_examples / "watchlist-seed.yaml"])
    [entry] = parsed.entries
    assert entry.entity_id == "watch:partner-alerts:machine-sazi-tabriz"
    assert entry.end_use_concerns == ("nuclear", "missile")
    assert "ماشین سازی تبریز" in [n.value for n in entry.names]


def test_watchlist_source_override(fixtures: Path) -> None:
    path = fixtures / "lists" / "watchlist" / "partner-alerts.yaml"
    assert WATCHLIST.parse([path], source="watch").source == "watch:partner-alerts"
    parsed = WATCHLIST.parse([path], source="watch:other")
    assert parsed.entries[0].entity_id == "watch:other:machine-sazi-tabriz"


ENTRY = "name: L\nentries:\n  - name: Acme\n"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "name: L\nentries:\n  - name: Acme Ltd\n  - name: ACME, Ltd.\n",
            ":4",
            "id: key 'acme-ltd' is also the key of the entry at 3; give one of them an "
            "explicit 'id'",
        ),
        (ENTRY + "    colour: red\n", ":3", "entry: unknown field(s): colour"),
        (ENTRY + "    country: Atlantis\n", ":3", "country: not a country: 'Atlantis'"),
        (ENTRY + "    schema: Company\n", ":3", "schema: unknown schema 'Company'"),
        (ENTRY + "    aliases: {a: 1}\n", ":3", "aliases: expected text or a list of text"),
        (ENTRY + "    listed_on: soon\n", ":3", "listed_on: not a YYYY-MM-DD date: 'soon'"),
        (ENTRY + "  - aliases: [x]\n", ":4", "name: missing"),
        (ENTRY + "  - name: '***'\n", ":4", "id: cannot make a key"),
        ("name: L\nentries:\n  - name: [unclosed\n", ":4:1", "YAML: malformed YAML"),
        ("entries: []\n", ":1", "name: missing or not text"),
        ("name: L\nentries: {}\n", ":1", "entries: missing or not a list"),
        ("name: L\nentries: []\n", "", "entries: the list has no entries"),
        ("name: L\nentries:\n  - just text\n", ":3", "entries[0]: expected a mapping"),
        ("- a\n- b\n", ":1", "YAML: expected a mapping with 'name' and 'entries'"),
        ("name: L\nentries: []\nextra: 1\n", ":1", "YAML: unknown key(s): extra"),
        ("name: '!!!'\nentries:\n  - name: A\n", "", "name: list name '!!!' has no letters"),
    ],
)
def test_watchlist_bad_yaml(tmp_path: Path, text: str, where: str, message: str) -> None:
    f = tmp_path / "list.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: {message}")):
        WATCHLIST.parse([f])


def test_watchlist_non_latin_name_with_explicit_id(tmp_path: Path) -> None:
    f = tmp_path / "list.yaml"
    f.write_text("name: L\nentries:\n  - name: 北方机床\n    id: beifang\n", encoding="utf-8")
    [e] = WATCHLIST.parse([f]).entries
    assert e.entity_id == "watch:l:beifang"
    assert e.name == "北方机床"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("aliases\nx\n", ":1", "header: needs a 'name' column"),
        ("name,country\nA\n", ":2", "columns: expected 2 fields, found 1"),
        ("name,country\nA,Atlantis\n", ":2", "country: not a country"),
    ],
)
def test_watchlist_bad_csv(tmp_path: Path, text: str, where: str, message: str) -> None:
    f = tmp_path / "list.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(f"{f}{where}: {message}")):
        WATCHLIST.parse([f])
