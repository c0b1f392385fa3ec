"""Users and roles: who may act, the first admin of a fresh store, and credentials.

Credentials say who is calling, for adapters that cannot trust their caller's word (the HTTP
API, the web interface): API keys (``create_key``, ``authenticate_key``) and passwords
(``set_password``, ``authenticate_password``). Both authenticate calls raise
:class:`exportctl.errors.Unauthenticated` with one message for every reason, so a caller
learns nothing about which user names or keys exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from exportctl.cases import credentials, require_role
from exportctl.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from exportctl.model.audit import EventDraft
from exportctl.model.case import ApiKeyInfo, IssuedKey, Role, User
from exportctl.store.ports import CaseStore

__all__ = ["SYSTEM_ACTOR", "UserService"]

#: The actor of changes the library makes without a named user (trusted callers only).
SYSTEM_ACTOR = "system"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
_BAD_KEY = "the API key is not valid"
_BAD_LOGIN = "unknown user or wrong password"
# last_used_at is rewritten at most this often per key, so a busy API client does not turn
# every request into a database write.
_TOUCH_EVERY = timedelta(minutes=1)


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

    # -- API keys ---------------------------------------------------------------------------

    def create_key(self, actor: str, user: str) -> IssuedKey:
        """A new API key for ``user`` (admins only); the token is in the result only.

        Raises NotFound (``user_not_found``), Forbidden (``user_disabled``) for a disabled user.
        """
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "creating API keys")
        owner = self.store.get_user(user)
        require_role(owner, Role.VIEWER, "holding an API key")  # enabled
        made = credentials.new_key()
        info = ApiKeyInfo(
            key_id=made.key_id, user=owner.name, created_at=self.clock(), created_by=who.name
        )
        event = EventDraft(
            actor=who.name,
            action="key.created",
            object=made.key_id,
            payload={"key_id": made.key_id, "user": owner.name},
        )
        self.store.add_api_key(info, made.secret_sha256, [event])
        return IssuedKey(
            key_id=made.key_id, key=made.token, user=owner.name, created_at=info.created_at
        )

    def list_keys(self, actor: str, user: str | None = None) -> list[ApiKeyInfo]:
        """API keys, all or one user's, revoked ones included (admins only)."""
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "listing API keys")
        if user is not None:
            self.store.get_user(user)  # NotFound for a misspelt name, not an empty list
        return self.store.list_api_keys(user)

    def revoke_key(self, actor: str, key_id: str, reason: str | None = None) -> ApiKeyInfo:
        """Revoke a key (admins only); it stops working at once. Revoking twice changes
        nothing. Raises NotFound (``key_not_found``)."""
        who = self.resolve(actor)
        require_role(who, Role.ADMIN, "revoking API keys")
        info, _ = self.store.get_api_key(key_id)
        if info.revoked_at is not None:
            return info
        event = EventDraft(
            actor=who.name,
            action="key.revoked",
            object=key_id,
            reason=reason,
            payload={"key_id": key_id, "user": info.user},
        )
        return self.store.revoke_api_key(key_id, self.clock(), [event])

    def authenticate_key(self, token: str) -> User:
        """The enabled user an API key belongs to. Raises Unauthenticated for a malformed,
        unknown or revoked key and for a disabled user, all with the same message."""
        parsed = credentials.parse_key(token)
        if parsed is None:
            raise Unauthenticated(_BAD_KEY)
        try:
            info, digest = self.store.get_api_key(parsed.key_id)
            user = self.store.get_user(info.user)
        except NotFound:
            raise Unauthenticated(_BAD_KEY) from None
        valid = credentials.verify_secret(parsed.secret, digest)
        if not valid or info.revoked_at is not None or not user.enabled:
            raise Unauthenticated(_BAD_KEY)
        now = self.clock()
        if info.last_used_at is None or now - info.last_used_at >= _TOUCH_EVERY:
            self.store.touch_api_key(info.key_id, now)
        return user

    # -- passwords --------------------------------------------------------------------------

    def set_password(self, actor: str, name: str, password: str) -> User:
        """Set ``name``'s password: an admin for anyone, every user for itself.

        Raises InvalidInput (``password_too_short``), Forbidden, NotFound. The audit event
        ``user.password_set`` records who set it, never the password or its hash.
        """
        who = self.resolve(actor)
        if who.name != name:
            require_role(who, Role.ADMIN, "setting another user's password")
        user = self.store.get_user(name)
        credentials.check_password_policy(password)
        event = EventDraft(
            actor=who.name,
            action="user.password_set",
            object=name,
            payload={"by_self": who.name == name},
        )
        self.store.set_password_hash(name, credentials.hash_password(password), [event])
        return user

    def authenticate_password(self, name: str, password: str) -> User:
        """The enabled user ``name`` if ``password`` is its password. Raises Unauthenticated,
        with one message, for an unknown user, no password set, a wrong password and a
        disabled user; every path runs one scrypt, so timing does not tell them apart."""
        try:
            user = self.store.get_user(name)
            stored = self.store.get_password_hash(name)
        except NotFound:
            user, stored = None, None
        if stored is None:
            credentials.dummy_password_check(password)
            raise Unauthenticated(_BAD_LOGIN)
        if not credentials.verify_password(password, stored) or user is None or not user.enabled:
            raise Unauthenticated(_BAD_LOGIN)
        return user
