"""``/users`` and ``/keys`` (admin): users, roles, passwords and API keys.

The CLI's ``users add|list|disable|role|password`` and ``keys create|list|revoke``, with the
library's checks (the last enabled admin stays, a key is shown once).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.state import ApiState, get_state
from exportctl.model.case import ApiKeyInfo, IssuedKey, Role, User

__all__ = ["keys_router", "router"]

router = APIRouter(prefix="/users", tags=["users"])
keys_router = APIRouter(prefix="/keys", tags=["users"])

Admin = Annotated[User, Depends(requires(Role.ADMIN))]
State = Annotated[ApiState, Depends(get_state)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AddUser(_Body):
    name: str = Field(min_length=1, max_length=100)
    role: Role = Role.VIEWER


class RoleBody(_Body):
    role: Role
    reason: str | None = None


class ReasonBody(_Body):
    reason: str | None = None


class PasswordBody(_Body):
    password: str = Field(description="At least 12 characters; stored as an scrypt hash.")


@router.get("", response_model=list[User])
def list_users(state: State, user: Admin) -> list[User]:
    """Every user with role and status (``users list``)."""
    return state.engine.users.list_users(user.name)


@router.post("", response_model=User, status_code=201)
def add(body: AddUser, state: State, user: Admin) -> User:
    """Add a user (``users add NAME --role ROLE``)."""
    return state.engine.users.add(user.name, body.name, body.role.value)


@router.post("/{name}/disable", response_model=User)
def disable(name: str, body: ReasonBody, state: State, user: Admin) -> User:
    """Disable a user; its keys stop working (``users disable``). The last admin stays."""
    return state.engine.users.disable(user.name, name, body.reason)


@router.post("/{name}/role", response_model=User)
def set_role(name: str, body: RoleBody, state: State, user: Admin) -> User:
    """Change a user's role (``users role``). The last enabled admin stays admin."""
    return state.engine.users.set_role(user.name, name, body.role.value, body.reason)


@router.post("/{name}/password", response_model=User)
def set_password(name: str, body: PasswordBody, state: State, user: Admin) -> User:
    """Set a user's password for the web login (``users password``); never echoed."""
    return state.engine.users.set_password(user.name, name, body.password)


@router.post("/{name}/keys", response_model=IssuedKey, status_code=201)
def create_key(name: str, state: State, user: Admin) -> IssuedKey:
    """A new API key for the user (``keys create --user NAME``): the key is in this answer
    only, and stored as a hash."""
    return state.engine.users.create_key(user.name, name)


@router.get("/{name}/keys", response_model=list[ApiKeyInfo])
def list_user_keys(name: str, state: State, user: Admin) -> list[ApiKeyInfo]:
    """The user's keys, revoked ones included (``keys list --user``); never the keys."""
    return state.engine.users.list_keys(user.name, name)


@keys_router.get("", response_model=list[ApiKeyInfo])
def list_keys(state: State, user: Admin) -> list[ApiKeyInfo]:
    """Every API key (``keys list``); never the keys themselves."""
    return state.engine.users.list_keys(user.name)


@keys_router.delete("/{key_id}", response_model=ApiKeyInfo)
def revoke(key_id: str, state: State, user: Admin, reason: str | None = None) -> ApiKeyInfo:
    """Revoke a key (``keys revoke``); it stops working within the key cache's 5 s."""
    return state.engine.users.revoke_key(user.name, key_id, reason)
