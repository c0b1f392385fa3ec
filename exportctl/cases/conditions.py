"""Licence conditions: parsed from ``KIND[:DETAIL]`` and printed with the decision.

The kinds are the conditions licensing authorities commonly attach (EU Dual-Use Regulation
(EU) 2021/821 Art. 12(6) allows conditions and requirements on authorisations; Annex II of
that Regulation's general authorisations names end-use statements and re-export limits;
15 CFR 758.6 and 750.7(a) for US licence conditions and post-shipment verification).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from exportctl.errors import InvalidInput
from exportctl.model.case import ConditionKind, LicenceCondition

__all__ = ["CONDITION_HELP", "describe_condition", "parse_condition", "parse_conditions"]

CONDITION_HELP: dict[ConditionKind, str] = {
    ConditionKind.END_USE_STATEMENT: "a signed end-use statement is required before shipment",
    ConditionKind.NO_REEXPORT_WITHOUT_CONSENT: "no re-export or transfer without prior consent",
    ConditionKind.POST_SHIPMENT_VERIFICATION: "the exporter accepts post-shipment verification",
    ConditionKind.REPORTING_DUTY: "the exporter reports shipments (DETAIL says what and when)",
    ConditionKind.VALIDITY_END: "the licence is valid until DETAIL (YYYY-MM-DD)",
}


def parse_condition(text: str) -> LicenceCondition:
    """``validity_end:2027-12-31``, ``reporting_duty:quarterly shipment report``, ..."""
    kind_text, _, detail = text.partition(":")
    kind_text = kind_text.strip().lower().replace("-", "_")
    try:
        kind = ConditionKind(kind_text)
    except ValueError:
        raise InvalidInput(
            f"unknown condition {kind_text!r}; one of: {', '.join(k.value for k in ConditionKind)}",
            code="condition_invalid",
        ) from None
    detail = detail.strip()
    if kind is ConditionKind.VALIDITY_END:
        try:
            until = date.fromisoformat(detail)
        except ValueError:
            raise InvalidInput(
                f"validity_end needs a date, e.g. validity_end:2027-12-31 (got {detail!r})",
                code="condition_invalid",
            ) from None
        return LicenceCondition(kind=kind, until=until)
    return LicenceCondition(kind=kind, text=detail or None)


def parse_conditions(texts: Iterable[str]) -> tuple[LicenceCondition, ...]:
    return tuple(parse_condition(t) for t in texts)


def describe_condition(c: LicenceCondition) -> str:
    """One human line: the kind's meaning plus its detail."""
    if c.kind is ConditionKind.VALIDITY_END and c.until is not None:
        return f"valid until {c.until.isoformat()}"
    base = CONDITION_HELP[c.kind]
    return f"{base}: {c.text}" if c.text else base
