"""Every staged official list in ../shared/data/lists: detection, counts, spot checks.

Counts are checked against ../shared/data/lists/PROVENANCE.md; where an entry count differs
from a row count the test says why. Each folder is parsed once per session.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.detect import detect_format, list_files
from exportctl.lists.formats import ParsedList
from exportctl.lists.formats.csl import CSL, CSL_PARTIAL
from exportctl.model import EntryName, ListEntry, NameQuality, Schema

pytestmark = pytest.mark.shared_data

EXPECTED_FORMAT = {
    "bis_dpl": "bis-dpl",
    "ofac_cons_2025-12": "ofac-cons",
    "ofac_sdn_aux_2025-12": "ofac-legacy",
    "ofac_sdn_csv_2024-05-03": "ofac-legacy",
    "ofac_sdn_matched_2021-07": "ofac-legacy",
    "uk_ofsi_conlist_2014-04-02": "uk-hmt",
    "uk_ofsi_conlist_2018-04-13": "uk-hmt",
    "un": "un-xml",
    "us_csl": "csl",
}


@cache
def _parse(folder: Path) -> ParsedList:
    files = list_files(folder)
    return detect_format(files, folder).parse(files)


def _ids(parsed: ParsedList) -> dict[str, ListEntry]:
    return {e.entity_id: e for e in parsed.entries}


def test_every_folder_is_detected(shared_lists: Path) -> None:
    folders = {p.name: p for p in shared_lists.iterdir() if p.is_dir()}
    assert set(folders) == set(EXPECTED_FORMAT)
    for name, folder in folders.items():
        assert detect_format(list_files(folder), folder).name == EXPECTED_FORMAT[name], name


def test_ofac_sdn_2024(shared_lists: Path) -> None:
    parsed = _parse(shared_lists / "ofac_sdn_csv_2024-05-03")
    assert len(parsed.entries) == 14_965  # PROVENANCE: 14,965 SDN rows
    assert parsed.warnings == ()
    by_id = _ids(parsed)
    assert "ofac-sdn:48907" in by_id  # the highest ent_num
    schemas = Counter(e.schema for e in parsed.entries)
    assert schemas == {
        Schema.ORGANIZATION: 6884,
        Schema.PERSON: 6854,
        Schema.VESSEL: 851,
        Schema.AIRCRAFT: 376,
    }
    msa = by_id["ofac-sdn:11644"]
    assert msa.name == "MACHINE SAZI ARAK CO. LTD."
    assert EntryName(value="MSA", quality=NameQuality.WEAK, kind="a.k.a.") in msa.names
    assert msa.programs == ("IRAN",)
    person = by_id["ofac-sdn:12113"]  # MORTEZAVI, Hasan
    assert person.birth_dates == ("1964-08-23",)
    assert person.nationalities == ("IR",)
    assert person.programs == ("SDGT", "IRGC", "IFSR")
    assert person.identifiers[0].type == "Passport"
    assert person.identifiers[0].country == "IR"


def test_ofac_sdn_2021_matched(shared_lists: Path) -> None:
    parsed = _parse(shared_lists / "ofac_sdn_matched_2021-07")
    assert len(parsed.entries) == 8_976  # PROVENANCE: 8,976 SDN rows; aux files all match
    assert parsed.warnings == ()
    msa = _ids(parsed)["ofac-sdn:11644"]
    assert msa.name == "MACHINE SAZI ARAK CO. LTD."
    names = {(n.value, n.quality) for n in msa.names}
    assert ("MASHIN SAZI ARAK", NameQuality.STRONG) in names  # from alt.csv
    assert ("MACHINE SAZI ARAK SSA", NameQuality.STRONG) in names
    assert ("MACHINE SAZI ARAK COMPANY P J S C", NameQuality.STRONG) in names
    assert ("MSA", NameQuality.WEAK) in names
    assert msa.countries == ("IR",)
    assert [a.city for a in msa.addresses] == [
        "Arak 351138",
        "Arak, Markazi Province",
        "Tehran 14136",
    ]
    # Every alias row and address row of the matched set lands on an entry.
    assert sum(len(e.addresses) for e in parsed.entries) <= 13_837
    overflow = _ids(parsed)["ofac-sdn:28263"]  # Remarks continue in sdn_comments.csv
    assert overflow.remarks is not None
    assert len(overflow.remarks) > 1000
    assert "snowsjohn" in {n.value for n in overflow.names}  # weak alias cut at char 1000


def test_ofac_aux_without_sdn(shared_lists: Path) -> None:
    folder = shared_lists / "ofac_sdn_aux_2025-12"
    files = list_files(folder)
    with pytest.raises(InvalidInput, match=r"sdn\.csv is required"):
        detect_format(files, folder).parse(files)
    base = _parse(shared_lists / "ofac_sdn_csv_2024-05-03").entries
    merged = detect_format(files, folder).parse(files, base=base)
    assert len(merged.entries) == len(base) == 14_965
    # PROVENANCE: 4,253 newer entities in add.csv have no row in the 2024 sdn.csv.
    assert merged.warnings[0].startswith(
        "4893 addresses rows for 4253 ent_num(s) not in the active version"
    )
    msa = _ids(merged)["ofac-sdn:11644"]
    assert "MASHIN SAZI ARAK" in {n.value for n in msa.names}
    assert msa.countries == ("IR",)


def test_ofac_aux_merge_rebuilds_the_full_edition(shared_lists: Path) -> None:
    """sdn.csv alone, then its add/alt/comments merged in, equals the whole set parsed at once;
    merging again changes nothing (so reloading an auxiliary folder is a no-op)."""
    folder = shared_lists / "ofac_sdn_matched_2021-07"
    full = _parse(folder)
    fmt = detect_format(list_files(folder), folder)
    base = fmt.parse([folder / "sdn.csv"]).entries
    aux = [folder / n for n in ("add.csv", "alt.csv", "sdn_comments.csv")]
    merged = fmt.parse(aux, base=base)
    assert merged.entries == full.entries
    assert fmt.parse(aux, base=merged.entries).entries == full.entries


def test_ofac_cons(shared_lists: Path) -> None:
    parsed = _parse(shared_lists / "ofac_cons_2025-12")
    assert len(parsed.entries) == 442  # PROVENANCE: 442 prim rows
    assert parsed.warnings == ()  # all 10 comment rows continue a 1,000-character Remarks
    assert all(e.entity_id.startswith("ofac-cons:") for e in parsed.entries)
    assert sum(len(e.addresses) for e in parsed.entries) > 0


def test_un(shared_lists: Path) -> None:
    parsed = _parse(shared_lists / "un")
    assert len(parsed.entries) == 1_003  # PROVENANCE: 730 INDIVIDUAL + 273 ENTITY
    assert Counter(e.schema for e in parsed.entries) == {
        Schema.PERSON: 730,
        Schema.ORGANIZATION: 273,
    }
    assert parsed.published == date(2026, 2, 27)
    assert parsed.warnings == ()
    zawahiri = _ids(parsed)["un:QDi.006"]
    assert zawahiri.name == "AIMAN MUHAMMED RABI AL-ZAWAHIRI"
    assert any(n.quality is NameQuality.ORIGINAL_SCRIPT for n in zawahiri.names)
    assert {n.value for n in zawahiri.names if n.quality is NameQuality.WEAK} == {
        "Abu Fatma",
        "Abu Mohammed",
    }
    assert zawahiri.birth_dates == ("1951-06-19",)
    assert zawahiri.nationalities == ("EG",)
    quality = Counter(n.quality for e in parsed.entries for n in e.names)
    # 378 NAME_ORIGINAL_SCRIPT elements; one ("JAMAAH ANSHARUT DAULAH") repeats the caption
    # and is kept once, as the caption. 29 aliases are written in another script.
    assert sum(n.kind == "original script" for e in parsed.entries for n in e.names) == 377
    assert quality[NameQuality.ORIGINAL_SCRIPT] == 406
    assert quality[NameQuality.PRIMARY] == 1_003


def test_csl_partial_folder(shared_lists: Path) -> None:
    folder = shared_lists / "us_csl"
    files = list_files(folder)
    # The 2023 file is cut off inside its last record: the csl format refuses it.
    with pytest.raises(
        InvalidInput,
        match=r"consolidated_partial_20231130\.csv:4233: csv: "
        r"unterminated quoted field",
    ):
        CSL.parse(files)
    partial = folder / "consolidated_partial_20231130.csv"
    parsed = CSL_PARTIAL.parse([partial])
    # PROVENANCE counts 4,227 data rows under the (repeated) header; the last of them is the
    # cut-off one, dropped: 4,226 complete rows. 7 OFAC entities are on two lists (SSI and
    # NS-MBS, or PLC and SDN) with one _id each: 4,226 - 7 = 4,219 entries.
    assert len(parsed.entries) == 4_219
    assert parsed.warnings == (
        "consolidated_partial_20231130.csv:4233: file ends inside this record (truncated); "
        "the record is dropped and 4227 rows before it are kept",
        "consolidated_partial_20231130.csv:2: repeated header row skipped",
    )
    types = Counter(t for e in parsed.entries for t in e.list_types)
    assert types["Entity List"] == 919
    assert types["SDN"] == 1737
    assert types["Denied Persons List"] == 577
    on_two = _ids(parsed)["csl:17014"]
    assert on_two.list_types == (
        "Non-SDN Menu-Based Sanctions List",
        "Sectoral Sanctions Identifications List",
    )
    # The 2025 file: 13 data rows (PROVENANCE says 12; the file has 13 after its header).
    fixture = CSL.parse([folder / "consolidated_fixture_20250625.csv"])
    assert len(fixture.entries) == 13
    assert fixture.warnings == ()
    assert all(len(e.native_id) in (56, 5, 32) or e.native_id.isdigit() for e in fixture.entries)


def test_bis_dpl(shared_lists: Path) -> None:
    parsed = _parse(shared_lists / "bis_dpl")
    # PROVENANCE: 581 rows; two of them repeat an earlier row exactly: 579 entries.
    assert len(parsed.entries) == 579
    assert parsed.published == date(2022, 9, 2)  # latest real Last_Update
    assert parsed.warnings == (
        "2 rows repeat an earlier row exactly; each kept once",
        "dpl.txt:306: Last_Update 2922-09-01 is implausible (typo?); not used as the "
        "publication date",
        "dpl.txt:343: Last_Update 3017-08-22 is implausible (typo?); not used as the "
        "publication date",
    )
    assert len({e.entity_id for e in parsed.entries}) == 579


@pytest.mark.parametrize(
    ("folder", "groups", "published"),
    [
        ("uk_ofsi_conlist_2014-04-02", 2_297, date(2014, 4, 2)),
        ("uk_ofsi_conlist_2018-04-13", 2_106, date(2018, 4, 13)),
    ],
)
def test_uk(shared_lists: Path, folder: str, groups: int, published: date) -> None:
    parsed = _parse(shared_lists / folder)
    assert len(parsed.entries) == groups  # PROVENANCE: Group IDs
    assert parsed.published == published
    assert parsed.warnings == ()
    assert all(e.entity_id == f"uk:{e.native_id}" for e in parsed.entries)
    assert all(e.names[0].quality is NameQuality.PRIMARY for e in parsed.entries)


def test_uk_2018_spot_check(shared_lists: Path) -> None:
    e = _ids(_parse(shared_lists / "uk_ofsi_conlist_2018-04-13"))["uk:13349"]
    assert e.name == "Nayef Salam Muhammad Ujaym AL-HABABI"
    assert "Sheikh Farooq AL-QAHTANI" in {n.value for n in e.names}
    assert e.birth_dates == ("1980", "1981")
    assert e.nationalities == ("SA", "QA")
