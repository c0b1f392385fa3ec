"""The one vocabulary of jurisdictions, and the one error for a jurisdiction nobody knows.

Classification evaluates control lists (``eu``, ``us`` and the multilateral ``wassenaar``
list); determination evaluates legal orders whose regime data it holds (``tw``, ``eu``, ``us``,
``un``). Both name them from :class:`Jurisdiction`, both accept :data:`ALL`, and both refuse an
unknown name with :func:`unknown_jurisdiction` (code ``jurisdiction_unknown``).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from exportctl.errors import InvalidInput

__all__ = ["ALL", "JURISDICTION_UNKNOWN", "Jurisdiction", "unknown_jurisdiction"]


class Jurisdiction(StrEnum):
    """A legal order (or the Wassenaar list) whose export controls exportctl evaluates."""

    TW = "tw"  # Taiwan: Foreign Trade Act Art. 13 and the SHTC control list
    EU = "eu"  # European Union: Regulation (EU) 2021/821 and the sanctions regulations
    US = "us"  # United States: the EAR (15 CFR 730-774) and OFAC regulations
    UN = "un"  # United Nations Security Council sanctions
    WASSENAAR = "wassenaar"  # the Wassenaar Arrangement dual-use list (Category 2)


#: Every jurisdiction a command or call evaluates.
ALL = "all"

#: The error code for a jurisdiction that is not known where it was asked for.
JURISDICTION_UNKNOWN = "jurisdiction_unknown"


def unknown_jurisdiction(requested: Iterable[str], known: Iterable[str]) -> InvalidInput:
    """The error for requested jurisdictions that are not among ``known`` (plus ``all``)."""
    wanted = [str(r) for r in requested]
    return InvalidInput(
        f"unknown jurisdiction(s): {', '.join(wanted)} (known: {', '.join(known)}, {ALL})",
        code="jurisdiction_unknown",  # = JURISDICTION_UNKNOWN (a literal: the code scan reads it)
        errors={"jurisdiction": ", ".join(wanted)},
    )
