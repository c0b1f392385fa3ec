"""Quantities: parsing with pint, dimension checks naming the field, equality at thresholds."""

from __future__ import annotations

import pytest

from exportctl.classification.units import compare_quantities, format_quantity, parse_quantity
from exportctl.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "dimension", "shown"),
    [
        ("1.2 um", "length", "1.2 µm"),
        ("1.2 µm", "length", "1.2 µm"),
        ("1.2 μm", "length", "1.2 µm"),  # Greek mu
        ("3000 mm", "length", "3000 mm"),
        ("3 m", "length", "3 m"),
        ("0.003 deg", "angle", "0.003 deg"),
        ("0.9 arcsec", "angle", "0.9 arcsec"),
        ("20000 rpm", "rotational_speed", "20000 rpm"),
    ],
)
def test_parse(text: str, dimension: str, shown: str) -> None:
    assert format_quantity(parse_quantity(text, dimension, field="f")) == shown


def test_per_minute_is_revolutions_per_minute() -> None:
    # pint treats a revolution as 2π rad; on data sheets "1/min" means revolutions per minute.
    q = parse_quantity("20000 1/min", "rotational_speed", field="spindle.max_speed")
    assert compare_quantities(q, parse_quantity("20000 rpm", "rotational_speed", field="x")) == 0


@pytest.mark.parametrize(
    ("text", "dimension", "why"),
    [
        ("1.2 kg", "length", "is a [mass], not a length"),
        ("5", "length", "has no unit"),
        ("", "length", "empty value"),
        ("five um", "length", "cannot read"),
        ("-1 um", "length", "non-negative"),
        ("2 mm", "angle", "not an angle"),
        ("3 mm", "rotational_speed", "not a rotational speed"),
    ],
)
def test_bad_quantity_names_the_field(text: str, dimension: str, why: str) -> None:
    field = "linear_axes[0].unidirectional_positioning_repeatability"
    with pytest.raises(InvalidInput) as err:
        parse_quantity(text, dimension, field=field)
    assert err.value.detail.startswith(field + ":")
    assert why in err.value.detail
    assert field in err.value.errors


def test_equal_across_units_despite_float_noise() -> None:
    a = parse_quantity("1.4 um", "length", field="a")
    b = parse_quantity("0.0014 mm", "length", field="b")
    assert compare_quantities(a, b) == 0
    assert (
        compare_quantities(
            parse_quantity("1 m", "length", field="c"),
            parse_quantity("1000 mm", "length", field="d"),
        )
        == 0
    )
    assert compare_quantities(parse_quantity("1.41 um", "length", field="e"), a) == 1
