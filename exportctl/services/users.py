"""Users and roles: who may act, and the first admin of a fresh store."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from exportctl.cases import require_role
from exportctl.errors import Conflict, InvalidInput
from exportctl.model.audit import EventDraft
from exportctl.model.case import Role, User
from exportctl.store.ports import CaseStore

__all__ = ["SYSTEM_ACTOR", "UserService"]

#: The actor of changes the library makes without a named user (trusted callers only).
SYSTEM_ACTOR = "system"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


def _now() -> datetime:
    return datetime.now(UTC)


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"unknown role {value!r}; one of: {', '.join(r.value for r in Role)}",
            code="role_unknown",
            errors={"role": value},
        ) from None


class UserService:
    """Users and roles. ``trusted_system``: whether the name ``system`` resolves (to an
    admin that is not stored); only the engine's own changes use that, never an adapter's
    user, so ``--as system`` is an unknown user."""

    def __init__(
        self,
        store: CaseStore,
        clock: Callable[[], datetime] = _now,
        *,
        trusted_system: bool = False,
    ) -> None:
        self.store = store
        self.clock = clock
        self.trusted_system = trusted_system

    def bootstrap(self, os_account: str) -> bool:
        """On a store without users, make ``os_account`` its first admin; True if it did."""
        if self.store.list_users():  # the common case, without taking the write lock
            return False
        name = os_account if _NAME.fullmatch(os_account) else "admin"
        user = User(name=name, role=Role.ADMIN, created_at=self.clock(), created_by=SYSTEM_ACTOR)
        event = EventDraft(
            actor=SYSTEM_ACTOR,
            action="user.added",
            object=name,
            reason="first user of a fresh store",
            payload={"role": Role.ADMIN.value},
        )
        return self.store.add_first_user(user, [event])

    def resolve(self, name: str) -> User:
        """The enabled user called ``name``. Raises NotFound or Forbidden (``user_disabled``)."""
        if name == SYSTEM_ACTOR and self.trusted_system:
            return User(name=SYSTEM_ACTOR, role=Role.ADMIN, created_at=self.clock(), created_by="")
        user = self.store.get_user(name)
        require_role(user, Role.VIEWER, "acting")
        return user

    def list_users(self, actor: str) -> list[User]:
        self.resolve(actor)
        return self.store.list_users()

    def add(self, actor: str, name: str, role: str) -> User:
        """Add a user (admins only). Raises InvalidInput, Conflict (``user_exists``)."""
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "adding users")
        wanted = parse_role(role)
        if not _NAME.fullmatch(name) or name == SYSTEM_ACTOR:
            raise InvalidInput(
                f"{name!r} is not a usable user name (letters, digits and . _ @ -; not "
                f"{SYSTEM_ACTOR!r})",
                code="user_name_invalid",
            )
        user = User(name=name, role=wanted, created_at=self.clock(), created_by=who.name)
        event = EventDraft(
            actor=who.name, action="user.added", object=name, payload={"role": wanted.value}
        )
        self.store.add_user(user, [event])
        return user

    def set_role(self, actor: str, name: str, role: str, reason: str | None = None) -> User:
        """Change a user's role (admins only); the last enabled admin keeps the admin role."""
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "changing roles")
        wanted = parse_role(role)
        user = self.store.get_user(name)
        if user.role is wanted:
            return user
        self._keep_an_admin(user)
        new = user.model_copy(update={"role": wanted})
        event = EventDraft(
            actor=who.name,
            action="user.role_changed",
            object=name,
            reason=reason,
            payload={"from": user.role.value, "to": wanted.value},
        )
        self.store.update_user(new, [event])
        return new

    def _keep_an_admin(self, user: User) -> None:
        admins = [u for u in self.store.list_users() if u.enabled and u.role is Role.ADMIN]
        if user.enabled and user.role is Role.ADMIN and len(admins) <= 1:
            raise Conflict(f"{user.name!r} is the last enabled admin", code="last_admin")

    def disable(self, actor: str, name: str, reason: str | None = None) -> User:
        """Disable a user (admins only); the last enabled admin stays."""
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "disabling users")
        user = self.store.get_user(name)
        if not user.enabled:
            return user
        self._keep_an_admin(user)
        new = user.model_copy(update={"enabled": False})
        event = EventDraft(
            actor=who.name, action="user.disabled", object=name, reason=reason, payload={}
        )
        self.store.update_user(new, [event])
        return new
