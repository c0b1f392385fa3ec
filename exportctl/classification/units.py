"""Quantities with units: parsing item and rule values with pint, and printing them back.

Values are written as strings (``"1.3 um"``, ``"3000 mm"``, ``"20000 rpm"``, ``"0.003 deg"``).
Each quantity field of an item declares a dimension; a value of another dimension
(``"1.2 kg"`` for a repeatability) is an error naming the field.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import pint

from exportctl.errors import InvalidInput

__all__ = [
    "DIMENSIONS",
    "Quantity",
    "base_magnitude",
    "compare_magnitudes",
    "compare_quantities",
    "format_quantity",
    "parse_quantity",
    "registry",
]

Quantity = Any  # pint.Quantity is generic and untyped; this alias documents intent

# Dimension name (as recorded in the item model) -> (pint dimensionality check, an example).
# Angles are dimensionless in pint, so "angle" additionally requires an angular unit.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "length": ("[length]", "'1.2 um' or '3000 mm'"),
    "angle": ("[]", "'0.003 deg' or '0.9 arcsec'"),
    "rotational_speed": ("1/[time]", "'20000 rpm'"),
}
_ANGULAR_UNITS = ("degree", "radian", "arcminute", "arcsecond", "turn", "revolution", "grad", "gon")

# Relative tolerance for "equal to" at a threshold: unit conversion (um -> mm) leaves float
# noise (1.3 um = 0.0013000000000000002 mm), and "equal to or less than" must hold exactly.
_REL_TOL = 1e-9

# pint defines a revolution as 2π radian, so "20000 1/min" would become 3183 rpm. On data sheets
# "1/min", "min^-1" and "rpm" all mean revolutions per minute; these markers tell them apart.
_REVOLUTION_MARKERS = ("revolution", "turn", "rpm", "rps")


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The one unit registry (building it costs ~0.5 s, so it is built once, on first use)."""
    return pint.UnitRegistry()


def parse_quantity(text: str, dimension: str, *, field: str) -> Quantity:
    """Parse ``text`` as a quantity of ``dimension``, keeping the unit the user wrote.

    Raises:
        InvalidInput: the text is not a quantity, has no unit, or has the wrong dimension; the
            message and ``errors`` name ``field``.
    """
    check, example = DIMENSIONS[dimension]
    ureg = registry()
    noun = dimension.replace("_", " ")
    article = "an" if noun[0] in "aeiou" else "a"

    def bad(why: str) -> InvalidInput:
        msg = f"{field}: {why}; expected {article} {noun} such as {example}"
        return InvalidInput(msg, code="invalid_quantity", errors={field: why})

    if not isinstance(text, str) or not text.strip():
        raise bad("empty value")
    try:
        q: Any = ureg.Quantity(text.strip().replace("µ", "u").replace("μ", "u"))
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError) as exc:
        raise bad(f"cannot read {text!r} as a quantity ({exc})") from None
    if not isinstance(q, ureg.Quantity) or q.unitless:
        raise bad(f"{text!r} has no unit")
    if not q.check(check):
        raise bad(f"{text!r} is a {q.dimensionality}, not {article} {noun}")
    magnitude = float(q.magnitude)
    if not math.isfinite(magnitude) or magnitude < 0:
        raise bad(f"{text!r} must be a finite, non-negative value")
    if dimension == "angle" and not any(u in str(q.units) for u in _ANGULAR_UNITS):
        raise bad(f"{text!r} is not an angle")
    if dimension == "rotational_speed" and not any(m in str(q.units) for m in _REVOLUTION_MARKERS):
        return ureg.Quantity(q.to("1/minute").magnitude, "rpm")
    return q


def base_magnitude(q: Quantity) -> float:
    """The magnitude in SI base units (mm -> m, degree -> radian): one scale to compare on."""
    return float(q.to_base_units().magnitude)


def compare_magnitudes(x: float, y: float) -> int:
    """-1, 0 or 1 as ``x`` is less than, equal to (within float noise) or greater than ``y``."""
    if math.isclose(x, y, rel_tol=_REL_TOL, abs_tol=0.0):
        return 0
    return -1 if x < y else 1


def compare_quantities(a: Quantity, b: Quantity) -> int:
    """-1, 0 or 1 as ``a`` is less than, equal to (within float noise) or greater than ``b``."""
    return compare_magnitudes(base_magnitude(a), base_magnitude(b))


def format_quantity(q: Quantity) -> str:
    """A short human form in the quantity's own unit: ``1.3 µm``, ``3000 mm``, ``0.003°``."""
    mag = q.magnitude
    text = f"{mag:.6g}" if isinstance(mag, float) else str(mag)
    unit = f"{q.units:~P}"
    return f"{text}{unit}" if unit in ("°", "′", "″") else f"{text} {unit}"
