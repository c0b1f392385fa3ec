"""The three case kinds' state machines, as data.

A transition is ``direct`` (one user with the role moves the case, ``cases transition``),
``decision`` (four eyes: one user proposes, a different approver approves, ``cases propose``
then ``cases approve``) or ``system`` (the case memory reopens a cleared review when the list
entry changes). Nothing else moves a case; docs/cases.md is generated from these tables.

Sources for the shape (facts, not wording): the licence application's life follows the
licensing authorities' practice of receipt, review and decision with conditions (EU Dual-Use
Regulation (EU) 2021/821 Art. 12 and 16; 15 CFR 750.4 and 750.7); separating the person who
prepares a compliance decision from the one who takes it follows the internal compliance
programme guidance (Commission Recommendation (EU) 2019/1318, Annex, element 2; BIS Export
Compliance Guidelines, 2017, element 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from exportctl.model.case import CaseKind, Role

__all__ = [
    "MACHINES",
    "MACHINES_VERSION",
    "REASON_CODES",
    "How",
    "Machine",
    "StateDoc",
    "Transition",
    "machine",
]

#: Bumped whenever a table below changes; stored with every case event.
MACHINES_VERSION = "2026-12-05.1"


class How(StrEnum):
    DIRECT = "direct"
    DECISION = "decision"
    SYSTEM = "system"


@dataclass(frozen=True)
class StateDoc:
    name: str
    meaning: str


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    how: How
    role: Role  # the least role that may start it (direct) or propose it (decision)
    note: str


@dataclass(frozen=True)
class Machine:
    kind: CaseKind
    initial: str
    states: tuple[StateDoc, ...]
    terminal: frozenset[str]
    transitions: tuple[Transition, ...]

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    def find(self, source: str, target: str, how: How | None = None) -> Transition | None:
        for t in self.transitions:
            if t.source == source and t.target == target and (how is None or t.how is how):
                return t
        return None

    def decisions(self) -> tuple[str, ...]:
        """Every decision a proposal may name for this kind (the decision's target state)."""
        seen: dict[str, None] = {}
        for t in self.transitions:
            if t.how is How.DECISION:
                seen[t.target] = None
        return tuple(seen)

    def allowed_from(self, source: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == source)


def _t(source: str, target: str, how: How, role: Role, note: str) -> Transition:
    return Transition(source, target, how, role, note)


_D, _P, _S = How.DIRECT, How.DECISION, How.SYSTEM
_AN = Role.ANALYST

INVESTIGATION = Machine(
    kind=CaseKind.INVESTIGATION,
    initial="open",
    states=(
        StateDoc("open", "taken in from an alert document (intake --open-case)"),
        StateDoc("in_progress", "an analyst is working on it"),
        StateDoc("escalated", "referred to the licensing or enforcement authority"),
        StateDoc("closed", "no further action; the reason is on record"),
    ),
    terminal=frozenset({"closed"}),
    transitions=(
        _t("open", "in_progress", _D, _AN, "an analyst takes the case up"),
        _t("escalated", "in_progress", _D, _AN, "the authority answered; work goes on"),
        _t("open", "escalated", _P, _AN, "refer to the authority"),
        _t("in_progress", "escalated", _P, _AN, "refer to the authority"),
        _t("open", "closed", _P, _AN, "close without further action"),
        _t("in_progress", "closed", _P, _AN, "close with findings"),
        _t("escalated", "closed", _P, _AN, "close after the authority's answer"),
    ),
)

HIT_REVIEW = Machine(
    kind=CaseKind.HIT_REVIEW,
    initial="open",
    states=(
        StateDoc("open", "a screening reported match or review for this party and entry"),
        StateDoc("cleared", "a false positive: later screenings show it as cleared"),
        StateDoc("confirmed", "a true hit: the party is the listed one"),
    ),
    terminal=frozenset({"confirmed"}),
    transitions=(
        _t("open", "cleared", _P, _AN, "false positive, with a reason code"),
        _t("open", "confirmed", _P, _AN, "true hit, with a reason code"),
        _t("cleared", "open", _S, Role.VIEWER, "the list entry changed in a later version"),
        _t("cleared", "open", _D, _AN, "an analyst reopens the review"),
    ),
)

LICENCE_APPLICATION = Machine(
    kind=CaseKind.LICENCE_APPLICATION,
    initial="draft",
    states=(
        StateDoc("draft", "being prepared by the applicant"),
        StateDoc("submitted", "filed, with the determination computed at submission"),
        StateDoc("under_review", "the licensing officer examines it"),
        StateDoc("approved", "licence granted"),
        StateDoc("approved_with_conditions", "licence granted under structured conditions"),
        StateDoc("denied", "licence refused"),
        StateDoc("withdrawn", "the applicant withdrew it"),
    ),
    terminal=frozenset({"approved", "approved_with_conditions", "denied", "withdrawn"}),
    transitions=(
        _t("draft", "submitted", _D, _AN, "file the application"),
        _t("submitted", "under_review", _D, _AN, "the officer starts the review"),
        _t("draft", "withdrawn", _D, _AN, "withdrawn before filing"),
        _t("submitted", "withdrawn", _D, _AN, "withdrawn by the applicant"),
        _t("under_review", "withdrawn", _D, _AN, "withdrawn by the applicant"),
        _t("under_review", "approved", _P, _AN, "grant"),
        _t("under_review", "approved_with_conditions", _P, _AN, "grant with conditions"),
        _t("under_review", "denied", _P, _AN, "refuse, with the reason"),
    ),
)

MACHINES: dict[CaseKind, Machine] = {
    m.kind: m for m in (INVESTIGATION, HIT_REVIEW, LICENCE_APPLICATION)
}

#: Hit-review decisions take one of these reason codes besides the free-text reason.
REASON_CODES: dict[str, dict[str, str]] = {
    "cleared": {
        "different_entity": "the party is another person or organisation of similar name",
        "different_country": "the party's country contradicts the entry's",
        "different_birth_date": "the party's date of birth contradicts the entry's",
        "different_identifier": "a registration or document number contradicts the entry's",
        "name_similarity_only": "only generic or common words of the name agree",
        "delisted": "the entry has been removed or its designation lifted",
    },
    "confirmed": {
        "same_party": "names and identifying details agree",
        "same_identifier": "a registration or document number agrees",
        "owned_or_controlled": "the party is owned or controlled by the listed party",
    },
}


def machine(kind: CaseKind) -> Machine:
    return MACHINES[kind]
