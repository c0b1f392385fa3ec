"""OFAC legacy CSV (SDN and consolidated non-SDN): every field of the hand-written fixtures,
the remarks parser, the auxiliary-file merge, and bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.formats.ofac_legacy import (
    OFAC_CONS,
    OFAC_SDN,
    REMARKS_LIMIT,
    natural_order,
    parse_remarks,
)
from exportctl.model import Address, EntryName, Identifier, ListEntry, NameQuality, Schema


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


@pytest.fixture
def sdn_dir(fixtures: Path) -> Path:
    return fixtures / "lists" / "ofac_sdn"


def _by_id(entries: tuple[ListEntry, ...]) -> dict[str, ListEntry]:
    return {e.entity_id: e for e in entries}


def test_sdn_fixture_every_field(sdn_dir: Path) -> None:
    parsed = OFAC_SDN.parse(_files(sdn_dir))
    assert parsed.source == "ofac-sdn"
    assert parsed.format == "ofac-legacy"
    assert parsed.published is None  # the legacy CSV carries no date
    assert [p.name for p in parsed.files] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert parsed.warnings == (
        "1 addresses rows for 1 ent_num(s) not in sdn.csv were ignored (e.g. 9999)",
        "1 aliases rows for 1 ent_num(s) not in sdn.csv were ignored (e.g. 9998)",
    )
    e = _by_id(parsed.entries)
    assert list(e) == [f"ofac-sdn:{n}" for n in (1001, 1002, 1003, 1004, 1005)]

    acme = e["ofac-sdn:1001"]
    assert (acme.source, acme.native_id, acme.schema) == ("ofac-sdn", "1001", Schema.ORGANIZATION)
    assert acme.names == (
        EntryName(value="ACME MACHINE TOOLS CO. LTD.", quality=NameQuality.PRIMARY),
        EntryName(value="ACME MASHIN ABZAR", kind="a.k.a."),
        EntryName(value="ACME TOOLS COMPANY", kind="f.k.a."),
        EntryName(value="AMT", quality=NameQuality.WEAK, kind="a.k.a."),  # quoted in remarks
    )
    assert acme.programs == ("IRAN", "NPWMD")  # "IRAN] [NPWMD"
    assert acme.list_types == ("SDN",)
    assert acme.countries == ("IR",)
    assert acme.addresses == (
        Address(
            text="No. 1, Example Street, Tehran 14136, Iran",
            city="Tehran 14136",
            country="IR",
            country_name="Iran",
        ),
        Address(
            text="Km 4 Arak Road, Arak, Markazi Province, Iran",
            city="Arak, Markazi Province",
            country="IR",
            country_name="Iran",
        ),
    )
    assert acme.identifiers == (
        Identifier(type="Registration Number", value="10101", country="IR"),
    )
    assert acme.remarks is not None
    assert acme.remarks.endswith("a.k.a. 'AMT'.")
    assert acme.birth_dates == acme.nationalities == acme.birth_places == ()
    assert acme.listed_on is None

    doe = e["ofac-sdn:1002"]
    assert doe.schema is Schema.PERSON
    assert [(n.value, n.quality, n.kind) for n in doe.names] == [
        ("DOE, John Quincy", NameQuality.PRIMARY, None),
        ("John Quincy DOE", NameQuality.STRONG, "reordered"),  # surname-first made natural
        ("DOE, Johnny", NameQuality.STRONG, "a.k.a."),
        ("Johnny DOE", NameQuality.STRONG, "a.k.a. (reordered)"),
        ("SMITH, John", NameQuality.STRONG, "n.k.a."),
        ("John SMITH", NameQuality.STRONG, "n.k.a. (reordered)"),
        ("JQD", NameQuality.WEAK, "a.k.a."),
    ]
    assert doe.birth_dates == ("1961-01-01", "1962")
    assert doe.birth_places == ("Tabriz, Iran",)
    assert doe.nationalities == ("IR", "SY")  # nationality Iran; citizen Syria
    assert doe.countries == ("SY",)
    assert doe.identifiers == (
        Identifier(
            type="Passport",
            value="A1234567",
            country="IR",
            note="issued 01 Jan 2010 expires 31 Dec 2019",
        ),
        Identifier(type="National ID No.", value="123-456-789", country="IR"),
        # only in the overflow of sdn_comments.csv:
        Identifier(
            type="Digital Currency Address - XBT", value="1FzWLkAahHooV3kzTgyx6qsswXJ6sCXkSR"
        ),
    )
    # Remarks are the 1,000 characters of sdn.csv continued by sdn_comments.csv, verbatim.
    assert doe.remarks is not None
    assert len(doe.remarks) > REMARKS_LIMIT
    assert "Secondary Sanctions; Digital Currency" in doe.remarks
    assert doe.remarks.endswith("Linked To: SEA STAR SHIPPING LLC.")

    ship = e["ofac-sdn:1003"]
    assert ship.schema is Schema.VESSEL
    assert [(n.value, n.quality) for n in ship.names] == [
        ("SEA STAR", NameQuality.PRIMARY),
        ("STAR OF THE SEA", NameQuality.STRONG),
        ("OCEAN STAR", NameQuality.WEAK),
    ]
    assert ship.identifiers == (
        Identifier(type="Call Sign", value="9HA1234"),
        Identifier(type="Vessel Type", value="Crude Oil Tanker"),
        Identifier(type="Tonnage", value="150,000"),
        Identifier(type="GRT", value="81000"),
        Identifier(type="Vessel Flag", value="Panama", country="PA"),
        Identifier(type="Vessel Owner", value="Sea Star Shipping LLC"),
        Identifier(type="IMO", value="9123456"),
        Identifier(type="MMSI", value="351234000"),
    )
    assert ship.countries == ("PA",)
    assert ship.addresses == (Address(text="Panama", country="PA", country_name="Panama"),)

    plane = e["ofac-sdn:1004"]
    assert plane.schema is Schema.AIRCRAFT
    assert [i.type for i in plane.identifiers] == [
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        "Aircraft Manufacturer's Serial Number (MSN)",
    ]

    khan = e["ofac-sdn:1005"]
    assert khan.birth_dates == ("1955", "1960", "1961", "1962")  # circa; "1960 to 1962"
    assert khan.identifiers == (Identifier(type="SWIFT/BIC", value="ABCDEF2X"),)  # not Phone
    # A region that is not a country keeps its text but gets no code.
    assert khan.addresses == (
        Address(text="Region: Jammu and Kashmir", country_name="Region: Jammu and Kashmir"),
    )
    assert khan.countries == ()


def test_cons_fixture_every_field(fixtures: Path) -> None:
    parsed = OFAC_CONS.parse(_files(fixtures / "lists" / "ofac_cons"))
    assert (parsed.source, parsed.format) == ("ofac-cons", "ofac-cons")
    # Remarks under 1,000 characters never continue in the comments file.
    assert parsed.warnings == (
        "1 comment row(s) ignored: the Remarks they would continue are not cut at 1000 "
        "characters (files from different editions?): ent_num 2001",
    )
    bank, person = parsed.entries
    assert bank.entity_id == "ofac-cons:2001"
    assert bank.schema is Schema.ORGANIZATION
    assert [n.value for n in bank.names] == ["NORTHERN BANK JSC", "NORTHERN BANK OJSC", "NBJ"]
    assert bank.programs == ("UKRAINE-EO13662", "RUSSIA-EO14024")
    assert bank.list_types == ("Non-SDN",)
    assert bank.identifiers == (Identifier(type="Tax ID No.", value="7700000001", country="RU"),)
    assert bank.countries == ("RU",)
    assert bank.remarks == (
        "Tax ID No. 7700000001 (Russia); Executive Order 13662 Directive Determination - "
        "Subject to Directive 1; a.k.a. 'NBJ'."
    )
    assert person.entity_id == "ofac-cons:2002"
    assert person.schema is Schema.PERSON
    assert person.countries == ("PS",)  # "Palestinian"
    assert person.birth_dates == ("1962",)
    assert person.birth_places == ("Gaza",)


def test_source_override_changes_entity_ids(sdn_dir: Path) -> None:
    parsed = OFAC_SDN.parse(_files(sdn_dir), source="ofac-test")
    assert parsed.source == "ofac-test"
    assert parsed.entries[0].entity_id == "ofac-test:1001"


@pytest.mark.parametrize(
    ("remarks", "field", "expected"),
    [
        ("DOB 01 Jan 1961; alt. DOB 1962.", "birth_dates", ["1961-01-01", "1962"]),
        ("DOB Jan 1961.", "birth_dates", ["1961-01"]),
        ("DOB circa 1950; alt. DOB circa 1951.", "birth_dates", ["1950", "1951"]),
        ("DOB 01 Jan 1960 to 31 Dec 1962.", "birth_dates", ["1960-01-01", "1962-12-31"]),
        ("DOB 1940 to 1960.", "birth_dates", ["1940", "1960"]),  # long range: ends only
        ("POB Tehran, Iran; alt. POB Qom, Iran.", "birth_places", ["Tehran, Iran", "Qom, Iran"]),
        ("nationality Iran; alt. nationality Korea, North.", "nationalities", ["IR", "KP"]),
        ("citizen Burma.", "nationalities", ["MM"]),
        ("Linked To: ACME LTD.; Linked To: B, S.A.", "linked_to", ["ACME LTD.", "B, S.A"]),
        ("a.k.a. 'MSA'.", "weak_aliases", [("MSA", "a.k.a.")]),
        (
            "f.k.a. 'AL-QA'IDA'; n.k.a. 'X; Y'.",
            "weak_aliases",
            [("AL-QA'IDA", "f.k.a."), ("X; Y", "n.k.a.")],
        ),
        ("Gender Male; Phone Number 123456; Website www.x.com.", "identifiers", []),
    ],
)
def test_parse_remarks(remarks: str, field: str, expected: list[object]) -> None:
    assert getattr(parse_remarks(remarks), field) == expected


def test_parse_remarks_identifiers() -> None:
    facts = parse_remarks(
        "Passport D9019576 (Iran); alt. Passport X1 (Atlantis) issued 2005; "
        "Vessel Registration Identification IMO 7406784; C.U.R.P. FOCS810310MJCLSN09 (Mexico); "
        "Listing Date (EO 14024 Directive 3): 24 Feb 2022; SWIFT/BIC SBININBB (India)."
    )
    assert facts.identifiers == [
        Identifier(type="Passport", value="D9019576", country="IR"),
        Identifier(type="Passport", value="X1", note="Atlantis; issued 2005"),
        Identifier(type="IMO", value="7406784"),
        Identifier(type="C.U.R.P.", value="FOCS810310MJCLSN09", country="MX"),
        Identifier(type="SWIFT/BIC", value="SBININBB", country="IN"),
    ]
    assert parse_remarks(None).identifiers == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("MORTEZAVI, Hasan", "Hasan MORTEZAVI"),
        ("SMITH, John, Jr.", None),
        ("CIMEX", None),
        (", x", None),
    ],
)
def test_natural_order(name: str, expected: str | None) -> None:
    assert natural_order(name) == expected


# -- auxiliary files merged into the active version -------------------------------------


def _aux_folder(tmp_path: Path, sdn_dir: Path, names: tuple[str, ...]) -> Path:
    aux = tmp_path / "aux"
    aux.mkdir()
    for n in names:
        shutil.copy(sdn_dir / n, aux / n)
    return aux


def test_aux_only_without_base_requires_sdn(tmp_path: Path, sdn_dir: Path) -> None:
    aux = _aux_folder(tmp_path, sdn_dir, ("add.csv", "alt.csv"))
    with pytest.raises(InvalidInput, match=r"sdn\.csv is required") as exc:
        OFAC_SDN.parse(_files(aux))
    assert str(aux) in exc.value.detail


def test_aux_only_merges_into_base(tmp_path: Path, sdn_dir: Path) -> None:
    base = OFAC_SDN.parse([sdn_dir / "sdn.csv"]).entries  # no aliases, addresses, overflow
    assert _by_id(base)["ofac-sdn:1001"].addresses == ()
    aux = _aux_folder(tmp_path, sdn_dir, ("add.csv", "alt.csv", "sdn_comments.csv"))
    merged = OFAC_SDN.parse(_files(aux), base=base)
    full = OFAC_SDN.parse(_files(sdn_dir))
    # Merging the full set's auxiliary files into its main file gives the full set's entries.
    assert merged.entries == full.entries
    assert merged.files == tuple(aux / n for n in ("add.csv", "alt.csv", "sdn_comments.csv"))
    assert merged.warnings[:2] == (
        "1 addresses rows for 1 ent_num(s) not in the active version were ignored (e.g. 9999)",
        "1 aliases rows for 1 ent_num(s) not in the active version were ignored (e.g. 9998)",
    )
    assert "sdn.csv not given" in merged.warnings[2]


def test_aux_merge_replaces_only_the_parts_given(tmp_path: Path, sdn_dir: Path) -> None:
    base = OFAC_SDN.parse(_files(sdn_dir)).entries
    aux = tmp_path / "aux"
    aux.mkdir()
    (aux / "alt.csv").write_bytes(b'1001,900,"aka","ACME NEW NAME",-0- \r\n\x1a')
    merged = _by_id(OFAC_SDN.parse(_files(aux), base=base).entries)
    acme, old = merged["ofac-sdn:1001"], _by_id(base)["ofac-sdn:1001"]
    assert [n.value for n in acme.names] == ["ACME MACHINE TOOLS CO. LTD.", "ACME NEW NAME", "AMT"]
    assert acme.addresses == old.addresses
    assert acme.remarks == old.remarks
    # Entities without a row in the new alt.csv lose their old aliases (the file replaces).
    assert [n.value for n in merged["ofac-sdn:1003"].names] == ["SEA STAR", "OCEAN STAR"]
    assert merged["ofac-sdn:1003"].identifiers == _by_id(base)["ofac-sdn:1003"].identifiers
    # New comments: the overflow of 1002 is gone, and so are facts parsed from it.
    (aux / "alt.csv").unlink()
    (aux / "sdn_comments.csv").write_bytes(b"\x1a")
    with pytest.raises(InvalidInput, match="empty"):
        OFAC_SDN.parse(_files(aux), base=base)
    (aux / "sdn_comments.csv").write_bytes(b'1003,"x"\r\n\x1a')
    merged2 = _by_id(OFAC_SDN.parse(_files(aux), base=base).entries)
    doe = merged2["ofac-sdn:1002"]
    assert doe.remarks is not None
    assert len(doe.remarks) == REMARKS_LIMIT
    assert all("Digital Currency" not in i.type for i in doe.identifiers)
    assert doe.names == _by_id(base)["ofac-sdn:1002"].names
    assert doe.addresses == _by_id(base)["ofac-sdn:1002"].addresses
    # 1003's Remarks are short: a comment for it is reported, not glued on.
    assert any(w.endswith("ent_num 1003") for w in OFAC_SDN.parse(_files(aux), base=base).warnings)


# -- bad input ------------------------------------------------------------------------------

GOOD_ROW = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"", "sdn.csv", "file is empty"),
        (b"\x1a", "sdn.csv", "file is empty"),
        (GOOD_ROW + b'37,"X",-0- ,"CUBA"\r\n', "sdn.csv:2", "expected 12 fields"),
        (
            b'3x,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
            "sdn.csv:1",
            "ent_num: not a number: '3x'",
        ),
        (GOOD_ROW + GOOD_ROW, "sdn.csv:2", "duplicate ent_num 36 (first on line 1)"),
        (GOOD_ROW.replace(b"-0- ,", b'"company",', 1), "sdn.csv:1", "unknown SDN_Type"),
        (GOOD_ROW.replace(b'"AEROCARIBBEAN AIRLINES"', b"-0- "), "sdn.csv:1", "empty name"),
        (GOOD_ROW + b'37,"UNTERMINATED', "sdn.csv:2", "unterminated quoted field"),
        (GOOD_ROW + b'37,"BAD "QUOTE" X",-0- \r\n', "sdn.csv:2", "malformed CSV"),
        (GOOD_ROW.replace(b"AIRLINES", b"AIRL\xffNES"), "sdn.csv:1", "not valid utf-8"),
        (GOOD_ROW.replace(b"\r\n", b"\x1a\r\n") + GOOD_ROW, "sdn.csv:1", "SUB byte"),
        ('36,"ABC",-0- ,"X"'.encode("utf-16-le"), "sdn.csv:1", "NUL byte"),
        (b'<?xml version="1.0"?><CONSOLIDATED_LIST/>', "sdn.csv:1", "expected 12 fields"),
    ],
)
def test_bad_main_file(tmp_path: Path, content: bytes, where: str, message: str) -> None:
    f = tmp_path / "sdn.csv"
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(message)) as exc:
        OFAC_SDN.parse([f])
    assert exc.value.code == "list_parse_error"
    assert f"{tmp_path}/{where}" in exc.value.detail


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("add.csv", b'36,1,"street"\r\n', "add.csv:1: columns: expected 6 fields"),
        ("alt.csv", b'36,1,"aka",-0- ,-0- \r\n', "alt.csv:1: alt_name: empty alias name"),
        ("sdn_comments.csv", b'x,"a"\r\n', "sdn_comments.csv:1: ent_num: not a number"),
    ],
)
def test_bad_aux_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / "sdn.csv").write_bytes(GOOD_ROW)
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InvalidInput, match=re.escape(message)):
        OFAC_SDN.parse(_files(tmp_path))


def test_unknown_file_in_set(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(GOOD_ROW)
    (tmp_path / "notes.csv").write_bytes(b"x")
    with pytest.raises(InvalidInput, match=r"notes\.csv: file: not a file of the OFAC legacy set"):
        OFAC_SDN.parse(_files(tmp_path))


def test_renamed_single_main_file_is_parsed(tmp_path: Path) -> None:
    f = tmp_path / "sdn-2024-05-03.csv"
    f.write_bytes(GOOD_ROW + b"\x1a")
    assert OFAC_SDN.detect([f])
    [entry] = OFAC_SDN.parse([f]).entries
    assert entry.entity_id == "ofac-sdn:36"
    assert entry.listed_on is None
    assert entry.names == (EntryName(value="AEROCARIBBEAN AIRLINES", quality=NameQuality.PRIMARY),)
