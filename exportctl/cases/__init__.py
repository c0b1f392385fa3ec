"""Cases, the four-eyes rule, the cleared-hit memory and the audit chain (pure domain).

States and transitions are data (:mod:`exportctl.cases.states`); :func:`decide` applies one
command to one case and returns the new case with its events; the store commits both.
"""

from exportctl.cases import credentials
from exportctl.cases.audit import VerifyReport, verify_chain
from exportctl.cases.conditions import describe_condition, parse_conditions
from exportctl.cases.memory import entry_diff, memory_of, party_key, review_key
from exportctl.cases.states import MACHINES, MACHINES_VERSION, REASON_CODES, How, machine
from exportctl.cases.workflow import (
    NEW_CASE_ID,
    AddComment,
    AddLink,
    Approve,
    Assign,
    Command,
    Decided,
    OpenCase,
    Propose,
    Reject,
    Reopen,
    Transition,
    decide,
    require_role,
)

__all__ = [
    "MACHINES",
    "MACHINES_VERSION",
    "NEW_CASE_ID",
    "REASON_CODES",
    "AddComment",
    "AddLink",
    "Approve",
    "Assign",
    "Command",
    "Decided",
    "How",
    "OpenCase",
    "Propose",
    "Reject",
    "Reopen",
    "Transition",
    "VerifyReport",
    "credentials",
    "decide",
    "describe_condition",
    "entry_diff",
    "machine",
    "memory_of",
    "parse_conditions",
    "party_key",
    "require_role",
    "review_key",
    "verify_chain",
]
