"""Which control lists a jurisdiction filter evaluates, in the order results are reported."""

from __future__ import annotations

from exportctl.model.classification import JurisdictionFilter
from exportctl.model.jurisdiction import unknown_jurisdiction

__all__ = ["LIST_ORDER", "jurisdictions_for"]

#: The lists classification evaluates, in report order.
LIST_ORDER = ("wassenaar", "eu", "us")


def jurisdictions_for(jurisdiction: JurisdictionFilter | str) -> tuple[str, ...]:
    """The lists a filter evaluates: ``all`` is the Wassenaar list, the EU and the US.

    Raises:
        InvalidInput: an unknown jurisdiction.
    """
    try:
        j = JurisdictionFilter(jurisdiction)
    except ValueError:
        known = [f.value for f in JurisdictionFilter if f is not JurisdictionFilter.ALL]
        raise unknown_jurisdiction([str(jurisdiction)], known) from None
    return LIST_ORDER if j is JurisdictionFilter.ALL else (j.value,)
