"""Reading transaction YAML: refs, inline items, countries, and errors that name file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.determination import load_regimes, select_jurisdictions
from exportctl.errors import InvalidInput
from exportctl.files import read_transaction
from exportctl.model.determination import Activity, PartyRole


def _write(tmp_path: Path, text: str, name: str = "tx.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_example_loads(shared_examples: Path) -> None:
    tx = read_transaction(shared_examples / "roundtop-spindle-repair.yaml")
    assert tx.id == "RT-2009-10-MST"
    assert tx.exporter.country == "TW"
    assert tx.destination == "IR"
    assert [p.role for p in tx.parties] == [PartyRole.PURCHASER, PartyRole.END_USER]
    # {..., address: Tabriz, Iran} in a flow mapping: the comma split is undone
    assert tx.parties[0].address == "Tabriz, Iran"
    assert [line.activity for line in tx.lines] == [
        Activity.EXPORT,
        Activity.REPAIR,
        Activity.TECHNICAL_ASSISTANCE,
    ]
    axes = tx.items["dmc-3000-5axis"].axes
    assert axes is not None and axes.simultaneous_contouring == 5  # from the ref
    assert tx.items["spindle-20k"].part_of == "dmc-3000-5axis"
    assert tx.source
    assert tx.source.endswith("roundtop-spindle-repair.yaml")


def test_inline_item_and_country_names(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
id: T
exporter: {name: A, country: Taiwan}
destination: Germany
parties: [{role: end_user, name: B, country: NO}]
lines:
  - activity: export
    item: {id: chair, description: office chair, category: other}
""",
    )
    tx = read_transaction(path)
    assert tx.exporter.country == "TW"
    assert tx.destination == "DE"
    assert tx.parties[0].country == "NO"  # YAML reads NO as false; it is Norway
    assert tx.lines[0].item == "chair"
    assert tx.items["chair"].description == "office chair"


def test_documented_item_origin_is_accepted_and_engages_the_ear(tmp_path: Path) -> None:
    """docs/determination.md: item ``origin: CC`` gives the item's origin (US engages the EAR)."""
    path = _write(
        tmp_path,
        """
id: T
exporter: {name: A, country: TW}
destination: DE
lines:
  - activity: export
    item: {id: chair, description: office chair, category: other, origin: United States}
""",
    )
    tx = read_transaction(path)
    assert tx.items["chair"].origin == "US"
    assert "us" in select_jurisdictions(load_regimes(), tx, None)
    tx_local = read_transaction(_write(tmp_path, path.read_text().replace("United States", "TW")))
    assert "us" not in select_jurisdictions(load_regimes(), tx_local, None)


def test_a_malformed_item_names_its_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
id: T
exporter: {name: A, country: TW}
lines:
  - activity: export
    item: {id: chair, category: other, colour: red}
""",
    )
    with pytest.raises(InvalidInput, match=r"items\.chair\.colour") as err:
        read_transaction(path)
    assert err.value.code == "transaction_invalid"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (
            "lines: [{activity: export, item: m}, {activity: repair, item: x}]",
            "lines[1].item",
            "unknown item 'x'",
        ),
        ("lines: []", "lines", "at least one line"),
        ("lines: [{activity: export}]", "lines[0].item", "missing"),
        (
            "destination: Atlantis\nlines: [{activity: export, item: m}]",
            "destination",
            "unknown country",
        ),
        ("lines: [{activity: smuggle, item: m}]", "lines[0].activity", "Input should be"),
    ],
)
def test_errors_name_file_and_field(tmp_path: Path, body: str, field: str, words: str) -> None:
    path = _write(
        tmp_path,
        "id: T\nexporter: {name: A, country: TW}\nitems: {m: {description: M}}\n" + body + "\n",
    )
    with pytest.raises(InvalidInput) as err:
        read_transaction(path)
    assert str(path) in err.value.detail
    assert field in err.value.detail
    assert words in err.value.detail
    assert err.value.code == "transaction_invalid"


def test_missing_ref_names_the_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
id: T
exporter: {name: A, country: TW}
items: {m: {ref: nowhere.yaml}}
lines: [{activity: export, item: m}]
""",
    )
    with pytest.raises(InvalidInput, match=r"items\.m\.ref: file not found"):
        read_transaction(path)


def test_part_of_must_name_an_item(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
id: T
exporter: {name: A, country: TW}
items: {s: {description: spindle, part_of: ghost}}
lines: [{activity: export, item: s}]
""",
    )
    with pytest.raises(InvalidInput, match=r"items\.s\.part_of: unknown item 'ghost'"):
        read_transaction(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="file not found"):
        read_transaction(tmp_path / "absent.yaml")
