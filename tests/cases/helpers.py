"""Users and cases for the case tests."""

from __future__ import annotations

from datetime import UTC, datetime

from exportctl.cases import OpenCase, decide
from exportctl.model.case import (
    Application,
    Case,
    CaseKind,
    HitSubject,
    Role,
    User,
)

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def user(name: str, role: Role = Role.ANALYST, enabled: bool = True) -> User:
    return User(name=name, role=role, enabled=enabled, created_at=T0, created_by="test")


ANA = user("ana")
BEA = user("bea", Role.APPROVER)
CAL = user("cal", Role.APPROVER)
VIC = user("vic", Role.VIEWER)
ADM = user("adm", Role.ADMIN)


def subject(entity_id: str = "ofac-sdn:1", entry_hash: str = "h1") -> HitSubject:
    return HitSubject(
        party_name="Machine Sazi Arak",
        party_key="machine sazi arak|IR|",
        country="IR",
        entity_id=entity_id,
        source="ofac-sdn",
        entry_name="MACHINE SAZI ARAK",
        entry_hash=entry_hash,
        entry={"names": ["MACHINE SAZI ARAK"]},
        score=0.9,
        screening_decision="match",
    )


def open_cmd(kind: CaseKind, case_id: str | None = None) -> OpenCase:
    return OpenCase(
        kind=kind,
        title=f"a {kind.value}",
        case_id=case_id,
        subject=subject() if kind is CaseKind.HIT_REVIEW else None,
        application=Application(applicant="ana", transaction="T-1")
        if kind is CaseKind.LICENCE_APPLICATION
        else None,
    )


def new_case(kind: CaseKind, case_id: str = "C-1") -> Case:
    return decide(None, open_cmd(kind, case_id), ANA, T0).case
