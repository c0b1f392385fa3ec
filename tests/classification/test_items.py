"""Item specs from YAML: fields, errors naming file and field, transactions, what-if paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.classification import (
    apply_variations,
    find_parent,
    parse_item,
    parse_variations,
)
from exportctl.errors import InvalidInput, NotFound
from exportctl.files import read_item, read_items, read_parents


def write(tmp_path: Path, text: str, name: str = "item.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_shared_examples(shared_examples: Path) -> None:
    item = read_item(shared_examples / "dmc-3000-5axis.yaml")
    assert item.id == "dmc-3000-5axis"
    assert item.axes is not None
    assert item.axes.simultaneous_contouring == 5
    assert item.linear_axes[0].travel == "3000 mm"
    items = read_items(shared_examples / "roundtop-spindle-repair.yaml")
    assert set(items) == {"dmc-3000-5axis", "spindle-20k"}
    assert items["spindle-20k"].part_of == "dmc-3000-5axis"


def test_wrong_unit_names_file_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
id: m
category: machine_tool
linear_axes:
  - {name: X, travel: 3000 mm, unidirectional_positioning_repeatability: 1.2 kg}
""",
    )
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    detail = err.value.detail
    assert str(path) in detail
    assert "linear_axes[0].unidirectional_positioning_repeatability" in detail
    assert "not a length" in detail


def test_bare_number_needs_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "id: m\nlinear_axes: [{travel: 3000}]\n")
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    assert "linear_axes[0].travel" in err.value.detail
    assert "unit" in err.value.detail


def test_unknown_field_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id: m\nspindle: {tilting: true, max_sped: 20000 rpm}\n")
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    assert "spindle.max_sped" in err.value.detail
    assert "unknown field" in err.value.detail


def test_bad_enum_value(tmp_path: Path) -> None:
    path = write(tmp_path, "id: m\ntype: sawing\n")
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    assert "type" in err.value.detail


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "id: m\naxes: {linear: 3\n")
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    assert str(path) in err.value.detail
    assert "line" in err.value.detail


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_item(tmp_path / "nope.yaml")


def test_transaction_needs_item_choice(shared_examples: Path) -> None:
    path = shared_examples / "roundtop-spindle-repair.yaml"
    with pytest.raises(InvalidInput) as err:
        read_item(path)
    assert "--item" in err.value.detail
    assert read_item(path, "spindle-20k").id == "spindle-20k"
    with pytest.raises(NotFound):
        read_item(path, "nope")


def test_ref_and_parent_lookup(tmp_path: Path, shared_examples: Path) -> None:
    machine = (shared_examples / "dmc-3000-5axis.yaml").read_text(encoding="utf-8")
    write(tmp_path, machine, "dmc-3000-5axis.yaml")
    part = write(
        tmp_path, "id: s\ncategory: machine_tool_part\npart_of: dmc-3000-5axis\n", "part.yaml"
    )
    item = read_item(part)
    parent = find_parent(item, read_parents({item.id: item}, tmp_path))
    assert parent is not None
    assert parent.id == "dmc-3000-5axis"
    assert find_parent(item, {}) is None
    assert read_parents({item.id: item}, tmp_path / "elsewhere") == {}


def test_duplicate_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - {id: a}\n  - {id: a}\n")
    with pytest.raises(InvalidInput) as err:
        read_items(path)
    assert "duplicate" in err.value.detail


def test_parse_variations() -> None:
    assert parse_variations(
        ["axes.simultaneous_contouring=5", "spindle.tilting=true", "linear_axes[X].travel=2 m"]
    ) == {
        "axes.simultaneous_contouring": 5,
        "spindle.tilting": True,
        "linear_axes[X].travel": "2 m",
    }
    with pytest.raises(InvalidInput):
        parse_variations(["axes.simultaneous_contouring"])


def test_apply_variations_paths(shared_examples: Path) -> None:
    item = read_item(shared_examples / "dmc-3000-5axis.yaml")
    varied = apply_variations(
        item,
        {
            "linear_axes[X].unidirectional_positioning_repeatability": "0.8 um",
            "linear_axes[-1].travel": "900 mm",
            "turning.max_turning_diameter": "300 mm",  # a missing section is created
        },
    )
    assert varied.linear_axes[0].unidirectional_positioning_repeatability == "0.8 um"
    assert varied.linear_axes[2].travel == "900 mm"
    assert varied.turning is not None
    every = apply_variations(item, {"linear_axes[*].positioning_accuracy": "5 um"})
    assert {a.positioning_accuracy for a in every.linear_axes} == {"5 um"}
    assert item.linear_axes[0].unidirectional_positioning_repeatability == "1.3 um"  # unchanged


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"linear_axes[7].travel": "1 m"}, "no [7]"),
        ({"linear_axes[Q].travel": "1 m"}, "named 'Q'"),
        ({"axes[0]": 1}, "not a list"),
        ({"linear_axes[0].travel": "1.2 kg"}, "linear_axes[0].travel"),
        ({"axes.simultaneous_contouring": "many"}, "axes.simultaneous_contouring"),
        ({"a-b.c": 1}, "not a field name"),
    ],
)
def test_apply_variations_errors(
    shared_examples: Path, changes: dict[str, object], needle: str
) -> None:
    item = read_item(shared_examples / "dmc-3000-5axis.yaml")
    with pytest.raises(InvalidInput) as err:
        apply_variations(item, changes)
    assert needle in err.value.detail


def test_manufacturer_extra_keys_tolerated() -> None:
    # YAML flow style splits "Co., Ltd." at the comma; the manufacturer is not classified on.
    item = parse_item({"id": "m", "manufacturer": {"name": "Roundtop Co.", "Ltd.": None}})
    assert item.manufacturer is not None
    assert item.manufacturer.name == "Roundtop Co."
