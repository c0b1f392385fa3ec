"""The UK Sanctions List (FCDO) and EU FSF parsers on real published excerpts, and what they
refuse (a malformed or truncated file, named with its line)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import InvalidInput
from exportctl.lists.detect import detect_format
from exportctl.lists.formats import format_by_name
from exportctl.lists.sources import source_by_name
from exportctl.model import NameQuality, Schema

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "lists_real"
UK = REAL / "uk_sanctions_list" / "UK-Sanctions-List.xml"
EU = REAL / "eu_fsf" / "eu_fsf_2024-12-11.xml"


def test_uk_sanctions_list_real_excerpt() -> None:
    fmt = detect_format([UK], UK)
    assert fmt.name == "uk-sanctions-list"
    parsed = fmt.parse([UK])
    assert parsed.published == date(2026, 9, 2)
    by_id = {e.entity_id: e for e in parsed.entries}
    assert sorted(by_id) == ["uk-sl:AFG0001", "uk-sl:AFG0006"]
    bank = by_id["uk-sl:AFG0001"]
    assert bank.schema_ is Schema.ORGANIZATION
    assert [(n.value, n.quality) for n in bank.names] == [
        ("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE", NameQuality.PRIMARY),
        ("Haji Alim Hawala", NameQuality.STRONG),
        ("Haji Hakim Hawala", NameQuality.STRONG),
    ]
    assert bank.countries == ("AF", "AE")
    assert bank.listed_on == date(2012, 6, 29)
    assert bank.programs == ("The Afghanistan (Sanctions) (EU Exit) Regulations 2020",)
    assert "UN reference TAe.010" in (bank.remarks or "")
    person = by_id["uk-sl:AFG0006"]
    assert person.schema_ is Schema.PERSON
    assert person.names[0].value == "MOHAMMAD HASSAN AKHUND"
    assert person.birth_dates == ("1945", "1946")  # "dd/mm/1945": only the year is known


def test_eu_fsf_real_excerpt() -> None:
    fmt = detect_format([EU], EU)
    assert fmt.name == "eu-fsf"
    parsed = fmt.parse([EU])
    assert parsed.published == date(2024, 12, 11)
    (entry,) = parsed.entries
    assert entry.entity_id == "eu:13"
    assert entry.schema_ is Schema.PERSON
    assert [n.value for n in entry.names] == ["Saddam Hussein Al-Tikriti", "Abu Ali", "Abou Ali"]
    assert entry.names[0].quality is NameQuality.PRIMARY
    assert entry.nationalities == ("IQ",)
    assert entry.birth_dates == ("1937-04-28",)
    assert entry.programs == ("IRQ",)


@pytest.mark.parametrize(("path", "fmt"), [(UK, "uk-sanctions-list"), (EU, "eu-fsf")])
def test_truncated_file_is_refused_with_file_and_line(tmp_path: Path, path: Path, fmt: str) -> None:
    raw = path.read_bytes()
    cut = tmp_path / path.name
    cut.write_bytes(raw[: int(len(raw) * 0.6)])
    with pytest.raises(InvalidInput, match=rf"{path.name}:\d+:\d+: XML: malformed XML") as err:
        format_by_name(fmt).parse([cut])
    assert err.value.code == "list_parse_error"


@pytest.mark.parametrize(("path", "fmt"), [(UK, "uk-sanctions-list"), (EU, "eu-fsf")])
def test_malformed_file_is_refused_with_file_and_line(tmp_path: Path, path: Path, fmt: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    broken_line = next(
        i for i, line in enumerate(lines) if "<Names>" in line or "<nameAlias" in line
    )
    lines[broken_line] = lines[broken_line].replace("<", "<<", 1)
    bad = tmp_path / path.name
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InvalidInput, match=rf"{path.name}:{broken_line + 1}:\d+: XML"):
        format_by_name(fmt).parse([bad])


def test_uk_designation_without_id_is_named(tmp_path: Path) -> None:
    bad = tmp_path / UK.name
    bad.write_text(UK.read_text().replace("<UniqueID>AFG0006</UniqueID>", ""))
    with pytest.raises(InvalidInput, match=r"UK-Sanctions-List\.xml:Designation\[2\]: UniqueID"):
        format_by_name("uk-sanctions-list").parse([bad])


def test_both_are_lists_update_sources(tmp_path: Path) -> None:
    uk, eu = source_by_name("uk-sl"), source_by_name("eu")
    assert uk.files[0].url == "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
    assert eu.files[0].url.startswith("https://webgate.ec.europa.eu/fsd/fsf/")
    mirror = tmp_path / "mirror"
    shutil.copytree(REAL, mirror)
    engine = Engine(Settings.for_home(tmp_path))
    reports = {r.source: r for r in engine.lists.update(from_dir=mirror)}
    assert {s: (r.error, r.version.entries if r.version else 0) for s, r in reports.items()} == {
        "uk-sl": (None, 2),
        "eu": (None, 1),
    }
    status = {v.source: v for v in engine.lists.status()}
    assert status["uk-sl"].published == date(2026, 9, 2)
    assert status["eu"].published == date(2024, 12, 11)
    engine.close()
