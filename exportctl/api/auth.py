"""Who is calling: an API key (``Authorization: Bearer <key>``, or yente clients' ``ApiKey <key>``)
resolved to a user, and the role each route needs.

Every route but the service probes declares its minimum role with ``Depends(requires(ROLE))``;
the role-matrix test walks the route table for these, so a route without one fails it. Writes
are checked again in the library (the acting user is passed on), as for the CLI.

A resolved key is remembered for a few seconds (:mod:`exportctl.api.keys`), so ``/screen``
does not touch the store. Keys are never logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from exportctl.api.state import ApiState, get_state
from exportctl.errors import Forbidden, Unauthenticated
from exportctl.model.case import Role, User

__all__ = ["RoleCheck", "bearer_key", "requires"]

_SCHEMES = ("bearer", "apikey")


def bearer_key(request: Request) -> str:
    """The key from the Authorization header; Unauthenticated when there is none."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not value.strip():
        raise Unauthenticated(
            "an API key is required: send 'Authorization: Bearer <key>' "
            "(create one with `exportctl keys create --user NAME`)"
        )
    return value.strip()


class RoleCheck:
    """A dependency that authenticates the caller and requires ``role`` or above."""

    def __init__(self, role: Role) -> None:
        self.role = role

    def __call__(self, request: Request, state: Annotated[ApiState, Depends(get_state)]) -> User:
        user = state.keys.user(bearer_key(request))
        if not user.role.at_least(self.role):
            raise Forbidden(
                f"user {user.name!r} ({user.role.value}) may not do this: "
                f"it needs the {self.role.value} role",
                code="role_required",
            )
        request.state.user = user
        return user


def requires(role: Role) -> RoleCheck:
    """The dependency of a route that needs ``role`` (viewer < analyst < approver < admin)."""
    return RoleCheck(role)
