"""Per-capability services that :class:`exportctl.engine.Engine` builds from ``Settings``.

One module per capability (lists, screening, classification, determination, intake); each
service takes typed values (list files, item specs, a transaction, a parsed document) and
returns values. Reading files from paths is the adapters' job (:mod:`exportctl.files`). A new
capability (controls, cases, batch) is a new module here and one attribute on the engine.

Cases: ``users`` (roles, the first admin), ``cases`` (the workflow with four eyes),
``records`` (recorded results, the cleared-hit memory), ``audit`` (the hash chain) and
``recording`` (``--record``: results stored with the cases they call for). Each checks the
acting user's role itself, so every adapter gets the same checks.
"""

from exportctl.services.audit import AuditService
from exportctl.services.cases import CaseService
from exportctl.services.records import RecordService, ScreeningRecord
from exportctl.services.users import SYSTEM_ACTOR, UserService

__all__ = [
    "SYSTEM_ACTOR",
    "AuditService",
    "CaseService",
    "RecordService",
    "ScreeningRecord",
    "UserService",
]
