"""The control catalogue: every CCL ECCN and the Wassenaar Category 2 entries, search and show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportctl.classification import ControlCatalogue
from exportctl.errors import InvalidInput, NotFound
from exportctl.files import read_control_catalogue


@pytest.fixture(scope="module")
def catalogue(shared_controls: Path) -> ControlCatalogue:
    return read_control_catalogue(shared_controls)


def test_loads_every_eccn(catalogue: ControlCatalogue, shared_controls: Path) -> None:
    records = json.loads((shared_controls / "us/ccl-eccn-fulltext-from-ecfr.json").read_text())
    codes = {r["code"].removeprefix("ECCN-") for r in records}
    assert codes <= {e.code for e in catalogue}
    assert len(catalogue) >= len(codes)


def test_entry_has_reasons_and_chart(catalogue: ControlCatalogue) -> None:
    e = catalogue.get("2B001")
    assert e.us is not None
    assert e.us.reasons == ["NS", "NP", "AT"]
    assert e.chart_columns == ["NS2", "NP1", "AT1"]
    assert any("22.5" in row.control for row in e.us.chart)
    assert e.wassenaar is not None
    assert e.wassenaar_code == "2.B.1"
    assert e.wassenaar.heading.startswith("Machine tools and any combination thereof")
    assert e.wassenaar.pages[0] == 26


def test_wassenaar_category_2_entries(catalogue: ControlCatalogue) -> None:
    wa = {e.wassenaar_code for e in catalogue if e.wassenaar is not None}
    assert {"2.A.1", "2.B.1", "2.B.6", "2.B.8", "2.D.1", "2.D.2", "2.E.1", "2.E.2", "2.E.3"} <= wa
    assert catalogue.get("2.D.1").wassenaar is not None
    assert catalogue.get("2.D.1").wassenaar.heading.startswith('"Software", other than')  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "paragraph"),
    [
        ("2B001", False),
        ("2.B.1", False),
        ("ECCN 2B001", False),
        ("2B001.b.2.b", True),
        ("2.B.1.b.2.b", True),
    ],
)
def test_show_code_forms(catalogue: ControlCatalogue, code: str, paragraph: bool) -> None:
    shown = catalogue.show(code)
    assert shown.entry.code == "2B001"
    assert (shown.paragraph == "b.2.b") is paragraph
    if paragraph:
        assert shown.code == "2B001.b.2.b"
        assert shown.wassenaar_code == "2.B.1.b.2.b"
        assert shown.us_paragraph_text is not None
        assert "1.4 µm" in shown.us_paragraph_text
        assert shown.wassenaar_paragraph_text is not None
        assert "1.4 µm" in shown.wassenaar_paragraph_text
        assert "4 m" in shown.wassenaar_paragraph_text


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("2B001.a.1", "0.9 µm"),
        ("2B001.d", "non-wire"),
        ("2B008.d", "Tilting spindles"),
        ("2B006.b.2", "800"),
        ("2B201.b.3", "Five or more axes"),
        ("2B991.c.2.b", "15 µm"),
    ],
)
def test_show_paragraph_text(catalogue: ControlCatalogue, code: str, needle: str) -> None:
    shown = catalogue.show(code)
    assert needle in (shown.us_paragraph_text or "") + (shown.wassenaar_paragraph_text or "")


def test_show_paragraph_skips_note_items(catalogue: ControlCatalogue) -> None:
    # 2B001 Note 2 lists items a.-e. before the real paragraphs a.-f.
    shown = catalogue.show("2.B.1.d")
    assert shown.wassenaar_paragraph_text is not None
    assert shown.wassenaar_paragraph_text.startswith("Electrical Discharge Machines")
    assert shown.us_paragraph_text is not None
    assert shown.us_paragraph_text.startswith("Electrical discharge machines")


def test_show_errors(catalogue: ControlCatalogue) -> None:
    with pytest.raises(NotFound):
        catalogue.show("2B777")
    with pytest.raises(NotFound):
        catalogue.show("2B001.z.9")
    with pytest.raises(InvalidInput):
        catalogue.show("not-a-code")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("five axis milling", {"2B001", "2B201"}),
        ("tilting spindle", {"2B008"}),
        ("compound rotary tables", {"2B008"}),
        ("position feedback units machine tools", {"2B006"}),
        ("numerical control software contouring", {"2D002"}),
    ],
)
def test_search_ranks_relevant_entries(
    catalogue: ControlCatalogue, query: str, expected: set[str]
) -> None:
    hits = catalogue.search(query, limit=5)
    assert expected <= {h.code for h in hits}
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_by_code(catalogue: ControlCatalogue) -> None:
    assert catalogue.search("2.B.201")[0].code == "2B201"


def test_search_empty_query(catalogue: ControlCatalogue) -> None:
    with pytest.raises(InvalidInput):
        catalogue.search("  ")


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_control_catalogue(tmp_path / "missing")
    with pytest.raises(NotFound):
        read_control_catalogue(tmp_path)
    (tmp_path / "us").mkdir()
    (tmp_path / "us" / "ccl-eccn-fulltext-from-ecfr.json").write_text("{not json")
    with pytest.raises(InvalidInput, match=r"ccl-eccn-fulltext-from-ecfr.json:1: not JSON"):
        read_control_catalogue(tmp_path)
